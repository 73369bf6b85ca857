/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_NETCFG_H
#define _VZ_NETCFG_H

#include <linux/netlink.h>
#include <linux/vzcpt_image.h>

struct net;
struct socket;

/* An rtnetlink socket of the module's own in a CT's namespace (vz_netcfg.c). */
struct vz_nl {
	struct socket *sock;
	struct file *file;	/* the socket's, if vz_nl_give_file() gave it one */
	u32 seq;
	void *buf;		/* VZ_NL_BUF bytes: what recvmsg() reads */
	struct nlmsghdr *req;	/* VZ_NL_REQ bytes: the request being built */
	char ext[96];		/* the kernel's explanation of the last error (extended ACK) */
	bool overflow;		/* the request built did not fit: vz_nl_do() refuses to send it */
};

#define VZ_NL_REQ	1024

/* A device of a configuration: its record, and its index where it was collected. */
struct vz_netcfg_dev {
	struct vzcpt_img_netdev d;
	int ifindex;
};

/*
 * The configuration of a namespace as the image carries it. Collected from
 * the CT's namespace at dump; from the image, and from the namespace it
 * goes into, at restore.
 */
struct vz_netcfg {
	struct vz_netcfg_dev *devs;
	struct vzcpt_img_netaddr *addrs;
	struct vzcpt_img_netroute *routes;
	struct vzcpt_img_netrule *rules;
	struct vzcpt_img_netconf *confs;	/* IPv4 settings: read and written directly */
	struct vzcpt_img_netsysctl **sysctls;	/* each followed by its value (restore only) */
	struct vzcpt_img_netneigh *neighs;	/* collected at dump only */
	struct vzcpt_img_nft **nfts;		/* each followed by its attributes (restore only) */
	struct vzcpt_img_xtable **xtables;	/* with entries and counters (restore only) */
	unsigned int nr_devs, nr_addrs, nr_routes, nr_rules, nr_confs, nr_sysctls, nr_neighs;
	unsigned int cap_devs, cap_addrs, cap_routes, cap_rules, cap_confs, cap_sysctls, cap_neighs;
	unsigned int nr_nfts, cap_nfts, nr_xtables, cap_xtables;
	/*
	 * Collecting the namespace a restore goes into: its devices are named
	 * by the image's ones (@img), devices the image has not get ids past
	 * VZ_NETCFG_OTHER, and nothing is refused.
	 */
	const struct vz_netcfg *img;
};

#define VZ_NETCFG_OTHER	0x80000000U

int vz_nl_open(struct vz_nl *nl, struct net *net);
int vz_nl_open_proto(struct vz_nl *nl, struct net *net, int proto);
void vz_nl_close(struct vz_nl *nl);
int vz_nl_give_file(struct vz_nl *nl);
void vz_nl_start(struct vz_nl *nl, u16 type, u16 flags, const void *hdr, size_t len);
int vz_nl_put(struct vz_nl *nl, u16 type, const void *data, size_t len);
struct nlattr *vz_nl_nest(struct vz_nl *nl, u16 type);
void vz_nl_nest_end(struct vz_nl *nl, struct nlattr *nest);
int vz_nl_do(struct vz_nl *nl);
int vz_nl_do_msg(struct vz_nl *nl, struct nlmsghdr *req);
typedef int (*vz_nl_cb)(void *arg, const struct nlmsghdr *nlh, char *why, size_t whylen);
int vz_nl_dump(struct vz_nl *nl, vz_nl_cb cb, void *arg, char *why, size_t whylen);
int vz_nl_error(struct vz_nl *nl, const struct nlmsghdr *nlh);
int vz_nl_send_buf(struct vz_nl *nl, void *buf, size_t len);
int vz_nl_recv(struct vz_nl *nl, int flags);
const char *vz_nft_str(const struct vzcpt_img_nft *rec, int type, const char *none);

int vz_netcfg_collect(struct vz_nl *nl, struct vz_netcfg *cfg, char *why, size_t whylen);
void vz_netcfg_free(struct vz_netcfg *cfg);
int vz_netcfg_add(void **arr, unsigned int *nr, unsigned int *cap, size_t size, const void *rec);
int vz_netcfg_ifindex(const struct vz_netcfg *cur, u32 id);
int vz_netcfg_what(char *buf, size_t len, u16 type, const void *rec, const struct vz_netcfg *cfg);

#endif /* _VZ_NETCFG_H */
