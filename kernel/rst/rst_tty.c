// SPDX-License-Identifier: GPL-2.0
/*
 * Restore the CT's ptys. Each PTY record opens the CT's ptmx (from the
 * CT's root, as the CT's root: rst_open_ct()) in the restoring task, the
 * CT's init, whose files hold every PTY record in increasing order of
 * index: devpts gives the lowest free index, so an index below the one
 * wanted is a gap of the dumped CT, held by a temporary pty until the
 * init's files are restored; an index above it fails the restore. The
 * pair's state goes through the tty ioctls of the master, as a process
 * would set it (TIOCSPTLCK, TCSETS2, TIOCSWINSZ, TIOCPKT), and the owner
 * and mode of /dev/pts/N through notify_change(), as chown() and chmod().
 * The bytes in flight are queued at each end's port as the other end's
 * writes queue them: the input first, under a termios of the restore's
 * own that keeps them as the line discipline held them (rst_pty_input()).
 * A slave is opened by its path in the CT's devpts. The controlling
 * terminal: TIOCSCTTY by the session leader once its session is set, before
 * it makes its children (which get it by fork(), as they had), and
 * TIOCSPGRP by each task of the foreground group as it is restored (the
 * group exists from its first).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/major.h>
#include <linux/signal.h>
#include <linux/slab.h>
#include <linux/termios.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_flip.h>
#include <linux/uidgid.h>
#include <linux/vzcpt_image.h>

#include "rst_context.h"
#include "rst_evfd.h"
#include "rst_files.h"
#include "rst_ksyms.h"
#include "rst_task.h"
#include "rst_tty.h"
#include "../common/vz_ntty.h"

struct rst_pty {
	struct list_head list;
	u64 id;
	struct file *master;	/* referenced */
	bool temp;		/* holds a gap of the indices */
	bool claimed;		/* the master's FILE record has it */
	u32 index, flags;
	s32 session, pgrp;
	char path[];		/* the ptmx */
};

/* drivers/tty/tty.h's file_tty(), private to drivers/tty. */
static struct tty_struct *rst_file_tty(struct file *file)
{
	return ((struct tty_file_private *)file->private_data)->tty;
}

/* A file of devpts's ptmx node: ptmx_open() made its private_data a tty's. */
static bool rst_is_ptmx(struct file *f)
{
	struct inode *inode = file_inode(f);

	return S_ISCHR(inode->i_mode) && inode->i_rdev == MKDEV(TTYAUX_MAJOR, 2) &&
	       inode->i_sb->s_magic == DEVPTS_SUPER_MAGIC && f->private_data;
}

/* The tty ioctl @cmd on @f with @len bytes of @arg in user memory (none: @arg is 0). */
static long rst_tty_ioctl(struct file *f, unsigned int cmd, const void *arg, size_t len)
{
	void __user *u = NULL;
	long ret;

	if (len) {
		u = rst_ubuf(arg, len);
		if (IS_ERR(u))
			return PTR_ERR(u);
	}
	ret = f->f_op->unlocked_ioctl(f, cmd, (unsigned long)u);
	if (u)
		rst_ubuf_put(u);
	return ret;
}

static long rst_pty_lock(struct file *master, int lock)
{
	return rst_tty_ioctl(master, TIOCSPTLCK, &lock, sizeof(lock));
}

/* /dev/pts/N beside the ptmx, opened as the CT's root with @flags (O_PATH: no open of the tty). */
static struct file *rst_pty_open_slave(struct rst_context *ctx, struct rst_pty *p, int flags)
{
	struct tty_struct *slave = rst_file_tty(p->master)->link;
	char *slash = strrchr(p->path, '/');
	struct file *f;
	char *path;

