// SPDX-License-Identifier: GPL-2.0
/*
 * Restore AF_UNIX sockets through the kernel's own calls, as the task that
 * holds them first (its credentials are in force): sock_create() in its
 * network namespace, the pair's socketpair(), each queue refilled by a
 * sendmsg() from the socket's peer (so the kernel's limits apply), then
 * SO_PEEK_OFF, the shutdowns and SO_PEERCRED. Each socket becomes a file
 * held by the context until the FILE record that names it takes it.
 *
 * The first record of a pair waits (a copy of it) for the second, which
 * comes right after it: a pair is made at once, and each queue is refilled
 * from the other socket.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/net.h>
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
	struct vzcpt_img_unix r;	/* followed by the rest of its payload */
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

/* SO_PEEK_OFF and the shutdowns, once the queue is back. */
static int rst_unix_finish(struct rst_context *ctx, struct socket *sock, u64 id,
			   const struct vzcpt_img_unix *r)
{
	int err = 0, val = r->peek_off;

	if (val != -1)
		err = sock_setsockopt(sock, SOL_SOCKET, SO_PEEK_OFF, KERNEL_SOCKPTR(&val),
				      sizeof(val));
	/* VZCPT_UNIX_SHUT_* less one is SHUT_RD, SHUT_WR or SHUT_RDWR. */
	if (!err && r->shutdown)
		err = kernel_sock_shutdown(sock, r->shutdown - 1);
	if (err)
		rst_err(ctx, "cannot set unix socket %llu's peek offset or shutdown (error %d)", id,
			err);
	return err;
}

/* A new socket of @r's type, in the restoring task's network namespace, as a file. */
static struct file *rst_unix_create(struct rst_context *ctx, u64 id,
				    const struct vzcpt_img_unix *r, struct socket **sockp)
{
	struct socket *sock;
	struct file *file;
	int err;

	err = sock_create(AF_UNIX, r->type, 0, &sock);
	if (err) {
		rst_err(ctx, "cannot create unix socket %llu (error %d)", id, err);
		return ERR_PTR(err);
	}
	file = sock_alloc_file(sock, 0, NULL);	/* it releases the socket if it fails */
	if (IS_ERR(file)) {
		rst_err(ctx, "cannot give unix socket %llu a file (error %ld)", id, PTR_ERR(file));
		return file;
	}
	*sockp = sock;
	return file;
}

static int rst_unix_store(struct rst_context *ctx, u64 id, struct file *file)
{
	int err = xa_insert(&ctx->unix_socks, id, file, GFP_KERNEL);

	if (err == -EBUSY)
		rst_err(ctx, "the image is corrupt: unix socket %llu comes twice", id);
	if (err)
		fput(file);
	return err;
}

static int rst_unix_single(struct rst_context *ctx, u64 id, const struct vzcpt_img_unix *r)
{
	struct socket *sock;
	struct file *file;
	int err;

	file = rst_unix_create(ctx, id, r, &sock);
	if (IS_ERR(file))
		return PTR_ERR(file);
	err = rst_unix_finish(ctx, sock, id, r);
	if (err) {
		fput(file);
		return err;
	}
	return rst_unix_store(ctx, id, file);
}

/* The pair of @a (id @a_id) and @b (id @b_id): queues, state, peer credentials. */
static int rst_unix_pair(struct rst_context *ctx, u64 a_id, const struct vzcpt_img_unix *a,
			 u64 b_id, const struct vzcpt_img_unix *b)
{
	struct socket *sa, *sb;
	struct file *fa, *fb;
	int err;

	fa = rst_unix_create(ctx, a_id, a, &sa);
	if (IS_ERR(fa))
		return PTR_ERR(fa);
	fb = rst_unix_create(ctx, b_id, b, &sb);
	if (IS_ERR(fb)) {
		fput(fa);
		return PTR_ERR(fb);
	}
	err = sa->ops->socketpair(sa, sb);
	if (err) {
		rst_err(ctx, "cannot pair unix sockets %llu and %llu (error %d)", a_id, b_id, err);
		goto fail;
	}
	err = rst_unix_refill(ctx, sb, a_id, a) ?: rst_unix_refill(ctx, sa, b_id, b) ?:
	      rst_unix_finish(ctx, sa, a_id, a) ?: rst_unix_finish(ctx, sb, b_id, b) ?:
	      rst_unix_peercred(ctx, sa->sk, a_id, a) ?: rst_unix_peercred(ctx, sb->sk, b_id, b);
	if (err)
		goto fail;
	err = rst_unix_store(ctx, a_id, fa);
	if (err) {
		fput(fb);
		return err;
	}
	return rst_unix_store(ctx, b_id, fb);
fail:
	fput(fa);
	fput(fb);
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
	u64 id = ctx->rd.hdr.id;
	u32 len = ctx->rd.hdr.len;
	int err;

	/* Checked (img_check.c): its fields, its queue, a pair's second right after its first. */
	err = rst_payload(ctx, VZCPT_REC_UNIX, sizeof(*r));
	if (err)
		return err;
	if (!rst_unix_sane(r, len) || xa_load(&ctx->unix_socks, id) ||
	    (p && (r->state != VZCPT_UNIX_PAIR || r->peer_id != p->id ||
		   p->r.peer_id != id || p->r.type != r->type))) {
		rst_err(ctx, "the image is corrupt: bad unix socket record %llu",
			ctx->rd.nr_records);
		return -EINVAL;
	}
	if (p) {
		ctx->unix_pending = NULL;
		err = rst_unix_pair(ctx, p->id, &p->r, id, r);
		kvfree(p);
		return err;
	}
	if (r->state != VZCPT_UNIX_PAIR)
		return rst_unix_single(ctx, id, r);
	p = kvmalloc(sizeof(p->id) + len, GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->id = id;
	memcpy(&p->r, r, len);
	ctx->unix_pending = p;
	return 0;
}

/* The flags a socket's file may have: what socket() and F_SETFL set on it. */
#define RST_UNIX_FLAGS	(O_RDWR | O_NONBLOCK)

struct file *rst_open_unix(struct rst_context *ctx, const struct vzcpt_img_file *f, u64 id,
			   u64 sock_id)
{
	struct file *file;

	/* Each socket has one file: the first FILE record that names it takes it. */
	file = ctx->unix_pending ? NULL : xa_erase(&ctx->unix_socks, sock_id);
	if (!file || (f->flags & ~RST_UNIX_FLAGS) || (f->flags & O_ACCMODE) != O_RDWR) {
		if (file)
			fput(file);
		rst_err(ctx, "the image is corrupt: file %llu is a bad file of unix socket %llu",
			id, sock_id);
		return ERR_PTR(-EINVAL);
	}
	spin_lock(&file->f_lock);
	file->f_flags = (file->f_flags & ~O_NONBLOCK) | (f->flags & O_NONBLOCK);
	spin_unlock(&file->f_lock);
	return file;
}

void rst_unix_drop(struct rst_context *ctx)
{
	unsigned long i;
	struct file *f;

	xa_for_each(&ctx->unix_socks, i, f)
		fput(f);
	xa_destroy(&ctx->unix_socks);
	kvfree(ctx->unix_pending);
	ctx->unix_pending = NULL;
}
