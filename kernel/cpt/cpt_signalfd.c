// SPDX-License-Identifier: GPL-2.0
/*
 * Dump signalfds: the mask of signals each reads; the file's flags as
 * F_SETFL left them. The signals themselves are the task's pending ones
 * (cpt_signal.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/signal.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_evfd.h"
#include "cpt_ksyms.h"

/*
 * The kernel's struct signalfd_ctx (fs/signalfd.c), private: it is the
 * mask alone, which the fdinfo shows only as text. It holds the signals
 * the fd does NOT read (signalfd4() stores the complement of its mask, so
 * SIGKILL and SIGSTOP are in it). signalfd4() on the fd changes it; every
 * task of the CT is frozen.
 */
struct cpt_signalfd_ctx {
	sigset_t sigmask;
};

/* signalfd_fops is static: its address comes from kallsyms (cpt_main.c). */
bool cpt_is_signalfd(struct file *file)
{
	return file->f_op == ksym_signalfd_fops;
}

int cpt_dump_signalfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct cpt_signalfd_ctx *ctx = file->private_data;
	struct vzcpt_img_signalfd s = {};
	bool first;
	int err;

	err = cpt_evfd_file(d, file, f, VZCPT_FILE_SIGNALFD, "a signalfd");
	if (err)
		return err;
	s.sigmask = ~READ_ONCE(ctx->sigmask.sig[0]);
	f->pipe_id = cpt_obj_id(d, ctx, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	return cpt_write_rec(d, VZCPT_REC_SIGNALFD, f->pipe_id, &s, sizeof(s), NULL, 0);
}
