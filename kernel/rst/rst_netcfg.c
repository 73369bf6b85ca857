// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration of the CT's network namespace, replayed into the new
 * one vzctl made for the restore (lo and eth0 up, its IP_ADDRESS addresses,
 * the default route), before any task or socket is there, through
 * rtnetlink's own handlers and their checks, each failure naming the entry.
 * What both have is left as it is; the image's devices, addresses and
 * routes are added, each replacing the namespace's of the same key (the
 * same address; a route to the same destination, TOS, metric and table);
 * what the namespace has besides them is kept: vzctl's configuration makes
 * it (an address given by `vzctl set --ipadd` while the CT was away stays).
 * The policy rules, which vzctl does not make, are made the image's: a
 * default rule the CT had deleted is deleted again. The neighbour entries
 * its root made are made or replaced. The requests go from the undumping task (vzctl,
 * CAP_NET_ADMIN over every namespace): the validator allows only what a
 * dump writes, and each request acts in the CT's namespace alone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fib_rules.h>
#include <linux/if_addr.h>
#include <linux/etherdevice.h>
#include <linux/if_link.h>
#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "rst_context.h"
#include "rst_net.h"

static unsigned int rst_alen(u8 family)
{
	return family == VZCPT_AF_INET ? 4 : 16;
}

static bool rst_zero(const void *p, size_t len)
{
	return !memchr_inv(p, 0, len);
}

static void rst_put_u32(struct vz_nl *nl, u16 type, u32 v)
{
	vz_nl_put(nl, type, &v, sizeof(v));
}

static void rst_put_u8(struct vz_nl *nl, u16 type, u8 v)
{
	vz_nl_put(nl, type, &v, sizeof(v));
}

static void rst_put_str(struct vz_nl *nl, u16 type, const char *s)
{
	vz_nl_put(nl, type, s, strlen(s) + 1);
}

/*
 * @d: the image's device; @now: the namespace's of that name, NULL for one
 * to make. eth0's MAC is set when the image's is another than the one vzctl
 * gave it (the kernel's random one); veth changes it while up.
 */
static int rst_nl_link(struct vz_nl *nl, const struct vzcpt_img_netdev *d,
		       const struct vzcpt_img_netdev *now, int ifindex)
{
	struct ifinfomsg ifi = {
		.ifi_family = AF_UNSPEC, .ifi_index = ifindex,
		.ifi_flags = d->flags, .ifi_change = VZCPT_NETDEV_FLAGS,
	};
	struct nlattr *info;

	vz_nl_start(nl, RTM_NEWLINK, ifindex ? 0 : NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof(ifi));
	if (!ifindex) {
		rst_put_str(nl, IFLA_IFNAME, d->name);
		info = vz_nl_nest(nl, IFLA_LINKINFO);
		if (info) {
			rst_put_str(nl, IFLA_INFO_KIND, "dummy");
			vz_nl_nest_end(nl, info);
		}
		vz_nl_put(nl, IFLA_ADDRESS, d->mac, VZCPT_MAC_LEN);
	}
	if (ifindex && now && d->kind == VZCPT_NETDEV_VETH &&
	    memcmp(now->mac, d->mac, VZCPT_MAC_LEN))
		vz_nl_put(nl, IFLA_ADDRESS, d->mac, VZCPT_MAC_LEN);
	rst_put_u32(nl, IFLA_MTU, d->mtu);
	rst_put_u32(nl, IFLA_TXQLEN, d->txqlen);
	return vz_nl_do(nl);
}

