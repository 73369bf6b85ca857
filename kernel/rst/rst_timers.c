// SPDX-License-Identifier: GPL-2.0
/*
 * Restore a process's timers, in its thread group leader, through the
 * system calls that made them: setitimer() for the itimers, timer_create()
 * and timer_settime() for the POSIX timers, so each is checked and set up
 * as the kernel's own calls do (sigevent, target thread, clock, limits).
 * No exported interface makes either: the calls' internals (do_setitimer,
 * do_timer_create, do_timer_settime) are static. Their arguments go
 * through a page of the task's own memory, mapped for the while.
 *
 * Time left is counted from the freeze. The CT's monotonic and boot-time
 * clocks go on from their frozen values at the start of the undump
 * (rst_time.c). A POSIX timer on them is set at its own expiry on the CT's
 * clock (TIMER_ABSTIME), even one the undump has passed: the kernel then
 * counts each period that fell due meanwhile as an overrun, as it would
 * have, where a timer set to fire now would count from now and lose them.
 * An itimer, and a relative CLOCK_REALTIME POSIX timer (which runs on the
 * monotonic clock; set absolute, it would follow wall time), gets the time
 * it had left less what the undump has taken so far. An absolute
 * CLOCK_REALTIME timer keeps its wall time. CPU time (the CPU itimers' and
 * the CPU-clock timers') counts on from the restored process's.
 *
 * A POSIX timer gets its own id back as posix_timer_add() picks it: the
 * first free id from signal_struct's next_posix_timer_id, which is set to
 * each timer's id before it is made, then to the image's value. Its
 * overrun counts are set in place: only a signal's delivery sets them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/mman.h>
#include <linux/posix-timers.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/time.h>
#include <linux/time_namespace.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"
#include "rst_timers.h"

/* The system calls' arguments, in the task's memory. */
struct rst_timer_args {
	struct sigevent sev;
	struct __kernel_itimerspec its;
	struct __kernel_old_itimerval itv;
	timer_t id;
};

int rst_timers_read(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	u32 len;
	int err;

	if (rt->t.flags & VZCPT_TASK_THREAD)
		return 0;
	err = rst_payload(ctx, VZCPT_REC_TIMERS, sizeof(rt->timers));
	if (err)
		return err;
	memcpy(&rt->timers, ctx->rd.buf, sizeof(rt->timers));
	/* The validator matched the length to the count and checked each timer. */
	len = ctx->rd.hdr.len - sizeof(rt->timers);
	if (!len)
		return 0;
	rt->ptimers = kvmalloc(len, GFP_KERNEL);
	if (!rt->ptimers)
		return -ENOMEM;
	memcpy(rt->ptimers, (u8 *)ctx->rd.buf + sizeof(rt->timers), len);
	return 0;
}

/* What is left of @left_ns (from the freeze) on a CT clock that went on from @base_ns. */
static s64 rst_left(s64 left_ns, u64 base_ns, u64 now_ns)
{
	return max_t(s64, left_ns - (s64)(now_ns - base_ns), 1);
}

static void rst_timeval(struct __kernel_old_timeval *tv, u64 ns)
{
	/* Up to a microsecond: a value rounded down to 0 would disarm the timer. */
	ns = DIV_ROUND_UP_ULL(ns, NSEC_PER_USEC);
	tv->tv_sec = div_u64_rem(ns, USEC_PER_SEC, (u32 *)&tv->tv_usec);
}

/*
 * ITIMER_REAL fired, its SIGALRM pending: its interval and its expiry,
 * which dequeue_signal() moves on by the interval and arms, as setitimer()
 * would have left them (under the siglock that it holds too).
 */
static void rst_itimer_rearm(struct rst_task *rt, const struct vzcpt_img_itimer *it)
{
	struct signal_struct *sig = current->signal;

	spin_lock_irq(&current->sighand->siglock);
	sig->it_real_incr = ns_to_ktime(it->interval_ns);
	hrtimer_set_expires(&sig->real_timer,
			    ns_to_ktime(rt->ctx->clock_mono_ns + it->value_ns));
	spin_unlock_irq(&current->sighand->siglock);
}

static int rst_itimers(struct rst_task *rt, struct rst_timer_args __user *u)
{
	struct __kernel_old_itimerval itv;
	struct pt_regs regs = {};
	unsigned int i;
	s64 left;
	long err;

	for (i = 0; i < VZCPT_NR_ITIMERS; i++) {
		const struct vzcpt_img_itimer *it = &rt->timers.itimer[i];

		if (it->state == VZCPT_ITIMER_REARM) {
			rst_itimer_rearm(rt, it);
			continue;
		}
		if (it->state == VZCPT_ITIMER_OFF && !it->interval_ns)
			continue;
		memset(&itv, 0, sizeof(itv));
		rst_timeval(&itv.it_interval, it->interval_ns);
		if (it->state == VZCPT_ITIMER_ARMED) {
			left = it->value_ns;
			if (i == VZCPT_ITIMER_REAL)
				left = rst_left(left, rt->ctx->clock_mono_ns, ktime_get_ns());
			/* set_cpu_itimer() adds a tick that the image's time left holds already. */
			else if (left > TICK_NSEC)
				left -= TICK_NSEC;
			rst_timeval(&itv.it_value, left);
		}
		if (copy_to_user(&u->itv, &itv, sizeof(itv)))
			return -EFAULT;
		regs.di = i;
		regs.si = (unsigned long)&u->itv;
		regs.dx = 0;
		err = ksym_sys_setitimer(&regs);
		if (err) {
			rst_err(rt->ctx, "task %d (%s): setitimer(%u) failed (error %ld)",
				rt->t.pid, rt->t.comm, i, err);
			return err;
		}
	}
	return 0;
}

