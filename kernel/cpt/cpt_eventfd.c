// SPDX-License-Identifier: GPL-2.0
/*
 * Dump eventfds: the counter and EFD_SEMAPHORE, once per eventfd (tasks
 * that share one share its file); the file's flags as F_SETFL left them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/fs.h>
#include <linux/kref.h>
#include <linux/wait.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_evfd.h"

/*
 * The kernel's struct eventfd_ctx (fs/eventfd.c of this 6.1 kernel), which
 * is private: no exported call reads the counter without consuming it
 * (eventfd_ctx_do_read() empties it), and the fdinfo shows the counter but
 * not EFD_SEMAPHORE. It is read under its wait queue's lock, as the
 * kernel's own readers do.
 */
struct cpt_eventfd_ctx {
	struct kref kref;
	wait_queue_head_t wqh;
	__u64 count;
	unsigned int flags;
	int id;
};

/* eventfd_ctx_fileget() is the kernel's own test of an eventfd (its f_op). */
bool cpt_is_eventfd(struct file *file)
{
	struct eventfd_ctx *ctx = eventfd_ctx_fileget(file);

	if (IS_ERR(ctx))
		return false;
	eventfd_ctx_put(ctx);
	return true;
}

int cpt_dump_eventfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct vzcpt_img_eventfd e = {};
	struct cpt_eventfd_ctx *c;
	struct eventfd_ctx *ctx;
	bool first;
	int err;

	err = cpt_evfd_file(d, file, f, VZCPT_FILE_EVENTFD, "an eventfd");
	if (err)
		return err;
	ctx = eventfd_ctx_fileget(file);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	c = (struct cpt_eventfd_ctx *)ctx;
	spin_lock_irq(&c->wqh.lock);
	e.count = c->count;
	e.flags = c->flags & EFD_SEMAPHORE ? VZCPT_EFD_SEMAPHORE : 0;
	spin_unlock_irq(&c->wqh.lock);
	f->pipe_id = cpt_obj_id(d, ctx, &first);
	eventfd_ctx_put(ctx);
	if (!f->pipe_id)
		return -ENOMEM;
	return cpt_write_rec(d, VZCPT_REC_EVENTFD, f->pipe_id, &e, sizeof(e), NULL, 0);
}

int cpt_evfd_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		  u32 kind, const char *what)
{
	if ((file->f_flags & FASYNC) && kind != VZCPT_FILE_INOTIFY) {
		cpt_err(d->ctx, "%s has O_ASYNC, which its kind does not take", what);
		return -EOPNOTSUPP;
	}
	f->kind = kind;
	return 0;
}
