// SPDX-License-Identifier: GPL-2.0
/*
 * A CT's settings: CTID.conf over vz.conf, expanded, checked, and turned
 * into the units the container code uses. A bad value is refused with the
 * file and key named, before anything is done with it.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <arpa/inet.h>

#include "ctconf.h"

#define PAGE_BYTES 4096ULL

static int bad(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

void ctconf_path(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, VZ_CT_CONF_DIR "/%u.conf", ctid);
}

/* OpenVZ's "barrier:limit" pairs: the limit is what a cgroup can enforce. */
static const char *limit_part(const char *s)
{
	const char *colon = strchr(s, ':');

	return colon ? colon + 1 : s;
}

int ctconf_parse_size(const char *s, uint64_t *bytes, char *err, size_t errlen)
{
	unsigned long long v;
	char *end;
	int shift = 0;

	s = limit_part(s);
	if (!strcmp(s, "unlimited") || !strcmp(s, "max")) {
		*bytes = 0;
		return 0;
	}
	if (!isdigit((unsigned char)*s))
		return bad(err, errlen, "'%s' is not a size (a number with K, M, G or T)", s);
	errno = 0;
	v = strtoull(s, &end, 10);
	switch (toupper((unsigned char)*end)) {
	case 'K': shift = 10; end++; break;
	case 'M': shift = 20; end++; break;
	case 'G': shift = 30; end++; break;
	case 'T': shift = 40; end++; break;
	}
	if (toupper((unsigned char)*end) == 'B' && shift)
		end++;
	if (errno || *end || (shift && v > (UINT64_MAX >> shift)))
		return bad(err, errlen, "'%s' is not a size (a number with K, M, G or T)", s);
	*bytes = (uint64_t)v << shift;
	return 0;
}

int ctconf_parse_uint(const char *s, unsigned int min, unsigned int max, unsigned int *v,
		      char *err, size_t errlen)
{
	unsigned long long n;
	char *end;

	if (!isdigit((unsigned char)*s))
		return bad(err, errlen, "'%s' is not a number", s);
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno || *end)
		return bad(err, errlen, "'%s' is not a number", s);
	if (n < min || n > max)
		return bad(err, errlen, "%s is out of range %u..%u", s, min, max);
	*v = (unsigned int)n;
	return 0;
}

int ctconf_parse_ip(const char *s, char *err, size_t errlen)
{
	char addr[64], *slash;
	struct in_addr a;

	if (strlen(s) >= sizeof(addr))
		return bad(err, errlen, "'%s' is not an IPv4 address", s);
	strcpy(addr, s);
	slash = strchr(addr, '/');
	if (slash) {
		unsigned int prefix;

		*slash = 0;
		if (ctconf_parse_uint(slash + 1, 1, 32, &prefix, err, errlen))
			return bad(err, errlen, "'%s': bad prefix length", s);
	}
	if (inet_pton(AF_INET, addr, &a) != 1)
		return bad(err, errlen, "'%s' is not an IPv4 address", s);
	if (!a.s_addr || a.s_addr == INADDR_BROADCAST || (ntohl(a.s_addr) >> 24) == 127 ||
	    (ntohl(a.s_addr) >> 28) == 14)
		return bad(err, errlen, "'%s' cannot be a container's address", s);
	return 0;
}

int ctconf_parse_hostname(const char *s, char *err, size_t errlen)
{
	size_t len = strlen(s), label = 0;

	if (!len || len > 64)
		return bad(err, errlen, "'%s' is not a host name (1 to 64 characters)", s);
	for (const char *p = s; *p; p++) {
		if (*p == '.') {
			if (!label || p[-1] == '-')
				return bad(err, errlen, "'%s' is not a host name", s);
			label = 0;
			continue;
		}
		if (!isalnum((unsigned char)*p) && *p != '-')
			return bad(err, errlen, "'%s' is not a host name (letters, digits, '-', '.')",
				   s);
		if ((*p == '-' && !label) || ++label > 63)
			return bad(err, errlen, "'%s' is not a host name", s);
	}
	if (!label || s[len - 1] == '-')
		return bad(err, errlen, "'%s' is not a host name", s);
	return 0;
}