static int rst_nl_addr(struct vz_nl *nl, u16 type, u16 flags, const struct vzcpt_img_netaddr *a,
		       int ifindex)
{
	struct ifaddrmsg ifa = {
		.ifa_family = a->family, .ifa_prefixlen = a->prefixlen, .ifa_scope = a->scope,
		.ifa_flags = a->flags & 0xff, .ifa_index = ifindex,
	};
	struct ifa_cacheinfo ci = {
		.ifa_prefered = a->preferred_lft, .ifa_valid = a->valid_lft,
	};
	unsigned int alen = rst_alen(a->family);

	vz_nl_start(nl, type, flags, &ifa, sizeof(ifa));
	vz_nl_put(nl, IFA_LOCAL, a->local, alen);
	if (a->family == VZCPT_AF_INET || !rst_zero(a->peer, alen))
		vz_nl_put(nl, IFA_ADDRESS, a->peer, alen);
	if (a->family == VZCPT_AF_INET && !rst_zero(a->broadcast, 4))
		vz_nl_put(nl, IFA_BROADCAST, a->broadcast, 4);
	if (a->label[0])
		rst_put_str(nl, IFA_LABEL, a->label);
	if (type == RTM_NEWADDR) {
		rst_put_u32(nl, IFA_FLAGS, a->flags);
		vz_nl_put(nl, IFA_CACHEINFO, &ci, sizeof(ci));
		if (a->metric)
			rst_put_u32(nl, IFA_RT_PRIORITY, a->metric);
		if (a->proto)
			rst_put_u8(nl, IFA_PROTO, a->proto);
	}
	return vz_nl_do(nl);
}

static int rst_nl_route(struct vz_nl *nl, u16 type, u16 flags, const struct vzcpt_img_netroute *r,
			int ifindex)
{
	struct rtmsg rtm = {
		.rtm_family = r->family, .rtm_dst_len = r->dst_len, .rtm_src_len = r->src_len,
		.rtm_tos = r->tos, .rtm_table = r->table < 256 ? r->table : RT_TABLE_UNSPEC,
		.rtm_protocol = r->protocol, .rtm_scope = r->scope, .rtm_type = r->type,
		.rtm_flags = r->flags,
	};
	unsigned int alen = rst_alen(r->family), i;
	struct nlattr *m;

	vz_nl_start(nl, type, flags, &rtm, sizeof(rtm));
	rst_put_u32(nl, RTA_TABLE, r->table);
	if (r->dst_len)
		vz_nl_put(nl, RTA_DST, r->dst, alen);
	if (r->src_len)
		vz_nl_put(nl, RTA_SRC, r->src, alen);
	if (r->has & VZCPT_NETROUTE_GATEWAY)
		vz_nl_put(nl, RTA_GATEWAY, r->gateway, alen);
	if (r->has & VZCPT_NETROUTE_PREFSRC)
		vz_nl_put(nl, RTA_PREFSRC, r->prefsrc, alen);
	if (ifindex)
		rst_put_u32(nl, RTA_OIF, ifindex);
	if (r->has & VZCPT_NETROUTE_PRIORITY)
		rst_put_u32(nl, RTA_PRIORITY, r->priority);
	if (r->realms)
		rst_put_u32(nl, RTA_FLOW, r->realms);
	if (type == RTM_NEWROUTE && (r->has & VZCPT_NETROUTE_PREF))
		rst_put_u8(nl, RTA_PREF, r->pref);
	if (type == RTM_NEWROUTE && r->expires)
		rst_put_u32(nl, RTA_EXPIRES, r->expires);
	if (type == RTM_NEWROUTE && !rst_zero(r->metrics, sizeof(r->metrics))) {
		m = vz_nl_nest(nl, RTA_METRICS);
		for (i = 0; m && i < VZCPT_RTAX_MAX; i++)
			if (r->metrics[i])
				rst_put_u32(nl, i + 1, r->metrics[i]);
		if (m)
			vz_nl_nest_end(nl, m);
	}
	return vz_nl_do(nl);
}

