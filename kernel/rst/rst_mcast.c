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

/* An address of @family in @ss: the first 4 of @addr's bytes for IPv4. */
static void rst_mc_sockaddr(struct __kernel_sockaddr_storage *ss, u16 family, const u8 *addr)
{
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)ss;

	if (family == AF_INET6) {
		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, addr, sizeof(sin6->sin6_addr));
	} else {
		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, addr, sizeof(sin->sin_addr));
	}
}

/*
 * The filter of sources of a group just joined (for any source): its mode
 * and list in one MCAST_MSFILTER, as the socket's own filter has them; the
 * namespace's igmp_max_msf bounds the list as it did the task's.
 */
static int rst_mc_filter(struct rst_context *ctx, struct socket *sock,
			 const struct vzcpt_img_mcast_group *g, int ifindex, const u8 (*src)[16])
{
	size_t len = GROUP_FILTER_SIZE(g->nr_sources);
	struct group_filter *gf;
	u32 i;
	int err;

	if (g->mode == VZCPT_MCAST_EXCLUDE && !g->nr_sources)
		return 0;
	gf = kvzalloc(len, GFP_KERNEL);
	if (!gf)
		return -ENOMEM;
	gf->gf_interface = ifindex;
	rst_mc_sockaddr(&gf->gf_group, g->family, g->group);
	gf->gf_fmode = g->mode == VZCPT_MCAST_INCLUDE ? MCAST_INCLUDE : MCAST_EXCLUDE;
	gf->gf_numsrc = g->nr_sources;
	for (i = 0; i < g->nr_sources; i++)
		rst_mc_sockaddr(&gf->gf_slist_flex[i], g->family, src[i]);
	err = rst_inet_setopt(ctx, sock, g->family == AF_INET6 ? SOL_IPV6 : SOL_IP, MCAST_MSFILTER,
			      gf, len, "a multicast membership's sources (MCAST_MSFILTER)");
	kvfree(gf);
	return err;
}

/* Joins group @g for any source, then sets its sources (@src, its own) if it has a filter. */
static int rst_mc_join(struct rst_context *ctx, struct socket *sock,
		       const struct vzcpt_img_mcast_group *g, const u8 (*src)[16])
{
	struct ipv6_mreq m6 = {};
	struct ip_mreqn m4 = {};
	int ifindex = rst_mc_dev(ctx, sock, g->dev, "a multicast membership");
	int err;

	if (ifindex < 0)
		return ifindex;
	if (g->family == AF_INET6) {
		memcpy(&m6.ipv6mr_multiaddr, g->group, sizeof(m6.ipv6mr_multiaddr));
		m6.ipv6mr_ifindex = ifindex;
		err = rst_inet_setopt(ctx, sock, SOL_IPV6, IPV6_ADD_MEMBERSHIP, &m6, sizeof(m6),
				      "an IPv6 multicast membership");
	} else {
		memcpy(&m4.imr_multiaddr, g->group, sizeof(m4.imr_multiaddr));
		memcpy(&m4.imr_address, g->local, sizeof(m4.imr_address));
		m4.imr_ifindex = ifindex;
		err = rst_inet_setopt(ctx, sock, SOL_IP, IP_ADD_MEMBERSHIP, &m4, sizeof(m4),
				      "an IPv4 multicast membership");
	}
	return err ?: rst_mc_filter(ctx, sock, g, ifindex, src);
}

int rst_inet_mcast(struct rst_context *ctx)
{
	const struct vzcpt_img_mcast *r = ctx->rd.buf;
	const struct vzcpt_img_mcast_group *g;
	const u8 (*src)[16];
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
	/* Checked: the groups, then as many sources as they have in all. */
	g = (const struct vzcpt_img_mcast_group *)(r + 1);
	src = (const u8 (*)[16])(g + r->nr_groups);
	for (i = 0; !err && i < r->nr_groups; src += g[i].nr_sources, i++)
		err = rst_mc_join(ctx, sock, &g[i], src);
	return err;
}
