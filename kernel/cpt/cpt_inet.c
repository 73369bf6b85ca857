// SPDX-License-Identifier: GPL-2.0
/*
 * Dump TCP, UDP, ping and raw sockets over IPv4 and IPv6: family, type,
 * addresses and ports, state (a TCP socket unbound, bound, listening or
 * connected; a datagram socket bound or connected, with the datagrams
 * queued to be read), and the IP, IPv6, TCP and raw options a restore can
 * set back through setsockopt; a listener's connections not accepted yet
 * follow it (cpt_acceptq.c), then those in their handshake (cpt_synq.c);
 * a datagram or raw socket's multicast state follows its record
 * (cpt_mcast.c). What is not carried (options with no way back) refuses
 * the dump by name.
 *
 * The CT's packets are held (cpt_net.c) and its tasks frozen: nothing
 * moves a socket's state or queues while it is read.
 *
 * Fields are read from struct inet_sock, ipv6_pinfo, tcp_sock and
 * inet_connection_sock: the getsockopt() handlers that give them
 * (do_tcp_getsockopt, do_ip_getsockopt, do_ipv6_getsockopt) write to user
 * memory only, and some of them (a listener's queue lengths, multicast
 * lists, IP options' presence, TCP_CONGESTION set by the user) no
 * interface gives at all.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/in.h>
#include <linux/in6.h>
#include <linux/ipv6.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/vzcpt_image.h>
#include <net/inet_connection_sock.h>
#include <net/inet_hashtables.h>
#include <net/inet_sock.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ipv6.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/udp.h>

#include "../common/img_check.h"
#include "../common/vz_inet.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_inet.h"
#include "cpt_sock.h"

const char *cpt_inet_name(const struct sock *sk)
{
	return vz_inet_name(sk->sk_family, sk->sk_type, sk->sk_protocol);
}

static int cpt_inet_refuse(struct cpt_dump *d, struct sock *sk, const char *what)
{
	cpt_err(d->ctx, "%s with %s cannot be carried yet%s", cpt_inet_name(sk), what,
		sk->sk_socket ? "" : sock_flag(sk, SOCK_DEAD) ?
		" (a connection its task closed)" :
		" (a connection its listener has not accepted)");
	return -EOPNOTSUPP;
}

/* IP_CMSG_* a restore sets back, and their VZCPT_INET_RECV_* bits. */
static const struct {
	u16 cmsg;
	u8 recv;
} cpt_ip_cmsgs[] = {
	{ IP_CMSG_PKTINFO, VZCPT_INET_RECV_PKTINFO },
	{ IP_CMSG_TTL, VZCPT_INET_RECV_TTL },
	{ IP_CMSG_TOS, VZCPT_INET_RECV_TOS },
	{ IP_CMSG_ORIGDSTADDR, VZCPT_INET_RECV_ORIGDST },
};

