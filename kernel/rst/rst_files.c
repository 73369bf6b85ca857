// SPDX-License-Identifier: GPL-2.0
/*
 * Restore open files into the current task, opened as the CT's root:
 * files by path (from the CT's root) and position, character devices,
 * pipes (rst_pipe.c), sockets (rst_sock.c); the fd table with exact
 * numbers; the cwd, root and umask.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/pid_namespace.h>
#include <linux/proc_fs.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_files.h"
#include "rst_inet.h"
#include "rst_ksyms.h"
#include "rst_locks.h"
#include "rst_sock.h"
#include "rst_task.h"
#include "rst_tty.h"
#include "rst_undump.h"
#include "rst_unix.h"

/* Drop every file the restore still references (the context is going). */
/* Every file an xarray holds is put, and the xarray emptied. */
void rst_fput_all(struct xarray *xa)
{
	unsigned long i;
	struct file *f;

	xa_for_each(xa, i, f)
		fput(f);
	xa_destroy(xa);
}

void rst_drop_objects(struct rst_context *ctx)
{
	unsigned long i;
	struct file *f;

	xa_for_each(&ctx->files, i, f)
		fput(f);
	rst_fown_drop(ctx);
	xa_for_each(&ctx->pipes, i, f)
		fput(f);
	rst_sock_drop(ctx);
	xa_for_each(&ctx->ghosts, i, f)
		fput(f);
	rst_unix_drop(ctx);
	rst_pty_drop(ctx);
	if (ctx->root.mnt)
		path_put(&ctx->root);
	ctx->root.mnt = NULL;
}

/*
 * Every path of the image is from the CT's root, and is looked up from
 * there: not from the root a task inherited from its creator (which may
 * have chrooted) nor from the restorer's. The lookup cannot leave it.
 *
 * It is opened as the CT's root: with the credentials of the restore seed
 * that vzctl made (the CT's bounding set; in a CT with a user namespace,
 * the CT's root there), which every restored task still has as its own
 * while its image's are in force (rst_task.c). Not with the task's: a
 * daemon opens its files as root and then drops to its user, and its
 * files are still open after a restore; and never with more than the CT's
 * root has, whatever the image says.
 */
struct file *rst_open_ct(struct rst_context *ctx, const char *path, int flags)
{
	return rst_open_ct_as(ctx, path, flags, current->real_cred);
}

/* The same with credentials kept from a restoring task, for work done after it (rst_unix.c). */
struct file *rst_open_ct_as(struct rst_context *ctx, const char *path, int flags,
			    const struct cred *cred)
{
	const struct cred *old;
	struct file *f;

	if (!ctx->root.mnt)
		return ERR_PTR(-ENOENT);
	old = override_creds(cred);
	f = file_open_root(&ctx->root, path, flags, 0);
	revert_creds(old);
	return f;
}

/* What the CT's root could not open (rst_open_ct()) fails the restore, naming task and path. */
void rst_open_err(struct rst_context *ctx, const char *what, const char *path, long err)
{
	rst_err(ctx, "task %d (%s) cannot open %s%s%s (error %ld)", task_pid_vnr(current),
		current->comm, what, path,
		err == -EACCES || err == -EPERM ? ": the CT's root may not" : "",
		err);
}

static struct file *rst_open_path(struct rst_context *ctx, const struct vzcpt_img_file *f,
				  const char *path)
{
	int flags = f->flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | FASYNC);
	struct file *file;
	loff_t pos;

	file = rst_open_ct(ctx, path, flags);
	if (IS_ERR(file)) {
		rst_open_err(ctx, "", path, PTR_ERR(file));
		return file;
	}
	if (f->kind == VZCPT_FILE_CHR &&
	    (!S_ISCHR(file_inode(file)->i_mode) ||
	     new_encode_dev(file_inode(file)->i_rdev) != f->rdev)) {
		rst_err(ctx, "%s is not the device it was", path);
		fput(file);
		return ERR_PTR(-ENODEV);
	}
	if (f->kind == VZCPT_FILE_REG &&
	    (file_inode(file)->i_mode & S_IFMT) != (f->mode & S_IFMT)) {
		rst_err(ctx, "%s is not the kind of file it was", path);
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	/* Its /proc/PID must name the CT's task of that pid, as it did at the dump. */
	if (file_inode(file)->i_sb->s_magic == PROC_SUPER_MAGIC &&
	    proc_sb_info(file_inode(file)->i_sb)->pid_ns != task_active_pid_ns(current)) {
		rst_err(ctx, "%s is on a proc of another pid namespace than the CT's", path);
		fput(file);
		return ERR_PTR(-EINVAL);
	}
	if (f->pos && f->kind == VZCPT_FILE_REG) {
		pos = vfs_llseek(file, f->pos, SEEK_SET);
		if (pos != f->pos) {
			rst_err(ctx, "cannot seek %s to %lld", path, f->pos);
			fput(file);
			return ERR_PTR(pos < 0 ? pos : -EINVAL);
		}
	}
	return file;
}

