// SPDX-License-Identifier: GPL-2.0
/*
 * Which of the mounts a CT made since it started a dump can carry, read from
 * its mountinfo: a new tmpfs (its files go into the image), mqueue or proc
 * (the kernel checks they are the CT's own namespaces'), or a bind mount
 * of a path the CT can reach (a mount earlier in the list, or the CT's root,
 * shows the same filesystem and a root that contains it). The kernel checks
 * each against the CT's mounts again (cpt_mount.c); this only names them.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vzcpt_image.h>

#include "ct_mounts.h"

/* The fields of one mountinfo line this needs, unescaped, in @buf. */
struct mi {
	char *dev, *root, *point, *opt, *type, *source;
	const char *prop;	/* "a shared", "a slave" or "an unbindable" if not private */
};

/* mountinfo's octal escapes (\040 for a space...) undone in place. */
static void unescape(char *s)
{
	char *d = s;

	for (; *s; s++) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			*d++ = (char)((s[1] - '0') << 6 | (s[2] - '0') << 3 | (s[3] - '0'));
			s += 3;
		} else {
			*d++ = *s;
		}
	}
	*d = 0;
}

/* Split the copy @buf of a line; -1 for a line not in mountinfo's form. */
static int parse(char *buf, struct mi *m)
{
	char *f[6], *p, *save = NULL;
	int i;

	memset(m, 0, sizeof(*m));
	for (i = 0, p = strtok_r(buf, " \n", &save); p && i < 6; p = strtok_r(NULL, " \n", &save))
		f[i++] = p;
	if (i < 6)
		return -1;
	/* Optional fields up to "-": the mount's propagation. */
	for (; p && strcmp(p, "-"); p = strtok_r(NULL, " \n", &save)) {
		if (!strncmp(p, "shared:", 7))
			m->prop = "a shared";
		else if (!strncmp(p, "master:", 7))
			m->prop = "a slave";
		else if (!strcmp(p, "unbindable"))
			m->prop = "an unbindable";
	}
	if (!p)
		return -1;
	m->type = strtok_r(NULL, " \n", &save);
	m->source = strtok_r(NULL, " \n", &save);
	if (!m->type || !m->source)
		return -1;
	m->dev = f[2];
	m->root = f[3];
	m->point = f[4];
	m->opt = f[5];
	unescape(m->root);
	unescape(m->point);
	unescape(m->type);
	unescape(m->source);
	return 0;
}

/* @root's part below @base (a path prefix of it, component-wise), or NULL. */
static const char *below(const char *root, const char *base)
{
	size_t n = strcmp(base, "/") ? strlen(base) : 0;

	if (strncmp(root, base, n) || (root[n] && root[n] != '/'))
		return NULL;
	/* The filesystem's root itself ("/" below "/") adds nothing. */
	return strcmp(root + n, "/") ? root + n : "";
}

/* The kinds of new filesystem a dump carries, by type; 0 for the rest. */
static unsigned int new_kind(const char *type)
{
	if (!strcmp(type, "tmpfs"))
		return VZCPT_MOUNT_TMPFS;
	if (!strcmp(type, "mqueue"))
		return VZCPT_MOUNT_MQUEUE;
	if (!strcmp(type, "proc"))
		return VZCPT_MOUNT_PROC;
	return 0;
}

int ct_mount_carry(char **lines, size_t idx, struct ct_mount *out, char *why, size_t len)
{
	char *buf = strdup(lines[idx]), *other = NULL, *src = NULL;
	const char *rest;
	struct mi m, o;
	size_t i, best_len = 0;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!buf) {
		snprintf(why, len, "out of memory");
		return -1;
	}
	if (parse(buf, &m)) {
		snprintf(why, len, "its mountinfo has a line it cannot read");
		goto out;
	}
	if (m.prop) {
		snprintf(why, len, "the CT has mounted %s at %s, which is %s mount: only private mounts can be carried yet",
			 m.type, m.point, m.prop);
		goto out;
	}
	if (!strcmp(m.point, "/")) {
		snprintf(why, len, "the CT has mounted %s over its root: it cannot be carried",
			 m.type);
		goto out;
	}
	/* The longest root among earlier mounts of the same filesystem that holds this one's. */
	for (i = 0; i < idx; i++) {
		free(other);
		other = strdup(lines[i]);
		if (!other || parse(other, &o))
			continue;
		if (!strcmp(o.point, m.point)) {
			snprintf(why, len, "the CT has mounted %s at %s over another mount there: stacked mounts cannot be carried yet",
				 m.type, m.point);
			goto out;
		}
		if (strcmp(o.dev, m.dev))
			continue;
		rest = below(m.root, o.root);
		if (!rest || (src && strlen(o.root) <= best_len))
			continue;
		free(src);
		if (asprintf(&src, "%s%s", o.point, rest) < 0) {
			src = NULL;
			continue;
		}
		best_len = strlen(o.root);
	}
	out->target = strdup(m.point);
	if (!out->target) {
		snprintf(why, len, "out of memory");
		goto out;
	}
	if (src) {
		/* "/" and "/x" give "//x": one slash is enough. */
		if (src[0] == '/' && src[1] == '/')
			memmove(src, src + 1, strlen(src));
		out->kind = VZCPT_MOUNT_BIND;
		out->source = src;
		src = NULL;
		ret = 0;
	} else if (!strcmp(m.root, "/") && (out->kind = new_kind(m.type))) {
		out->source = strdup(m.source);
		ret = out->source ? 0 : -1;
		if (ret)
			snprintf(why, len, "out of memory");
	} else {
		snprintf(why, len, "the CT has mounted %s at %s since it started: only tmpfs, mqueue, proc and bind mounts of the CT's own paths can be carried yet",
			 m.type, m.point);
	}
out:
	if (ret) {
		free(out->target);
		out->target = NULL;
	}
	free(src);
	free(other);
	free(buf);
	return ret;
}

void ct_mounts_free_carried(struct ct_mount *v, size_t n)
{
	while (n--) {
		free(v[n].target);
		free(v[n].source);
	}
	free(v);
}
