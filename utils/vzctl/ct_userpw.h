/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vzctl set --userpasswd USER:PASSWORD: the CT's own tools set it, inside the
 * running CT, as OpenVZ's set_userpass script did: the user is added
 * (useradd -m, or busybox's adduser) when the CT has none of that name, then
 * chpasswd hashes the password as the CT's distribution does. The password
 * goes to chpasswd on a pipe, never in an argument or the environment, where
 * the CT's other processes could read it.
 */
#ifndef VZCTL_CT_USERPW_H
#define VZCTL_CT_USERPW_H

#include <stddef.h>
#include <sys/types.h>

/*
 * Check USER:PASSWORD @s: a user name as useradd takes it (a lower-case letter
 * or '_', then letters, digits, '_', '-', at most 32), a password of printable
 * characters, not empty. 0, or -1 with the reason in @why.
 */
int ct_userpw_parse(const char *s, char *why, size_t len);

/* Set it in CT @ctid whose init is @init: 0, or VZ_CHANGEPASS (said). */
int ct_userpw_set(unsigned int ctid, pid_t init, const char *userpw);

#endif
