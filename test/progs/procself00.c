// SPDX-License-Identifier: GPL-2.0
/*
 * procself00: what /proc/self shows of the address space's bookkeeping: the command line
 * and the environment (the mm's arg and env areas), the executable (/proc/self/exe) and
 * the auxiliary vector the kernel saved at exec (/proc/self/auxv). The program re-executes
 * itself once with arguments and an environment of its own, so they are not the runner's.
 * After the restore each reads back byte for byte as before.
 */
#include "zdtm.h"

#include <fcntl.h>

#define MAXLEN	8192

struct blob {
	char data[MAXLEN];
	ssize_t len;
};

static void slurp(const char *path, struct blob *b)
{
	int fd = zt_syscall(open(path, O_RDONLY));
	ssize_t n;

	b->len = 0;
	while ((n = read(fd, b->data + b->len, sizeof(b->data) - b->len)) > 0)
		b->len += n;
	zt_check(n == 0, "read %s: %s", path, n < 0 ? strerror(errno) : "longer than 8 KiB");
	close(fd);
}

static void same(const char *path, const struct blob *was)
{
	static struct blob now;

	slurp(path, &now);
	zt_check(now.len == was->len && !memcmp(now.data, was->data, now.len),
		 "%s: %zd bytes, were %zd, or differ", path, now.len, was->len);
}

int main(int argc, char **argv)
{
	static struct blob cmdline, environ_, auxv;
	char exe[4096], exe_now[4096];
	ssize_t n;

	if (argc == 2) {
		char *args[] = { argv[0], argv[1], "second argument", "", "-x=4", NULL };
		char *env[] = { "PROCSELF00=one", "EMPTY=", "LONG=" "0123456789abcdef"
				"0123456789abcdef0123456789abcdef", NULL };

		execve("/proc/self/exe", args, env);
		zt_init(argc, argv);
		zt_fail("execve: %s", strerror(errno));
	}
	zt_init(argc, argv);
	zt_check(argc == 5 && !strcmp(argv[2], "second argument") && !argv[3][0],
		 "the re-executed program has %d arguments", argc);
	slurp("/proc/self/cmdline", &cmdline);
	slurp("/proc/self/environ", &environ_);
	slurp("/proc/self/auxv", &auxv);
	n = zt_syscall(readlink("/proc/self/exe", exe, sizeof(exe) - 1));
	exe[n] = 0;
	zt_ready();
	zt_wait();
	same("/proc/self/cmdline", &cmdline);
	same("/proc/self/environ", &environ_);
	same("/proc/self/auxv", &auxv);
	n = zt_syscall(readlink("/proc/self/exe", exe_now, sizeof(exe_now) - 1));
	exe_now[n] = 0;
	zt_check(!strcmp(exe, exe_now), "/proc/self/exe is %s, was %s", exe_now, exe);
	zt_check(!strcmp(getenv("PROCSELF00") ?: "", "one"), "getenv PROCSELF00");
	zt_pass();
}
