// SPDX-License-Identifier: GPL-2.0
/*
 * mount00: mounts the CT's root made itself, which only the image carries. Under
 * B = ./mount00.PID (on the CT's disk, in the program's own directory, which the catalog
 * keeps as it was at a snapshot's dump):
 *   - B/t: a tmpfs, "size=2m,nr_inodes=200,mode=0750,uid=1234,gid=567", nosuid and
 *     noexec, holding a directory d (0710) with a file d/f of 100 KiB of a pattern, a
 *     1 MiB file with data at both ends and a hole between, a symlink ln -> d/f and a
 *     FIFO holding 1000 bytes (both ends held); owners 1234:567 and set mtimes, its
 *     root chmod'ed to 0751 and given an mtime of its own last;
 *   - B/t/inner: a tmpfs on a directory of the first, with a file, remounted read-only
 *     (its superblock);
 *   - B/b: B/src bound, the bind made read-only and nodev;
 *   - B/fmnt: the single file B/src/file2 bound onto an empty file;
 *   - held: an fd on d/f at offset 12345, the 1 MiB file open and mapped MAP_SHARED.
 * After each restore: /proc/self/mountinfo shows the four mounts with their types,
 * roots and options, statfs the tmpfs's size and inode limit; the contents, modes,
 * owners and mtimes are as they were, the hole still a hole, the FIFO gives its 1000
 * bytes in order; writes fail with EROFS in inner and B/b (not in B/src), B/fmnt reads
 * as B/src/file2; the fd is at 12345 and reads the pattern there; a write through the
 * mapping is seen by a fresh open's pread and a pwrite through the fd by the mapping.
 * Then everything is unmounted and removed.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/sysmacros.h>

#define OWNER_UID	1234
#define OWNER_GID	567
#define MTIME		1600000000
#define ROOT_MTIME	1600000100
#define T_OPTS		"size=2m,nr_inodes=200,mode=0750,uid=1234,gid=567"
#define T_SIZE		(2 << 20)
#define T_INODES	200
#define F_SIZE		(100 * 1024)
#define F_OFF		12345
#define H_SIZE		(1 << 20)
#define H_RUN		4096
#define FIFO_BYTES	1000
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define INNER_DATA	"a file on the inner tmpfs\n"
#define SRC_DATA	"a file of the disk, seen through the bind\n"
#define SRC2_DATA	"a single file, bound onto another\n"

enum { T, INNER, D, F, H, LN, FIFO, IFILE, SRC, SFILE, SFILE2, B, FMNT, NPATHS };
static const char *const rel[NPATHS] = {
	"t", "t/inner", "t/d", "t/d/f", "t/sparse", "t/ln", "t/fifo", "t/inner/file",
	"src", "src/file", "src/file2", "b", "fmnt",
};

static char cwd[256], base[320], path[NPATHS][384];
static char want_f[F_SIZE], want_h[H_RUN], want_fifo[FIFO_BYTES];

/* One line of /proc/self/mountinfo. */
struct mnt {
	unsigned int maj, min;
	char root[256], point[256], opts[256], type[64], super[256];
};

static void pattern(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 31 + seed);
}

/* Without @strict, what a killed round of the same PID left (a CT started afresh). */
static void cleanup(int strict)
{
	static const int mounts[] = { INNER, T, B, FMNT };
	static const int files[] = { SFILE, SFILE2, FMNT, SRC, B, T };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(mounts); i++)
		if (umount2(path[mounts[i]], strict ? 0 : MNT_DETACH) < 0 && strict)
			zt_fail("umount %s: %s", path[mounts[i]], strerror(errno));
	for (i = 0; i < ARRAY_SIZE(files); i++) {
		int dir = files[i] == SRC || files[i] == B || files[i] == T;

		if ((dir ? rmdir(path[files[i]]) : unlink(path[files[i]])) < 0 && strict)
			zt_fail("remove %s: %s", path[files[i]], strerror(errno));
	}
	if (rmdir(base) < 0 && strict)
		zt_fail("rmdir %s: %s", base, strerror(errno));
}

static void set_attrs(const char *p, mode_t mode, time_t mtime)
{
	struct timespec ts[2] = { { mtime, 0 }, { mtime, 0 } };

	if (mode)
		zt_syscall(fchmodat(AT_FDCWD, p, mode, 0));
	zt_syscall(fchownat(AT_FDCWD, p, OWNER_UID, OWNER_GID, AT_SYMLINK_NOFOLLOW));
	if (mtime)
		zt_syscall(utimensat(AT_FDCWD, p, ts, AT_SYMLINK_NOFOLLOW));
}

