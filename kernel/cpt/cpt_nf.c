// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter state of the CT's network namespace that no image carries
 * yet (issue 12; nftables, iptables-nft's too, is cpt_nft.c's, the legacy
 * x_tables tables cpt_xt.c's): ebtables' tables. A dump refuses them
 * rather than restore the CT with its bridge firewall gone.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/kallsyms.h>

#include "cpt_context.h"
#include "cpt_net.h"

/*
 * ebtables' tables are private to ebtables.c; its hooks are in the
 * namespace's bridge hook lists, beside those of nftables' bridge chains
 * (carried) and br_netfilter's (none of the CT's state): ebtables' are
 * those that run ebt_do_table(). Told by the hook function's name: it is
 * not a GPL export, which symbol_get() alone finds.
 */
static int cpt_nf_bridge_check(struct cpt_context *ctx, struct net *net)
{
#ifdef CONFIG_NETFILTER_FAMILY_BRIDGE
	const struct nf_hook_entries *e;
	unsigned int h, i, n = 0;
	char name[KSYM_SYMBOL_LEN];

	rcu_read_lock();
	for (h = 0; h < ARRAY_SIZE(net->nf.hooks_bridge); h++) {
		e = rcu_dereference(net->nf.hooks_bridge[h]);
		for (i = 0; e && i < e->num_hook_entries; i++) {
			sprint_symbol_no_offset(name, (unsigned long)e->hooks[i].hook);
			n += !strncmp(name, "ebt_do_table", 12) &&
			     (!name[12] || name[12] == ' ');
		}
	}
	rcu_read_unlock();
	if (n) {
		cpt_err(ctx, "CT %u's network namespace has %u bridge netfilter hook%s (ebtables): netfilter rules cannot be carried yet",
			ctx->ctid, n, n == 1 ? "" : "s");
		return -EOPNOTSUPP;
	}
#endif
	return 0;
}

int cpt_nf_check(struct cpt_context *ctx, struct net *net)
{
	return cpt_nf_bridge_check(ctx, net);
}
