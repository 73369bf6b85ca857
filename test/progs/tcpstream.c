// SPDX-License-Identifier: GPL-2.0
/*
 * tcpstream ADDR PORT PROGRESS: the client side of test 43, on the host. Connects to
 * ADDR:PORT and streams without pause both ways: writes the pattern (seed 1), reads
 * the server's (seed 2), checking every byte; every 100 ms it rewrites PROGRESS with
 * "SENT RECEIVED". On SIGUSR1 it stops writing, shuts its side down, reads to the
 * end, and prints "PASS sent N received M stall S", S the longest time in seconds it
 * waited for the server's next bytes (a checkpoint's whole stall). Any error on the connection (a reset, a
 * byte out of pattern) prints "FAIL why" and exits 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_usr1(int sig)
{
	(void)sig;
	stop = 1;
}

static unsigned char pat(unsigned long long i, int seed)
{
	return (unsigned char)(i * 131 + i / 251 + seed);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void progress(const char *path, unsigned long long sent, unsigned long long got)
{
	char tmp[512];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%llu %llu\n", sent, got);
	fclose(f);
	rename(tmp, path);
}

int main(int argc, char **argv)
{
	unsigned long long sent = 0, got = 0, i;
	unsigned char in[8192], buf[8192];
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	struct sigaction sa = { .sa_handler = on_usr1 };
	int c, writing = 1;
	double last = 0, lastread, stall = 0;

	if (argc != 4)
		return 2;
	sigaction(SIGUSR1, &sa, NULL);
	if (getaddrinfo(argv[1], argv[2], &hints, &ai)) {
		printf("FAIL cannot resolve %s\n", argv[1]);
		return 1;
	}
	c = socket(ai->ai_family, SOCK_STREAM, 0);
	if (c < 0 || connect(c, ai->ai_addr, ai->ai_addrlen)) {
		printf("FAIL connect: %s\n", strerror(errno));
		return 1;
	}
	fcntl(c, F_SETFL, O_NONBLOCK);
	lastread = now();
	for (;;) {
		struct pollfd p = { .fd = c, .events = POLLIN | (writing ? POLLOUT : 0) };
		ssize_t n;

		if (stop && writing) {
			writing = 0;
			shutdown(c, SHUT_WR);
		}
		if (now() - last > 0.1) {
			progress(argv[3], sent, got);
			last = now();
		}
		if (poll(&p, 1, 100) < 0) {
			if (errno == EINTR)
				continue;
			printf("FAIL poll: %s\n", strerror(errno));
			return 1;
		}
		if (p.revents & POLLIN) {
			n = read(c, in, sizeof(in));
			if (n == 0)
				break;
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				printf("FAIL read after %llu bytes: %s\n", got, strerror(errno));
				return 1;
			}
			for (i = 0; n > 0 && i < (unsigned long long)n; i++)
				if (in[i] != pat(got + i, 2)) {
					printf("FAIL byte %llu from the server differs\n", got + i);
					return 1;
				}
			if (n > 0) {
				got += n;
				double t = now();

				if (t - lastread > stall)
					stall = t - lastread;
				lastread = t;
			}
		}
		if (writing && (p.revents & POLLOUT)) {
			for (i = 0; i < sizeof(buf); i++)
				buf[i] = pat(sent + i, 1);
			n = write(c, buf, sizeof(buf));
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				printf("FAIL write after %llu bytes: %s\n", sent, strerror(errno));
				return 1;
			}
			if (n > 0)
				sent += n;
		}
		if ((p.revents & (POLLERR | POLLHUP)) && !(p.revents & POLLIN)) {
			printf("FAIL the connection failed after %llu/%llu bytes\n", sent, got);
			return 1;
		}
	}
	progress(argv[3], sent, got);
	printf("PASS sent %llu received %llu stall %.2f\n", sent, got, stall);
	return 0;
}
