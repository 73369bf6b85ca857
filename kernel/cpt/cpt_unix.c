// SPDX-License-Identifier: GPL-2.0
/*
 * Dump AF_UNIX sockets: each socket once, on the first sighting of its
 * file, with its type, its peer, its shutdown state, its peer's
 * credentials (SO_PEERCRED), SO_PEEK_OFF, its SOL_SOCKET options
 * (cpt_sockopt()) and what is queued for it to read
 * (read without consuming it: a stream's bytes, or each message of a
 * datagram or seqpacket socket). The two sockets of a connected pair go
 * out together, the second right after the first, so that the restore
 * makes them with one socketpair(). What a restore could not rebuild is
 * refused here, while the CT runs, with the reason: a peer no task of the
 * CT holds, files in flight, out-of-band data, a pending error, and, not
 * carried yet, bound and listening sockets and one-way datagram peers.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/sched/task.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_sock.h"

/* The queue one record holds, behind its struct: message heads and bytes. */
#define CPT_UNIX_MAX_Q	(VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_unix))

static const char *cpt_unix_type(const struct sock *sk)
{
	switch (sk->sk_type) {
	case SOCK_STREAM:
		return "stream";
	case SOCK_DGRAM:
		return "datagram";
	default:
		return "seqpacket";
	}
}

/*
 * The name @sk is bound to, for messages, in @buf (room for a sun_path
 * and its '@'): an abstract name with a leading '@', as ss shows it.
 */
static const char *cpt_unix_name(const struct sock *sk, char *buf)
{
	/* Paired with the release in unix_bind()/unix_autobind(): the name is whole. */
	struct unix_address *addr = smp_load_acquire(&unix_sk(sk)->addr);
	int len;

	if (!addr)
		return "unbound";
	len = addr->len - offsetof(struct sockaddr_un, sun_path);
	if (len <= 0)
		return "unbound";
	if (addr->name->sun_path[0])
		snprintf(buf, VZCPT_UNIX_PATH_MAX + 2, "%.*s", len, addr->name->sun_path);
	else
		snprintf(buf, VZCPT_UNIX_PATH_MAX + 2, "@%.*s", len - 1, addr->name->sun_path + 1);
	return buf;
}

/*
 * Is @sk the socket of a file in one of the CT's fd tables? A peer only a
 * task outside holds (the host's /dev/log, another CT's socket), or one in
 * flight, would be cut off by the restore. The CT is frozen: its tables
 * hold still; threads come together and share theirs.
 */
static bool cpt_unix_held(struct cpt_dump *d, struct sock *sk)
{
	struct files_struct *files, *prev = NULL;
	unsigned int i, fd;
	bool found = false;

	for (i = 0; i < d->nr_tasks && !found; i++) {
		struct task_struct *task = d->tasks[i];

		task_lock(task);
		files = task->files;
		if (files && files != prev) {
			rcu_read_lock();
			for (fd = 0; fd < files_fdtable(files)->max_fds && !found; fd++) {
				struct file *f = files_lookup_fd_rcu(files, fd);
				struct socket *sock = f ? sock_from_file(f) : NULL;

				found = sock && sock->sk == sk;
			}
			rcu_read_unlock();
		}
		prev = files;
		task_unlock(task);
	}
	return found;
}

/* Is @tgid a process of the dump? */
static bool cpt_unix_pid_dumped(struct cpt_dump *d, pid_t tgid)
{
	unsigned int i;

	for (i = 0; i < d->nr_tasks; i++)
		if (d->pids[i] == tgid && thread_group_leader(d->tasks[i]))
			return true;
	return false;
}

/*
 * SO_PEERCRED as the CT reads it: the peer's pid in the CT's pid namespace,
 * its euid and egid in the CT's user namespace (that of the CT's init). A
 * restore finds the pid among the restored processes: one that is no
 * process of the CT is refused.
 */
