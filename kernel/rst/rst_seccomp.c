// SPDX-License-Identifier: GPL-2.0
/*
 * Restore a task's seccomp state: strict mode, or its chain of filters.
 *
 * The SECCOMP records a task brings are read right after its TASK record
 * and kept by id for the tasks after it that share them. At the end of
 * its restore, after its credentials, each task installs its whole chain,
 * root first, with seccomp() in its own context: the call takes the
 * program from user memory, so it goes through a scratch mapping of the
 * task's, unmapped after. A filter acts only on system calls entered from
 * user space, and the task's restore then only returns to user space (by
 * the freezer): its own restore is not filtered.
 *
 * The threads of a process whose every thread had the leader's last filter
 * (VZCPT_TASK_SECCOMP_TSYNC) share the leader's chain again: they install
 * nothing, and the leader, restored after them, adds its last filter with
 * SECCOMP_FILTER_FLAG_TSYNC, so that a later TSYNC of theirs works as it
 * would have. Other tasks get filters of their own: a chain a parent and
 * its child shared is two chains of the same programs after the restore,
 * which nothing a task does can tell but PTRACE_SECCOMP_GET_FILTER.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/filter.h>
#include <linux/mman.h>
#include <linux/overflow.h>
#include <linux/sched.h>
#include <linux/seccomp.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>
#include <linux/xarray.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_task.h"

struct rst_seccomp {
	u64 prev_id;
	u32 flags;
	u32 len;
	struct sock_filter insns[];
};

/* What seccomp() reads: its struct sock_fprog, the program after it. */
#define RST_SECCOMP_SCRATCH	PAGE_ALIGN(sizeof(struct sock_fprog) + \
					   VZCPT_SECCOMP_MAX_INSNS * sizeof(struct sock_filter))

/* The filters the task brings (nr_seccomp SECCOMP records), kept for it and the tasks after it. */
int rst_seccomp_read(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	const struct vzcpt_img_seccomp *r;
	struct rst_seccomp *f;
	u32 i;
	int err;

	for (i = 0; i < rt->t.nr_seccomp; i++) {
		err = rst_payload(ctx, VZCPT_REC_SECCOMP, sizeof(*r));
		if (err)
			return err;
		r = ctx->rd.buf;
		/* The validator matched len to the record's length. */
		f = kvmalloc(struct_size(f, insns, r->len), GFP_KERNEL);
		if (!f)
			return -ENOMEM;
		f->prev_id = r->prev_id;
		f->flags = r->flags;
		f->len = r->len;
		memcpy(f->insns, r + 1, r->len * sizeof(f->insns[0]));
		err = xa_insert(&ctx->seccomp, ctx->rd.hdr.id, f, GFP_KERNEL);
		if (err) {
			kvfree(f);
			if (err == -EBUSY)
				rst_err(ctx, "the image is corrupt: seccomp filter %llu is brought twice",
					ctx->rd.hdr.id);
			return err;
		}
	}
	return 0;
}

/* seccomp(@op, @flags, @uargs) as the task. */
static long rst_sys_seccomp(unsigned int op, unsigned int flags, void __user *uargs)
{
	struct pt_regs regs = {};

	regs.di = op;
	regs.si = flags;
	regs.dx = (unsigned long)uargs;
	return ksym_sys_seccomp(&regs);
}

/* Install @f above the task's current chain, through the scratch mapping at @u. */
static long rst_seccomp_add(const struct rst_seccomp *f, void __user *u, unsigned int flags)
{
	struct sock_filter __user *insns = u + sizeof(struct sock_fprog);
	struct sock_fprog fp = { .len = f->len, .filter = insns };

	if (copy_to_user(u, &fp, sizeof(fp)) ||
	    copy_to_user(insns, f->insns, f->len * sizeof(f->insns[0])))
		return -EFAULT;
	if (f->flags & VZCPT_SECCOMP_LOG)
		flags |= SECCOMP_FILTER_FLAG_LOG;
	return rst_sys_seccomp(SECCOMP_SET_MODE_FILTER, flags, u);
}

/*
 * The task's chain, root first, as it is now: its credentials set. Without
 * no_new_privs, seccomp() wants CAP_SYS_ADMIN in the task's user namespace:
 * a task that had the filters installed for it (by a privileged ancestor,
 * before it dropped its capabilities) may lack both, so it has that
 * capability for the calls alone. A filter only ever takes away.
 */
