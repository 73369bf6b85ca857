// SPDX-License-Identifier: GPL-2.0
/*
 * Restore file locks with the kernel's own calls, in the task that restores
 * the fd table they were written with, once its fds are installed: a POSIX
 * lock as that task's (its fd table owns it, its tgid took it), an OFD or
 * flock() lock as its file's. A lock that conflicts with one already taken
 * (a hostile image, or a host process that took it meanwhile) fails the
 * restore with a message: nothing waits, nothing is half-restored.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/sched.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_locks.h"

static const char *rst_lock_kind(u32 kind)
{
	switch (kind) {
	case VZCPT_LOCK_POSIX:
		return "POSIX lock";
	case VZCPT_LOCK_OFD:
		return "OFD lock";
	default:
		return "flock() lock";
	}
}

static int rst_fd_of(const void *arg, struct file *file, unsigned int fd)
{
	return file == arg ? fd + 1 : 0;
}

/* Take @fl, of kind @kind, on @file, without waiting. */
static int rst_take(struct file *file, struct file_lock *fl, u32 kind)
{
	if (kind != VZCPT_LOCK_FLOCK)
		return vfs_lock_file(file, F_SETLK, fl, NULL);
	/* As flock(LOCK_NB) does: a file system may lock its own way. */
	if (file->f_op->flock)
		return file->f_op->flock(file, F_SETLK, fl);
	return locks_lock_file_wait(file, fl);
}

int rst_lock(struct rst_context *ctx)
{
	struct vzcpt_img_lock *l = ctx->rd.buf;
	struct file_lock *fl;
	struct file *file;
	int err;

	/* Checked (img_check.c): of this fd table, a known file, kind, type and range. */
	err = rst_payload(ctx, VZCPT_REC_LOCK, sizeof(*l));
	if (err)
		return err;
	file = xa_load(&ctx->files, l->file_id);
	if (!file) {
		rst_err(ctx, "a %s names file %llu, which was not restored",
			rst_lock_kind(l->kind), l->file_id);
		return -EINVAL;
	}
	/* A POSIX lock lives as long as its file is open in its table: one close drops it. */
	if (l->kind == VZCPT_LOCK_POSIX && !iterate_fd(current->files, 0, rst_fd_of, file)) {
		rst_err(ctx, "task %d (%s) holds a POSIX lock through file %llu, which it has no fd of",
			task_pid_vnr(current), current->comm, l->file_id);
		return -EINVAL;
	}
	/* As fcntl(F_SETLK) and flock() check: the open must allow the lock's type. */
	if (l->kind == VZCPT_LOCK_FLOCK ?
	    !(file->f_mode & (FMODE_READ | FMODE_WRITE)) :
	    !(file->f_mode & (l->type == VZCPT_LOCK_WRITE ? FMODE_WRITE : FMODE_READ))) {
		rst_err(ctx, "task %d (%s): file %llu is not open for the %s %s it holds",
			task_pid_vnr(current), current->comm, l->file_id,
			l->type == VZCPT_LOCK_WRITE ? "write" : "read", rst_lock_kind(l->kind));
		return -EBADF;
	}
	fl = locks_alloc_lock();
	if (!fl)
		return -ENOMEM;
	fl->fl_file = file;
	fl->fl_type = l->type == VZCPT_LOCK_WRITE ? F_WRLCK : F_RDLCK;
	fl->fl_start = l->start;
	fl->fl_end = l->end;
	fl->fl_pid = current->tgid;
	switch (l->kind) {
	case VZCPT_LOCK_POSIX:
		fl->fl_flags = FL_POSIX;
		fl->fl_owner = current->files;
		break;
	case VZCPT_LOCK_OFD:
		fl->fl_flags = FL_POSIX | FL_OFDLCK;
		fl->fl_owner = file;
		break;
	default:
		fl->fl_flags = FL_FLOCK;
		fl->fl_owner = file;
	}
	err = rst_take(file, fl, l->kind);
	locks_free_lock(fl);
	if (err)
		rst_err(ctx, "task %d (%s) cannot take its %s %s of bytes %lld-%lld of file %llu again (error %d%s)",
			task_pid_vnr(current), current->comm,
			l->type == VZCPT_LOCK_WRITE ? "write" : "read", rst_lock_kind(l->kind),
			l->start, l->end, l->file_id, err,
			err == -EAGAIN ? ": a conflicting lock is held" : "");
	return err;
}
