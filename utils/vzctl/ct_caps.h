/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT's capability bounding set: a default that keeps its root from
 * reaching the host, changed per CT by OpenVZ's CAPABILITY="name:on|off ..."
 * key and `vzctl set --capability`.
 */
#ifndef VZCTL_CT_CAPS_H
#define VZCTL_CT_CAPS_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The capabilities (bit n: capability n) a CT keeps unless its config says
 * otherwise; sys_boot only with a user namespace (@userns).
 */
uint64_t ct_caps_default(int userns);

/*
 * Parse a CAPABILITY value (names as capsh spells them, with or without
 * "cap_", any case, each ":on" or ":off", separated by spaces or commas)
 * into the sets turned on and off; a later word wins over an earlier one.
 * 0, or -1 with the reason in @err.
 */
int ct_caps_parse(const char *s, uint64_t *on, uint64_t *off, char *err, size_t errlen);

/* The value for CAPABILITY: "name:on name:off ...", in capability order, into @buf. */
void ct_caps_format(uint64_t on, uint64_t off, char *buf, size_t len);

/* The bounding set of a CT whose config turns on @on and off @off, with a user namespace or not. */
uint64_t ct_caps_bset(uint64_t on, uint64_t off, int userns);

/*
 * Confine this process to @bset: every other capability leaves its
 * bounding set, the ambient set is emptied and the inheritable set cut to
 * @bset. With @all, permitted and effective are cut too; the restore seed
 * keeps them, since vzrst works with them before it gives each task its
 * own, which it checks against this bounding set. 0, or -1 with @why.
 */
int ct_caps_confine(uint64_t bset, int all, char *why, size_t len);

/* The bounding set of process @pid (CapBnd in its status), or -1 with errno set. */
int ct_caps_of(pid_t pid, uint64_t *bset);

#endif
