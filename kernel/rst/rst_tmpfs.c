// SPDX-License-Identifier: GPL-2.0
/*
 * Make the nodes of the CT's /dev and /dev/shm again (cpt_tmpfs.c says
 * why these two): the restored init does it, before any task opens a
 * file, in the new CT's /dev and /dev/shm that vzctl mounted as a start
 * does. It makes them as the CT's root, with the calls mknod(), mkdir(),
 * symlink() and open(O_CREAT) end in, so the kernel's own checks apply: the
 * CT's device filter and CAP_MKNOD for a device node, the tmpfs's size
 * for data. A name that is there already (vzctl's null, zero, ptmx...) is
 * kept if it is the same kind of node, and refused otherwise.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/delayed_call.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/kdev_t.h>
#include <linux/list.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_path.h"
#include "rst_context.h"
#include "rst_files.h"
#include "rst_task.h"

/* A directory made: its times are set once its children are in. */
struct rst_tmpfs_dir {
	struct list_head list;
	struct path path;
	s64 atime_ns, mtime_ns;
};

/* Mode, owner and times (if @times) as chmod(), lchown() and utimensat() set them. */
int rst_tmpfs_attrs(const struct path *p, const struct vzcpt_img_tmpfs *t, bool times)
{
	struct user_namespace *ns = current_cred()->user_ns;
	struct inode *inode = d_inode(p->dentry);
	struct iattr ia = {};
	int err;

	if (times) {
		ia.ia_valid = ATTR_ATIME | ATTR_MTIME | ATTR_ATIME_SET | ATTR_MTIME_SET;
		ia.ia_atime = ns_to_timespec64(t->atime_ns);
		ia.ia_mtime = ns_to_timespec64(t->mtime_ns);
	} else {
		ia.ia_valid = ATTR_UID | ATTR_GID;
		ia.ia_uid = make_kuid(ns, t->uid);
		ia.ia_gid = make_kgid(ns, t->gid);
		if (!uid_valid(ia.ia_uid) || !gid_valid(ia.ia_gid))
			return -EOVERFLOW;
		/* A symlink's mode is always 0777. */
		if (!S_ISLNK(t->mode)) {
			ia.ia_valid |= ATTR_MODE;
			ia.ia_mode = t->mode;
		}
	}
	err = mnt_want_write(p->mnt);
	if (err)
		return err;
	inode_lock(inode);
	err = notify_change(mnt_user_ns(p->mnt), p->dentry, &ia, NULL);
	inode_unlock(inode);
	mnt_drop_write(p->mnt);
	return err;
}

/* A regular file's data, then its size (holes stay holes). */
static int rst_tmpfs_data(struct rst_context *ctx, const struct path *p,
			  const struct vzcpt_img_tmpfs *t, u64 id)
{
	struct iattr ia = { .ia_valid = ATTR_SIZE | ATTR_FILE, .ia_size = t->size };
	struct file *f;
	int err;

	f = dentry_open(p, O_WRONLY | O_LARGEFILE, current_cred());
	if (IS_ERR(f))
		return PTR_ERR(f);
	err = rst_ghost_fill(ctx, f, id, t->data);
	if (!err) {
		ia.ia_file = f;
		inode_lock(d_inode(p->dentry));
		err = notify_change(file_mnt_user_ns(f), p->dentry, &ia, NULL);
		inode_unlock(d_inode(p->dentry));
	}
	fput(f);
	return err;
}

/* An existing node is kept if it is what the image has there: same type, device, target. */
static bool rst_tmpfs_same(struct dentry *dentry, const struct vzcpt_img_tmpfs *t,
			   const char *target)
{
	struct inode *inode = d_inode(dentry);
	DEFINE_DELAYED_CALL(done);
	const char *link;
	bool same;

	if ((inode->i_mode & S_IFMT) != (t->mode & S_IFMT) || S_ISREG(inode->i_mode))
		return false;
	if (S_ISCHR(inode->i_mode) || S_ISBLK(inode->i_mode))
		return inode->i_rdev == MKDEV(t->rdev_major, t->rdev_minor);
	if (!S_ISLNK(inode->i_mode))
		return true;
	link = vfs_get_link(dentry, &done);
	same = !IS_ERR(link) && !strcmp(link, target);
	do_delayed_call(&done);
	return same;
}

