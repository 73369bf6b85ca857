// SPDX-License-Identifier: GPL-2.0
/*
 * ghost01: a deleted file of 4 pages that no fd holds any more, only mappings: one
 * shared (read-write) over the whole file, one private over it too, whose page 1 was
 * written (copied on write) and whose page 2 was only read. A child shares the
 * shared mapping. After the restore the shared mapping shows the file as it was (the
 * shared writes of before included), the private one its own page 1 and the file's
 * other pages; a write through the shared mapping in the child is seen by the parent's
 * shared mapping and through the private mapping's untouched page (still the file's),
 * not through its copied one.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/mman.h>

#define PAGES	4
#define PG	4096

static void fill(char *p, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (char)(i * 7 + seed);
}

static int same(const char *p, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (p[i] != (char)(i * 7 + seed))
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	char buf[PAGES * PG], *sh, *pr, c;
	int fd, sync[2], i;
	volatile char sink;
	pid_t child;

	zt_init(argc, argv);
	unlink("ghost01.tmp");
	fd = zt_syscall(open("ghost01.tmp", O_RDWR | O_CREAT | O_EXCL, 0644));
	fill(buf, sizeof(buf), 3);
	zt_check(write(fd, buf, sizeof(buf)) == (ssize_t)sizeof(buf), "write: %s",
		 strerror(errno));
	sh = mmap(NULL, PAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	zt_check(sh != MAP_FAILED, "mmap shared: %s", strerror(errno));
	pr = mmap(NULL, PAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	zt_check(pr != MAP_FAILED, "mmap private: %s", strerror(errno));
	zt_syscall(unlink("ghost01.tmp"));
	zt_syscall(close(fd));
	fill(sh, PG, 50);		/* the file's page 0, through the shared mapping */
	fill(pr + PG, PG, 60);		/* the private copy of page 1 */
	sink = pr[2 * PG];		/* page 2 read only: still the file's */
	(void)sink;
	zt_syscall(pipe(sync));
	child = zt_syscall(fork());
	if (!child) {
		close(sync[0]);
		zt_check(write(sync[1], "r", 1) == 1, "write sync: %s", strerror(errno));
		zt_wait();
		zt_check(same(sh, PG, 50), "the child's shared page 0 differs");
		fill(sh + 2 * PG, PG, 70);
		zt_check(write(sync[1], "w", 1) == 1, "write sync: %s", strerror(errno));
		exit(0);
	}
	close(sync[1]);
	zt_check(read(sync[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	zt_check(same(sh, PG, 50), "shared page 0 lost the write made through it");
	for (i = 1; i < PAGES; i++)
		zt_check(same(sh + i * PG, PG, 3 + i * PG * 7), "shared page %d differs", i);
	zt_check(same(pr, PG, 50), "private page 0 does not show the file's page");
	zt_check(same(pr + PG, PG, 60), "the private copy of page 1 differs");
	zt_check(same(pr + 2 * PG, PG, 3 + 2 * PG * 7), "private page 2 differs");
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(sync[0], &c, 1) == 1 && c == 'w', "the child did not write");
	zt_check(same(sh + 2 * PG, PG, 70), "the child's shared write is not seen");
	zt_check(same(pr + 2 * PG, PG, 70),
		 "the private mapping's untouched page does not follow the file");
	zt_check(same(pr + PG, PG, 60), "the private copy changed");
	zt_check(same(sh + PG, PG, 3 + PG * 7), "the file's page 1 took the private write");
	zt_reap(child, "the child");
	zt_pass();
}
