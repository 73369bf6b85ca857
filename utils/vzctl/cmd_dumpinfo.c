// SPDX-License-Identifier: GPL-2.0
/*
 * vzctl dumpinfo FILE [--xml]: what a checkpoint image holds. Reads the
 * image front to back (a pipe or stdin too) through the checking reader,
 * so it also tells whether the image is sound: an image refused half-way
 * prints what came before and then the reason, and fails.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <sys/socket.h>
#include <unistd.h>

#include "cpt.h"
#include "dumpinfo.h"
#include "image.h"
#include "vzerror.h"

/* ---- the text form: "elem: name=value ..." one element a line, indented by depth ---- */

struct info_text {
	struct info_out o;
	FILE *f;
	int line_open;
};

static int text_open(struct info_out *o, const char *elem)
{
	struct info_text *t = (struct info_text *)o;

	if (t->line_open)
		fputc('\n', t->f);
	fprintf(t->f, "%*s%s:", 2 * o->depth, "", elem);
	t->line_open = 1;
	return 0;
}

static int text_attr(struct info_out *o, const char *name, const char *value)
{
	struct info_text *t = (struct info_text *)o;

	if (!*value || strpbrk(value, " \t\"="))
		fprintf(t->f, " %s=\"%s\"", name, value);
	else
		fprintf(t->f, " %s=%s", name, value);
	return 0;
}

static int text_close(struct info_out *o)
{
	struct info_text *t = (struct info_text *)o;

	if (t->line_open)
		fputc('\n', t->f);
	t->line_open = 0;
	return 0;
}

static int text_finish(struct info_out *o)
{
	struct info_text *t = (struct info_text *)o;
	int err = fflush(t->f) || ferror(t->f) ? -1 : 0;

	free(t);
	return err;
}

static struct info_out *info_out_text(FILE *f)
{
	struct info_text *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->f = f;
	t->o.open = text_open;
	t->o.attr = text_attr;
	t->o.close = text_close;
	t->o.finish = text_finish;
	return &t->o;
}

/* ---- the decoder ---- */

struct vma_info {
	struct vzcpt_img_vma v;
	char *path;
	uint64_t precopied;	/* of its pages, those the pre-copy passes carry */
};

/* One pre-copy pass, as its records before the image header add up. */
struct pass_info {
	uint64_t mms, pages;
};

struct dumpinfo {
	struct info_out *o;
	int depth;			/* elements open: 1 image, 2 task, 3 mm */
	/* the address space being read: written out when it ends, with its totals */
	int in_mm;
	uint64_t mm_id;
	struct vzcpt_img_mm mm;
	char *exe;
	struct vma_info *vmas;
	size_t nr_vmas, cap_vmas;
	/* totals */
	uint64_t tasks, threads, mms, vmas_total, pages, files, fds, pipes, pipe_bytes, sigs;
	uint64_t sems, msqs, msgs, shms, shm_pages;
	uint64_t mqueues, mq_msgs, mq_bytes;
	uint64_t ghosts, ghost_bytes;
	uint64_t dev_nodes, dev_bytes;
	uint64_t mounts;
	uint64_t unix_socks, unix_bytes;
	uint64_t inet_socks, dgrams, dgram_bytes;
	uint64_t netlink_socks, nlmsgs;
	uint64_t packet_socks, packets, sock_filters, mcast_groups;
	uint64_t netdevs, netaddrs, netroutes, netrules, netsysctls, netneighs, nfts, xtables;
	uint64_t conntracks;
	uint64_t locks;
	/* pre-copy passes before the image; pages the image takes from them */
	struct pass_info *passes;
	uint32_t nr_passes;
	uint64_t precopied;
};

static void open_el(struct dumpinfo *d, const char *elem)
{
	d->o->depth = d->depth++;
	d->o->open(d->o, elem);
}

static void close_el(struct dumpinfo *d)
{
	d->o->depth = --d->depth;
	d->o->close(d->o);
}

__attribute__((format(printf, 3, 4)))
static void attr(struct dumpinfo *d, const char *name, const char *fmt, ...)
{
	char buf[128];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	d->o->attr(d->o, name, buf);
}

/* A string from the image: printable ASCII kept, anything else as \xNN. */
static void attr_str(struct dumpinfo *d, const char *name, const char *s, size_t len)
{
	char *buf = malloc(4 * len + 1), *p = buf;
	size_t i;

	if (!buf)
		return;
	for (i = 0; i < len && s[i]; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			*p++ = (char)c;
		else
			p += sprintf(p, "\\x%02x", c);
	}
	*p = 0;
	d->o->attr(d->o, name, buf);
	free(buf);
}

static void attr_ns(struct dumpinfo *d, const char *name, int64_t ns)
{
	attr(d, name, "%" PRId64 ".%09" PRId64, ns / 1000000000, ns % 1000000000);
}

static void close_to(struct dumpinfo *d, int depth);

static void emit_mm(struct dumpinfo *d)
{
	uint64_t pages = 0;
	size_t i;

	uint64_t precopied = 0;

	for (i = 0; i < d->nr_vmas; i++) {
		pages += d->vmas[i].v.nr_pages;
		precopied += d->vmas[i].precopied;
	}
	open_el(d, "mm");
	attr(d, "id", "%" PRIu64, d->mm_id);
	if (d->exe)
		attr_str(d, "exe", d->exe, strlen(d->exe));
	attr(d, "vmas", "%u", d->mm.nr_vmas);
	attr(d, "pages", "%" PRIu64, pages);
	if (d->mm.precopy) {
		attr(d, "precopy_mm", "%" PRIu64, (uint64_t)d->mm.precopy);
		attr(d, "precopied_pages", "%" PRIu64, precopied);
	}
	attr(d, "start_brk", "%#" PRIx64, (uint64_t)d->mm.start_brk);
	attr(d, "brk", "%#" PRIx64, (uint64_t)d->mm.brk);
	attr(d, "start_stack", "%#" PRIx64, (uint64_t)d->mm.start_stack);
	attr(d, "vdso", "%#" PRIx64, (uint64_t)d->mm.vdso);
	if (d->mm.mlockall & VZCPT_MCL_FUTURE)
		attr(d, "mlockall", "%s", d->mm.mlockall & VZCPT_MCL_ONFAULT ?
		     "future,onfault" : "future");
	for (i = 0; i < d->nr_vmas; i++) {
		const struct vzcpt_img_vma *v = &d->vmas[i].v;

		open_el(d, "vma");
		attr(d, "start", "%#" PRIx64, (uint64_t)v->start);
		attr(d, "end", "%#" PRIx64, (uint64_t)v->end);
		attr(d, "kind", "%s", img_vma_kind_name(v->kind));
		attr(d, "prot", "%c%c%c", v->prot & 1 ? 'r' : '-', v->prot & 2 ? 'w' : '-',
		     v->prot & 4 ? 'x' : '-');
		attr(d, "flags", "%s%s", v->flags & 1 ? "shared" : "private",
		     v->flags & 0x100 ? ",growsdown" : "");
		attr(d, "pages", "%" PRIu64, (uint64_t)v->nr_pages);
		if (d->vmas[i].precopied)
			attr(d, "precopied_pages", "%" PRIu64, d->vmas[i].precopied);
		attr(d, "vm_flags", "%#" PRIx64, (uint64_t)v->vm_flags);
		if (v->kind == VZCPT_VMA_FILE) {
			attr(d, "pgoff", "%#" PRIx64, (uint64_t)v->pgoff);
			attr_str(d, "path", d->vmas[i].path, strlen(d->vmas[i].path));
		}
		if (v->kind == VZCPT_VMA_GHOST) {
			attr(d, "pgoff", "%#" PRIx64, (uint64_t)v->pgoff);
			attr(d, "ghost", "%" PRIu64, (uint64_t)v->shm_id);
		}
		if (v->kind == VZCPT_VMA_SYSV) {
			attr(d, "shmid", "%" PRIu64, (uint64_t)v->shm_id);
			attr(d, "shm_size", "%" PRIu64, (uint64_t)v->shm_size);
		}
		if (v->kind == VZCPT_VMA_SHMEM) {
			attr(d, "pgoff", "%#" PRIx64, (uint64_t)v->pgoff);
			attr(d, "shm", "%" PRIu64, (uint64_t)v->shm_id);
			attr(d, "shm_size", "%" PRIu64, (uint64_t)v->shm_size);
		}
		close_el(d);
		free(d->vmas[i].path);
	}
	close_el(d);
	d->pages += pages;
	d->precopied += precopied;
	d->vmas_total += d->nr_vmas;
	d->nr_vmas = 0;
	free(d->exe);
	d->exe = NULL;
	d->in_mm = 0;
}

static void close_to(struct dumpinfo *d, int depth)
{
	if (d->in_mm)
		emit_mm(d);
	while (d->depth > depth)
		close_el(d);
}

/* A pre-copy pass's record of one mm: the passes are written out inside the image. */
static int on_precopy(struct dumpinfo *d, const struct vzcpt_img_precopy *pc)
{
	if (pc->pass > d->nr_passes) {
		struct pass_info *p = realloc(d->passes, pc->pass * sizeof(*p));

		if (!p)
			return -1;
		memset(p + d->nr_passes, 0, (pc->pass - d->nr_passes) * sizeof(*p));
		d->passes = p;
		d->nr_passes = pc->pass;
	}
	d->passes[pc->pass - 1].mms++;
	d->passes[pc->pass - 1].pages += pc->nr_pages;
	return 0;
}

static void on_passes(struct dumpinfo *d)
{
	uint64_t pages = 0;
	uint32_t i;

	if (!d->nr_passes)
		return;
	for (i = 0; i < d->nr_passes; i++)
		pages += d->passes[i].pages;
	open_el(d, "precopy");
	attr(d, "passes", "%u", d->nr_passes);
	attr(d, "pages", "%" PRIu64, pages);
	for (i = 0; i < d->nr_passes; i++) {
		open_el(d, "pass");
		attr(d, "n", "%u", i + 1);
		attr(d, "mms", "%" PRIu64, d->passes[i].mms);
		attr(d, "pages", "%" PRIu64, d->passes[i].pages);
		close_el(d);
	}
	close_el(d);
}

