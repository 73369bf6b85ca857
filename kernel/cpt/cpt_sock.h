/* SPDX-License-Identifier: GPL-2.0 */
/* PROVISIONAL (unixsk): stands in for the lead's shared layer until catalog lands. */
#ifndef _CPT_SOCK_H
#define _CPT_SOCK_H

#include <linux/types.h>

struct cpt_dump;
struct socket;

int cpt_dump_unix(struct cpt_dump *d, struct socket *sock, u64 *id);

#endif
