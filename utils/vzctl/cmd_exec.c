// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl exec/exec2 CTID COMMAND... and vzctl enter CTID. A child joins the
 * CT (ct_join) and forks again, so that what runs is inside the CT's pid
 * namespace; exec returns the command's exit status. enter gives a shell
 * on a pty of the CT's own devpts, relayed to vzctl's terminal.
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
#include <unistd.h>

#include "ct.h"
#include "ct_cmd.h"
#include "util.h"
#include "vzerror.h"

static char *const ct_env[] = {
	"PATH=/bin:/sbin:/usr/bin:/usr/sbin:/usr/local/bin", "HOME=/root", "TERM=linux",
	"container=vzcpt", NULL
};

/* The exit status of @pid as a shell reports it. */
static int wait_status(pid_t pid)
{
	int st = wait_child(pid);

	return st < 0 ? VZ_SYSTEM_ERROR : st;
}

/* Run @argv inside CT @ctid; return its exit status, or a vzctl code if it could not run. */
static int run_in_ct(unsigned int ctid, pid_t init, char **argv)
{
	pid_t joiner, pid;
	int ret;

	fflush(NULL);
	joiner = fork();
	if (joiner < 0) {
		fprintf(stderr, "Error: CT %u: fork: %s\n", ctid, strerror(errno));
		return VZ_SYSTEM_ERROR;
	}
	if (joiner == 0) {
		ret = ct_join(ctid, init);
		if (ret)
			_exit(ret);
		pid = fork();
		if (pid < 0)
			_exit(VZ_SYSTEM_ERROR);
		if (pid == 0) {
			execve("/bin/sh", argv, ct_env);
			fprintf(stderr, "Error: CT %u: unable to run /bin/sh: %s\n", ctid,
				strerror(errno));
			_exit(VZ_COMMAND_EXECUTION_ERROR);
		}
		_exit(wait_status(pid));
	}
	return wait_status(joiner);
}

int cmd_exec(int argc, char **argv)
{
	char *sh_argv[] = { "sh", "-c", NULL, NULL };
	struct ctconf cc;
	size_t len = 1;
	char *cmd;
	pid_t init;
	int ret;

	if (argc < 3)
		return ct_usage_error(argv[0], "CTID COMMAND [ARG...]");
	ret = ct_cmd_begin(argc, argv, &cc);
	if (ret)
		return ret;
	ret = ct_need_running(&cc, &init);
	if (ret)
		return ct_cmd_end(&cc, -1, ret);
	/* OpenVZ runs the words as one shell command line. */
	for (int i = 2; i < argc; i++)
		len += strlen(argv[i]) + 1;
	cmd = calloc(1, len);
	if (!cmd) {
		fprintf(stderr, "Error: CT %u: out of memory\n", cc.ctid);
		return ct_cmd_end(&cc, -1, VZ_SYSTEM_ERROR);
	}
	for (int i = 2; i < argc; i++) {
		if (i > 2)
			strcat(cmd, " ");
		strcat(cmd, argv[i]);
	}
	sh_argv[2] = cmd;
	ret = run_in_ct(cc.ctid, init, sh_argv);
	free(cmd);
	return ct_cmd_end(&cc, -1, ret);
}

/* Copy between our stdin/stdout and the pty master until the shell's side closes. */
static void relay(int master)
{
	struct pollfd p[2] = { { .fd = 0, .events = POLLIN }, { .fd = master, .events = POLLIN } };
	char buf[4096];
	ssize_t n;

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(master, buf, sizeof(buf));
			if (n <= 0)
				return;	/* EIO: the shell and everything on its pty are gone */
			if (write(1, buf, n) != n)
				return;
		}
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(0, buf, sizeof(buf));
			if (n <= 0) {
				/* End of our input: the shell gets end-of-file (^D) too. */
				const char eof = 4;

				if (write(master, &eof, 1) != 1)
					return;
				p[0].fd = -1;
			} else if (write(master, buf, n) != n) {
				return;
			}
		}
	}
}

