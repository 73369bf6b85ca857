// SPDX-License-Identifier: GPL-2.0
/*
 * What the checkpoint commands need to know about a container beyond the
 * container code: the cgroup directory of a task, the dump directory, and
 * what is left to do once a checkpointed CT has been killed.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "config.h"
#include "cpt_ct.h"
#include "ct.h"
#include "util.h"

int cpt_ct_init_pid_from_pidfile(unsigned int ctid, pid_t *pid)
{
	char path[64];
	FILE *f;
	long v;
	int ok;

	snprintf(path, sizeof(path), CPT_CT_RUNDIR "/%u.pid", ctid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fscanf(f, "%ld", &v) == 1 && v > 0 && v < (1L << 22);
	fclose(f);
	if (!ok)
		return -EINVAL;
	if (kill((pid_t)v, 0) && errno == ESRCH)
		return -ESRCH;
	*pid = (pid_t)v;
	return 0;
}

int cpt_ct_cgroup_fd(pid_t pid)
{
	char path[4096 + 64], line[4096];
	FILE *f;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	path[0] = 0;
	while (fgets(line, sizeof(line), f)) {
		if (!strncmp(line, "0::", 3)) {
			line[strcspn(line, "\n")] = 0;
			snprintf(path, sizeof(path), CPT_CGROUP_ROOT "%s", line + 3);
			break;
		}
	}
	fclose(f);
	if (!path[0])
		return -ENOENT;
	fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

const char *cpt_dumpdir(char *buf, size_t len)
{
	struct vzconf *c = conf_load(CPT_VZ_CONF, 1, buf, len);
	const char *v = c ? conf_get(c, "DUMPDIR") : NULL;

	if (!v || !v[0] || conf_expand(v, 0, c, NULL, buf, len))
		snprintf(buf, len, "%s", CPT_DEF_DUMPDIR);
	if (c)
		conf_free(c);
	return buf;
}

int cpt_ct_after_kill(unsigned int ctid, pid_t pid)
{
	struct ctconf cc;
	char why[512];
	int err = wait_gone(pid, 10000);

	if (err <= 0)
		return err ?: -ETIMEDOUT;
	/* Stopped as by `vzctl stop`: its private area and config stay for the restore. */
	if (!ctconf_load(&cc, ctid, NULL, NULL, why, sizeof(why))) {
		ct_cleanup(&cc);
		ctconf_free(&cc);
	} else {
		ct_remove_pidfile(ctid);
		if (cg_exists(ctid)) {
			cg_kill_all(ctid, 5000);
			cg_destroy(ctid);
		}
	}
	return 0;
}
