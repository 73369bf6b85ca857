// SPDX-License-Identifier: GPL-2.0
/*
 * Dump one task: identity, credentials, limits, registers, FPU state and
 * the system call it was frozen in; then what it shares (mm, files, fs,
 * signal handlers) on their first sighting.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/elf.h>
#include <linux/errno.h>
#include <linux/fs_struct.h>
#include <linux/hrtimer.h>
#include <linux/pid_namespace.h>
#include <linux/posix-timers.h>
#include <linux/regset.h>
#include <linux/resource.h>
#include <linux/sched/coredump.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>
#include <asm/syscall.h>

#include "../common/vz_cputime.h"
#include "../common/vz_futex.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_freeze.h"
#include "cpt_ksyms.h"
#include "cpt_taskx.h"
#include "cpt_timers.h"

#ifndef ERESTART_RESTARTBLOCK
#define ERESTART_RESTARTBLOCK 516
#endif

static const struct user_regset *cpt_regset(struct task_struct *task, unsigned int note)
{
	const struct user_regset_view *view = task_user_regset_view(task);
	unsigned int i;

	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type == note)
			return &view->regsets[i];
	return NULL;
}

static u64 cpt_caps(kernel_cap_t c)
{
	return (u64)c.cap[1] << 32 | c.cap[0];
}

/*
 * Identity and privileges, as the task's credentials have them, with every
 * id as the CT's user namespace (its init's: the initial one for a CT
 * without a user namespace) sees it; the restore maps them back through the
 * restored CT's. What the record cannot hold fails the dump rather than
 * being cut: more groups than it has room for, an id that the CT's
 * namespace does not map, or a task in a user namespace below the CT's
 * (its capabilities would mean something else once restored).
 */
static int cpt_fill_creds(struct cpt_dump *d, struct vzcpt_img_task *t,
			  struct task_struct *task)
{
	const struct cred *ic = get_task_cred(d->tasks[0]);
	const struct cred *c = get_task_cred(task);
	struct user_namespace *ns = ic->user_ns;
	int err = -EOPNOTSUPP;
	unsigned int i;
	bool bad;

	if (c->user_ns != ns) {
		cpt_err(d->ctx, "task %d (%s) is in a user namespace other than the CT's, which cannot be carried yet",
			t->pid, task->comm);
		goto out;
	}
	if (c->group_info->ngroups > ARRAY_SIZE(t->groups)) {
		cpt_err(d->ctx, "task %d (%s) has %d supplementary groups; an image holds %zu",
			t->pid, task->comm, c->group_info->ngroups, ARRAY_SIZE(t->groups));
		goto out;
	}
	t->uid = from_kuid(ns, c->uid);
	t->euid = from_kuid(ns, c->euid);
	t->suid = from_kuid(ns, c->suid);
	t->fsuid = from_kuid(ns, c->fsuid);
	t->gid = from_kgid(ns, c->gid);
	t->egid = from_kgid(ns, c->egid);
	t->sgid = from_kgid(ns, c->sgid);
	t->fsgid = from_kgid(ns, c->fsgid);
	t->ngroups = c->group_info->ngroups;
	for (i = 0; i < t->ngroups; i++)
		t->groups[i] = from_kgid(ns, c->group_info->gid[i]);
	/* (u32)-1 is what from_kuid() says of an id the namespace does not map. */
	if (t->uid == (u32)-1 || t->euid == (u32)-1 || t->suid == (u32)-1 ||
	    t->fsuid == (u32)-1) {
		cpt_err(d->ctx, "task %d (%s) has a user id that the CT's user namespace does not map",
			t->pid, task->comm);
		goto out;
	}
	bad = t->gid == (u32)-1 || t->egid == (u32)-1 || t->sgid == (u32)-1 ||
	      t->fsgid == (u32)-1;
	for (i = 0; i < t->ngroups; i++)
		bad |= t->groups[i] == (u32)-1;
	if (bad) {
		cpt_err(d->ctx, "task %d (%s) has a group id that the CT's user namespace does not map",
			t->pid, task->comm);
		goto out;
	}
	t->cap_inheritable = cpt_caps(c->cap_inheritable);
	t->cap_permitted = cpt_caps(c->cap_permitted);
	t->cap_effective = cpt_caps(c->cap_effective);
	t->cap_bset = cpt_caps(c->cap_bset);
	t->cap_ambient = cpt_caps(c->cap_ambient);
	t->securebits = c->securebits;
	/* Both are reset by any change of credentials: the restore sets them after its own. */
	t->dumpable = task->mm ? get_dumpable(task->mm) : 0;	/* a zombie has none */
	t->pdeath_signal = task->mm ? task->pdeath_signal : 0;
	err = 0;
out:
	put_cred(c);
	put_cred(ic);
	return err;
}

