/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_INET_H
#define _VZ_INET_H

#include <linux/in.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/types.h>

/* A UDP socket: a raw socket of protocol IPPROTO_UDP is a raw socket, with no UDP state. */
static inline bool vz_inet_udp(u16 type, u16 protocol)
{
	return type == SOCK_DGRAM && protocol == IPPROTO_UDP;
}

/* What the dump and the restore call an inet socket: "a TCP/IPv6 socket", "a raw IPv4 socket". */
static inline const char *vz_inet_name(u16 family, u16 type, u16 protocol)
{
	bool v6 = family == AF_INET6;

	if (type == SOCK_STREAM)
		return v6 ? "a TCP/IPv6 socket" : "a TCP/IPv4 socket";
	if (type == SOCK_RAW)
		return v6 ? "a raw IPv6 socket" : "a raw IPv4 socket";
	if (!vz_inet_udp(type, protocol))
		return v6 ? "a ping/IPv6 socket" : "a ping/IPv4 socket";
	return v6 ? "a UDP/IPv6 socket" : "a UDP/IPv4 socket";
}

#endif /* _VZ_INET_H */
