// SPDX-License-Identifier: GPL-2.0
/*
 * Restore one task, in its own context: a task_work run on its way back to
 * user space. It rebuilds itself from its records, creates (with its exact
 * pid, through kernel_clone) each task the image lists next as its own, and
 * hands it the image reader until that task's subtree is done.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/pid_namespace.h>
#include <linux/resource.h>
#include <linux/sched/mm.h>
#include <linux/rseq.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uidgid.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

#ifndef ERESTART_RESTARTBLOCK
#define ERESTART_RESTARTBLOCK 516
#endif

struct rst_task *rst_task_alloc(struct rst_context *ctx, const struct vzcpt_img_task *t)
{
	struct rst_task *rt = kzalloc(sizeof(*rt), GFP_KERNEL);

	if (!rt)
		return NULL;
	rt->ctx = ctx;
	rt->t = *t;
	init_completion(&rt->done);
	INIT_LIST_HEAD(&rt->list);
	spin_lock(&ctx->tasks_lock);
	list_add_tail(&rt->list, &ctx->tasks);
	spin_unlock(&ctx->tasks_lock);
	return rt;
}

void rst_task_free(struct rst_task *rt)
{
	if (rt->task)
		put_task_struct(rt->task);
	kvfree(rt->xstate);
	kvfree(rt->siginfo);
	kfree(rt);
}

static bool rst_str_ok(const char *s, size_t len)
{
	return memchr(s, 0, len);
}

/* A TASK record, checked before anything trusts it. */
int rst_check_task(struct rst_context *ctx, const struct vzcpt_img_task *t)
{
	unsigned int i;

	if (t->pid <= 0 || t->tgid <= 0 || t->ppid < 0 || t->pgid < 0 || t->sid < 0 ||
	    (t->flags & ~VZCPT_TASK_THREAD) || !rst_str_ok(t->comm, sizeof(t->comm)) ||
	    t->exit_signal < 0 || t->exit_signal > _NSIG || t->ngroups > ARRAY_SIZE(t->groups) ||
	    !t->mm_id || !t->files_id || !t->fs_id || !t->sighand_id ||
	    t->restart_kind < VZCPT_RESTART_NONE || t->restart_kind > VZCPT_RESTART_POLL ||
	    t->restart_remaining_ns < 0 || t->rseq >= TASK_SIZE_MAX ||
	    (t->rseq && t->rseq_len < 32) ||
	    !(t->flags & VZCPT_TASK_THREAD) != !(t->pid != t->tgid))
		goto bad;
	for (i = 0; i < VZCPT_RLIM_NLIMITS; i++)
		if (t->rlim_cur[i] > t->rlim_max[i] && i < RLIM_NLIMITS)
			goto bad;
	for (i = 0; i < ARRAY_SIZE(t->reserved); i++)
		if (t->reserved[i])
			goto bad;
	return 0;
bad:
	rst_err(ctx, "the image is corrupt: task record %d is inconsistent", t->pid);
	return -EINVAL;
}

/* Mark an object id restored; an id seen twice outside of sharing is a corrupt image. */
static int rst_claim(struct rst_context *ctx, u64 id, const char *what)
{
	int err = xa_insert(&ctx->seen, id, xa_mk_value(1), GFP_KERNEL);

	if (err == -EBUSY)
		rst_err(ctx, "the image is corrupt: %s %llu is used twice", what, id);
	return err;
}

