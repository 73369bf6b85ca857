/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One thin wrapper per ioctl of /proc/cpt and /proc/rst (include/uapi/linux/vzcpt.h).
 * Each returns 0 or -errno; cpt_explain() turns a failure into the kernel's
 * one-sentence reason (CPT_GET_ERROR), or strerror when it kept none.
 */
#ifndef VZCTL_CPT_H
#define VZCTL_CPT_H

#include <stddef.h>
#include <sys/types.h>

#define PROC_CPT "/proc/cpt"
#define PROC_RST "/proc/rst"

/* Open /proc/cpt or /proc/rst; -errno if it cannot be. */
int cpt_open(const char *proc);
int cpt_get_abi(int fd, unsigned int *version);
int cpt_get_context(int fd, unsigned int ctid, pid_t pid, int cgroup_fd);
int cpt_join_context(int fd, unsigned int ctid);
int cpt_put_context(int fd);
int cpt_set_veid(int fd, unsigned int ctid);
int cpt_set_dumpfd(int fd, int dumpfd);
int cpt_suspend(int fd);
int cpt_dump(int fd);
struct vzcpt_iter_arg;
int cpt_iter(int fd, struct vzcpt_iter_arg *a);
/* A mount the CT made, for the next dump to carry: a bind's source, a tmpfs's device name. */
int cpt_add_mount(int fd, unsigned int kind, const char *target, const char *source);
int cpt_kill(int fd);
int cpt_resume(int fd);
int cpt_undump(int fd);
/* The context's explanation of its last failure; "" if none. */
int cpt_get_error(int fd, char *buf, size_t len);
/* Why call failed with @err: the kernel's sentence, else strerror(-err). */
const char *cpt_explain(int fd, int err, char *buf, size_t len);

/* A CTID from the command line: decimal, 32 bits. */
int cpt_parse_ctid(const char *s, unsigned int *ctid);

/* The checkpoint commands (cmd_chkpnt.c, cmd_restore.c, cmd_dumpinfo.c): argv[0] is the command. */
int cmd_chkpnt(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_dumpinfo(int argc, char **argv);

#endif
