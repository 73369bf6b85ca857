// SPDX-License-Identifier: GPL-2.0
/*
 * The connections the CT's network namespace tracked (issue 12), made again
 * last among its network records, before its tasks and while its network
 * is held down (so no packet makes an entry first): each
 * VZCPT_REC_CONNTRACK, passed by the validator, is sent as it is read to
 * ctnetlink through a socket of the module's own in the new namespace, with
 * NLM_F_CREATE | NLM_F_EXCL. ctnetlink parses and checks it as it does
 * conntrack(8)'s, sets up its NAT binding (loading nf_nat, as it would) and
 * inserts it. One it refuses fails the restore, naming it by its number and
 * the kernel's reason.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/slab.h>
#include <net/netlink.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "rst_context.h"
#include "rst_net.h"

static int rst_ct_one(struct rst_context *ctx, struct vz_nl *nl, struct nlmsghdr *req,
		      const struct vzcpt_img_conntrack *c)
{
	struct nfgenmsg *g = nlmsg_data(req);

	req->nlmsg_len = NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(*g)) + c->len;
	req->nlmsg_type = nfnl_msg_type(NFNL_SUBSYS_CTNETLINK, IPCTNL_MSG_CT_NEW);
	req->nlmsg_flags = NLM_F_REQUEST | NLM_F_CREATE | NLM_F_EXCL;
	req->nlmsg_pid = 0;
	g->nfgen_family = c->family;
	g->version = NFNETLINK_V0;
	g->res_id = 0;
	memcpy((void *)g + NLMSG_ALIGN(sizeof(*g)), c + 1, c->len);
	return vz_nl_do_msg(nl, req);
}

/* The image's CONNTRACK records, from the one read last (rst_netcfg_read() stopped at it). */
int rst_conntrack(struct rst_context *ctx)
{
	struct nlmsghdr *req = NULL;
	unsigned int n = 0;
	struct vz_nl nl;
	int err = 0;

	if (ctx->rd.hdr.type != VZCPT_REC_CONNTRACK)
		return 0;
	req = kvmalloc(NLMSG_HDRLEN + NLMSG_ALIGN(sizeof(struct nfgenmsg)) +
		       VZCPT_CONNTRACK_MAX_LEN, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	err = rst_nfnl_open(ctx, &nl);
	if (err)
		goto out;
	while (!err && ctx->rd.hdr.type == VZCPT_REC_CONNTRACK) {
		err = rst_payload(ctx, VZCPT_REC_CONNTRACK,
				  sizeof(struct vzcpt_img_conntrack) + 12);
		if (!err) {
			n++;
			err = rst_ct_one(ctx, &nl, req, ctx->rd.buf);
			if (err && err != -EINTR)
				rst_err(ctx, "cannot make tracked connection %u of CT %u (error %d%s%s)",
					n, ctx->ctid, err, nl.ext[0] ? ": " : "", nl.ext);
		}
		if (!err)
			err = rst_next(ctx);
	}
	vz_nl_close(&nl);
	if (!err)
		pr_debug("CT %u: network: %u tracked connections\n", ctx->ctid, n);
out:
	kvfree(req);
	return err;
}
