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
#include "unixsock.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

/* A connection accepted from @l (at @path): data both ways with client @c. */
static int take(int l, int c, const char *path, const char *what)
{
	int a = zt_syscall(accept(l, NULL, NULL));

	name_is(a, false, path, what);
	peercred_is(a, getpid(), false, what);
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
	peercred_is(aa, getpid(), false, "the accepted stream socket");
	peercred_is(ca, getpid(), false, "the stream client");
	recv_all(aa, big, BIG, "the stream client's bytes");
	recv_all(ca, up, BIG, "the accepted stream's bytes");
	zt_check(recv(ca, big, 1, MSG_DONTWAIT) == 0, "the stream client sees no EOF after the bytes");
	send_all(ca, "more", 4, "more");
	recv_all(aa, "more", 4, "more after the restore");

	name_is(ab_, false, abs, "the accepted seqpacket socket");
	name_is(ab_, true, own, "the accepted seqpacket socket's peer");
	name_is(cb, false, own, "the seqpacket client");
	name_is(cb, true, abs, "the seqpacket client's peer");
	peercred_is(ab_, getpid(), false, "the accepted seqpacket socket");
	peercred_is(cb, getpid(), false, "the seqpacket client");
	recv_msg(ab_, "m1", "the seqpacket client's first message");
	recv_msg(ab_, "m22", "the seqpacket client's second message");
	recv_msg(cb, "r1", "the accepted seqpacket socket's message");
	send_all(ab_, "r2", 2, "r2");
	recv_msg(cb, "r2", "a message after the restore");

	name_is(cq1, true, path, "the first waiting client's peer");
	name_is(cq3, true, abs, "the seqpacket waiting client's peer");
	peercred_is(cq1, getpid(), false, "the first waiting client");
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
