/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_TASKX_H
#define _CPT_TASKX_H

#include <linux/types.h>

struct cpt_dump;
struct task_struct;

/* cpt_refuse.c: fail the dump, naming @task and the object, for what the image cannot carry. */
int cpt_refuse_task(struct cpt_dump *d, struct task_struct *task);
int cpt_refuse_zombie(struct cpt_dump *d, struct task_struct *task);
/* cpt_refuse.c: fail the dump with "task PID (COMM) <what>"; returns -EOPNOTSUPP. */
__printf(3, 4) int cpt_refuse(struct cpt_dump *d, struct task_struct *task, const char *fmt, ...);
/* cpt_refuse.c: @task's VZCPT_TASK_*_ORPHAN flags: its session's or group's leader has exited. */
u32 cpt_orphan_flags(struct cpt_dump *d, struct task_struct *task);
/* cpt_taskx.c: the TASKX record of @task. */
int cpt_dump_taskx(struct cpt_dump *d, struct task_struct *task, u64 id);
/* cpt_taskx.c: @task is in a finished group stop, which its TASKX record carries. */
bool cpt_stop_carried(struct task_struct *task);

#endif /* _CPT_TASKX_H */
