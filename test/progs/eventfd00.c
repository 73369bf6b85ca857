// SPDX-License-Identifier: GPL-2.0
/*
 * eventfd00: two eventfds shared by a parent and its child (one object each, in both
 * tables): a non-blocking one whose counter is above 2^32 (5 + 10^12), and a blocking
 * one in semaphore mode holding 3. After the restore the parent reads the counter
 * whole and finds the first empty (EAGAIN); the child takes one from the semaphore and
 * writes 7 into the first, which the parent then reads: the same eventfd in both.
 * The semaphore gives 1, 1 and then nothing; each file keeps its own flags.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/eventfd.h>

#define BIG	1000000000000ULL

static uint64_t rd(int fd, const char *what)
{
	uint64_t v;

	zt_check(read(fd, &v, sizeof(v)) == sizeof(v), "read %s: %s", what, strerror(errno));
	return v;
}

static void wr(int fd, uint64_t v, const char *what)
{
	zt_check(write(fd, &v, sizeof(v)) == sizeof(v), "write %s: %s", what, strerror(errno));
}

static int readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return zt_syscall(poll(&p, 1, 0)) == 1;
}

int main(int argc, char **argv)
{
	int counter, sem, go[2], ready[2];
	uint64_t v;
	pid_t child;
	char c;

	zt_init(argc, argv);
	counter = zt_syscall(eventfd(5, EFD_NONBLOCK));
	sem = zt_syscall(eventfd(3, EFD_SEMAPHORE | EFD_CLOEXEC));
	wr(counter, BIG, "counter");
	zt_syscall(pipe(go));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		close(go[1]);
		close(ready[0]);
		zt_check(write(ready[1], "r", 1) == 1, "write ready: %s", strerror(errno));
		zt_wait();
		/* The parent has read the counter: now it is the child's turn. */
		zt_check(read(go[0], &c, 1) == 1, "read go: %s", strerror(errno));
		v = rd(sem, "the semaphore in the child");
		zt_check(v == 1, "the child's semaphore read gave %llu", (unsigned long long)v);
		wr(counter, 7, "counter in the child");
		exit(0);
	}
	close(go[0]);
	close(ready[1]);
	zt_check(read(ready[0], &c, 1) == 1, "read ready: %s", strerror(errno));
	zt_ready();
	zt_wait();
	zt_check(fcntl(counter, F_GETFL) & O_NONBLOCK, "the counter lost O_NONBLOCK");
	zt_check(!(fcntl(sem, F_GETFL) & O_NONBLOCK), "the semaphore gained O_NONBLOCK");
	zt_check(fcntl(sem, F_GETFD) == FD_CLOEXEC, "the semaphore's fd lost close-on-exec");
	v = rd(counter, "counter");
	zt_check(v == BIG + 5, "the counter held %llu, not %llu", (unsigned long long)v, BIG + 5);
	zt_check(read(counter, &v, sizeof(v)) < 0 && errno == EAGAIN,
		 "the counter was not empty after a read, or blocks");
	zt_syscall(kill(child, SIGTERM));
	zt_check(write(go[1], "g", 1) == 1, "write go: %s", strerror(errno));
	zt_reap(child, "the child");
	v = rd(counter, "counter after the child");
	zt_check(v == 7, "the child's 7 arrived as %llu: not the same eventfd", (unsigned long long)v);
	zt_check(readable(sem), "the semaphore is empty: it held 3, the child took 1");
	v = rd(sem, "the semaphore");
	zt_check(v == 1, "the semaphore gave %llu, not 1", (unsigned long long)v);
	v = rd(sem, "the semaphore again");
	zt_check(v == 1, "the semaphore gave %llu, not 1", (unsigned long long)v);
	zt_check(!readable(sem), "the semaphore held more than 3");
	zt_pass();
}
