// SPDX-License-Identifier: GPL-2.0
/*
 * unixcred00: credentials in flight (SCM_CREDENTIALS). A datagram receiver
 * with SO_PASSCRED has a message of a child that runs on as uid 1001 gid
 * 1002, one of a child that sent as uid 2001 gid 2002 and exited, and one of
 * this process (root); a stream receiver with SO_PASSCRED has "A1" of the
 * first child and "P1" of this process: two reads, one per sender. After
 * the restore each reads the pid, uid and gid its sender had: the child
 * gone has pid 0 (a restore has no such process; before it, its old pid).
 */
#include "zdtm.h"

#include <sys/socket.h>
#include <sys/uio.h>

static pid_t uc_recv(int sk, const char *want, uid_t *uid, gid_t *gid)
{
	char cbuf[CMSG_SPACE(sizeof(struct ucred))] = { 0 }, buf[16] = { 0 };
	struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) - 1 };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = cbuf,
			     .msg_controllen = sizeof(cbuf) };
	struct cmsghdr *c;
	struct ucred uc;
	ssize_t r = recvmsg(sk, &mh, MSG_DONTWAIT);

	zt_check(r >= 0, "recvmsg of \"%s\": %s", want, strerror(errno));
	zt_check((size_t)r == strlen(want) && !memcmp(buf, want, r), "read \"%s\", not \"%s\"",
		 buf, want);
	c = CMSG_FIRSTHDR(&mh);
	zt_check(c && c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS,
		 "\"%s\" came with no SCM_CREDENTIALS", want);
	memcpy(&uc, CMSG_DATA(c), sizeof(uc));
	*uid = uc.uid;
	*gid = uc.gid;
	return uc.pid;
}

int main(int argc, char **argv)
{
	int dg[2], st[2], one = 1, sync[2];
	pid_t a, b, pid;
	uid_t uid;
	gid_t gid;
	char c;

	zt_init(argc, argv);
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM, 0, dg));
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, st));
	zt_syscall(setsockopt(dg[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	zt_syscall(setsockopt(st[1], SOL_SOCKET, SO_PASSCRED, &one, sizeof(one)));
	zt_syscall(pipe(sync));
	a = zt_syscall(fork());
	if (!a) {
		zt_syscall(setresgid(1002, 1002, 1002));
		zt_syscall(setresuid(1001, 1001, 1001));
		zt_check(send(dg[0], "a", 1, 0) == 1, "child a: send");
		zt_check(send(st[0], "A1", 2, 0) == 2, "child a: send A1");
		zt_check(write(sync[1], "a", 1) == 1, "child a: sync");
		/* Until the parent's check is done: it ends it. */
		for (;;)
			pause();
	}
	zt_check(read(sync[0], &c, 1) == 1, "child a did not send");
	b = zt_syscall(fork());
	if (!b) {
		zt_syscall(setresgid(2002, 2002, 2002));
		zt_syscall(setresuid(2001, 2001, 2001));
		zt_check(send(dg[0], "b", 1, 0) == 1, "child b: send");
		_exit(0);
	}
	zt_reap(b, "child b");
	zt_check(send(dg[0], "p", 1, 0) == 1, "send p");
	zt_check(send(st[0], "P1", 2, 0) == 2, "send P1");

	zt_ready();
	zt_wait();

	pid = uc_recv(dg[1], "a", &uid, &gid);
	zt_check(pid == a && uid == 1001 && gid == 1002,
		 "\"a\" came from pid %d uid %u gid %u, not %d 1001 1002", pid, uid, gid, a);
	pid = uc_recv(dg[1], "b", &uid, &gid);
	zt_check((pid == 0 || pid == b) && uid == 2001 && gid == 2002,
		 "\"b\" came from pid %d uid %u gid %u, not 0 (or %d, gone) 2001 2002", pid, uid,
		 gid, b);
	pid = uc_recv(dg[1], "p", &uid, &gid);
	zt_check(pid == getpid() && uid == 0 && gid == 0,
		 "\"p\" came from pid %d uid %u gid %u, not %d 0 0", pid, uid, gid, getpid());
	pid = uc_recv(st[1], "A1", &uid, &gid);
	zt_check(pid == a && uid == 1001 && gid == 1002,
		 "\"A1\" came from pid %d uid %u gid %u, not %d 1001 1002", pid, uid, gid, a);
	pid = uc_recv(st[1], "P1", &uid, &gid);
	zt_check(pid == getpid() && uid == 0 && gid == 0,
		 "\"P1\" came from pid %d uid %u gid %u, not %d 0 0", pid, uid, gid, getpid());
	kill(a, SIGKILL);
	waitpid(a, NULL, 0);
	zt_pass();
}
