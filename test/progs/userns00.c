// SPDX-License-Identifier: GPL-2.0
/*
 * userns00: a CT with a user namespace keeps its ids, capabilities and
 * files across a dump and restore, as its own namespace sees them.
 *
 *   userns00 DIR   in a USERNS CT, as its root: fill 4 MiB with a pattern,
 *                  fork a child that becomes uid 1000, gid 1000 (groups 100
 *                  1001), create DIR/root.file and (the child, in DIR/u which
 *                  the parent makes and gives it with chown) DIR/u/user.file,
 *                  check every id, the capability sets, the files' owners
 *                  and the namespace's uid_map, then append to
 *                  DIR/userns00.out "ready PID CHILDPID MAP" (the map's first
 *                  line, spaces squeezed to commas). On SIGUSR2 both check all
 *                  of it again against what they saw before and the parent
 *                  appends "PASS userns00" or "FAIL userns00: why".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/capability.h>

#define MEM_SIZE	(4 << 20)
#define CHILD_ID	1000

struct view {
	uid_t r, e, s;
	gid_t rg, eg, sg;
	int ngroups;
	gid_t groups[8];
	unsigned long long eff, perm;
	int bset_admin;
	char uid_map[128], gid_map[128];
};

static const char *dir;
static unsigned char *mem;
static volatile sig_atomic_t check_now;
static char why[256];

static void on_usr2(int sig)
{
	(void)sig;
	check_now = 1;
}

static void append(const char *fmt, ...)
{
	char path[512], buf[512];
	va_list ap;
	int fd, n;

	snprintf(path, sizeof(path), "%s/userns00.out", dir);
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (fd < 0 || write(fd, buf, n) != n)
		exit(3);
	close(fd);
}

/* The first line of @path with runs of spaces as one comma. */
static int first_line(const char *path, char *buf, size_t len)
{
	char raw[256], *p, *q = buf;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, raw, sizeof(raw) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	raw[n] = 0;
	raw[strcspn(raw, "\n")] = 0;
	for (p = raw; *p == ' '; p++)
		;
	for (; *p && q < buf + len - 1; p++) {
		if (*p != ' ')
			*q++ = *p;
		else if (p[1] != ' ')
			*q++ = ',';
	}
	*q = 0;
	return 0;
}

static int take(struct view *v)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(v, 0, sizeof(*v));
	if (getresuid(&v->r, &v->e, &v->s) || getresgid(&v->rg, &v->eg, &v->sg))
		return -1;
	v->ngroups = getgroups(8, v->groups);
	if (v->ngroups < 0 || syscall(SYS_capget, &h, d))
		return -1;
	v->eff = d[0].effective | (unsigned long long)d[1].effective << 32;
	v->perm = d[0].permitted | (unsigned long long)d[1].permitted << 32;
	v->bset_admin = prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN);
	if (first_line("/proc/self/uid_map", v->uid_map, sizeof(v->uid_map)) ||
	    first_line("/proc/self/gid_map", v->gid_map, sizeof(v->gid_map)))
		return -1;
	return 0;
}

static int fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return -1;
}

/* What each must be: the CT's root with its capabilities, or uid 1000 with none. */
static int expected(const struct view *v, int root)
{
	uid_t id = root ? 0 : CHILD_ID;

	if (v->r != id || v->e != id || v->s != id)
		return fail("uids %u %u %u, not %u", v->r, v->e, v->s, id);
	if (v->rg != id || v->eg != id || v->sg != id)
		return fail("gids %u %u %u, not %u", v->rg, v->eg, v->sg, id);
	if (root ? !v->eff || v->eff != v->perm || v->ngroups : v->eff || v->perm ||
	    v->ngroups != 2)
		return fail("%s has caps %#llx/%#llx and %d groups", root ? "root" : "user",
			    v->eff, v->perm, v->ngroups);
	/* uid 0 inside must not be the host's: the map says which host ids these are. */
	if (strncmp(v->uid_map, "0,", 2) || !strcmp(v->uid_map, "0,0,4294967295"))
		return fail("the uid map is '%s', not the CT's own", v->uid_map);
	return 0;
}

static int same(const struct view *a, const struct view *b)
{
	if (memcmp(a, b, sizeof(*a)))
		return fail("ids, capabilities or maps changed (uid %u->%u, caps %#llx->%#llx, map %s->%s)",
			    a->e, b->e, a->eff, b->eff, a->uid_map, b->uid_map);
	return 0;
}

