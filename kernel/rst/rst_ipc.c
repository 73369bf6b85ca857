// SPDX-License-Identifier: GPL-2.0
/*
 * Restore the CT's SysV IPC namespace, in the seed (the CT's future init,
 * in the CT's new IPC namespace) before it restores anything else: the
 * namespace's sysctls first, then each object with its id, through the
 * system calls a program would make, so the kernel's own checks and limits
 * apply: semget/msgget with the namespace's next id set first (the id
 * checkpoint/restore has the kernel take, the sem_next_id/msg_next_id
 * sysctls), as its creator (cuid/cgid) with mode 0600, SETALL for semaphore
 * values, msgsnd for each message, and then IPC_SET for its owner, mode and
 * byte limit (a mode that denies its owner writes is set last). A shared
 * memory segment is made by shmget(), its pages written through a
 * shmat() of it in the seed (only the pages the image has: its holes stay
 * holes), then detached, SHM_LOCK'ed if it was; each task that had it
 * attached attaches it again with shmat() as its address space is
 * restored (rst_mm.c), and one IPC_RMID'd while attached is removed again
 * once its last mapping is back. The calls' buffers are a scratch mapping
 * of the seed's memory, which the restore of its address space replaces
 * after.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/ipc_namespace.h>
#include <linux/mman.h>
#include <linux/msg.h>
#include <linux/nsproxy.h>
#include <linux/sched/task.h>
#include <linux/sem.h>
#include <linux/shm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>
#include <asm/syscall.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

/* ipc/util.h's IPC_SEM_IDS, IPC_MSG_IDS and IPC_SHM_IDS: the kinds' places in ns->ids[]. */
#define RST_IPC_SEM	0
#define RST_IPC_MSG	1
#define RST_IPC_SHM	2
/* SHM_LOCK and SHM_UNLOCK, which uapi <linux/shm.h> hides from the kernel. */
#define RST_SHM_LOCK	11
/* The scratch mapping: the longest message with its type. */
#define RST_IPC_SCRATCH	(VZCPT_REC_MAX_LEN + PAGE_SIZE)

static long rst_sys(sys_call_ptr_t fn, unsigned long a, unsigned long b, unsigned long c,
		    unsigned long d)
{
	struct pt_regs regs = { .di = a, .si = b, .dx = c, .r10 = d };

	return fn(&regs);
}

/*
 * The image's sysctls, as a write to them in the namespace would set them
 * (the validator bounded each as their handlers do): before the objects,
 * whose creation they limit.
 */
static void rst_ipc_sysctls(struct ipc_namespace *ns, const struct vzcpt_img_ipcns *n)
{
	ns->shm_ctlmax = n->shmmax;
	ns->shm_ctlall = n->shmall;
	ns->shm_ctlmni = n->shmmni;
	/*
	 * Not yet: it would destroy each segment at the detach of the seed's
	 * mapping that fills it (rst_ipc() sets it once they are made).
	 */
	ns->shm_rmid_forced = 0;
	ns->msg_ctlmax = n->msgmax;
	ns->msg_ctlmnb = n->msgmnb;
	ns->msg_ctlmni = n->msgmni;
	memcpy(ns->sem_ctls, n->sem, sizeof(ns->sem_ctls));
}

/* Credentials whose effective ids are the object's creator's: the ones it records. */
static const struct cred *rst_ipc_as_creator(struct rst_context *ctx,
					     const struct vzcpt_img_ipc_perm *p,
					     const char *what)
{
	struct user_namespace *ns = current_user_ns();
	kuid_t uid = make_kuid(ns, p->cuid);
	kgid_t gid = make_kgid(ns, p->cgid);
	const struct cred *old;
	struct cred *c;

	if (!uid_valid(uid) || !gid_valid(gid) || !uid_valid(make_kuid(ns, p->uid)) ||
	    !gid_valid(make_kgid(ns, p->gid))) {
		rst_err(ctx, "the %s %d in the image has an owner or creator that CT %u's user namespace does not map",
			what, p->id, ctx->ctid);
		return ERR_PTR(-EPERM);
	}
	c = prepare_creds();
	if (!c)
		return ERR_PTR(-ENOMEM);
	c->euid = uid;
	c->egid = gid;
	old = override_creds(c);
	put_cred(c);
	return old;
}

