// SPDX-License-Identifier: GPL-2.0
/*
 * Restore the POSIX message queues of the CT's IPC namespace, in the seed
 * (in the CT's new IPC namespace) right after its SysV objects, through the
 * calls a program would make, so the kernel's own checks and limits apply:
 * the namespace's limits first (as a write to fs.mqueue.* sets them), then
 * each queue made by mq_open(O_CREAT | O_EXCL) with its mq_maxmsg and
 * mq_msgsize, its messages sent again in the order mq_receive() took them
 * (so each priority keeps its order), mq_unlink()ed again if it was, and
 * its owner, mode and times set last, as chown(), chmod() and utimensat()
 * set them. The restore keeps one open file of each queue: each fd of a
 * task on it is a new open of that queue (dentry_open(), after the
 * permission check mq_open() makes), and the process that had registered a
 * notification registers it again with mq_notify() on its own fd, once its
 * fd table is back.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/ipc_namespace.h>
#include <linux/mman.h>
#include <linux/mqueue.h>
#include <linux/nsproxy.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>
#include <asm/syscall.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

/* The scratch mapping: the longest message, or a name and its mq_attr. */
#define RST_MQ_SCRATCH		(VZCPT_REC_MAX_LEN + PAGE_SIZE)
#define RST_MQ_ATTR_OFF		(VZCPT_MQ_NAME_MAX + 1)
/* Why mq_open() may refuse a queue the image has: mq_attr_ok() and the count. */
#define RST_MQ_LIMITS \
	": above the namespace's fs.mqueue limits, which the CT's root passes only with CAP_SYS_RESOURCE"
/* What of a queue fd's flags dentry_open() takes; O_ASYNC is rst_fown.c's. */
#define RST_MQ_OPEN_FLAGS	(O_ACCMODE | O_NONBLOCK | O_APPEND | O_LARGEFILE | O_NOATIME)

/* A queue made again: its file, its name, and the notification its process registers. */
struct rst_mq {
	struct file *file;
	char *name;
	u32 notify;
	u32 signo;
	s32 pid;
	u64 value;
};

/* Owner, mode and times, as chown(), chmod() and utimensat() would set them. */
static int rst_mq_attrs(struct rst_context *ctx, struct rst_mq *mq,
			const struct vzcpt_img_mq *q)
{
	struct dentry *dentry = mq->file->f_path.dentry;
	struct inode *inode = d_inode(dentry);
	struct iattr ia = {
		.ia_valid = ATTR_UID | ATTR_GID | ATTR_MODE | ATTR_ATIME | ATTR_MTIME |
			    ATTR_ATIME_SET | ATTR_MTIME_SET | ATTR_CTIME,
		.ia_mode = S_IFREG | q->mode,
		.ia_vfsuid = VFSUIDT_INIT(make_kuid(current_user_ns(), q->uid)),
		.ia_vfsgid = VFSGIDT_INIT(make_kgid(current_user_ns(), q->gid)),
		.ia_atime = ns_to_timespec64(q->atime_ns),
		.ia_mtime = ns_to_timespec64(q->mtime_ns),
	};
	int err;

	if (!vfsuid_valid(ia.ia_vfsuid) || !vfsgid_valid(ia.ia_vfsgid)) {
		rst_err(ctx, "the POSIX message queue /%s in the image has an owner that CT %u's user namespace does not map",
			mq->name, ctx->ctid);
		return -EPERM;
	}
	inode_lock(inode);
	err = notify_change(file_mnt_user_ns(mq->file), dentry, &ia, NULL);
	inode_unlock(inode);
	if (err)
		rst_err(ctx, "cannot set the owner, mode and times of POSIX message queue /%s of CT %u (error %d)",
			mq->name, ctx->ctid, err);
	return err;
}

/* The queue's messages, each sent as it was, through the fd @fd the seed made it with. */
static int rst_mq_msgs(struct rst_context *ctx, struct rst_mq *mq, u32 nr, int fd,
		       void __user *ubuf)
{
	const struct vzcpt_img_mq_msg *m;
	long err;
	u32 i;

	for (i = 0; i < nr; i++) {
		err = rst_payload(ctx, VZCPT_REC_MQ_MSG, sizeof(*m));
		if (err)
			return err;
		m = ctx->rd.buf;
		if (copy_to_user(ubuf, m + 1, m->len))
			return -EFAULT;
		/* O_NONBLOCK: the validator counted no more than mq_maxmsg. */
		err = rst_sys5(ksym_sys_mq_timedsend, fd, (unsigned long)ubuf, m->len, m->prio, 0);
		if (err) {
			rst_err(ctx, "cannot queue message %u of %u bytes (priority %u) on POSIX message queue /%s of CT %u (error %ld)",
				i, m->len, m->prio, mq->name, ctx->ctid, err);
			return err;
		}
	}
	return 0;
}

