// SPDX-License-Identifier: GPL-2.0
/*
 * The OpenVZ config parser, its rewriting and expansion, a container's
 * settings and the value parsers (TAP): normal, odd and malformed files
 * with their exact FILE:LINE messages; set + save keeping comments and
 * unknown keys; defaults and overrides; accepted and refused values.
 * Built with ASan and UBSan.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include <unistd.h>

#include "config.h"
#include "ct_caps.h"
#include "ctconf.h"
#include "vzerror.h"
#include "tap.h"

static char dir[64];

static void is_str(const char *got, const char *want, const char *what)
{
	if (!ok(got && want ? !strcmp(got, want) : got == want, "%s", what))
		printf("#   got:  %s%s%s\n#   want: %s%s%s\n", got ? "'" : "", got ? got : "NULL",
		       got ? "'" : "", want ? "'" : "", want ? want : "NULL", want ? "'" : "");
}

/* Write @text to DIR/@name; the path in a static buffer. */
static const char *put_file(const char *name, const char *text, size_t len)
{
	static char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || close(fd)) {
		perror(path);
		exit(2);
	}
	return path;
}

static const char *put(const char *name, const char *text)
{
	return put_file(name, text, strlen(text));
}

static char *slurp(const char *path)
{
	static char buf[8192];
	FILE *f = fopen(path, "re");
	size_t n;

	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = 0;
	fclose(f);
	return buf;
}

/* --- the parser --- */

static void test_normal(void)
{
	const char *p = put("normal.conf",
		"## A comment\n"
		"\n"
		"   # an indented comment\n"
		"DQ=\"double quoted\"\n"
		"SQ='single $quoted'\n"
		"BARE=bare\n"
		"  SPACED  =  \"x y\"  \n"
		"\tTAB=\tv\t\n"
		"HASH=\"a # not a comment\"\n"
		"BARE_HASH=a#b\n"
		"BARE_COMMENT=value # a comment\n"
		"QUOTE_COMMENT=\"v\" # a comment\n"
		"ESC=\"say \\\"hi\\\" \\\\ \\n\"\n"
		"EMPTY=\n"
		"EMPTY_Q=\"\"\n"
		"DUP=first\n"
		"DUP=second\n"
		"_under_9=ok\n"
		"EQ=\"a=b\"\n"
		"BARE_SPACE=a b\n");
	char err[256] = "";
	struct vzconf *c = conf_load(p, 0, err, sizeof(err));

	if (!ok(c != NULL, "a normal file loads (%s)", err))
		return;
	is_str(conf_get(c, "DQ"), "double quoted", "KEY=\"value\"");
	is_str(conf_get(c, "SQ"), "single $quoted", "KEY='value', $ kept");
	is_str(conf_get(c, "BARE"), "bare", "KEY=value");
	is_str(conf_get(c, "SPACED"), "x y", "spaces around the key, '=' and the value");
	is_str(conf_get(c, "TAB"), "v", "tabs around");
	is_str(conf_get(c, "HASH"), "a # not a comment", "'#' in a quoted value");
	is_str(conf_get(c, "BARE_HASH"), "a#b", "'#' inside an unquoted word");
	is_str(conf_get(c, "BARE_COMMENT"), "value", "a comment after an unquoted value");
	is_str(conf_get(c, "QUOTE_COMMENT"), "v", "a comment after a quoted value");
	is_str(conf_get(c, "ESC"), "say \"hi\" \\ \\n", "backslash escapes in double quotes");
	is_str(conf_get(c, "EMPTY"), "", "KEY= is empty");
	is_str(conf_get(c, "EMPTY_Q"), "", "KEY=\"\" is empty");
	is_str(conf_get(c, "DUP"), "second", "the last of duplicate keys wins");
	is_str(conf_get(c, "_under_9"), "ok", "underscores, lower case and digits in a key");
	is_str(conf_get(c, "EQ"), "a=b", "'=' in a value");
	is_str(conf_get(c, "BARE_SPACE"), "a b", "an unquoted value with a space is taken whole");
	is_str(conf_get(c, "NOPE"), NULL, "an unset key is NULL");
	is_str(conf_get(c, "dq"), NULL, "keys are case-sensitive");
	ok(conf_lineno(c, "DQ") == 4 && conf_lineno(c, "DUP") == 17 && conf_lineno(c, "NOPE") == 0,
	   "conf_lineno: the line of the last setting");
	is_str(conf_path(c), p, "conf_path");
	conf_free(c);
}

static void test_odd(void)
{
	char err[256] = "", *big;
	struct vzconf *c;
	const char *p;
	size_t n = 100000;

	p = put("crlf.conf", "# dos\r\nA=\"1\"\r\nB=2\r\n\r\nC='3'\r\n");
	c = conf_load(p, 0, err, sizeof(err));
	ok(c && !strcmp(conf_get(c, "A"), "1") && !strcmp(conf_get(c, "B"), "2") &&
	   !strcmp(conf_get(c, "C"), "3"), "CRLF line ends (%s)", err);
	conf_free(c);

	p = put("nonl.conf", "A=1\nB=\"last\"");
	c = conf_load(p, 0, err, sizeof(err));
	ok(c && !strcmp(conf_get(c, "B"), "last"), "no newline at the end");
	conf_free(c);

	p = put("empty.conf", "");
	c = conf_load(p, 0, err, sizeof(err));
	ok(c && !conf_get(c, "A") && conf_path(c), "an empty file");
	conf_free(c);

	p = put("comments.conf", "#\n# only comments\n\n   \n\t\n");
	c = conf_load(p, 0, err, sizeof(err));
	ok(c != NULL, "only comments and blank lines");
	conf_free(c);

	big = malloc(n + 32);
	if (!big)
		exit(2);
	memcpy(big, "LONG=\"", 6);
	memset(big + 6, 'x', n);
	strcpy(big + 6 + n, "\"\nAFTER=1\n");
	p = put("long.conf", big);
	c = conf_load(p, 0, err, sizeof(err));
	ok(c && strlen(conf_get(c, "LONG")) == n && !strcmp(conf_get(c, "AFTER"), "1"),
	   "a 100000-character value");
	conf_free(c);
	free(big);
}