	path = kasprintf(GFP_KERNEL, "%.*s/%u", slash ? (int)(slash - p->path) : 0, p->path,
			 p->index);
	if (!path)
		return ERR_PTR(-ENOMEM);
	f = rst_open_ct(ctx, path, flags | O_NOCTTY);
	if (IS_ERR(f)) {
		rst_open_err(ctx, "the pty slave ", path, PTR_ERR(f));
	} else if (f->f_path.dentry != slave->driver_data ||
		   (!(flags & O_PATH) && rst_file_tty(f) != slave)) {
		/* devpts_pty_new() made the slave's dentry its driver_data. */
		rst_err(ctx, "%s is not the slave of the pty restored", path);
		fput(f);
		f = ERR_PTR(-ENODEV);
	}
	kfree(path);
	return f;
}

static int rst_pty_set(struct rst_context *ctx, struct rst_pty *p, const struct vzcpt_img_pty *r)
{
	struct termios2 t = {
		.c_iflag = r->c_iflag, .c_oflag = r->c_oflag, .c_cflag = r->c_cflag,
		.c_lflag = r->c_lflag, .c_line = r->c_line, .c_ispeed = r->c_ispeed,
		.c_ospeed = r->c_ospeed,
	};
	struct winsize ws = {
		.ws_row = r->ws_row, .ws_col = r->ws_col,
		.ws_xpixel = r->ws_xpixel, .ws_ypixel = r->ws_ypixel,
	};
	int one = 1;
	long err;

	BUILD_BUG_ON(sizeof(t.c_cc) != sizeof(r->c_cc));
	memcpy(t.c_cc, r->c_cc, sizeof(t.c_cc));
	err = rst_tty_ioctl(p->master, TCSETS2, &t, sizeof(t));
	if (!err)
		err = rst_tty_ioctl(p->master, TIOCSWINSZ, &ws, sizeof(ws));
	if (!err && (r->flags & VZCPT_PTY_PACKET))
		err = rst_tty_ioctl(p->master, TIOCPKT, &one, sizeof(one));
	if (err) {
		rst_err(ctx, "cannot set the termios, window size or packet mode of pty %u (error %ld)",
			p->index, err);
		return err;
	}
	return 0;
}

/* Owner and mode of /dev/pts/N, as chown() and chmod() set them. */
static int rst_pty_owner(struct rst_context *ctx, struct rst_pty *p,
			 const struct vzcpt_img_pty *r, struct file *slave)
{
	struct user_namespace *ns = current_cred()->user_ns;
	struct dentry *dentry = slave->f_path.dentry;
	struct inode *inode = d_inode(dentry);
	struct iattr ia = {
		.ia_valid = ATTR_UID | ATTR_GID | ATTR_MODE,
		.ia_uid = make_kuid(ns, r->uid),
		.ia_gid = make_kgid(ns, r->gid),
		.ia_mode = (inode->i_mode & S_IFMT) | r->mode,
	};
	const struct cred *old;
	int err;

	if (!uid_valid(ia.ia_uid) || !gid_valid(ia.ia_gid)) {
		rst_err(ctx, "the owner %u:%u of pty %u is not mapped in the CT", r->uid, r->gid,
			p->index);
		return -EOVERFLOW;
	}
	old = override_creds(current->real_cred);
	inode_lock(inode);
	err = notify_change(file_mnt_user_ns(slave), dentry, &ia, NULL);
	inode_unlock(inode);
	revert_creds(old);
	if (err)
		rst_err(ctx, "cannot give pty %u its owner %u:%u and mode %#o (error %d)",
			p->index, r->uid, r->gid, r->mode, err);
	return err;
}

/*
 * @len bytes queued at @port as the pty's other end queues what it writes
 * (pty_write()), each pushed to the line discipline, which takes what it
 * has room for: the rest waits in the port's flip buffers, as it did. How
 * many were queued.
 */
static u32 rst_tty_queue(struct tty_port *port, const u8 *bytes, u32 len)
{
	u32 at = 0;
	int n;

	while (at < len) {
		n = tty_insert_flip_string(port, bytes + at, len - at);
		tty_flip_buffer_push(port);
		flush_work(&port->buf.work);
		if (n <= 0)
			break;
		at += n;
	}
	return at;
}

