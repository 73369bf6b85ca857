// SPDX-License-Identifier: GPL-2.0
/*
 * netlink00: netlink sockets a CT's programs keep open.
 *   rt    NETLINK_ROUTE, bound to an explicit port id, RTMGRP_LINK | RTMGRP_IPV4_IFADDR by
 *         bind() and groups 32 and 36 (past bind()'s 32) by NETLINK_ADD_MEMBERSHIP, with
 *         NETLINK_PKTINFO, NO_ENOBUFS, EXT_ACK, GET_STRICT_CHK, CAP_ACK, BROADCAST_ERROR and
 *         SO_RCVBUF; an address event (127.0.0.3 on lo) queued and not read;
 *   rq    NETLINK_ROUTE, autobound by its send, connected to the kernel, the answer to its
 *         RTM_GETLINK (lo) queued and not read;
 *   ue    NETLINK_KOBJECT_UEVENT, SOCK_DGRAM, autobound by bind(), group 1;
 *   dg    NETLINK_SOCK_DIAG, SOCK_DGRAM, autobound by a request it read the answer of;
 *   ge    NETLINK_GENERIC, unbound.
 * After the restore: each port id as getsockname() said (explicit and autobound), the groups
 * NETLINK_LIST_MEMBERSHIPS lists, the options; rt's queued event comes first, from the
 * kernel (port 0) to group RTNLGRP_IPV4_IFADDR, and rq's answer with its sequence number;
 * then rt receives the events of an address added to lo and of lo's alias set after the
 * restore, and answers an RTM_GETLINK dump; dg still gets the kernel's answers.
 */
#include "zdtm.h"

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <poll.h>
#include <sys/socket.h>

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif
#define GRP_NEXTHOP	32	/* RTNLGRP_NEXTHOP */
#define GRP_STATS	36	/* RTNLGRP_STATS: past bind()'s 32 */
#define RT_GROUPS	(RTMGRP_LINK | RTMGRP_IPV4_IFADDR)
/* What getsockname() says of rt: groups 1..32, the one added by NETLINK_ADD_MEMBERSHIP too. */
#define RT_NAME		(RT_GROUPS | 1U << (GRP_NEXTHOP - 1))
#define QUEUED_ADDR	"127.0.0.3"
#define NEW_ADDR	"127.0.0.9"
#define LO_ALIAS	"netlink00"

static int nlsock(int type, int proto)
{
	return (int)zt_syscall(socket(AF_NETLINK, type | SOCK_CLOEXEC, proto));
}

static int nlopt(int fd, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	zt_check(!getsockopt(fd, SOL_NETLINK, name, &v, &len), "getsockopt netlink %d: %s", name,
		 strerror(errno));
	return v;
}

static void set_nlopt(int fd, int name, int v)
{
	zt_check(!setsockopt(fd, SOL_NETLINK, name, &v, sizeof(v)), "setsockopt netlink %d: %s",
		 name, strerror(errno));
}

static struct sockaddr_nl name_of(int fd)
{
	struct sockaddr_nl sa;
	socklen_t len = sizeof(sa);

	memset(&sa, 0, sizeof(sa));
	zt_syscall(getsockname(fd, (struct sockaddr *)&sa, &len));
	return sa;
}

/* The groups NETLINK_LIST_MEMBERSHIPS lists, as a mask of groups 1..64. */
static unsigned long long members(int fd)
{
	uint32_t g[8] = { 0 };
	socklen_t len = sizeof(g);

	zt_check(!getsockopt(fd, SOL_NETLINK, NETLINK_LIST_MEMBERSHIPS, g, &len),
		 "NETLINK_LIST_MEMBERSHIPS: %s", strerror(errno));
	zt_check(!g[2] && !g[3] && !g[4] && !g[5] && !g[6] && !g[7],
		 "groups past 64: %#x %#x", g[2], g[3]);
	return g[0] | (unsigned long long)g[1] << 32;
}

