// SPDX-License-Identifier: GPL-2.0
/*
 * tcpacceptq00: TCP connections that their listener has not accepted yet, carried in its
 * queue. An IPv4 listener, with TCP_NODELAY, SO_KEEPALIVE and a socket filter that its
 * connections inherit, has three queued: one whose client sent 20005 bytes, one whose
 * client sent nothing, one whose client sent 5 bytes and shut its side down (CLOSE_WAIT
 * in the queue, FIN_WAIT2 at the client: it still reads, and writes fail). A dual-stack IPv6 listener has two: one from an IPv4 client (an
 * IPv4-mapped peer) and one from an IPv6 client that sent 3000 bytes. The clients are
 * the program's own sockets. After the restore the listeners still count them queued
 * (TCP_INFO), accept() gives them in the order they came, each with its peer's address,
 * the bytes its client sent, the EOF after them where the client shut down, its
 * inherited options and filter; each then carries data both ways, and the listeners take
 * new connections.
 */
#include "zdtm.h"
#include "inetsock.h"
#include "sockfilt.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#define PORT	7360
#define BIG	20000

/* Accept all: a program the queued connections inherit, which SO_GET_FILTER reads back. */
static const struct sock_filter pass_all[] = {
	BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
};
static const struct sf_want filt = { .insn = pass_all, .len = 1 };

struct client {
	int fd;
	int v6;			/* over IPv6, to the IPv6 listener */
	int to6;		/* to the IPv6 listener (over IPv4 or IPv6) */
	size_t sent;		/* the pattern's bytes after its 5-byte hello, if any */
	const char *hello;	/* sent first, or NULL */
	int shut;		/* shut down its side after sending */
};

static int listener(int v6)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 0, PORT + v6);
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));

	setopt(fd, SOL_SOCKET, SO_REUSEADDR, 1);
	if (v6) {
		setopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0);
	} else {
		setopt(fd, IPPROTO_TCP, TCP_NODELAY, 1);
		setopt(fd, SOL_SOCKET, SO_KEEPALIVE, 1);
		sf_set(fd, "the IPv4 listener", &filt);
	}
	zt_syscall(bind(fd, (struct sockaddr *)&ss, len));
	zt_syscall(listen(fd, 8));
	return fd;
}

static void open_client(struct client *c, int lsn, unsigned int nth)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, c->v6, 1, PORT + c->to6);

	c->fd = zt_syscall(socket(c->v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(c->fd, (struct sockaddr *)&ss, len));
	tcp_wait_queued(lsn, nth);
	if (c->hello)
		zt_check(write(c->fd, c->hello, 5) == 5, "write hello: %s", strerror(errno));
	if (c->sent)
		zt_check(stream_fill(c->fd, 0, c->sent, (int)nth) == c->sent,
			 "a client's write is short");
	if (c->shut)
		zt_syscall(shutdown(c->fd, SHUT_WR));
}

/* @a's peer is @c's own address (an IPv4 one mapped on the IPv6 listener). */
static void check_peer(int a, const struct client *c, const char *what)
{
	struct sockaddr_storage mine, peer;
	socklen_t mlen = sizeof(mine), plen = sizeof(peer);

	zt_syscall(getsockname(c->fd, (struct sockaddr *)&mine, &mlen));
	zt_syscall(getpeername(a, (struct sockaddr *)&peer, &plen));
	if (c->to6 && !c->v6) {
		const struct sockaddr_in *m = (const struct sockaddr_in *)&mine;
		const struct sockaddr_in6 *p = (const struct sockaddr_in6 *)&peer;

		zt_check(plen == sizeof(*p) && IN6_IS_ADDR_V4MAPPED(&p->sin6_addr) &&
			 !memcmp(&p->sin6_addr.s6_addr[12], &m->sin_addr, 4) &&
			 p->sin6_port == m->sin_port,
			 "%s: its peer is not its IPv4 client, mapped", what);
		return;
	}
	zt_check(plen == mlen && !memcmp(&mine, &peer, plen),
		 "%s: its peer is not its client (accepted out of order?)", what);
}

/* Nothing to read on @fd for a while. */
static void expect_none(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	zt_check(poll(&p, 1, 200) == 0, "%s: something to read that no one sent", what);
}

