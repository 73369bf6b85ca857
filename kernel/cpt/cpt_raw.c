// SPDX-License-Identifier: GPL-2.0
/*
 * A raw socket's own state, beyond what every inet socket has: its ICMP
 * filter (ICMP_FILTER, ICMP6_FILTER), IP_HDRINCL and, on IPv6, the offset
 * of the checksum the kernel computes (IPV6_CHECKSUM). A raw socket in a
 * multicast routing table (MRT_INIT, MRT6_INIT, MRT_TABLE, MRT6_TABLE) or
 * receiving router alerts (IP_ROUTER_ALERT, IPV6_ROUTER_ALERT) refuses the
 * dump: the restore has no way to put it back in the kernel's tables.
 *
 * Read from struct raw_sock and raw6_sock: getsockopt() copies to user
 * memory only, and no interface tells whether a socket is on a router
 * alert chain. IPv6's chain (ip6_ra_chain, under ip6_ra_lock) is not
 * exported; it is reached through kallsyms (cpt_main.c's table).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <linux/vzcpt_image.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/raw.h>
#include <net/sock.h>

#include "cpt_inet.h"
#include "cpt_ksyms.h"

/* Whether @sk is on its namespace's IPv4 router alert chain (ip_ra_control()). */
static bool cpt_ra4(struct sock *sk)
{
	struct ip_ra_chain *ra;
	bool on = false;

	rcu_read_lock();
	for (ra = rcu_dereference(sock_net(sk)->ipv4.ra_chain); ra && !on;
	     ra = rcu_dereference(ra->next))
		on = ra->sk == sk;
	rcu_read_unlock();
	return on;
}

/* Whether @sk is on IPv6's router alert chain (ip6_ra_control()), one for all namespaces. */
static bool cpt_ra6(struct sock *sk)
{
	struct ip6_ra_chain *ra;
	bool on = false;

	read_lock_bh(ksym_ip6_ra_lock);
	for (ra = *ksym_ip6_ra_chain; ra && !on; ra = ra->next)
		on = ra->sk == sk;
	read_unlock_bh(ksym_ip6_ra_lock);
	return on;
}

const char *cpt_raw_opts(struct sock *sk, struct vzcpt_img_inet *r)
{
	bool v6 = sk->sk_family == AF_INET6;

	/*
	 * MRT_INIT puts the IPv4 socket on the router alert chain (below);
	 * MRT6_INIT counts in the namespace's mc_forwarding, which only a raw
	 * ICMPv6 socket of the CT (there is no other in its namespace) can have
	 * raised: each such socket is refused while it is on.
	 */
	if (v6 && sk->sk_protocol == IPPROTO_ICMPV6 &&
	    atomic_read(&sock_net(sk)->ipv6.devconf_all->mc_forwarding))
		return "IPv6 multicast routing on in its namespace (MRT6_INIT)";
	if (v6 ? raw6_sk(sk)->ip6mr_table : raw_sk(sk)->ipmr_table)
		return "a multicast routing table (MRT_TABLE or MRT6_TABLE)";
	if (v6 ? cpt_ra6(sk) : cpt_ra4(sk))
		return "router alerts (IP_ROUTER_ALERT or IPV6_ROUTER_ALERT)";
	if (inet_sk(sk)->hdrincl)
		r->flags |= VZCPT_INET_HDRINCL;
	if (!v6) {
		if (sk->sk_protocol == IPPROTO_ICMP)
			r->icmp_filter[0] = raw_sk(sk)->filter.data;
		return NULL;
	}
	if (sk->sk_protocol == IPPROTO_ICMPV6)
		memcpy(r->icmp_filter, raw6_sk(sk)->filter.data, sizeof(r->icmp_filter));
	if (raw6_sk(sk)->checksum)
		r->raw_checksum = raw6_sk(sk)->offset;
	return NULL;
}
