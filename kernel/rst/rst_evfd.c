// SPDX-License-Identifier: GPL-2.0
/*
 * What the restore of eventfd, signalfd, timerfd and epoll files shares:
 * each is made by its own system call, run by the restoring task itself
 * (so every check of the call applies), with its user arguments in a page
 * of that task's memory; its file is kept until its FILE record claims it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fcntl.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mman.h>
#include <linux/sched.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"

void __user *rst_ubuf(const void *data, size_t len)
{
	unsigned long addr;

	if (len > PAGE_SIZE)
		return ERR_PTR(-E2BIG);
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return ERR_PTR((long)addr);
	if (copy_to_user((void __user *)addr, data, len)) {
		vm_munmap(addr, PAGE_SIZE);
		return ERR_PTR(-EFAULT);
	}
	return (void __user *)addr;
}

void rst_ubuf_put(void __user *p)
{
	vm_munmap((unsigned long)p, PAGE_SIZE);
}

struct file *rst_evfd_take(struct rst_context *ctx, long fd, const char *what)
{
	struct file *file;

	if (fd < 0) {
		rst_err(ctx, "task %d (%s) cannot make %s (error %ld)", task_pid_vnr(current),
			current->comm, what, fd);
		return ERR_PTR(fd);
	}
	file = fget(fd);
	close_fd(fd);
	return file ?: ERR_PTR(-EBADF);
}

int rst_evfd_keep(struct rst_context *ctx, u64 id, struct file *file)
{
	int err = xa_err(xa_store(&ctx->files, id, file, GFP_KERNEL));

	if (err)
		fput(file);
	return err;
}

int rst_evfd_setup(struct rst_context *ctx, u64 id, long fd, const char *what,
		   rst_evfd_setup_fn setup, const void *rec)
{
	struct file *file;
	int err;

	if (fd < 0)
		return PTR_ERR(rst_evfd_take(ctx, fd, what));
	file = fget(fd);
	err = file ? setup(ctx, rec, fd, file) : -EBADF;
	close_fd(fd);
	if (err) {
		if (file)
			fput(file);
		return err;
	}
	return rst_evfd_keep(ctx, id, file);
}

/* The flags an anonymous inode file may have: its access mode, and what F_SETFL sets. */
#define RST_EVFD_FLAGS	(O_ACCMODE | O_NONBLOCK | O_APPEND | O_NOATIME | FASYNC)

static const char *rst_evfd_name(u32 kind)
{
	switch (kind) {
	case VZCPT_FILE_EVENTFD:
		return "[eventfd]";
	case VZCPT_FILE_SIGNALFD:
		return "[signalfd]";
	case VZCPT_FILE_TIMERFD:
		return "[timerfd]";
	case VZCPT_FILE_INOTIFY:
		return "inotify";
	default:
		return "[eventpoll]";
	}
}

struct file *rst_evfd_file(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id)
{
	struct file *file;

	/* Checked (img_check.c): an object of the file's kind, claimed once, made before it. */
	file = xa_erase(&ctx->files, f->pipe_id);
	if (!file || strcmp(file->f_path.dentry->d_name.name, rst_evfd_name(f->kind)) ||
	    (f->flags & ~RST_EVFD_FLAGS) ||
	    (f->flags & O_ACCMODE) != (f->kind == VZCPT_FILE_INOTIFY ? O_RDONLY : O_RDWR)) {
		rst_err(ctx, "the image is corrupt: file %llu is a bad %s", id,
			rst_evfd_name(f->kind));
		if (file)
			fput(file);
		return ERR_PTR(-EINVAL);
	}
	/* Each was made with no flags; the file's own are as F_SETFL left them, O_ASYNC later. */
	spin_lock(&file->f_lock);
	file->f_flags = (file->f_flags & O_ACCMODE) | (f->flags & ~(O_ACCMODE | FASYNC));
	spin_unlock(&file->f_lock);
	return file;
}
