// SPDX-License-Identifier: GPL-2.0
/*
 * A container's settings: vz.conf overlaid with CTID.conf, paths expanded,
 * every value checked here once so that the container code can trust them.
 * The value parsers are also those of `vzctl set`.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ct_caps.h"
#include "ctconf.h"
#include "ct_userns.h"
#include "vzerror.h"

#define DEF_STOP_TIMEOUT	120	/* OpenVZ's: a distribution's rc scripts take their time */
#define DEF_STOP_MODE		"suspend"
#define DEF_DUMPDIR		"/vz/dump"
#define DEF_LOCKDIR		"/vz/lock"
#define DEF_TEMPLATE		"/vz/template"
#define OPENVZ_UNLIMITED	"9223372036854775807"	/* LONG_MAX, OpenVZ's "no limit" */

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err && errlen) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

void ctconf_path(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, VZ_CT_CONF_DIR "/%u.conf", ctid);
}

/* Decimal digits only (no sign, no spaces) into @v; 0, or -1 if not a number or too big. */
static int parse_u64(const char *s, size_t len, uint64_t *v)
{
	uint64_t n = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (n > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10)
			return -1;
		n = n * 10 + (uint64_t)(s[i] - '0');
	}
	*v = n;
	return 0;
}

static int is_unlimited(const char *s, size_t len)
{
	return (len == 9 && !strncmp(s, "unlimited", 9)) ||
	       (len == strlen(OPENVZ_UNLIMITED) && !strncmp(s, OPENVZ_UNLIMITED, len));
}

/*
 * One size of @len characters: "unlimited", OpenVZ's LONG_MAX, or a number
 * with an optional K/M/G/T suffix (bytes) or none (@bare units). 0 is set
 * for no limit.
 */
static int parse_one_size(const char *s, size_t len, uint64_t bare, uint64_t *bytes)
{
	uint64_t n, mult = bare;
	const char *sfx;

	if (is_unlimited(s, len)) {
		*bytes = 0;
		return 0;
	}
	if (len && (sfx = strchr("KkMmGgTt", s[len - 1])) && *sfx) {
		mult = 1ULL << (10 * (1 + (sfx - "KkMmGgTt") / 2));
		len--;
	}
	if (parse_u64(s, len, &n) || (n && mult > UINT64_MAX / n))
		return -1;
	*bytes = n * mult;
	return 0;
}

/* barrier:limit or a single value; the limit in @bytes. */
static int parse_sizes(const char *s, uint64_t bare, uint64_t *bytes)
{
	const char *colon = strchr(s, ':');
	uint64_t barrier;

	if (!colon)
		return parse_one_size(s, strlen(s), bare, bytes);
	if (parse_one_size(s, (size_t)(colon - s), bare, &barrier))
		return -1;
	return parse_one_size(colon + 1, strlen(colon + 1), bare, bytes);
}

int ctconf_parse_size(const char *s, uint64_t *bytes, char *err, size_t errlen)
{
	if (parse_sizes(s, 1, bytes))
		return fail(err, errlen, "'%s' is not a size (bytes, or a number with a K, M, G or T suffix, or unlimited)", s);
	return 0;
}

int ctconf_parse_pages(const char *s, uint64_t *bytes, char *err, size_t errlen)
{
	if (parse_sizes(s, CT_PAGE_SIZE, bytes))
		return fail(err, errlen, "'%s' is not a size (4 KiB pages, or a number with a K, M, G or T suffix, or unlimited)", s);
	return 0;
}

int ctconf_parse_uint(const char *s, unsigned int min, unsigned int max,
		      unsigned int *v, char *err, size_t errlen)
{
	uint64_t n;

	if (parse_u64(s, strlen(s), &n) || n < min || n > max)
		return fail(err, errlen, "'%s' is not a number from %u to %u", s, min, max);
	*v = (unsigned int)n;
	return 0;
}

int ctconf_parse_count(const char *s, unsigned int max, unsigned int *v, char *err, size_t errlen)
{
	const char *colon = strchr(s, ':'), *lim = colon ? colon + 1 : s;
	uint64_t n;

	/* The barrier only has to be well formed: the limit is what is applied. */
	if (colon && !is_unlimited(s, (size_t)(colon - s)) && parse_u64(s, (size_t)(colon - s), &n))
		goto bad;
	if (is_unlimited(lim, strlen(lim))) {
		*v = 0;
		return 0;
	}
	if (parse_u64(lim, strlen(lim), &n) || n < 1 || n > max)
		goto bad;
	*v = (unsigned int)n;
	return 0;
bad:
	return fail(err, errlen, "'%s' is not a count from 1 to %u, barrier:limit or unlimited", s, max);
}

