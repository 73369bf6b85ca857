// SPDX-License-Identifier: GPL-2.0
/*
 * A CT's network over rtnetlink (libmnl): the veth pair, eth0's addresses
 * and default route inside the CT, the host's per-address routes and
 * proxy ARP. Requests for the CT's namespace go over a netlink socket
 * opened inside it (setns there and straight back), so this process never
 * stays in another network namespace.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <net/if.h>

#include <libmnl/libmnl.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>

#include "net.h"
#include "net_arp.h"
#include "net_nl.h"

#define CT_IFNAME	"eth0"
#define MAX_ADDRS	64

struct ip4 {
	struct in_addr a;
	int plen;
};

struct link {
	int index;
	int peer;	/* IFLA_LINK: the other end's index */
	int nsid;	/* IFLA_LINK_NETNSID: the other end's namespace, or -1 */
};

struct addrs {
	int index;
	int n;
	struct ip4 ip[MAX_ADDRS];
};

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

void net_host_ifname(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, "veth%u", ctid);
}

/* a.b.c.d or a.b.c.d/n, a unicast address a CT can own. */
static int parse_ip(const char *s, struct ip4 *ip, char *err, size_t errlen)
{
	char buf[64], *slash, *end;
	unsigned long n = 32;
	uint32_t h;

	if (snprintf(buf, sizeof(buf), "%s", s) >= (int)sizeof(buf))
		return fail(err, errlen, "bad IP address '%s'", s);
	slash = strchr(buf, '/');
	if (slash) {
		*slash++ = 0;
		errno = 0;
		n = strtoul(slash, &end, 10);
		if (errno || end == slash || *end || n < 1 || n > 32)
			return fail(err, errlen, "bad prefix length in IP address '%s'", s);
	}
	if (inet_pton(AF_INET, buf, &ip->a) != 1)
		return fail(err, errlen, "bad IP address '%s'", s);
	h = ntohl(ip->a.s_addr);
	if (h == 0 || (h >> 24) == 127 || h >= 0xe0000000)
		return fail(err, errlen, "IP address '%s' cannot be given to a CT", s);
	ip->plen = n;
	return 0;
}

int nl_open(struct nl *nl)
{
	int one = 1, ret;

	nl->sk = mnl_socket_open(NETLINK_ROUTE);
	if (!nl->sk)
		return -errno;
	/* Strict checking makes dump requests honour their filters (index, netnsid). */
	if (mnl_socket_bind(nl->sk, 0, MNL_SOCKET_AUTOPID) ||
	    mnl_socket_setsockopt(nl->sk, NETLINK_GET_STRICT_CHK, &one, sizeof(one))) {
		ret = -errno;
		mnl_socket_close(nl->sk);
		nl->sk = NULL;
		return ret;
	}
	nl->portid = mnl_socket_get_portid(nl->sk);
	nl->seq = time(NULL);
	return 0;
}

void nl_close(struct nl *nl)
{
	if (nl->sk)
		mnl_socket_close(nl->sk);
	nl->sk = NULL;
}

/*
 * A netlink socket in the network namespace @nsfd. The socket keeps
 * talking to that namespace once this thread is back in its own.
 */
static int nl_open_in(struct nl *nl, int nsfd)
{
	int self, ret;

	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return -errno;
	if (setns(nsfd, CLONE_NEWNET)) {
		ret = -errno;
		close(self);
		return ret;
	}
	ret = nl_open(nl);
	if (setns(self, CLONE_NEWNET)) {
		/* Going on in the CT's namespace would change the wrong host: stop. */
		fprintf(stderr, "vzctl: cannot return to the host's network namespace: %s\n",
			strerror(errno));
		abort();
	}
	close(self);
	return ret;
}

int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data)
{
	char buf[NL_RCV_SIZE];
	unsigned int seq;
	ssize_t n;
	int ret;

	nlh->nlmsg_flags |= NLM_F_REQUEST;
	/* NLM_F_DUMP is two bits, one of them NLM_F_EXCL: test both. */
	if ((nlh->nlmsg_flags & NLM_F_DUMP) != NLM_F_DUMP)
		nlh->nlmsg_flags |= NLM_F_ACK;
	nlh->nlmsg_seq = seq = ++nl->seq;
	if (mnl_socket_sendto(nl->sk, nlh, nlh->nlmsg_len) < 0)
		return -errno;
	do {
		n = mnl_socket_recvfrom(nl->sk, buf, sizeof(buf));
		if (n < 0)
			return -errno;
		ret = mnl_cb_run(buf, n, seq, nl->portid, cb, data);
		if (ret < 0)
			return errno ? -errno : -EIO;
	} while (ret > 0);
	return 0;
}