/* Its expiry or time left, as timer_settime() takes it. */
static void rst_ptimer_value(struct rst_context *ctx, const struct vzcpt_img_posix_timer *p,
			     struct __kernel_itimerspec *its, int *flags)
{
	struct timespec64 ts;

	if (p->flags & VZCPT_PTIMER_ABSTIME) {
		*flags = TIMER_ABSTIME;
		ts = ns_to_timespec64(ctx->img.real_ns + p->value_ns);
	} else if (p->clockid < 0) {
		/* CPU time: it went on only while the task ran. */
		ts = ns_to_timespec64(p->value_ns);
	} else if (p->clockid == CLOCK_BOOTTIME) {
		/* The host's time of its expiry, then the CT's (the restored task is in its ns). */
		*flags = TIMER_ABSTIME;
		ts = ns_to_timespec64(ctx->clock_boot_ns + p->value_ns);
		timens_add_boottime(&ts);
	} else if (p->clockid == CLOCK_MONOTONIC) {
		*flags = TIMER_ABSTIME;
		ts = ns_to_timespec64(ctx->clock_mono_ns + p->value_ns);
		timens_add_monotonic(&ts);
	} else {
		ts = ns_to_timespec64(rst_left(p->value_ns, ctx->clock_mono_ns, ktime_get_ns()));
	}
	its->it_value.tv_sec = ts.tv_sec;
	its->it_value.tv_nsec = ts.tv_nsec;
	ts = ns_to_timespec64(p->interval_ns);
	its->it_interval.tv_sec = ts.tv_sec;
	its->it_interval.tv_nsec = ts.tv_nsec;
}

/* The timer just made, ours: no other task of the process runs, none can delete it. */
static struct k_itimer *rst_ptimer_find(timer_t id)
{
	struct k_itimer *k;

	list_for_each_entry(k, &current->signal->posix_timers, list)
		if (k->it_id == id)
			return k;
	return NULL;
}

static int rst_ptimer(struct rst_task *rt, const struct vzcpt_img_posix_timer *p,
		      struct rst_timer_args __user *u)
{
	struct rst_context *ctx = rt->ctx;
	struct __kernel_itimerspec its = {};
	struct sigevent sev = {};
	struct pt_regs regs = {};
	struct k_itimer *k;
	int flags = 0;
	timer_t id;
	long err;

	sev.sigev_notify = p->notify;
	sev.sigev_signo = p->signo;
	sev.sigev_value.sival_ptr = (void __user *)(unsigned long)p->sigval;
	sev.sigev_notify_thread_id = p->target;
	if (copy_to_user(&u->sev, &sev, sizeof(sev)))
		return -EFAULT;
	/* posix_timer_add() starts its search there, under its hash lock: nothing else reads it. */
	WRITE_ONCE(current->signal->next_posix_timer_id, p->id);
	regs.di = p->clockid;
	regs.si = (unsigned long)&u->sev;
	regs.dx = (unsigned long)&u->id;
	err = ksym_sys_timer_create(&regs);
	if (!err && get_user(id, &u->id))
		err = -EFAULT;
	if (err) {
		rst_err(ctx, "task %d (%s): POSIX timer %d cannot be made again (error %ld)",
			rt->t.pid, rt->t.comm, p->id, err);
		return err;
	}
	k = rst_ptimer_find(id);
	if (id != p->id || !k) {
		rst_err(ctx, "task %d (%s): POSIX timer %d came back as timer %d",
			rt->t.pid, rt->t.comm, p->id, id);
		return -EEXIST;
	}
	/* Before it is armed: an expiry adds to it. */
	spin_lock_irq(&k->it_lock);
	k->it_overrun = p->overrun;
	spin_unlock_irq(&k->it_lock);
	if (p->flags & VZCPT_PTIMER_ARMED) {
		rst_ptimer_value(ctx, p, &its, &flags);
		if (copy_to_user(&u->its, &its, sizeof(its)))
			return -EFAULT;
		regs.di = id;
		regs.si = flags;
		regs.dx = (unsigned long)&u->its;
		regs.r10 = 0;
		err = ksym_sys_timer_settime(&regs);
		if (err) {
			rst_err(ctx, "task %d (%s): POSIX timer %d cannot be set again (error %ld)",
				rt->t.pid, rt->t.comm, p->id, err);
			return err;
		}
	}
	/* timer_settime() clears it; only the delivery of a signal sets it. */
	spin_lock_irq(&k->it_lock);
	k->it_overrun_last = p->overrun_last;
	spin_unlock_irq(&k->it_lock);
	return 0;
}

int rst_timers_apply(struct rst_task *rt)
{
	struct rst_timer_args __user *u;
	unsigned long addr;
	unsigned int i;
	int err = 0;

	if (rt->t.flags & VZCPT_TASK_THREAD)
		return 0;
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	u = (struct rst_timer_args __user *)addr;
	for (i = 0; i < rt->timers.nr_posix && !err; i++)
		err = rst_ptimer(rt, &rt->ptimers[i], u);
	if (!err) {
		WRITE_ONCE(current->signal->next_posix_timer_id, rt->timers.next_posix_id);
		err = rst_itimers(rt, u);
	}
	vm_munmap(addr, PAGE_SIZE);
	return err;
}
