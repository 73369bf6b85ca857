// SPDX-License-Identifier: GPL-2.0
/*
 * mem00: private memory comes back byte for byte with its protection. Maps 4 MiB of
 * private anonymous memory filled with a pattern that depends on each word's address
 * (some pages never touched), a read-only copy of the pattern, a PROT_NONE guard, and a
 * private copy-on-write mapping of a file of its own whose pages are partly written.
 * Checks every byte and, from /proc/self/maps, each area's address and protection.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/mman.h>

#define PG	4096UL
#define AREA	(4UL << 20)

static uint64_t word(const void *p, uint64_t seed)
{
	return (uint64_t)(uintptr_t)p * 0x9e3779b97f4a7c15ULL ^ seed;
}

static void fill(uint64_t *a, size_t len, uint64_t seed)
{
	size_t i;

	for (i = 0; i < len / 8; i++)
		if ((i * 8 / PG) % 7 != 3)	/* every 7th page left untouched */
			a[i] = word(&a[i], seed);
}

static void check(const uint64_t *a, size_t len, uint64_t seed, const char *what)
{
	size_t i;

	for (i = 0; i < len / 8; i++) {
		uint64_t want = (i * 8 / PG) % 7 != 3 ? word(&a[i], seed) : 0;

		zt_check(a[i] == want, "%s: word %zu is %#llx, not %#llx", what, i,
			 (unsigned long long)a[i], (unsigned long long)want);
	}
}

/* The protection /proc/self/maps shows for the area starting at @start. */
static void check_prot(void *start, const char *want)
{
	char line[512], prot[8];
	unsigned long lo, hi;
	FILE *f = fopen("/proc/self/maps", "r");

	zt_check(f, "open /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, prot) == 3 && lo == (unsigned long)start) {
			fclose(f);
			zt_check(!strcmp(prot, want), "area at %p is %s, not %s", start, prot, want);
			return;
		}
	fclose(f);
	zt_fail("no area starts at %p in /proc/self/maps", start);
}

int main(int argc, char **argv)
{
	uint64_t *rw, *ro, *cow;
	void *guard;
	int fd, i;

	zt_init(argc, argv);
	rw = mmap(NULL, AREA, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, AREA / 4, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	guard = mmap(NULL, 16 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zt_check(rw != MAP_FAILED && ro != MAP_FAILED && guard != MAP_FAILED, "mmap: %s",
		 strerror(errno));
	fill(rw, AREA, 1);
	fill(ro, AREA / 4, 2);
	zt_syscall(mprotect(ro, AREA / 4, PROT_READ));

	fd = zt_syscall(open("mem00.dat", O_RDWR | O_CREAT | O_TRUNC, 0600));
	for (i = 0; i < 64; i++) {
		char page[PG];

		memset(page, 'a' + i % 26, sizeof(page));
		zt_check(write(fd, page, PG) == (ssize_t)PG, "write mem00.dat: %s", strerror(errno));
	}
	cow = mmap(NULL, 64 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	zt_check(cow != MAP_FAILED, "mmap mem00.dat: %s", strerror(errno));
	close(fd);
	for (i = 0; i < 64; i += 2)
		memset((char *)cow + i * PG, 'A' + i % 26, PG);

	zt_ready();
	zt_wait();

	check(rw, AREA, 1, "rw");
	check(ro, AREA / 4, 2, "ro");
	check_prot(rw, "rw-p");
	check_prot(ro, "r--p");
	check_prot(guard, "---p");
	check_prot(cow, "rw-p");
	for (i = 0; i < 64; i++) {
		char want = i % 2 ? 'a' + i % 26 : 'A' + i % 26;
		const char *p = (const char *)cow + i * PG;
		size_t j;

		for (j = 0; j < PG; j++)
			zt_check(p[j] == want, "file page %d byte %zu is %#x, not %c", i, j, p[j], want);
	}
	zt_pass();
}
