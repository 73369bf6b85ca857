// SPDX-License-Identifier: GPL-2.0
/*
 * A held container's TCP connections, as its network namespace's hash of
 * connected sockets holds them (listeners are not there and need nothing).
 * Built into both vzcpt and vzrst.
 *
 * Silenced before a checkpointed CT is killed: its connections live on in
 * the image, so their close must tell the peers nothing, neither a FIN nor
 * a reset. A socket in repair mode closes that way (tcp_close() only
 * disconnects it) and leaves no orphan behind to answer a peer later.
 *
 * Restarted when a held CT runs again, once the packets held for it have
 * been delivered: every retransmission a connection made while held was
 * dropped and doubled its timeout, so after a minute held its next one
 * could be a minute away, a stall its peer would see. The backoff goes back
 * to zero, what the peer has not acknowledged goes out again at once, and
 * an ACK tells the peer where this side stands.
 *
 * Both go through TCP's own interfaces (setsockopt(TCP_REPAIR), the timer
 * and ACK helpers of <net/inet_connection_sock.h> and <net/tcp.h>).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sockptr.h>
#include <linux/tcp.h>
#include <net/inet_hashtables.h>
#include <net/net_namespace.h>
#include <net/tcp.h>

#include "vz_net.h"

/* Sockets taken out of one hash bucket per pass: the bucket's lock is a spinlock. */
#define VZ_TCP_BATCH 16

/*
 * Calls @fn on every connected TCP socket (IPv4 and IPv6) of @net, holding
 * a reference and no lock of the hash; returns how many it called it on.
 */
static unsigned int vz_tcp_each(struct net *net, void (*fn)(struct sock *sk))
{
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;
	struct sock *batch[VZ_TCP_BATCH];
	struct hlist_nulls_node *node;
	unsigned int i, n, k, seen, skip, done = 0;
	struct sock *sk;

	for (i = 0; i <= h->ehash_mask; i++) {
		skip = 0;
		do {
			n = 0;
			seen = 0;
			if (hlist_nulls_empty(&h->ehash[i].chain))
				break;
			spin_lock_bh(inet_ehash_lockp(h, i));
			sk_nulls_for_each(sk, node, &h->ehash[i].chain) {
				/* TIME_WAIT and request sockets are not full sockets. */
				if (!net_eq(sock_net(sk), net) || !sk_fullsock(sk))
					continue;
				if (seen++ < skip)
					continue;
				if (!refcount_inc_not_zero(&sk->sk_refcnt))
					continue;
				batch[n++] = sk;
				if (n == VZ_TCP_BATCH)
					break;
			}
			spin_unlock_bh(inet_ehash_lockp(h, i));
			for (k = 0; k < n; k++) {
				fn(batch[k]);
				sock_put(batch[k]);
			}
			skip += n;
			done += n;
		} while (n == VZ_TCP_BATCH);
	}
	return done;
}

static void vz_tcp_silence_one(struct sock *sk)
{
	int on = TCP_REPAIR_ON;
	int err;

	/* As the writer of /proc/cpt, the host's root: CAP_NET_ADMIN over the CT's network. */
	err = sk->sk_prot->setsockopt(sk, SOL_TCP, TCP_REPAIR, KERNEL_SOCKPTR(&on), sizeof(on));
	if (err)
		pr_warn("a TCP connection of a killed CT may reset its peer: TCP_REPAIR failed (error %d)\n",
			err);
}

/* Before the tasks of a dumped CT are killed: their connections close without a word. */
unsigned int vz_tcp_silence(struct net *net)
{
	return vz_tcp_each(net, vz_tcp_silence_one);
}

#define VZ_TCP_SYNCHRONIZED (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT | TCPF_FIN_WAIT1 | \
			     TCPF_FIN_WAIT2 | TCPF_CLOSING | TCPF_LAST_ACK)

static void vz_tcp_restart_one(struct sock *sk)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	lock_sock(sk);
	if (!tp->repair && ((1 << sk->sk_state) & VZ_TCP_SYNCHRONIZED)) {
		icsk->icsk_backoff = 0;
		/* As TCP sets it: from the smoothed RTT if it has one, else the initial value. */
		if (tp->srtt_us)
			icsk->icsk_rto = clamp(__tcp_set_rto(tp), tcp_rto_min(sk), TCP_RTO_MAX);
		else
			icsk->icsk_rto = TCP_TIMEOUT_INIT;
		if (tp->packets_out)
			inet_csk_reset_xmit_timer(sk, ICSK_TIME_RETRANS, 0, TCP_RTO_MAX);
		__tcp_send_ack(sk, tp->rcv_nxt);
	}
	release_sock(sk);
}

/* When a held CT runs again, after its held packets were delivered. */
unsigned int vz_tcp_restart(struct net *net)
{
	return vz_tcp_each(net, vz_tcp_restart_one);
}
