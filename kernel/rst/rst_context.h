/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_CONTEXT_H
#define _RST_CONTEXT_H

#include <linux/completion.h>
#include <linux/container_of.h>
#include <linux/list.h>
#include <linux/path.h>
#include <linux/wait.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>
#include <linux/xxhash.h>
#include <linux/vzcpt.h>
#include <linux/vzcpt_image.h>

#include "../common/img_check.h"
#include "../common/vz_ctx.h"
#include "../common/vz_net.h"
#include "../common/vz_sum.h"

struct bio_vec;
struct cgroup;
struct file;
struct page;
struct pid;
struct pid_namespace;
struct rst_unix_pending;

enum rst_state {
	RST_NEW,	/* context made, nothing undumped */
	RST_UNDUMPED,	/* the tasks exist and are held */
	RST_DONE,	/* resumed or killed; the context is out of the list */
};

/*
 * Pages read from a PAGES record into the restoring task's memory, pinned
 * while a worker folds them into the record's checksum.
 */
struct rst_batch {
	struct page **pages;	/* RST_PAGES_BATCH */
	unsigned int nr;	/* pinned; 0: the slot is free */
	struct xxh64_state sum;	/* the record's checksum up to and with these pages */
	struct vz_sum_job job;
	bool last;		/* ends its record: its checksum is then complete */
	u32 csum;		/* what the record's header says it is */
	u64 rec;		/* the record's number, for messages */
	u64 end;		/* where the batch ends in the image */
};

/* The image, read front to back by whichever task is restoring itself. */
struct rst_reader {
	struct file *file;
	loff_t pos;
	struct vzcpt_rec hdr;	/* the record whose header was read last */
	u8 hdr_ext[IMG_REC_HDR_MAX - sizeof(struct vzcpt_rec)];	/* and its extension */
	u64 rec_off;		/* where it starts */
	bool peeked;		/* hdr read, payload not yet consumed */
	/* The shared validator's links between records, and its id map. */
	struct img_state chk;
	struct img_ids chk_ids;
	struct xarray chk_map;
	void *buf;		/* payloads; RST_BUF_SIZE bytes */
	/* One batch is summed while the next is read; batch[cur] is the one to fill. */
	struct rst_batch batch[2];
	unsigned int cur;
	struct bio_vec *bv;	/* RST_PAGES_BATCH */
	u64 nr_records;
	u64 bytes;
};

#define RST_BUF_SIZE	(VZCPT_REC_MAX_LEN)
/* Pages pinned at a time while a PAGES record is read into them (2 MiB). */
#define RST_PAGES_BATCH	512

/*
 * One container's restore in progress: a struct vz_ctx (its references, its
 * lock, its holders), and one more reference for each restored task's work
 * while it runs. A context holds a reference on the module: vzrst cannot be
 * unloaded under a restore (an undumped CT waits for its RESUME or KILL).
 */
