// SPDX-License-Identifier: GPL-2.0
/* A write into a cgroup's control file (see vz_cgroup.h). */
#include <linux/err.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/string.h>

#include "vz_cgroup.h"

int vz_cgroup_write(const struct path *dir, const char *name, const char *val,
		    const char **failed)
{
	struct file *f;
	loff_t pos = 0;
	ssize_t n;

	f = file_open_root(dir, name, O_WRONLY, 0);
	if (IS_ERR(f)) {
		*failed = "open";
		return PTR_ERR(f);
	}
	n = kernel_write(f, val, strlen(val), &pos);
	fput(f);
	if (n < 0) {
		*failed = "write";
		return n;
	}
	return 0;
}
