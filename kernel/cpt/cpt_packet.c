// SPDX-License-Identifier: GPL-2.0
/*
 * Dump an AF_PACKET socket of the CT's network namespace (tcpdump, a DHCP
 * client, arping, LLDP and VRRP daemons): its type, the protocol it
 * receives and the device it is bound to, its SOL_PACKET options, its
 * memberships (PACKET_ADD_MEMBERSHIP: promiscuous mode, multicast and
 * unicast addresses, each with the times it was added), and the packets
 * queued to be read, each with what recvmsg() and PACKET_AUXDATA report of
 * it. Refused by name: SOCK_PACKET, rings (PACKET_RX_RING, PACKET_TX_RING:
 * their frames live in pages the task maps), fanout groups, and a socket
 * whose device was removed.
 *
 * Read through the interfaces ss and CRIU read it through: getsockname()
 * for the protocol and device, packet_diag (NETLINK_SOCK_DIAG, loaded on
 * demand) for the options it reports, the memberships and the rings and
 * fanout, and the socket's own getsockopt(), into user memory of the
 * dumping task's, for the three options packet_diag leaves out. The queued
 * packets' addresses are in their control blocks (common/vz_packet.h).
 * The statistics (PACKET_STATISTICS) are not carried: reading them resets
 * them, and no call sets them; a restored socket counts from zero.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/if_vlan.h>
#include <linux/mman.h>
#include <linux/mm.h>
#include <linux/netdevice.h>
#include <linux/packet_diag.h>
#include <linux/sock_diag.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "../common/vz_net.h"
#include "../common/vz_netcfg.h"
#include "../common/vz_packet.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_sock.h"

/* What packet_diag says of the socket, and where its memberships go. */
struct cpt_pkt_diag {
	unsigned long ino;
	bool found, has_info, ring, fanout;
	struct packet_diag_info info;
	struct vzcpt_img_packet_mc *mc;
	u32 nr_mc;
	struct net *net;
	const char *no;
};

static void cpt_pkt_mclist(struct cpt_pkt_diag *pd, const struct nlattr *nest)
{
	const struct packet_diag_mclist *ml = nla_data(nest);
	int n = nla_len(nest) / sizeof(*ml), i;

	if (n > VZCPT_PKT_MC_MAX) {
		pd->no = "has more memberships than an image record holds";
		return;
	}
	pd->mc = kcalloc(max(n, 1), sizeof(*pd->mc), GFP_KERNEL);
	if (!pd->mc) {
		pd->no = "cannot be read: out of memory";
		return;
	}
	for (i = 0; i < n; i++, ml++) {
		struct vzcpt_img_packet_mc *m = &pd->mc[i];

		if (ml->pdmc_alen > VZCPT_PKT_ADDR_LEN || ml->pdmc_count < 1 ||
		    ml->pdmc_count > VZCPT_PKT_MC_MAX || ml->pdmc_type > PACKET_MR_UNICAST) {
			pd->no = "has a membership this module does not know";
			return;
		}
		if (!cpt_dev_name(pd->net, ml->pdmc_index, m->dev)) {
			pd->no = "has a membership of a device removed since";
			return;
		}
		m->type = ml->pdmc_type;
		m->alen = ml->pdmc_alen;
		m->count = ml->pdmc_count;
		memcpy(m->addr, ml->pdmc_addr, ml->pdmc_alen);
	}
	pd->nr_mc = n;
}