static void on_image(struct dumpinfo *d, const struct vzcpt_img_image *img)
{
	char when[64] = "?";
	time_t secs = (time_t)(img->real_ns / 1000000000);
	struct tm tm;
	unsigned int i;

	open_el(d, "image");
	attr(d, "ctid", "%u", img->ctid);
	attr(d, "version", "%u", img->version);
	attr(d, "arch", "%s", img->arch == VZCPT_ARCH_X86_64 ? "x86_64" : "unknown");
	attr_str(d, "release", img->release, sizeof(img->release));
	attr(d, "tasks", "%u", img->nr_tasks);
	/* Whether the ids below are as a user namespace of the CT's own saw them. */
	attr(d, "userns", "%s", img->flags & VZCPT_IMAGE_USERNS ? "yes" : "no");

	open_el(d, "cpu");
	attr(d, "xfeatures", "%#" PRIx64, (uint64_t)img->xfeatures);
	attr(d, "xsave_size", "%u", img->xsave_size);
	for (i = 0; i < VZCPT_CPUID_WORDS; i++)
		attr(d, img_cpuid_word_name(i), "%#010x", img->cpuid[i]);
	close_el(d);

	open_el(d, "clocks");
	attr_ns(d, "monotonic", img->mono_ns);
	attr_ns(d, "boottime", img->boot_ns);
	if (gmtime_r(&secs, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	attr(d, "realtime", "%s.%09" PRId64 "Z", when, (int64_t)(img->real_ns % 1000000000));
	close_el(d);
	on_passes(d);
}

/* The rest of the credentials, as /proc/PID/status spells them (capabilities in hex). */
static void on_task_creds(struct dumpinfo *d, const struct vzcpt_img_task *t)
{
	char groups[32 * 11 + 1] = "";
	size_t n = 0;

	attr(d, "uids", "%u %u %u %u", t->uid, t->euid, t->suid, t->fsuid);
	attr(d, "gids", "%u %u %u %u", t->gid, t->egid, t->sgid, t->fsgid);
	for (uint32_t i = 0; i < t->ngroups && i < 32; i++)
		n += snprintf(groups + n, sizeof(groups) - n, "%s%u", i ? " " : "", t->groups[i]);
	attr_str(d, "groups", groups, sizeof(groups));
	attr(d, "cap_inh", "%016" PRIx64, (uint64_t)t->cap_inheritable);
	attr(d, "cap_prm", "%016" PRIx64, (uint64_t)t->cap_permitted);
	attr(d, "cap_eff", "%016" PRIx64, (uint64_t)t->cap_effective);
	attr(d, "cap_bnd", "%016" PRIx64, (uint64_t)t->cap_bset);
	attr(d, "cap_amb", "%016" PRIx64, (uint64_t)t->cap_ambient);
	attr(d, "securebits", "%#x", t->securebits);
	attr(d, "dumpable", "%u", t->dumpable);
	if (t->pdeath_signal)
		attr(d, "pdeath_signal", "%d", t->pdeath_signal);
}

static void on_task(struct dumpinfo *d, const struct vzcpt_img_task *t)
{
	close_to(d, 1);
	open_el(d, "task");
	attr(d, "pid", "%d", t->pid);
	attr(d, "tgid", "%d", t->tgid);
	attr(d, "ppid", "%d", t->ppid);
	attr(d, "pgid", "%d", t->pgid);
	attr(d, "sid", "%d", t->sid);
	attr_str(d, "comm", t->comm, sizeof(t->comm));
	if (t->flags & VZCPT_TASK_THREAD)
		attr(d, "thread", "yes");
	if (t->flags & VZCPT_TASK_SID_ORPHAN)
		attr(d, "sid_leader", "exited");
	if (t->flags & VZCPT_TASK_PGID_ORPHAN)
		attr(d, "pgid_leader", "exited");
	/* wait4()'s status, decoded: exit:CODE, or signal:SIG with +core for a core dump. */
	if (t->flags & VZCPT_TASK_ZOMBIE && !(t->exit_code & 0x7f))
		attr(d, "zombie", "exit:%d", (t->exit_code >> 8) & 0xff);
	else if (t->flags & VZCPT_TASK_ZOMBIE)
		attr(d, "zombie", "signal:%d%s", t->exit_code & 0x7f,
		     t->exit_code & 0x80 ? "+core" : "");
	attr(d, "uid", "%u", t->uid);
	attr(d, "gid", "%u", t->gid);
	on_task_creds(d, t);
	if (t->personality)
		attr(d, "personality", "%#x", t->personality);
	if (t->flags & VZCPT_TASK_ZOMBIE) {
		d->tasks++;
		return;
	}
	attr(d, "mm", "%" PRIu64, (uint64_t)t->mm_id);
	attr(d, "files", "%" PRIu64, (uint64_t)t->files_id);
	attr(d, "fs", "%" PRIu64, (uint64_t)t->fs_id);
	attr(d, "sighand", "%" PRIu64, (uint64_t)t->sighand_id);
	if (t->sysvsem_id)
		attr(d, "semundo", "%" PRIu64, (uint64_t)t->sysvsem_id);
	if (t->seccomp_mode == 1)
		attr(d, "seccomp", "strict");
	else if (t->seccomp_mode == 2)
		attr(d, "seccomp", "filter:%" PRIu64 "%s", (uint64_t)t->seccomp_id,
		     t->flags & VZCPT_TASK_SECCOMP_TSYNC ? ",threads" : "");
	if (t->restart_kind == VZCPT_RESTART_NANOSLEEP)
		attr_ns(d, "sleeping", t->restart_remaining_ns);
	else if (t->restart_kind == VZCPT_RESTART_CPU_NANOSLEEP)
		attr_ns(d, "cpu_sleeping", t->restart_remaining_ns);
	else if (t->restart_kind == VZCPT_RESTART_POLL)
		attr(d, "polling", "%" PRIu64 " fds", (uint64_t)t->restart_arg[1]);
	else if (t->restart_kind == VZCPT_RESTART_FUTEX)
		attr_ns(d, "futex_wait", t->restart_remaining_ns);
	d->tasks++;
	d->threads += !!(t->flags & VZCPT_TASK_THREAD);
}

static int on_mm(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_mm *m)
{
	close_to(d, 2);
	d->in_mm = 1;
	d->mm_id = id;
	d->mm = *m;
	d->mms++;
	if (m->exe_len) {
		d->exe = strndup((const char *)(m + 1), m->exe_len);
		if (!d->exe)
			return -1;
	}
	return 0;
}

static int on_vma(struct dumpinfo *d, const struct vzcpt_img_vma *v)
{
	struct vma_info *vi;

	if (d->nr_vmas == d->cap_vmas) {
		size_t cap = d->cap_vmas ? 2 * d->cap_vmas : 64;

		vi = realloc(d->vmas, cap * sizeof(*vi));
		if (!vi)
			return -1;
		d->vmas = vi;
		d->cap_vmas = cap;
	}
	vi = &d->vmas[d->nr_vmas];
	vi->v = *v;
	vi->precopied = 0;
	vi->path = strndup((const char *)(v + 1), v->path_len);
	if (!vi->path)
		return -1;
	d->nr_vmas++;
	return 0;
}

static void attr_dev(struct dumpinfo *d, uint32_t dev)
{
	/* new_encode_dev() */
	attr(d, "rdev", "%u:%u", (dev & 0xfff00) >> 8, (dev & 0xff) | ((dev >> 12) & 0xfff00));
}

/* F_SETOWN_EX's F_OWNER_* names. */
static const char *owner_type_name(uint32_t type)
{
	switch (type) {
	case VZCPT_OWNER_TID:
		return "tid";
	case VZCPT_OWNER_PID:
		return "pid";
	case VZCPT_OWNER_PGRP:
		return "pgrp";
	default:
		return "?";
	}
}

static void on_file(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_file *f)
{
	close_to(d, 2);
	open_el(d, "file");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "kind", "%s", img_file_kind_name(f->kind));
	attr(d, "flags", "%#o", f->flags);
	attr(d, "mode", "%#o", f->mode);
	if (f->kind == VZCPT_FILE_PIPE)
		attr(d, "pipe", "%" PRIu64, (uint64_t)f->pipe_id);
	else if (f->kind == VZCPT_FILE_SOCKET)
		attr(d, "socket", "%" PRIu64, (uint64_t)f->pipe_id);
	else if (f->kind >= VZCPT_FILE_EVENTFD && f->kind <= VZCPT_FILE_INOTIFY)
		attr(d, "object", "%" PRIu64, (uint64_t)f->pipe_id);
	else if (f->kind == VZCPT_FILE_PTMX || f->kind == VZCPT_FILE_PTS ||
		 f->kind == VZCPT_FILE_DEVTTY)
		attr(d, "pty", "%" PRIu64, (uint64_t)f->pipe_id);
	else
		attr(d, "pos", "%" PRId64, (int64_t)f->pos);
	if (f->kind == VZCPT_FILE_MQUEUE)
		attr(d, "mqueue", "%" PRIu64, (uint64_t)f->pipe_id);
	if (f->kind == VZCPT_FILE_GHOST)
		attr(d, "ghost", "%" PRIu64, (uint64_t)f->pipe_id);
	if (f->kind == VZCPT_FILE_FIFO)
		attr(d, "fifo", "%" PRIu64, (uint64_t)f->pipe_id);
	if (f->kind == VZCPT_FILE_CHR)
		attr_dev(d, f->rdev);
	if (f->path_len)
		attr_str(d, "path", (const char *)(f + 1), f->path_len);
	if (f->flags & O_ASYNC)
		attr(d, "async", "yes");
	/* The type even with no owner: F_GETOWN_EX shows it. */
	if (f->owner_pid || f->owner_type != VZCPT_OWNER_TID)
		attr(d, "owner_type", "%s", owner_type_name(f->owner_type));
	if (f->owner_pid) {
		attr(d, "owner_pid", "%d", f->owner_pid);
		attr(d, "owner_uid", "%u", f->owner_uid);
		attr(d, "owner_euid", "%u", f->owner_euid);
	}
	if (f->signum)
		attr(d, "owner_signal", "%u", f->signum);
	close_el(d);
	d->files++;
}

/* A pty pair: its index, state, termios in hex as stty -g prints it, its session. */
static void on_pty(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_pty *r)
{
	char cc[3 * VZCPT_PTY_NCCS + 1];
	unsigned int i;

	close_to(d, 2);
	open_el(d, "pty");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "index", "%u", r->index);
	attr_str(d, "ptmx", (const char *)(r + 1), r->path_len);
	if (r->flags & VZCPT_PTY_LOCKED)
		attr(d, "locked", "yes");
	if (r->flags & VZCPT_PTY_PACKET)
		attr(d, "packet", "yes");
	if (r->flags & VZCPT_PTY_SLAVE_CLOSED)
		attr(d, "slave_closed", "yes");
	attr(d, "iflag", "%#x", r->c_iflag);
	attr(d, "oflag", "%#x", r->c_oflag);
	attr(d, "cflag", "%#x", r->c_cflag);
	attr(d, "lflag", "%#x", r->c_lflag);
	for (i = 0; i < VZCPT_PTY_NCCS; i++)
		snprintf(cc + 2 * i, sizeof(cc) - 2 * i, "%02x", r->c_cc[i]);
	attr(d, "cc", "%s", cc);
	attr(d, "speed", "%u/%u", r->c_ispeed, r->c_ospeed);
	attr(d, "winsize", "%ux%u", r->ws_col, r->ws_row);
	attr(d, "owner", "%u:%u", r->uid, r->gid);
	attr(d, "mode", "%#o", r->mode);
	if (r->session) {
		attr(d, "session", "%d", r->session);
		attr(d, "fg_pgrp", "%d", r->pgrp);
	}
	if (r->out_len)
		attr(d, "output_unread", "%u", r->out_len);
	if (r->in_len)
		attr(d, "input_unread", "%u", r->in_len);
	if (r->in_raw_len)
		attr(d, "input_waiting", "%u", r->in_raw_len);
	close_el(d);
}

static const char *clock_name(uint32_t clockid)
{
	switch (clockid) {
	case 0:
		return "realtime";
	case 1:
		return "monotonic";
	case 7:
		return "boottime";
	default:
		return "unknown";
	}
}

/*
 * The objects of eventfd, signalfd, timerfd, epoll and inotify files, an
 * epoll with its targets, an inotify with its watches.
 */
static void on_evfd(struct dumpinfo *d, const struct vzcpt_rec *h, const void *p)
{
	close_to(d, 2);
	switch (h->type) {
	case VZCPT_REC_EVENTFD: {
		const struct vzcpt_img_eventfd *e = p;

		open_el(d, "eventfd");
		attr(d, "id", "%" PRIu64, (uint64_t)h->id);
		attr(d, "count", "%" PRIu64, (uint64_t)e->count);
		if (e->flags & VZCPT_EFD_SEMAPHORE)
			attr(d, "semaphore", "yes");
		break;
	}
	case VZCPT_REC_SIGNALFD: {
		const struct vzcpt_img_signalfd *s = p;

		open_el(d, "signalfd");
		attr(d, "id", "%" PRIu64, (uint64_t)h->id);
		attr(d, "sigmask", "%#" PRIx64, (uint64_t)s->sigmask);
		break;
	}
	case VZCPT_REC_TIMERFD: {
		const struct vzcpt_img_timerfd *t = p;

		open_el(d, "timerfd");
		attr(d, "id", "%" PRIu64, (uint64_t)h->id);
		attr(d, "clock", "%s", clock_name(t->clockid));
		if (t->settime_flags & VZCPT_TFD_ABSTIME)
			attr(d, "abstime", "yes");
		if (t->settime_flags & VZCPT_TFD_CANCEL_ON_SET)
			attr(d, "cancel_on_set", "yes");
		attr_ns(d, t->settime_flags & VZCPT_TFD_ABSTIME ? "at" : "left", t->value_ns);
		attr_ns(d, "interval", t->interval_ns);
		attr(d, "ticks", "%" PRIu64, (uint64_t)t->ticks);
		break;
	}
	case VZCPT_REC_INOTIFY: {
		const struct vzcpt_img_inotify *in = p;
		const char *q = (const char *)(in + 1);
		const struct vzcpt_img_inotify_wd *w;
		uint32_t i;

		open_el(d, "inotify");
		attr(d, "id", "%" PRIu64, (uint64_t)h->id);
		attr(d, "next_wd", "%u", in->next_wd);
		/* Validated (img_check.c): the watches fill the record. */
		for (i = 0; i < in->nr; i++) {
			w = (const void *)q;
			open_el(d, "watch");
			attr(d, "wd", "%d", w->wd);
			attr(d, "mask", "%#x", w->mask);
			attr_str(d, "path", (const char *)(w + 1), w->path_len);
			close_el(d);
			q += sizeof(*w) + ((w->path_len + 7) & ~7U);
		}
		/* Then the events queued, in the order read() gives them. */
		for (i = 0; i < in->nr_events; i++) {
			const struct vzcpt_img_inotify_ev *e = (const void *)q;

			open_el(d, "event");
			attr(d, "wd", "%d", e->wd);
			attr(d, "mask", "%#x", e->mask);
			if (e->cookie)
				attr(d, "cookie", "%u", e->cookie);
			if (e->name_len)
				attr_str(d, "name", (const char *)(e + 1), e->name_len);
			close_el(d);
			q += sizeof(*e) + ((e->name_len + 7) & ~7U);
		}
		break;
	}
	default: {
		const struct vzcpt_img_epoll *e = p;
		const struct vzcpt_img_epoll_tfd *t = (const void *)(e + 1);
		uint32_t i;

		open_el(d, "epoll");
		attr(d, "id", "%" PRIu64, (uint64_t)h->id);
		for (i = 0; i < e->nr; i++) {
			open_el(d, "watch");
			attr(d, "fd", "%u", t[i].fd);
			attr(d, "file", "%" PRIu64, (uint64_t)t[i].file_id);
			attr(d, "events", "%#x", t[i].events);
			attr(d, "data", "%#" PRIx64, (uint64_t)t[i].data);
			close_el(d);
		}
		break;
	}
	}
	close_el(d);
}

