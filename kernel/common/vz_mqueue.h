/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VZ_MQUEUE_H
#define _VZ_MQUEUE_H

#include <linux/fs.h>
#include <linux/mqueue.h>
#include <linux/msg.h>
#include <linux/rbtree.h>
#include <linux/signal.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

/* ipc/mqueue.c's MQUEUE_MAGIC: the mqueue filesystem's s_magic. */
#define VZ_MQUEUE_MAGIC		0x19800202

/*
 * ipc/mqueue.c's struct posix_msg_tree_node and struct mqueue_inode_info
 * of this 6.1 kernel, private to it. No call reads a queue's messages
 * without taking them (mq_timedreceive() dequeues, and wakes senders),
 * nor a notification's sigev_value or owner: the dump reads them here,
 * under the queue's lock. The dump checks this layout against what the
 * kernel says of the same queue through its public inode (i_mode, the
 * attributes' bounds) and against the messages it counts (mq_curmsgs,
 * qsize), and refuses the queue when they disagree.
 */
struct vz_mq_node {
	struct rb_node rb_node;
	struct list_head msg_list;	/* struct msg_msg, oldest first */
	int priority;
};

struct vz_mq_wait {
	struct task_struct *task;
	struct list_head list;
	struct msg_msg *msg;
	int state;
};

struct vz_mq_info {
	spinlock_t lock;		/* guards everything below */
	struct inode vfs_inode;
	wait_queue_head_t wait_q;
	struct rb_root msg_tree;	/* struct vz_mq_node by priority */
	struct rb_node *msg_tree_rightmost;
	struct vz_mq_node *node_cache;
	struct mq_attr attr;
	struct sigevent notify;
	struct pid *notify_owner;	/* a process (its tgid); NULL: no registration */
	u32 notify_self_exec_id;	/* SIGEV_SIGNAL's alone: stale otherwise */
	struct user_namespace *notify_user_ns;
	struct ucounts *ucounts;
	struct sock *notify_sock;	/* SIGEV_THREAD's alone: never set otherwise */
	struct sk_buff *notify_cookie;
	struct vz_mq_wait e_wait_q[2];
	unsigned long qsize;		/* the bytes of all its messages */
};

static inline struct vz_mq_info *vz_mq_i(struct inode *inode)
{
	return container_of(inode, struct vz_mq_info, vfs_inode);
}

/*
 * ipc/msgutil.c's struct msg_msgseg: a message's text past what its
 * struct msg_msg's page holds goes on in a chain of these, each a page.
 */
struct vz_msg_seg {
	struct vz_msg_seg *next;
};

#define VZ_DATALEN_MSG	((size_t)PAGE_SIZE - sizeof(struct msg_msg))
#define VZ_DATALEN_SEG	((size_t)PAGE_SIZE - sizeof(struct vz_msg_seg))

#endif /* _VZ_MQUEUE_H */
