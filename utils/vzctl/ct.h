/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A container's life: its lock, its state as the kernel shows it, its
 * private area mounted at its root, its init started in new namespaces and
 * cgroup, stopped, and entered. Every function prints its own one-line
 * error ("Error: CT 101: ...") and returns an OpenVZ exit code (vzerror.h),
 * or 0.
 */
#ifndef VZCTL_CT_H
#define VZCTL_CT_H

#include <sys/types.h>

#include "ctconf.h"

/* What `vzctl status` reports. */
struct ct_status {
	int exists;		/* config and private area are there */
	int mounted;		/* VE_ROOT is a mount point */
	int running;		/* its init is alive in its cgroup */
	pid_t init;		/* host pid of its init when running */
};

/*
 * Take CT @ctid's lock in LOCKDIR, failing at once with "Container already
 * locked" when another live vzctl holds it; a dead holder's lock is taken
 * over. The lock is an flock on LOCKDIR/CTID.lck, released by ct_unlock or
 * by exit. Returns the lock fd, or -VZ_LOCKED / -VZ_SYSTEM_ERROR.
 */
int ct_lock(const struct ctconf *cc);
void ct_unlock(int fd);

/* Fill @st from the config, the mount table, the pid file and the cgroup. */
void ct_get_status(const struct ctconf *cc, struct ct_status *st);

/* The init pid of a running CT, or 0 (pid file checked against the cgroup). */
pid_t ct_running_init(unsigned int ctid);

/* The CTIDs that have a config in VZ_CT_CONF_DIR, sorted; a malloc'ed array in *@ids. */
int ct_list_ids(unsigned int **ids);

/* The running CT other than @ctid that has address @ip, or 0. */
unsigned int ct_ip_owner(unsigned int ctid, const char *ip);

/*
 * Before a start or a restore: the CT exists, is not running, its
 * addresses are free; what a CT that died on its own left is cleaned up.
 */
int ct_prepare_start(const struct ctconf *cc);

/* VZ_VE_RUNNING (printed) if the CT runs, else 0. */
int ct_need_stopped(const struct ctconf *cc);

/* The init of a running CT in *@init, else VZ_VE_NOT_RUNNING (printed). */
int ct_need_running(const struct ctconf *cc, pid_t *init);

/* Write @hostname to the private area's /etc/hostname (0, or -1 with errno). */
int ct_write_hostname(const char *private, const char *hostname);

/* Refuse (VZ_IP_INUSE, printed) an address of @cc that a running CT has. */
int ct_check_ips(const struct ctconf *cc);

/*
 * A CT between the invocations of a staged checkpoint or restore is held
 * by the kernel in its frozen cgroup: what would join it (exec, enter)
 * would freeze too, and what would change it (set, stop, start, destroy,
 * another staged sequence) would pull it from under the parked context.
 * VZ_RUN_DIR/CTID.staged says which sequence holds it; the cgroup's
 * cgroup.freeze says whether anything does.
 */
enum ct_staged { CT_NOT_STAGED, CT_FROZEN, CT_SUSPENDED, CT_UNDUMPED };

enum ct_staged ct_staged(unsigned int ctid);

/* Record (@what "chkpnt" or "restore") or forget (NULL) the staged sequence holding CT @ctid. */
void ct_set_staged(unsigned int ctid, const char *what);

/* If CT @ctid is held frozen: say by what and how to finish it, and return VZ_LOCKED. */
int ct_refuse_staged(unsigned int ctid);

/* Record or forget the init's host pid in VZ_RUN_DIR/CTID.pid. */
int ct_write_pidfile(unsigned int ctid, pid_t pid);
void ct_remove_pidfile(unsigned int ctid);

/* Is @path a mount point? */
int ct_is_mountpoint(const char *path);

/* Bind-mount VE_PRIVATE at VE_ROOT (vzctl mount), and back. */
int ct_mount(const struct ctconf *cc);
int ct_umount(const struct ctconf *cc);

/*
 * Start the CT: mount, cgroup with limits, init cloned into new pid, mount,
 * UTS, IPC and net namespaces, veth, pivot_root, /proc, /sys, /dev, the
 * hostname; then exec the template's /sbin/init. With @seed, the child stops
 * after the environment is made and waits in pause() as pid 1 for vzrst to
 * rebuild it into the checkpointed init (restore). On success the init's
 * host pid is in *@init and in the pid file; on failure nothing is left.
 */
int ct_start(const struct ctconf *cc, int seed, pid_t *init);

/*
 * Stop a running CT: its init's shutdown signal unless @fast, wait up to
 * STOP_TIMEOUT for it to be down (ct_boot.h),
 * then kill its cgroup; then take down its veth, cgroup, pid file and
 * root mount.
 */
int ct_stop(const struct ctconf *cc, int fast);

/*
 * What remains of a CT whose tasks are gone (killed by stop, chkpnt or a
 * failed start or restore): veth, cgroup, pid file, root mount. Idempotent.
 */
void ct_cleanup(const struct ctconf *cc);

/*
 * Join the CT's namespaces, cgroup and root (for exec and enter). Called in
 * a fresh child process: the pid namespace applies to its own children.
 */
int ct_join(unsigned int ctid, pid_t init);

/*
 * In a fresh child of vzctl: @in, @out and @err as 0, 1 and 2, a session of
 * its own, nothing else open; CT @ctid joined, /bin/sh run there with @argv
 * and @env, and its exit status made this process's.
 */
void __attribute__((noreturn)) ct_exec_sh(unsigned int ctid, pid_t init, int in, int out,
					  int err, char **argv, char *const env[]);

/*
 * Enter only the CT's namespace @ns ("uts", ...), keeping every capability:
 * for vzctl's own work in a process that the CT cannot see.
 */
int ct_join_ns(unsigned int ctid, pid_t init, const char *ns);

/* The command table entries of the container commands. */
int cmd_create(int argc, char **argv);
int cmd_destroy(int argc, char **argv);
int cmd_start(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_restart(int argc, char **argv);
int cmd_status(int argc, char **argv);
int cmd_mount(int argc, char **argv);
int cmd_umount(int argc, char **argv);
int cmd_exec(int argc, char **argv);
int cmd_enter(int argc, char **argv);
int cmd_set(int argc, char **argv);
int cmd_vzlist(int argc, char **argv);

#endif
