// SPDX-License-Identifier: GPL-2.0
/*
 * udp00: UDP sockets over IPv4 and IPv6, bound, connected and autobound, with
 * datagrams queued and not read: three from two senders on one IPv4 socket, one on a
 * connected socket, an IPv6 one and an IPv4 one on a dual-stack IPv6 socket. Options
 * IP_TOS, IP_TTL, IP_PKTINFO, IP_RECVTTL, IPV6_RECVPKTINFO, IPV6_UNICAST_HOPS,
 * IPV6_TCLASS. After the restore recvmsg() returns each datagram in order with its
 * bytes, its source address and port, the destination IP_PKTINFO/IPV6_PKTINFO
 * reports and its TTL; the queues are then empty, the addresses, peers and options
 * as set, and new datagrams flow.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define PORT	7320

static socklen_t sa4(struct sockaddr_storage *ss, int port)
{
	struct sockaddr_in *s = (struct sockaddr_in *)ss;

	memset(ss, 0, sizeof(*ss));
	s->sin_family = AF_INET;
	s->sin_port = htons(port);
	s->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	return sizeof(*s);
}

static socklen_t sa6(struct sockaddr_storage *ss, int port, int any)
{
	struct sockaddr_in6 *s = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	s->sin6_family = AF_INET6;
	s->sin6_port = htons(port);
	s->sin6_addr = any ? in6addr_any : in6addr_loopback;
	return sizeof(*s);
}

static void send_to(int fd, const char *msg, const struct sockaddr_storage *to, socklen_t len)
{
	zt_check(sendto(fd, msg, strlen(msg), 0, (const struct sockaddr *)to, len) ==
		 (ssize_t)strlen(msg), "sendto %s: %s", msg, strerror(errno));
}

static struct sockaddr_storage name_of(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	memset(&ss, 0, sizeof(ss));
	zt_syscall(getsockname(fd, (struct sockaddr *)&ss, &len));
	return ss;
}

/* Wait until @fd has a datagram to read (loopback delivers at once, or nearly). */
static void wait_queued(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	zt_check(poll(&p, 1, 5000) == 1, "%s received nothing", what);
}

/*
 * Receive one datagram on @fd and compare: its bytes, its source @from, and what the
 * socket's ancillary data says (@dst as the packet's destination, @ttl).
 */
static void expect(int fd, const char *msg, const struct sockaddr_storage *from,
		   const char *dst, int ttl, const char *what)
{
	char buf[256], cbuf[512], txt[INET6_ADDRSTRLEN];
	struct sockaddr_storage src;
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = {
		.msg_name = &src, .msg_namelen = sizeof(src), .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	int have_dst = 0, have_ttl = 0;
	struct cmsghdr *c;
	ssize_t n;

	memset(&src, 0, sizeof(src));
	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	zt_check(n >= 0, "%s: no datagram: %s", what, strerror(errno));
	zt_check((size_t)n == strlen(msg) && !memcmp(buf, msg, n), "%s: got %.*s, not %s", what,
		 (int)n, buf, msg);
	zt_check(mh.msg_namelen == (from->ss_family == AF_INET6 ? sizeof(struct sockaddr_in6) :
				    sizeof(struct sockaddr_in)) &&
		 !memcmp(&src, from, mh.msg_namelen), "%s: from another address or port", what);
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo *pi = (struct in_pktinfo *)CMSG_DATA(c);

			inet_ntop(AF_INET, &pi->ipi_addr, txt, sizeof(txt));
			zt_check(dst && !strcmp(txt, dst), "%s: IP_PKTINFO says %s, not %s", what, txt,
				 dst);
			have_dst = 1;
		} else if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo *pi = (struct in6_pktinfo *)CMSG_DATA(c);

			inet_ntop(AF_INET6, &pi->ipi6_addr, txt, sizeof(txt));
			zt_check(dst && !strcmp(txt, dst), "%s: IPV6_PKTINFO says %s, not %s", what, txt,
				 dst);
			zt_check(pi->ipi6_ifindex == 1, "%s: IPV6_PKTINFO names interface %u",
				 what, pi->ipi6_ifindex);
			have_dst = 1;
		} else if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) {
			zt_check(ttl && *(int *)CMSG_DATA(c) == ttl, "%s: TTL %d, not %d", what,
				 *(int *)CMSG_DATA(c), ttl);
			have_ttl = 1;
		}
	}
	zt_check(!dst || have_dst, "%s: no destination in the ancillary data", what);
	zt_check(!ttl || have_ttl, "%s: no TTL in the ancillary data", what);
}

