// SPDX-License-Identifier: GPL-2.0
/* sockhold: hold a unix socket pair open and count, so a dump must refuse it. Prints "N ok". */
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

int main(void)
{
	struct timespec ts = { 0, 100000000 };
	unsigned long n = 0;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv))
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		printf("%lu ok\n", ++n);
		nanosleep(&ts, NULL);
	}
}
