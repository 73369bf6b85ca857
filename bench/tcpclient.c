// SPDX-License-Identifier: GPL-2.0
/*
 * tcpclient N ADDR PORT: the TCP bench's client, on the host. It holds N connections to
 * bench/tcpecho in the CT, each sending an 8-byte sequence number, waiting for its echo,
 * then pausing (20 ms, or 0.1 ms per connection if longer, so that 1000 connections do
 * not flood a TCG guest) before the next. Every echo must be the number sent. The stall
 * of a connection is how long an echo took: across a checkpoint, from the CT's freeze
 * (or the last echo before it) to its restore and TCP's retransmission.
 * On SIGUSR1, once no echo has been awaited for more than 0.5 s (120 s at most), it
 * prints "report seq=K alive=A bad=B stall=S echoes=E stuck=T": the longest wait since
 * the last report (seconds), the connections still open, the echoes that were wrong, and
 * those still awaited when it gave up waiting. Prints "ready" once all N are connected.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

struct conn {
	uint64_t seq;		/* the number sent last */
	double sent;		/* when; 0 while pausing */
	double next;		/* when to send the next */
	unsigned char got[8];
	int have;
};

static volatile sig_atomic_t asked, stop;

static void on_sig(int sig)
{
	if (sig == SIGUSR1)
		asked++;
	else
		stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_sig };
	struct sockaddr_in a = { .sin_family = AF_INET };
	int n, i, one = 1, alive, bad = 0, done = 0, stuck;
	double pace, t, stall = 0, oldest, asked_at = 0;
	long echoes = 0;
	struct pollfd *p;
	struct conn *c;
	ssize_t r;

	if (argc < 4 || inet_pton(AF_INET, argv[2], &a.sin_addr) != 1)
		return 2;
	n = atoi(argv[1]);
	a.sin_port = htons(atoi(argv[3]));
	setvbuf(stdout, NULL, _IONBF, 0);
	p = calloc(n, sizeof(*p));
	c = calloc(n, sizeof(*c));
	if (n < 1 || !p || !c || sigaction(SIGUSR1, &sa, NULL) < 0 ||
	    sigaction(SIGTERM, &sa, NULL) < 0)
		return 2;
	pace = n * 0.0001 > 0.02 ? n * 0.0001 : 0.02;
	for (i = 0; i < n; i++) {
		p[i].fd = socket(AF_INET, SOCK_STREAM, 0);
		if (p[i].fd < 0 || connect(p[i].fd, (struct sockaddr *)&a, sizeof(a)) < 0) {
			printf("FAIL tcpclient: connection %d: %s\n", i, strerror(errno));
			return 1;
		}
		setsockopt(p[i].fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		p[i].events = POLLIN;
		c[i].seq = (uint64_t)i << 32;
		c[i].next = now() + pace * i / n;
	}
	alive = n;
	printf("ready\n");
	while (!stop) {
		t = now();
		oldest = 0;
		for (i = 0; i < n; i++) {
			if (p[i].fd < 0)
				continue;
			if (!c[i].sent && t >= c[i].next) {
				c[i].seq++;
				if (write(p[i].fd, &c[i].seq, 8) != 8) {
					close(p[i].fd);
					p[i].fd = -1;
					alive--;
					continue;
				}
				c[i].sent = t;
				c[i].have = 0;
			}
			if (c[i].sent && t - c[i].sent > oldest)
				oldest = t - c[i].sent;
		}
		if (done < asked) {
			if (!asked_at)
				asked_at = t;
			if (oldest < 0.5 || t - asked_at > 120) {
				stuck = 0;
				for (i = 0; i < n; i++)
					stuck += p[i].fd >= 0 && c[i].sent && t - c[i].sent >= 0.5;
				if (oldest > stall)
					stall = oldest;
				done = asked;
				printf("report seq=%d alive=%d bad=%d stall=%.4f echoes=%ld stuck=%d\n",
				       done, alive, bad, stall, echoes, stuck);
				stall = 0;
				asked_at = 0;
			}
		}
		if (poll(p, n, 5) < 0 && errno != EINTR)
			return 1;
		t = now();
		for (i = 0; i < n; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			r = read(p[i].fd, c[i].got + c[i].have, 8 - c[i].have);
			if (r <= 0) {
				if (r < 0 && errno == EINTR)
					continue;
				close(p[i].fd);
				p[i].fd = -1;
				alive--;
				continue;
			}
			c[i].have += r;
			if (c[i].have < 8)
				continue;
			if (!c[i].sent || memcmp(c[i].got, &c[i].seq, 8))
				bad++;
			if (c[i].sent && t - c[i].sent > stall)
				stall = t - c[i].sent;
			echoes++;
			c[i].sent = 0;
			c[i].have = 0;
			c[i].next = t + pace;
		}
	}
	return 0;
}
