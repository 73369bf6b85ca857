// SPDX-License-Identifier: GPL-2.0
/*
 * The connections the CT's network namespace tracks (issue 12), NATed ones
 * included: read through ctnetlink, as `conntrack -L` reads them, from a
 * socket of the module's own in the namespace, while the CT is frozen, and
 * written as the messages that make each again (struct
 * vzcpt_img_conntrack): the attributes that make it (img_ct_attr_kept(),
 * which the validator shares), and for a NATed one the bindings its reply
 * tuple shows, as CTA_NAT_SRC and CTA_NAT_DST, so that the restore's NAT
 * setup gives back the same tuples. Refused, naming the connection's
 * protocol: one with a helper (ftp, sip...), whose expectations are not
 * carried, and an expected one (a helper's data connection).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter.h>
#include <linux/netfilter/nf_conntrack_common.h>
#include <linux/netfilter/nf_conntrack_tcp.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <linux/vzcpt_image.h>

#include "../common/img_check.h"
#include "../common/vz_net.h"
#include "../common/vz_netcfg.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"

struct cpt_ct {
	struct cpt_dump *d;
	struct vzcpt_img_conntrack *rec;	/* VZCPT_CONNTRACK_MAX_LEN after it */
	unsigned int n;
};

/* Room for @len more bytes of attributes in the record. */
static void *cpt_ct_room(struct vzcpt_img_conntrack *rec, size_t len)
{
	if (rec->len + len > VZCPT_CONNTRACK_MAX_LEN)
		return NULL;
	return (void *)(rec + 1) + rec->len;
}

static struct nlattr *cpt_ct_put(struct vzcpt_img_conntrack *rec, u16 type, const void *data,
				 u16 len)
{
	struct nlattr *a = cpt_ct_room(rec, nla_total_size(len));

	if (!a)
		return NULL;
	a->nla_type = type;
	a->nla_len = nla_attr_size(len);
	if (len)
		memcpy(nla_data(a), data, len);
	memset(nla_data(a) + len, 0, nla_padlen(len));
	rec->len += nla_total_size(len);
	return a;
}

static void cpt_ct_end(struct vzcpt_img_conntrack *rec, struct nlattr *nest)
{
	nest->nla_len = (void *)(rec + 1) + rec->len - (void *)nest;
}

/*
 * The binding of @manip (CTA_NAT_SRC: the source the reply tuple is sent
 * to; CTA_NAT_DST: the destination it comes from), one address and one
 * port (or ICMP id), as a NAT rule with that single mapping would make it.
 */
static int cpt_ct_nat(struct vzcpt_img_conntrack *rec, const struct nlattr *reply, u16 manip,
		      u8 family)
{
	bool src = manip == CTA_NAT_SRC;
	const struct nlattr *ip = nla_find_nested(reply, CTA_TUPLE_IP);
	const struct nlattr *proto = nla_find_nested(reply, CTA_TUPLE_PROTO);
	const struct nlattr *addr, *port = NULL;
	struct nlattr *nest, *pnest;
	u16 amin = family == NFPROTO_IPV4 ? CTA_NAT_V4_MINIP : CTA_NAT_V6_MINIP;
	u16 amax = family == NFPROTO_IPV4 ? CTA_NAT_V4_MAXIP : CTA_NAT_V6_MAXIP;
	u16 alen = family == NFPROTO_IPV4 ? 4 : 16;

	if (!ip)
		return -EPROTO;
	addr = nla_find_nested(ip, family == NFPROTO_IPV4 ?
			       (src ? CTA_IP_V4_DST : CTA_IP_V4_SRC) :
			       (src ? CTA_IP_V6_DST : CTA_IP_V6_SRC));
	if (!addr || nla_len(addr) != alen)
		return -EPROTO;
	if (proto) {
		port = nla_find_nested(proto, src ? CTA_PROTO_DST_PORT : CTA_PROTO_SRC_PORT);
		if (!port)
			port = nla_find_nested(proto, family == NFPROTO_IPV4 ? CTA_PROTO_ICMP_ID :
					       CTA_PROTO_ICMPV6_ID);
		if (port && nla_len(port) != sizeof(__be16))
			return -EPROTO;
	}
	nest = cpt_ct_put(rec, manip | NLA_F_NESTED, NULL, 0);
	if (!nest || !cpt_ct_put(rec, amin, nla_data(addr), alen) ||
	    !cpt_ct_put(rec, amax, nla_data(addr), alen))
		return -E2BIG;
	if (port) {
		pnest = cpt_ct_put(rec, CTA_NAT_PROTO | NLA_F_NESTED, NULL, 0);
		if (!pnest ||
		    !cpt_ct_put(rec, CTA_PROTONAT_PORT_MIN, nla_data(port), sizeof(__be16)) ||
		    !cpt_ct_put(rec, CTA_PROTONAT_PORT_MAX, nla_data(port), sizeof(__be16)))
			return -E2BIG;
		cpt_ct_end(rec, pnest);
	}
	cpt_ct_end(rec, nest);
	return 0;
}

