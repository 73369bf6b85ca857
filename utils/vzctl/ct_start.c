// SPDX-License-Identifier: GPL-2.0
/*
 * Starting a container: the CT's init is cloned straight into its cgroup
 * (clone3 with CLONE_INTO_CGROUP, so that no instant of it runs without its
 * limits) and into new pid, mount, UTS, IPC and net namespaces. The parent
 * wires the network while the child waits; then the child builds its root
 * (ct_root.c) and execs the template's init, or, as a restore seed, waits to
 * be rebuilt by vzrst. A pipe that closes on exec tells the parent how it
 * went. A CT with USERNS gets a user namespace too, made with the others so
 * that it owns them: the parent writes its id maps while the child waits,
 * and the child becomes the namespace's root before it builds anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/sched.h>

#include "cgroup.h"
#include "ct.h"
#include "ct_devices.h"
#include "ct_mounts.h"
#include "ct_root.h"
#include "ct_userns.h"
#include "net.h"
#include "vzerror.h"

/* What the child says on the status pipe: a failure with its reason, or that a seed is ready. */
#define CHILD_FAILED	'E'
#define SEED_READY	'R'

static void limits_of(const struct ctconf *cc, struct ct_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	lim->memory_max = cc->ram;
	lim->pids_max = cc->numproc;
	lim->cpu_pct = cc->cpulimit;
	/* OpenVZ's CPUUNITS default of 1000 is cgroup v2's default weight of 100. */
	if (cc->cpuunits) {
		unsigned int w = cc->cpuunits / 10;

		lim->cpu_weight = w < 1 ? 1 : w > 10000 ? 10000 : w;
	}
}

