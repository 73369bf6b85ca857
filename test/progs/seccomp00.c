// SPDX-License-Identifier: GPL-2.0
/*
 * seccomp00: seccomp filters and strict mode across the restore. Each filter fails one
 * harmless call with an errno of its own:
 *   the parent: filter A, getppid() -> EPERM;
 *   child 1 (forked after A): adds B, getpgrp() -> ENOENT, then forks grandchild 1,
 *            which shares the chain A, B (a tree: A shared by three tasks, B by two);
 *   child 2 (after A): three threads; one adds C, getsid() -> ESRCH, with TSYNC, which
 *            gives every thread the chain A, C;
 *   child 3 (after A): adds D with SECCOMP_FILTER_FLAG_LOG, getpgid() -> EXDEV;
 *   child 4 (forked before A): strict mode, waiting in read(); after the restore it
 *            writes back what it read, and its next call (getppid) kills it (SIGKILL).
 * After the restore each task checks that its filtered calls fail with its errnos, the
 * others' calls work, and that /proc's Seccomp: and Seccomp_filters: are as before.
 */
#include "zdtm.h"

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <pthread.h>
#include <stddef.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

enum { NR_KIDS = 4, NR_THREADS = 3 };

static int go[2], ready[2], strict_in[2], strict_out[2];

static void add_filter(int nr, int err, unsigned int flags)
{
	struct sock_filter f[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, nr, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | err),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),
	};
	struct sock_fprog prog = { .len = sizeof(f) / sizeof(f[0]), .filter = f };

	if (syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, flags, &prog) < 0)
		zt_fail("seccomp(filter for call %d, flags %#x): %s", nr, flags, strerror(errno));
}

/* The calls the filters fail, and the errno of each. */
static const struct {
	int nr, err;
	const char *name;
} calls[] = {
	{ SYS_getppid, EPERM, "getppid" },	/* A */
	{ SYS_getpgrp, ENOENT, "getpgrp" },	/* B */
	{ SYS_getsid, ESRCH, "getsid" },	/* C */
	{ SYS_getpgid, EXDEV, "getpgid" },	/* D */
};

/* Each call fails with its errno if @mask has its bit, else works. */
static void expect_calls(const char *who, unsigned int mask)
{
	unsigned int i;
	long r;

	for (i = 0; i < sizeof(calls) / sizeof(calls[0]); i++) {
		errno = 0;
		r = syscall(calls[i].nr, 0);
		if (mask & (1U << i))
			zt_check(r == -1 && errno == calls[i].err,
				 "%s: %s gave %ld (%s), not %s", who, calls[i].name, r,
				 strerror(errno), strerror(calls[i].err));
		else
			zt_check(r >= 0, "%s: %s failed: %s", who, calls[i].name, strerror(errno));
	}
	zt_check(syscall(SYS_getpid) > 0, "%s: getpid failed", who);
}

/* Seccomp: and Seccomp_filters: of @path (a status file), as "mode/filters". */
static void seccomp_status(const char *path, char *buf, size_t len)
{
	int mode = -1, filters = -1;
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		zt_fail("%s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f)) {
		sscanf(line, "Seccomp: %d", &mode);
		sscanf(line, "Seccomp_filters: %d", &filters);
	}
	fclose(f);
	snprintf(buf, len, "%d/%d", mode, filters);
}

static void expect_status(const char *who, const char *path, const char *want)
{
	char got[32];

	seccomp_status(path, got, sizeof(got));
	zt_check(!strcmp(got, want), "%s: Seccomp/Seccomp_filters are %s, not %s", who, got, want);
}

static void say_ready(void)
{
	zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
}

static void wait_go(void)
{
	char c;

	while (read(go[0], &c, 1) != 1)
		zt_check(errno == EINTR, "read: %s", strerror(errno));
}

static void grandchild(void)
{
	expect_calls("grandchild 1", 0x3);
	say_ready();
	wait_go();
	expect_calls("grandchild 1, restored", 0x3);
	expect_status("grandchild 1", "/proc/self/status", "2/2");
	exit(0);
}

static void child1(void)
{
	pid_t g;

	add_filter(SYS_getpgrp, ENOENT, 0);
	g = zt_syscall(fork());
	if (!g)
		grandchild();
	expect_calls("child 1", 0x3);
	say_ready();
	wait_go();
	expect_calls("child 1, restored", 0x3);
	expect_status("child 1", "/proc/self/status", "2/2");
	zt_reap(g, "grandchild 1");
	exit(0);
}

static int tgo[2];
static pthread_barrier_t synced;

