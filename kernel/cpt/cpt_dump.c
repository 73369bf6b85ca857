// SPDX-License-Identifier: GPL-2.0
/*
 * The dump: the order of the image and the record writer. Records go out
 * front to back with no seeks; small ones are gathered in a buffer, pages
 * go straight from the frozen tasks' memory to the dump file.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bvec.h>
#include <linux/fs.h>
#include <linux/fs_struct.h>
#include <linux/highmem.h>
#include <linux/pid.h>
#include <linux/pipe_fs_i.h>
#include <linux/poll.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <linux/nsproxy.h>
#include <linux/time_namespace.h>
#include <linux/timekeeping.h>
#include <linux/uio.h>
#include <linux/utsname.h>
#include <linux/vmalloc.h>
#include <linux/xxhash.h>
#include <linux/vzcpt_image.h>
#include <asm/fpu/xcr.h>

#include "../common/vz_fault.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_ksyms.h"

#define CPT_BUF_SIZE	(256 * 1024)

/*
 * Everything goes out through ->write_iter: kernel_write() refuses a file
 * that also has ->write (/dev/null, some devices), and page vectors need it
 * anyway.
 */
static int cpt_write_iter(struct cpt_dump *d, struct iov_iter *iter)
{
	ssize_t n = 0;

	file_start_write(d->file);
	while (iov_iter_count(iter)) {
		n = vfs_iter_write(d->file, iter, &d->pos, 0);
		if (n <= 0)
			break;
	}
	file_end_write(d->file);
	if (!iov_iter_count(iter))
		return 0;
	cpt_err(d->ctx, "cannot write the image of CT %u (error %zd)", d->ctx->ctid,
		n ? n : -EIO);
	return n ? n : -EIO;
}

static int cpt_flush(struct cpt_dump *d)
{
	struct kvec kv = { .iov_base = d->buf, .iov_len = d->buf_len };
	struct iov_iter iter;

	if (!d->buf_len)
		return 0;
	iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, d->buf_len);
	d->buf_len = 0;
	return cpt_write_iter(d, &iter);
}

static int cpt_out(struct cpt_dump *d, const void *data, size_t len)
{
	struct kvec kv = { .iov_base = (void *)data, .iov_len = len };
	struct iov_iter iter;
	int err;

	if (d->buf_len + len > CPT_BUF_SIZE) {
		err = cpt_flush(d);
		if (err)
			return err;
	}
	/* A payload larger than the buffer (a full pipe) goes out as it is. */
	if (len > CPT_BUF_SIZE) {
		iov_iter_kvec(&iter, ITER_SOURCE, &kv, 1, len);
		err = cpt_write_iter(d, &iter);
		if (!err)
			d->bytes += len;
		return err;
	}
	memcpy(d->buf + d->buf_len, data, len);
	d->buf_len += len;
	d->bytes += len;
	return 0;
}

static void cpt_rec_init(struct vzcpt_rec *h, u16 type, u64 id, u32 len)
{
	memset(h, 0, sizeof(*h));
	h->type = type;
	h->hdr_len = sizeof(*h);
	h->len = len;
	h->id = id;
}

static int cpt_write_batch(struct cpt_dump *d, struct cpt_batch *b);

/* Records go out in the order they are made: a queued batch before any later record. */
static int cpt_write_queued(struct cpt_dump *d)
{
	struct cpt_batch *queued = &d->batch[d->cur ^ 1];

	return queued->nr ? cpt_write_batch(d, queued) : 0;
}

