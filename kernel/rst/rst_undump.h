/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_UNDUMP_H
#define _RST_UNDUMP_H

struct rst_context;

int rst_undump(struct rst_context *ctx);
void rst_drop_objects(struct rst_context *ctx);

#endif /* _RST_UNDUMP_H */
