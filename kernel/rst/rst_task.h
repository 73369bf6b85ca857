/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_TASK_H
#define _RST_TASK_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/task_work.h>
#include <linux/vzcpt_image.h>

struct cred;
struct kernel_clone_args;
struct rst_context;
struct vzcpt_img_vma;
struct task_struct;

/*
 * One task being restored. Its work runs in the task itself: it rebuilds
 * the task from the image, creates the tasks that come after it in the
 * image and are its own, then leaves for the cgroup freezer, which holds it
 * until the container is resumed or killed. Registers and FPU state are set
 * from outside once it is frozen and off its CPU, as ptrace does for a
 * stopped task.
 */
struct rst_task {
	struct callback_head cb;
	struct rst_context *ctx;
	struct completion done;		/* this task and all it creates are restored */
	struct task_struct *task;	/* referenced once the task runs its work */
	bool started;			/* created: it will run its start function */
	struct list_head list;		/* in ctx->tasks */
	struct vzcpt_img_task t;
	const struct vzcpt_img_task *creator;	/* NULL for the container's init */
	struct vzcpt_img_regs regs;
	void *xstate;			/* uncompacted xsave area */
	u32 xstate_size;
	struct vzcpt_img_signals sig;
	void *siginfo;			/* 128-byte siginfos, private then shared */
	/*
	 * The task's credentials, made from the image before its records are
	 * read: its files and mappings are opened with them (rst_as_task()),
	 * and they become its own at the end.
	 */
	struct cred *cred;
	u32 stop_signal;		/* stopped by it: stops again on its way out */
	bool stop_unreported;		/* the parent's wait(WUNTRACED) is still to see it */
	struct vzcpt_img_timers timers;	/* a thread group leader's (rst_timers.c) */
	struct vzcpt_img_posix_timer *ptimers;	/* timers.nr_posix of them */
	bool zombie;			/* made only to exit: no registers, never frozen */
	int zombie_err;			/* why it could not be made as the image has it */
};

struct rst_task *rst_task_alloc(struct rst_context *ctx, const struct vzcpt_img_task *t);
void rst_task_free(struct rst_task *rt);
void rst_task_work(struct callback_head *cb);
/* rst_ptree.c: create a task, through helpers for a session or group whose leader exited. */
long rst_clone_task(struct rst_task *me, struct kernel_clone_args *args,
		    const struct vzcpt_img_task *t, bool *reaped);

/* rst_mm.c, rst_files.c, rst_signal.c: the parts of a task, in the task's own context. */
int rst_mm(struct rst_task *rt);
int rst_files(struct rst_task *rt);
int rst_fs(struct rst_task *rt);
int rst_sighand(struct rst_task *rt);
int rst_apply_signals(struct rst_task *rt);
void rst_apply_stop(struct rst_task *rt);
int rst_timens(struct rst_context *ctx);
/* rst_ipc.c: the CT's SysV IPC namespace, restored by the seed first. */
int rst_ipc(struct rst_context *ctx);
/* rst_tmpfs.c: the nodes of the CT's /dev and /dev/shm, made by the seed after its IPC. */
int rst_tmpfs(struct rst_context *ctx);
/* rst_ipc.c: a SysV segment attached where the image has it (VZCPT_VMA_SYSV). */
int rst_ipc_attach(struct rst_context *ctx, const struct vzcpt_img_vma *v, u32 *prot);
void rst_ipc_drop(struct rst_context *ctx);
/* rst_ipc.c: the task's semaphore undo entries, made in its own undo list. */
int rst_semundo(struct rst_task *rt);
/*
 * rst_mqueue.c: the CT's POSIX message queues, made by the seed after its
 * SysV objects; an fd's open of one; the notifications a process registered.
 */
int rst_mqueue(struct rst_context *ctx);
struct file *rst_mqueue_file(struct rst_context *ctx, const struct vzcpt_img_file *f);
int rst_mqueue_notify(struct rst_task *rt);
void rst_mqueue_drop(struct rst_context *ctx);
/* rst_seccomp.c: the filters the task brings, and its seccomp mode and chain at its end. */
int rst_seccomp_read(struct rst_task *rt);
int rst_seccomp_apply(struct rst_task *rt);
void rst_seccomp_drop(struct rst_context *ctx);
/* rst_mm.c: the pages of a PAGES record, at @base + their start, in the current task. */
int rst_pages_at(struct rst_context *ctx, unsigned long base, u32 *nr);
int rst_settle_pages(struct rst_context *ctx);
/* rst_precopy.c: the pre-copy passes before the image, and the pages an image takes from them. */
int rst_precopy(struct rst_context *ctx);
struct file *rst_precopy_file(struct rst_context *ctx, u64 seq);
int rst_pages_ref(struct rst_context *ctx, struct file *f);
void rst_precopy_drop(struct rst_context *ctx);
void rst_precopy_drop_later(struct rst_context *ctx);
int rst_check_userns(struct rst_context *ctx);
/* rst_taskx.c: the TASKX record, read and applied before the task creates its children. */
int rst_taskx(struct rst_task *rt);

#endif /* _RST_TASK_H */
