// SPDX-License-Identifier: GPL-2.0
/*
 * threadsched00: scheduling state that differs between the threads of one process. The
 * main thread runs SCHED_OTHER at nice 3 on every CPU; thread 1 SCHED_BATCH at nice 9 on
 * CPU 0; thread 2 SCHED_IDLE; thread 3 SCHED_FIFO priority 5 on the last CPU. After the
 * restore each thread finds its own policy, priority, nice and affinity, and the main
 * thread reads each thread's by its tid (the kernel keeps them per thread).
 */
#include "zdtm.h"

#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>

#define NT	4

struct want {
	int policy, prio, nice, cpu;	/* cpu -1: every CPU */
};

static struct want wants[NT] = {
	{ SCHED_OTHER, 0, 3, -1 },
	{ SCHED_BATCH, 0, 9, 0 },
	{ SCHED_IDLE, 0, 0, -1 },
	{ SCHED_FIFO, 5, 0, -2 },	/* -2: the last CPU */
};
static pid_t tids[NT];
static pthread_barrier_t up;

static int ncpu(void)
{
	return (int)sysconf(_SC_NPROCESSORS_ONLN);
}

static void set(const struct want *w)
{
	struct sched_param sp = { .sched_priority = w->prio };
	cpu_set_t set;
	int i;

	CPU_ZERO(&set);
	for (i = 0; i < ncpu(); i++)
		if (w->cpu == -1 || i == (w->cpu == -2 ? ncpu() - 1 : w->cpu))
			CPU_SET(i, &set);
	zt_syscall(sched_setaffinity(0, sizeof(set), &set));
	zt_syscall(sched_setscheduler(0, w->policy, &sp));
	if (w->policy != SCHED_FIFO)
		zt_syscall(setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), w->nice));
}

static void check(pid_t tid, const struct want *w, int i)
{
	struct sched_param sp;
	cpu_set_t set;
	int p = sched_getscheduler(tid), n;

	zt_check(p == w->policy, "thread %d: policy %d, not %d", i, p, w->policy);
	zt_syscall(sched_getparam(tid, &sp));
	zt_check(sp.sched_priority == w->prio, "thread %d: priority %d, not %d", i,
		 sp.sched_priority, w->prio);
	if (w->policy != SCHED_FIFO) {
		errno = 0;
		n = getpriority(PRIO_PROCESS, (id_t)tid);
		zt_check(!errno && n == w->nice, "thread %d: nice %d, not %d", i, n, w->nice);
	}
	zt_syscall(sched_getaffinity(tid, sizeof(set), &set));
	if (w->cpu == -1)
		zt_check(CPU_COUNT(&set) == ncpu(), "thread %d runs on %d CPUs", i, CPU_COUNT(&set));
	else
		zt_check(CPU_COUNT(&set) == 1 &&
			 CPU_ISSET(w->cpu == -2 ? ncpu() - 1 : w->cpu, &set),
			 "thread %d runs on %d CPUs, not only its own", i, CPU_COUNT(&set));
}

static void *thread(void *arg)
{
	int i = (int)(intptr_t)arg;

	tids[i] = (pid_t)syscall(SYS_gettid);
	set(&wants[i]);
	pthread_barrier_wait(&up);
	while (!zt_stopped())
		pause();
	check(0, &wants[i], i);
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	pthread_t t[NT];
	sigset_t term;
	int i;

	zt_init(argc, argv);
	zt_syscall(sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 }, NULL));
	pthread_barrier_init(&up, NULL, NT);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	for (i = 1; i < NT; i++)
		zt_check(!pthread_create(&t[i], NULL, thread, (void *)(intptr_t)i),
			 "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	tids[0] = (pid_t)syscall(SYS_gettid);
	set(&wants[0]);
	pthread_barrier_wait(&up);
	zt_ready();
	zt_wait();
	for (i = 0; i < NT; i++)
		check(tids[i], &wants[i], i);
	for (i = 1; i < NT; i++) {
		zt_check(!pthread_kill(t[i], SIGUSR1), "pthread_kill");
		zt_check(!pthread_join(t[i], NULL), "pthread_join");
	}
	zt_pass();
}
