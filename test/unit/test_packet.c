// SPDX-License-Identifier: GPL-2.0
/*
 * The PACKET record's validator (img_check_packet() through img_check_payload()): what a
 * dump makes of a raw socket bound to lo with auxdata, a promiscuous membership and two
 * packets queued, and of an unbound datagram socket, passes; each field an image could
 * forge past what a dump makes, or the kernel's setters take, is refused on its own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "img_check.h"
#include "tap.h"

struct rec {
	struct vzcpt_img_packet r;
	uint8_t rest[1024];
	uint32_t len;		/* of the payload */
};

static int check(const struct rec *x, char *why, size_t whylen)
{
	return img_check_payload(VZCPT_REC_PACKET, x, x->len, why, whylen);
}

static struct vzcpt_img_packet_mc *mc_of(struct rec *x)
{
	return (struct vzcpt_img_packet_mc *)x->rest;
}

static struct vzcpt_img_packet_msg *msg_of(struct rec *x)
{
	return (struct vzcpt_img_packet_msg *)(x->rest + sizeof(struct vzcpt_img_packet_mc));
}

/*
 * Raw, ETH_P_IP, bound to lo, PACKET_AUXDATA and PACKET_IGNORE_OUTGOING, TPACKET_V2 with a
 * reserve of 64; lo promiscuous twice over; a 60-byte packet from 02:00:00:00:00:01 whose
 * checksum was checked, and a 21-byte one cut from 1500 with a VLAN tag.
 */
static void raw_lo(struct rec *x)
{
	struct vzcpt_img_packet_mc m = { .dev = "lo", .type = 1, .count = 2 };
	struct vzcpt_img_packet_msg p = {
		.len = 60, .origlen = 60, .tstamp = 1700000000123456789LL, .dev = "lo",
		.protocol = 0x0800, .hatype = 772, .pkttype = 0, .halen = 6, .net_off = 14,
		.flags = VZCPT_PKTMSG_CSUM_VALID, .addr = { 2, 0, 0, 0, 0, 1 },
	};
	uint8_t *at = x->rest;

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.opt.flags = VZCPT_SO_RCVBUF;
	x->r.opt.rcvbuf = 1 << 20;
	x->r.type = 3;
	x->r.protocol = 0x0800;
	strcpy(x->r.dev, "lo");
	x->r.flags = VZCPT_PKT_AUXDATA | VZCPT_PKT_IGNORE_OUTGOING;
	x->r.version = 1;
	x->r.reserve = 64;
	x->r.nr_mc = 1;
	x->r.nr_pkts = 2;
	memcpy(at, &m, sizeof(m));
	at += sizeof(m);
	memcpy(at, &p, sizeof(p));
	memset(at + sizeof(p), 0xab, 60);
	at += sizeof(p) + 64;
	p.len = 21;
	p.origlen = 1500;
	p.flags = VZCPT_PKTMSG_VLAN;
	p.vlan_tci = 5;
	p.vlan_proto = 0x8100;
	p.pkttype = 3;
	memcpy(at, &p, sizeof(p));
	memset(at + sizeof(p), 0xcd, 21);
	at += sizeof(p) + 24;
	x->len = sizeof(x->r) + (uint32_t)(at - x->rest);
}

