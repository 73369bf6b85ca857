// SPDX-License-Identifier: GPL-2.0
/*
 * sockfilter01: classic BPF socket filters (SO_ATTACH_FILTER) and their lock (SO_LOCK_FILTER)
 * on unix sockets of every shape a dump writes in a group, with what the filters let through
 * queued and not read:
 *   d1, d2  a datagram socketpair(). d1's filter drops a datagram whose first byte is 'x'
 *           ("ldb [0]": a unix socket's filter sees the message itself), locked; d2's keeps
 *           the first 4 bytes of each ("ret #4"), not locked. Queued: "keep-1" for d1
 *           (after "x-drop", dropped), "trun" for d2 (of "truncated")
 *   s1, s2  a stream socketpair(), s1 with d1's program, not locked (a stream's sends do not
 *           go through filters: carried all the same); "stream" queued for s1
 *   l       a stream listener at an abstract name, its filter "ret #-1", locked
 *   c       a client of l's not accepted yet, "ret #-1" too, not locked
 *   b       a datagram socket bound to an abstract name, d1's program, locked; "keep-b"
 *           queued (after "x-b", dropped), sent by u
 *   u       a datagram socket connected one way to b, no filter, locked (SO_LOCK_FILTER alone)
 * Before the checkpoint and after the restore SO_GET_FILTER gives each program back as
 * attached and SO_LOCK_FILTER reads each lock; after the restore the queues hold what they
 * held, and then nothing; the filters still filter ("x-2" dropped and "keep-2" kept by d1 and
 * by b, "abcdefg" read "abcd" by d2); a locked filter refuses a detach (EPERM); d2's detached,
 * it reads "abcdefg" whole; l accepts c.
 */
#include "zdtm.h"

#include <linux/filter.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>

#include "sockfilt.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

enum { D1, D2, S1, S2, L, C, B, U, NSOCK };
static const char *const sname[NSOCK] = { "d1", "d2", "s1", "s2", "l", "c", "b", "u" };
static int sk[NSOCK];

/* ldb [0]; jeq #'x': ret #0, else ret #-1 */
static const struct sock_filter drop_x[] = {
	BPF_STMT(BPF_LD | BPF_B | BPF_ABS, 0),
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 'x', 1, 0),
	BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
	BPF_STMT(BPF_RET | BPF_K, 0),
};

static const struct sock_filter keep4[] = {
	BPF_STMT(BPF_RET | BPF_K, 4),
};

static const struct sock_filter keep_all[] = {
	BPF_STMT(BPF_RET | BPF_K, 0xffffffff),
};

static const struct sf_want want[NSOCK] = {
	[D1] = { drop_x, ARRAY_SIZE(drop_x), 1 },
	[D2] = { keep4, ARRAY_SIZE(keep4), 0 },
	[S1] = { drop_x, ARRAY_SIZE(drop_x), 0 },
	[L] = { keep_all, ARRAY_SIZE(keep_all), 1 },
	[C] = { keep_all, ARRAY_SIZE(keep_all), 0 },
	[B] = { drop_x, ARRAY_SIZE(drop_x), 1 },
	[U] = { NULL, 0, 1 },
};

static int try_opt(int s, int name, const void *v, socklen_t len)
{
	return sf_opt(sk[s], name, v, len);
}

static void check_filter(int s, int detached, const char *when)
{
	sf_check(sk[s], sname[s], &want[s], detached, when);
}

static void send_to(int s, const char *text)
{
	size_t n = strlen(text);

	zt_check(send(sk[s], text, n, 0) == (ssize_t)n, "%s: send of \"%s\": %s", sname[s], text,
		 strerror(errno));
}

/* The next message of @s, there now, must be @text. */
static void expect(int s, const char *text, const char *what)
{
	sf_expect(sk[s], sname[s], text, what);
}

static void none_left(int s, const char *what)
{
	sf_none_left(sk[s], sname[s], what);
}

/* An abstract name of this program's own: "\0sockfilter01.PID.@tag". */
static socklen_t abstract(struct sockaddr_un *a, const char *tag)
{
	memset(a, 0, sizeof(*a));
	a->sun_family = AF_UNIX;
	snprintf(a->sun_path + 1, sizeof(a->sun_path) - 1, "sockfilter01.%d.%s", (int)getpid(),
		 tag);
	return offsetof(struct sockaddr_un, sun_path) + 1 + strlen(a->sun_path + 1);
}