/* The IPv4 level, which IPv6 sockets have too. */
static const char *cpt_ip_opts(struct sock *sk, struct vzcpt_img_inet *r)
{
	struct inet_sock *inet = inet_sk(sk);
	u16 cmsg = inet->cmsg_flags;
	unsigned int i;

	if (rcu_access_pointer(inet->inet_opt))
		return "IP options (IP_OPTIONS)";
	if (inet->transparent)
		return "IP_TRANSPARENT";
	if (inet->nodefrag)
		return "IP_NODEFRAG";
	if (inet->min_ttl)
		return "IP_MINTTL";
	if (inet->recverr_rfc4884)
		return "IP_RECVERR_RFC4884";
	/*
	 * The multicast options and groups are a datagram or raw socket's
	 * (cpt_mcast.c). An accepted TCP socket has its SYN's interface and
	 * TTL there (tcp_v4_syn_recv_sock()), which are not carried.
	 */
	if (inet->uc_index)
		return "IP_UNICAST_IF";
	if (inet->local_port_range.lo || inet->local_port_range.hi)
		return "IP_LOCAL_PORT_RANGE";
	for (i = 0; i < ARRAY_SIZE(cpt_ip_cmsgs); i++) {
		if (cmsg & cpt_ip_cmsgs[i].cmsg)
			r->recv4 |= cpt_ip_cmsgs[i].recv;
		cmsg &= ~cpt_ip_cmsgs[i].cmsg;
	}
	if (cmsg)
		return "IP_RECVOPTS, IP_RETOPTS, IP_PASSSEC, IP_CHECKSUM or IP_RECVFRAGSIZE";
	r->ttl = inet->uc_ttl;
	/* A TCP connection's ECN bits are its own (INET_ECN_xmit()), not IP_TOS's. */
	r->tos = sk->sk_type == SOCK_STREAM ? inet->tos & ~INET_ECN_MASK : inet->tos;
	if (inet->recverr)
		r->flags |= VZCPT_INET_RECVERR;
	if (inet->freebind)
		r->flags |= VZCPT_INET_FREEBIND;
	if (inet->bind_address_no_port)
		r->flags |= VZCPT_INET_NO_PORT;
	if (sk->sk_family == AF_INET)
		r->pmtudisc = inet->pmtudisc;
	return NULL;
}

static const char *cpt_ipv6_opts(struct sock *sk, struct vzcpt_img_inet *r)
{
	const struct ipv6_pinfo *np = inet6_sk(sk);
	u16 rx;

	if (!np)
		return "no IPv6 state";
	if (np->ipv6_ac_list || rcu_access_pointer(np->ipv6_fl_list))
		return "IPv6 anycast or flow label memberships";
	if (rcu_access_pointer(np->opt) || np->pktoptions)
		return "IPv6 options (IPV6_HOPOPTS, IPV6_RTHDR...)";
	if (np->ucast_oif)
		return "IPV6_UNICAST_IF";
	if (np->sndflow)
		return "IPV6_FLOWINFO_SEND";
	if (np->srcprefs)
		return "IPV6_ADDR_PREFERENCES";
	if (np->dontfrag)
		return "IPV6_DONTFRAG";
	if (np->autoflowlabel_set)
		return "IPV6_AUTOFLOWLABEL";
	if (np->recverr_rfc4884)
		return "IPV6_RECVERR_RFC4884";
	if (np->rtalert_isolate)
		return "IPV6_ROUTER_ALERT_ISOLATE";
	if (np->min_hopcount)
		return "IPV6_MINHOPCOUNT";
	/* Its hop limit is what IPV6_UNICAST_HOPS gives: IP_TTL's would be lost. */
	if (inet_sk(sk)->uc_ttl != -1)
		return "IP_TTL on an IPv6 socket";
	if (!ipv6_addr_any(&np->sticky_pktinfo.ipi6_addr) || np->sticky_pktinfo.ipi6_ifindex)
		return "IPV6_PKTINFO (a sticky source)";
	rx = np->rxopt.all;
	if (np->rxopt.bits.rxinfo)
		r->recv6 |= VZCPT_INET_RECV_PKTINFO;
	if (np->rxopt.bits.rxhlim)
		r->recv6 |= VZCPT_INET_RECV_TTL;
	if (np->rxopt.bits.rxtclass)
		r->recv6 |= VZCPT_INET_RECV_TOS;
	if (np->rxopt.bits.rxorigdstaddr)
		r->recv6 |= VZCPT_INET_RECV_ORIGDST;
	if (hweight16(rx) != hweight8(r->recv6))
		return "IPv6 ancillary data beyond PKTINFO, HOPLIMIT, TCLASS, ORIGDSTADDR";
	r->ttl = np->hop_limit;
	r->tclass = np->tclass;
	r->pmtudisc = np->pmtudisc;
	if (np->recverr)
		r->flags |= VZCPT_INET_RECVERR;
	if (sk->sk_ipv6only)
		r->flags |= VZCPT_INET_V6ONLY;
	return NULL;
}