/* Write one record whose payload is @a then @b (either may be empty). */
int cpt_write_rec(struct cpt_dump *d, u16 type, u64 id,
		  const void *a, u32 alen, const void *b, u32 blen)
{
	struct xxh64_state sum;
	struct vzcpt_rec h;
	int err;

	err = cpt_write_queued(d);
	if (err)
		return err;
	if (vz_fault("record"))
		return -ENOMEM;
	cpt_rec_init(&h, type, id, alen + blen);
	xxh64_reset(&sum, 0);
	xxh64_update(&sum, &h, sizeof(h));
	xxh64_update(&sum, a, alen);
	xxh64_update(&sum, b, blen);
	h.csum = (u32)xxh64_digest(&sum);
	err = cpt_out(d, &h, sizeof(h));
	if (!err)
		err = cpt_out(d, a, alen);
	if (!err)
		err = cpt_out(d, b, blen);
	if (!err)
		d->nr_records++;
	return err;
}

static size_t cpt_batch_hlen(void)
{
	return sizeof(struct vzcpt_rec) + sizeof(struct vzcpt_img_pages);
}

static bool cpt_pipe_writable(struct pipe_inode_info *pipe)
{
	return !pipe_full(READ_ONCE(pipe->head), READ_ONCE(pipe->tail),
			  READ_ONCE(pipe->max_usage)) || !READ_ONCE(pipe->readers);
}

static void cpt_pipe_wake_readers(struct pipe_inode_info *pipe)
{
	wake_up_interruptible_sync_poll(&pipe->rd_wait, EPOLLIN | EPOLLRDNORM);
	kill_fasync(&pipe->fasync_readers, SIGIO, POLL_IN);
}

/*
 * Into a pipe, pages go by reference, as vmsplice() gives them: the reader
 * copies each once, with no copy into pipe buffers (which the kernel would
 * first have to zero) in between. The page references keep the contents
 * of a killed CT's memory; a CT resumed after the dump must not change
 * them before the reader has them, which cpt_pipe_drain() sees to.
 */
static int cpt_pipe_pages(struct cpt_dump *d, struct page **pages, unsigned int nr)
{
	struct pipe_inode_info *pipe = d->pipe;
	unsigned int i = 0;
	ssize_t n;
	int err = 0;

	pipe_lock(pipe);
	while (i < nr) {
		struct pipe_buffer buf = {
			.page = pages[i], .len = PAGE_SIZE, .ops = &nosteal_pipe_buf_ops,
		};

		if (!pipe->readers) {
			err = -EPIPE;
			break;
		}
		if (pipe_full(pipe->head, pipe->tail, pipe->max_usage)) {
			cpt_pipe_wake_readers(pipe);
			pipe_unlock(pipe);
			err = wait_event_interruptible(pipe->wr_wait, cpt_pipe_writable(pipe));
			pipe_lock(pipe);
			if (err) {
				err = -EINTR;
				break;
			}
			continue;
		}
		get_page(pages[i]);
		n = add_to_pipe(pipe, &buf);	/* drops the reference if it fails */
		if (n < 0) {
			err = n;
			break;
		}
		i++;
	}
	cpt_pipe_wake_readers(pipe);
	pipe_unlock(pipe);
	if (err)
		cpt_err(d->ctx, "cannot write the image of CT %u into its pipe (error %d)",
			d->ctx->ctid, err);
	return err;
}

/* The dump is over once the reader holds all of it (or is gone): see cpt_pipe_pages(). */
static int cpt_pipe_drain(struct cpt_dump *d)
{
	struct pipe_inode_info *pipe = d->pipe;

	while (!pipe_empty(READ_ONCE(pipe->head), READ_ONCE(pipe->tail)) &&
	       READ_ONCE(pipe->readers)) {
		if (signal_pending(current)) {
			cpt_err(d->ctx, "interrupted while the reader of CT %u's image took it",
				d->ctx->ctid);
			return -EINTR;
		}
		usleep_range(200, 1000);
	}
	return 0;
}

