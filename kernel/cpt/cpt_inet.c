// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 and IPv6 sockets at dump.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <net/sock.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_sock.h"

int cpt_dump_inet(struct cpt_dump *d, struct socket *sock, u64 id)
{
	cpt_err(d->ctx, "an %s socket cannot be dumped yet",
		sock->sk->sk_family == AF_INET ? "IPv4" : "IPv6");
	return -EOPNOTSUPP;
}