static int rst_nl_rule(struct vz_nl *nl, u16 type, u16 flags, const struct vzcpt_img_netrule *u)
{
	struct fib_rule_hdr frh = {
		.family = u->family, .dst_len = u->dst_len, .src_len = u->src_len, .tos = u->tos,
		.table = u->table < 256 ? u->table : RT_TABLE_COMPAT, .action = u->action,
		.flags = u->flags,
	};
	unsigned int alen = rst_alen(u->family);
	struct fib_rule_port_range pr;

	vz_nl_start(nl, type, flags, &frh, sizeof(frh));
	rst_put_u32(nl, FRA_PRIORITY, u->priority);
	if (u->table)
		rst_put_u32(nl, FRA_TABLE, u->table);
	if (u->target)
		rst_put_u32(nl, FRA_GOTO, u->target);
	if (u->fwmark)
		rst_put_u32(nl, FRA_FWMARK, u->fwmark);
	if (u->fwmark || u->fwmask)
		rst_put_u32(nl, FRA_FWMASK, u->fwmask);
	if (u->iifname[0])
		rst_put_str(nl, FRA_IIFNAME, u->iifname);
	if (u->oifname[0])
		rst_put_str(nl, FRA_OIFNAME, u->oifname);
	if (u->suppress_prefixlen != -1)
		rst_put_u32(nl, FRA_SUPPRESS_PREFIXLEN, u->suppress_prefixlen);
	if (u->suppress_ifgroup != -1)
		rst_put_u32(nl, FRA_SUPPRESS_IFGROUP, u->suppress_ifgroup);
	rst_put_u8(nl, FRA_PROTOCOL, u->protocol);
	if (u->ip_proto)
		rst_put_u8(nl, FRA_IP_PROTO, u->ip_proto);
	if (u->realms)
		rst_put_u32(nl, FRA_FLOW, u->realms);
	if (u->dst_len)
		vz_nl_put(nl, FRA_DST, u->dst, alen);
	if (u->src_len)
		vz_nl_put(nl, FRA_SRC, u->src, alen);
	if (u->has & VZCPT_NETRULE_SPORT) {
		pr = (struct fib_rule_port_range){ u->sport[0], u->sport[1] };
		vz_nl_put(nl, FRA_SPORT_RANGE, &pr, sizeof(pr));
	}
	if (u->has & VZCPT_NETRULE_DPORT) {
		pr = (struct fib_rule_port_range){ u->dport[0], u->dport[1] };
		vz_nl_put(nl, FRA_DPORT_RANGE, &pr, sizeof(pr));
	}
	return vz_nl_do(nl);
}

/* Made or replaced: the namespace's entry of the same address, if any, becomes the image's. */
static int rst_nl_neigh(struct vz_nl *nl, const struct vzcpt_img_netneigh *n, int ifindex)
{
	struct ndmsg ndm = {
		.ndm_family = n->family, .ndm_ifindex = ifindex, .ndm_flags = n->flags,
		.ndm_state = n->flags & VZCPT_NEIGH_PROXY ? NUD_NONE : NUD_PERMANENT,
	};

	vz_nl_start(nl, RTM_NEWNEIGH, NLM_F_CREATE | NLM_F_REPLACE, &ndm, sizeof(ndm));
	vz_nl_put(nl, NDA_DST, n->dst, rst_alen(n->family));
	if (n->lladdr_len)
		vz_nl_put(nl, NDA_LLADDR, n->lladdr, n->lladdr_len);
	if (n->protocol)
		rst_put_u8(nl, NDA_PROTOCOL, n->protocol);
	return vz_nl_do(nl);
}

/* The same entry but for what changes by itself: an address's lifetimes, a route's expiry. */
static bool rst_same_addr(const struct vzcpt_img_netaddr *a, const struct vzcpt_img_netaddr *b)
{
	struct vzcpt_img_netaddr x = *a, y = *b;

	x.valid_lft = 0;
	x.preferred_lft = 0;
	y.valid_lft = 0;
	y.preferred_lft = 0;
	return !memcmp(&x, &y, sizeof(x));
}

static bool rst_same_route(const struct vzcpt_img_netroute *a, const struct vzcpt_img_netroute *b)
{
	struct vzcpt_img_netroute x = *a, y = *b;

	x.expires = 0;
	y.expires = 0;
	return !memcmp(&x, &y, sizeof(x));
}

