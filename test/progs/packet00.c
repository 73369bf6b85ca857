// SPDX-License-Identifier: GPL-2.0
/*
 * packet00: AF_PACKET sockets on lo, with frames queued and not read. Ethertypes 0x88b5 and
 * 0x88b6 (IEEE local experimental) keep the other programs' traffic on lo out of them.
 *   tx  SOCK_RAW of protocol 0 (receives nothing), never bound, which sends every frame with
 *       sendto() to lo; PACKET_QDISC_BYPASS, PACKET_VERSION TPACKET_V2, PACKET_RESERVE,
 *       PACKET_TIMESTAMP, PACKET_LOSS and PACKET_TX_HAS_OFF set (no ring: none is carried)
 *   r1  SOCK_RAW of 0x88b5 bound to lo, PACKET_AUXDATA, PACKET_ORIGDEV and SO_RCVBUF set;
 *       two frames queued, whole from their Ethernet header, of two lengths and sources
 *   r2  SOCK_DGRAM of 0x88b6 bound to lo, SO_TIMESTAMPNS and PACKET_IGNORE_OUTGOING on, a
 *       PACKET_MR_PROMISC membership of lo (so lo's promiscuity count is 1); one frame
 *       queued, its payload, address and timestamp read with MSG_PEEK
 *   r3  SOCK_RAW of 0x88b5 bound to no device, PACKET_AUXDATA off: r1's two frames queued
 *   u   SOCK_DGRAM of protocol 0, never bound
 * The frames go to lo's address (all zero), so they come in as PACKET_HOST, from a source
 * address of their own. After the restore the options and names are as set (a device by the
 * index lo has now); r1 and r3 read their two frames in order, byte for byte, from the same
 * address, r1 with its auxiliary data and r3 without; r2 its frame with the peeked timestamp;
 * then none. r2's membership holds lo promiscuous until it drops it, once; new frames flow.
 *
 * lo's promiscuity is read as rtnetlink's IFLA_PROMISCUITY: SIOCGIFFLAGS (dev_get_flags())
 * shows IFF_PROMISC set by SIOCSIFFLAGS only, not the count a membership holds, so it is
 * checked to say the same before and after (a restore that made lo promiscuous through it
 * would leave lo promiscuous after the drop).
 */
#include "zdtm.h"
#include "lopacket.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/net_tstamp.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <poll.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>

#define P_R1		0x88b5	/* r1's and r3's ethertype */
#define P_R2		0x88b6	/* r2's */
#define RCVBUF		150000	/* r1's SO_RCVBUF as set; it reads what the kernel made of it */
#define RESERVE		64	/* tx's PACKET_RESERVE */
#define TSTAMP		SOF_TIMESTAMPING_RAW_HARDWARE	/* tx's PACKET_TIMESTAMP */
#define WAIT_MS		5000
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum { TX, R1, R2, R3, U, NSOCK };
static const char *const sname[NSOCK] = { "tx", "r1", "r2", "r3", "u" };
static const int stype[NSOCK] = { SOCK_RAW, SOCK_RAW, SOCK_DGRAM, SOCK_RAW, SOCK_DGRAM };
static int sk[NSOCK];

/* What one recvmsg() gave: the bytes, the address and the control messages. */
struct rx {
	unsigned char b[2048];
	size_t n;
	struct sockaddr_ll from;
	socklen_t fromlen;
	int has_aux, has_ts, others;
	struct tpacket_auxdata aux;
	struct timespec ts;
};

static void send_frame(const struct frame *f, const char *what)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(f->b[12] << 8 | f->b[13]),
		.sll_ifindex = lo_index(),
	};

	zt_check(sendto(sk[TX], f->b, f->n, 0, (struct sockaddr *)&to, sizeof(to)) ==
		 (ssize_t)f->n, "tx: sendto of %s: %s", what, strerror(errno));
}

static int opt(int fd, int level, int name, const char *what)
{
	int v = -1;
	socklen_t len = sizeof(v);

	zt_check(!getsockopt(fd, level, name, &v, &len), "getsockopt %s: %s", what,
		 strerror(errno));
	return v;
}

