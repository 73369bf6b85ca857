// SPDX-License-Identifier: GPL-2.0
/*
 * ct_mount_carry() on mountinfo lines as a CT's init sees them: which mounts
 * the CT made a dump carries (a tmpfs with its device name, a bind mount of
 * a path the CT reaches, with that path) and which it refuses, and why.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vzcpt_image.h>

#include "ct_mounts.h"
#include "tap.h"

/* The CT's root (on the host's /vz), its /proc and /dev, then what each case adds. */
static char *base[] = {
	"100 90 254:1 /vz/private/101 / rw,relatime - ext4 /dev/vdb rw",
	"101 100 0:50 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
	"102 100 0:51 / /dev rw,nosuid,noexec,relatime - tmpfs tmpfs rw,size=1024k,mode=755",
	NULL, NULL, NULL,
};

/* Line @idx of the base and @extra (up to three); its verdict. */
static int carry(const char *a, const char *b, const char *c, struct ct_mount *m, char *why)
{
	char *l[6];
	size_t n = 3;

	memcpy(l, base, sizeof(l));
	if (a)
		l[n++] = (char *)a;
	if (b)
		l[n++] = (char *)b;
	if (c)
		l[n++] = (char *)c;
	why[0] = 0;
	return ct_mount_carry(l, n - 1, m, why, 256);
}

static int is(const struct ct_mount *m, unsigned int kind, const char *target, const char *source)
{
	return m->kind == kind && m->target && !strcmp(m->target, target) && m->source &&
	       !strcmp(m->source, source);
}

static void done(struct ct_mount *m)
{
	free(m->target);
	free(m->source);
	memset(m, 0, sizeof(*m));
}

int main(void)
{
	struct ct_mount m;
	char why[256];
	int r;

	r = carry("110 100 0:60 / /mnt/t rw,relatime - tmpfs keep rw,size=1024k", NULL, NULL, &m,
		  why);
	ok(!r && is(&m, VZCPT_MOUNT_TMPFS, "/mnt/t", "keep"), "a tmpfs, with its device name");
	done(&m);
	r = carry("110 100 0:60 / /mnt/my\\040dir rw - tmpfs a\\040b rw", NULL, NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_TMPFS, "/mnt/my dir", "a b"), "escaped spaces undone");
	done(&m);
	r = carry("110 100 254:1 /vz/private/101/srv/data /mnt/d rw - ext4 /dev/vdb rw", NULL,
		  NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_BIND, "/mnt/d", "/srv/data"),
	   "a bind of the CT's own directory names it from the CT's root");
	done(&m);
	r = carry("110 100 254:1 /vz/private/101 /mnt/root rw - ext4 /dev/vdb rw", NULL, NULL, &m,
		  why);
	ok(!r && is(&m, VZCPT_MOUNT_BIND, "/mnt/root", "/"), "a bind of the CT's root itself");
	done(&m);
	r = carry("110 100 254:1 /vz/private/1012 /mnt/x rw - ext4 /dev/vdb rw", NULL, NULL, &m,
		  why);
	ok(r && strstr(why, "ext4 at /mnt/x since it started: only tmpfs, mqueue, proc and bind"),
	   "a path beside the CT's private area is not in it: %s", why);
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw - tmpfs a rw",
		  "111 100 0:60 /sub /srv/s rw - tmpfs a rw", NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_BIND, "/srv/s", "/mnt/t/sub"),
	   "a bind of a directory of the CT's tmpfs names it through that tmpfs");
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw - tmpfs a rw", "111 100 0:60 / /mnt/u rw - tmpfs a rw",
		  NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_BIND, "/mnt/u", "/mnt/t"),
	   "the same tmpfs mounted again is a bind of the first");
	done(&m);
	r = carry("110 100 254:1 /vz/private/101/a /a rw - ext4 /dev/vdb rw",
		  "111 100 254:1 /vz/private/101/a/b /c rw - ext4 /dev/vdb rw", NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_BIND, "/c", "/a/b"), "the longest root that holds it wins");
	done(&m);
	r = carry("110 101 0:70 / /mnt/p rw - proc proc rw", NULL, NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_PROC, "/mnt/p", "proc"), "a new proc, with its device name");
	done(&m);
	r = carry("110 100 0:72 / /dev/mqueue rw - mqueue mqueue rw", NULL, NULL, &m, why);
	ok(!r && is(&m, VZCPT_MOUNT_MQUEUE, "/dev/mqueue", "mqueue"), "an mqueue");
	done(&m);
	r = carry("110 100 0:73 / /mnt/s rw - sysfs sysfs rw", NULL, NULL, &m, why);
	ok(r && !strcmp(why, "the CT has mounted sysfs at /mnt/s since it started: only tmpfs, mqueue, proc and bind mounts of the CT's own paths can be carried yet"),
	   "a sysfs is refused: %s", why);
	done(&m);
	r = carry("110 100 0:71 / /host rw - ext4 /dev/vda rw", NULL, NULL, &m, why);
	ok(r && strstr(why, "ext4 at /host"), "a filesystem the CT has no other mount of is refused");
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw shared:7 - tmpfs a rw", NULL, NULL, &m, why);
	ok(r && strstr(why, "which is a shared mount"), "a shared mount is refused: %s", why);
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw master:3 - tmpfs a rw", NULL, NULL, &m, why);
	ok(r && strstr(why, "which is a slave mount"), "a slave mount is refused");
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw unbindable - tmpfs a rw", NULL, NULL, &m, why);
	ok(r && strstr(why, "which is an unbindable mount"), "an unbindable mount is refused");
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw - tmpfs a rw", "111 110 0:61 / /mnt/t rw - tmpfs b rw",
		  NULL, &m, why);
	ok(r && strstr(why, "over another mount there"), "a stacked mount is refused: %s", why);
	done(&m);
	r = carry("110 100 0:60 / / rw - tmpfs a rw", NULL, NULL, &m, why);
	ok(r && strstr(why, "over its root"), "a mount over the CT's root is refused");
	done(&m);
	r = carry("110 100 0:60 / /mnt/t rw", NULL, NULL, &m, why);
	ok(r && strstr(why, "cannot read"), "a line cut short is refused");
	done(&m);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