static int rst_find_addr(const struct vz_netcfg *cfg, const struct vzcpt_img_netaddr *a)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_addrs; i++)
		if (rst_same_addr(&cfg->addrs[i], a))
			return i;
	return -1;
}

static bool rst_has_route(const struct vz_netcfg *cfg, const struct vzcpt_img_netroute *r)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_routes; i++)
		if (rst_same_route(&cfg->routes[i], r))
			return true;
	return false;
}

static bool rst_has_rule(const struct vz_netcfg *cfg, const struct vzcpt_img_netrule *u)
{
	unsigned int i;

	for (i = 0; i < cfg->nr_rules; i++)
		if (!memcmp(&cfg->rules[i], u, sizeof(*u)))
			return true;
	return false;
}

/* One request failed: say which entry, and what the kernel said of it. */
static int rst_netcfg_fail(struct rst_context *ctx, struct vz_nl *nl, const char *verb, u16 type,
			   const void *rec, const struct vz_netcfg *cur, int err)
{
	char what[96];

	vz_netcfg_what(what, sizeof(what), type, rec, cur);
	rst_err(ctx, "cannot %s the %s of CT %u: %s (error %d)", verb, what, ctx->ctid,
		nl->ext[0] ? nl->ext : "refused by the kernel", err);
	return err;
}

/* The rules the new namespace has and the image has not: defaults the CT had deleted. */
static int rst_netcfg_remove(struct rst_context *ctx, struct vz_nl *nl,
			     const struct vz_netcfg *img, const struct vz_netcfg *cur)
{
	unsigned int i;
	int err;

	for (i = 0; i < cur->nr_rules; i++) {
		if (rst_has_rule(img, &cur->rules[i]))
			continue;
		err = rst_nl_rule(nl, RTM_DELRULE, 0, &cur->rules[i]);
		if (err)
			return rst_netcfg_fail(ctx, nl, "remove", VZCPT_REC_NETRULE,
					       &cur->rules[i], cur, err);
	}
	return 0;
}

static const struct vzcpt_img_netdev *rst_cur_dev(const struct vz_netcfg *cur, int ifindex)
{
	unsigned int i;

	for (i = 0; ifindex && i < cur->nr_devs; i++)
		if (cur->devs[i].ifindex == ifindex)
			return &cur->devs[i].d;
	return NULL;
}

/*
 * eth0's MAC from the image (another host's, after a migration) must not be
 * the one of its peer, the host's end here: the host would take the CT's
 * frames for its own. Refused, naming both.
 */
static int rst_veth_mac(struct rst_context *ctx, const struct vzcpt_img_netdev *d, int ifindex)
{
	char peer_name[IFNAMSIZ] = "";
	struct net_device *dev, *peer;

	rcu_read_lock();
	dev = dev_get_by_index_rcu(ctx->net.net, ifindex);
	peer = dev && dev->netdev_ops->ndo_get_peer_dev ?
	       dev->netdev_ops->ndo_get_peer_dev(dev) : NULL;
	if (peer && ether_addr_equal(peer->dev_addr, d->mac))
		strscpy(peer_name, peer->name, sizeof(peer_name));
	rcu_read_unlock();
	if (!peer_name[0])
		return 0;
	rst_err(ctx, "eth0 of CT %u has MAC address %pM in the image, which is its host end's (%s) here",
		ctx->ctid, d->mac, peer_name);
	return -EADDRINUSE;
}

static int rst_netcfg_devs(struct rst_context *ctx, struct vz_nl *nl,
			   const struct vz_netcfg *img, const struct vz_netcfg *cur)
{
	unsigned int i;
	int err, ifindex;

	for (i = 0; i < img->nr_devs; i++) {
		const struct vzcpt_img_netdev *d = &img->devs[i].d;

		ifindex = vz_netcfg_ifindex(cur, i + 1);
		if (!ifindex && d->kind != VZCPT_NETDEV_DUMMY) {
			rst_err(ctx, "the network namespace prepared for CT %u has no device %s",
				ctx->ctid, d->name);
			return -ENODEV;
		}
		if (d->kind == VZCPT_NETDEV_VETH) {
			err = rst_veth_mac(ctx, d, ifindex);
			if (err)
				return err;
		}
		err = rst_nl_link(nl, d, rst_cur_dev(cur, ifindex), ifindex);
		if (err)
			return rst_netcfg_fail(ctx, nl, ifindex ? "set up" : "make",
					       VZCPT_REC_NETDEV, d, cur, err);
	}
	return 0;
}

