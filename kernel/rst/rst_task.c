// SPDX-License-Identifier: GPL-2.0
/*
 * Restore one task, in its own context: a task_work run on its way back to
 * user space. It rebuilds itself from its records, creates (with its exact
 * pid, through kernel_clone) each task the image lists next as its own, and
 * hands it the image reader until that task's subtree is done.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/capability.h>
#include <linux/cred.h>
#include <linux/key.h>
#include <linux/pid_namespace.h>
#include <linux/resource.h>
#include <linux/sched/coredump.h>
#include <linux/sched/mm.h>
#include <linux/rseq.h>
#include <linux/securebits.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/uidgid.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>

#include "../common/vz_cputime.h"
#include "../common/vz_fault.h"
#include "../common/vz_futex.h"
#include "rst_context.h"
#include "rst_files.h"
#include "rst_ksyms.h"
#include "rst_task.h"
#include "rst_timers.h"
#include "rst_tty.h"

#ifndef ERESTART_RESTARTBLOCK
#define ERESTART_RESTARTBLOCK 516
#endif

struct rst_task *rst_task_alloc(struct rst_context *ctx, const struct vzcpt_img_task *t)
{
	struct rst_task *rt;

	if (vz_fault("task"))
		return NULL;
	rt = kzalloc(sizeof(*rt), GFP_KERNEL);
	if (!rt)
		return NULL;
	rt->ctx = ctx;
	rt->t = *t;
	init_completion(&rt->done);
	INIT_LIST_HEAD(&rt->list);
	spin_lock(&ctx->tasks_lock);
	list_add_tail(&rt->list, &ctx->tasks);
	spin_unlock(&ctx->tasks_lock);
	return rt;
}

void rst_task_free(struct rst_task *rt)
{
	if (rt->task)
		put_task_struct(rt->task);
	kvfree(rt->xstate);
	kvfree(rt->siginfo);
	kvfree(rt->ptimers);
	kfree(rt);
}

/* Mark an object id restored; an id seen twice outside of sharing is a corrupt image. */
static int rst_claim(struct rst_context *ctx, u64 id, const char *what)
{
	int err = xa_insert(&ctx->seen, id, xa_mk_value(1), GFP_KERNEL);

	if (err == -EBUSY)
		rst_err(ctx, "the image is corrupt: %s %llu is used twice", what, id);
	return err;
}

static int rst_task_records(struct rst_task *rt, const struct vzcpt_img_task *creator)
{
	struct rst_context *ctx = rt->ctx;
	const struct vzcpt_img_task *t = &rt->t;
	struct vzcpt_img_xstate *xs;
	u32 len;
	int err;

	err = rst_ghosts(rt);
	if (!err && (!creator || t->mm_id != creator->mm_id)) {
		err = rst_claim(ctx, t->mm_id, "address space");
		if (!err)
			err = rst_mm(rt);
	}
	if (!err && (!creator || t->files_id != creator->files_id)) {
		err = rst_claim(ctx, t->files_id, "fd table");
		if (!err)
			err = rst_files(rt);
	}
	if (!err && (!creator || t->fs_id != creator->fs_id)) {
		err = rst_claim(ctx, t->fs_id, "fs");
		if (!err)
			err = rst_fs(rt);
	}
	if (!err && (!creator || t->sighand_id != creator->sighand_id)) {
		err = rst_claim(ctx, t->sighand_id, "signal handler table");
		if (!err)
			err = rst_sighand(rt);
	}
	if (err)
		return err;

	err = rst_payload(ctx, VZCPT_REC_REGS, sizeof(rt->regs));
	if (err)
		return err;
	memcpy(&rt->regs, ctx->rd.buf, sizeof(rt->regs));

	err = rst_payload(ctx, VZCPT_REC_XSTATE, sizeof(*xs));
	if (err)
		return err;
	xs = ctx->rd.buf;
	rt->xstate_size = xs->size;
	rt->xstate = kvmalloc(xs->size, GFP_KERNEL);
	if (!rt->xstate)
		return -ENOMEM;
	memcpy(rt->xstate, xs + 1, xs->size);

	err = rst_payload(ctx, VZCPT_REC_SIGNALS, sizeof(rt->sig));
	if (err)
		return err;
	memcpy(&rt->sig, ctx->rd.buf, sizeof(rt->sig));
	len = ctx->rd.hdr.len - sizeof(rt->sig);	/* the validator matched it to the counts */
	if (len) {
		rt->siginfo = kvmalloc(len, GFP_KERNEL);
		if (!rt->siginfo)
			return -ENOMEM;
		memcpy(rt->siginfo, (u8 *)ctx->rd.buf + sizeof(rt->sig), len);
	}
	return 0;
}

