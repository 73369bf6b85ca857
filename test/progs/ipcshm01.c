// SPDX-License-Identifier: GPL-2.0
/*
 * ipcshm01: a SysV shared memory segment attached and then partly unmapped, which is a
 * mapping shmat() does not make: a dump must refuse it, naming the segment and the
 * address (test 46). Says "ready ID ADDR" and waits for a signal; the segment was
 * IPC_RMID'd, and goes with the process.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 3 * 4096, 0600);
	char *p = id < 0 ? NULL : shmat(id, NULL, 0);

	if (!p || p == (void *)-1 || shmctl(id, IPC_RMID, NULL) < 0 ||
	    munmap(p + 2 * 4096, 4096) < 0) {
		perror("ipcshm01");
		return 1;
	}
	strcpy(p, "segment");
	printf("ready %d %p\n", id, (void *)p);
	fflush(stdout);
	pause();
	return 0;
}
