// SPDX-License-Identifier: GPL-2.0
/*
 * reserve00: address space reserved and not charged to the commit limit, as allocators
 * and databases keep it (glibc's arenas, jemalloc, MariaDB): a PROT_NONE private anonymous
 * range of 64 GiB, more than any test machine's memory and swap, which the kernel does not
 * charge (no VM_ACCOUNT: it is not writable); an arena of 64 MiB reserved as glibc reserves
 * its heaps (PROT_NONE, MAP_NORESERVE), whose first MiB was made writable and written (not
 * charged either); a pool of 16 MiB reserved without MAP_NORESERVE whose first MiB was
 * made writable and written (charged, that MiB); and a read-only private mapping of the
 * program's own file. After the restore each is where it was with its protection, charged
 * or not as before ("ac" in smaps' VmFlags), the written MiBs hold their bytes, the file
 * mapping its file's, and the arena and the pool grow on: 4 MiB more made writable take a
 * write.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdbool.h>
#include <sys/mman.h>

#define MIB	(1UL << 20)
#define BIG	(64UL << 30)
#define ARENA	(64 * MIB)
#define POOL	(16 * MIB)

/* The VmFlags line of the smaps entry starting at @start, in @flags; false if none. */
static bool vmflags(void *start, char *flags, size_t len)
{
	char line[512];
	unsigned long lo;
	bool in = false;
	FILE *f = fopen("/proc/self/smaps", "r");

	zt_check(f, "open smaps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-", &lo) == 1 && strchr(line, '-') &&
		    strchr(line, '-') < strchr(line, ' '))
			in = lo == (unsigned long)start;
		else if (in && !strncmp(line, "VmFlags:", 8)) {
			snprintf(flags, len, "%s", line + 8);
			fclose(f);
			return true;
		}
	}
	fclose(f);
	return false;
}

/* The area at @start ends at @end with protection @prot ("---p") and is charged or not. */
static void check_area(void *start, void *end, const char *prot, bool charged)
{
	char line[512], p[8], flags[512];
	unsigned long lo, hi;
	bool found = false;
	FILE *f = fopen("/proc/self/maps", "r");

	zt_check(f, "open maps: %s", strerror(errno));
	while (!found && fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, p) == 3 && lo == (unsigned long)start) {
			found = true;
			zt_check(hi == (unsigned long)end && !strcmp(p, prot),
				 "the area at %p ends at %#lx and is %s, not %p and %s", start, hi, p,
				 end, prot);
		}
	fclose(f);
	zt_check(found, "no area starts at %p", start);
	zt_check(vmflags(start, flags, sizeof(flags)), "no VmFlags for %p", start);
	zt_check(!strstr(flags, " ac") == !charged, "the area at %p is %scharged: VmFlags%s",
		 start, charged ? "not " : "", flags);
}

static void check_areas(unsigned char *big, unsigned char *arena, unsigned char *pool,
			unsigned char *file, size_t flen)
{
	check_area(big, big + BIG, "---p", false);
	check_area(arena, arena + MIB, "rw-p", false);
	check_area(arena + MIB, arena + ARENA, "---p", false);
	check_area(pool, pool + MIB, "rw-p", true);
	check_area(pool + MIB, pool + POOL, "---p", false);
	check_area(file, file + ((flen + 4095) & ~4095UL), "r--p", false);
}

/* @len bytes reserved, the first MiB made writable and written if @grow. */
static unsigned char *reserve(size_t len, int flags, bool grow)
{
	unsigned char *p = mmap(NULL, len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | flags, -1, 0);
	size_t i;

	zt_check(p != MAP_FAILED, "reserving %zu MiB: %s", len / MIB, strerror(errno));
	if (grow) {
		zt_syscall(mprotect(p, MIB, PROT_READ | PROT_WRITE));
		for (i = 0; i < MIB; i++)
			p[i] = (unsigned char)(i * 7 + i / 4096 + len / MIB);
	}
	return p;
}

/* The first MiB of @p (@len long) as reserve() wrote it; then 4 MiB more made writable. */
static void check_grows(unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i < MIB; i++)
		zt_check(p[i] == (unsigned char)(i * 7 + i / 4096 + len / MIB),
			 "byte %zu of the %zu MiB area is %#x", i, len / MIB, p[i]);
	zt_syscall(mprotect(p + MIB, 4 * MIB, PROT_READ | PROT_WRITE));
	memset(p + MIB, 0x5a, 4 * MIB);
	zt_check(p[5 * MIB - 1] == 0x5a, "the %zu MiB area did not grow", len / MIB);
}

int main(int argc, char **argv)
{
	unsigned char *big, *arena, *pool, *file, *copy;
	size_t flen;
	int fd;

	zt_init(argc, argv);
	big = reserve(BIG, 0, false);
	arena = reserve(ARENA, MAP_NORESERVE, true);
	pool = reserve(POOL, 0, true);
	fd = open("/proc/self/exe", O_RDONLY);
	zt_check(fd >= 0, "open the program: %s", strerror(errno));
	flen = lseek(fd, 0, SEEK_END);
	file = mmap(NULL, flen, PROT_READ, MAP_PRIVATE, fd, 0);
	zt_check(file != MAP_FAILED, "map the program: %s", strerror(errno));
	copy = malloc(flen);
	zt_check(copy && pread(fd, copy, flen, 0) == (ssize_t)flen, "read the program");
	close(fd);
	check_areas(big, arena, pool, file, flen);
	zt_ready();
	zt_wait();

	check_areas(big, arena, pool, file, flen);
	zt_check(!memcmp(file, copy, flen), "the program's mapping differs from its file");
	check_grows(arena, ARENA);
	check_grows(pool, POOL);
	zt_pass();
}
