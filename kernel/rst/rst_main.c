// SPDX-License-Identifier: GPL-2.0
/*
 * vzrst: the restore side. Module init/exit, its kernel symbols and the
 * stages of /proc/rst (common/vz_proc.c has the file and the ioctls all sides have).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/file.h>
#include <linux/module.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>

#include "../common/vz_sysctl.h"
#include "../common/ksyms.h"
#include "../common/vz_fault.h"
#include "../common/vz_proc.h"
#include "rst_context.h"
#include "rst_task.h"
#include "rst_hold.h"
#include "rst_ksyms.h"
#include "rst_undump.h"

typeof(kernel_clone) *ksym_kernel_clone;
typeof(create_pipe_files) *ksym_create_pipe_files;
typeof(set_fs_root) *ksym_set_fs_root;
typeof(set_fs_pwd) *ksym_set_fs_pwd;
typeof(ksys_setsid) *ksym_ksys_setsid;
typeof(kernel_wait4) *ksym_kernel_wait4;
typeof(do_exit) *ksym_do_exit;
sys_call_ptr_t ksym_sys_setpgid;
sys_call_ptr_t ksym_sys_mprotect;
typeof(map_vdso_once) *ksym_map_vdso_once;
typeof(vdso_image_64) *ksym_vdso_image_64;
typeof(replace_mm_exe_file) *ksym_replace_mm_exe_file;
typeof_member(struct restart_block, fn) ksym_hrtimer_nanosleep_restart;
typeof_member(struct restart_block, fn) ksym_do_restart_poll;
typeof_member(struct restart_block, fn) ksym_futex_wait_restart;
typeof_member(struct restart_block, fn) ksym_posix_cpu_nsleep_restart;
typeof(thread_group_cputime) *ksym_thread_group_cputime;
typeof(uts_sem) *ksym_uts_sem;
sys_call_ptr_t ksym_sys_unshare;
sys_call_ptr_t ksym_sys_setns;
typeof(alloc_uid) *ksym_alloc_uid;
typeof(set_cred_ucounts) *ksym_set_cred_ucounts;
typeof(sysctl_nr_open) *ksym_sysctl_nr_open;
typeof(mmap_min_addr) *ksym_mmap_min_addr;
typeof(wait_task_inactive) *ksym_wait_task_inactive;
typeof(put_task_stack) *ksym_put_task_stack;
typeof(do_madvise) *ksym_do_madvise;
sys_call_ptr_t ksym_sys_mlock2;
sys_call_ptr_t ksym_sys_mlockall;
sys_call_ptr_t ksym_sys_eventfd2;
sys_call_ptr_t ksym_sys_signalfd4;
sys_call_ptr_t ksym_sys_timerfd_create;
sys_call_ptr_t ksym_sys_timerfd_settime;
sys_call_ptr_t ksym_sys_epoll_create1;
sys_call_ptr_t ksym_sys_epoll_ctl;
sys_call_ptr_t ksym_sys_dup3;
sys_call_ptr_t ksym_sys_inotify_init1;
sys_call_ptr_t ksym_sys_inotify_add_watch;
typeof(fsnotify_insert_event) *ksym_fsnotify_insert_event;
typeof(pipe_fcntl) *ksym_pipe_fcntl;
typeof(sched_setaffinity) *ksym_sched_setaffinity;
typeof(kill_pid_info) *ksym_kill_pid_info;
typeof(send_sigqueue) *ksym_send_sigqueue;
typeof(shmem_kernel_file_setup) *ksym_shmem_kernel_file_setup;
typeof(tcp_request_sock_ipv4_ops) *ksym_tcp_request_sock_ipv4_ops;
typeof(tcp_request_sock_ipv6_ops) *ksym_tcp_request_sock_ipv6_ops;
sys_call_ptr_t ksym_sys_semget;
sys_call_ptr_t ksym_sys_semctl;
sys_call_ptr_t ksym_sys_msgget;
sys_call_ptr_t ksym_sys_msgctl;
sys_call_ptr_t ksym_sys_msgsnd;
sys_call_ptr_t ksym_sys_shmget;
sys_call_ptr_t ksym_sys_shmat;
sys_call_ptr_t ksym_sys_shmdt;
sys_call_ptr_t ksym_sys_shmctl;
sys_call_ptr_t ksym_sys_mq_open;
sys_call_ptr_t ksym_sys_mount;
typeof(task_work_run) *ksym_task_work_run;
sys_call_ptr_t ksym_sys_mq_timedsend;
sys_call_ptr_t ksym_sys_mq_unlink;
sys_call_ptr_t ksym_sys_mq_notify;
typeof(__do_semtimedop) *ksym___do_semtimedop;
sys_call_ptr_t ksym_sys_seccomp;
sys_call_ptr_t ksym_sys_setitimer;
sys_call_ptr_t ksym_sys_timer_create;
sys_call_ptr_t ksym_sys_timer_settime;
typeof(memfd_fcntl) *ksym_memfd_fcntl;

VZ_FAULT_PARAMS();

/*
 * Every kallsyms lookup of vzrst, with why no exported interface does it.
 * VZ_KSYM_CALL: called through the pointer (by us or by the kernel), so it
 * must start with an ENDBR under IBT; VZ_KSYM_DATA: an object.
 */
