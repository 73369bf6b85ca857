// SPDX-License-Identifier: GPL-2.0
/*
 * zombie01 [ign]: a child that has exited (status 7) and that this process has not waited
 * for: a zombie. Test 52 checks it is carried; with "ign" the process then ignores SIGCHLD,
 * and test 52 checks the dump refuses the zombie (a restored one would be reaped at once).
 * Prints "ready PID".
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid < 0)
		return 1;
	if (!pid)
		_exit(7);
	/* Exited, and left so (WNOWAIT). */
	if (waitid(P_PID, pid, &si, WEXITED | WNOWAIT))
		return 1;
	/* Setting SIGCHLD to SIG_IGN does not reap a zombie already there. */
	if (argc > 1 && !strcmp(argv[1], "ign"))
		signal(SIGCHLD, SIG_IGN);
	printf("ready %d\n", pid);
	fflush(stdout);
	for (;;)
		pause();
}
