// SPDX-License-Identifier: GPL-2.0
/*
 * fownhost PID FD: makes this host process the owner of the signals (F_SETOWN) of
 * fd FD of process PID, a CT's (the file taken with pidfd_getfd), says "ready" and
 * stays alive until killed, so that the owner is a live task outside the CT
 * (test 47: the dump must refuse it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int pidfd, fd;

	if (argc != 3)
		return 2;
	pidfd = (int)syscall(SYS_pidfd_open, atoi(argv[1]), 0);
	fd = pidfd < 0 ? -1 : (int)syscall(SYS_pidfd_getfd, pidfd, atoi(argv[2]), 0);
	if (fd < 0 || fcntl(fd, F_SETOWN, getpid()) < 0) {
		printf("FAIL fownhost: %s\n", strerror(errno));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
