// SPDX-License-Identifier: GPL-2.0
/*
 * mcast00: multicast sockets carried with their groups and options, on lo. A UDP/IPv4
 * receiver on port 7387 joined 239.7.7.1 (by device) and 239.7.7.2 (by device and address),
 * with IP_MULTICAST_TTL 5, IP_MULTICAST_LOOP and IP_MULTICAST_ALL off; a UDP/IPv4 sender with
 * IP_MULTICAST_IF lo and TTL 3; a UDP/IPv6 socket on port 7388 joined ff15::7:1 and the IPv4
 * group 239.7.7.3, with IPV6_MULTICAST_HOPS 7, IPV6_MULTICAST_LOOP off, IPV6_MULTICAST_IF lo
 * and IP_MULTICAST_TTL 4; a raw socket of VRRP's protocol (112) joined 224.0.0.18 with TTL
 * 255, as keepalived's. Before the checkpoint and after the restore: each option as
 * getsockopt() reads it, each group still joined (a second join says EADDRINUSE), the
 * namespace's /proc/net/igmp and igmp6 list each group on lo, and a datagram the sender sends
 * to each IPv4 UDP group reaches the socket that joined it.
 * Groups of chosen sources too: the IPv4 receiver joined 232.7.7.4 for source 127.0.0.1 only
 * (IP_ADD_SOURCE_MEMBERSHIP) and 239.7.7.5 for every source but 127.0.0.9 (IP_BLOCK_SOURCE),
 * the IPv6 socket ff35::7:2 for source ::1 only (MCAST_JOIN_SOURCE_GROUP). Each filter reads
 * back (MCAST_MSFILTER) with its mode and sources, and a datagram from 127.0.0.1 reaches the
 * two IPv4 groups while one from 127.0.0.9 reaches neither.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#define PORT	7387	/* the IPv4 receiver's; 7388 the IPv6 socket's */
#define VRRP	112

static int lo;

static void join4(int fd, const char *group, const char *local, const char *what)
{
	struct ip_mreqn m = { .imr_ifindex = lo };

	inet_pton(AF_INET, group, &m.imr_multiaddr);
	if (local)
		inet_pton(AF_INET, local, &m.imr_address);
	zt_check(!setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)),
		 "%s: join %s: %s", what, group, strerror(errno));
}

static void join6(int fd, const char *group, const char *what)
{
	struct ipv6_mreq m = { .ipv6mr_interface = lo };

	inet_pton(AF_INET6, group, &m.ipv6mr_multiaddr);
	zt_check(!setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof(m)),
		 "%s: join %s: %s", what, group, strerror(errno));
}

/* @fd is in @group: joining it again says so. */
static void joined4(int fd, const char *group, const char *what)
{
	struct ip_mreqn m = { .imr_ifindex = lo };

	inet_pton(AF_INET, group, &m.imr_multiaddr);
	zt_check(setsockopt(fd, IPPROTO_IP, IP_ADD_MEMBERSHIP, &m, sizeof(m)) < 0 &&
		 errno == EADDRINUSE, "%s is not in %s", what, group);
}

static void joined6(int fd, const char *group, const char *what)
{
	struct ipv6_mreq m = { .ipv6mr_interface = lo };

	inet_pton(AF_INET6, group, &m.ipv6mr_multiaddr);
	zt_check(setsockopt(fd, IPPROTO_IPV6, IPV6_ADD_MEMBERSHIP, &m, sizeof(m)) < 0 &&
		 errno == EADDRINUSE, "%s is not in %s", what, group);
}

/* Whether /proc/self/net/@file lists @hex (as the kernel prints the group) on lo. */
static int listed(const char *file, const char *hex)
{
	char path[64], line[256], dev[32] = "";
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/net/%s", file);
	f = fopen(path, "r");
	zt_check(f != NULL, "%s: %s", path, strerror(errno));
	while (!found && fgets(line, sizeof(line), f)) {
		/* igmp: a device's line, then its groups' indented; igmp6: one line each. */
		if (line[0] != '\t' && line[0] != 'I')
			sscanf(line, "%*d %31s", dev);
		found = strstr(line, hex) && !strncmp(dev, "lo", 2);
	}
	fclose(f);
	return found;
}

/* The sender's datagram to @group:@port reaches @fd. */
static void reaches(int sender, int fd, const char *group, int port, const char *what)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(port) };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[16];

	inet_pton(AF_INET, group, &to.sin_addr);
	zt_check(sendto(sender, what, 3, 0, (struct sockaddr *)&to, sizeof(to)) == 3,
		 "send to %s: %s", group, strerror(errno));
	zt_check(poll(&p, 1, 5000) == 1, "%s: the datagram to %s did not come", what, group);
	zt_check(recv(fd, buf, sizeof(buf), 0) == 3 && !memcmp(buf, what, 3),
		 "%s: another datagram came", what);
}

