/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_EPOLL_H
#define _VZ_EPOLL_H

#include <linux/capability.h>
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rbtree.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uaccess.h>
#include <linux/wait.h>
#include <linux/eventpoll.h>

/*
 * The kernel's struct eventpoll and struct epitem (fs/eventpoll.c of this
 * 6.1 kernel), private, up to the fields used. No exported call lists what
 * an epoll watches with the files themselves (the fdinfo gives fds and
 * inode numbers; kcmp's get_epoll_tfile_raw_ptr() one unreferenced file at
 * a time), and none leaves a one-shot item disabled, as it is once it has
 * fired (epoll_ctl() adds EPOLLERR | EPOLLHUP to every item it sets). Both
 * are done under the epoll's mutex, which epoll_ctl() and a watched file's
 * release take: no item comes or goes meanwhile.
 */
struct vz_ep {
	struct mutex mtx;		/* held while the tree is used */
	wait_queue_head_t wq;
	wait_queue_head_t poll_wait;
	struct list_head rdllist;
	spinlock_t lock;		/* the ready list's, not taken here */
	struct rb_root_cached rbr;
};

struct vz_epi {
	union {
		struct rb_node rbn;
		struct rcu_head rcu;
	};
	struct list_head rdllink;
	struct vz_epi *next;
	struct {
		struct file *file;
		int fd;
	} __packed ffd;
	bool dying;
	void *pwqlist;
	void *ep;
	struct hlist_node fllink;
	void *ws;
	struct epoll_event event;
};

/* The events epoll keeps of a one-shot item that fired (EP_PRIVATE_BITS). */
#define VZ_EP_PRIVATE_BITS	(EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)

#endif /* _VZ_EPOLL_H */
