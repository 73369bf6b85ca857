// SPDX-License-Identifier: GPL-2.0
/*
 * Dump a task's SysV semaphore undo list: what its exit (the exit of the
 * last task sharing it, CLONE_SYSVSEM) adds to the semaphores it adjusted
 * with SEM_UNDO. One SEMUNDO record per set the list has an entry for, in
 * ascending order of the set's id, with the set's adjustments, written by
 * the first task of the list right after its TASK record.
 *
 * No interface reads an undo list (semctl() reads a set's values, never a
 * task's adjustments): its structures, private to ipc/sem.c, are read as
 * 6.1 lays them out. The tasks of the CT are frozen, so the adjustments do
 * not change; IPC_RMID of a set (from outside the CT) only marks an entry
 * dead (semid -1) under the list's lock, and RCU frees it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/rculist.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_taskx.h"

/* ipc/sem.c's struct sem_undo_list and struct sem_undo, as 6.1 lays them out. */
struct cpt_sem_undo_list {
	refcount_t refcnt;
	spinlock_t lock;		/* guards list_proc */
	struct list_head list_proc;	/* the task's struct sem_undo, one per set */
};

struct cpt_sem_undo {
	struct list_head list_proc;	/* on the list's list_proc, RCU */
	struct rcu_head rcu;
	struct cpt_sem_undo_list *ulp;
	struct list_head list_id;	/* on the set's list, under the set's lock */
	int semid;			/* -1 once the set is removed */
	short *semadj;			/* one per semaphore of the set */
};

void *cpt_semundo_list(struct task_struct *task)
{
	return READ_ONCE(task->sysvsem.undo_list);
}

/*
 * The entry of @ulp for the lowest set id above @after, its adjustments
 * copied to @adj (room for @max), their count in *@nsems from the sets the
 * IPC dump found; -ENOENT when there is none.
 */
static int cpt_semundo_next(struct cpt_dump *d, struct cpt_sem_undo_list *ulp, int after,
			    int *semid, s16 *adj, u32 max, u32 *nsems)
{
	struct cpt_sem_undo *un, *best = NULL;
	void *v;
	u32 i;

	rcu_read_lock();
	spin_lock(&ulp->lock);
	list_for_each_entry_rcu(un, &ulp->list_proc, list_proc) {
		int id = READ_ONCE(un->semid);

		if (id > after && (!best || id < best->semid))
			best = un;
	}
	if (!best) {
		spin_unlock(&ulp->lock);
		rcu_read_unlock();
		return -ENOENT;
	}
	*semid = best->semid;
	v = xa_load(&d->sems, *semid);
	*nsems = v ? xa_to_value(v) : 0;
	/* The set's own array, as long as the set: only its sets' sizes are known. */
	for (i = 0; i < *nsems && i < max; i++)
		adj[i] = READ_ONCE(best->semadj[i]);
	spin_unlock(&ulp->lock);
	rcu_read_unlock();
	return 0;
}

/* The live entries of @ulp (a set removed since leaves a dead one). */
u32 cpt_semundo_count(void *list)
{
	struct cpt_sem_undo_list *ulp = list;
	struct cpt_sem_undo *un;
	u32 n = 0;

	rcu_read_lock();
	spin_lock(&ulp->lock);
	list_for_each_entry_rcu(un, &ulp->list_proc, list_proc)
		if (READ_ONCE(un->semid) >= 0)
			n++;
	spin_unlock(&ulp->lock);
	rcu_read_unlock();
	return n;
}

/* The @nr SEMUNDO records of list @id, @task's, which cpt_semundo_count() counted. */
int cpt_dump_semundo(struct cpt_dump *d, struct task_struct *task, u64 id, u32 nr)
{
	struct cpt_sem_undo_list *ulp = cpt_semundo_list(task);
	struct vzcpt_img_semundo u = {};
	int semid = -1, err = 0;
	u32 done = 0, nsems;
	s16 *adj;

	if (!nr)
		return 0;
	adj = kvmalloc_array(max(d->max_nsems, 1U), sizeof(*adj), GFP_KERNEL);
	if (!adj)
		return -ENOMEM;
	while (!err) {
		err = cpt_semundo_next(d, ulp, semid, &semid, adj, d->max_nsems, &nsems);
		if (err == -ENOENT) {
			err = done == nr ? 0 : -EAGAIN;
			break;
		}
		if (!nsems) {
			err = cpt_refuse(d, task,
					 "has SEM_UNDO adjustments on semaphore set %d, which is not one of the CT's IPC namespace",
					 semid);
			break;
		}
		if (++done > nr) {
			err = -EAGAIN;
			break;
		}
		u.semid = semid;
		u.nsems = nsems;
		err = cpt_write_rec(d, VZCPT_REC_SEMUNDO, id, &u, sizeof(u), adj,
				    nsems * sizeof(*adj));
	}
	if (err == -EAGAIN)
		cpt_refuse(d, task, "had its semaphore undo list changed during the dump");
	kvfree(adj);
	return err;
}