static void sockaddr_of(struct sockaddr_storage *ss, int family, const char *a)
{
	memset(ss, 0, sizeof(*ss));
	ss->ss_family = (sa_family_t)family;
	if (family == AF_INET)
		inet_pton(AF_INET, a, &((struct sockaddr_in *)ss)->sin_addr);
	else
		inet_pton(AF_INET6, a, &((struct sockaddr_in6 *)ss)->sin6_addr);
}

/* @fd's filter of @group on lo is @mode with the one source @src. */
static void filter_is(int fd, int level, int family, const char *group, int mode,
		      const char *src, const char *when)
{
	union {
		struct group_filter gf;
		char buf[GROUP_FILTER_SIZE(4)];
	} u;
	struct sockaddr_storage want;
	socklen_t len = sizeof(u);

	memset(&u, 0, sizeof(u));
	u.gf.gf_interface = (uint32_t)lo;
	sockaddr_of(&u.gf.gf_group, family, group);
	u.gf.gf_numsrc = 4;
	zt_check(!getsockopt(fd, level, MCAST_MSFILTER, &u, &len),
		 "MCAST_MSFILTER of %s %s: %s", group, when, strerror(errno));
	sockaddr_of(&want, family, src);
	zt_check(u.gf.gf_fmode == (uint32_t)mode && u.gf.gf_numsrc == 1 &&
		 !memcmp(&u.gf.gf_slist[0], &want, family == AF_INET ?
			 sizeof(struct sockaddr_in) : sizeof(struct sockaddr_in6)),
		 "the filter of %s is mode %u with %u sources, not %s only %s", group,
		 u.gf.gf_fmode, u.gf.gf_numsrc, src, when);
}

/* A datagram from @from to @group reaches @fd, or (@reach 0) does not. */
static void from_reaches(int fd, const char *from, const char *group, int reach)
{
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct sockaddr_in self = { .sin_family = AF_INET };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	struct ip_mreqn ifr = { .imr_ifindex = lo };
	int s = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	char buf[16];

	inet_pton(AF_INET, from, &self.sin_addr);
	inet_pton(AF_INET, from, &ifr.imr_address);
	zt_syscall(bind(s, (struct sockaddr *)&self, sizeof(self)));
	zt_syscall(setsockopt(s, IPPROTO_IP, IP_MULTICAST_IF, &ifr, sizeof(ifr)));
	inet_pton(AF_INET, group, &to.sin_addr);
	zt_check(sendto(s, "src", 3, 0, (struct sockaddr *)&to, sizeof(to)) == 3,
		 "send from %s to %s: %s", from, group, strerror(errno));
	close(s);
	zt_check((poll(&p, 1, reach ? 5000 : 500) == 1) == reach,
		 "a datagram from %s to %s %s", from, group, reach ? "did not come" : "came");
	if (reach)
		zt_check(recv(fd, buf, sizeof(buf), 0) == 3, "the datagram from %s", from);
}

static void check_sources(int r4, int u6, const char *when)
{
	filter_is(r4, IPPROTO_IP, AF_INET, "232.7.7.4", MCAST_INCLUDE, "127.0.0.1", when);
	filter_is(r4, IPPROTO_IP, AF_INET, "239.7.7.5", MCAST_EXCLUDE, "127.0.0.9", when);
	filter_is(u6, IPPROTO_IPV6, AF_INET6, "ff35::7:2", MCAST_INCLUDE, "::1", when);
	from_reaches(r4, "127.0.0.1", "232.7.7.4", 1);
	from_reaches(r4, "127.0.0.9", "232.7.7.4", 0);
	from_reaches(r4, "127.0.0.1", "239.7.7.5", 1);
	from_reaches(r4, "127.0.0.9", "239.7.7.5", 0);
}

