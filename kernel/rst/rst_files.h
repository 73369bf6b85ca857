/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_FILES_H
#define _RST_FILES_H

#include <linux/list.h>
#include <linux/types.h>

struct cred;
struct file;
struct rst_context;
struct vzcpt_img_file;

/* Open @path of the image (a path from the CT's root) from the CT's root. */
struct file *rst_open_ct(struct rst_context *ctx, const char *path, int flags);
struct file *rst_open_ct_as(struct rst_context *ctx, const char *path, int flags,
			    const struct cred *cred);
/* The message of an open that failed: "task N (comm) cannot open @what@path...". */
void rst_open_err(struct rst_context *ctx, const char *what, const char *path, long err);

/* rst_pipe.c: a PIPE record; an end of a restored pipe, referenced, with @f's flags. */
int rst_pipe(struct rst_context *ctx);
struct file *rst_pipe_end(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id);
/* A FIFO record; an open of that FIFO with @f's flags, referenced. */
int rst_fifo(struct rst_context *ctx);
struct file *rst_fifo_end(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id);

/* rst_mount.c: the CT's mounts, made among the nodes rst_tmpfs() makes; sealed once all are. */
struct rst_mounts {
	struct list_head list;
	unsigned long scratch;	/* user memory for mount(2)'s strings, 0 until needed */
};

int rst_mount(struct rst_context *ctx, struct rst_mounts *ms);
int rst_mounts_seal(struct rst_context *ctx, struct rst_mounts *ms);
void rst_mounts_free(struct rst_mounts *ms);
/* rst_tmpfs.c: mode and owner (or, if @times, times) of @p as chmod() etc. set them. */
struct path;
struct vzcpt_img_tmpfs;
int rst_tmpfs_attrs(const struct path *p, const struct vzcpt_img_tmpfs *t, bool times);
/* A directory or empty file @name in @parent (a tmpfs) to mount on, with its mode and owner. */
int rst_tmpfs_point(const struct path *parent, const char *name, u32 mode, u32 uid, u32 gid);

/* rst_ghost.c: a task's GHOST records, before its address space. */
struct rst_task;
int rst_ghosts(struct rst_task *rt);
/* A new open file of deleted file @id (a GHOST record), referenced, with @flags. */
struct file *rst_ghost_open(struct rst_context *ctx, u64 id, int flags);
/* The file of a FILE_GHOST record: its flags and position. */
/* The GHOST_DATA records that follow, written into @f: @data bytes in all. */
int rst_ghost_fill(struct rst_context *ctx, struct file *f, u64 id, u64 data);
struct file *rst_ghost_file(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id);

/*
 * rst_fown.c: what F_SETOWN, F_SETSIG and O_ASYNC gave file @id (an open
 * with its flags left O_ASYNC out); the first fd it is installed at; set on
 * every such file once all tasks exist. Dropped with the context.
 */
int rst_fown_note(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id);
void rst_fown_fd(struct rst_context *ctx, u64 id, unsigned int fd);
int rst_fown_late(struct rst_context *ctx);
void rst_fown_drop(struct rst_context *ctx);

#endif /* _RST_FILES_H */
