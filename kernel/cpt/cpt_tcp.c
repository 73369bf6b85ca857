// SPDX-License-Identifier: GPL-2.0
/*
 * Dump an established TCP connection as TCP_REPAIR restores one: its
 * sequence numbers, the options it was opened with, its windows, and the
 * bytes of both queues: sent and not acknowledged (the retransmit queue),
 * then what is not sent yet, and received in order and not read.
 *
 * The fields come from struct tcp_sock: TCP_REPAIR's getsockopt side
 * (TCP_QUEUE_SEQ, TCP_REPAIR_WINDOW, TCP_TIMESTAMP) writes to user memory
 * only and needs the socket in repair mode, which a dump that resumes the
 * CT must not leave behind; the queues' bytes are read from their buffers,
 * which no call gives without consuming them (MSG_PEEK reads the receive
 * queue only, and only from the reader's position on). The socket is
 * locked and the CT's packets held: its timers wait for the lock and no
 * segment comes in or goes out while it is read.
 *
 * Segments received out of order are not carried: not acknowledged, the
 * peer sends them again. A connection whose peer's FIN came (CLOSE_WAIT)
 * is carried as an established one with that FIN after its receive queue
 * (VZCPT_TCP_FIN_RCVD), read already or not; one whose own FIN the peer
 * acknowledged (FIN_WAIT2), as one that has sent it (VZCPT_TCP_FIN_ACKED);
 * one whose FIN is not acknowledged yet (FIN_WAIT1, LAST_ACK), with that
 * FIN after its send queue (VZCPT_TCP_FIN_QUEUED); one where both FINs
 * crossed (CLOSING), with both and VZCPT_TCP_FIN_CROSSED. One that has
 * ended while its task holds it (TCP_CLOSE after a reset, a timeout or both
 * FINs) is carried with what is left to read and VZCPT_TCP_ENDED.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/vzcpt_image.h>
#include <net/inet6_hashtables.h>
#include <net/inet_hashtables.h>
#include <net/inet_sock.h>
#include <net/tcp.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_inet.h"

/*
 * Copy the bytes [@seq, @seq + @len) that @skb holds of them into @buf,
 * which starts at @seq, counting them in @got. Returns 0, or -EPROTO for a
 * SYN or a FIN (@fin: one, after its data, that the receive queue may end
 * with), which no byte of data is, among them.
 */
static int cpt_tcp_copy(struct sk_buff *skb, u32 seq, u32 len, u8 *buf, u32 *got, bool fin)
{
	u32 start = TCP_SKB_CB(skb)->seq, end = start + skb->len, from, to;
	u8 flags = TCP_SKB_CB(skb)->tcp_flags;

	if (flags & TCPHDR_SYN || (flags & TCPHDR_FIN && !fin))
		return -EPROTO;
	from = after(seq, start) ? seq : start;
	to = before(seq + len, end) ? seq + len : end;
	if (!before(from, to))
		return 0;
	*got += to - from;
	return skb_copy_bits(skb, from - start, buf + (from - seq), to - from) ? -EPROTO : 0;
}

/* Every byte of both, or -EPROTO: the buffers do not hold what the sequence numbers say. */
static int cpt_tcp_sndq(struct sock *sk, u32 seq, u32 len, u8 *buf, bool fin)
{
	struct sk_buff *skb;
	u32 got = 0;
	int err;

	skb_rbtree_walk(skb, &sk->tcp_rtx_queue) {
		err = cpt_tcp_copy(skb, seq, len, buf, &got, fin);
		if (err)
			return err;
	}
	skb_queue_walk(&sk->sk_write_queue, skb) {
		err = cpt_tcp_copy(skb, seq, len, buf, &got, fin);
		if (err)
			return err;
	}
	return got == len ? 0 : -EPROTO;
}

static int cpt_tcp_rcvq(struct sock *sk, u32 seq, u32 len, u8 *buf, bool fin)
{
	struct sk_buff *skb;
	u32 got = 0;
	int err;

	skb_queue_walk(&sk->sk_receive_queue, skb) {
		err = cpt_tcp_copy(skb, seq, len, buf, &got, fin);
		if (err)
			return err;
	}
	return got == len ? 0 : -EPROTO;
}

/*
 * Ended (tcp_done()): nothing is left of what it sent (a reset purged the
 * queue, a FIN acknowledged emptied it); what came in order stays to be read,
 * then the peer's FIN if one came (tcp_fin() set SOCK_DONE), which rcv_nxt
 * counts as in CLOSE_WAIT.
 */
static void cpt_tcp_ended(struct sock *sk, struct vzcpt_img_tcp *t)
{
	t->flags = VZCPT_TCP_ENDED;
	t->snd_seq = tcp_sk(sk)->write_seq;
	t->snd_len = 0;
	t->snd_unsent = 0;
	if (sock_flag(sk, SOCK_DONE)) {
		t->flags |= VZCPT_TCP_FIN_RCVD;
		if (t->rcv_len)
			t->rcv_len--;
		else
			t->flags |= VZCPT_TCP_FIN_READ;
	}
}

