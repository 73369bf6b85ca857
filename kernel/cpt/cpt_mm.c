// SPDX-License-Identifier: GPL-2.0
/*
 * Dump an address space: its layout, every mapping with the flags that
 * change its behaviour, and the contents of the pages that were ever
 * touched (anonymous and copied-on-write pages, found by walking the page
 * tables, so untouched memory costs nothing). The mappings are taken and
 * their pages found under mmap_lock; the lock is dropped before anything
 * is written, and taken again only to pin one batch of pages at a time:
 * no write to the dump file (or its pipe's lock) is ever made under it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagewalk.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_vmflags.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_ksyms.h"
#include "cpt_mm.h"
#include "cpt_precopy.h"

/* One mapping, taken under mmap_lock and written once it is dropped. */
struct cpt_vma {
	struct vzcpt_img_vma v;
	const void *key;	/* the kernel's vma: its image id, never dereferenced */
	struct file *file;	/* referenced; its path is taken after the lock */
	struct cpt_runs r;
};

int cpt_runs_grow(struct cpt_runs *r)
{
	unsigned int cap = r->cap ? r->cap * 2 : 64;
	unsigned long *s = kvmalloc_array(cap, sizeof(*s), GFP_KERNEL);
	unsigned int *nr = kvmalloc_array(cap, sizeof(*nr), GFP_KERNEL);

	if (!s || !nr) {
		kvfree(s);
		kvfree(nr);
		return -ENOMEM;
	}
	if (r->n) {
		memcpy(s, r->start, r->n * sizeof(*s));
		memcpy(nr, r->nr, r->n * sizeof(*nr));
	}
	kvfree(r->start);
	kvfree(r->nr);
	r->start = s;
	r->nr = nr;
	r->cap = cap;
	return 0;
}

static void cpt_runs_add_kind(struct cpt_runs *r, unsigned long addr, unsigned int ref)
{
	unsigned int last = r->n ? r->nr[r->n - 1] : 0;

	r->pages++;
	if (r->n && (last & CPT_RUN_REF) == ref &&
	    r->start[r->n - 1] + (unsigned long)(last & ~CPT_RUN_REF) * PAGE_SIZE == addr &&
	    (last & ~CPT_RUN_REF) < CPT_PAGES_BATCH) {
		r->nr[r->n - 1]++;
		return;
	}
	r->start[r->n] = addr;
	r->nr[r->n] = 1 | ref;
	r->n++;
}

/* Add the page at @addr; the caller made sure one more run fits. */
void cpt_runs_add(struct cpt_runs *r, unsigned long addr)
{
	cpt_runs_add_kind(r, addr, 0);
}

/*
 * A page to dump at @addr, its soft-dirty bit @dirty: as bytes, as a
 * reference to a pre-copy pass, or (a pass) not at all when the pass
 * before sent it and it was not written since.
 */
static void cpt_runs_page(struct cpt_runs *r, unsigned long addr, bool dirty)
{
	bool clean = r->pc && !dirty && !r->vma_dirty && cpt_precopy_sent(r->pc, addr);

	if (r->pass && clean)
		return;
	cpt_runs_add_kind(r, addr, clean ? CPT_RUN_REF : 0);
}

/* Room for @runs more runs, or stop the walk at @addr to grow first. */
int cpt_runs_room(struct cpt_runs *r, unsigned long addr, unsigned int runs)
{
	if (r->n + runs <= r->cap)
		return 0;
	r->resume = addr;
	return CPT_RUNS_FULL;
}

static int cpt_pte_entry(pte_t *ptep, unsigned long addr, unsigned long next,
			 struct mm_walk *walk)
{
	struct cpt_runs *r = walk->private;
	pte_t pte = ptep_get(ptep);

