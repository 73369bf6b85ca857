// SPDX-License-Identifier: GPL-2.0
/*
 * sparse00: a big sparse area. 1 GiB of private anonymous memory (MAP_NORESERVE, no huge
 * pages) of which 16 pages, 64 MiB apart and each at its own offset, are written. After
 * the restore the area is the same range, only those 16 pages are resident (smaps Rss 64 kB: the restore
 * did not fill the rest), each holds its bytes, and the pages around them read as zeros.
 */
#include "zdtm.h"

#include <sys/mman.h>

#define PG	4096UL
#define LEN	(1UL << 30)
#define STEP	(64UL << 20)
#define NR	16

static long rss_of(void *start, unsigned long *end)
{
	char line[512];
	unsigned long lo, hi;
	int in = 0;
	long v = -1;
	FILE *f = fopen("/proc/self/smaps", "r");

	zt_check(f, "open smaps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = lo == (unsigned long)start;
			if (in)
				*end = hi;
		} else if (in && !strncmp(line, "Rss:", 4)) {
			v = strtol(line + 4, NULL, 10);
		}
	}
	fclose(f);
	zt_check(v >= 0, "no area starts at %p", start);
	return v;
}

static char *page(char *a, int i)
{
	return a + i * STEP + (unsigned long)i * 3 * PG;
}

int main(int argc, char **argv)
{
	unsigned long end = 0;
	char *a;
	int i;
	size_t j;

	zt_init(argc, argv);
	a = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
		 0);
	zt_check(a != MAP_FAILED, "mmap: %s", strerror(errno));
	/* Page by page: a transparent huge page would make each write 2 MiB resident. */
	zt_syscall(madvise(a, LEN, MADV_NOHUGEPAGE));
	for (i = 0; i < NR; i++)
		memset(page(a, i), 'A' + i, PG);
	zt_check(rss_of(a, &end) == NR * 4, "%ld kB resident before the dump", rss_of(a, &end));
	zt_ready();
	zt_wait();
	zt_check(rss_of(a, &end) == NR * 4, "%ld kB resident, not %d", rss_of(a, &end), NR * 4);
	zt_check(end == (unsigned long)a + LEN, "the area ends at %#lx, not %p", end, a + LEN);
	for (i = 0; i < NR; i++)
		for (j = 0; j < PG; j++)
			zt_check(page(a, i)[j] == 'A' + i, "page %d byte %zu is %#x", i, j,
				 page(a, i)[j]);
	for (i = 0; i < NR; i++) {
		zt_check(!page(a, i)[PG] && !page(a, i)[PG + PG - 1],
			 "the page after page %d is not zero", i);
		if (i)
			zt_check(!page(a, i)[-1], "the page before page %d is not zero", i);
	}
	zt_pass();
}
