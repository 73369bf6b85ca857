/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CPT_CONTEXT_H
#define _CPT_CONTEXT_H

#include <linux/container_of.h>
#include <linux/xarray.h>
#include <linux/vzcpt.h>

#include "../common/vz_ctx.h"
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
 * One container's checkpoint in progress: a struct vz_ctx (its references,
 * its lock, its holders). A context nobody holds any more without
 * CPT_PUT_CONTEXT resumes its container.
 */
struct cpt_context {
	struct vz_ctx vz;
	u32 ctid;
	enum cpt_state state;
	struct pid *init_pid;		/* the container's init */
	struct pid_namespace *pidns;	/* its pid namespace */
	struct file *cgdir;		/* the container's cgroup v2 directory */
	struct cgroup *cgrp;
	struct file *dumpfile;
	struct vz_net_hold net;		/* held while suspended */
	bool dumped;			/* an image was made: a kill closes nothing */
	/*
	 * The host's clocks at the moment the CT froze: the image's clocks and
	 * every remaining timeout are taken against this one instant, so that
	 * a restored CT sees no time pass between them.
	 */
	u64 frozen_mono_ns, frozen_boot_ns, frozen_real_ns;
	/*
	 * Pre-copy (cpt_precopy.c): the address spaces the passes found (mm
	 * pointer -> struct cpt_pc_mm), the last pass that wrote anything, the
	 * greatest seq given, and whether a pass failed half-way (the stream
	 * is then good for nothing). pc_faults: a pass started the fault
	 * points' count (vz_fault.h), which the dump then goes on with, so
	 * that one sweep walks the passes and the dump.
	 */
	struct xarray precopy;
	u32 pc_pass;
	u64 pc_max_seq;
	bool pc_failed;
	bool pc_faults;
	/*
	 * The mounts the CT made, as vzctl named them for the next dump
	 * (CPT_ADD_MOUNT, cpt_mount.c): each path without its leading "/",
	 * a bind mount's source path or a tmpfs's device name.
	 */
	struct cpt_mount *mounts;
	unsigned int nr_mounts;
	char errmsg[VZCPT_ERRMSG_LEN];
};

struct cpt_mount {
	char *target;
	char *source;
	u32 kind;		/* enum vzcpt_mount_kind */
};

static inline struct cpt_context *cpt_ctx(struct vz_ctx *c)
{
	return container_of(c, struct cpt_context, vz);
}

/* cpt_mount.c: the mounts vzctl names for the next dump, kept until it is made. */
struct vzcpt_mount_arg;
int cpt_add_mount(struct cpt_context *ctx, const struct vzcpt_mount_arg __user *uarg);
void cpt_forget_mounts(struct cpt_context *ctx);

/* The checkpoint side's contexts (cpt_ctx.c), driven through /proc/cpt (cpt_main.c). */
extern struct vz_ctx_kind cpt_kind;
struct vz_ctx *cpt_ctx_alloc(u32 ctid);
void cpt_ctx_attach(struct vz_ctx *c, const struct vz_ct *ct);
bool cpt_ctx_done(struct vz_ctx *c);
void cpt_ctx_abandon(struct vz_ctx *c);
void cpt_ctx_finished(struct vz_ctx *c);
void cpt_ctx_free(struct vz_ctx *c);

__printf(2, 3) void cpt_err(struct cpt_context *ctx, const char *fmt, ...);

#endif /* _CPT_CONTEXT_H */
