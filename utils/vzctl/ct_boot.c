// SPDX-License-Identifier: GPL-2.0
/*
 * A CT's init, by its kind (ct_boot.h). A sysvinit CT has reached its
 * runlevel when its utmp says so (init writes the RUN_LVL record as it
 * enters the level) and no rc script of the CT runs any more: the record
 * is written before "rc 2" starts, so the state must hold twice in a row.
 * The utmp is read through the CT's root without following its links
 * (ct_file.c): the CT's root owns it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <utmp.h>

#include "cgroup.h"
#include "ct_boot.h"
#include "ct_file.h"

#define POLL_MS		200
#define UTMP_MAX	(64 * sizeof(struct utmp))

enum ct_init_kind ct_init_kind(pid_t init)
{
	char link[64], exe[PATH_MAX];
	const char *base;
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", (int)init);
	n = readlink(link, exe, sizeof(exe) - 1);
	if (n < 0)
		return CT_INIT_OTHER;
	exe[n] = 0;
	base = strrchr(exe, '/');
	base = base ? base + 1 : exe;
	if (!strcmp(base, "busybox"))
		return CT_INIT_BUSYBOX;
	if (!strcmp(base, "systemd"))
		return CT_INIT_SYSTEMD;
	if (!strcmp(base, "init"))
		return CT_INIT_SYSV;
	return CT_INIT_OTHER;
}

int ct_init_stop_signal(enum ct_init_kind kind)
{
	switch (kind) {
	case CT_INIT_SYSV:
		return SIGPWR;		/* inittab's powerwait: shutdown -h now */
	case CT_INIT_SYSTEMD:
		return SIGRTMIN + 3;	/* systemd's "halt" */
	default:
		return SIGTERM;		/* busybox's init: reboot, which ends its namespace */
	}
}

/* The runlevel of the last RUN_LVL record in the CT's utmp, or 0. */
static int utmp_runlevel(pid_t init)
{
	static const char *const paths[] = { "run/utmp", "var/run/utmp" };
	static char buf[UTMP_MAX + 1];
	char root[64];
	int level = 0;

	snprintf(root, sizeof(root), "/proc/%d/root", (int)init);
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		ssize_t n = ct_file_read(root, paths[i], buf, sizeof(buf));

		for (ssize_t off = 0; n > 0 && off + (ssize_t)sizeof(struct utmp) <= n;
		     off += sizeof(struct utmp)) {
			struct utmp u;

			memcpy(&u, buf + off, sizeof(u));
			if (u.ut_type == RUN_LVL)
				level = u.ut_pid & 0xff;
		}
		if (n >= 0)
			break;
	}
	return level;
}

/* Does @pid run one of sysvinit's rc scripts ("/bin/sh /etc/init.d/rc 2")? */
static int runs_rc(const char *pid)
{
	char path[64], cmd[256];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 0;
	n = read(fd, cmd, sizeof(cmd) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	cmd[n] = 0;
	for (char *a = cmd; a < cmd + n; a += strlen(a) + 1) {
		if (!strcmp(a, "/etc/init.d/rc") || !strcmp(a, "/etc/init.d/rcS"))
			return 1;
	}
	return 0;
}

/* Is any task of the CT in an rc script? 1 yes, 0 no, -1 if its tasks cannot be listed. */
static int rc_running(unsigned int ctid)
{
	char path[PATH_MAX], pid[32];
	int found = 0;
	FILE *f;

	cg_path(ctid, path, sizeof(path));
	strncat(path, "/cgroup.procs", sizeof(path) - strlen(path) - 1);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (!found && fgets(pid, sizeof(pid), f)) {
		pid[strcspn(pid, "\n")] = 0;
		found = runs_rc(pid);
	}
	fclose(f);
	return found;
}

static int alive(pid_t pid)
{
	return kill(pid, 0) == 0 || errno != ESRCH;
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int ct_wait_booted(unsigned int ctid, pid_t init, enum ct_init_kind kind,
		   unsigned int timeout_s)
{
	long long end = now_ms() + timeout_s * 1000LL;
	int level, up = 0;

	if (kind != CT_INIT_SYSV)
		return 0;
	while (now_ms() < end) {
		if (!alive(init))
			return -1;
		level = utmp_runlevel(init);
		if (level >= '2' && level <= '5' && rc_running(ctid) == 0) {
			if (++up == 2)
				return 0;
		} else {
			up = 0;
		}
		poll(NULL, 0, POLL_MS);
	}
	return 1;
}

int ct_wait_down(unsigned int ctid, pid_t init, int ms)
{
	long long end = now_ms() + ms;
	int fd = (int)syscall(SYS_pidfd_open, init, 0);
	int down = 0;

	if (fd < 0)
		return errno == ESRCH;
	for (;;) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		long long left = end - now_ms();

		if (poll(&p, 1, left < POLL_MS ? (int)(left > 0 ? left : 0) : POLL_MS) > 0 ||
		    cg_nr_procs(ctid) == 1) {
			down = 1;
			break;
		}
		if (left <= 0)
			break;
	}
	close(fd);
	return down;
}