static const struct vz_ksym rst_ksyms[] = {
	/* a task with a chosen pid (set_tid) in a chosen parent: only clone3 makes one */
	VZ_KSYM(kernel_clone, VZ_KSYM_CALL),
	/* a pipe as two struct files for a restored fd table: only pipe2, into an fd table */
	VZ_KSYM(create_pipe_files, VZ_KSYM_CALL),
	/* root and cwd from a struct path: only chroot and chdir, from a user's path */
	VZ_KSYM(set_fs_root, VZ_KSYM_CALL),
	VZ_KSYM(set_fs_pwd, VZ_KSYM_CALL),
	/* sessions and process groups: only the system calls set them */
	VZ_KSYM(ksys_setsid, VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_setpgid, "__x64_sys_setpgid", VZ_KSYM_CALL),
	/* a restore helper reaped in the kernel: only wait4, with a user buffer */
	VZ_KSYM(kernel_wait4, VZ_KSYM_CALL),
	/* a restored zombie exits with its wait status from the kernel, never in user space */
	VZ_KSYM(do_exit, VZ_KSYM_CALL),
	/* a mapping's protection as the task left it: vm_mmap takes no later mprotect */
	VZ_KSYM_AS(sys_mprotect, "__x64_sys_mprotect", VZ_KSYM_CALL),
	/* the vDSO at the image's address: exec maps it where it likes */
	VZ_KSYM(map_vdso_once, VZ_KSYM_CALL),
	VZ_KSYM(vdso_image_64, VZ_KSYM_DATA),
	/* /proc/PID/exe from a struct file: only prctl(PR_SET_MM_EXE_FILE), by fd */
	VZ_KSYM(replace_mm_exe_file, VZ_KSYM_CALL),
	/* an interrupted sleep, poll or futex wait resumes through its (static) restart function */
	VZ_KSYM(hrtimer_nanosleep_restart, VZ_KSYM_CALL),
	VZ_KSYM(do_restart_poll, VZ_KSYM_CALL),
	VZ_KSYM(futex_wait_restart, VZ_KSYM_CALL),
	VZ_KSYM(posix_cpu_nsleep_restart, VZ_KSYM_CALL),
	/*
	 * a process's CPU time summed over its threads, as the kernel takes it
	 * when it starts counting the process's CPU timers: the clock a sleep
	 * on it resumes from (rst_task.c); only clock_gettime() reads it, into
	 * user memory
	 */
	VZ_KSYM(thread_group_cputime, VZ_KSYM_CALL),
	/* sethostname's lock, held while the CT's names are written in place */
	VZ_KSYM(uts_sem, VZ_KSYM_DATA),
	/* the CT's time namespace: only unshare makes one and setns enters it */
	VZ_KSYM_AS(sys_unshare, "__x64_sys_unshare", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_setns, "__x64_sys_setns", VZ_KSYM_CALL),
	/*
	 * A restored uid's user_struct (keyrings, RLIMIT_NPROC's exemption of
	 * root) and ucounts (the process count): set*uid switches them inside
	 * __sys_setresuid, with no exported call.
	 */
	VZ_KSYM(alloc_uid, VZ_KSYM_CALL),
	VZ_KSYM(set_cred_ucounts, VZ_KSYM_CALL),
	/* sysctls the kernel's own setters check (setrlimit, prctl(PR_SET_MM_MAP)) */
	VZ_KSYM(sysctl_nr_open, VZ_KSYM_DATA),
	VZ_KSYM(mmap_min_addr, VZ_KSYM_DATA),
	/* registers written only into a task off its CPU, as ptrace waits for one */
	VZ_KSYM(wait_task_inactive, VZ_KSYM_CALL),
	VZ_KSYM(put_task_stack, VZ_KSYM_CALL),
	/* a mapping's advice and lock, a pipe's size: only the system calls set them */
	VZ_KSYM(do_madvise, VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_mlock2, "__x64_sys_mlock2", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_mlockall, "__x64_sys_mlockall", VZ_KSYM_CALL),
	VZ_KSYM(pipe_fcntl, VZ_KSYM_CALL),
	/* a restored task's CPUs, as the syscall intersects them with its cpuset */
	VZ_KSYM(sched_setaffinity, VZ_KSYM_CALL),
	/* a pending shared signal back to the process's own queue */
	VZ_KSYM(kill_pid_info, VZ_KSYM_CALL),
	/*
	 * a POSIX timer's signal queued as the timer's own sigqueue, which only
	 * its expiry queues (posix_timer_event(), not exported either)
	 */
	VZ_KSYM(send_sigqueue, VZ_KSYM_CALL),
	/*
	 * shared anonymous memory as shmem_zero_setup() makes it (a private
	 * inode): that one wants a vma in the making; shmem_file_setup() is not
	 * private, and would not be taken for shared anonymous memory again
	 */
	VZ_KSYM(shmem_kernel_file_setup, VZ_KSYM_CALL),
	/*
	 * SysV objects made as a program makes them, so that the kernel's
	 * checks and limits apply: their structures are private to ipc/, and
	 * only the system calls (ksys_* are not exported) make and fill them
	 */
	VZ_KSYM_AS(sys_semget, "__x64_sys_semget", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_semctl, "__x64_sys_semctl", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_msgget, "__x64_sys_msgget", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_msgctl, "__x64_sys_msgctl", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_msgsnd, "__x64_sys_msgsnd", VZ_KSYM_CALL),
	/*
	 * shmget(), shmctl() and shmat()/shmdt(): a segment made again, and
	 * attached by each task that had it, through do_shmat() (the
	 * segment's file and its shm_file_data are private to ipc/shm.c, and
	 * no exported call attaches one)
	 */
	VZ_KSYM_AS(sys_shmget, "__x64_sys_shmget", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_shmat, "__x64_sys_shmat", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_shmdt, "__x64_sys_shmdt", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_shmctl, "__x64_sys_shmctl", VZ_KSYM_CALL),
	/*
	 * POSIX message queues made, filled, unlinked and a notification
	 * registered again with the kernel's checks and limits: do_mq_open()
	 * and the others are static, the queue's structures private to
	 * ipc/mqueue.c
	 */
	VZ_KSYM_AS(sys_mq_open, "__x64_sys_mq_open", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_mq_timedsend, "__x64_sys_mq_timedsend", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_mq_unlink, "__x64_sys_mq_unlink", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_mq_notify, "__x64_sys_mq_notify", VZ_KSYM_CALL),
	/*
	 * the CT's own mounts made again by its init, as the CT made them
	 * (rst_mount.c): path_mount() is fs/internal.h's and not exported,
	 * and no exported call mounts a filesystem into a task's namespace
	 * with mount(2)'s checks (vfs_kern_mount() makes one attached nowhere)
	 */
	VZ_KSYM_AS(sys_mount, "__x64_sys_mount", VZ_KSYM_CALL),
	/*
	 * the last fput of each file the restore wrote into a tmpfs, deferred
	 * to the task's return to user space (the restore runs inside that
	 * task_work already), run before a read-only remount counts the
	 * mount's writers: no exported call runs a task's pending works
	 */
	VZ_KSYM(task_work_run, VZ_KSYM_CALL),
	/*
	 * a task's semaphore undo entries: only a semop() with SEM_UNDO of the
	 * task itself makes one (find_alloc_undo() is static, the undo
	 * structures private to ipc/sem.c); this one takes its operations from
	 * kernel memory, the syscall's from user memory
	 */
	VZ_KSYM(__do_semtimedop, VZ_KSYM_CALL),
	/*
	 * seccomp filters: seccomp_set_mode_filter() is static, and
	 * prctl_set_seccomp() takes no flags (SECCOMP_FILTER_FLAG_LOG)
	 */
	VZ_KSYM_AS(sys_seccomp, "__x64_sys_seccomp", VZ_KSYM_CALL),
	/* itimers and POSIX timers: do_setitimer() and do_timer_create() are static */
	VZ_KSYM_AS(sys_setitimer, "__x64_sys_setitimer", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_timer_create, "__x64_sys_timer_create", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_timer_settime, "__x64_sys_timer_settime", VZ_KSYM_CALL),
	/* a restored memfd's seals: no exported call seals a memfd */
	VZ_KSYM(memfd_fcntl, VZ_KSYM_CALL),
	/*
	 * eventfds, signalfds, timerfds and epolls, made by their system calls
	 * with every check of the calls: the kernel exports none of them
	 */
	VZ_KSYM_AS(sys_eventfd2, "__x64_sys_eventfd2", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_signalfd4, "__x64_sys_signalfd4", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_timerfd_create, "__x64_sys_timerfd_create", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_timerfd_settime, "__x64_sys_timerfd_settime", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_epoll_create1, "__x64_sys_epoll_create1", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_epoll_ctl, "__x64_sys_epoll_ctl", VZ_KSYM_CALL),
	/* an epoll's target at the fd number it was added with */
	VZ_KSYM_AS(sys_dup3, "__x64_sys_dup3", VZ_KSYM_CALL),
	/* inotify instances and their watches: no exported call makes either */
	VZ_KSYM_AS(sys_inotify_init1, "__x64_sys_inotify_init1", VZ_KSYM_CALL),
	VZ_KSYM_AS(sys_inotify_add_watch, "__x64_sys_inotify_add_watch", VZ_KSYM_CALL),
	/* an inotify's queued events: only inotify's handler queues one, from a change of a file */
	VZ_KSYM(fsnotify_insert_event, VZ_KSYM_CALL),
	/*
	 * the sysctls of the CT's network namespace: walking its own set
	 * (net->sysctls) takes fs/proc/proc_sysctl.c's static lock; no
	 * exported call lists a namespace's entries (vz_sysctl.c)
	 */
	VZ_KSYM(sysctl_lock, VZ_KSYM_DATA),
	/*
	 * a TCP listener's connection in its handshake given back (rst_synq.c):
	 * a request's SYN-ACK goes again through these, which only the kernel's
	 * own SYN handlers (tcp_v4_conn_request(), tcp_v6_conn_request()) put
	 * in a request, from a received SYN
	 */
	VZ_KSYM(tcp_request_sock_ipv4_ops, VZ_KSYM_DATA),
	VZ_KSYM(tcp_request_sock_ipv6_ops, VZ_KSYM_DATA),
};

