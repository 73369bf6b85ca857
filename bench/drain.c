// SPDX-License-Identifier: GPL-2.0
/*
 * drain: the reader that drops what it reads, 1 MiB a read, and prints how
 * many bytes it took. busybox cat and wc read 4 KiB at a time; under
 * emulation their system calls, not the writer, would set the pace.
 * With -s it splices the pipe into /dev/null instead: a reader that never
 * copies, to show what the writer alone reaches.
 * Usage: WRITER | drain [-s]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	size_t sz = 1 << 20;
	int splicing = argc > 1 && !strcmp(argv[1], "-s");
	int null = splicing ? open("/dev/null", O_WRONLY) : -1;
	char *buf = malloc(sz);
	unsigned long long total = 0;
	ssize_t n;

	if (!buf || (splicing && null < 0))
		return 2;
	while ((n = splicing ? splice(STDIN_FILENO, NULL, null, NULL, sz, SPLICE_F_MOVE) :
			       read(STDIN_FILENO, buf, sz)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror(splicing ? "drain: splice" : "drain: read");
			return 1;
		}
		total += n;
	}
	printf("%llu\n", total);
	return 0;
}
