// SPDX-License-Identifier: GPL-2.0
/*
 * tcpsrv PORT OUT: the server side of test 43, run in a CT. Listens on [::]:PORT (IPv4
 * and IPv6) and serves each connection in a child: it writes the stream pattern
 * (seed 2) without pause and reads the client's (seed 1), checking every byte, until
 * the client shuts its side down; then it writes what it read and sent to OUT.PID
 * ("ok RECEIVED SENT" or "FAIL why") and closes. With "hold" instead of PORT it makes
 * the socket test 43 must see refused: "raw" (a raw IPv4 socket taking router alerts),
 * "urgent" (a connection
 * with urgent data not read), "ring" (a packet socket with a receive ring), "fanout" (a
 * packet socket in a fanout group), "reuseport" (a UDP socket of a SO_REUSEPORT group
 * steered by a classic BPF program), "closewait" (a connection whose client in the CT closed
 * its socket: an orphan the image does not carry), "retaken" (a connection that has ended, whose
 * addresses and ports a newer one took), "failtaken" (a connect() that failed, its task not
 * told, whose addresses and ports a newer connection took); it prints "ready" and sleeps.
 * For test 24: "flood PORT [SNDBUF [close]]" accepts one connection on PORT (IPv4), sets its
 * SO_SNDBUF if given, and writes to it until its send buffer is full, prints "full" and
 * sleeps (with "close": closes it, prints "closed" and exits); "udp PORT" prints each datagram
 * that reaches PORT (IPv4) on a line of its own. For test 43: "sink IP PORT GO [eof]", the
 * reader of a flood, on the host (see sink()); "halfserve PORT GO" in the CT and
 * "halfclient IP PORT MSG [open]" on the host, connections half-closed by their clients (CLOSE_WAIT
 * in the CT) across the checkpoint (see halfserve()); "lateserve PORT GO N" in the CT, a
 * listener whose N connections from the host wait in its queue across the checkpoint (see
 * lateserve()), with "halfclient ... open" for a client that does not shut its side down
 * ("lateserve PORT GO N defer": under TCP_DEFER_ACCEPT, whose N connections from
 * "deferclient IP PORT GO MSG" clients, which send nothing until GO exists, stay in their
 * handshake, SYN_RECV; "lateserve PORT GO N syn": a plain listener whose N connections stay
 * in their handshake because the host drops their clients' ACKs);
 * "shutserve PORT" in the CT and "shutclient IP PORT GO MSG" on the host, a connection the
 * CT's end shut down for writing (FIN_WAIT2) across the checkpoint (see shutserve()).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

static unsigned char pat(unsigned long long i, int seed)
{
	return (unsigned char)(i * 131 + i / 251 + seed);
}

static void result(const char *out, const char *fmt, unsigned long long a,
		   unsigned long long b)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s.%d", out, (int)getpid());
	f = fopen(path, "w");
	if (!f)
		exit(3);
	fprintf(f, fmt, a, b);
	fclose(f);
}

static void serve(int c, const char *out)
{
	unsigned long long got = 0, sent = 0, i;
	unsigned char in[8192], buf[8192];
	int reading = 1;

	fcntl(c, F_SETFL, O_NONBLOCK);
	while (reading) {
		struct pollfd p = { .fd = c, .events = POLLIN | POLLOUT };
		ssize_t n;

		if (poll(&p, 1, -1) < 0 && errno != EINTR)
			break;
		if (p.revents & POLLIN) {
			n = read(c, in, sizeof(in));
			if (n == 0) {
				reading = 0;
			} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
				result(out, "FAIL read after %llu bytes: errno %llu\n", got,
				       (unsigned long long)errno);
				exit(1);
			}
			for (i = 0; n > 0 && i < (unsigned long long)n; i++)
				if (in[i] != pat(got + i, 1)) {
					result(out, "FAIL byte %llu of %llu differs\n", got + i,
					       got + n);
					exit(1);
				}
			if (n > 0)
				got += n;
		}
		if (reading && (p.revents & POLLOUT)) {
			for (i = 0; i < sizeof(buf); i++)
				buf[i] = pat(sent + i, 2);
			n = write(c, buf, sizeof(buf));
			if (n < 0 && errno != EAGAIN && errno != EINTR) {
				result(out, "FAIL write after %llu bytes: errno %llu\n", sent,
				       (unsigned long long)errno);
				exit(1);
			}
			if (n > 0)
				sent += n;
		}
		if (p.revents & (POLLERR | POLLHUP) && !(p.revents & POLLIN)) {
			result(out, "FAIL the connection failed after %llu/%llu bytes\n", got,
			       sent);
			exit(1);
		}
	}
	result(out, "ok %llu %llu\n", got, sent);
	close(c);
	exit(0);
}

static int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	return getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) ? -1 : ti.tcpi_state;
}

/*
 * "retaken": a client reset while its task holds it (bound to 7415 with SO_REUSEADDR), whose
 * addresses and ports a newer client, bound as it was, took since. The socket, or -1.
 */
