// SPDX-License-Identifier: GPL-2.0
/* vzctl set --userpasswd: see ct_userpw.h. */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "ct.h"
#include "ct_userpw.h"
#include "util.h"
#include "vzerror.h"

/* As long as the CT's tools may take: a CT that holds them longer is killed out of it. */
#define USERPW_TIMEOUT_MS	60000

/* The user's line on stdin; only the shell's builtins ever hold the password. */
static const char userpw_script[] =
	"IFS= read -r up || exit 1\n"
	"user=${up%%:*}\n"
	"if ! grep -q \"^$user:\" /etc/passwd; then\n"
	"	if command -v useradd > /dev/null; then useradd -m \"$user\"; else adduser -D \"$user\"; fi ||\n"
	"		{ echo \"unable to add the user $user\" >&2; exit 1; }\n"
	"fi\n"
	"printf '%s\\n' \"$up\" | chpasswd\n";

static char *const userpw_env[] = {
	"PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/root", "container=vzcpt", NULL
};

int ct_userpw_parse(const char *s, char *why, size_t len)
{
	const char *colon = strchr(s, ':'), *p;
	size_t ulen = colon ? (size_t)(colon - s) : 0;

	if (!colon || !ulen) {
		snprintf(why, len, "it must be USER:PASSWORD");
		return -1;
	}
	if (ulen > 32 || !(islower((unsigned char)s[0]) || s[0] == '_')) {
		snprintf(why, len, "a user name is at most 32 characters and starts with a lower-case letter or '_'");
		return -1;
	}
	for (p = s; p < colon; p++) {
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_' &&
		    *p != '-') {
			snprintf(why, len, "the user name has the character '%c'", *p);
			return -1;
		}
	}
	if (!colon[1]) {
		snprintf(why, len, "the password is empty");
		return -1;
	}
	for (p = colon + 1; *p; p++) {
		if (!isprint((unsigned char)*p)) {
			snprintf(why, len, "the password has a character that is not printable");
			return -1;
		}
	}
	return 0;
}

/* What the CT's tools said, passed on to our stderr, until they end or time out. */
static int userpw_relay(int out)
{
	char buf[4096];
	ssize_t n;

	for (;;) {
		struct pollfd p = { .fd = out, .events = POLLIN };
		int r = poll(&p, 1, USERPW_TIMEOUT_MS);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		n = read(out, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return 0;
		if (write_all(2, buf, (size_t)n))
			return 0;	/* our stderr is gone: the status still says it */
	}
}

int ct_userpw_set(unsigned int ctid, pid_t init, const char *userpw)
{
	size_t ulen = (size_t)(strchr(userpw, ':') - userpw);
	int in[2], out[2], st;
	pid_t joiner;

	fflush(NULL);
	if (pipe2(in, O_CLOEXEC)) {
		fprintf(stderr, "Error: CT %u: unable to make a pipe: %s\n", ctid, strerror(errno));
		return VZ_CHANGEPASS;
	}
	if (pipe2(out, O_CLOEXEC)) {
		fprintf(stderr, "Error: CT %u: unable to make a pipe: %s\n", ctid, strerror(errno));
		close(in[0]);
		close(in[1]);
		return VZ_CHANGEPASS;
	}
	joiner = fork();
	if (joiner == 0) {
		char *argv[] = { "sh", "-c", (char *)userpw_script, NULL };

		ct_exec_sh(ctid, init, in[0], out[1], out[1], argv, userpw_env);
	}
	close(in[0]);
	close(out[1]);
	st = -1;
	if (joiner < 0) {
		fprintf(stderr, "Error: CT %u: fork: %s\n", ctid, strerror(errno));
	} else {
		struct sigaction ign = { .sa_handler = SIG_IGN }, old;

		/*
		 * One short line: the pipe holds it whole, whatever the reader does;
		 * a reader already gone is an EPIPE, not our death.
		 */
		sigemptyset(&ign.sa_mask);
		if (sigaction(SIGPIPE, &ign, &old))
			old.sa_handler = SIG_DFL;
		if (write_all(in[1], userpw, strlen(userpw)) || write_all(in[1], "\n", 1))
			fprintf(stderr, "Error: CT %u: unable to pass the password: %s\n", ctid,
				strerror(errno));
		if (sigaction(SIGPIPE, &old, NULL))
			perror("vzctl: sigaction");
		close(in[1]);
		in[1] = -1;
		if (userpw_relay(out[0])) {
			fprintf(stderr, "Error: CT %u: the password change took over %d s: stopped\n",
				ctid, USERPW_TIMEOUT_MS / 1000);
			kill(-joiner, SIGKILL);
			kill(joiner, SIGKILL);
		}
		st = wait_child(joiner);
	}
	if (in[1] >= 0)
		close(in[1]);
	close(out[0]);
	if (st == 0)
		return 0;
	fprintf(stderr, "Error: CT %u: unable to set the password of %.*s (status %d)\n", ctid,
		(int)ulen, userpw, st);
	return VZ_CHANGEPASS;
}
