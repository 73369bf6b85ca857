// SPDX-License-Identifier: GPL-2.0
/*
 * zombie00: children that exited and that the program has not reaped yet, carried as
 * zombies: A exited 0, B exited 42, C killed by SIGKILL, D killed by SIGSEGV (the core
 * flag as the guest's core settings make it: recorded, not assumed), and G exited 7 while
 * the leader of a process group that M, alive, is still in. The program has a SIGCHLD
 * handler (a SIGCHLD left to SIG_DFL is dropped when sent: no extra one could be seen),
 * blocks SIGCHLD before the forks and takes every SIGCHLD the exits sent before it says
 * ready.
 * After the restore: no SIGCHLD is pending (the restored zombies must not send one
 * again), each zombie is in state Z with its pid, parent, group and session, waitid
 * (WNOWAIT) reports its pid, uid and status as before, waitpid then reaps it with the
 * same raw status, M is still in G's group (kill(-G, 0) finds it) and exits 0 once told.
 */
#include "zdtm.h"

#include <time.h>

enum { A, B, C, D, G, NZ };

static const char *const names[NZ] = { "A", "B", "C", "D", "G" };

struct zombie {
	pid_t pid;
	int code, status;	/* waitid's si_code and si_status */
	uid_t uid;
	char state;		/* /proc/PID/stat's */
	pid_t ppid, pgid, sid;
};

/* State, parent, group and session of @pid, from /proc/PID/stat. */
static void stat_of(pid_t pid, struct zombie *z)
{
	char path[64], buf[512], *p;
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	f = fopen(path, "r");
	zt_check(f, "open %s: %s", path, strerror(errno));
	n = (int)fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n > 0 ? n : 0] = 0;
	p = strrchr(buf, ')');
	zt_check(p && sscanf(p + 1, " %c %d %d %d", &z->state, &z->ppid, &z->pgid, &z->sid) == 4,
		 "%s: cannot parse '%s'", path, buf);
}

static void on_chld(int sig)
{
	(void)sig;
}

static pid_t child(int (*fn)(void *), void *arg)
{
	pid_t pid = zt_syscall(fork());

	if (!pid)
		_exit(fn(arg));
	return pid;
}

static int exit_with(void *arg)
{
	return (int)(long)arg;
}

static int sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return 0;
}

static int segv(void *arg)
{
	(void)arg;
	signal(SIGSEGV, SIG_DFL);
	raise(SIGSEGV);
	return 3;
}

/* G: a group of its own; exits 7 once M is in it (@p: its two pipes). */
static int leader(void *arg)
{
	int *p = arg;
	char ch;

	if (setpgid(0, 0) < 0 || write(p[1], "g", 1) != 1 || read(p[2], &ch, 1) != 1)
		return 1;
	return 7;
}

/* M: in G's group; on SIGTERM from the program, checks it still is and that G leads it. */
static int member(void *arg)
{
	int *p = arg;
	pid_t g = (pid_t)p[4];

	zt_check(setpgid(0, g) == 0, "M: setpgid(0, %d): %s", g, strerror(errno));
	zt_check(write(p[3], "m", 1) == 1, "M: write: %s", strerror(errno));
	zt_wait();
	zt_check(getpgrp() == g, "M: in group %d, not %d", getpgrp(), g);
	zt_check(kill(-g, 0) == 0, "M: group %d: %s", g, strerror(errno));
	return 0;
}

/* Takes the SIGCHLDs (blocked) that are pending; returns how many were. */
static int take_sigchld(void)
{
	struct timespec zero = { 0, 0 };
	sigset_t set;
	int n = 0;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	while (sigtimedwait(&set, NULL, &zero) == SIGCHLD)
		n++;
	return n;
}

static void look(struct zombie *z, const char *who)
{
	siginfo_t si = { 0 };

	zt_syscall(waitid(P_PID, z->pid, &si, WEXITED | WNOWAIT));
	zt_check(si.si_pid == z->pid, "%s: waitid says pid %d, not %d", who, si.si_pid, z->pid);
	z->code = si.si_code;
	z->status = si.si_status;
	z->uid = si.si_uid;
	stat_of(z->pid, z);
}

