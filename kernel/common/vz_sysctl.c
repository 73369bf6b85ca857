// SPDX-License-Identifier: GPL-2.0
/*
 * The sysctls of a network namespace (issue 12): every entry registered in
 * its own set (net->sysctls, what register_net_sysctl() made for it), found
 * by walking that set's tree as fs/proc/proc_sysctl.c does, under its lock,
 * and read or written through the entry's own handler, as a read or write
 * of its /proc/sys file calls it (with a kernel buffer, which handlers take
 * since 5.8): the handler's checks (ranges, orderings, what a write sets off)
 * are the kernel's. procfs itself cannot serve: its lookups go to the
 * namespace of the caller, and vzctl is not in the CT's.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/delay.h>
#include <linux/mm.h>
#include <linux/rbtree.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <net/net_namespace.h>

#include "vz_sysctl.h"

/* fs/proc/proc_sysctl.c's sysctl_lock (vz_sysctl.h says why) */
spinlock_t *ksym_sysctl_lock;

struct vz_walk {
	struct vz_sysctl_ent *ents;
	unsigned int nr, cap;
	bool full, toolong;
	char path[VZCPT_NETSYSCTL_PATH + 4];	/* "net/" and the path under it */
};

/* As use_table() and unuse_table(): a table in use is not unregistered under us. */
static void vz_sysctl_unuse(struct ctl_table_header *head)
{
	if (!--head->used && head->unregistering)
		complete(head->unregistering);
}

/* Under sysctl_lock: the entries of @dir and of its subdirectories, depth first. */
static void vz_walk_dir(struct vz_walk *w, struct ctl_dir *dir, size_t len, int depth)
{
	struct vz_sysctl_ent *e;
	struct rb_node *n;

	for (n = rb_first(&dir->root); n && !w->full && !w->toolong; n = rb_next(n)) {
		struct ctl_node *node = rb_entry(n, struct ctl_node, node);
		struct ctl_table_header *head = node->header;
		struct ctl_table *t = &head->ctl_table[node - head->node];
		int l;

		if (head->unregistering)
			continue;
		l = snprintf(w->path + len, sizeof(w->path) - len, "%s%s", len ? "/" : "",
			     t->procname);
		if (len + l >= sizeof(w->path)) {
			w->toolong = true;
			return;
		}
		if (S_ISDIR(t->mode)) {
			/* A directory's entry is the first of its own header. */
			if (depth < 8)
				vz_walk_dir(w, container_of(head, struct ctl_dir, header), len + l,
					    depth + 1);
		} else if (!S_ISLNK(t->mode) && !strncmp(w->path, "net/", 4)) {
			if (w->nr == w->cap) {
				w->full = true;
				return;
			}
			e = &w->ents[w->nr++];
			e->head = head;
			e->table = t;
			strscpy(e->path, w->path + 4, sizeof(e->path));
			head->used++;
		}
		w->path[len] = 0;
	}
}

static int vz_sysctl_cmp(const void *a, const void *b)
{
	return strcmp(((const struct vz_sysctl_ent *)a)->path,
		      ((const struct vz_sysctl_ent *)b)->path);
}

/*
 * vz_sysctl_list - every entry of @net's own sysctl set, in strcmp() order
 * of their paths under net/, each table held in use until vz_sysctl_put().
 * An unregistration of one of those tables waits for the put: no write made
 * meanwhile may unregister one (none of a sysctl's handlers does; a device
 * going, or IPv6 stopped by an MTU below 1280, would), and a writer that
 * holds the RTNL while it waits is waited for a bounded time only
 * (vz_sysctl_write()).
 * Returns 0, -ENOMEM, or -ENAMETOOLONG for a path that does not fit an
 * image (none of the kernel's is near).
 */
