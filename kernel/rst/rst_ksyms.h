/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_KSYMS_H
#define _RST_KSYMS_H

#include <linux/restart_block.h>
#include <linux/rwsem.h>
#include <linux/sched/task.h>

struct fs_struct;
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
extern unsigned int *ksym_sysctl_nr_open;
extern unsigned long *ksym_mmap_min_addr;
extern ulong (*ksym_wait_task_inactive)(struct task_struct *p, unsigned int state);
extern void (*ksym_put_task_stack)(struct task_struct *tsk);
/*
 * madvise(), mlock2(), mlockall() and F_SETPIPE_SZ for the restoring task
 * itself, with the kernel's own checks: no exported call sets a mapping's
 * advice or lock, or a pipe's size.
 */
extern int (*ksym_do_madvise)(struct mm_struct *mm, unsigned long start, size_t len,
			      int behavior);
extern long (*ksym_sys_mlock2)(const struct pt_regs *regs);
extern long (*ksym_sys_mlockall)(const struct pt_regs *regs);
extern long (*ksym_pipe_fcntl)(struct file *file, unsigned int cmd, unsigned long arg);

#endif /* _RST_KSYMS_H */
