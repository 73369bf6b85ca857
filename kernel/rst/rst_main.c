// SPDX-License-Identifier: GPL-2.0
/*
 * vzrst: the restore side. Module init/exit, /proc/rst and its ioctls.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>

#include "../common/ksyms.h"
#include "../common/vz_access.h"
#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_net.h"
#include "rst_undump.h"

pid_t (*ksym_kernel_clone)(struct kernel_clone_args *args);
int (*ksym_create_pipe_files)(struct file **res, int flags);
void (*ksym_set_fs_root)(struct fs_struct *fs, const struct path *path);
void (*ksym_set_fs_pwd)(struct fs_struct *fs, const struct path *path);
long (*ksym_ksys_setsid)(void);
long (*ksym_sys_setpgid)(const struct pt_regs *regs);
long (*ksym_sys_mprotect)(const struct pt_regs *regs);
int (*ksym_map_vdso_once)(const struct vdso_image *image, unsigned long addr);
const struct vdso_image *ksym_vdso_image_64;
int (*ksym_replace_mm_exe_file)(struct mm_struct *mm, struct file *file);
long (*ksym_hrtimer_nanosleep_restart)(struct restart_block *rb);
long (*ksym_do_restart_poll)(struct restart_block *rb);
struct rw_semaphore *ksym_uts_sem;
long (*ksym_sys_unshare)(const struct pt_regs *regs);
long (*ksym_sys_setns)(const struct pt_regs *regs);
long (*ksym_sched_setaffinity)(pid_t pid, const struct cpumask *in_mask);
int (*ksym_kill_pid_info)(int sig, struct kernel_siginfo *info, struct pid *pid);

static const struct vz_ksym rst_ksyms[] = {
	{ "kernel_clone", (void **)&ksym_kernel_clone },
	{ "create_pipe_files", (void **)&ksym_create_pipe_files },
	{ "set_fs_root", (void **)&ksym_set_fs_root },
	{ "set_fs_pwd", (void **)&ksym_set_fs_pwd },
	{ "ksys_setsid", (void **)&ksym_ksys_setsid },
	{ "__x64_sys_setpgid", (void **)&ksym_sys_setpgid },
	{ "__x64_sys_mprotect", (void **)&ksym_sys_mprotect },
	{ "map_vdso_once", (void **)&ksym_map_vdso_once },
	{ "vdso_image_64", (void **)&ksym_vdso_image_64 },
	{ "replace_mm_exe_file", (void **)&ksym_replace_mm_exe_file },
	{ "hrtimer_nanosleep_restart", (void **)&ksym_hrtimer_nanosleep_restart },
	{ "do_restart_poll", (void **)&ksym_do_restart_poll },
	{ "uts_sem", (void **)&ksym_uts_sem },
	{ "__x64_sys_unshare", (void **)&ksym_sys_unshare },
	{ "__x64_sys_setns", (void **)&ksym_sys_setns },
	{ "sched_setaffinity", (void **)&ksym_sched_setaffinity },
	{ "kill_pid_info", (void **)&ksym_kill_pid_info },
};

static int rst_open(struct inode *inode, struct file *file)
{
	struct rst_file *rf = kzalloc(sizeof(*rf), GFP_KERNEL);

	if (!rf)
		return -ENOMEM;
	file->private_data = rf;
	return 0;
}

static int rst_release(struct inode *inode, struct file *file)
{
	struct rst_file *rf = file->private_data;

	rst_ctx_release(rf);
	kfree(rf);
	return 0;
}

static int rst_set_dumpfd(struct rst_context *ctx, int fd)
{
	struct file *f;

	if (ctx->state != RST_NEW) {
		rst_err(ctx, "CT %u is already undumped", ctx->ctid);
		return -EINVAL;
	}
	f = fget(fd);
	if (!f) {
		rst_err(ctx, "the dump fd %d is not open", fd);
		return -EBADF;
	}
	if (!(f->f_mode & FMODE_READ)) {
		rst_err(ctx, "the dump fd %d is not open for reading", fd);
		fput(f);
		return -EBADF;
	}
	/* Pages are read straight into page vectors, which only ->read_iter takes. */
	if (!f->f_op->read_iter) {
		rst_err(ctx, "the dump fd %d takes no vectored reads: give a file, pipe or socket",
			fd);
		fput(f);
		return -EINVAL;
	}
	if (ctx->rd.file)
		fput(ctx->rd.file);
	ctx->rd.file = f;
	return 0;
}

