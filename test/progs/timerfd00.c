// SPDX-License-Identifier: GPL-2.0
/*
 * timerfd00: timerfds on CLOCK_MONOTONIC, CLOCK_REALTIME and CLOCK_BOOTTIME, relative
 * and absolute (one with TFD_TIMER_CANCEL_ON_SET), far off; a 100 ms periodic one whose
 * expirations are never read before the end; a one-shot that fired before the
 * checkpoint, unread. After the restore each far timer is due when it was (what
 * timerfd_gettime() has left is the due time less the clock's now, within 0.5 s: the
 * CT's monotonic clocks go on from the checkpoint), the periodic one has counted every
 * 100 ms of the CT's monotonic clock since it started (within 2), and the fired one
 * gives its one expiration. Each keeps its clock and flags (fdinfo).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <sys/timerfd.h>
#include <time.h>

#define NS	1000000000LL
#define TOL	(NS / 2)
#define PERIOD	(NS / 10)

struct far {
	const char *name;
	int clock, flags, fd;
	long long in;		/* how far off, seconds */
	long long due;		/* on its clock, or CLOCK_MONOTONIC's for a relative REALTIME one */
};

static long long now(int clock)
{
	struct timespec ts;

	zt_syscall(clock_gettime(clock, &ts));
	return ts.tv_sec * NS + ts.tv_nsec;
}

static struct itimerspec its(long long value, long long interval)
{
	struct itimerspec t = {
		.it_value = { value / NS, value % NS },
		.it_interval = { interval / NS, interval % NS },
	};

	return t;
}

/* The clock a timer's due time is on: a relative REALTIME timer runs on the monotonic one. */
static int due_clock(const struct far *f)
{
	return f->clock == CLOCK_REALTIME && !(f->flags & TFD_TIMER_ABSTIME) ?
	       CLOCK_MONOTONIC : f->clock;
}

static void arm(struct far *f)
{
	struct itimerspec t;
	long long base;

	f->fd = zt_syscall(timerfd_create(f->clock, TFD_NONBLOCK));
	base = now(due_clock(f));
	f->due = base + f->in * NS;
	t = its(f->flags & TFD_TIMER_ABSTIME ? f->due : f->in * NS, 0);
	zt_syscall(timerfd_settime(f->fd, f->flags, &t, NULL));
}

/* "key: value" from the fd's fdinfo into @v; 0 without /proc. */
static int fdinfo(int fd, const char *key, long long *v)
{
	char path[64], line[160], fmt[64];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	snprintf(fmt, sizeof(fmt), "%s: %%lli", key);
	f = fopen(path, "r");
	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, fmt, v) == 1;
	fclose(f);
	return found;
}

static void check_far(const struct far *f)
{
	struct itimerspec t;
	long long left, before, after, v;

	before = now(due_clock(f));
	zt_syscall(timerfd_gettime(f->fd, &t));
	after = now(due_clock(f));
	left = t.it_value.tv_sec * NS + t.it_value.tv_nsec;
	zt_check(zt_due_within(left, f->due, before, after, TOL),
		 "%s: %lld ms left, %lld to %lld ms were due", f->name, left / 1000000,
		 (f->due - after) / 1000000, (f->due - before) / 1000000);
	zt_check(!t.it_interval.tv_sec && !t.it_interval.tv_nsec, "%s has a period", f->name);
	if (fdinfo(f->fd, "clockid", &v))
		zt_check(v == f->clock, "%s: clock %lld, not %d", f->name, v, f->clock);
	if (fdinfo(f->fd, "settime flags", &v))
		zt_check(v == f->flags, "%s: settime flags %#llo, not %#o", f->name, v, f->flags);
	zt_check(fcntl(f->fd, F_GETFL) & O_NONBLOCK, "%s lost O_NONBLOCK", f->name);
}

int main(int argc, char **argv)
{
	struct far fars[] = {
		{ "relative monotonic", CLOCK_MONOTONIC, 0, -1, 3600, 0 },
		{ "absolute monotonic", CLOCK_MONOTONIC, TFD_TIMER_ABSTIME, -1, 1800, 0 },
		{ "relative realtime", CLOCK_REALTIME, 0, -1, 2400, 0 },
		{ "absolute realtime", CLOCK_REALTIME, TFD_TIMER_ABSTIME, -1, 7200, 0 },
		{ "absolute realtime, cancel on set", CLOCK_REALTIME,
		  TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET, -1, 5000, 0 },
		{ "relative boottime", CLOCK_BOOTTIME, 0, -1, 3000, 0 },
	};
	struct pollfd p = { .events = POLLIN };
	long long start, ran, after;
	struct itimerspec t;
	uint64_t ticks;
	int periodic, fired;
	unsigned int i;

	zt_init(argc, argv);
	for (i = 0; i < sizeof(fars) / sizeof(fars[0]); i++)
		arm(&fars[i]);
	periodic = zt_syscall(timerfd_create(CLOCK_MONOTONIC, 0));
	start = now(CLOCK_MONOTONIC);
	t = its(PERIOD, PERIOD);
	zt_syscall(timerfd_settime(periodic, 0, &t, NULL));
	fired = zt_syscall(timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK));
	t = its(NS / 100, 0);
	zt_syscall(timerfd_settime(fired, 0, &t, NULL));
	p.fd = fired;
	zt_check(zt_syscall(poll(&p, 1, 5000)) == 1, "a 10 ms timer did not fire in 5 s");
	zt_ready();
	zt_wait();
	for (i = 0; i < sizeof(fars) / sizeof(fars[0]); i++)
		check_far(&fars[i]);
	/* Its count is between what had fallen due before the read and after it. */
	ran = now(CLOCK_MONOTONIC) - start;
	zt_check(read(periodic, &ticks, sizeof(ticks)) == sizeof(ticks),
		 "read the periodic timer: %s", strerror(errno));
	after = now(CLOCK_MONOTONIC) - start;
	zt_check((long long)ticks > ran / PERIOD - 3 && (long long)ticks <= after / PERIOD + 1,
		 "the periodic timer counted %llu expirations in %lld to %lld ms of 100 ms each",
		 (unsigned long long)ticks, ran / 1000000, after / 1000000);
	zt_syscall(timerfd_gettime(periodic, &t));
	zt_check(!t.it_value.tv_sec && t.it_value.tv_nsec <= PERIOD && t.it_interval.tv_nsec == PERIOD,
		 "the periodic timer's next expiry is %ld.%09ld s off, its period %ld ns",
		 (long)t.it_value.tv_sec, t.it_value.tv_nsec, t.it_interval.tv_nsec);
	zt_check(read(fired, &ticks, sizeof(ticks)) == sizeof(ticks) && ticks == 1,
		 "the timer that fired before the checkpoint gave %llu expirations (%s)",
		 (unsigned long long)ticks, strerror(errno));
	zt_check(read(fired, &ticks, sizeof(ticks)) < 0 && errno == EAGAIN,
		 "the fired one-shot timer fired again");
	zt_pass();
}
