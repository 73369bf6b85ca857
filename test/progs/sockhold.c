// SPDX-License-Identifier: GPL-2.0
/*
 * sockhold: hold a NETLINK_USERSOCK socket open and count, so a dump must refuse it
 * (route, uevent, sock_diag and generic netlink sockets are carried, that protocol is
 * not). Prints "N ok".
 */
#include <linux/netlink.h>
#include <stdio.h>
#include <sys/socket.h>
#include <time.h>

int main(void)
{
	struct timespec ts = { 0, 100000000 };
	unsigned long n = 0;

	if (socket(AF_NETLINK, SOCK_RAW, NETLINK_USERSOCK) < 0)
		return 2;
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (;;) {
		printf("%lu ok\n", ++n);
		nanosleep(&ts, NULL);
	}
}
