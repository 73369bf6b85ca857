// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the POSIX message queues of the CT's IPC namespace: they live in the
 * namespace's own mqueue mount (mq_mnt) whether a task holds them open or
 * not, so every queue its root lists is carried, and each queue unlinked
 * since that an fd of the CT still holds. One MQNS record with the
 * namespace's limits, then each queue (the unlinked ones first) with its
 * messages in the order mq_receive() takes them, its owner, mode, times
 * and its mq_notify() registration; an fd on a queue is a FILE of kind
 * VZCPT_FILE_MQUEUE naming it.
 *
 * No call reads a queue's messages without taking them, nor who
 * registered its notification with which sigev_value: they are read from
 * ipc/mqueue.c's own structures (kernel/common/vz_mqueue.h), under the
 * queue's lock, each message's text through its chain of segments as
 * ipc/msgutil.c's store_msg() reads it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/user_namespace.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_mqueue.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_image.h"

/* The most bytes of messages one queue may carry: as much as a deleted file's. */
#define CPT_MQ_MAX_BYTES	VZCPT_GHOST_MAX_SIZE
/* The flags of an mqueue fd a restore opens it with again (dentry_open() keeps them). */
#define CPT_MQ_FLAGS		(O_ACCMODE | O_NONBLOCK | O_APPEND | FASYNC | O_LARGEFILE | \
				 O_NOATIME)

/* Take @dentry's queue into d->mqs, once per queue. */
static int cpt_mq_add(struct cpt_dump *d, struct dentry *dentry)
{
	struct dentry **nm;
	unsigned int i;

	for (i = 0; i < d->nr_mqs; i++)
		if (d_inode(d->mqs[i]) == d_inode(dentry))
			return 0;
	if (d->nr_mqs == d->max_mqs) {
		nm = krealloc_array(d->mqs, max(2 * d->max_mqs, 16U), sizeof(*nm), GFP_KERNEL);
		if (!nm)
			return -ENOMEM;
		d->mqs = nm;
		d->max_mqs = max(2 * d->max_mqs, 16U);
	}
	d->mqs[d->nr_mqs++] = dget(dentry);
	return 0;
}

/* Every queue the namespace's mqueue root lists. */
static int cpt_mq_linked(struct cpt_dump *d, struct vfsmount *mnt)
{
	struct path root = { .mnt = mnt, .dentry = mnt->mnt_root };
	struct dentry *dentry;
	char *names = NULL;
	size_t at, len, all = 0;
	int err;

	err = cpt_dir_names(&root, &names, &all);
	for (at = 0; !err && at < all; at += len + 1) {
		len = strlen(names + at);
		dentry = lookup_one_len_unlocked(names + at, root.dentry, len);
		if (IS_ERR(dentry)) {
			err = PTR_ERR(dentry);
			break;
		}
		/* Unlinked meanwhile (from outside: the CT is frozen) is gone. */
		if (d_really_is_positive(dentry) && S_ISREG(d_inode(dentry)->i_mode))
			err = cpt_mq_add(d, dentry);
		dput(dentry);
	}
	kfree(names);
	return err;
}

static int cpt_mq_unlinked_fd(void *arg, struct file *file, unsigned int fd)
{
	struct cpt_dump *d = arg;

	if (file_inode(file)->i_sb != d->mq_sb || !S_ISREG(file_inode(file)->i_mode) ||
	    !d_unlinked(file->f_path.dentry))
		return 0;
	return cpt_mq_add(d, file->f_path.dentry);
}

static int cpt_mq_holds(void *arg, struct file *file, unsigned int fd)
{
	return file_inode(file) == arg;
}

/* What a queue's dump reads under its lock. */
struct cpt_mq_snap {
	struct vzcpt_img_mq q;
	struct pid *owner;		/* referenced */
	u32 exec_id;
	bool thread;			/* SIGEV_THREAD */
	void *msgs;			/* struct vzcpt_img_mq_msg and bytes, each in turn */
	size_t len;
};

