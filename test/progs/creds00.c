// SPDX-License-Identifier: GPL-2.0
/*
 * creds00: credentials survive a dump and restore, and mean the same after.
 *
 *   creds00 OUT        as a CT's init: fork a root parent, which forks the
 *                      subject. The subject becomes uid 1000 (gid 1000, groups
 *                      100 1001 1002) keeping a reduced capability set
 *                      (securebits NOROOT|NO_SETUID_FIXUP|KEEP_CAPS, bounding
 *                      set without SYS_MODULE and SYS_RAWIO, an ambient
 *                      capability), sets PR_SET_DUMPABLE 0, PR_SET_PDEATHSIG
 *                      SIGUSR1 and RLIMIT_NPROC 1, checks all of it and
 *                      appends "ready KEYRING" to OUT. On SIGUSR2 it checks
 *                      again and appends "PASS creds00 KEYRING" or "FAIL
 *                      creds00: why"; on SIGUSR1 (its parent died) "pdeath".
 *   creds00 --probe N  as a fresh uid-1000 process with RLIMIT_NPROC N: print
 *                      "keyring ID" (its user keyring) and "fork ok" or "fork
 *                      EAGAIN": how many processes uid 1000 has, seen from
 *                      outside.
 * The checks that need the restore to switch the user: a uid-1000 process is
 * counted under uid 1000 (fork fails at RLIMIT_NPROC 1; root's would not,
 * since the kernel exempts root's user), and its user keyring is uid 1000's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fsuid.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/capability.h>
#include <linux/keyctl.h>
#include <linux/securebits.h>

#define UID	1000
#define BIT(c)	(1ULL << (c))
static const gid_t groups[] = { 100, 1001, 1002 };
static const unsigned long long perm = BIT(CAP_CHOWN) | BIT(CAP_KILL) | BIT(CAP_NET_BIND_SERVICE);
static const unsigned long long eff = BIT(CAP_KILL);
static const unsigned long long inh = BIT(CAP_NET_BIND_SERVICE);
static const int secbits = SECBIT_NOROOT | SECBIT_NO_SETUID_FIXUP | SECBIT_KEEP_CAPS;

static int out = -1;
static volatile sig_atomic_t check_now, orphaned;

static void on_signal(int sig)
{
	if (sig == SIGUSR2)
		check_now = 1;
	else
		orphaned = 1;
}

static long user_keyring(void)
{
	return syscall(SYS_keyctl, KEYCTL_GET_KEYRING_ID, KEY_SPEC_USER_KEYRING, 1);
}

static int get_caps(unsigned long long *e, unsigned long long *p, unsigned long long *i)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	if (syscall(SYS_capget, &h, d))
		return -1;
	*e = d[0].effective | (unsigned long long)d[1].effective << 32;
	*p = d[0].permitted | (unsigned long long)d[1].permitted << 32;
	*i = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
	return 0;
}

static int set_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2] = {
		{ (unsigned int)eff, (unsigned int)perm, (unsigned int)inh },
		{ eff >> 32, perm >> 32, inh >> 32 },
	};

	return syscall(SYS_capset, &h, d);
}

/* Can uid 1000 start one more process? 1: yes, 0: EAGAIN, -1: another error. */
static int can_fork(void)
{
	pid_t pid = fork();

	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return errno == EAGAIN ? 0 : -1;
	waitpid(pid, NULL, 0);
	return 1;
}

