// SPDX-License-Identifier: GPL-2.0
/*
 * OpenVZ-format configuration files. The format is a subset of shell
 * assignments: KEY="value", KEY='value' or KEY=value, one a line, with
 * comments and blank lines. A file is kept as its lines so that `vzctl set
 * --save` can rewrite one key and leave every comment, unknown key and the
 * order as the administrator wrote them.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"

enum quote { Q_NONE, Q_DOUBLE, Q_SINGLE };

struct conf_line {
	char *text;		/* the line as written, without its end of line */
	char *key;		/* NULL for a comment or a blank line */
	char *value;		/* unquoted, unexpanded */
	enum quote quote;	/* how the value was written */
	size_t indent;		/* leading white space kept on a rewrite */
	char *tail;		/* what followed the value: spaces and a comment */
	unsigned int lineno;	/* 1-based line in the file; 0 for an added line */
};

struct vzconf {
	struct conf_line *lines;
	size_t nr, cap;
	char *path;		/* the file it was loaded from, NULL for conf_new */
};

__attribute__((format(printf, 3, 4)))
static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || !errlen)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

int conf_key_valid(const char *key, size_t len)
{
	size_t i;

	if (!len || !(isalpha((unsigned char)key[0]) || key[0] == '_'))
		return 0;
	for (i = 1; i < len; i++)
		if (!(isalnum((unsigned char)key[i]) || key[i] == '_'))
			return 0;
	return 1;
}

struct vzconf *conf_new(void)
{
	return calloc(1, sizeof(struct vzconf));
}

static void line_free(struct conf_line *l)
{
	free(l->text);
	free(l->key);
	free(l->value);
	free(l->tail);
	memset(l, 0, sizeof(*l));
}

void conf_free(struct vzconf *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nr; i++)
		line_free(&c->lines[i]);
	free(c->lines);
	free(c->path);
	free(c);
}

static struct conf_line *line_add(struct vzconf *c)
{
	struct conf_line *l;

	if (c->nr == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 32;

		l = realloc(c->lines, cap * sizeof(*l));
		if (!l)
			return NULL;
		c->lines = l;
		c->cap = cap;
	}
	l = &c->lines[c->nr++];
	memset(l, 0, sizeof(*l));
	return l;
}

/* The part of a line shown in an error message: short, and on one line. */
static const char *excerpt(const char *s, char *buf, size_t len)
{
	size_t n = strlen(s);

	if (n < len) {
		snprintf(buf, len, "%s", s);
	} else {
		snprintf(buf, len, "%.*s...", (int)(len - 4), s);
	}
	return buf;
}

/*
 * Parse one line (no end of line in @s) into @l. 0, or -1 with the reason
 * (without the FILE:LINE prefix) in @why.
 */
static int parse_line(const char *s, struct conf_line *l, char *why, size_t whylen)
{
	const char *p = s, *k, *eq, *v, *end;
	char shown[64];
	char *val;
	size_t klen, n = 0;

	while (*p == ' ' || *p == '\t')
		p++;
	if (!*p || *p == '#')
		return 0;
	l->indent = (size_t)(p - s);
	k = p;
	eq = strchr(p, '=');
	if (!eq) {
		seterr(why, whylen, "missing '=' in '%s'", excerpt(k, shown, sizeof(shown)));
		return -1;
	}
	klen = (size_t)(eq - k);
	while (klen && (k[klen - 1] == ' ' || k[klen - 1] == '\t'))
		klen--;
	if (!conf_key_valid(k, klen)) {
		seterr(why, whylen, "bad key name '%.*s'", (int)(klen > 40 ? 40 : klen), k);
		return -1;
	}
	v = eq + 1;
	while (*v == ' ' || *v == '\t')
		v++;
	val = malloc(strlen(v) + 1);
	if (!val) {
		seterr(why, whylen, "out of memory");
		return -1;
	}
	if (*v == '"' || *v == '\'') {
		char q = *v++;

		/* In double quotes a backslash escapes a quote or itself, as in a shell. */
		for (; *v && *v != q; v++) {
			if (q == '"' && *v == '\\' && (v[1] == '"' || v[1] == '\\'))
				v++;
			val[n++] = *v;
		}
		if (!*v) {
			seterr(why, whylen, "unterminated %s quote in the value of %.*s",
			       q == '"' ? "double" : "single", (int)klen, k);
			free(val);
			return -1;
		}
		v++;
		end = v;
		while (*end == ' ' || *end == '\t')
			end++;
		if (*end && *end != '#') {
			seterr(why, whylen, "unexpected '%s' after the quoted value of %.*s",
			       excerpt(end, shown, sizeof(shown)), (int)klen, k);
			free(val);
			return -1;
		}
		l->quote = q == '"' ? Q_DOUBLE : Q_SINGLE;
		end = v;
	} else {
		/* Unquoted: up to a '#' that starts a word (a shell comment), spaces trimmed. */
		end = v;
		while (*end && !(*end == '#' && end > v && (end[-1] == ' ' || end[-1] == '\t')))
			end++;
		while (end > v && (end[-1] == ' ' || end[-1] == '\t'))
			end--;
		n = (size_t)(end - v);
		memcpy(val, v, n);
		l->quote = Q_NONE;
	}
	val[n] = 0;
	l->value = val;
	l->key = strndup(k, klen);
	l->tail = strdup(end);
	if (!l->key || !l->tail) {
		seterr(why, whylen, "out of memory");
		return -1;
	}
	return 0;
}

