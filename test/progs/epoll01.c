// SPDX-License-Identifier: GPL-2.0
/*
 * epoll01: nested epoll. An outer epoll watches an inner one (data 0xa), which watches
 * an eventfd (data 0xb) and a pipe (data 0xc); a third epoll, shared with a child,
 * watches the outer one. At the checkpoint the eventfd holds a count, the pipe is
 * empty. After the restore the outer reports the inner ready, the inner reports the
 * eventfd only; once the pipe is written the inner reports both; the child sees the
 * outer through the shared epoll.
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>

static void add(int ep, int fd, uint64_t data)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u64 = data };

	zt_syscall(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
}

static int reports(int ep, uint64_t *keys)
{
	struct epoll_event ev[4];
	uint64_t k = 0;
	int n, i;

	n = zt_syscall(epoll_wait(ep, ev, 4, 0));
	for (i = 0; i < n; i++)
		k |= ev[i].data.u64;
	*keys = k;
	return n;
}

int main(int argc, char **argv)
{
	int outer, inner, top, efd, pfd[2], ready[2], n;
	uint64_t one = 1, keys;
	pid_t child;
	char c;

	zt_init(argc, argv);
	inner = zt_syscall(epoll_create1(0));
	outer = zt_syscall(epoll_create1(0));
	top = zt_syscall(epoll_create1(0));
	efd = zt_syscall(eventfd(0, 0));
	zt_syscall(pipe(pfd));
	add(inner, efd, 0xb);
	add(inner, pfd[0], 0xc);
	add(outer, inner, 0xa);
	add(top, outer, 0x10);
	zt_check(write(efd, &one, sizeof(one)) == sizeof(one), "write: %s", strerror(errno));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		close(ready[0]);
		zt_check(write(ready[1], "r", 1) == 1, "write ready: %s", strerror(errno));
		zt_wait();
		n = reports(top, &keys);
		zt_check(n == 1 && keys == 0x10, "the child's epoll reported %d (%#llx)", n,
			 (unsigned long long)keys);
		exit(0);
	}
	close(ready[1]);
	zt_check(read(ready[0], &c, 1) == 1, "read ready: %s", strerror(errno));
	zt_ready();
	zt_wait();
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	n = reports(outer, &keys);
	zt_check(n == 1 && keys == 0xa, "the outer epoll reported %d (%#llx), not the inner", n,
		 (unsigned long long)keys);
	n = reports(inner, &keys);
	zt_check(n == 1 && keys == 0xb, "the inner epoll reported %d (%#llx), not the eventfd", n,
		 (unsigned long long)keys);
	zt_check(write(pfd[1], "x", 1) == 1, "write the pipe: %s", strerror(errno));
	n = reports(inner, &keys);
	zt_check(n == 2 && keys == (0xb | 0xc), "the inner epoll reported %d (%#llx) after the pipe's write", n,
		 (unsigned long long)keys);
	zt_pass();
}
