// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl chkpnt CTID [--dumpfile F]: suspend, dump, kill. Staged, each a
 * separate invocation joining the CT's context in the kernel:
 *   --suspend            create the context, freeze the CT, leave the context parked
 *   --dump [--dumpfile F] write the image of the suspended CT
 *   --kill               kill the dumped CT and clean it up as `vzctl stop` does
 *   --resume             let the suspended CT run again
 * The image goes to a temporary file next to its final name and is renamed
 * into place once complete and synced: a failed dump never leaves a partial
 * or changed dump file. "--dumpfile -" streams it to standard output.
 *
 * --keep-running (with neither stage option) resumes the CT after the dump
 * instead of killing it: a snapshot in one invocation, the CT frozen for
 * the suspend, the dump and the resume alone (the staged --suspend, --dump,
 * --resume add two vzctl starts to the freeze).
 *
 * --iterative (with neither stage option) pre-copies first: passes of the
 * running CT's memory into the dump file, each only what was written since
 * the one before, until a pass is small or stops shrinking; then the CT is
 * suspended and dumped, and the image refers to the pages the passes hold.
 * The CT is frozen only for that last part (and briefly in each pass).
 *
 * --iterative --suspend [--dumpfile F] makes the passes and leaves the CT
 * suspended: they are the start of the image that --dump then finishes,
 * in the same stream (vzmigrate's: the passes cross to the destination
 * while the CT runs, then the private area's final sync, then the dump) or
 * appended to the same file, which becomes F only once the dump is whole.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <linux/vzcpt.h>

#include "cpt.h"
#include "ctconf.h"
#include "cpt_ct.h"
#include "ct.h"
#include "ct_cmd.h"
#include "ct_mounts.h"
#include "util.h"
#include "vzerror.h"

enum chkpnt_stage { STAGE_ALL, STAGE_SUSPEND, STAGE_DUMP, STAGE_KILL, STAGE_RESUME };

struct chkpnt {
	unsigned int ctid;
	enum chkpnt_stage stage;
	const char *dumpfile;		/* NULL: $DUMPDIR/Dump.CTID */
	char path[PATH_MAX];		/* where the image goes */
	char tmp[PATH_MAX];		/* written here, renamed to path; "" when direct */
	int dumpfd;
	int fd;				/* /proc/cpt */
	int iterative;			/* pre-copy passes before the suspend */
	int keep_running;		/* resume after the dump, not kill */
	FILE *msg;			/* progress: stdout, stderr when stdout is the image */
};

/*
 * SIGINT, SIGTERM or SIGHUP while we hold the CT: caught (without
 * SA_RESTART, so a dump into a pipe returns at once) and acted on between
 * stages: the CT is resumed, the temporary file removed, the old dump kept.
 */
static volatile sig_atomic_t chkpnt_signal;

static void chkpnt_on_signal(int sig)
{
	chkpnt_signal = sig;
}

static void chkpnt_catch_signals(void)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	struct sigaction sa = { .sa_handler = chkpnt_on_signal }, old;

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		/* One ignored when we start (nohup, a script's background job) stays ignored. */
		if (sigaction(sigs[i], NULL, &old) || (old.sa_handler != SIG_IGN &&
						       sigaction(sigs[i], &sa, NULL)))
			fprintf(stderr, "Warning: cannot catch signal %d: %s\n", sigs[i],
				strerror(errno));
}

/* Stop here if a signal came: the caller undoes what was done. */
static int chkpnt_interrupted(struct chkpnt *c)
{
	if (!chkpnt_signal)
		return 0;
	fprintf(stderr, "Error: checkpoint of CT %u interrupted by signal %d (%s)\n", c->ctid,
		(int)chkpnt_signal, strsignal(chkpnt_signal));
	return VZ_CHKPNT_ERROR;
}

