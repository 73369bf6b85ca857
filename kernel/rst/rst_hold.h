/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_HOLD_H
#define _RST_HOLD_H

struct rst_context;

/*
 * Undumped tasks are held by the cgroup v2 freezer of the container's
 * cgroup, outside this module: once CPT_UNDUMP returns no task runs vzrst's
 * code, so the module may go as soon as its contexts are gone.
 */
int rst_hold_check(struct rst_context *ctx);
int rst_hold_freeze(struct rst_context *ctx);
int rst_hold_wait_frozen(struct rst_context *ctx);
int rst_hold_resume(struct rst_context *ctx);
int rst_hold_kill(struct rst_context *ctx);

#endif /* _RST_HOLD_H */
