// SPDX-License-Identifier: GPL-2.0
/*
 * Per-task state carried through a checkpoint, checked by the tasks
 * themselves. Usage: taskstate00 DIR
 *
 * Forks one process per kind of state; each sets its state, records it,
 * prints "ready NAME PID" and waits (in nanosleep, or in the call under
 * test) until DIR/go exists; then it checks the state is what it set and
 * prints "PASS NAME" or "FAIL NAME: why". The parent prints "done" when all
 * have reported. Kinds: sched-other, sched-batch, sched-idle, sched-fifo,
 * sched-rr (policy, priority, nice, reset-on-fork), affinity, sigaltstack,
 * sigsuspend (the mask put aside by sigsuspend comes back when it returns:
 * the scenario sends SIGUSR1 after the restore), shared-signals (a
 * process's pending signals stay the process's, with their siginfos) and
 * prctl (no_new_privs, child subreaper, oom_score_adj, personality), and
 * continued (a child's continue after a stop still to be reported to
 * waitpid(WCONTINUED)).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef SS_AUTODISARM
#define SS_AUTODISARM (1U << 31)
#endif

static const char *dir;
static const char *name;

static void say(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0 && write(1, buf, (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1) < 0)
		_exit(2);
}

static void __attribute__((noreturn)) fail(const char *fmt, ...)
{
	char buf[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	say("FAIL %s: %s\n", name, buf);
	_exit(1);
}

static void __attribute__((noreturn)) pass(void)
{
	say("PASS %s\n", name);
	_exit(0);
}

/* Wait in nanosleep for DIR/go: the checkpoint catches the task there. */
static void wait_go(void)
{
	char path[512];
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	snprintf(path, sizeof(path), "%s/go", dir);
	while (access(path, F_OK))
		nanosleep(&ts, NULL);
}

struct sched_case {
	const char *name;
	int policy;
	int prio;
	int nice;
	int reset_on_fork;
};

static void __attribute__((noreturn)) run_sched(const struct sched_case *c)
{
	struct sched_param sp = { .sched_priority = c->prio };
	int policy, nice;

	errno = 0;
	if (setpriority(PRIO_PROCESS, 0, c->nice))
		fail("setpriority: %s", strerror(errno));
	if (sched_setscheduler(0, c->policy | (c->reset_on_fork ? SCHED_RESET_ON_FORK : 0), &sp))
		fail("sched_setscheduler: %s", strerror(errno));
	say("ready %s %d\n", name, getpid());
	wait_go();
	policy = sched_getscheduler(0);
	if (sched_getparam(0, &sp))
		fail("sched_getparam: %s", strerror(errno));
	errno = 0;
	nice = getpriority(PRIO_PROCESS, 0);
	if (errno)
		fail("getpriority: %s", strerror(errno));
	if ((policy & ~SCHED_RESET_ON_FORK) != c->policy)
		fail("policy %d, not %d", policy & ~SCHED_RESET_ON_FORK, c->policy);
	if (!!(policy & SCHED_RESET_ON_FORK) != c->reset_on_fork)
		fail("reset-on-fork %d, not %d", !!(policy & SCHED_RESET_ON_FORK), c->reset_on_fork);
	if (sp.sched_priority != c->prio)
		fail("priority %d, not %d", sp.sched_priority, c->prio);
	if (nice != c->nice)
		fail("nice %d, not %d", nice, c->nice);
	pass();
}

