// SPDX-License-Identifier: GPL-2.0
/*
 * Restore an established TCP connection with the kernel's TCP repair
 * machinery, through the socket's own setsockopt as CRIU drives it from
 * user space: in repair mode, the sequence numbers of both queues, the bind
 * and a connect that sends nothing, the options the connection was opened
 * with, its clock, the bytes it had sent and the peer had not acknowledged
 * (counted as sent: they go out again as retransmissions), the bytes
 * received, and its windows; then out of repair mode, where the bytes not
 * sent yet are queued as the task's own send() would queue them, to go out
 * as the peer's window lets them (counted as sent, the bytes past a shut
 * window would go out only after backed-off retransmission timeouts). The
 * CT's packets are held until its RESUME: the peer sees a delay, then the
 * retransmitted bytes it had not acknowledged.
 *
 * TCP_REPAIR itself asks for CAP_NET_ADMIN: it is switched as the CT's
 * root (the restorer), as the restore's tool and not the task's act; the
 * bind and everything else is done as the task.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/net.h>
#include <linux/sockptr.h>
#include <linux/tcp.h>
#include <linux/uio.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "rst_context.h"
#include "rst_inet.h"
#include "rst_sock.h"

static int rst_tcp_opt(struct rst_context *ctx, struct socket *sock, int name, const void *val,
		       unsigned int len, const char *what)
{
	return rst_inet_setopt(ctx, sock, SOL_TCP, name, val, len, what);
}

static int rst_tcp_int(struct rst_context *ctx, struct socket *sock, int name, int val,
		       const char *what)
{
	return rst_tcp_opt(ctx, sock, name, &val, sizeof(val), what);
}

static int rst_tcp_repair(struct rst_context *ctx, struct socket *sock, int on)
{
	const struct cred *old = override_creds(current->real_cred);
	int err = rst_tcp_int(ctx, sock, TCP_REPAIR, on, on ?
			      "TCP_REPAIR (the CT's root needs CAP_NET_ADMIN)" : "TCP_REPAIR off");

	revert_creds(old);
	return err;
}

static int rst_tcp_seq(struct rst_context *ctx, struct socket *sock, int queue, u32 seq)
{
	return rst_tcp_int(ctx, sock, TCP_REPAIR_QUEUE, queue, "TCP_REPAIR_QUEUE") ?:
	       rst_tcp_int(ctx, sock, TCP_QUEUE_SEQ, seq, "TCP_QUEUE_SEQ");
}

static int rst_tcp_options(struct rst_context *ctx, struct socket *sock,
			   const struct vzcpt_img_tcp *t)
{
	struct tcp_repair_opt o[4];
	unsigned int n = 0;
	int err;

	o[n++] = (struct tcp_repair_opt){ TCPOPT_MSS, t->mss_clamp };
	if (t->opts & VZCPT_TCP_WSCALE)
		o[n++] = (struct tcp_repair_opt){ TCPOPT_WINDOW,
						  t->snd_wscale | (t->rcv_wscale << 16) };
	if (t->opts & VZCPT_TCP_SACK)
		o[n++] = (struct tcp_repair_opt){ TCPOPT_SACK_PERM, 0 };
	if (t->opts & VZCPT_TCP_TSTAMP)
		o[n++] = (struct tcp_repair_opt){ TCPOPT_TIMESTAMP, 0 };
	err = rst_tcp_opt(ctx, sock, TCP_REPAIR_OPTIONS, o, n * sizeof(o[0]),
			  "its options (TCP_REPAIR_OPTIONS)");
	if (!err && (t->opts & VZCPT_TCP_TSTAMP))
		err = rst_tcp_int(ctx, sock, TCP_TIMESTAMP, t->timestamp, "TCP_TIMESTAMP");
	return err;
}

/* The buffers as the task left them, and as raised while the queues are filled. */
struct rst_tcp_bufs {
	int sndbuf, rcvbuf;
	int raised_sndbuf;
};

/*
 * A buffer the kernel sized for a new connection may be short of the
 * queues that a grown one held, and rebuilt queues need not pack their
 * bytes as tightly as the ones the dump read, so both buffers are raised
 * to take them all. One the task set itself (SO_RCVBUF, SO_SNDBUF: set back
 * with the socket's other options) gets its value back once the queues are
 * in, and holds more than it allows until the task drains it, as it did
 * when the dump read it; one the kernel sizes keeps the room.
 */
