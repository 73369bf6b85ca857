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
 *
 * A name is bound again with kernel_bind() as the CT's root (as files are
 * opened: rst_open_ct()), in the CT's network namespace for an abstract
 * name and from the CT's root for a filesystem one, where the socket file
 * of the dumped socket is still: it is unlinked first (only a socket file,
 * and only one no restored socket is bound to), and the new one gets its
 * mode and owner; a socket whose file the dump found unlinked unlinks it
 * again once its queue is back (a stale socket file that was at its path
 * goes with it). A datagram socket connected one way connects again, by
 * name, to its peer, restored before it. A message that another socket
 * than the peer queued is sent again from that socket when it is restored
 * already or, by name, from a restored socket of that name, else from a
 * socket made for it and bound to its name (the one restored later binds
 * it again): recvfrom() gives the same sender. A listener is bound to its
 * name and listens with its backlog; its SO_PEERCRED (that its clients
 * get) is put back as for a pair. Its clients not accepted yet come right
 * after it: each connect()s to it again, in turn, and sends what it had
 * sent. The side of a connection that accept() gave is made as a pair's,
 * and given the listener's name as accept() gives it, bound nowhere.
 * Each message goes again with its files in flight (SCM_RIGHTS: the files
 * of the image its record names, restored before it, or the own file of
 * the socket or its pair's other one, passed over itself, made then and
 * taken up by its FILE record: rst_sock_own_file()) and gets its
 * sender's SCM_CREDENTIALS back (rst_unix_stamp()); a stream's runs go one
 * by one, as the reader is to find them.
 *
 * A socket whose peer was closed is made as a pair with a stand-in for
 * that peer, given the closed one's name as accept() gives one; the
 * stand-in sends what the survivor has to read and is released: the
 * kernel's release sets the survivor's shutdowns (and its ECONNRESET when
 * the closed one had data unread: the survivor queues a byte on it first),
 * and leaves the stand-in its peer, closed, until the survivor is closed or,
 * a datagram socket, sends (ECONNREFUSED). A client closed before its
 * listener accepted it connects and sends again, and is released as well.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/net.h>
#include <linux/overflow.h>
#include <linux/pid.h>
#include <linux/slab.h>
#include <linux/socket.h>
#include <linux/uidgid.h>
#include <linux/uio.h>
#include <linux/un.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_files.h"
#include "rst_ksyms.h"
#include "rst_sock.h"
#include "rst_unix.h"

/*
 * A socket whose SO_PEERCRED names a process not restored yet: the other
 * side of a connection made by connect() and accept() may be held by a
 * process restored after it (a sibling). Its pid is put in once every
 * process is (rst_unix_late()), before any runs.
 */
struct rst_unix_later {
	struct list_head list;
	struct sock *sk;	/* held */
	struct sk_buff *skb;	/* held: a message of @sk's queue whose sender it is; or NULL */
	pid_t pid;		/* in the CT's pid namespace */
	u64 id;
};

/*
 * A socket whose file the dump found unlinked: its file stays until every
 * socket is restored, for what connects to it by its name after it (a
 * datagram client, a client its listener has not accepted yet), and is
 * unlinked before any task runs (rst_unix_late()), with the credentials
 * of the task that bound it.
 */
struct rst_unix_gone {
	struct list_head list;
	struct sock *sk;	/* held by ctx->unix_live */
	const struct cred *cred;
	u64 id;
	u32 len;
	char name[];
};

/* A pair's first record, kept until its second comes. */
struct rst_unix_pending {
	u64 id;
	u64 rec[];		/* its payload: a struct vzcpt_img_unix and what follows */
};

static const struct vzcpt_img_unix_msg *rst_unix_msgs(const struct vzcpt_img_unix *r)
{
	return (const void *)((const char *)(r + 1) + ALIGN(r->name_len, 8));
}

static const u64 *rst_unix_fds(const struct vzcpt_img_unix *r)
{
	return (const u64 *)(rst_unix_msgs(r) + r->nr_msgs);
}

static const char *rst_unix_data(const struct vzcpt_img_unix *r)
{
	return (const char *)(rst_unix_fds(r) + r->nr_fds);
}

static int rst_unix_send(struct socket *sock, const char *p, size_t len,
			 struct sockaddr_storage *to, int tolen)
{
	struct kvec vec = { .iov_base = (void *)p, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL,
			      .msg_name = to, .msg_namelen = to ? tolen : 0 };

	return kernel_sendmsg(sock, &msg, &vec, 1, len);
}

/* The files (FILE records before, img_check.c) of @m's @ids, as SCM_RIGHTS in @cbuf. */
struct rst_unix_rights {
	void *cbuf;
	size_t clen;
	int *fds;
	int nr;
};

/* The sockets whose queues are filled now: those whose own files may be in flight there. */
static void rst_unix_group(struct rst_context *ctx, u64 a_id, struct socket *a, u64 b_id,
			   struct socket *b)
{
	ctx->unix_grp_id[0] = a_id;
	ctx->unix_grp[0] = a;
	ctx->unix_grp_id[1] = b_id;
	ctx->unix_grp[1] = b;
}

/*
 * The own file of socket @sid, in flight in socket @id's queue: one of
 * the sockets being filled (checked: it or its pair's other one), whose
 * file the restore makes now (rst_sock_own_file()).
 */
static struct file *rst_unix_own(struct rst_context *ctx, u64 id, u64 sid)
{
	struct file *file;
	int i;

	for (i = 0; i < 2; i++) {
		if (!ctx->unix_grp[i] || ctx->unix_grp_id[i] != sid)
			continue;
		file = rst_sock_own_file(ctx, sid, ctx->unix_grp[i]);
		if (IS_ERR(file))
			rst_err(ctx, "unix socket %llu: cannot make the file of socket %llu, which it has in flight (error %ld)",
				id, sid, PTR_ERR(file));
		return file;
	}
	rst_err(ctx, "the image is corrupt: unix socket %llu has in flight the own file of socket %llu, not restored with it",
		id, sid);
	return ERR_PTR(-EINVAL);
}