static int rst_set_dumpfd(struct rst_context *ctx, int fd)
{
	struct file *f;

	if (ctx->state != RST_NEW) {
		rst_err(ctx, "CT %u is already undumped", ctx->ctid);
		return -EINVAL;
	}
	f = vz_dump_file(&ctx->vz, fd, false);
	if (IS_ERR(f))
		return PTR_ERR(f);
	if (ctx->rd.file)
		fput(ctx->rd.file);
	ctx->rd.file = f;
	return 0;
}

/* One stage on a context, under its lock. */
static int rst_stage(struct vz_ctx *c, unsigned int cmd, unsigned long arg)
{
	struct rst_context *ctx = rst_ctx(c);
	s32 fd;
	int err;

	switch (cmd) {
	case CPT_SET_DUMPFD:
		if (get_user(fd, (s32 __user *)arg))
			return -EFAULT;
		return rst_set_dumpfd(ctx, fd);
	case CPT_UNDUMP:
		if (ctx->state != RST_NEW) {
			rst_err(ctx, "CT %u is already undumped", ctx->ctid);
			return -EINVAL;
		}
		err = rst_undump(ctx);
		if (err)
			vz_ctx_finish(&ctx->vz);
		return err;
	case CPT_RESUME:
	case CPT_KILL:
		if (ctx->state != RST_UNDUMPED) {
			rst_err(ctx, "CT %u is not undumped", ctx->ctid);
			return -EINVAL;
		}
		err = cmd == CPT_KILL ? rst_hold_kill(ctx) : rst_hold_resume(ctx);
		if (!err && cmd == CPT_RESUME)
			rst_precopy_drop_later(ctx);
		vz_ctx_finish(&ctx->vz);
		return err;
	}
	return -ENOTTY;
}

static const unsigned int rst_stages[] = {
	CPT_SET_DUMPFD, CPT_UNDUMP, CPT_RESUME, CPT_KILL,
};

struct vz_ctx_kind rst_kind = {
	.name = "rst",
	.what = "restore",
	.init_what = "a new pid namespace",
	.stages = rst_stages,
	.nr_stages = ARRAY_SIZE(rst_stages),
	.alloc = rst_ctx_alloc,
	.attach = rst_ctx_attach,
	.stage = rst_stage,
	.done = rst_ctx_done,
	.abandon = rst_ctx_abandon,
	.finish = rst_ctx_finished,
	.free = rst_ctx_free,
};

static int __init rst_init(void)
{
	return vz_proc_init(&rst_kind, rst_ksyms, ARRAY_SIZE(rst_ksyms));
}

static void __exit rst_exit(void)
{
	vz_proc_exit(&rst_kind);
}

module_init(rst_init);
module_exit(rst_exit);
MODULE_DESCRIPTION("vzrst: container restore");
MODULE_LICENSE("GPL");