/* Whether @c ends a line in canonical mode under termios @t (n_tty_receive_char_special()). */
static bool rst_pty_line_end(const struct termios2 *t, u8 c)
{
	return c == '\n' || (c && (c == t->c_cc[VEOL] || c == t->c_cc[VEOL2]));
}

/* @tty's line discipline holds @len bytes, and whole lines up to @canon in canonical mode. */
static bool rst_pty_holds(struct tty_struct *tty, u32 len, bool icanon, u32 canon)
{
	struct tty_ldisc *ld = tty_ldisc_ref(tty);
	struct vz_n_tty_data *nd;
	bool ok;

	if (!ld)
		return false;
	nd = tty->disc_data;
	ok = ld->ops->num == N_TTY && nd->read_head - nd->read_tail == len &&
	     nd->icanon == icanon && (!icanon || nd->canon_head - nd->read_tail == canon);
	tty_ldisc_deref(ld);
	return ok;
}

/*
 * The line ends of canonical input: '\n', 0 (VEOF's, which a read leaves
 * out), and up to two more bytes (img_check.c), made VEOL and VEOL2 of @t.
 */
static void rst_pty_eols(struct termios2 *t, const u8 *in, const u8 *ends, u32 len)
{
	u32 i;
	u8 c;

	for (i = 0; i < len; i++) {
		c = in[i];
		if (!(ends[i / 8] & (1U << (i % 8))) || rst_pty_line_end(t, c) || !c)
			continue;
		t->c_cc[t->c_cc[VEOL] ? VEOL2 : VEOL] = c;
	}
}

/*
 * The input the slave's line discipline held, queued at the slave again
 * under a termios of the restore's own that stores each byte as it comes,
 * in the pair's mode: no input processing, no echo, no signals; in
 * canonical mode each line end made by its byte, that termios's VEOL or
 * VEOL2 if need be (or a VEOF of its own for 0), and every other byte that
 * would end a line or escape one escaped by a VLNEXT (^V). The pair's own
 * termios, set next, keeps the mode, so the line discipline keeps what it
 * holds (n_tty_set_termios() starts again only when ICANON changes).
 */
static int rst_pty_input(struct rst_context *ctx, struct rst_pty *p,
			 const struct vzcpt_img_pty *r, const u8 *in)
{
	struct tty_struct *slave = rst_file_tty(p->master)->link;
	const u8 *ends = in + r->in_len + r->in_raw_len;
	bool canon = r->c_lflag & ICANON;
	struct termios2 t = {
		.c_cflag = r->c_cflag, .c_ispeed = r->c_ispeed, .c_ospeed = r->c_ospeed,
	};
	u32 i, n = 0, lines = 0;
	u8 eof, lnext, *q;
	long err;

	if (!r->in_len)
		return 0;
	if (canon) {
		t.c_lflag = ICANON | IEXTEN;
		rst_pty_eols(&t, in, ends, r->in_len);
		/* Two more bytes that end no line, for VEOF and VLNEXT. */
		for (eof = 1; rst_pty_line_end(&t, eof); eof++)
			;
		for (lnext = eof + 1; rst_pty_line_end(&t, lnext); lnext++)
			;
		t.c_cc[VEOF] = eof;
		t.c_cc[VLNEXT] = lnext;
	} else {
		t.c_cc[VMIN] = 1;
	}
	q = kvmalloc(2 * r->in_len, GFP_KERNEL);
	if (!q)
		return -ENOMEM;
	for (i = 0; i < r->in_len; i++) {
		u8 c = in[i];

		if (canon && (ends[i / 8] & (1U << (i % 8)))) {
			q[n++] = c ? c : eof;
			lines = i + 1;
			continue;
		}
		if (canon && (c == eof || c == lnext || rst_pty_line_end(&t, c)))
			q[n++] = lnext;
		q[n++] = c;
	}
	err = rst_tty_ioctl(p->master, TCSETS2, &t, sizeof(t));
	if (!err && rst_tty_queue(slave->port, q, n) != n)
		err = -ENOSPC;
	kvfree(q);
	if (!err && !rst_pty_holds(slave, r->in_len, canon, lines))
		err = -EIO;
	if (err)
		rst_err(ctx, "cannot queue the %u bytes of input of pty %u not read yet (error %ld)",
			r->in_len, p->index, err);
	return err;
}

