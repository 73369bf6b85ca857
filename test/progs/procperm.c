// SPDX-License-Identifier: GPL-2.0
/*
 * procperm: check who may use /proc/cpt and /proc/rst. Run as root on the host side of the guest.
 * Root gets the ABI version and ENOTTY for an unknown ioctl; a caller that dropped to an
 * unprivileged user gets EPERM from the ioctl on an fd root opened, and cannot open the entry.
 * With --inside (run in a container's pid namespace), even root's ioctls get EPERM.
 * Prints TAP lines; exits 1 if any check failed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/vzcpt.h>

static int failed;

static void report(int good, const char *entry, const char *what, int err)
{
	printf("%s - %s: %s%s%s\n", good ? "ok" : "not ok", entry, what,
	       good ? "" : ", got: ", good ? "" : strerror(err));
	if (!good)
		failed = 1;
}

int main(int argc, char **argv)
{
	int fds[2], i;
	__u32 abi = 0;

	if (argc == 4 && !strcmp(argv[1], "--inside")) {
		for (i = 0; i < 2; i++) {
			const char *p = argv[i + 2];

			fds[i] = open(p, O_RDONLY);
			errno = 0;
			report(fds[i] >= 0 && ioctl(fds[i], CPT_GET_ABI, &abi) < 0 && errno == EPERM,
			       p, "root inside a container gets EPERM", errno);
		}
		return failed;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: procperm [--inside] /proc/cpt /proc/rst\n");
		return 2;
	}
	for (i = 0; i < 2; i++) {
		const char *p = argv[i + 1];

		fds[i] = open(p, O_RDONLY);
		report(fds[i] >= 0, p, "root opens it", errno);
		if (fds[i] < 0)
			return 1;
		errno = 0;
		report(ioctl(fds[i], CPT_GET_ABI, &abi) == 0 && abi == VZCPT_ABI_VERSION,
		       p, "root reads the ABI version", errno);
		errno = 0;
		report(ioctl(fds[i], _IO(CPTCTLTYPE, 0x7f)) < 0 && errno == ENOTTY,
		       p, "an unknown ioctl gets ENOTTY", errno);
	}
	if (setgid(65534) || setuid(65534)) {
		perror("procperm: cannot drop to nobody");
		return 1;
	}
	for (i = 0; i < 2; i++) {
		const char *p = argv[i + 1];
		int fd;

		errno = 0;
		report(ioctl(fds[i], CPT_GET_ABI, &abi) < 0 && errno == EPERM,
		       p, "an unprivileged caller's ioctl gets EPERM", errno);
		errno = 0;
		fd = open(p, O_RDONLY);
		report(fd < 0 && errno == EACCES, p, "an unprivileged caller cannot open it", errno);
		if (fd >= 0)
			close(fd);
	}
	return failed;
}
