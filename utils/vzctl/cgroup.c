// SPDX-License-Identifier: GPL-2.0
/*
 * A CT's cgroup v2 group "vz/CTID". libcgroup creates, limits, attaches
 * and deletes it; plain file I/O does what libcgroup has no call for
 * (enabling controllers in the parents, cgroup.kill, cgroup.events,
 * counting cgroup.procs, the directory fd).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>
#include <libcgroup.h>

#include "cgroup.h"

#define CG_PARENT	"vz"
#define CPU_PERIOD	100000U	/* cpu.max period, us */

/* The controllers every CT group gets, in the order they are enabled. */
static const char *const cg_ctrls[] = { "cpu", "memory", "pids" };
#define NR_CTRLS	(sizeof(cg_ctrls) / sizeof(cg_ctrls[0]))

/* libcgroup's last error-level log line, to say why a call failed. */
static char lcg_msg[256];

__attribute__((format(printf, 3, 4)))
static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static void lcg_logger(void *data, int level, const char *fmt, va_list ap)
{
	size_t n;

	(void)data;
	if (level != CGROUP_LOG_ERROR)
		return;
	vsnprintf(lcg_msg, sizeof(lcg_msg), fmt, ap);
	n = strlen(lcg_msg);
	while (n && (lcg_msg[n - 1] == '\n' || lcg_msg[n - 1] == ' '))
		lcg_msg[--n] = 0;
}

/* libcgroup's reason for @ret, with the detail it logged if any. */
static const char *lcg_why(int ret)
{
	static char buf[400];
	const char *what;

	if (ret == ECGOTHER)
		what = strerror(cgroup_get_last_errno());
	else
		what = cgroup_strerror(ret);
	if (lcg_msg[0])
		snprintf(buf, sizeof(buf), "%s (%s)", what, lcg_msg);
	else
		snprintf(buf, sizeof(buf), "%s", what);
	return buf;
}

int cg_check(char *err, size_t errlen)
{
	struct statfs sf;

	if (statfs(CG_MOUNT, &sf) || sf.f_type != CGROUP2_SUPER_MAGIC)
		return fail(err, errlen, "cgroup2 is not mounted at %s", CG_MOUNT);
	return 0;
}

/*
 * libcgroup reads the mount table once; its default logger would print
 * to stdout, so ours keeps the last error for the messages instead.
 */
static int lcg_init(char *err, size_t errlen)
{
	static int done;
	int ret;

	if (cg_check(err, errlen))
		return -1;
	if (done)
		return 0;
	cgroup_set_logger(lcg_logger, CGROUP_LOG_ERROR, NULL);
	lcg_msg[0] = 0;
	ret = cgroup_init();
	if (ret)
		return fail(err, errlen, "libcgroup cannot initialise: %s", lcg_why(ret));
	done = 1;
	return 0;
}

static void cg_name(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, CG_PARENT "/%u", ctid);
}

void cg_path(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, CG_MOUNT "/" CG_PARENT "/%u", ctid);
}

int cg_exists(unsigned int ctid)
{
	char path[PATH_MAX];
	struct stat st;

	cg_path(ctid, path, sizeof(path));
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Read a small cgroup file into @buf; its length, or -errno. */
static int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	close(fd);
	buf[n] = 0;
	return n;
}

static int write_file(const char *path, const char *s)
{
	size_t len = strlen(s);
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, len);
	if (n < 0) {
		n = -errno;
		close(fd);
		return n;
	}
	if (close(fd))
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

/* Is @word one of the space-separated words of @list? */
static int has_word(const char *list, const char *word)
{
	size_t n = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') &&
		    (p[n] == 0 || p[n] == ' ' || p[n] == '\n'))
			return 1;
		p += n;
	}
	return 0;
}

/*
 * Let the children of directory @dir use cpu, memory and pids. libcgroup
 * 2.0.2 does not do this itself, and without it a child has no
 * memory.max or pids.max to write.
 */
static int enable_ctrls(const char *dir, char *err, size_t errlen)
{
	char path[PATH_MAX], have[512], on[512], op[32];
	unsigned int i;
	int ret;

	snprintf(path, sizeof(path), "%s/cgroup.controllers", dir);
	ret = read_file(path, have, sizeof(have));
	if (ret < 0)
		return fail(err, errlen, "cannot read %s: %s", path, strerror(-ret));
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", dir);
	ret = read_file(path, on, sizeof(on));
	if (ret < 0)
		return fail(err, errlen, "cannot read %s: %s", path, strerror(-ret));
	for (i = 0; i < NR_CTRLS; i++) {
		if (has_word(on, cg_ctrls[i]))
			continue;
		if (!has_word(have, cg_ctrls[i]))
			return fail(err, errlen, "the %s controller is not available in %s",
				    cg_ctrls[i], dir);
		snprintf(op, sizeof(op), "+%s", cg_ctrls[i]);
		ret = write_file(path, op);
		if (ret < 0)
			return fail(err, errlen, "cannot enable %s in %s: %s", op, path,
				    strerror(-ret));
	}
	return 0;
}

