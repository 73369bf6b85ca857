/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_DUMP_H
#define _CPT_DUMP_H

#include <linux/path.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <linux/xxhash.h>

#include "../common/vz_sum.h"

/* Pages per PAGES record: large writes, and a bounded pin (2 MiB) at a time. */
#define CPT_PAGES_BATCH	512

struct bio_vec;
struct cpt_context;
struct file;
struct page;
struct task_struct;

/* A PAGES record on its way out: pinned, its checksum taken by a worker. */
struct cpt_batch {
	struct page **pages;	/* CPT_PAGES_BATCH, referenced */
	struct bio_vec *bv;	/* CPT_PAGES_BATCH + 1: its header, then its pages */
	struct page *hdr_page;	/* the record's header */
	unsigned int nr;	/* pages held; 0: the slot is free */
	struct xxh64_state sum;
	struct vz_sum_job job;
};

/* One dump in progress: the output stream and what was written so far. */
struct cpt_dump {
	struct cpt_context *ctx;
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
	struct xarray shm;	/* image id of shared anonymous memory -> struct cpt_shm */
	struct task_struct **tasks;	/* parents first; references held */
	pid_t *pids;		/* theirs in the CT, kept for a task killed during the dump */
	unsigned int nr_tasks;
	struct path root;	/* the CT's root: its init's; every path is taken from it */
};

int cpt_dump(struct cpt_context *ctx);

int cpt_write_rec(struct cpt_dump *d, u16 type, u64 id,
		  const void *a, u32 alen, const void *b, u32 blen);
struct page **cpt_pages_slot(struct cpt_dump *d);
int cpt_queue_pages(struct cpt_dump *d, u64 id, u64 start, unsigned int nr);
u64 cpt_obj_id(struct cpt_dump *d, const void *obj, bool *first);
pid_t cpt_task_nr(struct cpt_dump *d, struct task_struct *task);

int cpt_dump_task(struct cpt_dump *d, struct task_struct *task);
int cpt_dump_mm(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_files(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_fs(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_sighand(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_signals(struct cpt_dump *d, struct task_struct *task, u64 task_id);

#endif /* _CPT_DUMP_H */
