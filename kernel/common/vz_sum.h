/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_SUM_H
#define _VZ_SUM_H

#include <linux/types.h>
#include <linux/workqueue.h>
#include <linux/xxhash.h>

struct page;

/*
 * The checksum of a batch of pages, taken by a worker on another CPU while
 * the caller moves the batch before it: page checksums then cost the dump
 * and the undump no time on the path they wait on. A small batch is summed
 * in place; queueing it would cost more than it saves.
 */
struct vz_sum_job {
	struct work_struct work;
	struct xxh64_state *sum;
	struct page **pages;
	unsigned int nr;
	bool queued;
};

void vz_sum_job_init(struct vz_sum_job *j);
void vz_sum_job_start(struct vz_sum_job *j, struct xxh64_state *sum, struct page **pages,
		      unsigned int nr);
void vz_sum_job_wait(struct vz_sum_job *j);

#endif /* _VZ_SUM_H */
