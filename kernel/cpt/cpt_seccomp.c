// SPDX-License-Identifier: GPL-2.0
/*
 * Dump a task's seccomp state: its mode and, in filter mode, its chain of
 * filters. Filters are shared (a child gets its parent's at fork, TSYNC
 * gives a thread its caller's), so each is an object carried once, by id,
 * with the id of the filter it was added above: the chains of the CT make
 * a tree. The first task whose chain holds a filter brings it, a SECCOMP
 * record after its TASK record, root side first.
 *
 * struct seccomp_filter is private to kernel/seccomp.c; what we read of it
 * (prev, prog, log, notif) is read as 6.1 lays it out. Each filter's
 * program is prog->orig_prog, the classic BPF the task gave seccomp(),
 * which CONFIG_CHECKPOINT_RESTORE keeps and PTRACE_SECCOMP_GET_FILTER
 * reads. Once attached, a filter never changes; a task's chain changes
 * only by the task itself or a TSYNC of one of its threads, and the CT is
 * frozen. The chain is copied under the task's siglock: it guards
 * task->seccomp, and the task's reference holds the whole chain until its
 * release, which clears ->sighand first (seccomp_filter_release()).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/filter.h>
#include <linux/sched/signal.h>
#include <linux/seccomp.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_taskx.h"

/* kernel/seccomp.c's struct action_cache and struct seccomp_filter, as 6.1 lays them out. */
#ifdef SECCOMP_ARCH_NATIVE
struct cpt_action_cache {
	DECLARE_BITMAP(allow_native, SECCOMP_ARCH_NATIVE_NR);
#ifdef SECCOMP_ARCH_COMPAT
	DECLARE_BITMAP(allow_compat, SECCOMP_ARCH_COMPAT_NR);
#endif
};
#else
struct cpt_action_cache { };
#endif

struct cpt_seccomp_filter {
	refcount_t refs;
	refcount_t users;
	bool log;
	bool wait_killable_recv;
	struct cpt_action_cache cache;
	struct cpt_seccomp_filter *prev;
	struct bpf_prog *prog;
	void *notif;		/* struct notification: a listener is attached */
	/* notify_lock and wqh follow: not read */
};

/* At most one filter per 5 instructions of a chain (MAX_INSNS_PER_PATH). */
#define CPT_SECCOMP_MAX_FILTERS	(VZCPT_SECCOMP_MAX_PATH / 5 + 1)

struct cpt_seccomp_one {
	const void *filter;	/* its address: the id's key */
	u64 id;
	u32 flags;
	u32 len;
	u32 off;		/* its first instruction in insns[] */
};

/*
 * A task's chain, copied: filters[0] is its last filter, filters[nr - 1]
 * the root; @tsync: a leader whose every thread has its last filter.
 */
struct cpt_seccomp {
	u32 nr, nr_new;
	bool tsync;
	struct cpt_seccomp_one filters[CPT_SECCOMP_MAX_FILTERS];
	struct vzcpt_img_sock_filter insns[VZCPT_SECCOMP_MAX_PATH];
};

/* What cannot be carried of @f; NULL if it can be. */
static const char *cpt_seccomp_why(const struct cpt_seccomp_filter *f)
{
	const struct sock_fprog_kern *fp = f->prog ? f->prog->orig_prog : NULL;

	if (READ_ONCE(f->notif))
		return "has a seccomp filter with a user-notification listener (NEW_LISTENER)";
	if (!fp || !fp->len || fp->len > VZCPT_SECCOMP_MAX_INSNS)
		return "has a seccomp filter whose classic BPF program the kernel did not keep";
	return NULL;
}