/*
 * SCM_RIGHTS of the files @ids names, for a sendmsg() from the kernel:
 * __scm_send() takes files only by fd, from the sender's table (no
 * interface attaches a struct file to a message), so each is installed in
 * the restoring task's table for the send and closed after it
 * (rst_unix_unrights()): the table is as it was, and the message holds
 * its own reference, accounted in flight by the kernel's unix GC.
 */
static int rst_unix_rights(struct rst_context *ctx, u64 id, const u64 *ids, u32 nr,
			   struct rst_unix_rights *rt)
{
	struct cmsghdr *c;
	struct file *file;
	u32 i;

	rt->nr = 0;
	rt->clen = CMSG_SPACE(nr * sizeof(int));
	rt->cbuf = kzalloc(rt->clen, GFP_KERNEL);
	if (!rt->cbuf)
		return -ENOMEM;
	c = rt->cbuf;
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(nr * sizeof(int));
	rt->fds = (int *)CMSG_DATA(c);
	for (i = 0; i < nr; i++) {
		if (ids[i] & VZCPT_UNIX_FD_SOCK) {
			file = rst_unix_own(ctx, id, ids[i] & ~VZCPT_UNIX_FD_SOCK);
			if (IS_ERR(file))
				return PTR_ERR(file);
		} else {
			file = xa_load(&ctx->files, ids[i]);
			if (!file) {
				rst_err(ctx, "unix socket %llu has file %llu in flight, which was not restored",
					id, ids[i]);
				return -EINVAL;
			}
		}
		rt->fds[i] = get_unused_fd_flags(O_CLOEXEC);
		if (rt->fds[i] < 0) {
			rst_err(ctx, "unix socket %llu: no fd to send file %llu in flight again (error %d)",
				id, ids[i], rt->fds[i]);
			return rt->fds[i];
		}
		fd_install(rt->fds[i], get_file(file));
		rt->nr++;
	}
	return 0;
}

static void rst_unix_unrights(struct rst_unix_rights *rt)
{
	int i;

	for (i = 0; i < rt->nr; i++)
		close_fd(rt->fds[i]);
	kfree(rt->cbuf);
}

/*
 * A message's sender (@pid, restored after its receiver @sk): the pid of
 * @skb, queued for @sk, is put in once every process is (rst_unix_late()).
 */
static int rst_unix_later_skb(struct rst_context *ctx, struct sock *sk, struct sk_buff *skb,
			      pid_t pid, u64 id)
{
	struct rst_unix_later *l = kmalloc(sizeof(*l), GFP_KERNEL);

	if (!l)
		return -ENOMEM;
	sock_hold(sk);
	l->sk = sk;
	l->skb = skb_get(skb);
	l->pid = pid;
	l->id = id;
	list_add_tail(&l->list, &ctx->unix_late);
	return 0;
}

/*
 * SCM_CREDENTIALS of @m on what a send queued for @sk after @tail: the
 * kernel gave its buffers the restoring task's (scm_send() takes them from
 * current; an SCM_CREDENTIALS message can name no process that is gone),
 * and no interface sets them otherwise: struct unix_skb_parms's are put in
 * place here, under the queue's lock, while no task of the CT runs. The
 * ids are mapped through the CT's user namespace, the pid found in its pid
 * namespace, now or once every process is restored (0: none, as
 * SCM_CREDENTIALS gives of a sender gone).
 */
static int rst_unix_stamp(struct rst_context *ctx, struct sock *sk, struct sk_buff *tail,
			  const struct vzcpt_img_unix_msg *m, u64 id)
{
	struct sk_buff_head *q = &sk->sk_receive_queue;
	kuid_t uid = make_kuid(current_user_ns(), m->uid);
	kgid_t gid = make_kgid(current_user_ns(), m->gid);
	struct pid *pid = NULL, *old;
	struct sk_buff *skb, *first;
	int err = 0;

	if (!uid_valid(uid) || !gid_valid(gid)) {
		rst_err(ctx, "unix socket %llu: a message's SCM_CREDENTIALS uid %u or gid %u is not mapped in the CT",
			id, m->uid, m->gid);
		return -EINVAL;
	}
	/* The restoring task is in the CT's pid namespace. */
	if (m->pid)
		pid = find_get_pid(m->pid);
	spin_lock(&q->lock);
	first = tail ? tail->next : q->next;
	for (skb = first; skb != (struct sk_buff *)q; skb = skb->next) {
		old = UNIXCB(skb).pid;
		UNIXCB(skb).pid = get_pid(pid);
		UNIXCB(skb).uid = uid;
		UNIXCB(skb).gid = gid;
		put_pid(old);
	}
	spin_unlock(&q->lock);
	put_pid(pid);
	if (pid || !m->pid)
		return 0;
	/* Nothing takes from the queue meanwhile: the buffers stamped are still there. */
	for (skb = first; !err && skb != (struct sk_buff *)q; skb = skb->next)
		err = rst_unix_later_skb(ctx, sk, skb, m->pid, id);
	return err;
}

/*
 * One sendmsg() of @len bytes at @p of message @m from @from, to its peer
 * or to @dst: with its files when @ids, then its credentials on what it
 * queued for @to.
 */
static int rst_unix_send_one(struct rst_context *ctx, struct socket *from, struct socket *to,
			     u64 id, const struct vzcpt_img_unix_msg *m, const u64 *ids,
			     const char *p, size_t len, struct sockaddr_storage *dst, int dlen)
{
	struct kvec vec = { .iov_base = (void *)p, .iov_len = len };
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL,
			      .msg_name = dst, .msg_namelen = dst ? dlen : 0 };
	struct rst_unix_rights rt = {};
	struct sk_buff *tail = NULL;
	struct sock *rcv;
	int n = 0, err;

	/* To @to by its name, or to @from's peer: @to, or the side accept() will give. */
	if (dst) {
		rcv = to->sk;
		sock_hold(rcv);
	} else {
		rcv = unix_peer_get(from->sk);
		if (!rcv)
			return -ENOTCONN;
	}
	if (ids && m->nr_fds) {
		n = rst_unix_rights(ctx, id, ids, m->nr_fds, &rt);
		msg.msg_control = rt.cbuf;
		msg.msg_controllen = rt.clen;
	}
	if (!n) {
		spin_lock(&rcv->sk_receive_queue.lock);
		tail = skb_peek_tail(&rcv->sk_receive_queue);
		spin_unlock(&rcv->sk_receive_queue.lock);
		n = kernel_sendmsg(from, &msg, &vec, 1, len);
	}
	rst_unix_unrights(&rt);
	err = n < 0 ? n : rst_unix_stamp(ctx, rcv, tail, m, id);
	sock_put(rcv);
	return err ?: n;
}

