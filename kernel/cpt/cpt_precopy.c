// SPDX-License-Identifier: GPL-2.0
/*
 * Iterative pre-copy (CPT_ITER): while the CT runs, write the pages of its
 * memory written since the pass before (all of them the first time), so
 * that the final dump, with the CT frozen, only writes what changed since
 * the last pass and refers to the rest (VZCPT_REC_PAGES_REF).
 *
 * Writes are tracked with the kernel's soft-dirty bits. One pass:
 *   1. freeze the CT (its cgroup, as SUSPEND does, but not its network);
 *   2. walk each of its address spaces: a page to send is one whose pte
 *      (or huge pmd, or swap entry) is soft-dirty, in a VM_SOFTDIRTY
 *      mapping, or never sent;
 *   3. clear the soft-dirty bits of each address space;
 *   4. thaw the CT, then read the pages found in 2 and write them.
 * The freeze makes 2 and 3 one instant C: a page not written between C
 * and the read in 4 is read as it was at C, and one written after C is
 * soft-dirty again, so the next pass (or the final dump) sends it again.
 * The pages are copied before their checksum is taken: the CT may write
 * them while they are on their way out.
 *
 * Why the final dump may take a page from the passes. It does so for a
 * page present now, sent by some pass, not soft-dirty and not in a
 * VM_SOFTDIRTY mapping. Let k be the last pass that sent it: at every
 * later pass and at the freeze it was clean, so nothing wrote it after C_k,
 * and what pass k read after C_k is what it holds now. The restore keeps,
 * for each address, what the last pass that sent it carried. What can
 * change a page other than a write, and why the final dump still sees it:
 *   - munmap() then a new mapping at the address: a new mapping is
 *     VM_SOFTDIRTY (its pages all dirty) until a pass clears it, and a
 *     page faulted in after that is soft-dirty (pte_mkdirty() sets it);
 *   - mremap(): moved ptes are made soft-dirty (move_soft_dirty_pte());
 *   - MADV_DONTNEED then a fault: a written page is soft-dirty; a read
 *     one is the zero page, which nobody dumps;
 *   - swap: a swap entry keeps the bit (pte_swp_soft_dirty()), and so
 *     does the page swapped back in;
 *   - fork(), execve(): a new mm, with no pre-copy of its own: all its
 *     pages go into the final image. An mm is held (mmgrab()) by the
 *     context, so no new one can take the address of one that is gone;
 *   - KSM merges only identical pages: the contents do not change.
 * A page a pass found but could not read (it went away between the walk
 * and the read) is written as zeros and not counted as sent.
 *
 * The bits are cleared as writing "4" to /proc/PID/clear_refs does, by
 * that very file: clear_refs_write() is static, and a walk of our own
 * would have to write-protect the ptes, flush the TLB and tell MMU
 * notifiers as it does. Its ->write takes a user buffer: the "4" is put
 * in a page mapped in the caller (vzctl) for the pass. A task whose bits
 * could not be cleared is only resent more: an uncleared bit reads dirty.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_fault.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_freeze.h"
#include "cpt_image.h"
#include "cpt_mm.h"
#include "cpt_precopy.h"

/* One address space in this pass. */
struct cpt_pc_item {
	struct cpt_pc_mm *pc;
	struct mm_struct *mm;	/* mmget() for the pass */
	struct pid *pid;	/* a task of it, whose clear_refs clears its bits */
	struct cpt_runs r;	/* the pages to send */
};

struct cpt_pass {
	struct cpt_pc_item *items;
	unsigned int n, cap;
};

const struct cpt_pc_mm *cpt_precopy_mm(struct cpt_context *ctx, struct mm_struct *mm)
{
	struct cpt_pc_mm *pc = xa_load(&ctx->precopy, (unsigned long)mm);

	return pc && pc->seq ? pc : NULL;
}

u64 cpt_precopy_seq(struct cpt_context *ctx, struct mm_struct *mm)
{
	const struct cpt_pc_mm *pc = cpt_precopy_mm(ctx, mm);

	return pc ? pc->seq : 0;
}