/* One socket of packet_diag's answer: ours, if its inode is. */
static int cpt_pkt_diag_one(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen)
{
	const struct packet_diag_msg *m = nlmsg_data(nlh);
	struct cpt_pkt_diag *pd = arg;
	const struct nlattr *a;
	int rem;

	if (nlmsg_len(nlh) < sizeof(*m) || m->pdiag_ino != pd->ino || pd->found)
		return 0;
	pd->found = true;
	nla_for_each_attr(a, nlmsg_attrdata(nlh, sizeof(*m)), nlmsg_attrlen(nlh, sizeof(*m)),
			  rem) {
		switch (nla_type(a)) {
		case PACKET_DIAG_INFO:
			pd->has_info = nla_len(a) >= sizeof(pd->info);
			if (pd->has_info)
				memcpy(&pd->info, nla_data(a), sizeof(pd->info));
			break;
		case PACKET_DIAG_MCLIST:
			if (!pd->no)
				cpt_pkt_mclist(pd, a);
			break;
		case PACKET_DIAG_RX_RING:
		case PACKET_DIAG_TX_RING:
			pd->ring = true;
			break;
		case PACKET_DIAG_FANOUT:
			pd->fanout = true;
			break;
		}
	}
	return 0;
}

static int cpt_pkt_diag(struct cpt_dump *d, struct sock *sk, struct cpt_pkt_diag *pd)
{
	struct packet_diag_req req = {
		.sdiag_family = AF_PACKET,
		.pdiag_show = PACKET_SHOW_INFO | PACKET_SHOW_MCLIST | PACKET_SHOW_RING_CFG |
			      PACKET_SHOW_FANOUT,
	};
	struct vz_nl nl;
	char why[96] = "";
	int err;

	pd->ino = sock_i_ino(sk);
	pd->net = sock_net(sk);
	err = vz_nl_open_proto(&nl, pd->net, NETLINK_SOCK_DIAG);
	if (!err) {
		err = vz_nl_give_file(&nl);
		if (err)
			vz_nl_close(&nl);
	}
	if (err) {
		cpt_err(d->ctx, "cannot open a sock_diag socket in the network namespace of CT %u (error %d)",
			d->ctx->ctid, err);
		return err;
	}
	vz_nl_start(&nl, SOCK_DIAG_BY_FAMILY, NLM_F_DUMP, &req, sizeof(req));
	err = vz_nl_dump(&nl, cpt_pkt_diag_one, pd, why, sizeof(why));
	vz_nl_close(&nl);
	if (!err && !pd->found)
		err = -ENOENT;
	if (err == -ENOENT)
		cpt_err(d->ctx, "cannot read a packet socket of CT %u: the kernel has no packet_diag, or it lists no such socket",
			d->ctx->ctid);
	else if (err)
		cpt_err(d->ctx, "cannot read a packet socket of CT %u through packet_diag (error %d)",
			d->ctx->ctid, err);
	return err;
}

/*
 * The options packet_diag leaves out, by the socket's getsockopt(), which
 * copies to user memory only: a page of the dumping task's for the call.
 */
static int cpt_pkt_getopts(struct socket *sock, u32 *flags)
{
	static const struct { int name; u32 flag; } opts[] = {
		{ PACKET_TX_HAS_OFF, VZCPT_PKT_TX_HAS_OFF },
		{ PACKET_QDISC_BYPASS, VZCPT_PKT_QDISC_BYPASS },
		{ PACKET_IGNORE_OUTGOING, VZCPT_PKT_IGNORE_OUTGOING },
	};
	unsigned long addr;
	int __user *uval;
	int i, val, len, err = 0;

	if (!current->mm)
		return -EOPNOTSUPP;
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	uval = (int __user *)addr;
	for (i = 0; i < ARRAY_SIZE(opts) && !err; i++) {
		err = put_user((int)sizeof(int), uval + 1);
		if (!err)
			err = sock->ops->getsockopt(sock, SOL_PACKET, opts[i].name,
						    (char __user *)uval, uval + 1);
		if (!err && (get_user(val, uval) || get_user(len, uval + 1)))
			err = -EFAULT;
		if (!err && len != sizeof(int))
			err = -EPROTO;
		if (!err && val)
			*flags |= opts[i].flag;
	}
	vm_munmap(addr, PAGE_SIZE);
	return err;
}

