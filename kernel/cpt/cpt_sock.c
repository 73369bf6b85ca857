// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets at dump, the part every family shares: the socket as an object
 * of its own (its id is what peers and files refer to), its SOL_SOCKET
 * options, and the refusal of the families no record carries.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/filter.h>
#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <net/sock.h>
#include <net/sock_reuseport.h>

#include "../common/vz_net.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_sock.h"

static const char *cpt_family_name(int family)
{
	switch (family) {
	case AF_NETLINK:
		return "netlink";
	case AF_PACKET:
		return "packet";
	case AF_INET:
		return "IPv4";
	case AF_INET6:
		return "IPv6";
	case AF_UNIX:
		return "unix";
	}
	return "this family's";
}

/* A timeout in jiffies as the image keeps it: microseconds, 0 for none. */
static s64 cpt_timeo_us(long timeo)
{
	if (timeo == MAX_SCHEDULE_TIMEOUT)
		return 0;
	return (s64)jiffies_to_usecs(timeo % HZ) + (s64)(timeo / HZ) * USEC_PER_SEC;
}

/* Walks @q, oldest first, under its lock, adding to @w: 0 or the first error. */
static int cpt_skb_walk(struct sk_buff_head *q, struct cpt_skb_walk *w)
{
	u64 hdr[CPT_SKB_HEAD_MAX / 8];
	struct sk_buff *skb;
	size_t space;
	int err = 0;

	if (WARN_ON_ONCE(w->hlen > sizeof(hdr)))
		return -EINVAL;
	spin_lock_bh(&q->lock);
	skb_queue_walk(q, skb) {
		if (w->buf && w->n == w->max)
			break;
		space = CPT_SKB_SPACE(w, skb->len);
		memset(hdr, 0, w->hlen);
		err = w->head(w->arg, skb, hdr);
		if (err)
			break;
		if (w->buf) {
			if (space > w->size - w->used) {
				err = -EOVERFLOW;
				break;
			}
			memcpy(w->buf + w->used, hdr, w->hlen);
			memset(w->buf + w->used + w->hlen + skb->len, 0,
			       space - w->hlen - skb->len);
			if (skb_copy_bits(skb, 0, w->buf + w->used + w->hlen, skb->len)) {
				err = -EPROTO;
				break;
			}
		}
		w->used += space;
		w->n++;
	}
	spin_unlock_bh(&q->lock);
	return err;
}

static int cpt_skb_walk2(struct sk_buff_head *q, struct sk_buff_head *q2, struct cpt_skb_walk *w)
{
	int err = cpt_skb_walk(q, w);

	return err || !q2 ? err : cpt_skb_walk(q2, w);
}

int cpt_skb_collect(struct sk_buff_head *q, struct sk_buff_head *q2, struct cpt_skb_walk *w,
		    size_t max, void **buf)
{
	size_t start = w->used;
	int err = cpt_skb_walk2(q, q2, w);

	*buf = NULL;
	if (err || !w->used)
		return err;
	if (w->used > max)
		return -EFBIG;
	*buf = kvmalloc(w->used, GFP_KERNEL);
	if (!*buf)
		return -ENOMEM;
	w->buf = *buf;
	w->size = w->used;
	w->max = w->n;
	w->used = start;
	w->n = 0;
	err = cpt_skb_walk2(q, q2, w);
	if (!err && w->n != w->max)
		err = -EAGAIN;
	return err;
}

bool cpt_dev_name(struct net *net, int ifindex, char *name)
{
	struct net_device *dev;
	bool found = false;

	memset(name, 0, IFNAMSIZ);
	rcu_read_lock();
	dev = dev_get_by_index_rcu(net, ifindex);
	if (dev) {
		strscpy(name, dev->name, IFNAMSIZ);
		found = true;
	}
	rcu_read_unlock();
	return found;
}

/* Whether @sk is of the CT's own network namespace: NULL, or why not. */
const char *cpt_sock_netns(struct cpt_dump *d, struct sock *sk)
{
	struct net *net = vz_task_net(d->tasks[0]);
	const char *no = NULL;

	if (!net || !net_eq(sock_net(sk), net))
		no = "is of another network namespace than the CT's";
	else if (net_eq(net, &init_net))
		no = "is of the host's network namespace (the CT has none of its own)";
	if (net)
		put_net(net);
	return no;
}

/*
 * Whether @sk's SO_REUSEPORT group steers with a BPF program: struct
 * sock_reuseport's prog, read under RCU as its lookups read it (no call
 * tells; SO_ATTACH_REUSEPORT_* only set it).
 */
static bool cpt_reuseport_prog(struct sock *sk)
{
	struct sock_reuseport *reuse;
	bool prog = false;

	rcu_read_lock();
	reuse = rcu_dereference(sk->sk_reuseport_cb);
	if (reuse)
		prog = rcu_access_pointer(reuse->prog);
	rcu_read_unlock();
	return prog;
}