struct bad_case {
	const char *text, *msg;		/* msg after "PATH:" */
};

static void test_malformed(void)
{
	static const struct bad_case cases[] = {
		{ "FOO\n", "1: missing '=' in 'FOO'" },
		{ "A=1\n\n  JUST SOME WORDS\n", "3: missing '=' in 'JUST SOME WORDS'" },
		{ "A=1\nKEY=\"abc\nB=2\n", "2: unterminated double quote in the value of KEY" },
		{ "KEY='abc\n", "1: unterminated single quote in the value of KEY" },
		{ "KEY=\"abc\\\"\n", "1: unterminated double quote in the value of KEY" },
		{ "1KEY=v\n", "1: bad key name '1KEY'" },
		{ "MY-KEY=v\n", "1: bad key name 'MY-KEY'" },
		{ "=v\n", "1: bad key name ''" },
		{ "export A=v\n", "1: bad key name 'export A'" },
		{ "KEY=\"a\"b\n", "1: unexpected 'b' after the quoted value of KEY" },
		{ "KEY=\"a\" \"b\"\n", "1: unexpected '\"b\"' after the quoted value of KEY" },
		{ "A=1\r\nB\r\n", "2: missing '=' in 'B'" },
		{ "A=1\nB", "2: missing '=' in 'B'" },
	};
	char err[256], want[512];
	struct vzconf *c;
	const char *p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		err[0] = 0;
		p = put("bad.conf", cases[i].text);
		c = conf_load(p, 0, err, sizeof(err));
		snprintf(want, sizeof(want), "%s:%s", p, cases[i].msg);
		ok(!c, "malformed %zu refused", i);
		is_str(err, want, "  with its FILE:LINE message");
		conf_free(c);
	}

	p = put_file("nul.conf", "A=1\nB=x\0y\n", 10);
	c = conf_load(p, 0, err, sizeof(err));
	snprintf(want, sizeof(want), "%s:2: NUL byte in the line", p);
	ok(!c, "a NUL byte refused");
	is_str(err, want, "  with its FILE:LINE message");

	snprintf(want, sizeof(want), "%s/none.conf", dir);
	c = conf_load(want, 0, err, sizeof(err));
	ok(!c && strstr(err, "No such file or directory") && strstr(err, want) == err,
	   "a missing file is an error unless allowed: %s", err);
	c = conf_load(want, 1, err, sizeof(err));
	ok(c && !conf_get(c, "A") && !conf_path(c), "a missing file allowed is empty");
	conf_free(c);
}

/* --- set and save --- */

static int tmp_files_left(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		if (strstr(e->d_name, ".conf."))
			n++;
	if (d)
		closedir(d);
	return n;
}

static void test_set_save(void)
{
	const char *orig =
		"## Container settings\n"
		"# keep this comment\n"
		"ONBOOT=\"no\"\n"
		"\n"
		"UNKNOWN_KEY=\"kept as is\"   # and its comment\n"
		"  BARE=old # trailing\n"
		"SQ='old'\n"
		"HOSTNAME=\"old\"\n"
		"DUP=1\n"
		"DUP=2\n"
		"GONE=1\n"
		"# the end\n";
	const char *want =
		"## Container settings\n"
		"# keep this comment\n"
		"ONBOOT=\"yes\"\n"
		"\n"
		"UNKNOWN_KEY=\"kept as is\"   # and its comment\n"
		"  BARE=\"two words\" # trailing\n"
		"SQ='new'\n"
		"HOSTNAME=\"a \\\"quoted\\\" \\\\ value\"\n"
		"DUP=1\n"
		"DUP=3\n"
		"# the end\n"
		"IP_ADDRESS=\"10.0.0.1 10.0.0.2\"\n";
	char err[256] = "", path[256];
	struct vzconf *c, *r;
	struct stat st;
	const char *p = put("set.conf", orig);

	snprintf(path, sizeof(path), "%s", p);
	chmod(path, 0600);
	c = conf_load(path, 0, err, sizeof(err));
	if (!ok(c != NULL, "load for set (%s)", err))
		return;
	ok(!conf_set(c, "ONBOOT", "yes") && !conf_set(c, "BARE", "two words") &&
	   !conf_set(c, "SQ", "new") && !conf_set(c, "HOSTNAME", "a \"quoted\" \\ value") &&
	   !conf_set(c, "DUP", "3") && !conf_set(c, "IP_ADDRESS", "10.0.0.1 10.0.0.2"),
	   "conf_set");
	conf_unset(c, "GONE");
	is_str(conf_get(c, "HOSTNAME"), "a \"quoted\" \\ value", "the new value reads back at once");
	ok(!conf_get(c, "GONE"), "conf_unset");
	ok(conf_set(c, "BAD-KEY", "v") == -EINVAL, "conf_set refuses a bad key");
	ok(conf_set(c, "K", "a\nb") == -EINVAL, "conf_set refuses a value with a newline");
	ok(!conf_save(c, path), "conf_save");
	is_str(slurp(path), want, "comments, unknown keys, order, quoting and trailing comments kept");
	ok(!stat(path, &st) && (st.st_mode & 07777) == 0600, "the file's mode is kept");
	ok(tmp_files_left() == 0, "no temporary file left behind");
	r = conf_load(path, 0, err, sizeof(err));
	ok(r && !strcmp(conf_get(r, "HOSTNAME"), "a \"quoted\" \\ value") &&
	   !strcmp(conf_get(r, "BARE"), "two words") && !strcmp(conf_get(r, "DUP"), "3") &&
	   !strcmp(conf_get(r, "UNKNOWN_KEY"), "kept as is") &&
	   !strcmp(conf_get(r, "IP_ADDRESS"), "10.0.0.1 10.0.0.2"),
	   "the saved file reads back the same (%s)", err);
	/* A second rewrite of a line that was added and one that was rewritten. */
	ok(r && !conf_set(r, "IP_ADDRESS", "10.0.0.3") && !conf_set(r, "BARE", "w") &&
	   !conf_save(r, path), "rewrite again");
	p = slurp(path);
	ok(p && strstr(p, "\nIP_ADDRESS=\"10.0.0.3\"\n") && strstr(p, "\n  BARE=\"w\" # trailing\n"),
	   "a rewritten line keeps its new quoting");
	conf_free(r);
	conf_free(c);

	/* A new file from conf_new. */
	c = conf_new();
	snprintf(path, sizeof(path), "%s/new.conf", dir);
	ok(c && !conf_set(c, "VE_ROOT", "/vz/root/$VEID") && !conf_set(c, "E", "") &&
	   !conf_save(c, path), "a new config saved");
	is_str(slurp(path), "VE_ROOT=\"/vz/root/$VEID\"\nE=\"\"\n", "  as KEY=\"value\" lines");
	ok(!stat(path, &st) && (st.st_mode & 07777) == 0644, "  mode 0644");
	snprintf(path, sizeof(path), "%s/no/such/dir.conf", dir);
	ok(conf_save(c, path) == -ENOENT, "conf_save into a missing directory: -ENOENT");
	conf_free(c);
}