static int rst_netcfg_add(struct rst_context *ctx, struct vz_nl *nl,
			  const struct vz_netcfg *img, const struct vz_netcfg *cur)
{
	unsigned int i;
	int err, at;

	for (i = 0; i < img->nr_addrs; i++) {
		const struct vzcpt_img_netaddr *a = &img->addrs[i];

		at = rst_find_addr(cur, a);
		/* Only its lifetimes to set, and those are forever already. */
		if (at >= 0 && a->valid_lft == VZCPT_LFT_FOREVER &&
		    a->preferred_lft == VZCPT_LFT_FOREVER &&
		    cur->addrs[at].valid_lft == VZCPT_LFT_FOREVER &&
		    cur->addrs[at].preferred_lft == VZCPT_LFT_FOREVER)
			continue;
		err = rst_nl_addr(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, a,
				  vz_netcfg_ifindex(cur, a->dev));
		if (err)
			return rst_netcfg_fail(ctx, nl, "add", VZCPT_REC_NETADDR, a, cur, err);
	}
	for (i = 0; i < img->nr_routes; i++) {
		const struct vzcpt_img_netroute *r = &img->routes[i];

		if (rst_has_route(cur, r))
			continue;
		err = rst_nl_route(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, r,
				   r->oif ? vz_netcfg_ifindex(cur, r->oif) : 0);
		if (err)
			return rst_netcfg_fail(ctx, nl, "add", VZCPT_REC_NETROUTE, r, cur, err);
	}
	for (i = 0; i < img->nr_rules; i++) {
		const struct vzcpt_img_netrule *u = &img->rules[i];

		if (rst_has_rule(cur, u))
			continue;
		err = rst_nl_rule(nl, RTM_NEWRULE, NLM_F_CREATE | NLM_F_EXCL, u);
		if (err)
			return rst_netcfg_fail(ctx, nl, "add", VZCPT_REC_NETRULE, u, cur, err);
	}
	/* after the addresses: an IPv6 entry needs its device's IPv6 up */
	for (i = 0; i < img->nr_neighs; i++) {
		const struct vzcpt_img_netneigh *n = &img->neighs[i];

		err = rst_nl_neigh(nl, n, n->dev ? vz_netcfg_ifindex(cur, n->dev) : 0);
		if (err)
			return rst_netcfg_fail(ctx, nl, "add", VZCPT_REC_NETNEIGH, n, cur, err);
	}
	return 0;
}

/*
 * net.ipv4.conf.*: written as devinet_conf_proc() writes a sysctl (which
 * checks no range: every int is a value), each marked set explicitly or
 * not as in the image, under the RTNL; no notification, as no task of the
 * CT listens yet. Enabling forwarding on a device turns LRO off, as the
 * sysctl's handler does.
 */