/*
 * A relative clock_nanosleep() on a CPU-time clock (an absolute one is
 * restarted from its arguments, no restart_block): the time it has left
 * of its process's own clock, which a restore starts again from what the
 * restored process has used. A thread's clock or another process's is
 * refused: a restore would sample it before that thread or process runs.
 */
static int cpt_fill_cpu_nsleep(struct cpt_dump *d, struct vzcpt_img_task *t,
			       struct task_struct *task)
{
	struct restart_block *rb = &task->restart_block;
	clockid_t clock = rb->nanosleep.clockid;
	pid_t nr = task_pid_nr_ns(task, d->ctx->pidns);
	pid_t cpid = CPUCLOCK_PID(clock);
	u64 now;

	if (CPUCLOCK_PERTHREAD(clock) ||
	    (cpid && cpid != task_tgid_nr_ns(task, task_active_pid_ns(task)))) {
		cpt_err(d->ctx, "task %d (%s) sleeps in clock_nanosleep() on the CPU clock of another %s: cannot be carried yet",
			nr, task->comm, CPUCLOCK_PERTHREAD(clock) ? "thread" : "process");
		return -EOPNOTSUPP;
	}
	if (CPUCLOCK_WHICH(clock) >= CPUCLOCK_MAX ||
	    (rb->nanosleep.type != TT_NATIVE && rb->nanosleep.type != TT_NONE)) {
		cpt_err(d->ctx, "task %d (%s) sleeps on CPU clock %d in a way that cannot be carried yet",
			nr, task->comm, clock);
		return -EOPNOTSUPP;
	}
	now = vz_cpu_clock(task, CPUCLOCK_WHICH(clock), false, ksym_thread_group_cputime);
	t->restart_kind = VZCPT_RESTART_CPU_NANOSLEEP;
	t->restart_clockid = CPUCLOCK_WHICH(clock);
	t->restart_remaining_ns = rb->nanosleep.expires > now ?
				  min_t(u64, rb->nanosleep.expires - now, S64_MAX) : 0;
	t->restart_rmtp = rb->nanosleep.type == TT_NATIVE ?
			  (u64)(unsigned long)rb->nanosleep.rmtp : 0;
	return 0;
}

/* What an interrupted sleep resumes with: the time it has left, not its whole length. */
static int cpt_fill_restart(struct cpt_dump *d, struct vzcpt_img_task *t,
			    struct task_struct *task, const struct pt_regs *regs)
{
	struct restart_block *rb = &task->restart_block;
	pid_t nr = task_pid_nr_ns(task, d->ctx->pidns);
	s64 now;

