// SPDX-License-Identifier: GPL-2.0
/*
 * ipcsem01: holds a SEM_UNDO adjustment on a semaphore set, which a dump must refuse
 * (test 46): says "ready" and waits for a signal.
 */
#include <stdio.h>
#include <sys/ipc.h>
#include <sys/sem.h>
#include <unistd.h>

int main(void)
{
	struct sembuf op = { .sem_num = 0, .sem_op = 1, .sem_flg = SEM_UNDO };
	int id = semget(IPC_PRIVATE, 1, 0600);

	if (id < 0 || semop(id, &op, 1) < 0) {
		perror("ipcsem01");
		return 1;
	}
	printf("ready %d\n", id);
	fflush(stdout);
	pause();
	return 0;
}
