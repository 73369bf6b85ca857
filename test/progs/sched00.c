// SPDX-License-Identifier: GPL-2.0
/*
 * sched00: scheduling state. The parent runs SCHED_BATCH at nice 7 on CPU 0 only; a
 * child runs SCHED_IDLE; another SCHED_RR priority 3 with SCHED_RESET_ON_FORK, on every
 * CPU. Each checks its policy, priority, nice, reset-on-fork and affinity afterwards.
 */
#include "zdtm.h"

#include <sched.h>
#include <sys/resource.h>

static void check(int policy, int prio, int nice, int one_cpu, const char *who)
{
	struct sched_param sp;
	cpu_set_t set;
	int p = sched_getscheduler(0);

	zt_check(p >= 0, "%s: sched_getscheduler: %s", who, strerror(errno));
	zt_check(p == policy, "%s: policy %#x, not %#x", who, p, policy);
	zt_syscall(sched_getparam(0, &sp));
	zt_check(sp.sched_priority == prio, "%s: priority %d, not %d", who, sp.sched_priority,
		 prio);
	errno = 0;
	p = getpriority(PRIO_PROCESS, 0);
	zt_check(!errno && ((policy & ~SCHED_RESET_ON_FORK) == SCHED_RR || p == nice),
		 "%s: nice %d, not %d", who, p, nice);
	zt_syscall(sched_getaffinity(0, sizeof(set), &set));
	if (one_cpu)
		zt_check(CPU_COUNT(&set) == 1 && CPU_ISSET(0, &set), "%s: runs on %d CPUs", who,
			 CPU_COUNT(&set));
	else
		zt_check(CPU_COUNT(&set) == sysconf(_SC_NPROCESSORS_ONLN),
			 "%s: runs on %d CPUs of %ld", who, CPU_COUNT(&set),
			 sysconf(_SC_NPROCESSORS_ONLN));
}

static pid_t spawn(int policy, int prio, int *ready)
{
	struct sched_param sp = { .sched_priority = prio };
	cpu_set_t all;
	pid_t pid = zt_syscall(fork());
	int i;

	if (pid)
		return pid;
	CPU_ZERO(&all);
	for (i = 0; i < sysconf(_SC_NPROCESSORS_ONLN); i++)
		CPU_SET(i, &all);
	zt_syscall(sched_setaffinity(0, sizeof(all), &all));
	zt_syscall(sched_setscheduler(0, policy, &sp));
	zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	check(policy, prio, 0, 0, (policy & ~SCHED_RESET_ON_FORK) == SCHED_RR ? "rr" : "idle");
	exit(0);
}

int main(int argc, char **argv)
{
	struct sched_param sp = { 0 };
	pid_t idle, rr;
	cpu_set_t one;
	int ready[2];
	char c[2];

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	idle = spawn(SCHED_IDLE, 0, ready);
	rr = spawn(SCHED_RR | SCHED_RESET_ON_FORK, 3, ready);
	zt_check(read(ready[0], c, 1) == 1 && read(ready[0], c + 1, 1) == 1,
		 "the children did not start");
	zt_syscall(sched_setscheduler(0, SCHED_BATCH, &sp));
	zt_syscall(setpriority(PRIO_PROCESS, 0, 7));
	CPU_ZERO(&one);
	CPU_SET(0, &one);
	zt_syscall(sched_setaffinity(0, sizeof(one), &one));
	zt_ready();
	zt_wait();
	check(SCHED_BATCH, 0, 7, 1, "the parent");
	zt_syscall(kill(idle, SIGTERM));
	zt_syscall(kill(rr, SIGTERM));
	zt_reap(idle, "the idle child");
	zt_reap(rr, "the round-robin child");
	zt_pass();
}
