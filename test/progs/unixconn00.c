// SPDX-License-Identifier: GPL-2.0
/*
 * unixconn00: unix connections made by connect() and accept(), and connections not accepted
 * yet, through checkpoint and restore. A stream listener at a filesystem path and a seqpacket
 * one at an abstract name. On each, one connection accepted before the dump with data in
 * flight both ways (the stream's accepted side shut its writing down after its reply; the
 * seqpacket client bound a name of its own), and connections not accepted yet that sent data:
 * two on the stream listener (their order counts), one on the seqpacket listener, whose
 * client's fd is below its listener's (the dump meets the client first). After the restore
 * every byte arrives in order, then the stream's EOF; names, peer names and SO_PEERCRED are
 * as they were; the waiting connections are accepted in their order with their data and the
 * listener's name, and talk back to their clients; nothing more waits; new connections work.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#define BIG	3000

static socklen_t addr_of(struct sockaddr_un *sa, const char *path)
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

static int listener(int type, const char *path, int backlog)
{
	struct sockaddr_un sa;
	socklen_t len = addr_of(&sa, path);
	int s = zt_syscall(socket(AF_UNIX, type, 0));

	zt_syscall(bind(s, (struct sockaddr *)&sa, len));
	zt_syscall(listen(s, backlog));
	return s;
}

/* A client of @type at @path, bound first to @own unless NULL. */
static int client(int type, const char *path, const char *own)
{
	struct sockaddr_un sa;
	socklen_t len;
	int c = zt_syscall(socket(AF_UNIX, type, 0));

	if (own) {
		len = addr_of(&sa, own);
		zt_syscall(bind(c, (struct sockaddr *)&sa, len));
	}
	len = addr_of(&sa, path);
	zt_syscall(connect(c, (struct sockaddr *)&sa, len));
	return c;
}

/* @s's name (@peer: its peer's) is @want (NULL: none). */
static void name_is(int s, bool peer, const char *want, const char *what)
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

static void peercred_is(int s, pid_t pid, const char *what)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	zt_syscall(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	zt_check(cr.pid == pid && cr.uid == 0 && cr.gid == 0,
		 "%s: SO_PEERCRED is pid %d uid %u gid %u, not %d", what, cr.pid, cr.uid, cr.gid,
		 pid);
}

static void send_all(int s, const void *p, size_t n, const char *what)
{
	zt_check(send(s, p, n, MSG_DONTWAIT) == (ssize_t)n, "send %s: %s", what, strerror(errno));
}

/* Exactly @n bytes @want from stream @s, nothing lost or reordered. */
static void recv_all(int s, const void *want, size_t n, const char *what)
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

/* One message of seqpacket @s: @want. */
static void recv_msg(int s, const char *want, const char *what)
{
	char buf[64];
	ssize_t r = recv(s, buf, sizeof(buf), MSG_DONTWAIT);

	zt_check(r == (ssize_t)strlen(want) && !memcmp(buf, want, (size_t)r),
		 "%s: got %zd bytes (%.*s) where %s was due (%s)", what, r, r > 0 ? (int)r : 0, buf,
		 want, r < 0 ? strerror(errno) : "");
}

static void nothing_waits(int l, const char *what)
{
	int a;

	zt_syscall(fcntl(l, F_SETFL, O_NONBLOCK));
	a = accept(l, NULL, NULL);
	zt_check(a < 0 && errno == EAGAIN, "%s: another connection waits (%d, %s)", what, a,
		 strerror(errno));
	zt_syscall(fcntl(l, F_SETFL, 0));
}

/* A connection accepted from @l (at @path): data both ways with client @c. */
static int take(int l, int c, const char *path, const char *what)
{
	int a = zt_syscall(accept(l, NULL, NULL));

	name_is(a, false, path, what);
	peercred_is(a, getpid(), what);
	send_all(a, "back", 4, what);
	recv_all(c, "back", 4, what);
	return a;
}

/* A new client of @l: accepted, data both ways, names. */
static void talk(int l, int type, const char *path)
{
	int c = client(type, path, NULL), a = take(l, c, path, "a new connection");

	name_is(c, true, path, "a new client");
	send_all(c, "ping", 4, "ping");
	recv_all(a, "ping", 4, "ping");
	close(a);
	close(c);
}

