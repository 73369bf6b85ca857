// SPDX-License-Identifier: GPL-2.0
/*
 * The container's clocks: its init moves into a new time namespace whose
 * offsets make CLOCK_MONOTONIC and CLOCK_BOOTTIME go on from the values
 * they had when it was frozen, whatever this boot's uptime is. Every task
 * created after it inherits the namespace.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/ptrace.h>
#include <linux/sched.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

/*
 * A large CT's undump takes seconds after its clocks start again; the tests
 * make a small one as slow, so that whatever the restore counts from its
 * start (timers' time left, their overruns, sleeps) is checked with time gone.
 */
static unsigned int undump_delay_ms;
module_param(undump_delay_ms, uint, 0644);
MODULE_PARM_DESC(undump_delay_ms,
		 "test only: the undump waits this long once the CT's clocks go on");

int rst_timens(struct rst_context *ctx)
{
	struct pt_regs regs = { .di = CLONE_NEWTIME };
	struct time_namespace *ns;
	struct file *f;
	long err;
	int fd;

	err = ksym_sys_unshare(&regs);
	if (err) {
		rst_err(ctx, "cannot make a time namespace for CT %u (error %ld)", ctx->ctid, err);
		return err;
	}
	ns = current->nsproxy->time_ns_for_children;
	if (ns->frozen_offsets) {
		rst_err(ctx, "the new time namespace of CT %u is already in use", ctx->ctid);
		return -EBUSY;
	}
	/* Nobody is in it yet: its offsets can still be set, and are frozen when we enter. */
	ctx->clock_mono_ns = ktime_get_ns();
	ctx->clock_boot_ns = ktime_get_boottime_ns();
	ctx->clock_real_ns = ktime_get_real_ns();
	ns->offsets.monotonic = ns_to_timespec64(ctx->img.mono_ns - ctx->clock_mono_ns);
	ns->offsets.boottime = ns_to_timespec64(ctx->img.boot_ns - ctx->clock_boot_ns);

	f = filp_open("/proc/self/ns/time_for_children", O_RDONLY, 0);
	if (IS_ERR(f)) {
		rst_err(ctx, "cannot open the time namespace of CT %u: is /proc mounted in it?",
			ctx->ctid);
		return PTR_ERR(f);
	}
	fd = get_unused_fd_flags(O_CLOEXEC);
	if (fd < 0) {
		fput(f);
		return fd;
	}
	fd_install(fd, f);
	regs.di = fd;
	regs.si = CLONE_NEWTIME;
	err = ksym_sys_setns(&regs);
	close_fd(fd);
	if (err) {
		rst_err(ctx, "cannot enter the time namespace of CT %u (error %ld)",
			ctx->ctid, err);
		return err;
	}
	if (undump_delay_ms)
		msleep_interruptible(min(undump_delay_ms, 10000U));
	return 0;
}
