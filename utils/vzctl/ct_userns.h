/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT with a user namespace (USERNS="yes"): its ids 0..CT_USERNS_RANGE-1
 * are the host's LOCAL_UID.. and LOCAL_GID.., so that its root is an
 * unprivileged host user; its private area is owned accordingly.
 */
#ifndef VZCTL_CT_USERNS_H
#define VZCTL_CT_USERNS_H

#include <stddef.h>
#include <sys/types.h>

#define CT_USERNS_RANGE	65536U
/* The lowest base: a CT's ids never overlap the host's usual 0..65535. */
#define CT_USERNS_MIN	CT_USERNS_RANGE

/* The default LOCAL_UID/LOCAL_GID of CT @ctid (one range per CT), 0 if there is none. */
unsigned int ct_userns_default_base(unsigned int ctid);

/* Map CT ids 0.. of @pid's (new) user namespace to @uid.. and @gid..: 0, or -1 with @why. */
int ct_userns_write_maps(pid_t pid, unsigned int uid, unsigned int gid, char *why, size_t len);

/*
 * In a user namespace just made or joined: become its root (ids 0, no
 * supplementary groups), keeping the capabilities the namespace gives.
 */
int ct_userns_become_root(char *why, size_t len);

/*
 * Shift the owners of every file under @dir: on (@to_ct), ids 0..65535 to
 * @uid../@gid..; off, back. Links are not followed; setuid/setgid bits and
 * file capabilities, which a change of owner clears, are put back. Ids
 * outside the range are left alone, so an interrupted shift can be redone.
 * 0, or -1 with @why naming the file.
 */
int ct_userns_shift(const char *dir, unsigned int uid, unsigned int gid, int to_ct,
		    char *why, size_t len);

#endif
