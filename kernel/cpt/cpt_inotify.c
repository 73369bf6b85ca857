// SPDX-License-Identifier: GPL-2.0
/*
 * Dump inotify instances: each watch by its wd, its mask as the kernel
 * keeps it, and the path of the watched inode from the CT's root, in wd
 * order, with where the kernel will look for the next wd; the file's
 * flags as F_SETFL left them; then the events queued and not read yet,
 * in their order, the queue's overflow event included.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/dcache.h>
#include <linux/fs.h>
#include <linux/fsnotify_backend.h>
#include <linux/idr.h>
#include <linux/inotify.h>
#include <linux/mount.h>
#include <linux/file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/vzcpt_image.h>

#include "../common/vz_inotify.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_evfd.h"
#include "cpt_files.h"
#include "cpt_ksyms.h"

/*
 * The kernel's struct inotify_inode_mark (fs/notify/inotify/inotify.h of
 * this 6.1 kernel), private to fs/notify: the wd of a watch is only in it
 * (the fdinfo prints it, but as text, and with the inode's number rather
 * than anything that finds the inode).
 */
struct cpt_inotify_mark {
	struct fsnotify_mark fsn_mark;
	int wd;
};

/* The inotify_mask_to_arg() bits of an event: what read() gives of its mask. */
#define CPT_IN_EV_BITS	(IN_ALL_EVENTS | IN_ISDIR | IN_UNMOUNT | IN_IGNORED | IN_Q_OVERFLOW)

/* inotify_fops is static: its address comes from kallsyms (cpt_main.c). */
bool cpt_is_inotify(struct file *file)
{
	return file->f_op == ksym_inotify_fops;
}

struct cpt_in_watch {
	s32 wd;
	u32 mask;
	struct inode *inode;	/* referenced */
	char *path;
};

static int cpt_in_cmp(const void *a, const void *b)
{
	const struct cpt_in_watch *x = a, *y = b;

	return x->wd < y->wd ? -1 : x->wd > y->wd;
}

/* The mask inotify_add_watch() takes to make @m again (inotify_mark_user_mask()). */
static u32 cpt_in_mask(struct fsnotify_mark *m, struct inode *inode)
{
	u32 mask = m->mask & IN_ALL_EVENTS;

	if (m->flags & FSNOTIFY_MARK_FLAG_EXCL_UNLINK)
		mask |= IN_EXCL_UNLINK;
	if (m->flags & FSNOTIFY_MARK_FLAG_IN_ONESHOT)
		mask |= IN_ONESHOT;
	/* The restore's lookup must reach an inode of the same kind. */
	if (S_ISDIR(inode->i_mode))
		mask |= IN_ONLYDIR;
	else if (S_ISLNK(inode->i_mode))
		mask |= IN_DONT_FOLLOW;
	return mask;
}

/*
 * The watches of @group, each with its inode referenced, and the idr's
 * cursor. Read directly, as no call of the kernel lists a group's marks
 * or reads the idr's cyclic cursor: the group's marks_list, each mark's
 * mask, flags and connector (fsnotify_backend.h), and inotify_data.idr's
 * idr_next. The group's mark_mutex keeps every mark attached to its inode
 * (fsnotify_detach_mark() runs under it); the CT is frozen, but an inode's
 * eviction or a umount can still remove a watch meanwhile.
 */
static int cpt_in_watches(struct cpt_dump *d, struct fsnotify_group *group,
			  struct cpt_in_watch **out, u32 *nr, u32 *next_wd)
{
	struct cpt_in_watch *w;
	struct fsnotify_mark *m;
	struct inode *inode;
	u32 n = 0, i = 0;
	int err = 0;

	fsnotify_group_lock(group);
	list_for_each_entry(m, &group->marks_list, g_list)
		n++;
	w = kvcalloc(n ?: 1, sizeof(*w), GFP_KERNEL);
	if (!w) {
		fsnotify_group_unlock(group);
		return -ENOMEM;
	}
	list_for_each_entry(m, &group->marks_list, g_list) {
		if (i == n)
			break;
		inode = NULL;
		/*
		 * fs/notify/fsnotify.h's fsnotify_conn_inode(): the connector
		 * stays on its inode while one of its marks is attached.
		 */
		if ((m->flags & FSNOTIFY_MARK_FLAG_ATTACHED) && m->connector &&
		    m->connector->type == FSNOTIFY_OBJ_TYPE_INODE)
			inode = igrab(container_of(READ_ONCE(m->connector->obj), struct inode,
						   i_fsnotify_marks));
		if (inode) {
			w[i].wd = container_of(m, struct cpt_inotify_mark, fsn_mark)->wd;
			w[i].mask = cpt_in_mask(m, inode);
			w[i].inode = inode;
			i++;
		} else {
			cpt_err(d->ctx, "an inotify watch is being removed (its inode is going): try again");
			err = -EAGAIN;
			break;
		}
	}
	spin_lock(&group->inotify_data.idr_lock);
	*next_wd = group->inotify_data.idr.idr_next;
	spin_unlock(&group->inotify_data.idr_lock);
	fsnotify_group_unlock(group);
	*out = w;
	*nr = i;
	if (!err)
		sort(w, i, sizeof(*w), cpt_in_cmp, NULL);
	return err;
}

