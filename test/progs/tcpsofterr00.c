// SPDX-License-Identifier: GPL-2.0
/*
 * tcpsofterr00: a TCP socket's soft error carried. An ICMP host unreachable for an established
 * connection leaves EHOSTUNREACH as the error a timeout would report instead of ETIMEDOUT, and
 * SO_ERROR gives it, once, when no other is pending; the next acknowledgment clears it. Two
 * connections over lo to a listener on 127.0.0.1:7392 each get such an ICMP error (made with a
 * raw socket, quoting the connection's own addresses, ports and next sequence number, read in
 * repair mode) and then their peer's reset, which ends them with ECONNRESET and nothing that
 * clears the soft error. The first is checked before the checkpoint (so the ICMP error did its
 * part), the second after the restore: SO_ERROR gives ECONNRESET, then EHOSTUNREACH, then 0.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip_icmp.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define PORT	7392

#ifndef TCP_REPAIR_OFF_NO_WP
#define TCP_REPAIR_OFF_NO_WP	-1
#endif

static unsigned short csum(const void *p, size_t n)
{
	const unsigned char *b = p;
	unsigned long s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (unsigned long)b[i] << 8 | b[i + 1];
	if (n & 1)
		s += (unsigned long)b[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return htons((unsigned short)~s);
}

/* The sequence number @fd sends next, read in repair mode, left without a window probe. */
static unsigned int snd_nxt(int fd)
{
	unsigned int seq;
	socklen_t len = sizeof(seq);

	setopt(fd, IPPROTO_TCP, TCP_REPAIR, 1);
	setopt(fd, IPPROTO_TCP, TCP_REPAIR_QUEUE, TCP_SEND_QUEUE);
	zt_syscall(getsockopt(fd, IPPROTO_TCP, TCP_QUEUE_SEQ, &seq, &len));
	setopt(fd, IPPROTO_TCP, TCP_REPAIR, TCP_REPAIR_OFF_NO_WP);
	return seq;
}

/* What a router would send for @fd's next segment: ICMP host unreachable quoting it. */
static void host_unreachable(int raw, int fd)
{
	struct {
		struct icmphdr icmp;
		struct iphdr ip;
		unsigned short sport, dport;
		unsigned int seq;
	} __attribute__((packed)) m = { 0 };
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

	m.icmp.type = ICMP_DEST_UNREACH;
	m.icmp.code = ICMP_HOST_UNREACH;
	m.ip.version = 4;
	m.ip.ihl = 5;
	m.ip.tot_len = htons(40);
	m.ip.ttl = 64;
	m.ip.protocol = IPPROTO_TCP;
	m.ip.saddr = m.ip.daddr = htonl(INADDR_LOOPBACK);
	m.ip.check = csum(&m.ip, sizeof(m.ip));
	m.sport = htons((unsigned short)inet_port_of(fd));
	m.dport = htons(PORT);
	m.seq = htonl(snd_nxt(fd));
	m.icmp.checksum = csum(&m, sizeof(m));
	zt_check(sendto(raw, &m, sizeof(m), 0, (struct sockaddr *)&to, sizeof(to)) == sizeof(m),
		 "send the ICMP error: %s", strerror(errno));
}

/* A connection to @l whose soft error is EHOSTUNREACH and that its peer then reset. */
static int errored(int l, int raw)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, 0, 1, PORT);
	struct linger lg = { 1, 0 };
	int c, a;

	c = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(c, (struct sockaddr *)&ss, len));
	a = zt_syscall(accept(l, NULL, NULL));
	host_unreachable(raw, c);
	zt_syscall(setsockopt(a, SOL_SOCKET, SO_LINGER, &lg, sizeof(lg)));
	close(a);
	tcp_wait_state(c, TCP_CLOSE, "the reset connection");
	return c;
}

/* SO_ERROR's three reads: the reset, the soft error, nothing. */
static void errors(int fd, const char *when)
{
	int i, v, want[] = { ECONNRESET, EHOSTUNREACH, 0 };

	for (i = 0; i < 3; i++) {
		v = opt(fd, SOL_SOCKET, SO_ERROR);
		zt_check(v == want[i], "SO_ERROR's read %d is %d, not %d, %s", i + 1, v, want[i],
			 when);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int l, raw, first, second;

	zt_init(argc, argv);
	raw = zt_syscall(socket(AF_INET, SOCK_RAW, IPPROTO_ICMP));
	l = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	setopt(l, SOL_SOCKET, SO_REUSEADDR, 1);
	len = inet_addr_of(&ss, 0, 1, PORT);
	zt_syscall(bind(l, (struct sockaddr *)&ss, len));
	zt_syscall(listen(l, 4));
	first = errored(l, raw);
	second = errored(l, raw);
	errors(first, "before the checkpoint");
	close(first);
	close(raw);

	zt_ready();
	zt_wait();
	errors(second, "after the restore");
	zt_pass();
}
