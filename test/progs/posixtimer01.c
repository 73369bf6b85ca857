// SPDX-License-Identifier: GPL-2.0
/*
 * posixtimer01 MODE: a POSIX timer the image cannot carry yet, held until killed
 * (test 45 checks the dump refuses it, naming the task and the timer):
 *   othercpu an interval timer on another process's CPU-time clock (a child that spins),
 *            fired, its signal queued and blocked: the taking of its signal would arm it
 *            again on that process's clock
 *   mixed    a timer's signal queued, and the same signal queued by sigqueue() after it
 *            (the restore would put the timer's after the other)
 *   ignored  a timer's signal queued while blocked and ignored (SIG_IGN)
 *   tai      a timer on CLOCK_TAI
 *   cpusleep a clock_nanosleep() of an hour on another process's CPU-time clock (a child
 *            that spins)
 * Prints "ready" once the state is set up.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pid_t main_tid;

/* "ready" once the main thread sleeps (its /proc state is S). */
static void *say_asleep(void *arg)
{
	char path[64], buf[256], *p;
	ssize_t n;
	int fd;

	(void)arg;
	snprintf(path, sizeof(path), "/proc/self/task/%d/stat", main_tid);
	for (;;) {
		fd = open(path, O_RDONLY);
		n = fd < 0 ? -1 : read(fd, buf, sizeof(buf) - 1);
		if (fd >= 0)
			close(fd);
		if (n <= 0)
			exit(1);
		buf[n] = 0;
		p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'S')
			break;
		usleep(10000);
	}
	printf("ready\n");
	fflush(stdout);
	return NULL;
}

/* The CPU-time clock of a child that spins; 0 if there is none. */
static int spinner_clock(clockid_t *clock)
{
	volatile unsigned long spin = 0;
	pid_t child = fork();

	if (child < 0)
		return 0;
	if (!child)
		for (;;)
			spin++;
	return !clock_getcpuclockid(child, clock);
}

static int cpusleep(void)
{
	struct timespec hour = { .tv_sec = 3600 };
	clockid_t clock;
	pthread_t t;

	if (!spinner_clock(&clock))
		return 1;
	main_tid = getpid();
	if (pthread_create(&t, NULL, say_asleep, NULL))
		return 1;
	for (;;)
		clock_nanosleep(clock, 0, &hour, NULL);
}

int main(int argc, char **argv)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	struct itimerspec its = { .it_value = { 0, 1000000 } };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	clockid_t clock = CLOCK_MONOTONIC;
	union sigval v = { .sival_int = 1 };
	sigset_t set;
	timer_t t;

	if (argc < 2)
		return 2;
	if (!strcmp(argv[1], "cpusleep"))
		return cpusleep();
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return 1;
	if (!strcmp(argv[1], "tai")) {
		clock = CLOCK_TAI;
		its.it_value.tv_sec = 3600;
	} else if (!strcmp(argv[1], "othercpu")) {
		if (!spinner_clock(&clock))
			return 1;
		its.it_interval.tv_nsec = 1000000;
	} else if (!strcmp(argv[1], "ignored") && sigaction(SIGRTMIN, &ign, NULL)) {
		/* Before it fires: setting SIG_IGN discards what is queued. */
		perror("sigaction");
		return 1;
	}
	if (timer_create(clock, &sev, &t) || timer_settime(t, 0, &its, NULL)) {
		perror("timer");
		return 1;
	}
	if (clock != CLOCK_TAI)
		while (sigpending(&set) == 0 && !sigismember(&set, SIGRTMIN))
			usleep(1000);
	if (!strcmp(argv[1], "mixed") && sigqueue(getpid(), SIGRTMIN, v)) {
		perror("sigqueue");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
