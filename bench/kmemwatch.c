// SPDX-License-Identifier: GPL-2.0
/*
 * kmemwatch: the kernel memory a dump uses at its peak. Samples /proc/meminfo
 * every 10 ms until SIGTERM, then prints the largest increase over the first
 * sample of
 *   slab    Slab + VmallocUsed (kmalloc, including large kmallocs, which the
 *           kernel accounts as unreclaimable slab, and vmalloc), and
 *   nonlru  MemTotal - MemFree - (Active + Inactive + Unevictable): every
 *           page in use that is on no LRU list, so the above plus page
 *           tables, kernel stacks and pages a module takes straight from the
 *           page allocator; a dump's image in tmpfs and a dumper's own memory
 *           are on the LRU lists and do not count.
 * as "slab KIB nonlru KIB". Prints "ready" once it has its first sample.
 * Usage: kmemwatch
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static int sample(long *slab, long *nonlru)
{
	long total = 0, free_ = 0, act = 0, inact = 0, unev = 0, sl = 0, vm = 0, v;
	char key[64];
	FILE *f = fopen("/proc/meminfo", "r");

	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld%*[^\n]", key, &v) == 2) {
		if (!strcmp(key, "MemTotal:"))
			total = v;
		else if (!strcmp(key, "MemFree:"))
			free_ = v;
		else if (!strcmp(key, "Active:"))
			act = v;
		else if (!strcmp(key, "Inactive:"))
			inact = v;
		else if (!strcmp(key, "Unevictable:"))
			unev = v;
		else if (!strcmp(key, "Slab:"))
			sl = v;
		else if (!strcmp(key, "VmallocUsed:"))
			vm = v;
	}
	fclose(f);
	*slab = sl + vm;
	*nonlru = total - free_ - act - inact - unev;
	return 0;
}

int main(void)
{
	struct timespec ts = { 0, 10000000 };
	long s0, n0, s, n, smax = 0, nmax = 0;

	if (signal(SIGTERM, on_term) == SIG_ERR || sample(&s0, &n0)) {
		perror("kmemwatch");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("ready\n");
	while (!stop) {
		if (sample(&s, &n))
			return 2;
		if (s - s0 > smax)
			smax = s - s0;
		if (n - n0 > nmax)
			nmax = n - n0;
		nanosleep(&ts, NULL);
	}
	printf("slab %ld nonlru %ld\n", smax, nmax);
	return 0;
}
