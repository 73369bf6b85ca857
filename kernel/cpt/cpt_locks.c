// SPDX-License-Identifier: GPL-2.0
/*
 * Dump file locks: the POSIX record locks an fd table owns, and the OFD and
 * flock() locks an open file owns, read from the lists of each file's inode
 * (i_flctx) under their lock. A POSIX lock goes with the fd table that owns
 * it; a file's own locks go with the first fd table that holds the file.
 * Leases are refused.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_image.h"
#include "cpt_ksyms.h"
#include "cpt_locks.h"

/* The lock context of @file's inode, or NULL: installed once, never freed while it is open. */
static struct file_lock_context *cpt_flctx(struct file *file)
{
	/* Pairs with the cmpxchg that installs it (locks_get_lock_context()). */
	return smp_load_acquire(&file_inode(file)->i_flctx);
}

/* Is @fl a lock of @file itself (OFD or flock()) rather than of an fd table? */
static bool cpt_file_owned(const struct file_lock *fl, const struct file *file)
{
	return fl->fl_file == file && (fl->fl_flags & (FL_OFDLCK | FL_FLOCK));
}

static int cpt_lease_held(const void *arg, struct file *file, unsigned int fd)
{
	struct file_lock_context *flc = cpt_flctx(file);
	struct file_lock *fl;
	bool held = false;

	if (!flc)
		return 0;
	spin_lock(&flc->flc_lock);
	list_for_each_entry(fl, &flc->flc_lease, fl_list)
		if (fl->fl_file == file) {
			held = true;
			break;
		}
	spin_unlock(&flc->flc_lock);
	return held ? fd + 1 : 0;
}

int cpt_refuse_locks(struct cpt_dump *d, struct task_struct *task)
{
	struct files_struct *files;
	int fd = 0;

	task_lock(task);
	files = task->files;
	if (files)
		fd = iterate_fd(files, 0, cpt_lease_held, NULL);
	task_unlock(task);
	if (!fd)
		return 0;
	cpt_err(d->ctx, "task %d (%s) holds a lease (F_SETLEASE) on fd %d: leases cannot be carried yet",
		task_pid_nr_ns(task, d->ctx->pidns), task->comm, fd - 1);
	return -EOPNOTSUPP;
}

/* The pid that took @fl, as the CT sees it (0 for none there): for messages. */
static pid_t cpt_lock_pid(struct cpt_dump *d, const struct file_lock *fl)
{
	pid_t nr;

	if (fl->fl_flags & FL_OFDLCK)
		return 0;
	rcu_read_lock();
	nr = pid_nr_ns(find_pid_ns(fl->fl_pid, &init_pid_ns), d->ctx->pidns);
	rcu_read_unlock();
	return nr;
}

/*
 * Copy into @out (room for @max) the locks of @file that go with table
 * @files: those the table owns, and the file's own when @own. Returns how
 * many there are, which may exceed @max, or -EOPNOTSUPP for a lock of a
 * type a dump does not know.
 */
static int cpt_collect(struct cpt_dump *d, struct files_struct *files, struct file *file,
		       bool own, struct vzcpt_img_lock *out, int max)
{
	struct file_lock_context *flc = cpt_flctx(file);
	struct list_head *lists[2];
	struct vzcpt_img_lock *l;
	struct file_lock *fl;
	int i, n = 0;

	if (!flc)
		return 0;
	lists[0] = &flc->flc_posix;
	lists[1] = &flc->flc_flock;
	spin_lock(&flc->flc_lock);
	for (i = 0; i < 2; i++) {
		list_for_each_entry(fl, lists[i], fl_list) {
			if (cpt_file_owned(fl, file) ? !own :
			    fl->fl_owner != files || fl->fl_file != file)
				continue;
			if (fl->fl_type != F_RDLCK && fl->fl_type != F_WRLCK) {
				n = -EOPNOTSUPP;
				goto out;
			}
			if (n < max) {
				l = &out[n];
				memset(l, 0, sizeof(*l));
				l->kind = fl->fl_flags & FL_FLOCK ? VZCPT_LOCK_FLOCK :
					  fl->fl_flags & FL_OFDLCK ? VZCPT_LOCK_OFD :
					  VZCPT_LOCK_POSIX;
				l->type = fl->fl_type == F_WRLCK ? VZCPT_LOCK_WRITE :
					  VZCPT_LOCK_READ;
				l->start = fl->fl_start;
				l->end = fl->fl_end;
				l->pid = cpt_lock_pid(d, fl);
			}
			n++;
		}
	}
out:
	spin_unlock(&flc->flc_lock);
	return n;
}

