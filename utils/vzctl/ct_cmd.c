// SPDX-License-Identifier: GPL-2.0
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cpt.h"
#include "ct.h"
#include "ct_cmd.h"
#include "vzerror.h"

int ct_usage_error(const char *cmd, const char *usage)
{
	fprintf(stderr, "Usage: vzctl %s %s\n", cmd, usage);
	return VZ_INVALID_PARAMETER_SYNTAX;
}

int ct_cmd_begin(int argc, char **argv, struct ctconf *cc)
{
	char why[512];
	unsigned int ctid;
	struct stat st;

	memset(cc, 0, sizeof(*cc));
	if (argc < 2 || cpt_parse_ctid(argv[1], &ctid) || !ctid) {
		fprintf(stderr, "Error: invalid CT ID: %s\n", argc < 2 ? "(none)" : argv[1]);
		return VZ_INVALID_PARAMETER_SYNTAX;
	}
	if (geteuid()) {
		fprintf(stderr, "Error: CT %u: vzctl %s needs root privileges\n", ctid, argv[0]);
		return VZ_NO_ACCES;
	}
	if (stat(VZ_GLOBAL_CONF, &st)) {
		fprintf(stderr, "Error: CT %u: global config file " VZ_GLOBAL_CONF " not found\n",
			ctid);
		return VZ_NOCONFIG;
	}
	if (ctconf_load(cc, ctid, NULL, NULL, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", ctid, why);
		return cc->error;	/* VZ_VE_ROOT_NOTSET, VZ_INVALID_CONFIG... */
	}
	return 0;
}

int ct_cmd_begin_locked(int argc, char **argv, struct ctconf *cc, int *lockfd)
{
	int ret = ct_cmd_begin(argc, argv, cc);

	*lockfd = -1;
	if (ret)
		return ret;
	*lockfd = ct_lock(cc);
	if (*lockfd < 0) {
		ret = -*lockfd;
		*lockfd = -1;
		ctconf_free(cc);
	}
	return ret;
}

int ct_cmd_end(struct ctconf *cc, int lockfd, int ret)
{
	ct_unlock(lockfd);
	ctconf_free(cc);
	return ret;
}
