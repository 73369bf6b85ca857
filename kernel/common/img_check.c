// SPDX-License-Identifier: GPL-2.0
/*
 * Pure validators of image records, one per record type, dispatched on a
 * table. Each checks every field a restorer would trust: lengths against
 * the payload, strings terminated, addresses in user space and aligned,
 * enums in range, reserved and padding zero, and each value as the
 * kernel's own setter (capset, setrlimit, sigaction, prctl(PR_SET_MM_MAP),
 * the time namespace's offsets) would check it. Then struct img_state
 * checks the links between records. No allocation, no locks, no side
 * effects: the same file builds into the modules, vzctl and the fuzzers.
 */
#include <linux/bpf_common.h>
#include <linux/capability.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink_conntrack.h>
#include <linux/securebits.h>

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
#define IMG_S_IFBLK		0060000U
#define IMG_S_IFLNK		0120000U
#define IMG_S_IFSOCK		0140000U
/* A socket file's flags: its access mode (sockets are read-write), O_NONBLOCK, O_ASYNC. */
#define IMG_O_RDWR		02U
#define IMG_O_NONBLOCK		04000U
#define IMG_O_ASYNC		020000U
/* INT_MAX, the bound of the int options and buffer sizes the kernel keeps. */
#define IMG_INT_MAX		0x7fffffffU
#define IMG_SIGKILL		9
#define IMG_SIGSTOP		19
#define IMG_SIG_IGN		1ULL
#define IMG_ERRNO_MAX		133U		/* EHWPOISON, the highest errno */
#define IMG_NR_OPEN		(1024U * 1024U)
#define IMG_NO_ID		0xffffffffU	/* (uid_t)-1: not an id */
#define IMG_RSEQ_ALIGN		32ULL
#define IMG_RSEQ_MIN_LEN	32U
#define IMG_CLOCK_REALTIME	0U
#define IMG_CLOCK_MONOTONIC	1U
#define IMG_CLOCK_BOOTTIME	7U
#define IMG_SUID_DUMP_ROOT	2U	/* the highest PR_SET_DUMPABLE value */
#define IMG_XSTATE_BV_OFF	512U
#define IMG_XCOMP_BV_OFF	520U
/* Capabilities up to CAP_LAST_CAP (CAP_CHECKPOINT_RESTORE, 40): CAP_VALID_MASK. */
#define IMG_CAP_VALID		((1ULL << 41) - 1)
/* SECURE_ALL_BITS | SECURE_ALL_LOCKS */
#define IMG_SECUREBITS		0xffU
#define IMG_RLIMIT_DATA		2
#define IMG_RLIMIT_NOFILE	7
#define IMG_RLIM_INFINITY	(~0ULL)
/* sysctl_nr_open_max: no fs.nr_open, so no RLIMIT_NOFILE, can exceed it. */
#define IMG_NR_OPEN_MAX		0x7fffffc0ULL
/* PID_MAX_LIMIT on 64-bit */
#define IMG_PID_MAX		(4 * 1024 * 1024)
#define IMG_SECCOMP_MODE_FILTER	2U
/* sizeof(struct seccomp_data), BPF_MEMWORDS */
#define IMG_SECCOMP_DATA_LEN	64U
#define IMG_BPF_MEMWORDS	16U
/* asm-generic/termbits.h: c_lflag bits */
#define IMG_ICANON		0x2U
#define IMG_EXTPROC		0x10000U
/* <linux/filter.h>'s classic BPF codes that <linux/bpf_common.h> lacks */
#define IMG_BPF_A		0x10
#define IMG_BPF_TAX		0x00
#define IMG_BPF_TXA		0x80
#define IMG_BPF_RVAL(code)	((code) & 0x18)
/* SKF_AD_OFF as a load's unsigned offset, and SKF_AD_MAX: the ancillary words */
#define IMG_SKF_AD_OFF		0xfffff000U
#define IMG_SKF_AD_MAX		64U
/* TASK_SIZE of a 64-bit task (47 bits less the guard page) */
#define IMG_TASK_SIZE		0x7ffffffff000ULL
/* UAPI_SA_FLAGS on x86-64: what sigaction() keeps of sa_flags */
#define IMG_SA_FLAGS		0xdc000807ULL
/* AT_VECTOR_SIZE with CONFIG_IA32_EMULATION: the kernel's saved_auxv words */
#define IMG_AUXV_KERNEL		48U
/* KTIME_SEC_MAX / 2: the latest a time namespace's clock may read */
#define IMG_TIMENS_SEC_MAX	4611686018LL
#define IMG_NSEC_PER_SEC	1000000000LL
/* VALID_OPEN_FLAGS on x86-64 */
#define IMG_O_ACCMODE		03U
#define IMG_O_VALID		037777703U
#define IMG_O_RDONLY		0U
#define IMG_O_RDWR		02U
/* An anonymous inode's mode, and what F_SETFL adds to its file's O_RDWR. */
#define IMG_ANON_MODE		0600U
/* O_RDWR, O_NONBLOCK, O_APPEND, O_NOATIME */
#define IMG_ANON_FLAGS		(IMG_O_RDWR | 04000U | 02000U | 01000000U)

#define IMG_PAGE_MASK		((u64)VZCPT_PAGE_SIZE - 1)
/* The longest pass and the most address spaces pre-copy may name (img_feed_precopy()). */
#define IMG_PRECOPY_PASS_MAX	0x10000U
#define IMG_PRECOPY_SEQ_MAX	0x100000ULL

#define IMG_PAGE_ALIGN(x)	(((x) + IMG_PAGE_MASK) & ~IMG_PAGE_MASK)

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

/* Does @path (@len bytes) have a ".." component? */
static bool img_dotdot(const char *path, u32 len)
{
	u32 i, start = 0;

	for (i = 0; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		if (i - start == 2 && path[start] == '.' && path[start + 1] == '.')
			return true;
		start = i + 1;
	}
	return false;
}

/*
 * A path carried after a record: absolute (every path an image holds is
 * looked up from the container's root), no NUL inside, no ".." (a dump
 * writes d_path()'s canonical form), shorter than PATH_MAX.
 */
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
	if (img_dotdot(path, path_len))
		return img_bad(why, whylen, "the %s path has a \"..\" component", what);
	return 0;
}

/* A clock of the time namespace, as proc_timens_set_offset() bounds it. */
static bool img_timens_ok(s64 ns)
{
	return ns >= 0 && ns / IMG_NSEC_PER_SEC <= IMG_TIMENS_SEC_MAX;
}

int img_check_ident(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_image *img = p;

	if (len < sizeof(*img))
		return img_bad(why, whylen, "the image header has %u bytes, less than %zu", len,
			       sizeof(*img));
	if (memcmp(img->magic, VZCPT_IMAGE_MAGIC, sizeof(img->magic)))
		return img_bad(why, whylen, "bad magic: this is not a vzcpt image");
	if (img->version != VZCPT_IMAGE_VERSION)
		return img_bad(why, whylen,
			       "the image has format version %u, this reader knows version %u",
			       img->version, VZCPT_IMAGE_VERSION);
	return 0;
}

static int img_check_image(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_image *img = p;
	int err = img_check_ident(p, len, why, whylen);

	if (err)
		return err;
	if (img->arch != VZCPT_ARCH_X86_64)
		return img_bad(why, whylen,
			       "the image is of another architecture (%#x), not x86_64",
			       img->arch);
	if (!memchr(img->release, 0, sizeof(img->release)))
		return img_bad(why, whylen, "the kernel release is not NUL-terminated");
	if (!img->nr_tasks || img->nr_tasks > IMG_PID_MAX)
		return img_bad(why, whylen, "the image announces %u tasks", img->nr_tasks);
	if (img->xsave_size && img->xsave_size < IMG_XSAVE_MIN)
		return img_bad(why, whylen, "the xsave size %u is below the minimum %u",
			       img->xsave_size, IMG_XSAVE_MIN);
	if (img->xsave_size > VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_xstate))
		return img_bad(why, whylen, "the xsave size %u is above the record limit",
			       img->xsave_size);
	if (img->real_ns < 0)
		return img_bad(why, whylen, "the image's real time is negative");
	if (!img_timens_ok(img->mono_ns) || !img_timens_ok(img->boot_ns))
		return img_bad(why, whylen,
			       "a clock of the image (%lld, %lld ns) is outside what a time namespace can show",
			       (long long)img->mono_ns, (long long)img->boot_ns);
	if (img->flags & ~VZCPT_IMAGE_FLAGS)
		return img_bad(why, whylen, "the image header has unknown flags %#x",
			       img->flags & ~VZCPT_IMAGE_FLAGS);
	if (img->pad || !img_zero(img->reserved, sizeof(img->reserved)))
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

	if (t->pid <= 0 || t->tgid <= 0 || t->pid >= IMG_PID_MAX || t->tgid >= IMG_PID_MAX)
		return img_bad(why, whylen, "task pid %d or tgid %d is not a pid",
			       t->pid, t->tgid);
	if (t->ppid < 0 || t->pgid < 0 || t->sid < 0 || t->ppid >= IMG_PID_MAX ||
	    t->pgid >= IMG_PID_MAX || t->sid >= IMG_PID_MAX)
		return img_bad(why, whylen, "task %d has a bad ppid, pgid or sid", t->pid);
	if (t->pid == 1 ? t->ppid != 0 : t->ppid == 0)
		return img_bad(why, whylen, "task %d has parent %d: only the init (pid 1) has none",
			       t->pid, t->ppid);
	if (t->flags & ~(VZCPT_TASK_THREAD | VZCPT_TASK_SID_ORPHAN | VZCPT_TASK_PGID_ORPHAN |
			 VZCPT_TASK_ZOMBIE | VZCPT_TASK_SECCOMP_TSYNC))
		return img_bad(why, whylen, "task %d has unknown flags %#x", t->pid, t->flags);
	/* A helper of the leader's pid makes it: never the task's own pid, never for a thread. */
	if (t->flags & VZCPT_TASK_SID_ORPHAN &&
	    (t->flags & VZCPT_TASK_THREAD || !t->sid || t->sid == t->pid || t->sid == 1))
		return img_bad(why, whylen, "task %d cannot be in a session %d whose leader exited",
			       t->pid, t->sid);
	if (t->flags & VZCPT_TASK_PGID_ORPHAN &&
	    (t->flags & VZCPT_TASK_THREAD || !t->pgid || t->pgid == t->pid || t->pgid == 1))
		return img_bad(why, whylen,
			       "task %d cannot be in a process group %d whose leader exited",
			       t->pid, t->pgid);
	if (t->flags & VZCPT_TASK_THREAD ? t->pid == t->tgid : t->pid != t->tgid)
		return img_bad(why, whylen, "task %d with tgid %d is %s", t->pid, t->tgid,
			       t->flags & VZCPT_TASK_THREAD ? "a thread of itself" :
			       "not marked as a thread");
	if (t->exit_signal < 0 || t->exit_signal > VZCPT_NSIG)
		return img_bad(why, whylen, "task %d has exit signal %d", t->pid, t->exit_signal);
	if (t->flags & VZCPT_TASK_THREAD && (t->ppid != t->tgid || t->exit_signal))
		return img_bad(why, whylen,
			       "thread %d is not made by its leader %d or has an exit signal",
			       t->pid, t->tgid);
	if (t->flags & VZCPT_TASK_ZOMBIE) {
		if (t->mm_id || t->files_id || t->fs_id || t->sighand_id)
			return img_bad(why, whylen,
				       "zombie %d has an address space, files, fs or handlers",
				       t->pid);
	} else if (!t->mm_id || !t->files_id || !t->fs_id || !t->sighand_id ||
	    t->mm_id > IMG_ID_MAX || t->files_id > IMG_ID_MAX || t->fs_id > IMG_ID_MAX ||
	    t->sighand_id > IMG_ID_MAX)
		return img_bad(why, whylen, "task %d names an object with id 0 or out of range",
			       t->pid);
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

/* As capset() and prctl(PR_SET_SECUREBITS) would take them. */
static int img_check_caps(const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	if ((t->cap_inheritable | t->cap_permitted | t->cap_effective | t->cap_bset |
	     t->cap_ambient) & ~IMG_CAP_VALID)
		return img_bad(why, whylen, "task %d has capabilities beyond CAP_LAST_CAP", t->pid);
	if (t->cap_effective & ~t->cap_permitted)
		return img_bad(why, whylen,
			       "task %d has effective capabilities it is not permitted", t->pid);
	if (t->cap_ambient & ~(t->cap_permitted & t->cap_inheritable))
		return img_bad(why, whylen,
			       "task %d has ambient capabilities neither permitted nor inheritable",
			       t->pid);
	if (t->securebits & ~IMG_SECUREBITS)
		return img_bad(why, whylen, "task %d has unknown securebits %#x", t->pid,
			       t->securebits);
	return 0;
}

/* As setrlimit() would take them (fs.nr_open itself is the restore's to check). */
static int img_check_rlimits(const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	unsigned int i;

	for (i = 0; i < VZCPT_RLIM_NLIMITS; i++)
		if (t->rlim_cur[i] > t->rlim_max[i])
			return img_bad(why, whylen, "task %d has limit %u above its maximum",
				       t->pid, i);
	if (t->rlim_max[IMG_RLIMIT_NOFILE] > IMG_NR_OPEN_MAX)
		return img_bad(why, whylen, "task %d may open %llu files, more than any fs.nr_open",
			       t->pid, (unsigned long long)t->rlim_max[IMG_RLIMIT_NOFILE]);
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
	case VZCPT_RESTART_CPU_NANOSLEEP:
		/* CPUCLOCK_PROF, CPUCLOCK_VIRT, CPUCLOCK_SCHED */
		if (t->restart_clockid > 2)
			return img_bad(why, whylen, "task %d sleeps on unknown CPU clock %u",
				       t->pid, t->restart_clockid);
		if (!img_user(t->restart_rmtp) ||
		    !img_zero(t->restart_arg, sizeof(t->restart_arg)))
			return img_bad(why, whylen, "task %d has bad sleep arguments", t->pid);
		break;
	case VZCPT_RESTART_POLL:
		if (t->restart_clockid || t->restart_rmtp || !img_user(t->restart_arg[0]) ||
		    t->restart_arg[1] > IMG_NR_OPEN || t->restart_arg[2] > 1 || t->restart_arg[3])
			return img_bad(why, whylen, "task %d has bad poll arguments", t->pid);
		break;
	case VZCPT_RESTART_FUTEX:
		if ((t->restart_clockid != IMG_CLOCK_REALTIME &&
		     t->restart_clockid != IMG_CLOCK_MONOTONIC) || t->restart_rmtp ||
		    !img_user(t->restart_arg[0]) || !t->restart_arg[0] || t->restart_arg[0] % 4 ||
		    t->restart_arg[1] > 0xffffffffULL || !t->restart_arg[2] ||
		    t->restart_arg[2] > 0xffffffffULL ||
		    t->restart_arg[3] & ~(u64)VZCPT_FUTEX_SHARED)
			return img_bad(why, whylen, "task %d has bad futex wait arguments", t->pid);
		break;
	default:
		return img_bad(why, whylen, "task %d has unknown restart kind %d", t->pid,
			       t->restart_kind);
	}
	if (t->restart_remaining_ns < 0)
		return img_bad(why, whylen, "task %d has a negative time left", t->pid);
	return 0;
}

/* Dumpable and the parent-death signal as prctl would take them (capabilities: img_check_caps). */
static int img_check_task_privs(const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	if (t->dumpable > IMG_SUID_DUMP_ROOT || t->pdeath_signal < 0 ||
	    t->pdeath_signal > VZCPT_NSIG)
		return img_bad(why, whylen, "task %d has a bad dumpable or parent-death signal",
			       t->pid);
	return 0;
}

/* A wait status as the kernel makes one: exit(n)'s n << 8, or a signal with the core flag. */
static bool img_wait_status(s32 c)
{
	if (!(c & ~0xff00))
		return true;
	return !(c & ~0xff) && (c & 0x7f) >= 1 && (c & 0x7f) <= VZCPT_NSIG;
}

/*
 * A zombie is a dead process: no thread, not the init (whose death ends
 * the CT), nothing of a live task's state (no restart, pointers or
 * limits: its records would follow, and none does).
 */
static int img_check_zombie(const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	if (!(t->flags & VZCPT_TASK_ZOMBIE))
		return t->exit_code || t->zombie_pending || t->zombie_shared ?
		       img_bad(why, whylen, "task %d is alive but has an exit status", t->pid) : 0;
	if (t->flags & VZCPT_TASK_THREAD || t->pid == 1)
		return img_bad(why, whylen, "%s %d cannot be a zombie",
			       t->pid == 1 ? "the init" : "thread", t->pid);
	if (!img_wait_status(t->exit_code))
		return img_bad(why, whylen, "zombie %d has a bad wait status %#x", t->pid,
			       t->exit_code);
	if (t->restart_kind || t->clear_child_tid || t->fs_base || t->gs_base || t->rseq ||
	    t->rseq_len || t->rseq_sig || t->personality || t->dumpable ||
	    t->pdeath_signal || !img_zero(t->rlim_cur, sizeof(t->rlim_cur)) ||
	    !img_zero(t->rlim_max, sizeof(t->rlim_max)))
		return img_bad(why, whylen, "zombie %d carries a live task's state", t->pid);
	return 0;
}

static int img_check_task(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_task *t = p;
	bool filter;
	int err;

	err = img_check_task_ids(t, why, whylen);
	if (!err)
		err = img_check_restart(t, why, whylen);
	if (!err)
		err = img_check_caps(t, why, whylen);
	if (!err)
		err = img_check_rlimits(t, why, whylen);
	if (err)
		return err;
	if (!memchr(t->comm, 0, sizeof(t->comm)))
		return img_bad(why, whylen, "the name of task %d is not NUL-terminated", t->pid);
	if (!img_user(t->clear_child_tid) || !img_user(t->fs_base) || !img_user(t->gs_base))
		return img_bad(why, whylen, "task %d has a pointer outside user space", t->pid);
	if (!img_user(t->rseq) || t->rseq & (IMG_RSEQ_ALIGN - 1) ||
	    (t->rseq ? t->rseq_len < IMG_RSEQ_MIN_LEN : t->rseq_len != 0))
		return img_bad(why, whylen, "task %d has a bad rseq area", t->pid);
	/* One entry per set, and semmni is at most IPCMNI (32768). */
	if (t->nr_semundo > (t->sysvsem_id ? 32768U : 0))
		return img_bad(why, whylen,
			       "task %d has %u semaphore undo entries for undo list %llu", t->pid,
			       t->nr_semundo, (unsigned long long)t->sysvsem_id);
	if (t->flags & VZCPT_TASK_ZOMBIE && t->sysvsem_id)
		return img_bad(why, whylen, "zombie %d has a semaphore undo list", t->pid);
	/* A filter per 5 instructions of a chain at most (4 more per filter). */
	filter = t->seccomp_mode == IMG_SECCOMP_MODE_FILTER;
	if (t->seccomp_mode > IMG_SECCOMP_MODE_FILTER || filter != !!t->seccomp_id ||
	    t->seccomp_id > IMG_ID_MAX || t->nr_seccomp > VZCPT_SECCOMP_MAX_PATH / 5 ||
	    (t->nr_seccomp && !t->seccomp_id))
		return img_bad(why, whylen,
			       "task %d has seccomp mode %u with filter %llu and %u filters",
			       t->pid, t->seccomp_mode, (unsigned long long)t->seccomp_id,
			       t->nr_seccomp);
	if (t->flags & VZCPT_TASK_ZOMBIE && t->seccomp_mode)
		return img_bad(why, whylen, "zombie %d has a seccomp mode", t->pid);
	if (t->flags & VZCPT_TASK_SECCOMP_TSYNC &&
	    (t->flags & VZCPT_TASK_THREAD || t->seccomp_mode != IMG_SECCOMP_MODE_FILTER))
		return img_bad(why, whylen, "task %d shares seccomp filters it does not have",
			       t->pid);
	err = img_check_task_privs(t, why, whylen);
	if (!err)
		err = img_check_zombie(t, why, whylen);
	return err;
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
	/* As validate_prctl_map_addr(); mmap_min_addr is the restore's to check. */
	for (i = 0; i < 11; i++)	/* start_code .. env_end */
		if (f[i] >= IMG_TASK_SIZE)
			return img_bad(why, whylen,
				       "a layout address (%#llx) is outside user space",
				       (unsigned long long)f[i]);
	if (m->start_code >= m->end_code || m->start_data > m->end_data ||
	    m->start_brk > m->brk || m->arg_start > m->arg_end || m->env_start > m->env_end)
		return img_bad(why, whylen, "the layout has a range that ends before it starts");
	if (m->vdso & IMG_PAGE_MASK || m->vdso >= IMG_TASK_SIZE)
		return img_bad(why, whylen, "the vDSO address is not a page of user space");
	/* The kernel keeps AT_VECTOR_SIZE words: their last pair ends the vector. */
	for (i = 0; i < IMG_AUXV_KERNEL; i += 2)
		if (m->auxv[i] == 0)	/* AT_NULL */
			break;
	if (i >= IMG_AUXV_KERNEL)
		return img_bad(why, whylen, "the auxiliary vector has no AT_NULL in its %u words",
			       IMG_AUXV_KERNEL);
	if (!img_zero(&m->auxv[i], sizeof(m->auxv) - i * sizeof(m->auxv[0])))
		return img_bad(why, whylen, "the auxiliary vector has words after its AT_NULL");
	if (m->mlockall & ~(VZCPT_MCL_FUTURE | VZCPT_MCL_ONFAULT) ||
	    m->mlockall == VZCPT_MCL_ONFAULT)
		return img_bad(why, whylen, "bad mlockall flags %#x", m->mlockall);
	if (m->pad || !img_zero(m->reserved, sizeof(m->reserved)))
		return img_bad(why, whylen, "reserved fields of the address space are not zero");
	if (m->precopy >= IMG_PRECOPY_SEQ_MAX)
		return img_bad(why, whylen, "the address space names pre-copied mm %llu",
			       (unsigned long long)m->precopy);
	return 0;
}

static int img_check_vma_flags(const struct vzcpt_img_vma *v, char *why, size_t whylen)
{
	u32 share = v->flags & (IMG_MAP_SHARED | IMG_MAP_PRIVATE);

	if (v->kind < VZCPT_VMA_ANON || v->kind > VZCPT_VMA_SYSV)
		return img_bad(why, whylen, "unknown mapping kind %u", v->kind);
	if (v->prot & ~IMG_PROT_MASK)
		return img_bad(why, whylen, "unknown protection bits %#x", v->prot);
	if (v->flags & ~(IMG_MAP_SHARED | IMG_MAP_PRIVATE | IMG_MAP_GROWSDOWN) ||
	    (share != IMG_MAP_SHARED && share != IMG_MAP_PRIVATE))
		return img_bad(why, whylen, "bad mapping flags %#x", v->flags);
	if (v->kind == VZCPT_VMA_ANON && share == IMG_MAP_SHARED)
		return img_bad(why, whylen, "shared anonymous memory is not of the anonymous kind");
	if (v->nr_pages && v->kind != VZCPT_VMA_SHMEM &&
	    (share == IMG_MAP_SHARED || v->kind == VZCPT_VMA_VDSO || v->kind == VZCPT_VMA_VVAR))
		return img_bad(why, whylen, "a shared or special mapping carries pages");
	return 0;
}

/* As shmem_zero_setup() makes it: a shared object no bigger than user space, whole pages. */
static int img_check_vma_shm(const struct vzcpt_img_vma *v, char *why, size_t whylen)
{
	if (v->kind == VZCPT_VMA_GHOST) {
		if (!v->shm_id || v->shm_id > IMG_ID_MAX || v->shm_size)
			return img_bad(why, whylen,
				       "a mapping of a deleted file names file %llu of size %llu",
				       (unsigned long long)v->shm_id,
				       (unsigned long long)v->shm_size);
		return 0;
	}
	if (v->kind == VZCPT_VMA_SYSV) {
		/* As do_shmat() maps it: the whole segment, shared, from its start. */
		if (v->shm_id > IMG_INT_MAX || !v->shm_size || v->shm_size > IMG_TASK_SIZE ||
		    v->end - v->start != IMG_PAGE_ALIGN(v->shm_size) || v->pgoff ||
		    v->flags != IMG_MAP_SHARED)
			return img_bad(why, whylen,
				       "mapping %#llx-%#llx is not what shmat() makes of segment %llu of %llu bytes",
				       (unsigned long long)v->start, (unsigned long long)v->end,
				       (unsigned long long)v->shm_id,
				       (unsigned long long)v->shm_size);
		return 0;
	}
	if (v->kind != VZCPT_VMA_SHMEM) {
		if (v->shm_id || v->shm_size)
			return img_bad(why, whylen, "a mapping of kind %u names a memory object",
				       v->kind);
		return 0;
	}
	if (!(v->flags & IMG_MAP_SHARED) || v->flags & IMG_MAP_GROWSDOWN)
		return img_bad(why, whylen, "shared anonymous memory is not mapped shared");
	if (!v->shm_id || v->shm_id >= IMG_KEY_PID)
		return img_bad(why, whylen, "shared anonymous memory has a bad object id %llu",
			       (unsigned long long)v->shm_id);
	if (!v->shm_size || v->shm_size & IMG_PAGE_MASK || v->shm_size > IMG_TASK_SIZE)
		return img_bad(why, whylen, "shared anonymous memory has a bad size %llu",
			       (unsigned long long)v->shm_size);
	/* Pages may only be where the object has them: inside its size. */
	if (v->nr_pages && v->pgoff >= v->shm_size / VZCPT_PAGE_SIZE)
		return img_bad(why, whylen, "shared anonymous memory carries pages past its end");
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
	if (v->start >= v->end || v->end > IMG_TASK_SIZE)
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
	if (!err)
		err = img_check_vma_shm(v, why, whylen);
	if (err)
		return err;
	if (v->kind == VZCPT_VMA_FILE)
		err = img_check_path((const char *)(v + 1), v->path_len, "mapped file",
				     why, whylen);
	else if (v->path_len)
		err = img_bad(why, whylen, "a mapping of no file has a path");
	return err;
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
	if (pg->start & IMG_PAGE_MASK || pg->start >= IMG_TASK_SIZE ||
	    bytes > IMG_TASK_SIZE - pg->start)
		return img_bad(why, whylen, "pages at %#llx are unaligned or outside user space",
			       (unsigned long long)pg->start);
	if (pg->reserved)
		return img_bad(why, whylen, "the reserved field of a pages record is not zero");
	return 0;
}

/*
 * An anonymous inode file (eventfd, signalfd, timerfd, epoll, inotify): its
 * object names the rest. inotify_init1() makes its file read-only.
 */
static int img_check_evfd_file(const struct vzcpt_img_file *f, char *why, size_t whylen)
{
	u32 acc = f->kind == VZCPT_FILE_INOTIFY ? IMG_O_RDONLY : IMG_O_RDWR;
	/* Of these kinds, only an inotify has a fasync list for O_ASYNC. */
	u32 valid = IMG_ANON_FLAGS | (f->kind == VZCPT_FILE_INOTIFY ? IMG_O_ASYNC : 0);

	if (f->mode != IMG_ANON_MODE || f->rdev || f->path_len || f->pos)
		return img_bad(why, whylen,
			       "an anonymous inode file has mode %#o, an rdev, a path or a position",
			       f->mode);
	if ((f->flags & IMG_O_ACCMODE) != acc || f->flags & ~valid)
		return img_bad(why, whylen, "an anonymous inode file has flags %#o", f->flags);
	if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
		return img_bad(why, whylen, "an anonymous inode file names object %llu",
			       (unsigned long long)f->pipe_id);
	return 0;
}

/* F_SETOWN's owner and F_SETSIG's signal, as those fcntls and the dump take them. */
static int img_check_fown(const struct vzcpt_img_file *f, char *why, size_t whylen)
{
	if (f->owner_type > VZCPT_OWNER_PGRP)
		return img_bad(why, whylen, "the owner of a file has the unknown type %u",
			       f->owner_type);
	if (f->owner_pid < 0 || f->owner_pid >= IMG_PID_MAX)
		return img_bad(why, whylen, "the owner of a file has pid %d", f->owner_pid);
	if (!f->owner_pid && (f->owner_uid || f->owner_euid))
		return img_bad(why, whylen, "a file with no owner has its setter's ids");
	if (f->owner_pid && (f->owner_uid == IMG_NO_ID || f->owner_euid == IMG_NO_ID))
		return img_bad(why, whylen, "the owner of a file was set by user id -1");
	if (f->signum > VZCPT_NSIG)
		return img_bad(why, whylen, "a file signals with signal %u", f->signum);
	if (f->reserved2)
		return img_bad(why, whylen, "the second reserved field of the file is not zero");
	return 0;
}

/* O_ACCMODE, O_NONBLOCK, O_APPEND, O_ASYNC, O_LARGEFILE, O_NOATIME */
#define IMG_MQ_FILE_FLAGS	(IMG_O_ACCMODE | IMG_O_NONBLOCK | 02000U | IMG_O_ASYNC | \
				 0100000U | 01000000U)

static int img_check_file(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_file *f = p;
	u32 fmt = f->mode & IMG_S_IFMT;
	int err;

	if (f->path_len != len - sizeof(*f))
		return img_bad(why, whylen, "the path is %u bytes but the record carries %zu",
			       f->path_len, (size_t)(len - sizeof(*f)));
	if (f->pos < 0)
		return img_bad(why, whylen,
			       "the file position %lld is negative", (long long)f->pos);
	if (f->flags & IMG_O_CLOEXEC)
		return img_bad(why, whylen, "the file flags include O_CLOEXEC");
	if (f->flags & ~IMG_O_VALID || (f->flags & IMG_O_ACCMODE) == IMG_O_ACCMODE)
		return img_bad(why, whylen, "unknown file flags %#o", f->flags);
	if (f->mode & ~(IMG_S_IFMT | 07777))
		return img_bad(why, whylen, "unknown mode bits %#o", f->mode);
	if (f->reserved)
		return img_bad(why, whylen, "the reserved field of the file is not zero");
	err = img_check_fown(f, why, whylen);
	if (err)
		return err;
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
	case VZCPT_FILE_SOCKET:
		if (fmt != IMG_S_IFSOCK || f->rdev || f->path_len)
			return img_bad(why, whylen, "a socket has mode %#o, an rdev or a path",
				       f->mode);
		if ((f->flags & ~(IMG_O_NONBLOCK | IMG_O_ASYNC)) != IMG_O_RDWR)
			return img_bad(why, whylen, "a socket file has flags %#o", f->flags);
		if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
			return img_bad(why, whylen, "a socket file names socket %llu",
				       (unsigned long long)f->pipe_id);
		return 0;
	case VZCPT_FILE_EVENTFD:
	case VZCPT_FILE_SIGNALFD:
	case VZCPT_FILE_TIMERFD:
	case VZCPT_FILE_EPOLL:
	case VZCPT_FILE_INOTIFY:
		return img_check_evfd_file(f, why, whylen);
	case VZCPT_FILE_PIPE:
		if (fmt != IMG_S_IFIFO || f->rdev)
			return img_bad(why, whylen, "a pipe has mode %#o or an rdev", f->mode);
		if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
			return img_bad(why, whylen, "a pipe end names pipe %llu",
				       (unsigned long long)f->pipe_id);
		if (f->path_len)
			return img_bad(why, whylen, "a pipe end has a path");
		return 0;
	case VZCPT_FILE_FIFO:
		if (fmt != IMG_S_IFIFO || f->rdev || f->path_len)
			return img_bad(why, whylen, "an open FIFO has mode %#o, an rdev or a path",
				       f->mode);
		if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
			return img_bad(why, whylen, "an open FIFO names FIFO %llu",
				       (unsigned long long)f->pipe_id);
		return 0;
	case VZCPT_FILE_PTMX:
	case VZCPT_FILE_PTS:
	case VZCPT_FILE_DEVTTY:
		/* The PTY record has the path; posix_openpt() opens a master O_RDWR. */
		if (fmt != IMG_S_IFCHR || f->rdev || f->path_len || f->pos)
			return img_bad(why, whylen,
				       "a pty end has mode %#o, an rdev, a path or a position",
				       f->mode);
		if (f->kind == VZCPT_FILE_PTMX && (f->flags & IMG_O_ACCMODE) != IMG_O_RDWR)
			return img_bad(why, whylen, "a pty master has flags %#o", f->flags);
		if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
			return img_bad(why, whylen, "a pty end names pty %llu",
				       (unsigned long long)f->pipe_id);
		return 0;
	case VZCPT_FILE_MQUEUE:
		/* mq_open()'s flags that dentry_open() keeps, and those F_SETFL sets. */
		if (fmt != IMG_S_IFREG || f->rdev || f->path_len)
			return img_bad(why, whylen,
				       "an open POSIX message queue has mode %#o, an rdev or a path",
				       f->mode);
		if (f->flags & ~IMG_MQ_FILE_FLAGS)
			return img_bad(why, whylen, "an open POSIX message queue has flags %#o",
				       f->flags);
		if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
			return img_bad(why, whylen, "an open POSIX message queue names queue %llu",
				       (unsigned long long)f->pipe_id);
		return 0;
	case VZCPT_FILE_GHOST:
		if (fmt != IMG_S_IFREG || f->rdev || f->path_len)
			return img_bad(why, whylen,
				       "a deleted file has mode %#o, an rdev or a path", f->mode);
		if (!f->pipe_id || f->pipe_id > IMG_ID_MAX)
			return img_bad(why, whylen, "an open deleted file names file %llu",
				       (unsigned long long)f->pipe_id);
		return 0;
	default:
		return img_bad(why, whylen, "unknown file kind %u", f->kind);
	}
	return img_check_path((const char *)(f + 1), f->path_len, "file", why, whylen);
}

/*
 * A pty's input not read yet: as much as its line discipline holds in the
 * mode of its termios; in canonical mode, no line end past the bytes, and
 * line ends in at most two bytes besides '\n' and 0, which rst_tty.c makes
 * its VEOL and VEOL2 while it queues them again.
 */
static int img_check_pty_input(const struct vzcpt_img_pty *r, const u8 *in, const u8 *ends,
			       char *why, size_t whylen)
{
	bool canon = r->c_lflag & IMG_ICANON;
	int eol[2] = { -1, -1 };
	u32 i;
	u8 c;

	if (!r->in_len)
		return 0;
	if (r->in_len > VZCPT_PTY_IN_MAX - !canon || r->c_lflag & IMG_EXTPROC)
		return img_bad(why, whylen,
			       "pty %u holds %u bytes of input in lflag %#x: too many, or EXTPROC",
			       r->index, r->in_len, r->c_lflag);
	if (!canon)
		return 0;
	if (r->in_len % 8 && ends[r->in_len / 8] >> (r->in_len % 8))
		return img_bad(why, whylen, "pty %u has line ends past its %u bytes of input",
			       r->index, r->in_len);
	for (i = 0; i < r->in_len; i++) {
		if (!(ends[i / 8] & (1U << (i % 8))))
			continue;
		c = in[i];
		if (!c || c == '\n' || c == eol[0] || c == eol[1])
			continue;
		if (eol[1] >= 0)
			return img_bad(why, whylen,
				       "the lines of input to pty %u end in %#x, %#x and %#x besides newline and VEOF",
				       r->index, eol[0], eol[1], c);
		eol[eol[0] >= 0] = c;
	}
	return 0;
}

/*
 * A pty pair: termios bits the tty layer keeps, N_TTY, an index devpts can
 * give, a session and foreground group both set or both not, an owner
 * that is one, permission bits, the ptmx's path, the bytes in flight.
 */
