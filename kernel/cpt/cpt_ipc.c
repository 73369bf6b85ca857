// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the CT's SysV IPC namespace: its sysctls, its semaphore sets, its
 * message queues with their messages and its shared memory segments with
 * their pages, right after its init's TASK record (the restore makes them
 * before any task can use them).
 *
 * The objects are read through the system calls, as the CT's own ipcs(1)
 * would read them (SEM_STAT_ANY, GETALL, MSG_STAT_ANY, msgrcv(MSG_COPY)):
 * their structures are private to ipc/, and those calls take the locks and
 * the references they need. A segment's pages are read from its shmem file
 * (only the pages it has, as cpt_shm.c reads shared anonymous memory), the
 * one thing about a segment no call returns without changing it. The
 * calls act on the caller's namespace, so the dumper joins the CT's for
 * that time (setns(), on an fd of it) and returns to its own; their buffers
 * are a scratch mapping of the dumper's memory.
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
#include <linux/shmem_fs.h>
#include <linux/sched/mm.h>
#include <linux/pagemap.h>
#include <linux/uaccess.h>
#include <linux/uidgid.h>
#include <linux/user_namespace.h>
#include <linux/vmalloc.h>
#include <linux/vzcpt_image.h>
#include <asm/syscall.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_ksyms.h"
#include "cpt_mm.h"

/* ipc/util.h's IPC_SEM_IDS, IPC_MSG_IDS and IPC_SHM_IDS: the kinds' places in ns->ids[]. */
#define CPT_IPC_SEM	0
#define CPT_IPC_MSG	1
#define CPT_IPC_SHM	2
/* IPCMNI: no index of an object reaches it. */
#define CPT_IPCMNI	32768
/* SHM_DEST and SHM_LOCKED, as shm_perm.mode has them (uapi <linux/shm.h> hides them). */
#define CPT_SHM_DEST	01000
#define CPT_SHM_LOCKED	02000

/*
 * The start of ipc/shm.c's struct shmid_kernel (this kernel has no
 * randstruct): the segment's shmem file. No call hands it out but
 * shmat(), whose mapping would change the segment's atime, dtime, lpid and
 * nattch in a CT that is resumed after the dump.
 */
struct cpt_shmid_kernel {
	struct kern_ipc_perm shm_perm;
	struct file *shm_file;
};

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
	/* Its size, for the tasks' undo entries on it (cpt_semundo.c). */
	err = xa_err(xa_store(&ci->d->sems, id, xa_mk_value(s.nsems), GFP_KERNEL));
	if (err)
		return err;
	ci->d->max_nsems = max(ci->d->max_nsems, s.nsems);
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
 * Take segment @id of @ns: its file (referenced until the dump ends) and
 * its state, for its SHM record, which is written once the CT's mappings
 * of it are counted (cpt_ipc_count()).
 */