struct req {
	struct nlmsghdr h;
	union {
		struct ifinfomsg ifi;
		struct ifaddrmsg ifa;
		struct sock_diag_req sd;
	};
	char attrs[64];
};

static void add_attr(struct req *r, int type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)r + NLMSG_ALIGN(r->h.nlmsg_len));

	a->rta_type = type;
	a->rta_len = RTA_LENGTH(len);
	memcpy(RTA_DATA(a), data, len);
	r->h.nlmsg_len = NLMSG_ALIGN(r->h.nlmsg_len) + RTA_ALIGN(a->rta_len);
}

static void send_req(int fd, struct req *r, const char *what)
{
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	zt_check(sendto(fd, r, r->h.nlmsg_len, 0, (struct sockaddr *)&k, sizeof(k)) ==
		 (ssize_t)r->h.nlmsg_len, "send %s: %s", what, strerror(errno));
}

/* One message buffer from @fd within @ms; its length, 0 on time out. */
static ssize_t recv_one(int fd, char *buf, size_t size, int ms, struct sockaddr_nl *from,
			int *group)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char cbuf[64];
	struct iovec iov = { buf, size };
	struct msghdr mh = {
		.msg_name = from, .msg_namelen = sizeof(*from), .msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	ssize_t n;

	if (poll(&p, 1, ms) != 1)
		return 0;
	n = recvmsg(fd, &mh, MSG_DONTWAIT);
	zt_check(n > 0, "recvmsg: %s", strerror(errno));
	zt_check(!(mh.msg_flags & MSG_TRUNC), "a message of more than %zu bytes", size);
	*group = -1;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_NETLINK && c->cmsg_type == NETLINK_PKTINFO)
			*group = (int)((struct nl_pktinfo *)CMSG_DATA(c))->group;
	return n;
}

/* The error an ack or error message @h carries. */
static int nl_error(const struct nlmsghdr *h)
{
	return ((const struct nlmsgerr *)NLMSG_DATA(h))->error;
}

/* Add (RTM_NEWADDR) or delete @addr/8 on lo through @fd, with an ack; returns its error. */
static int lo_addr(int fd, int cmd, const char *addr, unsigned int seq)
{
	struct req r;
	char buf[8192];
	struct sockaddr_nl from;
	struct nlmsghdr *h;
	struct in_addr a;
	int group;
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifa));
	r.h.nlmsg_type = cmd;
	r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK | (cmd == RTM_NEWADDR ? NLM_F_CREATE | NLM_F_EXCL : 0);
	r.h.nlmsg_seq = seq;
	r.ifa.ifa_family = AF_INET;
	r.ifa.ifa_prefixlen = 8;
	r.ifa.ifa_scope = RT_SCOPE_HOST;	/* a loopback address: the kernel takes no other */
	r.ifa.ifa_index = if_nametoindex("lo");
	inet_pton(AF_INET, addr, &a);
	add_attr(&r, IFA_LOCAL, &a, 4);
	add_attr(&r, IFA_ADDRESS, &a, 4);
	send_req(fd, &r, "RTM_NEWADDR/DELADDR");
	for (;;) {
		n = recv_one(fd, buf, sizeof(buf), 5000, &from, &group);
		zt_check(n > 0, "no ack to an address request");
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == seq)
				return nl_error(h);
	}
}

/* Set lo's alias (RTM_SETLINK, IFLA_IFALIAS): an RTM_NEWLINK event to RTNLGRP_LINK. */
static void lo_alias(int fd, const char *alias, unsigned int seq)
{
	struct req r;
	char buf[8192];
	struct sockaddr_nl from;
	struct nlmsghdr *h;
	int group, err = 1;
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifi));
	r.h.nlmsg_type = RTM_SETLINK;
	r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r.h.nlmsg_seq = seq;
	r.ifi.ifi_family = AF_UNSPEC;
	r.ifi.ifi_index = if_nametoindex("lo");
	add_attr(&r, IFLA_IFALIAS, alias, strlen(alias));
	send_req(fd, &r, "RTM_SETLINK");
	while (err > 0) {
		n = recv_one(fd, buf, sizeof(buf), 5000, &from, &group);
		zt_check(n > 0, "no ack to RTM_SETLINK");
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n))
			if (h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == seq)
				err = nl_error(h);
	}
	zt_check(!err, "RTM_SETLINK of lo's alias: %s", strerror(-err));
}

