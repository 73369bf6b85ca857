// SPDX-License-Identifier: GPL-2.0
/*
 * pgrp00: process groups and sessions whose leaders live. The program leads its own
 * session (the runner starts it with setsid); child A leads a new process group with
 * grandchild A1 in it; child B leads a session of its own with its child B1; child C
 * stays in the program's group. Each task checks its pid, parent, group and session
 * after the restore (getpid/getppid/getpgid/getsid against what it recorded), and a
 * kill() of group A reaches both its members.
 */
#include "zdtm.h"
#include "ptids.h"

static volatile sig_atomic_t usr1;

static void on_usr1(int sig)
{
	(void)sig;
	usr1 = 1;
}

/* A task that records its ids, says so on @ready, and after SIGTERM checks them. */
static void member(int *ready, const char *who, int want_usr1)
{
	struct ids was = mine();

	zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	same(&was, who);
	if (want_usr1) {
		while (!usr1)
			pause();
	}
	exit(0);
}

int main(int argc, char **argv)
{
	struct ids was;
	int ready[2], i;
	pid_t a, b, c, a1, b1;
	char ch;

	zt_init(argc, argv);
	signal(SIGUSR1, on_usr1);
	zt_syscall(pipe(ready));
	a = zt_syscall(fork());
	if (!a) {
		zt_syscall(setpgid(0, 0));
		a1 = zt_syscall(fork());
		if (!a1)
			member(ready, "A1", 1);
		was = mine();
		zt_wait();
		same(&was, "A");
		zt_reap(a1, "A1");
		exit(0);
	}
	zt_syscall(setpgid(a, a));
	b = zt_syscall(fork());
	if (!b) {
		zt_syscall(setsid());
		b1 = zt_syscall(fork());
		if (!b1)
			member(ready, "B1", 0);
		was = mine();
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		same(&was, "B");
		zt_syscall(kill(b1, SIGTERM));
		zt_reap(b1, "B1");
		exit(0);
	}
	c = zt_syscall(fork());
	if (!c)
		member(ready, "C", 0);
	for (i = 0; i < 4; i++)
		zt_check(read(ready[0], &ch, 1) == 1, "a member did not start");
	was = mine_as_program();
	zt_check(was.sid == was.pid, "the program does not lead its session");
	zt_ready();
	zt_wait();
	same(&was, "the leader");
	/* Group A as a whole: SIGTERM ends both members' waits, A1 then waits for SIGUSR1. */
	zt_syscall(kill(-a, SIGTERM));
	zt_syscall(kill(-a, SIGUSR1));
	zt_syscall(kill(b, SIGTERM));
	zt_syscall(kill(c, SIGTERM));
	zt_reap(a, "A");
	zt_reap(b, "B");
	zt_reap(c, "C");
	zt_pass();
}
