// SPDX-License-Identifier: GPL-2.0
/*
 * Unix sockets at dump.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_sock.h"

int cpt_dump_unix(struct cpt_dump *d, struct socket *sock, u64 id)
{
	cpt_err(d->ctx, "a unix socket cannot be dumped yet");
	return -EOPNOTSUPP;
}