static int retaken(void)
{
	struct sockaddr_in srv = { .sin_family = AF_INET, .sin_port = htons(7399),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in me = srv;
	struct linger l = { .l_onoff = 1, .l_linger = 0 };
	int s, c[2], a, i, one = 1;

	me.sin_port = htons(7415);
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0 || bind(s, (struct sockaddr *)&srv, sizeof(srv)) || listen(s, 4))
		return -1;
	for (i = 0; i < 2; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (c[i] < 0 || setsockopt(c[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(c[i], (struct sockaddr *)&me, sizeof(me)) ||
		    connect(c[i], (struct sockaddr *)&srv, sizeof(srv)))
			return -1;
		if (i)
			break;
		a = accept(s, NULL, NULL);
		if (a < 0 || setsockopt(a, SOL_SOCKET, SO_LINGER, &l, sizeof(l)) || close(a))
			return -1;
		for (a = 0; a < 500 && tcp_state(c[0]) != TCP_CLOSE; a++)
			usleep(10000);
		if (tcp_state(c[0]) != TCP_CLOSE)
			return -1;
	}
	return s;
}

/*
 * "failtaken": a non-blocking connect() from 7416 (bound with SO_REUSEADDR) to 7417, refused
 * (nothing listened), its task not told; then a listener on 7417 and a newer client, bound as
 * the first, connected to it. The listener, or -1.
 */
static int failtaken(void)
{
	struct sockaddr_in srv = { .sin_family = AF_INET, .sin_port = htons(7417),
				   .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in me = srv;
	int s = -1, c[2], i, one = 1;

	me.sin_port = htons(7416);
	for (i = 0; i < 2; i++) {
		c[i] = socket(AF_INET, SOCK_STREAM, 0);
		if (c[i] < 0 || setsockopt(c[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(c[i], (struct sockaddr *)&me, sizeof(me)))
			return -1;
		if (i) {
			if (connect(c[i], (struct sockaddr *)&srv, sizeof(srv)))
				return -1;
			break;
		}
		if (fcntl(c[i], F_SETFL, O_NONBLOCK) ||
		    !connect(c[i], (struct sockaddr *)&srv, sizeof(srv)) || errno != EINPROGRESS)
			return -1;
		for (s = 0; s < 500 && tcp_state(c[i]) != TCP_CLOSE; s++)
			usleep(10000);
		s = socket(AF_INET, SOCK_STREAM, 0);
		if (tcp_state(c[i]) != TCP_CLOSE || s < 0 ||
		    bind(s, (struct sockaddr *)&srv, sizeof(srv)) || listen(s, 4))
			return -1;
	}
	return s;
}

static void hold(const char *what)
{
	int s = -1, c, one = 1;

	if (!strcmp(what, "raw")) {
		/* Router alerts put the socket on a chain of the namespace's no image carries. */
		s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
		if (s < 0 || setsockopt(s, IPPROTO_IP, IP_ROUTER_ALERT, &one, sizeof(one)))
			return;
	} else if (!strcmp(what, "ring")) {
		/* Its frames live in pages the task maps. */
		struct tpacket_req req = { .tp_block_size = 4096, .tp_block_nr = 2,
					   .tp_frame_size = 2048, .tp_frame_nr = 4 };

		s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
		if (s < 0 || setsockopt(s, SOL_PACKET, PACKET_RX_RING, &req, sizeof(req)))
			return;
	} else if (!strcmp(what, "reuseport")) {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7398),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
		struct sock_filter first = BPF_STMT(BPF_RET | BPF_K, 0);
		struct sock_fprog prog = { .len = 1, .filter = &first };

		s = socket(AF_INET, SOCK_DGRAM, 0);
		if (s < 0 || setsockopt(s, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one)) ||
		    bind(s, (struct sockaddr *)&a, sizeof(a)) ||
		    setsockopt(s, SOL_SOCKET, SO_ATTACH_REUSEPORT_CBPF, &prog, sizeof(prog)))
			return;
	} else if (!strcmp(what, "retaken")) {
		s = retaken();
	} else if (!strcmp(what, "failtaken")) {
		s = failtaken();
	} else if (!strcmp(what, "fanout")) {
		int group = 7 | PACKET_FANOUT_HASH << 16;

		s = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
		if (s < 0 || setsockopt(s, SOL_PACKET, PACKET_FANOUT, &group, sizeof(group)))
			return;
	} else {
		struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(7399),
					 .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };

		s = socket(AF_INET, SOCK_STREAM, 0);
		if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 4))
			return;
		c = socket(AF_INET, SOCK_STREAM, 0);
		if (c < 0 || connect(c, (struct sockaddr *)&a, sizeof(a)))
			return;
		if (!strcmp(what, "urgent")) {
			int a2 = accept(s, NULL, NULL);

			if (a2 < 0 || send(c, "u", 1, MSG_OOB) != 1)
				return;
			setsockopt(a2, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof(one));
		} else if (!strcmp(what, "closewait")) {
			/* Its client closed: an orphan of the kernel in FIN_WAIT2, its end in CLOSE_WAIT. */
			int a2 = accept(s, NULL, NULL);

			if (a2 < 0 || write(c, "x", 1) != 1)
				return;
			close(c);
			for (c = 0; c < 500 && tcp_state(a2) != TCP_CLOSE_WAIT; c++)
				usleep(10000);
			if (tcp_state(a2) != TCP_CLOSE_WAIT)
				return;
		}
	}
	if (s < 0)
		return;
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

static int listen4(int type, const char *port)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	int s = socket(AF_INET, type, 0);

	if (s < 0 || bind(s, (struct sockaddr *)&a, sizeof(a)) ||
	    (type == SOCK_STREAM && listen(s, 1)))
		exit(1);
	return s;
}

