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

#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "cpt_context.h"
#include "cpt_dump.h"

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
		pr_debug("CT %u: network: %u devices, %u addresses, %u routes, %u rules\n",
			 ctx->ctid, cfg.nr_devs, cfg.nr_addrs, cfg.nr_routes, cfg.nr_rules);
	vz_netcfg_free(&cfg);
	return err;
}
