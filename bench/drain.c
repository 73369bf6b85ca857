// SPDX-License-Identifier: GPL-2.0
/*
 * drain: the reader that drops what it reads, 1 MiB a read, and prints how
 * many bytes it took. busybox cat and wc read 4 KiB at a time; under
 * emulation their system calls, not the writer, would set the pace.
 * Usage: WRITER | drain
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(void)
{
	size_t sz = 1 << 20;
	char *buf = malloc(sz);
	unsigned long long total = 0;
	ssize_t n;

	if (!buf)
		return 2;
	while ((n = read(STDIN_FILENO, buf, sz)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			perror("drain: read");
			return 1;
		}
		total += n;
	}
	printf("%llu\n", total);
	return 0;
}
