// SPDX-License-Identifier: GPL-2.0
/*
 * raw00: raw and ping sockets over IPv4 and IPv6, with packets queued and not read:
 *   r4  raw ICMP/IPv4, bound to 127.0.0.6 and connected to 127.0.0.7 (so it gets only
 *       their packets), ICMP_FILTER passing echo requests only; two requests queued,
 *       sent through h4 with a TTL and TOS of their own
 *   ru4 raw UDP/IPv4 (a raw socket of protocol IPPROTO_UDP, no UDP socket), bound and
 *       connected as r4; one UDP datagram queued, whole from its IP header
 *   h4  raw IPPROTO_RAW/IPv4 (IP_HDRINCL on, as the kernel makes it)
 *   r6  raw ICMPv6, ICMP6_FILTER passing echo requests only, its checksum at offset 2
 *       (the kernel's); p6's request and its own queued
 *   u6  raw IPv6 of protocol 253 with IPV6_CHECKSUM at offset 4, IPV6_HDRINCL off
 *   p4  ping/IPv4, autobound and connected to 127.0.0.1; two echo replies queued
 *   q4  ping/IPv4 bound to identifier 4242; one echo reply queued
 *   p6  ping/IPv6, autobound; one echo reply queued
 * (the CT's net.ipv4.ping_group_range is widened for the ping sockets). After the restore
 * each socket reads its packets in order, byte for byte, from the same address, then
 * none; the options, names and peers are as set, and new packets flow.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#define ECHO4		8	/* ICMP_ECHO */
#define REPLY4		0
#define ECHO6		128	/* ICMPV6_ECHO_REQUEST */
#define REPLY6		129
#define SOL_RAW_	255	/* SOL_RAW */

static struct sockaddr_in sin4(const char *a, int port)
{
	struct sockaddr_in s = { .sin_family = AF_INET, .sin_port = htons(port) };

	inet_pton(AF_INET, a, &s.sin_addr);
	return s;
}

static struct sockaddr_in6 sin6(const char *a, int port)
{
	struct sockaddr_in6 s = { .sin6_family = AF_INET6, .sin6_port = htons(port) };

	inet_pton(AF_INET6, a, &s.sin6_addr);
	return s;
}

/* An ICMP echo message: type, code, checksum 0 (the kernel's to fill), id, seq, text. */
static size_t echo(unsigned char *b, int type, int id, int seq, const char *text)
{
	size_t n = strlen(text);

	b[0] = type;
	b[1] = 0;
	b[2] = b[3] = 0;
	b[4] = id >> 8;
	b[5] = id & 0xff;
	b[6] = seq >> 8;
	b[7] = seq & 0xff;
	memcpy(b + 8, text, n);
	return 8 + n;
}

/*
 * An IPv4 packet from 127.0.0.7 to 127.0.0.6 of protocol @proto holding the @n bytes
 * at @b + 20, which h4 sends as it is (IP_HDRINCL): its header is all set but the
 * checksum, which the kernel fills.
 */
static size_t ip4(unsigned char *b, int proto, int seq, size_t n)
{
	struct sockaddr_in s = sin4("127.0.0.7", 0), d = sin4("127.0.0.6", 0);

	memset(b, 0, 20);
	b[0] = 0x45;
	b[1] = 0x20;			/* TOS */
	b[2] = (20 + n) >> 8;
	b[3] = (20 + n) & 0xff;
	b[4] = 0x12;			/* id, so the kernel leaves it */
	b[5] = seq;
	b[8] = 17;			/* TTL */
	b[9] = proto;
	memcpy(b + 12, &s.sin_addr, 4);
	memcpy(b + 16, &d.sin_addr, 4);
	return 20 + n;
}

/* An echo request in it. */
static size_t packet4(unsigned char *b, int seq, const char *text)
{
	return ip4(b, IPPROTO_ICMP, seq, echo(b + 20, ECHO4, 0x77, seq, text));
}

