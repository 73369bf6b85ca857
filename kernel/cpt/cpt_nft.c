// SPDX-License-Identifier: GPL-2.0
/*
 * The nftables ruleset of the CT's network namespace (issue 12), iptables-nft's
 * tables with it: read through nfnetlink, as `nft list ruleset` reads it,
 * from a socket of the module's own in the namespace, with no helper
 * process. Each object nf_tables dumps is written as the message that makes
 * it again (struct vzcpt_img_nft): its attributes as dumped, less those
 * that make nothing (img_nft_attr_dropped(), which the validator shares).
 * Tables first, then chains, objects, flowtables, sets, each set's elements
 * and the rules, so that a restore finds what each names before it. Counters,
 * quotas and element timeouts are dumped with their values and go back
 * with them. Refused, naming the table: a table owned by a process's
 * netlink socket (it dies with that socket, which is not carried), and a
 * chain bound to a rule (an anonymous chain: nf_tables names it itself
 * when made, so a rule cannot name it back).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/slab.h>
#include <net/netfilter/nf_tables.h>
#include <linux/vzcpt_image.h>

#include "../common/img_check.h"
#include "../common/ksyms.h"
#include "../common/vz_netcfg.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_net.h"

/* A set whose elements are dumped after the sets. */
struct cpt_nft_set {
	u8 family;
	char table[NFT_TABLE_MAXNAMELEN];
	char name[NFT_SET_MAXNAMELEN];
};

struct cpt_nft {
	struct cpt_dump *d;
	u16 msg;			/* the NFT_MSG_NEW* the dump answers with */
	struct vzcpt_img_nft *rec;	/* the record being made, VZCPT_NFT_MAX_LEN after it */
	struct cpt_nft_set *sets;
	unsigned int nr_sets, cap_sets;
	unsigned int n;			/* records written */
};

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
 * How many nftables tables the namespace has: nf_tables.ko keeps them in its
 * per-net data, whose id (nf_tables_net_id) it does not export, and which
 * only it reads; nfnetlink would answer the same, but asking it loads
 * nf_tables on a host that never used it. symbol_get() of one of its GPL
 * exports keeps the module loaded while its id is looked up and its tables
 * counted.
 */
static int cpt_nft_tables(struct cpt_context *ctx, struct net *net)
{
	typeof(nft_register_chain_type) *pin = symbol_get(nft_register_chain_type);
	struct nftables_pernet *nft_net;
	const struct nft_table *table;
	const unsigned int *id;
	int n = 0;

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
	list_for_each_entry(table, &nft_net->tables, list)
		n++;
	mutex_unlock(&nft_net->commit_mutex);
	symbol_put(nft_register_chain_type);
	return n;
}

static u32 cpt_nft_u32(const struct vzcpt_img_nft *rec, int type)
{
	const struct nlattr *a = nla_find((const struct nlattr *)(rec + 1), rec->len, type);

	return a && nla_len(a) == sizeof(u32) ? ntohl(nla_get_be32(a)) : 0;
}

/* A record read whole: refuse what cannot be carried, note a set for its elements. */
static int cpt_nft_note(struct cpt_nft *c, const struct vzcpt_img_nft *rec, bool owned)
{
	struct cpt_context *ctx = c->d->ctx;
	struct cpt_nft_set set = { .family = rec->family };

	switch (rec->msg) {
	case VZCPT_NFT_TABLE:
		if (!owned && !(cpt_nft_u32(rec, NFTA_TABLE_FLAGS) & NFT_TABLE_F_OWNER))
			return 0;
		cpt_err(ctx, "CT %u's network namespace has nftables table %s %s, owned by a process's netlink socket: netfilter rules cannot be carried yet",
			ctx->ctid, cpt_nft_family(rec->family),
			vz_nft_str(rec, NFTA_TABLE_NAME, "?"));
		return -EOPNOTSUPP;
	case VZCPT_NFT_CHAIN:
		if (!(cpt_nft_u32(rec, NFTA_CHAIN_FLAGS) & NFT_CHAIN_BINDING))
			return 0;
		cpt_err(ctx, "CT %u's network namespace has an anonymous chain in nftables table %s %s: netfilter rules cannot be carried yet",
			ctx->ctid, cpt_nft_family(rec->family),
			vz_nft_str(rec, NFTA_CHAIN_TABLE, "?"));
		return -EOPNOTSUPP;
	case VZCPT_NFT_SET:
		strscpy(set.table, vz_nft_str(rec, NFTA_SET_TABLE, "?"), sizeof(set.table));
		strscpy(set.name, vz_nft_str(rec, NFTA_SET_NAME, "?"), sizeof(set.name));
		return vz_netcfg_add((void **)&c->sets, &c->nr_sets, &c->cap_sets, sizeof(set),
				     &set);
	default:
		return 0;
	}
}

/* An element message whose list of elements is empty (an empty set's): nothing to make. */
static bool cpt_nft_no_elems(const struct vzcpt_img_nft *rec)
{
	const struct nlattr *a = nla_find((const struct nlattr *)(rec + 1), rec->len,
					  NFTA_SET_ELEM_LIST_ELEMENTS);

	return !a || !nla_len(a);
}

