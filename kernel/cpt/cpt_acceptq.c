// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the connections a TCP listener has not accepted yet: each is an
 * established connection of its own, with no socket until accept() gives
 * it one, held by a request in the listener's accept queue. Each is written
 * as any connection is (cpt_inet.c, cpt_tcp.c), in state VZCPT_INET_ACCEPTQ,
 * in the order accept() would take them; the restore queues them back
 * (rst_acceptq.c). The requests still in their handshake (SYN_RECV) are not
 * in this queue: cpt_synq.c writes them.
 *
 * The queue is read from struct inet_connection_sock's icsk_accept_queue
 * under its lock, as inet_csk_accept() takes from it: no call lists a
 * listener's connections (inet_diag gives only their number). The CT's
 * tasks are frozen and its packets held: none is accepted or added while
 * they are written; each is held meanwhile all the same.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/slab.h>
#include <net/inet_connection_sock.h>
#include <net/request_sock.h>
#include <net/sock.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_inet.h"

/*
 * Holds the @max connections of @sk's queue into @kids; false if the
 * queue holds more or fewer, or a request with none.
 */
static bool cpt_acceptq_hold(struct sock *sk, struct sock **kids, u32 max, u32 *n)
{
	struct request_sock_queue *q = &inet_csk(sk)->icsk_accept_queue;
	struct request_sock *req;
	bool ok = true;

	*n = 0;
	spin_lock_bh(&q->rskq_lock);
	for (req = q->rskq_accept_head; req; req = req->dl_next) {
		if (*n == max || !req->sk) {
			ok = false;
			break;
		}
		sock_hold(req->sk);
		kids[(*n)++] = req->sk;
	}
	spin_unlock_bh(&q->rskq_lock);
	return ok && *n == max;
}

int cpt_acceptq(struct cpt_dump *d, struct sock *sk)
{
	struct sock **kids;
	u32 max, n = 0;
	bool whole = false;
	int err = 0;

	lock_sock(sk);
	max = READ_ONCE(sk->sk_ack_backlog);
	kids = max ? kvmalloc_array(max, sizeof(*kids), GFP_KERNEL) : NULL;
	if (kids)
		whole = cpt_acceptq_hold(sk, kids, max, &n);
	release_sock(sk);
	if (!max)
		return 0;
	if (!kids)
		return -ENOMEM;
	if (!whole) {
		cpt_err(d->ctx, "a TCP listener of port %u counts %u connections not accepted yet, and its queue holds others: cannot be carried",
			inet_sk(sk)->inet_num, max);
		err = -EOPNOTSUPP;
	}
	return cpt_inet_recs_put(d, kids, n, err);
}
