// SPDX-License-Identifier: GPL-2.0
/*
 * unixdgram00: a bound unix datagram server (the /dev/log case) through checkpoint and restore.
 * S is bound to DIR/srv.sock (its file chmod 0620 and chowned 1000:1001); A is bound to an
 * abstract name and connected to S; B is bound to DIR/cli.sock and connected to S; C is
 * unnamed and unconnected. Queued before the dump: for S, "a1" from A, "b1" from B, "c1" from
 * C, "a2" from A and an empty datagram from B; for A, "s1" that S sent to A's name; for B,
 * "s2" that S sent to B's name (a connected socket takes datagrams from its peer alone). After the restore each socket has its name, its peer, SO_TYPE,
 * SO_ACCEPTCONN and SO_PEERCRED as before; each queue holds exactly those messages, in order,
 * each with its sender's address as recvfrom() gives it; the socket files have their mode and
 * owner; and every path still carries datagrams.
 * D and E are each what is left of a socketpair whose other end was closed: D was then
 * disconnected (connect() of AF_UNSPEC) and E connected to S. Both keep the SO_PEERCRED
 * socketpair() gave them, which the restore gives back, and E sends to S.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#define ABSTRACT "unixdgram00-a"

struct addr {
	struct sockaddr_un sa;
	socklen_t len;
};

/* An unnamed socket: getsockname() gives the family alone, recvfrom() no address at all. */
static struct addr srv, cli, abs_a, unnamed = { .sa = { .sun_family = AF_UNIX },
						 .len = sizeof(sa_family_t) }, nobody;

static void path_addr(struct addr *a, const char *dir, const char *name)
{
	a->sa.sun_family = AF_UNIX;
	zt_check(snprintf(a->sa.sun_path, sizeof(a->sa.sun_path), "%s/%s", dir, name) <
		 (int)sizeof(a->sa.sun_path), "the directory's path is too long");
	a->len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(a->sa.sun_path) + 1);
}

static int dgram(const struct addr *bind_to, const struct addr *conn)
{
	int s = (int)zt_syscall(socket(AF_UNIX, SOCK_DGRAM, 0));

	if (bind_to)
		zt_syscall(bind(s, (const struct sockaddr *)&bind_to->sa, bind_to->len));
	if (conn)
		zt_syscall(connect(s, (const struct sockaddr *)&conn->sa, conn->len));
	return s;
}

static void sendto_s(int s, const char *msg, const struct addr *to)
{
	ssize_t n = to ? sendto(s, msg, strlen(msg), 0, (const struct sockaddr *)&to->sa, to->len) :
			 send(s, msg, strlen(msg), 0);

	zt_check(n == (ssize_t)strlen(msg), "send \"%s\": %s", msg, strerror(errno));
}

static const char *show(const struct addr *a)
{
	static char buf[2][128];
	static int k;
	char *b = buf[k++ & 1];

	if (a->len <= sizeof(sa_family_t))
		return "(unnamed)";
	if (a->sa.sun_path[0])
		snprintf(b, 128, "%s", a->sa.sun_path);
	else
		snprintf(b, 128, "@%.*s", (int)(a->len - sizeof(sa_family_t) - 1), a->sa.sun_path + 1);
	return b;
}

static bool same(const struct addr *a, const struct addr *b)
{
	return a->len == b->len && !memcmp(&a->sa, &b->sa, a->len);
}

/* The next datagram of @s is @want, from @from. */
static void expect(int s, const char *who, const char *want, const struct addr *from)
{
	struct addr got = { .len = sizeof(got.sa) };
	char buf[64];
	ssize_t n;

	memset(&got.sa, 0, sizeof(got.sa));
	n = recvfrom(s, buf, sizeof(buf), MSG_DONTWAIT, (struct sockaddr *)&got.sa, &got.len);
	zt_check(n >= 0, "%s: no datagram \"%s\": %s", who, want, strerror(errno));
	zt_check((size_t)n == strlen(want) && !memcmp(buf, want, (size_t)n),
		 "%s: got \"%.*s\" where \"%s\" was queued", who, (int)n, buf, want);
	zt_check(same(&got, from), "%s: \"%s\" is from %s, not %s", who, want, show(&got),
		 show(from));
}

static void expect_empty(int s, const char *who)
{
	char buf[8];
	ssize_t n = recv(s, buf, sizeof(buf), MSG_DONTWAIT);

	zt_check(n < 0 && errno == EAGAIN, "%s: more queued than was sent (%zd)", who, n);
}

struct view {
	struct addr name, peer;
	int type, acceptconn, peer_errno;
	struct ucred cred;
};

static void look(int s, struct view *v)
{
	socklen_t len = sizeof(int);

	memset(v, 0, sizeof(*v));
	v->name.len = sizeof(v->name.sa);
	zt_syscall(getsockname(s, (struct sockaddr *)&v->name.sa, &v->name.len));
	v->peer.len = sizeof(v->peer.sa);
	if (getpeername(s, (struct sockaddr *)&v->peer.sa, &v->peer.len) < 0)
		v->peer_errno = errno;
	zt_syscall(getsockopt(s, SOL_SOCKET, SO_TYPE, &v->type, &len));
	len = sizeof(int);
	zt_syscall(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v->acceptconn, &len));
	len = sizeof(v->cred);
	zt_syscall(getsockopt(s, SOL_SOCKET, SO_PEERCRED, &v->cred, &len));
}

