// SPDX-License-Identifier: GPL-2.0
/*
 * fdgrab PID FD READY: takes the open file at FD of process PID (pidfd_getfd: the same open
 * file, as fork would share it), writes "ready" to READY and holds it until killed. For
 * test 17: a pipe end a CT shares with a process of the host refuses the dump.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int pidfd, fd;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: fdgrab PID FD READY\n");
		return 2;
	}
	pidfd = syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	if (pidfd < 0) {
		perror("fdgrab: pidfd_open");
		return 1;
	}
	fd = syscall(SYS_pidfd_getfd, pidfd, atoi(argv[2]), 0);
	if (fd < 0) {
		perror("fdgrab: pidfd_getfd");
		return 1;
	}
	f = fopen(argv[3], "w");
	if (!f || fputs("ready\n", f) < 0 || fclose(f)) {
		perror("fdgrab: writing READY");
		return 1;
	}
	for (;;)
		pause();
}
