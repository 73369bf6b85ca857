// SPDX-License-Identifier: GPL-2.0
/*
 * A CT's network configuration (its devices' settings, addresses, routes,
 * policy rules, the neighbour entries its root made) as rtnetlink reports
 * it, read by the module itself over a netlink socket of its own in the
 * CT's namespace: no helper process, and the kernel's own setters and their
 * checks when a restore writes it back.
 * Built into both vzcpt (the dump collects) and vzrst (the restore collects
 * the namespace it goes into, to replay only the difference).
 *
 * Left out of a configuration is what the kernel makes by itself from the
 * rest: the routes of an address (RTPROT_KERNEL: local, broadcast, prefix
 * routes), routes and addresses learnt from router advertisements, IPv6
 * link-local and temporary addresses, the multicast routes.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fib_rules.h>
#include <linux/file.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_link.h>
#include <linux/mm.h>
#include <linux/neighbour.h>
#include <linux/net.h>
#include <linux/nexthop.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <linux/sockptr.h>
#include <net/netlink.h>
#include <net/sock.h>

#include "vz_netcfg.h"

/* Larger than any part of a dump answer (netlink_dump() caps them at 32 KiB). */
#define VZ_NL_BUF	(64U << 10)

void vz_nl_close(struct vz_nl *nl)
{
	if (nl->file)
		fput(nl->file);
	else if (nl->sock)
		sock_release(nl->sock);
	kvfree(nl->buf);
	kfree(nl->req);
	memset(nl, 0, sizeof(*nl));
}

static void vz_nl_opt(struct vz_nl *nl, int opt)
{
	int one = 1;

	nl->sock->ops->setsockopt(nl->sock, SOL_NETLINK, opt, KERNEL_SOCKPTR(&one), sizeof(one));
}

int vz_nl_open(struct vz_nl *nl, struct net *net)
{
	return vz_nl_open_proto(nl, net, NETLINK_ROUTE);
}

/* A socket of netlink protocol @proto: NETLINK_ROUTE, or NETLINK_NETFILTER for nf_tables. */
int vz_nl_open_proto(struct vz_nl *nl, struct net *net, int proto)
{
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->buf = kvmalloc(VZ_NL_BUF, GFP_KERNEL);
	nl->req = kmalloc(VZ_NL_REQ, GFP_KERNEL);
	if (!nl->buf || !nl->req) {
		vz_nl_close(nl);
		return -ENOMEM;
	}
	err = sock_create_kern(net, AF_NETLINK, SOCK_RAW, proto, &nl->sock);
	if (err) {
		nl->sock = NULL;
		vz_nl_close(nl);
		return err;
	}
	/* An error comes with the kernel's explanation, and without the request echoed. */
	vz_nl_opt(nl, NETLINK_EXT_ACK);
	vz_nl_opt(nl, NETLINK_CAP_ACK);
	/* rtnetlink and nfnetlink answer before sendmsg() returns: a wait this long is a bug. */
	nl->sock->sk->sk_rcvtimeo = 10 * HZ;
	return 0;
}

/*
 * Gives the socket a file, as a program's has: sock_diag's dumps read the
 * user namespace of the asking socket from its file (sk_user_ns()), which
 * a kernel socket has not. The file is the opener's and goes with
 * vz_nl_close().
 */
int vz_nl_give_file(struct vz_nl *nl)
{
	struct file *file = sock_alloc_file(nl->sock, 0, NULL);

	if (IS_ERR(file)) {
		/* sock_alloc_file() released the socket. */
		nl->sock = NULL;
		return PTR_ERR(file);
	}
	nl->file = file;
	return 0;
}

void vz_nl_start(struct vz_nl *nl, u16 type, u16 flags, const void *hdr, size_t len)
{
	struct nlmsghdr *nlh = nl->req;

	nl->overflow = false;
	memset(nlh, 0, NLMSG_HDRLEN + NLMSG_ALIGN(len));
	nlh->nlmsg_len = NLMSG_LENGTH(len);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	memcpy(nlmsg_data(nlh), hdr, len);
}

/*
 * Every request is built from fixed records and fits: one that does not is
 * a bug, which makes vz_nl_do() fail rather than send it with a part left
 * out.
 */
int vz_nl_put(struct vz_nl *nl, u16 type, const void *data, size_t len)
{
	struct nlmsghdr *nlh = nl->req;
	u32 at = NLMSG_ALIGN(nlh->nlmsg_len);
	struct nlattr *a = (void *)nlh + at;

	if (at + nla_total_size(len) > VZ_NL_REQ) {
		nl->overflow = true;
		return -EMSGSIZE;
	}
	a->nla_type = type;
	a->nla_len = nla_attr_size(len);
	if (len)
		memcpy(nla_data(a), data, len);
	memset(nla_data(a) + len, 0, nla_padlen(len));
	nlh->nlmsg_len = at + nla_total_size(len);
	return 0;
}

