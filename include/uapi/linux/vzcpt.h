/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vzcpt: checkpoint/restore of containers. ioctls on /proc/cpt (checkpoint)
 * and /proc/rst (restore). Included as is by the modules and by vzctl.
 *
 * A context holds one container's checkpoint or restore in progress. It is
 * named by the CTID, so separate vzctl invocations can drive its stages: each
 * opens /proc/cpt (or /proc/rst), joins the context, runs one stage and
 * either detaches with CPT_PUT_CONTEXT (the context waits for the next
 * stage) or finishes it with CPT_KILL or CPT_RESUME. A context whose holders
 * all close their files without either resumes its container (checkpoint
 * side) or kills what it restored (restore side): a dying vzctl never leaves
 * a frozen or half-made container.
 *
 * Only CAP_SYS_ADMIN in the initial user namespace, outside every container,
 * may issue these; anyone else gets EPERM. An unknown command gets ENOTTY.
 * When a call fails for a reason the caller can act on, the context keeps a
 * one-sentence explanation, read back with CPT_GET_ERROR.
 */
#ifndef _UAPI_LINUX_VZCPT_H
#define _UAPI_LINUX_VZCPT_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* The ioctl type byte, as OpenVZ's CPT used. */
#define CPTCTLTYPE '-'

/* Version of this interface; bumped on any incompatible change. */
#define VZCPT_ABI_VERSION 1

/* Length of the explanation CPT_GET_ERROR returns, NUL included. */
#define VZCPT_ERRMSG_LEN 256

/**
 * struct vzcpt_ctx_arg - argument of CPT_GET_CONTEXT
 * @ctid: the container's id; names the context
 * @pid: host pid of the container's init (checkpoint) or of the restore
 *       seed, the process vzctl made as the container's pid 1 (restore)
 * @flags: zero
 * @cgroup_fd: an open fd of the container's cgroup v2 directory, whose
 *             freezer suspends it (checkpoint) or holds what was undumped
 *             (restore)
 */
struct vzcpt_ctx_arg {
	__u32 ctid;
	__s32 pid;
	__u32 flags;
	__s32 cgroup_fd;
};

/**
 * struct vzcpt_errmsg - argument of CPT_GET_ERROR
 * @msg: NUL-terminated sentence; empty when nothing failed
 */
struct vzcpt_errmsg {
	char msg[VZCPT_ERRMSG_LEN];
};

/* CPT_GET_CONTEXT: create the context of a container and join it. EEXIST if one exists. */
#define CPT_GET_CONTEXT		_IOW(CPTCTLTYPE, 1, struct vzcpt_ctx_arg)
/* CPT_JOIN_CONTEXT: join the existing context of CTID (__u32). ENOENT if none. */
#define CPT_JOIN_CONTEXT	_IOW(CPTCTLTYPE, 2, __u32)
/* CPT_PUT_CONTEXT: leave the context in place for a later stage and detach this file. */
#define CPT_PUT_CONTEXT		_IO(CPTCTLTYPE, 3)
/* CPT_SET_VEID: OpenVZ's name for joining the context of a container (__u32 CTID). */
#define CPT_SET_VEID		_IOW(CPTCTLTYPE, 4, __u32)
/* CPT_SET_DUMPFD: the fd (__s32) the image is written to (cpt) or read from (rst). */
#define CPT_SET_DUMPFD		_IOW(CPTCTLTYPE, 5, __s32)
/* CPT_SUSPEND: freeze every task of the container. */
#define CPT_SUSPEND		_IO(CPTCTLTYPE, 6)
/* CPT_DUMP: write the image of the suspended container to the dump fd. */
#define CPT_DUMP		_IO(CPTCTLTYPE, 7)
/* CPT_KILL: kill the container (cpt, after a dump) or what was undumped (rst); ends the context. */
#define CPT_KILL		_IO(CPTCTLTYPE, 8)
/* CPT_RESUME: let the container run again; ends the context. */
#define CPT_RESUME		_IO(CPTCTLTYPE, 9)
/* CPT_UNDUMP: recreate the container's tasks from the image, left frozen (rst only). */
#define CPT_UNDUMP		_IO(CPTCTLTYPE, 10)
/* CPT_GET_ERROR: read the context's explanation of its last failure. */
#define CPT_GET_ERROR		_IOR(CPTCTLTYPE, 11, struct vzcpt_errmsg)

/**
 * struct vzcpt_iter_arg - argument of CPT_ITER
 * @flags: zero
 * @pass: out: the pass this call made, from 1
 * @pages: out: pages it wrote
 * @mms: out: address spaces it found
 * @frozen_ns: out: how long the CT was frozen for it (while the pages
 *             to send were found and their soft-dirty bits cleared)
 * @reserved: zero
 */
struct vzcpt_iter_arg {
	__u32 flags;
	__u32 pass;
	__u64 pages;
	__u32 mms;
	__u32 reserved;
	__u64 frozen_ns;
};

/*
 * CPT_ITER: one pre-copy pass of a running (not suspended) container into
 * the dump fd: the pages of its memory written since the pass before (all
 * of them the first time), while it runs. A later CPT_DUMP on the same
 * context refers to those pages instead of writing them again.
 */
#define CPT_ITER		_IOWR(CPTCTLTYPE, 12, struct vzcpt_iter_arg)

/**
 * struct vzcpt_mount_arg - argument of CPT_ADD_MOUNT
 * @target: user pointer to the mount point's path in the CT, NUL-terminated,
 *          absolute as the CT's init sees it ("/mnt/data")
 * @source: user pointer, NUL-terminated: a bind mount's source, the path in
 *          the CT it shows (as the CT can reach it now); a tmpfs's device
 *          name (mountinfo's "source" field), at most 255 bytes
 * @kind: enum vzcpt_mount_kind (vzcpt_image.h): VZCPT_MOUNT_TMPFS, whose
 *        files the image carries, or VZCPT_MOUNT_BIND
 * @flags: zero
 */
struct vzcpt_mount_arg {
	__u64 target;
	__u64 source;
	__u32 kind;
	__u32 flags;
};

/*
 * CPT_ADD_MOUNT: a mount the CT made since it started, for the next CPT_DUMP
 * to carry, in the order the CT made them (a mount's parent and a bind's
 * source first). vzctl finds them in the CT's mountinfo; the dump checks each
 * against the CT's mounts and refuses what it cannot make again. A dump
 * carries at most VZCPT_MOUNT_MAX (vzcpt_image.h); E2BIG past them.
 */
#define CPT_ADD_MOUNT		_IOW(CPTCTLTYPE, 13, struct vzcpt_mount_arg)

/**
 * CPT_GET_ABI - read VZCPT_ABI_VERSION into the __u32 argument.
 *
 * Lets vzctl refuse to drive a module built from another tree with a clear
 * message rather than a confusing errno from a later call.
 */
#define CPT_GET_ABI		_IOR(CPTCTLTYPE, 0x40, __u32)

#endif /* _UAPI_LINUX_VZCPT_H */
