// SPDX-License-Identifier: GPL-2.0
/*
 * The NETLINK record's validator (img_check_netlink() through img_check_payload()): what a
 * dump makes of a route monitor bound to a port id with groups past 32, two messages queued
 * and its options, and of an unbound uevent socket, passes; each field an image could forge
 * past what a dump makes, or the kernel's setters take, is refused on its own.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "img_check.h"
#include "tap.h"

struct rec {
	struct vzcpt_img_netlink r;
	uint8_t rest[512];
	uint32_t len;		/* of the payload */
};

static int check(const struct rec *x, char *why, size_t whylen)
{
	return img_check_payload(VZCPT_REC_NETLINK, x, x->len, why, whylen);
}

static struct vzcpt_img_nlmsg *msg_of(struct rec *x)
{
	return (struct vzcpt_img_nlmsg *)x->rest;
}

/*
 * NETLINK_ROUTE, raw, port id 4242, groups 1, 5 and 40, connected to the kernel, with
 * NETLINK_PKTINFO and NETLINK_EXT_ACK; a 20-byte message from the kernel to group 1 and a
 * 16-byte one from port 77 queued.
 */
static void route(struct rec *x)
{
	struct vzcpt_img_nlmsg m = { .len = 20, .dst_group = 1, .uid = 65534, .gid = 65534 };
	uint8_t *p = x->rest;

	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.opt.flags = VZCPT_SO_RCVBUF;
	x->r.opt.rcvbuf = 1 << 20;
	x->r.type = 3;
	x->r.protocol = VZCPT_NETLINK_ROUTE;
	x->r.portid = 4242;
	x->r.flags = VZCPT_NL_BOUND | VZCPT_NL_CONNECTED | VZCPT_NL_PKTINFO | VZCPT_NL_EXT_ACK;
	x->r.groups[0] = 1ULL << 0 | 1ULL << 4 | 1ULL << 39;
	x->r.nr_msgs = 2;
	memcpy(p, &m, sizeof(m));
	memset(p + sizeof(m), 0xab, 20);
	p += sizeof(m) + 24;
	m.len = 16;
	m.portid = 77;
	m.dst_group = 0;
	m.pid = 77;
	m.uid = 0;
	m.gid = 0;
	memcpy(p, &m, sizeof(m));
	memset(p + sizeof(m), 0xcd, 16);
	p += sizeof(m) + 16;
	x->len = sizeof(x->r) + (uint32_t)(p - x->rest);
}

/* Fault @i: starts from a good record and breaks one thing; returns its name, NULL past the last. */
static const char *fault(struct rec *x, unsigned int i)
{
	route(x);
	switch (i) {
	case 0: x->r.protocol = 9; return "protocol NETLINK_AUDIT";
	case 1: x->r.protocol = 2; return "protocol NETLINK_USERSOCK";
	case 2: x->r.type = 1; return "a stream socket";
	case 3: x->r.type = 5; return "a seqpacket socket";
	case 4: x->r.reserved = 1; return "a reserved field";
	case 5: x->r.flags |= 1U << 20; return "an unknown flag";
	case 6: x->r.flags &= ~VZCPT_NL_BOUND; return "a port id without the bound flag";
	case 7: x->r.portid = 0; return "bound to port id 0";
	case 8: x->r.flags &= ~VZCPT_NL_CONNECTED; x->r.dst_portid = 5;
		return "a peer without being connected";
	case 9: x->r.flags &= ~VZCPT_NL_CONNECTED; x->r.dst_group = 1;
		return "a peer group without being connected";
	case 10: x->r.dst_group = 33; return "connected to group 33";
	case 11: x->r.flags &= ~VZCPT_NL_BOUND; x->r.portid = 0;
		return "connected but not bound";
	case 12: x->r.opt.rcvlowat = 0; return "bad socket options";
	case 13: x->r.opt.rcvbuf = 7; return "an odd receive buffer";
	case 14: x->r.nr_msgs = 3; return "a message more than the record holds";
	case 15: x->r.nr_msgs = 1; return "bytes after the messages";
	case 16: x->r.nr_msgs = 0; return "messages the count leaves out";
	case 17: msg_of(x)->len = 100; return "a message longer than its room";
	case 18: msg_of(x)->len = VZCPT_NL_MSG_MAX + 8; return "a message past 256 KiB";
	case 19: msg_of(x)->len = 0xfffffff0U; return "a message of 4 GiB";
	case 20: msg_of(x)->reserved = 1; return "a message's reserved field";
	case 21: x->rest[sizeof(struct vzcpt_img_nlmsg) + 21] = 1; return "a message's padding";
	case 22: x->len -= 8; return "the last message cut short";
	case 23: x->len = sizeof(x->r) + 8; return "a message header cut short";
	}
	return NULL;
}

int main(void)
{
	char why[256] = "";
	struct rec *x = calloc(1, sizeof(*x));

	if (!x)
		return 1;
	route(x);
	ok(!check(x, why, sizeof(why)),
	   "a bound, connected route socket with groups past 32 and two messages passes: %s", why);
	memset(x, 0, sizeof(*x));
	x->r.opt.rcvlowat = 1;
	x->r.type = 2;
	x->r.protocol = VZCPT_NETLINK_UEVENT;
	x->r.groups[0] = 1;
	x->r.flags = VZCPT_NL_ENOBUFS | VZCPT_NL_NO_ENOBUFS;
	x->len = sizeof(x->r);
	ok(!check(x, why, sizeof(why)), "an unbound uevent socket subscribed to group 1 passes: %s",
	   why);
	x->r.protocol = VZCPT_NETLINK_SOCK_DIAG;
	ok(!check(x, why, sizeof(why)), "a sock_diag socket passes: %s", why);
	x->r.protocol = VZCPT_NETLINK_GENERIC;
	x->r.groups[7] = 1ULL << 63;
	ok(!check(x, why, sizeof(why)), "a generic socket in group 512 passes: %s", why);
	ok_faults(x, fault, check, "netlink socket");
	free(x);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
