// SPDX-License-Identifier: GPL-2.0
/*
 * devnull00: opens of the memory character devices and a private mapping of /dev/zero.
 * /dev/null read-write, /dev/zero read-only, /dev/full write-only, /dev/urandom and
 * /dev/random non-blocking; /dev/zero mapped private, 8 pages, 3 of them written. After the
 * restore each fd is the same device (rdev, /proc/self/fd) with its access mode and flags,
 * and acts as that device: null swallows writes and reads end of file, zero reads zeros,
 * full refuses writes with ENOSPC, urandom and random give bytes (not all zero); the
 * mapping keeps its written pages and reads zeros elsewhere.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#define PG	4096UL

static const struct dev {
	const char *path;
	int flags;
	unsigned int minor;
} devs[] = {
	{ "/dev/null", O_RDWR, 3 },
	{ "/dev/zero", O_RDONLY, 5 },
	{ "/dev/full", O_WRONLY, 7 },
	{ "/dev/urandom", O_RDONLY | O_NONBLOCK, 9 },
	{ "/dev/random", O_RDONLY | O_NONBLOCK, 8 },
};
#define NR	((int)(sizeof(devs) / sizeof(devs[0])))

static void check_dev(int fd, const struct dev *d)
{
	char link[64], target[64];
	struct stat st;
	ssize_t n;
	int fl;

	zt_syscall(fstat(fd, &st));
	zt_check(S_ISCHR(st.st_mode) && major(st.st_rdev) == 1 && minor(st.st_rdev) == d->minor,
		 "fd %d is %u:%u, not %s", fd, major(st.st_rdev), minor(st.st_rdev), d->path);
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	zt_check(n > 0, "readlink: %s", strerror(errno));
	target[n] = 0;
	zt_check(!strcmp(target, d->path), "fd %d names %s, not %s", fd, target, d->path);
	fl = (int)zt_syscall(fcntl(fd, F_GETFL));
	zt_check((fl & (O_ACCMODE | O_NONBLOCK)) == d->flags, "%s has flags %#x, not %#x", d->path,
		 fl & (O_ACCMODE | O_NONBLOCK), d->flags);
}

static int any(const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (buf[i])
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	char buf[256], *m;
	int fd[NR], z, i;
	size_t j;

	zt_init(argc, argv);
	for (i = 0; i < NR; i++)
		fd[i] = zt_syscall(open(devs[i].path, devs[i].flags));
	z = zt_syscall(open("/dev/zero", O_RDWR));
	m = mmap(NULL, 8 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, z, 0);
	zt_check(m != MAP_FAILED, "mmap /dev/zero: %s", strerror(errno));
	close(z);
	memset(m, 'z', PG);
	memset(m + 3 * PG, 'y', PG);
	memset(m + 7 * PG, 'x', PG);
	zt_ready();
	zt_wait();
	for (i = 0; i < NR; i++)
		check_dev(fd[i], &devs[i]);
	zt_check(write(fd[0], "gone", 4) == 4, "/dev/null refuses a write: %s", strerror(errno));
	zt_check(read(fd[0], buf, sizeof(buf)) == 0, "/dev/null does not read end of file");
	memset(buf, 1, sizeof(buf));
	zt_check(read(fd[1], buf, sizeof(buf)) == sizeof(buf) && !any(buf, sizeof(buf)),
		 "/dev/zero does not read zeros");
	zt_check(write(fd[2], "x", 1) < 0 && errno == ENOSPC, "/dev/full takes a write");
	zt_check(read(fd[3], buf, sizeof(buf)) == sizeof(buf) && any(buf, sizeof(buf)),
		 "/dev/urandom gives no bytes");
	zt_check(read(fd[4], buf, 64) == 64 && any(buf, 64), "/dev/random gives no bytes");
	for (j = 0; j < 8 * PG; j++) {
		char want = j / PG == 0 ? 'z' : j / PG == 3 ? 'y' : j / PG == 7 ? 'x' : 0;

		zt_check(m[j] == want, "the /dev/zero mapping's byte %zu is %#x", j, m[j]);
	}
	zt_pass();
}
