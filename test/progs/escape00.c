// SPDX-License-Identifier: GPL-2.0
/*
 * escape00: run as root inside a confined CT, try each way out of it and
 * check that each fails: load or remove a module, write core_pattern or
 * sysrq-trigger, mount a fresh procfs or uncover a masked one, mknod and
 * read the host's disk, open a device outside the CT's filter (/dev/mem,
 * /dev/kmsg, nodes the host planted in the CT), write /sys, regain a
 * dropped capability (capset, ambient, file capabilities, setuid root, a
 * user namespace), reach the host's cgroup tree or raise the CT's limits,
 * set the clock, open a file by handle, load BPF, load or unload a kexec
 * (crash) kernel, uncover anything through the user namespace that owns
 * its pid namespace, and use /proc/cpt and /proc/rst with every ioctl.
 * reboot(2) is refused without a user namespace (no sys_boot: the CT's
 * init ends it by exiting), allowed with one (EINVAL for a command a pid
 * namespace has not).
 *
 *	escape00 confined MAJOR MINOR [userns]	(the host's root disk; a CT
 *						 with a user namespace)
 *	escape00 granted		(a CT given sys_time, sys_boot, c:1:11:w)
 *
 * One line per attempt, "ok WHAT" or "bad WHAT: what happened", then
 * "PASS escape00-MODE" or "FAIL escape00-MODE: N escapes".
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <sys/xattr.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/capability.h>
#include <linux/kexec.h>
#include <linux/nsfs.h>
#include <linux/reboot.h>

#include <linux/vzcpt.h>

static int escapes;
/*
 * In a CT with a user namespace the host's files are nobody's: a write is
 * refused by their mode (EACCES) before the read-only mount (EROFS).
 */
static int in_userns;

#define OK(...)	do { printf("ok "); printf(__VA_ARGS__); printf("\n"); } while (0)
#define BAD(...) do { printf("bad "); printf(__VA_ARGS__); printf("\n"); escapes++; } while (0)

/* @what must have failed: @r < 0. */
static void refused(const char *what, long r)
{
	if (r < 0)
		OK("%s (%s)", what, strerror(errno));
	else
		BAD("%s: it succeeded", what);
}

/* @r must have failed with errno @want. */
static void refused_with(const char *what, long r, int want)
{
	if (r < 0 && errno == want)
		OK("%s (%s)", what, strerror(errno));
	else
		BAD("%s: %s", what, r < 0 ? strerror(errno) : "it succeeded");
}

/* A write refused by a read-only mount, or in a user namespace by the mode first. */
static void refused_ro(const char *what, long r)
{
	if (r < 0 && (errno == EROFS || (in_userns && errno == EACCES)))
		OK("%s (%s)", what, strerror(errno));
	else
		BAD("%s: %s", what, r < 0 ? strerror(errno) : "it succeeded");
}

/* Open @path with @flags: must fail. */
static void no_open(const char *what, const char *path, int flags)
{
	int fd = open(path, flags);

	refused(what, fd);
	if (fd >= 0)
		close(fd);
}

static uint64_t status_caps(const char *key)
{
	char line[256];
	uint64_t v = 0;
	size_t n = strlen(key);
	FILE *f = fopen("/proc/self/status", "re");

	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, key, n) && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 16);
	if (f)
		fclose(f);
	return v;
}

#define CAPBIT(c)	(1ULL << (c))
static const uint64_t forbidden = CAPBIT(CAP_SYS_MODULE) | CAPBIT(CAP_SYS_RAWIO) |
	CAPBIT(CAP_SYS_ADMIN) | CAPBIT(CAP_SYS_TIME) | CAPBIT(CAP_DAC_READ_SEARCH) |
	CAPBIT(CAP_MAC_ADMIN) | CAPBIT(CAP_MAC_OVERRIDE) | CAPBIT(CAP_SYSLOG) |
	CAPBIT(CAP_WAKE_ALARM) | CAPBIT(CAP_SYS_PACCT) | CAPBIT(CAP_BPF) | CAPBIT(CAP_PERFMON);

