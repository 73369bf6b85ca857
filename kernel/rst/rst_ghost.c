// SPDX-License-Identifier: GPL-2.0
/*
 * Restore deleted files that were open or mapped ("ghosts"): each is made
 * again as the CT's root, under a new name no one else can have taken
 * (O_EXCL) in the directory it was deleted from (or in the CT's root, if
 * that directory is gone), deleted at once, and filled with its data, its
 * size (holes stay holes), mode, owner and times. Every open file and
 * mapping of it is a new open of that one inode, so tasks share it as
 * before, and each sees a deleted file (no name, no link). A memfd is made
 * as memfd_create() makes it, with its name, and sealed as it was once its
 * data are in.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/memfd.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_files.h"
#include "rst_ksyms.h"
#include "rst_task.h"

/* Tries at a fresh name before giving up on a directory: a clash is already unlikely. */
#define RST_GHOST_TRIES	8

/*
 * Make a new file as the CT's root, O_EXCL: never an existing file, never
 * through a symlink at the last component; the lookup cannot leave the
 * CT's root (rst_open_ct()).
 */
static struct file *rst_ghost_open_excl(struct rst_context *ctx, const char *name)
{
	const struct cred *old = override_creds(current->real_cred);
	struct file *f;

	f = file_open_root(&ctx->root, name,
			   O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_LARGEFILE, 0600);
	revert_creds(old);
	return f;
}

/*
 * Make it under the name it had (@path, @path_len bytes), so that the task
 * sees the same "NAME (deleted)" in /proc; if that name is taken, under a
 * name of our own in the directory @path names the first @dir_len bytes of
 * ("" for the root).
 */
static struct file *rst_ghost_make(struct rst_context *ctx, const char *path, u32 path_len,
				   u32 dir_len, u64 id)
{
	struct file *f = ERR_PTR(-EEXIST);
	size_t len = path_len + 64;
	char *name;
	int i;

	name = kmalloc(len, GFP_KERNEL);
	if (!name)
		return ERR_PTR(-ENOMEM);
	for (i = 0; i <= RST_GHOST_TRIES && PTR_ERR(f) == -EEXIST; i++) {
		if (!i && path_len > dir_len)
			snprintf(name, len, "%.*s", path_len, path);
		else
			snprintf(name, len, "%.*s/.vzcpt-ghost-%llu-%08x", dir_len, path, id,
				 get_random_u32());
		f = rst_ghost_open_excl(ctx, name);
	}
	kfree(name);
	return f;
}

/*
 * Delete the name @f was made under (the CT is not running: nothing renamed it).
 * A reference of our own on its dentry, as unlinkat() holds one: d_delete()
 * turns a dentry nobody else holds negative, and the file's would then be
 * (tmpfs drops its own pin in its unlink).
 */
static int rst_ghost_unlink(struct file *f)
{
	struct dentry *dentry = dget(f->f_path.dentry), *parent;
	const struct cred *old;
	struct inode *dir;
	int err;

	err = mnt_want_write_file(f);
	if (err) {
		dput(dentry);
		return err;
	}
	parent = dget_parent(dentry);
	dir = d_inode(parent);
	old = override_creds(current->real_cred);
	inode_lock_nested(dir, I_MUTEX_PARENT);
	if (dentry->d_parent == parent && !d_unlinked(dentry))
		err = vfs_unlink(file_mnt_user_ns(f), dir, dentry, NULL);
	else
		err = -ENOENT;
	inode_unlock(dir);
	revert_creds(old);
	dput(parent);
	dput(dentry);
	mnt_drop_write_file(f);
	return err;
}

