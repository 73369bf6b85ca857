// SPDX-License-Identifier: GPL-2.0
/*
 * forker: a CT for killing during a dump. The init forks N children, each
 * with MB MiB of touched memory and a pipe to its parent, and reaps them;
 * everyone sleeps. Prints "ready N" once all children have their memory.
 * Usage: forker N MB
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int n = argc == 3 ? atoi(argv[1]) : 0, mb = argc == 3 ? atoi(argv[2]) : 0;
	int p[2], i, st;
	char c;

	if (n <= 0 || mb <= 0 || pipe(p))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		if (fork() == 0) {
			char *m = malloc((size_t)mb << 20);

			if (!m)
				_exit(1);
			memset(m, i + 1, (size_t)mb << 20);
			if (write(p[1], "x", 1) != 1)
				_exit(1);
			for (;;)
				pause();
		}
	}
	for (i = 0; i < n; i++)
		if (read(p[0], &c, 1) != 1)
			return 1;
	printf("ready %d\n", n);
	for (;;)
		wait(&st);
}