static void __attribute__((noreturn)) run_affinity(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	cpu_set_t set, got;

	CPU_ZERO(&set);
	CPU_SET(ncpu > 1 ? 1 : 0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		fail("sched_setaffinity: %s", strerror(errno));
	say("ready %s %d cpu %ld\n", name, getpid(), ncpu > 1 ? 1L : 0L);
	wait_go();
	if (sched_getaffinity(0, sizeof(got), &got))
		fail("sched_getaffinity: %s", strerror(errno));
	if (!CPU_EQUAL(&set, &got))
		fail("bound to %d CPUs, not to CPU %ld alone", CPU_COUNT(&got), ncpu > 1 ? 1L : 0L);
	pass();
}

static char altstack[65536];

static void __attribute__((noreturn)) run_sigaltstack(void)
{
	stack_t ss = { .ss_sp = altstack, .ss_size = sizeof(altstack), .ss_flags = (int)SS_AUTODISARM };
	stack_t got;

	if (sigaltstack(&ss, NULL))
		fail("sigaltstack: %s", strerror(errno));
	say("ready %s %d\n", name, getpid());
	wait_go();
	if (sigaltstack(NULL, &got))
		fail("sigaltstack: %s", strerror(errno));
	if (got.ss_sp != ss.ss_sp || got.ss_size != ss.ss_size || (unsigned int)got.ss_flags != SS_AUTODISARM)
		fail("stack %p+%zu flags %#x, not %p+%zu flags %#x", got.ss_sp, got.ss_size,
		     (unsigned int)got.ss_flags, ss.ss_sp, ss.ss_size, (unsigned int)SS_AUTODISARM);
	pass();
}

static volatile sig_atomic_t got_usr1;
static sigset_t in_handler;

static void on_usr1(int sig)
{
	(void)sig;
	sigprocmask(SIG_BLOCK, NULL, &in_handler);
	got_usr1 = 1;
}

/*
 * SIGUSR1 and SIGUSR2 blocked; sigsuspend with only SIGUSR2 blocked. When
 * SIGUSR1 wakes it, the handler runs and the original mask (both blocked)
 * must be back.
 */
static void __attribute__((noreturn)) run_sigsuspend(void)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	sigset_t orig, during, now;

	sigemptyset(&orig);
	sigaddset(&orig, SIGUSR1);
	sigaddset(&orig, SIGUSR2);
	sigemptyset(&during);
	sigaddset(&during, SIGUSR2);
	if (sigaction(SIGUSR1, &sa, NULL) || sigprocmask(SIG_SETMASK, &orig, NULL))
		fail("sigaction: %s", strerror(errno));
	say("ready %s %d\n", name, getpid());
	while (!got_usr1)
		sigsuspend(&during);
	if (sigprocmask(SIG_BLOCK, NULL, &now))
		fail("sigprocmask: %s", strerror(errno));
	if (!sigismember(&in_handler, SIGUSR2) || !sigismember(&in_handler, SIGUSR1))
		fail("the handler ran with SIGUSR1 %d SIGUSR2 %d blocked, not both",
		     sigismember(&in_handler, SIGUSR1), sigismember(&in_handler, SIGUSR2));
	if (!sigismember(&now, SIGUSR1) || !sigismember(&now, SIGUSR2))
		fail("after sigsuspend SIGUSR1 %s and SIGUSR2 %s blocked: the original mask is lost",
		     sigismember(&now, SIGUSR1) ? "is" : "is not",
		     sigismember(&now, SIGUSR2) ? "is" : "is not");
	pass();
}

/* The pending masks the kernel shows for this process: ShdPnd (shared) and SigPnd (this thread). */
static void pending_masks(unsigned long long *shd, unsigned long long *own)
{
	char line[256];
	FILE *f = fopen("/proc/self/status", "r");

	*shd = *own = ~0ULL;
	if (!f)
		fail("/proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "ShdPnd: %llx", shd);
		sscanf(line, "SigPnd: %llx", own);
	}
	fclose(f);
}

/*
 * SIGUSR2 and three SIGRTMIN with values 1, 2, 3 sent to the process
 * (shared); SIGRTMIN+1 with value 9 to this thread (private). All blocked.
 */
static void __attribute__((noreturn)) run_shared(void)
{
	unsigned long long shd, own, want_shd, want_own;
	union sigval v;
	siginfo_t si;
	sigset_t set;
	int i;

	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN);
	sigaddset(&set, SIGRTMIN + 1);
	if (sigprocmask(SIG_BLOCK, &set, NULL))
		fail("sigprocmask: %s", strerror(errno));
	if (kill(getpid(), SIGUSR2))
		fail("kill: %s", strerror(errno));
	for (i = 1; i <= 3; i++) {
		v.sival_int = i;
		if (sigqueue(getpid(), SIGRTMIN, v))
			fail("sigqueue: %s", strerror(errno));
	}
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGRTMIN + 1;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value.sival_int = 9;
	if (syscall(SYS_rt_tgsigqueueinfo, getpid(), getpid(), SIGRTMIN + 1, &si))
		fail("rt_tgsigqueueinfo: %s", strerror(errno));
	want_shd = 1ULL << (SIGUSR2 - 1) | 1ULL << (SIGRTMIN - 1);
	want_own = 1ULL << (SIGRTMIN + 1 - 1);
	pending_masks(&shd, &own);
	if (shd != want_shd || own != want_own)
		fail("before: shared %#llx private %#llx", shd, own);
	say("ready %s %d\n", name, getpid());
	wait_go();
	pending_masks(&shd, &own);
	if (shd != want_shd || own != want_own)
		fail("shared pending %#llx and private %#llx, not %#llx and %#llx", shd, own,
		     want_shd, want_own);
	/* Each with its siginfo, the queued ones in order. */
	for (i = 1; i <= 3; i++) {
		sigemptyset(&set);
		sigaddset(&set, SIGRTMIN);
		if (sigwaitinfo(&set, &si) != SIGRTMIN || si.si_code != SI_QUEUE ||
		    si.si_value.sival_int != i || si.si_pid != getpid())
			fail("SIGRTMIN %d came back as code %d value %d from %d", i, si.si_code,
			     si.si_value.sival_int, si.si_pid);
	}
	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 1);
	if (sigwaitinfo(&set, &si) != SIGRTMIN + 1 || si.si_value.sival_int != 9)
		fail("SIGRTMIN+1 came back with value %d", si.si_value.sival_int);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	if (sigwaitinfo(&set, &si) != SIGUSR2 || si.si_code != SI_USER || si.si_pid != getpid())
		fail("SIGUSR2 came back as code %d from %d", si.si_code, si.si_pid);
	pending_masks(&shd, &own);
	if (shd || own)
		fail("more pending than was sent: shared %#llx private %#llx", shd, own);
	pass();
}

