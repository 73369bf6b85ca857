// SPDX-License-Identifier: GPL-2.0
/*
 * Restore the small per-task state of a TASKX record, in the task itself,
 * before it creates its children: the personality (from the TASK record),
 * scheduling policy, priority, nice and affinity, the alternate signal
 * stack, the mask a sigsuspend-like call put aside, no_new_privs, the child
 * subreaper mark (which children inherit at fork, hence before them), the
 * OOM score adjustment, the I/O priority and timer slack (inherited at fork
 * too) and the robust futex list; a group stop, entered once its children
 * exist.
 * The scheduling values are checked as the task's own sched_setscheduler()
 * and setpriority() would check them (rst_sched_denied()).
 *
 * Affinity: the image's CPUs, intersected (as sched_setaffinity does) with
 * the CPUs the container's cpuset allows here. When none of them remains
 * (the task was bound to CPUs this host lacks or the CT may not use), the
 * restore fails naming the task: the task is not silently unpinned.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cpumask.h>
#include <linux/iocontext.h>
#include <linux/ioprio.h>
#include <linux/oom.h>
#include <linux/personality.h>
#include <linux/resource.h>
#include <linux/sched.h>
#include <linux/sched/prio.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <uapi/linux/sched.h>
#include <uapi/linux/sched/types.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

#define RST_SS_FLAGS	(VZCPT_SS_ONSTACK | VZCPT_SS_DISABLE | VZCPT_SS_AUTODISARM)

static bool rst_taskx_ok(const struct vzcpt_img_task *t, const struct vzcpt_img_taskx *x)
{
	bool rt = x->policy == SCHED_FIFO || x->policy == SCHED_RR;
	bool thread = t->flags & VZCPT_TASK_THREAD;
	unsigned int i;
	u64 any = 0;

	if (t->personality == 0xffffffff)
		return false;
	if (x->policy != SCHED_NORMAL && x->policy != SCHED_BATCH && x->policy != SCHED_IDLE &&
	    !rt)
		return false;
	if (rt ? x->rt_priority < 1 || x->rt_priority > MAX_RT_PRIO - 1 : x->rt_priority)
		return false;
	if (x->nice < MIN_NICE || x->nice > MAX_NICE || x->flags & ~VZCPT_TASKX_FLAGS)
		return false;
	for (i = 0; i < VZCPT_TASKX_CPU_WORDS; i++)
		any |= x->cpus[i];
	if (x->flags & VZCPT_TASKX_ALL_CPUS ? any : !any)
		return false;
	if (x->ss_flags & ~RST_SS_FLAGS ||
	    (x->ss_flags & (VZCPT_SS_ONSTACK | VZCPT_SS_DISABLE)) ==
	    (VZCPT_SS_ONSTACK | VZCPT_SS_DISABLE))
		return false;
	if (x->ss_flags & VZCPT_SS_DISABLE ? x->ss_sp || x->ss_size :
	    x->ss_size < MINSIGSTKSZ || x->ss_sp >= TASK_SIZE_MAX ||
	    x->ss_size > TASK_SIZE_MAX - x->ss_sp)
		return false;
	if (!(x->flags & VZCPT_TASKX_RESTORE_SIGMASK) && x->saved_sigmask)
		return false;
	/* SIGSTOP, SIGTSTP, SIGTTIN and SIGTTOU are 19 to 22 on x86 */
	if (x->flags & VZCPT_TASKX_STOPPED ? x->stop_signal < SIGSTOP || x->stop_signal > SIGTTOU :
	    x->stop_signal || x->flags & VZCPT_TASKX_STOP_UNREPORTED)
		return false;
	/* ioprio_set()'s classes and levels; class NONE has no level. */
	if (x->ioprio >> 16 || IOPRIO_PRIO_CLASS(x->ioprio) > IOPRIO_CLASS_IDLE ||
	    IOPRIO_PRIO_DATA(x->ioprio) >= IOPRIO_NR_LEVELS ||
	    (IOPRIO_PRIO_CLASS(x->ioprio) == IOPRIO_CLASS_NONE && x->ioprio))
		return false;
	if (x->robust_list >= TASK_SIZE_MAX)
		return false;
	if (x->oom_score_adj < OOM_SCORE_ADJ_MIN || x->oom_score_adj > OOM_SCORE_ADJ_MAX ||
	    x->oom_score_adj_min < OOM_SCORE_ADJ_MIN || x->oom_score_adj_min > OOM_SCORE_ADJ_MAX)
		return false;
	if (thread && (x->flags & (VZCPT_TASKX_SUBREAPER | VZCPT_TASKX_CONTINUED |
				   VZCPT_TASKX_CLD_CONTINUED | VZCPT_TASKX_STOP_UNREPORTED) ||
		       x->oom_score_adj || x->oom_score_adj_min))
		return false;
	for (i = 0; i < ARRAY_SIZE(x->reserved); i++)
		if (x->reserved[i])
			return false;
	return true;
}