static void setopt(int fd, int level, int name, int v, const char *what)
{
	zt_check(!setsockopt(fd, level, name, &v, sizeof(v)), "setsockopt %s: %s", what,
		 strerror(errno));
}

/* Every option of every socket: as set, 0 where it is not. @when: before or after. */
static void check_opts(int rcvbuf, const char *when)
{
	const struct {
		int level, name;
		const char *what;
		int want[NSOCK];
	} o[] = {
#define PO(n, ...) { SOL_PACKET, n, #n, { __VA_ARGS__ } }
#define SO(n, ...) { SOL_SOCKET, n, #n, { __VA_ARGS__ } }
		/* TPACKET_V1 is 0		tx		r1	r2	r3	u */
		PO(PACKET_VERSION,		TPACKET_V2,	0,	0,	0,	0),
		PO(PACKET_RESERVE,		RESERVE,	0,	0,	0,	0),
		PO(PACKET_TIMESTAMP,		TSTAMP,		0,	0,	0,	0),
		PO(PACKET_LOSS,			1,		0,	0,	0,	0),
		PO(PACKET_TX_HAS_OFF,		1,		0,	0,	0,	0),
		PO(PACKET_QDISC_BYPASS,		1,		0,	0,	0,	0),
		PO(PACKET_AUXDATA,		0,		1,	0,	0,	0),
		PO(PACKET_ORIGDEV,		0,		1,	0,	0,	0),
		PO(PACKET_IGNORE_OUTGOING,	0,		0,	1,	0,	0),
		SO(SO_TIMESTAMPNS,		0,		0,	1,	0,	0),
#undef PO
#undef SO
	};
	size_t i;
	int s, v;

	for (i = 0; i < ARRAY_SIZE(o); i++)
		for (s = 0; s < NSOCK; s++) {
			v = opt(sk[s], o[i].level, o[i].name, o[i].what);
			zt_check(v == o[i].want[s], "%s's %s is %d %s, not %d", sname[s],
				 o[i].what, v, when, o[i].want[s]);
		}
	for (s = 0; s < NSOCK; s++) {
		v = opt(sk[s], SOL_SOCKET, SO_TYPE, "SO_TYPE");
		zt_check(v == stype[s], "%s's SO_TYPE is %d %s, not %d", sname[s], v, when,
			 stype[s]);
	}
	v = opt(sk[R1], SOL_SOCKET, SO_RCVBUF, "SO_RCVBUF");
	zt_check(v == rcvbuf, "r1's SO_RCVBUF is %d %s, not %d", v, when, rcvbuf);
}

static struct sockaddr_ll name_of(int s)
{
	struct sockaddr_ll sa;
	socklen_t len = sizeof(sa);

	memset(&sa, 0, sizeof(sa));
	zt_check(!getsockname(sk[s], (struct sockaddr *)&sa, &len), "getsockname %s: %s",
		 sname[s], strerror(errno));
	zt_check(len >= offsetof(struct sockaddr_ll, sll_addr) + sa.sll_halen,
		 "%s's name is %u bytes, short of its %u-byte address", sname[s], len,
		 sa.sll_halen);
	return sa;
}

/*
 * @s's name against @was (its name before the checkpoint, when lo was @lo_was): the same but
 * for a device, which must be lo by its index now when it was lo then, and none when none.
 */
static void check_name(int s, const struct sockaddr_ll *was, int lo_was, const char *when)
{
	struct sockaddr_ll sa = name_of(s);
	int want = was->sll_ifindex == lo_was ? lo_index() : 0;

	zt_check(was->sll_ifindex == lo_was || !was->sll_ifindex,
		 "%s was bound to device %d, neither lo (%d) nor none", sname[s], was->sll_ifindex,
		 lo_was);
	zt_check(sa.sll_family == AF_PACKET, "%s's name is of family %u %s", sname[s],
		 sa.sll_family, when);
	zt_check(sa.sll_protocol == was->sll_protocol, "%s's name is of protocol %#x %s, not %#x",
		 sname[s], ntohs(sa.sll_protocol), when, ntohs(was->sll_protocol));
	zt_check(sa.sll_ifindex == want, "%s's name is of device %d %s, not %d (%s)", sname[s],
		 sa.sll_ifindex, when, want, want ? "lo" : "none");
	zt_check(sa.sll_hatype == was->sll_hatype && sa.sll_halen == was->sll_halen &&
		 !memcmp(sa.sll_addr, was->sll_addr, sa.sll_halen),
		 "%s's name has hardware type %u and a %u-byte address %s, not %u and %u bytes",
		 sname[s], sa.sll_hatype, sa.sll_halen, when, was->sll_hatype, was->sll_halen);
}