int main(int argc, char **argv)
{
	struct zombie z[NZ], now;
	int p[5], st, i, pipes[4];
	char ch;
	struct timespec ms = { 0, 1000000 };
	struct sigaction chld = { .sa_handler = on_chld };
	sigset_t set;
	pid_t m;

	zt_init(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	zt_syscall(sigprocmask(SIG_BLOCK, &set, NULL));
	zt_syscall(sigaction(SIGCHLD, &chld, NULL));
	zt_syscall(pipe(pipes));
	zt_syscall(pipe(pipes + 2));
	/* p: G's "in its group" write end, G's go read end, M's write end, G's pid. */
	p[1] = pipes[1];
	p[2] = pipes[2];
	p[3] = pipes[1];

	z[A].pid = child(exit_with, (void *)0L);
	z[B].pid = child(exit_with, (void *)42L);
	z[C].pid = child(sleeper, NULL);
	z[D].pid = child(segv, NULL);
	z[G].pid = child(leader, p);
	zt_check(read(pipes[0], &ch, 1) == 1, "G is not in its group");
	p[4] = z[G].pid;
	m = child(member, p);
	zt_check(read(pipes[0], &ch, 1) == 1, "M is not in G's group");
	zt_check(write(pipes[3], "x", 1) == 1, "write: %s", strerror(errno));
	zt_syscall(kill(z[C].pid, SIGKILL));

	for (i = 0; i < NZ; i++)
		look(&z[i], names[i]);
	zt_check(z[A].code == CLD_EXITED && z[A].status == 0, "A: %d %d", z[A].code, z[A].status);
	zt_check(z[B].code == CLD_EXITED && z[B].status == 42, "B: %d %d", z[B].code, z[B].status);
	zt_check(z[C].code == CLD_KILLED && z[C].status == SIGKILL, "C: %d %d", z[C].code,
		 z[C].status);
	zt_check((z[D].code == CLD_KILLED || z[D].code == CLD_DUMPED) && z[D].status == SIGSEGV,
		 "D: %d %d", z[D].code, z[D].status);
	zt_check(z[G].code == CLD_EXITED && z[G].status == 7, "G: %d %d", z[G].code, z[G].status);
	for (i = 0; i < NZ; i++)
		zt_check(z[i].state == 'Z' && z[i].ppid == getpid(), "%s: state %c, parent %d",
			 names[i], z[i].state, z[i].ppid);
	zt_check(z[G].pgid == z[G].pid, "G: group %d", z[G].pgid);
	/* Every exit above was signalled by now: taken, none is left to be seen again. */
	nanosleep(&ms, NULL);
	take_sigchld();
	zt_ready();
	zt_wait();

	zt_check(take_sigchld() == 0, "a SIGCHLD came after the restore");
	for (i = 0; i < NZ; i++) {
		now.pid = z[i].pid;
		look(&now, names[i]);
		zt_check(now.code == z[i].code && now.status == z[i].status && now.uid == z[i].uid,
			 "%s: waitid says code %d status %d uid %d, was %d %d %d", names[i],
			 now.code, now.status, (int)now.uid, z[i].code, z[i].status, (int)z[i].uid);
		zt_check(now.state == 'Z' && now.ppid == z[i].ppid && now.pgid == z[i].pgid &&
			 now.sid == z[i].sid,
			 "%s: state %c parent %d group %d session %d, was %c %d %d %d", names[i],
			 now.state, now.ppid, now.pgid, now.sid, z[i].state, z[i].ppid, z[i].pgid,
			 z[i].sid);
	}
	/* M checks the group G leads while G is still a zombie. */
	zt_syscall(kill(m, SIGTERM));
	zt_reap(m, "M");
	for (i = 0; i < NZ; i++) {
		zt_check(waitpid(z[i].pid, &st, WNOHANG) == z[i].pid, "%s: waitpid: %s", names[i],
			 strerror(errno));
		if (z[i].code == CLD_EXITED)
			zt_check(WIFEXITED(st) && WEXITSTATUS(st) == z[i].status,
				 "%s: status %#x", names[i], st);
		else
			zt_check(WIFSIGNALED(st) && WTERMSIG(st) == z[i].status &&
				 !!WCOREDUMP(st) == (z[i].code == CLD_DUMPED),
				 "%s: status %#x", names[i], st);
	}
	zt_check(waitpid(-1, &st, WNOHANG) < 0 && errno == ECHILD, "a child is left");
	zt_pass();
}
