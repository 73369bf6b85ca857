// SPDX-License-Identifier: GPL-2.0
/*
 * ipcshm00: SysV shared memory segments of the CT's IPC namespace (issue 13).
 *  A: a key, 0640, 3 pages and a bit, attached by the parent and (across fork) by a child,
 *     each writing its part (the child has C, D and E attached across fork as well);
 *  B: private, detached, with data, SHM_LOCK'ed, given another owner and mode (IPC_SET);
 *  C: attached and IPC_RMID'd (SHM_DEST: it lives until its last detach). It is made
 *     private: a removed segment's name in /proc/PID/maps (SYSV and its key at shmget())
 *     is not carried, and would read SYSV00000000 after the restore;
 *  D: attached SHM_RDONLY at an address of the program's choosing;
 *  E: 64 MiB with 3 pages written: the rest are holes.
 * After the restore each has its id, key, size, owners, creator, mode (with SHM_DEST and
 * SHM_LOCKED) and nattch (IPC_STAT), its key finds it, its contents are back, the holes of E
 * are still holes (mincore, before anything reads them), D is still read-only (mprotect
 * cannot make it writable), and A is still shared: a write by the parent is seen by the
 * child and one by the child by the parent and by a new shmat(); C goes at its last detach.
 */
#include "zdtm.h"

#include <stdint.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define PG	4096UL
#define A_SZ	(3 * PG + 100)
#define B_SZ	(5 * PG)
#define C_SZ	(2 * PG)
#define D_SZ	PG
#define E_SZ	(64UL << 20)
#define NSEG	5

struct seg {
	const char *name;
	key_t key;
	int id;
	unsigned long nattch;	/* expected after the restore */
	struct shmid_ds ds;
};

static struct seg segs[NSEG];

static void stat_seg(struct seg *s, struct shmid_ds *ds)
{
	zt_syscall(shmctl(s->id, IPC_STAT, ds));
}

static void check_seg(struct seg *s)
{
	struct shmid_ds ds;

	stat_seg(s, &ds);
	zt_check(ds.shm_perm.__key == s->ds.shm_perm.__key, "%s: key %#x, was %#x", s->name,
		 ds.shm_perm.__key, s->ds.shm_perm.__key);
	zt_check(ds.shm_perm.uid == s->ds.shm_perm.uid && ds.shm_perm.gid == s->ds.shm_perm.gid,
		 "%s: owner %u:%u, was %u:%u", s->name, ds.shm_perm.uid, ds.shm_perm.gid,
		 s->ds.shm_perm.uid, s->ds.shm_perm.gid);
	zt_check(ds.shm_perm.cuid == s->ds.shm_perm.cuid &&
		 ds.shm_perm.cgid == s->ds.shm_perm.cgid, "%s: creator %u:%u, was %u:%u",
		 s->name, ds.shm_perm.cuid, ds.shm_perm.cgid, s->ds.shm_perm.cuid,
		 s->ds.shm_perm.cgid);
	zt_check(ds.shm_perm.mode == s->ds.shm_perm.mode, "%s: mode %#o, was %#o", s->name,
		 ds.shm_perm.mode, s->ds.shm_perm.mode);
	zt_check(ds.shm_segsz == s->ds.shm_segsz, "%s: %zu bytes, was %zu", s->name,
		 ds.shm_segsz, s->ds.shm_segsz);
	zt_check(ds.shm_nattch == s->nattch, "%s: attached %lu times, not %lu", s->name,
		 (unsigned long)ds.shm_nattch, s->nattch);
	if (s->key != IPC_PRIVATE)
		zt_check(shmget(s->key, 0, 0) == s->id, "%s: key %#x finds %d, not %d", s->name,
			 s->key, shmget(s->key, 0, 0), s->id);
}

static void fill(uint8_t *p, unsigned long len, uint8_t seed)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		p[i] = (uint8_t)(seed + i / 61);
}

static void expect(const uint8_t *p, unsigned long len, uint8_t seed, const char *what)
{
	unsigned long i;

	for (i = 0; i < len; i++)
		zt_check(p[i] == (uint8_t)(seed + i / 61), "%s: byte %lu is %#x, not %#x", what, i,
			 p[i], (uint8_t)(seed + i / 61));
}

static void *attach(int id, const void *at, int flags)
{
	void *p = shmat(id, at, flags);

	zt_check(p != (void *)-1, "shmat %d: %s", id, strerror(errno));
	return p;
}

/* The child: writes its part of A, and after the restore sees the parent's. */
static pid_t child(uint8_t *a, int *ready)
{
	pid_t pid = zt_syscall(fork());

	if (pid)
		return pid;
	fill(a + PG, PG, 0x40);
	zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
	zt_wait();
	expect(a, PG, 0x10, "A, the parent's part, in the child");
	expect(a + PG, PG, 0x40, "A, the child's part, in the child");
	zt_check(a[2 * PG] == 0x77, "A: the child sees %#x, not the parent's write after the restore",
		 a[2 * PG]);
	a[2 * PG + 1] = 0x55;
	exit(0);
}

