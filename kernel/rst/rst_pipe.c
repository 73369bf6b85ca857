// SPDX-License-Identifier: GPL-2.0
/*
 * Restore pipes: each pipe with its capacity and its buffered bytes, then
 * each end as the file of its FILE record, with that file's flags. Named
 * FIFOs the same, found again by their path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/slab.h>
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

/*
 * A named FIFO: opened by its path from the CT's root, O_RDWR and
 * non-blocking, so that it has a reader and a writer while its opens are
 * made (none of them then waits for a peer) and its bytes go back in. The
 * context holds that open until the restore is over.
 */
int rst_fifo(struct rst_context *ctx)
{
	struct vzcpt_img_fifo *p = ctx->rd.buf;
	u64 id = ctx->rd.hdr.id;
	char *path, *data;
	struct file *f;
	loff_t pos = 0;
	long size;
	ssize_t n;
	int err;

	/* Checked (img_check.c): a new id, a clean path, as many bytes as the record holds. */
	err = rst_payload(ctx, VZCPT_REC_FIFO, sizeof(*p));
	if (err)
		return err;
	if (!rst_pipe_size_ok(p->size) || id > (U64_MAX >> 2) || xa_load(&ctx->pipes, 2 * id)) {
		rst_err(ctx, "the image is corrupt: bad FIFO record %llu", ctx->rd.nr_records);
		return -EINVAL;
	}
	path = kmemdup_nul((char *)(p + 1), p->path_len, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	data = (char *)(p + 1) + p->path_len;
	f = rst_open_ct(ctx, path, O_RDWR | O_NONBLOCK);
	if (IS_ERR(f)) {
		rst_open_err(ctx, "the FIFO ", path, PTR_ERR(f));
		kfree(path);
		return PTR_ERR(f);
	}
	err = -EINVAL;
	if (!S_ISFIFO(file_inode(f)->i_mode) || !file_inode(f)->i_pipe) {
		rst_err(ctx, "%s is not a FIFO any more", path);
		goto out;
	}
	size = ksym_pipe_fcntl(f, F_GETPIPE_SZ, 0);
	if (size != p->size)
		size = ksym_pipe_fcntl(f, F_SETPIPE_SZ, p->size);
	if (size != p->size) {
		rst_err(ctx, "cannot give FIFO %s its capacity of %u bytes (error %ld)", path,
			p->size, size < 0 ? size : -EINVAL);
		err = size < 0 ? size : -EINVAL;
		goto out;
	}
	/* It is the CT's, and the CT does not run: what it holds now is what others left. */
	if (!pipe_empty(READ_ONCE(file_inode(f)->i_pipe->head),
			READ_ONCE(file_inode(f)->i_pipe->tail))) {
		rst_err(ctx, "FIFO %s already holds data of someone else's", path);
		goto out;
	}
	n = p->len ? kernel_write(f, data, p->len, &pos) : 0;
	if (n != p->len) {
		rst_err(ctx, "cannot refill FIFO %s with its %u bytes", path, p->len);
		err = -EIO;
		goto out;
	}
	err = xa_err(xa_store(&ctx->pipes, 2 * id, f, GFP_KERNEL));
	if (!err)
		f = NULL;
out:
	if (f)
		fput(f);
	kfree(path);
	return err;
}

/* An open of a restored FIFO with @f's flags; non-blocking while made (its peer comes later). */
struct file *rst_fifo_end(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id)
{
	struct file *holder = f->pipe_id <= (U64_MAX >> 2) ?
			      xa_load(&ctx->pipes, 2 * f->pipe_id) : NULL;
	int flags = f->flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | FASYNC);
	struct file *file;

	if (!holder || !S_ISFIFO(file_inode(holder)->i_mode)) {
		rst_err(ctx, "the image is corrupt: file %llu opens FIFO %llu, which is none", id,
			f->pipe_id);
		return ERR_PTR(-EINVAL);
	}
	file = dentry_open(&holder->f_path, flags | O_NONBLOCK, current->real_cred);
	if (IS_ERR(file)) {
		rst_err(ctx, "task %d (%s) cannot open FIFO %pD again (error %ld)",
			task_pid_vnr(current), current->comm, holder, PTR_ERR(file));
		return file;
	}
	spin_lock(&file->f_lock);
	file->f_flags = (file->f_flags & ~O_NONBLOCK) | (f->flags & O_NONBLOCK);
	spin_unlock(&file->f_lock);
	return file;
}

/* The flags a pipe end's file may have: what pipe2() and F_SETFL set on it. */
#define RST_PIPE_FLAGS	(O_ACCMODE | O_NONBLOCK | O_DIRECT | O_APPEND | O_NOATIME | O_LARGEFILE | \
			 FASYNC)

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
	file->f_flags = (file->f_flags & O_ACCMODE) | (f->flags & ~(O_ACCMODE | FASYNC));
	spin_unlock(&file->f_lock);
	return file;
}
