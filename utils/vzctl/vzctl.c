// SPDX-License-Identifier: GPL-2.0
/* vzctl: the container and checkpoint/restore control utility. */
#include <libgen.h>
#include <stdio.h>
#include <string.h>

#include <linux/vzcpt.h>

#include "cpt.h"
#include "ct.h"
#include "vzerror.h"

#define VZCTL_VERSION "0.1"

/* The commands: each parses its own options; argv[0] is the command's name. */
static const struct vzctl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
	int touches_ct;		/* refused on a CT held by a staged checkpoint or restore */
} vzctl_cmds[] = {
	{ "create", cmd_create, 0 },
	{ "destroy", cmd_destroy, 1 },
	{ "delete", cmd_destroy, 1 },
	{ "start", cmd_start, 1 },
	{ "stop", cmd_stop, 1 },
	{ "restart", cmd_restart, 1 },
	{ "status", cmd_status, 0 },
	{ "mount", cmd_mount, 0 },
	{ "umount", cmd_umount, 1 },
	{ "exec", cmd_exec, 1 },
	{ "exec2", cmd_exec, 1 },
	{ "enter", cmd_enter, 1 },
	{ "set", cmd_set, 1 },
	{ "chkpnt", cmd_chkpnt, 0 },
	{ "restore", cmd_restore, 0 },
	{ "dumpinfo", cmd_dumpinfo, 0 },
};

static int usage(FILE *f)
{
	fprintf(f,
		"Usage: vzctl [--help | --version] <command> <ctid> [options]\n"
		"  vzctl create CTID [--ostemplate NAME] [--config NAME] [--hostname NAME] [--ipadd ADDR]\n"
		"  vzctl destroy | mount | umount | status CTID\n"
		"  vzctl start CTID\n"
		"  vzctl stop | restart CTID [--fast]\n"
		"  vzctl exec | exec2 CTID COMMAND [ARG...]\n"
		"  vzctl enter CTID\n"
		"  vzctl set CTID [--hostname NAME] [--ipadd ADDR] [--ipdel ADDR|all] [--ram SIZE]\n"
		"                 [--cpuunits N] [--cpulimit PERCENT] [--numproc N] [--onboot yes|no]\n"
		"                 [--userpasswd USER:PASSWORD] [--save]\n"
		"  vzctl chkpnt CTID [--dumpfile FILE] | --suspend | --dump [--dumpfile FILE] | --kill | --resume\n"
		"  vzctl restore CTID [--dumpfile FILE] | --undump [--dumpfile FILE] | --resume | --kill\n"
		"  vzctl dumpinfo FILE [--xml]\n"
		"  vzlist [-a] [-H] [-o FIELD,...]\n");
	return f == stderr ? VZ_INVALID_PARAMETER_SYNTAX : 0;
}

int main(int argc, char **argv)
{
	/* vzlist is vzctl under another name. */
	if (!strcmp(basename(argv[0]), "vzlist"))
		return cmd_vzlist(argc, argv);
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("vzctl version %s (checkpoint ABI %d)\n", VZCTL_VERSION, VZCPT_ABI_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(vzctl_cmds) / sizeof(vzctl_cmds[0]); i++) {
		unsigned int ctid;
		int ret;

		if (strcmp(argv[1], vzctl_cmds[i].name))
			continue;
		/* Between the stages of a checkpoint or restore the CT is the kernel's. */
		if (vzctl_cmds[i].touches_ct && argc > 2 && !cpt_parse_ctid(argv[2], &ctid)) {
			ret = ct_refuse_staged(ctid);
			if (ret)
				return ret;
		}
		return vzctl_cmds[i].run(argc - 1, argv + 1);
	}
	fprintf(stderr, "vzctl: unknown command: %s\n", argv[1]);
	return usage(stderr);
}
