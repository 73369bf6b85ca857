/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VZCTL_XXH64_H
#define VZCTL_XXH64_H

#include <stddef.h>
#include <stdint.h>

/*
 * XXH64, the image format's record checksum (since format version 2): a record's
 * csum is the low 32 bits of XXH64, seed 0, of its header (hdr_len bytes,
 * csum = 0) followed by its payload. Plain C, no tables and no special
 * instructions, so that it stays cheap under QEMU's TCG, where crc32c was
 * most of a dump's CPU.
 *
 * The state is public so that callers keep it on the stack; its fields are
 * not part of the API.
 */
struct img_xxh64 {
	uint64_t acc[4];
	uint64_t seed;		/* a digest of under 32 bytes starts from it */
	uint64_t total;		/* bytes hashed so far */
	uint8_t buf[32];	/* the start of a stripe not yet complete */
	uint32_t buffered;
};

void img_xxh64_reset(struct img_xxh64 *s, uint64_t seed);
/* Any split of the input into updates gives the same digest. */
void img_xxh64_update(struct img_xxh64 *s, const void *buf, size_t len);
/* Leaves the state as it was: more updates may follow. */
uint64_t img_xxh64_digest(const struct img_xxh64 *s);

uint64_t img_xxh64(const void *buf, size_t len, uint64_t seed);

#endif