static const char *unix_type_name(uint32_t type)
{
	return type == 1 ? "stream" : type == 2 ? "dgram" : "seqpacket";
}

/*
 * Each queued message (a stream's run of bytes): its length, its sender
 * when not the peer, its SCM_CREDENTIALS and the files it carries
 * (SCM_RIGHTS), by their ids. Checked by the reader: they fill the record.
 */
static void on_unix_msgs(struct dumpinfo *d, const struct vzcpt_img_unix *u)
{
	const char *p = (const char *)(u + 1) + ((u->name_len + 7) & ~7U);
	const char *ids = p + (size_t)u->nr_msgs * sizeof(struct vzcpt_img_unix_msg);
	struct vzcpt_img_unix_msg m;
	char buf[256];
	uint32_t i, j, k = 0;
	uint64_t fid;
	size_t n;

	for (i = 0; i < u->nr_msgs; i++) {
		memcpy(&m, p + (size_t)i * sizeof(m), sizeof(m));
		open_el(d, "msg");
		attr(d, "len", "%u", m.len);
		if (m.sender_id != u->peer_id || m.name_len)
			attr(d, "sender", "%" PRIu64, (uint64_t)m.sender_id);
		attr(d, "pid", "%d", m.pid);
		attr(d, "uid", "%u", m.uid);
		attr(d, "gid", "%u", m.gid);
		buf[0] = 0;
		for (j = 0, n = 0; j < m.nr_fds; j++, k++) {
			memcpy(&fid, ids + (size_t)k * sizeof(fid), sizeof(fid));
			/* A socket's own file goes by the socket's id: "sock:ID". */
			if (n < sizeof(buf) - 28)
				n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s%" PRIu64,
						      j ? "," : "",
						      fid & VZCPT_UNIX_FD_SOCK ? "sock:" : "",
						      (uint64_t)(fid & ~VZCPT_UNIX_FD_SOCK));
			else if (n < sizeof(buf))
				n = sizeof(buf) + (size_t)snprintf(buf + n, sizeof(buf) - n, ",...");
		}
		if (m.nr_fds)
			attr(d, "files", "%s", buf);
		close_el(d);
	}
}

static void on_unix(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_unix *u)
{
	static const char * const shut[] = { "", "rd", "wr", "rdwr" };

	close_to(d, 2);
	open_el(d, "unix");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "type", "%s", unix_type_name(u->type));
	attr(d, "state", "%s", u->state == VZCPT_UNIX_PAIR ? "pair" :
			      u->state == VZCPT_UNIX_CONNECTED ? "connected" :
			      u->state == VZCPT_UNIX_LISTEN ? "listen" :
			      u->state == VZCPT_UNIX_QUEUED ? "not_accepted" : "unconnected");
	if (u->name_len) {
		const char *name = (const char *)(u + 1);
		char abs[VZCPT_UNIX_PATH_MAX + 1];

		/* An abstract name as ss shows it: '@' for its leading NUL. */
		if (name[0] && (u->flags & (VZCPT_UNIX_ACCEPTED | VZCPT_UNIX_CLOSED))) {
			attr_str(d, "name", name, u->name_len);
		} else if (name[0]) {
			attr_str(d, "name", name, u->name_len);
			attr(d, "file_mode", "%04o", u->fmode);
			attr(d, "file_owner", "%u:%u", u->fuid, u->fgid);
			if (u->flags & VZCPT_UNIX_UNLINKED)
				attr(d, "file", "unlinked");
		} else {
			abs[0] = '@';
			memcpy(abs + 1, name + 1, u->name_len - 1);
			attr_str(d, "name", abs, u->name_len);
		}
	}
	/* The listener's name, which accept() gave it. */
	if (u->flags & VZCPT_UNIX_ACCEPTED)
		attr(d, "accepted", "yes");
	/* No task holds it: the restore closes it again once it sent its part. */
	if (u->flags & VZCPT_UNIX_CLOSED)
		attr(d, "closed", "yes");
	/* Closed with data unread: its survivor reads ECONNRESET once. */
	if (u->flags & VZCPT_UNIX_RESET)
		attr(d, "reset", "yes");
	if (u->state == VZCPT_UNIX_CONNECTED)
		attr(d, "peer", "%" PRIu64, (uint64_t)u->peer_id);
	if (u->state == VZCPT_UNIX_QUEUED) {
		attr(d, "listener", "%" PRIu64, (uint64_t)u->peer_id);
		attr(d, "connect_pid", "%d", u->conn_pid);
		attr(d, "connect_uid", "%u", u->conn_uid);
		attr(d, "connect_gid", "%u", u->conn_gid);
	}
	if (u->state == VZCPT_UNIX_LISTEN)
		attr(d, "backlog", "%u", u->backlog);
	if (u->state == VZCPT_UNIX_PAIR || u->state == VZCPT_UNIX_LISTEN ||
	    u->state == VZCPT_UNIX_QUEUED) {
		if (u->state == VZCPT_UNIX_PAIR)
			attr(d, "peer", "%" PRIu64, (uint64_t)u->peer_id);
		attr(d, "peer_pid", "%d", u->peer_pid);
		attr(d, "peer_uid", "%u", u->peer_uid);
		attr(d, "peer_gid", "%u", u->peer_gid);
	}
	if (u->shutdown)
		attr(d, "shutdown", "%s", shut[u->shutdown & 3]);
	if (u->peek_off != -1)
		attr(d, "peek_off", "%d", u->peek_off);
	if (u->opt.flags & VZCPT_SO_PASSCRED)
		attr(d, "passcred", "yes");
	if (u->opt.flags & VZCPT_SO_SNDBUF)
		attr(d, "sndbuf", "%d", u->opt.sndbuf);
	if (u->opt.flags & VZCPT_SO_RCVBUF)
		attr(d, "rcvbuf", "%d", u->opt.rcvbuf);
	attr(d, "messages", "%u", u->nr_msgs);
	attr(d, "queued", "%u", u->qlen);
	if (u->nr_fds)
		attr(d, "files_in_flight", "%u", u->nr_fds);
	on_unix_msgs(d, u);
	close_el(d);
	d->unix_socks++;
	d->unix_bytes += u->qlen;
}

/* An address of an INET record, with its port: 10.0.0.1:80, [::1]:80. */
static void attr_inet(struct dumpinfo *d, const char *name, uint16_t family, const uint8_t *a,
		      uint16_t port)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == AF_INET6 ? AF_INET6 : AF_INET, a, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "?");
	if (family == AF_INET6)
		attr(d, name, "[%s]:%u", buf, port);
	else
		attr(d, name, "%s:%u", buf, port);
}

/* An address of a network record with its prefix: 10.0.0.0/8, 2001:db8::/32. */
static void attr_prefix(struct dumpinfo *d, const char *name, uint8_t family, const uint8_t *a,
			int plen)
{
	char buf[INET6_ADDRSTRLEN];

	if (!inet_ntop(family == VZCPT_AF_INET6 ? AF_INET6 : AF_INET, a, buf, sizeof(buf)))
		snprintf(buf, sizeof(buf), "?");
	if (plen < 0)
		attr(d, name, "%s", buf);
	else
		attr(d, name, "%s/%d", buf, plen);
}

static const char *netdev_kind_name(uint32_t kind)
{
	static const char * const names[] = {
		[VZCPT_NETDEV_LOOPBACK] = "loopback", [VZCPT_NETDEV_VETH] = "veth",
		[VZCPT_NETDEV_DUMMY] = "dummy",
	};

	return kind < VZCPT_NETDEV_NR_KINDS && names[kind] ? names[kind] : "?";
}

/* The mount's flags in mountinfo's words ("ro,nosuid,relatime"). */
static void mount_flags_attr(struct dumpinfo *d, const char *name, uint32_t f, bool sb)
{
	static const char * const mnt[] = {
		"ro", "nosuid", "nodev", "noexec", "noatime", "nodiratime", "relatime", "nosymfollow",
	};
	static const char * const sbf[] = { "ro", "sync", "dirsync", "lazytime" };
	const char * const *names = sb ? sbf : mnt;
	size_t n = sb ? 4 : 8, i, at = 0;
	char buf[128] = "";

	if (!(f & 1))
		at += snprintf(buf, sizeof(buf), "rw");
	for (i = 0; i < n; i++)
		if (f & (1U << i))
			at += snprintf(buf + at, sizeof(buf) - at, "%s%s", at ? "," : "", names[i]);
	attr(d, name, "%s", buf);
}

static void on_mount(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_mount *m)
{
	static const char * const huge[] = { "never", "always", "within_size", "advise" };
	const char *target = (const char *)(m + 1);

	close_to(d, 2);
	open_el(d, "mount");
	attr(d, "id", "%" PRIu64, id);
	static const char * const kinds[] = {
		[VZCPT_MOUNT_TMPFS] = "tmpfs", [VZCPT_MOUNT_BIND] = "bind",
		[VZCPT_MOUNT_MQUEUE] = "mqueue", [VZCPT_MOUNT_PROC] = "proc",
	};

	attr(d, "kind", "%s", m->kind < VZCPT_MOUNT_NR_KINDS && kinds[m->kind] ? kinds[m->kind] : "?");
	attr_str(d, "target", target, m->target_len);
	if (m->kind == VZCPT_MOUNT_BIND)
		attr(d, "source", "/%.*s", (int)m->source_len, target + m->target_len);
	else
		attr_str(d, "device", target + m->target_len, m->source_len);
	mount_flags_attr(d, "flags", m->mnt_flags, false);
	if (m->kind == VZCPT_MOUNT_TMPFS) {
		mount_flags_attr(d, "sb_flags", m->sb_flags, true);
		attr(d, "options", "nr_blocks=%" PRIu64 ",nr_inodes=%" PRIu64 ",mode=%o,uid=%u,gid=%u,huge=%s,inode%d",
		     (uint64_t)m->nr_blocks, (uint64_t)m->nr_inodes, m->mode, m->uid, m->gid,
		     m->huge <= VZCPT_MNT_HUGE_MAX ? huge[m->huge] : "?", m->inode64 ? 64 : 32);
		attr(d, "root", "%#o %u:%u", m->root_mode, m->root_uid, m->root_gid);
	} else if (m->kind == VZCPT_MOUNT_PROC) {
		attr(d, "options", "hidepid=%u,gid=%u%s", m->hidepid, m->gid,
		     m->subset ? ",subset=pid" : "");
	}
	attr(d, "on", "%#o %u:%u", m->mp_mode, m->mp_uid, m->mp_gid);
	close_el(d);
	d->mounts++;
}

static void on_netdev(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_netdev *n)
{
	const uint8_t *m = n->mac;

	close_to(d, 1);
	open_el(d, "netdev");
	attr(d, "id", "%" PRIu64, id);
	attr_str(d, "name", n->name, sizeof(n->name));
	attr(d, "kind", "%s", netdev_kind_name(n->kind));
	attr(d, "flags", "%#x", n->flags);
	attr(d, "mtu", "%u", n->mtu);
	attr(d, "txqlen", "%u", n->txqlen);
	if (n->kind != VZCPT_NETDEV_LOOPBACK)
		attr(d, "mac", "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4],
		     m[5]);
	close_el(d);
	d->netdevs++;
}

static void attr_lft(struct dumpinfo *d, const char *name, uint32_t lft)
{
	if (lft == VZCPT_LFT_FOREVER)
		attr(d, name, "forever");
	else
		attr(d, name, "%us", lft);
}

