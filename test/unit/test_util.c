// SPDX-License-Identifier: GPL-2.0
/*
 * util: wait_gone(), which vzctl stop and chkpnt's kill stage rely on to see a
 * CT's init go, including while it is a zombie nobody has reaped yet.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tap.h"
#include "util.h"

static pid_t child(int sleep_ms)
{
	pid_t pid = fork();

	if (pid < 0) {
		perror("fork");
		exit(1);
	}
	if (!pid) {
		usleep(sleep_ms * 1000);
		_exit(0);
	}
	return pid;
}

int main(void)
{
	pid_t pid;
	int r;

	pid = child(5000);
	ok(wait_gone(pid, 100) == 0, "a child that runs on is not gone after 100 ms");
	kill(pid, SIGKILL);
	ok(wait_gone(pid, 5000) == 1, "killed, it is gone while a zombie not reaped yet");
	ok(waitpid(pid, NULL, 0) == pid, "and it was still there to reap");
	pid = child(200);
	ok(wait_gone(pid, 5000) == 1, "a child that exits within the wait is gone");
	waitpid(pid, NULL, 0);
	ok(wait_gone(pid, 100) == 1, "a pid that is no more counts as gone");
	r = wait_gone(-5, 100);
	ok(r < 0 && r != -ESRCH, "a bad pid is an error (%d)", r);
	printf("1..%u\n", tests);
	return failed != 0;
}
