// SPDX-License-Identifier: GPL-2.0
/*
 * Dump open files: the fd table, each open file (regular files and
 * directories by path and position, character devices, pipes through
 * cpt_pipe.c, sockets through cpt_sock.c), and the cwd, root and umask.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cgroup.h>
#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/sched/task.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_evfd.h"
#include "cpt_files.h"
#include "cpt_inet.h"
#include "cpt_ksyms.h"
#include "cpt_locks.h"
#include "cpt_sock.h"
#include "cpt_tty.h"

void cpt_err_task(struct cpt_dump *d, struct task_struct *task, const char *what)
{
	struct cpt_context *ctx = d->ctx;
	char *msg = kstrdup(ctx->errmsg, GFP_KERNEL);

	if (!msg)
		return;
	cpt_err(ctx, "task %d (%s), %s: %s", cpt_task_nr(d, task), task->comm,
		what, msg[0] ? msg : "cannot dump it");
	kfree(msg);
}

/* What an internal mount's file is, by the name the kernel gave it. */
static const char *cpt_internal_kind(const struct dentry *dentry)
{
	const char *name = dentry->d_name.name;

	if (!strncmp(name, "memfd:", 6))
		return "a memfd";
	if (!strncmp(name, "SYSV", 4))
		return "SysV shared memory";
	if (!strcmp(name, "dev/zero"))
		return "shared anonymous memory";
	return "a file of an internal mount";
}

/*
 * The one place that decides whether a file can be carried by its path: a
 * restore reopens every file and mapping by the path it had from the CT's
 * root (its init's root at the dump), so a file that no such path reaches
 * is refused here, while the CT still runs: a memfd, shared anonymous or
 * SysV memory (files of the kernel's internal mounts), a deleted file, a
 * file on a detached mount or outside the CT's root. __d_path says which
 * paths the root reaches; d_path() would give a path from whatever root
 * the file's own mount tree has, and "(deleted)" names.
 */
const char *cpt_path(struct cpt_dump *d, const struct path *path, char *buf, const char *what)
{
	char *p;

	if (path->mnt->mnt_flags & MNT_INTERNAL) {
		cpt_err(d->ctx, "%s is %s (%pd): cannot dump it yet", what,
			cpt_internal_kind(path->dentry), path->dentry);
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (d_unlinked(path->dentry)) {
		cpt_err(d->ctx, "%s is a deleted file (%pd): cannot dump it yet", what,
			path->dentry);
		return ERR_PTR(-EOPNOTSUPP);
	}
	p = ksym_d_path_from(path, &d->root, buf, PATH_MAX);
	if (!p) {
		cpt_err(d->ctx, "%s (%pd) is not reachable from the CT's root (a detached mount, or outside the root): cannot dump it",
			what, path->dentry);
		return ERR_PTR(-EOPNOTSUPP);
	}
	if (IS_ERR(p)) {
		cpt_err(d->ctx, "the path of %s is too long", what);
		return p;
	}
	return p;
}

static bool cpt_chr_supported(dev_t rdev)
{
	switch (MAJOR(rdev)) {
	case 1:		/* null, zero, full, random, urandom */
		return MINOR(rdev) == 3 || MINOR(rdev) == 5 || MINOR(rdev) == 7 ||
		       MINOR(rdev) == 8 || MINOR(rdev) == 9;
	case 5:		/* tty, console */
		return MINOR(rdev) == 0 || MINOR(rdev) == 1;
	default:
		return false;
	}
}

const char *cpt_async_io_name(struct file *file)
{
	struct super_block *sb = file_inode(file)->i_sb;

	if (sb->s_magic == ANON_INODE_FS_MAGIC &&
	    !strcmp(file->f_path.dentry->d_name.name, "[io_uring]"))
		return "an io_uring instance (io_uring_setup())";
	/* fs/aio.c's pseudo filesystem, whose magic no header has. */
	if (!strcmp(sb->s_type->name, "aio"))
		return "an AIO context's ring (io_setup())";
	return NULL;
}

static const char *cpt_file_kind_name(struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;
	const char *aio = cpt_async_io_name(file);

	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISFIFO(mode))
		return "a named FIFO";
	if (S_ISCHR(mode))
		return "this character device";
	if (S_ISBLK(mode))
		return "a block device";
	/* Requests in flight in the kernel, which a freeze does not wait for. */
	if (aio)
		return aio;
	/*
	 * fanotify_init()'s name for its files. Not carried: its marks may be
	 * on whole mounts or filesystems, and its permission events hold the
	 * tasks that wait for their answer.
	 */
	if (file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC &&
	    !strcmp(file->f_path.dentry->d_name.name, "[fanotify]"))
		return "a fanotify instance (fanotify is not carried)";
	if (file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC)
		return "an anonymous inode (eventfd, epoll, timerfd, signalfd, inotify...)";
	return "this kind of file";
}

