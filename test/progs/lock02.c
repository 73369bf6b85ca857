// SPDX-License-Identifier: GPL-2.0
/*
 * lock02: flock() locks, owned by the open file: a shared lock taken before a fork (one
 * lock, held by parent and child through the same open), a second shared lock through
 * another open, and an exclusive lock a child takes on a second file. After the restore
 * a fresh open cannot take either exclusively (EWOULDBLOCK) and can share the first but
 * not the second; the locks still work: once the child lets its lock go the file is
 * free, and once both shared locks are gone the first file can be taken exclusively.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/file.h>

static void would_block(const char *name, int op, const char *what)
{
	int fd = zt_syscall(open(name, O_RDONLY));

	zt_check(flock(fd, op | LOCK_NB) < 0 && errno == EWOULDBLOCK,
		 "%s of %s was granted (%s)", what, name, strerror(errno));
	close(fd);
}

static void grants(const char *name, int op, const char *what)
{
	int fd = zt_syscall(open(name, O_RDONLY));

	zt_check(!flock(fd, op | LOCK_NB), "%s of %s: %s", what, name, strerror(errno));
	close(fd);
}

int main(int argc, char **argv)
{
	int fd, fdx, p[2], q[2];
	pid_t child;
	char ch;

	zt_init(argc, argv);
	fd = zt_syscall(open("shared", O_RDWR | O_CREAT | O_TRUNC, 0644));
	zt_syscall(close(zt_syscall(open("excl", O_RDWR | O_CREAT | O_TRUNC, 0644))));
	zt_syscall(flock(fd, LOCK_SH));
	fdx = zt_syscall(open("shared", O_RDONLY));
	zt_syscall(flock(fdx, LOCK_SH));
	zt_syscall(pipe(p));
	zt_syscall(pipe(q));
	child = zt_syscall(fork());
	if (!child) {
		int fe = zt_syscall(open("excl", O_RDWR));

		zt_syscall(flock(fe, LOCK_EX));
		zt_check(write(p[1], "c", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		zt_syscall(flock(fe, LOCK_UN));
		zt_check(write(q[1], "u", 1) == 1, "write: %s", strerror(errno));
		/* Its copy of the shared open goes with it: the lock stays the parent's. */
		exit(0);
	}
	zt_check(read(p[0], &ch, 1) == 1, "read: %s", strerror(errno));
	zt_ready();
	zt_wait();

	would_block("shared", LOCK_EX, "an exclusive lock");
	grants("shared", LOCK_SH, "a shared lock");
	would_block("excl", LOCK_EX, "an exclusive lock");
	would_block("excl", LOCK_SH, "a shared lock");
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(q[0], &ch, 1) == 1, "read: %s", strerror(errno));
	zt_reap(child, "the child");
	grants("excl", LOCK_EX, "an exclusive lock after the child's release");
	zt_syscall(flock(fd, LOCK_UN));
	would_block("shared", LOCK_EX, "an exclusive lock with one shared lock left");
	zt_syscall(flock(fdx, LOCK_UN));
	grants("shared", LOCK_EX, "an exclusive lock once both are gone");
	zt_syscall(flock(fd, LOCK_EX | LOCK_NB));
	zt_pass();
}
