// SPDX-License-Identifier: GPL-2.0
/*
 * itimer00: setitimer()'s three timers, none firing while the program waits (a signal
 * caught then would show in what the host compares, and cost CPU time). The parent has
 * ITIMER_REAL an hour away, then every 200 ms, ITIMER_VIRTUAL (1 s of user CPU time left,
 * then every 50 ms) and ITIMER_PROF (1.5 s of CPU time left, then every 70 ms). One child
 * has alarm(7200); another has ITIMER_REAL fired with its SIGALRM blocked and pending,
 * its 300 ms interval still to be applied when the signal is taken. After the restore:
 * - every interval is as set; ITIMER_REAL and the alarm have an hour (two) less the
 *   CLOCK_MONOTONIC time since they were set left, within 1 s (the CT's monotonic clock
 *   goes on across the restore); the CPU timers have the CPU time left they had at the
 *   checkpoint (the program spends none while it waits), within 50 ms;
 * - the CPU timers fire again once CPU time is spent (their time left is counted in
 *   ticks, the CPU time the program can read precisely: only the former is compared);
 * - the pending SIGALRM is still pending, is taken once unblocked, and the timer fires
 *   again within 300 ms (+ slack) of it.
 */
#include "zdtm.h"

#include <sys/prctl.h>
#include <sys/time.h>
#include <time.h>

static volatile sig_atomic_t nr_alrm, nr_vt, nr_prof;

static void on_sig(int sig)
{
	if (sig == SIGALRM)
		nr_alrm++;
	else if (sig == SIGVTALRM)
		nr_vt++;
	else if (sig == SIGPROF)
		nr_prof++;
}

static long long ns_of(const struct timeval *tv)
{
	return tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL;
}