/* The file made again, deleted: in its old directory if that is still there, else in the root. */
static struct file *rst_ghost_create(struct rst_context *ctx, const char *path, u32 path_len,
				     u64 id)
{
	u32 dir_len = path_len;
	struct file *f;
	int err;

	while (dir_len && path[dir_len - 1] != '/')
		dir_len--;
	while (dir_len && path[dir_len - 1] == '/')
		dir_len--;
	f = rst_ghost_make(ctx, path, path_len, dir_len, id);
	if (IS_ERR(f) && dir_len)
		f = rst_ghost_make(ctx, path, 0, 0, id);
	if (IS_ERR(f)) {
		rst_err(ctx, "task %d (%s) cannot make deleted file %llu again in %.*s (error %ld)",
			task_pid_vnr(current), current->comm, id, path_len ? path_len : 1,
			path_len ? path : "/", PTR_ERR(f));
		return f;
	}
	err = rst_ghost_unlink(f);
	if (err) {
		rst_err(ctx, "task %d (%s) cannot delete file %pD again (error %d)",
			task_pid_vnr(current), current->comm, f, err);
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

/* A memfd made again as memfd_create(name, MFD_ALLOW_SEALING) makes it; sealed later. */
static struct file *rst_memfd_create(struct rst_context *ctx, const char *name, u64 id)
{
	char full[6 + VZCPT_MEMFD_NAME_MAX + 1];
	const struct cred *old;
	struct file *f;

	snprintf(full, sizeof(full), "memfd:%s", name);
	old = override_creds(current->real_cred);
	f = shmem_file_setup(full, 0, VM_NORESERVE);
	revert_creds(old);
	if (IS_ERR(f)) {
		rst_err(ctx, "task %d (%s) cannot make memfd %llu (%s) again (error %ld)",
			task_pid_vnr(current), current->comm, id, name, PTR_ERR(f));
		return f;
	}
	f->f_mode |= FMODE_LSEEK | FMODE_PREAD | FMODE_PWRITE;
	f->f_flags |= O_LARGEFILE;
	/* Unsealed until its data are in: rst_memfd_seal() seals it as the image says. */
	SHMEM_I(file_inode(f))->seals = 0;
	return f;
}

/* F_ADD_SEALS, with its own checks (F_SEAL_WRITE denies writable mappings from now). */
static int rst_memfd_seal(struct rst_context *ctx, struct file *f, u64 id, u32 seals)
{
	long err;

	if (!seals)
		return 0;
	err = ksym_memfd_fcntl(f, F_ADD_SEALS, seals);
	if (err)
		rst_err(ctx, "cannot seal memfd %llu with %#x (error %ld)", id, seals, err);
	return err;
}

/* Its GHOST_DATA records, written where they were. */
int rst_ghost_fill(struct rst_context *ctx, struct file *f, u64 id, u64 data)
{
	const struct vzcpt_img_ghost_data *gd = ctx->rd.buf;
	u64 done = 0;
	loff_t pos;
	ssize_t n;
	int err;

	for (;;) {
		err = rst_next(ctx);
		if (err)
			return err;
		if (ctx->rd.hdr.type != VZCPT_REC_GHOST_DATA)
			break;
		/* Checked (img_check.c): of this file, in order, inside its size. */
		err = rst_payload(ctx, VZCPT_REC_GHOST_DATA, sizeof(*gd));
		if (err)
			return err;
		pos = gd->offset;
		n = kernel_write(f, gd + 1, gd->len, &pos);
		if (n != gd->len) {
			rst_err(ctx, "cannot write %u bytes of deleted file %llu at %llu (error %zd)",
				gd->len, id, gd->offset, n < 0 ? n : -EIO);
			return n < 0 ? n : -EIO;
		}
		done += gd->len;
	}
	if (done != data) {
		rst_err(ctx, "the image is corrupt: deleted file %llu has %llu of its %llu bytes",
			id, done, data);
		return -EINVAL;
	}
	return 0;
}

/* Its size, then its mode, owner and times: as truncate(), chmod(), chown() and utimensat() do. */
static int rst_ghost_attrs(struct rst_context *ctx, struct file *f, const struct vzcpt_img_ghost *g)
{
	struct user_namespace *ns = current->real_cred->user_ns;
	struct dentry *dentry = f->f_path.dentry;
	struct inode *inode = d_inode(dentry);
	struct iattr ia = { .ia_valid = ATTR_SIZE, .ia_size = g->size, .ia_file = f };
	const struct cred *old;
	int err;

	ia.ia_valid |= ATTR_FILE;
	old = override_creds(current->real_cred);
	inode_lock(inode);
	err = notify_change(file_mnt_user_ns(f), dentry, &ia, NULL);
	if (!err) {
		memset(&ia, 0, sizeof(ia));
		ia.ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_ATIME | ATTR_MTIME |
			      ATTR_ATIME_SET | ATTR_MTIME_SET;
		ia.ia_mode = g->mode;
		ia.ia_uid = make_kuid(ns, g->uid);
		ia.ia_gid = make_kgid(ns, g->gid);
		ia.ia_atime = ns_to_timespec64(g->atime_ns);
		ia.ia_mtime = ns_to_timespec64(g->mtime_ns);
		if (!uid_valid(ia.ia_uid) || !gid_valid(ia.ia_gid))
			err = -EOVERFLOW;
		else
			err = notify_change(file_mnt_user_ns(f), dentry, &ia, NULL);
	}
	inode_unlock(inode);
	revert_creds(old);
	if (err)
		rst_err(ctx, "cannot give deleted file %llu its size %llu, mode %#o and owner %u:%u (error %d)",
			ctx->rd.hdr.id, g->size, g->mode, g->uid, g->gid, err);
	return err;
}

static int rst_ghost(struct rst_context *ctx)
{
	struct vzcpt_img_ghost g;
	struct file *f;
	char *path;
	u64 id;
	int err;

	/* Checked (img_check.c): a new id, a regular file within the size cap, a clean path. */
	err = rst_payload(ctx, VZCPT_REC_GHOST, sizeof(g));
	if (err)
		return err;
	id = ctx->rd.hdr.id;
	memcpy(&g, ctx->rd.buf, sizeof(g));
	path = kmemdup_nul((char *)ctx->rd.buf + sizeof(g), g.path_len, GFP_KERNEL);
	if (!path)
		return -ENOMEM;
	if (g.flags & VZCPT_GHOST_MEMFD)
		f = rst_memfd_create(ctx, path, id);
	else
		f = rst_ghost_create(ctx, path, g.path_len, id);
	kfree(path);
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = rst_ghost_fill(ctx, f, id, g.data);
	if (!err)
		err = rst_ghost_attrs(ctx, f, &g);
	if (!err)
		err = rst_memfd_seal(ctx, f, id, g.seals);
	if (!err)
		err = xa_insert(&ctx->ghosts, id, f, GFP_KERNEL);
	if (err == -EBUSY)
		rst_err(ctx, "the image is corrupt: deleted file %llu comes twice", id);
	if (err)
		fput(f);
	return err;
}

int rst_ghosts(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	int err;

	for (;;) {
		err = rst_next(ctx);
		if (err || ctx->rd.hdr.type != VZCPT_REC_GHOST)
			return err;
		/* The CT's init takes the CT's root before anything is made in it. */
		if (!rt->creator && !ctx->root.mnt)
			get_fs_root(current->fs, &ctx->root);
		if (!ctx->root.mnt)
			return -ENOENT;
		err = rst_ghost(ctx);
		if (err)
			return err;
	}
}

struct file *rst_ghost_open(struct rst_context *ctx, u64 id, int flags)
{
	struct file *g = xa_load(&ctx->ghosts, id);
	struct file *f;

	if (!g) {
		rst_err(ctx, "the image is corrupt: deleted file %llu was not restored", id);
		return ERR_PTR(-EINVAL);
	}
	/* Opened as the CT's root, as every file of the image (rst_open_ct()). */
	f = dentry_open(&g->f_path, flags, current->real_cred);
	if (IS_ERR(f))
		rst_err(ctx, "task %d (%s) cannot open deleted file %llu (error %ld)",
			task_pid_vnr(current), current->comm, id, PTR_ERR(f));
	return f;
}

struct file *rst_ghost_file(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id)
{
	int flags = f->flags & ~(O_CREAT | O_EXCL | O_TRUNC | O_NOCTTY | O_DIRECTORY | FASYNC);
	struct file *file;
	loff_t pos;

	file = rst_ghost_open(ctx, f->pipe_id, flags);
	if (IS_ERR(file) || !f->pos)
		return file;
	pos = vfs_llseek(file, f->pos, SEEK_SET);
	if (pos != f->pos) {
		rst_err(ctx, "cannot seek deleted file %llu to %lld", f->pipe_id, f->pos);
		fput(file);
		return ERR_PTR(pos < 0 ? pos : -EINVAL);
	}
	return file;
}
