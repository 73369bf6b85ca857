/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_TIMERFD_H
#define _VZ_TIMERFD_H

#include <linux/alarmtimer.h>
#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

/*
 * The kernel's struct timerfd_ctx (fs/timerfd.c of this 6.1 kernel), which
 * is private: timerfd_gettime() and the fdinfo give the time left from
 * the moment they are read (the dump's, not the freeze's), and neither
 * says whether the clock was set under a TFD_TIMER_CANCEL_ON_SET timer.
 * It is read under its wait queue's lock, which the timer's own callback
 * and read() take. The restore counts, under that lock, an expiration
 * that TFD_IOC_SET_TICKS overwrote (rst_timerfd.c).
 */
struct vz_timerfd_ctx {
	union {
		struct hrtimer tmr;
		struct alarm alarm;
	} t;
	ktime_t tintv;
	ktime_t moffs;
	wait_queue_head_t wqh;
	u64 ticks;
	int clockid;
	unsigned short expired;
	unsigned short settime_flags;
	struct rcu_head rcu;
	struct list_head clist;
	spinlock_t cancel_lock;		/* not taken by us */
	bool might_cancel;
};

#endif /* _VZ_TIMERFD_H */
