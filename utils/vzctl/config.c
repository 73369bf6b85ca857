// SPDX-License-Identifier: GPL-2.0
/*
 * OpenVZ's configuration format, kept line by line: a file that vzctl
 * rewrites keeps the administrator's comments, unknown keys and order, and
 * only the line of a changed key is regenerated.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

struct conf_line {
	char *text;	/* the line as read or generated, without its newline */
	char *key;	/* NULL for a comment or a blank line */
	char *value;	/* unquoted */
};

struct vzconf {
	struct conf_line *lines;
	size_t n, cap;
};

static void set_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (!err || !len)
		return;
	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
}

struct vzconf *conf_new(void)
{
	return calloc(1, sizeof(struct vzconf));
}

void conf_free(struct vzconf *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n; i++) {
		free(c->lines[i].text);
		free(c->lines[i].key);
		free(c->lines[i].value);
	}
	free(c->lines);
	free(c);
}

static struct conf_line *add_line(struct vzconf *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;
		struct conf_line *l = realloc(c->lines, cap * sizeof(*l));

		if (!l)
			return NULL;
		c->lines = l;
		c->cap = cap;
	}
	memset(&c->lines[c->n], 0, sizeof(c->lines[0]));
	return &c->lines[c->n++];
}

static int key_char(int ch, int first)
{
	return ch == '_' || isupper(ch) || islower(ch) || (!first && isdigit(ch));
}

/*
 * Parse one line into @l (key and value set for an assignment). Returns 0,
 * or -1 with the reason in @why.
 */
static int parse_line(const char *text, struct conf_line *l, char *why, size_t len)
{
	const char *p = text, *k, *v, *end;
	char *val, *o;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;
	k = p;
	while (key_char((unsigned char)*p, p == k))
		p++;
	if (p == k) {
		set_err(why, len, "a key must start with a letter or '_': '%s'", text);
		return -1;
	}
	end = p;
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p != '=') {
		set_err(why, len, "missing '=' after '%.*s'", (int)(end - k), k);
		return -1;
	}
	p++;
	while (*p == ' ' || *p == '\t')
		p++;
	val = malloc(strlen(p) + 1);
	if (!val) {
		set_err(why, len, "out of memory");
		return -1;
	}
	o = val;
	if (*p == '"' || *p == '\'') {
		char q = *p++;

		v = strchr(p, q);
		if (!v) {
			free(val);
			set_err(why, len, "unterminated %s quote in the value of %.*s",
				q == '"' ? "double" : "single", (int)(end - k), k);
			return -1;
		}
		memcpy(o, p, v - p);
		o[v - p] = 0;
		p = v + 1;
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p && *p != '#') {
			free(val);
			set_err(why, len, "text after the closing quote of %.*s: '%s'",
				(int)(end - k), k, p);
			return -1;
		}
	} else {
		/* Unquoted: up to a comment or the end, trailing blanks dropped. */
		v = p;
		while (*v && !(*v == '#' && (v == p || v[-1] == ' ' || v[-1] == '\t')))
			v++;
		while (v > p && (v[-1] == ' ' || v[-1] == '\t'))
			v--;
		memcpy(o, p, v - p);
		o[v - p] = 0;
	}
	l->key = strndup(k, end - k);
	l->value = val;
	if (!l->key) {
		set_err(why, len, "out of memory");
		return -1;
	}
	return 0;
}

struct vzconf *conf_load(const char *path, int missing_ok, char *err, size_t errlen)
{
	struct vzconf *c;
	char *line = NULL, why[512];
	size_t cap = 0;
	ssize_t n;
	unsigned int lineno = 0;
	FILE *f = fopen(path, "re");

