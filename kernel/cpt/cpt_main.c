// SPDX-License-Identifier: GPL-2.0
/*
 * vzcpt: the checkpoint side. Module init/exit, /proc/cpt and its ioctls.
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
#include "../common/vz_fault.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_freeze.h"
#include "cpt_ksyms.h"
#include "cpt_net.h"

typeof_member(struct restart_block, fn) ksym_hrtimer_nanosleep_restart;
typeof_member(struct restart_block, fn) ksym_do_restart_poll;
typeof(walk_page_range) *ksym_walk_page_range;
typeof(get_pipe_info) *ksym_get_pipe_info;
typeof(__d_path) *ksym_d_path_from;
typeof(put_files_struct) *ksym_put_files_struct;

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
	/* the present pages of another task's mm without faulting any in */
	VZ_KSYM(walk_page_range, VZ_KSYM_CALL),
	/* the pipe behind a dump fd, to hand it pages by reference */
	VZ_KSYM(get_pipe_info, VZ_KSYM_CALL),
	/* a path from the CT's root, or none when that root does not reach it */
	VZ_KSYM_AS(d_path_from, "__d_path", VZ_KSYM_CALL),
	/* the put of the task's fd table reference taken while its fds are read */
	VZ_KSYM(put_files_struct, VZ_KSYM_CALL),
};

static int cpt_open(struct inode *inode, struct file *file)
{
	struct cpt_file *cf = kzalloc(sizeof(*cf), GFP_KERNEL);

	if (!cf)
		return -ENOMEM;
	file->private_data = cf;
	return 0;
}

static int cpt_release(struct inode *inode, struct file *file)
{
	struct cpt_file *cf = file->private_data;

	cpt_ctx_release(cf);
	kfree(cf);
	return 0;
}

static int cpt_set_dumpfd(struct cpt_context *ctx, int fd)
{
	struct file *f = fget(fd);

	if (!f) {
		cpt_err(ctx, "the dump fd %d is not open", fd);
		return -EBADF;
	}
	if (!(f->f_mode & FMODE_WRITE)) {
		cpt_err(ctx, "the dump fd %d is not open for writing", fd);
		fput(f);
		return -EBADF;
	}
	/* Pages go out as page vectors, which only ->write_iter takes. */
	if (!f->f_op->write_iter) {
		cpt_err(ctx, "the dump fd %d takes no vectored writes: give a file, pipe or socket",
			fd);
		fput(f);
		return -EINVAL;
	}
	if (ctx->dumpfile)
		fput(ctx->dumpfile);
	ctx->dumpfile = f;
	return 0;
}

/* One stage on a context, under its lock. */
static int cpt_stage(struct cpt_context *ctx, unsigned int cmd, unsigned long arg)
{
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
	case CPT_DUMP:
		if (ctx->state != CPT_SUSPENDED) {
			cpt_err(ctx, "CT %u must be suspended before it is dumped", ctx->ctid);
			return -EINVAL;
		}
		err = cpt_net_check(ctx);
		if (!err)
			err = cpt_dump(ctx);
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
		cpt_ctx_finish(ctx);
		return 0;
	case CPT_KILL:
		if (ctx->state != CPT_SUSPENDED) {
			cpt_err(ctx, "CT %u must be suspended before it is killed", ctx->ctid);
			return -EINVAL;
		}
		if (cpt_kill(ctx))
			return -EIO;
		cpt_ctx_finish(ctx);
		return 0;
	}
	cpt_err(ctx, "CT %u is not in a state for this stage", ctx->ctid);
	return -EINVAL;
}

static long cpt_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct cpt_file *cf = file->private_data;
	struct cpt_context *ctx;
	struct vzcpt_ctx_arg ca;
	u32 abi = VZCPT_ABI_VERSION, ctid;
	int err;

	if (!vz_caller_allowed())
		return -EPERM;

	switch (cmd) {
	case CPT_GET_ABI:
		return put_user(abi, (u32 __user *)arg);
	case CPT_GET_ERROR:
		return copy_to_user((void __user *)arg, cf->errmsg, sizeof(cf->errmsg)) ?
		       -EFAULT : 0;
	case CPT_GET_CONTEXT:
		if (copy_from_user(&ca, (void __user *)arg, sizeof(ca)))
			return -EFAULT;
		cf->errmsg[0] = 0;
		return cpt_ctx_create(cf, &ca);
	case CPT_JOIN_CONTEXT:
	case CPT_SET_VEID:
		if (get_user(ctid, (u32 __user *)arg))
			return -EFAULT;
		err = cpt_ctx_join(cf, ctid);
		if (err == -ENOENT)
			snprintf(cf->errmsg, sizeof(cf->errmsg),
				 "no checkpoint of CT %u is in progress", ctid);
		return err;
	case CPT_PUT_CONTEXT:
		return cpt_ctx_put(cf);
	case CPT_SET_DUMPFD:
	case CPT_SUSPEND:
	case CPT_DUMP:
	case CPT_RESUME:
	case CPT_KILL:
		break;
	default:
		return -ENOTTY;
	}
	ctx = cpt_ctx_of(cf);
	if (!ctx) {
		snprintf(cf->errmsg, sizeof(cf->errmsg), "no checkpoint context was joined");
		return -ENOENT;
	}
	mutex_lock(&ctx->lock);
	ctx->errmsg[0] = 0;
	if (ctx->state == CPT_DONE) {
		cpt_err(ctx, "the checkpoint of CT %u is already finished", ctx->ctid);
		err = -EINVAL;
	} else {
		err = cpt_stage(ctx, cmd, arg);
	}
	/*
	 * A stage is never restarted behind the caller's back (as a pipe's
	 * -ERESTARTSYS would be, after a SIGSTOP or an SA_RESTART handler):
	 * it has changed its context already, and runs once.
	 */
	if (err == -ERESTARTSYS || err == -ERESTARTNOINTR || err == -ERESTARTNOHAND)
		err = -EINTR;
	strscpy(cf->errmsg, ctx->errmsg, sizeof(cf->errmsg));
	mutex_unlock(&ctx->lock);
	cpt_ctx_put_ref(ctx);
	return err;
}

static const struct proc_ops cpt_proc_ops = {
	.proc_open = cpt_open,
	.proc_release = cpt_release,
	.proc_ioctl = cpt_ioctl,
	.proc_compat_ioctl = cpt_ioctl,
	.proc_lseek = noop_llseek,
};

static int __init cpt_init(void)
{
	int err = vz_ksyms_resolve(cpt_ksyms, ARRAY_SIZE(cpt_ksyms));

	if (!err)
		err = cpt_ctx_init();
	if (err)
		return err;
	if (!proc_create("cpt", 0400, NULL, &cpt_proc_ops)) {
		pr_err("cannot create /proc/cpt\n");
		cpt_ctx_cleanup();
		return -ENOMEM;
	}
	pr_debug("loaded\n");
	return 0;
}

static void __exit cpt_exit(void)
{
	remove_proc_entry("cpt", NULL);
	cpt_ctx_cleanup();
	pr_debug("unloaded\n");
}

module_init(cpt_init);
module_exit(cpt_exit);
MODULE_DESCRIPTION("vzcpt: container checkpoint");
MODULE_LICENSE("GPL");