int ctconf_parse_yesno(const char *s, int *v, char *err, size_t errlen)
{
	if (!strcasecmp(s, "yes") || !strcasecmp(s, "on") || !strcmp(s, "1"))
		*v = 1;
	else if (!strcasecmp(s, "no") || !strcasecmp(s, "off") || !strcmp(s, "0") || !*s)
		*v = 0;
	else
		return bad(err, errlen, "'%s' is neither yes nor no", s);
	return 0;
}

/* The value of @key, CT file first; which file set it goes in *@from. */
static const char *get(const struct ctconf *cc, const char *key, const char **from,
		       const char *global_path, const char *ct_path)
{
	const char *v = conf_get(cc->ct, key);

	*from = ct_path;
	if (!v) {
		v = conf_get(cc->global, key);
		*from = global_path;
	}
	return v;
}

static int path_key(struct ctconf *cc, const char *key, const char *def, char *out,
		    size_t outlen, const char *gpath, const char *cpath, char *err, size_t errlen)
{
	const char *from, *v = get(cc, key, &from, gpath, cpath);

	if (!v || !*v)
		v = def;
	if (conf_expand(v, cc->ctid, cc->ct, cc->global, out, outlen))
		return bad(err, errlen, "%s: %s is too long", from, key);
	if (out[0] != '/')
		return bad(err, errlen, "%s: %s must be an absolute path, not '%s'", from, key, out);
	return 0;
}