int main(int argc, char **argv)
{
	uint8_t *a, *c, *d, *e, *p, buf[E_SZ / PG];
	unsigned long i, resident;
	int ready[2];
	pid_t kid;
	char ch;

	zt_init(argc, argv);
	segs[0] = (struct seg){ .name = "A", .key = 0x5a000000 | (getpid() & 0xffff), .nattch = 2 };
	segs[1] = (struct seg){ .name = "B", .key = IPC_PRIVATE, .nattch = 0 };
	segs[2] = (struct seg){ .name = "C", .key = IPC_PRIVATE, .nattch = 2 };
	segs[3] = (struct seg){ .name = "D", .key = 0x5a100000 | (getpid() & 0xffff), .nattch = 2 };
	segs[4] = (struct seg){ .name = "E", .key = 0x5a200000 | (getpid() & 0xffff), .nattch = 2 };

	segs[0].id = zt_syscall(shmget(segs[0].key, A_SZ, IPC_CREAT | IPC_EXCL | 0640));
	a = attach(segs[0].id, NULL, 0);
	fill(a, PG, 0x10);

	segs[1].id = zt_syscall(shmget(IPC_PRIVATE, B_SZ, 0600));
	p = attach(segs[1].id, NULL, 0);
	fill(p, B_SZ, 0x20);
	zt_syscall(shmdt(p));
	zt_syscall(shmctl(segs[1].id, SHM_LOCK, NULL));
	stat_seg(&segs[1], &segs[1].ds);
	segs[1].ds.shm_perm.uid = 1000;
	segs[1].ds.shm_perm.gid = 1001;
	segs[1].ds.shm_perm.mode = 0604;
	zt_syscall(shmctl(segs[1].id, IPC_SET, &segs[1].ds));

	segs[2].id = zt_syscall(shmget(IPC_PRIVATE, C_SZ, 0600));
	c = attach(segs[2].id, NULL, 0);
	fill(c, C_SZ, 0x30);
	zt_syscall(shmctl(segs[2].id, IPC_RMID, NULL));

	segs[3].id = zt_syscall(shmget(segs[3].key, D_SZ, IPC_CREAT | IPC_EXCL | 0644));
	p = attach(segs[3].id, NULL, 0);
	fill(p, D_SZ, 0x50);
	zt_syscall(shmdt(p));
	d = attach(segs[3].id, (void *)0x5a0000000UL, SHM_RDONLY);

	segs[4].id = zt_syscall(shmget(segs[4].key, E_SZ, IPC_CREAT | IPC_EXCL | 0600));
	e = attach(segs[4].id, NULL, 0);
	e[0] = 1;
	e[1000 * PG] = 2;
	e[E_SZ - 1] = 3;

	zt_syscall(pipe(ready));
	kid = child(a, ready);
	zt_check(read(ready[0], &ch, 1) == 1, "the child did not start");
	for (i = 0; i < NSEG; i++)
		stat_seg(&segs[i], &segs[i].ds);
	zt_check(segs[2].ds.shm_perm.mode & SHM_DEST && segs[2].ds.shm_perm.__key == IPC_PRIVATE,
		 "C: IPC_RMID left mode %#o, key %#x", segs[2].ds.shm_perm.mode,
		 segs[2].ds.shm_perm.__key);
	zt_check(segs[1].ds.shm_perm.mode & SHM_LOCKED, "B: SHM_LOCK left mode %#o",
		 segs[1].ds.shm_perm.mode);
	zt_syscall(mincore(e, E_SZ, buf));
	for (i = resident = 0; i < E_SZ / PG; i++)
		resident += buf[i] & 1;
	zt_check(resident == 3, "E has %lu pages before the dump, not 3", resident);
	zt_ready();
	zt_wait();

	/* The holes first: a read of one would fill it. */
	zt_syscall(mincore(e, E_SZ, buf));
	for (i = resident = 0; i < E_SZ / PG; i++)
		resident += buf[i] & 1;
	zt_check(resident == 3 && buf[0] & 1 && buf[1000] & 1 && buf[E_SZ / PG - 1] & 1,
		 "E has %lu pages after the restore, not its 3", resident);
	zt_check(e[0] == 1 && e[1000 * PG] == 2 && e[E_SZ - 1] == 3, "E: bytes %d %d %d", e[0],
		 e[1000 * PG], e[E_SZ - 1]);
	for (i = 0; i < NSEG; i++)
		check_seg(&segs[i]);
	expect(a, PG, 0x10, "A, the parent's part");
	expect(a + PG, PG, 0x40, "A, the child's part");
	expect(c, C_SZ, 0x30, "C");
	expect(d, D_SZ, 0x50, "D");
	zt_check(mprotect(d, D_SZ, PROT_READ | PROT_WRITE) < 0 && errno == EACCES,
		 "D, attached SHM_RDONLY, could be made writable");
	p = attach(segs[1].id, NULL, SHM_RDONLY);
	expect(p, B_SZ, 0x20, "B");
	zt_syscall(shmdt(p));

	/* Still shared: with the child, and with a new attach. */
	a[2 * PG] = 0x77;
	zt_syscall(kill(kid, SIGTERM));
	zt_reap(kid, "the child");
	zt_check(a[2 * PG + 1] == 0x55, "A: the parent sees %#x, not the child's write",
		 a[2 * PG + 1]);
	p = attach(segs[0].id, NULL, 0);
	zt_check(p[2 * PG] == 0x77 && p[2 * PG + 1] == 0x55, "A: a new attach sees %#x %#x",
		 p[2 * PG], p[2 * PG + 1]);
	zt_syscall(shmdt(p));

	/* C goes with its last mapping (the child's went with it). */
	zt_syscall(shmdt(c));
	zt_check(shmctl(segs[2].id, IPC_STAT, &segs[2].ds) < 0,
		 "C is still there after its last detach");
	zt_syscall(shmdt(a));
	zt_syscall(shmdt(d));
	zt_syscall(shmdt(e));
	zt_syscall(shmctl(segs[0].id, IPC_RMID, NULL));
	zt_syscall(shmctl(segs[1].id, IPC_RMID, NULL));
	zt_syscall(shmctl(segs[3].id, IPC_RMID, NULL));
	zt_syscall(shmctl(segs[4].id, IPC_RMID, NULL));
	zt_pass();
}
