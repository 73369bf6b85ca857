// SPDX-License-Identifier: GPL-2.0
/*
 * tcpended00: sockets whose connection has ended while their task still holds them, carried
 * with what they still report. Over IPv4 a client got 5 bytes and then a reset: it reads the
 * bytes, then ECONNRESET, then EOF. Over IPv6 a client shut down first and its peer answered
 * and closed: it reads the answer, then EOF. The server end of a
 * third connection, reset by its client: ECONNRESET, then EOF, its port given back.
 * A connected UDP socket whose datagram was refused: ECONNREFUSED pending, read once. The
 * server end of a fourth, reset only after the restore, gives its port back then, as it would
 * have before (its port was its listener's, not bound by it).
 * Each writes nothing (EPIPE), names its own address still and no peer.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define PORT	7372	/* 7372 IPv4, 7373 IPv6, 7374 the server end, 7375 UDP's peer, 7376 */

struct ended {
	const char *what;
	int fd;
	struct sockaddr_storage self;
};

static void name_of(struct ended *e)
{
	socklen_t len = sizeof(e->self);

	zt_syscall(getsockname(e->fd, (struct sockaddr *)&e->self, &len));
}

/* What each ended socket gives whatever it read: its address, no peer, no write. */
static void still_ended(const struct ended *e)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len = sizeof(ss);

	zt_check(tcp_state_of(e->fd) == TCP_CLOSE, "%s is in TCP state %d, not CLOSE", e->what,
		 tcp_state_of(e->fd));
	zt_syscall(getsockname(e->fd, (struct sockaddr *)&ss, &len));
	zt_check(!memcmp(&ss, &e->self, sizeof(ss)), "%s names another address", e->what);
	len = sizeof(ss);
	zt_check(getpeername(e->fd, (struct sockaddr *)&ss, &len) < 0 && errno == ENOTCONN,
		 "%s names a peer", e->what);
	zt_check(send(e->fd, "x", 1, MSG_NOSIGNAL) < 0, "%s writes", e->what);
}

/* Bytes to read (FIONREAD) of @fd once they have come. */
static void wait_inq(int fd, int want, const char *what)
{
	int i, n = -1;

	for (i = 0; i < 1000; i++) {
		zt_syscall(ioctl(fd, FIONREAD, &n));
		if (n == want)
			return;
		usleep(10000);
	}
	zt_check(0, "%s has %d bytes to read, not %d", what, n, want);
}

static void reset_by_peer(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	zt_syscall(setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	zt_syscall(close(fd));
}

static void read_error(int fd, int err, const char *what)
{
	char c;

	zt_check(read(fd, &c, 1) < 0 && errno == err, "%s: not %s where it was due", what,
		 strerror(err));
}

/* A new socket's bind() to @port of the loopback address: 0, or its errno. */
static int bind_err(int v6, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, port);
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0)), err = 0;

	if (bind(fd, (struct sockaddr *)&ss, len))
		err = errno;
	close(fd);
	return err;
}

int main(int argc, char **argv)
{
	struct ended a = { .what = "the reset IPv4 client" };
	struct ended b = { .what = "the IPv6 client closed both ways" };
	struct ended c = { .what = "the reset server end" };
	struct ended u = { .what = "the refused UDP socket" };
	struct sockaddr_storage ss;
	struct pollfd p;
	int peer, w, d, dw;

	zt_init(argc, argv);
	/* a: 5 bytes, then the server's reset. */
	tcp_loop_pair(0, PORT, 65536, 65536, &a.fd, &peer);
	zt_check(write(peer, "hello", 5) == 5, "write: %s", strerror(errno));
	wait_inq(a.fd, 5, a.what);
	reset_by_peer(peer);
	tcp_wait_state(a.fd, TCP_CLOSE, a.what);
	name_of(&a);

	/* b: its FIN, then the peer's answer and FIN. */
	tcp_loop_pair(1, PORT + 1, 65536, 65536, &b.fd, &peer);
	zt_syscall(shutdown(b.fd, SHUT_WR));
	stream_eof(peer, "the IPv6 server");
	zt_check(write(peer, "bye", 3) == 3, "write: %s", strerror(errno));
	close(peer);
	tcp_wait_state(b.fd, TCP_CLOSE, b.what);
	name_of(&b);

	/* c: the client resets the server's end. */
	tcp_loop_pair(0, PORT + 2, 65536, 65536, &w, &c.fd);
	reset_by_peer(w);
	tcp_wait_state(c.fd, TCP_CLOSE, c.what);
	name_of(&c);
	/* Its end gave its port back: a listener's connection does not hold it (sk_clone_lock()). */
	zt_check(!bind_err(0, PORT + 2), "%s holds its port", c.what);

	/* u: a datagram to a port nobody has; the ICMP error is pending. */
	u.fd = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	zt_syscall(connect(u.fd, (struct sockaddr *)&ss, inet_addr_of(&ss, 0, 1, PORT + 3)));
	zt_check(send(u.fd, "x", 1, 0) == 1, "send: %s", strerror(errno));
	p = (struct pollfd){ .fd = u.fd };
	zt_check(poll(&p, 1, 10000) == 1 && (p.revents & POLLERR), "no error came to %s", u.what);

	/* d: established across the checkpoint, holding its port. */
	tcp_loop_pair(0, PORT + 4, 65536, 65536, &dw, &d);
	zt_check(bind_err(0, PORT + 4) == EADDRINUSE, "the fourth server end's port is free");

	zt_ready();
	zt_wait();

	/* A write would take the error: the reads first. */
	stream_expect(a.fd, "hello", 5, a.what);
	read_error(a.fd, ECONNRESET, a.what);
	still_ended(&a);
	stream_eof(a.fd, a.what);

	still_ended(&b);
	stream_expect(b.fd, "bye", 3, b.what);
	stream_eof(b.fd, b.what);
	stream_eof(b.fd, b.what);

	read_error(c.fd, ECONNRESET, c.what);
	still_ended(&c);
	stream_eof(c.fd, c.what);
	zt_check(!bind_err(0, PORT + 2), "%s holds its port", c.what);

	p = (struct pollfd){ .fd = u.fd };
	zt_check(poll(&p, 1, 0) == 1 && (p.revents & POLLERR), "%s has no error pending", u.what);
	zt_check(opt(u.fd, SOL_SOCKET, SO_ERROR) == ECONNREFUSED, "%s: not ECONNREFUSED", u.what);
	zt_check(opt(u.fd, SOL_SOCKET, SO_ERROR) == 0, "%s: its error is still there", u.what);

	zt_check(bind_err(0, PORT + 4) == EADDRINUSE, "the fourth server end's port is free");
	reset_by_peer(dw);
	tcp_wait_state(d, TCP_CLOSE, "the fourth server end");
	zt_check(!bind_err(0, PORT + 4), "the fourth server end holds its port after its end");
	zt_pass();
}
