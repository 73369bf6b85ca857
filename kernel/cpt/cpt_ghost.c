// SPDX-License-Identifier: GPL-2.0
/*
 * Dump deleted files that are still open or mapped ("ghosts", as CRIU
 * calls them), and memfds, which are files of that kind from the start:
 * no path reaches them, so the image carries each one whole,
 * once (by inode): its mode, owner, times, size, and its data, holes left
 * out. A task's ghosts go out right after its TASK record, before its
 * address space and fd table name them, so the restore has them made
 * before anything opens or maps them.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/file.h>
#include <linux/fdtable.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/pagemap.h>
#include <linux/sched/mm.h>
#include <linux/shmem_fs.h>
#include <linux/slab.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_ksyms.h"

/*
 * A memfd: memfd_create()'s file of the kernel's internal tmpfs, named
 * "memfd:NAME" (one of hugetlbfs is not shmem's, and stays refused).
 */
static bool cpt_is_memfd(const struct file *file)
{
	return S_ISREG(file_inode(file)->i_mode) &&
	       file->f_path.mnt->mnt_flags & MNT_INTERNAL && shmem_mapping(file->f_mapping) &&
	       !strncmp(file->f_path.dentry->d_name.name, "memfd:", 6);
}

bool cpt_is_ghost(const struct file *file)
{
	/* An exited task's procfs files are unlinked too: they have no contents to carry. */
	return (S_ISREG(file_inode(file)->i_mode) &&
		!(file->f_path.mnt->mnt_flags & MNT_INTERNAL) && !cpt_is_procfs(file) &&
		d_unlinked(file->f_path.dentry)) || cpt_is_memfd(file);
}

/* A memfd's name and seals; refused if its restore could not map it again. */
static int cpt_memfd(struct cpt_dump *d, struct file *file, struct vzcpt_img_ghost *g,
		     char *buf)
{
	const char *name = (const char *)file->f_path.dentry->d_name.name + 6;
	unsigned int seals = SHMEM_I(file_inode(file))->seals;

	if (seals & ~VZCPT_MEMFD_SEALS) {
		cpt_err(d->ctx, "its seals %#x are not all known", seals);
		return -EOPNOTSUPP;
	}
	/* F_SEAL_FUTURE_WRITE leaves shared writable mappings that no new mmap() may make. */
	if (seals & F_SEAL_FUTURE_WRITE && mapping_writably_mapped(file->f_mapping)) {
		cpt_err(d->ctx, "it is sealed F_SEAL_FUTURE_WRITE under a writable shared mapping");
		return -EOPNOTSUPP;
	}
	g->flags = VZCPT_GHOST_MEMFD;
	g->seals = seals;
	g->path_len = min_t(size_t, strlen(name), VZCPT_MEMFD_NAME_MAX);
	memcpy(buf, name, g->path_len);
	return 0;
}

/* The files of one task that are ghosts, each inode once, referenced. */
struct cpt_ghost_set {
	struct file **f;
	unsigned int n, max;
};

static int cpt_ghost_add(struct cpt_ghost_set *s, struct file *file)
{
	struct file **nf;
	unsigned int i;

	for (i = 0; i < s->n; i++)
		if (file_inode(s->f[i]) == file_inode(file))
			return 0;
	if (s->n == s->max) {
		nf = krealloc_array(s->f, s->max ? 2 * s->max : 8, sizeof(*nf), GFP_KERNEL);
		if (!nf)
			return -ENOMEM;
		s->f = nf;
		s->max = s->max ? 2 * s->max : 8;
	}
	s->f[s->n++] = get_file(file);
	return 0;
}

