// SPDX-License-Identifier: GPL-2.0
/*
 * procview HOSTPID: what the host sees of a task and all its descendants, in a form that
 * a restore must keep, for test 41 to compare before and after (one process per catalog
 * program, where a shell loop forked several per fd: too slow for a TCG guest).
 * For each task, in the order of the pids its pid namespace gives it:
 *   == NSPID
 *   thread NSPID COMM          each thread, sorted
 *   its maps, but device and inode (a restored file may sit on another inode);
 *   the status fields that hold carried state, the NS* ids as the CT sees them (not SigQ:
 *   it counts the whole user's queued signals);
 *   fd N TARGET               with a [number] in TARGET as [N] (pipe and socket inodes);
 *   its fdinfo lines, sorted, but what a restore cannot keep: mnt_id, ino, an eventfd's
 *   id, a timerfd's time left and count (they run), inotify's ino, sdev and f_handle (the
 *   inode's number in it: a snapshot's files are copies), and a lock's
 *   pid, the host's (the program checks the CT's itself), and its file's inode.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_TASKS	4096
#define MAX_LINES	4096

struct task {
	int host, ns;
};

static int ntasks;
static struct task tasks[MAX_TASKS];

static void die(const char *what)
{
	fprintf(stderr, "procview: %s: %s\n", what, strerror(errno));
	exit(2);
}

/* The last NSpid field of /proc/@host(/task/@tid)/status, or -1 if it is gone. */
static int ns_pid(const char *dir)
{
	char path[256], line[512];
	int v = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/status", dir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *p;

		if (strncmp(line, "NSpid:", 6))
			continue;
		p = strrchr(line, '\t');
		v = atoi(p ? p + 1 : line + 6);
		break;
	}
	fclose(f);
	return v;
}

static void add_tree(int host)
{
	char path[128], buf[65536];
	struct dirent *e;
	DIR *d;
	int i;

	for (i = 0; i < ntasks; i++)
		if (tasks[i].host == host)
			return;
	if (ntasks == MAX_TASKS) {
		fprintf(stderr, "procview: more than %d tasks\n", MAX_TASKS);
		exit(2);
	}
	snprintf(path, sizeof(path), "/proc/%d", host);
	tasks[ntasks].host = host;
	tasks[ntasks].ns = ns_pid(path);
	if (tasks[ntasks].ns < 0)
		return;
	ntasks++;
	snprintf(path, sizeof(path), "/proc/%d/task", host);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d))) {
		char cpath[400], *p, *end;
		FILE *f;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(cpath, sizeof(cpath), "%s/%s/children", path, e->d_name);
		f = fopen(cpath, "r");
		if (!f)
			continue;
		n = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[n] = 0;
		for (p = buf; *p; p = end) {
			long c = strtol(p, &end, 10);

			if (end == p)
				break;
			add_tree((int)c);
		}
	}
	closedir(d);
}

static int by_ns(const void *a, const void *b)
{
	return ((const struct task *)a)->ns - ((const struct task *)b)->ns;
}

static int by_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort and print @n lines, freeing them. */
static void put_sorted(char **lines, int n)
{
	int i;

	qsort(lines, n, sizeof(*lines), by_str);
	for (i = 0; i < n; i++) {
		fputs(lines[i], stdout);
		free(lines[i]);
	}
}

static void threads(const struct task *t)
{
	char path[128], *lines[MAX_LINES];
	struct dirent *e;
	int n = 0;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/task", t->host);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)) && n < MAX_LINES) {
		char dir[400], cpath[420], comm[64] = "";
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", path, e->d_name);
		snprintf(cpath, sizeof(cpath), "%s/comm", dir);
		f = fopen(cpath, "r");
		if (f) {
			if (!fgets(comm, sizeof(comm), f))
				comm[0] = 0;
			fclose(f);
		}
		comm[strcspn(comm, "\n")] = 0;
		if (asprintf(&lines[n], "thread %d %s\n", ns_pid(dir), comm) < 0)
			die("asprintf");
		n++;
	}
	closedir(d);
	put_sorted(lines, n);
}

static void maps(const struct task *t)
{
	char path[64], line[4352];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/maps", t->host);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		char range[64], perms[8], off[32], dev[32], rest[4096] = "";
		unsigned long ino;

		if (sscanf(line, "%63s %7s %31s %31s %lu %4095[^\n]", range, perms, off, dev, &ino,
			   rest) < 5)
			continue;
		printf("%s %s %s %s\n", range, perms, off, rest);
	}
	fclose(f);
}

static const char *const status_keys[] = {
	"Name", "Umask", "State", "Uid", "Gid", "Groups", "NStgid", "NSpid", "NSpgid", "NSsid",
	"Threads", "SigPnd", "ShdPnd", "SigBlk", "SigIgn", "SigCgt", "NoNewPrivs", "Seccomp",
	"Seccomp_filters",
	"Cpus_allowed_list",
};