struct vzconf *conf_load(const char *path, int missing_ok, char *err, size_t errlen)
{
	struct vzconf *c;
	char *buf = NULL, why[256];
	size_t cap = 0;
	ssize_t n;
	unsigned int lineno = 0;
	FILE *f;

	f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT && missing_ok) {
			c = conf_new();
			if (!c)
				seterr(err, errlen, "%s: out of memory", path);
			return c;
		}
		seterr(err, errlen, "%s: %s", path, strerror(errno));
		return NULL;
	}
	c = conf_new();
	if (!c || !(c->path = strdup(path))) {
		seterr(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	errno = 0;
	while ((n = getline(&buf, &cap, f)) >= 0) {
		struct conf_line *l;

		lineno++;
		if (n && buf[n - 1] == '\n')
			buf[--n] = 0;
		if (n && buf[n - 1] == '\r')	/* a file written on Windows */
			buf[--n] = 0;
		if (strlen(buf) != (size_t)n) {
			seterr(err, errlen, "%s:%u: NUL byte in the line", path, lineno);
			goto fail;
		}
		l = line_add(c);
		if (!l || !(l->text = strdup(buf))) {
			seterr(err, errlen, "%s: out of memory", path);
			goto fail;
		}
		l->lineno = lineno;
		if (parse_line(buf, l, why, sizeof(why))) {
			seterr(err, errlen, "%s:%u: %s", path, lineno, why);
			goto fail;
		}
		errno = 0;
	}
	if (errno || ferror(f)) {
		seterr(err, errlen, "%s: %s", path, strerror(errno ? errno : EIO));
		goto fail;
	}
	free(buf);
	fclose(f);
	return c;
fail:
	free(buf);
	fclose(f);
	conf_free(c);
	return NULL;
}

static const struct conf_line *find_last(const struct vzconf *c, const char *key)
{
	size_t i;

	if (!c)
		return NULL;
	for (i = c->nr; i-- > 0;)
		if (c->lines[i].key && !strcmp(c->lines[i].key, key))
			return &c->lines[i];
	return NULL;
}

const char *conf_get(const struct vzconf *c, const char *key)
{
	const struct conf_line *l = find_last(c, key);

	return l ? l->value : NULL;
}

unsigned int conf_lineno(const struct vzconf *c, const char *key)
{
	const struct conf_line *l = find_last(c, key);

	return l ? l->lineno : 0;
}

const char *conf_path(const struct vzconf *c)
{
	return c ? c->path : NULL;
}

/* A value that reads back the same without quotes: no shell-special characters. */
static int plain_word(const char *v)
{
	if (!*v)
		return 0;
	for (; *v; v++)
		if (!isalnum((unsigned char)*v) && !strchr("_-+.,:/@%=$", *v))
			return 0;
	return 1;
}

/*
 * The text of KEY=value for @l's key and @value, quoted as the old line was
 * when that still reads back the same, else in double quotes.
 */
static char *format_line(const struct conf_line *l, const char *key, const char *value,
			 enum quote *quote)
{
	enum quote q = l ? l->quote : Q_DOUBLE;
	size_t indent = l ? l->indent : 0;
	const char *tail = l && l->tail ? l->tail : "";
	char *out, *o;
	const char *v;

	if (q == Q_NONE && !plain_word(value))
		q = Q_DOUBLE;
	if (q == Q_SINGLE && strchr(value, '\''))
		q = Q_DOUBLE;
	*quote = q;
	/* Worst case: every character escaped. */
	out = malloc(indent + strlen(key) + 2 * strlen(value) + strlen(tail) + 4);
	if (!out)
		return NULL;
	o = out;
	memset(o, ' ', indent);
	if (l && l->text)
		memcpy(o, l->text, indent);	/* the same tabs and spaces */
	o += indent;
	o = stpcpy(o, key);
	*o++ = '=';
	if (q != Q_NONE)
		*o++ = q == Q_DOUBLE ? '"' : '\'';
	for (v = value; *v; v++) {
		if (q == Q_DOUBLE && (*v == '"' || *v == '\\'))
			*o++ = '\\';
		*o++ = *v;
	}
	if (q != Q_NONE)
		*o++ = q == Q_DOUBLE ? '"' : '\'';
	o = stpcpy(o, tail);
	*o = 0;
	return out;
}

int conf_set(struct vzconf *c, const char *key, const char *value)
{
	struct conf_line *l = (struct conf_line *)find_last(c, key);
	struct conf_line nl = { 0 };

	if (!conf_key_valid(key, strlen(key)) || strpbrk(value, "\n\r"))
		return -EINVAL;
	nl.text = format_line(l, key, value, &nl.quote);
	nl.key = strdup(key);
	nl.value = strdup(value);
	nl.tail = strdup(l && l->tail ? l->tail : "");
	if (!nl.text || !nl.key || !nl.value || !nl.tail) {
		line_free(&nl);
		return -ENOMEM;
	}
	nl.indent = l ? l->indent : 0;
	if (l) {
		nl.lineno = l->lineno;
		line_free(l);
		*l = nl;
		return 0;
	}
	l = line_add(c);
	if (!l) {
		line_free(&nl);
		return -ENOMEM;
	}
	*l = nl;
	return 0;
}

void conf_unset(struct vzconf *c, const char *key)
{
	size_t i, j = 0;

	for (i = 0; i < c->nr; i++) {
		if (c->lines[i].key && !strcmp(c->lines[i].key, key))
			line_free(&c->lines[i]);
		else
			c->lines[j++] = c->lines[i];
	}
	c->nr = j;
}

/* write(2) all of @len, or -errno. */
static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		buf += n;
		len -= (size_t)n;
	}
	return 0;
}

