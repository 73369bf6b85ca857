// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer harness of vzctl's config parser: the input is a config file,
 * loaded, read back, expanded, edited and saved as vzctl would.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[] = "/tmp/fuzz_config.XXXXXX";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "VE_ROOT", "VE_PRIVATE", "HOSTNAME", "IP_ADDRESS",
					    "OSTEMPLATE", "DUMPDIR", "PHYSPAGES", "X" };
	char err[512], out[4096], path[64], saved[sizeof(dir) + 16];
	static int made;
	struct vzconf *c, *c2;
	const char *v;
	unsigned int i;
	int fd;

	/*
	 * Once per process, by a flag: the name mkdtemp() makes may itself start
	 * with 'X' (1 in 62), and a second call on it fails with EINVAL.
	 */
	if (!made) {
		if (!mkdtemp(dir)) {
			perror("fuzz_config: mkdtemp /tmp/fuzz_config.XXXXXX");
			abort();
		}
		made = 1;
	}
	fd = memfd_create("conf", 0);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	c = conf_load(path, 0, err, sizeof(err));
	close(fd);
	if (!c)
		return 0;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		v = conf_get(c, keys[i]);
		conf_lineno(c, keys[i]);
		if (v)
			conf_expand(v, 101, c, NULL, out, sizeof(out));
	}
	conf_set(c, "HOSTNAME", "fuzz");
	conf_set(c, "X", "a b\"$c 'd' #e");
	conf_unset(c, "IP_ADDRESS");
	snprintf(saved, sizeof(saved), "%s/ct.conf", dir);
	if (!conf_save(c, saved)) {
		/* What was saved reads back. */
		c2 = conf_load(saved, 0, err, sizeof(err));
		if (!c2 || strcmp(conf_get(c2, "HOSTNAME") ?: "", "fuzz"))
			abort();
		conf_free(c2);
	}
	conf_free(c);
	return 0;
}