/* --- expansion --- */

static void test_expand(void)
{
	const char *g = put("exp-g.conf",
		"VE_ROOT=/vz/root/$VEID\n"
		"VE_PRIVATE=\"/vz/private/${VEID}\"\n"
		"BASE=/base\n"
		"SHADOWED=global\n"
		"LOOP_A=a$LOOP_B\n"
		"LOOP_B=b$LOOP_A\n"
		"SELF=x${SELF}y\n"
		"D1=$D2\nD2=$D3\nD3=$D4\nD4=$D5\nD5=$D6\nD6=end\n");
	struct vzconf *gc, *cc;
	const char *ct;
	char out[256], small[8], err[256];
	int r;

	gc = conf_load(g, 0, err, sizeof(err));
	ct = put("exp-ct.conf", "SHADOWED=ct\nMNT=$VE_ROOT/mnt\n");
	cc = conf_load(ct, 0, err, sizeof(err));
	if (!ok(gc && cc, "load for expansion (%s)", err))
		return;
	setenv("VZ_TEST_ENV", "from-env", 1);
	setenv("SHADOWED", "env", 1);
#define EXP(in, want, what) do { \
		r = conf_expand(in, 101, cc, gc, out, sizeof(out)); \
		ok(r == 0, "%s: returns 0", what); \
		is_str(out, want, what); \
	} while (0)
	EXP("/vz/root/$VEID", "/vz/root/101", "$VEID");
	EXP("${VEID}x", "101x", "${VEID}");
	EXP("$CTID", "101", "$CTID too");
	EXP("$VE_ROOT/etc", "/vz/root/101/etc", "$VE_ROOT, itself expanded");
	EXP("$MNT", "/vz/root/101/mnt", "two levels through both files");
	EXP("$SHADOWED", "ct", "the first config wins over the second and the environment");
	EXP("$VZ_TEST_ENV", "from-env", "the environment last");
	EXP("[$NOT_SET_ANYWHERE]", "[]", "an unknown name is empty");
	EXP("$LOOP_A", "ab", "a loop ends");
	EXP("$SELF", "xy", "a self-reference ends");
	EXP("$D1", "", "a chain deeper than the limit ends");
	EXP("cost $5 or $ or $", "cost $5 or $ or $", "a '$' without a name is kept");
	EXP("${VEID", "${VEID", "an unterminated ${ is kept");
	EXP("${BAD-NAME}", "${BAD-NAME}", "${ with a bad name is kept");
	EXP("$VEIDx", "", "$VEIDx is the name VEIDx");
	EXP("${BASE}x", "/basex", "${NAME} ends at the brace");
	EXP("", "", "an empty string");
	r = conf_expand("$VEID", 7, NULL, NULL, out, sizeof(out));
	ok(r == 0 && !strcmp(out, "7"), "without configs");
	r = conf_expand("$VE_ROOT", 101, cc, gc, small, sizeof(small));
	ok(r == -ENAMETOOLONG, "too small a buffer: -ENAMETOOLONG");
	r = conf_expand("1234567", 101, cc, gc, small, sizeof(small));
	ok(r == 0 && !strcmp(small, "1234567"), "an exact fit");
	r = conf_expand("12345678", 101, cc, gc, small, sizeof(small));
	ok(r == -ENAMETOOLONG, "one more character does not fit");
#undef EXP
	unsetenv("SHADOWED");
	conf_free(gc);
	conf_free(cc);
}

/* --- a container's settings --- */

static const char *global_conf =
	"VE_ROOT=/vz/root/$VEID\n"
	"VE_PRIVATE=/vz/private/$VEID\n"
	"DEF_OSTEMPLATE=\"busybox\"\n";

static int load(struct ctconf *cc, const char *global, const char *ct, char *err, size_t len)
{
	char g[256], cdir[256];

	snprintf(g, sizeof(g), "%s", put("vz.conf", global));
	snprintf(cdir, sizeof(cdir), "%s/conf", dir);
	mkdir(cdir, 0755);
	if (ct) {
		put("conf/101.conf", ct);
	} else {
		char p[300];

		snprintf(p, sizeof(p), "%s/101.conf", cdir);
		unlink(p);
	}
	err[0] = 0;
	return ctconf_load(cc, 101, g, cdir, err, len);
}