/*
 * What sched_setscheduler() and setpriority() would let the task do to
 * itself, with its own capabilities and limits from the image, starting
 * from what it has now: what it inherited from its restored parent (or,
 * for the container's init, from the seed). A lower nice needs RLIMIT_NICE
 * or CAP_SYS_NICE (can_nice()), a real-time policy or a higher real-time
 * priority RLIMIT_RTPRIO or CAP_SYS_NICE, and so do leaving SCHED_IDLE and
 * dropping reset-on-fork. NULL if allowed, else why not.
 */
static const char *rst_sched_denied(const struct vzcpt_img_task *t,
				    const struct vzcpt_img_taskx *x)
{
	bool rt = x->policy == SCHED_FIFO || x->policy == SCHED_RR;
	u64 nice_rlim = t->rlim_cur[RLIMIT_NICE], rtprio_rlim = t->rlim_cur[RLIMIT_RTPRIO];

	if (t->cap_effective & BIT_ULL(CAP_SYS_NICE))
		return NULL;
	if (x->nice < task_nice(current) && nice_to_rlimit(x->nice) > nice_rlim)
		return "a nice value below its parent's that its RLIMIT_NICE does not allow";
	if (rt && x->policy != current->policy && !rtprio_rlim)
		return "a real-time policy with RLIMIT_RTPRIO 0";
	if (rt && x->rt_priority > current->rt_priority && x->rt_priority > rtprio_rlim)
		return "a real-time priority above its RLIMIT_RTPRIO";
	if (current->policy == SCHED_IDLE && x->policy != SCHED_IDLE &&
	    nice_to_rlimit(task_nice(current)) > nice_rlim)
		return "a policy other than its parent's SCHED_IDLE, which RLIMIT_NICE forbids";
	if (current->sched_reset_on_fork && !(x->flags & VZCPT_TASKX_RESET_ON_FORK))
		return "no reset-on-fork where its parent had it";
	return NULL;
}

static int rst_taskx_sched(struct rst_task *rt, const struct vzcpt_img_taskx *x)
{
	struct sched_attr attr = {
		.size = sizeof(attr),
		.sched_policy = x->policy,
		.sched_priority = x->rt_priority,
		.sched_nice = x->nice,
		.sched_flags = x->flags & VZCPT_TASKX_RESET_ON_FORK ? SCHED_FLAG_RESET_ON_FORK : 0,
	};
	struct rst_context *ctx = rt->ctx;
	const char *why = rst_sched_denied(&rt->t, x);
	cpumask_var_t cpus;
	unsigned int cpu;
	int err;

	if (why) {
		rst_err(ctx, "task %d (%s) in the image has %s (policy %u, priority %u, nice %d) and no CAP_SYS_NICE",
			rt->t.pid, rt->t.comm, why, x->policy, x->rt_priority, x->nice);
		return -EPERM;
	}
	/* Nice first: under FIFO and RR sched_setattr keeps it, as the kernel does. */
	set_user_nice(current, x->nice);
	err = sched_setattr_nocheck(current, &attr);
	if (err) {
		rst_err(ctx, "cannot give task %d (%s) scheduling policy %u priority %u (error %d)",
			rt->t.pid, rt->t.comm, x->policy, x->rt_priority, err);
		return err;
	}
	if (!zalloc_cpumask_var(&cpus, GFP_KERNEL))
		return -ENOMEM;
	if (x->flags & VZCPT_TASKX_ALL_CPUS)
		cpumask_copy(cpus, cpu_possible_mask);
	for (cpu = 0; cpu < nr_cpu_ids && cpu < VZCPT_TASKX_CPU_WORDS * 64; cpu++)
		if (x->cpus[cpu / 64] & 1ULL << (cpu % 64))
			cpumask_set_cpu(cpu, cpus);
	/* sched_setaffinity() intersects with the cpuset and refuses an empty result. */
	err = cpumask_empty(cpus) ? -EINVAL : ksym_sched_setaffinity(0, cpus);
	free_cpumask_var(cpus);
	if (err)
		rst_err(ctx, "task %d (%s) was bound to CPUs none of which the container may use here (error %d)",
			rt->t.pid, rt->t.comm, err);
	return err;
}

