// SPDX-License-Identifier: GPL-2.0
/*
 * unixpeer00: unix sockets whose peer was closed, and connections not accepted yet whose
 * client was closed, through checkpoint and restore (issue 12). Before the dump: a stream
 * connection whose client wrote a request and closed, and one whose accepted side wrote a
 * reply and closed; a stream pair whose closed end had data unread (ECONNRESET); a seqpacket
 * connection whose client, bound to a name of its own, sent two messages and closed; a
 * datagram pair whose closed end sent two messages; a datagram client connected one way to
 * a server that closed; a stream and a seqpacket listener, each with a connection whose
 * client sent data and closed before it was accepted (the stream one with a live client
 * queued behind it). After the restore each survivor reads all that was sent, in order and
 * with message boundaries, then EOF (read returns 0; ECONNRESET once before it where the
 * closed end had data unread); its write gets EPIPE (SIGPIPE ignored), a datagram socket's
 * ECONNREFUSED; names, peer names and SO_PEERCRED are as they were; the listeners accept
 * the closed clients' connections in order, with their data and then EOF. Two of the closed
 * clients were a child's that exited before the dump: SO_PEERCRED names it while the program
 * has not been restored, and pid 0 after a restore (a restore has no such process).
 */
#include "zdtm.h"
#include "unixsock.h"

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

/* @s reads EOF (twice: it stays), and its write gets EPIPE. */
static void closed_is(int s, const char *what)
{
	char c;
	ssize_t r;
	int i;

	for (i = 0; i < 2; i++) {
		r = recv(s, &c, 1, MSG_DONTWAIT);
		zt_check(r == 0, "%s: read %d gives %zd (%s), not EOF", what, i, r,
			 r < 0 ? strerror(errno) : "data");
	}
	r = send(s, "w", 1, MSG_DONTWAIT);
	zt_check(r < 0 && errno == EPIPE, "%s: write gives %zd (%s), not EPIPE", what, r,
		 r < 0 ? strerror(errno) : "sent");
}

/* A datagram socket whose peer is gone: nothing more to read, ECONNREFUSED on its write. */
static void refused_is(int s, const char *what)
{
	char c;
	ssize_t r = recv(s, &c, 1, MSG_DONTWAIT);

	zt_check(r < 0 && errno == EAGAIN, "%s: read gives %zd (%s), not EAGAIN", what, r,
		 r < 0 ? strerror(errno) : "data");
	r = send(s, "w", 1, MSG_DONTWAIT);
	zt_check(r < 0 && errno == ECONNREFUSED, "%s: write gives %zd (%s), not ECONNREFUSED",
		 what, r, r < 0 ? strerror(errno) : "sent");
}

/*
 * A child's client of the stream listener at @path that sent @data and exited, reaped;
 * its pid.
 */
static pid_t exited_client(const char *path, const char *data)
{
	pid_t pid = zt_syscall(fork());
	int st;

	if (!pid) {
		int c = client(SOCK_STREAM, path, NULL);

		send_all(c, data, strlen(data), data);
		_exit(0);
	}
	zt_syscall(waitpid(pid, &st, 0));
	zt_check(WIFEXITED(st) && !WEXITSTATUS(st), "the child that sent %s failed (%#x)", data,
		 st);
	return pid;
}