static int load_values(struct ctconf *cc, const char *gpath, const char *cpath, char *err,
		       size_t errlen)
{
	char why[256], buf[1024];
	const char *v, *from;
	uint64_t bytes;

	if (path_key(cc, "VE_ROOT", "/vz/root/$VEID", cc->ve_root, sizeof(cc->ve_root), gpath,
		     cpath, err, errlen) ||
	    path_key(cc, "VE_PRIVATE", "/vz/private/$VEID", cc->ve_private,
		     sizeof(cc->ve_private), gpath, cpath, err, errlen) ||
	    path_key(cc, "TEMPLATE", "/vz/template", cc->template_dir, sizeof(cc->template_dir),
		     gpath, cpath, err, errlen) ||
	    path_key(cc, "DUMPDIR", "/vz/dump", cc->dumpdir, sizeof(cc->dumpdir), gpath, cpath,
		     err, errlen) ||
	    path_key(cc, "LOCKDIR", "/vz/lock", cc->lockdir, sizeof(cc->lockdir), gpath, cpath,
		     err, errlen))
		return -1;

	v = get(cc, "OSTEMPLATE", &from, gpath, cpath);
	if (!v || !*v)
		v = get(cc, "DEF_OSTEMPLATE", &from, gpath, cpath);
	if (v && (strchr(v, '/') || strlen(v) >= sizeof(cc->ostemplate)))
		return bad(err, errlen, "%s: OSTEMPLATE: '%s' is not a template name", from, v);
	snprintf(cc->ostemplate, sizeof(cc->ostemplate), "%s", v ? v : "");

	v = get(cc, "HOSTNAME", &from, gpath, cpath);
	if (v && *v) {
		if (ctconf_parse_hostname(v, why, sizeof(why)))
			return bad(err, errlen, "%s: HOSTNAME: %s", from, why);
		snprintf(cc->hostname, sizeof(cc->hostname), "%s", v);
	}

	v = get(cc, "IP_ADDRESS", &from, gpath, cpath);
	if (v && strlen(v) < sizeof(buf)) {
		char *save, *tok;

		strcpy(buf, v);
		for (tok = strtok_r(buf, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
			if (ctconf_parse_ip(tok, why, sizeof(why)))
				return bad(err, errlen, "%s: IP_ADDRESS: %s", from, why);
			if (cc->nr_ips == CT_MAX_IPS)
				return bad(err, errlen, "%s: IP_ADDRESS: more than %d addresses", from,
					   CT_MAX_IPS);
			snprintf(cc->ips[cc->nr_ips++], sizeof(cc->ips[0]), "%s", tok);
		}
	} else if (v) {
		return bad(err, errlen, "%s: IP_ADDRESS is too long", from);
	}

	v = get(cc, "ONBOOT", &from, gpath, cpath);
	if (v && ctconf_parse_yesno(v, &cc->onboot, why, sizeof(why)))
		return bad(err, errlen, "%s: ONBOOT: %s", from, why);

	/* Memory: RAM as a size, else OpenVZ's PHYSPAGES in pages, else MEMORY. */
	v = get(cc, "RAM", &from, gpath, cpath);
	if (v && *v) {
		if (ctconf_parse_size(v, &cc->ram, why, sizeof(why)))
			return bad(err, errlen, "%s: RAM: %s", from, why);
	} else if ((v = get(cc, "PHYSPAGES", &from, gpath, cpath)) && *v) {
		const char *lim = limit_part(v);
		unsigned long long pages;
		char *end;

		if (!strcmp(lim, "unlimited") || !strcmp(lim, "max")) {
			cc->ram = 0;
		} else if (isdigit((unsigned char)*lim) &&
			   (errno = 0, pages = strtoull(lim, &end, 10), !errno && !*end) &&
			   pages < (1ULL << 40)) {
			cc->ram = pages * PAGE_BYTES;
		} else if (!ctconf_parse_size(lim, &bytes, why, sizeof(why))) {
			cc->ram = bytes;	/* "256M" written where pages are expected */
		} else {
			return bad(err, errlen, "%s: PHYSPAGES: '%s' is not a page count", from, v);
		}
	} else if ((v = get(cc, "MEMORY", &from, gpath, cpath)) && *v) {
		if (ctconf_parse_size(v, &cc->ram, why, sizeof(why)))
			return bad(err, errlen, "%s: MEMORY: %s", from, why);
	}

	v = get(cc, "CPUUNITS", &from, gpath, cpath);
	if (v && *v && ctconf_parse_uint(v, 8, 500000, &cc->cpuunits, why, sizeof(why)))
		return bad(err, errlen, "%s: CPUUNITS: %s", from, why);
	v = get(cc, "CPULIMIT", &from, gpath, cpath);
	if (v && *v && ctconf_parse_uint(v, 0, 100 * 1024, &cc->cpulimit, why, sizeof(why)))
		return bad(err, errlen, "%s: CPULIMIT: %s", from, why);
	v = get(cc, "NUMPROC", &from, gpath, cpath);
	if (v && *v) {
		const char *lim = limit_part(v);

		if (strcmp(lim, "unlimited") && strcmp(lim, "max") &&
		    ctconf_parse_uint(lim, 0, 1 << 22, &cc->numproc, why, sizeof(why)))
			return bad(err, errlen, "%s: NUMPROC: %s", from, why);
	}
	cc->stop_timeout = 10;
	v = get(cc, "STOP_TIMEOUT", &from, gpath, cpath);
	if (v && *v && ctconf_parse_uint(v, 0, 3600, &cc->stop_timeout, why, sizeof(why)))
		return bad(err, errlen, "%s: STOP_TIMEOUT: %s", from, why);

	v = conf_get(cc->global, "VE_STOP_MODE");
	if (v && *v && strcmp(v, "suspend") && strcmp(v, "stop"))
		return bad(err, errlen, "%s: VE_STOP_MODE: '%s' is neither suspend nor stop", gpath,
			   v);
	snprintf(cc->ve_stop_mode, sizeof(cc->ve_stop_mode), "%s", v && *v ? v : "suspend");
	return 0;
}

int ctconf_load(struct ctconf *cc, unsigned int ctid, const char *global_path,
		const char *ct_conf_dir, char *err, size_t errlen)
{
	char cpath[PATH_MAX];
	struct stat st;

	memset(cc, 0, sizeof(*cc));
	cc->ctid = ctid;
	if (!global_path)
		global_path = VZ_GLOBAL_CONF;
	snprintf(cpath, sizeof(cpath), "%s/%u.conf", ct_conf_dir ? ct_conf_dir : VZ_CT_CONF_DIR,
		 ctid);
	cc->global = conf_load(global_path, 0, err, errlen);
	if (!cc->global)
		return -1;
	cc->exists = !stat(cpath, &st);
	cc->ct = conf_load(cpath, 1, err, errlen);
	if (!cc->ct || load_values(cc, global_path, cpath, err, errlen)) {
		ctconf_free(cc);
		return -1;
	}
	return 0;
}

void ctconf_free(struct ctconf *cc)
{
	conf_free(cc->global);
	conf_free(cc->ct);
	cc->global = NULL;
	cc->ct = NULL;
}
