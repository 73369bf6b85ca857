/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container's settings: the global vz.conf overlaid with CTID.conf,
 * expanded and checked, in the units the container code uses.
 */
#ifndef VZCTL_CTCONF_H
#define VZCTL_CTCONF_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"

#define VZ_CONF_DIR	"/etc/vz"
#define VZ_GLOBAL_CONF	VZ_CONF_DIR "/vz.conf"
#define VZ_CT_CONF_DIR	VZ_CONF_DIR "/conf"
#define VZ_RUN_DIR	"/var/run/vz"
#define CT_MAX_IPS	16

struct ctconf {
	unsigned int ctid;
	char ve_root[PATH_MAX];		/* VE_ROOT, expanded */
	char ve_private[PATH_MAX];	/* VE_PRIVATE, expanded */
	char template_dir[PATH_MAX];	/* TEMPLATE: templates are in TEMPLATE/cache/NAME.tar.gz */
	char dumpdir[PATH_MAX];		/* DUMPDIR */
	char lockdir[PATH_MAX];		/* LOCKDIR */
	char ostemplate[128];		/* OSTEMPLATE, else DEF_OSTEMPLATE */
	char hostname[65];		/* HOSTNAME, "" if unset */
	int nr_ips;
	char ips[CT_MAX_IPS][64];	/* IP_ADDRESS, split on spaces; IPv4 dotted, optional /prefix */
	int onboot;			/* ONBOOT="yes" */
	uint64_t ram;			/* PHYSPAGES/RAM in bytes; 0: no limit */
	unsigned int cpuunits;		/* CPUUNITS; 0: unset */
	unsigned int cpulimit;		/* CPULIMIT in % of one CPU; 0: no limit */
	unsigned int numproc;		/* NUMPROC; 0: no limit */
	unsigned int stop_timeout;	/* STOP_TIMEOUT seconds, default 10 */
	char ve_stop_mode[16];		/* VE_STOP_MODE from vz.conf: "suspend" (default) or "stop" */
	struct vzconf *global;		/* parsed vz.conf */
	struct vzconf *ct;		/* parsed CTID.conf, empty when it does not exist */
	int exists;			/* CTID.conf exists */
};

/* The path of CT @ctid's config file. */
void ctconf_path(unsigned int ctid, char *buf, size_t len);

/*
 * Load vz.conf (from @global_path, or VZ_GLOBAL_CONF when NULL) and CT
 * @ctid's config. 0, or -1 with a one-line reason in @err.
 */
int ctconf_load(struct ctconf *cc, unsigned int ctid, const char *global_path,
		const char *ct_conf_dir, char *err, size_t errlen);
void ctconf_free(struct ctconf *cc);

/*
 * Value parsers for `vzctl set`/config keys: 0, or -1 with a reason in @err.
 * Sizes take K, M, G, T suffixes (binary) or a bare byte count, or
 * "unlimited"; OpenVZ's "barrier:limit" form uses the limit.
 */
int ctconf_parse_size(const char *s, uint64_t *bytes, char *err, size_t errlen);
int ctconf_parse_uint(const char *s, unsigned int min, unsigned int max,
		      unsigned int *v, char *err, size_t errlen);
int ctconf_parse_ip(const char *s, char *err, size_t errlen);	/* a.b.c.d[/n] */
int ctconf_parse_hostname(const char *s, char *err, size_t errlen);
int ctconf_parse_yesno(const char *s, int *v, char *err, size_t errlen);

#endif
