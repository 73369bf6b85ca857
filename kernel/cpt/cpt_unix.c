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
 * CT holds (nor a queue of one, in flight), out-of-band data, a pending
 * error. Each queued message goes with its SCM_CREDENTIALS and the ids of
 * its files in flight (SCM_RIGHTS), each dumped as a file of the image
 * before the record (cpt_unix_fly()); a stream's queue goes as runs of
 * bytes, where a reader would stop. A listener
 * goes with its name and backlog, for the restore to bind and listen(),
 * and right after it the clients of its connections not accepted yet, in
 * their order, each with what it sent, for the restore to connect() and
 * send again. The two sides of a connection made by connect() and accept()
 * go as a pair; the accepted side's name is the listener's, which
 * accept() gave it, and goes as such (VZCPT_UNIX_ACCEPTED). A socket whose
 * peer was closed goes as a pair with that peer, which no task holds: its
 * record says it was closed (VZCPT_UNIX_CLOSED), for the restore to close
 * it again once it sent what the survivor has to read; so does a client
 * closed before its listener accepted its connection.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/namei.h>
#include <linux/net.h>
#include <linux/pid_namespace.h>
#include <linux/sched/task.h>
#include <linux/skbuff.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <net/af_unix.h>
#include <net/sock.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_path.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_sock.h"

/* The queue one record holds, behind its struct: name, message heads, names and bytes. */
#define CPT_UNIX_MAX_Q	(VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_unix) - \
			 ALIGN(VZCPT_UNIX_PATH_MAX, 8))
/* How deep one-way datagram peers are dumped ahead of their clients. */
#define CPT_UNIX_MAX_DEPTH	4

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

static struct unix_address *cpt_unix_addr(const struct sock *sk)
{
	/* Paired with the release in unix_bind()/unix_autobind(): the name is whole. */
	return smp_load_acquire(&unix_sk(sk)->addr);
}

/*
 * The sun_path bytes of @addr as getsockname() gives them, without a
 * filesystem name's trailing NUL (that bind() added), in @buf; their count.
 */
static u32 cpt_unix_sun(const struct unix_address *addr, char *buf)
{
	int len = addr ? addr->len - (int)offsetof(struct sockaddr_un, sun_path) : 0;

	if (len <= 0)
		return 0;
	len = min_t(int, len, VZCPT_UNIX_PATH_MAX);
	if (addr->name->sun_path[0])
		len = strnlen(addr->name->sun_path, len);
	memcpy(buf, addr->name->sun_path, len);
	return len;
}

/*
 * The name @sk is bound to, for messages, in @buf (room for a sun_path
 * and its '@'): an abstract name with a leading '@', as ss shows it.
 */
static const char *cpt_unix_name(const struct sock *sk, char *buf)
{
	char sun[VZCPT_UNIX_PATH_MAX];
	u32 len = cpt_unix_sun(cpt_unix_addr(sk), sun);

	if (!len)
		return "unbound";
	if (sun[0])
		snprintf(buf, VZCPT_UNIX_PATH_MAX + 2, "%.*s", (int)len, sun);
	else
		snprintf(buf, VZCPT_UNIX_PATH_MAX + 2, "@%.*s", (int)len - 1, sun + 1);
	return buf;
}

static bool cpt_unix_flying(struct cpt_dump *d, struct sock *sk);

/*
 * Call @fn on the socket of each file in the CT's fd tables, each table once
 * (threads come together and share theirs), under its task's lock and RCU:
 * @fn must not sleep. Stops at the first true it returns, and returns it.
 * The CT is frozen: its tables hold still.
 */
static bool cpt_unix_each_sock(struct cpt_dump *d, bool (*fn)(struct sock *s, void *arg),
			       void *arg)
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

				found = sock && sock->sk && fn(sock->sk, arg);
			}
			rcu_read_unlock();
		}
		prev = files;
		task_unlock(task);
	}
	return found;
}

static bool cpt_unix_is(struct sock *s, void *sk)
{
	return s == sk;
}

/*
 * Is @sk the socket of a file in one of the CT's fd tables, or in flight in
 * the queue of one (cpt_unix_flying())? A peer only a task outside holds
 * (the host's /dev/log, another CT's socket) would be cut off by the
 * restore.
 */
static bool cpt_unix_held(struct cpt_dump *d, struct sock *sk)
{
	return cpt_unix_each_sock(d, cpt_unix_is, sk) || cpt_unix_flying(d, sk);
}

/*
 * Did @sk get its name from a listener, by accept(), rather than bind it?
 * No interface tells: bind() and autobind move a socket to its name's hash
 * chain (an abstract name's chains are those above UNIX_HASH_MOD) and put a
 * filesystem name's socket in the table of socket files too (sk_bind_node);
 * accept()'s socket gets the listener's address and stays in the chain of
 * unbound sockets, as the restore leaves it (rst_unix_accepted()). The CT
 * is frozen: no bind() moves it meanwhile.
 */
