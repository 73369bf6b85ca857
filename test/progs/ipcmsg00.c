// SPDX-License-Identifier: GPL-2.0
/*
 * ipcmsg00: SysV message queues of the CT's IPC namespace. One queue with a key and a
 * byte limit of its own holds five messages of three types (text, 1000 patterned bytes,
 * an empty one, msgmax bytes); a private queue, empty, is given to another owner and
 * mode; a third is made under another effective uid and gid. After the restore each
 * queue has its id, key, owners, creator, mode, limit and counts (IPC_STAT), its key
 * finds it, and its messages read back exactly: by type first, then in queue order.
 */
#include "zdtm.h"

#include <sys/ipc.h>
#include <sys/msg.h>

#define NQ	3
#define NMSG	5
#define BIG	8192	/* the default msgmax */

struct m {
	long type;
	char text[BIG];
};

static const struct { long type; int len; } msgs[NMSG] = {
	{ 1, 5 }, { 5, 1000 }, { 2, 0 }, { 1, 6 }, { 3, BIG },
};

static void fill(struct m *m, int i)
{
	int k;

	m->type = msgs[i].type;
	for (k = 0; k < msgs[i].len; k++)
		m->text[k] = (char)(k * 7 + i * 13);
}

static void check_msg(int id, long type, int i)
{
	static struct m got, want;
	ssize_t n;

	n = msgrcv(id, &got, BIG, type, IPC_NOWAIT);
	zt_check(n >= 0, "message %d (type %ld): %s", i, type, strerror(errno));
	fill(&want, i);
	zt_check(got.type == want.type, "message %d has type %ld, not %ld", i, got.type,
		 want.type);
	zt_check(n == msgs[i].len, "message %d has %zd bytes, not %d", i, n, msgs[i].len);
	zt_check(!memcmp(got.text, want.text, n), "message %d's bytes differ", i);
}

int main(int argc, char **argv)
{
	static struct m m;
	struct msqid_ds ds[NQ], now;
	key_t key[NQ] = { 0, IPC_PRIVATE, 0 };
	int id[NQ], i, bytes = 0;

	zt_init(argc, argv);
	key[0] = 0x3e000000 | (getpid() & 0xffff);
	key[2] = 0x3e100000 | (getpid() & 0xffff);
	id[0] = zt_syscall(msgget(key[0], IPC_CREAT | IPC_EXCL | 0620));
	id[1] = zt_syscall(msgget(IPC_PRIVATE, 0600));
	zt_syscall(setegid(4321));
	zt_syscall(seteuid(1234));
	id[2] = zt_syscall(msgget(key[2], IPC_CREAT | IPC_EXCL | 0640));
	zt_syscall(seteuid(0));
	zt_syscall(setegid(0));
	zt_syscall(msgctl(id[0], IPC_STAT, &ds[0]));
	ds[0].msg_qbytes = 12000;	/* below msgmnb: no privilege needed */
	zt_syscall(msgctl(id[0], IPC_SET, &ds[0]));
	zt_syscall(msgctl(id[1], IPC_STAT, &ds[1]));
	ds[1].msg_perm.uid = 1000;
	ds[1].msg_perm.gid = 1001;
	ds[1].msg_perm.mode = 0604;
	zt_syscall(msgctl(id[1], IPC_SET, &ds[1]));
	for (i = 0; i < NMSG; i++) {
		fill(&m, i);
		zt_syscall(msgsnd(id[0], &m, msgs[i].len, IPC_NOWAIT));
		bytes += msgs[i].len;
	}
	m.type = 9;
	zt_syscall(msgsnd(id[2], &m, 3, IPC_NOWAIT));
	for (i = 0; i < NQ; i++)
		zt_syscall(msgctl(id[i], IPC_STAT, &ds[i]));
	zt_check(ds[2].msg_perm.cuid == 1234, "queue 2 was made by %u", ds[2].msg_perm.cuid);
	zt_ready();
	zt_wait();

	for (i = 0; i < NQ; i++) {
		zt_syscall(msgctl(id[i], IPC_STAT, &now));
		zt_check(now.msg_perm.__key == ds[i].msg_perm.__key, "queue %d: key %#x, was %#x", i,
			 now.msg_perm.__key, ds[i].msg_perm.__key);
		zt_check(now.msg_perm.uid == ds[i].msg_perm.uid &&
			 now.msg_perm.gid == ds[i].msg_perm.gid &&
			 now.msg_perm.cuid == ds[i].msg_perm.cuid &&
			 now.msg_perm.cgid == ds[i].msg_perm.cgid,
			 "queue %d: owner %u:%u creator %u:%u, were %u:%u %u:%u", i,
			 now.msg_perm.uid, now.msg_perm.gid, now.msg_perm.cuid, now.msg_perm.cgid,
			 ds[i].msg_perm.uid, ds[i].msg_perm.gid, ds[i].msg_perm.cuid,
			 ds[i].msg_perm.cgid);
		zt_check(now.msg_perm.mode == ds[i].msg_perm.mode, "queue %d: mode %#o, was %#o",
			 i, now.msg_perm.mode, ds[i].msg_perm.mode);
		zt_check(now.msg_qbytes == ds[i].msg_qbytes && now.msg_qnum == ds[i].msg_qnum &&
			 now.__msg_cbytes == ds[i].__msg_cbytes,
			 "queue %d: limit %lu, %lu messages, %lu bytes; were %lu, %lu, %lu", i,
			 now.msg_qbytes, now.msg_qnum, now.__msg_cbytes, ds[i].msg_qbytes,
			 ds[i].msg_qnum, ds[i].__msg_cbytes);
		if (key[i] != IPC_PRIVATE)
			zt_check(msgget(key[i], 0) == id[i], "queue %d: its key finds %d, not %d", i,
				 msgget(key[i], 0), id[i]);
	}
	zt_check(ds[0].__msg_cbytes == (unsigned long)bytes, "queue 0 held %lu bytes, not %d",
		 ds[0].__msg_cbytes, bytes);
	check_msg(id[0], 3, 4);		/* by type: the last one */
	check_msg(id[0], 0, 0);
	check_msg(id[0], 0, 1);
	check_msg(id[0], 0, 2);
	check_msg(id[0], 0, 3);
	zt_check(msgrcv(id[0], &m, BIG, 0, IPC_NOWAIT) < 0 && errno == ENOMSG,
		 "queue 0 holds more than its five messages");
	zt_check(msgrcv(id[2], &m, BIG, 9, IPC_NOWAIT) == 3, "queue 2 lost its message");
	/* Queue 2 is 1234's: a CT's root has no CAP_SYS_ADMIN to remove another's. */
	for (i = 0; i < NQ - 1; i++)
		zt_syscall(msgctl(id[i], IPC_RMID, NULL));
	zt_syscall(seteuid(1234));
	zt_syscall(msgctl(id[2], IPC_RMID, NULL));
	zt_pass();
}
