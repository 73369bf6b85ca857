// SPDX-License-Identifier: GPL-2.0
/*
 * ioprio00: I/O priorities (ioprio_set). The parent runs best-effort level 6, a thread of
 * its own idle, a child real-time level 2 and its thread best-effort 1; a second child,
 * forked before the parent set its own, set none (its nice decides it). After the
 * restore each task reads back its own (ioprio_get of itself), the parent reads the
 * children's and the thread's by their ids, and the second child has not inherited the
 * parent's.
 */
#include "zdtm.h"

#include <linux/ioprio.h>
#include <pthread.h>
#include <sys/syscall.h>

#define BE(n)	IOPRIO_PRIO_VALUE(IOPRIO_CLASS_BE, n)
#define RT(n)	IOPRIO_PRIO_VALUE(IOPRIO_CLASS_RT, n)
#define IDLE	IOPRIO_PRIO_VALUE(IOPRIO_CLASS_IDLE, 0)

static int get(pid_t tid)
{
	return (int)zt_syscall(syscall(SYS_ioprio_get, IOPRIO_WHO_PROCESS, tid));
}

static void set(int prio)
{
	zt_syscall(syscall(SYS_ioprio_set, IOPRIO_WHO_PROCESS, 0, prio));
}

static void check(pid_t tid, int want, const char *who)
{
	int got = get(tid);

	zt_check(got == want, "%s: the I/O priority is %#x, not %#x", who, got, want);
}

static volatile pid_t thread_tid;

static void *thread(void *arg)
{
	int prio = (int)(long)arg;

	set(prio);
	thread_tid = (pid_t)syscall(SYS_gettid);
	while (!zt_stopped())
		pause();
	check(0, prio, "a thread");
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

static pthread_t spawn(int prio)
{
	sigset_t term;
	pthread_t t;

	thread_tid = 0;
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	zt_check(!pthread_create(&t, NULL, thread, (void *)(long)prio), "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	while (!thread_tid)
		sched_yield();
	return t;
}

static void join(pthread_t t)
{
	zt_check(!pthread_kill(t, SIGUSR1), "pthread_kill");
	zt_check(!pthread_join(t, NULL), "pthread_join");
}

int main(int argc, char **argv)
{
	int ready[2], plain_prio;
	pid_t child, kid_thread, plain;
	pthread_t t;

	zt_init(argc, argv);
	zt_syscall(sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 }, NULL));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		set(RT(2));
		t = spawn(BE(1));
		zt_check(write(ready[1], (const void *)&thread_tid, sizeof(pid_t)) == sizeof(pid_t),
			 "write: %s", strerror(errno));
		zt_wait();
		check(0, RT(2), "the child");
		join(t);
		exit(0);
	}
	zt_check(read(ready[0], &kid_thread, sizeof(kid_thread)) == sizeof(kid_thread),
		 "the child did not start");
	plain = zt_syscall(fork());
	if (!plain) {
		zt_wait();
		exit(0);
	}
	plain_prio = get(plain);
	set(BE(6));
	t = spawn(IDLE);
	zt_ready();
	zt_wait();
	check(0, BE(6), "the parent");
	check(child, RT(2), "the child, seen by its parent");
	check(kid_thread, BE(1), "the child's thread, seen by the parent");
	check(plain, plain_prio, "the child that set none");
	zt_check(plain_prio != BE(6), "the child that set none has the parent's");
	join(t);
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_syscall(kill(plain, SIGTERM));
	zt_reap(plain, "the child that set none");
	zt_pass();
}
