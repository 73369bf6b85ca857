// SPDX-License-Identifier: GPL-2.0
/*
 * ptydrive: run a command (vzctl enter CTID) on a fresh pty as its
 * controlling terminal, wait until it has put the terminal in raw mode and
 * its shell answers, end it one way, and check the terminal's modes are
 * back as they were.
 *   ptydrive HOW CMD [ARG...]
 * HOW: exit   type "exit" to the shell
 *      kill   the shell kills itself with SIGKILL
 *      term   SIGTERM to the command
 *      hup    SIGHUP to the command
 *      wait   nothing: something else ends it (the CT is stopped)
 * Prints "ready" once the shell answered, then "PASS ptydrive HOW" or
 * "FAIL ptydrive HOW: why"; exits 0 or 1.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

static int master;
static char seen[65536];
static size_t nseen;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read what the command wrote for up to @secs seconds; stop early once @want is in it. */
static int drain(double secs, const char *want)
{
	double end = now() + secs;
	struct pollfd p = { .fd = master, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	while (now() < end) {
		if (want && memmem(seen, nseen, want, strlen(want)))
			return 1;
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(master, buf, sizeof(buf));
		if (n <= 0)
			return 0;	/* EIO: no process has the terminal open */
		if (nseen + n > sizeof(seen))
			nseen = 0;
		memcpy(seen + nseen, buf, n);
		nseen += n;
	}
	return want && memmem(seen, nseen, want, strlen(want));
}

static int fail(const char *how, const char *why)
{
	printf("FAIL ptydrive %s: %s\n", how, why);
	return 1;
}

static void say(const char *s)
{
	if (write(master, s, strlen(s)) != (ssize_t)strlen(s))
		perror("ptydrive: write");
}

int main(int argc, char **argv)
{
	struct termios before, t;
	const char *how;
	char why[256];
	int slave, status, raw = 0;
	double end;
	pid_t pid, w;

	if (argc < 3)
		return 2;
	how = argv[1];
	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master))
		return fail(how, "no pty");
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0 || tcgetattr(slave, &before))
		return fail(how, "no pty slave");
	pid = fork();
	if (pid == 0) {
		setsid();
		if (ioctl(slave, TIOCSCTTY, 0) || dup2(slave, 0) < 0 || dup2(slave, 1) < 0 ||
		    dup2(slave, 2) < 0)
			_exit(127);
		close(master);
		execvp(argv[2], argv + 2);
		_exit(127);
	}
	/* Raw mode (vzctl has the terminal) and a shell that answers. */
	end = now() + 60;
	while (now() < end && !raw) {
		drain(0.2, NULL);
		raw = !tcgetattr(slave, &t) && !(t.c_lflag & ICANON);
	}
	if (!raw)
		return fail(how, "the terminal never went raw");
	say("echo MARK$((40+2))\r");
	if (!drain(60, "MARK42"))
		return fail(how, "the shell did not answer");
	printf("ready\n");
	fflush(stdout);
	if (!strcmp(how, "exit"))
		say("exit\r");
	else if (!strcmp(how, "kill"))
		say("kill -9 $$\r");
	else if (!strcmp(how, "term"))
		kill(pid, SIGTERM);
	else if (!strcmp(how, "hup"))
		kill(pid, SIGHUP);
	else if (strcmp(how, "wait"))
		return fail(how, "unknown way to end it");
	end = now() + 120;
	while ((w = waitpid(pid, &status, WNOHANG)) == 0 && now() < end)
		drain(0.2, NULL);
	if (w != pid) {
		kill(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return fail(how, "the command did not end");
	}
	if (tcgetattr(slave, &t))
		return fail(how, "cannot read the terminal's modes");
	if (t.c_lflag != before.c_lflag || t.c_iflag != before.c_iflag ||
	    t.c_oflag != before.c_oflag || t.c_cflag != before.c_cflag) {
		snprintf(why, sizeof(why),
			 "terminal left changed (lflag %#x iflag %#x oflag %#x, were %#x %#x %#x)",
			 t.c_lflag, t.c_iflag, t.c_oflag, before.c_lflag, before.c_iflag,
			 before.c_oflag);
		return fail(how, why);
	}
	printf("PASS ptydrive %s (exit %d)\n", how,
	       WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return 0;
}
