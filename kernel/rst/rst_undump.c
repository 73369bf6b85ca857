// SPDX-License-Identifier: GPL-2.0
/*
 * The undump: check that this machine can run the image, start the
 * restore in the seed (the container's future init), wait until every task
 * is rebuilt, freeze the container's cgroup to hold them, then set their
 * registers and FPU state once each is frozen and off its CPU. On any
 * failure every restored task is killed: no half-made container is left.
 * Every wait here is killable: a killed undumper kills what it restored.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/pid.h>
#include <linux/regset.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/sched/task_stack.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/vzcpt_image.h>
#include <asm/fpu/xcr.h>

#include "../common/vz_cpu.h"
#include "../common/vz_fault.h"
#include "rst_context.h"
#include "rst_files.h"
#include "rst_hold.h"
#include "rst_ksyms.h"
#include "rst_task.h"
#include "rst_net.h"
#include "rst_unix.h"
#include "rst_undump.h"

static const char * const rst_cpuid_names[VZCPT_CPUID_WORDS] = {
	"CPUID.1:ECX", "CPUID.1:EDX", "CPUID.7:EBX", "CPUID.7:ECX", "CPUID.7:EDX",
	"CPUID.D.1:EAX",
};

static int rst_check_cpu(struct rst_context *ctx, const struct vzcpt_img_image *img)
{
	u32 w[VZCPT_CPUID_WORDS];
	u64 xcr0 = boot_cpu_has(X86_FEATURE_OSXSAVE) ? xgetbv(XCR_XFEATURE_ENABLED_MASK) : 0;
	unsigned int i;

	if (img->xfeatures & ~xcr0) {
		rst_err(ctx, "the image needs xsave features %#llx that this CPU lacks",
			img->xfeatures & ~xcr0);
		return -EOPNOTSUPP;
	}
	vz_cpuid_words(w);
	for (i = 0; i < VZCPT_CPUID_WORDS; i++) {
		if (img->cpuid[i] & ~w[i]) {
			rst_err(ctx, "the image needs CPU features this CPU lacks (%s bits %#x)",
				rst_cpuid_names[i], img->cpuid[i] & ~w[i]);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static int rst_header(struct rst_context *ctx)
{
	struct vzcpt_img_image *img = &ctx->img;
	struct vzcpt_img_uts *uts = &ctx->uts;
	int err;

	err = rst_precopy(ctx);
	if (!err)
		err = rst_payload(ctx, VZCPT_REC_IMAGE, sizeof(*img));
	if (err)
		return err;
	memcpy(img, ctx->rd.buf, sizeof(*img));
	err = rst_check_cpu(ctx, img);
	if (!err)
		err = rst_check_userns(ctx);
	if (err)
		return err;
	err = rst_payload(ctx, VZCPT_REC_UTS, sizeof(*uts));
	if (err)
		return err;
	memcpy(uts, ctx->rd.buf, sizeof(*uts));
	return 0;
}

/*
 * A task frozen inside the vDSO resumes at the same offset of this kernel's
 * vDSO, whose code is the image's only if the kernel release is the same.
 */
static int rst_check_vdso_ip(struct rst_context *ctx, struct rst_task *rt)
{
	unsigned long ip = rt->regs.ip, vdso = 0;
	struct mm_struct *mm;

	if (!strcmp(ctx->img.release, utsname()->release))
		return 0;
	mm = get_task_mm(rt->task);
	if (mm) {
		vdso = (unsigned long)mm->context.vdso;
		mmput(mm);
	}
	if (!vdso || ip < vdso || ip >= vdso + ksym_vdso_image_64->size)
		return 0;
	rst_err(ctx, "task %d (%s) was frozen inside the vDSO, whose code differs between kernel releases (image: %s, this kernel: %s)",
		rt->t.pid, rt->t.comm, ctx->img.release, utsname()->release);
	return -EOPNOTSUPP;
}

static int rst_end(struct rst_context *ctx)
{
	if (ctx->have_next) {
		rst_err(ctx, "the image is corrupt: task %d has no parent before it",
			ctx->next.pid);
		return -EINVAL;
	}
	/* Its counts are the validator's to check. */
	return rst_payload(ctx, VZCPT_REC_END, sizeof(struct vzcpt_img_end));
}

