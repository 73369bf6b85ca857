// SPDX-License-Identifier: GPL-2.0
/*
 * fs00: where a task stands. The parent works in DIR/a/b/c with umask 027; a child
 * chroots into DIR/jail and works in /inner there with umask 077; a thread-free child
 * made with CLONE_FS shares the parent's cwd and umask (a later chdir by one moves both).
 * Each checks getcwd, the umask (through a file it creates) and, for the jailed child,
 * that / is the jail (a file only the jail has).
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/stat.h>

static void check_cwd(const char *want, const char *who)
{
	char buf[4096];

	zt_check(getcwd(buf, sizeof(buf)), "%s: getcwd: %s", who, strerror(errno));
	zt_check(!strcmp(buf, want), "%s: cwd is %s, not %s", who, buf, want);
}

static void check_umask(mode_t want, const char *name, const char *who)
{
	struct stat st;
	mode_t now = umask(0);

	umask(now);
	zt_check(now == want, "%s: umask is %03o, not %03o", who, now, want);
	unlink(name);
	close(zt_syscall(open(name, O_CREAT | O_WRONLY, 0777)));
	zt_syscall(stat(name, &st));
	zt_check((st.st_mode & 0777) == (0777 & ~want), "%s: a new file is %03o", who,
		 st.st_mode & 0777);
}

static char shared_stack[65536];
static char abc[4200];

static int shared_fs(void *arg)
{
	(void)arg;
	zt_wait();
	check_cwd(abc, "the CLONE_FS child");
	zt_syscall(chdir(".."));	/* the parent moves too */
	return 0;
}

int main(int argc, char **argv)
{
	char jail[4096];
	int ready[2];
	pid_t jailed, sharer;
	char c;

	zt_init(argc, argv);
	zt_check(getcwd(jail, sizeof(jail) - 16), "getcwd: %s", strerror(errno));
	snprintf(abc, sizeof(abc), "%s/a/b/c", jail);
	strcat(jail, "/jail");
	zt_syscall(mkdir("a", 0755));
	zt_syscall(mkdir("a/b", 0755));
	zt_syscall(mkdir("a/b/c", 0755));
	zt_syscall(mkdir("jail", 0755));
	zt_syscall(mkdir("jail/inner", 0755));
	close(zt_syscall(open("jail/only-in-jail", O_CREAT | O_WRONLY, 0600)));
	zt_syscall(pipe(ready));
	jailed = zt_syscall(fork());
	if (!jailed) {
		zt_syscall(chroot(jail));
		zt_syscall(chdir("/inner"));
		umask(077);
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		check_cwd("/inner", "the jailed child");
		check_umask(077, "f", "the jailed child");
		zt_check(!access("/only-in-jail", F_OK), "the jailed child's root is not the jail");
		exit(0);
	}
	zt_syscall(chdir("a/b/c"));
	umask(027);
	sharer = clone(shared_fs, shared_stack + sizeof(shared_stack), CLONE_FS | SIGCHLD, NULL);
	zt_check(sharer > 0, "clone: %s", strerror(errno));
	zt_check(read(ready[0], &c, 1) == 1, "the jailed child did not start");
	zt_ready();
	zt_wait();
	check_cwd(abc, "the parent");
	check_umask(027, "f", "the parent");
	zt_syscall(kill(sharer, SIGTERM));
	zt_reap(sharer, "the CLONE_FS child");
	*strrchr(abc, '/') = 0;
	check_cwd(abc, "the parent after its CLONE_FS child's chdir");
	zt_syscall(kill(jailed, SIGTERM));
	zt_reap(jailed, "the jailed child");
	zt_pass();
}