static int owner_is(const char *name, uid_t uid, gid_t gid)
{
	char path[512];
	struct stat st;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st))
		return fail("stat %s: %s", path, strerror(errno));
	if (st.st_uid != uid || st.st_gid != gid)
		return fail("%s is owned by %u:%u, not %u:%u", name, st.st_uid, st.st_gid, uid,
			    gid);
	return 0;
}

static int mem_ok(unsigned int seed)
{
	for (size_t i = 0; i < MEM_SIZE; i++)
		if (mem[i] != (unsigned char)(i * 31 + seed))
			return fail("memory differs at byte %zu", i);
	return 0;
}

static void wait_usr2(void)
{
	sigset_t none;

	sigemptyset(&none);
	while (!check_now)
		sigsuspend(&none);
}

static int child(int ready_fd)
{
	static const gid_t groups[] = { 100, 1001 };
	struct view before, after;
	char path[512];
	int fd;

	if (setgroups(2, groups) || setresgid(CHILD_ID, CHILD_ID, CHILD_ID) ||
	    setresuid(CHILD_ID, CHILD_ID, CHILD_ID))
		return 10;
	snprintf(path, sizeof(path), "%s/u/user.file", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return 11;
	close(fd);
	if (take(&before) || expected(&before, 0) || owner_is("u/user.file", CHILD_ID, CHILD_ID))
		return 12;
	if (write(ready_fd, "r", 1) != 1)
		return 13;
	close(ready_fd);
	wait_usr2();
	if (take(&after) || same(&before, &after) || expected(&after, 0) ||
	    owner_is("u/user.file", CHILD_ID, CHILD_ID) || mem_ok(7))
		return 14;
	/* Still uid 1000 after the restore: the CT root's private file stays closed to it. */
	snprintf(path, sizeof(path), "%s/root.file", dir);
	fd = open(path, O_WRONLY);
	if (fd >= 0 || errno != EACCES)
		return 15;
	return 0;
}

int main(int argc, char **argv)
{
	struct view before, after;
	struct sigaction sa;
	int p[2], fd, status;
	char path[512], c;
	pid_t kid;

	if (argc != 2)
		return 2;
	dir = argv[1];
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr2;
	sigaction(SIGUSR2, &sa, NULL);
	mem = malloc(MEM_SIZE);
	if (!mem)
		return 2;
	for (size_t i = 0; i < MEM_SIZE; i++)
		mem[i] = (unsigned char)(i * 31 + 7);
	snprintf(path, sizeof(path), "%s/root.file", dir);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		append("FAIL userns00: create %s: %s\n", path, strerror(errno));
		return 1;
	}
	close(fd);
	snprintf(path, sizeof(path), "%s/u", dir);
	if ((mkdir(path, 0755) && errno != EEXIST) || chown(path, CHILD_ID, CHILD_ID)) {
		append("FAIL userns00: give %s to uid %d: %s\n", path, CHILD_ID, strerror(errno));
		return 1;
	}
	if (pipe(p))
		return 2;
	kid = fork();
	if (kid == 0) {
		close(p[0]);
		_exit(child(p[1]));
	}
	close(p[1]);
	if (kid < 0 || read(p[0], &c, 1) != 1) {
		status = 0;
		if (kid > 0)
			waitpid(kid, &status, 0);
		append("FAIL userns00: the uid-%d child did not start (status %#x)\n", CHILD_ID,
		       status);
		return 1;
	}
	close(p[0]);
	if (take(&before) || expected(&before, 1) || owner_is("root.file", 0, 0)) {
		append("FAIL userns00: before: %s\n", why);
		kill(kid, SIGKILL);
		return 1;
	}
	append("ready %d %d %s\n", (int)getpid(), (int)kid, before.uid_map);
	wait_usr2();
	kill(kid, SIGUSR2);
	if (waitpid(kid, &status, 0) != kid || !WIFEXITED(status) || WEXITSTATUS(status)) {
		append("FAIL userns00: the uid-%d child failed its checks (status %#x)\n",
		       CHILD_ID, status);
		return 1;
	}
	if (take(&after) || same(&before, &after) || expected(&after, 1) ||
	    owner_is("root.file", 0, 0) || mem_ok(7)) {
		append("FAIL userns00: after: %s\n", why);
		return 1;
	}
	append("PASS userns00\n");
	return 0;
}
