// SPDX-License-Identifier: GPL-2.0
/*
 * Dump a netlink socket of the CT's network namespace: its protocol
 * (route, uevent, sock_diag, generic; the others are refused by name), type,
 * port id (bound or autobound: programs compare it with what their replies
 * and events say), multicast groups (all of them, past the 32 of bind()),
 * connected peer, NETLINK_* options, and the messages queued to be read,
 * each with the port, group and credentials recvmsg() reports of it.
 *
 * The queue is carried rather than refused: a monitor (ip monitor, udevd,
 * systemd) frozen between an event and its read would make a dump fail at
 * random, and dropping the queue (as CRIU does) loses state silently. A
 * dump request being answered (NLM_F_DUMP: the kernel fills the queue
 * again as it is read, from a callback state no interface carries) is
 * refused: the program asks again after a restore only if it sees an
 * error, and it would see none.
 *
 * The port id and first 32 groups come from netlink_getname(); the rest
 * from struct netlink_sock (common/vz_netlink.h), checked against those.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/mm.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>
#include <net/net_namespace.h>
#include <net/scm.h>
#include <net/sock.h>

#include "../common/vz_netlink.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_sock.h"

static const char cpt_nl_layout[] =
	"disagrees with netlink_getname() (netlink_sock is not laid out as vzcpt expects)";
static const char cpt_nl_dumping[] =
	"is in a dump (NLM_F_DUMP) not read to its end: cannot be carried yet";
static const char cpt_nl_other_ns[] =
	"include one from another network namespace (NETLINK_LISTEN_ALL_NSID): cannot be carried";

static const char * const cpt_nl_protos[MAX_LINKS] = {
	[NETLINK_ROUTE] = "NETLINK_ROUTE", [NETLINK_UNUSED] = "NETLINK_UNUSED",
	[NETLINK_USERSOCK] = "NETLINK_USERSOCK", [NETLINK_FIREWALL] = "NETLINK_FIREWALL",
	[NETLINK_SOCK_DIAG] = "NETLINK_SOCK_DIAG", [NETLINK_NFLOG] = "NETLINK_NFLOG",
	[NETLINK_XFRM] = "NETLINK_XFRM", [NETLINK_SELINUX] = "NETLINK_SELINUX",
	[NETLINK_ISCSI] = "NETLINK_ISCSI", [NETLINK_AUDIT] = "NETLINK_AUDIT",
	[NETLINK_FIB_LOOKUP] = "NETLINK_FIB_LOOKUP", [NETLINK_CONNECTOR] = "NETLINK_CONNECTOR",
	[NETLINK_NETFILTER] = "NETLINK_NETFILTER", [NETLINK_IP6_FW] = "NETLINK_IP6_FW",
	[NETLINK_DNRTMSG] = "NETLINK_DNRTMSG", [NETLINK_KOBJECT_UEVENT] = "NETLINK_KOBJECT_UEVENT",
	[NETLINK_GENERIC] = "NETLINK_GENERIC", [NETLINK_SCSITRANSPORT] = "NETLINK_SCSITRANSPORT",
	[NETLINK_ECRYPTFS] = "NETLINK_ECRYPTFS", [NETLINK_RDMA] = "NETLINK_RDMA",
	[NETLINK_CRYPTO] = "NETLINK_CRYPTO", [NETLINK_SMC] = "NETLINK_SMC",
};

static const char *cpt_nl_proto(int protocol)
{
	if (protocol >= 0 && protocol < MAX_LINKS && cpt_nl_protos[protocol])
		return cpt_nl_protos[protocol];
	return "of an unknown protocol";
}

/* VZ_NETLINK_F_* bits and the VZCPT_NL_* flag each is carried as. */
static const struct {
	int bit;
	u32 flag;
} cpt_nl_flags[] = {
	{ VZ_NETLINK_F_RECV_PKTINFO, VZCPT_NL_PKTINFO },
	{ VZ_NETLINK_F_BROADCAST_SEND_ERROR, VZCPT_NL_BROADCAST_ERROR },
	{ VZ_NETLINK_F_RECV_NO_ENOBUFS, VZCPT_NL_NO_ENOBUFS },
	{ VZ_NETLINK_F_LISTEN_ALL_NSID, VZCPT_NL_LISTEN_ALL_NSID },
	{ VZ_NETLINK_F_CAP_ACK, VZCPT_NL_CAP_ACK },
	{ VZ_NETLINK_F_EXT_ACK, VZCPT_NL_EXT_ACK },
	{ VZ_NETLINK_F_STRICT_CHK, VZCPT_NL_STRICT_CHK },
};