struct nlattr *vz_nl_nest(struct vz_nl *nl, u16 type)
{
	struct nlattr *a = (void *)nl->req + NLMSG_ALIGN(nl->req->nlmsg_len);

	return vz_nl_put(nl, type | NLA_F_NESTED, NULL, 0) ? NULL : a;
}

void vz_nl_nest_end(struct vz_nl *nl, struct nlattr *nest)
{
	nest->nla_len = (void *)nl->req + nl->req->nlmsg_len - (void *)nest;
}

/*
 * The destination address sets NETLINK_SKB_DST: rtnetlink then asks the
 * sender (current) for CAP_NET_ADMIN over the namespace, not the file of
 * the socket's opener, which a kernel socket does not have.
 */
int vz_nl_send_buf(struct vz_nl *nl, void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	struct msghdr msg = { .msg_name = &sa, .msg_namelen = sizeof(sa) };
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int ret = kernel_sendmsg(nl->sock, &msg, &iov, 1, len);

	return ret < 0 ? ret : 0;
}

static int vz_nl_send(struct vz_nl *nl)
{
	nl->req->nlmsg_seq = ++nl->seq;
	return vz_nl_send_buf(nl, nl->req, nl->req->nlmsg_len);
}

/* Read what the socket holds into nl->buf: its length; MSG_DONTWAIT in @flags: -EAGAIN if none. */
int vz_nl_recv(struct vz_nl *nl, int flags)
{
	struct msghdr msg = {};
	struct kvec iov = { .iov_base = nl->buf, .iov_len = VZ_NL_BUF };
	int ret = kernel_recvmsg(nl->sock, &msg, &iov, 1, VZ_NL_BUF, flags);

	if (ret >= 0 && (msg.msg_flags & MSG_TRUNC))
		return -EMSGSIZE;
	return ret ? ret : -EPIPE;
}

/* An NLMSG_ERROR's error (0: an ACK), its explanation kept in nl->ext. */
int vz_nl_error(struct vz_nl *nl, const struct nlmsghdr *nlh)
{
	const struct nlmsgerr *e = nlmsg_data(nlh);
	const struct nlattr *a;
	size_t hlen;
	int rem;

	nl->ext[0] = 0;
	if (nlh->nlmsg_len < nlmsg_msg_size(sizeof(*e)))
		return -EPROTO;
	hlen = sizeof(*e);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		hlen += NLMSG_ALIGN(e->msg.nlmsg_len) - NLMSG_HDRLEN;
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) && nlmsg_msg_size(hlen) <= nlh->nlmsg_len) {
		nla_for_each_attr(a, (void *)e + hlen, nlh->nlmsg_len - nlmsg_msg_size(hlen), rem)
			if (nla_type(a) == NLMSGERR_ATTR_MSG)
				nla_strscpy(nl->ext, a, sizeof(nl->ext));
	}
	return e->error > 0 ? -EPROTO : e->error;
}

/* Send the request built and wait for its ACK: 0 or its error. */
int vz_nl_do(struct vz_nl *nl)
{
	if (nl->overflow)
		return -EMSGSIZE;
	return vz_nl_do_msg(nl, nl->req);
}

/* Send request @req, built elsewhere than nl->req, and wait for its ACK: 0 or its error. */
int vz_nl_do_msg(struct vz_nl *nl, struct nlmsghdr *req)
{
	struct nlmsghdr *nlh;
	int len, err;

	req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++nl->seq;
	err = vz_nl_send_buf(nl, req, req->nlmsg_len);
	if (err)
		return err;
	for (;;) {
		len = vz_nl_recv(nl, 0);
		if (len < 0)
			return len;
		for (nlh = nl->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len))
			if (nlh->nlmsg_seq == nl->seq && nlh->nlmsg_type == NLMSG_ERROR)
				return vz_nl_error(nl, nlh);
	}
}

/* Dump what the request built asks for, each message to @cb; the whole answer is read. */
int vz_nl_dump(struct vz_nl *nl, vz_nl_cb cb, void *arg, char *why, size_t whylen)
{
	struct nlmsghdr *nlh;
	int len, err;

	err = vz_nl_send(nl);
	if (err)
		return err;
	for (;;) {
		len = vz_nl_recv(nl, 0);
		if (len < 0)
			return len;
		for (nlh = nl->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_seq != nl->seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (!err && nlmsg_len(nlh) >= sizeof(int))
					err = *(int *)nlmsg_data(nlh);
				return err;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR)
				return err ? err : vz_nl_error(nl, nlh);
			if (!err)
				err = cb(arg, nlh, why, whylen);
		}
	}
}

/*
 * String attribute @type of an nftables record's attributes, or @none where
 * it is missing or not one string (the validator checks attribute 1 only).
 */
