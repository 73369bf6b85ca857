// SPDX-License-Identifier: GPL-2.0
/*
 * Where a CT's state lives: vzctl is not a daemon, so each invocation finds
 * the CT again from the kernel (mount table, cgroup) and from the pid file
 * of its init. A pid file alone is not trusted: its pid must still be a live
 * task in the CT's cgroup.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "ct.h"
#include "ct_file.h"
#include "ct_mounts.h"
#include "util.h"
#include "vzerror.h"

int ct_lock(const struct ctconf *cc)
{
	char path[PATH_MAX + 32], buf[32];
	int fd, n;

	if (mkdir_parents(cc->lockdir, 0755)) {
		fprintf(stderr, "Error: CT %u: unable to create the lock directory %s: %s\n",
			cc->ctid, cc->lockdir, strerror(errno));
		return -VZ_SYSTEM_ERROR;
	}
	snprintf(path, sizeof(path), "%s/%u.lck", cc->lockdir, cc->ctid);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		fprintf(stderr, "Error: CT %u: unable to open the lock file %s: %s\n", cc->ctid,
			path, strerror(errno));
		return -VZ_SYSTEM_ERROR;
	}
	/* An flock dies with its holder: a dead vzctl's lock is free to take. */
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = 0;
		buf[strcspn(buf, "\n")] = 0;
		fprintf(stderr, "Container already locked%s%s%s\n", buf[0] ? " (by vzctl pid " : "",
			buf, buf[0] ? ")" : "");
		close(fd);
		return -VZ_LOCKED;
	}
	n = snprintf(buf, sizeof(buf), "%d\n", (int)getpid());
	if (ftruncate(fd, 0) || pwrite(fd, buf, n, 0) != n) {
		fprintf(stderr, "Error: CT %u: unable to write the lock file %s: %s\n", cc->ctid,
			path, strerror(errno));
		close(fd);
		return -VZ_SYSTEM_ERROR;
	}
	return fd;
}

void ct_unlock(int fd)
{
	if (fd >= 0) {
		/* Emptied, so that a reader never names a pid that no longer holds it. */
		int err = ftruncate(fd, 0);

		(void)err;
		close(fd);
	}
}

static void pidfile_path(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, VZ_RUN_DIR "/%u.pid", ctid);
}

int ct_write_pidfile(unsigned int ctid, pid_t pid)
{
	char path[64], tmp[80];
	FILE *f;

	if (mkdir_parents(VZ_RUN_DIR, 0755))
		goto fail;
	pidfile_path(ctid, path, sizeof(path));
	snprintf(tmp, sizeof(tmp), "%s.new", path);
	f = fopen(tmp, "we");
	if (!f)
		goto fail;
	if (fprintf(f, "%d\n", (int)pid) < 0 || fclose(f)) {
		unlink(tmp);
		goto fail;
	}
	if (rename(tmp, path)) {
		unlink(tmp);
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "Error: CT %u: unable to record its init's pid under " VZ_RUN_DIR ": %s\n",
		ctid, strerror(errno));
	return VZ_SYSTEM_ERROR;
}

void ct_remove_pidfile(unsigned int ctid)
{
	char path[64];

	pidfile_path(ctid, path, sizeof(path));
	unlink(path);
	ct_mounts_forget(ctid);
	ct_set_staged(ctid, NULL);
}

static void staged_path(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, VZ_RUN_DIR "/%u.staged", ctid);
}

void ct_set_staged(unsigned int ctid, const char *what)
{
	char path[64];
	FILE *f;
	int bad;

	staged_path(ctid, path, sizeof(path));
	if (!what) {
		unlink(path);
		return;
	}
	/* Only the words of the refusal depend on it: the frozen cgroup is what refuses. */
	if (mkdir_parents(VZ_RUN_DIR, 0755))
		return;
	f = fopen(path, "we");
	if (!f)
		return;
	bad = fprintf(f, "%s\n", what) < 0;
	if (fclose(f) || bad)
		unlink(path);
}

enum ct_staged ct_staged(unsigned int ctid)
{
	char path[PATH_MAX], buf[16] = "";
	FILE *f;
	int n;

	cg_path(ctid, path, sizeof(path));
	n = strlen(path);
	snprintf(path + n, sizeof(path) - n, "/cgroup.freeze");
	f = fopen(path, "re");
	if (!f)
		return CT_NOT_STAGED;
	n = fgets(buf, sizeof(buf), f) && buf[0] == '1';
	fclose(f);
	/* A frozen group with no task left (what a killed restore leaves) holds nothing. */
	if (!n || cg_nr_procs(ctid) <= 0)
		return CT_NOT_STAGED;
	staged_path(ctid, path, sizeof(path));
	f = fopen(path, "re");
	buf[0] = 0;
	if (f) {
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = 0;
		fclose(f);
	}
	if (!strcmp(buf, "chkpnt\n"))
		return CT_SUSPENDED;
	if (!strcmp(buf, "restore\n"))
		return CT_UNDUMPED;
	return CT_FROZEN;
}

