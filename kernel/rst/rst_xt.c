// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy x_tables tables of the CT's network namespace (issue 12), set
 * after its devices, addresses and nftables, before its tasks: each
 * VZCPT_REC_XTABLE, passed by the validator, replaces the table of its name
 * in the new namespace with its family's SET_REPLACE (../common/vz_xt.c),
 * which checks every entry, match and target as it checks
 * iptables-restore's and loads their modules, then gets its counters with
 * SET_ADD_COUNTERS. A table the kernel refuses fails the restore, naming it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter/x_tables.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "../common/vz_xt.h"
#include "rst_context.h"
#include "rst_net.h"

static int rst_xt_table(struct rst_context *ctx, const struct vzcpt_img_xtable *t)
{
	const struct vz_xt_family *fam = vz_xt_family(t->family);
	const void *entries = t + 1;
	struct vzcpt_img_xtable cur;
	const char *what = "open a socket for";
	struct vz_xt x;
	int err;

	if (!fam)	/* the validator's families are ours */
		return -EINVAL;
	err = vz_xt_open(&x, ctx->net.net, fam);
	if (!err) {
		/* the table as the namespace has it (made now): how many counters it gives back */
		what = "make";
		err = vz_xt_info(&x, t->name, &cur);
	}
	if (!err && cur.valid_hooks != t->valid_hooks) {
		rst_err(ctx, "CT %u's %s-legacy table %s hooks %#x, this kernel's %#x", ctx->ctid,
			fam->tool, t->name, t->valid_hooks, cur.valid_hooks);
		err = -EINVAL;
		goto out;
	}
	if (!err) {
		what = "set";
		err = vz_xt_replace(&x, t, entries, cur.num_entries);
	}
	if (!err) {
		what = "set the counters of";
		err = vz_xt_add_counters(&x, t->name, entries + t->size, t->num_entries);
	}
	if (err && err != -EINTR)
		rst_err(ctx, "cannot %s CT %u's %s-legacy table %s (error %d)", what, ctx->ctid,
			fam->tool, t->name, err);
out:
	vz_xt_close(&x);
	return err;
}

int rst_xt(struct rst_context *ctx, const struct vz_netcfg *img)
{
	unsigned int i;
	int err = 0;

	for (i = 0; !err && i < img->nr_xtables; i++)
		err = rst_xt_table(ctx, img->xtables[i]);
	if (!err && img->nr_xtables)
		pr_debug("CT %u: network: %u legacy tables\n", ctx->ctid, img->nr_xtables);
	return err;
}
