// SPDX-License-Identifier: GPL-2.0
/*
 * What a task may hold that the image cannot carry yet. Each is refused
 * before the task's first record is written, in one sentence naming the
 * task and the object, so the dump fails while the container still runs
 * rather than restore it with something missing.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fdtable.h>
#include <linux/fs.h>
#include <linux/hrtimer.h>
#include <linux/ipc_namespace.h>
#include <linux/nsproxy.h>
#include <linux/pid_namespace.h>
#include <linux/sched/jobctl.h>
#include <linux/sched/signal.h>
#include <linux/time_namespace.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_locks.h"
#include "cpt_taskx.h"

__printf(3, 4) int cpt_refuse(struct cpt_dump *d, struct task_struct *task, const char *fmt, ...)
{
	char what[VZCPT_ERRMSG_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	cpt_err(d->ctx, "task %d (%s) %s", task_pid_nr_ns(task, d->ctx->pidns), task->comm, what);
	return -EOPNOTSUPP;
}

static const char *cpt_stop_name(unsigned int sig)
{
	switch (sig) {
	case SIGSTOP:
		return "SIGSTOP";
	case SIGTSTP:
		return "SIGTSTP";
	case SIGTTIN:
		return "SIGTTIN";
	case SIGTTOU:
		return "SIGTTOU";
	}
	return "a stop signal";
}

static int cpt_refuse_signal_state(struct cpt_dump *d, struct task_struct *task)
{
	unsigned long jobctl = READ_ONCE(task->jobctl);
	struct signal_struct *sig = task->signal;

	/*
	 * A finished group stop is carried (cpt_taskx.c); one still in
	 * progress, or a stop the image has no name for, is not.
	 */
	if ((jobctl & (JOBCTL_STOPPED | JOBCTL_STOP_PENDING) || sig->flags & SIGNAL_STOP_STOPPED) &&
	    !cpt_stop_carried(task))
		return cpt_refuse(d, task,
				  "is in a group stop still in progress (%s): only a finished stop can be carried",
				  cpt_stop_name(jobctl & JOBCTL_STOP_SIGMASK));
	if (task->vfork_done)
		return cpt_refuse(d, task,
				  "is a vfork child its parent waits for: a vfork cannot be carried yet");
	return 0;
}

/* @task's session or group (@type) in the CT, and whether its leader has exited. */
static pid_t cpt_task_ids(struct cpt_dump *d, struct task_struct *task, enum pid_type type,
			  bool *gone)
{
	struct pid *pid;
	pid_t nr;

	rcu_read_lock();
	pid = task_pid_type(task, type);
	nr = pid_nr_ns(pid, d->ctx->pidns);
	*gone = nr && !pid_task(pid, PIDTYPE_PID);
	rcu_read_unlock();
	return nr;
}

/* @task's parent's session: a thread group leader's parent is in the CT (cpt_creator()). */
static pid_t cpt_parent_sid(struct cpt_dump *d, struct task_struct *task)
{
	pid_t sid;

	rcu_read_lock();
	sid = task_session_nr_ns(rcu_dereference(task->real_parent), d->ctx->pidns);
	rcu_read_unlock();
	return sid;
}

/* A task of session @sid whose parent is not in it: the session's first task in a restore. */
static bool cpt_session_root(struct cpt_dump *d, struct task_struct *task, pid_t sid)
{
	bool gone;

	return thread_group_leader(task) && task_pid_nr_ns(task, d->ctx->pidns) != 1 &&
	       cpt_task_ids(d, task, PIDTYPE_SID, &gone) == sid && cpt_parent_sid(d, task) != sid;
}

/*
 * What the restore does: a task inherits its parent's session; one that
 * leads its own makes it; one of a session whose leader has exited gets it
 * from a helper of the leader's pid (rst_ptree.c). That can happen once per
 * session: a second task of the session whose parent is outside it would
 * need the session made again. A session whose leader lives cannot be
 * entered from outside at all.
 */
static int cpt_refuse_orphan_ids(struct cpt_dump *d, struct task_struct *task)
{
	pid_t pid = task_pid_nr_ns(task, d->ctx->pidns), sid;
	unsigned int i;
	bool gone;

	if (!thread_group_leader(task) || pid == 1)
		return 0;
	sid = cpt_task_ids(d, task, PIDTYPE_SID, &gone);
	if (!sid || sid == pid || !cpt_session_root(d, task, sid))
		return 0;
	if (!gone)
		return cpt_refuse(d, task,
				  "is in session %d, which its parent is not in and whose leader lives: such a session cannot be carried yet",
				  sid);
	for (i = 0; i < d->nr_tasks; i++)
		if (d->tasks[i] != task && cpt_session_root(d, d->tasks[i], sid))
			return cpt_refuse(d, task,
					  "is in session %d whose leader has exited, as task %d is, and neither's parent is: such a session cannot be carried yet",
					  sid, d->pids[i]);
	return 0;
}

