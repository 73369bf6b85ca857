// SPDX-License-Identifier: GPL-2.0
/*
 * posixtimer02: POSIX timers that fired while their signals were blocked, so that each
 * signal stays queued through the checkpoints as the timer's own (the kernel queues one
 * per timer, counts further expiries into its si_overrun, and arms an interval timer
 * again only when its signal is taken). The first column is the timer's index here:
 *   0  CLOCK_MONOTONIC every 50 ms, SIGRTMIN+1
 *   1  CLOCK_REALTIME one-shot, SIGRTMIN+2, set again and fired again while its signal was
 *      queued: one overrun
 *   2  CLOCK_BOOTTIME every 70 ms, SIGEV_THREAD_ID to a worker thread, SIGRTMIN+3
 *   3  CLOCK_MONOTONIC one-shot, SIGRTMIN+4, fired after timer 4 (same signal)
 *   4  CLOCK_MONOTONIC one-shot, SIGRTMIN+4, fired first
 *   5  CLOCK_MONOTONIC every 30 ms, SIGRTMIN+5, fired, then set again to an hour: its
 *      queued signal arms nothing when taken
 *   6  CLOCK_REALTIME relative (the monotonic clock underneath) every 40 ms, SIGRTMIN+6
 *   7  CLOCK_REALTIME absolute every 60 ms, SIGRTMIN+7
 * After the restore each signal is still queued where it was (timer 2's to the worker
 * only), with its timer's id, value and overrun count: the interval timers 0, 2, 6 and 7
 * count the periods since their last expiry (on their own clocks, the CT's going on
 * across the checkpoints) and fire again one period after their signal is taken; 1 and
 * 5 fire no more; 4's signal comes before 3's.
 */
#include "zdtm.h"

#include <pthread.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <time.h>

#define NR	8
#define MS	1000000LL

static timer_t tid[NR];
static const clockid_t clocks[NR] = {
	CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC,
	CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_REALTIME,
};
static const int sigs[NR] = { 1, 2, 3, 4, 4, 5, 6, 7 };	/* + SIGRTMIN */
static const long long periods[NR] = { 50 * MS, 0, 70 * MS, 0, 0, 30 * MS, 40 * MS, 60 * MS };
/* The clock each timer's overruns count on: relative CLOCK_REALTIME runs on the monotonic. */
static const clockid_t counts_on[NR] = {
	CLOCK_MONOTONIC, CLOCK_REALTIME, CLOCK_BOOTTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC,
	CLOCK_MONOTONIC, CLOCK_MONOTONIC, CLOCK_REALTIME,
};
/* The first expiry of each interval timer, on its counts_on clock. */
static long long first[NR];
/* When timer 5, set again to an hour, is due (CLOCK_MONOTONIC). */
static long long due5;

static volatile pid_t worker_tid;
static volatile int worker_go;
static char worker_err[256];

static long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ms(long long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * MS };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void arm(int n, int flags, long long value, long long interval)
{
	struct itimerspec its = {
		.it_value = { value / 1000000000LL, value % 1000000000LL },
		.it_interval = { interval / 1000000000LL, interval % 1000000000LL },
	};

	zt_syscall(timer_settime(tid[n], flags, &its, NULL));
}

static long long left_ns(int n, long long *interval)
{
	struct itimerspec its;

	zt_syscall(timer_gettime(tid[n], &its));
	if (interval)
		*interval = its.it_interval.tv_sec * 1000000000LL + its.it_interval.tv_nsec;
	return its.it_value.tv_sec * 1000000000LL + its.it_value.tv_nsec;
}

/* Until signal @sig is queued to this thread (or its process), for up to 5 s. */
static bool wait_queued(int sig)
{
	sigset_t set;
	int i;

	for (i = 0; i < 5000; i++) {
		if (sigpending(&set) == 0 && sigismember(&set, sig))
			return true;
		sleep_ms(1);
	}
	return false;
}


/*
 * Interval timer @n's queued signal, taken: its id and value, and as many overruns as
 * periods went by since its first expiry (read around the taking); then the next signal
 * within a few periods, which only the timer armed again by the taking sends.
 */
