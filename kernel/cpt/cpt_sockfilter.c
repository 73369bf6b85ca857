// SPDX-License-Identifier: GPL-2.0
/*
 * Dump a socket's classic BPF filter (SO_ATTACH_FILTER: tcpdump's and a
 * DHCP client's on their packet sockets, udev's on its uevent socket) and
 * its lock (SO_LOCK_FILTER), as a SOCK_FILTER record right after the
 * socket's own: the program as SO_GET_FILTER gives it back, which the
 * kernel keeps beside what it made of it. An eBPF program (SO_ATTACH_BPF)
 * has no such copy and is refused by name.
 *
 * Read from the socket's struct sk_filter and its bpf_prog's orig_prog:
 * sk_get_filter(), which copies that program, is not exported, and
 * SO_GET_FILTER copies to user memory only.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/build_bug.h>
#include <linux/filter.h>
#include <linux/mm.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "cpt_context.h"
#include "cpt_dump.h"
#include "cpt_image.h"
#include "cpt_sock.h"

int cpt_sock_filter(struct cpt_dump *d, struct sock *sk, u64 id)
{
	struct vzcpt_img_sock_filter_hdr r = {};
	struct sock_fprog_kern *fprog;
	struct sk_filter *filter;
	struct sock_filter *insns;
	bool ebpf = false;
	int err;

	BUILD_BUG_ON(sizeof(struct sock_filter) != sizeof(struct vzcpt_img_sock_filter));
	if (!rcu_access_pointer(sk->sk_filter) && !sock_flag(sk, SOCK_FILTER_LOCKED))
		return 0;
	insns = kvmalloc_array(VZCPT_SOCKF_MAX_INSNS, sizeof(*insns), GFP_KERNEL);
	if (!insns)
		return -ENOMEM;
	lock_sock(sk);
	if (sock_flag(sk, SOCK_FILTER_LOCKED))
		r.flags |= VZCPT_SOCKF_LOCKED;
	filter = rcu_dereference_protected(sk->sk_filter, lockdep_sock_is_held(sk));
	fprog = filter ? filter->prog->orig_prog : NULL;
	if (filter && (!fprog || !fprog->len || fprog->len > VZCPT_SOCKF_MAX_INSNS)) {
		ebpf = true;
	} else if (fprog) {
		r.len = fprog->len;
		memcpy(insns, fprog->filter, bpf_classic_proglen(fprog));
	}
	release_sock(sk);
	if (ebpf) {
		cpt_err(d->ctx, "a socket with an eBPF filter (SO_ATTACH_BPF) cannot be dumped yet");
		err = -EOPNOTSUPP;
	} else {
		err = cpt_write_rec(d, VZCPT_REC_SOCK_FILTER, id, &r, sizeof(r), insns,
				    r.len * sizeof(*insns));
	}
	kvfree(insns);
	return err;
}