/* The seconds TCP_DEFER_ACCEPT gives for @retrans, as tcp.c's retrans_to_secs() counts them. */
static u32 cpt_defer_secs(u8 retrans)
{
	int timeout = TCP_TIMEOUT_INIT / HZ, rto_max = TCP_RTO_MAX / HZ;
	u32 period = 0;

	if (retrans > 0) {
		period = timeout;
		while (--retrans) {
			timeout <<= 1;
			if (timeout > rto_max)
				timeout = rto_max;
			period += timeout;
		}
	}
	return period;
}

/*
 * What a TCP socket's TCP_OPTS record carries (struct vzcpt_img_tcp_opts),
 * but on an orphan or a connection not accepted yet, whose restore has no
 * socket to set them on afterwards: there the options are refused, as they
 * were, and the soft error dropped (no task reads it any more).
 */
static const char *cpt_tcp_extra(struct sock *sk, const struct vzcpt_img_inet *r,
				 struct vzcpt_img_tcp_opts *t)
{
	struct tcp_sock *tp = tcp_sk(sk);
	bool own = img_tcp_opts_ok(r->state);
	int linger2 = READ_ONCE(tp->linger2);

	t->notsent_lowat = READ_ONCE(tp->notsent_lowat);
	if (t->notsent_lowat && !own)
		return "TCP_NOTSENT_LOWAT";
	if (tp->window_clamp && img_tcp_clamp_own(r->state)) {
		if (!own || tp->window_clamp > INT_MAX)
			return "TCP_WINDOW_CLAMP";
		t->window_clamp = tp->window_clamp;
	}
	/* do_tcp_setsockopt(): -1, or seconds in jiffies up to TCP_FIN_TIMEOUT_MAX. */
	if (linger2) {
		if (!own || (linger2 > 0 && linger2 % HZ) ||
		    linger2 > VZCPT_TCP_LINGER2_MAX * HZ)
			return "TCP_LINGER2";
		t->linger2 = linger2 < 0 ? -1 : linger2 / HZ;
	}
	/* Read directly: SO_ERROR, the one call that reads it, takes it. */
	if (own)
		t->err_soft = clamp(READ_ONCE(sk->sk_err_soft), 0, 0xffff);
	/* Its task's choice; else the namespace's default, which a restore takes again. */
	if (inet_csk(sk)->icsk_ca_setsockopt) {
		if (!own)
			return "TCP_CONGESTION";
		BUILD_BUG_ON(sizeof(t->congestion) != TCP_CA_NAME_MAX);
		strscpy_pad(t->congestion, inet_csk(sk)->icsk_ca_ops->name, sizeof(t->congestion));
	}
	return NULL;
}

static const char *cpt_tcp_opts(struct sock *sk, struct vzcpt_img_inet *r,
				struct vzcpt_img_tcp_opts *t)
{
	struct inet_connection_sock *icsk = inet_csk(sk);
	struct tcp_sock *tp = tcp_sk(sk);

	/* Its task's own repair: what it connects or queues next skips the protocol. */
	if (tp->repair)
		return "TCP_REPAIR on";
	if (icsk->icsk_ulp_ops)
		return "an upper layer protocol (TCP_ULP)";
#ifdef CONFIG_TCP_MD5SIG
	if (rcu_access_pointer(tp->md5sig_info))
		return "TCP MD5 signatures (TCP_MD5SIG)";
#endif
	if (icsk->icsk_accept_queue.fastopenq.max_qlen || tp->fastopen_connect ||
	    tp->fastopen_no_cookie)
		return "TCP Fast Open (TCP_FASTOPEN*)";
	if (tp->save_syn)
		return "TCP_SAVE_SYN";
	if (tp->thin_lto)
		return "TCP_THIN_LINEAR_TIMEOUTS";
	if (tp->recvmsg_inq)
		return "TCP_INQ";
	if (tp->tcp_tx_delay)
		return "TCP_TX_DELAY";
	if (tp->nonagle & ~(TCP_NAGLE_OFF | TCP_NAGLE_CORK | TCP_NAGLE_PUSH))
		return "an unknown Nagle setting";
	if (tp->nonagle & TCP_NAGLE_OFF)
		r->flags |= VZCPT_INET_NODELAY;
	if (tp->nonagle & TCP_NAGLE_CORK)
		r->flags |= VZCPT_INET_CORK;
	r->keepidle = tp->keepalive_time / HZ;
	r->keepintvl = tp->keepalive_intvl / HZ;
	r->keepcnt = tp->keepalive_probes;
	r->user_timeout = icsk->icsk_user_timeout;
	r->maxseg = tp->rx_opt.user_mss;
	r->syncnt = icsk->icsk_syn_retries;
	r->defer_accept = cpt_defer_secs(icsk->icsk_accept_queue.rskq_defer_accept);
	return cpt_tcp_extra(sk, r, t);
}

