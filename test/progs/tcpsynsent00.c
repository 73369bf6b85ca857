// SPDX-License-Identifier: GPL-2.0
/*
 * tcpsynsent00: connect()s in progress (SYN_SENT) carried. Their listeners' queues are full
 * (backlog 0, one connection waiting), so their SYNs go unanswered. Over IPv4 a non-blocking
 * connect() is polled for; over IPv6 a child waits in a blocking connect() across the
 * checkpoint, from a port it bound to port 0. After the restore both are still connecting,
 * from the ports they had; once each listener accepts what fills its queue, both connect,
 * as the task's connect() and poll() see it, and carry bytes both ways.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdint.h>
#include <sys/socket.h>

#define PORT	7378	/* IPv4; 7379 IPv6 */
#define WAIT_MS	130000	/* a SYN's backed-off retry, on a slow guest */

/* A listener on the loopback address whose queue one connection fills; *@filler, that one. */
static int full_listener(int v6, int *filler)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, PORT + v6);
	int l = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	struct pollfd p = { .fd = l, .events = POLLIN };

	setopt(l, SOL_SOCKET, SO_REUSEADDR, 1);
	zt_syscall(bind(l, (struct sockaddr *)&ss, len));
	zt_syscall(listen(l, 0));
	*filler = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(*filler, (struct sockaddr *)&ss, len));
	zt_check(poll(&p, 1, 10000) == 1, "the filler of port %d is not queued", PORT + v6);
	return l;
}

static int connecting_socket(int v6)
{
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));

	/* Its tries outlast the checkpoints: about 40 minutes of backed-off SYNs. */
	setopt(fd, IPPROTO_TCP, TCP_SYNCNT, 25);
	return fd;
}

/* Whether /proc/net/tcp6 shows a socket of local port @port in SYN_SENT (state 2). */
static int syn_sent6(int port)
{
	char line[256];
	FILE *f = fopen("/proc/self/net/tcp6", "r");
	unsigned int lport, st;
	int found = 0;

	if (!f)
		zt_fail("/proc/self/net/tcp6: %s", strerror(errno));
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, " %*u: %*32[0-9A-F]:%x %*32[0-9A-F]:%*x %x", &lport, &st) == 2 &&
			lport == (unsigned int)port && st == 2;
	fclose(f);
	return found;
}

/* Both ends say hello to each other: @a writes @tag, @b answers it back reversed. */
static void talk(int a, int b, const char *tag)
{
	char rev[4] = { tag[2], tag[1], tag[0], 0 };

	zt_check(write(a, tag, 3) == 3, "write %s: %s", tag, strerror(errno));
	stream_expect(b, tag, 3, tag);
	zt_check(write(b, rev, 3) == 3, "write %s: %s", rev, strerror(errno));
	stream_expect(a, rev, 3, rev);
}

/* The IPv6 child: connect() waits across the checkpoint; its peer then talks to it. */
static void blocking_child(int port_pipe)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, 1, 1, 0);
	int fd = connecting_socket(1), port;
	sigset_t term;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	zt_syscall(sigprocmask(SIG_BLOCK, &term, NULL));
	zt_syscall(bind(fd, (struct sockaddr *)&ss, len));
	port = inet_port_of(fd);
	zt_check(write(port_pipe, &port, sizeof(port)) == sizeof(port), "write: %s",
		 strerror(errno));
	len = inet_addr_of(&ss, 1, 1, PORT + 1);
	zt_syscall(connect(fd, (struct sockaddr *)&ss, len));
	zt_check(inet_port_of(fd) == port, "the IPv6 client's port became %d, not %d",
		 inet_port_of(fd), port);
	stream_expect(fd, "six", 3, "the IPv6 client");
	zt_check(write(fd, "xis", 3) == 3, "write: %s", strerror(errno));
	exit(0);
}

int main(int argc, char **argv)
{
	struct sockaddr_storage ss;
	struct pollfd p;
	int l4, l6, f4, f6, n, port4, port6, pp[2], a, i;
	pid_t child;

	zt_init(argc, argv);
	l4 = full_listener(0, &f4);
	l6 = full_listener(1, &f6);

	n = connecting_socket(0);
	zt_syscall(fcntl(n, F_SETFL, O_NONBLOCK));
	zt_check(connect(n, (struct sockaddr *)&ss, inet_addr_of(&ss, 0, 1, PORT)) < 0 &&
		 errno == EINPROGRESS, "the IPv4 connect(): %s", strerror(errno));
	port4 = inet_port_of(n);

	zt_syscall(pipe(pp));
	child = zt_syscall(fork());
	if (!child)
		blocking_child(pp[1]);
	zt_check(read(pp[0], &port6, sizeof(port6)) == sizeof(port6), "the child's port");
	for (i = 0; i < 1000 && !syn_sent6(port6); i++)
		usleep(10000);
	zt_check(syn_sent6(port6), "the IPv6 client (port %d) is not in SYN_SENT", port6);
	usleep(300000);
	zt_check(tcp_state_of(n) == TCP_SYN_SENT, "the IPv4 client is in state %d",
		 tcp_state_of(n));
	zt_ready();
	zt_wait();

	zt_check(tcp_state_of(n) == TCP_SYN_SENT, "the IPv4 client is in state %d after the restore",
		 tcp_state_of(n));
	zt_check(inet_port_of(n) == port4, "the IPv4 client's port is %d, not %d",
		 inet_port_of(n), port4);
	zt_check(syn_sent6(port6), "the IPv6 client (port %d) is not in SYN_SENT after the restore",
		 port6);

	/* Room in the queues: the next SYN of each is answered. */
	a = zt_syscall(accept(l4, NULL, NULL));
	talk(f4, a, "for");
	a = zt_syscall(accept(l6, NULL, NULL));
	talk(f6, a, "fsi");

	p = (struct pollfd){ .fd = n, .events = POLLOUT };
	zt_check(poll(&p, 1, WAIT_MS) == 1, "the IPv4 connect() never completed");
	zt_check(opt(n, SOL_SOCKET, SO_ERROR) == 0, "the IPv4 connect() failed");
	zt_check(tcp_state_of(n) == TCP_ESTABLISHED, "the IPv4 client is in state %d",
		 tcp_state_of(n));
	zt_syscall(fcntl(n, F_SETFL, 0));
	a = zt_syscall(accept(l4, NULL, NULL));
	talk(n, a, "ipv");

	a = zt_syscall(accept(l6, NULL, NULL));
	zt_check(write(a, "six", 3) == 3, "write: %s", strerror(errno));
	stream_expect(a, "xis", 3, "the IPv6 server end");
	zt_reap(child, "the IPv6 client");
	zt_pass();
}
