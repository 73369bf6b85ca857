// SPDX-License-Identifier: GPL-2.0
/*
 * Restore shared anonymous memory: the first mapping of an object makes it
 * again, as shmem_zero_setup() did (a private inode of the kernel's
 * internal tmpfs named "dev/zero", of the object's size), and every
 * mapping of it, in every restored task, maps that one object at its
 * offset: a write in one task is seen by the others as before. The pages
 * are written through the mapping that carries them (rst_mm.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/shmem_fs.h>
#include <linux/xarray.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_ksyms.h"
#include "rst_shm.h"

/* The object named @v->shm_id, made at its first mapping; not referenced. */
static struct file *rst_shm_object(struct rst_context *ctx, const struct vzcpt_img_vma *v)
{
	struct file *f = xa_load(&ctx->shm, v->shm_id);
	int err;

	/* Checked (img_check.c): every mapping of one object gives it the same size. */
	if (f)
		return f;
	f = ksym_shmem_kernel_file_setup("dev/zero", v->shm_size, v->vm_flags & VM_NORESERVE);
	if (IS_ERR(f)) {
		rst_err(ctx, "cannot make shared memory of %llu bytes for mapping %#llx-%#llx (error %ld)",
			v->shm_size, v->start, v->end, PTR_ERR(f));
		return f;
	}
	err = xa_err(xa_store(&ctx->shm, v->shm_id, f, GFP_KERNEL));
	if (err) {
		fput(f);
		return ERR_PTR(err);
	}
	return f;
}

/* Map @v's object writable, for its pages; rst_mm.c gives it its protection after. */
int rst_map_shm(struct rst_context *ctx, const struct vzcpt_img_vma *v)
{
	struct file *f = rst_shm_object(ctx, v);
	unsigned long addr;

	if (IS_ERR(f))
		return PTR_ERR(f);
	addr = vm_mmap(f, v->start, v->end - v->start, PROT_READ | PROT_WRITE,
		       MAP_FIXED | MAP_SHARED | (v->vm_flags & VM_NORESERVE ? MAP_NORESERVE : 0),
		       v->pgoff << PAGE_SHIFT);
	if (IS_ERR_VALUE(addr) || addr != v->start) {
		rst_err(ctx, "cannot map shared memory at %#llx (error %ld)", v->start, (long)addr);
		return IS_ERR_VALUE(addr) ? (int)addr : -ENOMEM;
	}
	return 0;
}

void rst_shm_drop(struct rst_context *ctx)
{
	rst_fput_all(&ctx->shm);
}