/* Each message of @info into @buf, as many as @size takes; false if the layout is not so. */
static bool cpt_mq_copy(struct vz_mq_info *info, void *buf, size_t size, long *count)
{
	struct rb_node *node;
	struct msg_msg *msg;
	size_t at = 0;

	*count = 0;
	for (node = rb_last(&info->msg_tree); node; node = rb_prev(node)) {
		struct vz_mq_node *leaf = rb_entry(node, struct vz_mq_node, rb_node);

		list_for_each_entry(msg, &leaf->msg_list, m_list) {
			struct vzcpt_img_mq_msg *m = buf + at;
			size_t left = msg->m_ts, n = min(left, VZ_DATALEN_MSG);
			struct vz_msg_seg *seg = (struct vz_msg_seg *)msg->next;
			void *to = m + 1;

			if (msg->m_type != leaf->priority || msg->m_type < 0 ||
			    msg->m_type >= VZCPT_MQ_PRIO_MAX || left > info->attr.mq_msgsize ||
			    size - at < sizeof(*m) + left)
				return false;
			m->prio = msg->m_type;
			m->len = left;
			memcpy(to, msg + 1, n);
			for (to += n, left -= n; left; to += n, left -= n, seg = seg->next) {
				if (!seg)
					return false;
				n = min(left, VZ_DATALEN_SEG);
				memcpy(to, seg + 1, n);
			}
			at += sizeof(*m) + m->len;
			(*count)++;
		}
	}
	return at == size;
}

/* The state of queue @inode, its messages copied at one instant. */
static int cpt_mq_snap(struct cpt_dump *d, struct inode *inode, const char *name,
		       struct cpt_mq_snap *s)
{
	struct vz_mq_info *info = vz_mq_i(inode);
	unsigned long bytes;
	long n, count;
	int tries;
	bool ok;

	for (tries = 0; tries < 4; tries++) {
		spin_lock(&info->lock);
		n = info->attr.mq_curmsgs;
		bytes = info->qsize;
		spin_unlock(&info->lock);
		if (n < 0 || bytes > CPT_MQ_MAX_BYTES) {
			cpt_err(d->ctx, "the POSIX message queue /%s holds %lu bytes, more than the %llu a dump carries",
				name, bytes, CPT_MQ_MAX_BYTES);
			return -EFBIG;
		}
		s->len = bytes + n * sizeof(struct vzcpt_img_mq_msg);
		s->msgs = kvmalloc(max_t(size_t, s->len, 1), GFP_KERNEL);
		if (!s->msgs)
			return -ENOMEM;
		spin_lock(&info->lock);
		if (info->attr.mq_curmsgs != n || info->qsize != bytes) {
			spin_unlock(&info->lock);
			kvfree(s->msgs);
			s->msgs = NULL;
			continue;
		}
		ok = info->attr.mq_maxmsg > 0 && info->attr.mq_maxmsg <= VZCPT_MQ_HARD_MSGMAX &&
		     info->attr.mq_msgsize > 0 &&
		     info->attr.mq_msgsize <= VZCPT_MQ_HARD_MSGSIZEMAX &&
		     n <= info->attr.mq_maxmsg && cpt_mq_copy(info, s->msgs, s->len, &count) &&
		     count == n;
		s->q.maxmsg = info->attr.mq_maxmsg;
		s->q.msgsize = info->attr.mq_msgsize;
		s->q.nr_msgs = n;
		if (info->notify_owner) {
			s->owner = get_pid(info->notify_owner);
			/* notify_sock and notify_self_exec_id: set for their kind alone. */
			s->thread = info->notify.sigev_notify == SIGEV_THREAD;
			s->q.notify = info->notify.sigev_notify == SIGEV_NONE ?
				      VZCPT_MQ_NOTIFY_NONE : VZCPT_MQ_NOTIFY_SIGNAL;
			ok = ok && (s->thread || info->notify.sigev_notify == SIGEV_NONE ||
				    info->notify.sigev_notify == SIGEV_SIGNAL);
			if (info->notify.sigev_notify == SIGEV_SIGNAL) {
				s->exec_id = info->notify_self_exec_id;
				s->q.notify_signo = info->notify.sigev_signo;
				s->q.notify_value =
					(unsigned long)info->notify.sigev_value.sival_ptr;
				ok = ok && valid_signal(s->q.notify_signo);
			}
		}
		spin_unlock(&info->lock);
		if (!ok) {
			cpt_err(d->ctx, "the POSIX message queue /%s is not laid out as this module knows ipc/mqueue.c's (kernel %s): cannot dump it",
				name, init_utsname()->release);
			return -EOPNOTSUPP;
		}
		return 0;
	}
	cpt_err(d->ctx, "the POSIX message queue /%s keeps changing while the CT is frozen (a task outside the CT uses it): cannot dump it",
		name);
	return -EAGAIN;
}

