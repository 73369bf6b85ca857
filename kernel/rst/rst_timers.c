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
#include <linux/sort.h>
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

/* @base_ns + @off_ns, within the hrtimer's range: the validator bounds @off_ns only. */
static ktime_t rst_expiry(u64 base_ns, s64 off_ns)
{
	if (off_ns < 0 && (u64)-off_ns > base_ns)
		return 0;
	if (off_ns > 0 && (u64)off_ns > (u64)KTIME_MAX - base_ns)
		return KTIME_MAX;
	return (ktime_t)(base_ns + off_ns);
}

/* How far ahead a timer to be armed again is set first, before its expiry is put back. */
#define RST_AHEAD_SEC	3600

/* Timer @p set to fire at @sec (with @flags), with its interval, by timer_settime(). */
static long rst_ptimer_settime(const struct vzcpt_img_posix_timer *p,
			       struct rst_timer_args __user *u, int flags, time64_t sec)
{
	struct __kernel_itimerspec its = {};
	struct pt_regs regs = {};
	struct timespec64 ts;

	its.it_value.tv_sec = sec;
	ts = ns_to_timespec64(p->interval_ns);
	its.it_interval.tv_sec = ts.tv_sec;
	its.it_interval.tv_nsec = ts.tv_nsec;
	if (copy_to_user(&u->its, &its, sizeof(its)))
		return -EFAULT;
	regs.di = p->id;
	regs.si = flags;
	regs.dx = (unsigned long)&u->its;
	return ksym_sys_timer_settime(&regs);
}

/*
 * Fired, its signal queued, to be armed again when that is taken: set up
 * by timer_settime() (its clock base, its expiry function, its interval)
 * an hour ahead, then stopped at its last expiry as posix_timer_fn() left
 * it, its count odd as that expiry made it (the signal carries the same,
 * rst_timers_queue()). The expiry is on the host's clock, which the
 * CT's went on from (rst_itimer_rearm() does the same).
 */
static int rst_ptimer_rearm(struct rst_task *rt, struct k_itimer *k,
			    const struct vzcpt_img_posix_timer *p, struct rst_timer_args __user *u)
{
	struct rst_context *ctx = rt->ctx;
	struct timespec64 ts;
	int flags = 0;
	ktime_t at;
	long err;

	if (p->flags & VZCPT_PTIMER_ABSTIME) {
		flags = TIMER_ABSTIME;
		ktime_get_real_ts64(&ts);
		at = rst_expiry(ctx->img.real_ns, p->value_ns);
	} else {
		ts.tv_sec = 0;
		at = rst_expiry(p->clockid == CLOCK_BOOTTIME ? ctx->clock_boot_ns :
				ctx->clock_mono_ns, p->value_ns);
	}
	err = rst_ptimer_settime(p, u, flags, ts.tv_sec + RST_AHEAD_SEC);
	if (!err) {
		spin_lock_irq(&k->it_lock);
		/* An hour ahead: not running; it only fails for a timer that is. */
		if (hrtimer_try_to_cancel(&k->it.real.timer) >= 0) {
			hrtimer_set_expires(&k->it.real.timer, at);
			k->it_active = 0;
			k->it_requeue_pending++;
		} else {
			err = -EBUSY;
		}
		spin_unlock_irq(&k->it_lock);
	}
	if (err)
		rst_err(ctx, "task %d (%s): POSIX timer %d cannot be set to be armed again (error %ld)",
			rt->t.pid, rt->t.comm, p->id, err);
	return err;
}

/*
 * A CPU timer that fired and is due again from its last expiry when its
 * queued signal is taken: set an hour of CPU time ahead (which samples its
 * clock, and starts the process's count for a process clock), then taken
 * off its clock's list with its expiry put @p->value_ns (at most 0) before
 * that sample, as cpu_timer_fire() leaves it. A last expiry before the
 * restored clock's start is moved up by whole periods, each counted as the
 * overrun the taking of its signal would count. The lists are under the
 * siglock of the clock's task, which the dump made sure is of this process.
 */
static int rst_ptimer_rearm_cpu(struct rst_task *rt, struct k_itimer *k,
				const struct vzcpt_img_posix_timer *p,
				struct rst_timer_args __user *u)
{
	struct sighand_struct *sh = current->sighand;
	struct rst_context *ctx = rt->ctx;
	struct task_struct *t;
	s64 at, late;
	u64 periods = 0;
	long err;

