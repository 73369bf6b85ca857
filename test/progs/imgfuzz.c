// SPDX-License-Identifier: GPL-2.0
/*
 * imgfuzz: hostile variants of a real image, for the kernel's reader and
 * restore. Seeded and deterministic: variant N of (IMAGE, SEED) is always
 * the same. Each variant changes the image a few ways (a field set to a
 * boundary value, a record dropped, duplicated or moved, an id pointed
 * elsewhere, a mapping made to overlap, pages moved out of their mapping, a
 * path made relative, empty, with "..", a NUL or too long, a count made
 * huge), then recomputes the end record's counts and every checksum, so
 * that what is tested is the parsing and restore logic, not the checksum.
 *
 *   imgfuzz gen IMAGE SEED COUNT [FIRST]
 *       write variants FIRST.. FIRST+COUNT-1 to stdout as a stream of
 *       { u32 'VZFZ', u32 index, u64 length, image } for `ctdrive restoremany`,
 *       and one line per variant to stderr: INDEX host=ok|refused DESCRIPTION
 *       (host: what the shared validator in vzctl's reader says of it)
 *   imgfuzz check IMAGE SEED COUNT
 *       the same variants through the host validator only; prints counts
 *   imgfuzz wrap IMAGE
 *       the image itself, unchanged, as a stream of one (index 4294967295)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <linux/vzcpt_image.h>

#include "image.h"
#include "xxh64.h"

#define FUZZ_MAGIC 0x5a465a56U	/* "VZFZ" */

struct rec {
	struct vzcpt_rec h;	/* h.len may be changed to lie about plen */
	uint8_t *p;
	size_t plen;
};

struct img {
	struct rec *r;
	size_t n, cap;
};

static uint64_t rng;

static uint64_t rnd(void)
{
	/* xorshift64*: small, and the same everywhere */
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return rng * 0x2545f4914f6cdd1dULL;
}

static size_t pick(size_t n)
{
	return n ? rnd() % n : 0;
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p) {
		perror("imgfuzz");
		exit(1);
	}
	return p;
}

static void *xmemdup(const void *s, size_t n)
{
	void *p = xmalloc(n);

	memcpy(p, s, n);
	return p;
}

static void push(struct img *im, const struct vzcpt_rec *h, const void *p)
{
	if (im->n == im->cap) {
		im->cap = im->cap ? 2 * im->cap : 64;
		im->r = realloc(im->r, im->cap * sizeof(*im->r));
		if (!im->r) {
			perror("imgfuzz");
			exit(1);
		}
	}
	im->r[im->n].h = *h;
	im->r[im->n].p = xmemdup(p, h->len);
	im->r[im->n].plen = h->len;
	im->n++;
}

static void img_free(struct img *im)
{
	size_t i;

	for (i = 0; i < im->n; i++)
		free(im->r[i].p);
	free(im->r);
	memset(im, 0, sizeof(*im));
}

static void img_copy(struct img *dst, const struct img *src)
{
	size_t i;

	memset(dst, 0, sizeof(*dst));
	for (i = 0; i < src->n; i++) {
		push(dst, &src->r[i].h, src->r[i].p);
		dst->r[i].plen = src->r[i].plen;
	}
}

static void parse(struct img *im, const uint8_t *buf, size_t len)
{
	size_t off = 0;
	struct vzcpt_rec h;

	memset(im, 0, sizeof(*im));
	while (off + sizeof(h) <= len) {
		memcpy(&h, buf + off, sizeof(h));
		if (h.hdr_len < sizeof(h) || off + h.hdr_len + (size_t)h.len > len) {
			fprintf(stderr, "imgfuzz: the input image is cut at byte %zu\n", off);
			exit(1);
		}
		off += h.hdr_len;
		h.hdr_len = sizeof(h);
		push(im, &h, buf + off);
		off += h.len;
	}
	if (im->n < 3) {
		fprintf(stderr, "imgfuzz: the input has %zu records\n", im->n);
		exit(1);
	}
}

