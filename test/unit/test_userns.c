// SPDX-License-Identifier: GPL-2.0
/*
 * ct_userns_shift() on a tree of files (run as root): owners and groups
 * 0..65535 move into the range and back; setuid/setgid bits and a file
 * capability survive the change of owner; links are changed, not followed;
 * a hard link is shifted once; ids outside the range stay; a second shift
 * changes nothing; the named users and groups of POSIX ACLs (a file's, a
 * directory's default, one on a file whose owner stays) move with the
 * owners. Skipped (and said so) when not run as root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>

#include "ct_userns.h"
#include "tap.h"

#define BASE	(7U * 65536)

static char dir[64];

static const char *at(const char *name)
{
	static char buf[4][128];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void make(const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	int fd = open(at(name), O_WRONLY | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || close(fd) || chown(at(name), uid, gid) || chmod(at(name), mode)) {
		perror(name);
		exit(1);
	}
}

static int owned(const char *name, uid_t uid, gid_t gid, mode_t mode)
{
	struct stat st;

	if (lstat(at(name), &st))
		return 0;
	if (st.st_uid != uid || st.st_gid != gid || (mode && (st.st_mode & 07777) != mode)) {
		printf("# %s: %u:%u %o, want %u:%u %o\n", name, st.st_uid, st.st_gid,
		       st.st_mode & 07777, uid, gid, mode);
		return 0;
	}
	return 1;
}

/* A v2 file capability, CAP_NET_RAW permitted and effective. */
static int set_fcap(const char *name)
{
	struct vfs_cap_data c = { .magic_etc = VFS_CAP_REVISION_2 | VFS_CAP_FLAGS_EFFECTIVE };

	c.data[0].permitted = 1U << CAP_NET_RAW;
	return setxattr(at(name), "security.capability", &c, XATTR_CAPS_SZ_2, 0);
}

static int has_fcap(const char *name)
{
	struct vfs_cap_data c;
	ssize_t n = getxattr(at(name), "security.capability", &c, sizeof(c));

	return n == XATTR_CAPS_SZ_2 && c.data[0].permitted == 1U << CAP_NET_RAW;
}

#define ACL_ACCESS	"system.posix_acl_access"
#define ACL_DEFAULT	"system.posix_acl_default"

struct acl {
	struct posix_acl_xattr_header h;
	struct posix_acl_xattr_entry e[6];
};

/*
 * An ACL naming user @u and group @g, whose owner's, mask's and others'
 * entries are the file's mode (an access ACL sets the mode from them).
 */
static int set_acl(const char *name, const char *xattr, unsigned int u, unsigned int g)
{
	struct stat st;

	static const struct posix_acl_xattr_entry e[6] = {
		{ ACL_USER_OBJ, 6, ACL_UNDEFINED_ID }, { ACL_USER, 6, 0 },
		{ ACL_GROUP_OBJ, 4, ACL_UNDEFINED_ID }, { ACL_GROUP, 4, 0 },
		{ ACL_MASK, 6, ACL_UNDEFINED_ID }, { ACL_OTHER, 4, ACL_UNDEFINED_ID },
	};
	struct acl a = { .h = { POSIX_ACL_XATTR_VERSION } };

	if (stat(at(name), &st))
		return -1;
	memcpy(a.e, e, sizeof(e));
	a.e[0].e_perm = (st.st_mode >> 6) & 7;
	a.e[1].e_id = u;
	a.e[3].e_id = g;
	a.e[4].e_perm = (st.st_mode >> 3) & 7;
	a.e[5].e_perm = st.st_mode & 7;
	return setxattr(at(name), xattr, &a, sizeof(a), 0);
}

/* Does the ACL name user @u and group @g (and nothing else changed)? */
static int has_acl(const char *name, const char *xattr, unsigned int u, unsigned int g)
{
	struct acl a;
	ssize_t n = getxattr(at(name), xattr, &a, sizeof(a));

	if (n != sizeof(a) || a.e[1].e_tag != ACL_USER || a.e[3].e_tag != ACL_GROUP ||
	    a.e[0].e_id != (__u32)ACL_UNDEFINED_ID || a.e[2].e_id != (__u32)ACL_UNDEFINED_ID) {
		printf("# %s %s: %zd bytes, not the ACL set\n", name, xattr, n);
		return 0;
	}
	if (a.e[1].e_id != u || a.e[3].e_id != g) {
		printf("# %s %s: user %u group %u, want %u %u\n", name, xattr, a.e[1].e_id,
		       a.e[3].e_id, u, g);
		return 0;
	}
	return 1;
}