/* Make the object @p of @kind by @make with its id: the namespace's next one, then checked. */
static int rst_ipc_make(struct rst_context *ctx, int kind, const struct vzcpt_img_ipc_perm *p,
			const char *what, long (*make)(const void *arg), const void *arg)
{
	struct ipc_ids *ids = &current->nsproxy->ipc_ns->ids[kind];
	long id;

	/* Only the restore is in this new namespace: nothing takes the id in between. */
	WRITE_ONCE(ids->next_id, p->id);
	id = make(arg);
	WRITE_ONCE(ids->next_id, -1);
	if (id == p->id)
		return 0;
	if (id < 0)
		rst_err(ctx, "cannot make %s %d (key %#x) of CT %u (error %ld)", what, p->id,
			(u32)p->key, ctx->ctid, id);
	else
		rst_err(ctx, "%s %d of CT %u was made as %ld: its id is taken", what, p->id,
			ctx->ctid, id);
	return id < 0 ? id : -EEXIST;
}

static long rst_semget(const void *arg)
{
	const struct vzcpt_img_sem *s = arg;

	return rst_sys(ksym_sys_semget, s->perm.key, s->nsems, IPC_CREAT | IPC_EXCL | 0600, 0);
}

static long rst_msgget(const void *arg)
{
	const struct vzcpt_img_msq *q = arg;

	return rst_sys(ksym_sys_msgget, q->perm.key, IPC_CREAT | IPC_EXCL | 0600, 0, 0);
}

static long rst_shmget(const void *arg)
{
	const struct vzcpt_img_shm *s = arg;

	return rst_sys(ksym_sys_shmget, s->perm.key, s->size,
		       IPC_CREAT | IPC_EXCL | 0600 |
		       (s->flags & VZCPT_SHM_NORESERVE ? SHM_NORESERVE : 0), 0);
}

static void rst_ipc_perm(struct ipc64_perm *out, const struct vzcpt_img_ipc_perm *p)
{
	out->uid = p->uid;
	out->gid = p->gid;
	out->mode = p->mode;
}

static int rst_ipc_sem(struct rst_context *ctx, void __user *ubuf)
{
	const struct vzcpt_img_sem *s;
	struct semid64_ds ds = {};
	const struct cred *old;
	long err;

	err = rst_payload(ctx, VZCPT_REC_SEM, sizeof(*s));
	if (err)
		return err;
	s = ctx->rd.buf;
	old = rst_ipc_as_creator(ctx, &s->perm, "semaphore set");
	if (IS_ERR(old))
		return PTR_ERR(old);
	err = rst_ipc_make(ctx, RST_IPC_SEM, &s->perm, "semaphore set", rst_semget, s);
	if (err)
		goto out;
	err = -EFAULT;
	if (copy_to_user(ubuf, s + 1, s->nsems * sizeof(u16)))
		goto out;
	err = rst_sys(ksym_sys_semctl, s->perm.id, 0, SETALL, (unsigned long)ubuf);
	if (!err) {
		rst_ipc_perm(&ds.sem_perm, &s->perm);
		err = copy_to_user(ubuf, &ds, sizeof(ds)) ? -EFAULT :
		      rst_sys(ksym_sys_semctl, s->perm.id, 0, IPC_SET, (unsigned long)ubuf);
	}
	if (err)
		rst_err(ctx, "cannot set semaphore set %d of CT %u (error %ld)", s->perm.id,
			ctx->ctid, err);
out:
	revert_creds(old);
	return err;
}

static int rst_ipc_msgs(struct rst_context *ctx, const struct vzcpt_img_msq *q,
			void __user *ubuf)
{
	const struct vzcpt_img_msg *m;
	int id = q->perm.id;
	u32 i, n = q->nr_msgs;
	long err;

	for (i = 0; i < n; i++) {
		err = rst_payload(ctx, VZCPT_REC_MSG, sizeof(*m));
		if (err)
			return err;
		m = ctx->rd.buf;
		if (put_user((long)m->mtype, (long __user *)ubuf) ||
		    copy_to_user(ubuf + sizeof(long), m + 1, m->len))
			return -EFAULT;
		err = rst_sys(ksym_sys_msgsnd, id, (unsigned long)ubuf, m->len, IPC_NOWAIT);
		if (err) {
			rst_err(ctx, "cannot queue message %u of %u bytes on queue %d of CT %u (error %ld)",
				i, m->len, id, ctx->ctid, err);
			return err;
		}
	}
	return 0;
}

