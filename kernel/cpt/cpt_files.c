// SPDX-License-Identifier: GPL-2.0
/*
 * Dump open files: the fd table, each open file (regular files and
 * directories by path and position, character devices, pipes with the data
 * buffered in them), and the cwd, root and umask.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/highmem.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/pipe_fs_i.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"

void cpt_err_task(struct cpt_dump *d, struct task_struct *task, const char *what)
{
	struct cpt_context *ctx = d->ctx;
	char *msg = kstrdup(ctx->errmsg, GFP_KERNEL);

	if (!msg)
		return;
	cpt_err(ctx, "task %d (%s), %s: %s", task_pid_nr_ns(task, ctx->pidns), task->comm,
		what, msg[0] ? msg : "cannot dump it");
	kfree(msg);
}

/*
 * d_path from outside the container's mount namespace cannot reach our
 * root, so it yields the path from the namespace's own root: the path the
 * container uses.
 */
const char *cpt_path(struct cpt_dump *d, const struct path *path, char *buf, const char *what)
{
	char *p = d_path(path, buf, PATH_MAX);

	if (IS_ERR(p)) {
		cpt_err(d->ctx, "the path of a%s %s is too long", what[0] == 'e' ? "n" : "", what);
		return p;
	}
	if (d_unlinked(path->dentry)) {
		cpt_err(d->ctx, "%s %s was deleted: cannot dump it yet", what, p);
		return ERR_PTR(-EOPNOTSUPP);
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

/* The bytes buffered in a pipe, read without consuming them. */
static int cpt_dump_pipe(struct cpt_dump *d, struct pipe_inode_info *pipe, u64 id)
{
	struct vzcpt_img_pipe pi = {};
	unsigned int head, tail, mask;
	char *data;
	int err;

	pipe_lock(pipe);
	pi.size = pipe->max_usage * PAGE_SIZE;
	data = kvmalloc(pi.size, GFP_KERNEL);
	if (!data) {
		pipe_unlock(pipe);
		return -ENOMEM;
	}
	head = pipe->head;
	mask = pipe->ring_size - 1;
	for (tail = pipe->tail; tail != head; tail++) {
		struct pipe_buffer *buf = &pipe->bufs[tail & mask];
		void *p;

		if (pi.len + buf->len > pi.size)
			break;
		p = kmap_local_page(buf->page);
		memcpy(data + pi.len, p + buf->offset, buf->len);
		kunmap_local(p);
		pi.len += buf->len;
	}
	pipe_unlock(pipe);
	err = cpt_write_rec(d, VZCPT_REC_PIPE, id, &pi, sizeof(pi), data, pi.len);
	kvfree(data);
	return err;
}

static const char *cpt_file_kind_name(struct file *file)
{
	umode_t mode = file_inode(file)->i_mode;

	if (S_ISSOCK(mode))
		return "a socket";
	if (S_ISFIFO(mode))
		return "a named FIFO";
	if (S_ISCHR(mode))
		return "this character device";
	if (S_ISBLK(mode))
		return "a block device";
	if (file_inode(file)->i_sb->s_magic == ANON_INODE_FS_MAGIC)
		return "an anonymous inode (eventfd, epoll, timerfd, signalfd...)";
	return "this kind of file";
}

static int cpt_dump_file(struct cpt_dump *d, struct file *file, u64 id, char *pathbuf)
{
	struct inode *inode = file_inode(file);
	struct vzcpt_img_file f = {};
	const char *path = NULL;
	bool first;
	int err;

	f.flags = file->f_flags & ~O_CLOEXEC;
	f.pos = file->f_pos;
	f.mode = inode->i_mode;
	if (S_ISFIFO(inode->i_mode) && inode->i_pipe &&
	    inode->i_sb->s_magic == PIPEFS_MAGIC) {
		f.kind = VZCPT_FILE_PIPE;
		f.pipe_id = cpt_obj_id(d, inode->i_pipe, &first);
		if (!f.pipe_id)
			return -ENOMEM;
		if (first) {
			err = cpt_dump_pipe(d, inode->i_pipe, f.pipe_id);
			if (err)
				return err;
		}
	} else if ((S_ISREG(inode->i_mode) || S_ISDIR(inode->i_mode)) &&
		   inode->i_sb->s_magic != ANON_INODE_FS_MAGIC &&
		   inode->i_sb->s_magic != PROC_SUPER_MAGIC) {
		f.kind = VZCPT_FILE_REG;
	} else if (S_ISCHR(inode->i_mode) && cpt_chr_supported(inode->i_rdev)) {
		f.kind = VZCPT_FILE_CHR;
		f.rdev = new_encode_dev(inode->i_rdev);
	} else {
		cpt_err(d->ctx, "%s cannot be carried yet", cpt_file_kind_name(file));
		return -EOPNOTSUPP;
	}
	if (f.kind != VZCPT_FILE_PIPE) {
		path = cpt_path(d, &file->f_path, pathbuf, "file");
		if (IS_ERR(path))
			return PTR_ERR(path);
		f.path_len = strlen(path);
	}
	return cpt_write_rec(d, VZCPT_REC_FILE, id, &f, sizeof(f), path, f.path_len);
}

int cpt_dump_files(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct vzcpt_img_fd fd = {};
	unsigned int nr = 0;
	struct file *file;
	char *pathbuf, what[32];
	bool first;
	int err = 0;

	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!pathbuf)
		return -ENOMEM;
	for (;; nr++) {
		rcu_read_lock();
		file = task_lookup_next_fd_rcu(task, &nr);
		if (file && !get_file_rcu(file))
			file = NULL;
		rcu_read_unlock();
		if (!file)
			break;
		fd.fd = nr;
		fd.cloexec = 0;
		rcu_read_lock();
		if (task->files)
			fd.cloexec = close_on_exec(nr, files_fdtable(task->files));
		rcu_read_unlock();
		fd.file_id = cpt_obj_id(d, file, &first);
		err = fd.file_id ? 0 : -ENOMEM;
		if (!err && first)
			err = cpt_dump_file(d, file, fd.file_id, pathbuf);
		fput(file);
		if (!err)
			err = cpt_write_rec(d, VZCPT_REC_FD, id, &fd, sizeof(fd), NULL, 0);
		if (err) {
			snprintf(what, sizeof(what), "fd %u", nr);
			cpt_err_task(d, task, what);
			break;
		}
	}
	kfree(pathbuf);
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
	cwd_p = cpt_path(d, &pwd, buf, "current directory");
	root_p = IS_ERR(cwd_p) ? cwd_p : cpt_path(d, &root, buf + PATH_MAX, "root directory");
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