static const char *check_interval(int n, char *why, size_t len)
{
	long long before, after, lo, hi, iv;
	siginfo_t si;

	before = now_ns(counts_on[n]);
	si = zt_take_signal(SIGRTMIN + sigs[n], 0);
	after = now_ns(counts_on[n]);
	if (si.si_signo != SIGRTMIN + sigs[n] || si.si_code != SI_TIMER ||
	    si.si_timerid != (long)tid[n] || si.si_value.sival_int != 1000 + n) {
		snprintf(why, len, "timer %d's signal is not queued (signal %d, code %d, timer %d, value %d)",
			 n, si.si_signo, si.si_code, si.si_timerid, si.si_value.sival_int);
		return why;
	}
	lo = (before - first[n]) / periods[n] - 2;
	hi = (after - first[n]) / periods[n] + 2;
	if (si.si_overrun < lo || si.si_overrun > hi) {
		snprintf(why, len, "timer %d's signal counts %d overruns, not %lld to %lld", n,
			 si.si_overrun, lo + 2, hi - 2);
		return why;
	}
	si = zt_take_signal(SIGRTMIN + sigs[n], 2000);
	if (si.si_signo != SIGRTMIN + sigs[n] || si.si_timerid != (long)tid[n] ||
	    si.si_overrun > 20) {
		snprintf(why, len, "timer %d did not fire again once its signal was taken (signal %d, overrun %d)",
			 n, si.si_signo, si.si_overrun);
		return why;
	}
	left_ns(n, &iv);
	if (iv != periods[n]) {
		snprintf(why, len, "timer %d has interval %lld ns, not %lld", n, iv, periods[n]);
		return why;
	}
	return NULL;
}

/* The worker: timer 2's target, with every signal blocked as the process's are. */
static void *worker(void *arg)
{
	const char *why;

	(void)arg;
	worker_tid = syscall(SYS_gettid);
	while (!__atomic_load_n(&worker_go, __ATOMIC_ACQUIRE))
		sleep_ms(5);
	if (worker_go == 1) {
		/* Set up: until timer 2's signal is queued to this thread. */
		if (!wait_queued(SIGRTMIN + 3))
			snprintf(worker_err, sizeof(worker_err), "timer 2 never fired");
		__atomic_store_n(&worker_go, 0, __ATOMIC_RELEASE);
		while (!__atomic_load_n(&worker_go, __ATOMIC_ACQUIRE))
			sleep_ms(5);
	}
	why = check_interval(2, worker_err, sizeof(worker_err));
	if (!why)
		worker_err[0] = 0;
	return NULL;
}

static void make(int n, int notify, pid_t thread)
{
	struct sigevent sev = { .sigev_notify = notify, .sigev_signo = SIGRTMIN + sigs[n] };

	sev.sigev_value.sival_int = 1000 + n;
#ifdef sigev_notify_thread_id
	sev.sigev_notify_thread_id = thread;
#else
	sev._sigev_un._tid = thread;
#endif
	zt_syscall(timer_create(clocks[n], &sev, &tid[n]));
}

/* Interval timer @n, first due in @value ns (relative) at the time noted in first[]. */
static void arm_interval(int n, long long value)
{
	first[n] = now_ns(counts_on[n]) + value;
	arm(n, 0, value, periods[n]);
}

