// SPDX-License-Identifier: GPL-2.0
/*
 * memhold: hold one object a restore could not reopen by path, then sleep:
 * a dump of its CT must be refused, naming the task and the object.
 *   memfd-fd     an fd of a memfd
 *   memfd-map    a shared mapping of a memfd (its fd closed)
 *   deleted-fd   an fd of an unlinked file DIR/del
 *   deleted-map  a private mapping of an unlinked file DIR/delmap (fd closed)
 *   shmanon      MAP_SHARED | MAP_ANONYMOUS memory
 *   sysvshm      an attached SysV shared memory segment
 *   detached     an fd of a file on a tmpfs mounted at DIR/mnt, then detached
 *   outside      chroot into DIR/jail: the CT's init (whose root is the CT's root)
 *                then has an executable and an fd (of DIR/out) outside its root
 * Prints "ready MODE" once it holds it.
 * Usage: memhold MODE DIR
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

static int file_in(const char *dir, const char *name, char *path, size_t len)
{
	int fd;

	snprintf(path, len, "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0 && ftruncate(fd, 4096)) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	const char *mode = argc == 3 ? argv[1] : "", *dir = argc == 3 ? argv[2] : "";
	char path[4096];
	void *p = NULL;
	int fd = 0;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(mode, "memfd-fd")) {
		fd = memfd_create("vzt-memfd", 0);
	} else if (!strcmp(mode, "memfd-map")) {
		fd = memfd_create("vzt-memfd", 0);
		if (fd >= 0 && !ftruncate(fd, 4096))
			p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		close(fd);
	} else if (!strcmp(mode, "deleted-fd")) {
		fd = file_in(dir, "del", path, sizeof(path));
		if (fd >= 0 && unlink(path))
			fd = -1;
	} else if (!strcmp(mode, "deleted-map")) {
		fd = file_in(dir, "delmap", path, sizeof(path));
		if (fd >= 0)
			p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 0);
		if (fd >= 0 && unlink(path))
			p = MAP_FAILED;
		close(fd);
	} else if (!strcmp(mode, "shmanon")) {
		p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	} else if (!strcmp(mode, "sysvshm")) {
		int id = shmget(IPC_PRIVATE, 4096, IPC_CREAT | 0600);

		p = id < 0 ? MAP_FAILED : shmat(id, NULL, 0);
		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
		if (p == (void *)-1)
			p = MAP_FAILED;
	} else if (!strcmp(mode, "detached")) {
		char mnt[4096];

		snprintf(mnt, sizeof(mnt), "%s/mnt", dir);
		mkdir(mnt, 0755);
		if (mount("vzt", mnt, "tmpfs", 0, NULL))
			fd = -1;
		else
			fd = file_in(mnt, "f", path, sizeof(path));
		if (fd >= 0 && umount2(mnt, MNT_DETACH))
			fd = -1;
	} else if (!strcmp(mode, "outside")) {
		fd = file_in(dir, "out", path, sizeof(path));
		snprintf(path, sizeof(path), "%s/jail", dir);
		mkdir(path, 0755);
		if (fd >= 0 && (chroot(path) || chdir("/")))
			fd = -1;
	} else {
		fprintf(stderr, "usage: memhold MODE DIR\n");
		return 2;
	}
	if (fd < 0 || p == MAP_FAILED) {
		printf("FAIL memhold: cannot set up %s\n", mode);
		return 1;
	}
	printf("ready %s\n", mode);
	for (;;)
		pause();
}
