// SPDX-License-Identifier: GPL-2.0
/*
 * mapfile00: shared file mappings. A file of 32 pages is mapped MAP_SHARED read-write by
 * the parent and by a child (each at its own address), and read-only by the parent a
 * second time at an offset of 8 pages. Each task writes its own pages through its map.
 * After the restore the maps show each task's writes and the other's, a write through
 * one map is seen at once through the others and by read() on the file, and the file
 * holds every byte written before the dump.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/mman.h>

#define PG	4096
#define NPG	32

static void check_page(const char *p, int page, char want, const char *who)
{
	int i;

	for (i = 0; i < PG; i++)
		zt_check(p[i] == want, "%s: page %d byte %d is %#x, not %#x", who, page, i, p[i],
			 want);
}

int main(int argc, char **argv)
{
	char *rw, *ro, buf[PG];
	int fd, ready[2], done[2], i;
	pid_t child;
	char c;

	zt_init(argc, argv);
	fd = zt_syscall(open("shared.dat", O_RDWR | O_CREAT | O_TRUNC, 0600));
	zt_syscall(ftruncate(fd, NPG * PG));
	rw = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ro = mmap(NULL, 16 * PG, PROT_READ, MAP_SHARED, fd, 8 * PG);
	zt_check(rw != MAP_FAILED && ro != MAP_FAILED, "mmap: %s", strerror(errno));
	zt_syscall(pipe(ready));
	zt_syscall(pipe(done));
	child = zt_syscall(fork());
	if (!child) {
		char *mine = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

		zt_check(mine != MAP_FAILED, "the child's mmap: %s", strerror(errno));
		munmap(rw, NPG * PG);
		for (i = 16; i < NPG; i++)
			memset(mine + i * PG, 'a' + i % 26, PG);
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		for (i = 0; i < 16; i++)
			check_page(mine + i * PG, i, 'A' + i % 26, "the child sees the parent's");
		for (i = 16; i < NPG; i++)
			check_page(mine + i * PG, i, 'a' + i % 26, "the child's own");
		mine[0] = '!';
		zt_check(write(done[1], "d", 1) == 1, "write: %s", strerror(errno));
		exit(0);
	}
	for (i = 0; i < 16; i++)
		memset(rw + i * PG, 'A' + i % 26, PG);
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	for (i = 0; i < 16; i++)
		check_page(rw + i * PG, i, 'A' + i % 26, "the parent's own");
	for (i = 16; i < NPG; i++)
		check_page(rw + i * PG, i, 'a' + i % 26, "the parent sees the child's");
	for (i = 0; i < 16; i++)
		check_page(ro + i * PG, i + 8, i + 8 < 16 ? 'A' + (i + 8) % 26 : 'a' + (i + 8) % 26,
			   "the read-only map");
	zt_check(pread(fd, buf, PG, 20 * PG) == PG, "pread: %s", strerror(errno));
	check_page(buf, 20, 'a' + 20 % 26, "the file");
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(done[0], &c, 1) == 1, "the child did not finish");
	zt_check(rw[0] == '!', "the child's write after the restore is not in the parent's map");
	zt_reap(child, "the child");
	zt_pass();
}
