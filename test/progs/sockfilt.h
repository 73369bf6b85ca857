/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Classic BPF socket filters as sockfilter*.c set and check them: a socket's program and
 * lock (SO_ATTACH_FILTER, SO_LOCK_FILTER), and the same read back (SO_GET_FILTER).
 */
#ifndef SOCKFILT_H
#define SOCKFILT_H

#include <linux/filter.h>
#include <sys/socket.h>

/* A socket's program (none: 0 instructions) and lock, as set. */
struct sf_want {
	const struct sock_filter *insn;
	unsigned int len;
	int locked;
};

/* 0, or the errno of a setsockopt() at SOL_SOCKET. */
static inline int sf_opt(int fd, int name, const void *v, socklen_t len)
{
	return setsockopt(fd, SOL_SOCKET, name, v, len) ? errno : 0;
}

/* @fd (named @name) gets @w's program, then its lock. */
static inline void sf_set(int fd, const char *name, const struct sf_want *w)
{
	struct sock_fprog fp = { .len = w->len, .filter = (struct sock_filter *)w->insn };
	int one = 1, err;

	if (w->len) {
		err = sf_opt(fd, SO_ATTACH_FILTER, &fp, sizeof(fp));
		zt_check(!err, "%s: SO_ATTACH_FILTER of %u instructions: %s", name, w->len,
			 strerror(err));
	}
	if (w->locked) {
		err = sf_opt(fd, SO_LOCK_FILTER, &one, sizeof(one));
		zt_check(!err, "%s: SO_LOCK_FILTER: %s", name, strerror(err));
	}
}

/* @fd's program and lock are @w's (@detached: no program, @w's lock). */
static inline void sf_check(int fd, const char *name, const struct sf_want *w, int detached,
			    const char *when)
{
	struct sock_filter f[16];
	unsigned int i, len = detached ? 0 : w->len;
	socklen_t n = 0, optlen = sizeof(int);
	int v = -1;

	zt_check(!getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, NULL, &n),
		 "%s: SO_GET_FILTER of the count %s: %s", name, when, strerror(errno));
	zt_check(n == len, "%s has a program of %u instructions %s, not %u", name, n, when, len);
	if (n) {
		zt_check(n <= sizeof(f) / sizeof(f[0]), "%s: a program of %u instructions", name, n);
		zt_check(!getsockopt(fd, SOL_SOCKET, SO_GET_FILTER, f, &n) && n == len,
			 "%s: SO_GET_FILTER of %u instructions %s: %s", name, len, when,
			 strerror(errno));
	}
	for (i = 0; i < n; i++) {
		const struct sock_filter *a = &f[i], *b = &w->insn[i];

		zt_check(a->code == b->code && a->jt == b->jt && a->jf == b->jf && a->k == b->k,
			 "%s's instruction %u is { %#x, %u, %u, %#x } %s, not { %#x, %u, %u, %#x }",
			 name, i, a->code, a->jt, a->jf, a->k, when, b->code, b->jt, b->jf, b->k);
	}
	zt_check(!getsockopt(fd, SOL_SOCKET, SO_LOCK_FILTER, &v, &optlen),
		 "%s: getsockopt SO_LOCK_FILTER %s: %s", name, when, strerror(errno));
	zt_check(v == w->locked, "%s's SO_LOCK_FILTER reads %d %s, not %d", name, v, when,
		 w->locked);
}

/* The next message of @fd (named @name), there now, must be @text. */
static inline void sf_expect(int fd, const char *name, const char *text, const char *what)
{
	char b[64];
	size_t n = strlen(text);
	ssize_t got = recv(fd, b, sizeof(b), MSG_DONTWAIT);

	zt_check(got >= 0, "%s: %s has nothing to read, not \"%s\": %s", what, name, text,
		 strerror(errno));
	zt_check((size_t)got == n && !memcmp(b, text, n), "%s: %s reads \"%.*s\", not \"%s\"",
		 what, name, (int)got, b, text);
}

/* Nothing more to read on @fd now. */
static inline void sf_none_left(int fd, const char *name, const char *what)
{
	char c;
	ssize_t n = recv(fd, &c, 1, MSG_DONTWAIT);

	zt_check(n < 0 && errno == EAGAIN, "%s: %s has %s", what, name,
		 n >= 0 ? "more to read" : strerror(errno));
}

#endif