static void wait_in(int fd, const char *what)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	zt_check(poll(&p, 1, WAIT_MS) == 1, "%s: no frame in %d ms", what, WAIT_MS);
}

/*
 * Until @fd has queued @count frames (PACKET_STATISTICS, which it counts up from 0 at each
 * read and which a restore does not carry, so it is read before the checkpoint only).
 */
static void wait_queued(int fd, unsigned int count, const char *what)
{
	struct tpacket_stats st;
	unsigned int packets = 0, drops = 0;
	socklen_t len;
	int i;

	for (i = 0; i < WAIT_MS / 10 && packets < count; i++) {
		if (i)
			usleep(10000);
		len = sizeof(st);
		zt_check(!getsockopt(fd, SOL_PACKET, PACKET_STATISTICS, &st, &len),
			 "%s: PACKET_STATISTICS: %s", what, strerror(errno));
		packets += st.tp_packets;	/* the dropped ones counted */
		drops += st.tp_drops;
	}
	zt_check(packets == count && !drops, "%s: %u frames came in, %u dropped, not %u queued",
		 what, packets, drops, count);
}

/* One frame from @fd, there now (MSG_DONTWAIT), with @flags (MSG_PEEK). */
static void rx_one(int fd, int flags, struct rx *r, const char *what)
{
	char cbuf[256];
	struct iovec iov = { r->b, sizeof(r->b) };
	struct msghdr mh = {
		.msg_name = &r->from, .msg_namelen = sizeof(r->from), .msg_iov = &iov,
		.msg_iovlen = 1, .msg_control = cbuf, .msg_controllen = sizeof(cbuf),
	};
	struct cmsghdr *c;
	ssize_t n;

	memset(&r->from, 0, sizeof(r->from));
	n = recvmsg(fd, &mh, MSG_DONTWAIT | flags);
	zt_check(n >= 0, "%s: nothing to read: %s", what, strerror(errno));
	zt_check(!(mh.msg_flags & (MSG_TRUNC | MSG_CTRUNC)), "%s: truncated (flags %#x)", what,
		 mh.msg_flags);
	r->n = n;
	r->fromlen = mh.msg_namelen;
	r->has_aux = 0;
	r->has_ts = 0;
	r->others = 0;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c)) {
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA &&
		    c->cmsg_len >= CMSG_LEN(sizeof(r->aux))) {
			memcpy(&r->aux, CMSG_DATA(c), sizeof(r->aux));
			r->has_aux++;
		} else if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
			   c->cmsg_len >= CMSG_LEN(sizeof(r->ts))) {
			memcpy(&r->ts, CMSG_DATA(c), sizeof(r->ts));
			r->has_ts++;
		} else {
			r->others++;
		}
	}
}

/*
 * The next frame of @fd (peeked with MSG_PEEK in @flags) must be @f as a socket of @type
 * reads it (SOCK_RAW: whole; SOCK_DGRAM: its payload), from lo as its index is now and
 * f's source, with auxiliary data if @aux and a timestamp if @ts, nothing else.
 */
static void expect_frame(int fd, int flags, const struct frame *f, int type, int aux, int ts,
			 struct rx *r, const char *what)
{
	size_t off = type == SOCK_RAW ? 0 : ETH_HLEN, i;
	const struct sockaddr_ll *a = &r->from;