/* Write a summed batch as one PAGES record, from the pages themselves, and let them go. */
static int cpt_write_batch(struct cpt_dump *d, struct cpt_batch *b)
{
	struct vzcpt_rec *h = page_address(b->hdr_page);
	size_t len = cpt_batch_hlen() + (size_t)b->nr * PAGE_SIZE;
	struct iov_iter iter;
	unsigned int i;
	int err;

	vz_sum_job_wait(&b->job);
	h->csum = (u32)xxh64_digest(&b->sum);
	bvec_set_page(&b->bv[0], b->hdr_page, cpt_batch_hlen(), 0);
	err = cpt_flush(d);	/* the small records made before this batch */
	if (!err && d->pipe) {
		iov_iter_bvec(&iter, ITER_SOURCE, b->bv, 1, cpt_batch_hlen());
		err = cpt_write_iter(d, &iter);
		if (!err)
			err = cpt_pipe_pages(d, b->pages, b->nr);
	} else if (!err) {
		for (i = 0; i < b->nr; i++)
			bvec_set_page(&b->bv[i + 1], b->pages[i], PAGE_SIZE, 0);
		iov_iter_bvec(&iter, ITER_SOURCE, b->bv, b->nr + 1, len);
		err = cpt_write_iter(d, &iter);
	}
	release_pages(b->pages, b->nr);
	b->nr = 0;
	if (err)
		return err;
	d->bytes += len;
	d->nr_records++;
	return 0;
}

/* A batch that will not be written (the dump failed): its pages are let go. */
static void cpt_drop_batch(struct cpt_batch *b)
{
	vz_sum_job_wait(&b->job);
	if (b->nr)
		release_pages(b->pages, b->nr);
	b->nr = 0;
}

/* Where the caller takes references on the next CPT_PAGES_BATCH pages to dump. */
struct page **cpt_pages_slot(struct cpt_dump *d)
{
	return d->batch[d->cur].pages;
}

/*
 * Queue the @nr pages taken into cpt_pages_slot(), mapped contiguously from
 * @start, as one PAGES record of VMA @id: their checksum starts on another
 * CPU while the batch queued before them is written. The pages are the
 * dump's from here on, written or dropped by it.
 */
int cpt_queue_pages(struct cpt_dump *d, u64 id, u64 start, unsigned int nr)
{
	struct vzcpt_img_pages pg = { .start = start, .nr = nr };
	struct cpt_batch *b = &d->batch[d->cur], *prev = &d->batch[d->cur ^ 1];
	struct vzcpt_rec *h = page_address(b->hdr_page);

	if (WARN_ON_ONCE(!nr || nr > CPT_PAGES_BATCH || b->nr)) {
		release_pages(b->pages, nr);
		return -EINVAL;
	}
	if (vz_fault("pages")) {
		release_pages(b->pages, nr);
		return -ENOMEM;
	}
	b->nr = nr;
	cpt_rec_init(h, VZCPT_REC_PAGES, id, sizeof(pg) + (size_t)nr * PAGE_SIZE);
	memcpy(h + 1, &pg, sizeof(pg));
	xxh64_reset(&b->sum, 0);
	xxh64_update(&b->sum, h, cpt_batch_hlen());
	vz_sum_job_start(&b->job, &b->sum, b->pages, nr);
	d->cur ^= 1;
	return prev->nr ? cpt_write_batch(d, prev) : 0;
}

/*
 * The image id of a shared kernel object (mm, fd table, ...). *@first says
 * whether this is its first sighting, when its records are to be written.
 */
u64 cpt_obj_id(struct cpt_dump *d, const void *obj, bool *first)
{
	void *v = xa_load(&d->ids, (unsigned long)obj);

	*first = !v;
	if (v)
		return xa_to_value(v);
	d->next_id++;
	if (xa_err(xa_store(&d->ids, (unsigned long)obj, xa_mk_value(d->next_id), GFP_KERNEL)))
		return 0;
	return d->next_id;
}

static void cpt_cpuid(u32 *w)
{
	u32 eax, ebx, ecx, edx;

	cpuid_count(1, 0, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_1_ECX] = ecx;
	w[VZCPT_CPUID_1_EDX] = edx;
	cpuid_count(7, 0, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_7_EBX] = ebx;
	w[VZCPT_CPUID_7_ECX] = ecx;
	w[VZCPT_CPUID_7_EDX] = edx;
	cpuid_count(0xd, 1, &eax, &ebx, &ecx, &edx);
	w[VZCPT_CPUID_D1_EAX] = eax;
}

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
	cpt_cpuid(img.cpuid);
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

