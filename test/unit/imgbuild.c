// SPDX-License-Identifier: GPL-2.0
/* The unit tests' image builder: see imgbuild.h. */
#include <stdlib.h>
#include <string.h>

#include "imgbuild.h"
#include "xxh64.h"

void imgb_init(struct imgb *b)
{
	memset(b, 0, sizeof(*b));
}

void imgb_free(struct imgb *b)
{
	free(b->buf);
	memset(b, 0, sizeof(*b));
}

static void imgb_put(struct imgb *b, const void *p, size_t len)
{
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->buf = realloc(b->buf, b->cap);
		if (!b->buf)
			abort();
	}
	if (len)
		memcpy(b->buf + b->len, p, len);
	b->len += len;
}

void imgb_fix_csum(struct imgb *b, unsigned int i)
{
	struct vzcpt_rec h;
	struct img_xxh64 s;

	memcpy(&h, b->buf + b->off[i], sizeof(h));
	h.csum = 0;
	img_xxh64_reset(&s, 0);
	img_xxh64_update(&s, &h, sizeof(h));
	img_xxh64_update(&s, b->buf + b->off[i] + sizeof(h), h.len);
	h.csum = (uint32_t)img_xxh64_digest(&s);
	memcpy(b->buf + b->off[i], &h, sizeof(h));
}

void imgb_rec(struct imgb *b, uint16_t type, uint64_t id, const void *a, size_t alen,
	      const void *x, size_t xlen)
{
	struct vzcpt_rec h = {
		.type = type, .hdr_len = sizeof(h), .len = (uint32_t)(alen + xlen), .id = id,
	};

	if (b->nr == IMGB_MAX_RECS)
		abort();
	b->off[b->nr] = b->len;
	b->type[b->nr] = type;
	imgb_put(b, &h, sizeof(h));
	imgb_put(b, a, alen);
	imgb_put(b, x, xlen);
	imgb_fix_csum(b, b->nr);
	b->nr++;
}

struct sample {
	struct imgb *b;
	imgb_tweak_fn tweak;
	void *arg;
	unsigned int index;
	uint8_t scratch[65536] __attribute__((aligned(8)));
};

static void emit(struct sample *s, uint16_t type, uint64_t id, const void *a, size_t alen,
		 const void *x, size_t xlen)
{
	size_t len = alen + xlen;

	memcpy(s->scratch, a, alen);
	if (xlen)
		memcpy(s->scratch + alen, x, xlen);
	if (s->tweak && !s->tweak(s->index++, &type, &id, s->scratch, &len, s->arg))
		return;
	imgb_rec(s->b, type, id, s->scratch, len, NULL, 0);
}

/* A netlink attribute at @at: its length; padded with zeros to 4 bytes. */
static size_t nft_put(uint8_t *at, uint16_t type, const void *data, uint16_t len)
{
	uint16_t alen = (uint16_t)(4 + len);

	memcpy(at, &alen, 2);
	memcpy(at + 2, &type, 2);
	memcpy(at + 4, data, len);
	memset(at + alen, 0, ((alen + 3U) & ~3U) - alen);
	return (alen + 3U) & ~3U;
}

/* nftables: table inet vzt (flags 0), its chain "in", and a rule of it with no expression. */
static void sample_nft(struct sample *s)
{
	static const uint16_t msgs[] = { VZCPT_NFT_TABLE, VZCPT_NFT_CHAIN, VZCPT_NFT_RULE };
	uint8_t attrs[64];
	uint32_t zero = 0;
	unsigned int i;

	for (i = 0; i < 3; i++) {
		struct vzcpt_img_nft n = { .msg = msgs[i], .family = 1 };
		size_t len = nft_put(attrs, 1, "vzt", 4);

		if (i == 0)
			len += nft_put(attrs + len, 2, &zero, 4);	/* NFTA_TABLE_FLAGS */
		else	/* NFTA_CHAIN_NAME, NFTA_RULE_CHAIN */
			len += nft_put(attrs + len, i == 1 ? 3 : 2, "in", 3);
		n.len = (uint32_t)len;
		emit(s, VZCPT_REC_NFT, 0, &n, sizeof(n), attrs, len);
	}
}

/*
 * The CT's network namespace: lo, eth0 and a dummy it made; addresses of
 * both families (one with lifetimes), a gateway route in table 100 and an
 * IPv6 one, the policy rule for the table and IPv4's default rules.
 */
/* Legacy tables: ip filter (INPUT, FORWARD, OUTPUT: 4 entries) and ip6 mangle (every hook). */
static void sample_xt(struct sample *s)
{
	static uint8_t body[632 + 6 * 16];
	unsigned int i;

	for (i = 0; i < 2; i++) {
		struct vzcpt_img_xtable t = { .family = i ? 10 : 2 };
		unsigned int h;

		strcpy(t.name, i ? "mangle" : "filter");
		t.valid_hooks = i ? 0x1f : 0xe;
		t.num_entries = i ? 6 : 4;
		t.size = i ? 48 : 632;
		for (h = 1; !i && h < 4; h++)
			t.hook_entry[h] = t.underflow[h] = (h - 1) * 152;
		emit(s, VZCPT_REC_XTABLE, 0, &t, sizeof(t), body, t.size + t.num_entries * 16);
	}
}

/* A tracked connection: its tuples (their contents are ctnetlink's to check) and time left. */
static void sample_ct(struct sample *s)
{
	struct vzcpt_img_conntrack c = { .family = 2 };
	uint8_t attrs[64], ip[4] = { 10, 0, 0, 1 };
	uint32_t timeout = 0x1e000000;	/* 30 s, big-endian */
	size_t len = 0;

	len += nft_put(attrs + len, 1 | 0x8000, ip, 4);	/* CTA_TUPLE_ORIG, nested */
	len += nft_put(attrs + len, 2 | 0x8000, ip, 4);	/* CTA_TUPLE_REPLY */
	len += nft_put(attrs + len, 7, &timeout, 4);		/* CTA_TIMEOUT */
	c.len = (uint32_t)len;
	emit(s, VZCPT_REC_CONNTRACK, 0, &c, sizeof(c), attrs, len);
}

static void sample_net(struct sample *s)
{
	struct vzcpt_img_netdev lo = { .name = "lo", .kind = VZCPT_NETDEV_LOOPBACK,
				       .flags = 0x1, .mtu = 65536 };
	struct vzcpt_img_netdev eth = { .name = "eth0", .kind = VZCPT_NETDEV_VETH,
					.flags = 0x1001, .mtu = 1400, .txqlen = 500,
					.mac = { 0x02, 0xaa, 0xbb, 0xcc, 0xdd, 0x01 } };
	struct vzcpt_img_netdev dm = { .name = "dummy0", .kind = VZCPT_NETDEV_DUMMY,
				       .flags = 0x81, .mtu = 1500,
				       .mac = { 0x02, 0x11, 0x22, 0x33, 0x44, 0x55 } };
	struct vzcpt_img_netaddr a4 = {
		.dev = 2, .family = VZCPT_AF_INET, .prefixlen = 24, .local = { 10, 0, 0, 5 },
		.peer = { 10, 0, 0, 5 }, .broadcast = { 10, 0, 0, 255 }, .label = "eth0:1",
		.valid_lft = VZCPT_LFT_FOREVER, .preferred_lft = VZCPT_LFT_FOREVER,
	};
	struct vzcpt_img_netaddr a6 = {
		.dev = 3, .family = VZCPT_AF_INET6, .prefixlen = 64,
		.local = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 }, .flags = 0x2,
		.valid_lft = 3600, .preferred_lft = 1800,
	};
	struct vzcpt_img_netroute r4 = {
		.family = VZCPT_AF_INET, .dst_len = 16, .protocol = 3, .type = 1, .table = 100,
		.has = VZCPT_NETROUTE_GATEWAY, .oif = 2, .dst = { 10, 9 },
		.gateway = { 10, 0, 0, 1 }, .metrics = { [2] = 1300 },
	};
	struct vzcpt_img_netroute r6 = {
		.family = VZCPT_AF_INET6, .dst_len = 48, .protocol = 4, .type = 1, .table = 254,
		.has = VZCPT_NETROUTE_PRIORITY | VZCPT_NETROUTE_PREF, .oif = 3,
		.priority = 1024, .expires = 300, .dst = { 0x20, 0x01, 0x0d, 0xb9, 0, 1 },
	};
	struct vzcpt_img_netrule u = {
		.family = VZCPT_AF_INET, .src_len = 24, .action = 1, .priority = 100,
		.table = 100, .protocol = 4, .src = { 10, 0, 0 },
		.suppress_prefixlen = -1, .suppress_ifgroup = -1,
	};
	static const uint32_t dflt[][2] = { { 0, 255 }, { 32766, 254 }, { 32767, 253 } };
	unsigned int i;

	emit(s, VZCPT_REC_NETDEV, 1, &lo, sizeof(lo), NULL, 0);
	emit(s, VZCPT_REC_NETDEV, 2, &eth, sizeof(eth), NULL, 0);
	emit(s, VZCPT_REC_NETDEV, 3, &dm, sizeof(dm), NULL, 0);
	emit(s, VZCPT_REC_NETADDR, 0, &a4, sizeof(a4), NULL, 0);
	emit(s, VZCPT_REC_NETADDR, 0, &a6, sizeof(a6), NULL, 0);
	emit(s, VZCPT_REC_NETROUTE, 0, &r4, sizeof(r4), NULL, 0);
	emit(s, VZCPT_REC_NETROUTE, 0, &r6, sizeof(r6), NULL, 0);
	emit(s, VZCPT_REC_NETRULE, 0, &u, sizeof(u), NULL, 0);
	for (i = 0; i < 3; i++) {
		struct vzcpt_img_netrule d = {
			.family = VZCPT_AF_INET, .action = 1, .priority = dflt[i][0],
			.table = dflt[i][1], .protocol = 2,
			.suppress_prefixlen = -1, .suppress_ifgroup = -1,
		};

		emit(s, VZCPT_REC_NETRULE, 0, &d, sizeof(d), NULL, 0);
	}
	/* net.ipv4.ip_forward = 1; eth0's rp_filter 2, set explicitly */
	for (i = 0; i < 3; i++) {
		struct vzcpt_img_netconf c = {
			.scope = i == 2 ? VZCPT_NETCONF_DEV : i + 1, .dev = i == 2 ? 2 : 0,
			.nr = 33, .data = { 1, 0, 0, 1, 1, 1, 1, 0 },
		};

		if (i != 1)
			c.set = i == 2 ? 1U << 7 : 1;
		if (i == 2)
			c.data[7] = 2;
		emit(s, VZCPT_REC_NETCONF, 0, &c, sizeof(c), NULL, 0);
	}
	/* sysctls: of the namespace, and eth0's IPv6 forwarding */
	for (i = 0; i < 3; i++) {
		static const char *const sc[][2] = {
			{ "core/somaxconn", "512\n" },
			{ "ipv4/ip_local_port_range", "20000\t30000\n" },
			{ "ipv6/conf/eth0/forwarding", "1\n" },
		};
		struct vzcpt_img_netsysctl r = { .dev = i == 2 ? 2 : 0 };

		strcpy(r.path, sc[i][0]);
		r.len = strlen(sc[i][1]);
		emit(s, VZCPT_REC_NETSYSCTL, 0, &r, sizeof(r), sc[i][1], r.len);
	}
	/* a static ARP entry on eth0, an IPv6 router's on the dummy, a proxy entry */
	for (i = 0; i < 3; i++) {
		struct vzcpt_img_netneigh n = {
			.family = i == 1 ? VZCPT_AF_INET6 : VZCPT_AF_INET, .dev = i + 2,
			.lladdr_len = 6, .lladdr = { 0x02, 0, 0, 0, 0x58, i },
			.flags = i == 1 ? VZCPT_NEIGH_ROUTER : 0, .protocol = 3,
		};

		if (i == 1)
			memcpy(n.dst, (const uint8_t[]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 7 }, 16);
		else
			memcpy(n.dst, (const uint8_t[]){ 10, 0, 0, 7 + i }, 4);
		if (i == 2) {
			n.flags = VZCPT_NEIGH_PROXY;
			n.lladdr_len = 0;
			memset(n.lladdr, 0, sizeof(n.lladdr));
			n.dev = 2;
		}
		emit(s, VZCPT_REC_NETNEIGH, 0, &n, sizeof(n), NULL, 0);
	}
	sample_nft(s);
	sample_xt(s);
	sample_ct(s);
}

