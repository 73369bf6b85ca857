// SPDX-License-Identifier: GPL-2.0
/*
 * The mounts a CT starts with, recorded when vzctl starts (or restores) it,
 * and compared with what it has at a checkpoint. A restore makes the CT's
 * root as a start does, then the mounts the CT made since, which the image
 * carries (ct_mounts_carry.c says which kinds). So a mount the CT removed or
 * changed, or one of a kind not carried, would silently come back different;
 * the checkpoint refuses it instead, naming the mount.
 *
 * A mount is its mountinfo line without the ids that differ from one
 * mounting to the next (mount id, parent id, device numbers): root, mount
 * point, options, propagation, type, source and superblock options.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ct.h"
#include "ct_mounts.h"
#include "vzerror.h"

static void mounts_path(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, VZ_RUN_DIR "/%u.mounts", ctid);
}

/* The line's fields after the first three, in @buf; NULL for a line not in mountinfo's form. */
static char *mount_key(char *line)
{
	char *p = line;
	int i;

	for (i = 0; i < 3; i++) {
		p = strchr(p, ' ');
		if (!p)
			return NULL;
		p++;
	}
	p[strcspn(p, "\n")] = 0;
	return p;
}

/* Read the mountinfo lines of @init (without their newline) into a malloc'd array. */
static int read_mounts(pid_t init, char ***out, size_t *nr)
{
	char path[64], *line = NULL, *key, **v = NULL, **nv;
	size_t cap = 0, n = 0, len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)init);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	while (getline(&line, &len, f) > 0) {
		line[strcspn(line, "\n")] = 0;
		/* The key is the line's tail: the line itself is kept. */
		key = line;
		if (!mount_key(line))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(v, cap * sizeof(*v));
			if (!nv)
				goto nomem;
			v = nv;
		}
		v[n] = strdup(key);
		if (!v[n])
			goto nomem;
		n++;
	}
	free(line);
	fclose(f);
	*out = v;
	*nr = n;
	return 0;
nomem:
	free(line);
	fclose(f);
	while (n)
		free(v[--n]);
	free(v);
	return -ENOMEM;
}

static void free_mounts(char **v, size_t n)
{
	while (n)
		free(v[--n]);
	free(v);
}

int ct_mounts_record(unsigned int ctid, pid_t init)
{
	char path[64], tmp[80], **v;
	size_t n, i;
	int err, bad = 0;
	FILE *f;

	err = read_mounts(init, &v, &n);
	if (err) {
		fprintf(stderr, "Error: CT %u: unable to read its mounts: %s\n", ctid, strerror(-err));
		return VZ_SYSTEM_ERROR;
	}
	mounts_path(ctid, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f) {
		bad = 1;
	} else {
		for (i = 0; i < n; i++)
			bad |= fprintf(f, "%s\n", mount_key(v[i])) < 0;
		bad |= fclose(f) != 0;
		bad = bad || rename(tmp, path);
	}
	free_mounts(v, n);
	if (!bad)
		return 0;
	fprintf(stderr, "Error: CT %u: unable to record its mounts under " VZ_RUN_DIR ": %s\n",
		ctid, strerror(errno));
	unlink(tmp);
	return VZ_SYSTEM_ERROR;
}

void ct_mounts_forget(unsigned int ctid)
{
	char path[64];

	mounts_path(ctid, path, sizeof(path));
	unlink(path);
}

static int has(char **v, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (v[i] && !strcmp(v[i], key)) {
			free(v[i]);
			v[i] = NULL;	/* each recorded mount matches once */
			return 1;
		}
	return 0;
}

/* "tmpfs at /mnt" from a key: its mount point (field 2) and type (after " - "). */
static void describe(const char *key, char *buf, size_t len)
{
	char point[256] = "?", type[64] = "?";
	const char *dash = strstr(key, " - ");

	sscanf(key, "%*s %255s", point);
	if (dash)
		sscanf(dash + 3, "%63s", type);
	snprintf(buf, len, "%s at %s", type, point);
}

int ct_mounts_check(unsigned int ctid, pid_t init, struct ct_mount **carry, size_t *nr,
		    char *why, size_t len)
{
	char path[64], *line = NULL, **rec = NULL, **now = NULL, what[340], *key;
	size_t nrec = 0, nnow = 0, cap = 0, i, l = 0;
	struct ct_mount *c = NULL;
	size_t nc = 0;
	int err, ret = 0;
	FILE *f;

	*carry = NULL;
	*nr = 0;
	mounts_path(ctid, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return 0;	/* not started by this vzctl: nothing to compare with */
	while (getline(&line, &l, f) > 0) {
		char **nv;

		line[strcspn(line, "\n")] = 0;
		if (nrec == cap) {
			cap = cap ? 2 * cap : 16;
			nv = realloc(rec, cap * sizeof(*rec));
			if (!nv)
				break;
			rec = nv;
		}
		rec[nrec] = strdup(line);
		if (!rec[nrec])
			break;
		nrec++;
	}
	err = ferror(f) || !feof(f) ? -ENOMEM : 0;
	free(line);
	fclose(f);
	if (!err)
		err = read_mounts(init, &now, &nnow);
	if (!err && nnow) {
		c = calloc(nnow, sizeof(*c));
		if (!c)
			err = -ENOMEM;
	}
	if (err) {
		snprintf(why, len, "unable to compare its mounts with those it started with: %s",
			 strerror(-err));
		ret = -1;
		goto out;
	}
	for (i = 0; i < nnow && !ret; i++) {
		key = mount_key(now[i]);
		if (has(rec, nrec, key))
			continue;
		if (ct_mount_carry(now, i, &c[nc], why, len))
			ret = -1;
		else
			nc++;
	}
	for (i = 0; i < nrec && !ret; i++) {
		if (!rec[i])
			continue;
		describe(rec[i], what, sizeof(what));
		snprintf(why, len, "the CT has unmounted or changed %s since it started: mounts a CT changes cannot be carried yet",
			 what);
		ret = -1;
	}
out:
	free_mounts(rec, nrec);
	free_mounts(now, nnow);
	if (ret) {
		ct_mounts_free_carried(c, nc);
	} else {
		*carry = c;
		*nr = nc;
	}
	return ret;
}