static bool cpt_unix_inherited(const struct sock *sk)
{
	return cpt_unix_addr(sk) && sk->sk_hash <= UNIX_HASH_MOD &&
	       hlist_unhashed(&sk->sk_bind_node);
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
 * SO_PEERCRED of @sk as the CT reads it: the peer's pid in the CT's pid
 * namespace, its euid and egid in the CT's user namespace (that of the
 * CT's init); -1 for ids it has none of.
 */
static void cpt_unix_creds(struct cpt_dump *d, struct sock *sk, s32 *pid, u32 *uid, u32 *gid)
{
	const struct cred *ic = get_task_cred(d->tasks[0]);
	struct user_namespace *ns = ic->user_ns;

	*pid = 0;
	*uid = (u32)-1;
	*gid = (u32)-1;
	spin_lock(&sk->sk_peer_lock);
	if (sk->sk_peer_pid)
		*pid = pid_nr_ns(sk->sk_peer_pid, d->ctx->pidns);
	if (sk->sk_peer_cred) {
		*uid = from_kuid_munged(ns, sk->sk_peer_cred->euid);
		*gid = from_kgid_munged(ns, sk->sk_peer_cred->egid);
	}
	spin_unlock(&sk->sk_peer_lock);
	put_cred(ic);
}

/*
 * SO_PEERCRED (cpt_unix_creds()). A restore finds the pid among the
 * restored processes: one that is no process of the CT is refused, but for
 * a listener's and its clients' (@of_listener): those are of the process
 * that called listen(), often a daemon's parent that exited since; the pid
 * goes as 0 then.
 */
static int cpt_unix_peercred(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_unix *u,
			     bool of_listener)
{
	cpt_unix_creds(d, sk, &u->peer_pid, &u->peer_uid, &u->peer_gid);
	if (u->peer_pid <= 0 || cpt_unix_pid_dumped(d, u->peer_pid))
		return 0;
	if (of_listener) {
		u->peer_pid = 0;
		return 0;
	}
	cpt_err(d->ctx, "a unix %s socket's SO_PEERCRED names process %d, which is no process of the CT (it exited): cannot be carried",
		cpt_unix_type(sk), u->peer_pid);
	return -EOPNOTSUPP;
}

/*
 * The SO_PEERCRED that accept() will give with @embryo, a connection not
 * accepted yet: those of the process that called connect(); pid 0 if that
 * process is gone and so is its socket (@closed).
 */
static int cpt_unix_conncred(struct cpt_dump *d, struct sock *embryo, struct vzcpt_img_unix *u,
			     bool closed)
{
	cpt_unix_creds(d, embryo, &u->conn_pid, &u->conn_uid, &u->conn_gid);
	if (u->conn_pid > 0 && cpt_unix_pid_dumped(d, u->conn_pid))
		return 0;
	/* A client that wrote and closed may have exited: pid 0 then. */
	if (closed) {
		u->conn_pid = 0;
		return 0;
	}
	cpt_err(d->ctx, "a unix %s connection not accepted yet was made by process %d, which is no process of the CT (it exited): cannot be carried",
		cpt_unix_type(embryo), u->conn_pid);
	return -EOPNOTSUPP;
}

/*
 * The options of @sk, closed (no struct socket is left to read them from):
 * only its send buffer counts, which bounded what it had queued for its
 * peer and bounds it again when the restore sends it; the rest no one can
 * see.
 */
static void cpt_unix_closed_opts(struct sock *sk, struct vzcpt_img_sockopt *o)
{
	memset(o, 0, sizeof(*o));
	o->rcvlowat = 1;
	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK) {
		o->flags |= VZCPT_SO_SNDBUF;
		o->sndbuf = READ_ONCE(sk->sk_sndbuf);
	}
}

/* Was the socket file @sk was bound at unlinked since? */
static bool cpt_unix_unlinked(const struct sock *sk)
{
	const struct dentry *dentry = unix_sk(sk)->path.dentry;

	return dentry && d_unlinked(dentry);
}

/*
 * Whether @name (NUL-terminated), looked up from the CT's root through its
 * symlinks as bind() looked it up, reaches the socket's own file: a name
 * through a symlink (Debian's /var/run to /run: PostgreSQL binds
 * /var/run/postgresql/.s.PGSQL.5432) is not the file's path, but a restore
 * that binds it again makes the same file.
 */
static bool cpt_unix_name_reaches(struct cpt_dump *d, struct sock *sk, const char *name, u32 len)
{
	char *s = kmemdup_nul(name, len, GFP_KERNEL);
	struct path path;
	bool same = false;

	if (s && !vfs_path_lookup(d->root.dentry, d->root.mnt, s, 0, &path)) {
		same = path_equal(&path, &unix_sk(sk)->path);
		path_put(&path);
	}
	kfree(s);
	return same;
}

/* What a dentry of cpt_dump's unix_names is. */
enum cpt_unix_name {
	CPT_UNIX_NAME_BOUND = 1,	/* the file a socket is bound to */
	CPT_UNIX_NAME_GONE,		/* at the name of a socket whose file was unlinked */
};

/*
 * @dentry noted as @kind; -EEXIST if it is noted as the other kind: a
 * socket of the CT is bound to the file at the name of one whose file was
 * unlinked, which the restore binds there again.
 */
static int cpt_unix_name_note(struct cpt_dump *d, struct dentry *dentry, enum cpt_unix_name kind)
{
	void *old = xa_load(&d->unix_names, (unsigned long)dentry);
	int err;

	if (old)
		return xa_to_value(old) == kind ? 0 : -EEXIST;
	err = xa_err(xa_store(&d->unix_names, (unsigned long)dentry, xa_mk_value(kind),
			      GFP_KERNEL));
	if (!err && kind == CPT_UNIX_NAME_GONE)
		dget(dentry);
	return err;
}

void cpt_unix_names_free(struct cpt_dump *d)
{
	unsigned long i;
	void *kind;

	xa_for_each(&d->unix_names, i, kind)
		if (xa_to_value(kind) == CPT_UNIX_NAME_GONE)
			dput((struct dentry *)i);
	xa_destroy(&d->unix_names);
}

/*
 * A socket whose file was unlinked is bound at its name again by the
 * restore (its queue is refilled through that name), and its file is
 * unlinked after. So the name's directory must be there still, and at the
 * name nothing but a socket file that no socket of the CT is bound to (a
 * stale one, which the restore replaces), as bind() would look: the last
 * component not followed.
 */
static int cpt_unix_name_free(struct cpt_dump *d, struct sock *sk, const char *name, u32 len)
{
	char nbuf[VZCPT_UNIX_PATH_MAX + 2];
	const char *type = cpt_unix_type(sk);
	char *s = kmemdup_nul(name, len, GFP_KERNEL);
	const char *why = NULL;
	struct path path;
	int err;

	if (!s)
		return -ENOMEM;
	err = vfs_path_lookup(d->root.dentry, d->root.mnt, s, 0, &path);
	if (err == -ENOENT) {
		*strrchr(s, '/') = 0;
		err = vfs_path_lookup(d->root.dentry, d->root.mnt, s[0] ? s : "/",
				      LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &path);
		if (err)
			why = "its directory is gone";
		else
			path_put(&path);
	} else if (!err) {
		if (!S_ISSOCK(d_inode(path.dentry)->i_mode))
			why = "another kind of file is at its name now";
		else
			err = cpt_unix_name_note(d, path.dentry, CPT_UNIX_NAME_GONE);
		if (err == -EEXIST)
			why = "another socket of the CT is bound at its name now";
		path_put(&path);
	} else {
		why = "its name cannot be looked up";
	}
	kfree(s);
	if (!why)
		return err;
	cpt_err(d->ctx, "a unix %s socket bound to %s, whose file was unlinked, cannot be bound there again: %s",
		type, cpt_unix_name(sk, nbuf), why);
	return -EOPNOTSUPP;
}

/*
 * A filesystem name: an absolute path that the CT's root reaches, as it is
 * or through the CT's symlinks (not bound in a chroot, nor moved since), to
 * a socket file whose mode and owner go with it. The file's path is read
 * from struct unix_sock: no interface gives the dentry a socket was bound
 * at, and a lookup by its name alone would find whatever is at that path
 * now. A file unlinked since has no path to compare: its name goes as it
 * is, for the restore to bind and unlink again.
 */
