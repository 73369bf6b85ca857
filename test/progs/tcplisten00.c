// SPDX-License-Identifier: GPL-2.0
/*
 * tcplisten00: TCP listeners over IPv4 and IPv6 with their options (SO_REUSEADDR,
 * TCP_NODELAY, TCP_DEFER_ACCEPT, the keepalive timings, IPV6_V6ONLY both ways,
 * O_NONBLOCK), one on a port below 1024, a socket bound but not listening and one
 * neither bound nor listening; then the program drops root for uid 1000, as a daemon
 * does once its ports are bound. After the restore each has its address, state and
 * options as set, and each listener takes a new connection and carries data both
 * ways; the bound socket still can listen, the unbound one still can connect.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#define PORT	7310

struct lsn {
	int fd;
	int v6;
	int v6only;
	int port;
	int opts;		/* set the option set below */
	int defer;		/* TCP_DEFER_ACCEPT as read back (rounded to retransmits) */
};

static void listen_on(struct lsn *l)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, l->v6, 0, l->port);

	l->fd = zt_syscall(socket(l->v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	if (l->v6)
		setopt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY, l->v6only);
	if (l->opts) {
		setopt(l->fd, SOL_SOCKET, SO_REUSEADDR, 1);
		setopt(l->fd, IPPROTO_TCP, TCP_NODELAY, 1);
		setopt(l->fd, IPPROTO_TCP, TCP_DEFER_ACCEPT, 5);
		setopt(l->fd, IPPROTO_TCP, TCP_KEEPIDLE, 77);
		setopt(l->fd, IPPROTO_TCP, TCP_KEEPINTVL, 11);
		setopt(l->fd, IPPROTO_TCP, TCP_KEEPCNT, 4);
		zt_syscall(fcntl(l->fd, F_SETFL, O_NONBLOCK));
	}
	zt_check(!bind(l->fd, (struct sockaddr *)&ss, len), "bind port %d: %s", l->port,
		 strerror(errno));
	zt_syscall(listen(l->fd, 17));
	l->defer = opt(l->fd, IPPROTO_TCP, TCP_DEFER_ACCEPT);
	zt_check(!l->opts || l->defer >= 5, "TCP_DEFER_ACCEPT reads %d", l->defer);
}

static void check_name(int fd, int v6, int loop, int port, const char *what)
{
	struct sockaddr_storage want, got;
	socklen_t wlen = inet_addr_of(&want, v6, loop, port), glen = sizeof(got);

	memset(&got, 0, sizeof(got));
	zt_check(!getsockname(fd, (struct sockaddr *)&got, &glen), "getsockname %s: %s", what,
		 strerror(errno));
	zt_check(glen == wlen && !memcmp(&got, &want, wlen), "%s has another address", what);
}

/* A connection to @l over loopback: accepted, data both ways. */
static void connect_to(struct lsn *l, int v6)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, l->port);
	struct pollfd p = { .fd = l->fd, .events = POLLIN };
	char buf[8];
	int c, a;

	c = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	zt_check(!connect(c, (struct sockaddr *)&ss, len), "connect to port %d: %s", l->port,
		 strerror(errno));
	/* TCP_DEFER_ACCEPT: the connection is ready once data came. */
	zt_check(write(c, "ping", 4) == 4, "write: %s", strerror(errno));
	zt_check(poll(&p, 1, 10000) == 1, "port %d: no connection to accept", l->port);
	a = accept(l->fd, NULL, NULL);
	zt_check(a >= 0, "accept on port %d: %s", l->port, strerror(errno));
	zt_check(read(a, buf, sizeof(buf)) == 4 && !memcmp(buf, "ping", 4),
		 "port %d: the accepted connection did not read ping", l->port);
	zt_check(write(a, "pong", 4) == 4, "write: %s", strerror(errno));
	zt_check(read(c, buf, sizeof(buf)) == 4 && !memcmp(buf, "pong", 4),
		 "port %d: the client did not read pong", l->port);
	/* The client closes first: its side, not the listener's port, keeps the TIME_WAIT. */
	close(c);
	close(a);
}

