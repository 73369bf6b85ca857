// SPDX-License-Identifier: GPL-2.0
/*
 * The image writer, below the per-kind files as rst_image.c is on the
 * restore side. Records go out front to back with no seeks; small ones are
 * gathered in a buffer, pages go straight from the frozen tasks' memory to
 * the dump file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bvec.h>
#include <linux/delay.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>
#include <linux/xxhash.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_fault.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_ksyms.h"

#define CPT_BUF_SIZE	(256 * 1024)

/*
 * Everything goes out through ->write_iter: kernel_write() refuses a file
 * that also has ->write (/dev/null, some devices), and page vectors need it
 * anyway.
 */
static int cpt_write_iter(struct cpt_writer *w, struct iov_iter *iter)
{
	ssize_t n = 0;

	file_start_write(w->file);
	while (iov_iter_count(iter)) {
		n = vfs_iter_write(w->file, iter, &w->pos, 0);
		if (n <= 0)
			break;
	}
	file_end_write(w->file);
	if (!iov_iter_count(iter))
		return 0;
	cpt_err(w->ctx, "cannot write the image of CT %u (error %zd)", w->ctx->ctid,
		n ? n : -EIO);
	return n ? n : -EIO;
}

static int cpt_flush(struct cpt_writer *w)
{
	struct kvec kv = { .iov_base = w->buf, .iov_len = w->buf_len };
	struct iov_iter iter;

	if (!w->buf_len)
		return 0;
	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, w->buf_len);
	w->buf_len = 0;
	return cpt_write_iter(w, &iter);
}

static int cpt_out(struct cpt_writer *w, const void *data, size_t len)
{
	struct kvec kv = { .iov_base = (void *)data, .iov_len = len };
	struct iov_iter iter;
	int err;

	if (w->buf_len + len > CPT_BUF_SIZE) {
		err = cpt_flush(w);
		if (err)
			return err;
	}
	/* A payload larger than the buffer (a full pipe) goes out as it is. */
	if (len > CPT_BUF_SIZE) {
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, len);
		err = cpt_write_iter(w, &iter);
		if (!err)
			w->bytes += len;
		return err;
	}
	memcpy(w->buf + w->buf_len, data, len);
	w->buf_len += len;
	w->bytes += len;
	return 0;
}

static void cpt_rec_init(struct vzcpt_rec *h, u16 type, u64 id, u32 len)
{
	memset(h, 0, sizeof(*h));
	h->type = type;
	h->hdr_len = sizeof(*h);
	h->len = len;
	h->id = id;
}

static int cpt_write_batch(struct cpt_writer *w, struct cpt_batch *b);

/* Records go out in the order they are made: a queued batch before any later record. */
int cpt_image_write_queued(struct cpt_writer *w)
{
	struct cpt_batch *queued = &w->batch[w->cur ^ 1];

	return queued->nr ? cpt_write_batch(w, queued) : 0;
}

/* Write one record whose payload is @a then @b (either may be empty). */
static int cpt_image_rec(struct cpt_writer *w, u16 type, u64 id,
			 const void *a, u32 alen, const void *b, u32 blen)
{
	struct xxh64_state sum;
	struct vzcpt_rec h;
	int err;

	err = cpt_image_write_queued(w);
	if (err)
		return err;
	if (vz_fault("record"))
		return -ENOMEM;
	cpt_rec_init(&h, type, id, alen + blen);
	xxh64_reset(&sum, 0);
	xxh64_update(&sum, &h, sizeof(h));
	xxh64_update(&sum, a, alen);
	xxh64_update(&sum, b, blen);
	h.csum = (u32)xxh64_digest(&sum);
	err = cpt_out(w, &h, sizeof(h));
	if (!err)
		err = cpt_out(w, a, alen);
	if (!err)
		err = cpt_out(w, b, blen);
	if (!err)
		w->nr_records++;
	return err;
}

int cpt_write_rec(struct cpt_dump *d, u16 type, u64 id,
		  const void *a, u32 alen, const void *b, u32 blen)
{
	return cpt_image_rec(&d->w, type, id, a, alen, b, blen);
}

static size_t cpt_batch_hlen(void)
{
	return sizeof(struct vzcpt_rec) + sizeof(struct vzcpt_img_pages);
}

static bool cpt_pipe_writable(struct pipe_inode_info *pipe)
{
	return !pipe_full(READ_ONCE(pipe->head), READ_ONCE(pipe->tail),
			  READ_ONCE(pipe->max_usage)) || !READ_ONCE(pipe->readers);
}

static void cpt_pipe_wake_readers(struct pipe_inode_info *pipe)
{
	wake_up_interruptible_sync_poll(&pipe->rd_wait, EPOLLIN | EPOLLRDNORM);
	kill_fasync(&pipe->fasync_readers, SIGIO, POLL_IN);
}

