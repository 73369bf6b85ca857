/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure validators of image records: the same code in the modules, in vzctl
 * and in the host fuzzers. img_check_rec() and img_check_payload() look at
 * one record at a time; struct img_state, fed every record in order, checks
 * the links between them (order, counts, ids). Each explains a rejection in
 * one sentence.
 */
#ifndef _IMG_CHECK_H
#define _IMG_CHECK_H

#include "img_compat.h"
#include <linux/vzcpt_image.h>

/* User addresses end here (x86-64, 4-level paging). */
#define IMG_USER_END		0x800000000000ULL
/*
 * Whether an INET record of @state is a TCP connection: a struct
 * vzcpt_img_tcp follows its own, its queues' TCP_QUEUE records after it.
 */
static inline bool img_inet_tcp_conn(u16 state)
{
	return state == VZCPT_INET_ESTABLISHED || state == VZCPT_INET_ACCEPTQ ||
	       state == VZCPT_INET_ORPHAN;
}

/*
 * Whether the restore rebuilds a TCP socket of @state in repair mode: a
 * connection, or a connect() that failed (connected without a SYN, then
 * ended). Such a socket names its port even where it gave it back.
 */
static inline bool img_inet_tcp_repaired(u16 state)
{
	return img_inet_tcp_conn(state) || state == VZCPT_INET_CONNFAILED;
}

/*
 * Whether a TCP socket of @state has a window clamp of its task's own
 * (TCP_WINDOW_CLAMP), which its TCP_OPTS record carries: a connection's, or
 * a connect()'s in progress, is the kernel's (tcp_select_initial_window()).
 */
static inline bool img_tcp_clamp_own(u16 state)
{
	return !img_inet_tcp_repaired(state) && state != VZCPT_INET_CONNECTING;
}

/* Whether a TCP socket of @state may have a TCP_OPTS record: its restore keeps it. */
static inline bool img_tcp_opts_ok(u16 state)
{
	return state != VZCPT_INET_ORPHAN && state != VZCPT_INET_ACCEPTQ;
}

/* Whether an INET record of @state has a peer (@daddr, @dport). */
static inline bool img_inet_has_peer(u16 state)
{
	return state == VZCPT_INET_CONNECTED || state == VZCPT_INET_CONNECTING ||
	       state == VZCPT_INET_CONNFAILED || img_inet_tcp_conn(state);
}

/*
 * Whether an INET record of @state may carry a pending error (@err): one a
 * task can still read it from (one not accepted yet, once accept() gives
 * it), where the kernel leaves one (an orphan's is read by nobody, and the
 * dump drops it).
 */
static inline bool img_inet_err_ok(u16 state)
{
	return state == VZCPT_INET_CLOSED || state == VZCPT_INET_CONNECTED ||
	       state == VZCPT_INET_ESTABLISHED || state == VZCPT_INET_CONNFAILED ||
	       state == VZCPT_INET_ACCEPTQ;
}

/* The longest record header a reader accepts (extensions included). */
#define IMG_REC_HDR_MAX		256U
/* A pending signal's siginfo in VZCPT_REC_SIGNALS. */
#define IMG_SIGINFO_SIZE	128U
/* The legacy area and the xsave header of an uncompacted xsave area. */
#define IMG_XSAVE_MIN		576U
/*
 * Object ids (mm, fd table, file, pipe, mapping...) an image may use: a
 * pipe's two ends fit in a reader's index at 2 * id and 2 * id + 1.
 */
#define IMG_ID_MAX		(~0ULL >> 2)

/**
 * img_rec_name() - what a record type holds, for messages
 * @type: enum vzcpt_rec_type, or anything
 *
 * Return: a constant string; "unknown" for a type no image has.
 */
const char *img_rec_name(u16 type);

/**
 * img_check_sockopt() - check a socket's SOL_SOCKET options, in any family's record
 * @o: the options
 * @why: where to explain a rejection in one sentence (may be NULL)
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL with @why filled.
 */