static void cpt_tcp_state(struct sock *sk, struct vzcpt_img_tcp *t)
{
	struct tcp_sock *tp = tcp_sk(sk);

	t->snd_seq = tp->snd_una;
	t->snd_len = tp->write_seq - tp->snd_una;
	t->snd_unsent = tp->write_seq - tp->snd_nxt;
	t->rcv_seq = tp->copied_seq;
	t->rcv_len = tp->rcv_nxt - tp->copied_seq;
	if (sk->sk_state == TCP_CLOSE)
		cpt_tcp_ended(sk, t);
	/* Ours, not acknowledged, after the send queue's bytes (tcp_send_fin()). */
	if (sk->sk_state == TCP_FIN_WAIT1 || sk->sk_state == TCP_LAST_ACK ||
	    sk->sk_state == TCP_CLOSING) {
		t->flags = VZCPT_TCP_FIN_QUEUED;
		t->snd_len--;
		if (t->snd_unsent)
			t->snd_unsent--;
	}
	/*
	 * Closed, it read nothing more: tcp_close() dropped its receive queue
	 * without moving copied_seq. All that came, its peer's FIN too, is read.
	 */
	if (sock_flag(sk, SOCK_DEAD)) {
		t->rcv_seq = tp->rcv_nxt;
		t->rcv_len = 0;
		if (sk->sk_state == TCP_LAST_ACK || sk->sk_state == TCP_CLOSING)
			t->flags |= VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_READ;
	}
	/* The FIN takes the sequence number after the data: a read past it took it too. */
	if (!sock_flag(sk, SOCK_DEAD) &&
	    (sk->sk_state == TCP_CLOSE_WAIT || sk->sk_state == TCP_LAST_ACK ||
	     sk->sk_state == TCP_CLOSING)) {
		t->flags |= VZCPT_TCP_FIN_RCVD;
		if (t->rcv_len)
			t->rcv_len--;
		else
			t->flags |= VZCPT_TCP_FIN_READ;
	}
	if (sk->sk_state == TCP_CLOSING)
		t->flags |= VZCPT_TCP_FIN_CROSSED;
	/* Acknowledged, the FIN counts in snd_una as in write_seq (tcp_send_fin()). */
	if (sk->sk_state == TCP_FIN_WAIT2)
		t->flags = VZCPT_TCP_FIN_ACKED;
	t->mss_clamp = tp->rx_opt.mss_clamp;
	if (tp->rx_opt.wscale_ok) {
		t->opts |= VZCPT_TCP_WSCALE;
		t->snd_wscale = tp->rx_opt.snd_wscale;
		t->rcv_wscale = tp->rx_opt.rcv_wscale;
	}
	if (tcp_is_sack(tp))
		t->opts |= VZCPT_TCP_SACK;
	if (tp->rx_opt.tstamp_ok) {
		t->opts |= VZCPT_TCP_TSTAMP;
		t->timestamp = tcp_time_stamp_raw() + tp->tsoffset;
	}
	t->snd_wl1 = tp->snd_wl1;
	t->snd_wnd = tp->snd_wnd;
	t->max_window = tp->max_window;
	t->rcv_wnd = tp->rcv_wnd;
	t->rcv_wup = tp->rcv_wup;
}

/*
 * The socket of @sk's namespace that a segment of @sk's connection finds in
 * the namespace's table: one @sk sends (@to_peer: its peer's) or one sent to
 * @sk. With a reference, or NULL.
 */
static struct sock *cpt_tcp_lookup(struct sock *sk, bool to_peer)
{
	struct net *net = sock_net(sk);
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;
	struct inet_sock *inet = inet_sk(sk);
	__be16 lport = inet->inet_sport, rport = inet->inet_dport;
	struct sock *found;

	rcu_read_lock();
#if IS_ENABLED(CONFIG_IPV6)
	if (sk->sk_family == AF_INET6 && !ipv6_addr_v4mapped(&sk->sk_v6_daddr))
		found = to_peer ?
			__inet6_lookup_established(net, h, &sk->sk_v6_rcv_saddr, lport,
						   &sk->sk_v6_daddr, ntohs(rport), 0, 0) :
			__inet6_lookup_established(net, h, &sk->sk_v6_daddr, rport,
						   &sk->sk_v6_rcv_saddr, ntohs(lport), 0, 0);
	else
#endif
		found = to_peer ?
			__inet_lookup_established(net, h, inet->inet_rcv_saddr, lport,
						  inet->inet_daddr, ntohs(rport), 0, 0) :
			__inet_lookup_established(net, h, inet->inet_daddr, rport,
						  inet->inet_rcv_saddr, ntohs(lport), 0, 0);
	rcu_read_unlock();
	return found;
}

/*
 * Is the peer of @sk, which got its FIN, a socket of the CT's own namespace
 * that its task closed (an orphan in FIN_WAIT2, a full one or a timewait
 * one, which no image carries)?
 * Restored without it, @sk would be reset by the first segment it sends,
 * where that peer took it.
 */
