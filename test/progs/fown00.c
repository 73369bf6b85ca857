// SPDX-License-Identifier: GPL-2.0
/*
 * fown00: files with an owner for their signals (F_SETOWN) and O_ASYNC, as nginx
 * has them: a unix stream socket owned by the process (F_SETOWN, SIGIO); a pipe's
 * read end owned by a second thread (F_SETOWN_EX F_OWNER_TID) with F_SETSIG
 * SIGRTMIN+1; a unix socket owned by the process group (a negative pid) with
 * SIGRTMIN+2; a UDP socket owned by the process with SIGRTMIN+3. After the restore
 * each has its owner and type (F_GETOWN_EX), its signal (F_GETSIG) and O_ASYNC, and
 * data on each really signals its owner: the thread for the pipe (its tid seen in
 * the handler), with si_fd naming the file and si_band POLLIN for the F_SETSIG ones.
 */
#include "zdtm.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>

enum { F_SOCK, F_PIPE, F_PGRP, F_UDP, NF };

struct got {
	volatile sig_atomic_t n;
	volatile pid_t tid;
	volatile int fd;
	volatile long band;
	volatile int code;
};

static struct got got[NF];
static pid_t thread_tid;

static pid_t gettid_(void)
{
	return (pid_t)syscall(SYS_gettid);
}

static int which(int sig)
{
	if (sig == SIGIO)
		return F_SOCK;
	if (sig == SIGRTMIN + 1)
		return F_PIPE;
	if (sig == SIGRTMIN + 2)
		return F_PGRP;
	return F_UDP;
}

static void on_sig(int sig, siginfo_t *si, void *uc)
{
	struct got *g = &got[which(sig)];

	(void)uc;
	g->tid = gettid_();
	g->fd = si->si_fd;
	g->band = si->si_band;
	g->code = si->si_code;
	g->n++;
}

static void *thread(void *arg)
{
	volatile int *up = arg;
	sigset_t set;

	/* Only the pipe's signal, which is this thread's alone. */
	sigfillset(&set);
	sigdelset(&set, SIGRTMIN + 1);
	pthread_sigmask(SIG_SETMASK, &set, NULL);
	thread_tid = gettid_();
	__atomic_store_n(up, 1, __ATOMIC_SEQ_CST);
	for (;;)
		pause();
	return NULL;
}

static void own(int fd, int type, pid_t pid, int sig)
{
	struct f_owner_ex o = { .type = type, .pid = pid };

	zt_syscall(fcntl(fd, F_SETOWN_EX, &o));
	if (sig)
		zt_syscall(fcntl(fd, F_SETSIG, sig));
	zt_syscall(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_ASYNC));
}

static void check_owner(int fd, const char *what, int type, pid_t pid, int sig)
{
	struct f_owner_ex o = { 0 };
	int fl = zt_syscall(fcntl(fd, F_GETFL));

	zt_syscall(fcntl(fd, F_GETOWN_EX, &o));
	zt_check((int)o.type == type && o.pid == pid, "%s is owned by type %d pid %d, not type %d pid %d",
		 what, o.type, o.pid, type, pid);
	zt_check(zt_syscall(fcntl(fd, F_GETSIG)) == sig, "%s signals with %ld, not %d", what,
		 (long)fcntl(fd, F_GETSIG), sig);
	zt_check(fl & O_ASYNC, "%s lost O_ASYNC (flags %#o)", what, fl);
}

/* Data for @i, then its signal within 5 s, in the right thread, with its siginfo. */
static void expect(int i, const char *what, int fd, int sig, pid_t tid)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int n;

	for (n = 0; n < 500 && !got[i].n; n++)
		nanosleep(&ts, NULL);
	zt_check(got[i].n == 1, "%s: %d signals came, not 1", what, (int)got[i].n);
	zt_check(got[i].tid == tid, "%s: the signal went to thread %d, not %d", what,
		 (int)got[i].tid, (int)tid);
	if (sig != SIGIO) {
		zt_check(got[i].fd == fd, "%s: si_fd is %d, not %d", what, got[i].fd, fd);
		zt_check(got[i].code == POLL_IN && (got[i].band & POLLIN),
			 "%s: si_code %d, si_band %#lx: not POLL_IN", what, got[i].code,
			 (long)got[i].band);
	}
	memset(&got[i], 0, sizeof(got[i]));
}

