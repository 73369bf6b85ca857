// SPDX-License-Identifier: GPL-2.0
/*
 * shmanon01: MAP_SHARED|MAP_ANONYMOUS memory shared by three generations. The parent maps
 * 256 pages and writes the first half; a child writes the third quarter and forks a
 * grandchild that writes three pages of the last quarter and leaves the rest untouched.
 * After the restore each task sees every write and the zero pages, and a counter each
 * task increments atomically in the shared area ends at 3 (it is one object again).
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/mman.h>

#define PG	4096UL
#define NPG	256

static unsigned char want(int page)
{
	if (page < 128)
		return (unsigned char)(page + 1);
	if (page < 192)
		return (unsigned char)(page * 3);
	if (page == 200 || page == 210 || page == 250)
		return 0x5a;
	return 0;
}

static void check_all(const unsigned char *m, const char *who)
{
	int p;
	unsigned long i;

	for (p = 1; p < NPG; p++)
		for (i = 0; i < PG; i += 512)
			zt_check(m[p * PG + i] == want(p), "%s: page %d byte %lu is %#x, not %#x",
				 who, p, i, m[p * PG + i], want(p));
}

int main(int argc, char **argv)
{
	unsigned char *m;
	uint32_t *count;
	int ready[2], p;
	pid_t child, grand;
	char c;

	zt_init(argc, argv);
	m = mmap(NULL, NPG * PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	zt_check(m != MAP_FAILED, "mmap: %s", strerror(errno));
	count = (uint32_t *)m;	/* page 0 holds the counter */
	for (p = 1; p < 128; p++)
		memset(m + p * PG, want(p), PG);
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		for (p = 128; p < 192; p++)
			memset(m + p * PG, want(p), PG);
		grand = zt_syscall(fork());
		if (!grand) {
			memset(m + 200 * PG, 0x5a, PG);
			memset(m + 210 * PG, 0x5a, PG);
			memset(m + 250 * PG, 0x5a, PG);
			zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
			zt_wait();
			check_all(m, "the grandchild");
			__atomic_add_fetch(count, 1, __ATOMIC_SEQ_CST);
			exit(0);
		}
		zt_wait();
		check_all(m, "the child");
		__atomic_add_fetch(count, 1, __ATOMIC_SEQ_CST);
		zt_syscall(kill(grand, SIGTERM));
		zt_reap(grand, "the grandchild");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the grandchild did not start");
	zt_ready();
	zt_wait();
	check_all(m, "the parent");
	__atomic_add_fetch(count, 1, __ATOMIC_SEQ_CST);
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_check(*count == 3, "the shared counter is %u, not 3", *count);
	zt_pass();
}
