// SPDX-License-Identifier: GPL-2.0
/*
 * Dump a process's timers: the three itimers (setitimer, alarm) and its
 * POSIX timers (timer_create), each as the time left to its next expiry
 * from the moment the container was frozen, on the clock it counts: the
 * CT's monotonic or boot-time clock (which the restore keeps continuous),
 * wall time for an absolute CLOCK_REALTIME timer, the process's CPU time
 * for ITIMER_VIRTUAL and ITIMER_PROF. What the image cannot hold yet fails
 * the dump, naming the task and the timer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/hrtimer.h>
#include <linux/pid_namespace.h>
#include <linux/posix-timers.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_cputime.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_freeze.h"
#include "cpt_image.h"
#include "cpt_ksyms.h"
#include "cpt_taskx.h"
#include "cpt_timers.h"

/* The longest time an image's timer holds (the validator's IMG_TIMER_NS_MAX). */
#define CPT_TIMER_NS_MAX	(4611686018LL * NSEC_PER_SEC)

/*
 * ITIMER_REAL, as getitimer() reads it, with one state getitimer() does
 * not tell: fired with its interval still to be applied when its SIGALRM
 * is taken (dequeue_signal() arms it again then). Under the siglock that
 * setitimer() holds; the tasks are frozen, so only the timer's own expiry
 * runs meanwhile.
 */
static void cpt_itimer_real(struct cpt_dump *d, struct signal_struct *sig,
			    struct vzcpt_img_itimer *it)
{
	struct hrtimer *t = &sig->real_timer;
	s64 left = ktime_to_ns(hrtimer_get_expires(t)) - d->ctx->frozen_mono_ns;

	it->interval_ns = ktime_to_ns(sig->it_real_incr);
	if (hrtimer_is_queued(t)) {
		it->state = VZCPT_ITIMER_ARMED;
		it->value_ns = max_t(s64, left, 1);
	} else if (it->interval_ns) {
		it->state = VZCPT_ITIMER_REARM;
		it->value_ns = min_t(s64, left, 0);
	} else {
		it->state = VZCPT_ITIMER_OFF;
	}
}

/*
 * ITIMER_VIRTUAL and ITIMER_PROF: their expiry is the process's CPU time
 * at which they fire, counted (while any is armed) in the thread group's
 * cputimer, which get_cpu_itimer() samples the same way.
 */
static int cpt_itimer_cpu(struct cpt_dump *d, struct task_struct *task,
			  unsigned int clock, struct vzcpt_img_itimer *it)
{
	struct signal_struct *sig = task->signal;
	struct task_cputime_atomic *ct = &sig->cputimer.cputime_atomic;
	u64 expires = sig->it[clock].expires, now;

	it->interval_ns = sig->it[clock].incr;
	if (!expires)
		return 0;
	if (!READ_ONCE(sig->posix_cputimers.timers_active))
		return cpt_refuse(d, task,
				  "has an ITIMER_%s timer set but no CPU time accounted for it",
				  clock == CPUCLOCK_PROF ? "PROF" : "VIRTUAL");
	now = atomic64_read(&ct->utime);
	if (clock == CPUCLOCK_PROF)
		now += atomic64_read(&ct->stime);
	it->state = VZCPT_ITIMER_ARMED;
	/* As getitimer() says of one already due: one tick. */
	it->value_ns = expires > now ? expires - now : TICK_NSEC;
	return 0;
}

static int cpt_itimers(struct cpt_dump *d, struct task_struct *task,
		       struct vzcpt_img_timers *tm)
{
	struct sighand_struct *sh;
	unsigned long flags;
	int err;

	sh = cpt_lock_sighand(task, &flags);
	if (!sh) {
		cpt_err(d->ctx, "task %d (%s) was killed during the dump",
			task_pid_nr_ns(task, d->ctx->pidns), task->comm);
		return -ESRCH;
	}
	cpt_itimer_real(d, task->signal, &tm->itimer[VZCPT_ITIMER_REAL]);
	err = cpt_itimer_cpu(d, task, CPUCLOCK_VIRT, &tm->itimer[VZCPT_ITIMER_VIRTUAL]);
	if (!err)
		err = cpt_itimer_cpu(d, task, CPUCLOCK_PROF, &tm->itimer[VZCPT_ITIMER_PROF]);
	tm->next_posix_id = task->signal->next_posix_timer_id;
	spin_unlock_irqrestore(&sh->siglock, flags);
	return err;
}