static const char *cpt_udp_opts(struct sock *sk)
{
	struct udp_sock *up = udp_sk(sk);

	if (up->pending || udp_test_bit(CORK, sk))
		return "UDP_CORK or corked data";
	if (up->encap_type || udp_test_bit(ENCAP_ENABLED, sk))
		return "UDP_ENCAP";
	if (udp_test_bit(NO_CHECK6_TX, sk) || udp_test_bit(NO_CHECK6_RX, sk))
		return "UDP_NO_CHECK6_TX or UDP_NO_CHECK6_RX";
	if (up->gso_size || udp_test_bit(GRO_ENABLED, sk))
		return "UDP_SEGMENT or UDP_GRO";
	return NULL;
}

static const char * const cpt_tcp_states[] = {
	[TCP_ESTABLISHED] = "an established connection shut down for writing without a FIN",
	[TCP_SYN_SENT] = "a connection being opened (SYN_SENT) with no connect() in progress",
	[TCP_SYN_RECV] = "a connection being opened (SYN_RECV)",
	[TCP_FIN_WAIT1] = "a connection being closed (FIN_WAIT1)",
	[TCP_FIN_WAIT2] = "a connection being closed (FIN_WAIT2)",
	[TCP_TIME_WAIT] = "a connection in TIME_WAIT",
	[TCP_CLOSE] = "a closed connection in an unexpected state",
	[TCP_CLOSE_WAIT] = "a connection its peer has closed (CLOSE_WAIT), shut down here too",
	[TCP_LAST_ACK] = "a connection being closed (LAST_ACK)",
	[TCP_LISTEN] = "an unexpected listen state",
	[TCP_CLOSING] = "a connection being closed (CLOSING)",
	[TCP_NEW_SYN_RECV] = "a connection being opened (NEW_SYN_RECV)",
};

/*
 * A connection a listener has not accepted yet (it has no socket): one
 * that the peer may have shut down, as any established one, or reset
 * (tcp_done(): accept() gives it, with what is left to read and its error).
 */
static const char *cpt_acceptq_state(struct sock *sk, struct vzcpt_img_inet *r)
{
	u8 st = sk->sk_state;

	if ((st == TCP_ESTABLISHED && !sk->sk_shutdown) ||
	    (st == TCP_CLOSE_WAIT && sk->sk_shutdown == RCV_SHUTDOWN) ||
	    (st == TCP_CLOSE && sk->sk_shutdown == SHUTDOWN_MASK)) {
		r->state = VZCPT_INET_ACCEPTQ;
		return NULL;
	}
	return "a connection not accepted yet that is being opened or closed";
}

/*
 * A connection its task closed that the kernel still closes: its FIN sent
 * or to send, and not acknowledged yet (cpt_orphan.c chooses these).
 */
static const char *cpt_orphan_state(struct sock *sk, struct vzcpt_img_inet *r)
{
	if (cpt_orphan_carried(sk)) {
		r->state = VZCPT_INET_ORPHAN;
		return NULL;
	}
	return "a connection its task closed, in an unexpected state";
}