static void on_netaddr(struct dumpinfo *d, const struct vzcpt_img_netaddr *a)
{
	static const uint8_t zero16[16];

	open_el(d, "netaddr");
	attr(d, "dev", "%u", a->dev);
	attr_prefix(d, "local", a->family, a->local, a->prefixlen);
	if (memcmp(a->peer, a->local, sizeof(a->peer)) && memcmp(a->peer, zero16, sizeof(a->peer)))
		attr_prefix(d, "peer", a->family, a->peer, -1);
	if (a->family == VZCPT_AF_INET && memcmp(a->broadcast, "\0\0\0", 4))
		attr_prefix(d, "broadcast", a->family, a->broadcast, -1);
	if (a->label[0])
		attr_str(d, "label", a->label, sizeof(a->label));
	attr(d, "scope", "%u", a->scope);
	if (a->flags)
		attr(d, "flags", "%#x", a->flags);
	attr_lft(d, "valid", a->valid_lft);
	attr_lft(d, "preferred", a->preferred_lft);
	if (a->metric)
		attr(d, "metric", "%u", a->metric);
	close_el(d);
	d->netaddrs++;
}

static void on_netroute(struct dumpinfo *d, const struct vzcpt_img_netroute *r)
{
	uint32_t i;

	open_el(d, "route");
	attr_prefix(d, "dst", r->family, r->dst, r->dst_len);
	if (r->src_len)
		attr_prefix(d, "src", r->family, r->src, r->src_len);
	attr(d, "table", "%u", r->table);
	attr(d, "type", "%u", r->type);
	attr(d, "protocol", "%u", r->protocol);
	attr(d, "scope", "%u", r->scope);
	if (r->has & VZCPT_NETROUTE_GATEWAY)
		attr_prefix(d, "via", r->family, r->gateway, -1);
	if (r->has & VZCPT_NETROUTE_PREFSRC)
		attr_prefix(d, "prefsrc", r->family, r->prefsrc, -1);
	if (r->oif)
		attr(d, "dev", "%u", r->oif);
	if (r->has & VZCPT_NETROUTE_PRIORITY)
		attr(d, "metric", "%u", r->priority);
	if (r->expires)
		attr(d, "expires", "%us", r->expires);
	for (i = 0; i < VZCPT_RTAX_MAX; i++) {
		char name[16];

		if (!r->metrics[i])
			continue;
		snprintf(name, sizeof(name), "rtax%u", i + 1);
		attr(d, name, "%u", r->metrics[i]);
	}
	close_el(d);
	d->netroutes++;
}

static void on_netrule(struct dumpinfo *d, const struct vzcpt_img_netrule *u)
{
	open_el(d, "rule");
	attr(d, "family", "%s", u->family == VZCPT_AF_INET ? "inet" : "inet6");
	attr(d, "priority", "%u", u->priority);
	attr(d, "action", "%u", u->action);
	if (u->table)
		attr(d, "table", "%u", u->table);
	if (u->target)
		attr(d, "goto", "%u", u->target);
	if (u->src_len)
		attr_prefix(d, "from", u->family, u->src, u->src_len);
	if (u->dst_len)
		attr_prefix(d, "to", u->family, u->dst, u->dst_len);
	if (u->fwmark || u->fwmask)
		attr(d, "fwmark", "%#x/%#x", u->fwmark, u->fwmask);
	if (u->iifname[0])
		attr_str(d, "iif", u->iifname, sizeof(u->iifname));
	if (u->oifname[0])
		attr_str(d, "oif", u->oifname, sizeof(u->oifname));
	if (u->flags)
		attr(d, "flags", "%#x", u->flags);
	close_el(d);
	d->netrules++;
}

static void on_netneigh(struct dumpinfo *d, const struct vzcpt_img_netneigh *n)
{
	char ll[3 * VZCPT_LLADDR_MAX + 1] = "";
	size_t at = 0;
	unsigned int i;

	for (i = 0; i < n->lladdr_len && i < VZCPT_LLADDR_MAX; i++)
		at += snprintf(ll + at, sizeof(ll) - at, "%s%02x", i ? ":" : "", n->lladdr[i]);
	open_el(d, "neigh");
	attr(d, "family", "%s", n->family == VZCPT_AF_INET ? "inet" : "inet6");
	attr_prefix(d, "dst", n->family, n->dst, -1);
	attr(d, "dev", "%u", n->dev);
	if (n->flags & VZCPT_NEIGH_PROXY)
		attr(d, "proxy", "yes");
	else
		attr(d, "lladdr", "%s", ll);
	if (n->flags & VZCPT_NEIGH_ROUTER)
		attr(d, "router", "yes");
	if (n->protocol)
		attr(d, "protocol", "%u", n->protocol);
	close_el(d);
	d->netneighs++;
}

static void on_netconf(struct dumpinfo *d, const struct vzcpt_img_netconf *c)
{
	static const char * const scopes[] = { "?", "all", "default", "dev" };

	open_el(d, "netconf");
	attr(d, "scope", "%s", scopes[c->scope < 4 ? c->scope : 0]);
	if (c->dev)
		attr(d, "dev", "%u", c->dev);
	attr(d, "values", "%u", c->nr);
	attr(d, "set", "%#" PRIx64, (uint64_t)c->set);
	attr(d, "forwarding", "%d", c->data[0]);
	attr(d, "rp_filter", "%d", c->data[7]);
	close_el(d);
}

/* Attribute @type among the @n bytes of netlink attributes at @a, or NULL; *len: its data's. */
static const unsigned char *nla_in(const unsigned char *a, uint32_t n, uint16_t type,
				   uint16_t *len)
{
	uint32_t off = 0;
	uint16_t alen;

	while (off + 4 <= n) {
		alen = (uint16_t)(a[off] | a[off + 1] << 8);
		if (alen < 4 || alen > n - off)
			break;
		if (((a[off + 2] | a[off + 3] << 8) & 0x3fff) == type) {
			*len = (uint16_t)(alen - 4);
			return a + off + 4;
		}
		off += (alen + 3U) & ~3U;
	}
	return NULL;
}

/* Attribute @type of an nftables object's attributes (the validator passed them), or NULL. */
static const unsigned char *nft_attr(const struct vzcpt_img_nft *n, uint16_t type, uint16_t *len)
{
	return nla_in((const unsigned char *)(n + 1), n->len, type, len);
}

/* A tuple's end (CTA_TUPLE_IP's type @ip, CTA_TUPLE_PROTO's @port) as "addr:port". */
static void ct_end(char *buf, size_t size, const unsigned char *tuple, uint16_t tlen,
		   uint16_t ip, uint16_t port)
{
	const unsigned char *ips, *protos, *v;
	uint16_t il = 0, pl = 0, vl = 0;
	size_t at = 0;

	buf[0] = 0;
	ips = nla_in(tuple, tlen, 1, &il);		/* CTA_TUPLE_IP */
	v = ips ? nla_in(ips, il, ip, &vl) : NULL;
	if (!v)
		v = ips ? nla_in(ips, il, ip + 2, &vl) : NULL;	/* CTA_IP_V6_SRC/DST */
	if (v && vl == 4)
		at = (size_t)snprintf(buf, size, "%u.%u.%u.%u", v[0], v[1], v[2], v[3]);
	else if (v && vl == 16)
		for (unsigned int i = 0; i < 16 && at < size; i += 2)
			at += (size_t)snprintf(buf + at, size - at, "%s%x", i ? ":" : "",
					       v[i] << 8 | v[i + 1]);
	protos = nla_in(tuple, tlen, 2, &pl);		/* CTA_TUPLE_PROTO */
	v = protos ? nla_in(protos, pl, port, &vl) : NULL;
	if (v && vl == 2 && at < size)
		snprintf(buf + at, size - at, ":%u", v[0] << 8 | v[1]);
}

/* A tracked connection: its protocol, its original tuple, its NAT, its time left. */
static void on_conntrack(struct dumpinfo *d, const struct vzcpt_img_conntrack *c)
{
	const unsigned char *a = (const unsigned char *)(c + 1), *orig, *protos, *v;
	uint16_t ol = 0, pl = 0, vl = 0;
	char src[64], dst[64];

	open_el(d, "conntrack");
	attr(d, "family", "%s", c->family == 2 ? "ipv4" : "ipv6");
	orig = nla_in(a, c->len, 1, &ol);		/* CTA_TUPLE_ORIG */
	protos = orig ? nla_in(orig, ol, 2, &pl) : NULL;
	v = protos ? nla_in(protos, pl, 1, &vl) : NULL;	/* CTA_PROTO_NUM */
	if (v && vl == 1)
		attr(d, "proto", "%u", v[0]);
	if (orig) {	/* CTA_IP_V4_SRC 1, _DST 2; CTA_PROTO_SRC_PORT 2, _DST_PORT 3 */
		ct_end(src, sizeof(src), orig, ol, 1, 2);
		ct_end(dst, sizeof(dst), orig, ol, 2, 3);
		attr(d, "src", "%s", src);
		attr(d, "dst", "%s", dst);
	}
	if (nla_in(a, c->len, 6, &vl))			/* CTA_NAT_SRC */
		attr(d, "snat", "yes");
	if (nla_in(a, c->len, 13, &vl))			/* CTA_NAT_DST */
		attr(d, "dnat", "yes");
	v = nla_in(a, c->len, 7, &vl);			/* CTA_TIMEOUT */
	if (v && vl == 4)
		attr(d, "timeout", "%u", (uint32_t)v[0] << 24 | (uint32_t)v[1] << 16 | (uint32_t)v[2] << 8 | v[3]);
	close_el(d);
	d->conntracks++;
}

/* An nftables object: its kind, family, table and name (a rule: its chain), and its size. */
static void on_nft(struct dumpinfo *d, const struct vzcpt_img_nft *n)
{
	const unsigned char *v;
	const char *kind = "rule", *fam = "?";
	uint16_t len = 0;

	switch (n->msg) {
	case VZCPT_NFT_TABLE:		kind = "table"; break;
	case VZCPT_NFT_CHAIN:		kind = "chain"; break;
	case VZCPT_NFT_OBJ:		kind = "object"; break;
	case VZCPT_NFT_FLOWTABLE:	kind = "flowtable"; break;
	case VZCPT_NFT_SET:		kind = "set"; break;
	case VZCPT_NFT_SETELEM:		kind = "elements"; break;
	}
	switch (n->family) {
	case 1: fam = "inet"; break;
	case 2: fam = "ip"; break;
	case 3: fam = "arp"; break;
	case 5: fam = "netdev"; break;
	case 7: fam = "bridge"; break;
	case 10: fam = "ip6"; break;
	}
	open_el(d, "nft");
	attr(d, "kind", "%s", kind);
	attr(d, "family", "%s", fam);
	v = nft_attr(n, 1, &len);
	if (v)
		attr_str(d, "table", (const char *)v, len);
	if (n->msg != VZCPT_NFT_TABLE) {
		v = nft_attr(n, n->msg == VZCPT_NFT_CHAIN ? 3 : 2, &len);
		if (v)
			attr_str(d, n->msg == VZCPT_NFT_RULE ? "chain" :
				 n->msg == VZCPT_NFT_SETELEM ? "set" : "name", (const char *)v, len);
	}
	attr(d, "bytes", "%u", n->len);
	close_el(d);
	d->nfts++;
}

/* A legacy table: its tool and name, hooks, entries; the rules themselves are iptables-legacy's to show. */
static void on_xtable(struct dumpinfo *d, const struct vzcpt_img_xtable *t)
{
	open_el(d, "xtable");
	attr(d, "family", "%s", t->family == 2 ? "iptables" : t->family == 3 ? "arptables" :
	     "ip6tables");
	attr_str(d, "table", t->name, sizeof(t->name));
	attr(d, "hooks", "%#x", t->valid_hooks);
	attr(d, "entries", "%u", t->num_entries);
	attr(d, "bytes", "%u", t->size);
	close_el(d);
	d->xtables++;
}

/* A sysctl and its value on one line: tabs as spaces, the last newline left out. */
static void on_netsysctl(struct dumpinfo *d, const struct vzcpt_img_netsysctl *s)
{
	char val[VZCPT_NETSYSCTL_VALUE];
	size_t i, n = s->len;

	memcpy(val, s + 1, n);
	if (n && val[n - 1] == '\n')
		n--;
	for (i = 0; i < n; i++)
		if (val[i] == '\t')
			val[i] = ' ';
	open_el(d, "netsysctl");
	attr_str(d, "path", s->path, sizeof(s->path));
	if (s->dev)
		attr(d, "dev", "%u", s->dev);
	attr_str(d, "value", val, n);
	close_el(d);
	d->netsysctls++;
}

static const char *inet_state_name(uint16_t state)
{
	static const char * const names[] = {
		[VZCPT_INET_CLOSED] = "closed", [VZCPT_INET_LISTEN] = "listen",
		[VZCPT_INET_CONNECTED] = "connected", [VZCPT_INET_ESTABLISHED] = "established",
		[VZCPT_INET_ACCEPTQ] = "not_accepted", [VZCPT_INET_ORPHAN] = "orphan",
		[VZCPT_INET_CONNECTING] = "connecting", [VZCPT_INET_CONNFAILED] = "connect_failed",
	};

	return state < sizeof(names) / sizeof(names[0]) && names[state] ? names[state] : "?";
}

