// SPDX-License-Identifier: GPL-2.0
/*
 * pktinfohold DEV ADDR...: for each address of device DEV (IPv4 or IPv6), a UDP socket
 * bound to it asking for IP_PKTINFO / IPV6_RECVPKTINFO, with a datagram sent to it from
 * the CT itself left queued (the kernel says it came in by DEV). Prints "ready DEV index
 * N", then waits for SIGTERM (after a checkpoint and restore, whose new device may have
 * another index); then reads each datagram and checks that its ancillary data name the
 * interface DEV is now, and prints "PASS index N -> M" or "FAIL why".
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <net/if.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PORT	7330
#define MAXADDR	8

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void fail(const char *fmt, const char *a, const char *b)
{
	printf("FAIL ");
	printf(fmt, a, b);
	printf("\n");
	exit(1);
}

struct held {
	const char *addr;
	int fd, family;
};

/* A socket bound to @h->addr with the datagram "@h->addr" queued on it. */
static void hold(struct held *h, int port)
{
	struct sockaddr_storage ss = { 0 };
	struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
	socklen_t len;
	int one = 1, tx;

	if (inet_pton(AF_INET, h->addr, &s4->sin_addr) == 1) {
		h->family = s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		len = sizeof(*s4);
	} else if (inet_pton(AF_INET6, h->addr, &s6->sin6_addr) == 1) {
		h->family = s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		len = sizeof(*s6);
	} else {
		fail("%s is no address%s", h->addr, "");
	}
	h->fd = socket(h->family, SOCK_DGRAM, 0);
	tx = socket(h->family, SOCK_DGRAM, 0);
	if (h->fd < 0 || tx < 0)
		fail("socket: %s%s", strerror(errno), "");
	if ((h->family == AF_INET ? setsockopt(h->fd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one)) :
	     setsockopt(h->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one))) ||
	    bind(h->fd, (struct sockaddr *)&ss, len))
		fail("bind to %s: %s", h->addr, strerror(errno));
	if (sendto(tx, h->addr, strlen(h->addr), 0, (struct sockaddr *)&ss, len) !=
	    (ssize_t)strlen(h->addr))
		fail("send to %s: %s", h->addr, strerror(errno));
	close(tx);
}

/* The interface the queued datagram of @h came in by, as its ancillary data say. */
static int came_by(struct held *h)
{
	char buf[64], cbuf[256];
	struct iovec iov = { buf, sizeof(buf) };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(h->fd, &mh, MSG_DONTWAIT);
	if (n < 0)
		fail("no datagram on %s: %s", h->addr, strerror(errno));
	if ((size_t)n != strlen(h->addr) || memcmp(buf, h->addr, n))
		fail("the datagram on %s is not what was sent%s", h->addr, "");
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO)
			return ((struct in_pktinfo *)CMSG_DATA(c))->ipi_ifindex;
		if (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_PKTINFO)
			return ((struct in6_pktinfo *)CMSG_DATA(c))->ipi6_ifindex;
	}
	fail("no IP_PKTINFO on %s's datagram%s", h->addr, "");
	return 0;
}

int main(int argc, char **argv)
{
	struct held h[MAXADDR];
	unsigned int before, now;
	char was[16], is[16];
	int i, n = argc - 2;

	if (n < 1 || n > MAXADDR) {
		fprintf(stderr, "usage: pktinfohold DEV ADDR...\n");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGTERM, on_term);
	before = if_nametoindex(argv[1]);
	if (!before)
		fail("no device %s%s", argv[1], "");
	for (i = 0; i < n; i++) {
		h[i].addr = argv[i + 2];
		hold(&h[i], PORT + i);
	}
	printf("ready %s index %u\n", argv[1], before);
	while (!stop)
		pause();
	now = if_nametoindex(argv[1]);
	if (!now)
		fail("no device %s after the restore%s", argv[1], "");
	snprintf(is, sizeof(is), "%u", now);
	for (i = 0; i < n; i++) {
		snprintf(was, sizeof(was), "%d", came_by(&h[i]));
		if (strcmp(was, is))
			fail("a datagram came in by interface %s, which is not the device's %s", was,
			     is);
	}
	printf("PASS index %u -> %u\n", before, now);
	return 0;
}
