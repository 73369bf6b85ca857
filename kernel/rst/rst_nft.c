// SPDX-License-Identifier: GPL-2.0
/*
 * The nftables ruleset of the CT's network namespace (issue 12), made again
 * after its devices and addresses (a netdev chain or a flowtable hooks a
 * device by name) and before its tasks: the image's VZCPT_REC_NFT records,
 * each already passed by the validator, go as one nfnetlink batch, one
 * transaction, through a socket of the module's own in the new namespace.
 * So nf_tables parses and checks every attribute as it does nft's (its
 * policies, each expression's init, each xt match's checkentry, modules
 * loaded as nft would load them), and the ruleset is made whole or not at
 * all. A message nf_tables refuses fails the restore, naming the object
 * and the kernel's reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "rst_context.h"
#include "rst_net.h"

/* What one message of the batch takes: its header, nfgenmsg and attributes. */
static size_t rst_nft_msg_size(u32 attrs)
{
	return NLMSG_ALIGN(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg)) + attrs);
}

static void *rst_nft_put(void *at, u16 type, u16 flags, u32 seq, u8 family, u16 res_id,
			 const void *attrs, u32 len)
{
	struct nlmsghdr *nlh = at;
	struct nfgenmsg *g = nlmsg_data(nlh);

	nlh->nlmsg_len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*g)) + len;
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_pid = 0;
	g->nfgen_family = family;
	g->version = NFNETLINK_V0;
	g->res_id = htons(res_id);
	memcpy((void *)g + NLMSG_ALIGN(sizeof(*g)), attrs, len);
	return at + rst_nft_msg_size(len);
}

/*
 * nf_tables makes a set only with an id for the transaction (NFTA_SET_ID,
 * which a rule of the same batch may name it by): @r's, after its attributes.
 */
static u32 rst_nft_extra(const struct vzcpt_img_nft *r)
{
	return r->msg == VZCPT_NFT_SET ? nla_total_size(sizeof(u32)) : 0;
}

static void rst_nft_set_id(struct nlmsghdr *nlh, u32 id)
{
	struct nlattr *a = (void *)nlh + nlh->nlmsg_len;

	a->nla_type = NFTA_SET_ID;
	a->nla_len = nla_attr_size(sizeof(u32));
	*(__be32 *)nla_data(a) = htonl(id);
	nlh->nlmsg_len += nla_total_size(sizeof(u32));
}

/* The batch: begin, message i with sequence number i + 2, end. The last message asks an ACK. */
static void *rst_nft_batch(const struct vz_netcfg *img, size_t *len)
{
	const struct vzcpt_img_nft *r;
	size_t size = 2 * rst_nft_msg_size(0);
	struct nlmsghdr *nlh;
	unsigned int i;
	void *buf, *at;
	u16 flags;

	for (i = 0; i < img->nr_nfts; i++)
		size += rst_nft_msg_size(img->nfts[i]->len + rst_nft_extra(img->nfts[i]));
	buf = kvzalloc(size, GFP_KERNEL);
	if (!buf)
		return NULL;
	at = rst_nft_put(buf, NFNL_MSG_BATCH_BEGIN, 0, 1, NFPROTO_UNSPEC,
			 NFNL_SUBSYS_NFTABLES, NULL, 0);
	for (i = 0; i < img->nr_nfts; i++) {
		r = img->nfts[i];
		flags = NLM_F_CREATE | (r->msg == VZCPT_NFT_RULE ? NLM_F_APPEND : NLM_F_EXCL);
		if (i == img->nr_nfts - 1)
			flags |= NLM_F_ACK;
		nlh = at;
		at = rst_nft_put(at, nfnl_msg_type(NFNL_SUBSYS_NFTABLES, r->msg), flags, i + 2,
				 r->family, 0, r + 1, r->len);
		if (r->msg == VZCPT_NFT_SET) {
			rst_nft_set_id(nlh, i + 1);
			at += rst_nft_extra(r);
		}
	}
	rst_nft_put(at, NFNL_MSG_BATCH_END, 0, img->nr_nfts + 2, NFPROTO_UNSPEC,
		    NFNL_SUBSYS_NFTABLES, NULL, 0);
	*len = size;
	return buf;
}