static int link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifinfomsg *ifm = mnl_nlmsg_get_payload(nlh);
	struct link *l = data;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	l->index = ifm->ifi_index;
	mnl_attr_for_each(a, nlh, sizeof(*ifm)) {
		if (mnl_attr_validate(a, MNL_TYPE_U32) < 0)
			continue;
		if (mnl_attr_get_type(a) == IFLA_LINK)
			l->peer = mnl_attr_get_u32(a);
		else if (mnl_attr_get_type(a) == IFLA_LINK_NETNSID)
			l->nsid = (int32_t)mnl_attr_get_u32(a);
	}
	return MNL_CB_OK;
}

/* Look up link @name: 0, -ENODEV if there is none, or -errno. */
static int nl_getlink(struct nl *nl, const char *name, struct link *l)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_GETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	memset(l, 0, sizeof(*l));
	l->nsid = -1;
	return nl_talk(nl, nlh, link_cb, l);
}

/* Set link @name (or @index when non-zero) up or down. */
static int nl_setlink(struct nl *nl, const char *name, int index, int up)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_SETLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	ifm->ifi_index = index;
	ifm->ifi_change = IFF_UP;
	ifm->ifi_flags = up ? IFF_UP : 0;
	if (!index)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int nl_dellink(struct nl *nl, const char *name)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_DELLINK;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* The pair: @host here, @peer created straight in the namespace @nsfd. */
static int nl_newveth(struct nl *nl, const char *host, const char *peer, int nsfd)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct nlattr *info, *data, *pa;
	struct ifinfomsg *ifm;

	nlh->nlmsg_type = RTM_NEWLINK;
	nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, host);
	info = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	pa = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	ifm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifm));
	ifm->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer);
	/* The namespace by fd, not by pid: the pid could be reused by now. */
	mnl_attr_put_u32(nlh, IFLA_NET_NS_FD, nsfd);
	mnl_attr_nest_end(nlh, pa);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, info);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* RTM_NEWADDR or RTM_DELADDR of @ip on @index. */
static int nl_addr(struct nl *nl, int type, int index, const struct ip4 *ip)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = type;
	if (type == RTM_NEWADDR)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = ip->plen;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = index;
	mnl_attr_put(nlh, IFA_LOCAL, sizeof(ip->a), &ip->a);
	mnl_attr_put(nlh, IFA_ADDRESS, sizeof(ip->a), &ip->a);
	return nl_talk(nl, nlh, NULL, NULL);
}

/*
 * RTM_NEWROUTE or RTM_DELROUTE of a link-scope route to @dst/@dst_len
 * (the default route when @dst is NULL) through @index.
 */
static int nl_route(struct nl *nl, int type, int index, const struct in_addr *dst, int dst_len)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = type;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = dst ? dst_len : 0;
	rtm->rtm_table = RT_TABLE_MAIN;
	if (type == RTM_NEWROUTE) {
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_EXCL;
		rtm->rtm_protocol = RTPROT_STATIC;
		rtm->rtm_scope = RT_SCOPE_LINK;
		rtm->rtm_type = RTN_UNICAST;
	} else {
		rtm->rtm_scope = RT_SCOPE_NOWHERE;	/* any scope */
	}
	if (dst)
		mnl_attr_put(nlh, RTA_DST, sizeof(*dst), dst);
	mnl_attr_put_u32(nlh, RTA_OIF, index);
	return nl_talk(nl, nlh, NULL, NULL);
}

static int route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct rlookup *r = data;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	r->type = rtm->rtm_type;
	r->dst_len = rtm->rtm_dst_len;
	mnl_attr_for_each(a, nlh, sizeof(*rtm))
		if (mnl_attr_get_type(a) == RTA_OIF && mnl_attr_validate(a, MNL_TYPE_U32) >= 0)
			r->oif = mnl_attr_get_u32(a);
	return MNL_CB_OK;
}

