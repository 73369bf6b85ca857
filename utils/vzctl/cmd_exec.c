// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl exec/exec2 CTID COMMAND... and vzctl enter CTID. A child joins the
 * CT (ct_join) and forks again, so that what runs is inside the CT's pid
 * namespace; exec returns the command's exit status, its data relayed on
 * pipes. enter gives a shell on a pty of the CT's own devpts, relayed to
 * vzctl's terminal. Neither lets the CT hold the caller's terminal.
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
#include <sys/syscall.h>
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

/*
 * vzctl exec runs the command on pipes, never on the caller's terminal: a
 * program in the CT holding that terminal could push input into the
 * administrator's shell (TIOCSTI) or change its settings. vzctl copies its
 * own stdin to the command and the command's stdout and stderr back, as
 * OpenVZ's vzctl does, until the command exits; what it wrote by then is
 * all passed on.
 */
struct exec_in {
	char buf[65536];
	size_t off, len;
	int eof;			/* our stdin is at its end, or the command's is closed */
};

/* Make sure 0, 1 and 2 are open, so that the pipes never take their numbers. */
static int exec_std_fds(void)
{
	int fd;

	do {
		fd = open("/dev/null", O_RDWR | O_CLOEXEC);
	} while (fd >= 0 && fd <= 2 && !fcntl(fd, F_SETFD, 0));
	if (fd < 0)
		return -1;
	if (fd > 2)
		close(fd);
	return 0;
}

/*
 * Pass what the command wrote to @from on to our @to; until EAGAIN when
 * @drain, else one read. A reader of ours that went away drops the rest.
 * Returns 1 once @from reached its end.
 */
static int exec_pass(int from, int to, int *to_ok, int drain)
{
	char buf[65536];
	ssize_t n;

	do {
		n = read(from, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n == 0)
			return 1;
		if (n < 0)
			return errno != EAGAIN;
		if (*to_ok && write_all(to, buf, (size_t)n))
			*to_ok = 0;
	} while (drain);
	return 0;
}

/* Our stdin to the command's (@fd, non-blocking), a buffer at a time. */
static void exec_feed(struct exec_in *in, int fd, short revents, int stdin_ready)
{
	ssize_t n;

	if (!in->len && stdin_ready) {
		n = read(0, in->buf, sizeof(in->buf));
		if (n > 0) {
			in->len = (size_t)n;
			in->off = 0;
		} else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
			in->eof = 1;
		}
		return;
	}
	if (in->len && (revents & (POLLOUT | POLLERR | POLLHUP))) {
		n = write(fd, in->buf + in->off, in->len);
		if (n > 0) {
			in->off += (size_t)n;
			in->len -= (size_t)n;
		} else if (n < 0 && errno != EAGAIN && errno != EINTR) {
			in->eof = 1;	/* EPIPE: the command does not read any more */
			in->len = 0;
		}
	}
}

/*
 * A signal to vzctl while it relays: exec passes it on to the command's
 * process group (the command runs in a session of its own, so the
 * terminal's ^C reaches only vzctl); enter ends through its cleanup, which
 * puts the terminal back as it was. A signal ignored when vzctl started
 * (nohup) stays ignored, in vzctl and in what it runs.
 */
static volatile sig_atomic_t relay_signal;

static void relay_on_signal(int sig)
{
	relay_signal = sig;
}

static void relay_set_signals(void (*handler)(int))
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
	struct sigaction sa = { .sa_handler = handler }, old;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		if (!sigaction(sigs[i], NULL, &old) && old.sa_handler != SIG_IGN &&
		    sigaction(sigs[i], &sa, NULL))
			perror("vzctl: sigaction");
}

/* Relay between our 0/1/2 and the pipes until the joiner (@joiner, @pidfd) exits. */
static void exec_relay(pid_t joiner, int pidfd, int cin, int cout, int cerr)
{
	static struct exec_in in;
	int out_ok = 1, err_ok = 1, out_end = 0, err_end = 0;

	in.len = in.off = 0;
	in.eof = 0;
	for (;;) {
		struct pollfd p[4] = {
			{ .fd = in.eof ? -1 : in.len ? cin : 0, .events = in.len ? POLLOUT : POLLIN },
			{ .fd = out_end ? -1 : cout, .events = POLLIN },
			{ .fd = err_end ? -1 : cerr, .events = POLLIN },
			{ .fd = pidfd, .events = POLLIN },
		};

		if (in.eof && cin >= 0) {
			close(cin);	/* the command's end of input */
			cin = -1;
		}
		if (poll(p, 4, -1) < 0) {
			if (errno != EINTR)
				break;
			if (relay_signal) {
				kill(-joiner, relay_signal);
				relay_signal = 0;
			}
			continue;
		}
		if (p[0].revents)
			exec_feed(&in, cin, p[0].revents, p[0].fd == 0);
		if (p[1].revents)
			out_end = exec_pass(cout, 1, &out_ok, 0);
		if (p[2].revents)
			err_end = exec_pass(cerr, 2, &err_ok, 0);
		if (p[3].revents)
			break;
	}
	/* The command is gone: what it wrote is in the pipes, to be passed on whole. */
	if (!out_end)
		exec_pass(cout, 1, &out_ok, 1);
	if (!err_end)
		exec_pass(cerr, 2, &err_ok, 1);
	if (cin >= 0)
		close(cin);
}