static int take(int lsn, const struct client *c, const char *what)
{
	struct pollfd p = { .fd = lsn, .events = POLLIN };
	int a;

	zt_check(poll(&p, 1, 10000) == 1, "%s: nothing to accept", what);
	a = accept(lsn, NULL, NULL);
	zt_check(a >= 0, "%s: accept: %s", what, strerror(errno));
	check_peer(a, c, what);
	return a;
}

/* Data both ways on a connection accepted now. */
static void both_ways(int a, const struct client *c, const char *what)
{
	zt_check(write(a, "pong!", 5) == 5, "%s: write: %s", what, strerror(errno));
	stream_expect(c->fd, "pong!", 5, what);
	if (c->shut)
		return;
	zt_check(write(c->fd, "again", 5) == 5, "%s: write: %s", what, strerror(errno));
	stream_expect(a, "again", 5, what);
}

/* A new connection to @lsn (@v6: over IPv6) is accepted and carries a byte. */
static void fresh(int lsn, int v6, int to6)
{
	struct client c = { .v6 = v6, .to6 = to6 };
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, PORT + to6);
	int a;

	c.fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(c.fd, (struct sockaddr *)&ss, len));
	a = take(lsn, &c, "a new connection");
	both_ways(a, &c, "a new connection");
	close(a);
	close(c.fd);
}

int main(int argc, char **argv)
{
	struct client c4[] = {
		{ .hello = "first", .sent = BIG },
		{ 0 },
		{ .hello = "third", .shut = 1 },
	};
	struct client c6[] = {
		{ .to6 = 1 },
		{ .v6 = 1, .to6 = 1, .sent = 3000 },
	};
	int l4, l6, a;
	unsigned int i;

	zt_init(argc, argv);
	l4 = listener(0);
	l6 = listener(1);
	for (i = 0; i < 3; i++)
		open_client(&c4[i], l4, i + 1);
	for (i = 0; i < 2; i++)
		open_client(&c6[i], l6, i + 1);
	zt_ready();
	zt_wait();

	zt_check(tcp_queued(l4) == 3 && tcp_queued(l6) == 2,
		 "the listeners count %u and %u connections queued, not 3 and 2", tcp_queued(l4),
		 tcp_queued(l6));
	a = take(l4, &c4[0], "the first IPv4 connection");
	stream_expect(a, "first", 5, "the first IPv4 connection");
	stream_drain(a, 0, BIG, 1, "the first IPv4 connection");
	zt_check(opt(a, IPPROTO_TCP, TCP_NODELAY) == 1 && opt(a, SOL_SOCKET, SO_KEEPALIVE) == 1,
		 "the first IPv4 connection lost the options it inherited");
	sf_check(a, "the first IPv4 connection", &filt, 0, "after the restore");
	both_ways(a, &c4[0], "the first IPv4 connection");
	close(a);

	a = take(l4, &c4[1], "the second IPv4 connection");
	expect_none(a, "the second IPv4 connection");
	both_ways(a, &c4[1], "the second IPv4 connection");
	close(a);

	/* Its client, shut down for writing, is in FIN_WAIT2: it reads, its writes fail. */
	zt_check(tcp_state_of(c4[2].fd) == TCP_FIN_WAIT2, "the third IPv4 client is in state %d",
		 tcp_state_of(c4[2].fd));
	zt_check(send(c4[2].fd, "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE,
		 "the third IPv4 client, shut down, writes again");
	a = take(l4, &c4[2], "the third IPv4 connection");
	stream_expect(a, "third", 5, "the third IPv4 connection");
	stream_eof(a, "the third IPv4 connection");
	both_ways(a, &c4[2], "the third IPv4 connection");
	close(a);
	stream_eof(c4[2].fd, "the third IPv4 client");

	a = take(l6, &c6[0], "the IPv4-mapped connection");
	expect_none(a, "the IPv4-mapped connection");
	both_ways(a, &c6[0], "the IPv4-mapped connection");
	close(a);
	a = take(l6, &c6[1], "the IPv6 connection");
	stream_drain(a, 0, 3000, 2, "the IPv6 connection");
	both_ways(a, &c6[1], "the IPv6 connection");
	close(a);

	zt_check(tcp_queued(l4) == 0 && tcp_queued(l6) == 0, "connections left queued");
	fresh(l4, 0, 0);
	fresh(l6, 1, 1);
	fresh(l6, 0, 1);
	zt_pass();
}
