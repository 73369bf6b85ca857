// SPDX-License-Identifier: GPL-2.0
/*
 * The OpenVZ config parser and the CT settings built on it: normal, odd and
 * malformed files with their FILE:LINE messages, rewriting a key in place
 * with comments and unknown keys kept, expansion, defaults and overrides,
 * and every value parser's accepted and refused inputs. TAP.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "ctconf.h"

static unsigned int tests, failed;
static char dir[] = "/tmp/vzconf-test.XXXXXX";

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failed++;
	printf("%sok %u - ", cond ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

static const char *write_file(const char *name, const char *text)
{
	static char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f)) {
		perror(path);
		exit(2);
	}
	return path;
}

static char *read_file(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

static int streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* Loading @text fails with exactly @msg (the path is replaced by "F"). */
static void refused(const char *text, const char *msg, const char *what)
{
	char err[512], want[512];
	const char *p = write_file("bad.conf", text);
	struct vzconf *c = conf_load(p, 0, err, sizeof(err));

	snprintf(want, sizeof(want), "%s:%s", p, msg);
	ok(!c && !strcmp(err, want), "refused: %s (%s)", what, c ? "accepted" : err);
	conf_free(c);
}

static void test_parse(void)
{
	char err[512];
	const char *p = write_file("odd.conf",
		"# a comment\n"
		"\n"
		"   \t\n"
		"A=plain\n"
		"B=\"double quoted\"\n"
		"C='single quoted'\n"
		"  D = spaced  \n"
		"E=\"has # hash\"\n"
		"F=val # trailing comment\n"
		"G=\"\"\n"
		"H=\r\n"
		"A=second\n"
		"I_9=x=y\n"
		"J=a#b\n"
		"K=\"last\"");
	struct vzconf *c = conf_load(p, 0, err, sizeof(err));

	ok(c != NULL, "an odd but valid file loads (%s)", c ? "" : err);
	if (!c)
		return;
	ok(streq(conf_get(c, "A"), "second"), "the last assignment wins");
	ok(streq(conf_get(c, "B"), "double quoted"), "double quotes are removed");
	ok(streq(conf_get(c, "C"), "single quoted"), "single quotes are removed");
	ok(streq(conf_get(c, "D"), "spaced"), "blanks around key and value are ignored");
	ok(streq(conf_get(c, "E"), "has # hash"), "'#' inside quotes is part of the value");
	ok(streq(conf_get(c, "F"), "val"), "a trailing comment is not part of the value");
	ok(streq(conf_get(c, "G"), ""), "an empty quoted value");
	ok(streq(conf_get(c, "H"), ""), "a CRLF line ending is dropped");
	ok(streq(conf_get(c, "I_9"), "x=y"), "'=' in a value");
	ok(streq(conf_get(c, "J"), "a#b"), "'#' not after a blank is part of an unquoted value");
	ok(streq(conf_get(c, "K"), "last"), "a last line without a newline");
	ok(conf_get(c, "Z") == NULL, "an unset key is NULL");
	conf_free(c);

	c = conf_load("/nonexistent/x.conf", 1, err, sizeof(err));
	ok(c && !conf_get(c, "A"), "a missing file is an empty config when allowed");
	conf_free(c);
	c = conf_load("/nonexistent/x.conf", 0, err, sizeof(err));
	ok(!c && strstr(err, "/nonexistent/x.conf: No such file"), "else it is an error: %s", err);

	refused("A=1\nFOO\n", "2: missing '=' after 'FOO'", "a line without '='");
	refused("A=\"open\n", "1: unterminated double quote in the value of A", "an open quote");
	refused("\nB='x\n", "2: unterminated single quote in the value of B", "an open single quote");
	refused("1A=x\n", "1: a key must start with a letter or '_': '1A=x'", "a key with a digit first");
	refused("A-B=x\n", "1: missing '=' after 'A'", "a '-' in a key");
	refused("A=\"x\" y\n", "1: text after the closing quote of A: 'y'", "text after a quote");
	{
		char *big = malloc(100000);

		memset(big, 'v', 99990);
		memcpy(big, "LONG=", 5);
		strcpy(big + 99990, "\n");
		p = write_file("long.conf", big);
		c = conf_load(p, 0, err, sizeof(err));
		ok(c && strlen(conf_get(c, "LONG")) == 99985, "a very long line");
		conf_free(c);
		free(big);
	}
}