/**
 * img_nft_attr_dropped() - an attribute nf_tables dumps that a message making
 *   an object does not take (a handle, a position, a use count, an owner, a
 *   transaction's id)
 * @msg: enum vzcpt_nft_msg
 * @type: the attribute's type, NLA_F_* bits cleared
 *
 * The dump leaves them out of its VZCPT_REC_NFT records; the validator
 * refuses a record that has one.
 */
bool img_nft_attr_dropped(u16 msg, u16 type);

/**
 * img_ct_attr_kept() - a ctnetlink attribute of a tracked connection that
 *   makes it again (its tuples, status, protocol state...), not one that
 *   only reports (its id, use count, counters, timestamps)
 * @type: the attribute's type, NLA_F_* bits cleared
 *
 * The dump keeps only those (and adds the NAT ones); the validator refuses
 * any other.
 */
bool img_ct_attr_kept(u16 type);

int img_check_sockopt(const struct vzcpt_img_sockopt *o, char *why, size_t whylen);

/**
 * img_define_sock() - a family's socket record defines socket @id
 * @st: the state, at the task's files
 * @id: the socket's id, which its FILE record's pipe_id names
 * @why: where to explain a rejection in one sentence (may be NULL)
 * @whylen: size of @why
 *
 * Return: 0; -EINVAL with @why filled; -ENOMEM when the id map is full.
 */
struct img_state;
int img_define_sock(struct img_state *st, u64 id, char *why, size_t whylen);

/**
 * img_check_rec() - check a record header before its lengths are used
 * @h: the header as read
 * @why: where to explain a rejection in one sentence (may be NULL)
 * @whylen: size of @why
 *
 * Checks the type is known, hdr_len is sane, len is within
 * VZCPT_REC_MAX_LEN and the type's bounds, and reserved is zero.
 *
 * Return: 0, or -EINVAL with @why filled.
 */
int img_check_rec(const struct vzcpt_rec *h, char *why, size_t whylen);

/**
 * img_check_payload() - check a record's payload before anything trusts it
 * @type: the record's type
 * @p: its @len payload bytes, 8-byte aligned
 * @len: the payload length from the header
 * @why: where to explain a rejection in one sentence (may be NULL)
 * @whylen: size of @why
 *
 * Return: 0, or -EINVAL with @why filled.
 */
int img_check_payload(u16 type, const void *p, u32 len, char *why, size_t whylen);

/**
 * img_check_ident() - is this an image this reader can read at all?
 * @p: the image header record's payload, @len bytes
 * @len: its length
 * @why: where to explain a rejection (may be NULL)
 * @whylen: size of @why
 *
 * Magic and format version only, before the record's checksum: an image
 * of another version may sum differently and is to be named as such.
 *
 * Return: 0, or -EINVAL with @why filled.
 */
int img_check_ident(const void *p, u32 len, char *why, size_t whylen);

/**
 * img_check_pages_head() - check a PAGES record from its fixed part alone
 * @h: the record header, checked by img_check_rec()
 * @pg: the struct vzcpt_img_pages that starts its payload
 * @why: where to explain a rejection (may be NULL)
 * @whylen: size of @why
 *
 * For a reader that reads the page data straight into memory: every field
 * img_check_payload() would check, without the data.
 *
 * Return: 0, or -EINVAL with @why filled.
 */
int img_check_pages_head(const struct vzcpt_rec *h, const struct vzcpt_img_pages *pg,
			 char *why, size_t whylen);