const char *vz_nft_str(const struct vzcpt_img_nft *rec, int type, const char *none)
{
	const struct nlattr *a = nla_find((const struct nlattr *)(rec + 1), rec->len, type);

	return a && nla_len(a) && !((const char *)nla_data(a))[nla_len(a) - 1] ?
	       nla_data(a) : none;
}

int vz_netcfg_add(void **arr, unsigned int *nr, unsigned int *cap, size_t size, const void *rec)
{
	void *bigger;

	if (*nr == *cap) {
		if (*nr >= 65536)	/* far beyond any CT: a namespace being flooded */
			return -E2BIG;
		bigger = kvrealloc(*arr, *cap * size, (*cap ? *cap * 2 : 16) * size, GFP_KERNEL);
		if (!bigger)
			return -ENOMEM;
		*arr = bigger;
		*cap = *cap ? *cap * 2 : 16;
	}
	memcpy(*arr + (size_t)*nr * size, rec, size);
	(*nr)++;
	return 0;
}

void vz_netcfg_free(struct vz_netcfg *cfg)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_sysctls; i++)
		kfree(cfg->sysctls[i]);
	kvfree(cfg->sysctls);
	for (i = 0; i < cfg->nr_nfts; i++)
		kvfree(cfg->nfts[i]);
	kvfree(cfg->nfts);
	for (i = 0; i < cfg->nr_xtables; i++)
		kvfree(cfg->xtables[i]);
	kvfree(cfg->xtables);
	kvfree(cfg->devs);
	kvfree(cfg->addrs);
	kvfree(cfg->routes);
	kvfree(cfg->rules);
	kvfree(cfg->confs);
	kvfree(cfg->neighs);
	memset(cfg, 0, sizeof(*cfg));
}

/* The id a configuration names the device @ifindex by; 0 for one it does not carry. */
static u32 vz_netcfg_id(const struct vz_netcfg *cfg, int ifindex)
{
	unsigned int i, j;

	for (i = 0; i < cfg->nr_devs; i++) {
		if (cfg->devs[i].ifindex != ifindex)
			continue;
		if (!cfg->img)
			return i + 1;
		for (j = 0; j < cfg->img->nr_devs; j++)
			if (!strcmp(cfg->img->devs[j].d.name, cfg->devs[i].d.name))
				return j + 1;
		break;
	}
	return cfg->img ? VZ_NETCFG_OTHER | ifindex : 0;
}

/* The index in @cur (collected against an image) of what @id names; 0 for none. */
int vz_netcfg_ifindex(const struct vz_netcfg *cur, u32 id)
{
	unsigned int i;

	if (id & VZ_NETCFG_OTHER)
		return id & ~VZ_NETCFG_OTHER;
	if (!id || id > cur->img->nr_devs)
		return 0;
	for (i = 0; i < cur->nr_devs; i++)
		if (!strcmp(cur->devs[i].d.name, cur->img->devs[id - 1].d.name))
			return cur->devs[i].ifindex;
	return 0;
}

/* The devices every namespace gets while their tunnel module is loaded. */
static const struct {
	const char *kind, *name;
} vz_fallback_devs[] = {
	{ "sit", "sit0" }, { "ipip", "tunl0" }, { "ip6tnl", "ip6tnl0" }, { "gre", "gre0" },
	{ "gretap", "gretap0" }, { "erspan", "erspan0" }, { "ip6gre", "ip6gre0" },
	{ "vti", "ip_vti0" }, { "vti6", "ip6_vti0" },
};

static bool vz_fallback_dev(const char *kind, const char *name)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vz_fallback_devs); i++)
		if (!strcmp(kind, vz_fallback_devs[i].kind) &&
		    !strcmp(name, vz_fallback_devs[i].name))
			return true;
	return false;
}

