/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_NETLINK_H
#define _VZ_NETLINK_H

#include <linux/netlink.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <net/sock.h>

/*
 * The kernel's struct netlink_sock (net/netlink/af_netlink.h of this 6.1
 * kernel), private to net/netlink, up to the fields used. A module reaches
 * its socket options only through netlink_getsockopt(), which writes to
 * user memory, and the groups past the first 32 (NETLINK_LIST_MEMBERSHIPS)
 * and a dump in progress (cb_running) not at all; netlink_diag gives
 * neither NETLINK_EXT_ACK nor NETLINK_GET_STRICT_CHK. The dump checks this
 * layout against what netlink_getname() reports of the same socket.
 */
struct vz_netlink_sock {
	struct sock sk;
	unsigned long flags;		/* VZ_NETLINK_F_* bits */
	u32 portid;
	u32 dst_portid;
	u32 dst_group;
	u32 subscriptions;
	u32 ngroups;
	unsigned long *groups;		/* under nl_table_lock */
	unsigned long state;
	size_t max_recvmsg_len;
	wait_queue_head_t wait;
	bool bound;
	bool cb_running;		/* a dump (NLM_F_DUMP) request is being answered */
};

/* af_netlink.h's NETLINK_F_* bit numbers of @flags. */
enum {
	VZ_NETLINK_F_KERNEL_SOCKET,
	VZ_NETLINK_F_RECV_PKTINFO,
	VZ_NETLINK_F_BROADCAST_SEND_ERROR,
	VZ_NETLINK_F_RECV_NO_ENOBUFS,
	VZ_NETLINK_F_LISTEN_ALL_NSID,
	VZ_NETLINK_F_CAP_ACK,
	VZ_NETLINK_F_EXT_ACK,
	VZ_NETLINK_F_STRICT_CHK,
	VZ_NETLINK_F_NR
};

static inline struct vz_netlink_sock *vz_nlk_sk(struct sock *sk)
{
	return container_of(sk, struct vz_netlink_sock, sk);
}

/* Exported (GPL) for netlink_diag: guards every socket's @groups. */
extern rwlock_t nl_table_lock;

#endif /* _VZ_NETLINK_H */
