// SPDX-License-Identifier: GPL-2.0
/*
 * Contexts, the same on both sides: created, joined and left by separate
 * vzctl invocations, each kept by a reference; a context nobody holds any
 * more is abandoned (its side resumes or kills its CT). Linked into both
 * modules: each has its own list, in its struct vz_ctx_kind.
 */

#include <linux/cgroup.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>

#include "vz_ctx.h"

#undef pr_fmt
#define pr_fmt(fmt) "%s: " fmt, THIS_MODULE->name

void vz_verr(char *errmsg, u32 ctid, const char *fmt, va_list ap)
{
	vsnprintf(errmsg, VZCPT_ERRMSG_LEN, fmt, ap);
	pr_debug("CT %u: %s\n", ctid, errmsg);
}

void vz_err(struct vz_ctx *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vz_verr(c->errmsg, c->ctid, fmt, ap);
	va_end(ap);
}

void vz_ctx_init(struct vz_ctx *c, struct vz_ctx_kind *kind, u32 ctid, char *errmsg)
{
	kref_init(&c->ref);
	mutex_init(&c->lock);
	INIT_LIST_HEAD(&c->list);
	c->kind = kind;
	c->ctid = ctid;
	c->errmsg = errmsg;
}

static void vz_ctx_free(struct kref *ref)
{
	struct vz_ctx *c = container_of(ref, struct vz_ctx, ref);

	pr_debug("context of CT %u freed\n", c->ctid);
	c->kind->free(c);
}

void vz_ctx_get(struct vz_ctx *c)
{
	kref_get(&c->ref);
}

void vz_ctx_put(struct vz_ctx *c)
{
	kref_put(&c->ref, vz_ctx_free);
}

/*
 * vz_ctx_of - the context @f is joined to, with a reference the caller
 * drops with vz_ctx_put(); NULL if none. Another thread sharing the file
 * may PUT the context meanwhile: the reference keeps it for the call.
 */
struct vz_ctx *vz_ctx_of(struct vz_ctx_kind *kind, struct vz_file *f)
{
	struct vz_ctx *c;

	mutex_lock(&kind->mutex);
	c = f->ctx;
	if (c)
		kref_get(&c->ref);
	mutex_unlock(&kind->mutex);
	return c;
}

static struct vz_ctx *vz_ctx_lookup(struct vz_ctx_kind *kind, u32 ctid)
{
	struct vz_ctx *c;

	list_for_each_entry(c, &kind->contexts, list)
		if (c->ctid == ctid)
			return c;
	return NULL;
}

/*
 * The context of @ctid once any abandoned one of it has ended: its work
 * resumes or kills the CT, then takes it off the list (vz_ctx_end()). A
 * stage run right after a vzctl that died finds the CT settled, not a stage
 * "already in progress" or a context going away under it. Called and
 * returns with kind->mutex held; ERR_PTR(-EINTR) if killed while waiting.
 */
static struct vz_ctx *vz_ctx_lookup_settled(struct vz_ctx_kind *kind, u32 ctid)
{
	struct vz_ctx *c;

	/* Listed, nobody holding it and not parked: its abandon is queued or runs. */
	while ((c = vz_ctx_lookup(kind, ctid)) && !c->holders && !c->parked) {
		mutex_unlock(&kind->mutex);
		schedule_timeout_killable(msecs_to_jiffies(10));
		mutex_lock(&kind->mutex);
		if (fatal_signal_pending(current))
			return ERR_PTR(-EINTR);
	}
	return c;
}

void vz_ct_put(struct vz_ct *ct)
{
	if (ct->cgrp)
		cgroup_put(ct->cgrp);
	if (ct->cgdir)
		fput(ct->cgdir);
	if (ct->pidns)
		put_pid_ns(ct->pidns);
	put_pid(ct->init);
	memset(ct, 0, sizeof(*ct));
}