/*
 * Into a pipe, pages go by reference, as vmsplice() gives them: the reader
 * copies each once, with no copy into pipe buffers (which the kernel would
 * first have to zero) in between. The page references keep the contents
 * of a killed CT's memory; a CT resumed after the dump must not change
 * them before the reader has them, which cpt_pipe_drain() sees to.
 */
static int cpt_pipe_pages(struct cpt_writer *w, struct page **pages, unsigned int nr)
{
	struct pipe_inode_info *pipe = w->pipe;
	unsigned int i = 0;
	ssize_t n;
	int err = 0;

	pipe_lock(pipe);
	while (i < nr) {
		struct pipe_buffer buf = {
			.page = pages[i], .len = PAGE_SIZE, .ops = &nosteal_pipe_buf_ops,
		};

		if (!pipe->readers) {
			err = -EPIPE;
			break;
		}
		if (pipe_full(pipe->head, pipe->tail, pipe->max_usage)) {
			cpt_pipe_wake_readers(pipe);
			pipe_unlock(pipe);
			err = wait_event_interruptible(pipe->wr_wait, cpt_pipe_writable(pipe));
			pipe_lock(pipe);
			if (err) {
				err = -EINTR;
				break;
			}
			continue;
		}
		get_page(pages[i]);
		n = add_to_pipe(pipe, &buf);	/* drops the reference if it fails */
		if (n < 0) {
			err = n;
			break;
		}
		i++;
	}
	cpt_pipe_wake_readers(pipe);
	pipe_unlock(pipe);
	if (err)
		cpt_err(w->ctx, "cannot write the image of CT %u into its pipe (error %d)",
			w->ctx->ctid, err);
	return err;
}

/* The dump is over once the reader holds all of it (or is gone): see cpt_pipe_pages(). */
static int cpt_pipe_drain(struct cpt_writer *w)
{
	struct pipe_inode_info *pipe = w->pipe;

	while (!pipe_empty(READ_ONCE(pipe->head), READ_ONCE(pipe->tail)) &&
	       READ_ONCE(pipe->readers)) {
		if (signal_pending(current)) {
			cpt_err(w->ctx, "interrupted while the reader of CT %u's image took it",
				w->ctx->ctid);
			return -EINTR;
		}
		usleep_range(200, 1000);
	}
	return 0;
}

/* Write a summed batch as one PAGES record, from the pages themselves, and let them go. */
static int cpt_write_batch(struct cpt_writer *w, struct cpt_batch *b)
{
	struct vzcpt_rec *h = page_address(b->hdr_page);
	size_t len = cpt_batch_hlen() + (size_t)b->nr * PAGE_SIZE;
	struct iov_iter iter;
	unsigned int i;
	int err;

	vz_sum_job_wait(&b->job);
	h->csum = (u32)xxh64_digest(&b->sum);
	bvec_set_page(&b->bv[0], b->hdr_page, cpt_batch_hlen(), 0);
	err = cpt_flush(w);	/* the small records made before this batch */
	if (!err && w->pipe) {
		iov_iter_bvec(&iter, ITER_SOURCE, b->bv, 1, cpt_batch_hlen());
		err = cpt_write_iter(w, &iter);
		if (!err)
			err = cpt_pipe_pages(w, b->pages, b->nr);
	} else if (!err) {
		for (i = 0; i < b->nr; i++)
			bvec_set_page(&b->bv[i + 1], b->pages[i], PAGE_SIZE, 0);
		iov_iter_bvec(&iter, ITER_SOURCE, b->bv, b->nr + 1, len);
		err = cpt_write_iter(w, &iter);
	}
	release_pages(b->pages, b->nr);
	b->nr = 0;
	if (err)
		return err;
	w->bytes += len;
	w->nr_records++;
	return 0;
}

/* A batch that will not be written (the dump failed): its pages are let go. */
static void cpt_drop_batch(struct cpt_batch *b)
{
	vz_sum_job_wait(&b->job);
	if (b->nr)
		release_pages(b->pages, b->nr);
	b->nr = 0;
}

/* Where the caller takes references on the next CPT_PAGES_BATCH pages to dump. */
struct page **cpt_pages_slot(struct cpt_dump *d)
{
	return d->w.batch[d->w.cur].pages;
}

/*
 * Queue the @nr pages taken into cpt_pages_slot(), mapped contiguously from
 * @start, as one PAGES record of VMA @id: their checksum starts on another
 * CPU while the batch queued before them is written. The pages are the
 * dump's from here on, written or dropped by it.
 */
