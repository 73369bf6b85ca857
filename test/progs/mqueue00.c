// SPDX-License-Identifier: GPL-2.0
/*
 * mqueue00: POSIX message queues of the CT's IPC namespace. "prio" holds five messages of
 * four priorities (one empty) and its fd sits at position 7; "empty" is open O_NONBLOCK
 * with a SIGEV_SIGNAL notification of this process (SIGUSR1, a value); "gone" is
 * unlinked but open, with two messages; "closed" holds two messages, is given another
 * owner and mode, and is closed by everyone (only the namespace keeps it); a child waits
 * in mq_timedreceive() on "wait". After the restore: mq_getattr() of each, the kernel's own
 * line of each (QSIZE, NOTIFY, SIGNO, NOTIFY_PID, read from the queue's file), the
 * messages in priority order with their exact bytes, "closed" found by name with its
 * owner, mode, mtime and messages, "gone" still unlinked, the notification fires once a
 * message arrives (SI_MESGQ, our pid, the value), and the child's receive goes on and
 * gets the message sent to "wait".
 */
#include "zdtm.h"

#include <fcntl.h>
#include <mqueue.h>
#include <sys/stat.h>
#include <time.h>

#define VALUE	0x5eed

enum { PRIO, EMPTY, GONE, WAIT, NQ };

static const char *const names[NQ] = { "prio", "empty", "gone", "wait" };
static const struct { const char *text; unsigned int prio; } sent[] = {
	{ "a", 1 }, { "bb", 7 }, { "ccc", 3 }, { "dddd", 7 }, { "", 0 },
};
/* The order mq_receive() takes them: priority down, oldest first within one. */
static const int order[] = { 1, 3, 2, 0, 4 };

static volatile sig_atomic_t notified, notify_code, notify_value, notify_pid;
static char qname[NQ + 1][64];

static void on_usr1(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	notified++;
	notify_code = si->si_code;
	notify_value = si->si_value.sival_int;
	notify_pid = si->si_pid;
}

/* The kernel's line of the queue: "QSIZE:... NOTIFY:... SIGNO:... NOTIFY_PID:...". */
static void kline(mqd_t q, char *buf, size_t len)
{
	ssize_t n = pread(q, buf, len - 1, 0);

	zt_check(n > 0, "read the queue's line: %s", n < 0 ? strerror(errno) : "empty");
	buf[n] = 0;
}

static void check_attr(mqd_t q, const char *what, long flags, long maxmsg, long msgsize,
		       long cur)
{
	struct mq_attr a;

	zt_syscall(mq_getattr(q, &a));
	zt_check(a.mq_flags == flags && a.mq_maxmsg == maxmsg && a.mq_msgsize == msgsize &&
		 a.mq_curmsgs == cur,
		 "%s: flags %#lx, maxmsg %ld, msgsize %ld, %ld messages; want %#lx, %ld, %ld, %ld",
		 what, a.mq_flags, a.mq_maxmsg, a.mq_msgsize, a.mq_curmsgs, flags, maxmsg,
		 msgsize, cur);
}

static void check_recv(mqd_t q, const char *what, const char *text, unsigned int prio)
{
	char buf[64];
	unsigned int p;
	ssize_t n;

	n = mq_receive(q, buf, sizeof(buf), &p);
	zt_check(n >= 0, "%s: receive \"%s\": %s", what, text, strerror(errno));
	zt_check((size_t)n == strlen(text) && !memcmp(buf, text, n) && p == prio,
		 "%s: got %zd bytes \"%.*s\" of priority %u, want \"%s\" of %u", what, n,
		 (int)(n > 0 ? n : 0), buf, p, text, prio);
}