/* Is @task the init of a pid namespace, in the cgroup @ct->cgrp (or below it)? */
static int vz_ct_check_init(struct vz_ctx *c, struct vz_ct *ct, struct task_struct *task)
{
	struct pid_namespace *ns = task_active_pid_ns(task);
	bool in_cgroup;

	if (!ns || ns == &init_pid_ns || task_pid_nr_ns(task, ns) != 1) {
		vz_err(c, "pid %d is not the init of %s", task_pid_nr(task), c->kind->init_what);
		return -EINVAL;
	}
	rcu_read_lock();
	in_cgroup = cgroup_is_descendant(task_dfl_cgroup(task), ct->cgrp);
	rcu_read_unlock();
	if (!in_cgroup) {
		vz_err(c, "the init of CT %u (pid %d) is not in the CT's cgroup",
		       c->ctid, task_pid_nr(task));
		return -EINVAL;
	}
	ct->pidns = get_pid_ns(ns);
	return 0;
}

/* The CT that @arg names, with a reference on each part, or its reason in @c. */
static int vz_ct_get(struct vz_ctx *c, const struct vzcpt_ctx_arg *arg, struct vz_ct *ct)
{
	struct task_struct *task;
	int err;

	memset(ct, 0, sizeof(*ct));
	ct->cgdir = fget(arg->cgroup_fd);
	if (!ct->cgdir) {
		vz_err(c, "the cgroup fd %d of CT %u is not open", arg->cgroup_fd, c->ctid);
		return -EBADF;
	}
	ct->cgrp = cgroup_get_from_fd(arg->cgroup_fd);
	if (IS_ERR(ct->cgrp)) {
		err = PTR_ERR(ct->cgrp);
		ct->cgrp = NULL;
		vz_err(c, "fd %d is not a cgroup v2 directory", arg->cgroup_fd);
		goto fail;
	}
	ct->init = find_get_pid(arg->pid);
	task = get_pid_task(ct->init, PIDTYPE_PID);
	if (!task) {
		vz_err(c, "no process with pid %d", arg->pid);
		err = -ESRCH;
		goto fail;
	}
	err = vz_ct_check_init(c, ct, task);
	put_task_struct(task);
	if (!err)
		return 0;
fail:
	vz_ct_put(ct);
	return err;
}

/*
 * vz_ctx_create - make the context of a container and join @f to it.
 * On failure the context is dropped and its reason copied to @f.
 */
int vz_ctx_create(struct vz_ctx_kind *kind, struct vz_file *f, const struct vzcpt_ctx_arg *arg)
{
	struct vz_ctx *c, *old;
	struct vz_ct ct;
	int err;

	if (arg->flags)
		return -EINVAL;
	c = kind->alloc(arg->ctid);
	if (!c)
		return -ENOMEM;

	mutex_lock(&kind->mutex);
	/* Before the file's own check: the wait for an abandoned one lets go of the mutex. */
	old = vz_ctx_lookup_settled(kind, arg->ctid);
	if (IS_ERR(old)) {
		err = PTR_ERR(old);
		goto fail;
	}
	if (f->ctx) {
		err = -EBUSY;
		goto fail;
	}
	if (old) {
		vz_err(c, "a %s of CT %u is already in progress", kind->what, arg->ctid);
		err = -EEXIST;
		goto fail;
	}
	err = vz_ct_get(c, arg, &ct);
	if (err)
		goto fail;
	kind->attach(c, &ct);
	list_add(&c->list, &kind->contexts);	/* the list's reference */
	kref_get(&c->ref);			/* the file's */
	c->holders = 1;
	f->ctx = c;
	mutex_unlock(&kind->mutex);
	pr_debug("context of CT %u created\n", c->ctid);
	return 0;
fail:
	mutex_unlock(&kind->mutex);
	strscpy(f->errmsg, c->errmsg, sizeof(f->errmsg));
	vz_ctx_put(c);
	return err;
}

