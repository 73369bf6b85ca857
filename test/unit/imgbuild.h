/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small image builder for the unit tests: valid images like the kernel
 * writes, and, through a tweak callback, hostile ones whose checksums are
 * still right (so that the checks behind the checksum are what refuses them).
 */
#ifndef IMGBUILD_H
#define IMGBUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/vzcpt_image.h>

#define IMGB_MAX_RECS 256

struct imgb {
	uint8_t *buf;
	size_t len, cap;
	unsigned int nr;			/* records written */
	size_t off[IMGB_MAX_RECS];		/* where each starts */
	uint16_t type[IMGB_MAX_RECS];
};

/*
 * Called for each record of the sample before it is written: may change the
 * type, id, the payload (room for 64 KiB) and its length. Return false to drop
 * the record.
 */
typedef bool (*imgb_tweak_fn)(unsigned int index, uint16_t *type, uint64_t *id, void *payload,
			      size_t *len, void *arg);

void imgb_init(struct imgb *b);
void imgb_free(struct imgb *b);
/* Append a record whose payload is @a then @x, checksum computed. */
void imgb_rec(struct imgb *b, uint16_t type, uint64_t id, const void *a, size_t alen,
	      const void *x, size_t xlen);
/* Recompute the checksum of record @i after it was edited in place. */
void imgb_fix_csum(struct imgb *b, unsigned int i);
/* A valid image of three tasks (init, a thread of it, a child), every record type used. */
void imgb_sample(struct imgb *b, imgb_tweak_fn tweak, void *arg);

#endif