/* Does @file have locks of its own (OFD, flock())? */
static bool cpt_has_own(struct file *file)
{
	struct file_lock_context *flc = cpt_flctx(file);
	struct list_head *lists[2];
	struct file_lock *fl;
	bool any = false;
	int i;

	if (!flc)
		return false;
	lists[0] = &flc->flc_posix;
	lists[1] = &flc->flc_flock;
	spin_lock(&flc->flc_lock);
	for (i = 0; i < 2 && !any; i++)
		list_for_each_entry(fl, lists[i], fl_list)
			if (cpt_file_owned(fl, file)) {
				any = true;
				break;
			}
	spin_unlock(&flc->flc_lock);
	return any;
}

/* The LOCK records of @file (image id @file_id) that go with table @files (@id). */
static int cpt_file_locks(struct cpt_dump *d, struct files_struct *files, u64 id,
			  struct file *file, u64 file_id)
{
	struct vzcpt_img_lock *l = NULL;
	bool own = false;
	int n, max = 0, i, err = 0;

	/*
	 * The file's own locks, once in the image: its address, one byte in,
	 * is a key no object has (they are all aligned).
	 */
	if (cpt_has_own(file) && !cpt_obj_id(d, (const char *)file + 1, &own))
		return -ENOMEM;
	for (;;) {
		n = cpt_collect(d, files, file, own, l, max);
		if (n <= max)
			break;
		/* Tasks of the CT are frozen; only a host process can add locks meanwhile. */
		kfree(l);
		max = n + 4;
		l = kmalloc_array(max, sizeof(*l), GFP_KERNEL);
		if (!l)
			return -ENOMEM;
	}
	if (n < 0) {
		cpt_err(d->ctx, "a lock of an unknown type is held on it");
		err = n;
	}
	for (i = 0; i < n && !err; i++) {
		l[i].file_id = file_id;
		err = cpt_write_rec(d, VZCPT_REC_LOCK, id, &l[i], sizeof(l[i]), NULL, 0);
	}
	kfree(l);
	return err;
}

int cpt_dump_locks(struct cpt_dump *d, struct task_struct *task, struct files_struct *files,
		   u64 id)
{
	struct xarray seen;	/* files already walked: a file may sit at several fds */
	unsigned int nr = 0;
	struct file *file;
	char what[32];
	bool cloexec, first;
	u64 file_id;
	int err = 0;

	xa_init(&seen);
	for (;; nr++) {
		file = cpt_next_fd(files, &nr, &cloexec);
		if (!file)
			break;
		if (!cpt_flctx(file) || xa_load(&seen, (unsigned long)file)) {
			fput(file);
			continue;
		}
		err = xa_err(xa_store(&seen, (unsigned long)file, xa_mk_value(1), GFP_KERNEL));
		/* Written with the FD records just before: its id is known. */
		if (!err) {
			file_id = cpt_obj_id(d, file, &first);
			err = file_id && !first ? 0 : -EINVAL;
		}
		if (!err)
			err = cpt_file_locks(d, files, id, file, file_id);
		fput(file);
		if (err) {
			snprintf(what, sizeof(what), "the locks of fd %u", nr);
			cpt_err_task(d, task, what);
			break;
		}
	}
	xa_destroy(&seen);
	return err;
}
