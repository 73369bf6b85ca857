// SPDX-License-Identifier: GPL-2.0
/*
 * The capabilities a CT's root keeps. Without a user namespace the CT's
 * root is the host's root, checked against the same capabilities: whatever
 * acts beyond the CT's own namespaces (modules, raw I/O, the clock, the
 * kernel log, mounts and sysfs or procfs writes through CAP_SYS_ADMIN,
 * handles on the host's filesystem through CAP_DAC_READ_SEARCH, kexec
 * through CAP_SYS_BOOT, BPF, perf, audit, LSM policy) leaves its bounding
 * set. What is left acts on the CT's own files, processes and namespaces:
 * Docker's default set, plus what LXC and OpenVZ containers commonly use
 * (network administration in the CT's own net namespace, scheduling,
 * resources, IPC, leases, immutable files). Without CAP_SYS_BOOT a reboot
 * still ends the CT, as in Docker's: its init kills every process, its
 * reboot(2) is refused and it exits, which ends the pid namespace (busybox's
 * and systemd's inits do so in a container); only a forced halt -f, which
 * skips init, is refused. With a user namespace every capability is over
 * the CT's own namespaces, kexec is out of reach, and CAP_SYS_BOOT there
 * lets reboot(2) end the pid namespace itself: such a CT keeps it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/capability.h>

#include "ct_caps.h"

#define BIT(n)	(1ULL << (n))

/* Indexed by capability number, as capsh and OpenVZ spell them (without "cap_"). */
static const char *const cap_names[] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};
#define NR_CAPS	(sizeof(cap_names) / sizeof(cap_names[0]))

uint64_t ct_caps_default(int userns)
{
	return (userns ? BIT(CAP_SYS_BOOT) : 0) | BIT(CAP_CHOWN) | BIT(CAP_DAC_OVERRIDE) | BIT(CAP_FOWNER) | BIT(CAP_FSETID) |
	       BIT(CAP_KILL) | BIT(CAP_SETGID) | BIT(CAP_SETUID) | BIT(CAP_SETPCAP) |
	       BIT(CAP_LINUX_IMMUTABLE) | BIT(CAP_NET_BIND_SERVICE) | BIT(CAP_NET_BROADCAST) |
	       BIT(CAP_NET_ADMIN) | BIT(CAP_NET_RAW) | BIT(CAP_IPC_LOCK) | BIT(CAP_IPC_OWNER) |
	       BIT(CAP_SYS_CHROOT) | BIT(CAP_SYS_PTRACE) | BIT(CAP_SYS_NICE) |
	       BIT(CAP_SYS_RESOURCE) | BIT(CAP_SYS_TTY_CONFIG) | BIT(CAP_MKNOD) | BIT(CAP_LEASE) |
	       BIT(CAP_AUDIT_WRITE) | BIT(CAP_SETFCAP);
}

static int cap_by_name(const char *s, size_t len)
{
	size_t i;

	if (len > 4 && !strncasecmp(s, "cap_", 4)) {
		s += 4;
		len -= 4;
	}
	for (i = 0; i < NR_CAPS; i++)
		if (strlen(cap_names[i]) == len && !strncasecmp(cap_names[i], s, len))
			return (int)i;
	return -1;
}

int ct_caps_parse(const char *s, uint64_t *on, uint64_t *off, char *err, size_t errlen)
{
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, " \t,"), name;
		const char *colon = memchr(p, ':', n);
		int cap;

		if (!n) {
			p++;
			continue;
		}
		name = colon ? (size_t)(colon - p) : n;
		cap = cap_by_name(p, name);
		if (cap < 0 || !colon) {
			snprintf(err, errlen, "'%.*s' is not a capability name:on|off (%s)", (int)n, p,
				 cap < 0 ? "unknown capability" : "no :on or :off");
			return -1;
		}
		if (n - name == 3 && !strncasecmp(colon, ":on", 3)) {
			*on |= BIT(cap);
			*off &= ~BIT(cap);
		} else if (n - name == 4 && !strncasecmp(colon, ":off", 4)) {
			*off |= BIT(cap);
			*on &= ~BIT(cap);
		} else {
			snprintf(err, errlen, "'%.*s': a capability is turned :on or :off", (int)n, p);
			return -1;
		}
		p += n;
	}
	return 0;
}

void ct_caps_format(uint64_t on, uint64_t off, char *buf, size_t len)
{
	size_t i, used = 0;

	buf[0] = 0;
	for (i = 0; i < NR_CAPS; i++) {
		int n;

		if (!((on | off) & BIT(i)))
			continue;
		n = snprintf(buf + used, len - used, "%s%s:%s", used ? " " : "", cap_names[i],
			     on & BIT(i) ? "on" : "off");
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

uint64_t ct_caps_bset(uint64_t on, uint64_t off, int userns)
{
	return (ct_caps_default(userns) | on) & ~off;
}

/* The highest capability this kernel knows. */
static int last_cap(void)
{
	FILE *f = fopen("/proc/sys/kernel/cap_last_cap", "re");
	int last = -1;

	if (f) {
		if (fscanf(f, "%d", &last) != 1)
			last = -1;
		fclose(f);
	}
	/* Unknown: every number up to 63 is dropped (EINVAL for those it does not know). */
	return last < 0 || last > 63 ? 63 : last;
}

int ct_caps_confine(uint64_t bset, int all, char *why, size_t len)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int cap, last = last_cap();

	for (cap = 0; cap <= last; cap++) {
		if (bset & BIT(cap))
			continue;
		if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) && errno != EINVAL) {
			snprintf(why, len, "unable to drop capability %d from the bounding set: %s",
				 cap, strerror(errno));
			return -1;
		}
	}
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) && errno != EINVAL) {
		snprintf(why, len, "unable to clear the ambient capabilities: %s", strerror(errno));
		return -1;
	}
	if (syscall(SYS_capget, &h, d)) {
		snprintf(why, len, "capget: %s", strerror(errno));
		return -1;
	}
	for (int i = 0; i < 2; i++) {
		uint32_t keep = (uint32_t)(bset >> (32 * i));

		d[i].inheritable &= keep;
		if (all) {
			d[i].permitted &= keep;
			d[i].effective &= keep;
		}
	}
	if (syscall(SYS_capset, &h, d)) {
		snprintf(why, len, "capset: %s", strerror(errno));
		return -1;
	}
	return 0;
}

int ct_caps_of(pid_t pid, uint64_t *bset)
{
	char path[64], line[256];
	int found = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "CapBnd: %" SCNx64, bset) == 1;
	fclose(f);
	if (!found) {
		errno = ENODATA;
		return -1;
	}
	return 0;
}
