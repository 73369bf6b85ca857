// SPDX-License-Identifier: GPL-2.0
/* The CT's eth0 for Debian's ifupdown: see ct_ifupdown.h. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct_file.h"
#include "ct_ifupdown.h"

struct out {
	char *buf;
	size_t len, off;
	int over;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->over)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->off, o->len - o->off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->off)
		o->over = 1;
	else
		o->off += (size_t)n;
}

int ct_ifupdown_stanza(unsigned int ctid, const char ips[][64], int nr, char *buf, size_t len)
{
	struct out o = { .buf = buf, .len = len };
	int i;

	put(&o, "# eth0 of CT %u, written by vzctl from its IP_ADDRESS at each start and at\n"
		"# vzctl set --ipadd/--ipdel: a change made here is lost then.\n", ctid);
	/* Without addresses the CT has no route out either: nothing for ifup to bring up. */
	if (nr) {
		put(&o, "auto eth0\niface eth0 inet manual\n");
		for (i = 0; i < nr; i++)
			put(&o, "\tup ip addr replace %s%s dev eth0\n", ips[i],
			    strchr(ips[i], '/') ? "" : "/32");
		/* No gateway: every destination is on the link, and the host's end answers. */
		put(&o, "\tup ip route replace default dev eth0\n");
		for (i = nr - 1; i >= 0; i--)
			put(&o, "\tdown ip addr del %s%s dev eth0 || true\n", ips[i],
			    strchr(ips[i], '/') ? "" : "/32");
	}
	return o.over ? -1 : (int)o.off;
}

int ct_ifupdown_write(const char *private, unsigned int ctid, const char ips[][64], int nr)
{
	char buf[64 * 3 * 16 + 512];
	int fd, n;

	fd = ct_file_opendir(private, "etc/network/interfaces.d");
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	close(fd);
	n = ct_ifupdown_stanza(ctid, ips, nr, buf, sizeof(buf));
	if (n < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return ct_file_write(private, CT_IFUPDOWN_FILE, buf, (size_t)n, 0644);
}
