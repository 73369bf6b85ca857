// SPDX-License-Identifier: GPL-2.0
/*
 * Make the mounts the CT had made (cpt_mount.c) again: the restored init
 * does it among the nodes of its tmpfs mounts (rst_tmpfs.c), after its IPC
 * namespace's queues (an mqueue mount shows them), in the CT's
 * mount namespace and as the CT's root, through mount(2) itself, so the
 * kernel's own checks apply as they did when the CT made them. A tmpfs is
 * mounted, then its files made; once all are there, each mount gets its
 * flags, read-only last, with mount(MS_REMOUNT | MS_BIND) as mount(8) sets
 * them.
 *
 * Paths are walked from the CT's root without following symlinks before
 * mount(2) is given them: the init is the CT's only task yet, so nothing
 * changes them in between.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/list.h>
#include <linux/magic.h>
#include <linux/mman.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>
#include <uapi/linux/mount.h>

#include "../common/vz_path.h"
#include "rst_context.h"
#include "rst_files.h"
#include "rst_ksyms.h"

/* User memory for mount(2)'s strings: the target, the source, the type and the options. */
#define RST_MOUNT_TARGET	0
#define RST_MOUNT_SOURCE	VZCPT_PATH_MAX
#define RST_MOUNT_TYPE		(2 * VZCPT_PATH_MAX)
#define RST_MOUNT_DATA		(RST_MOUNT_TYPE + 64)
#define RST_MOUNT_SCRATCH	(3 * VZCPT_PATH_MAX)

/* A mount made, whose flags (and a tmpfs root's times) are set once all are. */
struct rst_mount {
	struct list_head list;
	char *target;
	struct path top;	/* the new mount's root */
	struct vzcpt_img_mount m;
};

/* "/" and @path at @off of the scratch memory. */
static int rst_mount_str(struct rst_mounts *ms, unsigned long off, const char *path)
{
	char __user *u = (char __user *)(ms->scratch + off);
	size_t len = strlen(path);

	if (put_user('/', u) || copy_to_user(u + 1, path, len) || put_user(0, u + 1 + len))
		return -EFAULT;
	return 0;
}

static unsigned long rst_mount_flags(u32 f)
{
	unsigned long ms = 0;

	ms |= f & VZCPT_MNT_RDONLY ? MS_RDONLY : 0;
	ms |= f & VZCPT_MNT_NOSUID ? MS_NOSUID : 0;
	ms |= f & VZCPT_MNT_NODEV ? MS_NODEV : 0;
	ms |= f & VZCPT_MNT_NOEXEC ? MS_NOEXEC : 0;
	ms |= f & VZCPT_MNT_NODIRATIME ? MS_NODIRATIME : 0;
	ms |= f & VZCPT_MNT_NOSYMFOLLOW ? MS_NOSYMFOLLOW : 0;
	/* One of the three atime modes, as mountinfo shows it. */
	if (f & VZCPT_MNT_NOATIME)
		ms |= MS_NOATIME;
	else if (f & VZCPT_MNT_RELATIME)
		ms |= MS_RELATIME;
	else
		ms |= MS_STRICTATIME;
	return ms;
}

static unsigned long rst_mount_sb_flags(u32 f)
{
	return (f & VZCPT_MNT_SB_SYNC ? MS_SYNCHRONOUS : 0) |
	       (f & VZCPT_MNT_SB_DIRSYNC ? MS_DIRSYNC : 0) |
	       (f & VZCPT_MNT_SB_LAZYTIME ? MS_LAZYTIME : 0);
}

/*
 * The node to mount on: there on the CT's disk (or in a tmpfs made
 * already), or made as it was when the tmpfs that held it is made anew.
 */
static int rst_mount_point(struct rst_context *ctx, const char *target,
			   const struct vzcpt_img_mount *m)
{
	struct path p;
	char *parent, *name;
	int err;

	err = vfs_path_lookup(ctx->root.dentry, ctx->root.mnt, target, LOOKUP_NO_SYMLINKS, &p);
	if (!err) {
		if ((d_inode(p.dentry)->i_mode & S_IFMT) != (m->mp_mode & S_IFMT)) {
			rst_err(ctx, "cannot mount on /%s in the CT: it is not a %s", target,
				S_ISDIR(m->mp_mode) ? "directory" : "regular file");
			err = -ENOTDIR;
		}
		path_put(&p);
		return err;
	}
	if (err != -ENOENT)
		goto fail;
	parent = kstrdup(target, GFP_KERNEL);
	if (!parent)
		return -ENOMEM;
	name = strrchr(parent, '/');
	if (name)
		*name++ = 0;
	err = vfs_path_lookup(ctx->root.dentry, ctx->root.mnt, name ? parent : ".",
			      LOOKUP_DIRECTORY | LOOKUP_NO_SYMLINKS, &p);
	if (!err) {
		if (p.dentry->d_sb->s_magic == TMPFS_MAGIC)
			err = rst_tmpfs_point(&p, name ?: parent, m->mp_mode, m->mp_uid, m->mp_gid);
		else
			err = -ENOENT;
		path_put(&p);
	}
	kfree(parent);
	if (!err)
		return 0;
fail:
	rst_err(ctx, "cannot mount on /%s in the CT: it is not there and cannot be made (error %d)",
		target, err);
	return err;
}