/* The exec'd side of the file-capability and setuid attempts: exit 0 if still confined. */
static int child_check(void)
{
	uint64_t prm = status_caps("CapPrm"), eff = status_caps("CapEff");
	char img[16] = { 0 };

	if ((prm | eff) & forbidden) {
		printf("child: CapPrm %016llx CapEff %016llx\n", (unsigned long long)prm,
		       (unsigned long long)eff);
		return 1;
	}
	if (syscall(SYS_init_module, img, sizeof(img), "") == 0 || errno != EPERM)
		return 2;
	return 0;
}

static int copy_self(const char *to, mode_t mode)
{
	char buf[65536];
	int in = open("/proc/self/exe", O_RDONLY), out;
	ssize_t n;

	unlink(to);
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
	if (in < 0 || out < 0)
		return -1;
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	close(in);
	if (fchown(out, 0, 0) || fchmod(out, mode) || close(out))
		return -1;
	return n < 0 ? -1 : 0;
}

/* Run @path child-check, as @uid if not 0; its exit status (12: execve refused it, EPERM). */
static int run_child(const char *path, uid_t uid)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		if (uid && (setgid(uid) || setuid(uid)))
			_exit(10);
		execl(path, path, "child-check", (char *)NULL);
		_exit(errno == EPERM ? 12 : 11);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

static void try_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	/* v2 file capabilities: permitted CAP_SYS_MODULE and CAP_SYS_ADMIN, effective or not. */
	struct vfs_cap_data fc;
	int r, c, eff;

	for (c = 0; c < 64; c++)
		if ((forbidden & CAPBIT(c)) && prctl(PR_CAPBSET_READ, c, 0, 0, 0) == 1)
			BAD("capability %d is in the bounding set", c);
	if (status_caps("CapBnd") & forbidden)
		BAD("CapBnd %016llx holds a forbidden capability",
		    (unsigned long long)status_caps("CapBnd"));
	else
		OK("the bounding set holds none of sys_module sys_rawio sys_admin sys_time dac_read_search mac_* syslog wake_alarm sys_pacct bpf perfmon");
	/* Over the host's user namespace sys_boot is kexec; over the CT's own, only reboot. */
	if (!in_userns && prctl(PR_CAPBSET_READ, CAP_SYS_BOOT, 0, 0, 0) == 1)
		BAD("sys_boot is in the bounding set of a CT without a user namespace");
	else if (!in_userns)
		OK("sys_boot is not in the bounding set");
	if (syscall(SYS_capget, &h, d))
		BAD("capget: %s", strerror(errno));
	d[0].permitted |= CAPBIT(CAP_SYS_MODULE);
	d[0].effective |= CAPBIT(CAP_SYS_MODULE);
	refused_with("capset raising sys_module", syscall(SYS_capset, &h, d), EPERM);
	d[0].permitted &= ~CAPBIT(CAP_SYS_MODULE);
	d[0].effective &= ~CAPBIT(CAP_SYS_MODULE);
	d[0].inheritable |= CAPBIT(CAP_SYS_ADMIN);
	refused_with("capset raising inheritable sys_admin", syscall(SYS_capset, &h, d), EPERM);
	refused_with("ambient raise of sys_module",
		     prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_MODULE, 0, 0), EPERM);

	for (eff = 0; eff < 2; eff++) {
		const char *caps = eff ? "sys_module,sys_admin+ep" : "sys_module,sys_admin+p";

		memset(&fc, 0, sizeof(fc));
		fc.magic_etc = VFS_CAP_REVISION_2 | (eff ? VFS_CAP_FLAGS_EFFECTIVE : 0);
		fc.data[0].permitted = CAPBIT(CAP_SYS_MODULE) | CAPBIT(CAP_SYS_ADMIN);
		if (copy_self("/escape00-fcap", 0755) ||
		    setxattr("/escape00-fcap", "security.capability", &fc, XATTR_CAPS_SZ_2, 0)) {
			BAD("setting up a file with capabilities %s: %s", caps, strerror(errno));
			continue;
		}
		/* An effective file that cannot get all its capabilities is not run at all. */
		r = run_child("/escape00-fcap", 0);
		if (r == 0 || (eff && r == 12))
			OK("exec of a file with file capabilities %s gains none (%s)", caps,
			   r ? "execve refused" : "ran without them");
		else
			BAD("exec of a file with file capabilities %s: child says %d", caps, r);
	}
	if (copy_self("/escape00-suid", 04755)) {
		BAD("setting up a setuid-root file: %s", strerror(errno));
	} else {
		r = run_child("/escape00-suid", 65534);
		if (r == 0)
			OK("exec of a setuid-root file by uid 65534 gains no forbidden capability");
		else
			BAD("exec of a setuid-root file: child says %d", r);
	}
	unlink("/escape00-fcap");
	unlink("/escape00-suid");
}