static int cpt_ipc_seg(struct cpt_ipc *ci, struct ipc_namespace *ns, int id,
		       const struct shmid64_ds *ds)
{
	struct ipc_ids *ids = &ns->ids[CPT_IPC_SHM];
	struct cpt_dump *d = ci->d;
	struct kern_ipc_perm *perm;
	struct cpt_sysv *seg;
	struct file *f = NULL;
	int err;

	seg = &d->segs[d->nr_segs];
	/* IPC_RMID and the last detach destroy a segment under the rwsem, written. */
	down_read(&ids->rwsem);
	perm = idr_find(&ids->ipcs_idr, id % CPT_IPCMNI);
	if (perm && perm->id == id && !perm->deleted)
		f = get_file(container_of(perm, struct cpt_shmid_kernel, shm_perm)->shm_file);
	up_read(&ids->rwsem);
	if (!f)
		return -EAGAIN;	/* gone meanwhile: the CT's count no longer holds */
	seg->file = f;
	seg->id = id;
	seg->ds = *ds;
	seg->mapped = 0;
	d->nr_segs++;
	if (!shmem_mapping(f->f_mapping)) {
		cpt_err(d->ctx, "the SysV shared memory segment %d of CT %u is of huge pages (SHM_HUGETLB): it cannot be carried",
			id, d->ctx->ctid);
		return -EOPNOTSUPP;
	}
	if (!ds->shm_segsz || ds->shm_segsz > ns->shm_ctlmax ||
	    ds->shm_segsz > TASK_SIZE_MAX || ds->shm_nattch > U32_MAX) {
		cpt_err(d->ctx, "the SysV shared memory segment %d of CT %u has %zu bytes, above its shmmax %zu or 128 TiB: it cannot be restored",
			id, d->ctx->ctid, ds->shm_segsz, ns->shm_ctlmax);
		return -EOPNOTSUPP;
	}
	err = xa_err(xa_store(&d->sysv, (unsigned long)file_inode(f),
			      xa_mk_value(d->nr_segs - 1), GFP_KERNEL));
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

	if (kind == CPT_IPC_SHM) {
		ci->d->segs = kvcalloc(max(want, 1), sizeof(*ci->d->segs), GFP_KERNEL);
		if (!ci->d->segs)
			return -ENOMEM;
	}

	for (idx = 0; !err && found < want && idx < CPT_IPCMNI; idx++) {
		if (kind == CPT_IPC_SEM)
			id = cpt_sys(ksym_sys_semctl, idx, 0, SEM_STAT_ANY,
				     (unsigned long)ci->ubuf, 0);
		else if (kind == CPT_IPC_MSG)
			id = cpt_sys(ksym_sys_msgctl, idx, MSG_STAT_ANY,
				     (unsigned long)ci->ubuf, 0, 0);
		else
			id = cpt_sys(ksym_sys_shmctl, idx, SHM_STAT_ANY,
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
		} else if (kind == CPT_IPC_MSG) {
			struct msqid64_ds ds;

			err = copy_from_user(&ds, ci->ubuf, sizeof(ds)) ? -EFAULT :
			      cpt_ipc_msq(ci, id, &ds);
		} else {
			struct shmid64_ds ds;

			err = copy_from_user(&ds, ci->ubuf, sizeof(ds)) ? -EFAULT :
			      cpt_ipc_seg(ci, ns, id, &ds);
		}
	}
	if (!err && found != want)
		err = -EAGAIN;
	if (err && !ci->d->ctx->errmsg[0])
		cpt_err(ci->d->ctx, "cannot read the SysV %s of CT %u (error %d)",
			kind == CPT_IPC_SEM ? "semaphore sets" :
			kind == CPT_IPC_MSG ? "message queues" : "shared memory segments",
			ci->d->ctx->ctid, err);
	return err;
}

struct cpt_seg_map {
	pgoff_t from;
	unsigned long *map;
};

static int cpt_seg_page(void *arg, pgoff_t index)
{
	struct cpt_seg_map *m = arg;

	__set_bit(index - m->from, m->map);
	return 0;
}

/* The pages segment @f has in [@from, @from + @nr), as bits of @map. */
static void cpt_seg_present(struct file *f, pgoff_t from, unsigned int nr, unsigned long *map)
{
	struct cpt_seg_map m = { .from = from, .map = map };

	bitmap_zero(map, nr);
	cpt_shmem_present(f->f_mapping, from, from + nr - 1, cpt_seg_page, &m);
}

/*
 * Write the @want pages segment @seg has, as PAGES records of id 0; or,
 * @count set, count them into it.
 */
