/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_TTY_H
#define _CPT_TTY_H

#include <linux/types.h>

struct cpt_dump;
struct file;
struct vzcpt_img_file;

/* Whether @file is a terminal's: a pty end is carried, any other refused by cpt_dump_ptys(). */
bool cpt_is_tty(struct file *file);
/*
 * Every pty pair of the CT, found in all its tasks' fd tables and
 * controlling terminals, refused or written as PTY records in index order;
 * called once, with the init's files.
 */
int cpt_dump_ptys(struct cpt_dump *d);
/* The FILE of one end of a pair cpt_dump_ptys() wrote. */
int cpt_dump_tty_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);

#endif /* _CPT_TTY_H */
