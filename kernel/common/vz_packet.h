/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What af_packet.c keeps in a queued packet's control block (its struct
 * packet_skb_cb, private to that file): the sockaddr_ll recvmsg() reports,
 * whose first four bytes (family and protocol, filled in at the read) hold
 * the packet's length on the wire. No interface reads or writes a queued
 * packet's address: the dump reads it here, the restore writes it here.
 * The dump checks each packet's against what it can check (its length on
 * the wire at least its length, an address length and packet type the
 * kernel can have set), so that a kernel laid out otherwise is refused.
 */
#ifndef _VZ_PACKET_H
#define _VZ_PACKET_H

#include <linux/build_bug.h>
#include <linux/if_packet.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

struct vz_packet_cb {
	union {
		unsigned int origlen;
		struct sockaddr_ll ll;
	};
	/* sll_addr is 8 bytes; packet_rcv() writes up to MAX_ADDR_LEN from it. */
	u8 addr_rest[MAX_ADDR_LEN - 8];
};

static inline struct vz_packet_cb *vz_packet_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct vz_packet_cb) > sizeof(skb->cb) - sizeof(u32));
	return (struct vz_packet_cb *)skb->cb;
}

#endif
