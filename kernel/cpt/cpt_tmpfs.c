// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the files of the CT's /dev and /dev/shm. These two are the tmpfs
 * mounts a restore makes afresh (vzctl mounts them at start and restore, as
 * LXC's layout does), so what the CT put there (rsyslog's FIFO, POSIX shm
 * files, markers) exists nowhere but in the image. Each is carried only when
 * it is the root of a tmpfs mount (/dev/shm only in such a /dev); anything
 * else (a CT whose /dev is a directory of its private area, or the host's
 * devtmpfs) is on disk or the host's and needs nothing.
 *
 * One TMPFS record per node, parents first; a regular file's data follow
 * it as a deleted file's do (cpt_ghost.c). Mount points (pts, shm, console,
 * anything the CT mounted) and sockets are left out: a mount is not the
 * tmpfs's, and a restore binds a carried socket again, which makes its file.
 * What a restore could not make the same is refused, naming its path.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/delayed_call.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/kdev_t.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/xattr.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_path.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"

/* Deeper than any /dev a distribution makes; bounds the recursion's stack. */
#define CPT_TMPFS_DEPTH		16

struct cpt_tmpfs_walk {
	struct cpt_dump *d;
	struct super_block *sb;
	char *path;		/* PATH_MAX: the node's path from the CT's root */
	char *buf;		/* VZCPT_GHOST_CHUNK and PATH_MAX: a symlink's target, data */
};

static int cpt_tmpfs_dir(struct cpt_tmpfs_walk *w, const struct path *dir, size_t plen,
			 int depth);

/* The data of a regular file, read as a deleted file's is. */
static int cpt_tmpfs_reg(struct cpt_tmpfs_walk *w, const struct path *path,
			 struct vzcpt_img_tmpfs *t, u64 id, size_t plen)
{
	struct file *f;
	int err;

	if (t->size > VZCPT_GHOST_MAX_SIZE) {
		cpt_err(w->d->ctx, "it is %llu bytes long, more than the %llu a dump carries",
			t->size, VZCPT_GHOST_MAX_SIZE);
		return -EFBIG;
	}
	f = dentry_open(path, O_RDONLY | O_LARGEFILE | O_NOATIME, current_cred());
	if (IS_ERR(f)) {
		cpt_err(w->d->ctx, "cannot open it to read it (error %ld)", PTR_ERR(f));
		return PTR_ERR(f);
	}
	err = cpt_ghost_count(f, t->size, &t->data);
	if (!err)
		err = cpt_write_rec(w->d, VZCPT_REC_TMPFS, id, t, sizeof(*t), w->path, plen);
	if (!err)
		err = cpt_ghost_data(w->d, f, id, t->size, t->data, w->buf);
	fput(f);
	if (err == -EIO)
		cpt_err(w->d->ctx, "its data could not be read whole");
	else if (err && err != -ENOMEM)
		cpt_err(w->d->ctx, "cannot read it (error %d)", err);
	return err;
}

static int cpt_tmpfs_link(struct cpt_tmpfs_walk *w, struct dentry *dentry,
			  struct vzcpt_img_tmpfs *t, u64 id, size_t plen)
{
	DEFINE_DELAYED_CALL(done);
	const char *target;
	size_t len;
	int err;

	target = vfs_get_link(dentry, &done);
	if (IS_ERR(target)) {
		cpt_err(w->d->ctx, "cannot read the symlink (error %ld)", PTR_ERR(target));
		return PTR_ERR(target);
	}
	len = strlen(target);
	if (!len || len >= VZCPT_PATH_MAX) {
		do_delayed_call(&done);
		cpt_err(w->d->ctx, "its target is %zu bytes long", len);
		return -ENAMETOOLONG;
	}
	t->target_len = len;
	/* The path and the target, one after the other, as the record carries them. */
	memcpy(w->buf, w->path, plen);
	memcpy(w->buf + plen, target, len);
	do_delayed_call(&done);
	err = cpt_write_rec(w->d, VZCPT_REC_TMPFS, id, t, sizeof(*t), w->buf, plen + len);
	return err;
}

