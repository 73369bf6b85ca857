/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_INET_H
#define _CPT_INET_H

#include <linux/types.h>

struct cpt_dump;
struct sock;
struct socket;
struct vzcpt_img_inet;

/* What the dump says @sk is: "a TCP/IPv6 socket", "a raw IPv4 socket". */
const char *cpt_inet_name(const struct sock *sk);

/*
 * cpt_dgram.c: the datagrams queued on @sk (a UDP, ping or raw socket,
 * locked), in a buffer of *@len bytes the caller kvfree()s, and their
 * number in @r.
 */
int cpt_dgram_queue(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_inet *r,
		    void **buf, u32 *len);

/*
 * cpt_raw.c: a raw socket's own options (ICMP filters, IP_HDRINCL,
 * IPV6_CHECKSUM) into @r, or what it has that cannot be carried.
 */
const char *cpt_raw_opts(struct sock *sk, struct vzcpt_img_inet *r);

/*
 * cpt_tcp.c: the struct vzcpt_img_tcp of @sk (locked, established), *@len
 * bytes of the INET record, followed by its queues' bytes, in a buffer the
 * caller kvfree()s; cpt_tcp_queues() writes those bytes from it, after the
 * INET record of socket @id.
 */
int cpt_tcp_conn(struct cpt_dump *d, struct sock *sk, void **buf, u32 *len);
int cpt_tcp_queues(struct cpt_dump *d, u64 id, const void *buf);

/*
 * cpt_mcast.c: the INET_MCAST record of @sk (socket @id), a datagram or
 * raw socket whose multicast state is not a new one's; or a refusal.
 */
int cpt_inet_mcast(struct cpt_dump *d, struct sock *sk, u64 id);

/*
 * cpt_tcp.c: has a connection (or one being opened) taken the addresses
 * and ports of @sk, which has ended or whose connect() failed, since? The
 * restore rebuilds @sk connected for a moment, which that one would
 * refuse. Its own timewait socket is not carried.
 */
bool cpt_tcp_ports_taken(struct sock *sk);

/*
 * The INET record of @sk (its TCP_QUEUE records, its filter's) as socket
 * @id: a socket's, or, with no socket, a connection a listener has not
 * accepted yet.
 */
int cpt_inet_rec(struct cpt_dump *d, struct sock *sk, u64 id);

/*
 * Unless @err, the records of the @n connections of @socks (kvmalloc'd,
 * each held), each with an id of its own, in that order; then lets them
 * and @socks go. Returns @err or the first failure.
 */
int cpt_inet_recs_put(struct cpt_dump *d, struct sock **socks, unsigned int n, int err);

/*
 * Walks @net's TCP established hash (connections, requests in their
 * handshake, TIME_WAIT), as inet_diag does: no call lists them. @take sees
 * each of @net's entries under its bucket's lock, BHs off, and returns
 * false to end the walk, which then returns false.
 */
bool cpt_ehash_walk(struct net *net, bool (*take)(struct sock *sk, void *arg), void *arg);

/*
 * cpt_acceptq.c: the connections listener @sk has not accepted yet, each
 * as cpt_inet_rec() writes it, in the order accept() would take them.
 */
int cpt_acceptq(struct cpt_dump *d, struct sock *sk);

/*
 * cpt_synq.c: the connections in their handshake on listener @sk, of id
 * @id, each a VZCPT_REC_TCP_REQ record with its id.
 */
int cpt_synq(struct cpt_dump *d, struct sock *sk, u64 id);

/*
 * cpt_orphan.c: whether @sk is a connection its task closed that the dump
 * carries; the records of all of them in the CT's network namespace.
 */
bool cpt_orphan_carried(const struct sock *sk);
void cpt_orphans_place(struct cpt_dump *d);
int cpt_dump_orphans(struct cpt_dump *d);

#endif /* _CPT_INET_H */
