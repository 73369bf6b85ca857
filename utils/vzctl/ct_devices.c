// SPDX-License-Identifier: GPL-2.0
/*
 * The CT's device filter, a BPF_PROG_TYPE_CGROUP_DEVICE program built here
 * as an array of instructions (no BPF compiler needed) and loaded with
 * bpf(2). The kernel runs it on every open and mknod of a device node by a
 * task of the cgroup or below: it returns 1 to allow, 0 to refuse (EPERM).
 * It is a list of rules tried in turn:
 *
 *	type = ctx->access_type & 0xffff, access = ctx->access_type >> 16
 *	if (type == T && major == M && minor == N && !(access & ~allowed))
 *		return 1;
 *	...
 *	return 0;
 *
 * The defaults are what a CT's /dev holds (ct_root.c): null, zero, full,
 * random, urandom, tty, ptmx and the ptys of its devpts (majors 136 to
 * 143). Its /dev/console is the host's /dev/null, so the host's console
 * (5:1) is not among them. A device granted by the config may also be
 * made with mknod; any other mknod of a device node is refused too, so that
 * the CT cannot leave a node of the host's disk in its private area.
 *
 * Attached with BPF_F_ALLOW_MULTI: a CT that is given CAP_SYS_ADMIN may
 * attach its own programs below; all must allow.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <linux/bpf.h>

#include "ct_devices.h"

#define PROG_NAME	"vz_devices"	/* how an earlier filter of ours is found among the attached */
#define ALL_ACCESS	(CT_DEV_MKNOD | CT_DEV_READ | CT_DEV_WRITE)
#define MAX_INSNS	(8 + (CT_MAX_DEVICES + 16) * 6)

static const struct ct_dev_rule defaults[] = {
	{ 'c', 1, 3, ALL_ACCESS }, { 'c', 1, 5, ALL_ACCESS }, { 'c', 1, 7, ALL_ACCESS },
	{ 'c', 1, 8, ALL_ACCESS }, { 'c', 1, 9, ALL_ACCESS }, { 'c', 5, 0, ALL_ACCESS },
	{ 'c', 5, 2, ALL_ACCESS },
	{ 'c', 136, CT_DEV_ANY, ALL_ACCESS }, { 'c', 137, CT_DEV_ANY, ALL_ACCESS },
	{ 'c', 138, CT_DEV_ANY, ALL_ACCESS }, { 'c', 139, CT_DEV_ANY, ALL_ACCESS },
	{ 'c', 140, CT_DEV_ANY, ALL_ACCESS }, { 'c', 141, CT_DEV_ANY, ALL_ACCESS },
	{ 'c', 142, CT_DEV_ANY, ALL_ACCESS }, { 'c', 143, CT_DEV_ANY, ALL_ACCESS },
};
#define NR_DEFAULTS	((int)(sizeof(defaults) / sizeof(defaults[0])))

static int same_devices(const struct ct_dev_rule *a, const struct ct_dev_rule *b)
{
	return a->type == b->type && a->major == b->major && a->minor == b->minor;
}

/* A decimal number 0..4095 (majors) or 0..2^20-1 (minors) of @len characters; -1 if not. */
static int parse_num(const char *s, size_t len, int max)
{
	int n = 0;

	if (!len || len > 7)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		n = n * 10 + (s[i] - '0');
	}
	return n > max ? -1 : n;
}

static int parse_word(const char *w, size_t n, struct ct_dev_rule *r)
{
	const char *f[4];
	size_t l[4];
	int i;

	f[0] = w;
	for (i = 0; i < 3; i++) {
		const char *c = memchr(f[i], ':', n - (size_t)(f[i] - w));

		if (!c)
			return -1;
		l[i] = (size_t)(c - f[i]);
		f[i + 1] = c + 1;
	}
	l[3] = n - (size_t)(f[3] - w);
	if (l[0] != 1 || (f[0][0] != 'c' && f[0][0] != 'b'))
		return -1;
	r->type = f[0][0];
	r->major = parse_num(f[1], l[1], 4095);
	if (l[2] == 3 && !strncmp(f[2], "all", 3)) {
		r->minor = CT_DEV_ANY;
	} else {
		r->minor = parse_num(f[2], l[2], (1 << 20) - 1);
		if (r->minor < 0)
			return -1;
	}
	if (r->major < 0)
		return -1;
	r->access = 0;
	if (l[3] == 4 && !strncmp(f[3], "none", 4))
		return 0;
	if (!l[3])
		return -1;
	for (size_t k = 0; k < l[3]; k++) {
		if (f[3][k] == 'r')
			r->access |= CT_DEV_READ;
		else if (f[3][k] == 'w')
			r->access |= CT_DEV_WRITE;
		else if (f[3][k] != 'q')
			return -1;
	}
	if (r->access)
		r->access |= CT_DEV_MKNOD;
	return 0;
}

