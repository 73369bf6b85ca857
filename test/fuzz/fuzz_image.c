// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of the shared image validator: the input is a record
 * stream, each record's header through img_check_rec(), its payload
 * through img_check_payload() and then into one struct img_state with the
 * user-space id map, as the kernel's reader and vzctl feed them. No
 * checksums: they would stop the fuzzer at the first record, and the
 * validator is what stands behind them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct img_idmap map;
	struct img_state st;
	struct img_ids ids;
	struct vzcpt_rec h;
	char why[256];
	size_t off = 0;
	void *p;

	img_idmap_init(&map, &ids);
	img_state_init(&st, &ids);
	while (size - off >= sizeof(h)) {
		memcpy(&h, data + off, sizeof(h));
		if (img_check_rec(&h, why, sizeof(why)) || h.hdr_len > size - off ||
		    h.len > size - off - h.hdr_len)
			break;
		/* Exactly the payload's length, so that ASan sees any read past it. */
		p = malloc(h.len ? h.len : 1);
		if (!p)
			break;
		memcpy(p, data + off + h.hdr_len, h.len);
		if (h.type == VZCPT_REC_PAGES && h.len >= sizeof(struct vzcpt_img_pages) &&
		    img_check_pages_head(&h, p, why, sizeof(why))) {
			free(p);
			break;
		}
		if (img_check_payload(h.type, p, h.len, why, sizeof(why)) ||
		    img_state_feed(&st, &h, p, off, why, sizeof(why))) {
			free(p);
			break;
		}
		free(p);
		off += h.hdr_len + h.len;
	}
	img_idmap_free(&map);
	return 0;
}
