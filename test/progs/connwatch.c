// SPDX-License-Identifier: GPL-2.0
/*
 * connwatch ADDR PORT OUT: on the host, tries a TCP connection to ADDR:PORT (IPv4) every
 * 20 ms, each given 200 ms, until SIGTERM, and keeps OUT rewritten with the counts
 * "refused R connected C other O": refused is a reset answering the SYN (nothing
 * listening there), connected a handshake that completed (closed again at once),
 * other a timeout or an unreachable route. For test 43: while a CT is restored, its
 * listener must never be seen refusing, as a namespace that answered before its sockets
 * were back would; on a port where nothing listens the same watch counts refusals.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

enum { REFUSED, CONNECTED, OTHER };

static int attempt(const struct sockaddr_in *sa)
{
	struct pollfd p = { .events = POLLOUT };
	socklen_t len = sizeof(int);
	int err = 0, ret = OTHER;

	p.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (p.fd < 0) {
		perror("connwatch: socket");
		exit(2);
	}
	if (connect(p.fd, (const struct sockaddr *)sa, sizeof(*sa)) == 0)
		ret = CONNECTED;
	else if (errno == ECONNREFUSED)
		ret = REFUSED;
	else if (errno == EINPROGRESS && poll(&p, 1, 200) == 1 &&
		 !getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &err, &len))
		ret = err == 0 ? CONNECTED : err == ECONNREFUSED ? REFUSED : OTHER;
	close(p.fd);
	return ret;
}

static void report(const char *path, const unsigned long *n)
{
	char tmp[4096];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f || fprintf(f, "refused %lu connected %lu other %lu\n", n[REFUSED],
			  n[CONNECTED], n[OTHER]) < 0 || fclose(f) || rename(tmp, path)) {
		perror("connwatch: writing the counts");
		exit(2);
	}
}

int main(int argc, char **argv)
{
	const struct timespec gap = { 0, 20 * 1000 * 1000 };
	struct sockaddr_in sa = { .sin_family = AF_INET };
	unsigned long n[3] = { 0, 0, 0 };
	struct sigaction act = { .sa_handler = on_term };

	if (argc != 4 || inet_pton(AF_INET, argv[1], &sa.sin_addr) != 1) {
		fprintf(stderr, "usage: connwatch ADDR PORT OUT\n");
		return 2;
	}
	sa.sin_port = htons(atoi(argv[2]));
	if (sigaction(SIGTERM, &act, NULL)) {
		perror("connwatch: sigaction");
		return 2;
	}
	report(argv[3], n);
	while (!stop) {
		n[attempt(&sa)]++;
		report(argv[3], n);
		nanosleep(&gap, NULL);
	}
	return 0;
}
