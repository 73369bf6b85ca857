// SPDX-License-Identifier: GPL-2.0
/*
 * The dump: the order of the image. The tasks are collected and written
 * parents first, each by the per-kind files, which write their records
 * through the image writer (cpt_image.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/nsproxy.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/xarray.h>
#include <linux/vzcpt_image.h>
#include <asm/fpu/xcr.h>

#include "../common/vz_cpu.h"
#include "../common/vz_fault.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_inet.h"
#include "cpt_mm.h"
#include "cpt_ksyms.h"
#include "cpt_sock.h"

static int cpt_dump_header(struct cpt_dump *d, struct task_struct *init)
{
	struct vzcpt_img_image img = {};
	struct timens_offsets off = {};

	memcpy(img.magic, VZCPT_IMAGE_MAGIC, sizeof(img.magic));
	img.version = VZCPT_IMAGE_VERSION;
	img.arch = VZCPT_ARCH_X86_64;
	img.ctid = d->ctx->ctid;
	img.nr_tasks = d->nr_tasks;
	strscpy(img.release, utsname()->release, sizeof(img.release));
	if (boot_cpu_has(X86_FEATURE_OSXSAVE))
		img.xfeatures = xgetbv(XCR_XFEATURE_ENABLED_MASK);
	vz_cpuid_words(img.cpuid);
	/* Its ids are as the CT's user namespace sees them (cpt_task.c): which kind? */
	if (task_cred_xxx(init, user_ns) != &init_user_ns)
		img.flags |= VZCPT_IMAGE_USERNS;

	/* The clocks as the container sees them: its time namespace's offsets applied. */
	task_lock(init);
	if (init->nsproxy)
		off = init->nsproxy->time_ns->offsets;
	task_unlock(init);
	img.mono_ns = d->ctx->frozen_mono_ns + timespec64_to_ns(&off.monotonic);
	img.boot_ns = d->ctx->frozen_boot_ns + timespec64_to_ns(&off.boottime);
	img.real_ns = d->ctx->frozen_real_ns;
	return cpt_write_rec(d, VZCPT_REC_IMAGE, 0, &img, sizeof(img), NULL, 0);
}

static int cpt_dump_uts(struct cpt_dump *d, struct task_struct *init)
{
	struct vzcpt_img_uts uts = {};
	struct new_utsname *u;

	task_lock(init);
	if (!init->nsproxy) {
		task_unlock(init);
		return -ESRCH;
	}
	u = &init->nsproxy->uts_ns->name;
	strscpy(uts.nodename, u->nodename, sizeof(uts.nodename));
	strscpy(uts.domainname, u->domainname, sizeof(uts.domainname));
	task_unlock(init);
	return cpt_write_rec(d, VZCPT_REC_UTS, 0, &uts, sizeof(uts), NULL, 0);
}

/* Grow the task array by doubling. */
static int cpt_tasks_grow(struct task_struct ***tasks, unsigned int n, unsigned int *cap)
{
	struct task_struct **bigger;

	if (n < *cap)
		return 0;
	bigger = kvmalloc_array(*cap * 2, sizeof(*bigger), GFP_KERNEL);
	if (!bigger)
		return -ENOMEM;
	memcpy(bigger, *tasks, n * sizeof(*bigger));
	kvfree(*tasks);
	*tasks = bigger;
	*cap *= 2;
	return 0;
}

/*
 * A zombie process is carried (cpt_task.c); a dead task in any other state
 * is the kernel's to reap or the refusal of a case the image has no words
 * for: a dead thread (traced), a dead leader whose threads still run, the
 * CT's init (its death ends the CT).
 */
static int cpt_check_zombie(struct cpt_dump *d, struct task_struct *t, pid_t nr)
{
	const char *why = NULL;
	int state = READ_ONCE(t->exit_state);

	if (!state)
		return 0;
	if (nr == 1)
		why = "is the CT's init and has exited";
	else if (state != EXIT_ZOMBIE)
		why = "is being reaped";
	else if (!thread_group_leader(t))
		why = "is an exited thread not yet reaped (traced?)";
	else if (!thread_group_empty(t))
		why = "is a zombie whose threads still run: such a process cannot be carried";
	if (!why)
		return 0;
	cpt_err(d->ctx, "task %d (%s) of CT %u %s", nr, t->comm, d->ctx->ctid, why);
	return -EBUSY;
}

/* Every task of the container's pid namespace, by pid, with a reference held. */
static int cpt_find_tasks(struct cpt_dump *d, struct task_struct ***out, unsigned int *nr_out)
{
	struct pid_namespace *ns = d->ctx->pidns;
	struct task_struct **tasks, *t;
	unsigned int n = 0, cap = 64;
	struct pid *pid;
	int nr = 1, err = 0;

	tasks = kvmalloc_array(cap, sizeof(*tasks), GFP_KERNEL);
	if (!tasks)
		return -ENOMEM;
	for (;;) {
		rcu_read_lock();
		pid = find_ge_pid(nr, ns);
		t = pid ? pid_task(pid, PIDTYPE_PID) : NULL;
		if (pid)
			nr = pid_nr_ns(pid, ns) + 1;
		if (t)
			get_task_struct(t);
		rcu_read_unlock();
		if (!pid)
			break;
		if (!t)
			continue;
		err = cpt_check_zombie(d, t, nr - 1);
		if (!err)
			err = cpt_tasks_grow(&tasks, n, &cap);
		if (err) {
			put_task_struct(t);
			break;
		}
		tasks[n++] = t;
	}
	if (err) {
		while (n)
			put_task_struct(tasks[--n]);
		kvfree(tasks);
		return err;
	}
	*out = tasks;
	*nr_out = n;
	return 0;
}

