/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_MM_H
#define _CPT_MM_H

#include <linux/types.h>

struct cpt_dump;
struct cpt_pc_mm;
struct vm_area_struct;
struct vzcpt_img_vma;

/*
 * Runs of dumpable pages of one mapping: (start, nr) pairs, in address
 * order. Filled under page-table locks or RCU, so it never allocates
 * there: when it is full the walk stops at @resume, and goes on from
 * there once it grew.
 */
struct cpt_runs {
	unsigned long *start;
	unsigned int *nr;	/* pages, | CPT_RUN_REF for a run of pre-copied pages */
	unsigned int n, cap;
	u64 pages;
	unsigned long resume;
	bool file;	/* a file mapping: page-cache pages come from the file */
	/*
	 * The mm's pre-copy (cpt_precopy.c), or NULL: a final dump marks its
	 * pages that a pass sent and that are clean since as CPT_RUN_REF; a
	 * pass (@pass) takes only the pages that are not.
	 */
	const struct cpt_pc_mm *pc;
	bool pass;
	bool vma_dirty;	/* VM_SOFTDIRTY: a new mapping since the last pass, every page dirty */
};

#define CPT_RUN_REF	0x80000000U

struct mm_struct;
struct mm_walk_ops;
/* The walk of a mapping's private pages into runs, shared by the dump and the passes. */
extern const struct mm_walk_ops cpt_walk_ops;
int cpt_walk_vma(struct mm_struct *mm, struct vm_area_struct *vma, struct cpt_runs *r);

/* The walk stopped because the runs are full; not an error. */
#define CPT_RUNS_FULL	1

int cpt_runs_grow(struct cpt_runs *r);
int cpt_runs_room(struct cpt_runs *r, unsigned long addr, unsigned int runs);
void cpt_runs_add(struct cpt_runs *r, unsigned long addr);

/* cpt_shm.c: shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS, shared across fork). */
bool cpt_vma_is_shm(struct vm_area_struct *vma);
int cpt_shm_take(struct cpt_dump *d, struct vm_area_struct *vma, struct vzcpt_img_vma *v,
		 struct cpt_runs *r);
void cpt_shm_free(struct cpt_dump *d);
int cpt_shmem_present(struct address_space *mapping, pgoff_t from, pgoff_t last,
		      int (*fn)(void *arg, pgoff_t index), void *arg);

#endif /* _CPT_MM_H */