/* Mount it: a new filesystem with its device name and options, or a bind of the CT's path. */
static int rst_mount_make(struct rst_context *ctx, struct rst_mounts *ms, const char *target,
			  const char *source, const struct vzcpt_img_mount *m)
{
	static const char * const huge[] = { "never", "always", "within_size", "advise" };
	const char *type;
	char *data = NULL;
	struct path p;
	long ret;
	int err;

	err = rst_mount_str(ms, RST_MOUNT_TARGET, target);
	if (err)
		return err;
	if (m->kind == VZCPT_MOUNT_BIND) {
		/* A bind's source, walked as the CT's own path. */
		err = vfs_path_lookup(ctx->root.dentry, ctx->root.mnt, *source ? source : ".",
				      LOOKUP_NO_SYMLINKS, &p);
		if (err) {
			rst_err(ctx, "cannot bind /%s onto /%s in the CT: it is not there (error %d)",
				source, target, err);
			return err;
		}
		path_put(&p);
		err = rst_mount_str(ms, RST_MOUNT_SOURCE, source);
		if (err)
			return err;
		ret = rst_sys5(ksym_sys_mount, ms->scratch + RST_MOUNT_SOURCE,
			       ms->scratch + RST_MOUNT_TARGET, 0, MS_BIND, 0);
		if (ret)
			rst_err(ctx, "cannot bind /%s onto /%s in the CT (error %ld)", source,
				target, ret);
		return ret;
	}
	/* Numbers the validator bounded, in shmem_parse_one()'s and proc_parse_param()'s words. */
	if (m->kind == VZCPT_MOUNT_TMPFS) {
		type = "tmpfs";
		data = kasprintf(GFP_KERNEL,
				 "nr_blocks=%llu,nr_inodes=%llu,mode=%o,uid=%u,gid=%u,huge=%s,inode%d",
				 m->nr_blocks, m->nr_inodes, m->mode, m->uid, m->gid,
				 huge[m->huge], m->inode64 ? 64 : 32);
	} else if (m->kind == VZCPT_MOUNT_PROC) {
		type = "proc";
		data = kasprintf(GFP_KERNEL, "hidepid=%u,gid=%u%s", m->hidepid, m->gid,
				 m->subset ? ",subset=pid" : "");
	} else {
		/* The init's IPC namespace's (the CT's, its queues made by now). */
		type = "mqueue";
		data = kstrdup("", GFP_KERNEL);
	}
	if (!data)
		return -ENOMEM;
	err = 0;
	if (copy_to_user((char __user *)(ms->scratch + RST_MOUNT_TYPE), type, strlen(type) + 1) ||
	    copy_to_user((char __user *)(ms->scratch + RST_MOUNT_SOURCE), source,
			 strlen(source) + 1) ||
	    copy_to_user((char __user *)(ms->scratch + RST_MOUNT_DATA), data, strlen(data) + 1))
		err = -EFAULT;
	kfree(data);
	if (err)
		return err;
	ret = rst_sys5(ksym_sys_mount, ms->scratch + RST_MOUNT_SOURCE,
		       ms->scratch + RST_MOUNT_TARGET, ms->scratch + RST_MOUNT_TYPE,
		       rst_mount_sb_flags(m->sb_flags), ms->scratch + RST_MOUNT_DATA);
	if (ret)
		rst_err(ctx, "cannot mount %s at /%s in the CT (error %ld)", type, target, ret);
	return ret;
}

