// SPDX-License-Identifier: GPL-2.0
/*
 * Restore contexts: created, joined and left by separate vzctl
 * invocations; a context nobody holds any more kills what it undumped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "rst_context.h"
#include "rst_hold.h"
#include "rst_net.h"
#include "rst_shm.h"
#include "rst_task.h"
#include "rst_undump.h"

static LIST_HEAD(rst_contexts);
/* Abandoned contexts are ended here, not in a possibly exiting releaser. */
static struct workqueue_struct *rst_wq;
static DEFINE_MUTEX(rst_ctx_mutex);	/* the list, holders, rf->ctx */

void rst_err(struct rst_context *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
	va_end(ap);
	pr_debug("CT %u: %s\n", ctx->ctid, ctx->errmsg);
}

static void rst_ctx_free(struct kref *ref)
{
	struct rst_context *ctx = container_of(ref, struct rst_context, ref);
	struct rst_task *rt, *tmp;
	unsigned int i;

	rst_net_up(ctx);	/* never leave a hook behind */
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
	rst_shm_drop(ctx);
	if (ctx->cgrp)
		cgroup_put(ctx->cgrp);
	if (ctx->cgdir)
		fput(ctx->cgdir);
	if (ctx->pidns)
		put_pid_ns(ctx->pidns);
	put_pid(ctx->seed_pid);
	pr_debug("context of CT %u freed\n", ctx->ctid);
	kfree(ctx);
	/*
	 * Safe to drop here although this is module code: the last reference
	 * goes in an ioctl or a release of /proc/rst (remove_proc_entry() waits
	 * for those), in a work on rst_wq (destroy_workqueue() waits) or in a
	 * restored task's work during the undump ioctl.
	 */
	module_put(THIS_MODULE);
}

void rst_ctx_get(struct rst_context *ctx)
{
	kref_get(&ctx->ref);
}

void rst_ctx_put_ref(struct rst_context *ctx)
{
	kref_put(&ctx->ref, rst_ctx_free);
}

/*
 * rst_ctx_of - the context @rf is joined to, with a reference the caller
 * drops with rst_ctx_put_ref(); NULL if none. Another thread sharing the
 * file may PUT the context meanwhile: the reference keeps it for the call.
 */
struct rst_context *rst_ctx_of(struct rst_file *rf)
{
	struct rst_context *ctx;

	mutex_lock(&rst_ctx_mutex);
	ctx = rf->ctx;
	if (ctx)
		kref_get(&ctx->ref);
	mutex_unlock(&rst_ctx_mutex);
	return ctx;
}

static struct rst_context *rst_ctx_lookup(u32 ctid)
{
	struct rst_context *ctx;

	list_for_each_entry(ctx, &rst_contexts, list)
		if (ctx->ctid == ctid)
			return ctx;
	return NULL;
}

/* Is @task the seed vzctl made: pid 1 of a fresh pid namespace, in the CT's cgroup? */
static int rst_check_init(struct rst_context *ctx, struct task_struct *task)
{
	struct pid_namespace *ns = task_active_pid_ns(task);
	bool in_cgroup;

	if (!ns || ns == &init_pid_ns || task_pid_nr_ns(task, ns) != 1) {
		rst_err(ctx, "pid %d is not the init of a new pid namespace", task_pid_nr(task));
		return -EINVAL;
	}
	rcu_read_lock();
	in_cgroup = cgroup_is_descendant(task_dfl_cgroup(task), ctx->cgrp);
	rcu_read_unlock();
	if (!in_cgroup) {
		rst_err(ctx, "the init of CT %u (pid %d) is not in the CT's cgroup",
			ctx->ctid, task_pid_nr(task));
		return -EINVAL;
	}
	ctx->pidns = get_pid_ns(ns);
	return 0;
}

static int rst_ctx_setup(struct rst_context *ctx, const struct vzcpt_ctx_arg *arg)
{
	struct task_struct *task;
	int err;

	ctx->cgdir = fget(arg->cgroup_fd);
	if (!ctx->cgdir) {
		rst_err(ctx, "the cgroup fd %d of CT %u is not open", arg->cgroup_fd, ctx->ctid);
		return -EBADF;
	}
	ctx->cgrp = cgroup_get_from_fd(arg->cgroup_fd);
	if (IS_ERR(ctx->cgrp)) {
		err = PTR_ERR(ctx->cgrp);
		ctx->cgrp = NULL;
		rst_err(ctx, "fd %d is not a cgroup v2 directory", arg->cgroup_fd);
		return err;
	}
	ctx->seed_pid = find_get_pid(arg->pid);
	task = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	if (!task) {
		rst_err(ctx, "no process with pid %d", arg->pid);
		return -ESRCH;
	}
	err = rst_check_init(ctx, task);
	put_task_struct(task);
	return err;
}

/*
 * rst_ctx_create - make the context of a container and join @rf to it.
 * On failure the context is dropped and its reason copied to @rf.
 */
