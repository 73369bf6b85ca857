/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_CONTEXT_H
#define _CPT_CONTEXT_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/workqueue.h>
#include <linux/vzcpt.h>

#include "../common/vz_net.h"

struct cgroup;
struct file;
struct pid;
struct pid_namespace;

enum cpt_state {
	CPT_RUNNING,	/* context made, container untouched */
	CPT_SUSPENDED,	/* every task frozen */
	CPT_DONE,	/* killed or resumed; the context is out of the list */
};

/*
 * One container's checkpoint in progress. Held by kref: the list of live
 * contexts holds one reference until the context is done, each file that
 * joined it one more. @holders counts joined files; when the last goes
 * away without CPT_PUT_CONTEXT, the container is resumed.
 */
struct cpt_context {
	struct kref ref;
	struct list_head list;
	struct mutex lock;		/* serialises the stages */
	u32 ctid;
	int holders;			/* under cpt_ctx_mutex */
	bool parked;			/* CPT_PUT_CONTEXT: wait for a later stage */
	enum cpt_state state;
	struct pid *init_pid;		/* the container's init */
	struct pid_namespace *pidns;	/* its pid namespace */
	struct file *cgdir;		/* the container's cgroup v2 directory */
	struct cgroup *cgrp;
	struct file *dumpfile;
	struct vz_net_hold net;		/* held while suspended */
	/*
	 * The host's clocks at the moment the CT froze: the image's clocks and
	 * every remaining timeout are taken against this one instant, so that
	 * a restored CT sees no time pass between them.
	 */
	u64 frozen_mono_ns, frozen_boot_ns, frozen_real_ns;
	char errmsg[VZCPT_ERRMSG_LEN];
	struct work_struct abandon;	/* resumes the CT of a context nobody holds */
};

/* What an open /proc/cpt holds: the context it joined and the last failure's reason. */
struct cpt_file {
	struct cpt_context *ctx;
	char errmsg[VZCPT_ERRMSG_LEN];
};

int cpt_ctx_create(struct cpt_file *cf, const struct vzcpt_ctx_arg *arg);
int cpt_ctx_join(struct cpt_file *cf, u32 ctid);
int cpt_ctx_put(struct cpt_file *cf);
struct cpt_context *cpt_ctx_of(struct cpt_file *cf);
void cpt_ctx_put_ref(struct cpt_context *ctx);
void cpt_ctx_release(struct cpt_file *cf);
void cpt_ctx_finish(struct cpt_context *ctx);
int cpt_ctx_init(void);
void cpt_ctx_cleanup(void);

__printf(2, 3) void cpt_err(struct cpt_context *ctx, const char *fmt, ...);

#endif /* _CPT_CONTEXT_H */
