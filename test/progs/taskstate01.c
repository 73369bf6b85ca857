// SPDX-License-Identifier: GPL-2.0
/*
 * Per-task state a checkpoint must refuse (not lose). Usage:
 *   taskstate01 KIND DIR
 * sets up KIND in a child process (named "ts-KIND" through its comm),
 * prints "ready KIND PID" with the pid of the task that holds the state,
 * and waits until DIR/go exists; then it checks the state is still there
 * (the refused dump left the CT running and untouched) and prints
 * "PASS KIND" or "FAIL KIND: why".
 *
 * KIND: stopped, vfork, rtsig (300 queued real-time signals), orphan-pgrp
 * (a process group whose leader exited), orphan-session, seccomp (a filter with a
 * user-notification listener),
 * posix-timer, itimer-real, alarm, itimer-virtual, netns, utsns, lease,
 * sysv-shm, sysv-sem, sysv-msg, io_uring (an io_uring with its rings mapped, as liburing
 * maps them), aio (an AIO context, io_setup(), as libaio makes it).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/aio_abi.h>
#include <linux/filter.h>
#include <linux/io_uring.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *kind;
static const char *dir;

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
	say("FAIL %s: %s\n", kind, buf);
	_exit(1);
}

static int go(void)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/go", dir);
	return !access(path, F_OK);
}

static void nap(void)
{
	struct timespec ts = { 0, 100 * 1000 * 1000 };

	nanosleep(&ts, NULL);
}

static void wait_go(void)
{
	while (!go())
		nap();
}

static void ready(pid_t pid)
{
	say("ready %s %d\n", kind, pid);
}

static void __attribute__((noreturn)) pass(void)
{
	say("PASS %s\n", kind);
	_exit(0);
}

/* A child that stops itself; the parent checks it is still stopped, then continues it. */
static void do_stopped(void)
{
	pid_t c = fork();
	int st;

	if (!c) {
		/* Never exits by itself: its zombie would be reaped by the WCONTINUED wait. */
		raise(SIGSTOP);
		for (;;)
			pause();
	}
	if (waitpid(c, &st, WUNTRACED) != c || !WIFSTOPPED(st))
		fail("the child did not stop");
	ready(c);
	wait_go();
	if (kill(c, SIGCONT) || waitpid(c, &st, WCONTINUED) != c || !WIFCONTINUED(st))
		fail("the child was not stopped until now");
	if (kill(c, SIGKILL) || waitpid(c, &st, 0) != c || !WIFSIGNALED(st))
		fail("the child did not die");
	pass();
}

/* The child of a vfork sleeps: its parent waits in vfork. */
static void do_vfork(void)
{
	pid_t c = vfork();

	if (!c) {
		ready(getpid());
		while (!go())
			nap();
		_exit(0);
	}
	if (c < 0)
		fail("vfork: %s", strerror(errno));
	if (waitpid(c, NULL, 0) != c)	/* no zombie left for the next dump */
		fail("waitpid: %s", strerror(errno));
	pass();
}

