// SPDX-License-Identifier: GPL-2.0
/*
 * vzlist [-a] [-H] [-o FIELD[,FIELD...]]: the CTs that have a config in
 * /etc/vz/conf, running ones only unless -a, in OpenVZ's columns.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "ct.h"
#include "vzerror.h"

enum field { F_CTID, F_NPROC, F_STATUS, F_IP, F_HOSTNAME, F_ONBOOT, F_NUMPROC, F_RAM };

static const struct {
	const char *name, *title;
	int width;	/* < 0: left-aligned */
} fields[] = {
	[F_CTID] = { "ctid", "CTID", 10 },
	[F_NPROC] = { "numproc_used", "NPROC", 10 },
	[F_STATUS] = { "status", "STATUS", -9 },
	[F_IP] = { "ip", "IP_ADDR", -15 },
	[F_HOSTNAME] = { "hostname", "HOSTNAME", 0 },
	[F_ONBOOT] = { "onboot", "ONBOOT", -6 },
	[F_NUMPROC] = { "numproc", "NUMPROC", 10 },
	[F_RAM] = { "physpages", "PHYSPAGES", 12 },
};

#define NFIELDS (sizeof(fields) / sizeof(fields[0]))

static int parse_fields(char *list, enum field *out, int *n)
{
	*n = 0;
	for (char *f = strtok(list, ","); f; f = strtok(NULL, ",")) {
		size_t i;

		if (!strcmp(f, "nproc"))
			f = "numproc_used";
		if (!strcmp(f, "veid"))
			f = "ctid";
		for (i = 0; i < NFIELDS && strcmp(f, fields[i].name); i++)
			;
		if (i == NFIELDS || *n == (int)NFIELDS * 2) {
			fprintf(stderr, "Error: unknown field: %s\n", f);
			return VZ_INVALID_PARAMETER_SYNTAX;
		}
		out[(*n)++] = (enum field)i;
	}
	return 0;
}

static void print_cell(enum field f, const char *s, int last)
{
	int w = fields[f].width;

	if (last && w < 0)
		w = 0;
	printf("%s%*s", f == F_CTID ? "" : " ", w, s);
}

int cmd_vzlist(int argc, char **argv)
{
	enum field cols[NFIELDS * 2] = { F_CTID, F_NPROC, F_STATUS, F_IP, F_HOSTNAME };
	int ncols = 5, all = 0, header = 1, c, ret, n;
	unsigned int *ids = NULL;

	opterr = 0;
	optind = 1;
	while ((c = getopt(argc, argv, "aHo:h")) != -1) {
		switch (c) {
		case 'a':
			all = 1;
			break;
		case 'H':
			header = 0;
			break;
		case 'o':
			ret = parse_fields(optarg, cols, &ncols);
			if (ret)
				return ret;
			break;
		default:
			fprintf(c == 'h' ? stdout : stderr,
				"Usage: vzlist [-a] [-H] [-o ctid,numproc_used,status,ip,hostname,"
				"onboot,numproc,physpages]\n");
			return c == 'h' ? 0 : VZ_INVALID_PARAMETER_SYNTAX;
		}
	}
	if (header) {
		for (int i = 0; i < ncols; i++)
			print_cell(cols[i], fields[cols[i]].title, i == ncols - 1);
		printf("\n");
	}
	n = ct_list_ids(&ids);
	for (int k = 0; k < n; k++) {
		struct ctconf cc;
		struct ct_status st;
		char why[512], buf[CT_MAX_IPS * 64 + 16];

		if (ctconf_load(&cc, ids[k], NULL, NULL, why, sizeof(why))) {
			fprintf(stderr, "Warning: CT %u: %s\n", ids[k], why);
			continue;
		}
		ct_get_status(&cc, &st);
		if (!all && !st.running) {
			ctconf_free(&cc);
			continue;
		}
		for (int i = 0; i < ncols; i++) {
			int nr;

			buf[0] = 0;
			switch (cols[i]) {
			case F_CTID:
				snprintf(buf, sizeof(buf), "%u", cc.ctid);
				break;
			case F_NPROC:
				nr = st.running ? cg_nr_procs(cc.ctid) : -1;
				snprintf(buf, sizeof(buf), nr >= 0 ? "%d" : "-", nr);
				break;
			case F_STATUS:
				snprintf(buf, sizeof(buf), "%s", st.running ? "running" :
					 st.mounted ? "mounted" : "stopped");
				break;
			case F_IP:
				for (int j = 0; j < cc.nr_ips; j++) {
					if (j)
						strcat(buf, " ");
					strcat(buf, cc.ips[j]);
				}
				break;
			case F_HOSTNAME:
				snprintf(buf, sizeof(buf), "%s", cc.hostname);
				break;
			case F_ONBOOT:
				snprintf(buf, sizeof(buf), "%s", cc.onboot ? "yes" : "no");
				break;
			case F_NUMPROC:
				snprintf(buf, sizeof(buf), cc.numproc ? "%u" : "unlimited", cc.numproc);
				break;
			case F_RAM:
				snprintf(buf, sizeof(buf), cc.ram ? "%llu" : "unlimited",
					 (unsigned long long)(cc.ram / 4096));
				break;
			}
			print_cell(cols[i], buf[0] ? buf : "-", i == ncols - 1);
		}
		printf("\n");
		ctconf_free(&cc);
	}
	free(ids);
	return 0;
}
