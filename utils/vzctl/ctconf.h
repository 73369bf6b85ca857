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
#include "ct_devices.h"
#include "ct_dns.h"

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
	char nameserver[CT_DNS_LIST_MAX];	/* NAMESERVER: addresses or "inherit", spaced */
	char searchdomain[CT_DNS_LIST_MAX];	/* SEARCHDOMAIN: domains, spaced */
	int nr_ips;
	char ips[CT_MAX_IPS][64];	/* IP_ADDRESS, split on spaces; IPv4 dotted, optional /prefix */
	int onboot;			/* ONBOOT="yes" */
	uint64_t ram;			/* PHYSPAGES/RAM in bytes; 0: no limit */
	unsigned int cpuunits;		/* CPUUNITS; 0: unset */
	unsigned int cpulimit;		/* CPULIMIT in % of one CPU; 0: no limit */
	unsigned int numproc;		/* NUMPROC; 0: no limit */
	unsigned int stop_timeout;	/* STOP_TIMEOUT seconds, default 120 */
	uint64_t cap_on, cap_off;	/* CAPABILITY: turned on and off over ct_caps_default() */
	int nr_devices;			/* DEVICES: rules over the default devices */
	struct ct_dev_rule devices[CT_MAX_DEVICES];
	char ve_stop_mode[16];		/* VE_STOP_MODE from vz.conf: "suspend" (default) or "stop" */
	int userns;			/* USERNS="yes": a user namespace of its own (ct_userns.h) */
	unsigned int local_uid;		/* LOCAL_UID: the host uid of its uid 0, else per CTID */
	unsigned int local_gid;		/* LOCAL_GID: the host gid of its gid 0, else per CTID */
	struct vzconf *global;		/* parsed vz.conf */
	struct vzconf *ct;		/* parsed CTID.conf, empty when it does not exist */
	int exists;			/* CTID.conf exists */
	char conf_file[PATH_MAX];	/* the CTID.conf path read (and for --save) */
	int error;			/* after a failed ctconf_load: a vzerror.h exit code */
};

/* Value ranges, OpenVZ's where it has one. */
#define CT_CPUUNITS_MIN	8
#define CT_CPUUNITS_MAX	500000
#define CT_CPULIMIT_MAX	(100 * 1024)	/* % of one CPU, for up to 1024 CPUs */
#define CT_NUMPROC_MAX	4194304		/* the kernel's PID_MAX_LIMIT */
#define CT_STOP_TIMEOUT_MAX 3600
#define CT_PAGE_SIZE	4096ULL		/* OpenVZ's unit of PHYSPAGES */
#define CT_DEF_OSTEMPLATE "busybox"	/* when neither OSTEMPLATE nor DEF_OSTEMPLATE is set */

/* The path of CT @ctid's config file. */
void ctconf_path(unsigned int ctid, char *buf, size_t len);

/*
 * Load vz.conf (from @global_path, or VZ_GLOBAL_CONF when NULL) and CT
 * @ctid's config (in @ct_conf_dir, or VZ_CT_CONF_DIR when NULL); the CT's
 * keys override the global ones. 0, or -1 with a one-line reason naming the
 * file, line and key in @err and an exit code in cc->error: VZ_NOCONFIG (no
 * vz.conf), VZ_VE_ROOT_NOTSET, VZ_VE_PRIVATE_NOTSET, VZ_INVALID_CONFIG (a
 * malformed file or a bad value); nothing is left to free then.
 */
int ctconf_load(struct ctconf *cc, unsigned int ctid, const char *global_path,
		const char *ct_conf_dir, char *err, size_t errlen);
void ctconf_free(struct ctconf *cc);

/*
 * Value parsers for `vzctl set`/config keys: 0, or -1 with a reason in @err.
 * Sizes take K, M, G, T suffixes (binary) or a bare byte count, or
 * "unlimited"; OpenVZ's "barrier:limit" form uses the limit. "unlimited"
 * (or OpenVZ's LONG_MAX) gives 0, which means no limit.
 */
int ctconf_parse_size(const char *s, uint64_t *bytes, char *err, size_t errlen);
/* PHYSPAGES: a bare number counts 4 KiB pages, a K/M/G/T suffix bytes. */
int ctconf_parse_pages(const char *s, uint64_t *bytes, char *err, size_t errlen);
/* A count such as NUMPROC: N, barrier:limit or unlimited; 1..@max, 0 for unlimited. */
int ctconf_parse_count(const char *s, unsigned int max, unsigned int *v, char *err, size_t errlen);
/* CPULIMIT: 0..CT_CPULIMIT_MAX, % of one CPU, an optional '%' sign. */
int ctconf_parse_cpulimit(const char *s, unsigned int *v, char *err, size_t errlen);
/* OSTEMPLATE: a file name in TEMPLATE/cache/ without .tar.gz. */
int ctconf_parse_ostemplate(const char *s, char *err, size_t errlen);
int ctconf_parse_uint(const char *s, unsigned int min, unsigned int max,
		      unsigned int *v, char *err, size_t errlen);
int ctconf_parse_ip(const char *s, char *err, size_t errlen);	/* a.b.c.d[/n] */
int ctconf_parse_hostname(const char *s, char *err, size_t errlen);
int ctconf_parse_yesno(const char *s, int *v, char *err, size_t errlen);

#endif
