/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_UNDUMP_H
#define _RST_UNDUMP_H

struct rst_context;

int rst_undump(struct rst_context *ctx);
void rst_release_tasks(struct rst_context *ctx, bool kill);
int rst_wait_seed_gone(struct rst_context *ctx);
void rst_drop_objects(struct rst_context *ctx);

#endif /* _RST_UNDUMP_H */
