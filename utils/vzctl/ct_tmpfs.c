// SPDX-License-Identifier: GPL-2.0
/* Files a CT put on the tmpfs mounts vzctl makes: see ct_tmpfs.h. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct_file.h"
#include "ct_tmpfs.h"

/* What ct_root.c's make_dev() puts in /dev. */
static const char *const dev_own[] = {
	"null", "zero", "full", "random", "urandom", "tty", "console", "pts", "shm",
	"ptmx", "fd", "stdin", "stdout", "stderr",
};

static int vzctl_made(const char *dir, const char *name)
{
	if (strcmp(dir, "dev"))
		return 0;
	for (size_t i = 0; i < sizeof(dev_own) / sizeof(dev_own[0]); i++)
		if (!strcmp(name, dev_own[i]))
			return 1;
	return 0;
}

static int check_dir(const char *root, const char *dir, char *why, size_t len)
{
	struct dirent *e;
	struct stat st;
	int fd, ret = 0;
	DIR *d;

	fd = ct_file_opendir(root, dir);
	if (fd < 0) {
		snprintf(why, len, "unable to list its /%s: %s", dir, ct_file_strerror(errno));
		return -1;
	}
	d = fdopendir(fd);
	if (!d) {
		snprintf(why, len, "unable to list its /%s: %s", dir, strerror(errno));
		close(fd);
		return -1;
	}
	while (!ret && (errno = 0, e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
		    vzctl_made(dir, e->d_name))
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW))
			continue;	/* gone since: the CT is frozen, but not its unlinks in flight */
		if (S_ISSOCK(st.st_mode))
			continue;
		snprintf(why, len, "its /%s holds %s, a file on a tmpfs that vzctl made: such files cannot be carried yet",
			 dir, e->d_name);
		ret = -1;
	}
	if (!ret && errno) {
		snprintf(why, len, "unable to list its /%s: %s", dir, strerror(errno));
		ret = -1;
	}
	closedir(d);
	return ret;
}

int ct_tmpfs_check(pid_t init, char *why, size_t len)
{
	char root[64];

	snprintf(root, sizeof(root), "/proc/%d/root", (int)init);
	return check_dir(root, "dev", why, len) ?: check_dir(root, "dev/shm", why, len);
}
