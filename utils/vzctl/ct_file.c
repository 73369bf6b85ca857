// SPDX-License-Identifier: GPL-2.0
/*
 * Opening files inside a container without following its root's links out
 * of it. openat2's RESOLVE_IN_ROOT makes "/" and ".." in every symlink met
 * on the way stop at the CT's root, as they do for the CT itself, so
 * /etc -> /var/x still works but /etc/hostname -> /etc/shadow of the host
 * names the CT's own /etc/shadow at worst. The last component is never
 * followed, and a write never opens what is there: a hard link to a host
 * file or a FIFO would otherwise be written into or hang vzctl.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "ct_file.h"
#include "util.h"

/* Resolution inside the CT: its root is "/", and /proc-style magic links lead nowhere. */
#define CT_RESOLVE (RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS)

/* glibc 2.36 has no wrapper for openat2. */
static int ct_openat2(int dirfd, const char *path, int flags, mode_t mode)
{
	struct open_how how = {
		.flags = (unsigned int)flags | O_CLOEXEC,
		.mode = mode,
		.resolve = CT_RESOLVE,
	};

	return (int)syscall(SYS_openat2, dirfd, path, &how, sizeof(how));
}

/* The directory of @rel under @root as an O_PATH fd; its last component in *@base. */
static int ct_open_parent(const char *root, const char *rel, char *dir, size_t dirlen,
			  const char **base)
{
	const char *slash = strrchr(rel, '/');
	int rootfd, dfd, saved;

	*base = slash ? slash + 1 : rel;
	if (!**base || !strcmp(*base, ".") || !strcmp(*base, "..") ||
	    (size_t)(*base - rel) >= dirlen) {
		errno = EINVAL;
		return -1;
	}
	snprintf(dir, dirlen, "%.*s", (int)(*base - rel), rel);
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -1;
	dfd = ct_openat2(rootfd, dir[0] ? dir : ".", O_PATH | O_DIRECTORY, 0);
	saved = errno;
	close(rootfd);
	errno = saved;
	return dfd;
}

/* Create a temporary beside @base that no one else has; its name in @tmp. */
static int ct_create_tmp(int dfd, const char *base, char *tmp, size_t tmplen, mode_t mode)
{
	for (int i = 0; i < 100; i++) {
		int fd;

		snprintf(tmp, tmplen, ".%.200s.vzctl%d.%d", base, (int)getpid(), i);
		fd = openat(dfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK |
			    O_CLOEXEC, mode);
		if (fd >= 0 || errno != EEXIST)
			return fd;
	}
	return -1;
}

int ct_file_write(const char *root, const char *rel, const void *buf, size_t len, mode_t mode)
{
	char dir[PATH_MAX], tmp[256];
	const char *base;
	struct stat old;
	int dfd, fd, have_old, saved;

	dfd = ct_open_parent(root, rel, dir, sizeof(dir), &base);
	if (dfd < 0)
		return -1;
	have_old = !fstatat(dfd, base, &old, AT_SYMLINK_NOFOLLOW);
	if (!have_old && errno != ENOENT)
		goto fail_dir;
	if (have_old && !S_ISREG(old.st_mode)) {
		errno = S_ISLNK(old.st_mode) ? ELOOP : EINVAL;
		goto fail_dir;
	}
	fd = ct_create_tmp(dfd, base, tmp, sizeof(tmp), 0600);
	if (fd < 0)
		goto fail_dir;
	/* The owner first: a chown clears the set-id bits that the chmod then puts back. */
	if (have_old && fchown(fd, old.st_uid, old.st_gid))
		goto fail_tmp;
	if (fchmod(fd, have_old ? old.st_mode & 07777 : mode) || write_all(fd, buf, len) ||
	    fsync(fd))
		goto fail_tmp;
	if (close(fd)) {
		fd = -1;
		goto fail_tmp;
	}
	fd = -1;
	/* Whatever the name is by now (the CT runs), the rename replaces the name, not a target. */
	if (renameat(dfd, tmp, dfd, base))
		goto fail_tmp;
	close(dfd);
	return 0;
fail_tmp:
	saved = errno;
	if (fd >= 0)
		close(fd);
	unlinkat(dfd, tmp, 0);
	errno = saved;
fail_dir:
	saved = errno;
	close(dfd);
	errno = saved;
	return -1;
}

int ct_file_opendir(const char *root, const char *rel)
{
	int rootfd, fd, saved;

	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -1;
	fd = ct_openat2(rootfd, rel, O_RDONLY | O_DIRECTORY | O_NOFOLLOW, 0);
	saved = errno;
	close(rootfd);
	errno = saved;
	return fd;
}

ssize_t ct_file_read(const char *root, const char *rel, char *buf, size_t len)
{
	int rootfd, fd, saved;
	size_t got = 0;
	struct stat st;

	if (!len) {
		errno = EINVAL;
		return -1;
	}
	rootfd = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0)
		return -1;
	/* Non-blocking: opening a FIFO for reading would wait for a writer. */
	fd = ct_openat2(rootfd, rel, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0);
	saved = errno;
	close(rootfd);
	errno = saved;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st))
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = EINVAL;
		goto fail;
	}
	while (got < len - 1) {
		ssize_t n = read(fd, buf + got, len - 1 - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (!n)
			break;
		got += (size_t)n;
	}
	buf[got] = 0;
	close(fd);
	return (ssize_t)got;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

const char *ct_file_strerror(int err)
{
	if (err == ELOOP)
		return "it is a symbolic link, not followed from the host";
	if (err == EINVAL)
		return "it is not a regular file";
	return strerror(err);
}
