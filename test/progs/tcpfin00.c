// SPDX-License-Identifier: GPL-2.0
/*
 * tcpfin00: TCP connections inside the CT shut down for writing, their FIN not yet
 * acknowledged, carried. Over IPv4, a writer fills its reader's window and then shuts down:
 * its FIN waits behind the bytes the window does not take (FIN_WAIT1). Over IPv6, a reader
 * shut down first (its FIN acknowledged: FIN_WAIT2), then its peer, in CLOSE_WAIT, fills its
 * window and shuts down too (LAST_ACK). After the restore both are in those states still;
 * each reader gets every byte in order and then the EOF, whereupon the first writer goes to
 * FIN_WAIT2 and still reads, and the second closes; neither writer can write again.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define PORT	7370

struct pair {
	int v6;
	int w, r;		/* the writer (a client), the reader (accepted) */
	size_t sent;		/* the writer's bytes */
};

static void open_pair(struct pair *p)
{
	/* A small window: the writer's bytes back up at once. */
	tcp_loop_pair(p->v6, PORT + p->v6, 8192, 65536, &p->w, &p->r);
}

/* The writer fills what the reader's window and its own buffer take, then shuts down. */
static void fill_and_shut(struct pair *p, int seed)
{
	zt_syscall(fcntl(p->w, F_SETFL, O_NONBLOCK));
	p->sent = stream_fill(p->w, 0, 1U << 24, seed);
	zt_check(p->sent > 0 && p->sent < 1U << 24, "the writer wrote %zu bytes", p->sent);
	zt_syscall(fcntl(p->w, F_SETFL, 0));
	zt_syscall(shutdown(p->w, SHUT_WR));
}

/* Its writes fail: it shut down. */
static void cannot_write(int fd, const char *what)
{
	zt_check(send(fd, "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE, "%s writes again", what);
}

int main(int argc, char **argv)
{
	struct pair a = { .v6 = 0 }, b = { .v6 = 1 };
	char buf[8];

	zt_init(argc, argv);
	open_pair(&a);
	fill_and_shut(&a, 3);
	/* Its window shut, the FIN is not even sent. */
	usleep(200000);
	zt_check(tcp_state_of(a.w) == TCP_FIN_WAIT1, "the IPv4 writer is in state %d, not FIN_WAIT1",
		 tcp_state_of(a.w));

	open_pair(&b);
	zt_syscall(shutdown(b.r, SHUT_WR));
	tcp_wait_state(b.r, TCP_FIN_WAIT2, "the IPv6 reader");
	tcp_wait_state(b.w, TCP_CLOSE_WAIT, "the IPv6 writer");
	fill_and_shut(&b, 4);
	usleep(200000);
	zt_check(tcp_state_of(b.w) == TCP_LAST_ACK, "the IPv6 writer is in state %d, not LAST_ACK",
		 tcp_state_of(b.w));
	zt_ready();
	zt_wait();

	zt_check(tcp_state_of(a.w) == TCP_FIN_WAIT1 && tcp_state_of(b.w) == TCP_LAST_ACK,
		 "after the restore the writers are in states %d and %d, not FIN_WAIT1 and LAST_ACK",
		 tcp_state_of(a.w), tcp_state_of(b.w));
	cannot_write(a.w, "the IPv4 writer");
	cannot_write(b.w, "the IPv6 writer");

	stream_drain(a.r, 0, a.sent, 3, "the IPv4 reader");
	stream_eof(a.r, "the IPv4 reader");
	tcp_wait_state(a.w, TCP_FIN_WAIT2, "the IPv4 writer, its FIN acknowledged,");
	zt_check(write(a.r, "back", 4) == 4, "write back: %s", strerror(errno));
	zt_check(read(a.w, buf, sizeof(buf)) == 4 && !memcmp(buf, "back", 4),
		 "the IPv4 writer does not read what its reader sent");
	close(a.r);
	stream_eof(a.w, "the IPv4 writer");

	stream_drain(b.r, 0, b.sent, 4, "the IPv6 reader");
	stream_eof(b.r, "the IPv6 reader");
	tcp_wait_state(b.w, TCP_CLOSE, "the IPv6 writer, its FIN acknowledged,");
	zt_pass();
}