static void sample_task(struct sample *s, int pid, int tgid, int ppid, uint64_t mm_id)
{
	struct vzcpt_img_task t = {
		.pid = pid, .tgid = tgid, .ppid = ppid, .pgid = 1, .sid = 1,
		.flags = pid == tgid ? 0 : VZCPT_TASK_THREAD,
		.exit_signal = pid == tgid ? 17 : 0,
		.mm_id = mm_id, .files_id = 2, .fs_id = 3, .sighand_id = 4,
		.uid = 0, .gid = 0, .ngroups = 1, .groups = { 10 },
		.cap_permitted = 0x1ffffffffffULL, .cap_effective = 0x1ffffffffffULL,
		.cap_bset = 0x1ffffffffffULL, .blocked = 1ULL << 12,
		.fs_base = 0x7f0000001000ULL,
	};
	unsigned int i;

	strcpy(t.comm, pid == 1 ? "init" : "worker");
	for (i = 0; i < VZCPT_RLIM_NLIMITS; i++) {
		t.rlim_cur[i] = i == 7 ? 1024 : ~0ULL;
		t.rlim_max[i] = i == 7 ? 4096 : ~0ULL;
	}
	/* init and its thread share an undo list with two entries, task 3 has one of one */
	t.sysvsem_id = pid == 3 ? 901 : 900;
	t.nr_semundo = pid == 1 ? 2 : pid == 3 ? 1 : 0;
	/* init brings filters 950 (root) and 951, its thread shares 951, task 3 adds 952 */
	t.seccomp_mode = 2;
	t.seccomp_id = pid == 3 ? 952 : 951;
	t.nr_seccomp = pid == 1 ? 2 : pid == 3 ? 1 : 0;
	if (pid == 1)
		t.flags |= VZCPT_TASK_SECCOMP_TSYNC;
	if (pid == 3) {
		t.restart_kind = VZCPT_RESTART_NANOSLEEP;
		t.restart_clockid = 1;
		t.restart_remaining_ns = 500000000;
		t.rseq = 0x7f0000002000ULL;
		t.rseq_len = 32;
		t.rseq_sig = 0x53053053;
	}
	emit(s, VZCPT_REC_TASK, (uint64_t)pid, &t, sizeof(t), NULL, 0);
}

static void sample_vma(struct sample *s, uint64_t id, uint64_t mm_id, uint32_t kind,
		       uint64_t start, uint64_t end, uint32_t prot, uint64_t nr_pages,
		       const char *path)
{
	struct vzcpt_img_vma v = {
		.mm_id = mm_id, .start = start, .end = end, .kind = kind, .prot = prot,
		.flags = 0x02, .nr_pages = nr_pages,
		.path_len = path ? (uint32_t)strlen(path) : 0,
	};

	emit(s, VZCPT_REC_VMA, id, &v, sizeof(v), path, v.path_len);
}

static void sample_pages(struct sample *s, uint64_t id, uint64_t start, uint32_t nr)
{
	struct vzcpt_img_pages pg = { .start = start, .nr = nr };
	static uint8_t data[4 * VZCPT_PAGE_SIZE];
	size_t i;

	for (i = 0; i < sizeof(data); i++)
		data[i] = (uint8_t)(i * 7 + start);
	emit(s, VZCPT_REC_PAGES, id, &pg, sizeof(pg), data, (size_t)nr * VZCPT_PAGE_SIZE);
}

static void sample_file(struct sample *s, uint64_t id, uint32_t kind, uint32_t flags, uint32_t mode,
			uint32_t rdev, uint64_t pipe_id, int64_t pos, const char *path)
{
	struct vzcpt_img_file f = {
		.kind = kind, .flags = flags, .pos = pos, .mode = mode, .rdev = rdev,
		.pipe_id = pipe_id, .path_len = path ? (uint32_t)strlen(path) : 0,
	};

	emit(s, VZCPT_REC_FILE, id, &f, sizeof(f), path, f.path_len);
}

static void sample_fd(struct sample *s, uint32_t fd, uint64_t file_id, uint32_t cloexec)
{
	struct vzcpt_img_fd r = { .fd = fd, .cloexec = cloexec, .file_id = file_id };

	emit(s, VZCPT_REC_FD, 2, &r, sizeof(r), NULL, 0);
}

/*
 * init's: ITIMER_REAL armed, ITIMER_PROF's interval alone, three POSIX
 * timers (the third fired, its signal queued, to be armed again when it is
 * taken); none for 3.
 */
static void sample_timers(struct sample *s, int pid)
{
	struct {
		struct vzcpt_img_timers tm;
		struct vzcpt_img_posix_timer p[3];
	} t = {
		.tm = {
			.itimer = {
				{ .state = VZCPT_ITIMER_ARMED, .value_ns = 1500000000,
				  .interval_ns = 2000000000 },
				{ 0 },
				{ .interval_ns = 10000000 },
			},
			.nr_posix = 3, .next_posix_id = 6,
		},
		.p = {
			{ .id = 0, .clockid = 1, .notify = 0, .signo = 34, .sigval = 77,
			  .flags = VZCPT_PTIMER_ARMED, .value_ns = 250000000,
			  .interval_ns = 1000000, .overrun = -1, .overrun_last = 5 },
			{ .id = 3, .clockid = 0, .notify = 4, .signo = 10, .target = 2,
			  .flags = VZCPT_PTIMER_ARMED | VZCPT_PTIMER_ABSTIME,
			  .value_ns = 1, .overrun = -1 },
			{ .id = 5, .clockid = 7, .notify = 0, .signo = 35, .sigval = 5,
			  .flags = VZCPT_PTIMER_QUEUED | VZCPT_PTIMER_REARM,
			  .value_ns = -3000000, .interval_ns = 1000000, .overrun = -1,
			  .sig_overrun = 2 },
		},
	};
	struct vzcpt_img_timers none = { 0 };

	if (pid == 1)
		emit(s, VZCPT_REC_TIMERS, (uint64_t)pid, &t, sizeof(t), NULL, 0);
	else
		emit(s, VZCPT_REC_TIMERS, (uint64_t)pid, &none, sizeof(none), NULL, 0);
}

/*
 * An inotify (fd 22, non-blocking) watching a directory (wd 2: IN_CREATE |
 * IN_DELETE) and a file (wd 5: IN_MODIFY | IN_ONESHOT), its next wd 7, with
 * three events queued: a.txt made in the directory, the IN_IGNORED of a
 * removed watch 3, and the queue's overflow.
 */
static void sample_inotify(struct sample *s)
{
	struct {
		struct vzcpt_img_inotify in;
		struct vzcpt_img_inotify_wd w1;
		char p1[8];
		struct vzcpt_img_inotify_wd w2;
		char p2[16];
		struct vzcpt_img_inotify_ev e1;
		char n1[8];
		struct vzcpt_img_inotify_ev e2, e3;
	} r = {
		.in = { .nr = 2, .next_wd = 7, .nr_events = 3 },
		.w1 = { .wd = 2, .mask = 0x300 | VZCPT_IN_ONLYDIR, .path_len = 4 },
		.p1 = "/etc",
		.w2 = { .wd = 5, .mask = 0x80000002U, .path_len = 9 },
		.p2 = "/var/log1",
		.e1 = { .mask = 0x100, .wd = 2, .cookie = 0, .name_len = 5 },
		.n1 = "a.txt",
		.e2 = { .mask = 0x8000, .wd = 3 },
		.e3 = { .mask = VZCPT_IN_Q_OVERFLOW, .wd = -1 },
	};

	emit(s, VZCPT_REC_INOTIFY, 58, &r, sizeof(r), NULL, 0);
	sample_file(s, 59, VZCPT_FILE_INOTIFY, 04000, 0600, 0, 58, 0, NULL);
	sample_fd(s, 25, 59, 1);
}

