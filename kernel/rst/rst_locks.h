/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_LOCKS_H
#define _RST_LOCKS_H

struct rst_context;

/* A LOCK record: take the lock again in the current task, whose fds are installed. */
int rst_lock(struct rst_context *ctx);

#endif /* _RST_LOCKS_H */