/* Bit i of @bits named @names[i], as a list: "bound,nodelay"; none, no attribute. */
static void attr_bits(struct dumpinfo *d, const char *name, uint32_t bits,
		      const char *const *names, size_t n)
{
	char buf[192] = "";
	size_t i, at = 0;

	for (i = 0; i < n && at < sizeof(buf); i++)
		if (bits & (1U << i))
			at += (size_t)snprintf(buf + at, sizeof(buf) - at, "%s%s", at ? "," : "",
					       names[i]);
	if (buf[0])
		attr(d, name, "%s", buf);
}

static void on_inet_opts(struct dumpinfo *d, const struct vzcpt_img_inet *r)
{
	static const char * const flags[] = {
		"bound", "v6only", "nodelay", "cork", "recverr", "freebind", "bind_no_port",
		"hdrincl", "shut_rd", "shut_wr", "autoport",
	};
	size_t i;

	attr_bits(d, "flags", r->flags, flags, sizeof(flags) / sizeof(flags[0]));
	if (r->backlog)
		attr(d, "backlog", "%u", r->backlog);
	if (r->defer_accept)
		attr(d, "defer_accept", "%u", r->defer_accept);
	if (r->keepidle || r->keepintvl || r->keepcnt)
		attr(d, "keepalive", "%u/%u/%u", r->keepidle, r->keepintvl, r->keepcnt);
	if (r->user_timeout)
		attr(d, "user_timeout", "%u", r->user_timeout);
	if (r->maxseg)
		attr(d, "maxseg", "%u", r->maxseg);
	if (r->syncnt)
		attr(d, "syncnt", "%u", r->syncnt);
	if (r->ttl != -1)
		attr(d, "ttl", "%d", r->ttl);
	if (r->tos)
		attr(d, "tos", "%#x", r->tos);
	if (r->tclass)
		attr(d, "tclass", "%#x", r->tclass);
	if (r->recv4 || r->recv6)
		attr(d, "recv", "%#x/%#x", r->recv4, r->recv6);
	attr(d, "pmtudisc", "%u", r->pmtudisc);
	if (r->type != SOCK_RAW)
		return;
	if (r->family == AF_INET && r->icmp_filter[0])
		attr(d, "icmp_filter", "%#x", r->icmp_filter[0]);
	for (i = 0; r->family == AF_INET6 && i < 8; i++)
		if (r->icmp_filter[i]) {
			attr(d, "icmp6_filter", "%08x%08x%08x%08x%08x%08x%08x%08x",
			     r->icmp_filter[0], r->icmp_filter[1], r->icmp_filter[2],
			     r->icmp_filter[3], r->icmp_filter[4], r->icmp_filter[5],
			     r->icmp_filter[6], r->icmp_filter[7]);
			break;
		}
	if (r->family == AF_INET6)
		attr(d, "checksum", "%d", r->raw_checksum);
}

/* tcp, udp, ping, raw/<protocol>; "6" after it on IPv6. */
static void attr_inet_proto(struct dumpinfo *d, const struct vzcpt_img_inet *r)
{
	const char *v6 = r->family == AF_INET6 ? "6" : "";

	if (r->type == SOCK_RAW)
		attr(d, "proto", "raw%s/%u", v6, r->protocol);
	else if (r->type == SOCK_STREAM)
		attr(d, "proto", "tcp%s", v6);
	else
		attr(d, "proto", "%s%s", r->protocol == IPPROTO_UDP ? "udp" : "ping", v6);
}

static void on_inet(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_inet *r)
{
	const uint8_t *p = (const uint8_t *)(r + 1);
	struct vzcpt_img_dgram g;
	uint32_t i;

	close_to(d, 2);
	open_el(d, "inet");
	attr(d, "id", "%" PRIu64, id);
	attr_inet_proto(d, r);
	attr(d, "state", "%s", inet_state_name(r->state));
	attr_inet(d, "local", r->family, r->saddr, r->sport);
	if (img_inet_has_peer(r->state))
		attr_inet(d, "peer", r->family, r->daddr, r->dport);
	on_inet_opts(d, r);
	if (img_inet_tcp_conn(r->state)) {
		struct vzcpt_img_tcp t;

		memcpy(&t, p, sizeof(t));
		attr(d, "to_send", "%u", t.snd_len);
		attr(d, "unsent", "%u", t.snd_unsent);
		attr(d, "to_read", "%u", t.rcv_len);
		/* CLOSE_WAIT: the peer's FIN came, and a read gave its EOF or not. */
		if (t.flags & VZCPT_TCP_FIN_RCVD)
			attr(d, "peer_fin", "%s", t.flags & VZCPT_TCP_FIN_READ ? "read" : "unread");
		/* FIN_WAIT2: our FIN went and was acknowledged. */
		if (t.flags & VZCPT_TCP_FIN_ACKED)
			attr(d, "fin", "acked");
		/* FIN_WAIT1, LAST_ACK, CLOSING: ours after the send queue, not acknowledged. */
		if (t.flags & VZCPT_TCP_FIN_QUEUED)
			attr(d, "fin", "%s", t.flags & VZCPT_TCP_FIN_CROSSED ? "queued,crossed" : "queued");
		/* TCP_CLOSE: reset, timed out or closed both ways while its task holds it. */
		if (t.flags & VZCPT_TCP_ENDED)
			attr(d, "ended", "yes");
	}
	if (r->err)
		attr(d, "error", "%u", r->err);
	if (r->nr_dgrams)
		attr(d, "datagrams", "%u", r->nr_dgrams);
	/* Checked by the reader: the datagrams fill the record. */
	for (i = 0; i < r->nr_dgrams; i++) {
		memcpy(&g, p, sizeof(g));
		open_el(d, "dgram");
		attr_inet(d, "from", g.family, g.saddr, g.sport);
		if (g.dev[0])
			attr(d, "dev", "%s", g.dev);
		attr(d, "len", "%u", g.len);
		close_el(d);
		d->dgrams++;
		d->dgram_bytes += g.len;
		p += sizeof(g) + ((g.len + 7) & ~7U);
	}
	close_el(d);
	d->inet_socks++;
}

/* A piece of a connection's queue, after its INET record. */
static void on_tcp_queue(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_tcp_queue *q)
{
	close_to(d, 2);
	open_el(d, "tcp_queue");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "queue", "%s", q->queue == VZCPT_TCPQ_SEND ? "send" :
			       q->queue == VZCPT_TCPQ_RECV ? "receive" : "unsent");
	attr(d, "len", "%u", q->len);
	close_el(d);
}

/* A connection in its handshake on listener @id: the client, and what its SYN asked for. */
static void on_tcp_req(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_tcp_req *q)
{
	static const char * const flags[] = { "timestamps", "sack", "wscale", "ecn", "acked" };

	close_to(d, 2);
	open_el(d, "tcp_req");
	attr(d, "listener", "%" PRIu64, id);
	attr_prefix(d, "local", (uint8_t)q->family, q->loc_addr, -1);
	attr_inet(d, "peer", q->family, q->rmt_addr, q->rmt_port);
	attr(d, "mss", "%u", q->mss);
	attr_bits(d, "flags", q->flags, flags, sizeof(flags) / sizeof(flags[0]));
	if (q->flags & VZCPT_TCP_REQ_WSCALE)
		attr(d, "wscale", "%u/%u", q->snd_wscale, q->rcv_wscale);
	attr(d, "window", "%u", q->rcv_wnd);
	attr(d, "synack_resent", "%u", q->retrans);
	close_el(d);
}

static const char *netlink_proto_name(uint32_t proto)
{
	switch (proto) {
	case VZCPT_NETLINK_ROUTE:
		return "route";
	case VZCPT_NETLINK_SOCK_DIAG:
		return "sock_diag";
	case VZCPT_NETLINK_UEVENT:
		return "uevent";
	case VZCPT_NETLINK_GENERIC:
		return "generic";
	}
	return "?";
}

/* Groups as a list, "1,3,40", as NETLINK_LIST_MEMBERSHIPS numbers them (bit n - 1 is group n). */
static void attr_nl_groups(struct dumpinfo *d, const struct vzcpt_img_netlink *r)
{
	char buf[256] = "";
	size_t n = 0;
	unsigned int g;

	for (g = 0; g < VZCPT_NL_GROUPS && n < sizeof(buf) - 16; g++)
		if (r->groups[g / 64] >> (g % 64) & 1)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u", n ? "," : "", g + 1);
	if (n)
		d->o->attr(d->o, "groups", buf);
}

static void on_netlink(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_netlink *r)
{
	static const char * const flags[] = {
		"bound", "connected", "pktinfo", "broadcast_error", "no_enobufs", "listen_all_nsid",
		"cap_ack", "ext_ack", "strict_chk", "enobufs",
	};
	const uint8_t *p = (const uint8_t *)(r + 1);
	struct vzcpt_img_nlmsg m;
	uint32_t i;

	close_to(d, 2);
	open_el(d, "netlink");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "proto", "%s", netlink_proto_name(r->protocol));
	attr(d, "type", "%s", r->type == SOCK_DGRAM ? "dgram" : "raw");
	attr(d, "portid", "%u", r->portid);
	attr_bits(d, "flags", r->flags, flags, sizeof(flags) / sizeof(flags[0]));
	if (r->flags & VZCPT_NL_CONNECTED)
		attr(d, "peer", "%u/%u", r->dst_portid, r->dst_group);
	attr_nl_groups(d, r);
	if (r->opt.flags & VZCPT_SO_RCVBUF)
		attr(d, "rcvbuf", "%d", r->opt.rcvbuf);
	if (r->opt.flags & VZCPT_SO_SNDBUF)
		attr(d, "sndbuf", "%d", r->opt.sndbuf);
	if (r->nr_msgs)
		attr(d, "messages", "%u", r->nr_msgs);
	/* Checked by the reader: the messages fill the record. */
	for (i = 0; i < r->nr_msgs; i++) {
		memcpy(&m, p, sizeof(m));
		open_el(d, "nlmsg");
		attr(d, "from", "%u", m.portid);
		if (m.dst_group)
			attr(d, "group", "%u", m.dst_group);
		attr(d, "len", "%u", m.len);
		close_el(d);
		p += sizeof(m) + ((m.len + 7) & ~7U);
		d->nlmsgs++;
	}
	close_el(d);
	d->netlink_socks++;
}

/* A hardware address as ip(8) prints one, "02:00:00:00:00:01"; "" for none. */
static void hw_addr(char *buf, size_t size, const uint8_t *a, unsigned int len)
{
	size_t at = 0;
	unsigned int i;

	buf[0] = 0;
	for (i = 0; i < len && at + 4 < size; i++)
		at += (size_t)snprintf(buf + at, size - at, "%s%02x", i ? ":" : "", a[i]);
}

static void on_packet(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_packet *r)
{
	static const char * const flags[] = {
		"auxdata", "origdev", "vnet_hdr", "loss", "tx_has_off", "qdisc_bypass",
		"ignore_outgoing", "enetdown",
	};
	static const char * const mr[] = { "multicast", "promisc", "allmulti", "unicast" };
	const struct vzcpt_img_packet_mc *mc = (const void *)(r + 1);
	const uint8_t *p = (const uint8_t *)(mc + r->nr_mc);
	struct vzcpt_img_packet_msg m;
	char buf[160] = "";
	uint32_t i;

	close_to(d, 2);
	open_el(d, "packet");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "type", "%s", r->type == SOCK_DGRAM ? "dgram" : "raw");
	attr(d, "proto", "0x%04x", r->protocol);
	attr(d, "dev", "%s", r->dev[0] ? r->dev : "any");
	attr_bits(d, "flags", r->flags, flags, sizeof(flags) / sizeof(flags[0]));
	if (r->version)
		attr(d, "version", "%u", r->version + 1);
	if (r->reserve)
		attr(d, "reserve", "%u", r->reserve);
	if (r->opt.flags & VZCPT_SO_RCVBUF)
		attr(d, "rcvbuf", "%d", r->opt.rcvbuf);
	if (r->nr_pkts)
		attr(d, "packets", "%u", r->nr_pkts);
	/* Checked by the reader: the memberships, then the packets, fill the record. */
	for (i = 0; i < r->nr_mc; i++) {
		open_el(d, "membership");
		attr(d, "dev", "%s", mc[i].dev);
		attr(d, "type", "%s", mc[i].type < 4 ? mr[mc[i].type] : "?");
		hw_addr(buf, sizeof(buf), mc[i].addr, mc[i].alen);
		if (buf[0])
			attr(d, "addr", "%s", buf);
		if (mc[i].count > 1)
			attr(d, "count", "%u", mc[i].count);
		close_el(d);
	}
	for (i = 0; i < r->nr_pkts; i++) {
		memcpy(&m, p, sizeof(m));
		open_el(d, "pkt");
		attr(d, "dev", "%s", m.dev);
		attr(d, "proto", "0x%04x", m.protocol);
		hw_addr(buf, sizeof(buf), m.addr, m.halen);
		if (buf[0])
			attr(d, "from", "%s", buf);
		attr(d, "len", "%u", m.len);
		if (m.origlen != m.len)
			attr(d, "origlen", "%u", m.origlen);
		close_el(d);
		p += sizeof(m) + ((m.len + 7) & ~7U);
		d->packets++;
	}
	close_el(d);
	d->packet_socks++;
}