static int cpt_unix_fsname(struct cpt_dump *d, struct sock *sk, const char *name, u32 len,
			   struct vzcpt_img_unix *u)
{
	const char *type = cpt_unix_type(sk);
	const struct cred *ic;
	struct inode *inode;
	char *buf = NULL;
	const char *p;
	int err = -EOPNOTSUPP;

	if (name[0] != '/') {
		cpt_err(d->ctx, "a unix %s socket bound to a relative path (%.*s) cannot be carried yet",
			type, (int)len, name);
		return -EOPNOTSUPP;
	}
	if (!unix_sk(sk)->path.dentry) {
		cpt_err(d->ctx, "a unix %s socket bound to %.*s has no socket file: cannot be carried",
			type, (int)len, name);
		return -EOPNOTSUPP;
	}
	if (cpt_unix_unlinked(sk)) {
		u->flags |= VZCPT_UNIX_UNLINKED;
		err = cpt_unix_name_free(d, sk, name, len);
		if (err)
			return err;
		goto attr;
	}
	buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	p = cpt_path(d, &unix_sk(sk)->path, buf, "a unix socket's file");
	if (IS_ERR(p)) {
		err = PTR_ERR(p);
		goto out;
	}
	if ((strlen(p) != len || memcmp(p, name, len)) &&
	    !cpt_unix_name_reaches(d, sk, name, len)) {
		cpt_err(d->ctx, "a unix %s socket bound to %.*s has its file at %s from the CT's root (bound in a chroot, or moved): cannot be carried yet",
			type, (int)len, name, p);
		goto out;
	}
	err = cpt_unix_name_note(d, unix_sk(sk)->path.dentry, CPT_UNIX_NAME_BOUND);
	if (err == -EEXIST) {
		cpt_err(d->ctx, "a unix %s socket is bound to %.*s, the name of another socket of the CT whose file was unlinked (the restore binds that one there again): cannot be carried yet",
			type, (int)len, name);
		err = -EOPNOTSUPP;
	}
	if (err)
		goto out;
attr:
	inode = d_inode(unix_sk(sk)->path.dentry);
	ic = get_task_cred(d->tasks[0]);
	u->fmode = inode->i_mode & 07777;
	u->fuid = from_kuid_munged(ic->user_ns, inode->i_uid);
	u->fgid = from_kgid_munged(ic->user_ns, inode->i_gid);
	put_cred(ic);
	err = 0;
out:
	kfree(buf);
	return err;
}

/* Why a queue cannot be carried, found under its lock and told after it. */
enum cpt_unix_qbad {
	CPT_UNIX_Q_OK,
	CPT_UNIX_Q_SENDER,	/* a message from another socket than the peer, to an unbound one */
	CPT_UNIX_Q_MOVED,	/* it changed between the walks */
};

/* What one walk of a queue found: what it holds, or where it went wrong. */
struct cpt_unix_q {
	struct sock *sk, *peer;
	u64 peer_id;
	bool pair;		/* the peer is connected back: its messages come from it */
	bool named;		/* the receiver has a name: other senders may reach it */
	u32 nr, len;		/* messages, and the bytes after their heads */
	u32 nfds;		/* files in flight */
	struct user_namespace *ns;	/* the CT's, for the messages' credentials */
	struct sock **senders;	/* each message's other sender, or NULL (the copy) */
};

/* A message of @skb's sender to @q's receiver: its sender's name, none for the peer's. */
static u32 cpt_unix_sender(const struct cpt_unix_q *q, const struct sk_buff *skb, char *name)
{
	if (q->pair && skb->sk == q->peer)
		return 0;
	return cpt_unix_sun(cpt_unix_addr(skb->sk), name);
}

/*
 * SCM_CREDENTIALS' pid of a message as the CT sees it: its sender's
 * process, 0 when that is gone (a restore has no process of that pid to
 * name) or is none of the CT's.
 */
static s32 cpt_unix_msg_pid(struct cpt_dump *d, struct pid *pid)
{
	pid_t nr = pid ? pid_nr_ns(pid, d->ctx->pidns) : 0;

	if (nr <= 0 || !pid_has_task(pid, PIDTYPE_TGID) || !cpt_unix_pid_dumped(d, nr))
		return 0;
	return nr;
}

/*
 * Does @skb start a message of its own? Each of a datagram or seqpacket
 * socket's does; a stream's reader reads on across buffers with the same
 * credentials (unix_skb_scm_eq()) and stops after one with files: a run
 * of those is one message, and one with files is one alone.
 */
static bool cpt_unix_new_msg(bool msgs, const struct sk_buff *prev, const struct sk_buff *skb)
{
	return msgs || !prev || UNIXCB(skb).fp || UNIXCB(prev).fp ||
	       UNIXCB(prev).pid != UNIXCB(skb).pid ||
	       !uid_eq(UNIXCB(prev).uid, UNIXCB(skb).uid) ||
	       !gid_eq(UNIXCB(prev).gid, UNIXCB(skb).gid);
}

/* Is @s one of the sockets whose queues are being dumped (d->unix_own)? */
static bool cpt_unix_own(const struct cpt_dump *d, const struct sock *s)
{
	return s && (s == d->unix_own[0] || s == d->unix_own[1]);
}

/*
 * The ids of @skb's files in flight in @ids from *@k: each dumped already
 * (cpt_unix_fly()). False if they are not those the count found.
 */
static bool cpt_unix_fd_ids(struct cpt_dump *d, const struct cpt_unix_q *q,
			    const struct sk_buff *skb, u64 *ids, u32 *k)
{
	struct scm_fp_list *fp = UNIXCB(skb).fp;
	struct socket *sock;
	bool own;
	void *v;
	int j;

	for (j = 0; fp && j < fp->count; j++) {
		sock = sock_from_file(fp->fp[j]);
		/* A socket's own file, by the socket's id (cpt_unix_fly_file()). */
		own = sock && cpt_unix_own(d, sock->sk);
		v = xa_load(&d->w.ids, own ? (unsigned long)sock : (unsigned long)fp->fp[j]);
		if (*k == q->nfds || !v)
			return false;
		ids[(*k)++] = xa_to_value(v) | (own ? VZCPT_UNIX_FD_SOCK : 0);
	}
	return true;
}

