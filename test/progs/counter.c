// SPDX-License-Identifier: GPL-2.0
/*
 * counter: the simplest self-checking workload. Holds MIB MiB of a
 * pseudo-random pattern, and every PERIOD ms verifies it, bumps a counter
 * and prints "N ok" on stdout. Exits 1 printing "CORRUPT" if memory changed.
 * Usage: counter MIB [PERIOD_MS]
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static uint64_t next(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

int main(int argc, char **argv)
{
	size_t words = (argc > 1 ? strtoul(argv[1], NULL, 0) : 1) << 17;
	long period = argc > 2 ? strtol(argv[2], NULL, 0) : 100;
	struct timespec ts = { period / 1000, (period % 1000) * 1000000 };
	uint64_t *mem = malloc(words * sizeof(*mem)), s = 88172645463325252ULL, n = 0;
	size_t i;

	if (!mem)
		return 2;
	for (i = 0; i < words; i++)
		mem[i] = next(&s);
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		uint64_t t = 88172645463325252ULL;

		for (i = 0; i < words; i++)
			if (mem[i] != next(&t)) {
				printf("CORRUPT at word %zu after %llu\n", i, (unsigned long long)n);
				return 1;
			}
		printf("%llu ok\n", (unsigned long long)++n);
		nanosleep(&ts, NULL);
	}
}
