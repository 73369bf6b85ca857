// SPDX-License-Identifier: GPL-2.0
/*
 * tcpconn00: TCP connections between a parent and its child inside the CT, one over
 * IPv4 and one over IPv6 loopback, both ends carried, with data queued both ways and
 * not read: the parent writes until its send buffer is full (its peer's receive
 * queue full, the rest in its own send queue), the child writes 50000 bytes. After
 * the restore each reads exactly the other's bytes, in order, none lost, doubled or
 * changed; then both streams carry data again, options (TCP_NODELAY, SO_KEEPALIVE,
 * O_NONBLOCK) and addresses as they were.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#define PORT	7330
#define CHILD	50000

struct conn {
	int v6;
	int lsn, par, kid;	/* the listener, the parent's end, the child's end */
	size_t sent;		/* bytes the parent queued */
};

static void open_conn(struct conn *c)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, c->v6, 1, PORT + c->v6);

	c->lsn = zt_syscall(socket(c->v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	setopt(c->lsn, SOL_SOCKET, SO_REUSEADDR, 1);
	zt_syscall(bind(c->lsn, (struct sockaddr *)&ss, len));
	zt_syscall(listen(c->lsn, 4));
	c->kid = zt_syscall(socket(c->v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	zt_syscall(connect(c->kid, (struct sockaddr *)&ss, len));
	c->par = zt_syscall(accept(c->lsn, NULL, NULL));
	/* A bounded send buffer: what it queues fits in an image record. */
	setopt(c->par, SOL_SOCKET, SO_SNDBUF, 256 * 1024);
	setopt(c->par, IPPROTO_TCP, TCP_NODELAY, 1);
	setopt(c->par, SOL_SOCKET, SO_KEEPALIVE, 1);
	zt_syscall(fcntl(c->par, F_SETFL, O_NONBLOCK));
}

static void child(struct conn *cs, int nc, int ready, int go)
{
	char c;
	int i;

	for (i = 0; i < nc; i++) {
		close(cs[i].par);
		close(cs[i].lsn);
		zt_check(stream_fill(cs[i].kid, 0, CHILD, 2 + i) == CHILD, "the child's write is short");
	}
	zt_check(write(ready, "r", 1) == 1, "write ready: %s", strerror(errno));
	/* The parent says how much it sent once the CT is back. */
	zt_check(read(go, &c, 1) == 1, "read go: %s", strerror(errno));
	for (i = 0; i < nc; i++) {
		size_t sent;

		zt_check(read(go, &sent, sizeof(sent)) == sizeof(sent), "read the count");
		/*
		 * Written before the megabytes queued for it are read: the parent's wait for
		 * these bytes must not include that read, slow in a loaded guest.
		 */
		zt_check(stream_fill(cs[i].kid, CHILD, 1000, 2 + i) == 1000, "the child's write after");
		stream_drain(cs[i].kid, 0, sent, 7 + i, "the child's stream");
		stream_drain(cs[i].kid, sent, 3000, 7 + i, "the child's stream after");
	}
	exit(0);
}

int main(int argc, char **argv)
{
	struct conn cs[2] = { { .v6 = 0 }, { .v6 = 1 } };
	int ready[2], go[2], i;
	char c;
	pid_t kid;

	zt_init(argc, argv);
	for (i = 0; i < 2; i++)
		open_conn(&cs[i]);
	zt_syscall(pipe(ready));
	zt_syscall(pipe(go));
	kid = zt_syscall(fork());
	if (!kid) {
		close(ready[0]);
		close(go[1]);
		child(cs, 2, ready[1], go[0]);
	}
	close(ready[1]);
	close(go[0]);
	for (i = 0; i < 2; i++) {
		close(cs[i].kid);
		cs[i].sent = stream_fill(cs[i].par, 0, 4 << 20, 7 + i);
		zt_check(cs[i].sent > 300000, "only %zu bytes queued", cs[i].sent);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child is not ready");
	usleep(200000);
	zt_ready();
	zt_wait();

	for (i = 0; i < 2; i++) {
		struct sockaddr_storage want, got;
		socklen_t wl = inet_addr_of(&want, cs[i].v6, 1, PORT + cs[i].v6), gl = sizeof(got);

		memset(&got, 0, sizeof(got));
		zt_syscall(getsockname(cs[i].par, (struct sockaddr *)&got, &gl));
		zt_check(gl == wl && !memcmp(&got, &want, wl), "the connection's address changed");
		zt_check(opt(cs[i].par, IPPROTO_TCP, TCP_NODELAY) == 1 &&
			 opt(cs[i].par, SOL_SOCKET, SO_KEEPALIVE) == 1 &&
			 (fcntl(cs[i].par, F_GETFL) & O_NONBLOCK),
			 "TCP_NODELAY, SO_KEEPALIVE or O_NONBLOCK lost");
		zt_check(opt(cs[i].lsn, SOL_SOCKET, SO_ACCEPTCONN) == 1, "the listener stopped");
	}
	zt_check(write(go[1], "g", 1) == 1, "write go: %s", strerror(errno));
	for (i = 0; i < 2; i++) {
		zt_check(write(go[1], &cs[i].sent, sizeof(cs[i].sent)) == sizeof(cs[i].sent),
			 "write the count");
		stream_drain(cs[i].par, 0, CHILD, 2 + i, "the parent's stream");
		zt_syscall(fcntl(cs[i].par, F_SETFL, 0));
		zt_check(stream_fill(cs[i].par, cs[i].sent, 3000, 7 + i) == 3000, "the parent's write after");
		stream_drain(cs[i].par, CHILD, 1000, 2 + i, "the parent's stream after");
	}
	zt_reap(kid, "the child");
	zt_pass();
}
