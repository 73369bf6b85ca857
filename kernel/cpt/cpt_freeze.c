// SPDX-License-Identifier: GPL-2.0
/*
 * Suspend, resume and kill a container through the cgroup v2 freezer of
 * its cgroup: the same files an administrator would write, so the cgroup
 * core does all the locking.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/timekeeping.h>

#include "../common/vz_cgroup.h"
#include "cpt_context.h"
#include "cpt_freeze.h"
#include "cpt_net.h"

static unsigned int freeze_timeout_ms = 10000;
module_param(freeze_timeout_ms, uint, 0644);
MODULE_PARM_DESC(freeze_timeout_ms, "how long SUSPEND waits for every task to freeze");

static unsigned int vfork_wait_ms = 2000;
module_param(vfork_wait_ms, uint, 0644);
MODULE_PARM_DESC(vfork_wait_ms, "how long SUSPEND lets a vfork child run on to its exec");

static int cpt_cgroup_write(struct cpt_context *ctx, const char *name, const char *val)
{
	const char *failed;
	int err = vz_cgroup_write(&ctx->cgdir->f_path, name, val, &failed);

	if (err)
		cpt_err(ctx, "cannot %s %s of CT %u's cgroup", failed, name, ctx->ctid);
	return err;
}

/*
 * Every task of the container's pid namespace must be in its cgroup and
 * frozen there; a task outside it or traced from outside would go on
 * running while it is dumped. -EAGAIN: one is not frozen yet (said only
 * when @last). *@vfork: one is frozen between vfork() and its exec or exit.
 */
static int cpt_check_frozen(struct cpt_context *ctx, bool last, bool *vfork)
{
	struct task_struct *task;
	struct pid *pid;
	int nr = 1, err = 0;

	*vfork = false;
	rcu_read_lock();
	while ((pid = find_ge_pid(nr, ctx->pidns)) != NULL) {
		nr = pid_nr_ns(pid, ctx->pidns) + 1;
		task = pid_task(pid, PIDTYPE_PID);
		if (!task || task->exit_state)
			continue;
		if (!cgroup_is_descendant(task_dfl_cgroup(task), ctx->cgrp)) {
			cpt_err(ctx, "task %d (%s) is outside CT %u's cgroup",
				nr - 1, task->comm, ctx->ctid);
			err = -EBUSY;
			break;
		}
		/* The image has no cgroups: a restore puts every task in the CT's own. */
		if (task_dfl_cgroup(task) != ctx->cgrp) {
			cpt_err(ctx, "task %d (%s) is in a cgroup below CT %u's own: a cgroup tree cannot be carried yet",
				nr - 1, task->comm, ctx->ctid);
			err = -EOPNOTSUPP;
			break;
		}
		if (task->ptrace) {
			cpt_err(ctx, "task %d (%s) is traced", nr - 1, task->comm);
			err = -EBUSY;
			break;
		}
		if (!task->frozen) {
			err = -EAGAIN;
			if (last)
				cpt_err(ctx, "task %d (%s) did not freeze", nr - 1, task->comm);
			break;
		}
		if (READ_ONCE(task->vfork_done))
			*vfork = true;
	}
	rcu_read_unlock();
	return err;
}

/*
 * Freeze every task of the container, and nothing else: no network hold,
 * no state change. On failure it is left running.
 *
 * A vfork child cannot be carried (its parent sleeps in the kernel until
 * it execs), yet a shell catches one in almost every command it runs
 * (dash execs through vfork). Such a child is microseconds from its exec,
 * so the freeze lets the CT run on briefly and takes it again, for
 * vfork_wait_ms; a child that stays (one that sleeps before its exec)
 * is then left for the dump to refuse by name.
 */
int cpt_freeze_tasks(struct cpt_context *ctx)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(freeze_timeout_ms);
	unsigned long vfork_deadline = jiffies + msecs_to_jiffies(vfork_wait_ms);
	unsigned int spins = 0, vforks = 0;
	bool vfork = false;
	int err;

