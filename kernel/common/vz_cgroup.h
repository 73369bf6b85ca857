/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_CGROUP_H
#define _VZ_CGROUP_H

struct path;

/*
 * Write @val into the control file @name of the cgroup directory @dir, as
 * an administrator would (cgroup.freeze, cgroup.kill): the cgroup core
 * then does all the locking. On failure *@failed says which step failed
 * ("open" or "write"), for the caller's message.
 */
int vz_cgroup_write(const struct path *dir, const char *name, const char *val,
		    const char **failed);

#endif /* _VZ_CGROUP_H */
