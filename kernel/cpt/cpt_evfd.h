/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_EVFD_H
#define _CPT_EVFD_H

#include <linux/types.h>

struct cpt_dump;
struct file;
struct vzcpt_img_file;

/*
 * The anonymous inode files an event loop holds, one file each: whether
 * @file is of the kind, and its dump (fill @f, and write the kind's record
 * before the file's own).
 */
bool cpt_is_eventfd(struct file *file);
int cpt_dump_eventfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);
bool cpt_is_signalfd(struct file *file);
int cpt_dump_signalfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);
bool cpt_is_timerfd(struct file *file);
int cpt_dump_timerfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);
bool cpt_is_epoll(struct file *file);
/* Dumps every file it watches first: a restore finds each made before the epoll. */
int cpt_dump_epoll(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		   char *pathbuf);
bool cpt_is_inotify(struct file *file);
/* @pathbuf: PATH_MAX bytes of room for a watched inode's path. */
int cpt_dump_inotify(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		     char *pathbuf);

/*
 * What every kind shares: its file's own flags (O_NONBLOCK, as F_SETFL set
 * them). O_ASYNC only on an inotify, the one kind with a fasync list (no
 * other can have it): @what names the kind in the refusal.
 */
int cpt_evfd_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		  u32 kind, const char *what);

#endif /* _CPT_EVFD_H */