	if (pte_none(pte))
		return 0;
	if (pte_present(pte)) {
		struct page *page;

		if (pte_special(pte))	/* the zero page: read, never written */
			return 0;
		page = pte_page(pte);
		if (r->file && !PageAnon(page))
			return 0;
	} else if (!is_swap_pte(pte) || is_pte_marker(pte)) {
		return 0;
	}
	if (cpt_runs_room(r, addr, 1))
		return CPT_RUNS_FULL;
	cpt_runs_page(r, addr, pte_present(pte) ? pte_soft_dirty(pte) : pte_swp_soft_dirty(pte));
	return 0;
}

/*
 * A transparent huge page is taken whole, as 512 pages of its mapping,
 * and its pmd left as it is: with a pte_entry alone, walk_page_range()
 * splits every huge pmd it passes (mm/pagewalk.c, walk_pmd_range), and
 * the CT would come back from a dump with no huge pages left. Pinning its
 * pages later (get_user_pages_remote) does not split it either.
 */
static int cpt_pmd_entry(pmd_t *pmd, unsigned long addr, unsigned long next,
			 struct mm_walk *walk)
{
	struct cpt_runs *r = walk->private;
	struct page *page = NULL;
	spinlock_t *ptl;	/* the pmd's page-table lock */
	pmd_t val;

	ptl = pmd_lock(walk->mm, pmd);
	val = *pmd;
	if (pmd_trans_huge(val))
		page = pmd_page(val);
	else if (is_pmd_migration_entry(val))
		page = pfn_swap_entry_to_page(pmd_to_swp_entry(val));
	if (!page) {
		spin_unlock(ptl);
		return 0;	/* a page table: its ptes are walked */
	}
	/* With a pre-copy, each of its pages may be sent or not: as many runs. */
	if (cpt_runs_room(r, addr, r->pc ? (next - addr) / PAGE_SIZE + 1 : 2)) {
		spin_unlock(ptl);
		return CPT_RUNS_FULL;
	}
	walk->action = ACTION_CONTINUE;
	/* Not anonymous: the huge zero page, or a file's page in a private mapping. */
	if (PageAnon(compound_head(page))) {
		bool dirty = pmd_present(val) ? pmd_soft_dirty(val) : pmd_swp_soft_dirty(val);

		for (; addr < next; addr += PAGE_SIZE)
			cpt_runs_page(r, addr, dirty);
	}
	spin_unlock(ptl);
	return 0;
}

const struct mm_walk_ops cpt_walk_ops = {
	.pmd_entry = cpt_pmd_entry,
	.pte_entry = cpt_pte_entry,
};

/* Find the pages to dump of @vma, under mmap_lock. */
int cpt_walk_vma(struct mm_struct *mm, struct vm_area_struct *vma, struct cpt_runs *r)
{
	unsigned long from = vma->vm_start;
	int err;

	for (;;) {
		err = ksym_walk_page_range(mm, from, vma->vm_end, &cpt_walk_ops, r);
		if (err != CPT_RUNS_FULL)
			return err;
		err = cpt_runs_grow(r);
		if (err)
			return err;
		from = r->resume;
	}
}

static int cpt_vma_kind(struct cpt_dump *d, struct vm_area_struct *vma, u32 *kind)
{
	const char *name = vma->vm_ops && vma->vm_ops->name ? vma->vm_ops->name(vma) : NULL;

	if (name && !strcmp(name, "[vdso]")) {
		*kind = VZCPT_VMA_VDSO;
		return 0;
	}
	if (name && !strcmp(name, "[vvar]")) {
		*kind = VZCPT_VMA_VVAR;
		return 0;
	}
	if (vma->vm_file && cpt_async_io_name(vma->vm_file)) {
		cpt_err(d->ctx, "mapping %#lx-%#lx is of %s: asynchronous I/O cannot be carried yet",
			vma->vm_start, vma->vm_end, cpt_async_io_name(vma->vm_file));
		return -EOPNOTSUPP;
	}
	if (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP)) {
		cpt_err(d->ctx, "mapping %#lx-%#lx maps device memory: cannot dump it",
			vma->vm_start, vma->vm_end);
		return -EOPNOTSUPP;
	}
	if (cpt_vma_is_shm(vma)) {
		*kind = VZCPT_VMA_SHMEM;
		return 0;
	}
	if (cpt_vma_sysv(d, vma) >= 0) {
		*kind = VZCPT_VMA_SYSV;
		return 0;
	}
	/* memfd, another namespace's SysV shm: cpt_path() refuses them. */
	*kind = vma->vm_file ? VZCPT_VMA_FILE : VZCPT_VMA_ANON;
	return 0;
}