/* What an id names, in struct img_ids. */
enum img_kind {
	IMG_KIND_NONE,
	IMG_KIND_TASK,
	IMG_KIND_MM,
	IMG_KIND_FILES,
	IMG_KIND_FS,
	IMG_KIND_SIGHAND,
	IMG_KIND_VMA,
	IMG_KIND_FILE,
	IMG_KIND_PIPE,
	IMG_KIND_SHM,
	IMG_KIND_SOCK,		/* a socket its family's record made, no file yet */
	IMG_KIND_SOCK_FILE,	/* a socket a FILE record made its file */
	IMG_KIND_IPC,
	IMG_KIND_GHOST,
	IMG_KIND_FIFO,
	IMG_KIND_EVENTFD,
	IMG_KIND_SIGNALFD,
	IMG_KIND_TIMERFD,
	IMG_KIND_EPOLL,
	IMG_KIND_INOTIFY,
	IMG_KIND_TMPFS,
	IMG_KIND_PTY,
	IMG_KIND_SEMUNDO,
	IMG_KIND_SECCOMP,
	IMG_KIND_MQUEUE,
};

/*
 * A map of the ids an image defined so far, kept by the caller (an xarray
 * in the kernel, a hash table in user space): the validator itself
 * allocates nothing. Keys are object ids, or IMG_KEY_PID | pid for tasks;
 * values are what img_state stores (never 0).
 */
#define IMG_KEY_PID		0x8000000000000000ULL
struct img_ids {
	/* The value stored under @key, 0 for none. */
	u64 (*get)(void *priv, u64 key);
	/* Store @val (not 0, below 2^62) under @key: 0, or -ENOMEM. */
	int (*set)(void *priv, u64 key, u64 val);
	void *priv;
};

/**
 * struct img_state - what the records read so far require of the next
 *
 * Fed every record in image order by img_state_feed(). The image header
 * and the hostname come first, then each task parents first (each in the
 * depth-first order a restore creates them in), its new objects (address
 * space with its mappings and their pages, fd table, fs, signal handlers)
 * and its registers, FPU state and pending signals, then the end record.
 */