int ct_devices_parse(const char *s, struct ct_dev_rule *rules, int *nr, char *err, size_t errlen)
{
	const char *p = s;

	while (*p) {
		size_t n = strcspn(p, " \t");
		struct ct_dev_rule r;
		int i;

		if (!n) {
			p++;
			continue;
		}
		if (parse_word(p, n, &r)) {
			snprintf(err, errlen, "'%.*s' is not c|b:MAJOR:MINOR|all:[r][w][q]|none",
				 (int)n, p);
			return -1;
		}
		for (i = 0; i < *nr && !same_devices(&rules[i], &r); i++)
			;
		if (i == CT_MAX_DEVICES) {
			snprintf(err, errlen, "more than %d device rules", CT_MAX_DEVICES);
			return -1;
		}
		rules[i] = r;
		if (i == *nr)
			(*nr)++;
		p += n;
	}
	return 0;
}

void ct_devices_format(const struct ct_dev_rule *rules, int nr, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = 0;
	for (int i = 0; i < nr; i++) {
		const struct ct_dev_rule *r = &rules[i];
		char minor[16];
		int n;

		if (r->minor == CT_DEV_ANY)
			snprintf(minor, sizeof(minor), "all");
		else
			snprintf(minor, sizeof(minor), "%d", r->minor);
		n = snprintf(buf + used, len - used, "%s%c:%d:%s:%s%s%s", used ? " " : "", r->type,
			     r->major, minor, r->access & CT_DEV_READ ? "r" : "",
			     r->access & CT_DEV_WRITE ? "w" : "", r->access ? "" : "none");
		if (n < 0 || (size_t)n >= len - used)
			return;
		used += (size_t)n;
	}
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						.off = (o), .imm = (i) })
#define LDX_W(d, s, o)	INSN(BPF_LDX | BPF_MEM | BPF_W, d, s, o, 0)
#define MOV_X(d, s)	INSN(BPF_ALU64 | BPF_MOV | BPF_X, d, s, 0, 0)
#define MOV_K(d, i)	INSN(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, i)
#define AND_K(d, i)	INSN(BPF_ALU64 | BPF_AND | BPF_K, d, 0, 0, i)
#define RSH_K(d, i)	INSN(BPF_ALU64 | BPF_RSH | BPF_K, d, 0, 0, i)
#define JNE_K(d, i, o)	INSN(BPF_JMP | BPF_JNE | BPF_K, d, 0, o, i)
#define JSET_K(d, i, o)	INSN(BPF_JMP | BPF_JSET | BPF_K, d, 0, o, i)
#define EXIT()		INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* r2: access, r3: type, r4: major, r5: minor. One rule; its instructions appended at @p[*n]. */
static void emit_rule(struct bpf_insn *p, int *n, const struct ct_dev_rule *r)
{
	int checks = 2 + (r->minor != CT_DEV_ANY) + ((~r->access & ALL_ACCESS) != 0);
	int left = checks + 2;	/* each check jumps past the rest of the rule */

	p[(*n)++] = JNE_K(3, r->type == 'c' ? BPF_DEVCG_DEV_CHAR : BPF_DEVCG_DEV_BLOCK, --left);
	p[(*n)++] = JNE_K(4, r->major, --left);
	if (r->minor != CT_DEV_ANY)
		p[(*n)++] = JNE_K(5, r->minor, --left);
	if (~r->access & ALL_ACCESS)
		p[(*n)++] = JSET_K(2, ~r->access & ALL_ACCESS, --left);
	p[(*n)++] = MOV_K(0, 1);
	p[(*n)++] = EXIT();
}

/* The program: the defaults that @rules do not override, then @rules that allow anything. */
static int build(struct bpf_insn *p, const struct ct_dev_rule *rules, int nr)
{
	int n = 0, i, j;

	p[n++] = LDX_W(2, 1, offsetof(struct bpf_cgroup_dev_ctx, access_type));
	p[n++] = MOV_X(3, 2);
	p[n++] = AND_K(3, 0xffff);
	p[n++] = RSH_K(2, 16);
	p[n++] = LDX_W(4, 1, offsetof(struct bpf_cgroup_dev_ctx, major));
	p[n++] = LDX_W(5, 1, offsetof(struct bpf_cgroup_dev_ctx, minor));
	for (i = 0; i < NR_DEFAULTS; i++) {
		for (j = 0; j < nr && !same_devices(&rules[j], &defaults[i]); j++)
			;
		if (j == nr)
			emit_rule(p, &n, &defaults[i]);
	}
	for (j = 0; j < nr; j++)
		if (rules[j].access)
			emit_rule(p, &n, &rules[j]);
	p[n++] = MOV_K(0, 0);
	p[n++] = EXIT();
	return n;
}