static void write_file(const char *p, const char *data, size_t len)
{
	int fd = zt_syscall(open(p, O_WRONLY | O_CREAT | O_EXCL, 0644));

	zt_check(write(fd, data, len) == (ssize_t)len, "write %s: %s", p, strerror(errno));
	zt_syscall(close(fd));
}

/* The node at @p: its type and mode, owner and (unless 0) mtime as they were set. */
static void check_node(const char *p, mode_t mode, time_t mtime)
{
	struct stat st;

	zt_check(!lstat(p, &st), "%s: %s", p, strerror(errno));
	zt_check((st.st_mode & S_IFMT) == (mode & S_IFMT), "%s: type %o, not %o", p,
		 st.st_mode & S_IFMT, mode & S_IFMT);
	zt_check(S_ISLNK(mode) || (st.st_mode & 07777) == (mode & 07777), "%s: mode %o, not %o",
		 p, st.st_mode & 07777, mode & 07777);
	zt_check(st.st_uid == OWNER_UID && st.st_gid == OWNER_GID, "%s: owner %u:%u", p,
		 st.st_uid, st.st_gid);
	zt_check(!mtime || (st.st_mtim.tv_sec == mtime && st.st_mtim.tv_nsec == 0),
		 "%s: mtime %lld.%09ld, not %lld", p, (long long)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec, (long long)mtime);
}

static void check_contents(const char *p, const char *want, size_t len)
{
	static char got[F_SIZE + 1];
	ssize_t n;
	int fd;

	fd = open(p, O_RDONLY);
	zt_check(fd >= 0, "open %s: %s", p, strerror(errno));
	n = read(fd, got, sizeof(got));
	zt_check(n == (ssize_t)len && !memcmp(got, want, len), "%s holds %zd other bytes", p, n);
	close(fd);
}

/* A write into the read-only mount at @dir, by a new file and into @file, fails EROFS. */
static void check_erofs(const char *dir, const char *file)
{
	char p[448];
	int fd;

	snprintf(p, sizeof(p), "%s/new", dir);
	fd = open(p, O_WRONLY | O_CREAT | O_EXCL, 0644);
	zt_check(fd < 0 && errno == EROFS, "creating %s: %s, not EROFS", p,
		 fd < 0 ? strerror(errno) : "done");
	fd = open(file, O_WRONLY | O_APPEND);
	zt_check(fd < 0 && errno == EROFS, "writing %s: %s, not EROFS", file,
		 fd < 0 ? strerror(errno) : "opened");
}

/* Whether the comma-separated @list holds @opt. */
static int has_opt(const char *list, const char *opt)
{
	size_t len = strlen(opt);
	const char *s;

	for (s = list; s; s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL)
		if (!strncmp(s, opt, len) && (s[len] == ',' || !s[len]))
			return 1;
	return 0;
}

/* Whether @s ends with @suffix: a bind's root is its path in the whole filesystem. */
static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), len = strlen(suffix);

	return n >= len && !strcmp(s + n - len, suffix);
}

/* The topmost mount at @point (absolute), else the topmost holding it with @holding. */
static int find_mnt(const char *point, int holding, struct mnt *m)
{
	char *line = NULL, *dash;
	size_t best = 0, size = 0, len;
	struct mnt cur;
	int found = 0;
	FILE *f;

	f = fopen("/proc/self/mountinfo", "r");
	zt_check(f, "open /proc/self/mountinfo: %s", strerror(errno));
	while (getline(&line, &size, f) > 0) {
		dash = strstr(line, " - ");
		if (!dash || sscanf(line, "%*d %*d %u:%u %255s %255s %255s", &cur.maj, &cur.min,
				    cur.root, cur.point, cur.opts) != 5 ||
		    sscanf(dash + 3, "%63s %*s %255s", cur.type, cur.super) != 2)
			continue;
		len = strlen(cur.point);
		if (!holding ? !strcmp(cur.point, point) :
		    (len == 1 || (!strncmp(cur.point, point, len) && point[len] == '/')) &&
		    len >= best) {
			best = len;
			*m = cur;
			found = 1;
		}
	}
	free(line);
	fclose(f);
	return found;
}

