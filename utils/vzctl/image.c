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
	img_idmap_init(&r->idmap, &r->ids);
	img_state_init(&r->state, &r->ids);
}

void img_reader_free(struct img_reader *r)
{
	img_idmap_free(&r->idmap);
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

/*
 * The id map img_state needs (img_check.h), as an open-addressing hash
 * table: keys are never 0 (ids are checked first), values never 0.
 */
static uint64_t img_ids_hash(uint64_t key)
{
	key ^= key >> 33;
	key *= 0xff51afd7ed558ccdULL;
	key ^= key >> 33;
	return key;
}

static u64 img_ids_get(void *priv, u64 key)
{
	struct img_idmap *m = priv;
	size_t i;

	if (!m->cap)
		return 0;
	for (i = img_ids_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return 0;
}

static int img_ids_grow(struct img_idmap *m)
{
	struct img_idmap n = { .cap = m->cap ? 2 * m->cap : 256 };
	size_t i, j;

	n.keys = calloc(n.cap, sizeof(*n.keys));
	n.vals = calloc(n.cap, sizeof(*n.vals));
	if (!n.keys || !n.vals) {
		free(n.keys);
		free(n.vals);
		return -ENOMEM;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->keys[i])
			continue;
		for (j = img_ids_hash(m->keys[i]) & (n.cap - 1); n.keys[j]; j = (j + 1) & (n.cap - 1))
			;
		n.keys[j] = m->keys[i];
		n.vals[j] = m->vals[i];
	}
	n.used = m->used;
	free(m->keys);
	free(m->vals);
	*m = n;
	return 0;
}

static int img_ids_set(void *priv, u64 key, u64 val)
{
	struct img_idmap *m = priv;
	size_t i;

	if (2 * (m->used + 1) > m->cap && img_ids_grow(m))
		return -ENOMEM;
	for (i = img_ids_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			break;
	if (!m->keys[i])
		m->used++;
	m->keys[i] = key;
	m->vals[i] = val;
	return 0;
}

void img_idmap_init(struct img_idmap *m, struct img_ids *ids)
{
	memset(m, 0, sizeof(*m));
	ids->get = img_ids_get;
	ids->set = img_ids_set;
	ids->priv = m;
}

void img_idmap_free(struct img_idmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
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

	/* A pre-copy record has the image header's magic and version too. */
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
	/* Pre-copy passes (vzctl chkpnt --iterative) come before the image header. */
	if (r->nr == 1 && r->hdr.type != VZCPT_REC_IMAGE && r->hdr.type != VZCPT_REC_PRECOPY)
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
	if (img_check_payload(r->hdr.type, r->payload, r->hdr.len, why, sizeof(why)) ||
	    img_state_feed(&r->state, &r->hdr, r->payload, r->rec_off, why, sizeof(why)))
		return img_fail_rec(r, "%s", why);
	if (r->hdr.type == VZCPT_REC_IMAGE)
		memcpy(&r->image, r->payload, sizeof(r->image));
	if (r->hdr.type == VZCPT_REC_END)
		r->ended = true;
	return 1;
}

const char *img_vma_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		[VZCPT_VMA_ANON] = "anon", [VZCPT_VMA_FILE] = "file",
		[VZCPT_VMA_VDSO] = "vdso", [VZCPT_VMA_VVAR] = "vvar",
		[VZCPT_VMA_SHMEM] = "shmem", [VZCPT_VMA_GHOST] = "ghost",
		[VZCPT_VMA_SYSV] = "sysv",
	};

	return kind < sizeof(names) / sizeof(names[0]) && names[kind] ? names[kind] : "unknown";
}

const char *img_file_kind_name(uint32_t kind)
{
	static const char *const names[] = {
		[VZCPT_FILE_REG] = "reg", [VZCPT_FILE_CHR] = "chr", [VZCPT_FILE_PIPE] = "pipe",
		[VZCPT_FILE_SOCKET] = "socket",
		[VZCPT_FILE_GHOST] = "ghost", [VZCPT_FILE_FIFO] = "fifo",
		[VZCPT_FILE_EVENTFD] = "eventfd", [VZCPT_FILE_SIGNALFD] = "signalfd",
		[VZCPT_FILE_TIMERFD] = "timerfd", [VZCPT_FILE_EPOLL] = "epoll",
		[VZCPT_FILE_INOTIFY] = "inotify", [VZCPT_FILE_PTMX] = "ptmx",
		[VZCPT_FILE_PTS] = "pts", [VZCPT_FILE_MQUEUE] = "mqueue",
		[VZCPT_FILE_DEVTTY] = "devtty",
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