/*
 * A pty (index 3, locked off, raw-ish termios with a custom VINTR, 80x24,
 * the controlling terminal of session 1 with group 1 in front, "hi\r\n"
 * written at the slave and not read at the master; "ls -l\n" and "pwd"
 * written at the master and not read at the slave, a line and the start of
 * one, and "x" waiting for room at the slave): its master on fd 26, its
 * slave on fds 27 and 28.
 */
static void sample_pty(struct sample *s)
{
	struct vzcpt_img_pty r = {
		.index = 3, .flags = VZCPT_PTY_PACKET, .c_iflag = 0x2500, .c_oflag = 0x5,
		.c_cflag = 0xbf, .c_lflag = 0x8a3b, .c_ispeed = 38400, .c_ospeed = 38400,
		.ws_row = 24, .ws_col = 80, .session = 1, .pgrp = 1, .uid = 1000, .gid = 5,
		.mode = 0620, .path_len = 13, .out_len = 4, .in_len = 9, .in_raw_len = 1,
	};

	r.c_cc[0] = 0x07;
	/* the ptmx path, the output, the input, the line ends: byte 5 ends a line */
	emit(s, VZCPT_REC_PTY, 160, &r, sizeof(r), "/dev/pts/ptmxhi\r\nls -l\npwdx\x20\x00", 29);
	sample_file(s, 161, VZCPT_FILE_PTMX, 04002, 020666, 0, 160, 0, NULL);
	sample_fd(s, 26, 161, 1);
	sample_file(s, 162, VZCPT_FILE_PTS, 02, 020620, 0, 160, 0, NULL);
	sample_fd(s, 27, 162, 0);
	sample_fd(s, 28, 162, 0);
}

/*
 * A UDP/IPv4 socket bound to 10.0.0.2:53 (177, fd 38) asking for IP_PKTINFO,
 * with a datagram of 5 bytes from 10.0.0.1:4000 that came in by eth0.
 */
static void sample_udp(struct sample *s)
{
	struct vzcpt_img_inet r = {
		.opt = { .rcvlowat = 1 }, .family = 2, .type = 2, .protocol = 17,
		.state = VZCPT_INET_CLOSED, .saddr = { 10, 0, 0, 2 }, .sport = 53,
		.flags = VZCPT_INET_BOUND, .ttl = -1, .raw_checksum = VZCPT_INET_NO_CHECKSUM,
		.recv4 = VZCPT_INET_RECV_PKTINFO, .nr_dgrams = 1,
	};
	struct {
		struct vzcpt_img_dgram g;
		char data[8];
	} q = {
		.g = { .saddr = { 10, 0, 0, 1 }, .daddr = { 10, 0, 0, 2 }, .dev = "eth0",
		       .sport = 4000, .family = 2, .len = 5, .ttl = 64 },
		.data = "query",
	};

	/* Joined 232.1.1.1 on eth0 for source 10.0.0.1 only. */
	struct vzcpt_img_mcast m = {
		.flags = VZCPT_MCAST_LOOP4 | VZCPT_MCAST_ALL4, .ttl = 1, .nr_groups = 1,
		.nr_sources = 1,
	};
	struct {
		struct vzcpt_img_mcast_group g;
		uint8_t src[16];
	} mg = {
		.g = { .family = 2, .mode = VZCPT_MCAST_INCLUDE, .nr_sources = 1,
		       .group = { 232, 1, 1, 1 }, .dev = "eth0" },
		.src = { 10, 0, 0, 1 },
	};

	emit(s, VZCPT_REC_INET, 177, &r, sizeof(r), &q, sizeof(q));
	emit(s, VZCPT_REC_INET_MCAST, 177, &m, sizeof(m), &mg, sizeof(mg));
	sample_file(s, 178, VZCPT_FILE_SOCKET, 02, 0140777, 0, 177, 0, NULL);
	sample_fd(s, 38, 178, 0);
}

/*
 * An established TCP/IPv4 connection (170, fd 29) with 5 bytes to send, in two
 * TCP_QUEUE records, and 4 to read, in one.
 */
static void sample_tcp(struct sample *s)
{
	struct {
		struct vzcpt_img_inet r;
		struct vzcpt_img_tcp t;
	} c = {
		.r = { .opt = { .rcvlowat = 1 }, .family = 2, .type = 1, .protocol = 6,
		       .state = VZCPT_INET_ESTABLISHED, .saddr = { 10, 0, 0, 2 },
		       .daddr = { 10, 0, 0, 1 }, .sport = 7400, .dport = 40000,
		       .flags = VZCPT_INET_BOUND, .ttl = -1,
		       .raw_checksum = VZCPT_INET_NO_CHECKSUM },
		.t = { .snd_seq = 1000, .snd_len = 5, .snd_unsent = 2, .rcv_seq = 5000, .rcv_len = 4,
		       .mss_clamp = 65483, .opts = VZCPT_TCP_SACK, .snd_wl1 = 5000,
		       .snd_wnd = 65536, .max_window = 65536, .rcv_wnd = 65536,
		       .rcv_wup = 5000 },
	};
	struct vzcpt_img_tcp_queue q = { .queue = VZCPT_TCPQ_SEND, .len = 3 };
	/* What an ICMP host unreachable left (EHOSTUNREACH), with options of its own. */
	struct vzcpt_img_tcp_opts o = { .notsent_lowat = 4096, .linger2 = -1, .err_soft = 113,
					.congestion = "reno" };

	emit(s, VZCPT_REC_INET, 170, &c, sizeof(c), NULL, 0);
	emit(s, VZCPT_REC_TCP_QUEUE, 170, &q, sizeof(q), "abc", 3);
	q.queue = VZCPT_TCPQ_RECV;
	q.len = 4;
	emit(s, VZCPT_REC_TCP_QUEUE, 170, &q, sizeof(q), "wxyz", 4);
	q.queue = VZCPT_TCPQ_UNSENT;
	q.len = 2;
	emit(s, VZCPT_REC_TCP_QUEUE, 170, &q, sizeof(q), "de", 2);
	emit(s, VZCPT_REC_TCP_OPTS, 170, &o, sizeof(o), NULL, 0);
	sample_file(s, 171, VZCPT_FILE_SOCKET, 02, 0140777, 0, 170, 0, NULL);
	sample_fd(s, 29, 171, 0);
}

/*
 * A NETLINK_ROUTE socket (fd 30) bound to port id 4242, in groups 1, 5 and 36,
 * with one 20-byte event from the kernel to group 5 queued.
 */
static void sample_netlink(struct sample *s)
{
	struct vzcpt_img_netlink r = {
		.type = 3, .protocol = VZCPT_NETLINK_ROUTE, .portid = 4242,
		.flags = VZCPT_NL_BOUND | VZCPT_NL_PKTINFO, .nr_msgs = 1,
	};
	struct {
		struct vzcpt_img_nlmsg m;
		uint8_t data[24];
	} q = { .m = { .len = 20, .dst_group = 5 } };

	r.opt.rcvlowat = 1;
	r.groups[0] = 1ULL << 0 | 1ULL << 4 | 1ULL << 35;
	memset(q.data, 0x5a, 20);
	emit(s, VZCPT_REC_NETLINK, 172, &r, sizeof(r), &q, sizeof(q));
	sample_file(s, 173, VZCPT_FILE_SOCKET, 02, 0140777, 0, 172, 0, NULL);
	sample_fd(s, 30, 173, 0);
}

/*
 * A raw packet socket (fd 36) of protocol 0x88b5 bound to lo, promiscuous there, with one
 * 20-byte frame from 02:00:00:00:00:01 queued, and a locked filter taking only IPv4 frames
 * (tcpdump's "ip": ldh [12]; jeq #0x800, keep all, drop).
 */
static void sample_packet(struct sample *s)
{
	struct vzcpt_img_packet r = {
		.type = 3, .protocol = 0x88b5, .dev = "lo", .flags = VZCPT_PKT_AUXDATA,
		.nr_mc = 1, .nr_pkts = 1,
	};
	struct {
		struct vzcpt_img_packet_mc mc;
		struct vzcpt_img_packet_msg m;
		uint8_t data[24];
	} q = {
		.mc = { .dev = "lo", .type = 1, .count = 1 },
		.m = { .len = 20, .origlen = 20, .dev = "lo", .protocol = 0x88b5, .hatype = 772,
		       .halen = 6, .net_off = 14, .addr = { 2, 0, 0, 0, 0, 1 } },
	};

	r.opt.rcvlowat = 1;
	memset(q.data, 0x5b, 20);
	struct vzcpt_img_sock_filter_hdr fh = { .flags = VZCPT_SOCKF_LOCKED, .len = 4 };
	const struct vzcpt_img_sock_filter prog[4] = {
		{ 0x28, 0, 0, 12 }, { 0x15, 0, 1, 0x800 }, { 0x06, 0, 0, 0x40000 },
		{ 0x06, 0, 0, 0 },
	};

	emit(s, VZCPT_REC_PACKET, 174, &r, sizeof(r), &q, sizeof(q));
	emit(s, VZCPT_REC_SOCK_FILTER, 174, &fh, sizeof(fh), prog, sizeof(prog));
	sample_file(s, 175, VZCPT_FILE_SOCKET, 02, 0140777, 0, 174, 0, NULL);
	sample_fd(s, 36, 175, 0);
}

/*
 * An eventfd (fd 7), a timerfd (8), a signalfd (9) and an epoll (10) watching the
 * eventfd and the pipe's read end: each object's record, then its file, then its fd.
 */