/*
 * The task a restore creates @t from: its thread-group leader for a thread,
 * else the thread that forked it. -1 for the container's init.
 */
static int cpt_creator(struct cpt_dump *d, struct task_struct *t, struct xarray *index)
{
	struct pid_namespace *ns = d->ctx->pidns;
	struct task_struct *c;
	pid_t nr;
	void *v;

	rcu_read_lock();
	c = thread_group_leader(t) ? rcu_dereference(t->real_parent) : t->group_leader;
	nr = task_pid_nr_ns(c, ns);
	rcu_read_unlock();
	if (task_pid_nr_ns(t, ns) == 1)
		return -1;
	v = nr ? xa_load(index, nr) : NULL;
	if (!v) {
		cpt_err(d->ctx, "task %d (%s) of CT %u has its parent outside the CT",
			task_pid_nr_ns(t, ns), t->comm, d->ctx->ctid);
		return -2;
	}
	return xa_to_value(v);
}

/*
 * Order the tasks depth first, each before what it creates, a leader's
 * threads before its children: a restore reads the image front to back,
 * each task rebuilding itself and then creating the next ones. Linear in
 * the number of tasks.
 */
static int cpt_collect_tasks(struct cpt_dump *d)
{
	struct task_struct **tasks;
	unsigned int n, i, top = 0, out = 0;
	unsigned int *first = NULL, *fill = NULL, *kids = NULL, *stack = NULL;
	int *creator = NULL;
	struct xarray index;
	int err;

	err = cpt_find_tasks(d, &tasks, &n);
	if (err)
		return err;
	xa_init(&index);
	creator = kvmalloc_array(n, sizeof(*creator), GFP_KERNEL);
	first = kvcalloc(n + 1, sizeof(*first), GFP_KERNEL);
	fill = kvmalloc_array(n, sizeof(*fill), GFP_KERNEL);
	kids = kvmalloc_array(n, sizeof(*kids), GFP_KERNEL);
	stack = kvmalloc_array(n, sizeof(*stack), GFP_KERNEL);
	d->tasks = kvmalloc_array(n ? n : 1, sizeof(*d->tasks), GFP_KERNEL);
	d->pids = kvmalloc_array(n ? n : 1, sizeof(*d->pids), GFP_KERNEL);
	d->zombie = kvmalloc_array(n ? n : 1, sizeof(*d->zombie), GFP_KERNEL);
	err = -ENOMEM;
	if (!creator || !first || !fill || !kids || !stack || !d->tasks || !d->pids ||
	    !d->zombie)
		goto out;
	for (i = 0; i < n; i++) {
		err = xa_err(xa_store(&index, task_pid_nr_ns(tasks[i], d->ctx->pidns),
				      xa_mk_value(i), GFP_KERNEL));
		if (err)
			goto out;
	}
	err = -ESRCH;
	if (!n || task_pid_nr_ns(tasks[0], d->ctx->pidns) != 1) {
		cpt_err(d->ctx, "the init of CT %u is gone", d->ctx->ctid);
		goto out;
	}
	for (i = 0; i < n; i++) {
		creator[i] = cpt_creator(d, tasks[i], &index);
		if (creator[i] == -2) {
			err = -EBUSY;
			goto out;
		}
		if (creator[i] >= 0)
			first[creator[i] + 1]++;
	}
	/* first[c] .. first[c + 1]: c's kids in kids[], threads first, each by pid. */
	for (i = 0; i < n; i++)
		first[i + 1] += first[i];
	memcpy(fill, first, n * sizeof(*fill));
	for (i = 0; i < n; i++)
		if (creator[i] >= 0 && !thread_group_leader(tasks[i]))
			kids[fill[creator[i]]++] = i;
	for (i = 0; i < n; i++)
		if (creator[i] >= 0 && thread_group_leader(tasks[i]))
			kids[fill[creator[i]]++] = i;
	stack[top++] = 0;
	while (top) {
		unsigned int t = stack[--top], k;

		d->pids[out] = task_pid_nr_ns(tasks[t], d->ctx->pidns);
		d->zombie[out] = READ_ONCE(tasks[t]->exit_state) == EXIT_ZOMBIE;
		d->tasks[out++] = tasks[t];
		for (k = first[t + 1]; k > first[t]; k--)
			stack[top++] = kids[k - 1];
	}
	err = 0;
out:
	xa_destroy(&index);
	if (!err) {
		d->nr_tasks = n;
	} else {
		for (i = 0; i < n; i++)
			put_task_struct(tasks[i]);
		kvfree(d->tasks);
		d->tasks = NULL;
		kvfree(d->pids);
		d->pids = NULL;
		kvfree(d->zombie);
		d->zombie = NULL;
	}
	kvfree(tasks);
	kvfree(creator);
	kvfree(first);
	kvfree(fill);
	kvfree(kids);
	kvfree(stack);
	return err;
}

