// SPDX-License-Identifier: GPL-2.0
/*
 * Restore signalfds: made by signalfd4() with the image's mask (the call
 * drops SIGKILL and SIGSTOP from it, as it always does).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ptrace.h>
#include <linux/signal.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_ksyms.h"

int rst_signalfd(struct rst_context *ctx)
{
	struct vzcpt_img_signalfd *s = ctx->rd.buf;
	u64 id = ctx->rd.hdr.id;
	struct pt_regs regs = {};
	struct file *file;
	void __user *mask;
	long fd;
	int err;

	/* Checked (img_check.c): a new id, a mask without SIGKILL and SIGSTOP. */
	err = rst_payload(ctx, VZCPT_REC_SIGNALFD, sizeof(*s));
	if (err)
		return err;
	mask = rst_ubuf(&s->sigmask, sizeof(s->sigmask));
	if (IS_ERR(mask))
		return PTR_ERR(mask);
	regs.di = -1;
	regs.si = (unsigned long)mask;
	regs.dx = sizeof(sigset_t);
	fd = ksym_sys_signalfd4(&regs);
	rst_ubuf_put(mask);
	file = rst_evfd_take(ctx, fd, "a signalfd");
	if (IS_ERR(file))
		return PTR_ERR(file);
	return rst_evfd_keep(ctx, id, file);
}
