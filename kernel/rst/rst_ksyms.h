/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_KSYMS_H
#define _RST_KSYMS_H

#include <linux/restart_block.h>
#include <linux/rwsem.h>
#include <linux/sched/task.h>

struct cpumask;
struct fs_struct;
struct kernel_siginfo;
struct pid;
struct mm_struct;
struct path;
struct pt_regs;
struct vdso_image;

/* Unexported kernel functions and data vzrst uses, resolved at load (rst_main.c). */
extern pid_t (*ksym_kernel_clone)(struct kernel_clone_args *args);
extern int (*ksym_create_pipe_files)(struct file **res, int flags);
extern void (*ksym_set_fs_root)(struct fs_struct *fs, const struct path *path);
extern void (*ksym_set_fs_pwd)(struct fs_struct *fs, const struct path *path);
extern long (*ksym_ksys_setsid)(void);
extern long (*ksym_sys_setpgid)(const struct pt_regs *regs);
extern long (*ksym_sys_mprotect)(const struct pt_regs *regs);
extern int (*ksym_map_vdso_once)(const struct vdso_image *image, unsigned long addr);
extern const struct vdso_image *ksym_vdso_image_64;
extern int (*ksym_replace_mm_exe_file)(struct mm_struct *mm, struct file *file);
extern long (*ksym_hrtimer_nanosleep_restart)(struct restart_block *rb);
extern long (*ksym_do_restart_poll)(struct restart_block *rb);
extern struct rw_semaphore *ksym_uts_sem;
extern long (*ksym_sys_unshare)(const struct pt_regs *regs);
extern long (*ksym_sys_setns)(const struct pt_regs *regs);
/* sched_setaffinity(): the cpuset intersection of the syscall; not exported. */
extern long (*ksym_sched_setaffinity)(pid_t pid, const struct cpumask *in_mask);
/* kill_pid_info(): a siginfo to a whole thread group (send_sig_info(): to one thread). */
extern int (*ksym_kill_pid_info)(int sig, struct kernel_siginfo *info, struct pid *pid);

#endif /* _RST_KSYMS_H */