/* Type, protocol, device and the options @pd has into @r; NULL, or why not. */
static const char *cpt_pkt_state(struct socket *sock,
				 struct vzcpt_img_packet *r, struct cpt_pkt_diag *pd)
{
	const struct packet_diag_info *in = &pd->info;
	struct sockaddr_storage ss = {};
	struct sockaddr_ll *sll = (struct sockaddr_ll *)&ss;
	struct sock *sk = sock->sk;
	int err;

	err = kernel_getsockname(sock, (struct sockaddr *)sll);
	if (err < 0 || sll->sll_family != AF_PACKET)
		return "gives no address";
	r->type = sk->sk_type;
	r->protocol = ntohs(sll->sll_protocol);
	if (pd->no)
		return pd->no;
	/* Asked for: without it the options would be lost. */
	if (!pd->has_info)
		return "is listed by packet_diag without its options (PACKET_DIAG_INFO)";
	if (pd->ring)
		return "has a ring (PACKET_RX_RING or PACKET_TX_RING): cannot be carried yet";
	if (pd->fanout)
		return "is in a fanout group (PACKET_FANOUT): cannot be carried yet";
	/* A device removed under a bound socket leaves it bound to index -1. */
	if ((int)in->pdi_index < 0)
		return "is bound to a device removed since";
	if ((int)in->pdi_index != sll->sll_ifindex)
		return "is bound to one device by getsockname() and another by packet_diag";
	if (in->pdi_index && !cpt_dev_name(sock_net(sk), in->pdi_index, r->dev))
		return "is bound to a device removed since";
	if (in->pdi_version > TPACKET_V3)
		return "has a PACKET_VERSION this module does not know";
	r->version = in->pdi_version;
	r->reserve = in->pdi_reserve;
	r->tstamp = in->pdi_tstamp;
	r->copy_thresh = in->pdi_copy_thresh;
	if (in->pdi_flags & PDI_AUXDATA)
		r->flags |= VZCPT_PKT_AUXDATA;
	if (in->pdi_flags & PDI_ORIGDEV)
		r->flags |= VZCPT_PKT_ORIGDEV;
	if (in->pdi_flags & PDI_VNETHDR)
		r->flags |= VZCPT_PKT_VNET_HDR;
	if (in->pdi_flags & PDI_LOSS)
		r->flags |= VZCPT_PKT_LOSS;
	err = READ_ONCE(sk->sk_err);
	if (err == ENETDOWN)
		r->flags |= VZCPT_PKT_ENETDOWN;
	else if (err)
		return "has a pending error (SO_ERROR) other than ENETDOWN";
	if (!skb_queue_empty_lockless(&sk->sk_error_queue))
		return "has messages in its error queue (MSG_ERRQUEUE)";
	return NULL;
}

/* The image's account of @skb, queued on socket @arg; -EPROTO if not as packet_rcv() queued it. */
static int cpt_pkt_msg(void *arg, struct sk_buff *skb, void *hdr)
{
	struct vz_packet_cb *cb = vz_packet_cb(skb);
	struct vzcpt_img_packet_msg *m = hdr;
	int net_off = skb_network_offset(skb);
	struct sock *sk = arg;

	if (skb->len > VZCPT_PKT_MSG_MAX || cb->origlen < skb->len ||
	    cb->ll.sll_halen > VZCPT_PKT_ADDR_LEN || cb->ll.sll_pkttype > PACKET_KERNEL ||
	    net_off < 0 || net_off > skb->len)
		return -EPROTO;
	if (!cpt_dev_name(sock_net(sk), cb->ll.sll_ifindex, m->dev))
		return -EPROTO;
	m->len = skb->len;
	m->origlen = cb->origlen;
	m->tstamp = ktime_to_ns(skb->tstamp);
	m->protocol = ntohs(skb->protocol);
	m->hatype = cb->ll.sll_hatype;
	m->pkttype = cb->ll.sll_pkttype;
	m->halen = cb->ll.sll_halen;
	memcpy(m->addr, cb->ll.sll_addr, m->halen);
	m->net_off = net_off;
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		m->flags |= VZCPT_PKTMSG_CSUM_NOTREADY;
	else if (skb_csum_unnecessary(skb))
		m->flags |= VZCPT_PKTMSG_CSUM_VALID;
	if (skb_vlan_tag_present(skb)) {
		m->flags |= VZCPT_PKTMSG_VLAN;
		m->vlan_tci = skb_vlan_tag_get(skb);
		m->vlan_proto = ntohs(skb->vlan_proto);
	}
	return 0;
}

