// SPDX-License-Identifier: GPL-2.0
/*
 * netcg: drive vzctl's cgroup.c and net.c directly, on a bare container
 * (new pid, net, UTS, mount and IPC namespaces, the host's root), so that
 * they are tested before and apart from vzctl's container code. Every
 * failure prints "Error: CT N: reason" as vzctl would and exits 1; after
 * each network call it checks that its own network namespace is unchanged.
 *
 *   netcg check                          cg_check
 *   netcg start CTID [--mem B] [--pids N] [--cpu PCT] [--weight W] [IP...]
 *                                        cgroup with limits, a CT init (pause) attached
 *                                        to it, the network; print the init's host pid
 *   netcg cgcreate CTID [limits]         cg_create only
 *   netcg setlimits CTID [limits]        cg_set_limits
 *   netcg attach CTID PID                cg_attach
 *   netcg net CTID PID [IP...]           net_setup only
 *   netcg addip|delip CTID PID IP        net_add_ip, net_del_ip
 *   netcg link CTID up|down              net_link_set
 *   netcg inuse IP                       net_ip_in_use: print the owner, exit 0 if taken
 *   netcg info CTID                      "exists E procs N frozen F dirfd ok"
 *   netcg stop CTID                      cg_kill_all, net_teardown, cg_destroy
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "net.h"

#define MAX_IPS	16

static unsigned int ctid;
static char err[512];
static struct stat netns0;

static int die(const char *what)
{
	if (ctid)
		fprintf(stderr, "Error: CT %u: %s\n", ctid, what);
	else
		fprintf(stderr, "Error: %s\n", what);
	exit(1);
}

static void usage(void)
{
	fprintf(stderr, "usage: netcg check|start|cgcreate|setlimits|attach|net|addip|delip|"
		"link|inuse|info|stop ...\n");
	exit(2);
}

static unsigned long long num(const char *s)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end)
		usage();
	return v;
}

/* Whatever net.c did, this process must still be in the namespace it started in. */
static void same_netns(void)
{
	struct stat st;

	if (stat("/proc/thread-self/ns/net", &st))
		die("cannot stat my network namespace");
	if (st.st_dev != netns0.st_dev || st.st_ino != netns0.st_ino)
		die("netcg's own network namespace changed");
}