/* A TCP socket's further options: "tcp_opts: socket=7 notsent_lowat=4096 linger2=-1 err_soft=113". */
static void on_tcp_opts(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_tcp_opts *t)
{
	close_to(d, 2);
	open_el(d, "tcp_opts");
	attr(d, "socket", "%" PRIu64, id);
	if (t->notsent_lowat)
		attr(d, "notsent_lowat", "%u", t->notsent_lowat);
	if (t->window_clamp)
		attr(d, "window_clamp", "%u", t->window_clamp);
	if (t->linger2)
		attr(d, "linger2", "%d", t->linger2);
	if (t->err_soft)
		attr(d, "err_soft", "%u", t->err_soft);
	if (t->congestion[0])
		attr(d, "congestion", "%.16s", t->congestion);
	close_el(d);
}

/*
 * A socket's multicast state: "mcast: socket=7 ttl=5 flags=loop4,all4 if4=eth0
 * groups=239.1.2.3@eth0,232.1.1.1@eth0/include:2".
 */
static void on_inet_mcast(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_mcast *r)
{
	static const char * const flags[] = { "loop4", "all4", "loop6", "all6" };
	const struct vzcpt_img_mcast_group *g = (const void *)(r + 1);
	char buf[256] = "", a[INET6_ADDRSTRLEN];
	size_t n = 0;
	uint32_t i;

	close_to(d, 2);
	open_el(d, "mcast");
	attr(d, "socket", "%" PRIu64, id);
	attr(d, "ttl", "%u", r->ttl);
	if (r->hops)
		attr(d, "hops", "%d", r->hops);
	attr_bits(d, "flags", r->flags, flags, sizeof(flags) / sizeof(flags[0]));
	if (r->if4_dev[0])
		attr(d, "if4", "%.16s", r->if4_dev);
	if (r->if6_dev[0])
		attr(d, "if6", "%.16s", r->if6_dev);
	/* The first groups, enough to tell one socket from another. */
	for (i = 0; i < r->nr_groups && n < sizeof(buf) - 80; i++) {
		if (!inet_ntop(g[i].family == AF_INET6 ? AF_INET6 : AF_INET, g[i].group, a, sizeof(a)))
			snprintf(a, sizeof(a), "?");
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%s@%.16s", i ? "," : "", a,
				      g[i].dev);
		/* A filter of chosen sources: its mode and how many. */
		if (g[i].mode || g[i].nr_sources)
			n += (size_t)snprintf(buf + n, sizeof(buf) - n, "/%s:%u",
					      g[i].mode ? "include" : "exclude", g[i].nr_sources);
	}
	if (r->nr_groups)
		attr(d, "groups", "%s%s", buf, i < r->nr_groups ? ",..." : "");
	close_el(d);
	d->mcast_groups += r->nr_groups;
}

/* A socket's filter: its length, whether it is locked, and its program as tcpdump -ddd prints one. */
static void on_sock_filter(struct dumpinfo *d, uint64_t id,
			   const struct vzcpt_img_sock_filter_hdr *r)
{
	const struct vzcpt_img_sock_filter *f = (const void *)(r + 1);
	char buf[128] = "";
	size_t n = 0;
	uint32_t i;

	close_to(d, 2);
	open_el(d, "sock_filter");
	attr(d, "socket", "%" PRIu64, id);
	attr(d, "insns", "%u", r->len);
	if (r->flags & VZCPT_SOCKF_LOCKED)
		attr(d, "locked", "yes");
	/* The first instructions, "code jt jf k;...", enough to tell one program from another. */
	for (i = 0; i < r->len && n < sizeof(buf) - 40; i++)
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%s%u %u %u %u", i ? ";" : "",
				      f[i].code, f[i].jt, f[i].jf, f[i].k);
	if (r->len)
		attr(d, "prog", "%s%s", buf, i < r->len ? ";..." : "");
	close_el(d);
	d->sock_filters++;
}

static const char *policy_name(uint32_t policy)
{
	static const char * const names[] = { "other", "fifo", "rr", "batch", "iso", "idle" };

	return policy < sizeof(names) / sizeof(names[0]) ? names[policy] : "unknown";
}

/* CPUs as a list of ranges, "0-3,6". */
static void attr_cpus(struct dumpinfo *d, const struct vzcpt_img_taskx *x)
{
	char buf[128] = "";
	size_t n = 0;
	int cpu, first = -1, nr = VZCPT_TASKX_CPU_WORDS * 64;

	for (cpu = 0; cpu <= nr && n < sizeof(buf) - 24; cpu++) {
		int set = cpu < nr && (x->cpus[cpu / 64] >> (cpu % 64) & 1);

		if (set && first < 0)
			first = cpu;
		if (set || first < 0)
			continue;
		n += (size_t)snprintf(buf + n, sizeof(buf) - n, first == cpu - 1 ? "%s%d" : "%s%d-%d",
				      n ? "," : "", first, cpu - 1);
		first = -1;
	}
	d->o->attr(d->o, "cpus", buf);
}

static void on_taskx(struct dumpinfo *d, const struct vzcpt_img_taskx *x)
{
	close_to(d, 2);
	open_el(d, "sched");
	attr(d, "policy", "%s", policy_name(x->policy));
	if (x->rt_priority)
		attr(d, "priority", "%u", x->rt_priority);
	attr(d, "nice", "%d", x->nice);
	if (x->flags & VZCPT_TASKX_RESET_ON_FORK)
		attr(d, "reset_on_fork", "yes");
	if (x->flags & VZCPT_TASKX_ALL_CPUS)
		attr(d, "cpus", "all");
	else
		attr_cpus(d, x);
	close_el(d);
	if (!(x->ss_flags & VZCPT_SS_DISABLE)) {
		open_el(d, "sigaltstack");
		attr(d, "sp", "%#" PRIx64, (uint64_t)x->ss_sp);
		attr(d, "size", "%" PRIu64, (uint64_t)x->ss_size);
		if (x->ss_flags & VZCPT_SS_AUTODISARM)
			attr(d, "autodisarm", "yes");
		close_el(d);
	}
	if (x->ioprio || x->robust_list || x->timer_slack_ns) {
		open_el(d, "misc");
		if (x->ioprio)
			attr(d, "ioprio", "%u/%u", x->ioprio >> 13, x->ioprio & 0x1fff);
		if (x->robust_list)
			attr(d, "robust_list", "%#" PRIx64, (uint64_t)x->robust_list);
		if (x->timer_slack_ns)
			attr(d, "timer_slack_ns", "%" PRIu64, (uint64_t)x->timer_slack_ns);
		close_el(d);
	}
	if (x->flags & (VZCPT_TASKX_RESTORE_SIGMASK | VZCPT_TASKX_NO_NEW_PRIVS |
			VZCPT_TASKX_SUBREAPER | VZCPT_TASKX_CONTINUED | VZCPT_TASKX_CLD_CONTINUED |
			VZCPT_TASKX_STOPPED) ||
	    x->oom_score_adj || x->oom_score_adj_min) {
		open_el(d, "state");
		if (x->flags & VZCPT_TASKX_RESTORE_SIGMASK)
			attr(d, "saved_sigmask", "%#" PRIx64, (uint64_t)x->saved_sigmask);
		if (x->flags & VZCPT_TASKX_NO_NEW_PRIVS)
			attr(d, "no_new_privs", "yes");
		if (x->flags & VZCPT_TASKX_SUBREAPER)
			attr(d, "child_subreaper", "yes");
		if (x->flags & (VZCPT_TASKX_CONTINUED | VZCPT_TASKX_CLD_CONTINUED))
			attr(d, "continued", "%s", x->flags & VZCPT_TASKX_CLD_CONTINUED ?
			     "unreported" : "not waited for");
		if (x->flags & VZCPT_TASKX_STOPPED)
			attr(d, "stopped", "%u", x->stop_signal);
		if (x->flags & VZCPT_TASKX_STOP_UNREPORTED)
			attr(d, "stop_unreported", "yes");
		if (x->oom_score_adj || x->oom_score_adj_min) {
			attr(d, "oom_score_adj", "%d", x->oom_score_adj);
			attr(d, "oom_score_adj_min", "%d", x->oom_score_adj_min);
		}
		close_el(d);
	}
}

/* ---- the CT's SysV IPC namespace, inside its init's task element ---- */

static void on_ipcns(struct dumpinfo *d, const struct vzcpt_img_ipcns *n)
{
	close_to(d, 2);
	open_el(d, "ipcns");
	attr(d, "shmmax", "%" PRIu64, (uint64_t)n->shmmax);
	attr(d, "shmall", "%" PRIu64, (uint64_t)n->shmall);
	attr(d, "shmmni", "%u", n->shmmni);
	attr(d, "shm_rmid_forced", "%u", n->shm_rmid_forced);
	attr(d, "msgmax", "%u", n->msgmax);
	attr(d, "msgmnb", "%u", n->msgmnb);
	attr(d, "msgmni", "%u", n->msgmni);
	attr(d, "sem", "%u %u %u %u", n->sem[0], n->sem[1], n->sem[2], n->sem[3]);
	attr(d, "sem_sets", "%u", n->nr_sem);
	attr(d, "msg_queues", "%u", n->nr_msq);
	attr(d, "shm_segments", "%u", n->nr_shm);
	close_el(d);
}

static void ipc_perm(struct dumpinfo *d, const struct vzcpt_img_ipc_perm *p)
{
	attr(d, "id", "%d", p->id);
	attr(d, "key", "%#x", (unsigned int)p->key);
	attr(d, "uid", "%u", p->uid);
	attr(d, "gid", "%u", p->gid);
	attr(d, "cuid", "%u", p->cuid);
	attr(d, "cgid", "%u", p->cgid);
	attr(d, "mode", "%04o", p->mode);
}

/* The first values of @nsems 16-bit ones (signed: semadj), comma-separated, "..." if cut. */
static void sem_values(char *buf, size_t len, const void *vals, uint32_t nsems, bool sign)
{
	const uint16_t *u = vals;
	const int16_t *v = vals;
	size_t n = 0;
	uint32_t i;

	buf[0] = 0;
	for (i = 0; i < nsems && n < len - 16; i++)
		n += sign ? (size_t)snprintf(buf + n, len - n, "%s%d", i ? "," : "", v[i]) :
			    (size_t)snprintf(buf + n, len - n, "%s%u", i ? "," : "", u[i]);
	if (i < nsems)
		snprintf(buf + n, len - n, ",...");
}

static void on_sem(struct dumpinfo *d, const struct vzcpt_img_sem *s)
{
	char buf[128];

	sem_values(buf, sizeof(buf), s + 1, s->nsems, false);
	close_to(d, 2);
	open_el(d, "sem");
	ipc_perm(d, &s->perm);
	attr(d, "nsems", "%u", s->nsems);
	attr(d, "values", "%s", buf);
	close_el(d);
	d->sems++;
}

/* An undo entry: the set, and each semaphore's adjustment (what exit() adds to it). */
static void on_semundo(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_semundo *u)
{
	char buf[128];

	sem_values(buf, sizeof(buf), u + 1, u->nsems, true);
	close_to(d, 2);
	open_el(d, "semundo");
	attr(d, "list", "%" PRIu64, id);
	attr(d, "semid", "%d", u->semid);
	attr(d, "semadj", "%s", buf);
	close_el(d);
}

/*
 * A seccomp filter: the one it was added above, its flags, and its
 * program's size and last instruction (the return most filters end with).
 */
static void on_seccomp(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_seccomp *s)
{
	const struct vzcpt_img_sock_filter *f = (const void *)(s + 1);

	close_to(d, 2);
	open_el(d, "seccomp");
	attr(d, "id", "%" PRIu64, id);
	attr(d, "prev", "%" PRIu64, (uint64_t)s->prev_id);
	if (s->flags & VZCPT_SECCOMP_LOG)
		attr(d, "flags", "log");
	attr(d, "insns", "%u", s->len);
	attr(d, "last", "%#x:%#x", f[s->len - 1].code, f[s->len - 1].k);
	close_el(d);
}