/* Read the next TASK record ahead, if the next record is one. */
static int rst_peek_task(struct rst_context *ctx, bool *have)
{
	int err;

	*have = ctx->have_next;
	if (*have)
		return 0;
	err = rst_next(ctx);
	if (err || ctx->rd.hdr.type != VZCPT_REC_TASK)
		return err;
	err = rst_payload(ctx, VZCPT_REC_TASK, sizeof(ctx->next));
	if (err)
		return err;
	memcpy(&ctx->next, ctx->rd.buf, sizeof(ctx->next));
	ctx->have_next = *have = true;
	return 0;
}

/*
 * The first code a created task runs, before it returns to user space
 * (where its work runs). The undump ioctl is in progress and waits for the
 * task to leave: it is the ioctl that keeps this module loaded meanwhile.
 */
static int rst_child_start(void *arg)
{
	struct rst_task *rt = arg;

	WRITE_ONCE(rt->task, get_task_struct(current));
	/*
	 * Made by a helper (rst_ptree.c), CLONE_PARENT gave it the helper's 0.
	 * Its own, before it runs any code: tasklist_lock, which guards it, is
	 * not exported, and no other task reads it before our exit or our
	 * parent's (which waits for our restore to finish).
	 */
	if (!(rt->t.flags & VZCPT_TASK_THREAD))
		WRITE_ONCE(current->exit_signal, rt->t.exit_signal);
	init_task_work(&rt->cb, rst_task_work);
	/* Never fails for a task that has not yet run: the work precedes any user code. */
	if (task_work_add(current, &rt->cb, TWA_SIGNAL))
		complete(&rt->done);
	return 0;
}

static int rst_zombie_start(void *arg);
static int rst_zombie_dead(struct rst_task *me, struct rst_task *z);

/* A task stuck reading the image is killed with the restore: wait killably. */
static int rst_wait_done(struct rst_task *rt)
{
	return wait_for_completion_killable(&rt->done) ? -EINTR : 0;
}

/* Create the task of @t (the record just read ahead) as our child or thread. */
static int rst_create(struct rst_task *me, const struct vzcpt_img_task *t)
{
	struct rst_context *ctx = me->ctx;
	bool thread = t->flags & VZCPT_TASK_THREAD;
	struct kernel_clone_args args = {};
	struct rst_task *child;
	pid_t pid = t->pid;
	bool reaped;
	long ret;

	args.flags = CLONE_UNTRACED;
	if (t->mm_id == me->t.mm_id)
		args.flags |= CLONE_VM;
	if (t->files_id == me->t.files_id)
		args.flags |= CLONE_FILES;
	if (t->fs_id == me->t.fs_id)
		args.flags |= CLONE_FS;
	if (t->sighand_id == me->t.sighand_id)
		args.flags |= CLONE_SIGHAND;
	if (thread)
		args.flags |= CLONE_THREAD;
	/* Our undo list, made with its entries (rst_semundo()) before we make any child. */
	if (t->sysvsem_id && t->sysvsem_id == me->t.sysvsem_id)
		args.flags |= CLONE_SYSVSEM;
	if ((args.flags & CLONE_SIGHAND && !(args.flags & CLONE_VM)) ||
	    (thread && (!(args.flags & CLONE_SIGHAND) || t->tgid != me->t.tgid))) {
		rst_err(ctx, "the image is corrupt: task %d cannot share what it shares", pid);
		return -EINVAL;
	}
	args.exit_signal = thread ? 0 : t->exit_signal;
	args.set_tid = &pid;
	args.set_tid_size = 1;
	args.fn = rst_child_start;
	/* A zombie's mm, files and fs are dropped as it exits: the parent's, not copies. */
	if (t->flags & VZCPT_TASK_ZOMBIE) {
		args.flags = CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_UNTRACED;
		args.fn = rst_zombie_start;
	}

	child = rst_task_alloc(ctx, t);
	if (!child)
		return -ENOMEM;
	child->zombie = t->flags & VZCPT_TASK_ZOMBIE;
	child->creator = &me->t;
	args.fn_arg = child;
	ctx->have_next = false;
	/* Before the clone: a killer waits for what may be running already. */
	WRITE_ONCE(child->started, true);
	ret = rst_clone_task(me, &args, t, &reaped);
	if (ret < 0) {
		/* rst_clone_task() said why. */
		WRITE_ONCE(child->started, false);
		return ret;
	}
	ret = rst_wait_done(child);
	if (!ret && !reaped)
		ret = -EINTR;
	if (!ret && child->zombie)
		ret = rst_zombie_dead(me, child);
	return ret ? ret : READ_ONCE(ctx->err);
}