/* One message of a dump: its record, with what makes nothing left out. */
static int cpt_nft_msg(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct cpt_nft *c = arg;
	struct vzcpt_img_nft *rec = c->rec;
	const struct nfgenmsg *g = nlmsg_data(nlh);
	const struct nlattr *a;
	bool owned = false;
	void *out;
	int rem, err;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		return -EAGAIN;	/* the ruleset changed under the dump: the CT is not frozen */
	if (nlh->nlmsg_type != nfnl_msg_type(NFNL_SUBSYS_NFTABLES, c->msg) ||
	    nlmsg_len(nlh) < NLMSG_ALIGN(sizeof(*g)))
		return -EPROTO;
	memset(rec, 0, sizeof(*rec));
	rec->msg = c->msg;
	rec->family = g->nfgen_family;
	out = rec + 1;
	nla_for_each_attr(a, nlmsg_data(nlh) + NLMSG_ALIGN(sizeof(*g)),
			  nlmsg_len(nlh) - NLMSG_ALIGN(sizeof(*g)), rem) {
		if (c->msg == VZCPT_NFT_TABLE && nla_type(a) == NFTA_TABLE_OWNER)
			owned = true;
		if (img_nft_attr_dropped(c->msg, nla_type(a)))
			continue;
		if (out + nla_total_size(nla_len(a)) > (void *)(rec + 1) + VZCPT_NFT_MAX_LEN)
			return -E2BIG;
		/* nla_put() zeroed its padding */
		memcpy(out, a, nla_total_size(nla_len(a)));
		out += nla_total_size(nla_len(a));
	}
	rec->len = out - (void *)(rec + 1);
	err = cpt_nft_note(c, rec, owned);
	if (err || (c->msg == VZCPT_NFT_SETELEM && cpt_nft_no_elems(rec)))
		return err;
	c->n++;
	return cpt_write_rec(c->d, VZCPT_REC_NFT, 0, rec, sizeof(*rec) + rec->len, NULL, 0);
}

/* Dump every object that GET message @get lists; @set: only that set's elements. */
static int cpt_nft_dump(struct cpt_nft *c, struct vz_nl *nl, u16 get, u16 msg,
			const struct cpt_nft_set *set)
{
	struct nfgenmsg g = { .nfgen_family = set ? set->family : NFPROTO_UNSPEC,
			      .version = NFNETLINK_V0 };
	char why[8];

	c->msg = msg;
	vz_nl_start(nl, nfnl_msg_type(NFNL_SUBSYS_NFTABLES, get), NLM_F_DUMP, &g, sizeof(g));
	if (set &&
	    (vz_nl_put(nl, NFTA_SET_ELEM_LIST_TABLE, set->table, strlen(set->table) + 1) ||
	     vz_nl_put(nl, NFTA_SET_ELEM_LIST_SET, set->name, strlen(set->name) + 1)))
		return -EMSGSIZE;
	return vz_nl_dump(nl, cpt_nft_msg, c, why, sizeof(why));
}

static int cpt_nft_dump_all(struct cpt_nft *c, struct vz_nl *nl)
{
	static const u16 kinds[][2] = {
		{ NFT_MSG_GETTABLE, NFT_MSG_NEWTABLE },
		{ NFT_MSG_GETCHAIN, NFT_MSG_NEWCHAIN },
		{ NFT_MSG_GETOBJ, NFT_MSG_NEWOBJ },
		{ NFT_MSG_GETFLOWTABLE, NFT_MSG_NEWFLOWTABLE },
		{ NFT_MSG_GETSET, NFT_MSG_NEWSET },
	};
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(kinds); i++) {
		err = cpt_nft_dump(c, nl, kinds[i][0], kinds[i][1], NULL);
		if (err)
			return err;
	}
	for (i = 0; i < c->nr_sets; i++) {
		err = cpt_nft_dump(c, nl, NFT_MSG_GETSETELEM, NFT_MSG_NEWSETELEM, &c->sets[i]);
		if (err)
			return err;
	}
	return cpt_nft_dump(c, nl, NFT_MSG_GETRULE, NFT_MSG_NEWRULE, NULL);
}

/* An nfnetlink socket of the module's own in the CT's namespace (nftables, ctnetlink). */
int cpt_nfnl_open(struct cpt_context *ctx, struct vz_nl *nl, struct net *net)
{
	int err = vz_nl_open_proto(nl, net, NETLINK_NETFILTER);

	if (err)
		cpt_err(ctx, "cannot open an nfnetlink socket in the network namespace of CT %u (error %d)",
			ctx->ctid, err);
	return err;
}

int cpt_dump_nft(struct cpt_dump *d, struct net *net)
{
	struct cpt_context *ctx = d->ctx;
	struct cpt_nft c = { .d = d };
	struct vz_nl nl;
	int err;

	err = cpt_nft_tables(ctx, net);
	if (err <= 0)
		return err;
	c.rec = kvmalloc(sizeof(*c.rec) + VZCPT_NFT_MAX_LEN, GFP_KERNEL);
	if (!c.rec)
		return -ENOMEM;
	err = cpt_nfnl_open(ctx, &nl, net);
	if (err)
		goto out;
	err = cpt_nft_dump_all(&c, &nl);
	if (err && err != -EOPNOTSUPP && err != -EINTR)
		cpt_err(ctx, "cannot read the nftables ruleset of CT %u (error %d%s%s)", ctx->ctid,
			err, nl.ext[0] ? ": " : "", nl.ext);
	vz_nl_close(&nl);
	if (!err)
		pr_debug("CT %u: network: %u nftables objects\n", ctx->ctid, c.n);
out:
	kvfree(c.sets);
	kvfree(c.rec);
	return err;
}