/* Run @argv inside CT @ctid; return its exit status, or a vzctl code if it could not run. */
static int run_in_ct(unsigned int ctid, pid_t init, char **argv)
{
	int pin[2] = { -1, -1 }, pout[2] = { -1, -1 }, perr[2] = { -1, -1 }, pidfd, ret;
	struct sigaction ign = { .sa_handler = SIG_IGN }, old;
	pid_t joiner;

	fflush(NULL);
	if (exec_std_fds() || pipe2(pin, O_CLOEXEC) || pipe2(pout, O_CLOEXEC) ||
	    pipe2(perr, O_CLOEXEC)) {
		fprintf(stderr, "Error: CT %u: unable to make the command's pipes: %s\n", ctid,
			strerror(errno));
		ret = VZ_SYSTEM_ERROR;
		goto out;
	}
	joiner = fork();
	if (joiner < 0) {
		fprintf(stderr, "Error: CT %u: fork: %s\n", ctid, strerror(errno));
		ret = VZ_SYSTEM_ERROR;
		goto out;
	}
	/* The command's side: the pipes, a session of its own with no terminal, the CT. */
	if (joiner == 0)
		ct_exec_sh(ctid, init, pin[0], pout[1], perr[1], argv, ct_env);
	close(pin[0]);
	close(pout[1]);
	close(perr[1]);
	pin[0] = pout[1] = perr[1] = -1;
	pidfd = (int)syscall(SYS_pidfd_open, joiner, 0);
	if (pidfd < 0 || fcntl(pin[1], F_SETFL, O_NONBLOCK) ||
	    fcntl(pout[0], F_SETFL, O_NONBLOCK) || fcntl(perr[0], F_SETFL, O_NONBLOCK)) {
		fprintf(stderr, "Error: CT %u: unable to relay the command's data: %s\n", ctid,
			strerror(errno));
		kill(joiner, SIGKILL);
		wait_status(joiner);
		ret = VZ_SYSTEM_ERROR;
		goto out;
	}
	/* A reader of ours that is gone is an EPIPE to handle, not a death. */
	sigemptyset(&ign.sa_mask);
	sigaction(SIGPIPE, &ign, &old);
	relay_set_signals(relay_on_signal);
	exec_relay(joiner, pidfd, pin[1], pout[0], perr[0]);
	pin[1] = -1;	/* closed by the relay */
	relay_set_signals(SIG_DFL);
	sigaction(SIGPIPE, &old, NULL);
	close(pidfd);
	ret = wait_status(joiner);
out:
	for (int i = 0; i < 2; i++) {
		if (pin[i] >= 0)
			close(pin[i]);
		if (pout[i] >= 0)
			close(pout[i]);
		if (perr[i] >= 0)
			close(perr[i]);
	}
	return ret;
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
		/* Nothing else vzctl's caller left open may reach the CT: a host fd is a way out. */
		if (close_range(3, ~0U, 0))
			_exit(VZ_SYSTEM_ERROR);
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

/* Wait for the relaying child; a signal to us hangs it (and so the CT's shell) up. */
static int enter_wait(pid_t child)
{
	int status, hung = 0;

	while (waitpid(child, &status, 0) < 0) {
		if (errno != EINTR)
			return VZ_SYSTEM_ERROR;
		if (relay_signal && !hung) {
			kill(child, SIGHUP);
			hung = 1;
		}
	}
	if (relay_signal)
		return 128 + relay_signal;
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
	relay_set_signals(relay_on_signal);
	tty = isatty(0) && !tcgetattr(0, &saved);
	if (tty) {
		raw = saved;
		cfmakeraw(&raw);
		tcsetattr(0, TCSANOW, &raw);
	}
	child = relay_signal ? -1 : fork();
	if (child < 0) {
		ret = relay_signal ? 128 + relay_signal : VZ_SYSTEM_ERROR;
	} else if (child == 0) {
		relay_set_signals(SIG_DFL);
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
