/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CPU-time clock read as kernel/time/posix-cpu-timers.c reads it for its
 * timers and sleeps (cpu_clock_sample(), cpu_clock_sample_group(), both
 * static): a thread's own counts; a process's from its cputimer while a
 * CPU timer of the process is queued (thread_group_sample_cputime()), and
 * once none is, as the kernel takes it up again, the larger, each count,
 * of the stopped cputimer and the sum over the threads
 * (thread_group_start_cputime()). That sum is thread_group_cputime(),
 * unexported, which each module resolves and passes.
 */
#ifndef _VZ_CPUTIME_H
#define _VZ_CPUTIME_H

#include <linux/posix-timers.h>
#include <linux/sched.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>

typedef void (vz_group_cputime_fn)(struct task_struct *tsk, struct task_cputime *times);

/* @t's (a thread's, @perthread) or its process's clock @which (CPUCLOCK_PROF, _VIRT, _SCHED). */
static inline u64 vz_cpu_clock(struct task_struct *t, unsigned int which, bool perthread,
			       vz_group_cputime_fn *group_cputime)
{
	struct task_cputime_atomic *ct = &t->signal->cputimer.cputime_atomic;
	struct task_cputime sum;
	u64 u, s, r;

	if (perthread) {
		u = t->utime;
		s = t->stime;
		r = t->se.sum_exec_runtime;
	} else {
		u = atomic64_read(&ct->utime);
		s = atomic64_read(&ct->stime);
		r = atomic64_read(&ct->sum_exec_runtime);
		if (!READ_ONCE(t->signal->posix_cputimers.timers_active)) {
			group_cputime(t, &sum);
			u = max(u, sum.utime);
			s = max(s, sum.stime);
			r = max(r, sum.sum_exec_runtime);
		}
	}
	return which == CPUCLOCK_SCHED ? r : which == CPUCLOCK_VIRT ? u : u + s;
}

#endif
