// SPDX-License-Identifier: GPL-2.0
/*
 * Dump timerfds: the clock, the settime flags, when the timer next fires
 * and its period, and the expirations not read yet, all as they were at
 * the instant the CT froze (timers go on firing while it is frozen): a
 * restore, whose clocks go on from that instant (rst_time.c), fires the
 * timer when it would have fired.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/alarmtimer.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/nsproxy.h>
#include <linux/rcupdate.h>
#include <linux/sched/task.h>
#include <linux/time_namespace.h>
#include <linux/timerfd.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_evfd.h"
#include "cpt_freeze.h"
#include "cpt_ksyms.h"
#include "../common/vz_timerfd.h"

/* timerfd_fops is static: its address comes from kallsyms (cpt_main.c). */
bool cpt_is_timerfd(struct file *file)
{
	return file->f_op == ksym_timerfd_fops;
}

/* The offset of the CT's time namespace on @clockid (as its init sees it). */
static s64 cpt_ct_offset(struct cpt_dump *d, clockid_t clockid)
{
	struct task_struct *init = d->tasks[0];
	struct timens_offsets off = {};

	if (clockid == CLOCK_REALTIME)
		return 0;
	task_lock(init);
	if (init->nsproxy)
		off = init->nsproxy->time_ns->offsets;
	task_unlock(init);
	return timespec64_to_ns(clockid == CLOCK_BOOTTIME ? &off.boottime : &off.monotonic);
}

/* A timer's state as read, turned by cpt_tfd_at_freeze() into its state at the freeze. */
struct cpt_tfd_now {
	bool armed, expired;
	s64 expires, interval, base_now;
	u64 ticks;
};

static void cpt_tfd_at_freeze(struct cpt_tfd_now *n)
{
	s64 over;

	if (!n->expired)
		return;
	if (n->expires > n->base_now) {
		/* It fired after the freeze: at the freeze it had yet to. */
		if (n->ticks)
			n->ticks--;
		n->armed = true;
		return;
	}
	if (!n->interval)
		return;
	/* What a read at the freeze would have counted (hrtimer_forward()). */
	over = (n->base_now - n->expires) / n->interval + 1;
	n->ticks += over - 1;
	n->expires += over * n->interval;
	n->armed = true;
}

int cpt_dump_timerfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct vz_timerfd_ctx *c = file->private_data;
	struct vzcpt_img_timerfd r = {};
	struct cpt_tfd_now n = {};
	clockid_t base;
	bool first, canceled;
	int err;

	err = cpt_evfd_file(d, file, f, VZCPT_FILE_TIMERFD, "a timerfd");
	if (err)
		return err;
	if (c->clockid != CLOCK_REALTIME && c->clockid != CLOCK_MONOTONIC &&
	    c->clockid != CLOCK_BOOTTIME) {
		cpt_err(d->ctx, "a timerfd on clock %d (an alarm clock) cannot be dumped yet",
			c->clockid);
		return -EOPNOTSUPP;
	}
	spin_lock_irq(&c->wqh.lock);
	r.clockid = c->clockid;
	if (c->settime_flags & TFD_TIMER_ABSTIME)
		r.settime_flags |= VZCPT_TFD_ABSTIME;
	if (c->settime_flags & TFD_TIMER_CANCEL_ON_SET)
		r.settime_flags |= VZCPT_TFD_CANCEL_ON_SET;
	canceled = c->might_cancel && c->moffs == KTIME_MAX;
	n.ticks = c->ticks;
	n.expired = c->expired;
	n.interval = ktime_to_ns(c->tintv);
	n.expires = ktime_to_ns(hrtimer_get_expires(&c->t.tmr));
	n.armed = hrtimer_active(&c->t.tmr);
	base = c->t.tmr.base->clockid;
	spin_unlock_irq(&c->wqh.lock);
	if (canceled) {
		cpt_err(d->ctx, "a timerfd whose clock was set (a read returns ECANCELED) cannot be dumped yet");
		return -EOPNOTSUPP;
	}
	if (!cpt_frozen_clock(d->ctx, base, &n.base_now)) {
		cpt_err(d->ctx, "a timerfd is on an hrtimer base of clock %d", base);
		return -EOPNOTSUPP;
	}
	cpt_tfd_at_freeze(&n);
	r.ticks = n.ticks;
	r.interval_ns = n.interval;
	if (n.armed && (r.settime_flags & VZCPT_TFD_ABSTIME))
		r.value_ns = max_t(s64, 1, n.expires + cpt_ct_offset(d, base));
	else if (n.armed)
		r.value_ns = max_t(s64, 1, n.expires - n.base_now);
	f->pipe_id = cpt_obj_id(d, c, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	return cpt_write_rec(d, VZCPT_REC_TIMERFD, f->pipe_id, &r, sizeof(r), NULL, 0);
}
