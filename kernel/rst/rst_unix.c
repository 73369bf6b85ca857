// SPDX-License-Identifier: GPL-2.0
/*
 * Restore AF_UNIX sockets through the kernel's own calls, as the task that
 * holds them first (its credentials are in force): sock_create() in its
 * network namespace, the pair's socketpair(), the SOL_SOCKET options
 * (rst_sockopt(): the sender's buffer before its queue), each queue refilled
 * by a sendmsg() from the socket's peer (so the kernel's limits apply), then
 * SO_PASSCRED, SO_PEEK_OFF, the shutdowns and SO_PEERCRED. Each socket is
 * left to rst_sock.c until the FILE record that names it.
 *
 * The first record of a pair waits (a copy of it) for the second, which
 * comes right after it: a pair is made at once, and each queue is refilled
 * from the other socket.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/net.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uidgid.h>
#include <linux/uio.h>
#include <net/sock.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_files.h"
#include "rst_sock.h"
#include "rst_unix.h"

/* A pair's first record, kept until its second comes. */
struct rst_unix_pending {
	u64 id;
	u64 rec[];		/* its payload: a struct vzcpt_img_unix and what follows */
};

static const struct vzcpt_img_unix_msg *rst_unix_msgs(const struct vzcpt_img_unix *r)
{
	return (const void *)((const char *)(r + 1) + ALIGN(r->name_len, 8));
}

static const char *rst_unix_data(const struct vzcpt_img_unix *r)
{
	return (const char *)(rst_unix_msgs(r) + r->nr_msgs);
}

static int rst_unix_send(struct socket *sock, const char *p, size_t len)
{
	struct kvec vec = { .iov_base = (void *)p, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };

	return kernel_sendmsg(sock, &msg, &vec, 1, len);
}

/*
 * Queue @r's messages or bytes for it to read, sent by @from, its peer:
 * the kernel's limits (the sender's sk_sndbuf, the message size) hold as
 * they held when they were first sent. Nothing may block: a queue the
 * kernel does not take whole fails the restore.
 */
static int rst_unix_refill(struct rst_context *ctx, struct socket *from, u64 id,
			   const struct vzcpt_img_unix *r)
{
	const struct vzcpt_img_unix_msg *m = rst_unix_msgs(r);
	const char *data = rst_unix_data(r);
	u32 i, pos = 0;
	int n;

	if (r->type == SOCK_STREAM) {
		while (pos < r->qlen) {
			n = rst_unix_send(from, data + pos, r->qlen - pos);
			if (n <= 0)
				goto fail;
			pos += n;
		}
		return 0;
	}
	for (i = 0; i < r->nr_msgs; i++) {
		n = rst_unix_send(from, data + pos, m[i].len);
		if (n != m[i].len)
			goto fail;
		pos += n;
	}
	return 0;
fail:
	rst_err(ctx, "cannot queue the %u bytes of unix socket %llu again (at byte %u, error %d)",
		r->qlen, id, pos, n < 0 ? n : -EAGAIN);
	return n < 0 ? n : -EAGAIN;
}

/*
 * SO_PEERCRED as the image has it. socketpair() gave both sockets the
 * restoring task's pid and credentials; the process that made the pair
 * may be another one (the restoring task's parent) or have changed its
 * ids since. The kernel sets a socket's peer credentials only from
 * current, in connect() and socketpair() (init_peercred(), static), and no
 * interface sets them otherwise: they are put in place here, under
 * sk_peer_lock as the kernel's readers take it.
 */