/*
 * The output the slave's side had written and the master had not read,
 * queued at the master again with no processing: the slave's was done
 * before the dump. Into the master's line discipline before the CT runs,
 * so that a read sees it at once.
 */
static int rst_pty_output(struct rst_context *ctx, struct rst_pty *p, const u8 *out, u32 len)
{
	u32 n = rst_tty_queue(rst_file_tty(p->master)->port, out, len);

	if (n != len) {
		rst_err(ctx, "cannot queue the %u bytes of output of pty %u not read yet (%u queued)",
			len, p->index, n);
		return -ENOMEM;
	}
	return 0;
}

/*
 * The input that waited for room in the slave's line discipline, queued
 * as the master's side wrote it, for the pair's termios to process when
 * the line discipline has room again.
 */
static int rst_pty_input_raw(struct rst_context *ctx, struct rst_pty *p, const u8 *raw, u32 len)
{
	u32 n = rst_tty_queue(rst_file_tty(p->master)->link->port, raw, len);

	if (n != len) {
		rst_err(ctx, "cannot queue the %u bytes of input of pty %u waiting for room (%u queued)",
			len, p->index, n);
		return -ENOMEM;
	}
	return 0;
}

static struct rst_pty *rst_pty_new(struct rst_context *ctx, const char *path, u32 len)
{
	struct rst_pty *p = kzalloc(sizeof(*p) + len + 1, GFP_KERNEL);

	if (p) {
		/* A temporary until it is the pty wanted: dropped with the others. */
		p->temp = true;
		memcpy(p->path, path, len);
		list_add_tail(&p->list, &ctx->ptys);
	}
	return p;
}

int rst_pty(struct rst_context *ctx)
{
	struct vzcpt_img_pty *r = ctx->rd.buf;
	const char *path = (const char *)(r + 1);
	struct file *f, *slave;
	struct rst_pty *p;
	const u8 *out, *in;
	int err, index;

	/* Checked (img_check.c): flags, termios bits, index, ids, the path, the bytes in flight. */
	err = rst_payload(ctx, VZCPT_REC_PTY, sizeof(*r));
	if (err)
		return err;
	/* The output and the input follow the path, which is used from p->path, NUL-terminated. */
	out = (const u8 *)path + r->path_len;
	in = out + r->out_len;
	for (;;) {
		p = rst_pty_new(ctx, path, r->path_len);
		if (!p)
			return -ENOMEM;
		f = rst_open_ct(ctx, p->path, O_RDWR | O_NOCTTY);
		if (IS_ERR(f)) {
			rst_open_err(ctx, "the ptmx ", p->path, PTR_ERR(f));
			return PTR_ERR(f);
		}
		p->master = f;
		if (!rst_is_ptmx(f)) {
			rst_err(ctx, "%s is not the ptmx of a devpts", p->path);
			return -ENODEV;
		}
		index = rst_file_tty(f)->index;
		if (index == r->index)
			break;
		if (index > r->index) {
			rst_err(ctx, "pty %u came back as pty %d: its index is taken in the CT's devpts",
				r->index, index);
			return -EBUSY;
		}
	}
	p->temp = false;
	p->id = ctx->rd.hdr.id;
	p->index = r->index;
	p->flags = r->flags;
	p->session = r->session;
	p->pgrp = r->pgrp;
	/* Unlocked while it is restored: its FILEs open its slave. */
	err = rst_pty_lock(p->master, 0);
	if (!err)
		err = rst_pty_input(ctx, p, r, in);
	if (!err)
		err = rst_pty_set(ctx, p, r);
	if (!err)
		err = rst_pty_input_raw(ctx, p, in + r->in_len, r->in_raw_len);
	if (!err)
		err = rst_pty_output(ctx, p, out, r->out_len);
	if (err)
		return err;
	slave = rst_pty_open_slave(ctx, p, O_PATH);
	if (IS_ERR(slave))
		return PTR_ERR(slave);
	err = rst_pty_owner(ctx, p, r, slave);
	fput(slave);
	if (!err && (r->flags & VZCPT_PTY_SLAVE_CLOSED)) {
		/*
		 * Opened and closed, as it was: the close (before the task
		 * returns to user space) marks the master TTY_OTHER_CLOSED,
		 * whose reads then end, unless a FILE opened the slave since.
		 */
		slave = rst_pty_open_slave(ctx, p, O_RDWR);
		if (IS_ERR(slave))
			return PTR_ERR(slave);
		fput(slave);
	}
	if (!err && (r->flags & VZCPT_PTY_LOCKED))
		err = rst_pty_lock(p->master, 1);
	return err;
}