/*
 * The registration of a notification: by a process of the CT, which holds
 * an fd on the queue (its restore registers it again through that fd), and
 * for a signal not exec'ed since (it would not be signalled: one after a
 * restore would).
 */
static int cpt_mq_owner(struct cpt_dump *d, struct inode *inode, const char *name,
			struct cpt_mq_snap *s)
{
	struct task_struct *task;
	unsigned int i;
	pid_t nr;
	int err;

	nr = pid_nr_ns(s->owner, d->ctx->pidns);
	rcu_read_lock();
	task = pid_task(s->owner, PIDTYPE_TGID);
	if (task)
		get_task_struct(task);
	rcu_read_unlock();
	for (i = 0; task && i < d->nr_tasks; i++)
		if (d->tasks[i] == task)
			break;
	if (!task || !nr || i == d->nr_tasks) {
		cpt_err(d->ctx, "the notification of POSIX message queue /%s is registered by process %d of the host, not a task of the CT: cannot carry it",
			name, pid_nr(s->owner));
		err = -EOPNOTSUPP;
		goto out;
	}
	if (s->thread) {
		cpt_err(d->ctx, "task %d (%s) registered a SIGEV_THREAD notification (a netlink socket) on POSIX message queue /%s: it cannot be carried",
			nr, task->comm, name);
		err = -EOPNOTSUPP;
		goto out;
	}
	if (s->q.notify == VZCPT_MQ_NOTIFY_SIGNAL && READ_ONCE(task->self_exec_id) != s->exec_id) {
		cpt_err(d->ctx, "task %d (%s) registered the notification of POSIX message queue /%s before an exec: it cannot be carried",
			nr, task->comm, name);
		err = -EOPNOTSUPP;
		goto out;
	}
	err = cpt_each_file(task, cpt_mq_holds, inode);
	if (err <= 0) {
		cpt_err(d->ctx, "task %d (%s) registered the notification of POSIX message queue /%s but holds no fd on it: it cannot be carried",
			nr, task->comm, name);
		err = -EOPNOTSUPP;
		goto out;
	}
	s->q.notify_pid = nr;
	err = 0;
out:
	if (task)
		put_task_struct(task);
	return err;
}

static int cpt_mq_dump_one(struct cpt_dump *d, struct dentry *dentry)
{
	struct user_namespace *uns = d->ctx->pidns->user_ns;
	struct inode *inode = d_inode(dentry);
	struct cpt_mq_snap s = {};
	struct name_snapshot name;
	const char *nm;
	size_t at;
	u32 i;
	bool first;
	u64 id;
	int err;

	take_dentry_name_snapshot(&name, dentry);
	nm = name.name.name;
	s.q.name_len = name.name.len;
	s.q.mode = inode->i_mode & 07777;
	s.q.uid = from_kuid(uns, inode->i_uid);
	s.q.gid = from_kgid(uns, inode->i_gid);
	s.q.atime_ns = timespec64_to_ns(&inode->i_atime);
	s.q.mtime_ns = timespec64_to_ns(&inode->i_mtime);
	if (d_unlinked(dentry))
		s.q.flags |= VZCPT_MQ_UNLINKED;
	if (s.q.uid == (u32)-1 || s.q.gid == (u32)-1) {
		cpt_err(d->ctx, "the POSIX message queue /%s has an owner that the CT's user namespace does not map",
			nm);
		err = -EOPNOTSUPP;
		goto out;
	}
	err = cpt_mq_snap(d, inode, nm, &s);
	if (!err && s.owner)
		err = cpt_mq_owner(d, inode, nm, &s);
	if (err)
		goto out;
	id = cpt_obj_id(d, inode, &first);
	err = -ENOMEM;
	if (!id)
		goto out;
	err = cpt_write_rec(d, VZCPT_REC_MQ, id, &s.q, sizeof(s.q), nm, s.q.name_len);
	for (i = 0, at = 0; !err && i < s.q.nr_msgs; i++) {
		struct vzcpt_img_mq_msg *m = s.msgs + at;

		if (m->len > VZCPT_REC_MAX_LEN - sizeof(*m)) {
			cpt_err(d->ctx, "the POSIX message queue /%s holds a message of %u bytes, more than an image record takes",
				nm, m->len);
			err = -EFBIG;
			break;
		}
		err = cpt_write_rec(d, VZCPT_REC_MQ_MSG, id, m, sizeof(*m), m + 1, m->len);
		at += sizeof(*m) + m->len;
	}
out:
	put_pid(s.owner);
	kvfree(s.msgs);
	release_dentry_name_snapshot(&name);
	return err;
}