/* The clock, the notification and its target of one POSIX timer. */
static int cpt_ptimer_event(struct cpt_dump *d, struct task_struct *task,
			    struct k_itimer *k, struct vzcpt_img_posix_timer *p)
{
	struct task_struct *target;
	const char *why = NULL;

	switch (k->it_clock) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
		break;
	default:
		/* A CPU-time clock, its pid (0: the timer's own) as the CT sees it. */
		if (k->it_clock < 0 && CPUCLOCK_WHICH(k->it_clock) < CPUCLOCK_MAX)
			break;
		return cpt_refuse(d, task,
				  "has POSIX timer %d on clock %d: only REALTIME, MONOTONIC, BOOTTIME and CPU-time timers can be carried yet",
				  k->it_id, k->it_clock);
	}
	p->id = k->it_id;
	p->clockid = k->it_clock;
	p->notify = k->it_sigev_notify;
	p->signo = k->sigq->info.si_signo;
	p->sigval = (u64)(unsigned long)k->sigq->info.si_value.sival_ptr;
	switch (k->it_sigev_notify) {
	case SIGEV_NONE:
		if (p->signo < 0 || p->signo > VZCPT_NSIG)
			why = "a signal number the image cannot hold";
		break;
	case SIGEV_SIGNAL:
		break;
	case SIGEV_SIGNAL | SIGEV_THREAD_ID:
		rcu_read_lock();
		target = pid_task(k->it_pid, PIDTYPE_PID);
		if (target && same_thread_group(target, task))
			p->target = task_pid_nr_ns(target, d->ctx->pidns);
		rcu_read_unlock();
		if (p->target <= 0)
			why = "a target thread that has exited";
		break;
	default:
		why = "a notification the image has no name for";
	}
	if (why)
		return cpt_refuse(d, task, "has POSIX timer %d with %s (%d)", p->id, why,
				  p->notify);
	return 0;
}

/* A timer's CPU-time clock at the freeze (vz_cputime.h): a frozen thread's counts hold still. */
static bool cpt_cpu_sample(struct k_itimer *k, u64 *now)
{
	struct task_struct *t;

	rcu_read_lock();
	t = pid_task(k->it.cpu.pid, CPUCLOCK_PERTHREAD(k->it_clock) ? PIDTYPE_PID : PIDTYPE_TGID);
	if (t)
		get_task_struct(t);
	rcu_read_unlock();
	if (!t)
		return false;
	*now = vz_cpu_clock(t, CPUCLOCK_WHICH(k->it_clock), CPUCLOCK_PERTHREAD(k->it_clock),
			    ksym_thread_group_cputime);
	put_task_struct(t);
	return true;
}

/* Why a timer's queued signal cannot be carried. */
enum cpt_ptimer_sig {
	CPT_PTIMER_SIG_OK,
	CPT_PTIMER_SIG_IGNORED,
	CPT_PTIMER_SIG_LOST,
};

/*
 * A timer whose signal is queued and not yet taken. The signal is the
 * timer's own sigqueue, which the kernel queues once and counts further
 * expiries into (si_overrun). When it is the one the timer's last expiry
 * sent (si_sys_private) and the timer has an interval, taking it arms the
 * timer again from that expiry (posixtimer_rearm()). Its place among the
 * other timers' signals of its queue is counted: the restore queues them
 * in that order. Under the timer's lock, which the expiry takes before
 * the siglock; the tasks are frozen, so no signal is taken meanwhile.
 */
static enum cpt_ptimer_sig cpt_ptimer_queued(struct task_struct *task, struct k_itimer *k,
					     struct vzcpt_img_posix_timer *p, bool *rearm)
{
	struct sighand_struct *sh = task->sighand;
	enum cpt_ptimer_sig ret = CPT_PTIMER_SIG_LOST;
	struct sigpending *queue = &task->signal->shared_pending;
	struct task_struct *target;
	void __user *handler;
	struct sigqueue *q;

