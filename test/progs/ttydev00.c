// SPDX-License-Identifier: GPL-2.0
/*
 * ttydev00 (after pty00 in the catalog: the pty it frees at its end is above pty00's gap):
 * opens of /dev/tty, as a program in a terminal session makes them (less, vi,
 * sudo, passwd read and write the terminal through /dev/tty whatever their stdin is). A
 * child leads a session whose controlling terminal is a pty of the CT's devpts (echo
 * off, canonical) and holds /dev/tty itself (tl, as a login shell's job control does);
 * its child, in the foreground group, holds /dev/tty three times: t1
 * read-write (and t3, a dup of it), t2 read-only and non-blocking, and is blocked in a
 * read of t1 when the CT is checkpointed. After the restore the parent, holding the
 * master, writes a line: the grandchild reads it through t1 (the same file as t3, one
 * offset and flags), finds t1 and t2 still /dev/tty (5:0) of their flags, the foreground
 * group through t2, nothing more to read on t2, and answers through t1 and t3; then the
 * leader, having reaped it, finds tl /dev/tty of its flags, its own session's terminal,
 * and answers through it. The parent reads the three answers from the master, as the
 * terminal sends them (\r\n).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <termios.h>

#define ANSWER1	"pong through t1"
#define ANSWER2	"pong through t3"
#define ANSWER3	"pong through the leader's tl"

/* /dev/tty's device, 5:0, or fails. */
static void check_devtty(int fd, const char *what)
{
	struct stat st;

	zt_syscall(fstat(fd, &st));
	zt_check(S_ISCHR(st.st_mode) && major(st.st_rdev) == 5 && minor(st.st_rdev) == 0,
		 "%s is device %u:%u, not /dev/tty (5:0)", what, major(st.st_rdev),
		 minor(st.st_rdev));
}

/* The grandchild: what a program reading its terminal through /dev/tty does. */
static void reader(int ready)
{
	int t1 = zt_syscall(open("/dev/tty", O_RDWR));
	int t2 = zt_syscall(open("/dev/tty", O_RDONLY | O_NONBLOCK));
	int t3 = zt_syscall(dup(t1));
	char line[64];
	ssize_t n;

	zt_check(write(ready, "r", 1) == 1, "the grandchild's ready: %s", strerror(errno));
	close(ready);
	/* Blocked here through the checkpoints: the read goes on after each restore. */
	do
		n = read(t1, line, sizeof(line) - 1);
	while (n < 0 && errno == EINTR);
	zt_check(n > 0, "t1: read: %s", n < 0 ? strerror(errno) : "end of file");
	line[n] = 0;
	zt_check(!strcmp(line, "ping\n"), "t1 read \"%s\", not \"ping\\n\"", line);
	check_devtty(t1, "t1");
	check_devtty(t2, "t2");
	zt_check((fcntl(t1, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == O_RDWR,
		 "t1's flags are %#x", fcntl(t1, F_GETFL));
	zt_check((fcntl(t2, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == (O_RDONLY | O_NONBLOCK),
		 "t2's flags are %#x", fcntl(t2, F_GETFL));
	zt_check(tcgetpgrp(t2) == getpgrp(), "t2's foreground group is %d, not its own %d",
		 tcgetpgrp(t2), getpgrp());
	zt_check(read(t2, line, sizeof(line)) < 0 && errno == EAGAIN,
		 "t2 reads more than the one line: %s", strerror(errno));
	zt_check(write(t1, ANSWER1 "\n", sizeof(ANSWER1)) == sizeof(ANSWER1),
		 "t1: write: %s", strerror(errno));
	zt_check(write(t3, ANSWER2 "\n", sizeof(ANSWER2)) == sizeof(ANSWER2),
		 "t3: write: %s", strerror(errno));
	exit(0);
}

/* The child: a session leader whose terminal is the pty, the reader's parent. */
static void leader(const char *name, int ready)
{
	pid_t g;
	int s, tl;

	zt_syscall(setsid());
	s = zt_syscall(open(name, O_RDWR));
	zt_syscall(ioctl(s, TIOCSCTTY, 0));
	tl = zt_syscall(open("/dev/tty", O_WRONLY));
	g = zt_syscall(fork());
	if (!g) {
		close(tl);
		reader(ready);
	}
	close(ready);
	zt_reap(g, "the grandchild reading /dev/tty");
	check_devtty(tl, "tl");
	zt_check((fcntl(tl, F_GETFL) & (O_ACCMODE | O_NONBLOCK)) == O_WRONLY,
		 "tl's flags are %#x", fcntl(tl, F_GETFL));
	zt_check(tcgetsid(s) == getpid(), "the pty's session is %d, not the leader's %d",
		 tcgetsid(s), getpid());
	zt_check(write(tl, ANSWER3 "\n", sizeof(ANSWER3)) == sizeof(ANSWER3),
		 "tl: write: %s", strerror(errno));
	exit(0);
}

/* One line from the master within 10 s: the bytes up to \n. */
static void expect_line(int m, const char *want, const char *what)
{
	char buf[128];
	size_t got = 0;
	struct pollfd p = { .fd = m, .events = POLLIN };
	ssize_t n;

	while (got < sizeof(buf) - 1 && (!got || buf[got - 1] != '\n')) {
		zt_check(poll(&p, 1, 10000) == 1, "%s: nothing from the master in 10 s", what);
		n = read(m, buf + got, 1);
		zt_check(n == 1, "%s: read from the master: %s", what, strerror(errno));
		got++;
	}
	buf[got] = 0;
	zt_check(!strcmp(buf, want), "%s: the master read \"%s\"", what, buf);
}

int main(int argc, char **argv)
{
	struct termios t;
	char name[64], c;
	int m, p[2];
	pid_t child;

	zt_init(argc, argv);
	m = zt_syscall(posix_openpt(O_RDWR | O_NOCTTY));
	zt_syscall(grantpt(m));
	zt_syscall(unlockpt(m));
	zt_check(!ptsname_r(m, name, sizeof(name)), "ptsname: %s", strerror(errno));
	zt_syscall(tcgetattr(m, &t));
	t.c_lflag &= ~(ECHO | ECHONL);
	zt_syscall(tcsetattr(m, TCSANOW, &t));
	zt_syscall(pipe(p));
	child = zt_syscall(fork());
	if (!child) {
		close(p[0]);
		leader(name, p[1]);
	}
	close(p[1]);
	zt_check(read(p[0], &c, 1) == 1, "the grandchild never got ready");
	close(p[0]);
	zt_ready();
	zt_wait();

	zt_check(write(m, "ping\n", 5) == 5, "master: write: %s", strerror(errno));
	expect_line(m, ANSWER1 "\r\n", "t1's answer");
	expect_line(m, ANSWER2 "\r\n", "t3's answer");
	expect_line(m, ANSWER3 "\r\n", "tl's answer");
	zt_reap(child, "the session leader");
	zt_pass();
}