static int vz_netcfg_link(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct vz_netcfg *cfg = arg;
	const struct ifinfomsg *ifi = nlmsg_data(nlh);
	const struct nlattr *a, *b, *mac = NULL;
	struct vz_netcfg_dev dev = {};
	char kind[16] = "";
	int rem, rem2;

	if (nlh->nlmsg_type != RTM_NEWLINK || nlmsg_len(nlh) < sizeof(*ifi))
		return -EPROTO;
	nlmsg_for_each_attr(a, nlh, sizeof(*ifi), rem) {
		switch (nla_type(a)) {
		case IFLA_IFNAME:
			nla_strscpy(dev.d.name, a, sizeof(dev.d.name));
			break;
		case IFLA_MTU:
			if (nla_len(a) >= sizeof(u32))
				dev.d.mtu = nla_get_u32(a);
			break;
		case IFLA_ADDRESS:
			mac = a;
			break;
		case IFLA_TXQLEN:
			if (nla_len(a) >= sizeof(u32))
				dev.d.txqlen = nla_get_u32(a);
			break;
		case IFLA_LINKINFO:
			nla_for_each_nested(b, a, rem2)
				if (nla_type(b) == IFLA_INFO_KIND)
					nla_strscpy(kind, b, sizeof(kind));
			break;
		}
	}
	if (!cfg->img && cfg->nr_devs >= VZCPT_NETDEV_MAX) {
		snprintf(why, whylen, "has more than %u devices: they cannot be carried",
			 VZCPT_NETDEV_MAX);
		return -EOPNOTSUPP;
	}
	dev.ifindex = ifi->ifi_index;
	dev.d.flags = ifi->ifi_flags & VZCPT_NETDEV_FLAGS;
	if (ifi->ifi_type == ARPHRD_LOOPBACK && !kind[0] && !strcmp(dev.d.name, "lo")) {
		dev.d.kind = VZCPT_NETDEV_LOOPBACK;
	} else if (!strcmp(kind, "veth") && !strcmp(dev.d.name, "eth0")) {
		dev.d.kind = VZCPT_NETDEV_VETH;
		if (mac && nla_len(mac) == VZCPT_MAC_LEN)
			memcpy(dev.d.mac, nla_data(mac), VZCPT_MAC_LEN);
	} else if (!strcmp(kind, "dummy")) {
		dev.d.kind = VZCPT_NETDEV_DUMMY;
		if (mac && nla_len(mac) == VZCPT_MAC_LEN)
			memcpy(dev.d.mac, nla_data(mac), VZCPT_MAC_LEN);
	} else if (!cfg->img) {
		/* Down, it is as every namespace has it: what uses it is refused. */
		if (vz_fallback_dev(kind, dev.d.name) && !(ifi->ifi_flags & IFF_UP))
			return 0;
		snprintf(why, whylen, "has device %s of kind %s: it cannot be carried yet",
			 dev.d.name, kind[0] ? kind : "unknown");
		return -EOPNOTSUPP;
	}
	return vz_netcfg_add((void **)&cfg->devs, &cfg->nr_devs, &cfg->cap_devs, sizeof(dev),
			     &dev);
}

static bool vz_ipv6_linklocal(const u8 *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

static int vz_netcfg_addr(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct vz_netcfg *cfg = arg;
	const struct ifaddrmsg *ifa = nlmsg_data(nlh);
	const struct nlattr *a, *addr = NULL, *local = NULL;
	struct vzcpt_img_netaddr r = {
		.valid_lft = VZCPT_LFT_FOREVER, .preferred_lft = VZCPT_LFT_FOREVER,
	};
	const struct ifa_cacheinfo *ci;
	unsigned int alen;
	u32 flags;
	int rem;

	if (nlh->nlmsg_type != RTM_NEWADDR || nlmsg_len(nlh) < sizeof(*ifa))
		return -EPROTO;
	if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6)
		return 0;
	alen = ifa->ifa_family == AF_INET ? 4 : 16;
	flags = ifa->ifa_flags;
	nlmsg_for_each_attr(a, nlh, sizeof(*ifa), rem) {
		switch (nla_type(a)) {
		case IFA_ADDRESS:
			addr = a;
			break;
		case IFA_LOCAL:
			local = a;
			break;
		case IFA_BROADCAST:
			if (nla_len(a) == 4)
				memcpy(r.broadcast, nla_data(a), 4);
			break;
		case IFA_LABEL:
			nla_strscpy(r.label, a, sizeof(r.label));
			break;
		case IFA_FLAGS:
			if (nla_len(a) >= sizeof(u32))
				flags = nla_get_u32(a);
			break;
		case IFA_CACHEINFO:
			if (nla_len(a) < sizeof(*ci))
				break;
			ci = nla_data(a);
			r.valid_lft = ci->ifa_valid;
			r.preferred_lft = ci->ifa_prefered;
			break;
		case IFA_RT_PRIORITY:
			if (nla_len(a) >= sizeof(u32))
				r.metric = nla_get_u32(a);
			break;
		case IFA_PROTO:
			if (nla_len(a) >= 1)
				r.proto = nla_get_u8(a);
			break;
		}
	}
	if (!addr || nla_len(addr) != alen || (local && nla_len(local) != alen))
		return -EPROTO;
	r.family = ifa->ifa_family;
	r.prefixlen = ifa->ifa_prefixlen;
	r.scope = ifa->ifa_scope;
	r.flags = flags & VZCPT_NETADDR_FLAGS;
	if (local) {
		memcpy(r.local, nla_data(local), alen);
		memcpy(r.peer, nla_data(addr), alen);
	} else {
		memcpy(r.local, nla_data(addr), alen);
		if (r.family == AF_INET)
			memcpy(r.peer, nla_data(addr), alen);
	}
	if (r.family == AF_INET6) {
		memset(r.label, 0, sizeof(r.label));
		/* Made afresh by the device's autoconfiguration. */
		if (flags & IFA_F_TEMPORARY)
			return 0;
		if (vz_ipv6_linklocal(r.local) && r.prefixlen == 64)
			return 0;
	}
	if (!r.valid_lft)	/* expiring now */
		return 0;
	r.preferred_lft = min(r.preferred_lft, r.valid_lft);
	r.dev = vz_netcfg_id(cfg, ifa->ifa_index);
	if (!r.dev) {
		snprintf(why, whylen,
			 "has an address (family %u) on device %u, which cannot be carried",
			 r.family, ifa->ifa_index);
		return -EOPNOTSUPP;
	}
	return vz_netcfg_add((void **)&cfg->addrs, &cfg->nr_addrs, &cfg->cap_addrs, sizeof(r), &r);
}

