// SPDX-License-Identifier: GPL-2.0
/*
 * unixhold MODE [PATH]: holds a unix socket state for test 42, says "ready" once it is set
 * up, and waits to be killed. PATH may be an abstract name, written @NAME.
 *   host PATH    bind a datagram socket at PATH (the host's /dev/log, outside the CT)
 *   peer PATH    a datagram socket connected to PATH, "log" sent; "log-again" on SIGUSR1
 *   scm          a stream pair with a file in flight (SCM_RIGHTS) of a kind no image
 *                carries: a pidfd
 *   scmcycle     two stream pairs, each with one of the other's sockets in flight in its
 *                queue: a cycle through another socket
 *   oob          a stream pair with out-of-band data queued (MSG_OOB)
 *   listengone PATH  a stream socket listening at PATH (fd 3) with a connection not
 *                accepted yet whose client was closed (carried now: unixpeer00)
 *   serve PATH   a stream socket listening at PATH, blocked in accept(): for each
 *                connection it reads MSG, answers "re MSG", closes it and then prints
 *                "got MSG at NAME", NAME the accepted socket's getsockname()
 *   ask PATH MSG connect to PATH, send MSG, print the answer and exit (no "ready"):
 *                0 if it is "re MSG"
 *   bound PATH   a datagram socket bound at PATH; on SIGUSR1 it prints "name NAME" as
 *                getsockname() gives it and "got MSG" for each datagram queued for it
 *   gone PATH    as bound, with "queued" sent to it from an unnamed socket and then its
 *                file unlinked
 *   gonepeer PATH  a datagram socket (fd 3) connected to one bound at PATH, "before" sent
 *                on it, then PATH unlinked; on SIGUSR1 it sends "after", prints "peer NAME"
 *                (getpeername()) and the bound one reports as "bound" does
 *   gonetaken PATH  a datagram socket (fd 3) bound at PATH, PATH unlinked, then another
 *                (fd 4) bound at PATH (refused: the restore binds the first there again)
 *   gonedir PATH a datagram socket (fd 3) bound at PATH, PATH unlinked and its directory
 *                removed (refused: the restore cannot bind it there again)
 *   gonelisten PATH  a stream socket listening at PATH with a connection not accepted yet
 *                that sent "early", then PATH unlinked; on SIGUSR1 the client prints "peer
 *                NAME", the listener accepts it and prints "got MSG" for what it reads,
 *                then "end"
 *   send PATH MSG  send MSG to PATH and exit (no "ready")
 *   echo PATH    a stream socket listening at PATH; it accepts one connection and answers
 *                each MSG on it with "re MSG", then prints "got MSG at NAME" (NAME: the
 *                accepted socket's getsockname()); "eof" and exit at its end
 *   keep PATH    connect to PATH, send "before", print the answer, say ready; on SIGUSR1
 *                the same with "after", then "peer NAME" (getpeername())
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sys/syscall.h>
#include <signal.h>
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
	if (path[0] == '@') {
		/* An abstract name has no trailing NUL: its length is the address's. */
		sa.sun_path[0] = 0;
		(*len)--;
	}
	return sa;
}

/* A socket of @type bound to @path (a leftover socket file there removed first), its address in @sa. */
static int bound_socket(int type, const char *path, struct sockaddr_un *sa, socklen_t *len)
{
	int s = socket(AF_UNIX, type, 0);

	*sa = addr_of(path, len);
	if (s < 0)
		die("socket");
	if (path[0] != '@')
		unlink(path);
	if (bind(s, (struct sockaddr *)sa, *len) < 0)
		die("bind");
	return s;
}

static volatile sig_atomic_t usr1;

/* getsockname() of @s in @buf, an abstract name written @NAME. */
static const char *name_of(int s, char *buf, size_t size)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);

	memset(&sa, 0, sizeof(sa));
	if (getsockname(s, (struct sockaddr *)&sa, &len) < 0)
		die("getsockname");
	if (len > offsetof(struct sockaddr_un, sun_path) && !sa.sun_path[0])
		snprintf(buf, size, "@%.*s", (int)(len - offsetof(struct sockaddr_un, sun_path) - 1),
			 sa.sun_path + 1);
	else
		snprintf(buf, size, "%s", sa.sun_path);
	return buf;
}