void cpt_precopy_free(struct cpt_context *ctx)
{
	struct cpt_pc_mm *pc;
	unsigned long i;

	xa_for_each(&ctx->precopy, i, pc) {
		xa_destroy(&pc->sent);
		mmdrop(pc->mm);
		kfree(pc);
	}
	xa_destroy(&ctx->precopy);
}

static struct cpt_pc_mm *cpt_pc_get(struct cpt_context *ctx, struct mm_struct *mm)
{
	struct cpt_pc_mm *pc = xa_load(&ctx->precopy, (unsigned long)mm);
	int err;

	if (pc)
		return pc;
	pc = kzalloc(sizeof(*pc), GFP_KERNEL);
	if (!pc)
		return ERR_PTR(-ENOMEM);
	xa_init(&pc->sent);
	mmgrab(mm);
	pc->mm = mm;
	err = xa_err(xa_store(&ctx->precopy, (unsigned long)mm, pc, GFP_KERNEL));
	if (err) {
		mmdrop(mm);
		kfree(pc);
		return ERR_PTR(err);
	}
	return pc;
}

/* Add @mm (referenced; the pass takes the reference) of the task of @pid, once. */
static int cpt_pass_add(struct cpt_context *ctx, struct cpt_pass *p, struct mm_struct *mm,
			struct pid *pid)
{
	struct cpt_pc_item *it;
	struct cpt_pc_mm *pc;
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		if (p->items[i].mm == mm) {
			mmput(mm);
			return 0;
		}
	}
	if (p->n == p->cap) {
		unsigned int cap = p->cap ? 2 * p->cap : 16;

		it = kvcalloc(cap, sizeof(*it), GFP_KERNEL);
		if (!it) {
			mmput(mm);
			return -ENOMEM;
		}
		if (p->n)
			memcpy(it, p->items, p->n * sizeof(*it));
		kvfree(p->items);
		p->items = it;
		p->cap = cap;
	}
	pc = cpt_pc_get(ctx, mm);
	if (IS_ERR(pc)) {
		mmput(mm);
		return PTR_ERR(pc);
	}
	it = &p->items[p->n++];
	it->pc = pc;
	it->mm = mm;
	it->pid = get_pid(pid);
	return 0;
}

/* Every address space of the CT's tasks, each once. */
static int cpt_pass_collect(struct cpt_context *ctx, struct cpt_pass *p)
{
	struct task_struct *t;
	struct mm_struct *mm;
	struct pid *pid;
	int nr = 1, err;

	for (;;) {
		rcu_read_lock();
		pid = find_ge_pid(nr, ctx->pidns);
		t = NULL;
		if (pid) {
			nr = pid_nr_ns(pid, ctx->pidns) + 1;
			t = pid_task(pid, PIDTYPE_PID);
			if (t)
				get_task_struct(t);
			get_pid(pid);
		}
		rcu_read_unlock();
		if (!pid)
			return 0;
		mm = t ? get_task_mm(t) : NULL;	/* none for a zombie */
		if (t)
			put_task_struct(t);
		err = mm ? cpt_pass_add(ctx, p, mm, pid) : 0;
		put_pid(pid);
		if (err)
			return err;
	}
}

/* The mms sent before first, by seq, the new ones after (their seq comes when written). */
static int cpt_pc_cmp(const void *a, const void *b)
{
	u64 x = ((const struct cpt_pc_item *)a)->pc->seq ?: U64_MAX;
	u64 y = ((const struct cpt_pc_item *)b)->pc->seq ?: U64_MAX;

	return x < y ? -1 : x > y;
}

/* Private memory whose pages a dump writes (cpt_take_vma()): the rest is not pre-copied. */
static bool cpt_pc_vma(struct vm_area_struct *vma)
{
	if (vma->vm_flags & (VM_MAYSHARE | VM_IO | VM_PFNMAP | VM_MIXEDMAP))
		return false;
	return !(vma->vm_ops && vma->vm_ops->name);	/* [vdso], [vvar] */
}