/*
 * The task's session and process group: its own, or one a task restored
 * before it made. What the calls give is checked, not their return: a task
 * in the wrong group would otherwise run on as if restored.
 */
static int rst_set_ids(struct rst_task *rt)
{
	struct pt_regs regs = {};
	const struct vzcpt_img_task *t = &rt->t;
	long err = 0;

	if (t->sid == t->pid && t->pgid == t->pid) {
		err = ksym_ksys_setsid();
	} else if (t->pgid && t->pgid != task_pgrp_vnr(current)) {
		regs.di = 0;
		regs.si = t->pgid;
		err = ksym_sys_setpgid(&regs);
	}
	if ((t->sid && task_session_vnr(current) != t->sid) ||
	    (t->pgid && task_pgrp_vnr(current) != t->pgid)) {
		rst_err(rt->ctx, "task %d (%s) cannot be put back in its session %d and process group %d: it is in %d and %d (error %ld)",
			t->pid, t->comm, t->sid, t->pgid, task_session_vnr(current),
			task_pgrp_vnr(current), err < 0 ? err : 0);
		return err < 0 ? err : -EINVAL;
	}
	return 0;
}

/* The capabilities this kernel knows; 6.1 has no CAP_VALID_MASK of its own. */
#define RST_CAP_VALID_MASK	GENMASK_ULL(CAP_LAST_CAP, 0)

static u64 rst_caps_of(kernel_cap_t c)
{
	return (u64)c.cap[1] << 32 | c.cap[0];
}

static kernel_cap_t rst_caps(u64 v)
{
	kernel_cap_t c = { { (u32)v, (u32)(v >> 32) } };

	return c;
}

/* As vzctl's --capability spells them (capability n at n): what a refusal names. */
static const char *const rst_cap_names[CAP_LAST_CAP + 1] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

/*
 * An image whose tasks held a capability the CT's bounding set has not (it
 * was dumped with more, or before the set shrank): name the first such one
 * and the way to allow it, since the restore cannot take it.
 */
static int rst_refuse_cap(struct rst_task *rt, u64 extra)
{
	const struct vzcpt_img_task *t = &rt->t;
	unsigned int cap = __ffs64(extra);

	rst_err(rt->ctx, "task %d (%s) in the image holds capability %s, which CT %u's bounding set does not: allow it with vzctl set %u --capability %s:on",
		t->pid, t->comm, rst_cap_names[cap], rt->ctx->ctid, rt->ctx->ctid,
		rst_cap_names[cap]);
	return -EPERM;
}

/*
 * What the restorer could give itself through capset and prctl: no bit this
 * kernel does not know, nothing outside the restorer's bounding set (what
 * the CT is allowed), effective within permitted, ambient within permitted
 * and inheritable, only the known securebits and none its locks forbid.
 */