static int sys_bpf(int cmd, union bpf_attr *attr)
{
	return (int)syscall(SYS_bpf, cmd, attr, sizeof(*attr));
}

static int load(const struct bpf_insn *insns, int n, char *log, size_t logsz)
{
	union bpf_attr a;

	memset(&a, 0, sizeof(a));
	a.prog_type = BPF_PROG_TYPE_CGROUP_DEVICE;
	a.insns = (uintptr_t)insns;
	a.insn_cnt = (uint32_t)n;
	a.license = (uintptr_t)"GPL";
	if (log) {
		log[0] = 0;
		a.log_buf = (uintptr_t)log;
		a.log_size = (uint32_t)logsz;
		a.log_level = 1;
	}
	memcpy(a.prog_name, PROG_NAME, sizeof(PROG_NAME));
	return sys_bpf(BPF_PROG_LOAD, &a);
}

/* Load the program; on a refusal, the verifier's last word in @why. */
static int load_prog(const struct bpf_insn *insns, int n, char *why, size_t len)
{
	static char log[65536];
	int fd = load(insns, n, NULL, 0), err;
	char *last;

	if (fd >= 0)
		return fd;
	err = errno;
	if (err == EACCES || err == EINVAL) {
		/* Only now with the verifier's log: it lists every instruction. */
		fd = load(insns, n, log, sizeof(log));
		if (fd >= 0)
			return fd;
		log[sizeof(log) - 1] = 0;
		while (*log && log[strlen(log) - 1] == '\n')
			log[strlen(log) - 1] = 0;
		last = strrchr(log, '\n');
		snprintf(why, len, "unable to load its device filter: %s: %s", strerror(err),
			 last ? last + 1 : log);
		return -1;
	}
	snprintf(why, len, "unable to load its device filter: %s", strerror(err));
	return -1;
}

/* Is program @id one of ours? */
static int ours(uint32_t id, int *fdp)
{
	struct bpf_prog_info info;
	union bpf_attr a;
	int fd;

	memset(&a, 0, sizeof(a));
	a.prog_id = id;
	fd = sys_bpf(BPF_PROG_GET_FD_BY_ID, &a);
	if (fd < 0)
		return 0;
	memset(&info, 0, sizeof(info));
	memset(&a, 0, sizeof(a));
	a.info.bpf_fd = (uint32_t)fd;
	a.info.info_len = sizeof(info);
	a.info.info = (uintptr_t)&info;
	if (sys_bpf(BPF_OBJ_GET_INFO_BY_FD, &a) || strcmp(info.name, PROG_NAME)) {
		close(fd);
		return 0;
	}
	*fdp = fd;
	return 1;
}

int ct_devices_attach(int cgfd, const struct ct_dev_rule *rules, int nr, char *why, size_t len)
{
	static struct bpf_insn insns[MAX_INSNS];
	uint32_t ids[64];
	union bpf_attr a;
	uint32_t nr_old = 0, i;
	int fd, n;

	/* The programs attached so far: ids only, and only of this cgroup's own. */
	memset(&a, 0, sizeof(a));
	a.query.target_fd = (uint32_t)cgfd;
	a.query.attach_type = BPF_CGROUP_DEVICE;
	a.query.prog_ids = (uintptr_t)ids;
	a.query.prog_cnt = sizeof(ids) / sizeof(ids[0]);
	if (sys_bpf(BPF_PROG_QUERY, &a) == 0)
		nr_old = a.query.prog_cnt;

	n = build(insns, rules, nr);
	fd = load_prog(insns, n, why, len);
	if (fd < 0)
		return -1;
	memset(&a, 0, sizeof(a));
	a.target_fd = (uint32_t)cgfd;
	a.attach_bpf_fd = (uint32_t)fd;
	a.attach_type = BPF_CGROUP_DEVICE;
	a.attach_flags = BPF_F_ALLOW_MULTI;
	if (sys_bpf(BPF_PROG_ATTACH, &a)) {
		snprintf(why, len, "unable to attach its device filter to its cgroup: %s",
			 strerror(errno));
		close(fd);
		return -1;
	}
	close(fd);	/* the cgroup holds the program now */
	for (i = 0; i < nr_old && i < sizeof(ids) / sizeof(ids[0]); i++) {
		int old;

		if (!ours(ids[i], &old))
			continue;
		memset(&a, 0, sizeof(a));
		a.target_fd = (uint32_t)cgfd;
		a.attach_bpf_fd = (uint32_t)old;
		a.attach_type = BPF_CGROUP_DEVICE;
		n = sys_bpf(BPF_PROG_DETACH, &a);
		close(old);
		if (n) {
			snprintf(why, len, "unable to detach its former device filter: %s",
				 strerror(errno));
			return -1;
		}
	}
	return 0;
}