static int rst_mq_one(struct rst_context *ctx, void __user *ubuf)
{
	const struct vzcpt_img_mq *r;
	struct vzcpt_img_mq q;
	struct mq_attr attr = {};
	struct rst_mq *mq;
	u64 id;
	long fd, err;

	err = rst_payload(ctx, VZCPT_REC_MQ, sizeof(*r));
	if (err)
		return err;
	r = ctx->rd.buf;
	q = *r;		/* the buffer holds each message next */
	id = ctx->rd.hdr.id;
	mq = kzalloc(sizeof(*mq), GFP_KERNEL);
	if (!mq)
		return -ENOMEM;
	mq->name = kmemdup_nul((const char *)(r + 1), q.name_len, GFP_KERNEL);
	mq->notify = q.notify;
	mq->signo = q.notify_signo;
	mq->pid = q.notify_pid;
	mq->value = q.notify_value;
	err = mq->name ? xa_err(xa_store(&ctx->mqueues, id, mq, GFP_KERNEL)) : -ENOMEM;
	if (err) {
		kfree(mq->name);
		kfree(mq);
		return err;
	}
	attr.mq_maxmsg = q.maxmsg;
	attr.mq_msgsize = q.msgsize;
	if (copy_to_user(ubuf, mq->name, q.name_len + 1) ||
	    copy_to_user(ubuf + RST_MQ_ATTR_OFF, &attr, sizeof(attr)))
		return -EFAULT;
	fd = rst_sys5(ksym_sys_mq_open, (unsigned long)ubuf,
		      O_RDWR | O_CREAT | O_EXCL | O_NONBLOCK, 0600,
		      (unsigned long)(ubuf + RST_MQ_ATTR_OFF), 0);
	if (fd < 0) {
		rst_err(ctx, "cannot make POSIX message queue /%s of CT %u (%u messages of %u bytes at most) (error %ld)%s",
			mq->name, ctx->ctid, q.maxmsg, q.msgsize, fd,
			fd == -EINVAL || fd == -ENOSPC ? RST_MQ_LIMITS : "");
		return fd;
	}
	mq->file = fget(fd);
	err = mq->file ? rst_mq_msgs(ctx, mq, q.nr_msgs, fd, ubuf) : -EBADF;
	/* No notification is registered yet: its close removes none. */
	close_fd(fd);
	if (err)
		return err;
	if (q.flags & VZCPT_MQ_UNLINKED) {
		if (copy_to_user(ubuf, mq->name, q.name_len + 1))
			return -EFAULT;
		err = rst_sys5(ksym_sys_mq_unlink, (unsigned long)ubuf, 0, 0, 0, 0);
		if (err) {
			rst_err(ctx, "cannot unlink POSIX message queue /%s of CT %u again (error %ld)",
				mq->name, ctx->ctid, err);
			return err;
		}
	}
	return rst_mq_attrs(ctx, mq, &q);
}

/*
 * The CT's message queues, if the image has them (only after its IPC
 * namespace's SysV objects): by the seed, in its new IPC namespace.
 */
int rst_mqueue(struct rst_context *ctx)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct rlimit *rl = &current->signal->rlim[RLIMIT_MSGQUEUE], saved;
	struct vzcpt_img_mqns n;
	unsigned long addr;
	u32 i;
	int err;

	err = rst_next(ctx);
	if (err || ctx->rd.hdr.type != VZCPT_REC_MQNS)
		return err;
	err = rst_payload(ctx, VZCPT_REC_MQNS, sizeof(n));
	if (err)
		return err;
	n = *(struct vzcpt_img_mqns *)ctx->rd.buf;
	if (ns == init_task.nsproxy->ipc_ns) {
		rst_err(ctx, "CT %u has no IPC namespace of its own to restore the image's POSIX message queues into",
			ctx->ctid);
		return -EINVAL;
	}
	if (READ_ONCE(ns->mq_queues_count)) {
		rst_err(ctx, "the IPC namespace of CT %u already holds POSIX message queues",
			ctx->ctid);
		return -EBUSY;
	}
	/* As the fs.mqueue sysctls' handlers set them (the validator bounded each so). */
	ns->mq_queues_max = n.queues_max;
	ns->mq_msg_max = n.msg_max;
	ns->mq_msgsize_max = n.msgsize_max;
	ns->mq_msg_default = n.msg_default;
	ns->mq_msgsize_default = n.msgsize_default;
	if (!n.nr_queues)
		return 0;
	addr = vm_mmap(NULL, 0, RST_MQ_SCRATCH, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	/*
	 * The queues' sizes are charged to the seed, which makes them all:
	 * RLIMIT_MSGQUEUE bounded each creator's alone. The seed's limits are
	 * the image's once it is whole (rst_limits); its user's count in its
	 * user namespace is still the kernel's to bound.
	 */
	task_lock(current->group_leader);
	saved = *rl;
	rl->rlim_cur = RLIM_INFINITY;
	rl->rlim_max = RLIM_INFINITY;
	task_unlock(current->group_leader);
	for (i = 0; !err && i < n.nr_queues; i++)
		err = rst_mq_one(ctx, (void __user *)addr);
	task_lock(current->group_leader);
	*rl = saved;
	task_unlock(current->group_leader);
	vm_munmap(addr, RST_MQ_SCRATCH);
	return err;
}

