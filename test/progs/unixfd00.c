// SPDX-License-Identifier: GPL-2.0
/*
 * unixfd00: files in flight (SCM_RIGHTS) through checkpoint and restore. A
 * datagram pair has one message queued with three files: a regular file at
 * offset 3 that this process still holds (one open file with it: their
 * position is shared), the read end of a pipe with "pipedata" in it (only
 * in flight), an eventfd with count 5 (only in flight); and a message with
 * none after it. A stream pair has "s1" with the regular file again, then
 * "tail" with none (the reader stops after the run that brought files).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/eventfd.h>
#include <sys/stat.h>

#include "unixfd.h"

int main(int argc, char **argv)
{
	int dg[2], st[2], pp[2], rf, efd, fds[UF_MAX], n, one[3];
	struct stat a, b;
	char buf[64];
	uint64_t v;
	size_t len;

	zt_init(argc, argv);
	rf = zt_syscall(open("data", O_RDWR | O_CREAT | O_TRUNC, 0644));
	zt_check(write(rf, "0123456789", 10) == 10, "write data");
	zt_syscall(lseek(rf, 3, SEEK_SET));
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM, 0, dg));
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, st));
	zt_syscall(pipe(pp));
	zt_check(write(pp[1], "pipedata", 8) == 8, "write pipe");
	efd = zt_syscall(eventfd(5, 0));
	one[0] = rf;
	one[1] = pp[0];
	one[2] = efd;
	uf_send(dg[0], "m1", 2, one, 3);
	uf_send(dg[0], "m2", 2, NULL, 0);
	uf_send(st[0], "s1", 2, &rf, 1);
	uf_send(st[0], "tail", 4, NULL, 0);
	/* Only in flight from now on: the pipe's read end and the eventfd. */
	close(pp[0]);
	close(efd);

	zt_ready();
	zt_wait();

	len = uf_recv(dg[1], buf, sizeof(buf), fds, &n);
	zt_check(len == 2 && !memcmp(buf, "m1", 2) && n == 3,
		 "the first datagram is %zu bytes with %d files, not \"m1\" with 3", len, n);
	zt_check(lseek(fds[0], 0, SEEK_CUR) == 3, "the regular file in flight is at %ld, not 3",
		 (long)lseek(fds[0], 0, SEEK_CUR));
	zt_check(fstat(fds[0], &a) == 0 && fstat(rf, &b) == 0 && a.st_ino == b.st_ino,
		 "the regular file in flight is another file");
	zt_check(read(fds[0], buf, 2) == 2 && !memcmp(buf, "34", 2), "read the file in flight");
	zt_check(lseek(rf, 0, SEEK_CUR) == 5,
		 "the holder's position is %ld after 2 bytes read through the file in flight at 3: not one open file",
		 (long)lseek(rf, 0, SEEK_CUR));
	zt_check(read(fds[1], buf, sizeof(buf)) == 8 && !memcmp(buf, "pipedata", 8),
		 "the pipe in flight lost its data");
	zt_check(write(pp[1], "z", 1) == 1 && read(fds[1], buf, 1) == 1 && buf[0] == 'z',
		 "the pipe in flight is not the one whose write end is held");
	zt_check(read(fds[2], &v, 8) == 8 && v == 5, "the eventfd in flight counts %llu, not 5",
		 (unsigned long long)v);
	len = uf_recv(dg[1], buf, sizeof(buf), fds + 3, &n);
	zt_check(len == 2 && !memcmp(buf, "m2", 2) && !n,
		 "the second datagram is %zu bytes with %d files, not \"m2\" with none", len, n);
	uf_empty(dg[1], "the datagram pair");

	len = uf_recv(st[1], buf, sizeof(buf), fds + 3, &n);
	zt_check(len == 2 && !memcmp(buf, "s1", 2) && n == 1,
		 "the stream's first read is %zu bytes with %d files, not \"s1\" with 1", len, n);
	zt_check(fstat(fds[3], &a) == 0 && a.st_ino == b.st_ino &&
		 lseek(fds[3], 0, SEEK_CUR) == 5, "the stream's file in flight is not the one held");
	len = uf_recv(st[1], buf, sizeof(buf), fds + 4, &n);
	zt_check(len == 4 && !memcmp(buf, "tail", 4) && !n,
		 "the stream's second read is %zu bytes with %d files, not \"tail\"", len, n);
	uf_empty(st[1], "the stream pair");
	zt_pass();
}
