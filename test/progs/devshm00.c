// SPDX-License-Identifier: GPL-2.0
/*
 * devshm00: files a CT puts on its /dev and /dev/shm tmpfs mounts, which a restore mounts
 * afresh, so only the image carries them:
 *   - POSIX shm (shm_open()) of 3 pages and a bit, mapped MAP_SHARED by the parent and its
 *     child (shared over fork), mode 0640, owner 1234:567, a set mtime;
 *   - one of 1 MiB with data at both ends and a hole between, open and not mapped;
 *   - one shm_unlink()ed but still mapped (a deleted file of /dev/shm);
 *   - a FIFO /dev/devshm00.fifo (mode 0620) holding 3000 bytes, its read end held by the
 *     parent and its write end by the child;
 *   - a regular file, a directory (mode 0710) with a file in it, and a symlink in /dev,
 *     owners 1234:567 and set mtimes (a FIFO's mtime is not checked: writing its bytes
 *     back sets it).
 * After each restore: the contents, modes, owners and mtimes are as they were, the hole
 * is still a hole, the deleted one still has no name; a write through the parent's mapping
 * is seen by read() and by the child's mapping, and one through the child's by the parent;
 * the FIFO gives its 3000 bytes in order, then what the child writes after.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#define OWNER_UID	1234
#define OWNER_GID	567
#define MTIME		1600000000
#define SHM_A		"/devshm00.a"
#define SHM_H		"/devshm00.h"
#define SHM_U		"/devshm00.u"
#define A_SIZE		(3 * 4096 + 100)
#define H_SIZE		(1 << 20)
#define H_RUN		4096
#define U_SIZE		8192
#define FIFO		"/dev/devshm00.fifo"
#define FIFO_BYTES	3000
#define REG		"/dev/devshm00.reg"
#define DIR_		"/dev/devshm00.d"
#define DIR_FILE	"/dev/devshm00.d/f"
#define LINK		"/dev/devshm00.ln"
#define REG_DATA	"a file of the CT's /dev\n"
#define DIR_DATA	"a file in a directory of /dev\n"

static char want_a[A_SIZE], want_h[H_RUN], want_u[U_SIZE], want_fifo[FIFO_BYTES];

static void pattern(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 29 + seed);
}

static void cleanup(void)
{
	shm_unlink(SHM_A);
	shm_unlink(SHM_H);
	shm_unlink(SHM_U);
	unlink(FIFO);
	unlink(REG);
	unlink(DIR_FILE);
	rmdir(DIR_);
	unlink(LINK);
}

static void set_attrs(const char *path, mode_t mode, int flags)
{
	struct timespec ts[2] = { { MTIME, 0 }, { MTIME, 0 } };

	if (mode)
		zt_syscall(chmod(path, mode));
	zt_syscall(fchownat(AT_FDCWD, path, OWNER_UID, OWNER_GID, flags));
	zt_syscall(utimensat(AT_FDCWD, path, ts, flags));
}

/* The node at @path: its type and mode, owner and mtime as they were set. */
static void check_node(const char *path, mode_t mode)
{
	struct stat st;

	zt_check(!lstat(path, &st), "%s: %s", path, strerror(errno));
	zt_check((st.st_mode & S_IFMT) == (mode & S_IFMT), "%s: type %o, not %o", path,
		 st.st_mode & S_IFMT, mode & S_IFMT);
	if (!S_ISLNK(mode))
		zt_check((st.st_mode & 07777) == (mode & 07777), "%s: mode %o, not %o", path,
			 st.st_mode & 07777, mode & 07777);
	zt_check(st.st_uid == OWNER_UID && st.st_gid == OWNER_GID, "%s: owner %u:%u", path,
		 st.st_uid, st.st_gid);
	/* A FIFO's is when bytes were last written into it, the restore's own included. */
	zt_check(S_ISFIFO(mode) || (st.st_mtim.tv_sec == MTIME && st.st_mtim.tv_nsec == 0),
		 "%s: mtime %lld.%09ld", path, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
}

static void check_contents(const char *path, const char *want, size_t len)
{
	char got[128];
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY);
	zt_check(fd >= 0, "open %s: %s", path, strerror(errno));
	n = read(fd, got, sizeof(got));
	zt_check(n == (ssize_t)len && !memcmp(got, want, len), "%s holds %zd other bytes", path,
		 n);
	close(fd);
}

