// SPDX-License-Identifier: GPL-2.0
/*
 * Restore inotify instances: made by inotify_init1(), each watch added by
 * inotify_add_watch() as a call of the restoring task itself, looked up
 * from the CT's root and with the CT root's credentials, as its files are
 * opened (rst_open_ct()), so the call's own checks apply; each gets the wd
 * it had, and the next wd the kernel gives is the one it would have given.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/fsnotify_backend.h>
#include <linux/idr.h>
#include <linux/inotify.h>
#include <linux/ptrace.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_ksyms.h"

/*
 * inotify_add_watch() gives a new watch the first free wd from its idr's
 * cyclic cursor, idr_next, set here under the idr's lock (the one field of
 * the group written directly: no call chooses a wd). The instance is new
 * and its watches come in increasing order of wd, so the wd is free.
 */
static void rst_in_set_next(struct file *file, u32 next)
{
	struct fsnotify_group *group = file->private_data;

	spin_lock(&group->inotify_data.idr_lock);
	group->inotify_data.idr.idr_next = next;
	spin_unlock(&group->inotify_data.idr_lock);
}

/*
 * inotify_add_watch() looks its path up from the caller's root, which a
 * restored task may have chrooted from the CT's: for the call, the task
 * has an fs of its own whose root and cwd are the CT's root. It is put
 * back before the task runs anything else; anyone who looked at it held
 * its task's lock, as we do to put it back, and took references of its
 * own to the paths, which ctx->root holds meanwhile.
 */
static long rst_in_add(struct rst_context *ctx, long fd, const char __user *path, u32 mask)
{
	struct fs_struct *fs, *old_fs;
	const struct cred *old;
	struct pt_regs regs = {};
	long ret;

	fs = kzalloc(sizeof(*fs), GFP_KERNEL);
	if (!fs)
		return -ENOMEM;
	fs->users = 1;
	spin_lock_init(&fs->lock);
	seqcount_spinlock_init(&fs->seq, &fs->lock);
	fs->root = ctx->root;
	fs->pwd = ctx->root;
	task_lock(current);
	old_fs = current->fs;
	current->fs = fs;
	task_unlock(current);

	regs.di = fd;
	regs.si = (unsigned long)path;
	/* A watch of no events and no flags: the call wants a bit, and no watch keeps this one. */
	regs.dx = mask ?: IN_MASK_ADD;
	old = override_creds(current->real_cred);
	ret = ksym_sys_inotify_add_watch(&regs);
	revert_creds(old);

	task_lock(current);
	current->fs = old_fs;
	task_unlock(current);
	kfree(fs);
	return ret;
}

static int rst_in_watches(struct rst_context *ctx, const void *rec, long fd, struct file *file)
{
	const struct vzcpt_img_inotify *in = rec;
	const char *p = (const char *)(in + 1);
	const struct vzcpt_img_inotify_wd *w;
	char __user *u;
	char *path;
	long ret = 0;
	u32 i;

	path = kmalloc(VZCPT_PATH_MAX, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	u = rst_ubuf(NULL, 0);
	if (IS_ERR(u)) {
		kfree(path);
		return PTR_ERR(u);
	}
	/* Checked (img_check.c): wds increasing and > 0, known mask bits, paths of no NUL. */
	for (i = 0; i < in->nr; i++) {
		w = (const struct vzcpt_img_inotify_wd *)p;
		memcpy(path, w + 1, w->path_len);
		path[w->path_len] = 0;
		p += sizeof(*w) + ALIGN(w->path_len, 8);
		if (copy_to_user(u, path, w->path_len + 1)) {
			ret = -EFAULT;
			break;
		}
		rst_in_set_next(file, w->wd);
		ret = rst_in_add(ctx, fd, u, w->mask);
		if (ret == w->wd) {
			ret = 0;
			continue;
		}
		if (ret >= 0) {
			rst_err(ctx, "task %d (%s): the inotify watch of %s got wd %ld, not its %d (the path reaches a file watched already?)",
				task_pid_vnr(current), current->comm, path, ret, w->wd);
			ret = -EINVAL;
		} else {
			rst_err(ctx, "task %d (%s) cannot watch %s with inotify (mask %#x, error %ld)",
				task_pid_vnr(current), current->comm, path, w->mask, ret);
		}
		break;
	}
	if (!ret)
		rst_in_set_next(file, in->next_wd);
	rst_ubuf_put(u);
	kfree(path);
	return ret;
}

int rst_inotify(struct rst_context *ctx)
{
	struct vzcpt_img_inotify *in = ctx->rd.buf;
	struct pt_regs regs = {};
	int err;

	/* Checked (img_check.c): a new id, its watches in the record. */
	err = rst_payload(ctx, VZCPT_REC_INOTIFY, sizeof(*in));
	if (err)
		return err;
	if (!ctx->root.mnt)
		return -ENOENT;
	return rst_evfd_setup(ctx, ctx->rd.hdr.id, ksym_sys_inotify_init1(&regs),
			      "an inotify instance", rst_in_watches, in);
}
