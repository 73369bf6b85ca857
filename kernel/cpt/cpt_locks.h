/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_LOCKS_H
#define _CPT_LOCKS_H

#include <linux/types.h>

struct cpt_dump;
struct files_struct;
struct task_struct;

/*
 * Refuse what the image cannot carry of @task's file locks (a lease), in
 * one sentence naming the task and the fd, before any record is written.
 */
int cpt_refuse_locks(struct cpt_dump *d, struct task_struct *task);

/*
 * Write the LOCK records of fd table @files (image id @id), after its FD
 * records: the POSIX locks it owns, and the OFD and flock() locks of each
 * of its files not written with an earlier table.
 */
int cpt_dump_locks(struct cpt_dump *d, struct task_struct *task, struct files_struct *files,
		   u64 id);

#endif /* _CPT_LOCKS_H */
