// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the CT's SysV IPC namespace: its sysctls, its semaphore sets and its
 * message queues with their messages, right after its init's TASK record
 * (the restore makes them before any task can use them).
 *
 * The objects are read through the system calls, as the CT's own ipcs(1)
 * would read them (SEM_STAT_ANY, GETALL, MSG_STAT_ANY, msgrcv(MSG_COPY)):
 * their structures are private to ipc/, and those calls take the locks and
 * the references they need. The calls act on the caller's namespace, so the
 * dumper joins the CT's for that time (setns(), on an fd of it) and returns
 * to its own; their buffers are a scratch mapping of the dumper's memory.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/ipc_namespace.h>
#include <linux/mman.h>
#include <linux/msg.h>
#include <linux/nsproxy.h>
#include <linux/proc_fs.h>
#include <linux/proc_ns.h>
#include <linux/sched.h>
#include <linux/sched/task.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/vmalloc.h>
#include <linux/vzcpt_image.h>
#include <asm/syscall.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_ksyms.h"

/* ipc/util.h's IPC_SEM_IDS, IPC_MSG_IDS and IPC_SHM_IDS: the kinds' places in ns->ids[]. */
#define CPT_IPC_SEM	0
#define CPT_IPC_MSG	1
#define CPT_IPC_SHM	2
/* IPCMNI: no index of an object reaches it. */
#define CPT_IPCMNI	32768

/* What the dump of one namespace holds while it runs. */
struct cpt_ipc {
	struct cpt_dump *d;
	struct user_namespace *userns;	/* the CT's: ids as it sees them */
	void __user *ubuf;		/* the scratch mapping, VZCPT_REC_MAX_LEN bytes */
	void *kbuf;			/* a record's payload, VZCPT_REC_MAX_LEN bytes */
};

static long cpt_sys(sys_call_ptr_t fn, unsigned long a, unsigned long b, unsigned long c,
		    unsigned long d, unsigned long e)
{
	struct pt_regs regs = { .di = a, .si = b, .dx = c, .r10 = d, .r8 = e };

	return fn(&regs);
}

static struct ns_common *cpt_ipcns_get(struct ns_common *ns)
{
	get_ipc_ns(container_of(ns, struct ipc_namespace, ns));
	return ns;
}

/* put_ipc_ns() is not exported: the namespace's own put, as nsfs calls it. */
static void cpt_ipcns_put(struct ipc_namespace *ns)
{
	ns->ns.ops->put(&ns->ns);
}

/* Join the IPC namespace @ns through an fd of it, as setns(2) does. */
static int cpt_ipc_join(struct ipc_namespace *ns)
{
	int fd = open_related_ns(&ns->ns, cpt_ipcns_get);
	long err;

	if (fd < 0)
		return fd;
	err = cpt_sys(ksym_sys_setns, fd, CLONE_NEWIPC, 0, 0, 0);
	close_fd(fd);
	return err;
}

/* An owner as the CT sees it; (u32)-1 for one it does not map. */
static u32 cpt_ipc_uid(struct cpt_ipc *ci, __kernel_uid32_t v)
{
	return from_kuid(ci->userns, make_kuid(current_user_ns(), v));
}

static u32 cpt_ipc_gid(struct cpt_ipc *ci, __kernel_gid32_t v)
{
	return from_kgid(ci->userns, make_kgid(current_user_ns(), v));
}

static int cpt_ipc_perm(struct cpt_ipc *ci, const struct ipc64_perm *in, int id,
			const char *what, struct vzcpt_img_ipc_perm *p)
{
	p->id = id;
	p->key = in->key;
	p->uid = cpt_ipc_uid(ci, in->uid);
	p->gid = cpt_ipc_gid(ci, in->gid);
	p->cuid = cpt_ipc_uid(ci, in->cuid);
	p->cgid = cpt_ipc_gid(ci, in->cgid);
	p->mode = in->mode & 0777;
	if (p->uid == (u32)-1 || p->gid == (u32)-1 || p->cuid == (u32)-1 ||
	    p->cgid == (u32)-1) {
		cpt_err(ci->d->ctx, "the %s %d of CT %u has an owner or creator that the CT's user namespace does not map",
			what, id, ci->d->ctx->ctid);
		return -EOPNOTSUPP;
	}
	return 0;
}