/*
 * Count what @q's socket has queued (q->nr messages, q->len bytes with the
 * senders' names, q->nfds files in flight), or copy it into @buf: q->nr
 * message heads, the ids of their files, then each message's sender's name
 * and bytes. The copy checks against what the count found. Every sender in
 * the CT is frozen (its peer is held by one of its tasks), so the queue
 * holds still; its lock keeps the walk safe all the same. Called with @buf
 * NULL to count.
 */
static enum cpt_unix_qbad cpt_unix_walk(struct cpt_dump *d, struct cpt_unix_q *q, void *buf)
{
	struct sk_buff_head *head = &q->sk->sk_receive_queue;
	bool msgs = q->sk->sk_type != SOCK_STREAM;
	struct vzcpt_img_unix_msg *m = buf;
	u64 *ids = (u64 *)(m + q->nr);
	char *data = (char *)(ids + q->nfds);
	enum cpt_unix_qbad bad = CPT_UNIX_Q_OK;
	char name[VZCPT_UNIX_PATH_MAX];
	struct sk_buff *skb, *prev = NULL;
	u32 i = 0, pos = 0, k = 0, n, off, nl;
	bool peer;

	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		off = UNIXCB(skb).consumed;
		n = skb->len - off;
		/* A stream's buffer read whole is gone: nothing of it is left to read. */
		if (!msgs && !n && !UNIXCB(skb).fp)
			continue;
		nl = msgs ? cpt_unix_sender(q, skb, name) : 0;
		peer = !msgs || (q->pair && skb->sk == q->peer);
		if (!peer && !q->named) {
			bad = CPT_UNIX_Q_SENDER;
			break;
		}
		if (!buf) {
			if (cpt_unix_new_msg(msgs, prev, skb))
				i++;
			if (UNIXCB(skb).fp)
				k += UNIXCB(skb).fp->count;
			pos += nl + n;
			prev = skb;
			if (pos > CPT_UNIX_MAX_Q)
				break;
			continue;
		}
		if (nl + n > q->len - pos || !cpt_unix_fd_ids(d, q, skb, ids, &k)) {
			bad = CPT_UNIX_Q_MOVED;
			break;
		}
		if (cpt_unix_new_msg(msgs, prev, skb)) {
			void *v = NULL;

			if (i == q->nr) {
				bad = CPT_UNIX_Q_MOVED;
				break;
			}
			if (!peer)
				v = xa_load(&d->w.ids, (unsigned long)skb->sk->sk_socket);
			m[i].len = 0;
			m[i].name_len = nl;
			/* A sender of no record yet is sent again by a socket of its name. */
			m[i].sender_id = peer ? q->peer_id : nl && v ? xa_to_value(v) : 0;
			m[i].pid = cpt_unix_msg_pid(d, UNIXCB(skb).pid);
			m[i].uid = from_kuid_munged(q->ns, UNIXCB(skb).uid);
			m[i].gid = from_kgid_munged(q->ns, UNIXCB(skb).gid);
			m[i].nr_fds = UNIXCB(skb).fp ? UNIXCB(skb).fp->count : 0;
			q->senders[i] = peer ? NULL : skb->sk;
			i++;
		}
		m[i - 1].len += n;
		memcpy(data + pos, name, nl);
		if (skb_copy_bits(skb, off, data + pos + nl, n)) {
			bad = CPT_UNIX_Q_MOVED;
			break;
		}
		pos += nl + n;
		prev = skb;
	}
	spin_unlock(&head->lock);
	if (!buf) {
		q->nr = i;
		q->len = pos;
		q->nfds = k;
		return bad;
	}
	if (!bad && (i != q->nr || pos != q->len || k != q->nfds))
		bad = CPT_UNIX_Q_MOVED;
	return bad;
}

/*
 * Does @holder's queue hold the file of @sk in flight? Called under RCU,
 * with @holder's file held in a frozen task's table.
 */
static bool cpt_unix_q_holds(struct sock *holder, struct sock *sk)
{
	struct sk_buff_head *head = &holder->sk_receive_queue;
	struct sk_buff *skb;
	bool found = false;
	int j;

	if (READ_ONCE(holder->sk_state) == TCP_LISTEN)
		return false;
	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		struct scm_fp_list *fp = UNIXCB(skb).fp;

		for (j = 0; fp && j < fp->count && !found; j++) {
			struct socket *s = sock_from_file(fp->fp[j]);

			found = s && s->sk == sk;
		}
		if (found)
			break;
	}
	spin_unlock(&head->lock);
	return found;
}

struct cpt_unix_fly_walk {
	void (*fn)(void *arg, struct file *file);
	void *arg;
};

static bool cpt_unix_fly_files(struct sock *s, void *arg)
{
	struct cpt_unix_fly_walk *w = arg;
	struct sk_buff_head *head = &s->sk_receive_queue;
	struct sk_buff *skb;
	int j;

	if (s->sk_family != AF_UNIX || READ_ONCE(s->sk_state) == TCP_LISTEN)
		return false;
	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		struct scm_fp_list *fp = UNIXCB(skb).fp;

		for (j = 0; fp && j < fp->count; j++)
			w->fn(w->arg, fp->fp[j]);
	}
	spin_unlock(&head->lock);
	return false;
}

void cpt_unix_each_flying(struct cpt_dump *d, void (*fn)(void *arg, struct file *file),
			  void *arg)
{
	struct cpt_unix_fly_walk w = { .fn = fn, .arg = arg };

	cpt_unix_each_sock(d, cpt_unix_fly_files, &w);
}

/*
 * Is @sk's file in flight (SCM_RIGHTS) in the queue of a unix socket that
 * a task of the CT holds? Its records come with that queue's files
 * (cpt_unix_fly()). One level only: a socket in flight in a socket itself
 * only in flight is not looked for (it is refused as held by none).
 */
/* Does the queue of @s, another unix socket, hold @sk's file? */
static bool cpt_unix_holds_other(struct sock *s, void *sk)
{
	return s->sk_family == AF_UNIX && s != sk && cpt_unix_q_holds(s, sk);
}

static bool cpt_unix_flying(struct cpt_dump *d, struct sock *sk)
{
	return cpt_unix_each_sock(d, cpt_unix_holds_other, sk);
}

/*
 * One file in flight in @sk's queue: dumped as any file of the image (a
 * file a task holds too is one object with it). The own file of @sk or
 * its pair's other socket (one passed over itself or its peer) goes by the
 * socket's id (VZCPT_UNIX_FD_SOCK, cpt_unix_fd_ids()) and needs no record
 * before. Another file whose records are being written is a socket passed
 * over a socket whose queue holds it in turn (the longer cycles the
 * kernel's unix GC collects): refused, as are files in flight in sockets
 * in flight deeper than VZCPT_UNIX_MAX_NEST. A file the image cannot carry
 * is refused with its reason.
 */
