// SPDX-License-Identifier: GPL-2.0
/*
 * mprotect00: one area of 32 pages split by mprotect() into 8 runs of 4 pages, each with
 * its own protection (r, rw, none, rx, rwx, r, w, rw), every page written before. After
 * the restore maps shows the 8 areas with their protections, the readable ones hold their
 * bytes, and the writable ones take a write (a write-only run is read back once made
 * readable).
 */
#include "zdtm.h"

#include <sys/mman.h>

#define PG	4096UL
#define RUN	(4 * PG)
#define NR	8

static const int prots[NR] = { PROT_READ, PROT_READ | PROT_WRITE, PROT_NONE,
			       PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC,
			       PROT_READ, PROT_WRITE, PROT_READ | PROT_WRITE };
static const char *const names[NR] = { "r--p", "rw-p", "---p", "r-xp", "rwxp", "r--p", "-w-p",
				       "rw-p" };

static void check_prot(void *start, void *end, const char *want)
{
	char line[512], prot[8];
	unsigned long lo, hi;
	FILE *f = fopen("/proc/self/maps", "r");

	zt_check(f, "open maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, prot) == 3 && lo == (unsigned long)start) {
			fclose(f);
			zt_check(hi == (unsigned long)end && !strcmp(prot, want),
				 "the area at %p ends at %#lx and is %s, not %p and %s", start, hi,
				 prot, end, want);
			return;
		}
	fclose(f);
	zt_fail("no area starts at %p", start);
}

static void check_fill(const char *p, size_t len, char c, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		zt_check(p[i] == c, "%s: byte %zu is %#x, not %#x", what, i, p[i], c);
}

int main(int argc, char **argv)
{
	char *a, what[32];
	int i;

	zt_init(argc, argv);
	a = mmap(NULL, NR * RUN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zt_check(a != MAP_FAILED, "mmap: %s", strerror(errno));
	for (i = 0; i < NR; i++)
		memset(a + i * RUN, 'a' + i, RUN);
	for (i = 0; i < NR; i++)
		zt_syscall(mprotect(a + i * RUN, RUN, prots[i]));
	zt_ready();
	zt_wait();
	for (i = 0; i < NR; i++) {
		snprintf(what, sizeof(what), "run %d", i);
		check_prot(a + i * RUN, a + (i + 1) * RUN, names[i]);
		if (prots[i] & PROT_READ)
			check_fill(a + i * RUN, RUN, 'a' + i, what);
		if (prots[i] & PROT_WRITE)
			memset(a + i * RUN, 'A' + i, RUN);
	}
	zt_syscall(mprotect(a + 6 * RUN, RUN, PROT_READ));
	check_fill(a + 6 * RUN, RUN, 'A' + 6, "the write-only run");
	check_fill(a + 1 * RUN, RUN, 'A' + 1, "run 1 after a write");
	zt_syscall(mprotect(a + 2 * RUN, RUN, PROT_READ));
	check_fill(a + 2 * RUN, RUN, 'c', "the PROT_NONE run");
	zt_pass();
}