static int cpt_unix_peercred(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_unix *u)
{
	const struct cred *ic = get_task_cred(d->tasks[0]);
	struct user_namespace *ns = ic->user_ns;

	u->peer_uid = (u32)-1;
	u->peer_gid = (u32)-1;
	spin_lock(&sk->sk_peer_lock);
	if (sk->sk_peer_pid)
		u->peer_pid = pid_nr_ns(sk->sk_peer_pid, d->ctx->pidns);
	if (sk->sk_peer_cred) {
		u->peer_uid = from_kuid_munged(ns, sk->sk_peer_cred->euid);
		u->peer_gid = from_kgid_munged(ns, sk->sk_peer_cred->egid);
	}
	spin_unlock(&sk->sk_peer_lock);
	put_cred(ic);
	if (u->peer_pid > 0 && !cpt_unix_pid_dumped(d, u->peer_pid)) {
		cpt_err(d->ctx, "a unix %s socket's SO_PEERCRED names process %d, which is no process of the CT (it exited): cannot be carried",
			cpt_unix_type(sk), u->peer_pid);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Why a queue cannot be carried, found under its lock and told after it. */
enum cpt_unix_qbad {
	CPT_UNIX_Q_OK,
	CPT_UNIX_Q_FILES,	/* SCM_RIGHTS */
	CPT_UNIX_Q_SENDER,	/* a message from another socket than the peer */
	CPT_UNIX_Q_MOVED,	/* it changed between the two walks */
};

/*
 * Copy what @sk has queued to read into @buf: for a datagram or seqpacket
 * socket, @nr message heads and then their bytes; for a stream, its bytes.
 * @len and @nr are what a first walk counted. Every sender is frozen in the
 * CT (the peer is held by one of its tasks), so the queue holds still; its
 * lock keeps the walk safe all the same.
 */
static enum cpt_unix_qbad cpt_unix_copy(struct sock *sk, struct sock *peer, u64 peer_id,
					void *buf, u32 nr, u32 len)
{
	struct sk_buff_head *head = &sk->sk_receive_queue;
	bool msgs = sk->sk_type != SOCK_STREAM;
	struct vzcpt_img_unix_msg *m = buf;
	char *data = (char *)buf + (msgs ? nr * sizeof(*m) : 0);
	enum cpt_unix_qbad bad = CPT_UNIX_Q_OK;
	struct sk_buff *skb;
	u32 i = 0, pos = 0, n, off;

	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		off = UNIXCB(skb).consumed;
		n = skb->len - off;
		if (UNIXCB(skb).fp) {
			bad = CPT_UNIX_Q_FILES;
			break;
		}
		if (msgs && skb->sk != peer) {
			bad = CPT_UNIX_Q_SENDER;
			break;
		}
		if (i == nr || n > len - pos || skb_copy_bits(skb, off, data + pos, n)) {
			bad = CPT_UNIX_Q_MOVED;
			break;
		}
		if (msgs) {
			m[i].len = n;
			m[i].sender_id = peer_id;
		}
		i++;
		pos += n;
	}
	spin_unlock(&head->lock);
	if (!bad && (i != nr || pos != len))
		bad = CPT_UNIX_Q_MOVED;
	return bad;
}

/* Count what @sk has queued: @nr buffers of @len bytes in all, or false past a record's room. */
static bool cpt_unix_count(struct sock *sk, u32 *nr, u32 *len)
{
	struct sk_buff_head *head = &sk->sk_receive_queue;
	struct sk_buff *skb;
	u64 bytes = 0, n = 0;

	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		n++;
		bytes += skb->len - UNIXCB(skb).consumed;
	}
	spin_unlock(&head->lock);
	if (sk->sk_type != SOCK_STREAM)
		bytes += n * sizeof(struct vzcpt_img_unix_msg);
	if (bytes > CPT_UNIX_MAX_Q)
		return false;
	*nr = n;
	*len = bytes - (sk->sk_type != SOCK_STREAM ? n * sizeof(struct vzcpt_img_unix_msg) : 0);
	return true;
}

