// SPDX-License-Identifier: GPL-2.0
/*
 * semundo00: SysV semaphore undo lists (semop with SEM_UNDO). Four sets; three children
 * hold adjustments on them across the restore and then exit, and their exits must apply
 * exactly what they held:
 *   child 1: -3 on A[0], -20 on A[1] (to 0: its restore cannot take before it gives),
 *            +4 on A[2] and +7 on B[0], two sets in one list;
 *   child 2: +5 on C[0], and its thread (sharing the list, CLONE_SYSVSEM, as
 *            pthread_create() does) -10 on C[1]; after the restore the thread takes 1
 *            more and exits: the list is still the process's, nothing is undone until the
 *            process exits;
 *   child 3: +30000 on D[0], an adjustment of -30000 (beyond one step of the restore,
 *            whose value cannot go above 32767).
 * The parent checks every value after the restore (unchanged by it) and after each
 * child's exit (back where it was before the child's operations).
 */
#include "zdtm.h"

#include <pthread.h>
#include <sys/ipc.h>
#include <sys/sem.h>

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

enum { A, B, C, D, NSETS };

static const int nsems[NSETS] = { 3, 1, 2, 1 };
static const unsigned short start[NSETS][3] = { { 10, 20, 5 }, { 100 }, { 0, 50 }, { 0 } };
static int ids[NSETS];
static int ready[2], go[2];

static void op(int set, int num, int delta)
{
	struct sembuf sb = { .sem_num = num, .sem_op = delta, .sem_flg = SEM_UNDO | IPC_NOWAIT };

	if (semop(ids[set], &sb, 1) < 0)
		zt_fail("semop %+d on set %d semaphore %d: %s", delta, set, num, strerror(errno));
}

static void expect(const char *when, int set, const unsigned short *want)
{
	unsigned short got[3] = { 0 };
	union semun u = { .array = got };
	int i;

	zt_syscall(semctl(ids[set], 0, GETALL, u));
	for (i = 0; i < nsems[set]; i++)
		zt_check(got[i] == want[i], "%s: set %c semaphore %d is %u, not %u", when, 'A' + set,
			 i, got[i], want[i]);
}

static void say_ready(void)
{
	zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
}

static void *thread(void *arg)
{
	char c;

	(void)arg;
	op(C, 1, -10);
	say_ready();
	while (read(go[0], &c, 1) != 1)
		zt_check(errno == EINTR, "read: %s", strerror(errno));
	op(C, 1, -1);
	return NULL;
}

static void child2(void)
{
	static const unsigned short held[2] = { 5, 39 };
	sigset_t term, old;
	pthread_t t;
	int err;

	op(C, 0, 5);
	/* The SIGTERM that ends the wait is the main thread's to take. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	zt_check(!pthread_sigmask(SIG_BLOCK, &term, &old), "pthread_sigmask");
	zt_syscall(pipe(go));
	err = pthread_create(&t, NULL, thread, NULL);
	zt_check(!err, "pthread_create: %s", strerror(err));
	zt_check(!pthread_sigmask(SIG_SETMASK, &old, NULL), "pthread_sigmask");
	zt_wait();
	zt_check(write(go[1], "g", 1) == 1, "write: %s", strerror(errno));
	zt_check(!pthread_join(t, NULL), "pthread_join");
	/* The thread's exit undid nothing: the list is the process's, to its exit. */
	expect("child 2, its thread gone", C, held);
	exit(0);
}

static pid_t spawn(int n)
{
	pid_t pid = zt_syscall(fork());

	if (pid)
		return pid;
	close(ready[0]);
	if (n == 1) {
		op(A, 0, -3);
		op(A, 1, -20);
		op(A, 2, 4);
		op(B, 0, 7);
	} else if (n == 2) {
		child2();
	} else {
		op(D, 0, 30000);
	}
	say_ready();
	zt_wait();
	exit(0);
}

int main(int argc, char **argv)
{
	static const unsigned short held_a[3] = { 7, 0, 9 }, held_b[1] = { 107 },
		held_c[2] = { 5, 40 }, held_d[1] = { 30000 };
	pid_t kid[3];
	char c;
	int i;

	zt_init(argc, argv);
	for (i = 0; i < NSETS; i++) {
		union semun u = { .array = (unsigned short *)start[i] };

		ids[i] = zt_syscall(semget(IPC_PRIVATE, nsems[i], 0600));
		zt_syscall(semctl(ids[i], 0, SETALL, u));
	}
	zt_syscall(pipe(ready));
	for (i = 0; i < 3; i++)
		kid[i] = spawn(i + 1);
	/* Child 2's thread says so for it, once both hold their adjustments. */
	for (i = 0; i < 3; i++)
		zt_check(read(ready[0], &c, 1) == 1, "a child did not start: %s", strerror(errno));
	zt_ready();
	zt_wait();

	expect("after the restore", A, held_a);
	expect("after the restore", B, held_b);
	expect("after the restore", C, held_c);
	expect("after the restore", D, held_d);
	for (i = 0; i < 3; i++) {
		zt_syscall(kill(kid[i], SIGTERM));
		zt_reap(kid[i], i == 0 ? "child 1" : i == 1 ? "child 2" : "child 3");
	}
	/* Child 2's list held +5 on C[0] and, with its thread's after the restore, -11 on C[1]. */
	expect("after the children's exits", A, start[A]);
	expect("after the children's exits", B, start[B]);
	expect("after the children's exits", C, start[C]);
	expect("after the children's exits", D, start[D]);
	for (i = 0; i < NSETS; i++)
		zt_syscall(semctl(ids[i], 0, IPC_RMID));
	zt_pass();
}
