// SPDX-License-Identifier: GPL-2.0
/*
 * Restore a netlink socket, in the current task and the CT's network
 * namespace, through the calls a program makes: sock_create(), the
 * NETLINK_* options by the socket's own setsockopt, bind() to its port id
 * (an autobound one too: the kernel takes any free id), each multicast
 * group by NETLINK_ADD_MEMBERSHIP (which the protocol may refuse, as it
 * would the program: rtnetlink's and genetlink's permission checks apply),
 * connect() to its peer; then its queued messages, as netlink queues them.
 * The record was checked by img_check_netlink() before any of this.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/netlink.h>
#include <linux/skbuff.h>
#include <linux/sockptr.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "rst_context.h"
#include "rst_sock.h"

static const char rst_nl_inuse[] = ": another socket of the CT's network namespace has it";

static const char *rst_nl_name(const struct vzcpt_img_netlink *r)
{
	switch (r->protocol) {
	case VZCPT_NETLINK_ROUTE:
		return "a NETLINK_ROUTE socket";
	case VZCPT_NETLINK_SOCK_DIAG:
		return "a NETLINK_SOCK_DIAG socket";
	case VZCPT_NETLINK_UEVENT:
		return "a NETLINK_KOBJECT_UEVENT socket";
	}
	return "a NETLINK_GENERIC socket";
}

static int rst_nl_opt(struct rst_context *ctx, struct socket *sock,
		      const struct vzcpt_img_netlink *r, int name, int val, const char *what)
{
	int err = sock->ops->setsockopt(sock, SOL_NETLINK, name, KERNEL_SOCKPTR(&val),
					sizeof(val));

	if (err)
		rst_err(ctx, "task %d (%s): %s (port id %u) cannot set %s %d again (error %d)",
			task_pid_vnr(current), current->comm, rst_nl_name(r), r->portid, what,
			val, err);
	return err;
}

/* VZCPT_NL_* flags and the options that set each. */
static const struct {
	u32 flag;
	int opt;
	const char *name;
} rst_nl_flags[] = {
	{ VZCPT_NL_PKTINFO, NETLINK_PKTINFO, "NETLINK_PKTINFO" },
	{ VZCPT_NL_BROADCAST_ERROR, NETLINK_BROADCAST_ERROR, "NETLINK_BROADCAST_ERROR" },
	{ VZCPT_NL_NO_ENOBUFS, NETLINK_NO_ENOBUFS, "NETLINK_NO_ENOBUFS" },
	{ VZCPT_NL_LISTEN_ALL_NSID, NETLINK_LISTEN_ALL_NSID, "NETLINK_LISTEN_ALL_NSID" },
	{ VZCPT_NL_CAP_ACK, NETLINK_CAP_ACK, "NETLINK_CAP_ACK" },
	{ VZCPT_NL_EXT_ACK, NETLINK_EXT_ACK, "NETLINK_EXT_ACK" },
	{ VZCPT_NL_STRICT_CHK, NETLINK_GET_STRICT_CHK, "NETLINK_GET_STRICT_CHK" },
};

/* Options, port id, groups and peer, as the program set them. */
static int rst_nl_state(struct rst_context *ctx, struct socket *sock,
			const struct vzcpt_img_netlink *r)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	unsigned int i, g;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(rst_nl_flags) && !err; i++)
		if (r->flags & rst_nl_flags[i].flag)
			err = rst_nl_opt(ctx, sock, r, rst_nl_flags[i].opt, 1,
					 rst_nl_flags[i].name);
	if (!err && (r->flags & VZCPT_NL_BOUND)) {
		sa.nl_pid = r->portid;
		err = kernel_bind(sock, (struct sockaddr *)&sa, sizeof(sa));
		if (err)
			rst_err(ctx, "task %d (%s): %s cannot bind to port id %u again (error %d%s)",
				task_pid_vnr(current), current->comm, rst_nl_name(r), r->portid,
				err, err == -EADDRINUSE ? rst_nl_inuse : "");
	}
	for (g = 0; g < VZCPT_NL_GROUPS && !err; g++)
		if (r->groups[g / 64] & (1ULL << (g % 64)))
			err = rst_nl_opt(ctx, sock, r, NETLINK_ADD_MEMBERSHIP, g + 1,
					 "NETLINK_ADD_MEMBERSHIP");
	if (!err && (r->flags & VZCPT_NL_CONNECTED)) {
		sa.nl_pid = r->dst_portid;
		sa.nl_groups = r->dst_group ? 1U << (r->dst_group - 1) : 0;
		err = kernel_connect(sock, (struct sockaddr *)&sa, sizeof(sa), 0);
		if (err)
			rst_err(ctx, "task %d (%s): %s cannot connect to port id %u, group %u again (error %d)",
				task_pid_vnr(current), current->comm, rst_nl_name(r), r->dst_portid,
				r->dst_group, err);
	}
	return err;
}

