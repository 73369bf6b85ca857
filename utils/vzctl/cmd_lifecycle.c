// SPDX-License-Identifier: GPL-2.0
/* vzctl start, stop, restart, status, mount and umount. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "ct.h"
#include "ct_boot.h"
#include "ct_cmd.h"
#include "ct_dns.h"
#include "ct_file.h"
#include "ct_ifupdown.h"
#include "vzerror.h"

static int need_exists(const struct ctconf *cc, const struct ct_status *st)
{
	if (st->exists)
		return 0;
	fprintf(stderr, "Error: CT %u does not exist (no private area %s or config)\n", cc->ctid,
		cc->ve_private);
	return VZ_FS_NOPRVT;
}

static int do_start(struct ctconf *cc)
{
	pid_t init;
	int ret;

	ret = ct_prepare_start(cc);
	if (ret)
		return ret;
	/* As OpenVZ does at each start: the config's DNS settings into the CT's resolv.conf. */
	if ((cc->nameserver[0] || cc->searchdomain[0]) &&
	    ct_dns_write(cc->ve_private, cc->nameserver[0] ? cc->nameserver : NULL,
			 cc->searchdomain[0] ? cc->searchdomain : NULL)) {
		fprintf(stderr, "Error: CT %u: unable to write its /etc/resolv.conf: %s\n", cc->ctid,
			ct_file_strerror(errno));
		return VZ_SYSTEM_ERROR;
	}
	if (ct_ifupdown_write(cc->ve_private, cc->ctid, (const char (*)[64])cc->ips, cc->nr_ips)) {
		fprintf(stderr, "Error: CT %u: unable to write its /%s: %s\n", cc->ctid,
			CT_IFUPDOWN_FILE, ct_file_strerror(errno));
		return VZ_SYSTEM_ERROR;
	}
	printf("Starting container ...\n");
	ret = ct_start(cc, 0, &init);
	if (ret)
		return ret;
	printf("Container is mounted\n");
	for (int i = 0; i < cc->nr_ips; i++)
		printf("%s%s", i ? " " : "Adding IP address(es): ", cc->ips[i]);
	if (cc->nr_ips)
		printf("\n");
	if (cc->hostname[0])
		printf("Setting hostname: %s\n", cc->hostname);
	printf("Container start in progress...\n");
	switch (ct_wait_booted(cc->ctid, init, ct_init_kind(init), CT_BOOT_TIMEOUT)) {
	case 1:
		printf("Warning: CT %u: its init has not reached its runlevel in %u s\n", cc->ctid,
		       CT_BOOT_TIMEOUT);
		break;
	case -1:
		fprintf(stderr, "Error: CT %u: its init exited while it was booting\n", cc->ctid);
		ct_cleanup(cc);
		return VZ_ENVCREATE_ERROR;
	}
	return 0;
}

int cmd_start(int argc, char **argv)
{
	struct ctconf cc;
	int lock, ret;

	if (argc != 2)
		return ct_usage_error("start", "CTID");
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	return ct_cmd_end(&cc, lock, do_start(&cc));
}

static int parse_fast(int argc, char **argv, const char *cmd, int *fast)
{
	static const struct option opts[] = { { "fast", no_argument, NULL, 'f' }, { 0 } };
	int c;

	*fast = 0;
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (c != 'f')
			return ct_usage_error(cmd, "CTID [--fast]");
		*fast = 1;
	}
	return optind == argc ? 0 : ct_usage_error(cmd, "CTID [--fast]");
}

int cmd_stop(int argc, char **argv)
{
	struct ctconf cc;
	int lock, ret, fast;

	ret = parse_fast(argc, argv, "stop", &fast);
	if (ret)
		return ret;
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	return ct_cmd_end(&cc, lock, ct_stop(&cc, fast));
}

int cmd_restart(int argc, char **argv)
{
	struct ctconf cc;
	int lock, ret, fast;

	ret = parse_fast(argc, argv, "restart", &fast);
	if (ret)
		return ret;
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	printf("Restarting container\n");
	if (ct_running_init(cc.ctid))
		ret = ct_stop(&cc, fast);
	if (!ret)
		ret = do_start(&cc);
	return ct_cmd_end(&cc, lock, ret);
}

int cmd_status(int argc, char **argv)
{
	struct ct_status st;
	struct ctconf cc;
	int ret;

	if (argc != 2)
		return ct_usage_error("status", "CTID");
	ret = ct_cmd_begin(argc, argv, &cc);
	if (ret)
		return ret;
	ct_get_status(&cc, &st);
	printf("CT %u %s %s %s\n", cc.ctid, st.exists ? "exist" : "deleted",
	       st.mounted ? "mounted" : "unmounted", st.running ? "running" : "down");
	return ct_cmd_end(&cc, -1, 0);
}

int cmd_mount(int argc, char **argv)
{
	struct ct_status st;
	struct ctconf cc;
	int lock, ret;

	if (argc != 2)
		return ct_usage_error("mount", "CTID");
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	ct_get_status(&cc, &st);
	ret = need_exists(&cc, &st);
	if (!ret && st.mounted) {
		fprintf(stderr, "Error: CT %u is already mounted\n", cc.ctid);
		ret = VZ_FS_MOUNTED;
	}
	if (!ret)
		ret = ct_mount(&cc);
	if (!ret)
		printf("Container is mounted\n");
	return ct_cmd_end(&cc, lock, ret);
}

int cmd_umount(int argc, char **argv)
{
	struct ct_status st;
	struct ctconf cc;
	int lock, ret;

	if (argc != 2)
		return ct_usage_error("umount", "CTID");
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	ret = ct_need_stopped(&cc);
	if (ret)
		return ct_cmd_end(&cc, lock, ret);
	ct_get_status(&cc, &st);
	if (!st.mounted) {
		fprintf(stderr, "Error: CT %u is not mounted\n", cc.ctid);
		return ct_cmd_end(&cc, lock, VZ_FS_NOT_MOUNTED);
	}
	/*
	 * A stopped CT that is still mounted may be what a vzctl killed
	 * mid-start or mid-restore left: its cgroup, veth and pidfile go too.
	 */
	ct_cleanup(&cc);
	ret = ct_umount(&cc);
	if (!ret)
		printf("Container is unmounted\n");
	return ct_cmd_end(&cc, lock, ret);
}
