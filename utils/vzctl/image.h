/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sequential reader of checkpoint images: from any fd (a pipe too, it
 * never seeks), one record at a time, each checked before it is returned:
 * header, checksum, the payload's own validator and the links between
 * records (img_check.c's img_state), the same code the kernel runs.
 */
#ifndef VZCTL_IMAGE_H
#define VZCTL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/vzcpt_image.h>

#include "img_check.h"

/* The id map behind struct img_ids, a hash table. */
struct img_idmap {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap, used;
};

void img_idmap_init(struct img_idmap *m, struct img_ids *ids);
void img_idmap_free(struct img_idmap *m);

struct img_reader {
	int fd;
	const char *name;		/* for messages: the file name, or "stdin" */

	/* The record last returned by img_reader_next(). */
	struct vzcpt_rec hdr;
	void *payload;			/* hdr.len bytes, 8-byte aligned */
	uint64_t nr;			/* its number, from 1 */
	uint64_t rec_off;		/* where it starts */

	uint64_t off;			/* bytes read so far */
	struct vzcpt_img_image image;	/* the image header, once read */
	bool ended;			/* the end record was read */
	bool done;			/* ... and nothing follows it */
	char err[512];			/* why the image was refused */

	/* What the next records are checked against. */
	struct img_state state;
	struct img_ids ids;
	struct img_idmap idmap;

	unsigned char *buf;
	size_t cap;
};

/* Start reading the image on @fd; @name is what messages call it. */
void img_reader_init(struct img_reader *r, int fd, const char *name);

/*
 * Read and check the next record into r->hdr and r->payload.
 * Return: 1 with a record (the image header first, the end record last),
 * 0 once the end record was read and nothing follows it, -1 when the image
 * is refused or cannot be read: r->err then holds one line naming the
 * image, the record's number, type and offset, and the reason.
 */
int img_reader_next(struct img_reader *r);

void img_reader_free(struct img_reader *r);

/* Human-readable names for dumpinfo. */
const char *img_vma_kind_name(uint32_t kind);
const char *img_file_kind_name(uint32_t kind);
const char *img_cpuid_word_name(unsigned int word);

#endif
