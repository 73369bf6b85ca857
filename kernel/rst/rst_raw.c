// SPDX-License-Identifier: GPL-2.0
/*
 * A raw socket's own options, set back through its protocol's setsockopt
 * so that each passes the kernel's checks: IP_HDRINCL or IPV6_HDRINCL, the
 * ICMP filter (ICMP_FILTER, ICMP6_FILTER), and on IPv6 the offset of the
 * checksum the kernel computes (IPV6_CHECKSUM, at SOL_RAW, the one level
 * that takes it on ICMPv6 too). Each only where it differs from what a new
 * socket has. The record was checked by img_check_inet().
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/sockptr.h>
#include <linux/vzcpt_image.h>
#include <net/inet_sock.h>
#include <net/sock.h>

#include "rst_context.h"
#include "rst_inet.h"

int rst_raw_opts(struct rst_context *ctx, struct socket *sock, const struct vzcpt_img_inet *r)
{
	bool v6 = r->family == AF_INET6;
	int hdrincl = !!(r->flags & VZCPT_INET_HDRINCL), sum = r->raw_checksum, err = 0;

	/* IPPROTO_RAW sockets are made with it on. */
	if (hdrincl != inet_sk(sock->sk)->hdrincl)
		err = rst_inet_setopt(ctx, sock, v6 ? SOL_IPV6 : SOL_IP,
				      v6 ? IPV6_HDRINCL : IP_HDRINCL, &hdrincl, sizeof(hdrincl),
				      "IP_HDRINCL");
	if (err)
		return err;
	if (!v6)
		return r->icmp_filter[0] ?
		       rst_inet_setopt(ctx, sock, SOL_RAW, ICMP_FILTER, &r->icmp_filter[0],
				       sizeof(struct icmp_filter), "ICMP_FILTER") : 0;
	if (memchr_inv(r->icmp_filter, 0, sizeof(r->icmp_filter)))
		err = rst_inet_setopt(ctx, sock, SOL_ICMPV6, ICMPV6_FILTER, r->icmp_filter,
				      sizeof(struct icmp6_filter), "ICMP6_FILTER");
	/* rawv6_init_sk() gives ICMPv6 a checksum at offset 2, and other protocols none. */
	if (!err && sum != (r->protocol == IPPROTO_ICMPV6 ? 2 : VZCPT_INET_NO_CHECKSUM))
		err = rst_inet_setopt(ctx, sock, SOL_RAW, IPV6_CHECKSUM, &sum, sizeof(sum),
				      "IPV6_CHECKSUM");
	return err;
}
