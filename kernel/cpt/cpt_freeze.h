/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_FREEZE_H
#define _CPT_FREEZE_H

struct cpt_context;

int cpt_freeze(struct cpt_context *ctx);
int cpt_freeze_tasks(struct cpt_context *ctx);
void cpt_thaw_tasks(struct cpt_context *ctx);
void cpt_thaw(struct cpt_context *ctx);
int cpt_kill(struct cpt_context *ctx);

#endif /* _CPT_FREEZE_H */