static int vz_netcfg_ip(void *to, const struct nlattr *a, unsigned int alen)
{
	if (nla_len(a) != alen)
		return -EPROTO;
	memcpy(to, nla_data(a), alen);
	return 0;
}

static int vz_route_attr(struct vzcpt_img_netroute *r, const struct nlattr *a, unsigned int alen,
			 int *oif, char *why, size_t whylen)
{
	const struct rta_cacheinfo *ci;
	const struct nlattr *m;
	int rem, t;

	switch (nla_type(a)) {
	case RTA_TABLE:
		r->table = nla_get_u32(a);
		return 0;
	case RTA_DST:
		return vz_netcfg_ip(r->dst, a, alen);
	case RTA_SRC:
		return vz_netcfg_ip(r->src, a, alen);
	case RTA_GATEWAY:
		r->has |= VZCPT_NETROUTE_GATEWAY;
		return vz_netcfg_ip(r->gateway, a, alen);
	case RTA_PREFSRC:
		r->has |= VZCPT_NETROUTE_PREFSRC;
		return vz_netcfg_ip(r->prefsrc, a, alen);
	case RTA_OIF:
		*oif = nla_get_u32(a);
		return 0;
	case RTA_PRIORITY:
		r->has |= VZCPT_NETROUTE_PRIORITY;
		r->priority = nla_get_u32(a);
		return 0;
	case RTA_FLOW:
		r->realms = nla_get_u32(a);
		return 0;
	case RTA_PREF:
		r->has |= VZCPT_NETROUTE_PREF;
		r->pref = nla_get_u8(a);
		return 0;
	case RTA_CACHEINFO:
		if (nla_len(a) < sizeof(*ci))
			return -EPROTO;
		ci = nla_data(a);
		/* In clock ticks: the seconds left, rounded up as RTA_EXPIRES takes them. */
		if (ci->rta_expires > 0)
			r->expires = DIV_ROUND_UP(ci->rta_expires, USER_HZ);
		return 0;
	case RTA_METRICS:
		nla_for_each_nested(m, a, rem) {
			t = nla_type(m);
			if (t < 1 || t > VZCPT_RTAX_MAX || t == RTAX_CC_ALGO) {
				snprintf(why, whylen,
					 "has a route with metric %d: it cannot be carried yet", t);
				return -EOPNOTSUPP;
			}
			if (nla_len(m) >= sizeof(u32))
				r->metrics[t - 1] = nla_get_u32(m);
		}
		return 0;
	}
	snprintf(why, whylen,
		 "has a route with attribute %u (multipath, nexthop object, encapsulation...): it cannot be carried yet",
		 nla_type(a));
	return -EOPNOTSUPP;
}

static int vz_netcfg_route(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct vz_netcfg *cfg = arg;
	const struct rtmsg *rtm = nlmsg_data(nlh);
	struct vzcpt_img_netroute r = {};
	const struct nlattr *a;
	unsigned int alen;
	int rem, oif = 0, err;

	if (nlh->nlmsg_type != RTM_NEWROUTE || nlmsg_len(nlh) < sizeof(*rtm))
		return -EPROTO;
	if (rtm->rtm_family != AF_INET && rtm->rtm_family != AF_INET6)
		return 0;
	if (rtm->rtm_protocol == RTPROT_KERNEL || rtm->rtm_protocol == RTPROT_RA ||
	    (rtm->rtm_flags & RTM_F_CLONED))
		return 0;
	alen = rtm->rtm_family == AF_INET ? 4 : 16;
	r.family = rtm->rtm_family;
	r.dst_len = rtm->rtm_dst_len;
	r.src_len = rtm->rtm_src_len;
	r.tos = rtm->rtm_tos;
	r.protocol = rtm->rtm_protocol;
	r.scope = rtm->rtm_scope;
	r.type = rtm->rtm_type;
	r.table = rtm->rtm_table;
	r.flags = rtm->rtm_flags & VZCPT_NETROUTE_FLAGS;
	nlmsg_for_each_attr(a, nlh, sizeof(*rtm), rem) {
		err = vz_route_attr(&r, a, alen, &oif, why, whylen);
		if (err)
			return err;
	}
	if (oif) {
		r.oif = vz_netcfg_id(cfg, oif);
		if (!r.oif) {
			snprintf(why, whylen,
				 "has a route through device %d, which cannot be carried", oif);
			return -EOPNOTSUPP;
		}
	}
	return vz_netcfg_add((void **)&cfg->routes, &cfg->nr_routes, &cfg->cap_routes, sizeof(r),
			     &r);
}