/* Every live task of the container's pid namespace, by pid, with a reference held. */
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
		if (t->exit_state) {
			cpt_err(d->ctx, "task %d (%s) of CT %u is a zombie: cannot dump it yet",
				nr - 1, t->comm, d->ctx->ctid);
			err = -EBUSY;
		} else {
			err = cpt_tasks_grow(&tasks, n, &cap);
		}
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
	err = -ENOMEM;
	if (!creator || !first || !fill || !kids || !stack || !d->tasks || !d->pids)
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
static int cpt_check_alive(struct cpt_dump *d, struct task_struct *task)
{
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
		err = cpt_check_alive(d, d->tasks[i]);
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
	xa_destroy(&d->ids);
	kvfree(d->buf);
	for (i = 0; i < ARRAY_SIZE(d->batch); i++) {
		struct cpt_batch *b = &d->batch[i];

		cpt_drop_batch(b);
		kvfree(b->pages);
		kvfree(b->bv);
		if (b->hdr_page)
			__free_page(b->hdr_page);
	}
}

static int cpt_dump_alloc(struct cpt_dump *d)
{
	unsigned int i;

	if (vz_fault("dump buffers"))
		return -ENOMEM;
	d->buf = kvmalloc(CPT_BUF_SIZE, GFP_KERNEL);
	if (!d->buf)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(d->batch); i++) {
		struct cpt_batch *b = &d->batch[i];

		vz_sum_job_init(&b->job);
		b->pages = kvmalloc_array(CPT_PAGES_BATCH, sizeof(*b->pages), GFP_KERNEL);
		b->bv = kvmalloc_array(CPT_PAGES_BATCH + 1, sizeof(*b->bv), GFP_KERNEL);
		b->hdr_page = alloc_page(GFP_KERNEL);
		if (!b->pages || !b->bv || !b->hdr_page)
			return -ENOMEM;
	}
	return 0;
}

/* Write the image of the suspended container to its dump file. */
int cpt_dump(struct cpt_context *ctx)
{
	struct cpt_dump d = { .ctx = ctx, .file = ctx->dumpfile };
	struct vzcpt_img_end end;
	unsigned int i;
	int err;

	if (!d.file) {
		cpt_err(ctx, "no dump file was given for CT %u", ctx->ctid);
		return -EBADF;
	}
	xa_init(&d.ids);
	vz_fault_start();
	d.pos = d.file->f_pos;
	d.pipe = ksym_get_pipe_info(d.file, true);
	err = cpt_dump_alloc(&d);
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
	for (i = 0; !err && i < d.nr_tasks; i++) {
		err = cpt_check_alive(&d, d.tasks[i]);
		if (!err)
			err = cpt_dump_task(&d, d.tasks[i]);
	}
	if (!err)
		err = cpt_write_queued(&d);	/* counted in the END record */
	if (!err)
		err = cpt_check_all_alive(&d);
	if (err)
		goto out;
	end.nr_records = d.nr_records;
	end.bytes = d.bytes;
	err = cpt_write_rec(&d, VZCPT_REC_END, 0, &end, sizeof(end), NULL, 0);
	if (!err)
		err = cpt_flush(&d);
	if (!err && d.pipe)
		err = cpt_pipe_drain(&d);
	if (!err)
		d.file->f_pos = d.pos;
	pr_debug("CT %u: %u tasks, %llu records, %llu bytes\n", ctx->ctid, d.nr_tasks,
		 d.nr_records, d.bytes);
out:
	if (err && !ctx->errmsg[0])
		cpt_err(ctx, "the dump of CT %u failed (error %d)", ctx->ctid, err);
	cpt_dump_free(&d);
	return err;
}