static bool cpt_tcp_orphan_peer(struct sock *sk)
{
	struct sock *peer = cpt_tcp_lookup(sk, true);
	bool orphan;

	if (!peer)
		return false;
	/* Closed in FIN_WAIT2 it is a timewait socket already (tcp_close(), tcp_time_wait()). */
	if (sk_fullsock(peer))
		orphan = sock_flag(peer, SOCK_DEAD) && !cpt_orphan_carried(peer);
	else
		orphan = peer->sk_state == TCP_TIME_WAIT;
	sock_gen_put(peer);
	return orphan;
}

bool cpt_tcp_ports_taken(struct sock *sk)
{
	struct sock *other = cpt_tcp_lookup(sk, false);
	bool taken;

	if (!other)
		return false;
	taken = other->sk_state != TCP_TIME_WAIT;
	sock_gen_put(other);
	return taken;
}

/* What a connection may hold that a restore cannot give back. */
static const char *cpt_tcp_conn_refused(struct sock *sk)
{
	struct tcp_sock *tp = tcp_sk(sk);

	if (tp->urg_data)
		return "urgent data (MSG_OOB)";
	if (rcu_access_pointer(tp->fastopen_rsk))
		return "a Fast Open request";
	if ((sk->sk_state == TCP_CLOSE_WAIT || sk->sk_state == TCP_LAST_ACK) &&
	    cpt_tcp_orphan_peer(sk))
		return "a peer of the CT's own that was closed (an orphan in FIN_WAIT2)";
	if (sk->sk_state == TCP_CLOSE && cpt_tcp_ports_taken(sk))
		return "its addresses and ports in use by a newer connection since it ended";
	return NULL;
}

int cpt_tcp_conn(struct cpt_dump *d, struct sock *sk, void **buf, u32 *len)
{
	struct vzcpt_img_tcp t = {};
	const char *no;
	u8 *p;
	int err;

	no = cpt_tcp_conn_refused(sk);
	if (no) {
		cpt_err(d->ctx, "a TCP connection with %s cannot be carried", no);
		return -EOPNOTSUPP;
	}
	cpt_tcp_state(sk, &t);
	/* No task had it to write to it: the image says so (img_check.c). */
	if (!sk->sk_socket && !sock_flag(sk, SOCK_DEAD) && t.snd_len) {
		cpt_err(d->ctx, "a TCP connection not accepted yet of port %u holds %u bytes to send: cannot be carried",
			inet_sk(sk)->inet_num, t.snd_len);
		return -EOPNOTSUPP;
	}
	/* A restore raises the socket's buffers to hold each queue: keep that sane. */
	if (t.snd_len > VZCPT_TCPQ_MAX || t.rcv_len > VZCPT_TCPQ_MAX) {
		cpt_err(d->ctx, "the TCP connection of port %u to port %u holds %u bytes to send and %u to read: more than the %u a restore takes",
			inet_sk(sk)->inet_num, ntohs(inet_sk(sk)->inet_dport), t.snd_len,
			t.rcv_len, VZCPT_TCPQ_MAX);
		return -EFBIG;
	}
	p = kvmalloc(sizeof(t) + (size_t)t.snd_len + t.rcv_len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	memcpy(p, &t, sizeof(t));
	err = cpt_tcp_sndq(sk, t.snd_seq, t.snd_len, p + sizeof(t),
			   t.flags & VZCPT_TCP_FIN_QUEUED);
	if (!err)
		err = cpt_tcp_rcvq(sk, t.rcv_seq, t.rcv_len, p + sizeof(t) + t.snd_len,
				   t.flags & VZCPT_TCP_FIN_RCVD);
	if (err) {
		kvfree(p);
		cpt_err(d->ctx, "a TCP connection's queues do not hold the bytes its sequence numbers count (or a SYN or FIN among them): cannot carry it");
		return -EOPNOTSUPP;
	}
	*buf = p;
	*len = sizeof(t);
	return 0;
}

static int cpt_tcp_queue(struct cpt_dump *d, u64 id, u32 queue, const u8 *data, u32 len)
{
	struct vzcpt_img_tcp_queue q = { .queue = queue };
	int err = 0;

	while (len && !err) {
		q.len = min(len, VZCPT_TCPQ_CHUNK);
		err = cpt_write_rec(d, VZCPT_REC_TCP_QUEUE, id, &q, sizeof(q), data, q.len);
		data += q.len;
		len -= q.len;
	}
	return err;
}

/* In the order a restore takes them: the unsent bytes once out of repair mode. */
int cpt_tcp_queues(struct cpt_dump *d, u64 id, const void *buf)
{
	const struct vzcpt_img_tcp *t = buf;
	const u8 *snd = (const u8 *)(t + 1);
	u32 sent = t->snd_len - t->snd_unsent;

	return cpt_tcp_queue(d, id, VZCPT_TCPQ_SEND, snd, sent) ?:
	       cpt_tcp_queue(d, id, VZCPT_TCPQ_RECV, snd + t->snd_len, t->rcv_len) ?:
	       cpt_tcp_queue(d, id, VZCPT_TCPQ_UNSENT, snd + sent, t->snd_unsent);
}