struct img_state {
	const struct img_ids *ids;
	u64 nr;				/* records fed */
	/*
	 * Pre-copy passes before the image header: the mm whose pages follow
	 * (its seq), the greatest seq so far, and the records and bytes they
	 * took (the END record counts the image's alone).
	 */
	bool have_image, in_precopy;
	u32 pc_pass;
	u64 pc_seq, pc_max_seq, pc_next, pc_pages_left;
	u64 pre_nr, pre_off;
	struct vzcpt_img_image image;
	u32 tasks;
	bool ended;
	/* The task whose records follow. */
	struct vzcpt_img_task task;
	bool in_task;
	unsigned int stage;		/* how far into its records (enum in img_check.c) */
	unsigned int pending;		/* objects it must still define */
	u32 last_fd;
	bool have_fd;
	/* The address space whose mappings follow. */
	bool in_mm;
	u64 mm_id;
	u64 mm_precopy;			/* its pre-copied seq, 0 for none */
	u32 vmas_left;
	u64 vma_floor;			/* where the next mapping may start */
	/* The mapping whose pages follow. */
	bool in_vma;
	bool vma_pages;			/* it may carry pages */
	bool vma_private;		/* of its own: pre-copied pages too */
	u64 vma_id, vma_next, vma_end, vma_pages_left;
	/* The CT's IPC namespace: its limits, and the objects still to come. */
	bool have_ipcns;
	struct vzcpt_img_ipcns ipcns;
	u32 sems_left, msqs_left, msgs_left, shms_left;
	bool in_shm;			/* a segment's pages follow */
	u64 shm_pages;			/* pages of the segments so far, against shmall */
	u64 shm_att_left;		/* mappings of the segments not yet read */
	u64 nr_sems;			/* semaphores in the sets so far */
	u64 msq_room;			/* bytes the current queue can still take */
	/*
	 * Its POSIX message queues: their limits, the queues and the current
	 * one's messages still to come, its id, mq_msgsize and last priority,
	 * whether a linked queue came, and the notifications whose process has
	 * not come yet.
	 */
	bool have_mqns, mq_linked;
	struct vzcpt_img_mqns mqns;
	u32 mqs_left, mq_msgs_left, mq_msgsize, mq_prio, mq_notify_left;
	u64 mq_id;
	/* The undo entries the current task still brings, and the set of the last. */
	u32 semundo_left;
	s32 semundo_last;
	/* The seccomp filters the current task still brings, and the last it brought. */
	u32 seccomp_left;
	u64 seccomp_last;
	s32 msq_id;
	/* The CT's mounts so far, and the last one's path if it is a tmpfs (else 0 bytes). */
	u32 mounts, mnt_target_len;
	char mnt_target[VZCPT_PATH_MAX];
	/* The deleted file whose data follow. */
	bool in_ghost;
	u64 ghost_id, ghost_size, ghost_next, ghost_left;
	/* A unix socket pair's first record read: its second must come next. */
	u64 unix_first, unix_wait;
	/* The listener whose connections not accepted yet may come next, its type. */
	u64 unix_listen;
	u32 unix_listen_type;
	/* The first's flags, shutdowns, and whether it has no SO_PEERCRED. */
	u32 unix_first_flags, unix_first_shut;
	bool unix_first_nocred;
	bool unix_first_owns_peer;	/* its queue holds its peer's own file */
	u64 unix_fds;		/* files in flight so far */
	/* The TCP connection whose queues' bytes follow, and what it still lacks. */
	u64 tcpq_id;
	/* The IPv4, IPv6, netlink or packet socket whose filter may come next, or 0. */
	u64 sock_last;
	/* The datagram or raw socket whose INET_MCAST may come next, or 0; its family, raw. */
	u64 mcast_sock;
	u16 mcast_family;
	bool mcast_raw;
	/* The TCP socket whose TCP_OPTS may come next, or 0; its state. */
	u64 tcpopt_sock;
	u16 tcpopt_state;
	/*
	 * The TCP listener whose connections not accepted yet, then requests
	 * in their handshake, may come next: its family, port, address and
	 * IPV6_V6ONLY, and how many came (its FILE is due).
	 */
	u64 tcp_listen;
	u16 tcp_listen_family, tcp_listen_port;
	u8 tcp_listen_addr[16];
	bool tcp_listen_v6only;
	u32 tcp_acceptq, tcp_synq;
	u32 tcpq_snd, tcpq_rcv, tcpq_unsent;
	/* The network records: the last one's type, the devices' names. */
	bool net_done;
	u16 net_last;
	u32 netdevs;
	u64 netconfs;			/* the IPv4 settings' scopes seen (img_feed_net()) */
	char netdev_names[VZCPT_NETDEV_MAX][16];
	char netsysctl_last[VZCPT_NETSYSCTL_PATH];	/* the path of the last NETSYSCTL */
	u8 nft_rank;			/* the last NFT record's place in the order */
	u8 xt_rank;			/* the last XTABLE record's (img_xt_rank()) */
	u32 conntracks;			/* CONNTRACK records so far */
	u64 nft_bytes;			/* what the NFT records hold so far */
};

/**
 * img_state_init() - start checking an image
 * @st: the state
 * @ids: the caller's id map, empty
 */
void img_state_init(struct img_state *st, const struct img_ids *ids);

/**
 * img_state_feed() - check one record against those before it
 * @st: the state
 * @h: the record's header, checked by img_check_rec()
 * @p: its payload, checked by img_check_payload() (for PAGES, its struct
 *     vzcpt_img_pages alone is enough)
 * @off: where the record starts in the image
 * @why: where to explain a rejection (may be NULL)
 * @whylen: size of @why
 *
 * Return: 0; -EINVAL with @why filled; -ENOMEM when the id map is full.
 */
int img_state_feed(struct img_state *st, const struct vzcpt_rec *h, const void *p, u64 off,
		   char *why, size_t whylen);

#endif /* _IMG_CHECK_H */