/* IPC_SET of queue @q's owner, mode and limit: @p's, or its creator's with 0600 when NULL. */
static long rst_msq_set(const struct vzcpt_img_msq *q, const struct vzcpt_img_ipc_perm *p,
			void __user *ubuf)
{
	struct vzcpt_img_ipc_perm first = q->perm;
	struct msqid64_ds ds = {};

	if (!p) {
		first.uid = first.cuid;
		first.gid = first.cgid;
		first.mode = 0600;
		p = &first;
	}
	rst_ipc_perm(&ds.msg_perm, p);
	ds.msg_qbytes = q->qbytes;
	return copy_to_user(ubuf, &ds, sizeof(ds)) ? -EFAULT :
	       rst_sys(ksym_sys_msgctl, q->perm.id, IPC_SET, (unsigned long)ubuf, 0);
}

static int rst_ipc_msq(struct rst_context *ctx, void __user *ubuf)
{
	struct vzcpt_img_msq q;
	const struct cred *old;
	long err;

	err = rst_payload(ctx, VZCPT_REC_MSQ, sizeof(q));
	if (err)
		return err;
	q = *(struct vzcpt_img_msq *)ctx->rd.buf;	/* the buffer holds each message next */
	old = rst_ipc_as_creator(ctx, &q.perm, "message queue");
	if (IS_ERR(old))
		return PTR_ERR(old);
	err = rst_ipc_make(ctx, RST_IPC_MSG, &q.perm, "message queue", rst_msgget, &q);
	if (err)
		goto out;
	/* Its limit before its messages: msgsnd() checks them against it. */
	err = rst_msq_set(&q, NULL, ubuf);
	if (!err) {
		err = rst_ipc_msgs(ctx, &q, ubuf);
		if (err)
			goto out;
		err = rst_msq_set(&q, &q.perm, ubuf);
	}
	if (err)
		rst_err(ctx, "cannot set message queue %d of CT %u (error %ld)", q.perm.id,
			ctx->ctid, err);
out:
	revert_creds(old);
	return err;
}

/* A segment whose mappings the tasks attach again: how many, and whether it goes after. */
struct rst_sysv {
	struct vzcpt_img_ipc_perm perm;
	u32 nattch, attached;
	bool dest;
};

/* The segment's pages, through a mapping of it in the seed made for them. */
static int rst_shm_pages(struct rst_context *ctx, const struct vzcpt_img_shm *s)
{
	u64 left = s->nr_pages;
	long addr, err = 0;
	u32 nr = 0;

	if (!left)
		return 0;
	addr = rst_sys(ksym_sys_shmat, s->perm.id, 0, 0, 0);
	if (IS_ERR_VALUE(addr)) {
		rst_err(ctx, "cannot attach shared memory segment %d of CT %u to fill it (error %ld)",
			s->perm.id, ctx->ctid, addr);
		return addr;
	}
	/* The validator counts them: as many records as make @nr_pages, inside it. */
	while (left && !err) {
		err = rst_next(ctx);
		if (!err && ctx->rd.hdr.type != VZCPT_REC_PAGES) {
			rst_err(ctx, "the image is corrupt: shared memory segment %d lacks %llu pages",
				s->perm.id, left);
			err = -EINVAL;
		}
		if (!err)
			err = rst_pages_at(ctx, addr, &nr);
		if (!err)
			left -= min_t(u64, left, nr);
	}
	err = rst_settle_pages(ctx) ?: err;
	rst_sys(ksym_sys_shmdt, addr, 0, 0, 0);
	return err;
}