/*
 * A mapping of a SysV segment is restored by shmat(), which maps the whole
 * segment from its start: one that mremap() moved or resized, or that
 * munmap() or an mprotect() of a part split, is not one shmat() makes.
 */
static int cpt_sysv_take(struct cpt_dump *d, struct vm_area_struct *vma,
			 struct vzcpt_img_vma *v)
{
	const struct cpt_sysv *seg = &d->segs[cpt_vma_sysv(d, vma)];
	u64 size = seg->ds.shm_segsz;

	v->shm_id = seg->id;
	v->shm_size = size;
	if (!vma->vm_pgoff && vma->vm_end - vma->vm_start == PAGE_ALIGN(size))
		return 0;
	cpt_err(d->ctx, "the SysV shared memory segment %d is mapped at %#lx-%#lx from page %lu, not whole as shmat() maps it (mremap(), or a part unmapped or protected otherwise)",
		seg->id, vma->vm_start, vma->vm_end, vma->vm_pgoff);
	return -EOPNOTSUPP;
}

/* Every flag of a mapping is one the restore makes again, or the dump is refused. */
static int cpt_vma_flags(struct cpt_dump *d, struct vm_area_struct *vma, u32 kind)
{
	unsigned long extra = vma->vm_flags & ~(VZ_VM_MAPPED | VZ_VM_ADVISED);

	if (kind == VZCPT_VMA_VDSO || kind == VZCPT_VMA_VVAR)
		return 0;	/* the kernel's own, made again by map_vdso_once() */
	if (!extra)
		return 0;
	cpt_err(d->ctx, "mapping %#lx-%#lx has flags %#lx (userfaultfd, hugetlb, protection keys or a driver's) that cannot be restored",
		vma->vm_start, vma->vm_end, extra);
	return -EOPNOTSUPP;
}

/* Take one mapping and find its pages, under mmap_lock. */
static int cpt_take_vma(struct cpt_dump *d, struct mm_struct *mm, u64 mm_id,
			struct vm_area_struct *vma, struct cpt_vma *cv)
{
	struct vzcpt_img_vma *v = &cv->v;
	int err;

	err = cpt_vma_kind(d, vma, &v->kind);
	if (!err)
		err = cpt_vma_flags(d, vma, v->kind);
	if (err)
		return err;
	cv->key = vma;
	v->mm_id = mm_id;
	v->start = vma->vm_start;
	v->end = vma->vm_end;
	v->pgoff = vma->vm_pgoff;
	v->vm_flags = vma->vm_flags;
	v->prot = (vma->vm_flags & VM_READ ? PROT_READ : 0) |
		  (vma->vm_flags & VM_WRITE ? PROT_WRITE : 0) |
		  (vma->vm_flags & VM_EXEC ? PROT_EXEC : 0);
	/*
	 * VM_MAYSHARE is what mmap() was asked for: a MAP_SHARED mapping of a
	 * file opened read-only has no VM_SHARED (nor VM_MAYWRITE), and is
	 * still shared with the file.
	 */
	v->flags = (vma->vm_flags & VM_MAYSHARE ? MAP_SHARED : MAP_PRIVATE) |
		   (vma->vm_flags & VM_GROWSDOWN ? MAP_GROWSDOWN : 0);
	if (v->kind == VZCPT_VMA_FILE)
		cv->file = get_file(vma->vm_file);
	if (v->kind == VZCPT_VMA_SHMEM) {
		err = cpt_shm_take(d, vma, v, &cv->r);
		if (err)
			return err;
	}
	if (v->kind == VZCPT_VMA_SYSV) {
		err = cpt_sysv_take(d, vma, v);
		if (err)
			return err;
	}
	/* Private memory only: a shared file mapping's contents are the file's. */
	if ((v->kind == VZCPT_VMA_ANON || v->kind == VZCPT_VMA_FILE) &&
	    !(vma->vm_flags & VM_MAYSHARE)) {
		cv->r.file = v->kind == VZCPT_VMA_FILE;
		cv->r.pc = cpt_precopy_mm(d->ctx, mm);
		cv->r.vma_dirty = vma->vm_flags & VM_SOFTDIRTY;
		err = cpt_walk_vma(mm, vma, &cv->r);
		if (err)
			return err;
	}
	v->nr_pages = cv->r.pages;
	return 0;
}

