// SPDX-License-Identifier: GPL-2.0
/*
 * sockfilter00: classic BPF socket filters (SO_ATTACH_FILTER) and their lock (SO_LOCK_FILTER) on
 * packet, UDP and netlink sockets, with what the filters let through queued and not read:
 *   p1  AF_PACKET SOCK_RAW of 0x88b7 (IEEE local experimental, so the other programs' traffic
 *       on lo stays out) bound to lo; its filter loads the packet type (ancillary data,
 *       SKF_AD_PKTTYPE) and keeps, up to 256 KiB, a PACKET_HOST frame whose first payload
 *       byte (14, past the Ethernet header) is 'A', and drops the rest; locked. Its 'A' frame
 *       queued, the 'B' frame sent before it dropped
 *   w   AF_PACKET SOCK_RAW of 0x88b7 bound to lo, no filter but locked (SO_LOCK_FILTER alone):
 *       the witness that both frames reach lo; read empty before the checkpoint
 *   tx  AF_PACKET SOCK_RAW of protocol 0 (receives nothing), never bound, which sends every
 *       frame with sendto() to lo
 *   u1  UDP/IPv4 bound to 127.0.0.1:7351; its filter drops a datagram whose first payload
 *       byte is 'x' (byte 8: a UDP socket's filter sees the datagram from its UDP header);
 *       not locked. "keep-1" queued, "x-drop" sent before it dropped (u1's drop count 1)
 *   u2  UDP/IPv6 bound to [::1]:7352, no filter, not locked: the control
 *   n1  NETLINK_ROUTE, autobound by an RTM_GETLINK whose answer it read; its filter keeps all
 *       of every message ("ld len; ret a"); locked
 * Before the checkpoint SO_GET_FILTER gives each program back as attached. After the restore:
 * it still does (u2 and w none); SO_LOCK_FILTER reads 1 on p1, w and n1, where a detach, a new
 * attach and an unlock fail with EPERM and leave the program as it was, and 0 on u1 and u2;
 * p1 reads its 'A' frame byte for byte and u1 "keep-1", then nothing. The filters still
 * filter: of a new 'B' and 'A' frame p1 gets the 'A' one, w both; of "x-2" and "keep-2" u1
 * gets "keep-2" and counts a drop; u2 takes an 'x' datagram; n1 reads an answer whole. Last
 * u1's filter is detached and "x-3" comes through.
 *
 * What a filter drops leaves no trace in the socket's queue, so the one to be dropped is sent
 * first, both from one CPU (the task pinned to it for the sends): lo has no RPS, so they go
 * through that CPU's backlog in the order sent, each delivered to every socket before the
 * next. Once the one kept is in, the other has been through the filter, which kept it ahead
 * of the other if it did not drop it.
 */
#include "zdtm.h"
#include "lopacket.h"
#include "sockfilt.h"

#include <arpa/inet.h>
#include <linux/filter.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>

#define P_TYPE		0x88b7	/* p1's and w's ethertype */
#define PORT_U1		7351
#define PORT_U2		7352
#define FRAME_LEN	60
#define WAIT_MS		5000
#define NL_SEQ		0x5f00
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum { TX, P1, W, U1, U2, N1, NSOCK };
static const char *const sname[NSOCK] = { "tx", "p1", "w", "u1", "u2", "n1" };
static int sk[NSOCK];

/* ld #pkttype; jeq #PACKET_HOST; ldb [14]; jeq #'A'; ret #0x40000, or ret #0 */
static const struct sock_filter p1_prog[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_ABS, SKF_AD_OFF + SKF_AD_PKTTYPE),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, PACKET_HOST, 0, 3),
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, ETH_HLEN),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'A', 0, 1),
	BPF_STMT(BPF_RET | BPF_K, 0x40000),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

/* ldb [8]; jeq #'x': ret #0, else ret #-1 */
static const struct sock_filter u1_prog[] = {
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 8),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'x', 1, 0),
	BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

/* ld len; ret a */
static const struct sock_filter n1_prog[] = {
	BPF_STMT(BPF_LD | BPF_W | BPF_LEN, 0),
	BPF_STMT(BPF_RET | BPF_A, 0),
};

/* What a locked socket is refused after the restore. */
static const struct sock_filter keep_all[] = {
	BPF_STMT(BPF_RET | BPF_K, 0xffff),
};

/* Each socket's program (none: 0 instructions) and lock, as set. */
static const struct sf_want want[NSOCK] = {
	[P1] = { p1_prog, ARRAY_SIZE(p1_prog), 1 },
	[W] = { NULL, 0, 1 },
	[U1] = { u1_prog, ARRAY_SIZE(u1_prog), 0 },
	[N1] = { n1_prog, ARRAY_SIZE(n1_prog), 1 },
};