/* Whether @h is RTM_NEWADDR of @addr. */
static int is_newaddr(const struct nlmsghdr *h, const char *addr)
{
	const struct ifaddrmsg *ifa = NLMSG_DATA(h);
	const struct rtattr *a = IFA_RTA(ifa);
	int len = IFA_PAYLOAD(h);
	struct in_addr want;

	if (h->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
		return 0;
	inet_pton(AF_INET, addr, &want);
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFA_LOCAL && !memcmp(RTA_DATA(a), &want, 4))
			return 1;
	return 0;
}

/*
 * Drop what reached @fd ahead of the RTM_NEWADDR of @addr, leaving that event first in the
 * queue: programs running beside this one in the CT change lo's flags (a packet socket's
 * promiscuous membership), and each change queues an RTM_NEWLINK that may come first.
 */
static void drop_ahead_of_newaddr(int fd, const char *addr)
{
	char buf[16384];
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	for (;;) {
		zt_check(poll(&p, 1, 5000) == 1, "no RTM_NEWADDR of %s reached rt", addr);
		n = recv(fd, buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
		zt_check(n > 0, "peek at rt: %s", strerror(errno));
		if (NLMSG_OK((struct nlmsghdr *)buf, n) && is_newaddr((struct nlmsghdr *)buf, addr))
			return;
		zt_check(recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0, "drop from rt: %s",
			 strerror(errno));
	}
}

/* Whether @h is RTM_NEWLINK of lo with alias @alias. */
static int is_lo_alias(const struct nlmsghdr *h, const char *alias)
{
	const struct ifinfomsg *ifi = NLMSG_DATA(h);
	const struct rtattr *a = IFLA_RTA(ifi);
	int len = IFLA_PAYLOAD(h);

	if (h->nlmsg_type != RTM_NEWLINK || ifi->ifi_index != (int)if_nametoindex("lo"))
		return 0;
	for (; RTA_OK(a, len); a = RTA_NEXT(a, len))
		if (a->rta_type == IFLA_IFALIAS && RTA_PAYLOAD(a) >= strlen(alias) &&
		    !memcmp(RTA_DATA(a), alias, strlen(alias)))
			return 1;
	return 0;
}

/* Wait on rt for a multicast event @match says is the one, to @group; others are skipped. */
static void expect_event(int fd, int (*match)(const struct nlmsghdr *, const char *),
			 const char *arg, int want_group, const char *what)
{
	char buf[16384];
	struct sockaddr_nl from;
	struct nlmsghdr *h;
	int group, i;
	ssize_t n;

	for (i = 0; i < 200; i++) {
		n = recv_one(fd, buf, sizeof(buf), 5000, &from, &group);
		zt_check(n > 0, "rt received no %s after the restore", what);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (!match(h, arg))
				continue;
			zt_check(from.nl_pid == 0 && group == want_group,
				 "%s came from port %u to group %d, not from the kernel to %d", what,
				 from.nl_pid, group, want_group);
			return;
		}
	}
	zt_fail("rt received no %s among 200 messages", what);
}