int main(void)
{
	char why[512];
	int fcaps, acls;

	if (geteuid()) {
		printf("1..0 # SKIP not root\n");
		return 0;
	}
	snprintf(dir, sizeof(dir), "/tmp/test_userns.XXXXXX");
	if (!mkdtemp(dir))
		return 1;
	make("root", 0, 0, 0644);
	make("user", 1000, 1001, 0640);
	make("suid", 0, 0, 04755);
	make("sgid", 0, 50, 02755);
	make("outside", 70000, 70001, 0644);
	make("nobody", 65534, 65534, 0644);
	fcaps = !set_fcap("root");
	if (mkdir(at("d"), 0750) || chown(at("d"), 1000, 1000) || link(at("user"), at("d/hard")) ||
	    symlink("/etc/passwd", at("link")) || lchown(at("link"), 5, 5)) {
		perror("setup");
		return 1;
	}
	acls = !set_acl("user", ACL_ACCESS, 2000, 2001) && !set_acl("d", ACL_DEFAULT, 3000, 70000) &&
	       !set_acl("d", ACL_ACCESS, 70000, 3001) && !set_acl("outside", ACL_ACCESS, 4000, 4001);

	ok(!ct_userns_shift(dir, BASE, BASE + 65536, 1, why, sizeof(why)), "shift into the range (%s)",
	   why);
	ok(owned("", BASE, BASE + 65536, 0), "the top directory");
	ok(owned("root", BASE, BASE + 65536, 0644), "a root file");
	ok(owned("user", BASE + 1000, BASE + 65536 + 1001, 0640), "a user's file, its hard link once");
	ok(owned("d", BASE + 1000, BASE + 65536 + 1000, 0750), "a directory");
	ok(owned("suid", BASE, BASE + 65536, 04755), "setuid kept");
	ok(owned("sgid", BASE, BASE + 65536 + 50, 02755), "setgid kept");
	ok(owned("outside", 70000, 70001, 0644), "ids outside the CT's range stay");
	ok(owned("nobody", BASE + 65534, BASE + 65536 + 65534, 0644), "the CT's nobody");
	ok(owned("link", BASE + 5, BASE + 65536 + 5, 0), "a link is changed, not followed");
	ok(owned("../../etc/passwd", 0, 0, 0), "/etc/passwd is untouched");
	if (fcaps)
		ok(has_fcap("root"), "the file capability survives");
	else
		ok(1, "# SKIP no file capabilities on %s (%s)", dir, strerror(errno));
	if (acls) {
		ok(has_acl("user", ACL_ACCESS, BASE + 2000, BASE + 65536 + 2001),
		   "a file's ACL names its user and group in the range");
		ok(has_acl("d", ACL_DEFAULT, BASE + 3000, 70000) &&
		   has_acl("d", ACL_ACCESS, 70000, BASE + 65536 + 3001),
		   "a directory's default and access ACLs too, ids outside the range kept");
		ok(has_acl("outside", ACL_ACCESS, BASE + 4000, BASE + 65536 + 4001) &&
		   owned("outside", 70000, 70001, 0),
		   "the ACL of a file whose owner stays is shifted");
	} else {
		ok(1, "# SKIP no POSIX ACLs on %s (%s)", dir, strerror(errno));
	}
	ok(!ct_userns_shift(dir, BASE, BASE + 65536, 1, why, sizeof(why)) &&
	   owned("user", BASE + 1000, BASE + 65536 + 1001, 0640) && owned("root", BASE, BASE + 65536, 0) &&
	   (!acls || has_acl("user", ACL_ACCESS, BASE + 2000, BASE + 65536 + 2001)),
	   "a second shift in changes nothing");

	ok(!ct_userns_shift(dir, BASE, BASE + 65536, 0, why, sizeof(why)), "shift back (%s)", why);
	ok(owned("", 0, 0, 0) && owned("root", 0, 0, 0644) && owned("user", 1000, 1001, 0640) &&
	   owned("d", 1000, 1000, 0750) && owned("link", 5, 5, 0), "owners as they were");
	ok(owned("suid", 0, 0, 04755) && owned("sgid", 0, 50, 02755), "setuid and setgid kept");
	ok(owned("outside", 70000, 70001, 0644) && owned("nobody", 65534, 65534, 0644),
	   "other ids as they were");
	if (fcaps)
		ok(has_fcap("root"), "the file capability survives the way back");
	if (acls)
		ok(has_acl("user", ACL_ACCESS, 2000, 2001) && has_acl("d", ACL_DEFAULT, 3000, 70000) &&
		   has_acl("d", ACL_ACCESS, 70000, 3001) && has_acl("outside", ACL_ACCESS, 4000, 4001),
		   "the ACLs as they were");
	ok(ct_userns_shift(at("nothere"), BASE, BASE, 1, why, sizeof(why)) && strstr(why, "nothere"),
	   "a missing tree is an error naming it: %s", why);

	snprintf(why, sizeof(why), "rm -rf %s", dir);
	if (system(why))
		return 1;
	printf("1..%u\n", tests);
	if (failed)
		printf("# %u of %u failed\n", failed, tests);
	return failed ? 1 : 0;
}
