// SPDX-License-Identifier: GPL-2.0
/*
 * opath00: O_PATH opens, which name a file without opening it for I/O. An O_PATH fd on a
 * regular file, one on a directory (with O_DIRECTORY and close-on-exec), and a plain fd of
 * the same file beside them. After the restore each O_PATH fd still is one (F_GETFL says
 * O_PATH, read() gives EBADF), names the same inode (fstat against stat of the path) and
 * the same path (/proc/self/fd), the directory's serves openat() of a file in it, and the
 * file's can be reopened for reading through /proc/self/fd.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/stat.h>

static void same(int fd, const char *path)
{
	struct stat a, b;
	char link[64], target[512], want[512];
	ssize_t n;

	zt_syscall(fstat(fd, &a));
	zt_syscall(stat(path, &b));
	zt_check(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "fd %d is not %s", fd, path);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	zt_check(n > 0, "readlink %s: %s", link, strerror(errno));
	target[n] = 0;
	zt_check(getcwd(want, sizeof(want) - 64), "getcwd: %s", strerror(errno));
	strcat(want, "/");
	strcat(want, path);
	zt_check(!strcmp(target, want), "fd %d names %s, not %s", fd, target, want);
}

int main(int argc, char **argv)
{
	int file, dir, plain, fl, fd;
	char buf[16], link[64];

	zt_init(argc, argv);
	zt_syscall(mkdir("d", 0755));
	fd = zt_syscall(open("d/inner", O_CREAT | O_WRONLY, 0644));
	zt_check(write(fd, "inner", 5) == 5, "write: %s", strerror(errno));
	close(fd);
	fd = zt_syscall(open("f", O_CREAT | O_WRONLY, 0644));
	zt_check(write(fd, "opath", 5) == 5, "write: %s", strerror(errno));
	close(fd);
	file = zt_syscall(open("f", O_PATH));
	dir = zt_syscall(open("d", O_PATH | O_DIRECTORY | O_CLOEXEC));
	plain = zt_syscall(open("f", O_RDONLY));
	zt_ready();
	zt_wait();
	fl = (int)zt_syscall(fcntl(file, F_GETFL));
	zt_check(fl & O_PATH, "the file's fd is no longer O_PATH (%#x)", fl);
	fl = (int)zt_syscall(fcntl(dir, F_GETFL));
	zt_check((fl & (O_PATH | O_DIRECTORY)) == (O_PATH | O_DIRECTORY),
		 "the directory's fd has flags %#x", fl);
	zt_check(fcntl(dir, F_GETFD) == FD_CLOEXEC, "the directory's fd lost close-on-exec");
	zt_check(fcntl(file, F_GETFD) == 0, "the file's fd is close-on-exec");
	zt_check(read(file, buf, 1) < 0 && errno == EBADF, "read on the O_PATH fd does not fail");
	zt_check(!(fcntl(plain, F_GETFL) & O_PATH), "the plain fd became O_PATH");
	zt_check(read(plain, buf, 5) == 5 && !memcmp(buf, "opath", 5), "the plain fd reads wrong");
	same(file, "f");
	same(dir, "d");
	fd = zt_syscall(openat(dir, "inner", O_RDONLY));
	zt_check(read(fd, buf, 5) == 5 && !memcmp(buf, "inner", 5), "d/inner reads wrong");
	close(fd);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", file);
	fd = zt_syscall(open(link, O_RDONLY));
	zt_check(read(fd, buf, 5) == 5 && !memcmp(buf, "opath", 5), "the reopened file reads wrong");
	zt_pass();
}
