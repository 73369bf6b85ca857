// SPDX-License-Identifier: GPL-2.0
/*
 * unixfd02: unix sockets passed over themselves (SCM_RIGHTS), the cycles a restore must make
 * with the socket's own file:
 *   s0, s1  a stream pair: s0 sends itself ("s0-self"), queued for s1, and s1 sends itself
 *           ("s1-self"), queued for s0; both held
 *   d0, d1  a datagram pair: d1 sends itself ("d1-gone"), queued for d0, and is closed: it
 *           lives on only in d0's queue
 *   e       a datagram socket bound to an abstract name, not connected, that sends itself to
 *           its own name ("e-self")
 * After the restore each reads its message with one socket: s1 gets s0 (the same socket:
 * its inode, and what is written on it comes to s1), s0 gets s1; d0 gets d1, still its peer
 * both ways; e gets e, from its own name, which still reaches e. Then nothing more is queued.
 */
#include "zdtm.h"

#include <stddef.h>
#include <sys/stat.h>
#include <sys/un.h>

#include "unixfd.h"

static ino_t ino_of(int fd, const char *what)
{
	struct stat st;

	zt_check(!fstat(fd, &st), "fstat %s: %s", what, strerror(errno));
	zt_check(S_ISSOCK(st.st_mode), "%s is not a socket (mode %#o)", what, st.st_mode);
	return st.st_ino;
}

/* @sk's next message must be @want with one file: returned. */
static int recv_one(int sk, const char *want, const char *what)
{
	char buf[32];
	int fds[UF_MAX], n;
	size_t len = uf_recv(sk, buf, sizeof(buf) - 1, fds, &n);

	buf[len] = 0;
	zt_check(!strcmp(buf, want), "%s reads \"%s\", not \"%s\"", what, buf, want);
	zt_check(n == 1, "%s's message has %d files, not 1", what, n);
	return fds[0];
}

static void pass(int from, int to, const char *text, const char *what)
{
	char buf[32];
	ssize_t n;

	zt_check(send(from, text, strlen(text), MSG_DONTWAIT) == (ssize_t)strlen(text),
		 "%s: send: %s", what, strerror(errno));
	n = recv(to, buf, sizeof(buf), MSG_DONTWAIT);
	zt_check(n == (ssize_t)strlen(text) && !memcmp(buf, text, n), "%s: read %zd bytes: %s",
		 what, n, n < 0 ? strerror(errno) : "not what was sent");
}

/* e sends itself to its own name, "e-self". */
static void send_self(int e, const struct sockaddr_un *a, socklen_t alen)
{
	char cbuf[CMSG_SPACE(sizeof(int))] = { 0 };
	struct iovec iov = { .iov_base = "e-self", .iov_len = 6 };
	struct msghdr mh = { .msg_name = (void *)a, .msg_namelen = alen, .msg_iov = &iov,
			     .msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c = CMSG_FIRSTHDR(&mh);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &e, sizeof(int));
	zt_check(sendmsg(e, &mh, MSG_DONTWAIT) == 6, "e: sendmsg to itself: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX }, from;
	int s[2], d[2], e, x, y, z, w;
	ino_t s0_ino, s1_ino, e_ino;
	socklen_t alen, flen = sizeof(from);
	char buf[16];

	zt_init(argc, argv);
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s));
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, d));
	e = zt_syscall(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	snprintf(a.sun_path + 1, sizeof(a.sun_path) - 1, "unixfd02.%d", (int)getpid());
	alen = offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a.sun_path + 1);
	zt_syscall(bind(e, (struct sockaddr *)&a, alen));

	uf_send(s[0], "s0-self", 7, &s[0], 1);
	uf_send(s[1], "s1-self", 7, &s[1], 1);
	uf_send(d[1], "d1-gone", 7, &d[1], 1);
	close(d[1]);
	send_self(e, &a, alen);

	zt_ready();
	zt_wait();

	/* A socket's inode number is the one it has now: a restore makes it anew. */
	s0_ino = ino_of(s[0], "s0");
	s1_ino = ino_of(s[1], "s1");
	e_ino = ino_of(e, "e");

	x = recv_one(s[1], "s0-self", "s1");
	zt_check(ino_of(x, "the socket s1 got") == s0_ino, "s1 got another socket than s0");
	pass(x, s[1], "through s0 again", "s0 got back, to s1");
	y = recv_one(s[0], "s1-self", "s0");
	zt_check(ino_of(y, "the socket s0 got") == s1_ino, "s0 got another socket than s1");
	pass(y, s[0], "through s1 again", "s1 got back, to s0");
	uf_empty(s[0], "s0");
	uf_empty(s[1], "s1");

	z = recv_one(d[0], "d1-gone", "d0");
	pass(z, d[0], "d1 to d0", "d1 got back, to its peer d0");
	pass(d[0], z, "d0 to d1", "d0 to d1 got back");
	uf_empty(d[0], "d0");
	uf_empty(z, "d1");

	w = recv_one(e, "e-self", "e");
	zt_check(ino_of(w, "the socket e got") == e_ino, "e got another socket than itself");
	zt_check(sendto(w, "again", 5, MSG_DONTWAIT, (struct sockaddr *)&a, alen) == 5,
		 "e got back: sendto its name: %s", strerror(errno));
	zt_check(recvfrom(e, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&from, &flen) == 5 &&
		 !memcmp(buf, "again", 5), "e does not read what it sent itself: %s", strerror(errno));
	zt_check(flen == alen && !memcmp(&from, &a, alen), "e's message to itself is from another name");
	uf_empty(e, "e");
	zt_pass();
}