/*
 * The I/O priority, as the task's own ioprio_set() would set it: the
 * real-time class needs CAP_SYS_NICE or CAP_SYS_ADMIN (ioprio_check_cap()).
 */
static int rst_taskx_io(struct rst_task *rt, const struct vzcpt_img_taskx *x)
{
	u64 caps = rt->t.cap_effective;
	int err;

	/* None set: what the parent had, inherited as the restore forked it, goes. */
	if (!x->ioprio && (!current->io_context || !current->io_context->ioprio))
		return 0;
	if (IOPRIO_PRIO_CLASS(x->ioprio) == IOPRIO_CLASS_RT &&
	    !(caps & (BIT_ULL(CAP_SYS_NICE) | BIT_ULL(CAP_SYS_ADMIN)))) {
		rst_err(rt->ctx, "task %d has a real-time I/O priority without CAP_SYS_NICE",
			rt->t.pid);
		return -EPERM;
	}
	err = set_task_ioprio(current, x->ioprio);
	if (err)
		rst_err(rt->ctx, "task %d: cannot set its I/O priority %#x (%d)", rt->t.pid,
			x->ioprio, err);
	return err;
}

int rst_taskx(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	struct vzcpt_img_taskx x;
	struct signal_struct *sig = current->signal;
	int err;

	err = rst_payload(ctx, VZCPT_REC_TASKX, sizeof(x));
	if (err)
		return err;
	memcpy(&x, ctx->rd.buf, sizeof(x));
	if (ctx->rd.hdr.len != sizeof(x) || ctx->rd.hdr.id != (u64)rt->t.pid ||
	    !rst_taskx_ok(&rt->t, &x)) {
		rst_err(ctx, "the image is corrupt: bad scheduling or signal stack state of task %d",
			rt->t.pid);
		return -EINVAL;
	}
	err = rst_taskx_sched(rt, &x);
	if (err)
		return err;
	current->personality = rt->t.personality;
	/* Stopped once its children are made: a stop pending would fail their fork. */
	if (x.flags & VZCPT_TASKX_STOPPED) {
		rt->stop_signal = x.stop_signal;
		rt->stop_unreported = x.flags & VZCPT_TASKX_STOP_UNREPORTED;
	}

	err = rst_taskx_io(rt, &x);
	if (err)
		return err;
	/* The seed's list is gone with its memory; the image's takes its place. */
	current->robust_list = (struct robust_list_head __user *)(unsigned long)x.robust_list;
	if (x.timer_slack_ns)
		current->timer_slack_ns = x.timer_slack_ns;

	current->sas_ss_sp = x.ss_sp;
	current->sas_ss_size = x.ss_size;
	current->sas_ss_flags = x.ss_flags;

	/* The blocked mask is the call's; this one goes back when the call returns. */
	current->saved_sigmask.sig[0] = x.saved_sigmask & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (x.flags & VZCPT_TASKX_RESTORE_SIGMASK)
		set_restore_sigmask();
	else
		clear_restore_sigmask();

	/* No exported call clears it; a child made before its parent set it must not inherit it. */
	if (x.flags & VZCPT_TASKX_NO_NEW_PRIVS)
		task_set_no_new_privs(current);
	else
		clear_bit(PFA_NO_NEW_PRIVS, &current->atomic_flags);

	if (!(rt->t.flags & VZCPT_TASK_THREAD)) {
		spin_lock_irq(&current->sighand->siglock);
		sig->is_child_subreaper = !!(x.flags & VZCPT_TASKX_SUBREAPER);
		sig->oom_score_adj = x.oom_score_adj;
		sig->oom_score_adj_min = x.oom_score_adj_min;
		/* The parent's wait(WCONTINUED) and SIGCHLD still to come, as they were. */
		sig->flags &= ~(SIGNAL_STOP_CONTINUED | SIGNAL_CLD_CONTINUED);
		if (x.flags & VZCPT_TASKX_CONTINUED)
			sig->flags |= SIGNAL_STOP_CONTINUED;
		if (x.flags & VZCPT_TASKX_CLD_CONTINUED)
			sig->flags |= SIGNAL_CLD_CONTINUED;
		spin_unlock_irq(&current->sighand->siglock);
	}
	return 0;
}