static void make_dev_files(void)
{
	int fd;

	fd = zt_syscall(open(REG, O_WRONLY | O_CREAT | O_EXCL, 0600));
	zt_check(write(fd, REG_DATA, strlen(REG_DATA)) == (ssize_t)strlen(REG_DATA),
		 "write %s", REG);
	close(fd);
	set_attrs(REG, 0604, 0);
	zt_syscall(mkdir(DIR_, 0700));
	fd = zt_syscall(open(DIR_FILE, O_WRONLY | O_CREAT | O_EXCL, 0600));
	zt_check(write(fd, DIR_DATA, strlen(DIR_DATA)) == (ssize_t)strlen(DIR_DATA),
		 "write %s", DIR_FILE);
	close(fd);
	set_attrs(DIR_FILE, 0660, 0);
	/* After its file: making one changes a directory's mtime. */
	set_attrs(DIR_, 0710, 0);
	zt_syscall(symlink("devshm00.reg", LINK));
	set_attrs(LINK, 0, AT_SYMLINK_NOFOLLOW);
}

static void check_dev_files(void)
{
	char target[64];
	ssize_t n;

	check_node(REG, S_IFREG | 0604);
	check_contents(REG, REG_DATA, strlen(REG_DATA));
	check_node(DIR_, S_IFDIR | 0710);
	check_node(DIR_FILE, S_IFREG | 0660);
	check_contents(DIR_FILE, DIR_DATA, strlen(DIR_DATA));
	check_node(LINK, S_IFLNK);
	n = readlink(LINK, target, sizeof(target));
	zt_check(n == 12 && !memcmp(target, "devshm00.reg", 12), "%s points elsewhere", LINK);
	check_node(FIFO, S_IFIFO | 0620);
}

/* The shm file with a hole: its data at both ends, nothing between. */
static void check_holes(int fd, int holes)
{
	static char got[H_RUN];
	static const char zero[H_RUN];
	struct stat st;
	off_t hole;

	zt_syscall(fstat(fd, &st));
	zt_check(st.st_size == H_SIZE && (st.st_mode & 07777) == 0600, "%s: size %lld mode %o",
		 SHM_H, (long long)st.st_size, st.st_mode & 07777);
	zt_check(st.st_mtim.tv_sec == MTIME, "%s: mtime %lld", SHM_H, (long long)st.st_mtim.tv_sec);
	zt_check(pread(fd, got, H_RUN, 0) == H_RUN && !memcmp(got, want_h, H_RUN),
		 "%s: its head differs", SHM_H);
	zt_check(pread(fd, got, H_RUN, H_SIZE / 2) == H_RUN && !memcmp(got, zero, H_RUN),
		 "%s: its hole holds data", SHM_H);
	zt_check(pread(fd, got, H_RUN, H_SIZE - H_RUN) == H_RUN && !memcmp(got, want_h, H_RUN),
		 "%s: its tail differs", SHM_H);
	if (holes) {
		hole = lseek(fd, 0, SEEK_HOLE);
		zt_check(hole >= H_RUN && hole < H_SIZE - H_RUN, "%s: the hole is gone (first at %lld)",
			 SHM_H, (long long)hole);
	}
}

