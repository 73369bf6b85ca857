/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_KSYMS_H
#define _CPT_KSYMS_H

#include <linux/pagewalk.h>
#include <linux/restart_block.h>

struct file;
struct files_struct;
struct path;
struct pipe_inode_info;

/* Unexported kernel functions vzcpt uses, resolved at load (cpt_main.c). */
extern long (*ksym_hrtimer_nanosleep_restart)(struct restart_block *rb);
extern long (*ksym_do_restart_poll)(struct restart_block *rb);
extern int (*ksym_walk_page_range)(struct mm_struct *mm, unsigned long start,
				   unsigned long end, const struct mm_walk_ops *ops,
				   void *private);
extern struct pipe_inode_info *(*ksym_get_pipe_info)(struct file *file, bool for_splice);
/*
 * __d_path: the path from a given root, NULL when that root does not reach
 * it; the exported d_path() and d_absolute_path() only take the caller's
 * root or the mount tree's own.
 */
extern char *(*ksym_d_path_from)(const struct path *path, const struct path *root,
				 char *buf, int buflen);
/* Drops a reference taken on a task's fd table; the kernel exports no put for it. */
extern void (*ksym_put_files_struct)(struct files_struct *files);

int cpt_ksyms_init(void);

#endif /* _CPT_KSYMS_H */
