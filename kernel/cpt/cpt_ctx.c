// SPDX-License-Identifier: GPL-2.0
/*
 * Checkpoint contexts: created, joined and left by separate vzctl
 * invocations; a context nobody holds any more resumes its container.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "cpt_context.h"
#include "cpt_freeze.h"
#include "cpt_net.h"

static LIST_HEAD(cpt_contexts);
/*
 * A file may be released by an exiting task that has no namespaces left to
 * open cgroup files with: abandoned contexts are resumed from here.
 */
static struct workqueue_struct *cpt_wq;
static DEFINE_MUTEX(cpt_ctx_mutex);	/* the list, holders, cf->ctx */

void cpt_err(struct cpt_context *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	pr_debug("CT %u: %s\n", ctx->ctid, ctx->errmsg);
}

static void cpt_ctx_free(struct kref *ref)
{
	struct cpt_context *ctx = container_of(ref, struct cpt_context, ref);

	cpt_net_up(ctx);	/* never leave a hook behind */
	if (ctx->dumpfile)
		fput(ctx->dumpfile);
	if (ctx->cgrp)
		cgroup_put(ctx->cgrp);
	if (ctx->cgdir)
		fput(ctx->cgdir);
	if (ctx->pidns)
		put_pid_ns(ctx->pidns);
	put_pid(ctx->init_pid);
	pr_debug("context of CT %u freed\n", ctx->ctid);
	kfree(ctx);
}

/*
 * cpt_ctx_of - the context @cf is joined to, with a reference the caller
 * drops with cpt_ctx_put_ref(); NULL if none. Another thread sharing the
 * file may PUT the context meanwhile: the reference keeps it for the call.
 */
struct cpt_context *cpt_ctx_of(struct cpt_file *cf)
{
	struct cpt_context *ctx;

	mutex_lock(&cpt_ctx_mutex);
	ctx = cf->ctx;
	if (ctx)
		kref_get(&ctx->ref);
	mutex_unlock(&cpt_ctx_mutex);
	return ctx;
}

void cpt_ctx_put_ref(struct cpt_context *ctx)
{
	kref_put(&ctx->ref, cpt_ctx_free);
}

static struct cpt_context *cpt_ctx_lookup(u32 ctid)
{
	struct cpt_context *ctx;

	list_for_each_entry(ctx, &cpt_contexts, list)
		if (ctx->ctid == ctid)
			return ctx;
	return NULL;
}

/* Is @task the init of a container, in the cgroup @cgrp (or below it)? */
static int cpt_check_init(struct cpt_context *ctx, struct task_struct *task)
{
	struct pid_namespace *ns = task_active_pid_ns(task);
	bool in_cgroup;

	if (!ns || ns == &init_pid_ns || task_pid_nr_ns(task, ns) != 1) {
		cpt_err(ctx, "pid %d is not the init of a container", task_pid_nr(task));
		return -EINVAL;
	}
	rcu_read_lock();
	in_cgroup = cgroup_is_descendant(task_dfl_cgroup(task), ctx->cgrp);
	rcu_read_unlock();
	if (!in_cgroup) {
		cpt_err(ctx, "the init of CT %u (pid %d) is not in the CT's cgroup",
			ctx->ctid, task_pid_nr(task));
		return -EINVAL;
	}
	ctx->pidns = get_pid_ns(ns);
	return 0;
}

static int cpt_ctx_setup(struct cpt_context *ctx, const struct vzcpt_ctx_arg *arg)
{
	struct task_struct *task;
	int err;

	ctx->cgdir = fget(arg->cgroup_fd);
	if (!ctx->cgdir) {
		cpt_err(ctx, "the cgroup fd %d of CT %u is not open", arg->cgroup_fd, ctx->ctid);
		return -EBADF;
	}
	ctx->cgrp = cgroup_get_from_fd(arg->cgroup_fd);
	if (IS_ERR(ctx->cgrp)) {
		err = PTR_ERR(ctx->cgrp);
		ctx->cgrp = NULL;
		cpt_err(ctx, "fd %d is not a cgroup v2 directory", arg->cgroup_fd);
		return err;
	}
	ctx->init_pid = find_get_pid(arg->pid);
	task = get_pid_task(ctx->init_pid, PIDTYPE_PID);
	if (!task) {
		cpt_err(ctx, "no process with pid %d", arg->pid);
		return -ESRCH;
	}
	err = cpt_check_init(ctx, task);
	put_task_struct(task);
	return err;
}

/*
 * cpt_ctx_create - make the context of a container and join @cf to it.
 * On failure the context is dropped and its reason copied to @cf.
 */
