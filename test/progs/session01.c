// SPDX-License-Identifier: GPL-2.0
/*
 * session01: a daemon's double fork under a child subreaper. The program (a subreaper)
 * forks M, M makes a session and forks D, M exits and is reaped: D, reparented to the
 * program, is in session M and group M, whose leader is gone. D forks E, which leads a
 * group of its own in that session. After the restore each checks its pid, parent, group
 * and session; that no task has pid M while group M takes signals; that E, a group
 * leader, still cannot make a session (EPERM); and the program that no wait status but
 * D's own shows up (no helper of the restore left to reap).
 */
#include "zdtm.h"
#include "ptids.h"

#include <sys/prctl.h>

/* Session @sid's leader is gone; its group lives. */
static void leader_gone(pid_t sid, const char *who)
{
	zt_check(kill(sid, 0) < 0 && errno == ESRCH, "%s: a task %d exists (%s)", who, sid,
		 strerror(errno));
	zt_check(kill(-sid, 0) == 0, "%s: group %d is gone: %s", who, sid, strerror(errno));
	zt_check(getsid(sid) < 0 && errno == ESRCH, "%s: getsid(%d) found a task", who, sid);
}

static void e_task(int *ready, pid_t sid)
{
	struct ids was;

	zt_syscall(setpgid(0, 0));
	was = mine();
	zt_check(was.sid == sid && was.pgid == was.pid, "E: sid %d pgid %d", was.sid, was.pgid);
	zt_check(setsid() < 0 && errno == EPERM, "E: setsid did not fail with EPERM before");
	zt_check(write(ready[1], "e", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	same(&was, "E");
	leader_gone(sid, "E");
	zt_check(setsid() < 0 && errno == EPERM, "E: setsid did not fail with EPERM (%s)",
		 strerror(errno));
	exit(0);
}

static void d_task(int *ready, pid_t prog)
{
	struct ids was;
	pid_t sid = getsid(0), e;

	while (getppid() != prog)	/* until M is reaped */
		usleep(1000);
	e = zt_syscall(fork());
	if (!e)
		e_task(ready, sid);
	was = mine();
	zt_check(was.sid != was.pid && was.pgid == was.sid, "D: sid %d pgid %d", was.sid,
		 was.pgid);
	zt_check(write(ready[1], "d", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	same(&was, "D");
	leader_gone(sid, "D");
	zt_syscall(kill(e, SIGTERM));
	zt_reap(e, "E");
	exit(0);
}

int main(int argc, char **argv)
{
	int ready[2], i, st;
	pid_t m, d, prog = getpid();
	char ch;

	zt_init(argc, argv);
	zt_syscall(prctl(PR_SET_CHILD_SUBREAPER, 1));
	zt_syscall(pipe(ready));
	m = zt_syscall(fork());
	if (!m) {
		if (setsid() < 0)
			_exit(1);
		d = fork();
		if (!d)
			d_task(ready, prog);
		_exit(d < 0);
	}
	zt_reap(m, "M");
	for (i = 0; i < 2; i++)
		zt_check(read(ready[0], &ch, 1) == 1, "D or E did not start");
	/* D is ours now, E is D's; M is gone. */
	program_cycles("D");
	zt_check(kill(-m, 0) == 0, "group %d is gone: %s", m, strerror(errno));
	zt_syscall(kill(-m, SIGTERM));	/* D, the group */
	while ((d = waitpid(-1, &st, __WALL)) < 0 && errno == EINTR)
		;
	zt_check(d > 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0, "D ended with status 0x%x", st);
	zt_check(waitpid(-1, &st, WNOHANG | __WALL) < 0 && errno == ECHILD,
		 "a child to reap besides D");
	zt_pass();
}