static int rst_task_records(struct rst_task *rt, const struct vzcpt_img_task *creator)
{
	struct rst_context *ctx = rt->ctx;
	const struct vzcpt_img_task *t = &rt->t;
	struct vzcpt_img_xstate *xs;
	int err = 0;

	if (!creator || t->mm_id != creator->mm_id) {
		err = rst_claim(ctx, t->mm_id, "address space");
		if (!err)
			err = rst_mm(rt);
	}
	if (!err && (!creator || t->files_id != creator->files_id)) {
		err = rst_claim(ctx, t->files_id, "fd table");
		if (!err)
			err = rst_files(rt);
	}
	if (!err && (!creator || t->fs_id != creator->fs_id)) {
		err = rst_claim(ctx, t->fs_id, "fs");
		if (!err)
			err = rst_fs(rt);
	}
	if (!err && (!creator || t->sighand_id != creator->sighand_id)) {
		err = rst_claim(ctx, t->sighand_id, "signal handler table");
		if (!err)
			err = rst_sighand(rt);
	}
	if (err)
		return err;

	err = rst_payload(ctx, VZCPT_REC_REGS, sizeof(rt->regs));
	if (err)
		return err;
	memcpy(&rt->regs, ctx->rd.buf, sizeof(rt->regs));

	err = rst_payload(ctx, VZCPT_REC_XSTATE, sizeof(*xs));
	if (err)
		return err;
	xs = ctx->rd.buf;
	if (xs->size != ctx->rd.hdr.len - sizeof(*xs) || xs->size < 576 || xs->reserved) {
		rst_err(ctx, "the image is corrupt: bad FPU state of task %d", t->pid);
		return -EINVAL;
	}
	rt->xstate_size = xs->size;
	rt->xstate = kvmalloc(xs->size, GFP_KERNEL);
	if (!rt->xstate)
		return -ENOMEM;
	memcpy(rt->xstate, xs + 1, xs->size);

	err = rst_payload(ctx, VZCPT_REC_SIGNALS, sizeof(rt->sig));
	if (err)
		return err;
	memcpy(&rt->sig, ctx->rd.buf, sizeof(rt->sig));
	if (rt->sig.nr_private > 4 * VZCPT_NSIG || rt->sig.nr_shared > 4 * VZCPT_NSIG ||
	    (u64)(rt->sig.nr_private + rt->sig.nr_shared) * 128 + sizeof(rt->sig) !=
	    ctx->rd.hdr.len) {
		rst_err(ctx, "the image is corrupt: bad pending signals of task %d", t->pid);
		return -EINVAL;
	}
	if (rt->sig.nr_private + rt->sig.nr_shared) {
		rt->siginfo = kvmalloc(ctx->rd.hdr.len - sizeof(rt->sig), GFP_KERNEL);
		if (!rt->siginfo)
			return -ENOMEM;
		memcpy(rt->siginfo, (u8 *)ctx->rd.buf + sizeof(rt->sig),
		       ctx->rd.hdr.len - sizeof(rt->sig));
	}
	return 0;
}

/* Read the next TASK record ahead, if the next record is one. */
static int rst_peek_task(struct rst_context *ctx, bool *have)
{
	int err;

	*have = ctx->have_next;
	if (*have)
		return 0;
	err = rst_next(ctx);
	if (err || ctx->rd.hdr.type != VZCPT_REC_TASK)
		return err;
	err = rst_payload(ctx, VZCPT_REC_TASK, sizeof(ctx->next));
	if (err)
		return err;
	memcpy(&ctx->next, ctx->rd.buf, sizeof(ctx->next));
	err = rst_check_task(ctx, &ctx->next);
	if (err)
		return err;
	ctx->have_next = *have = true;
	return 0;
}

static int rst_child_start(void *arg)
{
	struct rst_task *rt = arg;

	rt->task = get_task_struct(current);
	init_task_work(&rt->cb, rst_task_work);
	/* Never fails for a task that has not yet run: the work precedes any user code. */
	if (task_work_add(current, &rt->cb, TWA_SIGNAL))
		complete(&rt->done);
	return 0;
}

static void rst_wait_done(struct rst_task *rt)
{
	/* TASK_IDLE: a long restore is not a hung task. */
	wait_for_completion_state(&rt->done, TASK_IDLE);
}

