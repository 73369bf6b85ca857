// SPDX-License-Identifier: GPL-2.0
/*
 * spawner: the process-count workload of the benchmarks. Forks NPROC
 * children, each holding 1 MiB of anonymous memory filled with a pattern of
 * its own. SIGUSR1 to the parent makes every child re-verify its memory and
 * answer through a pipe; the parent then prints "verified SEQ NPROC", or
 * "CORRUPT ..." and exits 1. The parent prints "ready NPROC" once all are
 * filled, and "tick N" every 0.1 s.
 * Usage: spawner NPROC
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <time.h>
#include <unistd.h>

#define SZ (1 << 20)
#define WORDS (SZ / sizeof(uint64_t))

static volatile sig_atomic_t want_verify;

static void on_usr1(int sig)
{
	(void)sig;
	want_verify++;
}

static uint64_t word(unsigned int child, size_t i)
{
	uint64_t x = ((uint64_t)child << 40) ^ (i * 0x9E3779B97F4A7C15ULL);

	x ^= x >> 29;
	return x * 0xBF58476D1CE4E5B9ULL;
}

static void child(unsigned int n, int wfd)
{
	uint64_t *mem = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	sigset_t none;
	char c = 'r';
	size_t i;

	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (mem == MAP_FAILED)
		_exit(2);
	for (i = 0; i < WORDS; i++)
		mem[i] = word(n, i);
	if (write(wfd, &c, 1) != 1)
		_exit(2);
	sigemptyset(&none);
	for (;;) {
		while (!want_verify)
			sigsuspend(&none);
		want_verify = 0;
		c = 'o';
		for (i = 0; i < WORDS; i++)
			if (mem[i] != word(n, i))
				c = 'X';
		if (write(wfd, &c, 1) != 1)
			_exit(2);
	}
}

/* Read @n answers from @fd; the number of bad ones, or -1. */
static long collect(int fd, unsigned int n, char want)
{
	char buf[256];
	long bad = 0;

	while (n) {
		ssize_t r = read(fd, buf, n < sizeof(buf) ? n : sizeof(buf));

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		for (ssize_t i = 0; i < r; i++)
			bad += buf[i] != want;
		n -= r;
	}
	return bad;
}

int main(int argc, char **argv)
{
	struct timespec ts = { 0, 100000000 };
	unsigned int nproc, i;
	uint64_t tick = 0, seq = 0;
	sigset_t usr1, old;
	pid_t *pids;
	int p[2];
	long bad;

	if (argc != 2 || (nproc = strtoul(argv[1], NULL, 0)) == 0) {
		fprintf(stderr, "usage: spawner NPROC\n");
		return 2;
	}
	pids = calloc(nproc, sizeof(*pids));
	if (!pids || pipe(p) || signal(SIGUSR1, on_usr1) == SIG_ERR) {
		perror("spawner: setup");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Children must not see a SIGUSR1 before their handler's flag is theirs. */
	sigemptyset(&usr1);
	sigaddset(&usr1, SIGUSR1);
	sigprocmask(SIG_BLOCK, &usr1, &old);
	for (i = 0; i < nproc; i++) {
		pids[i] = fork();
		if (pids[i] < 0) {
			printf("CORRUPT fork %u: %s\n", i, strerror(errno));
			return 1;
		}
		if (pids[i] == 0) {
			close(p[0]);
			sigprocmask(SIG_SETMASK, &old, NULL);
			child(i, p[1]);
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (collect(p[0], nproc, 'r')) {
		printf("CORRUPT children did not start\n");
		return 1;
	}
	printf("ready %u\n", nproc);
	for (;;) {
		if (want_verify) {
			want_verify = 0;
			for (i = 0; i < nproc; i++)
				if (kill(pids[i], SIGUSR1)) {
					printf("CORRUPT child %u (pid %d) gone\n", i, pids[i]);
					return 1;
				}
			bad = collect(p[0], nproc, 'o');
			if (bad) {
				printf("CORRUPT %ld children of %u\n", bad, nproc);
				return 1;
			}
			printf("verified %llu %u\n", (unsigned long long)++seq, nproc);
		}
		printf("tick %llu\n", (unsigned long long)++tick);
		nanosleep(&ts, NULL);
	}
}
