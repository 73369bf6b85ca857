// SPDX-License-Identifier: GPL-2.0
/*
 * A session or process group whose leader had exited. The restore makes it
 * as the dumped CT's own tasks did: a helper task takes the leader's pid and
 * makes the session (setsid) or group (setpgid), creates the image's task in
 * it as a child of the task's own parent (CLONE_PARENT), and exits. The
 * parent reaps each helper before it leaves the restore, so no task, no wait
 * status and no pid is left but the session's or group's id, as in the CT
 * that was dumped.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/completion.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/wait.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

/* At most a session and, in it, a group: two helpers, one after the other. */
#define RST_HELPERS 2

struct rst_helper;

struct rst_helper_step {
	struct rst_helper *h;
	unsigned int i;
	long made;			/* what helper i created: a pid, or an error */
};

struct rst_helper {
	struct kernel_clone_args *args;	/* the task's own */
	pid_t ids[RST_HELPERS];		/* the helpers' pids: the leaders' */
	bool session[RST_HELPERS];	/* helper i makes a session, else a group */
	unsigned int nr;
	struct rst_helper_step step[RST_HELPERS];
	struct completion done;		/* the last helper to run is past its clone */
};

static int rst_helper_start(void *arg);

/*
 * Helper @i, or the task once every helper has made its id. Each helper
 * shares what the parent has, so the task is made from the parent's mm,
 * fds, fs and handlers as it would be without them.
 */
static long rst_helper_clone(struct rst_helper *h, unsigned int i, bool clone_parent)
{
	struct kernel_clone_args args = {};
	pid_t pid;

	if (i == h->nr) {
		args = *h->args;
	} else {
		pid = h->ids[i];
		args.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_UNTRACED |
			     (h->args->flags & CLONE_SYSVSEM);
		/* No SIGCHLD: the parent reaps it here, before any of its code runs. */
		args.exit_signal = 0;
		args.set_tid = &pid;
		args.set_tid_size = 1;
		args.fn = rst_helper_start;
		args.fn_arg = &h->step[i];
	}
	if (clone_parent)
		args.flags |= CLONE_PARENT;
	return ksym_kernel_clone(&args);
}

/* A helper's only code: it never reaches user space, SIGKILL ends it on the way. */
static int rst_helper_start(void *arg)
{
	struct rst_helper_step *s = arg;
	struct rst_helper *h = s->h;
	struct pt_regs regs = {};	/* setpgid(0, 0) */
	long ret;

	ret = h->session[s->i] ? ksym_ksys_setsid() : ksym_sys_setpgid(&regs);
	if (ret >= 0)
		ret = rst_helper_clone(h, s->i + 1, true);
	s->made = ret;
	send_sig(SIGKILL, current, 1);
	/* The last access to @h, which is on the parent's stack. */
	if (ret < 0 || s->i + 1 == h->nr)
		complete(&h->done);
	return 0;
}

static bool rst_group_exists(pid_t pgid)
{
	struct pid *pid;
	bool exists;

	rcu_read_lock();
	pid = find_vpid(pgid);
	exists = pid && pid_task(pid, PIDTYPE_PGID);
	rcu_read_unlock();
	return exists;
}

/*
 * Reap helper @pid, our child. Interrupted by a signal that is not fatal,
 * the wait resumes: the helper is on its way out. Autoreaped (our restored
 * handlers ignore SIGCHLD), it is gone already.
 */
static int rst_reap(pid_t pid)
{
	long ret;

	for (;;) {
		ret = ksym_kernel_wait4(pid, NULL, __WALL, NULL);
		if (ret == pid || ret == -ECHILD)
			return 0;
		if (ret != -ERESTARTSYS || fatal_signal_pending(current))
			return ret < 0 ? ret : -EINVAL;
		cond_resched();
	}
}

/*
 * Create the task of @t with @args (our child, CLONE_PARENT aside), through
 * helpers if its session or group is one whose leader had exited and that
 * is not made yet. Returns its pid, or an error it has said why of;
 * *@reaped false if a helper could not be reaped (a fatal signal).
 */
long rst_clone_task(struct rst_task *me, struct kernel_clone_args *args,
		    const struct vzcpt_img_task *t, bool *reaped)
{
	struct rst_helper h = { .args = args };
	pid_t grp = task_pgrp_vnr(current);
	unsigned int i;
	long ret;

	*reaped = true;
	if (t->flags & VZCPT_TASK_SID_ORPHAN && t->sid != task_session_vnr(current)) {
		h.ids[h.nr] = t->sid;
		h.session[h.nr++] = true;
		grp = t->sid;
	}
	if (t->flags & VZCPT_TASK_PGID_ORPHAN && t->pgid != grp && !rst_group_exists(t->pgid))
		h.ids[h.nr++] = t->pgid;
	if (!h.nr) {
		ret = ksym_kernel_clone(args);
		if (ret < 0 && !fatal_signal_pending(current))
			rst_err(me->ctx, "cannot create task %d (%s) (error %ld)", t->pid, t->comm,
				ret);
		return ret;
	}
	init_completion(&h.done);
	for (i = 0; i < h.nr; i++) {
		h.step[i].h = &h;
		h.step[i].i = i;
		h.step[i].made = -ESRCH;
	}
	ret = rst_helper_clone(&h, 0, false);
	if (ret < 0) {
		h.step[0].made = ret;
		goto out;
	}
	/* Bounded: each helper only makes its id and clones once. */
	wait_for_completion(&h.done);
	for (i = 0; i < h.nr; i++) {
		if (rst_reap(h.ids[i]))
			*reaped = false;
		if (h.step[i].made < 0)
			break;
	}
out:
	for (i = 0; i < h.nr; i++) {
		ret = h.step[i].made;
		if (ret < 0) {
			if (!fatal_signal_pending(current))
				rst_err(me->ctx, "cannot make %s %d, whose leader had exited, for task %d (%s) (error %ld)",
					h.session[i] ? "session" : "process group", h.ids[i],
					t->pid, t->comm, ret);
			break;
		}
	}
	return ret;
}
