// SPDX-License-Identifier: GPL-2.0
/*
 * Dump pipes: each pipe once, on the first sighting of either end, with
 * its capacity and the bytes buffered in it (read without consuming them);
 * each end as a file of its own with its flags (O_NONBLOCK included). A
 * pipe with an end held outside the container is refused. A named FIFO
 * is a pipe too, with a path: its FIFO record carries both.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_sock.h"

/*
 * Write the PIPE record of @pipe, or with @path (a named FIFO's, @path_len
 * bytes) its FIFO record: the same capacity and bytes after the path.
 */
static int cpt_dump_pipe(struct cpt_dump *d, struct pipe_inode_info *pipe, u64 id,
			 const char *path, u32 path_len)
{
	struct vzcpt_img_pipe pi = {};
	unsigned int head, tail, mask;
	char *data, *buf;
	int err;

	pipe_lock(pipe);
	/* What F_GETPIPE_SZ says: the capacity F_SETPIPE_SZ set. */
	pi.size = pipe->max_usage * PAGE_SIZE;
	buf = kvmalloc(path_len + pi.size, GFP_KERNEL);
	if (!buf) {
		pipe_unlock(pipe);
		return -ENOMEM;
	}
	memcpy(buf, path, path_len);
	data = buf + path_len;
	head = pipe->head;
	mask = pipe->ring_size - 1;
	for (tail = pipe->tail; tail != head; tail++) {
		struct pipe_buffer *buf = &pipe->bufs[tail & mask];
		void *p;

		if (pi.len + buf->len > pi.size) {
			err = -EOVERFLOW;
			goto unlock;
		}
		p = kmap_local_page(buf->page);
		memcpy(data + pi.len, p + buf->offset, buf->len);
		kunmap_local(p);
		pi.len += buf->len;
	}
	err = 0;
unlock:
	pipe_unlock(pipe);
	/* Bytes spliced in can fill a pipe beyond the pages of its capacity. */
	if (err || pi.len > VZCPT_REC_MAX_LEN - sizeof(pi) - VZCPT_PATH_MAX) {
		cpt_err(d->ctx, "a pipe holds more bytes than its capacity of %u: cannot dump it",
			pi.size);
		err = -EOVERFLOW;
	} else if (path) {
		struct vzcpt_img_fifo fi = { .size = pi.size, .len = pi.len, .path_len = path_len };

		err = cpt_write_rec(d, VZCPT_REC_FIFO, id, &fi, sizeof(fi), buf, path_len + pi.len);
	} else {
		err = cpt_write_rec(d, VZCPT_REC_PIPE, id, &pi, sizeof(pi), data, pi.len);
	}
	kvfree(buf);
	return err;
}

/* A distinct open end of a pipe, and the slots of the CT's fd tables that hold it. */
struct cpt_pipe_end {
	struct file *file;
	unsigned int slots;
};

/* What cpt_pipe_end_seen() counts in: the ends of one pipe. */
struct cpt_pipe_ends {
	struct pipe_inode_info *pipe;
	struct cpt_pipe_end *ends;
	unsigned int *n, max;
};

static void cpt_pipe_end_seen(struct cpt_pipe_end *ends, unsigned int *n, unsigned int max,
			      struct file *file);

/* An end in flight (SCM_RIGHTS) in a queue of the CT: the CT's, as one in its tables is. */
static void cpt_pipe_end_flying(void *arg, struct file *file)
{
	struct cpt_pipe_ends *pe = arg;

	if (file_inode(file)->i_pipe == pe->pipe)
		cpt_pipe_end_seen(pe->ends, pe->n, pe->max, file);
}

/* Count @file in the @n distinct ends of @ends (room for @max), adding it if it is new there. */
static void cpt_pipe_end_seen(struct cpt_pipe_end *ends, unsigned int *n, unsigned int max,
			      struct file *file)
{
	unsigned int i;

	for (i = 0; i < *n; i++) {
		if (ends[i].file == file) {
			ends[i].slots++;
			return;
		}
	}
	if (*n < max)
		ends[(*n)++] = (struct cpt_pipe_end) { .file = file, .slots = 1 };
}

/*
 * An end shared by fork or pidfd_getfd() with a task outside: the pipe's
 * counts of ends cannot tell it (the same open file is one end), but its
 * references can. Each fd table slot holds one; the dump holds @dumped
 * while it writes it; more means another holder, which may be a task of
 * the CT in a syscall on it (a thread in read() with a shared table) or
 * a task outside, whose fd tables are then searched.
 */