	if (!f) {
		if (errno == ENOENT && missing_ok)
			return conf_new();
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	c = conf_new();
	if (!c)
		goto nomem;
	while ((n = getline(&line, &cap, f)) >= 0) {
		struct conf_line *l;

		lineno++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = 0;
		if (memchr(line, 0, n)) {
			set_err(err, errlen, "%s:%u: a NUL byte in the line", path, lineno);
			goto fail;
		}
		l = add_line(c);
		if (!l)
			goto nomem;
		l->text = strdup(line);
		if (!l->text)
			goto nomem;
		if (parse_line(line, l, why, sizeof(why))) {
			set_err(err, errlen, "%s:%u: %s", path, lineno, why);
			goto fail;
		}
	}
	if (ferror(f)) {
		set_err(err, errlen, "%s: %s", path, strerror(errno));
		goto fail;
	}
	free(line);
	fclose(f);
	return c;
nomem:
	set_err(err, errlen, "%s: out of memory", path);
fail:
	free(line);
	fclose(f);
	conf_free(c);
	return NULL;
}

const char *conf_get(const struct vzconf *c, const char *key)
{
	const char *v = NULL;

	if (!c)
		return NULL;
	for (size_t i = 0; i < c->n; i++)
		if (c->lines[i].key && !strcmp(c->lines[i].key, key))
			v = c->lines[i].value;
	return v;
}

/* @value without the characters a double-quoted value on one line cannot hold. */
static char *clean_value(const char *value)
{
	char *s = malloc(strlen(value) + 1), *o = s;

	if (!s)
		return NULL;
	for (const char *p = value; *p; p++)
		if (*p != '"' && *p != '\n' && *p != '\r')
			*o++ = *p;
	*o = 0;
	return s;
}

int conf_set(struct vzconf *c, const char *key, const char *value)
{
	char *v = clean_value(value), *k = strdup(key), *text = NULL;
	struct conf_line *l = NULL;

	if (v && k && asprintf(&text, "%s=\"%s\"", key, v) < 0)
		text = NULL;
	/* The last assignment is the one in effect: it is the one rewritten. */
	for (size_t i = 0; i < c->n; i++)
		if (c->lines[i].key && !strcmp(c->lines[i].key, key))
			l = &c->lines[i];
	if (text && !l)
		l = add_line(c);
	if (!text || !l) {
		free(text);
		free(k);
		free(v);
		return -ENOMEM;
	}
	free(l->text);
	free(l->key);
	free(l->value);
	l->text = text;
	l->key = k;
	l->value = v;
	return 0;
}

void conf_unset(struct vzconf *c, const char *key)
{
	size_t i, j = 0;

	for (i = 0; i < c->n; i++) {
		if (c->lines[i].key && !strcmp(c->lines[i].key, key)) {
			free(c->lines[i].text);
			free(c->lines[i].key);
			free(c->lines[i].value);
			continue;
		}
		c->lines[j++] = c->lines[i];
	}
	c->n = j;
}

int conf_save(const struct vzconf *c, const char *path)
{
	char tmp[4096];
	FILE *f;
	int fd, err = 0;

	if (snprintf(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) >= (int)sizeof(tmp))
		return -ENAMETOOLONG;
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	if (fchmod(fd, 0644)) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	f = fdopen(fd, "w");
	if (!f) {
		err = -errno;
		close(fd);
		unlink(tmp);
		return err;
	}
	for (size_t i = 0; i < c->n && !err; i++)
		if (fprintf(f, "%s\n", c->lines[i].text) < 0)
			err = -errno;
	if (!err && fflush(f))
		err = -errno;
	if (!err && fsync(fileno(f)))
		err = -errno;
	if (fclose(f) && !err)
		err = -errno;
	if (!err && rename(tmp, path))
		err = -errno;
	if (err)
		unlink(tmp);
	return err;
}

static const char *lookup(const char *name, unsigned int ctid, const struct vzconf *first,
			  const struct vzconf *second, char *num, size_t numlen)
{
	const char *v;

	if (!strcmp(name, "VEID") || !strcmp(name, "CTID")) {
		snprintf(num, numlen, "%u", ctid);
		return num;
	}
	v = conf_get(first, name);
	if (!v)
		v = conf_get(second, name);
	if (!v)
		v = getenv(name);
	return v ? v : "";
}

static int expand(const char *in, unsigned int ctid, const struct vzconf *first,
		  const struct vzconf *second, char *out, size_t outlen, int depth)
{
	size_t o = 0;

	for (const char *p = in; *p;) {
		char name[128], num[16];
		const char *v, *s;
		size_t n;
		int braced;

		if (*p != '$' || !(p[1] == '{' || key_char((unsigned char)p[1], 1))) {
			if (o + 1 >= outlen)
				return -ENAMETOOLONG;
			out[o++] = *p++;
			continue;
		}
		braced = p[1] == '{';
		s = p + 1 + braced;
		for (n = 0; key_char((unsigned char)s[n], n == 0); n++)
			;
		if (!n || n >= sizeof(name) || (braced && s[n] != '}')) {
			if (o + 1 >= outlen)
				return -ENAMETOOLONG;
			out[o++] = *p++;	/* not a reference: kept as written */
			continue;
		}
		memcpy(name, s, n);
		name[n] = 0;
		p = s + n + braced;
		v = lookup(name, ctid, first, second, num, sizeof(num));
		/* A value may refer to others ($VE_ROOT in DUMPDIR); a loop stops at a depth. */
		if (strchr(v, '$') && depth < 8) {
			int err = expand(v, ctid, first, second, out + o, outlen - o, depth + 1);

			if (err)
				return err;
			o += strlen(out + o);
			continue;
		}
		if (o + strlen(v) >= outlen)
			return -ENAMETOOLONG;
		memcpy(out + o, v, strlen(v));
		o += strlen(v);
	}
	if (o >= outlen)
		return -ENAMETOOLONG;
	out[o] = 0;
	return 0;
}

int conf_expand(const char *in, unsigned int ctid, const struct vzconf *first,
		const struct vzconf *second, char *out, size_t outlen)
{
	if (!outlen)
		return -ENAMETOOLONG;
	return expand(in, ctid, first, second, out, outlen, 0);
}
