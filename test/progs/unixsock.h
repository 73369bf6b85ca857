/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the unix socket catalog programs (unixconn00, unixpeer00, unixlisten00) share:
 * names (a leading '@' is an abstract one), listeners and clients, and checks of what a
 * socket holds, each failing the program with what it found.
 */
#ifndef UNIXSOCK_H
#define UNIXSOCK_H

#include "zdtm.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#define BIG	3000	/* a stream's bytes: more than one skb, less than its buffer */

static inline socklen_t addr_of(struct sockaddr_un *sa, const char *path)
{
	memset(sa, 0, sizeof(*sa));
	sa->sun_family = AF_UNIX;
	if (path[0] == '@') {
		/* An abstract name: a NUL and its bytes, no trailing NUL. */
		memcpy(sa->sun_path + 1, path + 1, strlen(path) - 1);
		return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path));
	}
	strcpy(sa->sun_path, path);
	return (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
}

static inline int bound(int type, const char *path)
{
	struct sockaddr_un sa;
	socklen_t len = addr_of(&sa, path);
	int s = zt_syscall(socket(AF_UNIX, type, 0));

	zt_syscall(bind(s, (struct sockaddr *)&sa, len));
	return s;
}

static inline int listener(int type, const char *path, int backlog)
{
	int s = bound(type, path);

	zt_syscall(listen(s, backlog));
	return s;
}

/* A client of @type at @path, bound first to @own unless NULL. */
static inline int client(int type, const char *path, const char *own)
{
	struct sockaddr_un sa;
	socklen_t len;
	int c = own ? bound(type, own) : zt_syscall(socket(AF_UNIX, type, 0));

	len = addr_of(&sa, path);
	zt_syscall(connect(c, (struct sockaddr *)&sa, len));
	return c;
}

/* @s's name (@peer: its peer's) is @want (NULL: none). */
static inline void name_is(int s, bool peer, const char *want, const char *what)
{
	struct sockaddr_un sa, w;
	socklen_t len = sizeof(sa), wlen = want ? addr_of(&w, want) : sizeof(sa_family_t);

	memset(&sa, 0, sizeof(sa));
	if (!want)
		memset(&w, 0, sizeof(w));
	w.sun_family = AF_UNIX;
	zt_syscall(peer ? getpeername(s, (struct sockaddr *)&sa, &len) :
			  getsockname(s, (struct sockaddr *)&sa, &len));
	zt_check(len == wlen && !memcmp(&sa, &w, len),
		 "%s: %s gives %u bytes (%s), not %u (%s)", what,
		 peer ? "getpeername" : "getsockname", len,
		 len > sizeof(sa_family_t) ? (sa.sun_path[0] ? sa.sun_path : "abstract") : "none",
		 wlen, want ? want : "none");
}

/* SO_PEERCRED of @s: @pid and, but for @none (no credentials: -1), uid and gid 0. */
static inline void peercred_is(int s, pid_t pid, bool none, const char *what)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);
	uid_t id = none ? (uid_t)-1 : 0;

	zt_syscall(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	zt_check(cr.pid == pid && cr.uid == id && cr.gid == (gid_t)id,
		 "%s: SO_PEERCRED is pid %d uid %u gid %u, not %d %d", what, cr.pid, cr.uid,
		 cr.gid, pid, (int)id);
}

static inline void send_all(int s, const void *p, size_t n, const char *what)
{
	zt_check(send(s, p, n, MSG_DONTWAIT) == (ssize_t)n, "send %s: %s", what, strerror(errno));
}

/* Exactly @n bytes @want from stream @s, nothing lost or reordered. */
static inline void recv_all(int s, const void *want, size_t n, const char *what)
{
	char buf[BIG];
	size_t got = 0;
	ssize_t r;

	while (got < n) {
		r = recv(s, buf + got, n - got, MSG_DONTWAIT);
		zt_check(r > 0, "%s: %zu of %zu bytes, then %zd (%s)", what, got, n, r,
			 r < 0 ? strerror(errno) : "EOF");
		got += (size_t)r;
	}
	zt_check(!memcmp(buf, want, n), "%s: the bytes differ", what);
}

/* One message of @s: @want. */
static inline void recv_msg(int s, const char *want, const char *what)
{
	char buf[64];
	ssize_t r = recv(s, buf, sizeof(buf), MSG_DONTWAIT);

	zt_check(r == (ssize_t)strlen(want) && !memcmp(buf, want, (size_t)r),
		 "%s: got %zd bytes (%.*s) where %s was due (%s)", what, r, r > 0 ? (int)r : 0, buf,
		 want, r < 0 ? strerror(errno) : "");
}

static inline void nothing_waits(int l, const char *what)
{
	int a;

	zt_syscall(fcntl(l, F_SETFL, O_NONBLOCK));
	a = accept(l, NULL, NULL);
	zt_check(a < 0 && errno == EAGAIN, "%s: another connection waits (%d, %s)", what, a,
		 strerror(errno));
	zt_syscall(fcntl(l, F_SETFL, 0));
}

#endif /* UNIXSOCK_H */
