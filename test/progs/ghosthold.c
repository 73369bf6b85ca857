// SPDX-License-Identifier: GPL-2.0
/*
 * ghosthold: holds one kind of open file for test 47 and waits for SIGTERM.
 * Usage: ghosthold MODE DIR; prints "ready" to DIR/out once the state is set up.
 *   big     a deleted file one page above the cap a dump carries (sparse): refused
 *   linked  an open file whose name was deleted but which has another: refused
 *   memfd   a memfd sealed F_SEAL_FUTURE_WRITE under a writable shared mapping: refused
 *   fifo    a named FIFO open for reading and writing with O_ASYNC: carried; on
 *           SIGTERM it checks O_ASYNC, prints PASS or FAIL
 *   owner   a regular file with F_SETOWN (the owner of its signals): carried; on
 *           SIGTERM it checks the owner, prints PASS or FAIL (with an owner on the
 *           host, set by fownhost, refused)
 *   lease   a file with a read lease (F_SETLEASE): refused (file locks are carried)
 *   edge    a deleted file of exactly the cap, all hole but its last byte: carried;
 *           on SIGTERM it checks its size, its last byte, its hole, prints PASS or FAIL
 *   prockid   /proc/PID/stat of its child, which a restore makes after it: refused
 *   procgone  /proc/PID/stat of a child that has exited and been reaped: refused
 * Not in the catalog: most of these states are refused on purpose.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vzcpt_image.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static void die(const char *what)
{
	printf("FAIL ghosthold: %s: %s\n", what, strerror(errno));
	exit(1);
}

static int deleted(const char *name, off_t size)
{
	int fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);

	if (fd < 0 || ftruncate(fd, size) < 0 || pwrite(fd, "E", 1, size - 1) != 1 ||
	    unlink(name) < 0)
		die(name);
	return fd;
}

static int check_edge(int fd)
{
	struct stat st;
	char c = 0;

	if (fstat(fd, &st) < 0)
		die("fstat");
	if (st.st_size != (off_t)VZCPT_GHOST_MAX_SIZE || st.st_nlink)
		printf("FAIL ghosthold: size %lld, %lu links\n", (long long)st.st_size,
		       (unsigned long)st.st_nlink);
	else if (pread(fd, &c, 1, st.st_size - 1) != 1 || c != 'E')
		printf("FAIL ghosthold: the last byte is %#x\n", c);
	else if (pread(fd, &c, 1, 4096) != 1 || c)
		printf("FAIL ghosthold: the hole holds %#x\n", c);
	else
		return printf("PASS ghosthold\n") < 0;
	return 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term };
	const char *mode;
	int fd = -1;

	if (argc < 3 || chdir(argv[2]) < 0 || !freopen("out", "a", stdout))
		return 2;
	setvbuf(stdout, NULL, _IONBF, 0);
	if (sigaction(SIGTERM, &sa, NULL) < 0)
		die("sigaction");
	mode = argv[1];
	if (!strcmp(mode, "big")) {
		fd = deleted("big.tmp", VZCPT_GHOST_MAX_SIZE + 4096);
	} else if (!strcmp(mode, "edge")) {
		fd = deleted("edge.tmp", VZCPT_GHOST_MAX_SIZE);
	} else if (!strcmp(mode, "linked")) {
		unlink("other.tmp");
		fd = open("linked.tmp", O_RDWR | O_CREAT | O_TRUNC, 0600);
		if (fd < 0 || link("linked.tmp", "other.tmp") < 0 || unlink("linked.tmp") < 0)
			die("linked");
	} else if (!strcmp(mode, "memfd")) {
		char *p;

		fd = memfd_create("held", MFD_ALLOW_SEALING);
		if (fd < 0 || ftruncate(fd, 4096) < 0)
			die("memfd");
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED || fcntl(fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) < 0)
			die("memfd seal");
		p[0] = 'm';
	} else if (!strcmp(mode, "fifo")) {
		unlink("fifo");
		if (mkfifo("fifo", 0600) < 0)
			die("mkfifo");
		fd = open("fifo", O_RDWR);
		if (fd < 0 || fcntl(fd, F_SETFL, O_ASYNC) < 0)
			die("open fifo");
	} else if (!strcmp(mode, "owner")) {
		fd = open("owned", O_RDWR | O_CREAT, 0600);
		if (fd < 0 || fcntl(fd, F_SETOWN, getpid()) < 0)
			die("F_SETOWN");
	} else if (!strcmp(mode, "lease")) {
		fd = open("lease", O_RDWR | O_CREAT, 0600);
		if (fd < 0 || close(fd) < 0)
			die("create lease");
		fd = open("lease", O_RDONLY);
		if (fd < 0 || fcntl(fd, F_SETLEASE, F_RDLCK) < 0)
			die("lease");
	} else if (!strcmp(mode, "prockid") || !strcmp(mode, "procgone")) {
		char path[64];
		pid_t kid = fork();

		if (kid < 0)
			die("fork");
		if (!kid) {
			if (!strcmp(mode, "procgone") || prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
				_exit(0);
			for (;;)
				pause();
		}
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)kid);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die(path);
		if (!strcmp(mode, "procgone") && waitpid(kid, NULL, 0) != kid)
			die("waitpid");
	} else {
		return 2;
	}
	printf("ready\n");
	while (!stop)
		pause();
	if (!strcmp(mode, "fifo")) {
		if (!(fcntl(fd, F_GETFL) & O_ASYNC))
			return printf("FAIL ghosthold: the FIFO lost O_ASYNC\n") < 0 ? 2 : 1;
		return printf("PASS ghosthold\n") < 0;
	}
	if (!strcmp(mode, "owner")) {
		if (fcntl(fd, F_GETOWN) != getpid())
			return printf("FAIL ghosthold: the owner is %d, not %d\n",
				      fcntl(fd, F_GETOWN), getpid()) < 0 ? 2 : 1;
		return printf("PASS ghosthold\n") < 0;
	}
	return !strcmp(mode, "edge") ? check_edge(fd) : 0;
}
