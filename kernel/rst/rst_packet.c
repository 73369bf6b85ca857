// SPDX-License-Identifier: GPL-2.0
/*
 * Restore an AF_PACKET socket, in the current task and the CT's network
 * namespace, through the calls a program makes: sock_create() with no
 * protocol (it receives nothing yet), its SOL_PACKET options by its own
 * setsockopt (each only where it differs from a new socket's, and each
 * checked there as the program's was), bind() to its device (by name: the
 * namespace's indices are new) and protocol, PACKET_ADD_MEMBERSHIP as many
 * times as each membership was added; then its queued packets, each built
 * as packet_rcv() queues one (its address in the control block,
 * common/vz_packet.h) and queued by __sock_queue_rcv_skb(), charged to the
 * socket's receive buffer as packet_rcv() charges it.
 * The record was checked by img_check_packet() before any of this.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/if_packet.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/sockptr.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "../common/vz_packet.h"
#include "rst_context.h"
#include "rst_sock.h"

static int rst_pkt_opt(struct rst_context *ctx, struct socket *sock, int name, int val,
		       const char *what)
{
	int err = sock->ops->setsockopt(sock, SOL_PACKET, name, KERNEL_SOCKPTR(&val),
					sizeof(val));

	if (err)
		rst_err(ctx, "task %d (%s): a packet socket cannot set %s %d again (error %d)",
			task_pid_vnr(current), current->comm, what, val, err);
	return err;
}

static int rst_pkt_opts(struct rst_context *ctx, struct socket *sock,
			const struct vzcpt_img_packet *r)
{
	static const struct { u32 flag; int opt; const char *name; } flags[] = {
		{ VZCPT_PKT_AUXDATA, PACKET_AUXDATA, "PACKET_AUXDATA" },
		{ VZCPT_PKT_ORIGDEV, PACKET_ORIGDEV, "PACKET_ORIGDEV" },
		{ VZCPT_PKT_VNET_HDR, PACKET_VNET_HDR, "PACKET_VNET_HDR" },
		{ VZCPT_PKT_LOSS, PACKET_LOSS, "PACKET_LOSS" },
		{ VZCPT_PKT_TX_HAS_OFF, PACKET_TX_HAS_OFF, "PACKET_TX_HAS_OFF" },
		{ VZCPT_PKT_QDISC_BYPASS, PACKET_QDISC_BYPASS, "PACKET_QDISC_BYPASS" },
		{ VZCPT_PKT_IGNORE_OUTGOING, PACKET_IGNORE_OUTGOING, "PACKET_IGNORE_OUTGOING" },
	};
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(flags) && !err; i++)
		if (r->flags & flags[i].flag)
			err = rst_pkt_opt(ctx, sock, flags[i].opt, 1, flags[i].name);
	if (!err && r->version != TPACKET_V1)
		err = rst_pkt_opt(ctx, sock, PACKET_VERSION, r->version, "PACKET_VERSION");
	if (!err && r->reserve)
		err = rst_pkt_opt(ctx, sock, PACKET_RESERVE, r->reserve, "PACKET_RESERVE");
	if (!err && r->tstamp)
		err = rst_pkt_opt(ctx, sock, PACKET_TIMESTAMP, r->tstamp, "PACKET_TIMESTAMP");
	if (!err && r->copy_thresh)
		err = rst_pkt_opt(ctx, sock, PACKET_COPY_THRESH, r->copy_thresh,
				  "PACKET_COPY_THRESH");
	return err;
}

/* struct packet_mreq with the room for any address PACKET_ADD_MEMBERSHIP reads. */
struct rst_pkt_mreq {
	struct packet_mreq m;
	u8 more[VZCPT_PKT_ADDR_LEN - sizeof_field(struct packet_mreq, mr_address)];
};

/* Its device and protocol, then its memberships. */
static int rst_pkt_bind(struct rst_context *ctx, struct socket *sock,
			const struct vzcpt_img_packet *r, const struct vzcpt_img_packet_mc *mc)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(r->protocol) };
	struct net *net = sock_net(sock->sk);
	struct rst_pkt_mreq mreq;
	u32 i, n;
	int err = 0;

	if (r->dev[0]) {
		sll.sll_ifindex = rst_dev_ifindex(ctx, net, r->dev, "a packet socket's binding");
		if (!sll.sll_ifindex)
			return -ENODEV;
	}
	if (r->dev[0] || r->protocol) {
		err = kernel_bind(sock, (struct sockaddr *)&sll, sizeof(sll));
		if (err)
			rst_err(ctx, "task %d (%s): a packet socket cannot bind to protocol %#06x on %s again (error %d)",
				task_pid_vnr(current), current->comm, r->protocol,
				r->dev[0] ? r->dev : "every device", err);
	}
	for (i = 0; i < r->nr_mc && !err; i++, mc++) {
		memset(&mreq, 0, sizeof(mreq));
		mreq.m.mr_ifindex = rst_dev_ifindex(ctx, net, mc->dev,
						    "a packet socket's membership");
		if (!mreq.m.mr_ifindex)
			return -ENODEV;
		mreq.m.mr_type = mc->type;
		mreq.m.mr_alen = mc->alen;
		/* The address runs on into @more, as in the kernel's struct packet_mreq_max. */
		memcpy((u8 *)&mreq + offsetof(struct packet_mreq, mr_address), mc->addr, mc->alen);
		for (n = 0; n < mc->count && !err; n++)
			err = sock->ops->setsockopt(sock, SOL_PACKET, PACKET_ADD_MEMBERSHIP,
						    KERNEL_SOCKPTR(&mreq), sizeof(mreq));
		if (err)
			rst_err(ctx, "task %d (%s): a packet socket cannot add its membership of type %u on %s again (error %d)",
				task_pid_vnr(current), current->comm, mc->type, mc->dev, err);
	}
	return err;
}

