// SPDX-License-Identifier: GPL-2.0
/*
 * cptprobe00: run inside a container, as its root, reach for the host's
 * checkpoint and restore: open /proc/cpt and /proc/rst, and on every file
 * that opens try each ioctl of include/uapi/linux/vzcpt.h, which must all be
 * refused (EPERM: the caller is not the host's administrator). Then the same
 * as an unprivileged user (uid/gid 65534), whose opens must fail. Prints
 * one "PASS cptprobe00" or "FAIL cptprobe00: why" per identity; exits 0
 * only if both passed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <grp.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vzcpt.h>

static const struct {
	unsigned long cmd;
	const char *name;
} ioctls[] = {
	{ CPT_GET_CONTEXT, "CPT_GET_CONTEXT" }, { CPT_JOIN_CONTEXT, "CPT_JOIN_CONTEXT" },
	{ CPT_PUT_CONTEXT, "CPT_PUT_CONTEXT" }, { CPT_SET_VEID, "CPT_SET_VEID" },
	{ CPT_SET_DUMPFD, "CPT_SET_DUMPFD" }, { CPT_SUSPEND, "CPT_SUSPEND" },
	{ CPT_DUMP, "CPT_DUMP" }, { CPT_KILL, "CPT_KILL" }, { CPT_RESUME, "CPT_RESUME" },
	{ CPT_UNDUMP, "CPT_UNDUMP" }, { CPT_GET_ERROR, "CPT_GET_ERROR" },
	{ CPT_GET_ABI, "CPT_GET_ABI" },
};

static char why[1024];

static void add(const char *fmt, const char *a, const char *b, int err)
{
	size_t n = strlen(why);

	if (n < sizeof(why) - 1) {
		snprintf(why + n, sizeof(why) - n, n ? "; " : "");
		n = strlen(why);
		snprintf(why + n, sizeof(why) - n, fmt, a, b, strerror(err));
	}
}

/* One identity's probe: how many things were not refused. */
static int probe(const char *who, int may_open)
{
	static const char *const files[] = { "/proc/cpt", "/proc/rst" };
	static const int modes[] = { O_RDONLY, O_RDWR, O_WRONLY };
	int bad = 0, opened = 0;

	why[0] = 0;
	for (size_t f = 0; f < 2; f++) {
		for (size_t m = 0; m < 3; m++) {
			union {
				struct vzcpt_ctx_arg ca;
				struct vzcpt_errmsg em;
				__u32 u;
				__s32 s;
			} arg;
			int fd = open(files[f], modes[m] | O_CLOEXEC);

			if (fd < 0) {
				if (errno == ENOENT) {
					add("%s%s: %s (is the module loaded?)", files[f], "", errno);
					bad++;
				}
				continue;
			}
			opened++;
			if (!may_open) {
				add("%s opened as %s", files[f], who, 0);
				bad++;
			}
			for (size_t i = 0; i < sizeof(ioctls) / sizeof(ioctls[0]); i++) {
				memset(&arg, 0, sizeof(arg));
				arg.ca.ctid = 1;
				arg.ca.pid = 1;
				arg.ca.cgroup_fd = -1;
				errno = 0;
				if (ioctl(fd, ioctls[i].cmd, &arg) == 0 || errno != EPERM) {
					add("%s: %s not refused with EPERM (%s)", files[f],
					    ioctls[i].name, errno);
					bad++;
				}
			}
			close(fd);
		}
	}
	if (bad)
		printf("FAIL cptprobe00: as %s: %s\n", who, why);
	else
		printf("PASS cptprobe00 as %s (%d opens, every ioctl refused)\n", who, opened);
	fflush(stdout);
	return bad;
}

int main(void)
{
	int status, bad;
	pid_t pid;

	if (geteuid()) {
		printf("FAIL cptprobe00: must start as root (uid %d)\n", (int)geteuid());
		return 1;
	}
	bad = probe("root", 1);
	pid = fork();
	if (pid == 0) {
		if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
		    setresuid(65534, 65534, 65534)) {
			printf("FAIL cptprobe00: cannot become uid 65534: %s\n", strerror(errno));
			_exit(1);
		}
		_exit(probe("uid 65534", 0) ? 1 : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status))
		bad++;
	return bad ? 1 : 0;
}