/* The state: what each protocol carries, and only that. */
static const char *cpt_inet_state(struct sock *sk, struct vzcpt_img_inet *r)
{
	struct socket *sock = sk->sk_socket;
	u8 st = sk->sk_state;

	if (!sock)
		return sock_flag(sk, SOCK_DEAD) ? cpt_orphan_state(sk, r) :
		       cpt_acceptq_state(sk, r);
	if (sk->sk_type == SOCK_STREAM) {
		if (st == TCP_LISTEN) {
			/* Its connections not accepted follow it (cpt_acceptq.c, cpt_synq.c). */
			r->state = VZCPT_INET_LISTEN;
			r->backlog = READ_ONCE(sk->sk_max_ack_backlog);
			return NULL;
		}
		if (st == TCP_CLOSE && sock->state == SS_UNCONNECTED && !sk->sk_shutdown) {
			r->state = VZCPT_INET_CLOSED;
			return NULL;
		}
		/*
		 * Or one whose peer's FIN came, which still sends, or whose own
		 * FIN went, which still receives, or both, in either order
		 * (cpt_tcp.c); reading shut down by its task or not.
		 */
		if ((st == TCP_ESTABLISHED && !(sk->sk_shutdown & SEND_SHUTDOWN)) ||
		    ((st == TCP_FIN_WAIT1 || st == TCP_FIN_WAIT2) &&
		     (sk->sk_shutdown & SEND_SHUTDOWN))) {
			r->state = VZCPT_INET_ESTABLISHED;
			if (sk->sk_shutdown & RCV_SHUTDOWN)
				r->flags |= VZCPT_INET_SHUT_RD;
			return NULL;
		}
		/* Or its connect() waits for the answer to its SYN: carried, sent again. */
		if (st == TCP_SYN_SENT && sock->state == SS_CONNECTING) {
			if (tcp_sk(sk)->write_seq - tcp_sk(sk)->snd_una != 1)
				return "data in the SYN of its connect() (TCP Fast Open)";
			r->state = VZCPT_INET_CONNECTING;
			return NULL;
		}
		/* Or it failed (tcp_done()), its task not told yet: carried, told after. */
		if (st == TCP_CLOSE && sock->state == SS_CONNECTING &&
		    sk->sk_shutdown == SHUTDOWN_MASK) {
			if (cpt_tcp_ports_taken(sk))
				return "a failed connect() whose ports a newer connection took";
			r->state = VZCPT_INET_CONNFAILED;
			return NULL;
		}
		/* Or one that has ended, its task not told yet or told (VZCPT_TCP_ENDED). */
		if (st == TCP_CLOSE && sock->state == SS_CONNECTED &&
		    sk->sk_shutdown == SHUTDOWN_MASK) {
			r->state = VZCPT_INET_ESTABLISHED;
			return NULL;
		}
		if ((st == TCP_CLOSE_WAIT && sk->sk_shutdown == RCV_SHUTDOWN) ||
		    ((st == TCP_LAST_ACK || st == TCP_CLOSING) &&
		     sk->sk_shutdown == SHUTDOWN_MASK)) {
			r->state = VZCPT_INET_ESTABLISHED;
			return NULL;
		}
		return st < ARRAY_SIZE(cpt_tcp_states) && cpt_tcp_states[st] ?
		       cpt_tcp_states[st] : "an unknown TCP state";
	}
	if (st == TCP_ESTABLISHED)
		r->state = VZCPT_INET_CONNECTED;
	else if (st == TCP_CLOSE)
		r->state = VZCPT_INET_CLOSED;
	else
		return "an unknown datagram socket state";
	/* shutdown() sets these on any datagram socket, connected or not (inet_shutdown()). */
	if (sk->sk_shutdown & RCV_SHUTDOWN)
		r->flags |= VZCPT_INET_SHUT_RD;
	if (sk->sk_shutdown & SEND_SHUTDOWN)
		r->flags |= VZCPT_INET_SHUT_WR;
	return NULL;
}

