// SPDX-License-Identifier: GPL-2.0
/*
 * The INET record's validator (img_check_inet() through img_check_payload()): what a dump
 * makes of TCP listeners, UDP, ping and raw sockets with queued datagrams and established
 * connections passes; each field an image could forge past what a dump makes, or the kernel's setters
 * take, is refused on its own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "img_check.h"
#include "tap.h"

#define AF4 2
#define AF6 10

struct rec {
	struct vzcpt_img_inet r;
	uint8_t rest[512];
	uint32_t len;		/* of the payload */
};

static int check(const struct rec *x, char *why, size_t whylen)
{
	return img_check_payload(VZCPT_REC_INET, x, x->len, why, whylen);
}

static void listener(struct rec *x)
{
	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.family = AF6;
	x->r.type = 1;
	x->r.protocol = 6;
	x->r.state = VZCPT_INET_LISTEN;
	x->r.sport = 7400;
	x->r.flags = VZCPT_INET_BOUND | VZCPT_INET_V6ONLY | VZCPT_INET_NODELAY;
	x->r.backlog = 128;
	x->r.raw_checksum = VZCPT_INET_NO_CHECKSUM;
	x->r.defer_accept = 7;
	x->r.keepidle = 77;
	x->r.keepintvl = 11;
	x->r.keepcnt = 4;
	x->r.syncnt = 127;
	x->r.ttl = -1;
	x->r.pmtudisc = 1;
	x->len = sizeof(x->r);
}

/* A UDP/IPv4 socket bound to 127.0.0.1:7320 with two datagrams: 3 and 8 bytes. */
static void udp(struct rec *x)
{
	struct vzcpt_img_dgram g = { .sport = 9, .family = AF4, .len = 3, .ttl = 64 };
	uint8_t *p = x->rest;

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.family = AF4;
	x->r.type = 2;
	x->r.protocol = 17;
	x->r.state = VZCPT_INET_CLOSED;
	x->r.saddr[0] = 127;
	x->r.saddr[3] = 1;
	x->r.sport = 7320;
	x->r.flags = VZCPT_INET_BOUND;
	x->r.ttl = 33;
	x->r.raw_checksum = VZCPT_INET_NO_CHECKSUM;
	x->r.recv4 = VZCPT_INET_RECV_PKTINFO | VZCPT_INET_RECV_TTL;
	x->r.nr_dgrams = 2;
	g.saddr[0] = 127, g.saddr[3] = 1, g.daddr[0] = 127, g.daddr[3] = 1;
	memcpy(g.dev, "lo", 2);
	memcpy(p, &g, sizeof(g));
	memcpy(p + sizeof(g), "one", 3);
	p += sizeof(g) + 8;
	g.len = 8;
	memset(g.dev, 0, sizeof(g.dev));
	memcpy(p, &g, sizeof(g));
	memcpy(p + sizeof(g), "twotwo!!", 8);
	p += sizeof(g) + 8;
	x->len = sizeof(x->r) + (uint32_t)(p - x->rest);
}

/* An established TCP/IPv4 connection with 5 bytes to send (none sent) and 9 to read (in records after it). */
static void conn(struct rec *x)
{
	struct vzcpt_img_tcp t = {
		.snd_seq = 1000, .snd_len = 5, .snd_unsent = 5, .rcv_seq = 5000, .rcv_len = 9,
		.mss_clamp = 65483,
		.timestamp = 123456, .snd_wscale = 7, .rcv_wscale = 7,
		.opts = VZCPT_TCP_WSCALE | VZCPT_TCP_SACK | VZCPT_TCP_TSTAMP,
		.snd_wl1 = 5000, .snd_wnd = 65536, .max_window = 65536, .rcv_wnd = 65536,
		.rcv_wup = 5000,
	};

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.family = AF4;
	x->r.type = 1;
	x->r.protocol = 6;
	x->r.state = VZCPT_INET_ESTABLISHED;
	x->r.saddr[0] = 10, x->r.saddr[3] = 2;
	x->r.daddr[0] = 10, x->r.daddr[3] = 1;
	x->r.sport = 7400;
	x->r.dport = 40000;
	x->r.flags = VZCPT_INET_BOUND;
	x->r.ttl = -1;
	x->r.raw_checksum = VZCPT_INET_NO_CHECKSUM;
	memcpy(x->rest, &t, sizeof(t));
	x->len = sizeof(x->r) + sizeof(t);
}