int main(int argc, char **argv)
{
	struct sockaddr_un la, ba;
	socklen_t llen, blen;
	int sv[2], s, zero = 0, err, acc;
	char buf[8];

	zt_init(argc, argv);
	zt_syscall(socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, sv));
	sk[D1] = sv[0];
	sk[D2] = sv[1];
	zt_syscall(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
	sk[S1] = sv[0];
	sk[S2] = sv[1];
	sk[L] = zt_syscall(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	llen = abstract(&la, "l");
	zt_syscall(bind(sk[L], (struct sockaddr *)&la, llen));
	zt_syscall(listen(sk[L], 4));
	sk[C] = zt_syscall(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
	sk[B] = zt_syscall(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	blen = abstract(&ba, "b");
	zt_syscall(bind(sk[B], (struct sockaddr *)&ba, blen));
	sk[U] = zt_syscall(socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0));
	zt_syscall(connect(sk[U], (struct sockaddr *)&ba, blen));
	for (s = 0; s < NSOCK; s++)
		sf_set(sk[s], sname[s], &want[s]);
	/* c's filter is set before its connect: the connection is made as it was. */
	zt_syscall(connect(sk[C], (struct sockaddr *)&la, llen));

	send_to(D2, "x-drop");
	send_to(D2, "keep-1");
	send_to(D1, "truncated");
	send_to(S2, "stream");
	send_to(U, "x-b");
	send_to(U, "keep-b");
	for (s = 0; s < NSOCK; s++)
		check_filter(s, 0, "before the checkpoint");

	zt_ready();
	zt_wait();

	for (s = 0; s < NSOCK; s++)
		check_filter(s, 0, "after the restore");
	expect(D1, "keep-1", "the queued datagram");
	none_left(D1, "after \"keep-1\"");
	expect(D2, "trun", "the queued datagram cut to 4 bytes");
	none_left(D2, "after \"trun\"");
	expect(S1, "stream", "the queued stream");
	none_left(S1, "after \"stream\"");
	none_left(S2, "after the restore");
	expect(B, "keep-b", "the queued datagram");
	none_left(B, "after \"keep-b\"");

	/* The filters still filter. */
	send_to(D2, "x-2");
	send_to(D2, "keep-2");
	expect(D1, "keep-2", "a datagram after the restore");
	none_left(D1, "after \"keep-2\"");
	send_to(D1, "abcdefg");
	expect(D2, "abcd", "a datagram after the restore, cut to 4 bytes");
	send_to(U, "x-2");
	send_to(U, "keep-2");
	expect(B, "keep-2", "a datagram after the restore");
	none_left(B, "after \"keep-2\"");

	/* Locks hold; d2's filter was not locked: it goes, and a datagram comes whole. */
	for (s = 0; s < NSOCK; s++) {
		if (!want[s].locked)
			continue;
		err = try_opt(s, SO_DETACH_FILTER, &zero, sizeof(zero));
		zt_check(err == EPERM, "%s: SO_DETACH_FILTER of its locked filter after the restore: %s",
			 sname[s], err ? strerror(err) : "done");
		check_filter(s, 0, "after the refused detach");
	}
	err = try_opt(D2, SO_DETACH_FILTER, &zero, sizeof(zero));
	zt_check(!err, "d2: SO_DETACH_FILTER after the restore: %s", strerror(err));
	check_filter(D2, 1, "after its detach");
	send_to(D1, "abcdefg");
	expect(D2, "abcdefg", "a datagram after the detach");

	/* l's connection from c is there to accept, and carries data both ways. */
	acc = accept4(sk[L], NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	zt_check(acc >= 0, "l: accept after the restore: %s", strerror(errno));
	send_to(C, "hello");
	zt_check(recv(acc, buf, sizeof(buf), MSG_DONTWAIT) == 5 && !memcmp(buf, "hello", 5),
		 "the accepted socket reads no \"hello\": %s", strerror(errno));
	zt_pass();
}
