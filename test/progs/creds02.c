// SPDX-License-Identifier: GPL-2.0
/*
 * creds02: filesystem ids apart from the effective ones. The parent stays root with
 * fsuid 1234 and fsgid 4321 (setfsuid/setfsgid); a child with uids 500/501/502 has fsuid
 * 502 (the saved one) and fsgid 77 after setresgid(70, 71, 77). After the restore each
 * finds its ids, and a file it creates belongs to its fsuid and fsgid, not its euid.
 */
#include "zdtm.h"

#include <fcntl.h>
#include <sys/fsuid.h>
#include <sys/stat.h>

static void check(uid_t ru, uid_t eu, uid_t su, uid_t fu, gid_t fg, const char *file)
{
	uid_t r, e, s;
	struct stat st;
	int fd;

	zt_syscall(getresuid(&r, &e, &s));
	zt_check(r == ru && e == eu && s == su, "%s: uids %u/%u/%u", file, r, e, s);
	/* setfsuid() returns the old value whatever it is given. */
	zt_check((uid_t)setfsuid(-1) == fu, "%s: fsuid %d, not %u", file, setfsuid(-1), fu);
	zt_check((gid_t)setfsgid(-1) == fg, "%s: fsgid %d, not %u", file, setfsgid(-1), fg);
	/* A snapshot's image is checked twice: the file of the first check is still there. */
	zt_check(!unlink(file) || errno == ENOENT, "unlink %s: %s", file, strerror(errno));
	fd = zt_syscall(open(file, O_CREAT | O_EXCL | O_WRONLY, 0644));
	zt_syscall(fstat(fd, &st));
	close(fd);
	zt_check(st.st_uid == fu && st.st_gid == fg, "%s belongs to %u:%u, not %u:%u", file,
		 st.st_uid, st.st_gid, fu, fg);
}

int main(int argc, char **argv)
{
	int ready[2];
	pid_t child;
	char c;

	zt_init(argc, argv);
	/* The child creates its file here, as uid 502. */
	zt_syscall(chmod(".", 0777));
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_syscall(setresgid(70, 71, 77));
		zt_syscall(setfsgid(77));
		zt_syscall(setresuid(500, 501, 502));
		setfsuid(502);
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		check(500, 501, 502, 502, 77, "child.file");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	setfsuid(1234);
	setfsgid(4321);
	zt_ready();
	zt_wait();
	check(0, 0, 0, 1234, 4321, "parent.file");
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