static int rst_seccomp_chain(struct rst_task *rt)
{
	struct rst_context *ctx = rt->ctx;
	const struct rst_seccomp **chain;
	const struct rst_seccomp *f;
	const struct cred *old = NULL;
	struct cred *cred = NULL;
	unsigned long addr;
	u32 n = 0, i;
	long err = 0;
	u64 id;

	for (id = rt->t.seccomp_id; id; id = f->prev_id, n++) {
		f = xa_load(&ctx->seccomp, id);
		if (!f || n > VZCPT_SECCOMP_MAX_PATH) {
			rst_err(ctx, "the image is corrupt: task %d lacks seccomp filter %llu",
				rt->t.pid, id);
			return -EINVAL;
		}
	}
	chain = kvmalloc_array(n, sizeof(*chain), GFP_KERNEL);
	if (!chain)
		return -ENOMEM;
	for (i = n, id = rt->t.seccomp_id; i > 0; id = chain[i - 1]->prev_id, i--)
		chain[i - 1] = xa_load(&ctx->seccomp, id);

	addr = vm_mmap(NULL, 0, RST_SECCOMP_SCRATCH, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr)) {
		err = (long)addr;
		goto out;
	}
	if (!task_no_new_privs(current)) {
		cred = prepare_creds();
		if (!cred) {
			err = -ENOMEM;
			goto unmap;
		}
		cap_raise(cred->cap_effective, CAP_SYS_ADMIN);
		old = override_creds(cred);
	}
	for (i = 0; i < n && !err; i++)
		err = rst_seccomp_add(chain[i], (void __user *)addr,
				      i == n - 1 && rt->t.flags & VZCPT_TASK_SECCOMP_TSYNC ?
				      SECCOMP_FILTER_FLAG_TSYNC : 0);
	/* TSYNC fails with the id of a thread it cannot sync. */
	if (err > 0)
		err = -EBUSY;
	if (cred) {
		revert_creds(old);
		put_cred(cred);
	}
	if (err)
		rst_err(ctx, "task %d (%s) cannot get back seccomp filter %u of its %u (error %ld)",
			rt->t.pid, rt->t.comm, i, n, err);
unmap:
	vm_munmap(addr, RST_SECCOMP_SCRATCH);
out:
	kvfree(chain);
	return err;
}

/*
 * The threads of ours that lack no_new_privs, referenced: a TSYNC gives
 * them ours. NULL for none, else an array ending in NULL.
 */
static struct task_struct **rst_seccomp_nnp_off(void)
{
	struct task_struct **v, *th;
	int n = get_nr_threads(current), i = 0;

	if (!task_no_new_privs(current))
		return NULL;
	v = kcalloc(n + 1, sizeof(*v), GFP_KERNEL);
	if (!v)
		return ERR_PTR(-ENOMEM);
	rcu_read_lock();
	for_each_thread(current, th)
		if (i < n && !task_no_new_privs(th))
			v[i++] = get_task_struct(th);
	rcu_read_unlock();
	return v;
}

/* Give them back their no_new_privs, off. */
static void rst_seccomp_nnp_put(struct task_struct **v)
{
	int i;

	if (IS_ERR_OR_NULL(v))
		return;
	for (i = 0; v[i]; i++) {
		clear_bit(PFA_NO_NEW_PRIVS, &v[i]->atomic_flags);
		put_task_struct(v[i]);
	}
	kfree(v);
}

/* The task's seccomp mode, last of its restore. */
int rst_seccomp_apply(struct rst_task *rt)
{
	const struct vzcpt_img_task *c = rt->creator;
	struct task_struct **nnp;
	long err;

	/* Its leader, restored after it, shares its chain with it. */
	if (rt->t.flags & VZCPT_TASK_THREAD && c && c->flags & VZCPT_TASK_SECCOMP_TSYNC) {
		if (rt->t.seccomp_mode == SECCOMP_MODE_FILTER && rt->t.seccomp_id == c->seccomp_id)
			return 0;
		rst_err(rt->ctx, "the image is corrupt: thread %d has not the seccomp filters of its leader %d",
			rt->t.pid, c->pid);
		return -EINVAL;
	}
	switch (rt->t.seccomp_mode) {
	case SECCOMP_MODE_STRICT:
		err = rst_sys_seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL);
		if (err)
			rst_err(rt->ctx, "task %d (%s) cannot get back seccomp strict mode (error %ld)",
				rt->t.pid, rt->t.comm, err);
		return err;
	case SECCOMP_MODE_FILTER:
		if (!(rt->t.flags & VZCPT_TASK_SECCOMP_TSYNC))
			return rst_seccomp_chain(rt);
		nnp = rst_seccomp_nnp_off();
		if (IS_ERR(nnp))
			return PTR_ERR(nnp);
		err = rst_seccomp_chain(rt);
		rst_seccomp_nnp_put(nnp);
		return err;
	default:
		return 0;
	}
}

void rst_seccomp_drop(struct rst_context *ctx)
{
	struct rst_seccomp *f;
	unsigned long id;

	xa_for_each(&ctx->seccomp, id, f)
		kvfree(f);
	xa_destroy(&ctx->seccomp);
}