	rx_one(fd, flags, r, what);
	zt_check(r->n == f->n - off, "%s: %zu bytes, not %zu", what, r->n, f->n - off);
	for (i = 0; i < r->n; i++)
		zt_check(r->b[i] == f->b[off + i], "%s: byte %zu is %#x, not %#x", what, i,
			 r->b[i], f->b[off + i]);
	zt_check(r->fromlen >= offsetof(struct sockaddr_ll, sll_addr) + ETH_ALEN,
		 "%s: an address of %u bytes, short of a 6-byte one's %zu", what, r->fromlen,
		 offsetof(struct sockaddr_ll, sll_addr) + ETH_ALEN);
	zt_check(a->sll_family == AF_PACKET && a->sll_protocol == htons(f->b[12] << 8 | f->b[13]),
		 "%s: from family %u protocol %#x, not AF_PACKET %#x", what, a->sll_family,
		 ntohs(a->sll_protocol), f->b[12] << 8 | f->b[13]);
	zt_check(a->sll_ifindex == lo_index(), "%s: from device %d, not lo (%d)", what,
		 a->sll_ifindex, lo_index());
	zt_check(a->sll_hatype == ARPHRD_LOOPBACK && a->sll_pkttype == PACKET_HOST,
		 "%s: hardware type %u, packet type %u, not ARPHRD_LOOPBACK and PACKET_HOST", what,
		 a->sll_hatype, a->sll_pkttype);
	zt_check(a->sll_halen == ETH_ALEN && !memcmp(a->sll_addr, f->b + ETH_ALEN, ETH_ALEN),
		 "%s: from a %u-byte address %02x:%02x:%02x:%02x:%02x:%02x, not 02:00:00:00:00:%02x",
		 what, a->sll_halen, a->sll_addr[0], a->sll_addr[1], a->sll_addr[2],
		 a->sll_addr[3], a->sll_addr[4], a->sll_addr[5], f->b[11]);
	zt_check(r->has_aux == !!aux, "%s: %d PACKET_AUXDATA messages, not %d", what, r->has_aux,
		 !!aux);
	zt_check(r->has_ts == !!ts, "%s: %d SCM_TIMESTAMPNS messages, not %d", what, r->has_ts,
		 !!ts);
	zt_check(!r->others, "%s: %d control messages of another kind", what, r->others);
	if (aux) {
		const struct tpacket_auxdata *x = &r->aux;

		zt_check(x->tp_len == f->n && x->tp_snaplen == f->n,
			 "%s: auxdata length %u, snaplen %u, not %zu", what, x->tp_len,
			 x->tp_snaplen, f->n);
		zt_check(x->tp_mac == 0 && x->tp_net == ETH_HLEN,
			 "%s: auxdata mac offset %u, net %u, not 0 and %d", what, x->tp_mac,
			 x->tp_net, ETH_HLEN);
		zt_check(x->tp_status & TP_STATUS_USER,
			 "%s: auxdata status %#x lacks TP_STATUS_USER", what, x->tp_status);
		zt_check(!(x->tp_status & TP_STATUS_VLAN_VALID) && !x->tp_vlan_tci,
			 "%s: auxdata has a VLAN (status %#x, tci %#x)", what, x->tp_status,
			 x->tp_vlan_tci);
	}
	if (ts)
		zt_check(r->ts.tv_sec > 0, "%s: timestamp %lld.%09ld", what,
			 (long long)r->ts.tv_sec, r->ts.tv_nsec);
}

static void none_left(int s, const char *when)
{
	char c;

	zt_check(recv(sk[s], &c, 1, MSG_DONTWAIT) < 0 && errno == EAGAIN,
		 "%s: a frame more than were queued %s", sname[s], when);
}