static void rst_tcp_bufs_raise(struct sock *sk, const struct vzcpt_img_tcp *t,
			       struct rst_tcp_bufs *was)
{
	lock_sock(sk);
	was->sndbuf = sk->sk_sndbuf;
	was->rcvbuf = sk->sk_rcvbuf;
	if (t->rcv_len)
		WRITE_ONCE(sk->sk_rcvbuf, max_t(int, sk->sk_rcvbuf,
						2 * t->rcv_len + SKB_TRUESIZE(0)));
	if (t->snd_len)
		WRITE_ONCE(sk->sk_sndbuf, max_t(int, sk->sk_sndbuf,
						2 * t->snd_len + SKB_TRUESIZE(0)));
	was->raised_sndbuf = sk->sk_sndbuf;
	release_sock(sk);
}

static void rst_tcp_bufs_lower(struct sock *sk, const struct rst_tcp_bufs *was)
{
	lock_sock(sk);
	/* rst_tcp_squeeze() may have lowered it since. */
	WRITE_ONCE(sk->sk_sndbuf, sk->sk_userlocks & SOCK_SNDBUF_LOCK ? was->sndbuf :
				  was->raised_sndbuf);
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		WRITE_ONCE(sk->sk_rcvbuf, was->rcvbuf);
	release_sock(sk);
}

/*
 * Under TCP memory pressure (net.ipv4.tcp_mem) or at the memory cgroup's
 * limit, the kernel refuses a send queue more memory while it is below its
 * buffer's size, and lets one at that size take one more skb (so that a
 * stream always moves: __sk_mem_raise_allocated()). The connection held
 * these bytes when it was dumped: the buffer is set just above what is
 * queued, and the write goes on one skb at a time.
 */
static void rst_tcp_squeeze(struct sock *sk)
{
	lock_sock(sk);
	WRITE_ONCE(sk->sk_sndbuf, sk->sk_wmem_queued + 1);
	release_sock(sk);
}

static const char *rst_tcpq_name(u32 queue)
{
	return queue == VZCPT_TCPQ_SEND ? "send" : queue == VZCPT_TCPQ_RECV ? "receive" :
	       "unsent";
}

/*
 * @len bytes into @queue: in repair mode, the receive queue's as received
 * in order and the send queue's as sent; out of it, the unsent bytes as
 * the task's own send() would queue them.
 */
static int rst_tcp_fill(struct rst_context *ctx, struct socket *sock, u32 queue,
			const u8 *data, u32 len)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT };
	unsigned int stalls = 0;
	struct kvec vec;
	u32 done = 0;
	int n;

	if (queue != VZCPT_TCPQ_UNSENT) {
		n = rst_tcp_int(ctx, sock, TCP_REPAIR_QUEUE,
				queue == VZCPT_TCPQ_RECV ? TCP_RECV_QUEUE : TCP_SEND_QUEUE,
				"TCP_REPAIR_QUEUE");
		if (n)
			return n;
	}
	while (done < len) {
		vec.iov_base = (void *)(data + done);
		vec.iov_len = min_t(u32, len - done, 64 * 1024);
		n = kernel_sendmsg(sock, &msg, &vec, 1, vec.iov_len);
		/* Twice with no byte taken: not the memory limits. */
		if (n == -EAGAIN && queue != VZCPT_TCPQ_RECV && stalls++ < 2) {
			rst_tcp_squeeze(sock->sk);
			continue;
		}
		if (n <= 0) {
			rst_err(ctx, "task %d (%s): a TCP connection's %s queue does not take %u bytes more back (error %d after %u)",
				task_pid_vnr(current), current->comm, rst_tcpq_name(queue), len,
				n, done);
			return n ?: -ENOBUFS;
		}
		done += n;
		stalls = 0;
	}
	return 0;
}

/*
 * The peer's FIN, after the receive queue's bytes: what tcp_fin() does on
 * an established connection, which no call or repair option does (CRIU
 * sends the socket a FIN through a raw socket instead; tcp_fin() is inlined
 * here, no symbol to call): the FIN counted received unless a read took it
 * already (@unread: the queue's data end then is its sequence number), reads
 * shut down, CLOSE_WAIT. Our acknowledgment of it was sent: the peer's
 * socket is past it.
 */
static void rst_tcp_fin(struct sock *sk, bool unread)
{
	struct tcp_sock *tp = tcp_sk(sk);

	lock_sock(sk);
	if (unread)
		WRITE_ONCE(tp->rcv_nxt, tp->rcv_nxt + 1);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | RCV_SHUTDOWN);
	sock_set_flag(sk, SOCK_DONE);
	tcp_set_state(sk, TCP_CLOSE_WAIT);
	inet_csk_enter_pingpong_mode(sk);
	release_sock(sk);
}