/* A libcgroup group for "vz/CTID" (or "vz") with our three controllers. */
static struct cgroup *lcg_group(const char *name, struct cgroup_controller **ctrl)
{
	struct cgroup *cg;
	unsigned int i;

	cg = cgroup_new_cgroup(name);
	if (!cg)
		return NULL;
	for (i = 0; i < NR_CTRLS; i++) {
		struct cgroup_controller *c = cgroup_add_controller(cg, cg_ctrls[i]);

		if (!c) {
			cgroup_free(&cg);
			return NULL;
		}
		if (ctrl)
			ctrl[i] = c;
	}
	return cg;
}

/* Add the values for @lim to the controllers of @ctrl (cpu, memory, pids). */
static int add_limits(struct cgroup_controller **ctrl, const struct ct_limits *lim)
{
	char v[64];
	unsigned int w;

	if (lim->memory_max)
		snprintf(v, sizeof(v), "%" PRIu64, lim->memory_max);
	else
		snprintf(v, sizeof(v), "max");
	if (cgroup_add_value_string(ctrl[1], "memory.max", v))
		return -1;
	if (lim->pids_max)
		snprintf(v, sizeof(v), "%u", lim->pids_max);
	else
		snprintf(v, sizeof(v), "max");
	if (cgroup_add_value_string(ctrl[2], "pids.max", v))
		return -1;
	if (lim->cpu_pct)
		snprintf(v, sizeof(v), "%" PRIu64 " %u",
			 (uint64_t)lim->cpu_pct * CPU_PERIOD / 100, CPU_PERIOD);
	else
		snprintf(v, sizeof(v), "max %u", CPU_PERIOD);
	if (cgroup_add_value_string(ctrl[0], "cpu.max", v))
		return -1;
	if (lim->cpu_weight) {
		w = lim->cpu_weight > 10000 ? 10000 : lim->cpu_weight;
		snprintf(v, sizeof(v), "%u", w);
		if (cgroup_add_value_string(ctrl[0], "cpu.weight", v))
			return -1;
	}
	return 0;
}

/* Make the parent "vz" (libcgroup leaves an existing one alone) and open it to children. */
static int make_parent(char *err, size_t errlen)
{
	struct cgroup *cg;
	int ret;

	if (enable_ctrls(CG_MOUNT, err, errlen))
		return -1;
	cg = lcg_group(CG_PARENT, NULL);
	if (!cg)
		return fail(err, errlen, "libcgroup cannot describe cgroup %s", CG_PARENT);
	lcg_msg[0] = 0;
	ret = cgroup_create_cgroup(cg, 0);
	cgroup_free(&cg);
	if (ret)
		return fail(err, errlen, "cannot create cgroup %s/%s: %s", CG_MOUNT, CG_PARENT,
			    lcg_why(ret));
	return enable_ctrls(CG_MOUNT "/" CG_PARENT, err, errlen);
}

int cg_create(unsigned int ctid, const struct ct_limits *lim, char *err, size_t errlen)
{
	struct cgroup_controller *ctrl[NR_CTRLS];
	char name[64], path[PATH_MAX];
	struct cgroup *cg;
	int ret;

	if (lcg_init(err, errlen))
		return -1;
	cg_path(ctid, path, sizeof(path));
	if (cg_exists(ctid)) {
		/* A group left by a vzctl that died is reused only if empty. */
		ret = cg_nr_procs(ctid);
		if (ret != 0)
			return fail(err, errlen, "cgroup %s already exists and has tasks", path);
		ret = cg_destroy(ctid);
		if (ret)
			return fail(err, errlen, "cannot remove the stale cgroup %s: %s", path,
				    strerror(-ret));
	}
	if (make_parent(err, errlen))
		return -1;
	cg_name(ctid, name, sizeof(name));
	cg = lcg_group(name, ctrl);
	if (!cg)
		return fail(err, errlen, "libcgroup cannot describe cgroup %s", name);
	if (add_limits(ctrl, lim)) {
		cgroup_free(&cg);
		return fail(err, errlen, "libcgroup cannot take the limits of cgroup %s", name);
	}
	lcg_msg[0] = 0;
	ret = cgroup_create_cgroup(cg, 0);
	cgroup_free(&cg);
	if (ret) {
		fail(err, errlen, "cannot create cgroup %s with its limits: %s", path,
		     lcg_why(ret));
		cg_destroy(ctid);
		return -1;
	}
	return 0;
}