/* One node at @path, whose path from the CT's root is in w->path (@plen bytes). */
static int cpt_tmpfs_node(struct cpt_tmpfs_walk *w, const struct path *path, size_t plen,
			  int depth)
{
	struct dentry *dentry = path->dentry;
	struct inode *inode = d_inode(dentry);
	struct vzcpt_img_tmpfs t = {};
	umode_t mode = inode->i_mode;
	bool first;
	ssize_t nx;
	u64 id;
	int err;

	if (S_ISSOCK(mode))
		return 0;
	if (!S_ISREG(mode) && !S_ISDIR(mode) && !S_ISLNK(mode) && !S_ISFIFO(mode) &&
	    !S_ISCHR(mode) && !S_ISBLK(mode)) {
		cpt_err(w->d->ctx, "it is of an unknown type (mode %#o)", mode);
		return -EOPNOTSUPP;
	}
	/* Another name would be a file of its own after a restore. */
	if (!S_ISDIR(mode) && inode->i_nlink > 1) {
		cpt_err(w->d->ctx, "it has %u names (hard links), which a restore cannot make one file again",
			inode->i_nlink);
		return -EOPNOTSUPP;
	}
	/* ACLs and other extended attributes: the image has no words for them yet. */
	nx = vfs_listxattr(dentry, NULL, 0);
	if (nx > 0) {
		cpt_err(w->d->ctx, "it has extended attributes (an ACL?), which an image does not carry");
		return -EOPNOTSUPP;
	}
	err = cpt_inode_owner(w->d, inode, &t.uid, &t.gid);
	if (err)
		return err;
	t.mode = mode & (S_IFMT | 07777);
	t.path_len = plen;
	t.atime_ns = timespec64_to_ns(&inode->i_atime);
	t.mtime_ns = timespec64_to_ns(&inode->i_mtime);
	id = cpt_obj_id(w->d, dentry, &first);
	if (!id)
		return -ENOMEM;
	if (!first) {
		cpt_err(w->d->ctx, "it was met twice");
		return -EINVAL;
	}
	if (S_ISREG(mode)) {
		t.size = i_size_read(inode);
		return cpt_tmpfs_reg(w, path, &t, id, plen);
	}
	if (S_ISLNK(mode))
		return cpt_tmpfs_link(w, dentry, &t, id, plen);
	if (S_ISCHR(mode) || S_ISBLK(mode)) {
		t.rdev_major = MAJOR(inode->i_rdev);
		t.rdev_minor = MINOR(inode->i_rdev);
	}
	err = cpt_write_rec(w->d, VZCPT_REC_TMPFS, id, &t, sizeof(t), w->path, plen);
	if (err || !S_ISDIR(mode))
		return err;
	if (depth >= CPT_TMPFS_DEPTH) {
		cpt_err(w->d->ctx, "it is more than %d directories deep", CPT_TMPFS_DEPTH);
		return -ELOOP;
	}
	return cpt_tmpfs_dir(w, path, plen, depth + 1);
}

/* The nodes of the directory at @dir (its path in w->path, @plen bytes), each then its own. */
static int cpt_tmpfs_dir(struct cpt_tmpfs_walk *w, const struct path *dir, size_t plen,
			 int depth)
{
	struct path child = { .mnt = dir->mnt };
	char *names = NULL;
	size_t at, len, all = 0;
	char *msg;
	int err;

	err = cpt_dir_names(dir, &names, &all);
	if (err) {
		cpt_err(w->d->ctx, "cannot list it (error %d)", err);
		return err;
	}
	for (at = 0; at < all && !err; at += len + 1) {
		len = strlen(names + at);
		if (plen + 1 + len >= PATH_MAX) {
			cpt_err(w->d->ctx, "a name in it makes a path too long");
			err = -ENAMETOOLONG;
			break;
		}
		child.dentry = lookup_one_len_unlocked(names + at, dir->dentry, len);
		if (IS_ERR(child.dentry)) {
			err = PTR_ERR(child.dentry);
			cpt_err(w->d->ctx, "cannot look %s up in it (error %d)", names + at, err);
			break;
		}
		/* Gone since it was listed, or not the tmpfs's: nothing to carry. */
		if (d_really_is_positive(child.dentry) && !d_mountpoint(child.dentry) &&
		    child.dentry->d_sb == w->sb) {
			w->path[plen] = '/';
			memcpy(w->path + plen + 1, names + at, len);
			w->path[plen + 1 + len] = 0;
			err = cpt_tmpfs_node(w, &child, plen + 1 + len, depth);
			if (err && err != -ENOMEM && w->d->ctx->errmsg[0] != '/') {
				msg = kstrdup(w->d->ctx->errmsg, GFP_KERNEL);
				if (msg)
					cpt_err(w->d->ctx, "/%s, on the CT's tmpfs, cannot be carried: %s",
						w->path, msg);
				kfree(msg);
			}
			w->path[plen] = 0;
		}
		dput(child.dentry);
	}
	kfree(names);
	return err;
}

/*
 * A tmpfs mount's root: devtmpfs has tmpfs's magic too, but it is the host's
 * /dev (a CT that shares the host's root, as the tests' ctdrive makes), never
 * one a restore makes.
 */
bool cpt_tmpfs_root(const struct path *path)
{
	struct super_block *sb = path->dentry->d_sb;

	return path->dentry == path->mnt->mnt_root && sb->s_magic == TMPFS_MAGIC &&
	       !strcmp(sb->s_type->name, "tmpfs");
}

