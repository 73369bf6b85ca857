// SPDX-License-Identifier: GPL-2.0
/*
 * vmshare00: a child process that shares everything but its pid with its parent, as
 * LinuxThreads made them: clone(CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND) with a
 * stack of its own, waiting on a futex in the shared memory. After the restore it is
 * still another process (its own pid, its parent the program) sharing all four: a word
 * the parent writes after the restore, the directory it moves to, an fd it opens and a
 * handler it installs are what the child sees; the child reports by the shared memory and
 * exits 0 (a process: its parent reaps it).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#define STACK	(64 << 10)

static int go;
static volatile int word, fdnum;
static volatile pid_t kid_pid, kid_ppid;
static volatile int verdict;
static char stack[STACK] __attribute__((aligned(16)));
static char cwd_want[512];

static void on_usr2(int sig)
{
	(void)sig;
}

/* Raw system calls only: the child shares the parent's TLS and errno. */
static int child(void *arg)
{
	struct sigaction sa;
	char cwd[512];

	(void)arg;
	kid_pid = (pid_t)syscall(SYS_getpid);
	kid_ppid = (pid_t)syscall(SYS_getppid);
	while (!__atomic_load_n(&go, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &go, FUTEX_WAIT, 0, NULL, NULL, 0);
	verdict = 2;
	if ((pid_t)syscall(SYS_getpid) != kid_pid || (pid_t)syscall(SYS_getppid) != kid_ppid)
		verdict = 3;
	else if (word != 0x5eed)
		verdict = 4;
	else if (syscall(SYS_getcwd, cwd, sizeof(cwd)) < 0 || strcmp(cwd, cwd_want))
		verdict = 5;
	else if (syscall(SYS_fcntl, fdnum, F_GETFD) < 0)
		verdict = 6;
	else if (syscall(SYS_rt_sigaction, SIGUSR2, NULL, &sa, 8) < 0 ||
		 sa.sa_handler != on_usr2)
		verdict = 7;
	else
		verdict = 1;
	syscall(SYS_exit, 0);
	return 0;
}

int main(int argc, char **argv)
{
	static const char *const why[] = { "", "", "did not check", "its pid or parent changed",
					   "does not see the parent's write",
					   "is not in the parent's new directory",
					   "does not see the parent's new fd",
					   "does not see the parent's new handler" };
	pid_t pid;
	int st;

	zt_init(argc, argv);
	zt_syscall(mkdir("sub", 0755));
	pid = clone(child, stack + STACK, CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | SIGCHLD,
		    NULL);
	zt_check(pid > 0, "clone: %s", strerror(errno));
	while (!kid_ppid)
		sched_yield();
	zt_check(kid_pid == pid && kid_ppid == getpid(), "the child is %d of %d", kid_pid, kid_ppid);
	zt_ready();
	zt_wait();
	word = 0x5eed;
	zt_syscall(chdir("sub"));
	zt_check(getcwd(cwd_want, sizeof(cwd_want)), "getcwd: %s", strerror(errno));
	fdnum = zt_syscall(open(".", O_RDONLY | O_DIRECTORY));
	zt_syscall(sigaction(SIGUSR2, &(struct sigaction){ .sa_handler = on_usr2 }, NULL));
	__atomic_store_n(&go, 1, __ATOMIC_SEQ_CST);
	syscall(SYS_futex, &go, FUTEX_WAKE, 1, NULL, NULL, 0);
	while (waitpid(pid, &st, 0) < 0)
		zt_check(errno == EINTR, "waitpid: %s", strerror(errno));
	zt_check(WIFEXITED(st) && !WEXITSTATUS(st), "the child ended with %#x", st);
	zt_check(verdict == 1, "the child %s", why[verdict < 8 ? verdict : 2]);
	zt_pass();
}
