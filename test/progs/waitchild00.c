// SPDX-License-Identifier: GPL-2.0
/*
 * waitchild00: a parent blocked in a wait for its children across the restore. Waiter W
 * waits in wait4() for its child C1, and after it in waitid() for any child; C1 and C2
 * wait on pipes of their own. After the restore the program lets C1 exit with 42, then C2
 * kill itself with SIGUSR1: W's wait4(), restarted, returns C1 with its status, waitid()
 * then C2 with its signal, and W has no other child.
 */
#include "zdtm.h"

#include <sys/resource.h>

static int go1[2], go2[2];

static pid_t spawn_child(int *go, int sig)
{
	pid_t pid = zt_syscall(fork());
	char c;

	if (pid)
		return pid;
	/* The program's SIGTERM is for it alone. */
	signal(SIGTERM, SIG_IGN);
	if (read(go[0], &c, 1) != 1)
		_exit(3);
	if (sig) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	_exit(42);
}

static void waiter(int ready)
{
	pid_t c1, c2, got;
	siginfo_t si = { 0 };
	struct rusage ru;
	int st = 0;

	signal(SIGTERM, SIG_IGN);
	c1 = spawn_child(go1, 0);
	c2 = spawn_child(go2, SIGUSR1);
	zt_check(write(ready, "r", 1) == 1, "write: %s", strerror(errno));
	got = wait4(c1, &st, 0, &ru);
	zt_check(got == c1, "wait4 gave %d (%s), not %d", got, strerror(errno), c1);
	zt_check(WIFEXITED(st) && WEXITSTATUS(st) == 42, "C1's status is 0x%x, not exit 42", st);
	zt_syscall(waitid(P_ALL, 0, &si, WEXITED));
	zt_check(si.si_pid == c2 && si.si_code == CLD_KILLED && si.si_status == SIGUSR1,
		 "waitid gave pid %d code %d status %d, not %d killed by %d", si.si_pid,
		 si.si_code, si.si_status, c2, SIGUSR1);
	zt_check(waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD, "W has a third child");
	exit(0);
}

int main(int argc, char **argv)
{
	int ready[2];
	pid_t w;
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	zt_syscall(pipe(go1));
	zt_syscall(pipe(go2));
	w = zt_syscall(fork());
	if (!w)
		waiter(ready[1]);
	zt_check(read(ready[0], &c, 1) == 1, "W did not start");
	zt_ready();
	zt_wait();
	zt_check(write(go1[1], "g", 1) == 1, "write: %s", strerror(errno));
	zt_check(write(go2[1], "g", 1) == 1, "write: %s", strerror(errno));
	zt_reap(w, "W");
	zt_pass();
}