int ctconf_parse_cpulimit(const char *s, unsigned int *v, char *err, size_t errlen)
{
	size_t len = strlen(s);
	uint64_t n;

	if (len && s[len - 1] == '%')
		len--;
	if (parse_u64(s, len, &n) || n > CT_CPULIMIT_MAX)
		return fail(err, errlen, "'%s' is not a CPU limit from 0 to %u (%% of one CPU)",
			    s, CT_CPULIMIT_MAX);
	*v = (unsigned int)n;
	return 0;
}

int ctconf_parse_yesno(const char *s, int *v, char *err, size_t errlen)
{
	if (!strcmp(s, "yes"))
		*v = 1;
	else if (!strcmp(s, "no"))
		*v = 0;
	else
		return fail(err, errlen, "'%s' is neither yes nor no", s);
	return 0;
}

/* a.b.c.d into @addr (host order), each part 0..255 without leading zeros; the length read or 0. */
static size_t parse_ipv4(const char *s, uint32_t *addr)
{
	const char *p = s;
	uint32_t a = 0;
	int i;

	for (i = 0; i < 4; i++) {
		unsigned int part = 0, digits = 0;

		if (i && *p++ != '.')
			return 0;
		while (isdigit((unsigned char)*p) && digits < 4) {
			part = part * 10 + (unsigned int)(*p++ - '0');
			digits++;
		}
		/* "010" is octal to inet_aton and decimal to a reader: refuse it. */
		if (!digits || digits > 3 || part > 255 || (digits > 1 && p[-(int)digits] == '0'))
			return 0;
		a = a << 8 | part;
	}
	*addr = a;
	return (size_t)(p - s);
}

int ctconf_parse_ip(const char *s, char *err, size_t errlen)
{
	size_t n;
	uint32_t a;
	unsigned int prefix;

	if (strchr(s, ':'))
		return fail(err, errlen, "'%s': only IPv4 addresses are supported", s);
	n = parse_ipv4(s, &a);
	if (!n || (s[n] && s[n] != '/'))
		return fail(err, errlen, "'%s' is not an IPv4 address (a.b.c.d or a.b.c.d/prefix)", s);
	if (s[n] == '/' && ctconf_parse_uint(s + n + 1, 1, 32, &prefix, NULL, 0))
		return fail(err, errlen, "'%s': the prefix length must be from 1 to 32", s);
	if ((a >> 24) == 0 || (a >> 24) == 127 || (a >> 24) >= 224)
		return fail(err, errlen, "'%s' cannot be a container's address (%s)", s,
			    (a >> 24) == 0 ? "network 0" : (a >> 24) == 127 ? "loopback" :
			    (a >> 24) < 240 ? "multicast" : "reserved");
	return 0;
}

int ctconf_parse_hostname(const char *s, char *err, size_t errlen)
{
	const char *label = s, *p;
	size_t len = strlen(s);

	if (!len || len > 64)
		return fail(err, errlen, "hostname '%s': must be 1 to 64 characters", s);
	for (p = s;; p++) {
		if (*p == '.' || !*p) {
			size_t l = (size_t)(p - label);

			if (!l || l > 63)
				return fail(err, errlen, "hostname '%s': empty or too long label", s);
			if (label[0] == '-' || p[-1] == '-')
				return fail(err, errlen, "hostname '%s': a label starts or ends with '-'", s);
			if (!*p)
				break;
			label = p + 1;
		} else if (!isalnum((unsigned char)*p) && *p != '-') {
			return fail(err, errlen, "hostname '%s': '%c' is not a letter, digit, '-' or '.'",
				    s, isprint((unsigned char)*p) ? *p : '?');
		}
	}
	return 0;
}

int ctconf_parse_ostemplate(const char *s, char *err, size_t errlen)
{
	size_t len = strlen(s), i;

	if (!len || len >= sizeof(((struct ctconf *)0)->ostemplate) || s[0] == '.')
		goto bad;
	for (i = 0; i < len; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("._-+", s[i]))
			goto bad;
	return 0;
bad:
	return fail(err, errlen, "'%s' is not a template name (letters, digits, '.', '_', '-', '+')", s);
}