/* Write @sk's record, id @id, connected to @peer (id @peer_id) or to nothing. */
static int cpt_unix_write(struct cpt_dump *d, struct sock *sk, u64 id, struct sock *peer,
			  u64 peer_id)
{
	struct vzcpt_img_unix u = {};
	enum cpt_unix_qbad bad;
	u32 nr = 0, len = 0;
	size_t size;
	void *buf;
	int err;

	u.type = sk->sk_type;
	u.state = peer ? VZCPT_UNIX_PAIR : VZCPT_UNIX_UNCONNECTED;
	u.peer_id = peer_id;
	u.shutdown = READ_ONCE(sk->sk_shutdown) & SHUTDOWN_MASK;
	u.peek_off = READ_ONCE(sk->sk_peek_off);
	err = cpt_sockopt(d, sk->sk_socket, &u.opt) ?: cpt_unix_peercred(d, sk, &u);
	if (err)
		return err;
	if (!cpt_unix_count(sk, &nr, &len)) {
		cpt_err(d->ctx, "a unix %s socket has more queued than an image record holds (%u bytes)",
			cpt_unix_type(sk), (u32)CPT_UNIX_MAX_Q);
		return -EOVERFLOW;
	}
	u.nr_msgs = sk->sk_type != SOCK_STREAM ? nr : 0;
	u.qlen = len;
	size = u.nr_msgs * sizeof(struct vzcpt_img_unix_msg) + len;
	buf = kvzalloc(size ?: 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	bad = cpt_unix_copy(sk, peer, peer_id, buf, nr, len);
	switch (bad) {
	case CPT_UNIX_Q_FILES:
		cpt_err(d->ctx, "a unix %s socket has file descriptors in flight (SCM_RIGHTS) queued: cannot be carried yet",
			cpt_unix_type(sk));
		err = -EOPNOTSUPP;
		break;
	case CPT_UNIX_Q_SENDER:
		cpt_err(d->ctx, "a unix %s socket has messages queued from another socket than its peer: cannot be carried yet",
			cpt_unix_type(sk));
		err = -EOPNOTSUPP;
		break;
	case CPT_UNIX_Q_MOVED:
		cpt_err(d->ctx, "a unix %s socket's queue changed during the dump",
			cpt_unix_type(sk));
		err = -EAGAIN;
		break;
	default:
		err = cpt_write_rec(d, VZCPT_REC_UNIX, id, &u, sizeof(u), buf, size);
	}
	kvfree(buf);
	return err;
}

/*
 * What this dump cannot carry of @sk itself: bound and listening sockets
 * (not yet), SO_PASSSEC, out-of-band data, a pending error.
 */
static int cpt_unix_refuse(struct cpt_dump *d, struct sock *sk)
{
	const char *type = cpt_unix_type(sk);
	char name[VZCPT_UNIX_PATH_MAX + 2];

	if (sk->sk_type != SOCK_STREAM && sk->sk_type != SOCK_DGRAM &&
	    sk->sk_type != SOCK_SEQPACKET) {
		cpt_err(d->ctx, "a unix socket of type %d cannot be carried", sk->sk_type);
		return -EOPNOTSUPP;
	}
	if (READ_ONCE(sk->sk_state) == TCP_LISTEN) {
		cpt_err(d->ctx, "a listening unix %s socket (%s) cannot be carried yet", type,
			cpt_unix_name(sk, name));
		return -EOPNOTSUPP;
	}
	/* Bound: unix_bind() publishes the name with a release. */
	if (smp_load_acquire(&unix_sk(sk)->addr)) {
		cpt_err(d->ctx, "a bound unix %s socket (%s) cannot be carried yet", type,
			cpt_unix_name(sk, name));
		return -EOPNOTSUPP;
	}
	if (sk->sk_socket && test_bit(SOCK_PASSSEC, &sk->sk_socket->flags)) {
		cpt_err(d->ctx, "a unix %s socket with SO_PASSSEC cannot be carried yet", type);
		return -EOPNOTSUPP;
	}
#if IS_ENABLED(CONFIG_AF_UNIX_OOB)
	if (READ_ONCE(unix_sk(sk)->oob_skb)) {
		cpt_err(d->ctx, "a unix %s socket has out-of-band data (MSG_OOB) queued: cannot be carried yet",
			type);
		return -EOPNOTSUPP;
	}
#endif
	if (READ_ONCE(sk->sk_err)) {
		cpt_err(d->ctx, "a unix %s socket has a pending error (%d): cannot be carried yet",
			type, READ_ONCE(sk->sk_err));
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * The peer of @sk that the restore can rebuild with it, referenced (NULL
 * for none), or an ERR_PTR with the reason in the context: a peer held by
 * no task of the CT, a closed peer, one not connected back.
 */
static struct sock *cpt_unix_peer(struct cpt_dump *d, struct sock *sk)
{
	char name[VZCPT_UNIX_PATH_MAX + 2];
	const char *type = cpt_unix_type(sk);
	struct sock *peer;

	unix_state_lock(sk);
	peer = unix_peer(sk);
	if (peer)
		sock_hold(peer);
	unix_state_unlock(sk);
	if (!peer)
		return NULL;
	if (sock_flag(peer, SOCK_DEAD)) {
		cpt_err(d->ctx, "a unix %s socket whose peer was closed cannot be carried yet",
			type);
		goto refuse;
	}
	if (!peer->sk_socket) {
		cpt_err(d->ctx, "a unix %s socket connected to %s, which has not accepted it yet: cannot be carried yet",
			type, cpt_unix_name(peer, name));
		goto refuse;
	}
	if (!cpt_unix_held(d, peer)) {
		cpt_err(d->ctx, "a unix %s socket is connected to a socket (%s) that no task of the CT holds (one outside the CT, or in flight): cannot be carried",
			type, cpt_unix_name(peer, name));
		goto refuse;
	}
	if (READ_ONCE(unix_peer(peer)) != sk) {
		cpt_err(d->ctx, "a unix %s socket is connected to one (%s) that is not connected back: cannot be carried yet",
			type, cpt_unix_name(peer, name));
		goto refuse;
	}
	return peer;
refuse:
	sock_put(peer);
	return ERR_PTR(-EOPNOTSUPP);
}

/*
 * @sock's record, on its first sighting (cpt_sock.c): a pair's second
 * socket goes out right after it, so cpt_sock.c sees it as known when its
 * file comes. Ids are those of the sockets (struct socket), as cpt_sock.c
 * gives them.
 */
int cpt_dump_unix(struct cpt_dump *d, struct socket *sock, u64 id)
{
	struct sock *sk = sock->sk, *peer;
	bool peer_first = false;
	u64 peer_id = 0;
	int err;

	err = cpt_unix_refuse(d, sk);
	if (err)
		return err;
	peer = cpt_unix_peer(d, sk);
	if (IS_ERR(peer))
		return PTR_ERR(peer);
	if (peer) {
		err = cpt_unix_refuse(d, peer);
		if (err)
			goto out;
		peer_id = cpt_obj_id(d, peer->sk_socket, &peer_first);
		err = -ENOMEM;
		if (!peer_id)
			goto out;
		/* Its peer would have written this socket's record with its own. */
		err = -EINVAL;
		if (!peer_first) {
			cpt_err(d->ctx, "a unix %s socket's peer was dumped without it",
				cpt_unix_type(sk));
			goto out;
		}
	}
	err = cpt_unix_write(d, sk, id, peer, peer_id);
	if (!err && peer)
		err = cpt_unix_write(d, peer, peer_id, sk, id);
out:
	if (peer)
		sock_put(peer);
	return err;
}