/* lo's promiscuity count (IFLA_PROMISCUITY), asked of rtnetlink. */
static unsigned int lo_promiscuity(void)
{
	static char buf[32768];
	struct nlmsghdr *h;
	struct rtattr *a;
	int fd, len;
	ssize_t n;

	fd = zt_syscall(socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
	lo_getlink(fd, 1, "lo's promiscuity");
	for (;;) {
		n = recv(fd, buf, sizeof(buf), MSG_TRUNC);
		zt_check(n > 0 && (size_t)n <= sizeof(buf), "RTM_GETLINK of lo: %zd: %s", n,
			 strerror(errno));
		for (h = (struct nlmsghdr *)buf; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			if (h->nlmsg_seq != 1)
				continue;
			zt_check(h->nlmsg_type == RTM_NEWLINK,
				 "RTM_GETLINK of lo: answered %u (%s)", h->nlmsg_type,
				 h->nlmsg_type == NLMSG_ERROR ?
				 strerror(-((struct nlmsgerr *)NLMSG_DATA(h))->error) : "?");
			len = IFLA_PAYLOAD(h);
			for (a = IFLA_RTA(NLMSG_DATA(h)); RTA_OK(a, len); a = RTA_NEXT(a, len))
				if (a->rta_type == IFLA_PROMISCUITY) {
					unsigned int v;

					memcpy(&v, RTA_DATA(a), sizeof(v));
					close(fd);
					return v;
				}
			zt_fail("RTM_GETLINK of lo: no IFLA_PROMISCUITY");
		}
	}
}

/* Whether SIOCGIFFLAGS shows lo IFF_PROMISC (set by SIOCSIFFLAGS alone). */
static int lo_flag_promisc(void)
{
	struct ifreq ifr;

	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	zt_check(!ioctl(sk[U], SIOCGIFFLAGS, &ifr), "SIOCGIFFLAGS lo: %s", strerror(errno));
	return !!(ifr.ifr_flags & IFF_PROMISC);
}

static int ts_after(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec > b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec > b->tv_nsec);
}

