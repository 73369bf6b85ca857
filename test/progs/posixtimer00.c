// SPDX-License-Identifier: GPL-2.0
/*
 * posixtimer00: timer_create()'s timers on several clocks, none sending a signal while
 * the program waits (one caught then would show in what the host compares, and cost CPU
 * time), their ids with gaps (ids 0
 * and 2 made and deleted), each kind of notification (the first column is the timer's
 * name here, its id in brackets):
 *   0 (1)  CLOCK_MONOTONIC, SIGEV_SIGNAL SIGRTMIN+1 value 0, an hour, then every 100 ms
 *   2 (3)  CLOCK_REALTIME, absolute: an hour after it was set, wall time; SIGRTMIN+2
 *   4 (4)  CLOCK_BOOTTIME, SIGEV_THREAD_ID to a worker thread, SIGRTMIN+3, an hour,
 *          then every 150 ms
 *   5 (5)  CLOCK_MONOTONIC, SIGEV_NONE, one-shot of an hour
 *   6 (6)  CLOCK_MONOTONIC, SIGRTMIN+4 every 20 ms: blocked for 200 ms, so its first signal
 *      comes with overruns, then ignored (SIG_IGN, set up again if an expiry could have
 *      been lost doing so), so timer_getoverrun() keeps them and
 *      the expiries pile up as overruns of the next signal
 *   7 (7)  CLOCK_PROCESS_CPUTIME_ID, SIGRTMIN+1, an hour of the process's CPU time
 *   8 (8)  the main thread's CPU-time clock, SIGEV_NONE, an hour of its CPU time
 * After the restore each id is the same timer (its interval, its clock's time left:
 * the monotonic ones an hour less the CLOCK_MONOTONIC time since, the absolute one its
 * wall time, the CPU ones the CPU time they had left: the program spends little while
 * it waits), ids 0 and 2 are still free, the next timer made is 9, timers 0 and 4 set to
 * fire now send their signals with their values (timer 4 only to the worker thread) and
 * expire 10 and 7 times, no faster than every 100 and 150 ms, timer_getoverrun(6) is
 * as before, and timer 6's next signal counts the 20 ms periods since it was ignored, across the checkpoints (the CT's clock goes on).
 */
#include "zdtm.h"

#include <pthread.h>
#include <stdbool.h>
#include <sys/syscall.h>
#include <time.h>

#define HOUR	3600000000000LL
#define NR	9

static timer_t tid[NR];
/* Timer n of the comment above is tid[n], made with id ids[n]. */
static const long ids[NR] = { 1, -1, 3, -1, 4, 5, 6, 7, 8 };
static volatile sig_atomic_t hits[NR], wrong_thread, first6 = -1, next6 = -1, lost6;
/* Expiries: each signal taken and the overruns it reports. */
static volatile sig_atomic_t expiries[NR];
static volatile pid_t worker_tid, hit4_tid;
/* When timer 6's first signal was taken: its later expiries count from there. */
static volatile long long first6_ns;