/*
 * Message @m (its files at @ids, its bytes at @p) from @from again: a
 * datagram in one send, a stream's run in as many as the sender's buffer
 * takes, its files with the first.
 */
static int rst_unix_out(struct rst_context *ctx, struct socket *from, struct socket *to, u64 id,
			const struct vzcpt_img_unix_msg *m, const u64 *ids, const char *p,
			struct sockaddr_storage *dst, int dlen)
{
	u32 sent = 0;
	int n;

	do {
		n = rst_unix_send_one(ctx, from, to, id, m, sent ? NULL : ids, p + sent,
				      m->len - sent, dst, dlen);
		if (n < 0 || from->type != SOCK_STREAM)
			return n;
		if (!n)
			return -EAGAIN;
		sent += n;
	} while (sent < m->len);
	return sent;
}

/* A sun_path of @len bytes (checked: img_check.c) as a sockaddr for bind(), connect(), sendto(). */
static int rst_unix_addr(const char *name, u32 len, struct sockaddr_storage *ss)
{
	struct sockaddr_un *sun = (struct sockaddr_un *)ss;

	memset(ss, 0, sizeof(*ss));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, name, len);
	return offsetof(struct sockaddr_un, sun_path) + len;
}

/* Is @ss a filesystem name? */
static bool rst_unix_fs(const struct sockaddr_storage *ss, int len)
{
	return len > offsetof(struct sockaddr_un, sun_path) &&
	       ((const struct sockaddr_un *)ss)->sun_path[0];
}

/* Paths from the CT's root, as the CT's root; put back with rst_unix_leave(). */
struct rst_unix_as {
	const struct cred *cred;
	struct path root;	/* the task's own, while the CT's is in force */
};

/*
 * unix_bind() and unix_find_other() look a filesystem name up from the
 * task's root, which the FS record sets only after the files (rst_fs());
 * until then it is its parent's or the restorer's, perhaps chrooted. The
 * CT's root is put in force around them (set_fs_root(): no interface binds
 * or connects a unix socket from a given root), and the task's back after.
 */
static void rst_unix_enter(struct rst_context *ctx, struct rst_unix_as *as)
{
	as->cred = override_creds(current->real_cred);
	as->root.mnt = NULL;
	if (!ctx->root.mnt)
		return;
	get_fs_root(current->fs, &as->root);
	if (path_equal(&as->root, &ctx->root)) {
		path_put(&as->root);
		as->root.mnt = NULL;
		return;
	}
	ksym_set_fs_root(current->fs, &ctx->root);
}

static void rst_unix_leave(struct rst_unix_as *as)
{
	if (as->root.mnt) {
		ksym_set_fs_root(current->fs, &as->root);
		path_put(&as->root);
	}
	revert_creds(as->cred);
}

/* The name of @sock, restored with one: the address to connect or send to. */
static int rst_unix_name_of(struct socket *sock, struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	return kernel_getsockname(sock, (struct sockaddr *)ss);
}

/*
 * A restored socket whose name is @ss (@len bytes, a filesystem name's
 * without the NUL that getsockname() gives), or NULL.
 */
static struct sock *rst_unix_bound_at(struct rst_context *ctx, const struct sockaddr_storage *ss,
				      int len)
{
	struct sockaddr_storage other;
	unsigned long i;
	struct sock *sk;
	int olen;

	xa_for_each(&ctx->unix_live, i, sk) {
		struct socket *sock = READ_ONCE(sk->sk_socket);

		olen = sock ? rst_unix_name_of(sock, &other) : -1;
		if ((olen == len || (olen == len + 1 && !((char *)&other)[len])) &&
		    !memcmp(&other, ss, len))
			return sk;
	}
	return NULL;
}

/*
 * The socket file left at @name (the dumped socket's, or one a sender's
 * stand-in bound), or the file of a restored socket whose file the dump
 * found unlinked: unlinked, if it is a socket file; its mode and owner in
 * @old (NULL: not wanted). -EEXIST for anything else there. The caller
 * knows that no other restored socket is bound to it. As @cred, or (NULL)
 * as the restoring task, its path looked up as the CT's root.
 */
static int rst_unix_unlink_as(struct rst_context *ctx, const char *name, u32 len,
			      struct vzcpt_img_unix *old, const struct cred *cred)
{
	char *dir = kmemdup_nul(name, len, GFP_KERNEL);
	const struct cred *was;
	struct dentry *dentry;
	struct inode *inode;
	struct file *f;
	char *base;
	int err;

	if (!dir)
		return -ENOMEM;
	was = cred ? override_creds(cred) : NULL;
	base = strrchr(dir, '/');
	*base++ = 0;
	f = rst_open_ct_as(ctx, dir[0] ? dir : "/", O_PATH | O_DIRECTORY,
			   cred ?: current->real_cred);
	err = PTR_ERR_OR_ZERO(f);
	if (err)
		goto out;
	inode = d_inode(f->f_path.dentry);
	err = mnt_want_write(f->f_path.mnt);
	if (err)
		goto put;
	inode_lock_nested(inode, I_MUTEX_PARENT);
	dentry = lookup_one_len(base, f->f_path.dentry, strlen(base));
	err = PTR_ERR_OR_ZERO(dentry);
	if (!err) {
		err = -EEXIST;
		if (d_is_positive(dentry) && S_ISSOCK(d_inode(dentry)->i_mode)) {
			if (old) {
				old->fmode = d_inode(dentry)->i_mode & 07777;
				old->fuid = from_kuid_munged(current_user_ns(),
							     d_inode(dentry)->i_uid);
				old->fgid = from_kgid_munged(current_user_ns(),
							     d_inode(dentry)->i_gid);
			}
			err = vfs_unlink(mnt_user_ns(f->f_path.mnt), inode, dentry, NULL);
		}
		dput(dentry);
	}
	inode_unlock(inode);
	mnt_drop_write(f->f_path.mnt);
put:
	fput(f);
out:
	if (was)
		revert_creds(was);
	kfree(dir);
	return err;
}

