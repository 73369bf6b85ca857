// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl set CTID [--hostname H] [--ipadd A]... [--ipdel A|all]... [--ram S]
 * [--nameserver A|inherit]... [--searchdomain D]...
 * [--cpuunits N] [--cpulimit P] [--numproc N] [--onboot yes|no]
 * [--capability NAME:on|off]... [--devices c|b:MAJ:MIN|all:[r][w][q]|none]...
 * [--userpasswd USER:PASSWORD] (a running CT: its own tools set it).
 * [--save]: a running CT gets the change at once (its capabilities at its
 * next start: a bounding set only shrinks); --save writes it to CTID.conf
 * (each key rewritten in place, comments and other keys kept).
 * [--userns yes|no] only for a stopped CT: it shifts the owners of its
 * private area, so USERNS, LOCAL_UID and LOCAL_GID are saved with it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cgroup.h"
#include "ct.h"
#include "ct_caps.h"
#include "ct_file.h"
#include "ct_ifupdown.h"
#include "ct_cmd.h"
#include "ct_devices.h"
#include "ct_dns.h"
#include "ct_userns.h"
#include "ct_userpw.h"
#include "net.h"
#include "util.h"
#include "vzerror.h"

static const char set_usage[] =
	"CTID [--hostname NAME] [--ipadd ADDR]... [--ipdel ADDR|all]... [--ram SIZE]\n"
	"\t[--nameserver ADDR|inherit]... [--searchdomain NAME]...\n"
	"\t[--memory SIZE] [--cpuunits N] [--cpulimit PERCENT] [--numproc N]\n"
	"\t[--onboot yes|no] [--capability NAME:on|off]... [--userns yes|no]\n"
	"\t[--devices c|b:MAJOR:MINOR|all:[r][w][q]|none]... [--userpasswd USER:PASSWORD]\n"
	"\t[--save]";

struct set_opts {
	const char *hostname;
	const char *userpw;
	const char *ipadd[CT_MAX_IPS], *ipdel[CT_MAX_IPS];
	int nr_add, nr_del;
	int has_ns, has_search;
	char nameserver[CT_DNS_LIST_MAX], searchdomain[CT_DNS_LIST_MAX];
	int has_ram, has_cpuunits, has_cpulimit, has_numproc, has_onboot, has_userns, save;
	uint64_t ram;
	unsigned int cpuunits, cpulimit, numproc;
	int onboot, userns;
	int has_caps, nr_devices;
	uint64_t cap_on, cap_off;
	struct ct_dev_rule devices[CT_MAX_DEVICES];
};

static int bad_value(const char *opt, const char *why, int code)
{
	fprintf(stderr, "Error: bad value for --%s: %s\n", opt, why);
	return code;
}

