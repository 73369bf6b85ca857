// SPDX-License-Identifier: GPL-2.0
/*
 * pgrp01: a process group whose leader has exited, with two members. The program (a
 * child subreaper) forks L, L makes a group and forks X and Y in it, L exits and is
 * reaped: X and Y, now the program's children, are in group L, which no task's pid is.
 * After the restore each checks its pid, parent, group and session, a kill() of group L
 * reaches both (SIGUSR1), setpgid() can still move a member into the group, and the
 * program that no wait status shows up but X's and Y's (no helper of the restore left).
 * A group exists only while a task is in it: the members leave and rejoin it one at a
 * time, and the first stays until the second is back, else the second could not rejoin
 * (EPERM, with or without a restore).
 */
#include "zdtm.h"
#include "ptids.h"

#include <sys/prctl.h>

static volatile sig_atomic_t usr1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1 = 1;
}

/* @turn passes '1', then '2': who may leave the group; @back says the second is back in it. */
static void member(int *ready, int *turn, int *back, pid_t prog, const char *who)
{
	struct ids was;
	pid_t grp = getpgrp();
	char ch;

	while (getppid() != prog)	/* until L is reaped */
		usleep(1000);
	was = mine();
	zt_check(was.pgid != was.pid && was.sid == getsid(prog), "%s: pgid %d sid %d", who,
		 was.pgid, was.sid);
	zt_check(write(ready[1], "m", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	same(&was, who);
	zt_check(kill(grp, 0) < 0 && errno == ESRCH, "%s: a task %d exists", who, grp);
	while (!usr1)
		pause();
	/* Out of the group and back into it: it is a group of this session. */
	zt_check(read(turn[0], &ch, 1) == 1 && (ch == '1' || ch == '2'), "%s: read turn", who);
	zt_syscall(setpgid(0, 0));
	zt_check(kill(-grp, 0) == 0, "%s: group %d is empty once %s left it", who, grp, who);
	zt_syscall(setpgid(0, grp));
	zt_check(getpgrp() == grp, "%s: could not join group %d again", who, grp);
	if (ch == '1') {
		zt_check(write(turn[1], "2", 1) == 1, "%s: write turn: %s", who, strerror(errno));
		zt_check(read(back[0], &ch, 1) == 1, "%s: read back: %s", who, strerror(errno));
	} else {
		zt_check(write(back[1], "b", 1) == 1, "%s: write back: %s", who, strerror(errno));
	}
	exit(0);
}

int main(int argc, char **argv)
{
	int ready[2], turn[2], back[2], i, st;
	pid_t l, x, prog = getpid();
	char ch;

	zt_init(argc, argv);
	signal(SIGUSR1, on_usr1);
	zt_syscall(prctl(PR_SET_CHILD_SUBREAPER, 1));
	zt_syscall(pipe(ready));
	zt_syscall(pipe(turn));
	zt_syscall(pipe(back));
	l = zt_syscall(fork());
	if (!l) {
		if (setpgid(0, 0) < 0)
			_exit(1);
		for (i = 0; i < 2; i++) {
			x = fork();
			if (!x)
				member(ready, turn, back, prog, i ? "Y" : "X");
			if (x < 0)
				_exit(1);
		}
		_exit(0);
	}
	zt_reap(l, "L");
	for (i = 0; i < 2; i++)
		zt_check(read(ready[0], &ch, 1) == 1, "X or Y did not start");
	program_cycles("X and Y");
	zt_syscall(kill(-l, SIGTERM));
	zt_syscall(kill(-l, SIGUSR1));
	zt_check(write(turn[1], "1", 1) == 1, "write turn: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		while ((x = waitpid(-1, &st, __WALL)) < 0 && errno == EINTR)
			;
		zt_check(x > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
			 "member %d ended with status 0x%x", x, st);
	}
	zt_check(waitpid(-1, &st, WNOHANG | __WALL) < 0 && errno == ECHILD,
		 "a child to reap besides X and Y");
	zt_pass();
}
