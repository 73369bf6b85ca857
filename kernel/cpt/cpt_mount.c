// SPDX-License-Identifier: GPL-2.0
/*
 * The mounts the CT made since it started: a new tmpfs (with its files), a
 * bind mount of a path of the CT, the mqueue of its IPC namespace or a proc
 * of its pid namespace, each with its flags. A restore makes the
 * CT's root as a start does, so these exist nowhere but in the image.
 *
 * Which mounts they are comes from vzctl (CPT_ADD_MOUNT), which finds them
 * in the CT's mountinfo: the mount tree is fs/mount.h's, which a module
 * cannot walk. Each is checked here against the CT's own mounts: the path
 * must be a mount point, a new filesystem the root of all of it (mqueue and
 * proc the CT's own namespaces'), a bind mount's source reachable in the CT
 * and the very directory it shows. What
 * a restore could not make the same is refused, naming the mount.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/proc_fs.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vzcpt.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_path.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_image.h"

/* A path vzctl names, "/" and a path of the CT; kmalloc'd, without the "/". */
static char *cpt_mount_path(struct cpt_context *ctx, u64 uptr, const char *what)
{
	char *s = strndup_user(u64_to_user_ptr(uptr), VZCPT_PATH_MAX);
	char *rel;

	if (IS_ERR(s))
		return s;
	if (s[0] != '/') {
		cpt_err(ctx, "a mount's %s \"%s\" is not an absolute path", what, s);
		kfree(s);
		return ERR_PTR(-EINVAL);
	}
	rel = kstrdup(s + 1, GFP_KERNEL);
	kfree(s);
	return rel ?: ERR_PTR(-ENOMEM);
}

int cpt_add_mount(struct cpt_context *ctx, const struct vzcpt_mount_arg __user *uarg)
{
	struct vzcpt_mount_arg a;
	struct cpt_mount *m;
	char *target, *source;

	if (copy_from_user(&a, uarg, sizeof(a)))
		return -EFAULT;
	if (a.flags || !a.kind || a.kind >= VZCPT_MOUNT_NR_KINDS || !a.source) {
		cpt_err(ctx, "a mount of unknown kind %u, flags %#x or no source", a.kind, a.flags);
		return -EINVAL;
	}
	if (ctx->state != CPT_SUSPENDED) {
		cpt_err(ctx, "CT %u must be suspended before its mounts are named", ctx->ctid);
		return -EINVAL;
	}
	if (ctx->nr_mounts >= VZCPT_MOUNT_MAX) {
		cpt_err(ctx, "the CT has made more than %u mounts: a dump carries at most that many",
			VZCPT_MOUNT_MAX);
		return -E2BIG;
	}
	if (!ctx->mounts) {
		ctx->mounts = kcalloc(VZCPT_MOUNT_MAX, sizeof(*ctx->mounts), GFP_KERNEL);
		if (!ctx->mounts)
			return -ENOMEM;
	}
	target = cpt_mount_path(ctx, a.target, "mount point");
	if (IS_ERR(target))
		return PTR_ERR(target);
	if (a.kind == VZCPT_MOUNT_BIND)
		source = cpt_mount_path(ctx, a.source, "source");
	else
		source = strndup_user(u64_to_user_ptr(a.source), VZCPT_MOUNT_DEVNAME_MAX + 1);
	if (IS_ERR(source)) {
		kfree(target);
		return PTR_ERR(source);
	}
	if (!*source) {
		cpt_err(ctx, "the mount at /%s has no device name", target);
		kfree(source);
		kfree(target);
		return -EINVAL;
	}
	m = &ctx->mounts[ctx->nr_mounts++];
	m->target = target;
	m->source = source;
	m->kind = a.kind;
	return 0;
}

void cpt_forget_mounts(struct cpt_context *ctx)
{
	unsigned int i;

	for (i = 0; i < ctx->nr_mounts; i++) {
		kfree(ctx->mounts[i].target);
		kfree(ctx->mounts[i].source);
	}
	kfree(ctx->mounts);
	ctx->mounts = NULL;
	ctx->nr_mounts = 0;
}