static const char *rst_nft_kind(u16 msg)
{
	switch (msg) {
	case VZCPT_NFT_TABLE:		return "table";
	case VZCPT_NFT_CHAIN:		return "chain";
	case VZCPT_NFT_OBJ:		return "object";
	case VZCPT_NFT_FLOWTABLE:	return "flowtable";
	case VZCPT_NFT_SET:		return "set";
	case VZCPT_NFT_SETELEM:		return "set's elements";
	default:			return "rule";
	}
}

/*
 * nfnetlink has answered before sendmsg() returned: an error for each
 * message it refused (the batch then undone), one for the batch if its
 * commit failed, and the last message's ACK. The first error is the cause.
 */
static int rst_nft_answer(struct rst_context *ctx, struct vz_nl *nl,
			  const struct vz_netcfg *img)
{
	const struct vzcpt_img_nft *r;
	const struct nlmsghdr *nlh;
	bool acked = false;
	int len, err = 0, e;
	u32 seq = 0;

	for (;;) {
		len = vz_nl_recv(nl, MSG_DONTWAIT);
		if (len == -EAGAIN)
			break;
		if (len < 0)
			return len;
		for (nlh = nl->buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
			if (nlh->nlmsg_type != NLMSG_ERROR)
				continue;
			e = vz_nl_error(nl, nlh);
			if (e && !err) {
				err = e;
				seq = nlh->nlmsg_seq;
			} else if (!e && nlh->nlmsg_seq == img->nr_nfts + 1) {
				acked = true;
			}
		}
	}
	if (!err && !acked)
		rst_err(ctx, "nf_tables did not acknowledge CT %u's nftables ruleset", ctx->ctid);
	if (!err)
		return acked ? 0 : -EPROTO;
	if (seq < 2 || seq > img->nr_nfts + 1) {
		rst_err(ctx, "cannot make CT %u's nftables ruleset (error %d%s%s)", ctx->ctid, err,
			nl->ext[0] ? ": " : "", nl->ext);
		return err;
	}
	r = img->nfts[seq - 2];
	/* the object's name: attribute 2 (3 for a chain), a rule's chain */
	rst_err(ctx, "cannot make CT %u's nftables %s %s in table %s (error %d%s%s)", ctx->ctid,
		rst_nft_kind(r->msg),
		vz_nft_str(r, r->msg == VZCPT_NFT_CHAIN ? NFTA_CHAIN_NAME : 2, ""),
		vz_nft_str(r, 1, ""), err, nl->ext[0] ? ": " : "", nl->ext);
	return err;
}

/* An nfnetlink socket of the module's own in the new namespace (nftables, ctnetlink). */
int rst_nfnl_open(struct rst_context *ctx, struct vz_nl *nl)
{
	int err = vz_nl_open_proto(nl, ctx->net.net, NETLINK_NETFILTER);

	if (err)
		rst_err(ctx, "cannot open an nfnetlink socket in the network namespace of CT %u (error %d)",
			ctx->ctid, err);
	return err;
}

int rst_nft(struct rst_context *ctx, const struct vz_netcfg *img)
{
	struct vz_nl nl;
	size_t len = 0;
	int err, sndbuf;
	void *batch;

	if (!img->nr_nfts)
		return 0;
	batch = rst_nft_batch(img, &len);
	if (!batch)
		return -ENOMEM;
	err = rst_nfnl_open(ctx, &nl);
	if (err)
		goto out;
	/* netlink_sendmsg() takes a message up to the send buffer (the kernel doubles it) */
	sndbuf = len;
	err = sock_setsockopt(nl.sock, SOL_SOCKET, SO_SNDBUFFORCE, KERNEL_SOCKPTR(&sndbuf),
			      sizeof(sndbuf));
	if (!err)
		err = vz_nl_send_buf(&nl, batch, len);
	if (err)
		rst_err(ctx, "cannot send CT %u's nftables ruleset to nf_tables (error %d)",
			ctx->ctid, err);
	else
		err = rst_nft_answer(ctx, &nl, img);
	if (!err)
		pr_debug("CT %u: network: %u nftables objects\n", ctx->ctid, img->nr_nfts);
	vz_nl_close(&nl);
out:
	kvfree(batch);
	return err;
}
