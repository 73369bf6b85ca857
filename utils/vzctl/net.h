/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT's network, venet-like, over rtnetlink with libmnl: a veth pair whose
 * host end is named "veth<CTID>" and whose other end becomes "eth0" in the
 * CT's network namespace; the CT's addresses are /32 on eth0 with a default
 * route through the link, and the host routes each address to the host end.
 */
#ifndef VZCTL_NET_H
#define VZCTL_NET_H

#include <stddef.h>
#include <sys/types.h>

/* The host end's name for CT @ctid ("veth101"). */
void net_host_ifname(unsigned int ctid, char *buf, size_t len);

/*
 * Create the pair, move the CT end into the network namespace of @pid as
 * eth0, bring up lo and eth0 in there, give eth0 @ips (a.b.c.d or
 * a.b.c.d/n; nr_ips may be 0) with a default route via the link, turn
 * proxy ARP / forwarding on for the host end, and, if @host_up, bring the
 * host end up with a route per address (else net_link_set() does, later).
 * 0, or -1 with a reason in @err; on failure nothing is left behind.
 */
int net_setup(unsigned int ctid, pid_t pid, const char ips[][64], int nr_ips, int host_up,
	      char *err, size_t errlen);

/* Add or remove one address on a running CT (eth0 inside, route on the host). */
int net_add_ip(unsigned int ctid, pid_t pid, const char *ip, char *err, size_t errlen);
int net_del_ip(unsigned int ctid, pid_t pid, const char *ip, char *err, size_t errlen);

/*
 * Take the CT's link down or up from the host side; up puts the host's
 * routes to the CT's addresses back. A restore brings it up only once the
 * kernel holds the CT's network: before, the new namespace, with no socket
 * yet, would answer a peer's packet with a reset.
 */
int net_link_set(unsigned int ctid, int up, char *err, size_t errlen);

/*
 * Wait (at most 3 s) for the carrier of the CT's link, which the kernel
 * reports up to a second after the link came up; until then the host drops
 * what it sends to the CT.
 */
void net_wait_carrier(unsigned int ctid);

/*
 * Is @ip (a.b.c.d[/n]) taken: an address of the host, or routed by a /32
 * host route (another CT's)? 1 with the owner in @who ("this host",
 * "veth102"), 0 if free, -errno on a bad address or a failed lookup.
 * net_setup and net_add_ip refuse a taken address themselves; this lets
 * the caller tell that case apart (VZ_IP_INUSE).
 */
int net_ip_in_use(const char *ip, char *who, size_t len);

/* Remove the host end (which takes the pair and its routes); 0 if it is not there. */
int net_teardown(unsigned int ctid);


#endif
