/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_XT_H
#define _VZ_XT_H

#include <linux/types.h>
#include <linux/vzcpt_image.h>

struct net;
struct socket;

/* An x_tables family: its tool, its socket options, its entries' layout, its tables. */
struct vz_xt_family {
	u8 af;			/* NFPROTO_* */
	int pf;			/* the socket family its options are set on */
	const char *tool;
	unsigned int hooks;	/* NF_INET_NUMHOOKS, NF_ARP_NUMHOOKS */
	int opt_base;		/* GET_INFO and SET_REPLACE; GET_ENTRIES and SET_ADD_COUNTERS + 1 */
	u16 next_off;		/* an entry's next_offset */
	u16 counters_off;	/* an entry's counters */
	u16 entry_size;		/* an entry with no match and no target */
	const char *const tables[6];
};

#define VZ_XT_FAMILIES	3
extern const struct vz_xt_family vz_xt_families[VZ_XT_FAMILIES];
const struct vz_xt_family *vz_xt_family(u8 af);

/* A family's socket options in a namespace, through a socket and user memory of our own. */
struct vz_xt {
	const struct vz_xt_family *fam;
	struct socket *sock;
	void __user *ubuf;
	size_t ulen;
};

int vz_xt_open(struct vz_xt *x, struct net *net, const struct vz_xt_family *fam);
void vz_xt_close(struct vz_xt *x);
int vz_xt_info(struct vz_xt *x, const char *name, struct vzcpt_img_xtable *t);
int vz_xt_entries(struct vz_xt *x, const char *name, void *entries, u32 size);
int vz_xt_replace(struct vz_xt *x, const struct vzcpt_img_xtable *t, const void *entries,
		  u32 num_counters);
int vz_xt_add_counters(struct vz_xt *x, const char *name, const void *counters, u32 n);

#endif
