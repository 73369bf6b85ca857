/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_FILES_H
#define _CPT_FILES_H

struct cpt_dump;
struct path;
struct task_struct;

/*
 * The path of @path as the container sees it, in @buf (PATH_MAX bytes), or
 * an ERR_PTR with the reason in the context, @what naming the object.
 */
const char *cpt_path(struct cpt_dump *d, const struct path *path, char *buf, const char *what);

/* Prefix the context's message with the task it is about. */
void cpt_err_task(struct cpt_dump *d, struct task_struct *task, const char *what);

#endif /* _CPT_FILES_H */
