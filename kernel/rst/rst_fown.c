// SPDX-License-Identifier: GPL-2.0
/*
 * Where a file's signals go: F_SETOWN's task or process group, F_SETSIG's
 * signal and O_ASYNC. An owner may be a task restored after the file's (a
 * later child, a process group not made yet): all are set once every task
 * exists, before any returns to user space (rst_undump()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/rcupdate.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_files.h"

struct rst_fown {
	s32 pid;
	u32 type;
	u32 uid;
	u32 euid;
	u32 signum;
	bool async;
	int fd;			/* the first fd it is installed at; -1 before */
};

int rst_fown_note(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id)
{
	struct rst_fown *fo;
	int err;

	if (!f->owner_pid && !f->signum && f->owner_type == VZCPT_OWNER_TID &&
	    !(f->flags & FASYNC))
		return 0;
	fo = kzalloc(sizeof(*fo), GFP_KERNEL);
	if (!fo)
		return -ENOMEM;
	fo->pid = f->owner_pid;
	fo->type = f->owner_type;
	fo->uid = f->owner_uid;
	fo->euid = f->owner_euid;
	fo->signum = f->signum;
	fo->async = f->flags & FASYNC;
	fo->fd = -1;
	err = xa_err(xa_store(&ctx->fown, id, fo, GFP_KERNEL));
	if (err)
		kfree(fo);
	return err;
}

/*
 * fasync_helper() keeps the fd that O_ASYNC was set through, as the si_fd of
 * the signals an F_SETSIG brings: the restore gives the first fd the file
 * is installed at, which is that one unless the file has several.
 */
void rst_fown_fd(struct rst_context *ctx, u64 id, unsigned int fd)
{
	struct rst_fown *fo = xa_load(&ctx->fown, id);

	if (fo && fo->fd < 0)
		fo->fd = fd;
}

void rst_fown_drop(struct rst_context *ctx)
{
	struct rst_fown *fo;
	unsigned long id;

	xa_for_each(&ctx->fown, id, fo)
		kfree(fo);
	xa_destroy(&ctx->fown);
}

/*
 * O_ASYNC as fcntl(F_SETFL) sets it: the file's ->fasync() joins its fasync
 * list and sets FASYNC; a file with no such list only keeps the flag, as an
 * open(O_ASYNC) left it. Before the owner: a tty's ->fasync() makes the
 * caller the owner of a file that has none, and the owner set next is
 * forced.
 */
static int rst_fown_async(struct rst_context *ctx, u64 id, struct file *file,
			  const struct rst_fown *fo)
{
	int err;

	if (fo->fd < 0) {
		rst_err(ctx, "file %llu has O_ASYNC but is in no fd table", id);
		return -EINVAL;
	}
	if (file->f_op->fasync) {
		err = file->f_op->fasync(fo->fd, file, 1);
		if (err < 0) {
			rst_err(ctx, "cannot set O_ASYNC on fd %d, file %llu (error %d)",
				fo->fd, id, err);
			return err;
		}
	}
	spin_lock(&file->f_lock);
	file->f_flags |= FASYNC;
	spin_unlock(&file->f_lock);
	return 0;
}

static int rst_fown_one(struct rst_context *ctx, u64 id, const struct rst_fown *fo)
{
	static const enum pid_type types[] = {
		[VZCPT_OWNER_TID] = PIDTYPE_PID,
		[VZCPT_OWNER_PID] = PIDTYPE_TGID,
		[VZCPT_OWNER_PGRP] = PIDTYPE_PGID,
	};
	struct user_namespace *uns = ctx->pidns->user_ns;
	struct file *file = xa_load(&ctx->files, id);
	kuid_t uid = make_kuid(uns, fo->uid), euid = make_kuid(uns, fo->euid);
	struct pid *pid = NULL;
	enum pid_type type;
	int err;

	/* Checked (img_check.c): a known type, a pid in range, a valid signal. */
	if (!file || fo->type >= ARRAY_SIZE(types) || !valid_signal(fo->signum)) {
		rst_err(ctx, "the image is corrupt: file %llu has a bad owner", id);
		return -EINVAL;
	}
	type = types[fo->type];
	/* Strictly the image's ids, as make_kuid() maps them into the CT's namespace. */
	if (fo->pid && (!uid_valid(uid) || !uid_valid(euid))) {
		rst_err(ctx, "the owner of file %llu was set by a user that CT %u's user namespace does not map",
			id, ctx->ctid);
		return -EPERM;
	}
	if (fo->async) {
		err = rst_fown_async(ctx, id, file, fo);
		if (err)
			return err;
	}
	/* As f_setown_ex(): the pid must have the task or group now (as send_sigio() finds it). */
	rcu_read_lock();
	if (fo->pid) {
		pid = find_pid_ns(fo->pid, ctx->pidns);
		if (!pid_task(pid, type == PIDTYPE_PGID ? PIDTYPE_PGID : PIDTYPE_PID)) {
			rcu_read_unlock();
			rst_err(ctx, "file %llu sends its signals to %s %d, which the restore did not make",
				id, type == PIDTYPE_PGID ? "process group" : "task", fo->pid);
			return -ESRCH;
		}
	}
	__f_setown(file, pid, type, 1);
	rcu_read_unlock();
	/*
	 * __f_setown() took the ids of the restorer (vzctl): the image's are
	 * the ones sigio_perm() must judge by, as the task that set them.
	 */
	write_lock_irq(&file->f_owner.lock);
	if (pid) {
		file->f_owner.uid = uid;
		file->f_owner.euid = euid;
	}
	file->f_owner.signum = fo->signum;
	write_unlock_irq(&file->f_owner.lock);
	return 0;
}

int rst_fown_late(struct rst_context *ctx)
{
	struct rst_fown *fo;
	unsigned long id;
	int err;

	xa_for_each(&ctx->fown, id, fo) {
		err = rst_fown_one(ctx, id, fo);
		if (err)
			return err;
	}
	return 0;
}
