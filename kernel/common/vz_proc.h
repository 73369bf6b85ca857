/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_PROC_H
#define _VZ_PROC_H

#include <linux/types.h>

struct file;
struct vz_ctx;
struct vz_ctx_kind;
struct vz_ksym;

/*
 * The dump file of a stage, from the caller's @fd: open for writing (the
 * dump) or reading (the restore), and taking vectored I/O, which the page
 * path needs. A reference, or an ERR_PTR with the reason in @c.
 */
struct file *vz_dump_file(struct vz_ctx *c, int fd, bool write);

/*
 * A module's load: resolve its kernel symbols, start its contexts, create
 * /proc/<kind->name>, whose ioctls are dispatched to @kind. Undone by
 * vz_proc_exit().
 */
int vz_proc_init(struct vz_ctx_kind *kind, const struct vz_ksym *syms, unsigned int nr_syms);
void vz_proc_exit(struct vz_ctx_kind *kind);

#endif /* _VZ_PROC_H */
