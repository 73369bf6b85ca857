// SPDX-License-Identifier: GPL-2.0
/*
 * ipcsem00: SysV semaphore sets of the CT's IPC namespace. Three sets: one with a key,
 * five semaphores and values up to SEMVMX; a private one given to another owner and mode
 * (IPC_SET); one made under another effective uid and gid, so its creator differs from
 * its owner. After the restore each has its id, key, owners, creator, mode and values
 * (IPC_STAT, GETALL), its key finds it again (semget), and semop works on it: a
 * decrement, a wait-for-zero that would block, an increment.
 */
#include "zdtm.h"

#include <sys/ipc.h>
#include <sys/sem.h>

#define NSETS	3

union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
};

struct set {
	key_t key;
	int id, nsems;
	unsigned short val[5];
	struct semid_ds ds;
};

static void stat_set(struct set *s, struct semid_ds *ds)
{
	union semun u = { .buf = ds };

	zt_syscall(semctl(s->id, 0, IPC_STAT, u));
}

static void set_all(struct set *s)
{
	union semun u = { .array = s->val };

	zt_syscall(semctl(s->id, 0, SETALL, u));
}

static void check_set(struct set *s, int n)
{
	unsigned short got[5] = { 0 };
	union semun u = { .array = got };
	struct semid_ds ds;
	int i;

	stat_set(s, &ds);
	zt_check(ds.sem_perm.__key == s->ds.sem_perm.__key, "set %d: key %#x, was %#x", n,
		 ds.sem_perm.__key, s->ds.sem_perm.__key);
	zt_check(ds.sem_perm.uid == s->ds.sem_perm.uid && ds.sem_perm.gid == s->ds.sem_perm.gid,
		 "set %d: owner %u:%u, was %u:%u", n, ds.sem_perm.uid, ds.sem_perm.gid,
		 s->ds.sem_perm.uid, s->ds.sem_perm.gid);
	zt_check(ds.sem_perm.cuid == s->ds.sem_perm.cuid &&
		 ds.sem_perm.cgid == s->ds.sem_perm.cgid,
		 "set %d: creator %u:%u, was %u:%u", n, ds.sem_perm.cuid, ds.sem_perm.cgid,
		 s->ds.sem_perm.cuid, s->ds.sem_perm.cgid);
	zt_check(ds.sem_perm.mode == s->ds.sem_perm.mode, "set %d: mode %#o, was %#o", n,
		 ds.sem_perm.mode, s->ds.sem_perm.mode);
	zt_check(ds.sem_nsems == (unsigned long)s->nsems, "set %d: %lu semaphores, was %d", n,
		 ds.sem_nsems, s->nsems);
	zt_syscall(semctl(s->id, 0, GETALL, u));
	for (i = 0; i < s->nsems; i++)
		zt_check(got[i] == s->val[i], "set %d: semaphore %d is %u, was %u", n, i, got[i],
			 s->val[i]);
	if (s->key != IPC_PRIVATE)
		zt_check(semget(s->key, 0, 0) == s->id, "set %d: key %#x finds %d, not %d", n,
			 s->key, semget(s->key, 0, 0), s->id);
}

int main(int argc, char **argv)
{
	struct set sets[NSETS] = {
		{ .nsems = 5, .val = { 0, 1, 2, 32767, 7 } },
		{ .key = IPC_PRIVATE, .nsems = 1, .val = { 3 } },
		{ .nsems = 2, .val = { 5, 6 } },
	};
	struct sembuf op;
	union semun u;
	int i;

	zt_init(argc, argv);
	/* Keys of this instance: several may run in one CT, one after another. */
	sets[0].key = 0x5e000000 | (getpid() & 0xffff);
	sets[2].key = 0x5e100000 | (getpid() & 0xffff);
	sets[0].id = zt_syscall(semget(sets[0].key, 5, IPC_CREAT | IPC_EXCL | 0640));
	sets[1].id = zt_syscall(semget(IPC_PRIVATE, 1, 0600));
	zt_syscall(setegid(4321));
	zt_syscall(seteuid(1234));
	sets[2].id = zt_syscall(semget(sets[2].key, 2, IPC_CREAT | IPC_EXCL | 0666));
	zt_syscall(seteuid(0));
	zt_syscall(setegid(0));
	for (i = 0; i < NSETS; i++)
		set_all(&sets[i]);
	stat_set(&sets[1], &sets[1].ds);
	sets[1].ds.sem_perm.uid = 1000;
	sets[1].ds.sem_perm.gid = 1001;
	sets[1].ds.sem_perm.mode = 0604;
	u.buf = &sets[1].ds;
	zt_syscall(semctl(sets[1].id, 0, IPC_SET, u));
	for (i = 0; i < NSETS; i++)
		stat_set(&sets[i], &sets[i].ds);
	zt_check(sets[2].ds.sem_perm.cuid == 1234 && sets[2].ds.sem_perm.uid == 1234,
		 "set 2 was made by %u", sets[2].ds.sem_perm.cuid);
	zt_ready();
	zt_wait();

	for (i = 0; i < NSETS; i++)
		check_set(&sets[i], i);
	op = (struct sembuf){ .sem_num = 3, .sem_op = -1, .sem_flg = IPC_NOWAIT };
	zt_syscall(semop(sets[0].id, &op, 1));
	zt_check(semctl(sets[0].id, 3, GETVAL) == 32766, "semaphore 3 is %d after a decrement",
		 semctl(sets[0].id, 3, GETVAL));
	op = (struct sembuf){ .sem_num = 0, .sem_op = 0, .sem_flg = IPC_NOWAIT };
	zt_check(semop(sets[1].id, &op, 1) < 0 && errno == EAGAIN,
		 "waiting for zero on a semaphore of 3 did not block");
	op = (struct sembuf){ .sem_num = 1, .sem_op = 2, .sem_flg = IPC_NOWAIT };
	zt_syscall(semop(sets[2].id, &op, 1));
	zt_check(semctl(sets[2].id, 1, GETVAL) == 8, "semaphore 1 of set 2 is %d after +2",
		 semctl(sets[2].id, 1, GETVAL));
	/* Set 2 is 1234's: a CT's root has no CAP_SYS_ADMIN to remove another's. */
	for (i = 0; i < NSETS - 1; i++)
		zt_syscall(semctl(sets[i].id, 0, IPC_RMID));
	zt_syscall(seteuid(1234));
	zt_syscall(semctl(sets[2].id, 0, IPC_RMID));
	zt_pass();
}
