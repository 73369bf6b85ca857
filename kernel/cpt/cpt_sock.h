/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sockets at dump: the family-independent part (cpt_sock.c) and each
 * family's record (cpt_unix.c, cpt_inet.c, cpt_netlink.c, cpt_packet.c).
 */
#ifndef _CPT_SOCK_H
#define _CPT_SOCK_H

#include <linux/net.h>
#include <linux/skbuff.h>
#include <linux/vzcpt_image.h>

struct cpt_dump;

/* A socket file: its family's record (once, as socket @f->pipe_id), then @f's kind. */
int cpt_dump_socket(struct cpt_dump *d, struct file *file, struct vzcpt_img_file *f);

/* The SOL_SOCKET options of @sk into @o; refuses those no record carries. */
int cpt_sockopt(struct cpt_dump *d, struct sock *sk, struct vzcpt_img_sockopt *o);

/*
 * Socket @id's filter and its lock, if it has either, as the record that
 * follows the socket's own (cpt_sockfilter.c): unix sockets' filters are
 * refused by cpt_sockopt().
 */
int cpt_sock_filter(struct cpt_dump *d, struct sock *sk, u64 id);

/*
 * The name of device @ifindex of @net into @name (IFNAMSIZ, zero-padded);
 * false if there is none. Any context: under RCU.
 */
bool cpt_dev_name(struct net *net, int ifindex, char *name);

/* Whether @sk is of the CT's own network namespace: NULL, or why not. */
const char *cpt_sock_netns(struct cpt_dump *d, struct sock *sk);

/*
 * A walk of a socket's queued buffers for its record (cpt_skb_walk()):
 * each as the @hlen bytes of header @head makes of it (or it refuses it:
 * its error ends the walk), then its bytes padded with zeroes to 8.
 */
struct cpt_skb_walk {
	int (*head)(void *arg, struct sk_buff *skb, void *hdr);
	void *arg;
	size_t hlen;		/* at most CPT_SKB_HEAD_MAX */
	char *buf;		/* NULL: count only */
	size_t size;		/* of @buf */
	size_t used;		/* bytes counted or copied so far */
	u32 n;			/* buffers counted or copied so far */
	u32 max;		/* with @buf: the most to copy (what the count found) */
};

#define CPT_SKB_HEAD_MAX	96
#define CPT_SKB_SPACE(w, len)	((w)->hlen + ALIGN((len), 8))

/*
 * Collects the buffers of queue @q, then of @q2 if not NULL, for a record:
 * counts them, then copies them into a buffer of its own (*@buf, for the
 * caller to kvfree()) after the @w->used bytes the caller fills, @max bytes
 * at most in all. The kernel may queue more meanwhile (on lo, a uevent):
 * those counted go. Returns 0 (*@buf NULL if there is nothing at all),
 * -EFBIG past @max, -ENOMEM, -EAGAIN if fewer than counted are left, or
 * @w->head's error.
 */
int cpt_skb_collect(struct sk_buff_head *q, struct sk_buff_head *q2, struct cpt_skb_walk *w,
		    size_t max, void **buf);

/* Each family writes its socket's record(s) with id @id. */
int cpt_dump_unix(struct cpt_dump *d, struct socket *sock, u64 id);
void cpt_unix_names_free(struct cpt_dump *d);
/*
 * @fn on each file in flight (SCM_RIGHTS) in the queue of a unix socket a
 * task of the CT holds, under that queue's lock (@fn must not sleep); a
 * socket held at several fds is walked for each.
 */
void cpt_unix_each_flying(struct cpt_dump *d, void (*fn)(void *arg, struct file *file),
			  void *arg);
int cpt_dump_inet(struct cpt_dump *d, struct socket *sock, u64 id);
int cpt_dump_netlink(struct cpt_dump *d, struct socket *sock, u64 id);
int cpt_dump_packet(struct cpt_dump *d, struct socket *sock, u64 id);

#endif