int main(int argc, char **argv)
{
	struct frame f1, f2, f3, f4, f5;
	struct sockaddr_ll names[NSOCK], bind_lo = { .sll_family = AF_PACKET };
	struct packet_mreq mr = { .mr_type = PACKET_MR_PROMISC };
	struct rx peek, r;
	int lo0, rcvbuf, flag0, s;
	unsigned int p;

	zt_init(argc, argv);
	lo0 = lo_index();
	make_frame(&f1, 1, P_R1, 60, "packet00 r1 first");
	make_frame(&f2, 2, P_R1, 300, "packet00 r1 second, longer");
	make_frame(&f3, 3, P_R2, 100, "packet00 r2 queued");
	make_frame(&f4, 4, P_R1, 120, "packet00 r1 after the restore");
	make_frame(&f5, 5, P_R2, 80, "packet00 r2 after the restore");

	sk[U] = zt_syscall(socket(AF_PACKET, SOCK_DGRAM, 0));
	p = lo_promiscuity();
	flag0 = lo_flag_promisc();
	zt_check(!p, "lo is promiscuous (promiscuity %u) before r2's membership: held by another",
		 p);

	sk[TX] = zt_syscall(socket(AF_PACKET, SOCK_RAW, 0));
	setopt(sk[TX], SOL_PACKET, PACKET_QDISC_BYPASS, 1, "tx PACKET_QDISC_BYPASS");
	setopt(sk[TX], SOL_PACKET, PACKET_VERSION, TPACKET_V2, "tx PACKET_VERSION");
	setopt(sk[TX], SOL_PACKET, PACKET_RESERVE, RESERVE, "tx PACKET_RESERVE");
	setopt(sk[TX], SOL_PACKET, PACKET_TIMESTAMP, TSTAMP, "tx PACKET_TIMESTAMP");
	setopt(sk[TX], SOL_PACKET, PACKET_LOSS, 1, "tx PACKET_LOSS");
	setopt(sk[TX], SOL_PACKET, PACKET_TX_HAS_OFF, 1, "tx PACKET_TX_HAS_OFF");

	/* r1 and r3 (all devices), then their two frames. */
	sk[R1] = zt_syscall(socket(AF_PACKET, SOCK_RAW, htons(P_R1)));
	bind_lo.sll_protocol = htons(P_R1);
	bind_lo.sll_ifindex = lo0;
	zt_syscall(bind(sk[R1], (struct sockaddr *)&bind_lo, sizeof(bind_lo)));
	setopt(sk[R1], SOL_PACKET, PACKET_AUXDATA, 1, "r1 PACKET_AUXDATA");
	setopt(sk[R1], SOL_PACKET, PACKET_ORIGDEV, 1, "r1 PACKET_ORIGDEV");
	setopt(sk[R1], SOL_SOCKET, SO_RCVBUF, RCVBUF, "r1 SO_RCVBUF");
	rcvbuf = opt(sk[R1], SOL_SOCKET, SO_RCVBUF, "r1 SO_RCVBUF");
	sk[R3] = zt_syscall(socket(AF_PACKET, SOCK_RAW, htons(P_R1)));
	send_frame(&f1, "r1's first");
	send_frame(&f2, "r1's second");
	wait_queued(sk[R1], 2, "r1");
	wait_queued(sk[R3], 2, "r3");

	/* r2, promiscuous lo, its frame peeked. */
	sk[R2] = zt_syscall(socket(AF_PACKET, SOCK_DGRAM, htons(P_R2)));
	bind_lo.sll_protocol = htons(P_R2);
	zt_syscall(bind(sk[R2], (struct sockaddr *)&bind_lo, sizeof(bind_lo)));
	setopt(sk[R2], SOL_SOCKET, SO_TIMESTAMPNS, 1, "r2 SO_TIMESTAMPNS");
	setopt(sk[R2], SOL_PACKET, PACKET_IGNORE_OUTGOING, 1, "r2 PACKET_IGNORE_OUTGOING");
	mr.mr_ifindex = lo0;
	zt_check(!setsockopt(sk[R2], SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)),
		 "r2: PACKET_ADD_MEMBERSHIP of lo, PACKET_MR_PROMISC: %s", strerror(errno));
	p = lo_promiscuity();
	zt_check(p == 1, "lo's promiscuity is %u with r2's membership, not 1", p);
	zt_check(lo_flag_promisc() == flag0, "r2's membership changed lo's IFF_PROMISC flag");
	send_frame(&f3, "r2's");
	wait_queued(sk[R2], 1, "r2");
	expect_frame(sk[R2], MSG_PEEK, &f3, SOCK_DGRAM, 0, 1, &peek, "r2's frame peeked");

	/* What the checks after the restore are held to. */
	check_opts(rcvbuf, "before the checkpoint");
	for (s = 0; s < NSOCK; s++)
		names[s] = name_of(s);
	zt_check(names[TX].sll_protocol == 0 && !names[TX].sll_ifindex &&
		 names[R1].sll_protocol == htons(P_R1) && names[R1].sll_ifindex == lo0 &&
		 names[R2].sll_protocol == htons(P_R2) && names[R2].sll_ifindex == lo0 &&
		 names[R3].sll_protocol == htons(P_R1) && !names[R3].sll_ifindex &&
		 names[U].sll_protocol == 0 && !names[U].sll_ifindex,
		 "names not as bound (lo %d): tx %#x/%d r1 %#x/%d r2 %#x/%d r3 %#x/%d u %#x/%d",
		 lo0, ntohs(names[TX].sll_protocol), names[TX].sll_ifindex,
		 ntohs(names[R1].sll_protocol), names[R1].sll_ifindex,
		 ntohs(names[R2].sll_protocol), names[R2].sll_ifindex,
		 ntohs(names[R3].sll_protocol), names[R3].sll_ifindex,
		 ntohs(names[U].sll_protocol), names[U].sll_ifindex);
	zt_check(names[R1].sll_hatype == ARPHRD_LOOPBACK && names[R2].sll_hatype == ARPHRD_LOOPBACK,
		 "r1's and r2's names are of hardware type %u and %u, not lo's",
		 names[R1].sll_hatype, names[R2].sll_hatype);

	zt_ready();
	zt_wait();

	check_opts(rcvbuf, "after the restore");
	for (s = 0; s < NSOCK; s++)
		check_name(s, &names[s], lo0, "after the restore");

	/* The queued frames, in order, then none. */
	expect_frame(sk[R1], 0, &f1, SOCK_RAW, 1, 0, &r, "r1's first frame");
	expect_frame(sk[R1], 0, &f2, SOCK_RAW, 1, 0, &r, "r1's second frame");
	none_left(R1, "after the restore");
	expect_frame(sk[R3], 0, &f1, SOCK_RAW, 0, 0, &r, "r3's first frame");
	expect_frame(sk[R3], 0, &f2, SOCK_RAW, 0, 0, &r, "r3's second frame");
	none_left(R3, "after the restore");
	expect_frame(sk[R2], 0, &f3, SOCK_DGRAM, 0, 1, &r, "r2's frame");
	zt_check(r.n == peek.n && !memcmp(r.b, peek.b, r.n), "r2's frame is not the one peeked");
	zt_check(r.from.sll_protocol == peek.from.sll_protocol &&
		 r.from.sll_hatype == peek.from.sll_hatype &&
		 r.from.sll_pkttype == peek.from.sll_pkttype &&
		 r.from.sll_halen == peek.from.sll_halen &&
		 !memcmp(r.from.sll_addr, peek.from.sll_addr, sizeof(r.from.sll_addr)) &&
		 (peek.from.sll_ifindex == lo0) == (r.from.sll_ifindex == lo_index()),
		 "r2's frame is not from the address peeked");
	zt_check(r.ts.tv_sec == peek.ts.tv_sec && r.ts.tv_nsec == peek.ts.tv_nsec,
		 "r2's frame has the timestamp %lld.%09ld, not %lld.%09ld as peeked",
		 (long long)r.ts.tv_sec, r.ts.tv_nsec, (long long)peek.ts.tv_sec, peek.ts.tv_nsec);
	none_left(R2, "after the restore");
	none_left(TX, "after the restore");
	none_left(U, "after the restore");

	/* r2's membership: lo promiscuous until it drops it, and it drops it once. */
	p = lo_promiscuity();
	zt_check(p == 1, "lo's promiscuity is %u after the restore, not 1 (r2's membership)", p);
	zt_check(lo_flag_promisc() == flag0, "lo's IFF_PROMISC flag is %s after the restore",
		 flag0 ? "off" : "on");
	mr.mr_ifindex = lo_index();
	zt_check(!setsockopt(sk[R2], SOL_PACKET, PACKET_DROP_MEMBERSHIP, &mr, sizeof(mr)),
		 "r2: PACKET_DROP_MEMBERSHIP of lo's promiscuity after the restore: %s",
		 strerror(errno));
	p = lo_promiscuity();
	zt_check(!p, "lo is still promiscuous (promiscuity %u) after r2 dropped its membership",
		 p);
	/*
	 * Held once: a membership added twice keeps its count, and lo's, after one drop (a drop
	 * of none answers 0 too, so that count is what tells). Then one added anew works.
	 */
	zt_check(!setsockopt(sk[R2], SOL_PACKET, PACKET_ADD_MEMBERSHIP, &mr, sizeof(mr)),
		 "r2: PACKET_ADD_MEMBERSHIP of lo after the restore: %s", strerror(errno));
	p = lo_promiscuity();
	zt_check(p == 1, "lo's promiscuity is %u with r2's membership added anew, not 1", p);
	zt_check(!setsockopt(sk[R2], SOL_PACKET, PACKET_DROP_MEMBERSHIP, &mr, sizeof(mr)),
		 "r2: PACKET_DROP_MEMBERSHIP of its new membership: %s", strerror(errno));
	p = lo_promiscuity();
	zt_check(!p, "lo is promiscuous (promiscuity %u) after r2 dropped its new membership", p);

	/* And new frames flow, through tx. */
	send_frame(&f4, "r1's new one");
	wait_in(sk[R1], "r1 after the restore");
	expect_frame(sk[R1], 0, &f4, SOCK_RAW, 1, 0, &r, "r1's new frame");
	wait_in(sk[R3], "r3 after the restore");
	expect_frame(sk[R3], 0, &f4, SOCK_RAW, 0, 0, &r, "r3's new frame");
	send_frame(&f5, "r2's new one");
	wait_in(sk[R2], "r2 after the restore");
	expect_frame(sk[R2], 0, &f5, SOCK_DGRAM, 0, 1, &r, "r2's new frame");
	zt_check(ts_after(&r.ts, &peek.ts),
		 "r2's new frame has the timestamp %lld.%09ld, not past its first's %lld.%09ld",
		 (long long)r.ts.tv_sec, r.ts.tv_nsec, (long long)peek.ts.tv_sec, peek.ts.tv_nsec);
	for (s = 0; s < NSOCK; s++)
		none_left(s, "after the new frames");
	zt_pass();
}