	if (syscall_get_nr(task, (struct pt_regs *)regs) < 0 ||
	    regs->ax != (unsigned long)-ERESTART_RESTARTBLOCK)
		return 0;
	if (rb->fn == ksym_hrtimer_nanosleep_restart) {
		if (!cpt_frozen_clock(d->ctx, rb->nanosleep.clockid, &now))
			goto unsupported;
		if (rb->nanosleep.type != TT_NATIVE && rb->nanosleep.type != TT_NONE)
			goto unsupported;
		t->restart_kind = VZCPT_RESTART_NANOSLEEP;
		t->restart_clockid = rb->nanosleep.clockid;
		t->restart_remaining_ns = max_t(s64, 0, (s64)rb->nanosleep.expires - now);
		t->restart_rmtp = rb->nanosleep.type == TT_NATIVE ?
				  (u64)(unsigned long)rb->nanosleep.rmtp : 0;
		return 0;
	}
	if (rb->fn == ksym_posix_cpu_nsleep_restart)
		return cpt_fill_cpu_nsleep(d, t, task);
	if (rb->fn == ksym_do_restart_poll) {
		t->restart_kind = VZCPT_RESTART_POLL;
		t->restart_arg[0] = (u64)(unsigned long)rb->poll.ufds;
		t->restart_arg[1] = rb->poll.nfds;
		t->restart_arg[2] = rb->poll.has_timeout;
		if (rb->poll.has_timeout) {
			now = d->ctx->frozen_mono_ns;
			t->restart_remaining_ns = max_t(s64, 0,
							(s64)rb->poll.tv_sec * NSEC_PER_SEC +
							(s64)rb->poll.tv_nsec - now);
		}
		return 0;
	}
	if (rb->fn == ksym_futex_wait_restart) {
		if ((rb->futex.flags & ~VZ_FUTEX_FLAGS) ||
		    !(rb->futex.flags & VZ_FUTEX_HAS_TIMEOUT))
			goto unsupported;
		t->restart_kind = VZCPT_RESTART_FUTEX;
		t->restart_clockid = CLOCK_MONOTONIC;
		if (rb->futex.flags & VZ_FUTEX_CLOCKRT)
			t->restart_clockid = CLOCK_REALTIME;
		cpt_frozen_clock(d->ctx, t->restart_clockid, &now);
		t->restart_remaining_ns = max_t(s64, 0, ktime_to_ns(rb->futex.time) - now);
		t->restart_arg[0] = (u64)(unsigned long)rb->futex.uaddr;
		t->restart_arg[1] = rb->futex.val;
		t->restart_arg[2] = rb->futex.bitset;
		t->restart_arg[3] = rb->futex.flags & VZ_FUTEX_SHARED ? VZCPT_FUTEX_SHARED : 0;
		return 0;
	}
unsupported:
	cpt_err(d->ctx, "task %d (%s) is in a system call whose restart cannot be carried yet (%ps)",
		nr, task->comm, rb->fn);
	return -EOPNOTSUPP;
}

