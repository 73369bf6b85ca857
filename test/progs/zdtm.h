/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The protocol of the catalog's self-checking programs (test/cases/41-ct-catalog.sh),
 * after CRIU's zdtm: a program that includes this header is in the catalog, is built
 * static and runs in a CT as "NAME DIR" with DIR its own directory (its cwd) and its
 * output appended to DIR/out.
 *
 *   zt_init(argc, argv);   name, dir, the SIGTERM that ends the wait
 *   ...set the state up...
 *   zt_ready();            "ready": the runner checkpoints the CT after every program said it
 *   zt_wait();             until SIGTERM (the runner sends it after the restore)
 *   ...check the state...  zt_fail("why") or zt_check(cond, "why") print "FAIL NAME: why", exit 1
 *   zt_pass();             "PASS NAME", exit 0
 *
 * The runner checkpoints the programs several times before the SIGTERM (5 cycles in a
 * row) and restores one image twice (a snapshot taken with --resume, verified live, then
 * restored), so the state must stay checkable until the end: set it up once, check it
 * once. A program that forks checks its children's verdicts (zt_reap) and prints the
 * one PASS. zt_stopped() serves a program that waits in a call of its own.
 */
#ifndef ZDTM_H
#define ZDTM_H

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

static const char *zt_name = "?";
static const char *zt_dir = ".";
static volatile sig_atomic_t zt_stop;

static inline void zt_on_term(int sig)
{
	(void)sig;
	zt_stop = 1;
}

/* One write per line, so the lines of several tasks sharing DIR/out never mix. */
static inline __attribute__((format(printf, 1, 2))) void zt_say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		_exit(3);
	if ((size_t)n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(1, buf, (size_t)n) != n)
		_exit(3);
}

static inline __attribute__((noreturn, format(printf, 1, 2))) void zt_fail(const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	zt_say("FAIL %s: %s", zt_name, why);
	exit(1);
}

/* zt_check(cond, fmt, ...): fails with the message unless cond holds. */
#define zt_check(cond, ...) do { if (!(cond)) zt_fail(__VA_ARGS__); } while (0)

/*
 * Whether a timer read between @before and @after (on the clock its @due time is on)
 * has @left within @tol of that due time: bracketing the read keeps a program
 * preempted between its calls (dozens wake at once after a restore on a loaded
 * guest) from failing a timer that is right.
 */
static inline int zt_due_within(long long left, long long due, long long before,
				long long after, long long tol)
{
	return left >= due - after - tol && left <= due - before + tol;
}

/* The errno of a failed call, in zt_fail's message. */
#define zt_syscall(call) ({ long __r = (long)(call);			\
	if (__r < 0)							\
		zt_fail("%s: %s", #call, strerror(errno));		\
	__r; })

/* The next signal @sig (blocked), within @ms; si_signo 0 if none came. */
static inline siginfo_t zt_take_signal(int sig, long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
	siginfo_t si = { 0 };
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	while (sigtimedwait(&set, &si, &ts) < 0 && errno == EINTR)
		;
	return si;
}

static inline void zt_init(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = zt_on_term };
	static char name[64];
	const char *slash = strrchr(argv[0], '/');
	char *dot;

	/* NAME.static, as built, is the program NAME. */
	snprintf(name, sizeof(name), "%s", slash ? slash + 1 : argv[0]);
	dot = strstr(name, ".static");
	if (dot)
		*dot = 0;
	zt_name = name;
	if (argc < 2) {
		fprintf(stderr, "usage: %s DIR\n", zt_name);
		exit(2);
	}
	zt_dir = argv[1];
	if (chdir(zt_dir) < 0)
		zt_fail("chdir %s: %s", zt_dir, strerror(errno));
	/* No SA_RESTART: the wait ends in EINTR, as zdtm's does. */
	if (sigaction(SIGTERM, &sa, NULL) < 0)
		zt_fail("sigaction: %s", strerror(errno));
	setvbuf(stdout, NULL, _IONBF, 0);
}

static inline int zt_stopped(void)
{
	return zt_stop;
}

static inline void zt_ready(void)
{
	zt_say("ready");
}

static inline void zt_wait(void)
{
	while (!zt_stop)
		pause();
}

static inline __attribute__((noreturn)) void zt_pass(void)
{
	zt_say("PASS %s", zt_name);
	exit(0);
}

/* Waits for child @pid and fails unless it exited 0 (its own FAIL line says why). */
static inline void zt_reap(pid_t pid, const char *what)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			zt_fail("waitpid %s: %s", what, strerror(errno));
	zt_check(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s ended with status 0x%x", what, st);
}

#endif