/* A MOUNT record: its mount made, kept on @ms's list for its flags. */
int rst_mount(struct rst_context *ctx, struct rst_mounts *ms)
{
	const char *buf = (const char *)ctx->rd.buf;
	struct vzcpt_img_tmpfs root = {};
	struct rst_mount *rm;
	char *source = NULL;
	unsigned long addr;
	int err;

	/* Checked (img_check.c): clean relative paths, a tmpfs's device name without a NUL. */
	err = rst_payload(ctx, VZCPT_REC_MOUNT, sizeof(rm->m));
	if (err)
		return err;
	rm = kzalloc(sizeof(*rm), GFP_KERNEL);
	if (!rm)
		return -ENOMEM;
	memcpy(&rm->m, buf, sizeof(rm->m));
	rm->target = kmemdup_nul(buf + sizeof(rm->m), rm->m.target_len, GFP_KERNEL);
	source = kmemdup_nul(buf + sizeof(rm->m) + rm->m.target_len, rm->m.source_len,
			     GFP_KERNEL);
	err = -ENOMEM;
	if (!rm->target || !source)
		goto out;
	if (!ms->scratch) {
		addr = vm_mmap(NULL, 0, RST_MOUNT_SCRATCH, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, 0);
		err = IS_ERR_VALUE(addr) ? (int)addr : 0;
		if (err)
			goto out;
		ms->scratch = addr;
	}
	err = rst_mount_point(ctx, rm->target, &rm->m);
	if (!err)
		err = rst_mount_make(ctx, ms, rm->target, source, &rm->m);
	if (err)
		goto out;
	err = vfs_path_lookup(ctx->root.dentry, ctx->root.mnt, rm->target, LOOKUP_NO_SYMLINKS,
			      &rm->top);
	if (!err && rm->top.dentry != rm->top.mnt->mnt_root) {
		path_put(&rm->top);
		err = -EINVAL;
	}
	if (err) {
		rm->top.mnt = NULL;
		rst_err(ctx, "the mount made at /%s in the CT is not there (error %d)", rm->target,
			err);
		goto out;
	}
	list_add_tail(&rm->list, &ms->list);
	if (rm->m.kind == VZCPT_MOUNT_TMPFS) {
		root.mode = rm->m.root_mode;
		root.uid = rm->m.root_uid;
		root.gid = rm->m.root_gid;
		err = rst_tmpfs_attrs(&rm->top, &root, false);
		if (err)
			rst_err(ctx, "cannot give the tmpfs at /%s in the CT its mode %#o and owner %u:%u (error %d)",
				rm->target, root.mode, root.uid, root.gid, err);
	}
	kfree(source);
	return err;
out:
	kfree(source);
	kfree(rm->target);
	kfree(rm);
	return err;
}

/* Once every node is made: each tmpfs root's times, then each mount's flags. */
int rst_mounts_seal(struct rst_context *ctx, struct rst_mounts *ms)
{
	struct vzcpt_img_tmpfs t = {};
	unsigned long flags;
	struct rst_mount *rm;
	long ret;
	int err;

	list_for_each_entry(rm, &ms->list, list) {
		if (rm->m.kind != VZCPT_MOUNT_TMPFS)
			continue;
		t.atime_ns = rm->m.root_atime_ns;
		t.mtime_ns = rm->m.root_mtime_ns;
		err = rst_tmpfs_attrs(&rm->top, &t, true);
		if (err) {
			rst_err(ctx, "cannot set the times of the tmpfs at /%s in the CT (error %d)",
				rm->target, err);
			return err;
		}
	}
	/* The files written are closed only by deferred fputs: they hold a read-only remount. */
	ksym_task_work_run();
	list_for_each_entry(rm, &ms->list, list) {
		err = rst_mount_str(ms, RST_MOUNT_TARGET, rm->target);
		if (err)
			return err;
		flags = rst_mount_flags(rm->m.mnt_flags);
		ret = 0;
		/* A read-only superblock: a remount without MS_BIND sets it and the flags. */
		if (rm->m.sb_flags & VZCPT_MNT_SB_RDONLY)
			ret = rst_sys5(ksym_sys_mount, 0, ms->scratch + RST_MOUNT_TARGET, 0,
				       MS_REMOUNT | MS_RDONLY | flags |
				       rst_mount_sb_flags(rm->m.sb_flags), 0);
		if (!ret)
			ret = rst_sys5(ksym_sys_mount, 0, ms->scratch + RST_MOUNT_TARGET, 0,
				       MS_REMOUNT | MS_BIND | flags, 0);
		if (ret) {
			rst_err(ctx, "cannot set the flags %#x of the mount at /%s in the CT (error %ld)",
				rm->m.mnt_flags, rm->target, ret);
			return ret;
		}
	}
	return 0;
}

void rst_mounts_free(struct rst_mounts *ms)
{
	struct rst_mount *rm, *tmp;

	list_for_each_entry_safe(rm, tmp, &ms->list, list) {
		path_put(&rm->top);
		kfree(rm->target);
		kfree(rm);
	}
	INIT_LIST_HEAD(&ms->list);
	if (ms->scratch)
		vm_munmap(ms->scratch, RST_MOUNT_SCRATCH);
	ms->scratch = 0;
}