/* SO_PEERCRED of @s names @child, which exited, or (restored) none: pid 0; uid, gid 0. */
static void exited_cred_is(int s, pid_t child, const char *what)
{
	struct ucred cr;
	socklen_t len = sizeof(cr);

	zt_syscall(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	zt_check((cr.pid == child || cr.pid == 0) && cr.uid == 0 && cr.gid == 0,
		 "%s: SO_PEERCRED is pid %d uid %u gid %u, not %d or 0", what, cr.pid, cr.uid,
		 cr.gid, child);
}

int main(int argc, char **argv)
{
	char cwd[96], path[108], abs[64], own[64], own2[64], srv[64], big[BIG], up[BIG];
	int fs, sq, c, a, req, rep, ex, p[2], rst, seq, d[2], dc, ds, alive, i;
	pid_t exa, exq;

	zt_init(argc, argv);
	zt_check(signal(SIGPIPE, SIG_IGN) != SIG_ERR, "SIGPIPE: %s", strerror(errno));
	zt_check(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/p.sock", cwd);
	snprintf(abs, sizeof(abs), "@unixpeer00-%d", getpid());
	snprintf(own, sizeof(own), "@unixpeer00-client-%d", getpid());
	snprintf(own2, sizeof(own2), "@unixpeer00-queued-%d", getpid());
	snprintf(srv, sizeof(srv), "@unixpeer00-srv-%d", getpid());
	unlink(path);
	for (i = 0; i < BIG; i++) {
		big[i] = (char)('a' + i % 26);
		up[i] = (char)('A' + i % 23);
	}
	fs = listener(SOCK_STREAM, path, 8);
	sq = listener(SOCK_SEQPACKET, abs, 8);

	/* A client that wrote its request and closed: the server's side survives. */
	c = client(SOCK_STREAM, path, NULL);
	req = zt_syscall(accept(fs, NULL, NULL));
	send_all(c, "request", 7, "the request");
	send_all(c, big, BIG, "the request's body");
	close(c);
	/* A server that wrote its reply and closed: the client survives. */
	rep = client(SOCK_STREAM, path, NULL);
	a = zt_syscall(accept(fs, NULL, NULL));
	send_all(a, up, BIG, "the reply");
	close(a);
	/* A child's client that sent and exited, accepted after. */
	exa = exited_client(path, "exited");
	ex = zt_syscall(accept(fs, NULL, NULL));
	/* A pair whose closed end had "x" unread: the survivor gets ECONNRESET once. */
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, p));
	send_all(p[0], "x", 1, "x");
	send_all(p[1], "tail", 4, "tail");
	close(p[1]);
	rst = p[0];
	/* A seqpacket client with a name of its own sent two messages and closed. */
	c = client(SOCK_SEQPACKET, abs, own);
	seq = zt_syscall(accept(sq, NULL, NULL));
	send_all(c, "m1", 2, "m1");
	send_all(c, "m22", 3, "m22");
	close(c);
	/* A datagram pair whose closed end sent two messages. */
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM, 0, d));
	send_all(d[1], "dg1", 3, "dg1");
	send_all(d[1], "dg22", 4, "dg22");
	close(d[1]);
	/* A datagram client connected one way to a server that closed (a log daemon gone). */
	ds = bound(SOCK_DGRAM, srv);
	dc = client(SOCK_DGRAM, srv, NULL);
	close(ds);
	/* Connections not accepted yet whose clients sent and closed; a live one behind. */
	c = client(SOCK_STREAM, path, NULL);
	send_all(c, "gone", 4, "gone");
	send_all(c, big, 100, "gone's more");
	close(c);
	alive = client(SOCK_STREAM, path, NULL);
	send_all(alive, "alive", 5, "alive");
	exq = exited_client(path, "exq");
	c = client(SOCK_SEQPACKET, abs, own2);
	send_all(c, "q1", 2, "q1");
	send_all(c, "q22", 3, "q22");
	close(c);
	zt_ready();
	zt_wait();

	name_is(req, false, path, "the request's server side");
	name_is(req, true, NULL, "the request's server side's peer");
	peercred_is(req, getpid(), false, "the request's server side");
	recv_all(req, "request", 7, "the request");
	recv_all(req, big, BIG, "the request's body");
	closed_is(req, "the request's server side");

	name_is(rep, false, NULL, "the reply's client");
	name_is(rep, true, path, "the reply's client's peer");
	peercred_is(rep, getpid(), false, "the reply's client");
	recv_all(rep, up, BIG, "the reply");
	closed_is(rep, "the reply's client");

	name_is(ex, false, path, "the exited child's connection");
	exited_cred_is(ex, exa, "the exited child's connection");
	recv_all(ex, "exited", 6, "the exited child's data");
	closed_is(ex, "the exited child's connection");

	name_is(rst, true, NULL, "the pair's survivor's peer");
	recv_all(rst, "tail", 4, "the pair's tail");
	i = (int)recv(rst, up, 1, MSG_DONTWAIT);
	zt_check(i < 0 && errno == ECONNRESET, "the pair's survivor: read gives %d (%s), not ECONNRESET",
		 i, i < 0 ? strerror(errno) : "data or EOF");
	closed_is(rst, "the pair's survivor");

	name_is(seq, false, abs, "the seqpacket server side");
	name_is(seq, true, own, "the seqpacket server side's peer");
	peercred_is(seq, getpid(), false, "the seqpacket server side");
	recv_msg(seq, "m1", "the seqpacket client's first message");
	recv_msg(seq, "m22", "the seqpacket client's second message");
	closed_is(seq, "the seqpacket server side");

	name_is(d[0], true, NULL, "the datagram survivor's peer");
	peercred_is(d[0], getpid(), false, "the datagram survivor");
	recv_msg(d[0], "dg1", "the datagram survivor's first message");
	recv_msg(d[0], "dg22", "the datagram survivor's second message");
	refused_is(d[0], "the datagram survivor");

	name_is(dc, true, srv, "the datagram client's gone server");
	peercred_is(dc, 0, true, "the datagram client");
	refused_is(dc, "the datagram client");

	a = zt_syscall(accept(fs, NULL, NULL));
	name_is(a, false, path, "the closed stream client's connection");
	name_is(a, true, NULL, "the closed stream client's connection's peer");
	peercred_is(a, getpid(), false, "the closed stream client's connection");
	recv_all(a, "gone", 4, "the closed stream client's data");
	recv_all(a, big, 100, "the closed stream client's more data");
	closed_is(a, "the closed stream client's connection");
	close(a);
	a = zt_syscall(accept(fs, NULL, NULL));
	recv_all(a, "alive", 5, "the live client's data");
	send_all(a, "hello", 5, "hello");
	recv_all(alive, "hello", 5, "the live client's answer");
	close(a);
	a = zt_syscall(accept(fs, NULL, NULL));
	exited_cred_is(a, exq, "the exited child's connection not accepted");
	recv_all(a, "exq", 3, "the exited child's data not accepted");
	closed_is(a, "the exited child's connection not accepted");
	close(a);
	nothing_waits(fs, path);

	a = zt_syscall(accept(sq, NULL, NULL));
	name_is(a, false, abs, "the closed seqpacket client's connection");
	name_is(a, true, own2, "the closed seqpacket client's connection's peer");
	recv_msg(a, "q1", "the closed seqpacket client's first message");
	recv_msg(a, "q22", "the closed seqpacket client's second message");
	closed_is(a, "the closed seqpacket client's connection");
	close(a);
	nothing_waits(sq, abs);
	zt_pass();
}
