// SPDX-License-Identifier: GPL-2.0
/*
 * unixfd01: sockets and files held only in flight (SCM_RIGHTS). One end of
 * a stream pair, with "inner" and an eventfd (count 7) queued for it in
 * turn, is passed over a datagram pair and closed by its sender: only the
 * datagram queue holds it, the other end is held. A regular file opened at
 * offset 7 is passed in a second message and closed: only in flight. After
 * the restore the receiver gets the socket, reads "inner" and the eventfd
 * from it, and talks with the held end; and reads the file at offset 7.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <stdint.h>
#include <sys/eventfd.h>

#include "unixfd.h"

int main(int argc, char **argv)
{
	int dg[2], x[2], f, efd, fds[UF_MAX], in[UF_MAX], n, m;
	char buf[64];
	uint64_t v;
	size_t len;

	zt_init(argc, argv);
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM, 0, dg));
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM, 0, x));
	efd = zt_syscall(eventfd(7, 0));
	uf_send(x[0], "inner", 5, &efd, 1);
	close(efd);
	uf_send(dg[0], "sock", 4, &x[1], 1);
	close(x[1]);
	f = zt_syscall(open("only", O_RDWR | O_CREAT | O_TRUNC, 0644));
	zt_check(write(f, "abcdefghij", 10) == 10, "write only");
	zt_syscall(lseek(f, 7, SEEK_SET));
	uf_send(dg[0], "file", 4, &f, 1);
	close(f);

	zt_ready();
	zt_wait();

	len = uf_recv(dg[1], buf, sizeof(buf), fds, &n);
	zt_check(len == 4 && !memcmp(buf, "sock", 4) && n == 1,
		 "the first datagram is %zu bytes with %d files, not \"sock\" with 1", len, n);
	len = uf_recv(fds[0], buf, sizeof(buf), in, &m);
	zt_check(len == 5 && !memcmp(buf, "inner", 5) && m == 1,
		 "the socket in flight gives %zu bytes with %d files, not \"inner\" with 1", len, m);
	zt_check(read(in[0], &v, 8) == 8 && v == 7, "its eventfd in flight counts %llu, not 7",
		 (unsigned long long)v);
	uf_empty(fds[0], "the socket in flight");
	uf_send(fds[0], "back", 4, NULL, 0);
	zt_check(read(x[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "back", 4),
		 "the held end does not read what the socket in flight sent");
	uf_send(x[0], "fore", 4, NULL, 0);
	zt_check(read(fds[0], buf, sizeof(buf)) == 4 && !memcmp(buf, "fore", 4),
		 "the socket in flight does not read what the held end sent");
	len = uf_recv(dg[1], buf, sizeof(buf), fds + 1, &n);
	zt_check(len == 4 && !memcmp(buf, "file", 4) && n == 1,
		 "the second datagram is %zu bytes with %d files, not \"file\" with 1", len, n);
	zt_check(lseek(fds[1], 0, SEEK_CUR) == 7, "the file in flight is at %ld, not 7",
		 (long)lseek(fds[1], 0, SEEK_CUR));
	zt_check(read(fds[1], buf, 3) == 3 && !memcmp(buf, "hij", 3),
		 "the file in flight reads another file");
	uf_empty(dg[1], "the datagram pair");
	zt_pass();
}