/* Lay the records out, the end record's counts and every checksum made right. */
static uint8_t *serialize(struct img *im, size_t *len, int fix_end)
{
	size_t i, off = 0, total = 0;
	uint8_t *out;

	for (i = 0; i < im->n; i++)
		total += sizeof(struct vzcpt_rec) + im->r[i].plen;
	out = xmalloc(total);
	for (i = 0; i < im->n; i++) {
		struct rec *r = &im->r[i];
		struct img_xxh64 x;

		if (fix_end && r->h.type == VZCPT_REC_END && r->plen >= sizeof(struct vzcpt_img_end)) {
			struct vzcpt_img_end e = { .nr_records = i, .bytes = off };

			memcpy(r->p, &e, sizeof(e));
		}
		r->h.csum = 0;
		img_xxh64_reset(&x, 0);
		img_xxh64_update(&x, &r->h, sizeof(r->h));
		img_xxh64_update(&x, r->p, r->plen);
		r->h.csum = (uint32_t)img_xxh64_digest(&x);
		memcpy(out + off, &r->h, sizeof(r->h));
		memcpy(out + off + sizeof(r->h), r->p, r->plen);
		off += sizeof(r->h) + r->plen;
	}
	*len = off;
	return out;
}

/* Records of @type; -1 for none. */
static long find(const struct img *im, uint16_t type)
{
	size_t i, n = 0;
	long hit = -1;

	for (i = 0; i < im->n; i++)
		if (im->r[i].h.type == type && pick(++n) == 0)
			hit = (long)i;	/* reservoir: each equally likely */
	return hit;
}

static const uint64_t bounds[] = {
	0, 1, 2, ~0ULL, 0x7f, 0x80, 0xff, 0x7fff, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff,
	0x100000000ULL, 0x7fffffffffffffffULL, 0x8000000000000000ULL, 4095, 4096, 4097,
	0x7ffffffff000ULL, 0x800000000000ULL, 0x7fffffffffffULL, 0xffff800000000000ULL,
	64, 65, 1024 * 1024, 4U << 20, (4U << 20) + 1, 41, 1ULL << 40, 1ULL << 41, 0x100,
};

/* Set a field of @r to a boundary value; @what says which. */
static void mut_field(struct rec *r, char *what, size_t wlen)
{
	static const unsigned int widths[] = { 1, 2, 4, 8 };
	unsigned int w = widths[pick(4)];
	size_t len = r->plen, off;
	uint64_t v, old = 0;
	int hdr = pick(8) == 0;
	uint8_t *base = hdr ? (uint8_t *)&r->h : r->p;

	if (hdr)
		len = sizeof(r->h);
	if (len < w)
		w = 1;
	if (!len)
		return;
	/* Mostly the fixed struct, where the fields are. */
	off = pick(len < 1024 ? len : 1024) / w * w;
	if (off + w > len)
		off = len - w;
	memcpy(&old, base + off, w);
	switch (pick(4)) {
	case 0:
		v = old + 1;
		break;
	case 1:
		v = old - 1;
		break;
	default:
		v = bounds[pick(sizeof(bounds) / sizeof(bounds[0]))];
		break;
	}
	memcpy(base + off, &v, w);
	snprintf(what, wlen, "%s %s byte %zu/%u: %#llx -> %#llx", img_rec_name(r->h.type),
		 hdr ? "header" : "payload", off, w, (unsigned long long)old,
		 (unsigned long long)v & (w == 8 ? ~0ULL : (1ULL << (8 * w)) - 1));
}