int main(int argc, char **argv)
{
	long long left, iv, abs7, before, after;
	pthread_t th;
	siginfo_t si;
	sigset_t set;
	int i, sig;

	zt_init(argc, argv);
	sigemptyset(&set);
	for (i = 1; i <= 7; i++)
		sigaddset(&set, SIGRTMIN + i);
	zt_syscall(sigprocmask(SIG_BLOCK, &set, NULL));
	zt_check(pthread_create(&th, NULL, worker, NULL) == 0, "pthread_create");
	while (!worker_tid)
		sleep_ms(1);
	for (i = 0; i < NR; i++)
		make(i, i == 2 ? SIGEV_THREAD_ID : SIGEV_SIGNAL, i == 2 ? worker_tid : 0);

	arm_interval(0, 50 * MS);
	arm(1, 0, 1 * MS, 0);
	arm_interval(2, 70 * MS);
	arm(4, 0, 1 * MS, 0);
	zt_check(wait_queued(SIGRTMIN + 4), "timer 4 never fired");
	arm(3, 0, 1 * MS, 0);
	arm(5, 0, 1 * MS, 30 * MS);
	arm_interval(6, 40 * MS);
	abs7 = now_ns(CLOCK_REALTIME) + 20 * MS;
	first[7] = abs7;
	arm(7, TIMER_ABSTIME, abs7, periods[7]);
	zt_check(wait_queued(SIGRTMIN + 2), "timer 1 never fired");
	/* Fired again while its signal is queued: an overrun of that signal. */
	arm(1, 0, 1 * MS, 0);
	for (i = 0; i < 5000 && left_ns(1, NULL); i++)
		sleep_ms(1);
	zt_check(!left_ns(1, NULL), "timer 1 did not fire again");
	zt_check(wait_queued(SIGRTMIN + 5), "timer 5 never fired");
	due5 = now_ns(CLOCK_MONOTONIC) + 3600000 * MS;
	arm(5, 0, 3600000 * MS, 30 * MS);
	for (i = 0; i < 5000 && left_ns(3, NULL); i++)
		sleep_ms(1);
	zt_check(!left_ns(3, NULL), "timer 3 did not fire");
	for (i = 0; i <= 7; i++)
		if (i != 2 && i != 3)
			zt_check(wait_queued(SIGRTMIN + sigs[i]), "timer %d never fired", i);
	__atomic_store_n(&worker_go, 1, __ATOMIC_RELEASE);
	while (__atomic_load_n(&worker_go, __ATOMIC_ACQUIRE))
		sleep_ms(5);
	zt_check(!worker_err[0], "%s", worker_err);
	zt_ready();
	zt_wait();

	/* Timer 2's signal is the worker's, not the process's. */
	zt_check(sigpending(&set) == 0 && !sigismember(&set, SIGRTMIN + 3),
		 "timer 2's signal is queued to the main thread or the process");
	__atomic_store_n(&worker_go, 2, __ATOMIC_RELEASE);

	for (i = 0; i < NR; i++) {
		char why[256];

		if (periods[i] && i != 2 && i != 5) {
			const char *bad = check_interval(i, why, sizeof(why));

			zt_check(!bad, "%s", bad);
		}
	}
	si = zt_take_signal(SIGRTMIN + 2, 0);
	zt_check(si.si_code == SI_TIMER && si.si_timerid == (long)tid[1] &&
		 si.si_value.sival_int == 1001 && si.si_overrun == 1,
		 "timer 1's signal: code %d, timer %d, value %d, overrun %d (want 1)", si.si_code,
		 si.si_timerid, si.si_value.sival_int, si.si_overrun);
	/* Same signal, in the order the timers fired. */
	for (i = 0; i < 2; i++) {
		si = zt_take_signal(SIGRTMIN + 4, 0);
		zt_check(si.si_code == SI_TIMER && si.si_timerid == (long)tid[4 - i],
			 "signal %d taken %s is timer %d's, not timer %d's", SIGRTMIN + 4,
			 i ? "second" : "first", si.si_timerid, (int)(long)tid[4 - i]);
	}
	si = zt_take_signal(SIGRTMIN + 5, 0);
	zt_check(si.si_code == SI_TIMER && si.si_timerid == (long)tid[5] && si.si_overrun == 0,
		 "timer 5's signal: code %d, timer %d, overrun %d", si.si_code, si.si_timerid,
		 si.si_overrun);
	/* Due an hour after it was set, on the CT's monotonic clock, however long that took. */
	before = now_ns(CLOCK_MONOTONIC);
	left = left_ns(5, &iv);
	after = now_ns(CLOCK_MONOTONIC);
	zt_check(zt_due_within(left, due5, before, after, 1000 * MS) && iv == 30 * MS,
		 "timer 5 has %lld ms left, %lld ms after it was set, interval %lld ns", left / MS,
		 (before - (due5 - 3600000 * MS)) / MS, iv);
	/* Neither the one-shots nor timer 5 (an hour away) sends anything more. */
	sleep_ms(200);
	zt_check(sigpending(&set) == 0, "sigpending");
	for (sig = 2; sig <= 5; sig++)
		zt_check(!sigismember(&set, SIGRTMIN + sig), "signal %d queued again",
			 SIGRTMIN + sig);
	zt_check(pthread_join(th, NULL) == 0, "pthread_join");
	zt_check(!worker_err[0], "the worker: %s", worker_err);
	zt_pass();
}