int nl_lookup(struct nl *nl, const struct in_addr *a, struct rlookup *r)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct rtmsg *rtm;

	nlh->nlmsg_type = RTM_GETROUTE;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = AF_INET;
	rtm->rtm_dst_len = 32;
	rtm->rtm_flags = RTM_F_FIB_MATCH;
	mnl_attr_put(nlh, RTA_DST, sizeof(*a), a);
	memset(r, 0, sizeof(*r));
	return nl_talk(nl, nlh, route_cb, r);
}

static int addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct addrs *as = data;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET ||
	    (int)ifa->ifa_index != as->index || as->n >= MAX_ADDRS)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(a) != IFA_LOCAL || mnl_attr_get_payload_len(a) != 4)
			continue;
		memcpy(&as->ip[as->n].a, mnl_attr_get_payload(a), 4);
		as->ip[as->n++].plen = ifa->ifa_prefixlen;
	}
	return MNL_CB_OK;
}

/* The IPv4 addresses of link @index, in the namespace of @nsid (-1: the socket's own). */
static int nl_getaddrs(struct nl *nl, int index, int nsid, struct addrs *as)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ifaddrmsg *ifa;

	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ifa->ifa_index = index;
	if (nsid >= 0)
		mnl_attr_put_u32(nlh, IFA_TARGET_NETNSID, nsid);
	as->index = index;
	as->n = 0;
	return nl_talk(nl, nlh, addr_cb, as);
}

static int write_sysctl(const char *path, const char *val, char *err, size_t errlen)
{
	size_t len = strlen(val);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errlen, "cannot open %s: %s", path, strerror(errno));
	n = write(fd, val, len);
	if (n != (ssize_t)len) {
		fail(err, errlen, "cannot write %s: %s", path, n < 0 ? strerror(errno) : "short write");
		close(fd);
		return -1;
	}
	if (close(fd))
		return fail(err, errlen, "cannot write %s: %s", path, strerror(errno));
	return 0;
}

/*
 * The host forwards between CTs and answers ARP on the host end for the
 * other CTs' addresses (proxy ARP), at once rather than after the usual
 * random proxy delay.
 */
static int host_sysctls(const char *ifname, char *err, size_t errlen)
{
	char path[PATH_MAX];

	if (write_sysctl("/proc/sys/net/ipv4/ip_forward", "1", err, errlen))
		return -1;
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/proxy_arp", ifname);
	if (write_sysctl(path, "1", err, errlen))
		return -1;
	snprintf(path, sizeof(path), "/proc/sys/net/ipv4/neigh/%s/proxy_delay", ifname);
	return write_sysctl(path, "0", err, errlen);
}

/*
 * Who already has @a: 1 with @who ("this host" or the interface the host
 * routes it to), 0 if nobody, -errno if the lookup failed.
 */
static int ip_owner(struct nl *nl, const struct in_addr *a, char *who, size_t len)
{
	char name[IF_NAMESIZE];
	struct rlookup r;
	int ret;

	ret = nl_lookup(nl, a, &r);
	if (ret == -ENETUNREACH || ret == -EHOSTUNREACH || ret == -ENETDOWN)
		return 0;
	if (ret)
		return ret;
	if (r.type == RTN_LOCAL) {
		snprintf(who, len, "this host");
		return 1;
	}
	if (r.dst_len != 32)
		return 0;
	if (r.oif && if_indextoname(r.oif, name))
		snprintf(who, len, "%s", name);
	else
		snprintf(who, len, "a host route");
	return 1;
}

int net_ip_in_use(const char *ip, char *who, size_t len)
{
	struct ip4 a;
	struct nl nl;
	int ret;

	if (parse_ip(ip, &a, who, len))
		return -EINVAL;
	ret = nl_open(&nl);
	if (ret)
		return ret;
	ret = ip_owner(&nl, &a.a, who, len);
	nl_close(&nl);
	return ret;
}

/* Refuse an address the host already has or routes somewhere. */
static int check_free(struct nl *nl, const char *ip, const struct ip4 *a, char *err, size_t errlen)
{
	char who[64];
	int ret;

	ret = ip_owner(nl, &a->a, who, sizeof(who));
	if (ret < 0)
		return fail(err, errlen, "cannot look up a route to %s: %s", ip, strerror(-ret));
	if (ret)
		return fail(err, errlen, "IP address %s is already in use (%s)", ip, who);
	return 0;
}