/* The groups into @r; NULL, or what is wrong with them. */
static const char *cpt_nl_groups(struct vz_netlink_sock *nlk, u32 groups0,
				 struct vzcpt_img_netlink *r)
{
	const char *no = NULL;
	unsigned long bit;
	u32 first = 0;

	read_lock(&nl_table_lock);
	if (nlk->groups) {
		for_each_set_bit(bit, nlk->groups, nlk->ngroups) {
			if (bit >= VZCPT_NL_GROUPS) {
				no = "a subscription to a multicast group past 512";
				break;
			}
			r->groups[bit / 64] |= 1ULL << (bit % 64);
		}
		first = (u32)nlk->groups[0];
	}
	read_unlock(&nl_table_lock);
	if (!no && first != groups0)
		no = cpt_nl_layout;
	return no;
}

/* The image's account of @skb, a message queued to be read; @arg: the user namespace. */
static int cpt_nl_msg(void *arg, struct sk_buff *skb, void *hdr)
{
	struct netlink_skb_parms *cb = &NETLINK_CB(skb);
	struct vzcpt_img_nlmsg *m = hdr;
	struct user_namespace *ns = arg;

	/* Set for NETLINK_LISTEN_ALL_NSID: a peer namespace's id, of the host. */
	if (cb->nsid_is_set)
		return -EXDEV;
	if (skb->len > VZCPT_NL_MSG_MAX)
		return -EMSGSIZE;
	m->len = skb->len;
	m->portid = cb->portid;
	m->dst_group = cb->dst_group;
	m->pid = cb->creds.pid;
	m->uid = from_kuid_munged(ns, cb->creds.uid);
	m->gid = from_kgid_munged(ns, cb->creds.gid);
	return 0;
}

static const char *cpt_nl_why(int err)
{
	switch (err) {
	case -EFBIG:
		return "exceed what an image record holds";
	case -EXDEV:
		return cpt_nl_other_ns;
	case -EMSGSIZE:
		return "include one of more than 256 KiB: cannot be carried yet";
	}
	return "changed during the dump";
}

static int cpt_nl_queue(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_netlink *r,
			void **buf, u32 *len)
{
	const struct cred *ic = get_task_cred(d->tasks[0]);
	struct cpt_skb_walk w = {
		.head = cpt_nl_msg, .arg = ic->user_ns, .hlen = sizeof(struct vzcpt_img_nlmsg),
	};
	int err;

	err = cpt_skb_collect(&sk->sk_receive_queue, NULL, &w, VZCPT_REC_MAX_LEN - sizeof(*r),
			      buf);
	put_cred(ic);
	if (err == -ENOMEM)
		return err;
	if (err) {
		cpt_err(d->ctx, "a %s netlink socket's %u queued messages %s",
			cpt_nl_proto(sk->sk_protocol), w.n, cpt_nl_why(err));
		return -EOPNOTSUPP;
	}
	*len = w.used;
	r->nr_msgs = w.n;
	return 0;
}

