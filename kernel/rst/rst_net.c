// SPDX-License-Identifier: GPL-2.0
/*
 * The network of a container being restored: the namespace vzctl made for
 * it must be new (tracking no connection), and it stays down (its packets
 * dropped) from UNDUMP until RESUME, so that peers of a CT moving here see
 * a delay and not resets from a stack whose sockets are not back yet. The
 * why is in ../common/vz_net.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/pid.h>
#include <linux/sched/task.h>
#include <net/net_namespace.h>

#include "rst_context.h"
#include "rst_net.h"

/* Before anything is undumped into the seed's namespaces. */
int rst_net_down(struct rst_context *ctx)
{
	struct task_struct *seed = get_pid_task(ctx->seed_pid, PIDTYPE_PID);
	struct net *net = seed ? vz_task_net(seed) : NULL;
	unsigned int n = 0, nat;
	int err;

	if (seed)
		put_task_struct(seed);
	if (!net) {
		rst_err(ctx, "the init of CT %u is gone", ctx->ctid);
		return -ESRCH;
	}
	if (!net_eq(net, &init_net))
		n = vz_net_conntrack(net, &nat);
	if (n) {
		rst_err(ctx, "the network namespace prepared for CT %u already tracks %u connection%s: a restored CT needs a new one",
			ctx->ctid, n, n == 1 ? "" : "s");
		put_net(net);
		return -EBUSY;
	}
	err = vz_net_hold(&ctx->net, net);
	if (err)
		rst_err(ctx, "cannot hold the network of CT %u down (error %d)", ctx->ctid, err);
	return err;
}

/*
 * Idempotent: RESUME, KILL, a failed undump and the context's end call it.
 * @running: the CT runs (RESUME): the packets held for it are delivered and
 * its restored connections restarted (../common/vz_tcp.c), and its devices
 * announce its multicast groups and addresses again; else they are dropped.
 */
void rst_net_up(struct rst_context *ctx, bool running)
{
	unsigned int conns;

	if (!ctx->net.net)
		return;
	conns = vz_net_release_ct(&ctx->net, running);
	if (running)
		pr_info("CT %u: network up: %lu packets held during the restore delivered, %ld dropped; %u TCP connections restarted\n",
			ctx->ctid, ctx->net.delivered, atomic_long_read(&ctx->net.dropped), conns);
}