/* The network namespace of @pid, which must not be ours. */
static int open_netns(pid_t pid, char *err, size_t errlen)
{
	struct stat ours, theirs;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)pid);
	fd = pid > 0 ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	if (fd < 0) {
		if (pid <= 0 || errno == ENOENT || errno == ESRCH)
			return fail(err, errlen, "process %d does not exist", (int)pid);
		return fail(err, errlen, "cannot open %s: %s", path, strerror(errno));
	}
	if (fstat(fd, &theirs) || stat("/proc/thread-self/ns/net", &ours)) {
		fail(err, errlen, "cannot stat a network namespace: %s", strerror(errno));
		close(fd);
		return -1;
	}
	if (ours.st_dev == theirs.st_dev && ours.st_ino == theirs.st_ino) {
		fail(err, errlen, "process %d is in the host's network namespace", (int)pid);
		close(fd);
		return -1;
	}
	return fd;
}

/* The host socket and a socket in @pid's namespace. */
static int open_both(pid_t pid, struct nl *host, struct nl *ct, char *err, size_t errlen)
{
	int nsfd, ret;

	host->sk = ct->sk = NULL;
	nsfd = open_netns(pid, err, errlen);
	if (nsfd < 0)
		return -1;
	ret = nl_open(host);
	if (!ret) {
		ret = nl_open_in(ct, nsfd);
		if (ret)
			nl_close(host);
	}
	if (ret) {
		fail(err, errlen, "cannot open a netlink socket: %s", strerror(-ret));
		close(nsfd);
		return -1;
	}
	return nsfd;
}

/* Inside the CT: lo and eth0 up, the addresses on eth0, the default route through it. */
static int ct_side(struct nl *ct, const char ips[][64], const struct ip4 *a, int nr,
		   char *err, size_t errlen)
{
	struct link l;
	int i, ret;

	ret = nl_getlink(ct, CT_IFNAME, &l);
	if (ret)
		return fail(err, errlen, "%s is missing in the CT: %s", CT_IFNAME, strerror(-ret));
	ret = nl_setlink(ct, "lo", 0, 1);
	if (ret)
		return fail(err, errlen, "cannot bring lo up in the CT: %s", strerror(-ret));
	ret = nl_setlink(ct, NULL, l.index, 1);
	if (ret)
		return fail(err, errlen, "cannot bring %s up in the CT: %s", CT_IFNAME,
			    strerror(-ret));
	for (i = 0; i < nr; i++) {
		ret = nl_addr(ct, RTM_NEWADDR, l.index, &a[i]);
		if (ret == -EEXIST)
			return fail(err, errlen, "IP address %s is given twice", ips[i]);
		if (ret)
			return fail(err, errlen, "cannot add %s to %s in the CT: %s", ips[i],
				    CT_IFNAME, strerror(-ret));
	}
	/* No gateway: every destination is "on the link", and the host end answers. */
	ret = nl_route(ct, RTM_NEWROUTE, l.index, NULL, 0);
	if (ret)
		return fail(err, errlen, "cannot add the default route in the CT: %s",
			    strerror(-ret));
	return 0;
}

/*
 * On the host: forwarding and proxy ARP, then, if @up, the host end up with
 * a /32 route per address (a route through a link that is down is refused).
 */
static int host_side(struct nl *host, const char *hname, const char ips[][64],
		     const struct ip4 *a, int nr, int up, char *err, size_t errlen)
{
	struct link l;
	int i, ret;

	if (host_sysctls(hname, err, errlen))
		return -1;
	if (!up)
		return 0;
	ret = nl_getlink(host, hname, &l);
	if (!ret)
		ret = nl_setlink(host, NULL, l.index, 1);
	if (ret)
		return fail(err, errlen, "cannot bring %s up: %s", hname, strerror(-ret));
	for (i = 0; i < nr; i++) {
		ret = nl_route(host, RTM_NEWROUTE, l.index, &a[i].a, 32);
		if (ret == -EEXIST)
			return fail(err, errlen, "IP address %s is already in use (routed)", ips[i]);
		if (ret)
			return fail(err, errlen, "cannot route %s to %s: %s", ips[i], hname,
				    strerror(-ret));
	}
	return 0;
}

/* The CT's addresses on the host's LANs, now that the host routes them to it. */
static void announce(unsigned int ctid, const struct ip4 *a, int n)
{
	struct in_addr ips[MAX_ADDRS];
	int i;

	for (i = 0; i < n && i < MAX_ADDRS; i++)
		ips[i] = a[i].a;
	net_arp_announce(ctid, ips, i);
}

