// SPDX-License-Identifier: GPL-2.0
/*
 * sleep00: tasks asleep across the restore. R sleeps an hour in a relative
 * clock_nanosleep() on CLOCK_MONOTONIC (restarted with the time it had left), A until an
 * absolute CLOCK_MONOTONIC time an hour away (restarted as it was). After the restore
 * each is still asleep when the program's SIGTERM (forwarded) wakes it: R's remaining
 * time plus the CT's CLOCK_MONOTONIC time since it fell asleep is its hour, within 3 s;
 * A wakes before its time.
 */
#include "zdtm.h"

#include <time.h>

#define HOUR_NS	3600000000000LL
#define SLACK	3000000000LL

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void sleeper(int ready, int absolute)
{
	struct timespec t, left = { 0 };
	long long start = now_ns(), end, slept;
	int err;

	if (absolute) {
		t.tv_sec = (start + HOUR_NS) / 1000000000LL;
		t.tv_nsec = (start + HOUR_NS) % 1000000000LL;
	} else {
		t.tv_sec = HOUR_NS / 1000000000LL;
		t.tv_nsec = 0;
	}
	zt_check(write(ready, "r", 1) == 1, "write: %s", strerror(errno));
	err = clock_nanosleep(CLOCK_MONOTONIC, absolute ? TIMER_ABSTIME : 0, &t, &left);
	end = now_ns();
	slept = end - start;
	zt_check(err == EINTR, "%s sleep ended with %d after %lld ms, not EINTR",
		 absolute ? "the absolute" : "the relative", err, slept / 1000000);
	zt_check(end < start + HOUR_NS, "the absolute sleep ended after its time");
	if (!absolute) {
		long long rem = left.tv_sec * 1000000000LL + left.tv_nsec;

		zt_check(llabs(rem + slept - HOUR_NS) < SLACK,
			 "the relative sleep has %lld ms left after %lld ms: %lld ms off its hour",
			 rem / 1000000, slept / 1000000, (rem + slept - HOUR_NS) / 1000000);
	}
	exit(0);
}

int main(int argc, char **argv)
{
	int ready[2], i;
	pid_t kid[2];
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	for (i = 0; i < 2; i++) {
		kid[i] = zt_syscall(fork());
		if (!kid[i])
			sleeper(ready[1], i);
	}
	for (i = 0; i < 2; i++)
		zt_check(read(ready[0], &c, 1) == 1, "a sleeper did not start");
	zt_ready();
	zt_wait();
	for (i = 0; i < 2; i++) {
		zt_syscall(kill(kid[i], SIGTERM));
		zt_reap(kid[i], i ? "A" : "R");
	}
	zt_pass();
}