	err = rst_ptimer_settime(p, u, 0, RST_AHEAD_SEC);
	if (!err) {
		spin_lock_irq(&k->it_lock);
		spin_lock(&sh->siglock);
		rcu_read_lock();
		t = pid_task(k->it.cpu.pid, PIDTYPE_PID);
		if (t && t->sighand == sh && cpu_timer_queued(&k->it.cpu)) {
			at = cpu_timer_getexpires(&k->it.cpu) - RST_AHEAD_SEC * NSEC_PER_SEC;
			late = -p->value_ns;
			if (late >= at)
				periods = div64_u64(late - at, p->interval_ns) + 1;
			cpu_timer_dequeue(&k->it.cpu);
			cpu_timer_setexpires(&k->it.cpu, at - late + periods * p->interval_ns);
			k->it_overrun = p->overrun > S64_MAX - (s64)periods ? S64_MAX :
					p->overrun + (s64)periods;
			k->it_requeue_pending++;
		} else {
			err = -ESRCH;
		}
		rcu_read_unlock();
		spin_unlock(&sh->siglock);
		spin_unlock_irq(&k->it_lock);
	}
	if (err)
		rst_err(ctx, "task %d (%s): POSIX timer %d on CPU clock %d cannot be set to be armed again (error %ld)",
			rt->t.pid, rt->t.comm, p->id, p->clockid, err);
	return err;
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
	} else if (p->flags & VZCPT_PTIMER_REARM) {
		if (p->clockid < 0)
			err = rst_ptimer_rearm_cpu(rt, k, p, u);
		else
			err = rst_ptimer_rearm(rt, k, p, u);
		if (err)
			return err;
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

/*
 * One timer's signal queued again as its timer's own sigqueue, with the
 * expiries it counted while queued and the count that makes its taking
 * arm the timer again, or none (a signal the timer was set again since:
 * its taking arms nothing). Under the timer's lock, as its expiry queues
 * it: one that fired since the restore set it (an ARMED timer due now)
 * queued it already, and that expiry counts as one more overrun.
 */
static int rst_ptimer_queue(struct rst_task *rt, const struct vzcpt_img_posix_timer *p)
{
	struct sighand_struct *sh = current->sighand;
	struct k_itimer *k = rst_ptimer_find(p->id);
	struct sigqueue *q;
	int ret = 0;

	if (!k)
		return -ENOENT;
	q = k->sigq;
	spin_lock_irq(&k->it_lock);
	if (list_empty(&q->list)) {
		q->info.si_sys_private = p->flags & VZCPT_PTIMER_REARM ? k->it_requeue_pending : 0;
		ret = ksym_send_sigqueue(q, k->it_pid, k->it_sigev_notify & SIGEV_THREAD_ID ?
					 PIDTYPE_PID : PIDTYPE_TGID);
		if (!ret) {
			/* The threads share the leader's handlers, and so its siglock. */
			spin_lock(&sh->siglock);
			q->info.si_overrun = p->sig_overrun;
			spin_unlock(&sh->siglock);
		}
	} else {
		spin_lock(&sh->siglock);
		q->info.si_overrun = min_t(s64, (s64)p->sig_overrun + 1 + q->info.si_overrun,
					   INT_MAX);
		spin_unlock(&sh->siglock);
	}
	spin_unlock_irq(&k->it_lock);
	if (ret)
		rst_err(rt->ctx, "task %d (%s): POSIX timer %d's signal %d cannot be queued again (%s)",
			rt->t.pid, rt->t.comm, p->id, p->signo,
			ret > 0 ? "it is ignored" : "its target thread is gone");
	return ret ? -EINVAL : 0;
}

static int rst_ptimer_seq_cmp(const void *a, const void *b)
{
	const struct vzcpt_img_posix_timer *x = *(const struct vzcpt_img_posix_timer * const *)a;
	const struct vzcpt_img_posix_timer *y = *(const struct vzcpt_img_posix_timer * const *)b;

	if (x->queue_seq != y->queue_seq)
		return x->queue_seq < y->queue_seq ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The timers' own signals that were queued, each queue's in its order
 * (queue_seq counts the timers' signals ahead in the same queue), after
 * the task's other signals and its blocked mask: the dump refused a queue
 * where a timer's signal and another sender's of the same number would
 * change places, and a timer's signal its handler ignores.
 */
int rst_timers_queue(struct rst_task *rt)
{
	const struct vzcpt_img_posix_timer **order;
	u32 i, n = 0;
	int err = 0;

	if (rt->t.flags & VZCPT_TASK_THREAD)
		return 0;
	for (i = 0; i < rt->timers.nr_posix; i++)
		n += !!(rt->ptimers[i].flags & VZCPT_PTIMER_QUEUED);
	if (!n)
		return 0;
	order = kvmalloc_array(n, sizeof(*order), GFP_KERNEL);
	if (!order)
		return -ENOMEM;
	n = 0;
	for (i = 0; i < rt->timers.nr_posix; i++)
		if (rt->ptimers[i].flags & VZCPT_PTIMER_QUEUED)
			order[n++] = &rt->ptimers[i];
	sort(order, n, sizeof(*order), rst_ptimer_seq_cmp, NULL);
	for (i = 0; i < n && !err; i++)
		err = rst_ptimer_queue(rt, order[i]);
	kvfree(order);
	return err;
}