/* The child: blocks in mq_timedreceive() until the parent sends "wake" after the restore. */
static void waiter(void)
{
	struct timespec until;
	char buf[64];
	unsigned int p;
	ssize_t n;
	mqd_t q;

	q = mq_open(qname[WAIT], O_RDONLY);
	if (q < 0)
		zt_fail("child: open %s: %s", qname[WAIT], strerror(errno));
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 3600;
	do
		n = mq_timedreceive(q, buf, sizeof(buf), &p, &until);
	while (n < 0 && errno == EINTR);
	zt_check(n == 4 && !memcmp(buf, "wake", 4) && p == 2,
		 "child: mq_timedreceive gave %zd (%s), priority %u", n,
		 n < 0 ? strerror(errno) : "", p);
	exit(0);
}

/* Whether task @pid sleeps in mq_timedreceive (243 on x86-64). */
static int in_receive(pid_t pid)
{
	char path[64], buf[64] = "";
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/syscall", pid);
	f = fopen(path, "r");
	if (!f)
		return 0;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = 0;
	fclose(f);
	return !strncmp(buf, "243 ", 4);
}

int main(int argc, char **argv)
{
	struct mq_attr a = { .mq_maxmsg = 8, .mq_msgsize = 64 };
	struct sigaction sa = { .sa_sigaction = on_usr1, .sa_flags = SA_SIGINFO };
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGUSR1 };
	char before[NQ][128], now[128], want[128];
	struct stat cst, st;
	mqd_t q[NQ], c, w;
	pid_t child;
	int i, n;

	zt_init(argc, argv);
	for (i = 0; i < NQ; i++)
		snprintf(qname[i], sizeof(qname[i]), "/mq00-%d-%s", getpid(), names[i]);
	snprintf(qname[NQ], sizeof(qname[NQ]), "/mq00-%d-closed", getpid());
	zt_syscall(sigaction(SIGUSR1, &sa, NULL));

	q[PRIO] = zt_syscall(mq_open(qname[PRIO], O_RDWR | O_CREAT | O_EXCL, 0600, &a));
	for (i = 0; i < (int)(sizeof(sent) / sizeof(sent[0])); i++)
		zt_syscall(mq_send(q[PRIO], sent[i].text, strlen(sent[i].text), sent[i].prio));
	zt_syscall(lseek(q[PRIO], 7, SEEK_SET));
	q[EMPTY] = zt_syscall(mq_open(qname[EMPTY], O_RDONLY | O_CREAT | O_EXCL | O_NONBLOCK,
				      0644, &a));
	sev.sigev_value.sival_int = VALUE;
	zt_syscall(mq_notify(q[EMPTY], &sev));
	a.mq_maxmsg = 4;
	a.mq_msgsize = 32;
	q[GONE] = zt_syscall(mq_open(qname[GONE], O_RDWR | O_CREAT | O_EXCL, 0600, &a));
	zt_syscall(mq_send(q[GONE], "left", 4, 5));
	zt_syscall(mq_send(q[GONE], "behind", 6, 9));
	zt_syscall(mq_unlink(qname[GONE]));
	q[WAIT] = zt_syscall(mq_open(qname[WAIT], O_RDWR | O_CREAT | O_EXCL, 0600, &a));
	a.mq_maxmsg = 3;
	a.mq_msgsize = 16;
	c = zt_syscall(mq_open(qname[NQ], O_WRONLY | O_CREAT | O_EXCL, 0600, &a));
	zt_syscall(mq_send(c, "kept", 4, 0));
	zt_syscall(mq_send(c, "too", 3, 4));
	zt_syscall(fchown(c, 1234, 4321));
	zt_syscall(fchmod(c, 0460));
	zt_syscall(fstat(c, &cst));
	zt_syscall(mq_close(c));

	child = zt_syscall(fork());
	if (!child)
		waiter();
	for (n = 0; n < 500 && !in_receive(child); n++)
		usleep(10000);
	zt_check(in_receive(child), "the child does not wait in mq_timedreceive");
	for (i = 0; i < NQ; i++)
		kline(q[i], before[i], sizeof(before[i]));
	zt_ready();
	zt_wait();

	check_attr(q[PRIO], "prio", 0, 8, 64, 5);
	check_attr(q[EMPTY], "empty", O_NONBLOCK, 8, 64, 0);
	check_attr(q[GONE], "gone", 0, 4, 32, 2);
	check_attr(q[WAIT], "wait", 0, 4, 32, 0);
	zt_check(lseek(q[PRIO], 0, SEEK_CUR) == 7, "prio's fd is at %ld, not 7",
		 (long)lseek(q[PRIO], 0, SEEK_CUR));
	for (i = 0; i < NQ; i++) {
		kline(q[i], now, sizeof(now));
		zt_check(!strcmp(now, before[i]), "%s: the kernel says \"%s\", said \"%s\"",
			 names[i], now, before[i]);
	}
	snprintf(want, sizeof(want), "QSIZE:%-10lu NOTIFY:%-5d SIGNO:%-5d NOTIFY_PID:%-6d\n",
		 0UL, SIGEV_SIGNAL, SIGUSR1, getpid());
	zt_check(!strcmp(before[EMPTY], want), "empty: the kernel said \"%s\"", before[EMPTY]);
	zt_check(!strncmp(before[PRIO], "QSIZE:10 ", 9), "prio: the kernel said \"%s\"",
		 before[PRIO]);

	for (i = 0; i < (int)(sizeof(order) / sizeof(order[0])); i++)
		check_recv(q[PRIO], "prio", sent[order[i]].text, sent[order[i]].prio);
	check_attr(q[PRIO], "prio, emptied", 0, 8, 64, 0);
	check_recv(q[GONE], "gone", "behind", 9);
	check_recv(q[GONE], "gone", "left", 5);
	zt_check(mq_open(qname[GONE], O_RDONLY) < 0 && errno == ENOENT,
		 "the unlinked queue has its name again");

	c = mq_open(qname[NQ], O_RDONLY | O_NONBLOCK);
	zt_check(c >= 0, "the closed queue is gone: %s", strerror(errno));
	zt_syscall(fstat(c, &st));
	zt_check(st.st_uid == 1234 && st.st_gid == 4321 && (st.st_mode & 07777) == 0460,
		 "closed: owner %u:%u mode %#o, want 1234:4321 0460", st.st_uid, st.st_gid,
		 st.st_mode & 07777);
	zt_check(st.st_mtim.tv_sec == cst.st_mtim.tv_sec &&
		 st.st_mtim.tv_nsec == cst.st_mtim.tv_nsec,
		 "closed: mtime %ld.%09ld, was %ld.%09ld", (long)st.st_mtim.tv_sec,
		 st.st_mtim.tv_nsec, (long)cst.st_mtim.tv_sec, cst.st_mtim.tv_nsec);
	check_attr(c, "closed", O_NONBLOCK, 3, 16, 2);
	check_recv(c, "closed", "too", 4);
	check_recv(c, "closed", "kept", 0);
	zt_syscall(mq_close(c));

	/* The notification: none yet; one once a message comes to the empty queue. */
	zt_check(!notified, "the notification fired with no message");
	w = zt_syscall(mq_open(qname[EMPTY], O_WRONLY));
	zt_syscall(mq_send(w, "ping", 4, 1));
	for (n = 0; n < 500 && !notified; n++)
		usleep(10000);
	zt_check(notified == 1 && notify_code == SI_MESGQ && notify_value == VALUE &&
		 notify_pid == getpid(),
		 "notification: %d signals, code %d, value %#x, pid %d", (int)notified,
		 (int)notify_code, (int)notify_value, (int)notify_pid);
	check_recv(q[EMPTY], "empty", "ping", 1);
	zt_syscall(mq_close(w));

	zt_syscall(mq_send(q[WAIT], "wake", 4, 2));
	zt_reap(child, "the child in mq_timedreceive");
	for (i = 0; i < NQ; i++)
		if (i != GONE)
			mq_unlink(qname[i]);
	mq_unlink(qname[NQ]);
	zt_pass();
}
