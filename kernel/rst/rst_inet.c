// SPDX-License-Identifier: GPL-2.0
/*
 * Restore TCP, UDP, ping and raw sockets over IPv4 and IPv6, in the current
 * task, under its own credentials and in the CT's network namespace:
 * created with sock_create(), their options set back through the
 * protocols' own setsockopt (so each value passes the kernel's checks),
 * bound with kernel_bind() as the CT's root (a port below 1024 needs the
 * CT's CAP_NET_BIND_SERVICE), then listening or connected as they were, a
 * datagram or raw socket with its queued datagrams (rst_dgram.c), a TCP
 * connection through TCP repair (rst_tcp.c). The record was checked by
 * img_check_inet() before any of this.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/net.h>
#include <linux/sockptr.h>
#include <linux/tcp.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "../common/img_check.h"
#include "../common/vz_inet.h"
#include "rst_context.h"
#include "rst_inet.h"
#include "rst_sock.h"

struct rst_inet {
	struct rst_context *ctx;
	struct socket *sock;
	const struct vzcpt_img_inet *r;
};

/* One option through the socket's own setsockopt, as the task would set it. */
static int rst_inet_opt(struct rst_inet *ri, int level, int name, int val, const char *what)
{
	struct socket *sock = ri->sock;
	int err;

	err = sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR(&val), sizeof(val));
	if (err)
		rst_err(ri->ctx, "cannot set %s to %d on a socket (error %d)", what, val, err);
	return err;
}

#define RST_OPT(ri, level, name, val)	rst_inet_opt(ri, level, name, val, #name)

int rst_inet_setopt(struct rst_context *ctx, struct socket *sock, int level, int name,
		    const void *val, unsigned int len, const char *what)
{
	struct sock *sk = sock->sk;
	int err = sock->ops->setsockopt(sock, level, name, KERNEL_SOCKPTR((void *)val), len);

	if (err)
		rst_err(ctx, "task %d (%s): %s cannot set %s again (error %d)",
			task_pid_vnr(current), current->comm,
			vz_inet_name(sk->sk_family, sk->sk_type, sk->sk_protocol), what, err);
	return err;
}

/* VZCPT_INET_RECV_* bits and the options that set each, per level. */
static const struct {
	u8 bit;
	int ip, ipv6;
	const char *ip_name, *ipv6_name;
} rst_recv_opts[] = {
	{ VZCPT_INET_RECV_PKTINFO, IP_PKTINFO, IPV6_RECVPKTINFO, "IP_PKTINFO",
	  "IPV6_RECVPKTINFO" },
	{ VZCPT_INET_RECV_TTL, IP_RECVTTL, IPV6_RECVHOPLIMIT, "IP_RECVTTL",
	  "IPV6_RECVHOPLIMIT" },
	{ VZCPT_INET_RECV_TOS, IP_RECVTOS, IPV6_RECVTCLASS, "IP_RECVTOS", "IPV6_RECVTCLASS" },
	{ VZCPT_INET_RECV_ORIGDST, IP_RECVORIGDSTADDR, IPV6_RECVORIGDSTADDR,
	  "IP_RECVORIGDSTADDR", "IPV6_RECVORIGDSTADDR" },
};

/* The IPv4 level, which an IPv6 socket has too (for IPv4-mapped traffic). */
static int rst_ip_opts(struct rst_inet *ri)
{
	const struct vzcpt_img_inet *r = ri->r;
	unsigned int i;
	int err = 0;

	for (i = 0; i < ARRAY_SIZE(rst_recv_opts) && !err; i++)
		if (r->recv4 & rst_recv_opts[i].bit)
			err = rst_inet_opt(ri, SOL_IP, rst_recv_opts[i].ip, 1,
					   rst_recv_opts[i].ip_name);
	if (!err && r->tos)
		err = RST_OPT(ri, SOL_IP, IP_TOS, r->tos);
	if (!err && (r->flags & VZCPT_INET_FREEBIND))
		err = RST_OPT(ri, SOL_IP, IP_FREEBIND, 1);
	if (!err && (r->flags & VZCPT_INET_NO_PORT))
		err = RST_OPT(ri, SOL_IP, IP_BIND_ADDRESS_NO_PORT, 1);
	if (err || r->family != AF_INET)
		return err;
	if (r->ttl != -1)
		err = RST_OPT(ri, SOL_IP, IP_TTL, r->ttl);
	if (!err && (r->flags & VZCPT_INET_RECVERR))
		err = RST_OPT(ri, SOL_IP, IP_RECVERR, 1);
	if (!err)
		err = RST_OPT(ri, SOL_IP, IP_MTU_DISCOVER, r->pmtudisc);
	return err;
}

