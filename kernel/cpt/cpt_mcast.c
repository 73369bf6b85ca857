// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the multicast state of a UDP, ping or raw socket as an INET_MCAST
 * record right after its INET record: the options it sends with
 * (IP_MULTICAST_TTL, _LOOP, _IF, _ALL and their IPv6 forms) and the groups
 * it joined (keepalived's VRRP group, avahi's mDNS group, an IPTV client's
 * channel of chosen sources), each device by its name, each with its
 * filter of sources. A socket whose state is a new one's has no record.
 *
 * Read from struct inet_sock's mc_* fields, struct ipv6_pinfo's mcast_*
 * and mc_* fields, and their membership lists (struct ip_mc_socklist,
 * struct ipv6_mc_socklist), under the RTNL that changes the lists:
 * IP_MULTICAST_* getsockopt copies to user memory only, and no call lists
 * a socket's groups.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/igmp.h>
#include <linux/in.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/rtnetlink.h>
#include <linux/vzcpt_image.h>
#include <net/if_inet6.h>
#include <net/inet_sock.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_inet.h"
#include "cpt_sock.h"

/* What a new socket of @sk's family has (inet_create(), inet6_create()). */
static bool cpt_mcast_new(struct sock *sk, const struct vzcpt_img_mcast *r)
{
	bool v6 = sk->sk_family == AF_INET6;
	u32 flags = VZCPT_MCAST_LOOP4 | (v6 ? VZCPT_MCAST_LOOP6 | VZCPT_MCAST_ALL6 :
						 VZCPT_MCAST_ALL4);

	return !r->nr_groups && r->flags == flags && r->ttl == 1 && r->hops == (v6 ? -1 : 0) &&
	       !r->if4_dev[0] && !r->if6_dev[0];
}

/* The sending options; false for a device that is gone. */
static bool cpt_mcast_opts(struct sock *sk, struct vzcpt_img_mcast *r)
{
	struct inet_sock *inet = inet_sk(sk);
	const struct ipv6_pinfo *np;

	r->ttl = inet->mc_ttl;
	if (inet->mc_loop)
		r->flags |= VZCPT_MCAST_LOOP4;
	if (inet->mc_all)
		r->flags |= VZCPT_MCAST_ALL4;
	memcpy(r->if4_addr, &inet->mc_addr, sizeof(r->if4_addr));
	if (inet->mc_index && !cpt_dev_name(sock_net(sk), inet->mc_index, r->if4_dev))
		return false;
	if (sk->sk_family != AF_INET6)
		return true;
	np = inet6_sk(sk);
	r->hops = np->mcast_hops;
	if (np->mc_loop)
		r->flags |= VZCPT_MCAST_LOOP6;
	if (np->mc_all)
		r->flags |= VZCPT_MCAST_ALL6;
	return !np->mcast_oif || cpt_dev_name(sock_net(sk), np->mcast_oif, r->if6_dev);
}

/* How many sources a membership's filter names (its list, under the RTNL). */
static u32 cpt_mcast_nsrc4(struct ip_mc_socklist *m4)
{
	struct ip_sf_socklist *sf = rtnl_dereference(m4->sflist);

	return sf ? sf->sl_count : 0;
}

static u32 cpt_mcast_nsrc6(struct ipv6_mc_socklist *m6)
{
	struct ip6_sf_socklist *sf = rtnl_dereference(m6->sflist);

	return sf ? sf->sl_count : 0;
}

/*
 * The groups @sk joined, oldest first, into @g (@n4 IPv4, then @n6 IPv6),
 * and after them their sources, group by group; or why not.
 */
