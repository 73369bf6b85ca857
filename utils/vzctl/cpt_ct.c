// SPDX-License-Identifier: GPL-2.0
/*
 * What the checkpoint commands need to know about a running container,
 * until the container code (ct.c, cgroup.c, config.c) provides it: its
 * init's host pid, its cgroup directory, the dump directory. Kept apart and
 * small so that each function can be replaced by the container code's own.
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

#include "cpt_ct.h"

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

/* KEY="value" or KEY=value from an OpenVZ config file; 0 if found. */
static int conf_get(const char *file, const char *key, char *val, size_t len)
{
	char line[4096], *p, *v;
	size_t klen = strlen(key), n;
	FILE *f = fopen(file, "re");
	int found = -ENOENT;

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f)) {
		p = line;
		while (isspace((unsigned char)*p))
			p++;
		if (strncmp(p, key, klen) || p[klen] != '=')
			continue;
		v = p + klen + 1;
		v[strcspn(v, "\n")] = 0;
		n = strlen(v);
		if (n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n - 1] == v[0]) {
			v[n - 1] = 0;
			v++;
		}
		snprintf(val, len, "%s", v);
		found = 0;	/* the last assignment wins, as in a shell */
	}
	fclose(f);
	return found;
}

const char *cpt_dumpdir(char *buf, size_t len)
{
	if (conf_get(CPT_VZ_CONF, "DUMPDIR", buf, len) || !buf[0])
		snprintf(buf, len, "%s", CPT_DEF_DUMPDIR);
	return buf;
}

int cpt_ct_wait_gone(pid_t pid, int timeout_ms)
{
	struct timespec ts = { 0, 10 * 1000 * 1000 };
	int waited;

	for (waited = 0; waited < timeout_ms; waited += 10) {
		if (kill(pid, 0) && errno == ESRCH)
			return 0;
		nanosleep(&ts, NULL);
	}
	return -ETIMEDOUT;
}

int cpt_ct_after_kill(unsigned int ctid, pid_t pid)
{
	char path[64];
	int err = cpt_ct_wait_gone(pid, 10000);

	if (err)
		return err;
	snprintf(path, sizeof(path), CPT_CT_RUNDIR "/%u.pid", ctid);
	if (unlink(path) && errno != ENOENT)
		return -errno;
	return 0;
}
