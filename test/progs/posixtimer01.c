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
 * Prints "ready" once the state is set up.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN };
	struct itimerspec its = { .it_value = { 0, 1000000 } };
	struct sigaction ign = { .sa_handler = SIG_IGN };
	clockid_t clock = CLOCK_MONOTONIC;
	union sigval v = { .sival_int = 1 };
	volatile unsigned long spin = 0;
	sigset_t set;
	timer_t t;

	if (argc < 2)
		return 2;
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		return 1;
	if (!strcmp(argv[1], "tai")) {
		clock = CLOCK_TAI;
		its.it_value.tv_sec = 3600;
	} else if (!strcmp(argv[1], "othercpu")) {
		pid_t child = fork();

		if (child < 0)
			return 1;
		if (!child)
			for (;;)
				spin++;
		if (clock_getcpuclockid(child, &clock))
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
