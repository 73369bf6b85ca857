// SPDX-License-Identifier: GPL-2.0
/* The sequential image reader: see image.h. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image.h"
#include "xxh64.h"

void img_reader_init(struct img_reader *r, int fd, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->fd = fd;
	r->name = name;
}

void img_reader_free(struct img_reader *r)
{
	free(r->buf);
	r->buf = NULL;
	r->cap = 0;
	r->payload = NULL;
}

__attribute__((format(printf, 2, 3)))
static int img_fail(struct img_reader *r, const char *fmt, ...)
{
	size_t n;
	va_list ap;

	n = (size_t)snprintf(r->err, sizeof(r->err), "%s: ", r->name);
	if (n >= sizeof(r->err))
		return -1;
	va_start(ap, fmt);
	vsnprintf(r->err + n, sizeof(r->err) - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* Name the current record in front of a reason. */
__attribute__((format(printf, 2, 3)))
static int img_fail_rec(struct img_reader *r, const char *fmt, ...)
{
	char why[384];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return img_fail(r, "record %llu (%s) at byte %llu: %s", (unsigned long long)r->nr,
			img_rec_name(r->hdr.type), (unsigned long long)r->rec_off, why);
}

/* Read up to @len bytes; fewer only at the end of the stream. */
static ssize_t img_read(struct img_reader *r, void *buf, size_t len)
{
	size_t got = 0;
	ssize_t n;

	while (got < len) {
		n = read(r->fd, (char *)buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	r->off += got;
	return (ssize_t)got;
}

static int img_read_exact(struct img_reader *r, void *buf, size_t len, const char *what)
{
	ssize_t n = img_read(r, buf, len);

	if (n < 0)
		return img_fail_rec(r, "cannot read %s: %s", what, strerror(errno));
	if ((size_t)n < len)
		return img_fail_rec(r, "the image is truncated: %s needs %zu bytes, only %zd remain",
				    what, len, n);
	return 0;
}

/* Links between records that one record at a time cannot show. */
static int img_leave_vma(struct img_reader *r)
{
	if (r->in_vma && r->vma_pages_left)
		return img_fail_rec(r, "mapping %llu lacks %llu of its pages before this record",
				    (unsigned long long)r->vma_id,
				    (unsigned long long)r->vma_pages_left);
	r->in_vma = false;
	return 0;
}

static int img_leave_mm(struct img_reader *r)
{
	if (img_leave_vma(r))
		return -1;
	if (r->in_mm && r->vmas_left)
		return img_fail_rec(r, "address space %llu lacks %u of its mappings before this record",
				    (unsigned long long)r->mm_id, r->vmas_left);
	r->in_mm = false;
	return 0;
}

static int img_need_task(struct img_reader *r, uint64_t want)
{
	if (!r->in_task)
		return img_fail_rec(r, "it comes before any task");
	if (r->hdr.id != want)
		return img_fail_rec(r, "it is for object %llu, but task %d has %llu",
				    (unsigned long long)r->hdr.id, r->task.pid,
				    (unsigned long long)want);
	return 0;
}

static int img_link_vma(struct img_reader *r)
{
	const struct vzcpt_img_vma *v = r->payload;

	if (img_leave_vma(r))
		return -1;
	if (!r->in_mm || !r->vmas_left)
		return img_fail_rec(r, "it is not one of an address space's mappings");
	if (v->mm_id != r->mm_id)
		return img_fail_rec(r, "it names address space %llu among the mappings of %llu",
				    (unsigned long long)v->mm_id, (unsigned long long)r->mm_id);
	if (!r->hdr.id)
		return img_fail_rec(r, "the mapping has id 0");
	if (v->start < r->vma_end)
		return img_fail_rec(r, "mapping %#llx-%#llx overlaps or precedes the one before",
				    (unsigned long long)v->start, (unsigned long long)v->end);
	r->vmas_left--;
	r->in_vma = true;
	r->vma_id = r->hdr.id;
	r->vma_next = v->start;
	r->vma_end = v->end;
	r->vma_pages_left = v->nr_pages;
	return 0;
}

static int img_link_pages(struct img_reader *r)
{
	const struct vzcpt_img_pages *pg = r->payload;
	uint64_t bytes = (uint64_t)pg->nr * VZCPT_PAGE_SIZE;

	if (!r->in_vma || r->hdr.id != r->vma_id)
		return img_fail_rec(r, "the pages are not for the mapping before them");
	if (pg->start < r->vma_next || bytes > r->vma_end - pg->start)
		return img_fail_rec(r, "pages %#llx+%u are outside their mapping or out of order",
				    (unsigned long long)pg->start, pg->nr);
	if (pg->nr > r->vma_pages_left)
		return img_fail_rec(r, "mapping %llu has more pages than it claims",
				    (unsigned long long)r->vma_id);
	r->vma_pages_left -= pg->nr;
	r->vma_next = pg->start + bytes;
	return 0;
}

static int img_link_end(struct img_reader *r)
{
	const struct vzcpt_img_end *end = r->payload;

	if (end->nr_records != r->nr - 1 || end->bytes != r->rec_off)
		return img_fail_rec(r, "it counts %llu records and %llu bytes where %llu and %llu were read",
				    (unsigned long long)end->nr_records,
				    (unsigned long long)end->bytes,
				    (unsigned long long)(r->nr - 1),
				    (unsigned long long)r->rec_off);
	if (r->tasks != r->image.nr_tasks)
		return img_fail_rec(r, "the image header announced %u tasks, %u were read",
				    r->image.nr_tasks, r->tasks);
	return 0;
}

static int img_link_xstate(struct img_reader *r)
{
	const struct vzcpt_img_xstate *xs = r->payload;
	uint64_t bv;

	if (r->image.xsave_size && xs->size != r->image.xsave_size)
		return img_fail_rec(r, "the xsave area is %u bytes, the image header says %u",
				    xs->size, r->image.xsave_size);
	memcpy(&bv, (const unsigned char *)(xs + 1) + 512, sizeof(bv));
	if (bv & ~r->image.xfeatures)
		return img_fail_rec(r, "the FPU state uses features %#llx the image does not declare",
				    (unsigned long long)(bv & ~r->image.xfeatures));
	return 0;
}

static int img_link(struct img_reader *r)
{
	uint16_t type = r->hdr.type;

	if (r->nr == 1) {
		memcpy(&r->image, r->payload, sizeof(r->image));
		return 0;
	}
	if (type != VZCPT_REC_VMA && type != VZCPT_REC_PAGES && img_leave_mm(r))
		return -1;
	switch (type) {
	case VZCPT_REC_IMAGE:
		return img_fail_rec(r, "a second image header");
	case VZCPT_REC_UTS:
		if (r->have_uts || r->tasks)
			return img_fail_rec(r, "the hostname must come once, before the tasks");
		r->have_uts = true;
		return 0;
	case VZCPT_REC_TASK:
		memcpy(&r->task, r->payload, sizeof(r->task));
		if (r->hdr.id != (uint64_t)r->task.pid)
			return img_fail_rec(r, "task %d is recorded under id %llu", r->task.pid,
					    (unsigned long long)r->hdr.id);
		if (!r->tasks && r->task.pid != 1)
			return img_fail_rec(r, "the first task is %d, not the container's init",
					    r->task.pid);
		if (++r->tasks > r->image.nr_tasks)
			return img_fail_rec(r, "more tasks than the %u the image header announced",
					    r->image.nr_tasks);
		r->in_task = true;
		return 0;
	case VZCPT_REC_REGS:
	case VZCPT_REC_SIGNALS:
	case VZCPT_REC_TASKX:
		return img_need_task(r, (uint64_t)r->task.pid);
	case VZCPT_REC_XSTATE:
		return img_need_task(r, (uint64_t)r->task.pid) ?: img_link_xstate(r);
	case VZCPT_REC_MM:
		if (img_need_task(r, r->task.mm_id))
			return -1;
		r->in_mm = true;
		r->mm_id = r->hdr.id;
		r->vmas_left = ((const struct vzcpt_img_mm *)r->payload)->nr_vmas;
		r->vma_end = 0;
		return 0;
	case VZCPT_REC_VMA:
		return img_link_vma(r);
	case VZCPT_REC_PAGES:
		return img_link_pages(r);
	case VZCPT_REC_FD:
		return img_need_task(r, r->task.files_id);
	case VZCPT_REC_FS:
		return img_need_task(r, r->task.fs_id);
	case VZCPT_REC_SIGHAND:
		return img_need_task(r, r->task.sighand_id);
	case VZCPT_REC_FILE:
	case VZCPT_REC_PIPE:
		if (!r->hdr.id || (type == VZCPT_REC_PIPE && r->hdr.id > IMG_PIPE_ID_MAX))
			return img_fail_rec(r, "bad object id %llu", (unsigned long long)r->hdr.id);
		return 0;
	case VZCPT_REC_END:
		return img_link_end(r);
	}
	return 0;
}

static int img_reserve(struct img_reader *r, size_t len)
{
	unsigned char *p;
	size_t cap;

	if (len <= r->cap && r->buf)
		return 0;
	cap = r->cap ? r->cap : 64 * 1024;
	while (cap < len)
		cap *= 2;
	p = realloc(r->buf, cap);
	if (!p)
		return img_fail_rec(r, "out of memory for %zu bytes", len);
	r->buf = p;
	r->cap = cap;
	return 0;
}

/* After the end record: nothing may follow. */
static int img_finish(struct img_reader *r)
{
	unsigned char c;
	ssize_t n = img_read(r, &c, 1);

	if (n < 0)
		return img_fail(r, "cannot read after the end record: %s", strerror(errno));
	if (n > 0)
		return img_fail(r, "there are bytes after the end record (record %llu, byte %llu)",
				(unsigned long long)r->nr, (unsigned long long)r->rec_off);
	r->done = true;
	return 0;
}

/*
 * An image of another format version has checksums this reader cannot
 * verify (version 1 used crc32c), so its first record fails the checksum
 * before its version is looked at. Saying "corrupt" about an intact old
 * image would mislead; name the version when the magic shows it is one.
 */
static int img_other_version(struct img_reader *r)
{
	const struct vzcpt_img_image *img = (const void *)r->buf;

	if (r->nr != 1 ||
	    r->hdr.len < offsetof(struct vzcpt_img_image, version) + sizeof(img->version) ||
	    memcmp(img->magic, VZCPT_IMAGE_MAGIC, sizeof(img->magic)) ||
	    img->version == VZCPT_IMAGE_VERSION)
		return 0;
	/* A flipped version byte looks the same, hence the alternative. */
	return img_fail_rec(r, "the image has format version %u, this reader knows version %u "
			    "(or it is corrupt: its checksum does not match)",
			    img->version, VZCPT_IMAGE_VERSION);
}

int img_reader_next(struct img_reader *r)
{
	unsigned char ext[IMG_REC_HDR_MAX];
	struct vzcpt_rec zero;
	struct img_xxh64 xh;
	char why[256];
	size_t extlen;
	uint32_t csum;
	ssize_t n;

	if (r->done)
		return 0;
	if (r->ended)
		return img_finish(r) ?: 0;
	r->nr++;
	r->rec_off = r->off;
	memset(&r->hdr, 0, sizeof(r->hdr));
	n = img_read(r, &r->hdr, sizeof(r->hdr));
	if (n < 0)
		return img_fail(r, "cannot read record %llu at byte %llu: %s",
				(unsigned long long)r->nr, (unsigned long long)r->rec_off,
				strerror(errno));
	if (n == 0 && r->nr == 1)
		return img_fail(r, "the image is empty");
	if (n == 0)
		return img_fail(r, "the image is truncated: it ends at byte %llu after record %llu, with no end record",
				(unsigned long long)r->rec_off, (unsigned long long)(r->nr - 1));
	if ((size_t)n < sizeof(r->hdr))
		return img_fail(r, "the image is truncated: record %llu at byte %llu has %zd of its %zu header bytes",
				(unsigned long long)r->nr, (unsigned long long)r->rec_off, n,
				sizeof(r->hdr));
	if (r->nr == 1 && r->hdr.type != VZCPT_REC_IMAGE)
		return img_fail(r, "this is not a vzcpt image (it does not start with an image header)");
	if (img_check_rec(&r->hdr, why, sizeof(why)))
		return img_fail_rec(r, "bad record header: %s", why);

	zero = r->hdr;
	zero.csum = 0;
	img_xxh64_reset(&xh, 0);
	img_xxh64_update(&xh, &zero, sizeof(zero));
	extlen = r->hdr.hdr_len - sizeof(r->hdr);
	if (extlen) {
		if (img_read_exact(r, ext, extlen, "the header extension"))
			return -1;
		img_xxh64_update(&xh, ext, extlen);
	}
	if (img_reserve(r, r->hdr.len) ||
	    img_read_exact(r, r->buf, r->hdr.len, "the payload"))
		return -1;
	img_xxh64_update(&xh, r->buf, r->hdr.len);
	csum = (uint32_t)img_xxh64_digest(&xh);
	if (csum != r->hdr.csum) {
		if (img_other_version(r))
			return -1;
		return img_fail_rec(r, "the image is corrupt: bad checksum (%#010x, computed %#010x)",
				    r->hdr.csum, csum);
	}
	r->payload = r->buf;
	if (img_check_payload(r->hdr.type, r->payload, r->hdr.len, why, sizeof(why)))
		return img_fail_rec(r, "%s", why);
	if (img_link(r))
		return -1;
	if (r->hdr.type == VZCPT_REC_END)
		r->ended = true;
	return 1;
}

const char *img_vma_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		[VZCPT_VMA_ANON] = "anon", [VZCPT_VMA_FILE] = "file",
		[VZCPT_VMA_VDSO] = "vdso", [VZCPT_VMA_VVAR] = "vvar",
	};

	return kind < sizeof(names) / sizeof(names[0]) && names[kind] ? names[kind] : "unknown";
}

const char *img_file_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		[VZCPT_FILE_REG] = "reg", [VZCPT_FILE_CHR] = "chr", [VZCPT_FILE_PIPE] = "pipe",
	};

	return kind < sizeof(names) / sizeof(names[0]) && names[kind] ? names[kind] : "unknown";
}

const char *img_cpuid_word_name(unsigned int word)
{
	static const char *const names[VZCPT_CPUID_WORDS] = {
		[VZCPT_CPUID_1_ECX] = "cpuid_1_ecx", [VZCPT_CPUID_1_EDX] = "cpuid_1_edx",
		[VZCPT_CPUID_7_EBX] = "cpuid_7_ebx", [VZCPT_CPUID_7_ECX] = "cpuid_7_ecx",
		[VZCPT_CPUID_7_EDX] = "cpuid_7_edx", [VZCPT_CPUID_D1_EAX] = "cpuid_d1_eax",
	};

	return word < VZCPT_CPUID_WORDS ? names[word] : "unknown";
}