static void test_ctconf_defaults(void)
{
	struct ctconf cc;
	char err[512], want[300];

	if (!ok(!load(&cc, global_conf, NULL, err, sizeof(err)), "ctconf_load, no CT file (%s)", err))
		return;
	ok(cc.ctid == 101 && !cc.exists && cc.ct && cc.global, "ctid, exists=0, both configs");
	is_str(cc.ve_root, "/vz/root/101", "VE_ROOT expanded");
	is_str(cc.ve_private, "/vz/private/101", "VE_PRIVATE expanded");
	is_str(cc.template_dir, "/vz/template", "TEMPLATE default");
	is_str(cc.dumpdir, "/vz/dump", "DUMPDIR default");
	is_str(cc.lockdir, "/vz/lock", "LOCKDIR default");
	is_str(cc.ostemplate, "busybox", "OSTEMPLATE from DEF_OSTEMPLATE");
	is_str(cc.hostname, "", "no HOSTNAME");
	is_str(cc.ve_stop_mode, "suspend", "VE_STOP_MODE default");
	ok(cc.stop_timeout == 120, "STOP_TIMEOUT default 120");
	ok(!cc.nr_ips && !cc.onboot && !cc.ram && !cc.cpuunits && !cc.cpulimit && !cc.numproc,
	   "no IPs, not on boot, no limits");
	ok(!cc.userns && cc.local_uid == 101 * 65536 && cc.local_gid == 101 * 65536,
	   "no USERNS; LOCAL_UID and LOCAL_GID default to CTID * 65536");
	snprintf(want, sizeof(want), "%s/conf/101.conf", dir);
	is_str(cc.conf_file, want, "conf_file");
	ctconf_free(&cc);

	ok(!load(&cc, global_conf, "USERNS=yes\nLOCAL_UID=100000\n", err, sizeof(err)) &&
	   cc.userns && cc.local_uid == 100000 && cc.local_gid == 101 * 65536,
	   "USERNS=yes, LOCAL_UID set, LOCAL_GID by default (%s)", err);
	ctconf_free(&cc);

	ok(!load(&cc, "VE_ROOT=/r/$VEID\nVE_PRIVATE=/p/$VEID\n", NULL, err, sizeof(err)) &&
	   !strcmp(cc.ostemplate, CT_DEF_OSTEMPLATE), "no DEF_OSTEMPLATE: the built-in default");
	ctconf_free(&cc);
}

static void test_ctconf_override(void)
{
	struct ctconf cc;
	char err[512];

	if (!ok(!load(&cc,
		      "VE_ROOT=/vz/root/$VEID\n"
		      "VE_PRIVATE=/vz/private/$VEID\n"
		      "TEMPLATE=/srv/template/\n"
		      "DUMPDIR=/srv/dump\n"
		      "LOCKDIR=/srv/lock\n"
		      "DEF_OSTEMPLATE=busybox\n"
		      "VE_STOP_MODE=stop\n"
		      "STOP_TIMEOUT=30\n"
		      "PHYSPAGES=\"0:262144\"\n"
		      "CPUUNITS=1000\n",
		      "# CT 101\n"
		      "VE_ROOT=\"/ct/root/$VEID\"\n"
		      "VE_PRIVATE=\"$VE_ROOT.private\"\n"
		      "OSTEMPLATE=\"debian-12-x86_64\"\n"
		      "HOSTNAME=\"ct101.example.com\"\n"
		      "IP_ADDRESS=\"10.1.2.3  192.168.7.8/24\"\n"
		      "ONBOOT=\"yes\"\n"
		      "RAM=512M\n"
		      "CPUUNITS=2000\n"
		      "CPULIMIT=\"50%\"\n"
		      "NUMPROC=\"100:200\"\n"
		      "UNKNOWN=whatever\n",
		      err, sizeof(err)), "ctconf_load with a CT file (%s)", err))
		return;
	ok(cc.exists, "exists");
	is_str(cc.ve_root, "/ct/root/101", "VE_ROOT from the CT file");
	is_str(cc.ve_private, "/ct/root/101.private", "VE_PRIVATE through $VE_ROOT");
	is_str(cc.template_dir, "/srv/template", "TEMPLATE from vz.conf, trailing / dropped");
	is_str(cc.dumpdir, "/srv/dump", "DUMPDIR");
	is_str(cc.lockdir, "/srv/lock", "LOCKDIR");
	is_str(cc.ostemplate, "debian-12-x86_64", "OSTEMPLATE over DEF_OSTEMPLATE");
	is_str(cc.hostname, "ct101.example.com", "HOSTNAME");
	ok(cc.nr_ips == 2 && !strcmp(cc.ips[0], "10.1.2.3") && !strcmp(cc.ips[1], "192.168.7.8/24"),
	   "IP_ADDRESS split on spaces");
	ok(cc.onboot == 1, "ONBOOT");
	ok(cc.ram == 512ULL << 20, "the CT's RAM over vz.conf's PHYSPAGES");
	ok(cc.cpuunits == 2000 && cc.cpulimit == 50 && cc.numproc == 200,
	   "CPUUNITS over vz.conf's, CPULIMIT with %%, NUMPROC's limit");
	ok(cc.stop_timeout == 30, "STOP_TIMEOUT");
	is_str(cc.ve_stop_mode, "stop", "VE_STOP_MODE");
	is_str(conf_get(cc.ct, "UNKNOWN"), "whatever", "unknown keys are kept in cc->ct");
	ctconf_free(&cc);

	ok(!load(&cc, global_conf, "PHYSPAGES=\"0:262144\"\n", err, sizeof(err)) &&
	   cc.ram == 1ULL << 30, "PHYSPAGES in 4 KiB pages");
	ctconf_free(&cc);
	ok(!load(&cc, global_conf, "PHYSPAGES=\"0:256M\"\n", err, sizeof(err)) &&
	   cc.ram == 256ULL << 20, "PHYSPAGES with a suffix is in bytes");
	ctconf_free(&cc);
	ok(!load(&cc, global_conf, "MEMORY=1G\nPHYSPAGES=1\n", err, sizeof(err)) &&
	   cc.ram == 1ULL << 30, "MEMORY over PHYSPAGES in the same file");
	ctconf_free(&cc);
	ok(!load(&cc, "VE_ROOT=/r\nVE_PRIVATE=/p\nRAM=1G\n", "PHYSPAGES=unlimited\n", err,
		 sizeof(err)) && cc.ram == 0, "the CT's PHYSPAGES=unlimited over vz.conf's RAM");
	ctconf_free(&cc);
	ok(!load(&cc, global_conf, "NUMPROC=\"9223372036854775807:9223372036854775807\"\n", err,
		 sizeof(err)) && cc.numproc == 0, "OpenVZ's LONG_MAX is unlimited");
	ctconf_free(&cc);
	ok(!load(&cc, "VE_ROOT=/vz/root/$VEID\nVE_PRIVATE=/p\nDUMPDIR=\"$VE_ROOT/../dump\"\n", NULL,
		 err, sizeof(err)) && !strcmp(cc.dumpdir, "/vz/root/101/../dump"),
	   "DUMPDIR refers to VE_ROOT");
	ctconf_free(&cc);
	ok(!load(&cc, global_conf, "", err, sizeof(err)) && cc.exists, "an empty CT file exists");
	ctconf_free(&cc);
	ok(!load(&cc, global_conf, "IP_ADDRESS=\"\"\nHOSTNAME=\"\"\n", err, sizeof(err)) &&
	   !cc.nr_ips && !cc.hostname[0], "empty IP_ADDRESS and HOSTNAME");
	ctconf_free(&cc);
}