/* Packet @m as packet_rcv() leaves it: its bytes, headers, address and the rest. */
static struct sk_buff *rst_pkt_skb(const struct vzcpt_img_packet_msg *m, int ifindex)
{
	struct sk_buff *skb = alloc_skb(m->len, GFP_KERNEL | __GFP_NOWARN);
	struct vz_packet_cb *cb;

	if (!skb)
		return NULL;
	skb_put_data(skb, m + 1, m->len);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, m->net_off);
	skb->protocol = htons(m->protocol);
	skb->pkt_type = m->pkttype;
	if (m->flags & VZCPT_PKTMSG_CSUM_NOTREADY) {
		/* Only tp_status reads it: the checksum start is any place in the packet. */
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = skb_headroom(skb);
		skb->csum_offset = 0;
	} else if (m->flags & VZCPT_PKTMSG_CSUM_VALID) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	}
	if (m->flags & VZCPT_PKTMSG_VLAN)
		__vlan_hwaccel_put_tag(skb, htons(m->vlan_proto), m->vlan_tci);
	skb->tstamp = ns_to_ktime(m->tstamp);
	cb = vz_packet_cb(skb);
	memset(cb, 0, sizeof(*cb));
	cb->ll.sll_ifindex = ifindex;
	cb->ll.sll_hatype = m->hatype;
	cb->ll.sll_pkttype = m->pkttype;
	cb->ll.sll_halen = m->halen;
	memcpy(cb->ll.sll_addr, m->addr, m->halen);
	/* After the address: it shares the family's and protocol's room. */
	cb->origlen = m->origlen;
	return skb;
}

static int rst_pkt_queue(struct rst_context *ctx, struct sock *sk,
			 const struct vzcpt_img_packet *r, const void *pkts)
{
	const struct vzcpt_img_packet_msg *m = pkts;
	struct sk_buff *skb;
	int ifindex, err;
	u32 i;

	/* Checked (img_check.c): @nr_pkts of them, each within the record. */
	for (i = 0; i < r->nr_pkts; i++) {
		ifindex = rst_dev_ifindex(ctx, sock_net(sk), m->dev,
					  "a packet socket's queued packet");
		if (!ifindex)
			return -ENODEV;
		skb = rst_pkt_skb(m, ifindex);
		if (!skb)
			return -ENOMEM;
		err = __sock_queue_rcv_skb(sk, skb);
		if (err) {
			kfree_skb(skb);
			rst_err(ctx, "task %d (%s): a packet socket's receive buffer (%d bytes) does not take its packet %u of %u back (error %d)",
				task_pid_vnr(current), current->comm, READ_ONCE(sk->sk_rcvbuf),
				i + 1, r->nr_pkts, err);
			return err;
		}
		m = (const void *)((const u8 *)(m + 1) + ALIGN(m->len, 8));
	}
	return 0;
}

/*
 * As the task, as it would make it now; one it can no longer make (it
 * dropped CAP_NET_RAW after making it, as tcpdump and DHCP clients do) as
 * the CT's root, as files are opened (rst_open_ct()): never with more than
 * the CT's root has.
 */
static int rst_pkt_create(struct rst_context *ctx, const struct vzcpt_img_packet *r,
			  struct socket **sock)
{
	const struct cred *old;
	int err;

	err = sock_create(AF_PACKET, r->type, 0, sock);
	if (err == -EPERM) {
		old = override_creds(current->real_cred);
		err = sock_create(AF_PACKET, r->type, 0, sock);
		revert_creds(old);
	}
	if (err)
		rst_err(ctx, "task %d (%s) cannot create a packet socket (error %d%s)",
			task_pid_vnr(current), current->comm, err,
			err == -EPERM ? ": the CT's root has no CAP_NET_RAW" : "");
	return err;
}

int rst_packet(struct rst_context *ctx)
{
	struct vzcpt_img_packet *r = ctx->rd.buf;
	const struct vzcpt_img_packet_mc *mc;
	struct socket *sock;
	int err;

	/* Checked (img_check.c): a new socket of the task's new fd table, its file to follow. */
	err = rst_payload(ctx, VZCPT_REC_PACKET, sizeof(*r));
	if (err)
		return err;
	mc = (const void *)(r + 1);
	err = rst_pkt_create(ctx, r, &sock);
	if (err)
		return err;
	err = rst_sockopt(ctx, sock, &r->opt);
	if (!err)
		err = rst_pkt_opts(ctx, sock, r);
	if (!err)
		err = rst_pkt_bind(ctx, sock, r, mc);
	if (!err)
		err = rst_pkt_queue(ctx, sock->sk, r, mc + r->nr_mc);
	if (!err && (r->flags & VZCPT_PKT_ENETDOWN))
		WRITE_ONCE(sock->sk->sk_err, ENETDOWN);
	if (err) {
		sock_release(sock);
		return err;
	}
	return rst_sock_add(ctx, ctx->rd.hdr.id, sock);
}