	*rearm = k->it_interval && k->sigq->info.si_sys_private == k->it_requeue_pending;
	p->sig_overrun = k->sigq->info.si_overrun;
	rcu_read_lock();
	if (k->it_sigev_notify & SIGEV_THREAD_ID) {
		target = pid_task(k->it_pid, PIDTYPE_PID);
		if (!target || !same_thread_group(target, task))
			goto out;
		queue = &target->pending;
	}
	spin_lock(&sh->siglock);
	handler = sh->action[p->signo - 1].sa.sa_handler;
	if (handler == SIG_IGN || (handler == SIG_DFL && sig_kernel_ignore(p->signo))) {
		ret = CPT_PTIMER_SIG_IGNORED;
	} else {
		list_for_each_entry(q, &queue->list, list) {
			if (q == k->sigq) {
				ret = CPT_PTIMER_SIG_OK;
				break;
			}
			if (q->flags & SIGQUEUE_PREALLOC)
				p->queue_seq++;
		}
	}
	spin_unlock(&sh->siglock);
out:
	rcu_read_unlock();
	return ret;
}

/*
 * Under the timer's lock: whether its signal is queued, and where
 * (cpt_ptimer_queued()), and its overruns.
 */
static enum cpt_ptimer_sig cpt_ptimer_sig_read(struct task_struct *task, struct k_itimer *k,
					       struct vzcpt_img_posix_timer *p, bool *pending,
					       bool *rearm)
{
	*pending = !list_empty(&k->sigq->list);
	p->overrun = k->it_overrun;
	p->overrun_last = k->it_overrun_last;
	return *pending ? cpt_ptimer_queued(task, k, p, rearm) : CPT_PTIMER_SIG_OK;
}

/* Its queued signal in the image, or the refusal of one the image cannot carry. */
static int cpt_ptimer_sig_note(struct cpt_dump *d, struct task_struct *task,
			       struct vzcpt_img_posix_timer *p, enum cpt_ptimer_sig sig,
			       bool pending)
{
	if (sig == CPT_PTIMER_SIG_IGNORED)
		return cpt_refuse(d, task,
				  "has POSIX timer %d with its signal %d queued while ignored (and blocked): it cannot be carried yet",
				  p->id, p->signo);
	if (sig == CPT_PTIMER_SIG_LOST)
		return cpt_refuse(d, task,
				  "has POSIX timer %d with its signal %d queued to a thread that has exited",
				  p->id, p->signo);
	if (pending)
		p->flags |= VZCPT_PTIMER_QUEUED;
	return 0;
}

/*
 * A CPU-time timer: queued on its clock's list until its expiry, which is
 * CPU time. Once it fires with an interval, it is off the list until its
 * queued signal is taken, which arms it again from its last expiry
 * (posix_cpu_timer_rearm()); its clock is then its target's, which the
 * restore rebuilds only within the process.
 */
static int cpt_ptimer_cpu(struct cpt_dump *d, struct task_struct *task,
			  struct k_itimer *k, struct vzcpt_img_posix_timer *p)
{
	bool queued, pending, rearm = false, own;
	struct task_struct *target;
	enum cpt_ptimer_sig sig;
	unsigned long flags;
	u64 expires, now = 0;
	s64 iv;
	int err;

	spin_lock_irqsave(&k->it_lock, flags);
	sig = cpt_ptimer_sig_read(task, k, p, &pending, &rearm);
	queued = cpu_timer_queued(&k->it.cpu) && !k->it.cpu.firing;
	expires = cpu_timer_getexpires(&k->it.cpu);
	iv = ktime_to_ns(k->it_interval);
	spin_unlock_irqrestore(&k->it_lock, flags);
	err = cpt_ptimer_sig_note(d, task, p, sig, pending);
	if (err)
		return err;
	rearm = rearm && !queued && expires;
	if (!(queued && expires) && !rearm)
		return 0;
	if (rearm) {
		rcu_read_lock();
		target = pid_task(k->it.cpu.pid, PIDTYPE_PID);
		own = target && same_thread_group(target, task);
		rcu_read_unlock();
		if (!own)
			return cpt_refuse(d, task,
					  "has POSIX timer %d on another process's CPU clock with its signal %d queued: it cannot be carried yet",
					  p->id, p->signo);
	}
	if (!cpt_cpu_sample(k, &now))
		return cpt_refuse(d, task,
				  "has POSIX timer %d on a CPU clock it cannot read", p->id);
	p->interval_ns = iv;
	if (rearm) {
		/* Fired: due again from its last expiry, at or before now. */
		p->flags |= VZCPT_PTIMER_REARM;
		p->value_ns = expires > now ? 0 :
			      -(s64)min_t(u64, now - expires, CPT_TIMER_NS_MAX);
		return 0;
	}
	p->flags |= VZCPT_PTIMER_ARMED;
	p->value_ns = expires > now ? expires - now : 1;
	return 0;
}

