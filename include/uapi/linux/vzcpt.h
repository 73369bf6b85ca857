/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vzcpt: checkpoint/restore of containers. ioctls on /proc/cpt (checkpoint)
 * and /proc/rst (restore). Included as is by the modules and by vzctl.
 */
#ifndef _UAPI_LINUX_VZCPT_H
#define _UAPI_LINUX_VZCPT_H

#include <linux/types.h>
#include <linux/ioctl.h>

/* The ioctl type byte, as OpenVZ's CPT used. */
#define CPTCTLTYPE '-'

/* Version of this interface; bumped on any incompatible change. */
#define VZCPT_ABI_VERSION 1

/**
 * CPT_GET_ABI - read VZCPT_ABI_VERSION into the __u32 argument.
 *
 * Lets vzctl refuse to drive a module built from another tree with a clear
 * message rather than a confusing errno from a later call.
 */
#define CPT_GET_ABI _IOR(CPTCTLTYPE, 0x40, __u32)

#endif /* _UAPI_LINUX_VZCPT_H */
