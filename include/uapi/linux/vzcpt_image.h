/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vzcpt image format. Included as is by the modules and by vzctl.
 *
 * An image is a sequence of records, written and read front to back with no
 * seeks, so it can go through a pipe. Every record is a struct vzcpt_rec
 * header followed by hdr_len - sizeof(struct vzcpt_rec) bytes of header
 * extension (none yet) and then len bytes of payload. The first record is
 * VZCPT_REC_IMAGE (or a pre-copy pass's, see struct vzcpt_img_precopy),
 * the last VZCPT_REC_END. Records refer to each other by
 * object id (never by offset). All integers are little-endian; padding and
 * reserved fields are zero and a reader rejects them otherwise.
 *
 * Checksum: the low 32 bits of XXH64 (seed 0) of the header (hdr_len bytes,
 * csum = 0) followed by the payload (len bytes). XXH64 rather than crc32c:
 * as strong at finding corruption, and several times cheaper where the CPU
 * has no crc32c instruction or emulates it (QEMU's TCG).
 */
#ifndef _UAPI_LINUX_VZCPT_IMAGE_H
#define _UAPI_LINUX_VZCPT_IMAGE_H

#include <linux/types.h>

#define VZCPT_IMAGE_MAGIC	"VZCPTIMG"
#define VZCPT_IMAGE_VERSION	36
/* AUDIT_ARCH_X86_64 */
#define VZCPT_ARCH_X86_64	0xc000003eU

/* No record's payload may exceed this; pages go out in several records. */
#define VZCPT_REC_MAX_LEN	(4U << 20)
#define VZCPT_PAGE_SIZE		4096U
#define VZCPT_PATH_MAX		4096U

enum vzcpt_rec_type {
	VZCPT_REC_IMAGE = 1,	/* struct vzcpt_img_image: always first */
	VZCPT_REC_UTS,		/* struct vzcpt_img_uts */
	VZCPT_REC_TASK,		/* struct vzcpt_img_task; id: the task */
	VZCPT_REC_REGS,		/* struct vzcpt_img_regs; id: the task */
	VZCPT_REC_XSTATE,	/* struct vzcpt_img_xstate + xsave area; id: the task */
	VZCPT_REC_MM,		/* struct vzcpt_img_mm; id: the mm */
	VZCPT_REC_VMA,		/* struct vzcpt_img_vma + path; id: the vma */
	VZCPT_REC_PAGES,	/* struct vzcpt_img_pages + page data; id: the vma */
	VZCPT_REC_FILE,		/* struct vzcpt_img_file + path; id: the open file */
	VZCPT_REC_FD,		/* struct vzcpt_img_fd; id: the fd table */
	VZCPT_REC_PIPE,		/* struct vzcpt_img_pipe + buffered bytes; id: the pipe */
	VZCPT_REC_SIGHAND,	/* struct vzcpt_img_sighand; id: the handler table */
	VZCPT_REC_SIGNALS,	/* struct vzcpt_img_signals + siginfos; id: the task */
	VZCPT_REC_FS,		/* struct vzcpt_img_fs + cwd and root paths; id: the fs */
	VZCPT_REC_END,		/* struct vzcpt_img_end: always last */
	VZCPT_REC_TASKX,	/* struct vzcpt_img_taskx; id: the task, after its SIGNALS */
	VZCPT_REC_IPCNS,	/* struct vzcpt_img_ipcns; id 0, right after the init's TASK */
	VZCPT_REC_SEM,		/* struct vzcpt_img_sem + nsems __u16 values; id 0 */
	VZCPT_REC_MSQ,		/* struct vzcpt_img_msq, then its MSG records; id 0 */
	VZCPT_REC_MSG,		/* struct vzcpt_img_msg + its text; id 0 */
	VZCPT_REC_TIMERS,	/* struct vzcpt_img_timers + POSIX timers; id: the leader */
	VZCPT_REC_GHOST,	/* struct vzcpt_img_ghost + path; id: the deleted file */
	VZCPT_REC_GHOST_DATA,	/* struct vzcpt_img_ghost_data + bytes; id: the deleted file */
	VZCPT_REC_FIFO,		/* struct vzcpt_img_fifo + path + buffered bytes; id: the FIFO */
	VZCPT_REC_EVENTFD,	/* struct vzcpt_img_eventfd; id: the eventfd */
	VZCPT_REC_SIGNALFD,	/* struct vzcpt_img_signalfd; id: the signalfd */
	VZCPT_REC_TIMERFD,	/* struct vzcpt_img_timerfd; id: the timerfd */
	VZCPT_REC_EPOLL,	/* struct vzcpt_img_epoll + its targets; id: the epoll */
	VZCPT_REC_UNIX,		/* struct vzcpt_img_unix + name + queue; id: the socket */
	VZCPT_REC_INET,		/* struct vzcpt_img_inet + queued datagrams; id: the socket */
	VZCPT_REC_LOCK,		/* struct vzcpt_img_lock; id: the fd table, after its FDs */
	VZCPT_REC_SHM,		/* struct vzcpt_img_shm, then its PAGES (id 0); id 0 */
	VZCPT_REC_INOTIFY,	/* struct vzcpt_img_inotify + its watches; id: the inotify */
	VZCPT_REC_TMPFS,	/* struct vzcpt_img_tmpfs + path + target; id: the node */
	VZCPT_REC_PTY,		/* struct vzcpt_img_pty + ptmx path; id: the pty pair */
	VZCPT_REC_SEMUNDO,	/* struct vzcpt_img_semundo + adjustments; id: the undo list */
	VZCPT_REC_SECCOMP,	/* struct vzcpt_img_seccomp + its program; id: the filter */
	VZCPT_REC_PRECOPY,	/* struct vzcpt_img_precopy, then its PAGES; id: the mm's seq */
	VZCPT_REC_PAGES_REF,	/* struct vzcpt_img_pages_ref; id: the vma */
	VZCPT_REC_TCP_QUEUE,	/* struct vzcpt_img_tcp_queue + bytes; id: the socket, after INET */
	VZCPT_REC_NETLINK,	/* struct vzcpt_img_netlink + queued messages; id: the socket */
	VZCPT_REC_MQNS,		/* struct vzcpt_img_mqns; id 0, after the SysV objects */
	VZCPT_REC_MQ,		/* struct vzcpt_img_mq + name, then its MQ_MSGs; id: the queue */
	VZCPT_REC_MQ_MSG,	/* struct vzcpt_img_mq_msg + its bytes; id: the queue */
	/* The CT's network namespace, after UTS and before the tasks, in this order: */
	VZCPT_REC_NETDEV,	/* struct vzcpt_img_netdev; id: its number, from 1 */
	VZCPT_REC_NETADDR,	/* struct vzcpt_img_netaddr; id 0 */
	VZCPT_REC_NETROUTE,	/* struct vzcpt_img_netroute; id 0 */
	VZCPT_REC_NETRULE,	/* struct vzcpt_img_netrule; id 0 */
	VZCPT_REC_NETCONF,	/* struct vzcpt_img_netconf; id 0 */
	VZCPT_REC_NETSYSCTL,	/* struct vzcpt_img_netsysctl + its value; id 0 */
	VZCPT_REC_NETNEIGH,	/* struct vzcpt_img_netneigh; id 0 */
	VZCPT_REC_NFT,		/* struct vzcpt_img_nft + its attributes; id 0 */
	VZCPT_REC_XTABLE,	/* struct vzcpt_img_xtable + entries + counters; id 0 */
	VZCPT_REC_CONNTRACK,	/* struct vzcpt_img_conntrack + its attributes; id 0 */
	/* Not of the network block above: a task's socket, as UNIX, INET and NETLINK are. */
	VZCPT_REC_PACKET,	/* struct vzcpt_img_packet + memberships, packets; id: the socket */
	VZCPT_REC_SOCK_FILTER,	/* struct vzcpt_img_sock_filter_hdr + program; id: the socket */
	VZCPT_REC_MOUNT,	/* struct vzcpt_img_mount + target + source; id: its number */
	VZCPT_REC_TCP_REQ,	/* struct vzcpt_img_tcp_req; id: its listener, before its FILE */
	VZCPT_REC_INET_MCAST,	/* struct vzcpt_img_mcast + groups; id: the socket, after INET */
	VZCPT_REC_TCP_OPTS,	/* struct vzcpt_img_tcp_opts; id: the socket, after INET */
	VZCPT_REC_NR_TYPES
};

/**
 * struct vzcpt_rec - the header every record starts with
 * @type: enum vzcpt_rec_type
 * @hdr_len: length of this header, >= sizeof(struct vzcpt_rec)
 * @len: payload length, at most VZCPT_REC_MAX_LEN
 * @id: the object this record describes (meaning per type)
 * @csum: see the top of this file
 * @reserved: zero
 */
struct vzcpt_rec {
	__u16 type;
	__u16 hdr_len;
	__u32 len;
	__u64 id;
	__u32 csum;
	__u32 reserved;
};

/*
 * CPU features an image's code may rely on: the CPUID bits user space can
 * test, from leaf 1 (ecx, edx), leaf 7 subleaf 0 (ebx, ecx, edx) and leaf
 * 0xd subleaf 1 (eax), as the dumping CPU reported them. Restore needs each
 * bit the image has, and the image's xsave features.
 */
enum vzcpt_cpuid_word {
	VZCPT_CPUID_1_ECX,
	VZCPT_CPUID_1_EDX,
	VZCPT_CPUID_7_EBX,
	VZCPT_CPUID_7_ECX,
	VZCPT_CPUID_7_EDX,
	VZCPT_CPUID_D1_EAX,
	VZCPT_CPUID_WORDS
};

/**
 * struct vzcpt_img_image - what the image is and what it needs
 * @magic: VZCPT_IMAGE_MAGIC, no NUL
 * @version: VZCPT_IMAGE_VERSION
 * @arch: VZCPT_ARCH_X86_64
 * @ctid: the container dumped
 * @nr_tasks: number of VZCPT_REC_TASK records that follow
 * @release: the dumping kernel's release, NUL-terminated
 * @xfeatures: xsave state components the image's xstate records hold
 * @xsave_size: size of each xstate record's (uncompacted) xsave area
 * @cpuid: enum vzcpt_cpuid_word
 * @mono_ns: the container's CLOCK_MONOTONIC when it was frozen
 * @boot_ns: the container's CLOCK_BOOTTIME when it was frozen
 * @real_ns: CLOCK_REALTIME when it was frozen
 * @flags: VZCPT_IMAGE_* (what kind of container the image is of)
 * @reserved: zero
 */
struct vzcpt_img_image {
	char magic[8];
	__u32 version;
	__u32 arch;
	__u32 ctid;
	__u32 nr_tasks;
	char release[64];
	__u64 xfeatures;
	__u32 xsave_size;
	__u32 cpuid[VZCPT_CPUID_WORDS];
	__s64 mono_ns;
	__s64 boot_ns;
	__s64 real_ns;
	__u32 flags;
	__u32 pad;
	__u64 reserved[3];
};

/*
 * struct vzcpt_img_image flags. USERNS: the CT's init was in a user
 * namespace of its own; every id of the image is as that namespace sees it,
 * and the image restores only into a CT with a user namespace of its own.
 */
#define VZCPT_IMAGE_USERNS	(1U << 0)
#define VZCPT_IMAGE_FLAGS	VZCPT_IMAGE_USERNS

/**
 * struct vzcpt_img_uts - the container's UTS names, NUL-terminated
 */
struct vzcpt_img_uts {
	char nodename[65];
	char domainname[65];
	__u8 pad[6];
};

#define VZCPT_TASK_THREAD	(1U << 0)	/* not the thread-group leader */
/*
 * The leader of the task's session (process group) had exited: the restore
 * makes the session (group) with a helper task of the leader's pid, which
 * then exits and is reaped by the restore. A session is so marked only on
 * its one task whose parent is outside it; a group on each of its members.
 */
#define VZCPT_TASK_SID_ORPHAN	(1U << 1)
#define VZCPT_TASK_PGID_ORPHAN	(1U << 2)
/*
 * A process that exited and that its parent has not reaped: its TASK
 * record only, with its pid, parent, session, group, credentials, comm,
 * blocked and pending signals and @exit_code; no mm, fd table, fs or
 * handlers (their ids are 0) and no record of its own after it. The
 * restore makes it and it exits at once with @exit_code, without running
 * any user code.
 */
#define VZCPT_TASK_ZOMBIE	(1U << 3)
/*
 * A thread group leader in seccomp filter mode whose every thread has its
 * last filter (as after a TSYNC): the restore shares the leader's chain
 * with them (its last filter added with SECCOMP_FILTER_FLAG_TSYNC).
 */
#define VZCPT_TASK_SECCOMP_TSYNC	(1U << 4)
#define VZCPT_NSIG		64
#define VZCPT_RLIM_NLIMITS	16

/**
 * struct vzcpt_img_task - one task (process or thread)
 * Pids are as seen inside the container's pid namespace; @ppid is 0 for
 * the container's init. Tasks come parents first. The *_id fields name the
 * mm, fd table, fs and signal handler table the task shares.
 */
struct vzcpt_img_task {
	__s32 pid;
	__s32 tgid;
	__s32 ppid;
	__s32 pgid;
	__s32 sid;
	__u32 flags;
	__s32 exit_signal;
	__u32 personality;
	char comm[16];
	__u64 mm_id;
	__u64 files_id;
	__u64 fs_id;
	__u64 sighand_id;
	__u32 uid, euid, suid, fsuid;
	__u32 gid, egid, sgid, fsgid;
	__u64 cap_inheritable, cap_permitted, cap_effective, cap_bset, cap_ambient;
	__u32 securebits;
	__u32 ngroups;
	__u32 groups[32];
	__u64 blocked;
	__u64 rlim_cur[VZCPT_RLIM_NLIMITS];
	__u64 rlim_max[VZCPT_RLIM_NLIMITS];
	__u64 clear_child_tid;
	__u64 fs_base;
	__u64 gs_base;
	__s32 restart_kind;		/* enum vzcpt_restart */
	__u32 restart_clockid;
	__s64 restart_remaining_ns;	/* time left of an interrupted sleep */
	__u64 restart_rmtp;		/* user pointer for the time left */
	__u64 restart_arg[4];		/* per restart_kind */
	__u64 rseq;			/* the registered rseq area, 0 for none */
	__u32 rseq_len;
	__u32 rseq_sig;
	__u32 dumpable;			/* the mm's: 0, 1 (user) or 2 (root), as PR_GET_DUMPABLE */
	__s32 pdeath_signal;		/* PR_SET_PDEATHSIG's signal, 0 for none */
	/*
	 * A zombie's wait status, as wait4() gives it: (code << 8) for an
	 * exit, the signal (| 0x80 for a core dump) for a kill; 0 otherwise.
	 */
	__s32 exit_code;
	__u32 nr_semundo;		/* SEMUNDO records after it: see @sysvsem_id */
	/*
	 * A zombie's pending signals, private and shared, as bits (what /proc
	 * shows as SigPnd and ShdPnd: a SIGKILL that killed it stays pending).
	 * It never takes them: no siginfo is kept. 0 for a live task.
	 */
	__u64 zombie_pending;
	__u64 zombie_shared;
	/*
	 * The SysV semaphore undo list the task shares (CLONE_SYSVSEM, as
	 * threads do), 0 for none. The first task of a list brings its
	 * entries, @nr_semundo SEMUNDO records right after its TASK record
	 * (after the IPC namespace and the /dev nodes for the init); every
	 * other task of it has @nr_semundo 0 and shares it with its creator.
	 */
	__u64 sysvsem_id;
	/*
	 * The task's seccomp mode (SECCOMP_MODE_DISABLED 0, _STRICT 1,
	 * _FILTER 2) and, in filter mode, the last filter it added (or got
	 * from its creator, or by another thread's TSYNC), 0 otherwise. The
	 * filters of its chain a task before it did not bring follow its TASK
	 * record (after its SEMUNDO records): @nr_seccomp SECCOMP records,
	 * from the one nearest the root to @seccomp_id.
	 */
	__u32 seccomp_mode;
	__u32 nr_seccomp;
	__u64 seccomp_id;
};

/* What an interrupted system call resumes with (ERESTART_RESTARTBLOCK). */
enum vzcpt_restart {
	VZCPT_RESTART_NONE,
	VZCPT_RESTART_NANOSLEEP,	/* clock_nanosleep/nanosleep, relative */
	VZCPT_RESTART_POLL,		/* poll; arg: ufds, nfds, has_timeout */
	/*
	 * a futex wait with a timeout (FUTEX_WAIT, FUTEX_WAIT_BITSET: what
	 * pthread_cond_timedwait() and sem_timedwait() do); clockid REALTIME
	 * or MONOTONIC, the time left as a nanosleep's; arg: the futex's user
	 * address (4-aligned), the value it waits on, the bitset (not 0),
	 * VZCPT_FUTEX_SHARED or 0
	 */
	VZCPT_RESTART_FUTEX,
	/*
	 * clock_nanosleep() on the sleeping process's own CPU-time clock,
	 * relative; clockid: which count (0 user+system, 1 user, 2 all run
	 * time: CLOCK_PROCESS_CPUTIME_ID's), the time left of it, rmtp as a
	 * nanosleep's
	 */
	VZCPT_RESTART_CPU_NANOSLEEP,
};

/* restart_arg[3] of VZCPT_RESTART_FUTEX: a futex without FUTEX_PRIVATE_FLAG */
#define VZCPT_FUTEX_SHARED	1U

/**
 * struct vzcpt_img_regs - general registers, as struct user_regs_struct
 * The values the task resumes with; a task frozen inside a system call has
 * its restart (ax = -ERESTART*, orig_ax = the call) still to be applied.
 */
struct vzcpt_img_regs {
	__u64 r15, r14, r13, r12, bp, bx, r11, r10;
	__u64 r9, r8, ax, cx, dx, si, di, orig_ax;
	__u64 ip, cs, flags, sp, ss, fs_base, gs_base, ds, es, fs, gs;
	__u64 reserved;
};

/**
 * struct vzcpt_img_xstate - FPU/SSE/AVX state, followed by @size bytes of
 * uncompacted (user ABI) xsave area
 */
struct vzcpt_img_xstate {
	__u64 xfeatures;
	__u32 size;
	__u32 reserved;
};

#define VZCPT_AUXV_WORDS	64

/**
 * struct vzcpt_img_mm - one address space's layout
 * Its VMAs follow as VZCPT_REC_VMA records with this mm's id in @mm_id.
 */
struct vzcpt_img_mm {
	__u64 start_code, end_code, start_data, end_data;
	__u64 start_brk, brk, start_stack;
	__u64 arg_start, arg_end, env_start, env_end;
	__u64 vdso;
	__u32 nr_vmas;
	__u32 exe_len;			/* length of the exe path after the struct */
	__u64 auxv[VZCPT_AUXV_WORDS];
	__u32 mlockall;			/* VZCPT_MCL_*: what mlockall() locks of later mappings */
	__u32 pad;
	__u64 precopy;			/* the pre-copied mm (its seq) PAGES_REF name, or 0 */
	__u64 reserved[2];
};

/* mlockall(MCL_FUTURE), and MCL_ONFAULT with it: later mappings are locked (on fault). */
#define VZCPT_MCL_FUTURE	(1U << 0)
#define VZCPT_MCL_ONFAULT	(1U << 1)

enum vzcpt_vma_kind {
	VZCPT_VMA_ANON = 1,	/* private or shared anonymous memory */
	VZCPT_VMA_FILE,		/* a file mapping; the path follows */
	VZCPT_VMA_VDSO,
	VZCPT_VMA_VVAR,
	VZCPT_VMA_SHMEM,	/* shared anonymous memory: object @shm_id of @shm_size bytes */
	VZCPT_VMA_GHOST,	/* a mapping of deleted file @shm_id (a GHOST record) */
	VZCPT_VMA_SYSV,		/* shmat() of SysV segment @shm_id (a SHM record), whole */
};

/**
 * struct vzcpt_img_vma - one mapping, followed by @path_len bytes of path
 * @prot: PROT_* as the task last set it
 * @flags: MAP_PRIVATE or MAP_SHARED (as mmap() was asked: VM_MAYSHARE), MAP_GROWSDOWN
 * @vm_flags: the kernel's VM_* flags, for what PROT/MAP cannot say: the
 *   mlock and madvise states (VM_LOCKED, VM_LOCKONFAULT, VM_DONTCOPY,
 *   VM_WIPEONFORK, VM_DONTDUMP, VM_HUGEPAGE, VM_NOHUGEPAGE, VM_SEQ_READ,
 *   VM_RAND_READ, VM_MERGEABLE), VM_NORESERVE, and for a shared file mapping
 *   VM_MAYWRITE (its file was open for writing); a dump refuses others
 * @nr_pages: pages whose contents the image carries (PAGES records follow)
 * @shm_id: VZCPT_VMA_SHMEM: the memory object, the same in every mapping of
 *   it, in every task (shared across fork); VZCPT_VMA_GHOST: the deleted
 *   file (its GHOST record's id); VZCPT_VMA_SYSV: the segment's shmid (its
 *   SHM record's perm.id); 0 for the other kinds
 * @shm_size: VZCPT_VMA_SHMEM: the object's size in bytes (a mapping that
 *   mremap() grew can be longer); its pages come with the first mapping of
 *   it that covers them, each page once. VZCPT_VMA_SYSV: the segment's
 *   size (shm_segsz): the mapping is what shmat() makes of it, from offset
 *   0 to its end rounded up to a page, and carries no pages (the SHM
 *   record does)
 */
struct vzcpt_img_vma {
	__u64 mm_id;
	__u64 start;
	__u64 end;
	__u64 pgoff;
	__u64 vm_flags;
	__u32 kind;
	__u32 prot;
	__u32 flags;
	__u32 path_len;
	__u64 nr_pages;
	__u64 shm_id;
	__u64 shm_size;
};

/**
 * struct vzcpt_img_pages - @nr contiguous pages from @start, then their bytes
 */
struct vzcpt_img_pages {
	__u64 start;
	__u32 nr;
	__u32 reserved;
};

enum vzcpt_file_kind {
	VZCPT_FILE_REG = 1,	/* a regular file or directory, by path */
	VZCPT_FILE_CHR,		/* a character device, by path and rdev */
	VZCPT_FILE_PIPE,	/* one end of a pipe; pipe_id names it */
	VZCPT_FILE_SOCKET,	/* a socket; pipe_id names its family's record, which comes first */
	VZCPT_FILE_GHOST,	/* a deleted regular file; pipe_id names its GHOST record */
	VZCPT_FILE_FIFO,	/* an open of a named FIFO; pipe_id names its FIFO record */
	/*
	 * Anonymous inode files: pipe_id names the record of the object
	 * (EVENTFD, SIGNALFD, TIMERFD, EPOLL, INOTIFY), which comes before the
	 * file's own, and is the object of this one file only; mode is 0600,
	 * no path. An inotify's file is read-only, the others read-write.
	 */
	VZCPT_FILE_EVENTFD,
	VZCPT_FILE_SIGNALFD,
	VZCPT_FILE_TIMERFD,
	VZCPT_FILE_EPOLL,
	VZCPT_FILE_INOTIFY,
	/*
	 * The two ends of a pty of the CT's devpts: pipe_id names its PTY
	 * record, which comes first; no path (the PTY record has it), no
	 * rdev, position 0. A master is the one open of its ptmx; a slave
	 * is one open of /dev/pts/N.
	 */
	VZCPT_FILE_PTMX,
	VZCPT_FILE_PTS,
	/*
	 * An open POSIX message queue (mq_open()): pipe_id names its MQ
	 * record, which comes first (with the IPC namespace); no path, no
	 * rdev; mode is the queue's S_IFREG and permission bits.
	 */
	VZCPT_FILE_MQUEUE,
	/*
	 * An open of /dev/tty, the holder's controlling terminal: pipe_id
	 * names the PTY record of that pty, which comes first; no path,
	 * no rdev, position 0. The restore opens the CT's /dev/tty in the
	 * task that holds it, a member of that terminal's session.
	 */
	VZCPT_FILE_DEVTTY,
};

/* struct vzcpt_img_file's @owner_type: F_SETOWN_EX's F_OWNER_* */
#define VZCPT_OWNER_TID		0	/* also the kernel's before any F_SETOWN */
#define VZCPT_OWNER_PID		1
#define VZCPT_OWNER_PGRP	2

/**
 * struct vzcpt_img_file - one open file, followed by @path_len bytes of path
 * @flags: O_* as F_GETFL says them (O_ASYNC included), O_CLOEXEC excluded
 * @owner_pid: F_SETOWN's task or process group, its pid in the CT; 0: none
 *	(also when the owner is gone: its signals go to nobody)
 * @owner_type: VZCPT_OWNER_*, kept with no owner too (F_GETOWN_EX says it)
 * @owner_uid: the uid of whoever set the owner, in the CT's user namespace;
 *	0 with no owner
 * @owner_euid: likewise its euid
 * @signum: F_SETSIG's signal, 0 for SIGIO
 */
struct vzcpt_img_file {
	__u32 kind;
	__u32 flags;
	__s64 pos;
	__u32 mode;
	__u32 rdev;
	__u64 pipe_id;		/* the object: a pipe, a socket, a GHOST or a FIFO record */
	__u32 path_len;
	__u32 reserved;
	__s32 owner_pid;
	__u32 owner_type;
	__u32 owner_uid;
	__u32 owner_euid;
	__u32 signum;
	__u32 reserved2;
};

/* Socket-level options (SOL_SOCKET) of struct vzcpt_img_sockopt's @flags. */
#define VZCPT_SO_REUSEADDR	(1U << 0)
#define VZCPT_SO_REUSEPORT	(1U << 1)
#define VZCPT_SO_KEEPALIVE	(1U << 2)
#define VZCPT_SO_LINGER		(1U << 3)	/* @linger holds the seconds */
#define VZCPT_SO_OOBINLINE	(1U << 4)
#define VZCPT_SO_BROADCAST	(1U << 5)
#define VZCPT_SO_DONTROUTE	(1U << 6)
#define VZCPT_SO_PASSCRED	(1U << 7)
#define VZCPT_SO_RCVBUF		(1U << 8)	/* set explicitly: @rcvbuf holds it */
#define VZCPT_SO_SNDBUF		(1U << 9)	/* set explicitly: @sndbuf holds it */
#define VZCPT_SO_TIMESTAMP	(1U << 10)
#define VZCPT_SO_TIMESTAMPNS	(1U << 11)
#define VZCPT_SO_TSTAMP_NEW	(1U << 12)	/* set by the _NEW forms: 64-bit time in cmsgs */
#define VZCPT_SO_ALL		((1U << 13) - 1)

/**
 * struct vzcpt_img_sockopt - a socket's SOL_SOCKET options, embedded in
 * each family's socket record; restored through the socket's own setsockopt
 * @flags: VZCPT_SO_*
 * @rcvbuf: sk_rcvbuf, the doubled value the kernel keeps, when VZCPT_SO_RCVBUF
 * @sndbuf: sk_sndbuf, likewise, when VZCPT_SO_SNDBUF
 * @priority: SO_PRIORITY
 * @mark: SO_MARK
 * @rcvlowat: SO_RCVLOWAT
 * @linger: SO_LINGER's seconds, when VZCPT_SO_LINGER
 * @rcvtimeo_us: SO_RCVTIMEO in microseconds, 0 for none
 * @sndtimeo_us: SO_SNDTIMEO in microseconds, 0 for none
 * @bound_dev: SO_BINDTODEVICE's device name, NUL-padded; empty for none
 */
struct vzcpt_img_sockopt {
	__u32 flags;
	__s32 rcvbuf;
	__s32 sndbuf;
	__u32 priority;
	__u32 mark;
	__s32 rcvlowat;
	__u32 linger;
	__u32 reserved;
	__s64 rcvtimeo_us;
	__s64 sndtimeo_us;
	char bound_dev[16];
};

/*
 * The largest deleted file whose contents a dump carries (its size, holes
 * included): a dump refuses a bigger one, naming its size.
 */
#define VZCPT_GHOST_MAX_SIZE	(64ULL << 20)
/* The most bytes of a deleted file one GHOST_DATA record carries. */
#define VZCPT_GHOST_CHUNK	(1U << 20)

/* struct vzcpt_img_ghost flags: a memfd (memfd_create()), its path is its name. */
#define VZCPT_GHOST_MEMFD	(1U << 0)
/* A memfd's name after "memfd:", as memfd_create() bounds it (MFD_NAME_MAX_LEN). */
#define VZCPT_MEMFD_NAME_MAX	249U
/* F_SEAL_SEAL, F_SEAL_SHRINK, F_SEAL_GROW, F_SEAL_WRITE, F_SEAL_FUTURE_WRITE */
#define VZCPT_MEMFD_SEALS	0x1fU

/**
 * struct vzcpt_img_ghost - a deleted file still open or mapped (a "ghost"),
 * or a memfd, followed by @path_len bytes: the path it had from the CT's
 * root (the restore makes it again in that directory, or in the CT's root,
 * and deletes it again), or a memfd's name. Its data follow in GHOST_DATA
 * records, in order of offset, @data bytes in all; what they do not cover
 * is a hole.
 * @mode: S_IFREG and the permission bits
 * @uid: @gid: its owner, as the CT's user namespace sees it
 * @size: its size, at most VZCPT_GHOST_MAX_SIZE
 * @data: bytes carried in its GHOST_DATA records
 * @atime_ns: @mtime_ns: its access and modification times, since the epoch
 * @flags: VZCPT_GHOST_*
 * @seals: a memfd's seals (F_GET_SEALS), within VZCPT_MEMFD_SEALS; 0 for a file
 */
struct vzcpt_img_ghost {
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u32 path_len;
	__u64 size;
	__u64 data;
	__s64 atime_ns;
	__s64 mtime_ns;
	__u32 flags;
	__u32 seals;
	__u64 reserved;
};

/**
 * struct vzcpt_img_ghost_data - @len bytes of a deleted file (or of a TMPFS node) at @offset
 */
struct vzcpt_img_ghost_data {
	__u64 offset;
	__u32 len;
	__u32 reserved;
};

/*
 * The files of the CT's /dev and /dev/shm when each is the root of a tmpfs
 * mount: the mounts a restore makes afresh (vzctl's, and LXC's layout), so
 * the image carries what the CT put there. One TMPFS record per node, parents
 * before children, right after the init's TASK record and its IPC namespace
 * (the init makes them, in the CT's context, before any file is opened); a
 * regular file's data follow it in GHOST_DATA records with its id, as a
 * deleted file's do.
 */
/* The longest name of one component of such a path (NAME_MAX). */
#define VZCPT_TMPFS_NAME_MAX	255U
/* Device numbers as the kernel's dev_t holds them: 12 bits of major, 20 of minor. */
#define VZCPT_TMPFS_MAJOR_MAX	0xfffU
#define VZCPT_TMPFS_MINOR_MAX	0xfffffU

/**
 * struct vzcpt_img_tmpfs - one node of the CT's /dev or /dev/shm, followed
 * by @path_len bytes of its path relative to the CT's root ("dev/..."),
 * then @target_len bytes of a symlink's target
 * @mode: its type (a regular file, directory, symlink, FIFO, character or
 *        block device) and permission bits
 * @uid: @gid: its owner, as the CT's user namespace sees it
 * @path_len: at least "dev/" and a name, below VZCPT_PATH_MAX
 * @target_len: a symlink's, 1 to VZCPT_PATH_MAX - 1; 0 for the rest
 * @rdev_major: @rdev_minor: a device node's; 0 for the rest
 * @size: a regular file's, at most VZCPT_GHOST_MAX_SIZE; 0 for the rest
 * @data: bytes of a regular file carried in its GHOST_DATA records
 * @atime_ns: @mtime_ns: its access and modification times, since the epoch
 */
struct vzcpt_img_tmpfs {
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u32 path_len;
	__u32 target_len;
	__u32 rdev_major;
	__u32 rdev_minor;
	__u32 reserved;
	__u64 size;
	__u64 data;
	__s64 atime_ns;
	__s64 mtime_ns;
};

/*
 * The mounts the CT made since it started (vzctl found them in its
 * mountinfo; the dump checked each against the CT's mounts), in the order it
 * made them: after the TMPFS records of /dev and /dev/shm, each MOUNT record
 * then, for a tmpfs, the TMPFS records of its files (their paths under its
 * mount point), each at most VZCPT_MOUNT_MAX of them. The init mounts each
 * again, as mount(2) would, in the CT's mount namespace before any file is
 * opened, and sets each one's flags (read-only too) once all are made.
 */
#define VZCPT_MOUNT_MAX		256U
/* The longest device name of a tmpfs ("tmpfs", "none"...) a dump carries. */
#define VZCPT_MOUNT_DEVNAME_MAX	255U

enum vzcpt_mount_kind {
	VZCPT_MOUNT_TMPFS = 1,	/* a new tmpfs, its files carried */
	VZCPT_MOUNT_BIND,	/* a bind mount of a path of the CT */
	VZCPT_MOUNT_MQUEUE,	/* the CT's IPC namespace's mqueue (its queues are MQ records) */
	VZCPT_MOUNT_PROC,	/* a proc of the CT's pid namespace, with its options */
	VZCPT_MOUNT_NR_KINDS
};

/* The mount's own flags (MNT_*, as mountinfo's fourth field shows them). */
#define VZCPT_MNT_RDONLY	0x01U
#define VZCPT_MNT_NOSUID	0x02U
#define VZCPT_MNT_NODEV		0x04U
#define VZCPT_MNT_NOEXEC	0x08U
#define VZCPT_MNT_NOATIME	0x10U
#define VZCPT_MNT_NODIRATIME	0x20U
#define VZCPT_MNT_RELATIME	0x40U
#define VZCPT_MNT_NOSYMFOLLOW	0x80U
#define VZCPT_MNT_FLAGS		0xffU

/* A tmpfs's superblock flags (SB_*). */
#define VZCPT_MNT_SB_RDONLY	0x01U
#define VZCPT_MNT_SB_SYNC	0x02U
#define VZCPT_MNT_SB_DIRSYNC	0x04U
#define VZCPT_MNT_SB_LAZYTIME	0x08U
#define VZCPT_MNT_SB_FLAGS	0x0fU

/* tmpfs's huge= (SHMEM_HUGE_*): never, always, within_size, advise. */
#define VZCPT_MNT_HUGE_MAX	3U

/**
 * struct vzcpt_img_mount - a mount the CT made, followed by @target_len bytes
 * of its mount point's path relative to the CT's root ("mnt/data"), then
 * @source_len bytes of a bind mount's source path relative to that root ("" for
 * the CT's root itself) or of a new filesystem's device name
 * @kind: enum vzcpt_mount_kind
 * @mnt_flags: VZCPT_MNT_*; not both NOATIME and RELATIME
 * @sb_flags: a tmpfs's VZCPT_MNT_SB_*; 0 for a bind mount
 * @target_len: 1 to VZCPT_PATH_MAX - 1
 * @source_len: a bind mount's, below VZCPT_PATH_MAX; another kind's, 1 to
 *              VZCPT_MOUNT_DEVNAME_MAX
 * @huge: a tmpfs's huge= option, at most VZCPT_MNT_HUGE_MAX
 * @nr_blocks: @nr_inodes: a tmpfs's limits (nr_blocks=, nr_inodes=), 0 for none
 * @mode: @uid: @gid: a tmpfs's mode=, uid= and gid= options (the CT's ids);
 *                    @gid is a proc's gid= too
 * @inode64: a tmpfs's inode64 (1) or inode32 (0) option
 * @root_mode: @root_uid: @root_gid: a tmpfs's root directory now: its mode
 *             (S_IFDIR and permission bits) and owner
 * @root_atime_ns: @root_mtime_ns: its times
 * @mp_mode: @mp_uid: @mp_gid: the node mounted on (a directory, or a
 *           regular file for a bind mount of a file), as the restore makes
 *           it when the CT's tmpfs that held it is made anew
 * @hidepid: a proc's hidepid= (0, 1, 2 or 4)
 * @subset: a proc's subset=pid (1) or none (0)
 */
struct vzcpt_img_mount {
	__u32 kind;
	__u32 mnt_flags;
	__u32 sb_flags;
	__u32 target_len;
	__u32 source_len;
	__u32 huge;
	__u64 nr_blocks;
	__u64 nr_inodes;
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u32 inode64;
	__u32 root_mode;
	__u32 root_uid;
	__u32 root_gid;
	__u32 mp_mode;
	__s64 root_atime_ns;
	__s64 root_mtime_ns;
	__u32 mp_uid;
	__u32 mp_gid;
	__u32 hidepid;
	__u32 subset;
};

/**
 * struct vzcpt_img_fd - one descriptor of the fd table @id
 */
struct vzcpt_img_fd {
	__u32 fd;
	__u32 cloexec;
	__u64 file_id;
};

/**
 * struct vzcpt_img_pipe - a pipe, followed by @len buffered bytes
 */
struct vzcpt_img_pipe {
	__u32 size;		/* capacity, bytes */
	__u32 len;
};

/**
 * struct vzcpt_img_fifo - a named FIFO (mkfifo()) that tasks hold open,
 * followed by @path_len bytes of its path from the CT's root, then @len
 * buffered bytes; its opens are FILE records of kind VZCPT_FILE_FIFO
 */
struct vzcpt_img_fifo {
	__u32 size;		/* capacity, bytes */
	__u32 len;
	__u32 path_len;
	__u32 reserved;
};

/**
 * struct vzcpt_img_sigaction - one handler
 */
struct vzcpt_img_sigaction {
	__u64 handler;
	__u64 flags;
	__u64 restorer;
	__u64 mask;
};

struct vzcpt_img_sighand {
	struct vzcpt_img_sigaction action[VZCPT_NSIG];
};

/**
 * struct vzcpt_img_signals - pending signals of a task, followed by
 * @nr_private + @nr_shared 128-byte siginfos (private ones first). The
 * shared ones (the process's) are in the thread group leader's record
 * only; each queue holds at most 4 * VZCPT_NSIG (a dump with more fails).
 */
struct vzcpt_img_signals {
	__u64 private_mask;
	__u64 shared_mask;
	__u32 nr_private;
	__u32 nr_shared;
};

/**
 * struct vzcpt_img_fs - cwd and root, followed by both paths
 */
struct vzcpt_img_fs {
	__u32 umask;
	__u32 cwd_len;
	__u32 root_len;
	__u32 reserved;
};

/**
 * struct vzcpt_img_end - the trailer
 * @nr_records: records before this one
 * @bytes: image bytes before this record
 */
struct vzcpt_img_end {
	__u64 nr_records;
	__u64 bytes;
};

/* struct vzcpt_img_taskx flags */
#define VZCPT_TASKX_RESTORE_SIGMASK	(1U << 0)	/* saved_sigmask goes back on return */
#define VZCPT_TASKX_NO_NEW_PRIVS	(1U << 1)
#define VZCPT_TASKX_SUBREAPER		(1U << 2)	/* PR_SET_CHILD_SUBREAPER */
#define VZCPT_TASKX_RESET_ON_FORK	(1U << 3)	/* SCHED_RESET_ON_FORK */
#define VZCPT_TASKX_ALL_CPUS		(1U << 4)	/* may run on every CPU: cpus unused */
/* Continued (SIGCONT) after a stop, the parent's wait(WCONTINUED) not done yet */
#define VZCPT_TASKX_CONTINUED		(1U << 5)
/* ... and the parent's SIGCHLD (CLD_CONTINUED) not sent yet */
#define VZCPT_TASKX_CLD_CONTINUED	(1U << 6)
/* In a group stop (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU): stop_signal says which */
#define VZCPT_TASKX_STOPPED		(1U << 7)
/* ... and the parent's wait(WUNTRACED) has not taken the stop yet (the leader's record) */
#define VZCPT_TASKX_STOP_UNREPORTED	(1U << 8)
#define VZCPT_TASKX_FLAGS		0x1ffU

#define VZCPT_TASKX_CPU_WORDS	16	/* CPUs 0..1023 */
#define VZCPT_SS_ONSTACK	1U
#define VZCPT_SS_DISABLE	2U
#define VZCPT_SS_AUTODISARM	(1U << 31)

/**
 * struct vzcpt_img_taskx - per-task state beyond the TASK record
 * @policy: SCHED_OTHER (0), FIFO (1), RR (2), BATCH (3) or IDLE (5)
 * @rt_priority: 1..99 under FIFO and RR, 0 otherwise
 * @nice: -20..19, kept under every policy
 * @flags: VZCPT_TASKX_*
 * @cpus: the CPUs the task may run on (affinity), unless VZCPT_TASKX_ALL_CPUS
 * @ss_sp: sigaltstack: base, size and flags (VZCPT_SS_*)
 * @saved_sigmask: the mask a sigsuspend/ppoll/pselect/epoll_pwait put
 *	aside, back in place when the call returns (VZCPT_TASKX_RESTORE_SIGMASK)
 * @oom_score_adj: and @oom_score_adj_min: per process (the thread group
 *	leader's record; zero in a thread's)
 * @stop_signal: the signal that stopped the task (VZCPT_TASKX_STOPPED), else 0
 * @ioprio: the I/O priority set by ioprio_set() (class << 13 | level), 0 for
 *	none set (the task's nice then decides it)
 * @robust_list: the head set_robust_list() registered, 0 for none
 * @timer_slack_ns: PR_SET_TIMERSLACK's slack, 0 to keep the one inherited
 * @reserved: zero
 */
struct vzcpt_img_taskx {
	__u32 policy;
	__u32 rt_priority;
	__s32 nice;
	__u32 flags;
	__u64 cpus[VZCPT_TASKX_CPU_WORDS];
	__u64 ss_sp;
	__u64 ss_size;
	__u32 ss_flags;
	__s16 oom_score_adj;
	__s16 oom_score_adj_min;
	__u64 saved_sigmask;
	__u32 stop_signal;
	__u32 ioprio;
	__u64 robust_list;
	__u64 timer_slack_ns;
	__u64 reserved[1];
};

/**
 * struct vzcpt_img_ipcns - the CT's IPC namespace: its sysctls, then its
 * SysV objects (@nr_sem SEM records, then @nr_msq MSQ records each with its
 * messages, then @nr_shm SHM records each with its pages). Ids are as the
 * CT's user namespace sees them.
 * @shmmax: and the others: kernel.shmmax, shmall, shmmni, shm_rmid_forced,
 *	msgmax, msgmnb, msgmni and kernel.sem (semmsl, semmns, semopm, semmni)
 * @nr_shm: the SHM records that follow the message queues
 * @reserved: zero
 */
struct vzcpt_img_ipcns {
	__u64 shmmax;
	__u64 shmall;
	__u32 shmmni;
	__u32 shm_rmid_forced;
	__u32 msgmax;
	__u32 msgmnb;
	__u32 msgmni;
	__u32 sem[4];
	__u32 nr_sem;
	__u32 nr_msq;
	__u32 nr_shm;
	__u64 reserved[2];
};

/* struct vzcpt_img_unix state */
enum vzcpt_unix_state {
	VZCPT_UNIX_UNCONNECTED = 1,	/* a new socket, or a datagram one with no peer */
	VZCPT_UNIX_PAIR,		/* connected to @peer_id, which is connected to it */
	VZCPT_UNIX_CONNECTED,		/* datagram: to bound @peer_id, one way; it comes first */
	VZCPT_UNIX_LISTEN,		/* stream or seqpacket: listening at its name; the
					 * connections waiting to be accepted come right
					 * after it, in the order accept() takes them
					 */
	VZCPT_UNIX_QUEUED,		/* stream or seqpacket: connected to listener
					 * @peer_id, not accepted yet; its queue is what it
					 * sent, waiting for the accepted side
					 */
};

/* The bytes of a sun_path an image may carry (struct sockaddr_un). */
#define VZCPT_UNIX_PATH_MAX	108U
/* struct vzcpt_img_unix shutdown: as the kernel's RCV_SHUTDOWN and SEND_SHUTDOWN */
#define VZCPT_UNIX_SHUT_RCV	1U
#define VZCPT_UNIX_SHUT_SEND	2U

/**
 * struct vzcpt_img_unix - one AF_UNIX socket, each once, in the FILES stage of
 *	the first task to hold it
 * @type: SOCK_STREAM (1), SOCK_DGRAM (2) or SOCK_SEQPACKET (5)
 * @state: enum vzcpt_unix_state
 * @peer_id: VZCPT_UNIX_PAIR: the peer's UNIX record, which comes right after
 *	this one if it did not come before (a pair is made at once);
 *	VZCPT_UNIX_CONNECTED: its bound peer's, before it; VZCPT_UNIX_QUEUED:
 *	its listener's, right before it and the others queued ahead; else 0
 * @shutdown: VZCPT_UNIX_SHUT_*, as the socket has them
 * @peek_off: SO_PEEK_OFF, -1 when unused
 * @name_len: bytes of its address after the struct, zero-padded to a
 *	multiple of 8: the sun_path bytes getsockname() gives, with no
 *	trailing NUL (a filesystem name: an absolute path from the CT's root;
 *	an abstract name: a NUL and its bytes); 0: unbound
 * @nr_msgs: the messages queued for it to read, each a struct
 *	vzcpt_img_unix_msg after the name: a datagram or seqpacket socket's
 *	messages; a stream's runs of bytes, each from one sender with the same
 *	credentials, a run with files ending where they came (a reader stops
 *	there); none for an empty queue
 * @qlen: the bytes after the messages and their files' ids: for each
 *	message in turn its sender's name and its bytes (VZCPT_UNIX_QUEUED:
 *	what it sent, queued for the side accept() will give)
 * @peer_pid: SO_PEERCRED: the peer's pid as the CT sees it (0: none); a
 *	listener's are those of the process that called listen() (its
 *	clients get them), pid 0 if that process is gone, and so are its
 *	clients' (VZCPT_UNIX_QUEUED, and the pair of a VZCPT_UNIX_ACCEPTED one)
 *	and a VZCPT_UNIX_CLOSED socket's survivor's; a datagram pair's
 *	survivor connected one way to the closed one has none (uid, gid -1);
 *	a datagram socket connected one way or not at all keeps those a
 *	socketpair() gave it before it was connected elsewhere or disconnected
 *	(connect() of AF_UNSPEC), or has none
 * @peer_uid: and its uid and gid, as the CT's user namespace sees them
 * @opt: its SOL_SOCKET options
 * @fmode: a filesystem name: its socket file's permission bits (07777)
 * @fuid: and its owner, as the CT's user namespace sees them
 * @fgid: (all three zero for no filesystem name)
 * @flags: VZCPT_UNIX_UNLINKED, VZCPT_UNIX_ACCEPTED, VZCPT_UNIX_CLOSED,
 *	VZCPT_UNIX_RESET or zero
 * @backlog: VZCPT_UNIX_LISTEN: listen()'s backlog as the socket has it
 *	(sk_max_ack_backlog, at most INT_MAX); else zero
 * @conn_pid: VZCPT_UNIX_QUEUED: the SO_PEERCRED that the side accept() will
 *	give has: the pid of the process that called connect(), as the CT sees
 *	it (0 for a VZCPT_UNIX_CLOSED client's process that is gone)
 * @conn_uid: and its euid and egid, as the CT's user namespace sees them
 * @conn_gid: (all three zero in other states)
 * @nr_fds: the files in flight (SCM_RIGHTS) of all its messages: as many
 *	__u64 ids of FILE records before it, after the messages, in the order
 *	of the messages and of each one's files; or VZCPT_UNIX_FD_SOCK | the id
 *	of this socket or, of a pair, of its other socket: that socket's own
 *	file (a socket passed over itself or its peer), which the restore makes
 *	for the message and the socket's FILE record, if any, takes up
 * @reserved: zero
 */
struct vzcpt_img_unix {
	__u32 type;
	__u32 state;
	__u64 peer_id;
	__u32 shutdown;
	__s32 peek_off;
	__u32 name_len;
	__u32 nr_msgs;
	__u32 qlen;
	__s32 peer_pid;
	__u32 peer_uid;
	__u32 peer_gid;
	struct vzcpt_img_sockopt opt;
	__u32 fmode;
	__u32 fuid;
	__u32 fgid;
	__u32 flags;
	__u32 backlog;
	__s32 conn_pid;
	__u32 conn_uid;
	__u32 conn_gid;
	__u32 nr_fds;
	__u32 reserved;
};

/* In struct vzcpt_img_unix's files in flight: a socket's own file, by the socket's id. */
#define VZCPT_UNIX_FD_SOCK	(1ULL << 63)

/* struct vzcpt_img_unix flags */
/*
 * A filesystem name whose socket file was unlinked since the bind: the
 * name stays the socket's (getsockname(), a sender's address), no file
 * reaches it. @fmode, @fuid and @fgid are the unlinked file's.
 */
#define VZCPT_UNIX_UNLINKED	(1U << 0)
/*
 * VZCPT_UNIX_PAIR, stream or seqpacket: the side accept() gave. Its name is
 * the listener's, which accept() gave it: getsockname() gives it, and its
 * peer's getpeername(); it is bound nowhere, and has no file mode or owner.
 */
#define VZCPT_UNIX_ACCEPTED	(1U << 1)
/*
 * A socket that was closed, which no task holds and no FILE names: the
 * VZCPT_UNIX_PAIR peer of a socket that stays connected to it (its other
 * record, right before or after it), or a client (VZCPT_UNIX_QUEUED) closed
 * before its listener accepted its connection. The restore makes it, sends
 * what its record and its survivor's queue say it sent, and closes it: the
 * kernel's release then sets the survivor's (or the side accept() will
 * give's) shutdowns, as it did. Its name is given as accept() gives one,
 * bound nowhere: its survivor's getpeername() gives it. It has no file mode
 * or owner, no SO_PEERCRED (pid 0, uid and gid -1), no peek offset (-1),
 * of its options only SO_SNDBUF, and @shutdown both. A pair's closed
 * socket has no queue (its release dropped it).
 */
#define VZCPT_UNIX_CLOSED	(1U << 2)
/*
 * VZCPT_UNIX_CLOSED stream or seqpacket pair's socket, closed with data
 * unread: its survivor has ECONNRESET pending (read once, before the EOF).
 * The restore queues a byte on it before it closes it.
 */
#define VZCPT_UNIX_RESET	(1U << 3)

/* struct vzcpt_img_inet states */
enum vzcpt_inet_state {
	VZCPT_INET_CLOSED = 1,	/* neither listening nor connected; bound if sport != 0 */
	VZCPT_INET_LISTEN,	/* TCP: listening on saddr:sport */
	VZCPT_INET_CONNECTED,	/* UDP: connected to daddr:dport */
	VZCPT_INET_ESTABLISHED,	/* TCP: a connection; a struct vzcpt_img_tcp follows */
	VZCPT_INET_ACCEPTQ,	/* TCP: a connection not accepted yet; see below */
	VZCPT_INET_ORPHAN,	/* TCP: a connection its task closed; see below */
	VZCPT_INET_CONNECTING,	/* TCP: connect() to daddr:dport in progress; see below */
	VZCPT_INET_CONNFAILED,	/* TCP: connect() to daddr:dport failed, not told; see below */
};

/*
 * A TCP socket whose connect() has sent its SYN and waits for the answer
 * (SYN_SENT), its task's connect() or poll() waiting with it or not: the
 * restore binds it to its port and connects it again without waiting, which
 * sends a new SYN (its tries and their timeouts start again); the task's
 * restarted connect() or its poll() waits for that one. Nothing follows the
 * record. A SYN with data (TCP Fast Open) is not carried.
 */

/*
 * A TCP socket whose connect() failed (a reset, an ICMP error or its SYNs
 * timed out) before its task was told: its next connect() returns @err, or
 * ECONNABORTED once SO_ERROR took it, and it polls as ended. It keeps its
 * local address and port; a port the kernel chose (VZCPT_INET_AUTOPORT) is
 * free already. The restore connects it in repair mode, which sends
 * nothing, and ends it as the failure did. Nothing follows the record.
 */

/*
 * The connections of the CT's network namespace that their tasks closed
 * and the kernel still closes (orphans: their FIN not acknowledged yet,
 * after the bytes they still send; FIN_WAIT1, LAST_ACK, CLOSING) come at
 * the end of the fd table the image holds last, after its FD and LOCK
 * records (after every listener, whose port a server's orphan has): each
 * an INET record of its
 * own id in state VZCPT_INET_ORPHAN, with VZCPT_TCP_FIN_QUEUED, nothing to
 * read (what came after the close is dropped), its struct vzcpt_img_tcp
 * and its TCP_QUEUE records. The restore rebuilds each and closes it, as
 * its task did. No FILE record names one. Those that only wait for the
 * peer's FIN or in TIME_WAIT are not carried.
 */

/*
 * A listener's connections that accept() has not taken yet follow its
 * record (and its filter's), in the order accept() takes them: each an
 * INET record of its own id in state VZCPT_INET_ACCEPTQ (an established
 * connection on the listener's port, which has sent nothing, or one its
 * client reset, VZCPT_TCP_ENDED, with its struct vzcpt_img_tcp and its
 * TCP_QUEUE records), and its filter's record
 * if it has one. The listener's FILE record comes next; no FILE record
 * names such a connection: the listener holds it.
 */

/* struct vzcpt_img_inet flags */
#define VZCPT_INET_BOUND	(1U << 0)	/* has a local port (bind, listen or connect) */
#define VZCPT_INET_V6ONLY	(1U << 1)	/* IPV6_V6ONLY */
#define VZCPT_INET_NODELAY	(1U << 2)	/* TCP_NODELAY */
#define VZCPT_INET_CORK		(1U << 3)	/* TCP_CORK */
#define VZCPT_INET_RECVERR	(1U << 4)	/* IP_RECVERR / IPV6_RECVERR */
#define VZCPT_INET_FREEBIND	(1U << 5)	/* IP_FREEBIND */
#define VZCPT_INET_NO_PORT	(1U << 6)	/* IP_BIND_ADDRESS_NO_PORT */
#define VZCPT_INET_HDRINCL	(1U << 7)	/* raw: IP_HDRINCL / IPV6_HDRINCL */
/*
 * The task's shutdown() of reading (reads give what is queued, then EOF)
 * and of writing (writes fail with EPIPE): on a datagram or raw socket,
 * either, connected or not; on a TCP connection, reading only, and only
 * before its peer's FIN came (a FIN shuts reading down by itself; a TCP
 * connection's shutdown of writing is its own FIN, VZCPT_TCP_FIN_*).
 */
#define VZCPT_INET_SHUT_RD	(1U << 8)
#define VZCPT_INET_SHUT_WR	(1U << 9)
/*
 * A TCP or UDP socket's port that no bind() of its task named (connect(),
 * listen() or bind() to port 0 chose it; a listener's connections are
 * given theirs): it is given back when the connection ends or is
 * disconnected (no SOCK_BINDPORT_LOCK). With VZCPT_INET_BOUND only.
 */
#define VZCPT_INET_AUTOPORT	(1U << 10)
#define VZCPT_INET_FLAGS	0x7ffU

/* struct vzcpt_img_inet raw_checksum: IPV6_CHECKSUM off */
#define VZCPT_INET_NO_CHECKSUM	(-1)

/* What a socket reports with each datagram (struct vzcpt_img_inet recv4, recv6) */
#define VZCPT_INET_RECV_PKTINFO	(1U << 0)	/* IP_PKTINFO / IPV6_RECVPKTINFO */
#define VZCPT_INET_RECV_TTL	(1U << 1)	/* IP_RECVTTL / IPV6_RECVHOPLIMIT */
#define VZCPT_INET_RECV_TOS	(1U << 2)	/* IP_RECVTOS / IPV6_RECVTCLASS */
#define VZCPT_INET_RECV_ORIGDST	(1U << 3)	/* IP_RECVORIGDSTADDR / IPV6_RECVORIGDSTADDR */
#define VZCPT_INET_RECV_ALL	0xfU

/**
 * struct vzcpt_img_inet - a TCP, UDP, ping or raw socket over IPv4 or IPv6
 * @opt: its SOL_SOCKET options
 * @family: AF_INET (2) or AF_INET6 (10)
 * @type: SOCK_STREAM (1, with @protocol IPPROTO_TCP, 6), SOCK_DGRAM (2,
 *	with IPPROTO_UDP, 17, or a ping socket's IPPROTO_ICMP, 1, on IPv4 and
 *	IPPROTO_ICMPV6, 58, on IPv6) or SOCK_RAW (3, any @protocol 1..255)
 * @state: enum vzcpt_inet_state
 * @saddr: the local address (IPv4: the first 4 bytes), network order
 * @daddr: the peer's (VZCPT_INET_CONNECTED, _ESTABLISHED, _ACCEPTQ, _ORPHAN,
 *	_CONNECTING, _CONNFAILED), network order
 * @sport: the local port, host order; a ping socket's echo identifier; 0
 *	unbound, and always 0 on a raw socket (bound if @saddr is set)
 * @dport: the peer's port, host order
 * @flags: VZCPT_INET_*
 * @backlog: listen()'s backlog (VZCPT_INET_LISTEN)
 * @defer_accept: TCP_DEFER_ACCEPT's seconds as getsockopt() gives them
 * @keepidle: TCP_KEEPIDLE, seconds; 0: the namespace's default
 * @keepintvl: TCP_KEEPINTVL, seconds; 0: the default
 * @keepcnt: TCP_KEEPCNT; 0: the default
 * @user_timeout: TCP_USER_TIMEOUT, ms
 * @maxseg: TCP_MAXSEG as set; 0: none set
 * @ttl: IP_TTL / IPV6_UNICAST_HOPS; -1: the default
 * @tos: IP_TOS
 * @tclass: IPV6_TCLASS
 * @recv4: VZCPT_INET_RECV_* of the IPv4 level (IP_PKTINFO...)
 * @recv6: VZCPT_INET_RECV_* of the IPv6 level (IPV6_RECVPKTINFO...)
 * @pmtudisc: IP_MTU_DISCOVER / IPV6_MTU_DISCOVER (0..5)
 * @nr_dgrams: UDP, ping, raw: datagrams queued to be read; each a struct
 *	vzcpt_img_dgram and its bytes, padded to 8, follow in queue order.
 *	TCP, VZCPT_INET_ESTABLISHED, _ACCEPTQ or _ORPHAN: 0; a struct vzcpt_img_tcp follows (and
 *	nothing else); its queues' bytes follow the record in VZCPT_REC_TCP_QUEUE
 *	records
 * @icmp_filter: a raw ICMP socket's ICMP_FILTER (the first word: a bit per
 *	type dropped), a raw ICMPv6 socket's ICMP6_FILTER (a bit per type
 *	dropped); zero on any other socket
 * @raw_checksum: a raw IPv6 socket's IPV6_CHECKSUM offset (even), or
 *	VZCPT_INET_NO_CHECKSUM (an ICMPv6 one's is 2 unless set otherwise);
 *	any other socket's VZCPT_INET_NO_CHECKSUM
 * @syncnt: TCP_SYNCNT, 1..127 (a listener's: its SYN-ACKs' tries); 0: the default
 * @err: the error pending on it (SO_ERROR: a reset, a refused connect() or
 *	send(), an ICMP error), which the next call on it reports once; 0: none.
 *	A positive errno; only VZCPT_INET_CLOSED, _CONNECTED, _ESTABLISHED,
 *	_ACCEPTQ and _CONNFAILED
 */
struct vzcpt_img_inet {
	struct vzcpt_img_sockopt opt;
	__u16 family;
	__u16 type;
	__u16 protocol;
	__u16 state;
	__u8 saddr[16];
	__u8 daddr[16];
	__u16 sport;
	__u16 dport;
	__u32 flags;
	__u32 backlog;
	__u32 defer_accept;
	__u32 keepidle;
	__u32 keepintvl;
	__u32 keepcnt;
	__u32 user_timeout;
	__u32 maxseg;
	__s32 ttl;
	__u8 tos;
	__u8 tclass;
	__u8 recv4;
	__u8 recv6;
	__u32 pmtudisc;
	__u32 nr_dgrams;
	__u32 icmp_filter[8];
	__s32 raw_checksum;
	__u16 syncnt;
	__u16 err;
};

/**
 * struct vzcpt_img_ipc_perm - a SysV object's identity and owners
 * @id: its id (semid, msqid), kept across the restore
 * @key: its key, IPC_PRIVATE (0) or unique among objects of its kind
 * @uid: owner, @gid: its group, @cuid and @cgid: its creator's
 * @mode: permission bits (0777)
 */
struct vzcpt_img_ipc_perm {
	__s32 id;
	__s32 key;
	__u32 uid, gid, cuid, cgid;
	__u32 mode;
	__u32 reserved;
};

/**
 * struct vzcpt_img_sem - a semaphore set, followed by @nsems __u16 values
 * (each at most SEMVMX). Semaphore pids and times are not carried: they
 * read as the restorer's and the restore's.
 */
struct vzcpt_img_sem {
	struct vzcpt_img_ipc_perm perm;
	__u32 nsems;
	__u32 reserved;
};

/**
 * struct vzcpt_img_semundo - one entry of a task's semaphore undo list
 * @semid: the set (a SEM record of the image), in ascending order in a list
 * @nsems: the set's semaphores; as many __s16 adjustments follow, each what
 *         exit() adds to its semaphore (semadj, the sum of the -sem_op of
 *         the list's SEM_UNDO operations on it)
 */
struct vzcpt_img_semundo {
	__s32 semid;
	__u32 nsems;
};

/* A seccomp filter was added with SECCOMP_FILTER_FLAG_LOG. */
#define VZCPT_SECCOMP_LOG	(1U << 0)
/* The longest program (BPF_MAXINSNS), and a chain's (MAX_INSNS_PER_PATH, 4 per filter more). */
#define VZCPT_SECCOMP_MAX_INSNS	4096U
#define VZCPT_SECCOMP_MAX_PATH	32768U

/**
 * struct vzcpt_img_seccomp - one seccomp filter, carried once whoever shares it
 * @prev_id: the filter it was added above (SECCOMP record before it), 0
 *           for the root of a chain
 * @flags: VZCPT_SECCOMP_*
 * @len: its instructions: as many struct vzcpt_img_sock_filter follow, the
 *       classic BPF program as seccomp() got it (PTRACE_SECCOMP_GET_FILTER's)
 */
struct vzcpt_img_seccomp {
	__u64 prev_id;
	__u32 flags;
	__u32 len;
};

/* struct sock_filter */
struct vzcpt_img_sock_filter {
	__u16 code;
	__u8 jt;
	__u8 jf;
	__u32 k;
};

/**
 * struct vzcpt_img_msq - a message queue; @nr_msgs MSG records follow, in
 * queue order
 * @qbytes: its byte limit (msg_qbytes)
 */
struct vzcpt_img_msq {
	struct vzcpt_img_ipc_perm perm;
	__u64 qbytes;
	__u32 nr_msgs;
	__u32 reserved;
};

/**
 * struct vzcpt_img_shm - a SysV shared memory segment; PAGES records of id
 * 0 follow with its @nr_pages pages that exist (a hole stays a hole), their
 * @start the offset in the segment. Its times, its creator's and last
 * attacher's pids are not carried: they read as the restore's (the CT's
 * init made it, and is the creator shm_rmid_forced goes by; the last task
 * restored that maps it attached it last).
 * @size: shm_segsz, at least 1, at most the namespace's shmmax
 * @flags: VZCPT_SHM_*
 * @nattch: the mappings of it in the CT (VZCPT_VMA_SYSV), all of them
 */
struct vzcpt_img_shm {
	struct vzcpt_img_ipc_perm perm;
	__u64 size;
	__u64 nr_pages;
	__u32 flags;
	__u32 nattch;
	__u64 reserved;
};

/* struct vzcpt_img_shm flags */
#define VZCPT_SHM_LOCKED	(1U << 0)	/* SHM_LOCK'ed */
#define VZCPT_SHM_DEST		(1U << 1)	/* IPC_RMID'd, destroyed at its last detach */
#define VZCPT_SHM_NORESERVE	(1U << 2)	/* made with SHM_NORESERVE */

/**
 * struct vzcpt_img_msg - one queued message, followed by @len bytes of text
 */
struct vzcpt_img_msg {
	__s64 mtype;
	__u32 len;
	__u32 reserved;
};

/*
 * POSIX message queues: the mqueue filesystem of the CT's IPC namespace.
 * One MQNS record right after the namespace's SysV objects (only with an
 * IPCNS record), then @nr_queues MQ records, the queues unlinked since
 * (held open by some fd) first, each followed by its messages in the order
 * mq_receive() takes them (priority down, oldest first within one).
 */
#define VZCPT_MQ_NAME_MAX	255U		/* NAME_MAX */
#define VZCPT_MQ_PRIO_MAX	32768U		/* MQ_PRIO_MAX: priorities are below it */
#define VZCPT_MQ_HARD_MSGMAX	65536U		/* HARD_MSGMAX */
#define VZCPT_MQ_HARD_MSGSIZEMAX (16U << 20)	/* HARD_MSGSIZEMAX */
#define VZCPT_MQ_MIN_MSGSIZEMAX	128U		/* MIN_MSGSIZEMAX */

/**
 * struct vzcpt_img_mqns - the limits of the namespace's message queues
 * @queues_max: fs.mqueue.queues_max
 * @msg_max: fs.mqueue.msg_max, 1 to VZCPT_MQ_HARD_MSGMAX
 * @msgsize_max: fs.mqueue.msgsize_max, VZCPT_MQ_MIN_MSGSIZEMAX to
 *	VZCPT_MQ_HARD_MSGSIZEMAX
 * @msg_default: fs.mqueue.msg_default, as msg_max is bounded
 * @msgsize_default: fs.mqueue.msgsize_default, as msgsize_max is bounded
 * @nr_queues: the MQ records that follow
 * @reserved: zero
 */
struct vzcpt_img_mqns {
	__u32 queues_max;
	__u32 msg_max;
	__u32 msgsize_max;
	__u32 msg_default;
	__u32 msgsize_default;
	__u32 nr_queues;
	__u64 reserved;
};

/* struct vzcpt_img_mq @notify: what mq_notify() registered */
#define VZCPT_MQ_NOTIFY_OFF	0	/* no registration */
#define VZCPT_MQ_NOTIFY_NONE	1	/* SIGEV_NONE */
#define VZCPT_MQ_NOTIFY_SIGNAL	2	/* SIGEV_SIGNAL */

/* struct vzcpt_img_mq @flags */
#define VZCPT_MQ_UNLINKED	(1U << 0)	/* mq_unlink()ed, still open */

/**
 * struct vzcpt_img_mq - one queue, followed by @name_len bytes of its name
 * (no '/', not "." or ".."; an unlinked queue's is the name it had)
 * @mode: its permission bits (07777)
 * @uid: @gid: its owner, as the CT's user namespace sees it
 * @maxmsg: @msgsize: mq_maxmsg and mq_msgsize, at least 1
 * @nr_msgs: the MQ_MSG records that follow, at most @maxmsg
 * @flags: VZCPT_MQ_*
 * @notify: VZCPT_MQ_NOTIFY_*
 * @notify_signo: SIGEV_SIGNAL's signal (0: none is sent)
 * @notify_pid: the process that registered it, its pid in the CT; 0 without
 * @notify_value: sigev_value
 * @atime_ns: @mtime_ns: its access and modification times, since the epoch
 */
struct vzcpt_img_mq {
	__u32 mode;
	__u32 uid;
	__u32 gid;
	__u32 name_len;
	__u32 maxmsg;
	__u32 msgsize;
	__u32 nr_msgs;
	__u32 flags;
	__u32 notify;
	__u32 notify_signo;
	__s32 notify_pid;
	__u32 reserved;
	__u64 notify_value;
	__s64 atime_ns;
	__s64 mtime_ns;
};

/**
 * struct vzcpt_img_mq_msg - one message of a queue, followed by @len bytes
 * @prio: its priority, below VZCPT_MQ_PRIO_MAX
 * @len: at most the queue's msgsize
 */
struct vzcpt_img_mq_msg {
	__u32 prio;
	__u32 len;
};

/* The state of one itimer (struct vzcpt_img_itimer) */
enum vzcpt_itimer_state {
	VZCPT_ITIMER_OFF,	/* not armed; a CPU itimer may keep an interval */
	VZCPT_ITIMER_ARMED,	/* fires @value_ns from the freeze */
	/*
	 * ITIMER_REAL only: fired @value_ns (<= 0) from the freeze, its SIGALRM
	 * still pending; armed again by @interval_ns when the SIGALRM is taken
	 */
	VZCPT_ITIMER_REARM,
};

/**
 * struct vzcpt_img_itimer - one of setitimer()'s timers
 * @value_ns: time to the next expiry, from the freeze, on the timer's
 *	clock: the CT's monotonic clock for ITIMER_REAL, the process's CPU
 *	time (user for VIRTUAL, user and system for PROF) for the others
 * @interval_ns: the period, 0 for a one-shot
 * @state: enum vzcpt_itimer_state
 * @reserved: zero
 */
struct vzcpt_img_itimer {
	__s64 value_ns;
	__u64 interval_ns;
	__u32 state;
	__u32 reserved;
};

#define VZCPT_ITIMER_REAL	0
#define VZCPT_ITIMER_VIRTUAL	1
#define VZCPT_ITIMER_PROF	2
#define VZCPT_NR_ITIMERS	3
/* The most POSIX timers of one process an image carries (a dump with more fails). */
#define VZCPT_POSIX_TIMERS_MAX	4096

/**
 * struct vzcpt_img_timers - a process's timers, in its thread group
 * leader's stream after its TASKX; followed by @nr_posix struct
 * vzcpt_img_posix_timer, in increasing @id order
 * @itimer: indexed by VZCPT_ITIMER_*
 * @nr_posix: POSIX timers (timer_create) that follow
 * @next_posix_id: the id the process's next timer_create() tries first
 * @reserved: zero
 */
struct vzcpt_img_timers {
	struct vzcpt_img_itimer itimer[VZCPT_NR_ITIMERS];
	__u32 nr_posix;
	__u32 next_posix_id;
	__u64 reserved[2];
};

/* struct vzcpt_img_posix_timer flags */
#define VZCPT_PTIMER_ARMED	(1U << 0)	/* @value_ns is the next expiry */
#define VZCPT_PTIMER_ABSTIME	(1U << 1)	/* CLOCK_REALTIME, set TIMER_ABSTIME: wall time */
#define VZCPT_PTIMER_QUEUED	(1U << 2)	/* its signal is queued, not yet taken */
#define VZCPT_PTIMER_REARM	(1U << 3)	/* QUEUED: taking the signal arms it again */
#define VZCPT_PTIMER_FLAGS	0xfU

/**
 * struct vzcpt_img_posix_timer - one timer_create() timer
 * @id: its timer id (timer_t), the same after the restore
 * @clockid: CLOCK_REALTIME (0), CLOCK_MONOTONIC (1), CLOCK_BOOTTIME (7) or a
 *	CPU-time clock as the kernel encodes it (negative: a CT pid, or 0 for the
 *	timer's own process or thread; its time left is that clock's CPU time)
 * @notify: SIGEV_SIGNAL (0), SIGEV_NONE (1) or SIGEV_THREAD_ID (4)
 * @signo: the signal it sends (1..VZCPT_NSIG; 0..VZCPT_NSIG for SIGEV_NONE)
 * @sigval: the si_value its signal carries
 * @target: SIGEV_THREAD_ID: the thread it signals (CT pid), else 0
 * @flags: VZCPT_PTIMER_*
 * @value_ns: ARMED: time from the freeze to the next expiry, on its clock
 *	(the CT's continuous clocks; wall time for ABSTIME), at least 1;
 *	REARM: its last expiry, from the freeze (negative: before it), which
 *	taking the signal moves on by @interval_ns, counting overruns; else 0
 * @interval_ns: the period, 0 for a one-shot
 * @overrun: overruns counted since its last signal was queued (-1: none yet)
 * @overrun_last: what timer_getoverrun() returns (of the last signal taken)
 * @sig_overrun: QUEUED: the si_overrun of its queued signal (each expiry
 *	while it was queued); else 0
 * @queue_seq: QUEUED: how many other timers' signals are ahead of its own
 *	in the same queue (the process's, or its target thread's); else 0
 *
 * A timer's signal is queued as the timer's own (one per timer, which the
 * kernel keeps apart from other senders' signals), not in the SIGNALS
 * record: the restore queues it again after the task's other signals.
 */
struct vzcpt_img_posix_timer {
	__s32 id;
	__s32 clockid;
	__u32 notify;
	__s32 signo;
	__u64 sigval;
	__s32 target;
	__u32 flags;
	__s64 value_ns;
	__u64 interval_ns;
	__s64 overrun;
	__s64 overrun_last;
	__s32 sig_overrun;
	__u32 queue_seq;
};

/* struct vzcpt_img_eventfd flags: EFD_SEMAPHORE */
#define VZCPT_EFD_SEMAPHORE	1U

/**
 * struct vzcpt_img_eventfd - an eventfd's counter and mode
 * @count: the counter (a read returns it, or 1 in semaphore mode)
 * @flags: VZCPT_EFD_*
 * @reserved: zero
 */
struct vzcpt_img_eventfd {
	__u64 count;
	__u32 flags;
	__u32 reserved;
};

/**
 * struct vzcpt_img_signalfd - the signals a signalfd reads
 * @sigmask: bit N - 1 for signal N; never SIGKILL or SIGSTOP
 * @reserved: zero
 */
struct vzcpt_img_signalfd {
	__u64 sigmask;
	__u64 reserved;
};

/* struct vzcpt_img_timerfd settime_flags: TFD_TIMER_ABSTIME, TFD_TIMER_CANCEL_ON_SET */
#define VZCPT_TFD_ABSTIME		(1U << 0)
#define VZCPT_TFD_CANCEL_ON_SET		(1U << 1)

/**
 * struct vzcpt_img_timerfd - a timerfd's clock, timer and expirations unread
 * @clockid: CLOCK_REALTIME (0), CLOCK_MONOTONIC (1) or CLOCK_BOOTTIME (7)
 * @settime_flags: VZCPT_TFD_*, as the last timerfd_settime() had them
 * @value_ns: when it next fires: with VZCPT_TFD_ABSTIME the time on its
 *	clock as the CT sees it (its time namespace's offsets applied), else
 *	the time that was left when the CT froze; 0: disarmed
 * @interval_ns: its period, 0 for a one-shot timer
 * @ticks: the expirations not read yet (what a read returns)
 * @reserved: zero
 */
struct vzcpt_img_timerfd {
	__u32 clockid;
	__u32 settime_flags;
	__s64 value_ns;
	__s64 interval_ns;
	__u64 ticks;
	__u64 reserved;
};

/**
 * struct vzcpt_img_epoll - an epoll instance, followed by @nr struct
 * vzcpt_img_epoll_tfd: what it watches, each target a file of the image
 * defined before it
 */
struct vzcpt_img_epoll {
	__u32 nr;
	__u32 reserved;
};

/*
 * The events an epoll target may have: EPOLLIN ... EPOLLMSG, EPOLLRDHUP,
 * and EPOLLEXCLUSIVE, EPOLLWAKEUP, EPOLLONESHOT, EPOLLET.
 */
#define VZCPT_EPOLL_EVENTS	0xf00027ffU

/**
 * struct vzcpt_img_epoll_tfd - one watched file
 * @file_id: the file (its FILE record's id)
 * @data: the user's epoll_data
 * @fd: the fd number it was added with (its key with the file)
 * @events: EPOLL* as set, with EPOLLET, EPOLLONESHOT, EPOLLEXCLUSIVE,
 *	EPOLLWAKEUP (a one-shot that fired keeps only those)
 */
struct vzcpt_img_epoll_tfd {
	__u64 file_id;
	__u64 data;
	__u32 fd;
	__u32 events;
};

/**
 * struct vzcpt_img_inotify - an inotify instance, followed by @nr struct
 * vzcpt_img_inotify_wd, each followed by its path padded with zeroes to a
 * multiple of 8, then by @nr_events struct vzcpt_img_inotify_ev, each
 * followed by its name padded likewise
 * @nr: its watches, in increasing order of wd
 * @next_wd: where the kernel's search for the next wd starts (its idr's
 *	cyclic cursor, 0 for an instance that never had a watch): the next
 *	inotify_add_watch() of a new inode gets the first free wd from there
 * @nr_events: its events queued and not read yet, in the order read()
 *	gives them
 * @reserved: zero
 */
struct vzcpt_img_inotify {
	__u32 nr;
	__u32 next_wd;
	__u32 nr_events;
	__u32 reserved;
};

/*
 * The mask bits of a watch: its events (IN_ALL_EVENTS), IN_ONESHOT and
 * IN_EXCL_UNLINK as the kernel keeps them, and IN_ONLYDIR (the inode is a
 * directory) or IN_DONT_FOLLOW (it is a symbolic link), which the kernel
 * does not keep, for the restore's lookup. IN_MASK_ADD and IN_MASK_CREATE
 * only change what inotify_add_watch() does to an existing watch: no watch
 * keeps them.
 */
#define VZCPT_INOTIFY_MASK	0x87000fffU
#define VZCPT_IN_ONLYDIR	0x01000000U
#define VZCPT_IN_DONT_FOLLOW	0x02000000U

/**
 * struct vzcpt_img_inotify_wd - one watch, followed by @path_len bytes of
 *	the watched inode's path from the CT's root, padded to 8
 * @wd: its watch descriptor, > 0
 * @mask: VZCPT_INOTIFY_MASK bits
 * @path_len: the path's bytes, no NUL
 * @reserved: zero
 */
struct vzcpt_img_inotify_wd {
	__s32 wd;
	__u32 mask;
	__u32 path_len;
	__u32 reserved;
};

/*
 * The bits of a queued inotify event that read() gives (the kernel's
 * inotify_mask_to_arg()): its events, IN_ISDIR, IN_UNMOUNT, IN_IGNORED
 * and IN_Q_OVERFLOW.
 */
#define VZCPT_INOTIFY_EV_MASK	0x4000efffU
#define VZCPT_IN_Q_OVERFLOW	0x00004000U
/* The most events one instance queues: fs.inotify.max_queued_events' bound, with the overflow. */
#define VZCPT_INOTIFY_EV_MAX	(1U << 20)

/**
 * struct vzcpt_img_inotify_ev - one queued inotify event, followed by
 *	@name_len bytes of its name, padded with zeroes to a multiple of 8
 * @mask: VZCPT_INOTIFY_EV_MASK bits; IN_Q_OVERFLOW alone for the event
 *	that says the queue overflowed, which is the last and has wd -1
 * @wd: the watch it came from, > 0 (that watch may be gone since: its
 *	IN_IGNORED is queued after it)
 * @cookie: what ties an IN_MOVED_FROM to its IN_MOVED_TO, or 0
 * @name_len: the name's bytes (of the entry in the watched directory),
 *	no NUL, at most 255; 0 for an event on the watched inode itself
 */
struct vzcpt_img_inotify_ev {
	__u32 mask;
	__s32 wd;
	__u32 cookie;
	__u32 name_len;
};

/* x86's NCCS of struct termios2. */
#define VZCPT_PTY_NCCS		19
/* devpts's own bound on an index (NR_UNIX98_PTY_MAX). */
#define VZCPT_PTY_INDEX_MAX	(1U << 20)
/* Flags of struct vzcpt_img_pty. */
#define VZCPT_PTY_LOCKED	(1U << 0)	/* TIOCSPTLCK: the slave may not be opened */
#define VZCPT_PTY_PACKET	(1U << 1)	/* TIOCPKT: the master reads in packet mode */
#define VZCPT_PTY_SLAVE_CLOSED	(1U << 2)	/* the slave was opened and closed since */
#define VZCPT_PTY_FLAGS		0x7U
/* A master's line discipline buffer (4 KiB) and its port's flip buffers (64 KiB) at most. */
#define VZCPT_PTY_OUT_MAX	(68U << 10)
/* A slave's line discipline buffer (N_TTY_BUF_SIZE), and its port's flip buffers. */
#define VZCPT_PTY_IN_MAX	4096U
#define VZCPT_PTY_IN_RAW_MAX	(64U << 10)
/*
 * The termios bits the tty layer keeps (asm-generic/termbits.h of 6.1):
 * IGNBRK..IUTF8; OPOST..FFDLY; CBAUD, CSIZE..CLOCAL, CIBAUD, ADDRB, CMSPAR,
 * CRTSCTS; ISIG..EXTPROC.
 */
#define VZCPT_PTY_IFLAGS	0x7fffU
#define VZCPT_PTY_OFLAGS	0xffffU
#define VZCPT_PTY_CFLAGS	0xf00f1fffU
#define VZCPT_PTY_LFLAGS	0x1dfffU

/**
 * struct vzcpt_img_pty - a pty pair of the CT's devpts, followed by
 *	@path_len bytes of the path of the ptmx its master opened, from the
 *	CT's root (its slaves are /dev/pts/N beside it); all PTY records come
 *	in the CT init's files, in increasing order of @index
 * @index: N of /dev/pts/N, below VZCPT_PTY_INDEX_MAX
 * @flags: VZCPT_PTY_*
 * @c_iflag, @c_oflag, @c_cflag, @c_lflag, @c_line, @c_cc, @c_ispeed,
 *	@c_ospeed: the pair's termios (the slave's: tcsetattr() on either
 *	end sets it), as TCGETS2 gives it; @c_line is N_TTY (0)
 * @ws_row, @ws_col, @ws_xpixel, @ws_ypixel: its window size
 * @session: the session whose controlling terminal the slave is, by its
 *	leader's pid in the CT; 0: none
 * @pgrp: the slave's foreground process group in the CT, 0 when no session
 * @uid, @gid, @mode: owner and permission bits of /dev/pts/N, in the CT
 * @path_len: bytes of the ptmx path, no NUL
 * @out_len: bytes that follow the path: what the slave's side wrote that
 *	the master has not read yet (the pair's output in flight, after the
 *	slave's output processing), at most VZCPT_PTY_OUT_MAX
 * @in_len: bytes that follow the output: what the master's side wrote that
 *	the slave's line discipline holds and nobody read yet, as it holds
 *	them (after the input processing of the termios then), at most
 *	VZCPT_PTY_IN_MAX, and VZCPT_PTY_IN_MAX - 1 in non-canonical mode (a
 *	line discipline keeps a byte for a newline then)
 * @in_raw_len: bytes that follow those: the input written at the master
 *	that the slave's line discipline had no room for yet, waiting in the
 *	slave's flip buffers before any processing, at most
 *	VZCPT_PTY_IN_RAW_MAX; in canonical mode (ICANON in @c_lflag) they are
 *	followed by DIV_ROUND_UP(@in_len, 8) bytes, a bitmap of the line ends
 *	among the @in_len bytes (bit i % 8 of byte i / 8 for byte i; bits past
 *	@in_len clear): the last complete line ends at the last bit set, and
 *	the bytes after it are a line not ended yet. A line ends in '\n', in
 *	0 (where VEOF ended it: a read gives the line without it), in VEOL,
 *	or in VEOL2 with IEXTEN
 */
struct vzcpt_img_pty {
	__u32 index;
	__u32 flags;
	__u32 c_iflag;
	__u32 c_oflag;
	__u32 c_cflag;
	__u32 c_lflag;
	__u8 c_line;
	__u8 c_cc[VZCPT_PTY_NCCS];
	__u32 c_ispeed;
	__u32 c_ospeed;
	__u16 ws_row;
	__u16 ws_col;
	__u16 ws_xpixel;
	__u16 ws_ypixel;
	__s32 session;
	__s32 pgrp;
	__u32 uid;
	__u32 gid;
	__u32 mode;
	__u32 path_len;
	__u32 out_len;
	__u32 in_len;
	__u32 in_raw_len;
};

/* The files one message may carry (the kernel's SCM_MAX_FD). */
#define VZCPT_UNIX_MAX_FDS	253U
/* How deep sockets in flight may hold sockets in flight with files in turn. */
#define VZCPT_UNIX_MAX_NEST	4U

/**
 * struct vzcpt_img_unix_msg - one queued message of a datagram or seqpacket
 *	socket, or one run of a stream's bytes
 * @len: its bytes (a stream's run: at least one)
 * @name_len: the bytes of its sender's name (sun_path, as recvfrom() gives
 *	it) before its bytes; 0 for the peer's messages and unnamed senders
 * @sender_id: the socket that sent it: the receiver's peer; or another
 *	socket of the CT, restored before the receiver when its record came
 *	first (else it is sent again by a socket made for it, with its name);
 *	0: an unnamed sender of no record, or a stream's or a client's own
 *	when it has no peer record (VZCPT_UNIX_QUEUED)
 * @pid: SCM_CREDENTIALS: its sender's process as the CT sees it, 0 when
 *	that process is gone or is none of the CT's
 * @uid: and its uid and gid when it sent it, as the CT's user namespace
 * @gid: sees them (mapped there)
 * @nr_fds: the files it carries (SCM_RIGHTS), at most VZCPT_UNIX_MAX_FDS:
 *	its ids are the next ones of the record's
 */
struct vzcpt_img_unix_msg {
	__u32 len;
	__u32 name_len;
	__u64 sender_id;
	__s32 pid;
	__u32 uid;
	__u32 gid;
	__u32 nr_fds;
};

/**
 * struct vzcpt_img_dgram - one queued datagram, followed by @len bytes
 *	padded with zeroes to a multiple of 8: what a read returns of it (a
 *	UDP datagram's payload; a ping socket's ICMP header and payload; a raw
 *	IPv4 socket's whole packet from its IP header, which must agree with
 *	the fields below; a raw IPv6 socket's payload after the IPv6 header)
 * @saddr: its source address (IPv4: the first 4 bytes), network order
 * @daddr: its destination address, as IP_PKTINFO reports it
 * @sport: its source port, host order (UDP; 0 on other sockets)
 * @family: AF_INET or AF_INET6: the IP header it came with (an IPv6
 *	socket receives IPv4 datagrams too)
 * @dev: the interface it came in by, which IP_PKTINFO reports, by name
 *	(NUL-padded; empty for none): a restore's devices keep their names,
 *	not their indices
 * @len: its payload length
 * @ttl: its TTL or hop limit, as IP_RECVTTL reports it
 * @tos: its TOS or traffic class, as IP_RECVTOS reports it
 * @reserved: zero
 * @reserved32: zero
 */
struct vzcpt_img_dgram {
	__u8 saddr[16];
	__u8 daddr[16];
	char dev[16];
	__u16 sport;
	__u16 family;
	__u32 len;
	__u8 ttl;
	__u8 tos;
	__u16 reserved;
	__u32 reserved32;
};

/* The netlink protocols a NETLINK record may carry */
#define VZCPT_NETLINK_ROUTE	0U
#define VZCPT_NETLINK_SOCK_DIAG	4U
#define VZCPT_NETLINK_UEVENT	15U	/* NETLINK_KOBJECT_UEVENT */
#define VZCPT_NETLINK_GENERIC	16U

/* struct vzcpt_img_netlink flags */
#define VZCPT_NL_BOUND		(1U << 0)	/* has @portid (bound, or autobound) */
#define VZCPT_NL_CONNECTED	(1U << 1)	/* connect()ed to @dst_portid/@dst_group */
#define VZCPT_NL_PKTINFO	(1U << 2)	/* NETLINK_PKTINFO */
#define VZCPT_NL_BROADCAST_ERROR (1U << 3)	/* NETLINK_BROADCAST_ERROR */
#define VZCPT_NL_NO_ENOBUFS	(1U << 4)	/* NETLINK_NO_ENOBUFS */
#define VZCPT_NL_LISTEN_ALL_NSID (1U << 5)	/* NETLINK_LISTEN_ALL_NSID */
#define VZCPT_NL_CAP_ACK	(1U << 6)	/* NETLINK_CAP_ACK */
#define VZCPT_NL_EXT_ACK	(1U << 7)	/* NETLINK_EXT_ACK */
#define VZCPT_NL_STRICT_CHK	(1U << 8)	/* NETLINK_GET_STRICT_CHK */
#define VZCPT_NL_ENOBUFS	(1U << 9)	/* messages were lost: the next read says ENOBUFS */
#define VZCPT_NL_FLAGS		0x3ffU

/* The groups a NETLINK record holds: those past it are refused at dump. */
#define VZCPT_NL_GROUPS		512U
/*
 * The longest queued message buffer a NETLINK record holds (a dump's parts
 * are at most 32 KiB; a larger one, sent by a program, is refused at dump).
 */
#define VZCPT_NL_MSG_MAX	(256U << 10)

/**
 * struct vzcpt_img_netlink - an AF_NETLINK socket of the CT's network namespace
 * @opt: its SOL_SOCKET options
 * @type: SOCK_RAW (3) or SOCK_DGRAM (2)
 * @protocol: VZCPT_NETLINK_*
 * @portid: its port id (nl_pid) when VZCPT_NL_BOUND, else 0
 * @dst_portid: the port id it is connected to (VZCPT_NL_CONNECTED)
 * @dst_group: the group it is connected to, 1..32, or 0 (VZCPT_NL_CONNECTED)
 * @flags: VZCPT_NL_*
 * @nr_msgs: messages queued to be read; each a struct vzcpt_img_nlmsg and
 *	its bytes, padded to 8, follow in queue order
 * @reserved: zero
 * @groups: the multicast groups it is subscribed to: group n is bit n - 1
 *	(bit (n - 1) % 64 of @groups[(n - 1) / 64]), as NETLINK_LIST_MEMBERSHIPS
 *	gives them
 */
struct vzcpt_img_netlink {
	struct vzcpt_img_sockopt opt;
	__u32 type;
	__u32 protocol;
	__u32 portid;
	__u32 dst_portid;
	__u32 dst_group;
	__u32 flags;
	__u32 nr_msgs;
	__u32 reserved;
	__u64 groups[VZCPT_NL_GROUPS / 64];
};

/**
 * struct vzcpt_img_nlmsg - one queued netlink message buffer, followed by
 *	@len bytes (one or more netlink messages as the reader gets them),
 *	padded with zeroes to a multiple of 8
 * @len: its length, at most VZCPT_NL_MSG_MAX
 * @portid: the sender's port id (0: the kernel), as recvmsg()'s nl_pid says
 * @dst_group: the group it was multicast to (0: unicast), as nl_groups and
 *	NETLINK_PKTINFO say
 * @pid: the sender's pid as SCM_CREDENTIALS reports it (0: the kernel)
 * @uid: the sender's uid in the CT's user namespace, as SCM_CREDENTIALS
 * @gid: the sender's gid, likewise
 * @reserved: zero
 */
struct vzcpt_img_nlmsg {
	__u32 len;
	__u32 portid;
	__u32 dst_group;
	__u32 pid;
	__u32 uid;
	__u32 gid;
	__u64 reserved;
};

/* struct vzcpt_img_packet flags: its SOL_PACKET options, and a pending error */
#define VZCPT_PKT_AUXDATA	(1U << 0)	/* PACKET_AUXDATA */
#define VZCPT_PKT_ORIGDEV	(1U << 1)	/* PACKET_ORIGDEV */
#define VZCPT_PKT_VNET_HDR	(1U << 2)	/* PACKET_VNET_HDR */
#define VZCPT_PKT_LOSS		(1U << 3)	/* PACKET_LOSS */
#define VZCPT_PKT_TX_HAS_OFF	(1U << 4)	/* PACKET_TX_HAS_OFF */
#define VZCPT_PKT_QDISC_BYPASS	(1U << 5)	/* PACKET_QDISC_BYPASS */
#define VZCPT_PKT_IGNORE_OUTGOING (1U << 6)	/* PACKET_IGNORE_OUTGOING */
#define VZCPT_PKT_ENETDOWN	(1U << 7)	/* its device went down: the next call fails */
#define VZCPT_PKT_FLAGS		0xffU

/* The memberships and queued packets a PACKET record holds at most. */
#define VZCPT_PKT_MC_MAX	1024U
#define VZCPT_PKT_ADDR_LEN	32U	/* MAX_ADDR_LEN */
/* The largest queued packet a PACKET record holds (a 64 KiB GSO packet and its headers). */
#define VZCPT_PKT_MSG_MAX	(128U << 10)

/**
 * struct vzcpt_img_packet - an AF_PACKET socket of the CT's network namespace
 * @opt: its SOL_SOCKET options
 * @type: SOCK_RAW (3) or SOCK_DGRAM (2)
 * @protocol: the protocol it receives (an ETH_P_* value, host order), 0 for none
 * @reserved0: zero
 * @dev: the device it is bound to, NUL-padded; empty: every device
 * @flags: VZCPT_PKT_*
 * @version: PACKET_VERSION, a TPACKET_V* value (0, 1 or 2)
 * @reserve: PACKET_RESERVE
 * @tstamp: PACKET_TIMESTAMP, SOF_TIMESTAMPING_* bits
 * @copy_thresh: PACKET_COPY_THRESH
 * @nr_mc: memberships (PACKET_ADD_MEMBERSHIP); @nr_mc struct
 *	vzcpt_img_packet_mc follow
 * @nr_pkts: packets queued to be read; after the memberships, each a struct
 *	vzcpt_img_packet_msg and its bytes, padded to 8, in queue order
 * @reserved: zero
 */
struct vzcpt_img_packet {
	struct vzcpt_img_sockopt opt;
	__u32 type;
	__u16 protocol;
	__u16 reserved0;
	char dev[16];
	__u32 flags;
	__u32 version;
	__u32 reserve;
	__u32 tstamp;
	__u32 copy_thresh;
	__u32 nr_mc;
	__u32 nr_pkts;
	__u32 reserved;
};

/**
 * struct vzcpt_img_packet_mc - one membership of a packet socket
 * @dev: its device, NUL-padded
 * @type: PACKET_MR_MULTICAST (0), PACKET_MR_PROMISC (1), PACKET_MR_ALLMULTI (2)
 *	or PACKET_MR_UNICAST (3)
 * @alen: the length of @addr used (PACKET_MR_MULTICAST, PACKET_MR_UNICAST)
 * @count: how many times it was added (each drop takes one)
 * @addr: the hardware address, zero past @alen
 */
struct vzcpt_img_packet_mc {
	char dev[16];
	__u16 type;
	__u16 alen;
	__u32 count;
	__u8 addr[VZCPT_PKT_ADDR_LEN];
};

/* struct vzcpt_img_packet_msg flags: what PACKET_AUXDATA's tp_status says of it */
#define VZCPT_PKTMSG_CSUM_NOTREADY (1U << 0)	/* its checksum is not computed yet */
#define VZCPT_PKTMSG_CSUM_VALID	(1U << 1)	/* its checksum was checked */
#define VZCPT_PKTMSG_VLAN	(1U << 2)	/* @vlan_tci and @vlan_proto: its VLAN tag */
#define VZCPT_PKTMSG_FLAGS	0x7U

/**
 * struct vzcpt_img_packet_msg - one packet queued on a packet socket, followed
 *	by its @len bytes as a read returns them, padded with zeroes to 8
 * @len: its length (what was kept of it: tp_snaplen), at most VZCPT_PKT_MSG_MAX
 * @origlen: its length on the wire (tp_len), at least @len
 * @tstamp: when it came, in ns of CLOCK_REALTIME (SO_TIMESTAMP*), 0 for unset
 * @dev: the device it came through (sll_ifindex), NUL-padded
 * @protocol: its protocol (sll_protocol; skb->protocol), host order
 * @hatype: sll_hatype, an ARPHRD_* value
 * @pkttype: sll_pkttype, a PACKET_* value (0..7)
 * @halen: the length of @addr used (sll_halen)
 * @net_off: where its network header starts in its bytes (tp_net)
 * @vlan_tci: its VLAN tag (VZCPT_PKTMSG_VLAN)
 * @vlan_proto: the VLAN tag's protocol, host order (VZCPT_PKTMSG_VLAN)
 * @flags: VZCPT_PKTMSG_*
 * @addr: sll_addr, the sender's hardware address, zero past @halen
 */
struct vzcpt_img_packet_msg {
	__u32 len;
	__u32 origlen;
	__s64 tstamp;
	char dev[16];
	__u16 protocol;
	__u16 hatype;
	__u8 pkttype;
	__u8 halen;
	__u16 net_off;
	__u16 vlan_tci;
	__u16 vlan_proto;
	__u32 flags;
	__u8 addr[VZCPT_PKT_ADDR_LEN];
};

/* struct vzcpt_img_mcast flags: each as the socket has it */
#define VZCPT_MCAST_LOOP4	(1U << 0)	/* IP_MULTICAST_LOOP */
#define VZCPT_MCAST_ALL4	(1U << 1)	/* IP_MULTICAST_ALL */
#define VZCPT_MCAST_LOOP6	(1U << 2)	/* IPV6_MULTICAST_LOOP (IPv6 sockets) */
#define VZCPT_MCAST_ALL6	(1U << 3)	/* IPV6_MULTICAST_ALL (IPv6 sockets) */
#define VZCPT_MCAST_FLAGS	0xfU
/* The groups a socket may have joined (net.ipv4.igmp_max_memberships is 20 by default). */
#define VZCPT_MCAST_MAX_GROUPS	1024U
/* The sources of all its groups (net.ipv4.igmp_max_msf is 10 a group by default). */
#define VZCPT_MCAST_MAX_SOURCES	4096U
/* struct vzcpt_img_mcast_group @mode: the filter of its sources (MCAST_EXCLUDE, MCAST_INCLUDE) */
#define VZCPT_MCAST_EXCLUDE	0
#define VZCPT_MCAST_INCLUDE	1

/**
 * struct vzcpt_img_mcast - the multicast state of a UDP, ping or raw socket,
 *	right after its INET record (and before its filter's), where any of it
 *	differs from a new socket's: what it sends with and the groups it joined
 * @flags: VZCPT_MCAST_*
 * @ttl: IP_MULTICAST_TTL, 0..255 (1 by default)
 * @hops: IPV6_MULTICAST_HOPS, 0..255, or -1: the route's (IPv6 sockets; 0 on IPv4)
 * @if4_addr: IP_MULTICAST_IF's address, network order; zeros: none
 * @if4_dev: IP_MULTICAST_IF's device by name, NUL-terminated; "": none
 * @if6_dev: IPV6_MULTICAST_IF's, likewise (IPv6 sockets)
 * @nr_groups: as many struct vzcpt_img_mcast_group follow: the IPv4 groups,
 *	then the IPv6 ones, each in the order the socket joined them
 * @nr_sources: after the groups, the sources of each group in turn (its
 *	@nr_sources), each 16 bytes: its address, network order (IPv4: the
 *	first 4 bytes, then zeros), in the order the socket's filter has them
 * @reserved8, @reserved: zero
 */
struct vzcpt_img_mcast {
	__u32 flags;
	__u8 ttl;
	__u8 reserved8;
	__s16 hops;
	__u8 if4_addr[4];
	__u32 nr_groups;
	char if4_dev[16];
	char if6_dev[16];
	__u32 nr_sources;
	__u32 reserved;
};

/**
 * struct vzcpt_img_mcast_group - a group a socket joined, for any source
 *	(IP_ADD_MEMBERSHIP, IPV6_JOIN_GROUP, MCAST_JOIN_GROUP) or for chosen
 *	ones (IP_ADD_SOURCE_MEMBERSHIP, IP_BLOCK_SOURCE, MCAST_MSFILTER...)
 * @family: AF_INET (2) or AF_INET6 (10, on IPv6 sockets only)
 * @mode: VZCPT_MCAST_EXCLUDE: every source but its sources (any source
 *	when it has none); VZCPT_MCAST_INCLUDE: only its sources, at least one
 * @reserved: zero
 * @nr_sources: its sources, at most VZCPT_MCAST_MAX_SOURCES in all
 * @group: its multicast address, network order (IPv4: the first 4 bytes)
 * @local: IPv4: the interface address the join named (zeros: none)
 * @dev: the device it joined on, by name, NUL-terminated
 */
struct vzcpt_img_mcast_group {
	__u16 family;
	__u8 mode;
	__u8 reserved;
	__u32 nr_sources;
	__u8 group[16];
	__u8 local[4];
	char dev[16];
};

/* A congestion control's name and its NUL (TCP_CA_NAME_MAX). */
#define VZCPT_TCP_CA_NAME_MAX	16
/* TCP_LINGER2's longest time in seconds (TCP_FIN_TIMEOUT_MAX); a longer one is cut to it. */
#define VZCPT_TCP_LINGER2_MAX	120

/**
 * struct vzcpt_img_tcp_opts - what a TCP socket has beyond its INET record,
 *	right after that record and its connection's TCP_QUEUE records (before
 *	its filter's), when any of it is set; never on an orphan or a connection
 *	not accepted yet, which the dump refuses with these options set (their
 *	soft error is dropped: no task reads it any more)
 * @notsent_lowat: TCP_NOTSENT_LOWAT; 0: the namespace's
 * @window_clamp: TCP_WINDOW_CLAMP as its task set it before it connected or
 *	listened (a listener's connections take it), at least SOCK_MIN_RCVBUF / 2
 *	as the kernel makes it; 0: none (a connection's is the kernel's own and
 *	goes with it)
 * @linger2: TCP_LINGER2: -1 (orphans in FIN_WAIT2 are ended at once), 1 to
 *	VZCPT_TCP_LINGER2_MAX seconds, or 0: the namespace's tcp_fin_timeout
 * @err_soft: the error a timeout will report instead of ETIMEDOUT, and that
 *	SO_ERROR gives (once) when no other is pending: an ICMP error that
 *	came for it (EHOSTUNREACH...), until an acknowledgment clears it
 * @reserved: zero
 * @congestion: the congestion control its task chose (TCP_CONGESTION), by
 *	name ([a-z0-9_-], NUL-padded); "": the namespace's default. The restore
 *	sets it as the task, which may load its module as the task could.
 */
struct vzcpt_img_tcp_opts {
	__u32 notsent_lowat;
	__u32 window_clamp;
	__s32 linger2;
	__u16 err_soft;
	__u16 reserved;
	char congestion[VZCPT_TCP_CA_NAME_MAX];
};

/* struct vzcpt_img_sock_filter_hdr flags */
#define VZCPT_SOCKF_LOCKED	(1U << 0)	/* SO_LOCK_FILTER: it cannot be changed */
/* The longest classic BPF program a socket takes (BPF_MAXINSNS). */
#define VZCPT_SOCKF_MAX_INSNS	4096U

/**
 * struct vzcpt_img_sock_filter_hdr - the classic BPF filter of an IPv4, IPv6,
 *	netlink or packet socket (SO_ATTACH_FILTER), right after the socket's
 *	record (and a TCP connection's queues)
 * @flags: VZCPT_SOCKF_*
 * @len: its instructions (0: none, only the lock); as many struct
 *	vzcpt_img_sock_filter follow, the program as SO_GET_FILTER gives it
 */
struct vzcpt_img_sock_filter_hdr {
	__u32 flags;
	__u32 len;
};

/* struct vzcpt_img_tcp opts: the TCP options the connection was opened with */
#define VZCPT_TCP_WSCALE	(1U << 0)	/* window scaling: snd_wscale, rcv_wscale */
#define VZCPT_TCP_SACK		(1U << 1)	/* selective acknowledgements */
#define VZCPT_TCP_TSTAMP	(1U << 2)	/* timestamps: @timestamp is the clock */
#define VZCPT_TCP_OPTS		0x7U

/**
 * struct vzcpt_img_tcp - an established TCP connection, as TCP_REPAIR sets it
 * @snd_seq: the sequence number of the send queue's first byte (the oldest
 *	not acknowledged)
 * @snd_len: the send queue's bytes: sent and not acknowledged, then not sent
 * @snd_unsent: the last of them, not sent yet: a restore sends them as the
 *	task would have, once the connection is out of repair mode
 * @rcv_seq: the sequence number of the receive queue's first byte (the
 *	oldest not read)
 * @rcv_len: the receive queue's bytes, received in order and not read
 * @mss_clamp: the largest segment the peer takes (TCPOPT_MSS)
 * @timestamp: the connection's timestamp clock (TCP_TIMESTAMP)
 * @snd_wscale: the peer's window scale, @rcv_wscale: ours
 * @opts: VZCPT_TCP_*
 * @snd_wl1: and @snd_wnd, @max_window, @rcv_wnd, @rcv_wup: the windows
 *	(struct tcp_repair_window)
 * @flags: VZCPT_TCP_FIN_* or zero
 */
struct vzcpt_img_tcp {
	__u32 snd_seq;
	__u32 snd_len;
	__u32 rcv_seq;
	__u32 rcv_len;
	__u32 mss_clamp;
	__u32 timestamp;
	__u8 snd_wscale;
	__u8 rcv_wscale;
	__u16 opts;
	__u32 snd_wl1;
	__u32 snd_wnd;
	__u32 max_window;
	__u32 rcv_wnd;
	__u32 rcv_wup;
	__u32 snd_unsent;
	__u32 flags;
};

/*
 * struct vzcpt_img_tcp flags. The peer's FIN came (CLOSE_WAIT: the
 * connection still sends): once the receive queue is read, reads give EOF.
 * Its sequence number is the one after the queue's last byte (a restore
 * counts it received), unless VZCPT_TCP_FIN_READ: a read gave that EOF
 * already, and @rcv_seq is past the FIN (@rcv_len 0).
 */
#define VZCPT_TCP_FIN_RCVD	(1U << 0)
#define VZCPT_TCP_FIN_READ	(1U << 1)
/*
 * Our FIN went and the peer acknowledged it (FIN_WAIT2, after shutdown() of
 * the sending side: the connection still receives): @snd_seq is past it,
 * and nothing is left to send (@snd_len 0). Not with VZCPT_TCP_FIN_RCVD.
 */
#define VZCPT_TCP_FIN_ACKED	(1U << 2)
/*
 * Our FIN follows the send queue, not acknowledged (FIN_WAIT1, or LAST_ACK
 * with VZCPT_TCP_FIN_RCVD, after shutdown() of the sending side): the
 * queue's bytes do not count it, and a restore sends it again after them.
 */
#define VZCPT_TCP_FIN_QUEUED	(1U << 3)
/*
 * With VZCPT_TCP_FIN_QUEUED and VZCPT_TCP_FIN_RCVD: the peer's FIN came
 * after ours went (the FINs crossed: CLOSING, not LAST_ACK). Once ours is
 * acknowledged the connection goes to TIME_WAIT, not straight to CLOSE.
 */
#define VZCPT_TCP_FIN_CROSSED	(1U << 4)
/*
 * The connection has ended while its task holds it (TCP_CLOSE, as tcp_done()
 * leaves one): it was reset (the reset's error in the INET record's @err,
 * unless read already), timed out, or closed on both sides. Reads give the
 * bytes of the receive queue, then the error, then EOF; writes fail. Nothing
 * is left to send (@snd_len 0) and no FIN of ours is pending (not with
 * VZCPT_TCP_FIN_ACKED, _QUEUED or _CROSSED); VZCPT_TCP_FIN_RCVD says the
 * peer's FIN came before the end. Only on a VZCPT_INET_ESTABLISHED socket
 * without VZCPT_INET_SHUT_RD or _SHUT_WR (the end shut both down), or a
 * VZCPT_INET_ACCEPTQ one, which accept() gives so. The
 * restore rebuilds it established, refills its receive queue and ends it
 * as the kernel does, without a segment. With VZCPT_INET_AUTOPORT its end
 * gave its port back: @sport is the port getsockname() still gives.
 */
#define VZCPT_TCP_ENDED		(1U << 5)

/* struct vzcpt_img_tcp_queue queue: which queue its bytes belong to */
#define VZCPT_TCPQ_SEND		1U	/* sent, not acknowledged */
#define VZCPT_TCPQ_RECV		2U	/* received in order, not read */
#define VZCPT_TCPQ_UNSENT	3U	/* written, not sent yet */

/* The most bytes a VZCPT_REC_TCP_QUEUE record carries */
#define VZCPT_TCPQ_CHUNK	(1U << 20)
/* The most bytes each of a connection's queues may hold in an image */
#define VZCPT_TCPQ_MAX		(256U << 20)

/**
 * struct vzcpt_img_tcp_queue - bytes of an established connection's queue
 * @queue: VZCPT_TCPQ_SEND, VZCPT_TCPQ_RECV or VZCPT_TCPQ_UNSENT
 * @len: the bytes that follow, 1..VZCPT_TCPQ_CHUNK
 * @reserved: zero
 *
 * These records come right after the connection's VZCPT_REC_INET record,
 * with its id: the send queue's bytes that were sent first, then the
 * receive queue's, then the send queue's not sent yet, each in sequence
 * order, as many as struct vzcpt_img_tcp @snd_len less @snd_unsent,
 * @rcv_len and @snd_unsent count, and no other record among them. The
 * unsent bytes come last because a restore sends them only after the
 * connection's repair is over.
 */
struct vzcpt_img_tcp_queue {
	__u32 queue;
	__u32 len;
	__u64 reserved;
};

/* struct vzcpt_img_tcp_req flags: what the SYN asked for, and what came since */
#define VZCPT_TCP_REQ_TSTAMP	(1U << 0)	/* timestamps: @timestamp, @ts_recent */
#define VZCPT_TCP_REQ_SACK	(1U << 1)	/* selective acknowledgements */
#define VZCPT_TCP_REQ_WSCALE	(1U << 2)	/* window scaling: @snd_wscale, @rcv_wscale */
#define VZCPT_TCP_REQ_ECN	(1U << 3)	/* explicit congestion notification */
/* Its ACK came with nothing to read, under TCP_DEFER_ACCEPT: data makes it a connection. */
#define VZCPT_TCP_REQ_ACKED	(1U << 4)
#define VZCPT_TCP_REQ_FLAGS	0x1fU

/*
 * The most timer expiries a request counts (struct request_sock's num_timeout):
 * its timer backs off by a shift of that count (reqsk_timeout()), defined below 64
 */
#define VZCPT_TCP_REQ_TIMEOUTS_MAX	63U

/**
 * struct vzcpt_img_tcp_req - a connection in its handshake on a TCP listener
 * (SYN_RECV): the client's SYN came and our SYN-ACK went, and the client's
 * ACK has not come (or, under TCP_DEFER_ACCEPT, came with no data)
 * @family: AF_INET or AF_INET6; an IPv4 client of an IPv6 listener that
 *	takes both: AF_INET
 * @rmt_port: the client's port, host order
 * @loc_addr: the address its SYN came to (IPv4: the first 4 bytes), network order
 * @rmt_addr: the client's
 * @rcv_isn: the client's initial sequence number
 * @snt_isn: ours
 * @timestamp: our timestamp clock (as TCP_TIMESTAMP's) when the dump read it
 * @ts_recent: the client's last timestamp
 * @rcv_wnd: the window our SYN-ACK offered; @window_clamp: the most we offer
 * @mss: the client's MSS (TCPOPT_MSS, or the default)
 * @snd_wscale: the client's window scale; @rcv_wscale: ours
 * @flags: VZCPT_TCP_REQ_*
 * @retrans: SYN-ACKs sent again
 * @timeouts: expiries of its timer, up to VZCPT_TCP_REQ_TIMEOUTS_MAX
 * @tos: the TOS of the client's SYN
 * @reserved: zero
 *
 * A listener's requests follow its record (its filter's, and its
 * connections not accepted yet), each with the listener's id; its FILE
 * record comes next. The restore gives each back to the listener, whose
 * SYN-ACK goes again when its timer says, and whose client's ACK or data
 * makes it a connection accept() gives, as if there had been no dump.
 */
struct vzcpt_img_tcp_req {
	__u16 family;
	__u16 rmt_port;
	__u8 loc_addr[16];
	__u8 rmt_addr[16];
	__u32 rcv_isn;
	__u32 snt_isn;
	__u32 timestamp;
	__u32 ts_recent;
	__u32 rcv_wnd;
	__u32 window_clamp;
	__u16 mss;
	__u8 snd_wscale;
	__u8 rcv_wscale;
	__u8 flags;
	__u8 retrans;
	__u8 timeouts;
	__u8 tos;
	__u32 reserved;
};

/* struct vzcpt_img_lock kinds: who owns the lock */
enum vzcpt_lock_kind {
	VZCPT_LOCK_POSIX = 1,	/* fcntl(F_SETLK): the fd table of the record's id */
	VZCPT_LOCK_OFD,		/* fcntl(F_OFD_SETLK): the open file @file_id */
	VZCPT_LOCK_FLOCK,	/* flock(): the open file @file_id */
};

/* struct vzcpt_img_lock types, as fcntl() numbers them */
#define VZCPT_LOCK_READ		0	/* F_RDLCK; flock()'s LOCK_SH */
#define VZCPT_LOCK_WRITE	1	/* F_WRLCK; flock()'s LOCK_EX */
/* The end of a lock that runs to the end of the file (the kernel's OFFSET_MAX). */
#define VZCPT_LOCK_EOF		0x7fffffffffffffffLL

/**
 * struct vzcpt_img_lock - a file lock granted to a task of the CT
 * @file_id: the open file it was taken through (POSIX) or that owns it
 * @start: its first byte
 * @end: its last byte, VZCPT_LOCK_EOF to the end of the file; a flock()
 *	lock covers 0 to VZCPT_LOCK_EOF
 * @kind: enum vzcpt_lock_kind
 * @type: VZCPT_LOCK_READ or VZCPT_LOCK_WRITE
 * @pid: the pid (as the CT sees it) that took it, for messages; 0 for OFD
 * @reserved: zero
 *
 * A POSIX lock is written with the fd table that owns it, and taken again by
 * the task that restores the table; an OFD or flock() lock, with the first
 * fd table that holds its file, is taken again on that file.
 */
struct vzcpt_img_lock {
	__u64 file_id;
	__s64 start;
	__s64 end;
	__u32 kind;
	__u32 type;
	__s32 pid;
	__u32 reserved;
};

/*
 * The CT's network namespace: what its root made or changed there since
 * vzctl set it up (devices' settings, addresses, routes, policy rules), as
 * rtnetlink reported it, and its IPv4 settings (net.ipv4.conf.*). What the
 * kernel derives by itself is left out (the routes of its addresses, IPv6
 * link-local addresses, multicast routes): a restore gets them back from
 * what it replays. Families: VZCPT_AF_INET(6).
 */
#define VZCPT_AF_INET		2
#define VZCPT_AF_INET6		10

enum vzcpt_netdev_kind {
	VZCPT_NETDEV_LOOPBACK = 1,	/* lo: carried by its settings */
	VZCPT_NETDEV_VETH,		/* vzctl's eth0: carried by its settings */
	VZCPT_NETDEV_DUMMY,		/* made by the CT: made again */
	VZCPT_NETDEV_NR_KINDS
};

/*
 * The device flags carried: IFF_UP, DEBUG, NOTRAILERS, NOARP, PROMISC,
 * ALLMULTI, MULTICAST, PORTSEL, AUTOMEDIA, DYNAMIC (those a user sets).
 */
#define VZCPT_NETDEV_FLAGS	0xf3a5U
#define VZCPT_MAC_LEN		6
/* Devices an image carries at most: a dump refuses more. */
#define VZCPT_NETDEV_MAX	62

/**
 * struct vzcpt_img_netdev - a device of the CT's namespace
 * @name: its name, NUL-terminated, as dev_valid_name() takes it
 * @kind: enum vzcpt_netdev_kind
 * @flags: its VZCPT_NETDEV_FLAGS as the CT set them (dev_get_flags())
 * @mtu: its MTU, 68 to 65536 (lo), 65535 (others)
 * @mac: a dummy's or eth0's MAC address (unicast, not zero); zero for lo
 * @txqlen: its transmit queue length (txqueuelen)
 * @reserved: zero
 */
struct vzcpt_img_netdev {
	char name[16];
	__u32 kind;
	__u32 flags;
	__u32 mtu;
	__u8 mac[VZCPT_MAC_LEN];
	__u8 pad[2];
	__u32 txqlen;
	__u32 reserved32;
	__u64 reserved[3];
};

/* An address's IFA_F_* flags a restore can set again (inet6_rtm_newaddr()'s). */
/* NODAD, OPTIMISTIC, HOMEADDRESS, MANAGETEMPADDR, NOPREFIXROUTE, MCAUTOJOIN */
#define VZCPT_NETADDR_FLAGS	0x716U
#define VZCPT_LFT_FOREVER	0xffffffffU

/**
 * struct vzcpt_img_netaddr - an IPv4 or IPv6 address of a device
 * @dev: the NETDEV record's id
 * @family: VZCPT_AF_INET or VZCPT_AF_INET6
 * @prefixlen: up to 32 or 128
 * @scope: RT_SCOPE_*: universe (0) to nowhere (255), as the kernel keeps it
 * @proto: IFA_PROTO: who made it (IFAPROT_*, or a user's number)
 * @flags: VZCPT_NETADDR_FLAGS
 * @local: the address (IPv4: 4 bytes), network order, the rest zero
 * @peer: the peer of a point-to-point address (IPv4: IFA_ADDRESS, the
 *   local one when there is no peer; IPv6: zero when there is none)
 * @broadcast: IPv4's broadcast address, zero for none
 * @label: IPv4's label, NUL-terminated (empty for IPv6)
 * @valid_lft: seconds it has left, VZCPT_LFT_FOREVER for ever; not 0
 * @preferred_lft: seconds it has left preferred, at most @valid_lft
 * @metric: the priority of its prefix route (IFA_RT_PRIORITY)
 * @reserved: zero
 */
struct vzcpt_img_netaddr {
	__u32 dev;
	__u8 family;
	__u8 prefixlen;
	__u8 scope;
	__u8 proto;
	__u32 flags;
	__u8 local[16];
	__u8 peer[16];
	__u8 broadcast[4];
	char label[16];
	__u32 valid_lft;
	__u32 preferred_lft;
	__u32 metric;
	__u64 reserved[1];
};

/* Route metrics carried: RTAX_LOCK .. RTAX_FASTOPEN_NO_COOKIE but RTAX_CC_ALGO, by RTAX_ - 1. */
#define VZCPT_RTAX_MAX		17
/* Which optional fields of a route or rule are set. */
#define VZCPT_NETROUTE_GATEWAY	(1U << 0)
#define VZCPT_NETROUTE_PREFSRC	(1U << 1)
#define VZCPT_NETROUTE_PRIORITY	(1U << 2)
#define VZCPT_NETROUTE_PREF	(1U << 3)	/* IPv6 router preference */
#define VZCPT_NETROUTE_HAS	0xfU
/* rtm_flags carried: RTNH_F_ONLINK */
#define VZCPT_NETROUTE_FLAGS	0x4U

/**
 * struct vzcpt_img_netroute - a route of one of the CT's tables
 * @family: VZCPT_AF_INET or VZCPT_AF_INET6
 * @dst_len: destination prefix length, up to 32 or 128
 * @src_len: source prefix length (IPv6 subtrees), up to 128; 0 for IPv4
 * @tos: IPv4's TOS; 0 for IPv6
 * @protocol: RTPROT_*, never RTPROT_KERNEL (2) or RTPROT_RA (9): the
 *   kernel's own, which come back by themselves
 * @scope: RT_SCOPE_*
 * @type: RTN_UNICAST (1) .. RTN_THROW (9)
 * @pref: IPv6's router preference (ICMPV6_ROUTER_PREF_*: 0, 1, 3)
 * @table: the table, RT_TABLE_UNSPEC (0) excluded
 * @flags: VZCPT_NETROUTE_FLAGS
 * @has: VZCPT_NETROUTE_*: which of the optional fields are set
 * @oif: the NETDEV record's id of its device; 0 for none
 * @priority: its metric
 * @expires: IPv6: seconds it has left, 0 for none
 * @realms: IPv4's RTA_FLOW
 * @dst: destination, network order (IPv4: 4 bytes), zero past the prefix
 * @src: IPv6's source prefix
 * @gateway: its gateway (same family)
 * @prefsrc: the preferred source address
 * @metrics: RTAX_* values by RTAX_ - 1, 0 for unset (RTAX_CC_ALGO's is 0)
 */
struct vzcpt_img_netroute {
	__u8 family;
	__u8 dst_len;
	__u8 src_len;
	__u8 tos;
	__u8 protocol;
	__u8 scope;
	__u8 type;
	__u8 pref;
	__u32 table;
	__u32 flags;
	__u32 has;
	__u32 oif;
	__u32 priority;
	__u32 expires;
	__u32 realms;
	__u8 dst[16];
	__u8 src[16];
	__u8 gateway[16];
	__u8 prefsrc[16];
	__u32 metrics[VZCPT_RTAX_MAX];
};

/* Which optional fields of a rule are set. */
#define VZCPT_NETRULE_SPORT	(1U << 0)
#define VZCPT_NETRULE_DPORT	(1U << 1)
#define VZCPT_NETRULE_HAS	0x3U
/* FIB_RULE_INVERT: the only rule flag a user sets */
#define VZCPT_NETRULE_FLAGS	0x2U

/**
 * struct vzcpt_img_netrule - a policy routing rule, the default ones too
 * @family: VZCPT_AF_INET or VZCPT_AF_INET6
 * @dst_len: destination prefix length, up to 32 or 128
 * @src_len: source prefix length
 * @tos: the TOS it matches
 * @action: FR_ACT_TO_TBL (1) .. FR_ACT_PROHIBIT (8)
 * @protocol: RTPROT_* of who made it
 * @ip_proto: the IP protocol it matches, 0 for any
 * @flags: VZCPT_NETRULE_FLAGS
 * @has: VZCPT_NETRULE_*
 * @priority: its preference (0 is one too)
 * @table: the table of FR_ACT_TO_TBL, else 0
 * @target: FR_ACT_GOTO's preference
 * @fwmark: the mark it matches, with @fwmask (0 and 0 for none)
 * @fwmask: see @fwmark
 * @suppress_prefixlen: -1 for none, else up to 128
 * @suppress_ifgroup: -1 for none
 * @realms: IPv4's FRA_FLOW
 * @sport: source port range (first, last)
 * @dport: destination port range
 * @reserved: zero (a uid range is refused at dump)
 * @iifname: the input device name it matches, NUL-terminated, empty for any
 * @oifname: the output device name
 * @dst: destination prefix, network order
 * @src: source prefix
 */
struct vzcpt_img_netrule {
	__u8 family;
	__u8 dst_len;
	__u8 src_len;
	__u8 tos;
	__u8 action;
	__u8 protocol;
	__u8 ip_proto;
	__u8 pad;
	__u32 flags;
	__u32 has;
	__u32 priority;
	__u32 table;
	__u32 target;
	__u32 fwmark;
	__u32 fwmask;
	__s32 suppress_prefixlen;
	__s32 suppress_ifgroup;
	__u32 realms;
	__u16 sport[2];
	__u16 dport[2];
	__u32 reserved[2];
	char iifname[16];
	char oifname[16];
	__u8 dst[16];
	__u8 src[16];
};

/* Which settings a NETCONF record holds. */
enum vzcpt_netconf_scope {
	VZCPT_NETCONF_ALL = 1,		/* net.ipv4.conf.all (ip_forward is its forwarding) */
	VZCPT_NETCONF_DEFAULT,		/* net.ipv4.conf.default */
	VZCPT_NETCONF_DEV,		/* net.ipv4.conf.<device> */
	VZCPT_NETCONF_NR_SCOPES
};

#define VZCPT_NETCONF_MAX	64

/**
 * struct vzcpt_img_netconf - a set of IPv4 settings of the CT's namespace
 * @scope: enum vzcpt_netconf_scope; each scope (and device) once
 * @dev: the NETDEV record's id for VZCPT_NETCONF_DEV, else 0
 * @nr: how many values the dumping kernel has (IPV4_DEVCONF_MAX), 1 to
 *   VZCPT_NETCONF_MAX; a restore needs its own kernel's number
 * @reserved: zero
 * @set: which values were set explicitly (not taken from the defaults):
 *   bit i for @data[i]; none past @nr
 * @data: value i is IPV4_DEVCONF_(i + 1)'s (sysctl names: forwarding,
 *   mc_forwarding (0: the kernel's), proxy_arp, accept_redirects...); zero
 *   past @nr
 */
struct vzcpt_img_netconf {
	__u32 scope;
	__u32 dev;
	__u32 nr;
	__u32 reserved;
	__u64 set;
	__s32 data[VZCPT_NETCONF_MAX];
};

/* A neighbour entry's flags carried: NTF_PROXY, NTF_ROUTER (the kernel's values). */
#define VZCPT_NEIGH_PROXY	0x08U
#define VZCPT_NEIGH_ROUTER	0x80U
#define VZCPT_NEIGH_FLAGS	0x88U
/* MAX_ADDR_LEN: the longest link-layer address */
#define VZCPT_LLADDR_MAX	32

/**
 * struct vzcpt_img_netneigh - a neighbour entry the CT's root made: a
 *   permanent one (`ip neigh add ... nud permanent`, ARP or NDP) or a proxy
 *   one (`ip neigh add proxy`). Entries the kernel learnt it learns again.
 * @family: VZCPT_AF_INET or VZCPT_AF_INET6
 * @flags: VZCPT_NEIGH_FLAGS (an IPv6 proxy entry's ROUTER is the flag its
 *   answers carry)
 * @lladdr_len: length of @lladdr: 0 for a proxy entry, else 1 to
 *   VZCPT_LLADDR_MAX (the restore's kernel checks it against the device's)
 * @protocol: NDA_PROTOCOL, who made it (0 when nobody said)
 * @dev: the NETDEV record's id of its device; 0 only for a proxy entry of
 *   every device
 * @dst: its address, network order (IPv4's in the first 4 bytes, zero past)
 * @lladdr: its link-layer address, zero past @lladdr_len
 * @reserved: zero
 */
struct vzcpt_img_netneigh {
	__u8 family;
	__u8 flags;
	__u8 lladdr_len;
	__u8 protocol;
	__u32 dev;
	__u8 dst[16];
	__u8 lladdr[VZCPT_LLADDR_MAX];
	__u32 reserved[2];
};

/* A sysctl's path (under net/) and its value at most, in bytes with the NUL. */
#define VZCPT_NETSYSCTL_PATH	96
#define VZCPT_NETSYSCTL_VALUE	4096

/**
 * struct vzcpt_img_netsysctl - a sysctl of the CT's network namespace
 * @path: its path under /proc/sys/net, '/'-separated ("ipv6/conf/eth0/
 *   forwarding"), NUL-terminated, zero past the NUL; in strcmp() order,
 *   each once; none under ipv4/conf (the NETCONF records carry those)
 * @dev: the NETDEV record's id of the device the path names (a component
 *   of it is that device's name), else 0
 * @len: the length of the value that follows, the NUL not counted, 1 to
 *   VZCPT_NETSYSCTL_VALUE - 1
 * @reserved: zero
 *
 * Followed by the value as the kernel's handler of the sysctl prints it
 * (printable ASCII, tabs and newlines), which a restore writes back through
 * the same handler: every per-namespace sysctl the CT can read and write,
 * the net.ipv4.conf ones aside.
 */
struct vzcpt_img_netsysctl {
	char path[VZCPT_NETSYSCTL_PATH];
	__u32 dev;
	__u32 len;
	__u64 reserved;
};

/* The nfnetlink messages that make an nftables ruleset, in the order a restore sends them. */
enum vzcpt_nft_msg {
	VZCPT_NFT_TABLE = 0,		/* NFT_MSG_NEWTABLE */
	VZCPT_NFT_CHAIN = 3,		/* NFT_MSG_NEWCHAIN */
	VZCPT_NFT_OBJ = 18,		/* NFT_MSG_NEWOBJ */
	VZCPT_NFT_FLOWTABLE = 22,	/* NFT_MSG_NEWFLOWTABLE */
	VZCPT_NFT_SET = 9,		/* NFT_MSG_NEWSET */
	VZCPT_NFT_SETELEM = 12,		/* NFT_MSG_NEWSETELEM */
	VZCPT_NFT_RULE = 6,		/* NFT_MSG_NEWRULE */
};

/* An nftables message's attributes at most: nf_tables' dumps fill 32 KiB at most. */
#define VZCPT_NFT_MAX_LEN	(64U << 10)
/* And all of them: one transaction of nf_tables, built in the restorer's memory. */
#define VZCPT_NFT_MAX_TOTAL	(64U << 20)

/**
 * struct vzcpt_img_nft - one object of the nftables ruleset of the CT's
 *   network namespace, as the nfnetlink message that makes it
 * @msg: enum vzcpt_nft_msg; the records come tables first, then chains,
 *   objects, flowtables, sets, set elements and rules, the order in which
 *   each finds what it names (a rule its chain, sets and objects; an
 *   element of a verdict map its chain), all of one table after its table
 * @family: the table's family (NFPROTO_INET, _IPV4, _IPV6, _ARP, _BRIDGE,
 *   _NETDEV)
 * @reserved: zero
 * @len: the bytes of netlink attributes that follow, 4 to
 *   VZCPT_NFT_MAX_LEN, each whole and padded to 4 bytes
 *
 * Followed by the message's attributes as nf_tables dumped them, less those
 * a message that makes an object does not take (handles, positions, use
 * counts): a restore sends them all in one nfnetlink batch, so nf_tables'
 * own parsing and checks (its policies, each expression's init, each xt
 * match's checkentry) judge every byte, and the ruleset comes whole or not
 * at all. Never a table owned by a netlink socket (NFT_TABLE_F_OWNER), nor
 * a chain bound to a rule (NFT_CHAIN_BINDING): the dump refuses those.
 */
struct vzcpt_img_nft {
	__u16 msg;
	__u8 family;
	__u8 reserved;
	__u32 len;
};

/* A legacy x_tables table: its name's bytes with the NUL, its entries at most. */
#define VZCPT_XT_NAME		32
#define VZCPT_XT_MAX_ENTRIES	65536
#define VZCPT_XT_HOOKS		5

/**
 * struct vzcpt_img_xtable - a legacy x_tables table of the CT's network
 *   namespace (iptables-legacy, ip6tables-legacy, arptables-legacy) that
 *   holds more than its built-in chains with ACCEPT policies
 * @family: NFPROTO_IPV4 (2), NFPROTO_ARP (3) or NFPROTO_IPV6 (10); each
 *   table once, in that order of families and of
 *   filter, nat, mangle, raw, security within one
 * @reserved: zero
 * @valid_hooks: the hooks the table hooks, a bit per hook (the kernel's
 *   table of that name must hook the same)
 * @name: the table's name, NUL-terminated, zero past the NUL
 * @hook_entry: the offset in the entries of each valid hook's first entry;
 *   0 for the others (and past the 3 hooks of ARP)
 * @underflow: the offset of each valid hook's policy entry, likewise
 * @num_entries: how many entries, 1 to VZCPT_XT_MAX_ENTRIES
 * @size: their bytes, a multiple of 8
 *
 * Followed by the entries as the family's GET_ENTRIES socket option gives
 * them (size bytes), then num_entries counters, a __u64 packet count and a
 * __u64 byte count each, in the entries' order. A restore sets the table
 * with the family's SET_REPLACE, which checks every entry, match and
 * target as it checks iptables-restore's, then adds the counters.
 */
struct vzcpt_img_xtable {
	__u8 family;
	__u8 reserved[3];
	__u32 valid_hooks;
	char name[VZCPT_XT_NAME];
	__u32 hook_entry[VZCPT_XT_HOOKS];
	__u32 underflow[VZCPT_XT_HOOKS];
	__u32 num_entries;
	__u32 size;
};

/* A tracked connection's attributes at most (ctnetlink's are a few hundred bytes). */
#define VZCPT_CONNTRACK_MAX_LEN	4096
/* The connections of a namespace at most: nf_conntrack_max's default on a big host. */
#define VZCPT_CONNTRACK_MAX	(1U << 20)

/**
 * struct vzcpt_img_conntrack - a connection the CT's network namespace
 *   tracks, as the ctnetlink message that makes it (IPCTNL_MSG_CT_NEW)
 * @family: NFPROTO_IPV4 (2) or NFPROTO_IPV6 (10)
 * @reserved: zero
 * @len: the bytes of netlink attributes that follow, 4 to
 *   VZCPT_CONNTRACK_MAX_LEN, each whole and padded to 4 bytes
 *
 * Followed by the attributes ctnetlink dumped for it (its tuples, status,
 * time left, protocol state, mark, zone, sequence adjustments, labels,
 * synproxy state) less those that make nothing (its id, use count,
 * counters, timestamps), and, for a NATed one, CTA_NAT_SRC and CTA_NAT_DST
 * made from its reply tuple, so that the restore's NAT binding gives the
 * same tuples. A restore sends each to ctnetlink, which parses and checks
 * it as it does conntrack(8)'s. Never one with a helper or a master (an
 * expected connection): the dump refuses those.
 */
struct vzcpt_img_conntrack {
	__u8 family;
	__u8 reserved[3];
	__u32 len;
};

/* The layout is the ABI: a size that changes breaks the build, in the kernel and in vzctl alike. */
#define VZCPT_ASSERT_SIZE(t, n) \
	extern char vzcpt_size_of_##t[sizeof(struct t) == (n) ? 1 : -1]
VZCPT_ASSERT_SIZE(vzcpt_rec, 24);
VZCPT_ASSERT_SIZE(vzcpt_img_image, 184);
VZCPT_ASSERT_SIZE(vzcpt_img_uts, 136);
VZCPT_ASSERT_SIZE(vzcpt_img_task, 704);
VZCPT_ASSERT_SIZE(vzcpt_img_regs, 224);
VZCPT_ASSERT_SIZE(vzcpt_img_xstate, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_mm, 648);
VZCPT_ASSERT_SIZE(vzcpt_img_vma, 80);
VZCPT_ASSERT_SIZE(vzcpt_img_pages, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_file, 64);
VZCPT_ASSERT_SIZE(vzcpt_img_sockopt, 64);
VZCPT_ASSERT_SIZE(vzcpt_img_fd, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_pipe, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_sighand, 2048);
VZCPT_ASSERT_SIZE(vzcpt_img_signals, 24);
VZCPT_ASSERT_SIZE(vzcpt_img_fs, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_end, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_taskx, 208);
VZCPT_ASSERT_SIZE(vzcpt_img_ipcns, 80);
VZCPT_ASSERT_SIZE(vzcpt_img_ipc_perm, 32);
VZCPT_ASSERT_SIZE(vzcpt_img_sem, 40);
VZCPT_ASSERT_SIZE(vzcpt_img_semundo, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_seccomp, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_sock_filter, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_msq, 48);
VZCPT_ASSERT_SIZE(vzcpt_img_msg, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_shm, 64);
VZCPT_ASSERT_SIZE(vzcpt_img_itimer, 24);
VZCPT_ASSERT_SIZE(vzcpt_img_timers, 96);
VZCPT_ASSERT_SIZE(vzcpt_img_posix_timer, 72);
VZCPT_ASSERT_SIZE(vzcpt_img_ghost, 64);
VZCPT_ASSERT_SIZE(vzcpt_img_ghost_data, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_fifo, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_eventfd, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_signalfd, 16);
VZCPT_ASSERT_SIZE(vzcpt_img_timerfd, 40);
VZCPT_ASSERT_SIZE(vzcpt_img_epoll, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_epoll_tfd, 24);
VZCPT_ASSERT_SIZE(vzcpt_img_unix, 152);
VZCPT_ASSERT_SIZE(vzcpt_img_unix_msg, 32);
VZCPT_ASSERT_SIZE(vzcpt_img_inet, 200);
VZCPT_ASSERT_SIZE(vzcpt_img_dgram, 64);
VZCPT_ASSERT_SIZE(vzcpt_img_tcp, 56);
VZCPT_ASSERT_SIZE(vzcpt_img_lock, 40);
VZCPT_ASSERT_SIZE(vzcpt_img_netlink, 160);
VZCPT_ASSERT_SIZE(vzcpt_img_nlmsg, 32);
VZCPT_ASSERT_SIZE(vzcpt_img_packet, 120);
VZCPT_ASSERT_SIZE(vzcpt_img_sock_filter_hdr, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_packet_mc, 56);
VZCPT_ASSERT_SIZE(vzcpt_img_packet_msg, 80);
VZCPT_ASSERT_SIZE(vzcpt_img_mqns, 32);
VZCPT_ASSERT_SIZE(vzcpt_img_mq, 72);
VZCPT_ASSERT_SIZE(vzcpt_img_mq_msg, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_netdev, 72);
VZCPT_ASSERT_SIZE(vzcpt_img_netaddr, 88);
VZCPT_ASSERT_SIZE(vzcpt_img_netroute, 168);
VZCPT_ASSERT_SIZE(vzcpt_img_netrule, 128);
VZCPT_ASSERT_SIZE(vzcpt_img_netconf, 280);
VZCPT_ASSERT_SIZE(vzcpt_img_netsysctl, 112);
VZCPT_ASSERT_SIZE(vzcpt_img_netneigh, 64);
VZCPT_ASSERT_SIZE(vzcpt_img_nft, 8);
VZCPT_ASSERT_SIZE(vzcpt_img_xtable, 88);
VZCPT_ASSERT_SIZE(vzcpt_img_conntrack, 8);

/**
 * struct vzcpt_img_precopy - one address space's pages of a pre-copy pass
 * @magic: VZCPT_IMAGE_MAGIC, no NUL: a stream may start with this record
 * @version: VZCPT_IMAGE_VERSION
 * @pass: the pass, from 1; passes come in order, each mm once per pass,
 *   by ascending seq
 * @nr_pages: pages of the PAGES records (id: the seq) that follow, at least 1
 * @reserved: zero
 *
 * Pre-copy (CPT_ITER) writes its passes before the image, while the CT
 * runs: each mm of the CT is named by a seq, 1 for the first one a pass
 * found, the next new one max + 1. A pass writes the pages of an mm that
 * were written since the pass before it (or not sent yet), as PAGES records
 * in ascending order, their start the address. The image that follows says
 * which pages of a mapping are as the last pass that sent them left them
 * (VZCPT_REC_PAGES_REF, of the mm whose MM record's @precopy is the seq);
 * the restore takes those from the passes, the others from the image.
 */
struct vzcpt_img_precopy {
	char magic[8];
	__u32 version;
	__u32 pass;
	__u64 nr_pages;
	__u64 reserved[2];
};

/**
 * struct vzcpt_img_pages_ref - @nr pages of a mapping from @start are the
 *   pre-copied ones at the same addresses (the mm's last pass that sent each)
 * @start: page aligned, inside the mapping, above the pages before
 * @nr: at least 1; counted in the mapping's nr_pages as PAGES are
 * @reserved: zero
 */
struct vzcpt_img_pages_ref {
	__u64 start;
	__u32 nr;
	__u32 reserved;
};

#endif /* _UAPI_LINUX_VZCPT_IMAGE_H */
