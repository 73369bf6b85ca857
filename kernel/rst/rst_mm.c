// SPDX-License-Identifier: GPL-2.0
/*
 * Rebuild the current task's address space from the image: drop every old
 * mapping, map each recorded one at its address (anonymous, file by its
 * path from the CT's root, vDSO), advise it as it was, write the pages the
 * image carries, then set each mapping's protection and lock, and check it
 * came back with every flag it had.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bvec.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/personality.h>
#include <linux/resource.h>
#include <linux/sched/signal.h>
#include <linux/capability.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uio.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_vmflags.h"
#include "rst_context.h"
#include "rst_files.h"
#include "rst_ksyms.h"
#include "rst_shm.h"
#include "rst_task.h"

/*
 * The mapping whose pages are being written, and what it ends up as. The
 * page rules (only a private anonymous or file mapping takes pages, each
 * record inside it, above the one before, no more and no fewer than it
 * announced; mappings in order, never overlapping) are the validator's
 * (img_state in img_check.c): rst_pages_head() and rst_payload() refuse a
 * record that breaks one before any byte of it is written.
 */
struct rst_vma {
	unsigned long start, end;
	unsigned long vm_flags;	/* the image's, as the dump saw them */
	u32 prot;
	u32 kind;
	bool reprotect;
	bool mapped;
};

static int rst_mprotect(unsigned long start, unsigned long len, unsigned long prot)
{
	struct pt_regs regs = { .di = start, .si = len, .dx = prot };

	return ksym_sys_mprotect(&regs);
}

static int rst_mlock(unsigned long start, unsigned long len, bool onfault)
{
	struct pt_regs regs = { .di = start, .si = len, .dx = onfault ? MLOCK_ONFAULT : 0 };

	return ksym_sys_mlock2(&regs);
}

/*
 * mlock()'s own rule, for a clear refusal: without CAP_IPC_LOCK (the task's
 * credentials are in force, rst_task.c) the task's locked memory stays
 * within its RLIMIT_MEMLOCK (set from the image before the address space).
 */
static int rst_may_lock(struct rst_context *ctx, unsigned long len, const char *what)
{
	unsigned long limit = rlimit(RLIMIT_MEMLOCK);
	unsigned long locked = (READ_ONCE(current->mm->locked_vm) << PAGE_SHIFT) + len;

	if (ns_capable_noaudit(&init_user_ns, CAP_IPC_LOCK))
		return 0;
	if (limit == RLIM_INFINITY || (limit && locked <= limit))
		return 0;
	rst_err(ctx, "task %d (%s) %s %lu kB locked, above its RLIMIT_MEMLOCK of %lu kB, without CAP_IPC_LOCK",
		task_pid_vnr(current), current->comm, what, locked >> 10, limit >> 10);
	return limit ? -ENOMEM : -EPERM;
}

/* The madvise() calls that set a mapping's advice flags, in the order they are applied. */
static const struct {
	unsigned long flag;
	int advice;
} rst_advice[] = {
	{ VM_DONTCOPY, MADV_DONTFORK },
	{ VM_WIPEONFORK, MADV_WIPEONFORK },
	{ VM_DONTDUMP, MADV_DONTDUMP },
	{ VM_HUGEPAGE, MADV_HUGEPAGE },
	{ VM_NOHUGEPAGE, MADV_NOHUGEPAGE },
	{ VM_SEQ_READ, MADV_SEQUENTIAL },
	{ VM_RAND_READ, MADV_RANDOM },
	{ VM_MERGEABLE, MADV_MERGEABLE },
};

/* Before the pages are written: a huge page mapping gets its pages huge, as it had them. */
static int rst_advise(struct rst_context *ctx, struct rst_vma *cur)
{
	unsigned int i;
	int err;

	for (i = 0; i < ARRAY_SIZE(rst_advice); i++) {
		if (!(cur->vm_flags & rst_advice[i].flag))
			continue;
		err = ksym_do_madvise(current->mm, cur->start, cur->end - cur->start,
				      rst_advice[i].advice);
		if (err) {
			rst_err(ctx, "cannot advise mapping %#lx-%#lx as it was (madvise %d: error %d)",
				cur->start, cur->end, rst_advice[i].advice, err);
			return err;
		}
	}
	return 0;
}

