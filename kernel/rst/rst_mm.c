// SPDX-License-Identifier: GPL-2.0
/*
 * Rebuild the current task's address space from the image: drop every old
 * mapping, map each recorded one at its address (anonymous, file, vDSO),
 * write the pages the image carries, then set each mapping's protection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bvec.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

/* The mapping whose pages are being written, and what it ends up as. */
struct rst_vma {
	u64 id;
	unsigned long start, end;
	u32 prot;
	bool reprotect;
	bool mapped;
};

static int rst_mprotect(unsigned long start, unsigned long len, unsigned long prot)
{
	struct pt_regs regs = { .di = start, .si = len, .dx = prot };

	return ksym_sys_mprotect(&regs);
}

static int rst_finish_vma(struct rst_context *ctx, struct rst_vma *cur)
{
	int err = 0;

	if (cur->mapped && cur->reprotect)
		err = rst_mprotect(cur->start, cur->end - cur->start, cur->prot);
	if (err)
		rst_err(ctx, "cannot protect mapping %#lx-%#lx (error %d)", cur->start, cur->end,
			err);
	cur->mapped = false;
	return err;
}

static int rst_map_file(struct rst_context *ctx, const struct vzcpt_img_vma *v, const char *path)
{
	bool shared = v->flags & MAP_SHARED;
	unsigned long prot = shared ? v->prot : PROT_READ | PROT_WRITE | (v->prot & PROT_EXEC);
	struct file *f;
	unsigned long addr;

	f = filp_open(path, shared && (v->prot & PROT_WRITE) ? O_RDWR : O_RDONLY, 0);
	if (IS_ERR(f)) {
		rst_err(ctx, "cannot open %s to map it (error %ld)", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	addr = vm_mmap(f, v->start, v->end - v->start, prot,
		       MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE), v->pgoff << PAGE_SHIFT);
	fput(f);
	if (IS_ERR_VALUE(addr) || addr != v->start) {
		rst_err(ctx, "cannot map %s at %#llx (error %ld)", path, v->start, (long)addr);
		return IS_ERR_VALUE(addr) ? (int)addr : -ENOMEM;
	}
	return 0;
}

static int rst_map_special(struct rst_context *ctx, const struct vzcpt_img_vma *v)
{
	struct mm_struct *mm = current->mm;
	int err;

	if (v->kind == VZCPT_VMA_VVAR) {
		err = ksym_map_vdso_once(ksym_vdso_image_64, v->start);
		if (err) {
			rst_err(ctx, "cannot map the vDSO at %#llx (error %d)", v->start, err);
			return err;
		}
		return 0;
	}
	if ((unsigned long)mm->context.vdso != v->start) {
		rst_err(ctx, "the vDSO of this kernel does not fit where the image had it (%#llx)",
			v->start);
		return -EINVAL;
	}
	return 0;
}

static int rst_vma(struct rst_context *ctx, struct rst_vma *cur)
{
	struct vzcpt_img_vma *v = ctx->rd.buf;
	const char *path = (const char *)(v + 1);
	unsigned long addr;
	int err;

	/* Checked (img_check.c): of this address space, in order, a path with no NUL. */
	err = rst_payload(ctx, VZCPT_REC_VMA, sizeof(*v));
	if (err)
		return err;
	/* The path is not NUL-terminated in the image; the buffer has room for one. */
	((char *)path)[v->path_len] = 0;

	cur->id = ctx->rd.hdr.id;
	cur->start = v->start;
	cur->end = v->end;
	cur->prot = v->prot;
	cur->reprotect = false;
	switch (v->kind) {
	case VZCPT_VMA_ANON:
		addr = vm_mmap(NULL, v->start, v->end - v->start, PROT_READ | PROT_WRITE,
			       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS |
			       (v->flags & MAP_GROWSDOWN), 0);
		if (IS_ERR_VALUE(addr) || addr != v->start) {
			rst_err(ctx, "cannot map memory at %#llx (error %ld)", v->start,
				(long)addr);
			return IS_ERR_VALUE(addr) ? (int)addr : -ENOMEM;
		}
		cur->reprotect = v->prot != (PROT_READ | PROT_WRITE);
		break;
	case VZCPT_VMA_FILE:
		err = rst_map_file(ctx, v, path);
		if (err)
			return err;
		cur->reprotect = !(v->flags & MAP_SHARED) &&
				 (v->prot & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE);
		break;
	default:
		err = rst_map_special(ctx, v);
		if (err)
			return err;
		break;
	}
	cur->mapped = true;
	return 0;
}

/*
 * Let a summed batch go: wait for its checksum, unpin its pages and, when it
 * ends its record, check the record's checksum.
 */
static int rst_settle_batch(struct rst_context *ctx, struct rst_batch *b)
{
	if (!b->nr)
		return 0;
	vz_sum_job_wait(&b->job);
	unpin_user_pages_dirty_lock(b->pages, b->nr, true);
	b->nr = 0;
	if (!b->last || (u32)xxh64_digest(&b->sum) == b->csum)
		return 0;
	rst_err(ctx, "the image is corrupt: bad checksum in record %llu (pages) ending at byte %llu",
		b->rec, b->end);
	return -EINVAL;
}

/*
 * Every page read so far is checked and let go. Called before the task's
 * memory is done with: a bad checksum fails the restore before the task
 * can run, and no page of one task is pinned while another restores.
 */
static int rst_settle_pages(struct rst_context *ctx)
{
	struct rst_reader *r = &ctx->rd;
	int err = rst_settle_batch(ctx, &r->batch[r->cur ^ 1]);
	int err2 = rst_settle_batch(ctx, &r->batch[r->cur]);

	return err ? err : err2;
}

/*
 * Read @nr pages of the image into the current task's memory at @addr: the
 * pages are faulted in and pinned, read into through the kernel's mapping
 * with no copy in between, and summed by a worker while the next batch is
 * read. @start is the record's checksum so far when these are its first
 * pages (NULL: they follow the batch before), @last says they end it.
 */
static int rst_read_pages(struct rst_context *ctx, unsigned long addr, unsigned int nr,
			  const struct xxh64_state *start, bool last)
{
	struct rst_reader *r = &ctx->rd;
	struct rst_batch *b = &r->batch[r->cur], *prev = &r->batch[r->cur ^ 1];
	size_t len = (size_t)nr * PAGE_SIZE;
	struct iov_iter iter;
	unsigned int i;
	long got;
	int err;

	got = pin_user_pages_unlocked(addr, nr, b->pages, FOLL_WRITE);
	if (got != nr) {
		if (got > 0)
			unpin_user_pages(b->pages, got);
		rst_err(ctx, "cannot write memory at %#lx", addr);
		return got < 0 ? got : -EFAULT;
	}
	for (i = 0; i < nr; i++)
		bvec_set_page(&r->bv[i], b->pages[i], PAGE_SIZE, 0);
	iov_iter_bvec(&iter, ITER_DEST, r->bv, nr, len);
	err = rst_read_iter(ctx, &iter);
	/* The batch before is done with first: this one may go on from its checksum. */
	if (!err)
		err = rst_settle_batch(ctx, prev);
	/* A record's later pages come straight after its batch before (rst_pages()). */
	if (!err && !start && WARN_ON_ONCE(prev->last || prev->rec != r->nr_records))
		err = -EINVAL;
	if (err) {
		unpin_user_pages(b->pages, nr);
		return err;
	}
	b->sum = start ? *start : prev->sum;
	b->nr = nr;
	b->last = last;
	b->csum = r->hdr.csum;
	b->rec = r->nr_records;
	b->end = r->bytes;	/* a pipe has no position */
	vz_sum_job_start(&b->job, &b->sum, b->pages, nr);
	r->cur ^= 1;
	return 0;
}

/*
 * A PAGES record goes straight into the mapping's memory, not through the
 * reader's buffer. Its checksum can only be checked once it is there; the
 * task has not run yet, and a mismatch fails the restore (in
 * rst_settle_pages() at the latest) before it can.
 */
static int rst_pages(struct rst_context *ctx, struct rst_vma *cur)
{
	struct rst_reader *r = &ctx->rd;
	struct vzcpt_img_pages pg;
	unsigned int done, n;
	struct xxh64_state sum;
	int err;

	/* Checked (img_check.c): inside the mapping just read, which can have pages, in order. */
	err = rst_pages_head(ctx, &pg, &sum);
	if (err)
		return err;
	if (!cur->mapped)	/* not reached: a mapping that failed fails the restore */
		goto bad;
	for (done = 0; done < pg.nr; done += n) {
		n = min_t(unsigned int, pg.nr - done, RST_PAGES_BATCH);
		err = rst_read_pages(ctx, pg.start + (unsigned long)done * PAGE_SIZE, n,
				     done ? NULL : &sum, done + n == pg.nr);
		if (err)
			return err;
	}
	return 0;
bad:
	rst_err(ctx, "the image is corrupt: bad pages record %llu", r->nr_records);
	return -EINVAL;
}

static int rst_mm_fields(struct rst_context *ctx, const struct vzcpt_img_mm *m)
{
	struct mm_struct *mm = current->mm;
	const u64 *f = &m->start_code;
	unsigned int i;

	/* The rest of validate_prctl_map_addr() is img_check.c's: this sysctl is not. */
	for (i = 0; i < 11; i++) {	/* start_code .. env_end */
		if (f[i] < READ_ONCE(*ksym_mmap_min_addr)) {
			rst_err(ctx, "the address space layout of the image reaches below vm.mmap_min_addr (%#llx)",
				f[i]);
			return -EINVAL;
		}
	}
	mmap_write_lock(mm);
	mm->start_code = m->start_code;
	mm->end_code = m->end_code;
	mm->start_data = m->start_data;
	mm->end_data = m->end_data;
	mm->start_brk = m->start_brk;
	mm->brk = m->brk;
	mm->start_stack = m->start_stack;
	mm->arg_start = m->arg_start;
	mm->arg_end = m->arg_end;
	mm->env_start = m->env_start;
	mm->env_end = m->env_end;
	memcpy(mm->saved_auxv, m->auxv, sizeof(mm->saved_auxv));
	mmap_write_unlock(mm);
	return 0;
}

static int rst_exe(struct rst_context *ctx, const char *path)
{
	struct file *f = filp_open(path, O_RDONLY, 0);
	int err;

	if (IS_ERR(f)) {
		rst_err(ctx, "cannot open the executable %s (error %ld)", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	/*
	 * As prctl(PR_SET_MM_EXE_FILE) takes one: a regular file one may
	 * execute, not on a noexec mount (path_noexec(), not exported).
	 */
	err = S_ISREG(file_inode(f)->i_mode) && !(f->f_path.mnt->mnt_flags & MNT_NOEXEC) &&
	      !(f->f_path.mnt->mnt_sb->s_iflags & SB_I_NOEXEC) ?
	      file_permission(f, MAY_EXEC) : -EACCES;
	if (err) {
		rst_err(ctx, "the executable %s is not a file one can run (error %d)", path, err);
		fput(f);
		return err;
	}
	err = ksym_replace_mm_exe_file(current->mm, f);
	fput(f);
	if (err)
		rst_err(ctx, "cannot set the executable %s (error %d)", path, err);
	return err;
}

int rst_mm(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	struct vzcpt_img_mm m;
	struct rst_vma cur = {};
	char *exe = NULL;
	int err, err2;

	err = rst_payload(ctx, VZCPT_REC_MM, sizeof(m));
	if (err)
		return err;
	memcpy(&m, ctx->rd.buf, sizeof(m));
	if (m.exe_len) {
		exe = kmemdup_nul((char *)ctx->rd.buf + sizeof(m), m.exe_len, GFP_KERNEL);
		if (!exe)
			return -ENOMEM;
	}

	/* Everything the task had goes: its memory is the image's now. */
	err = vm_munmap(0, TASK_SIZE_MAX);
	if (err) {
		rst_err(ctx, "cannot clear the address space of task %d", rt->t.pid);
		goto out;
	}
	/* Before anything is mapped: the kernel refuses to switch an exe that is still mapped. */
	if (exe) {
		err = rst_exe(ctx, exe);
		if (err)
			goto out;
	}
	for (;;) {
		err = rst_next(ctx);
		if (err)
			break;
		if (ctx->rd.hdr.type == VZCPT_REC_VMA) {
			err = rst_finish_vma(ctx, &cur);
			if (!err)
				err = rst_vma(ctx, &cur);
		} else if (ctx->rd.hdr.type == VZCPT_REC_PAGES) {
			err = rst_pages(ctx, &cur);
		} else {
			err = rst_finish_vma(ctx, &cur);
			break;
		}
		if (err)
			break;
	}
	err2 = rst_settle_pages(ctx);
	if (!err)
		err = err2;
	if (!err)
		err = rst_mm_fields(ctx, &m);
out:
	kfree(exe);
	return err;
}