static void cpt_inet_addrs(struct sock *sk, struct vzcpt_img_inet *r)
{
	struct inet_sock *inet = inet_sk(sk);

	if (sk->sk_family == AF_INET6) {
		memcpy(r->saddr, &sk->sk_v6_rcv_saddr, 16);
		memcpy(r->daddr, &sk->sk_v6_daddr, 16);
	} else {
		memcpy(r->saddr, &inet->inet_rcv_saddr, 4);
		memcpy(r->daddr, &inet->inet_daddr, 4);
	}
	/* A raw socket's inet_num is its protocol: bound is having an address. */
	if (sk->sk_type == SOCK_RAW) {
		if (memchr_inv(r->saddr, 0, sizeof(r->saddr)))
			r->flags |= VZCPT_INET_BOUND;
	} else {
		/* An ended connection that gave its port back names it still (tcp_set_state()). */
		r->sport = inet->inet_num;
		if (!r->sport && img_inet_tcp_repaired(r->state))
			r->sport = ntohs(inet->inet_sport);
		if (r->sport)
			r->flags |= VZCPT_INET_BOUND;
		if (r->sport && !(sk->sk_userlocks & SOCK_BINDPORT_LOCK) &&
		    (sk->sk_type == SOCK_STREAM || vz_inet_udp(sk->sk_type, sk->sk_protocol)))
			r->flags |= VZCPT_INET_AUTOPORT;
	}
	if (img_inet_has_peer(r->state))
		r->dport = ntohs(inet->inet_dport);
	else
		memset(r->daddr, 0, sizeof(r->daddr));
}

/* What is pending beyond the socket's state: its error (carried), its error queue. */
static const char *cpt_inet_pending(struct sock *sk, struct vzcpt_img_inet *r)
{
	int err = READ_ONCE(sk->sk_err);

	/* An orphan's, which no task reads any more, goes as tcp_close() forgets its data. */
	if (err && r->state != VZCPT_INET_ORPHAN) {
		if (!img_inet_err_ok(r->state))
			return "a pending error (SO_ERROR) in its state";
		r->err = err;
	}
	if (!skb_queue_empty_lockless(&sk->sk_error_queue))
		return "messages in its error queue (MSG_ERRQUEUE)";
	return NULL;
}

/* Refuse, naming it, a socket of the inet families no record carries. */
static int cpt_inet_kind(struct cpt_dump *d, struct sock *sk)
{
	const char *fam = sk->sk_family == AF_INET6 ? "IPv6" : "IPv4";
	u16 ping = sk->sk_family == AF_INET6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP;

	if (sk->sk_type == SOCK_STREAM && sk->sk_protocol == IPPROTO_TCP)
		return 0;
	if (sk->sk_type == SOCK_DGRAM &&
	    (sk->sk_protocol == IPPROTO_UDP || sk->sk_protocol == ping))
		return 0;
	if (sk->sk_type == SOCK_RAW)
		return 0;
	if (sk->sk_protocol == IPPROTO_UDPLITE)
		cpt_err(d->ctx, "a UDP-Lite/%s socket cannot be carried yet", fam);
	else
		cpt_err(d->ctx, "an %s socket of type %u, protocol %u cannot be carried yet", fam,
			sk->sk_type, sk->sk_protocol);
	return -EOPNOTSUPP;
}

/* The options of its protocol, or what it has that cannot be carried. */
static const char *cpt_proto_opts(struct sock *sk, struct vzcpt_img_inet *r,
				  struct vzcpt_img_tcp_opts *t)
{
	r->raw_checksum = VZCPT_INET_NO_CHECKSUM;
	if (sk->sk_type == SOCK_STREAM)
		return cpt_tcp_opts(sk, r, t);
	if (sk->sk_peek_off >= 0)
		return "SO_PEEK_OFF";
	if (sk->sk_type == SOCK_RAW)
		return cpt_raw_opts(sk, r);
	return sk->sk_protocol == IPPROTO_UDP ? cpt_udp_opts(sk) : NULL;
}