static void try_modules(void)
{
	char img[64] = { 0 };
	int fd = open("/proc/self/exe", O_RDONLY);

	refused_with("init_module", syscall(SYS_init_module, img, sizeof(img), ""), EPERM);
	refused_with("finit_module", syscall(SYS_finit_module, fd, "", 0), EPERM);
	refused_with("delete_module vzcpt", syscall(SYS_delete_module, "vzcpt", O_NONBLOCK), EPERM);
	close(fd);
}

static void try_proc(void)
{
	char buf[64];
	int fd;

	no_open("open /proc/sys/kernel/core_pattern for writing", "/proc/sys/kernel/core_pattern",
		O_WRONLY);
	no_open("open /proc/sys/kernel/modprobe for writing", "/proc/sys/kernel/modprobe",
		O_WRONLY);
	no_open("open /proc/sysrq-trigger for writing", "/proc/sysrq-trigger", O_WRONLY);
	fd = open("/proc/kcore", O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof(buf)) == 0)
		OK("/proc/kcore is masked (empty)");
	else
		BAD("/proc/kcore is readable");
	if (fd >= 0)
		close(fd);
	fd = open("/proc/keys", O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof(buf)) == 0)
		OK("/proc/keys is masked (empty)");
	else
		BAD("/proc/keys is not masked");
	if (fd >= 0)
		close(fd);
	mkdir("/tmp", 01777);
	mkdir("/tmp/escape00", 0700);
	refused_with("mount a fresh procfs", mount("proc", "/tmp/escape00", "proc", 0, NULL), EPERM);
	refused_with("mount a fresh sysfs", mount("sysfs", "/tmp/escape00", "sysfs", 0, NULL), EPERM);
	refused_with("mount the cgroup2 hierarchy",
		     mount("cgroup2", "/tmp/escape00", "cgroup2", 0, NULL), EPERM);
	refused_with("unmount the read-only /proc/sys", umount2("/proc/sys", MNT_DETACH), EPERM);
	refused_with("unmount the /proc/kcore mask", umount2("/proc/kcore", MNT_DETACH), EPERM);
	refused_with("remount /sys read-write", mount(NULL, "/sys", NULL, MS_REMOUNT, NULL), EPERM);
	rmdir("/tmp/escape00");
}