/*
 * A mount of the CT's whose files a restore makes again, holding @sb: the
 * CT's root's, or a tmpfs the image carries. The watched inode's path is
 * looked up again after, which is the check. Returns 0 with @mnt held.
 */
static int cpt_in_mount(struct cpt_dump *d, struct super_block *sb, struct path *mnt)
{
	if (sb != d->root.mnt->mnt_sb)
		return cpt_tmpfs_carrying(d, sb, mnt);
	*mnt = d->root;
	path_get(mnt);
	return 0;
}

/*
 * The path of a watched inode from the CT's root. A watch holds an inode,
 * not a path: its alias is named in a mount of the CT's that shows its
 * filesystem, and the path is looked up again from the CT's root, as the
 * restore will, to see that it reaches that inode (not a mount over it,
 * not another file).
 */
static int cpt_in_path(struct cpt_dump *d, struct cpt_in_watch *w, char *buf)
{
	struct path p, mnt;
	struct file *back;
	const char *s;
	int err = 0;

	if (cpt_in_mount(d, w->inode->i_sb, &mnt)) {
		cpt_err(d->ctx, "inotify watch %d is on inode %lu of a %s filesystem that is neither the CT's root's nor a tmpfs it carries: cannot dump it yet",
			w->wd, w->inode->i_ino, w->inode->i_sb->s_type->name);
		return -EOPNOTSUPP;
	}
	p.mnt = mnt.mnt;
	p.dentry = d_find_alias(w->inode);
	if (!p.dentry) {
		path_put(&mnt);
		cpt_err(d->ctx, "inotify watch %d is on inode %lu, which has no name left (deleted): cannot dump it yet",
			w->wd, w->inode->i_ino);
		return -EOPNOTSUPP;
	}
	s = cpt_path(d, &p, buf, "the inode an inotify watch is on");
	if (IS_ERR(s)) {
		err = PTR_ERR(s);
		goto out;
	}
	/* An O_PATH open is the exported lookup from a given root. */
	back = file_open_root(&d->root, s, O_PATH | O_NOFOLLOW, 0);
	if (IS_ERR(back)) {
		err = PTR_ERR(back);
	} else {
		if (file_inode(back) != w->inode)
			err = -ESTALE;
		fput(back);
	}
	if (err) {
		cpt_err(d->ctx, "inotify watch %d is on %s, which the CT's root reaches as another file (a mount over it?): cannot dump it (error %d)",
			w->wd, s, err);
		err = -EOPNOTSUPP;
		goto out;
	}
	w->path = kstrdup(s, GFP_KERNEL);
	if (!w->path)
		err = -ENOMEM;
out:
	dput(p.dentry);
	path_put(&mnt);
	return err;
}

/*
 * The image's bytes of the events queued on @group, *@nr of them, or
 * SIZE_MAX for an event no image holds; under its notification_lock.
 */
static size_t cpt_in_events_size(struct fsnotify_group *group, u32 *nr)
{
	const struct vz_inotify_event *e;
	struct fsnotify_event *fse;
	size_t size = 0;

	*nr = 0;
	list_for_each_entry(fse, &group->notification_list, list) {
		e = container_of(fse, struct vz_inotify_event, fse);
		if (fse != group->overflow_event && (e->name_len < 0 || e->name_len > NAME_MAX))
			return SIZE_MAX;
		size += sizeof(struct vzcpt_img_inotify_ev);
		if (fse != group->overflow_event)
			size += ALIGN(e->name_len, 8);
		(*nr)++;
	}
	return size;
}

/* Write the events into @buf, zeroed, of @size bytes; under the notification_lock. */
static void cpt_in_events_copy(struct fsnotify_group *group, char *buf)
{
	const struct vz_inotify_event *e;
	struct vzcpt_img_inotify_ev *r;
	struct fsnotify_event *fse;

	list_for_each_entry(fse, &group->notification_list, list) {
		e = container_of(fse, struct vz_inotify_event, fse);
		r = (struct vzcpt_img_inotify_ev *)buf;
		buf += sizeof(*r);
		if (fse == group->overflow_event) {
			r->mask = VZCPT_IN_Q_OVERFLOW;
			r->wd = -1;
			continue;
		}
		r->mask = e->mask & CPT_IN_EV_BITS;
		r->wd = e->wd;
		r->cookie = e->sync_cookie;
		r->name_len = e->name_len;
		memcpy(buf, e->name, e->name_len);
		buf += ALIGN(e->name_len, 8);
	}
}

