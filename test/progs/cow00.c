// SPDX-License-Identifier: GPL-2.0
/*
 * cow00: private memory shared copy-on-write after fork. The parent fills 8 MiB, forks
 * two children; child 1 rewrites the first quarter, child 2 the second, the parent the
 * last; nobody touches the third. After the restore each task sees its own writes and
 * the original bytes elsewhere (the others' writes never), and a write by one is still
 * private to it.
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/mman.h>

#define SZ	(8UL << 20)
#define Q	(SZ / 4)

static void check(const uint8_t *m, int who)
{
	unsigned long i;

	for (i = 0; i < SZ; i += 64) {
		int q = (int)(i / Q);
		uint8_t want = (uint8_t)(i / 64);

		if ((q == 0 && who == 1) || (q == 1 && who == 2) || (q == 3 && who == 0))
			want = (uint8_t)(0xa0 + who);
		zt_check(m[i] == want, "task %d: byte %lu is %#x, not %#x", who, i, m[i], want);
	}
}

static pid_t child(uint8_t *m, int who, int *ready)
{
	pid_t pid = zt_syscall(fork());

	if (pid)
		return pid;
	memset(m + (who - 1) * Q, 0xa0 + who, Q);
	zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	check(m, who);
	m[3 * Q] = 0x11;	/* private: the parent must not see it */
	exit(0);
}

int main(int argc, char **argv)
{
	uint8_t *m;
	unsigned long i;
	int ready[2];
	pid_t c1, c2;
	char c;

	zt_init(argc, argv);
	m = mmap(NULL, SZ, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zt_check(m != MAP_FAILED, "mmap: %s", strerror(errno));
	for (i = 0; i < SZ; i++)
		m[i] = (uint8_t)(i / 64);
	zt_syscall(pipe(ready));
	c1 = child(m, 1, ready);
	c2 = child(m, 2, ready);
	memset(m + 3 * Q, 0xa0, Q);
	zt_check(read(ready[0], &c, 1) == 1 && read(ready[0], &c, 1) == 1,
		 "the children did not start");
	zt_ready();
	zt_wait();
	check(m, 0);
	zt_syscall(kill(c1, SIGTERM));
	zt_reap(c1, "child 1");
	zt_check(m[3 * Q] == 0xa0, "child 1's write reached the parent");
	zt_syscall(kill(c2, SIGTERM));
	zt_reap(c2, "child 2");
	zt_pass();
}
