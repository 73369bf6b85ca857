// SPDX-License-Identifier: GPL-2.0
/* Thin wrappers of the checkpoint/restore ioctls: see cpt.h. */
#define _GNU_SOURCE	/* F_SETPIPE_SZ */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/vzcpt.h>

#include "cpt.h"

/* A query or a context call: interrupted before it did anything, so asked again. */
static int cpt_ioctl(int fd, unsigned long cmd, void *arg)
{
	int ret;

	do
		ret = ioctl(fd, cmd, arg);
	while (ret < 0 && errno == EINTR);
	return ret < 0 ? -errno : 0;
}

/*
 * A stage (suspend, dump, kill, resume, undump) is issued once: one that a
 * signal interrupted has already changed its context (an image half
 * written, tasks half made), so EINTR is its failure, not a retry.
 */
static int cpt_stage_ioctl(int fd, unsigned long cmd)
{
	return ioctl(fd, cmd, NULL) < 0 ? -errno : 0;
}

int cpt_open(const char *proc)
{
	int fd = open(proc, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int cpt_get_abi(int fd, unsigned int *version)
{
	__u32 v = 0;
	int err = cpt_ioctl(fd, CPT_GET_ABI, &v);

	*version = v;
	return err;
}

int cpt_get_context(int fd, unsigned int ctid, pid_t pid, int cgroup_fd)
{
	struct vzcpt_ctx_arg arg = { .ctid = ctid, .pid = pid, .cgroup_fd = cgroup_fd };

	return cpt_ioctl(fd, CPT_GET_CONTEXT, &arg);
}

int cpt_join_context(int fd, unsigned int ctid)
{
	__u32 id = ctid;

	return cpt_ioctl(fd, CPT_JOIN_CONTEXT, &id);
}

int cpt_set_veid(int fd, unsigned int ctid)
{
	__u32 id = ctid;

	return cpt_ioctl(fd, CPT_SET_VEID, &id);
}

int cpt_put_context(int fd)
{
	return cpt_ioctl(fd, CPT_PUT_CONTEXT, NULL);
}

/* A pipe's default 64 KiB costs a wakeup of each side every 16 pages of the image. */
#define CPT_PIPE_SIZE	(1 << 20)

int cpt_set_dumpfd(int fd, int dumpfd)
{
	__s32 d = dumpfd;
	struct stat st;

	/* Best effort: a pipe that stays small (pipe-max-size, another owner) is only slower. */
	if (!fstat(dumpfd, &st) && S_ISFIFO(st.st_mode) &&
	    fcntl(dumpfd, F_GETPIPE_SZ) < CPT_PIPE_SIZE &&
	    fcntl(dumpfd, F_SETPIPE_SZ, CPT_PIPE_SIZE) < 0)
		errno = 0;
	return cpt_ioctl(fd, CPT_SET_DUMPFD, &d);
}

int cpt_suspend(int fd)
{
	return cpt_stage_ioctl(fd, CPT_SUSPEND);
}

int cpt_dump(int fd)
{
	return cpt_stage_ioctl(fd, CPT_DUMP);
}

/* One pre-copy pass of the running CT into the dump fd; @a gets what it did. */
int cpt_iter(int fd, struct vzcpt_iter_arg *a)
{
	memset(a, 0, sizeof(*a));
	return cpt_ioctl(fd, CPT_ITER, a);
}

int cpt_add_mount(int fd, unsigned int kind, const char *target, const char *source)
{
	struct vzcpt_mount_arg a = {
		.target = (unsigned long)target, .source = (unsigned long)source, .kind = kind,
	};

	return cpt_ioctl(fd, CPT_ADD_MOUNT, &a);
}

int cpt_kill(int fd)
{
	return cpt_stage_ioctl(fd, CPT_KILL);
}

int cpt_resume(int fd)
{
	return cpt_stage_ioctl(fd, CPT_RESUME);
}

int cpt_undump(int fd)
{
	return cpt_stage_ioctl(fd, CPT_UNDUMP);
}

int cpt_get_error(int fd, char *buf, size_t len)
{
	struct vzcpt_errmsg e;
	int err;

	memset(&e, 0, sizeof(e));
	err = cpt_ioctl(fd, CPT_GET_ERROR, &e);
	e.msg[sizeof(e.msg) - 1] = 0;
	snprintf(buf, len, "%s", err ? "" : e.msg);
	return err;
}

const char *cpt_explain(int fd, int err, char *buf, size_t len)
{
	if (fd >= 0 && !cpt_get_error(fd, buf, len) && buf[0])
		return buf;
	snprintf(buf, len, "%s", strerror(-err));
	return buf;
}

int cpt_parse_ctid(const char *s, unsigned int *ctid)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || v > UINT_MAX || s[0] == '-' || s[0] == '+')
		return -EINVAL;
	*ctid = (unsigned int)v;
	return 0;
}
