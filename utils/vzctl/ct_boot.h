/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A CT's init, by its kind: how to tell that it has come up and how to ask
 * it to go down. busybox's init is up once it runs; Debian's sysvinit once
 * its rc scripts for the default runlevel are done; each kind takes its own
 * signal as "shut down".
 */
#ifndef VZCTL_CT_BOOT_H
#define VZCTL_CT_BOOT_H

#include <sys/types.h>

/* How long vzctl start waits for a CT to boot (a TCG guest boots Debian in about a minute). */
#define CT_BOOT_TIMEOUT	300

enum ct_init_kind { CT_INIT_BUSYBOX, CT_INIT_SYSV, CT_INIT_SYSTEMD, CT_INIT_OTHER };

/* The kind of @init, from the name of the program it runs. */
enum ct_init_kind ct_init_kind(pid_t init);

/* The signal @kind takes as "shut down", as LXC and OpenVZ send them. */
int ct_init_stop_signal(enum ct_init_kind kind);

/*
 * Wait up to @timeout_s for a sysvinit CT to reach its runlevel (its rc
 * scripts done). 0 once it has (at once for other kinds), 1 on timeout, -1
 * if its init died.
 */
int ct_wait_booted(unsigned int ctid, pid_t init, enum ct_init_kind kind,
		   unsigned int timeout_s);

/*
 * Wait up to @ms for a CT asked to shut down to be down: its init gone, or
 * left alone in the CT (sysvinit stops everything, then its halt fails: a
 * CT has no CAP_SYS_BOOT, which kexec_load() would give it over the host).
 * 1 if it is down, 0 on timeout.
 */
int ct_wait_down(unsigned int ctid, pid_t init, int ms);

#endif
