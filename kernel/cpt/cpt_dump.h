/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_DUMP_H
#define _CPT_DUMP_H

#include <linux/path.h>
#include <linux/shm.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "cpt_image.h"

struct cpt_context;
struct task_struct;
struct vm_area_struct;

/* One dump in progress: the tasks it writes and the image writer. */
struct cpt_dump {
	struct cpt_context *ctx;
	struct cpt_writer w;
	struct task_struct **tasks;	/* parents first; references held */
	pid_t *pids;		/* theirs in the CT, kept for a task killed during the dump */
	bool *zombie;		/* which were zombies when collected: they stay so */
	unsigned int nr_tasks;
	unsigned int cur;	/* the index of the task whose records are being written */
	struct path root;	/* the CT's root: its init's; every path is taken from it */
	struct xarray shm;	/* image id of shared anonymous memory -> struct cpt_shm */
	/* The CT's SysV shm segments: their inodes -> index in @segs (cpt_ipc.c). */
	struct xarray sysv;
	struct cpt_sysv *segs;
	unsigned int nr_segs;
	/* The CT's semaphore sets: id -> how many semaphores (cpt_semundo.c reads undo lists). */
	struct xarray sems;
	u32 max_nsems;
	/* The CT's POSIX message queues, referenced (cpt_mqueue.c), and their filesystem. */
	struct dentry **mqs;
	unsigned int nr_mqs, max_mqs;
	struct super_block *mq_sb;
	/*
	 * Objects whose records are being written (cpt_files.c): files on
	 * their first sighting, unix sockets of a record being made; and how
	 * deep files in flight of unix sockets are being dumped (cpt_unix.c).
	 */
	struct xarray busy;
	unsigned int unix_nest;
	/* The unix sockets whose queues are dumped now: their own files may be in flight there. */
	struct sock *unix_own[2];
	/*
	 * The socket files of the CT's bound unix sockets, and those found at
	 * the name of one whose file was unlinked (held): dentry -> which
	 * (cpt_unix.c).
	 */
	struct xarray unix_names;
	/* The fd table the image holds last: its records end with the orphans (cpt_orphan.c). */
	struct files_struct *orphans_files;
};

/* A SysV shm segment of the CT, its file referenced for the whole dump. */
struct cpt_sysv {
	struct file *file;
	int id;
	u32 mapped;		/* the mappings of it found in the CT's tasks */
	struct shmid64_ds ds;	/* as SHM_STAT_ANY read it */
};

int cpt_dump(struct cpt_context *ctx);

pid_t cpt_task_nr(struct cpt_dump *d, struct task_struct *task);

int cpt_dump_task(struct cpt_dump *d, struct task_struct *task);
int cpt_dump_mm(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_files(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_fs(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_sighand(struct cpt_dump *d, struct task_struct *task, u64 id);
int cpt_dump_signals(struct cpt_dump *d, struct task_struct *task, u64 task_id);
int cpt_dump_ipc(struct cpt_dump *d, struct task_struct *init);
/* cpt_mount.c: the MOUNT records (and a tmpfs's files), after the init's /dev. */
int cpt_dump_mounts(struct cpt_dump *d);
int cpt_dump_netcfg(struct cpt_dump *d);
struct net;
struct vz_netcfg;
int cpt_dump_netsysctl(struct cpt_dump *d, struct net *net, const struct vz_netcfg *cfg);
int cpt_dump_nft(struct cpt_dump *d, struct net *net);
int cpt_dump_xt(struct cpt_dump *d, struct net *net);
int cpt_dump_conntrack(struct cpt_dump *d, struct net *net);
struct vz_nl;
int cpt_nfnl_open(struct cpt_context *ctx, struct vz_nl *nl, struct net *net);
void cpt_ipc_free(struct cpt_dump *d);
/* cpt_mqueue.c: the POSIX message queues of the CT's IPC namespace, and fds on them. */
struct file;
struct ipc_namespace;
struct vzcpt_img_file;
int cpt_dump_mqueue(struct cpt_dump *d, struct ipc_namespace *ns);
bool cpt_is_mqueue(struct file *file);
int cpt_dump_mqueue_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);
void cpt_mqueue_free(struct cpt_dump *d);
/* cpt_semundo.c: @task's undo list (NULL for none), its live entries, and their records. */
void *cpt_semundo_list(struct task_struct *task);
u32 cpt_semundo_count(void *list);
int cpt_dump_semundo(struct cpt_dump *d, struct task_struct *task, u64 id, u32 nr);
/* cpt_seccomp.c: @task's seccomp mode and filter chain, and the filters it brings. */
struct cpt_seccomp;
struct vzcpt_img_task;
int cpt_seccomp_read(struct cpt_dump *d, struct task_struct *task, struct vzcpt_img_task *t,
		     struct cpt_seccomp **out);
int cpt_dump_seccomp(struct cpt_dump *d, struct cpt_seccomp *sc);
void cpt_seccomp_free(struct cpt_seccomp *sc);
/* The SysV segment @vma maps (its index in d->segs), or -1 for none of the CT's. */
int cpt_vma_sysv(struct cpt_dump *d, struct vm_area_struct *vma);
/* The task's siglock, with interrupts off, or NULL once it has no sighand. */
struct sighand_struct *cpt_lock_sighand(struct task_struct *task, unsigned long *flags);

#endif /* _CPT_DUMP_H */