/* A FILE of kind VZCPT_FILE_MQUEUE: a new open of its queue, as mq_open() opens one. */
struct file *rst_mqueue_file(struct rst_context *ctx, const struct vzcpt_img_file *f)
{
	struct rst_mq *mq = xa_load(&ctx->mqueues, f->pipe_id);
	static const int acc[] = { MAY_READ, MAY_WRITE, MAY_READ | MAY_WRITE };
	const struct cred *old;
	struct file *file;
	loff_t pos;
	int err;

	/* Checked (img_check.c): a queue of the image, an access mode but O_ACCMODE. */
	if (!mq || !mq->file) {
		rst_err(ctx, "the image is corrupt: a file names POSIX message queue %llu",
			f->pipe_id);
		return ERR_PTR(-EINVAL);
	}
	old = override_creds(current->real_cred);
	err = inode_permission(file_mnt_user_ns(mq->file), file_inode(mq->file),
			       acc[f->flags & O_ACCMODE]);
	file = err ? ERR_PTR(err) :
	       dentry_open(&mq->file->f_path, f->flags & RST_MQ_OPEN_FLAGS, current_cred());
	revert_creds(old);
	if (IS_ERR(file)) {
		rst_err(ctx, "task %d (%s) cannot open POSIX message queue /%s (error %ld)",
			task_pid_vnr(current), current->comm, mq->name, PTR_ERR(file));
		return file;
	}
	if (f->pos) {
		pos = vfs_llseek(file, f->pos, SEEK_SET);
		if (pos != f->pos) {
			rst_err(ctx, "cannot seek POSIX message queue /%s to %lld", mq->name,
				f->pos);
			fput(file);
			return ERR_PTR(pos < 0 ? pos : -EINVAL);
		}
	}
	return file;
}

static int rst_mq_fd(const void *inode, struct file *file, unsigned int fd)
{
	return file_inode(file) == inode ? fd + 1 : 0;
}

/* mq_notify() of @mq's registration, as its process, through its fd on the queue. */
static int rst_mq_register(struct rst_task *rt, struct rst_mq *mq)
{
	struct rst_context *ctx = rt->ctx;
	struct sigevent sev = {};
	unsigned long addr;
	long err;
	int fd;

	fd = iterate_fd(current->files, 0, rst_mq_fd, file_inode(mq->file));
	if (!fd) {
		rst_err(ctx, "task %d (%s) holds no fd on POSIX message queue /%s to register its notification again",
			rt->t.pid, rt->t.comm, mq->name);
		return -EINVAL;
	}
	sev.sigev_notify = mq->notify == VZCPT_MQ_NOTIFY_NONE ? SIGEV_NONE : SIGEV_SIGNAL;
	sev.sigev_signo = mq->signo;
	sev.sigev_value.sival_ptr = (void __user *)(unsigned long)mq->value;
	addr = vm_mmap(NULL, 0, PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	err = copy_to_user((void __user *)addr, &sev, sizeof(sev)) ? -EFAULT :
	      rst_sys5(ksym_sys_mq_notify, fd - 1, addr, 0, 0, 0);
	vm_munmap(addr, PAGE_SIZE);
	if (err)
		rst_err(ctx, "task %d (%s) cannot register its notification of POSIX message queue /%s again (error %ld)",
			rt->t.pid, rt->t.comm, mq->name, err);
	return err;
}

/*
 * The notifications the restored process registered: once its fd table is
 * back (the validator checked the image has the process, not a thread).
 */
int rst_mqueue_notify(struct rst_task *rt)
{
	struct rst_mq *mq;
	unsigned long i;
	int err = 0;

	if (rt->t.flags & VZCPT_TASK_THREAD)
		return 0;
	xa_for_each(&rt->ctx->mqueues, i, mq) {
		if (mq->notify == VZCPT_MQ_NOTIFY_OFF || mq->pid != rt->t.pid || !mq->file)
			continue;
		err = rst_mq_register(rt, mq);
		if (err)
			break;
	}
	return err;
}

void rst_mqueue_drop(struct rst_context *ctx)
{
	struct rst_mq *mq;
	unsigned long i;

	xa_for_each(&ctx->mqueues, i, mq) {
		if (mq->file)
			fput(mq->file);
		kfree(mq->name);
		kfree(mq);
	}
	xa_destroy(&ctx->mqueues);
}