static void __attribute__((noreturn)) enter_child(unsigned int ctid, pid_t init)
{
	static char *const sh[] = { "-sh", NULL };
	struct winsize ws;
	int master, slave, ret, have_ws = !ioctl(0, TIOCGWINSZ, &ws);
	pid_t pid;

	ret = ct_join(ctid, init);
	if (ret)
		_exit(ret);
	/* The CT's /dev/ptmx: a pty of the CT's own devpts, as its own programs would get. */
	master = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (master < 0 || grantpt(master) || unlockpt(master)) {
		fprintf(stderr, "Error: CT %u: unable to open a pty: %s\n", ctid, strerror(errno));
		_exit(VZ_SYSTEM_ERROR);
	}
	pid = fork();
	if (pid < 0)
		_exit(VZ_SYSTEM_ERROR);
	if (pid == 0) {
		char *name = ptsname(master);

		setsid();
		slave = name ? open(name, O_RDWR) : -1;
		if (slave < 0 || ioctl(slave, TIOCSCTTY, 0) || dup2(slave, 0) < 0 ||
		    dup2(slave, 1) < 0 || dup2(slave, 2) < 0)
			_exit(VZ_SYSTEM_ERROR);
		if (slave > 2)
			close(slave);
		if (have_ws)
			ioctl(0, TIOCSWINSZ, &ws);
		if (chdir("/root") && chdir("/"))
			_exit(VZ_SYSTEM_ERROR);
		execve("/bin/sh", sh, ct_env);
		_exit(VZ_COMMAND_EXECUTION_ERROR);
	}
	relay(master);
	close(master);
	_exit(wait_status(pid));
}

/*
 * vzctl enter owns the terminal while it is raw: whatever ends it (the
 * shell exiting, the CT stopping, SIGTERM, SIGHUP or SIGINT to vzctl) ends
 * through here, which puts the terminal back as it was.
 */
static volatile sig_atomic_t enter_signal;

static void enter_on_signal(int sig)
{
	enter_signal = sig;
}

static const int enter_sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

/* A signal ignored when vzctl started (nohup) stays ignored, in vzctl and in the shell. */
static void enter_set_signals(void (*handler)(int))
{
	struct sigaction sa = { .sa_handler = handler }, old;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(enter_sigs) / sizeof(enter_sigs[0]); i++)
		if (!sigaction(enter_sigs[i], NULL, &old) && old.sa_handler != SIG_IGN)
			sigaction(enter_sigs[i], &sa, NULL);
}

/* Wait for the relaying child; a signal to us hangs it (and so the CT's shell) up. */
static int enter_wait(pid_t child)
{
	int status, hung = 0;

	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			return VZ_SYSTEM_ERROR;
		if (enter_signal && !hung) {
			kill(child, SIGHUP);
			hung = 1;
		}
	}
	if (enter_signal)
		return 128 + enter_signal;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int cmd_enter(int argc, char **argv)
{
	struct termios saved, raw;
	struct ctconf cc;
	int ret, tty;
	pid_t init, child;

	if (argc != 2)
		return ct_usage_error("enter", "CTID");
	ret = ct_cmd_begin(argc, argv, &cc);
	if (ret)
		return ret;
	ret = ct_need_running(&cc, &init);
	if (ret)
		return ct_cmd_end(&cc, -1, ret);
	printf("entered into CT %u\n", cc.ctid);
	fflush(NULL);
	/* The CT's pty does the line editing: ours passes every key through. */
	enter_set_signals(enter_on_signal);
	tty = isatty(0) && !tcgetattr(0, &saved);
	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	child = enter_signal ? -1 : fork();
	if (child < 0) {
		ret = enter_signal ? 128 + enter_signal : VZ_SYSTEM_ERROR;
	} else if (child == 0) {
		enter_set_signals(SIG_DFL);
		enter_child(cc.ctid, init);
	} else {
		ret = enter_wait(child);
	}
	/* TCSAFLUSH would lose what was typed ahead; a hung-up terminal just says EIO. */
	if (tty && tcsetattr(0, TCSANOW, &saved) && errno != EIO)
		fprintf(stderr, "Warning: CT %u: unable to restore the terminal: %s\n", cc.ctid,
			strerror(errno));
	printf("exited from CT %u\n", cc.ctid);
	return ct_cmd_end(&cc, -1, ret);
}
