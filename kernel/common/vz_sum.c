// SPDX-License-Identifier: GPL-2.0
/* Page checksums on another CPU (see vz_sum.h). */
#include <linux/cpumask.h>
#include <linux/highmem.h>
#include <linux/sched.h>

#include "vz_sum.h"

/* Below this many pages a batch is summed by its caller. */
#define VZ_SUM_ASYNC_MIN	32

static void vz_sum_pages(struct xxh64_state *sum, struct page **pages, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		void *p = kmap_local_page(pages[i]);

		xxh64_update(sum, p, PAGE_SIZE);
		kunmap_local(p);
		if ((i & 63) == 63)
			cond_resched();
	}
}

static void vz_sum_work(struct work_struct *w)
{
	struct vz_sum_job *j = container_of(w, struct vz_sum_job, work);

	vz_sum_pages(j->sum, j->pages, j->nr);
}

void vz_sum_job_init(struct vz_sum_job *j)
{
	INIT_WORK(&j->work, vz_sum_work);
	j->queued = false;
}

/* Fold @nr pinned pages into @sum; the pages and @sum are the job's until vz_sum_job_wait(). */
void vz_sum_job_start(struct vz_sum_job *j, struct xxh64_state *sum, struct page **pages,
		      unsigned int nr)
{
	if (WARN_ON_ONCE(j->queued))
		vz_sum_job_wait(j);
	if (nr < VZ_SUM_ASYNC_MIN || num_online_cpus() < 2) {
		vz_sum_pages(sum, pages, nr);
		return;
	}
	j->sum = sum;
	j->pages = pages;
	j->nr = nr;
	j->queued = true;
	queue_work(system_unbound_wq, &j->work);
}

void vz_sum_job_wait(struct vz_sum_job *j)
{
	if (!j->queued)
		return;
	flush_work(&j->work);
	j->queued = false;
}
