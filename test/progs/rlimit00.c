// SPDX-License-Identifier: GPL-2.0
/*
 * rlimit00: resource limits, soft below hard, each different: NOFILE, NPROC, CORE,
 * STACK, FSIZE, MSGQUEUE, NICE, RTPRIO, SIGPENDING, MEMLOCK, AS, DATA, CPU, LOCKS. A
 * child forked before the dump has its own, lower ones. Each task checks every limit.
 */
#include "zdtm.h"

#include <sys/resource.h>

static const int res[] = { RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_CORE, RLIMIT_STACK, RLIMIT_FSIZE,
			   RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_RTPRIO, RLIMIT_SIGPENDING,
			   RLIMIT_MEMLOCK, RLIMIT_AS, RLIMIT_DATA, RLIMIT_CPU, RLIMIT_LOCKS };
#define NR	((int)(sizeof(res) / sizeof(res[0])))

static void want(int i, int shift, struct rlimit *r)
{
	struct rlimit now;

	zt_syscall(getrlimit(res[i], &now));
	/* Lower than the inherited hard limit, distinct per resource and per task. */
	r->rlim_max = now.rlim_max == RLIM_INFINITY ? (1ULL << 40) + i : now.rlim_max;
	if (res[i] == RLIMIT_NICE || res[i] == RLIMIT_RTPRIO)
		r->rlim_cur = r->rlim_max > 5 ? (rlim_t)(5 - shift) : r->rlim_max;
	else if (res[i] == RLIMIT_NOFILE)
		r->rlim_cur = 200 + i - shift;
	else
		r->rlim_cur = r->rlim_max > (1ULL << 30) ? (1ULL << 30) + 4096 * i - shift * 8192 :
			      r->rlim_max;
}

static void set_all(int shift, struct rlimit *r)
{
	int i;

	for (i = 0; i < NR; i++) {
		want(i, shift, &r[i]);
		if (setrlimit(res[i], &r[i]) < 0)
			zt_fail("setrlimit %d to %llu/%llu: %s", res[i],
				(unsigned long long)r[i].rlim_cur,
				(unsigned long long)r[i].rlim_max, strerror(errno));
	}
}

static void check_all(const struct rlimit *r, const char *who)
{
	struct rlimit now;
	int i;

	for (i = 0; i < NR; i++) {
		zt_syscall(getrlimit(res[i], &now));
		zt_check(now.rlim_cur == r[i].rlim_cur && now.rlim_max == r[i].rlim_max,
			 "%s: limit %d is %llu/%llu, not %llu/%llu", who, res[i],
			 (unsigned long long)now.rlim_cur, (unsigned long long)now.rlim_max,
			 (unsigned long long)r[i].rlim_cur, (unsigned long long)r[i].rlim_max);
	}
}

int main(int argc, char **argv)
{
	struct rlimit mine[NR], its[NR];
	int ready[2];
	pid_t child;
	char c;

	zt_init(argc, argv);
	set_all(0, mine);
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		set_all(1, its);
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		check_all(its, "the child");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	check_all(mine, "the parent");
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
