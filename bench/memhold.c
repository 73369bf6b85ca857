// SPDX-License-Identifier: GPL-2.0
/*
 * memhold: the memory workload of the benchmarks. Holds MIB MiB of anonymous
 * memory, every word a function of its page's index and version; every 0.1 s
 * it rewrites about 1 % of the pages with a new version (so a dump always
 * sees dirty memory) and re-verifies a slice of the rest. SIGUSR1 asks for a
 * full verification, answered by a "verified SEQ" line, or "CORRUPT" and
 * exit 1 if any word differs. Each tick prints "tick N".
 * Usage: memhold MIB
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>

#define PAGE 4096
#define WPP (PAGE / sizeof(uint64_t))

static volatile sig_atomic_t want_verify;
static uint64_t *mem;
static uint32_t *ver;
static size_t pages;

static void on_usr1(int sig)
{
	(void)sig;
	want_verify++;
}

static inline uint64_t word(size_t page, uint32_t v, size_t i)
{
	uint64_t x = (page * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)v << 32) ^ i;

	x ^= x >> 31;
	return x * 0xBF58476D1CE4E5B9ULL;
}

static void fill(size_t p)
{
	for (size_t i = 0; i < WPP; i++)
		mem[p * WPP + i] = word(p, ver[p], i);
}

static int check(size_t p)
{
	for (size_t i = 0; i < WPP; i++)
		if (mem[p * WPP + i] != word(p, ver[p], i)) {
			printf("CORRUPT page %zu word %zu version %u\n", p, i, ver[p]);
			return -1;
		}
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 100000000 };
	size_t dirty, slice, cursor = 0, p, i;
	uint64_t rnd = 88172645463325252ULL, tick = 0, seq = 0;

	if (argc != 2 || (pages = strtoul(argv[1], NULL, 0) * 256) == 0) {
		fprintf(stderr, "usage: memhold MIB\n");
		return 2;
	}
	mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ver = calloc(pages, sizeof(*ver));
	if (mem == MAP_FAILED || !ver) {
		perror("memhold: allocation");
		return 2;
	}
	for (p = 0; p < pages; p++)
		fill(p);
	if (signal(SIGUSR1, on_usr1) == SIG_ERR)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	dirty = pages / 100 ? pages / 100 : 1;
	slice = 256;	/* 1 MiB re-verified per tick: cheap even under emulation */
	printf("ready %zu pages\n", pages);
	for (;;) {
		for (i = 0; i < dirty; i++) {
			rnd ^= rnd << 13;
			rnd ^= rnd >> 7;
			rnd ^= rnd << 17;
			p = rnd % pages;
			if (check(p))
				return 1;
			ver[p]++;
			fill(p);
		}
		for (i = 0; i < slice; i++, cursor = (cursor + 1) % pages)
			if (check(cursor))
				return 1;
		if (want_verify) {
			want_verify = 0;
			for (p = 0; p < pages; p++)
				if (check(p))
					return 1;
			printf("verified %llu\n", (unsigned long long)++seq);
		}
		printf("tick %llu\n", (unsigned long long)++tick);
		nanosleep(&ts, NULL);
	}
}