/* Append to @why what differs from what the subject set up. */
static void check(char *why, size_t len, long keyring)
{
	unsigned long long e = 0, p = 0, i = 0;
	uid_t r = -1, ef = -1, s = -1;
	gid_t g[64], gr = -1, ge = -1, gs = -1;
	size_t n = 0;
	int ng;

#define BAD(...) (n += n < len ? snprintf(why + n, len - n, __VA_ARGS__) : 0)
	if (getresuid(&r, &ef, &s) || r != UID || ef != UID || s != UID ||
	    setfsuid(-1) != UID)
		BAD(" uids %u %u %u;", r, ef, s);
	if (getresgid(&gr, &ge, &gs) || gr != UID || ge != UID || gs != UID ||
	    setfsgid(-1) != UID)
		BAD(" gids %u %u %u;", gr, ge, gs);
	ng = getgroups(64, g);
	if (ng != 3 || memcmp(g, groups, sizeof(groups)))
		BAD(" %d groups;", ng);
	if (get_caps(&e, &p, &i) || e != eff || p != perm || i != inh)
		BAD(" caps eff %llx prm %llx inh %llx;", e, p, i);
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_NET_BIND_SERVICE, 0, 0) != 1 ||
	    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, CAP_CHOWN, 0, 0) != 0)
		BAD(" ambient capabilities;");
	if (prctl(PR_CAPBSET_READ, CAP_SYS_MODULE) != 0 || prctl(PR_CAPBSET_READ, CAP_SYS_RAWIO) != 0 ||
	    prctl(PR_CAPBSET_READ, CAP_SYS_ADMIN) != 1)
		BAD(" bounding set;");
	if (prctl(PR_GET_SECUREBITS) != secbits)
		BAD(" securebits %d;", prctl(PR_GET_SECUREBITS));
	if (prctl(PR_GET_DUMPABLE) != 0)
		BAD(" dumpable %d;", prctl(PR_GET_DUMPABLE));
	ng = 0;
	if (prctl(PR_GET_PDEATHSIG, &ng) || ng != SIGUSR1)
		BAD(" parent-death signal %d;", ng);
	ng = can_fork();
	if (ng != 0)
		BAD(" fork at RLIMIT_NPROC 1 %s: not counted under uid %d;",
		    ng > 0 ? "succeeded" : "failed oddly", UID);
	if (user_keyring() != keyring)
		BAD(" user keyring %ld, uid %d's is %ld;", user_keyring(), UID, keyring);
#undef BAD
}

static void __attribute__((format(printf, 1, 2))) say(const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	if (write(out, line, n) != n)
		_exit(3);
}

static int setup(void)
{
	struct rlimit rl = { 1, 1 };

	if (prctl(PR_SET_SECUREBITS, secbits) || prctl(PR_CAPBSET_DROP, CAP_SYS_MODULE) ||
	    prctl(PR_CAPBSET_DROP, CAP_SYS_RAWIO) || setgroups(3, groups) ||
	    setresgid(UID, UID, UID) || setresuid(UID, UID, UID) || set_caps() ||
	    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_BIND_SERVICE, 0, 0) ||
	    prctl(PR_SET_DUMPABLE, 0) || prctl(PR_SET_PDEATHSIG, SIGUSR1) ||
	    setrlimit(RLIMIT_NPROC, &rl))
		return -1;
	return 0;
}

static void __attribute__((noreturn)) subject(void)
{
	struct sigaction sa = { .sa_handler = on_signal };
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	char why[900] = "";
	long keyring;

	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	if (setup()) {
		say("FAIL creds00: setup: %s\n", strerror(errno));
		_exit(1);
	}
	keyring = user_keyring();
	check(why, sizeof(why), keyring);
	if (why[0]) {
		say("FAIL creds00: before the dump:%s\n", why);
		_exit(1);
	}
	say("ready %ld\n", keyring);
	for (;;) {
		nanosleep(&ts, NULL);
		if (orphaned) {
			orphaned = 0;
			say("pdeath\n");
		}
		if (check_now) {
			check_now = 0;
			why[0] = 0;
			check(why, sizeof(why), keyring);
			if (why[0])
				say("FAIL creds00:%s\n", why);
			else
				say("PASS creds00 %ld\n", user_keyring());
		}
	}
}

static int probe(int nproc)
{
	struct rlimit rl = { nproc, nproc };
	int r;

	if (setgroups(0, NULL) || setresgid(UID, UID, UID) || setresuid(UID, UID, UID) ||
	    setrlimit(RLIMIT_NPROC, &rl)) {
		perror("creds00 --probe");
		return 1;
	}
	printf("keyring %ld\n", user_keyring());
	r = can_fork();
	printf("fork %s\n", r > 0 ? "ok" : r == 0 ? "EAGAIN" : strerror(errno));
	return r < 0;
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "--probe"))
		return probe(atoi(argv[2]));
	if (argc != 2) {
		fprintf(stderr, "usage: creds00 OUT | creds00 --probe NPROC\n");
		return 2;
	}
	out = open(argv[1], O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (out < 0)
		return 1;
	pid = fork();
	if (pid == 0) {
		/* The subject's parent: a root process the test kills to see SIGUSR1 come. */
		if (fork() == 0)
			subject();
		for (;;)
			pause();
	}
	for (;;)	/* init: reap */
		if (wait(NULL) < 0 && errno == ECHILD)
			pause();
}
