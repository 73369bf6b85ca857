// SPDX-License-Identifier: GPL-2.0
/*
 * tcpecho N PORT: the TCP bench's server in the CT. It accepts N connections on PORT and
 * echoes back every byte each one sends, for bench/tcpclient on the host, which checks
 * what comes back and times the stalls. Prints "ready" once it holds all N; on SIGUSR1
 * "verified K" (K counts the requests) while every connection is still open, or
 * "CORRUPT ..." once one was closed or reset (a restore that lost it).
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t asked;

static void on_usr1(int sig)
{
	(void)sig;
	asked++;
}

static void die(const char *what)
{
	printf("CORRUPT tcpecho: %s: %s\n", what, strerror(errno));
	exit(1);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_usr1 };
	struct sockaddr_in a = { .sin_family = AF_INET };
	int n, port, ls, i, one = 1, done = 0, broken = 0;
	struct pollfd *p;
	char buf[4096];
	ssize_t r;

	if (argc < 3)
		return 2;
	n = atoi(argv[1]);
	port = atoi(argv[2]);
	setvbuf(stdout, NULL, _IONBF, 0);
	if (n < 1 || sigaction(SIGUSR1, &sa, NULL) < 0)
		die("setup");
	p = calloc(n, sizeof(*p));
	ls = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_port = htons(port);
	if (!p || ls < 0 || setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) < 0 ||
	    bind(ls, (struct sockaddr *)&a, sizeof(a)) < 0 || listen(ls, 4096) < 0)
		die("listen");
	for (i = 0; i < n; i++) {
		p[i].fd = accept(ls, NULL, NULL);
		if (p[i].fd < 0)
			die("accept");
		setsockopt(p[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		p[i].events = POLLIN;
	}
	printf("ready\n");
	for (;;) {
		while (done < asked) {
			done++;
			if (broken)
				printf("CORRUPT tcpecho: %d of %d connections were closed or reset\n",
				       broken, n);
			else
				printf("verified %d\n", done);
		}
		if (poll(p, n, 1000) < 0) {
			if (errno == EINTR)
				continue;
			die("poll");
		}
		for (i = 0; i < n; i++) {
			if (!p[i].revents)
				continue;
			r = read(p[i].fd, buf, sizeof(buf));
			/* Echoed whole: the client never has more in flight than a socket buffer. */
			if (r > 0 && write(p[i].fd, buf, r) == r)
				continue;
			if (r < 0 && errno == EINTR)
				continue;
			broken++;
			close(p[i].fd);
			p[i].fd = -1;
		}
	}
}