int net_setup(unsigned int ctid, pid_t pid, const char ips[][64], int nr_ips, int host_up,
	      char *err, size_t errlen)
{
	struct ip4 a[MAX_ADDRS];
	char hname[IF_NAMESIZE];
	struct nl host, ct;
	struct link l;
	int i, nsfd, ret = -1;

	if (nr_ips < 0 || nr_ips > MAX_ADDRS)
		return fail(err, errlen, "too many IP addresses (%d)", nr_ips);
	for (i = 0; i < nr_ips; i++)
		if (parse_ip(ips[i], &a[i], err, errlen))
			return -1;
	net_host_ifname(ctid, hname, sizeof(hname));
	nsfd = open_both(pid, &host, &ct, err, errlen);
	if (nsfd < 0)
		return -1;
	if (nl_getlink(&host, hname, &l) == 0) {
		fail(err, errlen, "network interface %s already exists", hname);
		goto out;
	}
	for (i = 0; i < nr_ips; i++)
		if (check_free(&host, ips[i], &a[i], err, errlen))
			goto out;
	if (nl_getlink(&ct, CT_IFNAME, &l) == 0) {
		fail(err, errlen, "the CT already has an %s", CT_IFNAME);
		goto out;
	}
	i = nl_newveth(&host, hname, CT_IFNAME, nsfd);
	if (i) {
		fail(err, errlen, "cannot create the veth pair %s/%s: %s", hname, CT_IFNAME,
		     strerror(-i));
		goto out;
	}
	if (ct_side(&ct, ips, a, nr_ips, err, errlen) ||
	    host_side(&host, hname, ips, a, nr_ips, host_up, err, errlen)) {
		/* The pair goes with its routes; the CT end and its addresses with it. */
		nl_dellink(&host, hname);
		goto out;
	}
	if (host_up)
		announce(ctid, a, nr_ips);
	ret = 0;
out:
	nl_close(&ct);
	nl_close(&host);
	close(nsfd);
	return ret;
}

int net_add_ip(unsigned int ctid, pid_t pid, const char *ip, char *err, size_t errlen)
{
	char hname[IF_NAMESIZE];
	struct link hl, cl;
	struct nl host, ct;
	int nsfd, r, ret = -1;
	struct ip4 a;

	if (parse_ip(ip, &a, err, errlen))
		return -1;
	net_host_ifname(ctid, hname, sizeof(hname));
	nsfd = open_both(pid, &host, &ct, err, errlen);
	if (nsfd < 0)
		return -1;
	r = nl_getlink(&host, hname, &hl);
	if (r) {
		fail(err, errlen, "no network interface %s: %s", hname, strerror(-r));
		goto out;
	}
	if (check_free(&host, ip, &a, err, errlen))
		goto out;
	r = nl_getlink(&ct, CT_IFNAME, &cl);
	if (r) {
		fail(err, errlen, "%s is missing in the CT: %s", CT_IFNAME, strerror(-r));
		goto out;
	}
	r = nl_addr(&ct, RTM_NEWADDR, cl.index, &a);
	if (r) {
		fail(err, errlen, "cannot add %s to %s in the CT: %s", ip, CT_IFNAME,
		     r == -EEXIST ? "the CT has it already" : strerror(-r));
		goto out;
	}
	r = nl_route(&host, RTM_NEWROUTE, hl.index, &a.a, 32);
	if (r) {
		fail(err, errlen, "cannot route %s to %s: %s", ip, hname, strerror(-r));
		nl_addr(&ct, RTM_DELADDR, cl.index, &a);
		goto out;
	}
	net_arp_announce(ctid, &a.a, 1);
	ret = 0;
out:
	nl_close(&ct);
	nl_close(&host);
	close(nsfd);
	return ret;
}