static int rst_unix_unlink(struct rst_context *ctx, const char *name, u32 len,
			   struct vzcpt_img_unix *old)
{
	return rst_unix_unlink_as(ctx, name, len, old, NULL);
}

static void rst_unix_gone_free(struct rst_unix_gone *g)
{
	list_del(&g->list);
	put_cred(g->cred);
	kfree(g);
}

/*
 * @sk's file is to be unlinked, and a socket restored after it is bound
 * at its name: unlinked now (by the caller). What would connect to @sk by
 * the name after this finds the other (rst_unix_connect() sees that).
 */
static bool rst_unix_gone_now(struct rst_context *ctx, struct sock *sk)
{
	struct rst_unix_gone *g;

	list_for_each_entry(g, &ctx->unix_gone, list) {
		if (g->sk == sk) {
			rst_unix_gone_free(g);
			return true;
		}
	}
	return false;
}

/* The socket file at @name gets the mode and owner of the dumped one. */
static int rst_unix_chattr(struct rst_context *ctx, const char *name, u32 len,
			   const struct vzcpt_img_unix *r)
{
	struct user_namespace *ns = current_user_ns();
	struct iattr ia = { .ia_valid = ATTR_MODE | ATTR_UID | ATTR_GID | ATTR_CTIME,
			    .ia_mode = S_IFSOCK | r->fmode };
	char *path = kmemdup_nul(name, len, GFP_KERNEL);
	struct dentry *dentry;
	struct file *f;
	int err;

	if (!path)
		return -ENOMEM;
	ia.ia_uid = make_kuid(ns, r->fuid);
	ia.ia_gid = make_kgid(ns, r->fgid);
	err = -EINVAL;
	if (!uid_valid(ia.ia_uid) || !gid_valid(ia.ia_gid))
		goto out;
	f = rst_open_ct(ctx, path, O_PATH | O_NOFOLLOW);
	err = PTR_ERR_OR_ZERO(f);
	if (err)
		goto out;
	dentry = f->f_path.dentry;
	err = -ENOTSOCK;
	if (S_ISSOCK(d_inode(dentry)->i_mode))
		err = mnt_want_write(f->f_path.mnt);
	if (!err) {
		inode_lock(d_inode(dentry));
		err = notify_change(mnt_user_ns(f->f_path.mnt), dentry, &ia, NULL);
		inode_unlock(d_inode(dentry));
		mnt_drop_write(f->f_path.mnt);
	}
	fput(f);
out:
	kfree(path);
	return err;
}

/*
 * Bind @sock to the @len bytes of @name, as rst_unix_enter() has it. A
 * filesystem name's stale socket file goes first; @r (the record of a
 * restored socket) gives the new file its mode and owner. A sender's
 * stand-in (@r NULL) gives its file those of the stale one, which it
 * stands for once released; *@stale says whether there was one.
 */
static int rst_unix_bind(struct rst_context *ctx, struct socket *sock, u64 id, const char *name,
			 u32 len, const struct vzcpt_img_unix *r, bool *stale)
{
	struct vzcpt_img_unix old = {};
	struct sockaddr_storage ss;
	int alen = rst_unix_addr(name, len, &ss);
	bool fs = rst_unix_fs(&ss, alen);
	const char *why = "";
	int err;

	if (stale)
		*stale = false;
	err = kernel_bind(sock, (struct sockaddr *)&ss, alen);
	if (err == -EADDRINUSE && fs) {
		struct sock *live = rst_unix_bound_at(ctx, &ss, alen);

		err = live && !rst_unix_gone_now(ctx, live) ? -EADDRINUSE :
		      rst_unix_unlink(ctx, name, len, &old);
		if (!err) {
			err = kernel_bind(sock, (struct sockaddr *)&ss, alen);
			if (!r && stale)
				*stale = true;
		} else if (err == -EEXIST) {
			why = ": something else than a socket file is there";
		}
	}
	if (!err && fs && (r || (stale && *stale)))
		err = rst_unix_chattr(ctx, name, len, r ?: &old);
	if (err)
		rst_err(ctx, "task %d (%s): unix socket %llu cannot be bound to %s%.*s again (error %d%s)",
			task_pid_vnr(current), current->comm, id, fs ? "" : "@",
			fs ? (int)len : (int)len - 1, fs ? name : name + 1, err,
			err == -EADDRINUSE ? ": the name is in use" : why);
	return err;
}

/*
 * Message @m (its sender's name at @name, then its bytes), which a socket
 * not the receiver's peer sent to @to: again from that socket when it is
 * restored already, or from a restored socket of its name (a closed
 * sender's name that another took since, or a stand-in's of an earlier
 * restore), else from a stand-in bound to its name (none for an unnamed
 * sender), released once it sent. A stand-in's socket file is unlinked
 * after, unless it took the place of a stale one: it is a stale one then.
 */
