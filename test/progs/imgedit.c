// SPDX-License-Identifier: GPL-2.0
/*
 * imgedit: make bad images from good ones, for the tests.
 *   imgedit list IMG                    one line per record: index offset type length
 *   imgedit flip IMG OUT OFFSET         copy with the byte at OFFSET inverted
 *   imgedit header IMG OUT FIELD VALUE  copy with an image header field changed and the
 *                                       record's checksum recomputed (FIELD: magic,
 *                                       version, arch, xfeatures, cpuid7ebx, release,
 *                                       flags)
 *   imgedit vdsoip IMG OUT PID OFFSET   copy with task PID's ip set OFFSET bytes into the vDSO
 *                                       of the address space last described before its
 *                                       registers, and that record's checksum recomputed
 *   imgedit taskcred IMG OUT PID FIELD VALUE
 *                                       copy with task PID's ids changed (FIELD: uid sets
 *                                       uid, euid, suid and fsuid; gid the four gids) and
 *                                       its record's checksum recomputed
 *   imgedit semval IMG OUT VALUE        copy with the first semaphore of the first SysV
 *                                       semaphore set set to VALUE, checksum recomputed
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vzcpt_image.h>

#include "xxh64.h"

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		goto fail;
	buf = malloc(n ? n : 1);
	if (!buf || fread(buf, 1, n, f) != (size_t)n)
		goto fail;
	fclose(f);
	*len = n;
	return buf;
fail:
	perror(path);
	exit(1);
}

static void spit(const char *path, const uint8_t *buf, size_t len)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(buf, 1, len, f) != len || fclose(f)) {
		perror(path);
		exit(1);
	}
}

/* Point task @pid's ip @off bytes into the vDSO of the last MM record before its REGS. */
static int vdso_ip(uint8_t *img, size_t len, const char *out, uint64_t pid, uint64_t off)
{
	uint64_t vdso = 0;
	size_t at = 0;

	while (at + sizeof(struct vzcpt_rec) <= len) {
		struct vzcpt_rec *h = (void *)(img + at);
		uint8_t *p = img + at + h->hdr_len;

		if (h->hdr_len < sizeof(*h) || (size_t)h->hdr_len + h->len > len - at)
			return 2;
		if (h->type == VZCPT_REC_MM && h->len >= sizeof(struct vzcpt_img_mm))
			vdso = ((struct vzcpt_img_mm *)p)->vdso;
		if (h->type == VZCPT_REC_REGS && h->id == pid && vdso &&
		    h->len >= sizeof(struct vzcpt_img_regs)) {
			((struct vzcpt_img_regs *)p)->ip = vdso + off;
			h->csum = 0;
			h->csum = (uint32_t)img_xxh64(img + at, (size_t)h->hdr_len + h->len, 0);
			spit(out, img, len);
			printf("%#llx\n", (unsigned long long)(vdso + off));
			return 0;
		}
		at += h->hdr_len + (size_t)h->len;
	}
	fprintf(stderr, "imgedit: no registers of task %llu after an address space\n",
		(unsigned long long)pid);
	return 1;
}

/* Set task @pid's user (@gid: group) ids to @v. */
static int task_cred(uint8_t *img, size_t len, const char *out, int32_t pid, int gid,
		     uint32_t v)
{
	size_t at = 0;

	while (at + sizeof(struct vzcpt_rec) <= len) {
		struct vzcpt_rec *h = (void *)(img + at);
		struct vzcpt_img_task *t = (void *)(img + at + h->hdr_len);

		if (h->hdr_len < sizeof(*h) || (size_t)h->hdr_len + h->len > len - at)
			return 2;
		if (h->type == VZCPT_REC_TASK && h->len >= sizeof(*t) && t->pid == pid) {
			if (gid)
				t->gid = t->egid = t->sgid = t->fsgid = v;
			else
				t->uid = t->euid = t->suid = t->fsuid = v;
			h->csum = 0;
			h->csum = (uint32_t)img_xxh64(img + at, (size_t)h->hdr_len + h->len, 0);
			spit(out, img, len);
			return 0;
		}
		at += h->hdr_len + (size_t)h->len;
	}
	fprintf(stderr, "imgedit: no task %d\n", (int)pid);
	return 1;
}

