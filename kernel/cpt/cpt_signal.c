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
static struct sighand_struct *cpt_lock_sighand(struct task_struct *task, unsigned long *flags)
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

static unsigned int cpt_collect(struct sigpending *p, u8 *out, unsigned int max)
{
	struct sigqueue *q;
	unsigned int n = 0;

	list_for_each_entry(q, &p->list, list) {
		if (n == max)
			break;
		memcpy(out + n * CPT_SIGINFO_SIZE, &q->info, sizeof(q->info));
		n++;
	}
	return n;
}

/* Pending signals, private then shared, each with the siginfo it was queued with. */
int cpt_dump_signals(struct cpt_dump *d, struct task_struct *task, u64 task_id)
{
	unsigned int max = 2 * VZCPT_NSIG * 4;
	struct vzcpt_img_signals s = {};
	struct sighand_struct *ksh;
	unsigned long irqflags;
	u8 *infos;
	int err;

	BUILD_BUG_ON(sizeof(kernel_siginfo_t) > CPT_SIGINFO_SIZE);
	infos = kvzalloc(max * CPT_SIGINFO_SIZE, GFP_KERNEL);
	if (!infos)
		return -ENOMEM;
	ksh = cpt_lock_sighand(task, &irqflags);
	if (!ksh) {
		kvfree(infos);
		return -ESRCH;
	}
	s.private_mask = task->pending.signal.sig[0];
	s.shared_mask = task->signal->shared_pending.signal.sig[0];
	s.nr_private = cpt_collect(&task->pending, infos, max / 2);
	s.nr_shared = cpt_collect(&task->signal->shared_pending,
				  infos + s.nr_private * CPT_SIGINFO_SIZE, max / 2);
	spin_unlock_irqrestore(&ksh->siglock, irqflags);
	err = cpt_write_rec(d, VZCPT_REC_SIGNALS, task_id, &s, sizeof(s), infos,
			    (s.nr_private + s.nr_shared) * CPT_SIGINFO_SIZE);
	kvfree(infos);
	return err;
}