int main(int argc, char **argv)
{
	struct lsn ls[] = {
		{ .v6 = 0, .port = PORT, .opts = 1 },
		{ .v6 = 1, .v6only = 1, .port = PORT + 1, .opts = 1 },
		{ .v6 = 1, .v6only = 0, .port = PORT + 2 },
		{ .v6 = 0, .port = 81 },
	};
	struct sockaddr_storage ss;
	socklen_t len;
	unsigned int i;
	int bound, unbound, c;

	zt_init(argc, argv);
	for (i = 0; i < sizeof(ls) / sizeof(ls[0]); i++)
		listen_on(&ls[i]);
	bound = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	len = inet_addr_of(&ss, 0, 1, PORT + 3);
	zt_syscall(bind(bound, (struct sockaddr *)&ss, len));
	unbound = zt_syscall(socket(AF_INET6, SOCK_STREAM, 0));
	setopt(unbound, IPPROTO_TCP, TCP_NODELAY, 1);
	zt_syscall(setresgid(1000, 1000, 1000));
	zt_syscall(setresuid(1000, 1000, 1000));
	zt_ready();
	zt_wait();

	for (i = 0; i < sizeof(ls) / sizeof(ls[0]); i++) {
		struct lsn *l = &ls[i];

		check_name(l->fd, l->v6, 0, l->port, "a listener");
		zt_check(opt(l->fd, SOL_SOCKET, SO_ACCEPTCONN) == 1, "port %d: not listening",
			 l->port);
		zt_check(opt(l->fd, SOL_SOCKET, SO_TYPE) == SOCK_STREAM, "port %d: not a stream",
			 l->port);
		if (l->v6)
			zt_check(opt(l->fd, IPPROTO_IPV6, IPV6_V6ONLY) == l->v6only,
				 "port %d: IPV6_V6ONLY is not %d", l->port, l->v6only);
		zt_check(opt(l->fd, SOL_SOCKET, SO_REUSEADDR) == l->opts,
			 "port %d: SO_REUSEADDR is not %d", l->port, l->opts);
		zt_check(opt(l->fd, IPPROTO_TCP, TCP_NODELAY) == l->opts,
			 "port %d: TCP_NODELAY is not %d", l->port, l->opts);
		zt_check(!!(fcntl(l->fd, F_GETFL) & O_NONBLOCK) == l->opts,
			 "port %d: O_NONBLOCK is not %d", l->port, l->opts);
		zt_check(opt(l->fd, IPPROTO_TCP, TCP_DEFER_ACCEPT) == l->defer,
			 "port %d: TCP_DEFER_ACCEPT is %d, not %d", l->port,
			 opt(l->fd, IPPROTO_TCP, TCP_DEFER_ACCEPT), l->defer);
		if (l->opts) {
			zt_check(opt(l->fd, IPPROTO_TCP, TCP_KEEPIDLE) == 77 &&
				 opt(l->fd, IPPROTO_TCP, TCP_KEEPINTVL) == 11 &&
				 opt(l->fd, IPPROTO_TCP, TCP_KEEPCNT) == 4,
				 "port %d: the keepalive timings are not 77/11/4", l->port);
		}
	}
	check_name(bound, 0, 1, PORT + 3, "the bound socket");
	zt_check(opt(bound, SOL_SOCKET, SO_ACCEPTCONN) == 0, "the bound socket listens");
	check_name(unbound, 1, 0, 0, "the unbound socket");
	zt_check(opt(unbound, IPPROTO_TCP, TCP_NODELAY) == 1, "the unbound socket lost TCP_NODELAY");

	for (i = 0; i < sizeof(ls) / sizeof(ls[0]); i++) {
		if (ls[i].opts)
			zt_syscall(fcntl(ls[i].fd, F_SETFL, 0));
		connect_to(&ls[i], ls[i].v6);
	}
	/* The dual-stack listener takes IPv4 too; the IPv6-only one does not. */
	connect_to(&ls[2], 0);
	len = inet_addr_of(&ss, 0, 1, PORT + 1);
	c = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	zt_check(connect(c, (struct sockaddr *)&ss, len) < 0 && errno == ECONNREFUSED,
		 "the IPv6-only listener took an IPv4 connection");
	close(c);
	/* The unbound socket connects; the bound one listens now. */
	len = inet_addr_of(&ss, 1, 1, PORT + 2);
	zt_check(!connect(unbound, (struct sockaddr *)&ss, len), "the unbound socket connects: %s",
		 strerror(errno));
	zt_check(write(unbound, "x", 1) == 1, "write: %s", strerror(errno));
	c = accept(ls[2].fd, NULL, NULL);
	zt_check(c >= 0, "accept the unbound socket's connection: %s", strerror(errno));
	close(unbound);
	close(c);
	struct lsn b = { .fd = bound, .port = PORT + 3 };

	zt_syscall(listen(bound, 1));
	connect_to(&b, 0);
	zt_pass();
}