static void do_rtsig(void)
{
	union sigval v;
	sigset_t set;
	int i;

	sigemptyset(&set);
	sigaddset(&set, SIGRTMIN + 2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	for (i = 0; i < 300; i++) {
		v.sival_int = i;
		if (sigqueue(getpid(), SIGRTMIN + 2, v))
			fail("sigqueue %d: %s", i, strerror(errno));
	}
	ready(getpid());
	wait_go();
	for (i = 0; i < 300; i++) {
		siginfo_t si;

		if (sigwaitinfo(&set, &si) != SIGRTMIN + 2 || si.si_value.sival_int != i)
			fail("signal %d is not there", i);
	}
	pass();
}

/* A process group (or session) whose leader has exited, with a member left. */
static void do_orphan(int session)
{
	int fds[2];
	pid_t leader, member = 0;

	if (pipe(fds))
		fail("pipe: %s", strerror(errno));
	leader = fork();
	if (!leader) {
		if (session ? setsid() < 0 : setpgid(0, 0))
			fail("setsid/setpgid: %s", strerror(errno));
		member = fork();
		if (!member) {
			pid_t grp = session ? getsid(0) : getpgrp();

			while (!go())
				nap();
			if ((session ? getsid(0) : getpgrp()) != grp)
				fail("the member left its %s", session ? "session" : "group");
			pass();
		}
		if (write(fds[1], &member, sizeof(member)) != sizeof(member))
			_exit(1);
		_exit(0);
	}
	if (read(fds[0], &member, sizeof(member)) != sizeof(member))
		fail("no member");
	waitpid(leader, NULL, 0);
	ready(member);
	_exit(0);
}

static void do_seccomp(void)
{
	struct sock_filter allow = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { .len = 1, .filter = &allow };

	/* Filters are carried; one with a user-notification listener (its fd kept) is not. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) ||
	    syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_NEW_LISTENER,
		    &prog) < 0)
		fail("seccomp: %s", strerror(errno));
	ready(getpid());
	wait_go();
	if (prctl(PR_GET_SECCOMP, 0, 0, 0, 0) != SECCOMP_MODE_FILTER)
		fail("the filter is gone");
	pass();
}

static void do_io_uring(void)
{
	struct io_uring_params p = { 0 };
	unsigned int *entries;
	void *ring;
	int fd;

	fd = syscall(SYS_io_uring_setup, 4, &p);
	if (fd < 0)
		fail("io_uring_setup: %s", strerror(errno));
	ring = mmap(NULL, p.sq_off.array + p.sq_entries * sizeof(unsigned int),
		    PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, IORING_OFF_SQ_RING);
	if (ring == MAP_FAILED)
		fail("mmap of the SQ ring: %s", strerror(errno));
	entries = (unsigned int *)((char *)ring + p.sq_off.ring_entries);
	ready(getpid());
	wait_go();
	if (*entries != p.sq_entries || fcntl(fd, F_GETFD) < 0)
		fail("the ring is gone");
	pass();
}

static void do_aio(void)
{
	aio_context_t ctx = 0;

	if (syscall(SYS_io_setup, 8, &ctx) < 0)
		fail("io_setup: %s", strerror(errno));
	ready(getpid());
	wait_go();
	if (syscall(SYS_io_destroy, ctx) < 0)
		fail("the AIO context is gone: %s", strerror(errno));
	pass();
}

static void do_posix_timer(void)
{
	timer_t t;
	struct sigevent ev = { .sigev_notify = SIGEV_NONE };

	if (timer_create(CLOCK_MONOTONIC, &ev, &t))
		fail("timer_create: %s", strerror(errno));
	ready(getpid());
	wait_go();
	if (timer_delete(t))
		fail("the timer is gone: %s", strerror(errno));
	pass();
}

static void do_itimer(int which)
{
	struct itimerval it = { .it_value = { 1000, 0 } }, got;

	signal(SIGALRM, SIG_IGN);
	signal(SIGVTALRM, SIG_IGN);
	if (setitimer(which, &it, NULL))
		fail("setitimer: %s", strerror(errno));
	ready(getpid());
	wait_go();
	if (getitimer(which, &got) || !got.it_value.tv_sec)
		fail("the timer is gone");
	pass();
}

static void do_alarm(void)
{
	signal(SIGALRM, SIG_IGN);
	alarm(1000);
	ready(getpid());
	wait_go();
	if (!alarm(0))
		fail("the alarm is gone");
	pass();
}

static void do_unshare(int flag)
{
	if (unshare(flag))
		fail("unshare: %s", strerror(errno));
	ready(getpid());
	wait_go();
	pass();
}

/* A read lease (F_SETLEASE): the dump refuses it; file locks are carried (lock00-02). */
static void do_lease(void)
{
	char path[512];
	int fd;

	snprintf(path, sizeof(path), "%s/leasefile", dir);
	fd = open(path, O_RDWR | O_CREAT, 0600);
	if (fd < 0 || close(fd))
		fail("create: %s", strerror(errno));
	fd = open(path, O_RDONLY);
	if (fd < 0 || fcntl(fd, F_SETLEASE, F_RDLCK))
		fail("lease: %s", strerror(errno));
	ready(getpid());
	wait_go();
	if (fcntl(fd, F_GETLEASE) != F_RDLCK)
		fail("the lease is gone: %s", strerror(errno));
	pass();
}

static void do_sysv(const char *what)
{
	int id;

	if (!strcmp(what, "shm"))
		id = shmget(IPC_PRIVATE, 4096, 0600);
	else if (!strcmp(what, "sem"))
		id = semget(IPC_PRIVATE, 1, 0600);
	else
		id = msgget(IPC_PRIVATE, 0600);
	if (id < 0)
		fail("%sget: %s", what, strerror(errno));
	ready(getpid());
	wait_go();
	if (!strcmp(what, "shm"))
		id = shmctl(id, IPC_RMID, NULL);
	else if (!strcmp(what, "sem"))
		id = semctl(id, 0, IPC_RMID);
	else
		id = msgctl(id, IPC_RMID, NULL);
	if (id)
		fail("the object is gone: %s", strerror(errno));
	pass();
}

int main(int argc, char **argv)
{
	char comm[16];

	if (argc != 3) {
		fprintf(stderr, "usage: taskstate01 KIND DIR\n");
		return 2;
	}
	kind = argv[1];
	dir = argv[2];
	snprintf(comm, sizeof(comm), "ts-%s", kind);
	prctl(PR_SET_NAME, comm, 0, 0, 0);
	if (!strcmp(kind, "stopped"))
		do_stopped();
	else if (!strcmp(kind, "vfork"))
		do_vfork();
	else if (!strcmp(kind, "rtsig"))
		do_rtsig();
	else if (!strcmp(kind, "orphan-pgrp"))
		do_orphan(0);
	else if (!strcmp(kind, "orphan-session"))
		do_orphan(1);
	else if (!strcmp(kind, "seccomp"))
		do_seccomp();
	else if (!strcmp(kind, "posix-timer"))
		do_posix_timer();
	else if (!strcmp(kind, "itimer-real"))
		do_itimer(ITIMER_REAL);
	else if (!strcmp(kind, "itimer-virtual"))
		do_itimer(ITIMER_VIRTUAL);
	else if (!strcmp(kind, "alarm"))
		do_alarm();
	else if (!strcmp(kind, "netns"))
		do_unshare(CLONE_NEWNET);
	else if (!strcmp(kind, "utsns"))
		do_unshare(CLONE_NEWUTS);
	else if (!strcmp(kind, "lease"))
		do_lease();
	else if (!strcmp(kind, "io_uring"))
		do_io_uring();
	else if (!strcmp(kind, "aio"))
		do_aio();
	else if (!strncmp(kind, "sysv-", 5))
		do_sysv(kind + 5);
	fprintf(stderr, "taskstate01: unknown kind %s\n", kind);
	return 2;
}