static int rst_unix_resend(struct rst_context *ctx, struct socket *to, u64 id,
			   const struct vzcpt_img_unix_msg *m, const u64 *ids, const char *name)
{
	struct sock *live = m->sender_id ? xa_load(&ctx->unix_live, m->sender_id) : NULL;
	struct socket *from = live ? READ_ONCE(live->sk_socket) : NULL;
	struct sockaddr_storage ss, sender;
	struct socket *tmp = NULL;
	bool stale = true;
	int len, n;

	len = rst_unix_name_of(to, &ss);
	if (len < 0)
		return len;
	if (!from && m->name_len) {
		n = rst_unix_addr(name, m->name_len, &sender);
		live = rst_unix_bound_at(ctx, &sender, n);
		from = live ? READ_ONCE(live->sk_socket) : NULL;
	}
	if (!from) {
		n = sock_create(AF_UNIX, SOCK_DGRAM, 0, &tmp);
		if (n)
			return n;
		if (m->name_len) {
			n = rst_unix_bind(ctx, tmp, id, name, m->name_len, NULL, &stale);
			if (n)
				goto out;
		}
		from = tmp;
	}
	n = rst_unix_out(ctx, from, to, id, m, ids, name + m->name_len, &ss, len);
	if (tmp && !stale && m->name_len && name[0]) {
		int err = rst_unix_unlink(ctx, name, m->name_len, NULL);

		if (err) {
			rst_err(ctx, "unix socket %llu: the socket file a sender's stand-in bound at %.*s cannot be unlinked (error %d)",
				id, (int)m->name_len, name, err);
			n = err;
		}
	}
out:
	if (tmp)
		sock_release(tmp);
	return n;
}

/*
 * Queue @r's messages or bytes for it to read: the peer's sent by @from
 * (NULL for a socket with no pair), each other one by its sender
 * (rst_unix_resend()). The kernel's limits (the sender's sk_sndbuf, the
 * message size, max_dgram_qlen of a receiver not connected to the sender)
 * hold as they held when they were first sent. Nothing may block: a queue
 * the kernel does not take whole fails the restore.
 */
static int rst_unix_refill(struct rst_context *ctx, struct socket *to, struct socket *from,
			   u64 id, const struct vzcpt_img_unix *r)
{
	const struct vzcpt_img_unix_msg *m = rst_unix_msgs(r);
	const char *data = rst_unix_data(r);
	const u64 *ids = rst_unix_fds(r);
	u32 i, pos = 0;
	int n = 0;

	for (i = 0; i < r->nr_msgs; i++) {
		/* A stream's runs are all its peer's (checked), or a client's own. */
		if (from && ((r->state == VZCPT_UNIX_PAIR && m[i].sender_id == r->peer_id) ||
			     r->state == VZCPT_UNIX_QUEUED))
			n = rst_unix_out(ctx, from, to, id, &m[i], ids, data + pos, NULL, 0);
		else if (r->type != SOCK_STREAM)
			n = rst_unix_resend(ctx, to, id, &m[i], ids, data + pos);
		else
			n = -EINVAL;
		if (n != m[i].len)
			goto fail;
		pos += m[i].name_len + n;
		ids += m[i].nr_fds;
	}
	return 0;
fail:
	rst_err(ctx, "cannot queue the %u bytes of unix socket %llu again (at byte %u, error %d%s)",
		r->qlen, id, pos, n < 0 ? n : -EAGAIN,
		n == -EAGAIN ? ": more than net.unix.max_dgram_qlen or the sender's buffer" : "");
	return n < 0 ? n : -EAGAIN;
}

/*
 * SO_PEERCRED as the image has it (@p_pid, @p_uid, @p_gid). socketpair()
 * gave both sockets the restoring task's pid and credentials, and so does
 * connect() to the side accept() will give; the process that made the pair
 * or the connection may be another one (the restoring task's parent) or
 * have changed its ids since. The kernel sets a socket's peer credentials
 * only from current, in connect() and socketpair() (init_peercred(),
 * static), and no interface sets them otherwise: they are put in place
 * here, under sk_peer_lock as the kernel's readers take it.
 */
