// SPDX-License-Identifier: GPL-2.0
/*
 * posixtimer03: POSIX timers on CPU-time clocks that fired while their signals were
 * blocked, so that each signal stays queued through the checkpoints as the timer's own
 * (an interval CPU timer then waits off its clock's list, and only the taking of its
 * signal arms it again, from its last expiry). The first column is the timer's index:
 *   0  CLOCK_PROCESS_CPUTIME_ID every 20 ms, SIGRTMIN+1
 *   1  CLOCK_THREAD_CPUTIME_ID one-shot, 5 ms, SIGRTMIN+2
 *   2  CLOCK_THREAD_CPUTIME_ID every 10 ms, SIGRTMIN+3
 *   3  the process's CPU clock by its pid (clock_getcpuclockid()) every 15 ms, SIGRTMIN+4
 * After the restore each signal is still queued, with its timer's id and value and a few
 * overruns at most (each restore's own work in the process counts on its CPU clocks: a
 * period or so of them, on a slow guest, per checkpoint); the interval timers read as
 * due, within a period (the CPU clocks start again at the restore: a last expiry before
 * that start is moved up by whole periods, which the taking counts as overruns), and fire
 * again within a few periods of the CPU time spent after their signal is taken; timer 1
 * reads as disarmed and sends nothing more.
 */
#include "zdtm.h"

#include <stdbool.h>
#include <time.h>

#define NR	4
#define MS	1000000LL

static timer_t tid[NR];
static const int sigs[NR] = { 1, 2, 3, 4 };	/* + SIGRTMIN */
static const long long periods[NR] = { 20 * MS, 0, 10 * MS, 15 * MS };
static volatile unsigned long spin;

static long long left_ns(int n, long long *interval)
{
	struct itimerspec its;

	zt_syscall(timer_gettime(tid[n], &its));
	*interval = its.it_interval.tv_sec * 1000000000LL + its.it_interval.tv_nsec;
	return its.it_value.tv_sec * 1000000000LL + its.it_value.tv_nsec;
}

static bool queued(int sig)
{
	sigset_t set;

	return sigpending(&set) == 0 && sigismember(&set, sig);
}

static long long wall_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / MS;
}

/* Spends CPU time until every signal of @mask (bit i: timer i's) is queued, for 10 s at most. */
static bool burn_until(unsigned int mask)
{
	long long end = wall_ms() + 10000;
	unsigned int i, got;

	while (wall_ms() < end) {
		for (got = 0, i = 0; i < NR; i++)
			if (queued(SIGRTMIN + sigs[i]))
				got |= 1u << i;
		if ((got & mask) == mask)
			return true;
		for (i = 0; i < 100000; i++)
			spin++;
	}
	return false;
}

static void make(int n, clockid_t clock, long long value)
{
	struct sigevent sev = { .sigev_notify = SIGEV_SIGNAL, .sigev_signo = SIGRTMIN + sigs[n] };
	struct itimerspec its = {
		.it_value = { value / 1000000000LL, value % 1000000000LL },
		.it_interval = { periods[n] / 1000000000LL, periods[n] % 1000000000LL },
	};

	sev.sigev_value.sival_int = 1000 + n;
	zt_syscall(timer_create(clock, &sev, &tid[n]));
	zt_syscall(timer_settime(tid[n], 0, &its, NULL));
}

/* The queued signal of timer @n, taken: its timer's, with a few overruns at most. */
static void check_taken(int n)
{
	siginfo_t si = zt_take_signal(SIGRTMIN + sigs[n], 0);

	zt_check(si.si_signo == SIGRTMIN + sigs[n] && si.si_code == SI_TIMER &&
		 si.si_timerid == (long)tid[n] && si.si_value.sival_int == 1000 + n,
		 "timer %d's signal is not queued (signal %d, code %d, timer %d, value %d)", n,
		 si.si_signo, si.si_code, si.si_timerid, si.si_value.sival_int);
	zt_check(si.si_overrun >= 0 && si.si_overrun <= 20,
		 "timer %d's signal counts %d overruns, not 0 to 20", n, si.si_overrun);
}

int main(int argc, char **argv)
{
	long long left, iv;
	clockid_t byid;
	sigset_t set;
	int i;

	zt_init(argc, argv);
	sigemptyset(&set);
	for (i = 0; i < NR; i++)
		sigaddset(&set, SIGRTMIN + sigs[i]);
	zt_syscall(sigprocmask(SIG_BLOCK, &set, NULL));
	zt_check(clock_getcpuclockid(getpid(), &byid) == 0, "clock_getcpuclockid");
	make(0, CLOCK_PROCESS_CPUTIME_ID, periods[0]);
	make(1, CLOCK_THREAD_CPUTIME_ID, 5 * MS);
	make(2, CLOCK_THREAD_CPUTIME_ID, periods[2]);
	make(3, byid, periods[3]);
	zt_check(burn_until(0xf), "the CPU timers never all fired");
	/* Fired, not armed again: the kernel says each is due, its interval kept. */
	for (i = 0; i < NR; i++) {
		left = left_ns(i, &iv);
		zt_check(periods[i] ? left == 1 && iv == periods[i] : !left && !iv,
			 "before: timer %d has %lld ns left, interval %lld", i, left, iv);
	}
	zt_ready();
	zt_wait();

	for (i = 0; i < NR; i++) {
		zt_check(queued(SIGRTMIN + sigs[i]), "timer %d's signal is not queued", i);
		left = left_ns(i, &iv);
		zt_check(periods[i] ? left >= 1 && left <= periods[i] && iv == periods[i] :
			 !left && !iv,
			 "timer %d has %lld ns left, interval %lld ns", i, left, iv);
	}
	for (i = 0; i < NR; i++)
		check_taken(i);
	/* Only the taking armed them again: each fires within its periods of CPU time. */
	zt_check(burn_until(0xd), "the interval CPU timers did not fire again once their signals were taken");
	zt_check(!queued(SIGRTMIN + sigs[1]), "the one-shot timer 1 fired again");
	for (i = 0; i < NR; i++) {
		if (!periods[i])
			continue;
		check_taken(i);
		left_ns(i, &iv);
		zt_check(iv == periods[i], "timer %d has interval %lld ns, not %lld", i, iv,
			 periods[i]);
	}
	zt_pass();
}