/* The id @id of this namespace (a CT's may be a user namespace) as mountinfo shows it. */
static unsigned int outer_id(const char *map, unsigned int id)
{
	unsigned int in, out, count;
	FILE *f = fopen(map, "r");

	if (!f)
		return id;
	while (fscanf(f, "%u %u %u", &in, &out, &count) == 3)
		if (id >= in && id - in < count) {
			id = out + (id - in);
			break;
		}
	fclose(f);
	return id;
}

static void check_mounts(void)
{
	struct mnt disk, m;
	struct statfs sf;
	char opt[32];

	zt_check(find_mnt(base, 1, &disk), "no mount holds %s", base);
	zt_check(find_mnt(path[T], 0, &m), "%s is not in mountinfo", path[T]);
	zt_check(!strcmp(m.type, "tmpfs"), "%s: type %s", path[T], m.type);
	zt_check(has_opt(m.opts, "rw") && has_opt(m.opts, "nosuid") && has_opt(m.opts, "noexec"),
		 "%s: mount options %s", path[T], m.opts);
	snprintf(opt, sizeof(opt), "uid=%u", outer_id("/proc/self/uid_map", OWNER_UID));
	zt_check(has_opt(m.super, "rw") && has_opt(m.super, "size=2048k") &&
		 has_opt(m.super, "nr_inodes=200") && has_opt(m.super, "mode=750") &&
		 has_opt(m.super, opt), "%s: super options %s", path[T], m.super);
	snprintf(opt, sizeof(opt), "gid=%u", outer_id("/proc/self/gid_map", OWNER_GID));
	zt_check(has_opt(m.super, opt), "%s: super options %s, no %s", path[T], m.super, opt);
	zt_syscall(statfs(path[T], &sf));
	zt_check(sf.f_blocks * sf.f_bsize == T_SIZE && sf.f_files == T_INODES,
		 "%s: statfs %llu blocks of %ld, %llu inodes", path[T],
		 (unsigned long long)sf.f_blocks, (long)sf.f_bsize, (unsigned long long)sf.f_files);

	zt_check(find_mnt(path[INNER], 0, &m), "%s is not in mountinfo", path[INNER]);
	zt_check(!strcmp(m.type, "tmpfs") && has_opt(m.super, "ro"),
		 "%s: type %s, super options %s", path[INNER], m.type, m.super);

	zt_check(find_mnt(path[B], 0, &m), "%s is not in mountinfo", path[B]);
	zt_check(has_opt(m.opts, "ro") && has_opt(m.opts, "nodev"), "%s: mount options %s",
		 path[B], m.opts);
	zt_check(ends_with(m.root, path[SRC]), "%s: root %s, not ...%s", path[B], m.root,
		 path[SRC]);
	zt_check(m.maj == disk.maj && m.min == disk.min && !strcmp(m.type, disk.type),
		 "%s: %u:%u %s, the disk %u:%u %s", path[B], m.maj, m.min, m.type, disk.maj,
		 disk.min, disk.type);

	zt_check(find_mnt(path[FMNT], 0, &m), "%s is not in mountinfo", path[FMNT]);
	zt_check(ends_with(m.root, path[SFILE2]), "%s: root %s, not ...%s", path[FMNT], m.root,
		 path[SFILE2]);
	zt_check(m.maj == disk.maj && m.min == disk.min && !strcmp(m.type, disk.type),
		 "%s: %u:%u %s, the disk %u:%u %s", path[FMNT], m.maj, m.min, m.type, disk.maj,
		 disk.min, disk.type);
}

/* The 1 MiB file: its data at both ends, nothing between, through the fd @fd. */
static void check_holes(int fd, int holes)
{
	static const char zero[H_RUN];
	static char got[H_RUN];
	off_t hole;

	zt_check(pread(fd, got, H_RUN, 0) == H_RUN && !memcmp(got, want_h, H_RUN),
		 "%s: its head differs", path[H]);
	zt_check(pread(fd, got, H_RUN, H_SIZE / 2) == H_RUN && !memcmp(got, zero, H_RUN),
		 "%s: its hole holds data", path[H]);
	zt_check(pread(fd, got, H_RUN, H_SIZE - H_RUN) == H_RUN && !memcmp(got, want_h, H_RUN),
		 "%s: its tail differs", path[H]);
	if (holes) {
		hole = lseek(fd, 0, SEEK_HOLE);
		zt_check(hole >= H_RUN && hole < H_SIZE - H_RUN,
			 "%s: the hole is gone (first at %lld)", path[H], (long long)hole);
		zt_check(lseek(fd, H_RUN, SEEK_DATA) == H_SIZE - H_RUN,
			 "%s: data between its ends", path[H]);
	}
}