/* VZCPT_TASK_SID_ORPHAN and VZCPT_TASK_PGID_ORPHAN, as cpt_refuse_orphan_ids() let them be. */
u32 cpt_orphan_flags(struct cpt_dump *d, struct task_struct *task)
{
	pid_t pid = task_pid_nr_ns(task, d->ctx->pidns), sid, pgid;
	bool sid_gone, pgid_gone;
	u32 flags = 0;

	if (!thread_group_leader(task) || pid == 1)
		return 0;
	sid = cpt_task_ids(d, task, PIDTYPE_SID, &sid_gone);
	pgid = cpt_task_ids(d, task, PIDTYPE_PGID, &pgid_gone);
	if (sid_gone && sid != pid && cpt_session_root(d, task, sid))
		flags |= VZCPT_TASK_SID_ORPHAN;
	if (pgid_gone && pgid != pid)
		flags |= VZCPT_TASK_PGID_ORPHAN;
	return flags;
}

static const char *cpt_ns_differs(const struct nsproxy *a, const struct nsproxy *b,
				  const struct pid_namespace *pidns)
{
	if (!a || !b)
		return "exiting";
	if (a->uts_ns != b->uts_ns)
		return "UTS";
	if (a->ipc_ns != b->ipc_ns)
		return "IPC";
	if (a->mnt_ns != b->mnt_ns)
		return "mount";
	if (a->net_ns != b->net_ns)
		return "network";
	if (a->cgroup_ns != b->cgroup_ns)
		return "cgroup";
	if (a->time_ns != b->time_ns || a->time_ns_for_children != b->time_ns_for_children)
		return "time";
	if (a->pid_ns_for_children != pidns)
		return "pid";
	return NULL;
}

/* Every task shares the namespaces of the container's init, which the image describes. */
static int cpt_refuse_nested_ns(struct cpt_dump *d, struct task_struct *task)
{
	struct task_struct *init = d->tasks[0];
	struct nsproxy ref;
	const char *what;
	bool have;

	if (task_active_pid_ns(task) != d->ctx->pidns) {
		what = "pid";
	} else if (task_cred_xxx(task, user_ns) != task_cred_xxx(init, user_ns)) {
		what = "user";
	} else {
		/* A copy of init's: the two tasks' locks are never held together. */
		task_lock(init);
		have = init->nsproxy;
		if (have)
			ref = *init->nsproxy;
		task_unlock(init);
		task_lock(task);
		what = cpt_ns_differs(task->nsproxy, have ? &ref : NULL, d->ctx->pidns);
		task_unlock(task);
	}
	if (what)
		return cpt_refuse(d, task,
				  "is in a %s namespace of its own: nested namespaces cannot be carried yet",
				  what);
	return 0;
}

int cpt_refuse_task(struct cpt_dump *d, struct task_struct *task)
{
	int err;

	err = cpt_refuse_signal_state(d, task);
	if (!err)
		err = cpt_refuse_orphan_ids(d, task);
	if (!err)
		err = cpt_refuse_nested_ns(d, task);
	if (!err)
		err = cpt_refuse_locks(d, task);
	return err;
}

/*
 * A zombie is made again by its parent and exits at once (rst_task.c): its
 * parent must reap it as it would have. A parent that ignores SIGCHLD (or
 * has SA_NOCLDWAIT) would have the restored one reaped by its exit, and a
 * traced zombie's tracer is not carried.
 */
int cpt_refuse_zombie(struct cpt_dump *d, struct task_struct *task)
{
	struct k_sigaction *ka;
	bool ignored = false;
	pid_t ppid = 0;

	if (task->ptrace)
		return cpt_refuse(d, task, "is a traced zombie: ptrace cannot be carried");
	rcu_read_lock();
	if (task->exit_signal == SIGCHLD) {
		struct task_struct *parent = rcu_dereference(task->real_parent);

		ka = &parent->sighand->action[SIGCHLD - 1];
		ignored = READ_ONCE(ka->sa.sa_handler) == SIG_IGN ||
			  READ_ONCE(ka->sa.sa_flags) & SA_NOCLDWAIT;
		ppid = task_pid_nr_ns(parent, d->ctx->pidns);
	}
	rcu_read_unlock();
	if (ignored)
		return cpt_refuse(d, task,
				  "is a zombie whose parent %d ignores SIGCHLD or set SA_NOCLDWAIT: a restored one would be reaped at once",
				  ppid);
	return cpt_refuse_orphan_ids(d, task);
}
