// SPDX-License-Identifier: GPL-2.0
/*
 * A CT's IPv4 addresses on the host's LANs, as OpenVZ's vzarp and arpsend
 * made them: on each host device whose own network holds an address of the
 * CT, the host answers ARP for it (a proxy entry) and announces it by a
 * gratuitous ARP when the CT comes up, so that a peer there finds the CT at
 * once, also when it came from another host. The entries carry protocol
 * NET_ARP_PROTO, so that a CT's teardown removes ours, and only those whose
 * address no CT here has any more. Best effort: a failure is a warning,
 * never a reason to fail the CT's start or restore.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <net/if.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include "net_arp.h"
#include "net_nl.h"

/* Ours among the kernel's neighbour entries (NDA_PROTOCOL; 0-4 are the kernel's own). */
#define NET_ARP_PROTO	0x56
#define MAX_LAN		32

/* A host device on a LAN: up, ARP-capable, with an IPv4 network of its own. */
struct lan {
	int index;
	struct in_addr addr;
	int plen;
	unsigned char mac[ETH_ALEN];
	char name[IF_NAMESIZE];
};

struct lans {
	int n;
	struct lan l[MAX_LAN];
};

static int lan_addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct lans *ls = data;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET ||
	    ifa->ifa_scope != RT_SCOPE_UNIVERSE || ifa->ifa_prefixlen >= 31 || ls->n == MAX_LAN)
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifa)) {
		if (mnl_attr_get_type(a) != IFA_LOCAL || mnl_attr_get_payload_len(a) != 4)
			continue;
		ls->l[ls->n].index = ifa->ifa_index;
		ls->l[ls->n].plen = ifa->ifa_prefixlen;
		memcpy(&ls->l[ls->n].addr, mnl_attr_get_payload(a), 4);
		ls->n++;
	}
	return MNL_CB_OK;
}

/* Whether the device of @l is an Ethernet LAN, up; its MAC and name into @l. */
static int lan_link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct lan *l = data;
	struct nlattr *a;

	if (nlh->nlmsg_type != RTM_NEWLINK || ifi->ifi_type != ARPHRD_ETHER ||
	    !(ifi->ifi_flags & IFF_UP) || ifi->ifi_flags & (IFF_NOARP | IFF_LOOPBACK))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*ifi)) {
		if (mnl_attr_get_type(a) == IFLA_ADDRESS && mnl_attr_get_payload_len(a) == ETH_ALEN)
			memcpy(l->mac, mnl_attr_get_payload(a), ETH_ALEN);
		else if (mnl_attr_get_type(a) == IFLA_IFNAME)
			snprintf(l->name, sizeof(l->name), "%s", mnl_attr_get_str(a));
	}
	return MNL_CB_OK;
}

static int lan_find(struct nl *nl, struct lans *ls)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;
	struct ifaddrmsg *ifa;
	int i, j, ret;

	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = RTM_GETADDR;
	nlh->nlmsg_flags = NLM_F_DUMP;
	ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	ifa->ifa_family = AF_INET;
	ls->n = 0;
	ret = nl_talk(nl, nlh, lan_addr_cb, ls);
	if (ret)
		return ret;
	for (i = j = 0; i < ls->n; i++) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETLINK;
		ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));
		ifi->ifi_index = ls->l[i].index;
		ls->l[i].name[0] = 0;
		if (nl_talk(nl, nlh, lan_link_cb, &ls->l[i]) || !ls->l[i].name[0])
			continue;	/* gone, down, or not a LAN */
		ls->l[j++] = ls->l[i];
	}
	ls->n = j;
	return 0;
}

static int same_net(struct in_addr a, struct in_addr b, int plen)
{
	uint32_t mask = plen ? htonl(~0U << (32 - plen)) : 0;

	return (a.s_addr & mask) == (b.s_addr & mask);
}

static int proxy_set(struct nl *nl, int type, int index, struct in_addr ip)
{
	char buf[NL_MSG_SIZE];
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(buf);
	struct ndmsg *nd;

	nlh->nlmsg_type = type;
	if (type == RTM_NEWNEIGH)
		nlh->nlmsg_flags = NLM_F_CREATE | NLM_F_REPLACE;
	nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
	nd->ndm_family = AF_INET;
	nd->ndm_ifindex = index;
	nd->ndm_flags = NTF_PROXY;
	nd->ndm_state = NUD_PERMANENT;
	mnl_attr_put(nlh, NDA_DST, sizeof(ip), &ip);
	mnl_attr_put_u8(nlh, NDA_PROTOCOL, NET_ARP_PROTO);
	return nl_talk(nl, nlh, NULL, NULL);
}

