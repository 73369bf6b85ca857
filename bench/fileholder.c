// SPDX-License-Identifier: GPL-2.0
/*
 * fileholder: the open-file workload of the benchmarks. Creates NFILES
 * regular files in DIR, each with a line of its own, and keeps them open,
 * each at a file position of its own. SIGUSR1 re-verifies every descriptor
 * (its content, its position, its inode is the file of that name) and prints
 * "verified SEQ NFILES", or "CORRUPT ..." and exits 1. Prints "ready NFILES"
 * once all are open and "tick N" every 0.1 s.
 * Usage: fileholder NFILES DIR
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t want_verify;

static void on_usr1(int sig)
{
	(void)sig;
	want_verify++;
}

static int line(char *buf, size_t len, unsigned int i)
{
	return snprintf(buf, len, "file %u of the benchmark\n", i);
}

static int verify(const int *fds, unsigned int n, const char *dir)
{
	char want[64], got[64], path[4096];
	struct stat st, sp;

	for (unsigned int i = 0; i < n; i++) {
		int len = line(want, sizeof(want), i);

		snprintf(path, sizeof(path), "%s/f%u", dir, i);
		if (fstat(fds[i], &st) || stat(path, &sp) || st.st_ino != sp.st_ino ||
		    lseek(fds[i], 0, SEEK_CUR) != (off_t)(i % len) ||
		    pread(fds[i], got, len, 0) != len || memcmp(got, want, len)) {
			printf("CORRUPT fd %d (file %u): %s\n", fds[i], i, strerror(errno));
			return -1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 100000000 };
	unsigned long long tick = 0, seq = 0;
	char buf[64], path[4096];
	struct rlimit rl;
	unsigned int n, i;
	int *fds;

	if (argc != 3 || (n = strtoul(argv[1], NULL, 0)) == 0) {
		fprintf(stderr, "usage: fileholder NFILES DIR\n");
		return 2;
	}
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < n + 64) {
		rl.rlim_cur = rl.rlim_max = n + 64;
		if (setrlimit(RLIMIT_NOFILE, &rl)) {
			perror("fileholder: setrlimit");
			return 2;
		}
	}
	fds = calloc(n, sizeof(*fds));
	if (!fds || (mkdir(argv[2], 0755) && errno != EEXIST) || signal(SIGUSR1, on_usr1) == SIG_ERR) {
		perror("fileholder: setup");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < n; i++) {
		int len = line(buf, sizeof(buf), i);

		snprintf(path, sizeof(path), "%s/f%u", argv[2], i);
		fds[i] = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (fds[i] < 0 || write(fds[i], buf, len) != len || lseek(fds[i], i % len, SEEK_SET) < 0) {
			printf("CORRUPT creating %s: %s\n", path, strerror(errno));
			return 1;
		}
	}
	printf("ready %u\n", n);
	for (;;) {
		if (want_verify) {
			want_verify = 0;
			if (verify(fds, n, argv[2]))
				return 1;
			printf("verified %llu %u\n", ++seq, n);
		}
		printf("tick %llu\n", ++tick);
		nanosleep(&ts, NULL);
	}
}
