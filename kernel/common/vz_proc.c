// SPDX-License-Identifier: GPL-2.0
/*
 * /proc/cpt and /proc/rst: one open file per vzctl invocation, joined to a
 * context; the ioctls every side has, and the dispatch of its stages to the
 * side's context under the context's lock. Linked into both modules.
 */

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/proc_fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>

#include "ksyms.h"
#include "vz_access.h"
#include "vz_ctx.h"
#include "vz_proc.h"

#undef pr_fmt
#define pr_fmt(fmt) "%s: " fmt, THIS_MODULE->name

struct file *vz_dump_file(struct vz_ctx *c, int fd, bool write)
{
	const char *how = write ? "writing" : "reading";
	struct file *f = fget(fd);

	if (!f) {
		vz_err(c, "the dump fd %d is not open", fd);
		return ERR_PTR(-EBADF);
	}
	if (!(f->f_mode & (write ? FMODE_WRITE : FMODE_READ))) {
		vz_err(c, "the dump fd %d is not open for %s", fd, how);
		fput(f);
		return ERR_PTR(-EBADF);
	}
	/* Pages go as page vectors, which only ->write_iter and ->read_iter take. */
	if (!(write ? f->f_op->write_iter : f->f_op->read_iter)) {
		vz_err(c, "the dump fd %d takes no vectored %s: give a file, pipe or socket",
		       fd, write ? "writes" : "reads");
		fput(f);
		return ERR_PTR(-EINVAL);
	}
	return f;
}

static int vz_proc_open(struct inode *inode, struct file *file)
{
	struct vz_file *f = kzalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return -ENOMEM;
	file->private_data = f;
	return 0;
}

static int vz_proc_release(struct inode *inode, struct file *file)
{
	struct vz_file *f = file->private_data;

	vz_ctx_release(pde_data(inode), f);
	kfree(f);
	return 0;
}

static bool vz_is_stage(const struct vz_ctx_kind *kind, unsigned int cmd)
{
	unsigned int i;

	for (i = 0; i < kind->nr_stages; i++)
		if (kind->stages[i] == cmd)
			return true;
	return false;
}

/* One stage on the context @f joined, under the context's lock. */
static long vz_proc_stage(struct vz_ctx_kind *kind, struct vz_file *f, unsigned int cmd,
			  unsigned long arg)
{
	struct vz_ctx *c = vz_ctx_of(kind, f);
	long err;

	if (!c) {
		snprintf(f->errmsg, sizeof(f->errmsg), "no %s context was joined", kind->what);
		return -ENOENT;
	}
	mutex_lock(&c->lock);
	c->errmsg[0] = 0;
	if (kind->done(c)) {
		vz_err(c, "the %s of CT %u is already finished", kind->what, c->ctid);
		err = -EINVAL;
	} else {
		err = kind->stage(c, cmd, arg);
	}
	/*
	 * A stage is never restarted behind the caller's back (as a pipe's
	 * -ERESTARTSYS would be, after a SIGSTOP or an SA_RESTART handler):
	 * it has changed its context already, and runs once.
	 */
	if (err == -ERESTARTSYS || err == -ERESTARTNOINTR || err == -ERESTARTNOHAND)
		err = -EINTR;
	strscpy(f->errmsg, c->errmsg, sizeof(f->errmsg));
	mutex_unlock(&c->lock);
	vz_ctx_put(c);
	return err;
}

static long vz_proc_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct vz_ctx_kind *kind = pde_data(file_inode(file));
	struct vz_file *f = file->private_data;
	struct vzcpt_ctx_arg ca;
	u32 abi = VZCPT_ABI_VERSION, ctid;

	if (!vz_caller_allowed())
		return -EPERM;

	switch (cmd) {
	case CPT_GET_ABI:
		return put_user(abi, (u32 __user *)arg);
	case CPT_GET_ERROR:
		return copy_to_user((void __user *)arg, f->errmsg, sizeof(f->errmsg)) ?
		       -EFAULT : 0;
	case CPT_GET_CONTEXT:
		if (copy_from_user(&ca, (void __user *)arg, sizeof(ca)))
			return -EFAULT;
		f->errmsg[0] = 0;
		return vz_ctx_create(kind, f, &ca);
	case CPT_JOIN_CONTEXT:
	case CPT_SET_VEID:
		if (get_user(ctid, (u32 __user *)arg))
			return -EFAULT;
		return vz_ctx_join(kind, f, ctid);
	case CPT_PUT_CONTEXT:
		return vz_ctx_park(kind, f);
	}
	if (!vz_is_stage(kind, cmd))
		return -ENOTTY;
	return vz_proc_stage(kind, f, cmd, arg);
}

static const struct proc_ops vz_proc_ops = {
	.proc_open = vz_proc_open,
	.proc_release = vz_proc_release,
	.proc_ioctl = vz_proc_ioctl,
	.proc_compat_ioctl = vz_proc_ioctl,
	.proc_lseek = noop_llseek,
};

int vz_proc_init(struct vz_ctx_kind *kind, const struct vz_ksym *syms, unsigned int nr_syms)
{
	int err = vz_ksyms_resolve(syms, nr_syms);

	if (!err)
		err = vz_ctx_kind_init(kind);
	if (err)
		return err;
	if (!proc_create_data(kind->name, 0400, NULL, &vz_proc_ops, kind)) {
		pr_err("cannot create /proc/%s\n", kind->name);
		vz_ctx_kind_cleanup(kind);
		return -ENOMEM;
	}
	pr_debug("loaded\n");
	return 0;
}

void vz_proc_exit(struct vz_ctx_kind *kind)
{
	remove_proc_entry(kind->name, NULL);
	vz_ctx_kind_cleanup(kind);
	pr_debug("unloaded\n");
}
