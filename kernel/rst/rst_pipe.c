// SPDX-License-Identifier: GPL-2.0
/*
 * Restore pipes: each pipe with its capacity and its buffered bytes, then
 * each end as the file of its FILE record, with that file's flags.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_files.h"
#include "rst_ksyms.h"

/* A pipe's capacity as F_SETPIPE_SZ sets it: a power of two of pages. */
static bool rst_pipe_size_ok(u32 size)
{
	return size >= PAGE_SIZE && is_power_of_2(size);
}

static void rst_put_ends(struct file **ends)
{
	fput(ends[0]);
	fput(ends[1]);
}

int rst_pipe(struct rst_context *ctx)
{
	struct vzcpt_img_pipe *p = ctx->rd.buf;
	u64 id = ctx->rd.hdr.id;
	struct file *ends[2];
	loff_t pos = 0;
	long size;
	ssize_t n;
	int err;

	err = rst_payload(ctx, VZCPT_REC_PIPE, sizeof(*p));
	if (err)
		return err;
	if (!id || id > (U64_MAX >> 2) || p->len != ctx->rd.hdr.len - sizeof(*p) ||
	    p->len > p->size || !rst_pipe_size_ok(p->size) || xa_load(&ctx->pipes, 2 * id)) {
		rst_err(ctx, "the image is corrupt: bad pipe record %llu", ctx->rd.nr_records);
		return -EINVAL;
	}
	err = ksym_create_pipe_files(ends, 0);
	if (err) {
		rst_err(ctx, "cannot create a pipe (error %d)", err);
		return err;
	}
	/* Its capacity first: the bytes it held may be more than a new pipe takes. */
	size = ksym_pipe_fcntl(ends[0], F_GETPIPE_SZ, 0);
	if (size != p->size)
		size = ksym_pipe_fcntl(ends[0], F_SETPIPE_SZ, p->size);
	if (size != p->size) {
		rst_err(ctx, "cannot give a pipe its capacity of %u bytes (error %ld)", p->size,
			size < 0 ? size : -EINVAL);
		rst_put_ends(ends);
		return size < 0 ? size : -EINVAL;
	}
	if (p->len) {
		/* The data goes back in through the write end, before anyone can read it. */
		ends[1]->f_flags |= O_NONBLOCK;
		n = kernel_write(ends[1], p + 1, p->len, &pos);
		ends[1]->f_flags &= ~O_NONBLOCK;
		if (n != p->len) {
			rst_err(ctx, "cannot refill a pipe with its %u bytes", p->len);
			rst_put_ends(ends);
			return -EIO;
		}
	}
	err = xa_err(xa_store(&ctx->pipes, 2 * id, ends[0], GFP_KERNEL));
	if (err) {
		rst_put_ends(ends);
		return err;
	}
	err = xa_err(xa_store(&ctx->pipes, 2 * id + 1, ends[1], GFP_KERNEL));
	if (err)
		fput(ends[1]);
	return err;
}

/* The flags a pipe end's file may have: what pipe2() and F_SETFL set on it. */
#define RST_PIPE_FLAGS	(O_ACCMODE | O_NONBLOCK | O_DIRECT | O_APPEND | O_NOATIME | O_LARGEFILE)

struct file *rst_pipe_end(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id)
{
	bool wr = (f->flags & O_ACCMODE) != O_RDONLY;
	struct file *file;

	file = f->pipe_id <= (U64_MAX >> 2) ? xa_load(&ctx->pipes, 2 * f->pipe_id + wr) : NULL;
	if (!file || (f->flags & ~RST_PIPE_FLAGS) ||
	    ((f->flags & O_ACCMODE) != O_RDONLY && (f->flags & O_ACCMODE) != O_WRONLY)) {
		rst_err(ctx, "the image is corrupt: file %llu is a bad end of pipe %llu", id,
			f->pipe_id);
		return ERR_PTR(-EINVAL);
	}
	get_file(file);
	/* Both ends start blocking (rst_pipe()); each takes its file's flags, as F_SETFL would. */
	spin_lock(&file->f_lock);
	file->f_flags = (file->f_flags & O_ACCMODE) | (f->flags & ~O_ACCMODE);
	spin_unlock(&file->f_lock);
	return file;
}
