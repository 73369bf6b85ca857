/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_DUMP_H
#define _CPT_DUMP_H

#include <linux/path.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "cpt_image.h"

struct cpt_context;
struct task_struct;

/* One dump in progress: the tasks it writes and the image writer. */
struct cpt_dump {
	struct cpt_context *ctx;
	struct cpt_writer w;
	struct task_struct **tasks;	/* parents first; references held */
	pid_t *pids;		/* theirs in the CT, kept for a task killed during the dump */
	bool *zombie;		/* which were zombies when collected: they stay so */
	unsigned int nr_tasks;
	struct path root;	/* the CT's root: its init's; every path is taken from it */
	struct xarray shm;	/* image id of shared anonymous memory -> struct cpt_shm */
};

int cpt_dump(struct cpt_context *ctx);

pid_t cpt_task_nr(struct cpt_dump *d, struct task_struct *task);

int cpt_dump_task(struct cpt_dump *d, struct task_struct *task);
int cpt_dump_mm(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_files(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_fs(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_sighand(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_signals(struct cpt_dump *d, struct task_struct *task, u64 task_id);
int cpt_dump_ipc(struct cpt_dump *d, struct task_struct *init);
/* The task's siglock, with interrupts off, or NULL once it has no sighand. */
struct sighand_struct *cpt_lock_sighand(struct task_struct *task, unsigned long *flags);

#endif /* _CPT_DUMP_H */