static int cpt_dump_regs(struct cpt_dump *d, struct task_struct *task, u64 id)
{
	const struct user_regset *rs = cpt_regset(task, NT_PRSTATUS);
	struct vzcpt_img_regs regs = {};
	struct vzcpt_img_xstate xs = {};
	void *buf;
	int err;

	if (!rs)
		return -ENODEV;
	err = regset_get(task, rs, sizeof(struct user_regs_struct), &regs);
	if (err < 0)
		return err;
	err = cpt_write_rec(d, VZCPT_REC_REGS, id, &regs, sizeof(regs), NULL, 0);
	if (err)
		return err;

	rs = cpt_regset(task, NT_X86_XSTATE);
	if (!rs) {
		cpt_err(d->ctx, "this CPU has no xsave: cannot dump FPU state");
		return -ENODEV;
	}
	xs.size = rs->n * rs->size;
	buf = kvzalloc(xs.size, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = regset_get(task, rs, xs.size, buf);
	if (err >= 0) {
		/*
		 * ptrace's xstate layout puts the user feature mask (XCR0) in
		 * word 0 of the FXSAVE software-reserved bytes, at byte 464.
		 */
		memcpy(&xs.xfeatures, (u8 *)buf + 464, sizeof(xs.xfeatures));
		err = cpt_write_rec(d, VZCPT_REC_XSTATE, id, &xs, sizeof(xs), buf, xs.size);
	}
	kvfree(buf);
	return err;
}

static int cpt_check_shared(struct cpt_dump *d, struct task_struct *task,
			    bool first, bool shared_with_creator, const char *what)
{
	if (first || shared_with_creator)
		return 0;
	cpt_err(d->ctx, "task %d (%s) shares its %s with a task other than its parent",
		task_pid_nr_ns(task, d->ctx->pidns), task->comm, what);
	return -EOPNOTSUPP;
}

/* What a TASK record says of every task, live or zombie: ids, name and credentials. */
static int cpt_fill_ids(struct cpt_dump *d, struct vzcpt_img_task *t, struct task_struct *task)
{
	struct pid_namespace *ns = d->ctx->pidns;

	t->pid = task_pid_nr_ns(task, ns);
	t->tgid = task_tgid_nr_ns(task, ns);
	t->pgid = task_pgrp_nr_ns(task, ns);
	t->sid = task_session_nr_ns(task, ns);
	get_task_comm(t->comm, task);
	return cpt_fill_creds(d, t, task);
}

/*
 * A process that exited and is not yet reaped: what keeps its pid, session
 * and group in use, what its parent's wait4()/waitid() report of it (pid,
 * uid, the status as wait_task_zombie() makes it) and what /proc shows.
 * Its CPU times and those of its reaped children are not carried: the
 * restored one reports the few it takes to exit. Its signal handlers are
 * its parent's at the restore, as they were at its fork if it changed none.
 */
static int cpt_dump_zombie(struct cpt_dump *d, struct task_struct *task)
{
	struct pid_namespace *ns = d->ctx->pidns;
	struct vzcpt_img_task *t;
	unsigned long flags;
	int err;

	/* Killed from outside since it was collected: a thread or a leader of live ones. */
	if (!thread_group_leader(task) || !thread_group_empty(task)) {
		cpt_err(d->ctx, "task %d (%s) was killed during the dump",
			task_pid_nr_ns(task, ns), task->comm);
		return -ESRCH;
	}
	err = cpt_refuse_zombie(d, task);
	if (err)
		return err;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = cpt_fill_ids(d, t, task);
	if (err)
		goto out;
	rcu_read_lock();
	t->ppid = task_pid_nr_ns(rcu_dereference(task->real_parent), ns);
	rcu_read_unlock();
	t->flags = VZCPT_TASK_ZOMBIE | cpt_orphan_flags(d, task);
	t->exit_signal = task->exit_signal;
	t->exit_code = task->signal->flags & SIGNAL_GROUP_EXIT ?
		       task->signal->group_exit_code : task->exit_code;
	/* What /proc shows of it (SigBlk, SigPnd, ShdPnd); its sighand goes with its reaping. */
	if (cpt_lock_sighand(task, &flags)) {
		t->blocked = task->blocked.sig[0];
		t->zombie_pending = task->pending.signal.sig[0];
		t->zombie_shared = task->signal->shared_pending.signal.sig[0];
		unlock_task_sighand(task, &flags);
	}
	err = cpt_write_rec(d, VZCPT_REC_TASK, t->pid, t, sizeof(*t), NULL, 0);
out:
	kfree(t);
	return err;
}

int cpt_dump_task(struct cpt_dump *d, struct task_struct *task)
{
	struct pid_namespace *ns = d->ctx->pidns;
	struct vzcpt_img_task *t;
	struct task_struct *creator;
	bool mm_first, files_first, fs_first, sh_first, undo_first = false;
	bool same_mm, same_files, same_fs, same_sh, same_undo;
	struct files_struct *files;
	struct mm_struct *mm;
	struct fs_struct *fs;
	struct sighand_struct *sighand;
	struct pt_regs *regs = task_pt_regs(task);
	struct cpt_seccomp *sc = NULL;
	void *undo;
	u64 id;
	int err, i;

	if (task->exit_state)	/* cpt_check_alive() let only a zombie it collected as one by */
		return cpt_dump_zombie(d, task);
	if (task->flags & PF_KTHREAD || !task->mm) {
		cpt_err(d->ctx, "task %d (%s) has no user memory", task_pid_nr_ns(task, ns),
			task->comm);
		return -EOPNOTSUPP;
	}
	err = cpt_refuse_task(d, task);
	if (err)
		return err;
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return -ENOMEM;
	err = cpt_fill_ids(d, t, task);
	if (err)
		goto out;
	/*
	 * The creator is only compared with, under RCU: no reference is held
	 * on it, and it may be killed and reaped while the dump goes on.
	 */
	rcu_read_lock();
	creator = thread_group_leader(task) ? rcu_dereference(task->real_parent) :
					       task->group_leader;
	t->ppid = t->pid == 1 ? 0 : task_pid_nr_ns(creator, ns);
	same_mm = READ_ONCE(creator->mm) == task->mm;
	same_files = READ_ONCE(creator->files) == task->files;
	same_fs = READ_ONCE(creator->fs) == task->fs;
	same_sh = READ_ONCE(creator->sighand) == task->sighand;
	/* Frozen, as its creator is: only their exit changes their undo lists. */
	undo = cpt_semundo_list(task);
	same_undo = cpt_semundo_list(creator) == undo;
	rcu_read_unlock();
	t->flags = thread_group_leader(task) ? cpt_orphan_flags(d, task) : VZCPT_TASK_THREAD;
	t->exit_signal = thread_group_leader(task) ? task->exit_signal : 0;
	t->personality = task->personality;
	t->blocked = task->blocked.sig[0];
	for (i = 0; i < VZCPT_RLIM_NLIMITS && i < RLIM_NLIMITS; i++) {
		t->rlim_cur[i] = task->signal->rlim[i].rlim_cur;
		t->rlim_max[i] = task->signal->rlim[i].rlim_max;
	}
	t->clear_child_tid = (u64)(unsigned long)task->clear_child_tid;
	t->fs_base = task->thread.fsbase;
	t->rseq = (u64)(unsigned long)task->rseq;
	t->rseq_len = task->rseq ? 32 : 0;	/* fixed in this kernel */
	t->rseq_sig = task->rseq_sig;
	t->gs_base = task->thread.gsbase;
	err = cpt_fill_restart(d, t, task, regs);
	if (err)
		goto out;

	/* Pointers as ids, read as exit_mm()/exit_files()/exit_fs() clear them: under task_lock. */
	task_lock(task);
	mm = task->mm;
	files = task->files;
	fs = task->fs;
	sighand = READ_ONCE(task->sighand);	/* cleared once an exited thread is released */
	task_unlock(task);
	if (!mm || !files || !fs || !sighand) {
		cpt_err(d->ctx, "task %d (%s) was killed during the dump", t->pid, task->comm);
		err = -ESRCH;
		goto out;
	}
	t->mm_id = cpt_obj_id(d, mm, &mm_first);
	t->files_id = cpt_obj_id(d, files, &files_first);
	t->fs_id = cpt_obj_id(d, fs, &fs_first);
	t->sighand_id = cpt_obj_id(d, sighand, &sh_first);
	t->sysvsem_id = undo ? cpt_obj_id(d, undo, &undo_first) : 0;
	err = -ENOMEM;
	if (!t->mm_id || !t->files_id || !t->fs_id || !t->sighand_id || (undo && !t->sysvsem_id))
		goto out;
	if (undo_first)
		t->nr_semundo = cpt_semundo_count(undo);
	err = cpt_seccomp_read(d, task, t, &sc);
	if (err)
		goto out;
	err = cpt_check_shared(d, task, mm_first, same_mm, "memory");
	if (!err)
		err = cpt_check_shared(d, task, files_first, same_files, "file table");
	if (!err)
		err = cpt_check_shared(d, task, fs_first, same_fs, "cwd and root");
	if (!err)
		err = cpt_check_shared(d, task, sh_first, same_sh, "signal handlers");
	if (!err && undo)
		err = cpt_check_shared(d, task, undo_first, same_undo,
				       "SysV semaphore undo list");
	if (err)
		goto out;

	id = t->pid;
	err = cpt_write_rec(d, VZCPT_REC_TASK, id, t, sizeof(*t), NULL, 0);
	if (!err && t->pid == 1)
		err = cpt_dump_ipc(d, task);
	if (!err && t->pid == 1)
		err = cpt_dump_tmpfs(d);
	if (!err && t->pid == 1)
		err = cpt_dump_mounts(d);
	if (!err && undo_first)
		err = cpt_dump_semundo(d, task, t->sysvsem_id, t->nr_semundo);
	if (!err && sc)
		err = cpt_dump_seccomp(d, sc);
	if (!err && (mm_first || files_first))
		err = cpt_dump_ghosts(d, task, mm_first, files_first);
	if (!err && mm_first)
		err = cpt_dump_mm(d, task, t->mm_id);
	if (!err && files_first)
		err = cpt_dump_files(d, task, t->files_id);
	if (!err && fs_first)
		err = cpt_dump_fs(d, task, t->fs_id);
	if (!err && sh_first)
		err = cpt_dump_sighand(d, task, t->sighand_id);
	if (!err)
		err = cpt_dump_regs(d, task, id);
	if (!err)
		err = cpt_dump_signals(d, task, id);
	if (!err)
		err = cpt_dump_taskx(d, task, id);
	if (!err && thread_group_leader(task))
		err = cpt_dump_timers(d, task, id);
out:
	cpt_seccomp_free(sc);
	kfree(t);
	return err;
}
