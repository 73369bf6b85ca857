// SPDX-License-Identifier: GPL-2.0
/*
 * stopped01: a child stopped by SIGSTOP, its stop already reported to the parent
 * (waitpid WUNTRACED), and another stopped by SIGTSTP with the report still to be
 * collected. After the restore both are still stopped (/proc/PID/stat says T), the
 * second's report is collected with its signal, neither is reported twice, and SIGCONT
 * lets both run again (a WCONTINUED report each, then they exit 0 when told).
 */
#include "zdtm.h"

#include <fcntl.h>

static char state_of(pid_t pid)
{
	char path[64], buf[512], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	fd = zt_syscall(open(path, O_RDONLY));
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	zt_check(n > 0, "read %s", path);
	buf[n] = 0;
	p = strrchr(buf, ')');
	zt_check(p && p[1] == ' ', "bad %s", path);
	return p[2];
}

/*
 * Each child leads a process group of its own: the catalog starts this program as a session
 * leader, whose group is orphaned (no parent in another group of the session), and the kernel
 * discards SIGTSTP sent to an orphaned group's member. A group whose parent (this program) is in
 * the same session but another group is not orphaned.
 */
static pid_t sleeper(void)
{
	pid_t pid = zt_syscall(fork());

	if (!pid) {
		zt_syscall(setpgid(0, 0));
		for (;;)
			pause();
	}
	/* Both sides, so that the group exists before the parent signals the child. */
	if (setpgid(pid, pid) && errno != EACCES)
		zt_fail("setpgid %d: %s", pid, strerror(errno));
	return pid;
}

int main(int argc, char **argv)
{
	pid_t a, b;
	int st;

	zt_init(argc, argv);
	a = sleeper();
	b = sleeper();
	zt_syscall(kill(a, SIGSTOP));
	zt_check(waitpid(a, &st, WUNTRACED) == a && WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP,
		 "a's stop was not reported");
	zt_syscall(kill(b, SIGTSTP));
	for (st = 0; state_of(b) != 'T'; st++) {
		zt_check(st < 5000, "b did not stop on SIGTSTP");
		usleep(1000);
	}
	zt_ready();
	zt_wait();
	zt_check(state_of(a) == 'T' && state_of(b) == 'T', "the children are %c and %c, not T",
		 state_of(a), state_of(b));
	zt_check(waitpid(a, &st, WUNTRACED | WNOHANG) == 0, "a's stop was reported twice");
	zt_check(waitpid(b, &st, WUNTRACED | WNOHANG) == b && WIFSTOPPED(st) &&
		 WSTOPSIG(st) == SIGTSTP, "b's stop by SIGTSTP is not reported");
	zt_syscall(kill(a, SIGCONT));
	zt_syscall(kill(b, SIGCONT));
	zt_check(waitpid(a, &st, WCONTINUED) == a && WIFCONTINUED(st), "a did not continue");
	zt_check(waitpid(b, &st, WCONTINUED) == b && WIFCONTINUED(st), "b did not continue");
	zt_syscall(kill(a, SIGKILL));
	zt_syscall(kill(b, SIGKILL));
	zt_check(waitpid(a, &st, 0) == a && WIFSIGNALED(st), "a did not end");
	zt_check(waitpid(b, &st, 0) == b && WIFSIGNALED(st), "b did not end");
	zt_pass();
}