/* A UDP datagram from port 9 to port 9 in it, its checksum 0 (none). */
static size_t udp4(unsigned char *b, int seq, const char *text)
{
	size_t n = strlen(text);

	b[20] = b[22] = 0;
	b[21] = b[23] = 9;
	b[24] = (8 + n) >> 8;
	b[25] = (8 + n) & 0xff;
	b[26] = b[27] = 0;
	memcpy(b + 28, text, n);
	return ip4(b, IPPROTO_UDP, seq, 8 + n);
}

static void wait_in(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	zt_check(poll(&p, 1, 5000) == 1, "%s received nothing", what);
}

/*
 * Read one packet from @fd: it must be @want (@n bytes) from @from, but the bytes of
 * @skip (a checksum the kernel filled, 2 bytes at that offset; -1 none).
 */
static void expect(int fd, const unsigned char *want, size_t n, int skip,
		   const void *from, socklen_t fromlen, const char *what)
{
	unsigned char b[512];
	struct sockaddr_storage src;
	socklen_t len = sizeof(src);
	ssize_t got;
	size_t i;

	memset(&src, 0, sizeof(src));
	got = recvfrom(fd, b, sizeof(b), MSG_DONTWAIT, (struct sockaddr *)&src, &len);
	zt_check(got >= 0, "%s: nothing to read: %s", what, strerror(errno));
	zt_check((size_t)got == n, "%s: %zd bytes, not %zu", what, got, n);
	for (i = 0; i < n; i++)
		zt_check(b[i] == want[i] || (skip >= 0 && (i == (size_t)skip || i == (size_t)skip + 1)),
			 "%s: byte %zu is %#x, not %#x", what, i, b[i], want[i]);
	zt_check(len >= fromlen && !memcmp(&src, from, fromlen),
		 "%s: from another address", what);
}

static void none_left(int fd, const char *what)
{
	char c;

	zt_check(recv(fd, &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN,
		 "%s: more packets than were queued", what);
}

static int ident(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	zt_syscall(getsockname(fd, (struct sockaddr *)&ss, &len));
	return ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port :
		     ((struct sockaddr_in *)&ss)->sin_port);
}

