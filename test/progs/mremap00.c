// SPDX-License-Identifier: GPL-2.0
/*
 * mremap00: areas whose pages were moved by mremap(). One of 16 pages moved to a fixed
 * address (MREMAP_FIXED, its pages keep their contents, now at other addresses); one grown
 * in place from 8 to 24 pages (the new pages partly written); one shrunk from 16 to 4
 * pages. After the restore each range is where mremap put it (maps), with the bytes it
 * held (the grown area's new tail empty); the moved area's old range and the shrunk
 * area's cut tail are not part of them (whatever mapping took them since stays).
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/mman.h>

#define PG	4096UL

/* [lo, hi) of the area holding @p, 0 when unmapped. */
static unsigned long area(void *p, unsigned long *hi_out)
{
	char line[512];
	unsigned long lo, hi, found = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	zt_check(f, "open maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (unsigned long)p &&
		    (unsigned long)p < hi) {
			found = lo;
			*hi_out = hi;
		}
	fclose(f);
	return found;
}

static void fill(char *p, size_t pages, unsigned int seed)
{
	size_t i;

	for (i = 0; i < pages; i++)
		memset(p + i * PG, (int)(seed + i) & 0xff, PG);
}

static void check(const char *p, size_t pages, unsigned int seed, const char *what)
{
	size_t i, j;

	for (i = 0; i < pages; i++)
		for (j = 0; j < PG; j++)
			zt_check(p[i * PG + j] == (char)((seed + i) & 0xff),
				 "%s: page %zu byte %zu is %#x", what, i, j, p[i * PG + j]);
}

static void check_zero(const char *p, size_t pages, const char *what)
{
	size_t i;

	for (i = 0; i < pages * PG; i++)
		zt_check(!p[i], "%s: byte %zu is %#x, not 0", what, i, p[i]);
}

static char *map(size_t pages)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	zt_check(p != MAP_FAILED, "mmap: %s", strerror(errno));
	return p;
}

static void check_area(void *p, size_t pages, const char *what)
{
	unsigned long hi = 0, lo = area(p, &hi);

	zt_check(lo == (unsigned long)p && hi == (unsigned long)p + pages * PG,
		 "%s: the area is %#lx-%#lx, not %p + %zu pages", what, lo, hi, p, pages);
}

int main(int argc, char **argv)
{
	char *moved, *old, *grown, *shrunk, *hole;
	unsigned long hi, was_old, was_tail;

	zt_init(argc, argv);
	/* A hole of 64 pages between guards, to move into. */
	hole = map(66);
	zt_syscall(mprotect(hole, PG, PROT_NONE));
	zt_syscall(mprotect(hole + 65 * PG, PG, PROT_NONE));
	zt_syscall(munmap(hole + PG, 64 * PG));
	old = map(16);
	fill(old, 16, 10);
	moved = mremap(old, 16 * PG, 16 * PG, MREMAP_MAYMOVE | MREMAP_FIXED, hole + 20 * PG);
	zt_check(moved == hole + 20 * PG, "mremap fixed: %s", strerror(errno));
	/* Grown in place: the pages above it are unmapped first. */
	grown = map(24);
	zt_syscall(munmap(grown + 8 * PG, 16 * PG));
	fill(grown, 8, 40);
	zt_check(mremap(grown, 8 * PG, 24 * PG, 0) == grown, "mremap grow: %s", strerror(errno));
	fill(grown + 8 * PG, 8, 48);
	shrunk = map(16);
	fill(shrunk, 16, 70);
	zt_check(mremap(shrunk, 16 * PG, 4 * PG, 0) == shrunk, "mremap shrink: %s",
		 strerror(errno));
	/* Later mappings may take the freed ranges: what holds them now holds them after. */
	was_old = area(old, &hi);
	was_tail = area(shrunk + 4 * PG, &hi);
	zt_check(was_old != (unsigned long)moved && was_tail != (unsigned long)shrunk,
		 "the freed ranges are in the moved or shrunk area");
	zt_ready();
	zt_wait();
	check_area(moved, 16, "the moved area");
	check(moved, 16, 10, "the moved area");
	zt_check(area(old, &hi) == was_old, "the moved area's old range is in another area");
	check_area(grown, 24, "the grown area");
	check(grown, 16, 40, "the grown area");
	check_zero(grown + 16 * PG, 8, "the grown area's tail");
	check_area(shrunk, 4, "the shrunk area");
	check(shrunk, 4, 70, "the shrunk area");
	zt_check(area(shrunk + 4 * PG, &hi) == was_tail, "the shrunk area's tail is in another area");
	zt_pass();
}