static int rst_netconf(struct rst_context *ctx, const struct vz_netcfg *img,
		       const struct vz_netcfg *cur)
{
	struct net *net = ctx->net.net;
	const struct vzcpt_img_netconf *c;
	struct net_device *dev = NULL;
	struct in_device *in_dev;
	struct ipv4_devconf *cnf;
	unsigned int n, i;
	int err = 0;

	rtnl_lock();
	for (n = 0; !err && n < img->nr_confs; n++) {
		c = &img->confs[n];
		if (c->nr != IPV4_DEVCONF_MAX) {
			rst_err(ctx, "the image of CT %u has %u IPv4 settings per device, this kernel %u",
				ctx->ctid, c->nr, IPV4_DEVCONF_MAX);
			err = -EOPNOTSUPP;
			break;
		}
		if (c->scope != VZCPT_NETCONF_DEV) {
			dev = NULL;
			cnf = c->scope == VZCPT_NETCONF_ALL ? net->ipv4.devconf_all :
			      net->ipv4.devconf_dflt;
		} else {
			dev = __dev_get_by_index(net, vz_netcfg_ifindex(cur, c->dev));
			in_dev = dev ? __in_dev_get_rtnl(dev) : NULL;
			if (!in_dev) {
				rst_err(ctx, "device %s of CT %u has no IPv4 settings to restore",
					img->devs[c->dev - 1].d.name, ctx->ctid);
				err = -ENODEV;
				break;
			}
			cnf = &in_dev->cnf;
		}
		for (i = 0; i < IPV4_DEVCONF_MAX; i++) {
			if (i == IPV4_DEVCONF_MC_FORWARDING - 1)
				continue;
			WRITE_ONCE(cnf->data[i], c->data[i]);
			if (c->set & (1ULL << i))
				set_bit(i, cnf->state);
			else
				clear_bit(i, cnf->state);
		}
		if (dev && c->data[IPV4_DEVCONF_FORWARDING - 1])
			dev_disable_lro(dev);
	}
	rt_genid_bump_ipv4(net);
	rtnl_unlock();
	return err;
}

/* Every network record of the image, each checked by the validator as it is read. */
static int rst_netcfg_read(struct rst_context *ctx, struct vz_netcfg *img)
{
	static const u32 sizes[] = {
		[VZCPT_REC_NETDEV - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netdev),
		[VZCPT_REC_NETADDR - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netaddr),
		[VZCPT_REC_NETROUTE - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netroute),
		[VZCPT_REC_NETRULE - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netrule),
		[VZCPT_REC_NETCONF - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netconf),
		[VZCPT_REC_NETSYSCTL - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netsysctl) + 1,
		[VZCPT_REC_NETNEIGH - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_netneigh),
		[VZCPT_REC_NFT - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_nft) + 8,
		[VZCPT_REC_XTABLE - VZCPT_REC_NETDEV] = sizeof(struct vzcpt_img_xtable),
	};
	struct vzcpt_img_netsysctl *s;
	void *copy;
	struct vz_netcfg_dev dev = {};
	void *p;
	u16 type;
	int err;

	for (;;) {
		err = rst_next(ctx);
		if (err)
			return err;
		type = ctx->rd.hdr.type;
		if (type < VZCPT_REC_NETDEV || type > VZCPT_REC_XTABLE)
			return 0;
		err = rst_payload(ctx, type, sizes[type - VZCPT_REC_NETDEV]);
		if (err)
			return err;
		p = ctx->rd.buf;
		switch (type) {
		case VZCPT_REC_NETDEV:
			memcpy(&dev.d, p, sizeof(dev.d));
			err = vz_netcfg_add((void **)&img->devs, &img->nr_devs, &img->cap_devs,
					    sizeof(dev), &dev);
			break;
		case VZCPT_REC_NETADDR:
			err = vz_netcfg_add((void **)&img->addrs, &img->nr_addrs, &img->cap_addrs,
					    sizeof(*img->addrs), p);
			break;
		case VZCPT_REC_NETROUTE:
			err = vz_netcfg_add((void **)&img->routes, &img->nr_routes,
					    &img->cap_routes, sizeof(*img->routes), p);
			break;
		case VZCPT_REC_NETRULE:
			err = vz_netcfg_add((void **)&img->rules, &img->nr_rules, &img->cap_rules,
					    sizeof(*img->rules), p);
			break;
		case VZCPT_REC_NETNEIGH:
			err = vz_netcfg_add((void **)&img->neighs, &img->nr_neighs,
					    &img->cap_neighs, sizeof(*img->neighs), p);
			break;
		case VZCPT_REC_NETSYSCTL:
			/* its length checked by the validator: the record and its value */
			s = kmemdup(p, ctx->rd.hdr.len, GFP_KERNEL);
			if (!s)
				return -ENOMEM;
			err = vz_netcfg_add((void **)&img->sysctls, &img->nr_sysctls,
					    &img->cap_sysctls, sizeof(s), &s);
			if (err)
				kfree(s);
			break;
		case VZCPT_REC_NFT:
		case VZCPT_REC_XTABLE:
			/* the validator bounds them all (VZCPT_NFT_MAX_TOTAL, a table per name) */
			copy = kvmalloc(ctx->rd.hdr.len, GFP_KERNEL);
			if (!copy)
				return -ENOMEM;
			memcpy(copy, p, ctx->rd.hdr.len);
			if (type == VZCPT_REC_NFT)
				err = vz_netcfg_add((void **)&img->nfts, &img->nr_nfts,
						    &img->cap_nfts, sizeof(copy), &copy);
			else
				err = vz_netcfg_add((void **)&img->xtables, &img->nr_xtables,
						    &img->cap_xtables, sizeof(copy), &copy);
			if (err)
				kvfree(copy);
			break;
		default:
			err = vz_netcfg_add((void **)&img->confs, &img->nr_confs, &img->cap_confs,
					    sizeof(*img->confs), p);
		}
		if (err)
			return err;
	}
}