struct ct_bad {
	const char *global, *ct, *msg;	/* msg: after DIR/ */
	int code;
};

static void test_ctconf_bad(void)
{
	static const struct ct_bad cases[] = {
		{ NULL, "RAM=lots\n", "conf/101.conf:1: bad RAM: 'lots' is not a size (bytes, or a number with a K, M, G or T suffix, or unlimited)", VZ_INVALID_CONFIG },
		{ NULL, "# x\nPHYSPAGES=\"0:-1\"\n", "conf/101.conf:2: bad PHYSPAGES: '0:-1' is not a size (4 KiB pages, or a number with a K, M, G or T suffix, or unlimited)", VZ_INVALID_CONFIG },
		{ NULL, "CPUUNITS=7\n", "conf/101.conf:1: bad CPUUNITS: '7' is not a number from 8 to 500000", VZ_INVALID_CONFIG },
		{ NULL, "CPULIMIT=fast\n", "conf/101.conf:1: bad CPULIMIT: 'fast' is not a CPU limit from 0 to 102400 (% of one CPU)", VZ_INVALID_CONFIG },
		{ NULL, "NUMPROC=0\n", "conf/101.conf:1: bad NUMPROC: '0' is not a count from 1 to 4194304, barrier:limit or unlimited", VZ_INVALID_CONFIG },
		{ NULL, "ONBOOT=true\n", "conf/101.conf:1: bad ONBOOT: 'true' is neither yes nor no", VZ_INVALID_CONFIG },
		{ NULL, "USERNS=maybe\n", "conf/101.conf:1: bad USERNS: 'maybe' is neither yes nor no", VZ_INVALID_CONFIG },
		{ NULL, "USERNS=yes\nLOCAL_UID=1000\n", "conf/101.conf:2: bad LOCAL_UID: '1000' is not a number from 65536 to 4294901759", VZ_INVALID_CONFIG },
		{ NULL, "LOCAL_GID=4294967295\n", "conf/101.conf:1: bad LOCAL_GID: '4294967295' is not a number from 65536 to 4294901759", VZ_INVALID_CONFIG },
		{ NULL, "HOSTNAME=\"bad_name\"\n", "conf/101.conf:1: bad HOSTNAME: hostname 'bad_name': '_' is not a letter, digit, '-' or '.'", VZ_INVALID_CONFIG },
		{ NULL, "IP_ADDRESS=\"10.0.0.1 10.0.0.256\"\n", "conf/101.conf:1: bad IP_ADDRESS: '10.0.0.256' is not an IPv4 address (a.b.c.d or a.b.c.d/prefix)", VZ_INVALID_CONFIG },
		{ NULL, "IP_ADDRESS=\"10.0.0.1 10.0.0.1/24\"\n", "conf/101.conf:1: bad IP_ADDRESS: 10.0.0.1/24 is given twice", VZ_INVALID_CONFIG },
		{ NULL, "IP_ADDRESS=\"10.0.0.1 10.0.0.2 10.0.0.3 10.0.0.4 10.0.0.5 10.0.0.6 10.0.0.7 10.0.0.8 10.0.0.9 10.0.0.10 10.0.0.11 10.0.0.12 10.0.0.13 10.0.0.14 10.0.0.15 10.0.0.16 10.0.0.17\"\n", "conf/101.conf:1: bad IP_ADDRESS: more than 16 addresses", VZ_INVALID_CONFIG },
		{ NULL, "NAMESERVER=\"10.0.0.1 10.0.0.300\"\n", "conf/101.conf:1: bad NAMESERVER: '10.0.0.300': not an IPv4 or IPv6 address, nor inherit", VZ_INVALID_CONFIG },
		{ NULL, "SEARCHDOMAIN=\"ok.org bad_dom\"\n", "conf/101.conf:1: bad SEARCHDOMAIN: 'bad_dom': not a domain name", VZ_INVALID_CONFIG },
		{ NULL, "STOP_TIMEOUT=0\n", "conf/101.conf:1: bad STOP_TIMEOUT: '0' is not a number from 1 to 3600", VZ_INVALID_CONFIG },
		{ NULL, "OSTEMPLATE=\"../etc/passwd\"\n", "conf/101.conf:1: bad OSTEMPLATE: '../etc/passwd' is not a template name (letters, digits, '.', '_', '-', '+')", VZ_INVALID_CONFIG },
		{ NULL, "VE_STOP_MODE=pause\n", "conf/101.conf:1: bad VE_STOP_MODE: 'pause' is neither suspend nor stop", VZ_INVALID_CONFIG },
		{ NULL, "VE_ROOT=root/$VEID\n", "conf/101.conf:1: bad VE_ROOT: 'root/101' is not an absolute path", VZ_INVALID_CONFIG },
		{ NULL, "VE_ROOT=/\n", "conf/101.conf:1: bad VE_ROOT: the container root cannot be /", VZ_INVALID_CONFIG },
		{ NULL, "VE_PRIVATE=//\n", "conf/101.conf:1: bad VE_PRIVATE: the private area cannot be /", VZ_INVALID_CONFIG },
		{ NULL, "VE_PRIVATE=/vz/root/$VEID/\n", "conf/101.conf:1: bad VE_PRIVATE: the private area cannot be VE_ROOT itself", VZ_INVALID_CONFIG },
		{ NULL, "A=1\nB\n", "conf/101.conf:2: missing '=' in 'B'", VZ_INVALID_CONFIG },
		{ "VE_ROOT=/r\nVE_PRIVATE=/p\nDUMPDIR=dump\n", NULL, "vz.conf:3: bad DUMPDIR: 'dump' is not an absolute path", VZ_INVALID_CONFIG },
		{ "VE_ROOT=/r\nVE_PRIVATE=/p\nRAM=\"1X\"\n", "", "vz.conf:3: bad RAM: '1X' is not a size (bytes, or a number with a K, M, G or T suffix, or unlimited)", VZ_INVALID_CONFIG },
		{ "VE_ROOT=\"/r\n", NULL, "vz.conf:1: unterminated double quote in the value of VE_ROOT", VZ_INVALID_CONFIG },
		{ "VE_PRIVATE=/p\n", NULL, "VE_ROOT is not set (DIR/vz.conf, DIR/conf/101.conf)", VZ_VE_ROOT_NOTSET },
		{ "VE_ROOT=/r\nVE_PRIVATE=$NOTHING\n", NULL, "VE_PRIVATE is not set (DIR/vz.conf, DIR/conf/101.conf)", VZ_VE_PRIVATE_NOTSET },
	};
	char err[512], want[1024], g[300];
	struct ctconf cc;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *m = cases[i].msg;
		int r = load(&cc, cases[i].global ? cases[i].global : global_conf, cases[i].ct,
			     err, sizeof(err));

		if (!strncmp(m, "VE_", 3)) {
			/* The message names both files. */
			const char *d = strstr(m, "DIR");

			snprintf(want, sizeof(want), "%.*s%s/vz.conf, %s/conf/101.conf)",
				 (int)(d - m), m, dir, dir);
		} else {
			snprintf(want, sizeof(want), "%s/%s", dir, m);
		}
		ok(r == -1 && cc.error == cases[i].code, "bad config %zu refused with code %d (got %d)",
		   i, cases[i].code, cc.error);
		is_str(err, want, "  message");
		ctconf_free(&cc);
	}

	snprintf(g, sizeof(g), "%s/nothere.conf", dir);
	ok(ctconf_load(&cc, 101, g, dir, err, sizeof(err)) == -1 && cc.error == VZ_NOCONFIG,
	   "no vz.conf: VZ_NOCONFIG");
	snprintf(want, sizeof(want), "global configuration file %s not found", g);
	is_str(err, want, "  message");
	ctconf_free(&cc);
}