/* Pin a run's pages under mmap_lock, then queue them with the lock dropped. */
static int cpt_dump_vma_pages(struct cpt_dump *d, struct mm_struct *mm, struct cpt_vma *cv,
			      u64 id)
{
	struct cpt_runs *r = &cv->r;
	unsigned int i;
	long got;
	int err = 0;

	for (i = 0; i < r->n && !err; i++) {
		struct page **pages = cpt_pages_slot(d);
		unsigned int nr = r->nr[i] & ~CPT_RUN_REF;

		if (r->nr[i] & CPT_RUN_REF) {
			struct vzcpt_img_pages_ref ref = { .start = r->start[i], .nr = nr };

			err = cpt_write_rec(d, VZCPT_REC_PAGES_REF, id, &ref, sizeof(ref), NULL, 0);
			continue;
		}
		if (mmap_read_lock_killable(mm))
			return -EINTR;
		got = get_user_pages_remote(mm, r->start[i], nr, FOLL_FORCE, pages, NULL, NULL);
		mmap_read_unlock(mm);
		if (got != nr) {
			if (got > 0)
				release_pages(pages, got);
			cpt_err(d->ctx, "cannot read memory at %#lx", r->start[i]);
			return got < 0 ? got : -EFAULT;
		}
		err = cpt_queue_pages(d, id, r->start[i], got);
	}
	return err;
}

static int cpt_dump_vma(struct cpt_dump *d, struct mm_struct *mm, struct cpt_vma *cv,
			char *pathbuf)
{
	struct vzcpt_img_vma *v = &cv->v;
	const char *path = NULL;
	char what[64];
	bool first;
	u64 id;
	int err;

	if (cv->file && cpt_is_ghost(cv->file)) {
		/* A deleted file: the image has it whole (cpt_dump_ghosts()). */
		v->kind = VZCPT_VMA_GHOST;
		v->shm_id = cpt_ghost_id(d, cv->file);
		if (!v->shm_id)
			return -ENOMEM;
	} else if (cv->file) {
		snprintf(what, sizeof(what), "mapping %#llx-%#llx", v->start, v->end);
		path = cpt_path(d, &cv->file->f_path, pathbuf, what);
		if (IS_ERR(path))
			return PTR_ERR(path);
		v->path_len = strlen(path);
	}
	id = cpt_obj_id(d, cv->key, &first);
	if (!id)
		return -ENOMEM;
	err = cpt_write_rec(d, VZCPT_REC_VMA, id, v, sizeof(*v), path, v->path_len);
	if (!err)
		err = cpt_dump_vma_pages(d, mm, cv, id);
	return err;
}

static void cpt_put_vmas(struct cpt_vma *vmas, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		if (vmas[i].file)
			fput(vmas[i].file);
		kvfree(vmas[i].r.start);
		kvfree(vmas[i].r.nr);
	}
	kvfree(vmas);
}

/* mlockall(MCL_FUTURE)'s mark on the mm; any other default flag is refused. */
static int cpt_mlockall(struct cpt_dump *d, struct mm_struct *mm, u32 *mcl)
{
	unsigned long def = mm->def_flags;

	*mcl = (def & VM_LOCKED ? VZCPT_MCL_FUTURE : 0) |
	       (def & VM_LOCKONFAULT ? VZCPT_MCL_ONFAULT : 0);
	if (!(def & ~(VM_LOCKED | VM_LOCKONFAULT)) && *mcl != VZCPT_MCL_ONFAULT)
		return 0;
	cpt_err(d->ctx, "its address space has default flags %#lx that cannot be restored", def);
	return -EOPNOTSUPP;
}

