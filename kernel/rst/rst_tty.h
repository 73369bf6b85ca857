/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_TTY_H
#define _RST_TTY_H

#include <linux/types.h>

struct file;
struct rst_context;
struct rst_task;
struct vzcpt_img_file;

/* A PTY record: its pair made again, with the same index, kept in ctx->ptys. */
int rst_pty(struct rst_context *ctx);
/* The file of a FILE record of kind VZCPT_FILE_PTMX or VZCPT_FILE_PTS, referenced. */
struct file *rst_pty_file(struct rst_context *ctx, const struct vzcpt_img_file *f);
/* Close the ptys that held gaps of the indices (end of the files that made them). */
void rst_pty_drop_temps(struct rst_context *ctx);
/* Drop every pty the restore holds (the context is going). */
void rst_pty_drop(struct rst_context *ctx);
/*
 * The current task's controlling terminal, after its session and group
 * are set and before it makes its children: a session leader takes its
 * pty back; a task of a pty's foreground group makes it the foreground.
 */
int rst_pty_ctty(struct rst_task *rt);

#endif /* _RST_TTY_H */
