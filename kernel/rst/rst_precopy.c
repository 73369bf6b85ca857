// SPDX-License-Identifier: GPL-2.0
/*
 * The pre-copy passes (vzctl chkpnt --iterative) that come before the
 * image in its stream: the pages of each pre-copied address space go into
 * an unlinked shmem file of its own, at their address as offset, a later
 * pass's over an earlier one's, so that they are pageable memory like the
 * CT's own. The image's address space that names one (its MM record's
 * precopy) takes the runs its PAGES_REF records name from that file. The
 * files go once the CT runs again, or with the context.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/shmem_fs.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <linux/xxhash.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_task.h"

/* The file of pre-copied mm @seq, made on its first pass. */
static struct file *rst_pc_file(struct rst_context *ctx, u64 seq)
{
	struct file *f = xa_load(&ctx->precopy, seq);
	int err;

	if (f)
		return f;
	f = shmem_file_setup("vzrst-precopy", 0, VM_NORESERVE);
	if (IS_ERR(f)) {
		rst_err(ctx, "cannot make a file for the pre-copied memory (error %ld)",
			PTR_ERR(f));
		return f;
	}
	/* Its offsets are user addresses, far above what a file without it may reach. */
	f->f_flags |= O_LARGEFILE;
	err = xa_err(xa_store(&ctx->precopy, seq, f, GFP_KERNEL));
	if (err) {
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

/* A PAGES record of a pass, into @f: checked (img_check.c) as it comes, summed as it is read. */
static int rst_pc_pages(struct rst_context *ctx, struct file *f)
{
	size_t chunk = RST_BUF_SIZE / PAGE_SIZE, n, len;
	struct vzcpt_img_pages pg;
	struct xxh64_state sum;
	unsigned int done;
	loff_t pos;
	ssize_t w;
	int err;

	err = rst_pages_head(ctx, &pg, &sum);
	if (err)
		return err;
	pos = pg.start;
	for (done = 0; done < pg.nr; done += n) {
		n = min_t(size_t, pg.nr - done, chunk);
		len = n * PAGE_SIZE;
		err = rst_read_raw(ctx, ctx->rd.buf, len, &sum);
		if (err)
			return err;
		w = kernel_write(f, ctx->rd.buf, len, &pos);
		if (w != len) {
			err = w < 0 ? w : -EIO;
			rst_err(ctx, "cannot keep the pre-copied memory (error %d)", err);
			return err;
		}
	}
	return rst_check_sum(ctx, &sum);
}

/* Every pass before the image header; the reader is left at the header. */
int rst_precopy(struct rst_context *ctx)
{
	struct rst_reader *r = &ctx->rd;
	struct file *f;
	int err;

	for (;;) {
		err = rst_next(ctx);
		if (err || r->hdr.type != VZCPT_REC_PRECOPY)
			return err;
		err = rst_payload(ctx, VZCPT_REC_PRECOPY, sizeof(struct vzcpt_img_precopy));
		if (err)
			return err;
		f = rst_pc_file(ctx, r->hdr.id);
		if (IS_ERR(f))
			return PTR_ERR(f);
		for (;;) {
			err = rst_next(ctx);
			if (err || r->hdr.type != VZCPT_REC_PAGES)
				break;
			err = rst_pc_pages(ctx, f);
			if (err)
				return err;
		}
		if (err)
			return err;
	}
}

/* The file of pre-copied mm @seq (0: none), for an address space that names it. */
struct file *rst_precopy_file(struct rst_context *ctx, u64 seq)
{
	return seq ? xa_load(&ctx->precopy, seq) : NULL;
}

/* Pages a PAGES_REF copy pins at a time. */
#define RST_PC_BATCH	64U

/*
 * @nr pages from @f at @addr, as offset, to the current task's memory at
 * @addr: the destination pinned (faulted in), each page copied whole by
 * copy_page(). The file's own read would go through copy_to_user(), which
 * with ERMS is rep movsb: a byte at a time where the CPU is emulated, and
 * this copy is in the freeze.
 */
static int rst_pc_copy(struct file *f, unsigned long addr, unsigned int nr,
		       struct page **dst)
{
	struct address_space *mapping = f->f_mapping;
	struct page *src;
	unsigned int i;
	void *to, *from;
	long got;
	int err = 0;

	got = pin_user_pages_unlocked(addr, nr, dst, FOLL_WRITE);
	if (got != nr) {
		if (got > 0)
			unpin_user_pages(dst, got);
		return got < 0 ? got : -EFAULT;
	}
	for (i = 0; i < nr; i++) {
		src = shmem_read_mapping_page_gfp(mapping, (addr >> PAGE_SHIFT) + i,
						  mapping_gfp_mask(mapping));
		if (IS_ERR(src)) {
			err = PTR_ERR(src);
			break;
		}
		to = kmap_local_page(dst[i]);
		from = kmap_local_page(src);
		copy_page(to, from);
		kunmap_local(from);
		kunmap_local(to);
		put_page(src);
	}
	unpin_user_pages_dirty_lock(dst, nr, true);
	return err;
}

/*
 * A PAGES_REF record: its pages, from @f into the current task's memory
 * at the same addresses. Checked (img_check.c): inside the mapping just
 * read, which takes pages of its own, above the pages before, within its
 * count, and every page sent by a pass of the mm @f holds.
 */
int rst_pages_ref(struct rst_context *ctx, struct file *f)
{
	const struct vzcpt_img_pages_ref *ref = ctx->rd.buf;
	struct page **pages;
	unsigned int done, n = 0;
	int err;

	err = rst_payload(ctx, VZCPT_REC_PAGES_REF, sizeof(*ref));
	if (err)
		return err;
	if (!f) {	/* not reached: the validator knows the mm's seq */
		rst_err(ctx, "the image is corrupt: pre-copied pages of no pre-copied memory");
		return -EINVAL;
	}
	pages = kmalloc_array(RST_PC_BATCH, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return -ENOMEM;
	for (done = 0; done < ref->nr && !err; done += n) {
		n = min(ref->nr - done, RST_PC_BATCH);
		err = rst_pc_copy(f, ref->start + (unsigned long)done * PAGE_SIZE, n, pages);
	}
	kfree(pages);
	if (err)
		rst_err(ctx, "cannot write pre-copied memory at %#llx (error %d)",
			ref->start + (u64)(done - n) * PAGE_SIZE, err);
	return err;
}

void rst_precopy_drop(struct rst_context *ctx)
{
	rst_fput_all(&ctx->precopy);
}

/* The files of the pre-copied pages, put by a work of the side's workqueue. */
struct rst_pc_put {
	struct work_struct work;
	unsigned int nr;
	struct file *files[];
};

static void rst_pc_put_work(struct work_struct *work)
{
	struct rst_pc_put *p = container_of(work, struct rst_pc_put, work);
	unsigned int i;

	for (i = 0; i < p->nr; i++)
		fput(p->files[i]);
	kfree(p);
}

/*
 * The CT runs again: the pre-copied pages go, but not in the resume's
 * ioctl. Their files' last fput truncates them (0.2 s for 256 MiB in a
 * TCG guest), which in the restoring task would come before the resume's
 * caller hears it ran (task work, at its return to user space); put by a
 * kernel thread it is delayed work of its own. A work of this module's
 * workqueue, which its unload waits for.
 */
void rst_precopy_drop_later(struct rst_context *ctx)
{
	unsigned int nr = 0, i = 0;
	struct rst_pc_put *p;
	unsigned long seq;
	struct file *f;

	xa_for_each(&ctx->precopy, seq, f)
		nr++;
	if (!nr)
		return;
	p = kmalloc(struct_size(p, files, nr), GFP_KERNEL);
	if (!p) {
		rst_precopy_drop(ctx);
		return;
	}
	xa_for_each(&ctx->precopy, seq, f)
		p->files[i++] = f;
	xa_destroy(&ctx->precopy);
	p->nr = i;
	INIT_WORK(&p->work, rst_pc_put_work);
	queue_work(ctx->vz.kind->wq, &p->work);
}