static void try_devices(unsigned int maj, unsigned int min)
{
	char path[64], buf[512];
	int fd;

	snprintf(path, sizeof(path), "mknod of the host's disk b %u:%u", maj, min);
	unlink("/tmp/disk");
	refused_with(path, mknod("/tmp/disk", S_IFBLK | 0600, makedev(maj, min)), EPERM);
	fd = open("/tmp/disk", O_RDONLY);
	if (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
		BAD("read the host's disk through /tmp/disk");
	if (fd >= 0)
		close(fd);
	unlink("/tmp/disk");
	unlink("/tmp/mem");
	refused_with("mknod of /dev/mem c 1:1", mknod("/tmp/mem", S_IFCHR | 0600, makedev(1, 1)),
		     EPERM);
	unlink("/tmp/mem");
	/* Nodes the host made in the private area: the filter refuses them on open. */
	fd = open("/hostdisk", O_RDONLY);
	if (fd < 0 && errno == EPERM)
		OK("open of the host-made node of the host's disk (EPERM)");
	else if (fd >= 0 && read(fd, buf, sizeof(buf)) > 0)
		BAD("read the host's disk through /hostdisk");
	else
		BAD("open /hostdisk: %s", fd < 0 ? strerror(errno) : "opened");
	if (fd >= 0)
		close(fd);
	refused_with("open of a host-made /dev/mem node", open("/hostmem", O_RDONLY), EPERM);
	refused_with("open of a host-made /dev/kmsg node for writing", open("/hostkmsg", O_WRONLY),
		     EPERM);
	/* The CT's own devices still work. */
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0 && write(fd, "x", 1) == 1)
		OK("the CT's /dev/null works");
	else
		BAD("the CT's /dev/null does not work: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	fd = open("/dev/ptmx", O_RDWR | O_NOCTTY);
	if (fd >= 0)
		OK("the CT's /dev/ptmx opens");
	else
		BAD("the CT's /dev/ptmx: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

static void try_sys_cgroup(void)
{
	char line[256] = "";
	struct dirent *de;
	int found = 0;
	FILE *f;
	DIR *d;

	refused_ro("open /sys/kernel/mm/transparent_hugepage/enabled for writing",
		   open("/sys/kernel/mm/transparent_hugepage/enabled", O_WRONLY));
	no_open("open /sys/power/state for writing", "/sys/power/state", O_WRONLY);
	f = fopen("/proc/self/cgroup", "re");
	if (f && fgets(line, sizeof(line), f) && !strcmp(line, "0::/\n"))
		OK("its cgroup is / in its cgroup namespace");
	else
		BAD("/proc/self/cgroup says %s", line);
	if (f)
		fclose(f);
	d = opendir("/sys/fs/cgroup");
	while (d && (de = readdir(d)))
		found |= !strcmp(de->d_name, "vz") || !strcmp(de->d_name, "init.scope") ||
			 !strcmp(de->d_name, "system.slice");
	if (!d || access("/sys/fs/cgroup/cgroup.procs", R_OK))
		BAD("/sys/fs/cgroup: not the CT's cgroup: %s", strerror(errno));
	else if (found)
		BAD("/sys/fs/cgroup shows the host's cgroup tree");
	else
		OK("/sys/fs/cgroup shows only the CT's own cgroup");
	if (d)
		closedir(d);
	refused_ro("create a cgroup in /sys/fs/cgroup", mkdir("/sys/fs/cgroup/escape00", 0755));
	refused_ro("open its own pids.max for writing", open("/sys/fs/cgroup/pids.max", O_WRONLY));
	refused_ro("open its own memory.max for writing",
		   open("/sys/fs/cgroup/memory.max", O_WRONLY));
}

static void try_misc(void)
{
	struct { struct file_handle fh; unsigned char b[128]; } h;
	struct timespec now;
	union bpf_attr a;
	int mnt;

	clock_gettime(CLOCK_REALTIME, &now);
	refused_with("clock_settime", clock_settime(CLOCK_REALTIME, &now), EPERM);
	h.fh.handle_bytes = sizeof(h.b);
	if (name_to_handle_at(AT_FDCWD, "/", &h.fh, &mnt, 0)) {
		OK("name_to_handle_at refused (%s)", strerror(errno));
	} else {
		int dir = open("/", O_RDONLY | O_DIRECTORY);

		refused_with("open_by_handle_at", open_by_handle_at(dir, &h.fh, O_RDONLY), EPERM);
		close(dir);
	}
	memset(&a, 0, sizeof(a));
	a.map_type = BPF_MAP_TYPE_ARRAY;
	a.key_size = 4;
	a.value_size = 4;
	a.max_entries = 1;
	refused_with("bpf map create", syscall(SYS_bpf, BPF_MAP_CREATE, &a, sizeof(a)), EPERM);
}

/*
 * kexec_load() of no segment unloads the (crash) kernel, kexec_file_load()
 * with KEXEC_FILE_UNLOAD too: harmless probes of the right to replace it.
 */
static long kexec_unload(int file)
{
	if (file)
		return syscall(SYS_kexec_file_load, -1, -1, 0UL, "",
			       (unsigned long)(KEXEC_FILE_UNLOAD | KEXEC_FILE_ON_CRASH));
	return syscall(SYS_kexec_load, 0UL, 0UL, NULL, (unsigned long)KEXEC_ON_CRASH);
}

static void try_boot(void)
{
	refused_with("kexec_load of a crash kernel", kexec_unload(0), EPERM);
	refused_with("kexec_file_load of a crash kernel", kexec_unload(1), EPERM);
	/* With its own user namespace, allowed to reboot its pid namespace, which has no Ctrl-Alt-Del. */
	refused_with(in_userns ? "reboot(CAD_OFF) is allowed and means nothing in its pid namespace" :
		     "reboot(CAD_OFF) without sys_boot",
		     syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2,
			     LINUX_REBOOT_CMD_CAD_OFF, NULL), in_userns ? EINVAL : EPERM);
}

/*
 * The user namespace that owns its pid namespace (the host's, or the
 * CT's own): entered, with a mount namespace of its own there, it must
 * uncover nothing of the host's.
 */
static void try_pidns_owner(void)
{
	int st, fd, ns;
	pid_t pid;

	fd = open("/proc/self/ns/pid", O_RDONLY);
	ns = fd < 0 ? -1 : ioctl(fd, NS_GET_USERNS);
	if (fd >= 0)
		close(fd);
	if (ns < 0) {
		OK("the owner of its pid namespace is out of reach (%s)", strerror(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		if (setns(ns, CLONE_NEWUSER) || unshare(CLONE_NEWNS))
			_exit(0);	/* refused: nothing to try */
		if (!umount2("/proc/sys", MNT_DETACH) ||
		    !mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND, NULL) ||
		    !mount(NULL, "/sys", NULL, MS_REMOUNT, NULL) ||
		    !umount2("/proc/kcore", MNT_DETACH))
			_exit(1);
		fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
		if (fd >= 0)
			_exit(2);
		if (!mount("proc", "/tmp", "proc", 0, NULL))
			_exit(3);
		if (!mount("sysfs", "/tmp", "sysfs", 0, NULL))
			_exit(4);
		if (kexec_unload(0) >= 0 || kexec_unload(1) >= 0)
			_exit(5);
		if (syscall(SYS_init_module, "", 0UL, "") >= 0 || errno != EPERM)
			_exit(6);
		_exit(0);
	}
	close(ns);
	if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st))
		OK("the user namespace owning its pid namespace uncovers nothing");
	else
		BAD("the user namespace owning its pid namespace: step %d got through",
		    WEXITSTATUS(st));
}

/* In a user namespace of its own the CT's root has every capability, over that namespace only. */
static void try_userns(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		int fd;

		if (unshare(CLONE_NEWUSER | CLONE_NEWNS))
			_exit(0);	/* refused outright: nothing to try */
		if (!umount2("/proc/sys", MNT_DETACH) ||
		    !mount(NULL, "/proc/sys", NULL, MS_REMOUNT | MS_BIND, NULL) ||
		    !mount(NULL, "/sys", NULL, MS_REMOUNT, NULL))
			_exit(1);
		fd = open("/proc/sys/kernel/core_pattern", O_WRONLY);
		if (fd >= 0)
			_exit(2);
		if (!mount("proc", "/tmp", "proc", 0, NULL))
			_exit(3);
		_exit(0);
	}
	if (pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st))
		OK("a user namespace of its own uncovers nothing");
	else
		BAD("a user namespace of its own: step %d got through", WEXITSTATUS(st));
}

