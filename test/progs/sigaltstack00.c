// SPDX-License-Identifier: GPL-2.0
/*
 * sigaltstack00: an alternate signal stack and a handler that runs on it. Sets a 64 KiB
 * stack with SA_ONSTACK for SIGUSR1; a second thread has its own 32 KiB stack. After
 * the restore sigaltstack() reports each thread's stack as set, and a SIGUSR1 raised in
 * each thread runs its handler on that thread's stack (the address of a local is in it).
 */
#include "zdtm.h"

#include <pthread.h>
#include <stdint.h>

static __thread volatile uintptr_t seen;

static void on_usr1(int sig)
{
	volatile int local;

	(void)sig;
	seen = (uintptr_t)&local;
}

static void check_stack(void *sp, size_t size, const char *who)
{
	stack_t now;

	zt_syscall(sigaltstack(NULL, &now));
	zt_check(now.ss_sp == sp && now.ss_size == size && !(now.ss_flags & SS_DISABLE),
		 "%s: the alternate stack is %p+%zu flags %#x, not %p+%zu", who, now.ss_sp,
		 now.ss_size, now.ss_flags, sp, size);
	seen = 0;
	zt_syscall(raise(SIGUSR1));
	zt_check(seen >= (uintptr_t)sp && seen < (uintptr_t)sp + size,
		 "%s: the handler ran at %#lx, off its stack", who, (unsigned long)seen);
}

static char stack1[65536], stack2[32768];
static pthread_barrier_t up, go;
static volatile int verdict;

static void *thread(void *arg)
{
	stack_t ss = { .ss_sp = stack2, .ss_size = sizeof(stack2) };

	(void)arg;
	zt_syscall(sigaltstack(&ss, NULL));
	pthread_barrier_wait(&up);
	pthread_barrier_wait(&go);
	check_stack(stack2, sizeof(stack2), "the thread");
	verdict = 1;
	return NULL;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1, .sa_flags = SA_ONSTACK };
	stack_t ss = { .ss_sp = stack1, .ss_size = sizeof(stack1) };
	pthread_t t;

	zt_init(argc, argv);
	zt_syscall(sigaction(SIGUSR1, &sa, NULL));
	zt_syscall(sigaltstack(&ss, NULL));
	pthread_barrier_init(&up, NULL, 2);
	pthread_barrier_init(&go, NULL, 2);
	zt_check(!pthread_create(&t, NULL, thread, NULL), "pthread_create");
	pthread_barrier_wait(&up);
	zt_ready();
	zt_wait();
	check_stack(stack1, sizeof(stack1), "the main thread");
	pthread_barrier_wait(&go);
	pthread_join(t, NULL);
	zt_check(verdict == 1, "the thread's check failed");
	zt_pass();
}
