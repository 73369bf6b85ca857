// SPDX-License-Identifier: GPL-2.0
/*
 * sigsuspend00: temporary signal masks. S blocks SIGUSR1 and SIGUSR2 and waits in
 * sigsuspend() with a mask that lets SIGUSR1 in; Q, with the same mask, waits in ppoll()
 * on a pipe with that temporary mask. While they wait, their own masks are kept aside
 * (saved_sigmask) for their return. After the restore the program sends each SIGUSR2,
 * which must not wake it (still blocked), then SIGUSR1: the handler runs, the call ends
 * with EINTR, and the task's mask is its own again (SIGUSR1 and SIGUSR2 blocked, SIGUSR2
 * pending).
 */
#include "zdtm.h"

#include <poll.h>

static volatile sig_atomic_t got_usr1, got_usr2;

static void on_usr(int sig)
{
	if (sig == SIGUSR1)
		got_usr1++;
	else
		got_usr2++;
}

static void waiter(int kind, int fd, int ready)
{
	struct sigaction sa = { .sa_handler = on_usr };
	struct pollfd p = { .fd = fd, .events = POLLIN };
	sigset_t own, temp, now, pend;
	int r;

	signal(SIGTERM, SIG_IGN);
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigemptyset(&own);
	sigaddset(&own, SIGUSR1);
	sigaddset(&own, SIGUSR2);
	sigprocmask(SIG_SETMASK, &own, NULL);
	sigemptyset(&temp);
	sigaddset(&temp, SIGUSR2);
	zt_check(write(ready, "r", 1) == 1, "write: %s", strerror(errno));
	if (kind == 0)
		r = sigsuspend(&temp);
	else
		r = ppoll(&p, 1, NULL, &temp);
	zt_check(r < 0 && errno == EINTR, "%s returned %d (%s), not EINTR",
		 kind ? "ppoll" : "sigsuspend", r, strerror(errno));
	zt_check(got_usr1 == 1 && !got_usr2, "handled SIGUSR1 %d times, SIGUSR2 %d times",
		 (int)got_usr1, (int)got_usr2);
	sigprocmask(SIG_SETMASK, NULL, &now);
	zt_check(sigismember(&now, SIGUSR1) && sigismember(&now, SIGUSR2) &&
		 !sigismember(&now, SIGTERM),
		 "after %s the mask is not the task's own", kind ? "ppoll" : "sigsuspend");
	sigpending(&pend);
	zt_check(sigismember(&pend, SIGUSR2), "SIGUSR2 is not pending");
	exit(0);
}

int main(int argc, char **argv)
{
	int ready[2], fds[2], i;
	pid_t kid[2];
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	zt_syscall(pipe(fds));
	for (i = 0; i < 2; i++) {
		kid[i] = zt_syscall(fork());
		if (!kid[i])
			waiter(i, fds[0], ready[1]);
	}
	for (i = 0; i < 2; i++)
		zt_check(read(ready[0], &c, 1) == 1, "a waiter did not start");
	zt_ready();
	zt_wait();
	for (i = 0; i < 2; i++) {
		zt_syscall(kill(kid[i], SIGUSR2));
		/* Time to wake, were SIGUSR2 let in: it must not be. */
		usleep(100000);
		zt_syscall(kill(kid[i], SIGUSR1));
		zt_reap(kid[i], i ? "Q" : "S");
	}
	zt_pass();
}