static void test_rewrite(void)
{
	char err[512], out[256];
	const char *p = write_file("ct.conf",
		"# Container 101\n"
		"HOSTNAME=\"old\"\n"
		"UNKNOWN_KEY='keep me'\n"
		"\n"
		"# limits\n"
		"NUMPROC=\"100:100\"\n");
	struct vzconf *c = conf_load(p, 0, err, sizeof(err));
	char *text;

	ok(c != NULL, "load for a rewrite");
	if (!c)
		return;
	ok(!conf_set(c, "HOSTNAME", "new") && !conf_set(c, "ONBOOT", "yes") &&
	   !conf_set(c, "IP_ADDRESS", "10.0.0.1 \"q\"\n"), "set three keys");
	ok(streq(conf_get(c, "IP_ADDRESS"), "10.0.0.1 q"), "quotes and newlines are kept out of a value");
	ok(!conf_save(c, p), "save");
	text = read_file(p);
	ok(streq(text, "# Container 101\nHOSTNAME=\"new\"\nUNKNOWN_KEY='keep me'\n\n# limits\n"
		       "NUMPROC=\"100:100\"\nONBOOT=\"yes\"\nIP_ADDRESS=\"10.0.0.1 q\"\n"),
	   "the key is rewritten in place; comments, blank lines, unknown keys and order kept");
	conf_unset(c, "UNKNOWN_KEY");
	ok(!conf_get(c, "UNKNOWN_KEY"), "unset");
	conf_free(c);
	c = conf_load(p, 0, err, sizeof(err));
	ok(c && streq(conf_get(c, "HOSTNAME"), "new"), "what was saved reads back");

	ok(!conf_expand("$VEID/${VEID}/$HOSTNAME/${ONBOOT}x/$NOPE/$/a$", 101, c, NULL, out,
			sizeof(out)) && streq(out, "101/101/new/yesx//$/a$"),
	   "expansion of $NAME and ${NAME}, unknown names empty: %s", out);
	ok(conf_expand("$VEID-long", 101, c, NULL, out, 4) == -ENAMETOOLONG,
	   "an expansion too long for its buffer is refused");
	conf_free(c);
	p = write_file("loop.conf", "A=$B\nB=$A\nC=$D/x\nD=/root/$VEID\n");
	c = conf_load(p, 0, err, sizeof(err));
	ok(c && !conf_expand("$C", 7, c, NULL, out, sizeof(out)) && streq(out, "/root/7/x"),
	   "a value refers to another: %s", out);
	ok(c && !conf_expand("$A", 7, c, NULL, out, sizeof(out)), "a reference loop ends");
	conf_free(c);
}

static void test_ctconf(void)
{
	struct ctconf cc;
	char err[512], gpath[256], cdir[256];

	snprintf(gpath, sizeof(gpath), "%s", write_file("vz.conf",
		"VE_ROOT=/vz/root/$VEID\nVE_PRIVATE=/vz/private/$VEID\nDUMPDIR=$VE_ROOT/../dump\n"
		"DEF_OSTEMPLATE=busybox\nCPUUNITS=1000\n"));
	snprintf(cdir, sizeof(cdir), "%s/conf", dir);
	if (mkdir(cdir, 0755))
		perror(cdir);
	ok(!ctconf_load(&cc, 101, gpath, cdir, err, sizeof(err)), "a CT without a config loads");
	ok(!cc.exists && streq(cc.ve_root, "/vz/root/101") && streq(cc.ve_private, "/vz/private/101"),
	   "VE_ROOT and VE_PRIVATE expanded: %s %s", cc.ve_root, cc.ve_private);
	ok(streq(cc.dumpdir, "/vz/root/101/../dump"), "DUMPDIR refers to VE_ROOT: %s", cc.dumpdir);
	ok(streq(cc.lockdir, "/vz/lock") && streq(cc.template_dir, "/vz/template") &&
	   cc.stop_timeout == 10 && streq(cc.ve_stop_mode, "suspend") && cc.cpuunits == 1000,
	   "defaults and global values");
	ok(streq(cc.ostemplate, "busybox"), "OSTEMPLATE defaults to DEF_OSTEMPLATE");
	ctconf_free(&cc);

	write_file("conf/102.conf", "HOSTNAME=ct102\nIP_ADDRESS=\"10.0.0.2 10.0.0.3/24\"\n"
		   "PHYSPAGES=\"0:65536\"\nNUMPROC=\"40:50\"\nCPUUNITS=2000\nONBOOT=yes\n"
		   "VE_ROOT=/ct/$VEID\nOSTEMPLATE=other\n");
	ok(!ctconf_load(&cc, 102, gpath, cdir, err, sizeof(err)), "a CT config loads (%s)", err);
	ok(cc.exists && streq(cc.hostname, "ct102") && cc.nr_ips == 2 &&
	   streq(cc.ips[1], "10.0.0.3/24"), "hostname and addresses");
	ok(cc.ram == 65536ULL * 4096 && cc.numproc == 50 && cc.cpuunits == 2000 && cc.onboot,
	   "PHYSPAGES in pages, NUMPROC's limit, the CT's CPUUNITS over the global one, ONBOOT");
	ok(streq(cc.ve_root, "/ct/102") && streq(cc.ostemplate, "other"), "the CT file overrides");
	ctconf_free(&cc);

	write_file("conf/103.conf", "RAM=256M\n");
	ok(!ctconf_load(&cc, 103, gpath, cdir, err, sizeof(err)) && cc.ram == 256ULL << 20,
	   "RAM as a size");
	ctconf_free(&cc);

	write_file("conf/104.conf", "HOSTNAME=\"bad host\"\n");
	ok(ctconf_load(&cc, 104, gpath, cdir, err, sizeof(err)) && strstr(err, "104.conf: HOSTNAME:"),
	   "a bad value names file and key: %s", err);
	write_file("conf/105.conf", "IP_ADDRESS=\"10.0.0.1 10.0.0\"\n");
	ok(ctconf_load(&cc, 105, gpath, cdir, err, sizeof(err)) && strstr(err, "IP_ADDRESS:"),
	   "a bad address: %s", err);
	write_file("conf/106.conf", "VE_ROOT=relative/$VEID\n");
	ok(ctconf_load(&cc, 106, gpath, cdir, err, sizeof(err)) && strstr(err, "absolute"),
	   "a relative VE_ROOT: %s", err);
	write_file("conf/107.conf", "NUMPROC=lots\n");
	ok(ctconf_load(&cc, 107, gpath, cdir, err, sizeof(err)) && strstr(err, "NUMPROC"),
	   "a bad NUMPROC: %s", err);
	write_file("conf/108.conf", "GARBAGE\n");
	ok(ctconf_load(&cc, 108, gpath, cdir, err, sizeof(err)) && strstr(err, "108.conf:1:"),
	   "a malformed CT file: %s", err);
	ok(ctconf_load(&cc, 101, "/nonexistent/vz.conf", cdir, err, sizeof(err)),
	   "a missing global config");
}