/* A ping/IPv4 socket, identifier 77, with one 16-byte echo reply from 127.0.0.1 queued. */
static void ping4(struct rec *x)
{
	struct vzcpt_img_dgram g = { .family = AF4, .len = 16, .ttl = 64 };

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.family = AF4;
	x->r.type = 2;
	x->r.protocol = 1;
	x->r.state = VZCPT_INET_CLOSED;
	x->r.sport = 77;
	x->r.flags = VZCPT_INET_BOUND;
	x->r.ttl = -1;
	x->r.raw_checksum = VZCPT_INET_NO_CHECKSUM;
	x->r.nr_dgrams = 1;
	g.saddr[0] = 127, g.saddr[3] = 1, g.daddr[0] = 127, g.daddr[3] = 1;
	memcpy(x->rest, &g, sizeof(g));
	memcpy(x->rest + sizeof(g), "\0\0\0\0\0\x4d\0\1echo8!!!", 16);
	x->len = sizeof(x->r) + sizeof(g) + 16;
}

/*
 * A raw ICMP/IPv4 socket bound to 127.0.0.1 and connected to 127.0.0.2, with ICMP_FILTER
 * and IP_HDRINCL, holding one 28-byte packet: its IP header, as the record says, and an
 * ICMP echo request.
 */
static void raw4(struct rec *x)
{
	struct vzcpt_img_dgram g = { .family = AF4, .len = 28, .ttl = 64, .tos = 0x10 };
	uint8_t ip[28] = { 0x45, 0x10, 0, 28, 0, 1, 0x40, 0, 64, 1, 0, 0, 127, 0, 0, 2,
			   127, 0, 0, 1, 8, 0, 0, 0, 0, 7, 0, 1 };

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.family = AF4;
	x->r.type = 3;
	x->r.protocol = 1;
	x->r.state = VZCPT_INET_CONNECTED;
	x->r.saddr[0] = 127, x->r.saddr[3] = 1;
	x->r.daddr[0] = 127, x->r.daddr[3] = 2;
	x->r.flags = VZCPT_INET_BOUND | VZCPT_INET_HDRINCL;
	x->r.ttl = -1;
	x->r.icmp_filter[0] = 1U << 13;
	x->r.raw_checksum = VZCPT_INET_NO_CHECKSUM;
	x->r.nr_dgrams = 1;
	g.saddr[0] = 127, g.saddr[3] = 2, g.daddr[0] = 127, g.daddr[3] = 1;
	memcpy(x->rest, &g, sizeof(g));
	memcpy(x->rest + sizeof(g), ip, sizeof(ip));
	x->len = sizeof(x->r) + sizeof(g) + 32;
}

/* A raw ICMPv6 socket with ICMP6_FILTER and its checksum at offset 2, one 8-byte datagram. */
static void raw6(struct rec *x)
{
	struct vzcpt_img_dgram g = { .family = AF6, .len = 8, .ttl = 64 };

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.family = AF6;
	x->r.type = 3;
	x->r.protocol = 58;
	x->r.state = VZCPT_INET_CLOSED;
	x->r.ttl = 64;
	x->r.pmtudisc = 1;
	memset(x->r.icmp_filter, 0xff, sizeof(x->r.icmp_filter));
	x->r.icmp_filter[4] = 0xfffffffe;
	x->r.raw_checksum = 2;
	x->r.nr_dgrams = 1;
	g.saddr[15] = 1, g.daddr[15] = 1;
	memcpy(x->rest, &g, sizeof(g));
	memcpy(x->rest + sizeof(g), "\x81\0\0\0\0\7\0\1", 8);
	x->len = sizeof(x->r) + sizeof(g) + 8;
}

/* Byte @i of the first datagram's bytes. */
static uint8_t *dgram_byte(struct rec *x, unsigned int i)
{
	return x->rest + sizeof(struct vzcpt_img_dgram) + i;
}

