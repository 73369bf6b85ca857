// SPDX-License-Identifier: GPL-2.0
/*
 * Restore timerfds: made by timerfd_create() on the image's clock, armed by
 * timerfd_settime() to fire when it would have (the CT's clocks go on from
 * the instant it froze: rst_time.c), and its unread expirations put back by
 * TFD_IOC_SET_TICKS, all as calls of the restoring task itself.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/timerfd.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_ksyms.h"
#include "../common/vz_timerfd.h"

/*
 * A relative timer's time left at the freeze, less the time the CT's
 * clocks have run since the restore set them to the freeze's values:
 * a relative settime counts from now, the timer from that instant. A
 * relative CLOCK_REALTIME timer runs on the monotonic clock, as the
 * kernel's does. Expirations of a periodic timer that fell due while the
 * restore ran are added to @ticks, and it is armed at its old phase: the
 * kernel would count them from where we arm it, and lose them. One due
 * within a millisecond counts as already due, so that it seldom fires
 * between the settime and TFD_IOC_SET_TICKS, which overwrites the count
 * (rst_tfd_lost_fire() gives such a one back).
 */
static s64 rst_tfd_left(struct rst_context *ctx, const struct vzcpt_img_timerfd *t, u64 *ticks)
{
	s64 ran, left;

	if (t->clockid == CLOCK_BOOTTIME)
		ran = ktime_get_boottime_ns() - ctx->clock_boot_ns;
	else
		ran = ktime_get_ns() - ctx->clock_mono_ns;
	left = t->value_ns - ran;
	/* A period of centuries cannot fall due twice; the sum below cannot overflow. */
	if (!t->interval_ns || t->interval_ns > S64_MAX / 2)
		return max_t(s64, 1, left);
	if (left < NSEC_PER_MSEC) {
		u64 due = div64_u64(NSEC_PER_MSEC - left, t->interval_ns) + 1;

		*ticks += due;
		left += due * t->interval_ns;
	}
	return left;
}

/*
 * An expiration between the settime and TFD_IOC_SET_TICKS (the restoring
 * task preempted there, or its vCPU) was counted by the kernel, then
 * overwritten with @ticks. The settime cleared expired, and a timer fires
 * once until it is read: expired with the count we set means it fired
 * before the ioctl, and that expiration is given back; after it, the
 * count is ours plus one already.
 */
static void rst_tfd_lost_fire(struct file *file, u64 ticks)
{
	struct vz_timerfd_ctx *c = file->private_data;

	spin_lock_irq(&c->wqh.lock);
	if (c->expired && c->ticks == ticks)
		c->ticks++;
	spin_unlock_irq(&c->wqh.lock);
}

/* Arm the timer of @fd (@file) and give it its ticks, the arguments in user memory. */
static int rst_tfd_arm(struct rst_context *ctx, const void *rec, long fd, struct file *file)
{
	const struct vzcpt_img_timerfd *t = rec;
	struct itimerspec64 its = {};
	struct __kernel_itimerspec uits;
	struct pt_regs regs = {};
	u64 ticks = t->ticks;
	void __user *u;
	long err;

	if (t->value_ns)
		its.it_value = ns_to_timespec64(t->settime_flags & VZCPT_TFD_ABSTIME ?
						t->value_ns : rst_tfd_left(ctx, t, &ticks));
	its.it_interval = ns_to_timespec64(t->interval_ns);
	uits.it_value.tv_sec = its.it_value.tv_sec;
	uits.it_value.tv_nsec = its.it_value.tv_nsec;
	uits.it_interval.tv_sec = its.it_interval.tv_sec;
	uits.it_interval.tv_nsec = its.it_interval.tv_nsec;
	u = rst_ubuf(&uits, sizeof(uits));
	if (IS_ERR(u))
		return PTR_ERR(u);
	regs.di = fd;
	regs.si = (t->settime_flags & VZCPT_TFD_ABSTIME ? TFD_TIMER_ABSTIME : 0) |
		  (t->settime_flags & VZCPT_TFD_CANCEL_ON_SET ? TFD_TIMER_CANCEL_ON_SET : 0);
	regs.dx = (unsigned long)u;
	/* An absolute time is the CT's: the call maps it through our time namespace. */
	err = ksym_sys_timerfd_settime(&regs);
	if (err) {
		rst_err(ctx, "task %d (%s) cannot arm a timerfd (error %ld)",
			task_pid_vnr(current), current->comm, err);
	} else if (ticks) {
		err = copy_to_user(u, &ticks, sizeof(ticks)) ? -EFAULT : 0;
		/* TFD_IOC_SET_TICKS is there with CONFIG_CHECKPOINT_RESTORE (Debian has it). */
		if (!err && !file->f_op->unlocked_ioctl)
			err = -ENOTTY;
		if (!err)
			err = file->f_op->unlocked_ioctl(file, TFD_IOC_SET_TICKS, (unsigned long)u);
		if (!err)
			rst_tfd_lost_fire(file, ticks);
		if (err)
			rst_err(ctx, "task %d (%s) cannot give a timerfd its %llu ticks (error %ld)",
				task_pid_vnr(current), current->comm, ticks, err);
	}
	rst_ubuf_put(u);
	return err;
}

int rst_timerfd(struct rst_context *ctx)
{
	struct vzcpt_img_timerfd *t = ctx->rd.buf;
	struct pt_regs regs = {};
	int err;

	/* Checked (img_check.c): a new id, a known clock and flags, times not negative. */
	err = rst_payload(ctx, VZCPT_REC_TIMERFD, sizeof(*t));
	if (err)
		return err;
	regs.di = t->clockid;
	return rst_evfd_setup(ctx, ctx->rd.hdr.id, ksym_sys_timerfd_create(&regs), "a timerfd",
			      rst_tfd_arm, t);
}
