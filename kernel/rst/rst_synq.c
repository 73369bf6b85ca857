// SPDX-License-Identifier: GPL-2.0
/*
 * A TCP listener's connections in their handshake (SYN_RECV), given back
 * (cpt_synq.c). Each record is kept, as of the listener restored last, until
 * its FILE record; there, once the listener listens and its connections not
 * accepted yet are back, each becomes a request as the kernel makes one from
 * a SYN (tcp_conn_request(), with tcp_openreq_init(), tcp_v4_init_req() or
 * tcp_v6_init_req(), tcp_openreq_init_rwin()), holding its listener, and
 * joins the established hash and the listener's count with its timer
 * (inet_csk_reqsk_queue_hash_add()). The client's ACK, or data under
 * TCP_DEFER_ACCEPT, then makes it a connection accept() gives; its timer
 * sends the SYN-ACK again as it would have.
 *
 * No call makes a request but the kernel's SYN handlers, from a received
 * SYN: the fields they set are set here from the image, the rest as they
 * set them. The SYN-ACK's sender (af_specific) is the kernel's own, found
 * by kallsyms (rst_main.c). The timestamps go on from our clock's value at
 * the dump, as a restored connection's do (TCP_TIMESTAMP).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/list.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>
#include <net/inet_connection_sock.h>
#include <net/ipv6.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <net/tcp.h>
#include <net/transp_v6.h>

#include "rst_context.h"
#include "rst_inet.h"
#include "rst_ksyms.h"

struct rst_synq_req {
	struct list_head node;
	struct vzcpt_img_tcp_req r;
};

int rst_synq_note(struct rst_context *ctx)
{
	struct rst_synq_req *q;
	int err;

	err = rst_payload(ctx, VZCPT_REC_TCP_REQ, sizeof(q->r));
	if (err)
		return err;
	/* Checked (img_check.c): right after its listener's record, or others of it. */
	if (ctx->rd.hdr.id != ctx->acceptq_lid) {
		rst_err(ctx, "the image is corrupt: a TCP connection being opened on listener %llu, not %llu",
			ctx->rd.hdr.id, ctx->acceptq_lid);
		return -EINVAL;
	}
	q = kmalloc(sizeof(*q), GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	memcpy(&q->r, ctx->rd.buf, sizeof(q->r));
	list_add_tail(&q->node, &ctx->synq);
	return 0;
}

/* Where the SYN came from and went to; of the listener's device, as tcp_v4_init_req() has it. */
static void rst_synq_addrs(struct sock *lsk, struct request_sock *req,
			   const struct vzcpt_img_tcp_req *r)
{
	struct inet_request_sock *ireq = inet_rsk(req);
	__be32 a;

	if (r->family == AF_INET6) {
		memcpy(&ireq->ir_v6_loc_addr, r->loc_addr, 16);
		memcpy(&ireq->ir_v6_rmt_addr, r->rmt_addr, 16);
	} else {
		memcpy(&a, r->loc_addr, 4);
		sk_rcv_saddr_set(req_to_sk(req), a);
		memcpy(&a, r->rmt_addr, 4);
		sk_daddr_set(req_to_sk(req), a);
	}
	ireq->ir_rmt_port = htons(r->rmt_port);
	ireq->ir_num = inet_sk(lsk)->inet_num;
	ireq->ir_iif = READ_ONCE(lsk->sk_bound_dev_if);
	ireq->ir_mark = READ_ONCE(lsk->sk_mark);
	ireq->no_srccheck = inet_sk(lsk)->transparent;
}

