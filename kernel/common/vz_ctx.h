/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_CTX_H
#define _VZ_CTX_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/stdarg.h>
#include <linux/workqueue.h>
#include <linux/vzcpt.h>

struct cgroup;
struct file;
struct pid;
struct pid_namespace;
struct vz_ctx;

/* A CT as CPT_GET_CONTEXT names it: its cgroup v2 directory and its init. */
struct vz_ct {
	struct file *cgdir;
	struct cgroup *cgrp;
	struct pid *init;
	struct pid_namespace *pidns;
};

/*
 * What a side (checkpoint or restore) does differently with its contexts.
 * Each module has one, which also holds its list of live contexts.
 */
struct vz_ctx_kind {
	const char *name;		/* /proc/<name> */
	const char *what;		/* "checkpoint", "restore": for messages */
	const char *init_what;		/* what the pid given must be the init of */
	/* The ioctls that run on the joined context, under its lock. */
	const unsigned int *stages;
	unsigned int nr_stages;
	/* A new context (vz_ctx_init()'ed) of CT @ctid, or NULL. */
	struct vz_ctx *(*alloc)(u32 ctid);
	/* Take the CT described by @ct (vz_ct_get()); called once, on a new context. */
	void (*attach)(struct vz_ctx *c, const struct vz_ct *ct);
	int (*stage)(struct vz_ctx *c, unsigned int cmd, unsigned long arg);
	bool (*done)(struct vz_ctx *c);
	/* Nobody holds @c any more (its lock held): resume or kill its CT. */
	void (*abandon)(struct vz_ctx *c);
	/* @c is out of the list: it is done. Its lock held. */
	void (*finish)(struct vz_ctx *c);
	/* The last reference went: free the context (and its own references). */
	void (*free)(struct vz_ctx *c);
	/* The side's own: its live contexts. */
	struct list_head contexts;
	struct mutex mutex;		/* the list, holders, vz_file.ctx */
	/* A file may be released by an exiting task: abandoned contexts end here. */
	struct workqueue_struct *wq;
};

/*
 * What each side's context starts with. Held by kref: the list of live
 * contexts holds one reference until the context is done, each file that
 * joined it one more, each ioctl one more for its duration. @holders
 * counts joined files; when the last goes away without PUT_CONTEXT, the
 * context is abandoned.
 */
struct vz_ctx {
	struct kref ref;
	struct list_head list;		/* in kind->contexts until finished */
	struct mutex lock;		/* serialises the stages */
	struct vz_ctx_kind *kind;
	/* The list's key and the reason of a failure: the side's context's own fields. */
	u32 ctid;
	char *errmsg;			/* VZCPT_ERRMSG_LEN bytes */
	int holders;			/* under kind->mutex */
	bool parked;			/* PUT_CONTEXT: waits for a later stage */
	struct work_struct abandon;
};

/* What an open /proc file holds: the context it joined and the last failure's reason. */
struct vz_file {
	struct vz_ctx *ctx;
	char errmsg[VZCPT_ERRMSG_LEN];
};

__printf(3, 0) void vz_verr(char *errmsg, u32 ctid, const char *fmt, va_list ap);
__printf(2, 3) void vz_err(struct vz_ctx *c, const char *fmt, ...);

void vz_ctx_init(struct vz_ctx *c, struct vz_ctx_kind *kind, u32 ctid, char *errmsg);
void vz_ctx_get(struct vz_ctx *c);
void vz_ctx_put(struct vz_ctx *c);
struct vz_ctx *vz_ctx_of(struct vz_ctx_kind *kind, struct vz_file *f);
int vz_ctx_create(struct vz_ctx_kind *kind, struct vz_file *f, const struct vzcpt_ctx_arg *arg);
int vz_ctx_join(struct vz_ctx_kind *kind, struct vz_file *f, u32 ctid);
int vz_ctx_park(struct vz_ctx_kind *kind, struct vz_file *f);
void vz_ctx_finish(struct vz_ctx *c);
void vz_ctx_release(struct vz_ctx_kind *kind, struct vz_file *f);
int vz_ctx_kind_init(struct vz_ctx_kind *kind);
void vz_ctx_kind_cleanup(struct vz_ctx_kind *kind);

void vz_ct_put(struct vz_ct *ct);

#endif /* _VZ_CTX_H */
