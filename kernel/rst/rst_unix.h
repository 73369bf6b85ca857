/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_UNIX_H
#define _RST_UNIX_H

struct rst_context;

/* A UNIX record (rst_files()): a socket, or a pair once its second record comes. */
int rst_unix(struct rst_context *ctx);
/* SO_PEERCRED's pids of processes restored after their sockets, once all are. */
int rst_unix_late(struct rst_context *ctx);
/* Drop a pair's first record left waiting (the restore is ending). */
void rst_unix_drop(struct rst_context *ctx);

#endif /* _RST_UNIX_H */
