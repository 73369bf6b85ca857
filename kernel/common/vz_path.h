/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_PATH_H
#define _VZ_PATH_H

struct dentry;
struct path;
struct vfsmount;

/*
 * A lookup from a root of our choosing with LOOKUP_* flags of our choosing
 * (LOOKUP_NO_SYMLINKS): exported by fs/namei.c (EXPORT_SYMBOL), but 6.1
 * declares it only in fs/internal.h, which a module cannot include.
 */
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt, const char *name,
		    unsigned int flags, struct path *path);

#endif /* _VZ_PATH_H */
