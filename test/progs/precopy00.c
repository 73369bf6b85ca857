// SPDX-License-Identifier: GPL-2.0
/*
 * precopy00: a workload for iterative pre-copy (vzctl chkpnt --iterative)
 * that checks its own memory. Holds MIB MiB of pages, each filled from its
 * number and a generation recorded in a directory of its own (in memory
 * too): most pages are written once and never again (cold), HOT pages are
 * rewritten every round, a few random ones each round (warm). A small
 * mapping is moved with mremap() and replaced with munmap() + mmap() over
 * and over, and a child process (a fork that keeps the hot pages and the
 * small mapping, writing its own copies) is replaced by a new fork every
 * few rounds. The moved mapping sits between PROT_NONE guards: a mapping
 * made next to another of the same flags merges with it, and the kernel
 * then counts all of the merged one's pages written (VM_SOFTDIRTY). The
 * pages are not huge: a huge page is written as a whole. Every CHECK rounds
 * the process (and the child, its own) checks every page against its
 * directory, and prints "N ok"; a page restored from the wrong pass (or
 * torn) prints "CORRUPT ..." and exits 1.
 * Usage: precopy00 MIB
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096UL
#define WORDS		(PAGE / 8)
#define HOT		64	/* pages rewritten every round */
#define WARM		2	/* random pages rewritten every round */
#define MOVE_PAGES	16	/* the mapping moved and replaced */
#define CHECK		20	/* rounds between two full checks */
#define FORK_EVERY	30	/* rounds between two forks */

static uint64_t *mem, *dir;	/* the pages, and each one's generation */
static size_t npages;
static size_t lo, hi;		/* the pages this process holds */
static uint64_t *mv, mv_gen;	/* the moved mapping and its generation */
static uint64_t *mv_other;	/* where it moves to next */
static const char *who = "parent";

static uint64_t word(uint64_t page, uint64_t gen, uint64_t i)
{
	uint64_t x = page * 0x9e3779b97f4a7c15ULL ^ gen * 0xc2b2ae3d27d4eb4fULL ^
		     (i + 1) * 0x165667b19e3779f9ULL;

	x ^= x >> 29;
	return x * 0xbf58476d1ce4e5b9ULL;
}

static void fill(uint64_t *p, uint64_t page, uint64_t gen)
{
	for (uint64_t i = 0; i < WORDS; i++)
		p[i] = word(page, gen, i);
}

static int bad(const uint64_t *p, uint64_t page, uint64_t gen)
{
	for (uint64_t i = 0; i < WORDS; i++)
		if (p[i] != word(page, gen, i))
			return 1;
	return 0;
}

static void write_page(size_t p, uint64_t gen)
{
	dir[p] = gen;
	fill(mem + p * WORDS, p, gen);
}

static void check_all(unsigned long long n)
{
	for (size_t p = lo; p < hi; p++)
		if (bad(mem + p * WORDS, p, dir[p])) {
			printf("CORRUPT %s: page %zu of generation %llu after %llu\n", who, p,
			       (unsigned long long)dir[p], n);
			exit(1);
		}
	for (size_t p = 0; p < MOVE_PAGES; p++)
		if (bad(mv + p * WORDS, 1000000 + p, mv_gen)) {
			printf("CORRUPT %s: moved page %zu of generation %llu after %llu\n", who, p,
			       (unsigned long long)mv_gen, n);
			exit(1);
		}
	printf("%s %llu ok\n", who, n);
}

/* Move the small mapping elsewhere, or replace it with a new one filled anew. */
static void churn(unsigned long round)
{
	if (round % 2) {
		uint64_t *to = mremap(mv, MOVE_PAGES * PAGE, MOVE_PAGES * PAGE,
				      MREMAP_MAYMOVE | MREMAP_FIXED, mv_other);

		if (to == MAP_FAILED) {
			perror("mremap");
			exit(2);
		}
		mv_other = mv;
		mv = to;
		return;
	}
	if (munmap(mv, MOVE_PAGES * PAGE) ||
	    mmap(mv, MOVE_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != mv) {
		perror("munmap/mmap");
		exit(2);
	}
	mv_gen++;
	for (size_t p = 0; p < MOVE_PAGES; p++)
		fill(mv + p * WORDS, 1000000 + p, mv_gen);
}

static void loop(void)
{
	struct timespec ts = { 0, 50 * 1000000 };
	unsigned long long checks = 0;
	pid_t child = 0;
	uint64_t gen = 1;

	for (unsigned long round = 1;; round++) {
		gen++;
		for (size_t p = npages / 2; p < npages / 2 + HOT; p++)
			write_page(p, gen);
		for (int i = 0; i < WARM && hi == npages; i++)
			write_page(npages / 2 + HOT + (size_t)random() % (npages / 2 - HOT), gen);
		churn(round);
		if (round % CHECK == 0)
			check_all(++checks);
		if (!strcmp(who, "parent") && round % FORK_EVERY == 0) {
			pid_t old = child;

			child = fork();
			if (child < 0) {
				perror("fork");
				exit(2);
			}
			if (!child) {	/* goes on with its own copy of the hot pages: never forks */
				who = "child";
				lo = npages / 2;
				hi = lo + HOT;
				munmap(mem, lo * PAGE);
				munmap(mem + hi * WORDS, (npages - hi) * PAGE);
				gen += 1ULL << 40;
				check_all(0);
				nanosleep(&ts, NULL);
				continue;
			}
			if (old) {
				kill(old, SIGKILL);
				waitpid(old, NULL, 0);
			}
		}
		nanosleep(&ts, NULL);
	}
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 64;

	npages = mib << 8;
	hi = npages;
	if (npages < 4 * HOT)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	mem = mmap(NULL, npages * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	dir = mmap(NULL, npages * 8, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* guard, the mapping, guard, where it moves, guard */
	mv = mmap(NULL, (2 * MOVE_PAGES + 3) * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED || dir == MAP_FAILED || mv == MAP_FAILED)
		return 2;
	madvise(mem, npages * PAGE, MADV_NOHUGEPAGE);
	mv += WORDS;
	mv_other = mv + (MOVE_PAGES + 1) * WORDS;
	munmap(mv_other, MOVE_PAGES * PAGE);
	if (mmap(mv, MOVE_PAGES * PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) != mv)
		return 2;
	for (size_t p = 0; p < npages; p++)
		write_page(p, 1);
	for (size_t p = 0; p < MOVE_PAGES; p++)
		fill(mv + p * WORDS, 1000000 + p, mv_gen);
	printf("filled %zu pages at %p pid %d\n", npages, (void *)mem, (int)getpid());
	loop();
	return 0;
}