static const char *cpt_nl_state(struct socket *sock, struct vzcpt_img_netlink *r)
{
	struct sock *sk = sock->sk;
	struct vz_netlink_sock *nlk = vz_nlk_sk(sk);
	struct sockaddr_storage a = {}, b = {};
	struct sockaddr_nl *self = (struct sockaddr_nl *)&a, *peer = (struct sockaddr_nl *)&b;
	unsigned int i;
	int err;

	if (test_bit(VZ_NETLINK_F_KERNEL_SOCKET, &nlk->flags))
		return "is a kernel socket";
	if (READ_ONCE(nlk->cb_running))
		return cpt_nl_dumping;
	err = kernel_getsockname(sock, (struct sockaddr *)self);
	if (err >= 0)
		err = kernel_getpeername(sock, (struct sockaddr *)peer);
	if (err < 0)
		return "gives no address";
	/* The layout's check: the port id netlink_getname() says is the one read. */
	if (self->nl_pid != READ_ONCE(nlk->portid) || peer->nl_pid != READ_ONCE(nlk->dst_portid))
		return cpt_nl_layout;
	r->portid = self->nl_pid;
	if (READ_ONCE(nlk->bound)) {
		if (!r->portid)
			return "is bound with port id 0";
		r->flags |= VZCPT_NL_BOUND;
	} else if (r->portid) {
		return "has a port id but is not bound";
	}
	if (sk->sk_state == NETLINK_CONNECTED) {
		r->flags |= VZCPT_NL_CONNECTED;
		r->dst_portid = peer->nl_pid;
		r->dst_group = peer->nl_groups ? ffs(peer->nl_groups) : 0;
	} else if (peer->nl_pid || peer->nl_groups) {
		return "has a peer but is not connected";
	}
	for (i = 0; i < ARRAY_SIZE(cpt_nl_flags); i++)
		if (test_bit(cpt_nl_flags[i].bit, &nlk->flags))
			r->flags |= cpt_nl_flags[i].flag;
	if (nlk->flags & ~GENMASK(VZ_NETLINK_F_NR - 1, 0))
		return "has options this module does not know";
	return cpt_nl_groups(nlk, self->nl_groups, r);
}

/* An error pending: only the one netlink sets itself when it drops a message. */
static const char *cpt_nl_pending(struct sock *sk, struct vzcpt_img_netlink *r)
{
	int err = READ_ONCE(sk->sk_err);

	if (err == ENOBUFS)
		r->flags |= VZCPT_NL_ENOBUFS;
	else if (err)
		return "has a pending error (SO_ERROR) other than ENOBUFS";
	if (!skb_queue_empty_lockless(&sk->sk_error_queue))
		return "has messages in its error queue (MSG_ERRQUEUE)";
	if (READ_ONCE(sk->sk_peek_off) >= 0)
		return "has SO_PEEK_OFF set";
	return NULL;
}

int cpt_dump_netlink(struct cpt_dump *d, struct socket *sock, u64 id)
{
	struct vzcpt_img_netlink r = {};
	struct sock *sk = sock->sk;
	void *msgs = NULL;
	const char *no;
	u32 mlen = 0;
	int err;

	switch (sk->sk_protocol) {
	case NETLINK_ROUTE:
	case NETLINK_SOCK_DIAG:
	case NETLINK_KOBJECT_UEVENT:
	case NETLINK_GENERIC:
		break;
	default:
		/* Their kernel side keeps state of its own per port (audit, nfnetlink queues). */
		cpt_err(d->ctx, "a netlink socket of protocol %s (%d) cannot be dumped yet",
			cpt_nl_proto(sk->sk_protocol), sk->sk_protocol);
		return -EOPNOTSUPP;
	}
	if (sk->sk_type != SOCK_RAW && sk->sk_type != SOCK_DGRAM) {
		cpt_err(d->ctx, "a %s netlink socket of type %d cannot be dumped",
			cpt_nl_proto(sk->sk_protocol), sk->sk_type);
		return -EOPNOTSUPP;
	}
	no = cpt_sock_netns(d, sk);
	if (no) {
		cpt_err(d->ctx, "a %s netlink socket %s: cannot be dumped",
			cpt_nl_proto(sk->sk_protocol), no);
		return -EOPNOTSUPP;
	}
	err = cpt_sockopt(d, sock->sk, &r.opt);
	if (err)
		return err;
	r.type = sk->sk_type;
	r.protocol = sk->sk_protocol;
	lock_sock(sk);
	no = cpt_nl_state(sock, &r) ?: cpt_nl_pending(sk, &r);
	if (!no)
		err = cpt_nl_queue(d, sk, &r, &msgs, &mlen);
	release_sock(sk);
	if (no) {
		cpt_err(d->ctx, "a %s netlink socket (port id %u) %s",
			cpt_nl_proto(sk->sk_protocol), r.portid, no);
		return -EOPNOTSUPP;
	}
	if (!err)
		err = cpt_write_rec(d, VZCPT_REC_NETLINK, id, &r, sizeof(r), msgs, mlen);
	kvfree(msgs);
	return err ?: cpt_sock_filter(d, sock->sk, id);
}