static int vz_rule_attr(struct vzcpt_img_netrule *r, const struct nlattr *a, unsigned int alen,
			char *why, size_t whylen)
{
	const struct fib_rule_port_range *pr;

	switch (nla_type(a)) {
	case FRA_TABLE:
		r->table = nla_get_u32(a);
		return 0;
	case FRA_PRIORITY:
		r->priority = nla_get_u32(a);
		return 0;
	case FRA_GOTO:
		r->target = nla_get_u32(a);
		return 0;
	case FRA_FWMARK:
		r->fwmark = nla_get_u32(a);
		return 0;
	case FRA_FWMASK:
		r->fwmask = nla_get_u32(a);
		return 0;
	case FRA_IIFNAME:
		nla_strscpy(r->iifname, a, sizeof(r->iifname));
		return 0;
	case FRA_OIFNAME:
		nla_strscpy(r->oifname, a, sizeof(r->oifname));
		return 0;
	case FRA_SUPPRESS_PREFIXLEN:
		r->suppress_prefixlen = nla_get_s32(a);
		return 0;
	case FRA_SUPPRESS_IFGROUP:
		r->suppress_ifgroup = nla_get_s32(a);
		return 0;
	case FRA_PROTOCOL:
		r->protocol = nla_get_u8(a);
		return 0;
	case FRA_IP_PROTO:
		r->ip_proto = nla_get_u8(a);
		return 0;
	case FRA_FLOW:
		r->realms = nla_get_u32(a);
		return 0;
	case FRA_DST:
		return vz_netcfg_ip(r->dst, a, alen);
	case FRA_SRC:
		return vz_netcfg_ip(r->src, a, alen);
	case FRA_SPORT_RANGE:
	case FRA_DPORT_RANGE:
		if (nla_len(a) < sizeof(*pr))
			return -EPROTO;
		pr = nla_data(a);
		if (nla_type(a) == FRA_SPORT_RANGE) {
			r->has |= VZCPT_NETRULE_SPORT;
			r->sport[0] = pr->start;
			r->sport[1] = pr->end;
		} else {
			r->has |= VZCPT_NETRULE_DPORT;
			r->dport[0] = pr->start;
			r->dport[1] = pr->end;
		}
		return 0;
	}
	snprintf(why, whylen,
		 "has a policy rule with attribute %u (uid range, tunnel id, l3mdev...): it cannot be carried yet",
		 nla_type(a));
	return -EOPNOTSUPP;
}

static int vz_netcfg_rule(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct vz_netcfg *cfg = arg;
	const struct fib_rule_hdr *frh = nlmsg_data(nlh);
	struct vzcpt_img_netrule r = { .suppress_prefixlen = -1, .suppress_ifgroup = -1 };
	const struct nlattr *a;
	int rem, err;

	if (nlh->nlmsg_type != RTM_NEWRULE || nlmsg_len(nlh) < sizeof(*frh))
		return -EPROTO;
	if (frh->family != AF_INET && frh->family != AF_INET6)
		return 0;
	r.family = frh->family;
	r.dst_len = frh->dst_len;
	r.src_len = frh->src_len;
	r.tos = frh->tos;
	r.action = frh->action;
	r.flags = frh->flags & VZCPT_NETRULE_FLAGS;
	r.table = frh->table;
	nlmsg_for_each_attr(a, nlh, sizeof(*frh), rem) {
		err = vz_rule_attr(&r, a, frh->family == AF_INET ? 4 : 16, why, whylen);
		if (err)
			return err;
	}
	return vz_netcfg_add((void **)&cfg->rules, &cfg->nr_rules, &cfg->cap_rules, sizeof(r),
			     &r);
}

/*
 * The neighbour entries a user made: permanent ones and proxy ones. The
 * others (learnt, NOARP ones of multicast and loopback) the kernel makes
 * again; a managed or externally learnt entry is refused.
 */