static int rst_file(struct rst_context *ctx)
{
	struct vzcpt_img_file *f = ctx->rd.buf;
	char *path = (char *)(f + 1);
	u64 id = ctx->rd.hdr.id;
	struct file *file;
	int err;

	/* Checked (img_check.c): a new id, a known kind, a path with no NUL, a pipe that is one. */
	err = rst_payload(ctx, VZCPT_REC_FILE, sizeof(*f));
	if (err)
		return err;
	path[f->path_len] = 0;
	switch (f->kind) {
	case VZCPT_FILE_PIPE:
		file = rst_pipe_end(ctx, f, id);
		break;
	case VZCPT_FILE_SOCKET:
		file = rst_sock_file(ctx, f);
		break;
	case VZCPT_FILE_FIFO:
		file = rst_fifo_end(ctx, f, id);
		break;
	case VZCPT_FILE_GHOST:
		file = rst_ghost_file(ctx, f, id);
		break;
	case VZCPT_FILE_EVENTFD:
	case VZCPT_FILE_SIGNALFD:
	case VZCPT_FILE_TIMERFD:
	case VZCPT_FILE_EPOLL:
	case VZCPT_FILE_INOTIFY:
		file = rst_evfd_file(ctx, f, id);
		break;
	case VZCPT_FILE_PTMX:
	case VZCPT_FILE_PTS:
	case VZCPT_FILE_DEVTTY:
		file = rst_pty_file(ctx, f);
		break;
	case VZCPT_FILE_MQUEUE:
		file = rst_mqueue_file(ctx, f);
		break;
	default:
		file = rst_open_path(ctx, f, path);
	}
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = xa_err(xa_store(&ctx->files, id, file, GFP_KERNEL));
	if (err) {
		fput(file);
		return err;
	}
	return rst_fown_note(ctx, f, id);
}

/* Install file @id at exactly @fd: lower free numbers are held by @spare meanwhile. */
static int rst_fd(struct rst_context *ctx, unsigned int *spare, unsigned int *nr_spare,
		  unsigned int max_spare)
{
	struct vzcpt_img_fd *r = ctx->rd.buf;
	struct file *file;
	int fd, err;

	/* Checked (img_check.c): of this table, in order, naming a file of the image. */
	err = rst_payload(ctx, VZCPT_REC_FD, sizeof(*r));
	if (err)
		return err;
	file = xa_load(&ctx->files, r->file_id);
	if (!file) {
		rst_err(ctx, "fd %u names file %llu, which was not restored", r->fd, r->file_id);
		return -EINVAL;
	}
	for (;;) {
		fd = get_unused_fd_flags(r->cloexec ? O_CLOEXEC : 0);
		if (fd < 0) {
			rst_err(ctx, "cannot allocate fd %u (error %d)", r->fd, fd);
			return fd;
		}
		if (fd == r->fd)
			break;
		if (fd > r->fd || *nr_spare == max_spare) {
			put_unused_fd(fd);
			rst_err(ctx, "the image is corrupt: fd %u is given twice or out of order",
				r->fd);
			return -EINVAL;
		}
		spare[(*nr_spare)++] = fd;
	}
	fd_install(fd, get_file(file));
	rst_fown_fd(ctx, r->file_id, fd);
	return 0;
}

/*
 * The image's fds may lie above the restoring task's RLIMIT_NOFILE (a CT's
 * server raised its own); its limits are set once the task is whole
 * (rst_limits), so meanwhile only the kernel's nr_open bounds the fds.
 */
static void rst_open_fd_limit(void)
{
	struct rlimit *rl = &current->signal->rlim[RLIMIT_NOFILE];

	task_lock(current->group_leader);
	rl->rlim_cur = RLIM_INFINITY;
	rl->rlim_max = RLIM_INFINITY;
	task_unlock(current->group_leader);
}

