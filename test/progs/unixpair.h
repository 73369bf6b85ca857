/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The body of unixpair00 (stream), unixpair01 (datagram) and unixpair02
 * (seqpacket): socketpairs of one type between a parent and its child.
 *   A: held by both tasks (both ends in both fd tables), data queued both ways
 *      (messages of several lengths, a zero-length datagram; a stream read in
 *      part), one end O_NONBLOCK;
 *   B (stream, seqpacket): the child wrote "bye" and shut its end for writing;
 *   C: made by the parent, held by the child alone, which then became uid 1000:
 *      the restore makes it as the child, SO_PEERCRED still names the parent.
 * After the restore each task checks SO_TYPE, the unnamed addresses, SO_PEERCRED,
 * the flags, every queued byte and message boundary and nothing more, EOF and
 * EPIPE on B, that A is one socket in both tasks, and that A still carries
 * data both ways.
 */
#ifndef UNIXPAIR_H
#define UNIXPAIR_H

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

static const size_t up_down[] = { 1, 100, 3000, 7 };	/* parent to child */
static const size_t up_up[] = { 50, 2, 1000 };		/* child to parent */
#define UP_NR(a)	(sizeof(a) / sizeof((a)[0]))
#define UP_SKIP		10	/* a stream's bytes the parent reads before the dump */

static int up_type;

static void up_fill(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 13 + seed);
}

static void up_send(int fd, const void *p, size_t len, const char *what)
{
	ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

	zt_check(n == (ssize_t)len, "send %s: %zd of %zu: %s", what, n, len, strerror(errno));
}

/* Send the messages @lens (seeded by their index and @seed) and, on a datagram socket, an empty one. */
static void up_send_all(int fd, const size_t *lens, size_t nr, int seed)
{
	char buf[4096];
	size_t i;

	for (i = 0; i < nr; i++) {
		up_fill(buf, lens[i], seed + (int)i);
		up_send(fd, buf, lens[i], "a queued message");
	}
	if (up_type == SOCK_DGRAM)
		up_send(fd, buf, 0, "an empty datagram");
}

/* One message (or, on a stream, up to @len bytes) without waiting: -1 with errno if none. */
static ssize_t up_recv(int fd, char *buf, size_t len)
{
	ssize_t n;

	do
		n = recv(fd, buf, len, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	return n;
}

/* Check that @fd holds exactly the messages @lens from @first on (a stream: their bytes, less @skip). */
static void up_expect(int fd, const size_t *lens, size_t nr, size_t first, int seed, size_t skip,
		      const char *what)
{
	char want[8192], got[8192];
	size_t i, total = 0;
	ssize_t n;

	if (up_type == SOCK_STREAM) {
		for (i = 0; i < nr; i++) {
			up_fill(want + total, lens[i], seed + (int)i);
			total += lens[i];
		}
		for (i = skip; i < total; i += n) {
			n = up_recv(fd, got + i, total - i);
			zt_check(n > 0, "%s: %zu of %zu bytes queued: %s", what, i, total,
				 n ? strerror(errno) : "end of file");
		}
		zt_check(!memcmp(got + skip, want + skip, total - skip), "%s: the bytes differ",
			 what);
	} else {
		for (i = first; i < nr; i++) {
			up_fill(want, lens[i], seed + (int)i);
			n = up_recv(fd, got, sizeof(got));
			zt_check(n == (ssize_t)lens[i], "%s: message %zu is %zd bytes, not %zu (%s)",
				 what, i, n, lens[i], n < 0 ? strerror(errno) : "boundary lost");
			zt_check(!memcmp(got, want, lens[i]), "%s: message %zu differs", what, i);
		}
		if (up_type == SOCK_DGRAM)
			zt_check(up_recv(fd, got, sizeof(got)) == 0, "%s: the empty datagram is gone",
				 what);
	}
	zt_check(up_recv(fd, got, sizeof(got)) < 0 && errno == EAGAIN,
		 "%s: more is queued than was sent", what);
}

/* SO_TYPE, an unnamed socket and an unnamed peer, SO_PEERCRED naming @pid, uid and gid 0. */
static void up_check_sock(int fd, pid_t pid, const char *what)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(int);
	struct ucred cr;
	int type;

	zt_syscall(getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len));
	zt_check(type == up_type, "%s: SO_TYPE %d, not %d", what, type, up_type);
	len = sizeof(sa);
	zt_syscall(getsockname(fd, (struct sockaddr *)&sa, &len));
	zt_check(sa.sun_family == AF_UNIX && len == sizeof(sa_family_t),
		 "%s: getsockname says family %d length %u", what, sa.sun_family, len);
	len = sizeof(sa);
	zt_syscall(getpeername(fd, (struct sockaddr *)&sa, &len));
	zt_check(sa.sun_family == AF_UNIX && len == sizeof(sa_family_t),
		 "%s: getpeername says family %d length %u", what, sa.sun_family, len);
	len = sizeof(cr);
	zt_syscall(getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cr, &len));
	zt_check(cr.pid == pid && cr.uid == 0 && cr.gid == 0,
		 "%s: SO_PEERCRED pid %d uid %u gid %u, not %d 0 0", what, cr.pid, cr.uid, cr.gid,
		 pid);
}

static void up_wait_in(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	int n;

	do
		n = poll(&p, 1, 10000);
	while (n < 0 && errno == EINTR);
	zt_check(n == 1, "%s: nothing came in 10 s", what);
}

