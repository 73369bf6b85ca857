/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The little the checkpoint commands need from the container code. These
 * are stand-ins, clearly named, to be replaced by ct.c/cgroup.c/config.c's
 * own functions once those exist.
 */
#ifndef VZCTL_CPT_CT_H
#define VZCTL_CPT_CT_H

#include <stddef.h>
#include <sys/types.h>

#define CPT_CT_RUNDIR	"/var/run/vz"
#define CPT_CGROUP_ROOT	"/sys/fs/cgroup"
#define CPT_VZ_CONF	"/etc/vz/vz.conf"
#define CPT_DEF_DUMPDIR	"/vz/dump"

/* The host pid of CT @ctid's init, from /var/run/vz/CTID.pid; -ESRCH if it is gone. */
int cpt_ct_init_pid_from_pidfile(unsigned int ctid, pid_t *pid);

/* An fd of the cgroup v2 directory task @pid is in (the CT's, for its init). */
int cpt_ct_cgroup_fd(pid_t pid);

/* DUMPDIR from vz.conf, /vz/dump if unset. */
const char *cpt_dumpdir(char *buf, size_t len);

/*
 * After CPT_KILL: wait for the CT's init to be gone and clean up as `vzctl
 * stop` would, the private area and config kept. For now only the pid file
 * goes: the container code's stop cleanup (root unmount, cgroup, veth) is
 * to be called from here.
 */
int cpt_ct_after_kill(unsigned int ctid, pid_t pid);

#endif