static void flood(const char *port, int sndbuf, int close_it)
{
	unsigned char buf[4096];
	unsigned long long sent = 0, i;
	int c = accept(listen4(SOCK_STREAM, port), NULL, NULL);
	ssize_t n;

	if (c < 0 || fcntl(c, F_SETFL, O_NONBLOCK) ||
	    (sndbuf && setsockopt(c, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf))))
		exit(1);
	for (;;) {
		for (i = 0; i < sizeof(buf); i++)
			buf[i] = pat(sent + i, 2);
		n = write(c, buf, sizeof(buf));
		if (n < 0 && errno == EAGAIN)
			break;
		if (n <= 0)
			exit(1);
		sent += n;
	}
	printf("full %llu\n", sent);
	fflush(stdout);
	/* The kernel holds the rest and the FIN: an orphan in FIN_WAIT1 once we are gone. */
	if (close_it) {
		if (close(c))
			exit(1);
		printf("closed\n");
		exit(0);
	}
	for (;;)
		pause();
}

/*
 * The host's end of a flood: connect to IP:PORT, say "connected", read nothing until the file
 * GO exists, then read the flood's pattern (seed 2) until 10 s pass with no byte, checking
 * each: "ok COUNT" or "FAIL ...". With @eof, until the EOF: "ok COUNT eof".
 */
