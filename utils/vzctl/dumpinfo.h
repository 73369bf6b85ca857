/* SPDX-License-Identifier: GPL-2.0 */
/*
 * How dumpinfo writes what it decodes: a tree of elements with attributes,
 * as text (cmd_dumpinfo.c) or as XML (image_xml.c, the only libxml2 user).
 * Elements are opened and closed in order; an element's attributes come
 * right after it is opened, before its children.
 */
#ifndef VZCTL_DUMPINFO_H
#define VZCTL_DUMPINFO_H

#include <stdio.h>

struct info_out {
	int (*open)(struct info_out *o, const char *elem);
	int (*attr)(struct info_out *o, const char *name, const char *value);
	int (*close)(struct info_out *o);
	/* Flush and free; returns -1 if anything failed to be written. */
	int (*finish)(struct info_out *o);
	int depth;	/* of the element being opened or closed, set by the caller */
};

/* The XML writer, to @f; NULL if libxml2 cannot set it up. */
struct info_out *info_out_xml(FILE *f);

#endif
