/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_NET_H
#define _VZ_NET_H

#include <linux/atomic.h>
#include <linux/netfilter.h>
#include <linux/skbuff.h>

struct net;
struct task_struct;

/* Incoming packets held at most, and their bytes; a peer's retransmissions need only the last. */
#define VZ_NET_HELD_MAX 4096
#define VZ_NET_HELD_BYTES (16 << 20)

/*
 * A container's network namespace while its packets are held: from a
 * checkpoint's SUSPEND to its RESUME or KILL, and from a restore's UNDUMP to
 * its RESUME or KILL. @net is NULL when nothing is held.
 */
struct vz_net_hold {
	struct net *net;
	struct nf_hook_ops ops[2];
	struct sk_buff_head held;	/* incoming */
	unsigned int held_bytes;	/* their truesize, under held.lock */
	atomic_long_t dropped;		/* outgoing, beyond the limit, or of a killed CT */
	unsigned long delivered;
};

struct net *vz_task_net(struct task_struct *task);
int vz_net_hold(struct vz_net_hold *h, struct net *net);
unsigned int vz_net_release_ct(struct vz_net_hold *h, bool running);
void vz_net_deafen(struct net *net);
unsigned int vz_net_conntrack(struct net *net, unsigned int *nat);

/* vz_tcp.c */
unsigned int vz_tcp_silence(struct net *net);
unsigned int vz_tcp_restart(struct net *net);

#endif /* _VZ_NET_H */