int cpt_queue_pages(struct cpt_dump *d, u64 id, u64 start, unsigned int nr)
{
	struct cpt_writer *w = &d->w;
	struct vzcpt_img_pages pg = { .start = start, .nr = nr };
	struct cpt_batch *b = &w->batch[w->cur], *prev = &w->batch[w->cur ^ 1];
	struct vzcpt_rec *h = page_address(b->hdr_page);

	if (WARN_ON_ONCE(!nr || nr > CPT_PAGES_BATCH || b->nr)) {
		release_pages(b->pages, nr);
		return -EINVAL;
	}
	if (vz_fault("pages")) {
		release_pages(b->pages, nr);
		return -ENOMEM;
	}
	b->nr = nr;
	cpt_rec_init(h, VZCPT_REC_PAGES, id, sizeof(pg) + (size_t)nr * PAGE_SIZE);
	memcpy(h + 1, &pg, sizeof(pg));
	xxh64_reset(&b->sum, 0);
	xxh64_update(&b->sum, h, cpt_batch_hlen());
	vz_sum_job_start(&b->job, &b->sum, b->pages, nr);
	w->cur ^= 1;
	return prev->nr ? cpt_write_batch(w, prev) : 0;
}

/*
 * The image id of a shared kernel object (mm, fd table, ...). *@first says
 * whether this is its first sighting, when its records are to be written.
 */
u64 cpt_obj_id(struct cpt_dump *d, const void *obj, bool *first)
{
	struct cpt_writer *w = &d->w;
	void *v = xa_load(&w->ids, (unsigned long)obj);

	*first = !v;
	if (v)
		return xa_to_value(v);
	w->next_id++;
	if (xa_err(xa_store(&w->ids, (unsigned long)obj, xa_mk_value(w->next_id), GFP_KERNEL)))
		return 0;
	return w->next_id;
}

/*
 * An id of its own for an object no pointer names once: a closed unix
 * socket that each of its survivors gets a record of (several datagram
 * sockets may stay connected to one closed server).
 */
u64 cpt_new_id(struct cpt_dump *d)
{
	return ++d->w.next_id;
}

/*
 * cpt_image_open - start the image on @file, at its position. The writer is
 * let go with cpt_image_close(), whether this succeeded or not.
 */
int cpt_image_open(struct cpt_writer *w, struct cpt_context *ctx, struct file *file)
{
	unsigned int i;

	w->ctx = ctx;
	w->file = file;
	xa_init(&w->ids);
	w->pos = file->f_pos;
	w->pipe = ksym_get_pipe_info(file, true);
	if (vz_fault("dump buffers"))
		return -ENOMEM;
	w->buf = kvmalloc(CPT_BUF_SIZE, GFP_KERNEL);
	if (!w->buf)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(w->batch); i++) {
		struct cpt_batch *b = &w->batch[i];

		vz_sum_job_init(&b->job);
		b->pages = kvmalloc_array(CPT_PAGES_BATCH, sizeof(*b->pages), GFP_KERNEL);
		b->bv = kvmalloc_array(CPT_PAGES_BATCH + 1, sizeof(*b->bv), GFP_KERNEL);
		b->hdr_page = alloc_page(GFP_KERNEL);
		if (!b->pages || !b->bv || !b->hdr_page)
			return -ENOMEM;
	}
	return 0;
}

/*
 * cpt_image_end - close the image with its END record, counting what went
 * before it, and see it all out: the file's position moves past it only then.
 */
int cpt_image_end(struct cpt_writer *w)
{
	struct vzcpt_img_end end = { .nr_records = w->nr_records, .bytes = w->bytes };
	int err;

	err = cpt_image_rec(w, VZCPT_REC_END, 0, &end, sizeof(end), NULL, 0);
	if (!err)
		err = cpt_flush(w);
	if (!err && w->pipe)
		err = cpt_pipe_drain(w);
	if (!err)
		w->file->f_pos = w->pos;
	return err;
}

/*
 * cpt_image_sync - see what a pre-copy pass wrote out, with no END record:
 * the image (or the next pass) follows it in the same stream. Its pages
 * are private copies, so a pipe's reader may take them at any time.
 */
int cpt_image_sync(struct cpt_writer *w)
{
	int err = cpt_image_write_queued(w);

	if (!err)
		err = cpt_flush(w);
	if (!err)
		w->file->f_pos = w->pos;
	return err;
}

void cpt_image_close(struct cpt_writer *w)
{
	unsigned int i;

	xa_destroy(&w->ids);
	kvfree(w->buf);
	for (i = 0; i < ARRAY_SIZE(w->batch); i++) {
		struct cpt_batch *b = &w->batch[i];

		cpt_drop_batch(b);
		kvfree(b->pages);
		kvfree(b->bv);
		if (b->hdr_page)
			__free_page(b->hdr_page);
	}
}
