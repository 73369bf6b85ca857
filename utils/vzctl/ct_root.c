// SPDX-License-Identifier: GPL-2.0
/*
 * The CT's root, made by its init before it runs anything of the CT's.
 * The CT gets a /dev of its own (a small tmpfs with the usual nodes) rather
 * than the host's, and a devpts instance of its own so that its ptys are
 * neither visible to nor shared with the host.
 *
 * Then it confines itself, since its root is the host's root as far as
 * the kernel checks: the parts of /proc that act on or show the whole
 * host read-only or masked (runc's and LXC's lists), /sys read-only, a
 * cgroup namespace whose root is the CT's cgroup with that cgroup mounted
 * read-only at /sys/fs/cgroup (writable, the CT could raise its own
 * limits), and its capabilities cut to the CT's bounding set (ct_caps.c).
 * With CAP_SYS_ADMIN out of that set the CT cannot unmount or remount any
 * of this. A restore seed is made the same way, so that a restored CT is
 * as confined as a started one and its mounts are those recorded at its
 * start (ct_mounts.c).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "ct_caps.h"
#include "ct_root.h"

#define FAIL(...) do { snprintf(why, len, __VA_ARGS__); return -1; } while (0)

struct devnode {
	const char *name;
	unsigned int major, minor;
};

static const struct devnode devnodes[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 },
	{ "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static int mount_in(const char *root, const char *dir, const char *fstype, const char *src,
		    unsigned long flags, const char *data, char *why, size_t len)
{
	char path[PATH_MAX + 64];

	snprintf(path, sizeof(path), "%s/%s", root, dir);
	if (mkdir(path, 0755) && errno != EEXIST)
		FAIL("unable to create %s: %s", path, strerror(errno));
	if (mount(src, path, fstype, flags, data))
		FAIL("unable to mount %s at %s: %s", fstype ? fstype : src, path, strerror(errno));
	return 0;
}

/*
 * A CT with a user namespace may not mknod (and its tmpfs is nodev): it gets
 * the host's nodes of the same devices, bound over empty files.
 */
static int bind_dev(const char *path, const char *name, char *why, size_t len)
{
	char host[64];
	int fd;

	snprintf(host, sizeof(host), "/dev/%s", name);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0)
		FAIL("unable to create %s: %s", path, strerror(errno));
	close(fd);
	if (mount(host, path, NULL, MS_BIND, NULL))
		FAIL("unable to bind %s at %s: %s", host, path, strerror(errno));
	return 0;
}

static int make_dev(const char *root, int userns, char *why, size_t len)
{
	char path[PATH_MAX + 64];
	size_t i;
	mode_t old;
	int fd;

	if (mount_in(root, "dev", "tmpfs", "tmpfs", MS_NOSUID | MS_NOEXEC, "mode=755,size=1m",
		     why, len))
		return -1;
	old = umask(0);
	for (i = 0; i < sizeof(devnodes) / sizeof(devnodes[0]); i++) {
		snprintf(path, sizeof(path), "%s/dev/%s", root, devnodes[i].name);
		if (userns) {
			if (bind_dev(path, devnodes[i].name, why, len)) {
				umask(old);
				return -1;
			}
			continue;
		}
		if (mknod(path, S_IFCHR | 0666, makedev(devnodes[i].major, devnodes[i].minor))) {
			umask(old);
			FAIL("unable to create %s: %s", path, strerror(errno));
		}
	}
	umask(old);
	/*
	 * The CT's console: nobody reads it while vzctl is not running, so its
	 * output is discarded, like a console nobody is attached to.
	 */
	snprintf(path, sizeof(path), "%s/dev/console", root);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		FAIL("unable to create %s: %s", path, strerror(errno));
	close(fd);
	if (mount("/dev/null", path, NULL, MS_BIND, NULL))
		FAIL("unable to bind /dev/null at %s: %s", path, strerror(errno));
	if (mount_in(root, "dev/pts", "devpts", "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=0620,gid=5", why, len) ||
	    mount_in(root, "dev/shm", "tmpfs", "tmpfs", MS_NOSUID | MS_NODEV, "mode=1777",
		     why, len))
		return -1;
	{
		static const char *const links[][2] = {
			{ "pts/ptmx", "ptmx" }, { "/proc/self/fd", "fd" },
			{ "/proc/self/fd/0", "stdin" }, { "/proc/self/fd/1", "stdout" },
			{ "/proc/self/fd/2", "stderr" },
		};

		for (i = 0; i < sizeof(links) / sizeof(links[0]); i++) {
			snprintf(path, sizeof(path), "%s/dev/%s", root, links[i][1]);
			if (symlink(links[i][0], path))
				FAIL("unable to create %s: %s", path, strerror(errno));
		}
	}
	return 0;
}

/* What the kernel shows of the whole host, or lets change it: kept read-only. */
static const char *const ro_paths[] = {
	"proc/sys", "proc/sysrq-trigger", "proc/irq", "proc/bus", "proc/fs",
};

