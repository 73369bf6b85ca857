// SPDX-License-Identifier: GPL-2.0
/*
 * membw: the guest's memory-copy bandwidth, the ceiling of a dump into a
 * sink that discards it. Copies MIB MiB from one buffer to another ROUNDS
 * times (both touched first) and prints "memcpy MiB/s" of the best round.
 * Usage: membw MIB ROUNDS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	size_t mib = argc > 1 ? strtoul(argv[1], NULL, 0) : 256, sz = mib << 20;
	int rounds = argc > 2 ? atoi(argv[2]) : 3;
	char *a = malloc(sz), *b = malloc(sz);
	double best = 0;

	if (!a || !b || !mib || rounds < 1) {
		fprintf(stderr, "usage: membw MIB ROUNDS\n");
		return 2;
	}
	memset(a, 0x5a, sz);
	memset(b, 0xa5, sz);
	for (int r = 0; r < rounds; r++) {
		double t = now(), bw;

		memcpy(r & 1 ? a : b, r & 1 ? b : a, sz);
		bw = mib / (now() - t);
		if (bw > best)
			best = bw;
	}
	printf("memcpy %.1f\n", best);
	return a[sz / 2] == b[sz / 3] ? 0 : 1;
}
