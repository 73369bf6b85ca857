// SPDX-License-Identifier: GPL-2.0
/*
 * A container's network while its tasks are held, and the connection state
 * an image cannot carry yet. Built into both vzcpt and vzrst.
 *
 * While a CT is suspended for a checkpoint, or a restored CT is held before
 * its RESUME, its tasks cannot run but the network stack of its namespace
 * still can: it would answer peers with resets and ICMP errors for sockets
 * whose owners are frozen or not restored yet. A netfilter hook at the very
 * front of PRE_ROUTING and LOCAL_OUT in the CT's own namespace drops every
 * IPv4 and IPv6 packet instead, so peers see a delay and retransmit, as
 * across a short outage. A CT that shares the host's namespace has no
 * network of its own and is left alone.
 *
 * Connection tracking: no image carries conntrack entries yet. An entry
 * without NAT is a cache that conntrack rebuilds from the flow's next
 * packet; a NATed one is not, its binding decides the addresses and ports
 * the flow uses. So a dump refuses a CT whose namespace tracks NATed
 * connections (fail at dump, never at restore), and a restore refuses a
 * namespace that already tracks connections (it must be the new one vzctl
 * made for the CT). This is what ties both modules to nf_conntrack, as
 * OpenVZ's were: unloading it, as an iptables restart does, takes vzcpt
 * and vzrst with it, and `service vz init` (or the modprobe rule that
 * reloads them with nf_conntrack) brings them back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter_ipv4.h>
#include <linux/nsproxy.h>
#include <linux/sched/task.h>
#include <net/net_namespace.h>
#include <net/netfilter/nf_conntrack.h>

#include "vz_net.h"

static unsigned int vz_net_drop(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct vz_net_hold *h = priv;

	atomic_long_inc(&h->dropped);
	return NF_DROP;
}

/* The namespace @task's network lives in, referenced; NULL if it is exiting. */
struct net *vz_task_net(struct task_struct *task)
{
	struct net *net = NULL;

	task_lock(task);
	if (task->nsproxy)
		net = get_net(task->nsproxy->net_ns);
	task_unlock(task);
	return net;
}

/*
 * vz_net_hold - drop every packet of @net until vz_net_release()
 * Takes over the caller's reference to @net. Nothing is hooked in the
 * host's namespace. Returns 0 or the error of the hook registration.
 */
int vz_net_hold(struct vz_net_hold *h, struct net *net)
{
	static const unsigned int hooknums[] = { NF_INET_PRE_ROUTING, NF_INET_LOCAL_OUT };
	unsigned int i;
	int err;

	if (net_eq(net, &init_net)) {
		put_net(net);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(h->ops); i++) {
		h->ops[i] = (struct nf_hook_ops) {
			.hook = vz_net_drop,
			.priv = h,
			.pf = NFPROTO_INET,
			.hooknum = hooknums[i],
			.priority = NF_IP_PRI_FIRST,
		};
	}
	atomic_long_set(&h->dropped, 0);
	err = nf_register_net_hooks(net, h->ops, ARRAY_SIZE(h->ops));
	if (err) {
		put_net(net);
		return err;
	}
	h->net = net;
	return 0;
}

/* Let the held namespace's packets through again; returns how many were dropped. */
unsigned long vz_net_release(struct vz_net_hold *h)
{
	if (!h->net)
		return 0;
	nf_unregister_net_hooks(h->net, h->ops, ARRAY_SIZE(h->ops));
	put_net(h->net);
	h->net = NULL;
	return atomic_long_read(&h->dropped);
}

/* Called under a conntrack bucket lock: count, never delete. */
static int vz_ct_count_nat(struct nf_conn *ct, void *data)
{
	unsigned int *nat = data;

	if (ct->status & IPS_NAT_MASK)
		(*nat)++;
	return 0;
}

/*
 * vz_net_conntrack - connections tracked in @net
 * Returns their number, and in @nat how many of them are NATed.
 */
unsigned int vz_net_conntrack(struct net *net, unsigned int *nat)
{
	struct nf_ct_iter_data iter = { .net = net, .data = nat };
	unsigned int n = nf_conntrack_count(net);

	*nat = 0;
	if (n)
		nf_ct_iterate_cleanup_net(vz_ct_count_nat, &iter);
	return n;
}
