/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_KSYMS_H
#define _CPT_KSYMS_H

#include <linux/container_of.h>
#include <linux/dcache.h>
#include <linux/fdtable.h>
#include <linux/pagewalk.h>
#include <linux/pipe_fs_i.h>
#include <linux/restart_block.h>
#include <linux/sched/cputime.h>
#include <net/ipv6.h>
#include <asm/syscall.h>

/*
 * The unexported kernel functions vzcpt uses; cpt_main.c's table says why
 * each, and resolves them at load. Their types are the kernel's own
 * declarations; the four restart functions are static, and have the type of
 * the restart_block field they are stored in.
 */
extern typeof_member(struct restart_block, fn) ksym_hrtimer_nanosleep_restart;
extern typeof_member(struct restart_block, fn) ksym_do_restart_poll;
extern typeof_member(struct restart_block, fn) ksym_futex_wait_restart;
extern typeof_member(struct restart_block, fn) ksym_posix_cpu_nsleep_restart;
extern typeof(walk_page_range) *ksym_walk_page_range;
extern typeof(thread_group_cputime) *ksym_thread_group_cputime;
extern typeof(get_pipe_info) *ksym_get_pipe_info;
/*
 * __d_path: the path from a given root, NULL when that root does not reach
 * it; the exported d_path() and d_absolute_path() only take the caller's
 * root or the mount tree's own.
 */
extern typeof(__d_path) *ksym_d_path_from;
/* Drops a reference taken on a task's fd table; the kernel exports no put for it. */
extern typeof(put_files_struct) *ksym_put_files_struct;
/*
 * The SysV IPC calls, and setns() to make them in the CT's namespace
 * (cpt_ipc.c): the syscall table's type, their arguments in pt_regs.
 */
extern sys_call_ptr_t ksym_sys_setns;
extern sys_call_ptr_t ksym_sys_semctl;
extern sys_call_ptr_t ksym_sys_msgctl;
extern sys_call_ptr_t ksym_sys_msgrcv;
extern sys_call_ptr_t ksym_sys_shmctl;
/*
 * The f_op of signalfd, timerfd, epoll and inotify files, which are static: how the
 * kernel itself tells them (is_file_epoll(), the syscalls' fdget checks).
 */
extern const struct file_operations *ksym_signalfd_fops;
extern const struct file_operations *ksym_timerfd_fops;
extern const struct file_operations *ksym_eventpoll_fops;
extern const struct file_operations *ksym_inotify_fops;
/*
 * A terminal's files (cpt_tty.c): tty_fops and ptmx_fops, static in
 * drivers/tty, tell a file whose private_data is a tty_file_private;
 * hung_up_tty_fops one whose terminal was hung up.
 */
extern const struct file_operations *ksym_tty_fops;
extern const struct file_operations *ksym_ptmx_fops;
extern const struct file_operations *ksym_hung_up_tty_fops;
/* IPv6's router alert chain (cpt_raw.c): its head and its lock, both data. */
extern typeof(ip6_ra_chain) *ksym_ip6_ra_chain;
extern typeof(ip6_ra_lock) *ksym_ip6_ra_lock;

#endif /* _CPT_KSYMS_H */