/* One exchange on connection @s: @msg sent, the answer printed. */
static void exchange(int s, const char *msg)
{
	char buf[160];
	ssize_t n;

	if (send(s, msg, strlen(msg), MSG_NOSIGNAL) < 0)
		die("send");
	do
		n = recv(s, buf, sizeof(buf) - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		die("recv");
	buf[n] = 0;
	printf("%s\n", buf);
	fflush(stdout);
}

/* echo: one connection, each message answered and told; exits at its end. */
static void echo(int l)
{
	char buf[128], re[160], name[120];
	ssize_t n;
	int a;

	do
		a = accept(l, NULL, NULL);
	while (a < 0 && errno == EINTR);
	if (a < 0)
		die("accept");
	for (;;) {
		n = recv(a, buf, sizeof(buf) - 1, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			die("recv");
		if (!n) {
			printf("eof\n");
			exit(0);
		}
		buf[n] = 0;
		snprintf(re, sizeof(re), "re %s", buf);
		if (send(a, re, strlen(re), MSG_NOSIGNAL) < 0)
			die("send");
		printf("got %s at %s\n", buf, name_of(a, name, sizeof(name)));
		fflush(stdout);
	}
}

/* serve: each connection answered, closed, then told; never returns. */
static void serve(int l)
{
	char buf[128], re[160], name[120];
	ssize_t n;
	int a;

	for (;;) {
		a = accept(l, NULL, NULL);
		if (a < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		n = recv(a, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			die("recv");
		buf[n] = 0;
		snprintf(re, sizeof(re), "re %s", buf);
		if (send(a, re, strlen(re), MSG_NOSIGNAL) < 0)
			die("send");
		name_of(a, name, sizeof(name));
		close(a);
		printf("got %s at %s\n", buf, name);
		fflush(stdout);
	}
}

static void on_usr1(int sig)
{
	(void)sig;
	usr1 = 1;
}

/* "name NAME" (getsockname()) of @s, or (@peer) "peer NAME" (getpeername()). */
static void name_line(int s, int peer)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	const char *tag = peer ? "peer" : "name";

	memset(&sa, 0, sizeof(sa));
	if ((peer ? getpeername : getsockname)(s, (struct sockaddr *)&sa, &len) < 0)
		die(peer ? "getpeername" : "getsockname");
	if (len > offsetof(struct sockaddr_un, sun_path) && !sa.sun_path[0])
		printf("%s @%.*s\n", tag, (int)(len - offsetof(struct sockaddr_un, sun_path) - 1),
		       sa.sun_path + 1);
	else
		printf("%s %s\n", tag, sa.sun_path);
	fflush(stdout);
}

/* What gonelisten prints on SIGUSR1: its client's peer, then what it accepts from it. */
static void accept_late(int s, int c)
{
	char buf[64];
	ssize_t n;
	int a;

	name_line(c, 1);
	a = accept(s, NULL, NULL);
	if (a < 0)
		die("accept");
	n = recv(a, buf, sizeof(buf) - 1, MSG_DONTWAIT);
	if (n < 0)
		die("recv");
	buf[n] = 0;
	printf("got %s\nend\n", buf);
	fflush(stdout);
	close(a);
}

/* What "bound" and "gone" print on SIGUSR1: their name, then each datagram queued. */
static void report(int s)
{
	char buf[256];
	ssize_t n;

	name_line(s, 0);
	while ((n = recv(s, buf, sizeof(buf) - 1, MSG_DONTWAIT)) >= 0) {
		buf[n] = 0;
		printf("got %s\n", buf);
	}
	if (errno != EAGAIN)
		die("recv");
	printf("end\n");
	fflush(stdout);
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
	sigset_t block, wait_set;
	int s = -1, c = -1, sv[2];

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &wait_set);
	signal(SIGUSR1, on_usr1);

	if (!strcmp(mode, "ask")) {
		char buf[160], want[160];
		ssize_t n;

		if (argc < 4)
			return 2;
		sa = addr_of(argv[2], &len);
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (s < 0)
			die("socket");
		if (connect(s, (struct sockaddr *)&sa, len) < 0)
			die("connect");
		if (send(s, argv[3], strlen(argv[3]), 0) < 0)
			die("send");
		n = recv(s, buf, sizeof(buf) - 1, 0);
		if (n < 0)
			die("recv");
		buf[n] = 0;
		printf("%s\n", buf);
		snprintf(want, sizeof(want), "re %s", argv[3]);
		return strcmp(buf, want) ? 1 : 0;
	}
	if (!strcmp(mode, "keep")) {
		if (argc < 3)
			return 2;
		sa = addr_of(argv[2], &len);
		s = socket(AF_UNIX, SOCK_STREAM, 0);
		if (s < 0 || connect(s, (struct sockaddr *)&sa, len) < 0)
			die("connect");
		exchange(s, "before");
		printf("ready\n");
		fflush(stdout);
		while (!usr1)
			sigsuspend(&wait_set);
		exchange(s, "after");
		name_line(s, 1);
		for (;;)
			pause();
	}
	if (!strcmp(mode, "listengone") || !strcmp(mode, "serve") || !strcmp(mode, "echo")) {
		if (argc < 3)
			return 2;
		s = bound_socket(SOCK_STREAM, argv[2], &sa, &len);
		if (listen(s, 3) < 0)
			die("listen");
		if (strcmp(mode, "listengone")) {
			printf("ready\n");
			fflush(stdout);
			if (!strcmp(mode, "echo"))
				echo(s);
			serve(s);
		}
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&sa, len) < 0)
			die("connect");
		close(c);
		printf("ready\n");
		fflush(stdout);
		for (;;)
			pause();
	}
	if (!strcmp(mode, "send")) {
		if (argc < 4)
			return 2;
		sa = addr_of(argv[2], &len);
		s = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (s < 0)
			die("socket");
		if (sendto(s, argv[3], strlen(argv[3]), 0, (struct sockaddr *)&sa, len) < 0)
			die("sendto");
		return 0;
	}
	if (!strcmp(mode, "bound") || !strcmp(mode, "gone")) {
		if (argc < 3)
			return 2;
		s = bound_socket(SOCK_DGRAM, argv[2], &sa, &len);
		if (!strcmp(mode, "gone")) {
			c = socket(AF_UNIX, SOCK_DGRAM, 0);
			if (c < 0 || sendto(c, "queued", 6, 0, (struct sockaddr *)&sa, len) != 6)
				die("send to the bound socket");
			close(c);
			if (unlink(argv[2]) < 0)
				die("unlink");
		}
	} else if (!strcmp(mode, "gonepeer")) {
		if (argc < 3)
			return 2;
		/* The client first: it is fd 3, the one test 42 sees refused. */
		c = socket(AF_UNIX, SOCK_DGRAM, 0);
		if (c < 0)
			die("socket");
		s = bound_socket(SOCK_DGRAM, argv[2], &sa, &len);
		if (connect(c, (struct sockaddr *)&sa, len) < 0)
			die("connect");
		if (send(c, "before", 6, 0) != 6)
			die("send before");
		if (unlink(argv[2]) < 0)
			die("unlink");
	} else if (!strcmp(mode, "gonetaken") || !strcmp(mode, "gonedir")) {
		char *dir;

		if (argc < 3)
			return 2;
		s = bound_socket(SOCK_DGRAM, argv[2], &sa, &len);
		if (unlink(argv[2]) < 0)
			die("unlink");
		if (!strcmp(mode, "gonetaken")) {
			c = bound_socket(SOCK_DGRAM, argv[2], &sa, &len);
		} else {
			dir = strdup(argv[2]);
			if (!dir || !strrchr(dir, '/'))
				die("the directory of PATH");
			*strrchr(dir, '/') = 0;
			if (rmdir(dir) < 0)
				die("rmdir");
		}
	} else if (!strcmp(mode, "gonelisten")) {
		if (argc < 3)
			return 2;
		s = bound_socket(SOCK_STREAM, argv[2], &sa, &len);
		if (listen(s, 3) < 0)
			die("listen");
		c = socket(AF_UNIX, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&sa, len) < 0)
			die("connect");
		if (send(c, "early", 5, 0) != 5)
			die("send early");
		if (unlink(argv[2]) < 0)
			die("unlink");
	} else if (!strcmp(mode, "host") || !strcmp(mode, "peer")) {
		if (argc < 3)
			return 2;
		if (strcmp(mode, "peer")) {
			s = bound_socket(SOCK_DGRAM, argv[2], &sa, &len);
		} else {
			sa = addr_of(argv[2], &len);
			s = socket(AF_UNIX, SOCK_DGRAM, 0);
			if (s < 0)
				die("socket");
			if (connect(s, (struct sockaddr *)&sa, len) < 0)
				die("connect");
			if (send(s, "log", 3, 0) != 3)
				die("send");
		}
	} else if (!strcmp(mode, "scm") || !strcmp(mode, "scmcycle") || !strcmp(mode, "oob")) {
		if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
			die("socketpair");
		if (!strcmp(mode, "scm")) {
			c = (int)syscall(SYS_pidfd_open, getpid(), 0);
			if (c < 0)
				die("pidfd_open");
			send_fd(sv[0], c);
		} else if (!strcmp(mode, "scmcycle")) {
			int tv[2];

			if (socketpair(AF_UNIX, SOCK_STREAM, 0, tv) < 0)
				die("socketpair");
			send_fd(sv[0], tv[0]);
			send_fd(tv[0], sv[0]);
		} else if (send(sv[0], "u", 1, MSG_OOB) != 1)
			die("send MSG_OOB");
	} else {
		fprintf(stderr, "usage: unixhold host|peer|listengone|serve|echo|keep|bound|gone|gonepeer|gonetaken|gonedir|gonelisten PATH | scm | scmcycle | oob | send|ask PATH MSG\n");
		return 2;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		/* SIGUSR1 is blocked but here: one that comes while it reports is not lost. */
		sigsuspend(&wait_set);
		if (usr1 && s >= 0) {
			usr1 = 0;
			if (!strcmp(mode, "peer")) {
				if (send(s, "log-again", 9, 0) != 9)
					die("send again");
			} else if (!strcmp(mode, "gonelisten")) {
				accept_late(s, c);
			} else {
				if (!strcmp(mode, "gonepeer")) {
					if (send(c, "after", 5, 0) != 5)
						die("send after");
					name_line(c, 1);
				}
				report(s);
			}
		}
	}
}
