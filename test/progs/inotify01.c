// SPDX-License-Identifier: GPL-2.0
/*
 * inotify01: inotify events queued and not read at the checkpoint come back, in order.
 *   A (non-blocking) watches the directory d (wd 1) and the file f (wd 2); a watch of g
 *     (wd 3) was removed. Queued, unread: x made in d, the directory sub made, x renamed
 *     to y (IN_MOVED_FROM and IN_MOVED_TO, one cookie), f written and closed, wd 3's
 *     IN_IGNORED, a file of a 200-byte name made, y removed.
 *   B (blocking) watches the directory o and overflowed: a file made and removed in it
 *     until more events came than fs.inotify.max_queued_events, so its queue is that many
 *     events and the overflow event.
 * After the restore: each queue holds as many bytes as before (FIONREAD), a new event made
 * in d comes after A's old ones, and read() gives every event, each with its wd, mask,
 * cookie and name; B's ends with IN_Q_OVERFLOW and takes no more until it is read.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/inotify.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

struct want {
	int wd;
	uint32_t mask;
	const char *name;
};

static char long_name[201];

static int queued_bytes(int fd)
{
	int n = -1;

	zt_syscall(ioctl(fd, FIONREAD, &n));
	return n;
}

static void make_file(const char *path)
{
	close(zt_syscall(open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)));
}

/* Read all of @fd's queue (FIONREAD bytes of it) into @buf. */
static size_t drain(int fd, char *buf, size_t size, const char *what)
{
	size_t len = 0;
	int want = queued_bytes(fd);
	ssize_t n;

	zt_check(want >= 0 && (size_t)want <= size, "%s: %d bytes queued", what, want);
	while (len < (size_t)want) {
		n = read(fd, buf + len, size - len);
		zt_check(n > 0, "%s: read: %s", what, n < 0 ? strerror(errno) : "nothing");
		len += (size_t)n;
	}
	zt_check(len == (size_t)want, "%s: read %zu bytes, %d were queued", what, len, want);
	return len;
}

/* The event at @off of @buf (@len bytes) is @w; returns the offset of the next. */
static size_t expect_at(const char *buf, size_t len, size_t off, const struct want *w,
			uint32_t *cookie, const char *what)
{
	const struct inotify_event *e = (const void *)(buf + off);
	const char *name = e->len ? e->name : "";

	zt_check(off + sizeof(*e) <= len && off + sizeof(*e) + e->len <= len,
		 "%s: the queue ends before the event of wd %d mask %#x", what, w->wd, w->mask);
	zt_check(e->wd == w->wd && e->mask == w->mask && !strcmp(name, w->name),
		 "%s: event wd %d mask %#x name '%.40s', not wd %d mask %#x name '%.40s'", what,
		 e->wd, e->mask, name, w->wd, w->mask, w->name);
	if (cookie)
		*cookie = e->cookie;
	else
		zt_check(e->cookie == 0, "%s: event wd %d mask %#x has cookie %u", what, e->wd,
			 e->mask, e->cookie);
	return off + sizeof(*e) + e->len;
}

static void check_a(int a, int before)
{
	static char buf[16384] __attribute__((aligned(8)));
	const struct want ws[] = {
		{ 1, IN_CREATE, "x" },
		{ 1, IN_CREATE | IN_ISDIR, "sub" },
		{ 1, IN_MOVED_FROM, "x" },
		{ 1, IN_MOVED_TO, "y" },
		{ 2, IN_MODIFY, "" },
		{ 2, IN_CLOSE_WRITE, "" },
		{ 3, IN_IGNORED, "" },
		{ 1, IN_CREATE, long_name },
		{ 1, IN_DELETE, "y" },
		{ 1, IN_CREATE, "after" },
	};
	uint32_t from = 0, to = 1;
	size_t len, off = 0, i;
	int now = queued_bytes(a);

	zt_check(now == before, "A: %d bytes queued after the restore, %d before", now, before);
	make_file("d/after");
	len = drain(a, buf, sizeof(buf), "A");
	for (i = 0; i < sizeof(ws) / sizeof(ws[0]); i++)
		off = expect_at(buf, len, off, &ws[i], i == 2 ? &from : i == 3 ? &to : NULL, "A");
	zt_check(off == len, "A: %zu bytes of events after the expected ones", len - off);
	zt_check(from && from == to, "A: the rename's cookies are %u and %u", from, to);
}