int ct_refuse_staged(unsigned int ctid)
{
	switch (ct_staged(ctid)) {
	case CT_NOT_STAGED:
		return 0;
	case CT_SUSPENDED:
		fprintf(stderr, "Error: CT %u is suspended by a staged checkpoint: finish it first "
			"(vzctl chkpnt %u --dump, --kill or --resume)\n", ctid, ctid);
		break;
	case CT_UNDUMPED:
		fprintf(stderr, "Error: CT %u is undumped but not resumed: finish the staged "
			"restore first (vzctl restore %u --resume or --kill)\n", ctid, ctid);
		break;
	case CT_FROZEN:
		fprintf(stderr, "Error: CT %u is frozen: a checkpoint or restore of it is in "
			"progress\n", ctid);
		break;
	}
	return VZ_LOCKED;
}

/* Is @pid a live (not zombie) task whose cgroup is vz/CTID? */
static int init_is_ct(pid_t pid, unsigned int ctid)
{
	char path[64], line[512], want[64];
	int ok = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fgets(line, sizeof(line), f)) {
		char *p = strrchr(line, ')');

		ok = p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X';
	}
	fclose(f);
	if (!ok)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	snprintf(want, sizeof(want), "0::/vz/%u\n", ctid);
	f = fopen(path, "re");
	if (!f)
		return 0;
	ok = 0;
	while (fgets(line, sizeof(line), f))
		if (!strcmp(line, want))
			ok = 1;
	fclose(f);
	return ok;
}

pid_t ct_running_init(unsigned int ctid)
{
	char path[64];
	long v = 0;
	FILE *f;

	pidfile_path(ctid, path, sizeof(path));
	f = fopen(path, "re");
	if (!f)
		return 0;
	if (fscanf(f, "%ld", &v) != 1 || v <= 0 || v > INT_MAX)
		v = 0;
	fclose(f);
	return v && init_is_ct((pid_t)v, ctid) ? (pid_t)v : 0;
}

int ct_is_mountpoint(const char *path)
{
	char line[PATH_MAX * 2], real[PATH_MAX];
	int found = 0;
	FILE *f;

	if (!realpath(path, real))
		return 0;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return 0;
	/* Field 5 is the mount point; the paths here have no spaces to unescape. */
	while (!found && fgets(line, sizeof(line), f)) {
		char *p = line;
		int i;

		for (i = 0; i < 4 && p; i++) {
			p = strchr(p, ' ');
			if (p)
				p++;
		}
		if (p) {
			size_t n = strcspn(p, " ");

			found = n == strlen(real) && !strncmp(p, real, n);
		}
	}
	fclose(f);
	return found;
}

void ct_get_status(const struct ctconf *cc, struct ct_status *st)
{
	struct stat sb;

	st->exists = cc->exists && !stat(cc->ve_private, &sb) && S_ISDIR(sb.st_mode);
	st->mounted = ct_is_mountpoint(cc->ve_root);
	st->init = ct_running_init(cc->ctid);
	st->running = st->init > 0;
}

int ct_mount(const struct ctconf *cc)
{
	struct stat sb;

	if (stat(cc->ve_private, &sb) || !S_ISDIR(sb.st_mode)) {
		fprintf(stderr, "Error: CT %u: its private area %s does not exist\n", cc->ctid,
			cc->ve_private);
		return VZ_FS_NOPRVT;
	}
	if (ct_is_mountpoint(cc->ve_root))
		return 0;
	if (mkdir_parents(cc->ve_root, 0755)) {
		fprintf(stderr, "Error: CT %u: unable to create its root %s: %s\n", cc->ctid,
			cc->ve_root, strerror(errno));
		return VZ_FS_MPOINTCREATE;
	}
	if (mount(cc->ve_private, cc->ve_root, NULL, MS_BIND, NULL)) {
		fprintf(stderr, "Error: CT %u: unable to mount %s at %s: %s\n", cc->ctid,
			cc->ve_private, cc->ve_root, strerror(errno));
		return VZ_FS_CANTMOUNT;
	}
	/* Mounts made in the CT's own namespace must not show up on the host. */
	if (mount(NULL, cc->ve_root, NULL, MS_PRIVATE, NULL)) {
		fprintf(stderr, "Error: CT %u: unable to make %s a private mount: %s\n", cc->ctid,
			cc->ve_root, strerror(errno));
		umount2(cc->ve_root, MNT_DETACH);
		return VZ_FS_CANTMOUNT;
	}
	return 0;
}

