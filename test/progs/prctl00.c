// SPDX-License-Identifier: GPL-2.0
/*
 * prctl00: per-task state set with prctl() and friends. The parent: a name of its own
 * (PR_SET_NAME), child subreaper, no_new_privs, not dumpable, oom_score_adj 321,
 * personality ADDR_NO_RANDOMIZE. Its child: another name, PR_SET_PDEATHSIG SIGUSR1,
 * dumpable. Each checks its own after the restore, and /proc/self/comm agrees.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/personality.h>
#include <sys/prctl.h>

static void check_name(const char *want)
{
	char got[17] = "", comm[32] = "";
	int fd, n;

	zt_syscall(prctl(PR_GET_NAME, got));
	zt_check(!strcmp(got, want), "the name is %s, not %s", got, want);
	fd = zt_syscall(open("/proc/self/comm", O_RDONLY));
	n = read(fd, comm, sizeof(comm) - 1);
	close(fd);
	zt_check(n > 0 && !strncmp(comm, want, strlen(want)), "/proc/self/comm says %s", comm);
}

static int read_int(const char *path)
{
	char buf[32] = "";
	int fd = zt_syscall(open(path, O_RDONLY)), n;

	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	zt_check(n > 0, "read %s", path);
	return atoi(buf);
}

int main(int argc, char **argv)
{
	int ready[2], fd, sig = 0;
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(prctl(PR_SET_NAME, "zt-prctl-par"));
	zt_syscall(prctl(PR_SET_CHILD_SUBREAPER, 1));
	zt_syscall(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	zt_syscall(prctl(PR_SET_DUMPABLE, 0));
	fd = zt_syscall(open("/proc/self/oom_score_adj", O_WRONLY));
	zt_check(write(fd, "321", 3) == 3, "oom_score_adj: %s", strerror(errno));
	close(fd);
	zt_syscall(personality(ADDR_NO_RANDOMIZE));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_syscall(prctl(PR_SET_NAME, "zt-prctl-kid"));
		zt_syscall(prctl(PR_SET_PDEATHSIG, SIGUSR1));
		zt_syscall(prctl(PR_SET_DUMPABLE, 1));
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		check_name("zt-prctl-kid");
		zt_syscall(prctl(PR_GET_PDEATHSIG, &sig));
		zt_check(sig == SIGUSR1, "the child's parent-death signal is %d", sig);
		zt_check(prctl(PR_GET_DUMPABLE) == 1, "the child is not dumpable");
		zt_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "the child lost no_new_privs");
		zt_check(prctl(PR_GET_CHILD_SUBREAPER, &sig) == 0 && !sig,
			 "the child is a subreaper");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	check_name("zt-prctl-par");
	zt_syscall(prctl(PR_GET_CHILD_SUBREAPER, &sig));
	zt_check(sig == 1, "the parent is not a child subreaper");
	zt_check(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "the parent lost no_new_privs");
	zt_check(prctl(PR_GET_DUMPABLE) == 0, "the parent is dumpable");
	zt_check(read_int("/proc/self/oom_score_adj") == 321, "oom_score_adj is %d",
		 read_int("/proc/self/oom_score_adj"));
	zt_check(personality(0xffffffff) == ADDR_NO_RANDOMIZE, "the personality is %#x",
		 personality(0xffffffff));
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
