// SPDX-License-Identifier: GPL-2.0
/*
 * tcporphan00: TCP connections that the program closed while the kernel still had bytes of
 * theirs to send (orphans), carried. Over IPv4, a server's end of a connection it accepted
 * fills its client's small window and closes: the kernel holds the rest and the FIN
 * (FIN_WAIT1, no file) on the port of the listener, which stays, without SO_REUSEADDR. Over
 * IPv6, a reader shuts down first, then its peer fills the reader's window and closes
 * (LAST_ACK, no file). Before the checkpoint /proc/net/tcp and tcp6 show both; after the
 * restore each reader gets every byte its writer wrote, in order, and then the EOF, and the
 * listener still takes a new connection.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <sys/socket.h>

#define PORT	7380

struct pair {
	int v6;
	int w, r;		/* the writer (a client, closed), the reader (accepted) */
	int wport;		/* the writer's port */
	size_t sent;
};

static void open_pair(struct pair *p)
{
	struct sockaddr_storage mine;
	socklen_t mlen = sizeof(mine);

	tcp_loop_pair(p->v6, PORT + p->v6, 8192, 65536, &p->w, &p->r);
	zt_syscall(getsockname(p->w, (struct sockaddr *)&mine, &mlen));
	p->wport = ntohs(p->v6 ? ((struct sockaddr_in6 *)&mine)->sin6_port :
			 ((struct sockaddr_in *)&mine)->sin_port);
}

/* The writer fills what the window and its buffer take, and closes. */
static void fill_and_close(struct pair *p, int seed)
{
	zt_syscall(fcntl(p->w, F_SETFL, O_NONBLOCK));
	p->sent = stream_fill(p->w, 0, 1U << 24, seed);
	zt_check(p->sent > 0 && p->sent < 1U << 24, "the writer wrote %zu bytes", p->sent);
	zt_syscall(close(p->w));
}

/* Whether /proc/net/@file has a connection of local port @port in TCP state @st. */
static int proc_has(const char *file, int port, int st)
{
	char path[64], line[512];
	unsigned int lport, state;
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/net/%s", file);
	f = fopen(path, "r");
	zt_check(f, "open %s: %s", path, strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, " %*u: %*[0-9A-F]:%x %*[0-9A-F]:%*x %x", &lport, &state) == 2 &&
		    (int)lport == port && (int)state == st)
			found = 1;
	fclose(f);
	return found;
}

static void wait_proc(const char *file, int port, int st, const char *what)
{
	int i;

	for (i = 0; i < 500 && !proc_has(file, port, st); i++)
		usleep(10000);
	zt_check(proc_has(file, port, st), "%s: no connection of port %d in state %d in /proc/net/%s",
		 what, port, st, file);
}

/*
 * The IPv4 pair: the writer is the end that listener *@l (kept, without SO_REUSEADDR: its
 * port is its and its connections' only; a port of the kernel's choice, free of an earlier
 * run's) accepted at @ss, the reader its client with a small window.
 */
static void open_served(struct pair *p, int *l, struct sockaddr_storage *ss, socklen_t *len)
{
	*len = inet_addr_of(ss, 0, 1, 0);
	*l = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	zt_syscall(bind(*l, (struct sockaddr *)ss, *len));
	zt_syscall(getsockname(*l, (struct sockaddr *)ss, len));
	zt_syscall(listen(*l, 1));
	p->r = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	setopt(p->r, SOL_SOCKET, SO_RCVBUF, 8192);
	zt_syscall(connect(p->r, (struct sockaddr *)ss, *len));
	p->w = zt_syscall(accept(*l, NULL, NULL));
	setopt(p->w, SOL_SOCKET, SO_SNDBUF, 65536);
	p->wport = ntohs(((struct sockaddr_in *)ss)->sin_port);
}

int main(int argc, char **argv)
{
	struct pair a = { .v6 = 0 }, b = { .v6 = 1 };
	struct sockaddr_storage ss;
	socklen_t len;
	int l, c, n;

	zt_init(argc, argv);
	open_served(&a, &l, &ss, &len);
	fill_and_close(&a, 5);
	wait_proc("tcp", a.wport, TCP_FIN_WAIT1, "the IPv4 server's end, closed");

	open_pair(&b);
	zt_syscall(shutdown(b.r, SHUT_WR));
	tcp_wait_state(b.r, TCP_FIN_WAIT2, "the IPv6 reader");
	wait_proc("tcp6", b.wport, TCP_CLOSE_WAIT, "the IPv6 writer");
	fill_and_close(&b, 6);
	wait_proc("tcp6", b.wport, TCP_LAST_ACK, "the IPv6 writer, closed");
	zt_ready();
	zt_wait();

	stream_drain(a.r, 0, a.sent, 5, "the IPv4 reader");
	stream_eof(a.r, "the IPv4 reader");
	stream_drain(b.r, 0, b.sent, 6, "the IPv6 reader");
	stream_eof(b.r, "the IPv6 reader");
	/* Its listener was restored before the orphan on its port, and still listens. */
	c = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(c, (struct sockaddr *)&ss, len));
	n = zt_syscall(accept(l, NULL, NULL));
	zt_check(write(c, "new", 3) == 3, "write: %s", strerror(errno));
	stream_expect(n, "new", 3, "a new connection to the listener");
	zt_pass();
}
