// SPDX-License-Identifier: GPL-2.0
/*
 * tcpconnfail00: sockets whose non-blocking connect() failed before their task was told,
 * carried with what they still report. Each connected to a port nothing listens on, and its
 * reset came. Over IPv4 the task polls after the restore (POLLERR with POLLHUP), reads
 * ECONNREFUSED from SO_ERROR, then its next connect() says ECONNABORTED; over IPv6 the next
 * connect() says ECONNREFUSED itself; both gave back the ports the kernel chose them. A third
 * took its error from SO_ERROR before the checkpoint, from a port it bound: it polls without
 * POLLERR, its connect() says ECONNABORTED, and it keeps its port. Each names its address still.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#define PORT	7382	/* 7382 IPv4, 7383 IPv6: nothing listens; 7384 the bound one's own */

struct failed {
	const char *what;
	int fd, v6;
	struct sockaddr_storage self;
};

static int port_of(const struct sockaddr_storage *ss)
{
	return ss->ss_family == AF_INET6 ? ntohs(((const struct sockaddr_in6 *)ss)->sin6_port) :
	       ntohs(((const struct sockaddr_in *)ss)->sin_port);
}

/* Whether a new socket can bind @port on the loopback address (no SO_REUSEADDR). */
static int port_free(int v6, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, port);
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0)), r;

	r = bind(fd, (struct sockaddr *)&ss, len);
	zt_check(!r || errno == EADDRINUSE, "bind to port %d: %s", port, strerror(errno));
	close(fd);
	return !r;
}

/* A non-blocking connect() to @port that nothing listens on, once its reset came. */
static void refused(struct failed *f, const char *what, int v6, int bound_port)
{
	struct sockaddr_storage ss;
	socklen_t len;

	f->what = what;
	f->v6 = v6;
	f->fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	if (bound_port) {
		len = inet_addr_of(&ss, v6, 1, bound_port);
		zt_syscall(bind(f->fd, (struct sockaddr *)&ss, len));
	}
	zt_syscall(fcntl(f->fd, F_SETFL, O_NONBLOCK));
	len = inet_addr_of(&ss, v6, 1, PORT + v6);
	zt_check(connect(f->fd, (struct sockaddr *)&ss, len) < 0 &&
		 (errno == EINPROGRESS || errno == ECONNREFUSED), "%s: connect(): %s", what,
		 strerror(errno));
	zt_check(errno == EINPROGRESS, "%s: the kernel told the refusal at once", what);
	tcp_wait_state(f->fd, TCP_CLOSE, what);
	memset(&f->self, 0, sizeof(f->self));
	len = sizeof(f->self);
	zt_syscall(getsockname(f->fd, (struct sockaddr *)&f->self, &len));
	zt_check(port_of(&f->self) != 0, "%s has no port", what);
}

/* What it reports before its task looks: closed, its address, no peer, and how it polls. */
static void still_failed(const struct failed *f, int pending)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len = sizeof(ss);
	struct pollfd p = { .fd = f->fd, .events = POLLIN | POLLOUT };
	short want = POLLOUT | POLLHUP | (pending ? POLLERR : 0);

	zt_check(tcp_state_of(f->fd) == TCP_CLOSE, "%s is in TCP state %d, not CLOSE", f->what,
		 tcp_state_of(f->fd));
	zt_syscall(getsockname(f->fd, (struct sockaddr *)&ss, &len));
	zt_check(!memcmp(&ss, &f->self, sizeof(ss)), "%s names another address", f->what);
	len = sizeof(ss);
	zt_check(getpeername(f->fd, (struct sockaddr *)&ss, &len) < 0 && errno == ENOTCONN,
		 "%s names a peer", f->what);
	zt_check(poll(&p, 1, 0) == 1, "%s does not poll ready", f->what);
	zt_check((p.revents & (POLLOUT | POLLHUP | POLLERR)) == want,
		 "%s polls 0x%x, not 0x%x", f->what, p.revents, want);
}

/* Its next connect() (to where it went, as a task retrying would) says @err. */
static void connect_says(const struct failed *f, int err)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, f->v6, 1, PORT + f->v6);

	zt_check(connect(f->fd, (struct sockaddr *)&ss, len) < 0 && errno == err,
		 "%s: the connect() after says \"%s\", not \"%s\"", f->what, strerror(errno),
		 strerror(err));
}

int main(int argc, char **argv)
{
	struct failed four, six, held;

	zt_init(argc, argv);
	refused(&four, "the IPv4 client", 0, 0);
	refused(&six, "the IPv6 client", 1, 0);
	refused(&held, "the bound IPv4 client", 0, PORT + 2);
	zt_check(opt(held.fd, SOL_SOCKET, SO_ERROR) == ECONNREFUSED,
		 "the bound client's connect() was not refused");
	still_failed(&four, 1);
	still_failed(&six, 1);
	still_failed(&held, 0);
	zt_check(port_free(0, port_of(&four.self)) && port_free(1, port_of(&six.self)),
		 "a port the kernel chose is still held before the checkpoint");
	zt_check(!port_free(0, PORT + 2), "the bound client's port is free before the checkpoint");
	zt_ready();
	zt_wait();

	still_failed(&four, 1);
	still_failed(&six, 1);
	still_failed(&held, 0);
	zt_check(port_free(0, port_of(&four.self)), "the IPv4 client's port %d is held",
		 port_of(&four.self));
	zt_check(port_free(1, port_of(&six.self)), "the IPv6 client's port %d is held",
		 port_of(&six.self));
	zt_check(!port_free(0, PORT + 2), "the bound client's port %d is free", PORT + 2);

	zt_check(opt(four.fd, SOL_SOCKET, SO_ERROR) == ECONNREFUSED,
		 "the IPv4 client's SO_ERROR is not ECONNREFUSED");
	zt_check(opt(four.fd, SOL_SOCKET, SO_ERROR) == 0, "SO_ERROR gave its error twice");
	connect_says(&four, ECONNABORTED);
	connect_says(&six, ECONNREFUSED);
	zt_check(opt(six.fd, SOL_SOCKET, SO_ERROR) == 0, "connect() left the IPv6 error pending");
	connect_says(&held, ECONNABORTED);
	zt_pass();
}