/* A ping socket; the CT's ping_group_range is widened to root's group if need be. */
static int ping_socket(int family)
{
	int fd = socket(family, SOCK_DGRAM, family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	int f;

	if (fd >= 0 || errno != EACCES)
		return zt_syscall(fd);
	f = zt_syscall(open("/proc/sys/net/ipv4/ping_group_range", O_WRONLY));
	zt_check(write(f, "0 2147483647", 12) == 12, "ping_group_range: %s", strerror(errno));
	close(f);
	return zt_syscall(socket(family, SOCK_DGRAM,
				 family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6));
}

static void send_all(int fd, const void *b, size_t n, const void *to, socklen_t tolen,
		     const char *what)
{
	zt_check(sendto(fd, b, n, 0, (const struct sockaddr *)to, tolen) == (ssize_t)n,
		 "%s: sendto: %s", what, strerror(errno));
}

int main(int argc, char **argv)
{
	unsigned char pk1[64], pk2[64], pk3[64], pu[64], e6a[64], e6b[64], r1[64], r2[64], r3[64], r6[64];
	size_t n1, n2, n3, nu, n6a, n6b, nr1, nr2, nr3, nr6;
	struct sockaddr_in lo6 = sin4("127.0.0.6", 0), lo7 = sin4("127.0.0.7", 0);
	struct sockaddr_in lo1 = sin4("127.0.0.1", 0), q4name = sin4("127.0.0.1", 4242);
	struct sockaddr_in6 six = sin6("::1", 0);
	struct icmp_filter f4 = { ~(1U << ECHO4) }, f4b;
	struct icmp6_filter f6, f6b;
	int r4, ru4, h4, rr6, u6, p4, q4, p6, id4, id6;
	socklen_t len;
	unsigned char b[64];
	size_t n;

	zt_init(argc, argv);
	r4 = zt_syscall(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
	zt_syscall(setsockopt(r4, SOL_RAW_, ICMP_FILTER, &f4, sizeof(f4)));
	zt_syscall(bind(r4, (struct sockaddr *)&lo6, sizeof(lo6)));
	zt_syscall(connect(r4, (struct sockaddr *)&lo7, sizeof(lo7)));
	ru4 = zt_syscall(socket(AF_INET, SOCK_RAW, IPPROTO_UDP));
	zt_syscall(bind(ru4, (struct sockaddr *)&lo6, sizeof(lo6)));
	zt_syscall(connect(ru4, (struct sockaddr *)&lo7, sizeof(lo7)));
	h4 = zt_syscall(socket(AF_INET, SOCK_RAW, IPPROTO_RAW));
	rr6 = zt_syscall(socket(AF_INET6, SOCK_RAW, IPPROTO_ICMPV6));
	memset(&f6, 0xff, sizeof(f6));
	f6.data[ECHO6 >> 5] &= ~(1U << (ECHO6 & 31));
	zt_syscall(setsockopt(rr6, IPPROTO_ICMPV6, ICMPV6_FILTER, &f6, sizeof(f6)));
	u6 = zt_syscall(socket(AF_INET6, SOCK_RAW, 253));
	setopt(u6, IPPROTO_IPV6, IPV6_CHECKSUM, 4);
	p4 = ping_socket(AF_INET);
	zt_syscall(connect(p4, (struct sockaddr *)&lo1, sizeof(lo1)));
	q4 = ping_socket(AF_INET);
	zt_syscall(bind(q4, (struct sockaddr *)&q4name, sizeof(q4name)));
	p6 = ping_socket(AF_INET6);

	/* r4's two, through h4. */
	n1 = packet4(pk1, 1, "raw00 one");
	n2 = packet4(pk2, 2, "raw00 second");
	send_all(h4, pk1, n1, &lo6, sizeof(lo6), "h4's first");
	send_all(h4, pk2, n2, &lo6, sizeof(lo6), "h4's second");
	nu = udp4(pu, 4, "raw00 udp");
	send_all(h4, pu, nu, &lo6, sizeof(lo6), "h4's UDP");
	/* p4's two and q4's one: the replies are the requests with type 0 and our ids. */
	id4 = ident(p4);
	n = echo(b, ECHO4, 0, 5, "ping four a");
	zt_check(send(p4, b, n, 0) == (ssize_t)n, "p4 send: %s", strerror(errno));
	nr1 = echo(r1, REPLY4, id4, 5, "ping four a");
	n = echo(b, ECHO4, 0, 6, "ping four bb");
	zt_check(send(p4, b, n, 0) == (ssize_t)n, "p4 send: %s", strerror(errno));
	nr2 = echo(r2, REPLY4, id4, 6, "ping four bb");
	n = echo(b, ECHO4, 0, 7, "ping q");
	send_all(q4, b, n, &lo1, sizeof(lo1), "q4");
	nr3 = echo(r3, REPLY4, 4242, 7, "ping q");
	/* p6's request, which r6 sees too, then r6's own. */
	n = echo(b, ECHO6, 0, 9, "ping six");
	send_all(p6, b, n, &six, sizeof(six), "p6");
	id6 = ident(p6);
	nr6 = echo(r6, REPLY6, id6, 9, "ping six");
	n6a = echo(e6a, ECHO6, id6, 9, "ping six");
	wait_in(rr6, "r6 (p6's request)");
	n6b = echo(e6b, ECHO6, 0x66, 10, "raw six");
	send_all(rr6, e6b, n6b, &six, sizeof(six), "r6");
	/* Loopback delivers before the send returns, or nearly. */
	wait_in(r4, "r4");
	wait_in(ru4, "ru4");
	wait_in(p4, "p4");
	wait_in(q4, "q4");
	wait_in(p6, "p6");
	usleep(200000);
	zt_ready();
	zt_wait();

	/* Options, names and peers. */
	len = sizeof(f4b);
	zt_check(!getsockopt(r4, SOL_RAW_, ICMP_FILTER, &f4b, &len) && len == sizeof(f4b) &&
		 f4b.data == f4.data, "r4's ICMP_FILTER is %#x, not %#x", f4b.data, f4.data);
	len = sizeof(f6b);
	zt_check(!getsockopt(rr6, IPPROTO_ICMPV6, ICMPV6_FILTER, &f6b, &len) &&
		 !memcmp(&f6b, &f6, sizeof(f6)), "r6's ICMP6_FILTER changed");
	zt_check(opt(h4, IPPROTO_IP, IP_HDRINCL) == 1, "h4 lost IP_HDRINCL");
	zt_check(opt(r4, IPPROTO_IP, IP_HDRINCL) == 0, "r4 has IP_HDRINCL");
	zt_check(opt(rr6, SOL_RAW_, IPV6_CHECKSUM) == 2, "r6's checksum offset is %d, not 2",
		 opt(rr6, SOL_RAW_, IPV6_CHECKSUM));
	zt_check(opt(u6, SOL_RAW_, IPV6_CHECKSUM) == 4, "u6's checksum offset is %d, not 4",
		 opt(u6, SOL_RAW_, IPV6_CHECKSUM));
	zt_check(opt(u6, IPPROTO_IPV6, IPV6_HDRINCL) == 0, "u6 has IPV6_HDRINCL");
	{
		struct sockaddr_in a;

		len = sizeof(a);
		zt_syscall(getsockname(r4, (struct sockaddr *)&a, &len));
		zt_check(a.sin_addr.s_addr == lo6.sin_addr.s_addr, "r4 is not bound to 127.0.0.6");
		/* No peer port, so no getpeername(): a send with no address goes to the peer. */
		n = echo(b, ECHO4, 0x78, 1, "to the peer");
		zt_check(send(r4, b, n, 0) == (ssize_t)n, "r4 is not connected: %s", strerror(errno));
	}
	zt_check(ident(p4) == id4, "p4's identifier is %d, not %d", ident(p4), id4);
	zt_check(ident(q4) == 4242, "q4's identifier is %d, not 4242", ident(q4));
	zt_check(ident(p6) == id6, "p6's identifier is %d, not %d", ident(p6), id6);

	/* The queued packets: IPv4's headers whole but their checksum, ICMP's but theirs. */
	expect(r4, pk1, n1, 10, &lo7, sizeof(lo7) - sizeof(lo7.sin_zero), "r4's first");
	expect(r4, pk2, n2, 10, &lo7, sizeof(lo7) - sizeof(lo7.sin_zero), "r4's second");
	none_left(r4, "r4");
	expect(ru4, pu, nu, 10, &lo7, sizeof(lo7) - sizeof(lo7.sin_zero), "ru4's datagram");
	none_left(ru4, "ru4");
	expect(p4, r1, nr1, 2, &lo1, 8, "p4's first reply");
	expect(p4, r2, nr2, 2, &lo1, 8, "p4's second reply");
	none_left(p4, "p4");
	expect(q4, r3, nr3, 2, &lo1, 8, "q4's reply");
	none_left(q4, "q4");
	expect(p6, r6, nr6, 2, &six, sizeof(six), "p6's reply");
	none_left(p6, "p6");
	expect(rr6, e6a, n6a, 2, &six, sizeof(six), "r6's first (p6's request)");
	expect(rr6, e6b, n6b, 2, &six, sizeof(six), "r6's second (its own)");
	none_left(rr6, "r6");
	none_left(h4, "h4");

	/* And new packets flow: p4's with no address, to its peer, whose reply comes back. */
	n3 = packet4(pk3, 3, "raw00 after");
	send_all(h4, pk3, n3, &lo6, sizeof(lo6), "h4's third");
	wait_in(r4, "r4 after the restore");
	expect(r4, pk3, n3, 10, &lo7, sizeof(lo7) - sizeof(lo7.sin_zero), "r4's new one");
	n = echo(b, ECHO4, 0, 8, "ping four c");
	zt_check(send(p4, b, n, 0) == (ssize_t)n, "p4 send: %s", strerror(errno));
	wait_in(p4, "p4 after the restore");
	nr1 = echo(r1, REPLY4, id4, 8, "ping four c");
	expect(p4, r1, nr1, 2, &lo1, 8, "p4's new reply");
	zt_pass();
}