/* The mapping came back with every flag the dump saw, or the restore fails. */
static int rst_check_flags(struct rst_context *ctx, struct rst_vma *cur)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	unsigned long now = 0;
	bool whole;

	mmap_read_lock(mm);
	vma = find_vma(mm, cur->start);
	whole = vma && vma->vm_start <= cur->start && vma->vm_end >= cur->end;
	if (whole)
		now = vma->vm_flags;
	mmap_read_unlock(mm);
	if (whole && !((now ^ cur->vm_flags) & ~VZ_VM_UNCOMPARED))
		return 0;
	rst_err(ctx, "mapping %#lx-%#lx came back with flags %#lx, not %#lx", cur->start,
		cur->end, now, cur->vm_flags);
	return -EINVAL;
}

static int rst_finish_vma(struct rst_context *ctx, struct rst_vma *cur)
{
	int err = 0;

	if (!cur->mapped)
		return 0;
	cur->mapped = false;
	if (cur->kind == VZCPT_VMA_VDSO || cur->kind == VZCPT_VMA_VVAR)
		return 0;
	if (cur->reprotect)
		err = rst_mprotect(cur->start, cur->end - cur->start, cur->prot);
	if (err) {
		rst_err(ctx, "cannot protect mapping %#lx-%#lx (error %d)", cur->start, cur->end,
			err);
		return err;
	}
	if (cur->vm_flags & VM_LOCKED) {
		err = rst_may_lock(ctx, cur->end - cur->start, "would have");
		if (err)
			return err;
		err = rst_mlock(cur->start, cur->end - cur->start,
				cur->vm_flags & VM_LOCKONFAULT);
		if (err) {
			rst_err(ctx, "cannot lock mapping %#lx-%#lx (error %d)", cur->start,
				cur->end, err);
			return err;
		}
	}
	return rst_check_flags(ctx, cur);
}

/*
 * A private mapping the kernel never charged to the commit limit (no
 * VM_ACCOUNT: never writable, or MAP_NORESERVE) and with no page to write
 * is mapped as it was. Mapped writable to be filled like the others, it
 * would be charged its whole size: a large reservation (a PROT_NONE range
 * that an allocator or a database keeps for later) then fails an
 * overcommit check its own mmap() never met, and one that passes stays
 * charged.
 */
static bool rst_map_as_is(const struct vzcpt_img_vma *v)
{
	return !(v->flags & MAP_SHARED) && !v->nr_pages && !(v->vm_flags & VM_ACCOUNT);
}