static void sink(const char *ip, const char *port, const char *go, int eof)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	unsigned long long got = 0;
	unsigned char buf[65536];
	int c = socket(AF_INET, SOCK_STREAM, 0);
	ssize_t n, i;

	if (c < 0 || inet_pton(AF_INET, ip, &a.sin_addr) != 1 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)))
		exit(1);
	printf("connected\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	for (;;) {
		struct pollfd p = { .fd = c, .events = POLLIN };

		if (poll(&p, 1, 10000) != 1)
			break;
		n = read(c, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (!n && eof) {
			printf("ok %llu eof\n", got);
			exit(0);
		}
		if (n <= 0) {
			printf("FAIL %s after %llu bytes\n", n ? strerror(errno) : "end of stream", got);
			exit(1);
		}
		for (i = 0; i < n; i++)
			if (buf[i] != pat(got + i, 2)) {
				printf("FAIL byte %llu differs\n", got + i);
				exit(1);
			}
		got += n;
	}
	printf("ok %llu\n", got);
	exit(0);
}

/* Read @c to its EOF into @buf (NUL-terminated): its length, or -1. */
static ssize_t read_all(int c, char *buf, size_t max)
{
	size_t got = 0;
	ssize_t n;

	for (;;) {
		n = read(c, buf + got, max - 1 - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (!n)
			break;
		got += n;
		if (got == max - 1)
			return -1;
	}
	buf[got] = 0;
	return got;
}

/*
 * The CT's end of two connections their clients half-closed (shutdown(SHUT_WR)): A's request
 * and FIN stay unread, B's are read to the EOF; both in CLOSE_WAIT, it says "ready". Once the
 * file GO exists it reads A's, answers each "re:REQUEST", closes both and says "ok A B".
 */
static void halfserve(const char *port, const char *go)
{
	int l = listen4(SOCK_STREAM, port), a, b, i;
	char ra[256], rb[256], re[300];

	printf("listening\n");
	fflush(stdout);
	a = accept(l, NULL, NULL);
	b = accept(l, NULL, NULL);
	close(l);
	if (a < 0 || b < 0 || read_all(b, rb, sizeof(rb)) < 0)
		exit(1);
	for (i = 0; i < 500 && tcp_state(a) != TCP_CLOSE_WAIT; i++)
		usleep(10000);
	if (tcp_state(a) != TCP_CLOSE_WAIT || tcp_state(b) != TCP_CLOSE_WAIT) {
		printf("FAIL states %d %d, not CLOSE_WAIT\n", tcp_state(a), tcp_state(b));
		exit(1);
	}
	printf("ready\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	if (tcp_state(a) != TCP_CLOSE_WAIT || tcp_state(b) != TCP_CLOSE_WAIT) {
		printf("FAIL states %d %d after the restore, not CLOSE_WAIT\n", tcp_state(a),
		       tcp_state(b));
		exit(1);
	}
	if (read_all(a, ra, sizeof(ra)) < 0 || read_all(b, re, sizeof(re)) != 0) {
		printf("FAIL reads after the restore: %s\n", strerror(errno));
		exit(1);
	}
	snprintf(re, sizeof(re), "re:%s", ra);
	if (write(a, re, strlen(re)) != (ssize_t)strlen(re))
		exit(1);
	snprintf(re, sizeof(re), "re:%s", rb);
	if (write(b, re, strlen(re)) != (ssize_t)strlen(re))
		exit(1);
	close(a);
	close(b);
	printf("ok %s %s\n", ra, rb);
	exit(0);
}

/* The answer on @c, to the EOF: "reply ANSWER", and exit. */
static void print_reply(int c)
{
	char buf[512];

	if (read_all(c, buf, sizeof(buf)) < 0) {
		printf("FAIL %s\n", strerror(errno));
		exit(1);
	}
	printf("reply %s\n", buf);
	exit(0);
}

/*
 * The host's client of halfserve and lateserve: sends MSG, shuts its side down (@open: sends a
 * newline instead), reads the answer to EOF.
 */
static void halfclient(const char *ip, const char *port, const char *msg, int open)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	int c = socket(AF_INET, SOCK_STREAM, 0);

	if (c < 0 || inet_pton(AF_INET, ip, &a.sin_addr) != 1 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)) ||
	    write(c, msg, strlen(msg)) != (ssize_t)strlen(msg) ||
	    (open ? write(c, "\n", 1) != 1 : shutdown(c, SHUT_WR)))
		exit(1);
	printf("sent\n");
	fflush(stdout);
	print_reply(c);
}