/* The offset of the path in a record of @type, and its length field. */
static int path_of(struct rec *r, size_t *at, uint32_t **lenp)
{
	switch (r->h.type) {
	case VZCPT_REC_VMA:
		*at = sizeof(struct vzcpt_img_vma);
		*lenp = &((struct vzcpt_img_vma *)r->p)->path_len;
		return 0;
	case VZCPT_REC_FILE:
		*at = sizeof(struct vzcpt_img_file);
		*lenp = &((struct vzcpt_img_file *)r->p)->path_len;
		return 0;
	case VZCPT_REC_MM:
		*at = sizeof(struct vzcpt_img_mm);
		*lenp = &((struct vzcpt_img_mm *)r->p)->exe_len;
		return 0;
	case VZCPT_REC_FS:
		*at = sizeof(struct vzcpt_img_fs);
		*lenp = &((struct vzcpt_img_fs *)r->p)->cwd_len;
		return 0;
	}
	return -1;
}

static void mut_path(struct img *im, char *what, size_t wlen)
{
	static const char *const paths[] = {
		"", "relative/path", "/..", "/tmp/../etc/passwd", "/a/..", "..", "/a\0b",
		"/", "/nonexistent/file", "/proc/self/mem", "/dev/mem", "//", "/./.", "/etc/..x",
	};
	long i = -1;
	size_t at, k, nlen, tail;
	uint32_t *lenp;
	uint8_t *p;
	char longp[VZCPT_PATH_MAX + 8];
	const char *np;
	struct rec *r;
	int tries;

	for (tries = 0; tries < 20 && i < 0; tries++) {
		static const uint16_t types[] = { VZCPT_REC_VMA, VZCPT_REC_FILE, VZCPT_REC_MM,
						  VZCPT_REC_FS };
		i = find(im, types[pick(4)]);
		if (i >= 0 && path_of(&im->r[i], &at, &lenp))
			i = -1;
	}
	if (i < 0)
		return;
	r = &im->r[i];
	path_of(r, &at, &lenp);
	k = pick(sizeof(paths) / sizeof(paths[0]) + 1);
	if (k == sizeof(paths) / sizeof(paths[0])) {
		nlen = VZCPT_PATH_MAX - 1 + pick(3);
		memset(longp, 'a', nlen);
		longp[0] = '/';
		np = longp;
	} else {
		np = paths[k];
		nlen = k == 6 ? 4 : strlen(np);
	}
	/* Replace the first path; what follows it (FS's root) moves along. */
	if (r->plen < at || *lenp > r->plen - at)
		return;
	tail = r->plen - at - *lenp;
	p = xmalloc(at + nlen + tail);
	memcpy(p, r->p, at);
	memcpy(p + at, np, nlen);
	memcpy(p + at + nlen, r->p + at + *lenp, tail);
	free(r->p);
	r->p = p;
	path_of(r, &at, &lenp);
	*lenp = (uint32_t)nlen;
	r->plen = at + nlen + tail;
	r->h.len = (uint32_t)r->plen;
	snprintf(what, wlen, "%s path -> \"%.*s\" (%zu bytes)", img_rec_name(r->h.type),
		 (int)(nlen > 40 ? 40 : nlen), np, nlen);
}

static void mut_drop(struct img *im, char *what, size_t wlen)
{
	size_t i = 1 + pick(im->n - 1);

	snprintf(what, wlen, "record %zu (%s) dropped", i, img_rec_name(im->r[i].h.type));
	free(im->r[i].p);
	memmove(&im->r[i], &im->r[i + 1], (im->n - i - 1) * sizeof(im->r[0]));
	im->n--;
}

static void mut_dup(struct img *im, char *what, size_t wlen)
{
	size_t i = pick(im->n), j;
	struct rec r = im->r[i];

	push(im, &r.h, r.p);	/* now at the end: move it next to the original */
	im->r[im->n - 1].plen = r.plen;
	r = im->r[im->n - 1];
	for (j = im->n - 1; j > i + 1; j--)
		im->r[j] = im->r[j - 1];
	im->r[i + 1] = r;
	snprintf(what, wlen, "record %zu (%s) duplicated", i, img_rec_name(r.h.type));
}