/* What the client's SYN said and ours answered, and where the handshake is. */
static void rst_synq_fill(struct sock *lsk, struct request_sock *req,
			  const struct vzcpt_img_tcp_req *r)
{
	struct inet_request_sock *ireq = inet_rsk(req);
	struct tcp_request_sock *treq = tcp_rsk(req);

	req->syncookie = 0;
	req->mss = r->mss;
	req->ts_recent = r->ts_recent;
	req->num_retrans = r->retrans;
	req->num_timeout = r->timeouts;
	req->rsk_rcv_wnd = r->rcv_wnd;
	req->rsk_window_clamp = r->window_clamp;
	/* No security module saw a SYN: as one that sets none. */
	req->secid = 0;
	req->peer_secid = 0;
	rst_synq_addrs(lsk, req, r);
	ireq->tstamp_ok = !!(r->flags & VZCPT_TCP_REQ_TSTAMP);
	ireq->sack_ok = !!(r->flags & VZCPT_TCP_REQ_SACK);
	ireq->wscale_ok = !!(r->flags & VZCPT_TCP_REQ_WSCALE);
	ireq->snd_wscale = r->snd_wscale;
	ireq->rcv_wscale = r->rcv_wscale;
	ireq->ecn_ok = !!(r->flags & VZCPT_TCP_REQ_ECN);
	ireq->acked = !!(r->flags & VZCPT_TCP_REQ_ACKED);
	ireq->smc_ok = 0;
	treq->af_specific = r->family == AF_INET6 ? ksym_tcp_request_sock_ipv6_ops :
			    ksym_tcp_request_sock_ipv4_ops;
	/* No RTT sample from a SYN-ACK sent before the dump (tcp_synack_rtt_meas()). */
	treq->snt_synack = 0;
	treq->tfo_listener = false;
	treq->is_mptcp = false;
#if IS_ENABLED(CONFIG_MPTCP)
	treq->drop_req = false;
#endif
	treq->txhash = net_tx_rndhash();
	treq->rcv_isn = r->rcv_isn;
	treq->rcv_nxt = r->rcv_isn + 1;
	treq->snt_isn = r->snt_isn;
	treq->ts_off = ireq->tstamp_ok ? r->timestamp - tcp_time_stamp_raw() : 0;
	treq->last_oow_ack_time = 0;
	treq->syn_tos = r->tos;
	sk_rx_queue_clear(req_to_sk(req));
}

/*
 * A request of the listener's protocol (IPv4's for an IPv4 client of an
 * IPv6 listener, as tcp_v6_conn_request() passes it on), holding it.
 */
static int rst_synq_add(struct sock *lsk, const struct vzcpt_img_tcp_req *r)
{
	struct request_sock_queue *queue = &inet_csk(lsk)->icsk_accept_queue;
	const struct request_sock_ops *ops;
	struct request_sock *req;
	unsigned long timeout;

	ops = r->family == AF_INET6 ? tcpv6_prot.rsk_prot : tcp_prot.rsk_prot;
	req = inet_reqsk_alloc(ops, lsk, true);
	if (!req)
		return -ENOMEM;
	rst_synq_fill(lsk, req, r);
	/* Its timer goes on where it was: TCP_TIMEOUT_INIT backed off as often as it expired. */
	timeout = reqsk_timeout(req, TCP_RTO_MAX);
	/* Listening under our lock (rst_synq()): it takes it, or has one of its addresses. */
	local_bh_disable();
	if (!inet_csk_reqsk_queue_hash_add(lsk, req, timeout)) {
		local_bh_enable();
		reqsk_free(req);
		return -EEXIST;
	}
	/* Counted young there; one whose timer expired is no longer (reqsk_timer_handler()). */
	if (req->num_timeout)
		atomic_dec(&queue->young);
	local_bh_enable();
	reqsk_put(req);
	return 0;
}

int rst_synq(struct rst_context *ctx, struct socket *lsock)
{
	struct sock *lsk = lsock->sk;
	struct rst_synq_req *q;
	int err = 0;

	if (list_empty(&ctx->synq))
		return 0;
	lock_sock(lsk);
	list_for_each_entry(q, &ctx->synq, node) {
		/* Just made: nothing else holds it to close it. */
		err = lsk->sk_state == TCP_LISTEN ? rst_synq_add(lsk, &q->r) : -EINVAL;
		if (err) {
			rst_err(ctx, "task %d (%s): a TCP listener cannot take back a connection being opened from port %u (error %d)",
				task_pid_vnr(current), current->comm, q->r.rmt_port, err);
			break;
		}
	}
	release_sock(lsk);
	return err;
}

void rst_synq_drop(struct rst_context *ctx)
{
	struct rst_synq_req *q, *next;

	list_for_each_entry_safe(q, next, &ctx->synq, node) {
		list_del(&q->node);
		kfree(q);
	}
}