/*
 * A TCP connection's flags, as ctnetlink dumps them, come with a zero mask,
 * which would make a restore set none: not its window scaling either, so
 * its windows would be read unscaled and its packets found out of window.
 * The mask of all of them sets them all. With them, liberal window
 * checking, as the kernel's own pickup of a connection met mid-stream has:
 * the window history (td_end, td_maxwin) is not something ctnetlink sets.
 */
static void cpt_ct_tcp_flags(struct vzcpt_img_conntrack *rec)
{
	struct nlattr *info = nla_find((struct nlattr *)(rec + 1), rec->len, CTA_PROTOINFO);
	struct nlattr *tcp = info ? nla_find_nested(info, CTA_PROTOINFO_TCP) : NULL;
	struct nf_ct_tcp_flags *f;
	int dir;

	for (dir = 0; tcp && dir < 2; dir++) {
		struct nlattr *a = nla_find_nested(tcp, dir ? CTA_PROTOINFO_TCP_FLAGS_REPLY :
						   CTA_PROTOINFO_TCP_FLAGS_ORIGINAL);

		if (!a || nla_len(a) != sizeof(*f))
			continue;
		f = nla_data(a);
		f->flags |= IP_CT_TCP_FLAG_BE_LIBERAL;
		f->mask = 0xff;
	}
}

/* Attribute @type of @nest's nested @inner (0: of @nest itself), or NULL. */
static struct nlattr *cpt_ct_in(const struct nlattr *nest, int inner, int type)
{
	const struct nlattr *n = inner ? nla_find_nested(nest, inner) : nest;

	return n ? nla_find_nested(n, type) : NULL;
}

/* @to's value becomes @from's, where both are there with one length. */
static void cpt_ct_copy(struct nlattr *to, const struct nlattr *from)
{
	if (to && from && nla_len(to) == nla_len(from))
		memcpy(nla_data(to), nla_data(from), nla_len(to));
}

/*
 * The record's reply tuple as it was before NAT (for CTA_NAT_SRC its
 * destination, for CTA_NAT_DST its source, the original's): the restore's
 * NAT setup starts from that tuple and, finding the binding change it,
 * marks the connection NATed and makes the reply tuple the one dumped. Given
 * the translated one, it would find nothing to change, and not translate.
 */
static void cpt_ct_unnat(struct vzcpt_img_conntrack *rec, const struct nlattr *orig, bool src,
			 u8 family)
{
	struct nlattr *reply = nla_find((struct nlattr *)(rec + 1), rec->len, CTA_TUPLE_REPLY);
	int v4 = src ? CTA_IP_V4_DST : CTA_IP_V4_SRC, v6 = src ? CTA_IP_V6_DST : CTA_IP_V6_SRC;
	int port = src ? CTA_PROTO_DST_PORT : CTA_PROTO_SRC_PORT;
	int oport = src ? CTA_PROTO_SRC_PORT : CTA_PROTO_DST_PORT;
	int ip = family == NFPROTO_IPV4 ? v4 : v6;
	int oip = family == NFPROTO_IPV4 ? (src ? CTA_IP_V4_SRC : CTA_IP_V4_DST) :
		  (src ? CTA_IP_V6_SRC : CTA_IP_V6_DST);
	int id = family == NFPROTO_IPV4 ? CTA_PROTO_ICMP_ID : CTA_PROTO_ICMPV6_ID;

	if (!reply)
		return;
	cpt_ct_copy(cpt_ct_in(reply, CTA_TUPLE_IP, ip), cpt_ct_in(orig, CTA_TUPLE_IP, oip));
	cpt_ct_copy(cpt_ct_in(reply, CTA_TUPLE_PROTO, port),
		    cpt_ct_in(orig, CTA_TUPLE_PROTO, oport));
	cpt_ct_copy(cpt_ct_in(reply, CTA_TUPLE_PROTO, id), cpt_ct_in(orig, CTA_TUPLE_PROTO, id));
}

/* The connection's layer 4 protocol number, for a message. */
static unsigned int cpt_ct_proto(const struct nlattr *orig)
{
	const struct nlattr *p = orig ? nla_find_nested(orig, CTA_TUPLE_PROTO) : NULL;
	const struct nlattr *num = p ? nla_find_nested(p, CTA_PROTO_NUM) : NULL;

	return num && nla_len(num) == 1 ? nla_get_u8(num) : 0;
}

