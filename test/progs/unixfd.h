/* SPDX-License-Identifier: GPL-2.0 */
/* Files in flight over unix sockets (SCM_RIGHTS): the sending and receiving of unixfd*.c. */
#ifndef UNIXFD_H
#define UNIXFD_H

#include <sys/socket.h>
#include <sys/uio.h>

#define UF_MAX	8

/* Sends @len bytes of @p on @sk with the @n fds of @fds (none for 0). */
static inline void uf_send(int sk, const char *p, size_t len, const int *fds, int n)
{
	char cbuf[CMSG_SPACE(UF_MAX * sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = (void *)p, .iov_len = len };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1 };
	struct cmsghdr *c;

	if (n) {
		mh.msg_control = cbuf;
		mh.msg_controllen = CMSG_SPACE(n * sizeof(int));
		c = CMSG_FIRSTHDR(&mh);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(n * sizeof(int));
		memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	}
	zt_check(sendmsg(sk, &mh, MSG_DONTWAIT) == (ssize_t)len, "sendmsg of %zu bytes with %d fds: %s",
		 len, n, strerror(errno));
}

/*
 * Receives one message (a stream: what one read gives) of up to @max bytes
 * into @p, its fds in @fds (their count in *@n); its length.
 */
static inline size_t uf_recv(int sk, char *p, size_t max, int *fds, int *n)
{
	char cbuf[CMSG_SPACE(UF_MAX * sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = p, .iov_len = max };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t r = recvmsg(sk, &mh, MSG_DONTWAIT | MSG_CMSG_CLOEXEC);

	zt_check(r >= 0, "recvmsg: %s", strerror(errno));
	zt_check(!(mh.msg_flags & (MSG_CTRUNC | MSG_TRUNC)), "a message cut short (flags %#x)",
		 mh.msg_flags);
	*n = 0;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		*n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
		memcpy(fds, CMSG_DATA(c), *n * sizeof(int));
	}
	return (size_t)r;
}

/* Nothing more queued on @sk. */
static inline void uf_empty(int sk, const char *what)
{
	char c;

	zt_check(recv(sk, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN,
		 "%s has more queued than was sent", what);
}

#endif