static int cpt_seg_pages(struct cpt_dump *d, struct cpt_sysv *seg, u64 size, u64 *count,
			 u64 want)
{
	struct address_space *mapping = seg->file->f_mapping;
	pgoff_t pages = DIV_ROUND_UP(size, PAGE_SIZE), base;
	unsigned long map[BITS_TO_LONGS(CPT_PAGES_BATCH)];
	unsigned int i, n, run;
	u64 seen = 0;
	int err;

	for (base = 0; base < pages; base += n) {
		n = min_t(pgoff_t, pages - base, CPT_PAGES_BATCH);
		cpt_seg_present(seg->file, base, n, map);
		if (count) {
			*count += bitmap_weight(map, n);
			continue;
		}
		for (i = find_first_bit(map, n); i < n; i = find_next_bit(map, n, i + run)) {
			struct page **slot = cpt_pages_slot(d);

			for (run = 0; i + run < n && test_bit(i + run, map); run++) {
				pgoff_t idx = base + i + run;
				struct page *page = shmem_read_mapping_page(mapping, idx);

				if (IS_ERR(page)) {
					if (run)
						release_pages(slot, run);
					cpt_err(d->ctx, "cannot read page %lu of the SysV shared memory segment %d of CT %u (error %ld)",
						idx, seg->id, d->ctx->ctid, PTR_ERR(page));
					return PTR_ERR(page);
				}
				slot[run] = page;
			}
			seen += run;
			/* The record said how many: more would make a corrupt image. */
			if (seen > want) {
				release_pages(slot, run);
				return -EAGAIN;
			}
			err = cpt_queue_pages(d, 0, (u64)(base + i) << PAGE_SHIFT, run);
			if (err)
				return err;
		}
	}
	return count || seen == want ? 0 : -EAGAIN;
}

/*
 * Count the mappings of each segment in the CT's address spaces: shmat()
 * and each copy of its mapping (fork, a split) attach it once, so a
 * segment some task outside the CT has attached counts more than the CT
 * has, and would come back with fewer.
 */
static int cpt_ipc_count(struct cpt_dump *d)
{
	struct vm_area_struct *vma;
	struct mm_struct *mm;
	unsigned int i, j;
	void *v;

	for (i = 0; i < d->nr_tasks; i++) {
		mm = get_task_mm(d->tasks[i]);
		if (!mm)
			continue;	/* exiting: cpt_dump_task() refuses it */
		for (j = 0; j < i; j++)
			if (d->tasks[j]->mm == mm)
				break;
		if (j < i) {
			mmput(mm);
			continue;
		}
		if (mmap_read_lock_killable(mm)) {
			mmput(mm);
			return -EINTR;
		}
		{
			VMA_ITERATOR(vmi, mm, 0);

			for_each_vma(vmi, vma) {
				if (!vma->vm_file)
					continue;
				v = xa_load(&d->sysv, (unsigned long)file_inode(vma->vm_file));
				if (v)
					d->segs[xa_to_value(v)].mapped++;
			}
		}
		mmap_read_unlock(mm);
		mmput(mm);
	}
	return 0;
}

/* The SHM record of each segment, and the pages it has. */
static int cpt_ipc_segs(struct cpt_ipc *ci)
{
	struct cpt_dump *d = ci->d;
	unsigned int i;
	int err;

	err = d->nr_segs ? cpt_ipc_count(d) : 0;
	for (i = 0; !err && i < d->nr_segs; i++) {
		struct cpt_sysv *seg = &d->segs[i];
		const struct shmid64_ds *ds = &seg->ds;
		struct vzcpt_img_shm *s = ci->kbuf;
		u64 pages = 0;

		if (seg->mapped != ds->shm_nattch) {
			cpt_err(d->ctx, "the SysV shared memory segment %d of CT %u is attached %lu times, %u of them in the CT's tasks: a task outside the CT has it attached",
				seg->id, d->ctx->ctid, ds->shm_nattch, seg->mapped);
			return -EOPNOTSUPP;
		}
		memset(s, 0, sizeof(*s));
		err = cpt_ipc_perm(ci, &ds->shm_perm, seg->id, "shared memory segment", &s->perm);
		if (err)
			return err;
		s->size = ds->shm_segsz;
		s->nattch = seg->mapped;
		s->flags = (ds->shm_perm.mode & CPT_SHM_LOCKED ? VZCPT_SHM_LOCKED : 0) |
			   (ds->shm_perm.mode & CPT_SHM_DEST ? VZCPT_SHM_DEST : 0) |
			   (SHMEM_I(file_inode(seg->file))->flags & VM_NORESERVE ?
			    VZCPT_SHM_NORESERVE : 0);
		err = cpt_seg_pages(d, seg, s->size, &pages, 0);
		if (err)
			return err;
		s->nr_pages = pages;
		err = cpt_write_rec(d, VZCPT_REC_SHM, 0, s, sizeof(*s), NULL, 0);
		if (!err)
			err = cpt_seg_pages(d, seg, s->size, NULL, pages);
	}
	return err;
}

