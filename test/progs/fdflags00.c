// SPDX-License-Identifier: GPL-2.0
/*
 * fdflags00: the status flags of open files (F_GETFL). One file opened five ways:
 * O_RDONLY|O_NOATIME, O_WRONLY|O_SYNC, O_RDWR|O_DSYNC, O_RDONLY made O_NONBLOCK|O_APPEND
 * afterwards by F_SETFL, and O_RDWR|O_NONBLOCK made blocking again by F_SETFL; each at its
 * own position. After the restore each fd has its access mode and flags, its position, and
 * O_NOATIME still keeps a read from moving the file's atime while a plain read may.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/stat.h>

#define NR	5
#define MASK	(O_ACCMODE | O_NOATIME | O_SYNC | O_DSYNC | O_NONBLOCK | O_APPEND)

int main(int argc, char **argv)
{
	static const int open_flags[NR] = { O_RDONLY | O_NOATIME, O_WRONLY | O_SYNC,
					    O_RDWR | O_DSYNC, O_RDONLY, O_RDWR | O_NONBLOCK };
	static const int want[NR] = { O_RDONLY | O_NOATIME, O_WRONLY | O_SYNC, O_RDWR | O_DSYNC,
				      O_RDONLY | O_NONBLOCK | O_APPEND, O_RDWR };
	struct timespec old = { 1000000, 0 }, times[2];
	struct stat st;
	char buf[4096];
	int fd[NR], i, fl;

	zt_init(argc, argv);
	fd[0] = zt_syscall(open("fdflags00.dat", O_RDWR | O_CREAT | O_TRUNC, 0644));
	memset(buf, 'f', sizeof(buf));
	zt_check(write(fd[0], buf, sizeof(buf)) == sizeof(buf), "write: %s", strerror(errno));
	close(fd[0]);
	for (i = 0; i < NR; i++) {
		fd[i] = zt_syscall(open("fdflags00.dat", open_flags[i]));
		zt_syscall(lseek(fd[i], 100 * (i + 1), SEEK_SET));
	}
	fl = (int)zt_syscall(fcntl(fd[3], F_GETFL));
	zt_syscall(fcntl(fd[3], F_SETFL, fl | O_NONBLOCK | O_APPEND));
	fl = (int)zt_syscall(fcntl(fd[4], F_GETFL));
	zt_syscall(fcntl(fd[4], F_SETFL, fl & ~O_NONBLOCK));
	zt_ready();
	zt_wait();
	for (i = 0; i < NR; i++) {
		fl = (int)zt_syscall(fcntl(fd[i], F_GETFL));
		zt_check((fl & MASK) == want[i], "fd %d (open %d) has flags %#x, not %#x", fd[i], i,
			 fl & MASK, want[i]);
		zt_check(lseek(fd[i], 0, SEEK_CUR) == 100 * (i + 1), "open %d is at %lld, not %d", i,
			 (long long)lseek(fd[i], 0, SEEK_CUR), 100 * (i + 1));
	}
	/* An atime far in the past is updated by any read but an O_NOATIME one. */
	times[0] = old;
	times[1].tv_nsec = UTIME_OMIT;
	zt_syscall(futimens(fd[2], times));
	zt_check(read(fd[0], buf, 10) == 10, "read: %s", strerror(errno));
	zt_syscall(fstat(fd[0], &st));
	zt_check(st.st_atim.tv_sec == old.tv_sec, "an O_NOATIME read moved the atime");
	zt_check(read(fd[2], buf, 10) == 10, "read: %s", strerror(errno));
	zt_syscall(fstat(fd[0], &st));
	zt_check(st.st_atim.tv_sec != old.tv_sec, "a plain read did not move the atime");
	zt_pass();
}
