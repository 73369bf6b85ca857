/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_KSYMS_H
#define _RST_KSYMS_H

#include <linux/container_of.h>
#include <linux/cred.h>
#include <linux/fs_struct.h>
#include <linux/fsnotify_backend.h>
#include <linux/memfd.h>
#include <linux/mm.h>
#include <linux/pipe_fs_i.h>
#include <linux/restart_block.h>
#include <linux/sched.h>
#include <linux/sched/cputime.h>
#include <linux/sched/signal.h>
#include <linux/task_work.h>
#include <linux/sched/task_stack.h>
#include <linux/security.h>
#include <linux/shmem_fs.h>
#include <linux/sched/task.h>
#include <linux/sched/user.h>
#include <linux/syscalls.h>
#include <linux/utsname.h>
#include <asm/syscall.h>
#include <asm/vdso.h>
#include <net/tcp.h>

/*
 * The unexported kernel functions and objects vzrst uses; rst_main.c's
 * table says why each, and resolves them at load. Their types are the
 * kernel's own declarations, with two kinds of exception:
 * - hrtimer_nanosleep_restart, do_restart_poll, futex_wait_restart and
 *   posix_cpu_nsleep_restart are static: they have the type of the
 *   restart_block field they are stored in and called through;
 * - the __x64_sys_* wrappers have no prototype (x86-64's <linux/syscalls.h>
 *   leaves the sys_* ones out under syscall wrappers): they have the syscall
 *   table's type, and their arguments, in pt_regs, are the system call's
 *   user ABI, which does not change.
 */
extern typeof(kernel_clone) *ksym_kernel_clone;
extern typeof(create_pipe_files) *ksym_create_pipe_files;
extern typeof(set_fs_root) *ksym_set_fs_root;
extern typeof(set_fs_pwd) *ksym_set_fs_pwd;
extern typeof(ksys_setsid) *ksym_ksys_setsid;
extern typeof(kernel_wait4) *ksym_kernel_wait4;
/* A restored zombie exits with its status, never having run user code (rst_task.c). */
extern typeof(do_exit) *ksym_do_exit;
extern sys_call_ptr_t ksym_sys_setpgid;
extern sys_call_ptr_t ksym_sys_mprotect;
extern typeof(map_vdso_once) *ksym_map_vdso_once;
extern typeof(vdso_image_64) *ksym_vdso_image_64;
extern typeof(replace_mm_exe_file) *ksym_replace_mm_exe_file;
extern typeof_member(struct restart_block, fn) ksym_hrtimer_nanosleep_restart;
extern typeof_member(struct restart_block, fn) ksym_do_restart_poll;
extern typeof_member(struct restart_block, fn) ksym_futex_wait_restart;
extern typeof_member(struct restart_block, fn) ksym_posix_cpu_nsleep_restart;
extern typeof(thread_group_cputime) *ksym_thread_group_cputime;
extern typeof(uts_sem) *ksym_uts_sem;
extern sys_call_ptr_t ksym_sys_unshare;
extern sys_call_ptr_t ksym_sys_setns;
extern typeof(alloc_uid) *ksym_alloc_uid;
extern typeof(set_cred_ucounts) *ksym_set_cred_ucounts;
/* Sysctls the kernel's own setters check (setrlimit, prctl(PR_SET_MM_MAP)). */
extern typeof(sysctl_nr_open) *ksym_sysctl_nr_open;
extern typeof(mmap_min_addr) *ksym_mmap_min_addr;
/* Registers are written only into a task off its CPU (rst_undump.c). */
extern typeof(wait_task_inactive) *ksym_wait_task_inactive;
extern typeof(put_task_stack) *ksym_put_task_stack;
/*
 * madvise(), mlock2(), mlockall() and F_SETPIPE_SZ for the restoring task
 * itself, with the kernel's own checks: no exported call sets a mapping's
 * advice or lock, or a pipe's size.
 */
