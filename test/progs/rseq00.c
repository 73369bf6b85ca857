// SPDX-License-Identifier: GPL-2.0
/*
 * rseq00: restartable sequences registered by glibc in each thread (its rseq area in
 * the thread's TLS, the signature RSEQ_SIG). After the restore, in the main thread and
 * in a second one, the kernel still knows the same area: registering it again gives
 * EBUSY, another area EINVAL, another signature EPERM; the kernel still writes the CPU
 * into it (a value scribbled there is replaced by getcpu()'s once a signal was taken);
 * unregistering it with the signature works and marks it uninitialized.
 */
#include "zdtm.h"

#include <pthread.h>
#include <sys/rseq.h>
#include <sys/syscall.h>

static void on_usr1(int sig)
{
	(void)sig;
}

static struct rseq *area(void)
{
	return (struct rseq *)((char *)__builtin_thread_pointer() + __rseq_offset);
}

static long rseq_call(void *rs, unsigned int len, int flags, unsigned int sig)
{
	return syscall(SYS_rseq, rs, len, flags, sig);
}

static unsigned int cpu_now(void)
{
	unsigned int cpu = ~0U;

	zt_syscall(syscall(SYS_getcpu, &cpu, NULL, NULL));
	return cpu;
}

/* Everything one thread can see of its registration; @who names it. */
static void check(const char *who)
{
	struct rseq *rs = area(), other __attribute__((aligned(32)));
	unsigned int cpu;
	int tries;

	errno = 0;
	zt_check(rseq_call(rs, 32, 0, RSEQ_SIG) < 0 && errno == EBUSY,
		 "%s: registering its area again gives %s, not EBUSY", who, strerror(errno));
	errno = 0;
	zt_check(rseq_call(&other, 32, 0, RSEQ_SIG) < 0 && errno == EINVAL,
		 "%s: registering another area gives %s, not EINVAL", who, strerror(errno));
	errno = 0;
	zt_check(rseq_call(rs, 32, 0, RSEQ_SIG + 1) < 0 && errno == EPERM,
		 "%s: another signature gives %s, not EPERM", who, strerror(errno));
	/* A signal taken refreshes the area; a migration in between is retried. */
	for (tries = 0; tries < 10; tries++) {
		__atomic_store_n(&rs->cpu_id, 4321, __ATOMIC_SEQ_CST);
		__atomic_store_n(&rs->cpu_id_start, 4321, __ATOMIC_SEQ_CST);
		zt_syscall(syscall(SYS_tgkill, getpid(), syscall(SYS_gettid), SIGUSR1));
		cpu = cpu_now();
		if (__atomic_load_n(&rs->cpu_id, __ATOMIC_SEQ_CST) == cpu)
			break;
	}
	zt_check(rs->cpu_id == cpu && rs->cpu_id_start == cpu,
		 "%s: the kernel no longer writes the CPU in the area (%u/%u, on CPU %u)", who,
		 rs->cpu_id, rs->cpu_id_start, cpu);
	zt_check(!rseq_call(rs, 32, RSEQ_FLAG_UNREGISTER, RSEQ_SIG),
		 "%s: unregistering: %s", who, strerror(errno));
	zt_check(rs->cpu_id == (__u32)RSEQ_CPU_ID_UNINITIALIZED,
		 "%s: the area is not marked unregistered (%u)", who, rs->cpu_id);
}

static void *thread(void *arg)
{
	(void)arg;
	while (!zt_stopped())
		pause();
	check("the second thread");
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t;
	sigset_t term;

	zt_init(argc, argv);
	zt_check(__rseq_size >= 20 && __rseq_offset, "glibc registered no rseq area (size %u)",
		 __rseq_size);
	zt_syscall(sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 }, NULL));
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	zt_check(!pthread_create(&t, NULL, thread, NULL), "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	zt_ready();
	zt_wait();
	check("the main thread");
	zt_check(!pthread_kill(t, SIGUSR1), "pthread_kill");
	zt_check(!pthread_join(t, NULL), "pthread_join");
	zt_pass();
}
