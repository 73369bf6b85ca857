// SPDX-License-Identifier: GPL-2.0
/*
 * A TCP connection its task had closed, which the kernel still closed
 * (cpt_orphan.c): rebuilt as any connection is (rst_inet.c, rst_tcp.c),
 * its FIN queued after its bytes, then closed as its task closed it. The
 * close finds the FIN sent (FIN_WAIT1, LAST_ACK, CLOSING) and only orphans
 * the connection, which goes on sending its bytes and FIN from the resume
 * on, as it did.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/net.h>
#include <net/sock.h>

#include "rst_context.h"
#include "rst_inet.h"

void rst_orphan_close(struct socket *sock)
{
	struct sock *sk = sock->sk;

	/* Closed already, it lingers no more: the restore would wait for its peer. */
	lock_sock(sk);
	sock_reset_flag(sk, SOCK_LINGER);
	release_sock(sk);
	sock_release(sock);
}
