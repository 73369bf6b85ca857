// SPDX-License-Identifier: GPL-2.0
/*
 * sigstate00: a task's signal state. Handlers with their flags and masks (SA_SIGINFO,
 * SA_RESTART, SA_NODEFER, SA_RESETHAND, SA_ONSTACK), an ignored signal, a blocked mask,
 * and pending signals while blocked: SIGUSR1 once, SIGRTMIN+3 queued three times with
 * values 11, 22, 33 (real-time signals queue, each with its siginfo). After the restore
 * the handlers, the mask and the pending set are as before; unblocking delivers SIGUSR1
 * once and the three real-time signals in order with their values.
 */
#include "zdtm.h"

static volatile sig_atomic_t usr1;
static volatile int rt_vals[8];
static volatile sig_atomic_t nr_rt;

static void on_usr1(int sig)
{
	(void)sig;
	usr1++;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (nr_rt < 8)
		rt_vals[nr_rt] = si->si_value.sival_int;
	nr_rt++;
}

static void on_hup(int sig)
{
	(void)sig;
}

static void check_action(int sig, void *handler, int flags, int masked)
{
	struct sigaction sa;

	zt_syscall(sigaction(sig, NULL, &sa));
	zt_check((void *)sa.sa_handler == handler, "signal %d's handler is %p, not %p", sig,
		 (void *)sa.sa_handler, handler);
	/* SA_RESTORER is libc's own, and signal() picks its flags: not part of what was asked. */
	zt_check(flags < 0 || (sa.sa_flags & ~0x04000000) == flags, "signal %d's flags are %#x, not %#x", sig,
		 sa.sa_flags, flags);
	zt_check(!masked || sigismember(&sa.sa_mask, masked) == 1,
		 "signal %d's handler mask lost signal %d", sig, masked);
}

int main(int argc, char **argv)
{
	struct sigaction sa = {};
	sigset_t block, now;
	union sigval v;
	int i;

	zt_init(argc, argv);
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_RESTART | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGUSR2);
	zt_syscall(sigaction(SIGUSR1, &sa, NULL));
	sa.sa_sigaction = on_rt;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	zt_syscall(sigaction(SIGRTMIN + 3, &sa, NULL));
	sa.sa_handler = on_hup;
	sa.sa_flags = SA_RESETHAND | SA_ONSTACK;
	zt_syscall(sigaction(SIGHUP, &sa, NULL));
	signal(SIGPIPE, SIG_IGN);

	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGRTMIN + 3);
	sigaddset(&block, SIGWINCH);
	zt_syscall(sigprocmask(SIG_BLOCK, &block, NULL));
	zt_syscall(kill(getpid(), SIGUSR1));
	zt_syscall(kill(getpid(), SIGUSR1));	/* a standard signal pends once */
	for (i = 1; i <= 3; i++) {
		v.sival_int = 11 * i;
		zt_syscall(sigqueue(getpid(), SIGRTMIN + 3, v));
	}
	zt_ready();
	zt_wait();

	check_action(SIGUSR1, (void *)on_usr1, SA_RESTART | SA_NODEFER, SIGUSR2);
	check_action(SIGRTMIN + 3, (void *)on_rt, SA_SIGINFO, 0);
	check_action(SIGHUP, (void *)on_hup, SA_RESETHAND | SA_ONSTACK, 0);
	check_action(SIGPIPE, (void *)SIG_IGN, -1, 0);
	zt_syscall(sigprocmask(SIG_BLOCK, NULL, &now));
	for (i = 1; i < SIGRTMIN + 8; i++)
		zt_check(sigismember(&now, i) == sigismember(&block, i), "signal %d %s blocked", i,
			 sigismember(&now, i) ? "is" : "is not");
	zt_syscall(sigpending(&now));
	zt_check(sigismember(&now, SIGUSR1) && sigismember(&now, SIGRTMIN + 3) &&
		 !sigismember(&now, SIGWINCH), "the pending set changed");
	zt_syscall(sigprocmask(SIG_UNBLOCK, &block, NULL));
	zt_check(usr1 == 1, "SIGUSR1 delivered %d times, not once", (int)usr1);
	zt_check(nr_rt == 3, "%d real-time signals delivered, not 3", (int)nr_rt);
	for (i = 0; i < 3; i++)
		zt_check(rt_vals[i] == 11 * (i + 1), "real-time signal %d carried %d, not %d", i,
			 rt_vals[i], 11 * (i + 1));
	zt_pass();
}
