// SPDX-License-Identifier: GPL-2.0
/*
 * blocked: one process per system call, each blocked in it when the
 * container is checkpointed, each reporting how the call ended:
 *   pause    woken by SIGUSR1 (sent by the test after restore)
 *   nanosleep, poll, select  SECS-second timeouts: must not end early
 *   read     on a pipe another process writes to after SECS seconds
 *   wait4    on a child that exits with status 7 after SECS seconds
 * Each prints "<call> ok ..." or "<call> FAILED ...".
 * Usage: blocked SECS
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static volatile sig_atomic_t got;

static void on_usr1(int sig)
{
	got = sig;
}

static void report(const char *call, int good, double t0, double secs)
{
	double el = now() - t0;

	printf("%s %s after %.2fs (wanted >= %.2fs)\n", call,
	       good && el >= secs - 0.01 ? "ok" : "FAILED", el, secs);
	fflush(stdout);
}

int main(int argc, char **argv)
{
	double secs = argc > 1 ? atof(argv[1]) : 5, t0 = now();
	struct timespec ts = { (time_t)secs, (long)((secs - (time_t)secs) * 1e9) };
	int p[2], st;
	pid_t c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (fork() == 0) {		/* pause */
		signal(SIGUSR1, on_usr1);
		printf("pause-pid %d\n", getpid());
		pause();
		printf("pause %s (signal %d)\n", got == SIGUSR1 ? "ok" : "FAILED", (int)got);
		return 0;
	}
	if (fork() == 0) {		/* nanosleep */
		int r = nanosleep(&ts, NULL);

		report("nanosleep", r == 0, t0, secs);
		return 0;
	}
	if (fork() == 0) {		/* poll with a timeout, nothing to read */
		struct pollfd pf;
		int q[2];

		if (pipe(q))
			return 1;
		pf.fd = q[0];
		pf.events = POLLIN;
		report("poll", poll(&pf, 1, (int)(secs * 1000)) == 0, t0, secs);
		return 0;
	}
	if (fork() == 0) {		/* select with a timeout */
		struct timeval tv = { (time_t)secs, 0 };
		fd_set r;
		int q[2];

		if (pipe(q))
			return 1;
		FD_ZERO(&r);
		FD_SET(q[0], &r);
		report("select", select(q[0] + 1, &r, NULL, NULL, &tv) == 0, t0, (time_t)secs);
		return 0;
	}
	if (pipe(p))
		return 1;
	if (fork() == 0) {		/* read on a pipe */
		char buf[16] = { 0 };
		ssize_t n;

		close(p[1]);
		n = read(p[0], buf, sizeof(buf) - 1);
		report("read", n == 5 && !strcmp(buf, "hello"), t0, secs);
		return 0;
	}
	close(p[0]);
	if (fork() == 0) {		/* the writer for read */
		nanosleep(&ts, NULL);
		return write(p[1], "hello", 5) != 5;
	}
	close(p[1]);
	c = fork();
	if (c == 0) {			/* the child wait4 waits for */
		nanosleep(&ts, NULL);
		return 7;
	}
	if (wait4(c, &st, 0, NULL) != c)
		printf("wait4 FAILED: %s\n", strerror(errno));
	else
		report("wait4", WIFEXITED(st) && WEXITSTATUS(st) == 7, t0, secs);
	for (;;)
		pause();
}
