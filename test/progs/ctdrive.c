// SPDX-License-Identifier: GPL-2.0
/*
 * ctdrive: drive /proc/cpt and /proc/rst directly, on a bare-bones container
 * (new pid, mount, UTS and IPC namespaces and a cgroup, the host's root),
 * so kernel tests do not depend on vzctl's container code.
 *
 *   ctdrive run CGROUP PROG [ARGS...]      start PROG as pid 1 of a new CT, stdio on /dev/null;
 *                                          print its host pid
 *   ctdrive dump CTID PID CGROUP FILE [--resume|--stay]   suspend, dump, then kill (default)
 *                                          or resume; --stay leaves it suspended (context parked)
 *   ctdrive iterdump CTID PID CGROUP FILE PASSES [--passes-only]   PASSES pre-copy passes
 *                                          (CPT_ITER) of the running CT, then (but with
 *                                          --passes-only) suspend and dump; then resume; on a
 *                                          failure anywhere, resume and exit 1
 *   ctdrive suspend CTID PID CGROUP        suspend only, leaving the context parked
 *   ctdrive dumpjoin CTID FILE             join a parked context, dump, park it again
 *   ctdrive resume CTID                    join a parked checkpoint context and resume
 *   ctdrive restore CTID CGROUP FILE       undump into a new CT and resume it; print the init's pid
 *   ctdrive restoremany CTID CGROUP        undump each image of the stream on stdin (imgfuzz gen)
 *                                          into a new CT, kill what restored; one line each:
 *                                          "refused N: REASON", "restored N", then "left N" if
 *                                          the cgroup is not empty within 10 s
 *   ctdrive undump CTID CGROUP FILE        undump only, leaving the context parked; print the pid
 *   ctdrive exitseed CTID CGROUP FILE MIB US   undump into a seed killed US us before, slow
 *                                          to exit (it unmaps MIB MiB): the undump must fail
 *   ctdrive rstresume CTID                 join a parked restore context and resume
 *   ctdrive rstkill CTID                   join a parked restore context and kill
 *   ctdrive race cpt|rst CTID CGROUP ROUNDS   two threads of one process on one fd: one ends
 *                                          the context with a stage while the other PUTs it
 *
 * With CTDRIVE_NETNS=1 in the environment a CT (and each restore seed) has a network
 * namespace of its own too: a run's with lo up, a seed's untouched, as vzctl leaves one for a
 * restore, so that sockets and the namespace's configuration go into its images.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/vzcpt.h>

static int die(const char *what)
{
	fprintf(stderr, "ctdrive: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void kernel_says(int fd, const char *what)
{
	struct vzcpt_errmsg e = { { 0 } };
	int saved = errno;

	if (ioctl(fd, CPT_GET_ERROR, &e) == 0 && e.msg[0])
		fprintf(stderr, "ctdrive: %s: %s\n", what, e.msg);
	else
		fprintf(stderr, "ctdrive: %s: %s\n", what, strerror(saved));
	exit(1);
}

static int open_cgroup(const char *cg)
{
	int fd;

	if (mkdir(cg, 0755) && errno != EEXIST)
		die("mkdir cgroup");
	fd = open(cg, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		die("open cgroup");
	return fd;
}


struct child_arg {
	const char *cg;
	char **argv;	/* NULL: be a restore seed */
	int netns;	/* in a network namespace of its own */
	int sync[2];
	int ready[2];	/* a seed says here that its /proc is mounted */
};

/* The loopback device of the caller's network namespace, up. */
static int lo_up(void)
{
	struct ifreq ifr = { .ifr_name = "lo" };
	int fd = socket(AF_INET, SOCK_DGRAM, 0), err;

	if (fd < 0)
		return -1;
	err = ioctl(fd, SIOCGIFFLAGS, &ifr);
	ifr.ifr_flags |= IFF_UP;
	if (!err)
		err = ioctl(fd, SIOCSIFFLAGS, &ifr);
	close(fd);
	return err;
}

