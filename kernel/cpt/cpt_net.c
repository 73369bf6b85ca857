// SPDX-License-Identifier: GPL-2.0
/*
 * The network of a container being checkpointed: down (its packets
 * dropped) while it is suspended, so that peers see a delay and not a
 * reset; and the connection state a dump refuses because no image can
 * carry it yet. The why is in ../common/vz_net.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid.h>
#include <linux/sched/task.h>

#include "cpt_context.h"
#include "cpt_net.h"

/* Called with the CT frozen. */
int cpt_net_down(struct cpt_context *ctx)
{
	struct task_struct *init = get_pid_task(ctx->init_pid, PIDTYPE_PID);
	struct net *net = init ? vz_task_net(init) : NULL;
	int err;

	if (init)
		put_task_struct(init);
	if (!net) {
		cpt_err(ctx, "the init of CT %u is gone", ctx->ctid);
		return -ESRCH;
	}
	err = vz_net_hold(&ctx->net, net);
	if (err)
		cpt_err(ctx, "cannot take the network of CT %u down (error %d)", ctx->ctid, err);
	return err;
}

/*
 * Idempotent: every path that ends a suspension calls it. @running: the CT
 * runs on (its held packets are delivered, its devices announce its groups
 * and addresses again and its connections are restarted),
 * or it was killed (they are dropped).
 */
void cpt_net_up(struct cpt_context *ctx, bool running)
{
	unsigned int conns;

	if (!ctx->net.net)
		return;
	conns = vz_net_release_ct(&ctx->net, running);
	pr_debug("CT %u: network up again, %lu packets held while suspended delivered, %ld dropped, %u TCP connections restarted\n",
		 ctx->ctid, ctx->net.delivered, atomic_long_read(&ctx->net.dropped), conns);
}

/*
 * Before a dumped CT is killed: its connections, carried by the image, must
 * not be closed in front of their peers (vz_tcp.c).
 */
void cpt_net_silence(struct cpt_context *ctx)
{
	unsigned int n;

	if (!ctx->net.net || !ctx->dumped)
		return;
	n = vz_tcp_silence(ctx->net.net);
	pr_debug("CT %u: %u TCP connections silenced before the kill\n", ctx->ctid, n);
}

/* The CT's tasks are gone: its lingering namespace must not answer for them. */
void cpt_net_gone(struct cpt_context *ctx)
{
	if (ctx->net.net && ctx->dumped)
		vz_net_deafen(ctx->net.net);
	cpt_net_up(ctx, false);
}

/* Before a dump: refuse what would be lost silently (see ../common/vz_net.c). */
int cpt_net_check(struct cpt_context *ctx)
{
	if (!ctx->net.net)	/* the host's namespace: not the CT's state */
		return 0;
	/* the tracked connections, NATed ones too, are cpt_ct.c's */
	return cpt_nf_check(ctx, ctx->net.net);
}
