// SPDX-License-Identifier: GPL-2.0
/*
 * Sockets at restore, the part every family shares. A family's record makes
 * the socket (in the CT's network namespace, as the task that owns it) and
 * leaves it here under its image id; its FILE record, which follows, makes
 * it the one file it had. The SOL_SOCKET options go back through the
 * socket's own setsockopt, so the kernel's limits and permission checks
 * apply to an image as they would to the task.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fcntl.h>
#include <linux/file.h>
#include <linux/net.h>
#include <linux/netdevice.h>
#include <linux/time.h>
#include <net/sock.h>

#include "rst_context.h"
#include "rst_inet.h"
#include "rst_sock.h"

/*
 * The file of socket @id (@sock) made now, before its FILE record, which
 * takes it up (rst_sock_file()): a unix socket passed over itself or its
 * peer has it in flight in a queue the restore fills first. The table
 * holds it, and from then on the socket is the file's: rst_sock_release()
 * lets it go. Made once; the reference returned is the table's.
 */
struct file *rst_sock_own_file(struct rst_context *ctx, u64 id, struct socket *sock)
{
	struct file *file = xa_load(&ctx->sock_early, id);
	int err;

	if (file)
		return xa_is_value(file) ? ERR_PTR(-EINVAL) : file;
	/* Its slot first: a failed sock_alloc_file() releases the socket, which the mark says. */
	err = xa_insert(&ctx->sock_early, id, xa_mk_value(0), GFP_KERNEL);
	if (err)
		return ERR_PTR(err);
	file = sock_alloc_file(sock, 0, NULL);
	if (IS_ERR(file))
		return file;
	err = xa_err(xa_store(&ctx->sock_early, id, file, GFP_KERNEL));
	if (err) {
		fput(file);	/* and the socket with it, as the mark says */
		return ERR_PTR(err);
	}
	return file;
}

void rst_sock_release(struct rst_context *ctx, u64 id, struct socket *sock)
{
	struct file *file = xa_erase(&ctx->sock_early, id);

	if (!file)
		sock_release(sock);
	else if (!xa_is_value(file))
		fput(file);
}

int rst_sock_add(struct rst_context *ctx, u64 id, struct socket *sock)
{
	int err = xa_insert(&ctx->socks, id, sock, GFP_KERNEL);

	if (err) {
		rst_sock_release(ctx, id, sock);
		if (err == -EBUSY) {
			rst_err(ctx, "the image is corrupt: socket %llu comes twice", id);
			err = -EINVAL;
		}
	}
	return err;
}

struct socket *rst_sock_get(struct rst_context *ctx, u64 id)
{
	return xa_load(&ctx->socks, id);
}

/*
 * Reads the payload of a record that follows its socket's (multicast state,
 * TCP options, filter), of at least @min bytes: returns that socket, or an
 * ERR_PTR() after saying why. @what names the record's state in the message.
 */
struct socket *rst_sock_of_rec(struct rst_context *ctx, u16 type, u32 min, const char *what)
{
	struct socket *sock;
	int err = rst_payload(ctx, type, min);

	if (err)
		return ERR_PTR(err);
	/* Checked (img_check.c): right after its socket's record. */
	sock = rst_sock_get(ctx, ctx->rd.hdr.id);
	if (!sock) {
		rst_err(ctx, "the image is corrupt: no socket %llu for its %s", ctx->rd.hdr.id,
			what);
		return ERR_PTR(-EINVAL);
	}
	return sock;
}

struct file *rst_sock_file(struct rst_context *ctx, const struct vzcpt_img_file *f)
{
	struct socket *sock = xa_erase(&ctx->socks, f->pipe_id);
	struct file *file;
	int err;