static int child_main(void *p)
{
	struct child_arg *a = p;
	char c;

	close(a->sync[1]);
	close(a->ready[0]);
	if (read(a->sync[0], &c, 1) != 1)
		_exit(1);
	close(a->sync[0]);
	setsid();
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) ||
	    mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL))
		_exit(2);
	if (a->argv && a->netns && lo_up())
		_exit(2);
	if (a->argv) {
		/* The CT's init has no terminal: its output goes where its command line says. */
		int null = open("/dev/null", O_RDWR);

		if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(null, 2) < 0)
			_exit(2);
		if (null > 2)
			close(null);
		execvp(a->argv[0], a->argv);
		_exit(127);
	}
	/*
	 * A restore seed: wait here until the module rebuilds this process as
	 * the CT's init. The restore starts only once its /proc is there: the
	 * restored CT lives in this mount namespace.
	 */
	if (write(a->ready[1], "r", 1) != 1)
		_exit(2);
	close(a->ready[1]);
	for (;;)
		pause();
}

static pid_t start_ct(const char *cg, char **argv)
{
	static char stack[256 * 1024];
	const char *net = getenv("CTDRIVE_NETNS");
	struct child_arg a = { .cg = cg, .argv = argv, .netns = net && !strcmp(net, "1") };
	pid_t pid;

	if (pipe(a.sync) || pipe2(a.ready, O_CLOEXEC))
		die("pipe");
	pid = clone(child_main, stack + sizeof(stack),
		    CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC |
		    (a.netns ? CLONE_NEWNET : 0) | SIGCHLD, &a);
	if (pid < 0)
		die("clone");
	close(a.sync[0]);
	close(a.ready[1]);
	{
		char path[4096];
		FILE *f;

		snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
		f = fopen(path, "w");
		if (!f || fprintf(f, "%d\n", pid) < 0 || fclose(f))
			die("move into cgroup");
	}
	if (write(a.sync[1], "x", 1) != 1)
		die("sync");
	close(a.sync[1]);
	if (!argv) {
		char c;

		if (read(a.ready[0], &c, 1) != 1)
			die("the restore seed died while it was set up");
	}
	close(a.ready[0]);
	return pid;
}

static int open_ctx(const char *proc, unsigned int ctid, pid_t pid, int cgfd)
{
	struct vzcpt_ctx_arg arg = { .ctid = ctid, .pid = pid, .cgroup_fd = cgfd };
	int fd = open(proc, O_RDONLY);

	if (fd < 0)
		die(proc);
	if (ioctl(fd, CPT_GET_CONTEXT, &arg))
		kernel_says(fd, "get context");
	return fd;
}

static int cgroup_empty(const char *cg)
{
	char path[4096], buf[64];
	int fd, i;
	ssize_t n = 1;

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	for (i = 0; i < 1000 && n; i++) {
		fd = open(path, O_RDONLY);
		if (fd < 0)
			die("cgroup.procs");
		n = read(fd, buf, sizeof(buf));
		close(fd);
		if (n)
			usleep(10000);
	}
	return n == 0;
}

static int read_full(int fd, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(fd, (char *)buf + got, len - got);
		if (n <= 0)
			return got ? -1 : 0;
		got += (size_t)n;
	}
	return 1;
}

/*
 * Many restores in one process: process start would dominate a thousand
 * images under emulation. Each image goes through a memfd, each restore gets
 * a fresh seed; nothing restored is ever resumed.
 */