/* An ARP announcement (RFC 5227): a request for @ip from @ip, to everyone on @l. */
static int garp(int sk, const struct lan *l, struct in_addr ip)
{
	struct sockaddr_ll to = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_ARP),
		.sll_ifindex = l->index,
		.sll_halen = ETH_ALEN,
		.sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	unsigned char pkt[sizeof(struct arphdr) + 2 * (ETH_ALEN + 4)];
	struct arphdr *ah = (struct arphdr *)pkt;
	unsigned char *p = pkt + sizeof(*ah);

	ah->ar_hrd = htons(ARPHRD_ETHER);
	ah->ar_pro = htons(ETH_P_IP);
	ah->ar_hln = ETH_ALEN;
	ah->ar_pln = 4;
	ah->ar_op = htons(ARPOP_REQUEST);
	memcpy(p, l->mac, ETH_ALEN);
	memcpy(p + ETH_ALEN, &ip, 4);
	memset(p + ETH_ALEN + 4, 0, ETH_ALEN);
	memcpy(p + 2 * ETH_ALEN + 4, &ip, 4);
	if (sendto(sk, pkt, sizeof(pkt), 0, (struct sockaddr *)&to, sizeof(to)) !=
	    (ssize_t)sizeof(pkt))
		return -errno;
	return 0;
}

void net_arp_announce(unsigned int ctid, const struct in_addr *ips, int n)
{
	char s[INET_ADDRSTRLEN];
	struct lans ls;
	struct nl nl;
	int i, j, r, sk = -1;

	if (n <= 0)
		return;
	r = nl_open(&nl);
	if (!r)
		r = lan_find(&nl, &ls);
	if (r) {
		fprintf(stderr, "Warning: CT %u: cannot list the host's networks to announce its addresses: %s\n",
			ctid, strerror(-r));
		nl_close(&nl);
		return;
	}
	for (i = 0; i < n; i++) {
		inet_ntop(AF_INET, &ips[i], s, sizeof(s));
		for (j = 0; j < ls.n; j++) {
			if (!same_net(ips[i], ls.l[j].addr, ls.l[j].plen) ||
			    ips[i].s_addr == ls.l[j].addr.s_addr)
				continue;
			r = proxy_set(&nl, RTM_NEWNEIGH, ls.l[j].index, ips[i]);
			if (!r && sk < 0) {
				sk = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC, htons(ETH_P_ARP));
				r = sk < 0 ? -errno : 0;
			}
			if (!r)
				r = garp(sk, &ls.l[j], ips[i]);
			if (r)
				fprintf(stderr, "Warning: CT %u: cannot announce %s on %s: %s\n", ctid,
					s, ls.l[j].name, strerror(-r));
		}
	}
	if (sk >= 0)
		close(sk);
	nl_close(&nl);
}

struct stale {
	int n;
	struct {
		int index;
		struct in_addr ip;
	} e[256];
};

static int proxy_cb(const struct nlmsghdr *nlh, void *data)
{
	struct ndmsg *nd = mnl_nlmsg_get_payload(nlh);
	struct stale *st = data;
	struct in_addr ip = { 0 };
	struct nlattr *a;
	int ours = 0, has_ip = 0;

	if (nlh->nlmsg_type != RTM_NEWNEIGH || nd->ndm_family != AF_INET ||
	    !(nd->ndm_flags & NTF_PROXY))
		return MNL_CB_OK;
	mnl_attr_for_each(a, nlh, sizeof(*nd)) {
		if (mnl_attr_get_type(a) == NDA_PROTOCOL && mnl_attr_get_payload_len(a) == 1)
			ours = mnl_attr_get_u8(a) == NET_ARP_PROTO;
		else if (mnl_attr_get_type(a) == NDA_DST && mnl_attr_get_payload_len(a) == 4) {
			memcpy(&ip, mnl_attr_get_payload(a), 4);
			has_ip = 1;
		}
	}
	if (ours && has_ip && st->n < (int)(sizeof(st->e) / sizeof(st->e[0]))) {
		st->e[st->n].index = nd->ndm_ifindex;
		st->e[st->n].ip = ip;
		st->n++;
	}
	return MNL_CB_OK;
}

void net_arp_prune(void)
{
	char buf[NL_MSG_SIZE], s[INET_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct rlookup rl;
	struct ndmsg *nd;
	struct stale st = { 0 };
	struct nl nl;
	int i, r;

	r = nl_open(&nl);
	if (!r) {
		nlh = mnl_nlmsg_put_header(buf);
		nlh->nlmsg_type = RTM_GETNEIGH;
		nlh->nlmsg_flags = NLM_F_DUMP;
		nd = mnl_nlmsg_put_extra_header(nlh, sizeof(*nd));
		nd->ndm_family = AF_INET;
		nd->ndm_flags = NTF_PROXY;	/* the proxy entries only */
		r = nl_talk(&nl, nlh, proxy_cb, &st);
	}
	if (r) {
		fprintf(stderr, "Warning: cannot read the host's proxy ARP entries: %s\n", strerror(-r));
		nl_close(&nl);
		return;
	}
	for (i = 0; i < st.n; i++) {
		/* a CT here still has it: the host routes it to that CT by a /32 */
		if (!nl_lookup(&nl, &st.e[i].ip, &rl) && rl.type == RTN_UNICAST && rl.dst_len == 32)
			continue;
		r = proxy_set(&nl, RTM_DELNEIGH, st.e[i].index, st.e[i].ip);
		if (r && r != -ENOENT) {
			inet_ntop(AF_INET, &st.e[i].ip, s, sizeof(s));
			fprintf(stderr, "Warning: cannot remove the proxy ARP entry of %s: %s\n", s,
				strerror(-r));
		}
	}
	nl_close(&nl);
}
