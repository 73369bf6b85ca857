// SPDX-License-Identifier: GPL-2.0
/*
 * Dump epoll instances: each watched file by its id in the image, with the
 * fd number it was added with (its key, with the file), its events mask
 * and its data. Every target is dumped before the epoll (a nested epoll
 * with its own targets first), so a restore has each target made before
 * it adds it; a target whose fd the task closed is carried all the same.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_evfd.h"
#include "cpt_files.h"
#include "cpt_ksyms.h"
#include "../common/vz_epoll.h"

/* epoll's f_op is static: its address comes from kallsyms (cpt_main.c). */
bool cpt_is_epoll(struct file *file)
{
	return file->f_op == ksym_eventpoll_fops;
}

/* The targets of @ep, each referenced, in @tfd (their file ids still 0) and @files. */
static int cpt_epoll_targets(struct cpt_dump *d, struct vz_ep *ep,
			     struct vzcpt_img_epoll_tfd **tfd, struct file ***files, u32 *nr)
{
	struct rb_node *rbp;
	struct vz_epi *epi;
	u32 n = 0, i = 0;

	mutex_lock(&ep->mtx);
	for (rbp = rb_first_cached(&ep->rbr); rbp; rbp = rb_next(rbp))
		n++;
	*tfd = kvcalloc(n ?: 1, sizeof(**tfd), GFP_KERNEL);
	*files = kvcalloc(n ?: 1, sizeof(**files), GFP_KERNEL);
	if (!*tfd || !*files) {
		mutex_unlock(&ep->mtx);
		return -ENOMEM;
	}
	for (rbp = rb_first_cached(&ep->rbr); rbp && i < n; rbp = rb_next(rbp)) {
		epi = rb_entry(rbp, struct vz_epi, rbn);
		/* A file on its way out (its last fput running) is leaving the set. */
		if (!get_file_rcu(epi->ffd.file))
			continue;
		(*files)[i] = epi->ffd.file;
		(*tfd)[i].fd = epi->ffd.fd;
		(*tfd)[i].events = epi->event.events;
		(*tfd)[i].data = epi->event.data;
		i++;
	}
	mutex_unlock(&ep->mtx);
	*nr = i;
	return 0;
}

/* Say which target of an epoll the reason in the context is about. */
static void cpt_epoll_err(struct cpt_dump *d, u32 fd)
{
	char *msg = kstrdup(d->ctx->errmsg, GFP_KERNEL);

	if (!msg)
		return;
	cpt_err(d->ctx, "an epoll watches, as fd %u, a file it cannot carry: %s", fd, msg);
	kfree(msg);
}

int cpt_dump_epoll(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		   char *pathbuf)
{
	struct vzcpt_img_epoll_tfd *tfd = NULL;
	struct vzcpt_img_epoll e = {};
	struct file **files = NULL;
	u32 nr = 0, i;
	bool first;
	int err;

	err = cpt_evfd_file(d, file, f, VZCPT_FILE_EPOLL, "an epoll");
	if (err)
		return err;
	err = cpt_epoll_targets(d, file->private_data, &tfd, &files, &nr);
	for (i = 0; !err && i < nr; i++) {
		if (tfd[i].events & ~VZCPT_EPOLL_EVENTS) {
			cpt_err(d->ctx, "an epoll watches fd %u for events %#x, which the image does not carry",
				tfd[i].fd, tfd[i].events);
			err = -EOPNOTSUPP;
			break;
		}
		err = cpt_dump_file_obj(d, files[i], pathbuf, &tfd[i].file_id);
		if (err)
			cpt_epoll_err(d, tfd[i].fd);
	}
	for (i = 0; i < nr; i++)
		fput(files[i]);
	if (!err && nr > (VZCPT_REC_MAX_LEN - sizeof(e)) / sizeof(*tfd)) {
		cpt_err(d->ctx, "an epoll watches %u files, more than an image record holds", nr);
		err = -EOVERFLOW;
	}
	if (!err) {
		e.nr = nr;
		f->pipe_id = cpt_obj_id(d, file->private_data, &first);
		err = f->pipe_id ? cpt_write_rec(d, VZCPT_REC_EPOLL, f->pipe_id, &e, sizeof(e),
						 tfd, nr * sizeof(*tfd)) : -ENOMEM;
	}
	kvfree(files);
	kvfree(tfd);
	return err;
}