/*
 * F_SETOWN's task or group, and F_SETSIG's signal: where O_ASYNC's and
 * SIGURG's signals go. An owner must be the CT's (its pid seen from the
 * CT's pid namespace); one that is gone is none, as F_GETOWN says. The ids
 * of whoever set it decide which owners may be signalled (sigio_perm()):
 * they must mean the same in the CT's user namespace.
 */
static int cpt_dump_fown(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct user_namespace *uns = d->ctx->pidns->user_ns;
	struct fown_struct *fown = &file->f_owner;
	pid_t nr = 0, host = 0;
	enum pid_type type;
	kuid_t uid, euid;

	read_lock_irq(&fown->lock);
	type = fown->pid_type;
	uid = fown->uid;
	euid = fown->euid;
	f->signum = fown->signum;
	rcu_read_lock();
	/* As send_sigio() finds it: a process's owner may be any of its threads' pids. */
	if (pid_task(fown->pid, type == PIDTYPE_PGID ? PIDTYPE_PGID : PIDTYPE_PID)) {
		nr = pid_nr_ns(fown->pid, d->ctx->pidns);
		host = pid_nr(fown->pid);
	}
	rcu_read_unlock();
	read_unlock_irq(&fown->lock);
	switch (type) {
	case PIDTYPE_PID:
		f->owner_type = VZCPT_OWNER_TID;
		break;
	case PIDTYPE_TGID:
		f->owner_type = VZCPT_OWNER_PID;
		break;
	case PIDTYPE_PGID:
		f->owner_type = VZCPT_OWNER_PGRP;
		break;
	default:
		cpt_err(d->ctx, "the file %pD has an owner of pid type %d, which F_SETOWN does not give",
			file, type);
		return -EOPNOTSUPP;
	}
	if (host && !nr) {
		cpt_err(d->ctx, "the file %pD sends its signals (F_SETOWN) to %s %d of the host, outside the CT: cannot carry it",
			file, type == PIDTYPE_PGID ? "process group" : "task", host);
		return -EOPNOTSUPP;
	}
	if (!nr)
		return 0;
	/*
	 * fcntl(F_NOTIFY) makes its caller the owner of the directory it
	 * watches, and its dnotify mark is not carried: an owned directory
	 * is refused (no other use of F_SETOWN on a directory signals).
	 */
	if (S_ISDIR(file_inode(file)->i_mode)) {
		cpt_err(d->ctx, "the directory %pD has an owner for its signals (F_SETOWN, or dnotify's F_NOTIFY): dnotify is not carried",
			file);
		return -EOPNOTSUPP;
	}
	f->owner_pid = nr;
	f->owner_uid = from_kuid(uns, uid);
	f->owner_euid = from_kuid(uns, euid);
	/* (u32)-1 is what from_kuid() says of an id the namespace does not map. */
	if (f->owner_uid == (u32)-1 || f->owner_euid == (u32)-1) {
		cpt_err(d->ctx, "the owner %d of the signals of %pD was set by user %u, which the CT's user namespace does not map",
			nr, file, from_kuid(&init_user_ns, uid));
		return -EOPNOTSUPP;
	}
	return 0;
}