/*
 * A frozen task can still be SIGKILLed (by the host, the OOM killer): it
 * then leaves the freezer and exits, dropping its mm, files and fs while
 * the dump holds references of its own on them. An image of a task that
 * is gone is not made: checked before each task and once all are written.
 */
static int cpt_check_alive(struct cpt_dump *d, unsigned int i)
{
	struct task_struct *task = d->tasks[i];

	/* A zombie stays one: only its parent, frozen, could reap it. */
	if (d->zombie[i] && READ_ONCE(task->exit_state) == EXIT_ZOMBIE)
		return 0;
	if (!(READ_ONCE(task->flags) & PF_EXITING) && !READ_ONCE(task->exit_state) &&
	    !__fatal_signal_pending(task))
		return 0;
	cpt_err(d->ctx, "task %d (%s) of CT %u was killed during the dump",
		cpt_task_nr(d, task), task->comm, d->ctx->ctid);
	return -ESRCH;
}

/* @task's pid in the CT when the dump began: a task reaped since has none. */
pid_t cpt_task_nr(struct cpt_dump *d, struct task_struct *task)
{
	unsigned int i;

	for (i = 0; i < d->nr_tasks; i++)
		if (d->tasks[i] == task)
			return d->pids[i];
	return task_pid_nr_ns(task, d->ctx->pidns);
}

static int cpt_check_all_alive(struct cpt_dump *d)
{
	unsigned int i;
	int err = 0;

	for (i = 0; !err && i < d->nr_tasks; i++)
		err = cpt_check_alive(d, i);
	return err;
}

/* The CT's root: its init's. Every path of the image is taken from it. */
static int cpt_get_root(struct cpt_dump *d, struct task_struct *init)
{
	int err = -ESRCH;

	task_lock(init);
	if (init->fs) {
		get_fs_root(init->fs, &d->root);
		err = 0;
	}
	task_unlock(init);
	if (err)
		cpt_err(d->ctx, "the init of CT %u is exiting", d->ctx->ctid);
	return err;
}

static void cpt_dump_free(struct cpt_dump *d)
{
	unsigned int i;

	if (d->root.mnt)
		path_put(&d->root);

	for (i = 0; i < d->nr_tasks; i++)
		put_task_struct(d->tasks[i]);
	kvfree(d->tasks);
	kvfree(d->pids);
	kvfree(d->zombie);
	cpt_shm_free(d);
	cpt_ipc_free(d);
	xa_destroy(&d->busy);
	cpt_unix_names_free(d);
	cpt_image_close(&d->w);
}

/* Write the image of the suspended container to its dump file. */
int cpt_dump(struct cpt_context *ctx)
{
	struct cpt_dump d = { .ctx = ctx };
	unsigned int i;
	int err;

	if (!ctx->dumpfile) {
		cpt_err(ctx, "no dump file was given for CT %u", ctx->ctid);
		return -EBADF;
	}
	xa_init(&d.shm);
	xa_init(&d.sysv);
	xa_init(&d.sems);
	xa_init(&d.busy);
	xa_init(&d.unix_names);
	if (!ctx->pc_faults)
		vz_fault_start();
	err = cpt_image_open(&d.w, ctx, ctx->dumpfile);
	if (err)
		goto out;
	err = cpt_collect_tasks(&d);
	if (err)
		goto out;
	if (!d.nr_tasks || task_pid_nr_ns(d.tasks[0], ctx->pidns) != 1) {
		cpt_err(ctx, "the init of CT %u is gone", ctx->ctid);
		err = -ESRCH;
		goto out;
	}
	err = cpt_get_root(&d, d.tasks[0]);
	if (!err)
		err = cpt_dump_header(&d, d.tasks[0]);
	if (!err)
		err = cpt_dump_uts(&d, d.tasks[0]);
	if (!err)
		err = cpt_dump_netcfg(&d);
	if (!err)
		cpt_orphans_place(&d);
	for (i = 0; !err && i < d.nr_tasks; i++) {
		d.cur = i;
		err = cpt_check_alive(&d, i);
		if (!err)
			err = cpt_dump_task(&d, d.tasks[i]);
	}
	if (!err)
		err = cpt_image_write_queued(&d.w);	/* counted in the END record */
	if (!err)
		err = cpt_check_all_alive(&d);
	if (err)
		goto out;
	err = cpt_image_end(&d.w);
	pr_debug("CT %u: %u tasks, %llu records, %llu bytes\n", ctx->ctid, d.nr_tasks,
		 d.w.nr_records, d.w.bytes);
out:
	if (err && !ctx->errmsg[0])
		cpt_err(ctx, "the dump of CT %u failed (error %d)", ctx->ctid, err);
	cpt_dump_free(&d);
	return err;
}