/*
 * Our FIN, sent and acknowledged: what tcp_shutdown() and the ACK of the
 * FIN do (no call or repair option sends a FIN that needs no sending):
 * writes shut down, FIN_WAIT2. Its sequence number is in the send queue's,
 * as the dump read them.
 */
static void rst_tcp_fin_sent(struct sock *sk)
{
	lock_sock(sk);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | SEND_SHUTDOWN);
	tcp_set_state(sk, TCP_FIN_WAIT2);
	release_sock(sk);
}

/*
 * The peer's FIN came after ours went: CLOSING, where the shutdown() above
 * put it in LAST_ACK (its peer's FIN first). The two differ only in what
 * the ACK of ours does (tcp_rcv_state_process()): TIME_WAIT, not CLOSE. No
 * call or repair option sets a state: tcp_set_state() as tcp_fin() does.
 */
static void rst_tcp_fins_crossed(struct sock *sk)
{
	lock_sock(sk);
	if (sk->sk_state == TCP_LAST_ACK)
		tcp_set_state(sk, TCP_CLOSING);
	release_sock(sk);
}

/*
 * The end of a connection that had ended (VZCPT_TCP_ENDED), as a reset or
 * the last ACK ends one: tcp_done(), which sends nothing (no call does it
 * otherwise: a close or a disconnect would reset the peer's port). A port
 * the kernel chose goes back with it (rst_inet_bind()).
 */
static void rst_tcp_end(struct sock *sk)
{
	lock_sock(sk);
	tcp_done(sk);
	release_sock(sk);
}

/*
 * Connected in repair mode, which sends nothing and takes no answer, then
 * ended as the failure ended it; left connecting, as __inet_stream_connect()
 * leaves a socket it has not told yet: its next connect() reports the error
 * (sk_err, set last by the caller) and makes it unconnected. No call puts a
 * socket in that state but a real failure.
 */
int rst_tcp_connfailed(struct rst_context *ctx, struct socket *sock,
		       const struct vzcpt_img_inet *r)
{
	int err;

	err = rst_tcp_repair(ctx, sock, TCP_REPAIR_ON);
	if (err)
		return err;
	err = rst_inet_connect(ctx, sock, r);
	if (err)
		return err;
	rst_tcp_end(sock->sk);
	lock_sock(sock->sk);
	sock->state = SS_CONNECTING;
	release_sock(sock->sk);
	return rst_tcp_repair(ctx, sock, TCP_REPAIR_OFF);
}

/* Its FIN received or its own acknowledged, its windows, then out of repair mode. */
static int rst_tcp_repaired(struct rst_context *ctx, struct socket *sock,
			    const struct vzcpt_img_tcp *t)
{
	struct tcp_repair_window w = {
		.snd_wl1 = t->snd_wl1, .snd_wnd = t->snd_wnd, .max_window = t->max_window,
		.rcv_wnd = t->rcv_wnd, .rcv_wup = t->rcv_wup,
	};

	/* Before the windows: rcv_wup may count the FIN. */
	if (t->flags & VZCPT_TCP_FIN_RCVD)
		rst_tcp_fin(sock->sk, !(t->flags & VZCPT_TCP_FIN_READ));
	if (t->flags & VZCPT_TCP_FIN_ACKED)
		rst_tcp_fin_sent(sock->sk);
	/* Ended, it has no windows; out of repair mode in TCP_CLOSE, it probes nothing. */
	if (t->flags & VZCPT_TCP_ENDED) {
		rst_tcp_end(sock->sk);
		return rst_tcp_repair(ctx, sock, TCP_REPAIR_OFF);
	}
	/* Its window probe is dropped: RESUME restarts the connection (vz_tcp.c). */
	return rst_tcp_opt(ctx, sock, TCP_REPAIR_WINDOW, &w, sizeof(w), "its windows") ?:
	       rst_tcp_repair(ctx, sock, TCP_REPAIR_OFF);
}

/*
 * The queues' bytes, from the records after the connection's (checked:
 * their order and sum), and the end of the repair before the unsent ones.
 */
