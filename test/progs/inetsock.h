/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the TCP and UDP catalog programs share: reading and setting an int socket option, and a
 * stream of a seeded byte pattern written and read back byte-exact.
 */
#ifndef INETSOCK_H
#define INETSOCK_H

#include "zdtm.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>

/* @port on the loopback address (@loop) or any address, of IPv6 (@v6) or IPv4; its length. */
static inline socklen_t inet_addr_of(struct sockaddr_storage *ss, int v6, int loop, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (v6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = loop ? in6addr_loopback : in6addr_any;
		return sizeof(*s6);
	}
	struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

	s4->sin_family = AF_INET;
	s4->sin_port = htons(port);
	s4->sin_addr.s_addr = htonl(loop ? INADDR_LOOPBACK : INADDR_ANY);
	return sizeof(*s4);
}

static inline int opt(int fd, int level, int name)
{
	int v = -1;
	socklen_t len = sizeof(v);

	zt_check(!getsockopt(fd, level, name, &v, &len), "getsockopt %d/%d: %s", level, name,
		 strerror(errno));
	return v;
}

static inline void setopt(int fd, int level, int name, int v)
{
	zt_check(!setsockopt(fd, level, name, &v, sizeof(v)), "setsockopt %d/%d: %s", level,
		 name, strerror(errno));
}

static inline unsigned char stream_pat(size_t i, int seed)
{
	return (unsigned char)(i * 131 + i / 251 + seed);
}

/* Write the pattern from @off until the socket takes no more (non-blocking) or @max. */
static inline size_t stream_fill(int fd, size_t off, size_t max, int seed)
{
	static unsigned char buf[65536];
	size_t done = 0, i;

	while (done < max) {
		size_t n = max - done < sizeof(buf) ? max - done : sizeof(buf);
		ssize_t w;

		for (i = 0; i < n; i++)
			buf[i] = stream_pat(off + done + i, seed);
		w = write(fd, buf, n);
		if (w < 0 && errno == EAGAIN)
			break;
		zt_check(w > 0, "write: %s", strerror(errno));
		done += w;
	}
	return done;
}

/*
 * Read exactly @len bytes of the pattern from @off, blocking as needed. The bytes a restore
 * put back as sent and not acknowledged go out again as retransmissions: in a loaded guest one
 * may wait up to TCP_RTO_MAX (120 s). Lost, doubled or changed bytes are what this checks.
 */
static inline void stream_drain(int fd, size_t off, size_t len, int seed, const char *what)
{
	static unsigned char buf[65536];
	size_t got = 0, i;

	while (got < len) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		size_t want = len - got < sizeof(buf) ? len - got : sizeof(buf);
		ssize_t n;

		zt_check(poll(&p, 1, 130000) == 1, "%s: nothing to read after %zu of %zu bytes",
			 what, got, len);
		n = read(fd, buf, want);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		zt_check(n > 0, "%s: %s after %zu of %zu bytes", what,
			 n ? strerror(errno) : "end of stream", got, len);
		for (i = 0; i < (size_t)n; i++)
			zt_check(buf[i] == stream_pat(off + got + i, seed),
				 "%s: byte %zu differs (lost, doubled or changed data)", what,
				 off + got + i);
		got += n;
	}
}

/*
 * A connection over loopback to @port, of IPv6 (@v6) or IPv4: *@w the client, with SO_SNDBUF
 * @sndbuf, *@r the accepted end, with the SO_RCVBUF @rcvbuf (a small window) it inherits.
 */
static inline void tcp_loop_pair(int v6, int port, int rcvbuf, int sndbuf, int *w, int *r)
{
	struct sockaddr_storage ss;
	socklen_t len = inet_addr_of(&ss, v6, 1, port);
	int l = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));

	setopt(l, SOL_SOCKET, SO_REUSEADDR, 1);
	setopt(l, SOL_SOCKET, SO_RCVBUF, rcvbuf);
	zt_syscall(bind(l, (struct sockaddr *)&ss, len));
	zt_syscall(listen(l, 1));
	*w = zt_syscall(socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0));
	setopt(*w, SOL_SOCKET, SO_SNDBUF, sndbuf);
	zt_syscall(connect(*w, (struct sockaddr *)&ss, len));
	*r = zt_syscall(accept(l, NULL, NULL));
	close(l);
}

/* Exactly the @n (at most 16) bytes @want from @fd, blocking as needed. */
static inline void stream_expect(int fd, const char *want, size_t n, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[16];
	size_t got = 0;
	ssize_t r;

	while (got < n && got < sizeof(buf)) {
		zt_check(poll(&p, 1, 130000) == 1, "%s: nothing to read", what);
		r = read(fd, buf + got, n - got);
		zt_check(r > 0, "%s: %s after %zu bytes", what, r ? strerror(errno) : "EOF", got);
		got += (size_t)r;
	}
	zt_check(got == n && !memcmp(buf, want, n), "%s: read %.*s, not %s", what, (int)got, buf,
		 want);
}

/* The end of the stream: the peer's FIN, after all it sent. */
static inline void stream_eof(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char c;

	zt_check(poll(&p, 1, 130000) == 1, "%s: no EOF", what);
	zt_check(read(fd, &c, 1) == 0, "%s: data or an error where EOF was due", what);
}

static inline struct tcp_info tcp_info_of(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	zt_check(!getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len), "TCP_INFO: %s",
		 strerror(errno));
	return ti;
}

static inline int tcp_state_of(int fd)
{
	return tcp_info_of(fd).tcpi_state;
}

/* Until @fd is in TCP state @st, for 10 s at most. */
static inline void tcp_wait_state(int fd, int st, const char *what)
{
	int i;

	for (i = 0; i < 1000 && tcp_state_of(fd) != st; i++)
		usleep(10000);
	zt_check(tcp_state_of(fd) == st, "%s is in TCP state %d, not %d", what, tcp_state_of(fd),
		 st);
}

/* The connections listener @fd counts in its queue (tcpi_unacked of a listener). */
static inline unsigned int tcp_queued(int fd)
{
	return tcp_info_of(fd).tcpi_unacked;
}

/* Until listener @fd counts @n queued: the handshake's last ACK may still be on its way. */
static inline void tcp_wait_queued(int fd, unsigned int n)
{
	int i;

	for (i = 0; i < 1000 && tcp_queued(fd) != n; i++)
		usleep(10000);
	zt_check(tcp_queued(fd) == n, "a listener has %u connections queued, not %u",
		 tcp_queued(fd), n);
}

/* The local port of socket @fd. */
static inline int inet_port_of(int fd)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t len = sizeof(ss);

	zt_syscall(getsockname(fd, (struct sockaddr *)&ss, &len));
	return ss.ss_family == AF_INET6 ? ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) :
	       ntohs(((struct sockaddr_in *)&ss)->sin_port);
}

#endif /* INETSOCK_H */
