// SPDX-License-Identifier: GPL-2.0
/*
 * mcast01: the CT's multicast groups are reported again when it runs after a checkpoint or a
 * restore. A UDP/IPv4 socket joins 239.7.8.1 and a UDP/IPv6 socket ff15::7:8:1 on the CT's
 * eth0, and a packet socket on eth0 takes what eth0 sends. Before the checkpoint the join's
 * own IGMP and MLD reports must be seen (so the capture works), then eth0 must be quiet for
 * QUIET_MS (the kernel's unsolicited reports are over) and what came is thrown away. After
 * the restore an IGMP report (v3 or v2) naming 239.7.8.1 and an MLD report (v2 or v1) naming
 * ff15::7:8:1 must have gone out of eth0: the reports of the restore's joins, and any its
 * timers sent while the CT was held, went nowhere, so a router or a snooping switch that
 * learns the CT on a new port (after a migration) would forward it none of its groups until
 * its next query, minutes later.
 */
#include "zdtm.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define GROUP4		"239.7.8.1"
#define GROUP6		"ff15::7:8:1"
#define QUIET_MS	2500
#define SETTLE_MS	30000	/* eth0 quiet at last, or the program fails */
#define REPORT_MS	10000	/* the reports after the restore: already queued, or coming */

static int eth;
static struct in_addr group4;
static struct in6_addr group6;

static unsigned int be16(const unsigned char *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

/* Whether the IGMP message @m of @n bytes reports GROUP4. */
static int igmp_names(const unsigned char *m, size_t n)
{
	size_t off = 8, nsrcs, aux;
	unsigned int nrec;

	if (n >= 8 && m[0] == 0x16)	/* IGMPv2 membership report */
		return !memcmp(m + 4, &group4, 4);
	if (n < 8 || m[0] != 0x22)	/* IGMPv3 membership report */
		return 0;
	for (nrec = be16(m + 6); nrec && off + 8 <= n; nrec--) {
		if (!memcmp(m + off + 4, &group4, 4))
			return 1;
		nsrcs = be16(m + off + 2);
		aux = m[off + 1];
		off += 8 + nsrcs * 4 + aux * 4;
	}
	return 0;
}

/* Whether the ICMPv6 message @m of @n bytes is an MLD report naming GROUP6. */
static int mld_names(const unsigned char *m, size_t n)
{
	size_t off = 8, nsrcs, aux;
	unsigned int nrec;

	if (n >= 24 && m[0] == 131)	/* MLDv1 report */
		return !memcmp(m + 8, &group6, 16);
	if (n < 8 || m[0] != 143)	/* MLDv2 report */
		return 0;
	for (nrec = be16(m + 6); nrec && off + 20 <= n; nrec--) {
		if (!memcmp(m + off + 4, &group6, 16))
			return 1;
		nsrcs = be16(m + off + 2);
		aux = m[off + 1];
		off += 20 + nsrcs * 16 + aux * 4;
	}
	return 0;
}

/* Reads one packet eth0 sent: which group it reports (1: GROUP4, 2: GROUP6), 0 for another. */
static int one_report(int pk)
{
	unsigned char b[2048];
	struct sockaddr_ll from;
	socklen_t fl = sizeof(from);
	size_t off;
	ssize_t n;
	int nh;

	n = recvfrom(pk, b, sizeof(b), 0, (struct sockaddr *)&from, &fl);
	zt_check(n >= 0, "read the packet socket: %s", strerror(errno));
	if (from.sll_pkttype != PACKET_OUTGOING)
		return 0;
	if (from.sll_protocol == htons(ETH_P_IP) && n >= 20 && b[0] >> 4 == 4 && b[9] == 2) {
		off = (size_t)(b[0] & 15) * 4;
		return off < (size_t)n && igmp_names(b + off, (size_t)n - off);
	}
	if (from.sll_protocol != htons(ETH_P_IPV6) || n < 40 || b[0] >> 4 != 6)
		return 0;
	/* MLD comes behind a hop-by-hop header (its router alert). */
	for (nh = b[6], off = 40; nh == 0 && off + 8 <= (size_t)n; off += (b[off + 1] + 1) * 8)
		nh = b[off];
	return nh == IPPROTO_ICMPV6 && off < (size_t)n && mld_names(b + off, (size_t)n - off) ?
	       2 : 0;
}

/*
 * Reads what eth0 sends until @want's groups were reported (a bit each, as one_report()
 * numbers them; 0: none) or nothing came for @quiet_ms: which were, or -1 if eth0 was
 * never quiet within @limit_ms.
 */
static int reports(int pk, int quiet_ms, int want, long long limit_ms)
{
	struct pollfd p = { .fd = pk, .events = POLLIN };
	struct timespec t0, t;
	int seen = 0, r;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (!want || (seen & want) != want) {
		r = poll(&p, 1, quiet_ms);
		zt_check(r >= 0, "poll the packet socket: %s", strerror(errno));
		if (!r)
			break;
		r = one_report(pk);
		if (r)
			seen |= 1 << (r - 1);
		clock_gettime(CLOCK_MONOTONIC, &t);
		if ((t.tv_sec - t0.tv_sec) * 1000LL + (t.tv_nsec - t0.tv_nsec) / 1000000 > limit_ms)
			return -1;
	}
	return seen;
}

static int eth0_up(int fd)
{
	struct ifreq ifr = { 0 };

	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "eth0");
	zt_check(!ioctl(fd, SIOCGIFFLAGS, &ifr), "SIOCGIFFLAGS eth0: %s", strerror(errno));
	return ifr.ifr_flags & IFF_UP;
}

int main(int argc, char **argv)
{
	struct sockaddr_ll at = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	struct ipv6_mreq m6 = { 0 };
	struct ip_mreqn m4 = { 0 };
	int u4, u6, pk, seen;

	zt_init(argc, argv);
	eth = (int)if_nametoindex("eth0");
	zt_check(eth > 0, "the CT has no eth0: %s", strerror(errno));
	inet_pton(AF_INET, GROUP4, &group4);
	inet_pton(AF_INET6, GROUP6, &group6);

	pk = zt_syscall(socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL)));
	at.sll_ifindex = eth;
	zt_syscall(bind(pk, (struct sockaddr *)&at, sizeof(at)));
	zt_check(eth0_up(pk), "the CT's eth0 is down: it reports nothing");

	u4 = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	m4.imr_multiaddr = group4;
	m4.imr_ifindex = eth;
	zt_syscall(setsockopt(u4, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m4, sizeof(m4)));
	u6 = zt_syscall(socket(AF_INET6, SOCK_DGRAM, 0));
	m6.ipv6mr_multiaddr = group6;
	m6.ipv6mr_interface = (unsigned int)eth;
	zt_syscall(setsockopt(u6, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof(m6)));

	seen = reports(pk, 5000, 3, SETTLE_MS);
	zt_check(seen == 3, "the joins' own reports did not come (%s%s missing)",
		 seen & 1 ? "" : "IGMP", seen & 2 ? "" : " MLD");
	zt_check(reports(pk, QUIET_MS, 0, SETTLE_MS) >= 0, "eth0 was not quiet for %d ms in %d s",
		 QUIET_MS, SETTLE_MS / 1000);

	zt_ready();
	zt_wait();
	seen = reports(pk, REPORT_MS, 3, 3 * REPORT_MS);
	zt_check(seen == 3, "after the restore eth0 did not report%s%s",
		 seen & 1 ? "" : " " GROUP4, seen & 2 ? "" : " " GROUP6);
	zt_check(eth0_up(pk), "the CT's eth0 is down after the restore");
	zt_pass();
}
