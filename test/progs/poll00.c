// SPDX-License-Identifier: GPL-2.0
/*
 * poll00: tasks blocked waiting for a pipe to be readable across the restore. P waits in
 * poll() with an hour's timeout (restarted with the time it had left), S in select() with
 * an hour's timeout (restarted with what select() wrote back), N in poll() with none.
 * After the restore the program writes a byte into each one's pipe: each call returns
 * that one descriptor readable, before its timeout, and the byte is there to read.
 */
#include "zdtm.h"

#include <poll.h>
#include <sys/select.h>
#include <time.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static void waiter(int kind, int fd, int ready)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct timeval tv = { .tv_sec = 3600 };
	long long start = now_ms();
	fd_set set;
	char c;
	int n;

	/* The program's SIGTERM is for it: these calls end only by their pipe. */
	signal(SIGTERM, SIG_IGN);
	zt_check(write(ready, "r", 1) == 1, "write: %s", strerror(errno));
	if (kind == 1) {
		FD_ZERO(&set);
		FD_SET(fd, &set);
		n = select(fd + 1, &set, NULL, NULL, &tv);
		zt_check(n == 1 && FD_ISSET(fd, &set), "select gave %d (%s)", n,
			 n < 0 ? strerror(errno) : "");
	} else {
		n = poll(&p, 1, kind == 0 ? 3600 * 1000 : -1);
		zt_check(n == 1 && p.revents == POLLIN, "poll gave %d, revents %#x (%s)", n,
			 p.revents, n < 0 ? strerror(errno) : "");
	}
	zt_check(now_ms() - start < 3600 * 1000LL, "the wait ended after its timeout");
	zt_check(read(fd, &c, 1) == 1 && c == 'p', "the byte is not there");
	exit(0);
}

int main(int argc, char **argv)
{
	static const char *const names[3] = { "P", "S", "N" };
	int ready[2], pipes[3][2], i;
	pid_t kid[3];
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	for (i = 0; i < 3; i++) {
		zt_syscall(pipe(pipes[i]));
		kid[i] = zt_syscall(fork());
		if (!kid[i])
			waiter(i, pipes[i][0], ready[1]);
	}
	for (i = 0; i < 3; i++)
		zt_check(read(ready[0], &c, 1) == 1, "a waiter did not start");
	zt_ready();
	zt_wait();
	for (i = 0; i < 3; i++) {
		zt_check(write(pipes[i][1], "p", 1) == 1, "write: %s", strerror(errno));
		zt_reap(kid[i], names[i]);
	}
	zt_pass();
}
