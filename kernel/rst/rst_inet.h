/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_INET_H
#define _RST_INET_H

#include <linux/types.h>

struct file;
struct rst_context;
struct sock;
struct socket;
struct vzcpt_img_inet;

/*
 * An INET record: its TCP, UDP, ping or raw socket as it was (options, address,
 * state, queued datagrams or a connection's state and queues), kept for
 * the FILE record that follows (rst_sock.c); the reason in the context on
 * failure.
 */
int rst_inet(struct rst_context *ctx);

/*
 * An option of an inet socket (TCP, UDP, ping or raw) through its own
 * setsockopt, as its task set it; says which (@what) when it fails.
 */
int rst_inet_setopt(struct rst_context *ctx, struct socket *sock, int level, int name,
		    const void *val, unsigned int len, const char *what);

/* Bind @sock as @r says and connect it to @r's peer, or say why not. */
int rst_inet_connect(struct rst_context *ctx, struct socket *sock,
		     const struct vzcpt_img_inet *r);

/* rst_tcp.c: make @sock the connection of @r (a copy), its state at @rest, then its queues. */
int rst_tcp_conn(struct rst_context *ctx, struct socket *sock, const struct vzcpt_img_inet *r,
		 const void *rest);

/*
 * rst_tcp.c: make @sock the socket of @r whose connect() failed, its task
 * not told yet (VZCPT_INET_CONNFAILED).
 */
int rst_tcp_connfailed(struct rst_context *ctx, struct socket *sock,
		       const struct vzcpt_img_inet *r);

/* rst_tcp.c: a TCP socket's further options, from its TCP_OPTS record (the reader's). */
int rst_tcp_extra(struct rst_context *ctx);
/* rst_mcast.c: a socket's multicast state, from its INET_MCAST record (the reader's). */
int rst_inet_mcast(struct rst_context *ctx);

/* rst_dgram.c: queue @r's datagrams (@len bytes at @dgrams, checked) on @sk. */
int rst_dgram_queue(struct rst_context *ctx, struct sock *sk, const struct vzcpt_img_inet *r,
		    const void *dgrams, u32 len);

/* rst_raw.c: set @r's raw socket options (filters, IP_HDRINCL, IPV6_CHECKSUM) on @sock. */
int rst_raw_opts(struct rst_context *ctx, struct socket *sock, const struct vzcpt_img_inet *r);

/*
 * rst_acceptq.c: a listener's connections not accepted yet. Each is
 * restored as a socket of its own, with no memory cgroup
 * (rst_acceptq_uncharge(), as soon as it is made), and noted
 * (rst_acceptq_note(), in image order) as of the listener restored last
 * (rst_acceptq_listener()); rst_acceptq(), at @listener's FILE record,
 * queues them to @lsock, as accept() takes them. rst_acceptq_drop()
 * forgets those noted (their sockets are in ctx->socks), and the
 * listener's requests.
 */
void rst_acceptq_uncharge(struct sock *sk);
void rst_acceptq_listener(struct rst_context *ctx, u64 id);
int rst_acceptq_note(struct rst_context *ctx, u64 id);
int rst_acceptq(struct rst_context *ctx, u64 listener, struct socket *lsock);
void rst_acceptq_drop(struct rst_context *ctx);

/*
 * rst_synq.c: a listener's connections in their handshake. Each record is
 * kept (rst_synq_note(), of the listener restored last); rst_acceptq()
 * gives them to it after its connections not accepted yet (rst_synq());
 * rst_acceptq_drop() forgets them (rst_synq_drop()).
 */
int rst_synq_note(struct rst_context *ctx);
int rst_synq(struct rst_context *ctx, struct socket *lsock);
void rst_synq_drop(struct rst_context *ctx);

/* rst_orphan.c: close @sock, the rebuilt connection of a VZCPT_INET_ORPHAN record. */
void rst_orphan_close(struct socket *sock);

#endif /* _RST_INET_H */