/* 0, or the errno of a setsockopt() at SOL_SOCKET. */
static int try_opt(int s, int name, const void *v, socklen_t len)
{
	return sf_opt(sk[s], name, v, len);
}

static void set_filter(int s)
{
	sf_set(sk[s], sname[s], &want[s]);
}

/* @s's program and lock as set (@detached: u1's program once detached, none). */
static void check_filter(int s, int detached, const char *when)
{
	sf_check(sk[s], sname[s], &want[s], detached, when);
}

/* A locked socket keeps its program (or none) through a detach, an attach and an unlock. */
static void check_locked(int s)
{
	struct sock_fprog fp = {
		.len = ARRAY_SIZE(keep_all),
		.filter = (struct sock_filter *)keep_all,
	};
	int zero = 0, err;

	err = try_opt(s, SO_DETACH_FILTER, &zero, sizeof(zero));
	zt_check(err == EPERM, "%s: SO_DETACH_FILTER of its locked filter after the restore: %s",
		 sname[s], err ? strerror(err) : "done");
	err = try_opt(s, SO_ATTACH_FILTER, &fp, sizeof(fp));
	zt_check(err == EPERM, "%s: SO_ATTACH_FILTER over its locked filter after the restore: %s",
		 sname[s], err ? strerror(err) : "done");
	err = try_opt(s, SO_LOCK_FILTER, &zero, sizeof(zero));
	zt_check(err == EPERM, "%s: SO_LOCK_FILTER 0 over its lock after the restore: %s",
		 sname[s], err ? strerror(err) : "done");
	check_filter(s, 0, "after the restore and the refused detach, attach and unlock");
}

/*
 * The task pinned to the CPU it is on, for sends that must be delivered in order (see the top
 * comment); @was: its CPUs before, which unpin() gives it back.
 */
static void pin(cpu_set_t *was)
{
	cpu_set_t one;
	int cpu = sched_getcpu();

	zt_check(cpu >= 0, "sched_getcpu: %s", strerror(errno));
	zt_syscall(sched_getaffinity(0, sizeof(*was), was));
	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	zt_syscall(sched_setaffinity(0, sizeof(one), &one));
}

static void unpin(const cpu_set_t *was)
{
	zt_syscall(sched_setaffinity(0, sizeof(*was), was));
}

static void send_frame(const struct frame *f, const char *what)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(P_TYPE),
		.sll_ifindex = lo_index(),
	};

	zt_check(sendto(sk[TX], f->b, f->n, 0, (struct sockaddr *)&to, sizeof(to)) ==
		 (ssize_t)f->n, "tx: sendto of %s: %s", what, strerror(errno));
}

static void wait_in(int s, const char *what)
{
	struct pollfd p = { .fd = sk[s], .events = POLLIN };

	zt_check(poll(&p, 1, WAIT_MS) == 1, "%s: %s has nothing to read in %d ms", what, sname[s],
		 WAIT_MS);
}

static void none_left(int s, const char *what)
{
	sf_none_left(sk[s], sname[s], what);
}

/* The next frame of @s, there now, must be @f whole, from lo, for this host. */
static void expect_frame(int s, const struct frame *f, const char *what)
{
	unsigned char b[256];
	struct sockaddr_ll from;
	socklen_t len = sizeof(from);
	ssize_t n;
	size_t i;

	memset(&from, 0, sizeof(from));
	n = recvfrom(sk[s], b, sizeof(b), MSG_DONTWAIT, (struct sockaddr *)&from, &len);
	zt_check(n >= 0, "%s: %s has nothing to read: %s", what, sname[s], strerror(errno));
	zt_check(n <= ETH_HLEN || b[ETH_HLEN] == f->b[ETH_HLEN],
		 "%s: %s reads a frame whose payload starts '%c' where the '%c' one was due",
		 what, sname[s], b[ETH_HLEN], f->b[ETH_HLEN]);
	zt_check((size_t)n == f->n, "%s: %s reads %zd bytes, not %zu", what, sname[s], n, f->n);
	for (i = 0; i < f->n; i++)
		zt_check(b[i] == f->b[i], "%s: %s reads byte %zu as %#x, not %#x", what, sname[s],
			 i, b[i], f->b[i]);
	zt_check(from.sll_family == AF_PACKET && from.sll_protocol == htons(P_TYPE) &&
		 from.sll_ifindex == lo_index() && from.sll_pkttype == PACKET_HOST,
		 "%s: %s reads it of family %u, protocol %#x, from device %d (lo: %d), type %u",
		 what, sname[s], from.sll_family, ntohs(from.sll_protocol), from.sll_ifindex,
		 lo_index(), from.sll_pkttype);
}