static int cpt_ipc_sem(struct cpt_ipc *ci, int id, const struct semid64_ds *ds)
{
	struct vzcpt_img_sem s = {};
	u32 bytes;
	long ret;
	int err;

	err = cpt_ipc_perm(ci, &ds->sem_perm, id, "semaphore set", &s.perm);
	if (err)
		return err;
	s.nsems = ds->sem_nsems;
	bytes = s.nsems * sizeof(u16);
	if (s.nsems > (u32)current->nsproxy->ipc_ns->sem_ctls[0]) {
		cpt_err(ci->d->ctx, "the semaphore set %d of CT %u has %u semaphores, above its semmsl: it cannot be restored",
			id, ci->d->ctx->ctid, s.nsems);
		return -EOPNOTSUPP;
	}
	if (!s.nsems || s.nsems > (VZCPT_REC_MAX_LEN - sizeof(s)) / sizeof(u16)) {
		cpt_err(ci->d->ctx, "the semaphore set %d of CT %u has %u semaphores: an image holds at most %zu",
			id, ci->d->ctx->ctid, s.nsems,
			(VZCPT_REC_MAX_LEN - sizeof(s)) / sizeof(u16));
		return -EOPNOTSUPP;
	}
	ret = cpt_sys(ksym_sys_semctl, id, 0, GETALL, (unsigned long)ci->ubuf, 0);
	if (ret < 0 || copy_from_user(ci->kbuf, ci->ubuf, bytes)) {
		cpt_err(ci->d->ctx, "cannot read the values of semaphore set %d of CT %u (error %ld)",
			id, ci->d->ctx->ctid, ret < 0 ? ret : -EFAULT);
		return ret < 0 ? ret : -EFAULT;
	}
	return cpt_write_rec(ci->d, VZCPT_REC_SEM, 0, &s, sizeof(s), ci->kbuf, bytes);
}

static int cpt_ipc_msg(struct cpt_ipc *ci, int id, unsigned long nr)
{
	size_t bufsz = VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_msg);
	struct vzcpt_img_msg m = {};
	long ret;

	/* MSG_COPY: the @nr-th message, left in its queue. */
	ret = cpt_sys(ksym_sys_msgrcv, id, (unsigned long)ci->ubuf, bufsz, nr,
		      IPC_NOWAIT | MSG_COPY);
	if (ret < 0 || copy_from_user(ci->kbuf, ci->ubuf, sizeof(long) + ret)) {
		cpt_err(ci->d->ctx, "cannot read message %lu of queue %d of CT %u (error %ld): only messages up to msgmax and %zu bytes can be carried",
			nr, id, ci->d->ctx->ctid, ret < 0 ? ret : -EFAULT, bufsz);
		return ret < 0 ? ret : -EFAULT;
	}
	m.mtype = *(long *)ci->kbuf;
	m.len = ret;
	return cpt_write_rec(ci->d, VZCPT_REC_MSG, 0, &m, sizeof(m), ci->kbuf + sizeof(long),
			     m.len);
}

static int cpt_ipc_msq(struct cpt_ipc *ci, int id, const struct msqid64_ds *ds)
{
	struct vzcpt_img_msq q = {};
	unsigned long i;
	int err;

	err = cpt_ipc_perm(ci, &ds->msg_perm, id, "message queue", &q.perm);
	if (err)
		return err;
	q.qbytes = ds->msg_qbytes;
	q.nr_msgs = ds->msg_qnum;
	if (ds->msg_cbytes > q.qbytes || q.nr_msgs > q.qbytes) {
		cpt_err(ci->d->ctx, "the message queue %d of CT %u holds more than its limit of %llu bytes: it cannot be restored",
			id, ci->d->ctx->ctid, q.qbytes);
		return -EOPNOTSUPP;
	}
	err = cpt_write_rec(ci->d, VZCPT_REC_MSQ, 0, &q, sizeof(q), NULL, 0);
	for (i = 0; !err && i < q.nr_msgs; i++)
		err = cpt_ipc_msg(ci, id, i);
	return err;
}

/*
 * Every object of a kind, by index, as the *_STAT_ANY commands find them:
 * as many as the namespace counts, or the dump fails.
 */
static int cpt_ipc_kind(struct cpt_ipc *ci, struct ipc_namespace *ns, int kind)
{
	int want = READ_ONCE(ns->ids[kind].in_use), found = 0, idx;
	long id;
	int err = 0;

	for (idx = 0; !err && found < want && idx < CPT_IPCMNI; idx++) {
		if (kind == CPT_IPC_SEM)
			id = cpt_sys(ksym_sys_semctl, idx, 0, SEM_STAT_ANY,
				     (unsigned long)ci->ubuf, 0);
		else
			id = cpt_sys(ksym_sys_msgctl, idx, MSG_STAT_ANY,
				     (unsigned long)ci->ubuf, 0, 0);
		if (id == -EINVAL)	/* no object at this index */
			continue;
		if (id < 0) {
			err = id;
			break;
		}
		found++;
		if (kind == CPT_IPC_SEM) {
			struct semid64_ds ds;

			err = copy_from_user(&ds, ci->ubuf, sizeof(ds)) ? -EFAULT :
			      cpt_ipc_sem(ci, id, &ds);
		} else {
			struct msqid64_ds ds;

			err = copy_from_user(&ds, ci->ubuf, sizeof(ds)) ? -EFAULT :
			      cpt_ipc_msq(ci, id, &ds);
		}
	}
	if (!err && found != want)
		err = -EAGAIN;
	if (err && !ci->d->ctx->errmsg[0])
		cpt_err(ci->d->ctx, "cannot read the SysV %s of CT %u (error %d)",
			kind == CPT_IPC_SEM ? "semaphore sets" : "message queues",
			ci->d->ctx->ctid, err);
	return err;
}