	/* Checked (img_check.c): the socket's record came first, and a socket has one file. */
	if (!sock) {
		rst_err(ctx, "the image is corrupt: no socket %llu for its file", f->pipe_id);
		return ERR_PTR(-EINVAL);
	}
	/* A TCP listener's connections not accepted yet came before it. */
	err = rst_acceptq(ctx, f->pipe_id, sock);
	if (err) {
		rst_sock_release(ctx, f->pipe_id, sock);
		return ERR_PTR(err);
	}
	file = xa_erase(&ctx->sock_early, f->pipe_id);
	if (file) {
		/* A socket in the table was made whole: a mark of a failed one is not there. */
		if (WARN_ON_ONCE(xa_is_value(file)))
			return ERR_PTR(-EINVAL);
		spin_lock(&file->f_lock);
		file->f_flags = (file->f_flags & ~O_NONBLOCK) | (f->flags & O_NONBLOCK);
		spin_unlock(&file->f_lock);
		return file;
	}
	/* On failure sock_alloc_file() releases the socket. */
	return sock_alloc_file(sock, f->flags & O_NONBLOCK, NULL);
}

void rst_sock_drop(struct rst_context *ctx)
{
	struct socket *sock;
	struct file *file;
	unsigned long id;

	/* A socket only in flight lives on in the queue that holds its file. */
	rst_acceptq_drop(ctx);
	xa_for_each(&ctx->socks, id, sock)
		rst_sock_release(ctx, id, sock);
	xa_destroy(&ctx->socks);
	xa_for_each(&ctx->sock_early, id, file)
		if (!xa_is_value(file))
			fput(file);
	xa_destroy(&ctx->sock_early);
}

static int rst_setsockopt(struct rst_context *ctx, struct socket *sock, int opt,
			  const char *name, const void *val, unsigned int len)
{
	int err = sock_setsockopt(sock, SOL_SOCKET, opt, KERNEL_SOCKPTR((void *)val), len);

	if (err)
		rst_err(ctx, "task %d (%s) cannot set %s on a socket (error %d)",
			task_pid_vnr(current), current->comm, name, err);
	return err;
}

static int rst_set_int(struct rst_context *ctx, struct socket *sock, int opt, const char *name,
		       int val)
{
	return rst_setsockopt(ctx, sock, opt, name, &val, sizeof(val));
}

static int rst_set_timeo(struct rst_context *ctx, struct socket *sock, int opt,
			 const char *name, s64 us)
{
	struct __kernel_sock_timeval tv = {
		.tv_sec = div_s64(us, USEC_PER_SEC),
		.tv_usec = us % USEC_PER_SEC,
	};

	return rst_setsockopt(ctx, sock, opt, name, &tv, sizeof(tv));
}

/*
 * A buffer size set by the task: SO_RCVBUF/SO_SNDBUF keep twice the value
 * asked, capped by net.core.[rw]mem_max; past the cap only the FORCE forms,
 * with CAP_NET_ADMIN, could have set it, and the restore needs it too.
 */
static int rst_buf(const struct sock *sk, bool rcv)
{
	return rcv ? READ_ONCE(sk->sk_rcvbuf) : READ_ONCE(sk->sk_sndbuf);
}

static int rst_set_buf(struct rst_context *ctx, struct socket *sock, bool rcv, int want)
{
	int opt = rcv ? SO_RCVBUF : SO_SNDBUF;
	int err;

	err = rst_set_int(ctx, sock, opt, rcv ? "SO_RCVBUF" : "SO_SNDBUF", want / 2);
	if (!err && rst_buf(sock->sk, rcv) != want)
		err = rst_set_int(ctx, sock, rcv ? SO_RCVBUFFORCE : SO_SNDBUFFORCE,
				  rcv ? "SO_RCVBUFFORCE" : "SO_SNDBUFFORCE", want / 2);
	if (!err && rst_buf(sock->sk, rcv) != want) {
		rst_err(ctx, "a socket's %s buffer of %d bytes cannot be set back",
			rcv ? "receive" : "send", want);
		err = -EINVAL;
	}
	return err;
}

