// SPDX-License-Identifier: GPL-2.0
/*
 * growsdown00: a MAP_GROWSDOWN area, a stack that grows on a fault below it. Mapped as 4
 * pages at the top of an 8 MiB hole, then grown by 3 pages by a write below its start.
 * After the restore it starts where it had grown to, its VmFlags still say gd, its 7 pages
 * hold their bytes, and a write 5 pages below its start grows it again (maps, contents).
 */
#include "zdtm.h"

#include <sys/mman.h>

#define PG	4096UL
#define HOLE	(8UL << 20)

static unsigned long start_of(void *p, int *gd)
{
	char line[512];
	unsigned long lo, hi, found = 0;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	zt_check(f, "open smaps: %s", strerror(errno));
	*gd = 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' ')) {
			in = lo <= (unsigned long)p && (unsigned long)p < hi;
			if (in)
				found = lo;
		} else if (in && !strncmp(line, "VmFlags:", 8)) {
			*gd = strstr(line, " gd") != NULL;
		}
	}
	fclose(f);
	return found;
}

static void check_fill(const char *p, size_t len, char c, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		zt_check(p[i] == c, "%s: byte %zu is %#x, not %#x", what, i, p[i], c);
}

int main(int argc, char **argv)
{
	char *hole, *top;
	volatile char *below;
	unsigned long was;
	int gd;

	zt_init(argc, argv);
	hole = mmap(NULL, HOLE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zt_check(hole != MAP_FAILED, "mmap: %s", strerror(errno));
	zt_syscall(munmap(hole, HOLE));
	top = mmap(hole + HOLE - 4 * PG, 4 * PG, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_FIXED, -1, 0);
	zt_check(top == hole + HOLE - 4 * PG, "mmap growsdown: %s", strerror(errno));
	memset(top, 't', 4 * PG);
	below = top - 3 * PG;
	*below = 'g';	/* the fault that grows it */
	memset(top - 3 * PG, 'g', 3 * PG);
	was = start_of(top, &gd);
	zt_check(was == (unsigned long)(top - 3 * PG) && gd, "the area starts at %#lx (gd %d), not %p",
		 was, gd, top - 3 * PG);
	zt_ready();
	zt_wait();
	zt_check(start_of(top, &gd) == was, "the area starts at %#lx, not %#lx",
		 start_of(top, &gd), was);
	zt_check(gd, "the area lost VM_GROWSDOWN (gd)");
	check_fill(top, 4 * PG, 't', "the first pages");
	check_fill(top - 3 * PG, 3 * PG, 'g', "the grown pages");
	below = (char *)was - 5 * PG;
	*below = 'n';
	zt_check(start_of(top, &gd) == was - 5 * PG, "the area did not grow: it starts at %#lx",
		 start_of(top, &gd));
	zt_check(*below == 'n', "the new page lost its byte");
	check_fill((char *)was - 4 * PG, 4 * PG, 0, "the new pages");
	zt_pass();
}
