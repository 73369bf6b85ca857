// SPDX-License-Identifier: GPL-2.0
/*
 * The netfilter state of the CT's network namespace, which no image
 * carries yet (issue 12): a dump refuses it, naming the table, rather than
 * restore the CT with its firewall gone. Refused: an x_tables table
 * (iptables-legacy, ip6tables-legacy, arptables-legacy) holding a rule, a
 * user chain or a DROP policy; any nftables table (iptables-nft's too);
 * any hook of the bridge family (ebtables). A legacy table that holds only
 * its built-in chains with their ACCEPT policies is left out: it filters
 * nothing, and the next iptables run in the new namespace makes it again.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/netfilter_arp/arp_tables.h>
#include <linux/netfilter_ipv4/ip_tables.h>
#include <linux/netfilter_ipv6/ip6_tables.h>
#include <net/netfilter/nf_tables.h>

#include "../common/ksyms.h"
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

static const char *cpt_nft_family(unsigned int family)
{
	switch (family) {
	case NFPROTO_INET:	return "inet";
	case NFPROTO_IPV4:	return "ip";
	case NFPROTO_IPV6:	return "ip6";
	case NFPROTO_ARP:	return "arp";
	case NFPROTO_BRIDGE:	return "bridge";
	case NFPROTO_NETDEV:	return "netdev";
	default:		return "unknown";
	}
}

/*
 * The namespace's nftables tables: nf_tables.ko keeps them in its per-net
 * data, whose id (nf_tables_net_id) it does not export, and which only it
 * reads; nfnetlink would answer the same, but asking it loads nf_tables on
 * a host that never used it. symbol_get() of one of its GPL exports keeps
 * the module loaded while its id is looked up and its tables read.
 */
static int cpt_nft_check(struct cpt_context *ctx, struct net *net)
{
	typeof(nft_register_chain_type) *pin = symbol_get(nft_register_chain_type);
	struct nftables_pernet *nft_net;
	const struct nft_table *table;
	const unsigned int *id;
	unsigned int n = 0;
	char name[NFT_TABLE_MAXNAMELEN] = "";
	unsigned int family = 0;

	if (!pin)	/* not loaded: no namespace has a table */
		return 0;
	id = (const unsigned int *)vz_ksym_lookup("nf_tables_net_id");
	if (!id) {
		symbol_put(nft_register_chain_type);
		cpt_err(ctx, "cannot find nf_tables_net_id to read the nftables tables of CT %u",
			ctx->ctid);
		return -ENOENT;
	}
	nft_net = net_generic(net, READ_ONCE(*id));
	/* what a transaction of the namespace (nft, iptables-nft) holds while it runs */
	mutex_lock(&nft_net->commit_mutex);
	list_for_each_entry(table, &nft_net->tables, list) {
		if (!n++) {
			strscpy(name, table->name, sizeof(name));
			family = table->family;
		}
	}
	mutex_unlock(&nft_net->commit_mutex);
	symbol_put(nft_register_chain_type);
	if (!n)
		return 0;
	cpt_err(ctx, "CT %u's network namespace has nftables table %s %s%s: netfilter rules cannot be carried yet",
		ctx->ctid, cpt_nft_family(family), name, n > 1 ? " and others" : "");
	return -EOPNOTSUPP;
}

/*
 * ebtables' tables are private to ebtables.c; its hooks, and those of
 * nftables' bridge chains, are in the namespace's bridge hook lists.
 */
static int cpt_nf_bridge_check(struct cpt_context *ctx, struct net *net)
{
#ifdef CONFIG_NETFILTER_FAMILY_BRIDGE
	const struct nf_hook_entries *e;
	unsigned int h, n = 0;

	rcu_read_lock();
	for (h = 0; h < ARRAY_SIZE(net->nf.hooks_bridge); h++) {
		e = rcu_dereference(net->nf.hooks_bridge[h]);
		n += e ? e->num_hook_entries : 0;
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
	err = cpt_nft_check(ctx, net);
	return err ? err : cpt_nf_bridge_check(ctx, net);
}
