// SPDX-License-Identifier: GPL-2.0
/* vzctl: the container and checkpoint/restore control utility. */
#include <stdio.h>
#include <string.h>

#include <linux/vzcpt.h>

#include "cpt.h"

#define VZCTL_VERSION "0.1"

/* The commands: each parses its own options; argv[0] is the command's name. */
static const struct vzctl_cmd {
	const char *name;
	int (*run)(int argc, char **argv);
} vzctl_cmds[] = {
	{ "chkpnt", cmd_chkpnt },
	{ "restore", cmd_restore },
	{ "dumpinfo", cmd_dumpinfo },
};

static int usage(FILE *f)
{
	fprintf(f, "Usage: vzctl [--help | --version] <command> <ctid> [options]\n");
	return f == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return usage(stderr);
	if (!strcmp(argv[1], "--help"))
		return usage(stdout);
	if (!strcmp(argv[1], "--version")) {
		printf("vzctl version %s (checkpoint ABI %d)\n", VZCTL_VERSION, VZCPT_ABI_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(vzctl_cmds) / sizeof(vzctl_cmds[0]); i++)
		if (!strcmp(argv[1], vzctl_cmds[i].name))
			return vzctl_cmds[i].run(argc - 1, argv + 1);
	fprintf(stderr, "vzctl: unknown command: %s\n", argv[1]);
	return usage(stderr);
}