static void rst_close_all(void)
{
	unsigned int fd, max;

	rcu_read_lock();
	max = files_fdtable(current->files)->max_fds;
	rcu_read_unlock();
	for (fd = 0; fd < max; fd++)
		close_fd(fd);
}

int rst_files(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	unsigned int *spare, nr_spare = 0, max_spare = 4096, i;
	int err = 0;

	spare = kvmalloc_array(max_spare, sizeof(*spare), GFP_KERNEL);
	if (!spare)
		return -ENOMEM;
	/* The fd table was copied from the creator: it holds none of its files. */
	rst_close_all();
	rst_open_fd_limit();
	for (;;) {
		err = rst_next(ctx);
		if (err)
			break;
		switch (ctx->rd.hdr.type) {
		case VZCPT_REC_PIPE:
			err = rst_pipe(ctx);
			break;
		case VZCPT_REC_FIFO:
			err = rst_fifo(ctx);
			break;
		case VZCPT_REC_UNIX:
			err = rst_unix(ctx);
			break;
		case VZCPT_REC_INET:
			err = rst_inet(ctx);
			break;
		case VZCPT_REC_NETLINK:
			err = rst_netlink(ctx);
			break;
		case VZCPT_REC_PACKET:
			err = rst_packet(ctx);
			break;
		case VZCPT_REC_INET_MCAST:
			err = rst_inet_mcast(ctx);
			break;
		case VZCPT_REC_TCP_OPTS:
			err = rst_tcp_extra(ctx);
			break;
		case VZCPT_REC_SOCK_FILTER:
			err = rst_sock_filter(ctx);
			break;
		case VZCPT_REC_TCP_REQ:
			err = rst_synq_note(ctx);
			break;
		case VZCPT_REC_FILE:
			err = rst_file(ctx);
			break;
		case VZCPT_REC_EVENTFD:
			err = rst_eventfd(ctx);
			break;
		case VZCPT_REC_SIGNALFD:
			err = rst_signalfd(ctx);
			break;
		case VZCPT_REC_TIMERFD:
			err = rst_timerfd(ctx);
			break;
		case VZCPT_REC_EPOLL:
			err = rst_epoll(ctx);
			break;
		case VZCPT_REC_INOTIFY:
			err = rst_inotify(ctx);
			break;
		case VZCPT_REC_PTY:
			err = rst_pty(ctx);
			break;
		case VZCPT_REC_FD:
			err = rst_fd(ctx, spare, &nr_spare, max_spare);
			break;
		case VZCPT_REC_LOCK:
			err = rst_lock(ctx);
			break;
		default:
			goto done;
		}
		if (err)
			break;
	}
done:
	rst_pty_drop_temps(ctx);
	for (i = 0; i < nr_spare; i++)
		put_unused_fd(spare[i]);
	kvfree(spare);
	return err;
}

static int rst_set_dir(struct rst_context *ctx, const char *path, bool root)
{
	/* An O_PATH open is the exported lookup from a given root. */
	struct file *f = rst_open_ct(ctx, path, O_PATH | O_DIRECTORY);

	if (IS_ERR(f)) {
		rst_open_err(ctx, root ? "its root " : "its cwd ", path, PTR_ERR(f));
		return PTR_ERR(f);
	}
	if (root)
		ksym_set_fs_root(current->fs, &f->f_path);
	else
		ksym_set_fs_pwd(current->fs, &f->f_path);
	fput(f);
	return 0;
}

int rst_fs(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	struct vzcpt_img_fs *f = ctx->rd.buf;
	char *cwd, *root;
	int err;

	/* Checked (img_check.c): this task's fs, two absolute paths, a umask. */
	err = rst_payload(ctx, VZCPT_REC_FS, sizeof(*f));
	if (err)
		return err;
	cwd = kmemdup_nul((char *)(f + 1), f->cwd_len, GFP_KERNEL);
	root = kmemdup_nul((char *)(f + 1) + f->cwd_len, f->root_len, GFP_KERNEL);
	err = -ENOMEM;
	if (cwd && root) {
		current->fs->umask = f->umask;
		/* Both from the CT's root (rst_open_ct()), whatever the creator's root is. */
		err = rst_set_dir(ctx, cwd, false);
		if (!err && strcmp(root, "/"))
			err = rst_set_dir(ctx, root, true);
	}
	kfree(cwd);
	kfree(root);
	return err;
}
