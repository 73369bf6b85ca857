/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tmpfs mounts vzctl makes for a CT (its /dev and /dev/shm) live in
 * memory, not in the private area, and an image does not carry their files
 * yet: a restore makes them afresh. A checkpoint of a CT that put files there
 * would lose them, so it is refused instead, naming the first such file.
 */
#ifndef VZCTL_CT_TMPFS_H
#define VZCTL_CT_TMPFS_H

#include <stddef.h>
#include <sys/types.h>

/*
 * 0 if the CT whose init is @init has nothing in its /dev and /dev/shm but
 * what vzctl made and sockets (a restore binds a carried socket again, which
 * makes its file), else -1 with the reason in @why.
 */
int ct_tmpfs_check(pid_t init, char *why, size_t len);

#endif