/* Print the kernel's reason for @err (or strerror) and give the checkpoint error code. */
static int chkpnt_failed(struct chkpnt *c, int err)
{
	char why[VZCPT_ERRMSG_LEN];

	fprintf(stderr, "Error: checkpoint of CT %u failed: %s\n", c->ctid,
		cpt_explain(c->fd, err, why, sizeof(why)));
	return VZ_CHKPNT_ERROR;
}

/* Open /proc/cpt and check the module speaks our ABI. */
static int chkpnt_open(struct chkpnt *c)
{
	unsigned int abi;
	int err;

	c->fd = cpt_open(PROC_CPT);
	if (c->fd == -ENOENT) {
		fprintf(stderr, "Error: No checkpointing support is available, unable to open "
			PROC_CPT "\n(is vzcpt loaded? try: service vz init)\n");
		return VZ_CHKPNT_ERROR;
	}
	if (c->fd < 0) {
		fprintf(stderr, "Error: unable to open " PROC_CPT ": %s\n", strerror(-c->fd));
		return VZ_CHKPNT_ERROR;
	}
	err = cpt_get_abi(c->fd, &abi);
	if (err || abi != VZCPT_ABI_VERSION) {
		fprintf(stderr, "Error: the vzcpt module speaks checkpoint ABI %u, this vzctl %u\n",
			err ? 0 : abi, VZCPT_ABI_VERSION);
		return VZ_CHKPNT_ERROR;
	}
	return 0;
}

/*
 * Where the image goes: standard output, a special file as it is (a pipe,
 * a device), or a regular file by way of a temporary next to it.
 */
static int chkpnt_dump_path(struct chkpnt *c)
{
	char dir[PATH_MAX];

	if (c->dumpfile && !strcmp(c->dumpfile, "-")) {
		c->msg = stderr;
		return 0;
	}
	if (c->dumpfile) {
		snprintf(c->path, sizeof(c->path), "%s", c->dumpfile);
	} else {
		cpt_dumpdir(dir, sizeof(dir));
		if (mkdir_parents(dir, 0700)) {
			fprintf(stderr, "Error: unable to create the dump directory %s: %s\n", dir,
				strerror(errno));
			return VZ_CHKPNT_ERROR;
		}
		if (snprintf(c->path, sizeof(c->path), "%s/Dump.%u", dir, c->ctid) >=
		    (int)sizeof(c->path)) {
			fprintf(stderr, "Error: the dump directory name is too long: %s\n", dir);
			return VZ_CHKPNT_ERROR;
		}
	}
	return 0;
}

static int chkpnt_open_dump(struct chkpnt *c)
{
	struct stat st;
	int ret = chkpnt_dump_path(c);

	if (ret)
		return ret;
	if (c->dumpfile && !strcmp(c->dumpfile, "-")) {
		c->dumpfd = STDOUT_FILENO;
		c->msg = stderr;
		return 0;
	}
	if (!stat(c->path, &st) && !S_ISREG(st.st_mode)) {
		c->dumpfd = open(c->path, O_WRONLY | O_CLOEXEC);
		if (c->dumpfd < 0)
			goto fail;
		return 0;
	}
	if (snprintf(c->tmp, sizeof(c->tmp), "%s.XXXXXX", c->path) >= (int)sizeof(c->tmp)) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	c->dumpfd = mkostemp(c->tmp, O_CLOEXEC);
	if (c->dumpfd < 0) {
		c->tmp[0] = 0;
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "Error: unable to create the dump file %s: %s\n", c->path, strerror(errno));
	return VZ_CHKPNT_ERROR;
}

