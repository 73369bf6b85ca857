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

#endif /* _TAP_H */
