// SPDX-License-Identifier: GPL-2.0
/* Dump signal handlers and the signals pending for a task. */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"

#define CPT_SIGINFO_SIZE 128

/*
 * The task is frozen and referenced, but a SIGKILL from the host may still
 * make it exit: take its siglock only while it has a sighand.
 */
struct sighand_struct *cpt_lock_sighand(struct task_struct *task, unsigned long *flags)
{
	struct sighand_struct *sh;

	rcu_read_lock();
	sh = rcu_dereference(task->sighand);
	if (sh) {
		spin_lock_irqsave(&sh->siglock, *flags);
		if (sh != rcu_access_pointer(task->sighand)) {
			spin_unlock_irqrestore(&sh->siglock, *flags);
			sh = NULL;
		}
	}
	rcu_read_unlock();
	return sh;
}

int cpt_dump_sighand(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	struct vzcpt_img_sighand *sh;
	struct sighand_struct *ksh;
	unsigned long irqflags;
	int i, err;

	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return -ENOMEM;
	ksh = cpt_lock_sighand(task, &irqflags);
	if (!ksh) {
		kfree(sh);
		return -ESRCH;
	}
	for (i = 0; i < VZCPT_NSIG && i < _NSIG; i++) {
		const struct k_sigaction *k = &ksh->action[i];

		sh->action[i].handler = (u64)(unsigned long)k->sa.sa_handler;
		sh->action[i].flags = k->sa.sa_flags;
		sh->action[i].restorer = (u64)(unsigned long)k->sa.sa_restorer;
		sh->action[i].mask = k->sa.sa_mask.sig[0];
	}
	spin_unlock_irqrestore(&ksh->siglock, irqflags);
	err = cpt_write_rec(d, VZCPT_REC_SIGHAND, id, sh, sizeof(*sh), NULL, 0);
	kfree(sh);
	return err;
}

/* The most siginfos of one queue an image carries (the restore's bound too). */
#define CPT_QUEUE_MAX	(4 * VZCPT_NSIG)

/*
 * Copy a queue's siginfos; fail, naming what, when the image could not
 * hold it whole: more than CPT_QUEUE_MAX, a signal pending without its
 * siginfo (the kernel queues SIGKILL so), a signal beyond VZCPT_NSIG, or a
 * pending SIGKILL or SIGSTOP, which the restore would have to act on.
 * A POSIX timer's own signal (its preallocated sigqueue) is the timer's
 * record's (cpt_timers.c), which the restore queues after the others: one
 * of the same number as another signal queued here would change places
 * with it, and is refused.
 */
static int cpt_collect(struct sigpending *p, u8 *out, unsigned int *nr, int *bad)
{
	u64 seen = 0, timers = 0, mask = p->signal.sig[0];
	struct sigqueue *q;
	unsigned int n = 0;
	int sig;

	list_for_each_entry(q, &p->list, list) {
		sig = q->info.si_signo;
		if (sig <= 0 || sig > VZCPT_NSIG || sig == SIGKILL || sig == SIGSTOP) {
			*bad = sig;
			return -EBADMSG;
		}
		if (q->flags & SIGQUEUE_PREALLOC) {
			timers |= 1ULL << (sig - 1);
			continue;
		}
		if (n == CPT_QUEUE_MAX) {
			list_for_each_entry_continue(q, &p->list, list)
				n++;
			*nr = n + 1;
			return -E2BIG;
		}
		memcpy(out + n * CPT_SIGINFO_SIZE, &q->info, sizeof(q->info));
		seen |= 1ULL << (sig - 1);
		n++;
	}
	*nr = n;
	if (timers & seen) {
		*bad = __ffs64(timers & seen) + 1;
		return -EEXIST;
	}
	if (mask & ~(seen | timers)) {
		*bad = __ffs64(mask & ~(seen | timers)) + 1;
		return -EBADMSG;
	}
	return 0;
}

static int cpt_queue_err(struct cpt_dump *d, struct task_struct *task, int err,
			 const char *which, unsigned int nr, int sig)
{
	pid_t pid = task_pid_nr_ns(task, d->ctx->pidns);

	if (err == -E2BIG)
		cpt_err(d->ctx, "task %d (%s) has %u %s signals queued: the image carries at most %u",
			pid, task->comm, nr, which, CPT_QUEUE_MAX);
	else if (err == -EEXIST)
		cpt_err(d->ctx, "task %d (%s) has %s signal %d queued by a POSIX timer and by another sender: their order cannot be carried yet",
			pid, task->comm, which, sig);
	else if (sig == SIGKILL || sig == SIGSTOP)
		cpt_err(d->ctx, "task %d (%s) has %s pending: it cannot be carried yet",
			pid, task->comm, sig == SIGKILL ? "SIGKILL" : "SIGSTOP");
	else
		cpt_err(d->ctx, "task %d (%s) has %s signal %d pending without its siginfo: it cannot be carried yet",
			pid, task->comm, which, sig);
	return -EOPNOTSUPP;
}

/*
 * Pending signals, private then shared, each with the siginfo it was
 * queued with. The shared ones go in the thread group leader's record
 * only: they are the process's, queued once for all its threads.
 */
int cpt_dump_signals(struct cpt_dump *d, struct task_struct *task, u64 task_id)
{
	struct vzcpt_img_signals s = {};
	struct sighand_struct *ksh;
	unsigned long irqflags;
	const char *which;
	int err, sig = 0;
	u8 *infos;

	BUILD_BUG_ON(sizeof(kernel_siginfo_t) > CPT_SIGINFO_SIZE);
	infos = kvzalloc(2 * CPT_QUEUE_MAX * CPT_SIGINFO_SIZE, GFP_KERNEL);
	if (!infos)
		return -ENOMEM;
	ksh = cpt_lock_sighand(task, &irqflags);
	if (!ksh) {
		kvfree(infos);
		return -ESRCH;
	}
	which = "private";
	s.private_mask = task->pending.signal.sig[0];
	err = cpt_collect(&task->pending, infos, &s.nr_private, &sig);
	if (!err && thread_group_leader(task)) {
		which = "shared";
		s.shared_mask = task->signal->shared_pending.signal.sig[0];
		err = cpt_collect(&task->signal->shared_pending,
				  infos + s.nr_private * CPT_SIGINFO_SIZE, &s.nr_shared, &sig);
	}
	spin_unlock_irqrestore(&ksh->siglock, irqflags);
	if (err)
		err = cpt_queue_err(d, task, err, which,
				    err == -E2BIG && s.nr_shared ? s.nr_shared : s.nr_private, sig);
	else
		err = cpt_write_rec(d, VZCPT_REC_SIGNALS, task_id, &s, sizeof(s), infos,
				    (s.nr_private + s.nr_shared) * CPT_SIGINFO_SIZE);
	kvfree(infos);
	return err;
}
