// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the small per-task state the TASK record does not hold: scheduling
 * (policy, priority, nice, affinity), the alternate signal stack, the mask
 * a sigsuspend-like call put aside, no_new_privs, the child subreaper mark,
 * the OOM score adjustment, a finished group stop, the I/O priority, the
 * robust futex list and the timer slack.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cpumask.h>
#include <linux/iocontext.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/jobctl.h>
#include <linux/sched/prio.h>
#include <linux/sched/signal.h>
#include <linux/vzcpt_image.h>
#include <uapi/linux/sched.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_taskx.h"

static int cpt_taskx_sched(struct cpt_dump *d, struct task_struct *task,
			   struct vzcpt_img_taskx *x)
{
	const struct cpumask *cpus = &task->cpus_mask;
	unsigned int cpu;

	switch (task->policy) {
	case SCHED_NORMAL:
	case SCHED_BATCH:
	case SCHED_IDLE:
	case SCHED_FIFO:
	case SCHED_RR:
		break;
	default:
		cpt_err(d->ctx, "task %d (%s) has scheduling policy %u: only OTHER, BATCH, IDLE, FIFO and RR can be carried",
			task_pid_nr_ns(task, d->ctx->pidns), task->comm, task->policy);
		return -EOPNOTSUPP;
	}
	x->policy = task->policy;
	x->rt_priority = task->rt_priority;
	x->nice = task_nice(task);
	if (task->sched_reset_on_fork)
		x->flags |= VZCPT_TASKX_RESET_ON_FORK;
	/* Not pinned here: not pinned on a host with more CPUs either. */
	if (cpumask_subset(cpu_possible_mask, cpus)) {
		x->flags |= VZCPT_TASKX_ALL_CPUS;
		return 0;
	}
	for_each_cpu(cpu, cpus) {
		if (cpu >= VZCPT_TASKX_CPU_WORDS * 64) {
			cpt_err(d->ctx, "task %d (%s) is bound to CPU %u: the image carries CPUs below %u",
				task_pid_nr_ns(task, d->ctx->pidns), task->comm, cpu,
				VZCPT_TASKX_CPU_WORDS * 64);
			return -EOPNOTSUPP;
		}
		x->cpus[cpu / 64] |= 1ULL << (cpu % 64);
	}
	return 0;
}

/*
 * Stopped by a stop signal, the group stop finished (every thread of it
 * stopped), not traced: the state the restore can make again.
 */
bool cpt_stop_carried(struct task_struct *task)
{
	unsigned long jobctl = READ_ONCE(task->jobctl);
	unsigned int signr = jobctl & JOBCTL_STOP_SIGMASK;

	return jobctl & JOBCTL_STOPPED && !(jobctl & (JOBCTL_STOP_PENDING | JOBCTL_TRACED)) &&
	       task->signal->flags & SIGNAL_STOP_STOPPED && !task->signal->group_stop_count &&
	       !task->ptrace && signr >= SIGSTOP && signr <= SIGTTOU;
}

int cpt_dump_taskx(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct vzcpt_img_taskx x = {};
	int err;

	err = cpt_taskx_sched(d, task, &x);
	if (err)
		return err;
	x.ss_sp = task->sas_ss_sp;
	x.ss_size = task->sas_ss_size;
	x.ss_flags = task->sas_ss_flags;
	/* Set in a sigsuspend/ppoll/pselect/epoll_pwait the task was frozen in. */
	if (test_tsk_restore_sigmask(task)) {
		x.flags |= VZCPT_TASKX_RESTORE_SIGMASK;
		x.saved_sigmask = task->saved_sigmask.sig[0];
	}
	if (task_no_new_privs(task))
		x.flags |= VZCPT_TASKX_NO_NEW_PRIVS;
	/* Any other stop was refused (cpt_refuse.c). */
	if (cpt_stop_carried(task)) {
		x.flags |= VZCPT_TASKX_STOPPED;
		x.stop_signal = READ_ONCE(task->jobctl) & JOBCTL_STOP_SIGMASK;
		/* Not yet taken by the parent's wait(WUNTRACED), which zeroes it. */
		if (thread_group_leader(task) && task->signal->group_exit_code)
			x.flags |= VZCPT_TASKX_STOP_UNREPORTED;
	}
	if (thread_group_leader(task)) {
		if (task->signal->is_child_subreaper)
			x.flags |= VZCPT_TASKX_SUBREAPER;
		/* A continue nobody has been told of yet is carried. */
		if (task->signal->flags & SIGNAL_STOP_CONTINUED)
			x.flags |= VZCPT_TASKX_CONTINUED;
		if (task->signal->flags & SIGNAL_CLD_CONTINUED)
			x.flags |= VZCPT_TASKX_CLD_CONTINUED;
		x.oom_score_adj = task->signal->oom_score_adj;
		x.oom_score_adj_min = task->signal->oom_score_adj_min;
	}
	/*
	 * The value ioprio_set() stored, not __get_task_ioprio()'s, which
	 * derives one from the nice value when none was set.
	 */
	task_lock(task);
	if (task->io_context)
		x.ioprio = task->io_context->ioprio;
	task_unlock(task);
	/* glibc registers one in every thread: robust mutexes rely on it at exit. */
	x.robust_list = (u64)(unsigned long)task->robust_list;
	x.timer_slack_ns = task->timer_slack_ns;
	return cpt_write_rec(d, VZCPT_REC_TASKX, id, &x, sizeof(x), NULL, 0);
}
