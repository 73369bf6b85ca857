// SPDX-License-Identifier: GPL-2.0
/*
 * The legacy x_tables tables of the CT's network namespace (issue 12):
 * iptables-legacy's, ip6tables-legacy's and arptables-legacy's, each read
 * whole with its family's GET_INFO and GET_ENTRIES (../common/vz_xt.c),
 * with every entry's counters, while the CT is frozen. A table that holds
 * only its built-in chains with ACCEPT policies (what `iptables -L` leaves)
 * is left out: it filters nothing, and the next iptables run in the new
 * namespace makes it again. A table the namespace does not have is not
 * asked for, which would make it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/netfilter.h>
#include <linux/netfilter/x_tables.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_xt.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"

/*
 * An entry's target offset (the u16 before its next_offset, in all three
 * families) and, at it, the standard target's verdict.
 */
static int cpt_xt_verdict(const struct vz_xt_family *fam, const void *entries, u32 off)
{
	const struct xt_standard_target *t;
	u16 target_offset;

	memcpy(&target_offset, entries + off + fam->next_off - 2, sizeof(target_offset));
	t = entries + off + target_offset;
	return t->verdict;
}

/* The policy entry at @off and its target lie in the @size bytes of entries. */
static bool cpt_xt_within(const struct vz_xt_family *fam, const void *entries, u32 off,
			  u32 size)
{
	u16 target_offset;

	if (off > size || size - off < fam->entry_size)
		return false;
	memcpy(&target_offset, entries + off + fam->next_off - 2, sizeof(target_offset));
	return target_offset <= size - off - sizeof(struct xt_standard_target);
}

/*
 * Only the built-in chains, with ACCEPT policies: an entry per hook and the
 * table's closing error entry. GET_ENTRIES gave the kernel's own checked
 * entries, where each policy is a standard ACCEPT or DROP.
 */
static bool cpt_xt_empty(const struct vz_xt_family *fam, const struct vzcpt_img_xtable *t,
			 const void *entries)
{
	unsigned int h;

	if (t->num_entries != hweight32(t->valid_hooks) + 1)
		return false;
	for (h = 0; h < fam->hooks; h++)
		if (t->valid_hooks & (1U << h) &&
		    (!cpt_xt_within(fam, entries, t->underflow[h], t->size) ||
		     cpt_xt_verdict(fam, entries, t->underflow[h]) != -NF_ACCEPT - 1))
			return false;
	return true;
}

/* Each entry's counters, in order; -EPROTO for a walk that does not end right. */
static int cpt_xt_counters(const struct vz_xt_family *fam, const struct vzcpt_img_xtable *t,
			   const void *entries, struct xt_counters *ctr)
{
	u32 off = 0, n = 0;
	u16 next;

	while (off < t->size && n < t->num_entries) {
		if (t->size - off < fam->entry_size)
			return -EPROTO;
		memcpy(&next, entries + off + fam->next_off, sizeof(next));
		if (next < fam->entry_size || next > t->size - off)
			return -EPROTO;
		memcpy(&ctr[n++], entries + off + fam->counters_off, sizeof(*ctr));
		off += next;
	}
	return off == t->size && n == t->num_entries ? 0 : -EPROTO;
}

/* Table @name of @fam, which the namespace has: its record, unless it is empty. */
static int cpt_xt_table(struct cpt_dump *d, struct vz_xt *x, const char *name)
{
	struct cpt_context *ctx = d->ctx;
	const struct vz_xt_family *fam = x->fam;
	struct vzcpt_img_xtable t;
	void *rec = NULL;
	size_t len;
	int err, tries;

	for (tries = 0; tries < 3; tries++) {
		err = vz_xt_info(x, name, &t);
		if (err)
			break;
		err = -E2BIG;
		len = sizeof(t) + t.size + (size_t)t.num_entries * sizeof(struct xt_counters);
		if (t.num_entries > VZCPT_XT_MAX_ENTRIES || len > VZCPT_REC_MAX_LEN)
			break;
		kvfree(rec);
		err = -ENOMEM;
		rec = kvmalloc(len, GFP_KERNEL);
		if (!rec)
			break;
		err = vz_xt_entries(x, name, rec + sizeof(t), t.size);
		if (err != -EAGAIN)	/* -EAGAIN: the table changed size between the two */
			break;
	}
	if (!err && cpt_xt_empty(fam, &t, rec + sizeof(t)))
		goto out;
	if (!err)
		err = cpt_xt_counters(fam, &t, rec + sizeof(t), rec + sizeof(t) + t.size);
	if (!err) {
		memcpy(rec, &t, sizeof(t));
		err = cpt_write_rec(d, VZCPT_REC_XTABLE, 0, rec, len, NULL, 0);
		pr_debug("CT %u: network: %s-legacy table %s, %u entries\n", ctx->ctid, fam->tool,
			 name, t.num_entries);
	} else if (err == -E2BIG) {
		cpt_err(ctx, "CT %u's %s-legacy table %s has %u entries of %u bytes: more than an image carries",
			ctx->ctid, fam->tool, name, t.num_entries, t.size);
	} else if (err != -EINTR) {
		cpt_err(ctx, "cannot read CT %u's %s-legacy table %s (error %d)", ctx->ctid,
			fam->tool, name, err);
	}
out:
	kvfree(rec);
	return err;
}

int cpt_dump_xt(struct cpt_dump *d, struct net *net)
{
	const struct vz_xt_family *fam;
	unsigned int f, i;
	struct vz_xt x;
	int err = 0;

	for (f = 0; !err && f < VZ_XT_FAMILIES; f++) {
		fam = &vz_xt_families[f];
		for (i = 0; !err && i < ARRAY_SIZE(fam->tables) && fam->tables[i]; i++) {
			/* asking for a table the namespace has not would make it */
			if (!xt_find_table(net, fam->af, fam->tables[i]))
				continue;
			err = vz_xt_open(&x, net, fam);
			if (err) {
				cpt_err(d->ctx, "cannot open a socket in CT %u's network namespace for its %s-legacy tables (error %d)",
					d->ctx->ctid, fam->tool, err);
				return err;
			}
			err = cpt_xt_table(d, &x, fam->tables[i]);
			vz_xt_close(&x);
		}
	}
	return err;
}
