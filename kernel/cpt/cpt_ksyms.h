/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_KSYMS_H
#define _CPT_KSYMS_H

#include <linux/container_of.h>
#include <linux/pagewalk.h>
#include <linux/pipe_fs_i.h>
#include <linux/restart_block.h>

/*
 * The unexported kernel functions vzcpt uses; cpt_main.c's table says why
 * each, and resolves them at load. Their types are the kernel's own
 * declarations; the two restart functions are static, and have the type of
 * the restart_block field they are stored in.
 */
extern typeof_member(struct restart_block, fn) ksym_hrtimer_nanosleep_restart;
extern typeof_member(struct restart_block, fn) ksym_do_restart_poll;
extern typeof(walk_page_range) *ksym_walk_page_range;
extern typeof(get_pipe_info) *ksym_get_pipe_info;

#endif /* _CPT_KSYMS_H */