static void sample_evfd(struct sample *s)
{
	struct vzcpt_img_eventfd e = { .count = 5, .flags = VZCPT_EFD_SEMAPHORE };
	struct vzcpt_img_timerfd t = { .clockid = 1, .value_ns = 1000000000, .ticks = 2 };
	struct vzcpt_img_signalfd sg = { .sigmask = 1ULL << 9 };
	struct vzcpt_img_epoll ep = { .nr = 2 };
	struct vzcpt_img_epoll_tfd tfd[2] = {
		{ .file_id = 51, .data = 0x11, .fd = 7, .events = 0x80000001U },
		{ .file_id = 21, .data = 0x22, .fd = 3, .events = 0x1 },
	};

	emit(s, VZCPT_REC_EVENTFD, 50, &e, sizeof(e), NULL, 0);
	sample_file(s, 51, VZCPT_FILE_EVENTFD, 04002, 0600, 0, 50, 0, NULL);
	sample_fd(s, 7, 51, 0);
	emit(s, VZCPT_REC_TIMERFD, 52, &t, sizeof(t), NULL, 0);
	sample_file(s, 53, VZCPT_FILE_TIMERFD, 02, 0600, 0, 52, 0, NULL);
	sample_fd(s, 8, 53, 0);
	emit(s, VZCPT_REC_SIGNALFD, 54, &sg, sizeof(sg), NULL, 0);
	sample_file(s, 55, VZCPT_FILE_SIGNALFD, 02, 0600, 0, 54, 0, NULL);
	sample_fd(s, 9, 55, 1);
	emit(s, VZCPT_REC_EPOLL, 56, &ep, sizeof(ep), tfd, sizeof(tfd));
	sample_file(s, 57, VZCPT_FILE_EPOLL, 02, 0600, 0, 56, 0, NULL);
	sample_fd(s, 10, 57, 0);
}

static void sample_cpu(struct sample *s, int pid)
{
	struct vzcpt_img_regs regs = {
		.ip = 0x401234, .sp = 0x7ffc00001000ULL, .cs = 0x33, .ss = 0x2b,
		.flags = 0x246, .ax = (uint64_t)-516, .orig_ax = 230,
		.fs_base = 0x7f0000001000ULL,
	};
	struct {
		struct vzcpt_img_xstate h;
		uint8_t area[832];
	} xs = { .h = { .xfeatures = 0x7, .size = 832 } };
	struct {
		struct vzcpt_img_signals s;
		uint8_t info[128];
	} sig = { .s = { .private_mask = 1ULL << 9, .nr_private = 1 } };
	struct vzcpt_img_signals none = { 0 };
	struct vzcpt_img_taskx taskx = {
		.policy = 2, .rt_priority = 5, .nice = -3, .flags = VZCPT_TASKX_RESTORE_SIGMASK,
		.cpus = { 0x2 }, .ss_sp = 0x7f0000000000ULL, .ss_size = 8192,
		.ss_flags = VZCPT_SS_AUTODISARM, .saved_sigmask = 1ULL << 9, .oom_score_adj = 100,
		.ioprio = 2 << 13 | 4, .robust_list = 0x7f0000003000ULL, .timer_slack_ns = 50000,
	};
	uint64_t bv = 0x3;
	int32_t signo = 10;

	memcpy(xs.area + 512, &bv, sizeof(bv));
	memcpy(sig.info, &signo, sizeof(signo));
	emit(s, VZCPT_REC_REGS, (uint64_t)pid, &regs, sizeof(regs), NULL, 0);
	emit(s, VZCPT_REC_XSTATE, (uint64_t)pid, &xs, sizeof(xs), NULL, 0);
	if (pid == 1)
		emit(s, VZCPT_REC_SIGNALS, (uint64_t)pid, &sig, sizeof(sig), NULL, 0);
	else
		emit(s, VZCPT_REC_SIGNALS, (uint64_t)pid, &none, sizeof(none), NULL, 0);
	emit(s, VZCPT_REC_TASKX, (uint64_t)pid, &taskx, sizeof(taskx), NULL, 0);
	if (pid != 2)	/* a process's, not a thread's */
		sample_timers(s, pid);
}

/*
 * The CT's IPC namespace: two semaphore sets, a queue with two messages, a
 * locked segment of 4 pages with 2 (a hole before each), attached once (by
 * task 3).
 */
static void sample_ipc(struct sample *s)
{
	struct vzcpt_img_ipcns n = {
		.shmmax = ~0ULL >> 8, .shmall = ~0ULL >> 12, .shmmni = 4096,
		.msgmax = 8192, .msgmnb = 16384, .msgmni = 32000,
		.sem = { 32000, 1024000000, 500, 32000 }, .nr_sem = 2, .nr_msq = 1,
		.nr_shm = 1,
	};
	struct vzcpt_img_shm shm = {
		.perm = { .id = 65538, .key = 0x5301, .uid = 1000, .gid = 1000, .cuid = 0,
			  .cgid = 0, .mode = 0600 },
		.size = 3 * VZCPT_PAGE_SIZE + 10, .nr_pages = 2, .flags = VZCPT_SHM_LOCKED,
		.nattch = 1,
	};
	struct vzcpt_img_sem sem = {
		.perm = { .id = 0, .key = 0x5e01, .uid = 0, .gid = 0, .cuid = 0, .cgid = 0,
			  .mode = 0640 },
		.nsems = 3,
	};
	const uint16_t vals[3] = { 0, 7, 32767 }, one = 1;
	struct vzcpt_img_msq q = {
		.perm = { .id = 32768, .key = 0x3e01, .uid = 1000, .gid = 1000, .cuid = 0,
			  .cgid = 0, .mode = 0620 },
		.qbytes = 16384, .nr_msgs = 2,
	};
	struct vzcpt_img_msg m = { .mtype = 1, .len = 5 };

	emit(s, VZCPT_REC_IPCNS, 0, &n, sizeof(n), NULL, 0);
	emit(s, VZCPT_REC_SEM, 0, &sem, sizeof(sem), vals, sizeof(vals));
	sem.perm.id = 1;
	sem.perm.key = 0;
	sem.nsems = 1;
	emit(s, VZCPT_REC_SEM, 0, &sem, sizeof(sem), &one, sizeof(one));
	emit(s, VZCPT_REC_MSQ, 0, &q, sizeof(q), NULL, 0);
	emit(s, VZCPT_REC_MSG, 0, &m, sizeof(m), "hello", 5);
	m.mtype = 7;
	m.len = 0;
	emit(s, VZCPT_REC_MSG, 0, &m, sizeof(m), NULL, 0);
	emit(s, VZCPT_REC_SHM, 0, &shm, sizeof(shm), NULL, 0);
	sample_pages(s, 0, VZCPT_PAGE_SIZE, 1);
	sample_pages(s, 0, 3 * VZCPT_PAGE_SIZE, 1);
}

/*
 * The CT's POSIX message queues: "gone" (unlinked, held by fd 31) with one
 * message, "work" with three (priorities 5, 5, 1) and a SIGEV_SIGNAL
 * notification of the init, "idle" empty with a SIGEV_NONE one of it too.
 */
static void sample_mqueue(struct sample *s)
{
	/* queues_max below the count and a queue above msg_max: CAP_SYS_RESOURCE's */
	struct vzcpt_img_mqns n = {
		.queues_max = 2, .msg_max = 3, .msgsize_max = 8192, .msg_default = 10,
		.msgsize_default = 8192, .nr_queues = 3,
	};
	struct vzcpt_img_mq q = {
		.mode = 0640, .uid = 1000, .gid = 100, .name_len = 4, .maxmsg = 4,
		.msgsize = 64, .nr_msgs = 1, .flags = VZCPT_MQ_UNLINKED,
		.atime_ns = 1600000000000000000LL, .mtime_ns = 1600000000000000001LL,
	};
	struct vzcpt_img_mq_msg m = { .prio = 0, .len = 3 };

	emit(s, VZCPT_REC_MQNS, 0, &n, sizeof(n), NULL, 0);
	emit(s, VZCPT_REC_MQ, 300, &q, sizeof(q), "gone", q.name_len);
	emit(s, VZCPT_REC_MQ_MSG, 300, &m, sizeof(m), "bye", m.len);
	q.flags = 0;
	q.nr_msgs = 3;
	q.notify = VZCPT_MQ_NOTIFY_SIGNAL;
	q.notify_signo = 10;
	q.notify_pid = 1;
	q.notify_value = 0x1234;
	emit(s, VZCPT_REC_MQ, 301, &q, sizeof(q), "work", q.name_len);
	m.prio = 5;
	m.len = 5;
	emit(s, VZCPT_REC_MQ_MSG, 301, &m, sizeof(m), "first", m.len);
	m.len = 6;
	emit(s, VZCPT_REC_MQ_MSG, 301, &m, sizeof(m), "second", m.len);
	m.prio = 1;
	m.len = 0;
	emit(s, VZCPT_REC_MQ_MSG, 301, &m, sizeof(m), NULL, 0);
	q.nr_msgs = 0;
	q.notify = VZCPT_MQ_NOTIFY_NONE;
	q.notify_signo = 0;
	q.notify_pid = 1;
	q.notify_value = 0;
	emit(s, VZCPT_REC_MQ, 302, &q, sizeof(q), "idle", q.name_len);
}

/*
 * Seccomp filters: 950, logged, fails getppid() with EPERM; 951 above it
 * allows all; 952 (task 3's) above 951 kills on ptrace() and uses every
 * other kind of instruction seccomp() takes.
 */
