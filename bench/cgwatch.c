// SPDX-License-Identifier: GPL-2.0
/*
 * cgwatch: the frozen time of a CT seen from outside. Watches a cgroup v2
 * group's cgroup.events and prints, on SIGTERM or once the group empties or
 * goes away, "frozen SECONDS": from the first moment it read "frozen 1" to
 * the moment the group thawed, emptied or was removed (whatever came first),
 * or "frozen -1" if it never froze. "ready" on stdout once it watches.
 * With -d DIR it also prints "dumped SECONDS": from the freeze to the moment a
 * file was renamed into DIR, which is when vzctl chkpnt has its image whole
 * and synced and the CT could run again (then it kills it); CRIU's
 * stats-dump frozen_time ends at the same point.
 * Usage: cgwatch [-d DIR] CGROUPDIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/inotify.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* 1 frozen, 0 thawed, -1 empty or gone */
static int state(const char *path)
{
	char buf[256];
	int fd = open(path, O_RDONLY), n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	if (strstr(buf, "populated 0"))
		return -1;
	return strstr(buf, "frozen 1") != NULL;
}

int main(int argc, char **argv)
{
	char path[4096], ev[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	double t0 = -1, t1 = -1, td = -1;
	const char *dir = NULL;
	struct pollfd pfd;
	int s, dwd = -1, moved = 0;

	if (argc == 4 && !strcmp(argv[1], "-d")) {
		dir = argv[2];
		argv += 2;
		argc -= 2;
	}
	if (argc != 2) {
		fprintf(stderr, "usage: cgwatch [-d DIR] CGROUPDIR\n");
		return 2;
	}
	snprintf(path, sizeof(path), "%s/cgroup.events", argv[1]);
	pfd.fd = inotify_init1(IN_CLOEXEC);
	pfd.events = POLLIN;
	if (pfd.fd < 0 || inotify_add_watch(pfd.fd, path, IN_MODIFY | IN_DELETE_SELF) < 0 ||
	    signal(SIGTERM, on_term) == SIG_ERR) {
		fprintf(stderr, "cgwatch: %s: %s\n", path, strerror(errno));
		return 2;
	}
	if (dir) {
		dwd = inotify_add_watch(pfd.fd, dir, IN_MOVED_TO);
		if (dwd < 0) {
			fprintf(stderr, "cgwatch: %s: %s\n", dir, strerror(errno));
			return 2;
		}
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready\n");
	s = state(path);
	if (s == 1)
		t0 = now();
	while (!stop) {
		/* A poll timeout too, in case an event is coalesced away. */
		int r = poll(&pfd, 1, 100);

		if (r < 0 && errno != EINTR)
			return 2;
		if (r > 0) {
			ssize_t n = read(pfd.fd, ev, sizeof(ev));

			if (n < 0 && errno != EINTR)
				return 2;
			for (char *p = ev; n > 0 && p < ev + n;) {
				const struct inotify_event *e = (const struct inotify_event *)p;

				if (e->wd == dwd && (e->mask & IN_MOVED_TO))
					moved = 1;
				p += sizeof(*e) + e->len;
			}
		}
		s = state(path);
		if (s == 1 && t0 < 0)
			t0 = now();
		/* A rename read in one batch with the freeze still comes after it. */
		if (moved && t0 >= 0 && td < 0)
			td = now();
		if (s != 1 && t0 >= 0) {
			t1 = now();
			break;
		}
	}
	if (t0 >= 0 && t1 < 0)
		t1 = now();
	printf("frozen %.4f\n", t0 < 0 ? -1.0 : t1 - t0);
	if (dir)
		printf("dumped %.4f\n", td < 0 ? -1.0 : td - t0);
	return 0;
}
