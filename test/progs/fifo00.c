// SPDX-License-Identifier: GPL-2.0
/*
 * fifo00: a named FIFO of capacity 128 KiB holding 70000 bytes not yet read; the
 * child holds its read end (non-blocking), the parent its write end and a second
 * open of it for reading and writing. After the restore the FIFO is the one of its
 * path (same inode as a new open), each open has its flags, the capacity is kept,
 * the child reads exactly the 70000 bytes in order and then what the parent writes
 * after, and once the parent closed both its opens the child reads end of file.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/stat.h>

#define BYTES	70000
#define CAP	(128 * 1024)

static char want[BYTES], got[BYTES];

static void pattern(char *buf, size_t len, int seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (char)(i * 17 + seed);
}

static void read_all(int fd, char *buf, size_t len, const char *what)
{
	size_t n = 0;

	while (n < len) {
		ssize_t r = read(fd, buf + n, len - n);

		zt_check(r > 0, "read %s: %zd (%s) after %zu of %zu bytes", what, r,
			 r ? strerror(errno) : "end of file", n, len);
		n += r;
	}
}

static void same_fifo(int fd, const char *who)
{
	struct stat a, b;

	zt_syscall(fstat(fd, &a));
	zt_syscall(stat("zt.fifo", &b));
	zt_check(S_ISFIFO(a.st_mode) && a.st_ino == b.st_ino && a.st_dev == b.st_dev,
		 "%s: the open is not the FIFO of the path", who);
}

int main(int argc, char **argv)
{
	int rd, wr, rw, sync[2], rflags, wflags, rwflags;
	char c;
	pid_t child;

	zt_init(argc, argv);
	pattern(want, BYTES, 3);
	unlink("zt.fifo");
	zt_syscall(mkfifo("zt.fifo", 0640));
	rd = zt_syscall(open("zt.fifo", O_RDONLY | O_NONBLOCK));
	wr = zt_syscall(open("zt.fifo", O_WRONLY));
	rw = zt_syscall(open("zt.fifo", O_RDWR));
	zt_check(fcntl(wr, F_SETPIPE_SZ, CAP) == CAP, "F_SETPIPE_SZ: %s", strerror(errno));
	zt_check(write(wr, want, BYTES) == BYTES, "write: %s", strerror(errno));
	rflags = zt_syscall(fcntl(rd, F_GETFL));
	wflags = zt_syscall(fcntl(wr, F_GETFL));
	rwflags = zt_syscall(fcntl(rw, F_GETFL));
	zt_syscall(pipe(sync));
	child = zt_syscall(fork());
	if (!child) {
		close(wr);
		close(rw);
		close(sync[0]);
		zt_check(write(sync[1], "r", 1) == 1, "write sync: %s", strerror(errno));
		zt_wait();
		same_fifo(rd, "the child");
		zt_check(fcntl(rd, F_GETFL) == rflags, "the read end's flags are %#x, not %#x",
			 fcntl(rd, F_GETFL), rflags);
		zt_check(fcntl(rd, F_GETPIPE_SZ) == CAP, "the capacity is %d",
			 fcntl(rd, F_GETPIPE_SZ));
		read_all(rd, got, BYTES, "the buffered bytes");
		zt_check(!memcmp(got, want, BYTES), "the buffered bytes differ");
		zt_check(read(rd, &c, 1) < 0 && errno == EAGAIN, "more bytes than were buffered");
		zt_check(write(sync[1], "1", 1) == 1, "write sync: %s", strerror(errno));
		/* Blocking from now: the parent's bytes, then its close. */
		zt_syscall(fcntl(rd, F_SETFL, rflags & ~O_NONBLOCK));
		read_all(rd, got, 5, "the bytes written after");
		zt_check(!memcmp(got, "after", 5), "read %.5s after the restore", got);
		zt_check(read(rd, &c, 1) == 0, "no end of file once the writers closed");
		exit(0);
	}
	close(rd);
	close(sync[1]);
	zt_check(read(sync[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	same_fifo(wr, "the parent's write end");
	same_fifo(rw, "the parent's read-write open");
	zt_check(fcntl(wr, F_GETFL) == wflags && fcntl(rw, F_GETFL) == rwflags,
		 "the parent's flags are %#x and %#x, not %#x and %#x", fcntl(wr, F_GETFL),
		 fcntl(rw, F_GETFL), wflags, rwflags);
	zt_syscall(kill(child, SIGTERM));
	zt_check(read(sync[0], &c, 1) == 1 && c == '1', "the child did not read the buffer");
	zt_check(write(wr, "after", 5) == 5, "write after: %s", strerror(errno));
	close(wr);
	close(rw);
	zt_reap(child, "the child");
	zt_pass();
}