int rst_ctx_create(struct rst_file *rf, const struct vzcpt_ctx_arg *arg)
{
	struct rst_context *ctx;
	int err;

	if (arg->flags)
		return -EINVAL;
	ctx = kzalloc(sizeof(*ctx), GFP_KERNEL);
	if (!ctx)
		return -ENOMEM;
	__module_get(THIS_MODULE);	/* dropped in rst_ctx_free() */
	kref_init(&ctx->ref);
	mutex_init(&ctx->lock);
	INIT_LIST_HEAD(&ctx->list);
	ctx->ctid = arg->ctid;
	ctx->state = RST_NEW;
	xa_init(&ctx->seen);
	xa_init(&ctx->rd.chk_map);
	xa_init(&ctx->files);
	xa_init(&ctx->pipes);
	xa_init(&ctx->shm);
	INIT_LIST_HEAD(&ctx->tasks);
	spin_lock_init(&ctx->tasks_lock);
	init_completion(&ctx->gate);

	mutex_lock(&rst_ctx_mutex);
	if (rf->ctx) {
		err = -EBUSY;
		goto fail;
	}
	if (rst_ctx_lookup(arg->ctid)) {
		rst_err(ctx, "a restore of CT %u is already in progress", arg->ctid);
		err = -EEXIST;
		goto fail;
	}
	err = rst_ctx_setup(ctx, arg);
	if (err)
		goto fail;
	list_add(&ctx->list, &rst_contexts);	/* the list's reference */
	kref_get(&ctx->ref);			/* the file's */
	ctx->holders = 1;
	rf->ctx = ctx;
	mutex_unlock(&rst_ctx_mutex);
	pr_debug("context of CT %u created\n", ctx->ctid);
	return 0;
fail:
	mutex_unlock(&rst_ctx_mutex);
	strscpy(rf->errmsg, ctx->errmsg, sizeof(rf->errmsg));
	kref_put(&ctx->ref, rst_ctx_free);
	return err;
}

int rst_ctx_join(struct rst_file *rf, u32 ctid)
{
	struct rst_context *ctx;
	int err = 0;

	mutex_lock(&rst_ctx_mutex);
	ctx = rst_ctx_lookup(ctid);
	if (rf->ctx) {
		err = -EBUSY;
	} else if (!ctx) {
		err = -ENOENT;
	} else {
		kref_get(&ctx->ref);
		ctx->holders++;
		ctx->parked = false;
		rf->ctx = ctx;
	}
	mutex_unlock(&rst_ctx_mutex);
	return err;
}

/* Detach @rf; the context keeps its state for the next stage. */
int rst_ctx_put(struct rst_file *rf)
{
	struct rst_context *ctx;

	mutex_lock(&rst_ctx_mutex);
	ctx = rf->ctx;
	if (ctx) {
		rf->ctx = NULL;
		ctx->holders--;
		ctx->parked = true;
	}
	mutex_unlock(&rst_ctx_mutex);
	if (!ctx)
		return -ENOENT;
	kref_put(&ctx->ref, rst_ctx_free);
	return 0;
}

/* Take the context out of the list: it is finished (killed or resumed). Caller holds ctx->lock. */
void rst_ctx_finish(struct rst_context *ctx)
{
	bool listed;

	mutex_lock(&rst_ctx_mutex);
	listed = !list_empty(&ctx->list);
	list_del_init(&ctx->list);
	ctx->state = RST_DONE;
	mutex_unlock(&rst_ctx_mutex);
	rst_net_up(ctx);
	if (listed)
		kref_put(&ctx->ref, rst_ctx_free);
}

static void rst_ctx_abandon(struct work_struct *work)
{
	struct rst_context *ctx = container_of(work, struct rst_context, abandon);

	mutex_lock(&ctx->lock);
	if (ctx->state == RST_UNDUMPED) {
		pr_info("CT %u: restore abandoned, killing what was undumped\n", ctx->ctid);
		rst_hold_kill(ctx);
	}
	if (ctx->state != RST_DONE)
		rst_ctx_finish(ctx);
	mutex_unlock(&ctx->lock);
	kref_put(&ctx->ref, rst_ctx_free);
}

/* The file goes away: the last holder to leave without PUT kills what it undumped. */
void rst_ctx_release(struct rst_file *rf)
{
	struct rst_context *ctx;
	bool abandon;

	mutex_lock(&rst_ctx_mutex);
	ctx = rf->ctx;
	rf->ctx = NULL;
	abandon = ctx && --ctx->holders == 0 && !ctx->parked;
	mutex_unlock(&rst_ctx_mutex);
	if (!ctx)
		return;
	if (abandon) {
		INIT_WORK(&ctx->abandon, rst_ctx_abandon);
		queue_work(rst_wq, &ctx->abandon);	/* takes over the file's reference */
		return;
	}
	kref_put(&ctx->ref, rst_ctx_free);
}

int rst_ctx_init(void)
{
	rst_wq = alloc_workqueue("vzrst", 0, 0);
	return rst_wq ? 0 : -ENOMEM;
}

/*
 * Module exit. Every context holds a reference on the module, so none is
 * left; an abandoned one may still be ending its work, which drops the last.
 */
void rst_ctx_cleanup(void)
{
	destroy_workqueue(rst_wq);
}
