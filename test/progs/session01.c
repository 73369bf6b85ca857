// SPDX-License-Identifier: GPL-2.0
/*
 * session01: a daemon's double fork: the child makes a session and exits, the grandchild
 * (reparented to the CT's init) stays in a session and process group whose leader has
 * exited. Test 45 checks the dump refuses it, naming the session. Prints "ready PID SID".
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(void)
{
	int p[2];
	pid_t pid;
	char c;

	if (pipe(p))
		return 1;
	pid = fork();
	if (pid < 0)
		return 1;
	if (!pid) {
		setsid();
		if (fork() == 0) {
			close(p[0]);
			/* Once the session leader has exited: it is waited for below. */
			while (getppid() != 1)
				usleep(1000);
			printf("ready %d %d\n", getpid(), getsid(0));
			fflush(stdout);
			close(p[1]);
			for (;;)
				pause();
		}
		_exit(0);
	}
	close(p[1]);
	waitpid(pid, NULL, 0);
	/* Until the grandchild has said ready. */
	if (read(p[0], &c, 1) < 0)
		return 1;
	return 0;
}
