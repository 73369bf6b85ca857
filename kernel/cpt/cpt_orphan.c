// SPDX-License-Identifier: GPL-2.0
/*
 * Dump the TCP connections of the CT's network namespace that their tasks
 * closed and the kernel still closes: orphans, which no file holds, whose
 * FIN is not acknowledged yet, after what they still send (FIN_WAIT1, or
 * LAST_ACK and CLOSING after the peer's FIN). A web server's last answer to
 * a slow client is there: restored without it, the client would get it cut
 * short. Each is written as a connection is (cpt_inet.c, cpt_tcp.c), in
 * state VZCPT_INET_ORPHAN, at the end of the fd table the image holds last;
 * the restore rebuilds it and closes it as its task did (rst_orphan.c).
 * After every listener: a server's orphan has its listener's port, which
 * the listener's bind must find free of any but its own connections.
 *
 * Not carried, as the issue allows TIME_WAIT to be: those that only wait
 * for the peer's FIN (FIN_WAIT2, by then timewait sockets unless
 * TCP_LINGER2 keeps them whole) and those in TIME_WAIT. The peer's FIN to
 * them is answered with a reset after a restore, past the end of all it
 * had to read.
 *
 * They are found in the namespace's established hash (cpt_ehash_walk()). The CT's
 * packets are held and its tasks frozen: no orphan is made meanwhile, and
 * each is held while it is written.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/mm.h>
#include <linux/sched/task.h>
#include <linux/slab.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "../common/vz_net.h"
#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_inet.h"

/* More than this many orphans, and the dump says so (tcp_max_orphans is per host). */
#define CPT_ORPHANS_MAX		4096U

bool cpt_orphan_carried(const struct sock *sk)
{
	return sk_fullsock(sk) && sock_flag(sk, SOCK_DEAD) &&
	       ((1 << sk->sk_state) & (TCPF_FIN_WAIT1 | TCPF_LAST_ACK | TCPF_CLOSING));
}

struct cpt_orphans {
	struct sock **socks;
	unsigned int n;
};

/* Holds the orphan @sk; false past CPT_ORPHANS_MAX. */
static bool cpt_orphan_take(struct sock *sk, void *arg)
{
	struct cpt_orphans *o = arg;

	if (!cpt_orphan_carried(sk))
		return true;
	if (o->n == CPT_ORPHANS_MAX)
		return false;
	sock_hold(sk);
	o->socks[o->n++] = sk;
	return true;
}

/*
 * The fd table the image holds last: the last task's whose first holder it
 * is. Read from the end, where it nearly always is at once.
 */
void cpt_orphans_place(struct cpt_dump *d)
{
	struct files_struct *files;
	unsigned int i, j;
	bool earlier;

	d->orphans_files = NULL;
	for (i = d->nr_tasks; i-- > 0 && !d->orphans_files;) {
		task_lock(d->tasks[i]);
		files = d->tasks[i]->files;
		task_unlock(d->tasks[i]);
		if (!files)
			continue;
		earlier = false;
		for (j = 0; j < i && !earlier; j++)
			earlier = READ_ONCE(d->tasks[j]->files) == files;
		if (!earlier)
			d->orphans_files = files;
	}
}

int cpt_dump_orphans(struct cpt_dump *d)
{
	struct net *net = vz_task_net(d->tasks[0]);
	struct cpt_orphans o = {};
	unsigned int i, kept;
	bool all = false;
	int err = 0;

	/* With none of its own, the CT has no socket a dump carries (cpt_sock_netns()). */
	if (!net || net_eq(net, &init_net)) {
		if (net)
			put_net(net);
		return 0;
	}
	o.socks = kvmalloc_array(CPT_ORPHANS_MAX, sizeof(*o.socks), GFP_KERNEL);
	if (o.socks)
		all = cpt_ehash_walk(net, cpt_orphan_take, &o);
	put_net(net);
	if (!o.socks)
		return -ENOMEM;
	if (!all) {
		cpt_err(d->ctx, "the CT's network namespace has more than %u TCP connections its tasks closed and the kernel still closes: cannot be carried",
			CPT_ORPHANS_MAX);
		err = -EOPNOTSUPP;
	}
	/* Timers run on: one that gave up since (CLOSE) or moved on is let go, not refused. */
	for (i = 0, kept = 0; i < o.n; i++) {
		if (cpt_orphan_carried(o.socks[i]))
			o.socks[kept++] = o.socks[i];
		else
			sock_put(o.socks[i]);
	}
	return cpt_inet_recs_put(d, o.socks, kept, err);
}
