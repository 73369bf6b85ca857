// SPDX-License-Identifier: GPL-2.0
/*
 * pipeline: a producer writes a numbered stream into a pipe faster than the
 * consumer reads it, so the pipe is full and the producer blocked in write()
 * most of the time. The consumer checks every number arrives once, in order,
 * and prints "pipe N ok" every 1000 numbers; "PIPE BROKEN" and exit 1 otherwise.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec nap = { 0, 2000000 };
	uint64_t v, want = 0;
	int p[2];

	if (pipe(p))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (fork() == 0) {
		close(p[0]);
		for (v = 0;; v++)
			if (write(p[1], &v, sizeof(v)) != sizeof(v))
				return 1;
	}
	close(p[1]);
	for (;;) {
		ssize_t n = read(p[0], &v, sizeof(v));

		if (n != sizeof(v) || v != want) {
			printf("PIPE BROKEN: got %llu (read %zd), wanted %llu\n",
			       (unsigned long long)v, n, (unsigned long long)want);
			return 1;
		}
		if (++want % 1000 == 0) {
			printf("pipe %llu ok\n", (unsigned long long)want);
			nanosleep(&nap, NULL);
		}
	}
}