/* Step 2, the CT frozen: the pages of @it to send. */
static int cpt_pass_walk(struct cpt_pc_item *it)
{
	VMA_ITERATOR(vmi, it->mm, 0);
	struct vm_area_struct *vma;
	int err = 0;

	it->r.pc = it->pc;
	it->r.pass = true;
	if (mmap_read_lock_killable(it->mm))
		return -EINTR;
	for_each_vma(vmi, vma) {
		if (!cpt_pc_vma(vma))
			continue;
		it->r.file = !!vma->vm_file;
		it->r.vma_dirty = vma->vm_flags & VM_SOFTDIRTY;
		err = cpt_walk_vma(it->mm, vma, &it->r);
		if (err)
			break;
	}
	mmap_read_unlock(it->mm);
	return err;
}

/*
 * Step 3, the CT frozen: clear the soft-dirty bits of @it's mm through
 * /proc/PID/clear_refs, @ubuf holding "4". The task is frozen and its pid
 * still its own after the open, so the file opened is that task's.
 */
static void cpt_pass_clear(struct cpt_context *ctx, struct cpt_pc_item *it,
			   const char __user *ubuf)
{
	pid_t nr = pid_nr_ns(it->pid, task_active_pid_ns(current));
	char path[32];
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	if (!nr)
		return;
	snprintf(path, sizeof(path), "/proc/%d/clear_refs", nr);
	f = filp_open(path, O_WRONLY, 0);
	if (IS_ERR(f))
		return;
	if (pid_has_task(it->pid, PIDTYPE_PID) && f->f_op->write) {
		n = f->f_op->write(f, ubuf, 1, &pos);
		if (n != 1)
			pr_debug("CT %u: clear_refs of %d: %zd\n", ctx->ctid, nr, n);
	}
	fput(f);
}

/* Take the pages of @nr references in @slot private: the CT may write the originals. */
static int cpt_pass_copy(struct page **slot, unsigned int nr)
{
	unsigned int i;

	for (i = 0; i < nr; i++) {
		struct page *copy = alloc_page(GFP_KERNEL);

		if (!copy) {
			release_pages(slot, nr);
			return -ENOMEM;
		}
		copy_highpage(copy, slot[i]);
		put_page(slot[i]);
		slot[i] = copy;
	}
	return 0;
}

/* Read and write one run of pages of @it, from @start. */
static int cpt_pass_run(struct cpt_dump *d, struct cpt_pc_item *it, unsigned long start,
			unsigned int nr)
{
	unsigned long idx = start >> PAGE_SHIFT;
	unsigned int done, k;
	bool gone;
	long got;
	int err;

	for (done = 0; done < nr; done += got) {
		struct page **slot = cpt_pages_slot(d);

		/* Failing here leaves part of the pass out: the stream is lost, the CT runs on. */
		if (vz_fault("pre-copy read"))
			return -ENOMEM;
		if (mmap_read_lock_killable(it->mm))
			return -EINTR;
		got = get_user_pages_remote(it->mm, start + (unsigned long)done * PAGE_SIZE,
					    nr - done, FOLL_FORCE, slot, NULL, NULL);
		mmap_read_unlock(it->mm);
		gone = got <= 0;
		if (gone) {
			slot[0] = alloc_page(GFP_KERNEL | __GFP_ZERO);
			if (!slot[0])
				return -ENOMEM;
			got = 1;
		} else {
			err = cpt_pass_copy(slot, got);
			if (err)
				return err;
		}
		err = cpt_queue_pages(d, it->pc->seq, start + (unsigned long)done * PAGE_SIZE, got);
		if (err)
			return err;
		for (k = 0; k < got; k++) {
			if (gone) {
				xa_erase(&it->pc->sent, idx + done + k);
				continue;
			}
			err = xa_err(xa_store(&it->pc->sent, idx + done + k, xa_mk_value(1),
					      GFP_KERNEL));
			if (err)
				return err;
		}
	}
	return 0;
}

/* Step 4: the pages of @it, as pass @pass's record of its mm and its PAGES. */
static int cpt_pass_write(struct cpt_dump *d, struct cpt_pc_item *it, u32 pass)
{
	struct vzcpt_img_precopy pc = {
		.version = VZCPT_IMAGE_VERSION, .pass = pass, .nr_pages = it->r.pages,
	};
	struct cpt_runs *r = &it->r;
	unsigned int i;
	int err;

	if (!r->pages)
		return 0;
	if (!it->pc->seq)
		it->pc->seq = ++d->ctx->pc_max_seq;
	memcpy(pc.magic, VZCPT_IMAGE_MAGIC, sizeof(pc.magic));
	err = cpt_write_rec(d, VZCPT_REC_PRECOPY, it->pc->seq, &pc, sizeof(pc), NULL, 0);
	for (i = 0; !err && i < r->n; i++)
		err = cpt_pass_run(d, it, r->start[i], r->nr[i]);
	return err;
}

