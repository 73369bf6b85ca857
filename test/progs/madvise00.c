// SPDX-License-Identifier: GPL-2.0
/*
 * madvise00: advice that changes what a fork or a core dump does with an area. Four
 * areas of 8 pages filled with their own byte: MADV_DONTFORK, MADV_WIPEONFORK,
 * MADV_DONTDUMP, and a plain one; a fifth area is half MADV_DONTFORK (the advice splits
 * it). After the restore each keeps its contents and its VmFlags (dc, wf, dd) in smaps,
 * and a child forked then has no DONTFORK area (not in its maps), a WIPEONFORK area of
 * zeros, and the other areas as they were.
 */
#include "zdtm.h"

#include <sys/mman.h>

#define PG	4096UL
#define LEN	(8 * PG)

static const int advice[] = { MADV_DONTFORK, MADV_WIPEONFORK, MADV_DONTDUMP, 0 };
static const char *const flag[] = { " dc", " wf", " dd", NULL };
#define NR	4

static int has_flag(void *start, const char *want)
{
	char line[512];
	unsigned long lo, hi;
	int in = 0, found = -1;
	FILE *f = fopen("/proc/self/smaps", "r");

	zt_check(f, "open smaps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx ", &lo, &hi) == 2 && strchr(line, '-') < strchr(line, ' '))
			in = lo == (unsigned long)start;
		else if (in && !strncmp(line, "VmFlags:", 8))
			found = strstr(line, want) != NULL;
	}
	fclose(f);
	zt_check(found >= 0, "no area starts at %p", start);
	return found;
}

static int mapped(void *p)
{
	char line[512];
	unsigned long lo, hi;
	int in = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	zt_check(f, "open maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx", &lo, &hi) == 2 && lo <= (unsigned long)p &&
		    (unsigned long)p < hi)
			in = 1;
	fclose(f);
	return in;
}

static void check_fill(const char *p, size_t len, char c, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		zt_check(p[i] == c, "%s: byte %zu is %#x, not %#x", what, i, p[i], c);
}

int main(int argc, char **argv)
{
	char *a[NR], *half;
	pid_t child;
	int i;

	zt_init(argc, argv);
	for (i = 0; i < NR; i++) {
		a[i] = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		zt_check(a[i] != MAP_FAILED, "mmap: %s", strerror(errno));
		memset(a[i], 'a' + i, LEN);
		if (advice[i])
			zt_syscall(madvise(a[i], LEN, advice[i]));
	}
	half = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zt_check(half != MAP_FAILED, "mmap: %s", strerror(errno));
	memset(half, 'h', LEN);
	zt_syscall(madvise(half + LEN / 2, LEN / 2, MADV_DONTFORK));
	zt_ready();
	zt_wait();
	for (i = 0; i < NR; i++) {
		int j;

		check_fill(a[i], LEN, 'a' + i, "an area");
		for (j = 0; j < NR - 1; j++)
			zt_check(has_flag(a[i], flag[j]) == (i == j), "area %d: VmFlags%s is %s", i,
				 flag[j], i == j ? "lost" : "set");
	}
	check_fill(half, LEN, 'h', "the half-advised area");
	zt_check(!has_flag(half, " dc") && has_flag(half + LEN / 2, " dc"),
		 "the half-advised area's halves are not DONTFORK and DONTFORK");
	child = zt_syscall(fork());
	if (!child) {
		zt_check(!mapped(a[0]), "the DONTFORK area is in the child");
		zt_check(!mapped(half + LEN / 2), "the DONTFORK half is in the child");
		check_fill(half, LEN / 2, 'h', "the child's first half");
		check_fill(a[1], LEN, 0, "the child's WIPEONFORK area");
		check_fill(a[2], LEN, 'c', "the child's DONTDUMP area");
		check_fill(a[3], LEN, 'd', "the child's plain area");
		exit(0);
	}
	zt_reap(child, "the child forked after the restore");
	zt_pass();
}
