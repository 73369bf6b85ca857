// SPDX-License-Identifier: GPL-2.0
/*
 * pipe01: two pipes between a parent and its child, each holding data not yet read
 * (5000 bytes one way, 3 bytes the other), one end non-blocking, one end closed in
 * each task. After the restore each task reads exactly what was written, in order,
 * finds its ends' flags as set (F_GETFL), and the pipes still carry data both ways.
 */
#include "zdtm.h"

#include <fcntl.h>

#define BIG	5000

static void read_all(int fd, char *buf, size_t len, const char *what)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);

		if (n < 0 && errno == EINTR)
			continue;
		zt_check(n > 0, "read %s: %s", what, n ? strerror(errno) : "end of file");
		got += n;
	}
}

static void pattern(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 31 + seed);
}

int main(int argc, char **argv)
{
	int down[2], up[2], ready[2];
	char want[BIG], got[BIG], c;
	pid_t child;

	zt_init(argc, argv);
	zt_syscall(pipe(down));
	zt_syscall(pipe(up));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		close(down[1]);
		close(up[0]);
		close(ready[0]);
		zt_syscall(fcntl(down[0], F_SETFL, O_NONBLOCK));
		zt_check(write(up[1], "abc", 3) == 3, "write up: %s", strerror(errno));
		zt_check(write(ready[1], "r", 1) == 1, "write ready: %s", strerror(errno));
		close(ready[1]);
		zt_wait();
		zt_check(fcntl(down[0], F_GETFL) & O_NONBLOCK, "the read end lost O_NONBLOCK");
		zt_check(!(fcntl(up[1], F_GETFL) & O_NONBLOCK), "the write end gained O_NONBLOCK");
		pattern(want, BIG, 7);
		read_all(down[0], got, BIG, "down");
		zt_check(!memcmp(got, want, BIG), "the parent's 5000 bytes differ");
		zt_check(read(down[0], got, 1) < 0 && errno == EAGAIN,
			 "more than 5000 bytes in the pipe, or it blocks");
		zt_check(write(up[1], "xyz", 3) == 3, "write up after: %s", strerror(errno));
		exit(0);
	}
	close(down[0]);
	close(up[1]);
	close(ready[1]);
	pattern(want, BIG, 7);
	zt_check(write(down[1], want, BIG) == BIG, "write down: %s", strerror(errno));
	read_all(ready[0], &c, 1, "ready");
	zt_ready();
	zt_wait();
	zt_syscall(kill(child, SIGTERM));
	read_all(up[0], got, 3, "up");
	zt_check(!memcmp(got, "abc", 3), "the child's 3 bytes are %.3s", got);
	read_all(up[0], got, 3, "up after");
	zt_check(!memcmp(got, "xyz", 3), "the pipe carried %.3s after the restore", got);
	zt_reap(child, "the child");
	zt_pass();
}