static const char *cpt_pkt_why(long err)
{
	switch (err) {
	case -EFBIG:
		return "exceed what an image record holds";
	case -EMEDIUMTYPE:
		return "have virtio headers (PACKET_VNET_HDR): cannot be carried yet";
	case -EPROTO:
		/* A device removed since, or a control block laid out otherwise. */
		return "include one not as the kernel queues it: cannot be carried";
	}
	return "changed during the dump";
}

/* The record's tail: the memberships, then the queued packets. */
static int cpt_pkt_tail(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_packet *r,
			const struct cpt_pkt_diag *pd, void **buf, u32 *len)
{
	struct cpt_skb_walk w = {
		.head = cpt_pkt_msg, .arg = sk, .hlen = sizeof(struct vzcpt_img_packet_msg),
		.used = (size_t)pd->nr_mc * sizeof(*pd->mc),
	};
	int err;

	err = cpt_skb_collect(&sk->sk_receive_queue, NULL, &w, VZCPT_REC_MAX_LEN - sizeof(*r),
			      buf);
	if (!err && w.n && (r->flags & VZCPT_PKT_VNET_HDR))
		err = -EMEDIUMTYPE;
	if (err == -ENOMEM)
		return err;
	if (err) {
		cpt_err(d->ctx, "a packet socket's %u queued packets %s", w.n, cpt_pkt_why(err));
		return -EOPNOTSUPP;
	}
	if (*buf)
		memcpy(*buf, pd->mc, (size_t)pd->nr_mc * sizeof(*pd->mc));
	*len = w.used;
	r->nr_mc = pd->nr_mc;
	r->nr_pkts = w.n;
	return 0;
}

int cpt_dump_packet(struct cpt_dump *d, struct socket *sock, u64 id)
{
	struct vzcpt_img_packet r = {};
	struct cpt_pkt_diag pd = {};
	struct sock *sk = sock->sk;
	void *tail = NULL;
	const char *no;
	u32 tlen = 0;
	int err;

	if (sk->sk_type != SOCK_RAW && sk->sk_type != SOCK_DGRAM) {
		cpt_err(d->ctx, "a packet socket of type %d (SOCK_PACKET) cannot be dumped yet",
			sk->sk_type);
		return -EOPNOTSUPP;
	}
	no = cpt_sock_netns(d, sk);
	if (no) {
		cpt_err(d->ctx, "a packet socket %s: cannot be dumped", no);
		return -EOPNOTSUPP;
	}
	err = cpt_sockopt(d, sock->sk, &r.opt);
	if (!err)
		err = cpt_pkt_diag(d, sk, &pd);
	if (!err && cpt_pkt_getopts(sock, &r.flags)) {
		cpt_err(d->ctx, "a packet socket gives no PACKET_TX_HAS_OFF, PACKET_QDISC_BYPASS or PACKET_IGNORE_OUTGOING");
		err = -EOPNOTSUPP;
	}
	if (err)
		goto out;
	lock_sock(sk);
	no = cpt_pkt_state(sock, &r, &pd);
	if (!no)
		err = cpt_pkt_tail(d, sk, &r, &pd, &tail, &tlen);
	release_sock(sk);
	if (no) {
		cpt_err(d->ctx, "a packet socket of protocol %#06x %s", r.protocol, no);
		err = -EOPNOTSUPP;
	}
	if (!err)
		err = cpt_write_rec(d, VZCPT_REC_PACKET, id, &r, sizeof(r), tail, tlen);
	if (!err)
		err = cpt_sock_filter(d, sock->sk, id);
	kvfree(tail);
out:
	kfree(pd.mc);
	return err;
}
