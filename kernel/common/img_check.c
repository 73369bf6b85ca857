// SPDX-License-Identifier: GPL-2.0
/*
 * Pure validators of image records, one per record type, dispatched on a
 * table. Each checks every field a restorer would trust: lengths against
 * the payload, strings terminated, addresses in user space and aligned,
 * enums in range, reserved and padding zero. No allocation, no locks, no
 * side effects: the same file builds into the modules, vzctl and a fuzzer.
 */
#include "img_check.h"

/* The x86-64 values of the few ABI constants the checks need. */
#define IMG_PROT_MASK		0x7U		/* PROT_READ | PROT_WRITE | PROT_EXEC */
#define IMG_MAP_SHARED		0x01U
#define IMG_MAP_PRIVATE		0x02U
#define IMG_MAP_GROWSDOWN	0x0100U
#define IMG_O_CLOEXEC		02000000U
#define IMG_S_IFMT		0170000U
#define IMG_S_IFDIR		0040000U
#define IMG_S_IFCHR		0020000U
#define IMG_S_IFREG		0100000U
#define IMG_S_IFIFO		0010000U
#define IMG_SIGKILL		9
#define IMG_SIGSTOP		19
#define IMG_SIG_IGN		1ULL
#define IMG_NR_OPEN		(1024U * 1024U)
#define IMG_NO_ID		0xffffffffU	/* (uid_t)-1: not an id */
#define IMG_RSEQ_ALIGN		32ULL
#define IMG_RSEQ_MIN_LEN	32U
#define IMG_CLOCK_REALTIME	0U
#define IMG_CLOCK_MONOTONIC	1U
#define IMG_CLOCK_BOOTTIME	7U
#define IMG_XSTATE_BV_OFF	512U
#define IMG_XCOMP_BV_OFF	520U

#define IMG_PAGE_MASK		((u64)VZCPT_PAGE_SIZE - 1)