int net_del_ip(unsigned int ctid, pid_t pid, const char *ip, char *err, size_t errlen)
{
	char hname[IF_NAMESIZE];
	struct nl host, ct;
	struct addrs as;
	struct link hl, cl;
	int i, nsfd, r, ret = -1;
	struct ip4 a;

	if (parse_ip(ip, &a, err, errlen))
		return -1;
	net_host_ifname(ctid, hname, sizeof(hname));
	nsfd = open_both(pid, &host, &ct, err, errlen);
	if (nsfd < 0)
		return -1;
	r = nl_getlink(&ct, CT_IFNAME, &cl);
	if (!r)
		r = nl_getaddrs(&ct, cl.index, -1, &as);
	if (r) {
		fail(err, errlen, "cannot read the addresses of %s in the CT: %s", CT_IFNAME,
		     strerror(-r));
		goto out;
	}
	/* Delete it with the prefix it was given, whatever @ip says. */
	for (i = 0; i < as.n && as.ip[i].a.s_addr != a.a.s_addr; i++)
		;
	if (i == as.n) {
		fail(err, errlen, "the CT has no IP address %s", ip);
		goto out;
	}
	r = nl_addr(&ct, RTM_DELADDR, cl.index, &as.ip[i]);
	if (r) {
		fail(err, errlen, "cannot remove %s from %s in the CT: %s", ip, CT_IFNAME,
		     strerror(-r));
		goto out;
	}
	r = nl_getlink(&host, hname, &hl);
	if (!r)
		r = nl_route(&host, RTM_DELROUTE, hl.index, &a.a, 32);
	if (r && r != -ESRCH && r != -ENODEV) {
		fail(err, errlen, "cannot remove the route to %s: %s", ip, strerror(-r));
		goto out;
	}
	net_arp_prune();
	ret = 0;
out:
	nl_close(&ct);
	nl_close(&host);
	close(nsfd);
	return ret;
}

/*
 * Down drops the host's routes to the CT with the link (the kernel flushes
 * them); up puts them back from the addresses the CT end has, found through
 * the pair's netnsid, so no pid or saved state is needed.
 */
int net_link_set(unsigned int ctid, int up, char *err, size_t errlen)
{
	char hname[IF_NAMESIZE], s[INET_ADDRSTRLEN];
	struct addrs as;
	struct link l;
	struct nl nl;
	int i, r, ret = -1;

	net_host_ifname(ctid, hname, sizeof(hname));
	r = nl_open(&nl);
	if (r)
		return fail(err, errlen, "cannot open a netlink socket: %s", strerror(-r));
	r = nl_getlink(&nl, hname, &l);
	if (r) {
		fail(err, errlen, "no network interface %s: %s", hname, strerror(-r));
		goto out;
	}
	r = nl_setlink(&nl, NULL, l.index, up);
	if (r) {
		fail(err, errlen, "cannot bring %s %s: %s", hname, up ? "up" : "down",
		     strerror(-r));
		goto out;
	}
	if (!up) {
		ret = 0;
		goto out;
	}
	if (l.nsid < 0 || !l.peer) {
		fail(err, errlen, "cannot find the CT end of %s", hname);
		goto out;
	}
	r = nl_getaddrs(&nl, l.peer, l.nsid, &as);
	if (r) {
		fail(err, errlen, "cannot read the CT's addresses through %s: %s", hname,
		     strerror(-r));
		goto out;
	}
	for (i = 0; i < as.n; i++) {
		r = nl_route(&nl, RTM_NEWROUTE, l.index, &as.ip[i].a, 32);
		if (r && r != -EEXIST) {
			inet_ntop(AF_INET, &as.ip[i].a, s, sizeof(s));
			fail(err, errlen, "cannot route %s to %s: %s", s, hname, strerror(-r));
			goto out;
		}
	}
	announce(ctid, as.ip, as.n);
	ret = 0;
out:
	nl_close(&nl);
	return ret;
}

void net_wait_carrier(unsigned int ctid)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	char path[64], ifname[IF_NAMESIZE], state[16];

	net_host_ifname(ctid, ifname, sizeof(ifname));
	snprintf(path, sizeof(path), "/sys/class/net/%s/operstate", ifname);
	for (int i = 0; i < 150; i++) {
		FILE *f = fopen(path, "re");
		int up = 0;

		if (!f)
			return;
		if (fgets(state, sizeof(state), f))
			up = !strncmp(state, "up", 2);
		fclose(f);
		if (up)
			return;
		nanosleep(&ts, NULL);
	}
}

int net_teardown(unsigned int ctid)
{
	char hname[IF_NAMESIZE];
	struct nl nl;
	int ret;

	net_host_ifname(ctid, hname, sizeof(hname));
	ret = nl_open(&nl);
	if (ret)
		return ret;
	ret = nl_dellink(&nl, hname);
	nl_close(&nl);
	net_arp_prune();
	return ret == -ENODEV ? 0 : ret;
}