int cpt_sockopt(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_sockopt *o)
{
	static const struct { int bit; u32 flag; } flags[] = {
		{ SOCK_KEEPOPEN, VZCPT_SO_KEEPALIVE }, { SOCK_LINGER, VZCPT_SO_LINGER },
		{ SOCK_URGINLINE, VZCPT_SO_OOBINLINE }, { SOCK_BROADCAST, VZCPT_SO_BROADCAST },
		{ SOCK_LOCALROUTE, VZCPT_SO_DONTROUTE },
	};
	int i, ifindex;

	if (cpt_reuseport_prog(sk)) {
		cpt_err(d->ctx, "a socket (%s) in a SO_REUSEPORT group with a BPF program (SO_ATTACH_REUSEPORT_CBPF or _EBPF) cannot be dumped yet",
			cpt_family_name(sk->sk_family));
		return -EOPNOTSUPP;
	}
	if (READ_ONCE(sk->sk_tsflags)) {
		cpt_err(d->ctx, "a %s socket with SO_TIMESTAMPING cannot be dumped yet",
			cpt_family_name(sk->sk_family));
		return -EOPNOTSUPP;
	}
	memset(o, 0, sizeof(*o));
	lock_sock(sk);
	for (i = 0; i < ARRAY_SIZE(flags); i++)
		if (sock_flag(sk, flags[i].bit))
			o->flags |= flags[i].flag;
	if (sock_flag(sk, SOCK_RCVTSTAMPNS))
		o->flags |= VZCPT_SO_TIMESTAMPNS;
	else if (sock_flag(sk, SOCK_RCVTSTAMP))
		o->flags |= VZCPT_SO_TIMESTAMP;
	if (o->flags & (VZCPT_SO_TIMESTAMP | VZCPT_SO_TIMESTAMPNS) &&
	    sock_flag(sk, SOCK_TSTAMP_NEW))
		o->flags |= VZCPT_SO_TSTAMP_NEW;
	if (sk->sk_reuse)
		o->flags |= VZCPT_SO_REUSEADDR;
	if (sk->sk_reuseport)
		o->flags |= VZCPT_SO_REUSEPORT;
	/* A connection not accepted yet has no socket: accept() gives it one with no flag. */
	if (sk->sk_socket && test_bit(SOCK_PASSCRED, &sk->sk_socket->flags))
		o->flags |= VZCPT_SO_PASSCRED;
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK) {
		o->flags |= VZCPT_SO_RCVBUF;
		o->rcvbuf = sk->sk_rcvbuf;
	}
	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK) {
		o->flags |= VZCPT_SO_SNDBUF;
		o->sndbuf = sk->sk_sndbuf;
	}
	o->priority = sk->sk_priority;
	o->mark = sk->sk_mark;
	o->rcvlowat = sk->sk_rcvlowat;
	o->linger = sk->sk_lingertime / HZ;
	o->rcvtimeo_us = cpt_timeo_us(sk->sk_rcvtimeo);
	o->sndtimeo_us = cpt_timeo_us(sk->sk_sndtimeo);
	ifindex = sk->sk_bound_dev_if;
	release_sock(sk);
	if (ifindex && !cpt_dev_name(sock_net(sk), ifindex, o->bound_dev)) {
		cpt_err(d->ctx, "a %s socket is bound to device %d, which is gone",
			cpt_family_name(sk->sk_family), ifindex);
		return -ENODEV;
	}
	return 0;
}

int cpt_dump_socket(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct socket *sock = sock_from_file(file);
	bool first;

	if (!sock || !sock->sk) {
		cpt_err(d->ctx, "a socket with no sock cannot be dumped");
		return -EOPNOTSUPP;
	}
	/* Flags no socket uses are not carried. */
	if ((file->f_flags & ~(O_NONBLOCK | O_CLOEXEC | FASYNC)) != O_RDWR) {
		cpt_err(d->ctx, "a socket file with flags %#o cannot be dumped yet",
			file->f_flags);
		return -EOPNOTSUPP;
	}
	f->kind = VZCPT_FILE_SOCKET;
	f->pipe_id = cpt_obj_id(d, sock, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	if (!first)
		return 0;
	switch (sock->sk->sk_family) {
	case AF_UNIX:
		return cpt_dump_unix(d, sock, f->pipe_id);
	case AF_INET:
	case AF_INET6:
		return cpt_dump_inet(d, sock, f->pipe_id);
	case AF_NETLINK:
		return cpt_dump_netlink(d, sock, f->pipe_id);
	case AF_PACKET:
		return cpt_dump_packet(d, sock, f->pipe_id);
	}
	cpt_err(d->ctx, "a %s socket (family %d) cannot be dumped yet",
		cpt_family_name(sock->sk->sk_family), sock->sk->sk_family);
	return -EOPNOTSUPP;
}
