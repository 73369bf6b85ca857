// SPDX-License-Identifier: GPL-2.0
/*
 * Restore eventfds: made by eventfd2() with the image's mode, the counter
 * put back by the kernel's own adder.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/eventfd.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_ksyms.h"

int rst_eventfd(struct rst_context *ctx)
{
	struct vzcpt_img_eventfd *e = ctx->rd.buf;
	u64 id = ctx->rd.hdr.id;
	struct pt_regs regs = {};
	struct eventfd_ctx *ec;
	struct file *file;
	int err;

	/* Checked (img_check.c): a new id, known flags, reserved zero. */
	err = rst_payload(ctx, VZCPT_REC_EVENTFD, sizeof(*e));
	if (err)
		return err;
	regs.si = e->flags & VZCPT_EFD_SEMAPHORE ? EFD_SEMAPHORE : 0;
	file = rst_evfd_take(ctx, ksym_sys_eventfd2(&regs), "an eventfd");
	if (IS_ERR(file))
		return PTR_ERR(file);
	if (e->count) {
		ec = eventfd_ctx_fileget(file);
		if (IS_ERR(ec)) {
			fput(file);
			return PTR_ERR(ec);
		}
		/* A new eventfd's counter is 0: it takes all of the image's. */
		eventfd_signal(ec, e->count);
		eventfd_ctx_put(ec);
	}
	return rst_evfd_keep(ctx, id, file);
}
