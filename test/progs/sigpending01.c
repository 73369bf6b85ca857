// SPDX-License-Identifier: GPL-2.0
/*
 * sigpending01: pending signals of threads and of the process. With SIGUSR1, SIGUSR2
 * and SIGRTMIN+1 blocked everywhere: SIGUSR1 pends on thread 1 alone (tgkill), SIGUSR2 on
 * the process (kill), SIGRTMIN+1 three times on thread 2 with values 7, 8, 9 (sigqueue
 * to a thread: rt_tgsigqueueinfo). After the restore each thread's sigpending() shows its
 * own and the process's, and sigwaitinfo() in each thread takes exactly its own (with
 * their values and senders) while the process's goes to whichever thread asks first.
 */
#include "zdtm.h"

#include <pthread.h>
#include <sys/syscall.h>

static pthread_barrier_t up, go;
static pid_t tid[3];
static volatile int verdict[3];

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static int take(int sig, int *val)
{
	struct timespec zero = { 0, 0 };
	siginfo_t si;
	sigset_t one;

	sigemptyset(&one);
	sigaddset(&one, sig);
	if (sigtimedwait(&one, &si, &zero) != sig)
		return 0;
	if (val)
		*val = si.si_value.sival_int;
	return si.si_pid == getpid() ? 1 : -1;
}

static void *thread(void *arg)
{
	int i = (int)(long)arg, v, ok = 1;
	sigset_t p;

	tid[i] = gettid_();
	pthread_barrier_wait(&up);
	pthread_barrier_wait(&go);
	sigpending(&p);
	if (i == 1)
		ok = sigismember(&p, SIGUSR1) && !sigismember(&p, SIGRTMIN + 1) &&
		     take(SIGUSR1, NULL) == 1 && !take(SIGUSR1, NULL);
	if (i == 2) {
		ok = !sigismember(&p, SIGUSR1) && sigismember(&p, SIGRTMIN + 1);
		for (v = 7; v <= 9 && ok; v++) {
			int got = 0;

			ok = take(SIGRTMIN + 1, &got) == 1 && got == v;
		}
		ok = ok && !take(SIGRTMIN + 1, NULL);
	}
	verdict[i] = ok ? 1 : 2;
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[3];
	union sigval v;
	sigset_t block, p;
	int i;

	zt_init(argc, argv);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGUSR2);
	sigaddset(&block, SIGRTMIN + 1);
	zt_syscall(sigprocmask(SIG_BLOCK, &block, NULL));
	pthread_barrier_init(&up, NULL, 3);
	pthread_barrier_init(&go, NULL, 3);
	for (i = 1; i <= 2; i++)
		zt_check(!pthread_create(&t[i], NULL, thread, (void *)(long)i), "pthread_create");
	pthread_barrier_wait(&up);
	zt_syscall(syscall(SYS_tgkill, getpid(), tid[1], SIGUSR1));
	zt_syscall(kill(getpid(), SIGUSR2));
	for (i = 7; i <= 9; i++) {
		siginfo_t si = { .si_signo = SIGRTMIN + 1, .si_code = SI_QUEUE,
				 .si_pid = getpid(), .si_uid = getuid() };

		v.sival_int = i;
		si.si_value = v;
		zt_syscall(syscall(SYS_rt_tgsigqueueinfo, getpid(), tid[2], SIGRTMIN + 1, &si));
	}
	zt_ready();
	zt_wait();
	sigpending(&p);
	zt_check(sigismember(&p, SIGUSR2) && !sigismember(&p, SIGUSR1) &&
		 !sigismember(&p, SIGRTMIN + 1), "the main thread's pending set changed");
	pthread_barrier_wait(&go);
	for (i = 1; i <= 2; i++) {
		pthread_join(t[i], NULL);
		zt_check(verdict[i] == 1, "thread %d's pending signals changed", i);
	}
	zt_check(take(SIGUSR2, NULL) == 1, "the process's SIGUSR2 is gone");
	zt_pass();
}
