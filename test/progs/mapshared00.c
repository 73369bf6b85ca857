// SPDX-License-Identifier: GPL-2.0
/*
 * mapshared00: shared file mappings keep the access their file was opened
 * with. FILE is mapped MAP_SHARED PROT_READ twice: from an O_RDWR fd, so a
 * later mprotect(PROT_WRITE) may write through to the file, and from an
 * O_RDONLY fd, where it may not; both fds are closed. Prints "ready"; on
 * SIGUSR1 checks both mappings' contents and /proc/self/maps modes, that the
 * first takes PROT_WRITE and a store reaches the file, that the second
 * refuses it; prints "PASS mapshared00" or "FAIL mapshared00: why".
 * Usage: mapshared00 FILE
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define LEN	(4 * 4096)

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int fail(const char *why)
{
	printf("FAIL mapshared00: %s (%s)\n", why, strerror(errno));
	return 1;
}

static int mode_of(void *addr, char *mode)
{
	char line[512];
	unsigned long s, e;
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0;

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &s, &e, mode) == 3 &&
		    (unsigned long)addr >= s && (unsigned long)addr < e) {
			found = 1;
			break;
		}
	fclose(f);
	return found ? 0 : -1;
}

static int verify(const char *path, unsigned char *rw, unsigned char *ro)
{
	char mode[8];
	unsigned char c;
	int fd;

	for (int i = 0; i < LEN; i++)
		if (rw[i] != (unsigned char)(i * 13) || ro[i] != (unsigned char)(i * 13))
			return fail("contents differ");
	if (mode_of(rw, mode) || strcmp(mode, "r--s"))
		return fail("the read-write file's mapping is not r--s");
	if (mode_of(ro, mode) || strcmp(mode, "r--s"))
		return fail("the read-only file's mapping is not r--s");
	if (mprotect(rw, LEN, PROT_READ | PROT_WRITE))
		return fail("the read-write file's mapping refuses PROT_WRITE");
	rw[100] = 0xa5;
	if (msync(rw, LEN, MS_SYNC))
		return fail("msync");
	fd = open(path, O_RDONLY);
	if (fd < 0 || pread(fd, &c, 1, 100) != 1 || c != 0xa5)
		return fail("a store through the shared mapping did not reach the file");
	close(fd);
	if (!mprotect(ro, LEN, PROT_READ | PROT_WRITE) || errno != EACCES)
		return fail("the read-only file's mapping took PROT_WRITE");
	printf("PASS mapshared00\n");
	return 0;
}

int main(int argc, char **argv)
{
	unsigned char buf[LEN], *rw, *ro;
	int fd;

	if (argc != 2)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	for (int i = 0; i < LEN; i++)
		buf[i] = (unsigned char)(i * 13);
	fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || write(fd, buf, LEN) != LEN)
		return fail("create");
	rw = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	fd = open(argv[1], O_RDONLY);
	if (fd < 0)
		return fail("open");
	ro = mmap(NULL, LEN, PROT_READ, MAP_SHARED, fd, 0);
	close(fd);
	if (rw == MAP_FAILED || ro == MAP_FAILED)
		return fail("mmap");
	printf("ready\n");
	while (!go)
		pause();
	verify(argv[1], rw, ro);
	for (;;)
		pause();
}
