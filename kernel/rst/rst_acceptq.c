// SPDX-License-Identifier: GPL-2.0
/*
 * A TCP listener's connections that accept() had not taken yet, given
 * back to its queue. Each was restored as a socket of its own (rst_inet.c:
 * TCP repair, its queues, its filter), not charged to a memory cgroup as
 * the kernel's own connections in a queue are not; at the listener's FILE
 * record, in the order of the image, each leaves its struct socket and
 * joins the listener's queue as the kernel queues a connection a SYN cookie
 * opened (tcp_get_cookie_sock(): a request of the listener's protocol, not
 * attached to it, holding the connection), so that accept() gives it, its
 * memory cgroup charged then, and a listener closed first resets it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/memcontrol.h>
#include <linux/net.h>
#include <linux/xarray.h>
#include <net/inet_connection_sock.h>
#include <net/request_sock.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "rst_context.h"
#include "rst_inet.h"
#include "rst_sock.h"

/*
 * The kernel makes a queued connection with no memory cgroup (sk_clone_lock())
 * and charges the one of the task that accepts it (inet_csk_accept()); a
 * socket made by sock_create() has its maker's. No call drops it: this is
 * mem_cgroup_sk_free(), which is not exported, done before the socket holds
 * any memory to uncharge.
 */
void rst_acceptq_uncharge(struct sock *sk)
{
#ifdef CONFIG_MEMCG
	if (sk->sk_memcg) {
		css_put(&sk->sk_memcg->css);
		sk->sk_memcg = NULL;
	}
#endif
}

void rst_acceptq_listener(struct rst_context *ctx, u64 id)
{
	rst_acceptq_drop(ctx);
	ctx->acceptq_lid = id;
}

int rst_acceptq_note(struct rst_context *ctx, u64 id)
{
	int err = xa_err(xa_store(&ctx->acceptq, ctx->acceptq_n, xa_mk_value(id), GFP_KERNEL));

	if (!err)
		ctx->acceptq_n++;
	return err;
}

/*
 * @sock's connection leaves it for @lsock's queue. Its struct socket goes
 * as a closed socket's does (sock_orphan()), but the connection lives: the
 * reference the socket had is the queue's, until accept() grafts it to its
 * own socket.
 */
static int rst_acceptq_add(struct rst_context *ctx, struct socket *lsock, struct socket *sock)
{
	struct sock *lsk = lsock->sk, *sk = sock->sk;
	struct request_sock *req;
	struct sock *queued;

	req = inet_reqsk_alloc(lsk->sk_prot->rsk_prot, lsk, false);
	if (!req) {
		sock_release(sock);
		return -ENOMEM;
	}
	tcp_rsk(req)->tfo_listener = false;
	lock_sock(lsk);
	/* Just made: nothing else holds it to close it. */
	if (WARN_ON_ONCE(lsk->sk_state != TCP_LISTEN)) {
		release_sock(lsk);
		__reqsk_free(req);
		sock_release(sock);
		return -EINVAL;
	}
	/* As inet_csk_listen_stop() locks the connections of a listener it holds. */
	lock_sock_nested(sk, SINGLE_DEPTH_NESTING);
	write_lock_bh(&sk->sk_callback_lock);
	sk_set_socket(sk, NULL);
	RCU_INIT_POINTER(sk->sk_wq, NULL);
	write_unlock_bh(&sk->sk_callback_lock);
	release_sock(sk);
	sock->sk = NULL;
	refcount_set(&req->rsk_refcnt, 1);
	/* Its lock is taken in softirqs too; listening under our lock, it takes the connection. */
	local_bh_disable();
	queued = inet_csk_reqsk_queue_add(lsk, req, sk);
	local_bh_enable();
	WARN_ON_ONCE(!queued);
	release_sock(lsk);
	/* With no sock now, inet_release() and inet6_release() leave the connection be. */
	sock_release(sock);
	return 0;
}

int rst_acceptq(struct rst_context *ctx, u64 listener, struct socket *lsock)
{
	struct socket *sock;
	unsigned long i;
	void *v;
	int err = 0;

	if (ctx->acceptq_lid != listener)
		return 0;
	xa_for_each(&ctx->acceptq, i, v) {
		/* Checked (img_check.c): restored before, and with no FILE record. */
		sock = xa_erase(&ctx->socks, xa_to_value(v));
		if (!sock) {
			rst_err(ctx, "the image is corrupt: no socket %lu in a TCP listener's queue",
				xa_to_value(v));
			err = -EINVAL;
			break;
		}
		err = rst_acceptq_add(ctx, lsock, sock);
		if (err) {
			rst_err(ctx, "task %d (%s): a TCP listener cannot take back a connection not accepted yet (error %d)",
				task_pid_vnr(current), current->comm, err);
			break;
		}
	}
	/* Then those in their handshake (rst_synq.c). */
	if (!err)
		err = rst_synq(ctx, lsock);
	rst_acceptq_drop(ctx);
	return err;
}

void rst_acceptq_drop(struct rst_context *ctx)
{
	rst_synq_drop(ctx);
	xa_destroy(&ctx->acceptq);
	ctx->acceptq_lid = 0;
	ctx->acceptq_n = 0;
}