static void sample_seccomp(struct sample *s, int pid)
{
	const struct vzcpt_img_sock_filter p950[] = {
		{ 0x20, 0, 0, 0 },		/* ld [nr] */
		{ 0x15, 0, 1, 110 },		/* jeq #getppid, 0, 1 */
		{ 0x06, 0, 0, 0x00050001 },	/* ret ERRNO(EPERM) */
		{ 0x06, 0, 0, 0x7fff0000 },	/* ret ALLOW */
	}, p951[] = { { 0x06, 0, 0, 0x7fff0000 } }, p952[] = {
		{ 0x20, 0, 0, 4 },		/* ld [arch] */
		{ 0x80, 0, 0, 0 },		/* ld #len */
		{ 0x02, 0, 0, 3 },		/* st M[3] */
		{ 0x61, 0, 0, 3 },		/* ldx M[3] */
		{ 0x04, 0, 0, 1 },		/* add #1 */
		{ 0x34, 0, 0, 2 },		/* div #2 */
		{ 0x64, 0, 0, 31 },		/* lsh #31 */
		{ 0x87, 0, 0, 0 },		/* txa */
		{ 0x20, 0, 0, 0 },		/* ld [nr] */
		{ 0x05, 0, 0, 1 },		/* ja +1 */
		{ 0x06, 0, 0, 0 },		/* ret KILL */
		{ 0x15, 0, 1, 101 },		/* jeq #ptrace, 0, 1 */
		{ 0x06, 0, 0, 0 },		/* ret KILL */
		{ 0x16, 0, 0, 0 },		/* ret A */
	};
	struct vzcpt_img_seccomp r = { .prev_id = 951, .len = 14 };

	if (pid == 3) {
		emit(s, VZCPT_REC_SECCOMP, 952, &r, sizeof(r), p952, sizeof(p952));
		return;
	}
	r.prev_id = 0;
	r.flags = VZCPT_SECCOMP_LOG;
	r.len = 4;
	emit(s, VZCPT_REC_SECCOMP, 950, &r, sizeof(r), p950, sizeof(p950));
	r.prev_id = 950;
	r.flags = 0;
	r.len = 1;
	emit(s, VZCPT_REC_SECCOMP, 951, &r, sizeof(r), p951, sizeof(p951));
}

/*
 * Undo list 900 (init's, shared by its thread): adjustments on both
 * semaphore sets, the extremes of semadj among them; list 901 (task 3's):
 * set 0's.
 */
static void sample_semundo(struct sample *s, int pid)
{
	struct vzcpt_img_semundo u = { .semid = 0, .nsems = 3 };
	const int16_t adj0[3] = { -32768, 0, 32767 }, adj1 = -1, adj3[3] = { 0, 2, 0 };

	if (pid == 3) {
		emit(s, VZCPT_REC_SEMUNDO, 901, &u, sizeof(u), adj3, sizeof(adj3));
		return;
	}
	emit(s, VZCPT_REC_SEMUNDO, 900, &u, sizeof(u), adj0, sizeof(adj0));
	u.semid = 1;
	u.nsems = 1;
	emit(s, VZCPT_REC_SEMUNDO, 900, &u, sizeof(u), &adj1, sizeof(adj1));
}

/*
 * A bound unix datagram server (101) at /run/srv.sock (mode 0620, 1000:1001)
 * with "hi" queued from a sender named "@x" and "z" from an unnamed one, and
 * a client (102) bound to "@c" and connected to it one way, with the
 * SO_PEERCRED of a socketpair() it came from (files 103, 104),
 * and a seqpacket listener (105) at "@l" with backlog 16 (file 106), with a
 * client (107) not accepted yet that sent "q" (file 108), each with its
 * filter locked (SO_LOCK_FILTER alone) after its record, and a connection
 * it accepted: the accepted side (109, "@l" from the listener) and its
 * unnamed client (110) with "ok" queued for it (files 111, 112).
 */
static void sample_unixbound(struct sample *s)
{
	struct vzcpt_img_unix u = {
		.type = 2, .state = VZCPT_UNIX_UNCONNECTED, .peek_off = -1, .name_len = 13,
		.nr_msgs = 2, .qlen = 5, .peer_uid = ~0U, .peer_gid = ~0U, .fmode = 0620,
		.fuid = 1000, .fgid = 1001, .opt = { .rcvlowat = 1 },
	};
	struct vzcpt_img_unix_msg m[2] = { { .len = 2, .name_len = 2 }, { .len = 1 } };
	const struct vzcpt_img_sock_filter_hdr fh = { .flags = VZCPT_SOCKF_LOCKED };
	char q[16 + sizeof(m) + 5] = "/run/srv.sock";

	memcpy(q + 16, m, sizeof(m));
	memcpy(q + 16 + sizeof(m), "\0xhiz", 5);
	emit(s, VZCPT_REC_UNIX, 101, &u, sizeof(u), q, sizeof(q));
	memset(q, 0, 8);
	q[1] = 'c';
	u.state = VZCPT_UNIX_CONNECTED;
	u.peer_id = 101;
	u.name_len = 2;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.fmode = 0;
	u.fuid = 0;
	u.fgid = 0;
	/* Those of the socketpair() it left for the server. */
	u.peer_pid = 1;
	u.peer_uid = 0;
	u.peer_gid = 0;
	emit(s, VZCPT_REC_UNIX, 102, &u, sizeof(u), q, 8);
	sample_file(s, 103, VZCPT_FILE_SOCKET, 02, 0140777, 0, 101, 0, NULL);
	sample_fd(s, 16, 103, 0);
	sample_file(s, 104, VZCPT_FILE_SOCKET, 02, 0140777, 0, 102, 0, NULL);
	sample_fd(s, 17, 104, 0);
	q[1] = 'l';
	u.type = 5;
	u.state = VZCPT_UNIX_LISTEN;
	u.peer_id = 0;
	u.backlog = 16;
	u.peer_pid = 1;
	u.peer_uid = 0;
	u.peer_gid = 0;
	emit(s, VZCPT_REC_UNIX, 105, &u, sizeof(u), q, 8);
	emit(s, VZCPT_REC_SOCK_FILTER, 105, &fh, sizeof(fh), NULL, 0);
	memset(q, 0, sizeof(q));
	m[0].len = 1;
	m[0].name_len = 0;
	memcpy(q, m, sizeof(m[0]));
	q[sizeof(m[0])] = 'q';
	u.state = VZCPT_UNIX_QUEUED;
	u.peer_id = 105;
	u.backlog = 0;
	u.peer_pid = 0;
	u.name_len = 0;
	u.nr_msgs = 1;
	u.qlen = 1;
	u.conn_pid = 1;
	emit(s, VZCPT_REC_UNIX, 107, &u, sizeof(u), q, sizeof(m[0]) + 1);
	emit(s, VZCPT_REC_SOCK_FILTER, 107, &fh, sizeof(fh), NULL, 0);
	sample_file(s, 106, VZCPT_FILE_SOCKET, 02, 0140777, 0, 105, 0, NULL);
	sample_fd(s, 18, 106, 0);
	sample_file(s, 108, VZCPT_FILE_SOCKET, 02, 0140777, 0, 107, 0, NULL);
	sample_fd(s, 19, 108, 0);
	memset(q, 0, 8);
	q[1] = 'l';
	u.state = VZCPT_UNIX_PAIR;
	u.peer_id = 110;
	u.peer_pid = 1;
	u.conn_pid = 0;
	u.name_len = 2;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.flags = VZCPT_UNIX_ACCEPTED;
	emit(s, VZCPT_REC_UNIX, 109, &u, sizeof(u), q, 8);
	memcpy(q, m, sizeof(m[0]));
	u.peer_id = 109;
	u.peer_pid = 0;
	u.name_len = 0;
	u.nr_msgs = 1;
	u.qlen = 2;
	u.flags = 0;
	m[0].len = 2;
	m[0].sender_id = 109;
	memcpy(q, m, sizeof(m[0]));
	memcpy(q + sizeof(m[0]), "ok", 2);
	emit(s, VZCPT_REC_UNIX, 110, &u, sizeof(u), q, sizeof(m[0]) + 2);
	sample_file(s, 111, VZCPT_FILE_SOCKET, 02, 0140777, 0, 109, 0, NULL);
	sample_fd(s, 20, 111, 0);
	sample_file(s, 112, VZCPT_FILE_SOCKET, 02, 0140777, 0, 110, 0, NULL);
	sample_fd(s, 21, 112, 0);
}

/*
 * Closed unix sockets: a stream socket (130) whose peer "@p" (131) was
 * closed with data unread (ECONNRESET) after it sent "bye", its process
 * gone (pid 0); a datagram socket (133) connected one way to a closed
 * server "/run/log" (134), no SO_PEERCRED, with "m" from it (files 132,
 * 135); a seqpacket listener (136) at "@q" (file 138) whose client (137)
 * sent "hi" and was closed before it was accepted, its process gone.
 */
