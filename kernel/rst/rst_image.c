// SPDX-License-Identifier: GPL-2.0
/*
 * The image reader. The image is untrusted: every header is checked before
 * its length is used, every payload's checksum before its contents are.
 * Only one task reads at a time (the restore passes the reader along the
 * task tree), so the reader needs no lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/uio.h>
#include <linux/xxhash.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"

static const char * const rst_names[VZCPT_REC_NR_TYPES] = {
	[VZCPT_REC_IMAGE] = "image header",
	[VZCPT_REC_UTS] = "hostname",
	[VZCPT_REC_TASK] = "task",
	[VZCPT_REC_REGS] = "registers",
	[VZCPT_REC_XSTATE] = "FPU state",
	[VZCPT_REC_MM] = "address space",
	[VZCPT_REC_VMA] = "mapping",
	[VZCPT_REC_PAGES] = "pages",
	[VZCPT_REC_FILE] = "file",
	[VZCPT_REC_FD] = "fd",
	[VZCPT_REC_PIPE] = "pipe",
	[VZCPT_REC_SIGHAND] = "signal handlers",
	[VZCPT_REC_SIGNALS] = "pending signals",
	[VZCPT_REC_FS] = "cwd and root",
	[VZCPT_REC_END] = "end",
	[VZCPT_REC_TASKX] = "task state",
};

const char *rst_rec_name(u16 type)
{
	return type < VZCPT_REC_NR_TYPES && rst_names[type] ? rst_names[type] : "unknown";
}

/*
 * Fill @iter from the image. Not kernel_read(): it refuses a file that also
 * has ->read. Offsets in messages count what was read (a pipe has no position).
 */
int rst_read_iter(struct rst_context *ctx, struct iov_iter *iter)
{
	struct rst_reader *r = &ctx->rd;
	ssize_t n;

	while (iov_iter_count(iter)) {
		n = vfs_iter_read(r->file, iter, &r->pos, 0);
		if (n < 0) {
			rst_err(ctx, "cannot read the image at byte %llu (error %zd)", r->bytes, n);
			return n;
		}
		if (n == 0) {
			rst_err(ctx, "the image is truncated at byte %llu", r->bytes);
			return -EINVAL;
		}
		r->bytes += n;
	}
	return 0;
}

/* Read exactly @len bytes, folding them into the checksum @sum when it is given. */
int rst_read_raw(struct rst_context *ctx, void *buf, size_t len, struct xxh64_state *sum)
{
	struct kvec kv = { .iov_base = buf, .iov_len = len };
	struct iov_iter iter;
	int err;

	iov_iter_kvec(&iter, ITER_DEST, &kv, 1, len);
	err = rst_read_iter(ctx, &iter);
	if (!err && sum)
		xxh64_update(sum, buf, len);
	return err;
}

/* Start the checksum of the record whose header is @h. */
void rst_sum_start(struct xxh64_state *sum, const struct vzcpt_rec *h)
{
	struct vzcpt_rec z = *h;

	z.csum = 0;
	xxh64_reset(sum, 0);
	xxh64_update(sum, &z, sizeof(z));
}

int rst_check_sum(struct rst_context *ctx, struct xxh64_state *sum)
{
	struct rst_reader *r = &ctx->rd;

	if ((u32)xxh64_digest(sum) == r->hdr.csum)
		return 0;
	rst_err(ctx, "the image is corrupt: bad checksum in record %llu (%s) ending at byte %llu",
		r->nr_records, rst_rec_name(r->hdr.type), r->bytes);
	return -EINVAL;
}

/* Read the next record's header (once: a peeked header is kept until consumed). */
int rst_next(struct rst_context *ctx)
{
	struct rst_reader *r = &ctx->rd;
	struct vzcpt_rec *h = &r->hdr;
	int err;

	if (r->peeked)
		return 0;
	err = rst_read_raw(ctx, h, sizeof(*h), NULL);
	if (err)
		return err;
	r->nr_records++;
	if (!h->type || h->type >= VZCPT_REC_NR_TYPES || h->hdr_len != sizeof(*h) ||
	    h->len > VZCPT_REC_MAX_LEN || h->reserved) {
		rst_err(ctx, "the image is corrupt: bad header of record %llu at byte %llu",
			r->nr_records, r->bytes - sizeof(*h));
		return -EINVAL;
	}
	r->peeked = true;
	return 0;
}

/*
 * Consume the peeked record, which must be of @type with at least @min_len
 * bytes, into the reader's buffer; its checksum is left in @sum for the
 * caller to check (with rst_check_sum) before it uses the contents.
 */
int rst_payload_unchecked(struct rst_context *ctx, u16 type, u32 min_len,
			  struct xxh64_state *sum)
{
	struct rst_reader *r = &ctx->rd;
	int err;

	err = rst_next(ctx);
	if (err)
		return err;
	if (r->hdr.type != type || r->hdr.len < min_len || r->hdr.len > RST_BUF_SIZE) {
		rst_err(ctx, "the image is corrupt: record %llu is a %s of %u bytes where a %s was expected",
			r->nr_records, rst_rec_name(r->hdr.type), r->hdr.len, rst_rec_name(type));
		return -EINVAL;
	}
	r->peeked = false;
	rst_sum_start(sum, &r->hdr);
	return rst_read_raw(ctx, r->buf, r->hdr.len, sum);
}

/* rst_payload_unchecked() with the checksum verified. */
int rst_payload(struct rst_context *ctx, u16 type, u32 min_len)
{
	struct xxh64_state sum;
	int err;

	err = rst_payload_unchecked(ctx, type, min_len, &sum);
	return err ? err : rst_check_sum(ctx, &sum);
}