/* Copy the chain of @task into @sc under its siglock: 0, or why not. */
static const char *cpt_seccomp_copy(struct task_struct *task, struct cpt_seccomp *sc, int *mode)
{
	const struct cpt_seccomp_filter *f;
	const char *why = NULL;
	unsigned long flags;
	u32 used = 0;

	if (!cpt_lock_sighand(task, &flags))
		return "was killed during the dump";
	*mode = task->seccomp.mode;
	sc->nr = 0;
	f = *mode == SECCOMP_MODE_FILTER ? (const void *)task->seccomp.filter : NULL;
	if (*mode == SECCOMP_MODE_FILTER && !f)
		why = "is in seccomp filter mode without a filter";
	/* Its threads share its sighand: the siglock holds the group's list too. */
	sc->tsync = f && thread_group_leader(task) && !thread_group_empty(task);
	if (sc->tsync) {
		struct task_struct *th;

		for_each_thread(task, th)
			if (th->seccomp.mode != SECCOMP_MODE_FILTER ||
			    (const void *)th->seccomp.filter != f)
				sc->tsync = false;
	}
	for (; f && !why; f = f->prev) {
		struct cpt_seccomp_one *o = &sc->filters[sc->nr];
		const struct sock_fprog_kern *fp;

		why = cpt_seccomp_why(f);
		if (why)
			break;
		fp = f->prog->orig_prog;
		if (sc->nr == CPT_SECCOMP_MAX_FILTERS || fp->len > VZCPT_SECCOMP_MAX_PATH - used) {
			why = "has a seccomp chain longer than seccomp() allows";
			break;
		}
		o->filter = f;
		o->flags = f->log ? VZCPT_SECCOMP_LOG : 0;
		o->len = fp->len;
		o->off = used;
		/* struct sock_filter, field by field the same */
		memcpy(&sc->insns[used], fp->filter, fp->len * sizeof(sc->insns[0]));
		used += fp->len;
		sc->nr++;
	}
	unlock_task_sighand(task, &flags);
	return why;
}

/*
 * Read @task's seccomp state into @t (mode, last filter, the filters it
 * brings) and *@out (the chain, NULL for none) for cpt_dump_seccomp().
 */
int cpt_seccomp_read(struct cpt_dump *d, struct task_struct *task, struct vzcpt_img_task *t,
		     struct cpt_seccomp **out)
{
	struct cpt_seccomp *sc;
	const char *why;
	int mode, i;
	bool first;

	*out = NULL;
	t->seccomp_mode = READ_ONCE(task->seccomp.mode);
	if (t->seccomp_mode != SECCOMP_MODE_FILTER)
		return t->seccomp_mode > SECCOMP_MODE_FILTER ?
		       cpt_refuse(d, task, "has an unknown seccomp mode %u", t->seccomp_mode) : 0;
	sc = kvmalloc(sizeof(*sc), GFP_KERNEL);
	if (!sc)
		return -ENOMEM;
	why = cpt_seccomp_copy(task, sc, &mode);
	if (!why && mode != SECCOMP_MODE_FILTER)
		why = "had its seccomp mode changed during the dump";
	if (why) {
		kvfree(sc);
		return cpt_refuse(d, task, "%s: it cannot be carried", why);
	}
	/*
	 * Root first. A filter a task before us brought has its ancestors
	 * brought too: ours are a chain of known ones, then new ones.
	 */
	sc->nr_new = 0;
	for (i = sc->nr - 1; i >= 0; i--) {
		struct cpt_seccomp_one *o = &sc->filters[i];

		o->id = cpt_obj_id(d, o->filter, &first);
		if (!o->id) {
			kvfree(sc);
			return -ENOMEM;
		}
		if (first) {
			sc->nr_new++;
		} else if (sc->nr_new) {
			kvfree(sc);
			return cpt_refuse(d, task,
					  "has a seccomp filter dumped before above one that was not");
		}
	}
	t->seccomp_id = sc->filters[0].id;
	t->nr_seccomp = sc->nr_new;
	if (sc->tsync)
		t->flags |= VZCPT_TASK_SECCOMP_TSYNC;
	*out = sc;
	return 0;
}

/* The SECCOMP records of the filters of @sc no task before brought, root side first. */
int cpt_dump_seccomp(struct cpt_dump *d, struct cpt_seccomp *sc)
{
	struct vzcpt_img_seccomp r = {};
	int err = 0;
	u32 i;

	for (i = sc->nr_new; i > 0 && !err; i--) {
		const struct cpt_seccomp_one *o = &sc->filters[i - 1];

		r.prev_id = i < sc->nr ? sc->filters[i].id : 0;
		r.flags = o->flags;
		r.len = o->len;
		err = cpt_write_rec(d, VZCPT_REC_SECCOMP, o->id, &r, sizeof(r), &sc->insns[o->off],
				    o->len * sizeof(sc->insns[0]));
	}
	return err;
}

void cpt_seccomp_free(struct cpt_seccomp *sc)
{
	kvfree(sc);
}
