// SPDX-License-Identifier: GPL-2.0
/*
 * lock00: POSIX record locks (fcntl F_SETLK) held by several processes on one file:
 * the parent a write lock of bytes 0-99 and a read lock of 200-299, a child (through
 * an open of its own) a read lock of 200-299 too and a write lock from 1000 to the
 * end, and a second child asleep in F_SETLKW for bytes 50-59. After the restore a
 * process that owns none sees each lock with F_GETLK (type, range, owner pid), cannot
 * take a conflicting one, and the locks still work: the parent releases 0-99, the
 * sleeper gets its bytes, the range is free for another, and the parent takes it again.
 */
#include "zdtm.h"

#include <fcntl.h>

#define FILE_NAME "lockfile"

static int lk(int fd, int cmd, short type, off_t start, off_t len)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	return fcntl(fd, cmd, &fl);
}

/* F_GETLK for @type over @start/@len: expect a lock @want of range @ws/@wl by @pid. */
static void expect(int fd, short type, off_t start, off_t len, short want, off_t ws, off_t wl,
		   pid_t pid)
{
	struct flock fl = { .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };

	zt_syscall(fcntl(fd, F_GETLK, &fl));
	zt_check(fl.l_type == want, "F_GETLK %ld+%ld: type %d, not %d", (long)start, (long)len,
		 fl.l_type, want);
	if (want == F_UNLCK)
		return;
	zt_check(fl.l_start == ws && fl.l_len == wl && (!pid || fl.l_pid == pid),
		 "F_GETLK %ld+%ld: a lock of %ld+%ld by %d, not %ld+%ld by %d", (long)start,
		 (long)len, (long)fl.l_start, (long)fl.l_len, fl.l_pid, (long)ws, (long)wl, pid);
}

static void rd(int fd, char *c)
{
	while (read(fd, c, 1) != 1)
		zt_check(errno == EINTR, "read: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	int fd, p[2], w[2];
	pid_t me, a, b, c;
	char ch;

	zt_init(argc, argv);
	me = getpid();
	fd = zt_syscall(open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644));
	zt_syscall(ftruncate(fd, 4096));
	zt_syscall(lk(fd, F_SETLK, F_WRLCK, 0, 100));
	zt_syscall(lk(fd, F_SETLK, F_RDLCK, 200, 100));
	zt_syscall(pipe(p));
	zt_syscall(pipe(w));
	a = zt_syscall(fork());
	if (!a) {
		int fa = zt_syscall(open(FILE_NAME, O_RDWR));

		close(fd);
		zt_syscall(lk(fa, F_SETLK, F_RDLCK, 200, 100));
		zt_syscall(lk(fa, F_SETLK, F_WRLCK, 1000, 0));
		zt_check(write(p[1], "a", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		/* The parent's lock, seen from here: another owner. */
		expect(fa, F_WRLCK, 10, 1, F_WRLCK, 0, 100, me);
		zt_syscall(lk(fa, F_SETLK, F_UNLCK, 1000, 0));
		exit(0);
	}
	rd(p[0], &ch);
	b = zt_syscall(fork());
	if (!b) {
		zt_check(write(w[1], "w", 1) == 1, "write: %s", strerror(errno));
		/* Asleep here through the checkpoints, until the parent lets 0-99 go. */
		while (lk(fd, F_SETLKW, F_WRLCK, 50, 10) < 0)
			zt_check(errno == EINTR, "F_SETLKW: %s", strerror(errno));
		zt_check(write(w[1], "g", 1) == 1, "write: %s", strerror(errno));
		exit(0);
	}
	rd(w[0], &ch);
	usleep(300000);
	zt_ready();
	zt_wait();

	c = zt_syscall(fork());
	if (!c) {
		int fc = zt_syscall(open(FILE_NAME, O_RDWR));

		expect(fc, F_WRLCK, 10, 1, F_WRLCK, 0, 100, me);
		expect(fc, F_RDLCK, 99, 2, F_WRLCK, 0, 100, me);
		expect(fc, F_WRLCK, 250, 1, F_RDLCK, 200, 100, 0);
		expect(fc, F_RDLCK, 250, 1, F_UNLCK, 0, 0, 0);
		expect(fc, F_RDLCK, 5000, 1, F_WRLCK, 1000, 0, a);
		expect(fc, F_WRLCK, 100, 100, F_UNLCK, 0, 0, 0);
		zt_check(lk(fc, F_SETLK, F_WRLCK, 0, 1) < 0 && (errno == EAGAIN || errno == EACCES),
			 "a write lock of byte 0 was granted over the parent's");
		zt_check(lk(fc, F_SETLK, F_RDLCK, 1500, 1) < 0,
			 "a read lock of byte 1500 was granted over the child's write lock");
		exit(0);
	}
	zt_reap(c, "the checker");
	/* Let bytes 0-99 go: the sleeper gets 50-59, then exits and frees them. */
	zt_syscall(lk(fd, F_SETLK, F_UNLCK, 0, 100));
	rd(w[0], &ch);
	zt_check(ch == 'g', "the sleeper says %c", ch);
	zt_reap(b, "the sleeper");
	c = zt_syscall(fork());
	if (!c) {
		int fc = zt_syscall(open(FILE_NAME, O_RDWR));

		zt_syscall(lk(fc, F_SETLK, F_WRLCK, 0, 100));
		exit(0);
	}
	zt_reap(c, "the taker of 0-99");
	zt_syscall(lk(fd, F_SETLK, F_WRLCK, 0, 100));
	zt_syscall(kill(a, SIGTERM));
	zt_reap(a, "the child");
	zt_pass();
}