/* Set the first semaphore of the first semaphore set to @v. */
static int sem_val(uint8_t *img, size_t len, const char *out, uint16_t v)
{
	size_t at = 0;

	while (at + sizeof(struct vzcpt_rec) <= len) {
		struct vzcpt_rec *h = (void *)(img + at);
		struct vzcpt_img_sem *s = (void *)(img + at + h->hdr_len);

		if (h->hdr_len < sizeof(*h) || (size_t)h->hdr_len + h->len > len - at)
			return 2;
		if (h->type == VZCPT_REC_SEM && h->len >= sizeof(*s) + sizeof(v)) {
			memcpy(s + 1, &v, sizeof(v));
			h->csum = 0;
			h->csum = (uint32_t)img_xxh64(img + at, (size_t)h->hdr_len + h->len, 0);
			spit(out, img, len);
			return 0;
		}
		at += h->hdr_len + (size_t)h->len;
	}
	fprintf(stderr, "imgedit: no semaphore set\n");
	return 1;
}

int main(int argc, char **argv)
{
	size_t len, off = 0, i = 0;
	uint8_t *img;

	if (argc < 3)
		return 2;
	img = slurp(argv[2], &len);
	if (!strcmp(argv[1], "list")) {
		while (off + sizeof(struct vzcpt_rec) <= len) {
			struct vzcpt_rec h;

			memcpy(&h, img + off, sizeof(h));
			printf("%zu %zu %u %u\n", i++, off, h.type, h.len);
			off += h.hdr_len + (size_t)h.len;
		}
		return 0;
	}
	if (!strcmp(argv[1], "flip") && argc == 5) {
		off = strtoul(argv[4], NULL, 0);
		if (off >= len)
			return 2;
		img[off] ^= 0xff;
		spit(argv[3], img, len);
		return 0;
	}
	if (!strcmp(argv[1], "header") && argc == 6) {
		struct vzcpt_rec *h = (void *)img;
		struct vzcpt_img_image *im;
		uint64_t v = strtoull(argv[5], NULL, 0);

		if (len < sizeof(*h) || h->hdr_len < sizeof(*h) || h->len < sizeof(*im) ||
		    (size_t)h->hdr_len + h->len > len)
			return 2;
		/* After the header's extension, if it has one. */
		im = (void *)(img + h->hdr_len);
		if (!strcmp(argv[4], "magic"))
			memcpy(im->magic, "NOTANIMG", 8);
		else if (!strcmp(argv[4], "version"))
			im->version = v;
		else if (!strcmp(argv[4], "arch"))
			im->arch = v;
		else if (!strcmp(argv[4], "xfeatures"))
			im->xfeatures |= v;
		else if (!strcmp(argv[4], "cpuid7ebx"))
			im->cpuid[VZCPT_CPUID_7_EBX] |= v;
		else if (!strcmp(argv[4], "flags"))
			im->flags = v;
		else if (!strcmp(argv[4], "release"))
			strncpy(im->release, argv[5], sizeof(im->release) - 1);
		else
			return 2;
		h->csum = 0;
		h->csum = (uint32_t)img_xxh64(img, (size_t)h->hdr_len + h->len, 0);
		spit(argv[3], img, len);
		return 0;
	}
	if (!strcmp(argv[1], "taskcred") && argc == 7 &&
	    (!strcmp(argv[5], "uid") || !strcmp(argv[5], "gid")))
		return task_cred(img, len, argv[3], (int32_t)strtol(argv[4], NULL, 0),
				 !strcmp(argv[5], "gid"), (uint32_t)strtoul(argv[6], NULL, 0));
	if (!strcmp(argv[1], "semval") && argc == 5)
		return sem_val(img, len, argv[3], (uint16_t)strtoul(argv[4], NULL, 0));
	if (!strcmp(argv[1], "vdsoip") && argc == 6)
		return vdso_ip(img, len, argv[3], strtoull(argv[4], NULL, 0),
			       strtoull(argv[5], NULL, 0));
	return 2;
}