static u32 cpt_mnt_flags(const struct vfsmount *mnt)
{
	static const struct { int mnt; u32 img; } map[] = {
		{ MNT_READONLY, VZCPT_MNT_RDONLY }, { MNT_NOSUID, VZCPT_MNT_NOSUID },
		{ MNT_NODEV, VZCPT_MNT_NODEV }, { MNT_NOEXEC, VZCPT_MNT_NOEXEC },
		{ MNT_NOATIME, VZCPT_MNT_NOATIME }, { MNT_NODIRATIME, VZCPT_MNT_NODIRATIME },
		{ MNT_RELATIME, VZCPT_MNT_RELATIME }, { MNT_NOSYMFOLLOW, VZCPT_MNT_NOSYMFOLLOW },
	};
	int f = READ_ONCE(mnt->mnt_flags);
	u32 img = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (f & map[i].mnt)
			img |= map[i].img;
	/* As the kernel's atime flags: noatime wins over relatime. */
	if (img & VZCPT_MNT_NOATIME)
		img &= ~VZCPT_MNT_RELATIME;
	return img;
}

/*
 * The node mounted on (the directory or file under the mount), which a
 * restore makes when it is in a tmpfs made anew; what it hides, on a tmpfs,
 * would be lost, so a non-empty one is refused.
 */
static int cpt_mount_point(struct cpt_dump *d, const struct path *top, struct vzcpt_img_mount *m,
			   const char *name)
{
	struct path under = *top;
	struct inode *inode;
	char *names = NULL;
	size_t len = 0;
	int err;

	path_get(&under);
	if (!follow_up(&under)) {
		path_put(&under);
		cpt_err(d->ctx, "/%s is the root of its mount tree, not a mount the CT made", name);
		return -EINVAL;
	}
	inode = d_inode(under.dentry);
	err = -EOPNOTSUPP;
	if (!S_ISDIR(inode->i_mode) && !S_ISREG(inode->i_mode)) {
		cpt_err(d->ctx, "the mount at /%s is on a node of mode %#o", name, inode->i_mode);
		goto out;
	}
	m->mp_mode = inode->i_mode & (S_IFMT | 07777);
	err = cpt_inode_owner(d, inode, &m->mp_uid, &m->mp_gid);
	if (err || !S_ISDIR(inode->i_mode) || under.dentry->d_sb->s_magic != TMPFS_MAGIC)
		goto out;
	err = cpt_dir_names(&under, &names, &len);
	if (!err && len) {
		cpt_err(d->ctx, "the mount at /%s hides files of the tmpfs under it, which a restore cannot make again",
			name);
		err = -EOPNOTSUPP;
	}
	kfree(names);
out:
	path_put(&under);
	return err;
}

/* A new tmpfs, the root of its whole filesystem, and its options. */
static int cpt_mount_tmpfs(struct cpt_dump *d, const struct path *top, struct vzcpt_img_mount *m,
			   const char *name)
{
	struct super_block *sb = top->mnt->mnt_sb;
	/* What SHMEM_SB() (mm/shmem.c's) reads: struct shmem_sb_info is shmem_fs.h's. */
	struct shmem_sb_info *sbi = sb->s_fs_info;
	struct inode *root = d_inode(sb->s_root);
	const struct cred *ic;
	int err;

	if (!cpt_tmpfs_root(top) || top->mnt->mnt_root != sb->s_root) {
		cpt_err(d->ctx, "the mount at /%s is of %s, not a whole tmpfs: only tmpfs and bind mounts are carried",
			name, sb->s_type->name);
		return -EOPNOTSUPP;
	}
	if (sbi->mpol) {
		cpt_err(d->ctx, "the tmpfs at /%s has a NUMA memory policy (mpol=), which an image does not carry",
			name);
		return -EOPNOTSUPP;
	}
	m->kind = VZCPT_MOUNT_TMPFS;
	m->sb_flags = (sb->s_flags & SB_RDONLY ? VZCPT_MNT_SB_RDONLY : 0) |
		      (sb->s_flags & SB_SYNCHRONOUS ? VZCPT_MNT_SB_SYNC : 0) |
		      (sb->s_flags & SB_DIRSYNC ? VZCPT_MNT_SB_DIRSYNC : 0) |
		      (sb->s_flags & SB_LAZYTIME ? VZCPT_MNT_SB_LAZYTIME : 0);
	m->nr_blocks = sbi->max_blocks;
	m->nr_inodes = sbi->max_inodes;
	m->mode = sbi->mode & 07777;
	m->huge = sbi->huge;
	m->inode64 = sbi->full_inums;
	ic = get_task_cred(d->tasks[0]);
	m->uid = from_kuid(ic->user_ns, sbi->uid);
	m->gid = from_kgid(ic->user_ns, sbi->gid);
	put_cred(ic);
	if (m->uid == (u32)-1 || m->gid == (u32)-1 || m->huge > VZCPT_MNT_HUGE_MAX) {
		cpt_err(d->ctx, "the tmpfs at /%s has options (uid=, gid=, huge=) the CT cannot set",
			name);
		return -EOPNOTSUPP;
	}
	m->root_mode = root->i_mode & (S_IFMT | 07777);
	err = cpt_inode_owner(d, root, &m->root_uid, &m->root_gid);
	m->root_atime_ns = timespec64_to_ns(&root->i_atime);
	m->root_mtime_ns = timespec64_to_ns(&root->i_mtime);
	return err;
}

