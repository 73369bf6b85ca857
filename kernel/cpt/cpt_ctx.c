// SPDX-License-Identifier: GPL-2.0
/*
 * Checkpoint contexts: what the checkpoint side keeps of a CT, on top of
 * the contexts both sides share (common/vz_ctx.c). A context nobody holds
 * any more resumes its container.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/slab.h>

#include "cpt_context.h"
#include "cpt_freeze.h"
#include "cpt_net.h"
#include "cpt_precopy.h"

void cpt_err(struct cpt_context *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vz_verr(ctx->errmsg, ctx->ctid, fmt, ap);
	va_end(ap);
}

struct vz_ctx *cpt_ctx_alloc(u32 ctid)
{
	struct cpt_context *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	xa_init(&ctx->precopy);
	vz_ctx_init(&ctx->vz, &cpt_kind, ctid, ctx->errmsg);
	ctx->ctid = ctid;
	ctx->state = CPT_RUNNING;
	return &ctx->vz;
}

void cpt_ctx_attach(struct vz_ctx *c, const struct vz_ct *ct)
{
	struct cpt_context *ctx = cpt_ctx(c);

	ctx->cgdir = ct->cgdir;
	ctx->cgrp = ct->cgrp;
	ctx->init_pid = ct->init;
	ctx->pidns = ct->pidns;
}

void cpt_ctx_free(struct vz_ctx *c)
{
	struct cpt_context *ctx = cpt_ctx(c);
	struct vz_ct ct = {
		.cgdir = ctx->cgdir, .cgrp = ctx->cgrp, .init = ctx->init_pid,
		.pidns = ctx->pidns,
	};

	cpt_net_up(ctx, false);	/* never leave a hook behind */
	if (ctx->dumpfile)
		fput(ctx->dumpfile);
	cpt_precopy_free(ctx);
	cpt_forget_mounts(ctx);
	vz_ct_put(&ct);
	kfree(ctx);
}

bool cpt_ctx_done(struct vz_ctx *c)
{
	return cpt_ctx(c)->state == CPT_DONE;
}

/* Out of the list: killed or resumed. */
void cpt_ctx_finished(struct vz_ctx *c)
{
	struct cpt_context *ctx = cpt_ctx(c);

	ctx->state = CPT_DONE;
	cpt_net_up(ctx, false);
}

/* Nobody holds the context (or the module goes): the container runs on. */
void cpt_ctx_abandon(struct vz_ctx *c)
{
	struct cpt_context *ctx = cpt_ctx(c);

	if (ctx->state == CPT_SUSPENDED) {
		pr_info("CT %u: checkpoint abandoned, resuming the container\n", ctx->ctid);
		cpt_thaw(ctx);
	}
}
