/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sockets at dump: the family-independent part (cpt_sock.c) and each
 * family's record (cpt_unix.c, cpt_inet.c, cpt_netlink.c).
 */
#ifndef _CPT_SOCK_H
#define _CPT_SOCK_H

#include <linux/net.h>
#include <linux/vzcpt_image.h>

struct cpt_dump;

/* A socket file: its family's record (once, as socket @f->pipe_id), then @f's kind. */
int cpt_dump_socket(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);

/* The SOL_SOCKET options of @sock into @o; refuses those no record carries. */
int cpt_sockopt(struct cpt_dump *d, struct socket *sock, struct vzcpt_img_sockopt *o);

/* Each family writes its socket's record(s) with id @id. */
int cpt_dump_unix(struct cpt_dump *d, struct socket *sock, u64 id);
/*
 * @fn on each file in flight (SCM_RIGHTS) in the queue of a unix socket a
 * task of the CT holds, under that queue's lock (@fn must not sleep); a
 * socket held at several fds is walked for each.
 */
void cpt_unix_each_flying(struct cpt_dump *d, void (*fn)(void *arg, struct file *file),
			  void *arg);
int cpt_dump_inet(struct cpt_dump *d, struct socket *sock, u64 id);
int cpt_dump_netlink(struct cpt_dump *d, struct socket *sock, u64 id);

#endif
