// SPDX-License-Identifier: GPL-2.0
/*
 * clockcheck: every PERIOD ms print "N MONO_MS BOOT_MS ok", where the
 * clocks are CLOCK_MONOTONIC and CLOCK_BOOTTIME. Exits printing "CLOCK
 * WENT BACK" if either ever decreases. Usage: clockcheck [PERIOD_MS]
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static long long ms(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	long period = argc > 1 ? strtol(argv[1], NULL, 0) : 100;
	struct timespec ts = { period / 1000, (period % 1000) * 1000000 };
	long long pm = 0, pb = 0, m, b;
	unsigned long n = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		m = ms(CLOCK_MONOTONIC);
		b = ms(CLOCK_BOOTTIME);
		if (m < pm || b < pb) {
			printf("CLOCK WENT BACK: monotonic %lld -> %lld, boottime %lld -> %lld\n",
			       pm, m, pb, b);
			return 1;
		}
		printf("%lu %lld %lld ok\n", ++n, m, b);
		pm = m;
		pb = b;
		nanosleep(&ts, NULL);
	}
}