static int rst_check_creds(struct rst_task *rt, const struct cred *old)
{
	const struct vzcpt_img_task *t = &rt->t;
	u64 bset = rst_caps_of(old->cap_bset), perm = rst_caps_of(old->cap_permitted);
	u64 all = t->cap_inheritable | t->cap_permitted | t->cap_effective | t->cap_bset |
		  t->cap_ambient;
	unsigned int locked = (old->securebits & SECURE_ALL_LOCKS) >> 1;
	const char *why = NULL;

	if (all & ~RST_CAP_VALID_MASK)
		why = "capabilities this kernel does not know";
	else if (all & ~bset)
		return rst_refuse_cap(rt, all & ~bset);
	else if (t->cap_permitted & ~perm)
		why = "capabilities beyond what the restorer holds";
	else if (t->cap_effective & ~t->cap_permitted)
		why = "effective capabilities that are not permitted";
	else if (t->cap_ambient & ~(t->cap_permitted & t->cap_inheritable))
		why = "ambient capabilities that are not permitted and inheritable";
	else if (t->securebits & ~(SECURE_ALL_BITS | SECURE_ALL_LOCKS) ||
		 (t->securebits ^ old->securebits) & locked)
		why = "securebits that cannot be set";
	else if (t->dumpable > SUID_DUMP_ROOT || !valid_signal(t->pdeath_signal) ||
		 t->pdeath_signal < 0)
		why = "a bad dumpable flag or parent-death signal";
	if (why) {
		rst_err(rt->ctx, "task %d (%s) in the image has %s", t->pid, t->comm, why);
		return -EPERM;
	}
	return 0;
}

/*
 * The uid's own user_struct (its keyrings; RLIMIT_NPROC spares root's only)
 * and ucounts (the process count RLIMIT_NPROC checks), switched as
 * setresuid does: prepare_creds() left the restorer's in place.
 */
static int rst_set_user(struct cred *c)
{
	struct user_struct *u;

	if (!uid_eq(c->user->uid, c->uid)) {
		u = ksym_alloc_uid(c->uid);
		if (!u)
			return -EAGAIN;
		free_uid(c->user);
		c->user = u;
	}
	return ksym_set_cred_ucounts(c);
}

/* No keyring is carried: the restorer's must not become the CT's. */
static void rst_drop_keyrings(struct cred *c)
{
#ifdef CONFIG_KEYS
	key_put(c->session_keyring);
	c->session_keyring = NULL;
	key_put(c->process_keyring);
	c->process_keyring = NULL;
	key_put(c->thread_keyring);
	c->thread_keyring = NULL;
	key_put(c->request_key_auth);
	c->request_key_auth = NULL;
#endif
}

/*
 * The image's ids are as the dumped CT's user namespace saw them; they become
 * ids of the restored CT's, the seed's (every restored task descends from
 * it and keeps its namespace). An image of a CT with a user namespace goes
 * only into one with its own, and one without only into one without: else a
 * uid 0 that was the CT's would become the host's root, or the reverse.
 * The seed's user namespace must also own its pid namespace (vzctl made
 * both at once): then capabilities restored relative to it reach nothing
 * outside the CT.
 */
int rst_check_userns(struct rst_context *ctx)
{
	struct task_struct *seed = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	bool image_userns = ctx->img.flags & VZCPT_IMAGE_USERNS;
	struct user_namespace *ns;
	int err = 0;

	if (!seed) {
		rst_err(ctx, "the restore seed of CT %u is gone", ctx->ctid);
		return -ESRCH;
	}
	rcu_read_lock();
	ns = __task_cred(seed)->user_ns;
	if (ns != ctx->pidns->user_ns) {
		rst_err(ctx, "the restore seed of CT %u is in a user namespace other than its pid namespace's",
			ctx->ctid);
		err = -EPERM;
	} else if (image_userns != (ns != &init_user_ns)) {
		rst_err(ctx, "the image is of a CT %s a user namespace, CT %u is %s one: its ids would not mean the same",
			image_userns ? "with" : "without", ctx->ctid,
			image_userns ? "without" : "with");
		err = -EPERM;
	}
	rcu_read_unlock();
	put_task_struct(seed);
	return err;
}