static int rst_netcfg_collect(struct rst_context *ctx, struct vz_nl *nl, struct vz_netcfg *cur,
			      const struct vz_netcfg *img)
{
	char why[160] = "";
	int err;

	vz_netcfg_free(cur);
	cur->img = img;
	err = vz_netcfg_collect(nl, cur, why, sizeof(why));
	if (err)
		rst_err(ctx, "cannot read the network configuration prepared for CT %u (error %d)",
			ctx->ctid, err);
	return err;
}

/*
 * After the image's hostname: its network records, replayed into the
 * namespace held by rst_net_down(). Devices first (made, MTU, flags), then
 * the rules the image has not removed, the IPv4 settings written, and the
 * addresses, routes and rules added, each after what it needs.
 */
int rst_netcfg(struct rst_context *ctx)
{
	struct vz_netcfg img = {}, cur = {};
	struct vz_nl nl;
	int err;

	err = rst_netcfg_read(ctx, &img);
	if (err || !img.nr_devs)
		goto out;
	if (!ctx->net.net) {
		rst_err(ctx, "the image of CT %u has a network namespace of its own, but the CT is restored into the host's",
			ctx->ctid);
		err = -EINVAL;
		goto out;
	}
	err = vz_nl_open(&nl, ctx->net.net);
	if (err) {
		rst_err(ctx, "cannot open a netlink socket in the network namespace of CT %u (error %d)",
			ctx->ctid, err);
		goto out;
	}
	err = rst_netcfg_collect(ctx, &nl, &cur, &img);
	if (!err)
		err = rst_netcfg_devs(ctx, &nl, &img, &cur);
	if (!err)
		err = rst_netcfg_remove(ctx, &nl, &img, &cur);
	/* With the dummies made. */
	if (!err)
		err = rst_netcfg_collect(ctx, &nl, &cur, &img);
	if (!err)
		err = rst_netconf(ctx, &img, &cur);
	if (!err)
		err = rst_netsysctl(ctx, &img);
	if (!err)
		err = rst_netcfg_add(ctx, &nl, &img, &cur);
	if (!err)
		err = rst_nft(ctx, &img);
	if (!err)
		err = rst_xt(ctx, &img);
	if (!err)
		err = rst_conntrack(ctx);
	if (!err)
		pr_debug("CT %u: network: %u devices, %u addresses, %u routes, %u rules, %u neighbours\n",
			 ctx->ctid, img.nr_devs, img.nr_addrs, img.nr_routes, img.nr_rules,
			 img.nr_neighs);
	vz_nl_close(&nl);
out:
	vz_netcfg_free(&cur);
	vz_netcfg_free(&img);
	return err;
}
