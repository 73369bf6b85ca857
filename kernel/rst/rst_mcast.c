// SPDX-License-Identifier: GPL-2.0
/*
 * Restore a UDP, ping or raw socket's multicast state (an INET_MCAST
 * record, right after its INET record: cpt_mcast.c) through the socket's
 * own setsockopt, as its task set it: the options it sends with, then its
 * groups in the order it joined them, each device by its name in the CT's
 * namespace. A join tells the device's neighbours (IGMP, MLD) as the
 * task's did.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "rst_context.h"
#include "rst_inet.h"
#include "rst_sock.h"

static int rst_mc_int(struct rst_context *ctx, struct socket *sock, int level, int name, int val,
		      const char *what)
{
	return rst_inet_setopt(ctx, sock, level, name, &val, sizeof(val), what);
}

/* @name's ifindex in the socket's namespace; "" is none (0); -ENODEV gone. */
static int rst_mc_dev(struct rst_context *ctx, struct socket *sock, const char *name,
		      const char *what)
{
	if (!name[0])
		return 0;
	return rst_dev_ifindex(ctx, sock_net(sock->sk), name, what) ?: -ENODEV;
}

/*
 * The IPv4 options; a raw IPv6 socket takes none at the IP level, and the
 * image gives it a new one's (img_check.c), so each is set only where it
 * is not a new socket's.
 */
static int rst_mc_opts4(struct rst_context *ctx, struct socket *sock,
			const struct vzcpt_img_mcast *r)
{
	bool all = sock->sk->sk_family == AF_INET;
	struct ip_mreqn mreq = {};
	int err = 0;

	if (r->ttl != 1)
		err = rst_mc_int(ctx, sock, SOL_IP, IP_MULTICAST_TTL, r->ttl, "IP_MULTICAST_TTL");
	if (!err && !(r->flags & VZCPT_MCAST_LOOP4))
		err = rst_mc_int(ctx, sock, SOL_IP, IP_MULTICAST_LOOP, 0, "IP_MULTICAST_LOOP");
	if (!err && !!(r->flags & VZCPT_MCAST_ALL4) != all)
		err = rst_mc_int(ctx, sock, SOL_IP, IP_MULTICAST_ALL, !all, "IP_MULTICAST_ALL");
	if (err || !r->if4_dev[0])
		return err;
	mreq.imr_ifindex = rst_mc_dev(ctx, sock, r->if4_dev, "IP_MULTICAST_IF");
	if (mreq.imr_ifindex < 0)
		return mreq.imr_ifindex;
	memcpy(&mreq.imr_address, r->if4_addr, sizeof(mreq.imr_address));
	return rst_inet_setopt(ctx, sock, SOL_IP, IP_MULTICAST_IF, &mreq, sizeof(mreq),
			       "IP_MULTICAST_IF");
}

static int rst_mc_opts6(struct rst_context *ctx, struct socket *sock,
			const struct vzcpt_img_mcast *r)
{
	int err = 0, oif;

	if (r->hops != -1)
		err = rst_mc_int(ctx, sock, SOL_IPV6, IPV6_MULTICAST_HOPS, r->hops,
				 "IPV6_MULTICAST_HOPS");
	if (!err && !(r->flags & VZCPT_MCAST_LOOP6))
		err = rst_mc_int(ctx, sock, SOL_IPV6, IPV6_MULTICAST_LOOP, 0,
				 "IPV6_MULTICAST_LOOP");
	if (!err && !(r->flags & VZCPT_MCAST_ALL6))
		err = rst_mc_int(ctx, sock, SOL_IPV6, IPV6_MULTICAST_ALL, 0, "IPV6_MULTICAST_ALL");
	if (err || !r->if6_dev[0])
		return err;
	oif = rst_mc_dev(ctx, sock, r->if6_dev, "IPV6_MULTICAST_IF");
	return oif < 0 ? oif :
	       rst_mc_int(ctx, sock, SOL_IPV6, IPV6_MULTICAST_IF, oif, "IPV6_MULTICAST_IF");
}

static int rst_mc_join(struct rst_context *ctx, struct socket *sock,
		       const struct vzcpt_img_mcast_group *g)
{
	struct ipv6_mreq m6 = {};
	struct ip_mreqn m4 = {};
	int ifindex = rst_mc_dev(ctx, sock, g->dev, "a multicast membership");

	if (ifindex < 0)
		return ifindex;
	if (g->family == AF_INET6) {
		memcpy(&m6.ipv6mr_multiaddr, g->group, sizeof(m6.ipv6mr_multiaddr));
		m6.ipv6mr_ifindex = ifindex;
		return rst_inet_setopt(ctx, sock, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6,
				       sizeof(m6), "an IPv6 multicast membership");
	}
	memcpy(&m4.imr_multiaddr, g->group, sizeof(m4.imr_multiaddr));
	memcpy(&m4.imr_address, g->local, sizeof(m4.imr_address));
	m4.imr_ifindex = ifindex;
	return rst_inet_setopt(ctx, sock, SOL_IP, IP_ADD_MEMBERSHIP, &m4, sizeof(m4),
			       "an IPv4 multicast membership");
}

int rst_inet_mcast(struct rst_context *ctx)
{
	const struct vzcpt_img_mcast *r = ctx->rd.buf;
	const struct vzcpt_img_mcast_group *g;
	struct socket *sock;
	u32 i;
	int err;

	/* Checked (img_check.c): of a datagram or raw socket. */
	sock = rst_sock_of_rec(ctx, VZCPT_REC_INET_MCAST, sizeof(*r), "multicast state");
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	err = rst_mc_opts4(ctx, sock, r);
	if (!err && sock->sk->sk_family == AF_INET6)
		err = rst_mc_opts6(ctx, sock, r);
	g = (const struct vzcpt_img_mcast_group *)(r + 1);
	for (i = 0; !err && i < r->nr_groups; i++)
		err = rst_mc_join(ctx, sock, &g[i]);
	return err;
}