static void mut_move(struct img *im, char *what, size_t wlen)
{
	size_t i = pick(im->n), j = pick(im->n);
	struct rec r;

	if (pick(2))
		j = i + 1 < im->n ? i + 1 : i;	/* mostly swap neighbours */
	r = im->r[i];
	im->r[i] = im->r[j];
	im->r[j] = r;
	snprintf(what, wlen, "records %zu (%s) and %zu (%s) swapped", i,
		 img_rec_name(im->r[j].h.type), j, img_rec_name(im->r[i].h.type));
}

/* Point an id at another object of the image (maybe of another kind) or at none. */
static void mut_id(struct img *im, char *what, size_t wlen)
{
	size_t i = pick(im->n), j = pick(im->n);
	uint64_t to = pick(4) == 0 ? 1000000 + pick(1000) : im->r[j].h.id;
	struct rec *r = &im->r[i];
	__u64 *f = NULL;

	switch (r->plen >= sizeof(struct vzcpt_img_task) ? r->h.type : 0) {
	case VZCPT_REC_TASK: {
		struct vzcpt_img_task *t = (void *)r->p;
		__u64 *ids[] = { &t->mm_id, &t->files_id, &t->fs_id, &t->sighand_id };

		if (pick(3) == 0) {
			int32_t *pids[] = { &t->ppid, &t->tgid, &t->pid };
			int32_t *pp = pids[pick(3)];

			snprintf(what, wlen, "task %d: a pid %d -> %d", t->pid, *pp, (int32_t)to);
			*pp = (int32_t)to;
			return;
		}
		f = ids[pick(4)];
		break;
	}
	case VZCPT_REC_VMA:
		f = &((struct vzcpt_img_vma *)r->p)->mm_id;
		break;
	case VZCPT_REC_FD:
		f = &((struct vzcpt_img_fd *)r->p)->file_id;
		break;
	case VZCPT_REC_FILE:
		f = &((struct vzcpt_img_file *)r->p)->pipe_id;
		break;
	default:
		break;
	}
	if (!f || pick(3) == 0)
		f = &r->h.id;
	snprintf(what, wlen, "record %zu (%s): an id %llu -> %llu", i, img_rec_name(r->h.type),
		 (unsigned long long)*f, (unsigned long long)to);
	*f = to;
}

/* Mappings and pages: overlap, order, pages outside or doubled, counts off. */
static void mut_vma(struct img *im, char *what, size_t wlen)
{
	long i = find(im, pick(2) ? VZCPT_REC_VMA : VZCPT_REC_PAGES);
	struct rec *r;

	if (i < 0)
		return;
	r = &im->r[i];
	if (r->plen < sizeof(struct vzcpt_img_vma))
		return;
	if (r->h.type == VZCPT_REC_VMA) {
		struct vzcpt_img_vma *v = (void *)r->p;
		long k;

		switch (pick(5)) {
		case 0:	/* overlap the mapping before it */
			for (k = i - 1; k > 0 && im->r[k].h.type != VZCPT_REC_VMA; k--)
				;
			if (k > 0 && im->r[k].h.type == VZCPT_REC_VMA &&
			    im->r[k].plen >= sizeof(*v))
				v->start = ((struct vzcpt_img_vma *)im->r[k].p)->end - 4096;
			snprintf(what, wlen, "mapping %llu made to overlap the one before",
				 (unsigned long long)r->h.id);
			break;
		case 1:
			v->nr_pages += 1 + pick(2) * 1000000;
			snprintf(what, wlen, "mapping %llu announces more pages",
				 (unsigned long long)r->h.id);
			break;
		case 2:
			v->flags = (v->flags & ~3U) | 1;	/* MAP_SHARED */
			snprintf(what, wlen, "mapping %llu made shared", (unsigned long long)r->h.id);
			break;
		case 3:
			v->end = v->start + 4096;
			snprintf(what, wlen, "mapping %llu shrunk to a page",
				 (unsigned long long)r->h.id);
			break;
		default:
			v->kind = 1 + pick(4);
			snprintf(what, wlen, "mapping %llu made of kind %u",
				 (unsigned long long)r->h.id, v->kind);
			break;
		}
	} else {
		struct vzcpt_img_pages *pg = (void *)r->p;
		static const int64_t d[] = { -4096, 4096, -0x100000, 0x100000, 0x7ff000000000LL };
		int64_t by = d[pick(5)];

		pg->start += (uint64_t)by;
		snprintf(what, wlen, "pages %llu moved by %lld", (unsigned long long)r->h.id,
			 (long long)by);
	}
}