/* What a restore must carry and checking does not change. */
static void check_state(int hfd, int holes)
{
	char target[16], bfile[448];
	struct stat a, b;
	ssize_t n;
	int fd;

	check_mounts();
	check_node(path[T], S_IFDIR | 0751, ROOT_MTIME);
	check_node(path[D], S_IFDIR | 0710, MTIME);
	check_node(path[F], S_IFREG | 0640, MTIME);
	check_contents(path[F], want_f, F_SIZE);
	check_node(path[H], S_IFREG | 0600, 0);
	zt_syscall(fstat(hfd, &a));
	zt_check(a.st_size == H_SIZE, "%s: size %lld", path[H], (long long)a.st_size);
	check_holes(hfd, holes);
	check_node(path[LN], S_IFLNK, MTIME);
	n = readlink(path[LN], target, sizeof(target));
	zt_check(n == 3 && !memcmp(target, "d/f", 3), "%s points elsewhere", path[LN]);
	zt_syscall(stat(path[LN], &a));
	zt_syscall(stat(path[F], &b));
	zt_check(a.st_ino == b.st_ino && a.st_dev == b.st_dev, "%s leads elsewhere", path[LN]);
	/* A FIFO's mtime is when bytes were last written into it, the restore's own included. */
	check_node(path[FIFO], S_IFIFO | 0620, 0);
	check_contents(path[IFILE], INNER_DATA, strlen(INNER_DATA));
	check_erofs(path[INNER], path[IFILE]);
	check_contents(path[FMNT], SRC2_DATA, strlen(SRC2_DATA));
	snprintf(bfile, sizeof(bfile), "%s/file", path[B]);
	check_contents(bfile, SRC_DATA, strlen(SRC_DATA));
	check_erofs(path[B], bfile);
	fd = open(path[SFILE], O_WRONLY | O_APPEND);
	zt_check(fd >= 0, "%s is not writable (%s): the bind's ro is the disk's", path[SFILE],
		 strerror(errno));
	close(fd);
}

static void set_up(void)
{
	struct statvfs sv;
	unsigned long bflags;
	int fd;

	zt_syscall(mkdir(base, 0755));
	zt_syscall(mkdir(path[T], 0755));
	zt_syscall(mount("tmpfs", path[T], "tmpfs", MS_NOSUID | MS_NOEXEC, T_OPTS));
	zt_syscall(mkdir(path[D], 0700));
	fd = zt_syscall(open(path[F], O_WRONLY | O_CREAT | O_EXCL, 0600));
	zt_check(write(fd, want_f, F_SIZE) == F_SIZE, "write %s: %s", path[F], strerror(errno));
	zt_syscall(close(fd));
	set_attrs(path[F], 0640, MTIME);
	/* After its file: making one changes a directory's mtime. */
	set_attrs(path[D], 0710, MTIME);
	fd = zt_syscall(open(path[H], O_WRONLY | O_CREAT | O_EXCL, 0600));
	zt_check(pwrite(fd, want_h, H_RUN, 0) == H_RUN, "write %s", path[H]);
	zt_check(pwrite(fd, want_h, H_RUN, H_SIZE - H_RUN) == H_RUN, "write %s", path[H]);
	zt_syscall(close(fd));
	set_attrs(path[H], 0, 0);
	zt_syscall(symlink("d/f", path[LN]));
	set_attrs(path[LN], 0, MTIME);
	zt_syscall(mkfifo(path[FIFO], 0600));
	set_attrs(path[FIFO], 0620, 0);

	zt_syscall(mkdir(path[INNER], 0700));
	zt_syscall(mount("tmpfs", path[INNER], "tmpfs", 0, "size=64k"));
	write_file(path[IFILE], INNER_DATA, strlen(INNER_DATA));
	zt_syscall(mount(NULL, path[INNER], NULL, MS_REMOUNT | MS_RDONLY, ""));
	/* Last: making inner changed the root's mtime. */
	set_attrs(path[T], 0751, ROOT_MTIME);

	zt_syscall(mkdir(path[SRC], 0755));
	write_file(path[SFILE], SRC_DATA, strlen(SRC_DATA));
	write_file(path[SFILE2], SRC2_DATA, strlen(SRC2_DATA));
	zt_syscall(mkdir(path[B], 0755));
	zt_syscall(mount(path[SRC], path[B], NULL, MS_BIND, NULL));
	/* A bind keeps the flags a CT may not drop (those of a locked mount under it). */
	zt_syscall(statvfs(path[B], &sv));
	bflags = MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NODEV;
	bflags |= (sv.f_flag & ST_NOSUID ? MS_NOSUID : 0) | (sv.f_flag & ST_NOEXEC ? MS_NOEXEC : 0);
	zt_syscall(mount(NULL, path[B], NULL, bflags, NULL));
	write_file(path[FMNT], "", 0);
	zt_syscall(mount(path[SFILE2], path[FMNT], NULL, MS_BIND, NULL));
}