/* A filesystem of its own, of type @type, the root of all of it. */
static int cpt_mount_whole(struct cpt_dump *d, const struct path *top, const char *type,
			   const char *name)
{
	struct super_block *sb = top->mnt->mnt_sb;

	if (strcmp(sb->s_type->name, type) || top->mnt->mnt_root != sb->s_root) {
		cpt_err(d->ctx, "the mount at /%s is of %s, not a whole %s: vzctl and the CT's mounts disagree",
			name, sb->s_type->name, type);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* The mqueue of the CT's IPC namespace: its queues are the MQ records. */
static int cpt_mount_mqueue(struct cpt_dump *d, const struct path *top, const char *name)
{
	int err = cpt_mount_whole(d, top, "mqueue", name);

	if (!err && top->mnt->mnt_sb != d->mq_sb) {
		cpt_err(d->ctx, "the mqueue at /%s is another IPC namespace's than the CT's", name);
		err = -EOPNOTSUPP;
	}
	return err;
}

/* A proc of the CT's pid namespace, and its options (hidepid=, gid=, subset=pid). */
static int cpt_mount_proc(struct cpt_dump *d, const struct path *top, struct vzcpt_img_mount *m,
			  const char *name)
{
	struct proc_fs_info *fi = proc_sb_info(top->mnt->mnt_sb);
	const struct cred *ic;
	int err = cpt_mount_whole(d, top, "proc", name);

	if (err)
		return err;
	if (fi->pid_ns != d->ctx->pidns) {
		cpt_err(d->ctx, "the proc at /%s is another pid namespace's than the CT's", name);
		return -EOPNOTSUPP;
	}
	m->hidepid = fi->hide_pid;
	m->subset = fi->pidonly == PROC_PIDONLY_ON;
	ic = get_task_cred(d->tasks[0]);
	m->gid = from_kgid(ic->user_ns, fi->pid_gid);
	put_cred(ic);
	if (m->gid == (u32)-1) {
		cpt_err(d->ctx, "the proc at /%s has a gid= the CT cannot set", name);
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * A bind mount: @source, walked from the CT's root, must be the very node
 * the mount shows. A bind of a path onto itself shows what the mount hides.
 */
static int cpt_mount_bind(struct cpt_dump *d, const struct path *top, const struct cpt_mount *cm)
{
	struct path src;
	int err;
	bool same;

	/* "" is the CT's root itself. */
	err = vfs_path_lookup(d->root.dentry, d->root.mnt, *cm->source ? cm->source : ".",
			      LOOKUP_NO_SYMLINKS, &src);
	if (err) {
		cpt_err(d->ctx, "the bind mount at /%s: its source /%s is not reachable in the CT (error %d)",
			cm->target, cm->source, err);
		return err;
	}
	if (src.mnt == top->mnt && !strcmp(cm->source, cm->target)) {
		path_put(&src);
		src = *top;
		path_get(&src);
		same = follow_up(&src) && src.dentry == top->mnt->mnt_root;
	} else {
		same = src.mnt != top->mnt && src.dentry == top->mnt->mnt_root;
	}
	path_put(&src);
	if (!same) {
		cpt_err(d->ctx, "the bind mount at /%s does not show /%s of the CT: a mount from outside the CT cannot be carried",
			cm->target, cm->source);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int cpt_dump_mount(struct cpt_dump *d, const struct cpt_mount *cm, u64 id, char *buf,
			  struct super_block **sbs)
{
	struct vzcpt_img_mount m = {};
	struct path top;
	size_t tlen = strlen(cm->target), slen = strlen(cm->source);
	unsigned int i;
	int err;

	if (!tlen) {
		cpt_err(d->ctx, "a mount at / cannot be carried: the CT's root is not a mount it made");
		return -EINVAL;
	}
	/* "/" and the path within PATH_MAX, as the restore gives it to mount(2). */
	if (tlen >= VZCPT_PATH_MAX - 1 || slen >= VZCPT_PATH_MAX - 1) {
		cpt_err(d->ctx, "the mount at /%.64s... has a path too long to carry", cm->target);
		return -ENAMETOOLONG;
	}
	err = vfs_path_lookup(d->root.dentry, d->root.mnt, cm->target, LOOKUP_NO_SYMLINKS, &top);
	if (err) {
		cpt_err(d->ctx, "the mount at /%s is not reachable in the CT (error %d)",
			cm->target, err);
		return err;
	}
	err = -EINVAL;
	if (top.dentry != top.mnt->mnt_root || top.mnt == d->root.mnt) {
		cpt_err(d->ctx, "/%s is not a mount point of the CT", cm->target);
		goto out;
	}
	err = -EOPNOTSUPP;
	if (mnt_user_ns(top.mnt) != &init_user_ns) {
		cpt_err(d->ctx, "the mount at /%s is idmapped, which an image does not carry",
			cm->target);
		goto out;
	}
	m.mnt_flags = cpt_mnt_flags(top.mnt);
	err = cpt_mount_point(d, &top, &m, cm->target);
	if (err)
		goto out;
	m.kind = cm->kind;
	if (cm->kind == VZCPT_MOUNT_BIND) {
		err = cpt_mount_bind(d, &top, cm);
	} else if (cm->kind == VZCPT_MOUNT_MQUEUE) {
		err = cpt_mount_mqueue(d, &top, cm->target);
	} else if (cm->kind == VZCPT_MOUNT_PROC) {
		err = cpt_mount_proc(d, &top, &m, cm->target);
	} else {
		err = cpt_mount_tmpfs(d, &top, &m, cm->target);
		for (i = 0; !err && i < id - 1; i++) {
			if (sbs[i] != top.mnt->mnt_sb)
				continue;
			cpt_err(d->ctx, "the tmpfs at /%s is mounted twice, not bound: cannot carry it",
				cm->target);
			err = -EOPNOTSUPP;
		}
		sbs[id - 1] = top.mnt->mnt_sb;
	}
	if (err)
		goto out;
	m.target_len = tlen;
	m.source_len = slen;
	memcpy(buf, cm->target, tlen);
	memcpy(buf + tlen, cm->source, slen);
	err = cpt_write_rec(d, VZCPT_REC_MOUNT, id, &m, sizeof(m), buf, tlen + slen);
	if (!err && m.kind == VZCPT_MOUNT_TMPFS)
		err = cpt_dump_tmpfs_tree(d, &top, cm->target);
out:
	path_put(&top);
	return err;
}

/* The MOUNT records, each a tmpfs's TMPFS records after it: after the init's /dev. */
int cpt_dump_mounts(struct cpt_dump *d)
{
	struct cpt_context *ctx = d->ctx;
	struct super_block **sbs;
	unsigned int i;
	char *buf;
	int err = -ENOMEM;

	if (!ctx->nr_mounts)
		return 0;
	buf = kmalloc(2 * VZCPT_PATH_MAX, GFP_KERNEL);
	sbs = kcalloc(ctx->nr_mounts, sizeof(*sbs), GFP_KERNEL);
	if (buf && sbs)
		err = 0;
	for (i = 0; !err && i < ctx->nr_mounts; i++)
		err = cpt_dump_mount(d, &ctx->mounts[i], i + 1, buf, sbs);
	kfree(sbs);
	kfree(buf);
	return err;
}