static int cpt_dump_file(struct cpt_dump *d, struct file *file, u64 id, char *pathbuf)
{
	struct inode *inode = file_inode(file);
	struct vzcpt_img_file f = {};
	const char *path = NULL;
	int err = 0;

	err = cpt_dump_fown(d, file, &f);
	if (err)
		return err;
	f.flags = file->f_flags & ~O_CLOEXEC;
	f.pos = file->f_pos;
	f.mode = inode->i_mode;
	if (S_ISFIFO(inode->i_mode) && inode->i_pipe &&
	    inode->i_sb->s_magic == PIPEFS_MAGIC) {
		err = cpt_dump_pipe_file(d, file, &f);
		if (err)
			return err;
	} else if (S_ISFIFO(inode->i_mode) && inode->i_pipe) {
		/* A named FIFO opened: a pipe with a path, in its FIFO record. */
		err = cpt_dump_fifo_file(d, file, &f, pathbuf);
		if (err)
			return err;
	} else if (cpt_is_ghost(file)) {
		/* Its contents are in the image: cpt_dump_ghosts() wrote them. */
		f.kind = VZCPT_FILE_GHOST;
		f.pipe_id = cpt_ghost_id(d, file);
		if (!f.pipe_id)
			return -ENOMEM;
	} else if (cpt_is_eventfd(file)) {
		err = cpt_dump_eventfd(d, file, &f);
	} else if (cpt_is_signalfd(file)) {
		err = cpt_dump_signalfd(d, file, &f);
	} else if (cpt_is_timerfd(file)) {
		err = cpt_dump_timerfd(d, file, &f);
	} else if (cpt_is_epoll(file)) {
		err = cpt_dump_epoll(d, file, &f, pathbuf);
	} else if (cpt_is_inotify(file)) {
		err = cpt_dump_inotify(d, file, &f, pathbuf);
	} else if (cpt_is_tty(file)) {
		err = cpt_dump_tty_file(d, file, &f);
	} else if (cpt_is_mqueue(file)) {
		/* Not by path: a queue's name is no file of the CT's mounts. */
		err = cpt_dump_mqueue_file(d, file, &f);
	} else if ((S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode)) &&
		   inode->i_sb->s_magic != ANON_INODE_FS_MAGIC) {
		if (cpt_is_procfs(file))
			err = cpt_procfs_check(d, file, pathbuf);
		f.kind = VZCPT_FILE_REG;
	} else if (S_ISSOCK(inode->i_mode)) {
		err = cpt_dump_socket(d, file, &f);
		if (err)
			return err;
	} else if (S_ISCHR(inode->i_mode) && cpt_chr_supported(inode->i_rdev)) {
		f.kind = VZCPT_FILE_CHR;
		f.rdev = new_encode_dev(inode->i_rdev);
	} else {
		/* Named as far as its dentries go: a path may not be the CT's to give. */
		cpt_err(d->ctx, "%s cannot be carried yet (%pD4, on %s)", cpt_file_kind_name(file),
			file, inode->i_sb->s_type->name);
		return -EOPNOTSUPP;
	}
	if (err)
		return err;
	if (f.kind == VZCPT_FILE_REG || f.kind == VZCPT_FILE_CHR) {
		path = cpt_path(d, &file->f_path, pathbuf, "the file");
		if (IS_ERR(path))
			return PTR_ERR(path);
		f.path_len = strlen(path);
	}
	return cpt_write_rec(d, VZCPT_REC_FILE, id, &f, sizeof(f), path, f.path_len);
}

/*
 * A task of the host outside the CT's cgroup that holds @file in its fd
 * table: its pid (in the host's namespace), with its name in @comm; or 0.
 * It looks at every task of the host, so it is only for a file with more
 * references than the CT's own fd tables account for.
 */
