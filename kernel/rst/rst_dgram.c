// SPDX-License-Identifier: GPL-2.0
/*
 * Put a UDP, ping or raw socket's queued datagrams back, oldest first, each
 * in a buffer built as the stack would have queued it: its bytes as a read
 * returns them, with the IP (and UDP) headers it came with in front, so
 * that recvfrom() reports the same source and the socket's ancillary data
 * (IP_PKTINFO, IP_RECVTTL...) the same values; a raw IPv4 socket's bytes
 * are the packet from its IP header. The queueing is the protocol's own:
 * UDP's __udp_enqueue_schedule_skb(), the others' __sock_queue_rcv_skb()
 * (as ping_queue_rcv_skb() and raw_rcv_skb() queue, without the socket
 * filter the datagram passed when it came); their accounting against the
 * socket's receive buffer applies.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/skbuff.h>
#include <linux/udp.h>
#include <linux/vzcpt_image.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/udp.h>

#include "../common/vz_inet.h"
#include "rst_context.h"
#include "rst_inet.h"
#include "rst_sock.h"

/* What ipv4_pktinfo_prepare() left; the local address it was sent to as spec_dst. */
static void rst_dgram_pktinfo(struct sk_buff *skb, const struct vzcpt_img_dgram *g, int ifindex)
{
	skb->protocol = htons(ETH_P_IP);
	memset(skb->cb, 0, sizeof(skb->cb));
	PKTINFO_SKB_CB(skb)->ipi_ifindex = ifindex;
	memcpy(&PKTINFO_SKB_CB(skb)->ipi_spec_dst, g->daddr, 4);
}

/* An IP header of protocol @proto in front of the skb's @len bytes. */
static void rst_dgram_ip(struct sk_buff *skb, const struct vzcpt_img_dgram *g, u8 proto,
			 int ifindex)
{
	unsigned int len = skb->len;
	struct iphdr *h = skb_push(skb, sizeof(*h));

	skb_reset_network_header(skb);
	memset(h, 0, sizeof(*h));
	h->version = 4;
	h->ihl = sizeof(*h) / 4;
	h->tos = g->tos;
	h->tot_len = htons(sizeof(*h) + len);
	h->ttl = g->ttl;
	h->protocol = proto;
	memcpy(&h->saddr, g->saddr, 4);
	memcpy(&h->daddr, g->daddr, 4);
	rst_dgram_pktinfo(skb, g, ifindex);
}

static void rst_dgram_ipv6(struct sk_buff *skb, const struct vzcpt_img_dgram *g, u8 proto,
			   int ifindex)
{
	unsigned int len = skb->len;
	struct ipv6hdr *h = skb_push(skb, sizeof(*h));

	skb_reset_network_header(skb);
	ip6_flow_hdr(h, g->tos, 0);
	h->payload_len = htons(len);
	h->nexthdr = proto;
	h->hop_limit = g->ttl;
	memcpy(&h->saddr, g->saddr, 16);
	memcpy(&h->daddr, g->daddr, 16);
	skb->protocol = htons(ETH_P_IPV6);
	memset(skb->cb, 0, sizeof(skb->cb));
	IP6CB(skb)->iif = ifindex;
	IP6CB(skb)->nhoff = offsetof(struct ipv6hdr, nexthdr);
}

static struct sk_buff *rst_dgram_skb(const struct vzcpt_img_inet *r,
				     const struct vzcpt_img_dgram *g, int ifindex)
{
	unsigned int hlen = sizeof(struct ipv6hdr) + sizeof(struct udphdr);
	bool udp = vz_inet_udp(r->type, r->protocol);
	struct sk_buff *skb = alloc_skb(hlen + g->len, GFP_KERNEL);
	struct udphdr *uh;

	if (!skb)
		return NULL;
	skb_reserve(skb, hlen);
	skb_put_data(skb, g + 1, g->len);
	if (r->type == SOCK_RAW && r->family == AF_INET) {
		/* The packet from its IP header, as raw_rcv() queues it (img_raw4_ok()). */
		skb_reset_network_header(skb);
		skb_set_transport_header(skb, ip_hdrlen(skb));
		rst_dgram_pktinfo(skb, g, ifindex);
		return skb;
	}
	if (udp) {
		uh = skb_push(skb, sizeof(*uh));
		uh->source = htons(g->sport);
		uh->dest = htons(r->sport);
		uh->len = htons(sizeof(*uh) + g->len);
		uh->check = 0;
	}
	skb_reset_transport_header(skb);
	if (g->family == AF_INET6)
		rst_dgram_ipv6(skb, g, r->protocol, ifindex);
	else
		rst_dgram_ip(skb, g, r->protocol, ifindex);
	/* Back to what a read returns, as udp_queue_rcv_one_skb() and ping_rcv() leave it. */
	skb_pull(skb, skb_transport_offset(skb) + (udp ? sizeof(*uh) : 0));
	skb->ip_summed = CHECKSUM_UNNECESSARY;
	return skb;
}

/* As from the softirq UDP's is called in: its queue lock is not taken with _bh. */
static int rst_dgram_enqueue(struct sock *sk, struct sk_buff *skb)
{
	int err;

	if (!vz_inet_udp(sk->sk_type, sk->sk_protocol))
		return __sock_queue_rcv_skb(sk, skb);
	local_bh_disable();
	err = __udp_enqueue_schedule_skb(sk, skb);
	local_bh_enable();
	return err;
}

int rst_dgram_queue(struct rst_context *ctx, struct sock *sk, const struct vzcpt_img_inet *r,
		    const void *dgrams, u32 len)
{
	const struct vzcpt_img_dgram *g = dgrams;
	struct sk_buff *skb;
	unsigned int i;
	int err, ifindex;

	/* Checked (img_check.c): @nr_dgrams of them, each within @len. */
	for (i = 0; i < r->nr_dgrams; i++) {
		ifindex = 0;
		if (g->dev[0]) {
			ifindex = rst_dev_ifindex(ctx, sock_net(sk), g->dev, "a queued datagram");
			if (!ifindex)
				return -ENODEV;
		}
		skb = rst_dgram_skb(r, g, ifindex);
		if (!skb)
			return -ENOMEM;
		err = rst_dgram_enqueue(sk, skb);
		if (err) {
			kfree_skb(skb);
			rst_err(ctx, "task %d (%s): a socket's receive buffer (%d bytes) does not take its datagram %u of %u back (error %d)",
				task_pid_vnr(current), current->comm, READ_ONCE(sk->sk_rcvbuf),
				i + 1, r->nr_dgrams, err);
			return err;
		}
		g = (const void *)((const u8 *)(g + 1) + ALIGN(g->len, 8));
	}
	return 0;
}