int cpt_inet_rec(struct cpt_dump *d, struct sock *sk, u64 id)
{
	struct vzcpt_img_tcp_opts t = {};
	struct vzcpt_img_inet r = {};
	bool tcp_conn;
	const char *no;
	void *dgrams = NULL;
	u32 dlen = 0;
	int err;

	err = cpt_inet_kind(d, sk);
	if (err)
		return err;
	err = cpt_sockopt(d, sk, &r.opt);
	if (err)
		return err;
	r.family = sk->sk_family;
	r.type = sk->sk_type;
	r.protocol = sk->sk_protocol;
	lock_sock(sk);
	no = cpt_inet_state(sk, &r) ?: cpt_inet_pending(sk, &r) ?: cpt_ip_opts(sk, &r);
	if (!no && sk->sk_family == AF_INET6)
		no = cpt_ipv6_opts(sk, &r);
	if (!no)
		no = cpt_proto_opts(sk, &r, &t);
	tcp_conn = img_inet_tcp_conn(r.state);
	if (!no) {
		cpt_inet_addrs(sk, &r);
		if (sk->sk_type != SOCK_STREAM)
			err = cpt_dgram_queue(d, sk, &r, &dgrams, &dlen);
		else if (tcp_conn)
			err = cpt_tcp_conn(d, sk, &dgrams, &dlen);
	}
	release_sock(sk);
	if (no)
		return cpt_inet_refuse(d, sk, no);
	if (!err)
		err = cpt_write_rec(d, VZCPT_REC_INET, id, &r, sizeof(r), dgrams, dlen);
	if (!err && tcp_conn)
		err = cpt_tcp_queues(d, id, dgrams);
	kvfree(dgrams);
	if (!err && memchr_inv(&t, 0, sizeof(t)))
		err = cpt_write_rec(d, VZCPT_REC_TCP_OPTS, id, &t, sizeof(t), NULL, 0);
	return err ?: cpt_inet_mcast(d, sk, id) ?: cpt_sock_filter(d, sk, id);
}

bool cpt_ehash_walk(struct net *net, bool (*take)(struct sock *sk, void *arg), void *arg)
{
	struct inet_hashinfo *h = net->ipv4.tcp_death_row.hashinfo;
	struct hlist_nulls_node *node;
	struct sock *sk;
	unsigned int i;

	for (i = 0; i <= h->ehash_mask; i++) {
		struct inet_ehash_bucket *head = &h->ehash[i];
		spinlock_t *lock = inet_ehash_lockp(h, i);

		if (hlist_nulls_empty(&head->chain))
			continue;
		spin_lock_bh(lock);
		sk_nulls_for_each(sk, node, &head->chain) {
			if (net_eq(sock_net(sk), net) && !take(sk, arg)) {
				spin_unlock_bh(lock);
				return false;
			}
		}
		spin_unlock_bh(lock);
		cond_resched();
	}
	return true;
}

int cpt_inet_recs_put(struct cpt_dump *d, struct sock **socks, unsigned int n, int err)
{
	unsigned int i;
	u64 id;

	for (i = 0; i < n && !err; i++) {
		id = cpt_new_id(d);
		err = id ? cpt_inet_rec(d, socks[i], id) : -ENOMEM;
	}
	for (i = 0; i < n; i++)
		sock_put(socks[i]);
	kvfree(socks);
	return err;
}

int cpt_dump_inet(struct cpt_dump *d, struct socket *sock, u64 id)
{
	struct sock *sk = sock->sk;
	int err = cpt_inet_rec(d, sk, id);

	if (err || sk->sk_type != SOCK_STREAM || sk->sk_state != TCP_LISTEN)
		return err;
	return cpt_acceptq(d, sk) ?: cpt_synq(d, sk, id);
}
