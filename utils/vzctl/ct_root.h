/* SPDX-License-Identifier: GPL-2.0 */
/* The CT's root as its init sees it, built inside the CT's own mount namespace. */
#ifndef VZCTL_CT_ROOT_H
#define VZCTL_CT_ROOT_H

#include <stddef.h>

#include "ctconf.h"

/*
 * In the CT init's new mount namespace: /proc, /sys, a minimal /dev (null,
 * zero, full, random, urandom, tty, console, ptmx with a private devpts,
 * shm) under VE_ROOT, the hostname, then pivot_root into VE_ROOT with the
 * old root detached; a cgroup namespace, /proc's host-wide parts read-only
 * or masked, the CT's cgroup read-only at /sys/fs/cgroup; last the CT's
 * capability bounding set (a @seed keeps its permitted and effective
 * capabilities for vzrst). 0, or -1 with the reason in @why.
 */
int ct_root_setup(const struct ctconf *cc, int seed, char *why, size_t len);

/* Standard input, output and error on the CT's /dev/console; every other fd but @keep closed. */
int ct_root_console_stdio(int keep, char *why, size_t len);

#endif