static int cpt_ghosts_of_mm(struct task_struct *task, struct cpt_ghost_set *s)
{
	struct mm_struct *mm = get_task_mm(task);
	struct vm_area_struct *vma;
	int err = 0;

	if (!mm)
		return 0;
	if (mmap_read_lock_killable(mm)) {
		mmput(mm);
		return -EINTR;
	}
	{
		VMA_ITERATOR(vmi, mm, 0);

		for_each_vma(vmi, vma) {
			if (vma->vm_file && cpt_is_ghost(vma->vm_file)) {
				err = cpt_ghost_add(s, vma->vm_file);
				if (err)
					break;
			}
		}
	}
	mmap_read_unlock(mm);
	mmput(mm);
	return err;
}

static int cpt_ghost_of_file(void *arg, struct file *file, unsigned int fd)
{
	return cpt_is_ghost(file) ? cpt_ghost_add(arg, file) : 0;
}

/* The next run of data at or after @from, [*start, *end), or *start == @size at the end. */
static int cpt_ghost_extent(struct file *f, loff_t from, loff_t size, loff_t *start,
			    loff_t *end)
{
	loff_t s, e;

	if (from >= size) {
		*start = size;
		return 0;
	}
	s = vfs_llseek(f, from, SEEK_DATA);
	if (s == -ENXIO || (s >= size && s >= 0)) {
		*start = size;
		return 0;
	}
	if (s < 0)
		return s;
	e = vfs_llseek(f, s, SEEK_HOLE);
	if (e < 0)
		return e;
	if (s < from || e <= s)
		return -EIO;
	*start = s;
	*end = min(e, size);
	return 0;
}

/* The bytes of data (holes left out) of @f, up to @size. */
int cpt_ghost_count(struct file *f, loff_t size, u64 *data)
{
	loff_t pos = 0, start, end;
	int err;

	*data = 0;
	for (;;) {
		err = cpt_ghost_extent(f, pos, size, &start, &end);
		if (err || start >= size)
			return err;
		*data += end - start;
		pos = end;
	}
}

int cpt_ghost_data(struct cpt_dump *d, struct file *f, u64 id, loff_t size, u64 data, char *buf)
{
	struct vzcpt_img_ghost_data gd = {};
	loff_t pos = 0, start, end, at, rpos;
	u64 done = 0;
	ssize_t n;
	int err;

	for (;;) {
		err = cpt_ghost_extent(f, pos, size, &start, &end);
		if (err || start >= size)
			break;
		for (at = start; at < end && !err; at += gd.len) {
			gd.offset = at;
			gd.len = min_t(loff_t, end - at, VZCPT_GHOST_CHUNK);
			if (done + gd.len > data)
				return -EIO;
			rpos = at;
			n = kernel_read(f, buf, gd.len, &rpos);
			if (n != gd.len)
				return n < 0 ? n : -EIO;
			err = cpt_write_rec(d, VZCPT_REC_GHOST_DATA, id, &gd, sizeof(gd), buf,
					    gd.len);
			done += gd.len;
		}
		if (err)
			return err;
		pos = end;
	}
	return err ?: (done == data ? 0 : -EIO);
}

int cpt_inode_owner(struct cpt_dump *d, struct inode *inode, u32 *uid, u32 *gid)
{
	const struct cred *ic = get_task_cred(d->tasks[0]);

	*uid = from_kuid(ic->user_ns, inode->i_uid);
	*gid = from_kgid(ic->user_ns, inode->i_gid);
	put_cred(ic);
	if (*uid == (u32)-1 || *gid == (u32)-1) {
		cpt_err(d->ctx, "its owner %u:%u is not mapped in the CT",
			from_kuid(&init_user_ns, inode->i_uid),
			from_kgid(&init_user_ns, inode->i_gid));
		return -EOPNOTSUPP;
	}
	return 0;
}