static void try_cpt(void)
{
	static const unsigned long cmds[] = {
		CPT_GET_CONTEXT, CPT_JOIN_CONTEXT, CPT_PUT_CONTEXT, CPT_SET_VEID, CPT_SET_DUMPFD,
		CPT_SUSPEND, CPT_DUMP, CPT_KILL, CPT_RESUME, CPT_UNDUMP, CPT_GET_ERROR,
		CPT_GET_ABI,
	};
	static const char *const entries[] = { "/proc/cpt", "/proc/rst" };
	unsigned char arg[256];

	for (int e = 0; e < 2; e++) {
		int fd = open(entries[e], O_RDWR), got = 0;

		if (fd < 0)
			fd = open(entries[e], O_RDONLY);
		if (fd < 0) {
			OK("open %s refused (%s)", entries[e], strerror(errno));
			continue;
		}
		for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
			memset(arg, 0, sizeof(arg));
			if (ioctl(fd, cmds[i], arg) >= 0) {
				BAD("%s ioctl %#lx succeeded", entries[e], cmds[i]);
				got = 1;
			}
		}
		if (!got)
			OK("every ioctl on %s refused", entries[e]);
		close(fd);
	}
}

static void granted(void)
{
	struct timespec now;
	char img[16] = { 0 };
	int fd;

	if (prctl(PR_CAPBSET_READ, CAP_SYS_TIME, 0, 0, 0) == 1)
		OK("sys_time is in the bounding set");
	else
		BAD("sys_time is not in the bounding set");
	clock_gettime(CLOCK_REALTIME, &now);
	if (clock_settime(CLOCK_REALTIME, &now) == 0)
		OK("clock_settime with sys_time granted");
	else
		BAD("clock_settime with sys_time granted: %s", strerror(errno));
	unlink("/dev/kmsg");
	if (mknod("/dev/kmsg", S_IFCHR | 0600, makedev(1, 11)) == 0)
		OK("mknod of the granted c 1:11");
	else
		BAD("mknod of the granted c 1:11: %s", strerror(errno));
	fd = open("/dev/kmsg", O_WRONLY);
	if (fd >= 0 && write(fd, "escape00: granted kmsg write\n", 29) == 29)
		OK("write to the granted /dev/kmsg");
	else
		BAD("write to the granted /dev/kmsg: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
	refused_with("read of the granted-for-writing /dev/kmsg", open("/dev/kmsg", O_RDONLY), EPERM);
	refused_with("open of a host-made /dev/mem node", open("/hostmem", O_RDONLY), EPERM);
	refused_with("init_module", syscall(SYS_init_module, img, sizeof(img), ""), EPERM);
	if (kexec_unload(0) == 0 && kexec_unload(1) == 0)
		OK("kexec crash kernel unloads with sys_boot granted");
	else
		BAD("kexec unload with sys_boot granted: %s", strerror(errno));
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "child-check"))
		return child_check();
	if (!strcmp(mode, "confined") && (argc == 4 || (argc == 5 && !strcmp(argv[4], "userns")))) {
		in_userns = argc == 5;
		try_modules();
		try_proc();
		try_devices((unsigned int)atoi(argv[2]), (unsigned int)atoi(argv[3]));
		try_sys_cgroup();
		try_caps();
		try_misc();
		try_boot();
		try_pidns_owner();
		try_userns();
		try_cpt();
	} else if (!strcmp(mode, "granted")) {
		granted();
	} else {
		fprintf(stderr, "usage: escape00 confined MAJOR MINOR [userns] | granted\n");
		return 2;
	}
	if (escapes)
		printf("FAIL escape00-%s: %d escapes\n", mode, escapes);
	else
		printf("PASS escape00-%s\n", mode);
	return escapes != 0;
}
