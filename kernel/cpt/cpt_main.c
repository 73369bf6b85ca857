// SPDX-License-Identifier: GPL-2.0
/*
 * vzcpt: the checkpoint side. Module init/exit, its kernel symbols and the
 * stages of /proc/cpt (common/vz_proc.c has the file and the ioctls all sides have).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>

#include "../common/vz_sysctl.h"
#include "../common/ksyms.h"
#include "../common/vz_fault.h"
#include "../common/vz_proc.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_freeze.h"
#include "cpt_ksyms.h"
#include "cpt_net.h"
#include "cpt_precopy.h"

typeof_member(struct restart_block, fn) ksym_hrtimer_nanosleep_restart;
typeof_member(struct restart_block, fn) ksym_do_restart_poll;
typeof_member(struct restart_block, fn) ksym_futex_wait_restart;
typeof_member(struct restart_block, fn) ksym_posix_cpu_nsleep_restart;
typeof(walk_page_range) *ksym_walk_page_range;
typeof(get_pipe_info) *ksym_get_pipe_info;
typeof(__d_path) *ksym_d_path_from;
typeof(put_files_struct) *ksym_put_files_struct;
sys_call_ptr_t ksym_sys_setns;
sys_call_ptr_t ksym_sys_semctl;
sys_call_ptr_t ksym_sys_msgctl;
sys_call_ptr_t ksym_sys_msgrcv;
sys_call_ptr_t ksym_sys_shmctl;
const struct file_operations *ksym_signalfd_fops;
const struct file_operations *ksym_timerfd_fops;
const struct file_operations *ksym_eventpoll_fops;
const struct file_operations *ksym_inotify_fops;
const struct file_operations *ksym_tty_fops;
const struct file_operations *ksym_ptmx_fops;
const struct file_operations *ksym_hung_up_tty_fops;
typeof(ip6_ra_chain) *ksym_ip6_ra_chain;
typeof(ip6_ra_lock) *ksym_ip6_ra_lock;
typeof(thread_group_cputime) *ksym_thread_group_cputime;

VZ_FAULT_PARAMS();

/*
 * Every kallsyms lookup of vzcpt, with why no exported interface does it.
 * VZ_KSYM_CALL: called through the pointer, so it must start with an ENDBR
 * under IBT; VZ_KSYM_DATA: only compared against.
 */
static const struct vz_ksym cpt_ksyms[] = {
	/* which sleep a frozen task is in: its restart_block's function, compared */
	VZ_KSYM(hrtimer_nanosleep_restart, VZ_KSYM_DATA),
	VZ_KSYM(do_restart_poll, VZ_KSYM_DATA),
	VZ_KSYM(futex_wait_restart, VZ_KSYM_DATA),
	VZ_KSYM(posix_cpu_nsleep_restart, VZ_KSYM_DATA),
	/* the present pages of another task's mm without faulting any in */
	VZ_KSYM(walk_page_range, VZ_KSYM_CALL),
	/* the pipe behind a dump fd, to hand it pages by reference */
	VZ_KSYM(get_pipe_info, VZ_KSYM_CALL),
	/* a path from the CT's root, or none when that root does not reach it */
	VZ_KSYM_AS(d_path_from, "__d_path", VZ_KSYM_CALL),
	/* the put of the task's fd table reference taken while its fds are read */
	VZ_KSYM(put_files_struct, VZ_KSYM_CALL),
	/*
	 * The CT's SysV objects as its ipcs(1) reads them, from inside its
	 * IPC namespace: their structures are private to ipc/, and only the
	 * system calls read them, in the caller's namespace
	 */
	VZ_KSYM_AS(sys_setns, "__x64_sys_setns", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_semctl, "__x64_sys_semctl", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_msgctl, "__x64_sys_msgctl", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_msgrcv, "__x64_sys_msgrcv", VZ_KSYM_CALL),
	/*
	 * SHM_STAT_ANY for the segments; their pages are read from the
	 * segment's file, ipc/shm.c's shmid_kernel.shm_file, the one field of
	 * a private structure vzcpt reads (cpt_ipc.c says why)
	 */
	VZ_KSYM_AS(sys_shmctl, "__x64_sys_shmctl", VZ_KSYM_CALL),
	/*
	 * which anonymous inode file a signalfd, timerfd, epoll or inotify
	 * is: their f_op, compared, as the kernel tells them (the inode's
	 * name is any module's to give)
	 */
	VZ_KSYM(signalfd_fops, VZ_KSYM_DATA),
	VZ_KSYM(timerfd_fops, VZ_KSYM_DATA),
	VZ_KSYM(eventpoll_fops, VZ_KSYM_DATA),
	VZ_KSYM(inotify_fops, VZ_KSYM_DATA),
	/*
	 * which file is a terminal's (its private_data a tty_file_private):
	 * the f_op of ttys, of ptmx opens and of hung-up ttys (cpt_tty.c)
	 */
	VZ_KSYM(tty_fops, VZ_KSYM_DATA),
	VZ_KSYM(ptmx_fops, VZ_KSYM_DATA),
	VZ_KSYM(hung_up_tty_fops, VZ_KSYM_DATA),
	/*
	 * the sysctls of the CT's network namespace: walking its own set
	 * (net->sysctls) takes fs/proc/proc_sysctl.c's static lock; no
	 * exported call lists a namespace's entries (vz_sysctl.c)
	 */
	VZ_KSYM(sysctl_lock, VZ_KSYM_DATA),
	/*
	 * IPv6's router alert chain and its lock: whether a raw socket is on
	 * it (cpt_raw.c), which no interface tells
	 */
	VZ_KSYM(ip6_ra_chain, VZ_KSYM_DATA),
	VZ_KSYM(ip6_ra_lock, VZ_KSYM_DATA),
	/*
	 * a process's CPU time summed over its threads, as the kernel takes
	 * it when it starts counting the process's CPU timers again: the
	 * clock of a fired CPU timer whose signal is queued (cpt_timers.c),
	 * of a sleep on the process's CPU clock (cpt_task.c)
	 */
	VZ_KSYM(thread_group_cputime, VZ_KSYM_CALL),
	/*
	 * Not here: nf_tables_net_id, the id of nf_tables' per-namespace data
	 * (the CT's nftables tables, which no call lists without loading
	 * nf_tables), looked up at each dump by cpt_nf.c, as nf_tables.ko
	 * may be loaded later or never
	 */
};

