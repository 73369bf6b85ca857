// SPDX-License-Identifier: GPL-2.0
/*
 * creds01: credentials of a task that dropped root. A child sets supplementary groups
 * 100, 200 and 300, real/effective/saved gids 1000/1001/1002 and uids 2000/2001/2002
 * (losing its capabilities), and the parent keeps root with a reduced effective
 * capability set (CAP_CHOWN dropped from it, kept permitted). Each checks its ids,
 * groups and capability sets, and the child that it cannot regain root.
 */
#include "zdtm.h"

#include <grp.h>
#include <linux/capability.h>
#include <sys/syscall.h>

static void caps(struct __user_cap_data_struct *d)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };

	zt_syscall(syscall(SYS_capget, &h, d));
}

static void set_caps(struct __user_cap_data_struct *d)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };

	zt_syscall(syscall(SYS_capset, &h, d));
}

int main(int argc, char **argv)
{
	struct __user_cap_data_struct d[2], was[2];
	gid_t groups[8], want_groups[3] = { 100, 200, 300 };
	uid_t r, e, s;
	gid_t gr, ge, gs;
	int ready[2], n;
	pid_t child;
	char c;

	zt_init(argc, argv);
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_syscall(setgroups(3, want_groups));
		zt_syscall(setresgid(1000, 1001, 1002));
		zt_syscall(setresuid(2000, 2001, 2002));
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		zt_syscall(getresuid(&r, &e, &s));
		zt_check(r == 2000 && e == 2001 && s == 2002, "the child's uids are %u/%u/%u", r, e,
			 s);
		zt_syscall(getresgid(&gr, &ge, &gs));
		zt_check(gr == 1000 && ge == 1001 && gs == 1002, "the child's gids are %u/%u/%u",
			 gr, ge, gs);
		n = zt_syscall(getgroups(8, groups));
		zt_check(n == 3 && groups[0] == 100 && groups[1] == 200 && groups[2] == 300,
			 "the child has %d groups", n);
		caps(d);
		zt_check(!d[0].effective && !d[0].permitted && !d[1].effective && !d[1].permitted,
			 "the child has capabilities %#x/%#x", d[0].effective, d[0].permitted);
		zt_check(setuid(0) < 0, "the child became root again");
		exit(0);
	}
	caps(was);
	d[0] = was[0];
	d[1] = was[1];
	d[0].effective &= ~(1U << CAP_CHOWN);
	set_caps(d);
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	caps(d);
	zt_check(d[0].effective == (was[0].effective & ~(1U << CAP_CHOWN)) &&
		 d[0].permitted == was[0].permitted && d[1].effective == was[1].effective &&
		 d[1].permitted == was[1].permitted && d[0].inheritable == was[0].inheritable,
		 "the parent's capabilities are %#x/%#x, not %#x/%#x", d[0].effective,
		 d[0].permitted, was[0].effective & ~(1U << CAP_CHOWN), was[0].permitted);
	zt_syscall(getresuid(&r, &e, &s));
	zt_check(!r && !e && !s, "the parent's uids are %u/%u/%u", r, e, s);
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