static long long now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleep_ns(long long ns)
{
	long long end = now_ns(CLOCK_MONOTONIC) + ns;
	struct timespec ts = { end / 1000000000LL, end % 1000000000LL };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

/*
 * From timer 6's handler (its signal blocked): SIG_IGN for it. An expiry
 * that queued the signal again before SIG_IGN flushed it would leave the
 * timer stopped for good (this kernel rearms an interval timer only when its
 * signal is taken), so that is checked: no signal queued when SIG_IGN is set,
 * and SIG_IGN set before the next expiry the timer showed. False when the
 * timer may have been lost, and the program sets it up again.
 */
static bool ignore_safely(int sig)
{
	struct sigaction ign = { .sa_handler = SIG_IGN };
	struct itimerspec its;
	long long next;
	sigset_t queued;

	next = now_ns(CLOCK_MONOTONIC);
	if (timer_gettime(tid[6], &its) < 0 || sigpending(&queued) < 0)
		return false;
	next += its.it_value.tv_sec * 1000000000LL + its.it_value.tv_nsec;
	if (sigismember(&queued, sig) || sigaction(sig, &ign, NULL) < 0)
		return false;
	return now_ns(CLOCK_MONOTONIC) < next;
}

static void on_rt(int sig, siginfo_t *si, void *uc)
{
	int n = si->si_value.sival_int / 1000;

	(void)uc;
	if (n < 0 || n >= NR || si->si_code != SI_TIMER || si->si_timerid != (long)tid[n])
		return;
	hits[n]++;
	expiries[n] += 1 + si->si_overrun;
	if (n == 4 && syscall(SYS_gettid) != worker_tid)
		wrong_thread++;
	if (n == 6) {
		if (first6 < 0) {
			first6_ns = now_ns(CLOCK_MONOTONIC);
			first6 = si->si_overrun;
			lost6 = !ignore_safely(sig);
		} else if (next6 < 0) {
			next6 = si->si_overrun;
		}
	}
}

static void *worker(void *arg)
{
	sigset_t all;

	/* Only its own timer's signal: the process's go to the main thread. */
	(void)arg;
	sigfillset(&all);
	sigdelset(&all, SIGRTMIN + 3);
	pthread_sigmask(SIG_BLOCK, &all, NULL);
	worker_tid = syscall(SYS_gettid);
	for (;;)
		pause();
	return NULL;
}

static timer_t make(clockid_t clock, int notify, int sig, int value, pid_t thread)
{
	struct sigevent sev = { .sigev_notify = notify, .sigev_signo = sig };
	timer_t t;

	sev.sigev_value.sival_int = value;
#ifdef sigev_notify_thread_id
	sev.sigev_notify_thread_id = thread;
#else
	sev._sigev_un._tid = thread;
#endif
	zt_syscall(timer_create(clock, &sev, &t));
	return t;
}

static void arm(timer_t t, int flags, long long value, long long interval)
{
	struct itimerspec its = {
		.it_value = { value / 1000000000LL, value % 1000000000LL },
		.it_interval = { interval / 1000000000LL, interval % 1000000000LL },
	};

	zt_syscall(timer_settime(t, flags, &its, NULL));
}

static struct itimerspec get(int n)
{
	struct itimerspec its;

	zt_check(timer_gettime(tid[n], &its) == 0, "timer_gettime(%d): %s", n, strerror(errno));
	return its;
}

static long long ns_of(const struct timespec *ts)
{
	return ts->tv_sec * 1000000000LL + ts->tv_nsec;
}

/* Timer @n is due at @due on @clock, within a second. */
static void check_due(int n, clockid_t clock, long long due, const char *what)
{
	long long before = now_ns(clock), after, left;
	struct itimerspec its = get(n);

	after = now_ns(clock);
	left = ns_of(&its.it_value);
	zt_check(zt_due_within(left, due, before, after, 1000000000LL),
		 "%s has %lld ms left, not %lld", what, left / 1000000, (due - after) / 1000000);
}

static void check_interval(int n, long long want)
{
	struct itimerspec its = get(n);

	zt_check(ns_of(&its.it_interval) == want, "timer %d has interval %lld ns, not %lld", n,
		 ns_of(&its.it_interval), want);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_rt, .sa_flags = SA_SIGINFO };
	long long wall2, mono0, boot4, mono5, ign6, left, want, most, t0, cpu7, cpu8;
	struct itimerspec its;
	sigset_t b6;
	pthread_t th;
	int i, h0, h4;
	timer_t t7;

	zt_init(argc, argv);
	for (i = 1; i <= 4; i++)
		zt_syscall(sigaction(SIGRTMIN + i, &sa, NULL));
	zt_check(pthread_create(&th, NULL, worker, NULL) == 0, "pthread_create");
	while (!worker_tid)
		sleep_ns(1000000);

	/* Ids 0 and 2 made and deleted: the timers are 1, 3, 4, 5 and 6, the next one 7. */
	t7 = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	tid[0] = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN + 1, 0, 0);
	zt_syscall(timer_delete(t7));
	t7 = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	tid[2] = make(CLOCK_REALTIME, SIGEV_SIGNAL, SIGRTMIN + 2, 2000, 0);
	zt_syscall(timer_delete(t7));
	tid[4] = make(CLOCK_BOOTTIME, SIGEV_THREAD_ID, SIGRTMIN + 3, 4000, worker_tid);
	tid[5] = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 5000, 0);
	tid[6] = make(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGRTMIN + 4, 6000, 0);
	tid[7] = make(CLOCK_PROCESS_CPUTIME_ID, SIGEV_SIGNAL, SIGRTMIN + 1, 7000, 0);
	tid[8] = make(CLOCK_THREAD_CPUTIME_ID, SIGEV_NONE, 0, 8000, 0);
	for (i = 0; i < NR; i++)
		zt_check(i == 1 || i == 3 || (long)tid[i] == ids[i], "timer %d was made as %ld", i,
			 (long)tid[i]);

	arm(tid[0], 0, HOUR, 100000000LL);
	mono0 = now_ns(CLOCK_MONOTONIC) + HOUR;
	wall2 = now_ns(CLOCK_REALTIME) + HOUR;
	arm(tid[2], TIMER_ABSTIME, wall2, 0);
	arm(tid[4], 0, HOUR, 150000000LL);
	boot4 = now_ns(CLOCK_BOOTTIME) + HOUR;
	mono5 = now_ns(CLOCK_MONOTONIC) + HOUR;
	arm(tid[5], 0, HOUR, 0);
	sigemptyset(&b6);
	sigaddset(&b6, SIGRTMIN + 4);
	arm(tid[7], 0, HOUR, 0);
	arm(tid[8], 0, HOUR, 0);
	/* Each try starts from a disarmed timer with no signal of its own queued. */
	for (i = 0; i < 5 && (first6 < 0 || lost6); i++) {
		struct sigaction ign = { .sa_handler = SIG_IGN };

		zt_syscall(sigprocmask(SIG_BLOCK, &b6, NULL));
		arm(tid[6], 0, 0, 0);
		zt_syscall(sigaction(SIGRTMIN + 4, &ign, NULL));
		zt_syscall(sigaction(SIGRTMIN + 4, &sa, NULL));
		first6 = -1;
		next6 = -1;
		lost6 = 0;
		arm(tid[6], 0, 20000000LL, 20000000LL);
		sleep_ns(200000000LL);
		zt_syscall(sigprocmask(SIG_UNBLOCK, &b6, NULL));
	}
	zt_check(!lost6, "timer 6 was set to be ignored safely in none of %d tries", i);
	ign6 = first6_ns;
	zt_check(first6 >= 5, "timer 6's first signal had %d overruns", (int)first6);
	zt_check(timer_getoverrun(tid[6]) == first6, "timer_getoverrun(6) is %d, not %d",
		 timer_getoverrun(tid[6]), (int)first6);
	its = get(7);
	cpu7 = ns_of(&its.it_value);
	its = get(8);
	cpu8 = ns_of(&its.it_value);
	zt_ready();
	zt_wait();

	check_interval(0, 100000000LL);
	check_interval(2, 0);
	check_interval(4, 150000000LL);
	check_interval(5, 0);
	check_interval(6, 20000000LL);
	for (i = 0; i <= 2; i += 2) {
		zt_check(timer_gettime((timer_t)(long)i, &its) < 0 && errno == EINVAL,
			 "deleted timer id %d exists", i);
	}
	check_due(2, CLOCK_REALTIME, wall2, "the absolute timer");
	check_due(0, CLOCK_MONOTONIC, mono0, "timer 0");
	check_due(4, CLOCK_BOOTTIME, boot4, "timer 4");
	zt_check(!hits[0] && !hits[4], "a timer an hour away fired");
	check_due(5, CLOCK_MONOTONIC, mono5, "the SIGEV_NONE timer");
	zt_check(timer_getoverrun(tid[6]) == first6, "timer_getoverrun(6) is %d, not %d",
		 timer_getoverrun(tid[6]), (int)first6);
	/* The timer signals taken while waiting cost some CPU time: 0.2 s is plenty. */
	its = get(7);
	zt_check(ns_of(&its.it_value) <= cpu7 && cpu7 - ns_of(&its.it_value) < 200000000LL,
		 "the process CPU timer had %lld ms left, now %lld", cpu7 / 1000000,
		 ns_of(&its.it_value) / 1000000);
	its = get(8);
	zt_check(ns_of(&its.it_value) <= cpu8 && cpu8 - ns_of(&its.it_value) < 200000000LL,
		 "the thread CPU timer had %lld ms left, now %lld", cpu8 / 1000000,
		 ns_of(&its.it_value) / 1000000);
	check_interval(7, 0);
	t7 = make(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0, 0);
	zt_check((long)t7 == 9, "the next timer made is %ld, not 9", (long)t7);

	/* What the timers send, once they are set to fire now (with their own intervals). */
	arm(tid[0], 0, 1000000LL, 100000000LL);
	arm(tid[4], 0, 1000000LL, 150000000LL);
	h0 = expiries[0];
	h4 = expiries[4];
	t0 = now_ns(CLOCK_MONOTONIC);
	/*
	 * A busy host delays the signals, and an expiry while one is queued is
	 * an overrun of it: counted with those, the timers must reach 10 and 7
	 * expiries, and never sooner than their intervals allow (first at 1 ms).
	 */
	while ((expiries[0] - h0 < 10 || expiries[4] - h4 < 7) &&
	       now_ns(CLOCK_MONOTONIC) - t0 < 20000000000LL)
		sleep_ns(10000000);
	left = (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
	zt_check(expiries[0] - h0 >= 10 && expiries[4] - h4 >= 7,
		 "timers 0 and 4 expired %d and %d times in %lld ms", expiries[0] - h0,
		 expiries[4] - h4, left);
	zt_check(expiries[0] - h0 <= left / 100 + 2 && expiries[4] - h4 <= left / 150 + 2,
		 "timers 0 and 4 expired %d and %d times in %lld ms: faster than every 100 and 150 ms",
		 expiries[0] - h0, expiries[4] - h4, left);
	zt_check(!wrong_thread, "timer 4's signal reached a thread other than its target %d times",
		 (int)wrong_thread);
	zt_check(!hits[2] && !hits[5] && !hits[7], "a one-shot of an hour fired");

	/*
	 * Timer 6's expiries while ignored, as overruns of its next signal: every
	 * 20 ms period since its first signal, none lost to a restore (which took
	 * time on the CT's clock), counted up to the next signal's delivery, which
	 * comes after the handler is set and before the loop sees it.
	 */
	zt_syscall(sigaction(SIGRTMIN + 4, &sa, NULL));
	want = (now_ns(CLOCK_MONOTONIC) - ign6) / 20000000LL;
	t0 = now_ns(CLOCK_MONOTONIC);
	while (next6 < 0 && now_ns(CLOCK_MONOTONIC) - t0 < 2000000000LL)
		sleep_ns(5000000);
	most = (now_ns(CLOCK_MONOTONIC) - ign6) / 20000000LL;
	zt_check(next6 >= 0, "timer 6 did not fire once its signal was handled again");
	zt_check(next6 >= want - 2 && next6 <= most + 2,
		 "timer 6 counted %d overruns, not %lld to %lld", (int)next6, want, most);
	zt_pass();
}
