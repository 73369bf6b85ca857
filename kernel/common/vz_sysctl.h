/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_SYSCTL_H
#define _VZ_SYSCTL_H

#include <linux/spinlock.h>
#include <linux/sysctl.h>
#include <linux/vzcpt_image.h>

struct net;

/*
 * fs/proc/proc_sysctl.c's sysctl_lock, static: it guards the tree of a
 * sysctl set and the use counts of its tables. No exported call lists the
 * entries of a network namespace's set (net->sysctls), nor finds one by
 * path outside procfs, whose lookups are of the caller's own namespace.
 * Resolved by each module's ksyms table.
 */
extern spinlock_t *ksym_sysctl_lock;

/* An entry of a namespace's sysctl set, its table held in use. */
struct vz_sysctl_ent {
	struct ctl_table_header *head;
	struct ctl_table *table;
	char path[VZCPT_NETSYSCTL_PATH];	/* under net/ */
};

int vz_sysctl_list(struct net *net, struct vz_sysctl_ent **ents, unsigned int *nr);
void vz_sysctl_put(struct vz_sysctl_ent *ents, unsigned int nr);
struct vz_sysctl_ent *vz_sysctl_find(struct vz_sysctl_ent *ents, unsigned int nr,
				     const char *path);
bool vz_sysctl_carried(const struct vz_sysctl_ent *e);
int vz_sysctl_read(const struct vz_sysctl_ent *e, char *buf, size_t size);
int vz_sysctl_write(const struct vz_sysctl_ent *e, const char *val, size_t len);

#endif /* _VZ_SYSCTL_H */
