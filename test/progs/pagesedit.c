// SPDX-License-Identifier: GPL-2.0
/*
 * pagesedit: images whose PAGES records no dump makes, each record's
 * checksum and the END record's counts made right, so that only the page
 * rules of the restore can refuse them.
 *   pagesedit drop IMG OUT     the first PAGES record left out: its mapping incomplete
 *   pagesedit dup IMG OUT      a PAGES record twice, its mapping announcing both
 *   pagesedit shared IMG OUT   a page of 'X' for the first shared file mapping, which
 *                              would write it into the file
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <linux/vzcpt_image.h>

#include "xxh64.h"

static uint8_t *in, *out;
static size_t in_len, out_len, nrec;

static void emit(const void *p, size_t len)
{
	out = realloc(out, out_len + len);
	if (!out)
		exit(1);
	memcpy(out + out_len, p, len);
	out_len += len;
}

/* Emit a record with its checksum computed. */
static void emit_rec(const struct vzcpt_rec *h0, const void *payload)
{
	struct vzcpt_rec h = *h0;
	struct img_xxh64 s;

	h.csum = 0;
	img_xxh64_reset(&s, 0);
	img_xxh64_update(&s, &h, sizeof(h));
	img_xxh64_update(&s, payload, h.len);
	h.csum = (uint32_t)img_xxh64_digest(&s);
	emit(&h, sizeof(h));
	emit(payload, h.len);
	nrec++;
}

int main(int argc, char **argv)
{
	int drop = 0, dup = 0, shared = 0, done = 0;
	uint64_t dup_vma = 0;
	size_t off = 0;
	FILE *f;
	long n;

	if (argc != 4)
		return 2;
	drop = !strcmp(argv[1], "drop");
	dup = !strcmp(argv[1], "dup");
	shared = !strcmp(argv[1], "shared");
	f = fopen(argv[2], "rb");
	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) <= 0 || fseek(f, 0, SEEK_SET))
		return 1;
	in_len = n;
	in = malloc(in_len);
	if (!in || fread(in, 1, in_len, f) != in_len)
		return 1;
	fclose(f);
	/*
	 * dup: the first mapping with room for its first PAGES record twice
	 * announces it twice, so that only the overlap can be refused.
	 */
	for (off = 0; dup && off + sizeof(struct vzcpt_rec) <= in_len;) {
		struct vzcpt_rec *h = (void *)(in + off);
		static struct vzcpt_img_vma last;
		static uint64_t last_id;

		if (h->type == VZCPT_REC_VMA) {
			memcpy(&last, in + off + h->hdr_len, sizeof(last));
			last_id = h->id;
		} else if (h->type == VZCPT_REC_PAGES && h->id == last_id) {
			const struct vzcpt_img_pages *pg = (void *)(in + off + h->hdr_len);

			if ((last.end - last.start) / 4096 >= last.nr_pages + pg->nr) {
				dup_vma = h->id;
				break;
			}
			last_id = 0;	/* only a mapping's first PAGES record */
		}
		off += h->hdr_len + (size_t)h->len;
	}
	for (off = 0; off + sizeof(struct vzcpt_rec) <= in_len;) {
		struct vzcpt_rec h;
		uint8_t *p;

		memcpy(&h, in + off, sizeof(h));
		if (h.hdr_len != sizeof(h) || off + h.hdr_len + h.len > in_len)
			return 1;
		p = in + off + h.hdr_len;
		off += h.hdr_len + (size_t)h.len;
		if (h.type == VZCPT_REC_END) {
			struct vzcpt_img_end end = { .nr_records = nrec, .bytes = out_len };

			emit_rec(&h, &end);
			break;
		}
		if (h.type == VZCPT_REC_VMA && dup && h.id == dup_vma && !done) {
			struct vzcpt_img_vma *v = (void *)p;
			const struct vzcpt_img_pages *pg = (void *)(in + off + sizeof(h));

			v->nr_pages += pg->nr;	/* its first PAGES record follows */
		}
		if (h.type == VZCPT_REC_PAGES && (drop || (dup && h.id == dup_vma)) && !done) {
			done = 1;
			if (drop)
				continue;
			emit_rec(&h, p);
		}
		emit_rec(&h, p);
		if (h.type == VZCPT_REC_VMA && shared && !done) {
			struct vzcpt_img_vma *v = (void *)p;
			static uint8_t page[sizeof(struct vzcpt_img_pages) + 4096];
			struct vzcpt_img_pages *pg = (void *)page;
			struct vzcpt_rec ph = { .type = VZCPT_REC_PAGES, .hdr_len = sizeof(ph),
						.len = sizeof(page), .id = h.id };

			if (v->kind != VZCPT_VMA_FILE || !(v->flags & MAP_SHARED))
				continue;
			pg->start = v->start;
			pg->nr = 1;
			memset(pg + 1, 'X', 4096);
			emit_rec(&ph, page);
			done = 1;
		}
	}
	if (!done) {
		fprintf(stderr, "pagesedit: nothing to %s in %s\n", argv[1], argv[2]);
		return 1;
	}
	f = fopen(argv[3], "wb");
	if (!f || fwrite(out, 1, out_len, f) != out_len || fclose(f))
		return 1;
	return 0;
}
