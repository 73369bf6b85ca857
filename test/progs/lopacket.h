/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ethernet frames on lo for the catalog's packet socket programs (packet00, sockfilter00):
 * each to lo's address, 00:00:00:00:00:00, from an address of its own, 02:00:00:00:00:SRC,
 * so that a reader tells them apart by their source.
 */
#ifndef LOPACKET_H
#define LOPACKET_H

#include "zdtm.h"

#include <linux/if_ether.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <sys/socket.h>

#define FRAME_MAX	512

struct frame {
	unsigned char b[FRAME_MAX];
	size_t n;
};

/*
 * A frame of @len bytes, header included, of ethertype @type: its payload @text, then a
 * pattern of @src.
 */
static inline void make_frame(struct frame *f, int src, int type, size_t len, const char *text)
{
	size_t i, t = strlen(text);

	memset(f->b, 0, ETH_ALEN);
	f->b[6] = 0x02;
	memset(f->b + 7, 0, 4);
	f->b[11] = src;
	f->b[12] = type >> 8;
	f->b[13] = type & 0xff;
	memcpy(f->b + ETH_HLEN, text, t);
	for (i = ETH_HLEN + t; i < len; i++)
		f->b[i] = (unsigned char)(i * 37 + src);
	f->n = len;
}

/* lo's index now: a restore may give it another. */
static inline int lo_index(void)
{
	int i = (int)if_nametoindex("lo");

	zt_check(i > 0, "if_nametoindex(lo): %s", strerror(errno));
	return i;
}

/* Asks rtnetlink through socket @fd of lo (RTM_GETLINK), as message @seq; @who for messages. */
static inline void lo_getlink(int fd, unsigned int seq, const char *who)
{
	struct {
		struct nlmsghdr h;
		struct ifinfomsg ifi;
	} req;
	struct sockaddr_nl k = { .nl_family = AF_NETLINK };

	memset(&req, 0, sizeof(req));
	req.h.nlmsg_len = sizeof(req);
	req.h.nlmsg_type = RTM_GETLINK;
	req.h.nlmsg_flags = NLM_F_REQUEST;
	req.h.nlmsg_seq = seq;
	req.ifi.ifi_family = AF_UNSPEC;
	req.ifi.ifi_index = lo_index();
	zt_check(sendto(fd, &req, sizeof(req), 0, (struct sockaddr *)&k, sizeof(k)) ==
		 (ssize_t)sizeof(req), "%s: RTM_GETLINK of lo: %s", who, strerror(errno));
}

#endif