static long long mono_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* Sleep @ns of CLOCK_MONOTONIC through the signals that interrupt it. */
static void sleep_ns(long long ns)
{
	long long end = mono_ns() + ns;
	struct timespec ts = { end / 1000000000LL, end % 1000000000LL };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static void set(int which, long long value_ms, long long interval_ms)
{
	struct itimerval it = {
		.it_value = { value_ms / 1000, value_ms % 1000 * 1000 },
		.it_interval = { interval_ms / 1000, interval_ms % 1000 * 1000 },
	};

	zt_syscall(setitimer(which, &it, NULL));
}

static struct itimerval get(int which)
{
	struct itimerval it;

	zt_syscall(getitimer(which, &it));
	return it;
}

static void handlers(void)
{
	struct sigaction sa = { .sa_handler = on_sig };

	zt_syscall(sigaction(SIGALRM, &sa, NULL));
	zt_syscall(sigaction(SIGVTALRM, &sa, NULL));
	zt_syscall(sigaction(SIGPROF, &sa, NULL));
}

/* alarm(): two hours less the time since it was set. */
static void oneshot(int ready)
{
	long long t0, left, before, after;
	struct itimerval it;

	alarm(7200);
	t0 = mono_ns();
	zt_check(write(ready, "o", 1) == 1, "write ready: %s", strerror(errno));
	zt_wait();
	before = mono_ns();
	it = get(ITIMER_REAL);
	after = mono_ns();
	left = ns_of(&it.it_value);
	zt_check(!it.it_interval.tv_sec && !it.it_interval.tv_usec,
		 "the one-shot has an interval of %ld.%06ld s", (long)it.it_interval.tv_sec,
		 (long)it.it_interval.tv_usec);
	zt_check(zt_due_within(left, t0 + 7200 * 1000000000LL, before, after, 1000000000LL),
		 "the one-shot has %lld ms left, not %lld", left / 1000000,
		 (t0 + 7200 * 1000000000LL - after) / 1000000);
	zt_check(!nr_alrm, "the one-shot fired");
	exit(0);
}

/* ITIMER_REAL fired, its SIGALRM blocked: pending, the timer armed again only when taken. */
static void fired(int ready)
{
	sigset_t block, pend;
	struct itimerval it;
	long long t0;
	int i;

	sigemptyset(&block);
	sigaddset(&block, SIGALRM);
	zt_syscall(sigprocmask(SIG_BLOCK, &block, NULL));
	set(ITIMER_REAL, 10, 300);
	for (i = 0; i < 1000; i++) {
		zt_syscall(sigpending(&pend));
		if (sigismember(&pend, SIGALRM))
			break;
		sleep_ns(10000000);
	}
	zt_check(sigismember(&pend, SIGALRM), "SIGALRM never came");
	zt_check(write(ready, "f", 1) == 1, "write ready: %s", strerror(errno));
	zt_wait();
	zt_syscall(sigpending(&pend));
	zt_check(sigismember(&pend, SIGALRM), "the pending SIGALRM was lost");
	it = get(ITIMER_REAL);
	zt_check(ns_of(&it.it_interval) == 300000000LL, "the fired timer's interval is %lld ns",
		 ns_of(&it.it_interval));
	zt_syscall(sigprocmask(SIG_UNBLOCK, &block, NULL));
	zt_check(nr_alrm == 1, "unblocked, SIGALRM came %d times", (int)nr_alrm);
	t0 = mono_ns();
	while (nr_alrm < 2 && mono_ns() - t0 < 2000000000LL)
		sleep_ns(10000000);
	zt_check(nr_alrm == 2, "the timer did not fire again after its SIGALRM was taken");
	zt_check(mono_ns() - t0 < 800000000LL, "it fired again only after %lld ms",
		 (mono_ns() - t0) / 1000000);
	exit(0);
}

static pid_t child(void (*fn)(int), int *ready)
{
	pid_t pid;
	char c;

	zt_syscall(pipe(ready));
	pid = zt_syscall(fork());
	if (!pid) {
		/* A parent that fails leaves no child behind in the CT. */
		zt_syscall(prctl(PR_SET_PDEATHSIG, SIGKILL));
		close(ready[0]);
		fn(ready[1]);
	}
	close(ready[1]);
	zt_check(read(ready[0], &c, 1) == 1, "the child did not get ready");
	close(ready[0]);
	return pid;
}

/* Some user CPU time, with no system call. */
static void burn(void)
{
	volatile unsigned long x = 0;
	unsigned long i;

	for (i = 0; i < 20000000UL; i++)
		x++;
}

int main(int argc, char **argv)
{
	long long vt_before, prof_before, vt_after, prof_after, c0, c1, burnt, t0, before, after;
	struct itimerval it;
	int vt0, prof0, p[2];
	pid_t one, two;

	zt_init(argc, argv);
	handlers();
	one = child(oneshot, p);
	two = child(fired, p);
	set(ITIMER_REAL, 3600 * 1000, 200);
	t0 = mono_ns();
	set(ITIMER_VIRTUAL, 1000, 50);
	set(ITIMER_PROF, 1500, 70);
	it = get(ITIMER_VIRTUAL);
	vt_before = ns_of(&it.it_value);
	it = get(ITIMER_PROF);
	prof_before = ns_of(&it.it_value);
	zt_ready();
	zt_wait();

	/* First what the restore set, before any CPU is burnt. */
	it = get(ITIMER_VIRTUAL);
	vt_after = ns_of(&it.it_value);
	zt_check(ns_of(&it.it_interval) == 50000000LL, "ITIMER_VIRTUAL's interval is %lld ns",
		 ns_of(&it.it_interval));
	it = get(ITIMER_PROF);
	prof_after = ns_of(&it.it_value);
	zt_check(ns_of(&it.it_interval) == 70000000LL, "ITIMER_PROF's interval is %lld ns",
		 ns_of(&it.it_interval));
	zt_check(llabs(vt_after - vt_before) < 50000000LL,
		 "ITIMER_VIRTUAL had %lld ms of CPU time left, now %lld", vt_before / 1000000,
		 vt_after / 1000000);
	zt_check(llabs(prof_after - prof_before) < 50000000LL,
		 "ITIMER_PROF had %lld ms of CPU time left, now %lld", prof_before / 1000000,
		 prof_after / 1000000);
	before = mono_ns();
	it = get(ITIMER_REAL);
	after = mono_ns();
	zt_check(ns_of(&it.it_interval) == 200000000LL, "ITIMER_REAL's interval is %lld ns",
		 ns_of(&it.it_interval));
	zt_check(zt_due_within(ns_of(&it.it_value), t0 + 3600 * 1000000000LL, before, after,
			       1000000000LL),
		 "ITIMER_REAL has %lld ms left, not %lld", ns_of(&it.it_value) / 1000000,
		 (t0 + 3600 * 1000000000LL - after) / 1000000);
	zt_check(!nr_alrm && !nr_vt && !nr_prof, "a timer fired while waiting");

	/*
	 * The CPU timers fire once the CPU time they had left is spent: burn it in user
	 * space (ticks count ITIMER_VIRTUAL's user time), until each fired 3 times.
	 */
	vt0 = nr_vt;
	prof0 = nr_prof;
	c0 = cpu_ns();
	do
		burn();
	while ((nr_vt - vt0 < 3 || nr_prof - prof0 < 3) && cpu_ns() - c0 < 30000000000LL);
	c1 = cpu_ns();
	burnt = c1 - c0;
	zt_check(nr_vt - vt0 >= 3 && nr_prof - prof0 >= 3,
		 "after %lld ms of CPU time, %d SIGVTALRM and %d SIGPROF", burnt / 1000000,
		 nr_vt - vt0, nr_prof - prof0);

	zt_syscall(kill(one, SIGTERM));
	zt_syscall(kill(two, SIGTERM));
	zt_reap(one, "the one-shot child");
	zt_reap(two, "the fired-timer child");
	zt_pass();
}
