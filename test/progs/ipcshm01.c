// SPDX-License-Identifier: GPL-2.0
/*
 * ipcshm01: a SysV shared memory segment, attached and then IPC_RMID'd (it lives while
 * attached), which a dump must refuse until segments are carried (test 46): says
 * "ready" and waits for a signal; the segment goes with the process.
 */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>
#include <unistd.h>

int main(void)
{
	int id = shmget(IPC_PRIVATE, 8192, 0600);
	char *p = id < 0 ? NULL : shmat(id, NULL, 0);

	if (!p || p == (void *)-1 || shmctl(id, IPC_RMID, NULL) < 0) {
		perror("ipcshm01");
		return 1;
	}
	strcpy(p, "segment");
	printf("ready %d\n", id);
	fflush(stdout);
	pause();
	return 0;
}