/* Fault @i: starts from a good record and breaks one thing; returns its name, NULL past the last. */
static const char *fault(struct rec *x, unsigned int i)
{
	raw_lo(x);
	switch (i) {
	case 0: x->r.type = 10; return "type SOCK_PACKET";
	case 1: x->r.type = 1; return "a stream socket";
	case 2: x->r.reserved = 1; return "a reserved field";
	case 3: x->r.reserved0 = 1; return "the other reserved field";
	case 4: x->r.flags |= 1U << 12; return "an unknown flag";
	case 5: x->r.version = 3; return "TPACKET_V4";
	case 6: x->r.reserve = 0x80000000U; return "a reserve past INT_MAX";
	case 7: strcpy(x->r.dev, "a/b"); return "a device name with a slash";
	case 8: x->r.dev[15] = 'x'; return "a device name with no NUL";
	case 9: x->r.dev[5] = 'x'; return "a device name not zero-padded";
	case 10: x->r.type = 2; x->r.flags |= VZCPT_PKT_VNET_HDR;
		return "PACKET_VNET_HDR on a datagram socket";
	case 11: x->r.flags |= VZCPT_PKT_VNET_HDR; return "PACKET_VNET_HDR with packets queued";
	case 12: x->r.opt.rcvlowat = 0; return "bad socket options";
	case 13: x->r.nr_mc = VZCPT_PKT_MC_MAX + 1; return "too many memberships";
	case 14: x->r.nr_mc = 30; return "memberships past the record";
	case 15: mc_of(x)->type = 4; return "membership type 4";
	case 16: mc_of(x)->count = 0; return "a membership added no time";
	case 17: mc_of(x)->count = VZCPT_PKT_MC_MAX + 1; return "a membership added too often";
	case 18: mc_of(x)->alen = 33; return "a membership address of 33 bytes";
	case 19: mc_of(x)->addr[0] = 1; return "a membership address past its length";
	case 20: memset(mc_of(x)->dev, 0, 16); return "a membership of no device";
	case 21: x->r.nr_pkts = 3; return "a packet more than the record holds";
	case 22: x->r.nr_pkts = 1; return "bytes after the packets";
	case 23: msg_of(x)->len = 100; return "a packet longer than its room";
	case 24: msg_of(x)->len = VZCPT_PKT_MSG_MAX + 8; return "a packet past the limit";
	case 25: msg_of(x)->origlen = 59; return "a packet longer than on the wire";
	case 26: msg_of(x)->net_off = 61; return "a network header past the packet";
	case 27: msg_of(x)->tstamp = -1; return "a negative timestamp";
	case 28: msg_of(x)->pkttype = 8; return "packet type 8";
	case 29: msg_of(x)->halen = 33; return "an address of 33 bytes";
	case 30: msg_of(x)->addr[6] = 1; return "an address past its length";
	case 31: msg_of(x)->flags |= VZCPT_PKTMSG_CSUM_NOTREADY;
		return "a checksum both valid and not ready";
	case 32: msg_of(x)->flags |= 1U << 5; return "an unknown packet flag";
	case 33: msg_of(x)->vlan_tci = 3; return "a VLAN tag without its flag";
	case 34: msg_of(x)->flags |= VZCPT_PKTMSG_VLAN; msg_of(x)->vlan_proto = 0x0800;
		return "a VLAN tag of protocol IPv4";
	case 35: memset(msg_of(x)->dev, 0, 16); return "a packet of no device";
	case 36: ((uint8_t *)(msg_of(x) + 1))[61] = 1; return "a packet's padding";
	case 37: x->len -= 8; return "the last packet cut short";
	case 38: x->len = sizeof(x->r) + sizeof(struct vzcpt_img_packet_mc) + 8;
		return "a packet header cut short";
	case 39: strcpy(x->r.dev, "a\xa0" "b"); return "a device name with a no-break space";
	case 40: strcpy(x->r.dev, "a\vb"); return "a device name with a vertical tab";
	case 41: strcpy(x->r.dev, ".."); return "a device named ..";
	}
	return NULL;
}

int main(void)
{
	char why[256] = "";
	struct rec *x = calloc(1, sizeof(*x));

	if (!x)
		return 1;
	raw_lo(x);
	ok(!check(x, why, sizeof(why)),
	   "a raw socket on lo with a membership and two packets passes: %s", why);
	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.type = 2;
	x->r.flags = VZCPT_PKT_ENETDOWN | VZCPT_PKT_QDISC_BYPASS | VZCPT_PKT_TX_HAS_OFF;
	x->r.version = 2;
	x->r.tstamp = 0x40;
	x->r.copy_thresh = 0xffffffffU;
	x->len = sizeof(x->r);
	ok(!check(x, why, sizeof(why)), "an unbound datagram socket with no protocol passes: %s",
	   why);
	x->r.type = 3;
	x->r.flags |= VZCPT_PKT_VNET_HDR;
	ok(!check(x, why, sizeof(why)), "a raw socket with PACKET_VNET_HDR and no packets passes: %s",
	   why);
	/* dev_valid_name() refuses white space only: a control byte is a name's. */
	strcpy(x->r.dev, "ct\x01x");
	ok(!check(x, why, sizeof(why)), "a device named with a control byte passes: %s", why);
	strcpy(x->r.dev, "ct-\xc3\xa9");
	ok(!check(x, why, sizeof(why)), "a device named in UTF-8 passes: %s", why);
	ok_faults(x, fault, check, "packet socket");
	free(x);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