/* --- value parsers --- */

static void test_parsers(void)
{
	static const struct { const char *s; uint64_t v; } sizes[] = {
		{ "0", 0 }, { "4096", 4096 }, { "1K", 1024 }, { "1k", 1024 }, { "256M", 256ULL << 20 },
		{ "2G", 2ULL << 30 }, { "3t", 3ULL << 40 }, { "unlimited", 0 },
		{ "9223372036854775807", 0 }, { "0:512M", 512ULL << 20 }, { "1G:2G", 2ULL << 30 },
		{ "unlimited:unlimited", 0 }, { "18446744073709551615", UINT64_MAX },
		{ "16777215T", 16777215ULL << 40 },
	};
	static const char *bad_sizes[] = {
		"", "-1", "+1", " 1", "1 ", "1KB", "1.5G", "G", "1P", "0x10", "abc", "1:", ":1",
		"1:2:3", "18446744073709551616", "16777216T", "unlimitedx", "1K1",
	};
	static const struct { const char *s; uint64_t v; } pages[] = {
		{ "262144", 1ULL << 30 }, { "0:262144", 1ULL << 30 }, { "0:1G", 1ULL << 30 },
		{ "unlimited", 0 }, { "0:9223372036854775807", 0 }, { "1", 4096 },
	};
	static const char *bad_pages[] = { "", "x", "0:", "4503599627370496", "1.0" };
	static const struct { const char *s; unsigned int v; } counts[] = {
		{ "1", 1 }, { "100", 100 }, { "100:200", 200 }, { "0:50", 50 }, { "unlimited", 0 },
		{ "unlimited:unlimited", 0 }, { "4194304", 4194304 },
		{ "9223372036854775807:9223372036854775807", 0 },
	};
	static const char *bad_counts[] = {
		"", "0", "4194305", "-1", "1:", ":1", "a:1", "1:0", "1K", " 5", "5 ", "1:2:3",
	};
	static const char *good_ips[] = {
		"10.0.0.1", "192.168.1.254/24", "1.2.3.4/32", "8.8.8.8/1", "223.255.255.255",
		"100.64.0.0",
	};
	static const char *bad_ips[] = {
		"", "10.0.0", "10.0.0.1.2", "10.0.0.256", "10.0.0.01", "010.0.0.1", "10.0.0.1/33",
		"10.0.0.1/0", "10.0.0.1/", "10.0.0.1/a", " 10.0.0.1", "10.0.0.1 ", "10..0.1",
		"0.1.2.3", "127.0.0.1", "224.0.0.1", "255.255.255.255", "fe80::1", "::1",
		"10.0.0.1000", "a.b.c.d", "10.0.0.1/24/8",
	};
	static const char *good_hosts[] = {
		"a", "ct101", "ct-101", "101", "my.host.example.com", "A-b.C",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", /* 63 */
	};
	static const char *bad_hosts[] = {
		"", "-a", "a-", "a..b", ".a", "a.", "a_b", "a b", "ä", "a/b",
		"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", /* 64 in a label */
		"aaaaaaaaaa.aaaaaaaaaa.aaaaaaaaaa.aaaaaaaaaa.aaaaaaaaaa.aaaaaaaaaa", /* 65 */
	};
	char err[256];
	uint64_t b;
	unsigned int u;
	int y;
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		b = 12345;
		ok(!ctconf_parse_size(sizes[i].s, &b, err, sizeof(err)) && b == sizes[i].v,
		   "size '%s' accepted", sizes[i].s);
	}
	for (i = 0; i < sizeof(bad_sizes) / sizeof(bad_sizes[0]); i++) {
		err[0] = 0;
		ok(ctconf_parse_size(bad_sizes[i], &b, err, sizeof(err)) == -1 && strstr(err, "is not a size"),
		   "size '%s' refused: %s", bad_sizes[i], err);
	}
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++)
		ok(!ctconf_parse_pages(pages[i].s, &b, err, sizeof(err)) && b == pages[i].v,
		   "pages '%s' accepted", pages[i].s);
	for (i = 0; i < sizeof(bad_pages) / sizeof(bad_pages[0]); i++)
		ok(ctconf_parse_pages(bad_pages[i], &b, err, sizeof(err)) == -1,
		   "pages '%s' refused", bad_pages[i]);

	ok(!ctconf_parse_uint("8", 8, 10, &u, err, sizeof(err)) && u == 8, "uint at the minimum");
	ok(!ctconf_parse_uint("10", 8, 10, &u, err, sizeof(err)) && u == 10, "uint at the maximum");
	ok(!ctconf_parse_uint("4294967295", 0, UINT_MAX, &u, err, sizeof(err)) && u == UINT_MAX,
	   "uint UINT_MAX");
	ok(ctconf_parse_uint("4294967296", 0, UINT_MAX, &u, err, sizeof(err)) == -1,
	   "uint over UINT_MAX refused");
	ok(ctconf_parse_uint("7", 8, 10, &u, err, sizeof(err)) == -1 &&
	   !strcmp(err, "'7' is not a number from 8 to 10"), "uint below the range: %s", err);
	ok(ctconf_parse_uint("11", 8, 10, &u, err, sizeof(err)) == -1, "uint above the range");
	ok(ctconf_parse_uint("", 0, 10, &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_uint("-1", 0, 10, &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_uint("+1", 0, 10, &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_uint("1x", 0, 10, &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_uint(" 1", 0, 10, &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_uint("99999999999999999999999", 0, 10, &u, err, sizeof(err)) == -1,
	   "uint: empty, signs, junk, spaces, huge refused");

	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		ok(!ctconf_parse_count(counts[i].s, CT_NUMPROC_MAX, &u, err, sizeof(err)) &&
		   u == counts[i].v, "count '%s' accepted", counts[i].s);
	for (i = 0; i < sizeof(bad_counts) / sizeof(bad_counts[0]); i++)
		ok(ctconf_parse_count(bad_counts[i], CT_NUMPROC_MAX, &u, err, sizeof(err)) == -1,
		   "count '%s' refused", bad_counts[i]);

	ok(!ctconf_parse_cpulimit("0", &u, err, sizeof(err)) && u == 0 &&
	   !ctconf_parse_cpulimit("150", &u, err, sizeof(err)) && u == 150 &&
	   !ctconf_parse_cpulimit("25%", &u, err, sizeof(err)) && u == 25 &&
	   !ctconf_parse_cpulimit("102400", &u, err, sizeof(err)) && u == 102400,
	   "cpulimit 0, 150, 25%%, the maximum");
	ok(ctconf_parse_cpulimit("102401", &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_cpulimit("%", &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_cpulimit("50%%", &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_cpulimit("-5", &u, err, sizeof(err)) == -1 &&
	   ctconf_parse_cpulimit("", &u, err, sizeof(err)) == -1, "cpulimit out of range or junk refused");

	for (i = 0; i < sizeof(good_ips) / sizeof(good_ips[0]); i++)
		ok(!ctconf_parse_ip(good_ips[i], err, sizeof(err)), "ip '%s' accepted", good_ips[i]);
	for (i = 0; i < sizeof(bad_ips) / sizeof(bad_ips[0]); i++) {
		err[0] = 0;
		ok(ctconf_parse_ip(bad_ips[i], err, sizeof(err)) == -1 && err[0],
		   "ip '%s' refused: %s", bad_ips[i], err);
	}
	for (i = 0; i < sizeof(good_hosts) / sizeof(good_hosts[0]); i++)
		ok(!ctconf_parse_hostname(good_hosts[i], err, sizeof(err)), "hostname '%s' accepted",
		   good_hosts[i]);
	for (i = 0; i < sizeof(bad_hosts) / sizeof(bad_hosts[0]); i++) {
		err[0] = 0;
		ok(ctconf_parse_hostname(bad_hosts[i], err, sizeof(err)) == -1 && err[0],
		   "hostname '%s' refused: %s", bad_hosts[i], err);
	}

	ok(!ctconf_parse_yesno("yes", &y, err, sizeof(err)) && y == 1 &&
	   !ctconf_parse_yesno("no", &y, err, sizeof(err)) && y == 0, "yes and no");
	ok(ctconf_parse_yesno("YES", &y, err, sizeof(err)) == -1 &&
	   ctconf_parse_yesno("y", &y, err, sizeof(err)) == -1 &&
	   ctconf_parse_yesno("1", &y, err, sizeof(err)) == -1 &&
	   ctconf_parse_yesno("", &y, err, sizeof(err)) == -1 &&
	   ctconf_parse_yesno("yes ", &y, err, sizeof(err)) == -1, "other yes/no spellings refused");

	ok(!ctconf_parse_ostemplate("busybox", err, sizeof(err)) &&
	   !ctconf_parse_ostemplate("debian-12.0_x86_64+extra", err, sizeof(err)),
	   "template names accepted");
	ok(ctconf_parse_ostemplate("", err, sizeof(err)) == -1 &&
	   ctconf_parse_ostemplate("..", err, sizeof(err)) == -1 &&
	   ctconf_parse_ostemplate(".hidden", err, sizeof(err)) == -1 &&
	   ctconf_parse_ostemplate("a/b", err, sizeof(err)) == -1 &&
	   ctconf_parse_ostemplate("a b", err, sizeof(err)) == -1, "bad template names refused");
}

/* CAPABILITY and DEVICES as OpenVZ writes them, and what vzctl writes back. */
static void test_confine_parsers(void)
{
	struct ct_dev_rule r[CT_MAX_DEVICES];
	uint64_t on = 0, off = 0;
	char err[256], buf[512];
	int n = 0;

	ok(!ct_caps_parse("SYS_TIME:on cap_net_admin:off,Sys_Admin:ON", &on, &off, err, sizeof(err)) &&
	   on == (1ULL << 25 | 1ULL << 21) && off == 1ULL << 12,
	   "CAPABILITY: names in any case, with or without cap_, spaces or commas");
	ct_caps_format(on, off, buf, sizeof(buf));
	is_str(buf, "net_admin:off sys_admin:on sys_time:on", "CAPABILITY written back in order");
	ok(!ct_caps_parse("sys_time:off", &on, &off, err, sizeof(err)) && !(on & 1ULL << 25) &&
	   (off & 1ULL << 25), "a later word wins");
	ok(ct_caps_bset(on, off, 0) == ((ct_caps_default(0) | 1ULL << 21) & ~(1ULL << 25 | 1ULL << 12)),
	   "the bounding set is the default with the config's changes");
	ok(!(ct_caps_default(0) & (1ULL << 16 | 1ULL << 17 | 1ULL << 21 | 1ULL << 25 | 1ULL << 2 |
				   1ULL << 22)),
	   "the default has no sys_module, sys_rawio, sys_admin, sys_time, dac_read_search, sys_boot");
	ok(ct_caps_default(1) == (ct_caps_default(0) | 1ULL << 22),
	   "with a user namespace, the default keeps sys_boot (over that namespace only)");
	ok(ct_caps_parse("sys_nonsense:on", &on, &off, err, sizeof(err)) && strstr(err, "unknown"),
	   "an unknown capability is refused");
	ok(ct_caps_parse("sys_time", &on, &off, err, sizeof(err)) &&
	   ct_caps_parse("sys_time:yes", &on, &off, err, sizeof(err)),
	   "a capability without :on or :off is refused");

	ok(!ct_devices_parse("c:1:11:w b:8:all:rqw  c:4:1:none", r, &n, err, sizeof(err)) && n == 3 &&
	   r[0].type == 'c' && r[0].major == 1 && r[0].minor == 11 &&
	   r[0].access == (CT_DEV_WRITE | CT_DEV_MKNOD) && r[1].minor == CT_DEV_ANY &&
	   r[1].access == (CT_DEV_READ | CT_DEV_WRITE | CT_DEV_MKNOD) && r[2].access == 0,
	   "DEVICES: c and b, a minor or all, r w q, none");
	ok(!ct_devices_parse("c:1:11:none", r, &n, err, sizeof(err)) && n == 3 && r[0].access == 0,
	   "a later rule for the same devices replaces the earlier");
	ct_devices_format(r, n, buf, sizeof(buf));
	is_str(buf, "c:1:11:none b:8:all:rw c:4:1:none", "DEVICES written back");
	ok(ct_devices_parse("x:1:1:rw", r, &n, err, sizeof(err)) &&
	   ct_devices_parse("c:1:1", r, &n, err, sizeof(err)) &&
	   ct_devices_parse("c:1:1:rx", r, &n, err, sizeof(err)) &&
	   ct_devices_parse("c:4096:1:r", r, &n, err, sizeof(err)) &&
	   ct_devices_parse("c:1:-1:r", r, &n, err, sizeof(err)) &&
	   ct_devices_parse("c:1:1:", r, &n, err, sizeof(err)), "malformed device rules are refused");
}

int main(void)
{
	char cmd[128];

	snprintf(dir, sizeof(dir), "/tmp/vzt-config.XXXXXX");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 2;
	}
	test_normal();
	test_odd();
	test_malformed();
	test_set_save();
	test_expand();
	test_ctconf_defaults();
	test_ctconf_override();
	test_ctconf_bad();
	test_parsers();
	test_confine_parsers();
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		printf("# could not remove %s\n", dir);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
