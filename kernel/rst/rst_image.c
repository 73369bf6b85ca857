// SPDX-License-Identifier: GPL-2.0
/*
 * The image reader. The image is untrusted: every header is checked before
 * its length is used, every payload's checksum before its contents are.
 * Only one task reads at a time (the restore passes the reader along the
 * task tree), so the reader needs no lock.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/crc32c.h>
#include <linux/fs.h>
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
};

const char *rst_rec_name(u16 type)
{
	return type < VZCPT_REC_NR_TYPES && rst_names[type] ? rst_names[type] : "unknown";
}

/* Read exactly @len bytes, folding them into *@crc when it is given. */
int rst_read_raw(struct rst_context *ctx, void *buf, size_t len, u32 *crc)
{
	struct rst_reader *r = &ctx->rd;
	char *p = buf;
	size_t left = len;
	ssize_t n;

	while (left) {
		n = kernel_read(r->file, p, left, &r->pos);
		if (n < 0) {
			rst_err(ctx, "cannot read the image at byte %lld (error %zd)", r->pos, n);
			return n;
		}
		if (n == 0) {
			rst_err(ctx, "the image is truncated at byte %lld", r->pos);
			return -EINVAL;
		}
		p += n;
		left -= n;
	}
	if (crc)
		*crc = crc32c(*crc, buf, len);
	r->bytes += len;
	return 0;
}

u32 rst_crc_start(const struct vzcpt_rec *h)
{
	struct vzcpt_rec z = *h;

	z.csum = 0;
	return crc32c(~0U, &z, sizeof(z));
}

int rst_check_crc(struct rst_context *ctx, u32 crc)
{
	struct rst_reader *r = &ctx->rd;

	if (~crc == r->hdr.csum)
		return 0;
	rst_err(ctx, "the image is corrupt: bad checksum in record %llu (%s) ending at byte %lld",
		r->nr_records, rst_rec_name(r->hdr.type), r->pos);
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
		rst_err(ctx, "the image is corrupt: bad header of record %llu at byte %lld",
			r->nr_records, r->pos - (loff_t)sizeof(*h));
		return -EINVAL;
	}
	r->peeked = true;
	return 0;
}

/*
 * Consume the peeked record, which must be of @type with at least @min_len
 * bytes, into the reader's buffer, checksum verified.
 */
int rst_payload(struct rst_context *ctx, u16 type, u32 min_len)
{
	struct rst_reader *r = &ctx->rd;
	u32 crc;
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
	crc = rst_crc_start(&r->hdr);
	err = rst_read_raw(ctx, r->buf, r->hdr.len, &crc);
	if (!err)
		err = rst_check_crc(ctx, crc);
	return err;
}