static int rst_map_file(struct rst_context *ctx, const struct vzcpt_img_vma *v, const char *path)
{
	bool shared = v->flags & MAP_SHARED;
	unsigned long prot = shared || rst_map_as_is(v) ? v->prot :
			     PROT_READ | PROT_WRITE | (v->prot & PROT_EXEC);
	/*
	 * A shared mapping keeps the access its file was opened with (its
	 * VM_MAYWRITE), so that mprotect(PROT_WRITE) does later what it did
	 * before; a private one only ever reads its file.
	 */
	int flags = shared && v->vm_flags & VM_MAYWRITE ? O_RDWR : O_RDONLY;
	struct file *f;
	unsigned long addr;

	if (v->kind == VZCPT_VMA_GHOST) {
		f = rst_ghost_open(ctx, v->shm_id, flags | O_LARGEFILE);
		if (IS_ERR(f))
			return PTR_ERR(f);
		path = "a deleted file";
	} else {
		f = rst_open_ct(ctx, path, flags);
	}
	if (IS_ERR(f)) {
		rst_open_err(ctx, flags == O_RDWR ? "for writing, to map it, " :
			     "for reading, to map it, ", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	addr = vm_mmap(f, v->start, v->end - v->start, prot,
		       MAP_FIXED | (shared ? MAP_SHARED : MAP_PRIVATE) |
		       (v->vm_flags & VM_NORESERVE ? MAP_NORESERVE : 0), v->pgoff << PAGE_SHIFT);
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

	/*
	 * Checked (img_check.c): of this address space, in order and above the
	 * one before (one mapped over another would silently drop its pages),
	 * no more pages than it spans and none if shared (but shared anonymous
	 * memory's, inside its object) or special, a path
	 * with no NUL; the mapping before it has all its pages.
	 */
	err = rst_payload(ctx, VZCPT_REC_VMA, sizeof(*v));
	if (err)
		return err;
	if (v->kind != VZCPT_VMA_VDSO && v->kind != VZCPT_VMA_VVAR &&
	    (v->vm_flags & ~(VZ_VM_MAPPED | VZ_VM_ADVISED) ||
	     !(v->vm_flags & VM_MAYSHARE) != !(v->flags & MAP_SHARED) ||
	     (v->vm_flags & VM_WIPEONFORK && v->kind != VZCPT_VMA_ANON))) {
		rst_err(ctx, "the image is corrupt: mapping %#llx-%#llx has flags %#llx that cannot be restored",
			v->start, v->end, v->vm_flags);
		return -EINVAL;
	}
	/* The path is not NUL-terminated in the image; the buffer has room for one. */
	((char *)path)[v->path_len] = 0;

	cur->start = v->start;
	cur->end = v->end;
	cur->vm_flags = v->vm_flags;
	cur->kind = v->kind;
	cur->prot = v->prot;
	cur->reprotect = false;
	switch (v->kind) {
	case VZCPT_VMA_ANON:
		cur->prot = rst_map_as_is(v) ? v->prot : PROT_READ | PROT_WRITE;
		addr = vm_mmap(NULL, v->start, v->end - v->start, cur->prot,
			       MAP_FIXED | MAP_PRIVATE | MAP_ANONYMOUS |
			       (v->flags & MAP_GROWSDOWN) |
			       (v->vm_flags & VM_NORESERVE ? MAP_NORESERVE : 0), 0);
		if (IS_ERR_VALUE(addr) || addr != v->start) {
			rst_err(ctx, "cannot map memory at %#llx (error %ld)", v->start,
				(long)addr);
			return IS_ERR_VALUE(addr) ? (int)addr : -ENOMEM;
		}
		cur->reprotect = v->prot != cur->prot;
		cur->prot = v->prot;
		break;
	case VZCPT_VMA_SHMEM:
		err = rst_map_shm(ctx, v);
		if (err)
			return err;
		cur->reprotect = v->prot != (PROT_READ | PROT_WRITE);
		break;
	case VZCPT_VMA_SYSV:
		err = rst_ipc_attach(ctx, v, &cur->prot);
		if (err)
			return err;
		/* What shmat() gave it, if the task protected it otherwise after. */
		cur->reprotect = cur->prot != v->prot;
		cur->prot = v->prot;
		break;
	case VZCPT_VMA_FILE:
	case VZCPT_VMA_GHOST:
		err = rst_map_file(ctx, v, path);
		if (err)
			return err;
		cur->reprotect = !(v->flags & MAP_SHARED) && !rst_map_as_is(v) &&
				 (v->prot & (PROT_READ | PROT_WRITE)) != (PROT_READ | PROT_WRITE);
		break;
	default:
		err = rst_map_special(ctx, v);
		if (err)
			return err;
		cur->mapped = true;
		return 0;
	}
	cur->mapped = true;
	return rst_advise(ctx, cur);
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
int rst_settle_pages(struct rst_context *ctx)
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

	/*
	 * Checked (img_check.c), before any byte is written: for the mapping
	 * just read, which can have pages, inside it, above the pages before
	 * them, within the count it announced.
	 */
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

/*
 * A PAGES record of a SysV segment (rst_ipc.c), into its mapping at
 * @base: the record's start is an offset in the segment, which the
 * validator kept inside it.
 */
int rst_pages_at(struct rst_context *ctx, unsigned long base, u32 *nr)
{
	struct vzcpt_img_pages pg = {};
	unsigned int done, n;
	struct xxh64_state sum;
	int err;

	err = rst_pages_head(ctx, &pg, &sum);
	for (done = 0; !err && done < pg.nr; done += n) {
		n = min_t(unsigned int, pg.nr - done, RST_PAGES_BATCH);
		err = rst_read_pages(ctx, base + pg.start + (unsigned long)done * PAGE_SIZE, n,
				     done ? NULL : &sum, done + n == pg.nr);
	}
	*nr = pg.nr;
	return err;
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

/* As execve() would check it: a regular file, executable, not on a noexec mount. */
static int rst_exe_ok(struct rst_context *ctx, struct file *f, const char *path)
{
	struct inode *inode = file_inode(f);
	int err;

	if (!S_ISREG(inode->i_mode)) {
		rst_err(ctx, "the executable %s is not a regular file", path);
		return -EACCES;
	}
	/* path_noexec(), which is not exported */
	if (f->f_path.mnt->mnt_flags & MNT_NOEXEC ||
	    f->f_path.mnt->mnt_sb->s_iflags & SB_I_NOEXEC) {
		rst_err(ctx, "the executable %s is on a noexec mount", path);
		return -EACCES;
	}
	err = inode_permission(file_mnt_user_ns(f), inode, MAY_EXEC);
	if (err)
		rst_err(ctx, "the executable %s may not be executed (no execute permission)", path);
	return err;
}

static int rst_exe(struct rst_context *ctx, const char *path)
{
	struct file *f = rst_open_ct(ctx, path, O_RDONLY);
	int err;

	if (IS_ERR(f)) {
		rst_err(ctx, "cannot open the executable %s (error %ld)", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	err = rst_exe_ok(ctx, f, path);
	if (err) {
		fput(f);
		return err;
	}
	err = ksym_replace_mm_exe_file(current->mm, f);
	fput(f);
	if (err)
		rst_err(ctx, "cannot set the executable %s (error %d)", path, err);
	return err;
}

/* mlockall(MCL_FUTURE): once every mapping is made, or each would be locked as it is made. */
static int rst_mlockall(struct rst_context *ctx, u32 mcl)
{
	struct pt_regs regs = {};
	int err;

	if (!(mcl & VZCPT_MCL_FUTURE))
		return 0;
	/* can_do_mlock(): a limit of 0 locks nothing without CAP_IPC_LOCK. */
	err = rst_may_lock(ctx, 0, "locks later mappings (mlockall) with");
	if (err)
		return err;
	regs.di = MCL_FUTURE | (mcl & VZCPT_MCL_ONFAULT ? MCL_ONFAULT : 0);
	err = ksym_sys_mlockall(&regs);
	if (err)
		rst_err(ctx, "cannot lock later mappings as mlockall() did (error %d)", err);
	return err;
}

int rst_mm(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	struct vzcpt_img_mm m;
	struct rst_vma cur = {};
	struct file *pc;
	char *exe = NULL;
	int err, err2;

	err = rst_payload(ctx, VZCPT_REC_MM, sizeof(m));
	if (err)
		return err;
	memcpy(&m, ctx->rd.buf, sizeof(m));
	pc = rst_precopy_file(ctx, m.precopy);
	if (m.exe_len) {
		exe = kmemdup_nul((char *)ctx->rd.buf + sizeof(m), m.exe_len, GFP_KERNEL);
		if (!exe)
			return -ENOMEM;
	}

	/* The CT's init takes the CT's root before anything is looked up (rst_open_ct()). */
	if (!rt->creator && !ctx->root.mnt)
		get_fs_root(current->fs, &ctx->root);

	/*
	 * A READ_IMPLIES_EXEC inherited from the restored parent would make each
	 * readable mapping and mprotect() executable; the task's own personality
	 * is set once its memory is made (rst_taskx()).
	 */
	current->personality &= ~READ_IMPLIES_EXEC;
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
		} else if (ctx->rd.hdr.type == VZCPT_REC_PAGES_REF) {
			err = cur.mapped ? rst_pages_ref(ctx, pc) : -EINVAL;
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
	if (!err)
		err = rst_mlockall(ctx, m.mlockall);
out:
	kfree(exe);
	return err;
}
