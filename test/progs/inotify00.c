// SPDX-License-Identifier: GPL-2.0
/*
 * inotify00: two inotify instances in the program's directory.
 *   A (non-blocking, close-on-exec) watches the directory d for IN_CREATE, with
 *     IN_DELETE added by IN_MASK_ADD (wd 1), and the file f for IN_MODIFY with
 *     IN_ONESHOT (wd 3); wds 2 and 4 went to watches removed before the checkpoint,
 *     so the next new watch must get wd 5, not a gap.
 *   B (blocking) watches the symbolic link l itself for IN_ATTRIB with
 *     IN_DONT_FOLLOW and IN_EXCL_UNLINK (wd 1), and d for IN_ATTRIB with IN_ONLYDIR
 *     (wd 2).
 *   C watches, on the tmpfs mounts vzctl makes, a directory in /dev/shm for IN_CREATE
 *     (wd 1) and a file in /dev for IN_MODIFY (wd 2), with the directory's IN_CREATE
 *     of "pre" queued across the checkpoint.
 * Every event of A's and B's set-up is read before the checkpoint. After the restore:
 * each fd's flags; the watches as
 * /proc/self/fdinfo lists them, wd and mask; new events each on its wd with its name
 * (a file made and removed in d, a write to f that the one-shot watch reports once
 * before its IN_IGNORED, the link's and d's attributes changed); then a new watch's wd.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

struct ev {
	int wd;
	uint32_t mask;
	char name[64];
};

/* The next event of @fd, which must have one now (a blocking fd is polled first). */
static void next_ev(int fd, struct ev *e, const char *what)
{
	static char buf[4096] __attribute__((aligned(8)));
	static size_t len, off;
	static int buf_fd = -1;
	const struct inotify_event *ie;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	ssize_t n;

	if (buf_fd != fd || off >= len) {
		zt_check(zt_syscall(poll(&p, 1, 0)) == 1, "%s: no event queued", what);
		n = read(fd, buf, sizeof(buf));
		zt_check(n > 0, "%s: read: %s", what, n < 0 ? strerror(errno) : "nothing");
		buf_fd = fd;
		len = (size_t)n;
		off = 0;
	}
	ie = (const struct inotify_event *)(buf + off);
	e->wd = ie->wd;
	e->mask = ie->mask;
	snprintf(e->name, sizeof(e->name), "%s", ie->len ? ie->name : "");
	off += sizeof(*ie) + ie->len;
}

static void expect(int fd, int wd, uint32_t mask, const char *name, const char *what)
{
	struct ev e;

	next_ev(fd, &e, what);
	zt_check(e.wd == wd && e.mask == mask && !strcmp(e.name, name),
		 "%s: event wd %d mask %#x name '%s', not wd %d mask %#x name '%s'", what, e.wd,
		 e.mask, e.name, wd, mask, name);
}

static void none_queued(int fd, const char *what)
{
	int n = -1;

	zt_syscall(ioctl(fd, FIONREAD, &n));
	zt_check(n == 0, "%s: %d bytes of events queued", what, n);
}

/* The watches of @fd as the kernel lists them: "wd:mask" pairs, in its order. */
static void watches(int fd, char *out, size_t size)
{
	char path[64], line[512];
	unsigned int wd, mask;
	size_t used = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	zt_check(f, "open %s: %s", path, strerror(errno));
	out[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p = strstr(line, "inotify wd:");

		if (!p)
			continue;
		zt_check(sscanf(p, "inotify wd:%x", &wd) == 1, "fdinfo line '%s'", line);
		p = strstr(p, " mask:");
		zt_check(p && sscanf(p, " mask:%x", &mask) == 1, "fdinfo line '%s'", line);
		used += snprintf(out + used, size - used, "%s%u:%#x", used ? " " : "", wd, mask);
		zt_check(used < size, "too many watches");
	}
	fclose(f);
}

static void check_watches(int fd, const char *want, const char *what)
{
	char got[256];

	watches(fd, got, sizeof(got));
	zt_check(!strcmp(got, want), "%s: watches '%s', not '%s'", what, got, want);
}

static int add(int fd, const char *path, uint32_t mask, int want)
{
	int wd = zt_syscall(inotify_add_watch(fd, path, mask));

	zt_check(wd == want, "inotify_add_watch %s gave wd %d, not %d", path, wd, want);
	return wd;
}

static void touch(const char *path)
{
	close(zt_syscall(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)));
}

static void append(const char *path)
{
	int fd = zt_syscall(open(path, O_WRONLY | O_APPEND | O_CLOEXEC));

	zt_check(write(fd, "x", 1) == 1, "write %s: %s", path, strerror(errno));
	close(fd);
}

/* kernel watch order: the newest watch of a group first (fsnotify's marks list) */
#define A_WATCHES	"3:0x80000002 1:0x300"
#define B_WATCHES	"2:0x4 1:0x4000004"
#define C_WATCHES	"2:0x2 1:0x100"

