// SPDX-License-Identifier: GPL-2.0
/*
 * regs: THREADS threads, each keeping its own values in general registers
 * and in the AVX (or SSE) registers across a busy loop; a value that changes
 * under a thread is a restore that lost or mixed register state. Prints
 * "regs N ok" every ~second; "REGS BROKEN" and exit 1 on a mismatch.
 * Usage: regs THREADS
 */
#include <cpuid.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int have_avx;
static volatile uint64_t rounds[64];

/* Load 4 x 64-bit values into ymm7/xmm7 and r12..r15, spin, read them back. */
static int check_once(uint64_t seed)
{
	uint64_t in[4] = { seed, seed * 3, seed * 5, seed * 7 }, out[4] = { 0 };
	uint64_t r12 = seed ^ 0x1111, r13 = seed ^ 0x2222, o12, o13;
	long spin = 200000;

	if (have_avx)
		__asm__ volatile("vmovdqu %0, %%ymm7" : : "m"(in) : "xmm7");
	else
		__asm__ volatile("movdqu %0, %%xmm7" : : "m"(in) : "xmm7");
	__asm__ volatile("mov %2, %%r12\n\tmov %3, %%r13\n"
			 "1:\n\tdec %4\n\tjnz 1b\n"
			 "\tmov %%r12, %0\n\tmov %%r13, %1\n"
			 : "=r"(o12), "=r"(o13) : "r"(r12), "r"(r13), "r"(spin) : "r12", "r13");
	if (have_avx)
		__asm__ volatile("vmovdqu %%ymm7, %0" : "=m"(out) : : "memory");
	else
		__asm__ volatile("movdqu %%xmm7, %0" : "=m"(out) : : "memory");
	if (o12 != r12 || o13 != r13)
		return 0;
	return out[0] == in[0] && out[1] == in[1] && (!have_avx || (out[2] == in[2] && out[3] == in[3]));
}

static void *worker(void *arg)
{
	long id = (long)arg;
	uint64_t seed = 0x9e3779b97f4a7c15ULL * (id + 1);

	for (;;) {
		if (!check_once(seed + rounds[id])) {
			printf("REGS BROKEN in thread %ld\n", id);
			exit(1);
		}
		rounds[id]++;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 4, i;
	unsigned int a, b, c, d;
	pthread_t t;
	uint64_t k = 0;

	if (n < 1 || n > 64)
		return 2;
	if (__get_cpuid(1, &a, &b, &c, &d))
		have_avx = (c & bit_AVX) && (c & bit_OSXSAVE);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, worker, (void *)i))
			return 2;
	for (;;) {
		sleep(1);
		for (i = 0; i < n; i++)
			if (!rounds[i])
				break;
		printf("regs %llu ok (%s, %ld threads)\n", (unsigned long long)++k,
		       have_avx ? "avx" : "sse", n);
	}
}