/* Where a key was found, for messages. */
struct src {
	const char *key, *value;
	const struct vzconf *conf;
};

/* @key from the CT's file, else from vz.conf; NULL if neither sets it. */
static const char *lookup(const struct ctconf *cc, const char *key, struct src *where)
{
	const struct vzconf *c = conf_get(cc->ct, key) ? cc->ct : cc->global;
	const char *v = conf_get(c, key);

	if (where) {
		where->key = key;
		where->value = v;
		where->conf = c;
	}
	return v;
}

/* "FILE:LINE: KEY: " (or without LINE) before @why, and the exit code. */
static int bad(struct ctconf *cc, const struct src *w, const char *why, char *err, size_t errlen)
{
	const char *path = conf_path(w->conf);
	unsigned int line = conf_lineno(w->conf, w->key);

	cc->error = VZ_INVALID_CONFIG;
	if (line)
		return fail(err, errlen, "%s:%u: bad %s: %s", path, line, w->key, why);
	return fail(err, errlen, "%s: bad %s: %s", path ? path : "config", w->key, why);
}

/* A NAMESERVER or SEARCHDOMAIN list into @out (CT_DNS_LIST_MAX), each word checked by @parse. */
static int load_dns(const struct ctconf *cc, const char *key,
		    int (*parse)(const char *, char *, size_t), char *out, struct src *w,
		    char *why, size_t len)
{
	const char *v = lookup(cc, key, w);
	char list[CT_DNS_LIST_MAX], *tok, *save = NULL;

	out[0] = 0;
	if (!v)
		return 0;
	if (strlen(v) >= sizeof(list))
		return fail(why, len, "longer than %d characters", CT_DNS_LIST_MAX - 1);
	strcpy(list, v);
	for (tok = strtok_r(list, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (parse(tok, why, len) || ct_dns_list_add(out, CT_DNS_LIST_MAX, tok))
			return -1;
	}
	return 0;
}

/*
 * Path @key, expanded, absolute, trailing slashes dropped, into @out; @def
 * when unset. 0, 1 if unset without a default, or -1 on a bad value.
 */
static int get_path(struct ctconf *cc, const char *key, const char *def, char *out, size_t len,
		    char *err, size_t errlen)
{
	struct src w;
	const char *v = lookup(cc, key, &w);
	size_t n;

	if (!v || !*v) {
		if (!def)
			return 1;
		snprintf(out, len, "%s", def);
		return 0;
	}
	if (conf_expand(v, cc->ctid, cc->ct, cc->global, out, len))
		return bad(cc, &w, "too long once expanded", err, errlen);
	if (!out[0])
		return def ? (snprintf(out, len, "%s", def), 0) : 1;
	if (out[0] != '/') {
		char why[PATH_MAX + 64];

		snprintf(why, sizeof(why), "'%s' is not an absolute path", out);
		return bad(cc, &w, why, err, errlen);
	}
	n = strlen(out);
	while (n > 1 && out[n - 1] == '/')
		out[--n] = 0;
	return 0;
}

/* RAM, MEMORY (bytes) or PHYSPAGES (pages) from @c; 1 if none is set there. */
static int get_ram(struct ctconf *cc, const struct vzconf *c, char *err, size_t errlen)
{
	static const char *const keys[] = { "RAM", "MEMORY", "PHYSPAGES" };
	char why[256];
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct src w = { keys[i], conf_get(c, keys[i]), c };
		int r;

		if (!w.value)
			continue;
		if (i == 2)
			r = ctconf_parse_pages(w.value, &cc->ram, why, sizeof(why));
		else
			r = ctconf_parse_size(w.value, &cc->ram, why, sizeof(why));
		return r ? bad(cc, &w, why, err, errlen) : 0;
	}
	return 1;
}