int main(int argc, char **argv)
{
	int ffd, hfd, hfd2, rfd, wfd, holes, i;
	char got[FIFO_BYTES + 1], c, *map;
	ssize_t n;

	zt_init(argc, argv);
	pattern(want_f, F_SIZE, 1);
	pattern(want_h, H_RUN, 2);
	pattern(want_fifo, FIFO_BYTES, 3);
	zt_check(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd: %s", strerror(errno));
	snprintf(base, sizeof(base), "%s/mount00.%d", cwd, (int)getpid());
	for (i = 0; i < NPATHS; i++)
		snprintf(path[i], sizeof(path[i]), "%s/%s", base, rel[i]);
	cleanup(0);
	set_up();

	ffd = zt_syscall(open(path[F], O_RDONLY));
	zt_check(lseek(ffd, F_OFF, SEEK_SET) == F_OFF, "lseek %s: %s", path[F], strerror(errno));
	hfd = zt_syscall(open(path[H], O_RDWR));
	holes = lseek(hfd, 0, SEEK_HOLE) < H_SIZE;
	map = mmap(NULL, H_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, hfd, 0);
	zt_check(map != MAP_FAILED, "mmap %s: %s", path[H], strerror(errno));
	rfd = zt_syscall(open(path[FIFO], O_RDONLY | O_NONBLOCK));
	wfd = zt_syscall(open(path[FIFO], O_WRONLY | O_NONBLOCK));
	zt_check(write(wfd, want_fifo, FIFO_BYTES) == FIFO_BYTES, "write the FIFO: %s",
		 strerror(errno));
	/* Set up as meant, so that a failure after the restore is the restore's. */
	check_state(hfd, holes);
	zt_ready();
	zt_wait();

	check_state(hfd, holes);
	zt_check(lseek(ffd, 0, SEEK_CUR) == F_OFF, "the fd on %s is at %lld, not %d", path[F],
		 (long long)lseek(ffd, 0, SEEK_CUR), F_OFF);
	zt_check(read(ffd, got, 100) == 100 && !memcmp(got, want_f + F_OFF, 100),
		 "the fd on %s reads other bytes at %d", path[F], F_OFF);
	zt_check(!memcmp(map, want_h, H_RUN) && !memcmp(map + H_SIZE - H_RUN, want_h, H_RUN),
		 "the mapping of %s differs", path[H]);
	n = read(rfd, got, sizeof(got));
	zt_check(n == FIFO_BYTES && !memcmp(got, want_fifo, FIFO_BYTES),
		 "the FIFO gives %zd other bytes (%s)", n, n < 0 ? strerror(errno) : "");

	/* Still the tmpfs file: the mapping, the fd and a fresh open see each other's writes. */
	map[100] = 'M';
	hfd2 = zt_syscall(open(path[H], O_RDONLY));
	zt_check(pread(hfd2, &c, 1, 100) == 1 && c == 'M',
		 "a fresh open of %s does not see the mapping's write", path[H]);
	zt_check(pwrite(hfd, "P", 1, H_SIZE - 1) == 1, "pwrite %s: %s", path[H], strerror(errno));
	zt_check(map[H_SIZE - 1] == 'P', "the mapping of %s does not see the fd's write", path[H]);
	close(hfd2);

	zt_syscall(munmap(map, H_SIZE));
	close(ffd);
	close(hfd);
	close(rfd);
	close(wfd);
	cleanup(1);
	zt_pass();
}
