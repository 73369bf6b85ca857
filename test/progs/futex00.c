// SPDX-License-Identifier: GPL-2.0
/*
 * futex00: threads blocked in futex waits with timeouts, which a freeze interrupts and the
 * kernel resumes through the task's restart (what pthread_cond_timedwait(), sem_timedwait()
 * and a Go runtime's sleeps leave a thread in): A in FUTEX_WAIT with a relative hour, B in
 * FUTEX_WAIT_BITSET on CLOCK_REALTIME with an absolute deadline an hour away, C in
 * FUTEX_WAIT_BITSET on CLOCK_MONOTONIC, a shared (not FUTEX_PRIVATE_FLAG) futex, an hour
 * away; D in one relative 300 ms wait after another on a futex no one wakes. After the
 * restore the main thread wakes A, B and C: each must have been woken, never seen EINTR (a
 * restart not carried) nor ETIMEDOUT (its time left lost); D's waits must all have timed
 * out, a few of them at least, none interrupted.
 */
#include "zdtm.h"

#include <linux/futex.h>
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <time.h>

struct waiter {
	const char *name;
	uint32_t word;
	int op;			/* FUTEX_WAIT or FUTEX_WAIT_BITSET with its flags */
	clockid_t clock;	/* of an absolute deadline */
	int result;		/* 0 woken, else the errno that ended the wait */
	volatile int waiting;
};

static struct waiter w[3] = {
	{ "A", 0, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, -1, 0 },
	{ "B", 0, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME, CLOCK_REALTIME,
	  -1, 0 },
	{ "C", 0, FUTEX_WAIT_BITSET, CLOCK_MONOTONIC, -1, 0 },
};
static uint32_t never;
static volatile int stop_d;
static long d_timeouts, d_bad;
static int d_errno;

static long futex(uint32_t *addr, int op, uint32_t val, const struct timespec *ts)
{
	return syscall(SYS_futex, addr, op, val, ts, NULL, FUTEX_BITSET_MATCH_ANY);
}

static void *wait_long(void *arg)
{
	struct waiter *x = arg;
	struct timespec ts = { 3600, 0 };

	if (x->op & FUTEX_WAIT_BITSET) {
		clock_gettime(x->clock, &ts);
		ts.tv_sec += 3600;
	}
	x->waiting = 1;
	/* Only a wake (0) or the word already set (EAGAIN) may end it. */
	while (!__atomic_load_n(&x->word, __ATOMIC_ACQUIRE)) {
		if (futex(&x->word, x->op, 0, &ts) < 0 && errno != EAGAIN) {
			x->result = errno;
			return NULL;
		}
	}
	x->result = 0;
	return NULL;
}

static void *wait_short(void *arg)
{
	struct timespec ts = { 0, 300000000 };

	(void)arg;
	while (!stop_d) {
		if (futex(&never, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, &ts) == 0) {
			d_bad++;	/* no one wakes it */
		} else if (errno == ETIMEDOUT) {
			d_timeouts++;
		} else {
			d_errno = errno;
			d_bad++;
		}
	}
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t t[4];
	int i;

	zt_init(argc, argv);
	for (i = 0; i < 3; i++)
		zt_check(!pthread_create(&t[i], NULL, wait_long, &w[i]), "pthread_create %s",
			 w[i].name);
	zt_check(!pthread_create(&t[3], NULL, wait_short, NULL), "pthread_create D");
	for (i = 0; i < 3; i++)
		while (!w[i].waiting)
			usleep(1000);
	usleep(100000);
	zt_ready();
	zt_wait();

	for (i = 0; i < 3; i++) {
		zt_check(w[i].result == -1, "%s's wait ended before its wake: %s", w[i].name,
			 strerror(w[i].result));
		__atomic_store_n(&w[i].word, 1, __ATOMIC_RELEASE);
		futex(&w[i].word, (w[i].op & FUTEX_PRIVATE_FLAG) | FUTEX_WAKE, 1, NULL);
	}
	stop_d = 1;
	for (i = 0; i < 4; i++)
		zt_check(!pthread_join(t[i], NULL), "pthread_join");
	for (i = 0; i < 3; i++)
		zt_check(w[i].result == 0, "%s's wait ended with %s, not its wake", w[i].name,
			 strerror(w[i].result));
	zt_check(!d_bad, "D's waits: %ld ended otherwise than by their timeout (last: %s)", d_bad,
		 strerror(d_errno));
	zt_check(d_timeouts >= 3, "D's waits timed out %ld times", d_timeouts);
	zt_pass();
}
