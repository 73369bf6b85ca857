// SPDX-License-Identifier: GPL-2.0
/*
 * ct_file against what a container's root can plant in its private area:
 * symlinks out of it (absolute, relative with "..", a symlinked directory),
 * a FIFO, a hard link to a host file. A scratch directory stands for the
 * host, its "ct" subdirectory for the private area.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ct_file.h"
#include "tap.h"

static char top[64], ct[96], host[128];

static void put(const char *path, const char *s)
{
	FILE *f = fopen(path, "w");

	if (!f || fputs(s, f) < 0 || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* The host file still says "host\n". */
static int host_intact(void)
{
	char buf[64] = "";
	FILE *f = fopen(host, "r");
	int n = f ? (int)fread(buf, 1, sizeof(buf) - 1, f) : -1;

	if (f)
		fclose(f);
	return n == 5 && !memcmp(buf, "host\n", 5);
}

static void sh(const char *fmt, const char *arg)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), fmt, arg, arg);
	if (system(cmd)) {
		fprintf(stderr, "failed: %s\n", cmd);
		exit(1);
	}
}

int main(void)
{
	char path[256], buf[64];
	struct stat st;
	ssize_t n;

	snprintf(top, sizeof(top), "/tmp/test_ct_file.XXXXXX");
	if (!mkdtemp(top))
		return 1;
	snprintf(ct, sizeof(ct), "%s/ct", top);
	snprintf(host, sizeof(host), "%s/hostfile", top);
	sh("mkdir -p %s/ct/etc %s/ct/tmp", top);
	put(host, "host\n");

	/* A plain write and read back. */
	ok(!ct_file_write(ct, "etc/hostname", "a\n", 2, 0644), "write a new file");
	n = ct_file_read(ct, "etc/hostname", buf, sizeof(buf));
	ok(n == 2 && !strcmp(buf, "a\n"), "read it back");
	snprintf(path, sizeof(path), "%s/etc/hostname", ct);
	ok(!stat(path, &st) && (st.st_mode & 0777) == 0644, "new file has the mode asked");
	chmod(path, 0640);
	ok(!ct_file_write(ct, "etc/hostname", "b\n", 2, 0644), "overwrite");
	ok(!stat(path, &st) && (st.st_mode & 0777) == 0640, "an old file's mode is kept");

	/* An absolute symlink to the host file: refused, host untouched. */
	unlink(path);
	if (symlink(host, path))
		return 1;
	errno = 0;
	ok(ct_file_write(ct, "etc/hostname", "x\n", 2, 0644) && errno == ELOOP,
	   "write through an absolute symlink is refused (ELOOP)");
	ok(host_intact(), "the host file is untouched");
	ok(ct_file_read(ct, "etc/hostname", buf, sizeof(buf)) < 0 && errno == ELOOP,
	   "read through a symlink is refused");

	/* A relative symlink climbing out. */
	unlink(path);
	if (symlink("../../hostfile", path))
		return 1;
	ok(ct_file_write(ct, "etc/hostname", "x\n", 2, 0644) && host_intact(),
	   "write through ../../ symlink refused, host untouched");

	/* A symlinked directory leading out: resolved inside the CT, so it lands in ct/. */
	unlink(path);
	snprintf(path, sizeof(path), "%s/etc2", ct);
	if (symlink(top, path))
		return 1;
	sh("mkdir -p %s/ct%s", top);
	ok(!ct_file_write(ct, "etc2/hostfile", "x\n", 2, 0644) && host_intact(),
	   "a directory symlink to the host's path stays inside the CT");
	snprintf(path, sizeof(path), "%s%s/hostfile", ct, top);
	ok(!stat(path, &st) && S_ISREG(st.st_mode), "and the file went to the CT's own %s", top);
	sh("rm -rf %s/ct/tmp %s/ct/etc2", top);

	/* A hard link to the host file: replaced, not written into. */
	snprintf(path, sizeof(path), "%s/etc/hostname", ct);
	if (link(host, path))
		return 1;
	ok(!ct_file_write(ct, "etc/hostname", "y\n", 2, 0644) && host_intact(),
	   "a hard link to a host file is replaced, the host file untouched");
	n = ct_file_read(ct, "etc/hostname", buf, sizeof(buf));
	ok(n == 2 && !strcmp(buf, "y\n"), "the CT's file has the new text");

	/* A FIFO: neither call blocks, both refuse. */
	unlink(path);
	if (mkfifo(path, 0644))
		return 1;
	alarm(10);
	ok(ct_file_write(ct, "etc/hostname", "z\n", 2, 0644) && errno == EINVAL,
	   "write to a FIFO is refused at once");
	ok(ct_file_read(ct, "etc/hostname", buf, sizeof(buf)) < 0 && errno == EINVAL,
	   "read of a FIFO is refused at once");
	alarm(0);
	ok(ct_file_write(ct, "etc/..", "z\n", 2, 0644) && errno == EINVAL, "'..' as a name refused");
	sh("rm -rf %s", top);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
