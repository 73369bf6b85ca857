// SPDX-License-Identifier: GPL-2.0
/*
 * Restore a socket's classic BPF filter and its lock, on the socket its
 * family's record made (still the restore's own: its FILE record comes
 * next), through SO_ATTACH_FILTER and SO_LOCK_FILTER as the program set
 * them: the kernel checks the program (bpf_check_classic()) and charges it
 * to the socket (net.core.optmem_max) as it did the first time. The
 * option takes the program from user memory, so it goes through a scratch
 * mapping of the task's, unmapped after, as seccomp's does (rst_seccomp.c).
 * The record was checked by img_check_sock_filter() before any of this.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/filter.h>
#include <linux/mm.h>
#include <linux/mman.h>
#include <linux/sockptr.h>
#include <linux/uaccess.h>
#include <linux/vzcpt_image.h>
#include <net/sock.h>

#include "rst_context.h"
#include "rst_sock.h"

static int rst_sock_attach(struct socket *sock, const struct vzcpt_img_sock_filter_hdr *r)
{
	size_t len = sizeof(struct sock_fprog) + r->len * sizeof(struct sock_filter);
	struct sock_fprog fprog = { .len = r->len };
	unsigned long addr;
	int err;

	addr = vm_mmap(NULL, 0, PAGE_ALIGN(len), PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, 0);
	if (IS_ERR_VALUE(addr))
		return (int)addr;
	fprog.filter = (struct sock_filter __user *)addr;
	err = copy_to_user(fprog.filter, r + 1, r->len * sizeof(struct sock_filter)) ? -EFAULT :
	      sock_setsockopt(sock, SOL_SOCKET, SO_ATTACH_FILTER, KERNEL_SOCKPTR(&fprog),
			      sizeof(fprog));
	vm_munmap(addr, PAGE_ALIGN(len));
	return err;
}

int rst_sock_filter(struct rst_context *ctx)
{
	struct vzcpt_img_sock_filter_hdr *r = ctx->rd.buf;
	struct socket *sock;
	int one = 1, err;

	sock = rst_sock_of_rec(ctx, VZCPT_REC_SOCK_FILTER, sizeof(*r), "filter");
	if (IS_ERR(sock))
		return PTR_ERR(sock);
	err = r->len ? rst_sock_attach(sock, r) : 0;
	if (err) {
		rst_err(ctx, "task %d (%s): a socket cannot attach its filter of %u instructions again (error %d)",
			task_pid_vnr(current), current->comm, r->len, err);
		return err;
	}
	if (r->flags & VZCPT_SOCKF_LOCKED)
		err = sock_setsockopt(sock, SOL_SOCKET, SO_LOCK_FILTER, KERNEL_SOCKPTR(&one),
				      sizeof(one));
	if (err)
		rst_err(ctx, "task %d (%s): a socket cannot lock its filter again (error %d)",
			task_pid_vnr(current), current->comm, err);
	return err;
}
