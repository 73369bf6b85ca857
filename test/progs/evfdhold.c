// SPDX-License-Identifier: GPL-2.0
/*
 * evfdhold MODE: holds an eventfd, signalfd, timerfd or epoll state that a checkpoint
 * refuses (test 44), prints "ready" and waits:
 *   events  an epoll watching an eventfd for an event bit epoll has no use for (0x1000,
 *           which epoll_ctl() keeps as given and the image does not carry);
 *   socket  an epoll watching a NETLINK_USERSOCK socket (not carried yet);
 *   inotify-queued   an inotify with an event not read (/zt/inq made in the watched /zt),
 *                    carried since the image holds queued events (dumpinfo shows it);
 *   inotify-proc     an inotify watching /proc: neither the CT's root filesystem nor a tmpfs;
 *   inotify-deleted  an inotify watching a file deleted since, still open;
 *   fanotify         a fanotify instance (FAN_REPORT_FID: no privilege needed).
 * evfdhold inotify-watch PATH (test 35): an inotify watching PATH for IN_MODIFY, carried; after
 * "ready" it prints each event it reads, "event wd=N mask=0xM".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <fcntl.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/fanotify.h>
#include <sys/inotify.h>
#include <linux/netlink.h>
#include <sys/socket.h>
#include <unistd.h>

static int die(const char *what)
{
	printf("error %s: %s\n", what, strerror(errno));
	return 1;
}

static int watch(const char *path)
{
	struct inotify_event e;
	int fd = inotify_init1(0);

	if (fd < 0 || inotify_add_watch(fd, path, IN_MODIFY) != 1)
		return die("inotify_add_watch");
	printf("ready\n");
	/* IN_MODIFY has no name: each event is the struct alone. */
	while (read(fd, &e, sizeof(e)) == sizeof(e))
		printf("event wd=%d mask=%#x\n", e.wd, e.mask);
	return die("read");
}

int main(int argc, char **argv)
{
	struct epoll_event ev = { .events = EPOLLIN };
	int fd, ep, sk;

	setvbuf(stdout, NULL, _IONBF, 0);
	if (argc == 3 && !strcmp(argv[1], "inotify-watch"))
		return watch(argv[2]);
	if (argc != 2)
		return 2;
	if (!strcmp(argv[1], "events")) {
		ep = epoll_create1(0);
		fd = eventfd(0, 0);
		ev.events = EPOLLIN | 0x1000;
		if (ep < 0 || fd < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, fd, &ev) < 0)
			return die("epoll_ctl");
	} else if (!strcmp(argv[1], "socket")) {
		ep = epoll_create1(0);
		/* NETLINK_USERSOCK: a socket no dump carries yet (route netlink ones are). */
		sk = socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK);
		if (ep < 0 || sk < 0)
			return die("epoll and netlink socket");
		/* The epoll's fd comes first: the dump meets the socket as its target. */
		if (dup2(sk, 9) < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, 9, &ev) < 0)
			return die("epoll_ctl");
	} else if (!strcmp(argv[1], "inotify-queued")) {
		fd = inotify_init1(0);
		unlink("/zt/inq");
		if (fd < 0 || inotify_add_watch(fd, "/zt", IN_CREATE) != 1)
			return die("inotify_add_watch /zt");
		sk = open("/zt/inq", O_WRONLY | O_CREAT, 0644);
		if (sk < 0)
			return die("create /zt/inq");
	} else if (!strcmp(argv[1], "inotify-proc")) {
		fd = inotify_init1(0);
		if (fd < 0 || inotify_add_watch(fd, "/proc", IN_CREATE) != 1)
			return die("inotify_add_watch /proc");
	} else if (!strcmp(argv[1], "inotify-deleted")) {
		sk = open("/zt/ind", O_WRONLY | O_CREAT, 0644);
		fd = inotify_init1(0);
		if (sk < 0 || fd < 0 || inotify_add_watch(fd, "/zt/ind", IN_MODIFY) != 1 ||
		    unlink("/zt/ind") < 0)
			return die("inotify_add_watch /zt/ind");
	} else if (!strcmp(argv[1], "fanotify")) {
		fd = fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_FID, O_RDONLY);
		if (fd < 0)
			return die("fanotify_init");
	} else {
		return 2;
	}
	printf("ready\n");
	for (;;)
		pause();
}