static struct rst_pty *rst_pty_get(struct rst_context *ctx, u64 id)
{
	struct rst_pty *p;

	list_for_each_entry(p, &ctx->ptys, list)
		if (!p->temp && p->id == id)
			return p;
	rst_err(ctx, "a file names pty %llu, which was not restored", id);
	return NULL;
}

/*
 * The leader of pty @p's session, restoring its own open of /dev/tty: it
 * makes its session and takes the terminal now, as rst_set_ids() and
 * rst_pty_ctty() would after its files (both find it done then). An image
 * naming as the session another task than its leader fails there.
 */
static int rst_devtty_lead(struct rst_context *ctx, struct rst_pty *p)
{
	long err;

	if (p->session != task_pid_vnr(current) || current->signal->leader)
		return 0;
	err = ksym_ksys_setsid();
	if (err < 0) {
		rst_err(ctx, "task %d (%s) cannot make its session again, to open /dev/tty (error %ld)",
			task_pid_vnr(current), current->comm, err);
		return err;
	}
	err = rst_tty_ioctl(p->master, TIOCSCTTY, NULL, 0);
	if (err)
		rst_err(ctx, "task %d (%s) cannot take pty %u back as its controlling terminal (error %ld)",
			task_pid_vnr(current), current->comm, p->index, err);
	return err;
}

/*
 * The CT's /dev/tty, opened by the task that held it: tty_open() gives the
 * task's controlling terminal, which must be pty @p's slave, as it was.
 */
static struct file *rst_devtty_open(struct rst_context *ctx, struct rst_pty *p, int flags)
{
	struct tty_struct *slave = rst_file_tty(p->master)->link;
	int err = rst_devtty_lead(ctx, p);
	struct file *f;

	if (err)
		return ERR_PTR(err);
	f = rst_open_ct(ctx, "/dev/tty", flags);

	if (IS_ERR(f)) {
		rst_err(ctx, "task %d (%s) cannot open /dev/tty again, its controlling terminal pty %u (error %ld%s)",
			task_pid_vnr(current), current->comm, p->index, PTR_ERR(f),
			PTR_ERR(f) == -ENXIO ? ": it has none" : "");
	} else if (!S_ISCHR(file_inode(f)->i_mode) ||
		   file_inode(f)->i_rdev != MKDEV(TTYAUX_MAJOR, 0) || rst_file_tty(f) != slave) {
		/* The CT's root may have made /dev/tty another node: its file is no tty's then. */
		rst_err(ctx, "task %d (%s): the CT's /dev/tty does not reach pty %u, its controlling terminal in the image",
			task_pid_vnr(current), current->comm, p->index);
		fput(f);
		f = ERR_PTR(-ENODEV);
	}
	return f;
}

struct file *rst_pty_file(struct rst_context *ctx, const struct vzcpt_img_file *f)
{
	struct rst_pty *p = rst_pty_get(ctx, f->pipe_id);
	struct file *file;
	long err;

