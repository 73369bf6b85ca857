// SPDX-License-Identifier: GPL-2.0
/*
 * Hold, resume and kill undumped tasks through the cgroup v2 freezer of the
 * container's cgroup, writing the files an administrator would. A task held
 * there sits in the kernel's signal path, not in this module, and dies of
 * SIGKILL as any frozen task does.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/delay.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/pid.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>

#include "../common/vz_cgroup.h"
#include "rst_context.h"
#include "rst_hold.h"
#include "rst_net.h"
#include "rst_task.h"

static unsigned int hold_timeout_ms = 30000;
module_param(hold_timeout_ms, uint, 0644);
MODULE_PARM_DESC(hold_timeout_ms, "how long the undump waits for restored tasks to freeze or die");

static int rst_cgroup_write(struct rst_context *ctx, const char *name, const char *val)
{
	const char *failed;
	int err = vz_cgroup_write(&ctx->cgdir->f_path, name, val, &failed);

	if (err)
		rst_err(ctx, "cannot %s %s of CT %u's cgroup", failed, name, ctx->ctid);
	return err;
}

/* The freezer holds the restored tasks: it must be ours to set and clear. */
int rst_hold_check(struct rst_context *ctx)
{
	if (test_bit(CGRP_FREEZE, &ctx->cgrp->flags)) {
		rst_err(ctx, "the cgroup of CT %u is frozen", ctx->ctid);
		return -EBUSY;
	}
	return 0;
}

int rst_hold_freeze(struct rst_context *ctx)
{
	int err = rst_cgroup_write(ctx, "cgroup.freeze", "1");

	if (!err)
		ctx->froze = true;
	return err;
}

/*
 * Wait until every task of the cgroup is frozen. A task counts as frozen
 * only once it sits in the freezer's trap, past its restore work, and a
 * task that died counts no more once it left the cgroup, past its work
 * too: from then on no task runs this module's code.
 */
int rst_hold_wait_frozen(struct rst_context *ctx)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(hold_timeout_ms);
	unsigned int spins = 0;

	while (!test_bit(CGRP_FROZEN, &ctx->cgrp->flags)) {
		if (fatal_signal_pending(current)) {
			rst_err(ctx, "the restore of CT %u was killed", ctx->ctid);
			return -EINTR;
		}
		if (time_after(jiffies, deadline)) {
			rst_err(ctx, "the restored tasks of CT %u did not freeze within %u ms",
				ctx->ctid, hold_timeout_ms);
			return -ETIMEDOUT;
		}
		if (++spins < 100)
			usleep_range(20, 50);
		else
			usleep_range(1000, 2000);
	}
	return 0;
}

static int rst_thaw(struct rst_context *ctx)
{
	int err;

	if (!ctx->froze)
		return 0;
	err = rst_cgroup_write(ctx, "cgroup.freeze", "0");
	if (!err)
		ctx->froze = false;
	return err;
}

int rst_hold_resume(struct rst_context *ctx)
{
	rst_net_up(ctx, true);	/* before the tasks run */
	return rst_thaw(ctx);
}

/* The seed is killed even if it never ran its work; returns whether it is not yet gone. */
static unsigned int rst_seed_alive(struct rst_context *ctx)
{
	struct task_struct *seed = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	bool alive = seed && !seed->exit_state;

	if (alive)
		send_sig(SIGKILL, seed, 1);
	if (seed)
		put_task_struct(seed);
	return alive;
}

/* SIGKILL every restored task; returns how many are not yet past their exit. */
static unsigned int rst_tasks_alive(struct rst_context *ctx)
{
	struct task_struct *t;
	struct rst_task *rt;
	unsigned int n = 0;

	spin_lock(&ctx->tasks_lock);
	list_for_each_entry(rt, &ctx->tasks, list) {
		t = READ_ONCE(rt->task);
		if (!t) {
			/* Created but not yet in its start function, which it always runs. */
			n += READ_ONCE(rt->started);
			continue;
		}
		/* exit_state is set past exit_task_work() and cgroup_exit(). */
		if (t->exit_state)
			continue;
		send_sig(SIGKILL, t, 1);
		n++;
	}
	spin_unlock(&ctx->tasks_lock);
	return n;
}

/*
 * Kill what was restored and wait until every task is past its exit, and
 * so past this module's code. Uninterruptible but bounded: each dies as
 * soon as it sees SIGKILL. If one never does, it may still be in this
 * module: the module then stays loaded for good.
 */
int rst_hold_kill(struct rst_context *ctx)
{
	unsigned long deadline = jiffies + msecs_to_jiffies(hold_timeout_ms);
	bool first = true;

	/* Each round: a task made since the last one is killed too. */
	while (rst_seed_alive(ctx) + rst_tasks_alive(ctx)) {
		if (first) {
			/* The tasks waiting at the end of their work now see their SIGKILL. */
			complete_all(&ctx->gate);
			first = false;
		} else if (time_after(jiffies, deadline)) {
			rst_err(ctx, "the restored tasks of CT %u did not exit", ctx->ctid);
			pr_err("CT %u: restored tasks did not exit; vzrst stays loaded\n",
			       ctx->ctid);
			__module_get(THIS_MODULE);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
	complete_all(&ctx->gate);
	rst_net_up(ctx, false);
	/* The cgroup outlives its tasks: leave it usable, not frozen. */
	return rst_thaw(ctx);
}