/*
 * The queues of the CT's IPC namespace @ns (its own), after its SysV
 * objects. A queue above the namespace's limits is carried: one with
 * CAP_SYS_RESOURCE made it, and the restore's mq_open() decides again with
 * the restoring CT root's capabilities.
 */
int cpt_dump_mqueue(struct cpt_dump *d, struct ipc_namespace *ns)
{
	struct vzcpt_img_mqns n = {};
	unsigned int i, pass, count;
	int err;

	if (!ns->mq_mnt)
		return 0;
	d->mq_sb = ns->mq_mnt->mnt_sb;
	err = cpt_mq_linked(d, ns->mq_mnt);
	for (i = 0; !err && i < d->nr_tasks; i++)
		err = cpt_each_file(d->tasks[i], cpt_mq_unlinked_fd, d);
	if (err) {
		cpt_err(d->ctx, "cannot list the POSIX message queues of CT %u (error %d)",
			d->ctx->ctid, err);
		return err;
	}
	n.queues_max = READ_ONCE(ns->mq_queues_max);
	n.msg_max = READ_ONCE(ns->mq_msg_max);
	n.msgsize_max = READ_ONCE(ns->mq_msgsize_max);
	n.msg_default = READ_ONCE(ns->mq_msg_default);
	n.msgsize_default = READ_ONCE(ns->mq_msgsize_default);
	n.nr_queues = d->nr_mqs;
	count = READ_ONCE(ns->mq_queues_count);
	if (count != d->nr_mqs) {
		cpt_err(d->ctx, "the IPC namespace of CT %u has %u POSIX message queues, %u of them listed or held by the CT's tasks: an unlinked queue is held outside the CT, it cannot be carried",
			d->ctx->ctid, count, d->nr_mqs);
		return -EOPNOTSUPP;
	}
	err = cpt_write_rec(d, VZCPT_REC_MQNS, 0, &n, sizeof(n), NULL, 0);
	/* The unlinked ones first: a name one had may be a linked queue's now. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; !err && i < d->nr_mqs; i++)
			if (d_unlinked(d->mqs[i]) == !pass)
				err = cpt_mq_dump_one(d, d->mqs[i]);
	return err;
}

bool cpt_is_mqueue(struct file *file)
{
	struct inode *inode = file_inode(file);

	return inode->i_sb->s_magic == VZ_MQUEUE_MAGIC && S_ISREG(inode->i_mode);
}

/* An fd on a queue: the queue is one of the CT's that cpt_dump_mqueue() carried. */
int cpt_dump_mqueue_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct inode *inode = file_inode(file);
	unsigned int i;
	bool first;

	for (i = 0; i < d->nr_mqs; i++)
		if (d_inode(d->mqs[i]) == inode)
			break;
	if (i == d->nr_mqs) {
		cpt_err(d->ctx, "it is a POSIX message queue (%pD) of another IPC namespace than the CT's: cannot carry it",
			file);
		return -EOPNOTSUPP;
	}
	if (f->flags & ~CPT_MQ_FLAGS) {
		cpt_err(d->ctx, "it is an open POSIX message queue (%pD) with flags %#o, which cannot be carried",
			file, f->flags);
		return -EOPNOTSUPP;
	}
	f->kind = VZCPT_FILE_MQUEUE;
	f->pipe_id = cpt_obj_id(d, inode, &first);
	return f->pipe_id ? 0 : -ENOMEM;
}

void cpt_mqueue_free(struct cpt_dump *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_mqs; i++)
		dput(d->mqs[i]);
	kfree(d->mqs);
	d->mqs = NULL;
	d->nr_mqs = 0;
}
