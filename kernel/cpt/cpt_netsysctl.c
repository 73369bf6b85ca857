// SPDX-License-Identifier: GPL-2.0
/*
 * The sysctls of the CT's network namespace (issue 12): every entry of its
 * own sysctl set that the CT's root can read and write, by path, with its
 * value as its handler prints it (../common/vz_sysctl.c), after the
 * NETCONF records, which carry net.ipv4.conf. Nothing is listed by hand:
 * an entry a module registers later is carried as well. A device's entries
 * (net.ipv6.conf.eth0.*, net.ipv4.neigh.dummy0.*) are carried with its
 * NETDEV record's id; those of a device the image leaves out (a tunnel
 * module's fallback device, down) are not, as the device is not. A value
 * that does not fit an image refuses the dump, naming the sysctl.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/net_namespace.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "../common/vz_sysctl.h"
#include "cpt_context.h"
#include "cpt_dump.h"

/*
 * The device a path names: a component between the first and the last that
 * is a device of the namespace. 0 for none; -1 for one the image leaves out.
 */
static int cpt_sysctl_dev(struct net *net, const struct vz_netcfg *cfg, const char *path)
{
	char comp[VZCPT_NETSYSCTL_PATH];
	const char *c = strchr(path, '/'), *end;
	struct net_device *dev;
	unsigned int i;
	int ifindex;

	while (c && (end = strchr(c + 1, '/'))) {
		c++;
		if (end - c < IFNAMSIZ) {
			memcpy(comp, c, end - c);
			comp[end - c] = 0;
			rcu_read_lock();
			dev = dev_get_by_name_rcu(net, comp);
			ifindex = dev ? dev->ifindex : 0;
			rcu_read_unlock();
			if (ifindex) {
				for (i = 0; i < cfg->nr_devs; i++)
					if (cfg->devs[i].ifindex == ifindex)
						return i + 1;
				return -1;
			}
		}
		c = end;
	}
	return 0;
}

int cpt_dump_netsysctl(struct cpt_dump *d, struct net *net, const struct vz_netcfg *cfg)
{
	struct cpt_context *ctx = d->ctx;
	struct vzcpt_img_netsysctl *rec;
	struct vz_sysctl_ent *ents = NULL;
	unsigned int nr = 0, i, n = 0;
	char *val;
	int err, len, dev;

	rec = kvzalloc(sizeof(*rec) + VZCPT_NETSYSCTL_VALUE, GFP_KERNEL);
	if (!rec)
		return -ENOMEM;
	val = (char *)(rec + 1);
	err = vz_sysctl_list(net, &ents, &nr);
	if (err == -ENAMETOOLONG)
		cpt_err(ctx, "CT %u's network namespace has a sysctl with a path longer than %u bytes: it cannot be carried",
			ctx->ctid, VZCPT_NETSYSCTL_PATH - 1);
	else if (err)
		cpt_err(ctx, "cannot list the sysctls of CT %u's network namespace (error %d)",
			ctx->ctid, err);
	for (i = 0; !err && i < nr; i++) {
		if (!vz_sysctl_carried(&ents[i]))
			continue;
		dev = cpt_sysctl_dev(net, cfg, ents[i].path);
		if (dev < 0)
			continue;
		len = vz_sysctl_read(&ents[i], val, VZCPT_NETSYSCTL_VALUE);
		/* stable_secret unset: nothing was set, nothing to carry */
		if (len == -EIO || !len)
			continue;
		if (len < 0) {
			err = len;
			if (err == -E2BIG)
				cpt_err(ctx, "sysctl net/%s of CT %u has a value longer than %u bytes: it cannot be carried",
					ents[i].path, ctx->ctid, VZCPT_NETSYSCTL_VALUE - 1);
			else
				cpt_err(ctx, "cannot read sysctl net/%s of CT %u (error %d)",
					ents[i].path, ctx->ctid, err);
			break;
		}
		memset(rec, 0, sizeof(*rec));
		strscpy(rec->path, ents[i].path, sizeof(rec->path));
		rec->dev = dev;
		rec->len = len;
		err = cpt_write_rec(d, VZCPT_REC_NETSYSCTL, 0, rec, sizeof(*rec) + len, NULL, 0);
		n++;
	}
	vz_sysctl_put(ents, nr);
	kvfree(rec);
	if (!err)
		pr_debug("CT %u: network: %u sysctls\n", ctx->ctid, n);
	return err;
}
