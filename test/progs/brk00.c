// SPDX-License-Identifier: GPL-2.0
/*
 * brk00: the program break moved. The break is raised by 1 MiB + 123 bytes, every byte of
 * the new heap written, then lowered by 64 KiB. After the restore sbrk(0) is where it was,
 * /proc/self/stat's start_brk is as before, the [heap] area ends at the break's
 * page, its bytes are intact, and the break can rise again: the pages given back read as
 * zeros.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdint.h>

#define PG	4096UL
#define GROW	((1UL << 20) + 123)
#define CUT	(64UL << 10)

/* start_brk: field 47 of /proc/self/stat. */
static void stat_brk(unsigned long *start)
{
	char buf[1024], *p;
	int fd = zt_syscall(open("/proc/self/stat", O_RDONLY)), n, field;

	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	zt_check(n > 0, "read /proc/self/stat");
	buf[n] = 0;
	p = strrchr(buf, ')');
	zt_check(p, "no comm in /proc/self/stat");
	/* Field 2 ends at the ')'; field 3 follows. */
	for (field = 3, p += 2; field < 47 && p; field++)
		p = strchr(p, ' ') ? strchr(p, ' ') + 1 : NULL;
	zt_check(p && sscanf(p, "%lu", start) == 1, "no start_brk in /proc/self/stat");
}

/* Read without stdio, whose buffers malloc() could take from the heap itself. */
static unsigned long heap_end(void)
{
	static char maps[1 << 16];
	unsigned long lo, hi;
	char *line;
	ssize_t n, got = 0;
	int fd = zt_syscall(open("/proc/self/maps", O_RDONLY));

	while ((n = read(fd, maps + got, sizeof(maps) - 1 - got)) > 0)
		got += n;
	close(fd);
	maps[got] = 0;
	line = strstr(maps, "[heap]");
	zt_check(line, "no [heap] in /proc/self/maps");
	while (line > maps && line[-1] != '\n')
		line--;
	zt_check(sscanf(line, "%lx-%lx", &lo, &hi) == 2, "cannot parse the [heap] line");
	return hi;
}

static unsigned char byte(uintptr_t a)
{
	return (unsigned char)(a * 31 >> 3);
}

int main(int argc, char **argv)
{
	unsigned long start, start2;
	unsigned char *base, *top, *p;

	zt_init(argc, argv);
	base = sbrk(0);
	zt_check(sbrk(GROW) == base, "sbrk: %s", strerror(errno));
	for (p = base; p < base + GROW; p++)
		*p = byte((uintptr_t)p);
	zt_check(sbrk(-(intptr_t)CUT) != (void *)-1, "sbrk down: %s", strerror(errno));
	top = sbrk(0);
	stat_brk(&start);
	zt_check(start <= (unsigned long)base, "start_brk %#lx is above the break %p", start, base);
	zt_ready();
	zt_wait();
	zt_check(sbrk(0) == top, "the break is %p, not %p", sbrk(0), top);
	stat_brk(&start2);
	zt_check(start2 == start, "/proc says start_brk %#lx, not %#lx", start2, start);
	zt_check(heap_end() == ((unsigned long)top + PG - 1) / PG * PG,
		 "[heap] ends at %#lx, the break is %p", heap_end(), top);
	for (p = base; p < top; p++)
		zt_check(*p == byte((uintptr_t)p), "heap byte at %p is %#x", p, *p);
	zt_check(sbrk(CUT) == top, "the break cannot rise: %s", strerror(errno));
	/* The bytes of the break's own page above it stayed; those of later pages are new. */
	for (p = (unsigned char *)heap_end(); p < top + CUT; p++)
		zt_check(!*p, "a page given back reads %#x at %p", *p, p);
	zt_pass();
}