static void check_b(int b, int before, int max)
{
	static char buf[1 << 20] __attribute__((aligned(8)));
	const struct want made = { 1, IN_CREATE, "a" }, gone = { 1, IN_DELETE, "a" };
	const struct want over = { -1, IN_Q_OVERFLOW, "" };
	size_t len, off = 0;
	int now = queued_bytes(b), i;

	zt_check(now == before, "B: %d bytes queued after the restore, %d before", now, before);
	/* A full queue takes no more: these are dropped, not queued after the overflow. */
	make_file("o/late");
	zt_syscall(unlink("o/late"));
	now = queued_bytes(b);
	zt_check(now == before, "B: %d bytes queued after more events, %d before", now, before);
	len = drain(b, buf, sizeof(buf), "B");
	for (i = 0; i < max; i++)
		off = expect_at(buf, len, off, i % 2 ? &gone : &made, NULL, "B");
	off = expect_at(buf, len, off, &over, NULL, "B");
	zt_check(off == len, "B: %zu bytes of events after the overflow", len - off);
}

static int max_queued(void)
{
	FILE *f = fopen("/proc/sys/fs/inotify/max_queued_events", "r");
	int max = 0;

	zt_check(f && fscanf(f, "%d", &max) == 1, "read fs.inotify.max_queued_events");
	fclose(f);
	/* B's buffer holds this many events of a 1-byte name (32 bytes each). */
	zt_check(max > 0 && max < (1 << 20) / 32 - 1, "fs.inotify.max_queued_events is %d", max);
	return max;
}

int main(int argc, char **argv)
{
	int a, b, fd, i, max, qa, qb;
	char path[256];

	zt_init(argc, argv);
	memset(long_name, 'n', sizeof(long_name) - 1);
	max = max_queued();
	zt_syscall(mkdir("d", 0755));
	zt_syscall(mkdir("o", 0755));
	make_file("f");
	make_file("g");

	a = zt_syscall(inotify_init1(IN_NONBLOCK));
	zt_check(zt_syscall(inotify_add_watch(a, "d", IN_CREATE | IN_DELETE | IN_MOVE)) == 1,
		 "A: d is not wd 1");
	zt_check(zt_syscall(inotify_add_watch(a, "f", IN_MODIFY | IN_CLOSE_WRITE)) == 2,
		 "A: f is not wd 2");
	zt_check(zt_syscall(inotify_add_watch(a, "g", IN_ATTRIB)) == 3, "A: g is not wd 3");
	make_file("d/x");
	zt_syscall(mkdir("d/sub", 0755));
	zt_syscall(rename("d/x", "d/y"));
	fd = zt_syscall(open("f", O_WRONLY | O_CLOEXEC));
	zt_check(write(fd, "x", 1) == 1, "write f: %s", strerror(errno));
	close(fd);
	zt_syscall(inotify_rm_watch(a, 3));
	snprintf(path, sizeof(path), "d/%s", long_name);
	make_file(path);
	zt_syscall(unlink("d/y"));

	b = zt_syscall(inotify_init1(0));
	zt_check(zt_syscall(inotify_add_watch(b, "o", IN_CREATE | IN_DELETE)) == 1,
		 "B: o is not wd 1");
	for (i = 0; i < max / 2 + 8; i++) {
		make_file("o/a");
		zt_syscall(unlink("o/a"));
	}

	qa = queued_bytes(a);
	qb = queued_bytes(b);
	zt_check(qa > 0, "A has nothing queued");
	zt_check(qb == (max + 1) * 16 + max * 16, "B: %d bytes queued, not %d events and the overflow",
		 qb, max);
	zt_ready();
	zt_wait();

	check_a(a, qa);
	check_b(b, qb, max);
	zt_pass();
}
