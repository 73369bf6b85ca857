// SPDX-License-Identifier: GPL-2.0
/*
 * caps00: capability state beyond the three sets. The parent (root) drops CAP_MKNOD from
 * its bounding set, makes CAP_NET_RAW and CAP_SYS_NICE inheritable, raises CAP_NET_RAW in
 * its ambient set, and sets securebits KEEP_CAPS, NO_CAP_AMBIENT_RAISE and NOROOT with
 * NOROOT locked. A child forked after it becomes uid 1000 keeping its permitted set
 * (KEEP_CAPS), its effective set emptied and its ambient set cleared by the change of uid.
 * After the restore each has its sets, bounding set, ambient set and securebits as they
 * were; the locks still hold (NOROOT cannot be cleared, no ambient raise) and the child can
 * still make a permitted capability effective.
 */
#include "zdtm.h"

#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#define BITS	(SECBIT_KEEP_CAPS | SECBIT_NO_CAP_AMBIENT_RAISE | SECBIT_NOROOT | SECBIT_NOROOT_LOCKED)
#define C(n)	(1ULL << (n))

struct caps {
	unsigned long long eff, prm, inh, bset, amb;
	int secure;
};

static void get_sets(unsigned long long *eff, unsigned long long *prm, unsigned long long *inh)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2];

	zt_syscall(syscall(SYS_capget, &h, d));
	*eff = d[0].effective | (unsigned long long)d[1].effective << 32;
	*prm = d[0].permitted | (unsigned long long)d[1].permitted << 32;
	*inh = d[0].inheritable | (unsigned long long)d[1].inheritable << 32;
}

static void set_sets(unsigned long long eff, unsigned long long prm, unsigned long long inh)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = {
		{ (__u32)eff, (__u32)prm, (__u32)inh },
		{ (__u32)(eff >> 32), (__u32)(prm >> 32), (__u32)(inh >> 32) },
	};

	zt_syscall(syscall(SYS_capset, &h, d));
}

static void read_caps(struct caps *c)
{
	int i, r;

	get_sets(&c->eff, &c->prm, &c->inh);
	c->bset = c->amb = 0;
	for (i = 0; i <= CAP_LAST_CAP; i++) {
		r = prctl(PR_CAPBSET_READ, i);
		if (r < 0)
			break;	/* a capability this kernel does not know */
		c->bset |= (unsigned long long)r << i;
		if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, i, 0, 0) == 1)
			c->amb |= C(i);
	}
	c->secure = (int)zt_syscall(prctl(PR_GET_SECUREBITS));
}

static void compare(const struct caps *was, const char *who)
{
	struct caps now;

	read_caps(&now);
	zt_check(now.eff == was->eff && now.prm == was->prm && now.inh == was->inh,
		 "%s: sets %#llx/%#llx/%#llx, not %#llx/%#llx/%#llx", who, now.eff, now.prm,
		 now.inh, was->eff, was->prm, was->inh);
	zt_check(now.bset == was->bset, "%s: bounding set %#llx, not %#llx", who, now.bset,
		 was->bset);
	zt_check(now.amb == was->amb, "%s: ambient set %#llx, not %#llx", who, now.amb, was->amb);
	zt_check(now.secure == was->secure, "%s: securebits %#x, not %#x", who, now.secure,
		 was->secure);
}

int main(int argc, char **argv)
{
	unsigned long long eff, prm, inh;
	struct caps mine, its;
	int ready[2];
	pid_t child;
	char c;

	zt_init(argc, argv);
	get_sets(&eff, &prm, &inh);
	zt_check((prm & (C(CAP_NET_RAW) | C(CAP_SYS_NICE) | C(CAP_SETPCAP) | C(CAP_SETUID))) ==
		 (C(CAP_NET_RAW) | C(CAP_SYS_NICE) | C(CAP_SETPCAP) | C(CAP_SETUID)),
		 "the CT does not give the capabilities this needs (%#llx)", prm);
	zt_syscall(prctl(PR_CAPBSET_DROP, CAP_MKNOD));
	set_sets(eff, prm, inh | C(CAP_NET_RAW) | C(CAP_SYS_NICE));
	zt_syscall(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_NET_RAW, 0, 0));
	zt_syscall(prctl(PR_SET_SECUREBITS, BITS));
	read_caps(&mine);
	zt_check(mine.amb == C(CAP_NET_RAW) && !(mine.bset & C(CAP_MKNOD)) && mine.secure == BITS,
		 "the state was not set up (ambient %#llx, bounding %#llx, securebits %#x)",
		 mine.amb, mine.bset, mine.secure);
	zt_syscall(pipe(ready));
	child = zt_syscall(fork());
	if (!child) {
		zt_syscall(setresuid(1000, 1000, 1000));
		read_caps(&its);
		zt_check(its.prm == mine.prm && !its.eff && !its.amb,
			 "the child's sets after setresuid are %#llx/%#llx/%#llx", its.eff,
			 its.prm, its.amb);
		zt_check(write(ready[1], "r", 1) == 1, "write: %s", strerror(errno));
		zt_wait();
		compare(&its, "the child");
		set_sets(C(CAP_SYS_NICE), its.prm, its.inh);
		get_sets(&eff, &prm, &inh);
		zt_check(eff == C(CAP_SYS_NICE), "the child cannot make CAP_SYS_NICE effective");
		exit(0);
	}
	zt_check(read(ready[0], &c, 1) == 1, "the child did not start");
	zt_ready();
	zt_wait();
	compare(&mine, "the parent");
	zt_check(prctl(PR_SET_SECUREBITS, BITS & ~SECBIT_NOROOT) < 0 && errno == EPERM,
		 "the parent could clear a locked securebit");
	zt_check(prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_NICE, 0, 0) < 0 &&
		 errno == EPERM, "the parent could raise an ambient capability");
	zt_syscall(kill(child, SIGTERM));
	zt_reap(child, "the child");
	zt_pass();
}
