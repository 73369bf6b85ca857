// SPDX-License-Identifier: GPL-2.0
/*
 * ghost00: a deleted file open in two tasks, each with an open of its own at its own
 * position (the parent O_RDWR at 100, the child O_WRONLY|O_APPEND at 7), with a hole
 * of 1 MiB between its two runs of data, mode 0640, owner 1234:567 and a set mtime.
 * After the restore each task finds the file still deleted (nlink 0), its size,
 * mode, owner, mtime and every byte as they were, the hole still a hole where the
 * filesystem had one, its own position and flags, and a write of one task is seen by
 * the other (one file, two opens).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/stat.h>

#define HEAD	10000
#define GAP	(1 << 20)
#define TAIL	5000
#define SIZE	(HEAD + GAP + TAIL)
#define MTIME	1600000000

static char want_head[HEAD], want_tail[TAIL];

static void pattern(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 13 + seed);
}

static void pread_all(int fd, char *buf, size_t len, off_t off, const char *what)
{
	ssize_t n = pread(fd, buf, len, off);

	zt_check(n == (ssize_t)len, "pread %s: %zd of %zu (%s)", what, n, len, strerror(errno));
}

/* Everything one task can see of the file through @fd. */
static void check_file(int fd, const char *who, int holes)
{
	struct stat st;
	off_t hole, pos;

	zt_syscall(fstat(fd, &st));
	zt_check(st.st_nlink == 0, "%s: the file has %lu links, it was deleted", who,
		 (unsigned long)st.st_nlink);
	zt_check(S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640, "%s: mode %o", who,
		 st.st_mode);
	zt_check(st.st_uid == 1234 && st.st_gid == 567, "%s: owner %u:%u", who, st.st_uid,
		 st.st_gid);
	zt_check(st.st_size == SIZE, "%s: size %lld", who, (long long)st.st_size);
	zt_check(st.st_mtim.tv_sec == MTIME, "%s: mtime %lld", who, (long long)st.st_mtim.tv_sec);
	if (holes) {
		/* SEEK_HOLE moves the position: it is put back. */
		pos = zt_syscall(lseek(fd, 0, SEEK_CUR));
		hole = lseek(fd, 0, SEEK_HOLE);
		zt_check(hole >= HEAD && hole < HEAD + GAP, "%s: the hole is gone (first at %lld)",
			 who, (long long)hole);
		zt_syscall(lseek(fd, pos, SEEK_SET));
	}
}

static void check_data(int fd, const char *who)
{
	static char got[HEAD];
	static const char zero[HEAD];

	pread_all(fd, got, HEAD, 0, who);
	zt_check(!memcmp(got, want_head, HEAD), "%s: the first %d bytes differ", who, HEAD);
	pread_all(fd, got, HEAD, HEAD + GAP / 2, who);
	zt_check(!memcmp(got, zero, HEAD), "%s: the hole holds data", who);
	pread_all(fd, got, TAIL, HEAD + GAP, who);
	zt_check(!memcmp(got, want_tail, TAIL), "%s: the last %d bytes differ", who, TAIL);
}

int main(int argc, char **argv)
{
	int fd, cfd, sync[2], holes, pflags, cflags;
	struct timespec ts[2] = { { MTIME, 0 }, { MTIME, 0 } };
	char c;
	pid_t child;

	zt_init(argc, argv);
	pattern(want_head, HEAD, 1);
	pattern(want_tail, TAIL, 2);
	unlink("ghost00.tmp");
	fd = zt_syscall(open("ghost00.tmp", O_RDWR | O_CREAT | O_EXCL, 0600));
	cfd = zt_syscall(open("ghost00.tmp", O_WRONLY | O_APPEND));
	zt_check(pwrite(fd, want_head, HEAD, 0) == HEAD, "write head: %s", strerror(errno));
	zt_check(pwrite(fd, want_tail, TAIL, HEAD + GAP) == TAIL, "write tail: %s",
		 strerror(errno));
	zt_syscall(fchmod(fd, 0640));
	zt_syscall(fchown(fd, 1234, 567));
	zt_syscall(futimens(fd, ts));
	zt_syscall(unlink("ghost00.tmp"));
	zt_syscall(lseek(cfd, 7, SEEK_SET));
	/* Whether this filesystem keeps holes: then they must be kept. */
	holes = lseek(fd, 0, SEEK_HOLE) < SIZE;
	zt_syscall(lseek(fd, 100, SEEK_SET));
	check_file(fd, "before", holes);
	pflags = zt_syscall(fcntl(fd, F_GETFL));
	cflags = zt_syscall(fcntl(cfd, F_GETFL));
	zt_check((pflags & (O_ACCMODE | O_APPEND)) == O_RDWR &&
		 (cflags & (O_ACCMODE | O_APPEND)) == (O_WRONLY | O_APPEND),
		 "the flags are %#x and %#x before", pflags, cflags);
	zt_syscall(pipe(sync));
	child = zt_syscall(fork());
	if (!child) {
		close(fd);
		close(sync[0]);
		zt_check(write(sync[1], "r", 1) == 1, "write sync: %s", strerror(errno));
		zt_wait();
		check_file(cfd, "the child", holes);
		zt_check(lseek(cfd, 0, SEEK_CUR) == 7, "the child's position is %lld",
			 (long long)lseek(cfd, 0, SEEK_CUR));
		zt_check(fcntl(cfd, F_GETFL) == cflags, "the child's flags are %#x, not %#x",
			 fcntl(cfd, F_GETFL), cflags);
		zt_check(read(cfd, &c, 1) < 0 && errno == EBADF, "the child's fd reads");
		/* Appended: at the end whatever the position says. */
		zt_check(write(cfd, "Z", 1) == 1, "the child cannot write: %s", strerror(errno));
		zt_check(write(sync[1], "w", 1) == 1, "write sync: %s", strerror(errno));
		exit(0);
	}
	close(cfd);
	close(sync[1]);
	zt_check(read(sync[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	check_file(fd, "the parent", holes);
	check_data(fd, "the parent");
	zt_check(lseek(fd, 0, SEEK_CUR) == 100, "the parent's position is %lld",
		 (long long)lseek(fd, 0, SEEK_CUR));
	zt_check(fcntl(fd, F_GETFL) == pflags, "the parent's flags are %#x, not %#x",
		 fcntl(fd, F_GETFL), pflags);
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(sync[0], &c, 1) == 1 && c == 'w', "the child did not write");
	zt_check(pread(fd, &c, 1, SIZE) == 1 && c == 'Z',
		 "the child's append is not in the parent's file");
	zt_reap(child, "the child");
	zt_pass();
}