static int rst_ipc_shm(struct rst_context *ctx, void __user *ubuf)
{
	struct shmid64_ds ds = {};
	struct vzcpt_img_shm s;
	struct rst_sysv *sv;
	const struct cred *old;
	long err;

	err = rst_payload(ctx, VZCPT_REC_SHM, sizeof(s));
	if (err)
		return err;
	s = *(struct vzcpt_img_shm *)ctx->rd.buf;	/* the buffer takes its pages next */
	sv = kzalloc(sizeof(*sv), GFP_KERNEL);
	if (!sv)
		return -ENOMEM;
	sv->perm = s.perm;
	sv->nattch = s.nattch;
	sv->dest = s.flags & VZCPT_SHM_DEST;
	err = xa_err(xa_store(&ctx->sysv, s.perm.id, sv, GFP_KERNEL));
	if (err) {
		kfree(sv);
		return err;
	}
	old = rst_ipc_as_creator(ctx, &s.perm, "shared memory segment");
	if (IS_ERR(old))
		return PTR_ERR(old);
	err = rst_ipc_make(ctx, RST_IPC_SHM, &s.perm, "shared memory segment", rst_shmget, &s);
	if (err)
		goto out;
	err = rst_shm_pages(ctx, &s);
	if (err)
		goto out;
	if (s.flags & VZCPT_SHM_LOCKED) {
		err = rst_sys(ksym_sys_shmctl, s.perm.id, RST_SHM_LOCK, 0, 0);
		if (err)
			goto fail;
	}
	rst_ipc_perm(&ds.shm_perm, &s.perm);
	err = copy_to_user(ubuf, &ds, sizeof(ds)) ? -EFAULT :
	      rst_sys(ksym_sys_shmctl, s.perm.id, IPC_SET, (unsigned long)ubuf, 0);
fail:
	if (err)
		rst_err(ctx, "cannot set shared memory segment %d of CT %u (error %ld)",
			s.perm.id, ctx->ctid, err);
out:
	revert_creds(old);
	return err;
}

/*
 * Attach segment @v->shm_id at @v->start as shmat() had (SHM_RDONLY when
 * the mapping may never be written), from the task whose address space is
 * restored, with its credentials: the kernel's own checks apply. Never
 * SHM_EXEC: an executable mapping is one mprotect() makes so as well (a
 * shmat() mapping may always execute, VM_MAYEXEC), without the execute
 * permission SHM_EXEC asks of the segment. *@prot: what shmat() gave it.
 */
int rst_ipc_attach(struct rst_context *ctx, const struct vzcpt_img_vma *v, u32 *prot)
{
	struct rst_sysv *sv = xa_load(&ctx->sysv, v->shm_id);
	int flags = v->vm_flags & VM_MAYWRITE ? 0 : SHM_RDONLY;
	const struct cred *old;
	long addr, err;

	/* Checked (img_check.c): a segment of the image, attached no more than it counts. */
	if (!sv || sv->attached >= sv->nattch) {
		rst_err(ctx, "the image is corrupt: mapping %#llx-%#llx names SysV shared memory segment %llu",
			v->start, v->end, v->shm_id);
		return -EINVAL;
	}
	addr = rst_sys(ksym_sys_shmat, v->shm_id, v->start, flags, 0);
	if (addr != v->start) {
		rst_err(ctx, "task %d (%s) cannot attach SysV shared memory segment %llu at %#llx (error %ld)",
			task_pid_vnr(current), current->comm, v->shm_id, v->start,
			IS_ERR_VALUE(addr) ? addr : -EINVAL);
		return IS_ERR_VALUE(addr) ? addr : -EINVAL;
	}
	*prot = PROT_READ | (flags & SHM_RDONLY ? 0 : PROT_WRITE);
	if (++sv->attached < sv->nattch || !sv->dest)
		return 0;
	/* Its last mapping is back: removed again, as it was, by its creator. */
	old = rst_ipc_as_creator(ctx, &sv->perm, "shared memory segment");
	if (IS_ERR(old))
		return PTR_ERR(old);
	err = rst_sys(ksym_sys_shmctl, v->shm_id, IPC_RMID, 0, 0);
	revert_creds(old);
	if (err)
		rst_err(ctx, "cannot remove SysV shared memory segment %llu of CT %u again (error %ld)",
			v->shm_id, ctx->ctid, err);
	return err;
}

/*
 * The largest step of an adjustment: with it one of the two orders of a
 * step's operations keeps the semaphore within 0..SEMVMX (32767), whatever
 * its value.
 */
#define RST_SEMADJ_STEP	16383

static long rst_semop(int semid, u16 num, int op, short flg)
{
	struct sembuf sb = { .sem_num = num, .sem_op = op, .sem_flg = flg | IPC_NOWAIT };

	return ksym___do_semtimedop(semid, &sb, 1, NULL, current->nsproxy->ipc_ns);
}

/*
 * Add @adj to the adjustment of semaphore @num of set @semid in the task's
 * undo list, its value unchanged: by steps, each a semop() of -step with
 * SEM_UNDO (which adds step to the adjustment) and one of +step without,
 * in this order if the semaphore's value allows it (no underflow, no value
 * above SEMVMX), else in the other. Nothing else runs in the CT while
 * it is restored, and no task waits on the set: the value in between is
 * seen by none. A value set by SETVAL or SETALL clears adjustments: the
 * sets' values were set before (rst_ipc(), by the seed, first).
 */