static void on_msq(struct dumpinfo *d, const struct vzcpt_img_msq *q)
{
	close_to(d, 2);
	open_el(d, "msq");
	ipc_perm(d, &q->perm);
	attr(d, "qbytes", "%" PRIu64, (uint64_t)q->qbytes);
	attr(d, "messages", "%u", q->nr_msgs);
	d->msqs++;
}

static void on_shm(struct dumpinfo *d, const struct vzcpt_img_shm *s)
{
	close_to(d, 2);
	open_el(d, "shm");
	ipc_perm(d, &s->perm);
	attr(d, "size", "%" PRIu64, (uint64_t)s->size);
	attr(d, "pages", "%" PRIu64, (uint64_t)s->nr_pages);
	attr(d, "nattch", "%u", s->nattch);
	attr(d, "flags", "%s%s%s%s", s->flags ? "" : "none",
	     s->flags & VZCPT_SHM_LOCKED ? "locked" : "",
	     s->flags & VZCPT_SHM_DEST ? (s->flags & VZCPT_SHM_LOCKED ? ",dest" : "dest") : "",
	     s->flags & VZCPT_SHM_NORESERVE ?
	     (s->flags & (VZCPT_SHM_LOCKED | VZCPT_SHM_DEST) ? ",noreserve" : "noreserve") : "");
	close_el(d);
	d->shms++;
	d->shm_pages += s->nr_pages;
}

static void on_mqns(struct dumpinfo *d, const struct vzcpt_img_mqns *n)
{
	close_to(d, 2);
	open_el(d, "mqns");
	attr(d, "queues_max", "%u", n->queues_max);
	attr(d, "msg_max", "%u", n->msg_max);
	attr(d, "msgsize_max", "%u", n->msgsize_max);
	attr(d, "msg_default", "%u", n->msg_default);
	attr(d, "msgsize_default", "%u", n->msgsize_default);
	attr(d, "queues", "%u", n->nr_queues);
	close_el(d);
}

static void on_mq(struct dumpinfo *d, uint64_t id, const struct vzcpt_img_mq *q)
{
	static const char *const notify[] = {
		[VZCPT_MQ_NOTIFY_OFF] = "none", [VZCPT_MQ_NOTIFY_NONE] = "sigev_none",
		[VZCPT_MQ_NOTIFY_SIGNAL] = "sigev_signal",
	};

	close_to(d, 2);
	open_el(d, "mqueue");
	attr(d, "id", "%" PRIu64, id);
	attr_str(d, "name", (const char *)(q + 1), q->name_len);
	attr(d, "mode", "%#o", q->mode);
	attr(d, "uid", "%u", q->uid);
	attr(d, "gid", "%u", q->gid);
	attr(d, "maxmsg", "%u", q->maxmsg);
	attr(d, "msgsize", "%u", q->msgsize);
	attr(d, "messages", "%u", q->nr_msgs);
	if (q->flags & VZCPT_MQ_UNLINKED)
		attr(d, "unlinked", "yes");
	if (q->notify != VZCPT_MQ_NOTIFY_OFF) {
		attr(d, "notify", "%s", q->notify <= VZCPT_MQ_NOTIFY_SIGNAL ?
		     notify[q->notify] : "unknown");
		attr(d, "notify_pid", "%d", q->notify_pid);
	}
	if (q->notify == VZCPT_MQ_NOTIFY_SIGNAL) {
		attr(d, "notify_signo", "%u", q->notify_signo);
		attr(d, "notify_value", "%#" PRIx64, (uint64_t)q->notify_value);
	}
	d->mqueues++;
}

static void on_mq_msg(struct dumpinfo *d, const struct vzcpt_img_mq_msg *m)
{
	open_el(d, "mq_msg");
	attr(d, "prio", "%u", m->prio);
	attr(d, "bytes", "%u", m->len);
	close_el(d);
	d->mq_msgs++;
	d->mq_bytes += m->len;
}

static void on_msg(struct dumpinfo *d, const struct vzcpt_img_msg *m)
{
	open_el(d, "msg");
	attr(d, "type", "%" PRId64, (int64_t)m->mtype);
	attr(d, "bytes", "%u", m->len);
	close_el(d);
	d->msgs++;
}

static const char *ptimer_clock(int32_t clockid)
{
	switch (clockid) {
	case 0:
		return "realtime";
	case 1:
		return "monotonic";
	case 7:
		return "boottime";
	}
	return clockid < 0 ? "cpu" : "unknown";
}

/* A process's timers: each armed itimer, then each POSIX timer. */
static void on_timers(struct dumpinfo *d, const struct vzcpt_img_timers *tm)
{
	static const char * const names[VZCPT_NR_ITIMERS] = { "real", "virtual", "prof" };
	static const char * const notify[] = { "signal", "none", "?", "?", "thread" };
	const struct vzcpt_img_posix_timer *p = (const void *)(tm + 1);
	unsigned int i;

	close_to(d, 2);
	for (i = 0; i < VZCPT_NR_ITIMERS; i++) {
		const struct vzcpt_img_itimer *it = &tm->itimer[i];

		if (it->state == VZCPT_ITIMER_OFF && !it->interval_ns)
			continue;
		open_el(d, "itimer");
		attr(d, "which", "%s", names[i]);
		attr(d, "state", "%s", it->state == VZCPT_ITIMER_ARMED ? "armed" :
		     it->state == VZCPT_ITIMER_REARM ? "fired" : "off");
		attr(d, "value_ns", "%" PRId64, (int64_t)it->value_ns);
		attr(d, "interval_ns", "%" PRIu64, (uint64_t)it->interval_ns);
		close_el(d);
	}
	for (i = 0; i < tm->nr_posix; i++, p++) {
		open_el(d, "posix_timer");
		attr(d, "id", "%d", p->id);
		attr(d, "clock", "%s", ptimer_clock(p->clockid));
		if (p->clockid < 0)
			attr(d, "clockid", "%d", p->clockid);
		attr(d, "notify", "%s", p->notify < 5 ? notify[p->notify] : "?");
		attr(d, "signal", "%d", p->signo);
		attr(d, "value", "%#" PRIx64, (uint64_t)p->sigval);
		if (p->target)
			attr(d, "thread", "%d", p->target);
		if (p->flags & (VZCPT_PTIMER_ARMED | VZCPT_PTIMER_REARM)) {
			attr(d, "state", "%s", p->flags & VZCPT_PTIMER_ARMED ? "armed" : "fired");
			attr(d, "value_ns", "%" PRId64, (int64_t)p->value_ns);
			attr(d, "interval_ns", "%" PRIu64, (uint64_t)p->interval_ns);
		}
		if (p->flags & VZCPT_PTIMER_ABSTIME)
			attr(d, "abstime", "yes");
		attr(d, "overrun", "%" PRId64, (int64_t)p->overrun);
		attr(d, "overrun_last", "%" PRId64, (int64_t)p->overrun_last);
		if (p->flags & VZCPT_PTIMER_QUEUED) {
			attr(d, "queued", "%s", p->flags & VZCPT_PTIMER_REARM ? "rearms" : "yes");
			attr(d, "sig_overrun", "%d", p->sig_overrun);
			attr(d, "queue_seq", "%u", p->queue_seq);
		}
		close_el(d);
	}
}

static void on_lock(struct dumpinfo *d, const struct vzcpt_img_lock *l)
{
	static const char * const kinds[] = {
		[VZCPT_LOCK_POSIX] = "posix", [VZCPT_LOCK_OFD] = "ofd", [VZCPT_LOCK_FLOCK] = "flock",
	};

	close_to(d, 2);
	open_el(d, "lock");
	attr(d, "kind", "%s", l->kind >= VZCPT_LOCK_POSIX && l->kind <= VZCPT_LOCK_FLOCK ?
	     kinds[l->kind] : "?");
	attr(d, "type", "%s", l->type == VZCPT_LOCK_WRITE ? "write" : "read");
	attr(d, "file", "%" PRIu64, (uint64_t)l->file_id);
	attr(d, "start", "%" PRId64, (int64_t)l->start);
	if (l->end == VZCPT_LOCK_EOF)
		attr(d, "end", "eof");
	else
		attr(d, "end", "%" PRId64, (int64_t)l->end);
	if (l->pid)
		attr(d, "pid", "%d", l->pid);
	close_el(d);
	d->locks++;
}

