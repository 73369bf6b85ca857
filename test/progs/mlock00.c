// SPDX-License-Identifier: GPL-2.0
/*
 * mlock00: locked memory. The parent locks 16 of the 64 pages of an area with mlock() and
 * 8 pages of another with mlock2(MLOCK_ONFAULT), touching 3 of them; a child forked before
 * called mlockall(MCL_CURRENT | MCL_FUTURE). After the restore each area's smaps shows
 * its lock (VmFlags lo, Locked kB), the parent's VmLck counts exactly its 24 locked
 * pages, the on-fault area did not fault in the 5 untouched ones (Rss), contents are
 * intact, and a mapping the child makes afterwards is locked (MCL_FUTURE kept) while one
 * of the parent is not.
 */
#include "zdtm.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#define PG	4096UL

/* Field @key (in kB, or the VmFlags line) of the smaps entry that starts at @start. */
static long smaps(void *start, const char *key, char *flags)
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
			continue;
		}
		if (!in || strncmp(line, key, strlen(key)))
			continue;
		if (flags)
			snprintf(flags, 128, "%s", line + strlen(key));
		else
			v = strtol(line + strlen(key), NULL, 10);
		break;
	}
	fclose(f);
	zt_check(flags || v >= 0, "no %s for the area at %p", key, start);
	return v;
}

static int locked(void *start)
{
	char flags[128] = "";

	smaps(start, "VmFlags:", flags);
	return strstr(flags, " lo") != NULL;
}

static long vmlck(void)
{
	char line[256];
	long v = -1;
	FILE *f = fopen("/proc/self/status", "r");

	zt_check(f, "open status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "VmLck:", 6))
			v = strtol(line + 6, NULL, 10);
	fclose(f);
	return v;
}

static void fill(char *p, size_t len, char c)
{
	memset(p, c, len);
}

static void check_fill(const char *p, size_t len, char c, const char *what)
{
	size_t i;

	for (i = 0; i < len; i++)
		zt_check(p[i] == c, "%s: byte %zu is %#x, not %#x", what, i, p[i], c);
}

static char *map(size_t len)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	zt_check(p != MAP_FAILED, "mmap: %s", strerror(errno));
	return p;
}

int main(int argc, char **argv)
{
	char *a, *b, *k, *n;
	int ready[2];
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		k = map(32 * PG);
		fill(k, 32 * PG, 'k');
		zt_syscall(mlockall(MCL_CURRENT | MCL_FUTURE));
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		zt_check(locked(k), "the child's area is not locked");
		check_fill(k, 32 * PG, 'k', "the child's area");
		n = map(4 * PG);
		zt_check(locked(n), "a new mapping of the child is not locked (MCL_FUTURE lost)");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	a = map(64 * PG);
	fill(a, 64 * PG, 'a');
	zt_syscall(mlock(a + 16 * PG, 16 * PG));
	b = map(8 * PG);
	zt_syscall(syscall(SYS_mlock2, b, 8 * PG, MLOCK_ONFAULT));
	fill(b, PG, 'b');
	fill(b + 4 * PG, 2 * PG, 'B');
	/* VmLck counts the whole on-fault area, faulted or not. */
	zt_check(vmlck() == 24 * 4, "VmLck is %ld kB before the dump", vmlck());
	zt_check(smaps(b, "Rss:", NULL) == 12, "the on-fault area has %ld kB resident before the dump",
		 smaps(b, "Rss:", NULL));
	zt_ready();
	zt_wait();
	zt_check(!locked(a), "the first 16 pages are locked");
	zt_check(locked(a + 16 * PG), "the mlock()ed pages are not locked");
	zt_check(!locked(a + 32 * PG), "the last 32 pages are locked");
	zt_check(smaps(a + 16 * PG, "Locked:", NULL) == 64, "Locked is %ld kB, not 64",
		 smaps(a + 16 * PG, "Locked:", NULL));
	zt_check(locked(b), "the on-fault area is not locked");
	zt_check(smaps(b, "Rss:", NULL) == 12, "the on-fault area has %ld kB resident, not 12",
		 smaps(b, "Rss:", NULL));
	zt_check(vmlck() == 24 * 4, "VmLck is %ld kB, not %d", vmlck(), 24 * 4);
	check_fill(a, 64 * PG, 'a', "the mlock()ed area");
	check_fill(b, PG, 'b', "the on-fault area");
	check_fill(b + 4 * PG, 2 * PG, 'B', "the on-fault area");
	check_fill(b + PG, 3 * PG, 0, "the on-fault area");
	n = map(4 * PG);
	zt_check(!locked(n), "a new mapping of the parent is locked");
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