/* A record of @type whose payload holds at least @size bytes, or NULL. */
static void *rec_as(struct img *im, uint16_t type, size_t size)
{
	long i = find(im, type);

	return i >= 0 && im->r[i].plen >= size ? im->r[i].p : NULL;
}

/* The counts a mutation makes huge or off by one: each a u32 in the first record of its type. */
static const struct {
	uint16_t type;
	size_t size;		/* the record's payload must hold this much */
	size_t off;
	const char *name;
} counts[] = {
	{ VZCPT_REC_IMAGE, sizeof(struct vzcpt_img_image),
	  offsetof(struct vzcpt_img_image, nr_tasks), "nr_tasks" },
	{ VZCPT_REC_MM, sizeof(struct vzcpt_img_mm),
	  offsetof(struct vzcpt_img_mm, nr_vmas), "nr_vmas" },
	{ VZCPT_REC_SIGNALS, sizeof(struct vzcpt_img_signals),
	  offsetof(struct vzcpt_img_signals, nr_shared), "nr_shared" },
	{ VZCPT_REC_TASK, sizeof(struct vzcpt_img_task),
	  offsetof(struct vzcpt_img_task, ngroups), "ngroups" },
	{ VZCPT_REC_PIPE, sizeof(struct vzcpt_img_pipe),
	  offsetof(struct vzcpt_img_pipe, size), "pipe size" },
};

static void mut_count(struct img *im, char *what, size_t wlen)
{
	static const uint64_t vals[] = { 0, 1, 0xffffffff, 0x7fffffff, 65, 4096, 100000 };
	uint64_t v = vals[pick(7)];
	size_t c = pick(sizeof(counts) / sizeof(counts[0]));
	uint8_t *p = rec_as(im, counts[c].type, counts[c].size);
	uint32_t v32 = (uint32_t)v;

	if (p)
		memcpy(p + counts[c].off, &v32, sizeof(v32));
	snprintf(what, wlen, "%s -> %llu", counts[c].name, (unsigned long long)v);
}

static void mut_field_any(struct img *im, char *what, size_t wlen)
{
	mut_field(&im->r[pick(im->n)], what, wlen);
}

/* The mutations, each with its weight out of every pick. */
static const struct {
	unsigned int weight;
	void (*fn)(struct img *im, char *what, size_t wlen);
} mutators[] = {
	{ 3, mut_field_any },
	{ 1, mut_drop },
	{ 1, mut_dup },
	{ 1, mut_move },
	{ 1, mut_id },
	{ 1, mut_vma },
	{ 1, mut_path },
	{ 1, mut_count },
};

static void mutate(struct img *im, char *what, size_t wlen)
{
	unsigned int total = 0, m, at;

	for (m = 0; m < sizeof(mutators) / sizeof(mutators[0]); m++)
		total += mutators[m].weight;
	at = (unsigned int)pick(total);
	for (m = 0; at >= mutators[m].weight; m++)
		at -= mutators[m].weight;
	mutators[m].fn(im, what, wlen);
}

