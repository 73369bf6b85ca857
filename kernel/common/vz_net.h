/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_NET_H
#define _VZ_NET_H

#include <linux/atomic.h>
#include <linux/netfilter.h>

struct net;
struct task_struct;

/*
 * A container's network namespace while its packets are dropped: from a
 * checkpoint's SUSPEND to its RESUME or KILL, and from a restore's UNDUMP to
 * its RESUME or KILL. @net is NULL when nothing is held.
 */
struct vz_net_hold {
	struct net *net;
	struct nf_hook_ops ops[2];
	atomic_long_t dropped;
};

struct net *vz_task_net(struct task_struct *task);
int vz_net_hold(struct vz_net_hold *h, struct net *net);
unsigned long vz_net_release(struct vz_net_hold *h);
unsigned int vz_net_conntrack(struct net *net, unsigned int *nat);

#endif /* _VZ_NET_H */
