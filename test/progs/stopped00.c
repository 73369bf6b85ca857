// SPDX-License-Identifier: GPL-2.0
/*
 * stopped00 OUT: stopped tasks come back stopped, and continue when told.
 * Run as a CT's init. It forks A and B, each in a process group of its own
 * (so that a job-control stop reaches them) and each spinning over a
 * pattern in its memory; B spins in two threads. It appends "ready A B"
 * (their pids) to OUT, then waits for A's stops and continues
 * (WUNTRACED|WCONTINUED), appending "A stopped SIG" and "A continued". On
 * SIGUSR1 it asks for B's stop without waiting (WUNTRACED|WNOHANG) and
 * appends "B report stopped SIG" or "B report none": the stop its parent
 * had not taken before the dump must still be there to take after the
 * restore. A and B, on each SIGCONT, check their memory and append
 * "PASS stopped00 A" (or B, with both its threads alive), or "FAIL
 * stopped00 X: why".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#define LEN	(1 << 20)

static int out = -1;
static char who = '?';
static unsigned char *mem;
static volatile sig_atomic_t continued, report;
static volatile unsigned long spins[2];

static void say(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(out, buf, (size_t)n) != n)
		_exit(3);
}

static void on_signal(int sig)
{
	if (sig == SIGCONT)
		continued = 1;
	else
		report = 1;
}

static int threads(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void *spin(void *arg)
{
	unsigned long i = (unsigned long)arg;

	for (;;)
		spins[i]++;
	return NULL;
}

static void child(char name)
{
	size_t i;
	pthread_t t;

	who = name;
	if (setpgid(0, 0))
		_exit(4);
	mem = malloc(LEN);
	if (!mem)
		_exit(4);
	for (i = 0; i < LEN; i++)
		mem[i] = (unsigned char)(i * 13 + name);
	if (name == 'B' && pthread_create(&t, NULL, spin, (void *)1UL))
		_exit(4);
	for (;;) {
		spins[0]++;
		if (!continued)
			continue;
		continued = 0;
		for (i = 0; i < LEN; i++)
			if (mem[i] != (unsigned char)(i * 13 + name)) {
				say("FAIL stopped00 %c: its memory changed at %zu\n", name, i);
				_exit(1);
			}
		if (name == 'B' && threads() != 2) {
			say("FAIL stopped00 B: %d threads, not 2\n", threads());
			_exit(1);
		}
		say("PASS stopped00 %c\n", name);
	}
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };
	pid_t a, b;
	int st;

	if (argc != 2)
		return 2;
	out = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (out < 0 || sigaction(SIGCONT, &sa, NULL) || sigaction(SIGUSR1, &sa, NULL))
		return 2;
	a = fork();
	if (!a)
		child('A');
	b = fork();
	if (!b)
		child('B');
	if (a < 0 || b < 0)
		return 2;
	say("ready %d %d\n", a, b);
	for (;;) {
		pid_t r = waitpid(a, &st, WUNTRACED | WCONTINUED);

		if (r == a && WIFSTOPPED(st))
			say("A stopped %d\n", WSTOPSIG(st));
		else if (r == a && WIFCONTINUED(st))
			say("A continued\n");
		else if (r < 0 && errno != EINTR)
			break;
		if (report) {
			report = 0;
			r = waitpid(b, &st, WUNTRACED | WNOHANG);
			if (r == b && WIFSTOPPED(st))
				say("B report stopped %d\n", WSTOPSIG(st));
			else
				say("B report none\n");
		}
	}
	say("FAIL stopped00 init: A is gone\n");
	for (;;)
		pause();
}