/* u1's or u2's address. */
static socklen_t udp_addr(int s, struct sockaddr_storage *ss)
{
	struct sockaddr_in *a = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;

	memset(ss, 0, sizeof(*ss));
	if (s == U1) {
		a->sin_family = AF_INET;
		a->sin_port = htons(PORT_U1);
		a->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		return sizeof(*a);
	}
	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons(PORT_U2);
	a6->sin6_addr = in6addr_loopback;
	return sizeof(*a6);
}

/* @text to u1 or u2, from a socket of the moment. */
static void send_dgram(int s, const char *text)
{
	struct sockaddr_storage to;
	socklen_t len = udp_addr(s, &to);
	size_t n = strlen(text);
	int fd = zt_syscall(socket(to.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0));

	zt_check(sendto(fd, text, n, 0, (struct sockaddr *)&to, len) == (ssize_t)n,
		 "sendto of \"%s\" to %s: %s", text, sname[s], strerror(errno));
	close(fd);
}

/* The next datagram of @s, there now, must be @text. */
static void expect_dgram(int s, const char *text, const char *what)
{
	sf_expect(sk[s], sname[s], text, what);
}

/* u1's drops, as SO_MEMINFO counts them (a datagram its filter drops is one). */
static unsigned int drops(int s)
{
	__u32 mi[SK_MEMINFO_VARS];
	socklen_t len = sizeof(mi);

	zt_check(!getsockopt(sk[s], SOL_SOCKET, SO_MEMINFO, mi, &len),
		 "%s: SO_MEMINFO: %s", sname[s], strerror(errno));
	zt_check(len > SK_MEMINFO_DROPS * sizeof(mi[0]), "%s: SO_MEMINFO of %u bytes", sname[s],
		 len);
	return mi[SK_MEMINFO_DROPS];
}

/* n1 asks the kernel of lo (RTM_GETLINK) and must read the whole answer. */
static void n1_getlink(const char *when)
{
	static char buf[32768];
	struct nlmsghdr *h = (struct nlmsghdr *)buf;
	struct ifinfomsg *ifi;
	ssize_t n;

	lo_getlink(sk[N1], NL_SEQ, "n1");
	wait_in(N1, "the answer to RTM_GETLINK");
	n = recv(sk[N1], buf, sizeof(buf), MSG_DONTWAIT | MSG_TRUNC);
	zt_check(n > 0 && (size_t)n <= sizeof(buf), "n1: the answer to RTM_GETLINK %s: %zd: %s",
		 when, n, strerror(errno));
	zt_check(NLMSG_OK(h, n) && h->nlmsg_len == n && h->nlmsg_seq == NL_SEQ,
		 "n1: the answer to RTM_GETLINK %s is %zd bytes, of a message of %u, sequence %#x",
		 when, n, NLMSG_OK(h, n) ? h->nlmsg_len : 0, NLMSG_OK(h, n) ? h->nlmsg_seq : 0);
	ifi = NLMSG_DATA(h);
	zt_check(h->nlmsg_type == RTM_NEWLINK && ifi->ifi_index == lo_index(),
		 "n1: the answer to RTM_GETLINK %s is of type %u, device %d, not RTM_NEWLINK of lo",
		 when, h->nlmsg_type, ifi->ifi_index);
	none_left(N1, "after the answer to RTM_GETLINK");
}