/*
 * The host's client of a TCP_DEFER_ACCEPT lateserve: connects, says "connected", sends MSG and
 * a newline once GO exists, reads the answer to EOF.
 */
static void deferclient(const char *ip, const char *port, const char *go, const char *msg)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	int c = socket(AF_INET, SOCK_STREAM, 0);

	if (c < 0 || inet_pton(AF_INET, ip, &a.sin_addr) != 1 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)))
		exit(1);
	printf("connected\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	if (write(c, msg, strlen(msg)) != (ssize_t)strlen(msg) || write(c, "\n", 1) != 1)
		exit(1);
	print_reply(c);
}

/* The connections @l has in its queue, not accepted yet (a listener's tcpi_unacked). */
static unsigned int queued(int l)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	return getsockopt(l, IPPROTO_TCP, TCP_INFO, &ti, &len) ? 0 : ti.tcpi_unacked;
}

/*
 * A listener that leaves its connections in its queue: once it holds N it says "ready", and
 * once the file GO exists it accepts each, reads its request to a newline or the EOF, answers
 * "re:REQUEST" and closes it; it says "ok" and each request, in the order accepted.
 */
static void lateserve(const char *port, const char *go, int n, const char *how)
{
	int l = listen4(SOCK_STREAM, port), a, i, k, secs = 60;
	int defer = !strcmp(how, "defer");
	/*
	 * Under TCP_DEFER_ACCEPT none is queued before its client sends, nor any whose ACK the
	 * host holds back: their handshakes wait.
	 */
	unsigned int want = defer || !strcmp(how, "syn") ? 0 : (unsigned int)n;
	char req[256], re[300], all[1024] = "";
	ssize_t r;

	if (defer && setsockopt(l, IPPROTO_TCP, TCP_DEFER_ACCEPT, &secs, sizeof(secs)))
		exit(1);
	printf("listening\n");
	fflush(stdout);
	for (i = 0; i < 3000 && queued(l) != want; i++)
		usleep(10000);
	if (queued(l) != want) {
		printf("FAIL %u queued, not %u\n", queued(l), want);
		exit(1);
	}
	printf("ready\n");
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	/* Once the host lets the ACKs through, a resent SYN-ACK may have completed any of them. */
	if (strcmp(how, "syn") && queued(l) != want) {
		printf("FAIL %u queued after the restore, not %u\n", queued(l), want);
		exit(1);
	}
	for (k = 0; k < n; k++) {
		a = accept(l, NULL, NULL);
		if (a < 0)
			exit(1);
		for (i = 0; i < (int)sizeof(req) - 1; i++) {
			r = read(a, req + i, 1);
			if (r < 0 && errno == EINTR) {
				i--;
				continue;
			}
			if (r <= 0 || req[i] == '\n')
				break;
		}
		req[i] = 0;
		snprintf(re, sizeof(re), "re:%s", req);
		if (write(a, re, strlen(re)) != (ssize_t)strlen(re))
			exit(1);
		close(a);
		strcat(all, " ");
		strncat(all, req, sizeof(all) - strlen(all) - 1);
	}
	printf("ok%s\n", all);
	exit(0);
}

/*
 * The CT's end of a connection it shut down for writing: it sends "hello" and its FIN, and
 * once the client acknowledged both (FIN_WAIT2) says "ready"; then it reads what the client
 * sends to the EOF, across the checkpoint, and says "ok" and what it read.
 */