static void cpt_pass_free(struct cpt_pass *p)
{
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		mmput(p->items[i].mm);
		put_pid(p->items[i].pid);
		kvfree(p->items[i].r.start);
		kvfree(p->items[i].r.nr);
	}
	kvfree(p->items);
}

/* Steps 1 to 3; the CT runs again when this returns. */
static int cpt_pass_find(struct cpt_context *ctx, struct cpt_pass *p, u64 *frozen_ns)
{
	unsigned long ubuf;
	unsigned int i;
	u64 t0;
	int err;

	ubuf = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(ubuf))
		return ubuf;
	err = copy_to_user((void __user *)ubuf, "4", 1) ? -EFAULT : 0;
	t0 = ktime_get_ns();
	if (!err)
		err = cpt_freeze_tasks(ctx);
	if (!err) {
		/* The CT is frozen from here to the thaw, which any failure still reaches. */
		if (vz_fault("pre-copy frozen"))
			err = -ENOMEM;
		for (i = 0; !err && i < p->n; i++)
			err = cpt_pass_walk(&p->items[i]);
		for (i = 0; !err && i < p->n; i++)
			cpt_pass_clear(ctx, &p->items[i], (const char __user *)ubuf);
		/*
		 * The bits are cleared: a pass failing now leaves the pages
		 * they marked in none, and only a new stream is sound.
		 */
		if (!err && vz_fault("pre-copy thaw")) {
			ctx->pc_failed = true;
			err = -ENOMEM;
		}
		cpt_thaw_tasks(ctx);
		*frozen_ns = ktime_get_ns() - t0;
	}
	vm_munmap(ubuf, PAGE_SIZE);
	return err;
}

int cpt_iter(struct cpt_context *ctx, struct vzcpt_iter_arg *arg)
{
	struct cpt_dump d = { .ctx = ctx };
	struct cpt_pass p = {};
	u32 pass = ctx->pc_pass + 1;
	bool wrote = false;
	u64 pages = 0;
	unsigned int i;
	int err;

	if (!IS_ENABLED(CONFIG_MEM_SOFT_DIRTY)) {
		cpt_err(ctx, "this kernel does not track soft-dirty pages: no pre-copy");
		return -EOPNOTSUPP;
	}
	if (!ctx->dumpfile) {
		cpt_err(ctx, "no dump file was given for CT %u", ctx->ctid);
		return -EBADF;
	}
	if (!ctx->pc_faults) {
		vz_fault_start();
		ctx->pc_faults = true;
	}
	err = cpt_image_open(&d.w, ctx, ctx->dumpfile);
	if (!err)
		err = cpt_pass_collect(ctx, &p);
	if (!err) {
		sort(p.items, p.n, sizeof(*p.items), cpt_pc_cmp, NULL);
		err = cpt_pass_find(ctx, &p, &arg->frozen_ns);
	}
	wrote = !err;
	for (i = 0; !err && i < p.n; i++) {
		err = cpt_pass_write(&d, &p.items[i], pass);
		pages += p.items[i].r.pages;
	}
	if (!err)
		err = cpt_image_sync(&d.w);
	cpt_image_close(&d.w);
	cpt_pass_free(&p);
	if (err) {
		/* Part of a pass may be out: the stream can only be thrown away. */
		if (wrote)
			ctx->pc_failed = true;
		if (!ctx->errmsg[0])
			cpt_err(ctx, "pre-copy pass %u of CT %u failed (error %d)", pass,
				ctx->ctid, err);
		return err;
	}
	/* A pass that wrote nothing leaves no record: the next one has its number. */
	if (pages)
		ctx->pc_pass = pass;
	arg->pass = pass;
	arg->pages = pages;
	arg->mms = p.n;
	return 0;
}