/* USERNS, LOCAL_UID, LOCAL_GID: a range of ids of the host's, above its own 0..65535. */
static int load_userns(struct ctconf *cc, char *err, size_t errlen)
{
	static const char *const keys[] = { "LOCAL_UID", "LOCAL_GID" };
	unsigned int *ids[] = { &cc->local_uid, &cc->local_gid };
	char why[256];
	struct src w;
	const char *v;

	v = lookup(cc, "USERNS", &w);
	if (v && ctconf_parse_yesno(v, &cc->userns, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);
	for (size_t i = 0; i < 2; i++) {
		v = lookup(cc, keys[i], &w);
		*ids[i] = ct_userns_default_base(cc->ctid);
		if (v && ctconf_parse_uint(v, CT_USERNS_MIN, UINT32_MAX - CT_USERNS_RANGE, ids[i],
					   why, sizeof(why)))
			return bad(cc, &w, why, err, errlen);
		if (cc->userns && !*ids[i]) {
			snprintf(why, sizeof(why), "CT %u has no default range of ids: set %s",
				 cc->ctid, keys[i]);
			lookup(cc, "USERNS", &w);
			return bad(cc, &w, why, err, errlen);
		}
	}
	return 0;
}

static int load_values(struct ctconf *cc, char *err, size_t errlen)
{
	char why[512], ips[CT_MAX_IPS * 64 + 1];
	struct src w;
	const char *v;
	int r;

	r = get_path(cc, "VE_ROOT", NULL, cc->ve_root, sizeof(cc->ve_root), err, errlen);
	if (r < 0)
		return r;
	if (r > 0) {
		cc->error = VZ_VE_ROOT_NOTSET;
		return fail(err, errlen, "VE_ROOT is not set (%s, %s)",
			    conf_path(cc->global), cc->conf_file);
	}
	r = get_path(cc, "VE_PRIVATE", NULL, cc->ve_private, sizeof(cc->ve_private), err, errlen);
	if (r < 0)
		return r;
	if (r > 0) {
		cc->error = VZ_VE_PRIVATE_NOTSET;
		return fail(err, errlen, "VE_PRIVATE is not set (%s, %s)",
			    conf_path(cc->global), cc->conf_file);
	}
	/* The root is mounted over and the private area unpacked into: never the host's /. */
	lookup(cc, "VE_ROOT", &w);
	if (!strcmp(cc->ve_root, "/"))
		return bad(cc, &w, "the container root cannot be /", err, errlen);
	lookup(cc, "VE_PRIVATE", &w);
	if (!strcmp(cc->ve_private, "/"))
		return bad(cc, &w, "the private area cannot be /", err, errlen);
	if (!strcmp(cc->ve_private, cc->ve_root))
		return bad(cc, &w, "the private area cannot be VE_ROOT itself", err, errlen);
	if (get_path(cc, "TEMPLATE", DEF_TEMPLATE, cc->template_dir, sizeof(cc->template_dir),
		     err, errlen) ||
	    get_path(cc, "DUMPDIR", DEF_DUMPDIR, cc->dumpdir, sizeof(cc->dumpdir), err, errlen) ||
	    get_path(cc, "LOCKDIR", DEF_LOCKDIR, cc->lockdir, sizeof(cc->lockdir), err, errlen))
		return -1;

	v = lookup(cc, "OSTEMPLATE", &w);
	if (!v || !*v)
		v = lookup(cc, "DEF_OSTEMPLATE", &w);
	if (!v || !*v)
		v = CT_DEF_OSTEMPLATE;
	if (ctconf_parse_ostemplate(v, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);
	snprintf(cc->ostemplate, sizeof(cc->ostemplate), "%s", v);

	v = lookup(cc, "HOSTNAME", &w);
	if (v && *v) {
		if (ctconf_parse_hostname(v, why, sizeof(why)))
			return bad(cc, &w, why, err, errlen);
		snprintf(cc->hostname, sizeof(cc->hostname), "%s", v);
	}

	if (load_dns(cc, "NAMESERVER", ct_dns_parse_server, cc->nameserver, &w, why, sizeof(why)) ||
	    load_dns(cc, "SEARCHDOMAIN", ct_dns_parse_domain, cc->searchdomain, &w, why,
		     sizeof(why)))
		return bad(cc, &w, why, err, errlen);

	v = lookup(cc, "IP_ADDRESS", &w);
	if (v) {
		char *tok, *save = NULL;
		int i;

		if (strlen(v) >= sizeof(ips))
			return bad(cc, &w, "too many addresses", err, errlen);
		strcpy(ips, v);
		for (tok = strtok_r(ips, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
			if (cc->nr_ips == CT_MAX_IPS) {
				snprintf(why, sizeof(why), "more than %d addresses", CT_MAX_IPS);
				return bad(cc, &w, why, err, errlen);
			}
			if (ctconf_parse_ip(tok, why, sizeof(why)))
				return bad(cc, &w, why, err, errlen);
			for (i = 0; i < cc->nr_ips; i++) {
				if (strcspn(cc->ips[i], "/") == strcspn(tok, "/") &&
				    !strncmp(cc->ips[i], tok, strcspn(tok, "/"))) {
					snprintf(why, sizeof(why), "%s is given twice", tok);
					return bad(cc, &w, why, err, errlen);
				}
			}
			snprintf(cc->ips[cc->nr_ips++], sizeof(cc->ips[0]), "%s", tok);
		}
	}

	v = lookup(cc, "ONBOOT", &w);
	if (v && ctconf_parse_yesno(v, &cc->onboot, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);

	/* The CT's own memory setting, whichever key it uses, wins over vz.conf's. */
	r = get_ram(cc, cc->ct, err, errlen);
	if (r > 0)
		r = get_ram(cc, cc->global, err, errlen);
	if (r < 0)
		return r;

	v = lookup(cc, "CPUUNITS", &w);
	if (v && ctconf_parse_uint(v, CT_CPUUNITS_MIN, CT_CPUUNITS_MAX, &cc->cpuunits,
				   why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);
	v = lookup(cc, "CPULIMIT", &w);
	if (v && ctconf_parse_cpulimit(v, &cc->cpulimit, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);
	v = lookup(cc, "NUMPROC", &w);
	if (v && ctconf_parse_count(v, CT_NUMPROC_MAX, &cc->numproc, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);

	v = lookup(cc, "CAPABILITY", &w);
	if (v && ct_caps_parse(v, &cc->cap_on, &cc->cap_off, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);
	v = lookup(cc, "DEVICES", &w);
	if (v && ct_devices_parse(v, cc->devices, &cc->nr_devices, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);

	cc->stop_timeout = DEF_STOP_TIMEOUT;
	v = lookup(cc, "STOP_TIMEOUT", &w);
	if (v && ctconf_parse_uint(v, 1, CT_STOP_TIMEOUT_MAX, &cc->stop_timeout, why, sizeof(why)))
		return bad(cc, &w, why, err, errlen);

	v = lookup(cc, "VE_STOP_MODE", &w);
	if (!v || !*v)
		v = DEF_STOP_MODE;
	if (strcmp(v, "suspend") && strcmp(v, "stop")) {
		snprintf(why, sizeof(why), "'%s' is neither suspend nor stop", v);
		return bad(cc, &w, why, err, errlen);
	}
	snprintf(cc->ve_stop_mode, sizeof(cc->ve_stop_mode), "%s", v);
	return load_userns(cc, err, errlen);
}

int ctconf_load(struct ctconf *cc, unsigned int ctid, const char *global_path,
		const char *ct_conf_dir, char *err, size_t errlen)
{
	const char *gpath = global_path ? global_path : VZ_GLOBAL_CONF;
	const char *dir = ct_conf_dir ? ct_conf_dir : VZ_CT_CONF_DIR;

	memset(cc, 0, sizeof(*cc));
	cc->ctid = ctid;
	cc->error = VZ_INVALID_CONFIG;
	if (snprintf(cc->conf_file, sizeof(cc->conf_file), "%s/%u.conf", dir, ctid) >=
	    (int)sizeof(cc->conf_file))
		return fail(err, errlen, "%s: path too long", dir);
	cc->global = conf_load(gpath, 1, err, errlen);
	if (!cc->global)
		goto fail;
	if (!conf_path(cc->global)) {	/* conf_load gives a missing file as an empty config */
		cc->error = VZ_NOCONFIG;
		fail(err, errlen, "global configuration file %s not found", gpath);
		goto fail;
	}
	cc->ct = conf_load(cc->conf_file, 1, err, errlen);
	if (!cc->ct)
		goto fail;
	cc->exists = conf_path(cc->ct) != NULL;
	if (load_values(cc, err, errlen))
		goto fail;
	cc->error = 0;
	return 0;
fail:
	ctconf_free(cc);	/* callers need not free after a failure */
	return -1;
}

void ctconf_free(struct ctconf *cc)
{
	conf_free(cc->global);
	conf_free(cc->ct);
	cc->global = NULL;
	cc->ct = NULL;
}