static void *thread(void *arg)
{
	char who[32], c;

	snprintf(who, sizeof(who), "child 2 thread %ld", (long)arg);
	if (arg == (void *)1L)
		add_filter(SYS_getsid, ESRCH, SECCOMP_FILTER_FLAG_TSYNC);
	pthread_barrier_wait(&synced);
	expect_calls(who, 0x5);
	while (read(tgo[0], &c, 1) != 1)
		zt_check(errno == EINTR, "read: %s", strerror(errno));
	expect_calls(who, 0x5);
	expect_status(who, "/proc/thread-self/status", "2/2");
	return NULL;
}

static void child2(void)
{
	pthread_t t[NR_THREADS];
	long i;
	int err;

	zt_syscall(pipe(tgo));
	pthread_barrier_init(&synced, NULL, NR_THREADS + 1);
	for (i = 0; i < NR_THREADS; i++) {
		err = pthread_create(&t[i], NULL, thread, (void *)i);
		zt_check(!err, "pthread_create: %s", strerror(err));
	}
	pthread_barrier_wait(&synced);
	expect_calls("child 2", 0x5);
	say_ready();
	wait_go();
	expect_calls("child 2, restored", 0x5);
	expect_status("child 2", "/proc/thread-self/status", "2/2");
	zt_check(write(tgo[1], "ggg", NR_THREADS) == NR_THREADS, "write: %s", strerror(errno));
	for (i = 0; i < NR_THREADS; i++)
		zt_check(!pthread_join(t[i], NULL), "pthread_join");
	exit(0);
}

static void child3(void)
{
	add_filter(SYS_getpgid, EXDEV, SECCOMP_FILTER_FLAG_LOG);
	expect_calls("child 3", 0x9);
	say_ready();
	wait_go();
	expect_calls("child 3, restored", 0x9);
	expect_status("child 3", "/proc/self/status", "2/2");
	exit(0);
}

/* Strict mode: read, write, _exit and sigreturn only, anything else is SIGKILL. */
static void child4(void)
{
	char buf[8];
	long n;

	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) < 0)
		zt_fail("strict mode: %s", strerror(errno));
	if (write(ready[1], "r", 1) != 1)
		syscall(SYS_exit, 3);
	do
		n = read(strict_in[0], buf, sizeof(buf));
	while (n < 0 && errno == EINTR);
	if (n > 0 && write(strict_out[1], buf, n) != n)
		syscall(SYS_exit, 4);
	syscall(SYS_getppid);
	syscall(SYS_exit, 5);
}

int main(int argc, char **argv)
{
	pid_t kid[NR_KIDS];
	char strict_before[32], path[64], buf[8];
	int i, st;

	zt_init(argc, argv);
	zt_syscall(pipe(go));
	zt_syscall(pipe(ready));
	zt_syscall(pipe(strict_in));
	zt_syscall(pipe(strict_out));
	kid[3] = zt_syscall(fork());
	if (!kid[3])
		child4();
	zt_syscall(prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0));
	add_filter(SYS_getppid, EPERM, 0);
	for (i = 0; i < 3; i++) {
		kid[i] = zt_syscall(fork());
		if (!kid[i])
			i == 0 ? child1() : i == 1 ? child2() : child3();
	}
	/* One from each child, and one from grandchild 1. */
	for (i = 0; i < NR_KIDS + 1; i++)
		zt_check(read(ready[0], buf, 1) == 1, "a child did not start: %s", strerror(errno));
	expect_calls("parent", 0x1);
	snprintf(path, sizeof(path), "/proc/%d/status", kid[3]);
	seccomp_status(path, strict_before, sizeof(strict_before));
	zt_check(!strcmp(strict_before, "1/0"), "child 4: Seccomp/Seccomp_filters are %s, not 1/0",
		 strict_before);
	zt_ready();
	zt_wait();

	expect_calls("parent, restored", 0x1);
	expect_status("parent", "/proc/self/status", "2/1");
	expect_status("child 4", path, "1/0");
	zt_check(write(go[1], "gggg", 4) == 4, "write: %s", strerror(errno));
	for (i = 0; i < 3; i++)
		zt_reap(kid[i], i == 0 ? "child 1" : i == 1 ? "child 2" : "child 3");
	zt_check(write(strict_in[1], "hi", 2) == 2, "write: %s", strerror(errno));
	zt_check(read(strict_out[0], buf, sizeof(buf)) == 2 && !memcmp(buf, "hi", 2),
		 "child 4 did not echo in strict mode");
	while (waitpid(kid[3], &st, 0) < 0)
		zt_check(errno == EINTR, "waitpid: %s", strerror(errno));
	zt_check(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
		 "child 4 survived a getppid() in strict mode (status 0x%x)", st);
	zt_pass();
}
