// SPDX-License-Identifier: GPL-2.0
/*
 * unixopts00: a unix stream socketpair's SOL_SOCKET options through checkpoint and restore.
 * One end has SO_PASSCRED, SO_SNDBUF, SO_RCVBUF, SO_RCVTIMEO, SO_SNDTIMEO, SO_PEEK_OFF,
 * SO_PRIORITY, SO_RCVLOWAT, SO_KEEPALIVE and SO_LINGER set, and "hello" queued for it. After
 * the restore each option reads back as it did before the dump; the socket is still unnamed
 * (SO_PASSCRED did not autobind it); a peek starts at the peek offset; the queued bytes come
 * with SCM_CREDENTIALS naming this process; the other end kept its defaults.
 */
#include "zdtm.h"

#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>

struct opt {
	int name;
	const char *what;
	socklen_t len;
	char set[16];
	char before[16];
};

static struct opt opts[] = {
	{ .name = SO_PASSCRED, .what = "SO_PASSCRED", .len = sizeof(int), .set = { 1 } },
	{ .name = SO_SNDBUF, .what = "SO_SNDBUF", .len = sizeof(int) },
	{ .name = SO_RCVBUF, .what = "SO_RCVBUF", .len = sizeof(int) },
	{ .name = SO_RCVTIMEO, .what = "SO_RCVTIMEO", .len = sizeof(struct timeval) },
	{ .name = SO_SNDTIMEO, .what = "SO_SNDTIMEO", .len = sizeof(struct timeval) },
	{ .name = SO_PEEK_OFF, .what = "SO_PEEK_OFF", .len = sizeof(int), .set = { 2 } },
	{ .name = SO_PRIORITY, .what = "SO_PRIORITY", .len = sizeof(int), .set = { 5 } },
	{ .name = SO_RCVLOWAT, .what = "SO_RCVLOWAT", .len = sizeof(int), .set = { 2 } },
	{ .name = SO_KEEPALIVE, .what = "SO_KEEPALIVE", .len = sizeof(int), .set = { 1 } },
	{ .name = SO_LINGER, .what = "SO_LINGER", .len = sizeof(struct linger) },
};
#define NR_OPTS (sizeof(opts) / sizeof(opts[0]))

static void get(int fd, struct opt *o, void *buf)
{
	socklen_t len = o->len;

	memset(buf, 0, sizeof(o->before));
	if (getsockopt(fd, SOL_SOCKET, o->name, buf, &len) < 0)
		zt_fail("getsockopt %s: %s", o->what, strerror(errno));
	zt_check(len == o->len, "%s has length %u", o->what, len);
}

int main(int argc, char **argv)
{
	struct timeval rcv = { 1, 500000 }, snd = { 2, 0 };
	struct linger lg = { 1, 7 };
	int sv[2], sndbuf = 65536, rcvbuf = 32768, dflt[2];
	char buf[64], cbuf[CMSG_SPACE(sizeof(struct ucred))], now[16];
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			    .msg_controllen = sizeof(cbuf) };
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);
	struct cmsghdr *c;
	struct ucred cr;
	unsigned int i;
	ssize_t n;

	zt_init(argc, argv);
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, sv));
	memcpy(opts[1].set, &sndbuf, sizeof(int));
	memcpy(opts[2].set, &rcvbuf, sizeof(int));
	memcpy(opts[3].set, &rcv, sizeof(rcv));
	memcpy(opts[4].set, &snd, sizeof(snd));
	memcpy(opts[9].set, &lg, sizeof(lg));
	for (i = 0; i < NR_OPTS; i++) {
		if (setsockopt(sv[0], SOL_SOCKET, opts[i].name, opts[i].set, opts[i].len) < 0)
			zt_fail("setsockopt %s: %s", opts[i].what, strerror(errno));
		get(sv[0], &opts[i], opts[i].before);
	}
	get(sv[1], &opts[1], dflt);
	zt_check(write(sv[1], "hello", 5) == 5, "write: %s", strerror(errno));
	zt_ready();
	zt_wait();

	for (i = 0; i < NR_OPTS; i++) {
		get(sv[0], &opts[i], now);
		zt_check(!memcmp(now, opts[i].before, opts[i].len), "%s reads back otherwise",
			 opts[i].what);
	}
	get(sv[1], &opts[1], now);
	zt_check(!memcmp(now, dflt, sizeof(int)), "the other end's SO_SNDBUF changed");
	zt_syscall(getsockname(sv[0], (struct sockaddr *)&sa, &len));
	zt_check(len == sizeof(sa_family_t), "the socket got a name (length %u)", len);
	n = recv(sv[0], buf, sizeof(buf), MSG_PEEK | MSG_DONTWAIT);
	zt_check(n == 3 && !memcmp(buf, "llo", 3), "a peek at offset 2 got %zd bytes", n);
	n = recvmsg(sv[0], &m, MSG_DONTWAIT);
	zt_check(n == 5 && !memcmp(buf, "hello", 5), "the queued bytes: %zd", n);
	c = CMSG_FIRSTHDR(&m);
	zt_check(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS,
		 "no SCM_CREDENTIALS with the queued bytes");
	memcpy(&cr, CMSG_DATA(c), sizeof(cr));
	zt_check(cr.pid == getpid() && cr.uid == 0 && cr.gid == 0,
		 "SCM_CREDENTIALS say pid %d uid %u gid %u", cr.pid, cr.uid, cr.gid);
	zt_check(write(sv[1], "again", 5) == 5, "write after: %s", strerror(errno));
	n = recv(sv[0], buf, sizeof(buf), 0);
	zt_check(n == 5 && !memcmp(buf, "again", 5), "the pair carries data after: %zd", n);
	zt_pass();
}