static int parse_set(int argc, char **argv, struct set_opts *o)
{
	static const struct option opts[] = {
		{ "hostname", required_argument, NULL, 'h' },
		{ "ipadd", required_argument, NULL, 'a' },
		{ "ipdel", required_argument, NULL, 'd' },
		{ "nameserver", required_argument, NULL, 'N' },
		{ "searchdomain", required_argument, NULL, 'S' },
		{ "ram", required_argument, NULL, 'r' },
		{ "memory", required_argument, NULL, 'r' },
		{ "cpuunits", required_argument, NULL, 'u' },
		{ "cpulimit", required_argument, NULL, 'l' },
		{ "numproc", required_argument, NULL, 'n' },
		{ "onboot", required_argument, NULL, 'o' },
		{ "capability", required_argument, NULL, 'C' },
		{ "devices", required_argument, NULL, 'D' },
		{ "userns", required_argument, NULL, 'U' },
		{ "userpasswd", required_argument, NULL, 'P' },
		{ "save", no_argument, NULL, 's' },
		{ 0 }
	};
	char why[256];
	int c, idx;

	memset(o, 0, sizeof(*o));
	optind = 2;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "", opts, &idx)) != -1) {
		const char *name = c == '?' ? "" : opts[idx].name;

		switch (c) {
		case 'h':
			if (ctconf_parse_hostname(optarg, why, sizeof(why)))
				return bad_value(name, why, VZ_BADHOSTNAME);
			o->hostname = optarg;
			break;
		case 'a':
			if (ctconf_parse_ip(optarg, why, sizeof(why)))
				return bad_value(name, why, VZ_BADIP);
			if (o->nr_add == CT_MAX_IPS)
				return bad_value(name, "too many addresses", VZ_BADIP);
			o->ipadd[o->nr_add++] = optarg;
			break;
		case 'd':
			if (strcmp(optarg, "all") && ctconf_parse_ip(optarg, why, sizeof(why)))
				return bad_value(name, why, VZ_BADIP);
			if (o->nr_del == CT_MAX_IPS)
				return bad_value(name, "too many addresses", VZ_BADIP);
			o->ipdel[o->nr_del++] = optarg;
			break;
		case 'N':
			if (ct_dns_parse_server(optarg, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			if (ct_dns_list_add(o->nameserver, sizeof(o->nameserver), optarg))
				return bad_value(name, "too many name servers", VZ_INVALID_PARAMETER_VALUE);
			o->has_ns = 1;
			break;
		case 'S':
			if (ct_dns_parse_domain(optarg, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			if (ct_dns_list_add(o->searchdomain, sizeof(o->searchdomain), optarg))
				return bad_value(name, "too many search domains", VZ_INVALID_PARAMETER_VALUE);
			o->has_search = 1;
			break;
		case 'r':
			if (ctconf_parse_size(optarg, &o->ram, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_ram = 1;
			break;
		case 'u':
			if (ctconf_parse_uint(optarg, 8, 500000, &o->cpuunits, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_cpuunits = 1;
			break;
		case 'l':
			if (ctconf_parse_cpulimit(optarg, &o->cpulimit, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_cpulimit = 1;
			break;
		case 'n':
			if (ctconf_parse_count(optarg, CT_NUMPROC_MAX, &o->numproc, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_numproc = 1;
			break;
		case 'o':
			if (ctconf_parse_yesno(optarg, &o->onboot, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_onboot = 1;
			break;
		case 'C':
			if (ct_caps_parse(optarg, &o->cap_on, &o->cap_off, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_caps = 1;
			break;
		case 'D':
			if (ct_devices_parse(optarg, o->devices, &o->nr_devices, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			break;
		case 'U':
			if (ctconf_parse_yesno(optarg, &o->userns, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->has_userns = 1;
			break;
		case 'P':
			if (ct_userpw_parse(optarg, why, sizeof(why)))
				return bad_value(name, why, VZ_INVALID_PARAMETER_VALUE);
			o->userpw = optarg;
			break;
		case 's':
			o->save = 1;
			break;
		default:
			return ct_usage_error("set", set_usage);
		}
	}
	if (optind != argc)
		return ct_usage_error("set", set_usage);
	return 0;
}

/* Apply @o to the settings in @cc (the CT's new state). */
static void merge(struct ctconf *cc, const struct set_opts *o)
{
	if (o->hostname)
		snprintf(cc->hostname, sizeof(cc->hostname), "%s", o->hostname);
	for (int i = 0; i < o->nr_del; i++) {
		if (!strcmp(o->ipdel[i], "all")) {
			cc->nr_ips = 0;
			continue;
		}
		for (int j = 0; j < cc->nr_ips; j++) {
			if (strcmp(cc->ips[j], o->ipdel[i]))
				continue;
			memmove(cc->ips[j], cc->ips[j + 1], (cc->nr_ips - j - 1) * sizeof(cc->ips[0]));
			cc->nr_ips--;
			break;
		}
	}
	for (int i = 0; i < o->nr_add && cc->nr_ips < CT_MAX_IPS; i++) {
		int dup = 0;

		for (int j = 0; j < cc->nr_ips; j++)
			dup |= !strcmp(cc->ips[j], o->ipadd[i]);
		if (!dup)
			snprintf(cc->ips[cc->nr_ips++], sizeof(cc->ips[0]), "%s", o->ipadd[i]);
	}
	if (o->has_ns)
		snprintf(cc->nameserver, sizeof(cc->nameserver), "%s", o->nameserver);
	if (o->has_search)
		snprintf(cc->searchdomain, sizeof(cc->searchdomain), "%s", o->searchdomain);
	if (o->has_ram)
		cc->ram = o->ram;
	if (o->has_cpuunits)
		cc->cpuunits = o->cpuunits;
	if (o->has_cpulimit)
		cc->cpulimit = o->cpulimit;
	if (o->has_numproc)
		cc->numproc = o->numproc;
	if (o->has_onboot)
		cc->onboot = o->onboot;
	cc->cap_on = (cc->cap_on & ~o->cap_off) | o->cap_on;
	cc->cap_off = (cc->cap_off & ~o->cap_on) | o->cap_off;
	for (int i = 0; i < o->nr_devices; i++) {
		char word[64], why[128];

		ct_devices_format(&o->devices[i], 1, word, sizeof(word));
		if (ct_devices_parse(word, cc->devices, &cc->nr_devices, why, sizeof(why)))
			fprintf(stderr, "Warning: CT %u: %s\n", cc->ctid, why);
	}
}

static int set_hostname_in(const struct ctconf *cc, pid_t init)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		/* Only the UTS namespace: this process keeps CAP_SYS_ADMIN, which the CT may not have. */
		if (ct_join_ns(cc->ctid, init, "uts"))
			_exit(1);
		if (sethostname(cc->hostname, strlen(cc->hostname))) {
			fprintf(stderr, "Error: CT %u: sethostname: %s\n", cc->ctid, strerror(errno));
			_exit(1);
		}
		_exit(0);
	}
	return wait_child(pid) ? -1 : 0;
}

static int apply_running(const struct ctconf *old, const struct ctconf *cc,
			 const struct set_opts *o, pid_t init)
{
	struct ct_limits lim = {
		.memory_max = cc->ram, .cpu_pct = cc->cpulimit, .pids_max = cc->numproc,
	};
	char why[512];
	int i, j;

	if (o->hostname && set_hostname_in(cc, init))
		return VZ_SYSTEM_ERROR;
	if (o->has_caps)
		printf("The CT's capabilities change at its next start\n");
	if (o->nr_devices) {
		int cgfd = cg_open(cc->ctid), err;

		err = cgfd < 0 ? (snprintf(why, sizeof(why), "unable to open its cgroup: %s",
					   strerror(-cgfd)), -1) :
		      ct_devices_attach(cgfd, cc->devices, cc->nr_devices, why, sizeof(why));
		if (cgfd >= 0)
			close(cgfd);
		if (err) {
			fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
			return VZ_SYSTEM_ERROR;
		}
	}
	for (i = 0; i < old->nr_ips; i++) {
		for (j = 0; j < cc->nr_ips && strcmp(old->ips[i], cc->ips[j]); j++)
			;
		if (j == cc->nr_ips && net_del_ip(cc->ctid, init, old->ips[i], why, sizeof(why))) {
			fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
			return VZ_CANT_ADDIP;
		}
	}
	for (i = 0; i < cc->nr_ips; i++) {
		for (j = 0; j < old->nr_ips && strcmp(old->ips[j], cc->ips[i]); j++)
			;
		if (j == old->nr_ips && net_add_ip(cc->ctid, init, cc->ips[i], why, sizeof(why))) {
			fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
			return VZ_CANT_ADDIP;
		}
	}
	if (cc->cpuunits) {
		unsigned int w = cc->cpuunits / 10;

		lim.cpu_weight = w < 1 ? 1 : w > 10000 ? 10000 : w;
	}
	if ((o->has_ram || o->has_cpuunits || o->has_cpulimit || o->has_numproc) &&
	    cg_set_limits(cc->ctid, &lim, why, sizeof(why))) {
		fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
		return VZ_RESOURCE_ERROR;
	}
	return 0;
}

static int save(struct ctconf *cc, const struct set_opts *o)
{
	char path[PATH_MAX], val[CT_MAX_IPS * 64 + 1] = "";
	int err = 0;

	if (o->hostname)
		err |= conf_set(cc->ct, "HOSTNAME", cc->hostname);
	if (o->nr_add || o->nr_del) {
		for (int i = 0; i < cc->nr_ips; i++) {
			if (i)
				strcat(val, " ");
			strcat(val, cc->ips[i]);
		}
		err |= conf_set(cc->ct, "IP_ADDRESS", val);
	}
	if (o->has_ns)
		err |= conf_set(cc->ct, "NAMESERVER", cc->nameserver);
	if (o->has_search)
		err |= conf_set(cc->ct, "SEARCHDOMAIN", cc->searchdomain);
	if (o->has_ram) {
		/* OpenVZ's form: PHYSPAGES="barrier:limit" in 4 KiB pages. */
		snprintf(val, sizeof(val), "0:%" PRIu64, (cc->ram + 4095) / 4096);
		err |= conf_set(cc->ct, "PHYSPAGES", cc->ram ? val : "unlimited");
	}
	if (o->has_cpuunits) {
		snprintf(val, sizeof(val), "%u", cc->cpuunits);
		err |= conf_set(cc->ct, "CPUUNITS", val);
	}
	if (o->has_cpulimit) {
		snprintf(val, sizeof(val), "%u", cc->cpulimit);
		err |= conf_set(cc->ct, "CPULIMIT", val);
	}
	if (o->has_numproc) {
		snprintf(val, sizeof(val), "%u:%u", cc->numproc, cc->numproc);
		err |= conf_set(cc->ct, "NUMPROC", cc->numproc ? val : "unlimited");
	}
	if (o->has_onboot)
		err |= conf_set(cc->ct, "ONBOOT", cc->onboot ? "yes" : "no");
	if (o->has_caps) {
		ct_caps_format(cc->cap_on, cc->cap_off, val, sizeof(val));
		err |= conf_set(cc->ct, "CAPABILITY", val);
	}
	if (o->nr_devices) {
		ct_devices_format(cc->devices, cc->nr_devices, val, sizeof(val));
		err |= conf_set(cc->ct, "DEVICES", val);
	}
	ctconf_path(cc->ctid, path, sizeof(path));
	if (!err)
		err = conf_save(cc->ct, path);
	if (err) {
		fprintf(stderr, "Error: CT %u: unable to save %s: %s\n", cc->ctid, path,
			strerror(err < 0 ? -err : ENOMEM));
		return VZ_CONFIG_SAVE_ERROR;
	}
	printf("Saved parameters for CT %u\n", cc->ctid);
	return 0;
}

/*
 * Turn the CT's user namespace on or off: shift its private area's owners
 * into its range of host ids (or back), then save the keys at once, since
 * the files already changed. Turning it on again redoes an interrupted shift.
 */
static int set_userns(struct ctconf *cc, int on)
{
	char why[PATH_MAX + 128], val[16];
	int err = 0;

	if (on || cc->userns) {
		printf("%s the owners of %s\n", on ? "Shifting" : "Shifting back", cc->ve_private);
		if (ct_userns_shift(cc->ve_private, cc->local_uid, cc->local_gid, on, why,
				    sizeof(why))) {
			fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
			return VZ_SYSTEM_ERROR;
		}
	}
	cc->userns = on;
	err |= conf_set(cc->ct, "USERNS", on ? "yes" : "no");
	snprintf(val, sizeof(val), "%u", cc->local_uid);
	err |= conf_set(cc->ct, "LOCAL_UID", val);
	snprintf(val, sizeof(val), "%u", cc->local_gid);
	err |= conf_set(cc->ct, "LOCAL_GID", val);
	if (!err)
		err = conf_save(cc->ct, cc->conf_file);
	if (err) {
		fprintf(stderr, "Error: CT %u: unable to save %s: %s\n", cc->ctid, cc->conf_file,
			strerror(err < 0 ? -err : ENOMEM));
		return VZ_CONFIG_SAVE_ERROR;
	}
	return 0;
}

static int changes_more(const struct set_opts *o)
{
	return o->hostname || o->nr_add || o->nr_del || o->has_ns || o->has_search || o->has_ram || o->has_cpuunits ||
	       o->has_cpulimit || o->has_numproc || o->has_onboot;
}

int cmd_set(int argc, char **argv)
{
	struct ctconf cc, old;
	struct set_opts o;
	int lock, ret;
	pid_t init;

	ret = parse_set(argc, argv, &o);
	if (ret)
		return ret;
	ret = ct_cmd_begin_locked(argc, argv, &cc, &lock);
	if (ret)
		return ret;
	if (!cc.exists) {
		fprintf(stderr, "Error: CT %u does not exist\n", cc.ctid);
		return ct_cmd_end(&cc, lock, VZ_FS_NOPRVT);
	}
	for (int i = 0; i < o.nr_add; i++) {
		unsigned int owner = ct_ip_owner(cc.ctid, o.ipadd[i]);

		if (owner) {
			fprintf(stderr, "Error: CT %u: address %s is in use by CT %u\n", cc.ctid,
				o.ipadd[i], owner);
			return ct_cmd_end(&cc, lock, VZ_IP_INUSE);
		}
	}
	if (o.has_userns) {
		/* Its files change owners: nothing of the CT's may run, suspended or not. */
		ret = ct_need_stopped(&cc);
		if (!ret)
			ret = set_userns(&cc, o.userns);
		if (ret)
			return ct_cmd_end(&cc, lock, ret);
	}
	old = cc;
	merge(&cc, &o);
	init = ct_running_init(cc.ctid);
	/* OpenVZ started a stopped CT for it; here its tools run only in a running CT. */
	if (o.userpw && !init) {
		fprintf(stderr, "Error: CT %u is not running: --userpasswd runs the CT's own useradd and chpasswd, start it first\n",
			cc.ctid);
		return ct_cmd_end(&cc, lock, VZ_VE_NOT_RUNNING);
	}
	if (init)
		ret = apply_running(&old, &cc, &o, init);
	if (!ret && o.hostname && (o.save || init) &&
	    ct_write_hostname(cc.ve_private, cc.hostname)) {
		fprintf(stderr, "Error: CT %u: unable to write its /etc/hostname: %s\n", cc.ctid,
			ct_file_strerror(errno));
		ret = VZ_SYSTEM_ERROR;
	}
	if (!ret && (o.has_ns || o.has_search) && (o.save || init) &&
	    ct_dns_write(cc.ve_private, o.has_ns ? cc.nameserver : NULL,
			 o.has_search ? cc.searchdomain : NULL)) {
		fprintf(stderr, "Error: CT %u: unable to write its /etc/resolv.conf: %s\n", cc.ctid,
			ct_file_strerror(errno));
		ret = VZ_SYSTEM_ERROR;
	}
	if (!ret && (o.nr_add || o.nr_del) && (o.save || init) &&
	    ct_ifupdown_write(cc.ve_private, cc.ctid, (const char (*)[64])cc.ips, cc.nr_ips)) {
		fprintf(stderr, "Error: CT %u: unable to write its /%s: %s\n", cc.ctid,
			CT_IFUPDOWN_FILE, ct_file_strerror(errno));
		ret = VZ_SYSTEM_ERROR;
	}
	if (!ret && o.userpw)
		ret = ct_userpw_set(cc.ctid, init, o.userpw);
	if (!ret && o.save)
		ret = save(&cc, &o);
	/* --userns alone saved what it changed. */
	if (!ret && !o.save && !init && !(o.has_userns && !changes_more(&o)))
		printf("WARNING: Settings were not saved and will be reset on the next start "
		       "(use --save)\n");
	return ct_cmd_end(&cc, lock, ret);
}
