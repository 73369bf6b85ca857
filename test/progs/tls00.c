// SPDX-License-Identifier: GPL-2.0
/*
 * tls00: THREADS threads, each with its own thread-local data (reached
 * through its fs base) and its own gs base (set with arch_prctl to a block
 * of its own), checked on every round of a busy loop: a restore that gives
 * a thread another thread's or the dumper's fs or gs base, or a stale one,
 * shows as a wrong value or a fault. Prints "N ok" every ~second; "TLS
 * BROKEN" and exit 1 on a mismatch.
 * Usage: tls00 THREADS
 */
#define _GNU_SOURCE
#include <asm/prctl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#define MAXT 32

struct gsblock {
	uint64_t magic;		/* read through %gs:0 */
	long id;
};

static __thread uint64_t tls_val;
static __thread uint64_t tls_arr[64];
static __thread long tls_id = -1;
static struct gsblock gsb[MAXT];
static volatile uint64_t rounds[MAXT];

static uint64_t expect(long id, uint64_t round)
{
	return (0x9e3779b97f4a7c15ULL * (uint64_t)(id + 1)) ^ round;
}

static void broken(long id, const char *what)
{
	printf("TLS BROKEN in thread %ld: %s\n", id, what);
	exit(1);
}

static void *worker(void *arg)
{
	long id = (long)arg, i;
	unsigned long self = (unsigned long)pthread_self(), base;
	uint64_t r = 0, g;

	tls_id = id;
	tls_val = expect(id, 0);
	for (i = 0; i < 64; i++)
		tls_arr[i] = expect(id, i) + 1;
	gsb[id].magic = expect(id, 12345);
	gsb[id].id = id;
	if (syscall(SYS_arch_prctl, ARCH_SET_GS, (unsigned long)&gsb[id]))
		broken(id, "arch_prctl(ARCH_SET_GS)");
	for (;;) {
		if (tls_id != id || tls_val != expect(id, r))
			broken(id, "its __thread value changed");
		if (tls_arr[r & 63] != expect(id, r & 63) + 1)
			broken(id, "its __thread array changed");
		if ((unsigned long)pthread_self() != self)
			broken(id, "pthread_self() changed (fs base)");
		__asm__ volatile("mov %%gs:0, %0" : "=r"(g));
		if (g != gsb[id].magic)
			broken(id, "%gs:0 changed (gs base)");
		if ((r & 0xffff) == 0) {
			if (syscall(SYS_arch_prctl, ARCH_GET_FS, &base) || base != self)
				broken(id, "ARCH_GET_FS is not its own thread pointer");
			if (syscall(SYS_arch_prctl, ARCH_GET_GS, &base) ||
			    base != (unsigned long)&gsb[id])
				broken(id, "ARCH_GET_GS is not its own block");
		}
		tls_val = expect(id, ++r);
		rounds[id] = r;
	}
	return NULL;
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 0) : 4, i;
	uint64_t k = 0, seen[MAXT] = { 0 };
	pthread_t t;

	if (n < 1 || n > MAXT)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++)
		if (pthread_create(&t, NULL, worker, (void *)i))
			return 2;
	for (;;) {
		sleep(1);
		/* Every thread must be making progress, each on its own data. */
		for (i = 0; i < n; i++) {
			if (rounds[i] == seen[i])
				break;
			seen[i] = rounds[i];
		}
		if (i == n)
			printf("%llu ok (%ld threads)\n", (unsigned long long)++k, n);
	}
}