int vz_ctx_join(struct vz_ctx_kind *kind, struct vz_file *f, u32 ctid)
{
	struct vz_ctx *c;
	int err = 0;

	mutex_lock(&kind->mutex);
	c = vz_ctx_lookup_settled(kind, ctid);
	if (IS_ERR(c)) {
		err = PTR_ERR(c);
	} else if (f->ctx) {
		err = -EBUSY;
	} else if (!c) {
		err = -ENOENT;
	} else {
		kref_get(&c->ref);
		c->holders++;
		c->parked = false;
		f->ctx = c;
	}
	mutex_unlock(&kind->mutex);
	if (err == -ENOENT)
		snprintf(f->errmsg, sizeof(f->errmsg), "no %s of CT %u is in progress",
			 kind->what, ctid);
	return err;
}

/* Detach @f; the context keeps its state for the next stage. */
int vz_ctx_park(struct vz_ctx_kind *kind, struct vz_file *f)
{
	struct vz_ctx *c;

	mutex_lock(&kind->mutex);
	c = f->ctx;
	if (c) {
		f->ctx = NULL;
		c->holders--;
		c->parked = true;
	}
	mutex_unlock(&kind->mutex);
	if (!c)
		return -ENOENT;
	vz_ctx_put(c);
	return 0;
}

/* Take the context out of the list: it is finished (killed or resumed). Caller holds c->lock. */
void vz_ctx_finish(struct vz_ctx *c)
{
	struct vz_ctx_kind *kind = c->kind;
	bool listed;

	mutex_lock(&kind->mutex);
	listed = !list_empty(&c->list);
	list_del_init(&c->list);
	mutex_unlock(&kind->mutex);
	kind->finish(c);
	if (listed)
		vz_ctx_put(c);
}

/* Resume or kill what a context nobody holds any more was doing, and finish it. */
static void vz_ctx_end(struct vz_ctx *c)
{
	mutex_lock(&c->lock);
	c->kind->abandon(c);
	if (!c->kind->done(c))
		vz_ctx_finish(c);
	mutex_unlock(&c->lock);
}

static void vz_ctx_abandon(struct work_struct *work)
{
	struct vz_ctx *c = container_of(work, struct vz_ctx, abandon);

	vz_ctx_end(c);
	vz_ctx_put(c);
}

/* The file goes away: the last holder to leave without PUT abandons the context. */
void vz_ctx_release(struct vz_ctx_kind *kind, struct vz_file *f)
{
	struct vz_ctx *c;
	bool abandon;

	mutex_lock(&kind->mutex);
	c = f->ctx;
	f->ctx = NULL;
	abandon = c && --c->holders == 0 && !c->parked;
	mutex_unlock(&kind->mutex);
	if (!c)
		return;
	if (abandon) {
		INIT_WORK(&c->abandon, vz_ctx_abandon);
		queue_work(kind->wq, &c->abandon);	/* takes over the file's reference */
		return;
	}
	vz_ctx_put(c);
}

int vz_ctx_kind_init(struct vz_ctx_kind *kind)
{
	INIT_LIST_HEAD(&kind->contexts);
	mutex_init(&kind->mutex);
	kind->wq = alloc_workqueue("%s", 0, 0, THIS_MODULE->name);
	return kind->wq ? 0 : -ENOMEM;
}

/*
 * Module exit: no file is open, so only parked contexts remain (none on a
 * side whose contexts hold the module); each is abandoned.
 */
void vz_ctx_kind_cleanup(struct vz_ctx_kind *kind)
{
	struct vz_ctx *c, *tmp;

	destroy_workqueue(kind->wq);	/* abandoned contexts first */
	list_for_each_entry_safe(c, tmp, &kind->contexts, list) {
		/* finish drops the list's reference, which may be the last one */
		vz_ctx_get(c);
		vz_ctx_end(c);
		vz_ctx_put(c);
	}
}
