// SPDX-License-Identifier: GPL-2.0
/*
 * Restore epoll instances: made by epoll_create1(), each target added by
 * epoll_ctl(EPOLL_CTL_ADD) of the restoring task itself with its events
 * and data, so the kernel's checks apply (loops, nesting depth,
 * EPOLLEXCLUSIVE's rules). A target is keyed by its file and the fd number
 * it was added with: it is added through that very number, put there for
 * the call when the task's table has it free (a target whose fd was closed
 * after it was added, or whose fd comes later in the table).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/uaccess.h>
#include <linux/ptrace.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_ksyms.h"
#include "../common/vz_epoll.h"

/* Put @file at exactly @nr for a moment: 0, 1 when it already is there, or an error. */
static int rst_epoll_place(struct rst_context *ctx, struct file *file, u32 nr)
{
	struct pt_regs regs = {};
	struct file *there;
	long err;
	int tmp;

	there = fget(nr);
	if (there) {
		fput(there);
		if (there == file)
			return 1;
		rst_err(ctx, "task %d (%s) cannot restore an epoll: the fd %u it watches a file as is another file's now",
			task_pid_vnr(current), current->comm, nr);
		return -EBUSY;
	}
	tmp = get_unused_fd_flags(O_CLOEXEC);
	if (tmp < 0)
		return tmp;
	fd_install(tmp, get_file(file));
	if (tmp == nr)
		return 0;
	regs.di = tmp;
	regs.si = nr;
	regs.dx = O_CLOEXEC;
	err = ksym_sys_dup3(&regs);
	close_fd(tmp);
	if (err < 0) {
		rst_err(ctx, "task %d (%s) cannot restore an epoll: cannot put the file it watches at fd %u (error %ld)",
			task_pid_vnr(current), current->comm, nr, err);
		return err;
	}
	return 0;
}

/* epoll_ctl(@ep, EPOLL_CTL_ADD, @nr, @ev) through a moment's fd of @ep. */
static long rst_epoll_ctl(struct file *ep, u32 nr, struct epoll_event __user *uev)
{
	struct pt_regs regs = {};
	long err;
	int epfd;

	epfd = get_unused_fd_flags(O_CLOEXEC);
	if (epfd < 0)
		return epfd;
	fd_install(epfd, get_file(ep));
	regs.di = epfd;
	regs.si = EPOLL_CTL_ADD;
	regs.dx = nr;
	regs.r10 = (unsigned long)uev;
	err = ksym_sys_epoll_ctl(&regs);
	close_fd(epfd);
	return err;
}

/*
 * A one-shot item that fired keeps only its private bits, and no call sets
 * that: the item just added by epoll_ctl() (with EPOLLERR | EPOLLHUP) gets
 * the image's events as epoll_ctl(EPOLL_CTL_MOD) sets them, under the
 * epoll's mutex (vz_epoll.h).
 */
static void rst_epoll_disable(struct file *ep, struct file *file, u32 nr, u32 events)
{
	struct vz_ep *e = ep->private_data;
	struct rb_node *rbp;
	struct vz_epi *epi;

	mutex_lock(&e->mtx);
	for (rbp = rb_first_cached(&e->rbr); rbp; rbp = rb_next(rbp)) {
		epi = rb_entry(rbp, struct vz_epi, rbn);
		if (epi->ffd.file == file && epi->ffd.fd == nr) {
			WRITE_ONCE(epi->event.events, events);
			/* As ep_modify(): seen by the wakeup callbacks from now on. */
			smp_mb();
			break;
		}
	}
	mutex_unlock(&e->mtx);
}

static int rst_epoll_add(struct rst_context *ctx, struct file *ep,
			 const struct vzcpt_img_epoll_tfd *t, struct epoll_event __user *uev)
{
	struct epoll_event ev = { .events = t->events, .data = t->data };
	struct file *file;
	long err;
	int placed;

	/* Checked (img_check.c): a file of the image, made before the epoll. */
	file = xa_load(&ctx->files, t->file_id);
	if (!file) {
		rst_err(ctx, "the image is corrupt: an epoll watches file %llu, which was not restored",
			t->file_id);
		return -EINVAL;
	}
	placed = rst_epoll_place(ctx, file, t->fd);
	if (placed < 0)
		return placed;
	/* The target's number is taken now: the epoll's own fd cannot be it. */
	err = copy_to_user(uev, &ev, sizeof(ev)) ? -EFAULT : rst_epoll_ctl(ep, t->fd, uev);
	if (!err && !(t->events & ~VZ_EP_PRIVATE_BITS))
		rst_epoll_disable(ep, file, t->fd, t->events);
	if (!placed)
		close_fd(t->fd);
	if (err)
		rst_err(ctx, "task %d (%s) cannot make an epoll watch fd %u with events %#x (error %ld)",
			task_pid_vnr(current), current->comm, t->fd, t->events, err);
	return err;
}

int rst_epoll(struct rst_context *ctx)
{
	struct vzcpt_img_epoll *e = ctx->rd.buf;
	struct vzcpt_img_epoll_tfd *t = (struct vzcpt_img_epoll_tfd *)(e + 1);
	struct epoll_event __user *uev;
	u64 id = ctx->rd.hdr.id;
	struct pt_regs regs = {};
	struct file *file;
	int err;
	u32 i;

	/* Checked (img_check.c): a new id, its targets files of the image, known events. */
	err = rst_payload(ctx, VZCPT_REC_EPOLL, sizeof(*e));
	if (err)
		return err;
	file = rst_evfd_take(ctx, ksym_sys_epoll_create1(&regs), "an epoll");
	if (IS_ERR(file))
		return PTR_ERR(file);
	uev = rst_ubuf(NULL, 0);
	err = IS_ERR(uev) ? PTR_ERR(uev) : 0;
	for (i = 0; !err && i < e->nr; i++)
		err = rst_epoll_add(ctx, file, &t[i], uev);
	if (!IS_ERR(uev))
		rst_ubuf_put(uev);
	if (err) {
		fput(file);
		return err;
	}
	return rst_evfd_keep(ctx, id, file);
}