static int cpt_dump_ghost(struct cpt_dump *d, struct file *file, u64 id, char *buf)
{
	struct inode *inode = file_inode(file);
	struct vzcpt_img_ghost g = {};
	const char *path;
	struct file *f;
	int err;

	g.size = i_size_read(inode);
	if (g.size > VZCPT_GHOST_MAX_SIZE) {
		cpt_err(d->ctx, "it is %llu bytes long, more than the %llu a dump carries",
			g.size, VZCPT_GHOST_MAX_SIZE);
		return -EFBIG;
	}
	/* Its other names would be files of their own after a restore (a memfd has none). */
	if (inode->i_nlink && !cpt_is_memfd(file)) {
		cpt_err(d->ctx, "it still has %u other name(s), which no path of it reaches",
			inode->i_nlink);
		return -EOPNOTSUPP;
	}
	err = cpt_inode_owner(d, inode, &g.uid, &g.gid);
	if (err)
		return err;
	g.mode = inode->i_mode & (S_IFMT | 07777);
	g.atime_ns = timespec64_to_ns(&inode->i_atime);
	g.mtime_ns = timespec64_to_ns(&inode->i_mtime);
	/* The name it had, if the CT's root still reaches it; else it comes back in the root. */
	if (cpt_is_memfd(file)) {
		err = cpt_memfd(d, file, &g, buf);
		if (err)
			return err;
		path = buf;
	} else {
		path = ksym_d_path_from(&file->f_path, &d->root, buf, PATH_MAX);
		if (!IS_ERR_OR_NULL(path))
			g.path_len = strlen(path);
		else
			path = NULL;
	}

	/* A reader of our own: the task's file may be write-only, its position is its own. */
	f = dentry_open(&file->f_path, O_RDONLY | O_LARGEFILE | O_NOATIME, current_cred());
	if (IS_ERR(f)) {
		cpt_err(d->ctx, "cannot open it to read it (error %ld)", PTR_ERR(f));
		return PTR_ERR(f);
	}
	err = cpt_ghost_count(f, g.size, &g.data);
	if (!err)
		err = cpt_write_rec(d, VZCPT_REC_GHOST, id, &g, sizeof(g), path, g.path_len);
	/* The path was in @buf: it is free for the data now. */
	if (!err)
		err = cpt_ghost_data(d, f, id, g.size, g.data, buf);
	fput(f);
	if (err == -EIO)
		cpt_err(d->ctx, "its data could not be read whole (it changed during the dump?)");
	else if (err && err != -ENOMEM)
		cpt_err(d->ctx, "cannot read it (error %d)", err);
	return err;
}

/*
 * Write the ghosts that @task's address space (@mm) and fd table (@files)
 * hold, those not written before: each deleted file once, under the image
 * id of its inode (cpt_ghost_id()).
 */
int cpt_dump_ghosts(struct cpt_dump *d, struct task_struct *task, bool mm, bool files)
{
	struct cpt_ghost_set s = {};
	char *buf, what[64];
	unsigned int i;
	bool first;
	u64 id;
	int err = 0;

	if (mm)
		err = cpt_ghosts_of_mm(task, &s);
	if (!err && files)
		err = cpt_each_file(task, cpt_ghost_of_file, &s);
	buf = err || !s.n ? NULL : kvmalloc(max_t(size_t, PATH_MAX, VZCPT_GHOST_CHUNK),
					    GFP_KERNEL);
	if (!err && s.n && !buf)
		err = -ENOMEM;
	for (i = 0; i < s.n && !err; i++) {
		id = cpt_obj_id(d, file_inode(s.f[i]), &first);
		if (!id)
			err = -ENOMEM;
		else if (first)
			err = cpt_dump_ghost(d, s.f[i], id, buf);
		if (err && err != -ENOMEM) {
			snprintf(what, sizeof(what), "deleted file %pD", s.f[i]);
			cpt_err_task(d, task, what);
		}
	}
	for (i = 0; i < s.n; i++)
		fput(s.f[i]);
	kfree(s.f);
	kvfree(buf);
	return err;
}

u64 cpt_ghost_id(struct cpt_dump *d, struct file *file)
{
	bool first;
	u64 id = cpt_obj_id(d, file_inode(file), &first);

	/* cpt_dump_ghosts() wrote every ghost a task holds before its mm and files. */
	if (id && first) {
		cpt_err(d->ctx, "deleted file %pD was not written before it was used", file);
		return 0;
	}
	return id;
}