int conf_save(const struct vzconf *c, const char *path)
{
	char tmp[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	int fd, dfd, ret = 0;
	size_t i;

	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", path) >= (int)sizeof(tmp) ||
	    snprintf(dir, sizeof(dir), "%s", path) >= (int)sizeof(dir))
		return -ENAMETOOLONG;
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
		return -errno;
	/* A rewrite keeps the file's mode; a new file is 0644 like OpenVZ's. */
	if (fchmod(fd, stat(path, &st) ? 0644 : st.st_mode & 07777))
		ret = -errno;
	for (i = 0; !ret && i < c->nr; i++) {
		ret = write_all(fd, c->lines[i].text, strlen(c->lines[i].text));
		if (!ret)
			ret = write_all(fd, "\n", 1);
	}
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	/* The rename itself must reach the disk too. */
	dfd = open(dirname(dir), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return -errno;
	if (fsync(dfd))
		ret = -errno;
	close(dfd);
	return ret;
}

#define EXPAND_DEPTH 4		/* $A -> $B -> $C -> $D; deeper is surely a loop */

struct expand {
	unsigned int ctid;
	const struct vzconf *first, *second;
	const char *stack[EXPAND_DEPTH];	/* the names being expanded */
	int depth;
	char *out;
	size_t len, pos;
	int overflow;
};

static void put(struct expand *e, const char *s, size_t n)
{
	if (e->pos + n >= e->len) {
		e->overflow = 1;
		return;
	}
	memcpy(e->out + e->pos, s, n);
	e->pos += n;
}

static void expand_into(struct expand *e, const char *in);

static void expand_name(struct expand *e, const char *name)
{
	const char *v;
	char id[16];
	int i;

	if (!strcmp(name, "VEID") || !strcmp(name, "CTID")) {
		snprintf(id, sizeof(id), "%u", e->ctid);
		put(e, id, strlen(id));
		return;
	}
	v = conf_get(e->first, name);
	if (!v)
		v = conf_get(e->second, name);
	if (!v) {
		/* The environment's values are taken as they are. */
		v = getenv(name);
		if (v)
			put(e, v, strlen(v));
		return;
	}
	/* A name that refers back to itself, directly or not, expands to "". */
	for (i = 0; i < e->depth; i++)
		if (!strcmp(e->stack[i], name))
			return;
	if (e->depth == EXPAND_DEPTH)
		return;
	e->stack[e->depth++] = name;
	expand_into(e, v);
	e->depth--;
}

static void expand_into(struct expand *e, const char *in)
{
	const char *p = in, *start, *end;
	char name[128];

	while (*p && !e->overflow) {
		if (*p != '$') {
			start = p;
			while (*p && *p != '$')
				p++;
			put(e, start, (size_t)(p - start));
			continue;
		}
		if (p[1] == '{') {
			start = p + 2;
			end = strchr(start, '}');
			if (!end || !conf_key_valid(start, (size_t)(end - start)) ||
			    (size_t)(end - start) >= sizeof(name)) {
				put(e, p, 1);	/* not a reference: kept as written */
				p++;
				continue;
			}
			p = end + 1;
		} else {
			start = p + 1;
			end = start;
			if (isalpha((unsigned char)*end) || *end == '_')
				while (isalnum((unsigned char)*end) || *end == '_')
					end++;
			if (end == start || (size_t)(end - start) >= sizeof(name)) {
				put(e, p, 1);
				p++;
				continue;
			}
			p = end;
		}
		memcpy(name, start, (size_t)(end - start));
		name[end - start] = 0;
		expand_name(e, name);
	}
}

int conf_expand(const char *in, unsigned int ctid, const struct vzconf *first,
		const struct vzconf *second, char *out, size_t outlen)
{
	struct expand e = {
		.ctid = ctid, .first = first, .second = second, .out = out, .len = outlen,
	};

	if (!outlen)
		return -ENAMETOOLONG;
	expand_into(&e, in);
	out[e.pos] = 0;
	return e.overflow ? -ENAMETOOLONG : 0;
}