static int restore_many(unsigned int ctid, const char *cg)
{
	struct { uint32_t magic, index; uint64_t len; } h;
	static char buf[1 << 20];
	int mfd, fd, cgfd = open_cgroup(cg), r, left = 0;
	struct vzcpt_errmsg e;
	uint64_t done;
	pid_t seed;

	while ((r = read_full(0, &h, sizeof(h))) > 0) {
		if (h.magic != 0x5a465a56U)
			die("bad stream");
		mfd = memfd_create("variant", 0);
		if (mfd < 0)
			die("memfd");
		for (done = 0; done < h.len; done += (uint64_t)r) {
			r = h.len - done < sizeof(buf) ? (int)(h.len - done) : (int)sizeof(buf);
			if (read_full(0, buf, (size_t)r) != 1 || write(mfd, buf, (size_t)r) != r)
				die("stream");
		}
		if (lseek(mfd, 0, SEEK_SET))
			die("lseek");
		seed = start_ct(cg, NULL);
		fd = open_ctx("/proc/rst", ctid, seed, cgfd);
		/* A restore that hangs kills this process: the test sees it. */
		alarm(120);
		if (ioctl(fd, CPT_SET_DUMPFD, &mfd))
			kernel_says(fd, "set dump fd");
		if (ioctl(fd, CPT_UNDUMP)) {
			memset(&e, 0, sizeof(e));
			if (ioctl(fd, CPT_GET_ERROR, &e) == 0 && e.msg[0])
				printf("refused %u: %s\n", h.index, e.msg);
			else
				printf("refused %u (no reason): %s\n", h.index, strerror(errno));
		} else {
			printf("restored %u\n", h.index);
			if (ioctl(fd, CPT_KILL))
				kernel_says(fd, "kill");
		}
		alarm(0);
		close(fd);
		close(mfd);
		if (waitpid(seed, NULL, 0) != seed)
			die("waitpid");
		if (!cgroup_empty(cg)) {
			printf("left %u\n", h.index);
			left++;
		}
		fflush(stdout);
	}
	if (r < 0)
		die("stream cut");
	close(cgfd);
	return left ? 1 : 0;
}

static int join_proc(const char *proc, unsigned int ctid)
{
	int fd = open(proc, O_RDONLY);

	if (fd < 0)
		die(proc);
	if (ioctl(fd, CPT_JOIN_CONTEXT, &ctid))
		kernel_says(fd, "join");
	return fd;
}

/* race: one thread ends the context (a stage that finishes it), the other PUTs it. */
struct race {
	pthread_barrier_t go, done;
	int fd;
	unsigned long stage;
	long rounds;
};

static void *race_stage(void *p)
{
	struct race *r = p;
	long i;

	for (i = 0; i < r->rounds; i++) {
		pthread_barrier_wait(&r->go);
		(void)!ioctl(r->fd, r->stage);
		pthread_barrier_wait(&r->done);
	}
	return NULL;
}

static void *race_put(void *p)
{
	struct race *r = p;
	long i;

	for (i = 0; i < r->rounds; i++) {
		pthread_barrier_wait(&r->go);
		if (i & 1)	/* now and then a little later, into the stage */
			sched_yield();
		(void)!ioctl(r->fd, CPT_PUT_CONTEXT);
		pthread_barrier_wait(&r->done);
	}
	return NULL;
}

static int race(const char *kind, unsigned int ctid, const char *cg, long rounds)
{
	int rst = !strcmp(kind, "rst"), cgfd = open_cgroup(cg), fd;
	const char *proc = rst ? "/proc/rst" : "/proc/cpt";
	struct vzcpt_ctx_arg arg = { .ctid = ctid, .cgroup_fd = cgfd };
	struct race r = { .rounds = rounds };
	pthread_t a, b;
	long i, made = 0;

	/* A CT init to make contexts for; a restore seed, which nothing here undumps. */
	arg.pid = start_ct(cg, NULL);
	fd = open(proc, O_RDONLY);
	if (fd < 0)
		die(proc);
	r.fd = fd;
	/* Each ends a fresh context: an UNDUMP with no image fails, a RESUME of a running CT. */
	r.stage = rst ? CPT_UNDUMP : CPT_RESUME;
	if (pthread_barrier_init(&r.go, NULL, 3) || pthread_barrier_init(&r.done, NULL, 3) ||
	    pthread_create(&a, NULL, race_stage, &r) || pthread_create(&b, NULL, race_put, &r))
		die("threads");
	for (i = 0; i < rounds; i++) {
		int j;

		if (ioctl(fd, CPT_GET_CONTEXT, &arg) == 0)
			made++;
		pthread_barrier_wait(&r.go);
		pthread_barrier_wait(&r.done);
		/* The PUT came first: the parked context is ended here for the next round. */
		j = open(proc, O_RDONLY);
		if (j >= 0 && ioctl(j, CPT_JOIN_CONTEXT, &ctid) == 0)
			(void)!ioctl(j, r.stage);
		if (j >= 0)
			close(j);
	}
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	kill(arg.pid, SIGKILL);
	waitpid(arg.pid, NULL, 0);
	printf("%ld contexts raced\n", made);
	return made == rounds ? 0 : 1;
}

