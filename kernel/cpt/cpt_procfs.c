// SPDX-License-Identifier: GPL-2.0
/*
 * Open files of the CT's procfs (/proc/self/stat held by a daemon between
 * reads, /proc/self/mountinfo watched, /proc/sys files): carried as regular
 * files are, by their path from the CT's root and their position, and
 * reopened by the restore. What such a file shows is made afresh when it
 * is read, so the path is all there is to carry, if it still names the
 * same thing once the restore reopens it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/magic.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"

bool cpt_is_procfs(const struct file *file)
{
	return file_inode(file)->i_sb->s_magic == PROC_SUPER_MAGIC;
}

/* The pid a path component of procfs names (a /proc/PID directory), or 0. */
static pid_t cpt_procfs_pid(const char *name, size_t len)
{
	char num[12];
	int nr;

	if (!len || len >= sizeof(num) || name[0] < '1' || name[0] > '9')
		return 0;
	memcpy(num, name, len);
	num[len] = 0;
	return kstrtoint(num, 10, &nr) || nr <= 0 ? 0 : nr;
}

/*
 * Whether the task of the CT with pid @nr will exist when the restore opens
 * the file being dumped now: tasks are restored in the image's order, each
 * opening its files before it makes the tasks after it, so the task must be
 * one whose records precede this file's (d->cur is the task being dumped).
 */
static int cpt_procfs_task(struct cpt_dump *d, const char *path, pid_t nr)
{
	unsigned int i;

	for (i = 0; i < d->nr_tasks; i++)
		if (d->pids[i] == nr)
			break;
	if (i == d->nr_tasks) {
		cpt_err(d->ctx, "the file %s shows task %d, which is not the CT's or has exited: it cannot be opened again",
			path, nr);
		return -EOPNOTSUPP;
	}
	if (i > d->cur) {
		cpt_err(d->ctx, "the file %s shows task %d, which the restore makes after task %d, which holds it: cannot carry it yet",
			path, nr, d->pids[d->cur]);
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * Whether @dentry still shows what it did when opened, as a lookup would ask
 * it (lookup_fast()): a /proc/PID file whose task has exited says no, even
 * while no lookup has unhashed it yet and its pid may be another task's.
 */
static bool cpt_procfs_valid(struct dentry *dentry)
{
	if (d_unlinked(dentry))
		return false;
	if (!(dentry->d_flags & DCACHE_OP_REVALIDATE))
		return true;
	return dentry->d_op->d_revalidate(dentry, 0) > 0;
}

/*
 * A file of a procfs can be reopened by its path if that procfs is the CT's
 * pid namespace's (another's /proc/PID names other tasks: the host's, or a
 * nested namespace's), what it shows is still there, and every task its
 * path names (/proc/PID and /proc/PID/task/TID) is one the restore has made
 * by then. @buf (PATH_MAX bytes) is left holding nothing of use.
 */
int cpt_procfs_check(struct cpt_dump *d, struct file *file, char *buf)
{
	const char *path, *p, *slash;
	char *rel;
	int comp, err = 0;
	pid_t nr;

	if (!cpt_procfs_valid(file->f_path.dentry)) {
		cpt_err(d->ctx, "the file %pD4 of /proc shows a task that has exited: it cannot be opened again",
			file);
		return -EOPNOTSUPP;
	}
	path = cpt_path(d, &file->f_path, buf, "the file");
	if (IS_ERR(path))
		return PTR_ERR(path);
	if (proc_sb_info(file_inode(file)->i_sb)->pid_ns != d->ctx->pidns) {
		cpt_err(d->ctx, "the file %s is of a proc of another pid namespace than the CT's: cannot carry it",
			path);
		return -EOPNOTSUPP;
	}
	rel = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!rel)
		return -ENOMEM;
	/* Its path in the procfs, whatever it is mounted as: "/PID/task/TID/...". */
	p = dentry_path_raw(file->f_path.dentry, rel, PATH_MAX);
	if (IS_ERR(p)) {
		cpt_err(d->ctx, "the path of the file %s is too long", path);
		err = PTR_ERR(p);
	}
	for (comp = 0; !err && comp < 3 && *p == '/'; comp++) {
		p++;
		slash = strchrnul(p, '/');
		if (comp == 1 && (slash - p != 4 || memcmp(p, "task", 4)))
			break;
		if (comp != 1) {
			nr = cpt_procfs_pid(p, slash - p);
			if (!nr)
				break;
			err = cpt_procfs_task(d, path, nr);
		}
		p = slash;
	}
	kfree(rel);
	return err;
}
