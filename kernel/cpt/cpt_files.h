/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_FILES_H
#define _CPT_FILES_H

#include <linux/types.h>

struct cpt_dump;
struct file;
struct files_struct;
struct inode;
struct path;
struct task_struct;
struct vzcpt_img_file;

/*
 * The path of @path from the CT's root, in @buf (PATH_MAX bytes), or an
 * ERR_PTR with the reason in the context, @what naming the object: what a
 * restore cannot reopen by path is refused here and only here.
 */
const char *cpt_path(struct cpt_dump *d, const struct path *path, char *buf, const char *what);

/*
 * The image id of @file, writing its records on its first sighting (@pathbuf:
 * PATH_MAX bytes of room); an epoll's targets come through here too.
 */
int cpt_dump_file_obj(struct cpt_dump *d, struct file *file, char *pathbuf, u64 *id);
/*
 * Objects whose records are being written: a file on its first sighting
 * until its FILE record is out; what cpt_busy_mark() marked until
 * cpt_busy_clear(). A file in flight that is busy would be a cycle.
 */
bool cpt_busy(struct cpt_dump *d, const void *obj);
int cpt_busy_mark(struct cpt_dump *d, const void *obj);
void cpt_busy_clear(struct cpt_dump *d, const void *obj);

/*
 * What @file is if it is asynchronous I/O's (an io_uring, or the ring of an
 * AIO context), which no image carries: its requests are in flight in the
 * kernel. NULL for any other file.
 */
const char *cpt_async_io_name(struct file *file);

/* Prefix the context's message with the task it is about. */
void cpt_err_task(struct cpt_dump *d, struct task_struct *task, const char *what);

/*
 * cpt_pipe.c: fill @f for @file, an end of a pipe, and on the pipe's first
 * sighting write its PIPE record.
 */
int cpt_dump_pipe_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);
/* The same for an open of a named FIFO (its FIFO record); @pathbuf is PATH_MAX bytes. */
int cpt_dump_fifo_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		       char *pathbuf);

/*
 * The names in the directory @dir but "." and "..", each NUL-terminated, one
 * after another in *@names (kmalloc'ed, NULL if none: the caller kfrees it),
 * *@len bytes in all; -E2BIG past 1 MiB of them. Gathered before any is
 * looked up: iterate_dir() holds the directory's lock over its callback.
 */
int cpt_dir_names(const struct path *dir, char **names, size_t *len);

/* @task's fd table, referenced (release with ksym_put_files_struct()), or NULL. */
struct files_struct *cpt_get_files(struct task_struct *task);
/*
 * A task outside the CT holding @file in its fd table: its host pid, its
 * name in @comm (TASK_COMM_LEN bytes); else 0. Slow: every task of the host.
 */
pid_t cpt_file_holder_outside(struct cpt_dump *d, struct file *file, char *comm);
/* The next open file at or above *@fd, referenced, with its close-on-exec bit. */
struct file *cpt_next_fd(struct files_struct *files, unsigned int *fd, bool *cloexec);
/*
 * Call @fn on each open file of @task with its fd, referenced for the call,
 * until it returns non-zero (returned). A task with no fd table has none.
 */
int cpt_each_file(struct task_struct *task,
		  int (*fn)(void *arg, struct file *file, unsigned int fd), void *arg);

/* cpt_procfs.c: is @file on a procfs? */
bool cpt_is_procfs(const struct file *file);
/* Refuse a procfs file its path would not reopen at restore; @buf holds PATH_MAX. */
int cpt_procfs_check(struct cpt_dump *d, struct file *file, char *buf);

/* cpt_ghost.c: is @file a deleted regular file, carried whole by the image? */
bool cpt_is_ghost(const struct file *file);
/* Write the deleted files @task's new address space and/or fd table hold. */
int cpt_dump_ghosts(struct cpt_dump *d, struct task_struct *task, bool mm, bool files);
/* The image id of @file's ghost, written by cpt_dump_ghosts(); 0 on error. */
u64 cpt_ghost_id(struct cpt_dump *d, struct file *file);
/* The bytes of data (holes left out) of @f up to @size, and their GHOST_DATA records. */
int cpt_ghost_count(struct file *f, loff_t size, u64 *data);
int cpt_ghost_data(struct cpt_dump *d, struct file *f, u64 id, loff_t size, u64 data, char *buf);
/* @inode's owner as the CT's user namespace sees it; refused (in the context) if unmapped. */
int cpt_inode_owner(struct cpt_dump *d, struct inode *inode, u32 *uid, u32 *gid);

/* cpt_tmpfs.c: the nodes of the CT's /dev and /dev/shm tmpfs mounts, after the init's IPC. */
int cpt_dump_tmpfs(struct cpt_dump *d);
int cpt_dump_tmpfs_tree(struct cpt_dump *d, const struct path *root, const char *name);
bool cpt_tmpfs_root(const struct path *path);
/*
 * The mount of a tmpfs whose files the image carries that holds @sb, held
 * in @mnt: vzctl's /dev, its /dev/shm where /dev is one (cpt_dump_tmpfs()),
 * or a tmpfs the CT mounted (cpt_mount.c); -ENOENT for none.
 */
int cpt_tmpfs_carrying(struct cpt_dump *d, struct super_block *sb, struct path *mnt);

#endif /* _CPT_FILES_H */