int main(int argc, char **argv)
{
	struct frame fa1, fb1, fa2, fb2;
	struct sockaddr_ll bind_lo = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(P_TYPE),
	};
	struct sockaddr_storage ss;
	struct tpacket_stats st;
	cpu_set_t cpus;
	unsigned int d;
	socklen_t len;
	int s, zero = 0, err;

	zt_init(argc, argv);
	make_frame(&fa1, 1, P_TYPE, FRAME_LEN, "A sockfilter00: p1 keeps it");
	make_frame(&fb1, 2, P_TYPE, FRAME_LEN, "B sockfilter00: p1 drops it");
	make_frame(&fa2, 3, P_TYPE, FRAME_LEN, "A sockfilter00: p1 keeps it, after the restore");
	make_frame(&fb2, 4, P_TYPE, FRAME_LEN, "B sockfilter00: p1 drops it, after the restore");

	sk[TX] = zt_syscall(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
	bind_lo.sll_ifindex = lo_index();
	sk[P1] = zt_syscall(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(P_TYPE)));
	zt_syscall(bind(sk[P1], (struct sockaddr *)&bind_lo, sizeof(bind_lo)));
	set_filter(P1);
	sk[W] = zt_syscall(socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(P_TYPE)));
	zt_syscall(bind(sk[W], (struct sockaddr *)&bind_lo, sizeof(bind_lo)));
	set_filter(W);

	sk[U1] = zt_syscall(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	len = udp_addr(U1, &ss);
	zt_syscall(bind(sk[U1], (struct sockaddr *)&ss, len));
	set_filter(U1);
	sk[U2] = zt_syscall(socket(AF_INET6, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	len = udp_addr(U2, &ss);
	zt_syscall(bind(sk[U2], (struct sockaddr *)&ss, len));

	sk[N1] = zt_syscall(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
	set_filter(N1);
	n1_getlink("before the checkpoint");

	/* The ones dropped first (see the top comment). */
	pin(&cpus);
	send_frame(&fb1, "the 'B' frame");
	send_frame(&fa1, "the 'A' frame");
	send_dgram(U1, "x-drop");
	send_dgram(U1, "keep-1");
	unpin(&cpus);

	/* p1 has its 'A' frame only, w had both; u1 "keep-1" only, having dropped "x-drop". */
	wait_in(P1, "the 'A' frame");
	len = sizeof(st);
	zt_check(!getsockopt(sk[P1], SOL_PACKET, PACKET_STATISTICS, &st, &len),
		 "p1: PACKET_STATISTICS: %s", strerror(errno));
	zt_check(st.tp_packets == 1 && !st.tp_drops,
		 "p1 queued %u frames and dropped %u (for room), not 1 and 0", st.tp_packets,
		 st.tp_drops);
	wait_in(W, "the 'B' frame");
	expect_frame(W, &fb1, "the 'B' frame");
	wait_in(W, "the 'A' frame");
	expect_frame(W, &fa1, "the 'A' frame");
	none_left(W, "before the checkpoint");
	wait_in(U1, "\"keep-1\"");
	d = drops(U1);
	zt_check(d == 1, "u1 dropped %u datagrams before the checkpoint, not 1 (\"x-drop\")", d);
	for (s = 0; s < NSOCK; s++)
		check_filter(s, 0, "before the checkpoint");

	zt_ready();
	zt_wait();

	/* The programs and locks. */
	for (s = 0; s < NSOCK; s++)
		check_filter(s, 0, "after the restore");
	check_locked(P1);
	check_locked(W);
	check_locked(N1);
	err = try_opt(U2, SO_DETACH_FILTER, &zero, sizeof(zero));
	zt_check(err == ENOENT, "u2: SO_DETACH_FILTER of no filter after the restore: %s",
		 err ? strerror(err) : "done");

	/* What was queued, then nothing: what the filters dropped stays dropped. */
	expect_frame(P1, &fa1, "the queued 'A' frame");
	none_left(P1, "after the queued 'A' frame");
	none_left(W, "after the restore");
	expect_dgram(U1, "keep-1", "the queued datagram");
	none_left(U1, "after \"keep-1\"");
	none_left(U2, "after the restore");
	none_left(TX, "after the restore");
	none_left(N1, "after the restore");

	/* The filters still filter. */
	d = drops(U1);
	pin(&cpus);
	send_frame(&fb2, "the new 'B' frame");
	send_frame(&fa2, "the new 'A' frame");
	send_dgram(U1, "x-2");
	send_dgram(U1, "keep-2");
	unpin(&cpus);
	wait_in(P1, "the new 'A' frame");
	expect_frame(P1, &fa2, "the new 'A' frame");
	none_left(P1, "after the new 'A' frame");
	wait_in(W, "the new 'B' frame");
	expect_frame(W, &fb2, "the new 'B' frame");
	wait_in(W, "the new 'A' frame");
	expect_frame(W, &fa2, "the new 'A' frame");
	none_left(W, "after the new frames");
	wait_in(U1, "\"keep-2\"");
	expect_dgram(U1, "keep-2", "the new datagrams");
	none_left(U1, "after \"keep-2\"");
	zt_check(drops(U1) == d + 1, "u1 counted %u drops for \"x-2\", not 1", drops(U1) - d);
	send_dgram(U2, "x-u2");
	wait_in(U2, "\"x-u2\"");
	expect_dgram(U2, "x-u2", "the datagram of no filter");
	none_left(U2, "after \"x-u2\"");
	n1_getlink("after the restore");

	/* u1's filter was not locked: it goes, and "x-3" comes through. */
	err = try_opt(U1, SO_DETACH_FILTER, &zero, sizeof(zero));
	zt_check(!err, "u1: SO_DETACH_FILTER of its unlocked filter after the restore: %s",
		 strerror(err));
	check_filter(U1, 1, "after its detach");
	d = drops(U1);
	send_dgram(U1, "x-3");
	wait_in(U1, "\"x-3\"");
	expect_dgram(U1, "x-3", "the datagram after the detach");
	none_left(U1, "after \"x-3\"");
	zt_check(drops(U1) == d, "u1 counted %u drops with no filter", drops(U1) - d);
	zt_pass();
}
