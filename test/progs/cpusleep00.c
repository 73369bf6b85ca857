// SPDX-License-Identifier: GPL-2.0
/*
 * cpusleep00: a thread asleep across the restore in a relative clock_nanosleep() of an hour
 * on its process's CPU-time clock (CLOCK_PROCESS_CPUTIME_ID); the main thread then burns
 * 2 s of CPU, so that the sleep has less than its hour left at the dump. After the restore
 * the main thread wakes it with SIGUSR1. It must have been asleep still (EINTR: its time
 * left was not lost), with its hour less the CPU the process used since it fell asleep left:
 * the burn, and less than LATE_NS more (what the process used after it, the restores'
 * own work among it). A sleep restarted with its whole hour would have 2 s more left.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define HOUR_NS		3600000000000LL
#define BURN_NS		2000000000LL
#define LATE_NS		1500000000LL
#define EARLY_NS	50000000LL

static long long cpu_ns(void)
{
	struct timespec ts;

	zt_syscall(clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts));
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static _Atomic pid_t sleeper_tid;
static long long start_cpu;
static struct timespec left;
static int result = -1;

static void on_usr1(int sig)
{
	(void)sig;
}

static void *sleeper(void *arg)
{
	struct timespec hour = { .tv_sec = HOUR_NS / 1000000000LL };
	sigset_t term;

	(void)arg;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	start_cpu = cpu_ns();
	atomic_store(&sleeper_tid, (pid_t)syscall(SYS_gettid));
	result = clock_nanosleep(CLOCK_PROCESS_CPUTIME_ID, 0, &hour, &left);
	return NULL;
}

/* Whether thread @tid sleeps (its /proc state is S). */
static int sleeping(pid_t tid)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", tid);
	fd = zt_syscall(open(path, O_RDONLY));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	zt_check(n > 0, "read %s: %s", path, strerror(errno));
	buf[n] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' && p[2] == 'S';
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	long long burnt, want, rem;
	volatile unsigned long spin = 0;
	pthread_t t;
	int i, err;

	zt_init(argc, argv);
	zt_syscall(sigaction(SIGUSR1, &sa, NULL));
	err = pthread_create(&t, NULL, sleeper, NULL);
	zt_check(!err, "pthread_create: %s", strerror(err));
	for (i = 0; i < 1000 && !(atomic_load(&sleeper_tid) && sleeping(atomic_load(&sleeper_tid))); i++)
		usleep(10000);
	zt_check(i < 1000, "the sleeper did not fall asleep");
	while (cpu_ns() < start_cpu + BURN_NS)
		for (i = 0; i < 100000; i++)
			spin++;
	burnt = cpu_ns() - start_cpu;
	zt_say("slept on its CPU clock while %lld ms of it went", burnt / 1000000);
	zt_ready();
	zt_wait();
	zt_check(!pthread_kill(t, SIGUSR1), "pthread_kill");
	zt_check(!pthread_join(t, NULL), "pthread_join");
	zt_check(result == EINTR, "the sleep ended with %d, not EINTR: its time left was lost",
		 result);
	rem = left.tv_sec * 1000000000LL + left.tv_nsec;
	want = HOUR_NS - burnt;
	zt_check(rem <= want + EARLY_NS,
		 "the sleep has %lld ms left, more than its hour less the %lld ms burnt (%lld ms): restarted whole?",
		 rem / 1000000, burnt / 1000000, want / 1000000);
	zt_check(rem >= want - LATE_NS,
		 "the sleep has %lld ms left, %lld ms less than its hour less the %lld ms burnt",
		 rem / 1000000, (want - rem) / 1000000, burnt / 1000000);
	zt_pass();
}
