// SPDX-License-Identifier: GPL-2.0
/*
 * Restore signal handlers, the blocked mask, pending signals and a group
 * stop of the current task.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/jobctl.h>
#include <linux/sched/signal.h>
#include <linux/signal.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"
#include "rst_timers.h"

int rst_sighand(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	struct vzcpt_img_sighand *sh = ctx->rd.buf;
	struct sighand_struct *ksh = current->sighand;
	int i, err;

	/* Checked as sigaction() would check it (img_check.c): no action for SIGKILL, SIGSTOP. */
	err = rst_payload(ctx, VZCPT_REC_SIGHAND, sizeof(*sh));
	if (err)
		return err;
	spin_lock_irq(&ksh->siglock);
	for (i = 0; i < VZCPT_NSIG && i < _NSIG; i++) {
		struct k_sigaction *k = &ksh->action[i];
		const struct vzcpt_img_sigaction *a = &sh->action[i];

		k->sa.sa_handler = (__sighandler_t)(unsigned long)a->handler;
		k->sa.sa_flags = a->flags;
		k->sa.sa_restorer = (__sigrestore_t)(unsigned long)a->restorer;
		k->sa.sa_mask.sig[0] = a->mask & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	}
	spin_unlock_irq(&ksh->siglock);
	return 0;
}

/*
 * The blocked mask, then each pending signal queued again with its
 * siginfo: private ones to this thread, shared ones (in the thread group
 * leader's record only) to the whole thread group, as they were queued.
 */
int rst_apply_signals(struct rst_task *rt)
{
	const u8 *info = rt->siginfo;
	sigset_t blocked = { .sig = { rt->t.blocked } };
	kernel_siginfo_t ki;
	unsigned int i, n = rt->sig.nr_private + rt->sig.nr_shared;
	int err;

	if (rt->sig.nr_shared && rt->t.flags & VZCPT_TASK_THREAD) {
		rst_err(rt->ctx, "the image is corrupt: thread %d carries its process's signals",
			rt->t.pid);
		return -EINVAL;
	}
	sigdelsetmask(&blocked, sigmask(SIGKILL) | sigmask(SIGSTOP));
	err = sigprocmask(SIG_SETMASK, &blocked, NULL);
	if (err)
		return err;
	for (i = 0; i < n; i++) {
		/* Each si_signo was checked by the validator. */
		memcpy(&ki, info + i * 128, sizeof(ki));
		if (i < rt->sig.nr_private)
			err = send_sig_info(ki.si_signo, &ki, current);
		else
			err = ksym_kill_pid_info(ki.si_signo, &ki, task_tgid(current));
		if (err) {
			rst_err(rt->ctx, "cannot queue signal %d to task %d again (error %d)",
				ki.si_signo, rt->t.pid, err);
			return err;
		}
	}
	return rst_timers_queue(rt);
}

/*
 * A task the image has in a group stop stops again on its way out, as a
 * thread that joins a stopped group does (task_join_group_stop()): a stop
 * pending without JOBCTL_STOP_CONSUME, which stops it in the signal path
 * without telling its parent again. The parent's wait(WUNTRACED) still sees
 * the stop it had not taken (group_exit_code). The cgroup freezer counts a
 * stopped task as frozen; its thaw leaves it stopped, and a SIGCONT from
 * anyone continues it. Called after the task's children are made: a stop
 * pending makes a fork fail.
 */
void rst_apply_stop(struct rst_task *rt)
{
	struct signal_struct *sig = current->signal;

	if (!rt->stop_signal)
		return;
	spin_lock_irq(&current->sighand->siglock);
	if (!(rt->t.flags & VZCPT_TASK_THREAD)) {
		signal_set_stop_flags(sig, SIGNAL_STOP_STOPPED);
		sig->group_stop_count = 0;
		sig->group_exit_code = rt->stop_unreported ? rt->stop_signal : 0;
	}
	current->jobctl &= ~(JOBCTL_STOP_SIGMASK | JOBCTL_STOP_CONSUME);
	current->jobctl |= rt->stop_signal | JOBCTL_STOP_PENDING;
	set_thread_flag(TIF_SIGPENDING);
	spin_unlock_irq(&current->sighand->siglock);
}