/* Make the node @name in @parent; *@made false if the same was there. */
static int rst_tmpfs_make(const struct path *parent, const char *name,
			  const struct vzcpt_img_tmpfs *t, const char *target,
			  struct path *node, bool *made)
{
	struct user_namespace *mns = mnt_user_ns(parent->mnt);
	struct inode *dir = d_inode(parent->dentry);
	umode_t perm = t->mode & 07777;
	struct dentry *dentry;
	int err;

	err = mnt_want_write(parent->mnt);
	if (err)
		return err;
	inode_lock_nested(dir, I_MUTEX_PARENT);
	dentry = lookup_one_len(name, parent->dentry, strlen(name));
	err = PTR_ERR_OR_ZERO(dentry);
	if (err)
		goto out;
	*made = d_really_is_negative(dentry);
	if (!*made)
		err = rst_tmpfs_same(dentry, t, target) ? 0 : -EEXIST;
	else if (S_ISREG(t->mode))
		err = vfs_create(mns, dir, dentry, perm, true);
	else if (S_ISDIR(t->mode))
		err = vfs_mkdir(mns, dir, dentry, perm);
	else if (S_ISLNK(t->mode))
		err = vfs_symlink(mns, dir, dentry, target);
	else
		err = vfs_mknod(mns, dir, dentry, t->mode & (S_IFMT | 07777),
				MKDEV(t->rdev_major, t->rdev_minor));
	if (!err && d_really_is_negative(dentry))
		err = -ENOENT;	/* a filesystem that leaves it unhashed: not tmpfs */
	if (err) {
		dput(dentry);
	} else {
		node->mnt = mntget(parent->mnt);
		node->dentry = dentry;
	}
out:
	inode_unlock(dir);
	mnt_drop_write(parent->mnt);
	return err;
}

int rst_tmpfs_point(const struct path *parent, const char *name, u32 mode, u32 uid, u32 gid)
{
	struct vzcpt_img_tmpfs t = { .mode = mode, .uid = uid, .gid = gid };
	struct path node;
	bool made;
	int err;

	err = rst_tmpfs_make(parent, name, &t, NULL, &node, &made);
	if (err)
		return err;
	err = rst_tmpfs_attrs(&node, &t, false);
	path_put(&node);
	return err;
}

