/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few helpers img_check.c needs, from the kernel or from libc: the
 * validators are built into the modules, into vzctl and into a host fuzzer.
 */
#ifndef _IMG_COMPAT_H
#define _IMG_COMPAT_H

#include <linux/types.h>

#ifdef __KERNEL__
#include <linux/compiler.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/stdarg.h>
#include <linux/string.h>
#else
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The kernel's __printf(), spelt so that checkpatch takes it for what it is. */
#define img_fmt_attr(a, b) format(printf, a, b)
#define __printf(a, b) __attribute__((img_fmt_attr(a, b)))
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;
#endif

#endif /* _IMG_COMPAT_H */
