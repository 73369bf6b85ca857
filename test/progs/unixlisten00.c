// SPDX-License-Identifier: GPL-2.0
/*
 * unixlisten00: listening unix sockets with no connection waiting, through checkpoint and
 * restore. A stream listener at a filesystem path (its file chmod 0640, SO_RCVBUF set) and a
 * seqpacket listener at an abstract name with backlog 3. After the restore both still listen
 * (SO_ACCEPTCONN) at the same names, the socket file is a socket with its mode; a new client
 * of each connects, is accepted, and data goes both ways; the accepted socket and the
 * client's peer have the listener's name; the client's SO_PEERCRED names this process (that
 * called listen()). The seqpacket listener takes as many waiting connections as one with
 * backlog 3 took before the dump, and no more.
 */
#include "zdtm.h"
#include "unixsock.h"

#include <fcntl.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

/* How many nonblocking clients of @type wait at @path before one is refused. */
static int fill(int type, const char *path, int *fds, int max)
{
	struct sockaddr_un sa;
	socklen_t len = addr_of(&sa, path);
	int n;

	for (n = 0; n < max; n++) {
		fds[n] = zt_syscall(socket(AF_UNIX, type | SOCK_NONBLOCK, 0));
		if (connect(fds[n], (struct sockaddr *)&sa, len) < 0) {
			zt_check(errno == EAGAIN, "connect %d to %s: %s", n, path, strerror(errno));
			close(fds[n]);
			return n;
		}
	}
	zt_fail("%s took %d connections waiting", path, max);
}

static void same_name(int s, const struct sockaddr_un *want, socklen_t wlen, const char *what)
{
	struct sockaddr_un sa;
	socklen_t len = sizeof(sa);

	memset(&sa, 0, sizeof(sa));
	zt_syscall(getsockname(s, (struct sockaddr *)&sa, &len));
	zt_check(len == wlen && !memcmp(&sa, want, len), "%s: getsockname gives %u bytes (%s)",
		 what, len, sa.sun_path[0] ? sa.sun_path : "abstract");
}

/* A new client of listener @l at @path: accepted, data both ways, names and SO_PEERCRED. */
static void talk(int l, int type, const char *path)
{
	struct sockaddr_un sa, peer;
	socklen_t len = addr_of(&sa, path), plen = sizeof(peer);
	struct ucred cr;
	socklen_t crlen = sizeof(cr);
	char buf[32];
	int c, a;

	c = zt_syscall(socket(AF_UNIX, type, 0));
	zt_syscall(connect(c, (struct sockaddr *)&sa, len));
	a = zt_syscall(accept(l, NULL, NULL));
	same_name(a, &sa, len, "the accepted socket");
	memset(&peer, 0, sizeof(peer));
	zt_syscall(getpeername(c, (struct sockaddr *)&peer, &plen));
	zt_check(plen == len && !memcmp(&peer, &sa, len), "the client's peer name (%u bytes)",
		 plen);
	zt_syscall(getsockopt(c, SOL_SOCKET, SO_PEERCRED, &cr, &crlen));
	zt_check(cr.pid == getpid() && cr.uid == 0 && cr.gid == 0,
		 "%s: the client's SO_PEERCRED is pid %d uid %u gid %u, not the listener's %d",
		 path, cr.pid, cr.uid, cr.gid, getpid());
	zt_check(send(c, "ping", 4, 0) == 4, "send to %s: %s", path, strerror(errno));
	zt_check(recv(a, buf, sizeof(buf), 0) == 4 && !memcmp(buf, "ping", 4),
		 "%s: the accepted socket did not get ping", path);
	zt_check(send(a, "pong!", 5, 0) == 5, "send back from %s: %s", path, strerror(errno));
	zt_check(recv(c, buf, sizeof(buf), 0) == 5 && !memcmp(buf, "pong!", 5),
		 "%s: the client did not get pong!", path);
	close(a);
	close(c);
}

static void listening(int s, int type, const char *what)
{
	int v = 0;
	socklen_t len = sizeof(v);

	zt_syscall(getsockopt(s, SOL_SOCKET, SO_ACCEPTCONN, &v, &len));
	zt_check(v == 1, "%s does not listen", what);
	len = sizeof(v);
	zt_syscall(getsockopt(s, SOL_SOCKET, SO_TYPE, &v, &len));
	zt_check(v == type, "%s has type %d", what, v);
}

int main(int argc, char **argv)
{
	char cwd[96], path[108], abs[64], probe[64];
	struct sockaddr_un sa_fs, sa_abs;
	socklen_t len_fs, len_abs, len;
	int fs, ab, tmp, fds[16], took, n, i, rcvbuf = 32768, rb_before, rb;
	struct stat st;

	zt_init(argc, argv);
	zt_check(getcwd(cwd, sizeof(cwd)), "getcwd: %s", strerror(errno));
	snprintf(path, sizeof(path), "%s/l.sock", cwd);
	snprintf(abs, sizeof(abs), "@unixlisten00-%d", getpid());
	snprintf(probe, sizeof(probe), "@unixlisten00-probe-%d", getpid());
	unlink(path);

	/* What backlog 3 takes, on a listener gone before the dump. */
	tmp = listener(SOCK_SEQPACKET, probe, 3);
	took = fill(SOCK_SEQPACKET, probe, fds, 16);
	for (i = 0; i < took; i++)
		close(fds[i]);
	close(tmp);

	fs = listener(SOCK_STREAM, path, 5);
	zt_syscall(chmod(path, 0640));
	zt_syscall(setsockopt(fs, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)));
	len = sizeof(rb_before);
	zt_syscall(getsockopt(fs, SOL_SOCKET, SO_RCVBUF, &rb_before, &len));
	ab = listener(SOCK_SEQPACKET, abs, 3);
	len_fs = addr_of(&sa_fs, path);
	len_abs = addr_of(&sa_abs, abs);
	zt_ready();
	zt_wait();

	listening(fs, SOCK_STREAM, path);
	listening(ab, SOCK_SEQPACKET, abs);
	same_name(fs, &sa_fs, len_fs, path);
	same_name(ab, &sa_abs, len_abs, abs);
	zt_syscall(lstat(path, &st));
	zt_check(S_ISSOCK(st.st_mode) && (st.st_mode & 07777) == 0640,
		 "%s has mode %o", path, st.st_mode);
	len = sizeof(rb);
	zt_syscall(getsockopt(fs, SOL_SOCKET, SO_RCVBUF, &rb, &len));
	zt_check(rb == rb_before, "SO_RCVBUF is %d, was %d", rb, rb_before);
	talk(fs, SOCK_STREAM, path);
	talk(ab, SOCK_SEQPACKET, abs);
	n = fill(SOCK_SEQPACKET, abs, fds, 16);
	zt_check(n == took, "%s took %d connections waiting, backlog 3 took %d before", abs, n,
		 took);
	for (i = 0; i < n; i++)
		close(fds[i]);
	zt_pass();
}
