// SPDX-License-Identifier: GPL-2.0
/*
 * mmflags00: mappings whose flags change behaviour. Regions locked by mlock
 * and by mlock2(MLOCK_ONFAULT), marked MADV_DONTFORK, MADV_WIPEONFORK,
 * MADV_DONTDUMP, MADV_NOHUGEPAGE, MADV_RANDOM, MADV_SEQUENTIAL, one plain
 * region, and mlockall(MCL_FUTURE | MCL_ONFAULT). Prints "ready"; on SIGUSR1
 * checks each region's contents and VmFlags in /proc/self/smaps, that the
 * on-fault lock did not fault in untouched pages, what a forked child sees
 * (no DONTFORK region, a zeroed WIPEONFORK one), and that a new mapping is
 * locked on fault; prints "PASS mmflags00" or "FAIL mmflags00: why".
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#define PG	4096UL
#define NPG	4

enum { R_LOCK, R_ONFAULT, R_DONTFORK, R_WIPE, R_DONTDUMP, R_NOHUGE, R_RANDOM, R_SEQ, R_PLAIN, NR };

/* The smaps VmFlags token each region must have; NULL: none of them. */
static const char *const token[NR] = { "lo", "lo", "dc", "wf", "dd", "nh", "rr", "sr", NULL };
static const char *const all_tokens[] = { "lo", "dc", "wf", "dd", "nh", "rr", "sr" };
static unsigned char *reg[NR];
static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static int fail(const char *why, int r)
{
	printf("FAIL mmflags00: %s (region %d)\n", why, r);
	return 1;
}

/* VmFlags and Rss (kB) of the mapping at @addr. */
static int smaps_of(void *addr, char *flags, size_t len, long *rss)
{
	char line[512], mode[8];
	unsigned long start, end;
	int in = 0, found = 0;
	FILE *f = fopen("/proc/self/smaps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%lx-%lx %7s", &start, &end, mode) == 3) {
			in = (unsigned long)addr >= start && (unsigned long)addr < end;
			continue;
		}
		if (!in)
			continue;
		if (!strncmp(line, "Rss:", 4))
			*rss = strtol(line + 4, NULL, 10);
		if (!strncmp(line, "VmFlags:", 8)) {
			snprintf(flags, len, "%s", line + 8);
			found = 1;
		}
	}
	fclose(f);
	return found ? 0 : -1;
}

static int has(const char *flags, const char *tok)
{
	char t[4] = { ' ', tok[0], tok[1], 0 };
	char padded[520];

	snprintf(padded, sizeof(padded), " %s", flags);
	return strstr(padded, t) && (strstr(padded, t)[3] == ' ' || strstr(padded, t)[3] == '\n');
}

static int fill_ok(int r, int check)
{
	unsigned int pages = r == R_ONFAULT ? 1 : NPG;

	for (unsigned int p = 0; p < pages; p++)
		for (unsigned long i = 0; i < PG; i += 512) {
			unsigned char v = (unsigned char)(r * 31 + p * 7 + i / 512 + 1);

			if (!check)
				reg[r][p * PG + i] = v;
			else if (reg[r][p * PG + i] != v)
				return 0;
		}
	return 1;
}

static int verify(void)
{
	char flags[512];
	long rss = -1;
	int r, status;
	unsigned char *fresh;
	pid_t pid;

	for (r = 0; r < NR; r++) {
		if (!fill_ok(r, 1))
			return fail("contents differ", r);
		if (smaps_of(reg[r], flags, sizeof(flags), &rss))
			return fail("not in smaps", r);
		for (unsigned int t = 0; t < sizeof(all_tokens) / sizeof(all_tokens[0]); t++) {
			int want = token[r] && !strcmp(token[r], all_tokens[t]);

			if (has(flags, all_tokens[t]) != want) {
				printf("FAIL mmflags00: region %d VmFlags '%.*s' %s %s\n", r,
				       (int)strcspn(flags, "\n"), flags, want ? "lacks" : "has",
				       all_tokens[t]);
				return 1;
			}
		}
		if (r == R_ONFAULT && rss != (long)(PG / 1024))
			return fail("the on-fault lock faulted in untouched pages", r);
	}
	pid = fork();
	if (pid == 0) {
		/* MADV_NORMAL on an unmapped range fails with ENOMEM. */
		if (!madvise(reg[R_DONTFORK], NPG * PG, MADV_NORMAL))
			_exit(3);
		for (unsigned long i = 0; i < NPG * PG; i++)
			if (reg[R_WIPE][i])
				_exit(4);
		if (!fill_ok(R_PLAIN, 1))
			_exit(5);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return fail("fork", -1);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return fail(WIFEXITED(status) && WEXITSTATUS(status) == 3 ?
			    "a child inherited the DONTFORK region" :
			    WIFEXITED(status) && WEXITSTATUS(status) == 4 ?
			    "a child saw the WIPEONFORK region's data" : "the child failed", -1);
	fresh = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (fresh == MAP_FAILED)
		return fail("mmap after restore", -1);
	fresh[0] = 1;
	if (smaps_of(fresh, flags, sizeof(flags), &rss) || !has(flags, "lo"))
		return fail("mlockall(MCL_FUTURE) was lost: a new mapping is not locked", -1);
	if (rss != (long)(PG / 1024))
		return fail("mlockall(MCL_ONFAULT) was lost: a new mapping was faulted in", -1);
	printf("PASS mmflags00\n");
	return 0;
}

int main(void)
{
	static const int advice[NR] = {
		-1, -1, MADV_DONTFORK, MADV_WIPEONFORK, MADV_DONTDUMP, MADV_NOHUGEPAGE,
		MADV_RANDOM, MADV_SEQUENTIAL, -1,
	};
	int r;

	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	for (r = 0; r < NR; r++) {
		reg[r] = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
			      -1, 0);
		if (reg[r] == MAP_FAILED)
			return fail("mmap", r) + 1;
		if (r == R_LOCK && mlock(reg[r], NPG * PG))
			return fail("mlock", r) + 1;
		if (r == R_ONFAULT && mlock2(reg[r], NPG * PG, MLOCK_ONFAULT))
			return fail("mlock2", r) + 1;
		if (advice[r] >= 0 && madvise(reg[r], NPG * PG, advice[r]))
			return fail("madvise", r) + 1;
		fill_ok(r, 0);
	}
	if (mlockall(MCL_FUTURE | MCL_ONFAULT))
		return fail("mlockall", -1) + 1;
	printf("ready\n");
	while (!go)
		pause();
	verify();
	for (;;)
		pause();
}