/* A complete image: sync it and put it in place of the old one. */
static int chkpnt_commit_dump(struct chkpnt *c)
{
	char dir[PATH_MAX], *slash;
	int dfd;

	if (!c->tmp[0])
		return 0;
	if (fsync(c->dumpfd) || rename(c->tmp, c->path)) {
		fprintf(stderr, "Error: unable to write the dump file %s: %s\n", c->path,
			strerror(errno));
		return VZ_CHKPNT_ERROR;
	}
	c->tmp[0] = 0;
	snprintf(dir, sizeof(dir), "%s", c->path);
	slash = strrchr(dir, '/');
	if (slash)
		*(slash == dir ? slash + 1 : slash) = 0;
	dfd = open(slash ? dir : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	return 0;
}

static void chkpnt_drop_dump(struct chkpnt *c)
{
	if (c->tmp[0])
		unlink(c->tmp);
	c->tmp[0] = 0;
}

/*
 * Where the passes of --iterative --suspend went, for the --dump that
 * finishes their image: VZ_RUN_DIR/CTID.precopy, two lines, the dump
 * file's name ("-" for standard output) and the temporary file the image
 * grows in until it is whole ("" when it is written directly). It goes
 * when the CT is resumed or killed.
 */
static void precopy_record(unsigned int ctid, char *buf, size_t len)
{
	snprintf(buf, len, VZ_RUN_DIR "/%u.precopy", ctid);
}

static const char *chkpnt_name(const struct chkpnt *c)
{
	return c->dumpfile && !strcmp(c->dumpfile, "-") ? "-" : c->path;
}

static int precopy_save(const struct chkpnt *c)
{
	char rec[64];
	FILE *f;
	int bad;

	precopy_record(c->ctid, rec, sizeof(rec));
	if (mkdir_parents(VZ_RUN_DIR, 0755))
		goto fail;
	f = fopen(rec, "we");
	if (!f)
		goto fail;
	bad = fprintf(f, "%s\n%s\n", chkpnt_name(c), c->tmp) < 0;
	if (fclose(f) || bad) {
		unlink(rec);
		goto fail;
	}
	return 0;
fail:
	fprintf(stderr, "Error: unable to record the pre-copy of CT %u in %s: %s\n", c->ctid, rec,
		strerror(errno));
	return VZ_CHKPNT_ERROR;
}

/* The record of CT @ctid's passes into @name and @tmp: 1, or 0 if there is none. */
static int precopy_load(unsigned int ctid, char *name, char *tmp)
{
	char rec[64];
	size_t n;
	FILE *f;
	int ok;

	precopy_record(ctid, rec, sizeof(rec));
	f = fopen(rec, "re");
	if (!f)
		return 0;
	ok = fgets(name, PATH_MAX, f) && fgets(tmp, PATH_MAX, f);
	fclose(f);
	if (!ok)
		return 0;
	n = strlen(name);
	if (n && name[n - 1] == '\n')
		name[n - 1] = 0;
	n = strlen(tmp);
	if (n && tmp[n - 1] == '\n')
		tmp[n - 1] = 0;
	return 1;
}

/* The CT was resumed or killed: its passes are no image's any more. */
static void precopy_forget(unsigned int ctid)
{
	char rec[64], name[PATH_MAX], tmp[PATH_MAX];

	if (precopy_load(ctid, name, tmp) && tmp[0])
		unlink(tmp);
	precopy_record(ctid, rec, sizeof(rec));
	unlink(rec);
}

/*
 * A --dump after --iterative --suspend goes where the passes went: the
 * same stream, or the end of the temporary file they are in.
 */
static int chkpnt_open_precopied(struct chkpnt *c, const char *name, const char *tmp)
{
	int ret = chkpnt_dump_path(c);

	if (ret)
		return ret;
	if (strcmp(name, chkpnt_name(c))) {
		fprintf(stderr, "Error: the pre-copy passes of CT %u went to %s: its dump must follow them there (--dumpfile %s)\n",
			c->ctid, name, name);
		return VZ_CHKPNT_ERROR;
	}
	if (!tmp[0])
		return chkpnt_open_dump(c);
	snprintf(c->tmp, sizeof(c->tmp), "%s", tmp);
	c->dumpfd = open(c->tmp, O_WRONLY | O_CLOEXEC);
	if (c->dumpfd < 0 || lseek(c->dumpfd, 0, SEEK_END) < 0) {
		fprintf(stderr, "Error: unable to append to the pre-copy passes of CT %u in %s: %s\n",
			c->ctid, c->tmp, strerror(errno));
		c->tmp[0] = 0;
		return VZ_CHKPNT_ERROR;
	}
	return 0;
}

/* Write the image of the suspended CT the context holds. */
static int chkpnt_do_dump(struct chkpnt *c)
{
	int err;

	char why[VZCPT_ERRMSG_LEN];
	pid_t init = ct_running_init(c->ctid);
	struct ct_mount *carry;
	size_t nr_carry, i;

	fprintf(c->msg, "\tdump...\n");
	/*
	 * A mount the CT removed or changed, or made of a kind the image does
	 * not carry, cannot come back as it is; those it made that the image
	 * carries the kernel is told of (and checks). The files of its /dev and
	 * /dev/shm tmpfs are the kernel's to carry or refuse (cpt_tmpfs.c).
	 */
	if (init > 0 && ct_mounts_check(c->ctid, init, &carry, &nr_carry, why, sizeof(why))) {
		fprintf(stderr, "Error: checkpoint of CT %u failed: %s\n", c->ctid, why);
		return VZ_CHKPNT_ERROR;
	}
	for (i = 0, err = 0; i < nr_carry && !err; i++)
		err = cpt_add_mount(c->fd, carry[i].kind, carry[i].target, carry[i].source);
	ct_mounts_free_carried(carry, nr_carry);
	if (err)
		return chkpnt_interrupted(c) ?: chkpnt_failed(c, err);
	err = cpt_set_dumpfd(c->fd, c->dumpfd);
	if (!err)
		err = cpt_dump(c->fd);
	if (err)
		return chkpnt_interrupted(c) ?: chkpnt_failed(c, err);
	/* Once renamed into place the dump is made: a later signal no longer undoes it. */
	return chkpnt_interrupted(c) ?: chkpnt_commit_dump(c);
}

static int chkpnt_kill(struct chkpnt *c, pid_t init)
{
	int err;

	fprintf(c->msg, "\tkill...\n");
	err = cpt_kill(c->fd);
	if (err)
		return chkpnt_failed(c, err);
	if (init > 0) {
		err = cpt_ct_after_kill(c->ctid, init);
		if (err) {
			fprintf(stderr, "Error: CT %u was killed but is not gone: %s\n", c->ctid,
				strerror(-err));
			return VZ_CHKPNT_ERROR;
		}
	}
	return 0;
}

/* Create the CT's context: it needs the CT running. */
static int chkpnt_get_context(struct chkpnt *c, pid_t *init)
{
	int err, cgfd;

	*init = ct_running_init(c->ctid);
	if (!*init) {
		fprintf(stderr, "Error: CT %u is not running\n", c->ctid);
		return VZ_VE_NOT_RUNNING;
	}
	cgfd = cpt_ct_cgroup_fd(*init);
	if (cgfd < 0) {
		fprintf(stderr, "Error: unable to open the cgroup of CT %u: %s\n", c->ctid,
			strerror(-cgfd));
		return VZ_CHKPNT_ERROR;
	}
	err = cpt_get_context(c->fd, c->ctid, *init, cgfd);
	close(cgfd);
	return err ? chkpnt_failed(c, err) : 0;
}

/* When pre-copy stops: a pass this small is left for the frozen dump. */
#define PRECOPY_PASSES		8
#define PRECOPY_FEW_PAGES	1000

static double chkpnt_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * Pre-copy passes of the running CT, until one writes few pages (under
 * 1/16 of the first's, or PRECOPY_FEW_PAGES), writes no fewer than the one
 * before, or PRECOPY_PASSES were made.
 */
static int chkpnt_precopy(struct chkpnt *c)
{
	unsigned long long first = 0, prev = 0;
	long page = sysconf(_SC_PAGESIZE);
	struct vzcpt_iter_arg a;
	unsigned int i;
	double t;
	int err;

	err = cpt_set_dumpfd(c->fd, c->dumpfd);
	if (err)
		return chkpnt_failed(c, err);
	for (i = 1; i <= PRECOPY_PASSES; i++) {
		t = chkpnt_now();
		err = cpt_iter(c->fd, &a);
		if (err)
			return chkpnt_interrupted(c) ?: chkpnt_failed(c, err);
		t = chkpnt_now() - t;
		fprintf(c->msg, "\tpre-copy pass %u: %llu pages, %llu bytes, %u address spaces, %.3f ms, frozen %.3f ms\n",
			i, (unsigned long long)a.pages, (unsigned long long)a.pages * page, a.mms,
			t * 1e3, a.frozen_ns / 1e6);
		err = chkpnt_interrupted(c);
		if (err)
			return err;
		if (i == 1)
			first = a.pages;
		if (a.pages < PRECOPY_FEW_PAGES || a.pages < first / 16 || (i > 1 && a.pages >= prev))
			break;
		prev = a.pages;
	}
	return 0;
}

static int chkpnt_all(struct chkpnt *c)
{
	double frozen;
	pid_t init;
	int ret, err;

	/* A CT that is not running is said so before any dump file is made. */
	ret = chkpnt_get_context(c, &init);
	if (ret)
		return ret;
	ret = chkpnt_open_dump(c);
	if (ret)
		return ret;
	fprintf(c->msg, "Setting up checkpoint...\n");
	if (c->iterative) {
		ret = chkpnt_precopy(c);
		if (ret)
			goto out;
	}
	fprintf(c->msg, "\tsuspend...\n");
	frozen = chkpnt_now();
	err = cpt_suspend(c->fd);
	if (err) {
		ret = chkpnt_interrupted(c) ?: chkpnt_failed(c, err);
		goto out;
	}
	ret = chkpnt_interrupted(c) ?: chkpnt_do_dump(c);
	if (!ret && c->iterative && !c->keep_running)
		fprintf(c->msg, "\tfrozen for %.3f s (suspend and final dump)\n",
			chkpnt_now() - frozen);
	if (ret || c->keep_running) {
		/* The CT keeps running; after a failure its old dump file, if any, is untouched. */
		if (!ret)
			fprintf(c->msg, "\tresume...\n");
		err = cpt_resume(c->fd);
		if (err) {
			err = chkpnt_failed(c, err);
			ret = ret ?: err;
		}
		if (!ret) {
			fprintf(c->msg, "\tfrozen for %.3f s (suspend, dump and resume)\n",
				chkpnt_now() - frozen);
			fprintf(c->msg, "Checkpointing completed successfully\n");
		}
		goto out;
	}
	ret = chkpnt_kill(c, init);
	if (!ret)
		fprintf(c->msg, "Checkpointing completed successfully\n");
out:
	chkpnt_drop_dump(c);
	return ret;
}

/*
 * --iterative --suspend: the passes, then the suspend, the context parked
 * for --dump with a record of where the passes went. Any failure resumes
 * the CT and throws the passes away.
 */
static int chkpnt_suspend_precopied(struct chkpnt *c)
{
	int ret, err, null = -1;
	double t;
	pid_t init;

	ret = chkpnt_get_context(c, &init);
	if (ret)
		return ret;
	ret = chkpnt_open_dump(c);
	if (ret)
		goto fail;
	fprintf(c->msg, "Setting up checkpoint...\n");
	ret = chkpnt_precopy(c);
	if (ret)
		goto fail;
	fprintf(c->msg, "\tsuspend...\n");
	t = chkpnt_now();
	err = cpt_suspend(c->fd);
	if (err) {
		ret = chkpnt_interrupted(c) ?: chkpnt_failed(c, err);
		goto fail;
	}
	fprintf(c->msg, "\tsuspended in %.3f ms\n", (chkpnt_now() - t) * 1e3);
	/*
	 * The parked context would hold the stream open: then its reader
	 * would wait for a dump that a failure before it never sends, and
	 * whoever waits for that reader (vzmigrate) would wait too.
	 */
	null = open("/dev/null", O_WRONLY | O_CLOEXEC);
	err = null < 0 ? -errno : cpt_set_dumpfd(c->fd, null);
	if (null >= 0)
		close(null);
	if (err) {
		ret = chkpnt_failed(c, err);
		goto fail;
	}
	if (c->tmp[0] && fsync(c->dumpfd)) {
		fprintf(stderr, "Error: unable to write the dump file %s: %s\n", c->tmp,
			strerror(errno));
		ret = VZ_CHKPNT_ERROR;
		goto fail;
	}
	ret = chkpnt_interrupted(c) ?: precopy_save(c);
	if (ret)
		goto fail;
	err = cpt_put_context(c->fd);
	if (err) {
		precopy_forget(c->ctid);
		ret = chkpnt_failed(c, err);
		goto fail;
	}
	ct_set_staged(c->ctid, "chkpnt");
	fprintf(c->msg, "Checkpointing completed successfully\n");
	return 0;
fail:
	/* Suspended or not, the CT runs on; the passes are thrown away. */
	err = cpt_resume(c->fd);
	if (err)
		chkpnt_failed(c, err);
	chkpnt_drop_dump(c);
	return ret;
}

static int chkpnt_stage(struct chkpnt *c)
{
	pid_t init = 0;
	int ret = 0, err;

	switch (c->stage) {
	case STAGE_SUSPEND:
		if (c->iterative)
			return chkpnt_suspend_precopied(c);
		fprintf(c->msg, "Setting up checkpoint...\n");
		ret = chkpnt_get_context(c, &init);
		if (ret)
			return ret;
		fprintf(c->msg, "\tsuspend...\n");
		err = cpt_suspend(c->fd);
		if (!err)
			err = cpt_put_context(c->fd);
		if (err)
			return chkpnt_failed(c, err);
		/* A record left by a pre-copy that died half-way is no part of this one. */
		precopy_forget(c->ctid);
		ct_set_staged(c->ctid, "chkpnt");
		break;
	case STAGE_DUMP: {
		char name[PATH_MAX], tmp[PATH_MAX];

		ret = precopy_load(c->ctid, name, tmp) ? chkpnt_open_precopied(c, name, tmp) :
							 chkpnt_open_dump(c);
		if (ret)
			return ret;
		fprintf(c->msg, "Setting up checkpoint...\n");
		err = cpt_join_context(c->fd, c->ctid);
		if (err) {
			ret = chkpnt_failed(c, err);
			goto out;
		}
		ret = chkpnt_do_dump(c);
		err = cpt_put_context(c->fd);
		if (err && !ret)
			ret = chkpnt_failed(c, err);
out:
		chkpnt_drop_dump(c);
		if (ret)
			return ret;
		break;
	}
	case STAGE_KILL:
		init = ct_running_init(c->ctid);
		err = cpt_join_context(c->fd, c->ctid);
		if (err)
			return chkpnt_failed(c, err);
		ret = chkpnt_kill(c, init);
		if (ret)
			return ret;
		precopy_forget(c->ctid);
		ct_set_staged(c->ctid, NULL);
		break;
	case STAGE_RESUME:
		fprintf(c->msg, "Resuming...\n");
		err = cpt_join_context(c->fd, c->ctid);
		if (!err)
			err = cpt_resume(c->fd);
		if (err)
			return chkpnt_failed(c, err);
		precopy_forget(c->ctid);
		ct_set_staged(c->ctid, NULL);
		break;
	case STAGE_ALL:
		break;
	}
	fprintf(c->msg, "Checkpointing completed successfully\n");
	return 0;
}

/*
 * Two staged sequences on one CT cannot interleave: a new checkpoint waits
 * for the one that suspended the CT to end, and none starts on a CT whose
 * restore is not finished; the later stages go only to a checkpoint's CT.
 */
static int chkpnt_refused(struct chkpnt *c)
{
	enum ct_staged st = ct_staged(c->ctid);

	if (st == CT_NOT_STAGED || (st != CT_UNDUMPED && c->stage != STAGE_ALL &&
				    c->stage != STAGE_SUSPEND))
		return 0;
	return ct_refuse_staged(c->ctid);
}

static int chkpnt_usage(FILE *f)
{
	fprintf(f, "Usage: vzctl chkpnt CTID [--iterative] [--keep-running] [--dumpfile FILE]\n"
		   "       vzctl chkpnt CTID --suspend [--iterative [--dumpfile FILE]] | --dump [--dumpfile FILE]\n"
		   "       vzctl chkpnt CTID --kill | --resume\n"
		   "  FILE defaults to $DUMPDIR/Dump.CTID; - writes the image to standard output.\n"
		   "  --iterative pre-copies the running CT's memory before it is suspended; with\n"
		   "  --suspend, into FILE, and the --dump after it finishes that image there.\n"
		   "  --keep-running resumes the CT after the dump instead of killing it.\n");
	return f == stderr ? VZ_INVALID_PARAMETER_SYNTAX : 0;
}

int cmd_chkpnt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dumpfile", required_argument, NULL, 'f' },
		{ "suspend", no_argument, NULL, 's' },
		{ "dump", no_argument, NULL, 'd' },
		{ "kill", no_argument, NULL, 'k' },
		{ "resume", no_argument, NULL, 'r' },
		{ "iterative", no_argument, NULL, 'i' },
		{ "keep-running", no_argument, NULL, 'K' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct chkpnt c = { .stage = STAGE_ALL, .dumpfd = -1, .fd = -1, .msg = stdout };
	char *ctid_arg;
	int opt, ret, stages = 0;

	if (argc >= 2 && !strcmp(argv[1], "--help"))
		return chkpnt_usage(stdout);
	ctid_arg = argc >= 2 ? argv[1] : NULL;
	if (argc < 2 || cpt_parse_ctid(argv[1], &c.ctid)) {
		if (argc >= 2)
			fprintf(stderr, "Error: invalid CT id: %s\n", argv[1]);
		return chkpnt_usage(stderr);
	}
	/* Options follow the CTID; getopt names the command in its messages. */
	argv[1] = argv[0];
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, "+", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			c.dumpfile = optarg;
			break;
		case 's':
			c.stage = STAGE_SUSPEND;
			stages++;
			break;
		case 'd':
			c.stage = STAGE_DUMP;
			stages++;
			break;
		case 'k':
			c.stage = STAGE_KILL;
			stages++;
			break;
		case 'r':
			c.stage = STAGE_RESUME;
			stages++;
			break;
		case 'i':
			c.iterative = 1;
			break;
		case 'K':
			c.keep_running = 1;
			break;
		case 'h':
			return chkpnt_usage(stdout);
		default:
			return chkpnt_usage(stderr);
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "Error: unexpected argument: %s\n", argv[optind + 1]);
		return chkpnt_usage(stderr);
	}
	if (stages > 1 || (c.iterative && c.stage != STAGE_ALL && c.stage != STAGE_SUSPEND) ||
	    (c.keep_running && c.stage != STAGE_ALL) ||
	    (c.dumpfile && c.stage != STAGE_ALL && c.stage != STAGE_DUMP && !c.iterative)) {
		fprintf(stderr, "Error: give one of --suspend, --dump, --kill, --resume; --dumpfile goes with --dump only, --iterative with none of them or --suspend (and then --dumpfile too), --keep-running with none of them\n");
		return chkpnt_usage(stderr);
	}
	chkpnt_catch_signals();
	ret = chkpnt_open(&c);
	if (!ret) {
		/* One vzctl at a time changes a CT: the checkpoint holds the CT's lock. */
		char *cargv[] = { argv[0], ctid_arg, NULL };
		struct ctconf cc;
		int lock;

		ret = ct_cmd_begin_locked(2, cargv, &cc, &lock);
		if (!ret)
			ret = ct_cmd_end(&cc, lock, chkpnt_refused(&c) ?:
					 (c.stage == STAGE_ALL ? chkpnt_all(&c) : chkpnt_stage(&c)));
	}
	if (c.dumpfd > STDERR_FILENO)
		close(c.dumpfd);
	if (c.fd >= 0)
		close(c.fd);
	return ret;
}