static int rst_ipv6_opts(struct rst_inet *ri)
{
	const struct vzcpt_img_inet *r = ri->r;
	unsigned int i;
	int err;

	/* Before the bind, which it decides; a raw socket has its protocol as port, and no say. */
	err = r->type == SOCK_RAW ? 0 :
	      RST_OPT(ri, SOL_IPV6, IPV6_V6ONLY, !!(r->flags & VZCPT_INET_V6ONLY));
	for (i = 0; i < ARRAY_SIZE(rst_recv_opts) && !err; i++)
		if (r->recv6 & rst_recv_opts[i].bit)
			err = rst_inet_opt(ri, SOL_IPV6, rst_recv_opts[i].ipv6, 1,
					   rst_recv_opts[i].ipv6_name);
	if (!err && r->ttl != -1)
		err = RST_OPT(ri, SOL_IPV6, IPV6_UNICAST_HOPS, r->ttl);
	if (!err && r->tclass)
		err = RST_OPT(ri, SOL_IPV6, IPV6_TCLASS, r->tclass);
	if (!err && (r->flags & VZCPT_INET_RECVERR))
		err = RST_OPT(ri, SOL_IPV6, IPV6_RECVERR, 1);
	if (!err)
		err = RST_OPT(ri, SOL_IPV6, IPV6_MTU_DISCOVER, r->pmtudisc);
	return err;
}

static int rst_tcp_opts(struct rst_inet *ri)
{
	const struct vzcpt_img_inet *r = ri->r;
	int err = 0;

	if (r->flags & VZCPT_INET_NODELAY)
		err = RST_OPT(ri, SOL_TCP, TCP_NODELAY, 1);
	if (!err && (r->flags & VZCPT_INET_CORK))
		err = RST_OPT(ri, SOL_TCP, TCP_CORK, 1);
	if (!err && r->defer_accept)
		err = RST_OPT(ri, SOL_TCP, TCP_DEFER_ACCEPT, r->defer_accept);
	if (!err && r->keepidle)
		err = RST_OPT(ri, SOL_TCP, TCP_KEEPIDLE, r->keepidle);
	if (!err && r->keepintvl)
		err = RST_OPT(ri, SOL_TCP, TCP_KEEPINTVL, r->keepintvl);
	if (!err && r->keepcnt)
		err = RST_OPT(ri, SOL_TCP, TCP_KEEPCNT, r->keepcnt);
	if (!err && r->user_timeout)
		err = RST_OPT(ri, SOL_TCP, TCP_USER_TIMEOUT, r->user_timeout);
	if (!err && r->maxseg)
		err = RST_OPT(ri, SOL_TCP, TCP_MAXSEG, r->maxseg);
	if (!err && r->syncnt)
		err = RST_OPT(ri, SOL_TCP, TCP_SYNCNT, r->syncnt);
	return err;
}

/* @addr and @port of the record as a sockaddr of its family; returns its length. */
static int rst_inet_sockaddr(const struct vzcpt_img_inet *r, const u8 *addr, u16 port,
			     struct sockaddr_storage *ss)
{
	struct sockaddr_in *sin;

	memset(ss, 0, sizeof(*ss));
	if (r->family == AF_INET6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		memcpy(&sin6->sin6_addr, addr, 16);
		return sizeof(*sin6);
	}
	sin = (struct sockaddr_in *)ss;
	sin->sin_family = AF_INET;
	sin->sin_port = htons(port);
	memcpy(&sin->sin_addr, addr, 4);
	return sizeof(*sin);
}

static const char *rst_inet_name(const struct vzcpt_img_inet *r)
{
	return vz_inet_name(r->family, r->type, r->protocol);
}

static int rst_inet_addr_err(struct rst_context *ctx, const struct vzcpt_img_inet *r,
			     const char *what, const u8 *addr, u16 port, int err)
{
	struct sockaddr_storage ss;

	rst_inet_sockaddr(r, addr, port, &ss);
	rst_err(ctx, "task %d (%s): %s cannot %s %pISpc again (error %d%s)",
		task_pid_vnr(current), current->comm, rst_inet_name(r), what, &ss, err,
		err == -EACCES ? ": the CT's root may not bind a port below 1024" :
		err == -EADDRINUSE ? ": the address is in use" :
		err == -EADDRNOTAVAIL ? ": the CT has no such address" : "");
	return err;
}