/* Every id mapped in @ns: an id it does not map could be nobody's, or the host's. */
static int rst_map_ids(struct rst_task *rt, struct user_namespace *ns, struct cred *c)
{
	const struct vzcpt_img_task *t = &rt->t;
	const char *what = NULL;

	c->uid = make_kuid(ns, t->uid);
	c->euid = make_kuid(ns, t->euid);
	c->suid = make_kuid(ns, t->suid);
	c->fsuid = make_kuid(ns, t->fsuid);
	c->gid = make_kgid(ns, t->gid);
	c->egid = make_kgid(ns, t->egid);
	c->sgid = make_kgid(ns, t->sgid);
	c->fsgid = make_kgid(ns, t->fsgid);
	if (!uid_valid(c->uid) || !uid_valid(c->euid) || !uid_valid(c->suid) ||
	    !uid_valid(c->fsuid))
		what = "user";
	else if (!gid_valid(c->gid) || !gid_valid(c->egid) || !gid_valid(c->sgid) ||
		 !gid_valid(c->fsgid))
		what = "group";
	if (what) {
		rst_err(rt->ctx, "task %d (%s) in the image has a %s id that CT %u's user namespace does not map",
			t->pid, t->comm, what, rt->ctx->ctid);
		return -EPERM;
	}
	return 0;
}

/*
 * The task's credentials as the image gives them, checked against the
 * restorer's (rst_check_creds()) and kept in @rt: in force while its records
 * are read (what it locks and how it is scheduled is checked as itself; its
 * files are opened as the CT's root, rst_open_ct()), then its own
 * (rst_creds_commit()).
 */
static int rst_creds_prepare(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct user_namespace *ns = current_user_ns();
	struct group_info *gi;
	struct cred *c;
	unsigned int i;
	int err;

	err = rst_check_creds(rt, current_cred());
	if (err)
		return err;
	c = prepare_creds();
	if (!c)
		return -ENOMEM;
	/* prepare_creds() kept our user namespace: the capabilities below are relative to it. */
	err = rst_map_ids(rt, ns, c);
	if (err)
		goto fail;
	c->cap_inheritable = rst_caps(t->cap_inheritable);
	c->cap_permitted = rst_caps(t->cap_permitted);
	c->cap_effective = rst_caps(t->cap_effective);
	c->cap_bset = rst_caps(t->cap_bset);
	c->cap_ambient = rst_caps(t->cap_ambient);
	c->securebits = t->securebits;
	err = -ENOMEM;
	gi = groups_alloc(t->ngroups);
	if (!gi)
		goto fail;
	for (i = 0; i < t->ngroups; i++) {
		gi->gid[i] = make_kgid(ns, t->groups[i]);
		if (!gid_valid(gi->gid[i])) {
			rst_err(rt->ctx, "task %d (%s) in the image has a supplementary group that CT %u's user namespace does not map",
				t->pid, t->comm, rt->ctx->ctid);
			put_group_info(gi);
			err = -EPERM;
			goto fail;
		}
	}
	groups_sort(gi);
	set_groups(c, gi);
	put_group_info(gi);
	err = rst_set_user(c);
	if (err)
		goto fail;
	rst_drop_keyrings(c);
	rt->cred = c;
	return 0;
fail:
	abort_creds(c);
	return err;
}

static void rst_creds_commit(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;

	commit_creds(rt->cred);
	rt->cred = NULL;
	/*
	 * A change of ids resets both (commit_creds): set them as dumped after.
	 * set_dumpable() is not exported; this is its body, without its WARN
	 * (the value is checked above).
	 */
	set_mask_bits(&current->mm->flags, MMF_DUMPABLE_MASK, t->dumpable);
	current->pdeath_signal = t->pdeath_signal;
}

/*
 * A zombie's only code, in the kernel right after its clone: its name,
 * session, group and credentials (what its parent's waitid() and /proc
 * show of it), then do_exit() with its wait status. It never reaches user
 * space, has no records of its own and is never frozen. Its exit notifies
 * its parent, which takes that signal back (rst_zombie_dead()).
 */
static int rst_zombie_start(void *arg)
{
	struct rst_task *rt = arg;
	int err;

	WRITE_ONCE(rt->task, get_task_struct(current));
	/* As rst_child_start(): a helper's CLONE_PARENT gave it the helper's 0. */
	WRITE_ONCE(current->exit_signal, rt->t.exit_signal);
	task_lock(current);
	strscpy_pad(current->comm, rt->t.comm, sizeof(current->comm));
	task_unlock(current);
	err = rst_creds_prepare(rt);
	if (!err)
		err = rst_set_ids(rt);
	if (!err) {
		/*
		 * A change of euid resets the dumpable flag of the mm it shares
		 * with its parent, which sets it as dumped after (rst_creds_commit()).
		 */
		commit_creds(rt->cred);
	} else if (rt->cred) {
		abort_creds(rt->cred);
	}
	rt->cred = NULL;
	rt->zombie_err = err;
	/* Bits only, as a SIGKILL or an overflowing signal is queued: it never takes them. */
	spin_lock_irq(&current->sighand->siglock);
	current->blocked.sig[0] = rt->t.blocked & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	current->pending.signal.sig[0] |= rt->t.zombie_pending;
	current->signal->shared_pending.signal.sig[0] |= rt->t.zombie_shared;
	spin_unlock_irq(&current->sighand->siglock);
	complete(&rt->done);
	ksym_do_exit(err ? SIGKILL : rt->t.exit_code);
	return 0;
}