int ct_umount(const struct ctconf *cc)
{
	if (!ct_is_mountpoint(cc->ve_root))
		return 0;
	if (umount2(cc->ve_root, 0) && umount2(cc->ve_root, MNT_DETACH)) {
		fprintf(stderr, "Error: CT %u: unable to unmount %s: %s\n", cc->ctid, cc->ve_root,
			strerror(errno));
		return VZ_FS_CANTUMOUNT;
	}
	return 0;
}

static int cmp_uint(const void *a, const void *b)
{
	unsigned int x = *(const unsigned int *)a, y = *(const unsigned int *)b;

	return x < y ? -1 : x > y;
}

int ct_list_ids(unsigned int **out)
{
	unsigned int *ids = NULL;
	struct dirent *e;
	int n = 0, cap = 0;
	DIR *d = opendir(VZ_CT_CONF_DIR);

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		unsigned int id;
		char tail[8];

		if (sscanf(e->d_name, "%u.con%7s", &id, tail) != 2 || strcmp(tail, "f") || !id)
			continue;
		if (n == cap) {
			unsigned int *p = realloc(ids, (cap = cap ? cap * 2 : 16) * sizeof(*ids));

			if (!p)
				break;
			ids = p;
		}
		ids[n++] = id;
	}
	closedir(d);
	qsort(ids, n, sizeof(*ids), cmp_uint);
	*out = ids;
	return n;
}

/* Addresses compare without their prefix length. */
static int same_ip(const char *a, const char *b)
{
	size_t la = strcspn(a, "/"), lb = strcspn(b, "/");

	return la == lb && !strncmp(a, b, la);
}

unsigned int ct_ip_owner(unsigned int ctid, const char *ip)
{
	unsigned int *ids = NULL, owner = 0;
	int n = ct_list_ids(&ids);

	for (int k = 0; k < n && !owner; k++) {
		struct ctconf cc;
		char why[512];

		if (ids[k] == ctid || !ct_running_init(ids[k]))
			continue;
		if (ctconf_load(&cc, ids[k], NULL, NULL, why, sizeof(why)))
			continue;
		for (int i = 0; i < cc.nr_ips; i++)
			if (same_ip(cc.ips[i], ip))
				owner = ids[k];
		ctconf_free(&cc);
	}
	free(ids);
	return owner;
}

int ct_check_ips(const struct ctconf *cc)
{
	for (int i = 0; i < cc->nr_ips; i++) {
		unsigned int owner = ct_ip_owner(cc->ctid, cc->ips[i]);

		if (owner) {
			fprintf(stderr, "Error: CT %u: address %s is in use by CT %u\n", cc->ctid,
				cc->ips[i], owner);
			return VZ_IP_INUSE;
		}
	}
	return 0;
}

int ct_prepare_start(const struct ctconf *cc)
{
	struct ct_status st;
	int ret;

	ct_get_status(cc, &st);
	if (!st.exists) {
		fprintf(stderr, "Error: CT %u does not exist (no private area %s or config)\n",
			cc->ctid, cc->ve_private);
		return VZ_FS_NOPRVT;
	}
	if (st.running) {
		fprintf(stderr, "Error: CT %u is already running\n", cc->ctid);
		return VZ_VE_RUNNING;
	}
	ret = ct_check_ips(cc);
	if (ret)
		return ret;
	/* Remnants of a CT that died on its own (its init exited) go first. */
	ct_cleanup(cc);
	return 0;
}

int ct_need_stopped(const struct ctconf *cc)
{
	if (!ct_running_init(cc->ctid))
		return 0;
	fprintf(stderr, "Error: CT %u is running: stop it first\n", cc->ctid);
	return VZ_VE_RUNNING;
}

int ct_need_running(const struct ctconf *cc, pid_t *init)
{
	*init = ct_running_init(cc->ctid);
	if (*init)
		return 0;
	fprintf(stderr, "Error: CT %u is not running\n", cc->ctid);
	return VZ_VE_NOT_RUNNING;
}

int ct_write_hostname(const char *private, const char *hostname)
{
	char line[80];
	int n = snprintf(line, sizeof(line), "%s\n", hostname);

	if (n < 0 || n >= (int)sizeof(line)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return ct_file_write(private, "etc/hostname", line, (size_t)n, 0644);
}