int vz_sysctl_list(struct net *net, struct vz_sysctl_ent **ents, unsigned int *nr)
{
	struct vz_walk *w;
	unsigned int cap = 1024;
	int err = 0;

	w = kzalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	for (;;) {
		w->ents = kvcalloc(cap, sizeof(*w->ents), GFP_KERNEL);
		if (!w->ents) {
			err = -ENOMEM;
			break;
		}
		w->cap = cap;
		w->nr = 0;
		w->full = false;
		w->path[0] = 0;
		spin_lock(ksym_sysctl_lock);
		vz_walk_dir(w, &net->sysctls.dir, 0, 0);
		spin_unlock(ksym_sysctl_lock);
		if (!w->full && !w->toolong)
			break;
		vz_sysctl_put(w->ents, w->nr);
		w->ents = NULL;
		if (w->toolong || cap >= 65536) {
			err = w->toolong ? -ENAMETOOLONG : -E2BIG;
			break;
		}
		cap *= 2;
	}
	if (!err) {
		sort(w->ents, w->nr, sizeof(*w->ents), vz_sysctl_cmp, NULL);
		*ents = w->ents;
		*nr = w->nr;
	}
	kfree(w);
	return err;
}

/* Release what vz_sysctl_list() gave; @ents may be NULL. */
void vz_sysctl_put(struct vz_sysctl_ent *ents, unsigned int nr)
{
	unsigned int i;

	if (!ents)
		return;
	spin_lock(ksym_sysctl_lock);
	for (i = 0; i < nr; i++)
		vz_sysctl_unuse(ents[i].head);
	spin_unlock(ksym_sysctl_lock);
	kvfree(ents);
}

struct vz_sysctl_ent *vz_sysctl_find(struct vz_sysctl_ent *ents, unsigned int nr,
				     const char *path)
{
	unsigned int lo = 0, hi = nr, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strcmp(path, ents[mid].path);
		if (!c)
			return &ents[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

/*
 * What the image carries: an entry the CT's root can read and write (the
 * owner's bits: root's, and those net_ctl_permissions() gives the
 * namespace's owner), with a handler; not net.ipv4.conf's, which the
 * NETCONF records carry with which values were set.
 */
bool vz_sysctl_carried(const struct vz_sysctl_ent *e)
{
	return (e->table->mode & 0600) == 0600 && e->table->proc_handler &&
	       strncmp(e->path, "ipv4/conf/", 10);
}

/*
 * Call the entry's handler as a read(2) (@write 0: into @buf, *@len bytes
 * of room) or a write(2) (of @val, *@len bytes, copied into @buf) of its
 * file at offset 0 would. The IPv6 ones take the RTNL with rtnl_trylock()
 * and ask for the system call to be restarted when it is busy
 * (restart_syscall()), reading too (stable_secret): that is done here, and
 * the signal it flags, which is none, cleared again. Another CT's dump or
 * restore holds the RTNL often enough for that to happen.
 */
static int vz_sysctl_call(const struct vz_sysctl_ent *e, int write, char *buf, const char *val,
			  size_t *len)
{
	size_t room = *len;
	unsigned int tries;
	loff_t pos;
	int err;

	for (tries = 0;; tries++) {
		if (write)
			memcpy(buf, val, room);
		else
			memset(buf, 0, room);
		buf[room] = 0;
		*len = room;
		pos = 0;
		err = e->table->proc_handler(e->table, write, buf, len, &pos);
		if (err != -ERESTARTNOINTR)
			return err;
		spin_lock_irq(&current->sighand->siglock);
		recalc_sigpending();
		spin_unlock_irq(&current->sighand->siglock);
		if (fatal_signal_pending(current))
			return -EINTR;
		if (tries >= 5000)	/* the RTNL held for seconds: give up, naming it */
			return -EBUSY;
		usleep_range(1000, 2000);
	}
}

/* The value as its handler prints it, NUL-terminated: its length, or an error (-E2BIG). */
int vz_sysctl_read(const struct vz_sysctl_ent *e, char *buf, size_t size)
{
	size_t len = size - 1;
	int err;

	err = vz_sysctl_call(e, 0, buf, NULL, &len);
	if (err)
		return err;
	if (len >= size - 1)
		return -E2BIG;
	buf[len] = 0;
	return len;
}

/* Write @val through the entry's handler, as a write(2) of its file at offset 0. */
int vz_sysctl_write(const struct vz_sysctl_ent *e, const char *val, size_t len)
{
	char *buf;
	int err;

	buf = kvzalloc(len + 1, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	err = vz_sysctl_call(e, 1, buf, val, &len);
	kvfree(buf);
	return err;
}