/*
 * Once the zombie is one, its parent takes back the signal its exit sent
 * (SIGCHLD, or its exit signal): the parent had its own before the dump,
 * taken or pending, and a pending one is in its image, queued after its
 * children are made (rst_apply_signals()). Nothing else signals a task
 * while it is restored. Bounded: the zombie is on its way out of do_exit().
 *
 * exit_notify() sets exit_state before do_notify_parent() queues the
 * signal, both under tasklist_lock, which is not exported: the zombie is
 * waited for until it reached do_task_dead() (its __state TASK_DEAD, read
 * as the scheduler's helpers read it), past both. A signal left queued
 * would fail the parent's next clone with -ERESTARTNOINTR and show as one
 * more SIGCHLD.
 */
static int rst_zombie_dead(struct rst_task *me, struct rst_task *z)
{
	struct task_struct *task = z->task;
	int sig = z->t.exit_signal, state;
	enum pid_type type;
	kernel_siginfo_t info;
	sigset_t mask;

	if (z->zombie_err)
		return z->zombie_err;
	while (!(READ_ONCE(task->__state) & TASK_DEAD)) {
		if (fatal_signal_pending(current))
			return -EINTR;
		usleep_range(20, 50);
	}
	state = READ_ONCE(task->exit_state);
	if (state != EXIT_ZOMBIE) {
		rst_err(me->ctx, "zombie %d (%s) was reaped as soon as it was made again",
			z->t.pid, z->t.comm);
		return -ESRCH;
	}
	if (!sig)
		return 0;
	siginitsetinv(&mask, sigmask(sig));
	spin_lock_irq(&current->sighand->siglock);
	dequeue_signal(current, &mask, &info, &type);
	spin_unlock_irq(&current->sighand->siglock);
	return 0;
}

/*
 * What mlock() checks at restore is the task's own limit (rst_mm.c), not
 * the restorer's: it is set before the address space, the others at the end.
 */
static void rst_memlock_limit(struct rst_task *rt)
{
	struct rlimit *rl = &current->signal->rlim[RLIMIT_MEMLOCK];

	if (rt->t.flags & VZCPT_TASK_THREAD)
		return;
	task_lock(current->group_leader);
	rl->rlim_cur = rt->t.rlim_cur[RLIMIT_MEMLOCK];
	rl->rlim_max = rt->t.rlim_max[RLIMIT_MEMLOCK];
	task_unlock(current->group_leader);
}

static void rst_limits(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct rlimit *rl = current->signal->rlim;
	unsigned int i;

	if (t->flags & VZCPT_TASK_THREAD)
		return;
	task_lock(current->group_leader);
	for (i = 0; i < RLIM_NLIMITS && i < VZCPT_RLIM_NLIMITS; i++) {
		rl[i].rlim_cur = t->rlim_cur[i];
		rl[i].rlim_max = t->rlim_max[i];
	}
	task_unlock(current->group_leader);
}

/* The host's clock @clockid (REALTIME, BOOTTIME, else MONOTONIC) as the restore read it. */
static u64 rst_clock_ns(const struct rst_context *ctx, clockid_t clockid)
{
	switch (clockid) {
	case CLOCK_BOOTTIME:
		return ctx->clock_boot_ns;
	case CLOCK_REALTIME:
		return ctx->clock_real_ns;
	default:
		return ctx->clock_mono_ns;
	}
}

