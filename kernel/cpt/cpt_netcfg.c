// SPDX-License-Identifier: GPL-2.0
/*
 * The configuration of the CT's network namespace: what its root made or
 * changed there since vzctl set it up (issue 12). Read over rtnetlink by
 * ../common/vz_netcfg.c while the CT is frozen, written after the hostname,
 * before the tasks: a restore replays it into the new namespace before any
 * socket is made there. What the image has no words for is refused here,
 * naming it, while the CT runs on.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/inetdevice.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "cpt_context.h"
#include "cpt_dump.h"

static void cpt_netconf_fill(struct vzcpt_img_netconf *c, const struct ipv4_devconf *cnf)
{
	unsigned int i;

	BUILD_BUG_ON(IPV4_DEVCONF_MAX > VZCPT_NETCONF_MAX);
	c->nr = IPV4_DEVCONF_MAX;
	for (i = 0; i < IPV4_DEVCONF_MAX; i++) {
		c->data[i] = READ_ONCE(cnf->data[i]);
		if (test_bit(i, cnf->state))
			c->set |= 1ULL << i;
	}
	/* The multicast router's (its raw socket is refused): a new one has none. */
	c->data[IPV4_DEVCONF_MC_FORWARDING - 1] = 0;
	c->set &= ~(1ULL << (IPV4_DEVCONF_MC_FORWARDING - 1));
}

/*
 * net.ipv4.conf.{all,default,<device>}: not in rtnetlink's answers (its
 * netconf messages have a few of them), read from the namespace's tables
 * as the sysctl handlers read them, under the RTNL that their writers take.
 */
static int cpt_netconf(struct net *net, struct vz_netcfg *cfg)
{
	struct vzcpt_img_netconf c;
	struct net_device *dev;
	struct in_device *in_dev;
	unsigned int i;

	cfg->confs = kvcalloc(cfg->nr_devs + 2, sizeof(*cfg->confs), GFP_KERNEL);
	if (!cfg->confs)
		return -ENOMEM;
	cfg->cap_confs = cfg->nr_devs + 2;
	rtnl_lock();
	for (i = 0; i < cfg->nr_devs + 2; i++) {
		memset(&c, 0, sizeof(c));
		if (i < 2) {
			c.scope = i ? VZCPT_NETCONF_DEFAULT : VZCPT_NETCONF_ALL;
			cpt_netconf_fill(&c, i ? net->ipv4.devconf_dflt : net->ipv4.devconf_all);
		} else {
			dev = __dev_get_by_index(net, cfg->devs[i - 2].ifindex);
			in_dev = dev ? __in_dev_get_rtnl(dev) : NULL;
			/* none: IPv4 is off on the device (an MTU below 68), as it will be again */
			if (!in_dev)
				continue;
			c.scope = VZCPT_NETCONF_DEV;
			c.dev = i - 1;
			cpt_netconf_fill(&c, &in_dev->cnf);
		}
		cfg->confs[cfg->nr_confs++] = c;
	}
	rtnl_unlock();
	return 0;
}

int cpt_dump_netcfg(struct cpt_dump *d)
{
	struct cpt_context *ctx = d->ctx;
	struct vz_netcfg cfg = {};
	char why[160] = "";
	struct vz_nl nl;
	unsigned int i;
	int err;

	if (!ctx->net.net)	/* the host's namespace: not the CT's state */
		return 0;
	err = vz_nl_open(&nl, ctx->net.net);
	if (err) {
		cpt_err(ctx, "cannot open a netlink socket in the network namespace of CT %u (error %d)",
			ctx->ctid, err);
		return err;
	}
	err = vz_netcfg_collect(&nl, &cfg, why, sizeof(why));
	vz_nl_close(&nl);
	if (err == -EOPNOTSUPP && why[0])
		cpt_err(ctx, "CT %u's network namespace %s", ctx->ctid, why);
	else if (err)
		cpt_err(ctx, "cannot read the network configuration of CT %u (error %d)", ctx->ctid,
			err);
	for (i = 0; !err && i < cfg.nr_devs; i++)
		err = cpt_write_rec(d, VZCPT_REC_NETDEV, i + 1, &cfg.devs[i].d,
				    sizeof(cfg.devs[i].d), NULL, 0);
	for (i = 0; !err && i < cfg.nr_addrs; i++)
		err = cpt_write_rec(d, VZCPT_REC_NETADDR, 0, &cfg.addrs[i], sizeof(cfg.addrs[i]),
				    NULL, 0);
	for (i = 0; !err && i < cfg.nr_routes; i++)
		err = cpt_write_rec(d, VZCPT_REC_NETROUTE, 0, &cfg.routes[i],
				    sizeof(cfg.routes[i]), NULL, 0);
	for (i = 0; !err && i < cfg.nr_rules; i++)
		err = cpt_write_rec(d, VZCPT_REC_NETRULE, 0, &cfg.rules[i], sizeof(cfg.rules[i]),
				    NULL, 0);
	if (!err)
		err = cpt_netconf(ctx->net.net, &cfg);
	for (i = 0; !err && i < cfg.nr_confs; i++)
		err = cpt_write_rec(d, VZCPT_REC_NETCONF, 0, &cfg.confs[i], sizeof(cfg.confs[i]),
				    NULL, 0);
	if (!err)
		err = cpt_dump_netsysctl(d, ctx->net.net, &cfg);
	for (i = 0; !err && i < cfg.nr_neighs; i++)
		err = cpt_write_rec(d, VZCPT_REC_NETNEIGH, 0, &cfg.neighs[i], sizeof(cfg.neighs[i]),
				    NULL, 0);
	if (!err)
		err = cpt_dump_nft(d, ctx->net.net);
	if (!err)
		err = cpt_dump_xt(d, ctx->net.net);
	if (!err)
		err = cpt_dump_conntrack(d, ctx->net.net);
	if (!err)
		pr_debug("CT %u: network: %u devices, %u addresses, %u routes, %u rules, %u neighbours\n",
			 ctx->ctid, cfg.nr_devs, cfg.nr_addrs, cfg.nr_routes, cfg.nr_rules,
			 cfg.nr_neighs);
	vz_netcfg_free(&cfg);
	return err;
}
