// SPDX-License-Identifier: GPL-2.0
/*
 * tcpshut00: what shutdown() leaves on TCP and UDP sockets inside the CT, carried.
 * - An established TCP/IPv4 connection shut down for reading with bytes unread: they are read
 *   after the restore, then EOF at once, and it still writes.
 * - A TCP/IPv4 connection shut down both ways (FIN_WAIT2): reads give EOF at once.
 * - A TCP/IPv6 connection whose FINs crossed (CLOSING): each end filled the other's window
 *   and shut down, then one read all the other sent and its FIN. After the restore it is in
 *   CLOSING still; once its peer reads its bytes and FIN both ends close (through TIME_WAIT).
 * - Connected UDP/IPv4 sockets, one shut down for reading with a datagram queued (read, then
 *   0 at once), the other for writing (EPIPE); an unbound UDP/IPv6 socket shut down both ways.
 */
#include "zdtm.h"
#include "inetsock.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>

#define PORT	7362	/* TCP 7362..7364, UDP 7365..7366 */

/*
 * Reads end at once, with EOF, and poll says so first (a datagram socket's read blocks
 * before it looks at the shutdown: MSG_DONTWAIT would give EAGAIN).
 */
static void reads_shut(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN | POLLRDHUP };
	char c;

	zt_check(poll(&p, 1, 0) == 1 && (p.revents & POLLRDHUP),
		 "%s: poll gives %#x, not its reading shut down", what, p.revents);
	zt_check(recv(fd, &c, 1, 0) == 0, "%s: a read gives %s, not EOF", what, strerror(errno));
}

static void cannot_write(int fd, const char *what)
{
	zt_check(send(fd, "x", 1, MSG_NOSIGNAL) < 0 && errno == EPIPE, "%s writes", what);
}

/* Each end fills the other's window and shuts down; @w then reads all and the FIN: CLOSING. */
static void fins_crossed(int w, int r, size_t *w_sent, size_t *r_sent)
{
	zt_syscall(fcntl(w, F_SETFL, O_NONBLOCK));
	zt_syscall(fcntl(r, F_SETFL, O_NONBLOCK));
	*w_sent = stream_fill(w, 0, 1U << 24, 5);
	*r_sent = stream_fill(r, 0, 1U << 24, 6);
	zt_check(*w_sent < 1U << 24 && *r_sent < 1U << 24, "the windows took all: %zu, %zu",
		 *w_sent, *r_sent);
	zt_syscall(fcntl(w, F_SETFL, 0));
	zt_syscall(fcntl(r, F_SETFL, 0));
	zt_syscall(shutdown(w, SHUT_WR));
	zt_syscall(shutdown(r, SHUT_WR));
	stream_drain(w, 0, *r_sent, 6, "the IPv6 client before the dump");
	stream_eof(w, "the IPv6 client before the dump");
	tcp_wait_state(w, TCP_CLOSING, "the IPv6 client");
	tcp_wait_state(r, TCP_FIN_WAIT2, "the IPv6 server");
}

static int udp_sock(int v6, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, port);
	int fd = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_DGRAM, 0));

	if (port)
		zt_syscall(bind(fd, (struct sockaddr *)&ss, len));
	return fd;
}

static void udp_connect(int fd, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, 0, 1, port);

	zt_syscall(connect(fd, (struct sockaddr *)&ss, len));
}

int main(int argc, char **argv)
{
	int aw, ar, bw, br, cw, cr, u1, u2, u3;
	size_t cw_sent, cr_sent;
	struct sockaddr_storage ss;
	socklen_t len;
	char buf[16];

	zt_init(argc, argv);
	tcp_loop_pair(0, PORT, 65536, 65536, &aw, &ar);
	zt_check(write(aw, "queued", 6) == 6, "write: %s", strerror(errno));
	usleep(100000);
	zt_syscall(shutdown(ar, SHUT_RD));

	tcp_loop_pair(0, PORT + 1, 65536, 65536, &bw, &br);
	zt_syscall(shutdown(bw, SHUT_RDWR));
	tcp_wait_state(bw, TCP_FIN_WAIT2, "the client shut down both ways");

	tcp_loop_pair(1, PORT + 2, 8192, 65536, &cw, &cr);
	fins_crossed(cw, cr, &cw_sent, &cr_sent);

	u1 = udp_sock(0, PORT + 3);
	u2 = udp_sock(0, PORT + 4);
	udp_connect(u1, PORT + 4);
	udp_connect(u2, PORT + 3);
	zt_check(send(u1, "dgram", 5, 0) == 5, "send: %s", strerror(errno));
	usleep(100000);
	zt_syscall(shutdown(u2, SHUT_RD));
	zt_syscall(shutdown(u1, SHUT_WR));
	u3 = udp_sock(1, 0);
	zt_check(shutdown(u3, SHUT_RDWR) < 0 && errno == ENOTCONN,
		 "shutdown of an unconnected UDP socket: %s", strerror(errno));
	zt_ready();
	zt_wait();

	zt_check(tcp_state_of(ar) == TCP_ESTABLISHED && tcp_state_of(bw) == TCP_FIN_WAIT2 &&
		 tcp_state_of(cw) == TCP_CLOSING && tcp_state_of(cr) == TCP_FIN_WAIT2,
		 "after the restore the TCP states are %d, %d, %d, %d", tcp_state_of(ar),
		 tcp_state_of(bw), tcp_state_of(cw), tcp_state_of(cr));

	stream_expect(ar, "queued", 6, "the reader shut down");
	reads_shut(ar, "the reader shut down, its bytes read,");
	zt_check(write(ar, "back", 4) == 4, "the reader shut down cannot write: %s", strerror(errno));
	stream_expect(aw, "back", 4, "its peer");

	reads_shut(bw, "the client shut down both ways");
	cannot_write(bw, "the client shut down both ways");
	close(br);
	tcp_wait_state(bw, TCP_CLOSE, "the client shut down both ways, its peer closed,");

	reads_shut(cw, "the IPv6 client in CLOSING");
	cannot_write(cw, "the IPv6 client in CLOSING");
	stream_drain(cr, 0, cw_sent, 5, "the IPv6 server");
	stream_eof(cr, "the IPv6 server");
	/* Its FIN acknowledged, CLOSING goes through TIME_WAIT: the socket is closed. */
	tcp_wait_state(cw, TCP_CLOSE, "the IPv6 client, its FIN acknowledged,");
	tcp_wait_state(cr, TCP_CLOSE, "the IPv6 server, the client's FIN in,");

	zt_check(recv(u2, buf, sizeof(buf), MSG_DONTWAIT) == 5 && !memcmp(buf, "dgram", 5),
		 "the UDP reader shut down lost its datagram: %s", strerror(errno));
	reads_shut(u2, "the UDP reader shut down");
	cannot_write(u1, "the UDP writer shut down");
	zt_check(send(u2, "other", 5, 0) == 5, "the UDP reader cannot send: %s", strerror(errno));
	zt_check(recv(u1, buf, sizeof(buf), 0) == 5 && !memcmp(buf, "other", 5),
		 "the UDP writer cannot read: %s", strerror(errno));
	reads_shut(u3, "the unbound UDP socket");
	len = inet_addr_of(&ss, 1, 1, PORT + 3);
	zt_check(sendto(u3, "x", 1, MSG_NOSIGNAL, (struct sockaddr *)&ss, len) < 0 &&
		 errno == EPIPE, "the unbound UDP socket sends: %s", strerror(errno));
	zt_pass();
}
