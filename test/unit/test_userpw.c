// SPDX-License-Identifier: GPL-2.0
/*
 * ct_userpw: what vzctl set --userpasswd accepts before anything runs in the
 * CT, and that a CT it cannot join gives VZ_CHANGEPASS, saying whose password
 * and never the password itself.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "ct.h"
#include "ct_userpw.h"
#include "tap.h"
#include "vzerror.h"

/* The CT cannot be joined: ct_userpw_set's child ends there, as ct_exec_sh's would. */
void ct_exec_sh(unsigned int ctid, pid_t init, int in, int out, int err, char **argv,
		char *const env[])
{
	(void)ctid;
	(void)init;
	(void)in;
	(void)out;
	(void)err;
	(void)argv;
	(void)env;
	_exit(VZ_VE_NOT_RUNNING);
}

static int parses(const char *s, const char *why_has)
{
	char why[256] = "";
	int r = ct_userpw_parse(s, why, sizeof(why));

	if (!why_has)
		return r == 0;
	if (r == 0 || !strstr(why, why_has)) {
		printf("# %s: %d (%s)\n", s, r, why);
		return 0;
	}
	return 1;
}

int main(void)
{
	char name[40], line[128], err[512] = "";
	FILE *f;
	int fd, saved, ret;
	size_t n;

	ok(parses("root:secret", NULL), "root:secret is taken");
	ok(parses("_svc-1:p w:with:colons", NULL), "a password may hold spaces and colons");
	ok(parses("secret", "USER:PASSWORD"), "no colon is refused");
	ok(parses(":secret", "USER:PASSWORD"), "no user is refused");
	ok(parses("root:", "the password is empty"), "an empty password is refused");
	ok(parses("Root:x", "lower-case letter"), "a capital first letter is refused");
	ok(parses("1root:x", "lower-case letter"), "a digit first is refused");
	ok(parses("ro/ot:x", "the character '/'"), "a slash in the name is refused");
	ok(parses("ro.ot:x", "the character '.'"), "a dot in the name is refused");
	memset(name, 'a', 33);
	strcpy(name + 33, ":x");
	ok(parses(name, "at most 32"), "a 33-character name is refused");
	strcpy(name + 32, ":x");
	ok(parses(name, NULL), "a 32-character name is taken");
	ok(parses("root:a\nb", "not printable"), "a newline in the password is refused");
	ok(parses("root:a\tb", "not printable"), "a tab in the password is refused");

	/* The failure path, its message read back from our stderr. */
	f = tmpfile();
	if (!f)
		return 1;
	fflush(stderr);
	saved = dup(2);
	fd = fileno(f);
	if (saved < 0 || dup2(fd, 2) < 0)
		return 1;
	ret = ct_userpw_set(7, getpid(), "alice:Zq9-secret");
	fflush(stderr);
	if (dup2(saved, 2) < 0)
		return 1;
	close(saved);
	rewind(f);
	while (fgets(line, sizeof(line), f) && strlen(err) + strlen(line) < sizeof(err))
		strcat(err, line);
	fclose(f);
	n = strlen(err);
	ok(ret == VZ_CHANGEPASS, "a CT that cannot be joined: VZ_CHANGEPASS (%d)", ret);
	ok(n && strstr(err, "Error: CT 7: unable to set the password of alice (status "),
	   "the message names the CT and the user: %.*s", (int)(n ? n - 1 : 0), err);
	ok(!strstr(err, "Zq9-secret"), "and not the password");
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
