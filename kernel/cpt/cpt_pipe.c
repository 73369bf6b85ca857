// SPDX-License-Identifier: GPL-2.0
/*
 * Dump pipes: each pipe once, on the first sighting of either end, with
 * its capacity and the bytes buffered in it (read without consuming them);
 * each end as a file of its own with its flags (O_NONBLOCK included).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"

static int cpt_dump_pipe(struct cpt_dump *d, struct pipe_inode_info *pipe, u64 id)
{
	struct vzcpt_img_pipe pi = {};
	unsigned int head, tail, mask;
	char *data;
	int err;

	pipe_lock(pipe);
	/* What F_GETPIPE_SZ says: the capacity F_SETPIPE_SZ set. */
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
	if (err || pi.len > VZCPT_REC_MAX_LEN - sizeof(pi)) {
		cpt_err(d->ctx, "a pipe holds more bytes than its capacity of %u: cannot dump it",
			pi.size);
		err = -EOVERFLOW;
	} else {
		err = cpt_write_rec(d, VZCPT_REC_PIPE, id, &pi, sizeof(pi), data, pi.len);
	}
	kvfree(data);
	return err;
}

int cpt_dump_pipe_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct pipe_inode_info *pipe = file_inode(file)->i_pipe;
	bool first;

	/* SIGIO's owner is not carried: the restored pipe would signal nobody. */
	if (file->f_flags & FASYNC) {
		cpt_err(d->ctx, "a pipe end with O_ASYNC cannot be dumped yet");
		return -EOPNOTSUPP;
	}
	f->kind = VZCPT_FILE_PIPE;
	f->pipe_id = cpt_obj_id(d, pipe, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	return first ? cpt_dump_pipe(d, pipe, f->pipe_id) : 0;
}