int main(int argc, char **argv)
{
	int afd, hfd, ufd, rfd, wfd, sync[2], holes;
	struct timespec ts[2] = { { MTIME, 0 }, { MTIME, 0 } };
	char *a, *u, c, got[FIFO_BYTES];
	struct stat st;
	pid_t child;
	ssize_t n;

	zt_init(argc, argv);
	pattern(want_a, A_SIZE, 1);
	pattern(want_h, H_RUN, 2);
	pattern(want_u, U_SIZE, 3);
	pattern(want_fifo, FIFO_BYTES, 4);
	/* What an earlier round left on the CT's /dev. */
	cleanup();

	afd = zt_syscall(shm_open(SHM_A, O_RDWR | O_CREAT | O_EXCL, 0600));
	zt_syscall(ftruncate(afd, A_SIZE));
	a = mmap(NULL, A_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, afd, 0);
	zt_check(a != MAP_FAILED, "mmap %s: %s", SHM_A, strerror(errno));
	memcpy(a, want_a, A_SIZE);
	zt_syscall(fchmod(afd, 0640));
	zt_syscall(fchown(afd, OWNER_UID, OWNER_GID));
	zt_syscall(futimens(afd, ts));

	hfd = zt_syscall(shm_open(SHM_H, O_RDWR | O_CREAT | O_EXCL, 0600));
	zt_check(pwrite(hfd, want_h, H_RUN, 0) == H_RUN, "write %s", SHM_H);
	zt_check(pwrite(hfd, want_h, H_RUN, H_SIZE - H_RUN) == H_RUN, "write %s", SHM_H);
	zt_syscall(futimens(hfd, ts));
	holes = lseek(hfd, 0, SEEK_HOLE) < H_SIZE;

	ufd = zt_syscall(shm_open(SHM_U, O_RDWR | O_CREAT | O_EXCL, 0600));
	zt_syscall(ftruncate(ufd, U_SIZE));
	u = mmap(NULL, U_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, ufd, 0);
	zt_check(u != MAP_FAILED, "mmap %s: %s", SHM_U, strerror(errno));
	memcpy(u, want_u, U_SIZE);
	close(ufd);
	zt_syscall(shm_unlink(SHM_U));

	make_dev_files();
	zt_syscall(mkfifo(FIFO, 0600));
	set_attrs(FIFO, 0620, 0);
	rfd = zt_syscall(open(FIFO, O_RDONLY | O_NONBLOCK));
	check_dev_files();
	check_holes(hfd, holes);

	zt_syscall(pipe(sync));
	child = zt_syscall(fork());
	if (!child) {
		close(rfd);
		close(sync[0]);
		wfd = zt_syscall(open(FIFO, O_WRONLY | O_NONBLOCK));
		zt_check(write(wfd, want_fifo, FIFO_BYTES) == FIFO_BYTES, "write the FIFO: %s",
			 strerror(errno));
		zt_check(write(sync[1], "r", 1) == 1, "write sync: %s", strerror(errno));
		zt_wait();
		/* The parent wrote 'P' at 100 before its SIGTERM; the child answers at 200. */
		zt_check(!memcmp(a, want_a, 100) && !memcmp(a + 101, want_a + 101, A_SIZE - 101),
			 "the child's mapping of %s differs", SHM_A);
		zt_check(a[100] == 'P', "the child does not see the parent's write (%#x)", a[100]);
		a[200] = 'C';
		zt_check(write(wfd, "more", 4) == 4, "the child cannot write the FIFO: %s",
			 strerror(errno));
		zt_check(write(sync[1], "w", 1) == 1, "write sync: %s", strerror(errno));
		exit(0);
	}
	close(sync[1]);
	zt_check(read(sync[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();

	check_dev_files();
	check_holes(hfd, holes);
	zt_syscall(fstat(afd, &st));
	zt_check(st.st_size == A_SIZE && (st.st_mode & 07777) == 0640 &&
		 st.st_uid == OWNER_UID && st.st_gid == OWNER_GID && st.st_mtim.tv_sec == MTIME,
		 "%s: size %lld mode %o owner %u:%u mtime %lld", SHM_A, (long long)st.st_size,
		 st.st_mode & 07777, st.st_uid, st.st_gid, (long long)st.st_mtim.tv_sec);
	zt_check(!memcmp(a, want_a, A_SIZE), "the mapping of %s differs", SHM_A);
	zt_check(!memcmp(u, want_u, U_SIZE), "the mapping of the deleted %s differs", SHM_U);
	zt_check(access("/dev/shm/devshm00.u", F_OK) < 0 && errno == ENOENT,
		 "the deleted %s has a name again", SHM_U);
	n = read(rfd, got, sizeof(got));
	zt_check(n == FIFO_BYTES && !memcmp(got, want_fifo, FIFO_BYTES),
		 "the FIFO gives %zd other bytes (%s)", n, n < 0 ? strerror(errno) : "");

	/* One file: a write through the mapping is read(), and the child sees it. */
	a[100] = 'P';
	zt_check(pread(afd, &c, 1, 100) == 1 && c == 'P', "read() does not see the mapping's write");
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(sync[0], &c, 1) == 1 && c == 'w', "the child did not answer");
	zt_check(a[200] == 'C', "the parent does not see the child's write");
	zt_check(pread(afd, &c, 1, 200) == 1 && c == 'C', "read() does not see the child's write");
	n = read(rfd, got, sizeof(got));
	zt_check(n == 4 && !memcmp(got, "more", 4), "the FIFO gives %zd bytes after", n);
	zt_reap(child, "the child");
	cleanup();
	zt_pass();
}