/* Variant @n of @base: its bytes and what was done to it. */
static uint8_t *variant(const struct img *base, uint64_t seed, uint64_t n, size_t *len,
			char *desc, size_t dlen)
{
	struct img im;
	char what[256];
	unsigned int k, nmut;
	size_t used = 0;
	uint8_t *out;
	int fix_end = 1;

	rng = (seed * 0x9e3779b97f4a7c15ULL) ^ (n + 1) * 0xbf58476d1ce4e5b9ULL;
	if (!rng)
		rng = 1;
	img_copy(&im, base);
	nmut = pick(4) == 0 ? 2 + pick(2) : 1;
	desc[0] = 0;
	for (k = 0; k < nmut && im.n > 2; k++) {
		what[0] = 0;
		mutate(&im, what, sizeof(what));
		if (pick(20) == 0)
			fix_end = 0;
		used += (size_t)snprintf(desc + used, used < dlen ? dlen - used : 0, "%s%s",
					 k ? "; " : "", what[0] ? what : "(nothing to change)");
		if (used >= dlen)
			used = dlen - 1;
	}
	out = serialize(&im, len, fix_end);
	img_free(&im);
	return out;
}

/* What the shared validator (vzctl's reader) says of @buf: NULL for accepted. */
static const char *host_verdict(const uint8_t *buf, size_t len, char *err, size_t elen)
{
	struct img_reader r;
	int fd = memfd_create("imgfuzz", 0), n;

	if (fd < 0 || write(fd, buf, len) != (ssize_t)len || lseek(fd, 0, SEEK_SET)) {
		perror("imgfuzz: memfd");
		exit(1);
	}
	img_reader_init(&r, fd, "variant");
	while ((n = img_reader_next(&r)) > 0)
		;
	snprintf(err, elen, "%s", r.err);
	img_reader_free(&r);
	close(fd);
	return n < 0 ? err : NULL;
}

static void emit(uint32_t index, const uint8_t *buf, size_t len)
{
	struct { uint32_t magic, index; uint64_t len; } h = { FUZZ_MAGIC, index, len };

	if (fwrite(&h, sizeof(h), 1, stdout) != 1 || fwrite(buf, 1, len, stdout) != len) {
		perror("imgfuzz: stdout");
		exit(1);
	}
}

static uint8_t *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		perror(path);
		exit(1);
	}
	buf = xmalloc((size_t)n);
	if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
		perror(path);
		exit(1);
	}
	fclose(f);
	*len = (size_t)n;
	return buf;
}

int main(int argc, char **argv)
{
	uint64_t seed, count, first = 0, i, refused = 0;
	char desc[1024], err[512];
	struct img base;
	size_t len;
	uint8_t *buf;
	int gen;

	if (argc == 3 && !strcmp(argv[1], "wrap")) {
		buf = slurp(argv[2], &len);
		emit(~0U, buf, len);
		free(buf);
		return fflush(stdout) ? 1 : 0;
	}
	if (argc < 5 || (strcmp(argv[1], "gen") && strcmp(argv[1], "check"))) {
		fprintf(stderr, "usage: see the top of imgfuzz.c\n");
		return 2;
	}
	gen = !strcmp(argv[1], "gen");
	buf = slurp(argv[2], &len);
	seed = strtoull(argv[3], NULL, 0);
	count = strtoull(argv[4], NULL, 0);
	if (argc > 5)
		first = strtoull(argv[5], NULL, 0);
	parse(&base, buf, len);
	free(buf);
	buf = serialize(&base, &len, 0);
	if (host_verdict(buf, len, err, sizeof(err))) {
		fprintf(stderr, "imgfuzz: the input image is refused: %s\n", err);
		return 1;
	}
	free(buf);
	for (i = first; i < first + count; i++) {
		const char *why;

		buf = variant(&base, seed, i, &len, desc, sizeof(desc));
		why = host_verdict(buf, len, err, sizeof(err));
		refused += why != NULL;
		if (gen) {
			emit((uint32_t)i, buf, len);
			fprintf(stderr, "%llu host=%s %s%s%s\n", (unsigned long long)i,
				why ? "refused" : "ok", desc, why ? " | " : "", why ? why : "");
		}
		free(buf);
	}
	if (fflush(stdout)) {
		perror("imgfuzz: stdout");
		return 1;
	}
	img_free(&base);
	if (!gen)
		printf("%llu variants, %llu refused by the validator, %llu accepted\n",
		       (unsigned long long)count, (unsigned long long)refused,
		       (unsigned long long)(count - refused));
	return 0;
}