/* Create the task of @t (the record just read ahead) as our child or thread. */
static int rst_create(struct rst_task *me, const struct vzcpt_img_task *t)
{
	struct rst_context *ctx = me->ctx;
	bool thread = t->flags & VZCPT_TASK_THREAD;
	struct kernel_clone_args args = {};
	struct rst_task *child;
	pid_t pid = t->pid;
	long ret;

	args.flags = CLONE_UNTRACED;
	if (t->mm_id == me->t.mm_id)
		args.flags |= CLONE_VM;
	if (t->files_id == me->t.files_id)
		args.flags |= CLONE_FILES;
	if (t->fs_id == me->t.fs_id)
		args.flags |= CLONE_FS;
	if (t->sighand_id == me->t.sighand_id)
		args.flags |= CLONE_SIGHAND;
	if (thread)
		args.flags |= CLONE_THREAD;
	if ((args.flags & CLONE_SIGHAND && !(args.flags & CLONE_VM)) ||
	    (thread && (!(args.flags & CLONE_SIGHAND) || t->tgid != me->t.tgid))) {
		rst_err(ctx, "the image is corrupt: task %d cannot share what it shares", pid);
		return -EINVAL;
	}
	args.exit_signal = thread ? 0 : t->exit_signal;
	args.set_tid = &pid;
	args.set_tid_size = 1;
	args.fn = rst_child_start;

	child = rst_task_alloc(ctx, t);
	if (!child)
		return -ENOMEM;
	child->creator = &me->t;
	args.fn_arg = child;
	ctx->have_next = false;
	ret = ksym_kernel_clone(&args);
	if (ret < 0) {
		rst_err(ctx, "cannot create task %d (%s) (error %ld)", pid, t->comm, ret);
		return ret;
	}
	rst_wait_done(child);
	return READ_ONCE(ctx->err);
}

static void rst_set_ids(struct rst_task *rt)
{
	struct pt_regs regs = {};
	const struct vzcpt_img_task *t = &rt->t;

	if (t->sid == t->pid && t->pgid == t->pid) {
		ksym_ksys_setsid();
	} else if (t->pgid && t->pgid != task_pgrp_vnr(current)) {
		regs.di = 0;
		regs.si = t->pgid;
		ksym_sys_setpgid(&regs);
	}
}

static int rst_creds(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct user_namespace *ns = &init_user_ns;
	struct group_info *gi;
	struct cred *c;
	unsigned int i;

	c = prepare_creds();
	if (!c)
		return -ENOMEM;
	c->uid = make_kuid(ns, t->uid);
	c->euid = make_kuid(ns, t->euid);
	c->suid = make_kuid(ns, t->suid);
	c->fsuid = make_kuid(ns, t->fsuid);
	c->gid = make_kgid(ns, t->gid);
	c->egid = make_kgid(ns, t->egid);
	c->sgid = make_kgid(ns, t->sgid);
	c->fsgid = make_kgid(ns, t->fsgid);
	c->cap_inheritable.cap[0] = t->cap_inheritable;
	c->cap_inheritable.cap[1] = t->cap_inheritable >> 32;
	c->cap_permitted.cap[0] = t->cap_permitted;
	c->cap_permitted.cap[1] = t->cap_permitted >> 32;
	c->cap_effective.cap[0] = t->cap_effective;
	c->cap_effective.cap[1] = t->cap_effective >> 32;
	c->cap_bset.cap[0] = t->cap_bset;
	c->cap_bset.cap[1] = t->cap_bset >> 32;
	c->cap_ambient.cap[0] = t->cap_ambient;
	c->cap_ambient.cap[1] = t->cap_ambient >> 32;
	c->securebits = t->securebits;
	gi = groups_alloc(t->ngroups);
	if (!gi) {
		abort_creds(c);
		return -ENOMEM;
	}
	for (i = 0; i < t->ngroups; i++)
		gi->gid[i] = make_kgid(ns, t->groups[i]);
	groups_sort(gi);
	set_groups(c, gi);
	put_group_info(gi);
	return commit_creds(c);
}

static void rst_limits(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct rlimit *rl = current->signal->rlim;
	unsigned int i;

	if (t->flags & VZCPT_TASK_THREAD)
		return;
	task_lock(current->group_leader);
	for (i = 0; i < RLIM_NLIMITS && i < VZCPT_RLIM_NLIMITS; i++) {
		rl[i].rlim_cur = t->rlim_cur[i];
		rl[i].rlim_max = t->rlim_max[i];
	}
	task_unlock(current->group_leader);
}