static void test_values(void)
{
	static const struct { const char *s; uint64_t v; } sizes[] = {
		{ "0", 0 }, { "4096", 4096 }, { "64K", 65536 }, { "256M", 256ULL << 20 },
		{ "1G", 1ULL << 30 }, { "2T", 2ULL << 40 }, { "512mb", 512ULL << 20 },
		{ "unlimited", 0 }, { "0:128M", 128ULL << 20 },
	};
	static const char *const bad_sizes[] = { "", "lots", "-1", "12Q", "1.5G", "M", "99999999999T" };
	static const char *const good_ips[] = { "10.0.0.1", "192.168.1.254/24", "1.2.3.4/32" };
	static const char *const bad_ips[] = {
		"10.0.0", "10.0.0.256", "10.0.0.1/33", "10.0.0.1/0", "a.b.c.d", "", "0.0.0.0",
		"127.0.0.1", "255.255.255.255", "224.0.0.1", "10.0.0.1/", "::1",
	};
	static const char *const good_hosts[] = { "ct101", "a", "web-1.example.com", "A1-b2" };
	static const char *const bad_hosts[] = {
		"", "-a", "a-", "a..b", ".a", "a.", "bad name", "a_b",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
	};
	char err[256];
	unsigned int u;
	uint64_t v;
	int yn;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		ok(!ctconf_parse_size(sizes[i].s, &v, err, sizeof(err)) && v == sizes[i].v,
		   "size '%s'", sizes[i].s);
	for (i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++)
		ok(ctconf_parse_size(bad_sizes[i], &v, err, sizeof(err)), "not a size: '%s' (%s)",
		   bad_sizes[i], err);
	ok(!ctconf_parse_uint("50", 0, 100, &u, err, sizeof(err)) && u == 50, "uint in range");
	ok(ctconf_parse_uint("101", 0, 100, &u, err, sizeof(err)) && strstr(err, "range"),
	   "uint out of range: %s", err);
	ok(ctconf_parse_uint("5x", 0, 100, &u, err, sizeof(err)), "uint with junk");
	ok(ctconf_parse_uint("-5", 0, 100, &u, err, sizeof(err)), "negative uint");
	ok(ctconf_parse_uint("99999999999999999999", 0, 100, &u, err, sizeof(err)), "huge uint");
	for (i = 0; i < sizeof(good_ips) / sizeof(good_ips[0]); i++)
		ok(!ctconf_parse_ip(good_ips[i], err, sizeof(err)), "address '%s'", good_ips[i]);
	for (i = 0; i < sizeof(bad_ips) / sizeof(bad_ips[0]); i++)
		ok(ctconf_parse_ip(bad_ips[i], err, sizeof(err)), "not an address: '%s' (%s)",
		   bad_ips[i], err);
	for (i = 0; i < sizeof(good_hosts) / sizeof(good_hosts[0]); i++)
		ok(!ctconf_parse_hostname(good_hosts[i], err, sizeof(err)), "host name '%s'",
		   good_hosts[i]);
	for (i = 0; i < sizeof(bad_hosts) / sizeof(bad_hosts[0]); i++)
		ok(ctconf_parse_hostname(bad_hosts[i], err, sizeof(err)), "not a host name: '%s'",
		   bad_hosts[i]);
	ok(!ctconf_parse_yesno("yes", &yn, err, sizeof(err)) && yn, "yes");
	ok(!ctconf_parse_yesno("no", &yn, err, sizeof(err)) && !yn, "no");
	ok(ctconf_parse_yesno("maybe", &yn, err, sizeof(err)), "maybe is refused");
}

int main(void)
{
	char cmd[300];

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_parse();
	test_rewrite();
	test_ctconf();
	test_values();
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd))
		fprintf(stderr, "could not remove %s\n", dir);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