/* An interrupted sleep (or poll, or futex wait) resumes with the time it had left. */
static void rst_restart(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct restart_block *rb = &current->restart_block;
	struct rst_context *ctx = rt->ctx;
	struct timespec64 ts;
	bool rt_clock;

	switch (t->restart_kind) {
	case VZCPT_RESTART_NANOSLEEP:
		rb->fn = ksym_hrtimer_nanosleep_restart;
		rb->nanosleep.clockid = t->restart_clockid;
		rb->nanosleep.type = t->restart_rmtp ? TT_NATIVE : TT_NONE;
		rb->nanosleep.rmtp = (void __user *)(unsigned long)t->restart_rmtp;
		rb->nanosleep.expires = rst_clock_ns(ctx, t->restart_clockid) +
					t->restart_remaining_ns;
		break;
	case VZCPT_RESTART_CPU_NANOSLEEP:
		/* The process's CPU clock starts again: from what it has used so far. */
		rb->fn = ksym_posix_cpu_nsleep_restart;
		rb->nanosleep.clockid = make_process_cpuclock(0, t->restart_clockid);
		rb->nanosleep.type = t->restart_rmtp ? TT_NATIVE : TT_NONE;
		rb->nanosleep.rmtp = (void __user *)(unsigned long)t->restart_rmtp;
		rb->nanosleep.expires = vz_cpu_clock(current, t->restart_clockid, false,
						     ksym_thread_group_cputime) +
					t->restart_remaining_ns;
		break;
	case VZCPT_RESTART_POLL:
		ts = ns_to_timespec64(ctx->clock_mono_ns + t->restart_remaining_ns);
		rb->fn = ksym_do_restart_poll;
		rb->poll.ufds = (void __user *)(unsigned long)t->restart_arg[0];
		rb->poll.nfds = t->restart_arg[1];
		rb->poll.has_timeout = !!t->restart_arg[2];
		rb->poll.tv_sec = ts.tv_sec;
		rb->poll.tv_nsec = ts.tv_nsec;
		break;
	case VZCPT_RESTART_FUTEX:
		rt_clock = t->restart_clockid == CLOCK_REALTIME;
		rb->fn = ksym_futex_wait_restart;
		rb->futex.uaddr = (u32 __user *)(unsigned long)t->restart_arg[0];
		rb->futex.val = t->restart_arg[1];
		rb->futex.bitset = t->restart_arg[2];
		rb->futex.flags = VZ_FUTEX_HAS_TIMEOUT | (rt_clock ? VZ_FUTEX_CLOCKRT : 0) |
				  (t->restart_arg[3] & VZCPT_FUTEX_SHARED ? VZ_FUTEX_SHARED : 0);
		rb->futex.time = ns_to_ktime(rst_clock_ns(ctx, t->restart_clockid) +
					     t->restart_remaining_ns);
		break;
	}
}

/* The container's hostname, set by its init (which is in the container's UTS namespace). */
static void rst_uts(struct rst_context *ctx)
{
	struct new_utsname *u = utsname();

	down_write(ksym_uts_sem);
	strscpy_pad(u->nodename, ctx->uts.nodename, sizeof(u->nodename));
	strscpy_pad(u->domainname, ctx->uts.domainname, sizeof(u->domainname));
	up_write(ksym_uts_sem);
}

