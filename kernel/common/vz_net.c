// SPDX-License-Identifier: GPL-2.0
/*
 * A container's network while its tasks are held, and the connection state
 * an image cannot carry yet. Built into both vzcpt and vzrst.
 *
 * While a CT is suspended for a checkpoint, or a restored CT is held before
 * its RESUME, its tasks cannot run but the network stack of its namespace
 * still can: it would answer peers with resets and ICMP errors for sockets
 * whose owners are frozen or not restored yet. A netfilter hook at the very
 * front of PRE_ROUTING and LOCAL_OUT in the CT's own namespace takes every
 * IPv4 and IPv6 packet instead, so peers see a delay, as across a short
 * outage. What comes in is held, up to VZ_NET_HELD_MAX packets, and
 * delivered when the CT runs again: a peer's last retransmission then gets
 * its answer at once, where a dropped one would leave the peer to wait out a
 * timeout that doubled with each loss (vz_tcp.c restarts the CT's own side).
 * What goes out is dropped: it comes from the CT's kernel, which sends it
 * again. A CT that shares the host's namespace has no network of its own
 * and is left alone.
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

#include <linux/netdevice.h>
#include <linux/netfilter_ipv4.h>
#include <linux/rtnetlink.h>
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

/* What a held packet keeps in its control buffer, which is ours while it is held. */
struct vz_net_held_cb {
	int ifindex;
};

static struct vz_net_held_cb *vz_net_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vz_net_held_cb) > sizeof(skb->cb));
	return (struct vz_net_held_cb *)skb->cb;
}

/*
 * Called before conntrack and the CT's own rules (NF_IP_PRI_FIRST): the
 * packet is as the device gave it, and goes through all of them when it is
 * delivered. Its device is kept by index, not referenced: a device deleted
 * meanwhile must not wait for the CT to run again.
 */
static unsigned int vz_net_take(void *priv, struct sk_buff *skb,
				const struct nf_hook_state *state)
{
	struct vz_net_hold *h = priv;
	unsigned long flags;
	bool full;

	if (!skb->dev)
		return vz_net_drop(priv, skb, state);
	spin_lock_irqsave(&h->held.lock, flags);
	full = skb_queue_len(&h->held) >= VZ_NET_HELD_MAX ||
	       h->held_bytes + skb->truesize > VZ_NET_HELD_BYTES;
	if (!full) {
		vz_net_cb(skb)->ifindex = skb->dev->ifindex;
		skb->dev = NULL;
		h->held_bytes += skb->truesize;
		__skb_queue_tail(&h->held, skb);
	}
	spin_unlock_irqrestore(&h->held.lock, flags);
	return full ? vz_net_drop(priv, skb, state) : NF_STOLEN;
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
 * vz_net_hold - hold every packet of @net until vz_net_release()
 * Takes over the caller's reference to @net. Nothing is hooked in the
 * host's namespace. Returns 0 or the error of the hook registration.
 */
int vz_net_hold(struct vz_net_hold *h, struct net *net)
{
	static const struct {
		unsigned int hooknum;
		nf_hookfn *fn;
	} hooks[] = {
		{ NF_INET_PRE_ROUTING, vz_net_take },
		{ NF_INET_LOCAL_OUT, vz_net_drop },
	};
	unsigned int i;
	int err;

	if (net_eq(net, &init_net)) {
		put_net(net);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(h->ops); i++) {
		h->ops[i] = (struct nf_hook_ops) {
			.hook = hooks[i].fn,
			.priv = h,
			.pf = NFPROTO_INET,
			.hooknum = hooks[i].hooknum,
			.priority = NF_IP_PRI_FIRST,
		};
	}
	atomic_long_set(&h->dropped, 0);
	skb_queue_head_init(&h->held);
	h->held_bytes = 0;
	h->delivered = 0;
	err = nf_register_net_hooks(net, h->ops, ARRAY_SIZE(h->ops));
	if (err) {
		put_net(net);
		return err;
	}
	h->net = net;
	return 0;
}

/*
 * vz_net_release - let the held namespace's packets through again
 * @deliver: deliver the packets held meanwhile (the CT runs again), or drop
 * them (it is gone). Their count is left in @h->delivered, the others' in
 * @h->dropped.
 */
static void vz_net_release(struct vz_net_hold *h, bool deliver)
{
	struct net_device *dev;
	struct sk_buff *skb;

	if (!h->net)
		return;
	/* It waits for the hooks running: nothing joins the queue after it. */
	nf_unregister_net_hooks(h->net, h->ops, ARRAY_SIZE(h->ops));
	while ((skb = skb_dequeue(&h->held))) {
		dev = deliver ? dev_get_by_index(h->net, vz_net_cb(skb)->ifindex) : NULL;
		if (dev) {
			skb->dev = dev;
			netif_rx(skb);
			dev_put(dev);
			h->delivered++;
		} else {
			kfree_skb(skb);
			atomic_long_inc(&h->dropped);
		}
	}
	put_net(h->net);
	h->net = NULL;
}

/*
 * What the CT's devices said while it was held went nowhere: the multicast
 * reports of the groups a restore joined again, and those its timers sent
 * while it was suspended (the answer to a query that came just before; the
 * queries that came during the hold are delivered at its end). A multicast
 * router or a snooping switch that has not heard from it on this port (a
 * CT that came from another host) forwards it none of its groups until its
 * next query (125 s by default), which keepalived's VRRP does not survive.
 * The kernel's own call for a device that moved (a VM's migration, a
 * bond's failover) sends them all again: IGMP and MLD reports of every group joined, and a
 * gratuitous ARP and unsolicited neighbour advertisements of its addresses.
 */
static void vz_net_announce(struct net *net)
{
	struct net_device *dev;

	rtnl_lock();
	for_each_netdev(net, dev)
		if ((dev->flags & IFF_UP) && !(dev->flags & IFF_LOOPBACK))
			__netdev_notify_peers(dev);
	rtnl_unlock();
}

/*
 * vz_net_release_ct - release the held network of a CT
 * @running: the CT runs on: the packets held for it are delivered, its
 * devices announce its groups and addresses again, and its TCP connections
 * are restarted (vz_tcp.c). Else they are dropped.
 * Returns how many connections were restarted.
 */
unsigned int vz_net_release_ct(struct vz_net_hold *h, bool running)
{
	struct net *net = h->net;
	unsigned int conns = 0;

	if (!net)
		return 0;
	get_net(net);
	vz_net_release(h, running);
	if (running) {
		vz_net_announce(net);
		conns = vz_tcp_restart(net);
	}
	put_net(net);
	return conns;
}

/*
 * vz_net_deafen - take every device of @net down
 * For a CT whose tasks were killed after a dump: its namespace lingers a
 * moment after its last task, and with its sockets gone it would answer a
 * peer's packet with a reset. A device down takes nothing in (a veth's peer
 * then drops what the host sends to it).
 */
void vz_net_deafen(struct net *net)
{
	struct net_device *dev;
	int err;

	rtnl_lock();
	for_each_netdev(net, dev) {
		if (!(dev->flags & IFF_UP))
			continue;
		err = dev_change_flags(dev, dev->flags & ~IFF_UP, NULL);
		if (err)
			pr_warn("cannot take %s of a killed CT down (error %d)\n", dev->name, err);
	}
	rtnl_unlock();
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