static int rst_unix_peercred(struct rst_context *ctx, struct sock *sk, u64 id,
			     const struct vzcpt_img_unix *r)
{
	struct user_namespace *ns = current_user_ns();
	kuid_t uid = make_kuid(ns, r->peer_uid);
	kgid_t gid = make_kgid(ns, r->peer_gid);
	const struct cred *old_cred;
	struct pid *pid = NULL, *old_pid;
	struct cred *cred;

	if (!uid_valid(uid) || !gid_valid(gid)) {
		rst_err(ctx, "unix socket %llu: SO_PEERCRED's uid %u or gid %u is not mapped in the CT",
			id, r->peer_uid, r->peer_gid);
		return -EINVAL;
	}
	if (r->peer_pid) {
		/* Processes are restored parents first: the maker of a pair, before its holders. */
		pid = find_get_pid(r->peer_pid);
		if (!pid) {
			rst_err(ctx, "unix socket %llu: SO_PEERCRED names process %d, which is not restored before it",
				id, r->peer_pid);
			return -ESRCH;
		}
	}
	spin_lock(&sk->sk_peer_lock);
	if (sk->sk_peer_pid == pid && sk->sk_peer_cred && uid_eq(sk->sk_peer_cred->euid, uid) &&
	    gid_eq(sk->sk_peer_cred->egid, gid)) {
		spin_unlock(&sk->sk_peer_lock);
		put_pid(pid);
		return 0;
	}
	spin_unlock(&sk->sk_peer_lock);
	cred = prepare_creds();
	if (!cred) {
		put_pid(pid);
		return -ENOMEM;
	}
	cred->euid = uid;
	cred->egid = gid;
	spin_lock(&sk->sk_peer_lock);
	old_pid = sk->sk_peer_pid;
	old_cred = sk->sk_peer_cred;
	sk->sk_peer_pid = pid;
	sk->sk_peer_cred = cred;
	spin_unlock(&sk->sk_peer_lock);
	put_pid(old_pid);
	put_cred(old_cred);
	return 0;
}

/*
 * The options but SO_PASSCRED, before the queues: the sender's SO_SNDBUF
 * bounds what it may queue. SO_PASSCRED is set per queue (rst_unix_fill()).
 */
static int rst_unix_opts(struct rst_context *ctx, struct socket *sock,
			 const struct vzcpt_img_unix *r)
{
	struct vzcpt_img_sockopt o = r->opt;

	o.flags &= ~VZCPT_SO_PASSCRED;
	return rst_sockopt(ctx, sock, &o);
}

static int rst_unix_passcred(struct socket *sock, const struct vzcpt_img_unix *r, bool may)
{
	int on = may && (r->opt.flags & VZCPT_SO_PASSCRED);

	return sock_setsockopt(sock, SOL_SOCKET, SO_PASSCRED, KERNEL_SOCKPTR(&on), sizeof(on));
}

/*
 * @r's queue, sent by @from (whose record is @fr), each with SO_PASSCRED
 * as the image has it on the receiver and off on the sender meanwhile: a
 * receiver's SO_PASSCRED makes each message carry credentials (the
 * restoring task's), and a datagram sender's own would autobind it
 * (unix_dgram_sendmsg()), a name it never had.
 */
static int rst_unix_fill(struct rst_context *ctx, struct socket *to, u64 id,
			 const struct vzcpt_img_unix *r, struct socket *from,
			 const struct vzcpt_img_unix *fr)
{
	int err = rst_unix_passcred(to, r, true) ?: rst_unix_passcred(from, fr, false);

	if (err) {
		rst_err(ctx, "cannot set SO_PASSCRED on unix socket %llu (error %d)", id, err);
		return err;
	}
	return rst_unix_refill(ctx, from, id, r);
}

/* SO_PASSCRED, SO_PEEK_OFF and the shutdowns, once the queues are back. */
static int rst_unix_finish(struct rst_context *ctx, struct socket *sock, u64 id,
			   const struct vzcpt_img_unix *r)
{
	int err, val = r->peek_off;

	err = rst_unix_passcred(sock, r, true);
	if (!err && val != -1)
		err = sock_setsockopt(sock, SOL_SOCKET, SO_PEEK_OFF, KERNEL_SOCKPTR(&val),
				      sizeof(val));
	/* VZCPT_UNIX_SHUT_* less one is SHUT_RD, SHUT_WR or SHUT_RDWR. */
	if (!err && r->shutdown)
		err = kernel_sock_shutdown(sock, r->shutdown - 1);
	if (err)
		rst_err(ctx, "cannot set unix socket %llu's SO_PASSCRED, peek offset or shutdown (error %d)",
			id, err);
	return err;
}

/* A new socket of @r's type, in the restoring task's network namespace, with its options. */
static int rst_unix_create(struct rst_context *ctx, u64 id, const struct vzcpt_img_unix *r,
			   struct socket **sockp)
{
	int err = sock_create(AF_UNIX, r->type, 0, sockp);

