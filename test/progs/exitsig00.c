// SPDX-License-Identifier: GPL-2.0
/*
 * exitsig00: the signal a child's exit sends its parent, chosen at clone(): SIGUSR2 for
 * child U (a "clone child", which only __WCLONE or __WALL waits for), SIGCHLD for child C.
 * After the restore the program lets U exit with 5: SIGUSR2 comes from it, no SIGCHLD,
 * and waitpid(__WCLONE) gives its status while a plain waitpid does not see it; then C
 * exits with 6 and sends SIGCHLD.
 */
#include "zdtm.h"

#include <sched.h>
#include <sys/syscall.h>
#include <time.h>

static pid_t spawn(int sig, int *go, int code)
{
	pid_t pid = syscall(SYS_clone, sig, NULL, NULL, NULL, 0);
	char c;

	zt_check(pid >= 0, "clone: %s", strerror(errno));
	if (pid)
		return pid;
	signal(SIGTERM, SIG_IGN);
	_exit(read(go[0], &c, 1) == 1 ? code : 3);
}

static void expect_signal(int want, pid_t from)
{
	struct timespec ts = { .tv_sec = 30 };
	sigset_t set;
	siginfo_t si;
	int sig;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	sig = sigtimedwait(&set, &si, &ts);
	zt_check(sig == want && si.si_pid == from, "got signal %d from %d, not %d from %d", sig,
		 sig > 0 ? si.si_pid : 0, want, from);
}

int main(int argc, char **argv)
{
	int go_u[2], go_c[2], st = 0;
	sigset_t set;
	pid_t u, c;

	zt_init(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGCHLD);
	zt_syscall(sigprocmask(SIG_BLOCK, &set, NULL));
	zt_syscall(pipe(go_u));
	zt_syscall(pipe(go_c));
	u = spawn(SIGUSR2, go_u, 5);
	c = spawn(SIGCHLD, go_c, 6);
	zt_ready();
	zt_wait();

	zt_check(write(go_u[1], "g", 1) == 1, "write: %s", strerror(errno));
	expect_signal(SIGUSR2, u);
	zt_check(waitpid(u, &st, WNOHANG) < 0 && errno == ECHILD,
		 "a plain waitpid sees U, a clone child");
	zt_check(waitpid(u, &st, __WCLONE) == u && WIFEXITED(st) && WEXITSTATUS(st) == 5,
		 "U's status is 0x%x, not exit 5", st);
	zt_check(write(go_c[1], "g", 1) == 1, "write: %s", strerror(errno));
	expect_signal(SIGCHLD, c);
	zt_check(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 6,
		 "C's status is 0x%x, not exit 6", st);
	zt_pass();
}
