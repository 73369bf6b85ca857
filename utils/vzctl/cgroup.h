/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT's cgroup v2 group, "vz/CTID" under the cgroup2 mount, made and
 * limited through libcgroup.
 */
#ifndef VZCTL_CGROUP_H
#define VZCTL_CGROUP_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define CG_MOUNT	"/sys/fs/cgroup"

struct ct_limits {
	uint64_t memory_max;		/* bytes; 0: "max" */
	unsigned int cpu_weight;	/* 1..10000; 0: leave the default */
	unsigned int cpu_pct;		/* cpu.max quota in % of one CPU; 0: "max" */
	unsigned int pids_max;		/* 0: "max" */
};

/* 0 if cgroup2 is mounted at CG_MOUNT, else -1 with a reason in @err. */
int cg_check(char *err, size_t errlen);

/* The absolute directory of CT @ctid's group. */
void cg_path(unsigned int ctid, char *buf, size_t len);

/* Does the group exist? */
int cg_exists(unsigned int ctid);

/*
 * Create the group (enabling +cpu +memory +pids in its parents) and apply
 * @lim. 0, or -1 with a reason in @err; a half-made group is removed.
 */
int cg_create(unsigned int ctid, const struct ct_limits *lim, char *err, size_t errlen);

/* Change the limits of an existing group. */
int cg_set_limits(unsigned int ctid, const struct ct_limits *lim, char *err, size_t errlen);

/* Move @pid into the group. */
int cg_attach(unsigned int ctid, pid_t pid, char *err, size_t errlen);

/* An O_DIRECTORY fd of the group (for CPT_GET_CONTEXT), or -errno. */
int cg_open(unsigned int ctid);

/*
 * Hand the group to a CT's root (host ids @uid, @gid), as systemd delegates
 * one: its directory, cgroup.procs, cgroup.threads and cgroup.subtree_control;
 * its limits and cgroup.freeze stay the host's. 0, or -1 with a reason.
 */
int cg_delegate(unsigned int ctid, unsigned int uid, unsigned int gid, char *err, size_t errlen);

/* Number of tasks in the group and the groups below it (cgroup.procs lines), or -errno. */
int cg_nr_procs(unsigned int ctid);

/* Is the group frozen (cgroup.events frozen 1)? */
int cg_frozen(unsigned int ctid);

/* Kill every task (cgroup.kill) and wait up to @timeout_ms for it to empty. 0 or -errno. */
int cg_kill_all(unsigned int ctid, int timeout_ms);

/* Remove the group (must be empty). 0 if gone or never there, else -errno. */
int cg_destroy(unsigned int ctid);

#endif