static int rst_restore(struct rst_task *rt, const struct vzcpt_img_task *creator)
{
	struct rst_context *ctx = rt->ctx;
	const struct cred *old;
	bool have;
	int err;

	if (!creator) {
		rst_uts(ctx);
		err = rst_timens(ctx);
		if (!err)
			err = rst_ipc(ctx);
		if (!err)
			err = rst_mqueue(ctx);
		if (!err)
			err = rst_tmpfs(ctx);
		if (err)
			return err;
	}
	/* Its undo list's entries follow its TASK record (and the seed's IPC and /dev). */
	if (rt->t.sysvsem_id && (!creator || rt->t.sysvsem_id != creator->sysvsem_id)) {
		err = rst_claim(ctx, rt->t.sysvsem_id, "semaphore undo list");
		if (!err)
			err = rst_semundo(rt);
		if (err)
			return err;
	}
	err = rst_seccomp_read(rt);
	if (err)
		return err;
	task_lock(current);
	strscpy_pad(current->comm, rt->t.comm, sizeof(current->comm));
	task_unlock(current);
	err = rst_creds_prepare(rt);
	if (err)
		return err;
	rst_memlock_limit(rt);
	/*
	 * As the task itself: what it could not lock or schedule, it does not
	 * get. Its files are opened as the CT's root (rst_open_ct()).
	 */
	old = override_creds(rt->cred);
	err = rst_task_records(rt, creator);
	revert_creds(old);
	/* Through its fds, back now: mq_notify() makes the caller's process the owner. */
	if (!err)
		err = rst_mqueue_notify(rt);
	if (!err)
		err = rst_taskx(rt);
	if (!err)
		err = rst_timers_read(rt);
	if (!err)
		err = rst_set_ids(rt);
	/* Before its children: they get its controlling terminal by fork(). */
	if (!err)
		err = rst_pty_ctty(rt);
	if (err)
		return err;
	for (;;) {
		err = rst_peek_task(ctx, &have);
		if (err || !have || ctx->next.ppid != rt->t.pid)
			break;
		err = rst_create(rt, &ctx->next);
		if (err)
			break;
	}
	if (err)
		return err;
	/* setrlimit()'s check against a sysctl, the rest being img_check.c's. */
	if (rt->t.rlim_max[RLIMIT_NOFILE] > READ_ONCE(*ksym_sysctl_nr_open)) {
		rst_err(ctx, "task %d may open %llu files, above fs.nr_open %u", rt->t.pid,
			rt->t.rlim_max[RLIMIT_NOFILE], READ_ONCE(*ksym_sysctl_nr_open));
		return -EPERM;
	}
	rst_limits(rt);
	err = rst_timers_apply(rt);
	if (err)
		return err;
	current->clear_child_tid = (int __user *)(unsigned long)rt->t.clear_child_tid;
	/* The seed's own rseq area is gone with its memory; the image's takes its place. */
	current->rseq = (struct rseq __user *)(unsigned long)rt->t.rseq;
	current->rseq_sig = rt->t.rseq_sig;
	if (current->rseq)
		rseq_set_notify_resume(current);
	rst_restart(rt);
	err = rst_apply_signals(rt);
	if (err)
		return err;
	rst_apply_stop(rt);
	rst_creds_commit(rt);
	/* Last: no system call of ours is filtered, and strict mode forbids nearly all. */
	return rst_seccomp_apply(rt);
}

/* Why a task failed: a task killed meanwhile says so rather than what failed in it. */
static void rst_task_failed(struct rst_task *rt, int err)
{
	struct rst_context *ctx = rt->ctx;

	if (READ_ONCE(ctx->err))
		return;
	if (!ctx->errmsg[0] || fatal_signal_pending(current))
		rst_err(ctx, "task %d (%s) %s (error %d)", rt->t.pid, rt->t.comm,
			fatal_signal_pending(current) || (current->flags & PF_EXITING) ?
			"was killed while it was restored" : "could not be restored", err);
	WRITE_ONCE(ctx->err, err);
}

/*
 * The restore of one task, run by the task itself on its way to user space.
 * The undump ioctl waits for every task to be out of here (frozen or dead)
 * before it returns, which keeps this module loaded for as long as a task
 * can be in it. At the end the task waits for the cgroup freezer to hold it;
 * it then returns to the signal path and stops there, outside the module.
 */
void rst_task_work(struct callback_head *cb)
{
	struct rst_task *rt = container_of(cb, struct rst_task, cb);
	struct rst_context *ctx = rt->ctx;
	int err;

	/*
	 * Queued on a task already in do_exit(), the work runs there with no
	 * mm and no namespaces left: nothing can be restored into it.
	 */
	if ((current->flags & PF_EXITING) || fatal_signal_pending(current)) {
		rst_task_failed(rt, -ESRCH);
		complete(&rt->done);
		return;
	}
	rst_ctx_get(ctx);
	err = rst_restore(rt, rt->creator);
	if (rt->cred) {
		abort_creds(rt->cred);
		rt->cred = NULL;
	}
	if (err)
		rst_task_failed(rt, err);
	complete(&rt->done);
	/*
	 * Not to user space before the freezer holds us (or the restore
	 * failed and we die of SIGKILL on the way out).
	 */
	wait_for_completion_killable(&ctx->gate);
	rst_ctx_put_ref(ctx);
}
