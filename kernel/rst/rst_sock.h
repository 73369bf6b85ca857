/* SPDX-License-Identifier: GPL-2.0 */
/* PROVISIONAL (unixsk): stands in for the lead's shared layer until catalog lands. */
#ifndef _RST_SOCK_H
#define _RST_SOCK_H

#include <linux/types.h>

struct file;
struct rst_context;
struct vzcpt_img_file;

struct file *rst_open_unix(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id,
			   u64 sock_id);

#endif
