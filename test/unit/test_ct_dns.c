// SPDX-License-Identifier: GPL-2.0
/*
 * ct_dns: the --nameserver and --searchdomain values, and the CT's
 * resolv.conf rewritten as OpenVZ's set_dns did (its other lines kept; a
 * symlink planted in place of the file refused).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct_dns.h"
#include "tap.h"

static char ct[64];

static void put(const char *rel, const char *s)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", ct, rel);
	f = fopen(path, "w");
	if (!f || fputs(s, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

static const char *get(const char *rel)
{
	static char buf[1024];
	char path[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", ct, rel);
	f = fopen(path, "r");
	if (!f)
		return "(none)";
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static void test_parse(void)
{
	char err[128];

	ok(!ct_dns_parse_server("10.1.1.1", err, sizeof(err)), "an IPv4 name server");
	ok(!ct_dns_parse_server("2001:db8::53", err, sizeof(err)), "an IPv6 name server");
	ok(!ct_dns_parse_server("inherit", err, sizeof(err)), "inherit");
	ok(ct_dns_parse_server("10.1.1", err, sizeof(err)) &&
	   !strcmp(err, "'10.1.1': not an IPv4 or IPv6 address, nor inherit"),
	   "a short address is refused (%s)", err);
	ok(ct_dns_parse_server("1.1.1.1\nnameserver 6.6.6.6", err, sizeof(err)),
	   "a value with a newline is refused");
	ok(!ct_dns_parse_domain("example.org", err, sizeof(err)), "a domain");
	ok(ct_dns_parse_domain("a b", err, sizeof(err)), "a domain with a space is refused");
	ok(ct_dns_parse_domain("x\noptions debug", err, sizeof(err)),
	   "a domain with a newline is refused");
}

static void test_list(void)
{
	char l[24] = "";

	ok(!ct_dns_list_add(l, sizeof(l), "10.0.0.1") && !strcmp(l, "10.0.0.1"), "first");
	ok(!ct_dns_list_add(l, sizeof(l), "10.0.0.10") && !strcmp(l, "10.0.0.1 10.0.0.10"),
	   "a second, which the first is a prefix of");
	ok(!ct_dns_list_add(l, sizeof(l), "10.0.0.1") && !strcmp(l, "10.0.0.1 10.0.0.10"),
	   "a repeat is kept once");
	ok(ct_dns_list_add(l, sizeof(l), "192.168.100.100"), "a full list says so");
}

static void test_write(void)
{
	char path[128];
	int r;

	put("etc/resolv.conf", "domain old.org\nnameserver 1.1.1.1\noptions ndots:2\n");
	ok(!ct_dns_write(ct, "10.1.1.1 2001:db8::53", NULL), "name servers written");
	ok(!strcmp(get("etc/resolv.conf"),
		   "domain old.org\noptions ndots:2\nnameserver 10.1.1.1\nnameserver 2001:db8::53\n"),
	   "the nameserver lines replaced, the others kept: %s", get("etc/resolv.conf"));
	ok(!ct_dns_write(ct, NULL, "a.org b.org"), "search domains written");
	ok(!strcmp(get("etc/resolv.conf"),
		   "search a.org b.org\noptions ndots:2\nnameserver 10.1.1.1\nnameserver 2001:db8::53\n"),
	   "the domain line replaced by one search line: %s", get("etc/resolv.conf"));
	snprintf(path, sizeof(path), "%s/etc/resolv.conf", ct);
	unlink(path);
	ok(!ct_dns_write(ct, "10.2.2.2", "") && !strcmp(get("etc/resolv.conf"), "nameserver 10.2.2.2\n"),
	   "a missing resolv.conf is made");
	unlink(path);
	if (symlink("/etc/passwd", path)) {
		perror(path);
		exit(1);
	}
	errno = 0;
	r = ct_dns_write(ct, "10.3.3.3", NULL);
	ok(r && errno == ELOOP, "a symlink in its place is refused, not followed (errno %d)", errno);
}

int main(void)
{
	char cmd[128], etc[96];

	snprintf(ct, sizeof(ct), "/tmp/vzt-dns.XXXXXX");
	if (!mkdtemp(ct)) {
		perror("mkdtemp");
		return 2;
	}
	snprintf(etc, sizeof(etc), "%s/etc", ct);
	mkdir(etc, 0755);
	test_parse();
	test_list();
	test_write();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", ct);
	if (system(cmd))
		printf("# could not remove %s\n", ct);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
