// SPDX-License-Identifier: GPL-2.0
/*
 * Dump an address space: its layout, every mapping, and the contents of the
 * pages that were ever touched (anonymous and copied-on-write pages, found
 * by walking the page tables, so untouched memory costs nothing).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pagewalk.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/swap.h>
#include <linux/swapops.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_ksyms.h"

/* Runs of dumpable pages of one mapping: (start, nr) pairs. */
struct cpt_runs {
	unsigned long *start;
	unsigned int *nr;
	unsigned int n, cap;
	u64 pages;
	bool file;	/* a file mapping: page-cache pages come from the file */
};

static int cpt_runs_add(struct cpt_runs *r, unsigned long addr)
{
	if (r->n && r->start[r->n - 1] + (unsigned long)r->nr[r->n - 1] * PAGE_SIZE == addr &&
	    r->nr[r->n - 1] < CPT_PAGES_BATCH) {
		r->nr[r->n - 1]++;
		r->pages++;
		return 0;
	}
	if (r->n == r->cap) {
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
	}
	r->start[r->n] = addr;
	r->nr[r->n] = 1;
	r->n++;
	r->pages++;
	return 0;
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
	return cpt_runs_add(r, addr);
}

static const struct mm_walk_ops cpt_walk_ops = {
	.pte_entry = cpt_pte_entry,
};

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
	if (vma->vm_flags & (VM_IO | VM_PFNMAP | VM_MIXEDMAP)) {
		cpt_err(d->ctx, "mapping %#lx-%#lx maps device memory: cannot dump it",
			vma->vm_start, vma->vm_end);
		return -EOPNOTSUPP;
	}
	if (!vma->vm_file) {
		*kind = VZCPT_VMA_ANON;
		return 0;
	}
	/* Shared anonymous memory and SysV shm live in tmpfs files of their own. */
	if (vma->vm_flags & VM_SHARED && file_inode(vma->vm_file)->i_sb->s_magic == TMPFS_MAGIC) {
		cpt_err(d->ctx, "mapping %#lx-%#lx is shared memory: cannot dump it yet",
			vma->vm_start, vma->vm_end);
		return -EOPNOTSUPP;
	}
	*kind = VZCPT_VMA_FILE;
	return 0;
}

static int cpt_dump_vma_pages(struct cpt_dump *d, struct mm_struct *mm,
			      struct cpt_runs *r, u64 id)
{
	unsigned int i;
	long got;
	int err = 0;

	for (i = 0; i < r->n && !err; i++) {
		struct page **pages = cpt_pages_slot(d);

		got = get_user_pages_remote(mm, r->start[i], r->nr[i], FOLL_FORCE, pages,
					    NULL, NULL);
		if (got != r->nr[i]) {
			if (got > 0)
				release_pages(pages, got);
			cpt_err(d->ctx, "cannot read memory at %#lx of CT %u", r->start[i],
				d->ctx->ctid);
			return got < 0 ? got : -EFAULT;
		}
		err = cpt_queue_pages(d, id, r->start[i], got);
	}
	return err;
}

static int cpt_dump_vma(struct cpt_dump *d, struct mm_struct *mm, u64 mm_id,
			struct vm_area_struct *vma, char *pathbuf)
{
	struct vzcpt_img_vma v = {};
	struct cpt_runs r = {};
	const char *path = NULL;
	bool first;
	u64 id;
	int err;

	err = cpt_vma_kind(d, vma, &v.kind);
	if (err)
		return err;
	v.mm_id = mm_id;
	v.start = vma->vm_start;
	v.end = vma->vm_end;
	v.pgoff = vma->vm_pgoff;
	v.vm_flags = vma->vm_flags;
	v.prot = (vma->vm_flags & VM_READ ? PROT_READ : 0) |
		 (vma->vm_flags & VM_WRITE ? PROT_WRITE : 0) |
		 (vma->vm_flags & VM_EXEC ? PROT_EXEC : 0);
	v.flags = (vma->vm_flags & VM_SHARED ? MAP_SHARED : MAP_PRIVATE) |
		  (vma->vm_flags & VM_GROWSDOWN ? MAP_GROWSDOWN : 0);
	if (v.kind == VZCPT_VMA_FILE) {
		path = cpt_path(d, &vma->vm_file->f_path, pathbuf, "mapping");
		if (IS_ERR(path))
			return PTR_ERR(path);
		v.path_len = strlen(path);
	}
	/* Private memory only: a shared file mapping's contents are the file's. */
	if ((v.kind == VZCPT_VMA_ANON || v.kind == VZCPT_VMA_FILE) &&
	    !(vma->vm_flags & VM_SHARED)) {
		r.file = v.kind == VZCPT_VMA_FILE;
		err = ksym_walk_page_range(mm, vma->vm_start, vma->vm_end, &cpt_walk_ops, &r);
		if (err)
			goto out;
	}
	v.nr_pages = r.pages;
	id = cpt_obj_id(d, vma, &first);
	err = id ? cpt_write_rec(d, VZCPT_REC_VMA, id, &v, sizeof(v), path, v.path_len) :
		   -ENOMEM;
	if (!err)
		err = cpt_dump_vma_pages(d, mm, &r, id);
out:
	kvfree(r.start);
	kvfree(r.nr);
	return err;
}

int cpt_dump_mm(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct mm_struct *mm = get_task_mm(task);
	struct vzcpt_img_mm m = {};
	struct vm_area_struct *vma;
	struct file *exe;
	const char *exe_path = NULL;
	char *pathbuf;
	int err = 0;

	if (!mm)
		return -ESRCH;
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!pathbuf) {
		mmput(mm);
		return -ENOMEM;
	}
	rcu_read_lock();
	exe = rcu_dereference(mm->exe_file);
	if (exe && !get_file_rcu(exe))
		exe = NULL;
	rcu_read_unlock();
	if (exe) {
		exe_path = cpt_path(d, &exe->f_path, pathbuf, "executable");
		fput(exe);
		if (IS_ERR(exe_path)) {
			err = PTR_ERR(exe_path);
			goto out;
		}
		m.exe_len = strlen(exe_path);
	}

	mmap_read_lock(mm);
	m.start_code = mm->start_code;
	m.end_code = mm->end_code;
	m.start_data = mm->start_data;
	m.end_data = mm->end_data;
	m.start_brk = mm->start_brk;
	m.brk = mm->brk;
	m.start_stack = mm->start_stack;
	m.arg_start = mm->arg_start;
	m.arg_end = mm->arg_end;
	m.env_start = mm->env_start;
	m.env_end = mm->env_end;
	m.vdso = (u64)(unsigned long)mm->context.vdso;
	m.nr_vmas = mm->map_count;
	BUILD_BUG_ON(sizeof(mm->saved_auxv) > sizeof(m.auxv));
	memcpy(m.auxv, mm->saved_auxv, sizeof(mm->saved_auxv));
	err = cpt_write_rec(d, VZCPT_REC_MM, id, &m, sizeof(m), exe_path, m.exe_len);
	if (!err) {
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			err = cpt_dump_vma(d, mm, id, vma, pathbuf);
			if (err)
				break;
		}
	}
	mmap_read_unlock(mm);
	if (err && err != -ENOMEM)
		cpt_err_task(d, task, "memory");
out:
	kfree(pathbuf);
	mmput(mm);
	return err;
}
