/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CT_MOUNTS_H
#define _CT_MOUNTS_H

#include <stddef.h>
#include <sys/types.h>

/* Record the mounts the CT whose init is @init starts with. Returns 0 or a VZ_* code, printed. */
int ct_mounts_record(unsigned int ctid, pid_t init);
/* Forget them (the CT is stopped). */
void ct_mounts_forget(unsigned int ctid);
/* A mount the CT made that a dump carries: a bind mount's source path, a tmpfs's device name. */
struct ct_mount {
	unsigned int kind;	/* VZCPT_MOUNT_TMPFS or VZCPT_MOUNT_BIND */
	char *target;
	char *source;
};

/*
 * Compare the CT's mounts now with those it started with: 0 when each it
 * started with is still there and each it made since can be carried (in
 * *@carry, malloc'd, *@nr of them, in the order it made them; none when
 * nothing was recorded), -1 with the first that cannot in @why.
 */
int ct_mounts_check(unsigned int ctid, pid_t init, struct ct_mount **carry, size_t *nr,
		    char *why, size_t len);
/* ct_mounts_carry.c: what mountinfo line @idx of @lines (a mount made since) is, in *@out. */
int ct_mount_carry(char **lines, size_t idx, struct ct_mount *out, char *why, size_t len);
void ct_mounts_free_carried(struct ct_mount *v, size_t n);

#endif /* _CT_MOUNTS_H */