static void status(const struct task *t)
{
	char path[64], line[1024];
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", t->host);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		size_t k = strcspn(line, ":");
		unsigned int i;

		if (!line[k])
			continue;
		for (i = 0; i < sizeof(status_keys) / sizeof(status_keys[0]); i++)
			if (strlen(status_keys[i]) == k && !strncmp(line, status_keys[i], k))
				break;
		if (i == sizeof(status_keys) / sizeof(status_keys[0]) && strncmp(line, "Cap", 3))
			continue;
		if (!strncmp(line, "NS", 2)) {
			char *last = strrchr(line, '\t');

			printf("%.*s: %s", (int)k, line, last ? last + 1 : line + k + 1);
		} else {
			fputs(line, stdout);
		}
	}
	fclose(f);
}

/* A "lock:" line's pid, after its READ or WRITE, as PID, and its inode as INODE. */
static void drop_lock_pid(char *s)
{
	char *p = strstr(s, " WRITE "), *q;

	if (strncmp(s, "lock:", 5))
		return;
	if (!p)
		p = strstr(s, " READ ");
	if (!p)
		return;
	p = strchr(p + 1, ' ') + 1;
	q = p + (*p == '-');
	q += strspn(q, "0123456789");
	if (q == p || *q != ' ')
		return;
	memmove(p + 3, q, strlen(q) + 1);
	memcpy(p, "PID", 3);
	/* Then MAJOR:MINOR:INODE: the snapshot's restore puts back copies of the files. */
	p += 4;
	q = p + strcspn(p, " \n");
	if (q == p || !memchr(p, ':', q - p))
		return;
	memmove(p + 5, q, strlen(q) + 1);
	memcpy(p, "INODE", 5);
}

/* @s without " KEY:hexdigits" (KEY with its leading space). */
static void drop_field(char *s, const char *key)
{
	char *p = strstr(s, key), *q;

	if (!p)
		return;
	q = p + strlen(key);
	while (isxdigit((unsigned char)*q))
		q++;
	memmove(p, q, strlen(q) + 1);
}

static const char *const fdinfo_dropped[] = { "mnt_id:", "ino:", "eventfd-id:", "it_value:",
					      "ticks:" };

static void fdinfo(const struct task *t, int fd)
{
	char path[96], line[1024], *lines[MAX_LINES];
	int n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/fdinfo/%d", t->host, fd);
	f = fopen(path, "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f) && n < MAX_LINES) {
		unsigned int i;

		for (i = 0; i < sizeof(fdinfo_dropped) / sizeof(fdinfo_dropped[0]); i++)
			if (!strncmp(line, fdinfo_dropped[i], strlen(fdinfo_dropped[i])))
				break;
		if (i < sizeof(fdinfo_dropped) / sizeof(fdinfo_dropped[0]))
			continue;
		drop_field(line, " ino:");
		drop_field(line, " sdev:");
		drop_field(line, " f_handle:");
		drop_lock_pid(line);
		lines[n] = strdup(line);
		if (!lines[n])
			die("strdup");
		n++;
	}
	fclose(f);
	put_sorted(lines, n);
}

static int by_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void fds(const struct task *t)
{
	static int nums[1 << 16];
	char path[64];
	struct dirent *e;
	int n = 0, i;
	DIR *d;

	snprintf(path, sizeof(path), "/proc/%d/fd", t->host);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)) && n < (int)(sizeof(nums) / sizeof(nums[0])))
		if (e->d_name[0] != '.')
			nums[n++] = atoi(e->d_name);
	closedir(d);
	qsort(nums, n, sizeof(nums[0]), by_int);
	for (i = 0; i < n; i++) {
		char lpath[96], target[4096], out[4096], *p, *o = out;
		ssize_t len;

		snprintf(lpath, sizeof(lpath), "%s/%d", path, nums[i]);
		len = readlink(lpath, target, sizeof(target) - 1);
		if (len < 0)
			continue;
		target[len] = 0;
		/* "[123]" as "[N]": a pipe's or socket's inode number. */
		for (p = target; *p; ) {
			size_t digits = *p == '[' ? strspn(p + 1, "0123456789") : 0;

			if (digits && p[1 + digits] == ']') {
				o += sprintf(o, "[N]");
				p += digits + 2;
			} else {
				*o++ = *p++;
			}
		}
		*o = 0;
		printf("fd %d %s\n", nums[i], out);
		fdinfo(t, nums[i]);
	}
}

int main(int argc, char **argv)
{
	int i;

	if (argc != 2) {
		fprintf(stderr, "usage: procview HOSTPID\n");
		return 2;
	}
	add_tree(atoi(argv[1]));
	if (!ntasks) {
		printf("no task %s\n", argv[1]);
		return 0;
	}
	qsort(tasks, ntasks, sizeof(tasks[0]), by_ns);
	for (i = 0; i < ntasks; i++) {
		printf("== %d\n", tasks[i].ns);
		threads(&tasks[i]);
		maps(&tasks[i]);
		status(&tasks[i]);
		fds(&tasks[i]);
	}
	return ferror(stdout) || fflush(stdout) ? 1 : 0;
}