/* [--mem B] [--pids N] [--cpu PCT] [--weight W] then IPs; returns the number of IPs. */
static int parse_opts(int argc, char **argv, struct ct_limits *lim, char ips[][64])
{
	int i, n = 0;

	memset(lim, 0, sizeof(*lim));
	for (i = 0; i < argc; i++) {
		if (i + 1 < argc && !strcmp(argv[i], "--mem"))
			lim->memory_max = num(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--pids"))
			lim->pids_max = num(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--cpu"))
			lim->cpu_pct = num(argv[++i]);
		else if (i + 1 < argc && !strcmp(argv[i], "--weight"))
			lim->cpu_weight = num(argv[++i]);
		else if (argv[i][0] == '-' || n == MAX_IPS)
			usage();
		else
			snprintf(ips[n++], 64, "%s", argv[i]);
	}
	return n;
}

static int sync_pipe[2];

static int ct_init(void *arg)
{
	char c, name[32];
	int null;

	(void)arg;
	close(sync_pipe[1]);
	/* Released only once the cgroup and the network are in place. */
	if (read(sync_pipe[0], &c, 1) != 1)
		_exit(1);
	close(sync_pipe[0]);
	setsid();
	snprintf(name, sizeof(name), "ct%u", ctid);
	if (sethostname(name, strlen(name)) ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		_exit(2);
	null = open("/dev/null", O_RDWR);
	if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
		_exit(2);
	for (;;)
		pause();
}

static int cmd_start(int argc, char **argv)
{
	static char stack[256 * 1024];
	char ips[MAX_IPS][64];
	struct ct_limits lim;
	int n;
	pid_t pid;

	n = parse_opts(argc, argv, &lim, ips);
	if (cg_check(err, sizeof(err)))
		die(err);
	if (pipe(sync_pipe))
		die("pipe");
	pid = clone(ct_init, stack + sizeof(stack), CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWNS |
		    CLONE_NEWUTS | CLONE_NEWIPC | SIGCHLD, NULL);
	if (pid < 0)
		die("clone");
	close(sync_pipe[0]);
	if (cg_create(ctid, &lim, err, sizeof(err)) || cg_attach(ctid, pid, err, sizeof(err)))
		goto fail;
	if (net_setup(ctid, pid, (const char (*)[64])ips, n, 1, err, sizeof(err))) {
		same_netns();
		goto fail;
	}
	same_netns();
	if (write(sync_pipe[1], "x", 1) != 1)
		die("cannot release the CT init");
	close(sync_pipe[1]);
	printf("%d\n", pid);
	return 0;
fail:
	/* Leave nothing behind: the init, its cgroup (net_setup cleaned up after itself). */
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	cg_destroy(ctid);
	return die(err);
}

static int cmd_info(void)
{
	int fd, procs, frozen;

	fd = cg_open(ctid);
	procs = cg_nr_procs(ctid);
	frozen = cg_frozen(ctid);
	printf("exists %d procs %d frozen %d dirfd %s\n", cg_exists(ctid), procs, frozen,
	       fd >= 0 ? "ok" : strerror(-fd));
	if (fd >= 0)
		close(fd);
	return 0;
}

static int cmd_stop(void)
{
	int ret;

	ret = cg_kill_all(ctid, 5000);
	if (ret) {
		snprintf(err, sizeof(err), "cannot kill the CT's tasks: %s", strerror(-ret));
		die(err);
	}
	ret = net_teardown(ctid);
	same_netns();
	if (ret) {
		snprintf(err, sizeof(err), "cannot remove its network: %s", strerror(-ret));
		die(err);
	}
	ret = cg_destroy(ctid);
	if (ret) {
		snprintf(err, sizeof(err), "cannot remove its cgroup: %s", strerror(-ret));
		die(err);
	}
	return 0;
}

int main(int argc, char **argv)
{
	char ips[MAX_IPS][64];
	struct ct_limits lim;
	const char *cmd;
	int n, ret;

	if (argc < 2)
		usage();
	if (stat("/proc/thread-self/ns/net", &netns0))
		die("cannot stat my network namespace");
	cmd = argv[1];
	if (!strcmp(cmd, "check")) {
		if (cg_check(err, sizeof(err)))
			die(err);
		return 0;
	}
	if (!strcmp(cmd, "inuse") && argc == 3) {
		ret = net_ip_in_use(argv[2], err, sizeof(err));
		same_netns();
		if (ret < 0)
			die(ret == -EINVAL ? err : strerror(-ret));
		if (ret)
			printf("%s\n", err);
		return !ret;
	}
	if (argc < 3)
		usage();
	ctid = num(argv[2]);
	if (!strcmp(cmd, "start"))
		return cmd_start(argc - 3, argv + 3);
	if (!strcmp(cmd, "info") && argc == 3)
		return cmd_info();
	if (!strcmp(cmd, "stop") && argc == 3)
		return cmd_stop();
	if (!strcmp(cmd, "cgcreate") || !strcmp(cmd, "setlimits")) {
		if (parse_opts(argc - 3, argv + 3, &lim, ips))
			usage();
		if (!strcmp(cmd, "cgcreate"))
			ret = cg_create(ctid, &lim, err, sizeof(err));
		else
			ret = cg_set_limits(ctid, &lim, err, sizeof(err));
		return ret ? die(err) : 0;
	}
	if (!strcmp(cmd, "link") && argc == 4) {
		if (strcmp(argv[3], "up") && strcmp(argv[3], "down"))
			usage();
		ret = net_link_set(ctid, !strcmp(argv[3], "up"), err, sizeof(err));
		same_netns();
		return ret ? die(err) : 0;
	}
	if (argc < 4)
		usage();
	if (!strcmp(cmd, "attach") && argc == 4)
		return cg_attach(ctid, num(argv[3]), err, sizeof(err)) ? die(err) : 0;
	if (!strcmp(cmd, "net")) {
		n = parse_opts(argc - 4, argv + 4, &lim, ips);
		ret = net_setup(ctid, num(argv[3]), (const char (*)[64])ips, n, 1, err, sizeof(err));
		same_netns();
		return ret ? die(err) : 0;
	}
	if ((!strcmp(cmd, "addip") || !strcmp(cmd, "delip")) && argc == 5) {
		if (!strcmp(cmd, "addip"))
			ret = net_add_ip(ctid, num(argv[3]), argv[4], err, sizeof(err));
		else
			ret = net_del_ip(ctid, num(argv[3]), argv[4], err, sizeof(err));
		same_netns();
		return ret ? die(err) : 0;
	}
	usage();
	return 2;
}
