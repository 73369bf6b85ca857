// SPDX-License-Identifier: GPL-2.0
/*
 * Restore contexts: what the restore side keeps of a CT, on top of the
 * contexts both sides share (common/vz_ctx.c). A context nobody holds any
 * more kills what it undumped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "rst_context.h"
#include "rst_hold.h"
#include "rst_net.h"
#include "rst_shm.h"
#include "rst_task.h"
#include "rst_undump.h"

void rst_err(struct rst_context *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vz_verr(ctx->errmsg, ctx->ctid, fmt, ap);
	va_end(ap);
}

void rst_ctx_free(struct vz_ctx *c)
{
	struct rst_context *ctx = rst_ctx(c);
	struct vz_ct ct = {
		.cgdir = ctx->cgdir, .cgrp = ctx->cgrp, .init = ctx->seed_pid,
		.pidns = ctx->pidns,
	};
	struct rst_task *rt, *tmp;
	unsigned int i;

	rst_net_up(ctx, false);	/* never leave a hook behind */
	list_for_each_entry_safe(rt, tmp, &ctx->tasks, list)
		rst_task_free(rt);
	if (ctx->rd.file)
		fput(ctx->rd.file);
	kvfree(ctx->rd.buf);
	for (i = 0; i < ARRAY_SIZE(ctx->rd.batch); i++) {
		struct rst_batch *b = &ctx->rd.batch[i];

		vz_sum_job_wait(&b->job);	/* each task settles its own: never busy here */
		if (b->nr)
			unpin_user_pages(b->pages, b->nr);
		kvfree(b->pages);
	}
	kvfree(ctx->rd.bv);
	rst_drop_objects(ctx);
	xa_destroy(&ctx->seen);
	xa_destroy(&ctx->rd.chk_map);
	xa_destroy(&ctx->files);
	xa_destroy(&ctx->pipes);
	xa_destroy(&ctx->ghosts);
	rst_shm_drop(ctx);
	rst_ipc_drop(ctx);
	rst_mqueue_drop(ctx);
	rst_seccomp_drop(ctx);
	rst_precopy_drop(ctx);
	vz_ct_put(&ct);
	kfree(ctx);
	/*
	 * Safe to drop here although this is module code: the last reference
	 * goes in an ioctl or a release of /proc/rst (remove_proc_entry() waits
	 * for those), in a work on the side's workqueue (destroy_workqueue()
	 * waits) or in a restored task's work during the undump ioctl.
	 */
	module_put(THIS_MODULE);
}

struct vz_ctx *rst_ctx_alloc(u32 ctid)
{
	struct rst_context *ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return NULL;
	__module_get(THIS_MODULE);	/* dropped in rst_ctx_free() */
	vz_ctx_init(&ctx->vz, &rst_kind, ctid, ctx->errmsg);
	ctx->ctid = ctid;
	ctx->state = RST_NEW;
	xa_init(&ctx->seen);
	xa_init(&ctx->seccomp);
	xa_init(&ctx->rd.chk_map);
	xa_init(&ctx->files);
	xa_init(&ctx->fown);
	xa_init(&ctx->pipes);
	xa_init(&ctx->shm);
	xa_init(&ctx->sysv);
	xa_init(&ctx->mqueues);
	xa_init(&ctx->socks);
	xa_init(&ctx->sock_early);
	xa_init(&ctx->acceptq);
	INIT_LIST_HEAD(&ctx->synq);
	xa_init(&ctx->unix_live);
	INIT_LIST_HEAD(&ctx->unix_late);
	INIT_LIST_HEAD(&ctx->unix_gone);
	INIT_LIST_HEAD(&ctx->ptys);
	xa_init(&ctx->ghosts);
	xa_init(&ctx->precopy);
	INIT_LIST_HEAD(&ctx->tasks);
	spin_lock_init(&ctx->tasks_lock);
	init_completion(&ctx->gate);
	return &ctx->vz;
}

/* The seed vzctl made becomes the CT's init: pid 1 of a fresh pid namespace. */
void rst_ctx_attach(struct vz_ctx *c, const struct vz_ct *ct)
{
	struct rst_context *ctx = rst_ctx(c);

	ctx->cgdir = ct->cgdir;
	ctx->cgrp = ct->cgrp;
	ctx->seed_pid = ct->init;
	ctx->pidns = ct->pidns;
}

bool rst_ctx_done(struct vz_ctx *c)
{
	return rst_ctx(c)->state == RST_DONE;
}

/* Out of the list: resumed or killed. */
void rst_ctx_finished(struct vz_ctx *c)
{
	struct rst_context *ctx = rst_ctx(c);

	ctx->state = RST_DONE;
	rst_net_up(ctx, false);
}

/* Nobody holds the context: what it undumped goes. */
void rst_ctx_abandon(struct vz_ctx *c)
{
	struct rst_context *ctx = rst_ctx(c);

	if (ctx->state == RST_UNDUMPED) {
		pr_info("CT %u: restore abandoned, killing what was undumped\n", ctx->ctid);
		rst_hold_kill(ctx);
	}
}