static int cpt_ct_msg(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	struct cpt_ct *c = arg;
	struct cpt_context *ctx = c->d->ctx;
	struct vzcpt_img_conntrack *rec = c->rec;
	const struct nfgenmsg *g = nlmsg_data(nlh);
	const struct nlattr *a, *orig = NULL, *reply = NULL;
	const char *what = NULL;
	u32 status = 0;
	void *out;
	int rem, err;

	if (nlh->nlmsg_type != nfnl_msg_type(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW) ||
	    nlmsg_len(nlh) < NLMSG_ALIGN(sizeof(*g)))
		return -EPROTO;
	memset(rec, 0, sizeof(*rec));
	rec->family = g->nfgen_family;
	nla_for_each_attr(a, nlmsg_data(nlh) + NLMSG_ALIGN(sizeof(*g)),
			  nlmsg_len(nlh) - NLMSG_ALIGN(sizeof(*g)), rem) {
		switch (nla_type(a)) {
		case CTA_HELP:
			what = "has a helper, whose expectations";
			continue;
		case CTA_TUPLE_MASTER:
			what = "is a helper's expected one, which";
			continue;
		case CTA_SECCTX:
			what = "has a security context, which";
			continue;
		case CTA_TUPLE_ORIG:
			orig = a;
			break;
		case CTA_TUPLE_REPLY:
			reply = a;
			break;
		case CTA_STATUS:
			if (nla_len(a) == sizeof(u32))
				status = ntohl(nla_get_be32(a));
			break;
		}
		if (!img_ct_attr_kept(nla_type(a)))
			continue;
		out = cpt_ct_room(rec, nla_total_size(nla_len(a)));
		if (!out)
			return -E2BIG;
		/* nla_put() zeroed its padding */
		memcpy(out, a, nla_total_size(nla_len(a)));
		rec->len += nla_total_size(nla_len(a));
	}
	if (what) {
		cpt_err(ctx, "CT %u's network namespace tracks a connection of protocol %u that %s cannot be carried yet",
			ctx->ctid, cpt_ct_proto(orig), what);
		return -EOPNOTSUPP;
	}
	if (!orig || !reply)
		return -EPROTO;
	cpt_ct_tcp_flags(rec);
	err = 0;
	if (status & IPS_SRC_NAT)
		err = cpt_ct_nat(rec, reply, CTA_NAT_SRC, rec->family);
	if (!err && (status & IPS_DST_NAT))
		err = cpt_ct_nat(rec, reply, CTA_NAT_DST, rec->family);
	if (err)
		return err;
	/* after the bindings, which read the translated reply tuple */
	if (status & IPS_SRC_NAT)
		cpt_ct_unnat(rec, orig, true, rec->family);
	if (status & IPS_DST_NAT)
		cpt_ct_unnat(rec, orig, false, rec->family);
	c->n++;
	return cpt_write_rec(c->d, VZCPT_REC_CONNTRACK, 0, rec, sizeof(*rec) + rec->len, NULL, 0);
}

int cpt_dump_conntrack(struct cpt_dump *d, struct net *net)
{
	struct cpt_context *ctx = d->ctx;
	struct nfgenmsg g = { .nfgen_family = NFPROTO_UNSPEC, .version = NFNETLINK_V0 };
	struct cpt_ct c = { .d = d };
	unsigned int nat;
	struct vz_nl nl;
	char why[8];
	int err;

	if (!vz_net_conntrack(net, &nat))
		return 0;
	c.rec = kvmalloc(sizeof(*c.rec) + VZCPT_CONNTRACK_MAX_LEN, GFP_KERNEL);
	if (!c.rec)
		return -ENOMEM;
	err = cpt_nfnl_open(ctx, &nl, net);
	if (err)
		goto out;
	vz_nl_start(&nl, nfnl_msg_type(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_GET), NLM_F_DUMP,
		    &g, sizeof(g));
	err = vz_nl_dump(&nl, cpt_ct_msg, &c, why, sizeof(why));
	if (err && err != -EOPNOTSUPP && err != -EINTR)
		cpt_err(ctx, "cannot read the tracked connections of CT %u (error %d%s%s)",
			ctx->ctid, err, nl.ext[0] ? ": " : "", nl.ext);
	vz_nl_close(&nl);
	if (!err)
		pr_debug("CT %u: network: %u tracked connections, %u NATed\n", ctx->ctid, c.n, nat);
out:
	kvfree(c.rec);
	return err;
}
