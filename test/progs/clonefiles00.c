// SPDX-License-Identifier: GPL-2.0
/*
 * clonefiles00: two processes sharing one fd table, a child made by clone(CLONE_FILES)
 * without CLONE_THREAD. Before the dump the parent opens fd 100 after the clone and the
 * child closes fd 101, both seen by the other; fd 102 is opened by the child. After the
 * restore they still share it: each sees the other's doing of before, and an fd the child
 * opens at 200 then is at once in the parent's table, with the child's position; a close
 * by the parent of 102 closes it for the child (it then finds 102 gone).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/syscall.h>

static int open_at(const char *path, int num)
{
	int fd = zt_syscall(open(path, O_RDWR | O_CREAT, 0644));

	zt_syscall(dup2(fd, num));
	close(fd);
	return num;
}

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

int main(int argc, char **argv)
{
	int sync_[2], back[2];
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(sync_));
	zt_syscall(pipe(back));
	open_at("fd101", 101);
	child = zt_syscall(syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, NULL, NULL, 0));
	if (!child) {
		zt_check(read(sync_[0], &c, 1) == 1, "the parent did not open fd 100");
		zt_check(is_open(100), "the child does not see the parent's fd 100");
		close(101);
		open_at("fd102", 102);
		zt_check(write(back[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		zt_check(is_open(100) && !is_open(101) && is_open(102),
			 "the child's table changed: 100 %d, 101 %d, 102 %d", is_open(100),
			 is_open(101), is_open(102));
		open_at("fd200", 200);
		zt_syscall(lseek(200, 4242, SEEK_SET));
		zt_check(write(back[1], "o", 1) == 1, "write: %s", strerror(errno));
		zt_check(read(sync_[0], &c, 1) == 1, "the parent did not close fd 102");
		zt_check(!is_open(102), "the parent's close of fd 102 did not reach the child");
		exit(0);
	}
	open_at("fd100", 100);
	zt_check(write(sync_[1], "o", 1) == 1, "write: %s", strerror(errno));
	zt_check(read(back[0], &c, 1) == 1, "the child did not start");
	zt_check(!is_open(101) && is_open(102), "the child's close and open are not shared");
	zt_ready();
	zt_wait();
	zt_check(is_open(100) && !is_open(101) && is_open(102),
		 "the parent's table changed: 100 %d, 101 %d, 102 %d", is_open(100), is_open(101),
		 is_open(102));
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(back[0], &c, 1) == 1, "the child did not open fd 200");
	zt_check(is_open(200), "the child's fd 200 is not in the parent's table");
	zt_check(lseek(200, 0, SEEK_CUR) == 4242, "fd 200 is at %lld in the parent",
		 (long long)lseek(200, 0, SEEK_CUR));
	close(102);
	zt_check(write(sync_[1], "c", 1) == 1, "write: %s", strerror(errno));
	zt_reap(child, "the child");
	zt_pass();
}