static void on_record(struct dumpinfo *d, const struct img_reader *r)
{
	const void *p = r->payload;

	switch (r->hdr.type) {
	case VZCPT_REC_UTS: {
		const struct vzcpt_img_uts *u = p;

		open_el(d, "uts");
		attr_str(d, "hostname", u->nodename, sizeof(u->nodename));
		attr_str(d, "domainname", u->domainname, sizeof(u->domainname));
		close_el(d);
		break;
	}
	case VZCPT_REC_TASK:
		on_task(d, p);
		break;
	case VZCPT_REC_FD: {
		const struct vzcpt_img_fd *fd = p;

		close_to(d, 2);
		open_el(d, "fd");
		attr(d, "fd", "%u", fd->fd);
		attr(d, "file", "%" PRIu64, (uint64_t)fd->file_id);
		if (fd->cloexec)
			attr(d, "cloexec", "yes");
		close_el(d);
		d->fds++;
		break;
	}
	case VZCPT_REC_FILE:
		on_file(d, r->hdr.id, p);
		break;
	case VZCPT_REC_INET:
		on_inet(d, r->hdr.id, p);
		break;
	case VZCPT_REC_TCP_QUEUE:
		on_tcp_queue(d, r->hdr.id, p);
		break;
	case VZCPT_REC_TCP_REQ:
		on_tcp_req(d, r->hdr.id, p);
		break;
	case VZCPT_REC_NETLINK:
		on_netlink(d, r->hdr.id, p);
		break;
	case VZCPT_REC_PACKET:
		on_packet(d, r->hdr.id, p);
		break;
	case VZCPT_REC_INET_MCAST:
		on_inet_mcast(d, r->hdr.id, p);
		break;
	case VZCPT_REC_TCP_OPTS:
		on_tcp_opts(d, r->hdr.id, p);
		break;
	case VZCPT_REC_SOCK_FILTER:
		on_sock_filter(d, r->hdr.id, p);
		break;
	case VZCPT_REC_NETDEV:
		on_netdev(d, r->hdr.id, p);
		break;
	case VZCPT_REC_NETADDR:
		on_netaddr(d, p);
		break;
	case VZCPT_REC_NETROUTE:
		on_netroute(d, p);
		break;
	case VZCPT_REC_NETRULE:
		on_netrule(d, p);
		break;
	case VZCPT_REC_NETCONF:
		on_netconf(d, p);
		break;
	case VZCPT_REC_NETSYSCTL:
		on_netsysctl(d, p);
		break;
	case VZCPT_REC_NETNEIGH:
		on_netneigh(d, p);
		break;
	case VZCPT_REC_NFT:
		on_nft(d, p);
		break;
	case VZCPT_REC_XTABLE:
		on_xtable(d, p);
		break;
	case VZCPT_REC_CONNTRACK:
		on_conntrack(d, p);
		break;
	case VZCPT_REC_LOCK:
		on_lock(d, p);
		break;
	case VZCPT_REC_PIPE: {
		const struct vzcpt_img_pipe *pi = p;

		close_to(d, 2);
		open_el(d, "pipe");
		attr(d, "id", "%" PRIu64, (uint64_t)r->hdr.id);
		attr(d, "size", "%u", pi->size);
		attr(d, "buffered", "%u", pi->len);
		close_el(d);
		d->pipes++;
		d->pipe_bytes += pi->len;
		break;
	}
	case VZCPT_REC_FIFO: {
		const struct vzcpt_img_fifo *fi = p;

		close_to(d, 2);
		open_el(d, "fifo");
		attr(d, "id", "%" PRIu64, (uint64_t)r->hdr.id);
		attr_str(d, "path", (const char *)(fi + 1), fi->path_len);
		attr(d, "size", "%u", fi->size);
		attr(d, "buffered", "%u", fi->len);
		close_el(d);
		d->pipes++;
		d->pipe_bytes += fi->len;
		break;
	}
	case VZCPT_REC_GHOST: {
		const struct vzcpt_img_ghost *g = p;

		close_to(d, 2);
		open_el(d, "ghost");
		attr(d, "id", "%" PRIu64, (uint64_t)r->hdr.id);
		attr(d, "mode", "%#o", g->mode);
		attr(d, "owner", "%u:%u", g->uid, g->gid);
		attr(d, "size", "%" PRIu64, (uint64_t)g->size);
		attr(d, "data", "%" PRIu64, (uint64_t)g->data);
		attr(d, "mtime_ns", "%" PRId64, (int64_t)g->mtime_ns);
		if (g->path_len)
			attr_str(d, "path", (const char *)(g + 1), g->path_len);
		close_el(d);
		d->ghosts++;
		d->ghost_bytes += g->data;
		break;
	}
	case VZCPT_REC_TMPFS: {
		const struct vzcpt_img_tmpfs *t = p;
		const char *path = (const char *)(t + 1);

		close_to(d, 2);
		open_el(d, "dev_node");
		attr(d, "id", "%" PRIu64, (uint64_t)r->hdr.id);
		attr_str(d, "path", path, t->path_len);
		attr(d, "mode", "%#o", t->mode);
		attr(d, "owner", "%u:%u", t->uid, t->gid);
		if ((t->mode & S_IFMT) == S_IFCHR || (t->mode & S_IFMT) == S_IFBLK)
			attr(d, "rdev", "%u:%u", t->rdev_major, t->rdev_minor);
		if (t->target_len)
			attr_str(d, "target", path + t->path_len, t->target_len);
		if ((t->mode & S_IFMT) == S_IFREG) {
			attr(d, "size", "%" PRIu64, (uint64_t)t->size);
			attr(d, "data", "%" PRIu64, (uint64_t)t->data);
		}
		attr(d, "mtime_ns", "%" PRId64, (int64_t)t->mtime_ns);
		close_el(d);
		d->dev_nodes++;
		d->dev_bytes += t->data;
		break;
	}
	case VZCPT_REC_MOUNT:
		on_mount(d, r->hdr.id, p);
		break;
	case VZCPT_REC_UNIX:
		on_unix(d, r->hdr.id, p);
		break;
	case VZCPT_REC_FS: {
		const struct vzcpt_img_fs *f = p;
		const char *paths = (const char *)(f + 1);

		close_to(d, 2);
		open_el(d, "fs");
		attr_str(d, "cwd", paths, f->cwd_len);
		attr_str(d, "root", paths + f->cwd_len, f->root_len);
		attr(d, "umask", "%04o", f->umask);
		close_el(d);
		break;
	}
	case VZCPT_REC_SIGHAND: {
		const struct vzcpt_img_sighand *sh = p;
		unsigned int i, handled = 0, ignored = 0;

		for (i = 0; i < VZCPT_NSIG; i++) {
			handled += sh->action[i].handler > 1;
			ignored += sh->action[i].handler == 1;
		}
		close_to(d, 2);
		open_el(d, "sighand");
		attr(d, "handled", "%u", handled);
		attr(d, "ignored", "%u", ignored);
		close_el(d);
		break;
	}
	case VZCPT_REC_REGS: {
		const struct vzcpt_img_regs *rg = p;

		close_to(d, 2);
		open_el(d, "regs");
		attr(d, "ip", "%#" PRIx64, (uint64_t)rg->ip);
		attr(d, "sp", "%#" PRIx64, (uint64_t)rg->sp);
		attr(d, "ax", "%#" PRIx64, (uint64_t)rg->ax);
		attr(d, "orig_ax", "%" PRId64, (int64_t)rg->orig_ax);
		close_el(d);
		break;
	}
	case VZCPT_REC_XSTATE: {
		const struct vzcpt_img_xstate *xs = p;

		close_to(d, 2);
		open_el(d, "xstate");
		attr(d, "xfeatures", "%#" PRIx64, (uint64_t)xs->xfeatures);
		attr(d, "size", "%u", xs->size);
		close_el(d);
		break;
	}
	case VZCPT_REC_TASKX:
		on_taskx(d, p);
		break;
	case VZCPT_REC_IPCNS:
		on_ipcns(d, p);
		break;
	case VZCPT_REC_SEM:
		on_sem(d, p);
		break;
	case VZCPT_REC_SEMUNDO:
		on_semundo(d, r->hdr.id, p);
		break;
	case VZCPT_REC_SECCOMP:
		on_seccomp(d, r->hdr.id, p);
		break;
	case VZCPT_REC_MSQ:
		on_msq(d, p);
		break;
	case VZCPT_REC_MSG:
		on_msg(d, p);
		break;
	case VZCPT_REC_MQNS:
		on_mqns(d, p);
		break;
	case VZCPT_REC_MQ:
		on_mq(d, r->hdr.id, p);
		break;
	case VZCPT_REC_MQ_MSG:
		on_mq_msg(d, p);
		break;
	case VZCPT_REC_SHM:
		on_shm(d, p);
		break;
	case VZCPT_REC_TIMERS:
		on_timers(d, p);
		break;
	case VZCPT_REC_EVENTFD:
	case VZCPT_REC_SIGNALFD:
	case VZCPT_REC_TIMERFD:
	case VZCPT_REC_EPOLL:
	case VZCPT_REC_INOTIFY:
		on_evfd(d, &r->hdr, p);
		break;
	case VZCPT_REC_PTY:
		on_pty(d, r->hdr.id, p);
		break;
	case VZCPT_REC_SIGNALS: {
		const struct vzcpt_img_signals *s = p;

		close_to(d, 2);
		if (!s->private_mask && !s->shared_mask && !s->nr_private && !s->nr_shared)
			break;
		open_el(d, "signals");
		attr(d, "private", "%#" PRIx64, (uint64_t)s->private_mask);
		attr(d, "shared", "%#" PRIx64, (uint64_t)s->shared_mask);
		attr(d, "queued", "%u", s->nr_private + s->nr_shared);
		close_el(d);
		d->sigs += s->nr_private + s->nr_shared;
		break;
	}
	}
}

static void on_end(struct dumpinfo *d, const struct img_reader *r)
{
	close_to(d, 1);
	open_el(d, "summary");
	attr(d, "records", "%" PRIu64, r->nr);
	attr(d, "bytes", "%" PRIu64, r->off);
	attr(d, "tasks", "%" PRIu64, d->tasks);
	attr(d, "threads", "%" PRIu64, d->threads);
	attr(d, "mms", "%" PRIu64, d->mms);
	attr(d, "vmas", "%" PRIu64, d->vmas_total);
	attr(d, "pages", "%" PRIu64, d->pages);
	/* What the image itself carries: not the pages it takes from the pre-copy passes. */
	attr(d, "page_bytes", "%" PRIu64, (d->pages - d->precopied) * VZCPT_PAGE_SIZE);
	if (d->nr_passes)
		attr(d, "precopied_pages", "%" PRIu64, d->precopied);
	attr(d, "files", "%" PRIu64, d->files);
	attr(d, "fds", "%" PRIu64, d->fds);
	attr(d, "pipes", "%" PRIu64, d->pipes);
	attr(d, "pipe_bytes", "%" PRIu64, d->pipe_bytes);
	attr(d, "ghosts", "%" PRIu64, d->ghosts);
	attr(d, "ghost_bytes", "%" PRIu64, d->ghost_bytes);
	attr(d, "dev_nodes", "%" PRIu64, d->dev_nodes);
	attr(d, "dev_bytes", "%" PRIu64, d->dev_bytes);
	attr(d, "mounts", "%" PRIu64, d->mounts);
	attr(d, "unix_sockets", "%" PRIu64, d->unix_socks);
	attr(d, "unix_bytes", "%" PRIu64, d->unix_bytes);
	attr(d, "file_locks", "%" PRIu64, d->locks);
	attr(d, "queued_signals", "%" PRIu64, d->sigs);
	attr(d, "sem_sets", "%" PRIu64, d->sems);
	attr(d, "msg_queues", "%" PRIu64, d->msqs);
	attr(d, "messages", "%" PRIu64, d->msgs);
	attr(d, "shm_segments", "%" PRIu64, d->shms);
	attr(d, "shm_pages", "%" PRIu64, d->shm_pages);
	attr(d, "posix_mqueues", "%" PRIu64, d->mqueues);
	attr(d, "posix_messages", "%" PRIu64, d->mq_msgs);
	attr(d, "posix_message_bytes", "%" PRIu64, d->mq_bytes);
	attr(d, "inet_sockets", "%" PRIu64, d->inet_socks);
	attr(d, "netlink_sockets", "%" PRIu64, d->netlink_socks);
	attr(d, "netlink_messages", "%" PRIu64, d->nlmsgs);
	attr(d, "packet_sockets", "%" PRIu64, d->packet_socks);
	attr(d, "packets", "%" PRIu64, d->packets);
	attr(d, "socket_filters", "%" PRIu64, d->sock_filters);
	attr(d, "multicast_groups", "%" PRIu64, d->mcast_groups);
	attr(d, "net_devices", "%" PRIu64, d->netdevs);
	attr(d, "net_addresses", "%" PRIu64, d->netaddrs);
	attr(d, "routes", "%" PRIu64, d->netroutes);
	attr(d, "routing_rules", "%" PRIu64, d->netrules);
	attr(d, "net_sysctls", "%" PRIu64, d->netsysctls);
	attr(d, "neighbours", "%" PRIu64, d->netneighs);
	attr(d, "nftables_objects", "%" PRIu64, d->nfts);
	attr(d, "legacy_tables", "%" PRIu64, d->xtables);
	attr(d, "tracked_connections", "%" PRIu64, d->conntracks);
	attr(d, "datagrams", "%" PRIu64, d->dgrams);
	attr(d, "datagram_bytes", "%" PRIu64, d->dgram_bytes);
	close_el(d);
}

/* Decode the image on @fd to @out. Returns 0, or -1 with the reason printed. */
static int dumpinfo(int fd, const char *name, struct info_out *out)
{
	struct dumpinfo d = { .o = out };
	struct img_reader r;
	int n, err = 0;

	img_reader_init(&r, fd, name);
	while ((n = img_reader_next(&r)) > 0) {
		switch (r.hdr.type) {
		case VZCPT_REC_IMAGE:
			on_image(&d, r.payload);
			break;
		case VZCPT_REC_MM:
			err = on_mm(&d, r.hdr.id, r.payload);
			break;
		case VZCPT_REC_VMA:
			err = on_vma(&d, r.payload);
			break;
		case VZCPT_REC_PAGES:
			break;
		case VZCPT_REC_PRECOPY:
			err = on_precopy(&d, r.payload);
			break;
		case VZCPT_REC_PAGES_REF:
			/* The validator put it right after its mapping. */
			if (d.nr_vmas)
				d.vmas[d.nr_vmas - 1].precopied +=
					((const struct vzcpt_img_pages_ref *)r.payload)->nr;
			break;
		case VZCPT_REC_END:
			break;
		default:
			on_record(&d, &r);
			break;
		}
		if (err) {
			snprintf(r.err, sizeof(r.err), "%s: out of memory", name);
			n = -1;
			break;
		}
	}
	if (n == 0)
		on_end(&d, &r);
	close_to(&d, 0);
	free(d.vmas);
	free(d.exe);
	free(d.passes);
	if (out->finish(out))
		fprintf(stderr, "Error: cannot write the image description: %s\n", strerror(errno));
	if (n < 0)
		fprintf(stderr, "Error: %s\n", r.err);
	img_reader_free(&r);
	return n < 0 ? -1 : 0;
}

static int dumpinfo_usage(FILE *f)
{
	fprintf(f, "Usage: vzctl dumpinfo {FILE | --dumpfile FILE} [--xml]\n"
		   "  Describe a checkpoint image; FILE - reads standard input.\n");
	return f == stderr ? VZ_INVALID_PARAMETER_SYNTAX : 0;
}

int cmd_dumpinfo(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "dumpfile", required_argument, NULL, 'f' },
		{ "xml", no_argument, NULL, 'x' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *file = NULL;
	struct info_out *out;
	int c, xml = 0, fd, err;

	optind = 1;
	while ((c = getopt_long(argc, argv, "+", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			file = optarg;
			break;
		case 'x':
			xml = 1;
			break;
		case 'h':
			return dumpinfo_usage(stdout);
		default:
			return dumpinfo_usage(stderr);
		}
	}
	if (optind < argc && !file)
		file = argv[optind++];
	if (!file || optind < argc)
		return dumpinfo_usage(stderr);

	if (!strcmp(file, "-")) {
		fd = STDIN_FILENO;
		file = "stdin";
	} else {
		fd = open(file, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			fprintf(stderr, "Error: unable to open %s: %s\n", file, strerror(errno));
			return VZ_SYSTEM_ERROR;
		}
	}
	out = xml ? info_out_xml(stdout) : info_out_text(stdout);
	if (!out) {
		fprintf(stderr, "Error: cannot set up the %s writer\n", xml ? "XML" : "text");
		err = VZ_SYSTEM_ERROR;
	} else {
		err = dumpinfo(fd, file, out) ? VZ_BAD_IMAGE : 0;
	}
	if (fd != STDIN_FILENO)
		close(fd);
	return err;
}