int cg_set_limits(unsigned int ctid, const struct ct_limits *lim, char *err, size_t errlen)
{
	struct cgroup_controller *ctrl[NR_CTRLS];
	char name[64], path[PATH_MAX];
	struct cgroup *cg;
	int ret;

	if (lcg_init(err, errlen))
		return -1;
	cg_path(ctid, path, sizeof(path));
	if (!cg_exists(ctid))
		return fail(err, errlen, "cgroup %s does not exist", path);
	cg_name(ctid, name, sizeof(name));
	cg = lcg_group(name, ctrl);
	if (!cg)
		return fail(err, errlen, "libcgroup cannot describe cgroup %s", name);
	if (add_limits(ctrl, lim)) {
		cgroup_free(&cg);
		return fail(err, errlen, "libcgroup cannot take the limits of cgroup %s", name);
	}
	lcg_msg[0] = 0;
	ret = cgroup_modify_cgroup(cg);
	cgroup_free(&cg);
	if (ret)
		return fail(err, errlen, "cannot set the limits of cgroup %s: %s", path,
			    lcg_why(ret));
	return 0;
}

/* Is @pid's cgroup v2 path (from /proc/PID/cgroup) "/vz/CTID"? */
static int pid_in_group(pid_t pid, unsigned int ctid)
{
	char path[64], buf[512], want[64];
	int ret;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	ret = read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return 0;
	snprintf(want, sizeof(want), "0::/" CG_PARENT "/%u\n", ctid);
	return strstr(buf, want) != NULL;
}

int cg_attach(unsigned int ctid, pid_t pid, char *err, size_t errlen)
{
	char name[64], path[PATH_MAX];
	struct cgroup *cg;
	int ret;

	if (lcg_init(err, errlen))
		return -1;
	cg_path(ctid, path, sizeof(path));
	if (pid <= 0 || (kill(pid, 0) && errno == ESRCH))
		return fail(err, errlen, "process %d does not exist", (int)pid);
	if (!cg_exists(ctid))
		return fail(err, errlen, "cgroup %s does not exist", path);
	cg_name(ctid, name, sizeof(name));
	cg = lcg_group(name, NULL);
	if (!cg)
		return fail(err, errlen, "libcgroup cannot describe cgroup %s", name);
	lcg_msg[0] = 0;
	ret = cgroup_attach_task_pid(cg, pid);
	cgroup_free(&cg);
	if (ret)
		return fail(err, errlen, "cannot move process %d into cgroup %s: %s", (int)pid,
			    path, lcg_why(ret));
	/* libcgroup moves one thread on some setups: make sure it was the whole process. */
	if (!pid_in_group(pid, ctid))
		return fail(err, errlen, "process %d is not in cgroup %s after the move",
			    (int)pid, path);
	return 0;
}

int cg_open(unsigned int ctid)
{
	char path[PATH_MAX];
	int fd;

	cg_path(ctid, path, sizeof(path));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int cg_delegate(unsigned int ctid, unsigned int uid, unsigned int gid, char *err, size_t errlen)
{
	static const char *const files[] = {
		"", "/cgroup.procs", "/cgroup.threads", "/cgroup.subtree_control",
	};
	char dir[PATH_MAX], path[PATH_MAX + 32];

	cg_path(ctid, dir, sizeof(dir));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s%s", dir, files[i]);
		if (lchown(path, uid, gid))
			return fail(err, errlen, "unable to delegate %s to the CT's root: %s", path,
				    strerror(errno));
	}
	return 0;
}

/* A CT with a user namespace owns its group and may make groups of its own below it. */
typedef int (*subgroup_fn)(int dirfd, const char *name, int subfd, int depth, void *arg);

/* Call @fn for each group right below @dirfd's, until one returns < 0; that, or 0. */
static int each_subgroup(int dirfd, int depth, subgroup_fn fn, void *arg)
{
	struct dirent *de;
	int fd, ret = 0;
	DIR *dir;

	fd = depth > 32 ? -1 : openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	dir = fd < 0 ? NULL : fdopendir(fd);
	if (!dir) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	while (ret >= 0 && (de = readdir(dir)) != NULL) {
		if (de->d_type != DT_DIR || de->d_name[0] == '.')
			continue;
		fd = openat(dirfd, de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0)
			continue;	/* gone meanwhile */
		ret = fn(dirfd, de->d_name, fd, depth + 1, arg);
		close(fd);
	}
	closedir(dir);
	return ret;
}