static const char *cpt_mcast_groups(struct sock *sk, struct vzcpt_img_mcast_group *g,
				    u32 n4, u32 n6, u32 nsrc)
{
	const struct ipv6_pinfo *np = sk->sk_family == AF_INET6 ? inet6_sk(sk) : NULL;
	u8 (*src)[16] = (u8 (*)[16])(g + n4 + n6) + nsrc;
	struct ip_mc_socklist *m4;
	struct ipv6_mc_socklist *m6;
	struct ip_sf_socklist *sf4;
	struct ip6_sf_socklist *sf6;
	u32 i = n4 + n6, j;

	/*
	 * The kernel puts the newest first: fill from the end, the IPv6
	 * groups' first, as their sources come last.
	 */
	for (m6 = np ? rtnl_dereference(np->ipv6_mc_list) : NULL; m6 && i > n4;
	     m6 = rtnl_dereference(m6->next)) {
		sf6 = rtnl_dereference(m6->sflist);
		g[--i].family = AF_INET6;
		g[i].mode = m6->sfmode == MCAST_INCLUDE ? VZCPT_MCAST_INCLUDE : VZCPT_MCAST_EXCLUDE;
		g[i].nr_sources = cpt_mcast_nsrc6(m6);
		src -= g[i].nr_sources;
		for (j = 0; j < g[i].nr_sources; j++)
			memcpy(src[j], &sf6->sl_addr[j], 16);
		memcpy(g[i].group, &m6->addr, 16);
		if (!cpt_dev_name(sock_net(sk), m6->ifindex, g[i].dev))
			return "an IPv6 multicast membership on a device removed since";
	}
	for (m4 = rtnl_dereference(inet_sk(sk)->mc_list); m4 && i;
	     m4 = rtnl_dereference(m4->next_rcu)) {
		sf4 = rtnl_dereference(m4->sflist);
		g[--i].family = AF_INET;
		g[i].mode = m4->sfmode == MCAST_INCLUDE ? VZCPT_MCAST_INCLUDE : VZCPT_MCAST_EXCLUDE;
		g[i].nr_sources = cpt_mcast_nsrc4(m4);
		src -= g[i].nr_sources;
		for (j = 0; j < g[i].nr_sources; j++)
			memcpy(src[j], &sf4->sl_addr[j], 4);
		memcpy(g[i].group, &m4->multi.imr_multiaddr, 4);
		memcpy(g[i].local, &m4->multi.imr_address, 4);
		if (!cpt_dev_name(sock_net(sk), m4->multi.imr_ifindex, g[i].dev))
			return "an IPv4 multicast membership on a device removed since";
	}
	return NULL;
}

int cpt_inet_mcast(struct cpt_dump *d, struct sock *sk, u64 id)
{
	const struct ipv6_pinfo *np = sk->sk_family == AF_INET6 ? inet6_sk(sk) : NULL;
	struct vzcpt_img_mcast_group *g = NULL;
	struct vzcpt_img_mcast r = {};
	struct ip_mc_socklist *m4;
	struct ipv6_mc_socklist *m6;
	const char *no = NULL;
	u32 n4 = 0, n6 = 0;
	size_t len = 0;
	int err;

	/* A TCP socket joins nothing, and an accepted one has its SYN's options (cpt_inet.c). */
	if (sk->sk_type == SOCK_STREAM)
		return 0;
	/*
	 * Most datagram sockets (a DNS server has many) joined nothing and name
	 * no multicast device: their options alone, which no device lookup
	 * needs, so no RTNL. Their tasks are frozen, and nothing else adds to a
	 * socket's lists.
	 */
	if (!rcu_access_pointer(inet_sk(sk)->mc_list) && !inet_sk(sk)->mc_index &&
	    (!np || (!rcu_access_pointer(np->ipv6_mc_list) && !np->mcast_oif)) &&
	    cpt_mcast_opts(sk, &r))
		return cpt_mcast_new(sk, &r) ? 0 :
		       cpt_write_rec(d, VZCPT_REC_INET_MCAST, id, &r, sizeof(r), NULL, 0);
	rtnl_lock();
	for (m4 = rtnl_dereference(inet_sk(sk)->mc_list); m4; m4 = rtnl_dereference(m4->next_rcu)) {
		n4++;
		r.nr_sources += cpt_mcast_nsrc4(m4);
	}
	for (m6 = np ? rtnl_dereference(np->ipv6_mc_list) : NULL; m6;
	     m6 = rtnl_dereference(m6->next)) {
		n6++;
		r.nr_sources += cpt_mcast_nsrc6(m6);
	}
	r.nr_groups = n4 + n6;
	if (!cpt_mcast_opts(sk, &r))
		no = "IP_MULTICAST_IF or IPV6_MULTICAST_IF naming a device removed since";
	else if (r.nr_groups > VZCPT_MCAST_MAX_GROUPS)
		no = "more multicast memberships than an image carries";
	else if (r.nr_sources > VZCPT_MCAST_MAX_SOURCES)
		no = "more multicast sources than an image carries";
	if (!no && r.nr_groups) {
		len = r.nr_groups * sizeof(*g) + (size_t)r.nr_sources * 16;
		g = kvzalloc(len, GFP_KERNEL);
		no = g ? cpt_mcast_groups(sk, g, n4, n6, r.nr_sources) : NULL;
	}
	rtnl_unlock();
	if (no) {
		kvfree(g);
		cpt_err(d->ctx, "%s with %s cannot be carried yet", cpt_inet_name(sk), no);
		return -EOPNOTSUPP;
	}
	if (r.nr_groups && !g)
		return -ENOMEM;
	err = cpt_mcast_new(sk, &r) ? 0 :
	      cpt_write_rec(d, VZCPT_REC_INET_MCAST, id, &r, sizeof(r), g, len);
	kvfree(g);
	return err;
}
