// SPDX-License-Identifier: GPL-2.0
/* vzctl: the container and checkpoint/restore control utility. */
#include <stdio.h>
#include <string.h>

#include <linux/vzcpt.h>

#define VZCTL_VERSION "0.1"

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
	fprintf(stderr, "vzctl: unknown command: %s\n", argv[1]);
	return usage(stderr);
}
