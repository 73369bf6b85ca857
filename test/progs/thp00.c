// SPDX-License-Identifier: GPL-2.0
/*
 * thp00: memory in transparent huge pages. Maps 8 MiB aligned to 2 MiB,
 * MADV_HUGEPAGE, fills it with a pattern and prints "ready ADDR KB" with
 * its AnonHugePages (kB); on SIGUSR1 checks every word and prints
 * "PASS thp00 KB" (AnonHugePages now) or "FAIL thp00: why".
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define HUGE	(2UL << 20)
#define LEN	(8UL << 20)

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static long huge_kb(void *addr)
{
	char line[256], mode[8];
	unsigned long s, e;
	long kb = -1;
	int in = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &s, &e, mode) == 3)
			in = (unsigned long)addr >= s && (unsigned long)addr < e;
		else if (in && !strncmp(line, "AnonHugePages:", 14))
			kb = strtol(line + 14, NULL, 10);
	}
	fclose(f);
	return kb;
}

int main(void)
{
	uint64_t *w;
	char *raw;
	size_t i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	raw = mmap(NULL, LEN + HUGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		return 1;
	w = (uint64_t *)(((uintptr_t)raw + HUGE - 1) & ~(HUGE - 1));
	if (madvise(w, LEN, MADV_HUGEPAGE)) {
		printf("FAIL thp00: madvise\n");
		return 1;
	}
	for (i = 0; i < LEN / 8; i++)
		w[i] = (uint64_t)(uintptr_t)&w[i] * 0x9e3779b97f4a7c15ULL;
	printf("ready %p %ld\n", (void *)w, huge_kb(w));
	while (!go)
		pause();
	for (i = 0; i < LEN / 8; i++)
		if (w[i] != (uint64_t)(uintptr_t)&w[i] * 0x9e3779b97f4a7c15ULL) {
			printf("FAIL thp00: word %zu differs\n", i);
			return 1;
		}
	printf("PASS thp00 %ld\n", huge_kb(w));
	for (;;)
		pause();
}
