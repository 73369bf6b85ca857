// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the datagrams a UDP, ping or raw socket holds for its reader, oldest
 * first: for UDP the ones udp_recvmsg() moved to its reader queue, then the
 * receive queue. Each as a read returns it (skb->data on: a UDP payload, a
 * ping socket's ICMP message, a raw IPv4 socket's whole packet, a raw IPv6
 * socket's payload), with what recvfrom() and the socket's ancillary data
 * report of it (source address and port, destination, interface, TTL, TOS),
 * read from the headers it arrived with, which stay in the buffer.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/udp.h>
#include <linux/vzcpt_image.h>
#include <net/dsfield.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "../common/vz_inet.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_inet.h"
#include "cpt_sock.h"

/* -ENODEV if the device it came in by is gone: a restore has its name only. */
static int cpt_dgram_head(struct sock *sk, struct sk_buff *skb, struct vzcpt_img_dgram *g)
{
	int ifindex;

	g->len = skb->len;
	if (vz_inet_udp(sk->sk_type, sk->sk_protocol))
		g->sport = ntohs(udp_hdr(skb)->source);
	if (skb->protocol == htons(ETH_P_IPV6)) {
		const struct ipv6hdr *h = ipv6_hdr(skb);

		g->family = AF_INET6;
		memcpy(g->saddr, &h->saddr, 16);
		memcpy(g->daddr, &h->daddr, 16);
		ifindex = IP6CB(skb)->iif;
		g->ttl = h->hop_limit;
		g->tos = ipv6_get_dsfield(h);
	} else {
		const struct iphdr *h = ip_hdr(skb);

		g->family = AF_INET;
		memcpy(g->saddr, &h->saddr, 4);
		memcpy(g->daddr, &h->daddr, 4);
		/* Set by ipv4_pktinfo_prepare() when the socket asked for it, else 0. */
		ifindex = PKTINFO_SKB_CB(skb)->ipi_ifindex;
		g->ttl = h->ttl;
		g->tos = h->tos;
	}
	return ifindex && !cpt_dev_name(sock_net(sk), ifindex, g->dev) ? -ENODEV : 0;
}

/*
 * As the protocol queued it: its headers in front of its data, a raw IPv4
 * socket's data from its IP header, a raw IPv6 socket's (which the restore
 * gives an IPv6 header of its own) with no extension header between.
 */
static bool cpt_dgram_as_received(struct sock *sk, struct sk_buff *skb)
{
	bool v6 = skb->protocol == htons(ETH_P_IPV6);

	if (!skb_transport_header_was_set(skb) ||
	    skb->network_header >= skb->transport_header ||
	    (!v6 && skb->protocol != htons(ETH_P_IP)))
		return false;
	if (sk->sk_type != SOCK_RAW)
		return true;
	if (sk->sk_family == AF_INET)
		return !v6 && skb->data == skb_network_header(skb);
	return v6 && ipv6_hdr(skb)->nexthdr == sk->sk_protocol &&
	       skb_network_header_len(skb) == sizeof(struct ipv6hdr) &&
	       skb->data == skb_transport_header(skb);
}

/*
 * The image's account of @skb, queued on socket @arg; -EPROTO if it is not as
 * received, -ENODEV if its device is gone.
 */
static int cpt_dgram_msg(void *arg, struct sk_buff *skb, void *hdr)
{
	struct sock *sk = arg;

	if (!cpt_dgram_as_received(sk, skb))
		return -EPROTO;
	return cpt_dgram_head(sk, skb, hdr);
}

int cpt_dgram_queue(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_inet *r,
		    void **buf, u32 *len)
{
	struct cpt_skb_walk w = {
		.head = cpt_dgram_msg, .arg = sk, .hlen = sizeof(struct vzcpt_img_dgram),
	};
	bool udp = vz_inet_udp(sk->sk_type, sk->sk_protocol);
	int err;

	/* UDP's oldest are those udp_recvmsg() moved to its reader queue. */
	err = cpt_skb_collect(udp ? &udp_sk(sk)->reader_queue : &sk->sk_receive_queue,
			      udp ? &sk->sk_receive_queue : NULL, &w,
			      VZCPT_REC_MAX_LEN - sizeof(*r), buf);
	if (err == -ENOMEM)
		return err;
	/* The CT's packets are held: nothing can join the queues meanwhile. */
	if (err) {
		cpt_err(d->ctx, "%s's %u queued datagrams %s", cpt_inet_name(sk), w.n,
			err == -EFBIG ? "exceed what an image record holds" :
			err == -EPROTO ?
			"are not as received (an IP header missing, or IPv6 extension headers)" :
			err == -ENODEV ? "include one that came in by a device since removed" :
			"changed during the dump");
		return -EOPNOTSUPP;
	}
	*len = w.used;
	r->nr_dgrams = w.n;
	return 0;
}
