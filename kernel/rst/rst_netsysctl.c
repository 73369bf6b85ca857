// SPDX-License-Identifier: GPL-2.0
/*
 * The sysctls of the CT's network namespace (issue 12), written into the
 * new one after its devices and IPv4 settings, before its addresses: an
 * IPv6 address needs disable_ipv6 off, a route's hop limit the device's
 * settings. Each goes through the entry's own handler in the namespace's
 * own set (../common/vz_sysctl.c): the handler's ranges and checks, and
 * what a write sets off (forwarding: the routers' addresses; all: each
 * device's), are the kernel's. Those of the namespace (net.ipv6.conf.all,
 * .default, net.core...) first, then each device's own, so that what
 * `all` spreads to the devices is then set back per device as the image
 * has it. A value equal to the namespace's is not written again. A write
 * refused may wait for another (ip_local_port_range for
 * ip_unprivileged_port_start): each round writes what it can, until one
 * writes nothing. A sysctl this kernel has not, or refuses, fails the
 * restore, naming it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>
#include <net/net_namespace.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_netcfg.h"
#include "../common/vz_sysctl.h"
#include "rst_context.h"
#include "rst_net.h"

/* Write what the round can of @pass's sysctls (0: the namespace's, 1: devices'); how many. */
static int rst_netsysctl_round(struct rst_context *ctx, const struct vz_netcfg *img,
			       struct vz_sysctl_ent *ents, unsigned int nr, unsigned long *done,
			       int pass, char *cur, int *last_err, unsigned int *last)
{
	const struct vzcpt_img_netsysctl *s;
	struct vz_sysctl_ent *e;
	unsigned int i, n = 0;
	int len, err;

	for (i = 0; i < img->nr_sysctls; i++) {
		s = img->sysctls[i];
		if (test_bit(i, done) || !!s->dev != pass)
			continue;
		e = vz_sysctl_find(ents, nr, s->path);
		if (!e || !vz_sysctl_carried(e)) {
			rst_err(ctx, "CT %u's sysctl net/%s cannot be set here: this kernel has %s",
				ctx->ctid, s->path, e ? "it read-only" : "no such sysctl");
			return -EOPNOTSUPP;
		}
		len = vz_sysctl_read(e, cur, VZCPT_NETSYSCTL_VALUE);
		if (len == s->len && !memcmp(cur, s + 1, len)) {
			set_bit(i, done);
			continue;
		}
		err = vz_sysctl_write(e, (const char *)(s + 1), s->len);
		if (!err) {
			set_bit(i, done);
			n++;
			continue;
		}
		if (err == -EINTR || err == -ENOMEM)
			return err;
		*last_err = err;
		*last = i;
	}
	return n;
}

int rst_netsysctl(struct rst_context *ctx, const struct vz_netcfg *img)
{
	struct vz_sysctl_ent *ents = NULL;
	unsigned long *done = NULL;
	unsigned int nr = 0, last = 0, i;
	char *cur = NULL, *val;
	int pass, n, err, last_err;

	if (!img->nr_sysctls)
		return 0;
	err = vz_sysctl_list(ctx->net.net, &ents, &nr);
	if (err) {
		rst_err(ctx, "cannot list the sysctls of CT %u's new network namespace (error %d)",
			ctx->ctid, err);
		return err;
	}
	err = -ENOMEM;
	done = bitmap_zalloc(img->nr_sysctls, GFP_KERNEL);
	cur = kvzalloc(VZCPT_NETSYSCTL_VALUE, GFP_KERNEL);
	if (!done || !cur)
		goto out;
	err = 0;
	for (pass = 0; pass < 2 && !err; pass++) {
		do {
			last_err = 0;
			n = rst_netsysctl_round(ctx, img, ents, nr, done, pass, cur, &last_err,
						&last);
		} while (n > 0 && last_err);
		if (n < 0)
			err = n;
		else if (last_err)
			err = last_err;
	}
	if (err && err != -EOPNOTSUPP && err != -EINTR) {
		const struct vzcpt_img_netsysctl *s = img->sysctls[last];

		/* the value, on one line */
		val = cur;
		strscpy(val, (const char *)(s + 1), min_t(size_t, s->len + 1, 64));
		for (i = 0; val[i]; i++)
			if (val[i] == '\t' || val[i] == '\n')
				val[i] = ' ';
		rst_err(ctx, "cannot set CT %u's sysctl net/%s to %s (error %d)", ctx->ctid,
			s->path, strim(val), err);
	}
out:
	kvfree(cur);
	bitmap_free(done);
	vz_sysctl_put(ents, nr);
	return err;
}
