// SPDX-License-Identifier: GPL-2.0
/*
 * trickle: copy FILE to stdout in 64 KiB chunks, DELAY_US apart, and stall
 * for good (holding stdout open) once STALL_AT bytes are out: a writer that
 * stops half-way, as a stalled migration stream does.
 * Usage: trickle FILE STALL_AT [DELAY_US]
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	static char buf[65536];
	long long stall, done = 0;
	long delay;
	ssize_t n, w, off;
	int fd;

	if (argc < 3)
		return 2;
	stall = atoll(argv[2]);
	delay = argc > 3 ? atol(argv[3]) : 0;
	fd = open(argv[1], O_RDONLY);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	while (done < stall) {
		long long want = stall - done;

		n = read(fd, buf, want < (long long)sizeof(buf) ? (size_t)want : sizeof(buf));
		if (n <= 0)
			break;
		for (off = 0; off < n; off += w) {
			w = write(1, buf + off, n - off);
			if (w <= 0)
				return 1;
		}
		done += n;
		if (delay)
			usleep(delay);
	}
	for (;;)
		pause();
}