static int rst_tmpfs_node(struct rst_context *ctx, struct list_head *dirs)
{
	struct vzcpt_img_tmpfs t;
	char *path, *parent_path, *name, *target = NULL;
	struct path parent, node = {};
	struct rst_tmpfs_dir *rd;
	bool made = false;
	u64 id;
	int err;

	/* Checked (img_check.c): a clean "dev/..." path, a target only for a symlink. */
	err = rst_payload(ctx, VZCPT_REC_TMPFS, sizeof(t));
	if (err)
		return err;
	id = ctx->rd.hdr.id;
	memcpy(&t, ctx->rd.buf, sizeof(t));
	path = kmemdup_nul((char *)ctx->rd.buf + sizeof(t), t.path_len, GFP_KERNEL);
	parent_path = kstrdup(path ?: "", GFP_KERNEL);
	if (t.target_len)
		target = kmemdup_nul((char *)ctx->rd.buf + sizeof(t) + t.path_len, t.target_len,
				     GFP_KERNEL);
	err = -ENOMEM;
	if (!path || !parent_path || (t.target_len && !target))
		goto out;
	name = strrchr(parent_path, '/');
	*name++ = 0;
	/* Parents come first, made by the image or by vzctl; no symlink is followed. */
	err = vfs_path_lookup(ctx->root.dentry, ctx->root.mnt, parent_path,
			      LOOKUP_DIRECTORY | LOOKUP_NO_SYMLINKS, &parent);
	if (err) {
		rst_err(ctx, "cannot make /%s in the CT: its directory is not there (error %d)",
			path, err);
		goto out;
	}
	if (parent.dentry->d_sb->s_magic != TMPFS_MAGIC ||
	    strcmp(parent.dentry->d_sb->s_type->name, "tmpfs")) {
		rst_err(ctx, "cannot make /%s in the CT: /%s is not on a tmpfs", path, parent_path);
		err = -EINVAL;
		goto out_parent;
	}
	err = rst_tmpfs_make(&parent, name, &t, target, &node, &made);
	if (err == -EEXIST) {
		rst_err(ctx, "cannot make /%s in the CT: another kind of node is there", path);
		goto out_parent;
	}
	if (err) {
		if (S_ISCHR(t.mode) || S_ISBLK(t.mode))
			rst_err(ctx, "cannot make device node /%s (%s %u:%u) in the CT (error %d): its device filter or capabilities forbid it?",
				path, S_ISCHR(t.mode) ? "char" : "block", t.rdev_major,
				t.rdev_minor, err);
		else
			rst_err(ctx, "cannot make /%s in the CT (error %d)", path, err);
		goto out_parent;
	}
	if (made && S_ISREG(t.mode)) {
		err = rst_tmpfs_data(ctx, &node, &t, id);
		if (err == -ENOSPC || err == -EFBIG)
			rst_err(ctx, "cannot write the %llu bytes of /%s in the CT: its tmpfs is too small (error %d)",
				t.size, path, err);
		else if (err && !ctx->errmsg[0])
			rst_err(ctx, "cannot write the %llu bytes of /%s in the CT (error %d)",
				t.size, path, err);
	}
	if (!err && made) {
		err = rst_tmpfs_attrs(&node, &t, false);
		if (!err && !S_ISDIR(t.mode))
			err = rst_tmpfs_attrs(&node, &t, true);
		if (err)
			rst_err(ctx, "cannot give /%s in the CT its mode %#o and owner %u:%u (error %d)",
				path, t.mode, t.uid, t.gid, err);
	}
	if (!err && made && S_ISDIR(t.mode)) {
		rd = kmalloc(sizeof(*rd), GFP_KERNEL);
		if (rd) {
			rd->path = node;
			rd->atime_ns = t.atime_ns;
			rd->mtime_ns = t.mtime_ns;
			list_add_tail(&rd->list, dirs);
			node.mnt = NULL;
		} else {
			err = -ENOMEM;
		}
	}
	if (node.mnt)
		path_put(&node);
out_parent:
	path_put(&parent);
out:
	kfree(path);
	kfree(parent_path);
	kfree(target);
	return err;
}

/*
 * The TMPFS records that follow the init's IPC namespace, if any. The
 * directories' times last, children before parents: making a child
 * changes its parent's mtime.
 */
int rst_tmpfs(struct rst_context *ctx)
{
	struct rst_mounts ms = { .list = LIST_HEAD_INIT(ms.list) };
	struct rst_tmpfs_dir *rd, *tmp;
	struct vzcpt_img_tmpfs t = {};
	const struct cred *old;
	LIST_HEAD(dirs);
	int err;

	old = override_creds(current->real_cred);
	for (;;) {
		err = rst_next(ctx);
		if (err || (ctx->rd.hdr.type != VZCPT_REC_TMPFS &&
			    ctx->rd.hdr.type != VZCPT_REC_MOUNT))
			break;
		/* The CT's init takes the CT's root before anything is made in it. */
		if (!ctx->root.mnt)
			get_fs_root(current->fs, &ctx->root);
		if (ctx->rd.hdr.type == VZCPT_REC_MOUNT)
			err = rst_mount(ctx, &ms);
		else
			err = rst_tmpfs_node(ctx, &dirs);
		if (err)
			break;
	}
	list_for_each_entry_safe_reverse(rd, tmp, &dirs, list) {
		if (!err) {
			t.atime_ns = rd->atime_ns;
			t.mtime_ns = rd->mtime_ns;
			err = rst_tmpfs_attrs(&rd->path, &t, true);
			if (err)
				rst_err(ctx, "cannot set the times of a directory %pd in the CT's tmpfs (error %d)",
					rd->path.dentry, err);
		}
		path_put(&rd->path);
		kfree(rd);
	}
	/* Read-only mounts last: everything in them is made by now. */
	if (!err)
		err = rst_mounts_seal(ctx, &ms);
	rst_mounts_free(&ms);
	revert_creds(old);
	return err;
}
