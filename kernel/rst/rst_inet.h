/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _RST_INET_H
#define _RST_INET_H

#include <linux/types.h>

struct file;
struct rst_context;
struct sock;
struct vzcpt_img_inet;

/*
 * A file for the TCP or UDP socket of record @r (checked), as it was: its
 * options, address, state and its @len bytes of queued @dgrams; with the
 * reason in the context on failure.
 */
struct file *rst_inet_file(struct rst_context *ctx, const struct vzcpt_img_inet *r,
			   const void *dgrams, u32 len, unsigned int fflags);

/* rst_udp.c: queue @r's datagrams (@len bytes at @dgrams, checked) on @sk. */
int rst_udp_queue(struct rst_context *ctx, struct sock *sk, const struct vzcpt_img_inet *r,
		  const void *dgrams, u32 len);

#endif /* _RST_INET_H */
