// SPDX-License-Identifier: GPL-2.0
/*
 * fdtable00: an fd table's numbers, flags and sharing. A file opened at fd 1000 and at
 * 7 by dup2 (one open file: one position, moved by either), fd 9 the same file opened
 * again (a position of its own), O_APPEND at fd 11, O_RDONLY at fd 12 with a position,
 * close-on-exec on 7 and 12 only, a directory at fd 13 read part way, and a gap at 8.
 * Checks each number, flag and position, that 1000 and 7 still share their position
 * and that 9 does not, and that the directory continues where it stopped.
 */
#include "zdtm.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>

static off_t pos(int fd)
{
	return lseek(fd, 0, SEEK_CUR);
}

static void check_fd(int fd, int flags, int cloexec, off_t at)
{
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

	zt_check(fl >= 0 && fdfl >= 0, "fd %d is not open", fd);
	zt_check((fl & (O_ACCMODE | O_APPEND)) == flags, "fd %d has flags %#o, not %#o", fd,
		 fl & (O_ACCMODE | O_APPEND), flags);
	zt_check(!!(fdfl & FD_CLOEXEC) == cloexec, "fd %d's close-on-exec is %d", fd,
		 !!(fdfl & FD_CLOEXEC));
	zt_check(pos(fd) == at, "fd %d is at %lld, not %lld", fd, (long long)pos(fd),
		 (long long)at);
}

/* The names one getdents64 of @bufsize bytes reads from directory fd @fd, appended to @out. */
static long names_from(int fd, char *out, size_t len, size_t bufsize)
{
	char buf[4096];
	long n = syscall(SYS_getdents64, fd, buf, bufsize);
	long off = 0;

	zt_check(n >= 0, "getdents64: %s", strerror(errno));
	while (off < n) {
		struct { unsigned long long ino; long long off; unsigned short reclen;
			 unsigned char type; char name[]; } *de = (void *)(buf + off);

		if (strlen(out) + strlen(de->name) + 2 < len) {
			strcat(out, de->name);
			strcat(out, " ");
		}
		off += de->reclen;
	}
	return n;
}

int main(int argc, char **argv)
{
	char before[8192] = "", after[8192] = "", want[8192] = "", name[32];
	int fd, i, dir;

	zt_init(argc, argv);
	fd = zt_syscall(open("data", O_RDWR | O_CREAT | O_TRUNC, 0600));
	zt_check(write(fd, "0123456789abcdefghij", 20) == 20, "write: %s", strerror(errno));
	zt_syscall(dup2(fd, 1000));
	zt_syscall(dup2(fd, 7));
	close(fd);
	zt_syscall(fcntl(7, F_SETFD, FD_CLOEXEC));
	zt_syscall(lseek(1000, 5, SEEK_SET));
	zt_syscall(dup2(zt_syscall(open("data", O_RDWR)), 9));
	zt_syscall(lseek(9, 3, SEEK_SET));
	zt_syscall(dup2(zt_syscall(open("data", O_WRONLY | O_APPEND)), 11));
	zt_syscall(dup3(zt_syscall(open("data", O_RDONLY)), 12, O_CLOEXEC));
	zt_syscall(lseek(12, 17, SEEK_SET));
	zt_syscall(mkdir("d", 0700));
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "d/entry-%03d", i);
		close(zt_syscall(open(name, O_CREAT | O_WRONLY, 0600)));
	}
	dir = zt_syscall(open("d", O_RDONLY | O_DIRECTORY));
	zt_syscall(dup2(dir, 13));
	close(dir);
	/* The whole listing from a second fd, then the first part from fd 13. */
	dir = zt_syscall(open("d", O_RDONLY | O_DIRECTORY));
	while (names_from(dir, want, sizeof(want), 4096) > 0)
		;
	close(dir);
	names_from(13, before, sizeof(before), 1024);
	zt_check(fcntl(8, F_GETFD) < 0, "fd 8 is open");
	zt_ready();
	zt_wait();

	check_fd(1000, O_RDWR, 0, 5);
	check_fd(7, O_RDWR, 1, 5);
	check_fd(9, O_RDWR, 0, 3);
	check_fd(11, O_WRONLY | O_APPEND, 0, 0);
	check_fd(12, O_RDONLY, 1, 17);
	zt_check(fcntl(8, F_GETFD) < 0, "fd 8 is open after the restore");
	zt_syscall(lseek(7, 11, SEEK_SET));
	zt_check(pos(1000) == 11, "fds 7 and 1000 no longer share their position");
	zt_check(pos(9) == 3, "fd 9 moved with fd 7");
	zt_check(write(11, "K", 1) == 1, "append: %s", strerror(errno));
	zt_check(lseek(9, 0, SEEK_END) == 21, "O_APPEND did not write at the end");
	names_from(13, after, sizeof(after), 1024);
	zt_check(after[0] && !strncmp(want, before, strlen(before)) &&
		 !strncmp(want + strlen(before), after, strlen(after)),
		 "the directory listing did not go on where it stopped");
	zt_pass();
}
