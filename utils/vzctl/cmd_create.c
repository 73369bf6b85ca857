// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl create and destroy. A CT is its config (CTID.conf, from a sample
 * config) and its private area (an OS template unpacked). Create makes both
 * or neither; destroy removes the private area and keeps the config as
 * CTID.conf.destroyed, as OpenVZ does. A CT made with a user namespace
 * (--userns yes, or USERNS="yes" in vz.conf or the sample) has its private
 * area's owners shifted into its range of host ids before it is ever run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ct.h"
#include "ct_file.h"
#include "ct_cmd.h"
#include "ct_userns.h"
#include "util.h"
#include "vzerror.h"

static const char create_usage[] =
	"CTID [--ostemplate NAME] [--config NAME] [--hostname NAME] [--ipadd ADDR]...\n"
	"\t[--userns yes|no]";

struct create_opts {
	const char *ostemplate, *config, *hostname;
	char ips[CT_MAX_IPS * 64];
	int userns;			/* -1: as the configs say */
};

static int rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)ftw;
	return (flag == FTW_DP ? rmdir(path) : unlink(path)) ? -1 : 0;
}

/*
 * rm -rf, refused while anything is mounted below @path: it would go
 * through the mount. (nftw's FTW_MOUNT cannot tell: on overlayfs files and
 * directories report different devices.)
 */
static int remove_tree(const char *path)
{
	char line[PATH_MAX * 2];
	size_t len = strlen(path);
	struct stat sb;
	int busy = 0;
	FILE *f;

	if (lstat(path, &sb))
		return errno == ENOENT ? 0 : -1;
	f = fopen("/proc/self/mountinfo", "re");
	if (!f)
		return -1;
	while (!busy && fgets(line, sizeof(line), f)) {
		char *mp = line;

		for (int i = 0; i < 4 && mp; i++) {
			mp = strchr(mp, ' ');
			if (mp)
				mp++;
		}
		busy = mp && !strncmp(mp, path, len) && (mp[len] == ' ' || mp[len] == '/');
	}
	fclose(f);
	if (busy) {
		errno = EBUSY;
		return -1;
	}
	return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

static int run_tar(const char *tarball, const char *dir)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execlp("tar", "tar", "--numeric-owner", "-xpf", tarball, "-C", dir, (char *)NULL);
		fprintf(stderr, "Error: unable to run tar: %s\n", strerror(errno));
		_exit(127);
	}
	return wait_child(pid) ? -1 : 0;
}

/* TEMPLATE/cache/NAME.tar.gz, or another compression tar knows. */
static int find_template(const struct ctconf *cc, const char *name, char *path, size_t len)
{
	static const char *const exts[] = { ".tar.gz", ".tar.xz", ".tar.bz2", ".tar" };

	for (size_t i = 0; i < sizeof(exts) / sizeof(exts[0]); i++) {
		if (snprintf(path, len, "%s/cache/%s%s", cc->template_dir, name, exts[i]) <
		    (int)len && !access(path, R_OK))
			return 0;
	}
	if (snprintf(path, len, "%s/cache/%s.tar.gz", cc->template_dir, name) >= (int)len)
		path[0] = 0;
	return -1;
}

static int parse_create(int argc, char **argv, struct create_opts *o)
{
	static const struct option opts[] = {
		{ "ostemplate", required_argument, NULL, 't' },
		{ "config", required_argument, NULL, 'c' },
		{ "hostname", required_argument, NULL, 'h' },
		{ "ipadd", required_argument, NULL, 'i' },
		{ "userns", required_argument, NULL, 'U' },
		{ 0 }
	};
	char why[256];
	int c;

	memset(o, 0, sizeof(*o));
	o->userns = -1;
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 't':
			o->ostemplate = optarg;
			break;
		case 'c':
			o->config = optarg;
			break;
		case 'h':
			if (ctconf_parse_hostname(optarg, why, sizeof(why))) {
				fprintf(stderr, "Error: bad --hostname: %s\n", why);
				return VZ_BADHOSTNAME;
			}
			o->hostname = optarg;
			break;
		case 'i':
			if (ctconf_parse_ip(optarg, why, sizeof(why))) {
				fprintf(stderr, "Error: bad --ipadd: %s\n", why);
				return VZ_BADIP;
			}
			if (strlen(o->ips) + strlen(optarg) + 2 > sizeof(o->ips))
				return ct_usage_error("create", create_usage);
			if (o->ips[0])
				strcat(o->ips, " ");
			strcat(o->ips, optarg);
			break;
		case 'U':
			if (ctconf_parse_yesno(optarg, &o->userns, why, sizeof(why))) {
				fprintf(stderr, "Error: bad --userns: %s\n", why);
				return VZ_INVALID_PARAMETER_VALUE;
			}
			break;
		default:
			return ct_usage_error("create", create_usage);
		}
	}
	return optind == argc ? 0 : ct_usage_error("create", create_usage);
}