static int cpt_set_dumpfd(struct cpt_context *ctx, int fd)
{
	struct file *f = vz_dump_file(&ctx->vz, fd, true);

	if (IS_ERR(f))
		return PTR_ERR(f);
	if (ctx->dumpfile)
		fput(ctx->dumpfile);
	ctx->dumpfile = f;
	return 0;
}

static int cpt_stage_iter(struct cpt_context *ctx, struct vzcpt_iter_arg __user *uarg)
{
	struct vzcpt_iter_arg a;
	int err;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.flags || a.reserved) {
		cpt_err(ctx, "unknown pre-copy flags %#x", a.flags);
		return -EINVAL;
	}
	if (ctx->state != CPT_RUNNING || ctx->dumped || ctx->pc_failed) {
		cpt_err(ctx, "CT %u must be running, not dumped, for a pre-copy pass", ctx->ctid);
		return -EINVAL;
	}
	memset(&a, 0, sizeof(a));
	err = cpt_iter(ctx, &a);
	if (!err && copy_to_user(uarg, &a, sizeof(a)))
		err = -EFAULT;
	return err;
}

/* One stage on a context, under its lock. */
static int cpt_stage(struct vz_ctx *c, unsigned int cmd, unsigned long arg)
{
	struct cpt_context *ctx = cpt_ctx(c);
	s32 fd;
	int err;

	switch (cmd) {
	case CPT_SET_DUMPFD:
		if (get_user(fd, (s32 __user *)arg))
			return -EFAULT;
		return cpt_set_dumpfd(ctx, fd);
	case CPT_SUSPEND:
		if (ctx->state != CPT_RUNNING)
			break;
		return cpt_freeze(ctx);
	case CPT_ITER:
		return cpt_stage_iter(ctx, (struct vzcpt_iter_arg __user *)arg);
	case CPT_ADD_MOUNT:
		return cpt_add_mount(ctx, (const struct vzcpt_mount_arg __user *)arg);
	case CPT_DUMP:
		if (ctx->state != CPT_SUSPENDED) {
			cpt_err(ctx, "CT %u must be suspended before it is dumped", ctx->ctid);
			return -EINVAL;
		}
		if (ctx->pc_failed) {
			cpt_err(ctx, "a pre-copy pass of CT %u failed: its stream cannot be finished",
				ctx->ctid);
			return -EINVAL;
		}
		err = cpt_net_check(ctx);
		if (!err)
			err = cpt_dump(ctx);
		if (!err)
			ctx->dumped = true;
		/* Named for this dump alone: a later one is named afresh. */
		cpt_forget_mounts(ctx);
		/*
		 * A reader of a pipe sees the end of the image only once the
		 * last writer is gone; vzctl's own copy is closed by now.
		 */
		if (ctx->dumpfile) {
			fput(ctx->dumpfile);
			ctx->dumpfile = NULL;
		}
		return err;
	case CPT_RESUME:
		if (ctx->state == CPT_SUSPENDED)
			cpt_thaw(ctx);
		if (ctx->state != CPT_RUNNING)
			return -EIO;
		vz_ctx_finish(&ctx->vz);
		return 0;
	case CPT_KILL:
		if (ctx->state != CPT_SUSPENDED) {
			cpt_err(ctx, "CT %u must be suspended before it is killed", ctx->ctid);
			return -EINVAL;
		}
		if (cpt_kill(ctx))
			return -EIO;
		vz_ctx_finish(&ctx->vz);
		return 0;
	}
	cpt_err(ctx, "CT %u is not in a state for this stage", ctx->ctid);
	return -EINVAL;
}

static const unsigned int cpt_stages[] = {
	CPT_SET_DUMPFD, CPT_SUSPEND, CPT_DUMP, CPT_RESUME, CPT_KILL, CPT_ITER, CPT_ADD_MOUNT,
};

struct vz_ctx_kind cpt_kind = {
	.name = "cpt",
	.what = "checkpoint",
	.init_what = "a container",
	.stages = cpt_stages,
	.nr_stages = ARRAY_SIZE(cpt_stages),
	.alloc = cpt_ctx_alloc,
	.attach = cpt_ctx_attach,
	.stage = cpt_stage,
	.done = cpt_ctx_done,
	.abandon = cpt_ctx_abandon,
	.finish = cpt_ctx_finished,
	.free = cpt_ctx_free,
};

static int __init cpt_init(void)
{
	return vz_proc_init(&cpt_kind, cpt_ksyms, ARRAY_SIZE(cpt_ksyms));
}

static void __exit cpt_exit(void)
{
	vz_proc_exit(&cpt_kind);
}

module_init(cpt_init);
module_exit(cpt_exit);
MODULE_DESCRIPTION("vzcpt: container checkpoint");
MODULE_LICENSE("GPL");
