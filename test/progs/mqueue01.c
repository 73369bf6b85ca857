// SPDX-License-Identifier: GPL-2.0
/*
 * mqueue01: a POSIX message queue with a SIGEV_THREAD notification, registered with the
 * raw mq_notify() (a netlink socket and a cookie, as glibc's helper thread would), which
 * a dump must refuse, naming the task and the queue (test 46). Says "ready NAME" and
 * waits for a signal; the queue is unlinked as it goes.
 */
#include <fcntl.h>
#include <linux/netlink.h>
#include <mqueue.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static char name[64];

static void on_term(int sig)
{
	(void)sig;
	mq_unlink(name);
	_exit(0);
}

int main(void)
{
	static char cookie[32] = "mqueue01";
	struct sigevent sev = { .sigev_notify = SIGEV_THREAD };
	struct mq_attr a = { .mq_maxmsg = 2, .mq_msgsize = 16 };
	mqd_t q;
	int nl;

	snprintf(name, sizeof(name), "/mq01-%d", getpid());
	signal(SIGTERM, on_term);
	q = mq_open(name, O_RDWR | O_CREAT | O_EXCL, 0600, &a);
	nl = socket(AF_NETLINK, SOCK_RAW, NETLINK_ROUTE);
	sev.sigev_signo = nl;
	sev.sigev_value.sival_ptr = cookie;
	if (q < 0 || nl < 0 || syscall(SYS_mq_notify, q, &sev) < 0) {
		perror("mqueue01");
		mq_unlink(name);
		return 1;
	}
	printf("ready %s\n", name);
	fflush(stdout);
	for (;;)
		pause();
}