	if (err) {
		rst_err(ctx, "cannot create unix socket %llu (error %d)", id, err);
		return err;
	}
	err = rst_unix_opts(ctx, *sockp, r);
	if (err)
		sock_release(*sockp);
	return err;
}

static int rst_unix_single(struct rst_context *ctx, u64 id, const struct vzcpt_img_unix *r)
{
	struct socket *sock;
	int err;

	err = rst_unix_create(ctx, id, r, &sock);
	if (err)
		return err;
	err = rst_unix_finish(ctx, sock, id, r);
	if (err) {
		sock_release(sock);
		return err;
	}
	return rst_sock_add(ctx, id, sock);
}

/* The pair of @a (id @a_id) and @b (id @b_id): queues, state, peer credentials. */
static int rst_unix_pair(struct rst_context *ctx, u64 a_id, const struct vzcpt_img_unix *a,
			 u64 b_id, const struct vzcpt_img_unix *b)
{
	struct socket *sa, *sb;
	int err;

	err = rst_unix_create(ctx, a_id, a, &sa);
	if (err)
		return err;
	err = rst_unix_create(ctx, b_id, b, &sb);
	if (err) {
		sock_release(sa);
		return err;
	}
	err = sa->ops->socketpair(sa, sb);
	if (err) {
		rst_err(ctx, "cannot pair unix sockets %llu and %llu (error %d)", a_id, b_id, err);
		goto fail;
	}
	err = rst_unix_fill(ctx, sa, a_id, a, sb, b) ?: rst_unix_fill(ctx, sb, b_id, b, sa, a) ?:
	      rst_unix_finish(ctx, sa, a_id, a) ?: rst_unix_finish(ctx, sb, b_id, b) ?:
	      rst_unix_peercred(ctx, sa->sk, a_id, a) ?: rst_unix_peercred(ctx, sb->sk, b_id, b);
	if (err)
		goto fail;
	err = rst_sock_add(ctx, a_id, sa);
	if (err) {
		sock_release(sb);
		return err;
	}
	return rst_sock_add(ctx, b_id, sb);
fail:
	sock_release(sa);
	sock_release(sb);
	return err;
}

/* The record's layout against its length: img_check.c checked it; the reader holds its own. */
static bool rst_unix_sane(const struct vzcpt_img_unix *r, u32 len)
{
	u64 want = sizeof(*r) + ALIGN((u64)r->name_len, 8) +
		   (u64)r->nr_msgs * sizeof(struct vzcpt_img_unix_msg) + r->qlen;

	return want == len && (r->type == SOCK_STREAM || r->type == SOCK_DGRAM ||
			       r->type == SOCK_SEQPACKET);
}

int rst_unix(struct rst_context *ctx)
{
	struct vzcpt_img_unix *r = ctx->rd.buf;
	struct rst_unix_pending *p = ctx->unix_pending;
	const struct vzcpt_img_unix *first = p ? (const void *)p->rec : NULL;
	u64 id = ctx->rd.hdr.id;
	u32 len = ctx->rd.hdr.len;
	int err;

	/* Checked (img_check.c): its fields, its queue, a pair's second right after its first. */
	err = rst_payload(ctx, VZCPT_REC_UNIX, sizeof(*r));
	if (err)
		return err;
	if (!rst_unix_sane(r, len) || rst_sock_get(ctx, id) ||
	    (first && (r->state != VZCPT_UNIX_PAIR || r->peer_id != p->id ||
		       first->peer_id != id || first->type != r->type))) {
		rst_err(ctx, "the image is corrupt: bad unix socket record %llu",
			ctx->rd.nr_records);
		return -EINVAL;
	}
	if (first) {
		ctx->unix_pending = NULL;
		err = rst_unix_pair(ctx, p->id, first, id, r);
		kvfree(p);
		return err;
	}
	if (r->state != VZCPT_UNIX_PAIR)
		return rst_unix_single(ctx, id, r);
	p = kvmalloc(struct_size(p, rec, DIV_ROUND_UP(len, sizeof(u64))), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->id = id;
	memcpy(p->rec, r, len);
	ctx->unix_pending = p;
	return 0;
}

void rst_unix_drop(struct rst_context *ctx)
{
	kvfree(ctx->unix_pending);
	ctx->unix_pending = NULL;
}
