// SPDX-License-Identifier: GPL-2.0
/*
 * threads00: a process of five threads, each with its own name (PR_SET_NAME), signal
 * mask, thread-local value, thread id and stack contents, all blocked in different
 * calls (futex wait, nanosleep, read on a pipe, sigwait, the main thread in pause).
 * After the restore each thread checks its own state, its tid (gettid) and that the
 * process's threads are the same (tgid, /proc/self/task); the main thread collects
 * their verdicts.
 */
#include "zdtm.h"

#include <dirent.h>
#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>

#define NT	4

static __thread uint64_t tls_val;
static int futex_word;
static int pipefd[2];
static volatile int verdict[NT];
static pid_t tids[NT];
static pthread_barrier_t up;

static void on_usr2(int sig)
{
	(void)sig;
}

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static void *thread(void *arg)
{
	int i = (int)(intptr_t)arg, sig;
	char name[16], got[16], stack[512];
	sigset_t set;
	struct timespec ts = { 3600, 0 };

	snprintf(name, sizeof(name), "zt-thread-%d", i);
	prctl(PR_SET_NAME, name);
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + i);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	tls_val = 0x1000 + i;
	tids[i] = gettid_();
	memset(stack, 'a' + i, sizeof(stack));
	pthread_barrier_wait(&up);
	switch (i) {
	case 0:
		while (!__atomic_load_n(&futex_word, __ATOMIC_SEQ_CST))
			syscall(SYS_futex, &futex_word, FUTEX_WAIT_PRIVATE, 0, NULL, NULL, 0);
		break;
	case 1:
		while (!__atomic_load_n(&futex_word, __ATOMIC_SEQ_CST))
			nanosleep(&ts, NULL);
		break;
	case 2:
		while (read(pipefd[0], got, 1) < 0 && errno == EINTR)
			;
		break;
	case 3:
		sigwait(&set, &sig);
		break;
	}
	verdict[i] = 1;
	prctl(PR_GET_NAME, got);
	if (strcmp(got, name)) {
		zt_say("FAIL %s: thread %d is named %s", zt_name, i, got);
		verdict[i] = 2;
	}
	pthread_sigmask(SIG_BLOCK, NULL, &set);
	if (!sigismember(&set, SIGRTMIN + i) || sigismember(&set, SIGRTMIN + (i + 1) % NT)) {
		zt_say("FAIL %s: thread %d's mask changed", zt_name, i);
		verdict[i] = 2;
	}
	if (tls_val != 0x1000ULL + i || tids[i] != gettid_()) {
		zt_say("FAIL %s: thread %d's TLS or tid changed", zt_name, i);
		verdict[i] = 2;
	}
	for (sig = 0; sig < (int)sizeof(stack); sig++)
		if (stack[sig] != 'a' + i) {
			zt_say("FAIL %s: thread %d's stack changed", zt_name, i);
			verdict[i] = 2;
			break;
		}
	return NULL;
}

static int nr_tasks(void)
{
	DIR *d = opendir("/proc/self/task");
	struct dirent *de;
	int n = 0;

	zt_check(d, "opendir /proc/self/task: %s", strerror(errno));
	while ((de = readdir(d)))
		n += de->d_name[0] != '.';
	closedir(d);
	return n;
}

int main(int argc, char **argv)
{
	pthread_t t[NT];
	pid_t tgid = getpid();
	sigset_t term;
	int i;

	zt_init(argc, argv);
	zt_syscall(pipe(pipefd));
	/* No SA_RESTART: SIGUSR2 ends thread 1's nanosleep. */
	zt_syscall(sigaction(SIGUSR2, &(struct sigaction){ .sa_handler = on_usr2 }, NULL));
	pthread_barrier_init(&up, NULL, NT + 1);
	/* SIGTERM is the main thread's to take. */
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	for (i = 0; i < NT; i++)
		zt_check(!pthread_create(&t[i], NULL, thread, (void *)(intptr_t)i),
			 "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	pthread_barrier_wait(&up);
	zt_check(nr_tasks() == NT + 1, "%d threads, not %d", nr_tasks(), NT + 1);
	zt_ready();
	zt_wait();
	zt_check(nr_tasks() == NT + 1, "%d threads after the restore, not %d", nr_tasks(), NT + 1);
	zt_check(getpid() == tgid, "the tgid changed");
	__atomic_store_n(&futex_word, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &futex_word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
	zt_check(write(pipefd[1], "x", 1) == 1, "write: %s", strerror(errno));
	zt_check(!pthread_kill(t[3], SIGRTMIN + 3), "pthread_kill");
	zt_check(!pthread_kill(t[1], SIGUSR2), "pthread_kill");
	for (i = 0; i < NT; i++) {
		pthread_join(t[i], NULL);
		zt_check(verdict[i] == 1, "thread %d failed", i);
	}
	zt_pass();
}