static void sample_unixclosed(struct sample *s)
{
	struct vzcpt_img_unix u = {
		.type = 1, .state = VZCPT_UNIX_PAIR, .peer_id = 131, .peek_off = -1,
		.shutdown = VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND, .qlen = 3,
		.opt = { .rcvlowat = 1 },
	};
	struct vzcpt_img_unix_msg m = { .len = 3, .sender_id = 131 };
	char q[sizeof(m) + 8] = "";

	u.nr_msgs = 1;
	memcpy(q, &m, sizeof(m));
	memcpy(q + sizeof(m), "bye", 3);
	emit(s, VZCPT_REC_UNIX, 130, &u, sizeof(u), q, sizeof(m) + 3);
	memset(q, 0, sizeof(q));
	q[1] = 'p';
	m.len = 1;
	m.sender_id = 134;
	u.peer_id = 130;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.name_len = 2;
	u.peer_uid = ~0U;
	u.peer_gid = ~0U;
	u.flags = VZCPT_UNIX_CLOSED | VZCPT_UNIX_RESET;
	u.opt.flags = VZCPT_SO_SNDBUF;
	u.opt.sndbuf = 4608;
	emit(s, VZCPT_REC_UNIX, 131, &u, sizeof(u), q, 8);
	sample_file(s, 132, VZCPT_FILE_SOCKET, 02, 0140777, 0, 130, 0, NULL);
	sample_fd(s, 22, 132, 0);
	memcpy(q, &m, sizeof(m));
	q[sizeof(m)] = 'm';
	u.type = 2;
	u.peer_id = 134;
	u.shutdown = 0;
	u.name_len = 0;
	u.nr_msgs = 1;
	u.qlen = 1;
	u.flags = 0;
	u.opt.flags = 0;
	u.opt.sndbuf = 0;
	emit(s, VZCPT_REC_UNIX, 133, &u, sizeof(u), q, sizeof(m) + 1);
	u.peer_id = 133;
	u.shutdown = VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND;
	u.name_len = 8;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.flags = VZCPT_UNIX_CLOSED;
	emit(s, VZCPT_REC_UNIX, 134, &u, sizeof(u), "/run/log", 8);
	sample_file(s, 135, VZCPT_FILE_SOCKET, 02, 0140777, 0, 133, 0, NULL);
	sample_fd(s, 23, 135, 0);
	memset(q, 0, sizeof(q));
	q[1] = 'q';
	u.type = 5;
	u.state = VZCPT_UNIX_LISTEN;
	u.peer_id = 0;
	u.shutdown = 0;
	u.name_len = 2;
	u.backlog = 4;
	u.peer_pid = 1;
	u.peer_uid = 0;
	u.peer_gid = 0;
	u.flags = 0;
	emit(s, VZCPT_REC_UNIX, 136, &u, sizeof(u), q, 8);
	m.len = 2;
	m.sender_id = 0;
	memcpy(q, &m, sizeof(m));
	memcpy(q + sizeof(m), "hi", 2);
	u.state = VZCPT_UNIX_QUEUED;
	u.peer_id = 136;
	u.shutdown = VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND;
	u.name_len = 0;
	u.backlog = 0;
	u.peer_pid = 0;
	u.peer_uid = ~0U;
	u.peer_gid = ~0U;
	u.nr_msgs = 1;
	u.qlen = 2;
	u.flags = VZCPT_UNIX_CLOSED;
	emit(s, VZCPT_REC_UNIX, 137, &u, sizeof(u), q, sizeof(m) + 2);
	sample_file(s, 138, VZCPT_FILE_SOCKET, 02, 0140777, 0, 136, 0, NULL);
	sample_fd(s, 24, 138, 0);
}

/*
 * Two unix socket pairs, each pair's records together: a stream one (70, 71)
 * with "hi" queued for 70, and after the pair 70's filter ("ret #4") and
 * 71's lock alone; a datagram one (72, 73) with "abc" and an empty message
 * queued for 72.
 */
static void sample_unix(struct sample *s)
{
	struct vzcpt_img_unix u = {
		.type = 1, .state = VZCPT_UNIX_PAIR, .peer_id = 71, .peek_off = -1,
		.qlen = 2, .peer_pid = 1, .opt = { .rcvlowat = 1 },
	};
	struct vzcpt_img_unix_msg m[2] = { { .len = 2, .sender_id = 71 }, { .sender_id = 73 } };
	struct vzcpt_img_sock_filter_hdr fh = { .len = 1 };
	const struct vzcpt_img_sock_filter trunc = { 0x06, 0, 0, 4 };	/* ret #4 */
	char q[sizeof(m) + 3];

	/* A stream's bytes: one run of its peer's. */
	u.nr_msgs = 1;
	memcpy(q, m, sizeof(m[0]));
	memcpy(q + sizeof(m[0]), "hi", 2);
	emit(s, VZCPT_REC_UNIX, 70, &u, sizeof(u), q, sizeof(m[0]) + 2);
	m[0].len = 3;
	m[0].sender_id = 73;
	u.peer_id = 70;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.shutdown = VZCPT_UNIX_SHUT_SEND;
	emit(s, VZCPT_REC_UNIX, 71, &u, sizeof(u), NULL, 0);
	emit(s, VZCPT_REC_SOCK_FILTER, 70, &fh, sizeof(fh), &trunc, sizeof(trunc));
	fh.flags = VZCPT_SOCKF_LOCKED;
	fh.len = 0;
	emit(s, VZCPT_REC_SOCK_FILTER, 71, &fh, sizeof(fh), NULL, 0);
	memcpy(q, m, sizeof(m));
	memcpy(q + sizeof(m), "abc", 3);
	u.type = 2;
	u.peer_id = 73;
	u.shutdown = 0;
	u.nr_msgs = 2;
	u.qlen = 3;
	emit(s, VZCPT_REC_UNIX, 72, &u, sizeof(u), q, sizeof(q));
	u.peer_id = 72;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.opt.flags = VZCPT_SO_PASSCRED | VZCPT_SO_SNDBUF;
	u.opt.sndbuf = 4608;
	emit(s, VZCPT_REC_UNIX, 73, &u, sizeof(u), NULL, 0);
	sample_file(s, 74, VZCPT_FILE_SOCKET, 02, 0140777, 0, 70, 0, NULL);
	sample_fd(s, 11, 74, 0);
	sample_file(s, 75, VZCPT_FILE_SOCKET, 04002, 0140777, 0, 71, 0, NULL);
	sample_fd(s, 12, 75, 1);
	sample_file(s, 76, VZCPT_FILE_SOCKET, 02, 0140777, 0, 73, 0, NULL);
	sample_fd(s, 13, 76, 0);
}

/*
 * Socket @id of a pair with @u's queue: @m's two messages, the one file
 * @fid in flight, then @dlen bytes of @data; its peer @id + 1 with none.
 */
static void sample_fly_pair(struct sample *s, struct vzcpt_img_unix *u,
			    const struct vzcpt_img_unix_msg m[2], uint64_t id, uint64_t fid,
			    const char *data, size_t dlen)
{
	char q[2 * sizeof(*m) + 8 + 8];

	memcpy(q, m, 2 * sizeof(*m));
	memcpy(q + 2 * sizeof(*m), &fid, 8);
	memcpy(q + 2 * sizeof(*m) + 8, data, dlen);
	emit(s, VZCPT_REC_UNIX, id, u, sizeof(*u), q, 2 * sizeof(*m) + 8 + dlen);
	u->peer_id = id;
	u->nr_msgs = 0;
	u->nr_fds = 0;
	u->qlen = 0;
	emit(s, VZCPT_REC_UNIX, id + 1, u, sizeof(*u), NULL, 0);
}

/*
 * Files in flight: a regular file (140) only in flight, in a datagram pair
 * (141, 142) whose 141 has "ab" from 142 with it (SCM_RIGHTS), sent by pid
 * 1 as 1000:1000, and an empty message of a sender gone (pid 0); the file
 * (146) of 141, only in flight too, in the queue of stream pair 143, 144:
 * 143 has "x" with it from 144 and then "yz" in one run, as root (files
 * 147, 148, 149 at fds 33, 34, 35).
 */
static void sample_unixfd(struct sample *s)
{
	struct vzcpt_img_unix u = {
		.type = 2, .state = VZCPT_UNIX_PAIR, .peer_id = 142, .peek_off = -1,
		.nr_msgs = 2, .nr_fds = 1, .qlen = 2, .peer_pid = 1,
		.opt = { .rcvlowat = 1, .flags = VZCPT_SO_PASSCRED },
	};
	struct vzcpt_img_unix_msg m[2] = {
		{ .len = 2, .sender_id = 142, .pid = 1, .uid = 1000, .gid = 1000, .nr_fds = 1 },
		{ .sender_id = 142 },
	};

	sample_file(s, 140, VZCPT_FILE_REG, 02, 0100644, 0, 0, 3, "/var/log/fly");
	sample_fly_pair(s, &u, m, 141, 140, "ab", 2);
	sample_file(s, 146, VZCPT_FILE_SOCKET, 02, 0140777, 0, 141, 0, NULL);
	u.type = 1;
	u.peer_id = 144;
	u.nr_msgs = 2;
	u.nr_fds = 1;
	u.qlen = 3;
	m[0] = (struct vzcpt_img_unix_msg){ .len = 1, .sender_id = 144, .pid = 1, .nr_fds = 1 };
	m[1] = (struct vzcpt_img_unix_msg){ .len = 2, .sender_id = 144, .pid = 1 };
	sample_fly_pair(s, &u, m, 143, 146, "xyz", 3);
	sample_file(s, 147, VZCPT_FILE_SOCKET, 02, 0140777, 0, 142, 0, NULL);
	sample_fd(s, 33, 147, 0);
	sample_file(s, 148, VZCPT_FILE_SOCKET, 02, 0140777, 0, 143, 0, NULL);
	sample_fd(s, 34, 148, 0);
	sample_file(s, 149, VZCPT_FILE_SOCKET, 02, 0140777, 0, 144, 0, NULL);
	sample_fd(s, 35, 149, 0);
}

/*
 * Sockets passed over themselves: a datagram pair (190, 191) whose 190 has
 * "o" queued from 191 with the own files of 190 and 191 (VZCPT_UNIX_FD_SOCK),
 * 190 held at fd 39 (file 192), 191 only in flight.
 */
static void sample_unixown(struct sample *s)
{
	struct vzcpt_img_unix u = {
		.type = 2, .state = VZCPT_UNIX_PAIR, .peer_id = 191, .peek_off = -1,
		.nr_msgs = 1, .qlen = 1, .nr_fds = 2, .peer_pid = 1, .opt = { .rcvlowat = 1 },
	};
	struct {
		struct vzcpt_img_unix_msg m;
		uint64_t fds[2];
		char data[8];
	} q = {
		.m = { .len = 1, .sender_id = 191, .pid = 1, .nr_fds = 2 },
		.fds = { VZCPT_UNIX_FD_SOCK | 190, VZCPT_UNIX_FD_SOCK | 191 },
		.data = "o",
	};

	emit(s, VZCPT_REC_UNIX, 190, &u, sizeof(u), &q, sizeof(q.m) + sizeof(q.fds) + 1);
	u.peer_id = 190;
	u.nr_msgs = 0;
	u.qlen = 0;
	u.nr_fds = 0;
	emit(s, VZCPT_REC_UNIX, 191, &u, sizeof(u), NULL, 0);
	sample_file(s, 192, VZCPT_FILE_SOCKET, 02, 0140777, 0, 190, 0, NULL);
	sample_fd(s, 39, 192, 0);
}