/* An interrupted sleep resumes with the time it had left. */
static void rst_restart(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct restart_block *rb = &current->restart_block;
	struct rst_context *ctx = rt->ctx;
	struct timespec64 ts;
	u64 now;

	switch (t->restart_kind) {
	case VZCPT_RESTART_NANOSLEEP:
		switch (t->restart_clockid) {
		case CLOCK_BOOTTIME:
			now = ctx->clock_boot_ns;
			break;
		case CLOCK_REALTIME:
			now = ctx->clock_real_ns;
			break;
		default:
			now = ctx->clock_mono_ns;
			break;
		}
		rb->fn = ksym_hrtimer_nanosleep_restart;
		rb->nanosleep.clockid = t->restart_clockid;
		rb->nanosleep.type = t->restart_rmtp ? TT_NATIVE : TT_NONE;
		rb->nanosleep.rmtp = (void __user *)(unsigned long)t->restart_rmtp;
		rb->nanosleep.expires = now + t->restart_remaining_ns;
		break;
	case VZCPT_RESTART_POLL:
		ts = ns_to_timespec64(ctx->clock_mono_ns + t->restart_remaining_ns);
		rb->fn = ksym_do_restart_poll;
		rb->poll.ufds = (void __user *)(unsigned long)t->restart_arg[0];
		rb->poll.nfds = t->restart_arg[1];
		rb->poll.has_timeout = !!t->restart_arg[2];
		rb->poll.tv_sec = ts.tv_sec;
		rb->poll.tv_nsec = ts.tv_nsec;
		break;
	}
}

/* The container's hostname, set by its init (which is in the container's UTS namespace). */
static void rst_uts(struct rst_context *ctx)
{
	struct new_utsname *u = utsname();

	down_write(ksym_uts_sem);
	strscpy_pad(u->nodename, ctx->uts.nodename, sizeof(u->nodename));
	strscpy_pad(u->domainname, ctx->uts.domainname, sizeof(u->domainname));
	up_write(ksym_uts_sem);
}

static int rst_restore(struct rst_task *rt, const struct vzcpt_img_task *creator)
{
	struct rst_context *ctx = rt->ctx;
	bool have;
	int err;

	if (rt->t.restart_kind == VZCPT_RESTART_NANOSLEEP &&
	    rt->t.restart_clockid != CLOCK_MONOTONIC && rt->t.restart_clockid != CLOCK_BOOTTIME &&
	    rt->t.restart_clockid != CLOCK_REALTIME) {
		rst_err(ctx, "the image is corrupt: task %d sleeps on a bad clock", rt->t.pid);
		return -EINVAL;
	}
	if (!creator) {
		rst_uts(ctx);
		err = rst_timens(ctx);
		if (err)
			return err;
	}
	task_lock(current);
	strscpy_pad(current->comm, rt->t.comm, sizeof(current->comm));
	task_unlock(current);
	err = rst_task_records(rt, creator);
	if (!err)
		err = rst_taskx(rt);
	if (err)
		return err;
	rst_set_ids(rt);
	for (;;) {
		err = rst_peek_task(ctx, &have);
		if (err || !have || ctx->next.ppid != rt->t.pid)
			break;
		err = rst_create(rt, &ctx->next);
		if (err)
			break;
	}
	if (err)
		return err;
	rst_limits(rt);
	current->clear_child_tid = (int __user *)(unsigned long)rt->t.clear_child_tid;
	/* The seed's own rseq area is gone with its memory; the image's takes its place. */
	current->rseq = (struct rseq __user *)(unsigned long)rt->t.rseq;
	current->rseq_sig = rt->t.rseq_sig;
	if (current->rseq)
		rseq_set_notify_resume(current);
	rst_restart(rt);
	err = rst_apply_signals(rt);
	if (!err)
		err = rst_creds(rt);
	return err;
}

void rst_task_work(struct callback_head *cb)
{
	struct rst_task *rt = container_of(cb, struct rst_task, cb);
	struct rst_context *ctx = rt->ctx;
	int err;

	rst_ctx_get(ctx);
	err = rst_restore(rt, rt->creator);
	if (err && !ctx->err) {
		if (!ctx->errmsg[0])
			rst_err(ctx, "task %d (%s) could not be restored (error %d)",
				rt->t.pid, rt->t.comm, err);
		WRITE_ONCE(ctx->err, err);
	}
	complete(&rt->done);

	/* Held until the container is resumed or killed; TASK_IDLE: not a hung task. */
	wait_event_idle(ctx->hold, READ_ONCE(ctx->released));
	smp_rmb();	/* pairs with rst_release_tasks() */
	if (READ_ONCE(ctx->killed))
		force_sig(SIGKILL);
	rst_ctx_put_ref(ctx);
}
