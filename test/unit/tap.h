/* SPDX-License-Identifier: GPL-2.0 */
/* The host unit tests' TAP output: "ok N - what" or "not ok N - what", counted. */
#ifndef _TAP_H
#define _TAP_H

#include <stdarg.h>
#include <stdio.h>

static unsigned int tests, failed;

__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tests++;
	if (!cond)
		failed++;
	printf("%sok %u - ", cond ? "" : "not ", tests);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	return cond;
}

/*
 * Each fault of a record, fault(x, i) from i = 0 until it returns NULL (its name), must
 * make check(x, why, whylen) refuse the record: one line for all, and a comment naming
 * each fault that passed.
 */
#define ok_faults(x, fault, check, what) do {					\
	unsigned int ok_i, ok_refused = 0;					\
	const char *ok_name;							\
	char ok_why[256];							\
										\
	for (ok_i = 0; (ok_name = fault(x, ok_i)); ok_i++) {			\
		if (check(x, ok_why, sizeof(ok_why)))				\
			ok_refused++;						\
		else								\
			printf("# a %s record with %s passes\n", what, ok_name);	\
	}									\
	ok(ok_refused == ok_i, "a %s record is refused with each of %u faults", what, ok_i); \
} while (0)

#endif /* _TAP_H */