static int rst_stage(struct rst_context *ctx, unsigned int cmd, unsigned long arg)
{
	s32 fd;
	int err;

	switch (cmd) {
	case CPT_SET_DUMPFD:
		if (get_user(fd, (s32 __user *)arg))
			return -EFAULT;
		return rst_set_dumpfd(ctx, fd);
	case CPT_UNDUMP:
		if (ctx->state != RST_NEW) {
			rst_err(ctx, "CT %u is already undumped", ctx->ctid);
			return -EINVAL;
		}
		err = rst_undump(ctx);
		if (err)
			rst_ctx_finish(ctx);
		return err;
	case CPT_RESUME:
	case CPT_KILL:
		if (ctx->state != RST_UNDUMPED) {
			rst_err(ctx, "CT %u is not undumped", ctx->ctid);
			return -EINVAL;
		}
		rst_net_up(ctx);	/* before the tasks run */
		rst_release_tasks(ctx, cmd == CPT_KILL);
		err = cmd == CPT_KILL ? rst_wait_seed_gone(ctx) : 0;
		rst_ctx_finish(ctx);
		return err;
	}
	return -ENOTTY;
}

static long rst_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct rst_file *rf = file->private_data;
	struct rst_context *ctx = rf->ctx;
	struct vzcpt_ctx_arg ca;
	u32 abi = VZCPT_ABI_VERSION, ctid;
	int err;

	if (!vz_caller_allowed())
		return -EPERM;

	switch (cmd) {
	case CPT_GET_ABI:
		return put_user(abi, (u32 __user *)arg);
	case CPT_GET_ERROR:
		return copy_to_user((void __user *)arg, rf->errmsg, sizeof(rf->errmsg)) ?
		       -EFAULT : 0;
	case CPT_GET_CONTEXT:
		if (copy_from_user(&ca, (void __user *)arg, sizeof(ca)))
			return -EFAULT;
		rf->errmsg[0] = 0;
		return rst_ctx_create(rf, &ca);
	case CPT_JOIN_CONTEXT:
	case CPT_SET_VEID:
		if (get_user(ctid, (u32 __user *)arg))
			return -EFAULT;
		err = rst_ctx_join(rf, ctid);
		if (err == -ENOENT)
			snprintf(rf->errmsg, sizeof(rf->errmsg),
				 "no restore of CT %u is in progress", ctid);
		return err;
	case CPT_PUT_CONTEXT:
		return rst_ctx_put(rf);
	case CPT_SET_DUMPFD:
	case CPT_UNDUMP:
	case CPT_RESUME:
	case CPT_KILL:
		break;
	default:
		return -ENOTTY;
	}
	if (!ctx) {
		snprintf(rf->errmsg, sizeof(rf->errmsg), "no restore context was joined");
		return -ENOENT;
	}
	mutex_lock(&ctx->lock);
	ctx->errmsg[0] = 0;
	if (ctx->state == RST_DONE) {
		rst_err(ctx, "the restore of CT %u is already finished", ctx->ctid);
		err = -EINVAL;
	} else {
		err = rst_stage(ctx, cmd, arg);
	}
	strscpy(rf->errmsg, ctx->errmsg, sizeof(rf->errmsg));
	mutex_unlock(&ctx->lock);
	return err;
}

static const struct proc_ops rst_proc_ops = {
	.proc_open = rst_open,
	.proc_release = rst_release,
	.proc_ioctl = rst_ioctl,
	.proc_compat_ioctl = rst_ioctl,
	.proc_lseek = noop_llseek,
};

static int __init rst_init(void)
{
	int err = vz_ksyms_resolve(rst_ksyms, ARRAY_SIZE(rst_ksyms));

	if (!err)
		err = rst_ctx_init();
	if (err)
		return err;
	if (!proc_create("rst", 0400, NULL, &rst_proc_ops)) {
		pr_err("cannot create /proc/rst\n");
		rst_ctx_cleanup();
		return -ENOMEM;
	}
	pr_debug("loaded\n");
	return 0;
}

static void __exit rst_exit(void)
{
	remove_proc_entry("rst", NULL);
	rst_ctx_cleanup();
	pr_debug("unloaded\n");
}

module_init(rst_init);
module_exit(rst_exit);
MODULE_DESCRIPTION("vzrst: container restore");
MODULE_LICENSE("GPL");