int cpt_ctx_create(struct cpt_file *cf, const struct vzcpt_ctx_arg *arg)
{
	struct cpt_context *ctx;
	int err;

	if (arg->flags)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	kref_init(&ctx->ref);
	mutex_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->list);
	ctx->ctid = arg->ctid;
	ctx->state = CPT_RUNNING;

	mutex_lock(&cpt_ctx_mutex);
	if (cf->ctx) {
		err = -EBUSY;
		goto fail;
	}
	if (cpt_ctx_lookup(arg->ctid)) {
		cpt_err(ctx, "a checkpoint of CT %u is already in progress", arg->ctid);
		err = -EEXIST;
		goto fail;
	}
	err = cpt_ctx_setup(ctx, arg);
	if (err)
		goto fail;
	list_add(&ctx->list, &cpt_contexts);	/* the list's reference */
	kref_get(&ctx->ref);			/* the file's */
	ctx->holders = 1;
	cf->ctx = ctx;
	mutex_unlock(&cpt_ctx_mutex);
	pr_debug("context of CT %u created\n", ctx->ctid);
	return 0;
fail:
	mutex_unlock(&cpt_ctx_mutex);
	strscpy(cf->errmsg, ctx->errmsg, sizeof(cf->errmsg));
	kref_put(&ctx->ref, cpt_ctx_free);
	return err;
}

int cpt_ctx_join(struct cpt_file *cf, u32 ctid)
{
	struct cpt_context *ctx;
	int err = 0;

	mutex_lock(&cpt_ctx_mutex);
	ctx = cpt_ctx_lookup(ctid);
	if (cf->ctx) {
		err = -EBUSY;
	} else if (!ctx) {
		err = -ENOENT;
	} else {
		kref_get(&ctx->ref);
		ctx->holders++;
		ctx->parked = false;
		cf->ctx = ctx;
	}
	mutex_unlock(&cpt_ctx_mutex);
	return err;
}

/* Detach @cf; the context keeps its state for the next stage. */
int cpt_ctx_put(struct cpt_file *cf)
{
	struct cpt_context *ctx;

	mutex_lock(&cpt_ctx_mutex);
	ctx = cf->ctx;
	if (ctx) {
		cf->ctx = NULL;
		ctx->holders--;
		ctx->parked = true;
	}
	mutex_unlock(&cpt_ctx_mutex);
	if (!ctx)
		return -ENOENT;
	kref_put(&ctx->ref, cpt_ctx_free);
	return 0;
}

/* Take the context out of the list: it is finished (killed or resumed). Caller holds ctx->lock. */
void cpt_ctx_finish(struct cpt_context *ctx)
{
	bool listed;

	mutex_lock(&cpt_ctx_mutex);
	listed = !list_empty(&ctx->list);
	list_del_init(&ctx->list);
	ctx->state = CPT_DONE;
	mutex_unlock(&cpt_ctx_mutex);
	cpt_net_up(ctx);
	if (listed)
		kref_put(&ctx->ref, cpt_ctx_free);
}

static void cpt_ctx_abandon(struct work_struct *work)
{
	struct cpt_context *ctx = container_of(work, struct cpt_context, abandon);

	mutex_lock(&ctx->lock);
	if (ctx->state == CPT_SUSPENDED) {
		pr_info("CT %u: checkpoint abandoned, resuming the container\n", ctx->ctid);
		cpt_thaw(ctx);
	}
	if (ctx->state != CPT_DONE)
		cpt_ctx_finish(ctx);
	mutex_unlock(&ctx->lock);
	kref_put(&ctx->ref, cpt_ctx_free);
}

/* The file goes away: the last holder to leave without PUT resumes the container. */
void cpt_ctx_release(struct cpt_file *cf)
{
	struct cpt_context *ctx;
	bool abandon;

	mutex_lock(&cpt_ctx_mutex);
	ctx = cf->ctx;
	cf->ctx = NULL;
	abandon = ctx && --ctx->holders == 0 && !ctx->parked;
	mutex_unlock(&cpt_ctx_mutex);
	if (!ctx)
		return;
	if (abandon) {
		INIT_WORK(&ctx->abandon, cpt_ctx_abandon);
		queue_work(cpt_wq, &ctx->abandon);	/* takes over the file's reference */
		return;
	}
	kref_put(&ctx->ref, cpt_ctx_free);
}

int cpt_ctx_init(void)
{
	cpt_wq = alloc_workqueue("vzcpt", 0, 0);
	return cpt_wq ? 0 : -ENOMEM;
}

/* Module exit: no file is open, so only parked contexts remain; resume their containers. */
void cpt_ctx_cleanup(void)
{
	struct cpt_context *ctx, *tmp;

	destroy_workqueue(cpt_wq);	/* abandoned contexts first */
	list_for_each_entry_safe(ctx, tmp, &cpt_contexts, list) {
		/* finish drops the list's reference, which may be the last one */
		kref_get(&ctx->ref);
		mutex_lock(&ctx->lock);
		if (ctx->state == CPT_SUSPENDED)
			cpt_thaw(ctx);
		cpt_ctx_finish(ctx);
		mutex_unlock(&ctx->lock);
		cpt_ctx_put_ref(ctx);
	}
}