static int cpt_pipe_end_outside(struct cpt_dump *d, const struct cpt_pipe_end *e,
				struct file *dumped)
{
	unsigned long known = e->slots;
	char comm[TASK_COMM_LEN];
	pid_t pid;

	if (e->file == dumped)
		known++;
	if (file_count(e->file) <= known)
		return 0;
	pid = cpt_file_holder_outside(d, e->file, comm);
	if (!pid)
		return 0;
	cpt_err(d->ctx, "a pipe whose %s end is also held outside the container, by process %d (%s) of the host, cannot be carried",
		e->file->f_mode & FMODE_READ ? "read" : "write", pid, comm);
	return -EOPNOTSUPP;
}

/*
 * Every open end of @pipe (each a file the pipe counts as a reader or a
 * writer) must be held by the container's tasks alone, or the restore
 * would cut the pipe from its peer outside: the ends its fd tables hold,
 * and those in flight in its unix sockets' queues, are counted against the
 * pipe's own counts, and each end's references
 * against its slots. The CT is frozen; a holder outside may still open or
 * close an end meanwhile, which only adds to its count. @dumped is the end
 * being dumped, referenced by the dump.
 */
static int cpt_pipe_all_inside(struct cpt_dump *d, struct pipe_inode_info *pipe,
			       struct file *dumped)
{
	unsigned int max, n = 0, readers = 0, writers = 0, i, fd;
	struct files_struct *files, *prev = NULL;
	struct cpt_pipe_end *ends;
	struct cpt_pipe_ends pe;
	struct file *f;
	int err = 0;

	pipe_lock(pipe);
	max = pipe->readers + pipe->writers;
	pipe_unlock(pipe);
	ends = kcalloc(max ?: 1, sizeof(*ends), GFP_KERNEL);
	if (!ends)
		return -ENOMEM;
	for (i = 0; i < d->nr_tasks; i++) {
		struct task_struct *task = d->tasks[i];

		task_lock(task);
		files = task->files;
		/*
		 * Threads come together and share their table: one look is enough. A
		 * table shared by CLONE_FILES with a task further on is counted twice,
		 * which can only hide an outside holder, never invent one.
		 */
		if (files && files != prev) {
			rcu_read_lock();
			for (fd = 0; fd < files_fdtable(files)->max_fds; fd++) {
				f = files_lookup_fd_rcu(files, fd);
				if (f && file_inode(f)->i_pipe == pipe)
					cpt_pipe_end_seen(ends, &n, max, f);
			}
			rcu_read_unlock();
		}
		prev = files;
		task_unlock(task);
	}
	pe = (struct cpt_pipe_ends){ .pipe = pipe, .ends = ends, .n = &n, .max = max };
	cpt_unix_each_flying(d, cpt_pipe_end_flying, &pe);
	for (i = 0; i < n; i++) {
		readers += !!(ends[i].file->f_mode & FMODE_READ);
		writers += !!(ends[i].file->f_mode & FMODE_WRITE);
	}
	pipe_lock(pipe);
	if (readers < pipe->readers || writers < pipe->writers) {
		cpt_err(d->ctx, "a pipe whose %s end is also held outside the container cannot be carried",
			readers < pipe->readers ? "read" : "write");
		err = -EOPNOTSUPP;
	}
	pipe_unlock(pipe);
	for (i = 0; i < n && !err; i++)
		err = cpt_pipe_end_outside(d, &ends[i], dumped);
	kfree(ends);
	return err;
}

int cpt_dump_pipe_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct pipe_inode_info *pipe = file_inode(file)->i_pipe;
	bool first;
	int err;

	f->kind = VZCPT_FILE_PIPE;
	f->pipe_id = cpt_obj_id(d, pipe, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	if (!first)
		return 0;
	err = cpt_pipe_all_inside(d, pipe, file);
	return err ? err : cpt_dump_pipe(d, pipe, f->pipe_id, NULL, 0);
}

/*
 * A named FIFO: its path, and its buffer as a pipe's, on the first sighting
 * of an open of it. Every open of it must be the CT's, as a pipe's ends.
 */
int cpt_dump_fifo_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		       char *pathbuf)
{
	struct pipe_inode_info *pipe = file_inode(file)->i_pipe;
	const char *path;
	bool first;
	int err;

	f->kind = VZCPT_FILE_FIFO;
	f->pipe_id = cpt_obj_id(d, pipe, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	if (!first)
		return 0;
	path = cpt_path(d, &file->f_path, pathbuf, "the FIFO");
	if (IS_ERR(path))
		return PTR_ERR(path);
	err = cpt_pipe_all_inside(d, pipe, file);
	return err ? err : cpt_dump_pipe(d, pipe, f->pipe_id, path, strlen(path));
}
