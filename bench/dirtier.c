// SPDX-License-Identifier: GPL-2.0
/*
 * dirtier: the workload of the migration-freeze benchmark (bench/migfreeze).
 * Holds MIB MiB of anonymous memory and keeps rewriting the first WSMIB MiB
 * of it (its working set, in MiB with a fraction: 2.56 is 655 pages), a
 * round every 10 ms; the rest is written once.
 * Every word is a function of its page's index and version, so SIGUSR1's full
 * verification ("verified N", or "CORRUPT" and exit 1) sees a page that came
 * back wrong. Prints "ready" once the memory is filled, "round N" every 100.
 * Usage: dirtier MIB WSMIB
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

static void on_usr1(int sig)
{
	(void)sig;
	want_verify++;
}

static uint64_t word(size_t page, uint32_t v, size_t i)
{
	return ((uint64_t)page << 32 | v) * 0x9e3779b97f4a7c15ULL + i;
}

static void fill(uint64_t *p, size_t page, uint32_t v)
{
	for (size_t i = 0; i < WPP; i++)
		p[i] = word(page, v, i);
}

int main(int argc, char **argv)
{
	struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct sigaction sa = { .sa_handler = on_usr1 };
	size_t pages, ws, verified = 0;
	double wsmib;
	uint64_t *mem, rounds = 0;
	uint32_t *ver;

	if (argc < 3) {
		fprintf(stderr, "usage: dirtier MIB WSMIB\n");
		return 2;
	}
	pages = strtoul(argv[1], NULL, 0) * 256;
	wsmib = strtod(argv[2], NULL);
	ws = wsmib >= 0 && wsmib <= pages / 256 ? (size_t)(wsmib * 256) : pages + 1;
	if (!pages || ws > pages) {
		fprintf(stderr, "dirtier: bad sizes\n");
		return 2;
	}
	mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ver = calloc(pages, sizeof(*ver));
	if (mem == MAP_FAILED || !ver) {
		perror("dirtier");
		return 1;
	}
	for (size_t p = 0; p < pages; p++)
		fill(mem + p * WPP, p, 0);
	sigaction(SIGUSR1, &sa, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready %zu pages, working set %zu\n", pages, ws);
	for (;;) {
		for (size_t p = 0; p < ws; p++)
			fill(mem + p * WPP, p, ++ver[p]);
		if (++rounds % 100 == 0)
			printf("round %llu\n", (unsigned long long)rounds);
		if (want_verify) {
			want_verify = 0;
			for (size_t p = 0; p < pages; p++)
				for (size_t i = 0; i < WPP; i++)
					if (mem[p * WPP + i] != word(p, ver[p], i)) {
						printf("CORRUPT page %zu word %zu\n", p, i);
						return 1;
					}
			printf("verified %zu\n", ++verified);
		}
		nanosleep(&tick, NULL);
	}
}