pid_t cpt_file_holder_outside(struct cpt_dump *d, struct file *file, char *comm)
{
	struct files_struct *files, *prev = NULL;
	struct task_struct *g, *t;
	struct fdtable *fdt;
	unsigned int fd;
	pid_t pid = 0;

	rcu_read_lock();
	for_each_process_thread(g, t) {
		if (cgroup_is_descendant(task_dfl_cgroup(t), d->ctx->cgrp))
			continue;
		task_lock(t);
		files = t->files;
		if (files && files != prev) {
			fdt = files_fdtable(files);
			for (fd = 0; fd < fdt->max_fds && !pid; fd++) {
				if (files_lookup_fd_rcu(files, fd) == file) {
					pid = task_tgid_nr(t);
					/* __get_task_comm() would take the task lock held here. */
					strscpy(comm, t->comm, TASK_COMM_LEN);
				}
			}
		}
		prev = files;
		task_unlock(t);
		/* A break would leave only the loop over the threads of one process. */
		if (pid)
			goto out;
	}
out:
	rcu_read_unlock();
	return pid;
}

/*
 * The fd table of @task, referenced (as the kernel's own get_files_struct
 * did): a task killed during the dump drops its table in exit_files(),
 * and the table's memory is not freed under RCU, so it is held, not peeked
 * at. Release with ksym_put_files_struct().
 */
/* The names of one directory gathered at a time: more is refused, not guessed at. */
#define CPT_DIR_NAMES_MAX	SZ_1M

struct cpt_dir_names {
	struct dir_context ctx;
	char *buf;
	size_t len, cap;
	int err;
};

static bool cpt_dir_name(struct dir_context *dc, const char *name, int len, loff_t pos,
			 u64 ino, unsigned int type)
{
	struct cpt_dir_names *n = container_of(dc, struct cpt_dir_names, ctx);
	size_t cap;
	char *nb;

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	if (n->len + len + 1 > n->cap) {
		cap = max_t(size_t, 2 * n->cap, 4096);
		if (cap > CPT_DIR_NAMES_MAX) {
			n->err = -E2BIG;
			return false;
		}
		nb = krealloc(n->buf, cap, GFP_KERNEL);
		if (!nb) {
			n->err = -ENOMEM;
			return false;
		}
		n->buf = nb;
		n->cap = cap;
	}
	memcpy(n->buf + n->len, name, len);
	n->buf[n->len + len] = 0;
	n->len += len + 1;
	return true;
}

int cpt_dir_names(const struct path *dir, char **names, size_t *len)
{
	struct cpt_dir_names n = { .ctx.actor = cpt_dir_name };
	struct file *f;
	int err;

	f = dentry_open(dir, O_RDONLY | O_DIRECTORY | O_LARGEFILE, current_cred());
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = iterate_dir(f, &n.ctx);
	fput(f);
	err = err ?: n.err;
	if (err) {
		kfree(n.buf);
		return err;
	}
	*names = n.buf;
	*len = n.len;
	return 0;
}

struct files_struct *cpt_get_files(struct task_struct *task)
{
	struct files_struct *files;

	task_lock(task);
	files = task->files;
	if (files)
		atomic_inc(&files->count);
	task_unlock(task);
	return files;
}

/* The next open file at or above *@fd, referenced, with its close-on-exec bit. */
struct file *cpt_next_fd(struct files_struct *files, unsigned int *fd, bool *cloexec)
{
	struct file *file = NULL;
	struct fdtable *fdt;

	rcu_read_lock();
	fdt = files_fdtable(files);
	for (; *fd < fdt->max_fds; (*fd)++) {
		file = files_lookup_fd_rcu(files, *fd);
		if (file && get_file_rcu(file)) {
			*cloexec = close_on_exec(*fd, fdt);
			break;
		}
		file = NULL;
	}
	rcu_read_unlock();
	return file;
}

int cpt_each_file(struct task_struct *task,
		  int (*fn)(void *arg, struct file *file, unsigned int fd), void *arg)
{
	struct files_struct *files = cpt_get_files(task);
	unsigned int fd = 0;
	struct file *file;
	bool cloexec;
	int err = 0;

	if (!files)
		return 0;	/* cpt_dump_files() says why */
	for (; !err; fd++) {
		file = cpt_next_fd(files, &fd, &cloexec);
		if (!file)
			break;
		err = fn(arg, file, fd);
		fput(file);
	}
	ksym_put_files_struct(files);
	return err;
}

bool cpt_busy(struct cpt_dump *d, const void *obj)
{
	return xa_load(&d->busy, (unsigned long)obj);
}

