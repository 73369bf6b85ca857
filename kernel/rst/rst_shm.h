/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_SHM_H
#define _RST_SHM_H

struct rst_context;
struct vzcpt_img_vma;

/* rst_shm.c: shared anonymous memory, one object for all its mappings. */
int rst_map_shm(struct rst_context *ctx, const struct vzcpt_img_vma *v);
void rst_shm_drop(struct rst_context *ctx);

#endif /* _RST_SHM_H */
