// SPDX-License-Identifier: GPL-2.0
/*
 * The undump: check that this machine can run the image, start the
 * restore in the seed (the container's future init), wait until every task
 * is rebuilt and held, then set their registers and FPU state. On any
 * failure every restored task is killed: no half-made container is left.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/elf.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/pid.h>
#include <linux/regset.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/task_work.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/vzcpt_image.h>
#include <asm/fpu/xcr.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"
#include "rst_net.h"
#include "rst_undump.h"

static const char * const rst_cpuid_names[VZCPT_CPUID_WORDS] = {
	"CPUID.1:ECX", "CPUID.1:EDX", "CPUID.7:EBX", "CPUID.7:ECX", "CPUID.7:EDX",
	"CPUID.D.1:EAX",
};

static int rst_check_cpu(struct rst_context *ctx, const struct vzcpt_img_image *img)
{
	u32 w[VZCPT_CPUID_WORDS], eax, ebx, ecx, edx;
	u64 xcr0 = boot_cpu_has(X86_FEATURE_OSXSAVE) ? xgetbv(XCR_XFEATURE_ENABLED_MASK) : 0;
	unsigned int i;

	if (img->xfeatures & ~xcr0) {
		rst_err(ctx, "the image needs xsave features %#llx that this CPU lacks",
			img->xfeatures & ~xcr0);
		return -EOPNOTSUPP;
	}
	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_1_ECX] = ecx;
	w[VZCPT_CPUID_1_EDX] = edx;
	cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_7_EBX] = ebx;
	w[VZCPT_CPUID_7_ECX] = ecx;
	w[VZCPT_CPUID_7_EDX] = edx;
	cpuid_count(0xd, 1, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_D1_EAX] = eax;
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
	struct xxh64_state sum;
	unsigned int i;
	int err;

	/*
	 * Magic and version before the checksum: an image of another format
	 * version may sum differently, and is to be named as such.
	 */
	err = rst_payload_unchecked(ctx, VZCPT_REC_IMAGE, sizeof(*img), &sum);
	if (err)
		return err;
	memcpy(img, ctx->rd.buf, sizeof(*img));
	if (memcmp(img->magic, VZCPT_IMAGE_MAGIC, sizeof(img->magic))) {
		rst_err(ctx, "this is not a vzcpt image (bad magic)");
		return -EINVAL;
	}
	if (img->version != VZCPT_IMAGE_VERSION) {
		rst_err(ctx, "the image has format version %u; this module reads version %u",
			img->version, VZCPT_IMAGE_VERSION);
		return -EINVAL;
	}
	err = rst_check_sum(ctx, &sum);
	if (err)
		return err;
	if (img->arch != VZCPT_ARCH_X86_64) {
		rst_err(ctx, "the image is of another architecture (%#x)", img->arch);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(img->reserved); i++)
		if (img->reserved[i])
			goto corrupt;
	if (ctx->rd.hdr.len != sizeof(*img) || !memchr(img->release, 0, sizeof(img->release)) ||
	    !img->nr_tasks)
		goto corrupt;
	err = rst_check_cpu(ctx, img);
	if (err)
		return err;
	err = rst_payload(ctx, VZCPT_REC_UTS, sizeof(*uts));
	if (err)
		return err;
	memcpy(uts, ctx->rd.buf, sizeof(*uts));
	if (!memchr(uts->nodename, 0, sizeof(uts->nodename)) ||
	    !memchr(uts->domainname, 0, sizeof(uts->domainname)) ||
	    memchr_inv(uts->pad, 0, sizeof(uts->pad)))
		goto corrupt;
	return 0;
corrupt:
	rst_err(ctx, "the image is corrupt: bad image header");
	return -EINVAL;
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
	struct vzcpt_img_end *end = ctx->rd.buf;
	u64 records = ctx->rd.nr_records, bytes = ctx->rd.bytes;
	int err;

	if (ctx->have_next) {
		rst_err(ctx, "the image is corrupt: task %d has no parent before it",
			ctx->next.pid);
		return -EINVAL;
	}
	err = rst_payload(ctx, VZCPT_REC_END, sizeof(*end));
	if (err)
		return err;
	/* The END record describes what came before its own header. */
	if (end->nr_records != records - 1 || end->bytes != bytes - sizeof(struct vzcpt_rec)) {
		rst_err(ctx, "the image is corrupt: it ends with %llu records and %llu bytes where %llu and %llu were read",
			end->nr_records, end->bytes, records - 1,
			bytes - (u64)sizeof(struct vzcpt_rec));
		return -EINVAL;
	}
	return 0;
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

