// SPDX-License-Identifier: GPL-2.0
/*
 * rstperm00: what a restore may do for a task is what the task could do
 * itself, and its files are what the CT's root opened for it. Run as a
 * CT's init (root); each mode sets up, appends "ready ..." to OUT, and on
 * SIGUSR2 checks itself again and appends "PASS rstperm00 MODE" or
 * "FAIL rstperm00 MODE: why".
 *
 *   rstperm00 files OUT FILE MAPFILE
 *	as a daemon does, open FILE (read only) and MAPFILE as root, then
 *	become uid/gid 1000 with no capability, holding FILE open and MAPFILE
 *	mapped (private, read only, its fd closed), and a pipe of its own:
 *	"ready RFD WFD" names the pipe's fds. After the restore FILE and
 *	MAPFILE still hold what they held, though uid 1000 could not open them.
 *   rstperm00 mlock OUT PAGES LIMIT
 *	as root, set RLIMIT_MEMLOCK to LIMIT pages, lock PAGES pages (root
 *	may: CAP_IPC_LOCK), then become uid 1000 with no capability; after the
 *	restore the pages are still locked (VmLck) and hold their pattern.
 *   rstperm00 sched OUT POLICY PRIO NICE RLIMIT_NICE RLIMIT_RTPRIO
 *	as root, set the limits and the policy (other or fifo), priority and
 *	nice, then become uid 1000 with no capability; after the restore the
 *	values are the same.
 * OUT is opened as root, before anything else.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#define UID	1000
#define PAGE	4096

static int out = -1;
static const char *mode = "?";
static volatile sig_atomic_t check_now;

static void on_usr2(int sig)
{
	(void)sig;
	check_now = 1;
}

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(out, buf, (size_t)n) != n)
		_exit(3);
}

static void fail(const char *why)
{
	say("FAIL rstperm00 %s: %s (errno %d)\n", mode, why, errno);
	_exit(1);
}

/* uid and gid 1000, no group, no capability (a change from uid 0 clears them). */
static void become_user(void)
{
	if (setgroups(0, NULL) || setresgid(UID, UID, UID) || setresuid(UID, UID, UID))
		fail("cannot become uid 1000");
}

static void wait_check(void)
{
	sigset_t none;

	sigemptyset(&none);
	while (!check_now)
		sigsuspend(&none);
	check_now = 0;
}

static void files(const char *file, const char *mapfile)
{
	char want_f[64], want_m[64], got[64];
	int fd, mfd, p[2];
	ssize_t nf, nm;
	char *map;

	fd = open(file, O_RDONLY);
	mfd = open(mapfile, O_RDONLY);
	if (fd < 0 || mfd < 0)
		fail("cannot open the files as root");
	become_user();
	if (!access(file, R_OK) || !access(mapfile, R_OK))
		fail("uid 1000 may read the files itself: the test proves nothing");
	map = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE, mfd, 0);
	if (map == MAP_FAILED)
		fail("mmap");
	close(mfd);
	nf = pread(fd, want_f, sizeof(want_f), 0);
	nm = (ssize_t)strnlen(map, sizeof(want_m));
	if (nf <= 0 || nm <= 0)
		fail("the files are empty");
	memcpy(want_m, map, (size_t)nm);
	if (pipe(p))
		fail("pipe");
	say("ready %d %d\n", p[0], p[1]);
	wait_check();
	if (getuid() != UID || geteuid() != UID || getgid() != UID)
		fail("not uid 1000 after the restore");
	if (pread(fd, got, sizeof(got), 0) != nf || memcmp(got, want_f, (size_t)nf))
		fail("the open file does not read as before");
	if (memcmp(map, want_m, (size_t)nm))
		fail("the mapped file does not read as before");
	say("PASS rstperm00 %s\n", mode);
}

/* VmLck of /proc/self/status, in kB; -1 if not found. */
static long vmlck(void)
{
	char line[256];
	long kb = -1;
	FILE *f = fopen("/proc/self/status", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmLck: %ld kB", &kb) == 1)
			break;
	fclose(f);
	return kb;
}

static void lock(long pages, long limit)
{
	struct rlimit rl = { .rlim_cur = (rlim_t)limit * PAGE, .rlim_max = (rlim_t)limit * PAGE };
	size_t len = (size_t)pages * PAGE, i;
	unsigned char *m;

	if (setrlimit(RLIMIT_MEMLOCK, &rl))
		fail("setrlimit(RLIMIT_MEMLOCK)");
	m = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (m == MAP_FAILED)
		fail("mmap");
	for (i = 0; i < len; i++)
		m[i] = (unsigned char)(i * 7 + 3);
	if (mlock(m, len))
		fail("mlock as root");
	become_user();
	if (vmlck() != pages * 4)
		fail("VmLck is not what was locked");
	say("ready %ld\n", vmlck());
	wait_check();
	for (i = 0; i < len; i++)
		if (m[i] != (unsigned char)(i * 7 + 3))
			fail("the locked pages changed");
	if (vmlck() != pages * 4)
		fail("VmLck after the restore is not what was locked");
	say("PASS rstperm00 %s\n", mode);
}

static void sched(const char *policy, int prio, int nice, long rl_nice, long rl_rtprio)
{
	struct rlimit n = { .rlim_cur = (rlim_t)rl_nice, .rlim_max = (rlim_t)rl_nice };
	struct rlimit r = { .rlim_cur = (rlim_t)rl_rtprio, .rlim_max = (rlim_t)rl_rtprio };
	int pol = strcmp(policy, "fifo") ? SCHED_OTHER : SCHED_FIFO;
	struct sched_param sp = { .sched_priority = prio };

	if (setpriority(PRIO_PROCESS, 0, nice))
		fail("setpriority as root");
	if (sched_setscheduler(0, pol, &sp))
		fail("sched_setscheduler as root");
	if (setrlimit(RLIMIT_NICE, &n) || setrlimit(RLIMIT_RTPRIO, &r))
		fail("setrlimit");
	become_user();
	say("ready %d %d %d\n", pol, prio, nice);
	wait_check();
	errno = 0;
	if (getpriority(PRIO_PROCESS, 0) != nice || errno)
		fail("the nice value changed");
	if (sched_getscheduler(0) != pol || sched_getparam(0, &sp) || sp.sched_priority != prio)
		fail("the policy or priority changed");
	say("PASS rstperm00 %s\n", mode);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr2 };

	if (argc < 3)
		return 2;
	mode = argv[1];
	out = open(argv[2], O_WRONLY | O_APPEND | O_CREAT, 0666);
	if (out < 0)
		return 2;
	if (sigaction(SIGUSR2, &sa, NULL))
		fail("sigaction");
	if (!strcmp(mode, "files") && argc == 5)
		files(argv[3], argv[4]);
	else if (!strcmp(mode, "mlock") && argc == 5)
		lock(atol(argv[3]), atol(argv[4]));
	else if (!strcmp(mode, "sched") && argc == 8)
		sched(argv[3], atoi(argv[4]), atoi(argv[5]), atol(argv[6]), atol(argv[7]));
	else
		fail("usage: see the top of rstperm00.c");
	for (;;)
		pause();
}