static int vz_netcfg_neigh(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct vz_netcfg *cfg = arg;
	const struct ndmsg *ndm = nlmsg_data(nlh);
	struct vzcpt_img_netneigh r = {};
	const struct nlattr *a, *dst = NULL, *ll = NULL;
	unsigned int alen;
	int rem;

	if (nlh->nlmsg_type != RTM_NEWNEIGH || nlmsg_len(nlh) < sizeof(*ndm))
		return -EPROTO;
	if (ndm->ndm_family != AF_INET && ndm->ndm_family != AF_INET6)
		return 0;
	if (!(ndm->ndm_flags & NTF_PROXY) && !(ndm->ndm_state & NUD_PERMANENT))
		return 0;
	alen = ndm->ndm_family == AF_INET ? 4 : 16;
	nlmsg_for_each_attr(a, nlh, sizeof(*ndm), rem) {
		switch (nla_type(a)) {
		case NDA_DST:
			dst = a;
			break;
		case NDA_LLADDR:
			ll = a;
			break;
		case NDA_PROTOCOL:
			if (nla_len(a) >= 1)
				r.protocol = nla_get_u8(a);
			break;
		case NDA_FLAGS_EXT:
			if (nla_len(a) >= sizeof(u32) && nla_get_u32(a)) {
				snprintf(why, whylen,
					 "has a neighbour entry with extended flags %#x (managed): it cannot be carried yet",
					 nla_get_u32(a));
				return -EOPNOTSUPP;
			}
			break;
		}
	}
	if (!dst || nla_len(dst) != alen || (ll && nla_len(ll) > VZCPT_LLADDR_MAX))
		return -EPROTO;
	if (ndm->ndm_flags & ~VZCPT_NEIGH_FLAGS) {
		snprintf(why, whylen,
			 "has a neighbour entry with flags %#x (extern_learn, offload...): it cannot be carried yet",
			 ndm->ndm_flags);
		return -EOPNOTSUPP;
	}
	r.family = ndm->ndm_family;
	r.flags = ndm->ndm_flags;
	memcpy(r.dst, nla_data(dst), alen);
	if (!(r.flags & VZCPT_NEIGH_PROXY) && ll) {
		r.lladdr_len = nla_len(ll);
		memcpy(r.lladdr, nla_data(ll), r.lladdr_len);
	}
	r.dev = ndm->ndm_ifindex ? vz_netcfg_id(cfg, ndm->ndm_ifindex) : 0;
	if (ndm->ndm_ifindex && !r.dev) {
		snprintf(why, whylen,
			 "has a neighbour entry (family %u) on device %u, which cannot be carried",
			 r.family, ndm->ndm_ifindex);
		return -EOPNOTSUPP;
	}
	if (!r.dev && !(r.flags & VZCPT_NEIGH_PROXY))
		return -EPROTO;
	if (!(r.flags & VZCPT_NEIGH_PROXY) && !r.lladdr_len) {
		snprintf(why, whylen,
			 "has a permanent neighbour entry (family %u) without a link-layer address: it cannot be carried yet",
			 r.family);
		return -EOPNOTSUPP;
	}
	return vz_netcfg_add((void **)&cfg->neighs, &cfg->nr_neighs, &cfg->cap_neighs, sizeof(r),
			     &r);
}

/* Nexthop objects (ip nexthop): none is carried yet, and any is refused. */
static int vz_netcfg_nexthop(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct vz_netcfg *cfg = arg;

	if (cfg->img || nlh->nlmsg_type != RTM_NEWNEXTHOP)
		return 0;
	snprintf(why, whylen, "has nexthop objects (ip nexthop): they cannot be carried yet");
	return -EOPNOTSUPP;
}

/*
 * vz_netcfg_collect - the configuration of the namespace @nl is in
 * Returns 0; -EOPNOTSUPP with @why saying what the namespace has that an
 * image cannot carry (never when collecting against an image); or the
 * error of a request.
 */