/* Registers and FPU state, set from outside while the task is held, as ptrace would. */
static int rst_set_regs(struct rst_context *ctx, struct rst_task *rt)
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

void rst_release_tasks(struct rst_context *ctx, bool kill)
{
	WRITE_ONCE(ctx->killed, kill);
	/* A task woken by released must see killed. */
	smp_wmb();
	WRITE_ONCE(ctx->released, true);
	wake_up_all(&ctx->hold);
}

int rst_wait_seed_gone(struct rst_context *ctx)
{
	unsigned long deadline = jiffies + 10 * HZ;
	struct task_struct *seed;
	bool alive;

	for (;;) {
		seed = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
		alive = seed && !seed->exit_state;
		if (seed)
			put_task_struct(seed);
		if (!alive)
			return 0;
		if (time_after(jiffies, deadline)) {
			rst_err(ctx, "the restored init of CT %u did not exit", ctx->ctid);
			return -ETIMEDOUT;
		}
		usleep_range(1000, 2000);
	}
}

static int rst_start_seed(struct rst_context *ctx, struct rst_task **out)
{
	struct task_struct *seed;
	struct rst_task *rt;
	bool have = ctx->have_next;
	int err;

	if (!have) {
		err = rst_next(ctx);
		if (!err)
			err = rst_payload(ctx, VZCPT_REC_TASK, sizeof(ctx->next));
		if (err)
			return err;
		memcpy(&ctx->next, ctx->rd.buf, sizeof(ctx->next));
		err = rst_check_task(ctx, &ctx->next);
		if (err)
			return err;
	}
	if (ctx->next.pid != 1 || ctx->next.ppid) {
		rst_err(ctx, "the image is corrupt: its first task is not the container's init");
		return -EINVAL;
	}
	seed = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	if (!seed) {
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
	err = task_work_add(seed, &rt->cb, TWA_SIGNAL);
	if (err) {
		rst_err(ctx, "the restore seed of CT %u is exiting", ctx->ctid);
		return err;
	}
	*out = rt;
	return 0;
}

int rst_undump(struct rst_context *ctx)
{
	struct rst_task *seed = NULL, *rt;
	struct task_struct *t;
	unsigned int i;
	int err;

	if (!ctx->rd.file) {
		rst_err(ctx, "no dump file was given for CT %u", ctx->ctid);
		return -EBADF;
	}
	ctx->rd.buf = kvmalloc(RST_BUF_SIZE, GFP_KERNEL);
	ctx->rd.bv = kvmalloc_array(RST_PAGES_BATCH, sizeof(*ctx->rd.bv), GFP_KERNEL);
	if (!ctx->rd.buf || !ctx->rd.bv)
		return -ENOMEM;	/* freed with the context */
	for (i = 0; i < ARRAY_SIZE(ctx->rd.batch); i++) {
		struct rst_batch *b = &ctx->rd.batch[i];

		vz_sum_job_init(&b->job);
		b->pages = kvmalloc_array(RST_PAGES_BATCH, sizeof(*b->pages), GFP_KERNEL);
		if (!b->pages)
			return -ENOMEM;
	}
	ctx->rd.pos = ctx->rd.file->f_pos;
	err = rst_header(ctx);
	if (!err)	/* the image is sound: now the namespace it goes into */
		err = rst_net_down(ctx);
	if (!err)
		err = rst_start_seed(ctx, &seed);
	if (!err) {
		wait_for_completion_state(&seed->done, TASK_IDLE);
		err = READ_ONCE(ctx->err);
	}
	if (!err)
		err = rst_end(ctx);
	if (!err) {
		list_for_each_entry(rt, &ctx->tasks, list) {
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
	/* Whatever was made dies; a seed that never ran its work is killed too. */
	rst_release_tasks(ctx, true);
	t = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	if (t) {
		send_sig(SIGKILL, t, 1);
		put_task_struct(t);
	}
	rst_wait_seed_gone(ctx);
	return err;
}
