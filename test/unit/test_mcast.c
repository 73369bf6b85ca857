// SPDX-License-Identifier: GPL-2.0
/*
 * The INET_MCAST record's validator (img_check_mcast() through img_check_payload()): what a
 * dump makes of a socket with changed multicast options and two IPv4 and two IPv6 groups, one
 * for chosen sources only and one for all but one, passes, and a socket with options alone; each field an image could forge past what a dump
 * makes, or the kernel's setters take, is refused on its own. What depends on the socket (its
 * family, its being raw, the record's place) is img_feed_mcast()'s, run by the whole-image
 * checks of test 27.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "img_check.h"
#include "tap.h"

/* The payload as a dump lays it out when all four groups are there: then their sources. */
struct rec {
	struct vzcpt_img_mcast r;
	struct vzcpt_img_mcast_group g[4];
	uint8_t src[3][16];
	uint32_t len;		/* of the payload */
};

static int check(const struct rec *x, char *why, size_t whylen)
{
	return img_check_payload(VZCPT_REC_INET_MCAST, x, x->len, why, whylen);
}

static void group(struct rec *x, unsigned int i, uint16_t family, const char *dev)
{
	memset(&x->g[i], 0, sizeof(x->g[i]));
	x->g[i].family = family;
	if (family == 2) {
		x->g[i].group[0] = 239, x->g[i].group[1] = 7, x->g[i].group[3] = (uint8_t)(1 + i);
	} else {
		x->g[i].group[0] = 0xff, x->g[i].group[1] = 0x15, x->g[i].group[15] = (uint8_t)i;
	}
	strcpy(x->g[i].dev, dev);
}

/*
 * An IPv6 socket: TTL 5, no IPv4 loop, hops 9, IP_MULTICAST_IF eth0 by address, 4 groups:
 * an IPv4 one for any source, one for sources 10.0.0.7 and 10.0.0.8 only, an IPv6 one for
 * every source but 2001:db8::9, and one for any source.
 */
static void good(struct rec *x)
{
	memset(x, 0, sizeof(*x));
	x->r.flags = VZCPT_MCAST_ALL4 | VZCPT_MCAST_LOOP6 | VZCPT_MCAST_ALL6;
	x->r.ttl = 5;
	x->r.hops = 9;
	x->r.if4_addr[0] = 10, x->r.if4_addr[3] = 2;
	strcpy(x->r.if4_dev, "eth0");
	strcpy(x->r.if6_dev, "lo");
	group(x, 0, 2, "eth0");
	group(x, 1, 2, "lo");
	group(x, 2, 10, "eth0");
	group(x, 3, 10, "lo");
	x->g[1].mode = VZCPT_MCAST_INCLUDE;
	x->g[1].nr_sources = 2;
	x->src[0][0] = 10, x->src[0][3] = 7;
	x->src[1][0] = 10, x->src[1][3] = 8;
	x->g[2].nr_sources = 1;
	x->src[2][0] = 0x20, x->src[2][1] = 0x01, x->src[2][2] = 0x0d, x->src[2][3] = 0xb8;
	x->src[2][15] = 9;
	x->r.nr_groups = 4;
	x->r.nr_sources = 3;
	x->len = sizeof(x->r) + sizeof(x->g) + sizeof(x->src);
}

static const char *fault(struct rec *x, unsigned int i)
{
	good(x);
	switch (i) {
	case 0: x->r.flags |= 0x10; return "an unknown flag";
	case 1: x->r.reserved8 = 1; return "a reserved byte";
	case 2: x->r.reserved = 1; return "a reserved word";
	case 3: x->r.nr_groups = 5; return "more groups than bytes";
	case 4: x->len -= 1; return "a source cut short";
	case 5: x->r.hops = 256; return "IPV6_MULTICAST_HOPS 256";
	case 6: x->r.hops = -2; return "IPV6_MULTICAST_HOPS -2";
	case 7: x->r.if4_dev[0] = 0; return "IP_MULTICAST_IF's address with no device";
	case 8: strcpy(x->r.if6_dev, "a/b"); return "a device name with a slash";
	case 9: memset(x->r.if4_dev, 'x', 16); return "a device name with no NUL";
	case 10: x->g[0].family = 1; return "a group of family AF_UNIX";
	case 11: x->g[0].group[0] = 10; return "an IPv4 group that is no multicast address";
	case 12: x->g[2].group[0] = 0xfe; return "an IPv6 group that is no multicast address";
	case 13: x->g[0].group[5] = 1; return "an IPv4 group with bytes past its 4";
	case 14: x->g[2].local[0] = 1; return "an IPv6 group with an IPv4 interface address";
	case 15: x->g[1].dev[0] = 0; return "a group on no device";
	case 16: x->g[1].reserved = 1; return "a group's reserved field";
	case 17: group(x, 0, 2, "lo"); x->g[0].group[3] = 2; return "a group joined twice";
	case 18: group(x, 0, 10, "eth0"); return "an IPv4 group after an IPv6 one";
	case 19: x->r.nr_groups = VZCPT_MCAST_MAX_GROUPS + 1; return "too many groups";
	case 20: x->g[0].mode = 2; return "an unknown filter mode";
	case 21: x->g[1].nr_sources = 0; x->g[1].mode = VZCPT_MCAST_INCLUDE;
		x->g[0].nr_sources = 2; return "only its sources, and none";
	case 22: x->g[2].nr_sources = 2; return "more sources in a group than in all";
	case 23: x->g[1].nr_sources = 1; return "fewer sources in the groups than in all";
	case 24: x->src[1][4] = 1; return "an IPv4 source with bytes past its 4";
	case 25: x->r.nr_sources = VZCPT_MCAST_MAX_SOURCES + 1; return "too many sources";
	case 26: x->g[3].reserved = 1; return "a group's reserved byte";
	}
	return NULL;
}

int main(void)
{
	char why[256] = "";
	struct rec *x = calloc(1, sizeof(*x));

	if (!x)
		return 1;
	good(x);
	ok(!check(x, why, sizeof(why)), "an IPv6 socket's options and 4 groups, 2 with sources, pass: %s",
	   why);
	x->r.nr_groups = 0;
	x->r.nr_sources = 0;
	x->len = sizeof(x->r);
	ok(!check(x, why, sizeof(why)), "and its options alone: %s", why);
	memset(x, 0, sizeof(*x));
	x->r.flags = VZCPT_MCAST_LOOP4 | VZCPT_MCAST_ALL4;
	x->r.ttl = 1;
	group(x, 0, 2, "lo");
	x->r.nr_groups = 1;
	x->len = sizeof(x->r) + sizeof(x->g[0]);
	ok(!check(x, why, sizeof(why)), "an IPv4 socket with one group on lo passes: %s", why);
	ok_faults(x, fault, check, "multicast");
	free(x);
	printf("1..%u\n", tests);
	return failed ? 1 : 0;
}