int vz_netcfg_collect(struct vz_nl *nl, struct vz_netcfg *cfg, char *why, size_t whylen)
{
	static const u8 families[] = { AF_INET, AF_INET6 };
	struct ifinfomsg ifi = {};
	struct ifaddrmsg ifa = {};
	unsigned int i;
	int err;

	/* The image's constants are the kernel's. */
	BUILD_BUG_ON(VZCPT_NETADDR_FLAGS != (IFA_F_NODAD | IFA_F_OPTIMISTIC | IFA_F_HOMEADDRESS |
					     IFA_F_MANAGETEMPADDR | IFA_F_NOPREFIXROUTE |
					     IFA_F_MCAUTOJOIN));
	BUILD_BUG_ON(VZCPT_NETDEV_FLAGS != (IFF_UP | IFF_DEBUG | IFF_NOTRAILERS | IFF_NOARP |
					    IFF_PROMISC | IFF_ALLMULTI | IFF_MULTICAST |
					    IFF_PORTSEL | IFF_AUTOMEDIA | IFF_DYNAMIC));
	BUILD_BUG_ON(VZCPT_NETROUTE_FLAGS != RTNH_F_ONLINK);
	BUILD_BUG_ON(VZCPT_NETRULE_FLAGS != FIB_RULE_INVERT);
	BUILD_BUG_ON(VZCPT_AF_INET != AF_INET || VZCPT_AF_INET6 != AF_INET6);
	BUILD_BUG_ON(VZCPT_RTAX_MAX != RTAX_MAX);
	BUILD_BUG_ON(VZCPT_NEIGH_PROXY != NTF_PROXY || VZCPT_NEIGH_ROUTER != NTF_ROUTER);
	BUILD_BUG_ON(VZCPT_LLADDR_MAX != MAX_ADDR_LEN);

	vz_nl_start(nl, RTM_GETLINK, NLM_F_DUMP, &ifi, sizeof(ifi));
	err = vz_nl_dump(nl, vz_netcfg_link, cfg, why, whylen);
	if (err)
		return err;
	vz_nl_start(nl, RTM_GETADDR, NLM_F_DUMP, &ifa, sizeof(ifa));
	err = vz_nl_dump(nl, vz_netcfg_addr, cfg, why, whylen);
	for (i = 0; !err && i < ARRAY_SIZE(families); i++) {
		struct rtmsg rtm = { .rtm_family = families[i] };

		vz_nl_start(nl, RTM_GETROUTE, NLM_F_DUMP, &rtm, sizeof(rtm));
		err = vz_nl_dump(nl, vz_netcfg_route, cfg, why, whylen);
	}
	for (i = 0; !err && i < ARRAY_SIZE(families); i++) {
		struct fib_rule_hdr frh = { .family = families[i] };

		vz_nl_start(nl, RTM_GETRULE, NLM_F_DUMP, &frh, sizeof(frh));
		err = vz_nl_dump(nl, vz_netcfg_rule, cfg, why, whylen);
	}
	if (!err && !cfg->img) {
		struct nhmsg nhm = {};

		vz_nl_start(nl, RTM_GETNEXTHOP, NLM_F_DUMP, &nhm, sizeof(nhm));
		err = vz_nl_dump(nl, vz_netcfg_nexthop, cfg, why, whylen);
	}
	/* a restore replaces the image's entries: the namespace's are not needed */
	for (i = 0; !err && !cfg->img && i < 2; i++) {
		/* the proxy entries only when the request's flags are NTF_PROXY, exactly */
		struct ndmsg ndm = { .ndm_flags = i ? NTF_PROXY : 0 };

		vz_nl_start(nl, RTM_GETNEIGH, NLM_F_DUMP, &ndm, sizeof(ndm));
		err = vz_nl_dump(nl, vz_netcfg_neigh, cfg, why, whylen);
	}
	return err;
}

static const char *vz_netcfg_dev_name(const struct vz_netcfg *cfg, u32 id)
{
	const struct vz_netcfg *img = cfg->img ? cfg->img : cfg;

	if (id && id <= img->nr_devs)
		return img->devs[id - 1].d.name;
	return id ? "(another device)" : "(none)";
}

/* @rec, a record of @type, in words, for a message. */
int vz_netcfg_what(char *buf, size_t len, u16 type, const void *rec, const struct vz_netcfg *cfg)
{
	const struct vzcpt_img_netaddr *a = rec;
	const struct vzcpt_img_netroute *r = rec;
	const struct vzcpt_img_netrule *u = rec;
	const struct vzcpt_img_netneigh *n = rec;

	switch (type) {
	case VZCPT_REC_NETADDR:
		if (a->family == VZCPT_AF_INET)
			return snprintf(buf, len, "address %pI4/%u on %s", a->local, a->prefixlen,
					vz_netcfg_dev_name(cfg, a->dev));
		return snprintf(buf, len, "address %pI6c/%u on %s", a->local, a->prefixlen,
				vz_netcfg_dev_name(cfg, a->dev));
	case VZCPT_REC_NETROUTE:
		if (r->family == VZCPT_AF_INET)
			return snprintf(buf, len, "route %pI4/%u table %u", r->dst, r->dst_len,
					r->table);
		return snprintf(buf, len, "route %pI6c/%u table %u", r->dst, r->dst_len, r->table);
	case VZCPT_REC_NETRULE:
		return snprintf(buf, len, "IPv%c rule %u (table %u)",
				u->family == VZCPT_AF_INET ? '4' : '6', u->priority, u->table);
	case VZCPT_REC_NETNEIGH:
		if (n->family == VZCPT_AF_INET)
			return snprintf(buf, len, "%sneighbour %pI4 on %s",
					n->flags & VZCPT_NEIGH_PROXY ? "proxy " : "", n->dst,
					vz_netcfg_dev_name(cfg, n->dev));
		return snprintf(buf, len, "%sneighbour %pI6c on %s",
				n->flags & VZCPT_NEIGH_PROXY ? "proxy " : "", n->dst,
				vz_netcfg_dev_name(cfg, n->dev));
	}
	return snprintf(buf, len, "device %s", ((const struct vzcpt_img_netdev *)rec)->name);
}