/* The files of the tmpfs whose root @root is, at @name from the CT's root. */
static int cpt_tmpfs_walk_root(struct cpt_tmpfs_walk *w, const struct path *root,
			       const char *name)
{
	size_t plen = strlen(name);
	char *msg;
	int err;

	if (plen >= PATH_MAX)
		return -ENAMETOOLONG;
	w->sb = root->dentry->d_sb;
	memcpy(w->path, name, plen + 1);
	err = cpt_tmpfs_dir(w, root, plen, 0);
	if (err && err != -ENOMEM && w->d->ctx->errmsg[0] != '/') {
		msg = kstrdup(w->d->ctx->errmsg, GFP_KERNEL);
		if (msg)
			cpt_err(w->d->ctx, "/%s, the CT's tmpfs, cannot be carried: %s", name, msg);
		kfree(msg);
	}
	return err;
}

/* @name from the CT's root: 0 with @path held if it is the root of a tmpfs mount. */
static int cpt_tmpfs_lookup(struct cpt_dump *d, const char *name, struct path *path)
{
	/* No symlink is followed: the CT's own could point anywhere. */
	int err = vfs_path_lookup(d->root.dentry, d->root.mnt, name,
				  LOOKUP_DIRECTORY | LOOKUP_NO_SYMLINKS, path);

	if (err)
		return err;
	if (cpt_tmpfs_root(path))
		return 0;
	path_put(path);
	return -ENOENT;
}

/* @name ("dev" or "dev/shm") if it is the root of a tmpfs mount of the CT's: *@carried. */
static int cpt_tmpfs_mount(struct cpt_tmpfs_walk *w, const char *name, bool *carried)
{
	struct path path;
	int err;

	*carried = !cpt_tmpfs_lookup(w->d, name, &path);
	if (!*carried)
		return 0;
	err = cpt_tmpfs_walk_root(w, &path, name);
	path_put(&path);
	return err;
}

/* Whether @name is the root of a tmpfs mount of @sb: true with @mnt held. */
static bool cpt_tmpfs_holds(struct cpt_dump *d, const char *name, struct super_block *sb,
			    struct path *mnt)
{
	if (cpt_tmpfs_lookup(d, name, mnt))
		return false;
	if (mnt->mnt->mnt_sb == sb)
		return true;
	path_put(mnt);
	return false;
}

int cpt_tmpfs_carrying(struct cpt_dump *d, struct super_block *sb, struct path *mnt)
{
	const struct cpt_mount *m;
	unsigned int i;

	if (!cpt_tmpfs_lookup(d, "dev", mnt)) {
		if (mnt->mnt->mnt_sb == sb)
			return 0;
		path_put(mnt);
		/* /dev/shm only in a /dev that is one, as cpt_dump_tmpfs() carries it. */
		if (cpt_tmpfs_holds(d, "dev/shm", sb, mnt))
			return 0;
	}
	for (i = 0; i < d->ctx->nr_mounts; i++) {
		m = &d->ctx->mounts[i];
		if (m->kind == VZCPT_MOUNT_TMPFS && cpt_tmpfs_holds(d, m->target, sb, mnt))
			return 0;
	}
	return -ENOENT;
}

static int cpt_tmpfs_walk_init(struct cpt_tmpfs_walk *w, struct cpt_dump *d)
{
	w->d = d;
	w->path = kmalloc(PATH_MAX, GFP_KERNEL);
	w->buf = kvmalloc(max_t(size_t, 2 * PATH_MAX, VZCPT_GHOST_CHUNK), GFP_KERNEL);
	return w->path && w->buf ? 0 : -ENOMEM;
}

static void cpt_tmpfs_walk_done(struct cpt_tmpfs_walk *w)
{
	kfree(w->path);
	kvfree(w->buf);
}

/* The files of a tmpfs the CT mounted at @name (cpt_mount.c), @root its root. */
int cpt_dump_tmpfs_tree(struct cpt_dump *d, const struct path *root, const char *name)
{
	struct cpt_tmpfs_walk w;
	int err = cpt_tmpfs_walk_init(&w, d);

	if (!err)
		err = cpt_tmpfs_walk_root(&w, root, name);
	cpt_tmpfs_walk_done(&w);
	return err;
}

/*
 * The CT's /dev and /dev/shm, each if it is the root of a tmpfs mount; /dev/shm
 * only in a /dev that is one (the layout a restore makes again).
 */
int cpt_dump_tmpfs(struct cpt_dump *d)
{
	struct cpt_tmpfs_walk w;
	bool dev = false, shm;
	int err = cpt_tmpfs_walk_init(&w, d);

	if (!err)
		err = cpt_tmpfs_mount(&w, "dev", &dev);
	if (!err && dev)
		err = cpt_tmpfs_mount(&w, "dev/shm", &shm);
	cpt_tmpfs_walk_done(&w);
	return err;
}
