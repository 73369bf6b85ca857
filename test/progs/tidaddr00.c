// SPDX-License-Identifier: GPL-2.0
/*
 * tidaddr00: the clear_child_tid address, which the kernel clears and wakes at a task's
 * exit (what pthread_join() waits on). The main thread moves its own with
 * set_tid_address() to a word of its own; a thread made by a raw clone() with
 * CLONE_CHILD_CLEARTID has its own word, holding its tid. After the restore
 * PR_GET_TID_ADDRESS gives each its word, and the thread, told to exit, clears its word
 * and wakes the main thread's FUTEX_WAIT on it.
 */
#include "zdtm.h"

#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#define STACK	(256 * 1024)

static int main_word, child_word;
static volatile int stop_child, child_ok;
static int *child_addr;

static int child(void *arg)
{
	(void)arg;
	while (!stop_child)
		syscall(SYS_futex, &stop_child, FUTEX_WAIT, 0, NULL, NULL, 0);
	/* Raw syscalls only: this thread has no TLS of its own for libc. */
	child_ok = syscall(SYS_prctl, PR_GET_TID_ADDRESS, &child_addr, 0, 0, 0) == 0 &&
		   child_addr == &child_word;
	syscall(SYS_exit, 0);
	return 0;
}

int main(int argc, char **argv)
{
	int flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD |
		    CLONE_SYSVSEM | CLONE_CHILD_CLEARTID | CLONE_CHILD_SETTID;
	int *addr = NULL, tid, w;
	sigset_t term, old;
	char *stack;

	zt_init(argc, argv);
	syscall(SYS_set_tid_address, &main_word);
	stack = mmap(NULL, STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	zt_check(stack != MAP_FAILED, "mmap: %s", strerror(errno));
	/* SIGTERM is the main thread's: the thread never takes a signal. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	sigprocmask(SIG_BLOCK, &term, &old);
	tid = clone(child, stack + STACK, flags, NULL, NULL, NULL, &child_word);
	zt_check(tid > 0, "clone: %s", strerror(errno));
	sigprocmask(SIG_SETMASK, &old, NULL);
	while (__atomic_load_n(&child_word, __ATOMIC_SEQ_CST) != tid)
		usleep(1000);
	zt_ready();
	zt_wait();

	zt_syscall(prctl(PR_GET_TID_ADDRESS, &addr, 0, 0, 0));
	zt_check(addr == &main_word, "the main thread's tid address is %p, not %p", (void *)addr,
		 (void *)&main_word);
	zt_check(child_word == tid, "the thread's word holds %d, not its tid %d", child_word, tid);
	stop_child = 1;
	syscall(SYS_futex, &stop_child, FUTEX_WAKE, 1, NULL, NULL, 0);
	/* Its exit clears the word and wakes us: no timeout, the runner's limit is the bound. */
	while ((w = __atomic_load_n(&child_word, __ATOMIC_SEQ_CST)) != 0)
		syscall(SYS_futex, &child_word, FUTEX_WAIT, w, NULL, NULL, 0);
	zt_check(child_ok, "the thread's tid address was not its word");
	zt_pass();
}
