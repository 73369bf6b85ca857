// SPDX-License-Identifier: GPL-2.0
/*
 * timerslack00: a task's timer slack (PR_SET_TIMERSLACK), which rounds its timers' expiry.
 * The parent sets 2 ms 345 us 678 ns; a thread of its own 1 ms; a child 90 us, and the
 * child's thread keeps the default it inherited at creation (the child's, 90 us).
 * After the restore each reads back its own, and /proc/PID/timerslack_ns agrees.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/prctl.h>

static void check(unsigned long want, const char *who)
{
	long got = prctl(PR_GET_TIMERSLACK);

	zt_check(got == (long)want, "%s: the timer slack is %ld ns, not %lu", who, got, want);
}

static void check_proc(unsigned long want, const char *who)
{
	char buf[32] = "";
	int fd = zt_syscall(open("/proc/self/timerslack_ns", O_RDONLY)), n;

	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	zt_check(n > 0 && strtoul(buf, NULL, 10) == want, "%s: /proc says %s", who, buf);
}

static void *thread(void *arg)
{
	unsigned long slack = (unsigned long)arg;

	if (slack)
		zt_syscall(prctl(PR_SET_TIMERSLACK, slack));
	else
		slack = (unsigned long)prctl(PR_GET_TIMERSLACK);
	while (!zt_stopped())
		pause();
	check(slack, "a thread");
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static pthread_t spawn(unsigned long slack)
{
	sigset_t term;
	pthread_t t;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	zt_check(!pthread_create(&t, NULL, thread, (void *)slack), "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	return t;
}

static void join(pthread_t t)
{
	zt_check(!pthread_kill(t, SIGUSR1), "pthread_kill");
	zt_check(!pthread_join(t, NULL), "pthread_join");
}

int main(int argc, char **argv)
{
	int ready[2];
	pthread_t t;
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 }, NULL));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_syscall(prctl(PR_SET_TIMERSLACK, 90000UL));
		t = spawn(0);
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		check(90000, "the child");
		check_proc(90000, "the child");
		join(t);
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_syscall(prctl(PR_SET_TIMERSLACK, 2345678UL));
	t = spawn(1000000);
	zt_ready();
	zt_wait();
	check(2345678, "the parent");
	check_proc(2345678, "the parent");
	join(t);
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
