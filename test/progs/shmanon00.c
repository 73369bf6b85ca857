// SPDX-License-Identifier: GPL-2.0
/*
 * shmanon00: shared anonymous memory stays one object shared by every task
 * that maps it. The parent maps A (64 pages, MAP_SHARED|MAP_ANONYMOUS),
 * writes pages 0-31 and leaves 32-63 untouched, and maps B (16 pages),
 * writes it and makes it read-only; then forks two children. Child 1
 * unmaps A's pages 0-7 and writes pages 40-41 (pages no other task
 * touched); child 2 moves A elsewhere with mremap() and grows it past the
 * object's end. Each prints "ready"-ish lines; the parent prints "ready"
 * once both children are set up. On SIGUSR1 each task checks every page it
 * maps (written, the other task's writes, untouched holes still zero), that
 * /proc/self/maps shows its mappings as shared "/dev/zero (deleted)" with
 * their protection, then that the memory is still shared: child 1 writes a
 * token, the parent and child 2 wait to see it, and child 2 answers with
 * one child 1 and the parent must see. Prints "PASS shmanon00 NAME" per
 * task, or "FAIL shmanon00 NAME: why".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PG	4096UL
#define A_PAGES	64
#define B_PAGES	16
#define TOKEN1	0x5eed0001u
#define TOKEN2	0x5eed0002u

static volatile sig_atomic_t go;
static const char *name = "parent";

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int fail(const char *why)
{
	printf("FAIL shmanon00 %s: %s (%s)\n", name, why, strerror(errno));
	return 1;
}

static unsigned char pat(unsigned int page, unsigned int i, unsigned int salt)
{
	return (unsigned char)(page * 31 + i * 7 + salt);
}

static void fill(unsigned char *p, unsigned int page, unsigned int salt)
{
	for (unsigned int i = 0; i < PG; i++)
		p[i] = pat(page, i, salt);
}

/* What page @page of A holds once every task wrote its part. */
static int page_ok(const unsigned char *p, unsigned int page)
{
	for (unsigned int i = 0; i < PG; i++) {
		unsigned char want = page < 32 ? pat(page, i, 1) :
				     page == 40 || page == 41 ? pat(page, i, 2) : 0;

		if (page == 50 && i < 8)
			continue;	/* the tokens */
		if (p[i] != want)
			return 0;
	}
	return 1;
}

/* The line of /proc/self/maps holding @addr must be shared "/dev/zero (deleted)" with @mode. */
static int maps_ok(const void *addr, const char *mode)
{
	char line[512], m[8], path[256];
	unsigned long s, e;
	FILE *f = fopen("/proc/self/maps", "r");
	int ok = 0;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		path[0] = 0;
		if (sscanf(line, "%lx-%lx %4s %*s %*s %*s %255[^\n]", &s, &e, m, path) < 3)
			continue;
		if ((unsigned long)addr < s || (unsigned long)addr >= e)
			continue;
		ok = !strcmp(m, mode) && !strcmp(path, "/dev/zero (deleted)");
		break;
	}
	fclose(f);
	return ok;
}

static int wait_word(volatile uint32_t *w, uint32_t want)
{
	for (int i = 0; i < 1000; i++) {
		if (*w == want)
			return 1;
		usleep(10000);
	}
	return 0;
}

/* Check A's pages [@from, @to) mapped at @a (page @from at @a), and B at @b. */
static int check(unsigned char *a, unsigned int from, unsigned int to, const unsigned char *b)
{
	for (unsigned int pg = from; pg < to; pg++)
		if (!page_ok(a + (pg - from) * PG, pg))
			return fail("a page of A differs");
	for (unsigned int pg = 0; pg < B_PAGES; pg++)
		for (unsigned int i = 0; i < PG; i++)
			if (b[pg * PG + i] != pat(pg, i, 3))
				return fail("a page of B differs");
	if (!maps_ok(a, "rw-s"))
		return fail("A is not a shared rw-s /dev/zero mapping in /proc/self/maps");
	if (!maps_ok(b, "r--s"))
		return fail("B is not a shared r--s /dev/zero mapping in /proc/self/maps");
	return 0;
}

int main(void)
{
	unsigned char *a, *b;
	int ready[2], status;
	pid_t kid[2];
	char c;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	a = mmap(NULL, A_PAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	b = mmap(NULL, B_PAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (a == MAP_FAILED || b == MAP_FAILED || pipe(ready))
		return fail("setup");
	for (unsigned int pg = 0; pg < 32; pg++)
		fill(a + pg * PG, pg, 1);
	for (unsigned int pg = 0; pg < B_PAGES; pg++)
		fill(b + pg * PG, pg, 3);
	if (mprotect(b, B_PAGES * PG, PROT_READ))
		return fail("mprotect B");
	for (int k = 0; k < 2; k++) {
		kid[k] = fork();
		if (kid[k] < 0)
			return fail("fork");
		if (kid[k])
			continue;
		close(ready[0]);
		if (k == 0) {
			name = "child1";
			if (munmap(a, 8 * PG))
				return fail("munmap");
			fill(a + 40 * PG, 40, 2);
			fill(a + 41 * PG, 41, 2);
		} else {
			unsigned char *m;

			name = "child2";
			/* Past the object's 64 pages: the mapping is longer than its memory. */
			m = mremap(a, A_PAGES * PG, (A_PAGES + 16) * PG, MREMAP_MAYMOVE);
			if (m == MAP_FAILED)
				return fail("mremap");
			a = m;
		}
		if (write(ready[1], "r", 1) != 1)
			return fail("ready");
		while (!go)
			pause();
		if (k == 0) {
			volatile uint32_t *tok = (volatile uint32_t *)(a + 50 * PG);

			if (check(a + 8 * PG, 8, A_PAGES, b))
				return 1;
			tok[0] = TOKEN1;
			if (!wait_word(&tok[1], TOKEN2))
				return fail("child2's write is not seen");
		} else {
			volatile uint32_t *tok = (volatile uint32_t *)(a + 50 * PG);

			if (check(a, 0, A_PAGES, b))
				return 1;
			if (!wait_word(&tok[0], TOKEN1))
				return fail("child1's write is not seen");
			tok[1] = TOKEN2;
		}
		printf("PASS shmanon00 %s\n", name);
		return 0;
	}
	close(ready[1]);
	for (int k = 0; k < 2; k++)
		if (read(ready[0], &c, 1) != 1)
			return fail("a child died while setting up");
	printf("ready\n");
	while (!go)
		pause();
	if (check(a, 0, A_PAGES, b))
		return 1;
	{
		volatile uint32_t *tok = (volatile uint32_t *)(a + 50 * PG);

		if (!wait_word(&tok[0], TOKEN1) || !wait_word(&tok[1], TOKEN2))
			return fail("the children's writes are not seen");
	}
	for (int k = 0; k < 2; k++)
		if (waitpid(kid[k], &status, 0) != kid[k] || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			return fail("a child failed");
	printf("PASS shmanon00 %s\n", name);
	return 0;
}