static struct vzcpt_img_tcp *tcp_of(struct rec *x)
{
	return (struct vzcpt_img_tcp *)x->rest;
}

static struct vzcpt_img_dgram *dgram_of(struct rec *x)
{
	return (struct vzcpt_img_dgram *)x->rest;
}

/* A connection reset while its task holds it: 9 bytes to read, then ECONNRESET, its port given back. */
static void ended(struct rec *x)
{
	conn(x);
	tcp_of(x)->snd_len = 0;
	tcp_of(x)->snd_unsent = 0;
	tcp_of(x)->flags = VZCPT_TCP_ENDED;
	x->r.flags |= VZCPT_INET_AUTOPORT;
	x->r.err = 104;
}

/* A connect() in progress from a port the kernel chose: nothing follows the record. */
static void connecting(struct rec *x)
{
	conn(x);
	x->r.state = VZCPT_INET_CONNECTING;
	x->r.flags |= VZCPT_INET_AUTOPORT;
	x->len = sizeof(x->r);
}

/* A connect() refused before its task was told, from a port the kernel chose and gave back. */
static void connfailed(struct rec *x)
{
	connecting(x);
	x->r.state = VZCPT_INET_CONNFAILED;
	x->r.err = 111;
}

/* Fault @i: starts from a good record and breaks one thing; returns its name, NULL past the last. */
static const char *fault(struct rec *x, unsigned int i)
{
	switch (i) {
	case 0: listener(x); x->r.family = 1; return "family AF_UNIX";
	case 1: listener(x); x->r.type = 3; return "a raw socket listening";
	case 2: listener(x); x->r.protocol = 17; return "a stream of protocol UDP";
	case 3: listener(x); x->r.state = 9; return "an unknown state";
	case 4: listener(x); x->r.flags &= ~VZCPT_INET_BOUND; return "a listener with no bound flag";
	case 5: listener(x); x->r.sport = 0; return "a bound listener with port 0";
	case 6: listener(x); x->r.flags |= 1U << 30; return "an unknown flag";
	case 7: listener(x); x->r.family = AF4; return "IPV6_V6ONLY on IPv4";
	case 8: listener(x); x->r.keepidle = 40000; return "TCP_KEEPIDLE past its maximum";
	case 9: listener(x); x->r.keepcnt = 128; return "TCP_KEEPCNT past its maximum";
	case 10: listener(x); x->r.maxseg = 20; return "TCP_MAXSEG below the least MSS";
	case 11: listener(x); x->r.defer_accept = 100000; return "TCP_DEFER_ACCEPT too long";
	case 12: listener(x); x->r.ttl = 256; return "a TTL of 256";
	case 13: listener(x); x->r.ttl = -2; return "a TTL of -2";
	case 14: listener(x); x->r.tos = 0x11; return "ECN bits in a TCP socket's TOS";
	case 15: listener(x); x->r.recv6 = 0x80; return "unknown ancillary data";
	case 16: listener(x); x->r.pmtudisc = 6; return "IP_MTU_DISCOVER 6";
	case 17: listener(x); x->r.err = 104; return "a pending error on a listener";
	case 18: listener(x); x->r.opt.rcvlowat = 0; return "bad socket options";
	case 19: listener(x); x->r.nr_dgrams = 1; return "datagrams on a TCP socket";
	case 20: listener(x); x->r.dport = 80; return "a listener with a peer port";
	case 21: listener(x); x->r.state = VZCPT_INET_CLOSED; return "a backlog without listening";
	case 22: listener(x); x->len += 8; return "bytes after a listener";
	case 23: udp(x); x->r.state = VZCPT_INET_LISTEN; x->r.backlog = 1; return "a UDP listener";
	case 24: udp(x); x->r.keepidle = 10; return "TCP options on UDP";
	case 25: udp(x); x->r.saddr[5] = 1; return "an IPv4 address of more than 4 bytes";
	case 26: udp(x); x->r.tclass = 1; return "IPV6_TCLASS on IPv4";
	case 27: udp(x); x->r.ttl = 0; return "IP_TTL 0";
	case 28: udp(x); x->r.nr_dgrams = 3; return "a datagram more than the record holds";
	case 29: udp(x); x->r.nr_dgrams = 1; return "bytes after the datagrams";
	case 30: udp(x); dgram_of(x)->len = 70000; return "a datagram past 64 KiB";
	case 31: udp(x); dgram_of(x)->len = 9; return "a datagram longer than its room";
	case 32: udp(x); dgram_of(x)->family = AF6; return "an IPv6 datagram on an IPv4 socket";
	case 33: udp(x); dgram_of(x)->reserved = 1; return "a datagram's reserved field";
	case 34: udp(x); memcpy(dgram_of(x)->dev, "lo/x", 4); return "a device name with a slash";
	case 35: udp(x); x->rest[sizeof(struct vzcpt_img_dgram) + 5] = 1;
		return "a datagram's padding";
	case 36: udp(x); x->r.state = VZCPT_INET_CONNECTED; return "connected with no peer";
	case 37: udp(x); x->r.flags = 0; return "a port without the bound flag";
	case 38: conn(x); x->r.protocol = 17; x->r.type = 2; return "an established UDP socket";
	case 39: conn(x); x->r.dport = 0; return "a connection with no peer port";
	case 40: conn(x); x->len -= 8; return "a connection's state 8 bytes short";
	case 41: conn(x); tcp_of(x)->snd_len = VZCPT_TCPQ_MAX + 1; return "a send queue past 256 MiB";
	case 42: conn(x); tcp_of(x)->rcv_len = VZCPT_TCPQ_MAX + 1; return "a receive queue past 256 MiB";
	case 43: conn(x); x->len += 16; return "queue bytes in the connection's record";
	case 44: conn(x); tcp_of(x)->opts |= 8; return "an unknown TCP option";
	case 45: conn(x); tcp_of(x)->snd_wscale = 15; return "a window scale of 15";
	case 46: conn(x); tcp_of(x)->opts = 0; return "window scales without the option";
	case 47: conn(x); tcp_of(x)->opts &= ~VZCPT_TCP_TSTAMP; return "a clock without timestamps";
	case 48: conn(x); tcp_of(x)->mss_clamp = 10; return "an MSS of 10";
	case 49: conn(x); tcp_of(x)->snd_wnd = 70000; return "a send window past the largest";
	case 50: conn(x); tcp_of(x)->flags = 16; return "an unknown connection flag";
	case 51: conn(x); x->len = sizeof(x->r) + 8; return "a connection's state cut short";
	case 52: conn(x); x->r.nr_dgrams = 1; return "datagrams on a connection";
	case 53: conn(x); tcp_of(x)->snd_unsent = 6; return "more bytes unsent than to send";
	case 54: udp(x); x->r.raw_checksum = 0; return "IPV6_CHECKSUM on UDP";
	case 55: udp(x); x->r.flags |= VZCPT_INET_HDRINCL; return "IP_HDRINCL on UDP";
	case 56: udp(x); x->r.icmp_filter[0] = 1; return "an ICMP filter on UDP";
	case 57: ping4(x); x->r.family = AF6; x->r.flags |= VZCPT_INET_V6ONLY;
		return "an IPv6 ping socket of protocol ICMP";
	case 58: ping4(x); x->r.icmp_filter[0] = 1; return "an ICMP filter on a ping socket";
	case 59: ping4(x); dgram_of(x)->sport = 7; return "a ping reply with a port";
	case 60: ping4(x); dgram_of(x)->family = AF6; return "an IPv6 reply on an IPv4 ping socket";
	case 61: ping4(x); x->r.sport = 0; return "a bound ping socket with no identifier";
	case 62: raw4(x); x->r.protocol = 0; return "a raw socket of protocol 0";
	case 63: raw4(x); x->r.protocol = 256; return "a raw socket of protocol 256";
	case 64: raw4(x); x->r.sport = 1; return "a raw socket with a port";
	case 65: raw4(x); memset(x->r.saddr, 0, 16); return "a bound raw socket with no address";
	case 66: raw4(x); x->r.flags &= ~VZCPT_INET_BOUND; return "a raw socket's address unbound";
	case 67: raw4(x); x->r.icmp_filter[1] = 1; return "an IPv4 ICMP filter past one word";
	case 68: raw4(x); x->r.raw_checksum = 2; return "IPV6_CHECKSUM on IPv4";
	case 69: raw4(x); x->r.protocol = 6; return "an ICMP filter on a raw TCP socket";
	case 70: raw4(x); x->r.icmp_filter[0] = 0; x->r.protocol = 6;
		return "a raw TCP socket holding an ICMP packet";
	case 71: raw4(x); *dgram_byte(x, 0) = 0x65; return "a packet of IP version 6";
	case 72: raw4(x); *dgram_byte(x, 0) = 0x44; return "an IP header of 16 bytes";
	case 73: raw4(x); *dgram_byte(x, 0) = 0x48; return "an IP header of 32 bytes in 28";
	case 74: raw4(x); *dgram_byte(x, 3) = 29; return "a packet length past the datagram";
	case 75: raw4(x); *dgram_byte(x, 15) = 3; return "a source the record does not say";
	case 76: raw4(x); *dgram_byte(x, 19) = 9; return "a destination the record does not say";
	case 77: raw4(x); *dgram_byte(x, 8) = 1; return "a TTL the record does not say";
	case 78: raw4(x); *dgram_byte(x, 1) = 0; return "a TOS the record does not say";
	case 79: raw4(x); dgram_of(x)->len = 12; x->len = sizeof(x->r) + sizeof(struct vzcpt_img_dgram) + 16;
		*dgram_byte(x, 3) = 12; return "a packet shorter than an IP header";
	case 80: raw6(x); x->r.raw_checksum = 3; return "an odd IPV6_CHECKSUM offset";
	case 81: raw6(x); x->r.raw_checksum = -5; return "a negative IPV6_CHECKSUM offset";
	case 82: raw6(x); dgram_of(x)->family = AF4; return "an IPv4 datagram on a raw IPv6 socket";
	case 83: raw6(x); x->r.protocol = 17; return "an ICMPv6 filter on a raw UDP socket";
	case 84: raw6(x); x->r.state = VZCPT_INET_LISTEN; x->r.backlog = 1;
		return "a raw socket listening";
	case 85: raw6(x); x->r.flags |= VZCPT_INET_V6ONLY; return "IPV6_V6ONLY on a raw socket";
	case 86: udp(x); dgram_of(x)->reserved32 = 1; return "a datagram's second reserved field";
	case 87: udp(x); dgram_of(x)->dev[5] = 'x'; return "bytes past a device name's NUL";
	case 88: udp(x); memset(dgram_of(x)->dev, 'a', 16); return "a device name without its NUL";
	case 89: conn(x); tcp_of(x)->flags = VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_READ;
		return "a FIN read with bytes left to read";
	case 90: conn(x); tcp_of(x)->rcv_len = 0; tcp_of(x)->flags = VZCPT_TCP_FIN_READ;
		return "a FIN read that never came";
	case 91: conn(x); x->r.state = VZCPT_INET_ACCEPTQ; return "bytes to send, not accepted yet";
	case 92: udp(x); x->r.state = VZCPT_INET_ACCEPTQ; x->r.daddr[0] = 127; x->r.dport = 9;
		return "a UDP socket not accepted yet";
	case 93: conn(x); x->r.state = VZCPT_INET_ACCEPTQ; tcp_of(x)->snd_len = 0;
		tcp_of(x)->snd_unsent = 0; x->r.dport = 0; return "not accepted yet, with no peer";
	case 94: conn(x); tcp_of(x)->flags = VZCPT_TCP_FIN_ACKED;
		return "a FIN acknowledged with bytes to send";
	case 95: conn(x); tcp_of(x)->snd_len = 0; tcp_of(x)->snd_unsent = 0;
		tcp_of(x)->flags = VZCPT_TCP_FIN_ACKED | VZCPT_TCP_FIN_RCVD;
		return "FIN_WAIT2 with the peer's FIN in";
	case 96: conn(x); x->r.state = VZCPT_INET_ACCEPTQ; tcp_of(x)->snd_len = 0;
		tcp_of(x)->snd_unsent = 0; tcp_of(x)->flags = VZCPT_TCP_FIN_ACKED;
		return "a FIN sent by a connection not accepted yet";
	case 97: conn(x); tcp_of(x)->snd_len = 0; tcp_of(x)->snd_unsent = 0;
		tcp_of(x)->flags = VZCPT_TCP_FIN_ACKED | VZCPT_TCP_FIN_QUEUED;
		return "a FIN acknowledged and still queued";
	case 98: conn(x); x->r.state = VZCPT_INET_ACCEPTQ; tcp_of(x)->snd_len = 0;
		tcp_of(x)->snd_unsent = 0; tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED;
		return "a FIN queued by a connection not accepted yet";
	case 99: conn(x); x->r.state = VZCPT_INET_ORPHAN; tcp_of(x)->rcv_len = 0;
		return "a closed connection with no FIN to send";
	case 100: conn(x); x->r.state = VZCPT_INET_ORPHAN; tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED;
		return "a closed connection with bytes to read";
	case 101: conn(x); x->r.state = VZCPT_INET_ORPHAN; tcp_of(x)->rcv_len = 0;
		tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED | VZCPT_TCP_FIN_RCVD;
		return "a closed connection with its peer's FIN not read";
	case 102: conn(x); x->r.state = VZCPT_INET_ORPHAN; tcp_of(x)->rcv_len = 0;
		tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED; x->r.dport = 0;
		return "a closed connection with no peer";
	case 103: conn(x); x->r.flags |= VZCPT_INET_SHUT_WR;
		return "a TCP connection shut down for writing without a FIN";
	case 104: listener(x); x->r.flags |= VZCPT_INET_SHUT_RD; return "a listener shut down";
	case 105: conn(x); x->r.state = VZCPT_INET_ORPHAN; tcp_of(x)->rcv_len = 0;
		tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED; x->r.flags |= VZCPT_INET_SHUT_RD;
		return "a closed connection with shutdown() flags";
	case 106: conn(x); tcp_of(x)->flags = VZCPT_TCP_FIN_RCVD; x->r.flags |= VZCPT_INET_SHUT_RD;
		return "reading shut down by the task after the peer's FIN";
	case 107: conn(x); tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED | VZCPT_TCP_FIN_CROSSED;
		return "FINs crossed with no peer's FIN";
	case 108: conn(x); tcp_of(x)->flags = VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_CROSSED;
		return "FINs crossed with none of ours";
	case 109: conn(x); x->r.flags |= 1U << 11; return "an unknown socket flag";
	case 110: listener(x); x->r.syncnt = 128; return "TCP_SYNCNT above 127";
	case 111: udp(x); x->r.syncnt = 3; return "TCP_SYNCNT on a UDP socket";
	case 112: udp(x); x->r.err = 134; return "a pending error past the highest errno";
	case 113: ended(x); tcp_of(x)->snd_len = 1; return "an ended connection with bytes to send";
	case 114: ended(x); tcp_of(x)->flags |= VZCPT_TCP_FIN_QUEUED;
		return "an ended connection with its FIN queued";
	case 115: ended(x); tcp_of(x)->flags |= VZCPT_TCP_FIN_ACKED;
		return "an ended connection with its FIN acknowledged";
	case 116: ended(x); x->r.flags |= VZCPT_INET_SHUT_WR;
		return "an ended connection with shutdown() flags";
	case 117: ended(x); x->r.state = VZCPT_INET_ACCEPTQ; x->r.flags |= VZCPT_INET_SHUT_RD;
		return "an ended connection not accepted yet, shut down by no task";
	case 118: raw4(x); x->r.flags |= VZCPT_INET_AUTOPORT;
		return "a port the kernel chose on a raw socket";
	case 121: connecting(x); x->len += sizeof(struct vzcpt_img_tcp);
		return "a connect() in progress with a connection's state after it";
	case 122: connecting(x); x->r.dport = 0; return "a connect() in progress to no port";
	case 123: connecting(x); x->r.err = 111; return "a connect() in progress with an error";
	case 124: connecting(x); x->r.flags |= VZCPT_INET_SHUT_RD;
		return "a connect() in progress shut down";
	case 125: udp(x); x->r.state = VZCPT_INET_CONNECTING; x->r.daddr[0] = 127; x->r.dport = 9;
		x->r.nr_dgrams = 0; x->len = sizeof(x->r); return "a UDP socket connecting";
	case 126: connecting(x); x->r.flags &= ~VZCPT_INET_BOUND; x->r.sport = 0;
		return "a connect() in progress from no port";
	case 127: connfailed(x); x->len += sizeof(struct vzcpt_img_tcp);
		return "a failed connect() with a connection's state after it";
	case 128: connfailed(x); x->r.dport = 0; return "a failed connect() to no port";
	case 129: connfailed(x); memset(x->r.daddr, 0, sizeof(x->r.daddr));
		return "a failed connect() to no address";
	case 130: connfailed(x); x->r.flags |= VZCPT_INET_SHUT_RD;
		return "a failed connect() shut down";
	case 131: udp(x); x->r.state = VZCPT_INET_CONNFAILED; x->r.daddr[0] = 127; x->r.dport = 9;
		x->r.nr_dgrams = 0; x->len = sizeof(x->r); return "a UDP socket whose connect() failed";
	case 132: connfailed(x); x->r.flags &= ~(VZCPT_INET_BOUND | VZCPT_INET_AUTOPORT);
		x->r.sport = 0; return "a failed connect() from no port";
	case 133: connfailed(x); x->r.err = 134; return "a failed connect() with no errno";
	case 120: listener(x); x->r.sport = 0; x->r.flags &= ~VZCPT_INET_BOUND;
		x->r.flags |= VZCPT_INET_AUTOPORT; x->r.state = VZCPT_INET_CLOSED; x->r.backlog = 0;
		return "a port the kernel chose on an unbound socket";
	case 119: ended(x); x->r.state = VZCPT_INET_ORPHAN; x->r.err = 0;
		tcp_of(x)->flags = VZCPT_TCP_ENDED | VZCPT_TCP_FIN_QUEUED;
		return "an ended connection its task closed";
	}
	return NULL;
}

