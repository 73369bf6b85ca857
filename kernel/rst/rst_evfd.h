/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_EVFD_H
#define _RST_EVFD_H

#include <linux/types.h>

struct file;
struct rst_context;
struct vzcpt_img_file;

/*
 * The anonymous inode files an event loop holds. Each kind's record
 * (EVENTFD, SIGNALFD, TIMERFD, EPOLL, INOTIFY) makes its object, kept in the
 * context's files under the record's id until the one FILE record of it
 * claims it (rst_evfd_file()).
 */
int rst_eventfd(struct rst_context *ctx);
int rst_signalfd(struct rst_context *ctx);
int rst_timerfd(struct rst_context *ctx);
int rst_epoll(struct rst_context *ctx);
int rst_inotify(struct rst_context *ctx);
/* The file of FILE record @id of kind @f->kind, referenced, with @f's flags. */
struct file *rst_evfd_file(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id);

/* What the kinds share (rst_evfd.c). */
/*
 * The file behind @fd, which a system call of the restoring task just made:
 * referenced, the fd closed.
 */
struct file *rst_evfd_take(struct rst_context *ctx, long fd, const char *what);
/* Keep @file (its reference) as object @id of the image; on failure it is put. */
int rst_evfd_keep(struct rst_context *ctx, u64 id, struct file *file);
/*
 * Finish the object a system call of the restoring task just made as @fd:
 * @setup sets it up while @fd still names it (its own calls take an fd),
 * then the fd is closed and the file kept as object @id.
 */
typedef int (*rst_evfd_setup_fn)(struct rst_context *ctx, const void *rec, long fd,
				 struct file *file);
int rst_evfd_setup(struct rst_context *ctx, u64 id, long fd, const char *what,
		   rst_evfd_setup_fn setup, const void *rec);
/*
 * A page of the restoring task's memory for a system call's user
 * arguments, @len bytes of @data copied in: a user address, or an ERR_PTR.
 */
void __user *rst_ubuf(const void *data, size_t len);
void rst_ubuf_put(void __user *p);

#endif /* _RST_EVFD_H */