static int count_procs(int dirfd, int depth);

static int add_procs(int dirfd, const char *name, int subfd, int depth, void *arg)
{
	int *n = arg, sub = count_procs(subfd, depth);

	(void)dirfd;
	(void)name;
	if (sub < 0)
		return sub;
	*n += sub;
	return 0;
}

/* Lines of cgroup.procs in the group at @dirfd and every group below it, or -errno. */
static int count_procs(int dirfd, int depth)
{
	char buf[4096];
	ssize_t i, len;
	int n = 0, fd, err;

	fd = openat(dirfd, "cgroup.procs", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	while ((len = read(fd, buf, sizeof(buf))) > 0)
		for (i = 0; i < len; i++)
			n += buf[i] == '\n';
	if (len < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	err = each_subgroup(dirfd, depth, add_procs, &n);
	return err < 0 ? err : n;
}

int cg_nr_procs(unsigned int ctid)
{
	char path[PATH_MAX];
	int fd, n;

	cg_path(ctid, path, sizeof(path));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = count_procs(fd, 0);
	close(fd);
	return n;
}

/* The value of key @key in the group's cgroup.events, or -errno. */
static int cg_event(unsigned int ctid, const char *key)
{
	char path[PATH_MAX], buf[256], *p;
	size_t n = strlen(key);
	int ret;

	cg_path(ctid, path, sizeof(path));
	strncat(path, "/cgroup.events", sizeof(path) - strlen(path) - 1);
	ret = read_file(path, buf, sizeof(buf));
	if (ret < 0)
		return ret;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, n) && p[n] == ' ')
			return p[n + 1] == '1';
	return -ENOENT;
}

int cg_frozen(unsigned int ctid)
{
	return cg_event(ctid, "frozen");
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int cg_kill_all(unsigned int ctid, int timeout_ms)
{
	char path[PATH_MAX];
	long long end = now_ms() + timeout_ms;
	int ret;

	if (!cg_exists(ctid))
		return 0;
	cg_path(ctid, path, sizeof(path));
	strncat(path, "/cgroup.kill", sizeof(path) - strlen(path) - 1);
	ret = write_file(path, "1");
	if (ret)
		return ret;
	/* "populated 0" once the last task has exited (zombies no longer count). */
	for (;;) {
		ret = cg_event(ctid, "populated");
		if (ret <= 0)
			return ret == -ENOENT ? 0 : ret;
		if (now_ms() >= end)
			return -ETIMEDOUT;
		poll(NULL, 0, 10);
	}
}

/* The empty groups below @dirfd's, deepest first; a group with tasks stays, and so do its parents. */
static int rm_below(int dirfd, const char *name, int subfd, int depth, void *arg)
{
	(void)each_subgroup(subfd, depth, rm_below, arg);
	/* One with tasks stays, and so does the CT's: cg_destroy() says why. */
	(void)unlinkat(dirfd, name, AT_REMOVEDIR);
	return 0;
}

/* The groups a CT made below its own (its root owns its group with a user namespace) go with it. */
static void rm_subgroups(unsigned int ctid)
{
	char path[PATH_MAX];
	int fd;

	cg_path(ctid, path, sizeof(path));
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return;
	(void)each_subgroup(fd, 0, rm_below, NULL);
	close(fd);
}

int cg_destroy(unsigned int ctid)
{
	char name[64], err[256];
	struct cgroup *cg;
	int ret;

	if (!cg_exists(ctid))
		return 0;
	if (lcg_init(err, sizeof(err)))
		return -ENOENT;
	cg_name(ctid, name, sizeof(name));
	cg = lcg_group(name, NULL);
	if (!cg)
		return -ENOMEM;
	lcg_msg[0] = 0;
	/* Never let libcgroup move leftover tasks to "vz": a group with tasks stays. */
	rm_subgroups(ctid);
	ret = cgroup_delete_cgroup_ext(cg, CGFLAG_DELETE_EMPTY_ONLY);
	cgroup_free(&cg);
	if (!cg_exists(ctid))
		return 0;
	if (ret == ECGOTHER)
		return -cgroup_get_last_errno();
	return cg_nr_procs(ctid) > 0 ? -EBUSY : -EIO;
}
