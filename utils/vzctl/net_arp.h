/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT's addresses on the host's LANs (OpenVZ's vzarp and arpsend): proxy
 * ARP entries on the host devices whose network holds them, and a
 * gratuitous ARP there when the CT comes up. Best effort, warnings only.
 */
#ifndef VZCTL_NET_ARP_H
#define VZCTL_NET_ARP_H

#include <netinet/in.h>

/* Answer ARP for @ips on each LAN of the host that holds one, and announce them there. */
void net_arp_announce(unsigned int ctid, const struct in_addr *ips, int n);

/* Remove our proxy entries whose address no CT here has any more (no /32 route to it). */
void net_arp_prune(void);

#endif
