// SPDX-License-Identifier: GPL-2.0
/*
 * Restore inotify instances: made by inotify_init1(), each watch added by
 * inotify_add_watch() as a call of the restoring task itself, looked up
 * from the CT's root and with the CT root's credentials, as its files are
 * opened (rst_open_ct()), so the call's own checks apply; each gets the wd
 * it had, and the next wd the kernel gives is the one it would have given;
 * then the events queued at the dump are queued again, in their order.
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
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_inotify.h"
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

/*
 * Queue @e again as inotify's handler does (inotify_handle_inode_event()),
 * charged to the instance's memory cgroup, but through
 * fsnotify_insert_event() without its merging: the queue is made as it
 * was, event for event. The overflow event is the instance's own.
 */
static int rst_in_event(struct rst_context *ctx, struct fsnotify_group *group,
			const struct vzcpt_img_inotify_ev *r, u32 nr)
{
	struct vz_inotify_event *e;
	struct mem_cgroup *old;
	int ret;

	if (r->mask == VZCPT_IN_Q_OVERFLOW) {
		ksym_fsnotify_insert_event(group, group->overflow_event, NULL, NULL);
		return 0;
	}
	old = set_active_memcg(group->memcg);
	e = kmalloc(sizeof(*e) + r->name_len + 1, GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL);
	set_active_memcg(old);
	if (!e)
		return -ENOMEM;
	fsnotify_init_event(&e->fse);
	e->mask = r->mask;
	e->wd = r->wd;
	e->sync_cookie = r->cookie;
	e->name_len = r->name_len;
	memcpy(e->name, r + 1, r->name_len);
	e->name[r->name_len] = 0;
	ret = ksym_fsnotify_insert_event(group, &e->fse, NULL, NULL);
	if (!ret)
		return 0;
	kfree(e);
	rst_err(ctx, "task %d (%s): an inotify instance had %u events queued, more than fs.inotify.max_queued_events (%u) lets it queue here",
		task_pid_vnr(current), current->comm, nr, group->max_events);
	return -ENOSPC;
}

/* Checked (img_check.c): known mask bits, wds > 0, names of no NUL or '/', the overflow last. */
static int rst_in_events(struct rst_context *ctx, const char *p, u32 nr, struct file *file)
{
	const struct vzcpt_img_inotify_ev *r;
	u32 i;
	int err;

	for (i = 0; i < nr; i++) {
		r = (const struct vzcpt_img_inotify_ev *)p;
		p += sizeof(*r) + ALIGN(r->name_len, 8);
		err = rst_in_event(ctx, file->private_data, r, nr);
		if (err)
			return err;
	}
	return 0;
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
	if (!ret) {
		rst_in_set_next(file, in->next_wd);
		ret = rst_in_events(ctx, p, in->nr_events, file);
	}
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