static const struct user_regset *rst_regset(struct task_struct *task, unsigned int note)
{
	const struct user_regset_view *view = task_user_regset_view(task);
	unsigned int i;

	for (i = 0; i < view->n; i++)
		if (view->regsets[i].core_note_type == note)
			return &view->regsets[i];
	return NULL;
}

/* Registers and FPU state, set from outside while the task is off its CPU, as ptrace does. */
static int rst_write_regs(struct rst_context *ctx, struct rst_task *rt)
{
	const struct user_regset *gr = rst_regset(rt->task, NT_PRSTATUS);
	const struct user_regset *xr = rst_regset(rt->task, NT_X86_XSTATE);
	unsigned int size;
	void *xs;
	u64 *bv;
	int err;

	if (!gr || !xr || rt->regs.reserved)
		return -EINVAL;
	err = gr->set(rt->task, gr, 0, sizeof(struct user_regs_struct), &rt->regs, NULL);
	if (err) {
		rst_err(ctx, "the registers of task %d are invalid here (error %d)",
			rt->t.pid, err);
		return err;
	}
	size = xr->n * xr->size;
	xs = kvzalloc(size, GFP_KERNEL);
	if (!xs)
		return -ENOMEM;
	/* Uncompacted layout: a different size only adds or drops trailing components. */
	memcpy(xs, rt->xstate, min(size, rt->xstate_size));
	bv = xs + 512;
	*bv &= ctx->img.xfeatures;
	err = xr->set(rt->task, xr, 0, size, xs, NULL);
	kvfree(xs);
	if (err)
		rst_err(ctx, "the FPU state of task %d is invalid here (error %d)", rt->t.pid, err);
	return err;
}

/*
 * A running task saves its live registers (fs/gs base, FPU) over what was
 * written into its thread state when it is switched out, so the registers
 * are written only while the task is frozen and off its CPU: wait for that,
 * write, and write again if it ran meanwhile (a signal wakes a frozen task
 * for a moment). The switch count tells, as it does for ptrace and kthread.
 * wait_task_inactive() is not exported: nothing exported waits for a task to
 * be off its CPU.
 */
static int rst_set_regs(struct rst_context *ctx, struct rst_task *rt)
{
	struct task_struct *t = rt->task;
	/* Asleep in the freezer's trap (freezable), or stopped again (rst_apply_stop()). */
	unsigned int state = rt->stop_signal ? TASK_STOPPED : TASK_INTERRUPTIBLE;
	unsigned long ncsw;
	int tries, err = -ESRCH;

	/* Its stack holds its pt_regs: kept for the writes even if it dies. */
	if (!t || !try_get_task_stack(t))
		goto gone;
	for (tries = 0; tries < 1000; tries++) {
		if (tries)	/* woken for a moment: it freezes again at once */
			usleep_range(50, 100);
		if (t->exit_state || (t->flags & PF_EXITING) || !t->frozen) {
			err = -ESRCH;
			break;
		}
		ncsw = ksym_wait_task_inactive(t, state);
		err = ncsw ? rst_write_regs(ctx, rt) : -EAGAIN;
		if (err && err != -EAGAIN)
			break;
		if (!err && ksym_wait_task_inactive(t, state) == ncsw)
			break;
		err = -EAGAIN;
	}
	ksym_put_task_stack(t);
	if (err == -EAGAIN)
		rst_err(ctx, "task %d (%s) kept running while it was frozen",
			rt->t.pid, rt->t.comm);
gone:
	if (err == -ESRCH)
		rst_err(ctx, "task %d (%s) was killed while it was restored",
			rt->t.pid, rt->t.comm);
	return err;
}

