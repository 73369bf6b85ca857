/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Pure validators of image records, one per record type: the same code in
 * the modules, in vzctl and in the host fuzzer. They look at one record at
 * a time (links between records are the reader's business) and explain a
 * rejection in one sentence.
 */
#ifndef _IMG_CHECK_H
#define _IMG_CHECK_H

#include "img_compat.h"
#include <linux/vzcpt_image.h>

/* User addresses end here (x86-64, 4-level paging). */
#define IMG_USER_END		0x800000000000ULL
/* The longest record header a reader accepts (extensions included). */
#define IMG_REC_HDR_MAX		256U
/* A pipe id must leave room for two ends per pipe in a reader's index. */
#define IMG_PIPE_ID_MAX		(~0ULL >> 2)
/* A pending signal's siginfo in VZCPT_REC_SIGNALS. */
#define IMG_SIGINFO_SIZE	128U
/* The legacy area and the xsave header of an uncompacted xsave area. */
#define IMG_XSAVE_MIN		576U

/**
 * img_rec_name() - what a record type holds, for messages
 * @type: enum vzcpt_rec_type, or anything
 *
 * Return: a constant string; "unknown" for a type no image has.
 */
const char *img_rec_name(u16 type);

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

#endif /* _IMG_CHECK_H */
