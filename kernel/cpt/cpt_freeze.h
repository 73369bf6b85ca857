/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_FREEZE_H
#define _CPT_FREEZE_H

#include <linux/types.h>

struct cpt_context;

int cpt_freeze(struct cpt_context *ctx);
int cpt_freeze_tasks(struct cpt_context *ctx);
void cpt_thaw_tasks(struct cpt_context *ctx);
void cpt_thaw(struct cpt_context *ctx);
int cpt_kill(struct cpt_context *ctx);
/*
 * The host's clock @clockid (REALTIME, MONOTONIC or BOOTTIME: an hrtimer
 * base's) when the CT froze, into *@now; false for another clock.
 */
bool cpt_frozen_clock(const struct cpt_context *ctx, clockid_t clockid, s64 *now);

#endif /* _CPT_FREEZE_H */
