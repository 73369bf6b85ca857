// SPDX-License-Identifier: GPL-2.0
/*
 * tiocsti00: can a program that `vzctl exec` runs in a container reach the
 * caller's terminal?
 *   tiocsti00               (in the CT) push "echo INJECTED" into every
 *                           terminal it can reach (fds 0-2, /dev/tty) with
 *                           TIOCSTI, and check none is a terminal at all;
 *                           prints PASS/FAIL tiocsti00
 *   tiocsti00 drive CMD...  (on the host) run CMD on a fresh pty as its
 *                           controlling terminal and stdin/stdout/stderr,
 *                           relay its output, then check that no input
 *                           was pushed into the pty; prints PASS/FAIL
 *                           tiocsti-drive and "exit N", CMD's status
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

static const char inject[] = "echo INJECTED\n";

static int in_ct(void)
{
	int fds[4] = { 0, 1, 2, -1 }, bad = 0, tty_err;
	char why[512] = "";
	struct termios t;

	fds[3] = open("/dev/tty", O_RDWR | O_NOCTTY | O_NONBLOCK);
	tty_err = errno;
	for (int i = 0; i < 4; i++) {
		const char *name = i == 3 ? "/dev/tty" : i == 0 ? "fd 0" : i == 1 ? "fd 1" : "fd 2";
		size_t n = strlen(why);
		int pushed = 0;

		if (fds[i] < 0)
			continue;
		if (!tcgetattr(fds[i], &t)) {
			snprintf(why + n, sizeof(why) - n, "%s is a terminal; ", name);
			bad++;
		}
		for (const char *c = inject; *c; c++)
			pushed += !ioctl(fds[i], TIOCSTI, c);
		n = strlen(why);
		if (pushed) {
			snprintf(why + n, sizeof(why) - n, "TIOCSTI on %s pushed %d bytes; ", name,
				 pushed);
			bad++;
		}
	}
	if (bad)
		printf("FAIL tiocsti00: %s\n", why);
	else
		printf("PASS tiocsti00: no terminal reached (/dev/tty: %s)\n",
		       fds[3] < 0 ? strerror(tty_err) : "opened, not a terminal");
	return bad ? 1 : 0;
}

static int drive(char **argv)
{
	int master, slave, status, n, injected = 0;
	struct termios t;
	char buf[4096];
	pid_t pid;

	master = posix_openpt(O_RDWR | O_NOCTTY);
	if (master < 0 || grantpt(master) || unlockpt(master) || !ptsname(master)) {
		printf("FAIL tiocsti-drive: no pty: %s\n", strerror(errno));
		return 1;
	}
	/* Kept open here so that the input queue outlives the command. */
	slave = open(ptsname(master), O_RDWR | O_NOCTTY);
	if (slave < 0 || tcgetattr(slave, &t)) {
		printf("FAIL tiocsti-drive: pty slave: %s\n", strerror(errno));
		return 1;
	}
	/* Raw: whatever is pushed can be read back at once, and is not echoed. */
	cfmakeraw(&t);
	tcsetattr(slave, TCSANOW, &t);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		if (setsid() < 0 || ioctl(slave, TIOCSCTTY, 0) || dup2(slave, 0) < 0 ||
		    dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
			_exit(127);
		close(master);
		execvp(argv[0], argv);
		_exit(127);
	}
	for (;;) {
		struct pollfd p = { .fd = master, .events = POLLIN };

		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
		if (poll(&p, 1, 100) > 0) {
			n = read(master, buf, sizeof(buf));
			if (n > 0 && fwrite(buf, 1, n, stdout) != (size_t)n)
				return 1;
		}
	}
	/* What the command wrote last. */
	fcntl(master, F_SETFL, O_NONBLOCK);
	while ((n = read(master, buf, sizeof(buf))) > 0)
		if (fwrite(buf, 1, n, stdout) != (size_t)n)
			return 1;
	/* And what was pushed into the terminal's input, meant for the next reader: the shell. */
	fcntl(slave, F_SETFL, O_NONBLOCK);
	while ((n = read(slave, buf, sizeof(buf))) > 0)
		injected += n;
	if (injected)
		printf("\nFAIL tiocsti-drive: %d bytes were pushed into the caller's terminal\n",
		       injected);
	else
		printf("\nPASS tiocsti-drive: nothing pushed into the caller's terminal\n");
	printf("exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
	return injected ? 1 : 0;
}

int main(int argc, char **argv)
{
	if (argc > 2 && !strcmp(argv[1], "drive"))
		return drive(argv + 2);
	return in_ct();
}
