// SPDX-License-Identifier: GPL-2.0
/*
 * personality01: execution domain flags that change what the kernel does. The parent has
 * READ_IMPLIES_EXEC and UNAME26; its child, forked before, ADDR_NO_RANDOMIZE and
 * SHORT_INODE. After the restore each reads back its own personality, and the flags
 * still act: a new PROT_READ mapping of the parent is executable (maps says r-x) and
 * uname() gives it a 2.6 release; the child's mapping stays r--, its release its own.
 */
#include "zdtm.h"

#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/utsname.h>

static void check_exec(int want, const char *who)
{
	char line[512], prot[8] = "";
	unsigned long lo, hi;
	void *p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	FILE *f;

	zt_check(p != MAP_FAILED, "%s: mmap: %s", who, strerror(errno));
	f = fopen("/proc/self/maps", "r");
	zt_check(f, "open /proc/self/maps: %s", strerror(errno));
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, prot) == 3 &&
		    lo <= (unsigned long)p && (unsigned long)p < hi)
			break;
	fclose(f);
	zt_check(!strcmp(prot, want ? "r-xp" : "r--p"), "%s: a PROT_READ mapping is %s", who, prot);
}

static int uname26(void)
{
	struct utsname u;

	zt_syscall(uname(&u));
	return !strncmp(u.release, "2.6.", 4);
}

int main(int argc, char **argv)
{
	int ready[2], p;
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_syscall(personality(ADDR_NO_RANDOMIZE | SHORT_INODE));
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		p = personality(0xffffffff);
		zt_check(p == (ADDR_NO_RANDOMIZE | SHORT_INODE), "the child's personality is %#x", p);
		check_exec(0, "the child");
		zt_check(!uname26(), "the child's release is 2.6");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_syscall(personality(READ_IMPLIES_EXEC | UNAME26));
	zt_check(uname26(), "UNAME26 gives no 2.6 release");
	zt_ready();
	zt_wait();
	p = personality(0xffffffff);
	zt_check(p == (READ_IMPLIES_EXEC | UNAME26), "the parent's personality is %#x", p);
	check_exec(1, "the parent");
	zt_check(uname26(), "the parent's release is not 2.6 any more");
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
