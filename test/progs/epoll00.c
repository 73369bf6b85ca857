// SPDX-License-Identifier: GPL-2.0
/*
 * epoll00: an epoll over a pipe's read end (level-triggered, data 0x1111), an eventfd
 * (EPOLLET, data 0x2222), a timerfd (EPOLLONESHOT, data 0x3333: it fired and was
 * reported before the checkpoint, so it is disabled) and the pipe again through an fd
 * that was closed after it was added (data 0x4444). After the restore a wait reports
 * the pipe twice (both keys) and the eventfd once; the next only the pipe's keys (the
 * edge was taken); the eventfd reports again when written; the one-shot stays quiet
 * until EPOLL_CTL_MOD re-arms it by its fd (the key the restore kept); the closed fd's
 * key is still there (EPOLL_CTL_DEL on its number fails, the item lives on).
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#define MAXEV	8

static int wait_set(int ep, uint64_t *got)
{
	struct epoll_event ev[MAXEV];
	int n, i;

	n = zt_syscall(epoll_wait(ep, ev, MAXEV, 0));
	for (i = 0; i < n; i++) {
		zt_check(ev[i].events & EPOLLIN, "data %#llx reported %#x, not EPOLLIN",
			 (unsigned long long)ev[i].data.u64, ev[i].events);
		got[i] = ev[i].data.u64;
	}
	return n;
}

/* Whether the last wait's @n reports hold exactly the keys of @want (in any order). */
static int same(const uint64_t *got, int n, const uint64_t *want, int nwant)
{
	int i, j, hit;

	if (n != nwant)
		return 0;
	for (i = 0; i < nwant; i++) {
		for (hit = 0, j = 0; j < n; j++)
			hit += got[j] == want[i];
		if (hit != 1)
			return 0;
	}
	return 1;
}

static void add(int ep, int fd, uint32_t events, uint64_t data)
{
	struct epoll_event ev = { .events = events, .data.u64 = data };

	zt_syscall(epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev));
}

int main(int argc, char **argv)
{
	static const uint64_t pipe_keys[] = { 0x1111, 0x4444 };
	static const uint64_t first[] = { 0x1111, 0x4444, 0x2222 };
	static const uint64_t rearmed[] = { 0x1111, 0x4444, 0x3333 };
	struct itimerspec t = { .it_value = { 0, 1000000 } };
	struct epoll_event ev;
	uint64_t got[MAXEV], one = 1;
	int ep, pfd[2], efd, tfd, dupfd, n;

	zt_init(argc, argv);
	ep = zt_syscall(epoll_create1(EPOLL_CLOEXEC));
	zt_syscall(pipe(pfd));
	efd = zt_syscall(eventfd(0, EFD_NONBLOCK));
	tfd = zt_syscall(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	add(ep, pfd[0], EPOLLIN, 0x1111);
	add(ep, efd, EPOLLIN | EPOLLET, 0x2222);
	add(ep, tfd, EPOLLIN | EPOLLONESHOT, 0x3333);
	dupfd = zt_syscall(dup(pfd[0]));
	add(ep, dupfd, EPOLLIN, 0x4444);
	zt_syscall(close(dupfd));
	zt_syscall(timerfd_settime(tfd, 0, &t, NULL));
	zt_check(zt_syscall(epoll_wait(ep, &ev, 1, 5000)) == 1 && ev.data.u64 == 0x3333,
		 "the timerfd did not report");
	zt_check(write(pfd[1], "x", 1) == 1, "write the pipe: %s", strerror(errno));
	zt_check(write(efd, &one, sizeof(one)) == sizeof(one), "write the eventfd: %s",
		 strerror(errno));
	zt_ready();
	zt_wait();
	n = wait_set(ep, got);
	zt_check(same(got, n, first, 3), "the first wait reported %d, not the pipe twice and the eventfd", n);
	n = wait_set(ep, got);
	zt_check(same(got, n, pipe_keys, 2), "the second wait reported %d, not the pipe twice", n);
	zt_check(write(efd, &one, sizeof(one)) == sizeof(one), "write the eventfd: %s",
		 strerror(errno));
	n = wait_set(ep, got);
	zt_check(same(got, n, first, 3), "the eventfd's new edge is not reported (%d reports)", n);
	ev.events = EPOLLIN | EPOLLONESHOT;
	ev.data.u64 = 0x3333;
	zt_check(epoll_ctl(ep, EPOLL_CTL_MOD, tfd, &ev) == 0, "re-arm the timerfd by fd %d: %s",
		 tfd, strerror(errno));
	n = wait_set(ep, got);
	zt_check(same(got, n, rearmed, 3), "the re-armed one-shot is not reported (%d reports)", n);
	n = wait_set(ep, got);
	zt_check(same(got, n, pipe_keys, 2), "the one-shot reported twice (%d reports)", n);
	zt_check(epoll_ctl(ep, EPOLL_CTL_DEL, dupfd, NULL) < 0 && errno == EBADF,
		 "the closed fd %d is open again", dupfd);
	zt_pass();
}