static int rst_start_seed(struct rst_context *ctx, struct rst_task **out)
{
	struct task_struct *seed;
	struct rst_task *rt;
	int err;

	/* The validator let only the container's init come first. */
	err = rst_payload(ctx, VZCPT_REC_TASK, sizeof(ctx->next));
	if (err)
		return err;
	memcpy(&ctx->next, ctx->rd.buf, sizeof(ctx->next));
	seed = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	if (!seed || (seed->flags & PF_EXITING)) {
		if (seed)
			put_task_struct(seed);
		rst_err(ctx, "the restore seed of CT %u is gone", ctx->ctid);
		return -ESRCH;
	}
	rt = rst_task_alloc(ctx, &ctx->next);
	if (!rt) {
		put_task_struct(seed);
		return -ENOMEM;
	}
	rt->task = seed;
	init_task_work(&rt->cb, rst_task_work);
	WRITE_ONCE(rt->started, true);
	/* -ESRCH: past the point where an exiting task runs its works. */
	err = task_work_add(seed, &rt->cb, TWA_SIGNAL);
	if (err) {
		rst_err(ctx, "the restore seed of CT %u is exiting", ctx->ctid);
		return err;
	}
	*out = rt;
	return 0;
}

/* Wait until the whole tree is restored: every task is done once the seed is. */
static int rst_wait_restored(struct rst_context *ctx, struct rst_task *seed)
{
	if (wait_for_completion_killable(&seed->done)) {
		rst_err(ctx, "the restore of CT %u was killed", ctx->ctid);
		return -EINTR;
	}
	return READ_ONCE(ctx->err);
}

/* The reader's buffers, freed with the context. */
static int rst_reader_alloc(struct rst_context *ctx)
{
	unsigned int i;

	if (!ctx->rd.file) {
		rst_err(ctx, "no dump file was given for CT %u", ctx->ctid);
		return -EBADF;
	}
	if (vz_fault("undump buffers"))
		return -ENOMEM;
	ctx->rd.buf = kvmalloc(RST_BUF_SIZE, GFP_KERNEL);
	ctx->rd.bv = kvmalloc_array(RST_PAGES_BATCH, sizeof(*ctx->rd.bv), GFP_KERNEL);
	if (!ctx->rd.buf || !ctx->rd.bv)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(ctx->rd.batch); i++) {
		struct rst_batch *b = &ctx->rd.batch[i];

		vz_sum_job_init(&b->job);
		b->pages = kvmalloc_array(RST_PAGES_BATCH, sizeof(*b->pages), GFP_KERNEL);
		if (!b->pages)
			return -ENOMEM;
	}
	ctx->rd.pos = ctx->rd.file->f_pos;
	rst_reader_init(ctx);
	return 0;
}

/*
 * Undump the image into the seed's CT. On any failure, whatever stage
 * failed, everything made dies, the seed too, and the ioctl returns once
 * all of it is gone.
 */
int rst_undump(struct rst_context *ctx)
{
	struct rst_task *seed = NULL, *rt;
	int err;

	vz_fault_start();
	err = rst_reader_alloc(ctx);
	if (!err)
		err = rst_hold_check(ctx);
	if (!err)
		err = rst_header(ctx);
	if (!err)	/* the image is sound: now the namespace it goes into */
		err = rst_net_down(ctx);
	if (!err)
		err = rst_netcfg(ctx);
	if (!err)
		err = rst_start_seed(ctx, &seed);
	if (!err)
		err = rst_wait_restored(ctx, seed);
	/*
	 * Every task has its memory, but the pre-copied pages stay until the
	 * resume (rst_precopy_drop_later()) or the context's end: a killed
	 * wait may leave a task still restoring, and their truncation is no
	 * part of the freeze.
	 */
	if (!err)
		err = rst_end(ctx);
	if (!err)
		err = rst_unix_late(ctx);
	if (!err)
		err = rst_fown_late(ctx);
	/* Frozen before the tasks leave their work: none reaches user space unheld. */
	if (!err)
		err = rst_hold_freeze(ctx);
	if (!err) {
		complete_all(&ctx->gate);
		err = rst_hold_wait_frozen(ctx);
	}
	if (!err) {
		list_for_each_entry(rt, &ctx->tasks, list) {
			if (rt->zombie)
				continue;
			err = rt->task ? rst_check_vdso_ip(ctx, rt) : -ESRCH;
			if (!err)
				err = rst_set_regs(ctx, rt);
			if (err)
				break;
		}
	}
	if (!err) {
		ctx->rd.file->f_pos = ctx->rd.pos;
		ctx->state = RST_UNDUMPED;
		return 0;
	}
	if (!ctx->errmsg[0])
		rst_err(ctx, "the restore of CT %u failed (error %d)", ctx->ctid, err);
	rst_hold_kill(ctx);
	return err;
}
