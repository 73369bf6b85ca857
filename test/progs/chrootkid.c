// SPDX-License-Identifier: GPL-2.0
/*
 * chrootkid: files of a task whose creator is chrooted. The CT's init forks
 * A, which chroots into JAIL and moves to /sub; A forks B, which opens
 * /data, maps /map privately (both in JAIL) and writes into its copy. A
 * restore creates B from A after A's root is restored, so B's paths (which
 * the image gives from the CT's root) must not be looked up from A's root.
 * Prints "ready"; on SIGUSR1 each of A and B checks its root, cwd, and B
 * its fd and mapping; each prints "PASS chrootkid-A|B" or "FAIL ...: why".
 * Usage: chrootkid JAIL
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t go;

static void on_usr1(int sig)
{
	(void)sig;
	go = 1;
}

static void wait_go(void)
{
	while (!go)
		pause();
}

static int check_fs(const char *who)
{
	char cwd[256];

	/* Only the jail has /data: the root is the jail, the cwd its /sub. */
	if (access("/data", R_OK) || !getcwd(cwd, sizeof(cwd)) || strcmp(cwd, "/sub")) {
		printf("FAIL chrootkid-%s: root or cwd not as they were\n", who);
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char buf[16];
	char *m;
	int fd, st;

	if (argc != 2)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGUSR1, on_usr1);
	if (fork()) {		/* the CT's init */
		for (;;)
			wait(&st);
	}
	if (chroot(argv[1]) || chdir("/sub")) {
		printf("FAIL chrootkid: chroot\n");
		return 1;
	}
	if (fork()) {		/* A */
		wait_go();
		if (!check_fs("A"))
			printf("PASS chrootkid-A\n");
		for (;;)
			wait(&st);
	}
	/* B */
	fd = open("/data", O_RDONLY);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE,
		 open("/map", O_RDONLY), 0);
	if (fd < 0 || m == MAP_FAILED) {
		printf("FAIL chrootkid: setup\n");
		return 1;
	}
	strcpy(m + 100, "private copy");
	printf("ready\n");
	wait_go();
	if (check_fs("B"))
		return 1;
	if (pread(fd, buf, 9, 0) != 9 || memcmp(buf, "jail data", 9) ||
	    memcmp(m, "jail map", 8) || strcmp(m + 100, "private copy")) {
		printf("FAIL chrootkid-B: fd or mapping differs\n");
		return 1;
	}
	printf("PASS chrootkid-B\n");
	for (;;)
		pause();
}