static int img_check_pty(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_pty *r = p;
	const u8 *in = (const u8 *)(r + 1) + r->path_len + r->out_len;
	u64 ends = r->c_lflag & IMG_ICANON ? (r->in_len + 7ULL) / 8 : 0;
	int err;

	if (r->out_len > VZCPT_PTY_OUT_MAX || r->path_len >= VZCPT_PATH_MAX ||
	    r->in_len > VZCPT_PTY_IN_MAX || r->in_raw_len > VZCPT_PTY_IN_RAW_MAX ||
	    (u64)r->path_len + r->out_len + r->in_len + r->in_raw_len + ends != len - sizeof(*r))
		return img_bad(why, whylen,
			       "the path is %u bytes, the output %u and the input %u + %u but the record carries %zu",
			       r->path_len, r->out_len, r->in_len, r->in_raw_len,
			       (size_t)(len - sizeof(*r)));
	if (r->index >= VZCPT_PTY_INDEX_MAX)
		return img_bad(why, whylen, "pty index %u is above devpts's bound", r->index);
	if (r->flags & ~VZCPT_PTY_FLAGS)
		return img_bad(why, whylen, "pty %u has flags %#x", r->index, r->flags);
	if (r->c_iflag & ~VZCPT_PTY_IFLAGS || r->c_oflag & ~VZCPT_PTY_OFLAGS ||
	    r->c_cflag & ~VZCPT_PTY_CFLAGS || r->c_lflag & ~VZCPT_PTY_LFLAGS)
		return img_bad(why, whylen,
			       "pty %u has termios flags %#x %#x %#x %#x unknown to the tty layer",
			       r->index, r->c_iflag, r->c_oflag, r->c_cflag, r->c_lflag);
	if (r->c_line)
		return img_bad(why, whylen, "pty %u has line discipline %u, not N_TTY", r->index,
			       r->c_line);
	if (r->c_ispeed > 0x7fffffffU || r->c_ospeed > 0x7fffffffU)
		return img_bad(why, whylen, "pty %u has speeds %u and %u", r->index, r->c_ispeed,
			       r->c_ospeed);
	if (r->session < 0 || r->pgrp < 0 || r->session >= IMG_PID_MAX ||
	    r->pgrp >= IMG_PID_MAX || !r->session != !r->pgrp)
		return img_bad(why, whylen, "pty %u has session %d and foreground group %d",
			       r->index, r->session, r->pgrp);
	if (r->uid == 0xffffffffU || r->gid == 0xffffffffU || r->mode & ~0777U)
		return img_bad(why, whylen, "pty %u has owner %u:%u and mode %#o", r->index,
			       r->uid, r->gid, r->mode);
	err = img_check_pty_input(r, in, in + r->in_len + r->in_raw_len, why, whylen);
	if (err)
		return err;
	return img_check_path((const char *)(r + 1), r->path_len, "ptmx", why, whylen);
}

/*
 * dev_valid_name(): not empty, ".", "..", nor with '/', ':' or what the
 * kernel's isspace() takes for white space (its Latin-1 no-break space too).
 */
static bool img_ifname(const char *name, size_t size, bool may_be_empty)
{
	size_t i, n;

	if (!memchr(name, 0, size))
		return false;
	n = strlen(name);
	if (!n)
		return may_be_empty && img_zero(name, size);
	if (!strcmp(name, ".") || !strcmp(name, ".."))
		return false;
	for (i = 0; i < n; i++)
		if (name[i] == '/' || name[i] == ':' || name[i] == ' ' ||
		    (name[i] >= '\t' && name[i] <= '\r') || (u8)name[i] == 0xa0)
			return false;
	/* Past its NUL, zero: an image has one spelling of a name. */
	return img_zero(name + n, size - n);
}

