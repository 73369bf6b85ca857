// SPDX-License-Identifier: GPL-2.0
/*
 * Dump shared anonymous memory (MAP_SHARED|MAP_ANONYMOUS): one memory
 * object that every task which inherited the mapping across fork maps,
 * perhaps at other offsets after mremap() or a partial munmap(). Each
 * mapping of it names the object and its size; the object's pages go with
 * the first mapping that covers them, each page once, so the restore
 * writes every page once, through that mapping, into the one object every
 * later mapping of it shares.
 *
 * The pages are found in the object itself (its page cache and the swap
 * entries there), not in the task's page tables: a page another task
 * wrote, or one swapped out, is in no page table of this mm.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/xarray.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_mm.h"

/* The ranges of one object (in pages) whose pages went with an earlier mapping. */
struct cpt_shm {
	unsigned int n, cap;
	struct {
		pgoff_t from, to;
	} *seen;
};

/*
 * shmem_zero_setup()'s object: a private inode of the kernel's internal
 * tmpfs named "dev/zero". A memfd ("memfd:...") and SysV shm ("SYSV...")
 * are of the same mount, and refused by cpt_path() until they are carried.
 */
bool cpt_vma_is_shm(struct vm_area_struct *vma)
{
	struct file *f = vma->vm_file;

	return f && vma->vm_flags & VM_MAYSHARE && f->f_path.mnt->mnt_flags & MNT_INTERNAL &&
	       IS_PRIVATE(file_inode(f)) && shmem_mapping(f->f_mapping) &&
	       !strcmp(f->f_path.dentry->d_name.name, "dev/zero");
}

static bool cpt_shm_seen(const struct cpt_shm *s, pgoff_t i)
{
	unsigned int k;

	for (k = 0; k < s->n; k++)
		if (s->seen[k].from <= i && i < s->seen[k].to)
			return true;
	return false;
}

/* Pages [@from, @to) of the object went with a mapping now. */
static int cpt_shm_cover(struct cpt_shm *s, pgoff_t from, pgoff_t to)
{
	unsigned int k;

	if (from >= to)
		return 0;
	/* Mappings shared across fork cover the same range: kept once. */
	for (k = 0; k < s->n; k++)
		if (s->seen[k].from <= from && to <= s->seen[k].to)
			return 0;
	if (s->n == s->cap) {
		unsigned int cap = s->cap ? 2 * s->cap : 4;
		void *p = krealloc_array(s->seen, cap, sizeof(*s->seen), GFP_KERNEL);

		if (!p)
			return -ENOMEM;
		s->seen = p;
		s->cap = cap;
	}
	s->seen[s->n].from = from;
	s->seen[s->n].to = to;
	s->n++;
	return 0;
}

/*
 * Call @fn for each page of shmem @mapping in [@from, @last] that is in
 * its page cache or swapped out (a swap entry there), each page of a huge
 * one, until @fn returns non-zero (returned). Under RCU: @fn must not
 * sleep. The CT is frozen: reclaim only turns a page into a swap entry and
 * back, and either is a page to dump.
 */
int cpt_shmem_present(struct address_space *mapping, pgoff_t from, pgoff_t last,
		      int (*fn)(void *arg, pgoff_t index), void *arg)
{
	XA_STATE(xas, &mapping->i_pages, from);
	void *entry;
	int ret = 0;

	rcu_read_lock();
	xas_for_each(&xas, entry, last) {
		pgoff_t first = xas.xa_index, end, i;

		if (xas_retry(&xas, entry))
			continue;
		end = first + 1;
		if (!xa_is_value(entry)) {
			/* A huge page is one entry: all of its pages, from its aligned start. */
			unsigned long nr = folio_nr_pages(entry);

			if (nr > 1 && nr <= HPAGE_PMD_NR && is_power_of_2(nr)) {
				first &= ~(nr - 1);
				end = first + nr;
			}
		}
		for (i = max(first, from); i < end && i <= last && !ret; i++)
			ret = fn(arg, i);
		if (ret)
			break;
	}
	rcu_read_unlock();
	return ret;
}

struct cpt_shm_walk {
	struct vm_area_struct *vma;
	const struct cpt_shm *s;
	struct cpt_runs *r;
};

/* Take page @i of the object unless an earlier mapping took it, as an address of the vma. */
static int cpt_shm_page(void *arg, pgoff_t i)
{
	struct cpt_shm_walk *w = arg;
	unsigned long addr = w->vma->vm_start + ((i - w->vma->vm_pgoff) << PAGE_SHIFT);

	if (cpt_shm_seen(w->s, i))
		return 0;
	if (cpt_runs_room(w->r, addr, 1))
		return CPT_RUNS_FULL;
	cpt_runs_add(w->r, addr);
	return 0;
}

/* The pages of the object at [@from, @last] that no earlier mapping took, as addresses of @vma. */
static int cpt_shm_walk(struct vm_area_struct *vma, const struct cpt_shm *s, pgoff_t from,
			pgoff_t last, struct cpt_runs *r)
{
	struct cpt_shm_walk w = { .vma = vma, .s = s, .r = r };

	return cpt_shmem_present(vma->vm_file->f_mapping, from, last, cpt_shm_page, &w);
}

/* Name the object of @vma in @v and find the pages of it that go with this mapping. */
int cpt_shm_take(struct cpt_dump *d, struct vm_area_struct *vma, struct vzcpt_img_vma *v,
		 struct cpt_runs *r)
{
	struct inode *inode = file_inode(vma->vm_file);
	pgoff_t from = vma->vm_pgoff, size, last;
	struct cpt_shm *s;
	bool first;
	u64 id;
	int err;

	id = cpt_obj_id(d, inode, &first);
	if (!id)
		return -ENOMEM;
	s = xa_load(&d->shm, id);
	if (!s) {
		s = kzalloc(sizeof(*s), GFP_KERNEL);
		if (!s)
			return -ENOMEM;
		err = xa_err(xa_store(&d->shm, id, s, GFP_KERNEL));
		if (err) {
			kfree(s);
			return err;
		}
	}
	v->shm_id = id;
	v->shm_size = PAGE_ALIGN(i_size_read(inode));
	size = v->shm_size >> PAGE_SHIFT;
	/* Past the object's end (a mapping mremap() grew) there are no pages. */
	if (from >= size)
		return 0;
	last = min_t(pgoff_t, size, from + vma_pages(vma)) - 1;
	for (;;) {
		err = cpt_shm_walk(vma, s, from, last, r);
		if (err != CPT_RUNS_FULL)
			break;
		err = cpt_runs_grow(r);
		if (err)
			return err;
		from = vma->vm_pgoff + ((r->resume - vma->vm_start) >> PAGE_SHIFT);
	}
	return err ? err : cpt_shm_cover(s, vma->vm_pgoff, last + 1);
}

void cpt_shm_free(struct cpt_dump *d)
{
	struct cpt_shm *s;
	unsigned long i;

	xa_for_each(&d->shm, i, s) {
		kfree(s->seen);
		kfree(s);
	}
	xa_destroy(&d->shm);
}