int main(int argc, char **argv)
{
	int fd, cgfd, dfd;
	unsigned int ctid;
	pid_t pid;

	if (argc >= 4 && !strcmp(argv[1], "run")) {
		cgfd = open_cgroup(argv[2]);
		close(cgfd);
		pid = start_ct(argv[2], argv + 3);
		printf("%d\n", pid);
		return 0;
	}
	if (argc >= 6 && !strcmp(argv[1], "dump")) {
		ctid = atoi(argv[2]);
		pid = atoi(argv[3]);
		cgfd = open_cgroup(argv[4]);
		dfd = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (dfd < 0)
			die(argv[5]);
		fd = open_ctx("/proc/cpt", ctid, pid, cgfd);
		if (ioctl(fd, CPT_SET_DUMPFD, &dfd))
			kernel_says(fd, "set dump fd");
		if (ioctl(fd, CPT_SUSPEND))
			kernel_says(fd, "suspend");
		if (ioctl(fd, CPT_DUMP)) {
			struct vzcpt_errmsg e = { { 0 } };

			ioctl(fd, CPT_GET_ERROR, &e);
			fprintf(stderr, "ctdrive: dump: %s\n", e.msg[0] ? e.msg : strerror(errno));
			if (ioctl(fd, CPT_RESUME))
				kernel_says(fd, "resume after a failed dump");
			return 1;
		}
		if (argc > 6 && !strcmp(argv[6], "--stay")) {
			if (ioctl(fd, CPT_PUT_CONTEXT))
				kernel_says(fd, "put context");
			return 0;
		}
		if (argc > 6 && !strcmp(argv[6], "--resume")) {
			if (ioctl(fd, CPT_RESUME))
				kernel_says(fd, "resume");
			return 0;
		}
		if (ioctl(fd, CPT_KILL))
			kernel_says(fd, "kill");
		return 0;
	}
	if ((argc == 7 || argc == 8) && !strcmp(argv[1], "iterdump")) {
		const char *failed = NULL;
		int i, passes = atoi(argv[6]), dump = argc == 7 || strcmp(argv[7], "--passes-only");

		cgfd = open_cgroup(argv[4]);
		dfd = open(argv[5], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (dfd < 0)
			die(argv[5]);
		fd = open_ctx("/proc/cpt", atoi(argv[2]), atoi(argv[3]), cgfd);
		if (ioctl(fd, CPT_SET_DUMPFD, &dfd))
			kernel_says(fd, "set dump fd");
		for (i = 0; !failed && i < passes; i++) {
			struct vzcpt_iter_arg a = { 0 };

			if (ioctl(fd, CPT_ITER, &a))
				failed = "pre-copy pass";
		}
		if (dump && !failed && ioctl(fd, CPT_SUSPEND))
			failed = "suspend";
		if (dump && !failed && ioctl(fd, CPT_DUMP))
			failed = "dump";
		if (failed) {
			struct vzcpt_errmsg e = { { 0 } };

			ioctl(fd, CPT_GET_ERROR, &e);
			fprintf(stderr, "ctdrive: %s: %s\n", failed, e.msg[0] ? e.msg : strerror(errno));
			/* A running context ends with its CT running; a suspended one is thawed. */
			if (ioctl(fd, CPT_RESUME))
				kernel_says(fd, "resume after a failure");
			return 1;
		}
		if (ioctl(fd, CPT_RESUME))
			kernel_says(fd, "resume");
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "suspend")) {
		fd = open_ctx("/proc/cpt", atoi(argv[2]), atoi(argv[3]), open_cgroup(argv[4]));
		if (ioctl(fd, CPT_SUSPEND))
			kernel_says(fd, "suspend");
		if (ioctl(fd, CPT_PUT_CONTEXT))
			kernel_says(fd, "put context");
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "dumpjoin")) {
		ctid = atoi(argv[2]);
		dfd = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (dfd < 0)
			die(argv[3]);
		fd = join_proc("/proc/cpt", ctid);
		if (ioctl(fd, CPT_SET_DUMPFD, &dfd))
			kernel_says(fd, "set dump fd");
		if (ioctl(fd, CPT_DUMP))
			kernel_says(fd, "dump");
		if (ioctl(fd, CPT_PUT_CONTEXT))
			kernel_says(fd, "put context");
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "resume")) {
		ctid = atoi(argv[2]);
		fd = join_proc("/proc/cpt", ctid);
		if (ioctl(fd, CPT_RESUME))
			kernel_says(fd, "resume");
		return 0;
	}
	if (argc == 5 && (!strcmp(argv[1], "restore") || !strcmp(argv[1], "undump"))) {
		/* restore resumes what it undumped; undump leaves the context parked */
		int resume = !strcmp(argv[1], "restore");

		ctid = atoi(argv[2]);
		cgfd = open_cgroup(argv[3]);
		dfd = open(argv[4], O_RDONLY);
		if (dfd < 0)
			die(argv[4]);
		pid = start_ct(argv[3], NULL);
		fd = open_ctx("/proc/rst", ctid, pid, cgfd);
		if (ioctl(fd, CPT_SET_DUMPFD, &dfd))
			kernel_says(fd, "set dump fd");
		if (ioctl(fd, CPT_UNDUMP))
			kernel_says(fd, "undump");
		if (ioctl(fd, resume ? CPT_RESUME : CPT_PUT_CONTEXT))
			kernel_says(fd, resume ? "resume" : "put context");
		printf("%d\n", pid);
		return 0;
	}
	if (argc == 4 && !strcmp(argv[1], "restoremany"))
		return restore_many(atoi(argv[2]), argv[3]);
	if (argc == 7 && !strcmp(argv[1], "exitseed")) {
		size_t len = (size_t)atol(argv[5]) << 20;
		char *mem = malloc(len);
		size_t i;

		if (!mem)
			die("malloc");
		/* The seed inherits these pages: unmapping them keeps it in do_exit() a while. */
		for (i = 0; i < len; i += 4096)
			mem[i] = 1;
		ctid = atoi(argv[2]);
		cgfd = open_cgroup(argv[3]);
		dfd = open(argv[4], O_RDONLY);
		if (dfd < 0)
			die(argv[4]);
		pid = start_ct(argv[3], NULL);
		fd = open_ctx("/proc/rst", ctid, pid, cgfd);
		if (ioctl(fd, CPT_SET_DUMPFD, &dfd))
			kernel_says(fd, "set dump fd");
		kill(pid, SIGKILL);
		usleep(atoi(argv[6]));	/* into do_exit(), not yet past its task works */
		if (ioctl(fd, CPT_UNDUMP))
			kernel_says(fd, "undump");
		fprintf(stderr, "ctdrive: exitseed: the undump into a dead seed succeeded\n");
		return 3;
	}
	if (argc == 3 && (!strcmp(argv[1], "rstresume") || !strcmp(argv[1], "rstkill"))) {
		fd = join_proc("/proc/rst", atoi(argv[2]));
		if (ioctl(fd, strcmp(argv[1], "rstkill") ? CPT_RESUME : CPT_KILL))
			kernel_says(fd, argv[1] + 3);
		return 0;
	}
	if (argc == 6 && !strcmp(argv[1], "race"))
		return race(argv[2], atoi(argv[3]), argv[4], atol(argv[5]));
	fprintf(stderr, "usage: see the top of ctdrive.c\n");
	return 2;
}
