// SPDX-License-Identifier: GPL-2.0
/*
 * pipe00: a pipe's capacity and O_NONBLOCK. One pipe is grown to 1 MiB
 * with F_SETPIPE_SZ and holds 200000 bytes (more than a default pipe's
 * 64 KiB), its write end O_NONBLOCK; a second, empty pipe has an
 * O_NONBLOCK read end. Prints "ready"; on SIGUSR1 checks F_GETPIPE_SZ, each
 * end's O_NONBLOCK, the buffered bytes, that an empty O_NONBLOCK read
 * gives EAGAIN and that the full pipe takes exactly its capacity; prints
 * "PASS pipe00" or "FAIL pipe00: why".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CAP	(1 << 20)
#define HELD	200000
#define ROOM	((CAP / 4096 - (HELD + 4095) / 4096) * 4096)

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int fail(const char *why)
{
	printf("FAIL pipe00: %s (%s)\n", why, strerror(errno));
	return 1;
}

static int verify(int *a, int *b)
{
	static char buf[CAP];
	long total = 0;
	ssize_t n;

	if (fcntl(a[0], F_GETPIPE_SZ) != CAP)
		return fail("the pipe's capacity is not 1 MiB");
	if (!(fcntl(a[1], F_GETFL) & O_NONBLOCK) || (fcntl(a[0], F_GETFL) & O_NONBLOCK))
		return fail("the first pipe's O_NONBLOCK is not as it was");
	if (!(fcntl(b[0], F_GETFL) & O_NONBLOCK) || (fcntl(b[1], F_GETFL) & O_NONBLOCK))
		return fail("the second pipe's O_NONBLOCK is not as it was");
	if (read(b[0], buf, 1) != -1 || errno != EAGAIN)
		return fail("an empty O_NONBLOCK read did not give EAGAIN");
	/* Fill up to the capacity: 4 KiB writes take whole pages, the held bytes 49. */
	while ((n = write(a[1], buf, 4096)) > 0)
		total += n;
	if (errno != EAGAIN || total != ROOM) {
		printf("FAIL pipe00: the full pipe took %ld more bytes, not %d\n", total,
		       ROOM);
		return 1;
	}
	for (long i = 0; i < HELD; i += n) {
		n = read(a[0], buf, HELD - i);
		if (n <= 0)
			return fail("read");
		for (long j = 0; j < n; j++)
			if (buf[j] != (char)((i + j) * 7))
				return fail("the buffered bytes differ");
	}
	printf("PASS pipe00\n");
	return 0;
}

int main(void)
{
	static char buf[HELD];
	int a[2], b[2];

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	if (pipe(a) || pipe(b))
		return fail("pipe");
	if (fcntl(a[0], F_SETPIPE_SZ, CAP) != CAP)
		return fail("F_SETPIPE_SZ");
	for (int i = 0; i < HELD; i++)
		buf[i] = (char)(i * 7);
	if (write(a[1], buf, HELD) != HELD)
		return fail("write");
	if (fcntl(a[1], F_SETFL, O_NONBLOCK) || fcntl(b[0], F_SETFL, O_NONBLOCK))
		return fail("F_SETFL");
	printf("ready\n");
	while (!go)
		pause();
	verify(a, b);
	for (;;)
		pause();
}
