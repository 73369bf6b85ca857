// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter state of the CT's network namespace that no image carries
 * yet (issue 12; nftables, iptables-nft's too, is cpt_nft.c's): a dump
 * refuses it, naming the table, rather than restore the CT with its
 * firewall gone. Refused: an x_tables table (iptables-legacy,
 * ip6tables-legacy, arptables-legacy) holding a rule, a user chain or a
 * DROP policy; any hook of the bridge family (ebtables). A legacy table that holds only
 * its built-in chains with their ACCEPT policies is left out: it filters
 * nothing, and the next iptables run in the new namespace makes it again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_arp/arp_tables.h>
#include <linux/netfilter_bridge/ebtables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>

#include "cpt_context.h"
#include "cpt_net.h"

/* The x_tables families and the tables each has in this kernel. */
static const struct {
	u8 af;
	const char *tool;
	const char *const tables[6];
} cpt_xt_families[] = {
	{ NFPROTO_IPV4, "iptables", { "filter", "nat", "mangle", "raw", "security" } },
	{ NFPROTO_IPV6, "ip6tables", { "filter", "nat", "mangle", "raw", "security" } },
	{ NFPROTO_ARP, "arptables", { "filter" } },
};

/* The verdict of the policy entry of a built-in chain, found at @off in @info's blob. */
static int cpt_xt_policy(u8 af, const struct xt_table_info *info, unsigned int off)
{
	const void *e = info->entries + off;
	const struct xt_standard_target *t;
	u16 target_offset;

	switch (af) {
	case NFPROTO_IPV4:
		target_offset = ((const struct ipt_entry *)e)->target_offset;
		break;
	case NFPROTO_IPV6:
		target_offset = ((const struct ip6t_entry *)e)->target_offset;
		break;
	default:
		target_offset = ((const struct arpt_entry *)e)->target_offset;
		break;
	}
	t = e + target_offset;
	/* the table's setter allowed only a standard ACCEPT or DROP here (check_underflow) */
	return -t->verdict - 1;
}

/*
 * Whether table @name of family @af holds anything but its built-in chains
 * with ACCEPT policies: xt_find_table() first, since xt_find_table_lock()
 * would make a table the namespace does not have.
 */
static int cpt_xt_check(struct cpt_context *ctx, struct net *net, unsigned int f,
			const char *name)
{
	u8 af = cpt_xt_families[f].af;
	const struct xt_table_info *info;
	const char *what = NULL;
	struct xt_table *t;
	struct module *me;
	unsigned int h;

	if (!xt_find_table(net, af, name))
		return 0;
	t = xt_find_table_lock(net, af, name);
	if (IS_ERR(t))
		return 0;
	/* the table's mutex, held, keeps its rules from being replaced meanwhile */
	info = t->private;
	if (info->number != info->initial_entries)
		what = "rules or user chains";
	for (h = 0; !what && h < NF_INET_NUMHOOKS; h++)
		if (t->valid_hooks & (1U << h) &&
		    cpt_xt_policy(af, info, info->underflow[h]) != NF_ACCEPT)
			what = "a DROP policy";
	me = t->me;
	xt_table_unlock(t);
	module_put(me);
	if (!what)
		return 0;
	cpt_err(ctx, "CT %u's network namespace has %s in its %s-legacy table %s: netfilter rules cannot be carried yet",
		ctx->ctid, what, cpt_xt_families[f].tool, name);
	return -EOPNOTSUPP;
}

/*
 * ebtables' tables are private to ebtables.c; its hooks are in the
 * namespace's bridge hook lists, beside those of nftables' bridge chains
 * (carried) and br_netfilter's (none of the CT's state): ebtables' are
 * those that run ebt_do_table(). symbol_get() finds it only while ebtables
 * is loaded, and keeps it so while its hooks are counted.
 */
static int cpt_nf_bridge_check(struct cpt_context *ctx, struct net *net)
{
#ifdef CONFIG_NETFILTER_FAMILY_BRIDGE
	typeof(ebt_do_table) *ebt = symbol_get(ebt_do_table);
	const struct nf_hook_entries *e;
	unsigned int h, i, n = 0;

	if (!ebt)
		return 0;
	rcu_read_lock();
	for (h = 0; h < ARRAY_SIZE(net->nf.hooks_bridge); h++) {
		e = rcu_dereference(net->nf.hooks_bridge[h]);
		for (i = 0; e && i < e->num_hook_entries; i++)
			n += e->hooks[i].hook == ebt;
	}
	rcu_read_unlock();
	symbol_put(ebt_do_table);
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
	unsigned int f, i;
	int err;

	for (f = 0; f < ARRAY_SIZE(cpt_xt_families); f++) {
		for (i = 0; i < ARRAY_SIZE(cpt_xt_families[f].tables); i++) {
			if (!cpt_xt_families[f].tables[i])
				break;
			err = cpt_xt_check(ctx, net, f, cpt_xt_families[f].tables[i]);
			if (err)
				return err;
		}
	}
	return cpt_nf_bridge_check(ctx, net);
}