/* The layout and every mapping, under mmap_lock; nothing is written here. */
static int cpt_take_mm(struct cpt_dump *d, struct mm_struct *mm, u64 id,
		       struct vzcpt_img_mm *m, struct cpt_vma **out, unsigned int *nr)
{
	struct vm_area_struct *vma;
	struct cpt_vma *vmas;
	unsigned int n = 0;
	int err;

	if (mmap_read_lock_killable(mm))
		return -EINTR;
	m->start_code = mm->start_code;
	m->end_code = mm->end_code;
	m->start_data = mm->start_data;
	m->end_data = mm->end_data;
	m->start_brk = mm->start_brk;
	m->brk = mm->brk;
	m->start_stack = mm->start_stack;
	m->arg_start = mm->arg_start;
	m->arg_end = mm->arg_end;
	m->env_start = mm->env_start;
	m->env_end = mm->env_end;
	m->vdso = (u64)(unsigned long)mm->context.vdso;
	m->nr_vmas = mm->map_count;
	m->precopy = cpt_precopy_seq(d->ctx, mm);
	BUILD_BUG_ON(sizeof(mm->saved_auxv) > sizeof(m->auxv));
	memcpy(m->auxv, mm->saved_auxv, sizeof(mm->saved_auxv));
	err = cpt_mlockall(d, mm, &m->mlockall);
	vmas = err ? NULL : kvcalloc(m->nr_vmas ? m->nr_vmas : 1, sizeof(*vmas), GFP_KERNEL);
	if (!err && !vmas)
		err = -ENOMEM;
	if (!err) {
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			if (WARN_ON_ONCE(n == m->nr_vmas)) {
				err = -EINVAL;
				break;
			}
			err = cpt_take_vma(d, mm, id, vma, &vmas[n++]);
			if (err)
				break;
		}
	}
	mmap_read_unlock(mm);
	if (!err && n != m->nr_vmas)
		err = -EINVAL;
	if (err) {
		if (vmas)
			cpt_put_vmas(vmas, n);
		return err;
	}
	*out = vmas;
	*nr = n;
	return 0;
}

int cpt_dump_mm(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct mm_struct *mm = get_task_mm(task);
	struct vzcpt_img_mm m = {};
	struct cpt_vma *vmas = NULL;
	unsigned int nr = 0, i;
	struct file *exe;
	const char *exe_path = NULL;
	char *pathbuf, *exebuf;
	int err = 0;

	if (!mm) {
		cpt_err(d->ctx, "its memory is gone: it was killed during the dump");
		cpt_err_task(d, task, "memory");
		return -ESRCH;
	}
	pathbuf = kmalloc(2 * PATH_MAX, GFP_KERNEL);
	if (!pathbuf) {
		mmput(mm);
		return -ENOMEM;
	}
	exebuf = pathbuf + PATH_MAX;
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	if (exe) {
		exe_path = cpt_path(d, &exe->f_path, exebuf, "the executable");
		fput(exe);
		if (IS_ERR(exe_path)) {
			err = PTR_ERR(exe_path);
			goto out;
		}
		m.exe_len = strlen(exe_path);
	}
	err = cpt_take_mm(d, mm, id, &m, &vmas, &nr);
	if (!err)
		err = cpt_write_rec(d, VZCPT_REC_MM, id, &m, sizeof(m), exe_path, m.exe_len);
	for (i = 0; !err && i < nr; i++)
		err = cpt_dump_vma(d, mm, &vmas[i], pathbuf);
	if (vmas)
		cpt_put_vmas(vmas, nr);
out:
	if (err && err != -ENOMEM)
		cpt_err_task(d, task, "memory");
	kfree(pathbuf);
	mmput(mm);
	return err;
}
