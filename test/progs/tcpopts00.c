// SPDX-License-Identifier: GPL-2.0
/*
 * tcpopts00: TCP options of a socket's own that its INET record has no room for, carried in its
 * TCP_OPTS record: TCP_NOTSENT_LOWAT, TCP_LINGER2, TCP_WINDOW_CLAMP and TCP_CONGESTION.
 *   l   a listener on 127.0.0.1:7389 with NOTSENT_LOWAT 65536, LINGER2 30, WINDOW_CLAMP 20000
 *       and congestion control reno (Debian's default is cubic), set before listen(): the
 *       connections it accepts take all but the clamp
 *   c   a client connected to it, then NOTSENT_LOWAT 4096, LINGER2 -1 (no FIN_WAIT2) and reno
 *   a   its accepted end (taking l's), then LINGER2 200, which the kernel cuts to 120
 *   u   an unbound IPv4 socket with WINDOW_CLAMP 5000 and NOTSENT_LOWAT 777
 *   u6  an unbound IPv6 socket with LINGER2 -1 and NOTSENT_LOWAT 100
 * Before the checkpoint and after the restore each reads back as set; after the restore c and
 * a still carry bytes both ways, and a new connection to l takes l's options again.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <netinet/tcp.h>
#include <poll.h>

#define PORT	7389

struct want {
	int *fd;
	const char *name;
	int notsent, linger2, clamp;	/* clamp 0: not checked (the kernel's own) */
	const char *ca;			/* NULL: the namespace's default, not checked */
};

static int l, c, a, u, u6;

static const struct want wants[] = {
	{ &l, "l", 65536, 30, 20000, "reno" },
	{ &c, "c", 4096, -1, 0, "reno" },
	{ &a, "a", 65536, 120, 0, "reno" },
	{ &u, "u", 777, 60, 5000, NULL },
	{ &u6, "u6", 100, -1, 0, NULL },
};

/* TCP_LINGER2 0 reads as the namespace's tcp_fin_timeout (60 s unless changed). */
static int fin_timeout(void)
{
	FILE *f = fopen("/proc/sys/net/ipv4/tcp_fin_timeout", "r");
	int v = -2;

	zt_check(f && fscanf(f, "%d", &v) == 1, "read tcp_fin_timeout: %s", strerror(errno));
	fclose(f);
	return v;
}

/* Its congestion control's name. */
static const char *ca_of(int fd, char *buf, socklen_t len)
{
	memset(buf, 0, len);
	zt_syscall(getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, buf, &len));
	return buf;
}

static void check_all(const char *when)
{
	const struct want *w;
	char ca[16];
	int linger2;

	for (w = wants; w < wants + sizeof(wants) / sizeof(wants[0]); w++) {
		linger2 = w->linger2 == 60 ? fin_timeout() : w->linger2;
		zt_check(opt(*w->fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT) == w->notsent,
			 "%s: TCP_NOTSENT_LOWAT %d, not %d %s", w->name,
			 opt(*w->fd, IPPROTO_TCP, TCP_NOTSENT_LOWAT), w->notsent, when);
		zt_check(opt(*w->fd, IPPROTO_TCP, TCP_LINGER2) == linger2,
			 "%s: TCP_LINGER2 %d, not %d %s", w->name,
			 opt(*w->fd, IPPROTO_TCP, TCP_LINGER2), linger2, when);
		zt_check(!w->clamp || opt(*w->fd, IPPROTO_TCP, TCP_WINDOW_CLAMP) == w->clamp,
			 "%s: TCP_WINDOW_CLAMP %d, not %d %s", w->name,
			 opt(*w->fd, IPPROTO_TCP, TCP_WINDOW_CLAMP), w->clamp, when);
		zt_check(!w->ca || !strcmp(ca_of(*w->fd, ca, sizeof(ca)), w->ca),
			 "%s: congestion control %s, not %s %s", w->name, ca, w->ca, when);
	}
}

static void connect_to_l(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, 0, 1, PORT);

	zt_syscall(connect(fd, (struct sockaddr *)&ss, len));
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	char ca[16];
	int c2, a2;

	zt_init(argc, argv);
	l = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	setopt(l, SOL_SOCKET, SO_REUSEADDR, 1);
	setopt(l, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 65536);
	setopt(l, IPPROTO_TCP, TCP_LINGER2, 30);
	setopt(l, IPPROTO_TCP, TCP_WINDOW_CLAMP, 20000);
	zt_syscall(setsockopt(l, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
	len = inet_addr_of(&ss, 0, 1, PORT);
	zt_syscall(bind(l, (struct sockaddr *)&ss, len));
	zt_syscall(listen(l, 8));
	c = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	connect_to_l(c);
	a = zt_syscall(accept(l, NULL, NULL));
	setopt(c, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 4096);
	setopt(c, IPPROTO_TCP, TCP_LINGER2, -1);
	zt_syscall(setsockopt(c, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
	setopt(a, IPPROTO_TCP, TCP_LINGER2, 200);
	u = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	setopt(u, IPPROTO_TCP, TCP_WINDOW_CLAMP, 5000);
	setopt(u, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 777);
	u6 = zt_syscall(socket(AF_INET6, SOCK_STREAM, 0));
	setopt(u6, IPPROTO_TCP, TCP_LINGER2, -1);
	setopt(u6, IPPROTO_TCP, TCP_NOTSENT_LOWAT, 100);
	check_all("before the checkpoint");

	zt_ready();
	zt_wait();
	check_all("after the restore");
	zt_check(write(c, "ping", 4) == 4, "c: write: %s", strerror(errno));
	stream_expect(a, "ping", 4, "a");
	zt_check(write(a, "pong", 4) == 4, "a: write: %s", strerror(errno));
	stream_expect(c, "pong", 4, "c");
	c2 = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	connect_to_l(c2);
	a2 = zt_syscall(accept(l, NULL, NULL));
	zt_check(opt(a2, IPPROTO_TCP, TCP_NOTSENT_LOWAT) == 65536 &&
		 opt(a2, IPPROTO_TCP, TCP_LINGER2) == 30 && !strcmp(ca_of(a2, ca, sizeof(ca)), "reno"),
		 "a connection accepted after the restore has NOTSENT_LOWAT %d, LINGER2 %d and %s, not l's",
		 opt(a2, IPPROTO_TCP, TCP_NOTSENT_LOWAT), opt(a2, IPPROTO_TCP, TCP_LINGER2), ca);
	zt_pass();
}