int main(int argc, char **argv)
{
	char cwd[96], path[108], abs[64], own[64], big[BIG], up[BIG];
	int fs, ab, tmp, ca, aa, cb, ab_, cq1, cq2, cq3, a, i;

	zt_init(argc, argv);
	zt_check(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/c.sock", cwd);
	snprintf(abs, sizeof(abs), "@unixconn00-%d", getpid());
	snprintf(own, sizeof(own), "@unixconn00-client-%d", getpid());
	unlink(path);
	for (i = 0; i < BIG; i++) {
		big[i] = (char)('a' + i % 26);
		up[i] = (char)('A' + i % 23);
	}

	fs = listener(SOCK_STREAM, path, 8);
	tmp = listener(SOCK_SEQPACKET, abs, 8);

	/* Accepted, data both ways, the accepted side's writing shut down. */
	ca = client(SOCK_STREAM, path, NULL);
	aa = zt_syscall(accept(fs, NULL, NULL));
	send_all(ca, big, BIG, "the stream client's bytes");
	send_all(aa, up, BIG, "the accepted stream's bytes");
	zt_syscall(shutdown(aa, SHUT_WR));
	/* A client with a name of its own, messages both ways. */
	cb = client(SOCK_SEQPACKET, abs, own);
	ab_ = zt_syscall(accept(tmp, NULL, NULL));
	send_all(cb, "m1", 2, "m1");
	send_all(cb, "m22", 3, "m22");
	send_all(ab_, "r1", 2, "r1");
	/* Waiting to be accepted, each with what it sent. */
	cq1 = client(SOCK_STREAM, path, NULL);
	send_all(cq1, "first", 5, "first");
	cq2 = client(SOCK_STREAM, path, NULL);
	send_all(cq2, "second", 6, "second");
	send_all(cq2, big, 100, "second's more");
	cq3 = client(SOCK_SEQPACKET, abs, NULL);
	send_all(cq3, "q1", 2, "q1");
	send_all(cq3, "q22", 3, "q22");
	/* The seqpacket listener's fd above its waiting client's. */
	ab = zt_syscall(dup(tmp));
	close(tmp);
	zt_ready();
	zt_wait();

	name_is(aa, false, path, "the accepted stream socket");
	name_is(aa, true, NULL, "the accepted stream socket's peer");
	name_is(ca, false, NULL, "the stream client");
	name_is(ca, true, path, "the stream client's peer");
	peercred_is(aa, getpid(), "the accepted stream socket");
	peercred_is(ca, getpid(), "the stream client");
	recv_all(aa, big, BIG, "the stream client's bytes");
	recv_all(ca, up, BIG, "the accepted stream's bytes");
	zt_check(recv(ca, big, 1, MSG_DONTWAIT) == 0, "the stream client sees no EOF after the bytes");
	send_all(ca, "more", 4, "more");
	recv_all(aa, "more", 4, "more after the restore");

	name_is(ab_, false, abs, "the accepted seqpacket socket");
	name_is(ab_, true, own, "the accepted seqpacket socket's peer");
	name_is(cb, false, own, "the seqpacket client");
	name_is(cb, true, abs, "the seqpacket client's peer");
	peercred_is(ab_, getpid(), "the accepted seqpacket socket");
	peercred_is(cb, getpid(), "the seqpacket client");
	recv_msg(ab_, "m1", "the seqpacket client's first message");
	recv_msg(ab_, "m22", "the seqpacket client's second message");
	recv_msg(cb, "r1", "the accepted seqpacket socket's message");
	send_all(ab_, "r2", 2, "r2");
	recv_msg(cb, "r2", "a message after the restore");

	name_is(cq1, true, path, "the first waiting client's peer");
	name_is(cq3, true, abs, "the seqpacket waiting client's peer");
	peercred_is(cq1, getpid(), "the first waiting client");
	a = take(fs, cq1, path, "the first connection waiting");
	recv_all(a, "first", 5, "the first connection's data");
	close(a);
	a = take(fs, cq2, path, "the second connection waiting");
	recv_all(a, "second", 6, "the second connection's data");
	recv_all(a, big, 100, "the second connection's more data");
	close(a);
	nothing_waits(fs, path);
	a = take(ab, cq3, abs, "the seqpacket connection waiting");
	recv_msg(a, "q1", "the seqpacket connection's first message");
	recv_msg(a, "q22", "the seqpacket connection's second message");
	close(a);
	nothing_waits(ab, abs);

	talk(fs, SOCK_STREAM, path);
	talk(ab, SOCK_SEQPACKET, abs);
	zt_pass();
}
