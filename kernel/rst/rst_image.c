// SPDX-License-Identifier: GPL-2.0
/*
 * The image reader. The image is untrusted: every header is checked before
 * its length is used, every payload's checksum before its contents are.
 * Only one task reads at a time (the restore passes the reader along the
 * task tree), so the reader needs no lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/sched/signal.h>
#include <linux/uio.h>
#include <linux/xxhash.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_fault.h"
#include "rst_context.h"

/*
 * The validator's id map: an xarray of the ids the image defined so far.
 * Values are below 2^62, so they fit an xarray value entry.
 */
static u64 rst_ids_get(void *priv, u64 key)
{
	void *v = xa_load(priv, key);

	return xa_is_value(v) ? xa_to_value(v) : 0;
}

static int rst_ids_set(void *priv, u64 key, u64 val)
{
	return xa_err(xa_store(priv, key, xa_mk_value(val), GFP_KERNEL));
}

void rst_reader_init(struct rst_context *ctx)
{
	struct rst_reader *r = &ctx->rd;

	r->chk_ids.get = rst_ids_get;
	r->chk_ids.set = rst_ids_set;
	r->chk_ids.priv = &r->chk_map;
	img_state_init(&r->chk, &r->chk_ids);
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
		/* A pipe's reader waits killably; a killed restore also stops between reads. */
		if (fatal_signal_pending(current)) {
			rst_err(ctx, "the restore was killed while it read byte %llu of the image",
				r->bytes);
			return -EINTR;
		}
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

/* Start the checksum of the record whose header was read last: its header and extension. */
static void rst_sum_start(struct xxh64_state *sum, const struct rst_reader *r)
{
	struct vzcpt_rec z = r->hdr;

	z.csum = 0;
	xxh64_reset(sum, 0);
	xxh64_update(sum, &z, sizeof(z));
	xxh64_update(sum, r->hdr_ext, r->hdr.hdr_len - sizeof(z));
}

int rst_check_sum(struct rst_context *ctx, struct xxh64_state *sum)
{
	struct rst_reader *r = &ctx->rd;

	if ((u32)xxh64_digest(sum) == r->hdr.csum)
		return 0;
	rst_err(ctx, "the image is corrupt: bad checksum in record %llu (%s) ending at byte %llu",
		r->nr_records, img_rec_name(r->hdr.type), r->bytes);
	return -EINVAL;
}

/* Explain a record the validator refused. */
static int rst_refuse(struct rst_context *ctx, int err, const char *why)
{
	struct rst_reader *r = &ctx->rd;

	if (err == -ENOMEM)
		return err;
	rst_err(ctx, "the image is refused: record %llu (%s) at byte %llu: %s", r->nr_records,
		img_rec_name(r->hdr.type), r->rec_off, why);
	return err;
}

/* Read the next record's header (once: a peeked header is kept until consumed). */
int rst_next(struct rst_context *ctx)
{
	struct rst_reader *r = &ctx->rd;
	struct vzcpt_rec *h = &r->hdr;
	int err;

	char why[128];

	if (r->peeked)
		return 0;
	if (vz_fault("record")) {
		rst_err(ctx, "a fault was injected at record %llu", r->nr_records + 1);
		return -ENOMEM;
	}
	r->rec_off = r->bytes;
	err = rst_read_raw(ctx, h, sizeof(*h), NULL);
	if (err)
		return err;
	r->nr_records++;
	if (img_check_rec(h, why, sizeof(why))) {
		rst_err(ctx, "the image is corrupt: bad header of record %llu at byte %llu: %s",
			r->nr_records, r->rec_off, why);
		return -EINVAL;
	}
	/* No extension is defined yet: one is summed and skipped. */
	err = rst_read_raw(ctx, r->hdr_ext, h->hdr_len - sizeof(*h), NULL);
	if (err)
		return err;
	r->peeked = true;
	return 0;
}

/*
 * Consume the peeked record, which must be of @type with at least @min_len
 * bytes, into the reader's buffer, and check it: its checksum, then the
 * shared validator, the record alone and against those before it. Only a
 * record that passed reaches the restore.
 */
int rst_payload(struct rst_context *ctx, u16 type, u32 min_len)
{
	struct rst_reader *r = &ctx->rd;
	struct xxh64_state sum;
	char why[160];
	int err;

	err = rst_next(ctx);
	if (err)
		return err;
	if (r->hdr.type != type || r->hdr.len < min_len || r->hdr.len > RST_BUF_SIZE) {
		rst_err(ctx, "the image is corrupt: record %llu is a %s of %u bytes where a %s was expected",
			r->nr_records, img_rec_name(r->hdr.type), r->hdr.len, img_rec_name(type));
		return -EINVAL;
	}
	r->peeked = false;
	rst_sum_start(&sum, r);
	err = rst_read_raw(ctx, r->buf, r->hdr.len, &sum);
	if (err)
		return err;
	/* An image of another format version may sum differently: name it as such. */
	if (type == VZCPT_REC_IMAGE || type == VZCPT_REC_PRECOPY) {
		err = type == VZCPT_REC_IMAGE ?
		      img_check_ident(r->buf, r->hdr.len, why, sizeof(why)) :
		      img_check_payload(type, r->buf, r->hdr.len, why, sizeof(why));
		if (err)
			return rst_refuse(ctx, err, why);
	}
	err = rst_check_sum(ctx, &sum);
	if (err)
		return err;
	err = img_check_payload(type, r->buf, r->hdr.len, why, sizeof(why));
	if (!err)
		err = img_state_feed(&r->chk, &r->hdr, r->buf, r->rec_off, why, sizeof(why));
	return err ? rst_refuse(ctx, err, why) : 0;
}

/*
 * Consume the peeked PAGES record up to its page data, which the caller
 * reads straight into memory, with @sum going on from its checksum so far.
 * Its head is checked as rst_payload() checks a record; its checksum, only
 * known once the data is read, is the caller's to check.
 */
int rst_pages_head(struct rst_context *ctx, struct vzcpt_img_pages *pg, struct xxh64_state *sum)
{
	struct rst_reader *r = &ctx->rd;
	char why[160];
	int err;

	err = rst_next(ctx);
	if (err)
		return err;
	if (r->hdr.type != VZCPT_REC_PAGES || r->hdr.len < sizeof(*pg)) {
		rst_err(ctx, "the image is corrupt: record %llu is a %s where pages were expected",
			r->nr_records, img_rec_name(r->hdr.type));
		return -EINVAL;
	}
	r->peeked = false;
	rst_sum_start(sum, r);
	err = rst_read_raw(ctx, pg, sizeof(*pg), sum);
	if (err)
		return err;
	err = img_check_pages_head(&r->hdr, pg, why, sizeof(why));
	if (!err)
		err = img_state_feed(&r->chk, &r->hdr, pg, r->rec_off, why, sizeof(why));
	return err ? rst_refuse(ctx, err, why) : 0;
}
