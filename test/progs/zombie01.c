// SPDX-License-Identifier: GPL-2.0
/*
 * zombie01: a child that has exited (status 7) and that this process has not waited for:
 * a zombie. Test 45 checks the dump refuses it, naming the zombie. Prints "ready PID".
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
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
	printf("ready %d\n", pid);
	fflush(stdout);
	for (;;)
		pause();
}