static __printf(3, 4) int img_bad(char *why, size_t whylen, const char *fmt, ...)
{
	va_list ap;

	if (why && whylen) {
		va_start(ap, fmt);
		vsnprintf(why, whylen, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static bool img_zero(const void *p, size_t len)
{
	const u8 *b = p;

	while (len--)
		if (*b++)
			return false;
	return true;
}

static bool img_user(u64 addr)
{
	return addr < IMG_USER_END;
}

/* A path carried after a record: absolute, no NUL inside, shorter than PATH_MAX. */
static int img_check_path(const char *path, u32 path_len, const char *what,
			  char *why, size_t whylen)
{
	if (!path_len)
		return img_bad(why, whylen, "the %s path is empty", what);
	if (path_len >= VZCPT_PATH_MAX)
		return img_bad(why, whylen, "the %s path is %u bytes long, the limit is %u",
			       what, path_len, VZCPT_PATH_MAX - 1);
	if (memchr(path, 0, path_len))
		return img_bad(why, whylen, "the %s path has a NUL byte inside", what);
	if (path[0] != '/')
		return img_bad(why, whylen, "the %s path is not absolute", what);
	return 0;
}

static int img_check_image(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_image *img = p;

	if (memcmp(img->magic, VZCPT_IMAGE_MAGIC, sizeof(img->magic)))
		return img_bad(why, whylen, "bad magic: this is not a vzcpt image");
	if (img->version != VZCPT_IMAGE_VERSION)
		return img_bad(why, whylen,
			       "the image has format version %u, this reader knows version %u",
			       img->version, VZCPT_IMAGE_VERSION);
	if (img->arch != VZCPT_ARCH_X86_64)
		return img_bad(why, whylen,
			       "the image is of another architecture (%#x), not x86_64",
			       img->arch);
	if (!memchr(img->release, 0, sizeof(img->release)))
		return img_bad(why, whylen, "the kernel release is not NUL-terminated");
	if (!img->nr_tasks)
		return img_bad(why, whylen, "the image has no tasks");
	if (img->xsave_size && img->xsave_size < IMG_XSAVE_MIN)
		return img_bad(why, whylen, "the xsave size %u is below the minimum %u",
			       img->xsave_size, IMG_XSAVE_MIN);
	if (img->mono_ns < 0 || img->boot_ns < 0 || img->real_ns < 0)
		return img_bad(why, whylen, "a clock of the image is negative");
	if (!img_zero(img->reserved, sizeof(img->reserved)))
		return img_bad(why, whylen, "reserved fields of the image header are not zero");
	return 0;
}

static int img_check_uts(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_uts *uts = p;

	if (!memchr(uts->nodename, 0, sizeof(uts->nodename)))
		return img_bad(why, whylen, "the hostname is not NUL-terminated");
	if (!memchr(uts->domainname, 0, sizeof(uts->domainname)))
		return img_bad(why, whylen, "the domain name is not NUL-terminated");
	if (!img_zero(uts->pad, sizeof(uts->pad)))
		return img_bad(why, whylen, "the padding of the UTS record is not zero");
	return 0;
}

static int img_check_task_ids(const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	const u32 *ids = &t->uid;
	unsigned int i;

	if (t->pid <= 0 || t->tgid <= 0)
		return img_bad(why, whylen, "task pid %d or tgid %d is not positive",
			       t->pid, t->tgid);
	if (t->ppid < 0 || t->pgid < 0 || t->sid < 0)
		return img_bad(why, whylen, "task %d has a negative ppid, pgid or sid", t->pid);
	if (t->pid == 1 ? t->ppid != 0 : t->ppid == 0)
		return img_bad(why, whylen, "task %d has parent %d: only the init (pid 1) has none",
			       t->pid, t->ppid);
	if (t->flags & ~VZCPT_TASK_THREAD)
		return img_bad(why, whylen, "task %d has unknown flags %#x", t->pid, t->flags);
	if (t->flags & VZCPT_TASK_THREAD ? t->pid == t->tgid : t->pid != t->tgid)
		return img_bad(why, whylen, "task %d with tgid %d is %s", t->pid, t->tgid,
			       t->flags & VZCPT_TASK_THREAD ? "a thread of itself" :
			       "not marked as a thread");
	if (t->exit_signal < 0 || t->exit_signal > VZCPT_NSIG)
		return img_bad(why, whylen, "task %d has exit signal %d", t->pid, t->exit_signal);
	if (!t->mm_id || !t->files_id || !t->fs_id || !t->sighand_id)
		return img_bad(why, whylen, "task %d names an object with id 0", t->pid);
	for (i = 0; i < 8; i++)
		if (ids[i] == IMG_NO_ID)
			return img_bad(why, whylen, "task %d has an invalid uid or gid", t->pid);
	if (t->ngroups > ARRAY_SIZE(t->groups))
		return img_bad(why, whylen, "task %d has %u groups, the limit is %zu", t->pid,
			       t->ngroups, ARRAY_SIZE(t->groups));
	for (i = 0; i < ARRAY_SIZE(t->groups); i++)
		if (i < t->ngroups ? t->groups[i] == IMG_NO_ID : t->groups[i] != 0)
			return img_bad(why, whylen, "task %d has a bad supplementary group",
				       t->pid);
	return 0;
}

static int img_check_restart(const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	switch (t->restart_kind) {
	case VZCPT_RESTART_NONE:
		if (t->restart_clockid || t->restart_remaining_ns || t->restart_rmtp ||
		    !img_zero(t->restart_arg, sizeof(t->restart_arg)))
			return img_bad(why, whylen, "task %d has restart arguments but no restart",
				       t->pid);
		return 0;
	case VZCPT_RESTART_NANOSLEEP:
		if (t->restart_clockid != IMG_CLOCK_REALTIME &&
		    t->restart_clockid != IMG_CLOCK_MONOTONIC &&
		    t->restart_clockid != IMG_CLOCK_BOOTTIME)
			return img_bad(why, whylen, "task %d sleeps on unknown clock %u", t->pid,
				       t->restart_clockid);
		if (!img_user(t->restart_rmtp) ||
		    !img_zero(t->restart_arg, sizeof(t->restart_arg)))
			return img_bad(why, whylen, "task %d has bad sleep arguments", t->pid);
		break;
	case VZCPT_RESTART_POLL:
		if (t->restart_clockid || t->restart_rmtp || !img_user(t->restart_arg[0]) ||
		    t->restart_arg[1] > IMG_NR_OPEN || t->restart_arg[2] > 1 || t->restart_arg[3])
			return img_bad(why, whylen, "task %d has bad poll arguments", t->pid);
		break;
	default:
		return img_bad(why, whylen, "task %d has unknown restart kind %d", t->pid,
			       t->restart_kind);
	}
	if (t->restart_remaining_ns < 0)
		return img_bad(why, whylen, "task %d has a negative time left", t->pid);
	return 0;
}

static int img_check_task(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_task *t = p;
	unsigned int i;
	int err;

	err = img_check_task_ids(t, why, whylen);
	if (!err)
		err = img_check_restart(t, why, whylen);
	if (err)
		return err;
	if (!memchr(t->comm, 0, sizeof(t->comm)))
		return img_bad(why, whylen, "the name of task %d is not NUL-terminated", t->pid);
	for (i = 0; i < VZCPT_RLIM_NLIMITS; i++)
		if (t->rlim_cur[i] > t->rlim_max[i])
			return img_bad(why, whylen, "task %d has limit %u above its maximum",
				       t->pid, i);
	if (!img_user(t->clear_child_tid) || !img_user(t->fs_base) || !img_user(t->gs_base))
		return img_bad(why, whylen, "task %d has a pointer outside user space", t->pid);
	if (!img_user(t->rseq) || t->rseq & (IMG_RSEQ_ALIGN - 1) ||
	    (t->rseq ? t->rseq_len < IMG_RSEQ_MIN_LEN : t->rseq_len != 0))
		return img_bad(why, whylen, "task %d has a bad rseq area", t->pid);
	if (!img_zero(t->reserved, sizeof(t->reserved)))
		return img_bad(why, whylen, "reserved fields of task %d are not zero", t->pid);
	return 0;
}

static int img_check_regs(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_regs *r = p;

	if (r->cs > 0xffff || r->ss > 0xffff || r->ds > 0xffff || r->es > 0xffff ||
	    r->fs > 0xffff || r->gs > 0xffff)
		return img_bad(why, whylen, "a segment register is wider than 16 bits");
	if (!img_user(r->fs_base) || !img_user(r->gs_base))
		return img_bad(why, whylen, "fs_base or gs_base is outside user space");
	if (r->reserved)
		return img_bad(why, whylen, "the reserved register field is not zero");
	return 0;
}

static int img_check_xstate(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_xstate *xs = p;
	const u8 *area = (const u8 *)(xs + 1);
	u64 bv, comp;

	if (xs->size != len - sizeof(*xs))
		return img_bad(why, whylen, "the xsave area is %u bytes but the record carries %zu",
			       xs->size, (size_t)(len - sizeof(*xs)));
	if (xs->size < IMG_XSAVE_MIN)
		return img_bad(why, whylen, "the xsave area is %u bytes, below the minimum %u",
			       xs->size, IMG_XSAVE_MIN);
	if (xs->reserved)
		return img_bad(why, whylen, "the reserved field of the FPU state is not zero");
	memcpy(&bv, area + IMG_XSTATE_BV_OFF, sizeof(bv));
	memcpy(&comp, area + IMG_XCOMP_BV_OFF, sizeof(comp));
	if (bv & ~xs->xfeatures)
		return img_bad(why, whylen,
			       "the xsave area holds features %#llx beyond its mask %#llx",
			       (unsigned long long)bv, (unsigned long long)xs->xfeatures);
	if (comp || !img_zero(area + IMG_XCOMP_BV_OFF + 8, IMG_XSAVE_MIN - IMG_XCOMP_BV_OFF - 8))
		return img_bad(why, whylen,
			       "the xsave header is compacted or has reserved bits set");
	return 0;
}

static int img_check_mm(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_mm *m = p;
	const u64 *f = &m->start_code;
	unsigned int i;

	if (m->exe_len != len - sizeof(*m))
		return img_bad(why, whylen,
			       "the executable path is %u bytes but the record carries %zu",
			       m->exe_len, (size_t)(len - sizeof(*m)));
	if (m->exe_len) {
		int err = img_check_path((const char *)(m + 1), m->exe_len, "executable",
					 why, whylen);
		if (err)
			return err;
	}
	for (i = 0; i < 12; i++)	/* start_code .. vdso */
		if (!img_user(f[i]))
			return img_bad(why, whylen,
				       "a layout address (%#llx) is outside user space",
				       (unsigned long long)f[i]);
	if (m->start_code > m->end_code || m->start_data > m->end_data ||
	    m->start_brk > m->brk || m->arg_start > m->arg_end || m->env_start > m->env_end)
		return img_bad(why, whylen, "the layout has a range that ends before it starts");
	if (m->vdso & IMG_PAGE_MASK)
		return img_bad(why, whylen, "the vDSO address is not page aligned");
	if (!img_zero(m->reserved, sizeof(m->reserved)))
		return img_bad(why, whylen, "reserved fields of the address space are not zero");
	return 0;
}

static int img_check_vma_flags(const struct vzcpt_img_vma *v, char *why, size_t whylen)
{
	u32 share = v->flags & (IMG_MAP_SHARED | IMG_MAP_PRIVATE);

	if (v->kind < VZCPT_VMA_ANON || v->kind > VZCPT_VMA_VVAR)
		return img_bad(why, whylen, "unknown mapping kind %u", v->kind);
	if (v->prot & ~IMG_PROT_MASK)
		return img_bad(why, whylen, "unknown protection bits %#x", v->prot);
	if (v->flags & ~(IMG_MAP_SHARED | IMG_MAP_PRIVATE | IMG_MAP_GROWSDOWN) ||
	    (share != IMG_MAP_SHARED && share != IMG_MAP_PRIVATE))
		return img_bad(why, whylen, "bad mapping flags %#x", v->flags);
	if (v->kind == VZCPT_VMA_ANON && share == IMG_MAP_SHARED)
		return img_bad(why, whylen, "shared anonymous memory has no record kind");
	if (v->nr_pages && (share == IMG_MAP_SHARED || v->kind == VZCPT_VMA_VDSO ||
			    v->kind == VZCPT_VMA_VVAR))
		return img_bad(why, whylen, "a shared or special mapping carries pages");
	return 0;
}

static int img_check_vma(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_vma *v = p;
	int err;

	if (v->path_len != len - sizeof(*v))
		return img_bad(why, whylen, "the path is %u bytes but the record carries %zu",
			       v->path_len, (size_t)(len - sizeof(*v)));
	if (!v->mm_id)
		return img_bad(why, whylen, "the mapping belongs to address space 0");
	if ((v->start | v->end) & IMG_PAGE_MASK)
		return img_bad(why, whylen, "mapping %#llx-%#llx is not page aligned",
			       (unsigned long long)v->start, (unsigned long long)v->end);
	if (v->start >= v->end || v->end > IMG_USER_END)
		return img_bad(why, whylen, "mapping %#llx-%#llx is empty or outside user space",
			       (unsigned long long)v->start, (unsigned long long)v->end);
	if (v->nr_pages > (v->end - v->start) / VZCPT_PAGE_SIZE)
		return img_bad(why, whylen,
			       "mapping %#llx-%#llx claims %llu pages, more than it spans",
			       (unsigned long long)v->start, (unsigned long long)v->end,
			       (unsigned long long)v->nr_pages);
	if (v->pgoff > ~0ULL / VZCPT_PAGE_SIZE)
		return img_bad(why, whylen, "the file offset of the mapping overflows");
	err = img_check_vma_flags(v, why, whylen);
	if (err)
		return err;
	if (v->kind == VZCPT_VMA_FILE)
		err = img_check_path((const char *)(v + 1), v->path_len, "mapped file",
				     why, whylen);
	else if (v->path_len)
		err = img_bad(why, whylen, "a mapping of no file has a path");
	if (err)
		return err;
	if (!img_zero(v->reserved, sizeof(v->reserved)))
		return img_bad(why, whylen, "reserved fields of the mapping are not zero");
	return 0;
}

static int img_check_pages(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_pages *pg = p;
	u64 bytes = (u64)pg->nr * VZCPT_PAGE_SIZE;

	if (!pg->nr)
		return img_bad(why, whylen, "a pages record has no pages");
	if (bytes != len - sizeof(*pg))
		return img_bad(why, whylen, "%u pages need %llu bytes but the record carries %zu",
			       pg->nr, (unsigned long long)bytes, (size_t)(len - sizeof(*pg)));
	if (pg->start & IMG_PAGE_MASK || pg->start >= IMG_USER_END ||
	    bytes > IMG_USER_END - pg->start)
		return img_bad(why, whylen, "pages at %#llx are unaligned or outside user space",
			       (unsigned long long)pg->start);
	if (pg->reserved)
		return img_bad(why, whylen, "the reserved field of a pages record is not zero");
	return 0;
}

static int img_check_file(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_file *f = p;
	u32 fmt = f->mode & IMG_S_IFMT;

	if (f->path_len != len - sizeof(*f))
		return img_bad(why, whylen, "the path is %u bytes but the record carries %zu",
			       f->path_len, (size_t)(len - sizeof(*f)));
	if (f->pos < 0)
		return img_bad(why, whylen,
			       "the file position %lld is negative", (long long)f->pos);
	if (f->flags & IMG_O_CLOEXEC)
		return img_bad(why, whylen, "the file flags include O_CLOEXEC");
	if (f->mode & ~(IMG_S_IFMT | 07777))
		return img_bad(why, whylen, "unknown mode bits %#o", f->mode);
	if (f->reserved)
		return img_bad(why, whylen, "the reserved field of the file is not zero");
	switch (f->kind) {
	case VZCPT_FILE_REG:
		if ((fmt != IMG_S_IFREG && fmt != IMG_S_IFDIR) || f->rdev || f->pipe_id)
			return img_bad(why, whylen, "a regular file has mode %#o, rdev or pipe",
				       f->mode);
		break;
	case VZCPT_FILE_CHR:
		if (fmt != IMG_S_IFCHR || !f->rdev || f->pipe_id)
			return img_bad(why, whylen,
				       "a character device has mode %#o, no rdev or a pipe",
				       f->mode);
		break;
	case VZCPT_FILE_PIPE:
		if (fmt != IMG_S_IFIFO || f->rdev)
			return img_bad(why, whylen, "a pipe has mode %#o or an rdev", f->mode);
		if (!f->pipe_id || f->pipe_id > IMG_PIPE_ID_MAX)
			return img_bad(why, whylen, "a pipe end names pipe %llu",
				       (unsigned long long)f->pipe_id);
		if (f->path_len)
			return img_bad(why, whylen, "a pipe end has a path");
		return 0;
	default:
		return img_bad(why, whylen, "unknown file kind %u", f->kind);
	}
	return img_check_path((const char *)(f + 1), f->path_len, "file", why, whylen);
}

static int img_check_fd(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_fd *fd = p;

	if (fd->fd >= IMG_NR_OPEN)
		return img_bad(why, whylen, "fd %u is above the limit %u", fd->fd, IMG_NR_OPEN - 1);
	if (fd->cloexec > 1)
		return img_bad(why, whylen, "fd %u has close-on-exec %u", fd->fd, fd->cloexec);
	if (!fd->file_id)
		return img_bad(why, whylen, "fd %u names file 0", fd->fd);
	return 0;
}

static int img_check_pipe(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_pipe *pi = p;

	if (pi->len != len - sizeof(*pi))
		return img_bad(why, whylen, "the pipe holds %u bytes but the record carries %zu",
			       pi->len, (size_t)(len - sizeof(*pi)));
	if (!pi->size || pi->size % VZCPT_PAGE_SIZE)
		return img_bad(why, whylen, "the pipe capacity %u is not a whole number of pages",
			       pi->size);
	if (pi->len > pi->size)
		return img_bad(why, whylen, "the pipe holds %u bytes, more than its capacity %u",
			       pi->len, pi->size);
	return 0;
}

static int img_check_sighand(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_sighand *sh = p;
	unsigned int i;

	for (i = 0; i < VZCPT_NSIG; i++) {
		const struct vzcpt_img_sigaction *a = &sh->action[i];

		if ((i + 1 == IMG_SIGKILL || i + 1 == IMG_SIGSTOP) && a->handler)
			return img_bad(why, whylen, "signal %u cannot have a handler", i + 1);
		if (a->handler > IMG_SIG_IGN && !img_user(a->handler))
			return img_bad(why, whylen,
				       "the handler of signal %u is outside user space",
				       i + 1);
		if (!img_user(a->restorer))
			return img_bad(why, whylen,
				       "the restorer of signal %u is outside user space",
				       i + 1);
	}
	return 0;
}

static int img_check_signals(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_signals *s = p;
	const u8 *info = (const u8 *)(s + 1);
	u64 n = (u64)s->nr_private + s->nr_shared;
	s32 signo;
	u64 i;

	if (n * IMG_SIGINFO_SIZE != len - sizeof(*s))
		return img_bad(why, whylen,
			       "%llu pending signals need %llu bytes but the record carries %zu",
			       (unsigned long long)n, (unsigned long long)(n * IMG_SIGINFO_SIZE),
			       (size_t)(len - sizeof(*s)));
	for (i = 0; i < n; i++) {
		memcpy(&signo, info + i * IMG_SIGINFO_SIZE, sizeof(signo));
		if (signo <= 0 || signo > VZCPT_NSIG || signo == IMG_SIGKILL ||
		    signo == IMG_SIGSTOP)
			return img_bad(why, whylen, "pending signal %llu has number %d",
				       (unsigned long long)i, signo);
	}
	return 0;
}

static int img_check_fs(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_fs *f = p;
	const char *path = (const char *)(f + 1);
	int err;

	if ((u64)f->cwd_len + f->root_len != len - sizeof(*f))
		return img_bad(why, whylen, "the paths are %llu bytes but the record carries %zu",
			       (unsigned long long)f->cwd_len + f->root_len,
			       (size_t)(len - sizeof(*f)));
	if (f->umask & ~0777U)
		return img_bad(why, whylen, "the umask %#o is not a permission mask", f->umask);
	if (f->reserved)
		return img_bad(why, whylen, "the reserved field of cwd and root is not zero");
	err = img_check_path(path, f->cwd_len, "current directory", why, whylen);
	if (!err)
		err = img_check_path(path + f->cwd_len, f->root_len, "root directory", why, whylen);
	return err;
}

static int img_check_end(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_end *end = p;

	if (end->nr_records < 2)
		return img_bad(why, whylen, "the end record counts %llu records before it",
			       (unsigned long long)end->nr_records);
	return 0;
}

/* ---- VZCPT_REC_TASKX: scheduling, signal stack, saved mask, prctl bits ---- */

#define IMG_SCHED_NORMAL	0U
#define IMG_SCHED_FIFO		1U
#define IMG_SCHED_RR		2U
#define IMG_SCHED_BATCH		3U
#define IMG_SCHED_IDLE		5U
#define IMG_RT_PRIO_MAX		99U
#define IMG_NICE_MIN		(-20)
#define IMG_NICE_MAX		19
#define IMG_MINSIGSTKSZ		2048ULL
#define IMG_OOM_ADJ_MAX		1000
#define IMG_SS_FLAGS		(VZCPT_SS_ONSTACK | VZCPT_SS_DISABLE | VZCPT_SS_AUTODISARM)

static int img_check_taskx_sched(const struct vzcpt_img_taskx *x, char *why, size_t whylen)
{
	bool rt = x->policy == IMG_SCHED_FIFO || x->policy == IMG_SCHED_RR;
	u64 any = 0;
	unsigned int i;

	if (!rt && x->policy != IMG_SCHED_NORMAL && x->policy != IMG_SCHED_BATCH &&
	    x->policy != IMG_SCHED_IDLE)
		return img_bad(why, whylen, "unknown scheduling policy %u", x->policy);
	if (rt ? x->rt_priority < 1 || x->rt_priority > IMG_RT_PRIO_MAX : x->rt_priority)
		return img_bad(why, whylen, "real-time priority %u under scheduling policy %u",
			       x->rt_priority, x->policy);
	if (x->nice < IMG_NICE_MIN || x->nice > IMG_NICE_MAX)
		return img_bad(why, whylen, "nice value %d is out of range", x->nice);
	for (i = 0; i < VZCPT_TASKX_CPU_WORDS; i++)
		any |= x->cpus[i];
	if (x->flags & VZCPT_TASKX_ALL_CPUS ? any != 0 : any == 0)
		return img_bad(why, whylen, "the CPU affinity is %s",
			       any ? "both all CPUs and a list" : "empty");
	return 0;
}

static int img_check_taskx(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_taskx *x = p;
	int err;

	if (x->flags & ~VZCPT_TASKX_FLAGS)
		return img_bad(why, whylen, "unknown task flags %#x", x->flags);
	err = img_check_taskx_sched(x, why, whylen);
	if (err)
		return err;
	if (x->ss_flags & ~IMG_SS_FLAGS ||
	    (x->ss_flags & VZCPT_SS_ONSTACK && x->ss_flags & VZCPT_SS_DISABLE))
		return img_bad(why, whylen, "bad signal stack flags %#x", x->ss_flags);
	if (x->ss_flags & VZCPT_SS_DISABLE ? x->ss_sp || x->ss_size :
	    x->ss_size < IMG_MINSIGSTKSZ || !img_user(x->ss_sp) ||
	    x->ss_size > IMG_USER_END - x->ss_sp)
		return img_bad(why, whylen, "the signal stack %#llx+%llu is not in user space",
			       (unsigned long long)x->ss_sp, (unsigned long long)x->ss_size);
	if (!(x->flags & VZCPT_TASKX_RESTORE_SIGMASK) && x->saved_sigmask)
		return img_bad(why, whylen, "a saved signal mask with nothing to restore it");
	if (x->oom_score_adj < -IMG_OOM_ADJ_MAX || x->oom_score_adj > IMG_OOM_ADJ_MAX ||
	    x->oom_score_adj_min < -IMG_OOM_ADJ_MAX || x->oom_score_adj_min > IMG_OOM_ADJ_MAX)
		return img_bad(why, whylen, "oom_score_adj %d (min %d) is out of range",
			       x->oom_score_adj, x->oom_score_adj_min);
	if (!img_zero(x->reserved, sizeof(x->reserved)))
		return img_bad(why, whylen, "reserved fields of the task record are not zero");
	return 0;
}

/*
 * What each record type must be: its payload's least length (its exact
 * length when fixed), its check and its name. Indexed by type.
 */
struct img_rec_desc {
	u16 type;
	u32 min_len;
	bool fixed;
	int (*check)(const void *p, u32 len, char *why, size_t whylen);
	const char *name;
};

static const struct img_rec_desc img_recs[VZCPT_REC_NR_TYPES] = {
	[VZCPT_REC_IMAGE] = { VZCPT_REC_IMAGE, sizeof(struct vzcpt_img_image), true,
			img_check_image, "image header" },
	[VZCPT_REC_UTS] = { VZCPT_REC_UTS, sizeof(struct vzcpt_img_uts), true,
			img_check_uts, "hostname" },
	[VZCPT_REC_TASK] = { VZCPT_REC_TASK, sizeof(struct vzcpt_img_task), true,
			img_check_task, "task" },
	[VZCPT_REC_REGS] = { VZCPT_REC_REGS, sizeof(struct vzcpt_img_regs), true,
			img_check_regs, "registers" },
	[VZCPT_REC_XSTATE] = { VZCPT_REC_XSTATE, sizeof(struct vzcpt_img_xstate), false,
			img_check_xstate, "FPU state" },
	[VZCPT_REC_MM] = { VZCPT_REC_MM, sizeof(struct vzcpt_img_mm), false,
			img_check_mm, "address space" },
	[VZCPT_REC_VMA] = { VZCPT_REC_VMA, sizeof(struct vzcpt_img_vma), false,
			img_check_vma, "mapping" },
	[VZCPT_REC_PAGES] = { VZCPT_REC_PAGES, sizeof(struct vzcpt_img_pages), false,
			img_check_pages, "pages" },
	[VZCPT_REC_FILE] = { VZCPT_REC_FILE, sizeof(struct vzcpt_img_file), false,
			img_check_file, "file" },
	[VZCPT_REC_FD] = { VZCPT_REC_FD, sizeof(struct vzcpt_img_fd), true,
			img_check_fd, "fd" },
	[VZCPT_REC_PIPE] = { VZCPT_REC_PIPE, sizeof(struct vzcpt_img_pipe), false,
			img_check_pipe, "pipe" },
	[VZCPT_REC_SIGHAND] = { VZCPT_REC_SIGHAND, sizeof(struct vzcpt_img_sighand), true,
			img_check_sighand, "signal handlers" },
	[VZCPT_REC_SIGNALS] = { VZCPT_REC_SIGNALS, sizeof(struct vzcpt_img_signals), false,
			img_check_signals, "pending signals" },
	[VZCPT_REC_FS] = { VZCPT_REC_FS, sizeof(struct vzcpt_img_fs), false,
			img_check_fs, "cwd and root" },
	[VZCPT_REC_END] = { VZCPT_REC_END, sizeof(struct vzcpt_img_end), true,
			img_check_end, "end" },
	[VZCPT_REC_TASKX] = { VZCPT_REC_TASKX, sizeof(struct vzcpt_img_taskx), true,
			img_check_taskx, "task state" },
};

static const struct img_rec_desc *img_desc(u16 type)
{
	if (type >= VZCPT_REC_NR_TYPES || !img_recs[type].check)
		return NULL;
	return &img_recs[type];
}

const char *img_rec_name(u16 type)
{
	const struct img_rec_desc *d = img_desc(type);

	return d ? d->name : "unknown";
}

int img_check_rec(const struct vzcpt_rec *h, char *why, size_t whylen)
{
	const struct img_rec_desc *d = img_desc(h->type);

	if (!d)
		return img_bad(why, whylen, "unknown record type %u", h->type);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > IMG_REC_HDR_MAX || h->hdr_len % 8)
		return img_bad(why, whylen, "bad header length %u", h->hdr_len);
	if (h->len > VZCPT_REC_MAX_LEN)
		return img_bad(why, whylen, "the payload length %u exceeds the limit %u", h->len,
			       VZCPT_REC_MAX_LEN);
	if (d->fixed && h->len != d->min_len)
		return img_bad(why, whylen, "the %s record has %u bytes, not %u", d->name, h->len,
			       d->min_len);
	if (h->len < d->min_len)
		return img_bad(why, whylen, "the %s record has %u bytes, less than %u", d->name,
			       h->len, d->min_len);
	if (h->reserved)
		return img_bad(why, whylen, "the reserved field of the record header is not zero");
	return 0;
}

int img_check_payload(u16 type, const void *p, u32 len, char *why, size_t whylen)
{
	const struct img_rec_desc *d = img_desc(type);

	if (!d)
		return img_bad(why, whylen, "unknown record type %u", type);
	if (len < d->min_len || (d->fixed && len != d->min_len) || len > VZCPT_REC_MAX_LEN)
		return img_bad(why, whylen, "the %s record of %u bytes has the wrong length",
			       d->name, len);
	return d->check(p, len, why, whylen);
}