/* An RTM_GETLINK dump on @fd: every part until NLMSG_DONE, lo among the links. */
static void dump_links(int fd, unsigned int seq)
{
	struct req r;
	char buf[32768];
	struct sockaddr_nl from;
	struct nlmsghdr *h;
	int group, links = 0, lo = 0, done = 0;
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifi));
	r.h.nlmsg_type = RTM_GETLINK;
	r.h.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
	r.h.nlmsg_seq = seq;
	r.ifi.ifi_family = AF_UNSPEC;
	send_req(fd, &r, "RTM_GETLINK dump");
	while (!done) {
		n = recv_one(fd, buf, sizeof(buf), 5000, &from, &group);
		zt_check(n > 0, "the RTM_GETLINK dump ended without NLMSG_DONE (%d links)", links);
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != seq)
				continue;	/* an event */
			zt_check(h->nlmsg_type != NLMSG_ERROR, "the RTM_GETLINK dump failed: %s",
				 strerror(-nl_error(h)));
			if (h->nlmsg_type == NLMSG_DONE) {
				done = 1;
				break;
			}
			if (h->nlmsg_type == RTM_NEWLINK) {
				links++;
				if (((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index ==
				    (int)if_nametoindex("lo"))
					lo++;
			}
		}
	}
	zt_check(lo == 1, "the RTM_GETLINK dump gave %d links, lo %d times", links, lo);
}

/* rq's request: RTM_GETLINK of lo alone, answered by one RTM_NEWLINK. */
static void get_lo(int fd, unsigned int seq)
{
	struct req r;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.ifi));
	r.h.nlmsg_type = RTM_GETLINK;
	r.h.nlmsg_flags = NLM_F_REQUEST;
	r.h.nlmsg_seq = seq;
	r.ifi.ifi_family = AF_UNSPEC;
	r.ifi.ifi_index = if_nametoindex("lo");
	send_req(fd, &r, "RTM_GETLINK lo");
}

/* dg's request: SOCK_DIAG_BY_FAMILY of no family, which sock_diag answers EINVAL. */
static void diag_einval(int fd, unsigned int seq)
{
	struct req r;
	char buf[4096];
	struct sockaddr_nl from;
	struct nlmsghdr *h;
	int group;
	ssize_t n;

	memset(&r, 0, sizeof(r));
	r.h.nlmsg_len = NLMSG_LENGTH(sizeof(r.sd));
	r.h.nlmsg_type = SOCK_DIAG_BY_FAMILY;
	r.h.nlmsg_flags = NLM_F_REQUEST;
	r.h.nlmsg_seq = seq;
	r.sd.sdiag_family = 200;
	send_req(fd, &r, "SOCK_DIAG_BY_FAMILY");
	n = recv_one(fd, buf, sizeof(buf), 5000, &from, &group);
	zt_check(n > 0, "sock_diag did not answer");
	h = (struct nlmsghdr *)buf;
	zt_check(NLMSG_OK(h, n) && h->nlmsg_type == NLMSG_ERROR && h->nlmsg_seq == seq &&
		 nl_error(h) == -EINVAL, "sock_diag answered type %u seq %u, not EINVAL to %u",
		 h->nlmsg_type, h->nlmsg_seq, seq);
}

