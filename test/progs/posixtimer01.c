// SPDX-License-Identifier: GPL-2.0
/*
 * posixtimer01 MODE: a POSIX timer the image cannot carry yet, held until killed
 * (test 45 checks the dump refuses it, naming the task and the timer):
 *   pending  a timer whose signal is queued and blocked (its rearm waits for the signal)
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
	clockid_t clock = CLOCK_MONOTONIC;
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
	}
	if (timer_create(clock, &sev, &t) || timer_settime(t, 0, &its, NULL)) {
		perror("timer");
		return 1;
	}
	if (clock == CLOCK_MONOTONIC) {
		while (sigpending(&set) == 0 && !sigismember(&set, SIGRTMIN))
			usleep(1000);
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
