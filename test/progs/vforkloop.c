// SPDX-License-Identifier: GPL-2.0
/*
 * vforkloop DIR: a shell's way of running commands, without pause. It vforks; the child
 * stays 20 ms before its exec (of this program, which exits 7 at once), so the CT is caught
 * with a vfork child in most of its instants. Every child must end with 7. It prints
 * "ready PID" after its first 20 children and "done N" every 100, and on SIGTERM
 * "PASS vforkloop N" (N children in all) or "FAIL vforkloop: why".
 *
 * test/cases/35-ct-task-state.sh checkpoints the CT under it: each freeze must pass over
 * the vfork children (they are moments from their exec) rather than make the dump refuse.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CHILD_EXIT	7
#define CHILD_SPIN_NS	20000000LL

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* One write per line: the output file is appended to from a restored task too. */
static __attribute__((format(printf, 1, 2))) void say(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (len < 0 || len >= (int)sizeof(buf) || write(1, buf, (size_t)len) != len)
		_exit(3);
}

/* The child never returns from here: it execs or exits, as a vfork child must. */
static __attribute__((noinline)) pid_t spawn(char *self)
{
	char *child_argv[] = { self, "-exit", NULL };
	long long until = now_ns() + CHILD_SPIN_NS;
	pid_t pid = vfork();

	if (!pid) {
		/* Only calls a vfork child may make: the vDSO's clock, then execve. */
		while (now_ns() < until)
			;
		execve("/proc/self/exe", child_argv, NULL);
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	long n = 0;

	if (argc == 2 && !strcmp(argv[1], "-exit"))
		_exit(CHILD_EXIT);
	if (argc != 2 || chdir(argv[1]) < 0) {
		fprintf(stderr, "usage: vforkloop DIR\n");
		return 2;
	}
	/* Not SA_RESTART: a waitpid() interrupted is simply repeated. */
	if (sigaction(SIGTERM, &sa, NULL) < 0) {
		say("FAIL vforkloop: sigaction: %s\n", strerror(errno));
		return 1;
	}
	while (!stop) {
		pid_t pid = spawn(argv[0]), got;
		int st;

		if (pid < 0) {
			say("FAIL vforkloop: vfork after %ld children: %s\n", n, strerror(errno));
			return 1;
		}
		while ((got = waitpid(pid, &st, 0)) < 0 && errno == EINTR)
			;
		if (got != pid) {
			say("FAIL vforkloop: waitpid after %ld children: %s\n", n, strerror(errno));
			return 1;
		}
		if (!WIFEXITED(st) || WEXITSTATUS(st) != CHILD_EXIT) {
			say("FAIL vforkloop: child %ld ended with status 0x%x, not exit %d\n",
			    n, st, CHILD_EXIT);
			return 1;
		}
		n++;
		if (n == 20)
			say("ready %d\n", (int)getpid());
		if (n % 100 == 0)
			say("done %ld\n", n);
	}
	say("PASS vforkloop %ld\n", n);
	return 0;
}
