/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the process-tree catalog programs (pgrp00, pgrp01, session01) share: a task's
 * pid, parent, process group and session, recorded before the checkpoint and checked
 * after the restore.
 */
#ifndef PTIDS_H
#define PTIDS_H

#include "zdtm.h"

struct ids {
	pid_t pid, ppid, pgid, sid;
};

static inline struct ids mine(void)
{
	struct ids i = { getpid(), getppid(), getpgid(0), getsid(0) };

	return i;
}

/*
 * The catalog program's own ids: its parent is the runner's start script until that exits,
 * at any moment, so it is recorded as 0.
 */
static inline struct ids mine_as_program(void)
{
	struct ids i = mine();

	i.ppid = 0;
	return i;
}

/* A recorded parent of 0 is not checked. */
static inline void same(const struct ids *was, const char *who)
{
	struct ids now = mine();

	if (!was->ppid)
		now.ppid = 0;
	zt_check(!memcmp(&now, was, sizeof(now)),
		 "%s: pid/ppid/pgid/sid %d/%d/%d/%d, were %d/%d/%d/%d", who, now.pid, now.ppid,
		 now.pgid, now.sid, was->pid, was->ppid, was->pgid, was->sid);
}

/*
 * The program's side of the checkpoints, for a program whose children are all made: none
 * but its own to reap before (@others names them) and none after (a helper of the restore
 * would be one), its own ids the same.
 */
static inline void program_cycles(const char *others)
{
	struct ids was;
	int st;

	zt_check(waitpid(-1, &st, WNOHANG | __WALL) == 0, "a child other than %s to reap", others);
	was = mine_as_program();
	zt_ready();
	zt_wait();
	same(&was, "the program");
	zt_check(waitpid(-1, &st, WNOHANG | __WALL) == 0,
		 "a child to reap after the restore: a helper left behind");
}

#endif /* PTIDS_H */