static int rst_inet_bind(struct rst_context *ctx, struct socket *sock,
			 const struct vzcpt_img_inet *r)
{
	const struct cred *old;
	struct sockaddr_storage ss;
	int len, err;

	if (!(r->flags & VZCPT_INET_BOUND))
		return 0;
	len = rst_inet_sockaddr(r, r->saddr, r->sport, &ss);
	/*
	 * As the CT's root, as files are opened (rst_open_ct()): a daemon binds
	 * its port below 1024 as root and then drops to its user, and has it
	 * still after a restore; never with more than the CT's root has: its
	 * CAP_NET_BIND_SERVICE is what inet_bind() checks.
	 */
	old = override_creds(current->real_cred);
	err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	revert_creds(old);
	if (err)
		return rst_inet_addr_err(ctx, r, "bind to", r->saddr, r->sport, err);
	/*
	 * A port the kernel chose goes back when the connection ends or is
	 * disconnected (tcp_set_state(), udp_disconnect()); this bind named it,
	 * which inet_bind() marks as the task's to keep. No call unmarks it.
	 */
	if (r->flags & VZCPT_INET_AUTOPORT) {
		lock_sock(sock->sk);
		sock->sk->sk_userlocks &= ~SOCK_BINDPORT_LOCK;
		release_sock(sock->sk);
	}
	return 0;
}

/*
 * Bound, then connected. A connect() in progress (VZCPT_INET_CONNECTING) is
 * made again without waiting, which sends a new SYN; the task's restarted
 * connect() finds it connecting (-EALREADY) and waits as it did.
 */
int rst_inet_connect(struct rst_context *ctx, struct socket *sock,
		     const struct vzcpt_img_inet *r)
{
	bool connecting = r->state == VZCPT_INET_CONNECTING;
	struct sockaddr_storage ss;
	int len, err;

	err = rst_inet_bind(ctx, sock, r);
	if (err)
		return err;
	len = rst_inet_sockaddr(r, r->daddr, r->dport, &ss);
	err = kernel_connect(sock, (struct sockaddr *)&ss, len, connecting ? O_NONBLOCK : 0);
	if (err == -EINPROGRESS && connecting)
		err = 0;
	return err ? rst_inet_addr_err(ctx, r, "connect to", r->daddr, r->dport, err) : 0;
}

/* Bound, then listening or connected, as it was. */
static int rst_inet_state(struct rst_context *ctx, struct socket *sock,
			  const struct vzcpt_img_inet *r, const void *rest, u32 len)
{
	int err;

	switch (r->state) {
	case VZCPT_INET_LISTEN:
		err = rst_inet_bind(ctx, sock, r);
		if (!err)
			err = kernel_listen(sock, r->backlog);
		return err ? rst_inet_addr_err(ctx, r, "listen on", r->saddr, r->sport, err) : 0;
	case VZCPT_INET_CONNECTED:
	case VZCPT_INET_CONNECTING:
		err = rst_inet_connect(ctx, sock, r);
		break;
	case VZCPT_INET_ESTABLISHED:
	case VZCPT_INET_ACCEPTQ:
	case VZCPT_INET_ORPHAN:
		return rst_tcp_conn(ctx, sock, r, rest);
	case VZCPT_INET_CONNFAILED:
		return rst_tcp_connfailed(ctx, sock, r);
	default:
		err = rst_inet_bind(ctx, sock, r);
		break;
	}
	if (!err && r->nr_dgrams)
		err = rst_dgram_queue(ctx, sock->sk, r, rest, len);
	return err;
}

/*
 * The task's shutdown(), once what it reads is queued. On a socket not
 * connected, inet_shutdown() sets the bits and says -ENOTCONN, as it did
 * to the task.
 */
static int rst_inet_shutdown(struct rst_context *ctx, struct socket *sock,
			     const struct vzcpt_img_inet *r)
{
	u32 shut = r->flags & (VZCPT_INET_SHUT_RD | VZCPT_INET_SHUT_WR);
	int err;

	if (!shut)
		return 0;
	err = kernel_sock_shutdown(sock, shut == VZCPT_INET_SHUT_RD ? SHUT_RD :
					 shut == VZCPT_INET_SHUT_WR ? SHUT_WR : SHUT_RDWR);
	if (err == -ENOTCONN && r->state == VZCPT_INET_CLOSED)
		err = 0;
	if (err)
		rst_err(ctx, "task %d (%s): %s cannot be shut down again (error %d)",
			task_pid_vnr(current), current->comm, rst_inet_name(r), err);
	return err;
}

