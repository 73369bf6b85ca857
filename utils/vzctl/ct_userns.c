// SPDX-License-Identifier: GPL-2.0
/*
 * User namespaces for CTs: the id maps the CT's init gets, the switch to
 * the namespace's root for what runs in the CT, and the shift of the
 * private area's owners into (or out of) the CT's range of host ids, with
 * the ids named by file capabilities and POSIX ACLs.
 */
#define _GNU_SOURCE
#include <endian.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/posix_acl.h>
#include <linux/posix_acl_xattr.h>

#include "ct_userns.h"

#define FAIL(...) do { snprintf(why, len, __VA_ARGS__); return -1; } while (0)

unsigned int ct_userns_default_base(unsigned int ctid)
{
	uint64_t base = (uint64_t)ctid * CT_USERNS_RANGE;

	/* CTID 0 has no range of its own, and the last id, (uid_t)-1, means "none". */
	if (base < CT_USERNS_MIN || base + CT_USERNS_RANGE > UINT32_MAX)
		return 0;
	return (unsigned int)base;
}

static int write_map(pid_t pid, const char *file, unsigned int base, char *why, size_t len)
{
	char path[64], map[64];
	int fd, n, err = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	n = snprintf(map, sizeof(map), "0 %u %u\n", base, CT_USERNS_RANGE);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		FAIL("unable to open %s: %s", path, strerror(errno));
	if (write(fd, map, n) != n)
		err = errno ? errno : EIO;
	close(fd);
	if (err)
		FAIL("unable to map the CT's ids 0-%u to %u-%u in %s: %s", CT_USERNS_RANGE - 1,
		     base, base + CT_USERNS_RANGE - 1, path, strerror(err));
	return 0;
}

int ct_userns_write_maps(pid_t pid, unsigned int uid, unsigned int gid, char *why, size_t len)
{
	/* setgroups stays "allow": the CT's root may set its processes' groups, in its range. */
	if (write_map(pid, "uid_map", uid, why, len) || write_map(pid, "gid_map", gid, why, len))
		return -1;
	return 0;
}

int ct_userns_become_root(char *why, size_t len)
{
	if (setresgid(0, 0, 0))
		FAIL("unable to become the CT's group 0: %s", strerror(errno));
	if (setgroups(0, NULL))
		FAIL("unable to drop the host's supplementary groups: %s", strerror(errno));
	if (setresuid(0, 0, 0))
		FAIL("unable to become the CT's root: %s", strerror(errno));
	return 0;
}

/* nftw() passes nothing of ours to its callback. */
static struct {
	unsigned int uid, gid;
	int to_ct;
	char *why;
	size_t len;
} shift;

static unsigned int shifted(unsigned int id, unsigned int base)
{
	if (shift.to_ct)
		return id < CT_USERNS_RANGE ? id + base : id;
	return id >= base && id - base < CT_USERNS_RANGE ? id - base : id;
}

/* A v3 file capability names the host uid its root is: that one moves with the rest. */
static void shift_fcaps(struct vfs_ns_cap_data *caps, ssize_t n)
{
	uint32_t rev = caps->magic_etc & VFS_CAP_REVISION_MASK;

	if (n == XATTR_CAPS_SZ_3 && rev == VFS_CAP_REVISION_3)
		caps->rootid = shifted(caps->rootid, shift.uid);
}

/* An ACL as the kernel keeps it in its xattr: a header and up to this many entries. */
#define ACL_MAX_ENTRIES	1024
struct acl_buf {
	struct posix_acl_xattr_header h;
	struct posix_acl_xattr_entry e[ACL_MAX_ENTRIES];
};

/*
 * The named users and groups of the ACL @name of @path moved with the
 * owners (the owner's, group's, mask's and others' entries name nobody).
 * Read before the owners change, written after: 1 if it has such entries
 * to write back, 0 if not, -1 with @why.
 */