again:
	err = cpt_cgroup_write(ctx, "cgroup.freeze", "1");
	if (err)
		return err;
	/*
	 * CGRP_FROZEN alone is not enough: a group below the CT's that froze
	 * (an empty one at once) marks the CT's group frozen before its own
	 * tasks are (cgroup_propagate_frozen()), so each task is looked at too.
	 */
	for (;;) {
		bool last = time_after(jiffies, deadline);

		err = 0;
		if (test_bit(CGRP_FROZEN, &ctx->cgrp->flags)) {
			err = cpt_check_frozen(ctx, last, &vfork);
			if (err != -EAGAIN)
				break;
		}
		if (last) {
			if (!err)
				cpt_err(ctx, "CT %u did not freeze within %u ms", ctx->ctid,
					freeze_timeout_ms);
			err = -ETIMEDOUT;
			goto thaw;
		}
		if (fatal_signal_pending(current)) {
			err = -EINTR;
			goto thaw;
		}
		/* Most containers freeze within microseconds: poll fast first. */
		if (++spins < 100)
			usleep_range(20, 50);
		else
			usleep_range(1000, 2000);
	}
	if (!err && vfork && time_before(jiffies, vfork_deadline) &&
	    !fatal_signal_pending(current)) {
		err = cpt_cgroup_write(ctx, "cgroup.freeze", "0");
		if (err)
			return err;
		usleep_range(200, 500);
		spins = 0;
		vforks++;
		goto again;
	}
	if (!err) {
		pr_debug("CT %u frozen after %u vfork children\n", ctx->ctid, vforks);
		return 0;
	}
thaw:
	cpt_cgroup_write(ctx, "cgroup.freeze", "0");
	return err;
}

/* Let the tasks cpt_freeze_tasks() froze run again. */
void cpt_thaw_tasks(struct cpt_context *ctx)
{
	if (cpt_cgroup_write(ctx, "cgroup.freeze", "0"))
		pr_err("CT %u: cannot thaw: %s\n", ctx->ctid, ctx->errmsg);
}

bool cpt_frozen_clock(const struct cpt_context *ctx, clockid_t clockid, s64 *now)
{
	switch (clockid) {
	case CLOCK_MONOTONIC:
		*now = ctx->frozen_mono_ns;
		return true;
	case CLOCK_BOOTTIME:
		*now = ctx->frozen_boot_ns;
		return true;
	case CLOCK_REALTIME:
		*now = ctx->frozen_real_ns;
		return true;
	}
	return false;
}

/* Freeze every task of the container; on failure it is left running. */
int cpt_freeze(struct cpt_context *ctx)
{
	int err = cpt_freeze_tasks(ctx);

	if (err)
		return err;
	/* frozen first: a running task would see its sends fail */
	err = cpt_net_down(ctx);
	if (err)
		goto thaw;
	ctx->frozen_mono_ns = ktime_get_ns();
	ctx->frozen_boot_ns = ktime_get_boottime_ns();
	ctx->frozen_real_ns = ktime_get_real_ns();
	ctx->state = CPT_SUSPENDED;
	return 0;
thaw:
	cpt_cgroup_write(ctx, "cgroup.freeze", "0");
	return err;
}

void cpt_thaw(struct cpt_context *ctx)
{
	cpt_net_up(ctx, true);	/* before the tasks run, for the same reason */
	if (cpt_cgroup_write(ctx, "cgroup.freeze", "0"))
		pr_err("CT %u: cannot thaw: %s\n", ctx->ctid, ctx->errmsg);
	else
		ctx->state = CPT_RUNNING;
}

/* Kill every task of the container and wait for its init to be gone. */
int cpt_kill(struct cpt_context *ctx)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(freeze_timeout_ms);
	struct task_struct *init;
	bool alive;
	int err;

	/* First: the tasks die, closing their sockets, as soon as the kill is written. */
	cpt_net_silence(ctx);
	err = cpt_cgroup_write(ctx, "cgroup.kill", "1");
	if (err)
		return err;
	for (;;) {
		init = get_pid_task(ctx->init_pid, PIDTYPE_PID);
		alive = init && !init->exit_state;
		if (init)
			put_task_struct(init);
		if (!alive) {
			cpt_net_gone(ctx);
			/* The cgroup outlives its tasks: leave it usable, not frozen. */
			return cpt_cgroup_write(ctx, "cgroup.freeze", "0");
		}
		if (time_after(jiffies, deadline)) {
			cpt_err(ctx, "the init of CT %u did not exit after SIGKILL", ctx->ctid);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
}
