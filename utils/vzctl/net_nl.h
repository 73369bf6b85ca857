/* SPDX-License-Identifier: GPL-2.0 */
/* The rtnetlink socket of net.c, shared with net_arp.c. */
#ifndef VZCTL_NET_NL_H
#define VZCTL_NET_NL_H

#include <netinet/in.h>

#include <libmnl/libmnl.h>

#define NL_MSG_SIZE	8192
#define NL_RCV_SIZE	32768

struct nl {
	struct mnl_socket *sk;
	unsigned int portid;
	unsigned int seq;
};

/* What routes an address: the route's type, prefix length and device. */
struct rlookup {
	int type;
	int dst_len;
	int oif;
};

/* A socket in this process's network namespace; 0 or -errno. */
int nl_open(struct nl *nl);
void nl_close(struct nl *nl);
/* Send @nlh and read the answers through @cb until the ack or the end of a dump; 0 or -errno. */
int nl_talk(struct nl *nl, struct nlmsghdr *nlh, mnl_cb_t cb, void *data);
/* The FIB entry that routes @a (RTM_F_FIB_MATCH); -ENETUNREACH and such when none does. */
int nl_lookup(struct nl *nl, const struct in_addr *a, struct rlookup *r);

#endif