int cpt_busy_mark(struct cpt_dump *d, const void *obj)
{
	return xa_err(xa_store(&d->busy, (unsigned long)obj, xa_mk_value(1), GFP_KERNEL));
}

void cpt_busy_clear(struct cpt_dump *d, const void *obj)
{
	xa_erase(&d->busy, (unsigned long)obj);
}

int cpt_dump_file_obj(struct cpt_dump *d, struct file *file, char *pathbuf, u64 *id)
{
	bool first;
	int err;

	*id = cpt_obj_id(d, file, &first);
	if (!*id)
		return -ENOMEM;
	if (!first)
		return 0;
	err = cpt_busy_mark(d, file);
	if (err)
		return err;
	err = cpt_dump_file(d, file, *id, pathbuf);
	cpt_busy_clear(d, file);
	return err;
}

int cpt_dump_files(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct vzcpt_img_fd fd = {};
	struct files_struct *files;
	unsigned int nr = 0;
	struct file *file;
	char *pathbuf, what[32];
	bool cloexec = false;
	int err = 0;

	files = cpt_get_files(task);
	if (!files) {
		cpt_err(d->ctx, "its fd table is gone: it was killed during the dump");
		cpt_err_task(d, task, "files");
		return -ESRCH;
	}
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!pathbuf) {
		ksym_put_files_struct(files);
		return -ENOMEM;
	}
	/* Every pty of the CT, in the init's files: the restore opens them in index order. */
	if (task == d->tasks[0]) {
		err = cpt_dump_ptys(d);
		if (err) {
			kfree(pathbuf);
			ksym_put_files_struct(files);
			return err;
		}
	}
	for (;; nr++) {
		file = cpt_next_fd(files, &nr, &cloexec);
		if (!file)
			break;
		fd.fd = nr;
		fd.cloexec = cloexec;
		err = cpt_dump_file_obj(d, file, pathbuf, &fd.file_id);
		fput(file);
		if (!err)
			err = cpt_write_rec(d, VZCPT_REC_FD, id, &fd, sizeof(fd), NULL, 0);
		if (err) {
			snprintf(what, sizeof(what), "fd %u", nr);
			cpt_err_task(d, task, what);
			break;
		}
	}
	/* After the FDs: a POSIX lock is taken again by its table's task, through its fd. */
	if (!err)
		err = cpt_dump_locks(d, task, files, id);
	/* Last of all, after every listener: the connections the CT's tasks closed. */
	if (!err && files == d->orphans_files)
		err = cpt_dump_orphans(d);
	kfree(pathbuf);
	ksym_put_files_struct(files);
	return err;
}

int cpt_dump_fs(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct vzcpt_img_fs f = {};
	struct path root, pwd;
	const char *cwd_p, *root_p;
	char *buf;
	int err;

	buf = kmalloc(4 * PATH_MAX, GFP_KERNEL);	/* cwd, root, then both side by side */
	if (!buf)
		return -ENOMEM;
	task_lock(task);
	if (!task->fs) {
		task_unlock(task);
		kfree(buf);
		return -ESRCH;
	}
	get_fs_root(task->fs, &root);
	get_fs_pwd(task->fs, &pwd);
	f.umask = task->fs->umask;
	task_unlock(task);
	cwd_p = cpt_path(d, &pwd, buf, "the current directory");
	root_p = IS_ERR(cwd_p) ? cwd_p : cpt_path(d, &root, buf + PATH_MAX, "the root directory");
	path_put(&root);
	path_put(&pwd);
	if (IS_ERR(root_p)) {
		err = PTR_ERR(root_p);
		cpt_err_task(d, task, "cwd/root");
		goto out;
	}
	f.cwd_len = strlen(cwd_p);
	f.root_len = strlen(root_p);
	memcpy(buf + 2 * PATH_MAX, cwd_p, f.cwd_len);
	memcpy(buf + 2 * PATH_MAX + f.cwd_len, root_p, f.root_len);
	err = cpt_write_rec(d, VZCPT_REC_FS, id, &f, sizeof(f), buf + 2 * PATH_MAX,
			    f.cwd_len + f.root_len);
out:
	kfree(buf);
	return err;
}
