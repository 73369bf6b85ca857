/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _CT_MOUNTS_H
#define _CT_MOUNTS_H

#include <stddef.h>
#include <sys/types.h>

/* Record the mounts the CT whose init is @init starts with. Returns 0 or a VZ_* code, printed. */
int ct_mounts_record(unsigned int ctid, pid_t init);
/* Forget them (the CT is stopped). */
void ct_mounts_forget(unsigned int ctid);
/*
 * Compare the CT's mounts now with those it started with: 0 when the same
 * (or nothing was recorded), -1 with the first difference in @why.
 */
int ct_mounts_check(unsigned int ctid, pid_t init, char *why, size_t len);

#endif /* _CT_MOUNTS_H */
