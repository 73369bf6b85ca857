/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The devices a CT may use: cgroup v2 has no device controller, only a
 * BPF program of type CGROUP_DEVICE on the CT's cgroup, which allows the
 * usual devices of a CT and those its config grants (OpenVZ's
 * DEVICES="c:MAJ:MIN:rw ..." key, `vzctl set --devices`).
 */
#ifndef VZCTL_CT_DEVICES_H
#define VZCTL_CT_DEVICES_H

#include <stddef.h>

#define CT_MAX_DEVICES	48
#define CT_DEV_ANY	(-1)	/* every minor */

/* Access bits as the device program sees them (BPF_DEVCG_ACC_*). */
#define CT_DEV_MKNOD	1
#define CT_DEV_READ	2
#define CT_DEV_WRITE	4

struct ct_dev_rule {
	char type;		/* 'c' or 'b' */
	int major, minor;	/* minor CT_DEV_ANY: all */
	unsigned int access;	/* CT_DEV_*; 0: "none", the device is refused */
};

/*
 * Merge the words of @s (c|b:MAJOR:MINOR|all:[r][w][q]|none, separated by
 * spaces) into @rules (*@nr of at most CT_MAX_DEVICES), a word replacing an
 * earlier rule for the same devices. 'q' (OpenVZ's disk quota) is accepted
 * and means nothing here. 0, or -1 with the reason in @err.
 */
int ct_devices_parse(const char *s, struct ct_dev_rule *rules, int *nr, char *err, size_t errlen);

/* The value for DEVICES, OpenVZ's form, into @buf. */
void ct_devices_format(const struct ct_dev_rule *rules, int nr, char *buf, size_t len);

/*
 * Attach to cgroup @cgfd the program allowing the default devices with
 * @rules over them, then detach the one attached before if any (so that a
 * running CT's devices change without an instant with neither). 0, or -1
 * with the reason in @why.
 */
int ct_devices_attach(int cgfd, const struct ct_dev_rule *rules, int nr, char *why, size_t len);

#endif
