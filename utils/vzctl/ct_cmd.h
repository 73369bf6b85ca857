/* SPDX-License-Identifier: GPL-2.0 */
/* What every container command does first: the CTID, root, the configs, the lock. */
#ifndef VZCTL_CT_CMD_H
#define VZCTL_CT_CMD_H

#include "ctconf.h"

/* Take the CTID from argv[1] and load its settings. 0 or an exit code (printed). */
int ct_cmd_begin(int argc, char **argv, struct ctconf *cc);

/* ct_cmd_begin, then the CT's lock: its fd in *@lockfd. */
int ct_cmd_begin_locked(int argc, char **argv, struct ctconf *cc, int *lockfd);

/* Release what ct_cmd_begin(_locked) took and pass @ret through. */
int ct_cmd_end(struct ctconf *cc, int lockfd, int ret);

/* A command-line usage error: the message, and VZ_INVALID_PARAMETER_SYNTAX. */
int ct_usage_error(const char *cmd, const char *usage);

#endif