int img_check_sockopt(const struct vzcpt_img_sockopt *o, char *why, size_t whylen)
{
	if (o->flags & ~VZCPT_SO_ALL)
		return img_bad(why, whylen, "unknown socket options %#x", o->flags);
	if ((o->flags & VZCPT_SO_TIMESTAMP) && (o->flags & VZCPT_SO_TIMESTAMPNS))
		return img_bad(why, whylen, "a socket has both SO_TIMESTAMP and SO_TIMESTAMPNS");
	if ((o->flags & VZCPT_SO_TSTAMP_NEW) &&
	    !(o->flags & (VZCPT_SO_TIMESTAMP | VZCPT_SO_TIMESTAMPNS)))
		return img_bad(why, whylen, "a socket has a timestamp form but no timestamps");
	/* The kernel keeps twice what was asked, at least its minimum, at most INT_MAX. */
	if (!(o->flags & VZCPT_SO_RCVBUF) ? o->rcvbuf : o->rcvbuf < 2048 || o->rcvbuf & 1)
		return img_bad(why, whylen, "a socket's receive buffer of %d bytes", o->rcvbuf);
	if (!(o->flags & VZCPT_SO_SNDBUF) ? o->sndbuf : o->sndbuf < 2048 || o->sndbuf & 1)
		return img_bad(why, whylen, "a socket's send buffer of %d bytes", o->sndbuf);
	if (o->rcvlowat < 1)
		return img_bad(why, whylen, "a socket's SO_RCVLOWAT is %d", o->rcvlowat);
	if (o->linger > IMG_INT_MAX)
		return img_bad(why, whylen, "a socket lingers %u s", o->linger);
	if (o->rcvtimeo_us < 0 || o->sndtimeo_us < 0)
		return img_bad(why, whylen, "a socket's timeout is negative");
	if (!img_ifname(o->bound_dev, sizeof(o->bound_dev), true))
		return img_bad(why, whylen,
			       "a socket is bound to a device with a bad name, or one not zero-padded");
	if (o->reserved)
		return img_bad(why, whylen, "the reserved field of a socket's options is not zero");
	return 0;
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

static int img_check_lock(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_lock *l = p;

	if (l->kind < VZCPT_LOCK_POSIX || l->kind > VZCPT_LOCK_FLOCK)
		return img_bad(why, whylen, "a lock of unknown kind %u", l->kind);
	if (l->type != VZCPT_LOCK_READ && l->type != VZCPT_LOCK_WRITE)
		return img_bad(why, whylen, "a lock of unknown type %u", l->type);
	if (!l->file_id)
		return img_bad(why, whylen, "a lock names file 0");
	/* The kernel's own bounds (flock_to_posix_lock()): 0 <= start <= end <= OFFSET_MAX. */
	if (l->start < 0 || l->end < l->start)
		return img_bad(why, whylen, "a lock of file %llu covers bytes %lld to %lld",
			       (unsigned long long)l->file_id, (long long)l->start,
			       (long long)l->end);
	if (l->kind == VZCPT_LOCK_FLOCK && (l->start || l->end != VZCPT_LOCK_EOF))
		return img_bad(why, whylen, "an flock() lock of file %llu covers a range",
			       (unsigned long long)l->file_id);
	if (l->kind == VZCPT_LOCK_OFD ? l->pid : l->pid < 0)
		return img_bad(why, whylen, "a lock of file %llu was taken by pid %d",
			       (unsigned long long)l->file_id, l->pid);
	if (l->reserved)
		return img_bad(why, whylen, "the reserved field of a lock is not zero");
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

static int img_check_eventfd(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_eventfd *e = p;

	if (e->flags & ~VZCPT_EFD_SEMAPHORE)
		return img_bad(why, whylen, "unknown eventfd flags %#x", e->flags);
	if (e->reserved)
		return img_bad(why, whylen, "the reserved field of an eventfd is not zero");
	return 0;
}

static int img_check_signalfd(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_signalfd *s = p;

	/* signalfd4() never takes them: no dump has them. */
	if (s->sigmask & (1ULL << (IMG_SIGKILL - 1) | 1ULL << (IMG_SIGSTOP - 1)))
		return img_bad(why, whylen, "a signalfd reads SIGKILL or SIGSTOP");
	if (s->reserved)
		return img_bad(why, whylen, "the reserved field of a signalfd is not zero");
	return 0;
}

static int img_check_timerfd(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_timerfd *t = p;

	if (t->clockid != IMG_CLOCK_REALTIME && t->clockid != IMG_CLOCK_MONOTONIC &&
	    t->clockid != IMG_CLOCK_BOOTTIME)
		return img_bad(why, whylen, "a timerfd on clock %u", t->clockid);
	if (t->settime_flags & ~(VZCPT_TFD_ABSTIME | VZCPT_TFD_CANCEL_ON_SET))
		return img_bad(why, whylen, "unknown timerfd flags %#x", t->settime_flags);
	if (t->value_ns < 0 || t->interval_ns < 0)
		return img_bad(why, whylen, "a timerfd fires at %lld ns every %lld ns",
			       (long long)t->value_ns, (long long)t->interval_ns);
	if (t->reserved)
		return img_bad(why, whylen, "the reserved field of a timerfd is not zero");
	return 0;
}

static int img_check_epoll(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_epoll *e = p;
	const struct vzcpt_img_epoll_tfd *t = (const void *)(e + 1);
	u32 i;

	if ((len - sizeof(*e)) % sizeof(*t) || e->nr != (len - sizeof(*e)) / sizeof(*t))
		return img_bad(why, whylen,
			       "an epoll watches %u files but the record carries %zu bytes", e->nr,
			       (size_t)(len - sizeof(*e)));
	if (e->reserved)
		return img_bad(why, whylen, "the reserved field of an epoll is not zero");
	for (i = 0; i < e->nr; i++) {
		if (!t[i].file_id || t[i].file_id > IMG_ID_MAX || t[i].fd >= IMG_NR_OPEN)
			return img_bad(why, whylen, "an epoll watches file %llu as fd %u",
				       (unsigned long long)t[i].file_id, t[i].fd);
		if (t[i].events & ~VZCPT_EPOLL_EVENTS)
			return img_bad(why, whylen, "an epoll watches fd %u for unknown events %#x",
				       t[i].fd, t[i].events);
	}
	return 0;
}

/* INT_MAX + 1: idr_alloc_cyclic() leaves its cursor past the last wd it gave. */
#define IMG_INOTIFY_NEXT_MAX	0x80000000U

static int img_check_inotify_wd(const struct vzcpt_img_inotify_wd *w, s32 prev, u32 room,
				char *why, size_t whylen)
{
	const char *path = (const char *)(w + 1);
	u32 padded = (w->path_len + 7) & ~7U;
	int err;

	if (w->wd <= prev)
		return img_bad(why, whylen, "an inotify watch has wd %d after wd %d", w->wd, prev);
	if (w->mask & ~VZCPT_INOTIFY_MASK ||
	    (w->mask & VZCPT_IN_ONLYDIR && w->mask & VZCPT_IN_DONT_FOLLOW))
		return img_bad(why, whylen, "inotify watch %d has mask %#x", w->wd, w->mask);
	if (w->reserved)
		return img_bad(why, whylen,
			       "the reserved field of inotify watch %d is not zero", w->wd);
	if (w->path_len >= VZCPT_PATH_MAX || padded > room)
		return img_bad(why, whylen,
			       "the path of inotify watch %d is %u bytes, more than the record holds",
			       w->wd, w->path_len);
	err = img_check_path(path, w->path_len, "inotify watch", why, whylen);
	if (err)
		return err;
	if (!img_zero(path + w->path_len, padded - w->path_len))
		return img_bad(why, whylen, "the padding of inotify watch %d is not zero", w->wd);
	return 0;
}

/* One queued event of @room bytes left; @last: none may follow it (the overflow must not). */
static int img_check_inotify_ev(const struct vzcpt_img_inotify_ev *e, u32 room, bool last,
				char *why, size_t whylen)
{
	const char *name = (const char *)(e + 1);
	u32 padded = (e->name_len + 7) & ~7U, i;

	if (e->mask == VZCPT_IN_Q_OVERFLOW) {
		if (e->wd != -1 || e->cookie || e->name_len || !last)
			return img_bad(why, whylen,
				       "an inotify's overflow event has wd %d, cookie %u, a name of %u bytes, or events after it",
				       e->wd, e->cookie, e->name_len);
		return 0;
	}
	if (!e->mask || e->mask & ~VZCPT_INOTIFY_EV_MASK || e->mask & VZCPT_IN_Q_OVERFLOW)
		return img_bad(why, whylen, "an inotify event has mask %#x", e->mask);
	if (e->wd <= 0 || (u32)e->wd >= IMG_INOTIFY_NEXT_MAX)
		return img_bad(why, whylen, "an inotify event has wd %d", e->wd);
	if (e->name_len > 255 || padded > room)
		return img_bad(why, whylen,
			       "the name of an inotify event of wd %d is %u bytes, more than the record holds or a name has",
			       e->wd, e->name_len);
	/* A name of an entry: no NUL, no '/', not "." or "..". */
	for (i = 0; i < e->name_len; i++)
		if (!name[i] || name[i] == '/')
			return img_bad(why, whylen,
				       "the name of an inotify event of wd %d has a NUL or a '/'",
				       e->wd);
	if ((e->name_len == 1 && name[0] == '.') ||
	    (e->name_len == 2 && name[0] == '.' && name[1] == '.'))
		return img_bad(why, whylen, "the name of an inotify event of wd %d is . or ..",
			       e->wd);
	if (!img_zero(name + e->name_len, padded - e->name_len))
		return img_bad(why, whylen, "the padding of an inotify event of wd %d is not zero",
			       e->wd);
	return 0;
}

static int img_check_inotify(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_inotify *in = p;
	const char *q = (const char *)(in + 1);
	u32 left = len - sizeof(*in), i;
	const struct vzcpt_img_inotify_wd *w;
	s32 prev = 0;
	int err;

	if (in->next_wd > IMG_INOTIFY_NEXT_MAX)
		return img_bad(why, whylen, "an inotify gives its next wd from %u", in->next_wd);
	if (in->nr_events > VZCPT_INOTIFY_EV_MAX || in->reserved)
		return img_bad(why, whylen,
			       "an inotify has %u events queued (at most %u), or a reserved field set",
			       in->nr_events, VZCPT_INOTIFY_EV_MAX);
	for (i = 0; i < in->nr; i++) {
		if (left < sizeof(*w))
			return img_bad(why, whylen,
				       "an inotify has %u watches but the record holds %u",
				       in->nr, i);
		w = (const void *)q;
		err = img_check_inotify_wd(w, prev, left - sizeof(*w), why, whylen);
		if (err)
			return err;
		prev = w->wd;
		q += sizeof(*w) + ((w->path_len + 7) & ~7U);
		left -= sizeof(*w) + ((w->path_len + 7) & ~7U);
	}
	for (i = 0; i < in->nr_events; i++) {
		const struct vzcpt_img_inotify_ev *e = (const void *)q;

		if (left < sizeof(*e))
			return img_bad(why, whylen,
				       "an inotify has %u events queued but the record holds %u",
				       in->nr_events, i);
		err = img_check_inotify_ev(e, left - sizeof(*e), i + 1 == in->nr_events, why,
					   whylen);
		if (err)
			return err;
		q += sizeof(*e) + ((e->name_len + 7) & ~7U);
		left -= sizeof(*e) + ((e->name_len + 7) & ~7U);
	}
	if (left)
		return img_bad(why, whylen,
			       "an inotify record has %u bytes after its %u watches and %u events",
			       left, in->nr, in->nr_events);
	return 0;
}

static int img_check_sighand(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_sighand *sh = p;
	unsigned int i;

	for (i = 0; i < VZCPT_NSIG; i++) {
		const struct vzcpt_img_sigaction *a = &sh->action[i];

		/* do_sigaction() refuses any action for these: they stay as they are. */
		if ((i + 1 == IMG_SIGKILL || i + 1 == IMG_SIGSTOP) &&
		    (a->handler || a->flags || a->restorer || a->mask))
			return img_bad(why, whylen, "signal %u cannot have an action", i + 1);
		if (a->flags & ~IMG_SA_FLAGS)
			return img_bad(why, whylen,
				       "the action of signal %u has unknown flags %#llx", i + 1,
				       (unsigned long long)(a->flags & ~IMG_SA_FLAGS));
		if (a->handler > IMG_SIG_IGN && a->handler >= IMG_TASK_SIZE)
			return img_bad(why, whylen,
				       "the handler of signal %u is outside user space",
				       i + 1);
		if (a->restorer >= IMG_TASK_SIZE)
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
#define IMG_SIGTTOU		22	/* SIGSTOP (19) to SIGTTOU: the stop signals */
#define IMG_IOPRIO_CLASS_IDLE	3	/* classes NONE, RT, BE, IDLE */
#define IMG_IOPRIO_LEVELS	8

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

/*
 * A group stop is one of the four stop signals; a process is either
 * stopped or continued (SIGNAL_STOP_STOPPED and _CONTINUED exclude each
 * other), and a stop its parent has not waited for is a stopped one's.
 */
static int img_check_taskx_stop(const struct vzcpt_img_taskx *x, char *why, size_t whylen)
{
	bool stopped = x->flags & VZCPT_TASKX_STOPPED;

	if (stopped ? x->stop_signal < (u32)IMG_SIGSTOP || x->stop_signal > (u32)IMG_SIGTTOU :
	    x->stop_signal != 0)
		return img_bad(why, whylen, "stop signal %u for a task %s", x->stop_signal,
			       stopped ? "stopped (only 19 to 22 stop)" : "that is not stopped");
	if (x->flags & VZCPT_TASKX_STOP_UNREPORTED && !stopped)
		return img_bad(why, whylen, "a stop to report for a task that is not stopped");
	if (stopped && x->flags & VZCPT_TASKX_CONTINUED)
		return img_bad(why, whylen, "a task both stopped and continued");
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
	err = img_check_taskx_stop(x, why, whylen);
	if (err)
		return err;
	/* ioprio_check_cap()'s classes and levels; no level in class NONE. */
	if (x->ioprio >> 16 || (x->ioprio >> 13) > IMG_IOPRIO_CLASS_IDLE ||
	    (x->ioprio & 0x1fff) >= IMG_IOPRIO_LEVELS ||
	    (!(x->ioprio >> 13) && x->ioprio))
		return img_bad(why, whylen, "bad I/O priority %#x", x->ioprio);
	if (!img_user(x->robust_list))
		return img_bad(why, whylen, "the robust futex list %#llx is not in user space",
			       (unsigned long long)x->robust_list);
	if (!img_zero(x->reserved, sizeof(x->reserved)))
		return img_bad(why, whylen, "reserved fields of the task record are not zero");
	return 0;
}

/* ---- VZCPT_REC_IPCNS, SEM, MSQ, MSG: the CT's SysV IPC namespace ---- */

/* IPCMNI: the most objects of a kind, and the highest shmmni, msgmni, semmni. */
#define IMG_IPCMNI		32768U
#define IMG_SEMVMX		32767U	/* the greatest semaphore value */
#define IMG_IPC_MODE		0777U	/* what semget/msgget and IPC_SET keep of a mode */

static int img_check_ipcns(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_ipcns *n = p;
	unsigned int i;

	/* As the sysctls' own handlers bound them (ipc/ipc_sysctl.c). */
	if (n->shmmni > IMG_IPCMNI || n->msgmni > IMG_IPCMNI || n->sem[3] > IMG_IPCMNI)
		return img_bad(why, whylen, "shmmni %u, msgmni %u or semmni %u exceeds %u",
			       n->shmmni, n->msgmni, n->sem[3], IMG_IPCMNI);
	if (n->shm_rmid_forced > 1)
		return img_bad(why, whylen, "shm_rmid_forced is %u, not 0 or 1",
			       n->shm_rmid_forced);
	if (n->msgmax > IMG_INT_MAX || n->msgmnb > IMG_INT_MAX)
		return img_bad(why, whylen, "msgmax %u or msgmnb %u exceeds INT_MAX", n->msgmax,
			       n->msgmnb);
	for (i = 0; i < 4; i++)
		if (n->sem[i] > IMG_INT_MAX)
			return img_bad(why, whylen, "kernel.sem field %u is %u", i, n->sem[i]);
	if (n->nr_sem > n->sem[3] || n->nr_msq > n->msgmni)
		return img_bad(why, whylen,
			       "%u semaphore sets and %u message queues exceed semmni %u or msgmni %u",
			       n->nr_sem, n->nr_msq, n->sem[3], n->msgmni);
	if (n->nr_shm > n->shmmni)
		return img_bad(why, whylen, "%u shared memory segments exceed shmmni %u",
			       n->nr_shm, n->shmmni);
	if (!img_zero(n->reserved, sizeof(n->reserved)))
		return img_bad(why, whylen, "reserved fields of the IPC namespace are not zero");
	return 0;
}

static int img_check_ipc_perm(const struct vzcpt_img_ipc_perm *pm, const char *what,
			      char *why, size_t whylen)
{
	if (pm->id < 0)
		return img_bad(why, whylen, "the %s has id %d", what, pm->id);
	if (pm->uid == IMG_NO_ID || pm->gid == IMG_NO_ID || pm->cuid == IMG_NO_ID ||
	    pm->cgid == IMG_NO_ID)
		return img_bad(why, whylen, "%s %d has an owner or creator id -1", what, pm->id);
	if (pm->mode & ~IMG_IPC_MODE)
		return img_bad(why, whylen, "%s %d has mode %#o", what, pm->id, pm->mode);
	if (pm->reserved)
		return img_bad(why, whylen, "the reserved field of %s %d is not zero", what,
			       pm->id);
	return 0;
}

static int img_check_sem(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_sem *s = p;
	const u16 *val = (const u16 *)(s + 1);
	u32 i;
	int err;

	err = img_check_ipc_perm(&s->perm, "semaphore set", why, whylen);
	if (err)
		return err;
	if (!s->nsems || (u64)s->nsems * sizeof(*val) != len - sizeof(*s))
		return img_bad(why, whylen, "semaphore set %d has %u semaphores in %u bytes",
			       s->perm.id, s->nsems, len);
	if (s->reserved)
		return img_bad(why, whylen, "the reserved field of semaphore set %d is not zero",
			       s->perm.id);
	for (i = 0; i < s->nsems; i++)
		if (val[i] > IMG_SEMVMX)
			return img_bad(why, whylen, "semaphore %u of set %d has value %u above %u",
				       i, s->perm.id, val[i], IMG_SEMVMX);
	return 0;
}

static int img_check_semundo(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_semundo *u = p;

	if (u->semid < 0)
		return img_bad(why, whylen, "a semaphore undo entry is for set %d", u->semid);
	if (!u->nsems || (u64)u->nsems * sizeof(__s16) != len - sizeof(*u))
		return img_bad(why, whylen,
			       "the undo entry for semaphore set %d has %u adjustments in %u bytes",
			       u->semid, u->nsems, len);
	return 0;
}

/*
 * A classic BPF program as bpf_check_classic() checks it (known
 * instructions, no division by a constant 0, shifts below 32, scratch
 * memory in range, jumps in the program, loads of ancillary data the
 * kernel knows, RET last); a seccomp filter's (@seccomp) restricted to what
 * seccomp_check_filter() allows (no packet loads but of struct
 * seccomp_data's 64 bytes, aligned). The kernel checks it again as the
 * task installs it, and then also that no scratch memory is read before
 * it is written on any path (check_load_and_stores()), which takes memory
 * this validator does not allocate.
 * Returns @n, or the first instruction found wrong.
 */
/* A packet load's offset: in the packet, or one of the ancillary words bpf_anc_helper() knows. */
static bool img_bpf_abs_ok(u32 k)
{
	return k < IMG_SKF_AD_OFF || (k - IMG_SKF_AD_OFF < IMG_SKF_AD_MAX && !(k & 3));
}

static u32 img_check_bpf(const struct vzcpt_img_sock_filter *f, u32 n, bool seccomp)
{
	u16 code;
	u32 pc;

	for (pc = 0; pc < n; pc++) {
		u32 k = f[pc].k;

		code = f[pc].code;
		switch (code) {
		case BPF_LD | BPF_W | BPF_ABS:
			if (seccomp ? k >= IMG_SECCOMP_DATA_LEN || k & 3 : !img_bpf_abs_ok(k))
				return pc;
			break;
		case BPF_LD | BPF_H | BPF_ABS:
		case BPF_LD | BPF_B | BPF_ABS:
			if (seccomp || !img_bpf_abs_ok(k))
				return pc;
			break;
		case BPF_LD | BPF_W | BPF_IND:
		case BPF_LD | BPF_H | BPF_IND:
		case BPF_LD | BPF_B | BPF_IND:
		case BPF_LDX | BPF_B | BPF_MSH:
		case BPF_ALU | BPF_MOD | BPF_X:
			if (seccomp)
				return pc;
			break;
		case BPF_ALU | BPF_DIV | BPF_K:
			if (!k)
				return pc;
			break;
		case BPF_ALU | BPF_MOD | BPF_K:
			if (seccomp || !k)
				return pc;
			break;
		case BPF_ALU | BPF_LSH | BPF_K:
		case BPF_ALU | BPF_RSH | BPF_K:
			if (k >= 32)
				return pc;
			break;
		case BPF_LD | BPF_MEM:
		case BPF_LDX | BPF_MEM:
		case BPF_ST:
		case BPF_STX:
			if (k >= IMG_BPF_MEMWORDS)
				return pc;
			break;
		case BPF_JMP | BPF_JA:
			if (k >= n - pc - 1)
				return pc;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
		case BPF_JMP | BPF_JEQ | BPF_X:
		case BPF_JMP | BPF_JGE | BPF_K:
		case BPF_JMP | BPF_JGE | BPF_X:
		case BPF_JMP | BPF_JGT | BPF_K:
		case BPF_JMP | BPF_JGT | BPF_X:
		case BPF_JMP | BPF_JSET | BPF_K:
		case BPF_JMP | BPF_JSET | BPF_X:
			if (pc + f[pc].jt + 1 >= n || pc + f[pc].jf + 1 >= n)
				return pc;
			break;
		case BPF_LD | BPF_W | BPF_LEN:
		case BPF_LDX | BPF_W | BPF_LEN:
		case BPF_RET | BPF_K:
		case BPF_RET | IMG_BPF_A:
		case BPF_ALU | BPF_ADD | BPF_K:
		case BPF_ALU | BPF_ADD | BPF_X:
		case BPF_ALU | BPF_SUB | BPF_K:
		case BPF_ALU | BPF_SUB | BPF_X:
		case BPF_ALU | BPF_MUL | BPF_K:
		case BPF_ALU | BPF_MUL | BPF_X:
		case BPF_ALU | BPF_DIV | BPF_X:
		case BPF_ALU | BPF_AND | BPF_K:
		case BPF_ALU | BPF_AND | BPF_X:
		case BPF_ALU | BPF_OR | BPF_K:
		case BPF_ALU | BPF_OR | BPF_X:
		case BPF_ALU | BPF_XOR | BPF_K:
		case BPF_ALU | BPF_XOR | BPF_X:
		case BPF_ALU | BPF_LSH | BPF_X:
		case BPF_ALU | BPF_RSH | BPF_X:
		case BPF_ALU | BPF_NEG:
		case BPF_LD | BPF_IMM:
		case BPF_LDX | BPF_IMM:
		case BPF_MISC | IMG_BPF_TAX:
		case BPF_MISC | IMG_BPF_TXA:
			break;
		default:
			return pc;
		}
	}
	code = f[n - 1].code;
	return BPF_CLASS(code) == BPF_RET &&
	       (IMG_BPF_RVAL(code) == BPF_K || IMG_BPF_RVAL(code) == IMG_BPF_A) ? n : n - 1;
}

static int img_check_seccomp(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_seccomp *s = p;
	const struct vzcpt_img_sock_filter *f = (const void *)(s + 1);
	u32 pc;

	if (!s->len || s->len > VZCPT_SECCOMP_MAX_INSNS ||
	    (u64)s->len * sizeof(*f) != len - sizeof(*s))
		return img_bad(why, whylen, "a seccomp filter has %u instructions in %u bytes",
			       s->len, len);
	if (s->flags & ~VZCPT_SECCOMP_LOG || s->prev_id > IMG_ID_MAX)
		return img_bad(why, whylen, "a seccomp filter has flags %#x and parent %llu",
			       s->flags, (unsigned long long)s->prev_id);
	pc = img_check_bpf(f, s->len, true);
	if (pc != s->len)
		return img_bad(why, whylen,
			       "a seccomp filter's program is not one seccomp() takes (instruction %u, code %#x)",
			       pc, f[pc].code);
	return 0;
}

static int img_check_sock_filter(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_sock_filter_hdr *r = p;
	const struct vzcpt_img_sock_filter *f = (const void *)(r + 1);
	u32 pc;

	if (r->len > VZCPT_SOCKF_MAX_INSNS || (u64)r->len * sizeof(*f) != len - sizeof(*r))
		return img_bad(why, whylen, "a socket filter has %u instructions in %u bytes",
			       r->len, len);
	/* The dump writes one only for a filter or a lock. */
	if (r->flags & ~VZCPT_SOCKF_LOCKED || (!r->len && !r->flags))
		return img_bad(why, whylen, "a socket filter of %u instructions has flags %#x",
			       r->len, r->flags);
	pc = r->len ? img_check_bpf(f, r->len, false) : 0;
	if (pc != r->len)
		return img_bad(why, whylen,
			       "a socket filter's program is not one SO_ATTACH_FILTER takes (instruction %u, code %#x)",
			       pc, f[pc].code);
	return 0;
}

static int img_check_msq(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_msq *q = p;
	int err;

	err = img_check_ipc_perm(&q->perm, "message queue", why, whylen);
	if (err)
		return err;
	/* msgsnd() queues no more messages than the queue's byte limit. */
	if (q->nr_msgs > q->qbytes)
		return img_bad(why, whylen, "queue %d holds %u messages, over its limit %llu",
			       q->perm.id, q->nr_msgs, (unsigned long long)q->qbytes);
	if (q->reserved)
		return img_bad(why, whylen, "the reserved field of message queue %d is not zero",
			       q->perm.id);
	return 0;
}

static int img_check_msg(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_msg *m = p;

	if (m->mtype < 1)
		return img_bad(why, whylen, "a message has type %lld", (long long)m->mtype);
	if (m->len != len - sizeof(*m))
		return img_bad(why, whylen, "a message of %u bytes has %u", m->len,
			       (u32)(len - sizeof(*m)));
	if (m->reserved)
		return img_bad(why, whylen, "the reserved field of a message is not zero");
	return 0;
}

/* ---- VZCPT_REC_MQNS, MQ, MQ_MSG: the CT's POSIX message queues ---- */

#define IMG_MQ_FLAGS		VZCPT_MQ_UNLINKED
#define IMG_NSIG		64U	/* _NSIG: valid_signal()'s bound, 0 included */

/* As the fs.mqueue sysctls' handlers bound them (ipc/mq_sysctl.c); queues_max is any int. */
static int img_check_mqns(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_mqns *n = p;

	if (n->msg_max < 1 || n->msg_max > VZCPT_MQ_HARD_MSGMAX || n->msg_default < 1 ||
	    n->msg_default > VZCPT_MQ_HARD_MSGMAX)
		return img_bad(why, whylen,
			       "fs.mqueue.msg_max %u or msg_default %u is not within 1 and %u",
			       n->msg_max, n->msg_default, VZCPT_MQ_HARD_MSGMAX);
	if (n->msgsize_max < VZCPT_MQ_MIN_MSGSIZEMAX ||
	    n->msgsize_max > VZCPT_MQ_HARD_MSGSIZEMAX ||
	    n->msgsize_default < VZCPT_MQ_MIN_MSGSIZEMAX ||
	    n->msgsize_default > VZCPT_MQ_HARD_MSGSIZEMAX)
		return img_bad(why, whylen,
			       "fs.mqueue.msgsize_max %u or msgsize_default %u is not within %u and %u",
			       n->msgsize_max, n->msgsize_default, VZCPT_MQ_MIN_MSGSIZEMAX,
			       VZCPT_MQ_HARD_MSGSIZEMAX);
	if (n->reserved)
		return img_bad(why, whylen,
			       "the reserved field of the message queue limits is not zero");
	return 0;
}

/*
 * A queue as mq_open() makes one: a name lookup_one_len() takes (no '/',
 * not "." or ".."), attributes mq_attr_ok() takes (within the hard limits:
 * above the namespace's, only with CAP_SYS_RESOURCE, which the restore's
 * own mq_open() asks of the CT's root), permission bits, an owner; a
 * notification as mq_notify() registers it (SIGEV_NONE or SIGEV_SIGNAL with
 * a valid signal) by a process.
 */
static int img_check_mq(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_mq *q = p;
	const char *name = (const char *)(q + 1);

	if (q->name_len != len - sizeof(*q) || !q->name_len || q->name_len > VZCPT_MQ_NAME_MAX)
		return img_bad(why, whylen,
			       "a POSIX message queue's name is %u bytes in a record of %u",
			       q->name_len, len);
	if (memchr(name, 0, q->name_len) || memchr(name, '/', q->name_len) ||
	    (q->name_len == 1 && name[0] == '.') ||
	    (q->name_len == 2 && name[0] == '.' && name[1] == '.'))
		return img_bad(why, whylen,
			       "a POSIX message queue's name has a NUL or a '/', or is \".\" or \"..\"");
	if (q->mode & ~07777U)
		return img_bad(why, whylen, "POSIX message queue /%.*s has mode %#o",
			       (int)q->name_len, name, q->mode);
	if (q->uid == IMG_NO_ID || q->gid == IMG_NO_ID)
		return img_bad(why, whylen, "POSIX message queue /%.*s has owner id -1",
			       (int)q->name_len, name);
	if (!q->maxmsg || q->maxmsg > VZCPT_MQ_HARD_MSGMAX || !q->msgsize ||
	    q->msgsize > VZCPT_MQ_HARD_MSGSIZEMAX)
		return img_bad(why, whylen,
			       "POSIX message queue /%.*s has mq_maxmsg %u or mq_msgsize %u",
			       (int)q->name_len, name, q->maxmsg, q->msgsize);
	if (q->nr_msgs > q->maxmsg)
		return img_bad(why, whylen,
			       "POSIX message queue /%.*s holds %u messages, over its %u",
			       (int)q->name_len, name, q->nr_msgs, q->maxmsg);
	if (q->flags & ~IMG_MQ_FLAGS || q->reserved)
		return img_bad(why, whylen,
			       "POSIX message queue /%.*s has flags %#x or a reserved field",
			       (int)q->name_len, name, q->flags);
	switch (q->notify) {
	case VZCPT_MQ_NOTIFY_OFF:
		if (q->notify_pid || q->notify_signo || q->notify_value)
			return img_bad(why, whylen,
				       "POSIX message queue /%.*s has no notification but its process, signal or value",
				       (int)q->name_len, name);
		return 0;
	case VZCPT_MQ_NOTIFY_NONE:
		if (q->notify_signo || q->notify_value)
			return img_bad(why, whylen,
				       "the SIGEV_NONE notification of POSIX message queue /%.*s has a signal or value",
				       (int)q->name_len, name);
		break;
	case VZCPT_MQ_NOTIFY_SIGNAL:
		if (q->notify_signo > IMG_NSIG)
			return img_bad(why, whylen,
				       "the notification of POSIX message queue /%.*s is signal %u",
				       (int)q->name_len, name, q->notify_signo);
		break;
	default:
		return img_bad(why, whylen, "POSIX message queue /%.*s has notification kind %u",
			       (int)q->name_len, name, q->notify);
	}
	if (q->notify_pid <= 0 || q->notify_pid >= IMG_PID_MAX)
		return img_bad(why, whylen,
			       "the notification of POSIX message queue /%.*s is registered by pid %d",
			       (int)q->name_len, name, q->notify_pid);
	return 0;
}

static int img_check_mq_msg(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_mq_msg *m = p;

	if (m->prio >= VZCPT_MQ_PRIO_MAX)
		return img_bad(why, whylen, "a POSIX message has priority %u, not below %u",
			       m->prio, VZCPT_MQ_PRIO_MAX);
	if (m->len != len - sizeof(*m))
		return img_bad(why, whylen, "a POSIX message of %u bytes has %u", m->len,
			       (u32)(len - sizeof(*m)));
	return 0;
}

/* shm_perm.mode's flags past the permission bits, and SHM_NORESERVE's record */
#define IMG_SHM_FLAGS	(VZCPT_SHM_LOCKED | VZCPT_SHM_DEST | VZCPT_SHM_NORESERVE)

static int img_check_shm(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_shm *s = p;
	int err;

	err = img_check_ipc_perm(&s->perm, "shared memory segment", why, whylen);
	if (err)
		return err;
	/* shmget()'s SHMMIN; the namespace's shmmax is the state's to check. */
	if (!s->size || s->size > IMG_TASK_SIZE)
		return img_bad(why, whylen, "shared memory segment %d has %llu bytes", s->perm.id,
			       (unsigned long long)s->size);
	if (s->nr_pages > IMG_PAGE_ALIGN(s->size) / VZCPT_PAGE_SIZE)
		return img_bad(why, whylen, "shared memory segment %d has %llu pages, past its end",
			       s->perm.id, (unsigned long long)s->nr_pages);
	if (s->flags & ~IMG_SHM_FLAGS)
		return img_bad(why, whylen, "shared memory segment %d has flags %#x", s->perm.id,
			       s->flags);
	/*
	 * IPC_RMID destroys a segment nobody has attached, and makes the key
	 * of one still attached IPC_PRIVATE.
	 */
	if (s->flags & VZCPT_SHM_DEST && (!s->nattch || s->perm.key))
		return img_bad(why, whylen,
			       "removed shared memory segment %d has key %#x and %u mappings",
			       s->perm.id, (u32)s->perm.key, s->nattch);
	if (s->reserved)
		return img_bad(why, whylen,
			       "the reserved field of shared memory segment %d is not zero",
			       s->perm.id);
	return 0;
}

/* ---- VZCPT_REC_TIMERS: itimers and POSIX timers ---- */

#define IMG_SIGEV_SIGNAL	0U
#define IMG_SIGEV_NONE		1U
#define IMG_SIGEV_THREAD_ID	4U
/* KTIME_SEC_MAX: the longest time a timer can be set to. */
#define IMG_TIMER_NS_MAX	(IMG_TIMENS_SEC_MAX * IMG_NSEC_PER_SEC)

static const char * const img_itimer_names[VZCPT_NR_ITIMERS] = { "REAL", "VIRTUAL", "PROF" };

static int img_check_itimer(const struct vzcpt_img_itimer *it, unsigned int i, char *why,
			    size_t whylen)
{
	bool ok;

	if (it->reserved)
		return img_bad(why, whylen, "the reserved field of ITIMER_%s is not zero",
			       img_itimer_names[i]);
	if (it->interval_ns > (u64)IMG_TIMER_NS_MAX)
		return img_bad(why, whylen, "ITIMER_%s has interval %llu ns",
			       img_itimer_names[i], (unsigned long long)it->interval_ns);
	switch (it->state) {
	case VZCPT_ITIMER_OFF:
		/* setitimer() keeps the interval of a disarmed CPU timer only. */
		ok = !it->value_ns && (i != VZCPT_ITIMER_REAL || !it->interval_ns);
		break;
	case VZCPT_ITIMER_ARMED:
		ok = it->value_ns >= 1 && it->value_ns <= IMG_TIMER_NS_MAX;
		break;
	case VZCPT_ITIMER_REARM:
		ok = i == VZCPT_ITIMER_REAL && it->interval_ns && it->value_ns <= 0 &&
		     it->value_ns >= -IMG_TIMER_NS_MAX;
		break;
	default:
		return img_bad(why, whylen, "ITIMER_%s has unknown state %u",
			       img_itimer_names[i], it->state);
	}
	if (!ok)
		return img_bad(why, whylen,
			       "ITIMER_%s in state %u has value %lld ns, interval %llu ns",
			       img_itimer_names[i], it->state, (long long)it->value_ns,
			       (unsigned long long)it->interval_ns);
	return 0;
}

/*
 * A CPU-time clock id: ~pid << 3 | per-thread (4) | which (PROF 0, VIRT 1,
 * SCHED 2; 3 is a clock fd's), the pid the CT's or 0 for the caller's own.
 */
static bool img_cpu_clock_ok(s32 clockid)
{
	s32 pid = ~(clockid >> 3);

	return clockid < 0 && (clockid & 3) != 3 && pid >= 0 && pid < IMG_PID_MAX;
}

static int img_check_ptimer_event(const struct vzcpt_img_posix_timer *p, char *why,
				  size_t whylen)
{
	if (p->clockid != IMG_CLOCK_REALTIME && p->clockid != IMG_CLOCK_MONOTONIC &&
	    p->clockid != IMG_CLOCK_BOOTTIME && !img_cpu_clock_ok(p->clockid))
		return img_bad(why, whylen, "POSIX timer %d has clock %d", p->id, p->clockid);
	switch (p->notify) {
	case IMG_SIGEV_NONE:
		if (p->signo < 0 || p->signo > VZCPT_NSIG || p->target)
			return img_bad(why, whylen,
				       "POSIX timer %d (SIGEV_NONE) has signal %d, target %d",
				       p->id, p->signo, p->target);
		return 0;
	case IMG_SIGEV_SIGNAL:
	case IMG_SIGEV_THREAD_ID:
		break;
	default:
		return img_bad(why, whylen, "POSIX timer %d has notification %u", p->id, p->notify);
	}
	if (p->signo <= 0 || p->signo > VZCPT_NSIG)
		return img_bad(why, whylen, "POSIX timer %d sends signal %d", p->id, p->signo);
	if (p->notify == IMG_SIGEV_THREAD_ID ? p->target <= 0 || p->target >= IMG_PID_MAX :
	    p->target != 0)
		return img_bad(why, whylen, "POSIX timer %d has target thread %d", p->id,
			       p->target);
	return 0;
}

/*
 * A timer whose signal is queued: only one that sends a signal, and one
 * that a taken signal arms again is not armed now, as posix_timer_fn() and
 * cpu_timer_fire() leave it.
 */
static int img_check_ptimer_queued(const struct vzcpt_img_posix_timer *p, char *why,
				   size_t whylen)
{
	bool queued = p->flags & VZCPT_PTIMER_QUEUED, rearm = p->flags & VZCPT_PTIMER_REARM;

	if (!queued)
		return p->sig_overrun || p->queue_seq || rearm ?
		       img_bad(why, whylen,
			       "POSIX timer %d has no signal queued but flags %#x, overrun %d, place %u",
			       p->id, p->flags, p->sig_overrun, p->queue_seq) : 0;
	if (p->notify == IMG_SIGEV_NONE || (rearm && p->flags & VZCPT_PTIMER_ARMED))
		return img_bad(why, whylen,
			       "POSIX timer %d (clock %d, notification %u, flags %#x) cannot have its signal queued",
			       p->id, p->clockid, p->notify, p->flags);
	if (p->sig_overrun < 0 || p->queue_seq >= VZCPT_POSIX_TIMERS_MAX)
		return img_bad(why, whylen,
			       "POSIX timer %d's queued signal has overrun %d, place %u",
			       p->id, p->sig_overrun, p->queue_seq);
	return 0;
}

static int img_check_ptimer(const struct vzcpt_img_posix_timer *p, char *why, size_t whylen)
{
	bool armed = p->flags & VZCPT_PTIMER_ARMED, bad_time;
	bool rearm = p->flags & VZCPT_PTIMER_REARM;
	int err;

	if (p->id < 0)
		return img_bad(why, whylen, "a POSIX timer has id %d", p->id);
	err = img_check_ptimer_event(p, why, whylen);
	if (!err)
		err = img_check_ptimer_queued(p, why, whylen);
	if (err)
		return err;
	if (p->flags & ~VZCPT_PTIMER_FLAGS ||
	    (p->flags & VZCPT_PTIMER_ABSTIME &&
	     (!(armed || rearm) || p->clockid != IMG_CLOCK_REALTIME)))
		return img_bad(why, whylen, "POSIX timer %d has flags %#x", p->id, p->flags);
	if (armed)
		bad_time = p->value_ns < 1 || p->value_ns > IMG_TIMER_NS_MAX ||
			   p->interval_ns > (u64)IMG_TIMER_NS_MAX;
	else if (rearm)
		/* A CPU timer's, due again from its last expiry, is due by its clock. */
		bad_time = p->value_ns < -IMG_TIMER_NS_MAX || p->value_ns > IMG_TIMER_NS_MAX ||
			   (p->clockid < 0 && p->value_ns > 0) ||
			   !p->interval_ns || p->interval_ns > (u64)IMG_TIMER_NS_MAX;
	else
		bad_time = p->value_ns || p->interval_ns;
	if (bad_time)
		return img_bad(why, whylen, "POSIX timer %d has value %lld ns, interval %llu ns",
			       p->id, (long long)p->value_ns, (unsigned long long)p->interval_ns);
	/* -1: no expiry counted since the last signal (do_timer_create()). */
	if (p->overrun < -1 || p->overrun_last < -1 || p->overrun_last > IMG_INT_MAX)
		return img_bad(why, whylen, "POSIX timer %d has overruns %lld and %lld", p->id,
			       (long long)p->overrun, (long long)p->overrun_last);
	return 0;
}

static int img_check_timers(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_timers *tm = p;
	const struct vzcpt_img_posix_timer *pt = (const void *)(tm + 1);
	unsigned int i;
	int err;

	if (tm->nr_posix > VZCPT_POSIX_TIMERS_MAX ||
	    (u64)tm->nr_posix * sizeof(*pt) != len - sizeof(*tm))
		return img_bad(why, whylen, "%u POSIX timers in %zu bytes", tm->nr_posix,
			       (size_t)(len - sizeof(*tm)));
	if (tm->next_posix_id > IMG_INT_MAX)
		return img_bad(why, whylen, "the next POSIX timer id is %u", tm->next_posix_id);
	if (!img_zero(tm->reserved, sizeof(tm->reserved)))
		return img_bad(why, whylen, "reserved fields of the timers are not zero");
	for (i = 0; i < VZCPT_NR_ITIMERS; i++) {
		err = img_check_itimer(&tm->itimer[i], i, why, whylen);
		if (err)
			return err;
	}
	for (i = 0; i < tm->nr_posix; i++) {
		/* In increasing order: each id once. */
		if (i && pt[i].id <= pt[i - 1].id)
			return img_bad(why, whylen, "POSIX timer %d comes after timer %d",
				       pt[i].id, pt[i - 1].id);
		err = img_check_ptimer(&pt[i], why, whylen);
		if (err)
			return err;
	}
	return 0;
}

/* The longest path a record carries, and the longest xsave area. */
#define IMG_PATH_LEN		(VZCPT_PATH_MAX - 1)
#define IMG_XSAVE_MAX		(VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_xstate))
/* What a record may carry after its struct t: up to the record limit. */
#define IMG_REST(t)		(VZCPT_REC_MAX_LEN - sizeof(struct t))

static int img_check_fifo(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_fifo *fi = p;
	u64 rest = len - sizeof(*fi);

	if (fi->path_len > rest || fi->len != rest - fi->path_len)
		return img_bad(why, whylen,
			       "a FIFO of a %u-byte path holds %u bytes but the record carries %llu",
			       fi->path_len, fi->len, (unsigned long long)rest);
	if (!fi->size || fi->size % VZCPT_PAGE_SIZE || fi->len > fi->size)
		return img_bad(why, whylen, "a FIFO of capacity %u holds %u bytes", fi->size,
			       fi->len);
	if (fi->reserved)
		return img_bad(why, whylen, "the reserved field of a FIFO is not zero");
	return img_check_path((const char *)(fi + 1), fi->path_len, "FIFO", why, whylen);
}

/*
 * A path relative to the CT's root, of @min bytes or more: each component a
 * real name (not empty, ".", ".." or longer than NAME_MAX), no NUL. The
 * restore walks it from the CT's root without following symlinks, so this
 * is all it can name. "" (@min 0) is the CT's root itself.
 */
static int img_check_rel_path(const char *path, u32 len, u32 min, const char *what, char *why,
			      size_t whylen)
{
	u32 i, start = 0;

	if (len < min || len >= VZCPT_PATH_MAX)
		return img_bad(why, whylen, "%s's path is %u bytes long", what, len);
	if (!len)
		return 0;
	if (memchr(path, 0, len))
		return img_bad(why, whylen, "%s's path has a NUL byte inside", what);
	for (i = 0; i <= len; i++) {
		if (i < len && path[i] != '/')
			continue;
		if (i == start || i - start > VZCPT_TMPFS_NAME_MAX ||
		    (i - start == 1 && path[start] == '.') ||
		    (i - start == 2 && path[start] == '.' && path[start + 1] == '.'))
			return img_bad(why, whylen,
				       "%s's path has an empty, \".\", \"..\" or too long component: %.*s",
				       what, (int)len, path);
		start = i + 1;
	}
	return 0;
}

/* A /dev node's path: "dev/" and a name at least; a carried mount's, under it (the feed). */
static int img_check_tmpfs_path(const char *path, u32 len, char *why, size_t whylen)
{
	return img_check_rel_path(path, len, 3, "a tmpfs node", why, whylen);
}

static int img_check_tmpfs(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_tmpfs *t = p;
	const char *path = (const char *)(t + 1);
	u32 type = t->mode & IMG_S_IFMT;
	bool dev = type == IMG_S_IFCHR || type == IMG_S_IFBLK;

	if ((u64)t->path_len + t->target_len != len - sizeof(*t))
		return img_bad(why, whylen,
			       "a /dev node's path of %u bytes and target of %u bytes are not the %zu the record carries",
			       t->path_len, t->target_len, (size_t)(len - sizeof(*t)));
	if (t->mode & ~(IMG_S_IFMT | 07777) ||
	    (type != IMG_S_IFREG && type != IMG_S_IFDIR && type != IMG_S_IFLNK &&
	     type != IMG_S_IFIFO && !dev))
		return img_bad(why, whylen, "a /dev node has mode %#o", t->mode);
	if (t->uid == IMG_NO_ID || t->gid == IMG_NO_ID)
		return img_bad(why, whylen, "a /dev node has owner %u:%u", t->uid, t->gid);
	if (t->reserved)
		return img_bad(why, whylen, "the reserved field of a /dev node is not zero");
	if (dev ? t->rdev_major > VZCPT_TMPFS_MAJOR_MAX || t->rdev_minor > VZCPT_TMPFS_MINOR_MAX :
		  t->rdev_major || t->rdev_minor)
		return img_bad(why, whylen, "a /dev node of mode %#o has device %u:%u", t->mode,
			       t->rdev_major, t->rdev_minor);
	if (type == IMG_S_IFLNK ? !t->target_len || t->target_len >= VZCPT_PATH_MAX :
				  t->target_len)
		return img_bad(why, whylen, "a /dev node of mode %#o has a target of %u bytes",
			       t->mode, t->target_len);
	if (type == IMG_S_IFLNK && memchr(path + t->path_len, 0, t->target_len))
		return img_bad(why, whylen, "a /dev symlink's target has a NUL byte inside");
	if (type == IMG_S_IFREG ? t->size > VZCPT_GHOST_MAX_SIZE || t->data > t->size :
				  t->size || t->data)
		return img_bad(why, whylen, "a /dev node of mode %#o has %llu bytes, %llu carried",
			       t->mode, (unsigned long long)t->size, (unsigned long long)t->data);
	return img_check_tmpfs_path(path, t->path_len, why, whylen);
}

/* A tmpfs's options, as shmem_parse_one() takes them (nr_blocks up to S64_MAX), and its root. */
static int img_check_mount_tmpfs(const struct vzcpt_img_mount *m, char *why, size_t whylen)
{
	if (m->sb_flags & ~VZCPT_MNT_SB_FLAGS || m->huge > VZCPT_MNT_HUGE_MAX || m->inode64 > 1 ||
	    m->mode & ~07777 || m->nr_blocks > 0x7fffffffffffffffULL || m->hidepid || m->subset)
		return img_bad(why, whylen,
			       "a tmpfs mount has flags %#x, huge %u, inode64 %u, mode %#o, %llu blocks, hidepid %u, subset %u",
			       m->sb_flags, m->huge, m->inode64, m->mode,
			       (unsigned long long)m->nr_blocks, m->hidepid, m->subset);
	if (m->uid == IMG_NO_ID || m->gid == IMG_NO_ID || m->root_uid == IMG_NO_ID ||
	    m->root_gid == IMG_NO_ID || m->root_mode & ~(IMG_S_IFMT | 07777) ||
	    (m->root_mode & IMG_S_IFMT) != IMG_S_IFDIR)
		return img_bad(why, whylen,
			       "a tmpfs mount has owner %u:%u, a root of mode %#o owned by %u:%u",
			       m->uid, m->gid, m->root_mode, m->root_uid, m->root_gid);
	return 0;
}

/* proc's hidepid= values (enum proc_hidepid). */
static bool img_hidepid_ok(u32 v)
{
	return v == 0 || v == 1 || v == 2 || v == 4;
}

static int img_check_mount(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_mount *m = p;
	const char *target = (const char *)(m + 1);
	bool tmpfs = m->kind == VZCPT_MOUNT_TMPFS, bind = m->kind == VZCPT_MOUNT_BIND;
	bool proc = m->kind == VZCPT_MOUNT_PROC;
	u32 mp_type = m->mp_mode & IMG_S_IFMT;
	int err;

	if ((u64)m->target_len + m->source_len != len - sizeof(*m))
		return img_bad(why, whylen,
			       "a mount's paths of %u and %u bytes are not the %zu the record carries",
			       m->target_len, m->source_len, (size_t)(len - sizeof(*m)));
	if (!m->kind || m->kind >= VZCPT_MOUNT_NR_KINDS)
		return img_bad(why, whylen, "a mount is of unknown kind %u", m->kind);
	/* "/" and the path, as mount(2) takes it, within PATH_MAX. */
	if (m->target_len >= VZCPT_PATH_MAX - 1 || m->source_len >= VZCPT_PATH_MAX - 1)
		return img_bad(why, whylen, "a mount's paths of %u and %u bytes are too long",
			       m->target_len, m->source_len);
	if (m->mnt_flags & ~VZCPT_MNT_FLAGS ||
	    (m->mnt_flags & VZCPT_MNT_NOATIME && m->mnt_flags & VZCPT_MNT_RELATIME))
		return img_bad(why, whylen, "a mount has flags %#x", m->mnt_flags);
	if (m->mp_mode & ~(IMG_S_IFMT | 07777) || (mp_type != IMG_S_IFDIR &&
						   (!bind || mp_type != IMG_S_IFREG)))
		return img_bad(why, whylen, "a mount is on a node of mode %#o", m->mp_mode);
	if (m->mp_uid == IMG_NO_ID || m->mp_gid == IMG_NO_ID)
		return img_bad(why, whylen, "a mount is on a node owned by %u:%u", m->mp_uid,
			       m->mp_gid);
	if (!bind && (!m->source_len || m->source_len > VZCPT_MOUNT_DEVNAME_MAX ||
		      memchr(target + m->target_len, 0, m->source_len)))
		return img_bad(why, whylen, "a new mount has a device name of %u bytes",
			       m->source_len);
	/* What only a tmpfs has; a proc's gid, hidepid= and subset= (as proc_parse_param()). */
	if (tmpfs) {
		err = img_check_mount_tmpfs(m, why, whylen);
		if (err)
			return err;
	} else if (m->sb_flags || m->huge || m->inode64 || m->mode || m->uid || m->nr_blocks ||
		   m->nr_inodes || m->root_mode || m->root_uid || m->root_gid ||
		   m->root_atime_ns || m->root_mtime_ns ||
		   (proc ? m->gid == IMG_NO_ID || m->subset > 1 || !img_hidepid_ok(m->hidepid) :
			   m->gid || m->hidepid || m->subset)) {
		return img_bad(why, whylen, "a mount of kind %u has options it cannot have",
			       m->kind);
	}
	err = img_check_rel_path(target, m->target_len, 1, "a mount point", why, whylen);
	if (!err && bind)
		err = img_check_rel_path(target + m->target_len, m->source_len, 0,
					 "a bind mount's source", why, whylen);
	return err;
}

static int img_check_ghost(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_ghost *g = p;

	if (g->path_len != len - sizeof(*g))
		return img_bad(why, whylen, "the path is %u bytes but the record carries %zu",
			       g->path_len, (size_t)(len - sizeof(*g)));
	if ((g->mode & IMG_S_IFMT) != IMG_S_IFREG || g->mode & ~(IMG_S_IFMT | 07777))
		return img_bad(why, whylen, "a deleted file has mode %#o", g->mode);
	if (g->size > VZCPT_GHOST_MAX_SIZE)
		return img_bad(why, whylen, "a deleted file of %llu bytes is above the limit %llu",
			       (unsigned long long)g->size, VZCPT_GHOST_MAX_SIZE);
	if (g->data > g->size)
		return img_bad(why, whylen, "a deleted file of %llu bytes carries %llu",
			       (unsigned long long)g->size, (unsigned long long)g->data);
	if (g->uid == ~0U || g->gid == ~0U)
		return img_bad(why, whylen, "a deleted file has owner %u:%u", g->uid, g->gid);
	if (g->reserved)
		return img_bad(why, whylen, "reserved fields of a deleted file are not zero");
	if (g->flags & ~VZCPT_GHOST_MEMFD)
		return img_bad(why, whylen, "a deleted file has unknown flags %#x", g->flags);
	if (!(g->flags & VZCPT_GHOST_MEMFD)) {
		if (g->seals)
			return img_bad(why, whylen, "a deleted file that is no memfd has seals %#x",
				       g->seals);
		return g->path_len ? img_check_path((const char *)(g + 1), g->path_len,
						    "deleted file", why, whylen) : 0;
	}
	if (g->seals & ~VZCPT_MEMFD_SEALS)
		return img_bad(why, whylen, "a memfd has unknown seals %#x", g->seals);
	if (g->path_len > VZCPT_MEMFD_NAME_MAX ||
	    memchr((const char *)(g + 1), 0, g->path_len))
		return img_bad(why, whylen, "a memfd's name is longer than %u bytes or holds a NUL",
			       VZCPT_MEMFD_NAME_MAX);
	return 0;
}

static int img_check_ghost_data(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_ghost_data *gd = p;

	if (!gd->len || gd->len != len - sizeof(*gd))
		return img_bad(why, whylen, "%u bytes of a deleted file but the record carries %zu",
			       gd->len, (size_t)(len - sizeof(*gd)));
	if (gd->offset > VZCPT_GHOST_MAX_SIZE || gd->len > VZCPT_GHOST_MAX_SIZE - gd->offset)
		return img_bad(why, whylen, "bytes %llu+%u of a deleted file are past the limit",
			       (unsigned long long)gd->offset, gd->len);
	if (gd->reserved)
		return img_bad(why, whylen, "the reserved field of deleted file data is not zero");
	return 0;
}

/* The socket types of AF_UNIX: SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET. */
static bool img_unix_type_ok(u32 type)
{
	return type == 1 || type == 2 || type == 5;
}

/*
 * A sun_path of @len bytes as a dump writes it: none; an abstract name (a
 * NUL, then any bytes); or an absolute filesystem path with no NUL in it.
 */
static bool img_unix_name_ok(const char *name, u32 len)
{
	if (!len)
		return true;
	if (len > VZCPT_UNIX_PATH_MAX)
		return false;
	if (!name[0])
		return true;
	return name[0] == '/' && !memchr(name, 0, len);
}

/*
 * SO_PEERCRED: a pair's peer has ids, and so has a listener (those of the
 * process that called listen(), which its clients get; pid 0 if it is
 * gone) and a client it has not accepted yet (the listener's); a socket
 * with no peer, or a datagram one connected to a bound socket (connect()
 * gives it none), has none (-1) and no pid. A listener is a stream or
 * seqpacket socket with a name and no peer. A client not accepted yet
 * (stream or seqpacket) has those of the process that called connect()
 * for the side accept() will give (a process of the CT: pid > 0, or 0 if
 * the client was closed and its process is gone). A datagram socket
 * connected one way or not at all keeps those of a socketpair() it left
 * (unix_dgram_disconnected() leaves them), or has none.
 * A closed socket's own are none (no one reads them); a datagram pair's
 * survivor of a closed one may have none (connected one way to it).
 */
static int img_check_unix_peer(const struct vzcpt_img_unix *u, char *why, size_t whylen)
{
	bool creds = u->state == VZCPT_UNIX_PAIR || u->state == VZCPT_UNIX_LISTEN ||
		     u->state == VZCPT_UNIX_QUEUED;
	bool closed = u->flags & VZCPT_UNIX_CLOSED;
	bool none = !u->peer_pid && u->peer_uid == IMG_NO_ID && u->peer_gid == IMG_NO_ID;

	if ((u->state == VZCPT_UNIX_PAIR || u->state == VZCPT_UNIX_CONNECTED ||
	     u->state == VZCPT_UNIX_QUEUED) && (!u->peer_id || u->peer_id > IMG_ID_MAX))
		return img_bad(why, whylen, "a connected unix socket names peer %llu",
			       (unsigned long long)u->peer_id);
	if (u->state == VZCPT_UNIX_QUEUED) {
		if (u->type == 2 || u->conn_pid < 0 || (!closed && !u->conn_pid) ||
		    u->conn_pid > IMG_PID_MAX ||
		    u->conn_uid == IMG_NO_ID || u->conn_gid == IMG_NO_ID)
			return img_bad(why, whylen,
				       "a unix socket of type %u not accepted yet, made by pid %d uid %u gid %u",
				       u->type, u->conn_pid, u->conn_uid, u->conn_gid);
	} else if (u->conn_pid || u->conn_uid || u->conn_gid) {
		return img_bad(why, whylen,
			       "a unix socket accepted or not connected has connect()'s credentials");
	}
	if (u->state == VZCPT_UNIX_LISTEN) {
		if (u->type == 2 || !u->name_len || u->peer_id)
			return img_bad(why, whylen,
				       "a listening unix socket of type %u, name of %u bytes, peer %llu",
				       u->type, u->name_len, (unsigned long long)u->peer_id);
		if (u->backlog > IMG_INT_MAX)
			return img_bad(why, whylen, "a unix socket's backlog %u", u->backlog);
	} else if (u->backlog) {
		return img_bad(why, whylen, "a unix socket not listening has backlog %u",
			       u->backlog);
	}
	if (u->state == VZCPT_UNIX_CONNECTED && u->type != 2)
		return img_bad(why, whylen, "a unix socket of type %u is connected one way",
			       u->type);
	if (u->state == VZCPT_UNIX_UNCONNECTED && u->peer_id)
		return img_bad(why, whylen, "an unconnected unix socket names peer %llu",
			       (unsigned long long)u->peer_id);
	if (closed && !none)
		return img_bad(why, whylen, "a closed unix socket has SO_PEERCRED");
	if (none && (closed || !creds || (u->state == VZCPT_UNIX_PAIR && u->type == 2)))
		return 0;
	if (!creds && u->type != 2)
		return img_bad(why, whylen, "a unix socket of type %u with no pair has SO_PEERCRED",
			       u->type);
	if (u->peer_pid < 0 || u->peer_pid > IMG_PID_MAX ||
	    u->peer_uid == IMG_NO_ID || u->peer_gid == IMG_NO_ID)
		return img_bad(why, whylen,
			       "a unix socket's peer credentials are pid %d uid %u gid %u",
			       u->peer_pid, u->peer_uid, u->peer_gid);
	return 0;
}

/*
 * Its name, and a filesystem name's mode and owner; the zero padding after
 * it. Only a filesystem name can have had its file unlinked. The side of a
 * connection that accept() gave (a stream or seqpacket pair's) has the
 * listener's name, bound nowhere: no file of its own.
 */
static int img_check_unix_name(const struct vzcpt_img_unix *u, u32 len, char *why,
			       size_t whylen)
{
	const char *name = (const char *)(u + 1);
	u32 pad = ((u->name_len + 7) & ~7U) - u->name_len;
	bool fs;

	if (u->name_len > VZCPT_UNIX_PATH_MAX || sizeof(*u) + u->name_len + pad > len)
		return img_bad(why, whylen, "a unix socket's name is %u bytes", u->name_len);
	/* Only now: the name's first byte may lie past a record that is too short. */
	fs = u->name_len && name[0];
	if (!img_unix_name_ok(name, u->name_len) || !img_zero(name + u->name_len, pad))
		return img_bad(why, whylen,
			       "a unix socket's name is neither an absolute path nor an abstract name");
	if (u->flags & VZCPT_UNIX_ACCEPTED) {
		if (u->state != VZCPT_UNIX_PAIR || u->type == 2 || !u->name_len ||
		    (u->flags & VZCPT_UNIX_UNLINKED))
			return img_bad(why, whylen,
				       "an accepted unix socket of type %u, state %u, name of %u bytes, flags %#x",
				       u->type, u->state, u->name_len, u->flags);
		fs = false;
	}
	/* A closed socket's name was given to it as accept()'s is: no file of its own. */
	if (u->flags & VZCPT_UNIX_CLOSED)
		fs = false;
	if (fs ? (u->fmode & ~07777U) || u->fuid == IMG_NO_ID || u->fgid == IMG_NO_ID :
		 u->fmode || u->fuid || u->fgid)
		return img_bad(why, whylen, "a unix socket file's mode %#o, uid %u or gid %u",
			       u->fmode, u->fuid, u->fgid);
	if ((u->flags & VZCPT_UNIX_UNLINKED) && !(u->name_len && name[0]))
		return img_bad(why, whylen,
			       "a unix socket with no filesystem name has its file unlinked");
	return 0;
}

/*
 * A message's SCM_CREDENTIALS: what a sender in the CT could have claimed
 * (scm_check_creds() for the receiver's namespaces): a pid of the CT's
 * namespace or 0 (its process is gone), ids the CT's user namespace maps
 * (-1 is none; the restore maps them there).
 */
static bool img_unix_msg_creds_ok(const struct vzcpt_img_unix_msg *m)
{
	return m->pid >= 0 && m->pid < IMG_PID_MAX && m->uid != IMG_NO_ID &&
	       m->gid != IMG_NO_ID;
}

/*
 * Its queue: datagram/seqpacket messages, or a stream's runs of bytes,
 * whose lengths, senders' names and files add up. A message comes from the
 * peer, or, sent to a bound datagram socket, from another sender, named as
 * recvfrom() gives it (sender_id 0: one of no record, which has no name or
 * is not restored yet). A stream's runs are all its peer's (a client's not
 * accepted yet, its own), each of a byte at least (a stream's send of none
 * queues nothing, nor its files). The limits a socket's queue has (the
 * sender's sk_sndbuf, the size of a message against it, max_dgram_qlen for
 * a receiver not connected to the sender) are sysctl-dependent: the
 * restore's sendmsg() from the sender applies them. The record's length
 * bounds the messages; a message carries at most SCM_MAX_FD files, each a
 * FILE record's id (img_feed_unix() checks they come before).
 */
static int img_check_unix_queue(const struct vzcpt_img_unix *u, u32 len, char *why,
				size_t whylen)
{
	u64 head = sizeof(*u) + (((u64)u->name_len + 7) & ~7ULL);
	const struct vzcpt_img_unix_msg *m;
	const char *data;
	const u64 *fds;
	u64 want, bytes = 0, nfds = 0;
	u32 i;

	if (u->state == VZCPT_UNIX_UNCONNECTED && u->type == 1 && u->qlen)
		return img_bad(why, whylen, "an unconnected unix stream socket has a queue");
	/* What a listener queues are connections: its clients' records carry them. */
	if (u->state == VZCPT_UNIX_LISTEN && (u->nr_msgs || u->qlen))
		return img_bad(why, whylen, "a listening unix socket has a queue");
	if (u->reserved)
		return img_bad(why, whylen, "a unix socket's reserved field is not zero");
	want = head + (u64)u->nr_msgs * sizeof(*m) + (u64)u->nr_fds * sizeof(u64) + u->qlen;
	if (want != len)
		return img_bad(why, whylen,
			       "a unix socket record is %u bytes where its fields say %llu", len,
			       (unsigned long long)want);
	m = (const void *)((const char *)u + head);
	fds = (const void *)(m + u->nr_msgs);
	data = (const char *)(fds + u->nr_fds);
	for (i = 0; i < u->nr_msgs; i++) {
		/* A client not accepted yet sent its own: sender 0, no name. */
		bool peer = (u->state == VZCPT_UNIX_PAIR && m[i].sender_id == u->peer_id) ||
			    (u->state == VZCPT_UNIX_QUEUED && !m[i].sender_id);

		if (m[i].sender_id > IMG_ID_MAX || (peer && m[i].name_len) ||
		    (!peer && (u->type != 2 || !u->name_len)) ||
		    (!peer && m[i].sender_id && !m[i].name_len))
			return img_bad(why, whylen, "unix message %u has sender %llu", i,
				       (unsigned long long)m[i].sender_id);
		if (u->type == 1 && !m[i].len)
			return img_bad(why, whylen, "unix stream run %u has no bytes", i);
		if (!img_unix_msg_creds_ok(&m[i]))
			return img_bad(why, whylen,
				       "unix message %u has credentials pid %d uid %u gid %u", i,
				       m[i].pid, m[i].uid, m[i].gid);
		if (m[i].nr_fds > VZCPT_UNIX_MAX_FDS || nfds + m[i].nr_fds > u->nr_fds)
			return img_bad(why, whylen, "unix message %u carries %u files", i,
				       m[i].nr_fds);
		nfds += m[i].nr_fds;
		if (bytes + m[i].name_len > u->qlen ||
		    !img_unix_name_ok(data + bytes, m[i].name_len))
			return img_bad(why, whylen, "unix message %u's sender name", i);
		bytes += (u64)m[i].name_len + m[i].len;
	}
	if (bytes != u->qlen || nfds != u->nr_fds)
		return img_bad(why, whylen,
			       "the unix messages hold %llu bytes and %llu files where %u and %u are queued",
			       (unsigned long long)bytes, (unsigned long long)nfds, u->qlen,
			       u->nr_fds);
	for (i = 0; i < u->nr_fds; i++) {
		u64 fid = fds[i] & ~VZCPT_UNIX_FD_SOCK;

		if (!fid || fid > IMG_ID_MAX)
			return img_bad(why, whylen, "unix file in flight %u has id %llu", i,
				       (unsigned long long)fds[i]);
	}
	return 0;
}

/*
 * A closed socket (VZCPT_UNIX_CLOSED): a pair's peer or a client not
 * accepted yet, as its release left it: both shutdowns, no peek offset, of
 * its options only its send buffer; a pair's with no queue. Only a closed
 * stream or seqpacket pair's socket can have been closed with data unread
 * (VZCPT_UNIX_RESET).
 */
static int img_check_unix_closed(const struct vzcpt_img_unix *u, char *why, size_t whylen)
{
	if ((u->flags & VZCPT_UNIX_RESET) &&
	    (!(u->flags & VZCPT_UNIX_CLOSED) || u->state != VZCPT_UNIX_PAIR || u->type == 2))
		return img_bad(why, whylen,
			       "a unix socket of type %u, state %u, flags %#x was closed with data unread",
			       u->type, u->state, u->flags);
	if (!(u->flags & VZCPT_UNIX_CLOSED))
		return 0;
	if ((u->state != VZCPT_UNIX_PAIR && u->state != VZCPT_UNIX_QUEUED) ||
	    (u->flags & (VZCPT_UNIX_UNLINKED | VZCPT_UNIX_ACCEPTED)) ||
	    u->shutdown != (VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND) || u->peek_off != -1 ||
	    (u->opt.flags & ~VZCPT_SO_SNDBUF) ||
	    (u->state == VZCPT_UNIX_PAIR && (u->nr_msgs || u->qlen)))
		return img_bad(why, whylen,
			       "a closed unix socket of state %u, flags %#x, shutdown %#x, peek offset %d, options %#x, %u bytes queued",
			       u->state, u->flags, u->shutdown, u->peek_off, u->opt.flags,
			       u->qlen);
	return 0;
}

static int img_check_unix(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_unix *u = p;

	if (!img_unix_type_ok(u->type))
		return img_bad(why, whylen, "unix socket type %u", u->type);
	if (u->state != VZCPT_UNIX_UNCONNECTED && u->state != VZCPT_UNIX_PAIR &&
	    u->state != VZCPT_UNIX_CONNECTED && u->state != VZCPT_UNIX_LISTEN &&
	    u->state != VZCPT_UNIX_QUEUED)
		return img_bad(why, whylen, "unix socket state %u", u->state);
	if (u->shutdown & ~(VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND))
		return img_bad(why, whylen, "unix socket shutdown %#x", u->shutdown);
	if (u->peek_off < -1)
		return img_bad(why, whylen, "unix socket peek offset %d", u->peek_off);
	if (u->flags & ~(VZCPT_UNIX_UNLINKED | VZCPT_UNIX_ACCEPTED | VZCPT_UNIX_CLOSED |
			 VZCPT_UNIX_RESET))
		return img_bad(why, whylen, "unix socket flags %#x", u->flags);
	return img_check_sockopt(&u->opt, why, whylen) ?: img_check_unix_closed(u, why, whylen) ?:
	       img_check_unix_peer(u, why, whylen) ?:
	       img_check_unix_name(u, len, why, whylen) ?:
	       img_check_unix_queue(u, len, why, whylen);
}

/* The socket families, types and protocols an INET record may name. */
#define IMG_AF_INET		2U
#define IMG_AF_INET6		10U
#define IMG_SOCK_STREAM		1U
#define IMG_SOCK_DGRAM		2U
#define IMG_SOCK_RAW		3U
#define IMG_PACKET_MR_UNICAST	3U	/* the last PACKET_MR_* */
#define IMG_PACKET_KERNEL	7U	/* the last PACKET_* packet type */
#define IMG_TPACKET_V3		2U
#define IMG_IPPROTO_ICMP	1U
#define IMG_IPPROTO_TCP		6U
#define IMG_IPPROTO_UDP		17U
#define IMG_IPPROTO_ICMPV6	58U
#define IMG_IPPROTO_RAW		255U
/* The kernel's bounds on what a restore sets back through setsockopt. */
#define IMG_TCP_KEEPIDLE_MAX	32767U	/* MAX_TCP_KEEPIDLE, and MAX_TCP_KEEPINTVL */
#define IMG_TCP_KEEPCNT_MAX	127U	/* MAX_TCP_KEEPCNT */
#define IMG_TCP_MIN_MSS		88U
#define IMG_TCP_MAX_MSS		32767U	/* MAX_TCP_WINDOW */
#define IMG_TCP_SYNCNT_MAX	127U	/* MAX_TCP_SYNCNT */
#define IMG_TCP_DEFER_MAX	30603U	/* TCP_DEFER_ACCEPT's seconds for 255 retransmits */
#define IMG_PMTUDISC_MAX	5U	/* IP_PMTUDISC_OMIT, IPV6_PMTUDISC_OMIT */
#define IMG_BACKLOG_MAX		0x7fffffffU
#define IMG_UDP_MAX		65535U	/* a datagram's payload and headers */

/* An address of @family in 16 bytes: IPv4's 4 and zeroes. */
static bool img_inet_addr_ok(const u8 *a, u16 family)
{
	return family == IMG_AF_INET6 || img_zero(a + 4, 12);
}

/*
 * A raw IPv4 socket's datagram is its packet from the IP header: a header
 * within it, of the socket's protocol, its length the packet's, and what
 * the record says of it (which recvfrom() and the ancillary data report).
 */
static bool img_raw4_ok(const struct vzcpt_img_inet *r, const struct vzcpt_img_dgram *g,
			const u8 *ip)
{
	u32 ihl = (ip[0] & 0xf) * 4U;

	return g->len >= 20 && ip[0] >> 4 == 4 && ihl >= 20 && ihl <= g->len &&
	       ((u32)ip[2] << 8 | ip[3]) == g->len && ip[9] == r->protocol &&
	       ip[1] == g->tos && ip[8] == g->ttl && !memcmp(ip + 12, g->saddr, 4) &&
	       !memcmp(ip + 16, g->daddr, 4);
}

static int img_check_dgrams(const struct vzcpt_img_inet *r, u32 len, char *why, size_t whylen)
{
	bool udp = r->protocol == IMG_IPPROTO_UDP && r->type == IMG_SOCK_DGRAM;
	const u8 *p = (const u8 *)(r + 1), *end = (const u8 *)r + len;
	struct vzcpt_img_dgram g;
	u32 i, pad;

	for (i = 0; i < r->nr_dgrams; i++) {
		if ((size_t)(end - p) < sizeof(g))
			return img_bad(why, whylen, "datagram %u of %u is cut short", i + 1,
				       r->nr_dgrams);
		memcpy(&g, p, sizeof(g));
		p += sizeof(g);
		pad = (8 - g.len % 8) % 8;
		if (g.len > IMG_UDP_MAX || (size_t)(end - p) < (size_t)g.len + pad)
			return img_bad(why, whylen, "datagram %u has %u bytes, past the record",
				       i + 1, g.len);
		/* Only a UDP/IPv6 socket gets a datagram of another family (IPv4-mapped). */
		if ((g.family != IMG_AF_INET && g.family != IMG_AF_INET6) ||
		    (g.family != r->family && (!udp || r->family != IMG_AF_INET6)))
			return img_bad(why, whylen, "datagram %u came by family %u", i + 1,
				       g.family);
		if (!udp && g.sport)
			return img_bad(why, whylen, "datagram %u has a port on a %s socket", i + 1,
				       r->type == IMG_SOCK_RAW ? "raw" : "ping");
		if (r->type == IMG_SOCK_RAW && r->family == IMG_AF_INET && !img_raw4_ok(r, &g, p))
			return img_bad(why, whylen,
				       "datagram %u of a raw IPv4 socket is not a packet of its protocol as the record says",
				       i + 1);
		if (!img_inet_addr_ok(g.saddr, g.family) || !img_inet_addr_ok(g.daddr, g.family) ||
		    !img_ifname(g.dev, sizeof(g.dev), true) || g.reserved || g.reserved32)
			return img_bad(why, whylen,
				       "datagram %u has a bad address, interface or reserved field",
				       i + 1);
		if (!img_zero(p + g.len, pad))
			return img_bad(why, whylen, "datagram %u's padding is not zero", i + 1);
		p += g.len + pad;
	}
	if (p != end)
		return img_bad(why, whylen, "%zu bytes follow the socket's %u datagrams",
			       (size_t)(end - p), r->nr_dgrams);
	return 0;
}

#define IMG_TCP_MAX_WSCALE	14U

/* A connection's state; its queues' bytes follow in their own records (img_feed_tcp_queue). */
static int img_check_tcp(const struct vzcpt_img_inet *r, u32 len, char *why, size_t whylen)
{
	struct vzcpt_img_tcp t;

	if (len - sizeof(*r) != sizeof(t))
		return img_bad(why, whylen, "a TCP connection's state is %zu bytes, not %zu",
			       (size_t)(len - sizeof(*r)), sizeof(t));
	memcpy(&t, r + 1, sizeof(t));
	if (t.snd_len > VZCPT_TCPQ_MAX || t.rcv_len > VZCPT_TCPQ_MAX)
		return img_bad(why, whylen,
			       "a TCP connection's queues of %u and %u bytes exceed %u",
			       t.snd_len, t.rcv_len, VZCPT_TCPQ_MAX);
	if (t.flags & ~(VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_READ | VZCPT_TCP_FIN_ACKED |
			VZCPT_TCP_FIN_QUEUED | VZCPT_TCP_FIN_CROSSED | VZCPT_TCP_ENDED) ||
	    ((t.flags & VZCPT_TCP_FIN_READ) &&
	     (!(t.flags & VZCPT_TCP_FIN_RCVD) || t.rcv_len)))
		return img_bad(why, whylen,
			       "a TCP connection has flags %#x with %u bytes to read", t.flags,
			       t.rcv_len);
	/* CLOSING: both FINs, ours first. The peer's shut reading down already. */
	if (((t.flags & VZCPT_TCP_FIN_CROSSED) &&
	     (~t.flags & (VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_QUEUED))) ||
	    ((t.flags & VZCPT_TCP_FIN_RCVD) && (r->flags & VZCPT_INET_SHUT_RD)))
		return img_bad(why, whylen, "a TCP connection has flags %#x, socket flags %#x",
			       t.flags, r->flags);
	if (t.snd_unsent > t.snd_len)
		return img_bad(why, whylen,
			       "a TCP connection has %u bytes not sent of a send queue of %u",
			       t.snd_unsent, t.snd_len);
	/* FIN_WAIT2: the FIN, the last byte it sent, was acknowledged; the peer's is not in. */
	if ((t.flags & VZCPT_TCP_FIN_ACKED) &&
	    (t.snd_len || (t.flags & (VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_QUEUED)) ||
	     r->state == VZCPT_INET_ACCEPTQ))
		return img_bad(why, whylen,
			       "a TCP connection whose FIN was acknowledged has flags %#x, %u bytes to send",
			       t.flags, t.snd_len);
	/* FIN_WAIT1, LAST_ACK: what a task shut down; one not accepted yet had no task. */
	if ((t.flags & VZCPT_TCP_FIN_QUEUED) && r->state == VZCPT_INET_ACCEPTQ)
		return img_bad(why, whylen, "a TCP connection not accepted yet has sent its FIN");
	/* Closed by its task: its FIN after what it sends, and nothing to read (tcp_close()). */
	if (r->state == VZCPT_INET_ORPHAN &&
	    (!(t.flags & VZCPT_TCP_FIN_QUEUED) || t.rcv_len ||
	     ((t.flags & VZCPT_TCP_FIN_RCVD) && !(t.flags & VZCPT_TCP_FIN_READ))))
		return img_bad(why, whylen,
			       "a TCP connection its task closed has flags %#x, %u bytes to read",
			       t.flags, t.rcv_len);
	/* Ended (tcp_done()): shut down both ways by the end itself, nothing of ours pending. */
	if ((t.flags & VZCPT_TCP_ENDED) &&
	    ((r->state != VZCPT_INET_ESTABLISHED && r->state != VZCPT_INET_ACCEPTQ) || t.snd_len ||
	     (t.flags & (VZCPT_TCP_FIN_ACKED | VZCPT_TCP_FIN_QUEUED)) ||
	     (r->flags & (VZCPT_INET_SHUT_RD | VZCPT_INET_SHUT_WR))))
		return img_bad(why, whylen,
			       "a TCP connection that has ended has flags %#x, socket flags %#x, state %u, %u bytes to send",
			       t.flags, r->flags, r->state, t.snd_len);
	/* No task had it: nothing wrote to it. */
	if (r->state == VZCPT_INET_ACCEPTQ && t.snd_len)
		return img_bad(why, whylen,
			       "a TCP connection not accepted yet has %u bytes to send", t.snd_len);
	if (t.opts & ~VZCPT_TCP_OPTS ||
	    (!(t.opts & VZCPT_TCP_WSCALE) && (t.snd_wscale || t.rcv_wscale)) ||
	    t.snd_wscale > IMG_TCP_MAX_WSCALE || t.rcv_wscale > IMG_TCP_MAX_WSCALE ||
	    (!(t.opts & VZCPT_TCP_TSTAMP) && t.timestamp))
		return img_bad(why, whylen, "a TCP connection has options %#x, window scales %u/%u",
			       t.opts, t.snd_wscale, t.rcv_wscale);
	if (t.mss_clamp < IMG_TCP_MIN_MSS || t.mss_clamp > 0xffffU)
		return img_bad(why, whylen, "a TCP connection's MSS %u is out of range",
			       t.mss_clamp);
	if (t.max_window < t.snd_wnd)
		return img_bad(why, whylen, "a TCP connection's send window %u exceeds %u",
			       t.snd_wnd, t.max_window);
	return 0;
}

static int img_check_tcp_queue(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_tcp_queue *q = p;

	if (q->queue != VZCPT_TCPQ_SEND && q->queue != VZCPT_TCPQ_RECV &&
	    q->queue != VZCPT_TCPQ_UNSENT)
		return img_bad(why, whylen, "unknown TCP queue %u", q->queue);
	if (!q->len || q->len != len - sizeof(*q) || q->reserved)
		return img_bad(why, whylen,
			       "a TCP queue's %u bytes do not fill its record, or its reserved is not zero",
			       q->len);
	return 0;
}

/*
 * A request in its handshake: what the client's SYN said, within what
 * tcp_parse_options() takes from one, and what our SYN-ACK offered
 * (tcp_select_initial_window(): a window a SYN carries unscaled, within
 * its clamp).
 */
static int img_check_tcp_req(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_tcp_req *q = p;
	bool wscale = q->flags & VZCPT_TCP_REQ_WSCALE;

	if ((q->family != IMG_AF_INET && q->family != IMG_AF_INET6) ||
	    !img_inet_addr_ok(q->loc_addr, q->family) ||
	    !img_inet_addr_ok(q->rmt_addr, q->family) ||
	    img_zero(q->loc_addr, sizeof(q->loc_addr)) ||
	    img_zero(q->rmt_addr, sizeof(q->rmt_addr)) || !q->rmt_port)
		return img_bad(why, whylen,
			       "a TCP connection being opened has family %u, no address or no port",
			       q->family);
	if ((q->flags & ~VZCPT_TCP_REQ_FLAGS) || q->reserved ||
	    q->timeouts > VZCPT_TCP_REQ_TIMEOUTS_MAX)
		return img_bad(why, whylen,
			       "a TCP connection being opened has flags %#x, %u expiries or its reserved set",
			       q->flags, q->timeouts);
	if (!q->mss || q->snd_wscale > IMG_TCP_MAX_WSCALE || q->rcv_wscale > IMG_TCP_MAX_WSCALE ||
	    (!wscale && (q->snd_wscale || q->rcv_wscale)) ||
	    (!(q->flags & VZCPT_TCP_REQ_TSTAMP) && (q->timestamp || q->ts_recent)))
		return img_bad(why, whylen,
			       "a TCP connection being opened has MSS %u, window scales %u/%u or timestamps it did not ask for",
			       q->mss, q->snd_wscale, q->rcv_wscale);
	if (!q->rcv_wnd || q->rcv_wnd > 0xffffU || q->window_clamp < q->rcv_wnd ||
	    q->window_clamp > 0xffffU << q->rcv_wscale)
		return img_bad(why, whylen,
			       "a TCP connection being opened offered a window of %u within %u",
			       q->rcv_wnd, q->window_clamp);
	return 0;
}

/* The options: each within what its setsockopt takes, and of this kind of socket. */
/*
 * A raw socket's own options, zero or none on any other: its ICMP filter (a
 * word on IPv4, eight on IPv6), IP_HDRINCL, and on IPv6 IPV6_CHECKSUM's
 * offset, which setsockopt() takes even and not negative (or off).
 */
static int img_check_raw_opts(const struct vzcpt_img_inet *r, bool v6, char *why, size_t whylen)
{
	bool raw = r->type == IMG_SOCK_RAW;
	bool filter = raw && r->protocol == (v6 ? IMG_IPPROTO_ICMPV6 : IMG_IPPROTO_ICMP);
	/* What the filter may not hold: IPv4's takes one word, IPv6's all eight. */
	size_t unused = filter ? (v6 ? 0 : 7) * sizeof(u32) : sizeof(r->icmp_filter);
	s32 sum = r->raw_checksum;

	if (!raw && (r->flags & VZCPT_INET_HDRINCL))
		return img_bad(why, whylen, "a socket that is not raw has IP_HDRINCL");
	/* IPV6_V6ONLY is set before a port, which a raw socket has from the start. */
	if (raw && (r->flags & VZCPT_INET_V6ONLY))
		return img_bad(why, whylen, "a raw socket has IPV6_V6ONLY");
	if (!img_zero((const u8 *)r->icmp_filter + sizeof(r->icmp_filter) - unused, unused))
		return img_bad(why, whylen, "an ICMP filter on a socket that takes none");
	if (sum != VZCPT_INET_NO_CHECKSUM && (!raw || !v6 || sum < 0 || sum % 2))
		return img_bad(why, whylen, "IPV6_CHECKSUM offset %d on this socket", sum);
	return 0;
}

static int img_check_inet_opts(const struct vzcpt_img_inet *r, bool tcp, bool v6, char *why,
			       size_t whylen)
{
	int err;

	if (r->flags & ~VZCPT_INET_FLAGS)
		return img_bad(why, whylen, "unknown socket flags %#x", r->flags);
	if ((r->flags & VZCPT_INET_V6ONLY) && !v6)
		return img_bad(why, whylen, "an IPv4 socket has IPV6_V6ONLY");
	/* A TCP connection's writing ends with its FIN; one with no task shuts nothing. */
	if (tcp && (r->flags & (VZCPT_INET_SHUT_RD | VZCPT_INET_SHUT_WR)) &&
	    ((r->flags & VZCPT_INET_SHUT_WR) || r->state != VZCPT_INET_ESTABLISHED))
		return img_bad(why, whylen, "a TCP socket in state %u has shutdown() flags %#x",
			       r->state, r->flags);
	if (!tcp && (r->flags & (VZCPT_INET_NODELAY | VZCPT_INET_CORK) || r->defer_accept ||
		     r->keepidle || r->keepintvl || r->keepcnt || r->user_timeout || r->maxseg ||
		     r->syncnt))
		return img_bad(why, whylen, "a datagram or raw socket has TCP options");
	err = img_check_raw_opts(r, v6, why, whylen);
	if (err)
		return err;
	if (r->keepidle > IMG_TCP_KEEPIDLE_MAX || r->keepintvl > IMG_TCP_KEEPIDLE_MAX ||
	    r->keepcnt > IMG_TCP_KEEPCNT_MAX)
		return img_bad(why, whylen, "keepalive %u s, %u s, %u probes is out of range",
			       r->keepidle, r->keepintvl, r->keepcnt);
	if (r->defer_accept > IMG_TCP_DEFER_MAX || r->user_timeout > 0x7fffffffU ||
	    (r->maxseg && (r->maxseg < IMG_TCP_MIN_MSS || r->maxseg > IMG_TCP_MAX_MSS)) ||
	    r->syncnt > IMG_TCP_SYNCNT_MAX)
		return img_bad(why, whylen,
			       "TCP_DEFER_ACCEPT %u, TCP_USER_TIMEOUT %u, TCP_MAXSEG %u or TCP_SYNCNT %u is out of range",
			       r->defer_accept, r->user_timeout, r->maxseg, r->syncnt);
	/* IP_TTL takes 1..255, IPV6_UNICAST_HOPS 0..255; -1 is the default of both. */
	if (r->ttl < -1 || r->ttl > 255 || (!r->ttl && !v6))
		return img_bad(why, whylen, "the TTL %d is out of range", r->ttl);
	if ((tcp && (r->tos & 3)) || (!v6 && (r->tclass || r->recv6)))
		return img_bad(why, whylen, "TOS %#x, class %#x or IPv6 flags %#x on this socket",
			       r->tos, r->tclass, r->recv6);
	if ((r->recv4 | r->recv6) & ~VZCPT_INET_RECV_ALL || r->pmtudisc > IMG_PMTUDISC_MAX)
		return img_bad(why, whylen, "unknown ancillary data %#x/%#x or MTU discovery %u",
			       r->recv4, r->recv6, r->pmtudisc);
	return 0;
}

static int img_check_inet(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_inet *r = p;
	bool tcp = r->type == IMG_SOCK_STREAM && r->protocol == IMG_IPPROTO_TCP;
	bool udp = r->type == IMG_SOCK_DGRAM && r->protocol == IMG_IPPROTO_UDP;
	bool v6 = r->family == IMG_AF_INET6;
	bool ping = r->type == IMG_SOCK_DGRAM &&
		    r->protocol == (v6 ? IMG_IPPROTO_ICMPV6 : IMG_IPPROTO_ICMP);
	bool raw = r->type == IMG_SOCK_RAW && r->protocol && r->protocol <= IMG_IPPROTO_RAW;
	bool bound = r->flags & VZCPT_INET_BOUND;
	int err;

	if (r->family != IMG_AF_INET && !v6)
		return img_bad(why, whylen, "a socket of family %u", r->family);
	if (!tcp && !udp && !ping && !raw)
		return img_bad(why, whylen, "a socket of type %u, protocol %u", r->type,
			       r->protocol);
	/* What the kernel sets: an errno, on a socket a task can still read it from. */
	if (r->err > IMG_ERRNO_MAX || (r->err && !img_inet_err_ok(r->state)))
		return img_bad(why, whylen, "the socket's pending error %u in state %u", r->err,
			       r->state);
	err = img_check_sockopt(&r->opt, why, whylen);
	if (err)
		return err;
	switch (r->state) {
	case VZCPT_INET_CLOSED:
		break;
	case VZCPT_INET_LISTEN:
		if (!tcp || !bound)
			return img_bad(why, whylen, "a %s socket listens%s",
				       tcp ? "TCP" : "datagram", bound ? "" : " with no port");
		break;
	case VZCPT_INET_CONNECTED:
	case VZCPT_INET_ESTABLISHED:
	case VZCPT_INET_ACCEPTQ:
	case VZCPT_INET_ORPHAN:
	case VZCPT_INET_CONNECTING:
	case VZCPT_INET_CONNFAILED:
		/* A ping or raw socket's peer is an address; its port, what connect() had. */
		if ((r->state == VZCPT_INET_CONNECTED ? tcp : !tcp) || !bound ||
		    ((tcp || udp) && !r->dport) || img_zero(r->daddr, sizeof(r->daddr)))
			return img_bad(why, whylen,
				       "a connected socket is of the wrong protocol, or has no port or no peer");
		break;
	default:
		return img_bad(why, whylen, "unknown socket state %u", r->state);
	}
	/* A raw socket has no port: bound is having an address. */
	if (raw ? r->sport || bound == img_zero(r->saddr, sizeof(r->saddr)) :
	    bound != !!r->sport || (!bound && !img_zero(r->saddr, sizeof(r->saddr))))
		return img_bad(why, whylen, "the socket's port %u and its bound flag disagree",
			       r->sport);
	if ((r->flags & VZCPT_INET_AUTOPORT) && (!bound || !(tcp || udp)))
		return img_bad(why, whylen,
			       "a socket with no port, or of neither TCP nor UDP, has a port the kernel chose");
	if (!img_inet_has_peer(r->state) && (r->dport || !img_zero(r->daddr, 16)))
		return img_bad(why, whylen, "an unconnected socket has a peer");
	if (r->state != VZCPT_INET_LISTEN && r->backlog)
		return img_bad(why, whylen, "a socket that does not listen has a backlog");
	if (r->backlog > IMG_BACKLOG_MAX)
		return img_bad(why, whylen, "the backlog %u is out of range", r->backlog);
	if (!img_inet_addr_ok(r->saddr, r->family) || !img_inet_addr_ok(r->daddr, r->family))
		return img_bad(why, whylen, "an IPv4 address longer than 4 bytes");
	err = img_check_inet_opts(r, tcp, v6, why, whylen);
	if (err)
		return err;
	if (tcp && r->nr_dgrams)
		return img_bad(why, whylen, "a TCP socket has %u datagrams", r->nr_dgrams);
	if (img_inet_tcp_conn(r->state))
		return img_check_tcp(r, len, why, whylen);
	return img_check_dgrams(r, len, why, whylen);
}

/* A multicast group's address: 224.0.0.0/4, ff00::/8. */
static bool img_mcast_addr(const u8 *a, u16 family)
{
	return family == IMG_AF_INET ? (a[0] & 0xf0) == 0xe0 && img_zero(a + 4, 12) : a[0] == 0xff;
}

/*
 * A congestion control's name as tcp_cong.c's modules have them: empty, or
 * [a-z0-9_-] and zero-padded, its NUL within @len.
 */
static bool img_tcp_ca_name(const char *name, size_t len)
{
	size_t i, n = strnlen(name, len);

	if (n == len)
		return false;
	for (i = 0; i < n; i++)
		if (!((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
		      name[i] == '_' || name[i] == '-'))
			return false;
	return img_zero(name + n, len - n);
}

/* A TCP socket's further options, what does not depend on its state (img_feed_tcp_opts()). */
static int img_check_tcp_opts(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_tcp_opts *t = p;

	if (t->window_clamp > IMG_INT_MAX)
		return img_bad(why, whylen, "a TCP socket's window clamp of %u bytes",
			       t->window_clamp);
	if (t->linger2 < -1 || t->linger2 > VZCPT_TCP_LINGER2_MAX)
		return img_bad(why, whylen, "a TCP socket's TCP_LINGER2 of %d s", t->linger2);
	if (t->err_soft > IMG_ERRNO_MAX)
		return img_bad(why, whylen, "a TCP socket's soft error %u", t->err_soft);
	if (t->reserved)
		return img_bad(why, whylen,
			       "the reserved field of a TCP socket's options is not zero");
	if (!img_tcp_ca_name(t->congestion, sizeof(t->congestion)))
		return img_bad(why, whylen,
			       "a TCP socket's congestion control has a bad name, or one not zero-padded");
	if (!t->notsent_lowat && !t->window_clamp && !t->linger2 && !t->err_soft &&
	    !t->congestion[0])
		return img_bad(why, whylen, "a TCP socket's options record sets nothing");
	return 0;
}

/* A socket's multicast state, what does not depend on its socket (img_feed_mcast() does). */
static int img_check_mcast(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_mcast *r = p;
	struct vzcpt_img_mcast_group g, h;
	const u8 *groups = (const u8 *)(r + 1), *src;
	u16 prev = IMG_AF_INET;
	u32 i, j, nsrc = 0;

	if (r->flags & ~VZCPT_MCAST_FLAGS || r->reserved8 || r->reserved)
		return img_bad(why, whylen, "multicast flags %#x or a reserved field set",
			       r->flags);
	if (r->nr_groups > VZCPT_MCAST_MAX_GROUPS || r->nr_sources > VZCPT_MCAST_MAX_SOURCES ||
	    len != sizeof(*r) + (size_t)r->nr_groups * sizeof(g) + (size_t)r->nr_sources * 16)
		return img_bad(why, whylen, "%u multicast groups and %u sources in %u bytes",
			       r->nr_groups, r->nr_sources, len);
	src = groups + (size_t)r->nr_groups * sizeof(g);
	if (r->hops < -1 || r->hops > 255)
		return img_bad(why, whylen, "IPV6_MULTICAST_HOPS %d", r->hops);
	/* IP_MULTICAST_IF: a device, by index or by one of its addresses. */
	if (!img_ifname(r->if4_dev, sizeof(r->if4_dev), true) ||
	    !img_ifname(r->if6_dev, sizeof(r->if6_dev), true) ||
	    (!r->if4_dev[0] && !img_zero(r->if4_addr, sizeof(r->if4_addr))))
		return img_bad(why, whylen, "a multicast interface is not a device name");
	for (i = 0; i < r->nr_groups; i++) {
		memcpy(&g, groups + (size_t)i * sizeof(g), sizeof(g));
		if ((g.family != IMG_AF_INET && g.family != IMG_AF_INET6) || g.reserved ||
		    !img_mcast_addr(g.group, g.family) ||
		    (g.family == IMG_AF_INET6 && !img_zero(g.local, sizeof(g.local))) ||
		    !img_ifname(g.dev, sizeof(g.dev), false))
			return img_bad(why, whylen, "multicast group %u is not a group of a device",
				       i + 1);
		/* Only its sources: at least one (none is leaving it, IP_MSFILTER's rule). */
		if (g.mode > VZCPT_MCAST_INCLUDE || g.nr_sources > r->nr_sources - nsrc ||
		    (g.mode == VZCPT_MCAST_INCLUDE && !g.nr_sources))
			return img_bad(why, whylen,
				       "multicast group %u's filter of mode %u has %u sources of the %u left",
				       i + 1, g.mode, g.nr_sources, r->nr_sources - nsrc);
		for (j = 0; g.family == IMG_AF_INET && j < g.nr_sources; j++)
			if (!img_zero(src + (size_t)(nsrc + j) * 16 + 4, 12))
				return img_bad(why, whylen,
					       "an IPv4 source of multicast group %u is not zero-padded",
					       i + 1);
		nsrc += g.nr_sources;
		/* IPv4's, then IPv6's; each joined once on a device (else EADDRINUSE). */
		if (g.family == IMG_AF_INET && prev != IMG_AF_INET)
			return img_bad(why, whylen, "an IPv4 multicast group after an IPv6 one");
		prev = g.family;
		for (j = 0; j < i; j++) {
			memcpy(&h, groups + (size_t)j * sizeof(h), sizeof(h));
			if (h.family == g.family && !memcmp(h.group, g.group, sizeof(g.group)) &&
			    !strcmp(h.dev, g.dev))
				return img_bad(why, whylen,
					       "multicast group %u is joined twice on device %s",
					       i + 1, g.dev);
		}
	}
	if (nsrc != r->nr_sources)
		return img_bad(why, whylen, "the multicast groups have %u of the %u sources", nsrc,
			       r->nr_sources);
	return 0;
}

/* A netlink socket's queued messages, each a struct vzcpt_img_nlmsg and its bytes. */
static int img_check_nlmsgs(const struct vzcpt_img_netlink *r, u32 len, char *why,
			    size_t whylen)
{
	const u8 *p = (const u8 *)(r + 1), *end = (const u8 *)r + len;
	struct vzcpt_img_nlmsg m;
	u32 i, pad;

	for (i = 0; i < r->nr_msgs; i++) {
		if ((size_t)(end - p) < sizeof(m))
			return img_bad(why, whylen, "netlink message %u of %u is cut short", i + 1,
				       r->nr_msgs);
		memcpy(&m, p, sizeof(m));
		p += sizeof(m);
		pad = (8 - m.len % 8) % 8;
		if (m.len > VZCPT_NL_MSG_MAX || (size_t)(end - p) < (size_t)m.len + pad)
			return img_bad(why, whylen, "netlink message %u: %u bytes past its record",
				       i + 1, m.len);
		/* Any group of the protocol's: NETLINK_PKTINFO reports it, as it was. */
		if (m.reserved)
			return img_bad(why, whylen, "netlink message %u: reserved field", i + 1);
		if (!img_zero(p + m.len, pad))
			return img_bad(why, whylen, "netlink message %u: padding not zero", i + 1);
		p += m.len + pad;
	}
	if (p != end)
		return img_bad(why, whylen, "%zu bytes follow the netlink socket's %u messages",
			       (size_t)(end - p), r->nr_msgs);
	return 0;
}

static int img_check_netlink(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netlink *r = p;
	bool bound = r->flags & VZCPT_NL_BOUND;
	int err;

	switch (r->protocol) {
	case VZCPT_NETLINK_ROUTE:
	case VZCPT_NETLINK_SOCK_DIAG:
	case VZCPT_NETLINK_UEVENT:
	case VZCPT_NETLINK_GENERIC:
		break;
	default:
		return img_bad(why, whylen, "a netlink socket of protocol %u", r->protocol);
	}
	if (r->type != IMG_SOCK_RAW && r->type != IMG_SOCK_DGRAM)
		return img_bad(why, whylen, "a netlink socket of type %u", r->type);
	if (r->reserved)
		return img_bad(why, whylen, "the reserved field of a netlink socket is not zero");
	err = img_check_sockopt(&r->opt, why, whylen);
	if (err)
		return err;
	if (r->flags & ~VZCPT_NL_FLAGS)
		return img_bad(why, whylen, "unknown netlink socket flags %#x", r->flags);
	/* Port id 0 is the kernel's; bind(0) autobinds. */
	if (bound != !!r->portid)
		return img_bad(why, whylen, "a netlink port id %u and its bound flag disagree",
			       r->portid);
	/* connect() autobinds; a group is one bit of nl_groups. */
	if (r->flags & VZCPT_NL_CONNECTED) {
		if (!bound || r->dst_group > 32)
			return img_bad(why, whylen,
				       "a connected netlink socket is unbound or sends to group %u",
				       r->dst_group);
	} else if (r->dst_portid || r->dst_group) {
		return img_bad(why, whylen, "an unconnected netlink socket has a peer");
	}
	return img_check_nlmsgs(r, len, why, whylen);
}

/* A packet socket's memberships, each on a device, added at least once. */
static const u8 *img_check_packet_mcs(const struct vzcpt_img_packet *r, const u8 *p,
				      const u8 *end, char *why, size_t whylen)
{
	struct vzcpt_img_packet_mc m;
	u32 i;

	if (r->nr_mc > VZCPT_PKT_MC_MAX || (size_t)(end - p) < (size_t)r->nr_mc * sizeof(m)) {
		img_bad(why, whylen, "a packet socket's %u memberships exceed its record",
			r->nr_mc);
		return NULL;
	}
	for (i = 0; i < r->nr_mc; i++, p += sizeof(m)) {
		memcpy(&m, p, sizeof(m));
		if (!img_ifname(m.dev, sizeof(m.dev), false) || m.type > IMG_PACKET_MR_UNICAST ||
		    !m.count || m.count > VZCPT_PKT_MC_MAX || m.alen > VZCPT_PKT_ADDR_LEN ||
		    !img_zero(m.addr + m.alen, sizeof(m.addr) - m.alen)) {
			img_bad(why, whylen,
				"packet socket membership %u: device, type %u, count %u or address length %u",
				i + 1, m.type, m.count, m.alen);
			return NULL;
		}
	}
	return p;
}

static int img_check_packet_msg(const struct vzcpt_img_packet_msg *m, u32 i, char *why,
				size_t whylen)
{
	bool vlan = m->flags & VZCPT_PKTMSG_VLAN;

	if (!img_ifname(m->dev, sizeof(m->dev), false))
		return img_bad(why, whylen, "queued packet %u: a bad device name", i);
	if (m->origlen < m->len || m->net_off > m->len || m->tstamp < 0)
		return img_bad(why, whylen,
			       "queued packet %u: length %u of %u, network header at %u",
			       i, m->len, m->origlen, m->net_off);
	if (m->pkttype > IMG_PACKET_KERNEL || m->halen > VZCPT_PKT_ADDR_LEN ||
	    !img_zero(m->addr + m->halen, sizeof(m->addr) - m->halen))
		return img_bad(why, whylen, "queued packet %u: packet type %u, address length %u",
			       i, m->pkttype, m->halen);
	if (m->flags & ~VZCPT_PKTMSG_FLAGS ||
	    (m->flags & VZCPT_PKTMSG_CSUM_NOTREADY && m->flags & VZCPT_PKTMSG_CSUM_VALID))
		return img_bad(why, whylen, "queued packet %u: flags %#x", i, m->flags);
	/* eth_type_vlan(): 802.1Q and 802.1ad, as __vlan_hwaccel_put_tag() is given them. */
	if (vlan ? m->vlan_proto != 0x8100 && m->vlan_proto != 0x88a8 :
	    m->vlan_proto || m->vlan_tci)
		return img_bad(why, whylen, "queued packet %u: VLAN tag %#x of protocol %#x",
			       i, m->vlan_tci, m->vlan_proto);
	return 0;
}

/* A packet socket's queued packets, each a struct vzcpt_img_packet_msg and its bytes. */
static int img_check_packet_msgs(const struct vzcpt_img_packet *r, const u8 *p, const u8 *end,
				 char *why, size_t whylen)
{
	struct vzcpt_img_packet_msg m;
	u32 i, pad;
	int err;

	for (i = 0; i < r->nr_pkts; i++) {
		if ((size_t)(end - p) < sizeof(m))
			return img_bad(why, whylen, "queued packet %u of %u is cut short", i + 1,
				       r->nr_pkts);
		memcpy(&m, p, sizeof(m));
		p += sizeof(m);
		pad = (8 - m.len % 8) % 8;
		if (m.len > VZCPT_PKT_MSG_MAX || (size_t)(end - p) < (size_t)m.len + pad)
			return img_bad(why, whylen, "queued packet %u: %u bytes past its record",
				       i + 1, m.len);
		err = img_check_packet_msg(&m, i + 1, why, whylen);
		if (err)
			return err;
		if (!img_zero(p + m.len, pad))
			return img_bad(why, whylen, "queued packet %u: padding not zero", i + 1);
		p += m.len + pad;
	}
	if (p != end)
		return img_bad(why, whylen, "%zu bytes follow the packet socket's %u packets",
			       (size_t)(end - p), r->nr_pkts);
	return 0;
}

static int img_check_packet(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_packet *r = p;
	const u8 *end = (const u8 *)p + len, *at;
	int err;

	if (r->type != IMG_SOCK_RAW && r->type != IMG_SOCK_DGRAM)
		return img_bad(why, whylen, "a packet socket of type %u", r->type);
	if (r->reserved0 || r->reserved)
		return img_bad(why, whylen, "the reserved fields of a packet socket are not zero");
	err = img_check_sockopt(&r->opt, why, whylen);
	if (err)
		return err;
	if (!img_ifname(r->dev, sizeof(r->dev), true))
		return img_bad(why, whylen, "a packet socket is bound to a device with a bad name");
	if (r->flags & ~VZCPT_PKT_FLAGS)
		return img_bad(why, whylen, "unknown packet socket flags %#x", r->flags);
	/* packet_setsockopt()'s bounds: TPACKET_V1 to V3, a reserve up to INT_MAX. */
	if (r->version > IMG_TPACKET_V3 || r->reserve > IMG_INT_MAX)
		return img_bad(why, whylen, "a packet socket's version %u or reserve %u",
			       r->version, r->reserve);
	/* PACKET_VNET_HDR: raw sockets only; the dump refuses their queued packets. */
	if (r->flags & VZCPT_PKT_VNET_HDR && (r->type != IMG_SOCK_RAW || r->nr_pkts))
		return img_bad(why, whylen,
			       "PACKET_VNET_HDR on a datagram socket or with packets queued");
	at = img_check_packet_mcs(r, (const u8 *)(r + 1), end, why, whylen);
	if (!at)
		return -EINVAL;
	return img_check_packet_msgs(r, at, end, why, whylen);
}

static int img_check_precopy(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_precopy *pc = p;

	if (memcmp(pc->magic, VZCPT_IMAGE_MAGIC, sizeof(pc->magic)))
		return img_bad(why, whylen, "bad magic: this is not a vzcpt image");
	if (pc->version != VZCPT_IMAGE_VERSION)
		return img_bad(why, whylen,
			       "the image has format version %u, this reader knows version %u",
			       pc->version, VZCPT_IMAGE_VERSION);
	if (!pc->pass || pc->pass > IMG_PRECOPY_PASS_MAX)
		return img_bad(why, whylen, "a pre-copy record is of pass %u", pc->pass);
	if (!pc->nr_pages || pc->nr_pages > IMG_TASK_SIZE / VZCPT_PAGE_SIZE)
		return img_bad(why, whylen, "a pre-copy record announces %llu pages",
			       (unsigned long long)pc->nr_pages);
	if (!img_zero(pc->reserved, sizeof(pc->reserved)))
		return img_bad(why, whylen, "reserved fields of a pre-copy record are not zero");
	return 0;
}

static int img_check_pages_ref(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_pages_ref *r = p;
	u64 bytes = (u64)r->nr * VZCPT_PAGE_SIZE;

	if (!r->nr)
		return img_bad(why, whylen, "a pre-copied pages record has no pages");
	if (r->start & IMG_PAGE_MASK || r->start >= IMG_TASK_SIZE ||
	    bytes > IMG_TASK_SIZE - r->start)
		return img_bad(why, whylen,
			       "pre-copied pages at %#llx are unaligned or outside user space",
			       (unsigned long long)r->start);
	if (r->reserved)
		return img_bad(why, whylen,
			       "the reserved field of a pre-copied pages record is not zero");
	return 0;
}

/* ---- VZCPT_REC_NETDEV ... NETNEIGH: the CT's network namespace ---- */

/* linux/rtnetlink.h's, linux/fib_rules.h's and linux/if_link.h's values */
#define IMG_RTPROT_KERNEL	2
#define IMG_RTPROT_RA		9
#define IMG_RTN_UNICAST		1
#define IMG_RTN_THROW		9
#define IMG_RTAX_HOPLIMIT	10
#define IMG_RTAX_FEATURES	12
#define IMG_RTAX_FEATURE_MASK	0xfU
#define IMG_RTAX_CC_ALGO	16
#define IMG_FR_ACT_TO_TBL	1
#define IMG_FR_ACT_GOTO		2
#define IMG_FR_ACT_RES3		4
#define IMG_FR_ACT_RES4		5
#define IMG_FR_ACT_PROHIBIT	8
#define IMG_ICMPV6_PREF_LOW	3
#define IMG_IFNAMSIZ		16U
#define IMG_ETH_MIN_MTU		68U
#define IMG_ETH_MAX_MTU		65535U
#define IMG_IPV4_MC_FORWARDING	2

static unsigned int img_alen(u8 family)
{
	return family == VZCPT_AF_INET ? 4 : family == VZCPT_AF_INET6 ? 16 : 0;
}

/* An address of @alen bytes in a 16-byte field: the rest zero, no bit set past @plen. */
static bool img_prefix(const u8 *a, unsigned int alen, unsigned int plen)
{
	unsigned int i;

	if (plen > alen * 8 || !img_zero(a + alen, 16 - alen))
		return false;
	for (i = plen / 8; i < alen; i++)
		if (a[i] & (i == plen / 8 ? 0xffU >> (plen % 8) : 0xffU))
			return false;
	return true;
}

static bool img_addr(const u8 *a, unsigned int alen)
{
	return img_zero(a + alen, 16 - alen);
}

static int img_check_netdev(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netdev *d = p;

	if (!img_ifname(d->name, sizeof(d->name), false))
		return img_bad(why, whylen, "a network device has no valid name");
	if (d->flags & ~VZCPT_NETDEV_FLAGS)
		return img_bad(why, whylen, "network device %s has unknown flags %#x", d->name,
			       d->flags & ~VZCPT_NETDEV_FLAGS);
	if (d->pad[0] || d->pad[1] || d->reserved32 || !img_zero(d->reserved, sizeof(d->reserved)))
		return img_bad(why, whylen, "reserved fields of network device %s are not zero",
			       d->name);
	switch (d->kind) {
	case VZCPT_NETDEV_LOOPBACK:
	case VZCPT_NETDEV_VETH:
		if (strcmp(d->name, d->kind == VZCPT_NETDEV_VETH ? "eth0" : "lo"))
			return img_bad(why, whylen, "network device %s is not of its kind",
				       d->name);
		if (d->kind == VZCPT_NETDEV_LOOPBACK && !img_zero(d->mac, sizeof(d->mac)))
			return img_bad(why, whylen, "network device %s carries a MAC address",
				       d->name);
		/* is_valid_ether_addr(), which eth_mac_addr() requires */
		if (d->kind == VZCPT_NETDEV_VETH &&
		    ((d->mac[0] & 1) || img_zero(d->mac, sizeof(d->mac))))
			return img_bad(why, whylen, "network device %s has no valid MAC address",
				       d->name);
		break;
	case VZCPT_NETDEV_DUMMY:
		/* is_valid_ether_addr(), which a dummy's open requires */
		if ((d->mac[0] & 1) || img_zero(d->mac, sizeof(d->mac)))
			return img_bad(why, whylen, "dummy device %s has no valid MAC address",
				       d->name);
		if (!strcmp(d->name, "lo") || !strcmp(d->name, "eth0"))
			return img_bad(why, whylen, "dummy device %s has the name of another kind",
				       d->name);
		break;
	default:
		return img_bad(why, whylen, "network device %s is of unknown kind %u", d->name,
			       d->kind);
	}
	/* veth's bounds; lo's and a dummy's are the IP layers' to refuse */
	if (d->mtu > IMG_INT_MAX || (d->kind == VZCPT_NETDEV_VETH &&
				     (d->mtu < IMG_ETH_MIN_MTU || d->mtu > IMG_ETH_MAX_MTU)))
		return img_bad(why, whylen, "network device %s has MTU %u", d->name, d->mtu);
	return 0;
}

static int img_check_netaddr(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netaddr *a = p;
	unsigned int alen = img_alen(a->family);

	if (!alen)
		return img_bad(why, whylen, "an address is of family %u", a->family);
	if (!a->dev)
		return img_bad(why, whylen, "an address is on no device");
	if (a->prefixlen > alen * 8 || !img_addr(a->local, alen) || !img_addr(a->peer, alen))
		return img_bad(why, whylen,
			       "an address has prefix length %u or bytes past its family's",
			       a->prefixlen);
	if (a->flags & ~VZCPT_NETADDR_FLAGS)
		return img_bad(why, whylen, "an address has unknown flags %#x",
			       a->flags & ~VZCPT_NETADDR_FLAGS);
	/* IPv4's: the device's name, or an alias of it ("eth0:1") */
	if (!memchr(a->label, 0, sizeof(a->label)) ||
	    (a->family == VZCPT_AF_INET ? !a->label[0] ||
	     !img_zero(a->label + strlen(a->label), sizeof(a->label) - strlen(a->label)) :
	     !img_zero(a->label, sizeof(a->label))))
		return img_bad(why, whylen, "an address has an invalid label");
	if (a->family == VZCPT_AF_INET6 && !img_zero(a->broadcast, sizeof(a->broadcast)))
		return img_bad(why, whylen, "an IPv6 address has a broadcast address");
	/* inet_rtm_newaddr()'s and inet6_rtm_newaddr()'s checks */
	if (!a->valid_lft || a->preferred_lft > a->valid_lft)
		return img_bad(why, whylen, "an address has lifetimes %u (valid), %u (preferred)",
			       a->valid_lft, a->preferred_lft);
	if (!img_zero(a->reserved, sizeof(a->reserved)))
		return img_bad(why, whylen, "reserved fields of an address are not zero");
	return 0;
}

static int img_check_netroute(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netroute *r = p;
	unsigned int alen = img_alen(r->family);
	bool v4 = r->family == VZCPT_AF_INET;

	if (!alen)
		return img_bad(why, whylen, "a route is of family %u", r->family);
	if (!img_prefix(r->dst, alen, r->dst_len) || !img_prefix(r->src, alen, r->src_len) ||
	    (v4 && r->src_len))
		return img_bad(why, whylen, "a route has an invalid destination or source prefix");
	if (!v4 && r->tos)
		return img_bad(why, whylen, "an IPv6 route has a TOS");
	if (r->protocol == IMG_RTPROT_KERNEL || r->protocol == IMG_RTPROT_RA)
		return img_bad(why, whylen, "a route is of protocol %u, the kernel's own",
			       r->protocol);
	if (r->type < IMG_RTN_UNICAST || r->type > IMG_RTN_THROW)
		return img_bad(why, whylen, "a route is of type %u", r->type);
	if (!r->table)
		return img_bad(why, whylen, "a route has no table");
	if (r->flags & ~VZCPT_NETROUTE_FLAGS || r->has & ~VZCPT_NETROUTE_HAS)
		return img_bad(why, whylen, "a route has unknown flags");
	if ((!(r->has & VZCPT_NETROUTE_GATEWAY) && !img_zero(r->gateway, sizeof(r->gateway))) ||
	    (!(r->has & VZCPT_NETROUTE_PREFSRC) && !img_zero(r->prefsrc, sizeof(r->prefsrc))) ||
	    !img_addr(r->gateway, alen) || !img_addr(r->prefsrc, alen) ||
	    (!(r->has & VZCPT_NETROUTE_PRIORITY) && r->priority))
		return img_bad(why, whylen, "a route has a field it does not say it has");
	if (r->has & VZCPT_NETROUTE_PREF ?
	    v4 || r->pref == 2 || r->pref > IMG_ICMPV6_PREF_LOW : r->pref)
		return img_bad(why, whylen, "a route has router preference %u", r->pref);
	if (v4 ? r->expires != 0 : r->realms != 0)
		return img_bad(why, whylen, "a route has a field of the other family");
	if (r->metrics[IMG_RTAX_CC_ALGO - 1] || r->metrics[IMG_RTAX_HOPLIMIT - 1] > 255 ||
	    r->metrics[IMG_RTAX_FEATURES - 1] & ~IMG_RTAX_FEATURE_MASK)
		return img_bad(why, whylen, "a route has an invalid metric");
	return 0;
}

static int img_check_port_range(const u16 *pr, bool has)
{
	if (!has)
		return pr[0] || pr[1];
	/* fib_rule_port_range_valid() */
	return !pr[0] || !pr[1] || pr[1] == 0xffff || pr[0] > pr[1];
}

static int img_check_netrule(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netrule *u = p;
	unsigned int alen = img_alen(u->family);

	if (!alen)
		return img_bad(why, whylen, "a rule is of family %u", u->family);
	if (!img_prefix(u->dst, alen, u->dst_len) || !img_prefix(u->src, alen, u->src_len))
		return img_bad(why, whylen, "rule %u has an invalid prefix", u->priority);
	if (u->action < IMG_FR_ACT_TO_TBL || u->action > IMG_FR_ACT_PROHIBIT ||
	    u->action == IMG_FR_ACT_RES3 || u->action == IMG_FR_ACT_RES4)
		return img_bad(why, whylen, "rule %u has action %u", u->priority, u->action);
	/* fib_nl2rule(): a goto goes forward */
	if (u->action == IMG_FR_ACT_GOTO ? u->target <= u->priority : u->target != 0)
		return img_bad(why, whylen, "rule %u has goto target %u", u->priority, u->target);
	if (u->flags & ~VZCPT_NETRULE_FLAGS || u->has & ~VZCPT_NETRULE_HAS)
		return img_bad(why, whylen, "rule %u has unknown flags", u->priority);
	if (img_check_port_range(u->sport, u->has & VZCPT_NETRULE_SPORT) ||
	    img_check_port_range(u->dport, u->has & VZCPT_NETRULE_DPORT))
		return img_bad(why, whylen, "rule %u has an invalid port range", u->priority);
	if (!img_ifname(u->iifname, sizeof(u->iifname), true) ||
	    !img_ifname(u->oifname, sizeof(u->oifname), true))
		return img_bad(why, whylen, "rule %u has an invalid device name", u->priority);
	if (u->suppress_prefixlen < -1 || u->suppress_prefixlen > 128 || u->suppress_ifgroup < -1)
		return img_bad(why, whylen, "rule %u has an invalid suppressor", u->priority);
	if ((u->family == VZCPT_AF_INET6 && u->realms) || u->pad ||
	    !img_zero(u->reserved, sizeof(u->reserved)))
		return img_bad(why, whylen, "reserved fields of rule %u are not zero", u->priority);
	return 0;
}

/* What neigh_add() takes from a user: a proxy entry, or a permanent one with its address. */
static int img_check_netneigh(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netneigh *n = p;
	unsigned int alen = img_alen(n->family);
	bool proxy = n->flags & VZCPT_NEIGH_PROXY;

	if (!alen)
		return img_bad(why, whylen, "a neighbour entry is of family %u", n->family);
	if (!img_prefix(n->dst, alen, alen * 8))
		return img_bad(why, whylen, "a neighbour entry has bytes past its address");
	if (n->flags & ~VZCPT_NEIGH_FLAGS)
		return img_bad(why, whylen, "a neighbour entry has flags %#x", n->flags);
	if (proxy ? n->lladdr_len != 0 : !n->lladdr_len || n->lladdr_len > VZCPT_LLADDR_MAX)
		return img_bad(why, whylen,
			       "a %sneighbour entry has a link-layer address of %u bytes",
			       proxy ? "proxy " : "", n->lladdr_len);
	if (!img_zero(n->lladdr + n->lladdr_len, VZCPT_LLADDR_MAX - n->lladdr_len))
		return img_bad(why, whylen,
			       "a neighbour entry has bytes past its link-layer address");
	if (!proxy && !n->dev)
		return img_bad(why, whylen, "a permanent neighbour entry is on no device");
	if (!img_zero(n->reserved, sizeof(n->reserved)))
		return img_bad(why, whylen, "reserved fields of a neighbour entry are not zero");
	return 0;
}

/* ---- VZCPT_REC_NFT: the nftables ruleset ---- */

/* The order the records come in (struct vzcpt_img_nft), from 1; 0 for no such message. */
static unsigned int img_nft_rank(u16 msg)
{
	switch (msg) {
	case VZCPT_NFT_TABLE:		return 1;
	case VZCPT_NFT_CHAIN:		return 2;
	case VZCPT_NFT_OBJ:		return 3;
	case VZCPT_NFT_FLOWTABLE:	return 4;
	case VZCPT_NFT_SET:		return 5;
	case VZCPT_NFT_SETELEM:		return 6;
	case VZCPT_NFT_RULE:		return 7;
	default:			return 0;
	}
}

bool img_nft_attr_dropped(u16 msg, u16 type)
{
	switch (msg) {
	case VZCPT_NFT_TABLE:
		return type == NFTA_TABLE_USE || type == NFTA_TABLE_HANDLE ||
		       type == NFTA_TABLE_PAD || type == NFTA_TABLE_OWNER;
	case VZCPT_NFT_CHAIN:
		return type == NFTA_CHAIN_HANDLE || type == NFTA_CHAIN_USE ||
		       type == NFTA_CHAIN_PAD || type == NFTA_CHAIN_ID;
	case VZCPT_NFT_RULE:
		return type == NFTA_RULE_HANDLE || type == NFTA_RULE_POSITION ||
		       type == NFTA_RULE_PAD || type == NFTA_RULE_ID ||
		       type == NFTA_RULE_POSITION_ID || type == NFTA_RULE_CHAIN_ID;
	case VZCPT_NFT_SET:
		return type == NFTA_SET_HANDLE || type == NFTA_SET_PAD || type == NFTA_SET_ID;
	case VZCPT_NFT_SETELEM:
		return type == NFTA_SET_ELEM_LIST_SET_ID;
	case VZCPT_NFT_OBJ:
		return type == NFTA_OBJ_HANDLE || type == NFTA_OBJ_USE || type == NFTA_OBJ_PAD;
	default:	/* VZCPT_NFT_FLOWTABLE */
		return type == NFTA_FLOWTABLE_HANDLE || type == NFTA_FLOWTABLE_USE ||
		       type == NFTA_FLOWTABLE_PAD;
	}
}

/* A u32 flags attribute (big-endian, as netlink carries it) with a bit of @bad. */
static bool img_nft_flag(const u8 *a, u16 alen, u32 bad)
{
	u32 v;

	if (alen != 8)
		return false;	/* nf_tables' own policy refuses it */
	v = (u32)a[4] << 24 | (u32)a[5] << 16 | (u32)a[6] << 8 | a[7];
	return v & bad;
}

typedef int (*img_nla_fn)(const u8 *attr, u16 type, u16 alen, void *arg, char *why,
			  size_t whylen);

/*
 * The @len netlink attributes at @a: each whole (a header and at most the
 * rest), padded with zeros to 4 bytes, the last ending at @len; @each sees
 * each one with its type (NLA_F_* bits cleared) and its length.
 */
static int img_nla_walk(const u8 *a, u32 len, img_nla_fn each, void *arg, char *why,
			size_t whylen)
{
	u32 off = 0;
	u16 alen;
	int err;

	while (off < len) {
		if (len - off < 4)
			return img_bad(why, whylen, "a netlink attribute cut at %u of %u", off,
				       len);
		alen = a[off] | a[off + 1] << 8;
		if (alen < 4 || alen > len - off ||
		    ((alen + 3U) & ~3U) > len - off)
			return img_bad(why, whylen, "a netlink attribute of %u bytes at %u of %u",
				       alen, off, len);
		if (!img_zero(a + off + alen, ((alen + 3U) & ~3U) - alen))
			return img_bad(why, whylen, "a netlink attribute's padding is not zero");
		err = each(a + off, (a[off + 2] | a[off + 3] << 8) & 0x3fff, alen, arg, why,
			   whylen);
		if (err)
			return err;
		off += (alen + 3U) & ~3U;
	}
	return 0;
}

struct img_nft_walk {
	u16 msg;
	bool named;
};

/*
 * One of an NFT record's attributes: none a dump leaves out, the table's
 * name (type 1 in every message: NFTA_TABLE_NAME, NFTA_CHAIN_TABLE...) one
 * string, no table owned by a socket, no chain bound to a rule.
 */
static int img_nft_attr(const u8 *a, u16 type, u16 alen, void *arg, char *why, size_t whylen)
{
	struct img_nft_walk *w = arg;

	if (img_nft_attr_dropped(w->msg, type))
		return img_bad(why, whylen,
			       "an nftables object of message %u has attribute %u, which makes nothing",
			       w->msg, type);
	if (type == 1) {
		if (w->named || alen < 6 || alen > 4 + 256 || a[alen - 1] ||
		    memchr(a + 4, 0, alen - 5))
			return img_bad(why, whylen,
				       "an nftables object's table name is not one string");
		w->named = true;
	}
	if ((w->msg == VZCPT_NFT_TABLE && type == NFTA_TABLE_FLAGS &&
	     img_nft_flag(a, alen, NFT_TABLE_F_OWNER)) ||
	    (w->msg == VZCPT_NFT_CHAIN && type == NFTA_CHAIN_FLAGS &&
	     img_nft_flag(a, alen, NFT_CHAIN_BINDING)))
		return img_bad(why, whylen,
			       "an nftables table owned by a socket or chain bound to a rule");
	return 0;
}

/* What the attributes say is nf_tables' to check, as it does for nft's. */
static int img_check_nft(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_nft *n = p;
	struct img_nft_walk w = { .msg = n->msg };
	int err;

	if (!img_nft_rank(n->msg))
		return img_bad(why, whylen, "an nftables message of type %u", n->msg);
	switch (n->family) {
	case 1: case 2: case 3: case 5: case 7: case 10:	/* NFPROTO_INET ... _IPV6 */
		break;
	default:
		return img_bad(why, whylen, "an nftables object of family %u", n->family);
	}
	if (n->reserved)
		return img_bad(why, whylen, "reserved fields of an nftables object are not zero");
	if (n->len < 4 || n->len > VZCPT_NFT_MAX_LEN || n->len % 4 || len != sizeof(*n) + n->len)
		return img_bad(why, whylen, "an nftables object of %u bytes in a record of %u",
			       n->len, len);
	err = img_nla_walk((const u8 *)(n + 1), n->len, img_nft_attr, &w, why, whylen);
	if (!err && !w.named)
		return img_bad(why, whylen, "an nftables object names no table");
	return err;
}

/* ---- VZCPT_REC_CONNTRACK: a tracked connection ---- */

bool img_ct_attr_kept(u16 type)
{
	switch (type) {
	case CTA_TUPLE_ORIG: case CTA_TUPLE_REPLY: case CTA_STATUS: case CTA_PROTOINFO:
	case CTA_TIMEOUT: case CTA_MARK: case CTA_SEQ_ADJ_ORIG: case CTA_SEQ_ADJ_REPLY:
	case CTA_ZONE: case CTA_LABELS: case CTA_SYNPROXY:
		return true;
	default:
		return false;
	}
}

/* The attributes seen, a bit per type (all below 32). */
static int img_ct_attr(const u8 *a, u16 type, u16 alen, void *arg, char *why, size_t whylen)
{
	u32 *seen = arg;

	if (!img_ct_attr_kept(type) && type != CTA_NAT_SRC && type != CTA_NAT_DST)
		return img_bad(why, whylen, "a tracked connection has attribute %u", type);
	if (*seen & (1U << type))
		return img_bad(why, whylen, "a tracked connection has attribute %u twice", type);
	*seen |= 1U << type;
	return 0;
}

/* Its tuples and its time left; the rest is ctnetlink's to check, as it does conntrack(8)'s. */
static int img_check_conntrack(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_conntrack *c = p;
	u32 seen = 0, need = 1U << CTA_TUPLE_ORIG | 1U << CTA_TUPLE_REPLY | 1U << CTA_TIMEOUT;
	int err;

	if (c->family != 2 && c->family != 10)	/* NFPROTO_IPV4, NFPROTO_IPV6 */
		return img_bad(why, whylen, "a tracked connection of family %u", c->family);
	if (!img_zero(c->reserved, sizeof(c->reserved)))
		return img_bad(why, whylen, "reserved fields of a tracked connection are not zero");
	if (c->len < 4 || c->len > VZCPT_CONNTRACK_MAX_LEN || c->len % 4 ||
	    len != sizeof(*c) + c->len)
		return img_bad(why, whylen, "a tracked connection of %u bytes in a record of %u",
			       c->len, len);
	err = img_nla_walk((const u8 *)(c + 1), c->len, img_ct_attr, &seen, why, whylen);
	if (!err && (seen & need) != need)
		return img_bad(why, whylen, "a tracked connection without its tuples or timeout");
	return err;
}

/* ---- VZCPT_REC_XTABLE: a legacy x_tables table ---- */

static const char *const img_xt_tables[] = { "filter", "nat", "mangle", "raw", "security" };

/* The table's place in the image's order (family, then table), from 1; 0 for no such table. */
static unsigned int img_xt_rank(const struct vzcpt_img_xtable *t)
{
	/* NFPROTO_IPV4, NFPROTO_ARP (its filter table only), NFPROTO_IPV6 */
	unsigned int fam = t->family == 2 ? 0 : t->family == 3 ? 1 : t->family == 10 ? 2 : 3;
	unsigned int i, n = fam == 1 ? 1 : 5;

	if (fam == 3)
		return 0;
	for (i = 0; i < n; i++)
		if (!strcmp(t->name, img_xt_tables[i]))
			return fam * 8 + i + 1;
	return 0;
}

/*
 * The table's frame: its name one the kernel has for its family (a module
 * iptable_<name> is what the restore's SET_REPLACE loads), its hooks and
 * their offsets within its entries, its length. The entries themselves are
 * x_tables' translate_table()'s to check, as it checks iptables-restore's.
 */
static int img_check_xtable(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_xtable *t = p;
	unsigned int hooks = t->family == 3 ? 3 : 5, h;
	const char *nul = memchr(t->name, 0, sizeof(t->name));

	if (!nul || !img_zero(nul, sizeof(t->name) - (nul - t->name)) || !img_xt_rank(t))
		return img_bad(why, whylen, "an x_tables table of family %u and no name it has",
			       t->family);
	if (!img_zero(t->reserved, sizeof(t->reserved)))
		return img_bad(why, whylen, "reserved fields of x_tables table %s are not zero",
			       t->name);
	if (!t->valid_hooks || t->valid_hooks >> hooks)
		return img_bad(why, whylen, "x_tables table %s hooks %#x", t->name, t->valid_hooks);
	if (!t->num_entries || t->num_entries > VZCPT_XT_MAX_ENTRIES || t->size % 8 ||
	    t->size / 8 < t->num_entries ||
	    len != sizeof(*t) + (u64)t->size + (u64)t->num_entries * 16)
		return img_bad(why, whylen,
			       "x_tables table %s has %u entries of %u bytes in a record of %u",
			       t->name, t->num_entries, t->size, len);
	for (h = 0; h < VZCPT_XT_HOOKS; h++) {
		if (t->valid_hooks & (1U << h) ?
		    t->hook_entry[h] >= t->size || t->underflow[h] >= t->size :
		    t->hook_entry[h] || t->underflow[h])
			return img_bad(why, whylen,
				       "x_tables table %s has hook %u at %u, its policy at %u, of %u bytes",
				       t->name, h, t->hook_entry[h], t->underflow[h], t->size);
	}
	return 0;
}

static int img_check_netconf(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netconf *c = p;
	bool of_dev = c->scope == VZCPT_NETCONF_DEV;

	if (c->scope < VZCPT_NETCONF_ALL || c->scope >= VZCPT_NETCONF_NR_SCOPES ||
	    of_dev != !!c->dev)
		return img_bad(why, whylen, "IPv4 settings of scope %u, device %u", c->scope,
			       c->dev);
	if (!c->nr || c->nr > VZCPT_NETCONF_MAX || c->reserved ||
	    (c->nr < 64 && c->set >> c->nr) ||
	    !img_zero(c->data + c->nr, (VZCPT_NETCONF_MAX - c->nr) * sizeof(c->data[0])))
		return img_bad(why, whylen, "IPv4 settings with %u values or bits past them",
			       c->nr);
	/* mc_forwarding: read-only, the multicast router's (a raw socket, refused) */
	if (c->data[IMG_IPV4_MC_FORWARDING - 1] || (c->set >> (IMG_IPV4_MC_FORWARDING - 1) & 1))
		return img_bad(why, whylen, "IPv4 settings with mc_forwarding set");
	return 0;
}

/*
 * A component of a sysctl's path: what a device may be named (img_ifname())
 * or a sysctl (letters, digits, '_', '-', '.'), not ".", "..".
 */
static bool img_sysctl_path(const char *path, size_t size)
{
	const char *c = path, *end;
	size_t n;

	if (!memchr(path, 0, size) || !img_zero(path + strlen(path), size - strlen(path)))
		return false;
	if (!*c)
		return false;
	for (;;) {
		end = strchr(c, '/');
		n = end ? (size_t)(end - c) : strlen(c);
		if (!n || n >= IMG_IFNAMSIZ * 4 || (n == 1 && c[0] == '.') ||
		    (n == 2 && c[0] == '.' && c[1] == '.'))
			return false;
		while (n--) {
			if (*c == ':' || *c == ' ' || (*c >= '\t' && *c <= '\r') ||
			    (unsigned char)*c < 0x20 || *c == 0x7f)
				return false;
			c++;
		}
		if (!end)
			return true;
		c = end + 1;
	}
}

static int img_check_netsysctl(const void *p, u32 len, char *why, size_t whylen)
{
	const struct vzcpt_img_netsysctl *s = p;
	const char *v = (const char *)(s + 1);
	u32 i;

	if (!img_sysctl_path(s->path, sizeof(s->path)))
		return img_bad(why, whylen, "a network sysctl has no valid path");
	if (!strncmp(s->path, "ipv4/conf/", 10))
		return img_bad(why, whylen, "network sysctl %s is an IPv4 setting", s->path);
	if (s->reserved)
		return img_bad(why, whylen, "reserved fields of network sysctl %s are not zero",
			       s->path);
	if (!s->len || s->len >= VZCPT_NETSYSCTL_VALUE || len != sizeof(*s) + s->len)
		return img_bad(why, whylen, "network sysctl %s has a value of %u bytes in %u",
			       s->path, s->len, len);
	/* what a handler prints: text, in lines */
	for (i = 0; i < s->len; i++)
		if ((v[i] < 0x20 || v[i] > 0x7e) && v[i] != '\t' && v[i] != '\n')
			return img_bad(why, whylen, "network sysctl %s has byte %#x in its value",
				       s->path, (unsigned char)v[i]);
	return 0;
}

/* Whether @name is a whole component of @path. */
static bool img_path_has(const char *path, const char *name)
{
	size_t n = strlen(name);
	const char *c = path;

	for (;;) {
		if (!strncmp(c, name, n) && (c[n] == '/' || !c[n]))
			return true;
		c = strchr(c, '/');
		if (!c)
			return false;
		c++;
	}
}

/*
 * After the hostname, before anything else: devices (ids 1, 2...), then
 * addresses, routes, rules, naming devices by those ids.
 */
static int img_feed_net(struct img_state *st, const struct vzcpt_rec *h, const void *p,
			char *why, size_t whylen)
{
	const struct vzcpt_img_netdev *d = p;
	u32 dev = 0;
	unsigned int i;

	if (st->net_done || st->nr - st->pre_nr < 3 || h->type < st->net_last)
		return img_bad(why, whylen,
			       "a network record out of its place (after the hostname, before the tasks, devices first)");
	st->net_last = h->type;
	if (h->type == VZCPT_REC_NETDEV) {
		if (h->id != st->netdevs + 1 || st->netdevs >= VZCPT_NETDEV_MAX)
			return img_bad(why, whylen, "network device %s has id %llu", d->name,
				       (unsigned long long)h->id);
		for (i = 0; i < st->netdevs; i++)
			if (!strcmp(st->netdev_names[i], d->name))
				return img_bad(why, whylen, "network device %s comes twice",
					       d->name);
		memcpy(st->netdev_names[st->netdevs++], d->name, sizeof(d->name));
		return 0;
	}
	if (h->id || !st->netdevs)
		return img_bad(why, whylen,
			       "a network record has id %llu or comes before the devices",
			       (unsigned long long)h->id);
	if (h->type == VZCPT_REC_NETCONF) {
		const struct vzcpt_img_netconf *c = p;
		u64 bit;

		if (c->dev > st->netdevs)
			return img_bad(why, whylen, "IPv4 settings of device %u of %u", c->dev,
				       st->netdevs);
		/* bit 0, 1: all, default; bit 1 + n: device n (VZCPT_NETDEV_MAX: 62) */
		bit = 1ULL << (c->scope == VZCPT_NETCONF_DEV ? 1 + c->dev : c->scope - 1);
		if (st->netconfs & bit)
			return img_bad(why, whylen, "IPv4 settings of scope %u, device %u, twice",
				       c->scope, c->dev);
		st->netconfs |= bit;
		return 0;
	}
	if (h->type == VZCPT_REC_CONNTRACK) {
		if (++st->conntracks > VZCPT_CONNTRACK_MAX)
			return img_bad(why, whylen, "more than %u tracked connections",
				       VZCPT_CONNTRACK_MAX);
		return 0;
	}
	if (h->type == VZCPT_REC_XTABLE) {
		const struct vzcpt_img_xtable *t = p;
		unsigned int rank = img_xt_rank(t);

		if (rank <= st->xt_rank)
			return img_bad(why, whylen, "x_tables table %s comes twice or out of order",
				       t->name);
		st->xt_rank = rank;
		return 0;
	}
	if (h->type == VZCPT_REC_NFT) {
		const struct vzcpt_img_nft *n = p;
		unsigned int rank = img_nft_rank(n->msg);

		if (rank < st->nft_rank)
			return img_bad(why, whylen,
				       "an nftables object of message %u after one of a later kind",
				       n->msg);
		st->nft_rank = rank;
		st->nft_bytes += n->len;
		if (st->nft_bytes > VZCPT_NFT_MAX_TOTAL)
			return img_bad(why, whylen, "the nftables objects exceed %u bytes",
				       VZCPT_NFT_MAX_TOTAL);
		return 0;
	}
	if (h->type == VZCPT_REC_NETSYSCTL) {
		const struct vzcpt_img_netsysctl *s = p;

		if (s->dev > st->netdevs ||
		    (s->dev && !img_path_has(s->path, st->netdev_names[s->dev - 1])))
			return img_bad(why, whylen, "network sysctl %s names device %u of %u",
				       s->path, s->dev, st->netdevs);
		if (strcmp(s->path, st->netsysctl_last) <= 0)
			return img_bad(why, whylen, "network sysctl %s comes out of order",
				       s->path);
		memcpy(st->netsysctl_last, s->path, sizeof(s->path));
		return 0;
	}
	if (h->type == VZCPT_REC_NETADDR)
		dev = ((const struct vzcpt_img_netaddr *)p)->dev;
	else if (h->type == VZCPT_REC_NETNEIGH)
		dev = ((const struct vzcpt_img_netneigh *)p)->dev;
	else if (h->type == VZCPT_REC_NETROUTE)
		dev = ((const struct vzcpt_img_netroute *)p)->oif;
	if (dev > st->netdevs)
		return img_bad(why, whylen, "a network record names device %u of %u", dev,
			       st->netdevs);
	return 0;
}

/*
 * What each record type must be: its payload's least and greatest length,
 * its check and its name. Indexed by type; a new type adds one line.
 */
struct img_rec_desc {
	u16 type;
	u32 min_len;
	u32 max_len;
	int (*check)(const void *p, u32 len, char *why, size_t whylen);
	const char *name;
};

static const struct img_rec_desc img_recs[VZCPT_REC_NR_TYPES] = {
	[VZCPT_REC_IMAGE] = { .type = VZCPT_REC_IMAGE, .min_len = sizeof(struct vzcpt_img_image),
		.max_len = sizeof(struct vzcpt_img_image),
		.check = img_check_image, .name = "image header" },
	[VZCPT_REC_UTS] = { .type = VZCPT_REC_UTS, .min_len = sizeof(struct vzcpt_img_uts),
		.max_len = sizeof(struct vzcpt_img_uts),
		.check = img_check_uts, .name = "hostname" },
	[VZCPT_REC_TASK] = { .type = VZCPT_REC_TASK, .min_len = sizeof(struct vzcpt_img_task),
		.max_len = sizeof(struct vzcpt_img_task),
		.check = img_check_task, .name = "task" },
	[VZCPT_REC_REGS] = { .type = VZCPT_REC_REGS, .min_len = sizeof(struct vzcpt_img_regs),
		.max_len = sizeof(struct vzcpt_img_regs),
		.check = img_check_regs, .name = "registers" },
	[VZCPT_REC_XSTATE] = { .type = VZCPT_REC_XSTATE, .min_len = sizeof(struct vzcpt_img_xstate),
		.max_len = sizeof(struct vzcpt_img_xstate) + IMG_XSAVE_MAX,
		.check = img_check_xstate, .name = "FPU state" },
	[VZCPT_REC_MM] = { .type = VZCPT_REC_MM, .min_len = sizeof(struct vzcpt_img_mm),
		.max_len = sizeof(struct vzcpt_img_mm) + IMG_PATH_LEN,
		.check = img_check_mm, .name = "address space" },
	[VZCPT_REC_VMA] = { .type = VZCPT_REC_VMA, .min_len = sizeof(struct vzcpt_img_vma),
		.max_len = sizeof(struct vzcpt_img_vma) + IMG_PATH_LEN,
		.check = img_check_vma, .name = "mapping" },
	[VZCPT_REC_PAGES] = { .type = VZCPT_REC_PAGES, .min_len = sizeof(struct vzcpt_img_pages),
		.max_len = sizeof(struct vzcpt_img_pages) + IMG_REST(vzcpt_img_pages),
		.check = img_check_pages, .name = "pages" },
	[VZCPT_REC_FILE] = { .type = VZCPT_REC_FILE, .min_len = sizeof(struct vzcpt_img_file),
		.max_len = sizeof(struct vzcpt_img_file) + IMG_PATH_LEN,
		.check = img_check_file, .name = "file" },
	[VZCPT_REC_FD] = { .type = VZCPT_REC_FD, .min_len = sizeof(struct vzcpt_img_fd),
		.max_len = sizeof(struct vzcpt_img_fd),
		.check = img_check_fd, .name = "fd" },
	[VZCPT_REC_PIPE] = { .type = VZCPT_REC_PIPE, .min_len = sizeof(struct vzcpt_img_pipe),
		.max_len = sizeof(struct vzcpt_img_pipe) + IMG_REST(vzcpt_img_pipe),
		.check = img_check_pipe, .name = "pipe" },
	[VZCPT_REC_SIGHAND] = { .type = VZCPT_REC_SIGHAND,
		.min_len = sizeof(struct vzcpt_img_sighand),
		.max_len = sizeof(struct vzcpt_img_sighand),
		.check = img_check_sighand, .name = "signal handlers" },
	[VZCPT_REC_SIGNALS] = { .type = VZCPT_REC_SIGNALS,
		.min_len = sizeof(struct vzcpt_img_signals),
		.max_len = sizeof(struct vzcpt_img_signals) + IMG_REST(vzcpt_img_signals),
		.check = img_check_signals, .name = "pending signals" },
	[VZCPT_REC_FS] = { .type = VZCPT_REC_FS, .min_len = sizeof(struct vzcpt_img_fs),
		.max_len = sizeof(struct vzcpt_img_fs) + 2 * IMG_PATH_LEN,
		.check = img_check_fs, .name = "cwd and root" },
	[VZCPT_REC_END] = { .type = VZCPT_REC_END, .min_len = sizeof(struct vzcpt_img_end),
		.max_len = sizeof(struct vzcpt_img_end),
		.check = img_check_end, .name = "end" },
	[VZCPT_REC_TASKX] = { .type = VZCPT_REC_TASKX, .min_len = sizeof(struct vzcpt_img_taskx),
		.max_len = sizeof(struct vzcpt_img_taskx),
		.check = img_check_taskx, .name = "task state" },
	[VZCPT_REC_IPCNS] = { .type = VZCPT_REC_IPCNS, .min_len = sizeof(struct vzcpt_img_ipcns),
		.max_len = sizeof(struct vzcpt_img_ipcns),
		.check = img_check_ipcns, .name = "IPC namespace" },
	[VZCPT_REC_SEM] = { .type = VZCPT_REC_SEM, .min_len = sizeof(struct vzcpt_img_sem) + 2,
		.max_len = sizeof(struct vzcpt_img_sem) + IMG_REST(vzcpt_img_sem),
		.check = img_check_sem, .name = "semaphore set" },
	[VZCPT_REC_MSQ] = { .type = VZCPT_REC_MSQ, .min_len = sizeof(struct vzcpt_img_msq),
		.max_len = sizeof(struct vzcpt_img_msq),
		.check = img_check_msq, .name = "message queue" },
	[VZCPT_REC_MSG] = { .type = VZCPT_REC_MSG, .min_len = sizeof(struct vzcpt_img_msg),
		.max_len = sizeof(struct vzcpt_img_msg) + IMG_REST(vzcpt_img_msg),
		.check = img_check_msg, .name = "message" },
	[VZCPT_REC_TIMERS] = { .type = VZCPT_REC_TIMERS, .min_len = sizeof(struct vzcpt_img_timers),
		.max_len = sizeof(struct vzcpt_img_timers) +
			   VZCPT_POSIX_TIMERS_MAX * sizeof(struct vzcpt_img_posix_timer),
		.check = img_check_timers, .name = "timers" },
	[VZCPT_REC_GHOST] = { .type = VZCPT_REC_GHOST, .min_len = sizeof(struct vzcpt_img_ghost),
		.max_len = sizeof(struct vzcpt_img_ghost) + IMG_PATH_LEN,
		.check = img_check_ghost, .name = "deleted file" },
	[VZCPT_REC_FIFO] = { .type = VZCPT_REC_FIFO, .min_len = sizeof(struct vzcpt_img_fifo) + 1,
		.max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_fifo, .name = "FIFO" },
	[VZCPT_REC_GHOST_DATA] = { .type = VZCPT_REC_GHOST_DATA,
		.min_len = sizeof(struct vzcpt_img_ghost_data) + 1,
		.max_len = sizeof(struct vzcpt_img_ghost_data) + VZCPT_GHOST_CHUNK,
		.check = img_check_ghost_data, .name = "deleted file data" },
	[VZCPT_REC_EVENTFD] = { .type = VZCPT_REC_EVENTFD,
		.min_len = sizeof(struct vzcpt_img_eventfd),
		.max_len = sizeof(struct vzcpt_img_eventfd),
		.check = img_check_eventfd, .name = "eventfd" },
	[VZCPT_REC_SIGNALFD] = { .type = VZCPT_REC_SIGNALFD,
		.min_len = sizeof(struct vzcpt_img_signalfd),
		.max_len = sizeof(struct vzcpt_img_signalfd),
		.check = img_check_signalfd, .name = "signalfd" },
	[VZCPT_REC_TIMERFD] = { .type = VZCPT_REC_TIMERFD,
		.min_len = sizeof(struct vzcpt_img_timerfd),
		.max_len = sizeof(struct vzcpt_img_timerfd),
		.check = img_check_timerfd, .name = "timerfd" },
	[VZCPT_REC_EPOLL] = { .type = VZCPT_REC_EPOLL, .min_len = sizeof(struct vzcpt_img_epoll),
		.max_len = sizeof(struct vzcpt_img_epoll) + IMG_REST(vzcpt_img_epoll),
		.check = img_check_epoll, .name = "epoll" },
	[VZCPT_REC_UNIX] = { .type = VZCPT_REC_UNIX, .min_len = sizeof(struct vzcpt_img_unix),
		.max_len = VZCPT_REC_MAX_LEN, .check = img_check_unix, .name = "unix socket" },
	[VZCPT_REC_INET] = { .type = VZCPT_REC_INET, .min_len = sizeof(struct vzcpt_img_inet),
		.max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_inet, .name = "TCP/UDP socket" },
	[VZCPT_REC_TCP_QUEUE] = { .type = VZCPT_REC_TCP_QUEUE,
		.min_len = sizeof(struct vzcpt_img_tcp_queue) + 1,
		.max_len = sizeof(struct vzcpt_img_tcp_queue) + VZCPT_TCPQ_CHUNK,
		.check = img_check_tcp_queue, .name = "TCP queue" },
	[VZCPT_REC_TCP_REQ] = { .type = VZCPT_REC_TCP_REQ,
		.min_len = sizeof(struct vzcpt_img_tcp_req),
		.max_len = sizeof(struct vzcpt_img_tcp_req),
		.check = img_check_tcp_req, .name = "TCP connection being opened" },
	[VZCPT_REC_NETLINK] = { .type = VZCPT_REC_NETLINK,
		.min_len = sizeof(struct vzcpt_img_netlink), .max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_netlink, .name = "netlink socket" },
	[VZCPT_REC_PACKET] = { .type = VZCPT_REC_PACKET,
		.min_len = sizeof(struct vzcpt_img_packet), .max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_packet, .name = "packet socket" },
	[VZCPT_REC_INET_MCAST] = { .type = VZCPT_REC_INET_MCAST,
		.min_len = sizeof(struct vzcpt_img_mcast),
		.max_len = sizeof(struct vzcpt_img_mcast) +
			   VZCPT_MCAST_MAX_GROUPS * sizeof(struct vzcpt_img_mcast_group) +
			   VZCPT_MCAST_MAX_SOURCES * 16,
		.check = img_check_mcast, .name = "socket's multicast state" },
	[VZCPT_REC_TCP_OPTS] = { .type = VZCPT_REC_TCP_OPTS,
		.min_len = sizeof(struct vzcpt_img_tcp_opts),
		.max_len = sizeof(struct vzcpt_img_tcp_opts),
		.check = img_check_tcp_opts, .name = "TCP socket's options" },
	[VZCPT_REC_SOCK_FILTER] = { .type = VZCPT_REC_SOCK_FILTER,
		.min_len = sizeof(struct vzcpt_img_sock_filter_hdr),
		.max_len = sizeof(struct vzcpt_img_sock_filter_hdr) +
			   VZCPT_SOCKF_MAX_INSNS * sizeof(struct vzcpt_img_sock_filter),
		.check = img_check_sock_filter, .name = "socket filter" },
	[VZCPT_REC_NETDEV] = { .type = VZCPT_REC_NETDEV, .min_len = sizeof(struct vzcpt_img_netdev),
		.max_len = sizeof(struct vzcpt_img_netdev),
		.check = img_check_netdev, .name = "network device" },
	[VZCPT_REC_NETADDR] = { .type = VZCPT_REC_NETADDR,
		.min_len = sizeof(struct vzcpt_img_netaddr),
		.max_len = sizeof(struct vzcpt_img_netaddr),
		.check = img_check_netaddr, .name = "network address" },
	[VZCPT_REC_NETROUTE] = { .type = VZCPT_REC_NETROUTE,
		.min_len = sizeof(struct vzcpt_img_netroute),
		.max_len = sizeof(struct vzcpt_img_netroute),
		.check = img_check_netroute, .name = "route" },
	[VZCPT_REC_NETRULE] = { .type = VZCPT_REC_NETRULE,
		.min_len = sizeof(struct vzcpt_img_netrule),
		.max_len = sizeof(struct vzcpt_img_netrule),
		.check = img_check_netrule, .name = "routing rule" },
	[VZCPT_REC_NETCONF] = { .type = VZCPT_REC_NETCONF,
		.min_len = sizeof(struct vzcpt_img_netconf),
		.max_len = sizeof(struct vzcpt_img_netconf),
		.check = img_check_netconf, .name = "IPv4 settings" },
	[VZCPT_REC_NETSYSCTL] = { .type = VZCPT_REC_NETSYSCTL,
		.min_len = sizeof(struct vzcpt_img_netsysctl) + 1,
		.max_len = sizeof(struct vzcpt_img_netsysctl) + VZCPT_NETSYSCTL_VALUE - 1,
		.check = img_check_netsysctl, .name = "network sysctl" },
	[VZCPT_REC_NETNEIGH] = { .type = VZCPT_REC_NETNEIGH,
		.min_len = sizeof(struct vzcpt_img_netneigh),
		.max_len = sizeof(struct vzcpt_img_netneigh),
		.check = img_check_netneigh, .name = "neighbour entry" },
	[VZCPT_REC_NFT] = { .type = VZCPT_REC_NFT,
		.min_len = sizeof(struct vzcpt_img_nft) + 8,
		.max_len = sizeof(struct vzcpt_img_nft) + VZCPT_NFT_MAX_LEN,
		.check = img_check_nft, .name = "nftables object" },
	[VZCPT_REC_CONNTRACK] = { .type = VZCPT_REC_CONNTRACK,
		.min_len = sizeof(struct vzcpt_img_conntrack) + 12,
		.max_len = sizeof(struct vzcpt_img_conntrack) + VZCPT_CONNTRACK_MAX_LEN,
		.check = img_check_conntrack, .name = "tracked connection" },
	[VZCPT_REC_XTABLE] = { .type = VZCPT_REC_XTABLE,
		.min_len = sizeof(struct vzcpt_img_xtable) + 24, .max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_xtable, .name = "x_tables table" },
	[VZCPT_REC_LOCK] = { .type = VZCPT_REC_LOCK, .min_len = sizeof(struct vzcpt_img_lock),
		.max_len = sizeof(struct vzcpt_img_lock),
		.check = img_check_lock, .name = "file lock" },
	[VZCPT_REC_SHM] = { .type = VZCPT_REC_SHM, .min_len = sizeof(struct vzcpt_img_shm),
		.max_len = sizeof(struct vzcpt_img_shm),
		.check = img_check_shm, .name = "shared memory segment" },
	[VZCPT_REC_INOTIFY] = { .type = VZCPT_REC_INOTIFY,
		.min_len = sizeof(struct vzcpt_img_inotify), .max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_inotify, .name = "inotify" },
	[VZCPT_REC_PTY] = { .type = VZCPT_REC_PTY,
		.min_len = sizeof(struct vzcpt_img_pty) + 1,
		.max_len = sizeof(struct vzcpt_img_pty) + IMG_PATH_LEN + VZCPT_PTY_OUT_MAX +
			   VZCPT_PTY_IN_MAX + VZCPT_PTY_IN_RAW_MAX + VZCPT_PTY_IN_MAX / 8,
		.check = img_check_pty, .name = "pty" },
	[VZCPT_REC_SECCOMP] = { .type = VZCPT_REC_SECCOMP,
		.min_len = sizeof(struct vzcpt_img_seccomp) + sizeof(struct vzcpt_img_sock_filter),
		.max_len = sizeof(struct vzcpt_img_seccomp) +
			   VZCPT_SECCOMP_MAX_INSNS * sizeof(struct vzcpt_img_sock_filter),
		.check = img_check_seccomp, .name = "seccomp filter" },
	[VZCPT_REC_SEMUNDO] = { .type = VZCPT_REC_SEMUNDO,
		.min_len = sizeof(struct vzcpt_img_semundo) + sizeof(__s16),
		.max_len = VZCPT_REC_MAX_LEN,
		.check = img_check_semundo, .name = "semaphore undo entry" },
	[VZCPT_REC_TMPFS] = { .type = VZCPT_REC_TMPFS,
		.min_len = sizeof(struct vzcpt_img_tmpfs) + 5,
		.max_len = sizeof(struct vzcpt_img_tmpfs) + 2 * IMG_PATH_LEN,
		.check = img_check_tmpfs, .name = "tmpfs node" },
	[VZCPT_REC_MOUNT] = { .type = VZCPT_REC_MOUNT,
		.min_len = sizeof(struct vzcpt_img_mount) + 2,
		.max_len = sizeof(struct vzcpt_img_mount) + 2 * IMG_PATH_LEN,
		.check = img_check_mount, .name = "mount" },
	[VZCPT_REC_PRECOPY] = { .type = VZCPT_REC_PRECOPY,
		.min_len = sizeof(struct vzcpt_img_precopy),
		.max_len = sizeof(struct vzcpt_img_precopy),
		.check = img_check_precopy, .name = "pre-copy pass" },
	[VZCPT_REC_MQNS] = { .type = VZCPT_REC_MQNS, .min_len = sizeof(struct vzcpt_img_mqns),
		.max_len = sizeof(struct vzcpt_img_mqns),
		.check = img_check_mqns, .name = "message queue limits" },
	[VZCPT_REC_MQ] = { .type = VZCPT_REC_MQ, .min_len = sizeof(struct vzcpt_img_mq) + 1,
		.max_len = sizeof(struct vzcpt_img_mq) + VZCPT_MQ_NAME_MAX,
		.check = img_check_mq, .name = "POSIX message queue" },
	[VZCPT_REC_MQ_MSG] = { .type = VZCPT_REC_MQ_MSG, .min_len = sizeof(struct vzcpt_img_mq_msg),
		.max_len = sizeof(struct vzcpt_img_mq_msg) + IMG_REST(vzcpt_img_mq_msg),
		.check = img_check_mq_msg, .name = "POSIX message" },
	[VZCPT_REC_PAGES_REF] = { .type = VZCPT_REC_PAGES_REF,
		.min_len = sizeof(struct vzcpt_img_pages_ref),
		.max_len = sizeof(struct vzcpt_img_pages_ref),
		.check = img_check_pages_ref, .name = "pre-copied pages" },
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

static int img_check_len(const struct img_rec_desc *d, u32 len, char *why, size_t whylen)
{
	if (len > VZCPT_REC_MAX_LEN)
		return img_bad(why, whylen, "the payload length %u exceeds the limit %u", len,
			       VZCPT_REC_MAX_LEN);
	if (d->min_len == d->max_len && len != d->min_len)
		return img_bad(why, whylen, "the %s record has %u bytes, not %u", d->name, len,
			       d->min_len);
	if (len < d->min_len || len > d->max_len)
		return img_bad(why, whylen, "the %s record has %u bytes, not %u to %u", d->name,
			       len, d->min_len, d->max_len);
	return 0;
}

int img_check_rec(const struct vzcpt_rec *h, char *why, size_t whylen)
{
	const struct img_rec_desc *d = img_desc(h->type);
	int err;

	if (!d)
		return img_bad(why, whylen, "unknown record type %u", h->type);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > IMG_REC_HDR_MAX || h->hdr_len % 8)
		return img_bad(why, whylen, "bad header length %u", h->hdr_len);
	err = img_check_len(d, h->len, why, whylen);
	if (err)
		return err;
	if (h->reserved)
		return img_bad(why, whylen, "the reserved field of the record header is not zero");
	return 0;
}

int img_check_payload(u16 type, const void *p, u32 len, char *why, size_t whylen)
{
	const struct img_rec_desc *d = img_desc(type);

	if (!d)
		return img_bad(why, whylen, "unknown record type %u", type);
	return img_check_len(d, len, why, whylen) ?: d->check(p, len, why, whylen);
}

int img_check_pages_head(const struct vzcpt_rec *h, const struct vzcpt_img_pages *pg,
			 char *why, size_t whylen)
{
	if (h->type != VZCPT_REC_PAGES)
		return img_bad(why, whylen, "a %s record where pages were expected",
			       img_rec_name(h->type));
	return img_check_len(img_desc(h->type), h->len, why, whylen) ?:
	       img_check_pages(pg, h->len, why, whylen);
}

/*
 * The links between records. Within a task, its records come in this
 * order, each object's only when the task is the first to use it.
 */
enum img_stage {
	IMG_STAGE_TASK,
	IMG_STAGE_SEMUNDO,	/* the entries of the undo list it brings, by set id */
	IMG_STAGE_SECCOMP,	/* the seccomp filters it brings, root side first */
	IMG_STAGE_GHOSTS,	/* GHOST and its GHOST_DATA: the deleted files it brings */
	IMG_STAGE_MM,		/* MM, its VMAs and their PAGES */
	IMG_STAGE_FILES,	/* PIPE, FILE, FD */
	IMG_STAGE_FS,
	IMG_STAGE_SIGHAND,
	IMG_STAGE_REGS,
	IMG_STAGE_XSTATE,
	IMG_STAGE_SIGNALS,
	IMG_STAGE_TASKX,
	IMG_STAGE_TIMERS,	/* a thread group leader's only */
};

/* A task's objects, as bits of img_state.pending. */
enum img_obj {
	IMG_OBJ_MM,
	IMG_OBJ_FILES,
	IMG_OBJ_FS,
	IMG_OBJ_SIGHAND,
	IMG_NR_OBJS
};

static const struct {
	enum img_kind kind;
	enum img_stage stage;
	const char *name;
} img_objs[IMG_NR_OBJS] = {
	[IMG_OBJ_MM] = { IMG_KIND_MM, IMG_STAGE_MM, "address space" },
	[IMG_OBJ_FILES] = { IMG_KIND_FILES, IMG_STAGE_FILES, "fd table" },
	[IMG_OBJ_FS] = { IMG_KIND_FS, IMG_STAGE_FS, "cwd and root" },
	[IMG_OBJ_SIGHAND] = { IMG_KIND_SIGHAND, IMG_STAGE_SIGHAND, "signal handlers" },
};

static const char * const img_kind_names[] = {
	[IMG_KIND_NONE] = "nothing", [IMG_KIND_TASK] = "task",
	[IMG_KIND_MM] = "address space", [IMG_KIND_FILES] = "fd table",
	[IMG_KIND_FS] = "cwd and root", [IMG_KIND_SIGHAND] = "signal handler table",
	[IMG_KIND_VMA] = "mapping", [IMG_KIND_FILE] = "file", [IMG_KIND_PIPE] = "pipe",
	[IMG_KIND_SHM] = "shared memory object", [IMG_KIND_SOCK] = "socket",
	[IMG_KIND_SOCK_FILE] = "socket with its file", [IMG_KIND_IPC] = "SysV IPC object",
	[IMG_KIND_GHOST] = "deleted file", [IMG_KIND_FIFO] = "FIFO",
	[IMG_KIND_EVENTFD] = "eventfd", [IMG_KIND_SIGNALFD] = "signalfd",
	[IMG_KIND_TIMERFD] = "timerfd", [IMG_KIND_EPOLL] = "epoll",
	[IMG_KIND_INOTIFY] = "inotify",
	[IMG_KIND_TMPFS] = "/dev node", [IMG_KIND_PTY] = "pty",
	[IMG_KIND_SEMUNDO] = "semaphore undo list",
	[IMG_KIND_SECCOMP] = "seccomp filter",
	[IMG_KIND_MQUEUE] = "POSIX message queue",
};

/* A task's entry in the id map: its kind, whether it is a thread or done with, its creator. */
#define IMG_KIND_MASK		0xffULL
/* A unix socket's, and its file's: how deep its queue holds sockets in flight. */
#define IMG_UNIX_NEST_SHIFT	12
#define IMG_UNIX_NEST_MASK	(0xfULL << IMG_UNIX_NEST_SHIFT)
#define IMG_UNIX_NEST(v)	(((v) & IMG_UNIX_NEST_MASK) >> IMG_UNIX_NEST_SHIFT)
/* A socket's: it is a unix one; its filter came (SOCK_FILTER). */
#define IMG_SOCK_UNIX		0x100ULL
#define IMG_SOCK_FILTERED	0x200ULL
#define IMG_PID_THREAD		0x100ULL
#define IMG_PID_CLOSED		0x200ULL
#define IMG_PID_ZOMBIE		0x400ULL
#define IMG_PID_PPID_SHIFT	16
/* Beside a leader's entry: the seccomp filter it shares with its threads (SECCOMP_TSYNC). */
#define IMG_KEY_PID_TSYNC	0x100000000ULL
/* A shared memory object's entry: its kind, and its size in pages above it. */
#define IMG_SHM_SIZE_SHIFT	8

static u64 img_obj_id(const struct vzcpt_img_task *t, enum img_obj o)
{
	switch (o) {
	case IMG_OBJ_MM:
		return t->mm_id;
	case IMG_OBJ_FILES:
		return t->files_id;
	case IMG_OBJ_FS:
		return t->fs_id;
	default:
		return t->sighand_id;
	}
}

static int img_nomem(char *why, size_t whylen)
{
	img_bad(why, whylen, "out of memory for the ids of the image");
	return -ENOMEM;
}

static int img_define(struct img_state *st, u64 id, enum img_kind kind, char *why,
		      size_t whylen)
{
	u64 old;

	if (!id || id > IMG_ID_MAX)
		return img_bad(why, whylen, "the %s has id %llu", img_kind_names[kind],
			       (unsigned long long)id);
	old = st->ids->get(st->ids->priv, id);
	if (old)
		return img_bad(why, whylen, "%s %llu has the id of a %s before it",
			       img_kind_names[kind], (unsigned long long)id,
			       img_kind_names[old & IMG_KIND_MASK]);
	if (st->ids->set(st->ids->priv, id, kind))
		return img_nomem(why, whylen);
	return 0;
}

/* Move the current task on to @stage: the objects of the stages passed must be defined. */
static int img_to_stage(struct img_state *st, enum img_stage stage, char *why, size_t whylen)
{
	unsigned int o;
	int err;

	if (!st->in_task)
		return img_bad(why, whylen, "it comes before any task");
	if (st->task.flags & VZCPT_TASK_ZOMBIE)
		return img_bad(why, whylen, "it follows zombie %d, which has no records",
			       st->task.pid);
	if (stage > IMG_STAGE_SEMUNDO && st->semundo_left)
		return img_bad(why, whylen, "task %d lacks %u of its semaphore undo entries",
			       st->task.pid, st->semundo_left);
	if (stage > IMG_STAGE_SECCOMP && st->seccomp_left)
		return img_bad(why, whylen, "task %d lacks %u of its seccomp filters",
			       st->task.pid, st->seccomp_left);
	for (o = 0; o < IMG_NR_OBJS; o++) {
		if (!(st->pending & (1U << o)) || img_objs[o].stage >= stage)
			continue;
		/* An fd table may have no fd: its records are optional. */
		if (o != IMG_OBJ_FILES)
			return img_bad(why, whylen, "task %d lacks its %s %llu before it",
				       st->task.pid, img_objs[o].name,
				       (unsigned long long)img_obj_id(&st->task, o));
		err = img_define(st, st->task.files_id, IMG_KIND_FILES, why, whylen);
		if (err)
			return err;
		st->pending &= ~(1U << o);
	}
	/* Registers, FPU state and pending signals: each of them, in this order. */
	if (stage < st->stage ||
	    (stage == st->stage && stage != IMG_STAGE_FILES && stage != IMG_STAGE_GHOSTS &&
	     stage != IMG_STAGE_SEMUNDO && stage != IMG_STAGE_SECCOMP) ||
	    (stage > IMG_STAGE_REGS && st->stage != stage - 1))
		return img_bad(why, whylen, "it is out of order among the records of task %d",
			       st->task.pid);
	st->stage = stage;
	return 0;
}

/* A record of the current task itself (id: its pid). */
static int img_task_rec(struct img_state *st, const struct vzcpt_rec *h, enum img_stage stage,
			char *why, size_t whylen)
{
	int err = img_to_stage(st, stage, why, whylen);

	if (!err && h->id != (u64)st->task.pid)
		err = img_bad(why, whylen, "it is for task %llu among the records of task %d",
			      (unsigned long long)h->id, st->task.pid);
	return err;
}

/* The record that defines the current task's object @o. */
static int img_obj_rec(struct img_state *st, const struct vzcpt_rec *h, enum img_obj o,
		       char *why, size_t whylen)
{
	int err = img_to_stage(st, img_objs[o].stage, why, whylen);

	if (err)
		return err;
	if (!(st->pending & (1U << o)) || h->id != img_obj_id(&st->task, o))
		return img_bad(why, whylen, "%s %llu is not one task %d brings",
			       img_objs[o].name, (unsigned long long)h->id, st->task.pid);
	if (o == IMG_OBJ_FILES)
		return 0;	/* defined when its records end */
	st->pending &= ~(1U << o);
	return img_define(st, h->id, img_objs[o].kind, why, whylen);
}

static int img_leave_vma(struct img_state *st, char *why, size_t whylen)
{
	if (st->in_vma && st->vma_pages_left)
		return img_bad(why, whylen, "mapping %llu lacks %llu of its pages",
			       (unsigned long long)st->vma_id,
			       (unsigned long long)st->vma_pages_left);
	st->in_vma = false;
	return 0;
}

static int img_leave_mm(struct img_state *st, char *why, size_t whylen)
{
	int err = img_leave_vma(st, why, whylen);

	if (err || !st->in_mm)
		return err;
	if (st->vmas_left)
		return img_bad(why, whylen, "address space %llu lacks %u of its mappings",
			       (unsigned long long)st->mm_id, st->vmas_left);
	st->in_mm = false;
	return 0;
}

/*
 * Every record of the current task was read: REGS, XSTATE, SIGNALS and
 * TASKX are not optional, nor is a thread group leader's TIMERS.
 */
static int img_task_done(struct img_state *st, char *why, size_t whylen)
{
	if (st->in_task && st->task.flags & VZCPT_TASK_ZOMBIE)
		return 0;
	if (st->in_task && st->semundo_left)
		return img_bad(why, whylen, "task %d lacks %u of its semaphore undo entries",
			       st->task.pid, st->semundo_left);
	if (st->in_task && st->seccomp_left)
		return img_bad(why, whylen, "task %d lacks %u of its seccomp filters",
			       st->task.pid, st->seccomp_left);
	if (st->in_task && st->stage == IMG_STAGE_TASKX &&
	    !(st->task.flags & VZCPT_TASK_THREAD))
		return img_bad(why, whylen, "task %d lacks its timers", st->task.pid);
	if (st->in_task && st->stage < IMG_STAGE_TASKX)
		return img_bad(why, whylen, "task %d lacks its %s", st->task.pid,
			       st->stage < IMG_STAGE_REGS ? "registers" :
			       st->stage < IMG_STAGE_XSTATE ? "FPU state" :
			       st->stage < IMG_STAGE_SIGNALS ? "pending signals" : "task state");
	return 0;
}

/*
 * Tasks come in the order a restore creates them: depth first, each
 * created by a task on the chain from the init to the task before it.
 * The tasks on that chain are the ones not yet closed; a task whose
 * creator is up the chain closes the tasks below the creator.
 */
static int img_link_creator(struct img_state *st, const struct vzcpt_img_task *t,
			    char *why, size_t whylen)
{
	const struct img_ids *ids = st->ids;
	u64 v = ids->get(ids->priv, IMG_KEY_PID | (u32)t->ppid);
	s32 cur = st->task.pid;
	u64 n;

	if ((v & IMG_KIND_MASK) != IMG_KIND_TASK)
		return img_bad(why, whylen, "task %d comes before its creator %d", t->pid,
			       t->ppid);
	if (v & IMG_PID_CLOSED)
		return img_bad(why, whylen,
			       "task %d comes after the tasks of its creator %d were closed",
			       t->pid, t->ppid);
	if (v & IMG_PID_ZOMBIE)
		return img_bad(why, whylen, "task %d is made by zombie %d", t->pid, t->ppid);
	if (t->flags & VZCPT_TASK_THREAD && v & IMG_PID_THREAD)
		return img_bad(why, whylen, "thread %d has a thread as its leader", t->pid);
	for (n = 0; cur != t->ppid; n++) {
		v = ids->get(ids->priv, IMG_KEY_PID | (u32)cur);
		/* Open tasks form one chain: this cannot end before the creator. */
		if (!v || n > st->tasks)
			return img_bad(why, whylen, "the task tree breaks at %d", cur);
		if (ids->set(ids->priv, IMG_KEY_PID | (u32)cur, v | IMG_PID_CLOSED))
			return img_nomem(why, whylen);
		cur = (s32)(v >> IMG_PID_PPID_SHIFT);
	}
	return 0;
}

/*
 * The task's undo list: new, its entries follow (the restore makes them in
 * it); or one a task before it brought, whose entries it shares.
 */
static int img_task_semundo(struct img_state *st, const struct vzcpt_img_task *t, char *why,
			    size_t whylen)
{
	u64 v;

	st->semundo_left = 0;
	st->semundo_last = -1;
	if (!t->sysvsem_id)
		return 0;
	v = st->ids->get(st->ids->priv, t->sysvsem_id);
	if (!v) {
		st->semundo_left = t->nr_semundo;
		return img_define(st, t->sysvsem_id, IMG_KIND_SEMUNDO, why, whylen);
	}
	if ((v & IMG_KIND_MASK) != IMG_KIND_SEMUNDO)
		return img_bad(why, whylen, "the semaphore undo list of task %d is %s %llu", t->pid,
			       img_kind_names[v & IMG_KIND_MASK],
			       (unsigned long long)t->sysvsem_id);
	if (t->nr_semundo)
		return img_bad(why, whylen,
			       "task %d brings %u entries of semaphore undo list %llu, which a task before it brought",
			       t->pid, t->nr_semundo, (unsigned long long)t->sysvsem_id);
	return 0;
}

/*
 * The task's last seccomp filter: one a task before it brought (and its
 * whole chain), or a new one, the last of the filters it brings.
 */
static int img_task_seccomp(struct img_state *st, const struct vzcpt_img_task *t, char *why,
			    size_t whylen)
{
	u64 v;

	st->seccomp_left = 0;
	st->seccomp_last = 0;
	if (!t->seccomp_id)
		return 0;
	v = st->ids->get(st->ids->priv, t->seccomp_id);
	if (!v && !t->nr_seccomp)
		return img_bad(why, whylen,
			       "task %d has seccomp filter %llu, which no record brings", t->pid,
			       (unsigned long long)t->seccomp_id);
	if (v && (v & IMG_KIND_MASK) != IMG_KIND_SECCOMP)
		return img_bad(why, whylen, "the seccomp filter of task %d is %s %llu", t->pid,
			       img_kind_names[v & IMG_KIND_MASK],
			       (unsigned long long)t->seccomp_id);
	if (v && t->nr_seccomp)
		return img_bad(why, whylen,
			       "task %d brings %u seccomp filters above filter %llu, which a task before it brought",
			       t->pid, t->nr_seccomp, (unsigned long long)t->seccomp_id);
	st->seccomp_left = t->nr_seccomp;
	return 0;
}

static int img_feed_task(struct img_state *st, const struct vzcpt_rec *h,
			 const struct vzcpt_img_task *t, char *why, size_t whylen)
{
	const struct img_ids *ids = st->ids;
	unsigned int o;
	u64 id, v;
	int err;

	err = img_task_done(st, why, whylen);
	if (err)
		return err;
	if (h->id != (u64)t->pid)
		return img_bad(why, whylen, "task %d is recorded under id %llu", t->pid,
			       (unsigned long long)h->id);
	if (st->tasks >= st->image.nr_tasks)
		return img_bad(why, whylen, "more tasks than the %u the image header announced",
			       st->image.nr_tasks);
	if (!st->tasks && t->pid != 1)
		return img_bad(why, whylen, "the first task is %d, not the container's init",
			       t->pid);
	if (ids->get(ids->priv, IMG_KEY_PID | (u32)t->pid))
		return img_bad(why, whylen, "task %d comes twice", t->pid);
	if (st->tasks) {
		err = img_link_creator(st, t, why, whylen);
		if (err)
			return err;
	}
	st->pending = 0;
	for (o = 0; o < IMG_NR_OBJS && !(t->flags & VZCPT_TASK_ZOMBIE); o++) {
		id = img_obj_id(t, o);
		v = ids->get(ids->priv, id);
		if (!v)
			st->pending |= 1U << o;
		else if ((v & IMG_KIND_MASK) != img_objs[o].kind)
			return img_bad(why, whylen, "the %s of task %d is %s %llu",
				       img_objs[o].name, t->pid, img_kind_names[v & IMG_KIND_MASK],
				       (unsigned long long)id);
	}
	/* Two new objects of one task under one id: the second could never be defined. */
	for (o = 0; o < IMG_NR_OBJS; o++) {
		unsigned int p;

		for (p = o + 1; p < IMG_NR_OBJS; p++)
			if (st->pending & (1U << o) && st->pending & (1U << p) &&
			    img_obj_id(t, o) == img_obj_id(t, p))
				return img_bad(why, whylen, "task %d gives its %s and %s one id",
					       t->pid, img_objs[o].name, img_objs[p].name);
	}
	err = img_task_semundo(st, t, why, whylen);
	if (!err)
		err = img_task_seccomp(st, t, why, whylen);
	if (err)
		return err;
	/* A thread of a leader that shares its chain has that chain, which the leader installs. */
	v = t->flags & VZCPT_TASK_THREAD ?
	    ids->get(ids->priv, IMG_KEY_PID | IMG_KEY_PID_TSYNC | (u32)t->tgid) : 0;
	if (v && (t->seccomp_mode != IMG_SECCOMP_MODE_FILTER || t->seccomp_id != v))
		return img_bad(why, whylen,
			       "thread %d has not seccomp filter %llu, which its leader shares with it",
			       t->pid, (unsigned long long)v);
	if (t->flags & VZCPT_TASK_SECCOMP_TSYNC &&
	    ids->set(ids->priv, IMG_KEY_PID | IMG_KEY_PID_TSYNC | (u32)t->pid, t->seccomp_id))
		return img_nomem(why, whylen);
	v = IMG_KIND_TASK | ((u64)t->ppid << IMG_PID_PPID_SHIFT);
	if (t->flags & VZCPT_TASK_THREAD)
		v |= IMG_PID_THREAD;
	if (t->flags & VZCPT_TASK_ZOMBIE)
		v |= IMG_PID_ZOMBIE;
	if (ids->set(ids->priv, IMG_KEY_PID | (u32)t->pid, v))
		return img_nomem(why, whylen);
	st->tasks++;
	st->task = *t;
	st->in_task = true;
	st->stage = IMG_STAGE_TASK;
	st->have_fd = false;
	return 0;
}

/*
 * Pre-copied pages, in the id map: which page of which mm a pass sent, one
 * bit per page in 32-page chunks under IMG_KEY_PRECOPY | seq << 30 | page
 * >> 5 (a user page number has 35 bits), and which seqs an image's MM
 * record took, under IMG_KEY_PRECOPY_MM | seq. Both bits 63 and 62: no
 * object id, pid or IPC key has them.
 */
#define IMG_KEY_PRECOPY		0xc000000000000000ULL
#define IMG_KEY_PRECOPY_MM	(IMG_KEY_PRECOPY | 0x2000000000000000ULL)
#define IMG_PRECOPY_CHUNK	32U

static u64 img_precopy_key(u64 seq, u64 page)
{
	return IMG_KEY_PRECOPY | seq << 30 | page / IMG_PRECOPY_CHUNK;
}

static int img_leave_precopy(struct img_state *st, char *why, size_t whylen)
{
	if (st->in_precopy && st->pc_pages_left)
		return img_bad(why, whylen, "pre-copy pass %u of mm %llu lacks %llu of its pages",
			       st->pc_pass, (unsigned long long)st->pc_seq,
			       (unsigned long long)st->pc_pages_left);
	st->in_precopy = false;
	return 0;
}

/*
 * A pass's record for one mm: passes in order from 1, the mms of a pass by
 * ascending seq, each a known one or the next new one.
 */
static int img_feed_precopy(struct img_state *st, const struct vzcpt_rec *h,
			    const struct vzcpt_img_precopy *pc, char *why, size_t whylen)
{
	int err = img_leave_precopy(st, why, whylen);
	bool first = !st->pc_pass;

	if (err)
		return err;
	if (first ? pc->pass != 1 : pc->pass != st->pc_pass && pc->pass != st->pc_pass + 1)
		return img_bad(why, whylen, "pre-copy pass %u follows pass %u", pc->pass,
			       st->pc_pass);
	if (!h->id || h->id > st->pc_max_seq + 1 || h->id >= IMG_PRECOPY_SEQ_MAX)
		return img_bad(why, whylen,
			       "pre-copy pass %u names mm %llu, not a known one or the next",
			       pc->pass, (unsigned long long)h->id);
	if (pc->pass == st->pc_pass && h->id <= st->pc_seq)
		return img_bad(why, whylen, "pre-copy pass %u has mm %llu after mm %llu", pc->pass,
			       (unsigned long long)h->id, (unsigned long long)st->pc_seq);
	if (h->id > st->pc_max_seq)
		st->pc_max_seq = h->id;
	st->pc_pass = pc->pass;
	st->pc_seq = h->id;
	st->pc_next = 0;
	st->pc_pages_left = pc->nr_pages;
	st->in_precopy = true;
	return 0;
}

static int img_feed_precopy_pages(struct img_state *st, const struct vzcpt_rec *h,
				  const struct vzcpt_img_pages *pg, char *why, size_t whylen)
{
	const struct img_ids *ids = st->ids;
	u64 page = pg->start / VZCPT_PAGE_SIZE, end = page + pg->nr, key, v;

	if (h->id != st->pc_seq)
		return img_bad(why, whylen, "pages of mm %llu among the pre-copy of mm %llu",
			       (unsigned long long)h->id, (unsigned long long)st->pc_seq);
	if (pg->start < st->pc_next)
		return img_bad(why, whylen,
			       "pre-copied pages %#llx+%u overlap or precede the ones before",
			       (unsigned long long)pg->start, pg->nr);
	if (pg->nr > st->pc_pages_left)
		return img_bad(why, whylen,
			       "pre-copy pass %u of mm %llu has more pages than it announced",
			       st->pc_pass, (unsigned long long)st->pc_seq);
	st->pc_pages_left -= pg->nr;
	st->pc_next = pg->start + (u64)pg->nr * VZCPT_PAGE_SIZE;
	while (page < end) {
		key = img_precopy_key(st->pc_seq, page);
		v = ids->get(ids->priv, key) | 1;
		do
			v |= 2ULL << (page % IMG_PRECOPY_CHUNK);
		while (++page < end && page % IMG_PRECOPY_CHUNK);
		if (ids->set(ids->priv, key, v))
			return img_nomem(why, whylen);
	}
	return 0;
}

/* The MM record of a pre-copied mm: a seq the passes named, taken by one mm only. */
static int img_precopy_mm(struct img_state *st, u64 seq, char *why, size_t whylen)
{
	const struct img_ids *ids = st->ids;

	st->mm_precopy = seq;
	if (!seq)
		return 0;
	if (seq > st->pc_max_seq)
		return img_bad(why, whylen,
			       "address space %llu is pre-copied mm %llu, which no pass sent",
			       (unsigned long long)st->mm_id, (unsigned long long)seq);
	if (ids->get(ids->priv, IMG_KEY_PRECOPY_MM | seq))
		return img_bad(why, whylen, "pre-copied mm %llu is named by two address spaces",
			       (unsigned long long)seq);
	if (ids->set(ids->priv, IMG_KEY_PRECOPY_MM | seq, 1))
		return img_nomem(why, whylen);
	return 0;
}

/* Pages of a mapping taken from the passes: as PAGES would be, and each one sent. */
static int img_feed_pages_ref(struct img_state *st, const struct vzcpt_rec *h,
			      const struct vzcpt_img_pages_ref *r, char *why, size_t whylen)
{
	const struct img_ids *ids = st->ids;
	u64 page = r->start / VZCPT_PAGE_SIZE, end = page + r->nr, v = 0;
	u64 bytes = (u64)r->nr * VZCPT_PAGE_SIZE;

	if (!st->in_vma || h->id != st->vma_id)
		return img_bad(why, whylen, "the pages are not for the mapping before them");
	if (!st->vma_private || !st->mm_precopy)
		return img_bad(why, whylen, "mapping %llu cannot take pre-copied pages",
			       (unsigned long long)st->vma_id);
	if (r->start < st->vma_next || r->start >= st->vma_end || bytes > st->vma_end - r->start)
		return img_bad(why, whylen,
			       "pages %#llx+%u are outside their mapping or out of order",
			       (unsigned long long)r->start, r->nr);
	if (r->nr > st->vma_pages_left)
		return img_bad(why, whylen, "mapping %llu has more pages than it announced",
			       (unsigned long long)st->vma_id);
	for (; page < end; page++) {
		if (page == r->start / VZCPT_PAGE_SIZE || !(page % IMG_PRECOPY_CHUNK))
			v = ids->get(ids->priv, img_precopy_key(st->mm_precopy, page));
		if (!(v & 2ULL << (page % IMG_PRECOPY_CHUNK)))
			return img_bad(why, whylen,
				       "page %#llx of pre-copied mm %llu was never sent",
				       (unsigned long long)(page * VZCPT_PAGE_SIZE),
				       (unsigned long long)st->mm_precopy);
	}
	st->vma_pages_left -= r->nr;
	st->vma_next = r->start + bytes;
	return 0;
}

static int img_feed_mm(struct img_state *st, const struct vzcpt_rec *h,
		       const struct vzcpt_img_mm *m, char *why, size_t whylen)
{
	u64 rlim = st->in_task ? st->task.rlim_cur[IMG_RLIMIT_DATA] : 0;
	int err = img_obj_rec(st, h, IMG_OBJ_MM, why, whylen);

	if (err)
		return err;
	/* check_data_rlimit(), as prctl(PR_SET_MM_MAP) applies it. */
	if (rlim != IMG_RLIM_INFINITY &&
	    (m->brk - m->start_brk) + (m->end_data - m->start_data) > rlim)
		return img_bad(why, whylen, "task %d has more data than its RLIMIT_DATA %llu",
			       st->task.pid, (unsigned long long)rlim);
	st->in_mm = true;
	st->mm_id = h->id;
	st->vmas_left = m->nr_vmas;
	st->vma_floor = 0;
	return img_precopy_mm(st, m->precopy, why, whylen);
}

/* SysV objects' entries in the id map (img_feed_ipc()). */
#define IMG_KEY_IPC		0x4000000000000000ULL
#define IMG_KEY_IPC_KEY		0x100000000ULL
#define IMG_KEY_IPC_KIND_SHIFT	40
/* A segment's mappings still to come, beside its id's entry (its size above IMG_SHM_SIZE_SHIFT). */
#define IMG_KEY_IPC_ATT		0x200000000ULL
#define IMG_IPC_SEM		1U
#define IMG_IPC_SHM		3U

/* A segment's entry: its size, and the mappings of it still to come. */
static int img_ipc_shm_set(struct img_state *st, const struct vzcpt_img_shm *sh)
{
	u64 base = IMG_KEY_IPC | (u64)IMG_IPC_SHM << IMG_KEY_IPC_KIND_SHIFT | (u32)sh->perm.id;

	return st->ids->set(st->ids->priv, base, IMG_KIND_IPC | sh->size << IMG_SHM_SIZE_SHIFT) ?:
	       st->ids->set(st->ids->priv, base | IMG_KEY_IPC_ATT,
			    IMG_KIND_IPC | (u64)sh->nattch << IMG_SHM_SIZE_SHIFT);
}

/* A mapping of segment @v->shm_id: one the segment counts, of its size. */
static int img_feed_sysv(struct img_state *st, const struct vzcpt_img_vma *v, char *why,
			 size_t whylen)
{
	u64 base = IMG_KEY_IPC | (u64)IMG_IPC_SHM << IMG_KEY_IPC_KIND_SHIFT | (u32)v->shm_id;
	u64 seg = st->ids->get(st->ids->priv, base);
	u64 att = st->ids->get(st->ids->priv, base | IMG_KEY_IPC_ATT);

	if (!seg || !att)
		return img_bad(why, whylen, "mapping %#llx-%#llx names no segment (%llu) of the CT",
			       (unsigned long long)v->start, (unsigned long long)v->end,
			       (unsigned long long)v->shm_id);
	if (seg >> IMG_SHM_SIZE_SHIFT != v->shm_size)
		return img_bad(why, whylen, "mapping %#llx-%#llx gives segment %llu another size",
			       (unsigned long long)v->start, (unsigned long long)v->end,
			       (unsigned long long)v->shm_id);
	if (!(att >> IMG_SHM_SIZE_SHIFT))
		return img_bad(why, whylen, "segment %llu has more mappings than it counts",
			       (unsigned long long)v->shm_id);
	if (st->ids->set(st->ids->priv, base | IMG_KEY_IPC_ATT, att - (1ULL << IMG_SHM_SIZE_SHIFT)))
		return img_nomem(why, whylen);
	st->shm_att_left--;
	return 0;
}

/*
 * Every mapping of one shared memory object gives it the same size (kept in
 * the id map beside its kind), and its pages are only those inside it: the
 * mapping's pages end where the object does.
 */
static int img_feed_shm(struct img_state *st, const struct vzcpt_img_vma *v, char *why,
			size_t whylen)
{
	u64 pages = v->shm_size / VZCPT_PAGE_SIZE, old;
	u64 val = IMG_KIND_SHM | pages << IMG_SHM_SIZE_SHIFT;

	if (v->shm_id > IMG_ID_MAX)
		return img_bad(why, whylen, "the shared memory object has id %llu",
			       (unsigned long long)v->shm_id);
	old = st->ids->get(st->ids->priv, v->shm_id);
	if (!old) {
		if (st->ids->set(st->ids->priv, v->shm_id, val))
			return img_nomem(why, whylen);
	} else if ((old & IMG_KIND_MASK) != IMG_KIND_SHM) {
		return img_bad(why, whylen, "shared memory %llu has the id of a %s",
			       (unsigned long long)v->shm_id,
			       img_kind_names[old & IMG_KIND_MASK]);
	} else if (old != val) {
		return img_bad(why, whylen, "shared memory %llu has two sizes",
			       (unsigned long long)v->shm_id);
	}
	if (v->pgoff >= pages)
		st->vma_end = v->start;
	else if (pages - v->pgoff < (v->end - v->start) / VZCPT_PAGE_SIZE)
		st->vma_end = v->start + (pages - v->pgoff) * VZCPT_PAGE_SIZE;
	return 0;
}

static int img_feed_vma(struct img_state *st, const struct vzcpt_rec *h,
			const struct vzcpt_img_vma *v, char *why, size_t whylen)
{
	int err = img_leave_vma(st, why, whylen);

	if (err)
		return err;
	if (!st->in_mm || !st->vmas_left)
		return img_bad(why, whylen, "it is not one of an address space's mappings");
	if (v->mm_id != st->mm_id)
		return img_bad(why, whylen,
			       "it names address space %llu among the mappings of %llu",
			       (unsigned long long)v->mm_id, (unsigned long long)st->mm_id);
	if (v->start < st->vma_floor)
		return img_bad(why, whylen,
			       "mapping %#llx-%#llx overlaps or precedes the one before",
			       (unsigned long long)v->start, (unsigned long long)v->end);
	err = img_define(st, h->id, IMG_KIND_VMA, why, whylen);
	if (err)
		return err;
	st->vmas_left--;
	st->vma_floor = v->end;
	st->in_vma = true;
	/*
	 * Only private memory of its own, or shared anonymous memory, has
	 * contents: a shared file's are the file's.
	 */
	st->vma_pages = ((v->kind == VZCPT_VMA_ANON || v->kind == VZCPT_VMA_FILE ||
			  v->kind == VZCPT_VMA_GHOST) &&
			 (v->flags & IMG_MAP_PRIVATE)) || v->kind == VZCPT_VMA_SHMEM;
	st->vma_private = st->vma_pages && v->kind != VZCPT_VMA_SHMEM;
	st->vma_id = h->id;
	st->vma_next = v->start;
	st->vma_end = v->end;
	st->vma_pages_left = v->nr_pages;
	if (v->kind == VZCPT_VMA_GHOST &&
	    (st->ids->get(st->ids->priv, v->shm_id) & IMG_KIND_MASK) != IMG_KIND_GHOST)
		return img_bad(why, whylen,
			       "mapping %#llx-%#llx maps deleted file %llu, which is none",
			       (unsigned long long)v->start, (unsigned long long)v->end,
			       (unsigned long long)v->shm_id);
	if (v->kind == VZCPT_VMA_SYSV)
		return img_feed_sysv(st, v, why, whylen);
	return v->kind == VZCPT_VMA_SHMEM ? img_feed_shm(st, v, why, whylen) : 0;
}

static int img_feed_pages(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_pages *pg, char *why, size_t whylen)
{
	u64 bytes = (u64)pg->nr * VZCPT_PAGE_SIZE;

	if (!st->in_vma || h->id != st->vma_id)
		return img_bad(why, whylen, "the pages are not for the mapping before them");
	if (!st->vma_pages)
		return img_bad(why, whylen, "mapping %llu cannot carry pages",
			       (unsigned long long)st->vma_id);
	if (pg->start < st->vma_next || pg->start >= st->vma_end ||
	    bytes > st->vma_end - pg->start)
		return img_bad(why, whylen,
			       "pages %#llx+%u are outside their mapping or out of order",
			       (unsigned long long)pg->start, pg->nr);
	if (pg->nr > st->vma_pages_left)
		return img_bad(why, whylen, "mapping %llu has more pages than it announced",
			       (unsigned long long)st->vma_id);
	st->vma_pages_left -= pg->nr;
	st->vma_next = pg->start + bytes;
	return 0;
}

int img_define_sock(struct img_state *st, u64 id, char *why, size_t whylen)
{
	return img_define(st, id, IMG_KIND_SOCK, why, whylen);
}

/* The object each anonymous inode file kind names, and the mark of one claimed. */
static enum img_kind img_evfd_kind(u32 file_kind)
{
	switch (file_kind) {
	case VZCPT_FILE_EVENTFD:
		return IMG_KIND_EVENTFD;
	case VZCPT_FILE_SIGNALFD:
		return IMG_KIND_SIGNALFD;
	case VZCPT_FILE_TIMERFD:
		return IMG_KIND_TIMERFD;
	case VZCPT_FILE_EPOLL:
		return IMG_KIND_EPOLL;
	case VZCPT_FILE_INOTIFY:
		return IMG_KIND_INOTIFY;
	default:
		return IMG_KIND_NONE;
	}
}

#define IMG_EVFD_CLAIMED	0x100ULL

/* A FILE of an eventfd, signalfd, timerfd or epoll: the one file of an object of its kind. */
static int img_claim_evfd(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_file *f, char *why, size_t whylen)
{
	enum img_kind kind = img_evfd_kind(f->kind);
	u64 old = st->ids->get(st->ids->priv, f->pipe_id);

	if ((old & IMG_KIND_MASK) != kind || (old & IMG_EVFD_CLAIMED))
		return img_bad(why, whylen,
			       "file %llu is the %s %llu, which is none or another file's",
			       (unsigned long long)h->id, img_kind_names[kind],
			       (unsigned long long)f->pipe_id);
	if (st->ids->set(st->ids->priv, f->pipe_id, kind | IMG_EVFD_CLAIMED))
		return img_nomem(why, whylen);
	return 0;
}

/* A pty end: of a PTY record before it; a master, the one of its pair. */
static int img_claim_pty(struct img_state *st, const struct vzcpt_rec *h,
			 const struct vzcpt_img_file *f, char *why, size_t whylen)
{
	u64 old = st->ids->get(st->ids->priv, f->pipe_id);

	if ((old & IMG_KIND_MASK) != IMG_KIND_PTY)
		return img_bad(why, whylen, "file %llu is an end of pty %llu, which is none",
			       (unsigned long long)h->id, (unsigned long long)f->pipe_id);
	if (f->kind != VZCPT_FILE_PTMX)
		return 0;
	if (old & IMG_EVFD_CLAIMED)
		return img_bad(why, whylen, "file %llu is the master of pty %llu, which has one",
			       (unsigned long long)h->id, (unsigned long long)f->pipe_id);
	if (st->ids->set(st->ids->priv, f->pipe_id, IMG_KIND_PTY | IMG_EVFD_CLAIMED))
		return img_nomem(why, whylen);
	return 0;
}

/* An epoll's targets: files of the image, each made before it. */
static int img_feed_epoll(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_epoll *e, char *why, size_t whylen)
{
	const struct vzcpt_img_epoll_tfd *t = (const void *)(e + 1);
	u32 i;

	for (i = 0; i < e->nr; i++)
		if ((st->ids->get(st->ids->priv, t[i].file_id) & IMG_KIND_MASK) != IMG_KIND_FILE)
			return img_bad(why, whylen,
				       "epoll %llu watches file %llu, which is none yet",
				       (unsigned long long)h->id,
				       (unsigned long long)t[i].file_id);
	return img_define(st, h->id, IMG_KIND_EPOLL, why, whylen);
}

/*
 * The socket @other that unix socket @id is connected to one way, or the
 * sender of a message: a socket of a record before it, restored first.
 */
static int img_unix_before(struct img_state *st, u64 id, u64 other, char *why, size_t whylen)
{
	u64 v = other == id ? 0 : st->ids->get(st->ids->priv, other) & IMG_KIND_MASK;

	if (v != IMG_KIND_SOCK && v != IMG_KIND_SOCK_FILE)
		return img_bad(why, whylen,
			       "unix socket %llu names socket %llu, which is itself or comes after it",
			       (unsigned long long)id, (unsigned long long)other);
	return 0;
}

/*
 * The files a unix socket's messages carry in flight: FILE records before
 * it (the restore sends them again with its queue), so no socket's queue
 * holds its own file or its pair's, nor one of a socket whose queue holds
 * it in turn (a cycle a dump refuses). How deep sockets in flight hold
 * files in flight in turn is bounded (VZCPT_UNIX_MAX_NEST): a socket's
 * depth is one more than the deepest socket whose file its queue holds
 * (0 with no file in flight), kept with its id and its file's; and so is
 * how many files the image has in flight (the kernel's bound on those of
 * one user is RLIMIT_NOFILE, at most nr_open).
 */
/*
 * A socket's own file in flight (VZCPT_UNIX_FD_SOCK): that of socket @id
 * itself or of its pair's other socket, neither closed (a closed one has
 * no file), in a queue a restore fills from the pair or the socket alone
 * (not a client's not accepted yet). @owns_peer: it is the other's.
 */
static int img_unix_own_fd(struct img_state *st, u64 id, const struct vzcpt_img_unix *u,
			   u64 fd, bool *owns_peer, char *why, size_t whylen)
{
	u64 sid = fd & ~VZCPT_UNIX_FD_SOCK;
	bool second = st->unix_wait && st->unix_wait == id;

	if ((u->state != VZCPT_UNIX_PAIR && u->state != VZCPT_UNIX_UNCONNECTED &&
	     u->state != VZCPT_UNIX_CONNECTED) || (u->flags & VZCPT_UNIX_CLOSED) ||
	    (sid != id && (u->state != VZCPT_UNIX_PAIR || sid != u->peer_id)) ||
	    (sid != id && second && (st->unix_first_flags & VZCPT_UNIX_CLOSED)))
		return img_bad(why, whylen,
			       "unix socket %llu has in flight the own file of socket %llu, which is neither it nor its pair's other one, or is closed",
			       (unsigned long long)id, (unsigned long long)sid);
	if (sid != id)
		*owns_peer = true;
	return 0;
}

static int img_unix_fds(struct img_state *st, u64 id, enum img_kind kind,
			const struct vzcpt_img_unix *u, const struct vzcpt_img_unix_msg *m,
			bool *owns_peer, char *why, size_t whylen)
{
	const u64 *fds = (const u64 *)(m + u->nr_msgs);
	u64 v, depth = 0;
	int err;
	u32 i;

	*owns_peer = false;
	st->unix_fds += u->nr_fds;
	if (st->unix_fds > IMG_NR_OPEN)
		return img_bad(why, whylen, "the image has more than %u files in flight",
			       IMG_NR_OPEN);
	for (i = 0; i < u->nr_fds; i++) {
		if (fds[i] & VZCPT_UNIX_FD_SOCK) {
			err = img_unix_own_fd(st, id, u, fds[i], owns_peer, why, whylen);
			if (err)
				return err;
			continue;
		}
		v = st->ids->get(st->ids->priv, fds[i]);
		if ((v & IMG_KIND_MASK) != IMG_KIND_FILE)
			return img_bad(why, whylen,
				       "unix socket %llu has file %llu in flight, which is none yet",
				       (unsigned long long)id, (unsigned long long)fds[i]);
		if (IMG_UNIX_NEST(v) + 1 > depth)
			depth = IMG_UNIX_NEST(v) + 1;
	}
	if (depth > VZCPT_UNIX_MAX_NEST)
		return img_bad(why, whylen,
			       "unix socket %llu holds sockets in flight %llu deep, more than %u",
			       (unsigned long long)id, (unsigned long long)depth,
			       VZCPT_UNIX_MAX_NEST);
	if (st->ids->set(st->ids->priv, id, kind | IMG_SOCK_UNIX | depth << IMG_UNIX_NEST_SHIFT))
		return img_nomem(why, whylen);
	return 0;
}

/*
 * A unix socket, once. A pair's sockets come one right after the other,
 * each naming the other: the restore makes both at once; at most one of
 * them is the side accept() gave. The clients a listener has not accepted
 * yet come right after it, each naming it, of its type: the restore
 * connects them to it in that order. A closed socket has no file (its
 * kind says it has one already, so that none claims it). At most one of
 * a pair is closed; its survivor, a stream or seqpacket one, has both
 * shutdowns, as the close set them; a datagram survivor without
 * SO_PEERCRED is one of a closed socket.
 */
static int img_feed_unix(struct img_state *st, const struct vzcpt_rec *h,
			 const struct vzcpt_img_unix *u, char *why, size_t whylen)
{
	const struct vzcpt_img_unix_msg *m = (const void *)((const char *)(u + 1) +
						      ((u->name_len + 7) & ~7U));
	u64 listen = st->unix_listen;
	bool closed = u->flags & VZCPT_UNIX_CLOSED;
	bool nocred = !closed && u->state == VZCPT_UNIX_PAIR && u->peer_uid == IMG_NO_ID;
	enum img_kind kind = closed ? IMG_KIND_SOCK_FILE : IMG_KIND_SOCK;
	int err = img_define(st, h->id, kind, why, whylen);
	bool owns_peer;
	u32 i, shut;

	if (err)
		return err;
	err = img_unix_fds(st, h->id, kind, u, m, &owns_peer, why, whylen);
	if (err)
		return err;
	st->unix_listen = 0;
	if (u->state == VZCPT_UNIX_LISTEN) {
		st->unix_listen = h->id;
		st->unix_listen_type = u->type;
	}
	if (u->state == VZCPT_UNIX_QUEUED) {
		if (!listen || u->peer_id != listen || u->type != st->unix_listen_type)
			return img_bad(why, whylen,
				       "unix socket %llu of type %u waits on listener %llu, which is not the one right before it",
				       (unsigned long long)h->id, u->type,
				       (unsigned long long)u->peer_id);
		st->unix_listen = listen;
		return 0;
	}
	for (i = 0; i < u->nr_msgs; i++) {
		/* A bound socket's message to itself: the restore sends it from itself. */
		if (m[i].sender_id == h->id && u->name_len &&
		    !(u->flags & (VZCPT_UNIX_ACCEPTED | VZCPT_UNIX_CLOSED)))
			continue;
		if (m[i].sender_id && m[i].name_len) {
			err = img_unix_before(st, h->id, m[i].sender_id, why, whylen);
			if (err)
				return err;
		}
	}
	if (st->unix_wait) {
		if (h->id != st->unix_wait || u->state != VZCPT_UNIX_PAIR ||
		    u->peer_id != st->unix_first)
			return img_bad(why, whylen,
				       "unix socket %llu (of peer %llu) is not the peer %llu of socket %llu",
				       (unsigned long long)h->id, (unsigned long long)u->peer_id,
				       (unsigned long long)st->unix_wait,
				       (unsigned long long)st->unix_first);
		st->unix_wait = 0;
		if (st->unix_first_owns_peer && closed)
			return img_bad(why, whylen,
				       "unix socket %llu is closed, yet its own file is in flight in the queue of %llu",
				       (unsigned long long)h->id,
				       (unsigned long long)st->unix_first);
		if (st->unix_first_flags & u->flags & (VZCPT_UNIX_ACCEPTED | VZCPT_UNIX_CLOSED))
			return img_bad(why, whylen,
				       "unix sockets %llu and %llu are both the side accept() gave, or both closed",
				       (unsigned long long)st->unix_first,
				       (unsigned long long)h->id);
		shut = closed ? st->unix_first_shut : u->shutdown;
		if (((st->unix_first_flags | u->flags) & VZCPT_UNIX_CLOSED) && u->type != 2 &&
		    shut != (VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND))
			return img_bad(why, whylen,
				       "unix socket %llu or %llu, whose peer was closed, has shutdown %#x",
				       (unsigned long long)st->unix_first,
				       (unsigned long long)h->id, shut);
		if ((st->unix_first_nocred && !closed) ||
		    (nocred && !(st->unix_first_flags & VZCPT_UNIX_CLOSED)))
			return img_bad(why, whylen,
				       "unix socket %llu or %llu has no SO_PEERCRED but a live peer",
				       (unsigned long long)st->unix_first,
				       (unsigned long long)h->id);
		return 0;
	}
	if (u->state == VZCPT_UNIX_CONNECTED)
		return img_unix_before(st, h->id, u->peer_id, why, whylen);
	if (u->state != VZCPT_UNIX_PAIR)
		return 0;
	if (u->peer_id == h->id || st->ids->get(st->ids->priv, u->peer_id))
		return img_bad(why, whylen,
			       "unix socket %llu names peer %llu, which is itself or came before",
			       (unsigned long long)h->id, (unsigned long long)u->peer_id);
	st->unix_first = h->id;
	st->unix_wait = u->peer_id;
	st->unix_first_flags = u->flags;
	st->unix_first_shut = u->shutdown;
	st->unix_first_nocred = nocred;
	st->unix_first_owns_peer = owns_peer;
	return 0;
}

/*
 * A family's socket record: part of a new fd table, which its FILE record
 * follows; its filter's may come between.
 */
static int img_feed_sock(struct img_state *st, const struct vzcpt_rec *h, char *why,
			 size_t whylen)
{
	int err = img_to_stage(st, IMG_STAGE_FILES, why, whylen);

	if (err)
		return err;
	if (!(st->pending & (1U << IMG_OBJ_FILES)))
		return img_bad(why, whylen, "task %d brings no fd table of its own", st->task.pid);
	err = img_define_sock(st, h->id, why, whylen);
	if (!err)
		st->sock_last = h->id;
	return err;
}

/*
 * A socket's filter, once: right after its record (and a connection's
 * queues); a unix socket's after its pair's or listener's group (which no
 * other record splits), in an fd table's records, while it has no file yet:
 * the restore attaches it to the socket it keeps until then.
 */
static int img_feed_sock_filter(struct img_state *st, const struct vzcpt_rec *h, char *why,
				size_t whylen)
{
	u64 v;
	int err;

	st->mcast_sock = 0;
	if (st->unix_wait)
		return img_bad(why, whylen,
			       "a socket filter record where the peer %llu of unix socket %llu was due",
			       (unsigned long long)st->unix_wait,
			       (unsigned long long)st->unix_first);
	if (h->id && h->id == st->sock_last) {
		st->sock_last = 0;
		return 0;
	}
	v = h->id ? st->ids->get(st->ids->priv, h->id) : 0;
	if ((v & IMG_KIND_MASK) != IMG_KIND_SOCK || !(v & IMG_SOCK_UNIX) ||
	    (v & IMG_SOCK_FILTERED))
		return img_bad(why, whylen,
			       "a filter for socket %llu, not right after its record, nor of a unix socket with no file or filter yet",
			       (unsigned long long)h->id);
	err = img_to_stage(st, IMG_STAGE_FILES, why, whylen);
	if (err)
		return err;
	if (!(st->pending & (1U << IMG_OBJ_FILES)))
		return img_bad(why, whylen, "task %d brings no fd table of its own", st->task.pid);
	if (st->ids->set(st->ids->priv, h->id, v | IMG_SOCK_FILTERED))
		return img_nomem(why, whylen);
	return 0;
}

/* More connections than this not accepted yet is no listener's queue (SOMAXCONN is 4096). */
#define IMG_ACCEPTQ_MAX		65536U

/*
 * A connection not accepted yet: after its listener's record, or the one
 * before it, on the listener's port and address (any, if it listens on
 * any).
 */
static int img_feed_acceptq(struct img_state *st, const struct vzcpt_rec *h,
			    const struct vzcpt_img_inet *r, char *why, size_t whylen)
{
	u32 alen = r->family == IMG_AF_INET6 ? 16 : 4;

	if (!st->tcp_listen)
		return img_bad(why, whylen,
			       "TCP connection %llu, not accepted yet, follows no listener",
			       (unsigned long long)h->id);
	if (r->family != st->tcp_listen_family || r->sport != st->tcp_listen_port ||
	    (!img_zero(st->tcp_listen_addr, alen) &&
	     memcmp(r->saddr, st->tcp_listen_addr, alen)))
		return img_bad(why, whylen,
			       "TCP connection %llu is not on the address and port of listener %llu",
			       (unsigned long long)h->id, (unsigned long long)st->tcp_listen);
	if (st->tcp_acceptq >= IMG_ACCEPTQ_MAX || st->tcp_synq)
		return img_bad(why, whylen,
			       "listener %llu has more than %u connections queued, or one after its requests",
			       (unsigned long long)st->tcp_listen, IMG_ACCEPTQ_MAX);
	st->tcp_acceptq++;
	return 0;
}

/*
 * A request in its handshake: after its listener's record, or its
 * connections not accepted yet, or another request; to the listener's
 * address (any, if it listens on any), of its family, or IPv4 to an IPv6
 * listener that takes both (on the IPv4-mapped address it is bound to).
 */
static int img_feed_tcp_req(struct img_state *st, const struct vzcpt_rec *h, const void *p,
			    char *why, size_t whylen)
{
	static const u8 mapped[12] = { [10] = 0xff, [11] = 0xff };
	const struct vzcpt_img_tcp_req *q = p;
	const u8 *want = st->tcp_listen_addr;
	bool v4in6 = q->family == IMG_AF_INET && st->tcp_listen_family == IMG_AF_INET6;

	st->sock_last = 0;
	if (!st->tcp_listen || h->id != st->tcp_listen)
		return img_bad(why, whylen,
			       "a TCP connection being opened on listener %llu follows no such listener",
			       (unsigned long long)h->id);
	if (v4in6 && !img_zero(want, 16)) {
		if (memcmp(want, mapped, sizeof(mapped)))
			return img_bad(why, whylen,
				       "an IPv4 connection being opened on IPv6 listener %llu, bound to an IPv6 address",
				       (unsigned long long)h->id);
		want += sizeof(mapped);
	}
	if ((q->family != st->tcp_listen_family && (!v4in6 || st->tcp_listen_v6only)) ||
	    (!img_zero(st->tcp_listen_addr, 16) &&
	     memcmp(q->loc_addr, want, q->family == IMG_AF_INET6 ? 16 : 4)))
		return img_bad(why, whylen,
			       "a TCP connection being opened is not of the family or address of listener %llu",
			       (unsigned long long)h->id);
	if (st->tcp_synq >= IMG_ACCEPTQ_MAX)
		return img_bad(why, whylen,
			       "listener %llu has more than %u connections being opened",
			       (unsigned long long)h->id, IMG_ACCEPTQ_MAX);
	st->tcp_synq++;
	return 0;
}

/*
 * The end of a listener's connections not accepted yet: with any, at its
 * FILE record, when the restore queues them to it.
 */
static int img_leave_acceptq(struct img_state *st, u16 type, const void *p, char *why,
			     size_t whylen)
{
	const struct vzcpt_img_file *f = p;

	if (type == VZCPT_REC_INET &&
	    ((const struct vzcpt_img_inet *)p)->state == VZCPT_INET_ACCEPTQ)
		return 0;
	if ((st->tcp_acceptq || st->tcp_synq) &&
	    (type != VZCPT_REC_FILE || f->kind != VZCPT_FILE_SOCKET ||
	     f->pipe_id != st->tcp_listen))
		return img_bad(why, whylen,
			       "a %s record where the file of TCP listener %llu, with %u connections not accepted yet and %u being opened, was due",
			       img_rec_name(type), (unsigned long long)st->tcp_listen,
			       st->tcp_acceptq, st->tcp_synq);
	st->tcp_listen = 0;
	st->tcp_acceptq = 0;
	st->tcp_synq = 0;
	return 0;
}

/*
 * A datagram or raw socket's multicast state, once, right after its record
 * (before its filter's), fit for its family: an IPv4 socket has no IPv6
 * state; a raw IPv6 one sets nothing at the IPv4 level (ipv6_setsockopt()),
 * so its IPv4 state is a new socket's.
 */
static int img_feed_mcast(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_mcast *r, char *why, size_t whylen)
{
	const struct vzcpt_img_mcast_group *g = (const struct vzcpt_img_mcast_group *)(r + 1);
	bool v6 = st->mcast_family == IMG_AF_INET6;

	if (!h->id || h->id != st->mcast_sock)
		return img_bad(why, whylen,
			       "a multicast state for socket %llu, not right after the record of a datagram or raw socket",
			       (unsigned long long)h->id);
	st->mcast_sock = 0;
	if (!v6 && (r->hops || r->if6_dev[0] ||
		    (r->flags & (VZCPT_MCAST_LOOP6 | VZCPT_MCAST_ALL6)) ||
		    (r->nr_groups && g[r->nr_groups - 1].family == IMG_AF_INET6)))
		return img_bad(why, whylen, "an IPv4 socket has IPv6 multicast state");
	if (v6 && st->mcast_raw &&
	    (r->ttl != 1 || !(r->flags & VZCPT_MCAST_LOOP4) || (r->flags & VZCPT_MCAST_ALL4) ||
	     r->if4_dev[0] || (r->nr_groups && g[0].family == IMG_AF_INET)))
		return img_bad(why, whylen, "a raw IPv6 socket has IPv4 multicast state");
	return 0;
}

/* Right after a TCP socket's INET record (and its queues' bytes), fit for its state. */
static int img_feed_tcp_opts(struct img_state *st, const struct vzcpt_rec *h,
			     const struct vzcpt_img_tcp_opts *t, char *why, size_t whylen)
{
	u64 id = st->tcpopt_sock;

	st->tcpopt_sock = 0;
	if (!h->id || h->id != id)
		return img_bad(why, whylen,
			       "TCP options for socket %llu, not right after the record of a TCP socket that keeps them",
			       (unsigned long long)h->id);
	if (t->window_clamp && !img_tcp_clamp_own(st->tcpopt_state))
		return img_bad(why, whylen,
			       "a window clamp of its own for TCP socket %llu in state %u",
			       (unsigned long long)id, st->tcpopt_state);
	return 0;
}

/*
 * A listener's record, and those of the connections it has not accepted
 * yet; an established connection's, whose queues' bytes are due next.
 */
static int img_feed_inet(struct img_state *st, const struct vzcpt_rec *h,
			 const struct vzcpt_img_inet *r, char *why, size_t whylen)
{
	struct vzcpt_img_tcp t;
	int err = img_feed_sock(st, h, why, whylen);

	if (!err && r->type != IMG_SOCK_STREAM) {
		st->mcast_sock = h->id;
		st->mcast_family = r->family;
		st->mcast_raw = r->type == IMG_SOCK_RAW;
	}
	if (!err && r->type == IMG_SOCK_STREAM && img_tcp_opts_ok(r->state)) {
		st->tcpopt_sock = h->id;
		st->tcpopt_state = r->state;
	}
	if (!err && r->state == VZCPT_INET_LISTEN) {
		st->tcp_listen = h->id;
		st->tcp_listen_family = r->family;
		st->tcp_listen_port = r->sport;
		memcpy(st->tcp_listen_addr, r->saddr, sizeof(st->tcp_listen_addr));
		st->tcp_listen_v6only = r->flags & VZCPT_INET_V6ONLY;
	}
	if (!err && r->state == VZCPT_INET_ACCEPTQ)
		err = img_feed_acceptq(st, h, r, why, whylen);
	/*
	 * Held by its listener, or closed by its task (the restore closes it
	 * once it is whole): marked as a socket with its file, which no FILE
	 * record may name.
	 */
	if (!err && (r->state == VZCPT_INET_ACCEPTQ || r->state == VZCPT_INET_ORPHAN) &&
	    st->ids->set(st->ids->priv, h->id, IMG_KIND_SOCK_FILE))
		err = img_nomem(why, whylen);
	if (err || !img_inet_tcp_conn(r->state))
		return err;
	memcpy(&t, r + 1, sizeof(t));
	st->tcpq_id = h->id;
	st->tcpq_snd = t.snd_len - t.snd_unsent;
	st->tcpq_rcv = t.rcv_len;
	st->tcpq_unsent = t.snd_unsent;
	return 0;
}

static const char *img_tcpq_name(u32 queue)
{
	return queue == VZCPT_TCPQ_SEND ? "send" : queue == VZCPT_TCPQ_RECV ? "receive" :
	       "unsent";
}

/*
 * The send queue's bytes that were sent, then the receive queue's, then the
 * send queue's not sent yet, as many as the connection announced.
 */
static int img_feed_tcp_queue(struct img_state *st, const struct vzcpt_rec *h,
			      const struct vzcpt_img_tcp_queue *q, char *why, size_t whylen)
{
	u32 *left = q->queue == VZCPT_TCPQ_SEND ? &st->tcpq_snd :
		    q->queue == VZCPT_TCPQ_RECV ? &st->tcpq_rcv : &st->tcpq_unsent;

	if (!st->tcpq_snd && !st->tcpq_rcv && !st->tcpq_unsent)
		return img_bad(why, whylen, "TCP queue bytes that no connection before them lacks");
	if (h->id != st->tcpq_id)
		return img_bad(why, whylen, "TCP queue bytes of socket %llu follow socket %llu",
			       (unsigned long long)h->id, (unsigned long long)st->tcpq_id);
	if ((q->queue != VZCPT_TCPQ_SEND && st->tcpq_snd) ||
	    (q->queue == VZCPT_TCPQ_UNSENT && st->tcpq_rcv))
		return img_bad(why, whylen,
			       "the %s queue's bytes come before the bytes sent and received end",
			       img_tcpq_name(q->queue));
	if (q->len > *left)
		return img_bad(why, whylen, "%u bytes more of a TCP %s queue that lacks only %u",
			       q->len, img_tcpq_name(q->queue), *left);
	*left -= q->len;
	return 0;
}

/* A lock of the fd table being restored, on a file of the image. */
static int img_feed_lock(struct img_state *st, const struct vzcpt_rec *h,
			 const struct vzcpt_img_lock *l, char *why, size_t whylen)
{
	if (h->id != st->task.files_id)
		return img_bad(why, whylen, "a lock of table %llu is among the records of %llu",
			       (unsigned long long)h->id, (unsigned long long)st->task.files_id);
	if ((st->ids->get(st->ids->priv, l->file_id) & IMG_KIND_MASK) != IMG_KIND_FILE)
		return img_bad(why, whylen, "a lock names file %llu, which is none",
			       (unsigned long long)l->file_id);
	return 0;
}

/* PIPE, FIFO, UNIX, INET, NETLINK, FILE, FD and LOCK records make up a new fd table. */
static int img_feed_files(struct img_state *st, const struct vzcpt_rec *h, const void *p,
			  char *why, size_t whylen)
{
	const struct vzcpt_img_file *f = p;
	const struct vzcpt_img_fd *fd = p;
	int err = img_to_stage(st, IMG_STAGE_FILES, why, whylen);
	u64 nest = 0;

	if (err)
		return err;
	if (!(st->pending & (1U << IMG_OBJ_FILES)))
		return img_bad(why, whylen, "task %d brings no fd table of its own", st->task.pid);
	switch (h->type) {
	case VZCPT_REC_PIPE:
		return img_define(st, h->id, IMG_KIND_PIPE, why, whylen);
	case VZCPT_REC_FIFO:
		return img_define(st, h->id, IMG_KIND_FIFO, why, whylen);
	case VZCPT_REC_EVENTFD:
		return img_define(st, h->id, IMG_KIND_EVENTFD, why, whylen);
	case VZCPT_REC_SIGNALFD:
		return img_define(st, h->id, IMG_KIND_SIGNALFD, why, whylen);
	case VZCPT_REC_TIMERFD:
		return img_define(st, h->id, IMG_KIND_TIMERFD, why, whylen);
	case VZCPT_REC_EPOLL:
		return img_feed_epoll(st, h, p, why, whylen);
	case VZCPT_REC_INOTIFY:
		return img_define(st, h->id, IMG_KIND_INOTIFY, why, whylen);
	case VZCPT_REC_PTY:
		return img_define(st, h->id, IMG_KIND_PTY, why, whylen);
	case VZCPT_REC_UNIX:
		return img_feed_unix(st, h, p, why, whylen);
	case VZCPT_REC_FILE:
		if (img_evfd_kind(f->kind) != IMG_KIND_NONE) {
			err = img_claim_evfd(st, h, f, why, whylen);
			if (err)
				return err;
		}
		if (f->kind == VZCPT_FILE_FIFO &&
		    (st->ids->get(st->ids->priv, f->pipe_id) & IMG_KIND_MASK) != IMG_KIND_FIFO)
			return img_bad(why, whylen,
				       "file %llu opens FIFO %llu, which is none",
				       (unsigned long long)h->id, (unsigned long long)f->pipe_id);
		if (f->kind == VZCPT_FILE_PIPE &&
		    (st->ids->get(st->ids->priv, f->pipe_id) & IMG_KIND_MASK) != IMG_KIND_PIPE)
			return img_bad(why, whylen,
				       "file %llu is an end of pipe %llu, which is none",
				       (unsigned long long)h->id, (unsigned long long)f->pipe_id);
		if (f->kind == VZCPT_FILE_SOCKET) {
			/* A socket has one file: the first FILE record that names it. */
			if ((st->ids->get(st->ids->priv, f->pipe_id) & IMG_KIND_MASK) !=
			    IMG_KIND_SOCK)
				return img_bad(why, whylen,
					       "file %llu is socket %llu, which is none or has a file",
					       (unsigned long long)h->id,
					       (unsigned long long)f->pipe_id);
			nest = st->ids->get(st->ids->priv, f->pipe_id) & ~IMG_KIND_MASK;
			if (st->ids->set(st->ids->priv, f->pipe_id, IMG_KIND_SOCK_FILE | nest))
				return img_nomem(why, whylen);
			nest &= IMG_UNIX_NEST_MASK;
		}
		if (f->kind == VZCPT_FILE_PTMX || f->kind == VZCPT_FILE_PTS ||
		    f->kind == VZCPT_FILE_DEVTTY) {
			err = img_claim_pty(st, h, f, why, whylen);
			if (err)
				return err;
		}
		if (f->kind == VZCPT_FILE_MQUEUE &&
		    (st->ids->get(st->ids->priv, f->pipe_id) & IMG_KIND_MASK) != IMG_KIND_MQUEUE)
			return img_bad(why, whylen,
				       "file %llu opens POSIX message queue %llu, which is none",
				       (unsigned long long)h->id, (unsigned long long)f->pipe_id);
		if (f->kind == VZCPT_FILE_GHOST &&
		    (st->ids->get(st->ids->priv, f->pipe_id) & IMG_KIND_MASK) != IMG_KIND_GHOST)
			return img_bad(why, whylen,
				       "file %llu opens deleted file %llu, which is none",
				       (unsigned long long)h->id, (unsigned long long)f->pipe_id);
		err = img_define(st, h->id, IMG_KIND_FILE, why, whylen);
		/* A socket's file: how deep its queue holds files in flight, for its senders. */
		if (!err && nest && st->ids->set(st->ids->priv, h->id, IMG_KIND_FILE | nest))
			return img_nomem(why, whylen);
		return err;
	case VZCPT_REC_LOCK:
		return img_feed_lock(st, h, p, why, whylen);
	default:
		if (h->id != st->task.files_id)
			return img_bad(why, whylen, "fd %u is of table %llu among those of %llu",
				       fd->fd, (unsigned long long)h->id,
				       (unsigned long long)st->task.files_id);
		if ((st->ids->get(st->ids->priv, fd->file_id) & IMG_KIND_MASK) != IMG_KIND_FILE)
			return img_bad(why, whylen, "fd %u names file %llu, which is none", fd->fd,
				       (unsigned long long)fd->file_id);
		if (st->have_fd && fd->fd <= st->last_fd)
			return img_bad(why, whylen, "fd %u comes after fd %u", fd->fd, st->last_fd);
		st->have_fd = true;
		st->last_fd = fd->fd;
		return 0;
	}
}

/* A deleted file a task brings, before its address space; its data follow it. */
static int img_feed_ghost(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_ghost *g, char *why, size_t whylen)
{
	int err = img_to_stage(st, IMG_STAGE_GHOSTS, why, whylen);

	if (!err)
		err = img_define(st, h->id, IMG_KIND_GHOST, why, whylen);
	if (err)
		return err;
	st->in_ghost = true;
	st->ghost_id = h->id;
	st->ghost_size = g->size;
	st->ghost_next = 0;
	st->ghost_left = g->data;
	return 0;
}

/*
 * A node of the CT's /dev or /dev/shm: the init's, after its IPC namespace
 * and before its deleted files; a regular file's data follow it as a
 * deleted file's do.
 */
static int img_feed_tmpfs(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_tmpfs *t, char *why, size_t whylen)
{
	const char *path = (const char *)(t + 1);
	u32 n = st->mnt_target_len;
	int err;

	if (st->tasks != 1 || !st->in_task || st->stage != IMG_STAGE_TASK)
		return img_bad(why, whylen, "it does not follow the init's task record");
	if (!st->mounts ? t->path_len < 5 || memcmp(path, "dev/", 4) :
			  !n || t->path_len <= n + 1 || memcmp(path, st->mnt_target, n) ||
			  path[n] != '/')
		return img_bad(why, whylen, "a tmpfs node's path %.*s is not under %s",
			       (int)t->path_len, path,
			       st->mounts ? "the tmpfs mount before it" : "dev/");
	err = img_define(st, h->id, IMG_KIND_TMPFS, why, whylen);
	if (err || (t->mode & IMG_S_IFMT) != IMG_S_IFREG)
		return err;
	st->in_ghost = true;
	st->ghost_id = h->id;
	st->ghost_size = t->size;
	st->ghost_next = 0;
	st->ghost_left = t->data;
	return 0;
}

/*
 * A mount the CT made: the init's, after the nodes of /dev, numbered from 1;
 * a tmpfs's nodes follow it, under its mount point.
 */
static int img_feed_mount(struct img_state *st, const struct vzcpt_rec *h,
			  const struct vzcpt_img_mount *m, char *why, size_t whylen)
{
	if (st->tasks != 1 || !st->in_task || st->stage != IMG_STAGE_TASK)
		return img_bad(why, whylen, "it does not follow the init's task record");
	if (st->mounts >= VZCPT_MOUNT_MAX || h->id != st->mounts + 1)
		return img_bad(why, whylen, "mount %llu comes after %u of them",
			       (unsigned long long)h->id, st->mounts);
	st->mounts++;
	st->mnt_target_len = 0;
	if (m->kind == VZCPT_MOUNT_TMPFS) {
		memcpy(st->mnt_target, m + 1, m->target_len);
		st->mnt_target_len = m->target_len;
	}
	return 0;
}

static int img_feed_ghost_data(struct img_state *st, const struct vzcpt_rec *h,
			       const struct vzcpt_img_ghost_data *gd, char *why, size_t whylen)
{
	if (!st->in_ghost || h->id != st->ghost_id)
		return img_bad(why, whylen, "the data are not for the deleted file before them");
	if (gd->offset < st->ghost_next || gd->offset > st->ghost_size ||
	    gd->len > st->ghost_size - gd->offset)
		return img_bad(why, whylen,
			       "bytes %llu+%u of deleted file %llu are outside it or out of order",
			       (unsigned long long)gd->offset, gd->len,
			       (unsigned long long)st->ghost_id);
	if (gd->len > st->ghost_left)
		return img_bad(why, whylen, "deleted file %llu has more data than it announced",
			       (unsigned long long)st->ghost_id);
	st->ghost_left -= gd->len;
	st->ghost_next = gd->offset + gd->len;
	return 0;
}

static int img_leave_ghost(struct img_state *st, char *why, size_t whylen)
{
	if (st->in_ghost && st->ghost_left)
		return img_bad(why, whylen, "deleted file %llu lacks %llu bytes of its data",
			       (unsigned long long)st->ghost_id,
			       (unsigned long long)st->ghost_left);
	st->in_ghost = false;
	return 0;
}

static int img_feed_xstate(struct img_state *st, const struct vzcpt_rec *h,
			   const struct vzcpt_img_xstate *xs, char *why, size_t whylen)
{
	int err = img_task_rec(st, h, IMG_STAGE_XSTATE, why, whylen);
	u64 bv;

	if (err)
		return err;
	if (st->image.xsave_size && xs->size != st->image.xsave_size)
		return img_bad(why, whylen, "the xsave area is %u bytes, the image header says %u",
			       xs->size, st->image.xsave_size);
	memcpy(&bv, (const u8 *)(xs + 1) + IMG_XSTATE_BV_OFF, sizeof(bv));
	if (bv & ~st->image.xfeatures)
		return img_bad(why, whylen,
			       "the FPU state uses features %#llx the image does not declare",
			       (unsigned long long)(bv & ~st->image.xfeatures));
	return 0;
}

static int img_feed_end(struct img_state *st, const struct vzcpt_img_end *end, u64 off,
			char *why, size_t whylen)
{
	int err = img_task_done(st, why, whylen);

	if (err)
		return err;
	if (st->tasks != st->image.nr_tasks)
		return img_bad(why, whylen, "the image header announced %u tasks, %u were read",
			       st->image.nr_tasks, st->tasks);
	if (st->shm_att_left)
		return img_bad(why, whylen, "%llu mappings of shared memory segments are missing",
			       (unsigned long long)st->shm_att_left);
	if (st->mq_notify_left)
		return img_bad(why, whylen,
			       "%u notifications of POSIX message queues name a process the image lacks",
			       st->mq_notify_left);
	/* It describes what came before its own header, from the image header on. */
	if (end->nr_records != st->nr - 1 - st->pre_nr || end->bytes != off - st->pre_off)
		return img_bad(why, whylen,
			       "it counts %llu records and %llu bytes where %llu and %llu were read",
			       (unsigned long long)end->nr_records, (unsigned long long)end->bytes,
			       (unsigned long long)(st->nr - 1 - st->pre_nr),
			       (unsigned long long)(off - st->pre_off));
	st->ended = true;
	return 0;
}

/*
 * The CT's IPC namespace comes right after its init's TASK record, before
 * anything of the init's: its limits, then its semaphore sets, then its
 * message queues each with its messages, then its shared memory segments
 * each with its pages. Ids and keys are unique per kind (a key but
 * IPC_PRIVATE), and the objects fit the namespace's limits, as semget(),
 * msgget(), msgsnd() and shmget() would have them. Each mapping of a
 * segment (VZCPT_VMA_SYSV) names one, and there are as many as it counts.
 */
static int img_ipc_unique(struct img_state *st, unsigned int kind,
			  const struct vzcpt_img_ipc_perm *pm, const char *what, char *why,
			  size_t whylen)
{
	u64 base = IMG_KEY_IPC | (u64)kind << IMG_KEY_IPC_KIND_SHIFT;
	u64 kid = base | (u32)pm->id, kkey = base | IMG_KEY_IPC_KEY | (u32)pm->key;

	if (st->ids->get(st->ids->priv, kid))
		return img_bad(why, whylen, "two %ss have id %d", what, pm->id);
	if (pm->key && st->ids->get(st->ids->priv, kkey))
		return img_bad(why, whylen, "two %ss have key %#x", what, (u32)pm->key);
	if (st->ids->set(st->ids->priv, kid, IMG_KIND_IPC) ||
	    (pm->key && st->ids->set(st->ids->priv, kkey, IMG_KIND_IPC)))
		return img_nomem(why, whylen);
	return 0;
}

static u64 img_sem_key(s32 semid)
{
	return IMG_KEY_IPC | (u64)IMG_IPC_SEM << IMG_KEY_IPC_KIND_SHIFT | (u32)semid;
}

/* An entry of the current task's new undo list: for a set of the image, each set once. */
static int img_feed_semundo(struct img_state *st, const struct vzcpt_rec *h,
			    const struct vzcpt_img_semundo *u, char *why, size_t whylen)
{
	int err = img_to_stage(st, IMG_STAGE_SEMUNDO, why, whylen);
	u64 v;

	if (err)
		return err;
	if (!st->semundo_left || h->id != st->task.sysvsem_id)
		return img_bad(why, whylen,
			       "semaphore undo list %llu is not one task %d brings, or has more entries than it counts",
			       (unsigned long long)h->id, st->task.pid);
	if (u->semid <= st->semundo_last)
		return img_bad(why, whylen,
			       "the undo entry for semaphore set %d does not follow the one for set %d",
			       u->semid, st->semundo_last);
	v = st->ids->get(st->ids->priv, img_sem_key(u->semid));
	if (!v)
		return img_bad(why, whylen,
			       "an undo entry is for semaphore set %d, which the image lacks",
			       u->semid);
	if (v >> IMG_SHM_SIZE_SHIFT != u->nsems)
		return img_bad(why, whylen,
			       "the undo entry for semaphore set %d has %u adjustments for its %llu semaphores",
			       u->semid, u->nsems, (unsigned long long)(v >> IMG_SHM_SIZE_SHIFT));
	st->semundo_left--;
	st->semundo_last = u->semid;
	return 0;
}

/*
 * A filter of the current task's chain: above a filter brought before (or
 * none) for its first, above the one before it for the others, the last
 * its own; a chain within MAX_INSNS_PER_PATH, kept with its id.
 */
static int img_feed_seccomp(struct img_state *st, const struct vzcpt_rec *h,
			    const struct vzcpt_img_seccomp *s, char *why, size_t whylen)
{
	int err = img_to_stage(st, IMG_STAGE_SECCOMP, why, whylen);
	u64 v, path = 0;

	if (err)
		return err;
	if (!st->seccomp_left)
		return img_bad(why, whylen, "seccomp filter %llu is not one task %d brings",
			       (unsigned long long)h->id, st->task.pid);
	if (st->seccomp_last && s->prev_id != st->seccomp_last)
		return img_bad(why, whylen,
			       "seccomp filter %llu of task %d is above filter %llu, not %llu",
			       (unsigned long long)h->id, st->task.pid,
			       (unsigned long long)s->prev_id,
			       (unsigned long long)st->seccomp_last);
	if (s->prev_id) {
		v = st->ids->get(st->ids->priv, s->prev_id);
		if ((v & IMG_KIND_MASK) != IMG_KIND_SECCOMP)
			return img_bad(why, whylen,
				       "seccomp filter %llu is above filter %llu, which the image lacks",
				       (unsigned long long)h->id, (unsigned long long)s->prev_id);
		path = v >> IMG_SHM_SIZE_SHIFT;
	}
	if (st->seccomp_left == 1 && h->id != st->task.seccomp_id)
		return img_bad(why, whylen, "task %d has seccomp filter %llu but brings %llu last",
			       st->task.pid, (unsigned long long)st->task.seccomp_id,
			       (unsigned long long)h->id);
	/* seccomp_attach_filter(): 4 instructions more per filter but the last */
	path += s->len + 4;
	if (path - 4 > VZCPT_SECCOMP_MAX_PATH)
		return img_bad(why, whylen,
			       "seccomp filter %llu makes a chain of %llu instructions, above %u",
			       (unsigned long long)h->id, (unsigned long long)path - 4,
			       VZCPT_SECCOMP_MAX_PATH);
	err = img_define(st, h->id, IMG_KIND_SECCOMP, why, whylen);
	if (err)
		return err;
	if (st->ids->set(st->ids->priv, h->id, IMG_KIND_SECCOMP | path << IMG_SHM_SIZE_SHIFT))
		return img_nomem(why, whylen);
	st->seccomp_left--;
	st->seccomp_last = h->id;
	return 0;
}

static int img_feed_ipc(struct img_state *st, const struct vzcpt_rec *h, const void *p,
			char *why, size_t whylen)
{
	const struct vzcpt_img_ipcns *n = &st->ipcns;
	const struct vzcpt_img_sem *s = p;
	const struct vzcpt_img_msq *q = p;
	const struct vzcpt_img_msg *m = p;
	const struct vzcpt_img_shm *sh = p;
	int err;

	if (h->id)
		return img_bad(why, whylen, "it has id %llu", (unsigned long long)h->id);
	switch (h->type) {
	case VZCPT_REC_PAGES:
		return img_feed_pages(st, h, p, why, whylen);
	case VZCPT_REC_SHM:
		err = img_leave_vma(st, why, whylen);
		if (err)
			return err;
		if (st->sems_left || st->msqs_left || st->msgs_left || !st->shms_left)
			return img_bad(why, whylen, "a shared memory segment out of its place");
		/* shmget()'s limits: shmmax, and shmall for all of them. */
		if (sh->size > n->shmmax ||
		    IMG_PAGE_ALIGN(sh->size) / VZCPT_PAGE_SIZE > n->shmall - st->shm_pages)
			return img_bad(why, whylen,
				       "shared memory segment %d of %llu bytes exceeds shmmax %llu or shmall %llu",
				       sh->perm.id, (unsigned long long)sh->size,
				       (unsigned long long)n->shmmax,
				       (unsigned long long)n->shmall);
		err = img_ipc_unique(st, IMG_IPC_SHM, &sh->perm, "shared memory segment", why,
				     whylen);
		if (err)
			return err;
		if (img_ipc_shm_set(st, sh))
			return img_nomem(why, whylen);
		st->shms_left--;
		st->shm_pages += IMG_PAGE_ALIGN(sh->size) / VZCPT_PAGE_SIZE;
		st->shm_att_left += sh->nattch;
		/* Its pages, as a mapping's, but their start is an offset in it. */
		st->in_shm = true;
		st->in_vma = true;
		st->vma_pages = true;
		st->vma_id = 0;
		st->vma_next = 0;
		st->vma_end = IMG_PAGE_ALIGN(sh->size);
		st->vma_pages_left = sh->nr_pages;
		return 0;
	case VZCPT_REC_IPCNS:
		if (st->have_ipcns || st->tasks != 1 || !st->in_task ||
		    st->stage != IMG_STAGE_TASK)
			return img_bad(why, whylen, "it does not follow the init's task record");
		st->have_ipcns = true;
		st->ipcns = *(const struct vzcpt_img_ipcns *)p;
		st->sems_left = n->nr_sem;
		st->msqs_left = n->nr_msq;
		st->shms_left = n->nr_shm;
		return 0;
	case VZCPT_REC_SEM:
		if (!st->sems_left)
			return img_bad(why, whylen, "a semaphore set beyond the namespace's count");
		if (s->nsems > n->sem[0] || s->nsems > n->sem[1] - st->nr_sems)
			return img_bad(why, whylen,
				       "semaphore set %d of %u exceeds semmsl %u or semmns %u",
				       s->perm.id, s->nsems, n->sem[0], n->sem[1]);
		st->sems_left--;
		st->nr_sems += s->nsems;
		err = img_ipc_unique(st, IMG_IPC_SEM, &s->perm, "semaphore set", why, whylen);
		/* Its size, which each undo entry for it has. */
		if (!err && st->ids->set(st->ids->priv, img_sem_key(s->perm.id),
					 IMG_KIND_IPC | (u64)s->nsems << IMG_SHM_SIZE_SHIFT))
			err = img_nomem(why, whylen);
		return err;
	case VZCPT_REC_MSQ:
		if (st->sems_left || st->msgs_left || !st->msqs_left)
			return img_bad(why, whylen, "a message queue out of its place");
		st->msqs_left--;
		st->msgs_left = q->nr_msgs;
		st->msq_room = q->qbytes;
		st->msq_id = q->perm.id;
		return img_ipc_unique(st, 2, &q->perm, "message queue", why, whylen);
	default:
		if (!st->msgs_left)
			return img_bad(why, whylen, "a message its queue does not count");
		if (m->len > n->msgmax || m->len > st->msq_room)
			return img_bad(why, whylen,
				       "a message of %u bytes exceeds msgmax %u or what queue %d can hold",
				       m->len, n->msgmax, st->msq_id);
		st->msgs_left--;
		st->msq_room -= m->len;
		return 0;
	}
}

/*
 * The CT's POSIX message queues, right after its SysV objects: the limits,
 * then each queue (the unlinked ones first: a restore unlinks each before
 * it makes the next, so a name may come twice), each with as
 * many messages as it counts, none longer than its mq_msgsize, in the order
 * mq_receive() takes them (priority down). A notification names a process
 * of the image: the init (read already), or a leader read later.
 */
#define IMG_IPC_MQN		4U

static u64 img_mqn_key(s32 pid)
{
	return IMG_KEY_IPC | (u64)IMG_IPC_MQN << IMG_KEY_IPC_KIND_SHIFT | (u32)pid;
}

static int img_feed_mq(struct img_state *st, const struct vzcpt_rec *h, const void *p,
		       char *why, size_t whylen)
{
	const struct vzcpt_img_mq_msg *m = p;
	const struct vzcpt_img_mq *q = p;
	u64 v;
	int err;

	switch (h->type) {
	case VZCPT_REC_MQNS:
		if (h->id)
			return img_bad(why, whylen, "it has id %llu", (unsigned long long)h->id);
		if (!st->have_ipcns || st->have_mqns || st->tasks != 1 || !st->in_task ||
		    st->stage != IMG_STAGE_TASK)
			return img_bad(why, whylen,
				       "it does not follow the SysV objects of the init's IPC namespace");
		st->have_mqns = true;
		st->mqns = *(const struct vzcpt_img_mqns *)p;
		st->mqs_left = st->mqns.nr_queues;
		return 0;
	case VZCPT_REC_MQ:
		if (!st->mqs_left || st->mq_msgs_left)
			return img_bad(why, whylen, "a POSIX message queue out of its place");
		if (q->flags & VZCPT_MQ_UNLINKED && st->mq_linked)
			return img_bad(why, whylen,
				       "unlinked POSIX message queue %llu follows a linked one",
				       (unsigned long long)h->id);
		err = img_define(st, h->id, IMG_KIND_MQUEUE, why, whylen);
		if (err)
			return err;
		st->mq_linked |= !(q->flags & VZCPT_MQ_UNLINKED);
		st->mqs_left--;
		st->mq_msgs_left = q->nr_msgs;
		st->mq_id = h->id;
		st->mq_msgsize = q->msgsize;
		st->mq_prio = VZCPT_MQ_PRIO_MAX - 1;
		if (q->notify == VZCPT_MQ_NOTIFY_OFF || q->notify_pid == st->task.pid)
			return 0;
		/* One more for its process to claim: the count above the kind. */
		v = st->ids->get(st->ids->priv, img_mqn_key(q->notify_pid)) >> IMG_SHM_SIZE_SHIFT;
		if (st->ids->set(st->ids->priv, img_mqn_key(q->notify_pid),
				 IMG_KIND_MQUEUE | (v + 1) << IMG_SHM_SIZE_SHIFT))
			return img_nomem(why, whylen);
		st->mq_notify_left++;
		return 0;
	default:
		if (!st->mq_msgs_left || h->id != st->mq_id)
			return img_bad(why, whylen,
				       "a POSIX message of queue %llu its queue does not count",
				       (unsigned long long)h->id);
		if (m->len > st->mq_msgsize || m->prio > st->mq_prio)
			return img_bad(why, whylen,
				       "a POSIX message of %u bytes, priority %u, exceeds mq_msgsize %u of queue %llu or comes after one of priority %u",
				       m->len, m->prio, st->mq_msgsize,
				       (unsigned long long)h->id, st->mq_prio);
		st->mq_msgs_left--;
		st->mq_prio = m->prio;
		return 0;
	}
}

/* A process read: the notifications of queues it registered are its. */
static int img_mq_claim(struct img_state *st, const struct vzcpt_img_task *t, char *why,
			size_t whylen)
{
	u64 v;

	if (!st->mq_notify_left || t->flags & (VZCPT_TASK_THREAD | VZCPT_TASK_ZOMBIE))
		return 0;
	v = st->ids->get(st->ids->priv, img_mqn_key(t->pid));
	if (!(v >> IMG_SHM_SIZE_SHIFT))
		return 0;
	st->mq_notify_left -= v >> IMG_SHM_SIZE_SHIFT;
	if (st->ids->set(st->ids->priv, img_mqn_key(t->pid), IMG_KIND_MQUEUE))
		return img_nomem(why, whylen);
	return 0;
}

void img_state_init(struct img_state *st, const struct img_ids *ids)
{
	memset(st, 0, sizeof(*st));
	st->ids = ids;
}

int img_state_feed(struct img_state *st, const struct vzcpt_rec *h, const void *p, u64 off,
		   char *why, size_t whylen)
{
	u16 type = h->type;
	int err;

	st->nr++;
	if (st->ended)
		return img_bad(why, whylen, "it comes after the end record");
	/* Pre-copy passes: before the image header, and only there. */
	if (!st->have_image && type == VZCPT_REC_PRECOPY)
		return img_feed_precopy(st, h, p, why, whylen);
	if (!st->have_image && type == VZCPT_REC_PAGES && st->in_precopy)
		return img_feed_precopy_pages(st, h, p, why, whylen);
	if (type == VZCPT_REC_PRECOPY)
		return img_bad(why, whylen, "a pre-copy pass comes after the image header");
	if (!st->have_image) {
		err = img_leave_precopy(st, why, whylen);
		if (err)
			return err;
		st->have_image = true;
		st->pre_nr = st->nr - 1;
		st->pre_off = off;
	}
	if (st->nr - st->pre_nr == 1 ? type != VZCPT_REC_IMAGE : type == VZCPT_REC_IMAGE)
		return img_bad(why, whylen, "the image header must come first, and once");
	if (st->nr - st->pre_nr == 2 ? type != VZCPT_REC_UTS : type == VZCPT_REC_UTS)
		return img_bad(why, whylen, "the hostname must come second, and once");
	if ((type == VZCPT_REC_IMAGE || type == VZCPT_REC_UTS || type == VZCPT_REC_END) && h->id)
		return img_bad(why, whylen, "it has id %llu", (unsigned long long)h->id);
	if (type >= VZCPT_REC_NETDEV && type <= VZCPT_REC_CONNTRACK)
		return img_feed_net(st, h, p, why, whylen);
	if (type != VZCPT_REC_IMAGE && type != VZCPT_REC_UTS)
		st->net_done = true;
	if (type == VZCPT_REC_TCP_QUEUE)
		return img_feed_tcp_queue(st, h, p, why, whylen);
	if (st->tcpq_snd || st->tcpq_rcv || st->tcpq_unsent)
		return img_bad(why, whylen,
			       "a %s record where TCP connection %llu still lacks %u bytes sent, %u to read and %u to send",
			       img_rec_name(type), (unsigned long long)st->tcpq_id, st->tcpq_snd,
			       st->tcpq_rcv, st->tcpq_unsent);
	if (type == VZCPT_REC_TCP_OPTS)
		return img_feed_tcp_opts(st, h, p, why, whylen);
	st->tcpopt_sock = 0;
	if (type == VZCPT_REC_INET_MCAST)
		return img_feed_mcast(st, h, p, why, whylen);
	if (type == VZCPT_REC_SOCK_FILTER)
		return img_feed_sock_filter(st, h, why, whylen);
	st->mcast_sock = 0;
	if (type == VZCPT_REC_TCP_REQ)
		return img_feed_tcp_req(st, h, p, why, whylen);
	/* Any other record ends what may follow a socket's. */
	st->sock_last = 0;
	if (st->tcp_listen) {
		err = img_leave_acceptq(st, type, p, why, whylen);
		if (err)
			return err;
	}
	if ((type >= VZCPT_REC_IPCNS && type <= VZCPT_REC_MSG) || type == VZCPT_REC_SHM ||
	    (type == VZCPT_REC_PAGES && st->in_shm))
		return img_feed_ipc(st, h, p, why, whylen);
	if (st->sems_left || st->msqs_left || st->msgs_left || st->shms_left)
		return img_bad(why, whylen,
			       "the IPC namespace lacks %u semaphore sets, %u queues, %u messages, %u shared memory segments",
			       st->sems_left, st->msqs_left, st->msgs_left, st->shms_left);
	if (st->in_shm) {
		err = img_leave_vma(st, why, whylen);
		if (err)
			return err;
		st->in_shm = false;
	}
	if (type >= VZCPT_REC_MQNS && type <= VZCPT_REC_MQ_MSG)
		return img_feed_mq(st, h, p, why, whylen);
	if (st->mqs_left || st->mq_msgs_left)
		return img_bad(why, whylen,
			       "the IPC namespace lacks %u POSIX message queues and %u messages",
			       st->mqs_left, st->mq_msgs_left);
	/* Anything but its data ends a deleted file. */
	if (type != VZCPT_REC_GHOST_DATA) {
		err = img_leave_ghost(st, why, whylen);
		if (err)
			return err;
	}
	if (type != VZCPT_REC_UNIX)
		st->unix_listen = 0;
	if (st->unix_wait && type != VZCPT_REC_UNIX)
		return img_bad(why, whylen,
			       "a %s record where the peer %llu of unix socket %llu was due",
			       img_rec_name(type), (unsigned long long)st->unix_wait,
			       (unsigned long long)st->unix_first);
	/* Anything but a mapping or its pages ends an address space's mappings. */
	if (type != VZCPT_REC_VMA && type != VZCPT_REC_PAGES && type != VZCPT_REC_PAGES_REF) {
		err = img_leave_mm(st, why, whylen);
		if (err)
			return err;
	}
	switch (type) {
	case VZCPT_REC_IMAGE:
		memcpy(&st->image, p, sizeof(st->image));
		return 0;
	case VZCPT_REC_UTS:
		return 0;
	case VZCPT_REC_TASK:
		err = img_feed_task(st, h, p, why, whylen);
		return err ?: img_mq_claim(st, p, why, whylen);
	case VZCPT_REC_MM:
		return img_feed_mm(st, h, p, why, whylen);
	case VZCPT_REC_VMA:
		return img_feed_vma(st, h, p, why, whylen);
	case VZCPT_REC_PAGES:
		return img_feed_pages(st, h, p, why, whylen);
	case VZCPT_REC_PAGES_REF:
		return img_feed_pages_ref(st, h, p, why, whylen);
	case VZCPT_REC_PIPE:
	case VZCPT_REC_FIFO:
	case VZCPT_REC_UNIX:
	case VZCPT_REC_FILE:
	case VZCPT_REC_FD:
	case VZCPT_REC_EVENTFD:
	case VZCPT_REC_SIGNALFD:
	case VZCPT_REC_TIMERFD:
	case VZCPT_REC_EPOLL:
	case VZCPT_REC_INOTIFY:
	case VZCPT_REC_PTY:
	case VZCPT_REC_LOCK:
		return img_feed_files(st, h, p, why, whylen);
	case VZCPT_REC_INET:
		return img_feed_inet(st, h, p, why, whylen);
	case VZCPT_REC_NETLINK:
	case VZCPT_REC_PACKET:
		return img_feed_sock(st, h, why, whylen);
	case VZCPT_REC_FS:
		return img_obj_rec(st, h, IMG_OBJ_FS, why, whylen);
	case VZCPT_REC_SIGHAND:
		return img_obj_rec(st, h, IMG_OBJ_SIGHAND, why, whylen);
	case VZCPT_REC_REGS:
		return img_task_rec(st, h, IMG_STAGE_REGS, why, whylen);
	case VZCPT_REC_XSTATE:
		return img_feed_xstate(st, h, p, why, whylen);
	case VZCPT_REC_SIGNALS:
		return img_task_rec(st, h, IMG_STAGE_SIGNALS, why, whylen);
	case VZCPT_REC_TASKX:
		return img_task_rec(st, h, IMG_STAGE_TASKX, why, whylen);
	case VZCPT_REC_TIMERS:
		if (st->in_task && st->task.flags & VZCPT_TASK_THREAD)
			return img_bad(why, whylen, "thread %d carries its process's timers",
				       st->task.pid);
		return img_task_rec(st, h, IMG_STAGE_TIMERS, why, whylen);
	case VZCPT_REC_GHOST:
		return img_feed_ghost(st, h, p, why, whylen);
	case VZCPT_REC_GHOST_DATA:
		return img_feed_ghost_data(st, h, p, why, whylen);
	case VZCPT_REC_TMPFS:
		return img_feed_tmpfs(st, h, p, why, whylen);
	case VZCPT_REC_MOUNT:
		return img_feed_mount(st, h, p, why, whylen);
	case VZCPT_REC_SEMUNDO:
		return img_feed_semundo(st, h, p, why, whylen);
	case VZCPT_REC_SECCOMP:
		return img_feed_seccomp(st, h, p, why, whylen);
	case VZCPT_REC_END:
		return img_feed_end(st, p, off, why, whylen);
	default:
		/* A type with no link to check: it still belongs to a task. */
		return st->in_task ? 0 : img_bad(why, whylen, "it comes before any task");
	}
}