static void drain(int fd)
{
	char buf[64];

	while (recv(fd, buf, sizeof(buf), MSG_DONTWAIT) > 0)
		;
}

static void check_all(int *sk, int *pp, int *pg, int udp, int tx, struct sockaddr_in *to,
		      const char *when)
{
	char what[64];
	pid_t me = getpid();

	snprintf(what, sizeof(what), "the process's socket %s", when);
	check_owner(sk[0], what, F_OWNER_PID, me, 0);
	zt_check(write(sk[1], "a", 1) == 1, "write: %s", strerror(errno));
	expect(F_SOCK, what, sk[0], SIGIO, me);
	drain(sk[0]);

	snprintf(what, sizeof(what), "the thread's pipe %s", when);
	check_owner(pp[0], what, F_OWNER_TID, thread_tid, SIGRTMIN + 1);
	zt_check(write(pp[1], "b", 1) == 1, "write: %s", strerror(errno));
	expect(F_PIPE, what, pp[0], SIGRTMIN + 1, thread_tid);
	zt_check(read(pp[0], what, 1) == 1, "read the pipe: %s", strerror(errno));

	snprintf(what, sizeof(what), "the group's socket %s", when);
	check_owner(pg[0], what, F_OWNER_PGRP, getpgrp(), SIGRTMIN + 2);
	zt_check(write(pg[1], "c", 1) == 1, "write: %s", strerror(errno));
	expect(F_PGRP, what, pg[0], SIGRTMIN + 2, me);
	drain(pg[0]);

	snprintf(what, sizeof(what), "the UDP socket %s", when);
	check_owner(udp, what, F_OWNER_PID, me, SIGRTMIN + 3);
	zt_check(sendto(tx, "d", 1, 0, (struct sockaddr *)to, sizeof(*to)) == 1,
		 "sendto: %s", strerror(errno));
	expect(F_UDP, what, udp, SIGRTMIN + 3, me);
	drain(udp);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_sig, .sa_flags = SA_SIGINFO };
	int sk[2], pp[2], pg[2], udp, tx;
	struct sockaddr_in to = { .sin_family = AF_INET };
	socklen_t len = sizeof(to);
	volatile int up = 0;
	pthread_t t;

	zt_init(argc, argv);
	zt_check(getpgrp() == getpid(), "not a process group leader (pgid %d)", (int)getpgrp());
	sigemptyset(&sa.sa_mask);
	zt_syscall(sigaction(SIGIO, &sa, NULL));
	zt_syscall(sigaction(SIGRTMIN + 1, &sa, NULL));
	zt_syscall(sigaction(SIGRTMIN + 2, &sa, NULL));
	zt_syscall(sigaction(SIGRTMIN + 3, &sa, NULL));
	zt_check(!pthread_create(&t, NULL, thread, (void *)&up), "pthread_create failed");
	while (!__atomic_load_n(&up, __ATOMIC_SEQ_CST))
		usleep(1000);

	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, sk));
	zt_syscall(pipe(pp));
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, pg));
	udp = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	tx = zt_syscall(socket(AF_INET, SOCK_DGRAM, 0));
	to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	zt_syscall(bind(udp, (struct sockaddr *)&to, sizeof(to)));
	zt_syscall(getsockname(udp, (struct sockaddr *)&to, &len));

	/* F_SETOWN's own form for the first: a positive pid is F_OWNER_PID. */
	zt_syscall(fcntl(sk[0], F_SETOWN, getpid()));
	zt_syscall(fcntl(sk[0], F_SETFL, fcntl(sk[0], F_GETFL) | O_ASYNC));
	own(pp[0], F_OWNER_TID, thread_tid, SIGRTMIN + 1);
	zt_syscall(fcntl(pg[0], F_SETOWN, -getpgrp()));
	zt_syscall(fcntl(pg[0], F_SETSIG, SIGRTMIN + 2));
	zt_syscall(fcntl(pg[0], F_SETFL, fcntl(pg[0], F_GETFL) | O_ASYNC));
	own(udp, F_OWNER_PID, getpid(), SIGRTMIN + 3);

	/* As set up, so that a failure after the restore is the restore's. */
	check_all(sk, pp, pg, udp, tx, &to, "before the checkpoint");
	zt_ready();
	zt_wait();
	check_all(sk, pp, pg, udp, tx, &to, "after the restore");
	zt_pass();
}