static long rst_semadj(int semid, u16 num, int adj)
{
	long err = 0;
	int step;

	while (adj && !err) {
		step = clamp(adj, -RST_SEMADJ_STEP, RST_SEMADJ_STEP);
		err = rst_semop(semid, num, -step, SEM_UNDO);
		if (err == -EAGAIN || err == -ERANGE)
			err = rst_semop(semid, num, step, 0) ?:
			      rst_semop(semid, num, -step, SEM_UNDO);
		else if (!err)
			err = rst_semop(semid, num, step, 0);
		adj -= step;
	}
	return err;
}

/*
 * The entries of the task's undo list, its own (the first task of the list
 * in the image): in its own context, since semop() makes an entry in the
 * caller's list, before the tasks that share it (CLONE_SYSVSEM) are made.
 * The validator checked each set is the image's, with as many semaphores.
 */
int rst_semundo(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	const struct vzcpt_img_semundo *u;
	const s16 *adj;
	u32 i, j;
	long err;

	for (i = 0; i < rt->t.nr_semundo; i++) {
		err = rst_payload(ctx, VZCPT_REC_SEMUNDO, sizeof(*u));
		if (err)
			return err;
		u = ctx->rd.buf;
		adj = (const s16 *)(u + 1);
		for (j = 0; j < u->nsems; j++) {
			if (!adj[j])
				continue;
			err = rst_semadj(u->semid, j, adj[j]);
			if (err) {
				rst_err(ctx, "task %d (%s) cannot get back its adjustment %d of semaphore %u of set %d (error %ld)",
					rt->t.pid, rt->t.comm, adj[j], j, u->semid, err);
				return err;
			}
		}
	}
	return 0;
}

void rst_ipc_drop(struct rst_context *ctx)
{
	struct rst_sysv *sv;
	unsigned long i;

	xa_for_each(&ctx->sysv, i, sv)
		kfree(sv);
	xa_destroy(&ctx->sysv);
}

/*
 * The CT's IPC namespace, if the image has it (a CT that shared the
 * dumper's namespace has none): read right after the init's TASK record.
 */
int rst_ipc(struct rst_context *ctx)
{
	struct ipc_namespace *ns = current->nsproxy->ipc_ns;
	struct vzcpt_img_ipcns n;
	unsigned long addr;
	u32 i;
	int err;

	err = rst_next(ctx);
	if (err || ctx->rd.hdr.type != VZCPT_REC_IPCNS)
		return err;
	err = rst_payload(ctx, VZCPT_REC_IPCNS, sizeof(n));
	if (err)
		return err;
	n = *(struct vzcpt_img_ipcns *)ctx->rd.buf;
	/* The host's limits are not the image's to set. */
	if (ns == init_task.nsproxy->ipc_ns) {
		rst_err(ctx, "CT %u has no IPC namespace of its own to restore the image's into",
			ctx->ctid);
		return -EINVAL;
	}
	if (ns->ids[RST_IPC_SEM].in_use || ns->ids[RST_IPC_MSG].in_use ||
	    ns->ids[RST_IPC_SHM].in_use) {
		rst_err(ctx, "the IPC namespace of CT %u already holds SysV objects", ctx->ctid);
		return -EBUSY;
	}
	rst_ipc_sysctls(ns, &n);
	if (!n.nr_sem && !n.nr_msq && !n.nr_shm) {
		ns->shm_rmid_forced = n.shm_rmid_forced;
		return 0;
	}
	addr = vm_mmap(NULL, 0, RST_IPC_SCRATCH, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	for (i = 0; !err && i < n.nr_sem; i++)
		err = rst_ipc_sem(ctx, (void __user *)addr);
	for (i = 0; !err && i < n.nr_msq; i++)
		err = rst_ipc_msq(ctx, (void __user *)addr);
	for (i = 0; !err && i < n.nr_shm; i++)
		err = rst_ipc_shm(ctx, (void __user *)addr);
	vm_munmap(addr, RST_IPC_SCRATCH);
	/*
	 * As a write to the sysctl sets it, but for the orphans it destroys:
	 * the segments' creator is the CT's init now, which lives.
	 */
	ns->shm_rmid_forced = n.shm_rmid_forced;
	return err;
}