/*
 * A TCP/IPv4 listener on 10.0.0.2:7500 (195, fd 40) with two connections not accepted yet:
 * 196, whose client sent 3 bytes, and 197, whose client shut down (its FIN came), with the
 * filter it inherited, and two in their handshake (TCP_REQ 0 and 1). Then the listener's
 * file, and 199, a connection its task closed.
 */
static void sample_acceptq(struct sample *s)
{
	struct {
		struct vzcpt_img_inet r;
		struct vzcpt_img_tcp t;
	} c = {
		.r = { .opt = { .rcvlowat = 1 }, .family = 2, .type = 1, .protocol = 6,
		       .state = VZCPT_INET_ACCEPTQ, .saddr = { 10, 0, 0, 2 },
		       .daddr = { 10, 0, 0, 1 }, .sport = 7500, .dport = 40001,
		       .flags = VZCPT_INET_BOUND, .ttl = -1,
		       .raw_checksum = VZCPT_INET_NO_CHECKSUM },
		.t = { .snd_seq = 1000, .rcv_seq = 5000, .rcv_len = 3, .mss_clamp = 65483,
		       .opts = VZCPT_TCP_SACK, .snd_wl1 = 5000, .snd_wnd = 65536,
		       .max_window = 65536, .rcv_wnd = 65536, .rcv_wup = 5000 },
	};
	struct vzcpt_img_inet l = {
		.opt = { .rcvlowat = 1 }, .family = 2, .type = 1, .protocol = 6,
		.state = VZCPT_INET_LISTEN, .saddr = { 10, 0, 0, 2 }, .sport = 7500,
		.flags = VZCPT_INET_BOUND, .backlog = 8, .ttl = -1, .raw_checksum = VZCPT_INET_NO_CHECKSUM,
	};
	struct vzcpt_img_tcp_queue q = { .queue = VZCPT_TCPQ_RECV, .len = 3 };
	struct vzcpt_img_sock_filter_hdr fh = { .len = 1 };
	const struct vzcpt_img_sock_filter pass = { .code = 0x06, .k = 0xffffffffU };
	struct vzcpt_img_tcp_req rq = {
		.family = 2, .rmt_port = 40004, .loc_addr = { 10, 0, 0, 2 },
		.rmt_addr = { 10, 0, 0, 1 }, .rcv_isn = 9000, .snt_isn = 3000, .rcv_wnd = 64240,
		.window_clamp = 64240, .mss = 1460,
	};

	struct vzcpt_img_tcp_opts lo = { .window_clamp = 20000, .linger2 = 30 };

	emit(s, VZCPT_REC_INET, 195, &l, sizeof(l), NULL, 0);
	emit(s, VZCPT_REC_TCP_OPTS, 195, &lo, sizeof(lo), NULL, 0);
	emit(s, VZCPT_REC_INET, 196, &c, sizeof(c), NULL, 0);
	emit(s, VZCPT_REC_TCP_QUEUE, 196, &q, sizeof(q), "abc", 3);
	c.r.dport = 40002;
	c.t.rcv_len = 0;
	c.t.flags = VZCPT_TCP_FIN_RCVD;
	emit(s, VZCPT_REC_INET, 197, &c, sizeof(c), NULL, 0);
	emit(s, VZCPT_REC_SOCK_FILTER, 197, &fh, sizeof(fh), &pass, sizeof(pass));
	/* Two in their handshake: one whose ACK came under TCP_DEFER_ACCEPT, with options. */
	emit(s, VZCPT_REC_TCP_REQ, 195, &rq, sizeof(rq), NULL, 0);
	rq.rmt_port = 40005;
	rq.flags = VZCPT_TCP_REQ_TSTAMP | VZCPT_TCP_REQ_SACK | VZCPT_TCP_REQ_WSCALE |
		   VZCPT_TCP_REQ_ACKED;
	rq.timestamp = 777;
	rq.ts_recent = 555;
	rq.snd_wscale = 7;
	rq.rcv_wscale = 9;
	rq.window_clamp = 65535U << 9;
	rq.timeouts = 3;
	rq.retrans = 1;
	emit(s, VZCPT_REC_TCP_REQ, 195, &rq, sizeof(rq), NULL, 0);
	sample_file(s, 198, VZCPT_FILE_SOCKET, 02, 0140777, 0, 195, 0, NULL);
	sample_fd(s, 40, 198, 0);
	/* 199: closed by its task with 3 bytes sent and not acknowledged, its FIN after them. */
	c.r.state = VZCPT_INET_ORPHAN;
	c.r.dport = 40003;
	c.t.snd_len = 3;
	c.t.flags = VZCPT_TCP_FIN_QUEUED;
	emit(s, VZCPT_REC_INET, 199, &c, sizeof(c), NULL, 0);
	q.queue = VZCPT_TCPQ_SEND;
	emit(s, VZCPT_REC_TCP_QUEUE, 199, &q, sizeof(q), "end", 3);
}

/*
 * Two lock files (ids 80, 81 at fds 14, 15): two POSIX locks of the fd
 * table on 80, a write one of bytes 0-99 and a read one from 200 to the
 * end; an OFD write lock of bytes 0-9 and an flock() read lock on 81.
 */
static void sample_locks(struct sample *s)
{
	struct vzcpt_img_lock l[4] = {
		{ .file_id = 80, .kind = VZCPT_LOCK_POSIX, .type = VZCPT_LOCK_WRITE, .end = 99,
		  .pid = 1 },
		{ .file_id = 80, .kind = VZCPT_LOCK_POSIX, .type = VZCPT_LOCK_READ, .start = 200,
		  .end = VZCPT_LOCK_EOF, .pid = 1 },
		{ .file_id = 81, .kind = VZCPT_LOCK_OFD, .type = VZCPT_LOCK_WRITE, .end = 9 },
		{ .file_id = 81, .kind = VZCPT_LOCK_FLOCK, .type = VZCPT_LOCK_READ,
		  .end = VZCPT_LOCK_EOF, .pid = 1 },
	};
	unsigned int i;

	sample_file(s, 80, VZCPT_FILE_REG, 02, 0100644, 0, 0, 0, "/var/lock/a");
	sample_fd(s, 14, 80, 0);
	sample_file(s, 81, VZCPT_FILE_REG, 02, 0100644, 0, 0, 0, "/var/lock/b");
	sample_fd(s, 15, 81, 1);
	for (i = 0; i < 4; i++)
		emit(s, VZCPT_REC_LOCK, 2, &l[i], sizeof(l[i]), NULL, 0);
}

/*
 * The CT's /dev and /dev/shm nodes (40-44): a directory, a regular file of
 * /dev/shm with a hole at its end, a symlink, a FIFO and a device node.
 */
static void sample_tmpfs(struct sample *s)
{
	static uint8_t data[VZCPT_PAGE_SIZE];
	struct vzcpt_img_tmpfs d = { .mode = 040750, .gid = 5, .path_len = 5,
				     .mtime_ns = 1600000000000000000LL };
	struct vzcpt_img_tmpfs f = { .mode = 0100640, .uid = 1000, .gid = 100, .path_len = 9,
				     .size = VZCPT_PAGE_SIZE + 100, .data = VZCPT_PAGE_SIZE };
	struct vzcpt_img_tmpfs l = { .mode = 0120777, .path_len = 8, .target_len = 8 };
	struct vzcpt_img_tmpfs p = { .mode = 010640, .gid = 4, .path_len = 12 };
	struct vzcpt_img_tmpfs c = { .mode = 020600, .path_len = 8, .rdev_major = 1,
				     .rdev_minor = 11 };
	struct vzcpt_img_ghost_data gd = { .offset = 0, .len = VZCPT_PAGE_SIZE };

	memset(data, 's', sizeof(data));
	emit(s, VZCPT_REC_TMPFS, 40, &d, sizeof(d), "dev/d", 5);
	emit(s, VZCPT_REC_TMPFS, 41, &f, sizeof(f), "dev/shm/x", 9);
	emit(s, VZCPT_REC_GHOST_DATA, 41, &gd, sizeof(gd), data, gd.len);
	emit(s, VZCPT_REC_TMPFS, 42, &l, sizeof(l), "dev/ptmx" "pts/ptmx", 16);
	emit(s, VZCPT_REC_TMPFS, 43, &p, sizeof(p), "dev/xconsole", 12);
	emit(s, VZCPT_REC_TMPFS, 44, &c, sizeof(c), "dev/kmsg", 8);
}

/*
 * Two mounts the CT made: a tmpfs at mnt/t with a file of 10 bytes (45), and
 * a read-only bind mount of srv at mnt/b.
 */
static void sample_mounts(struct sample *s)
{
	static const char data[10] = "0123456789";
	struct vzcpt_img_mount t = {
		.kind = VZCPT_MOUNT_TMPFS, .mnt_flags = VZCPT_MNT_NOSUID | VZCPT_MNT_RELATIME,
		.target_len = 5, .source_len = 5, .nr_blocks = 512, .nr_inodes = 100,
		.mode = 01777, .inode64 = 1, .root_mode = 041777, .mp_mode = 040755,
	};
	struct vzcpt_img_tmpfs f = { .mode = 0100600, .path_len = 7, .size = 10, .data = 10 };
	struct vzcpt_img_ghost_data gd = { .offset = 0, .len = 10 };
	struct vzcpt_img_mount b = {
		.kind = VZCPT_MOUNT_BIND, .mnt_flags = VZCPT_MNT_RDONLY | VZCPT_MNT_RELATIME,
		.target_len = 5, .source_len = 3, .mp_mode = 040755,
	};

	emit(s, VZCPT_REC_MOUNT, 1, &t, sizeof(t), "mnt/t" "tmpfs", 10);
	emit(s, VZCPT_REC_TMPFS, 45, &f, sizeof(f), "mnt/t/f", 7);
	emit(s, VZCPT_REC_GHOST_DATA, 45, &gd, sizeof(gd), data, gd.len);
	emit(s, VZCPT_REC_MOUNT, 2, &b, sizeof(b), "mnt/b" "srv", 8);
}