static int read_oom(void)
{
	char buf[32] = "";
	int fd = open("/proc/self/oom_score_adj", O_RDONLY);

	if (fd < 0 || read(fd, buf, sizeof(buf) - 1) <= 0)
		fail("oom_score_adj: %s", strerror(errno));
	close(fd);
	return atoi(buf);
}

static void __attribute__((noreturn)) run_prctl(void)
{
	const unsigned long pers = PER_LINUX | ADDR_NO_RANDOMIZE | UNAME26;
	int fd, sub = 0, oom;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) || prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0))
		fail("prctl: %s", strerror(errno));
	fd = open("/proc/self/oom_score_adj", O_WRONLY);
	if (fd < 0 || write(fd, "123", 3) != 3)
		fail("oom_score_adj: %s", strerror(errno));
	close(fd);
	if (personality(pers) < 0)
		fail("personality: %s", strerror(errno));
	say("ready %s %d\n", name, getpid());
	wait_go();
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		fail("no_new_privs is gone");
	if (prctl(PR_GET_CHILD_SUBREAPER, &sub, 0, 0, 0) || sub != 1)
		fail("no longer a child subreaper");
	oom = read_oom();
	if (oom != 123)
		fail("oom_score_adj %d, not 123", oom);
	if ((unsigned long)personality(0xffffffff) != pers)
		fail("personality %#x, not %#lx", personality(0xffffffff), pers);
	pass();
}

/*
 * A child stopped and continued: the parent has seen the stop but not yet
 * the continue, which its waitpid(WCONTINUED) must still report after the
 * restore.
 */
static void __attribute__((noreturn)) run_continued(void)
{
	pid_t c = fork();
	int st;

	if (c < 0)
		fail("fork: %s", strerror(errno));
	if (!c) {
		/* Never exits by itself: a zombie would be reaped by the WCONTINUED wait. */
		raise(SIGSTOP);
		for (;;)
			pause();
	}
	if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st))
		fail("the child did not stop");
	if (kill(c, SIGCONT))
		fail("kill: %s", strerror(errno));
	say("ready %s %d\n", name, c);
	wait_go();
	if (waitpid(c, &st, WCONTINUED | WNOHANG) != c || !WIFCONTINUED(st))
		fail("the child's continue is not reported to waitpid(WCONTINUED)");
	if (kill(c, SIGKILL) || waitpid(c, &st, 0) != c || !WIFSIGNALED(st))
		fail("the child did not die");
	pass();
}

static const struct sched_case scheds[] = {
	{ "sched-other", SCHED_OTHER, 0, 7, 0 },
	{ "sched-batch", SCHED_BATCH, 0, 3, 1 },
	{ "sched-idle", SCHED_IDLE, 0, 11, 0 },
	{ "sched-fifo", SCHED_FIFO, 10, -4, 0 },
	{ "sched-rr", SCHED_RR, 20, 5, 1 },
};

int main(int argc, char **argv)
{
	static const char * const others[] = { "affinity", "sigaltstack", "sigsuspend",
						"shared-signals", "prctl", "continued" };
	unsigned int i, n = 0, failed = 0;
	int st;
	pid_t p;

	if (argc != 2) {
		fprintf(stderr, "usage: taskstate00 DIR\n");
		return 2;
	}
	dir = argv[1];
	setvbuf(stdout, NULL, _IONBF, 0);
	for (i = 0; i < sizeof(scheds) / sizeof(scheds[0]) + 6; i++) {
		p = fork();
		if (p < 0) {
			perror("fork");
			return 2;
		}
		n++;
		if (p)
			continue;
		if (i < sizeof(scheds) / sizeof(scheds[0])) {
			name = scheds[i].name;
			run_sched(&scheds[i]);
		}
		name = others[i - sizeof(scheds) / sizeof(scheds[0])];
		switch (i - sizeof(scheds) / sizeof(scheds[0])) {
		case 0:
			run_affinity();
		case 1:
			run_sigaltstack();
		case 2:
			run_sigsuspend();
		case 3:
			run_shared();
		case 4:
			run_prctl();
		default:
			run_continued();
		}
	}
	while (n--) {
		p = wait(&st);
		if (p < 0 || !WIFEXITED(st) || WEXITSTATUS(st))
			failed++;
	}
	say("done %u failed\n", failed);
	return failed ? 1 : 0;
}
