// SPDX-License-Identifier: GPL-2.0
/*
 * Joining a running container for exec and enter: its cgroup first (so
 * that its limits count what runs), then its namespaces, then its root.
 * The root comes from /proc/PID/root, opened before the mount namespace is
 * entered, since that namespace's own root is not the CT's pivoted one.
 * A CT with a user namespace: that one first, which gives the rights to
 * enter the others (they are its), and then its root's ids.
 * Last, the process takes the CT init's capability bounding set (and no
 * more permitted, effective, inheritable or ambient capabilities): what
 * vzctl runs in the CT, and vzctl itself once the CT's root can see it,
 * is never more privileged than the CT's own root.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "ct.h"
#include "ct_caps.h"
#include "ct_userns.h"
#include "util.h"
#include "vzerror.h"

/*
 * Is @fd our own namespace of kind @name? Then it is not entered: setns()
 * refuses the host's user namespace, and once in the CT's it refuses the
 * namespaces that the host's owns (a CT that is not restored shares the
 * host's time namespace).
 */
static int ours(int fd, const char *name)
{
	char path[64];
	struct stat a, b;

	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	if (fstat(fd, &a) || stat(path, &b))
		return 0;	/* let setns() say what is wrong */
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

int ct_join(unsigned int ctid, pid_t init)
{
	/* time: a restored CT's clocks are its time namespace's, and what runs in it shares them. */
	static const char *const ns[] = {
		"user", "ipc", "uts", "net", "time", "pid", "cgroup", "mnt"
	};
	int fds[sizeof(ns) / sizeof(ns[0])], rootfd, ret = VZ_SYSTEM_ERROR;
	char path[64], why[256];
	int skip[sizeof(ns) / sizeof(ns[0])];
	size_t i, n = 0;
	uint64_t bset;

	if (cg_attach(ctid, getpid(), why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", ctid, why);
		return VZ_SYSTEM_ERROR;
	}
	if (ct_caps_of(init, &bset)) {
		fprintf(stderr, "Error: CT %u: unable to read its capabilities: %s\n", ctid,
			strerror(errno));
		return VZ_SYSTEM_ERROR;
	}
	snprintf(path, sizeof(path), "/proc/%d/root", (int)init);
	rootfd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (rootfd < 0) {
		fprintf(stderr, "Error: CT %u: unable to open its root: %s\n", ctid, strerror(errno));
		return VZ_SYSTEM_ERROR;
	}
	for (n = 0; n < sizeof(ns) / sizeof(ns[0]); n++) {
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)init, ns[n]);
		fds[n] = open(path, O_RDONLY | O_CLOEXEC);
		if (fds[n] >= 0)
			skip[n] = ours(fds[n], ns[n]);
		if (fds[n] < 0) {
			fprintf(stderr, "Error: CT %u: unable to open its %s namespace: %s\n", ctid,
				ns[n], strerror(errno));
			goto out;
		}
	}
	for (i = 0; i < n; i++) {
		if (skip[i])
			continue;
		if (setns(fds[i], 0)) {
			fprintf(stderr, "Error: CT %u: unable to enter its %s namespace: %s\n", ctid,
				ns[i], strerror(errno));
			goto out;
		}
	}
	if (!skip[0] && ct_userns_become_root(why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", ctid, why);
		goto out;
	}
	if (fchdir(rootfd) || chroot(".") || chdir("/")) {
		fprintf(stderr, "Error: CT %u: unable to enter its root: %s\n", ctid,
			strerror(errno));
		goto out;
	}
	if (ct_caps_confine(bset, 1, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", ctid, why);
		goto out;
	}
	ret = 0;
out:
	while (n > 0)
		close(fds[--n]);
	close(rootfd);
	return ret;
}

int ct_join_ns(unsigned int ctid, pid_t init, const char *ns)
{
	char path[64];
	int fd, ret = 0;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)init, ns);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || setns(fd, 0)) {
		fprintf(stderr, "Error: CT %u: unable to enter its %s namespace: %s\n", ctid, ns,
			strerror(errno));
		ret = VZ_SYSTEM_ERROR;
	}
	if (fd >= 0)
		close(fd);
	return ret;
}

void ct_exec_sh(unsigned int ctid, pid_t init, int in, int out, int err, char **argv,
		char *const env[])
{
	pid_t pid;
	int ret;

	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0 || setsid() < 0)
		_exit(VZ_SYSTEM_ERROR);
	/* Nothing else vzctl holds or its caller left open may reach the CT: a host fd is a way out. */
	if (close_range(3, ~0U, 0))
		_exit(VZ_SYSTEM_ERROR);
	ret = ct_join(ctid, init);
	if (ret)
		_exit(ret);
	pid = fork();
	if (pid < 0)
		_exit(VZ_SYSTEM_ERROR);
	if (pid == 0) {
		execve("/bin/sh", argv, env);
		fprintf(stderr, "Error: CT %u: unable to run /bin/sh: %s\n", ctid, strerror(errno));
		_exit(VZ_COMMAND_EXECUTION_ERROR);
	}
	/* Only the shell holds 0, 1 and 2 now: their ends come with its exit or its children's. */
	close(0);
	close(1);
	close(2);
	ret = wait_child(pid);
	_exit(ret < 0 ? VZ_SYSTEM_ERROR : ret);
}
