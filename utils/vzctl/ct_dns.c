// SPDX-License-Identifier: GPL-2.0
/* A CT's /etc/resolv.conf from its NAMESERVER and SEARCHDOMAIN: see ct_dns.h. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "ct_dns.h"
#include "ct_file.h"
#include "ctconf.h"

#define RESOLV_MAX	8192

static int fail(char *err, size_t errlen, const char *what, const char *s)
{
	snprintf(err, errlen, "'%s': %s", s, what);
	return -1;
}

int ct_dns_parse_server(const char *s, char *err, size_t errlen)
{
	unsigned char addr[16];

	if (!strcmp(s, "inherit") || inet_pton(AF_INET, s, addr) == 1 ||
	    inet_pton(AF_INET6, s, addr) == 1)
		return 0;
	return fail(err, errlen, "not an IPv4 or IPv6 address, nor inherit", s);
}

int ct_dns_parse_domain(const char *s, char *err, size_t errlen)
{
	char why[160];

	/* A search domain is a host name's syntax; resolv.conf's line holds 256 characters. */
	if (ctconf_parse_hostname(s, why, sizeof(why)))
		return fail(err, errlen, "not a domain name", s);
	return 0;
}

int ct_dns_list_add(char *list, size_t len, const char *word)
{
	size_t wl = strlen(word), ll = strlen(list);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') && (p[wl] == ' ' || !p[wl]))
			return 0;
		p += wl;
	}
	if (ll + !!ll + wl + 1 > len)
		return -1;
	snprintf(list + ll, len - ll, "%s%s", ll ? " " : "", word);
	return 0;
}

static int starts(const char *line, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(line, key, n) && (line[n] == ' ' || line[n] == '\t');
}

/* The host's own name servers, as nameserver lines, appended to @out. */
static void host_servers(char *out, size_t len)
{
	char line[256];
	FILE *f = fopen("/etc/resolv.conf", "re");

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (starts(line, "nameserver") && strlen(out) + strlen(line) + 1 < len)
			strcat(out, line);
	}
	fclose(f);
}

int ct_dns_write(const char *private, const char *servers, const char *search)
{
	static char old[RESOLV_MAX], new[RESOLV_MAX + 2 * CT_DNS_LIST_MAX + 256];
	char list[CT_DNS_LIST_MAX], *line, *save = NULL, *word;
	ssize_t n;

	n = ct_file_read(private, "etc/resolv.conf", old, sizeof(old));
	if (n < 0 && errno != ENOENT)
		return -1;
	if (n < 0)
		old[0] = 0;
	new[0] = 0;
	if (search && *search)
		snprintf(new, sizeof(new), "search %s\n", search);
	for (line = strtok_r(old, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (servers && starts(line, "nameserver"))
			continue;
		if (search && (starts(line, "search") || starts(line, "domain")))
			continue;
		if (strlen(new) + strlen(line) + 2 < sizeof(new)) {
			strcat(new, line);
			strcat(new, "\n");
		}
	}
	snprintf(list, sizeof(list), "%s", servers ? servers : "");
	for (word = strtok_r(list, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
		if (!strcmp(word, "inherit")) {
			host_servers(new, sizeof(new));
			continue;
		}
		if (strlen(new) + strlen(word) + 13 < sizeof(new)) {
			strcat(new, "nameserver ");
			strcat(new, word);
			strcat(new, "\n");
		}
	}
	return ct_file_write(private, "etc/resolv.conf", new, strlen(new), 0644);
}