static void check_all(int r4, int s4, int u6, int raw, const char *when)
{
	struct in_addr a = { 0 };
	socklen_t len = sizeof(a);

	zt_check(opt(r4, IPPROTO_IP, IP_MULTICAST_TTL) == 5 &&
		 opt(r4, IPPROTO_IP, IP_MULTICAST_LOOP) == 0 &&
		 opt(r4, IPPROTO_IP, IP_MULTICAST_ALL) == 0,
		 "the IPv4 receiver's options changed %s", when);
	zt_check(opt(s4, IPPROTO_IP, IP_MULTICAST_TTL) == 3 &&
		 opt(s4, IPPROTO_IP, IP_MULTICAST_LOOP) == 1, "the sender's options changed %s",
		 when);
	zt_check(!getsockopt(s4, IPPROTO_IP, IP_MULTICAST_IF, &a, &len) &&
		 a.s_addr == htonl(INADDR_LOOPBACK), "the sender's IP_MULTICAST_IF changed %s",
		 when);
	zt_check(opt(u6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS) == 7 &&
		 opt(u6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP) == 0 &&
		 opt(u6, IPPROTO_IPV6, IPV6_MULTICAST_IF) == lo &&
		 opt(u6, IPPROTO_IP, IP_MULTICAST_TTL) == 4, "the IPv6 socket's options changed %s",
		 when);
	zt_check(opt(raw, IPPROTO_IP, IP_MULTICAST_TTL) == 255, "the VRRP socket's TTL changed %s",
		 when);
	joined4(r4, "239.7.7.1", "the IPv4 receiver");
	joined4(r4, "239.7.7.2", "the IPv4 receiver");
	joined6(u6, "ff15::7:1", "the IPv6 socket");
	joined4(u6, "239.7.7.3", "the IPv6 socket");
	joined4(raw, "224.0.0.18", "the VRRP socket");
	/* /proc/net/igmp prints a group as the host's u32 of its network-order bytes. */
	zt_check(listed("igmp", "010707EF") && listed("igmp", "020707EF") &&
		 listed("igmp", "030707EF") && listed("igmp", "120000E0"),
		 "/proc/net/igmp lacks a group on lo %s", when);
	zt_check(listed("igmp6", "ff150000000000000000000000070001"),
		 "/proc/net/igmp6 lacks ff15::7:1 on lo %s", when);
	reaches(s4, r4, "239.7.7.1", PORT, "one");
	reaches(s4, u6, "239.7.7.3", PORT + 1, "six");
	check_sources(r4, u6, when);
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 a6 = { .sin6_family = AF_INET6, .sin6_port = htons(PORT + 1) };
	struct sockaddr_in a4 = { .sin_family = AF_INET, .sin_port = htons(PORT) };
	struct ip_mreqn ifr;
	int r4, s4, u6, raw;

	zt_init(argc, argv);
	lo = (int)if_nametoindex("lo");
	zt_check(lo > 0, "no lo: %s", strerror(errno));
	r4 = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	zt_syscall(bind(r4, (struct sockaddr *)&a4, sizeof(a4)));
	join4(r4, "239.7.7.1", NULL, "the IPv4 receiver");
	join4(r4, "239.7.7.2", "127.0.0.1", "the IPv4 receiver");
	setopt(r4, IPPROTO_IP, IP_MULTICAST_TTL, 5);
	setopt(r4, IPPROTO_IP, IP_MULTICAST_LOOP, 0);
	setopt(r4, IPPROTO_IP, IP_MULTICAST_ALL, 0);

	s4 = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	ifr = (struct ip_mreqn){ .imr_ifindex = lo };
	inet_pton(AF_INET, "127.0.0.1", &ifr.imr_address);
	zt_check(!setsockopt(s4, IPPROTO_IP, IP_MULTICAST_IF, &ifr, sizeof(ifr)),
		 "IP_MULTICAST_IF: %s", strerror(errno));
	setopt(s4, IPPROTO_IP, IP_MULTICAST_TTL, 3);

	u6 = zt_syscall(socket(AF_INET6, SOCK_DGRAM, 0));
	zt_syscall(bind(u6, (struct sockaddr *)&a6, sizeof(a6)));
	join6(u6, "ff15::7:1", "the IPv6 socket");
	join4(u6, "239.7.7.3", NULL, "the IPv6 socket");
	setopt(u6, IPPROTO_IPV6, IPV6_MULTICAST_HOPS, 7);
	setopt(u6, IPPROTO_IPV6, IPV6_MULTICAST_LOOP, 0);
	setopt(u6, IPPROTO_IPV6, IPV6_MULTICAST_IF, lo);
	setopt(u6, IPPROTO_IP, IP_MULTICAST_TTL, 4);

	/* Groups of chosen sources. */
	{
		struct ip_mreq_source ms = { 0 };
		struct group_source_req gs = { .gsr_interface = (uint32_t)lo };

		inet_pton(AF_INET, "232.7.7.4", &ms.imr_multiaddr);
		inet_pton(AF_INET, "127.0.0.1", &ms.imr_interface);
		inet_pton(AF_INET, "127.0.0.1", &ms.imr_sourceaddr);
		zt_syscall(setsockopt(r4, IPPROTO_IP, IP_ADD_SOURCE_MEMBERSHIP, &ms, sizeof(ms)));
		join4(r4, "239.7.7.5", "127.0.0.1", "the IPv4 receiver");
		inet_pton(AF_INET, "239.7.7.5", &ms.imr_multiaddr);
		inet_pton(AF_INET, "127.0.0.9", &ms.imr_sourceaddr);
		zt_syscall(setsockopt(r4, IPPROTO_IP, IP_BLOCK_SOURCE, &ms, sizeof(ms)));
		sockaddr_of(&gs.gsr_group, AF_INET6, "ff35::7:2");
		sockaddr_of(&gs.gsr_source, AF_INET6, "::1");
		zt_syscall(setsockopt(u6, IPPROTO_IPV6, MCAST_JOIN_SOURCE_GROUP, &gs, sizeof(gs)));
	}

	raw = zt_syscall(socket(AF_INET, SOCK_RAW, VRRP));
	join4(raw, "224.0.0.18", NULL, "the VRRP socket");
	setopt(raw, IPPROTO_IP, IP_MULTICAST_TTL, 255);

	check_all(r4, s4, u6, raw, "before the checkpoint");
	zt_ready();
	zt_wait();
	check_all(r4, s4, u6, raw, "after the restore");
	zt_pass();
}