static int shift_acl(const char *path, const char *name, struct acl_buf *acl, ssize_t *n,
		     char *why, size_t len)
{
	int changed = 0;
	size_t i, nr;

	*n = lgetxattr(path, name, acl, sizeof(*acl));
	if (*n < 0 && (errno == ENODATA || errno == ENOTSUP))
		return 0;
	if (*n < 0)
		FAIL("unable to read the ACL %s of %s: %s", name, path, strerror(errno));
	nr = ((size_t)*n - sizeof(acl->h)) / sizeof(acl->e[0]);
	if ((size_t)*n < sizeof(acl->h) || (size_t)*n != sizeof(acl->h) + nr * sizeof(acl->e[0]) ||
	    le32toh(acl->h.a_version) != POSIX_ACL_XATTR_VERSION)
		FAIL("the ACL %s of %s is not one this vzctl knows", name, path);
	for (i = 0; i < nr; i++) {
		unsigned int id = le32toh(acl->e[i].e_id), to = id, tag = le16toh(acl->e[i].e_tag);

		if (tag == ACL_USER)
			to = shifted(id, shift.uid);
		else if (tag == ACL_GROUP)
			to = shifted(id, shift.gid);
		changed |= to != id;
		acl->e[i].e_id = htole32(to);
	}
	return changed;
}

static int shift_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	unsigned int uid = shifted(sb->st_uid, shift.uid), gid = shifted(sb->st_gid, shift.gid);
	char *why = shift.why;
	size_t len = shift.len;
	static struct acl_buf acl[2];
	static const char *const acl_names[2] = {
		"system.posix_acl_access", "system.posix_acl_default"
	};
	int acl_changed[2] = { 0, 0 }, i;
	struct vfs_ns_cap_data caps;
	ssize_t ncaps = -1, nacl[2] = { 0, 0 };

	(void)ftw;
	if (flag == FTW_NS || flag == FTW_DNR)
		FAIL("unable to read %s", path);
	/* Links have no ACL; only a directory has a default one. */
	for (i = 0; i < 2 && !S_ISLNK(sb->st_mode) && (i == 0 || S_ISDIR(sb->st_mode)); i++) {
		acl_changed[i] = shift_acl(path, acl_names[i], &acl[i], &nacl[i], why, len);
		if (acl_changed[i] < 0)
			return -1;
	}
	if (uid == sb->st_uid && gid == sb->st_gid && !acl_changed[0] && !acl_changed[1])
		return 0;
	if (S_ISREG(sb->st_mode)) {
		ncaps = lgetxattr(path, "security.capability", &caps, sizeof(caps));
		if (ncaps < 0 && errno != ENODATA && errno != ENOTSUP)
			FAIL("unable to read the file capabilities of %s: %s", path,
			     strerror(errno));
	}
	if (lchown(path, uid, gid))
		FAIL("unable to change the owner of %s: %s", path, strerror(errno));
	/* A change of owner clears these; the CT's setuid programs keep them. */
	if (!S_ISLNK(sb->st_mode) && (sb->st_mode & (S_ISUID | S_ISGID)) &&
	    chmod(path, sb->st_mode & 07777))
		FAIL("unable to restore the mode of %s: %s", path, strerror(errno));
	if (ncaps > 0) {
		shift_fcaps(&caps, ncaps);
		if (lsetxattr(path, "security.capability", &caps, ncaps, 0))
			FAIL("unable to restore the file capabilities of %s: %s", path,
			     strerror(errno));
	}
	for (i = 0; i < 2; i++)
		if (acl_changed[i] && lsetxattr(path, acl_names[i], &acl[i], nacl[i], 0))
			FAIL("unable to write the shifted ACL %s of %s: %s", acl_names[i], path,
			     strerror(errno));
	return 0;
}

int ct_userns_shift(const char *dir, unsigned int uid, unsigned int gid, int to_ct,
		    char *why, size_t len)
{
	int ret;

	shift.uid = uid;
	shift.gid = gid;
	shift.to_ct = to_ct;
	shift.why = why;
	shift.len = len;
	why[0] = 0;
	/* The CT is stopped: nothing of its can race with the walk, which follows no link. */
	ret = nftw(dir, shift_one, 32, FTW_PHYS);
	if (ret && !why[0])
		FAIL("unable to walk %s: %s", dir, strerror(errno));
	return ret ? -1 : 0;
}
