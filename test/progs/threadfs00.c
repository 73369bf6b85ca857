// SPDX-License-Identifier: GPL-2.0
/*
 * threadfs00: threads that left the process's fs and fd table (unshare). Thread 1 did
 * unshare(CLONE_FS), moved to DIR/t1 and set umask 077; thread 2 did unshare(CLONE_FILES),
 * opened fd 300 of its own and closed fd 50 in its table; the main thread, with umask 002,
 * then opened fd 301. After the restore each thread has its own: getcwd, the umask (of a
 * file it creates), fd 300 only in thread 2's table, fd 301 and fd 50 only in the main
 * thread's; a chdir of the main thread does not move thread 1.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/stat.h>

static pthread_barrier_t up;
static char top[512];

static int is_open(int fd)
{
	return fcntl(fd, F_GETFD) >= 0;
}

static mode_t mode_of_new(const char *path)
{
	struct stat st;
	int fd;

	/* A snapshot's image is checked twice: the file of the first check is still there. */
	zt_check(!unlink(path) || errno == ENOENT, "unlink %s: %s", path, strerror(errno));
	fd = zt_syscall(open(path, O_CREAT | O_EXCL | O_WRONLY, 0666));

	zt_syscall(fstat(fd, &st));
	close(fd);
	return st.st_mode & 0777;
}

static void check_cwd(const char *sub, const char *who)
{
	char cwd[512], want[600];

	zt_check(getcwd(cwd, sizeof(cwd)), "%s: getcwd: %s", who, strerror(errno));
	snprintf(want, sizeof(want), "%s%s", top, sub);
	zt_check(!strcmp(cwd, want), "%s is in %s, not %s", who, cwd, want);
}

static void *t1(void *arg)
{
	(void)arg;
	zt_syscall(unshare(CLONE_FS));
	zt_syscall(chdir("t1"));
	umask(077);
	pthread_barrier_wait(&up);
	while (!zt_stopped())
		pause();
	pthread_barrier_wait(&up);	/* the main thread moved */
	check_cwd("/t1", "thread 1");
	zt_check(mode_of_new("t1.file") == 0600, "thread 1's umask changed");
	return NULL;
}

static void *t2(void *arg)
{
	int fd;

	(void)arg;
	zt_syscall(unshare(CLONE_FILES));
	fd = zt_syscall(open("t2.dat", O_CREAT | O_RDWR, 0644));
	zt_syscall(dup2(fd, 300));
	close(fd);
	close(50);
	pthread_barrier_wait(&up);
	while (!zt_stopped())
		pause();
	pthread_barrier_wait(&up);
	zt_check(is_open(300) && !is_open(301) && !is_open(50),
		 "thread 2's table: 300 %d, 301 %d, 50 %d", is_open(300), is_open(301), is_open(50));
	return NULL;
}

static void on_usr1(int sig)
{
	(void)sig;
}

int main(int argc, char **argv)
{
	pthread_t a, b;
	sigset_t term;
	int fd;

	zt_init(argc, argv);
	zt_check(getcwd(top, sizeof(top)), "getcwd: %s", strerror(errno));
	zt_syscall(mkdir("t1", 0755));
	zt_syscall(mkdir("main2", 0755));
	umask(002);
	fd = zt_syscall(open("main.dat", O_CREAT | O_RDWR, 0644));
	zt_syscall(dup2(fd, 50));
	close(fd);
	zt_syscall(sigaction(SIGUSR1, &(struct sigaction){ .sa_handler = on_usr1 }, NULL));
	pthread_barrier_init(&up, NULL, 3);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &term, NULL);
	zt_check(!pthread_create(&a, NULL, t1, NULL), "pthread_create");
	zt_check(!pthread_create(&b, NULL, t2, NULL), "pthread_create");
	pthread_sigmask(SIG_UNBLOCK, &term, NULL);
	pthread_barrier_wait(&up);
	fd = zt_syscall(open("main.dat", O_RDWR));
	zt_syscall(dup2(fd, 301));
	close(fd);
	zt_ready();
	zt_wait();
	check_cwd("", "the main thread");
	zt_check(mode_of_new("main.file") == 0664, "the main thread's umask changed");
	zt_check(!is_open(300) && is_open(301) && is_open(50),
		 "the main thread's table: 300 %d, 301 %d, 50 %d", is_open(300), is_open(301),
		 is_open(50));
	zt_syscall(chdir("main2"));
	zt_check(!pthread_kill(a, SIGUSR1) && !pthread_kill(b, SIGUSR1), "pthread_kill");
	pthread_barrier_wait(&up);
	zt_check(!pthread_join(a, NULL) && !pthread_join(b, NULL), "pthread_join");
	check_cwd("/main2", "the main thread");
	zt_pass();
}