static void empty(int fd, const char *what)
{
	char c;

	zt_check(recv(fd, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN,
		 "%s: more datagrams than were queued", what);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage sa, sb, sc, sd, se, peer, v4mapped;
	int a, b, c, d, e;
	socklen_t len;

	zt_init(argc, argv);
	/* a: bound, reports destination and TTL; b: bound and connected to a; c: autobound. */
	a = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	setopt(a, IPPROTO_IP, IP_PKTINFO, 1);
	setopt(a, IPPROTO_IP, IP_RECVTTL, 1);
	setopt(a, IPPROTO_IP, IP_TOS, 0x10);
	setopt(a, IPPROTO_IP, IP_TTL, 33);
	len = sa4(&sa, PORT);
	zt_syscall(bind(a, (struct sockaddr *)&sa, len));
	b = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	sa4(&sb, PORT + 1);
	zt_syscall(bind(b, (struct sockaddr *)&sb, len));
	zt_syscall(connect(b, (struct sockaddr *)&sa, len));
	setopt(b, IPPROTO_IP, IP_TTL, 44);
	c = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	/* d: IPv6 dual-stack, bound to any, reports its destinations; e: IPv6, autobound. */
	d = zt_syscall(socket(AF_INET6, SOCK_DGRAM, 0));
	setopt(d, IPPROTO_IPV6, IPV6_V6ONLY, 0);
	setopt(d, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1);
	setopt(d, IPPROTO_IPV6, IPV6_TCLASS, 0x20);
	len = sa6(&sd, PORT + 2, 1);
	zt_syscall(bind(d, (struct sockaddr *)&sd, len));
	e = zt_syscall(socket(AF_INET6, SOCK_DGRAM, 0));
	setopt(e, IPPROTO_IPV6, IPV6_UNICAST_HOPS, 9);

	zt_check(send(b, "one", 3, 0) == 3, "send one: %s", strerror(errno));
	send_to(c, "two", &sa, sizeof(struct sockaddr_in));
	zt_check(send(b, "three", 5, 0) == 5, "send three: %s", strerror(errno));
	send_to(a, "back", &sb, sizeof(struct sockaddr_in));
	sa6(&peer, PORT + 2, 0);
	send_to(e, "six", &peer, sizeof(struct sockaddr_in6));
	sa4(&peer, PORT + 2);
	send_to(c, "four", &peer, sizeof(struct sockaddr_in));
	sc = name_of(c);
	se = name_of(e);
	/* What d reports as c's address: IPv4-mapped. */
	memset(&v4mapped, 0, sizeof(v4mapped));
	((struct sockaddr_in6 *)&v4mapped)->sin6_family = AF_INET6;
	((struct sockaddr_in6 *)&v4mapped)->sin6_port = ((struct sockaddr_in *)&sc)->sin_port;
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &((struct sockaddr_in6 *)&v4mapped)->sin6_addr);
	wait_queued(a, "a");
	wait_queued(b, "b");
	wait_queued(d, "d");
	usleep(100000);
	zt_ready();
	zt_wait();

	zt_check(opt(a, IPPROTO_IP, IP_TOS) == 0x10 && opt(a, IPPROTO_IP, IP_TTL) == 33 &&
		 opt(a, IPPROTO_IP, IP_PKTINFO) == 1 && opt(a, IPPROTO_IP, IP_RECVTTL) == 1,
		 "a's IP_TOS, IP_TTL, IP_PKTINFO or IP_RECVTTL changed");
	zt_check(opt(b, IPPROTO_IP, IP_TTL) == 44, "b's IP_TTL changed");
	zt_check(opt(d, IPPROTO_IPV6, IPV6_V6ONLY) == 0 &&
		 opt(d, IPPROTO_IPV6, IPV6_RECVPKTINFO) == 1 &&
		 opt(d, IPPROTO_IPV6, IPV6_TCLASS) == 0x20,
		 "d's IPV6_V6ONLY, IPV6_RECVPKTINFO or IPV6_TCLASS changed");
	zt_check(opt(e, IPPROTO_IPV6, IPV6_UNICAST_HOPS) == 9, "e's IPV6_UNICAST_HOPS changed");
	len = sizeof(peer);
	zt_check(!getpeername(b, (struct sockaddr *)&peer, &len) &&
		 len == sizeof(struct sockaddr_in) &&
		 !memcmp(&peer, &sa, len), "b is not connected to a");
	zt_check(getpeername(a, (struct sockaddr *)&peer, &len) < 0 && errno == ENOTCONN,
		 "a is connected");
	{
		struct sockaddr_storage n = name_of(c);

		zt_check(!memcmp(&n, &sc, sizeof(struct sockaddr_in)), "c's port changed");
		n = name_of(e);
		zt_check(!memcmp(&n, &se, sizeof(struct sockaddr_in6)), "e's port changed");
	}

	/* c sent from its autobound port on any address: the source is loopback. */
	((struct sockaddr_in *)&sc)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	expect(a, "one", &sb, "127.0.0.1", 44, "a's first");
	expect(a, "two", &sc, "127.0.0.1", 64, "a's second");
	expect(a, "three", &sb, "127.0.0.1", 44, "a's third");
	empty(a, "a");
	expect(b, "back", &sa, NULL, 0, "b's");
	empty(b, "b");
	((struct sockaddr_in6 *)&se)->sin6_addr = in6addr_loopback;
	expect(d, "six", &se, "::1", 0, "d's IPv6 one");
	expect(d, "four", &v4mapped, "::ffff:127.0.0.1", 0, "d's IPv4 one");
	empty(d, "d");

	/* And new datagrams flow. */
	zt_check(send(b, "again", 5, 0) == 5, "send again: %s", strerror(errno));
	{
		struct pollfd p = { .fd = a, .events = POLLIN };

		zt_check(poll(&p, 1, 5000) == 1, "a does not receive after the restore");
	}
	expect(a, "again", &sb, "127.0.0.1", 44, "a's new one");
	zt_pass();
}