/* Not for a CT to see at all: files are covered by /dev/null, directories by an empty tmpfs. */
static const char *const masked_paths[] = {
	"proc/kcore", "proc/kmsg", "proc/keys", "proc/timer_list", "proc/sched_debug",
	"proc/latency_stats", "proc/acpi", "proc/asound", "proc/scsi", "sys/firmware",
	"sys/devices/virtual/powercap",
};

#define RO_FLAGS	(MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_RDONLY)

static int confine_paths(const char *root, char *why, size_t len)
{
	char path[PATH_MAX + 64];
	struct stat st;
	size_t i;

	for (i = 0; i < sizeof(ro_paths) / sizeof(ro_paths[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", root, ro_paths[i]);
		if (lstat(path, &st) && errno == ENOENT)
			continue;	/* not in this kernel; a restore on it makes the same */
		if (mount(path, path, NULL, MS_BIND, NULL) ||
		    mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | RO_FLAGS, NULL))
			FAIL("unable to make %s read-only: %s", path, strerror(errno));
	}
	/*
	 * Under the read-only /proc/sys, the CT's own net namespace's settings
	 * stay writable, as LXC's proc:mixed leaves them: the kernel shows a
	 * net namespace other than the host's only its own values, and makes
	 * read-only there those it shares with the host (conntrack's limits).
	 */
	snprintf(path, sizeof(path), "%s/proc/sys/net", root);
	if (!lstat(path, &st) &&
	    (mount(path, path, NULL, MS_BIND, NULL) ||
	     mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL)))
		FAIL("unable to make %s writable: %s", path, strerror(errno));
	for (i = 0; i < sizeof(masked_paths) / sizeof(masked_paths[0]); i++) {
		int r;

		snprintf(path, sizeof(path), "%s/%s", root, masked_paths[i]);
		if (lstat(path, &st) && errno == ENOENT)
			continue;
		if (S_ISDIR(st.st_mode))
			r = mount("tmpfs", path, "tmpfs", RO_FLAGS, "mode=555,size=0");
		else
			r = mount("/dev/null", path, NULL, MS_BIND, NULL);
		if (r)
			FAIL("unable to mask %s: %s", path, strerror(errno));
	}
	return 0;
}

int ct_root_setup(const struct ctconf *cc, int seed, char *why, size_t len)
{
	const char *root = cc->ve_root;
	char cg[PATH_MAX + 64];

	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL))
		FAIL("unable to make the CT's mounts private: %s", strerror(errno));
	/*
	 * In a user namespace the mounts copied from the host's are locked, and
	 * pivot_root() refuses a locked new root: the CT's own bind of it is not.
	 */
	if (cc->userns && mount(root, root, NULL, MS_BIND | MS_REC, NULL))
		FAIL("unable to bind %s onto itself: %s", root, strerror(errno));
	/* Cloned into the CT's cgroup: the namespace made now has that cgroup as its root. */
	if (unshare(CLONE_NEWCGROUP))
		FAIL("unable to create its cgroup namespace: %s", strerror(errno));
	snprintf(cg, sizeof(cg), "%s/sys/fs/cgroup", root);
	if (mount_in(root, "proc", "proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
		     why, len) ||
	    mount_in(root, "sys", "sysfs", "sysfs", RO_FLAGS, NULL, why, len) ||
	    confine_paths(root, why, len) ||
	    make_dev(root, cc->userns, why, len))
		return -1;
	if (mount("cgroup2", cg, "cgroup2", RO_FLAGS, NULL))
		FAIL("unable to mount its cgroup at %s: %s", cg, strerror(errno));
	if (cc->hostname[0] && sethostname(cc->hostname, strlen(cc->hostname)))
		FAIL("unable to set the hostname %s: %s", cc->hostname, strerror(errno));
	if (chdir(root))
		FAIL("unable to enter %s: %s", root, strerror(errno));
	/* pivot_root(".", "."): the old root stacks under the new one and is detached. */
	if (syscall(SYS_pivot_root, ".", "."))
		FAIL("pivot_root into %s: %s", root, strerror(errno));
	if (umount2(".", MNT_DETACH))
		FAIL("unable to detach the host's root: %s", strerror(errno));
	if (chdir("/"))
		FAIL("chdir /: %s", strerror(errno));
	return ct_caps_confine(ct_caps_bset(cc->cap_on, cc->cap_off, cc->userns), !seed,
			       why, len);
}

int ct_root_console_stdio(int keep, char *why, size_t len)
{
	int fd = open("/dev/console", O_RDWR | O_NOCTTY);

	if (fd < 0)
		FAIL("unable to open the CT's /dev/console: %s", strerror(errno));
	if (dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		FAIL("dup2: %s", strerror(errno));
	for (int i = 3; i < 1024; i++)
		if (i != keep)
			close(i);
	return 0;
}
