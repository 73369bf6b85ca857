// SPDX-License-Identifier: GPL-2.0
/*
 * lock01: OFD locks (fcntl F_OFD_SETLK), owned by the open file: a write lock of bytes
 * 0-9 and a read lock from 100 to the end, taken through one open that is then dup()ed
 * and shared with a child over fork. After the restore another open of the same file,
 * in the same process, sees both with F_OFD_GETLK (type, range, pid -1) and cannot take
 * a conflicting lock; a process with no lock sees them with F_GETLK; the child's close
 * of its copy leaves them; the locks still work: released through the dup, the range
 * is free for the other open, and is taken again.
 */
#include "zdtm.h"

#include <fcntl.h>

#define FILE_NAME "lockfile"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

static void expect(int fd, int cmd, short type, off_t start, off_t len, short want, off_t ws,
		   off_t wl)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	zt_syscall(fcntl(fd, cmd, &fl));
	zt_check(fl.l_type == want, "GETLK %ld+%ld: type %d, not %d", (long)start, (long)len,
		 fl.l_type, want);
	if (want == F_UNLCK)
		return;
	zt_check(fl.l_start == ws && fl.l_len == wl && fl.l_pid == -1,
		 "GETLK %ld+%ld: a lock of %ld+%ld by %d, not %ld+%ld by -1", (long)start,
		 (long)len, (long)fl.l_start, (long)fl.l_len, fl.l_pid, (long)ws, (long)wl);
}

int main(int argc, char **argv)
{
	int fd, dfd, other, p[2];
	pid_t child, c;
	char ch;

	zt_init(argc, argv);
	fd = zt_syscall(open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644));
	zt_syscall(ftruncate(fd, 4096));
	zt_syscall(lk(fd, F_OFD_SETLK, F_WRLCK, 0, 10));
	zt_syscall(lk(fd, F_OFD_SETLK, F_RDLCK, 100, 0));
	dfd = zt_syscall(dup(fd));
	zt_syscall(pipe(p));
	child = zt_syscall(fork());
	if (!child) {
		zt_check(write(p[1], "c", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		/* The lock is the open file's, not this process's: closing a copy keeps it. */
		close(fd);
		close(dfd);
		exit(0);
	}
	zt_check(read(p[0], &ch, 1) == 1, "read: %s", strerror(errno));
	other = zt_syscall(open(FILE_NAME, O_RDWR));
	zt_ready();
	zt_wait();

	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	expect(other, F_OFD_GETLK, F_RDLCK, 5, 1, F_WRLCK, 0, 10);
	expect(other, F_OFD_GETLK, F_WRLCK, 200, 5, F_RDLCK, 100, 0);
	expect(other, F_OFD_GETLK, F_RDLCK, 200, 5, F_UNLCK, 0, 0);
	expect(other, F_OFD_GETLK, F_WRLCK, 10, 90, F_UNLCK, 0, 0);
	zt_check(lk(other, F_OFD_SETLK, F_WRLCK, 9, 1) < 0 && errno == EAGAIN,
		 "a write lock of byte 9 was granted to another open");
	zt_check(lk(other, F_OFD_SETLK, F_WRLCK, 500, 1) < 0 && errno == EAGAIN,
		 "a write lock of byte 500 was granted over the read lock");
	c = zt_syscall(fork());
	if (!c) {
		int fc = zt_syscall(open(FILE_NAME, O_RDWR));

		expect(fc, F_GETLK, F_WRLCK, 0, 1, F_WRLCK, 0, 10);
		exit(0);
	}
	zt_reap(c, "the checker");
	/* Released through the dup, which is the same open file. */
	zt_syscall(lk(dfd, F_OFD_SETLK, F_UNLCK, 0, 10));
	zt_syscall(lk(other, F_OFD_SETLK, F_WRLCK, 0, 10));
	zt_check(lk(fd, F_OFD_SETLK, F_WRLCK, 0, 10) < 0 && errno == EAGAIN,
		 "the first open took 0-9 over the other's lock");
	zt_syscall(lk(other, F_OFD_SETLK, F_UNLCK, 0, 10));
	zt_syscall(lk(fd, F_OFD_SETLK, F_WRLCK, 0, 10));
	expect(other, F_OFD_GETLK, F_RDLCK, 0, 1, F_WRLCK, 0, 10);
	zt_pass();
}
