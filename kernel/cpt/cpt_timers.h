/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_TIMERS_H
#define _CPT_TIMERS_H

#include <linux/types.h>

struct cpt_dump;
struct task_struct;

/* The TIMERS record of a thread group leader: its process's itimers and POSIX timers. */
int cpt_dump_timers(struct cpt_dump *d, struct task_struct *task, u64 id);

#endif /* _CPT_TIMERS_H */