/* The new CT's config: the sample's settings, then what the command line says. */
static int write_config(const struct ctconf *cc, const struct create_opts *o,
			const char *ostemplate, int userns)
{
	const char *sample = o->config ? o->config : conf_get(cc->global, "CONFIGFILE");
	char path[PATH_MAX], why[512], val[16];
	struct vzconf *c;
	int err = 0;

	snprintf(path, sizeof(path), VZ_CT_CONF_DIR "/ve-%s.conf-sample", sample ? sample : "basic");
	c = conf_load(path, 0, why, sizeof(why));
	if (!c) {
		fprintf(stderr, "Error: CT %u: sample config %s: %s\n", cc->ctid, path, why);
		return VZ_NOVECONFIG;
	}
	err |= conf_set(c, "VE_ROOT", conf_get(cc->global, "VE_ROOT") ?: cc->ve_root);
	err |= conf_set(c, "VE_PRIVATE", conf_get(cc->global, "VE_PRIVATE") ?: cc->ve_private);
	err |= conf_set(c, "OSTEMPLATE", ostemplate);
	if (o->hostname)
		err |= conf_set(c, "HOSTNAME", o->hostname);
	if (o->ips[0])
		err |= conf_set(c, "IP_ADDRESS", o->ips);
	if (userns) {
		/* The range the files were shifted into, whatever the defaults become. */
		err |= conf_set(c, "USERNS", "yes");
		snprintf(val, sizeof(val), "%u", cc->local_uid);
		err |= conf_set(c, "LOCAL_UID", val);
		snprintf(val, sizeof(val), "%u", cc->local_gid);
		err |= conf_set(c, "LOCAL_GID", val);
	} else if (o->userns == 0) {
		err |= conf_set(c, "USERNS", "no");
	}
	ctconf_path(cc->ctid, path, sizeof(path));
	if (!err)
		err = conf_save(c, path);
	conf_free(c);
	if (err) {
		fprintf(stderr, "Error: CT %u: unable to write its config %s: %s\n", cc->ctid, path,
			strerror(err < 0 ? -err : ENOMEM));
		return VZ_CONFIG_SAVE_ERROR;
	}
	return 0;
}

static int do_create(struct ctconf *cc, const struct create_opts *o)
{
	const char *ostemplate = o->ostemplate ? o->ostemplate : cc->ostemplate;
	char tarball[PATH_MAX], path[PATH_MAX], why[PATH_MAX + 128];
	int userns = o->userns >= 0 ? o->userns : cc->userns;
	struct stat sb;
	int ret;

	ctconf_path(cc->ctid, path, sizeof(path));
	if (cc->exists || !stat(cc->ve_private, &sb)) {
		fprintf(stderr, "Error: CT %u already exists (%s)\n", cc->ctid,
			cc->exists ? path : cc->ve_private);
		return VZ_FS_PRVT_AREA_EXIST;
	}
	if (!ostemplate[0] || find_template(cc, ostemplate, tarball, sizeof(tarball))) {
		fprintf(stderr, "Error: CT %u: cached OS template %s not found\n", cc->ctid,
			tarball);
		return VZ_OSTEMPLATE_NOT_FOUND;
	}
	printf("Creating container private area (%s)\n", ostemplate);
	if (mkdir_parents(cc->ve_private, 0700)) {
		fprintf(stderr, "Error: CT %u: unable to create its private area %s: %s\n",
			cc->ctid, cc->ve_private, strerror(errno));
		return VZ_FS_NEW_VE_PRVT;
	}
	ret = VZ_FS_NEW_VE_PRVT;
	if (run_tar(tarball, cc->ve_private)) {
		fprintf(stderr, "Error: CT %u: unable to unpack %s into %s\n", cc->ctid, tarball,
			cc->ve_private);
		goto undo;
	}
	if (o->hostname && ct_write_hostname(cc->ve_private, o->hostname)) {
		fprintf(stderr, "Error: CT %u: unable to write its /etc/hostname: %s\n", cc->ctid,
			ct_file_strerror(errno));
		goto undo;
	}
	if (userns && (!cc->local_uid || !cc->local_gid)) {
		fprintf(stderr, "Error: CT %u has no default range of ids: set LOCAL_UID and LOCAL_GID\n",
			cc->ctid);
		goto undo;
	}
	if (userns && ct_userns_shift(cc->ve_private, cc->local_uid, cc->local_gid, 1, why,
				      sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		goto undo;
	}
	ret = write_config(cc, o, ostemplate, userns);
	if (ret)
		goto undo;
	printf("Container private area was created\n");
	return 0;
undo:
	remove_tree(cc->ve_private);
	return ret;
}

int cmd_create(int argc, char **argv)
{
	struct create_opts o;
	struct ctconf cc;
	int lock, ret;

	ret = parse_create(argc, argv, &o);
	if (ret)
		return ret;
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	return ct_cmd_end(&cc, lock, do_create(&cc, &o));
}

int cmd_destroy(int argc, char **argv)
{
	char path[PATH_MAX], gone[PATH_MAX + 16];
	struct ctconf cc;
	int lock, ret;

	if (argc != 2)
		return ct_usage_error("destroy", "CTID");
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	ret = ct_need_stopped(&cc);
	if (ret)
		return ct_cmd_end(&cc, lock, ret);
	if (!cc.exists) {
		fprintf(stderr, "Error: CT %u does not exist\n", cc.ctid);
		return ct_cmd_end(&cc, lock, VZ_FS_NOPRVT);
	}
	ret = ct_umount(&cc);
	if (ret)
		return ct_cmd_end(&cc, lock, ret);
	printf("Destroying container private area: %s\n", cc.ve_private);
	if (remove_tree(cc.ve_private)) {
		fprintf(stderr, "Error: CT %u: unable to remove %s: %s\n", cc.ctid, cc.ve_private,
			strerror(errno));
		return ct_cmd_end(&cc, lock, VZ_FS_DEL_PRVT);
	}
	rmdir(cc.ve_root);
	ctconf_path(cc.ctid, path, sizeof(path));
	snprintf(gone, sizeof(gone), "%s.destroyed", path);
	if (rename(path, gone) && errno != ENOENT) {
		fprintf(stderr, "Error: CT %u: unable to retire its config %s: %s\n", cc.ctid, path,
			strerror(errno));
		return ct_cmd_end(&cc, lock, VZ_FS_DEL_PRVT);
	}
	printf("Container private area was destroyed\n");
	return ct_cmd_end(&cc, lock, 0);
}