extern typeof(do_madvise) *ksym_do_madvise;
extern sys_call_ptr_t ksym_sys_mlock2;
extern sys_call_ptr_t ksym_sys_mlockall;
extern typeof(pipe_fcntl) *ksym_pipe_fcntl;
/* sched_setaffinity(): the cpuset intersection of the syscall (rst_taskx.c). */
extern typeof(sched_setaffinity) *ksym_sched_setaffinity;
/* kill_pid_info(): a siginfo to a whole thread group (send_sig_info(): to one thread). */
extern typeof(kill_pid_info) *ksym_kill_pid_info;
/* send_sigqueue(): a POSIX timer's own signal, queued again as its expiry queues it. */
extern typeof(send_sigqueue) *ksym_send_sigqueue;
extern typeof(shmem_kernel_file_setup) *ksym_shmem_kernel_file_setup;
/* The SysV IPC calls that make the CT's objects again (rst_ipc.c). */
extern sys_call_ptr_t ksym_sys_semget;
extern sys_call_ptr_t ksym_sys_semctl;
extern sys_call_ptr_t ksym_sys_msgget;
extern sys_call_ptr_t ksym_sys_msgctl;
extern sys_call_ptr_t ksym_sys_msgsnd;
/* SysV segments made again and attached by do_shmat() (rst_ipc.c, rst_mm.c). */
extern sys_call_ptr_t ksym_sys_shmget;
extern sys_call_ptr_t ksym_sys_shmat;
extern sys_call_ptr_t ksym_sys_shmdt;
extern sys_call_ptr_t ksym_sys_shmctl;
/*
 * The POSIX message queue calls that make the CT's queues again, fill them
 * and register a notification (rst_mqueue.c): no exported call does.
 */
extern sys_call_ptr_t ksym_sys_mq_open;
extern sys_call_ptr_t ksym_sys_mq_timedsend;
extern sys_call_ptr_t ksym_sys_mq_unlink;
extern sys_call_ptr_t ksym_sys_mq_notify;
/* A system call of up to five arguments through its ksym, as the restoring task's own. */
static inline long rst_sys5(sys_call_ptr_t fn, unsigned long a, unsigned long b,
			    unsigned long c, unsigned long d, unsigned long e)
{
	struct pt_regs regs = { .di = a, .si = b, .dx = c, .r10 = d, .r8 = e };

	return fn(&regs);
}

/* mount(2), by the restored init: the CT's own mounts made again (rst_mount.c). */
extern sys_call_ptr_t ksym_sys_mount;
/* The restore's deferred fputs, run before a read-only remount (rst_mount.c). */
extern typeof(task_work_run) *ksym_task_work_run;
/* A restored task's semaphore undo entries, made by its own semop(SEM_UNDO) (rst_ipc.c). */
extern typeof(__do_semtimedop) *ksym___do_semtimedop;
/* A restored task's seccomp mode and filters, set by its own seccomp() (rst_seccomp.c). */
extern sys_call_ptr_t ksym_sys_seccomp;
/* A process's timers, made again by the calls that made them (rst_timers.c). */
extern sys_call_ptr_t ksym_sys_setitimer;
extern sys_call_ptr_t ksym_sys_timer_create;
extern sys_call_ptr_t ksym_sys_timer_settime;
/* F_ADD_SEALS on a restored memfd: no exported call seals one (rst_ghost.c). */
extern typeof(memfd_fcntl) *ksym_memfd_fcntl;
/*
 * eventfd2(), signalfd4(), timerfd_create(), timerfd_settime(),
 * epoll_create1(), epoll_ctl() and dup3() for the restoring task itself
 * (rst_eventfd.c ... rst_epoll.c): no exported call makes these files.
 */
extern sys_call_ptr_t ksym_sys_eventfd2;
extern sys_call_ptr_t ksym_sys_signalfd4;
extern sys_call_ptr_t ksym_sys_timerfd_create;
extern sys_call_ptr_t ksym_sys_timerfd_settime;
extern sys_call_ptr_t ksym_sys_epoll_create1;
extern sys_call_ptr_t ksym_sys_epoll_ctl;
extern sys_call_ptr_t ksym_sys_dup3;
/* inotify_init1() and inotify_add_watch() (rst_inotify.c): no exported call makes these. */
extern sys_call_ptr_t ksym_sys_inotify_init1;
extern sys_call_ptr_t ksym_sys_inotify_add_watch;
/*
 * fsnotify_insert_event() (rst_inotify.c): an inotify's queued events are
 * queued again by it; only inotify's handler queues one, from a change of a file.
 */
extern typeof(fsnotify_insert_event) *ksym_fsnotify_insert_event;
/*
 * The SYN-ACK senders of a TCP request given back to its listener
 * (rst_synq.c): only the kernel's own SYN handlers put them in a request.
 */
extern typeof(tcp_request_sock_ipv4_ops) *ksym_tcp_request_sock_ipv4_ops;
extern typeof(tcp_request_sock_ipv6_ops) *ksym_tcp_request_sock_ipv6_ops;

#endif /* _RST_KSYMS_H */