/*
 * The time left and the overruns of an hrtimer-based timer, read under
 * its lock as timer_gettime() reads them, and its signal if it is queued.
 */
static int cpt_ptimer_time(struct cpt_dump *d, struct task_struct *task,
			   struct k_itimer *k, struct vzcpt_img_posix_timer *p)
{
	struct hrtimer *t = &k->it.real.timer;
	bool queued, pending, rearm = false, none = k->it_sigev_notify == SIGEV_NONE;
	enum cpt_ptimer_sig sig;
	unsigned long flags;
	s64 now = 0, left, iv;
	clockid_t base;
	int err;

	if (k->it_clock < 0)
		return cpt_ptimer_cpu(d, task, k, p);
	spin_lock_irqsave(&k->it_lock, flags);
	sig = cpt_ptimer_sig_read(task, k, p, &pending, &rearm);
	queued = hrtimer_is_queued(t);
	base = t->base->clockid;
	left = ktime_to_ns(hrtimer_get_expires(t));
	iv = ktime_to_ns(k->it_interval);
	spin_unlock_irqrestore(&k->it_lock, flags);
	err = cpt_ptimer_sig_note(d, task, p, sig, pending);
	if (err)
		return err;
	if (!cpt_frozen_clock(d->ctx, base, &now))
		return cpt_refuse(d, task,
				  "has POSIX timer %d on an hrtimer base of clock %d",
				  p->id, base);
	if (none) {
		/* Never queued: its expiry stays in the hrtimer for timer_gettime(). */
		if (!left)
			return 0;
		left -= now;
		/* timer_gettime() moves an interval timer one period past now. */
		if (left <= 0 && iv > 0)
			left += (div64_s64(-left, iv) + 1) * iv;
		queued = left > 0;
	} else {
		left -= now;
	}
	/* Not queued, to be armed by its signal's taking: as posix_timer_fn() left it. */
	if (!queued && rearm) {
		p->flags |= VZCPT_PTIMER_REARM;
		p->value_ns = left;
		p->interval_ns = iv;
	} else if (queued) {
		p->flags |= VZCPT_PTIMER_ARMED;
		p->value_ns = max_t(s64, left, 1);
		p->interval_ns = iv;
	}
	if (queued || rearm) {
		if (base == CLOCK_REALTIME)
			p->flags |= VZCPT_PTIMER_ABSTIME;
	}
	return 0;
}

static int cpt_ptimer_cmp(const void *a, const void *b)
{
	const struct vzcpt_img_posix_timer *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The tasks are frozen: only they create and delete their timers, so the
 * list holds still; each timer is read under its own lock, which its expiry
 * takes before the siglock (so not under the siglock).
 */
static int cpt_ptimers(struct cpt_dump *d, struct task_struct *task,
		       struct vzcpt_img_posix_timer **out, u32 *nr)
{
	struct signal_struct *sig = task->signal;
	struct vzcpt_img_posix_timer *p;
	struct k_itimer *k;
	u32 n = 0, i;
	int err = 0;

	list_for_each_entry(k, &sig->posix_timers, list)
		n++;
	*nr = 0;
	*out = NULL;
	if (!n)
		return 0;
	if (n > VZCPT_POSIX_TIMERS_MAX)
		return cpt_refuse(d, task,
				  "has %u POSIX timers: the image carries at most %u",
				  n, VZCPT_POSIX_TIMERS_MAX);
	p = kvcalloc(n, sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	i = 0;
	list_for_each_entry(k, &sig->posix_timers, list) {
		if (i == n)
			break;
		err = cpt_ptimer_event(d, task, k, &p[i]);
		if (!err)
			err = cpt_ptimer_time(d, task, k, &p[i]);
		if (err)
			break;
		i++;
	}
	if (err) {
		kvfree(p);
		return err;
	}
	/* Newest first on the list: in id order, as the restore makes them again. */
	sort(p, i, sizeof(*p), cpt_ptimer_cmp, NULL);
	*out = p;
	*nr = i;
	return 0;
}

int cpt_dump_timers(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct vzcpt_img_posix_timer *p = NULL;
	struct vzcpt_img_timers tm = {};
	int err;

	err = cpt_itimers(d, task, &tm);
	if (!err)
		err = cpt_ptimers(d, task, &p, &tm.nr_posix);
	if (!err)
		err = cpt_write_rec(d, VZCPT_REC_TIMERS, id, &tm, sizeof(tm), p,
				    tm.nr_posix * sizeof(*p));
	kvfree(p);
	return err;
}
