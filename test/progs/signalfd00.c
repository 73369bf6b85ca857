// SPDX-License-Identifier: GPL-2.0
/*
 * signalfd00: a non-blocking signalfd reading SIGUSR1 and SIGRTMIN+2 (blocked), with
 * SIGUSR1 pending at the checkpoint. After the restore it reads that SIGUSR1, then one
 * sent after the restore; SIGUSR2 (blocked, not in its mask) stays pending and out of
 * it; the mask as the kernel shows it is as set, and a second signalfd4() call on it
 * still changes it.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/signalfd.h>

static int next_signal(int fd)
{
	struct signalfd_siginfo si;
	ssize_t n = read(fd, &si, sizeof(si));

	if (n < 0 && errno == EAGAIN)
		return 0;
	zt_check(n == sizeof(si), "read the signalfd: %s", strerror(errno));
	return si.ssi_signo;
}

/* The signalfd's mask, from its fdinfo (what the kernel keeps), or ~0 without /proc. */
static unsigned long long fdinfo_mask(int fd)
{
	char path[64], line[128];
	unsigned long long m = ~0ULL;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	f = fopen(path, "r");
	if (!f)
		return m;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "sigmask: %llx", &m) == 1)
			break;
	fclose(f);
	return m;
}

int main(int argc, char **argv)
{
	unsigned long long want, got;
	sigset_t set, pend;
	int fd;

	zt_init(argc, argv);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGRTMIN + 2);
	zt_syscall(sigprocmask(SIG_BLOCK, &set, NULL));
	sigdelset(&set, SIGUSR2);
	fd = zt_syscall(signalfd(-1, &set, SFD_NONBLOCK));
	want = 1ULL << (SIGUSR1 - 1) | 1ULL << (SIGRTMIN + 2 - 1);
	zt_syscall(kill(getpid(), SIGUSR1));
	zt_ready();
	zt_wait();
	got = fdinfo_mask(fd);
	zt_check(got == ~0ULL || got == want, "the signalfd's mask is %#llx, not %#llx", got, want);
	zt_check(fcntl(fd, F_GETFL) & O_NONBLOCK, "the signalfd lost O_NONBLOCK");
	zt_check(next_signal(fd) == SIGUSR1, "the SIGUSR1 pending at the checkpoint is not read");
	zt_check(next_signal(fd) == 0, "a second signal where there was one");
	zt_syscall(kill(getpid(), SIGUSR2));
	zt_syscall(kill(getpid(), SIGUSR1));
	zt_check(next_signal(fd) == SIGUSR1, "a SIGUSR1 sent after the restore is not read");
	zt_check(next_signal(fd) == 0, "SIGUSR2 came through a signalfd not reading it");
	zt_syscall(sigpending(&pend));
	zt_check(sigismember(&pend, SIGUSR2) == 1, "SIGUSR2 is not pending");
	/* signalfd4() on the restored fd: it is a signalfd as the kernel knows one. */
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	zt_check(signalfd(fd, &set, 0) == fd, "signalfd4 on the restored fd: %s", strerror(errno));
	zt_check(next_signal(fd) == SIGUSR2, "the pending SIGUSR2 is not read after the mask changed");
	zt_pass();
}