/*
 * The events queued on @group, into *@buf (kvmalloc'ed) of *@len bytes.
 * The CT is frozen, but the host may still make events on the inodes it
 * watches: the queue is measured, then copied if it still measures the same.
 */
static int cpt_in_events(struct cpt_dump *d, struct fsnotify_group *group, char **buf,
			 u32 *len, u32 *nr)
{
	size_t size, again;
	u32 n, tries;

	for (tries = 0; tries < 3; tries++) {
		spin_lock(&group->notification_lock);
		size = cpt_in_events_size(group, nr);
		spin_unlock(&group->notification_lock);
		if (size == SIZE_MAX || *nr > VZCPT_INOTIFY_EV_MAX ||
		    size > VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_inotify)) {
			cpt_err(d->ctx, "an inotify instance has %u events queued taking %zu bytes: more than one record holds",
				*nr, size);
			return -E2BIG;
		}
		*buf = kvzalloc(size ?: 1, GFP_KERNEL);
		if (!*buf)
			return -ENOMEM;
		spin_lock(&group->notification_lock);
		again = cpt_in_events_size(group, &n);
		if (again == size && n == *nr)
			cpt_in_events_copy(group, *buf);
		spin_unlock(&group->notification_lock);
		if (again == size && n == *nr) {
			*len = size;
			return 0;
		}
		kvfree(*buf);
		*buf = NULL;
	}
	cpt_err(d->ctx, "the events queued on an inotify instance kept changing during the dump: try again");
	return -EAGAIN;
}

/* The record's watches, each with its path padded to 8 bytes, then @ev_len bytes of @ev. */
static void *cpt_in_payload(struct cpt_dump *d, struct cpt_in_watch *w, u32 nr,
			    const char *ev, u32 ev_len, u32 *len)
{
	struct vzcpt_img_inotify_wd *r;
	size_t size = 0, plen;
	char *buf, *p;
	u32 i;

	for (i = 0; i < nr; i++)
		size += sizeof(*r) + ALIGN(strlen(w[i].path), 8);
	if (size + ev_len > VZCPT_REC_MAX_LEN - sizeof(struct vzcpt_img_inotify)) {
		cpt_err(d->ctx, "an inotify instance has %u watches whose paths take %zu bytes and events of %u bytes: more than one record holds",
			nr, size, ev_len);
		return ERR_PTR(-E2BIG);
	}
	buf = kvzalloc(size + ev_len ?: 1, GFP_KERNEL);
	if (!buf)
		return ERR_PTR(-ENOMEM);
	for (p = buf, i = 0; i < nr; i++) {
		plen = strlen(w[i].path);
		r = (struct vzcpt_img_inotify_wd *)p;
		r->wd = w[i].wd;
		r->mask = w[i].mask;
		r->path_len = plen;
		memcpy(r + 1, w[i].path, plen);
		p += sizeof(*r) + ALIGN(plen, 8);
	}
	memcpy(p, ev, ev_len);
	*len = size + ev_len;
	return buf;
}

int cpt_dump_inotify(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f,
		     char *pathbuf)
{
	struct fsnotify_group *group = file->private_data;
	struct vzcpt_img_inotify r = {};
	struct cpt_in_watch *w = NULL;
	void *payload = NULL;
	u32 i, nr = 0, len = 0, ev_len = 0;
	char *ev = NULL;
	bool first;
	int err;

	err = cpt_evfd_file(d, file, f, VZCPT_FILE_INOTIFY, "an inotify instance");
	if (err)
		return err;
	err = cpt_in_watches(d, group, &w, &nr, &r.next_wd);
	for (i = 0; !err && i < nr; i++)
		err = cpt_in_path(d, &w[i], pathbuf);
	if (!err)
		err = cpt_in_events(d, group, &ev, &ev_len, &r.nr_events);
	if (!err) {
		payload = cpt_in_payload(d, w, nr, ev, ev_len, &len);
		if (IS_ERR(payload))
			err = PTR_ERR(payload);
	}
	if (!err) {
		r.nr = nr;
		f->pipe_id = cpt_obj_id(d, group, &first);
		err = f->pipe_id ? cpt_write_rec(d, VZCPT_REC_INOTIFY, f->pipe_id, &r, sizeof(r),
						 payload, len) : -ENOMEM;
	}
	if (!IS_ERR(payload))
		kvfree(payload);
	kvfree(ev);
	for (i = 0; i < nr; i++) {
		kfree(w[i].path);
		iput(w[i].inode);
	}
	kvfree(w);
	return err;
}