static int rst_tcp_queues(struct rst_context *ctx, struct socket *sock,
			  const struct vzcpt_img_tcp *t)
{
	const struct vzcpt_img_tcp_queue *q = ctx->rd.buf;
	u64 left = (u64)t->snd_len + t->rcv_len;
	struct rst_tcp_bufs was;
	bool repaired = false;
	int err = 0;

	rst_tcp_bufs_raise(sock->sk, t, &was);
	while (left) {
		err = rst_payload(ctx, VZCPT_REC_TCP_QUEUE, sizeof(*q) + 1);
		if (err)
			break;
		if (q->queue == VZCPT_TCPQ_UNSENT && !repaired) {
			err = rst_tcp_repaired(ctx, sock, t);
			if (err)
				break;
			repaired = true;
		}
		err = rst_tcp_fill(ctx, sock, q->queue, (const u8 *)(q + 1), q->len);
		if (err)
			break;
		left -= q->len;
	}
	if (!err && !repaired)
		err = rst_tcp_repaired(ctx, sock, t);
	/* A connection the restore gives up closes as one in repair mode: without a word. */
	if (err && repaired)
		rst_tcp_repair(ctx, sock, TCP_REPAIR_ON);
	rst_tcp_bufs_lower(sock->sk, &was);
	return err;
}

/*
 * @r is the caller's copy: the reader's buffer, where @rest points, takes
 * the queues' records.
 */
int rst_tcp_conn(struct rst_context *ctx, struct socket *sock, const struct vzcpt_img_inet *r,
		 const void *rest)
{
	struct vzcpt_img_tcp t;
	int err;

	memcpy(&t, rest, sizeof(t));
	err = rst_tcp_repair(ctx, sock, TCP_REPAIR_ON);
	if (err)
		return err;
	err = rst_tcp_seq(ctx, sock, TCP_SEND_QUEUE, t.snd_seq) ?:
	      rst_tcp_seq(ctx, sock, TCP_RECV_QUEUE, t.rcv_seq) ?:
	      rst_inet_connect(ctx, sock, r) ?:
	      rst_tcp_options(ctx, sock, &t) ?:
	      rst_tcp_queues(ctx, sock, &t);
	if (err || !(t.flags & VZCPT_TCP_FIN_QUEUED))
		return err;
	/*
	 * Our FIN, not acknowledged: after the bytes, as the task's shutdown()
	 * queued it (FIN_WAIT1, or LAST_ACK after the peer's); it goes out as
	 * they do, and a peer that had it acknowledges it again.
	 */
	err = kernel_sock_shutdown(sock, SHUT_WR);
	if (err)
		rst_err(ctx, "task %d (%s): a TCP connection cannot queue its FIN again (error %d)",
			task_pid_vnr(current), current->comm, err);
	else if (t.flags & VZCPT_TCP_FIN_CROSSED)
		rst_tcp_fins_crossed(sock->sk);
	return err;
}

/*
 * A TCP socket's TCP_OPTS record, after its INET record made it: the
 * options through TCP's own setsockopt(), as the task (a congestion control
 * whose module is not loaded is loaded only if the task could), its soft
 * error last, as no call sets it.
 */
int rst_tcp_extra(struct rst_context *ctx)
{
	const struct vzcpt_img_tcp_opts *t = ctx->rd.buf;
	char what[16 + VZCPT_TCP_CA_NAME_MAX];
	struct socket *sock;
	int err = 0;

	sock = rst_sock_of_rec(ctx, VZCPT_REC_TCP_OPTS, sizeof(*t), "TCP options");
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	if (t->notsent_lowat)
		err = rst_tcp_int(ctx, sock, TCP_NOTSENT_LOWAT, (int)t->notsent_lowat,
				  "TCP_NOTSENT_LOWAT");
	if (!err && t->window_clamp)
		err = rst_tcp_int(ctx, sock, TCP_WINDOW_CLAMP, (int)t->window_clamp,
				  "TCP_WINDOW_CLAMP");
	if (!err && t->linger2)
		err = rst_tcp_int(ctx, sock, TCP_LINGER2, t->linger2, "TCP_LINGER2");
	/* Checked: its NUL within the field. */
	if (!err && t->congestion[0]) {
		snprintf(what, sizeof(what), "TCP_CONGESTION %s", t->congestion);
		err = rst_tcp_opt(ctx, sock, TCP_CONGESTION, t->congestion,
				  strlen(t->congestion), what);
	}
	if (!err && t->err_soft) {
		lock_sock(sock->sk);
		WRITE_ONCE(sock->sk->sk_err_soft, t->err_soft);
		release_sock(sock->sk);
	}
	return err;
}