/*
 * The queued messages, oldest first, each a buffer with the sender's port,
 * group and credentials in its control block, charged to the socket and
 * queued as __netlink_sendskb() does; refused, as netlink drops one, past
 * the socket's receive buffer.
 */
static int rst_nl_queue(struct rst_context *ctx, struct sock *sk,
			const struct vzcpt_img_netlink *r, const void *msgs)
{
	struct user_namespace *ns = current_user_ns();
	const struct vzcpt_img_nlmsg *m = msgs;
	struct netlink_skb_parms *cb;
	struct sk_buff *skb;
	u32 i;

	/* Checked (img_check.c): @nr_msgs of them, each within the record. */
	for (i = 0; i < r->nr_msgs; i++) {
		if (atomic_read(&sk->sk_rmem_alloc) > READ_ONCE(sk->sk_rcvbuf)) {
			rst_err(ctx, "task %d (%s): %s (port id %u): its receive buffer (%d bytes) does not take its message %u of %u back",
				task_pid_vnr(current), current->comm, rst_nl_name(r), r->portid,
				READ_ONCE(sk->sk_rcvbuf), i + 1, r->nr_msgs);
			return -ENOBUFS;
		}
		/* At most VZCPT_NL_MSG_MAX: a high order, which may fail, but quietly. */
		skb = alloc_skb(m->len, GFP_KERNEL | __GFP_NOWARN);
		if (!skb)
			return -ENOMEM;
		skb_put_data(skb, m + 1, m->len);
		cb = &NETLINK_CB(skb);
		cb->portid = m->portid;
		cb->dst_group = m->dst_group;
		cb->creds.pid = m->pid;
		/* An id with no mapping reads back as the overflow id, as it did. */
		cb->creds.uid = make_kuid(ns, m->uid);
		cb->creds.gid = make_kgid(ns, m->gid);
		skb_set_owner_r(skb, sk);
		skb_queue_tail(&sk->sk_receive_queue, skb);
		m = (const void *)((const u8 *)(m + 1) + ALIGN(m->len, 8));
	}
	return 0;
}

static struct socket *rst_nl_sock(struct rst_context *ctx, const struct vzcpt_img_netlink *r,
				  const void *msgs)
{
	const struct cred *old;
	struct socket *sock;
	int err;

	err = sock_create(AF_NETLINK, r->type, r->protocol, &sock);
	if (err) {
		rst_err(ctx, "task %d (%s) cannot create %s (error %d)", task_pid_vnr(current),
			current->comm, rst_nl_name(r), err);
		return ERR_PTR(err);
	}
	err = rst_sockopt(ctx, sock, &r->opt);
	/*
	 * As the CT's root, as an inet socket binds (rst_inet.c): a daemon that
	 * subscribed to rtnetlink's groups as root and dropped its rights keeps
	 * them; never with more than the CT's root has (CAP_NET_ADMIN and
	 * CAP_NET_BROADCAST in the namespace's user namespace).
	 */
	if (!err) {
		old = override_creds(current->real_cred);
		err = rst_nl_state(ctx, sock, r);
		revert_creds(old);
	}
	if (!err)
		err = rst_nl_queue(ctx, sock->sk, r, msgs);
	if (!err && (r->flags & VZCPT_NL_ENOBUFS))
		WRITE_ONCE(sock->sk->sk_err, ENOBUFS);
	if (err) {
		sock_release(sock);
		return ERR_PTR(err);
	}
	return sock;
}

int rst_netlink(struct rst_context *ctx)
{
	struct vzcpt_img_netlink *r = ctx->rd.buf;
	struct socket *sock;
	int err;

	/* Checked (img_check.c): a new socket of the task's new fd table, its file to follow. */
	err = rst_payload(ctx, VZCPT_REC_NETLINK, sizeof(*r));
	if (err)
		return err;
	sock = rst_nl_sock(ctx, r, r + 1);
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	return rst_sock_add(ctx, ctx->rd.hdr.id, sock);
}
