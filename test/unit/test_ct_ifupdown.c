// SPDX-License-Identifier: GPL-2.0
/* ct_ifupdown: the CT's eth0 stanza for Debian's ifupdown, and where it goes. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct_file.h"
#include "ct_ifupdown.h"
#include "tap.h"
#include "util.h"

int main(void)
{
	const char ips[][64] = { "10.1.1.5", "192.168.7.9/24" };
	char buf[4096], dir[] = "/tmp/ifupdownXXXXXX", path[128], tiny[64];
	int n;

	n = ct_ifupdown_stanza(5, ips, 2, buf, sizeof(buf));
	ok(n > 0 && (size_t)n == strlen(buf), "a stanza for two addresses (%d bytes)", n);
	ok(strstr(buf, "auto eth0\niface eth0 inet manual\n") != NULL, "eth0 comes up at ifup -a");
	ok(strstr(buf, "\tup ip addr replace 10.1.1.5/32 dev eth0\n"
		       "\tup ip addr replace 192.168.7.9/24 dev eth0\n"
		       "\tup ip route replace default dev eth0\n"
		       "\tdown ip addr del 192.168.7.9/24 dev eth0 || true\n"
		       "\tdown ip addr del 10.1.1.5/32 dev eth0 || true\n") != NULL,
	   "each address with its prefix (/32 by default), the default route, and the way down");
	ok(strstr(buf, "CT 5") != NULL, "it names the CT");
	n = ct_ifupdown_stanza(5, ips, 0, buf, sizeof(buf));
	ok(n > 0 && !strstr(buf, "eth0 inet"), "no address: no stanza, only the comment");
	ok(ct_ifupdown_stanza(5, ips, 2, tiny, sizeof(tiny)) == -1, "a buffer too small is said");

	if (!mkdtemp(dir))
		return 1;
	ok(ct_ifupdown_write(dir, 5, ips, 2) == 0, "a CT without ifupdown: nothing to do");
	snprintf(path, sizeof(path), "%s/etc", dir);
	ok(access(path, F_OK) && errno == ENOENT, "and nothing was made");
	snprintf(path, sizeof(path), "%s/etc/network/interfaces.d", dir);
	if (mkdir_parents(path, 0755))
		return 1;
	ok(ct_ifupdown_write(dir, 5, ips, 2) == 0, "a CT with interfaces.d: written");
	n = ct_file_read(dir, CT_IFUPDOWN_FILE, buf, sizeof(buf));
	ok(n > 0 && strstr(buf, "replace 192.168.7.9/24") != NULL, "the file holds the stanza");
	ok(ct_ifupdown_write(dir, 5, ips, 1) == 0 &&
	   ct_file_read(dir, CT_IFUPDOWN_FILE, buf, sizeof(buf)) > 0 && !strstr(buf, "192.168"),
	   "rewritten whole when an address goes");
	snprintf(path, sizeof(path), "%s/" CT_IFUPDOWN_FILE, dir);
	unlink(path);
	ok(symlink("/etc/passwd", path) == 0, "the CT's root plants a symlink there");
	ok(ct_ifupdown_write(dir, 5, ips, 2) == -1 && errno == ELOOP, "it is refused (ELOOP)");
	unlink(path);
	snprintf(buf, sizeof(buf), "rm -rf %s", dir);
	if (system(buf))
		return 1;
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