void imgb_sample(struct imgb *b, imgb_tweak_fn tweak, void *arg)
{
	struct sample *s = calloc(1, sizeof(*s));
	struct vzcpt_img_image img = {
		.version = VZCPT_IMAGE_VERSION, .arch = VZCPT_ARCH_X86_64, .ctid = 101,
		.nr_tasks = 3, .xfeatures = 0x7, .xsave_size = 832,
		.cpuid = { 0x7ffafbff, 0xbfebfbff, 0x029c6fbf, 0x40000000, 0xbc000400, 0xf },
		.mono_ns = 12345678901LL, .boot_ns = 12345678999LL,
		.real_ns = 1764000000000000000LL,
	};
	struct vzcpt_img_uts uts = { .nodename = "ct101", .domainname = "(none)" };
	struct vzcpt_img_mm mm = {
		.start_code = 0x400000, .end_code = 0x401800, .start_data = 0x402000,
		.end_data = 0x402100, .start_brk = 0x10000000, .brk = 0x10004000,
		.start_stack = 0x7ffc00002000ULL, .arg_start = 0x7ffc00002100ULL,
		.arg_end = 0x7ffc00002200ULL, .env_start = 0x7ffc00002200ULL,
		.env_end = 0x7ffc00002300ULL, .vdso = 0x7fff00000000ULL, .nr_vmas = 4,
		.auxv = { 33, 0x7fff00000000ULL, 6, 4096 },
	};
	struct vzcpt_img_mm mm2 = mm;
	struct vzcpt_img_pipe pipe = { .size = 65536, .len = 5 };
	struct vzcpt_img_fs fs = { .umask = 022, .cwd_len = 5, .root_len = 1 };
	struct vzcpt_img_ghost ghost = {
		.mode = 0100640, .uid = 1000, .gid = 100, .size = 3 * VZCPT_PAGE_SIZE + 10,
		.data = 2 * VZCPT_PAGE_SIZE + 10, .mtime_ns = 1600000000000000000LL,
		.path_len = 9,
	};
	struct vzcpt_img_ghost_data gd0 = { .offset = 0, .len = VZCPT_PAGE_SIZE };
	struct vzcpt_img_ghost_data gd1 = { .offset = 2 * VZCPT_PAGE_SIZE,
					    .len = VZCPT_PAGE_SIZE + 10 };
	static uint8_t gdata[2 * VZCPT_PAGE_SIZE];
	/* a named FIFO at /run/f holding "abc" */
	struct vzcpt_img_fifo fifo = { .size = 65536, .len = 3, .path_len = 6 };
	struct vzcpt_img_vma gv = {
		.mm_id = 9, .start = 0x30000000, .end = 0x30002000, .kind = VZCPT_VMA_GHOST,
		.prot = 3, .flags = 0x01, .vm_flags = 0xfb, .shm_id = 30,
	};
	/* shmat(SHM_RDONLY) of the segment: VM_READ, VM_SHARED, VM_MAY{READ,EXEC,SHARE} */
	struct vzcpt_img_vma sv = {
		.mm_id = 9, .start = 0x40000000, .end = 0x40004000, .kind = VZCPT_VMA_SYSV,
		.prot = 1, .flags = 0x01, .vm_flags = 0xd9, .shm_id = 65538,
		.shm_size = 3 * VZCPT_PAGE_SIZE + 10,
	};
	static struct vzcpt_img_sighand sh;
	struct vzcpt_img_end end;
	const char *exe = "/bin/busybox";

	if (!s)
		abort();
	s->b = b;
	s->tweak = tweak;
	s->arg = arg;
	memcpy(img.magic, VZCPT_IMAGE_MAGIC, sizeof(img.magic));
	strcpy(img.release, "6.1.0-56-amd64");
	memset(&sh, 0, sizeof(sh));
	sh.action[16].handler = 0x401000;	/* SIGCHLD */
	sh.action[16].restorer = 0x401100;
	sh.action[16].flags = 0x04000000;
	sh.action[12].handler = 1;		/* SIGPIPE ignored */
	mm.exe_len = (uint32_t)strlen(exe);
	mm2.exe_len = mm.exe_len;
	mm2.nr_vmas = 3;
	memset(gdata, 'g', sizeof(gdata));

	emit(s, VZCPT_REC_IMAGE, 0, &img, sizeof(img), NULL, 0);
	emit(s, VZCPT_REC_UTS, 0, &uts, sizeof(uts), NULL, 0);
	sample_net(s);

	/* init: everything of its own, and a deleted file (a hole in its middle page) */
	sample_task(s, 1, 1, 0, 1);
	sample_ipc(s);
	sample_mqueue(s);
	sample_tmpfs(s);
	sample_mounts(s);
	sample_semundo(s, 1);
	sample_seccomp(s, 1);
	emit(s, VZCPT_REC_GHOST, 30, &ghost, sizeof(ghost), "/tmp/gone", ghost.path_len);
	emit(s, VZCPT_REC_GHOST_DATA, 30, &gd0, sizeof(gd0), gdata, gd0.len);
	emit(s, VZCPT_REC_GHOST_DATA, 30, &gd1, sizeof(gd1), gdata, gd1.len);
	emit(s, VZCPT_REC_MM, 1, &mm, sizeof(mm), exe, mm.exe_len);
	sample_vma(s, 5, 1, VZCPT_VMA_FILE, 0x400000, 0x402000, 5, 0, exe);
	sample_vma(s, 6, 1, VZCPT_VMA_ANON, 0x10000000, 0x10008000, 3, 5, NULL);
	sample_pages(s, 6, 0x10000000, 2);
	sample_pages(s, 6, 0x10003000, 3);
	sample_vma(s, 7, 1, VZCPT_VMA_VVAR, 0x7ffeffffc000ULL, 0x7fff00000000ULL, 1, 0, NULL);
	sample_vma(s, 8, 1, VZCPT_VMA_VDSO, 0x7fff00000000ULL, 0x7fff00002000ULL, 5, 0, NULL);
	sample_file(s, 23, VZCPT_FILE_CHR, 02, 020666, 0x103, 0, 0, "/dev/null");
	sample_fd(s, 0, 23, 0);
	sample_file(s, 24, VZCPT_FILE_REG, 02001, 0100644, 0, 0, 100, "/var/log/count");
	sample_fd(s, 1, 24, 0);
	sample_fd(s, 2, 24, 0);
	emit(s, VZCPT_REC_PIPE, 20, &pipe, sizeof(pipe), "hello", 5);
	sample_file(s, 21, VZCPT_FILE_PIPE, 0, 010600, 0, 20, 0, NULL);
	sample_fd(s, 3, 21, 0);
	sample_file(s, 22, VZCPT_FILE_PIPE, 01, 010600, 0, 20, 0, NULL);
	sample_fd(s, 4, 22, 1);
	sample_file(s, 31, VZCPT_FILE_GHOST, 02, 0100640, 0, 30, 4097, NULL);
	sample_fd(s, 5, 31, 0);
	emit(s, VZCPT_REC_FIFO, 33, &fifo, sizeof(fifo), "/run/f" "abc", 9);
	sample_file(s, 34, VZCPT_FILE_FIFO, 04000, 010640, 0, 33, 0, NULL);
	sample_fd(s, 6, 34, 0);
	sample_evfd(s);
	sample_unix(s);
	sample_locks(s);
	sample_unixbound(s);
	sample_unixclosed(s);
	sample_inotify(s);
	sample_pty(s);
	sample_tcp(s);
	sample_netlink(s);
	sample_file(s, 303, VZCPT_FILE_MQUEUE, 04000, 0100640, 0, 300, 0, NULL);
	sample_fd(s, 31, 303, 0);
	sample_file(s, 304, VZCPT_FILE_MQUEUE, 02, 0100640, 0, 301, 0, NULL);
	sample_fd(s, 32, 304, 1);
	sample_unixfd(s);
	sample_packet(s);
	/* /dev/tty (fd 37), reaching the pty of fds 26-28. */
	sample_file(s, 176, VZCPT_FILE_DEVTTY, 02, 020666, 0, 160, 0, NULL);
	sample_fd(s, 37, 176, 0);
	sample_udp(s);
	sample_unixown(s);
	sample_acceptq(s);
	emit(s, VZCPT_REC_FS, 3, &fs, sizeof(fs), "/root/", 6);
	emit(s, VZCPT_REC_SIGHAND, 4, &sh, sizeof(sh), NULL, 0);
	sample_cpu(s, 1);

	/* a thread of init: shares everything */
	sample_task(s, 2, 1, 1, 1);
	sample_cpu(s, 2);

	/* a child with an address space of its own */
	sample_task(s, 3, 3, 1, 9);
	sample_semundo(s, 3);
	sample_seccomp(s, 3);
	emit(s, VZCPT_REC_MM, 9, &mm2, sizeof(mm2), exe, mm2.exe_len);
	sample_vma(s, 10, 9, VZCPT_VMA_ANON, 0x20000000, 0x20001000, 3, 1, NULL);
	sample_pages(s, 10, 0x20000000, 1);
	emit(s, VZCPT_REC_VMA, 32, &gv, sizeof(gv), NULL, 0);	/* the deleted file, shared */
	emit(s, VZCPT_REC_VMA, 77, &sv, sizeof(sv), NULL, 0);
	sample_cpu(s, 3);

	end.nr_records = b->nr;
	end.bytes = b->len;
	emit(s, VZCPT_REC_END, 0, &end, sizeof(end), NULL, 0);
	free(s);
}
