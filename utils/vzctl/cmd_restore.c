// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl restore CTID [--dumpfile F]: prepare the CT's environment, undump,
 * resume. Staged, each a separate invocation:
 *   --undump [--dumpfile F]  prepare the environment and recreate the CT's tasks, frozen
 *   --resume                 let the undumped CT run
 *   --kill                   kill what was undumped
 * "--dumpfile -" reads the image from standard input.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/vzcpt.h>

#include "cpt.h"
#include "cgroup.h"
#include "cpt_ct.h"
#include "ct.h"
#include "ct_cmd.h"
#include "image.h"
#include "net.h"
#include "vzerror.h"

enum restore_stage { RST_ALL, RST_UNDUMP, RST_RESUME, RST_KILL };

struct restore {
	unsigned int ctid;
	enum restore_stage stage;
	const char *dumpfile;		/* NULL: $DUMPDIR/Dump.CTID */
	char path[PATH_MAX];
	int dumpfd;
	int fd;				/* /proc/rst */
};

static int restore_failed(struct restore *r, int err)
{
	char why[VZCPT_ERRMSG_LEN];

	fprintf(stderr, "Error: restore of CT %u failed: %s\n", r->ctid,
		cpt_explain(r->fd, err, why, sizeof(why)));
	return VZ_RESTORE_ERROR;
}

static int restore_open(struct restore *r)
{
	unsigned int abi;
	int err;

	r->fd = cpt_open(PROC_RST);
	if (r->fd == -ENOENT) {
		fprintf(stderr, "Error: No undumping support is available, unable to open "
			PROC_RST ": module vzrst is not loaded (try: service vz init)\n");
		return VZ_RESTORE_ERROR;
	}
	if (r->fd < 0) {
		fprintf(stderr, "Error: unable to open " PROC_RST ": %s\n", strerror(-r->fd));
		return VZ_RESTORE_ERROR;
	}
	err = cpt_get_abi(r->fd, &abi);
	if (err || abi != VZCPT_ABI_VERSION) {
		fprintf(stderr, "Error: the vzrst module speaks checkpoint ABI %u, this vzctl %u\n",
			err ? 0 : abi, VZCPT_ABI_VERSION);
		return VZ_RESTORE_ERROR;
	}
	return 0;
}

/*
 * Open the image; a regular file's header is checked here, before anything
 * is prepared, so a file that is no image (or not for this CT) is refused
 * at once. A stream is left whole for the kernel.
 */
static int restore_open_dump(struct restore *r)
{
	char dir[PATH_MAX];
	struct img_reader rd;
	struct stat st;
	int n;

	if (r->dumpfile && !strcmp(r->dumpfile, "-")) {
		r->dumpfd = STDIN_FILENO;
		return 0;
	}
	if (r->dumpfile)
		snprintf(r->path, sizeof(r->path), "%s", r->dumpfile);
	else
		snprintf(r->path, sizeof(r->path), "%s/Dump.%u", cpt_dumpdir(dir, sizeof(dir)),
			 r->ctid);
	r->dumpfd = open(r->path, O_RDONLY | O_CLOEXEC);
	if (r->dumpfd < 0) {
		fprintf(stderr, "Error: unable to open the dump file %s: %s\n", r->path,
			strerror(errno));
		return VZ_RESTORE_ERROR;
	}
	if (fstat(r->dumpfd, &st) || !S_ISREG(st.st_mode))
		return 0;
	img_reader_init(&rd, r->dumpfd, r->path);
	n = img_reader_next(&rd);
	/* Pre-copy passes come first (chkpnt --iterative): the CT is the image header's. */
	while (n > 0 && rd.hdr.type == VZCPT_REC_PRECOPY)
		do
			n = img_reader_next(&rd);
		while (n > 0 && rd.hdr.type == VZCPT_REC_PAGES);
	if (n > 0 && rd.image.ctid != r->ctid)
		fprintf(stderr, "Warning: %s is an image of CT %u, restored as CT %u\n", r->path,
			rd.image.ctid, r->ctid);
	if (n <= 0)
		fprintf(stderr, "Error: restore of CT %u failed: %s\n", r->ctid,
			n < 0 ? rd.err : "the image is empty");
	img_reader_free(&rd);
	if (n <= 0)
		return VZ_RESTORE_ERROR;
	if (lseek(r->dumpfd, 0, SEEK_SET)) {
		fprintf(stderr, "Error: unable to read the dump file %s: %s\n", r->path,
			strerror(errno));
		return VZ_RESTORE_ERROR;
	}
	return 0;
}

/*
 * The undump holds the CT's network (what comes in waits for the resume,
 * what goes out is dropped): only now can its link come up without the
 * namespace, its sockets not back yet, resetting a peer's connection.
 */
static int restore_link_up(struct restore *r, struct ctconf *cc)
{
	char why[512];
	int err;

	if (!net_link_set(cc->ctid, 1, why, sizeof(why))) {
		if (cc->nr_ips)
			net_wait_carrier(cc->ctid);
		return 0;
	}
	fprintf(stderr, "Error: CT %u: %s\n", cc->ctid, why);
	err = cpt_kill(r->fd);
	if (err)
		fprintf(stderr, "Error: CT %u: cannot kill what was undumped: %s\n", cc->ctid,
			strerror(-err));
	return VZ_VETH_ERROR;
}

/*
 * Prepare the CT's environment as `vzctl start` makes it (private area
 * mounted, cgroup with its limits, new namespaces, veth, root), with a seed
 * for init: a process that waits as pid 1 of the new pid namespace for
 * vzrst to rebuild it into the checkpointed init. Then create the restore
 * context on the seed, give it the image and undump. On failure the kernel
 * has killed what it made, and the environment goes too.
 */
