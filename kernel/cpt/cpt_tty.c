// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the CT's ptys: each pty pair of the CT's devpts (mounted at
 * /dev/pts), both ends shared objects of one PTY record: its index, the
 * termios and window size of the pair, the lock, packet mode, whether a
 * slave was opened and closed, the owner and mode of /dev/pts/N, the
 * session whose controlling terminal it is with its foreground group, and
 * the bytes in flight both ways: the output its slave's side wrote that
 * its master has not read, and the input its master's side wrote that its
 * slave has not read, with the line ends of canonical mode.
 *
 * The restore must get each index again, and devpts gives the lowest free
 * one: every pty of the CT is found first, by a scan of all the CT's fd
 * tables and controlling terminals when the init's files are dumped, and
 * their PTY records written there in increasing order of index. The scan
 * is also where everything not carried is refused, naming the task and fd:
 * an end held outside the CT (vzctl enter), a pty of another devpts, any
 * other terminal (the console, a legacy BSD pty), an open of /dev/tty that
 * the restore could not make again (its holder a session leader, which
 * takes its terminal back after its files, or not in that terminal's
 * session now), a hung-up
 * terminal, a line discipline other than N_TTY, input the restore could
 * not queue again as it was (a ^V waiting for its character, echoes not
 * written yet, a line ended by a byte that ends none in the termios now),
 * output stopped by ^S, a pending packet mode status.
 *
 * Fields of struct tty_struct read directly (include/linux/tty.h), as no
 * exported interface gives them for a tty the caller does not hold as its
 * own controlling terminal: termios (TCGETS2 would need a file of it and
 * our own process as caller), winsize, index, count (how many opens there
 * are, to find opens outside the CT), flags (TTY_PTY_LOCK and
 * TTY_OTHER_CLOSED: no ioctl reads the latter), ctrl.session, ctrl.pgrp,
 * ctrl.packet and ctrl.pktstatus (TIOCGSID and TIOCGPGRP answer only the
 * terminal's own session), flow.stopped, link, driver and driver_data (the
 * slave's devpts dentry), disc_data (kernel/common/vz_ntty.h) and
 * port->buf (the data not read yet: FIONREAD counts only whole lines in
 * canonical mode, and no call reads another's input without taking it).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/fdtable.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/magic.h>
#include <linux/major.h>
#include <linux/mount.h>
#include <linux/pid_namespace.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/tty.h>
#include <linux/tty_driver.h>
#include <linux/tty_flip.h>
#include <linux/tty_ldisc.h>
#include <linux/vzcpt_image.h>
#include <linux/workqueue.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_files.h"
#include "cpt_ksyms.h"
#include "cpt_tty.h"
#include "../common/vz_ntty.h"

/* One pty pair found by the scan. */
struct cpt_pty {
	struct tty_struct *slave;	/* referenced */
	struct file *master;		/* the CT's open of the master, NULL: none seen */
	unsigned int slaves;		/* distinct opens of the slave seen in the CT */
	pid_t task;			/* where it was first seen, for messages */
	int fd;				/* -1: as a controlling terminal */
	char path[64];			/* the ptmx's path, from the master's file */
};

struct cpt_pty_scan {
	struct cpt_dump *d;
	struct super_block *devpts;	/* the CT's /dev/pts */
	struct cpt_pty *p;
	unsigned int nr, room;
	struct xarray files;		/* the tty files counted already */
	struct tty_struct **ctty;	/* each task's controlling terminal (not referenced) */
	char *buf;			/* PATH_MAX */
};

/* drivers/tty/tty.h's file_tty(), which that private header keeps to drivers/tty. */
static struct tty_struct *cpt_file_tty(struct file *file)
{
	return ((struct tty_file_private *)file->private_data)->tty;
}

bool cpt_is_tty(struct file *file)
{
	return file->f_op == ksym_tty_fops || file->f_op == ksym_ptmx_fops ||
	       file->f_op == ksym_hung_up_tty_fops;
}

static bool cpt_is_unix98(struct tty_struct *tty)
{
	return tty->driver->type == TTY_DRIVER_TYPE_PTY &&
	       (tty->driver->flags & TTY_DRIVER_DEVPTS_MEM);
}

static void cpt_pty_where(struct cpt_pty_scan *s, pid_t task, int fd)
{
	char what[32] = "its controlling terminal";
	unsigned int i;

	if (fd >= 0)
		snprintf(what, sizeof(what), "fd %d", fd);
	for (i = 0; i < s->d->nr_tasks; i++)
		if (s->d->pids[i] == task) {
			cpt_err_task(s->d, s->d->tasks[i], what);
			return;
		}
}

static struct cpt_pty *cpt_pty_find(struct cpt_pty_scan *s, struct tty_struct *slave,
				    pid_t task, int fd)
{
	struct cpt_pty *p;
	unsigned int i;

	for (i = 0; i < s->nr; i++)
		if (s->p[i].slave == slave)
			return &s->p[i];
	if (s->nr == s->room) {
		p = krealloc_array(s->p, s->room * 2 + 8, sizeof(*p), GFP_KERNEL);
		if (!p)
			return ERR_PTR(-ENOMEM);
		s->p = p;
		s->room = s->room * 2 + 8;
	}
	p = &s->p[s->nr++];
	memset(p, 0, sizeof(*p));
	p->slave = tty_kref_get(slave);
	p->task = task;
	p->fd = fd;
	return p;
}

/* Whether @slave is a pty of the CT's devpts; else refused, saying why. */
static int cpt_pty_ours(struct cpt_pty_scan *s, struct tty_struct *tty)
{
	struct dentry *dentry;

	if (!cpt_is_unix98(tty)) {
		cpt_err(s->d->ctx, "the terminal %s is not a pty of the CT's devpts (the console, a legacy BSD pty, a serial line or a virtual console): not carried",
			tty->name);
		return -EOPNOTSUPP;
	}
	dentry = tty->driver->subtype == PTY_TYPE_SLAVE ? tty->driver_data :
		 tty->link->driver_data;
	if (!dentry || dentry->d_sb != s->devpts) {
		cpt_err(s->d->ctx, "the pty %s is of another devpts instance than the CT's /dev/pts: not carried",
			tty->name);
		return -EOPNOTSUPP;
	}
	return 0;
}

/*
 * An open of /dev/tty by task @i: the restore opens /dev/tty again in the
 * task that holds it, which must have that terminal by then: a member of
 * its session gets it from the leader by fork(); the leader takes it back
 * when it comes to its open (rst_devtty_open()).
 */
static int cpt_devtty(struct cpt_pty_scan *s, struct tty_struct *tty, unsigned int i)
{
	if (s->ctty[i] != tty) {
		cpt_err(s->d->ctx, "/dev/tty is open on %s, which is not its controlling terminal now: not carried",
			tty->name);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* One open file of task @i: counted if it is an end of a pty, refused if another terminal. */
static int cpt_pty_file(struct cpt_pty_scan *s, struct file *file, unsigned int i, int fd)
{
	struct tty_struct *tty, *slave;
	pid_t task = s->d->pids[i];
	struct cpt_pty *p;
	const char *path;
	int err;

	if (!cpt_is_tty(file))
		return 0;
	if (file->f_op == ksym_hung_up_tty_fops) {
		cpt_err(s->d->ctx, "the terminal %pD was hung up (its master closed, or vhangup()): not carried",
			file);
		return -EOPNOTSUPP;
	}
	tty = cpt_file_tty(file);
	err = cpt_pty_ours(s, tty);
	if (err)
		return err;
	if (xa_load(&s->files, (unsigned long)file))
		return 0;
	/* Counted as an open of the slave: each holds one of its count. */
	if (file_inode(file)->i_rdev == MKDEV(TTYAUX_MAJOR, 0)) {
		err = cpt_devtty(s, tty, i);
		if (err)
			return err;
	}
	err = xa_err(xa_store(&s->files, (unsigned long)file, xa_mk_value(1), GFP_KERNEL));
	if (err)
		return err;
	slave = tty->driver->subtype == PTY_TYPE_MASTER ? tty->link : tty;
	p = cpt_pty_find(s, slave, task, fd);
	if (IS_ERR(p))
		return PTR_ERR(p);
	if (tty == slave) {
		p->slaves++;
		return 0;
	}
	/* A master opened through a ptmx node elsewhere than in devpts would be reopened there. */
	if (file_inode(file)->i_sb != s->devpts) {
		cpt_err(s->d->ctx, "the master of %s was opened through %pD, not the ptmx of the CT's /dev/pts: not carried yet",
			slave->name, file);
		return -EOPNOTSUPP;
	}
	path = cpt_path(s->d, &file->f_path, s->buf, "the ptmx");
	if (IS_ERR(path))
		return PTR_ERR(path);
	if (strscpy(p->path, path, sizeof(p->path)) < 0) {
		cpt_err(s->d->ctx, "the ptmx path %s is too long", path);
		return -ENAMETOOLONG;
	}
	p->master = file;
	return 0;
}

struct cpt_pty_task {
	struct cpt_pty_scan *s;
	unsigned int i;
};

static int cpt_pty_fd(void *arg, struct file *file, unsigned int fd)
{
	struct cpt_pty_task *t = arg;
	int err = cpt_pty_file(t->s, file, t->i, fd);

	if (err && err != -ENOMEM)
		cpt_pty_where(t->s, t->s->d->pids[t->i], fd);
	return err;
}

static int cpt_pty_files(struct cpt_pty_scan *s, unsigned int i)
{
	struct cpt_pty_task t = { .s = s, .i = i };

	return cpt_each_file(s->d->tasks[i], cpt_pty_fd, &t);
}

/* @task's controlling terminal: a pty of the CT's, noted with its pair. */
static int cpt_pty_ctty(struct cpt_pty_scan *s, unsigned int i)
{
	struct task_struct *task = s->d->tasks[i];
	struct sighand_struct *sh;
	struct tty_struct *tty = NULL;
	unsigned long flags;
	struct cpt_pty *p;
	int err;

	/* A zombie keeps its signal's tty until it is reaped: it has none. */
	if (s->d->zombie[i])
		return 0;
	sh = cpt_lock_sighand(task, &flags);
	if (!sh)
		return 0;	/* gone: cpt_dump_task() says so */
	tty = tty_kref_get(task->signal->tty);
	spin_unlock_irqrestore(&sh->siglock, flags);
	if (!tty)
		return 0;
	err = cpt_pty_ours(s, tty);
	if (!err && tty->driver->subtype != PTY_TYPE_SLAVE) {
		cpt_err(s->d->ctx, "its controlling terminal is the master of %s", tty->link->name);
		err = -EOPNOTSUPP;
	}
	if (!err) {
		p = cpt_pty_find(s, tty, s->d->pids[i], -1);
		err = IS_ERR(p) ? PTR_ERR(p) : 0;
		s->ctty[i] = tty;
	}
	tty_kref_put(tty);
	if (err && err != -ENOMEM)
		cpt_pty_where(s, s->d->pids[i], -1);
	return err;
}

/* Bytes held at @tty's end and not read yet: its flip buffers, then its line discipline's. */
static size_t cpt_tty_unread(struct tty_struct *tty)
{
	struct vz_n_tty_data *ld = tty->disc_data;
	struct tty_bufhead *buf = &tty->port->buf;
	struct tty_buffer *b;
	size_t n = 0;

	/* What the writer pushed goes to the line discipline first, as a read would see it. */
	flush_work(&buf->work);
	mutex_lock(&buf->lock);
	for (b = buf->head; b; b = b->next)
		/* Pairs with the writer's smp_store_release() of commit, as flush_to_ldisc(). */
		n += smp_load_acquire(&b->commit) - b->read;
	mutex_unlock(&buf->lock);
	if (ld)
		n += READ_ONCE(ld->read_head) - READ_ONCE(ld->read_tail);
	return n;
}

/* @n bytes of @tty's flip buffers not received yet, in order, into @to: false if they are not. */
static bool cpt_tty_flip(struct tty_struct *tty, u8 *to, size_t n)
{
	struct tty_bufhead *buf = &tty->port->buf;
	struct tty_buffer *b;
	size_t at = 0, c;

	mutex_lock(&buf->lock);
	for (b = buf->head; b; b = b->next) {
		/* Pairs with the writer's smp_store_release() of commit, as flush_to_ldisc(). */
		c = smp_load_acquire(&b->commit) - b->read;
		if (at + c > n)
			break;
		memcpy(to + at, char_buf_ptr(b, b->read), c);
		at += c;
	}
	mutex_unlock(&buf->lock);
	return at == n;
}

/*
 * The pair's output not read yet, at @master: its line discipline's read
 * buffer (raw, as a pty master's termios keeps it), then its port's flip
 * buffers, in the order a read gets them. cpt_tty_unread() moved what it
 * could to the former.
 */
static int cpt_pty_output(struct cpt_context *ctx, struct tty_struct *master, u8 **out, u32 *len)
{
	struct vz_n_tty_data *ld = master->disc_data;
	size_t head, tail, n = cpt_tty_unread(master), at = 0;
	u8 *to;

	if (!n)
		return 0;
	head = READ_ONCE(ld->read_head);
	tail = READ_ONCE(ld->read_tail);
	if (n > VZCPT_PTY_OUT_MAX || ld->icanon || READ_ONCE(ld->commit_head) != head ||
	    head - tail > N_TTY_BUF_SIZE) {
		cpt_err(ctx, "%zu byte(s) of output of %s are not read yet, and not as the image can carry them",
			n, master->link->name);
		return -EOPNOTSUPP;
	}
	to = kvmalloc(n, GFP_KERNEL);
	if (!to)
		return -ENOMEM;
	for (; tail != head && at < n; tail++)
		to[at++] = ld->read_buf[tail & (N_TTY_BUF_SIZE - 1)];
	if (tail != head || !cpt_tty_flip(master, to + at, n - at)) {
		/* the CT is frozen: nobody may have written meanwhile */
		kvfree(to);
		cpt_err(ctx, "the output of %s not read yet changed while it was dumped",
			master->link->name);
		return -EAGAIN;
	}
	*out = to;
	*len = n;
	return 0;
}

/*
 * In canonical mode, the line ends of the @len bytes of input from @tail
 * into the bitmap @ends (struct vzcpt_img_pty): only before canon_head,
 * the last one just before it, and in no more than two bytes besides '\n'
 * and VEOF's 0 (VEOL and VEOL2, or the bytes they were when the lines
 * came), which the restore's own termios can make line ends again.
 */
static bool cpt_pty_line_ends(struct tty_struct *slave, const u8 *in, size_t tail, size_t len,
			      u8 *ends)
{
	struct vz_n_tty_data *ld = slave->disc_data;
	size_t canon = READ_ONCE(ld->canon_head) - tail, i;
	int eol[2] = { -1, -1 };
	u8 c;

	if (canon > len)
		return false;
	for (i = 0; i < len; i++) {
		if (!test_bit((tail + i) & (N_TTY_BUF_SIZE - 1), ld->read_flags))
			continue;
		if (i >= canon)
			return false;
		c = in[i];
		if (c && c != '\n' && c != eol[0] && c != eol[1]) {
			if (eol[1] >= 0)
				return false;
			eol[eol[0] >= 0] = c;
		}
		ends[i / 8] |= 1U << (i % 8);
	}
	return !canon || (ends[(canon - 1) / 8] & (1U << ((canon - 1) % 8)));
}

/*
 * The pair's input not read yet, at @slave, as struct vzcpt_img_pty has it:
 * its line discipline's read buffer as it holds it (after the input
 * processing), its port's flip buffers not processed yet, and in canonical
 * mode the line ends of the former. What the restore could not queue again
 * as it was is refused.
 */
static int cpt_pty_input(struct cpt_context *ctx, struct tty_struct *slave, u8 **in,
			 u32 *ld_len, u32 *raw_len)
{
	struct vz_n_tty_data *ld = slave->disc_data;
	size_t n = cpt_tty_unread(slave), head, tail, len, ends;
	bool icanon = ld->icanon;
	u8 *to;

	if (READ_ONCE(ld->echo_head) != READ_ONCE(ld->echo_tail)) {
		cpt_err(ctx, "echoes of the input to %s are not written yet: cannot carry them",
			slave->name);
		return -EOPNOTSUPP;
	}
	if (!n)
		return 0;
	if (ld->lnext || ld->erasing) {
		cpt_err(ctx, "the input to %s is in the middle of a ^V or of an ECHOPRT erase: not carried",
			slave->name);
		return -EOPNOTSUPP;
	}
	head = READ_ONCE(ld->read_head);
	tail = READ_ONCE(ld->read_tail);
	len = head - tail;
	if (icanon != !!L_ICANON(slave) || L_EXTPROC(slave) || len > N_TTY_BUF_SIZE - !icanon ||
	    n - len > VZCPT_PTY_IN_RAW_MAX || (!icanon && READ_ONCE(ld->commit_head) != head)) {
		cpt_err(ctx, "%zu byte(s) of input to %s are not read yet, and not as the image can carry them",
			n, slave->name);
		return -EOPNOTSUPP;
	}
	ends = icanon ? DIV_ROUND_UP(len, 8) : 0;
	to = kvzalloc(n + ends, GFP_KERNEL);
	if (!to)
		return -ENOMEM;
	for (; tail != head; tail++)
		to[len - (head - tail)] = ld->read_buf[tail & (N_TTY_BUF_SIZE - 1)];
	if (!cpt_tty_flip(slave, to + len, n - len)) {
		kvfree(to);
		cpt_err(ctx, "the input to %s not read yet changed while it was dumped",
			slave->name);
		return -EAGAIN;
	}
	if (icanon && !cpt_pty_line_ends(slave, to, head - len, len, to + n)) {
		kvfree(to);
		cpt_err(ctx, "the lines of the input to %s not read yet end in more than two bytes besides newline and VEOF: not carried",
			slave->name);
		return -EOPNOTSUPP;
	}
	*in = to;
	*ld_len = len;
	*raw_len = n - len;
	return 0;
}

/* The bytes in flight both ways: struct vzcpt_img_pty's output and input. */
struct cpt_pty_flight {
	u8 *out, *in;
};

/* What the pair's state cannot carry: refused, naming the pty. Its bytes in flight: into @f. */
static int cpt_pty_check(struct cpt_pty_scan *s, struct cpt_pty *p, struct vzcpt_img_pty *r,
			 struct cpt_pty_flight *f)
{
	struct tty_struct *slave = p->slave, *master = slave->link;
	struct cpt_context *ctx = s->d->ctx;
	struct tty_struct *ends[2] = { master, slave };
	struct tty_ldisc *ld;
	int i, err;

	if (!p->master || READ_ONCE(master->count) != 1) {
		cpt_err(ctx, "the master of %s is held outside the CT, e.g. by vzctl enter: cannot carry it",
			slave->name);
		return -EOPNOTSUPP;
	}
	/* A slave's count has one more while its master is open (pty_common_install()). */
	if (READ_ONCE(slave->count) != p->slaves + 1) {
		cpt_err(ctx, "%s is open %d times, %u of them in the CT's fd tables: the others are outside the CT (vzctl enter?) or through /dev/tty: cannot carry it",
			slave->name, READ_ONCE(slave->count) - 1, p->slaves);
		return -EOPNOTSUPP;
	}
	/*
	 * The input written before the freeze goes through the slave's line
	 * discipline first, as a read would see it: its echoes are output,
	 * which the master's end must hold before that is dumped.
	 */
	flush_work(&slave->port->buf.work);
	for (i = 0; i < 2; i++) {
		ld = tty_ldisc_ref(ends[i]);
		if (!ld || ld->ops->num != N_TTY) {
			if (ld)
				tty_ldisc_deref(ld);
			cpt_err(ctx, "the %s of %s has a line discipline other than N_TTY: not carried",
				i ? "slave" : "master", slave->name);
			return -EOPNOTSUPP;
		}
		/* the ldisc reference keeps its data (n_tty_data) while it is read */
		if (i)
			err = cpt_pty_input(ctx, slave, &f->in, &r->in_len, &r->in_raw_len);
		else
			err = cpt_pty_output(ctx, master, &f->out, &r->out_len);
		tty_ldisc_deref(ld);
		if (err)
			return err;
		if (ends[i]->flow.stopped || ends[i]->flow.tco_stopped) {
			cpt_err(ctx, "the output of %s is stopped (^S, TCOOFF): not carried yet",
				slave->name);
			return -EOPNOTSUPP;
		}
	}
	if (READ_ONCE(master->ctrl.pktstatus)) {
		cpt_err(ctx, "the master of %s has a packet mode status not read: cannot carry it",
			slave->name);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Whether some task of the CT is in process group @pgrp (a CT pid); else it is gone. */
static bool cpt_pgrp_lives(struct cpt_dump *d, pid_t pgrp)
{
	unsigned int i;

	for (i = 0; i < d->nr_tasks; i++)
		if (!d->zombie[i] && task_pgrp_nr_ns(d->tasks[i], d->ctx->pidns) == pgrp)
			return true;
	return false;
}

/* The pair's session and foreground group, and every task of that session has it as ctty. */
static int cpt_pty_session(struct cpt_pty_scan *s, struct cpt_pty *p, struct vzcpt_img_pty *r)
{
	struct pid_namespace *ns = s->d->ctx->pidns;
	struct tty_struct *tty = p->slave;
	struct pid *session, *pgrp;
	unsigned int i;

	spin_lock_irq(&tty->ctrl.lock);
	session = get_pid(tty->ctrl.session);
	pgrp = get_pid(tty->ctrl.pgrp);
	spin_unlock_irq(&tty->ctrl.lock);
	r->session = session ? pid_nr_ns(session, ns) : 0;
	r->pgrp = pgrp ? pid_nr_ns(pgrp, ns) : 0;
	put_pid(session);
	put_pid(pgrp);
	if (!session)
		return 0;
	if (!r->session || !r->pgrp) {
		cpt_err(s->d->ctx, "%s is the controlling terminal of a session or group outside the CT: cannot carry it",
			tty->name);
		return -EOPNOTSUPP;
	}
	if (!cpt_pgrp_lives(s->d, r->pgrp)) {
		cpt_err(s->d->ctx, "the foreground process group %d of %s has no process left: not carried yet",
			r->pgrp, tty->name);
		return -EOPNOTSUPP;
	}
	/* The restore gives it to the leader, and its session gets it by fork(). */
	for (i = 0; i < s->d->nr_tasks; i++) {
		if (task_session_nr_ns(s->d->tasks[i], ns) != r->session || s->d->zombie[i])
			continue;
		if (s->ctty[i] != tty) {
			cpt_err(s->d->ctx, "task %d (%s) is in session %d, whose controlling terminal is %s, but has %s: not carried",
				s->d->pids[i], s->d->tasks[i]->comm, r->session, tty->name,
				s->ctty[i] ? "another" : "none");
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static void cpt_pty_termios(struct tty_struct *tty, struct vzcpt_img_pty *r)
{
	down_read(&tty->termios_rwsem);
	r->c_iflag = tty->termios.c_iflag;
	r->c_oflag = tty->termios.c_oflag;
	r->c_cflag = tty->termios.c_cflag;
	r->c_lflag = tty->termios.c_lflag;
	r->c_line = tty->termios.c_line;
	BUILD_BUG_ON(sizeof(r->c_cc) > sizeof(tty->termios.c_cc));
	memcpy(r->c_cc, tty->termios.c_cc, sizeof(r->c_cc));
	r->c_ispeed = tty->termios.c_ispeed;
	r->c_ospeed = tty->termios.c_ospeed;
	up_read(&tty->termios_rwsem);
	mutex_lock(&tty->winsize_mutex);
	r->ws_row = tty->winsize.ws_row;
	r->ws_col = tty->winsize.ws_col;
	r->ws_xpixel = tty->winsize.ws_xpixel;
	r->ws_ypixel = tty->winsize.ws_ypixel;
	mutex_unlock(&tty->winsize_mutex);
}

static int cpt_pty_record(struct cpt_pty_scan *s, struct cpt_pty *p, struct vzcpt_img_pty *r,
			  const struct cpt_pty_flight *f)
{
	struct tty_struct *slave = p->slave, *master = slave->link;
	struct dentry *dentry = slave->driver_data;
	size_t in = r->in_len + r->in_raw_len, len;
	bool first;
	u8 *extra;
	u64 id;
	int err;

	r->index = slave->index;
	cpt_pty_termios(slave, r);
	if (r->c_line != N_TTY) {
		cpt_err(s->d->ctx, "%s has line discipline %u in its termios: not carried",
			slave->name, r->c_line);
		return -EOPNOTSUPP;
	}
	r->mode = d_inode(dentry)->i_mode & 0777;
	if (test_bit(TTY_PTY_LOCK, &master->flags))
		r->flags |= VZCPT_PTY_LOCKED;
	if (READ_ONCE(master->ctrl.packet))
		r->flags |= VZCPT_PTY_PACKET;
	if (test_bit(TTY_OTHER_CLOSED, &master->flags))
		r->flags |= VZCPT_PTY_SLAVE_CLOSED;
	id = cpt_obj_id(s->d, slave, &first);
	if (!id)
		return -ENOMEM;
	if (!f->out && !f->in)
		return cpt_write_rec(s->d, VZCPT_REC_PTY, id, r, sizeof(*r), p->path, r->path_len);
	/* cpt_pty_input() checked the mode the line ends' bitmap goes with */
	if (r->c_lflag & ICANON)
		in += DIV_ROUND_UP(r->in_len, 8);
	len = r->path_len + r->out_len + in;
	extra = kvmalloc(len, GFP_KERNEL);
	if (!extra)
		return -ENOMEM;
	memcpy(extra, p->path, r->path_len);
	if (r->out_len)
		memcpy(extra + r->path_len, f->out, r->out_len);
	if (in)
		memcpy(extra + r->path_len + r->out_len, f->in, in);
	err = cpt_write_rec(s->d, VZCPT_REC_PTY, id, r, sizeof(*r), extra, len);
	kvfree(extra);
	return err;
}

static int cpt_pty_write(struct cpt_pty_scan *s, struct cpt_pty *p)
{
	struct dentry *dentry = p->slave->driver_data;
	struct vzcpt_img_pty r = { .path_len = strlen(p->path) };
	struct cpt_pty_flight f = { };
	int err;

	err = cpt_pty_check(s, p, &r, &f);
	if (!err)
		err = cpt_pty_session(s, p, &r);
	if (!err)
		err = cpt_inode_owner(s->d, d_inode(dentry), &r.uid, &r.gid);
	if (!err)
		err = cpt_pty_record(s, p, &r, &f);
	kvfree(f.out);
	kvfree(f.in);
	return err;
}

static int cpt_pty_cmp(const void *a, const void *b)
{
	const struct cpt_pty *x = a, *y = b;

	return x->slave->index < y->slave->index ? -1 : x->slave->index > y->slave->index;
}

/* The devpts mounted at the CT's /dev/pts, NULL for none. */
static struct super_block *cpt_ct_devpts(struct cpt_dump *d)
{
	struct file *f = file_open_root(&d->root, "/dev/pts", O_PATH | O_DIRECTORY, 0);
	struct super_block *sb = NULL;

	if (IS_ERR(f))
		return NULL;
	if (f->f_path.mnt->mnt_sb->s_magic == DEVPTS_SUPER_MAGIC &&
	    f->f_path.dentry == f->f_path.mnt->mnt_root)
		sb = f->f_path.mnt->mnt_sb;
	fput(f);
	return sb;
}

int cpt_dump_ptys(struct cpt_dump *d)
{
	struct cpt_pty_scan s = { .d = d };
	unsigned int i;
	int err = 0;

	/* The CT keeps its devpts mounted while frozen: the pointer is only compared. */
	s.devpts = cpt_ct_devpts(d);
	xa_init(&s.files);
	s.ctty = kcalloc(d->nr_tasks, sizeof(*s.ctty), GFP_KERNEL);
	s.buf = kmalloc(PATH_MAX, GFP_KERNEL);
	if (!s.ctty || !s.buf)
		err = -ENOMEM;
	/* Its terminal first: an open of /dev/tty must reach it. */
	for (i = 0; !err && i < d->nr_tasks; i++) {
		err = cpt_pty_ctty(&s, i);
		if (!err)
			err = cpt_pty_files(&s, i);
	}
	if (!err)
		sort(s.p, s.nr, sizeof(*s.p), cpt_pty_cmp, NULL);
	for (i = 0; !err && i < s.nr; i++) {
		err = cpt_pty_write(&s, &s.p[i]);
		if (err && err != -ENOMEM)
			cpt_pty_where(&s, s.p[i].task, s.p[i].fd);
	}
	for (i = 0; i < s.nr; i++)
		tty_kref_put(s.p[i].slave);
	kfree(s.p);
	kfree(s.ctty);
	kfree(s.buf);
	xa_destroy(&s.files);
	return err;
}

int cpt_dump_tty_file(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f)
{
	struct tty_struct *tty = cpt_file_tty(file);
	bool master = tty->driver->subtype == PTY_TYPE_MASTER;
	bool first;

	/* cpt_dump_ptys() refused every other terminal and wrote the pair's record. */
	if (file->f_op == ksym_hung_up_tty_fops || !cpt_is_unix98(tty))
		return -EOPNOTSUPP;
	f->pipe_id = cpt_obj_id(d, master ? tty->link : tty, &first);
	if (!f->pipe_id)
		return -ENOMEM;
	if (first) {
		cpt_err(d->ctx, "the pty %s appeared during the dump", tty->name);
		return -EAGAIN;
	}
	if (file_inode(file)->i_rdev == MKDEV(TTYAUX_MAJOR, 0))
		f->kind = VZCPT_FILE_DEVTTY;
	else
		f->kind = master ? VZCPT_FILE_PTMX : VZCPT_FILE_PTS;
	f->pos = 0;
	f->flags &= ~O_NOCTTY;
	return 0;
}
