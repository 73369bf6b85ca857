/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_PRECOPY_H
#define _CPT_PRECOPY_H

#include <linux/mm_types.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct cpt_context;
struct vzcpt_iter_arg;

/* An address space of the CT that pre-copy passes found (cpt_precopy.c). */
struct cpt_pc_mm {
	/* mmgrab()bed: no other mm takes this address while the context lives */
	struct mm_struct *mm;
	u64 seq;		/* its name in the image; 0 until a pass wrote pages of it */
	struct xarray sent;	/* page number -> a value: the pages a pass sent */
};

int cpt_iter(struct cpt_context *ctx, struct vzcpt_iter_arg *arg);
void cpt_precopy_free(struct cpt_context *ctx);
/* The pre-copy of @mm, or NULL (none, or no pass sent any page of it). */
const struct cpt_pc_mm *cpt_precopy_mm(struct cpt_context *ctx, struct mm_struct *mm);
u64 cpt_precopy_seq(struct cpt_context *ctx, struct mm_struct *mm);

/* Did a pass send the page at @addr? Under page-table locks too: no allocation, no sleep. */
static inline bool cpt_precopy_sent(const struct cpt_pc_mm *pc, unsigned long addr)
{
	return xa_load((struct xarray *)&pc->sent, addr >> PAGE_SHIFT);
}

#endif /* _CPT_PRECOPY_H */
