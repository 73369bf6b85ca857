// SPDX-License-Identifier: GPL-2.0
/*
 * robust00: robust futex lists (set_robust_list). glibc registers one per thread; a second
 * thread replaces its own with a head of the program's (empty, futex offset -32); a child
 * holds a robust, process-shared mutex in shared memory. After the restore each thread's
 * get_robust_list() gives the head and length it had, and once the child exits holding the
 * mutex the kernel marks it owner-died: the parent's lock returns EOWNERDEAD, not a wait
 * that never ends (a list the restore lost leaves the mutex locked by a dead task).
 */
#include "zdtm.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>

static struct robust_list_head own = { .list = { &own.list }, .futex_offset = -32 };

static void *head_of(pid_t tid, size_t *len)
{
	void *head = NULL;

	zt_syscall(syscall(SYS_get_robust_list, tid, &head, len));
	return head;
}

static void check_head(void *want, const char *who)
{
	size_t len = 0;
	void *head = head_of(0, &len);

	zt_check(head == want && len == sizeof(struct robust_list_head),
		 "%s: the robust list is %p (%zu bytes), not %p", who, head, len, want);
}

static void *thread(void *arg)
{
	(void)arg;
	zt_syscall(syscall(SYS_set_robust_list, &own, sizeof(own)));
	while (!zt_stopped())
		pause();
	check_head(&own, "the second thread");
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	pthread_mutexattr_t ma;
	pthread_mutex_t *mx;
	struct timespec until;
	void *mine, *kids;
	size_t len;
	int ready[2], err;
	sigset_t term;
	pthread_t t;
	pid_t child;
	char c;

	zt_init(argc, argv);
	mx = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	zt_check(mx != MAP_FAILED, "mmap: %s", strerror(errno));
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	zt_check(!pthread_mutex_init(mx, &ma), "pthread_mutex_init");
	mine = head_of(0, &len);
	zt_check(mine, "glibc registered no robust list");
	zt_syscall(sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 }, NULL));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_check(!pthread_mutex_lock(mx), "the child cannot lock the mutex");
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		check_head(mine, "the child");
		exit(0);	/* holding the mutex */
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	kids = head_of(child, &len);
	zt_check(kids == mine, "the child's robust list is %p, not its parent's %p", kids, mine);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	zt_check(!pthread_create(&t, NULL, thread, NULL), "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	zt_ready();
	zt_wait();
	check_head(mine, "the main thread");
	zt_check(!pthread_kill(t, SIGUSR1), "pthread_kill");
	zt_check(!pthread_join(t, NULL), "pthread_join");
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	err = pthread_mutex_timedlock(mx, &until);
	zt_check(err == EOWNERDEAD, "locking the mutex the dead child held gives %s, not EOWNERDEAD",
		 strerror(err));
	zt_pass();
}