static int restore_undump(struct restore *r, struct ctconf *cc)
{
	int ret, err, cgfd;
	pid_t seed;

	ret = ct_prepare_start(cc);
	if (ret)
		return ret;
	ret = ct_start(cc, 1, &seed);
	if (ret)
		return ret;
	printf("\tundump...\n");
	cgfd = cg_open(cc->ctid);
	if (cgfd < 0) {
		fprintf(stderr, "Error: CT %u: unable to open its cgroup: %s\n", cc->ctid,
			strerror(-cgfd));
		ret = VZ_RESTORE_ERROR;
		goto fail;
	}
	err = cpt_get_context(r->fd, cc->ctid, seed, cgfd);
	close(cgfd);
	if (!err)
		err = cpt_set_dumpfd(r->fd, r->dumpfd);
	if (!err)
		err = cpt_undump(r->fd);
	if (err) {
		ret = restore_failed(r, err);
		goto fail;
	}
	ret = restore_link_up(r, cc);
	if (ret)
		goto fail;
	return 0;
fail:
	ct_cleanup(cc);
	return ret;
}

/* As chkpnt_refused: a restore's later stages go only to the CT that restore undumped. */
static int restore_refused(struct restore *r)
{
	enum ct_staged st = ct_staged(r->ctid);

	if (st == CT_NOT_STAGED || (st != CT_SUSPENDED && r->stage != RST_ALL &&
				    r->stage != RST_UNDUMP))
		return 0;
	return ct_refuse_staged(r->ctid);
}

static int restore_run(struct restore *r, struct ctconf *cc)
{
	int ret, err;

	ret = restore_refused(r);
	if (ret)
		return ret;

	switch (r->stage) {
	case RST_ALL:
	case RST_UNDUMP:
		ret = restore_open_dump(r);
		if (ret)
			return ret;
		printf("Restoring container ...\n");
		ret = restore_undump(r, cc);
		if (ret)
			return ret;
		if (r->stage == RST_UNDUMP) {
			/* Parked for the --resume or --kill of another invocation. */
			err = cpt_put_context(r->fd);
			if (err) {
				ret = restore_failed(r, err);
				ct_cleanup(cc);
				return ret;
			}
			ct_set_staged(r->ctid, "restore");
			break;
		}
		printf("\tresume...\n");
		err = cpt_resume(r->fd);
		if (err) {
			ret = restore_failed(r, err);
			ct_cleanup(cc);
			return ret;
		}
		break;
	case RST_RESUME:
		printf("Resuming...\n");
		err = cpt_join_context(r->fd, r->ctid);
		if (!err)
			err = cpt_resume(r->fd);
		if (err)
			return restore_failed(r, err);
		ct_set_staged(r->ctid, NULL);
		break;
	case RST_KILL:
		printf("Killing...\n");
		err = cpt_join_context(r->fd, r->ctid);
		if (!err)
			err = cpt_kill(r->fd);
		if (err)
			return restore_failed(r, err);
		ct_cleanup(cc);
		break;
	}
	printf("Restoring completed successfully\n");
	return 0;
}

static int restore_usage(FILE *f)
{
	fprintf(f, "Usage: vzctl restore CTID [--dumpfile FILE]\n"
		   "       vzctl restore CTID --undump [--dumpfile FILE] | --resume | --kill\n"
		   "  FILE defaults to $DUMPDIR/Dump.CTID; - reads the image from standard input.\n");
	return f == stderr ? VZ_INVALID_PARAMETER_SYNTAX : 0;
}

int cmd_restore(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dumpfile", required_argument, NULL, 'f' },
		{ "undump", no_argument, NULL, 'u' },
		{ "resume", no_argument, NULL, 'r' },
		{ "kill", no_argument, NULL, 'k' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct restore r = { .stage = RST_ALL, .dumpfd = -1, .fd = -1 };
	char *ctid_arg;
	int opt, ret, stages = 0;

	if (argc >= 2 && !strcmp(argv[1], "--help"))
		return restore_usage(stdout);
	ctid_arg = argc >= 2 ? argv[1] : NULL;
	if (argc < 2 || cpt_parse_ctid(argv[1], &r.ctid)) {
		if (argc >= 2)
			fprintf(stderr, "Error: invalid CT id: %s\n", argv[1]);
		return restore_usage(stderr);
	}
	/* Options follow the CTID; getopt names the command in its messages. */
	argv[1] = argv[0];
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, "+", opts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			r.dumpfile = optarg;
			break;
		case 'u':
			r.stage = RST_UNDUMP;
			stages++;
			break;
		case 'r':
			r.stage = RST_RESUME;
			stages++;
			break;
		case 'k':
			r.stage = RST_KILL;
			stages++;
			break;
		case 'h':
			return restore_usage(stdout);
		default:
			return restore_usage(stderr);
		}
	}
	if (optind < argc - 1) {
		fprintf(stderr, "Error: unexpected argument: %s\n", argv[optind + 1]);
		return restore_usage(stderr);
	}
	if (stages > 1 || (r.dumpfile && r.stage != RST_ALL && r.stage != RST_UNDUMP)) {
		fprintf(stderr, "Error: give one of --undump, --resume, --kill; --dumpfile goes with --undump only\n");
		return restore_usage(stderr);
	}
	ret = restore_open(&r);
	if (!ret) {
		struct ctconf cc;
		char *cargv[] = { argv[0], ctid_arg, NULL };
		int lock;

		ret = ct_cmd_begin_locked(2, cargv, &cc, &lock);
		if (!ret)
			ret = ct_cmd_end(&cc, lock, restore_run(&r, &cc));
	}
	if (r.dumpfd > STDERR_FILENO)
		close(r.dumpfd);
	if (r.fd >= 0)
		close(r.fd);
	return ret;
}
