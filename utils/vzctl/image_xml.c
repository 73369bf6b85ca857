// SPDX-License-Identifier: GPL-2.0
/* dumpinfo --xml: the image as an XML document, written with libxml2's xmlTextWriter. */
#include <stdlib.h>

#include <libxml/xmlwriter.h>

#include "dumpinfo.h"

struct info_xml {
	struct info_out o;
	xmlTextWriterPtr w;
	int err;
};

static int xml_open(struct info_out *o, const char *elem)
{
	struct info_xml *x = (struct info_xml *)o;

	if (xmlTextWriterStartElement(x->w, BAD_CAST elem) < 0)
		x->err = -1;
	return x->err;
}

static int xml_attr(struct info_out *o, const char *name, const char *value)
{
	struct info_xml *x = (struct info_xml *)o;

	if (xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST value) < 0)
		x->err = -1;
	return x->err;
}

static int xml_close(struct info_out *o)
{
	struct info_xml *x = (struct info_xml *)o;

	if (xmlTextWriterEndElement(x->w) < 0)
		x->err = -1;
	return x->err;
}

static int xml_finish(struct info_out *o)
{
	struct info_xml *x = (struct info_xml *)o;
	int err;

	if (xmlTextWriterEndDocument(x->w) < 0)
		x->err = -1;
	xmlFreeTextWriter(x->w);
	err = x->err;
	free(x);
	return err;
}

struct info_out *info_out_xml(FILE *f)
{
	struct info_xml *x = calloc(1, sizeof(*x));
	xmlOutputBufferPtr out;

	if (!x)
		return NULL;
	LIBXML_TEST_VERSION;
	out = xmlOutputBufferCreateFile(f, NULL);
	x->w = out ? xmlNewTextWriter(out) : NULL;
	if (!x->w || xmlTextWriterSetIndent(x->w, 1) < 0 ||
	    xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
	    xmlTextWriterStartDocument(x->w, NULL, "UTF-8", NULL) < 0) {
		if (x->w)
			xmlFreeTextWriter(x->w);
		else if (out)
			xmlOutputBufferClose(out);
		free(x);
		return NULL;
	}
	x->o.open = xml_open;
	x->o.attr = xml_attr;
	x->o.close = xml_close;
	x->o.finish = xml_finish;
	return &x->o;
}