static int rst_unix_creds(struct rst_context *ctx, struct sock *sk, u64 id, s32 p_pid,
			  u32 p_uid, u32 p_gid)
{
	struct user_namespace *ns = current_user_ns();
	kuid_t uid = make_kuid(ns, p_uid);
	kgid_t gid = make_kgid(ns, p_gid);
	const struct cred *old_cred;
	struct pid *pid = NULL, *old_pid;
	struct cred *cred;

	/* None (never connected, or a datagram socket connected one way to a closed one). */
	if (!p_pid && p_uid == (u32)-1 && p_gid == (u32)-1) {
		spin_lock(&sk->sk_peer_lock);
		old_pid = sk->sk_peer_pid;
		old_cred = sk->sk_peer_cred;
		sk->sk_peer_pid = NULL;
		sk->sk_peer_cred = NULL;
		spin_unlock(&sk->sk_peer_lock);
		put_pid(old_pid);
		put_cred(old_cred);
		return 0;
	}
	if (!uid_valid(uid) || !gid_valid(gid)) {
		rst_err(ctx, "unix socket %llu: SO_PEERCRED's uid %u or gid %u is not mapped in the CT",
			id, p_uid, p_gid);
		return -EINVAL;
	}
	if (p_pid) {
		/* The restoring task is in the CT's pid namespace. */
		pid = find_get_pid(p_pid);
		if (!pid) {
			struct rst_unix_later *l = kmalloc(sizeof(*l), GFP_KERNEL);

			if (!l)
				return -ENOMEM;
			sock_hold(sk);
			l->sk = sk;
			l->skb = NULL;
			l->pid = p_pid;
			l->id = id;
			list_add_tail(&l->list, &ctx->unix_late);
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

static int rst_unix_peercred(struct rst_context *ctx, struct sock *sk, u64 id,
			     const struct vzcpt_img_unix *r)
{
	return rst_unix_creds(ctx, sk, id, r->peer_pid, r->peer_uid, r->peer_gid);
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
 * @r's queue, its peer's messages sent by @from (whose record is @fr; NULL
 * for a socket with no pair), each with SO_PASSCRED as the image has it on
 * the receiver and off on the sender meanwhile: a receiver's SO_PASSCRED
 * makes each message carry credentials (the restoring task's), and a
 * datagram sender's own would autobind it (unix_dgram_sendmsg()), a name
 * it never had.
 */
static int rst_unix_fill(struct rst_context *ctx, struct socket *to, u64 id,
			 const struct vzcpt_img_unix *r, struct socket *from,
			 const struct vzcpt_img_unix *fr)
{
	int err = rst_unix_passcred(to, r, true);

	if (!err && from)
		err = rst_unix_passcred(from, fr, false);
	if (err) {
		rst_err(ctx, "cannot set SO_PASSCRED on unix socket %llu (error %d)", id, err);
		return err;
	}
	return rst_unix_refill(ctx, to, from, id, r);
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
	/*
	 * VZCPT_UNIX_SHUT_* less one is SHUT_RD, SHUT_WR or SHUT_RDWR. Those
	 * its peer's shutdown or release set already are not asked again.
	 */
	if (!err && (r->shutdown & ~READ_ONCE(sock->sk->sk_shutdown)))
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

static const char *rst_unix_name(const struct vzcpt_img_unix *r)
{
	return (const char *)(r + 1);
}

/*
 * The side of a connection that accept() gave: the listener's name, as
 * unix_stream_connect() gives it, in an address of its own built as
 * unix_bind() builds one (unix_create_addr(), static), which the socket's
 * release frees (kfree() when its count drops). No interface names a
 * socket but bind(), which would take the name from the listener: struct
 * unix_sock's addr is set here, under its bindlock as bind() sets it,
 * while no other task can reach the socket. It stays in the chain of
 * unbound sockets, as accept()'s does: no lookup by the name finds it. It
 * has no path (accept()'s shares the listener's socket file): only
 * sock_diag's UNIX_DIAG_VFS would show one. A closed socket's name is given
 * so too: its release took it out of every lookup.
 */
static int rst_unix_accepted(struct rst_context *ctx, struct socket *sock, u64 id,
			     const struct vzcpt_img_unix *r)
{
	struct unix_sock *u = unix_sk(sock->sk);
	struct sockaddr_storage ss;
	int len = rst_unix_addr(rst_unix_name(r), r->name_len, &ss);
	struct unix_address *addr;
	int err = 0;

	/* A filesystem name as bind() keeps it: with its NUL (ss has it). */
	if (rst_unix_fs(&ss, len))
		len++;
	addr = kmalloc(sizeof(*addr) + len, GFP_KERNEL);
	if (!addr)
		return -ENOMEM;
	refcount_set(&addr->refcnt, 1);
	addr->len = len;
	memcpy(addr->name, &ss, len);
	mutex_lock(&u->bindlock);
	if (u->addr)
		err = -EINVAL;
	else	/* Paired with getsockname()'s smp_load_acquire(): the name is whole. */
		smp_store_release(&u->addr, addr);
	mutex_unlock(&u->bindlock);
	if (err) {
		kfree(addr);
		rst_err(ctx, "unix socket %llu has a name already (error %d)", id, err);
	}
	return err;
}

/*
 * @sock bound to @r's name, if it has one, and known by its id from then
 * on: it connects and sends to its name (rst_unix_connect(),
 * rst_unix_resend()). The reference on its sock is held until the restore
 * ends (rst_unix_drop()). The side accept() gave is given its listener's
 * name, bound nowhere: no connection or message goes to it by name.
 */
static int rst_unix_named(struct rst_context *ctx, struct socket *sock, u64 id,
			  const struct vzcpt_img_unix *r)
{
	int err;

	if (!r->name_len)
		return 0;
	if (r->flags & (VZCPT_UNIX_ACCEPTED | VZCPT_UNIX_CLOSED))
		return rst_unix_accepted(ctx, sock, id, r);
	err = rst_unix_bind(ctx, sock, id, rst_unix_name(r), r->name_len, r, NULL);
	if (err)
		return err;
	sock_hold(sock->sk);
	err = xa_insert(&ctx->unix_live, id, sock->sk, GFP_KERNEL);
	if (err)
		sock_put(sock->sk);
	return err;
}

/*
 * A socket whose file the dump found unlinked, bound (its messages from
 * others were sent to its name): its file is unlinked again once every
 * socket that connects to it by the name is restored (struct rst_unix_gone).
 */
static int rst_unix_unlinked(struct rst_context *ctx, struct socket *sock, u64 id,
			     const struct vzcpt_img_unix *r)
{
	struct rst_unix_gone *g;

	if (!(r->flags & VZCPT_UNIX_UNLINKED))
		return 0;
	g = kmalloc(struct_size(g, name, r->name_len), GFP_KERNEL);
	if (!g)
		return -ENOMEM;
	g->sk = sock->sk;
	g->cred = get_cred(current->real_cred);
	g->id = id;
	g->len = r->name_len;
	memcpy(g->name, rst_unix_name(r), r->name_len);
	list_add_tail(&g->list, &ctx->unix_gone);
	return 0;
}

/* Every socket is restored, no task has run: the files unlinked at the dump, unlinked again. */
static int rst_unix_unlink_gone(struct rst_context *ctx)
{
	struct rst_unix_gone *g, *n;
	int err = 0, e;

	list_for_each_entry_safe(g, n, &ctx->unix_gone, list) {
		e = rst_unix_unlink_as(ctx, g->name, g->len, NULL, g->cred);
		if (e && !err) {
			rst_err(ctx, "unix socket %llu: its socket file %.*s cannot be unlinked again (error %d)",
				g->id, (int)g->len, g->name, e);
			err = e;
		}
		rst_unix_gone_free(g);
	}
	return err;
}

/*
 * A datagram socket connected one way to @r's peer, or a client not
 * accepted yet to its listener: by its name, as it was made. A listener
 * whose queue is full refuses it (O_NONBLOCK) rather than block the restore.
 */
static int rst_unix_connect(struct rst_context *ctx, struct socket *sock, u64 id,
			    const struct vzcpt_img_unix *r)
{
	struct sock *peer = xa_load(&ctx->unix_live, r->peer_id);
	struct socket *psock = peer ? READ_ONCE(peer->sk_socket) : NULL;
	struct sockaddr_storage ss;
	int len, err;

	if (!psock) {
		rst_err(ctx, "unix socket %llu is connected to socket %llu, which is no bound unix socket restored before it",
			id, r->peer_id);
		return -EINVAL;
	}
	len = rst_unix_name_of(psock, &ss);
	err = len < 0 ? len : kernel_connect(sock, (struct sockaddr *)&ss, len, O_NONBLOCK);
	if (err) {
		rst_err(ctx, "task %d (%s): unix socket %llu cannot connect to socket %llu again (error %d)",
			task_pid_vnr(current), current->comm, id, r->peer_id, err);
		return err;
	}
	/* Its peer's file unlinked, another socket took the name (rst_unix_gone_now()). */
	if (sock->type == SOCK_DGRAM && READ_ONCE(unix_peer(sock->sk)) != peer) {
		rst_err(ctx, "task %d (%s): unix socket %llu cannot connect to socket %llu again: its name %.*s is another socket's now, bound after its file was unlinked",
			task_pid_vnr(current), current->comm, id, r->peer_id,
			len - (int)offsetof(struct sockaddr_un, sun_path),
			((struct sockaddr_un *)&ss)->sun_path);
		return -EADDRINUSE;
	}
	return 0;
}

/*
 * A listener, bound: kernel_listen() takes its backlog as it is, where
 * listen() would cap it at this namespace's net.core.somaxconn (the dumped
 * one was capped at the CT's). listen() gives it the restoring task's
 * credentials; rst_unix_peercred() puts the image's in place after.
 */
static int rst_unix_listen(struct rst_context *ctx, struct socket *sock, u64 id,
			   const struct vzcpt_img_unix *r)
{
	int err = kernel_listen(sock, (int)r->backlog);

	if (err)
		rst_err(ctx, "task %d (%s): unix socket %llu cannot listen again (error %d)",
			task_pid_vnr(current), current->comm, id, err);
	return err;
}

/*
 * A client not accepted yet, connected: what it sent, from it (its
 * SO_PASSCRED is off meanwhile, as rst_unix_opts() left it: connect()
 * would have autobound it); then the side accept() will give gets the
 * SO_PEERCRED of the process that called connect().
 */
static int rst_unix_queued(struct rst_context *ctx, struct socket *sock, u64 id,
			   const struct vzcpt_img_unix *r)
{
	struct sock *embryo;
	int err;

	err = rst_unix_refill(ctx, sock, sock, id, r);
	if (err)
		return err;
	embryo = unix_peer_get(sock->sk);
	if (!embryo)
		return -ENOTCONN;
	err = rst_unix_creds(ctx, embryo, id, r->conn_pid, r->conn_uid, r->conn_gid);
	sock_put(embryo);
	return err;
}

/*
 * A socket with no pair: its name, its one-way peer, its listener or
 * listen(), its queue, the rest.
 */
static int rst_unix_single(struct rst_context *ctx, u64 id, const struct vzcpt_img_unix *r)
{
	struct socket *sock;
	int err;

	err = rst_unix_create(ctx, id, r, &sock);
	if (err)
		return err;
	rst_unix_group(ctx, id, sock, 0, NULL);
	err = rst_unix_named(ctx, sock, id, r);
	if (!err && (r->state == VZCPT_UNIX_CONNECTED || r->state == VZCPT_UNIX_QUEUED))
		err = rst_unix_connect(ctx, sock, id, r);
	if (!err && r->state == VZCPT_UNIX_LISTEN)
		err = rst_unix_listen(ctx, sock, id, r);
	if (!err && r->state == VZCPT_UNIX_QUEUED)
		err = rst_unix_queued(ctx, sock, id, r);
	else if (!err)
		err = rst_unix_fill(ctx, sock, id, r, NULL, NULL);
	/*
	 * A client closed before it was accepted: closed again, which sets
	 * the shutdowns of the side accept() will give, as its close did.
	 */
	if (r->flags & VZCPT_UNIX_CLOSED) {
		rst_sock_release(ctx, id, sock);
		return err;
	}
	if (!err)
		err = rst_unix_unlinked(ctx, sock, id, r) ?: rst_unix_finish(ctx, sock, id, r);
	/* A datagram socket's, unconnected or not, may be those of a socketpair() it left. */
	if (!err)
		err = rst_unix_peercred(ctx, sock->sk, id, r);
	if (err) {
		rst_sock_release(ctx, id, sock);
		return err;
	}
	return rst_sock_add(ctx, id, sock);
}

/*
 * @s (id @s_id), whose peer @c (id @c_id) was closed: a pair whose second
 * socket sends @s's queue, queues a byte of @s's when it was closed with
 * data unread (ECONNRESET), and is released. @s's shutdowns and the rest
 * come after, as they came after the close.
 */
static int rst_unix_widow(struct rst_context *ctx, u64 s_id, const struct vzcpt_img_unix *s,
			  u64 c_id, const struct vzcpt_img_unix *c)
{
	static const char unread;
	struct socket *ss, *sc;
	int err;

	err = rst_unix_create(ctx, s_id, s, &ss);
	if (err)
		return err;
	err = rst_unix_create(ctx, c_id, c, &sc);
	if (err) {
		sock_release(ss);
		return err;
	}
	rst_unix_group(ctx, s_id, ss, 0, NULL);
	err = ss->ops->socketpair(ss, sc);
	if (err)
		rst_err(ctx, "cannot pair unix sockets %llu and %llu (error %d)", s_id, c_id, err);
	err = err ?: rst_unix_named(ctx, ss, s_id, s) ?: rst_unix_named(ctx, sc, c_id, c) ?:
	      rst_unix_fill(ctx, ss, s_id, s, sc, c) ?: rst_unix_unlinked(ctx, ss, s_id, s);
	/* Off on the sender while it sends, as rst_unix_fill() has it. */
	if (!err && (c->flags & VZCPT_UNIX_RESET)) {
		err = rst_unix_passcred(ss, s, false);
		if (!err && rst_unix_send(ss, &unread, 1, NULL, 0) != 1)
			err = -EAGAIN;
		if (err)
			rst_err(ctx, "unix socket %llu: cannot queue a byte on its closed peer %llu (error %d)",
				s_id, c_id, err);
	}
	sock_release(sc);
	err = err ?: rst_unix_finish(ctx, ss, s_id, s) ?: rst_unix_peercred(ctx, ss->sk, s_id, s);
	if (err) {
		rst_sock_release(ctx, s_id, ss);
		return err;
	}
	return rst_sock_add(ctx, s_id, ss);
}

/* The pair of @a (id @a_id) and @b (id @b_id): queues, state, peer credentials. */
static int rst_unix_pair(struct rst_context *ctx, u64 a_id, const struct vzcpt_img_unix *a,
			 u64 b_id, const struct vzcpt_img_unix *b)
{
	struct socket *sa, *sb;
	int err;

	/* At most one of them was closed (checked). */
	if (b->flags & VZCPT_UNIX_CLOSED)
		return rst_unix_widow(ctx, a_id, a, b_id, b);
	if (a->flags & VZCPT_UNIX_CLOSED)
		return rst_unix_widow(ctx, b_id, b, a_id, a);

	err = rst_unix_create(ctx, a_id, a, &sa);
	if (err)
		return err;
	err = rst_unix_create(ctx, b_id, b, &sb);
	if (err) {
		sock_release(sa);
		return err;
	}
	rst_unix_group(ctx, a_id, sa, b_id, sb);
	err = sa->ops->socketpair(sa, sb);
	if (err) {
		rst_err(ctx, "cannot pair unix sockets %llu and %llu (error %d)", a_id, b_id, err);
		goto fail;
	}
	err = rst_unix_named(ctx, sa, a_id, a) ?: rst_unix_named(ctx, sb, b_id, b) ?:
	      rst_unix_fill(ctx, sa, a_id, a, sb, b) ?: rst_unix_fill(ctx, sb, b_id, b, sa, a) ?:
	      rst_unix_unlinked(ctx, sa, a_id, a) ?: rst_unix_unlinked(ctx, sb, b_id, b) ?:
	      rst_unix_finish(ctx, sa, a_id, a) ?: rst_unix_finish(ctx, sb, b_id, b) ?:
	      rst_unix_peercred(ctx, sa->sk, a_id, a) ?: rst_unix_peercred(ctx, sb->sk, b_id, b);
	if (err)
		goto fail;
	err = rst_sock_add(ctx, a_id, sa);
	if (err) {
		rst_sock_release(ctx, b_id, sb);
		return err;
	}
	return rst_sock_add(ctx, b_id, sb);
fail:
	rst_sock_release(ctx, a_id, sa);
	rst_sock_release(ctx, b_id, sb);
	return err;
}

/* The record's layout against its length: img_check.c checked it; the reader holds its own. */
static bool rst_unix_sane(const struct vzcpt_img_unix *r, u32 len)
{
	u64 want = sizeof(*r) + ALIGN((u64)r->name_len, 8) +
		   (u64)r->nr_msgs * sizeof(struct vzcpt_img_unix_msg) +
		   (u64)r->nr_fds * sizeof(u64) + r->qlen;

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
	struct rst_unix_as as;
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
		rst_unix_enter(ctx, &as);
		err = rst_unix_pair(ctx, p->id, first, id, r);
		rst_unix_group(ctx, 0, NULL, 0, NULL);
		rst_unix_leave(&as);
		kvfree(p);
		return err;
	}
	if (r->state != VZCPT_UNIX_PAIR) {
		rst_unix_enter(ctx, &as);
		err = rst_unix_single(ctx, id, r);
		rst_unix_group(ctx, 0, NULL, 0, NULL);
		rst_unix_leave(&as);
		return err;
	}
	p = kvmalloc(struct_size(p, rec, DIV_ROUND_UP(len, sizeof(u64))), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	p->id = id;
	memcpy(p->rec, r, len);
	ctx->unix_pending = p;
	return 0;
}

/* A later pid of rst_unix_creds(): @sk's peer credentials have their ids already. */
static int rst_unix_later_pid(struct rst_context *ctx, struct rst_unix_later *l)
{
	struct pid *pid, *old;

	rcu_read_lock();
	pid = get_pid(find_pid_ns(l->pid, ctx->pidns));
	rcu_read_unlock();
	if (!pid) {
		rst_err(ctx, "unix socket %llu: %s names process %d, which is not restored",
			l->id, l->skb ? "a message's SCM_CREDENTIALS" : "SO_PEERCRED", l->pid);
		return -ESRCH;
	}
	if (l->skb) {
		spin_lock(&l->sk->sk_receive_queue.lock);
		old = UNIXCB(l->skb).pid;
		UNIXCB(l->skb).pid = pid;
		spin_unlock(&l->sk->sk_receive_queue.lock);
		put_pid(old);
		return 0;
	}
	spin_lock(&l->sk->sk_peer_lock);
	old = l->sk->sk_peer_pid;
	l->sk->sk_peer_pid = pid;
	spin_unlock(&l->sk->sk_peer_lock);
	put_pid(old);
	return 0;
}

static void rst_unix_later_free(struct rst_unix_later *l)
{
	list_del(&l->list);
	if (l->skb)
		consume_skb(l->skb);
	sock_put(l->sk);
	kfree(l);
}

/*
 * Every process is restored, none has run: the pids of SO_PEERCRED that
 * named a process restored after its socket. The image's tasks are
 * restored one after the other: the list holds still.
 */
int rst_unix_late(struct rst_context *ctx)
{
	struct rst_unix_later *l, *n;
	int err = rst_unix_unlink_gone(ctx);

	list_for_each_entry_safe(l, n, &ctx->unix_late, list) {
		if (!err)
			err = rst_unix_later_pid(ctx, l);
		rst_unix_later_free(l);
	}
	return err;
}

void rst_unix_drop(struct rst_context *ctx)
{
	struct rst_unix_later *l, *n;
	unsigned long i;
	struct sock *sk;

	list_for_each_entry_safe(l, n, &ctx->unix_late, list)
		rst_unix_later_free(l);
	/* A failed restore's too: the CT's files as the dump found them. */
	rst_unix_unlink_gone(ctx);

	kvfree(ctx->unix_pending);
	ctx->unix_pending = NULL;
	xa_for_each(&ctx->unix_live, i, sk)
		sock_put(sk);
	xa_destroy(&ctx->unix_live);
}