static int cpt_unix_fly_file(struct cpt_dump *d, struct sock *sk, struct file *file,
			     char *pathbuf)
{
	struct socket *sock = sock_from_file(file);
	const char *type = cpt_unix_type(sk);
	char *why;
	u64 id;
	int err;

	if (sock && cpt_unix_own(d, sock->sk))
		return 0;
	if (cpt_busy(d, file) || (sock && sock->sk && cpt_busy(d, sock->sk))) {
		cpt_err(d->ctx, "a unix %s socket holds in flight a socket of a cycle through another's queue, or a client passed to its listener: cannot be carried yet",
			type);
		return -EOPNOTSUPP;
	}
	if (d->unix_nest >= VZCPT_UNIX_MAX_NEST) {
		cpt_err(d->ctx, "a unix %s socket has files in flight (SCM_RIGHTS) in sockets in flight more than %u deep: cannot be carried",
			type, VZCPT_UNIX_MAX_NEST);
		return -EOPNOTSUPP;
	}
	d->unix_nest++;
	err = cpt_dump_file_obj(d, file, pathbuf, &id);
	d->unix_nest--;
	if (!err || err == -ENOMEM)
		return err;
	why = kstrdup(d->ctx->errmsg, GFP_KERNEL);
	if (why)
		cpt_err(d->ctx, "a unix %s socket has a file in flight (SCM_RIGHTS): %s", type,
			why[0] ? why : "it cannot be carried");
	kfree(why);
	return err;
}

/*
 * The files in flight (SCM_RIGHTS) of what @sk has queued to read, each
 * dumped as a file of the image before @sk's record and its pair's: the
 * restore sends them again with its queue, and makes a pair at once.
 */
static int cpt_unix_fly(struct cpt_dump *d, struct sock *sk)
{
	struct sk_buff_head *head = &sk->sk_receive_queue;
	struct file **files;
	struct sk_buff *skb;
	u32 n = 0, i = 0, j;
	char *pathbuf;
	int err = 0;

	if (READ_ONCE(sk->sk_state) == TCP_LISTEN)
		return 0;
	spin_lock(&head->lock);
	skb_queue_walk(head, skb)
		if (UNIXCB(skb).fp)
			n += UNIXCB(skb).fp->count;
	spin_unlock(&head->lock);
	if (!n)
		return 0;
	files = kvcalloc(n, sizeof(*files), GFP_KERNEL);
	pathbuf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!files || !pathbuf) {
		err = -ENOMEM;
		goto out;
	}
	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		struct scm_fp_list *fp = UNIXCB(skb).fp;

		for (j = 0; fp && j < fp->count && i < n; j++)
			files[i++] = get_file(fp->fp[j]);
		if (fp && j < fp->count)
			err = -EAGAIN;
	}
	spin_unlock(&head->lock);
	if (err || i != n) {
		cpt_err(d->ctx, "a unix %s socket's queue changed during the dump",
			cpt_unix_type(sk));
		err = -EAGAIN;
	}
	for (j = 0; !err && j < i; j++)
		err = cpt_unix_fly_file(d, sk, files[j], pathbuf);
	for (j = 0; j < i; j++)
		fput(files[j]);
out:
	kfree(pathbuf);
	kvfree(files);
	return err;
}

/*
 * Every named sender of a queued message, other than the peer, is held by
 * a task of the CT, or closed: a restore sends from it (when it is restored
 * before), from a restored socket of its name, or from a socket it binds
 * to its name for the message, which one outside the CT would not have.
 * A closed sender is only a name: the restore's stand-in for it takes the
 * place of a stale socket file at its path, and is one once it is closed
 * (a message queued again at a restore comes from such a stand-in).
 */
