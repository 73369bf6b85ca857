// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the connections in their handshake on a TCP listener (SYN_RECV):
 * the client's SYN came and our SYN-ACK went, and its ACK has not come, or,
 * under TCP_DEFER_ACCEPT, came with nothing to read. A busy server has some
 * at any moment, and a TCP_DEFER_ACCEPT one (Apache's default) one for each
 * client that connected and has not spoken yet. Dropped, each client would
 * get a reset at its first segment after the restore.
 *
 * Each is a struct request_sock in the namespace's established hash, which
 * holds its listener; no call lists them (inet_diag gives their addresses,
 * not their sequence numbers and options). They are read from the hash
 * (cpt_ehash_walk()), only for a listener that counts some
 * (reqsk_queue_len()). The CT's packets are held: none is made or
 * completed meanwhile; each is held while it is read. Its timer runs on,
 * which counts its SYN-ACKs sent again (into the held queue) or lets it go.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>
#include <net/inet_connection_sock.h>
#include <net/ipv6.h>
#include <net/request_sock.h>
#include <net/tcp.h>
#include <net/transp_v6.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_inet.h"

struct cpt_synq {
	struct sock *lsk;
	struct request_sock **reqs;
	u32 n, max;
};

/* Holds @sk if it is a request of the listener; false past the most it counts. */
static bool cpt_synq_take(struct sock *sk, void *arg)
{
	struct cpt_synq *q = arg;
	struct request_sock *req;

	if (sk->sk_state != TCP_NEW_SYN_RECV)
		return true;
	req = inet_reqsk(sk);
	if (req->rsk_listener != q->lsk || !refcount_inc_not_zero(&req->rsk_refcnt))
		return true;
	if (q->n == q->max) {
		reqsk_put(req);
		return false;
	}
	q->reqs[q->n++] = req;
	return true;
}

/* Of the listener's own protocol, as the kernel made it from a SYN alone, or what it has more. */
static const char *cpt_synq_kind(struct sock *lsk, struct request_sock *req)
{
	struct inet_request_sock *ireq = inet_rsk(req);
	struct tcp_request_sock *treq = tcp_rsk(req);
	bool v6 = req->rsk_ops->family == AF_INET6;

	if (req->rsk_ops != (v6 ? tcpv6_prot.rsk_prot : tcp_prot.rsk_prot) || treq->is_mptcp)
		return "of another protocol (MPTCP)";
	if (treq->tfo_listener || req->syncookie)
		return "opened by TCP Fast Open or a SYN cookie";
	if (treq->rcv_nxt != treq->rcv_isn + 1)
		return "with data in its SYN";
	if (req->saved_syn)
		return "whose SYN is kept (TCP_SAVE_SYN)";
	if (v6 ? ireq->pktopts || ireq->ipv6_opt : !!rcu_access_pointer(ireq->ireq_opt))
		return "with IP options, or the SYN's ancillary data kept (IPV6_RECVPKTINFO...)";
	if (ireq->ir_iif != READ_ONCE(lsk->sk_bound_dev_if))
		return "from a link-local address, on its interface";
	if (ireq->ir_mark != READ_ONCE(lsk->sk_mark))
		return "with its SYN's firewall mark (net.ipv4.tcp_fwmark_accept)";
	if (ireq->smc_ok)
		return "of SMC";
	if (req->num_timeout > VZCPT_TCP_REQ_TIMEOUTS_MAX)
		return "whose SYN-ACK's timer expired more than 63 times";
	return NULL;
}

static void cpt_synq_fill(struct request_sock *req, struct vzcpt_img_tcp_req *r)
{
	struct inet_request_sock *ireq = inet_rsk(req);
	struct tcp_request_sock *treq = tcp_rsk(req);

	memset(r, 0, sizeof(*r));
	r->family = req->rsk_ops->family;
	r->rmt_port = ntohs(ireq->ir_rmt_port);
	if (r->family == AF_INET6) {
		memcpy(r->loc_addr, &ireq->ir_v6_loc_addr, 16);
		memcpy(r->rmt_addr, &ireq->ir_v6_rmt_addr, 16);
	} else {
		memcpy(r->loc_addr, &ireq->ir_loc_addr, 4);
		memcpy(r->rmt_addr, &ireq->ir_rmt_addr, 4);
	}
	r->rcv_isn = treq->rcv_isn;
	r->snt_isn = treq->snt_isn;
	if (ireq->tstamp_ok) {
		r->flags |= VZCPT_TCP_REQ_TSTAMP;
		/* What our SYN-ACK's TSval counts: tcp_synack_options(). */
		r->timestamp = tcp_time_stamp_raw() + treq->ts_off;
		r->ts_recent = req->ts_recent;
	}
	if (ireq->sack_ok)
		r->flags |= VZCPT_TCP_REQ_SACK;
	if (ireq->wscale_ok) {
		r->flags |= VZCPT_TCP_REQ_WSCALE;
		r->snd_wscale = ireq->snd_wscale;
		r->rcv_wscale = ireq->rcv_wscale;
	}
	if (ireq->ecn_ok)
		r->flags |= VZCPT_TCP_REQ_ECN;
	if (ireq->acked)
		r->flags |= VZCPT_TCP_REQ_ACKED;
	r->rcv_wnd = req->rsk_rcv_wnd;
	r->window_clamp = req->rsk_window_clamp;
	r->mss = req->mss;
	r->retrans = req->num_retrans;
	r->timeouts = req->num_timeout;
	r->tos = treq->syn_tos;
}

int cpt_synq(struct cpt_dump *d, struct sock *sk, u64 id)
{
	struct cpt_synq q = {
		.lsk = sk, .max = reqsk_queue_len(&inet_csk(sk)->icsk_accept_queue),
	};
	struct vzcpt_img_tcp_req r;
	const char *no = NULL;
	int err = 0;
	u32 i;

	if (!q.max)
		return 0;
	q.reqs = kvmalloc_array(q.max, sizeof(*q.reqs), GFP_KERNEL);
	if (!q.reqs)
		return -ENOMEM;
	if (!cpt_ehash_walk(sock_net(sk), cpt_synq_take, &q)) {
		cpt_err(d->ctx, "a TCP listener of port %u has more connections being opened than the %u it counts: cannot be carried",
			inet_sk(sk)->inet_num, q.max);
		err = -EOPNOTSUPP;
	}
	for (i = 0; i < q.n && !err; i++) {
		no = cpt_synq_kind(sk, q.reqs[i]);
		if (no) {
			cpt_err(d->ctx, "%s has a connection being opened (SYN_RECV) %s: it cannot be carried yet",
				cpt_inet_name(sk), no);
			err = -EOPNOTSUPP;
			break;
		}
		cpt_synq_fill(q.reqs[i], &r);
		err = cpt_write_rec(d, VZCPT_REC_TCP_REQ, id, &r, sizeof(r), NULL, 0);
	}
	for (i = 0; i < q.n; i++)
		reqsk_put(q.reqs[i]);
	kvfree(q.reqs);
	return err;
}
