// SPDX-License-Identifier: GPL-2.0
/*
 * ptyhold: hold a pty whose input a dump cannot carry, for the refusal tests
 * (test/cases/52-ct-ptree.sh), printing "ready" once it is set up and then sleeping.
 *   ptyhold lnext   a canonical slave's input ends in a ^V waiting for its character
 *   ptyhold eol     three lines not read, ended by three bytes as VEOL or VEOL2 were
 *                   each time ('x', 'y', 'z'): no termios has three line ends besides
 *                   newline and VEOF
 *   ptyhold left    a task holding /dev/tty of a session it left (setsid()) since
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static void die(const char *what)
{
	printf("FAIL ptyhold: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* @text, a line ended by its last byte @c made c_cc[@i] for it, typed at @m. */
static void line(int m, int s, struct termios *t, int i, char c, const char *text)
{
	t->c_cc[i] = c;
	if (tcsetattr(s, TCSANOW, t) || write(m, text, 3) != 3)
		die("a line");
	usleep(200000);	/* the flip buffer's work runs under this termios */
	t->c_cc[i] = 0;
	if (tcsetattr(s, TCSANOW, t))
		die("VEOL off");
}

/*
 * A child leads a session whose terminal is @name; its child opens /dev/tty and then leaves
 * the session ("left") and says ready.
 */
static void devtty(const char *name)
{
	pid_t pid = fork();

	if (pid < 0)
		die("fork");
	if (pid > 0)
		for (;;)
			pause();
	if (setsid() < 0 || open(name, O_RDWR) < 0)
		die("a session of the pty");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (pid > 0)
		for (;;)
			pause();
	if (open("/dev/tty", O_RDWR) < 0)
		die("/dev/tty");
	if (setsid() < 0)
		die("setsid");
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	const char *how = argc == 2 ? argv[1] : "";
	struct termios t;
	char *name;
	int m, s;

	if (strcmp(how, "lnext") && strcmp(how, "eol") && strcmp(how, "left")) {
		fprintf(stderr, "usage: ptyhold lnext|eol|left\n");
		return 2;
	}
	m = posix_openpt(O_RDWR | O_NOCTTY);
	if (m < 0 || grantpt(m) || unlockpt(m) || !(name = ptsname(m)))
		die("posix_openpt");
	if (!strcmp(how, "left"))
		devtty(name);
	s = open(name, O_RDWR | O_NOCTTY);
	if (s < 0 || tcgetattr(s, &t))
		die("the slave");
	if (!strcmp(how, "lnext")) {
		if (write(m, "ab\x16", 3) != 3)
			die("write");
	} else {
		line(m, s, &t, VEOL, 'x', "abx");
		line(m, s, &t, VEOL, 'y', "cdy");
		line(m, s, &t, VEOL2, 'z', "efz");
	}
	printf("ready\n");
	fflush(stdout);
	for (;;)
		pause();
}