int main(int argc, char **argv)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK }, n_rt, n_rq, n_ue, n_dg, n_ge, n;
	int rt, rq, ue, dg, ge, ctl, rcvbuf, group, err;
	struct nlmsghdr *h;
	char buf[16384];
	unsigned int port;
	ssize_t len;

	zt_init(argc, argv);
	port = 3000000U + (unsigned int)getpid();
	ctl = nlsock(SOCK_RAW, NETLINK_ROUTE);
	/* What an earlier round left: its events must not reach rt. */
	lo_addr(ctl, RTM_DELADDR, QUEUED_ADDR, 1);
	lo_addr(ctl, RTM_DELADDR, NEW_ADDR, 2);

	rt = nlsock(SOCK_RAW, NETLINK_ROUTE);
	set_nlopt(rt, NETLINK_PKTINFO, 1);
	set_nlopt(rt, NETLINK_NO_ENOBUFS, 1);
	set_nlopt(rt, NETLINK_EXT_ACK, 1);
	set_nlopt(rt, NETLINK_GET_STRICT_CHK, 1);
	set_nlopt(rt, NETLINK_CAP_ACK, 1);
	set_nlopt(rt, NETLINK_BROADCAST_ERROR, 1);
	rcvbuf = 100000;
	zt_syscall(setsockopt(rt, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)));
	sa.nl_pid = port;
	sa.nl_groups = RT_GROUPS;
	zt_syscall(bind(rt, (struct sockaddr *)&sa, sizeof(sa)));
	set_nlopt(rt, NETLINK_ADD_MEMBERSHIP, GRP_NEXTHOP);
	set_nlopt(rt, NETLINK_ADD_MEMBERSHIP, GRP_STATS);
	err = lo_addr(ctl, RTM_NEWADDR, QUEUED_ADDR, 3);
	zt_check(!err, "add %s to lo: %s", QUEUED_ADDR, strerror(-err));
	drop_ahead_of_newaddr(rt, QUEUED_ADDR);

	rq = nlsock(SOCK_RAW, NETLINK_ROUTE);
	sa.nl_pid = 0;
	sa.nl_groups = 0;
	zt_syscall(connect(rq, (struct sockaddr *)&sa, sizeof(sa)));
	get_lo(rq, 4242);

	ue = nlsock(SOCK_DGRAM, NETLINK_KOBJECT_UEVENT);
	sa.nl_groups = 1;
	zt_syscall(bind(ue, (struct sockaddr *)&sa, sizeof(sa)));

	dg = nlsock(SOCK_DGRAM, NETLINK_SOCK_DIAG);
	diag_einval(dg, 7);
	ge = nlsock(SOCK_RAW, NETLINK_GENERIC);

	n_rt = name_of(rt);
	n_rq = name_of(rq);
	n_ue = name_of(ue);
	n_dg = name_of(dg);
	n_ge = name_of(ge);
	zt_check(n_rt.nl_pid == port && n_rt.nl_groups == RT_NAME, "rt is %u/%#x", n_rt.nl_pid,
		 n_rt.nl_groups);
	zt_check(n_rq.nl_pid && n_ue.nl_pid && n_dg.nl_pid && !n_ge.nl_pid,
		 "port ids rq %u, ue %u, dg %u, ge %u", n_rq.nl_pid, n_ue.nl_pid, n_dg.nl_pid,
		 n_ge.nl_pid);
	close(ctl);
	/* The kernel answers and notifies within the send: both are queued now. */
	zt_ready();
	zt_wait();

	n = name_of(rt);
	zt_check(n.nl_pid == port && n.nl_groups == RT_NAME,
		 "rt's name is %u/%#x, not %u/%#x", n.nl_pid, n.nl_groups, port, RT_NAME);
	zt_check(members(rt) == (1ULL << (RTNLGRP_LINK - 1) | 1ULL << (RTNLGRP_IPV4_IFADDR - 1) |
				 1ULL << (GRP_NEXTHOP - 1) | 1ULL << (GRP_STATS - 1)),
		 "rt's groups are %#llx", members(rt));
	zt_check(nlopt(rt, NETLINK_PKTINFO) == 1 && nlopt(rt, NETLINK_NO_ENOBUFS) == 1 &&
		 nlopt(rt, NETLINK_EXT_ACK) == 1 && nlopt(rt, NETLINK_GET_STRICT_CHK) == 1 &&
		 nlopt(rt, NETLINK_CAP_ACK) == 1 && nlopt(rt, NETLINK_BROADCAST_ERROR) == 1,
		 "rt's NETLINK_* options changed");
	{
		int v = 0;
		socklen_t l = sizeof(v);

		zt_syscall(getsockopt(rt, SOL_SOCKET, SO_RCVBUF, &v, &l));
		zt_check(v == 2 * rcvbuf, "rt's SO_RCVBUF is %d, not %d", v, 2 * rcvbuf);
	}
	n = name_of(rq);
	zt_check(n.nl_pid == n_rq.nl_pid && !n.nl_groups, "rq's port id is %u, not %u", n.nl_pid,
		 n_rq.nl_pid);
	{
		struct sockaddr_nl peer;
		socklen_t l = sizeof(peer);

		zt_syscall(getpeername(rq, (struct sockaddr *)&peer, &l));
		zt_check(!peer.nl_pid && !peer.nl_groups, "rq is connected to %u/%#x", peer.nl_pid,
			 peer.nl_groups);
	}
	n = name_of(ue);
	zt_check(n.nl_pid == n_ue.nl_pid && n.nl_groups == 1, "ue is %u/%#x, not %u/1", n.nl_pid,
		 n.nl_groups, n_ue.nl_pid);
	zt_check(members(ue) == 1, "ue's groups are %#llx", members(ue));
	n = name_of(dg);
	zt_check(n.nl_pid == n_dg.nl_pid, "dg's port id is %u, not %u", n.nl_pid, n_dg.nl_pid);
	n = name_of(ge);
	zt_check(!n.nl_pid && !members(ge), "ge is bound to %u", n.nl_pid);
	{
		int v = 0;
		socklen_t l = sizeof(v);

		zt_syscall(getsockopt(ue, SOL_SOCKET, SO_TYPE, &v, &l));
		zt_check(v == SOCK_DGRAM, "ue's type is %d", v);
		zt_syscall(getsockopt(ge, SOL_SOCKET, SO_PROTOCOL, &v, &l));
		zt_check(v == NETLINK_GENERIC, "ge's protocol is %d", v);
	}

	/* The queued messages, first in their queues. */
	len = recv_one(rt, buf, sizeof(buf), 0, &n, &group);
	h = (struct nlmsghdr *)buf;
	zt_check(len > 0 && NLMSG_OK(h, len) && is_newaddr(h, QUEUED_ADDR),
		 "rt's queued event is gone (%zd bytes, type %u)", len, len > 0 ? h->nlmsg_type : 0);
	zt_check(!n.nl_pid && group == RTNLGRP_IPV4_IFADDR && n.nl_groups == RTMGRP_IPV4_IFADDR,
		 "rt's queued event is from %u to group %d (%#x)", n.nl_pid, group, n.nl_groups);
	len = recv_one(rq, buf, sizeof(buf), 0, &n, &group);
	zt_check(len > 0 && NLMSG_OK(h, len) && h->nlmsg_type == RTM_NEWLINK &&
		 h->nlmsg_seq == 4242 && !n.nl_pid && !n.nl_groups,
		 "rq's queued answer is gone (%zd bytes, type %u, seq %u)", len,
		 len > 0 ? h->nlmsg_type : 0, len > 0 ? h->nlmsg_seq : 0);
	zt_check(((struct ifinfomsg *)NLMSG_DATA(h))->ifi_index == (int)if_nametoindex("lo"),
		 "rq's answer is of another link");
	zt_check(recv(rq, buf, sizeof(buf), MSG_DONTWAIT) < 0 && errno == EAGAIN,
		 "rq has more than its answer queued");

	/* Events caused now reach rt; its requests and dg's are answered. */
	ctl = nlsock(SOCK_RAW, NETLINK_ROUTE);
	err = lo_addr(ctl, RTM_NEWADDR, NEW_ADDR, 10);
	zt_check(!err, "add %s to lo: %s", NEW_ADDR, strerror(-err));
	expect_event(rt, is_newaddr, NEW_ADDR, RTNLGRP_IPV4_IFADDR, "RTM_NEWADDR " NEW_ADDR);
	lo_alias(ctl, LO_ALIAS, 11);
	expect_event(rt, is_lo_alias, LO_ALIAS, RTNLGRP_LINK, "RTM_NEWLINK of lo's alias");
	dump_links(rt, 12);
	diag_einval(dg, 13);
	lo_addr(ctl, RTM_DELADDR, QUEUED_ADDR, 14);
	lo_addr(ctl, RTM_DELADDR, NEW_ADDR, 15);
	zt_pass();
}