static int cpt_ipcns_rec(struct cpt_dump *d, struct ipc_namespace *ns)
{
	struct vzcpt_img_ipcns n = {};

	n.shmmax = ns->shm_ctlmax;
	n.shmall = ns->shm_ctlall;
	n.shmmni = ns->shm_ctlmni;
	n.shm_rmid_forced = ns->shm_rmid_forced;
	n.msgmax = ns->msg_ctlmax;
	n.msgmnb = ns->msg_ctlmnb;
	n.msgmni = ns->msg_ctlmni;
	memcpy(n.sem, ns->sem_ctls, sizeof(n.sem));
	n.nr_sem = READ_ONCE(ns->ids[CPT_IPC_SEM].in_use);
	n.nr_msq = READ_ONCE(ns->ids[CPT_IPC_MSG].in_use);
	/*
	 * Limits lowered below what the namespace holds: the restore, which
	 * makes the objects under them, could not. Failed here, not there.
	 */
	if (n.nr_sem > n.sem[3] || n.nr_msq > n.msgmni || READ_ONCE(ns->used_sems) > n.sem[1] ||
	    (n.sem[0] | n.sem[1] | n.sem[2] | n.sem[3]) > INT_MAX) {
		cpt_err(d->ctx, "the IPC namespace of CT %u holds more SysV objects than its limits (kernel.sem, msgmni) allow, or a negative kernel.sem: it cannot be restored",
			d->ctx->ctid);
		return -EOPNOTSUPP;
	}
	return cpt_write_rec(d, VZCPT_REC_IPCNS, 0, &n, sizeof(n), NULL, 0);
}

/* The objects, read from inside the namespace with the scratch buffers of @ci. */
static int cpt_ipc_objects(struct cpt_ipc *ci, struct ipc_namespace *ns)
{
	struct ipc_namespace *own = current->nsproxy->ipc_ns;
	int err, back;

	get_ipc_ns(own);
	err = cpt_ipc_join(ns);
	if (err) {
		cpt_err(ci->d->ctx, "cannot enter the IPC namespace of CT %u (error %d)",
			ci->d->ctx->ctid, err);
		goto out;
	}
	err = cpt_ipc_kind(ci, ns, CPT_IPC_SEM);
	if (!err)
		err = cpt_ipc_kind(ci, ns, CPT_IPC_MSG);
	back = cpt_ipc_join(own);
	if (back) {
		pr_err("cannot return to the dumper's IPC namespace (error %d)\n", back);
		err = err ?: back;
	}
out:
	cpt_ipcns_put(own);
	return err;
}

/*
 * The CT's IPC namespace, after its init's TASK record. A CT that shares
 * the dumper's namespace (a test's CT without one of its own) has no
 * objects of its own to carry: the dump refuses any there, as before.
 */
int cpt_dump_ipc(struct cpt_dump *d, struct task_struct *init)
{
	struct ipc_namespace *ns = NULL;
	struct cpt_ipc ci = { .d = d };
	unsigned long addr;
	int err, shm;

	task_lock(init);
	if (init->nsproxy)
		ns = get_ipc_ns(init->nsproxy->ipc_ns);
	task_unlock(init);
	if (!ns) {
		cpt_err(d->ctx, "the init of CT %u is exiting", d->ctx->ctid);
		return -ESRCH;
	}
	err = -EOPNOTSUPP;
	shm = READ_ONCE(ns->ids[CPT_IPC_SHM].in_use);
	if (shm) {
		cpt_err(d->ctx, "task 1 (%s) is in an IPC namespace with %d SysV shared memory segment%s: they cannot be carried yet",
			init->comm, shm, shm > 1 ? "s" : "");
		goto out;
	}
	if (ns == current->nsproxy->ipc_ns) {
		err = 0;
		if (ns->ids[CPT_IPC_SEM].in_use || ns->ids[CPT_IPC_MSG].in_use) {
			cpt_err(d->ctx, "task 1 (%s) shares the dumper's IPC namespace, whose SysV objects are not the CT's to carry",
				init->comm);
			err = -EOPNOTSUPP;
		}
		goto out;
	}
	err = cpt_ipcns_rec(d, ns);
	if (err || (!ns->ids[CPT_IPC_SEM].in_use && !ns->ids[CPT_IPC_MSG].in_use))
		goto out;

	ci.userns = get_user_ns(task_cred_xxx(init, user_ns));
	err = -ENOMEM;
	ci.kbuf = kvmalloc(VZCPT_REC_MAX_LEN, GFP_KERNEL);
	if (!ci.kbuf)
		goto out_user;
	addr = vm_mmap(NULL, 0, VZCPT_REC_MAX_LEN, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr)) {
		err = (int)addr;
		goto out_user;
	}
	ci.ubuf = (void __user *)addr;
	err = cpt_ipc_objects(&ci, ns);
	vm_munmap(addr, VZCPT_REC_MAX_LEN);
out_user:
	kvfree(ci.kbuf);
	put_user_ns(ci.userns);
out:
	cpt_ipcns_put(ns);
	return err;
}
