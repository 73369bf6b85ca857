/* SPDX-License-Identifier: GPL-2.0 */
/*
 * OpenVZ-format configuration files: KEY="value", KEY=value, comments and
 * blank lines. A file is kept as its lines, so that a key can be rewritten
 * in place with every comment, unknown key and the order preserved.
 */
#ifndef VZCTL_CONFIG_H
#define VZCTL_CONFIG_H

#include <stddef.h>

struct vzconf;

/*
 * Parse @path. A missing file gives an empty config when @missing_ok, else
 * NULL. On failure: NULL, with a one-line reason in @err such as
 * "/etc/vz/conf/101.conf:7: missing '=' in 'FOO'".
 */
struct vzconf *conf_load(const char *path, int missing_ok, char *err, size_t errlen);

/* An empty config (for a file to be created). */
struct vzconf *conf_new(void);

void conf_free(struct vzconf *c);

/* The value of @key as written (quotes removed, not expanded); NULL if unset. The last one wins. */
const char *conf_get(const struct vzconf *c, const char *key);

/* The 1-based line of the file that sets @key (the last one); 0 if unset or added by conf_set. */
unsigned int conf_lineno(const struct vzconf *c, const char *key);

/* The file @c was loaded from; NULL for conf_new(), or @c NULL. */
const char *conf_path(const struct vzconf *c);

/* A valid key name: [A-Za-z_][A-Za-z0-9_]*, @len characters of @key. */
int conf_key_valid(const char *key, size_t len);

/*
 * Set @key: its line (the last one setting it) is rewritten in place, quoted
 * as it was when the new value allows, its indentation and trailing comment
 * kept; or KEY="value" appended. 0, -ENOMEM, or -EINVAL for a bad key name or
 * a value with a line break.
 */
int conf_set(struct vzconf *c, const char *key, const char *value);

/* Remove every line setting @key. */
void conf_unset(struct vzconf *c, const char *key);

/* Write atomically (temporary file, fsync, rename). 0 or -errno. */
int conf_save(const struct vzconf *c, const char *path);

/*
 * Expand $NAME and ${NAME} in @in: VEID from @ctid, other names looked up in
 * @first, then @second (either may be NULL), then the environment; an
 * unknown name expands to "". 0, or -ENAMETOOLONG if @out is too small.
 */
int conf_expand(const char *in, unsigned int ctid, const struct vzconf *first,
		const struct vzconf *second, char *out, size_t outlen);

#endif