static void check_view(int s, const char *who, const struct view *before,
		       const struct addr *name, const struct addr *peer)
{
	struct view v;

	look(s, &v);
	zt_check(same(&v.name, name), "%s is named %s, not %s", who, show(&v.name), show(name));
	if (peer)
		zt_check(!v.peer_errno && same(&v.peer, peer), "%s's peer is %s (%s), not %s", who,
			 show(&v.peer), strerror(v.peer_errno), show(peer));
	else
		zt_check(v.peer_errno == ENOTCONN, "%s has a peer (%s)", who, strerror(v.peer_errno));
	zt_check(v.type == SOCK_DGRAM && !v.acceptconn, "%s: SO_TYPE %d, SO_ACCEPTCONN %d", who,
		 v.type, v.acceptconn);
	zt_check(!memcmp(&v.cred, &before->cred, sizeof(v.cred)),
		 "%s: SO_PEERCRED %d/%d/%d, was %d/%d/%d", who, v.cred.pid, v.cred.uid, v.cred.gid,
		 before->cred.pid, before->cred.uid, before->cred.gid);
}

static void check_file(const struct addr *a, mode_t mode, uid_t uid, gid_t gid)
{
	struct stat st;

	zt_syscall(lstat(a->sa.sun_path, &st));
	zt_check(S_ISSOCK(st.st_mode), "%s is no socket file (%o)", a->sa.sun_path, st.st_mode);
	zt_check((st.st_mode & 07777) == mode && st.st_uid == uid && st.st_gid == gid,
		 "%s: mode %o owner %u:%u, was %o %u:%u", a->sa.sun_path, st.st_mode & 07777,
		 st.st_uid, st.st_gid, mode, uid, gid);
}

int main(int argc, char **argv)
{
	struct sockaddr_un unspec = { .sun_family = AF_UNSPEC };
	struct view vs, va, vb, vc, vd, ve;
	int s, a, b, c, pr[2], d, e;
	struct stat cst;
	char dir[80];

	zt_init(argc, argv);
	zt_check(getcwd(dir, sizeof(dir)), "getcwd: %s", strerror(errno));
	path_addr(&srv, dir, "srv.sock");
	path_addr(&cli, dir, "cli.sock");
	abs_a.sa.sun_family = AF_UNIX;
	memcpy(abs_a.sa.sun_path + 1, ABSTRACT, strlen(ABSTRACT));
	abs_a.len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 + strlen(ABSTRACT));
	unlink(srv.sa.sun_path);
	unlink(cli.sa.sun_path);

	s = dgram(&srv, NULL);
	zt_syscall(chmod(srv.sa.sun_path, 0620));
	zt_syscall(chown(srv.sa.sun_path, 1000, 1001));
	a = dgram(&abs_a, &srv);
	b = dgram(&cli, &srv);
	c = dgram(NULL, NULL);
	zt_syscall(lstat(cli.sa.sun_path, &cst));
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM, 0, pr));
	d = pr[0];
	zt_syscall(close(pr[1]));
	zt_syscall(connect(d, (struct sockaddr *)&unspec, sizeof(sa_family_t)));
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM, 0, pr));
	e = pr[0];
	zt_syscall(close(pr[1]));
	zt_syscall(connect(e, (struct sockaddr *)&srv.sa, srv.len));

	sendto_s(a, "a1", NULL);
	sendto_s(b, "b1", NULL);
	sendto_s(c, "c1", &srv);
	sendto_s(a, "a2", NULL);
	zt_check(send(b, "", 0, 0) == 0, "send an empty datagram: %s", strerror(errno));
	sendto_s(s, "s1", &abs_a);
	sendto_s(s, "s2", &cli);
	look(s, &vs);
	look(a, &va);
	look(b, &vb);
	look(c, &vc);
	look(d, &vd);
	look(e, &ve);
	zt_check(vd.cred.pid == getpid() && ve.cred.pid == getpid(),
		 "socketpair() gave SO_PEERCRED pids %d and %d", vd.cred.pid, ve.cred.pid);

	zt_ready();
	zt_wait();

	check_view(s, "S", &vs, &srv, NULL);
	check_view(a, "A", &va, &abs_a, &srv);
	check_view(b, "B", &vb, &cli, &srv);
	check_view(c, "C", &vc, &unnamed, NULL);
	check_view(d, "D", &vd, &unnamed, NULL);
	check_view(e, "E", &ve, &unnamed, &srv);
	check_file(&srv, 0620, 1000, 1001);
	check_file(&cli, cst.st_mode & 07777, cst.st_uid, cst.st_gid);

	expect(s, "S", "a1", &abs_a);
	expect(s, "S", "b1", &cli);
	expect(s, "S", "c1", &nobody);
	expect(s, "S", "a2", &abs_a);
	expect(s, "S", "", &cli);
	expect_empty(s, "S");
	expect(a, "A", "s1", &srv);
	expect_empty(a, "A");
	expect(b, "B", "s2", &srv);
	expect_empty(b, "B");
	expect_empty(c, "C");
	expect_empty(d, "D");

	/* Every path still carries datagrams, each from its sender. */
	sendto_s(a, "a3", NULL);
	sendto_s(b, "b3", NULL);
	sendto_s(c, "c3", &srv);
	expect(s, "S after", "a3", &abs_a);
	expect(s, "S after", "b3", &cli);
	expect(s, "S after", "c3", &nobody);
	sendto_s(s, "s3", &cli);
	expect(b, "B after", "s3", &srv);
	sendto_s(s, "s4", &abs_a);
	expect(a, "A after", "s4", &srv);
	sendto_s(e, "e1", NULL);
	expect(s, "S after", "e1", &nobody);
	expect_empty(s, "S after");
	zt_pass();
}
