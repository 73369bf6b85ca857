/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_IMAGE_H
#define _CPT_IMAGE_H

#include <linux/types.h>
#include <linux/xarray.h>
#include <linux/xxhash.h>

#include "../common/vz_sum.h"

/* Pages per PAGES record: large writes, and a bounded pin (2 MiB) at a time. */
#define CPT_PAGES_BATCH	512

struct bio_vec;
struct cpt_context;
struct cpt_dump;
struct file;
struct page;
struct pipe_inode_info;

/* A PAGES record on its way out: pinned, its checksum taken by a worker. */
struct cpt_batch {
	struct page **pages;	/* CPT_PAGES_BATCH, referenced */
	struct bio_vec *bv;	/* CPT_PAGES_BATCH + 1: its header, then its pages */
	struct page *hdr_page;	/* the record's header */
	unsigned int nr;	/* pages held; 0: the slot is free */
	struct xxh64_state sum;
	struct vz_sum_job job;
};

/* The image, written front to back with no seeks: the output stream and what went out. */
struct cpt_writer {
	struct cpt_context *ctx;	/* for the reason of a failure */
	struct file *file;
	struct pipe_inode_info *pipe;	/* the file is a pipe: pages go in by reference */
	loff_t pos;
	u64 nr_records;
	u64 bytes;
	char *buf;		/* small records are gathered here */
	size_t buf_len;
	/*
	 * Two batches: one is summed while the one queued before it is
	 * written; batch[cur] is the one to fill next.
	 */
	struct cpt_batch batch[2];
	unsigned int cur;
	struct xarray ids;	/* kernel object -> image id */
	u64 next_id;
};

/* The writer's life, for the order of the dump (cpt_dump.c). */
int cpt_image_open(struct cpt_writer *w, struct cpt_context *ctx, struct file *file);
int cpt_image_write_queued(struct cpt_writer *w);
int cpt_image_end(struct cpt_writer *w);
int cpt_image_sync(struct cpt_writer *w);
void cpt_image_close(struct cpt_writer *w);

/* What the per-kind files write with. */
int cpt_write_rec(struct cpt_dump *d, u16 type, u64 id,
		  const void *a, u32 alen, const void *b, u32 blen);
struct page **cpt_pages_slot(struct cpt_dump *d);
int cpt_queue_pages(struct cpt_dump *d, u64 id, u64 start, unsigned int nr);
u64 cpt_obj_id(struct cpt_dump *d, const void *obj, bool *first);
u64 cpt_new_id(struct cpt_dump *d);

#endif /* _CPT_IMAGE_H */