struct rst_context {
	struct vz_ctx vz;
	u32 ctid;
	enum rst_state state;
	struct pid *seed_pid;		/* the process that becomes the CT's init */
	struct pid_namespace *pidns;
	struct file *cgdir;
	struct cgroup *cgrp;
	struct vz_net_hold net;		/* held from UNDUMP to RESUME or KILL */
	struct rst_reader rd;
	struct vzcpt_img_image img;
	struct vzcpt_img_uts uts;
	/*
	 * The host's clocks when the CT's time namespace took the image's
	 * clocks: each restored timeout runs from there, as each was taken
	 * at the one instant the CT froze.
	 */
	u64 clock_mono_ns, clock_boot_ns, clock_real_ns;
	/*
	 * The CT's root: the restored init's, taken before it restores
	 * anything. Every path of the image is looked up from it, never from
	 * the root a task inherited from its (perhaps chrooted) creator.
	 */
	struct path root;
	struct xarray seen;		/* ids of mm, fd tables, fs, handlers restored */
	struct xarray files;		/* image id -> struct file * */
	struct xarray fown;		/* file id -> its owner and O_ASYNC (rst_fown.c) */
	struct xarray pipes;		/* 2 * pipe id: its read end, + 1: its write end */
	struct xarray shm;		/* shared memory id -> its object's struct file * */
	struct xarray sysv;		/* SysV shmid -> struct rst_sysv (rst_ipc.c) */
	struct xarray mqueues;		/* POSIX message queue id -> struct rst_mq (rst_mqueue.c) */
	struct xarray socks;		/* socket id -> its struct socket *, until it has a file */
	/* socket id -> its file made before its FILE record (rst_sock_own_file()) */
	struct xarray sock_early;
	/* The TCP listener restored last, and its connections not accepted yet (rst_acceptq.c). */
	u64 acceptq_lid;
	u32 acceptq_n;
	struct xarray acceptq;		/* place in its queue -> socket id, an xa_mk_value() */
	struct list_head synq;		/* its requests in their handshake (rst_synq.c) */
	struct xarray ghosts;		/* deleted file id -> its struct file *, opened O_RDWR */
	struct xarray seccomp;		/* filter id -> struct rst_seccomp (rst_seccomp.c) */
	struct xarray precopy;		/* pre-copied mm seq -> its shmem file (rst_precopy.c) */
	struct rst_unix_pending *unix_pending;	/* a unix pair's first record (rst_unix.c) */
	/* The unix sockets whose queues are being filled: ids and sockets (rst_unix.c). */
	u64 unix_grp_id[2];
	struct socket *unix_grp[2];
	struct xarray unix_live;	/* id -> struct sock * of a named unix socket (held) */
	struct list_head unix_late;	/* SO_PEERCRED naming a process not restored yet */
	struct list_head unix_gone;	/* socket files to unlink once all connected (rst_unix.c) */
	struct list_head ptys;		/* struct rst_pty (rst_tty.c) */
	struct vzcpt_img_task next;	/* a TASK record read ahead */
	bool have_next;
	struct list_head tasks;		/* struct rst_task, in image order */
	spinlock_t tasks_lock;
	int err;			/* the first failure of a task */
	/*
	 * Opened by the undumper once the cgroup is to freeze (or the restore
	 * failed): each restored task waits here at the end of its work, so
	 * none returns to user space before the freezer holds it.
	 */
	struct completion gate;
	bool froze;			/* we froze the cgroup: thaw it when done */
	char errmsg[VZCPT_ERRMSG_LEN];
};

static inline struct rst_context *rst_ctx(struct vz_ctx *c)
{
	return container_of(c, struct rst_context, vz);
}

static inline void rst_ctx_get(struct rst_context *ctx)
{
	vz_ctx_get(&ctx->vz);
}

static inline void rst_ctx_put_ref(struct rst_context *ctx)
{
	vz_ctx_put(&ctx->vz);
}

/* The restore side's contexts (rst_ctx.c), driven through /proc/rst (rst_main.c). */
extern struct vz_ctx_kind rst_kind;
struct vz_ctx *rst_ctx_alloc(u32 ctid);
void rst_ctx_attach(struct vz_ctx *c, const struct vz_ct *ct);
bool rst_ctx_done(struct vz_ctx *c);
void rst_ctx_abandon(struct vz_ctx *c);
void rst_ctx_finished(struct vz_ctx *c);
void rst_ctx_free(struct vz_ctx *c);

__printf(2, 3) void rst_err(struct rst_context *ctx, const char *fmt, ...);

/* The reader (rst_image.c). */
int rst_next(struct rst_context *ctx);
int rst_payload(struct rst_context *ctx, u16 type, u32 min_len);
int rst_pages_head(struct rst_context *ctx, struct vzcpt_img_pages *pg, struct xxh64_state *sum);
void rst_reader_init(struct rst_context *ctx);
int rst_read_iter(struct rst_context *ctx, struct iov_iter *iter);
int rst_read_raw(struct rst_context *ctx, void *buf, size_t len, struct xxh64_state *sum);
int rst_check_sum(struct rst_context *ctx, struct xxh64_state *sum);
/* rst_files.c: put every file that @xa holds and empty it. */
void rst_fput_all(struct xarray *xa);

#endif /* _RST_CONTEXT_H */