int rst_sockopt(struct rst_context *ctx, struct socket *sock, const struct vzcpt_img_sockopt *o)
{
	static const struct { u32 flag; int opt; const char *name; } bools[] = {
		{ VZCPT_SO_REUSEADDR, SO_REUSEADDR, "SO_REUSEADDR" },
		{ VZCPT_SO_REUSEPORT, SO_REUSEPORT, "SO_REUSEPORT" },
		{ VZCPT_SO_KEEPALIVE, SO_KEEPALIVE, "SO_KEEPALIVE" },
		{ VZCPT_SO_OOBINLINE, SO_OOBINLINE, "SO_OOBINLINE" },
		{ VZCPT_SO_BROADCAST, SO_BROADCAST, "SO_BROADCAST" },
		{ VZCPT_SO_DONTROUTE, SO_DONTROUTE, "SO_DONTROUTE" },
		{ VZCPT_SO_PASSCRED, SO_PASSCRED, "SO_PASSCRED" },
	};
	struct linger lg = { .l_onoff = !!(o->flags & VZCPT_SO_LINGER), .l_linger = o->linger };
	bool new = o->flags & VZCPT_SO_TSTAMP_NEW;
	int i, err = 0;

	for (i = 0; i < ARRAY_SIZE(bools) && !err; i++)
		if (o->flags & bools[i].flag)
			err = rst_set_int(ctx, sock, bools[i].opt, bools[i].name, 1);
	if (!err && o->flags & VZCPT_SO_TIMESTAMPNS)
		err = rst_set_int(ctx, sock, new ? SO_TIMESTAMPNS_NEW : SO_TIMESTAMPNS_OLD,
				  "SO_TIMESTAMPNS", 1);
	else if (!err && o->flags & VZCPT_SO_TIMESTAMP)
		err = rst_set_int(ctx, sock, new ? SO_TIMESTAMP_NEW : SO_TIMESTAMP_OLD,
				  "SO_TIMESTAMP", 1);
	if (!err && (lg.l_onoff || lg.l_linger))
		err = rst_setsockopt(ctx, sock, SO_LINGER, "SO_LINGER", &lg, sizeof(lg));
	if (!err && o->flags & VZCPT_SO_RCVBUF)
		err = rst_set_buf(ctx, sock, true, o->rcvbuf);
	if (!err && o->flags & VZCPT_SO_SNDBUF)
		err = rst_set_buf(ctx, sock, false, o->sndbuf);
	if (!err && o->priority)
		err = rst_set_int(ctx, sock, SO_PRIORITY, "SO_PRIORITY", o->priority);
	if (!err && o->mark)
		err = rst_set_int(ctx, sock, SO_MARK, "SO_MARK", o->mark);
	if (!err && o->rcvlowat != 1)
		err = rst_set_int(ctx, sock, SO_RCVLOWAT, "SO_RCVLOWAT", o->rcvlowat);
	if (!err && o->rcvtimeo_us)
		err = rst_set_timeo(ctx, sock, SO_RCVTIMEO_NEW, "SO_RCVTIMEO", o->rcvtimeo_us);
	if (!err && o->sndtimeo_us)
		err = rst_set_timeo(ctx, sock, SO_SNDTIMEO_NEW, "SO_SNDTIMEO", o->sndtimeo_us);
	if (!err && o->bound_dev[0])
		err = rst_setsockopt(ctx, sock, SO_BINDTODEVICE, "SO_BINDTODEVICE", o->bound_dev,
				     strnlen(o->bound_dev, sizeof(o->bound_dev)));
	return err;
}

int rst_dev_ifindex(struct rst_context *ctx, struct net *net, const char *name, const char *what)
{
	struct net_device *dev;
	int ifindex = 0;

	rcu_read_lock();
	dev = dev_get_by_name_rcu(net, name);
	if (dev)
		ifindex = dev->ifindex;
	rcu_read_unlock();
	if (!ifindex)
		rst_err(ctx, "task %d (%s): the device %s of %s is not in CT %u's network namespace",
			task_pid_vnr(current), current->comm, name, what, ctx->ctid);
	return ifindex;
}