int main(void)
{
	char why[256] = "";
	struct rec *x = calloc(1, sizeof(*x));

	if (!x)
		return 1;
	listener(x);
	ok(!check(x, why, sizeof(why)), "a TCP/IPv6 listener with its options passes: %s", why);
	x->r.family = AF4;
	x->r.flags &= ~VZCPT_INET_V6ONLY;
	x->r.state = VZCPT_INET_CLOSED;
	x->r.backlog = 0;
	x->r.sport = 0;
	x->r.flags &= ~VZCPT_INET_BOUND;
	ok(!check(x, why, sizeof(why)), "an unbound TCP/IPv4 socket passes: %s", why);
	udp(x);
	ok(!check(x, why, sizeof(why)), "a bound UDP socket with two datagrams passes: %s", why);
	x->r.state = VZCPT_INET_CONNECTED;
	x->r.daddr[0] = 127, x->r.daddr[3] = 1;
	x->r.dport = 7321;
	ok(!check(x, why, sizeof(why)), "a connected UDP socket passes: %s", why);
	x->r.flags |= VZCPT_INET_SHUT_RD | VZCPT_INET_SHUT_WR;
	ok(!check(x, why, sizeof(why)), "and one shut down both ways: %s", why);
	conn(x);
	ok(!check(x, why, sizeof(why)), "an established connection with both queues passes: %s",
	   why);
	tcp_of(x)->flags = VZCPT_TCP_FIN_RCVD;
	ok(!check(x, why, sizeof(why)), "a connection whose peer's FIN came passes: %s", why);
	tcp_of(x)->rcv_len = 0;
	tcp_of(x)->flags |= VZCPT_TCP_FIN_READ;
	ok(!check(x, why, sizeof(why)), "and one whose FIN a read took: %s", why);
	conn(x);
	tcp_of(x)->snd_len = 0;
	tcp_of(x)->snd_unsent = 0;
	tcp_of(x)->flags = VZCPT_TCP_FIN_ACKED;
	ok(!check(x, why, sizeof(why)), "a connection whose FIN was acknowledged passes: %s", why);
	conn(x);
	tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED;
	ok(!check(x, why, sizeof(why)), "one whose FIN follows its send queue (FIN_WAIT1) passes: %s",
	   why);
	tcp_of(x)->flags |= VZCPT_TCP_FIN_RCVD;
	ok(!check(x, why, sizeof(why)), "and one whose peer's FIN came too (LAST_ACK): %s", why);
	tcp_of(x)->flags |= VZCPT_TCP_FIN_CROSSED;
	ok(!check(x, why, sizeof(why)), "and one whose FINs crossed (CLOSING): %s", why);
	conn(x);
	x->r.flags |= VZCPT_INET_SHUT_RD;
	ok(!check(x, why, sizeof(why)), "a connection its task shut down for reading passes: %s",
	   why);
	ended(x);
	ok(!check(x, why, sizeof(why)), "a connection reset with bytes to read passes: %s", why);
	tcp_of(x)->flags = VZCPT_TCP_ENDED | VZCPT_TCP_FIN_RCVD;
	x->r.flags &= ~VZCPT_INET_AUTOPORT;
	x->r.err = 0;
	ok(!check(x, why, sizeof(why)), "and one closed both ways, its port held: %s", why);
	ended(x);
	x->r.state = VZCPT_INET_ACCEPTQ;
	ok(!check(x, why, sizeof(why)), "a connection not accepted yet, reset, passes: %s", why);
	udp(x);
	x->r.err = 111;
	ok(!check(x, why, sizeof(why)), "a UDP socket with ECONNREFUSED pending passes: %s", why);
	connecting(x);
	ok(!check(x, why, sizeof(why)), "a connect() in progress (SYN_SENT) passes: %s", why);
	connfailed(x);
	ok(!check(x, why, sizeof(why)), "a refused connect() not told yet passes: %s", why);
	x->r.err = 0;
	x->r.flags &= ~VZCPT_INET_AUTOPORT;
	ok(!check(x, why, sizeof(why)), "and one whose error SO_ERROR took, its port held: %s", why);
	conn(x);
	x->r.state = VZCPT_INET_ORPHAN;
	tcp_of(x)->rcv_len = 0;
	tcp_of(x)->flags = VZCPT_TCP_FIN_QUEUED | VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_READ;
	ok(!check(x, why, sizeof(why)), "a connection its task closed (LAST_ACK) passes: %s", why);
	conn(x);
	x->r.state = VZCPT_INET_ACCEPTQ;
	tcp_of(x)->snd_len = 0;
	tcp_of(x)->snd_unsent = 0;
	tcp_of(x)->flags = VZCPT_TCP_FIN_RCVD;
	ok(!check(x, why, sizeof(why)),
	   "a connection not accepted yet, its bytes and FIN received, passes: %s", why);
	ping4(x);
	ok(!check(x, why, sizeof(why)), "a ping socket with a reply queued passes: %s", why);
	x->r.family = AF6;
	x->r.protocol = 58;
	x->r.flags |= VZCPT_INET_V6ONLY;
	dgram_of(x)->family = AF6;
	ok(!check(x, why, sizeof(why)), "a ping/IPv6 socket passes: %s", why);
	raw4(x);
	ok(!check(x, why, sizeof(why)), "a connected raw ICMP socket with a packet passes: %s",
	   why);
	raw6(x);
	ok(!check(x, why, sizeof(why)), "a raw ICMPv6 socket with its filter passes: %s", why);
	x->r.protocol = 17;
	memset(x->r.icmp_filter, 0, sizeof(x->r.icmp_filter));
	x->r.raw_checksum = 6;
	ok(!check(x, why, sizeof(why)), "a raw IPv6 UDP socket with IPV6_CHECKSUM 6 passes: %s",
	   why);
	ok_faults(x, fault, check, "socket");
	free(x);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
