/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A sequential reader of checkpoint images: from any fd (a pipe too, it
 * never seeks), one record at a time, each checked before it is returned:
 * header, checksum, the payload's own validator (img_check.c, shared with
 * the kernel), and the links between records that can be checked on the
 * way (the image header first, ids of the task being read, mappings in
 * their address space, pages inside their mapping, the end record last
 * with the right count of records and bytes).
 */
#ifndef VZCTL_IMAGE_H
#define VZCTL_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/vzcpt_image.h>

#include "img_check.h"

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
	uint32_t tasks;
	bool have_uts;
	struct vzcpt_img_task task;	/* the task being read */
	bool in_task;
	uint64_t mm_id;			/* the address space whose mappings follow */
	uint32_t vmas_left;
	uint64_t vma_id, vma_end, vma_next;	/* the mapping whose pages follow */
	uint64_t vma_pages_left;
	bool in_mm, in_vma;

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