static void shutserve(const char *port)
{
	int l = listen4(SOCK_STREAM, port), a, i;
	char buf[256];

	printf("listening\n");
	fflush(stdout);
	a = accept(l, NULL, NULL);
	if (a < 0 || write(a, "hello", 5) != 5 || shutdown(a, SHUT_WR))
		exit(1);
	for (i = 0; i < 500 && tcp_state(a) != TCP_FIN_WAIT2; i++)
		usleep(10000);
	if (tcp_state(a) != TCP_FIN_WAIT2) {
		printf("FAIL state %d, not FIN_WAIT2\n", tcp_state(a));
		exit(1);
	}
	printf("ready\n");
	fflush(stdout);
	if (read_all(a, buf, sizeof(buf)) < 0) {
		printf("FAIL read: %s\n", strerror(errno));
		exit(1);
	}
	printf("ok %s\n", buf);
	exit(0);
}

/* Its host client: reads to the EOF, says "eof" and what it read; once GO exists, sends MSG. */
static void shutclient(const char *ip, const char *port, const char *go, const char *msg)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(atoi(port)) };
	int c = socket(AF_INET, SOCK_STREAM, 0);
	char buf[256];

	if (c < 0 || inet_pton(AF_INET, ip, &a.sin_addr) != 1 ||
	    connect(c, (struct sockaddr *)&a, sizeof(a)) || read_all(c, buf, sizeof(buf)) < 0)
		exit(1);
	printf("eof %s\n", buf);
	fflush(stdout);
	while (access(go, F_OK))
		usleep(100000);
	if (write(c, msg, strlen(msg)) != (ssize_t)strlen(msg) || close(c))
		exit(1);
	printf("sent\n");
	exit(0);
}

static void udp(const char *port)
{
	int s = listen4(SOCK_DGRAM, port);
	char buf[512];
	ssize_t n;

	for (;;) {
		n = recv(s, buf, sizeof(buf) - 1, 0);
		if (n < 0 && errno != EINTR)
			exit(1);
		if (n < 0)
			continue;
		buf[n] = 0;
		printf("%s\n", strtok(buf, "\n") ?: "");
		fflush(stdout);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_addr = IN6ADDR_ANY_INIT };
	int s, c, off = 0, one = 1;

	if (argc == 3 && !strcmp(argv[1], "hold")) {
		hold(argv[2]);
		return 2;
	}
	if ((argc == 3 || argc == 4 || argc == 5) && !strcmp(argv[1], "flood"))
		flood(argv[2], argc >= 4 ? atoi(argv[3]) : 0, argc == 5 && !strcmp(argv[4], "close"));
	if (argc == 3 && !strcmp(argv[1], "udp"))
		udp(argv[2]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "sink"))
		sink(argv[2], argv[3], argv[4], argc == 6 && !strcmp(argv[5], "eof"));
	if (argc == 4 && !strcmp(argv[1], "halfserve"))
		halfserve(argv[2], argv[3]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "halfclient"))
		halfclient(argv[2], argv[3], argv[4], argc == 6 && !strcmp(argv[5], "open"));
	if (argc == 3 && !strcmp(argv[1], "shutserve"))
		shutserve(argv[2]);
	if (argc == 6 && !strcmp(argv[1], "shutclient"))
		shutclient(argv[2], argv[3], argv[4], argv[5]);
	if ((argc == 5 || argc == 6) && !strcmp(argv[1], "lateserve"))
		lateserve(argv[2], argv[3], atoi(argv[4]), argc == 6 ? argv[5] : "");
	if (argc == 6 && !strcmp(argv[1], "deferclient"))
		deferclient(argv[2], argv[3], argv[4], argv[5]);
	if (argc != 3)
		return 2;
	signal(SIGCHLD, SIG_IGN);
	a.sin6_port = htons(atoi(argv[1]));
	s = socket(AF_INET6, SOCK_STREAM, 0);
	if (s < 0 || setsockopt(s, IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) ||
	    setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(s, (struct sockaddr *)&a, sizeof(a)) || listen(s, 8))
		return 1;
	printf("listening\n");
	fflush(stdout);
	for (;;) {
		c = accept(s, NULL, NULL);
		if (c < 0)
			continue;
		if (!fork()) {
			close(s);
			serve(c, argv[2]);
		}
		close(c);
	}
}