static void __attribute__((format(printf, 2, 3), noreturn))
child_fail(int fd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	int n;

	msg[0] = CHILD_FAILED;
	va_start(ap, fmt);
	n = vsnprintf(msg + 1, sizeof(msg) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		n = 0;
	if (n > (int)sizeof(msg) - 2)
		n = sizeof(msg) - 2;
	if (write(fd, msg, n + 1) < 0)
		_exit(126);
	_exit(127);
}

static void __attribute__((noreturn))
child_main(const struct ctconf *cc, int seed, int go_fd, int status_fd)
{
	static char *const init_argv[] = { "init", NULL };
	static char *const init_env[] = {
		"PATH=/sbin:/bin:/usr/sbin:/usr/bin", "HOME=/root", "TERM=linux", "container=vzcpt",
		NULL
	};
	char why[256], c;
	const char seed_ready = SEED_READY;

	/*
	 * A seed waits for vzrst forever: if vzctl dies first (killed during its restore),
	 * it must not stay in the CT's cgroup. Armed before the go byte, which vzctl writes
	 * only once it has set this child's network up; the undump gives the rebuilt init
	 * its image's pdeath signal.
	 */
	if (seed && prctl(PR_SET_PDEATHSIG, SIGKILL) < 0)
		_exit(1);
	if (read(go_fd, &c, 1) != 1)
		_exit(1);	/* the parent gave up; it cleans up */
	close(go_fd);
	if (cc->userns && ct_userns_become_root(why, sizeof(why)))
		child_fail(status_fd, "%s", why);
	if (ct_root_setup(cc, seed, why, sizeof(why)))
		child_fail(status_fd, "%s", why);
	if (setsid() < 0)
		child_fail(status_fd, "setsid: %s", strerror(errno));
	if (ct_root_console_stdio(status_fd, why, sizeof(why)))
		child_fail(status_fd, "%s", why);
	if (seed) {
		/* vzrst rebuilds this process into the checkpointed init; it needs nothing open. */
		if (write(status_fd, &seed_ready, 1) != 1)
			_exit(1);
		close(status_fd);
		for (;;)
			pause();
	}
	execve("/sbin/init", init_argv, init_env);
	child_fail(status_fd, "unable to execute the CT's /sbin/init: %s", strerror(errno));
}

static pid_t clone_into(int cgfd, int userns)
{
	struct clone_args args;

	memset(&args, 0, sizeof(args));
	args.flags = CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWNET |
		     CLONE_INTO_CGROUP;
	/* The kernel makes the user namespace first: it owns the other new ones. */
	if (userns)
		args.flags |= CLONE_NEWUSER;
	args.exit_signal = SIGCHLD;
	args.cgroup = (uint64_t)cgfd;
	return (pid_t)syscall(SYS_clone3, &args, sizeof(args));
}

/* Read the child's verdict: 0 (exec'd, or seed ready), else its reason in @why. */
static int child_verdict(int fd, int seed, char *why, size_t len)
{
	char buf[512];
	ssize_t n;

	do {
		n = read(fd, buf, sizeof(buf) - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0) {
		snprintf(why, len, "reading the CT init's status: %s", strerror(errno));
		return -1;
	}
	if (n == 0 && !seed)
		return 0;
	if (n >= 1 && buf[0] == SEED_READY && seed)
		return 0;
	if (n >= 1 && buf[0] == CHILD_FAILED) {
		buf[n] = 0;
		snprintf(why, len, "%s", buf + 1);
		return -1;
	}
	snprintf(why, len, "its init died while it was being set up");
	return -1;
}

int ct_start(const struct ctconf *cc, int seed, pid_t *initp)
{
	int go[2] = { -1, -1 }, status[2] = { -1, -1 };
	int ret, cgfd = -1, mounted_here = 0;
	struct ct_limits lim;
	char why[512];
	pid_t pid = -1;

	if (cg_check(why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		return VZ_BAD_KERNEL;
	}
	if (!ct_is_mountpoint(cc->ve_root)) {
		ret = ct_mount(cc);
		if (ret)
			return ret;
		mounted_here = 1;
	}
	limits_of(cc, &lim);
	if (cg_exists(cc->ctid) && cg_nr_procs(cc->ctid) == 0)
		cg_destroy(cc->ctid);	/* left by a CT that died on its own */
	if (cg_create(cc->ctid, &lim, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		ret = VZ_RESOURCE_ERROR;
		goto undo_mount;
	}
	ret = VZ_ENVCREATE_ERROR;
	cgfd = cg_open(cc->ctid);
	if (cgfd < 0) {
		fprintf(stderr, "Error: CT %u: unable to open its cgroup: %s\n", cc->ctid,
			strerror(-cgfd));
		goto undo_cgroup;
	}
	/* Before its init exists: nothing of the CT ever runs without its device filter. */
	if (ct_devices_attach(cgfd, cc->devices, cc->nr_devices, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		goto undo_pipes;
	}
	if (pipe2(go, O_CLOEXEC) || pipe2(status, O_CLOEXEC)) {
		fprintf(stderr, "Error: CT %u: pipe: %s\n", cc->ctid, strerror(errno));
		goto undo_pipes;
	}
	fflush(NULL);
	pid = clone_into(cgfd, cc->userns);
	if (pid < 0) {
		fprintf(stderr, "Error: CT %u: unable to create its init in new namespaces: %s\n",
			cc->ctid, strerror(errno));
		goto undo_pipes;
	}
	if (pid == 0) {
		close(go[1]);
		close(status[0]);
		close(cgfd);
		child_main(cc, seed, go[0], status[1]);
	}
	close(go[0]);
	go[0] = -1;
	close(status[1]);
	status[1] = -1;

	if (cc->userns &&
	    (ct_userns_write_maps(pid, cc->local_uid, cc->local_gid, why, sizeof(why)) ||
	     cg_delegate(cc->ctid, cc->local_uid, cc->local_gid, why, sizeof(why)))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		goto undo_child;
	}
	/* A seed's link comes up once vzrst holds its network (cmd_restore.c). */
	if (net_setup(cc->ctid, pid, cc->ips, cc->nr_ips, !seed, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		ret = VZ_VETH_ERROR;
		goto undo_child;
	}
	if (write(go[1], "g", 1) != 1) {
		fprintf(stderr, "Error: CT %u: its init died before it could start\n", cc->ctid);
		goto undo_net;
	}
	if (child_verdict(status[0], seed, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		goto undo_net;
	}
	ret = ct_write_pidfile(cc->ctid, pid);
	if (!ret)
		ret = ct_mounts_record(cc->ctid, pid);
	if (ret)
		goto undo_net;
	if (cc->nr_ips && !seed)
		net_wait_carrier(cc->ctid);
	close(go[1]);
	close(status[0]);
	close(cgfd);
	*initp = pid;
	return 0;

undo_net:
	net_teardown(cc->ctid);
undo_child:
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	cg_kill_all(cc->ctid, 5000);
undo_pipes:
	for (int i = 0; i < 2; i++) {
		if (go[i] >= 0)
			close(go[i]);
		if (status[i] >= 0)
			close(status[i]);
	}
	if (cgfd >= 0)
		close(cgfd);
undo_cgroup:
	cg_destroy(cc->ctid);
undo_mount:
	if (mounted_here)
		ct_umount(cc);
	return ret;
}
