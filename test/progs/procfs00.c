// SPDX-License-Identifier: GPL-2.0
/*
 * procfs00: files of the CT's /proc held open across the checkpoint, as daemons hold
 * them. The process (named procfs00-main) holds /proc/self/cmdline with 4 bytes read,
 * /proc/self/stat read to its end, /proc/meminfo unread, /proc/sys/kernel/hostname
 * (in a read-only /proc/sys), its /proc/self/fd directory, /proc/self/task/TID/comm and
 * /proc/self/comm read-write; its child
 * (procfs00-kid) holds its parent's /proc/PPID/status and its own /proc/self/stat.
 * After the restore each file shows the same task or thing as before, by pid and
 * name: the cmdline goes on from its 4th byte to the end of the whole, the stat read
 * again from 0 is this process's, the hostname file gives the CT's name, the fd
 * directory lists the hostname file's fd, the thread's comm is its name, and a name
 * written to the read-write comm becomes the process's (PR_GET_NAME); the child's
 * status files name its parent and itself.
 */
#include "zdtm.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/utsname.h>

/* The whole of @path (or of @fd from its position, if @path is NULL) in @buf, 0-ended. */
static size_t slurp(const char *path, int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t n;

	if (path)
		fd = zt_syscall(open(path, O_RDONLY));
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	zt_check(n >= 0 || len == size - 1, "read %s: %s", path ? path : "a held file",
		 strerror(errno));
	buf[len] = 0;
	if (path)
		close(fd);
	return len;
}

/* The value of "KEY:\t" in a status file's text, or "". */
static void status_field(const char *text, const char *key, char *out, size_t size)
{
	const char *p = strstr(text, key);
	size_t n = 0;

	out[0] = 0;
	if (!p)
		return;
	p += strlen(key);
	while (*p == '\t' || *p == ' ')
		p++;
	while (p[n] && p[n] != '\n' && n < size - 1)
		n++;
	memcpy(out, p, n);
	out[n] = 0;
}

static void check_status(int fd, pid_t pid, const char *name, const char *what)
{
	char text[4096], got[64], want[16];

	zt_syscall(lseek(fd, 0, SEEK_SET));
	slurp(NULL, fd, text, sizeof(text));
	snprintf(want, sizeof(want), "%d", (int)pid);
	status_field(text, "\nPid:", got, sizeof(got));
	zt_check(!strcmp(got, want), "%s shows pid %s, not %s", what, got, want);
	status_field(text, "Name:", got, sizeof(got));
	zt_check(!strcmp(got, name), "%s shows the name %s, not %s", what, got, name);
}

/* "PID (COMM) ..." of a held stat file, read from 0: this process's. */
static void check_stat(int fd, pid_t pid, const char *name, const char *what)
{
	char text[1024], want[64];

	zt_syscall(lseek(fd, 0, SEEK_SET));
	slurp(NULL, fd, text, sizeof(text));
	snprintf(want, sizeof(want), "%d (%s) ", (int)pid, name);
	zt_check(!strncmp(text, want, strlen(want)), "%s begins \"%.40s\", not \"%s\"", what, text,
		 want);
}

static void kid(int ready)
{
	char path[64];
	int status, stat;

	zt_syscall(prctl(PR_SET_NAME, "procfs00-kid"));
	snprintf(path, sizeof(path), "/proc/%d/status", (int)getppid());
	status = zt_syscall(open(path, O_RDONLY));
	stat = zt_syscall(open("/proc/self/stat", O_RDONLY));
	zt_check(write(ready, "k", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	check_status(status, getppid(), "procfs00-main", "the child's /proc/PPID/status");
	check_stat(stat, getpid(), "procfs00-kid", "the child's /proc/self/stat");
	exit(0);
}

static int has_fd_entry(int dir, int fd)
{
	char buf[4096], want[16];
	long n, off;

	snprintf(want, sizeof(want), "%d", fd);
	zt_syscall(lseek(dir, 0, SEEK_SET));
	while ((n = zt_syscall(syscall(SYS_getdents64, dir, buf, sizeof(buf)))) > 0) {
		for (off = 0; off < n;) {
			struct dirent64 *e = (struct dirent64 *)(buf + off);

			if (!strcmp(e->d_name, want))
				return 1;
			off += e->d_reclen;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	char head[8], rest[4096], whole[4096], text[4096], path[64];
	int cmd, stat, mem, host, dir, comm, rw, p[2];
	struct utsname u;
	size_t len, got;
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(prctl(PR_SET_NAME, "procfs00-main"));
	cmd = zt_syscall(open("/proc/self/cmdline", O_RDONLY));
	zt_check(read(cmd, head, 4) == 4, "read 4 bytes of the cmdline: %s", strerror(errno));
	stat = zt_syscall(open("/proc/self/stat", O_RDONLY));
	slurp(NULL, stat, text, sizeof(text));
	mem = zt_syscall(open("/proc/meminfo", O_RDONLY));
	host = zt_syscall(open("/proc/sys/kernel/hostname", O_RDONLY));
	dir = zt_syscall(open("/proc/self/fd", O_RDONLY | O_DIRECTORY));
	snprintf(path, sizeof(path), "/proc/self/task/%ld/comm", (long)syscall(SYS_gettid));
	comm = zt_syscall(open(path, O_RDONLY));
	rw = zt_syscall(open("/proc/self/comm", O_RDWR));
	zt_syscall(pipe(p));
	child = zt_syscall(fork());
	if (!child)
		kid(p[1]);
	zt_check(read(p[0], &c, 1) == 1, "the child did not get ready");
	zt_ready();
	zt_wait();

	zt_check(lseek(cmd, 0, SEEK_CUR) == 4, "the cmdline is at %ld, not 4",
		 (long)lseek(cmd, 0, SEEK_CUR));
	got = slurp(NULL, cmd, rest, sizeof(rest));
	len = slurp("/proc/self/cmdline", -1, whole, sizeof(whole));
	zt_check(len == got + 4 && !memcmp(whole, head, 4) && !memcmp(whole + 4, rest, got),
		 "the held cmdline gave %zu more bytes, not the %zu after its first 4", got, len - 4);
	check_stat(stat, getpid(), "procfs00-main", "the held /proc/self/stat");
	slurp(NULL, mem, text, sizeof(text));
	zt_check(!strncmp(text, "MemTotal:", 9), "the held /proc/meminfo begins \"%.20s\"", text);
	zt_syscall(uname(&u));
	zt_syscall(lseek(host, 0, SEEK_SET));
	slurp(NULL, host, text, sizeof(text));
	zt_check(!strncmp(text, u.nodename, strlen(u.nodename)) && text[strlen(u.nodename)] == '\n',
		 "the held hostname file says \"%s\", the CT's name is %s", text, u.nodename);
	zt_check(has_fd_entry(dir, host), "the held /proc/self/fd does not list fd %d", host);
	zt_syscall(lseek(comm, 0, SEEK_SET));
	slurp(NULL, comm, text, sizeof(text));
	zt_check(!strcmp(text, "procfs00-main\n"), "the held comm says \"%s\"", text);

	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	/* After the child checked its parent's name. */
	zt_check((fcntl(rw, F_GETFL) & O_ACCMODE) == O_RDWR, "/proc/self/comm is not O_RDWR");
	zt_check(write(rw, "procfs00-new", 12) == 12, "write the comm: %s", strerror(errno));
	zt_syscall(prctl(PR_GET_NAME, text));
	zt_check(!strcmp(text, "procfs00-new"), "the name written is not the process's: %s", text);
	zt_pass();
}