static int cpt_unix_senders(struct cpt_dump *d, struct cpt_unix_q *q, const void *buf)
{
	const struct vzcpt_img_unix_msg *m = buf;
	char name[VZCPT_UNIX_PATH_MAX + 2], from[VZCPT_UNIX_PATH_MAX + 2];
	struct sock *prev = NULL;
	u32 i;

	for (i = 0; i < q->nr; i++) {
		struct sock *s = q->senders[i];

		if (!s || !m[i].name_len || s == prev || s == q->sk)
			continue;
		prev = s;
		if (!s->sk_socket || sock_flag(s, SOCK_DEAD))
			continue;
		if (!cpt_unix_held(d, s)) {
			cpt_err(d->ctx, "a unix %s socket (%s) has a datagram queued from %s, a socket no task of the CT holds (one outside the CT): cannot be carried",
				cpt_unix_type(q->sk), cpt_unix_name(q->sk, name),
				cpt_unix_name(s, from));
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/*
 * Write @sk's record, id @id, with its @state toward @peer (id @peer_id)
 * or none, and @flags (VZCPT_UNIX_CLOSED, VZCPT_UNIX_RESET). A client of a
 * connection not accepted yet (VZCPT_UNIX_QUEUED) has its listener for
 * @peer and, as its queue, what it sent: that of @peer's socket that
 * accept() will give, @embryo.
 */
static int cpt_unix_write(struct cpt_dump *d, struct sock *sk, u64 id, u32 state,
			  struct sock *peer, u64 peer_id, struct sock *embryo, u32 flags)
{
	struct cpt_unix_q q = { .sk = sk, .peer = peer, .peer_id = peer_id,
				.pair = state == VZCPT_UNIX_PAIR,
				.ns = d->ctx->pidns->user_ns };
	bool closed = flags & VZCPT_UNIX_CLOSED;
	bool accepted = !closed && state == VZCPT_UNIX_PAIR && sk->sk_type != SOCK_DGRAM &&
			cpt_unix_inherited(sk);
	/*
	 * A closed peer's process is often gone too (a client that wrote and
	 * exited): SO_PEERCRED's pid goes as 0 then, as a listener's does.
	 */
	bool of_listener = state == VZCPT_UNIX_LISTEN || state == VZCPT_UNIX_QUEUED ||
			   (state == VZCPT_UNIX_PAIR && sock_flag(peer, SOCK_DEAD)) ||
			   (state == VZCPT_UNIX_PAIR && sk->sk_type != SOCK_DGRAM &&
			    cpt_unix_inherited(peer));
	char name[VZCPT_UNIX_PATH_MAX + 2];
	char sun[VZCPT_UNIX_PATH_MAX];
	struct vzcpt_img_unix u = {};
	enum cpt_unix_qbad bad;
	u32 npad;
	size_t size;
	char *buf;
	int err = 0;

	u.type = sk->sk_type;
	u.state = state;
	u.peer_id = peer_id;
	u.flags = flags;
	u.shutdown = READ_ONCE(sk->sk_shutdown) & SHUTDOWN_MASK;
	u.peek_off = READ_ONCE(sk->sk_peek_off);
	if (state == VZCPT_UNIX_LISTEN)
		u.backlog = READ_ONCE(sk->sk_max_ack_backlog);
	if (closed) {
		/* No one reads a closed socket's own SO_PEERCRED, nor peeks. */
		cpt_unix_closed_opts(sk, &u.opt);
		u.peek_off = -1;
		u.peer_uid = (u32)-1;
		u.peer_gid = (u32)-1;
	} else {
		err = cpt_sockopt(d, sk, &u.opt) ?:
		      cpt_unix_peercred(d, sk, &u, of_listener);
	}
	if (!err && embryo)
		err = cpt_unix_conncred(d, embryo, &u, closed);
	if (err)
		return err;
	if (embryo) {
		/* What it sent is its own, and goes again from it once connected. */
		q.sk = embryo;
		q.peer = sk;
		q.peer_id = 0;
		q.pair = true;
	}
	u.name_len = cpt_unix_sun(cpt_unix_addr(sk), sun);
	q.named = u.name_len;
	/*
	 * The listener's name, not bound: accept() gave it. A closed socket's
	 * name is no longer bound either (its file, if any, is the CT's).
	 */
	if (accepted)
		u.flags |= VZCPT_UNIX_ACCEPTED;
	else if (u.name_len && sun[0] && !closed)
		err = cpt_unix_fsname(d, sk, sun, u.name_len, &u);
	if (err)
		return err;
	/*
	 * A listener's queue holds connections: their clients' records carry
	 * them. A closed pair's socket has none: its release dropped it.
	 */
	bad = state == VZCPT_UNIX_LISTEN || (closed && !embryo) ? CPT_UNIX_Q_OK :
	      cpt_unix_walk(d, &q, NULL);
	u.nr_msgs = q.nr;
	u.nr_fds = q.nfds;
	u.qlen = q.len;
	npad = ALIGN(u.name_len, 8);
	size = npad + (size_t)u.nr_msgs * sizeof(struct vzcpt_img_unix_msg) +
	       (size_t)u.nr_fds * sizeof(u64) + q.len;
	if (bad == CPT_UNIX_Q_OK && (q.len > CPT_UNIX_MAX_Q ||
				     size > VZCPT_REC_MAX_LEN - sizeof(u))) {
		cpt_err(d->ctx, "a unix %s socket has more queued than an image record holds (%u bytes)",
			cpt_unix_type(q.sk), (u32)CPT_UNIX_MAX_Q);
		return -EOVERFLOW;
	}
	buf = kvzalloc(size ?: 1, GFP_KERNEL);
	q.senders = kvcalloc(q.nr ?: 1, sizeof(*q.senders), GFP_KERNEL);
	err = -ENOMEM;
	if (!buf || !q.senders)
		goto out;
	memcpy(buf, sun, u.name_len);
	if (bad == CPT_UNIX_Q_OK && state != VZCPT_UNIX_LISTEN && (!closed || embryo))
		bad = cpt_unix_walk(d, &q, buf + npad);
	switch (bad) {
	case CPT_UNIX_Q_SENDER:
		cpt_err(d->ctx, "a unix %s socket (%s) has messages queued from another socket than its peer: cannot be carried yet",
			cpt_unix_type(sk), cpt_unix_name(sk, name));
		err = -EOPNOTSUPP;
		break;
	case CPT_UNIX_Q_MOVED:
		cpt_err(d->ctx, "a unix %s socket's queue changed during the dump",
			cpt_unix_type(q.sk));
		err = -EAGAIN;
		break;
	default:
		err = cpt_unix_senders(d, &q, buf + npad) ?:
		      cpt_write_rec(d, VZCPT_REC_UNIX, id, &u, sizeof(u), buf, size);
	}
out:
	kvfree(q.senders);
	kvfree(buf);
	return err;
}

/*
 * What this dump cannot carry of @sk itself: SO_PASSSEC, out-of-band data,
 * a pending error but the ECONNRESET of a stream or seqpacket socket whose
 * peer was closed with data unread (unix_release_sock()), which the
 * restore makes as that close made it (VZCPT_UNIX_RESET).
 */
static int cpt_unix_refuse(struct cpt_dump *d, struct sock *sk)
{
	const char *type = cpt_unix_type(sk);
	struct sock *peer;
	bool reset;

	if (sk->sk_type != SOCK_STREAM && sk->sk_type != SOCK_DGRAM &&
	    sk->sk_type != SOCK_SEQPACKET) {
		cpt_err(d->ctx, "a unix socket of type %d cannot be carried", sk->sk_type);
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
	unix_state_lock(sk);
	peer = unix_peer(sk);
	reset = READ_ONCE(sk->sk_err) == ECONNRESET && sk->sk_type != SOCK_DGRAM && peer &&
		sock_flag(peer, SOCK_DEAD);
	unix_state_unlock(sk);
	if (READ_ONCE(sk->sk_err) && !reset) {
		cpt_err(d->ctx, "a unix %s socket has a pending error (%d): cannot be carried yet",
			type, READ_ONCE(sk->sk_err));
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * The peer of @sk that the restore can rebuild with it, referenced (NULL
 * for none), or an ERR_PTR with the reason in the context: a peer held by
 * no task of the CT; one not connected back, unless @sk is a datagram
 * socket and the peer has a name to connect to again (@oneway). A peer no
 * file holds yet is the side of a connection that accept() will give
 * (@embryo), in its listener's queue. A closed peer (@closed) stays @sk's
 * peer until @sk is closed or, a datagram socket, sends again
 * (ECONNREFUSED): the restore makes it with @sk and closes it.
 */
static struct sock *cpt_unix_peer(struct cpt_dump *d, struct sock *sk, bool *oneway,
				  bool *embryo, bool *closed)
{
	char name[VZCPT_UNIX_PATH_MAX + 2];
	const char *type = cpt_unix_type(sk);
	struct sock *peer;

	*oneway = false;
	*embryo = false;
	*closed = false;
	unix_state_lock(sk);
	peer = unix_peer(sk);
	if (peer)
		sock_hold(peer);
	unix_state_unlock(sk);
	if (!peer)
		return NULL;
	if (sock_flag(peer, SOCK_DEAD)) {
		*closed = true;
		return peer;
	}
	if (!peer->sk_socket && sk->sk_type != SOCK_DGRAM) {
		*embryo = true;
		return peer;
	}
	if (!cpt_unix_held(d, peer)) {
		cpt_err(d->ctx, "a unix %s socket is connected to a socket (%s) that no task of the CT holds (one outside the CT, or in flight): cannot be carried",
			type, cpt_unix_name(peer, name));
		goto refuse;
	}
	if (READ_ONCE(unix_peer(peer)) == sk)
		return peer;
	if (sk->sk_type == SOCK_DGRAM && cpt_unix_addr(peer)) {
		*oneway = true;
		return peer;
	}
	cpt_err(d->ctx, "a unix %s socket is connected to one (%s) that is not connected back: cannot be carried yet",
		type, cpt_unix_name(peer, name));
refuse:
	sock_put(peer);
	return ERR_PTR(-EOPNOTSUPP);
}

static int cpt_unix_dump(struct cpt_dump *d, struct socket *sock, u64 id, int depth);

/*
 * @sk's bound peer @peer, which it is connected to one way: written before
 * it, since the restore connects to it by its name. Its id in @peer_id.
 */
static int cpt_unix_oneway(struct cpt_dump *d, struct sock *sk, struct sock *peer, u64 *peer_id,
			   int depth)
{
	bool first;

	*peer_id = cpt_obj_id(d, peer->sk_socket, &first);
	if (!*peer_id)
		return -ENOMEM;
	if (!first)
		return 0;
	if (depth >= CPT_UNIX_MAX_DEPTH) {
		cpt_err(d->ctx, "a unix datagram socket is connected through more than %d others in turn: cannot be carried yet",
			CPT_UNIX_MAX_DEPTH);
		return -EOPNOTSUPP;
	}
	return cpt_unix_dump(d, peer->sk_socket, *peer_id, depth + 1);
}

/*
 * The client @c of connection @embryo that listener @sk (id @id) has not
 * accepted yet: its record, after the listener's and those queued ahead.
 */
static int cpt_unix_conn(struct cpt_dump *d, struct sock *sk, u64 id, struct sock *embryo)
{
	char name[VZCPT_UNIX_PATH_MAX + 2];
	struct sock *c;
	bool first, busy;
	u64 cid;
	int err = -EOPNOTSUPP;

	unix_state_lock(embryo);
	c = unix_peer(embryo);
	if (c)
		sock_hold(c);
	unix_state_unlock(embryo);
	if (!c) {
		cpt_err(d->ctx, "a listening unix %s socket (%s) has a connection not accepted yet with no client",
			cpt_unix_type(sk), cpt_unix_name(sk, name));
		goto out;
	}
	/* accept() still gives it, what its client sent and then EOF. */
	if (sock_flag(c, SOCK_DEAD)) {
		/* Its release would have set one only for data queued to it, which none sends. */
		if (READ_ONCE(embryo->sk_err)) {
			cpt_err(d->ctx, "a unix %s socket not accepted yet by %s has a pending error (%d): cannot be carried",
				cpt_unix_type(sk), cpt_unix_name(sk, name),
				READ_ONCE(embryo->sk_err));
			goto out;
		}
		err = cpt_unix_refuse(d, embryo) ?: cpt_unix_fly(d, embryo);
		cid = err ? 0 : cpt_new_id(d);
		if (!err)
			err = cid ? cpt_unix_write(d, c, cid, VZCPT_UNIX_QUEUED, sk, id, embryo,
						   VZCPT_UNIX_CLOSED) : -ENOMEM;
		goto out;
	}
	if (!c->sk_socket || !cpt_unix_held(d, c)) {
		cpt_err(d->ctx, "a listening unix %s socket (%s) has a connection not accepted yet from a socket no task of the CT holds (one outside the CT, or in flight): cannot be carried",
			cpt_unix_type(sk), cpt_unix_name(sk, name));
		goto out;
	}
	/* Nothing sends to a client before it is accepted: the restore would not see it. */
	if (skb_queue_len_lockless(&c->sk_receive_queue)) {
		cpt_err(d->ctx, "a unix %s socket not accepted yet by %s has data queued to read: cannot be carried",
			cpt_unix_type(sk), cpt_unix_name(sk, name));
		goto out;
	}
	err = cpt_unix_refuse(d, c) ?: cpt_unix_refuse(d, embryo);
	if (err)
		goto out;
	cid = cpt_obj_id(d, c->sk_socket, &first);
	err = -ENOMEM;
	if (!cid)
		goto out;
	/* Its file is not in flight in what it sent: it has no record yet. */
	busy = !cpt_busy(d, c);
	err = busy ? cpt_busy_mark(d, c) : 0;
	if (!err)
		err = cpt_unix_fly(d, embryo) ?:
		      cpt_unix_write(d, c, cid, VZCPT_UNIX_QUEUED, sk, id, embryo, 0) ?:
		      cpt_sock_filter(d, c, cid);
	if (busy)
		cpt_busy_clear(d, c);
out:
	if (c)
		sock_put(c);
	return err;
}

/*
 * The connections listener @sk (id @id) has not accepted yet, in the order
 * accept() takes them: each is an skb of its queue, whose socket is the one
 * accept() will give.
 */
static int cpt_unix_conns(struct cpt_dump *d, struct sock *sk, u64 id)
{
	struct sk_buff_head *head = &sk->sk_receive_queue;
	u32 n = skb_queue_len_lockless(head), i = 0, j;
	struct sock **embryos;
	struct sk_buff *skb;
	int err = 0;

	if (!n)
		return 0;
	embryos = kvcalloc(n, sizeof(*embryos), GFP_KERNEL);
	if (!embryos)
		return -ENOMEM;
	spin_lock(&head->lock);
	skb_queue_walk(head, skb) {
		if (i == n) {
			err = -EAGAIN;
			break;
		}
		sock_hold(skb->sk);
		embryos[i++] = skb->sk;
	}
	spin_unlock(&head->lock);
	if (i != n)
		err = -EAGAIN;
	if (err)
		cpt_err(d->ctx, "a listening unix %s socket's queue changed during the dump",
			cpt_unix_type(sk));
	for (j = 0; j < i && !err; j++)
		err = cpt_unix_conn(d, sk, id, embryos[j]);
	for (j = 0; j < i; j++)
		sock_put(embryos[j]);
	kvfree(embryos);
	return err;
}

/*
 * @sk, a client that @embryo's listener has not accepted yet: the listener
 * goes first, and with it its queue, this client too.
 */
static int cpt_unix_to_listener(struct cpt_dump *d, struct sock *sk, struct sock *embryo,
				int depth)
{
	char name[VZCPT_UNIX_PATH_MAX + 2];
	struct sock *l;
	bool first;
	u64 lid;
	int err = -EOPNOTSUPP;

	/*
	 * struct unix_sock's listener: an embryo's, until accept() (no
	 * interface leads from a connection to its listener). Its client is
	 * frozen, and so is every task that could close the listener.
	 */
	l = READ_ONCE(unix_sk(embryo)->listener);
	if (l)
		sock_hold(l);
	if (!l || sock_flag(l, SOCK_DEAD) || !l->sk_socket) {
		cpt_err(d->ctx, "a unix %s socket connected to %s, which has not accepted it yet and is closing: cannot be carried",
			cpt_unix_type(sk), cpt_unix_name(embryo, name));
		goto out;
	}
	if (!cpt_unix_held(d, l)) {
		cpt_err(d->ctx, "a unix %s socket is connected to a listener (%s) that no task of the CT holds (one outside the CT, or in flight), which has not accepted it yet: cannot be carried",
			cpt_unix_type(sk), cpt_unix_name(l, name));
		goto out;
	}
	lid = cpt_obj_id(d, l->sk_socket, &first);
	err = -ENOMEM;
	if (!lid)
		goto out;
	/* Its listener would have written this socket's record with its own. */
	err = -EINVAL;
	if (!first) {
		cpt_err(d->ctx, "a unix %s socket's listener was dumped without it",
			cpt_unix_type(sk));
		goto out;
	}
	err = cpt_unix_dump(d, l->sk_socket, lid, depth + 1);
out:
	if (l)
		sock_put(l);
	return err;
}

/*
 * @sk's record, and its pair's (each busy meanwhile, with the files in
 * flight of both queues dumped before them: no record comes between a
 * pair's two).
 */
static int cpt_unix_dump_sk(struct cpt_dump *d, struct sock *sk, u64 id, int depth)
{
	struct sock *peer, *own0 = d->unix_own[0], *own1 = d->unix_own[1];
	u32 state = VZCPT_UNIX_UNCONNECTED;
	bool peer_first = false, oneway, embryo, closed, peer_busy = false;
	u32 pflags = 0;
	u64 peer_id = 0;
	int err;

	peer = cpt_unix_peer(d, sk, &oneway, &embryo, &closed);
	if (IS_ERR(peer))
		return PTR_ERR(peer);
	/* Of this group only: not a listener's, nor a client's not accepted yet. */
	d->unix_own[0] = NULL;
	d->unix_own[1] = NULL;
	if (embryo) {
		err = cpt_unix_to_listener(d, sk, peer, depth);
		goto out;
	}
	if (oneway) {
		err = cpt_unix_oneway(d, sk, peer, &peer_id, depth);
		d->unix_own[0] = sk;
		err = err ?: cpt_unix_fly(d, sk) ?:
		      cpt_unix_write(d, sk, id, VZCPT_UNIX_CONNECTED, peer, peer_id, NULL, 0) ?:
		      cpt_sock_filter(d, sk, id);
		goto out;
	}
	if (closed) {
		/*
		 * No file names it: a record of its own for each survivor
		 * (datagram sockets may share a closed one), written with it.
		 */
		pflags = VZCPT_UNIX_CLOSED;
		if (READ_ONCE(sk->sk_err) == ECONNRESET && sk->sk_type != SOCK_DGRAM)
			pflags |= VZCPT_UNIX_RESET;
		peer_id = cpt_new_id(d);
		peer_first = true;
	} else if (peer) {
		err = cpt_unix_refuse(d, peer);
		if (err)
			goto out;
		peer_id = cpt_obj_id(d, peer->sk_socket, &peer_first);
	}
	if (peer) {
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
	if (peer)
		state = VZCPT_UNIX_PAIR;
	else if (READ_ONCE(sk->sk_state) == TCP_LISTEN)
		state = VZCPT_UNIX_LISTEN;
	/* A closed peer's queue is gone with it: its release dropped it. */
	if (peer && !closed) {
		err = cpt_busy_mark(d, peer);
		if (err)
			goto out;
		peer_busy = true;
	}
	if (state != VZCPT_UNIX_LISTEN) {
		d->unix_own[0] = sk;
		d->unix_own[1] = peer_busy ? peer : NULL;
	}
	err = cpt_unix_fly(d, sk) ?: (peer_busy ? cpt_unix_fly(d, peer) : 0) ?:
	      cpt_unix_write(d, sk, id, state, peer, peer_id, NULL, 0);
	if (!err && peer)
		err = cpt_unix_write(d, peer, peer_id, VZCPT_UNIX_PAIR, sk, id, NULL, pflags);
	d->unix_own[0] = NULL;
	d->unix_own[1] = NULL;
	/*
	 * The filters after the group, which no record may split: the
	 * restore attaches them once the queues are filled again, as what
	 * is queued passed them already. A listener's clients have theirs
	 * after their own records (cpt_unix_conn()).
	 */
	if (!err)
		err = cpt_sock_filter(d, sk, id);
	if (!err && peer && !closed)
		err = cpt_sock_filter(d, peer, peer_id);
	if (!err && state == VZCPT_UNIX_LISTEN)
		err = cpt_unix_conns(d, sk, id);
out:
	d->unix_own[0] = own0;
	d->unix_own[1] = own1;
	if (peer_busy)
		cpt_busy_clear(d, peer);
	if (peer)
		sock_put(peer);
	return err;
}

static int cpt_unix_dump(struct cpt_dump *d, struct socket *sock, u64 id, int depth)
{
	struct sock *sk = sock->sk;
	int err;

	err = cpt_unix_refuse(d, sk) ?: cpt_busy_mark(d, sk);
	if (err)
		return err;
	err = cpt_unix_dump_sk(d, sk, id, depth);
	cpt_busy_clear(d, sk);
	return err;
}

/*
 * @sock's record, on its first sighting (cpt_sock.c): a pair's second
 * socket goes out right after it, so cpt_sock.c sees it as known when its
 * file comes, and so do a listener's clients not accepted yet; a datagram
 * socket's one-way peer goes out before it, and a client not accepted yet
 * goes with its listener, which comes first. Ids are
 * those of the sockets (struct socket), as cpt_sock.c gives them.
 */
int cpt_dump_unix(struct cpt_dump *d, struct socket *sock, u64 id)
{
	return cpt_unix_dump(d, sock, id, 0);
}
