/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_TIMERS_H
#define _RST_TIMERS_H

struct rst_task;

/*
 * rst_timers.c: a process's itimers and POSIX timers. The TIMERS record is
 * read after TASKX (a thread group leader's only); the timers are made once
 * the process's threads exist (a timer may signal one of them), before its
 * pending signals are queued again.
 */
int rst_timers_read(struct rst_task *rt);
int rst_timers_apply(struct rst_task *rt);
/* The timers' queued signals, after the task's other ones (rst_apply_signals()). */
int rst_timers_queue(struct rst_task *rt);

#endif /* _RST_TIMERS_H */