/* C: watches on vzctl's tmpfs mounts, whose files a restore makes again. */
static int tmpfs_watches(char *dir, char *file, size_t size)
{
	int c = zt_syscall(inotify_init1(IN_NONBLOCK));
	char pre[128];

	snprintf(dir, size, "/dev/shm/inotify00.%d", (int)getpid());
	snprintf(file, size, "/dev/inotify00.%d", (int)getpid());
	zt_syscall(mkdir(dir, 0755));
	touch(file);
	add(c, dir, IN_CREATE | IN_ONLYDIR, 1);
	add(c, file, IN_MODIFY, 2);
	snprintf(pre, sizeof(pre), "%s/pre", dir);
	touch(pre);
	check_watches(c, C_WATCHES, "C before the checkpoint");
	return c;
}

/* C after the restore: its queued event, then new ones on each watch; then its files go. */
static void tmpfs_events(int c, const char *dir, const char *file)
{
	char path[128];

	check_watches(c, C_WATCHES, "C after the restore");
	expect(c, 1, IN_CREATE, "pre", "the event queued on /dev/shm");
	snprintf(path, sizeof(path), "%s/new", dir);
	touch(path);
	expect(c, 1, IN_CREATE, "new", "a file made in /dev/shm");
	append(file);
	expect(c, 2, IN_MODIFY, "", "a file of /dev written");
	none_queued(c, "C after its events");
	zt_syscall(unlink(path));
	snprintf(path, sizeof(path), "%s/pre", dir);
	zt_syscall(unlink(path));
	zt_syscall(rmdir(dir));
	zt_syscall(unlink(file));
}

int main(int argc, char **argv)
{
	char cdir[64], cfile[64];
	int a, b, c;

	zt_init(argc, argv);
	zt_syscall(mkdir("d", 0755));
	touch("f");
	touch("g");
	touch("n");
	zt_syscall(symlink("f", "l"));

	a = zt_syscall(inotify_init1(IN_NONBLOCK | IN_CLOEXEC));
	b = zt_syscall(inotify_init1(0));
	add(a, "d", IN_CREATE, 1);
	add(a, "g", IN_ATTRIB, 2);
	add(a, "f", IN_MODIFY | IN_ONESHOT, 3);
	add(a, "d", IN_DELETE | IN_MASK_ADD, 1);
	add(a, "l", IN_ATTRIB | IN_DONT_FOLLOW, 4);
	zt_syscall(inotify_rm_watch(a, 2));
	zt_syscall(inotify_rm_watch(a, 4));
	add(b, "l", IN_ATTRIB | IN_DONT_FOLLOW | IN_EXCL_UNLINK, 1);
	add(b, "d", IN_ATTRIB | IN_ONLYDIR, 2);

	/* The set-up works, and leaves no event queued. */
	expect(a, 2, IN_IGNORED, "", "rm_watch 2");
	expect(a, 4, IN_IGNORED, "", "rm_watch 4");
	touch("d/pre");
	expect(a, 1, IN_CREATE, "pre", "d/pre made");
	zt_syscall(unlink("d/pre"));
	expect(a, 1, IN_DELETE, "pre", "d/pre removed");
	none_queued(a, "A before the checkpoint");
	none_queued(b, "B before the checkpoint");
	check_watches(a, A_WATCHES, "A before the checkpoint");
	check_watches(b, B_WATCHES, "B before the checkpoint");
	c = tmpfs_watches(cdir, cfile, sizeof(cdir));

	zt_ready();
	zt_wait();

	zt_check(fcntl(a, F_GETFL) & O_NONBLOCK, "A lost O_NONBLOCK");
	zt_check(fcntl(a, F_GETFD) == FD_CLOEXEC, "A's fd lost close-on-exec");
	zt_check(!(fcntl(b, F_GETFL) & O_NONBLOCK), "B gained O_NONBLOCK");
	zt_check(fcntl(b, F_GETFD) == 0, "B's fd gained close-on-exec");
	none_queued(a, "A after the restore");
	none_queued(b, "B after the restore");
	check_watches(a, A_WATCHES, "A after the restore");
	check_watches(b, B_WATCHES, "B after the restore");

	touch("d/new");
	expect(a, 1, IN_CREATE, "new", "d/new made");
	zt_syscall(unlink("d/new"));
	expect(a, 1, IN_DELETE, "new", "d/new removed");
	append("f");
	expect(a, 3, IN_MODIFY, "", "f written");
	expect(a, 3, IN_IGNORED, "", "f's one-shot watch");
	append("f");
	none_queued(a, "A after f's one-shot watch went");
	check_watches(a, "1:0x300", "A after f's one-shot watch went");

	zt_syscall(utimensat(AT_FDCWD, "l", NULL, AT_SYMLINK_NOFOLLOW));
	expect(b, 1, IN_ATTRIB, "", "l's times set");
	zt_syscall(chmod("d", 0700));
	expect(b, 2, IN_ATTRIB | IN_ISDIR, "", "d's mode set");
	none_queued(b, "B after its events");

	/* wds 2, 3 and 4 are free, but the kernel goes on from 5, as before the dump. */
	add(a, "n", IN_ATTRIB, 5);
	tmpfs_events(c, cdir, cfile);
	zt_pass();
}
