// SPDX-License-Identifier: GPL-2.0
/*
 * tcpsynq00: connections in their handshake on TCP listeners inside the CT, carried. Two
 * listeners under TCP_DEFER_ACCEPT (an IPv4 one, and an IPv6 one that takes IPv4 too) each
 * hold connections whose clients connected and sent nothing: the kernel keeps them as
 * requests (SYN_RECV), not in the accept queue. After the restore they are requests still
 * (accept() finds none). The IPv4 listener's client sends a line, which makes its connection;
 * the IPv6 listener drops TCP_DEFER_ACCEPT, so that its requests' timers send their SYN-ACKs
 * again and the clients' ACKs make their connections, with nothing sent yet. Each accepted
 * connection reads its client's line and answers, and the client reads the answer. It has the
 * client's port, and the options both ends agreed on in the handshake (window scales
 * crosswise, timestamps, SACK).
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define PORT	7390	/* 7390: IPv4, 7391: IPv6 and IPv4 */
#define NCLI	3

struct cli {
	int v6l;		/* to the IPv6 listener */
	int v6;			/* over IPv6 */
	int fd;
	int port;		/* its own */
	char line[32];
};

static int listener(int v6)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, !v6, PORT + v6);
	int l = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));

	setopt(l, SOL_SOCKET, SO_REUSEADDR, 1);
	/* Held 10 minutes before the kernel lets an idle client go. */
	setopt(l, IPPROTO_TCP, TCP_DEFER_ACCEPT, 600);
	if (v6) {
		setopt(l, IPPROTO_IPV6, IPV6_V6ONLY, 0);
		/* Its SYN-ACKs go again many times once it takes them without data (below). */
		setopt(l, IPPROTO_TCP, TCP_SYNCNT, 127);
	}
	zt_syscall(bind(l, (struct sockaddr *)&ss, len));
	zt_syscall(listen(l, 8));
	zt_syscall(fcntl(l, F_SETFL, O_NONBLOCK));
	return l;
}

static int port_of(const struct sockaddr_storage *ss)
{
	return ntohs(ss->ss_family == AF_INET6 ? ((const struct sockaddr_in6 *)ss)->sin6_port :
						 ((const struct sockaddr_in *)ss)->sin_port);
}

static void dial(struct cli *c, int i)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, c->v6, 1, PORT + c->v6l);

	c->fd = zt_syscall(socket(c->v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(c->fd, (struct sockaddr *)&ss, len));
	len = sizeof(ss);
	zt_syscall(getsockname(c->fd, (struct sockaddr *)&ss, &len));
	c->port = port_of(&ss);
	snprintf(c->line, sizeof(c->line), "line %d of client %d\n", i * 7, i);
}

/* None of the listener's connections is past its handshake. */
static void none_accepted(int l, const char *what)
{
	int a = accept(l, NULL, NULL);

	zt_check(a < 0 && errno == EAGAIN, "%s: accept() gives %d (%s), not EAGAIN", what, a,
		 strerror(errno));
}


/* The listener's next connection, and its client's port. */
static int accepted(int l, int *port, const char *what)
{
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	struct pollfd p = { .fd = l, .events = POLLIN };

	zt_check(poll(&p, 1, 130000) == 1, "%s accepts nothing", what);
	*port = 0;
	p.fd = zt_syscall(accept(l, (struct sockaddr *)&peer, &plen));
	*port = port_of(&peer);
	return p.fd;
}

/*
 * Client @i's connection accepted as @a: it reads the client's line (sent by now), agrees on
 * the options, answers; the client reads the answer and the EOF.
 */
static void talk(struct cli *c, int i, int a)
{
	size_t n = strlen(c->line);
	struct tcp_info ci, ai;

	stream_expect(a, c->line, n, "the accepted connection");
	ci = tcp_info_of(c->fd);
	ai = tcp_info_of(a);
	zt_check(ci.tcpi_options == ai.tcpi_options &&
		 ci.tcpi_snd_wscale == ai.tcpi_rcv_wscale &&
		 ci.tcpi_rcv_wscale == ai.tcpi_snd_wscale,
		 "client %d: options %#x, scales %u/%u; accepted: %#x, %u/%u", i, ci.tcpi_options,
		 ci.tcpi_snd_wscale, ci.tcpi_rcv_wscale, ai.tcpi_options, ai.tcpi_snd_wscale,
		 ai.tcpi_rcv_wscale);
	zt_check(write(a, "answer", 6) == 6, "client %d: answer: %s", i, strerror(errno));
	stream_expect(c->fd, "answer", 6, "the client");
	close(a);
	stream_eof(c->fd, "the client");
	close(c->fd);
	c->fd = -1;
}

static void send_line(struct cli *c, int i)
{
	size_t n = strlen(c->line);

	zt_check(write(c->fd, c->line, n) == (ssize_t)n, "client %d: write: %s", i,
		 strerror(errno));
}

int main(int argc, char **argv)
{
	struct cli c[NCLI] = {
		{ .v6l = 0, .v6 = 0 }, { .v6l = 1, .v6 = 1 }, { .v6l = 1, .v6 = 0 },
	};
	int l[2], i, k, a, port;

	zt_init(argc, argv);
	l[0] = listener(0);
	l[1] = listener(1);
	for (i = 0; i < NCLI; i++)
		dial(&c[i], i);
	usleep(200000);
	none_accepted(l[0], "the IPv4 listener before the dump");
	none_accepted(l[1], "the IPv6 listener before the dump");
	for (i = 0; i < NCLI; i++)
		zt_check(tcp_state_of(c[i].fd) == TCP_ESTABLISHED, "client %d is in state %d", i,
			 tcp_state_of(c[i].fd));
	zt_ready();
	zt_wait();

	zt_check(opt(l[1], IPPROTO_TCP, TCP_SYNCNT) == 127, "the IPv6 listener's TCP_SYNCNT is %d",
		 opt(l[1], IPPROTO_TCP, TCP_SYNCNT));
	none_accepted(l[0], "the IPv4 listener after the restore");
	none_accepted(l[1], "the IPv6 listener after the restore");
	/* The IPv4 client's line makes its connection. */
	send_line(&c[0], 0);
	a = accepted(l[0], &port, "the IPv4 listener");
	zt_check(port == c[0].port, "the IPv4 listener accepted port %d, not %d", port, c[0].port);
	talk(&c[0], 0, a);
	/* The IPv6 listener's SYN-ACKs sent again and acknowledged make its, in either order. */
	setopt(l[1], IPPROTO_TCP, TCP_DEFER_ACCEPT, 0);
	for (k = 1; k < NCLI; k++) {
		a = accepted(l[1], &port, "the IPv6 listener");
		for (i = 1; i < NCLI && (c[i].port != port || c[i].fd < 0); i++)
			;
		zt_check(i < NCLI, "the IPv6 listener accepted port %d, no client's", port);
		send_line(&c[i], i);
		talk(&c[i], i, a);
	}
	zt_pass();
}