int cpt_vma_sysv(struct cpt_dump *d, struct vm_area_struct *vma)
{
	void *v;

	if (!vma->vm_file)
		return -1;
	v = xa_load(&d->sysv, (unsigned long)file_inode(vma->vm_file));
	return v ? xa_to_value(v) : -1;
}

void cpt_ipc_free(struct cpt_dump *d)
{
	unsigned int i;

	for (i = 0; i < d->nr_segs; i++)
		fput(d->segs[i].file);
	kvfree(d->segs);
	xa_destroy(&d->sysv);
	xa_destroy(&d->sems);
	cpt_mqueue_free(d);
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
	n.nr_shm = READ_ONCE(ns->ids[CPT_IPC_SHM].in_use);
	/*
	 * Limits lowered below what the namespace holds: the restore, which
	 * makes the objects under them, could not. Failed here, not there.
	 */
	if (n.nr_sem > n.sem[3] || n.nr_msq > n.msgmni || n.nr_shm > n.shmmni ||
	    READ_ONCE(ns->shm_tot) > n.shmall || READ_ONCE(ns->used_sems) > n.sem[1] ||
	    (n.sem[0] | n.sem[1] | n.sem[2] | n.sem[3]) > INT_MAX) {
		cpt_err(d->ctx, "the IPC namespace of CT %u holds more SysV objects than its limits (kernel.sem, msgmni, shmmni, shmall) allow, or a negative kernel.sem: it cannot be restored",
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
	if (!err && ns->ids[CPT_IPC_SHM].in_use)
		err = cpt_ipc_kind(ci, ns, CPT_IPC_SHM);
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
	int err;

	task_lock(init);
	if (init->nsproxy)
		ns = get_ipc_ns(init->nsproxy->ipc_ns);
	task_unlock(init);
	if (!ns) {
		cpt_err(d->ctx, "the init of CT %u is exiting", d->ctx->ctid);
		return -ESRCH;
	}
	if (ns == current->nsproxy->ipc_ns) {
		err = 0;
		if (ns->ids[CPT_IPC_SEM].in_use || ns->ids[CPT_IPC_MSG].in_use ||
		    ns->ids[CPT_IPC_SHM].in_use) {
			cpt_err(d->ctx, "task 1 (%s) shares the dumper's IPC namespace, whose SysV objects are not the CT's to carry",
				init->comm);
			err = -EOPNOTSUPP;
		}
		goto out;
	}
	err = cpt_ipcns_rec(d, ns);
	if (err)
		goto out;
	if (!ns->ids[CPT_IPC_SEM].in_use && !ns->ids[CPT_IPC_MSG].in_use &&
	    !ns->ids[CPT_IPC_SHM].in_use)
		goto mq;

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
	if (!err)
		err = cpt_ipc_segs(&ci);
out_user:
	kvfree(ci.kbuf);
	put_user_ns(ci.userns);
mq:
	/* Its POSIX message queues, beside its SysV objects (cpt_mqueue.c). */
	if (!err)
		err = cpt_dump_mqueue(d, ns);
out:
	cpt_ipcns_put(ns);
	return err;
}