static void up_child(int a[2], int b[2], int c[2], int ready, int checked)
{
	char buf[64];
	struct stat st;
	ssize_t n;

	zt_syscall(setresgid(1000, 1000, 1000));
	zt_syscall(setresuid(1000, 1000, 1000));
	up_send_all(a[1], up_up, UP_NR(up_up), 40);
	if (up_type != SOCK_DGRAM) {
		up_send(b[1], "bye", 3, "bye");
		zt_syscall(shutdown(b[1], SHUT_WR));
	}
	up_send(c[0], "c", 1, "c");
	zt_check(write(ready, "r", 1) == 1, "write ready: %s", strerror(errno));
	close(ready);
	zt_wait();

	up_check_sock(a[1], getppid(), "A's child end");
	up_check_sock(c[1], getppid(), "C (restored by the child)");
	zt_check(fcntl(a[0], F_GETFL) & O_NONBLOCK, "A's parent end lost O_NONBLOCK in the child");
	zt_check(!(fcntl(a[1], F_GETFL) & O_NONBLOCK), "A's child end gained O_NONBLOCK");
	up_expect(a[1], up_down, UP_NR(up_down), 0, 20, 0, "A to the child");
	zt_check(up_recv(c[1], buf, sizeof(buf)) == 1 && buf[0] == 'c', "C lost its byte");
	zt_check(up_recv(c[1], buf, sizeof(buf)) < 0 && errno == EAGAIN, "C holds more than its byte");
	if (up_type != SOCK_DGRAM)
		zt_check(send(b[1], "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE,
			 "B's shut end can send again");
	/* The parent sends more once both queues were found exact. */
	zt_check(write(checked, "c", 1) == 1, "write checked: %s", strerror(errno));
	if (up_type != SOCK_DGRAM) {
		up_wait_in(b[1], "B after the restore");
		zt_check(up_recv(b[1], buf, sizeof(buf)) == 5 && !memcmp(buf, "still", 5),
			 "B did not carry the parent's bytes after the restore");
	}
	up_wait_in(a[1], "A after the restore");
	n = up_recv(a[1], buf, sizeof(buf));
	zt_check(n == 5 && !memcmp(buf, "after", 5), "A did not carry data after the restore");
	zt_syscall(fstat(a[0], &st));
	n = snprintf(buf, sizeof(buf), "%lu", (unsigned long)st.st_ino);
	up_send(a[1], buf, (size_t)n, "the child's inode of A");
	exit(0);
}

static void up_main(int argc, char **argv, int type)
{
	int a[2], b[2] = { -1, -1 }, c[2], ready[2], checked[2];
	char buf[64], want[64];
	struct stat st;
	pid_t child;
	ssize_t n;

	up_type = type;
	zt_init(argc, argv);
	zt_syscall(socketpair(AF_UNIX, type, 0, a));
	if (type != SOCK_DGRAM)
		zt_syscall(socketpair(AF_UNIX, type, 0, b));
	zt_syscall(socketpair(AF_UNIX, type, 0, c));
	zt_syscall(pipe(ready));
	zt_syscall(pipe(checked));
	child = zt_syscall(fork());
	if (!child) {
		close(ready[0]);
		close(checked[0]);
		up_child(a, b, c, ready[1], checked[1]);
	}
	close(ready[1]);
	close(checked[1]);
	close(c[0]);
	close(c[1]);
	up_send_all(a[0], up_down, UP_NR(up_down), 20);
	zt_check(read(ready[0], buf, 1) == 1, "the child did not get ready");
	close(ready[0]);
	/* Read part of what the child queued: a stream's first bytes, or its first message. */
	n = recv(a[0], buf, type == SOCK_STREAM ? UP_SKIP : sizeof(buf), 0);
	zt_check(n == (type == SOCK_STREAM ? UP_SKIP : (ssize_t)up_up[0]),
		 "the first read before the dump got %zd bytes", n);
	zt_syscall(fcntl(a[0], F_SETFL, O_NONBLOCK));
	zt_ready();
	zt_wait();

	up_check_sock(a[0], getpid(), "A's parent end");
	zt_check(fcntl(a[0], F_GETFL) & O_NONBLOCK, "A's parent end lost O_NONBLOCK");
	up_expect(a[0], up_up, UP_NR(up_up), 1, 40, UP_SKIP, "A to the parent");
	if (type != SOCK_DGRAM) {
		up_check_sock(b[0], getpid(), "B's parent end");
		zt_check(up_recv(b[0], buf, sizeof(buf)) == 3 && !memcmp(buf, "bye", 3),
			 "B lost the child's bye");
		zt_check(up_recv(b[0], buf, sizeof(buf)) == 0, "B's end of file is lost");
	}
	zt_syscall(kill(child, SIGTERM));
	while ((n = read(checked[0], buf, 1)) < 0 && errno == EINTR)
		;
	zt_check(n == 1, "the child did not check its queues");
	if (type != SOCK_DGRAM)
		up_send(b[0], "still", 5, "still");
	up_send(a[0], "after", 5, "after");
	up_wait_in(a[0], "the child's inode of A");
	n = up_recv(a[0], buf, sizeof(buf) - 1);
	zt_check(n > 0, "the child's inode of A: %s", strerror(errno));
	buf[n] = 0;
	zt_syscall(fstat(a[0], &st));
	snprintf(want, sizeof(want), "%lu", (unsigned long)st.st_ino);
	zt_check(!strcmp(buf, want), "A is socket %s in the child, %s in the parent", buf, want);
	zt_reap(child, "the child");
	zt_pass();
}

#endif