/*
 * As the task, as it would make it now. A raw or ping socket it can no
 * longer make (it dropped CAP_NET_RAW after making it, or its group left
 * the namespace's ping_group_range) as the CT's root, as files are opened
 * (rst_open_ct()): never with more than the CT's root has.
 */
static int rst_inet_create(struct rst_context *ctx, const struct vzcpt_img_inet *r,
			   struct socket **sock)
{
	bool ping = r->type == SOCK_DGRAM && !vz_inet_udp(r->type, r->protocol);
	const struct cred *old;
	int err;

	err = sock_create(r->family, r->type, r->protocol, sock);
	if ((err == -EPERM || err == -EACCES) && (ping || r->type == SOCK_RAW)) {
		old = override_creds(current->real_cred);
		err = sock_create(r->family, r->type, r->protocol, sock);
		revert_creds(old);
	}
	if (err)
		rst_err(ctx, "task %d (%s) cannot create %s (error %d%s)", task_pid_vnr(current),
			current->comm, rst_inet_name(r), err,
			err == -EACCES && ping ?
			": net.ipv4.ping_group_range admits neither its group nor the CT root's" :
			err == -EPERM && !ping ? ": the CT's root has no CAP_NET_RAW" : "");
	return err;
}

/* The socket of record @r (checked), as it was: its options, address, state and the rest. */
static struct socket *rst_inet_sock(struct rst_context *ctx, const struct vzcpt_img_inet *r,
				    const void *rest, u32 len)
{
	struct rst_inet ri = { .ctx = ctx, .r = r };
	int err;

	err = rst_inet_create(ctx, r, &ri.sock);
	if (err)
		return ERR_PTR(err);
	if (r->state == VZCPT_INET_ACCEPTQ)
		rst_acceptq_uncharge(ri.sock->sk);
	/* IP_TOS sets the priority that SO_PRIORITY then sets back as it was. */
	err = rst_ip_opts(&ri);
	if (!err && r->family == AF_INET6)
		err = rst_ipv6_opts(&ri);
	if (!err && r->type == SOCK_STREAM)
		err = rst_tcp_opts(&ri);
	if (!err && r->type == SOCK_RAW)
		err = rst_raw_opts(ctx, ri.sock, r);
	if (!err)
		err = rst_sockopt(ctx, ri.sock, &r->opt);
	if (!err)
		err = rst_inet_state(ctx, ri.sock, r, rest, len);
	if (!err)
		err = rst_inet_shutdown(ctx, ri.sock, r);
	/* TCP_REPAIR's end reset SO_REUSEADDR. */
	if (!err && img_inet_tcp_repaired(r->state) && (r->opt.flags & VZCPT_SO_REUSEADDR)) {
		int one = 1;

		err = sock_setsockopt(ri.sock, SOL_SOCKET, SO_REUSEADDR, KERNEL_SOCKPTR(&one),
				      sizeof(one));
		if (err)
			rst_err(ctx, "cannot set SO_REUSEADDR on a TCP connection again (error %d)",
				err);
	}
	/* Its pending error last, so that nothing the restore does reports it. */
	if (!err && r->err) {
		lock_sock(ri.sock->sk);
		WRITE_ONCE(ri.sock->sk->sk_err, r->err);
		release_sock(ri.sock->sk);
	}
	if (err) {
		sock_release(ri.sock);
		return ERR_PTR(err);
	}
	return ri.sock;
}

int rst_inet(struct rst_context *ctx)
{
	struct vzcpt_img_inet *r = ctx->rd.buf, rec;
	struct socket *sock;
	u64 id;
	int err;

	/* Checked (img_check.c): a new socket of the task's new fd table, its file to follow. */
	err = rst_payload(ctx, VZCPT_REC_INET, sizeof(*r));
	if (err)
		return err;
	/* A connection's queues are read into the reader's buffer after it. */
	rec = *r;
	id = ctx->rd.hdr.id;
	sock = rst_inet_sock(ctx, &rec, r + 1, ctx->rd.hdr.len - sizeof(*r));
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	/* Checked: its task had closed it, and no file has it. */
	if (rec.state == VZCPT_INET_ORPHAN) {
		rst_orphan_close(sock);
		return 0;
	}
	err = rst_sock_add(ctx, id, sock);
	if (err)
		return err;
	/* Checked: a connection not accepted yet comes after its listener's record. */
	if (rec.state == VZCPT_INET_LISTEN)
		rst_acceptq_listener(ctx, id);
	return rec.state == VZCPT_INET_ACCEPTQ ? rst_acceptq_note(ctx, id) : 0;
}