	if (!p)
		return ERR_PTR(-EINVAL);
	if (f->kind == VZCPT_FILE_DEVTTY)
		return rst_devtty_open(ctx, p, f->flags & ~(O_CREAT | O_EXCL | O_TRUNC));
	if (f->kind == VZCPT_FILE_PTMX) {
		/* Checked (img_check.c): claimed once, O_RDWR as posix_openpt() opens it. */
		if (p->claimed)
			return ERR_PTR(-EINVAL);
		p->claimed = true;
		file = get_file(p->master);
		/* O_LARGEFILE too: open(2) sets it on 64 bits, the kernel's opens do not. */
		spin_lock(&file->f_lock);
		file->f_flags = (file->f_flags & ~(O_NONBLOCK | O_LARGEFILE)) |
				(f->flags & (O_NONBLOCK | O_LARGEFILE));
		spin_unlock(&file->f_lock);
		return file;
	}
	if (p->flags & VZCPT_PTY_LOCKED) {
		err = rst_pty_lock(p->master, 0);
		if (err)
			return ERR_PTR(err);
	}
	file = rst_pty_open_slave(ctx, p, f->flags & ~(O_CREAT | O_EXCL | O_TRUNC));
	if (p->flags & VZCPT_PTY_LOCKED) {
		err = rst_pty_lock(p->master, 1);
		if (err && !IS_ERR(file)) {
			fput(file);
			file = ERR_PTR(err);
		}
	}
	return file;
}

/* The temporary ptys that held gaps: closed once the init's files are restored. */
void rst_pty_drop_temps(struct rst_context *ctx)
{
	struct rst_pty *p, *tmp;

	list_for_each_entry_safe(p, tmp, &ctx->ptys, list) {
		if (!p->temp)
			continue;
		list_del(&p->list);
		if (p->master)
			fput(p->master);
		kfree(p);
	}
}

void rst_pty_drop(struct rst_context *ctx)
{
	struct rst_pty *p, *tmp;

	list_for_each_entry_safe(p, tmp, &ctx->ptys, list) {
		list_del(&p->list);
		if (p->master)
			fput(p->master);
		kfree(p);
	}
}

/*
 * A task of the foreground group makes it the foreground, as
 * its shell did: a task of a background group gets SIGTTOU for TIOCSPGRP,
 * unless it blocks it, which it does for the call.
 */
static int rst_pty_fg(struct rst_context *ctx, struct rst_pty *p, pid_t pgrp)
{
	sigset_t block, old;
	long err;

	sigemptyset(&block);
	sigaddset(&block, SIGTTOU);
	sigprocmask(SIG_BLOCK, &block, &old);
	err = rst_tty_ioctl(p->master, TIOCSPGRP, &pgrp, sizeof(pgrp));
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (err)
		rst_err(ctx, "task %d (%s) cannot make its process group %d the foreground of pty %u (error %ld)",
			task_pid_vnr(current), current->comm, pgrp, p->index, err);
	return err;
}

int rst_pty_ctty(struct rst_task *rt)
{
	const struct vzcpt_img_task *t = &rt->t;
	struct rst_context *ctx = rt->ctx;
	struct tty_struct *tty;
	struct rst_pty *p;
	long err = 0;

	if (t->flags & VZCPT_TASK_THREAD)
		return 0;
	list_for_each_entry(p, &ctx->ptys, list) {
		if (p->temp || !p->session || p->session != t->pid || t->sid != t->pid)
			continue;
		/* On the master, TIOCSCTTY gives its slave: tty_pair_get_tty(). */
		err = rst_tty_ioctl(p->master, TIOCSCTTY, NULL, 0);
		if (err) {
			rst_err(ctx, "task %d (%s) cannot take pty %u back as its controlling terminal (error %ld)",
				t->pid, t->comm, p->index, err);
			return err;
		}
	}
	tty = get_current_tty();
	if (!tty)
		return 0;
	list_for_each_entry(p, &ctx->ptys, list) {
		if (p->temp || rst_file_tty(p->master)->link != tty)
			continue;
		if (p->pgrp == task_pgrp_vnr(current))
			err = rst_pty_fg(ctx, p, p->pgrp);
		break;
	}
	tty_kref_put(tty);
	return err;
}
