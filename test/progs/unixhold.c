// SPDX-License-Identifier: GPL-2.0
/*
 * unixhold MODE [PATH]: holds a unix socket state that a checkpoint must refuse (test 42),
 * says "ready" once it is set up, and waits to be killed.
 *   host PATH    bind a datagram socket at PATH (the host's /dev/log, outside the CT)
 *   peer PATH    a datagram socket connected to PATH, one datagram sent
 *   scm          a stream pair with a file descriptor in flight (SCM_RIGHTS)
 *   oob          a stream pair with out-of-band data queued (MSG_OOB)
 *   listen PATH  a stream socket listening at PATH (not carried yet)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static void die(const char *what)
{
	fprintf(stderr, "unixhold: %s: %s\n", what, strerror(errno));
	exit(1);
}

static struct sockaddr_un addr_of(const char *path, socklen_t *len)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "unixhold: %s: too long\n", path);
		exit(2);
	}
	strcpy(sa.sun_path, path);
	*len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(path) + 1);
	return sa;
}

static void send_fd(int sock, int fd)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "f", .iov_len = 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&m);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	if (sendmsg(sock, &m, 0) != 1)
		die("sendmsg SCM_RIGHTS");
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	struct sockaddr_un sa;
	socklen_t len;
	int s, sv[2];

	if (!strcmp(mode, "host") || !strcmp(mode, "listen") || !strcmp(mode, "peer")) {
		if (argc < 3)
			return 2;
		sa = addr_of(argv[2], &len);
		s = socket(AF_UNIX, strcmp(mode, "listen") ? SOCK_DGRAM : SOCK_STREAM, 0);
		if (s < 0)
			die("socket");
		if (strcmp(mode, "peer")) {
			unlink(argv[2]);
			if (bind(s, (struct sockaddr *)&sa, len) < 0)
				die("bind");
			if (!strcmp(mode, "listen") && listen(s, 3) < 0)
				die("listen");
		} else {
			if (connect(s, (struct sockaddr *)&sa, len) < 0)
				die("connect");
			if (send(s, "log", 3, 0) != 3)
				die("send");
		}
	} else if (!strcmp(mode, "scm") || !strcmp(mode, "oob")) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
			die("socketpair");
		if (!strcmp(mode, "scm"))
			send_fd(sv[0], 0);
		else if (send(sv[0], "u", 1, MSG_OOB) != 1)
			die("send MSG_OOB");
	} else {
		fprintf(stderr, "usage: unixhold host|peer|listen PATH | scm | oob\n");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
