// SPDX-License-Identifier: GPL-2.0
/*
 * memfd00: two memfds. "zt-plain" (no sealing allowed: F_SEAL_SEAL) of 3 pages and 100
 * bytes, at position 1234, mapped shared and shared with a child (fd and mapping).
 * "zt-sealed" (MFD_ALLOW_SEALING) of 2 pages, sealed F_SEAL_SHRINK|GROW|WRITE|SEAL,
 * mapped private read-only. After the restore each has its name (/proc/self/fd), size,
 * contents, seals, position and flags; the sealed one refuses writes, truncation and
 * more seals; a write of the child through the shared mapping is seen by the parent
 * in its mapping and through read().
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define PG		4096
#define PLAIN_SIZE	(3 * PG + 100)
#define SEALED_SIZE	(2 * PG)
#define SEALS		(F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL)

static void fill(char *p, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (char)(i * 11 + seed);
}

static int same(const char *p, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (char)(i * 11 + seed))
			return 0;
	return 1;
}

static void check_name(int fd, const char *want)
{
	char path[64], got[128];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, got, sizeof(got) - 1);
	zt_check(n > 0, "readlink %s: %s", path, strerror(errno));
	got[n] = 0;
	zt_check(!strcmp(got, want), "fd %d is %s, not %s", fd, got, want);
}

static void check_memfd(int fd, const char *name, off_t size, int seals, const char *who)
{
	struct stat st;

	zt_syscall(fstat(fd, &st));
	zt_check(S_ISREG(st.st_mode) && st.st_size == size, "%s: %s has mode %o, size %lld",
		 who, name, st.st_mode, (long long)st.st_size);
	zt_check(fcntl(fd, F_GET_SEALS) == seals, "%s: %s has seals %#x, not %#x", who, name,
		 fcntl(fd, F_GET_SEALS), seals);
}

int main(int argc, char **argv)
{
	static char buf[PLAIN_SIZE];
	int plain, sealed, sync[2], pflags, sflags;
	char *sh, *ro, c;
	pid_t child;

	zt_init(argc, argv);
	plain = zt_syscall(memfd_create("zt-plain", 0));
	sealed = zt_syscall(memfd_create("zt-sealed", MFD_ALLOW_SEALING));
	fill(buf, PLAIN_SIZE, 5);
	zt_check(write(plain, buf, PLAIN_SIZE) == PLAIN_SIZE, "write plain: %s", strerror(errno));
	fill(buf, SEALED_SIZE, 9);
	zt_check(write(sealed, buf, SEALED_SIZE) == SEALED_SIZE, "write sealed: %s",
		 strerror(errno));
	zt_syscall(fcntl(sealed, F_ADD_SEALS, SEALS));
	sh = mmap(NULL, 3 * PG, PROT_READ | PROT_WRITE, MAP_SHARED, plain, 0);
	zt_check(sh != MAP_FAILED, "mmap plain: %s", strerror(errno));
	ro = mmap(NULL, SEALED_SIZE, PROT_READ, MAP_PRIVATE, sealed, 0);
	zt_check(ro != MAP_FAILED, "mmap sealed: %s", strerror(errno));
	zt_syscall(lseek(plain, 1234, SEEK_SET));
	pflags = zt_syscall(fcntl(plain, F_GETFL));
	sflags = zt_syscall(fcntl(sealed, F_GETFL));
	check_memfd(plain, "zt-plain", PLAIN_SIZE, F_SEAL_SEAL, "before");
	check_memfd(sealed, "zt-sealed", SEALED_SIZE, SEALS, "before");
	zt_syscall(pipe(sync));
	child = zt_syscall(fork());
	if (!child) {
		close(sync[0]);
		zt_check(write(sync[1], "r", 1) == 1, "write sync: %s", strerror(errno));
		zt_wait();
		check_memfd(plain, "zt-plain", PLAIN_SIZE, F_SEAL_SEAL, "the child");
		zt_check(same(sh, PG, 5), "the child's shared mapping differs");
		fill(sh + PG, PG, 77);
		zt_check(write(sync[1], "w", 1) == 1, "write sync: %s", strerror(errno));
		exit(0);
	}
	close(sync[1]);
	zt_check(read(sync[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	check_name(plain, "/memfd:zt-plain (deleted)");
	check_name(sealed, "/memfd:zt-sealed (deleted)");
	check_memfd(plain, "zt-plain", PLAIN_SIZE, F_SEAL_SEAL, "the parent");
	check_memfd(sealed, "zt-sealed", SEALED_SIZE, SEALS, "the parent");
	zt_check(lseek(plain, 0, SEEK_CUR) == 1234, "zt-plain is at %lld",
		 (long long)lseek(plain, 0, SEEK_CUR));
	zt_check(fcntl(plain, F_GETFL) == pflags && fcntl(sealed, F_GETFL) == sflags,
		 "the flags are %#x and %#x, not %#x and %#x", fcntl(plain, F_GETFL),
		 fcntl(sealed, F_GETFL), pflags, sflags);
	zt_check(pread(plain, buf, PLAIN_SIZE, 0) == PLAIN_SIZE && same(buf, PLAIN_SIZE, 5),
		 "zt-plain's contents differ");
	zt_check(same(sh, 3 * PG, 5), "zt-plain's mapping differs");
	zt_check(pread(sealed, buf, SEALED_SIZE, 0) == SEALED_SIZE && same(buf, SEALED_SIZE, 9),
		 "zt-sealed's contents differ");
	zt_check(same(ro, SEALED_SIZE, 9), "zt-sealed's mapping differs");
	zt_check(pwrite(sealed, "x", 1, 0) < 0 && errno == EPERM, "zt-sealed takes a write");
	zt_check(ftruncate(sealed, PG) < 0 && errno == EPERM, "zt-sealed takes a truncate");
	zt_check(fcntl(plain, F_ADD_SEALS, F_SEAL_GROW) < 0 && errno == EPERM,
		 "zt-plain takes a seal");
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(sync[0], &c, 1) == 1 && c == 'w', "the child did not write");
	zt_check(same(sh + PG, PG, 77), "the child's write is not in the parent's mapping");
	zt_check(pread(plain, buf, PG, PG) == PG && same(buf, PG, 77),
		 "the child's write is not in zt-plain");
	zt_reap(child, "the child");
	zt_pass();
}
