// SPDX-License-Identifier: GPL-2.0
/*
 * tcpconn01: a TCP connection over IPv4 loopback inside the CT whose reader does not
 * read, with more than 8 MiB queued in the writer's send queue and the reader's
 * receive queue: more than one image record holds, so the dump splits the queues
 * over several records. After the restore the reader gets exactly the pattern, none
 * of it lost, doubled or changed, then the stream carries data again.
 *
 * The buffers are set to 6 MiB with SO_SNDBUFFORCE/SO_RCVBUFFORCE (SO_SNDBUF is
 * capped by the host's net.core.wmem_max); without CAP_NET_ADMIN for that, the
 * namespace's own net.ipv4.tcp_wmem/tcp_rmem defaults are raised for the sockets'
 * creation instead (what a CT's root may do). Not more: in the test VM's 1 GiB,
 * net.ipv4.tcp_mem puts TCP under memory pressure from about 56 MiB, all sockets
 * together, and under pressure a restore cannot rebuild a receive queue (see the
 * README's refusals).
 */
#include "zdtm.h"
#include "inetsock.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#define PORT	7340
#define BUF	(6 << 20)
#define WANT	(8 << 20)
#define SEED	5

static void sysctl_rw(const char *path, char *old, size_t len, const char *val)
{
	int fd = open(path, O_RDWR);
	ssize_t n;

	zt_check(fd >= 0, "open %s: %s", path, strerror(errno));
	if (old) {
		n = read(fd, old, len - 1);
		zt_check(n > 0, "read %s: %s", path, strerror(errno));
		old[n] = 0;
	}
	zt_check(pwrite(fd, val, strlen(val), 0) == (ssize_t)strlen(val), "write %s: %s", path,
		 strerror(errno));
	close(fd);
}

/* Large buffers for the sockets made in between, if SO_*BUFFORCE is not allowed. */
static int defaults(int raise)
{
	static char wmem[64], rmem[64];
	int probe, v = BUF;

	if (raise) {
		probe = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
		v = setsockopt(probe, SOL_SOCKET, SO_SNDBUFFORCE, &v, sizeof(v));
		close(probe);
		if (!v)
			return 1;
		sysctl_rw("/proc/sys/net/ipv4/tcp_wmem", wmem, sizeof(wmem),
			  "4096 16777216 16777216");
		sysctl_rw("/proc/sys/net/ipv4/tcp_rmem", rmem, sizeof(rmem),
			  "4096 16777216 16777216");
		return 0;
	}
	sysctl_rw("/proc/sys/net/ipv4/tcp_wmem", NULL, 0, wmem);
	sysctl_rw("/proc/sys/net/ipv4/tcp_rmem", NULL, 0, rmem);
	return 0;
}

int main(int argc, char **argv)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(PORT),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int lsn, rd, wr, force, outq, inq;
	size_t sent;

	zt_init(argc, argv);
	force = defaults(1);
	lsn = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	setopt(lsn, SOL_SOCKET, SO_REUSEADDR, 1);
	rd = zt_syscall(socket(AF_INET, SOCK_STREAM, 0));
	/* Before connect: the window scale is chosen from the buffer the SYN sees. */
	if (force) {
		setopt(lsn, SOL_SOCKET, SO_SNDBUFFORCE, BUF);
		setopt(rd, SOL_SOCKET, SO_RCVBUFFORCE, BUF);
	}
	zt_syscall(bind(lsn, (struct sockaddr *)&sa, sizeof(sa)));
	zt_syscall(listen(lsn, 4));
	zt_syscall(connect(rd, (struct sockaddr *)&sa, sizeof(sa)));
	wr = zt_syscall(accept(lsn, NULL, NULL));
	if (force)
		setopt(wr, SOL_SOCKET, SO_SNDBUFFORCE, BUF);
	else
		defaults(0);
	zt_syscall(fcntl(wr, F_SETFL, O_NONBLOCK));

	sent = stream_fill(wr, 0, 64 << 20, SEED);
	usleep(300000);
	sent += stream_fill(wr, sent, 64 << 20, SEED);
	usleep(300000);
	zt_syscall(ioctl(wr, SIOCOUTQ, &outq));
	zt_syscall(ioctl(rd, SIOCINQ, &inq));
	zt_check((size_t)outq + inq == sent, "%d bytes to send and %d to read, %zu written", outq,
		 inq, sent);
	zt_check(sent > WANT, "only %zu bytes queued (%d to send, %d to read)", sent, outq, inq);
	zt_ready();
	zt_wait();

	stream_drain(rd, 0, sent, SEED, "the stream");
	zt_syscall(fcntl(wr, F_SETFL, 0));
	zt_check(stream_fill(wr, sent, 100000, SEED) == 100000, "the write after");
	stream_drain(rd, sent, 100000, SEED, "the stream after");
	zt_pass();
}
