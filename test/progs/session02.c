// SPDX-License-Identifier: GPL-2.0
/*
 * session02 [two|live]: a daemon's double fork, reparented to the CT's init. The child
 * makes a session and forks the daemon; then, by default, exits: the daemon stays in a
 * session and group whose leader has exited (carried; test 52 compares the CT's process
 * tree before and after). "two": the child forks two daemons before it exits, both
 * reparented: the session would have to be made twice (refused). "live": the child
 * stays, and the daemon is a grandchild whose own parent exited: it is in a session whose
 * leader lives and that its parent (init) is not in (refused). Prints "ready PID SID".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static void daemon_task(int *p)
{
	close(p[0]);
	/* Once its parent has exited and it is init's. */
	while (getppid() != 1)
		usleep(1000);
	printf("ready %d %d\n", getpid(), getsid(0));
	fflush(stdout);
	close(p[1]);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";
	int p[2], n = !strcmp(mode, "two") ? 2 : 1, i;
	pid_t pid, mid;
	char c;

	if (pipe(p))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		setsid();
		if (!strcmp(mode, "live")) {
			/* The daemon's parent exits, the session's leader stays. */
			mid = fork();
			if (!mid) {
				if (fork() == 0)
					daemon_task(p);
				_exit(0);
			}
			waitpid(mid, NULL, 0);
			close(p[1]);
			for (;;)
				pause();
		}
		for (i = 0; i < n; i++)
			if (fork() == 0)
				daemon_task(p);
		_exit(0);
	}
	close(p[1]);
	if (strcmp(mode, "live"))
		waitpid(pid, NULL, 0);
	/* Until every daemon has said ready. */
	for (i = 0; i < n; i++)
		if (read(p[0], &c, 1) < 0)
			return 1;
	return 0;
}
