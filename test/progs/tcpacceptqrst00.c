// SPDX-License-Identifier: GPL-2.0
/*
 * tcpacceptqrst00: connections that their clients reset while they waited in their
 * listener's queue, carried in it. An IPv4 listener has three queued: one whose client sent
 * 5 bytes and reset it, one whose client reset it at once, then one that lives. An IPv6
 * listener, on a port listen() chose, has one whose client sent 3 bytes, shut its side
 * down and then reset it. After the restore the listeners still count them queued and
 * accept() gives them in the order they came: the first reads its 5 bytes, then
 * ECONNRESET, then EOF; the second ECONNRESET, then EOF; both fail to write and name no
 * peer; the third carries data both ways with its client; the IPv6 one reads its 3 bytes,
 * then EOF, with EPIPE pending (a reset after the peer's FIN). Both listeners then take new
 * connections.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#define PORT	7385

static int listener(int v6)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, 0, 1, PORT);
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));

	/* The IPv6 one is bound by listen() to a port it chooses. */
	if (!v6) {
		/* A run before left its closed connections in TIME_WAIT on the port. */
		setopt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
		zt_syscall(bind(fd, (struct sockaddr *)&ss, len));
	}
	zt_syscall(listen(fd, 8));
	return fd;
}

/* A client of @lsn (listening on @port) that is queued there, having sent @hello. */
static int client(int lsn, int v6, int port, unsigned int nth, const char *hello)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, port);
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));

	zt_syscall(connect(fd, (struct sockaddr *)&ss, len));
	tcp_wait_queued(lsn, nth);
	if (hello)
		zt_check(write(fd, hello, strlen(hello)) == (ssize_t)strlen(hello),
			 "write hello: %s", strerror(errno));
	return fd;
}

/* Its client resets it: a close with a zero linger time, once what it sent has arrived. */
static void reset(int fd)
{
	struct linger l = { .l_onoff = 1, .l_linger = 0 };

	usleep(100000);
	zt_syscall(setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
	zt_syscall(close(fd));
}

static int take(int lsn, const char *what)
{
	struct pollfd p = { .fd = lsn, .events = POLLIN };
	int a;

	zt_check(poll(&p, 1, 10000) == 1, "%s: nothing to accept", what);
	a = accept(lsn, NULL, NULL);
	zt_check(a >= 0, "%s: accept: %s", what, strerror(errno));
	return a;
}

/* A read of @fd gives @err (0: EOF). */
static void read_gives(int fd, int err, const char *what)
{
	char c;
	ssize_t n = read(fd, &c, 1);

	if (err)
		zt_check(n < 0 && errno == err, "%s: a read gives %zd (%s), not \"%s\"", what, n,
			 n < 0 ? strerror(errno) : "-", strerror(err));
	else
		zt_check(n == 0, "%s: a read gives %zd (%s), not EOF", what, n,
			 n < 0 ? strerror(errno) : "-");
}

/* Reset: ended, no peer, no write. */
static void was_reset(int a, const char *what)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	zt_check(tcp_state_of(a) == TCP_CLOSE, "%s is in TCP state %d", what, tcp_state_of(a));
	zt_check(getpeername(a, (struct sockaddr *)&ss, &len) < 0 && errno == ENOTCONN,
		 "%s names a peer", what);
	zt_check(send(a, "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE, "%s writes", what);
}

int main(int argc, char **argv)
{
	int l4, l6, port6, c1, c2, c3, c6, a;

	zt_init(argc, argv);
	l4 = listener(0);
	l6 = listener(1);
	port6 = inet_port_of(l6);
	c1 = client(l4, 0, PORT, 1, "hello");
	c2 = client(l4, 0, PORT, 2, NULL);
	c3 = client(l4, 0, PORT, 3, "live!");
	c6 = client(l6, 1, port6, 1, "six");
	zt_syscall(shutdown(c6, SHUT_WR));
	reset(c1);
	reset(c2);
	reset(c6);
	zt_ready();
	zt_wait();

	zt_check(tcp_queued(l4) == 3 && tcp_queued(l6) == 1,
		 "the listeners count %u and %u connections queued, not 3 and 1", tcp_queued(l4),
		 tcp_queued(l6));
	a = take(l4, "the first IPv4 connection");
	stream_expect(a, "hello", 5, "the first IPv4 connection");
	read_gives(a, ECONNRESET, "the first IPv4 connection");
	read_gives(a, 0, "the first IPv4 connection");
	was_reset(a, "the first IPv4 connection");
	close(a);

	a = take(l4, "the second IPv4 connection");
	read_gives(a, ECONNRESET, "the second IPv4 connection");
	read_gives(a, 0, "the second IPv4 connection");
	was_reset(a, "the second IPv4 connection");
	close(a);

	a = take(l4, "the third IPv4 connection");
	stream_expect(a, "live!", 5, "the third IPv4 connection");
	zt_check(write(a, "pong!", 5) == 5, "write: %s", strerror(errno));
	stream_expect(c3, "pong!", 5, "the third IPv4 client");
	close(a);
	close(c3);

	a = take(l6, "the IPv6 connection");
	stream_expect(a, "six", 3, "the IPv6 connection");
	read_gives(a, 0, "the IPv6 connection");
	zt_check(opt(a, SOL_SOCKET, SO_ERROR) == EPIPE, "the IPv6 connection has no EPIPE pending");
	zt_check(tcp_state_of(a) == TCP_CLOSE, "the IPv6 connection is in TCP state %d",
		 tcp_state_of(a));
	close(a);

	zt_check(inet_port_of(l6) == port6, "the IPv6 listener's port became %d, not %d",
		 inet_port_of(l6), port6);
	c1 = client(l4, 0, PORT, 1, "fresh");
	a = take(l4, "a new IPv4 connection");
	stream_expect(a, "fresh", 5, "a new IPv4 connection");
	c6 = client(l6, 1, port6, 1, "new6!");
	a = take(l6, "a new IPv6 connection");
	stream_expect(a, "new6!", 5, "a new IPv6 connection");
	zt_pass();
}
