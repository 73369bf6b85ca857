// SPDX-License-Identifier: GPL-2.0
/*
 * The image reader and the record validators (TAP): a valid image read back
 * from a file and through a pipe; every truncation and every flipped byte
 * refused; wrong magic, version and architecture; hostile lengths and
 * fields behind a valid checksum. Built with ASan and UBSan: a refusal must
 * come with a message, never with a crash.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "image.h"
#include "imgbuild.h"
#include "xxh64.h"
#include "tap.h"


struct result {
	int accepted;		/* the whole image was read and checked */
	unsigned int records;
	char err[512];
};

/* Read @buf as an image through the reader from @fd. */
static void read_fd(int fd, struct result *res)
{
	struct img_reader r;
	int n;

	memset(res, 0, sizeof(*res));
	img_reader_init(&r, fd, "test.img");
	while ((n = img_reader_next(&r)) > 0)
		res->records++;
	res->accepted = n == 0 && r.done;
	if (n < 0)
		snprintf(res->err, sizeof(res->err), "%s", r.err);
	/* The reader stays refused or finished. */
	if (n == 0 && img_reader_next(&r) != 0)
		res->accepted = 0;
	img_reader_free(&r);
}

static void read_buf(const void *buf, size_t len, struct result *res)
{
	int fd = memfd_create("img", 0);

	if (fd < 0 || (len && write(fd, buf, len) != (ssize_t)len) || lseek(fd, 0, SEEK_SET)) {
		perror("memfd");
		exit(2);
	}
	read_fd(fd, res);
	close(fd);
}

/* Refused, with a message that says @what. */
static int refused(const struct result *res, const char *what)
{
	return !res->accepted && res->err[0] && strstr(res->err, "test.img: ") == res->err &&
	       (!what || strstr(res->err, what));
}

/*
 * Reference values from another XXH64 implementation (the system's
 * libxxhash 0.8.1), over the pattern of pattern_fill(): lengths that end in
 * each kind of tail (8-, 4- and 1-byte steps), just under, at and over a
 * 32-byte stripe, and long inputs; seed 0 and another seed.
 */
static const struct {
	size_t len;
	uint64_t seed0, seed1;
} xxh64_ref[] = {
	{ 0, 0xef46db3751d8e999ULL, 0xc4349fc93c010000ULL },
	{ 1, 0xe934a84adb052768ULL, 0x126bb57a12364aa5ULL },
	{ 3, 0xa83378d1eb86ec62ULL, 0x22f4aaa6a7abcb74ULL },
	{ 4, 0x9882e57ed36c4cfcULL, 0x499fee07183420c5ULL },
	{ 7, 0xf0aef407b44730f8ULL, 0xddd5cbdf4f66be03ULL },
	{ 8, 0xa5bc8d8944331fe7ULL, 0x66c50c48c04f54f2ULL },
	{ 11, 0x322f5b3c3a128700ULL, 0x8a049ee2ece3f9b7ULL },
	{ 12, 0x26f149a7bc288970ULL, 0xc2d0ef4d3c47639fULL },
	{ 15, 0x1c29c603ae56ca1fULL, 0xf9e9b80119192c09ULL },
	{ 16, 0x9cb21df76892d962ULL, 0x77764121e73df9b7ULL },
	{ 31, 0x1add2d10328c4897ULL, 0x2f9a0f7a103f96b1ULL },
	{ 32, 0x333288d992cf3b16ULL, 0x00f9f22649dc408cULL },
	{ 33, 0xc4de9c424fa52324ULL, 0x7eb24808a8d329bdULL },
	{ 63, 0x157c63fd6c7fa803ULL, 0x67effc750ddf5807ULL },
	{ 64, 0x8d946902d1d93bbbULL, 0x31b8d9aed07bc650ULL },
	{ 100, 0x22c16fff9b511166ULL, 0x39e421aeb919872dULL },
	{ 1000, 0x3424f7da072be7f7ULL, 0x9eb84761b8991ff8ULL },
	{ 1024, 0x191a16a4f0f39aeeULL, 0x838303680624101cULL },
};
#define XXH64_REF_SEED 0x9e3779b97f4a7c15ULL

static void pattern_fill(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 131 + (i >> 5));
}

/* Streamed in pieces of at most @step bytes. */
static uint64_t xxh64_pieces(const void *buf, size_t len, uint64_t seed, size_t step)
{
	struct img_xxh64 s;
	size_t at, n;

	img_xxh64_reset(&s, seed);
	for (at = 0; at < len; at += n) {
		n = len - at < step ? len - at : step;
		img_xxh64_update(&s, (const unsigned char *)buf + at, n);
	}
	return img_xxh64_digest(&s);
}

static void test_xxh64(void)
{
	static unsigned char buf[1024 + 8], moved[100 + 8];
	struct img_xxh64 s;
	unsigned int i, bad = 0;
	size_t len, off, split;
	uint64_t whole, other;

	ok(img_xxh64("", 0, 0) == 0xef46db3751d8e999ULL, "XXH64 of the empty string");
	ok(img_xxh64("abc", 3, 0) == 0x44bc2cf5ad770999ULL, "XXH64 of \"abc\"");
	ok(img_xxh64("The quick brown fox jumps over the lazy dog", 43, 0) ==
	   0x0b242d361fda71bcULL, "XXH64 of the quick brown fox (43 bytes: a stripe and a tail)");
	ok(img_xxh64(NULL, 0, 0) == 0xef46db3751d8e999ULL, "no buffer at all for no bytes");

	pattern_fill(buf, sizeof(buf));
	for (i = 0; i < sizeof(xxh64_ref) / sizeof(xxh64_ref[0]); i++)
		bad += img_xxh64(buf, xxh64_ref[i].len, 0) != xxh64_ref[i].seed0 ||
		       img_xxh64(buf, xxh64_ref[i].len, XXH64_REF_SEED) != xxh64_ref[i].seed1;
	ok(!bad, "XXH64 matches another implementation at %zu lengths, two seeds",
	   sizeof(xxh64_ref) / sizeof(xxh64_ref[0]));

	/* Every split point, into two updates, and with an empty update between. */
	whole = img_xxh64(buf, 1000, 0);
	bad = 0;
	for (split = 0; split <= 1000; split++) {
		img_xxh64_reset(&s, 0);
		img_xxh64_update(&s, buf, split);
		img_xxh64_update(&s, buf + split, 0);
		img_xxh64_update(&s, buf + split, 1000 - split);
		bad += img_xxh64_digest(&s) != whole;
	}
	ok(!bad, "streaming split at each of 1001 points of 1000 bytes equals one-shot");

	bad = 0;
	for (split = 1; split <= 65; split++)
		bad += xxh64_pieces(buf, 1000, 0, split) != whole;
	ok(!bad, "streaming in pieces of every size 1..65 equals one-shot");

	/* The digest leaves the state usable: a prefix's digest, then the rest. */
	img_xxh64_reset(&s, 0);
	img_xxh64_update(&s, buf, 500);
	other = img_xxh64_digest(&s);
	img_xxh64_update(&s, buf + 500, 500);
	ok(other == img_xxh64(buf, 500, 0) && img_xxh64_digest(&s) == whole,
	   "a digest in the middle of a stream changes nothing");

	/* Loads at every alignment: one-shot, byte by byte and in 7-byte pieces agree. */
	bad = 0;
	for (off = 0; off < 8; off++)
		for (len = 0; len <= 100; len++) {
			whole = img_xxh64(buf + off, len, 0);
			bad += xxh64_pieces(buf + off, len, 0, 1) != whole ||
			       xxh64_pieces(buf + off, len, 0, 7) != whole;
		}
	ok(!bad, "lengths 0..100 at alignments 0..7: streaming equals one-shot");

	bad = 0;
	for (len = 0; len <= 100; len++) {
		whole = img_xxh64(buf, len, 0);
		for (off = 1; off < 8; off++) {
			memcpy(moved + off, buf, len);
			bad += img_xxh64(moved + off, len, 0) != whole;
		}
	}
	ok(!bad, "the same bytes hash the same at every alignment");

	bad = 0;
	for (len = 0; len <= 100; len++)
		bad += img_xxh64(buf, len, 1) == img_xxh64(buf, len, 0) ||
		       img_xxh64(buf, len, 1ULL << 63) == img_xxh64(buf, len, 0);
	ok(!bad && img_xxh64("", 0, 1) == 0xd5afba1336a3be4bULL &&
	   img_xxh64("abc", 3, 1) == 0xbea9ca8199328908ULL, "a seed changes the value");
}

/*
 * The format's rule, computed here in one shot rather than as imgbuild and
 * the reader stream it: csum = low 32 bits of XXH64 (seed 0) of the header
 * (csum = 0) and the payload.
 */
static void test_csum_rule(const struct imgb *b)
{
	uint8_t *copy = malloc(b->len);
	unsigned int i, bad = 0;
	struct vzcpt_rec h;
	struct result res;
	uint64_t full = 0;

	for (i = 0; i < b->nr; i++) {
		memcpy(copy, b->buf + b->off[i], sizeof(h));
		memcpy(&h, copy, sizeof(h));
		memset(copy + offsetof(struct vzcpt_rec, csum), 0, sizeof(h.csum));
		memcpy(copy + sizeof(h), b->buf + b->off[i] + sizeof(h), h.len);
		full = img_xxh64(copy, sizeof(h) + h.len, 0);
		bad += h.csum != (uint32_t)full;
	}
	ok(!bad, "every record's csum is the low half of one-shot XXH64 over header and payload");

	/* The high half of the last record's hash (the end record's) is not the checksum. */
	memcpy(copy, b->buf, b->len);
	memcpy(&h, copy + b->off[b->nr - 1], sizeof(h));
	h.csum = (uint32_t)(full >> 32);
	memcpy(copy + b->off[b->nr - 1], &h, sizeof(h));
	read_buf(copy, b->len, &res);
	ok(refused(&res, "bad checksum"), "the high 32 bits as csum are refused: %s", res.err);

	/*
	 * A version 1 image's crc32c fails our checksum before the version is
	 * read: the message names the version, not only corruption.
	 */
	memcpy(copy, b->buf, b->len);
	((struct vzcpt_img_image *)(copy + sizeof(h)))->version = 1;
	read_buf(copy, b->len, &res);
	ok(refused(&res, "format version 1, this reader knows version") &&
	   strstr(res.err, "record 1 "), "an image of version 1 (checksum not ours): %s", res.err);
	free(copy);
}

static void test_names(void)
{
	unsigned int t, unknown = 0;

	for (t = VZCPT_REC_IMAGE; t < VZCPT_REC_NR_TYPES; t++)
		unknown += !strcmp(img_rec_name(t), "unknown");
	ok(!unknown && !strcmp(img_rec_name(0), "unknown") &&
	   !strcmp(img_rec_name(VZCPT_REC_NR_TYPES), "unknown") &&
	   !strcmp(img_rec_name(0xffff), "unknown"), "every record type has a name, others none");
}

/* Fault @i of socket options; returns its name, NULL past the last. */
static const char *sockopt_fault(struct vzcpt_img_sockopt *o, unsigned int i)
{
	switch (i) {
	case 0: o->flags |= 1U << 31; return "an unknown option";
	case 1: o->flags |= VZCPT_SO_TIMESTAMP | VZCPT_SO_TIMESTAMPNS; return "both timestamps";
	case 2: o->flags |= VZCPT_SO_TSTAMP_NEW; return "a timestamp width without timestamps";
	case 3: o->rcvbuf = 4096; return "a receive buffer not set";
	case 4: o->flags |= VZCPT_SO_RCVBUF; o->rcvbuf = 4097; return "an odd receive buffer";
	case 5: o->flags |= VZCPT_SO_RCVBUF; o->rcvbuf = 1024; return "a receive buffer too small";
	case 6: o->flags |= VZCPT_SO_SNDBUF; o->sndbuf = -4096; return "a negative send buffer";
	case 7: o->rcvlowat = 0; return "SO_RCVLOWAT 0";
	case 8: o->linger = 0x80000000U; return "a linger past INT_MAX";
	case 9: o->sndtimeo_us = -1; return "a negative timeout";
	case 10: strcpy(o->bound_dev, "eth0/x"); return "a device name with a slash";
	case 11: strcpy(o->bound_dev, ".."); return "the device name ..";
	case 12: memset(o->bound_dev, 'a', 16); return "a device name of 16 bytes";
	case 13: strcpy(o->bound_dev, "lo"); o->bound_dev[9] = 1; return "bytes after the name";
	case 14: o->bound_dev[3] = 'x'; return "bytes in an empty device name";
	case 15: o->reserved = 1; return "a reserved field";
	}
	return NULL;
}

/* A socket's SOL_SOCKET options: what the kernel's setters could have made, and nothing else. */
static void test_sockopt(void)
{
	struct vzcpt_img_sockopt good = { .rcvlowat = 1 }, o;
	unsigned int i, refused = 0;
	const char *name;
	char why[256] = "";

	o = good;
	o.flags = VZCPT_SO_ALL & ~VZCPT_SO_TIMESTAMP;
	o.rcvbuf = 212992;
	o.sndbuf = 4608;
	o.linger = 30;
	o.rcvtimeo_us = 2500000;
	strcpy(o.bound_dev, "eth0");
	ok(!img_check_sockopt(&good, why, sizeof(why)) && !img_check_sockopt(&o, why, sizeof(why)),
	   "socket options a task can set pass: %s", why);
	for (i = 0;; i++) {
		o = good;
		name = sockopt_fault(&o, i);
		if (!name)
			break;
		if (img_check_sockopt(&o, why, sizeof(why)))
			refused++;
		else
			printf("# socket options with %s pass\n", name);
	}
	ok(refused == i, "socket options are refused with each of %u faults", i);
}

/* A socket's FILE record: mode, flags, no path, the socket it names. */
static void test_socket_file(void)
{
	struct vzcpt_img_file f = { .kind = VZCPT_FILE_SOCKET, .flags = 02 | 04000,
				    .mode = 0140777, .pipe_id = 5 };
	struct vzcpt_img_file b;
	char why[256];

	ok(!img_check_payload(VZCPT_REC_FILE, &f, sizeof(f), why, sizeof(why)),
	   "a socket file passes: %s", why);
	b = f;
	b.flags = 0;
	ok(img_check_payload(VZCPT_REC_FILE, &b, sizeof(b), why, sizeof(why)),
	   "a read-only socket file is refused");
	b = f;
	b.mode = 0100644;
	ok(img_check_payload(VZCPT_REC_FILE, &b, sizeof(b), why, sizeof(why)),
	   "a socket file that is a regular file is refused");
	b = f;
	b.pipe_id = 0;
	ok(img_check_payload(VZCPT_REC_FILE, &b, sizeof(b), why, sizeof(why)),
	   "a socket file naming no socket is refused");
	/* nginx's: O_ASYNC, owned by a process group, with F_SETSIG's real-time signal. */
	b = f;
	b.flags |= 020000;
	b.owner_pid = 7;
	b.owner_type = VZCPT_OWNER_PGRP;
	b.owner_uid = 33;
	b.owner_euid = 33;
	b.signum = 64;
	ok(!img_check_payload(VZCPT_REC_FILE, &b, sizeof(b), why, sizeof(why)),
	   "an owned socket file with O_ASYNC and signal 64 passes: %s", why);
	b.flags |= 010000;
	ok(img_check_payload(VZCPT_REC_FILE, &b, sizeof(b), why, sizeof(why)),
	   "a socket file with O_DSYNC is refused");
}

/*
 * Each record of the sample given to the validator with every shorter length, in a buffer of
 * exactly that length: a check that reads a field past the length before it checks the
 * length is an ASan error here (the fuzzer finds the same, but only by chance).
 */
static void test_short_payloads(const struct imgb *b)
{
	unsigned int i, cuts = 0;
	char why[256];

	for (i = 0; i < b->nr; i++) {
		struct vzcpt_rec h;
		uint32_t len;

		memcpy(&h, b->buf + b->off[i], sizeof(h));
		/* A PAGES record's head is checked apart (img_check_pages_head). */
		if (h.type == VZCPT_REC_PAGES)
			continue;
		for (len = 0; len < h.len; len++, cuts++) {
			void *p = malloc(len ? len : 1);

			if (!p)
				exit(2);
			memcpy(p, b->buf + b->off[i] + sizeof(h), len);
			img_check_payload(h.type, p, len, why, sizeof(why));
			free(p);
		}
	}
	ok(cuts > b->nr, "no validator reads past a record given %u shorter lengths", cuts);
}

static void test_valid(const struct imgb *b)
{
	struct img_reader r;
	struct result res;
	unsigned int i, types_ok = 1, payload_ok = 1;
	char why[256];
	int fd, n;

	read_buf(b->buf, b->len, &res);
	ok(res.accepted && res.records == b->nr, "the sample image (%u records, %zu bytes) reads back: %s",
	   b->nr, b->len, res.err[0] ? res.err : "accepted");

	fd = memfd_create("img", 0);
	if (fd < 0 || write(fd, b->buf, b->len) != (ssize_t)b->len || lseek(fd, 0, SEEK_SET))
		exit(2);
	img_reader_init(&r, fd, "test.img");
	for (i = 0; (n = img_reader_next(&r)) > 0; i++) {
		types_ok &= i < b->nr && r.hdr.type == b->type[i] && r.rec_off == b->off[i] &&
			    r.nr == i + 1;
		payload_ok &= !memcmp(r.payload, b->buf + b->off[i] + sizeof(struct vzcpt_rec),
				      r.hdr.len);
	}
	ok(n == 0 && types_ok && i == b->nr, "records come back in order with their offsets");
	ok(payload_ok, "payloads come back unchanged");
	ok(r.image.ctid == 101 && r.image.nr_tasks == 3 && r.state.tasks == 3,
	   "the image header is kept (CT %u, %u tasks)", r.image.ctid, r.image.nr_tasks);
	img_reader_free(&r);
	close(fd);

	for (i = 0; i < b->nr; i++) {
		struct vzcpt_rec h;
		void *p;

		memcpy(&h, b->buf + b->off[i], sizeof(h));
		p = malloc(h.len ? h.len : 1);
		memcpy(p, b->buf + b->off[i] + sizeof(h), h.len);
		if (img_check_rec(&h, why, sizeof(why)) ||
		    img_check_payload(h.type, p, h.len, why, sizeof(why))) {
			payload_ok = 0;
			printf("# record %u: %s\n", i + 1, why);
		}
		free(p);
	}
	ok(payload_ok, "each record of the sample passes img_check_rec and img_check_payload");
	test_short_payloads(b);
}

static void test_pipe(const struct imgb *b)
{
	struct result res;
	int p[2], st;
	pid_t pid;

	if (pipe(p))
		exit(2);
	pid = fork();
	if (pid == 0) {
		size_t done = 0;
		ssize_t n;

		close(p[0]);
		while (done < b->len) {	/* in odd-sized pieces */
			n = write(p[1], b->buf + done, b->len - done < 1000 ? b->len - done : 1000);
			if (n <= 0)
				_exit(1);
			done += (size_t)n;
		}
		_exit(0);
	}
	close(p[1]);
	read_fd(p[0], &res);
	close(p[0]);
	waitpid(pid, &st, 0);
	ok(res.accepted && res.records == b->nr && WIFEXITED(st) && !WEXITSTATUS(st),
	   "the sample image reads back through a pipe: %s", res.err[0] ? res.err : "accepted");
}

static unsigned int rec_of(const struct imgb *b, size_t off)
{
	unsigned int i = 0;

	while (i + 1 < b->nr && b->off[i + 1] <= off)
		i++;
	return i;
}

/*
 * The next offset of record [@start, @end) that the cut and flip sweeps
 * try: each of its first 512 bytes (the header, the struct, names, the
 * start of its data), then every 61st byte of a longer one and its last:
 * past that it is pages or queued bytes, which its checksum alone guards,
 * each byte as the next (a sweep of every byte took most of the suite's
 * host time).
 */
static size_t sweep_next(size_t off, size_t start, size_t end)
{
	size_t next = off + (off - start < 512 ? 1 : 61);

	return next >= end && off < end - 1 ? end - 1 : next;
}

static void test_truncated(const struct imgb *b)
{
	struct result res;
	unsigned int i;
	size_t off, end, bad, n;
	char first_bad[600];

	read_buf(b->buf, 0, &res);
	ok(refused(&res, "empty"), "an empty file is refused: %s", res.err);
	for (i = 0; i < b->nr; i++) {
		end = i + 1 < b->nr ? b->off[i + 1] : b->len;
		bad = n = 0;
		first_bad[0] = 0;
		for (off = b->off[i] + (i == 0); off < end; off = sweep_next(off, b->off[i], end), n++) {
			read_buf(b->buf, off, &res);
			if (!refused(&res, "truncated")) {
				if (!bad++)
					snprintf(first_bad, sizeof(first_bad), "at %zu: %s", off,
						 res.accepted ? "accepted" : res.err);
			}
		}
		ok(!bad, "cut inside record %u (%s): %zu of %zu cuts refused as truncated%s%s", i + 1,
		   img_rec_name(b->type[i]), n - bad, n, bad ? "; " : "", first_bad);
	}
	read_buf(b->buf, b->off[b->nr - 1], &res);
	printf("# e.g. %s\n", res.err);
}

static void test_flipped(const struct imgb *b)
{
	uint8_t *copy = malloc(b->len);
	struct result res;
	unsigned int i;
	size_t off, end, bad, n;
	char first_bad[600], example[600] = "";

	for (i = 0; i < b->nr; i++) {
		end = i + 1 < b->nr ? b->off[i + 1] : b->len;
		bad = n = 0;
		first_bad[0] = 0;
		for (off = b->off[i]; off < end; off = sweep_next(off, b->off[i], end), n++) {
			memcpy(copy, b->buf, b->len);
			copy[off] ^= 0xff;
			read_buf(copy, b->len, &res);
			if (!refused(&res, "record ") && !refused(&res, "not a vzcpt image")) {
				if (!bad++)
					snprintf(first_bad, sizeof(first_bad), "; at %zu: %s", off,
						 res.accepted ? "accepted" : res.err);
			} else if (off == end - 1 && !example[0] && i == 6) {
				snprintf(example, sizeof(example), "%s", res.err);
			}
		}
		ok(!bad, "flipped bytes of record %u (%s) are refused: %zu of its %zu bytes%s", i + 1,
		   img_rec_name(b->type[i]), n, end - b->off[i], first_bad);
	}
	printf("# e.g. %s\n", example);
	free(copy);
	(void)rec_of;
}

/* One hostile variant of the sample: a change to one record, checksum kept valid. */
struct hostile {
	const char *name;
	uint16_t type;		/* the record type to change */
	unsigned int nth;	/* which one of that type, from 0 */
	void (*edit)(void *p, size_t *len, uint16_t *type, uint64_t *id);
	const char *expect;	/* in the message */
	bool drop;		/* drop the record instead */
};

struct hostile_state {
	const struct hostile *h;
	unsigned int seen;
};

static bool hostile_tweak(unsigned int index, uint16_t *type, uint64_t *id, void *payload,
			  size_t *len, void *arg)
{
	struct hostile_state *st = arg;

	(void)index;
	if (*type != st->h->type || st->seen++ != st->h->nth)
		return true;
	if (st->h->drop)
		return false;
	st->h->edit(payload, len, type, id);
	return true;
}

#define P(t) ((struct t *)p)

static void e_sem_val(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((uint16_t *)(P(vzcpt_img_sem) + 1))[2] = 32768; }
static void e_sem_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->perm.cuid = 0xffffffff; }
static void e_sem_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->perm.mode = 01640; }
static void e_sem_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->perm.id = 0; }
static void e_sem_key(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->perm.key = 0x5e01; }
static void e_sem_negid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->perm.id = -5; }
static void e_sem_nsems(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->nsems = 4; }
static void e_sem_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sem)->perm.reserved = 1; }
static void e_semmsl(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->sem[0] = 2; }
static void e_semmns(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->sem[1] = 3; }
static void e_msgmni(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->msgmni = 40000; }
static void e_semmni(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->sem[3] = 1; }
static void e_shmmni(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->shmmni = 0; }
static void e_shmmax(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->shmmax = 100; }
static void e_shmall(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->shmall = 3; }
static void e_seg_size0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->size = 0; }
static void e_seg_huge(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->size = 1ULL << 60; }
static void e_shm_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->flags |= 0x8; }
static void e_shm_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->perm.mode = 01600; }
static void e_shm_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->perm.id = -1; }
static void e_shm_owner(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->perm.cuid = ~0U; }
static void e_shm_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->reserved = 1; }
static void e_shm_dest_key(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->flags |= VZCPT_SHM_DEST; }
static void e_shm_dest_unatt(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_shm)->flags = VZCPT_SHM_DEST;
	P(vzcpt_img_shm)->perm.key = 0;
	P(vzcpt_img_shm)->nattch = 0;
}
static void e_shm_pages_over(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->nr_pages = 5; }
static void e_shm_pages_less(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->nr_pages = 1; }
static void e_shm_nattch2(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->nattch = 2; }
static void e_shm_nattch0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_shm)->nattch = 0; }
static void e_shm_pg_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->start = 4 * VZCPT_PAGE_SIZE; }
static void e_shm_pg_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 6; }
static void e_sysv_seg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->shm_id = 5; }
static void e_sysv_size(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->shm_size += 1; }
static void e_sysv_part(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->end -= VZCPT_PAGE_SIZE; }
static void e_sysv_pgoff(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->pgoff = 1; }
static void e_sysv_private(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->flags = 0x02; }
static void e_sysv_pages(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->nr_pages = 1; }
static void e_sysv_bigid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->shm_id = 1ULL << 32; }
static void e_rmid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->shm_rmid_forced = 2; }
static void e_ipcns_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->reserved[1] = 1; }
static void e_ipcns_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 3; }
static void e_msg_type(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_msg)->mtype = 0; }
static void e_msg_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_msg)->len = 6; }
static void e_msgmax(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ipcns)->msgmax = 4; }
static void e_msq_room(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_msq)->qbytes = 3; }
static void e_msq_many(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_msq)->qbytes = 1; }
static void e_msq_more(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_msq)->nr_msgs = 3; }
#define MQ(p) P(vzcpt_img_mq)
#define MQNAME(p) ((char *)(MQ(p) + 1))
static void e_mq_slash(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNAME(p)[1] = '/'; }
static void e_mq_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNAME(p)[3] = 0; }
static void e_mq_dot(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	MQ(p)->name_len = 1;
	MQNAME(p)[0] = '.';
	*l = sizeof(struct vzcpt_img_mq) + 1;
}
static void e_mq_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	MQ(p)->name_len = 2;
	MQNAME(p)[0] = MQNAME(p)[1] = '.';
	*l = sizeof(struct vzcpt_img_mq) + 2;
}
static void e_mq_long(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	MQ(p)->name_len = 256;
	memset(MQNAME(p), 'a', 256);
	*l = sizeof(struct vzcpt_img_mq) + 256;
}
static void e_mq_namelen(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->name_len = 3; }
static void e_mq_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->mode = 0100640; }
static void e_mq_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->uid = UINT32_MAX; }
static void e_mq_maxmsg0(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->maxmsg = 0; }
static void e_mq_msgsize0(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->msgsize = 0; }
static void e_mq_hard(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->maxmsg = 65537; }
static void e_mq_hardsize(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->msgsize = (16U << 20) + 1; }
static void e_mq_count(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->nr_msgs = 5; }
static void e_mq_short(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->nr_msgs = 4; }
static void e_mq_extra(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->nr_msgs = 2; }
static void e_mq_size(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->msgsize = 5; }
static void e_mq_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->flags = 2; }
static void e_mq_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->reserved = 1; }
static void e_mq_unlinked(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->flags = VZCPT_MQ_UNLINKED; }
static void e_mq_sig(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify_signo = 65; }
static void e_mq_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify = 3; }
static void e_mq_thread(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify_pid = 2; }
static void e_mq_nopid(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify_pid = 99; }
static void e_mq_pid0(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify_pid = 0; }
static void e_mq_noneval(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify_value = 1; }
static void e_mq_offpid(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQ(p)->notify_pid = 1; }
static void e_mq_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 300; }
static void e_mqm_prio(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mq_msg)->prio = 32768; }
static void e_mqm_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mq_msg)->prio = 6; }
static void e_mqm_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mq_msg)->len = 4; }
static void e_mqm_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 302; }
#define MQNS(p) P(vzcpt_img_mqns)
static void e_mqns_msgmax(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNS(p)->msg_max = 0; }
static void e_mqns_msgdef(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNS(p)->msg_default = 65537; }
static void e_mqns_sizemax(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNS(p)->msgsize_max = 127; }
static void e_mqns_sizedef(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNS(p)->msgsize_default = (16U << 20) + 1; }
static void e_mqns_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNS(p)->reserved = 1; }
static void e_mqns_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 5; }
static void e_mqns_more(void *p, size_t *l, uint16_t *t, uint64_t *i) { MQNS(p)->nr_queues = 4; }
static void e_mqf_queue(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	if (P(vzcpt_img_file)->kind == VZCPT_FILE_MQUEUE)
		P(vzcpt_img_file)->pipe_id = 23;
}
static void e_mqf_flags(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	if (P(vzcpt_img_file)->kind == VZCPT_FILE_MQUEUE)
		P(vzcpt_img_file)->flags |= 040000;	/* O_DIRECT */
}
static void e_mqf_mode(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	if (P(vzcpt_img_file)->kind == VZCPT_FILE_MQUEUE)
		P(vzcpt_img_file)->mode = 010640;
}

static void e_magic(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->magic[0] = 'X'; }
static void e_version_old(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->version = 1; }
static void e_version_new(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->version = 99; }
static void e_arch(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->arch = 0x40000028; }
static void e_release(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	memset(P(vzcpt_img_image)->release, 'a', 64);
}
static void e_img_reserved(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->reserved[2] = 1; }
static void e_img_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->pad = 1; }
static void e_img_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->flags = 1U << 7; }
static void e_img_tasks(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->nr_tasks = 4; }
static void e_img_2tasks(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->nr_tasks = 2; }
static void e_img_notasks(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->nr_tasks = 0; }
static void e_img_long(void *p, size_t *l, uint16_t *t, uint64_t *i) { *l += 8; }
static void e_xsave_size(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->xsave_size = 1024; }
static void e_uts_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(P(vzcpt_img_uts)->nodename, 'h', 65); }
static void e_uts_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_uts)->pad[5] = 1; }
static void e_uts_image(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_image img = {
		.version = VZCPT_IMAGE_VERSION, .arch = VZCPT_ARCH_X86_64, .nr_tasks = 1,
	};

	memcpy(img.magic, VZCPT_IMAGE_MAGIC, 8);
	memcpy(p, &img, sizeof(img));
	*l = sizeof(img);
	*t = VZCPT_REC_IMAGE;
}
static void e_task_pid0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->pid = 0; *i = 0; }
static void e_task_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->sid = -3; }
static void e_task_comm(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(P(vzcpt_img_task)->comm, 'c', 16); }
static void e_task_thread(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->flags = 0; }
static void e_task_restart(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->restart_kind = 7; }
/* A futex wait's restart: a 4-aligned address, a bitset, CLOCK_MONOTONIC; then each spoilt. */
static void futex_restart(struct vzcpt_img_task *k)
{
	k->restart_kind = VZCPT_RESTART_FUTEX;
	k->restart_clockid = 1;
	k->restart_arg[0] = 0x601000;
	k->restart_arg[2] = ~0U;
}
static void e_futex_align(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_arg[0] += 2; }
static void e_futex_bitset(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_arg[2] = 0; }
static void e_futex_clock(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_clockid = 7; }
static void e_futex_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_arg[3] = 2; }
static void e_futex_val(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_arg[1] = 1ULL << 32; }
static void e_futex_rmtp(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_rmtp = 0x1000; }
static void e_futex_left(void *p, size_t *l, uint16_t *t, uint64_t *i) { futex_restart(p); P(vzcpt_img_task)->restart_remaining_ns = -1; }
/* A sleep on the process's CPU clock: CLOCK_PROCESS_CPUTIME_ID's count is 2, the last. */
static void e_cpusleep_clock(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->restart_kind = VZCPT_RESTART_CPU_NANOSLEEP;
	P(vzcpt_img_task)->restart_clockid = 3;
}
static void e_cpusleep_arg(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->restart_kind = VZCPT_RESTART_CPU_NANOSLEEP;
	P(vzcpt_img_task)->restart_clockid = 2;
	P(vzcpt_img_task)->restart_arg[1] = 1;
}
static void e_task_groups(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->ngroups = 1000; }
/* Zombie ids 110-119: a session or group whose leader exited, marked on a task. */
static void e_task_sid_own(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->sid = 3;
	P(vzcpt_img_task)->pgid = 3;
	P(vzcpt_img_task)->flags |= VZCPT_TASK_SID_ORPHAN;
}
static void e_task_pgid_thread(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->pgid = 110;
	P(vzcpt_img_task)->flags |= VZCPT_TASK_PGID_ORPHAN;
}
static void e_task_orphan_ids(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->sid = 110;
	P(vzcpt_img_task)->pgid = 111;
	P(vzcpt_img_task)->flags |= VZCPT_TASK_SID_ORPHAN | VZCPT_TASK_PGID_ORPHAN;
}
static void e_task_rlim(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->rlim_cur[7] = 5000; }
static void e_task_rseq(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->rseq_len = 0; }
static void e_task_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->sysvsem_id = 0; }
static void e_su_noset(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_semundo)->semid = 5; }
static void e_su_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_semundo)->semid = -1; }
static void e_su_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_semundo)->nsems = 4; }
static void e_su_size(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_semundo)->nsems = 2; *l -= 2; }
static void e_su_twice(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_semundo)->semid = 0; *l += 4; P(vzcpt_img_semundo)->nsems = 3; }
static void e_su_list(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 900; }
static void e_su_more(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->nr_semundo = 1; }
static void e_su_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->sysvsem_id = 1; }
static void e_su_zombie(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_task *k = P(vzcpt_img_task);

	memset(&k->mm_id, 0, 4 * sizeof(k->mm_id));
	k->flags = VZCPT_TASK_ZOMBIE;
	k->exit_code = 1 << 8;
	k->nr_semundo = 0;
}
#define SC_INSN(n) ((struct vzcpt_img_sock_filter *)(P(vzcpt_img_seccomp) + 1) + (n))
static void e_sc_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_seccomp)->len = 5; }
static void e_sc_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_seccomp)->flags = 2; }
static void e_sc_mod(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(0)->code = 0x94; }
static void e_sc_jump(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(1)->jf = 2; }
static void e_sc_ja(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(9)->k = 4; }
static void e_sc_noret(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(0)->code = 0; }
static void e_sc_align(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(0)->k = 2; }
static void e_sc_data(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(0)->k = 64; }
static void e_sc_mem(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(2)->k = 16; }
static void e_sc_div0(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC_INSN(5)->k = 0; }
static void e_sc_noprev(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_seccomp)->prev_id = 999; }
static void e_sc_root(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_seccomp)->prev_id = 0; }
static void e_sc_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 953; }
static void e_sc_tsync(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->seccomp_id = 950; }
static void e_sc_tsthr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->flags |= VZCPT_TASK_SECCOMP_TSYNC; }
static void e_sc_tsoff(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->seccomp_mode = 0;
	P(vzcpt_img_task)->seccomp_id = 0;
	P(vzcpt_img_task)->nr_seccomp = 0;
}
static void e_sc_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->seccomp_mode = 3; }
static void e_sc_strict(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->seccomp_mode = 1; }
static void e_sc_again(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->nr_seccomp = 1; }
static void e_sc_none(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->seccomp_id = 951;
	P(vzcpt_img_task)->nr_seccomp = 0;
}
static void e_sc_kind(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->seccomp_id = 1;
	P(vzcpt_img_task)->nr_seccomp = 0;
}
static void e_sc_unknown(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->seccomp_id = 960;
	P(vzcpt_img_task)->nr_seccomp = 0;
}
static void e_sc_zombie(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_task *k = P(vzcpt_img_task);

	memset(&k->mm_id, 0, 4 * sizeof(k->mm_id));
	k->flags = VZCPT_TASK_ZOMBIE;
	k->exit_code = 1 << 8;
	k->nr_semundo = 0;
	k->sysvsem_id = 0;
}
static void e_task_status(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->exit_code = 9; }
static void e_task_zinit(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->flags |= VZCPT_TASK_ZOMBIE; }
static void e_task_capbit(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->cap_bset |= 1ULL << 63; }
static void e_task_capeff(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->cap_permitted = 0; P(vzcpt_img_task)->cap_effective = 1; }
static void e_task_capamb(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->cap_permitted = 3; P(vzcpt_img_task)->cap_inheritable = 1; P(vzcpt_img_task)->cap_ambient = 2; }
static void e_task_secbits(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->securebits = 0x100; }
static void e_task_dumpable(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->dumpable = 3; }
static void e_task_pdeath(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->pdeath_signal = 65; }

static void e_task_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 77; }
static void e_task_init(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_task)->pid = P(vzcpt_img_task)->tgid = 5;
	P(vzcpt_img_task)->ppid = 1;
	*i = 5;
}
static void e_task_short(void *p, size_t *l, uint16_t *t, uint64_t *i) { *l -= 8; }
static void e_regs_seg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_regs)->cs = 0x10033; }
static void e_regs_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_regs)->reserved = 1; }
static void e_regs_fsb(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_regs)->fs_base = 0xffff880000000000ULL; }
static void e_regs_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 2; }
static void e_xs_size(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_xstate)->size = 0xfffffff0; }
static void e_xs_small(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_xstate)->size = 100;
	*l = sizeof(struct vzcpt_img_xstate) + 100;
}
static void e_xs_bv(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	uint64_t bv = 0xff;

	memcpy((char *)p + 16 + 512, &bv, 8);
}
static void e_xs_comp(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)p)[16 + 527] = (char)0x80; }
static void e_mm_exe(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->exe_len = 0xfffffff0; }
static void e_mm_brk(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->brk = 0x1000; }
static void e_mm_kaddr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->start_stack = 0xffffffffff600000ULL; }
static void e_mm_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)p)[sizeof(struct vzcpt_img_mm) + 4] = 0; }
static void e_mm_vmas(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->nr_vmas = 5; }
static void e_mm_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 42; }
static void e_vma_pathlen(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->path_len = 5000; }
static void e_vma_pathmax(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->path_len = 0xffffffff; }
static void e_vma_longpath(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_vma)->path_len = VZCPT_PATH_MAX + 10;
	memset((char *)p + sizeof(struct vzcpt_img_vma), 'p', VZCPT_PATH_MAX + 10);
	((char *)p)[sizeof(struct vzcpt_img_vma)] = '/';
	*l = sizeof(struct vzcpt_img_vma) + VZCPT_PATH_MAX + 10;
}
static void e_vma_relpath(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)p)[sizeof(struct vzcpt_img_vma)] = 'b'; }
static void e_vma_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->end = P(vzcpt_img_vma)->start; }
static void e_vma_align(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->start += 1; }
static void e_vma_high(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->end = 0x800000001000ULL; }
static void e_vma_pages(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->nr_pages = 1ULL << 62; }
static void e_vma_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->kind = 9; }
static void e_vma_prot(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->prot = 0x10; }
static void e_vma_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->flags = 0x03; }
static void e_vma_mm(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->mm_id = 9; }
static void e_vma_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->shm_id = 1; }
/* The sample's anonymous mapping (8 pages, 5 of them carried) made shared anonymous memory. */
static void e_shm(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_vma)->kind = VZCPT_VMA_SHMEM;
	P(vzcpt_img_vma)->flags = 0x01;
	P(vzcpt_img_vma)->shm_id = 100;
	P(vzcpt_img_vma)->shm_size = 0x8000;
}
static void e_shm_private(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->flags = 0x02; }
static void e_shm_anon(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->flags = 0x01; }
static void e_shm_size0(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->shm_size = 0; }
static void e_shm_sizeun(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->shm_size = 0x8001; }
static void e_shm_huge(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->shm_size = 1ULL << 60; }
static void e_shm_id0(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->shm_id = 0; }
static void e_shm_idvma(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->shm_id = 5; }
static void e_shm_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->pgoff = 8; }
/* Pages 3-5 of the mapping are past an object of 3 pages. */
static void e_shm_short(void *p, size_t *l, uint16_t *t, uint64_t *i) { e_shm(p, l, t, i); P(vzcpt_img_vma)->shm_size = 0x3000; }
static void e_vma_overlap(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->start = 0x401000; }
static void e_pg_nr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->nr = 0xffffffff; }
static void e_pg_nr2(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->nr = 0x100002; }
static void e_pg_zero(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_pages)->nr = 0;
	*l = sizeof(struct vzcpt_img_pages);
}
static void e_pg_out(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->start = 0x10007000; }
static void e_pg_wrap(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->start = 0xfffffffffffff000ULL; }
static void e_pg_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 5; }
static void e_file_pathlen(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->path_len += 1; }
static void e_file_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->kind = 0; }
static void e_file_pos(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pos = -1; }
static void e_file_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->mode = 0100644; }
static void e_file_pipe(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = ~0ULL; }
/* F_SETOWN's owner and F_SETSIG's signal, each out of what those fcntls take. */
static void e_fown_type(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_file)->owner_pid = 1;
	P(vzcpt_img_file)->owner_type = 3;
}
static void e_fown_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->owner_pid = -1; }
static void e_fown_max(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->owner_pid = 4 << 20; }
static void e_fown_ids(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->owner_euid = 1000; }
static void e_fown_noid(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_file)->owner_pid = 1;
	P(vzcpt_img_file)->owner_uid = 0xffffffffU;
}
static void e_fown_sig(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->signum = 65; }
static void e_fown_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->reserved2 = 1; }
static void e_fd_cloexec(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fd)->cloexec = 2; }
static void e_fd_big(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fd)->fd = 1U << 30; }
static void e_fd_table(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 3; }
static void e_pipe_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pipe)->len = 70000; }
static void e_pipe_over(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pipe)->size = 4096 * 0 + 0; }
/* Deleted files: the GHOST record, its data, and what opens or maps it. */
static void e_gh_big(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->size = VZCPT_GHOST_MAX_SIZE + 1; }
static void e_gh_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->mode = 020640; }
static void e_gh_owner(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->uid = ~0U; }
static void e_gh_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->reserved = 1; }
static void e_gh_more(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->data = 4096; }
static void e_gh_dataover(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->data = 1ULL << 40; }
static void e_gh_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy((char *)p + sizeof(struct vzcpt_img_ghost), "/tmp/../", 8); }
static void e_gh_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->flags = 2; }
static void e_gh_fseals(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost)->seals = 1; }
static void e_gh_mseals(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_ghost)->flags = VZCPT_GHOST_MEMFD;
	P(vzcpt_img_ghost)->seals = 0x20;
}
static void e_gh_mname(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_ghost)->flags = VZCPT_GHOST_MEMFD;
	((char *)p)[sizeof(struct vzcpt_img_ghost) + 2] = 0;
}
static void e_gh_memfd(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_ghost)->flags = VZCPT_GHOST_MEMFD;
	P(vzcpt_img_ghost)->seals = 0xf;
}
/* /dev nodes (sample_tmpfs(): 0 dev/d, 1 dev/shm/x, 2 dev/ptmx, 3 dev/xconsole, 4 dev/kmsg). */
#define TP(p) ((char *)(p) + sizeof(struct vzcpt_img_tmpfs))
static void e_tf_abs(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "/dev/xconsol", 12); }
static void e_tf_etc(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "etc/xconsole", 12); }
static void e_tf_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "dev/../passw", 12); }
static void e_tf_dot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "dev/./consol", 12); }
static void e_tf_empty(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "dev//console", 12); }
static void e_tf_trail(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "dev/console/", 12); }
static void e_tf_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { TP(p)[6] = 0; }
static void e_tf_dev(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "dev/", 4); P(vzcpt_img_tmpfs)->path_len = 4; }
static void e_tf_long(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_tmpfs)->path_len = 4 + 300;
	memcpy(TP(p), "dev/", 4);
	memset(TP(p) + 4, 'a', 300);
	*l = sizeof(struct vzcpt_img_tmpfs) + 304;
}
static void e_tf_sock(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->mode = 0140640; }
static void e_tf_bits(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->mode |= 0200000; }
static void e_tf_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->gid = ~0U; }
static void e_tf_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->reserved = 1; }
static void e_tf_fifordev(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->rdev_minor = 3; }
static void e_tf_major(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->rdev_major = 4096; }
static void e_tf_minor(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->rdev_minor = 1U << 20; }
static void e_tf_dirtarget(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_tmpfs)->path_len = 4;
	P(vzcpt_img_tmpfs)->target_len = 1;
}
static void e_tf_notarget(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_tmpfs)->path_len = 16;
	P(vzcpt_img_tmpfs)->target_len = 0;
}
static void e_tf_tnul(void *p, size_t *l, uint16_t *t, uint64_t *i) { TP(p)[8 + 3] = 0; }
static void e_tf_lens(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->path_len = 11; }
static void e_tf_big(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->size = VZCPT_GHOST_MAX_SIZE + 1; }
static void e_tf_data(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->data = 8192; }
static void e_tf_dirsize(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->size = 1; }
static void e_tf_more(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tmpfs)->data = 100; }
static void e_tf_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 40; }
static void e_tf_gdid(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 40; }
static void e_tf_late(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	/* The init's fs record turned into a /dev node: it comes after the init's files. */
	static const struct vzcpt_img_tmpfs n = { .mode = 010600, .path_len = 5 };

	memcpy(p, &n, sizeof(n));
	memcpy(TP(p), "dev/f", 5);
	*l = sizeof(n) + 5;
	*t = VZCPT_REC_TMPFS;
	*i = 99;
}
/* Mounts (sample_mounts(): 0 a tmpfs at mnt/t, its node mnt/t/f; 1 a bind of srv at mnt/b). */
#define MP(p) ((char *)(p) + sizeof(struct vzcpt_img_mount))
static void e_mn_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->kind = 5; }
static void e_mn_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mnt_flags = 0x100; }
static void e_mn_atime(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mnt_flags = VZCPT_MNT_NOATIME | VZCPT_MNT_RELATIME; }
static void e_mn_mpsock(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mp_mode = 0140755; }
static void e_mn_mpfile(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mp_mode = 0100644; }
static void e_mn_mpuid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mp_uid = ~0U; }
static void e_mn_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->subset = 1; }
static void e_mn_prochide(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->kind = VZCPT_MOUNT_PROC; P(vzcpt_img_mount)->hidepid = 3; }
static void e_mn_procgid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->kind = VZCPT_MOUNT_PROC; P(vzcpt_img_mount)->gid = ~0U; }
static void e_mn_mqgid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->kind = VZCPT_MOUNT_MQUEUE; P(vzcpt_img_mount)->gid = 5; }
static void e_mn_procfile(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->kind = VZCPT_MOUNT_PROC; P(vzcpt_img_mount)->mp_mode = 0100644; }
static void e_mn_huge(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->huge = 4; }
static void e_mn_blocks(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->nr_blocks = 1ULL << 63; }
static void e_mn_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mode = 010777; }
static void e_mn_sbflags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->sb_flags = 0x10; }
static void e_mn_rootfile(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->root_mode = 0100755; }
static void e_mn_rootuid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->root_gid = ~0U; }
static void e_mn_nodev(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	/* "mnt/t" and no device name. */
	P(vzcpt_img_mount)->source_len = 0;
	*l -= 5;
}
static void e_mn_devnul(void *p, size_t *l, uint16_t *t, uint64_t *i) { MP(p)[6] = 0; }
static void e_mn_bindopt(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->mode = 0755; }
static void e_mn_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(MP(p), "../..", 5); }
static void e_mn_srcdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(MP(p) + 5, "./s", 3); }
static void e_mn_trail(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(MP(p), "mnt/b/", 6); memcpy(MP(p) + 6, "rv", 2); P(vzcpt_img_mount)->target_len = 6; P(vzcpt_img_mount)->source_len = 2; }
static void e_mn_lens(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mount)->target_len = 4; }
static void e_mn_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 3; }
static void e_mn_long(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	/* 4095 bytes of mount point: with its "/" and NUL, above PATH_MAX. */
	memset(MP(p), 'a', 4095);
	P(vzcpt_img_mount)->target_len = 4095;
	P(vzcpt_img_mount)->source_len = 0;
	*l = sizeof(struct vzcpt_img_mount) + 4095;
}
static void e_mn_outside(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "mnt/x/f", 7); }
static void e_mn_prefix(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "mnt/tf", 6); P(vzcpt_img_tmpfs)->path_len = 6; *l -= 1; }
static void e_mn_devnode(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(TP(p), "dev/tf/", 7); memcpy(TP(p), "dev/x/f", 7); }
static void e_fi_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fifo)->len = 4; }
static void e_fi_path(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fifo)->path_len = 100; }
static void e_fi_cap(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fifo)->size = 0; }
static void e_fi_rel(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)p)[sizeof(struct vzcpt_img_fifo)] = 'r'; }
static void e_fi_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fifo)->reserved = 1; }
static void e_ff_pipe(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 20; }
static void e_ff_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->mode = 0100640; }
static void e_fp_fifo(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 33; }
static void e_gd_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost_data)->offset = 3 * 4096; }
static void e_gd_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost_data)->offset = 0; }
static void e_gd_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost_data)->len = 5000; }
static void e_gd_cap(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_ghost_data)->offset = ~0ULL - 10; }
static void e_gd_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 31; }
static void e_tq_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 171; }
static void e_tq_queue(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_queue)->queue = 4; }
static void e_tq_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_queue)->reserved = 1; }
static void e_tq_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_queue)->len = 1; }
static void e_tq_zero(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_queue)->len = 0; *l = sizeof(struct vzcpt_img_tcp_queue); }
static void e_tq_snd3(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->snd_len = 3; }
static void e_tq_snd6(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->snd_len = 6; }
static void e_tq_rcv0(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->rcv_len = 0; }
static void e_tq_uns(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->snd_unsent = 6; }
static void e_tq_rcv5(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->rcv_len = 5; }
static void e_tc_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->flags = 128; }
static void e_tc_read(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->flags = VZCPT_TCP_FIN_RCVD | VZCPT_TCP_FIN_READ; }
static void e_tc_readonly(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->flags = VZCPT_TCP_FIN_READ; }
static void e_aq_port(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_inet)->sport = 7501; }
static void e_aq_addr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_inet)->saddr[0] = 10; P(vzcpt_img_inet)->saddr[3] = 3; }
static void e_aq_file(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 196; }
static void e_rq_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 196; }
static void e_rq_addr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->loc_addr[3] = 3; }
static void e_rq_v6(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->family = 10; }
static void e_rq_port(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->rmt_port = 0; }
static void e_rq_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->flags = 32; }
static void e_rq_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->reserved = 1; }
static void e_rq_tmo(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->timeouts = 64; }
static void e_rq_mss(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->mss = 0; }
static void e_rq_ws(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->rcv_wscale = 15; }
static void e_rq_wsoff(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->snd_wscale = 2; }
static void e_rq_ts(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->ts_recent = 1; }
static void e_rq_wnd(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->rcv_wnd = 65536; }
static void e_rq_wnd0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->rcv_wnd = 0; }
/* The listener (and its options) stays, but not listening. */
static void e_aq_closed(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_inet)->state = VZCPT_INET_CLOSED;
	P(vzcpt_img_inet)->backlog = 0;
}
static void e_mc_tcp(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 170; }
static void e_to_udp(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 177; }
static void e_to_kid(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 196; }
static void e_to_clamp(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->window_clamp = 20000; }
static void e_to_linger(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->linger2 = 121; }
static void e_to_linger_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->linger2 = -2; }
static void e_to_soft(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->err_soft = 134; }
static void e_to_bigclamp(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->window_clamp = 0x80000000U; }
static void e_to_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->reserved = 1; }
static void e_to_none(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(p, 0, sizeof(struct vzcpt_img_tcp_opts)); }
static void e_to_ca_upper(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->congestion[0] = 'R'; }
static void e_to_ca_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_opts)->congestion[6] = 'x'; }
static void e_to_ca_full(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(P(vzcpt_img_tcp_opts)->congestion, 'a', 16); }
static void e_to_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { *l = 12; }
static void e_rq_clamp(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_tcp_req)->window_clamp = (65535U << 9) + 1; }
static void e_rq_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { *l -= 8; }
static void e_or_read(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((struct vzcpt_img_tcp *)(P(vzcpt_img_inet) + 1))->rcv_len = 2; }
static void e_tq_old(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset((char *)p + *l, 0, 8); *l += 8; }
static void e_gf_pipe(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 20; }
static void e_gf_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->mode = 040755; }
static void e_gv_vma(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->shm_id = 5; }
static void e_gv_size(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_vma)->shm_size = 4096; }
static void e_ux_type(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 3; }
static void e_ux_state(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->state = 9; }
static void e_ux_shut(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->shutdown = 4; }
static void e_ux_peek(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peek_off = -2; }
static void e_ux_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->flags = 16; }
static void e_ux_peer0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 0; }
/* The stream socket 70's run of "hi" comes from its peer, whatever that is said to be. */
#define UX_MSG0(p)	((struct vzcpt_img_unix_msg *)(P(vzcpt_img_unix) + 1))
static void e_ux_self(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 70; UX_MSG0(p)->sender_id = 70; }
static void e_ux_other(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 99; }
static void e_ux_other0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 99; UX_MSG0(p)->sender_id = 99; }
static void e_ux_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_uid = ~0U; }
static void e_ux_pid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_pid = -5; }
static void e_ux_qlen(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->qlen = 0xffffffff; }
static void e_ux_smsgs(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	/* The run's head taken out: the bytes stay, in no message. */
	memmove(UX_MSG0(p), UX_MSG0(p) + 1, 2);
	*l -= sizeof(struct vzcpt_img_unix_msg);
	P(vzcpt_img_unix)->nr_msgs = 0;
}
static void e_ux_msglen(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	((struct vzcpt_img_unix_msg *)(P(vzcpt_img_unix) + 1))->len = 2;
}
static void e_ux_sender(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	((struct vzcpt_img_unix_msg *)(P(vzcpt_img_unix) + 1))[1].sender_id = 70;
}
/* An unconnected socket with the pair's queue: only a peer's messages are carried. */
static void e_ux_unconn(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_unix *u = p;

	u->state = VZCPT_UNIX_UNCONNECTED;
	u->peer_id = 0;
	u->peer_pid = 0;
	u->peer_uid = ~0U;
	u->peer_gid = ~0U;
}
/* A relative name: a dump refuses one (its lookup would depend on the cwd). */
static void e_ux_name(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_unix *u = p;

	memmove((char *)(u + 1) + 8, u + 1, *l - sizeof(*u));
	memcpy(u + 1, "dev/log", 7);
	u->name_len = 7;
	u->fuid = 0;
	*l += 8;
}
/* sample_unixfd(): datagram 141 with regular file 140 in flight, stream 143 with socket file 146. */
#define UF_MSG(p)	((struct vzcpt_img_unix_msg *)(P(vzcpt_img_unix) + 1))
#define UF_IDS(p)	((uint64_t *)(UF_MSG(p) + 2))
static void e_uf_many(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[0].nr_fds = 254; }
static void e_uf_count(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[1].nr_fds = 1; }
static void e_uf_total(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[0].nr_fds = 0; }
static void e_uf_id0(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_IDS(p)[0] = 0; }
static void e_uf_after(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_IDS(p)[0] = 147; }
static void e_uf_notfile(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_IDS(p)[0] = 141 - 1 + 2; }
/* The pair 190, 191 of sample_unixown(): one message, two own files. */
#define UO_IDS(p)	((uint64_t *)(UF_MSG(p) + 1))
static void e_uo_other(void *p, size_t *l, uint16_t *t, uint64_t *i) { UO_IDS(p)[1] = VZCPT_UNIX_FD_SOCK | 101; }
static void e_uo_zero(void *p, size_t *l, uint16_t *t, uint64_t *i) { UO_IDS(p)[0] = VZCPT_UNIX_FD_SOCK; }
static void e_uo_closed(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_unix)->flags = VZCPT_UNIX_CLOSED;
	P(vzcpt_img_unix)->peer_pid = 0;
	P(vzcpt_img_unix)->peer_uid = ~0U;
	P(vzcpt_img_unix)->peer_gid = ~0U;
	P(vzcpt_img_unix)->shutdown = VZCPT_UNIX_SHUT_RCV | VZCPT_UNIX_SHUT_SEND;
}
static void e_uf_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[0].uid = ~0U; }
static void e_uf_gid(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[1].gid = ~0U; }
static void e_uf_pid(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[0].pid = -1; }
static void e_uf_bigpid(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_MSG(p)[0].pid = 4 * 1024 * 1024; }
static void e_uf_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->reserved = 1; }
/* Stream 143: its second run of no bytes, "z" its first's. */
static void e_uf_empty(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	UF_MSG(p)[0].len = 3;
	UF_MSG(p)[1].len = 0;
}
/* Stream 143's queue holding its own file (148 comes after it: none can). */
static void e_uf_self(void *p, size_t *l, uint16_t *t, uint64_t *i) { UF_IDS(p)[0] = 148; }

/* The bound server (101) and its one-way client (102) of sample_unixbound(). */
#define UB_NAME(p)	((char *)(P(vzcpt_img_unix) + 1))
#define UB_MSG(p)	((struct vzcpt_img_unix_msg *)(UB_NAME(p) + 16))
static void e_ub_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { UB_NAME(p)[4] = 0; }
static void e_ub_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { UB_NAME(p)[14] = 1; }
static void e_ub_long(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->name_len = 109; }
static void e_ub_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->fmode = 010620; }
static void e_ub_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->fuid = ~0U; }
static void e_ub_absmode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->fmode = 0600; }
static void e_ub_sender(void *p, size_t *l, uint16_t *t, uint64_t *i) { UB_MSG(p)[1].sender_id = 5; }
static void e_ub_sname(void *p, size_t *l, uint16_t *t, uint64_t *i) { UB_MSG(p)[0].name_len = 4; }
static void e_ub_after(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 105; }
static void e_ub_stream(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 1; }
static void e_ub_cred(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_uid = ~0U; }
static void e_ub_cstream(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 1; P(vzcpt_img_unix)->state = VZCPT_UNIX_UNCONNECTED; P(vzcpt_img_unix)->peer_id = 0; }
static void e_ub_unlinked(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->flags = VZCPT_UNIX_UNLINKED; }
/* The listener (105) of sample_unixbound(). */
static void e_ul_dgram(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 2; }
static void e_ul_peer(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 101; }
static void e_ul_backlog(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->backlog = 0x80000000U; }
static void e_ul_nocred(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_uid = ~0U; }
static void e_ul_conn(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->conn_pid = 1; }
/* The client not accepted yet (107), the accepted side (109) and its client (110). */
static void e_uq_other(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_id = 101; }
static void e_uq_dgram(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 2; }
static void e_uq_stream(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 1; }
static void e_uq_pid0(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->conn_pid = 0; }
static void e_uq_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->conn_uid = ~0U; }
static void e_uq_sender(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	((struct vzcpt_img_unix_msg *)(P(vzcpt_img_unix) + 1))->sender_id = 105;
}
static void e_ua_dgram(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->type = 2; }
static void e_ua_unlinked(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->flags |= VZCPT_UNIX_UNLINKED; }
static void e_ua_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->fuid = 5; }
static void e_ua_both(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->flags = VZCPT_UNIX_ACCEPTED; }
static void e_ua_conn(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->conn_gid = 7; }
static void e_ux_backlog(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->backlog = 5; }
/*
 * sample_unixclosed(): the stream survivor (130) and its closed peer (131),
 * the datagram survivor (133) and its closed server (134), the listener
 * (136) and its closed client (137).
 */
static void e_uc_accepted(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->flags |= VZCPT_UNIX_ACCEPTED; }
static void e_uc_shut(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->shutdown = VZCPT_UNIX_SHUT_RCV; }
static void e_uc_cred(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peer_pid = 1; }
static void e_uc_opt(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->opt.flags |= VZCPT_SO_PASSCRED; }
static void e_uc_peek(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->peek_off = 0; }
static void e_uc_reset(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->flags |= VZCPT_UNIX_RESET; }
static void e_uc_unconn(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->state = VZCPT_UNIX_UNCONNECTED; }
static void e_uc_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->fuid = 5; }
static void e_uc_pid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_unix)->conn_pid = -1; }
/* The survivor closed too: no queue left, no SO_PEERCRED, both shutdowns. */
static void e_uc_both(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_unix *u = p;

	u->flags = VZCPT_UNIX_CLOSED;
	*l -= u->qlen + u->nr_msgs * sizeof(struct vzcpt_img_unix_msg);
	u->qlen = 0;
	u->nr_msgs = 0;
	u->peer_uid = ~0U;
	u->peer_gid = ~0U;
}
/* A live datagram pair (72, 73) whose first has no SO_PEERCRED: only a closed peer's may not. */
static void e_uc_nocred(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_unix)->peer_pid = 0;
	P(vzcpt_img_unix)->peer_uid = ~0U;
	P(vzcpt_img_unix)->peer_gid = ~0U;
}
static void e_uc_queue(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_unix)->qlen = 1;
	*l += 1;
}
/* The survivor's file (132) made the closed peer's (131): no task holds a closed socket. */
static void e_uc_file(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	if (*i == 132)
		P(vzcpt_img_file)->pipe_id = 131;
}
/* The listener with a queued byte: what a listener queues are connections. */
static void e_ul_queue(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_unix)->qlen = 1;
	P(vzcpt_img_unix)->type = 1;
	*l += 1;
}
/* The listener with no name: listen() takes only a bound socket. */
static void e_ul_noname(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_unix)->name_len = 0;
	*l -= 8;
}
static void e_sh_kill(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sighand)->action[8].handler = 0x401000; }
static void e_sh_kaddr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sighand)->action[1].handler = 0xffffffff81000000ULL; }
static void e_sig_nr(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_signals)->nr_private = 0x80000000;
	P(vzcpt_img_signals)->nr_shared = 0x80000000;
}
static void e_sig_signo(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((int32_t *)p)[6] = 9; }
static void e_fs_wrap(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_fs)->cwd_len = 0xffffffff;
	P(vzcpt_img_fs)->root_len = 7;
}
static void e_fs_umask(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fs)->umask = 01022; }
static void e_end_nr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_end)->nr_records++; }
static void e_end_bytes(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_end)->bytes -= 8; }

/* The checks of the kernel's own setters, and the links between records (img_state). */
static void e_cap_bset(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->cap_bset |= 1ULL << 41; }
static void e_cap_eff(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->cap_permitted = 0; }
static void e_cap_amb(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->cap_ambient = 1; }
static void e_securebits(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->securebits = 0x100; }
static void e_nofile(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->rlim_max[7] = 1ULL << 40; }
static void e_rlim_data(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->rlim_cur[2] = 1; }
static void e_task_twice(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_task *k = p;

	k->pid = k->tgid = 2;
	*i = 2;
}
static void e_mm_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_task)->mm_id = 2; }
static void e_sa_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sighand)->action[1].flags = 0x00800000; }
static void e_sa_kill(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sighand)->action[8].flags = 0x10000000; }
static void e_sa_restorer(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_sighand)->action[16].restorer = 0xffff800000000000ULL; }
static void e_auxv_full(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	unsigned int k;

	for (k = 0; k < 48; k++)
		P(vzcpt_img_mm)->auxv[k] = 7;
}
static void e_auxv_after(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->auxv[50] = 1; }
static void e_code_empty(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->end_code = P(vzcpt_img_mm)->start_code; }
static void e_layout_top(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_mm)->env_end = 0x7ffffffff000ULL; }
static void e_timens(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_image)->mono_ns = INT64_MAX; }
static void e_vma_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy((char *)p + sizeof(struct vzcpt_img_vma), "/../", 4); }
static void e_fs_relative(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)p)[sizeof(struct vzcpt_img_fs)] = 'x'; }
static void e_file_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->flags |= 0x40000000; }
static void e_fd_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fd)->fd = 0; }
static void e_fd_vma(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_fd)->file_id = 5; }
static void e_pipe_of_file(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 23; }
static void e_vma_shared_pages(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_vma)->flags = 1;
	P(vzcpt_img_vma)->nr_pages = 1;
}
static void e_pages_dup(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->start = 0x10000000; }
static void e_pages_out(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_pages)->start = 0x10007000; }
static void e_tx_policy(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->policy = 6; }
static void e_tx_prio(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->rt_priority = 100; }
static void e_tx_nice(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->nice = 20; }
static void e_tx_cpus(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->cpus[0] = 0; }
static void e_tx_ss(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->ss_sp = 0x7ffffffff000ULL; }
static void e_tx_mask(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->flags = 0; }
static void e_tx_oom(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->oom_score_adj = -1001; }
static void e_tx_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->reserved[0] = 1; }
static void e_tx_ionone(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->ioprio = 3; }
static void e_tx_ioclass(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->ioprio = 4 << 13; }
static void e_tx_iolevel(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->ioprio = 2 << 13 | 8; }
static void e_tx_robust(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->robust_list = 0xffff888000000000ULL; }
static void e_tx_stopsig(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_taskx)->flags |= VZCPT_TASKX_STOPPED;
	P(vzcpt_img_taskx)->stop_signal = 9;
}
static void e_tx_nostop(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->stop_signal = 19; }
static void e_tx_unrep(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_taskx)->flags |= VZCPT_TASKX_STOP_UNREPORTED; }
static void e_tx_stopcont(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_taskx)->flags |= VZCPT_TASKX_STOPPED | VZCPT_TASKX_CONTINUED;
	P(vzcpt_img_taskx)->stop_signal = 20;
}
#define TM(p) P(vzcpt_img_timers)
#define PT(p, n) (((struct vzcpt_img_posix_timer *)(TM(p) + 1)) + (n))
static void e_it_state(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->itimer[1].state = 3; }
static void e_it_zero(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->itimer[0].value_ns = 0; }
static void e_it_rearm(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->itimer[2].state = VZCPT_ITIMER_REARM; }
static void e_it_big(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->itimer[0].interval_ns = UINT64_MAX; }
static void e_it_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->itimer[2].reserved = 1; }
static void e_tm_nr(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->nr_posix = 4; }
static void e_tm_next(void *p, size_t *l, uint16_t *t, uint64_t *i) { TM(p)->next_posix_id = 0x80000000U; }
static void e_pt_clock(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->clockid = 8; }
static void e_pt_notify(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->notify = 2; }
static void e_pt_signo(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->signo = 65; }
static void e_pt_target(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 1)->target = 0; }
static void e_pt_target2(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->target = 2; }
static void e_pt_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 1)->id = 0; }
static void e_pt_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->id = -1; }
static void e_pt_abs(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->flags |= VZCPT_PTIMER_ABSTIME; }
static void e_pt_value(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 1)->value_ns = 0; }
static void e_pt_unarmed(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->flags = 0; }
static void e_pt_overrun(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->overrun = -2; }
static void e_pq_none(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->notify = 1; }
static void e_pq_cpu(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->clockid = -6; PT(p, 2)->value_ns = 1000; }
static void e_pq_rearm(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->flags = VZCPT_PTIMER_REARM; }
static void e_pq_armed(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->flags |= VZCPT_PTIMER_ARMED; }
static void e_pq_iv(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->interval_ns = 0; }
static void e_pq_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->value_ns = INT64_MIN; }
static void e_pq_orun(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->sig_overrun = -1; }
static void e_pq_seq(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->queue_seq = VZCPT_POSIX_TIMERS_MAX; }
static void e_pq_stray(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 0)->sig_overrun = 1; }
static void e_pq_flag(void *p, size_t *l, uint16_t *t, uint64_t *i) { PT(p, 2)->flags |= 0x10; }

static const struct hostile hostiles[] = {
	{ "wrong magic", VZCPT_REC_IMAGE, 0, e_magic, "magic" },
	{ "version 1 (crc32c), checksummed as ours", VZCPT_REC_IMAGE, 0, e_version_old, "format version 1," },
	{ "a newer version", VZCPT_REC_IMAGE, 0, e_version_new, "format version 99," },
	{ "wrong architecture", VZCPT_REC_IMAGE, 0, e_arch, "architecture" },
	{ "unterminated kernel release", VZCPT_REC_IMAGE, 0, e_release, "release" },
	{ "image header reserved field", VZCPT_REC_IMAGE, 0, e_img_reserved, "reserved" },
	{ "image header padding", VZCPT_REC_IMAGE, 0, e_img_pad, "reserved" },
	{ "unknown image flag", VZCPT_REC_IMAGE, 0, e_img_flags, "unknown flags 0x80" },
	{ "more tasks announced than present", VZCPT_REC_IMAGE, 0, e_img_tasks, "4 tasks" },
	{ "no tasks", VZCPT_REC_IMAGE, 0, e_img_notasks, "announces 0 tasks" },
	{ "image header too long", VZCPT_REC_IMAGE, 0, e_img_long, "not 184" },
	{ "xsave size differs from the FPU records", VZCPT_REC_IMAGE, 0, e_xsave_size, "xsave" },
	{ "no image header", VZCPT_REC_IMAGE, 0, NULL, "not a vzcpt image", true },
	{ "unterminated hostname", VZCPT_REC_UTS, 0, e_uts_nul, "hostname" },
	{ "UTS padding", VZCPT_REC_UTS, 0, e_uts_pad, "padding" },
	{ "a second image header", VZCPT_REC_UTS, 0, e_uts_image, "image header must come first, and once" },
	{ "task pid 0", VZCPT_REC_TASK, 0, e_task_pid0, "is not a pid" },
	{ "negative sid", VZCPT_REC_TASK, 1, e_task_neg, "bad ppid, pgid or sid" },
	{ "unterminated comm", VZCPT_REC_TASK, 0, e_task_comm, "NUL" },
	{ "thread not marked", VZCPT_REC_TASK, 1, e_task_thread, "thread" },
	{ "unknown restart kind", VZCPT_REC_TASK, 2, e_task_restart, "restart kind" },
	{ "futex wait at an unaligned address", VZCPT_REC_TASK, 2, e_futex_align, "bad futex wait arguments" },
	{ "futex wait with no bitset", VZCPT_REC_TASK, 2, e_futex_bitset, "bad futex wait arguments" },
	{ "futex wait on CLOCK_BOOTTIME", VZCPT_REC_TASK, 2, e_futex_clock, "bad futex wait arguments" },
	{ "futex wait with unknown flags", VZCPT_REC_TASK, 2, e_futex_flags, "bad futex wait arguments" },
	{ "futex wait on a 33-bit value", VZCPT_REC_TASK, 2, e_futex_val, "bad futex wait arguments" },
	{ "futex wait with a time-left pointer", VZCPT_REC_TASK, 2, e_futex_rmtp, "bad futex wait arguments" },
	{ "futex wait with negative time left", VZCPT_REC_TASK, 2, e_futex_left, "negative time left" },
	{ "sleep on CPU clock 3", VZCPT_REC_TASK, 2, e_cpusleep_clock, "sleeps on unknown CPU clock 3" },
	{ "CPU clock sleep with an argument", VZCPT_REC_TASK, 2, e_cpusleep_arg, "bad sleep arguments" },
	{ "a session whose exited leader is the task itself", VZCPT_REC_TASK, 2, e_task_sid_own,
	  "cannot be in a session 3 whose leader exited" },
	{ "a thread marked in a group whose leader exited", VZCPT_REC_TASK, 1, e_task_pgid_thread,
	  "cannot be in a process group 110 whose leader exited" },
	{ "too many groups", VZCPT_REC_TASK, 0, e_task_groups, "groups" },
	{ "limit above its maximum", VZCPT_REC_TASK, 0, e_task_rlim, "limit 7" },
	{ "rseq without a length", VZCPT_REC_TASK, 2, e_task_rseq, "rseq" },
	{ "undo entries without an undo list", VZCPT_REC_TASK, 2, e_task_res,
	  "has 1 semaphore undo entries for undo list 0" },
	{ "an undo entry for a set the image lacks", VZCPT_REC_SEMUNDO, 1, e_su_noset,
	  "semaphore set 5, which the image lacks" },
	{ "an undo entry for set -1", VZCPT_REC_SEMUNDO, 0, e_su_neg, "is for set -1" },
	{ "an undo entry longer than its record", VZCPT_REC_SEMUNDO, 0, e_su_len,
	  "has 4 adjustments in 14 bytes" },
	{ "an undo entry of another size than its set", VZCPT_REC_SEMUNDO, 0, e_su_size,
	  "has 2 adjustments for its 3 semaphores" },
	{ "two undo entries for one set", VZCPT_REC_SEMUNDO, 1, e_su_twice,
	  "set 0 does not follow the one for set 0" },
	{ "an undo entry of another task's list", VZCPT_REC_SEMUNDO, 2, e_su_list,
	  "undo list 900 is not one task 3 brings" },
	{ "an undo entry missing", VZCPT_REC_SEMUNDO, 1, NULL,
	  "task 1 lacks 1 of its semaphore undo entries", true },
	{ "a shared undo list's entries brought again", VZCPT_REC_TASK, 1, e_su_more,
	  "which a task before it brought" },
	{ "an undo list with an address space's id", VZCPT_REC_TASK, 2, e_su_kind,
	  "undo list of task 3 is address space 1" },
	{ "a zombie with an undo list", VZCPT_REC_TASK, 2, e_su_zombie,
	  "zombie 3 has a semaphore undo list" },
	{ "a live task with an exit status", VZCPT_REC_TASK, 0, e_task_status, "alive but has an exit status" },
	{ "the init as a zombie", VZCPT_REC_TASK, 0, e_task_zinit, "zombie 1" },
	{ "unknown capability", VZCPT_REC_TASK, 0, e_task_capbit, "beyond CAP_LAST_CAP" },
	{ "effective not permitted", VZCPT_REC_TASK, 0, e_task_capeff, "not permitted" },
	{ "ambient not inheritable", VZCPT_REC_TASK, 0, e_task_capamb, "not permitted" },
	{ "unknown securebits", VZCPT_REC_TASK, 0, e_task_secbits, "securebits 0x100" },
	{ "dumpable out of range", VZCPT_REC_TASK, 0, e_task_dumpable, "dumpable" },
	{ "parent-death signal out of range", VZCPT_REC_TASK, 0, e_task_pdeath, "parent-death" },
	{ "task under another id", VZCPT_REC_TASK, 1, e_task_id, "id 77" },
	{ "first task not init", VZCPT_REC_TASK, 0, e_task_init, "init" },
	{ "short task record", VZCPT_REC_TASK, 0, e_task_short, "not 704" },
	{ "a seccomp program longer than its record", VZCPT_REC_SECCOMP, 0, e_sc_len,
	  "has 5 instructions in 48 bytes" },
	{ "a seccomp filter flag not carried", VZCPT_REC_SECCOMP, 0, e_sc_flags, "flags 0x2" },
	{ "a BPF instruction seccomp refuses (mod)", VZCPT_REC_SECCOMP, 0, e_sc_mod,
	  "(instruction 0, code 0x94)" },
	{ "a BPF jump past the program", VZCPT_REC_SECCOMP, 0, e_sc_jump, "(instruction 1, code 0x15)" },
	{ "a BPF ja past the program", VZCPT_REC_SECCOMP, 2, e_sc_ja, "(instruction 9, code 0x5)" },
	{ "a BPF program not ending in ret", VZCPT_REC_SECCOMP, 1, e_sc_noret, "(instruction 0, code 0)" },
	{ "a misaligned seccomp_data load", VZCPT_REC_SECCOMP, 0, e_sc_align,
	  "(instruction 0, code 0x20)" },
	{ "a load past seccomp_data", VZCPT_REC_SECCOMP, 0, e_sc_data, "(instruction 0, code 0x20)" },
	{ "a BPF scratch word out of range", VZCPT_REC_SECCOMP, 2, e_sc_mem, "(instruction 2, code 0x2)" },
	{ "a BPF division by 0", VZCPT_REC_SECCOMP, 2, e_sc_div0, "(instruction 5, code 0x34)" },
	{ "a seccomp filter above one the image lacks", VZCPT_REC_SECCOMP, 2, e_sc_noprev,
	  "above filter 999, which the image lacks" },
	{ "a seccomp chain broken", VZCPT_REC_SECCOMP, 1, e_sc_root, "is above filter 0, not 950" },
	{ "a task's last filter not its own", VZCPT_REC_SECCOMP, 1, e_sc_id,
	  "has seccomp filter 951 but brings 953 last" },
	{ "a seccomp filter missing", VZCPT_REC_SECCOMP, 1, NULL,
	  "task 1 lacks 1 of its seccomp filters", true },
	{ "an unknown seccomp mode", VZCPT_REC_TASK, 0, e_sc_mode, "seccomp mode 3" },
	{ "a thread without the chain its leader shares", VZCPT_REC_TASK, 1, e_sc_tsync,
	  "thread 2 has not seccomp filter 951, which its leader shares with it" },
	{ "a thread sharing its chain with threads", VZCPT_REC_TASK, 1, e_sc_tsthr,
	  "task 2 shares seccomp filters it does not have" },
	{ "a leader sharing a chain it has not", VZCPT_REC_TASK, 0, e_sc_tsoff,
	  "task 1 shares seccomp filters it does not have" },
	{ "strict mode with a filter", VZCPT_REC_TASK, 0, e_sc_strict, "seccomp mode 1 with filter 951" },
	{ "a shared filter brought again", VZCPT_REC_TASK, 1, e_sc_again,
	  "which a task before it brought" },
	{ "a seccomp filter no record brings", VZCPT_REC_TASK, 2, e_sc_unknown,
	  "filter 960, which no record brings" },
	{ "a seccomp filter with an address space's id", VZCPT_REC_TASK, 2, e_sc_kind,
	  "seccomp filter of task 3 is address space 1" },
	{ "a seccomp filter no task brings", VZCPT_REC_TASK, 2, e_sc_none,
	  "seccomp filter 952 is not one task 3 brings" },
	{ "a zombie in seccomp mode", VZCPT_REC_TASK, 2, e_sc_zombie, "zombie 3 has a seccomp mode" },
	{ "fewer tasks announced than present", VZCPT_REC_IMAGE, 0, e_img_2tasks, "more tasks than the 2" },
	{ "segment wider than 16 bits", VZCPT_REC_REGS, 0, e_regs_seg, "segment" },
	{ "registers reserved field", VZCPT_REC_REGS, 0, e_regs_res, "reserved" },
	{ "fs_base in the kernel", VZCPT_REC_REGS, 0, e_regs_fsb, "fs_base" },
	{ "registers of another task", VZCPT_REC_REGS, 0, e_regs_id, "task 1" },
	{ "xsave size beyond the record", VZCPT_REC_XSTATE, 0, e_xs_size, "xsave area" },
	{ "xsave area too small", VZCPT_REC_XSTATE, 0, e_xs_small, "minimum" },
	{ "xstate_bv beyond the mask", VZCPT_REC_XSTATE, 1, e_xs_bv, "beyond" },
	{ "compacted xsave", VZCPT_REC_XSTATE, 2, e_xs_comp, "compacted" },
	{ "exe_len overflow", VZCPT_REC_MM, 0, e_mm_exe, "executable path" },
	{ "brk below start_brk", VZCPT_REC_MM, 0, e_mm_brk, "range" },
	{ "stack in the kernel", VZCPT_REC_MM, 0, e_mm_kaddr, "outside user space" },
	{ "NUL inside the exe path", VZCPT_REC_MM, 1, e_mm_nul, "NUL" },
	{ "more mappings announced", VZCPT_REC_MM, 0, e_mm_vmas, "lacks 1 of its mappings" },
	{ "address space of another id", VZCPT_REC_MM, 1, e_mm_id, "address space 42 is not one task 3 brings" },
	{ "path_len beyond the record", VZCPT_REC_VMA, 0, e_vma_pathlen, "path is 5000" },
	{ "path_len 0xffffffff", VZCPT_REC_VMA, 0, e_vma_pathmax, "path is 4294967295" },
	{ "path longer than PATH_MAX", VZCPT_REC_VMA, 0, e_vma_longpath, "not 80 to 4175" },
	{ "relative path", VZCPT_REC_VMA, 0, e_vma_relpath, "absolute" },
	{ "empty mapping", VZCPT_REC_VMA, 1, e_vma_order, "empty" },
	{ "unaligned mapping", VZCPT_REC_VMA, 1, e_vma_align, "aligned" },
	{ "mapping above user space", VZCPT_REC_VMA, 3, e_vma_high, "outside user space" },
	{ "nr_pages beyond the mapping", VZCPT_REC_VMA, 1, e_vma_pages, "claims" },
	{ "unknown mapping kind", VZCPT_REC_VMA, 1, e_vma_kind, "kind 9" },
	{ "unknown protection", VZCPT_REC_VMA, 1, e_vma_prot, "protection" },
	{ "shared and private", VZCPT_REC_VMA, 1, e_vma_flags, "flags" },
	{ "mapping of another address space", VZCPT_REC_VMA, 1, e_vma_mm, "address space 9" },
	{ "memory object named by a vDSO mapping", VZCPT_REC_VMA, 2, e_vma_res, "names a memory object" },
	{ "shared anonymous memory mapped private", VZCPT_REC_VMA, 1, e_shm_private, "not mapped shared" },
	{ "shared anonymous memory of the anonymous kind", VZCPT_REC_VMA, 1, e_shm_anon, "not of the anonymous kind" },
	{ "shared anonymous memory of size 0", VZCPT_REC_VMA, 1, e_shm_size0, "bad size" },
	{ "shared anonymous memory of an unaligned size", VZCPT_REC_VMA, 1, e_shm_sizeun, "bad size" },
	{ "shared anonymous memory bigger than user space", VZCPT_REC_VMA, 1, e_shm_huge, "bad size" },
	{ "shared anonymous memory with id 0", VZCPT_REC_VMA, 1, e_shm_id0, "bad object id" },
	{ "shared anonymous memory with a mapping's id", VZCPT_REC_VMA, 1, e_shm_idvma, "id of a mapping" },
	{ "shared anonymous memory with pages past its end", VZCPT_REC_VMA, 1, e_shm_past, "past its end" },
	{ "shared anonymous memory shorter than its pages", VZCPT_REC_VMA, 1, e_shm_short, "outside their mapping" },
	{ "overlapping mappings", VZCPT_REC_VMA, 1, e_vma_overlap, "overlaps" },
	{ "missing mapping", VZCPT_REC_VMA, 3, NULL, "lacks 1 of its mappings", true },
	{ "mapping dropped, its pages left", VZCPT_REC_VMA, 4, NULL, "not for the mapping", true },
	{ "nr pages 0xffffffff", VZCPT_REC_PAGES, 2, e_pg_nr, "4294967295 pages" },
	{ "nr pages past 4 GiB", VZCPT_REC_PAGES, 2, e_pg_nr2, "1048578 pages" },
	{ "no pages", VZCPT_REC_PAGES, 2, e_pg_zero, "no pages" },
	{ "pages outside their mapping", VZCPT_REC_PAGES, 3, e_pg_out, "outside their mapping" },
	{ "pages wrapping around", VZCPT_REC_PAGES, 3, e_pg_wrap, "outside user space" },
	{ "pages of another mapping", VZCPT_REC_PAGES, 2, e_pg_id, "not for the mapping" },
	{ "missing pages", VZCPT_REC_PAGES, 3, NULL, "lacks 3 of its pages", true },
	{ "file path_len beyond the record", VZCPT_REC_FILE, 0, e_file_pathlen, "path is" },
	{ "unknown file kind", VZCPT_REC_FILE, 1, e_file_kind, "file kind" },
	{ "negative file position", VZCPT_REC_FILE, 1, e_file_pos, "negative" },
	{ "pipe with a regular mode", VZCPT_REC_FILE, 2, e_file_pipe, "pipe" },
	{ "device with a regular mode", VZCPT_REC_FILE, 0, e_file_mode, "character device" },
	{ "file owner of an unknown type", VZCPT_REC_FILE, 1, e_fown_type, "unknown type 3" },
	{ "file owner of a negative pid", VZCPT_REC_FILE, 1, e_fown_neg, "has pid -1" },
	{ "file owner past PID_MAX_LIMIT", VZCPT_REC_FILE, 2, e_fown_max, "has pid 4194304" },
	{ "file with no owner but its setter's ids", VZCPT_REC_FILE, 1, e_fown_ids, "no owner has its setter's ids" },
	{ "file owner set by uid -1", VZCPT_REC_FILE, 1, e_fown_noid, "set by user id -1" },
	{ "file signalling with signal 65", VZCPT_REC_FILE, 1, e_fown_sig, "signal 65" },
	{ "file owner reserved field", VZCPT_REC_FILE, 1, e_fown_res, "second reserved" },
	{ "fd close-on-exec 2", VZCPT_REC_FD, 0, e_fd_cloexec, "close-on-exec" },
	{ "fd above NR_OPEN", VZCPT_REC_FD, 0, e_fd_big, "limit" },
	{ "fd of another table", VZCPT_REC_FD, 1, e_fd_table, "of table 3 among those of 2" },
	{ "pipe len beyond the record", VZCPT_REC_PIPE, 0, e_pipe_len, "pipe holds 70000" },
	{ "unix socket of type SOCK_RAW", VZCPT_REC_UNIX, 0, e_ux_type, "unix socket type 3" },
	{ "unix socket in state 9", VZCPT_REC_UNIX, 1, e_ux_state, "unix socket state 9" },
	{ "unix socket shutdown 4", VZCPT_REC_UNIX, 0, e_ux_shut, "shutdown 0x4" },
	{ "unix socket peek offset -2", VZCPT_REC_UNIX, 0, e_ux_peek, "peek offset -2" },
	{ "unix socket flags 0x10", VZCPT_REC_UNIX, 2, e_ux_res, "unix socket flags 0x10" },
	{ "unix socket with a relative name", VZCPT_REC_UNIX, 0, e_ux_name, "neither an absolute path" },
	{ "unix name with a NUL inside", VZCPT_REC_UNIX, 4, e_ub_nul, "neither an absolute path" },
	{ "unix name's padding not zero", VZCPT_REC_UNIX, 4, e_ub_pad, "neither an absolute path" },
	{ "unix name of 109 bytes", VZCPT_REC_UNIX, 4, e_ub_long, "name is 109 bytes" },
	{ "unix socket file mode 010620", VZCPT_REC_UNIX, 4, e_ub_mode, "socket file's mode" },
	{ "unix socket file owner -1", VZCPT_REC_UNIX, 4, e_ub_uid, "socket file's mode" },
	{ "unix abstract name with a file mode", VZCPT_REC_UNIX, 5, e_ub_absmode, "socket file's mode" },
	{ "unix unnamed sender with a sender id", VZCPT_REC_UNIX, 4, e_ub_sender, "message 1 has sender 5" },
	{ "unix sender's name beyond its message", VZCPT_REC_UNIX, 4, e_ub_sname, "sender name" },
	{ "unix one-way peer coming after", VZCPT_REC_UNIX, 5, e_ub_after, "names socket 105, which is itself or comes after" },
	{ "unix stream connected one way", VZCPT_REC_UNIX, 5, e_ub_stream, "type 1 is connected one way" },
	{ "unix one-way client with half its peer credentials", VZCPT_REC_UNIX, 5, e_ub_cred, "peer credentials are pid 1 uid 4294967295 gid 0" },
	{ "unix unconnected stream socket with peer credentials", VZCPT_REC_UNIX, 5, e_ub_cstream, "type 1 with no pair has SO_PEERCRED" },
	{ "unix abstract name with its file unlinked", VZCPT_REC_UNIX, 5, e_ub_unlinked, "no filesystem name has its file unlinked" },
	{ "unix unnamed socket with its file unlinked", VZCPT_REC_UNIX, 1, e_ub_unlinked, "no filesystem name has its file unlinked" },
	{ "unix datagram listener", VZCPT_REC_UNIX, 6, e_ul_dgram, "listening unix socket of type 2" },
	{ "unix listener with a peer", VZCPT_REC_UNIX, 6, e_ul_peer, "peer 101" },
	{ "unix listener with no name", VZCPT_REC_UNIX, 6, e_ul_noname, "name of 0 bytes" },
	{ "unix listener's backlog beyond INT_MAX", VZCPT_REC_UNIX, 6, e_ul_backlog, "backlog 2147483648" },
	{ "unix listener with no peer credentials", VZCPT_REC_UNIX, 6, e_ul_nocred, "peer credentials" },
	{ "unix listener with a queue", VZCPT_REC_UNIX, 6, e_ul_queue, "listening unix socket has a queue" },
	{ "unix listener with connect()'s credentials", VZCPT_REC_UNIX, 6, e_ul_conn, "has connect()'s credentials" },
	{ "unix client not accepted waiting on a non-listener", VZCPT_REC_UNIX, 7, e_uq_other, "waits on listener 101, which is not the one right before it" },
	{ "unix datagram client not accepted", VZCPT_REC_UNIX, 7, e_uq_dgram, "type 2 not accepted yet" },
	{ "unix client not accepted of another type than its listener", VZCPT_REC_UNIX, 6, e_uq_stream, "of type 5 waits on listener 105" },
	{ "unix client not accepted made by pid 0", VZCPT_REC_UNIX, 7, e_uq_pid0, "made by pid 0" },
	{ "unix client not accepted made by uid -1", VZCPT_REC_UNIX, 7, e_uq_uid, "uid 4294967295" },
	{ "unix client not accepted with a message from another", VZCPT_REC_UNIX, 7, e_uq_sender, "message 0 has sender 105" },
	{ "unix accepted datagram socket", VZCPT_REC_UNIX, 8, e_ua_dgram, "accepted unix socket of type 2" },
	{ "unix accepted socket with its file unlinked", VZCPT_REC_UNIX, 8, e_ua_unlinked, "accepted unix socket of type 5" },
	{ "unix accepted socket with a file owner", VZCPT_REC_UNIX, 8, e_ua_mode, "socket file's mode" },
	{ "unix accepted listener", VZCPT_REC_UNIX, 6, e_ua_both, "accepted unix socket of type 5, state 4" },
	{ "unix accepted socket with no name", VZCPT_REC_UNIX, 9, e_ua_both, "state 2, name of 0 bytes" },
	{ "unix accepted socket with connect()'s credentials", VZCPT_REC_UNIX, 8, e_ua_conn, "has connect()'s credentials" },
	{ "unix pair with a backlog", VZCPT_REC_UNIX, 0, e_ux_backlog, "not listening has backlog 5" },
	{ "unix one-way client with a backlog", VZCPT_REC_UNIX, 5, e_ux_backlog, "not listening has backlog 5" },
	{ "unix pair with peer 0", VZCPT_REC_UNIX, 0, e_ux_peer0, "names peer 0" },
	{ "unix pair with itself", VZCPT_REC_UNIX, 0, e_ux_self, "itself or came before" },
	{ "unix pair whose second is another", VZCPT_REC_UNIX, 0, e_ux_other0, "(of peer 70) is not the peer 99 of socket 70" },
	{ "unix pair's second dropped", VZCPT_REC_UNIX, 1, NULL, "a socket filter record where the peer 71 of unix socket 70 was due", true },
	{ "unix pair's second missing", VZCPT_REC_UNIX, 3, NULL, "a file record where the peer 73 of unix socket 72 was due", true },
	{ "unix pair's second naming a third", VZCPT_REC_UNIX, 3, e_ux_other, "(of peer 99) is not the peer 73 of socket 72" },
	{ "unix peer uid -1", VZCPT_REC_UNIX, 1, e_ux_uid, "peer credentials" },
	{ "unix peer pid -5", VZCPT_REC_UNIX, 0, e_ux_pid, "peer credentials" },
	{ "unix queue beyond the record", VZCPT_REC_UNIX, 0, e_ux_qlen, "where its fields say" },
	{ "unix message with 254 files", VZCPT_REC_UNIX, 16, e_uf_many, "unix message 0 carries 254 files" },
	{ "unix message files past the record's count", VZCPT_REC_UNIX, 16, e_uf_count, "unix message 1 carries 1 files" },
	{ "unix files in no message", VZCPT_REC_UNIX, 16, e_uf_total, "0 files where 2 and 1" },
	{ "unix file in flight of id 0", VZCPT_REC_UNIX, 16, e_uf_id0, "file in flight 0 has id 0" },
	{ "unix own file of another socket", VZCPT_REC_UNIX, 20, e_uo_other,
	  "unix socket 190 has in flight the own file of socket 101, which is neither it nor its pair's other one, or is closed" },
	{ "unix own file of socket 0", VZCPT_REC_UNIX, 20, e_uo_zero, "file in flight 0 has id 9223372036854775808" },
	{ "unix own file of a closed peer", VZCPT_REC_UNIX, 21, e_uo_closed,
	  "unix socket 191 is closed, yet its own file is in flight in the queue of 190" },
	{ "unix file in flight after its socket", VZCPT_REC_UNIX, 16, e_uf_after, "file 147 in flight, which is none yet" },
	{ "unix file in flight that is a socket", VZCPT_REC_UNIX, 16, e_uf_notfile, "file 142 in flight, which is none yet" },
	{ "unix message from uid -1", VZCPT_REC_UNIX, 16, e_uf_uid, "credentials pid 1 uid 4294967295" },
	{ "unix message from gid -1", VZCPT_REC_UNIX, 16, e_uf_gid, "gid 4294967295" },
	{ "unix message from pid -1", VZCPT_REC_UNIX, 16, e_uf_pid, "credentials pid -1" },
	{ "unix message from a pid past PID_MAX_LIMIT", VZCPT_REC_UNIX, 16, e_uf_bigpid, "credentials pid 4194304" },
	{ "unix socket's reserved field", VZCPT_REC_UNIX, 16, e_uf_res, "reserved field" },
	{ "unix stream run of no bytes", VZCPT_REC_UNIX, 18, e_uf_empty, "stream run 1 has no bytes" },
	{ "unix stream holding its own file", VZCPT_REC_UNIX, 18, e_uf_self, "file 148 in flight, which is none yet" },
	{ "unix stream bytes in no run", VZCPT_REC_UNIX, 0, e_ux_smsgs, "hold 0 bytes and 0 files where 2 and 0" },
	{ "unix messages not adding up", VZCPT_REC_UNIX, 2, e_ux_msglen, "hold 2 bytes and 0 files where 3" },
	{ "unix message from another sender", VZCPT_REC_UNIX, 2, e_ux_sender, "sender 70" },
	{ "unconnected unix socket with a queue", VZCPT_REC_UNIX, 2, e_ux_unconn, "message 0 has sender 73" },
	{ "closed unix socket accepted", VZCPT_REC_UNIX, 11, e_uc_accepted, "closed unix socket of state 2, flags 0xe" },
	{ "closed unix socket with one shutdown", VZCPT_REC_UNIX, 11, e_uc_shut, "shutdown 0x1" },
	{ "closed unix socket with SO_PEERCRED", VZCPT_REC_UNIX, 11, e_uc_cred, "closed unix socket has SO_PEERCRED" },
	{ "closed unix socket with SO_PASSCRED", VZCPT_REC_UNIX, 11, e_uc_opt, "options 0x" },
	{ "closed unix socket with a peek offset", VZCPT_REC_UNIX, 11, e_uc_peek, "peek offset 0" },
	{ "closed unix socket unconnected", VZCPT_REC_UNIX, 13, e_uc_unconn, "closed unix socket of state 1" },
	{ "closed unix datagram socket with no shutdown", VZCPT_REC_UNIX, 12, e_uc_both, "shutdown 0, peek" },
	{ "closed unix pair's socket with a queue", VZCPT_REC_UNIX, 13, e_uc_queue, "1 bytes queued" },
	{ "unix pair both closed", VZCPT_REC_UNIX, 10, e_uc_both, "or both closed" },
	{ "unix data unread on a live socket", VZCPT_REC_UNIX, 10, e_uc_reset, "flags 0x8 was closed with data unread" },
	{ "unix datagram closed with data unread", VZCPT_REC_UNIX, 13, e_uc_reset, "type 2, state 2, flags 0xc was closed" },
	{ "unix survivor of a closed stream peer with one shutdown", VZCPT_REC_UNIX, 10, e_uc_shut, "whose peer was closed, has shutdown 0x1" },
	{ "unix live datagram pair without SO_PEERCRED", VZCPT_REC_UNIX, 2, e_uc_nocred, "no SO_PEERCRED but a live peer" },
	{ "closed unix socket with a file owner", VZCPT_REC_UNIX, 13, e_uc_mode, "socket file's mode" },
	{ "closed unix client not accepted made by pid -1", VZCPT_REC_UNIX, 15, e_uc_pid, "made by pid -1" },
	{ "closed unix client not accepted with SO_PEERCRED", VZCPT_REC_UNIX, 15, e_uc_cred, "closed unix socket has SO_PEERCRED" },
	{ "file of a closed unix socket", VZCPT_REC_FILE, 21, e_uc_file, "socket 131, which is none or has a file" },
	{ "pipe of no capacity", VZCPT_REC_PIPE, 0, e_pipe_over, "capacity" },
	{ "handler for SIGKILL", VZCPT_REC_SIGHAND, 0, e_sh_kill, "signal 9" },
	{ "handler in the kernel", VZCPT_REC_SIGHAND, 0, e_sh_kaddr, "outside user space" },
	{ "2^32 pending signals", VZCPT_REC_SIGNALS, 0, e_sig_nr, "4294967296 pending" },
	{ "pending SIGKILL", VZCPT_REC_SIGNALS, 0, e_sig_signo, "number 9" },
	{ "unknown scheduling policy", VZCPT_REC_TASKX, 0, e_tx_policy, "policy 6" },
	{ "real-time priority 100", VZCPT_REC_TASKX, 1, e_tx_prio, "priority 100" },
	{ "nice 20", VZCPT_REC_TASKX, 0, e_tx_nice, "nice value 20" },
	{ "affinity to no CPU", VZCPT_REC_TASKX, 0, e_tx_cpus, "empty" },
	{ "signal stack past user space", VZCPT_REC_TASKX, 2, e_tx_ss, "signal stack" },
	{ "saved mask with nothing to restore it", VZCPT_REC_TASKX, 0, e_tx_mask, "saved signal mask" },
	{ "oom_score_adj -1001", VZCPT_REC_TASKX, 0, e_tx_oom, "oom_score_adj -1001" },
	{ "task state reserved field", VZCPT_REC_TASKX, 1, e_tx_res, "reserved" },
	{ "I/O priority level in class none", VZCPT_REC_TASKX, 0, e_tx_ionone, "I/O priority" },
	{ "I/O priority class 4", VZCPT_REC_TASKX, 0, e_tx_ioclass, "I/O priority" },
	{ "I/O priority level 8", VZCPT_REC_TASKX, 1, e_tx_iolevel, "I/O priority" },
	{ "robust futex list in the kernel", VZCPT_REC_TASKX, 0, e_tx_robust, "robust futex" },
	{ "stopped by SIGKILL", VZCPT_REC_TASKX, 0, e_tx_stopsig, "stop signal 9 for a task stopped" },
	{ "a stop signal for a running task", VZCPT_REC_TASKX, 0, e_tx_nostop, "stop signal 19 for a task that is not stopped" },
	{ "a stop to report, not stopped", VZCPT_REC_TASKX, 0, e_tx_unrep, "a stop to report" },
	{ "stopped and continued", VZCPT_REC_TASKX, 0, e_tx_stopcont, "both stopped and continued" },
	{ "cwd_len + root_len wrapping 32 bits", VZCPT_REC_FS, 0, e_fs_wrap, "4294967302" },
	{ "umask beyond 0777", VZCPT_REC_FS, 0, e_fs_umask, "umask" },
	{ "end record counts wrong", VZCPT_REC_END, 0, e_end_nr, "counts" },
	{ "end record bytes wrong", VZCPT_REC_END, 0, e_end_bytes, "counts" },
	{ "a capability beyond CAP_LAST_CAP", VZCPT_REC_TASK, 0, e_cap_bset, "beyond CAP_LAST_CAP" },
	{ "effective but not permitted", VZCPT_REC_TASK, 0, e_cap_eff, "not permitted" },
	{ "ambient but not inheritable", VZCPT_REC_TASK, 0, e_cap_amb, "ambient" },
	{ "unknown securebits", VZCPT_REC_TASK, 0, e_securebits, "securebits 0x100" },
	{ "RLIMIT_NOFILE above any fs.nr_open", VZCPT_REC_TASK, 0, e_nofile, "fs.nr_open" },
	{ "more data than RLIMIT_DATA", VZCPT_REC_TASK, 0, e_rlim_data, "RLIMIT_DATA" },
	{ "a pid twice", VZCPT_REC_TASK, 2, e_task_twice, "task 2 comes twice" },
	{ "an mm id naming an fd table", VZCPT_REC_TASK, 2, e_mm_kind, "is fd table 2" },
	{ "SA_IMMUTABLE in an image", VZCPT_REC_SIGHAND, 0, e_sa_flags, "unknown flags 0x800000" },
	{ "flags for SIGKILL", VZCPT_REC_SIGHAND, 0, e_sa_kill, "signal 9 cannot have an action" },
	{ "restorer in the kernel", VZCPT_REC_SIGHAND, 0, e_sa_restorer, "restorer of signal 17" },
	{ "auxv without AT_NULL in the kernel's 48 words", VZCPT_REC_MM, 0, e_auxv_full, "no AT_NULL" },
	{ "auxv words after AT_NULL", VZCPT_REC_MM, 0, e_auxv_after, "after its AT_NULL" },
	{ "no code (start_code == end_code)", VZCPT_REC_MM, 0, e_code_empty, "ends before it starts" },
	{ "layout at TASK_SIZE", VZCPT_REC_MM, 0, e_layout_top, "outside user space" },
	{ "monotonic clock past KTIME_SEC_MAX / 2", VZCPT_REC_IMAGE, 0, e_timens, "time namespace" },
	{ "a mapped file's path with ..", VZCPT_REC_VMA, 0, e_vma_dotdot, "\"..\" component" },
	{ "a relative cwd", VZCPT_REC_FS, 0, e_fs_relative, "not absolute" },
	{ "unknown open flags", VZCPT_REC_FILE, 0, e_file_flags, "unknown file flags" },
	{ "fds out of order", VZCPT_REC_FD, 1, e_fd_order, "fd 0 comes after fd 0" },
	{ "an fd naming a mapping", VZCPT_REC_FD, 0, e_fd_vma, "names file 5, which is none" },
	{ "a pipe end naming a file", VZCPT_REC_FILE, 2, e_pipe_of_file, "pipe 23, which is none" },
	{ "pages for a shared file mapping", VZCPT_REC_VMA, 0, e_vma_shared_pages, "carries pages" },
	{ "pages given twice", VZCPT_REC_PAGES, 3, e_pages_dup, "out of order" },
	{ "pages past their mapping", VZCPT_REC_PAGES, 2, e_pages_out, "outside their mapping" },
	{ "a semaphore above SEMVMX", VZCPT_REC_SEM, 0, e_sem_val, "value 32768 above 32767" },
	{ "a semaphore set's creator -1", VZCPT_REC_SEM, 0, e_sem_uid, "creator id -1" },
	{ "a semaphore set's mode 01640", VZCPT_REC_SEM, 0, e_sem_mode, "mode 01640" },
	{ "two semaphore sets with one id", VZCPT_REC_SEM, 1, e_sem_id, "two semaphore sets have id 0" },
	{ "two semaphore sets with one key", VZCPT_REC_SEM, 1, e_sem_key, "have key 0x5e01" },
	{ "a semaphore set with a negative id", VZCPT_REC_SEM, 0, e_sem_negid, "has id -5" },
	{ "more semaphores than the record holds", VZCPT_REC_SEM, 0, e_sem_nsems, "4 semaphores in 46 bytes" },
	{ "a semaphore set's reserved field", VZCPT_REC_SEM, 1, e_sem_res, "reserved" },
	{ "a set above semmsl", VZCPT_REC_IPCNS, 0, e_semmsl, "exceeds semmsl 2" },
	{ "sets above semmns", VZCPT_REC_IPCNS, 0, e_semmns, "semmns 3" },
	{ "more sets than semmni", VZCPT_REC_IPCNS, 0, e_semmni, "exceed semmni 1" },
	{ "msgmni above IPCMNI", VZCPT_REC_IPCNS, 0, e_msgmni, "msgmni 40000" },
	{ "more segments than shmmni", VZCPT_REC_IPCNS, 0, e_shmmni, "1 shared memory segments exceed shmmni 0" },
	{ "a segment above shmmax", VZCPT_REC_IPCNS, 0, e_shmmax, "65538 of 12298 bytes exceeds shmmax 100" },
	{ "segments above shmall", VZCPT_REC_IPCNS, 0, e_shmall, "or shmall 3" },
	{ "a segment of 0 bytes", VZCPT_REC_SHM, 0, e_seg_size0, "segment 65538 has 0 bytes" },
	{ "a segment of 2^60 bytes", VZCPT_REC_SHM, 0, e_seg_huge, "has 1152921504606846976 bytes" },
	{ "segment flags unknown", VZCPT_REC_SHM, 0, e_shm_flags, "has flags 0x9" },
	{ "a segment's mode with SHM_DEST", VZCPT_REC_SHM, 0, e_shm_mode, "segment 65538 has mode 01600" },
	{ "a segment of id -1", VZCPT_REC_SHM, 0, e_shm_id, "segment has id -1" },
	{ "a segment made by uid -1", VZCPT_REC_SHM, 0, e_shm_owner, "creator id -1" },
	{ "a segment's reserved field", VZCPT_REC_SHM, 0, e_shm_res, "reserved" },
	{ "a removed segment with its key", VZCPT_REC_SHM, 0, e_shm_dest_key, "has key 0x5301 and 1 mappings" },
	{ "a removed segment nobody attached", VZCPT_REC_SHM, 0, e_shm_dest_unatt, "has key 0 and 0 mappings" },
	{ "a segment with more pages than it spans", VZCPT_REC_SHM, 0, e_shm_pages_over, "has 5 pages, past its end" },
	{ "a segment with more pages than announced", VZCPT_REC_SHM, 0, e_shm_pages_less, "more pages than it announced" },
	{ "a segment's page past its end", VZCPT_REC_PAGES, 1, e_shm_pg_past, "outside their mapping" },
	{ "a segment's pages with another id", VZCPT_REC_PAGES, 1, e_shm_pg_id, "it has id 6" },
	{ "a segment's pages missing", VZCPT_REC_PAGES, 1, NULL, "mapping 0 lacks 1 of its pages", true },
	{ "a segment missing", VZCPT_REC_SHM, 0, NULL, "lacks 0 semaphore sets, 0 queues, 0 messages, 1 shared", true },
	{ "a segment attached less than it counts", VZCPT_REC_SHM, 0, e_shm_nattch2, "1 mappings of shared memory segments are missing" },
	{ "a segment attached more than it counts", VZCPT_REC_SHM, 0, e_shm_nattch0, "more mappings than it counts" },
	{ "a mapping of no segment", VZCPT_REC_VMA, 6, e_sysv_seg, "names no segment (5)" },
	{ "a mapping giving a segment another size", VZCPT_REC_VMA, 6, e_sysv_size, "gives segment 65538 another size" },
	{ "a segment mapped in part", VZCPT_REC_VMA, 6, e_sysv_part, "not what shmat() makes of segment 65538" },
	{ "a segment mapped from page 1", VZCPT_REC_VMA, 6, e_sysv_pgoff, "not what shmat() makes" },
	{ "a segment mapped private", VZCPT_REC_VMA, 6, e_sysv_private, "not what shmat() makes" },
	{ "a segment's mapping with pages", VZCPT_REC_VMA, 6, e_sysv_pages, "a shared or special mapping carries pages" },
	{ "a segment id above INT_MAX", VZCPT_REC_VMA, 6, e_sysv_bigid, "segment 4294967296" },
	{ "shm_rmid_forced 2", VZCPT_REC_IPCNS, 0, e_rmid, "shm_rmid_forced is 2" },
	{ "IPC namespace reserved field", VZCPT_REC_IPCNS, 0, e_ipcns_res, "reserved" },
	{ "IPC namespace with an id", VZCPT_REC_IPCNS, 0, e_ipcns_id, "has id 3" },
	{ "no IPC namespace before its objects", VZCPT_REC_IPCNS, 0, NULL, "beyond the namespace's count", true },
	{ "a semaphore set missing", VZCPT_REC_SEM, 1, NULL, "out of its place", true },
	{ "a message of type 0", VZCPT_REC_MSG, 0, e_msg_type, "type 0" },
	{ "a message longer than its record", VZCPT_REC_MSG, 0, e_msg_len, "of 6 bytes has 5" },
	{ "a message above msgmax", VZCPT_REC_IPCNS, 0, e_msgmax, "exceeds msgmax 4" },
	{ "messages above the queue's limit", VZCPT_REC_MSQ, 0, e_msq_room, "queue 32768 can hold" },
	{ "more messages than the queue's limit", VZCPT_REC_MSQ, 0, e_msq_many, "holds 2 messages" },
	{ "a message missing", VZCPT_REC_MSQ, 0, e_msq_more, "a shared memory segment out of its place" },
	{ "a POSIX queue name with '/'", VZCPT_REC_MQ, 1, e_mq_slash, "has a NUL or a '/'" },
	{ "a POSIX queue name with a NUL", VZCPT_REC_MQ, 1, e_mq_nul, "has a NUL or a '/'" },
	{ "a POSIX queue named .", VZCPT_REC_MQ, 0, e_mq_dot, "is \".\" or \"..\"" },
	{ "a POSIX queue named ..", VZCPT_REC_MQ, 0, e_mq_dotdot, "is \".\" or \"..\"" },
	{ "a POSIX queue name above NAME_MAX", VZCPT_REC_MQ, 0, e_mq_long, "not 73 to 327" },
	{ "a POSIX queue name shorter than its record", VZCPT_REC_MQ, 0, e_mq_namelen, "name is 3 bytes" },
	{ "a POSIX queue with a file type in its mode", VZCPT_REC_MQ, 1, e_mq_mode, "has mode 0100640" },
	{ "a POSIX queue of uid -1", VZCPT_REC_MQ, 1, e_mq_uid, "owner id -1" },
	{ "a POSIX queue of mq_maxmsg 0", VZCPT_REC_MQ, 1, e_mq_maxmsg0, "mq_maxmsg 0" },
	{ "a POSIX queue of mq_msgsize 0", VZCPT_REC_MQ, 2, e_mq_msgsize0, "mq_msgsize 0" },
	{ "a POSIX queue above HARD_MSGMAX", VZCPT_REC_MQ, 2, e_mq_hard, "mq_maxmsg 65537" },
	{ "a POSIX queue above HARD_MSGSIZEMAX", VZCPT_REC_MQ, 2, e_mq_hardsize, "mq_msgsize 16777217" },
	{ "a POSIX queue holding more than mq_maxmsg", VZCPT_REC_MQ, 1, e_mq_count, "holds 5 messages, over its 4" },
	{ "a POSIX message missing", VZCPT_REC_MQ, 1, e_mq_short, "a POSIX message queue out of its place" },
	{ "a POSIX message its queue does not count", VZCPT_REC_MQ, 1, e_mq_extra, "its queue does not count" },
	{ "a POSIX message above mq_msgsize", VZCPT_REC_MQ, 1, e_mq_size, "exceeds mq_msgsize 5" },
	{ "a POSIX queue with unknown flags", VZCPT_REC_MQ, 2, e_mq_flags, "flags 0x2" },
	{ "POSIX queue reserved field", VZCPT_REC_MQ, 2, e_mq_res, "reserved" },
	{ "an unlinked POSIX queue after a linked one", VZCPT_REC_MQ, 2, e_mq_unlinked, "follows a linked one" },
	{ "a POSIX queue notification of signal 65", VZCPT_REC_MQ, 1, e_mq_sig, "is signal 65" },
	{ "a POSIX queue notification of kind 3", VZCPT_REC_MQ, 1, e_mq_kind, "notification kind 3" },
	{ "a POSIX queue notification of a thread", VZCPT_REC_MQ, 1, e_mq_thread, "name a process the image lacks" },
	{ "a POSIX queue notification of no task", VZCPT_REC_MQ, 1, e_mq_nopid, "name a process the image lacks" },
	{ "a POSIX queue notification of pid 0", VZCPT_REC_MQ, 2, e_mq_pid0, "registered by pid 0" },
	{ "a SIGEV_NONE notification with a value", VZCPT_REC_MQ, 2, e_mq_noneval, "has a signal or value" },
	{ "no notification but its process", VZCPT_REC_MQ, 0, e_mq_offpid, "no notification but" },
	{ "two POSIX queues of one id", VZCPT_REC_MQ, 1, e_mq_id, "has the id of a POSIX message queue" },
	{ "a POSIX message of priority MQ_PRIO_MAX", VZCPT_REC_MQ_MSG, 0, e_mqm_prio, "priority 32768" },
	{ "POSIX messages out of priority order", VZCPT_REC_MQ_MSG, 3, e_mqm_order, "comes after one of priority 5" },
	{ "a POSIX message longer than its record", VZCPT_REC_MQ_MSG, 0, e_mqm_len, "of 4 bytes has 3" },
	{ "a POSIX message of another queue", VZCPT_REC_MQ_MSG, 1, e_mqm_id, "queue 302 its queue does not count" },
	{ "fs.mqueue.msg_max 0", VZCPT_REC_MQNS, 0, e_mqns_msgmax, "msg_max 0" },
	{ "fs.mqueue.msg_default above HARD_MSGMAX", VZCPT_REC_MQNS, 0, e_mqns_msgdef, "msg_default 65537" },
	{ "fs.mqueue.msgsize_max below its minimum", VZCPT_REC_MQNS, 0, e_mqns_sizemax, "msgsize_max 127" },
	{ "fs.mqueue.msgsize_default above HARD_MSGSIZEMAX", VZCPT_REC_MQNS, 0, e_mqns_sizedef, "msgsize_default 16777217" },
	{ "POSIX queue limits reserved field", VZCPT_REC_MQNS, 0, e_mqns_res, "reserved" },
	{ "POSIX queue limits with an id", VZCPT_REC_MQNS, 0, e_mqns_id, "has id 5" },
	{ "a POSIX queue missing", VZCPT_REC_MQNS, 0, e_mqns_more, "lacks 1 POSIX message queues" },
	{ "POSIX queues without their limits", VZCPT_REC_MQNS, 0, NULL, "a POSIX message queue out of its place", true },
	{ "an open POSIX queue of a pipe", VZCPT_REC_FILE, 29, e_mqf_queue, "opens POSIX message queue 23, which is none" },
	{ "an open POSIX queue with O_DIRECT", VZCPT_REC_FILE, 29, e_mqf_flags, "an open POSIX message queue has flags" },
	{ "an open POSIX queue of a FIFO's mode", VZCPT_REC_FILE, 29, e_mqf_mode, "open POSIX message queue has mode 010640" },
	{ "a deleted file above the cap", VZCPT_REC_GHOST, 0, e_gh_big, "above the limit 67108864" },
	{ "a deleted device", VZCPT_REC_GHOST, 0, e_gh_mode, "deleted file has mode 020640" },
	{ "a deleted file of uid -1", VZCPT_REC_GHOST, 0, e_gh_owner, "owner 4294967295" },
	{ "deleted file reserved field", VZCPT_REC_GHOST, 0, e_gh_res, "reserved" },
	{ "a deleted file with more data than announced", VZCPT_REC_GHOST, 0, e_gh_more, "more data than it announced" },
	{ "a deleted file with more data than its size", VZCPT_REC_GHOST, 0, e_gh_dataover, "carries 1099511627776" },
	{ "a deleted file's path with ..", VZCPT_REC_GHOST, 0, e_gh_dotdot, "\"..\" component" },
	{ "deleted file flags unknown", VZCPT_REC_GHOST, 0, e_gh_flags, "unknown flags 0x2" },
	{ "a deleted file with seals", VZCPT_REC_GHOST, 0, e_gh_fseals, "no memfd has seals 0x1" },
	{ "a memfd with unknown seals", VZCPT_REC_GHOST, 0, e_gh_mseals, "unknown seals 0x20" },
	{ "a memfd name with a NUL", VZCPT_REC_GHOST, 0, e_gh_mname, "holds a NUL" },
	{ "a mount of unknown kind", VZCPT_REC_MOUNT, 0, e_mn_kind, "unknown kind 5" },
	{ "a mount with unknown flags", VZCPT_REC_MOUNT, 1, e_mn_flags, "a mount has flags 0x100" },
	{ "a mount both noatime and relatime", VZCPT_REC_MOUNT, 0, e_mn_atime, "a mount has flags 0x50" },
	{ "a mount on a socket", VZCPT_REC_MOUNT, 1, e_mn_mpsock, "on a node of mode 0140755" },
	{ "a tmpfs mounted on a file", VZCPT_REC_MOUNT, 0, e_mn_mpfile, "on a node of mode 0100644" },
	{ "a mount on a node of uid -1", VZCPT_REC_MOUNT, 1, e_mn_mpuid, "owned by 4294967295:0" },
	{ "a tmpfs with proc's subset=", VZCPT_REC_MOUNT, 0, e_mn_res, "hidepid 0, subset 1" },
	{ "a proc with hidepid=3", VZCPT_REC_MOUNT, 1, e_mn_prochide, "kind 4 has options it cannot have" },
	{ "a proc with gid -1", VZCPT_REC_MOUNT, 1, e_mn_procgid, "kind 4 has options it cannot have" },
	{ "an mqueue with a gid", VZCPT_REC_MOUNT, 1, e_mn_mqgid, "kind 3 has options it cannot have" },
	{ "a proc mounted on a file", VZCPT_REC_MOUNT, 1, e_mn_procfile, "on a node of mode 0100644" },
	{ "a tmpfs with huge=5th mode", VZCPT_REC_MOUNT, 0, e_mn_huge, "huge 4" },
	{ "a tmpfs of 2^63 blocks", VZCPT_REC_MOUNT, 0, e_mn_blocks, "9223372036854775808 blocks" },
	{ "a tmpfs with a file type in mode=", VZCPT_REC_MOUNT, 0, e_mn_mode, "mode 010777" },
	{ "a tmpfs with unknown superblock flags", VZCPT_REC_MOUNT, 0, e_mn_sbflags, "flags 0x10" },
	{ "a tmpfs whose root is a file", VZCPT_REC_MOUNT, 0, e_mn_rootfile, "a root of mode 0100755" },
	{ "a tmpfs whose root has gid -1", VZCPT_REC_MOUNT, 0, e_mn_rootuid, "owned by 0:4294967295" },
	{ "a tmpfs with no device name", VZCPT_REC_MOUNT, 0, e_mn_nodev, "device name of 0 bytes" },
	{ "a tmpfs device name with a NUL", VZCPT_REC_MOUNT, 0, e_mn_devnul, "device name of 5 bytes" },
	{ "a bind mount with a tmpfs's options", VZCPT_REC_MOUNT, 1, e_mn_bindopt, "a mount of kind 2 has options it cannot have" },
	{ "a mount point with ..", VZCPT_REC_MOUNT, 0, e_mn_dotdot, "mount point's path has an empty" },
	{ "a bind source with .", VZCPT_REC_MOUNT, 1, e_mn_srcdot, "source's path has an empty" },
	{ "a mount point ending in /", VZCPT_REC_MOUNT, 1, e_mn_trail, "component: mnt/b/" },
	{ "a mount's lengths not its record's", VZCPT_REC_MOUNT, 1, e_mn_lens, "are not the 8 the record carries" },
	{ "a mount out of order", VZCPT_REC_MOUNT, 1, e_mn_id, "mount 3 comes after 1" },
	{ "a mount point above PATH_MAX with its /", VZCPT_REC_MOUNT, 0, e_mn_long, "paths of 4095 and 0 bytes are too long" },
	{ "a tmpfs node outside its mount", VZCPT_REC_TMPFS, 5, e_mn_outside, "mnt/x/f is not under the tmpfs mount before it" },
	{ "a tmpfs node beside its mount's path", VZCPT_REC_TMPFS, 5, e_mn_prefix, "mnt/tf is not under the tmpfs mount before it" },
	{ "a /dev node after a mount", VZCPT_REC_TMPFS, 5, e_mn_devnode, "dev/x/f is not under the tmpfs mount before it" },
	{ "an absolute /dev node path", VZCPT_REC_TMPFS, 3, e_tf_abs, "has an empty, \".\", \"..\" or too long component: /dev/xconsol" },
	{ "a node outside /dev", VZCPT_REC_TMPFS, 3, e_tf_etc, "path etc/xconsole is not under dev/" },
	{ "a /dev node path with ..", VZCPT_REC_TMPFS, 3, e_tf_dotdot, "component: dev/../passw" },
	{ "a /dev node path with .", VZCPT_REC_TMPFS, 3, e_tf_dot, "component: dev/./consol" },
	{ "a /dev node path with //", VZCPT_REC_TMPFS, 3, e_tf_empty, "component: dev//console" },
	{ "a /dev node path ending in /", VZCPT_REC_TMPFS, 3, e_tf_trail, "component: dev/console/" },
	{ "a /dev node path with a NUL", VZCPT_REC_TMPFS, 3, e_tf_nul, "NUL byte inside" },
	{ "/dev itself as a node", VZCPT_REC_TMPFS, 0, e_tf_dev, "path of 4 bytes" },
	{ "a /dev node name above NAME_MAX", VZCPT_REC_TMPFS, 3, e_tf_long, "too long component" },
	{ "a socket in /dev", VZCPT_REC_TMPFS, 3, e_tf_sock, "node has mode 0140640" },
	{ "a /dev node with unknown mode bits", VZCPT_REC_TMPFS, 0, e_tf_bits, "node has mode 0240750" },
	{ "a /dev node of gid -1", VZCPT_REC_TMPFS, 3, e_tf_uid, "owner 0:4294967295" },
	{ "a /dev node's reserved field", VZCPT_REC_TMPFS, 3, e_tf_res, "reserved" },
	{ "a FIFO with a device number", VZCPT_REC_TMPFS, 3, e_tf_fifordev, "has device 0:3" },
	{ "a device major above 12 bits", VZCPT_REC_TMPFS, 4, e_tf_major, "has device 4096:11" },
	{ "a device minor above 20 bits", VZCPT_REC_TMPFS, 4, e_tf_minor, "has device 1:1048576" },
	{ "a directory with a target", VZCPT_REC_TMPFS, 0, e_tf_dirtarget, "target of 1 bytes" },
	{ "a symlink without a target", VZCPT_REC_TMPFS, 2, e_tf_notarget, "target of 0 bytes" },
	{ "a symlink target with a NUL", VZCPT_REC_TMPFS, 2, e_tf_tnul, "target has a NUL" },
	{ "a /dev node's lengths not the record's", VZCPT_REC_TMPFS, 3, e_tf_lens, "not the 12 the record carries" },
	{ "a /dev file above the cap", VZCPT_REC_TMPFS, 1, e_tf_big, "has 67108865 bytes" },
	{ "a /dev file carrying more than its size", VZCPT_REC_TMPFS, 1, e_tf_data, "8192 carried" },
	{ "a /dev directory with a size", VZCPT_REC_TMPFS, 0, e_tf_dirsize, "has 1 bytes" },
	{ "a /dev file with more data than announced", VZCPT_REC_TMPFS, 1, e_tf_more, "more data than it announced" },
	{ "a /dev file without its data", VZCPT_REC_GHOST_DATA, 0, NULL, "41 lacks 4096 bytes", true },
	{ "a /dev file's data for another node", VZCPT_REC_GHOST_DATA, 0, e_tf_gdid, "not for the deleted file" },
	{ "two /dev nodes of one id", VZCPT_REC_TMPFS, 3, e_tf_id, "has the id of a /dev node" },
	{ "a /dev node after the init's files", VZCPT_REC_FS, 0, e_tf_late, "does not follow the init's task record" },
	{ "a FIFO holding more than its record", VZCPT_REC_FIFO, 0, e_fi_len, "record carries" },
	{ "a FIFO path past its record", VZCPT_REC_FIFO, 0, e_fi_path, "100-byte path" },
	{ "a FIFO of no capacity", VZCPT_REC_FIFO, 0, e_fi_cap, "capacity 0" },
	{ "a FIFO at a relative path", VZCPT_REC_FIFO, 0, e_fi_rel, "absolute" },
	{ "FIFO reserved field", VZCPT_REC_FIFO, 0, e_fi_res, "reserved" },
	{ "an open FIFO naming a pipe", VZCPT_REC_FILE, 5, e_ff_pipe, "opens FIFO 20, which is none" },
	{ "an open FIFO of a regular mode", VZCPT_REC_FILE, 5, e_ff_mode, "open FIFO has mode" },
	{ "a pipe end naming a FIFO", VZCPT_REC_FILE, 2, e_fp_fifo, "pipe 33, which is none" },
	{ "a TCP connection's chain cut short", VZCPT_REC_TCP_QUEUE, 2, NULL, "still lacks 0 bytes sent, 0 to read and 2 to send", true },
	{ "a TCP send queue's chunk dropped", VZCPT_REC_TCP_QUEUE, 0, NULL, "the receive queue's bytes come before the bytes sent and received end", true },
	{ "a TCP queue chunk beyond the total", VZCPT_REC_INET, 0, e_tq_snd3, "3 bytes more of a TCP send queue that lacks only 1" },
	{ "TCP queue chunks short of the total", VZCPT_REC_INET, 0, e_tq_snd6, "the receive queue's bytes come before the bytes sent and received end" },
	{ "a TCP queue chunk after its queue's end", VZCPT_REC_INET, 0, e_tq_rcv0, "4 bytes more of a TCP receive queue that lacks only 0" },
	{ "more bytes not sent than a send queue holds", VZCPT_REC_INET, 0, e_tq_uns, "6 bytes not sent of a send queue of 5" },
	{ "bytes not sent before the received ones end", VZCPT_REC_INET, 0, e_tq_rcv5, "the unsent queue's bytes come before the bytes sent and received end" },
	{ "a TCP queue chunk of another socket", VZCPT_REC_TCP_QUEUE, 1, e_tq_id, "of socket 171 follow socket 170" },
	{ "an unknown TCP queue", VZCPT_REC_TCP_QUEUE, 0, e_tq_queue, "unknown TCP queue 4" },
	{ "a TCP queue chunk's reserved field", VZCPT_REC_TCP_QUEUE, 1, e_tq_res, "reserved is not zero" },
	{ "a TCP queue chunk's length not its record's", VZCPT_REC_TCP_QUEUE, 2, e_tq_len, "do not fill its record" },
	{ "an empty TCP queue chunk", VZCPT_REC_TCP_QUEUE, 0, e_tq_zero, "has 16 bytes, not 17" },
	{ "a TCP connection's record with bytes after its state", VZCPT_REC_INET, 0, e_tq_old, "state is 64 bytes, not 56" },
	{ "a TCP connection's unknown flag", VZCPT_REC_INET, 0, e_tc_flags, "a TCP connection has flags 0x80" },
	{ "a TCP connection whose FIN was read, with bytes to read", VZCPT_REC_INET, 0, e_tc_read, "has flags 0x3 with" },
	{ "a TCP connection whose FIN was read and never came", VZCPT_REC_INET, 0, e_tc_readonly, "has flags 0x2 with" },
	{ "a connection not accepted yet with no listener", VZCPT_REC_INET, 2, e_aq_closed, "TCP connection 196, not accepted yet, follows no listener" },
	{ "a connection not accepted yet on another port", VZCPT_REC_INET, 3, e_aq_port, "TCP connection 196 is not on the address and port of listener 195" },
	{ "a connection not accepted yet on another address", VZCPT_REC_INET, 2, e_aq_addr, "TCP connection 196 is not on the address and port of listener 195" },
	{ "a file of a connection not accepted yet", VZCPT_REC_FILE, 40, e_aq_file, "where the file of TCP listener 195, with 2 connections not accepted yet and 2 being opened, was due" },
	{ "a listener's requests with no file after them", VZCPT_REC_FILE, 40, NULL, "where the file of TCP listener 195, with 2 connections not accepted yet and 2 being opened, was due", true },
	{ "a request of another listener", VZCPT_REC_TCP_REQ, 1, e_rq_id, "being opened on listener 196 follows no such listener" },
	{ "a request to another address", VZCPT_REC_TCP_REQ, 0, e_rq_addr, "not of the family or address of listener 195" },
	{ "an IPv6 request on an IPv4 listener", VZCPT_REC_TCP_REQ, 0, e_rq_v6, "not of the family or address of listener 195" },
	{ "a request from no port", VZCPT_REC_TCP_REQ, 0, e_rq_port, "has family 2, no address or no port" },
	{ "a request's unknown flag", VZCPT_REC_TCP_REQ, 1, e_rq_flags, "has flags 0x20" },
	{ "a request's reserved field", VZCPT_REC_TCP_REQ, 0, e_rq_res, "its reserved set" },
	{ "a request's timer expired 64 times", VZCPT_REC_TCP_REQ, 1, e_rq_tmo, "64 expiries" },
	{ "a request with MSS 0", VZCPT_REC_TCP_REQ, 0, e_rq_mss, "has MSS 0" },
	{ "a request's window scale 15", VZCPT_REC_TCP_REQ, 1, e_rq_ws, "window scales 7/15" },
	{ "a window scale not asked for", VZCPT_REC_TCP_REQ, 0, e_rq_wsoff, "window scales 2/0" },
	{ "a timestamp not asked for", VZCPT_REC_TCP_REQ, 0, e_rq_ts, "timestamps it did not ask for" },
	{ "a SYN-ACK window above 65535", VZCPT_REC_TCP_REQ, 1, e_rq_wnd, "offered a window of 65536" },
	{ "a SYN-ACK window of 0", VZCPT_REC_TCP_REQ, 0, e_rq_wnd0, "offered a window of 0" },
	{ "a window clamp above its scale's", VZCPT_REC_TCP_REQ, 1, e_rq_clamp, "within 33553921" },
	{ "a multicast state of a TCP socket", VZCPT_REC_INET_MCAST, 0, e_mc_tcp, "a multicast state for socket 170, not right after the record of a datagram or raw socket" },
	{ "TCP options on a UDP socket", VZCPT_REC_TCP_OPTS, 0, e_to_udp, "TCP options for socket 177, not right after the record of a TCP socket" },
	{ "TCP options of a connection not accepted yet", VZCPT_REC_TCP_OPTS, 1, e_to_kid, "TCP options for socket 196, not right after" },
	{ "a window clamp of its own on a connection", VZCPT_REC_TCP_OPTS, 0, e_to_clamp, "a window clamp of its own for TCP socket 170 in state 4" },
	{ "a window clamp past INT_MAX", VZCPT_REC_TCP_OPTS, 1, e_to_bigclamp, "window clamp of 2147483648 bytes" },
	{ "TCP_LINGER2 past its most", VZCPT_REC_TCP_OPTS, 1, e_to_linger, "TCP_LINGER2 of 121 s" },
	{ "TCP_LINGER2 below -1", VZCPT_REC_TCP_OPTS, 0, e_to_linger_neg, "TCP_LINGER2 of -2 s" },
	{ "a soft error past the errnos", VZCPT_REC_TCP_OPTS, 0, e_to_soft, "soft error 134" },
	{ "TCP options' reserved field", VZCPT_REC_TCP_OPTS, 1, e_to_res, "reserved field of a TCP socket's options" },
	{ "TCP options that set nothing", VZCPT_REC_TCP_OPTS, 0, e_to_none, "options record sets nothing" },
	{ "TCP options cut short", VZCPT_REC_TCP_OPTS, 0, e_to_len, "12" },
	{ "a congestion control named in capitals", VZCPT_REC_TCP_OPTS, 0, e_to_ca_upper, "congestion control has a bad name" },
	{ "a congestion control's name not zero-padded", VZCPT_REC_TCP_OPTS, 0, e_to_ca_pad, "congestion control has a bad name" },
	{ "a congestion control's name with no NUL", VZCPT_REC_TCP_OPTS, 0, e_to_ca_full, "congestion control has a bad name" },
	{ "a request record cut short", VZCPT_REC_TCP_REQ, 0, e_rq_len, "64 bytes" },
	{ "a closed connection with bytes to read", VZCPT_REC_INET, 5, e_or_read, "closed has flags 0x8, 2 bytes to read" },
	{ "a closed connection's bytes cut short", VZCPT_REC_TCP_QUEUE, 4, NULL, "still lacks 3 bytes sent", true },
	{ "a deleted file without its data", VZCPT_REC_GHOST_DATA, 3, NULL, "lacks 4106 bytes", true },
	{ "data without their deleted file", VZCPT_REC_GHOST, 0, NULL, "not for the deleted file", true },
	{ "deleted file data past its size", VZCPT_REC_GHOST_DATA, 3, e_gd_past, "outside it or out of order" },
	{ "deleted file data out of order", VZCPT_REC_GHOST_DATA, 3, e_gd_order, "outside it or out of order" },
	{ "deleted file data longer than the record", VZCPT_REC_GHOST_DATA, 2, e_gd_len, "record carries" },
	{ "deleted file data past the cap", VZCPT_REC_GHOST_DATA, 2, e_gd_cap, "past the limit" },
	{ "deleted file data of another file", VZCPT_REC_GHOST_DATA, 2, e_gd_id, "not for the deleted file" },
	{ "an open deleted file naming a pipe", VZCPT_REC_FILE, 4, e_gf_pipe, "deleted file 20, which is none" },
	{ "an open deleted directory", VZCPT_REC_FILE, 4, e_gf_mode, "deleted file has mode 040755" },
	{ "a mapped deleted file naming a mapping", VZCPT_REC_VMA, 5, e_gv_vma, "deleted file 5, which is none" },
	{ "a mapped deleted file with a size", VZCPT_REC_VMA, 5, e_gv_size, "names file 30 of size 4096" },
	{ "no FPU state", VZCPT_REC_XSTATE, 0, NULL, "out of order among the records of task 1", true },
	{ "no end record", VZCPT_REC_END, 0, NULL, "no end record", true },
	{ "itimer state 3", VZCPT_REC_TIMERS, 0, e_it_state, "ITIMER_VIRTUAL has unknown state 3" },
	{ "armed itimer with no time left", VZCPT_REC_TIMERS, 0, e_it_zero, "ITIMER_REAL in state 1" },
	{ "a CPU itimer waiting for its SIGALRM", VZCPT_REC_TIMERS, 0, e_it_rearm, "ITIMER_PROF in state 2" },
	{ "itimer interval past KTIME_MAX", VZCPT_REC_TIMERS, 0, e_it_big, "ITIMER_REAL has interval" },
	{ "itimer reserved field", VZCPT_REC_TIMERS, 0, e_it_res, "reserved field of ITIMER_PROF" },
	{ "more POSIX timers than carried", VZCPT_REC_TIMERS, 0, e_tm_nr, "4 POSIX timers in 216 bytes" },
	{ "a SIGEV_NONE timer's signal queued", VZCPT_REC_TIMERS, 0, e_pq_none, "cannot have its signal queued" },
	{ "a CPU-clock timer waiting for its signal, due in the future", VZCPT_REC_TIMERS, 0, e_pq_cpu, "POSIX timer 5 has value 1000 ns" },
	{ "a timer armed by a signal not queued", VZCPT_REC_TIMERS, 0, e_pq_rearm, "has no signal queued but flags 0x8" },
	{ "a timer both armed and waiting for its signal", VZCPT_REC_TIMERS, 0, e_pq_armed, "cannot have its signal queued" },
	{ "a timer armed again by its signal with no interval", VZCPT_REC_TIMERS, 0, e_pq_iv, "POSIX timer 5 has value -3000000 ns, interval 0 ns" },
	{ "a timer's last expiry before any clock", VZCPT_REC_TIMERS, 0, e_pq_past, "POSIX timer 5 has value -9223372036854775808" },
	{ "a queued timer signal's overrun -1", VZCPT_REC_TIMERS, 0, e_pq_orun, "queued signal has overrun -1" },
	{ "a queued timer signal behind 4096 others", VZCPT_REC_TIMERS, 0, e_pq_seq, "place 4096" },
	{ "an overrun of a timer signal not queued", VZCPT_REC_TIMERS, 0, e_pq_stray, "POSIX timer 0 has no signal queued but flags 0x1, overrun 1" },
	{ "an unknown POSIX timer flag", VZCPT_REC_TIMERS, 0, e_pq_flag, "has flags 0x1c" },
	{ "next timer id negative", VZCPT_REC_TIMERS, 0, e_tm_next, "next POSIX timer id" },
	{ "POSIX timer on CLOCK_REALTIME_ALARM", VZCPT_REC_TIMERS, 0, e_pt_clock, "has clock 8" },
	{ "POSIX timer SIGEV_THREAD", VZCPT_REC_TIMERS, 0, e_pt_notify, "notification 2" },
	{ "POSIX timer signal 65", VZCPT_REC_TIMERS, 0, e_pt_signo, "sends signal 65" },
	{ "SIGEV_THREAD_ID with no thread", VZCPT_REC_TIMERS, 0, e_pt_target, "target thread 0" },
	{ "SIGEV_SIGNAL with a thread", VZCPT_REC_TIMERS, 0, e_pt_target2, "target thread 2" },
	{ "POSIX timer ids out of order", VZCPT_REC_TIMERS, 0, e_pt_order, "timer 0 comes after timer 0" },
	{ "POSIX timer id -1", VZCPT_REC_TIMERS, 0, e_pt_id, "has id -1" },
	{ "absolute CLOCK_MONOTONIC timer", VZCPT_REC_TIMERS, 0, e_pt_abs, "has flags 0x3" },
	{ "armed POSIX timer with no time left", VZCPT_REC_TIMERS, 0, e_pt_value, "has value 0 ns" },
	{ "disarmed POSIX timer with a time", VZCPT_REC_TIMERS, 0, e_pt_unarmed, "has value 250000000" },
	{ "POSIX timer overrun -2", VZCPT_REC_TIMERS, 0, e_pt_overrun, "overruns -2" },
	{ "a process without its timers", VZCPT_REC_TIMERS, 1, NULL, "task 3 lacks its timers", true },
};

static void e_efd_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_eventfd)->flags = 2; }
static void e_efd_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_eventfd)->reserved = 1; }
static void e_sfd_kill(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_signalfd)->sigmask |= 1ULL << 8; }
static void e_tfd_clock(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_timerfd)->clockid = 9; }
static void e_tfd_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_timerfd)->interval_ns = -1; }
static void e_tfd_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_timerfd)->settime_flags = 4; }
static void e_ep_events(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	((struct vzcpt_img_epoll_tfd *)(P(vzcpt_img_epoll) + 1))->events = 0x01000000;
}
static void e_ep_nr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_epoll)->nr = 3; }
static void e_ep_obj(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	((struct vzcpt_img_epoll_tfd *)(P(vzcpt_img_epoll) + 1))->file_id = 50;
}
static void e_ep_later(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	((struct vzcpt_img_epoll_tfd *)(P(vzcpt_img_epoll) + 1))->file_id = 57;
}
#define IN_W1(p) ((struct vzcpt_img_inotify_wd *)(P(vzcpt_img_inotify) + 1))
#define IN_W2(p) ((struct vzcpt_img_inotify_wd *)((char *)(IN_W1(p) + 1) + 8))
static void e_in_wd0(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W1(p)->wd = 0; }
static void e_in_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->wd = 2; }
static void e_in_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->wd = -5; }
static void e_in_mask(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W1(p)->mask |= 0x20000000; }
static void e_in_create(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->mask |= 0x10000000; }
static void e_in_both(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W1(p)->mask |= VZCPT_IN_DONT_FOLLOW; }
static void e_in_ignored(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->mask |= 0x8000; }
static void e_in_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->reserved = 1; }
static void e_in_rel(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(IN_W1(p) + 1))[0] = 'e'; }
static void e_in_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(IN_W1(p) + 1, "/../", 4); }
static void e_in_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(IN_W2(p) + 1))[3] = 0; }
static void e_in_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(IN_W2(p) + 1))[12] = 'x'; }
/* Without the events: the watches alone fill the record. */
#define IN_NO_EVENTS(p, l) (P(vzcpt_img_inotify)->nr_events = 0, *(l) -= 56)
static void e_in_long(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_NO_EVENTS(p, l); IN_W2(p)->path_len = 17; }
static void e_in_huge(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->path_len = 0xfffffffcU; }
static void e_in_empty(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_W2(p)->path_len = 0; }
static void e_in_nr(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_NO_EVENTS(p, l); P(vzcpt_img_inotify)->nr = 3; }
static void e_in_less(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_NO_EVENTS(p, l); P(vzcpt_img_inotify)->nr = 1; }
static void e_in_next(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_inotify)->next_wd = 0x80000001U; }
#define IN_E1(p) ((struct vzcpt_img_inotify_ev *)((char *)(IN_W2(p) + 1) + 16))
#define IN_E2(p) ((struct vzcpt_img_inotify_ev *)((char *)(IN_E1(p) + 1) + 8))
#define IN_E3(p) (IN_E2(p) + 1)
static void e_iev_mask0(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E1(p)->mask = 0; }
static void e_iev_bit(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E1(p)->mask |= 0x10000; }
static void e_iev_ovfl_mid(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	IN_E2(p)->mask = VZCPT_IN_Q_OVERFLOW;
	IN_E2(p)->wd = -1;
}
static void e_iev_ovfl_wd(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E3(p)->wd = 2; }
static void e_iev_ovfl_bit(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E1(p)->mask |= VZCPT_IN_Q_OVERFLOW; }
static void e_iev_wd0(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E2(p)->wd = 0; }
static void e_iev_wdneg(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E1(p)->wd = -1; }
static void e_iev_slash(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(IN_E1(p) + 1))[1] = '/'; }
static void e_iev_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(IN_E1(p) + 1))[4] = 0; }
static void e_iev_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	memcpy(IN_E1(p) + 1, "..\0\0\0\0\0", 8);
	IN_E1(p)->name_len = 2;
}
static void e_iev_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(IN_E1(p) + 1))[6] = 'x'; }
static void e_iev_long(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E1(p)->name_len = 256; }
static void e_iev_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { IN_E1(p)->name_len = 41; }
static void e_iev_nr(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_inotify)->nr_events = 4;
	IN_E3(p)->mask = 0x100;
	IN_E3(p)->wd = 2;
}
static void e_iev_less(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_inotify)->nr_events = 2; }
static void e_iev_huge(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_inotify)->nr_events = 0x7fffffff; }
static void e_iev_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_inotify)->reserved = 1; }
static void e_in_rdwr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->flags = 04002; }
static void e_in_file_kind(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_file)->kind = VZCPT_FILE_EPOLL;
	P(vzcpt_img_file)->flags = 04002;
}
static void e_in_obj(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 56; }
/* The timerfd's file names the eventfd: of another kind, and the eventfd's already. */
static void e_evfd_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->pipe_id = 50; }
static void e_evfd_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->mode = 0100600; }
static void e_evfd_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->flags = 0; }
/* O_ASYNC on an eventfd: no fasync list, so no dump gives it. */
static void e_evfd_async(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_file)->flags |= 020000; }

static const struct hostile evfd_hostiles[] = {
	{ "eventfd with unknown flags", VZCPT_REC_EVENTFD, 0, e_efd_flags, "unknown eventfd flags" },
	{ "eventfd with reserved set", VZCPT_REC_EVENTFD, 0, e_efd_res, "reserved" },
	{ "signalfd reading SIGKILL", VZCPT_REC_SIGNALFD, 0, e_sfd_kill, "SIGKILL" },
	{ "timerfd on an alarm clock", VZCPT_REC_TIMERFD, 0, e_tfd_clock, "on clock 9" },
	{ "timerfd with a negative period", VZCPT_REC_TIMERFD, 0, e_tfd_neg, "every -1 ns" },
	{ "timerfd with unknown flags", VZCPT_REC_TIMERFD, 0, e_tfd_flags, "unknown timerfd flags" },
	{ "epoll watching unknown events", VZCPT_REC_EPOLL, 0, e_ep_events, "unknown events" },
	{ "epoll counting more targets than it has", VZCPT_REC_EPOLL, 0, e_ep_nr, "watches 3 files" },
	{ "epoll watching an eventfd object", VZCPT_REC_EPOLL, 0, e_ep_obj, "file 50, which is none" },
	{ "epoll watching a file not made yet", VZCPT_REC_EPOLL, 0, e_ep_later, "file 57, which is none" },
	{ "timerfd file of an eventfd", VZCPT_REC_FILE, 7, e_evfd_kind, "none or another file's" },
	{ "eventfd file of a regular mode", VZCPT_REC_FILE, 6, e_evfd_mode, "mode" },
	{ "eventfd file not read-write", VZCPT_REC_FILE, 6, e_evfd_flags, "flags" },
	{ "eventfd file with O_ASYNC", VZCPT_REC_FILE, 6, e_evfd_async, "flags 024002" },
	{ "eventfd file without its eventfd", VZCPT_REC_EVENTFD, 0, NULL, "none or another file's", true },
	{ "inotify watch wd 0", VZCPT_REC_INOTIFY, 0, e_in_wd0, "wd 0 after wd 0" },
	{ "inotify watches out of order", VZCPT_REC_INOTIFY, 0, e_in_order, "wd 2 after wd 2" },
	{ "inotify watch wd -5", VZCPT_REC_INOTIFY, 0, e_in_neg, "wd -5 after wd 2" },
	{ "inotify watch keeping IN_MASK_ADD", VZCPT_REC_INOTIFY, 0, e_in_mask, "watch 2 has mask" },
	{ "inotify watch keeping IN_MASK_CREATE", VZCPT_REC_INOTIFY, 0, e_in_create, "watch 5 has mask" },
	{ "inotify watch of a directory and a link", VZCPT_REC_INOTIFY, 0, e_in_both, "watch 2 has mask" },
	{ "inotify watch for IN_IGNORED", VZCPT_REC_INOTIFY, 0, e_in_ignored, "watch 5 has mask 0x80008002" },
	{ "inotify watch reserved field", VZCPT_REC_INOTIFY, 0, e_in_res, "reserved field of inotify watch 5" },
	{ "inotify watch of a relative path", VZCPT_REC_INOTIFY, 0, e_in_rel, "not absolute" },
	{ "inotify watch of a .. path", VZCPT_REC_INOTIFY, 0, e_in_dotdot, "\"..\" component" },
	{ "inotify watch path with a NUL", VZCPT_REC_INOTIFY, 0, e_in_nul, "NUL" },
	{ "inotify watch path padding", VZCPT_REC_INOTIFY, 0, e_in_pad, "padding of inotify watch 5" },
	{ "inotify watch path past the record", VZCPT_REC_INOTIFY, 0, e_in_long, "more than the record holds" },
	{ "inotify watch path length wrapping", VZCPT_REC_INOTIFY, 0, e_in_huge, "more than the record holds" },
	{ "inotify watch empty path", VZCPT_REC_INOTIFY, 0, e_in_empty, "path is empty" },
	{ "inotify counting more watches", VZCPT_REC_INOTIFY, 0, e_in_nr, "3 watches but the record holds 2" },
	{ "inotify counting fewer watches", VZCPT_REC_INOTIFY, 0, e_in_less, "bytes after its 1 watches" },
	{ "inotify next wd past INT_MAX + 1", VZCPT_REC_INOTIFY, 0, e_in_next, "next wd from 2147483649" },
	{ "inotify event of no mask", VZCPT_REC_INOTIFY, 0, e_iev_mask0, "an inotify event has mask 0" },
	{ "inotify event of an unknown bit", VZCPT_REC_INOTIFY, 0, e_iev_bit, "an inotify event has mask 0x10100" },
	{ "inotify overflow before another event", VZCPT_REC_INOTIFY, 0, e_iev_ovfl_mid, "or events after it" },
	{ "inotify overflow of a wd", VZCPT_REC_INOTIFY, 0, e_iev_ovfl_wd, "overflow event has wd 2" },
	{ "inotify event with the overflow bit", VZCPT_REC_INOTIFY, 0, e_iev_ovfl_bit, "an inotify event has mask 0x4100" },
	{ "inotify event of wd 0", VZCPT_REC_INOTIFY, 0, e_iev_wd0, "an inotify event has wd 0" },
	{ "inotify event of wd -1", VZCPT_REC_INOTIFY, 0, e_iev_wdneg, "an inotify event has wd -1" },
	{ "inotify event name with a slash", VZCPT_REC_INOTIFY, 0, e_iev_slash, "has a NUL or a '/'" },
	{ "inotify event name with a NUL", VZCPT_REC_INOTIFY, 0, e_iev_nul, "has a NUL or a '/'" },
	{ "inotify event name ..", VZCPT_REC_INOTIFY, 0, e_iev_dotdot, "is . or .." },
	{ "inotify event name padding", VZCPT_REC_INOTIFY, 0, e_iev_pad, "padding of an inotify event of wd 2" },
	{ "inotify event name of 256 bytes", VZCPT_REC_INOTIFY, 0, e_iev_long, "more than the record holds or a name has" },
	{ "inotify event name past the record", VZCPT_REC_INOTIFY, 0, e_iev_past, "more than the record holds or a name has" },
	{ "inotify counting more events", VZCPT_REC_INOTIFY, 0, e_iev_nr, "4 events queued but the record holds 3" },
	{ "inotify counting fewer events", VZCPT_REC_INOTIFY, 0, e_iev_less, "16 bytes after its 2 watches and 2 events" },
	{ "inotify counting 2^31 events", VZCPT_REC_INOTIFY, 0, e_iev_huge, "2147483647 events queued (at most" },
	{ "inotify reserved field", VZCPT_REC_INOTIFY, 0, e_iev_res, "a reserved field set" },
	{ "inotify file read-write", VZCPT_REC_FILE, 24, e_in_rdwr, "flags" },
	{ "inotify object claimed by an epoll file", VZCPT_REC_FILE, 24, e_in_file_kind, "none or another file's" },
	{ "inotify file naming the epoll", VZCPT_REC_FILE, 24, e_in_obj, "none or another file's" },
	{ "inotify file without its inotify", VZCPT_REC_INOTIFY, 0, NULL, "none or another file's", true },
};

#define PTY(p) P(vzcpt_img_pty)
static void e_pty_index(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->index = 1U << 20; }
static void e_pty_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->flags = 8; }
static void e_pty_iflag(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_iflag |= 0x8000; }
static void e_pty_oflag(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_oflag |= 0x10000; }
static void e_pty_cflag(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_cflag |= 0x2000; }
static void e_pty_lflag(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_lflag |= 0x2000; }
static void e_pty_line(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_line = 3; }
static void e_pty_speed(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_ospeed = 0x80000000U; }
static void e_pty_sess(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->pgrp = 0; }
static void e_pty_negs(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->session = -1; }
static void e_pty_bigp(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->pgrp = 4 << 20; }
static void e_pty_uid(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->uid = 0xffffffffU; }
static void e_pty_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->mode = 04620; }
static void e_pty_olen(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->out_len = 5; }
static void e_pty_omax(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->out_len = VZCPT_PTY_OUT_MAX + 1; }
static void e_pty_plong(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->path_len = 0xfffffffeU; PTY(p)->out_len = 19; }
static void e_pty_ilen(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->in_len = 10; }
static void e_pty_imax(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->in_len = VZCPT_PTY_IN_MAX + 1; }
static void e_pty_rmax(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->in_raw_len = VZCPT_PTY_IN_RAW_MAX + 1; }
static void e_pty_iover(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->in_raw_len = 0xfffffff0U; }
static void e_pty_noncanon(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_lflag &= ~2U; }
static void e_pty_extproc(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->c_lflag |= 0x10000; }
static void e_pty_endbyte(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((uint8_t *)(PTY(p) + 1))[27] |= 0x07; }
static void e_pty_endpast(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((uint8_t *)(PTY(p) + 1))[28] |= 0x02; }
static void e_pty_plen(void *p, size_t *l, uint16_t *t, uint64_t *i) { PTY(p)->path_len = 12; }
static void e_pty_rel(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(PTY(p) + 1))[0] = 'd'; }
static void e_pty_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { memcpy(PTY(p) + 1, "/dev/../ptmx", 12); }
static void e_pty_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(PTY(p) + 1))[4] = 0; }
static void e_pty_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 59; }
#define PF(p) P(vzcpt_img_file)
static void e_ptf_rdev(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->rdev = 0x8800; }
static void e_ptf_mode(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->mode = 010600; }
static void e_ptf_pos(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->pos = 5; }
static void e_ptf_rdonly(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->flags = 0; }
static void e_ptf_none(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->pipe_id = 0; }
static void e_ptf_obj(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->pipe_id = 58; }
static void e_ptf_two(void *p, size_t *l, uint16_t *t, uint64_t *i) { PF(p)->kind = VZCPT_FILE_PTMX; PF(p)->flags = 02; }

static const struct hostile pty_hostiles[] = {
	{ "pty index past devpts's bound", VZCPT_REC_PTY, 0, e_pty_index, "above devpts's bound" },
	{ "pty unknown flag", VZCPT_REC_PTY, 0, e_pty_flags, "has flags 0x8" },
	{ "pty unknown c_iflag bit", VZCPT_REC_PTY, 0, e_pty_iflag, "termios flags" },
	{ "pty unknown c_oflag bit", VZCPT_REC_PTY, 0, e_pty_oflag, "termios flags" },
	{ "pty unknown c_cflag bit", VZCPT_REC_PTY, 0, e_pty_cflag, "termios flags" },
	{ "pty unknown c_lflag bit", VZCPT_REC_PTY, 0, e_pty_lflag, "termios flags" },
	{ "pty line discipline not N_TTY", VZCPT_REC_PTY, 0, e_pty_line, "line discipline 3" },
	{ "pty speed past INT_MAX", VZCPT_REC_PTY, 0, e_pty_speed, "speeds" },
	{ "pty session without a foreground group", VZCPT_REC_PTY, 0, e_pty_sess, "session 1 and foreground group 0" },
	{ "pty negative session", VZCPT_REC_PTY, 0, e_pty_negs, "session -1" },
	{ "pty foreground group past the pid bound", VZCPT_REC_PTY, 0, e_pty_bigp, "foreground group 4194304" },
	{ "pty owner -1", VZCPT_REC_PTY, 0, e_pty_uid, "owner 4294967295" },
	{ "pty setuid mode", VZCPT_REC_PTY, 0, e_pty_mode, "mode 04620" },
	{ "pty output longer than its record", VZCPT_REC_PTY, 0, e_pty_olen, "the output 5 and the input 9 + 1 but the record carries 29" },
	{ "pty input longer than its record", VZCPT_REC_PTY, 0, e_pty_ilen, "the input 10 + 1 but the record carries 29" },
	{ "pty input past a line discipline's buffer", VZCPT_REC_PTY, 0, e_pty_imax, "the input 4097 + 1" },
	{ "pty input waiting past the flip buffers' bound", VZCPT_REC_PTY, 0, e_pty_rmax, "the input 9 + 65537" },
	{ "pty input lengths overflowing 32 bits", VZCPT_REC_PTY, 0, e_pty_iover, "the input 9 + 4294967280" },
	{ "pty line ends with non-canonical termios", VZCPT_REC_PTY, 0, e_pty_noncanon, "the input 9 + 1 but the record carries 29" },
	{ "pty input with EXTPROC", VZCPT_REC_PTY, 0, e_pty_extproc, "holds 9 bytes of input in lflag 0x18a3b: too many, or EXTPROC" },
	{ "pty lines ending in three bytes besides newline", VZCPT_REC_PTY, 0, e_pty_endbyte, "end in 0x6c, 0x73 and 0x20 besides newline and VEOF" },
	{ "pty line end past its input", VZCPT_REC_PTY, 0, e_pty_endpast, "line ends past its 9 bytes" },
	{ "pty output past the bound", VZCPT_REC_PTY, 0, e_pty_omax, "the output 69633" },
	{ "pty path and output adding up past 2^32", VZCPT_REC_PTY, 0, e_pty_plong, "the path is 4294967294 bytes" },
	{ "pty path length off by one", VZCPT_REC_PTY, 0, e_pty_plen, "the path is 12 bytes, the output 4 and the input 9 + 1 but the record carries 29" },
	{ "pty relative ptmx path", VZCPT_REC_PTY, 0, e_pty_rel, "not absolute" },
	{ "pty ptmx path with ..", VZCPT_REC_PTY, 0, e_pty_dotdot, "\"..\" component" },
	{ "pty ptmx path with a NUL", VZCPT_REC_PTY, 0, e_pty_nul, "NUL" },
	{ "pty reusing an inotify's id", VZCPT_REC_PTY, 0, e_pty_id, "59" },
	{ "pty end with an rdev", VZCPT_REC_FILE, 25, e_ptf_rdev, "pty end has mode" },
	{ "pty end not a character device", VZCPT_REC_FILE, 26, e_ptf_mode, "pty end has mode 010600" },
	{ "pty end with a position", VZCPT_REC_FILE, 26, e_ptf_pos, "pty end has mode" },
	{ "pty master read-only", VZCPT_REC_FILE, 25, e_ptf_rdonly, "pty master has flags 0" },
	{ "pty end of no pty", VZCPT_REC_FILE, 26, e_ptf_none, "names pty 0" },
	{ "pty end naming an inotify", VZCPT_REC_FILE, 26, e_ptf_obj, "end of pty 58, which is none" },
	{ "pty with two masters", VZCPT_REC_FILE, 26, e_ptf_two, "which has one" },
	{ "pty ends without their pty", VZCPT_REC_PTY, 0, NULL, "end of pty 160, which is none", true },
};

static void e_lk_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->kind = 4; }
static void e_lk_type(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->type = 2; }
static void e_lk_range(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->start = 100; }
static void e_lk_neg(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->start = -1; }
static void e_lk_flock(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->end = 9; }
static void e_lk_ofdpid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->pid = 5; }
static void e_lk_pid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->pid = -2; }
static void e_lk_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->reserved = 1; }
static void e_lk_file(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->file_id = 20; }
static void e_lk_later(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_lock)->file_id = 89; }
static void e_lk_table(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 9; }

static const struct hostile lock_hostiles[] = {
	{ "a lock of unknown kind", VZCPT_REC_LOCK, 0, e_lk_kind, "unknown kind 4" },
	{ "a lock of unknown type", VZCPT_REC_LOCK, 1, e_lk_type, "unknown type 2" },
	{ "a lock ending before its start", VZCPT_REC_LOCK, 0, e_lk_range, "covers bytes 100 to 99" },
	{ "a lock from a negative offset", VZCPT_REC_LOCK, 2, e_lk_neg, "covers bytes -1 to 9" },
	{ "an flock() lock of a range", VZCPT_REC_LOCK, 3, e_lk_flock, "flock() lock of file 81 covers a range" },
	{ "an OFD lock with a pid", VZCPT_REC_LOCK, 2, e_lk_ofdpid, "taken by pid 5" },
	{ "a lock of a negative pid", VZCPT_REC_LOCK, 0, e_lk_pid, "taken by pid -2" },
	{ "a lock's reserved field", VZCPT_REC_LOCK, 1, e_lk_res, "reserved field of a lock" },
	{ "a lock of a pipe", VZCPT_REC_LOCK, 0, e_lk_file, "names file 20, which is none" },
	{ "a lock of a file not made", VZCPT_REC_LOCK, 3, e_lk_later, "names file 89, which is none" },
	{ "a lock of another fd table", VZCPT_REC_LOCK, 0, e_lk_table, "lock of table 9" },
};

/* The network records: lo (1), eth0 (2), dummy0 (3); 2 addresses, 2 routes, 4 rules. */
static void e_nd_name(void *p, size_t *l, uint16_t *t, uint64_t *i) { strcpy(P(vzcpt_img_netdev)->name, "a/b"); }
static void e_nd_name_tail(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->name[10] = 'x'; }
static void e_nd_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->flags |= 0x10; }
static void e_nd_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 3; }
static void e_nd_kind(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->kind = 9; }
static void e_nd_veth_name(void *p, size_t *l, uint16_t *t, uint64_t *i) { strcpy(P(vzcpt_img_netdev)->name, "eth1"); }
static void e_nd_mac(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->mac[0] = 1; }
static void e_nd_veth_mac(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->mac[0] = 1; }
static void e_nd_veth_nomac(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(P(vzcpt_img_netdev)->mac, 0, 6); }
static void e_nd_lo_mac(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->mac[5] = 1; }
static void e_nd_res32(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->reserved32 = 1; }
static void e_nd_mtu(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->mtu = 67; }
static void e_nd_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netdev)->reserved[2] = 1; }
static void e_nd_twice(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	memset(P(vzcpt_img_netdev)->name, 0, 16);
	strcpy(P(vzcpt_img_netdev)->name, "lo");
}
static void e_na_plen(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->prefixlen = 33; }
static void e_na_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->local[4] = 1; }
static void e_na_family(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->family = 17; }
static void e_na_dev(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->dev = 4; }
static void e_na_nodev(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->dev = 0; }
static void e_na_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->flags |= 0x80; }
static void e_na_valid(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->valid_lft = 0; }
static void e_na_pref(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->preferred_lft = 3601; }
static void e_na_label(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(P(vzcpt_img_netaddr)->label, 'x', 16); }
static void e_na_label6(void *p, size_t *l, uint16_t *t, uint64_t *i) { strcpy(P(vzcpt_img_netaddr)->label, "d0"); }
static void e_na_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netaddr)->reserved[0] = 1; }
static void e_na_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 1; }
static void e_nr_kernel(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->protocol = 2; }
static void e_nr_dst(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->dst[2] = 1; }
static void e_nr_type(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->type = 10; }
static void e_nr_table(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->table = 0; }
static void e_nr_gw(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->has = 0; }
static void e_nr_hop(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->metrics[9] = 256; }
static void e_nr_cc(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->metrics[15] = 1; }
static void e_nr_oif(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->oif = 7; }
static void e_nr_src4(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->src_len = 8; }
static void e_nr_pref(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->pref = 2; }
static void e_nr_exp4(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->expires = 5; }
static void e_nr_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netroute)->flags = 1; }
static void e_nu_goto(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netrule)->action = 2; P(vzcpt_img_netrule)->target = 50; }
static void e_nu_action(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netrule)->action = 4; }
static void e_nu_ports(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	P(vzcpt_img_netrule)->has = VZCPT_NETRULE_SPORT;
	P(vzcpt_img_netrule)->sport[0] = 90;
	P(vzcpt_img_netrule)->sport[1] = 80;
}
static void e_nu_iif(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(P(vzcpt_img_netrule)->iifname, 'i', 16); }
static void e_nu_src(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netrule)->src[3] = 1; }
static void e_nu_supp(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netrule)->suppress_prefixlen = 129; }
static void e_nu_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netrule)->reserved[1] = 1; }
static void e_net_late(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_netrule u = { .family = VZCPT_AF_INET, .action = 1, .priority = 5,
				       .table = 254, .suppress_prefixlen = -1,
				       .suppress_ifgroup = -1 };

	memcpy(p, &u, sizeof(u));
	*l = sizeof(u);
	*t = VZCPT_REC_NETRULE;
	*i = 0;
}
static void e_net_order(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	struct vzcpt_img_netdev d = { .name = "dummy1", .kind = VZCPT_NETDEV_DUMMY, .mtu = 1500,
				      .mac = { 2, 0, 0, 0, 0, 1 } };

	memcpy(p, &d, sizeof(d));
	*l = sizeof(d);
	*t = VZCPT_REC_NETDEV;
	*i = 4;
}

#define SC(p) P(vzcpt_img_netsysctl)
static void sc_path(void *p, const char *path) { memset(SC(p)->path, 0, VZCPT_NETSYSCTL_PATH); strcpy(SC(p)->path, path); }
static void e_ns_dotdot(void *p, size_t *l, uint16_t *t, uint64_t *i) { sc_path(p, "core/../x"); }
static void e_ns_empty(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(SC(p)->path, 0, VZCPT_NETSYSCTL_PATH); }
static void e_ns_slash2(void *p, size_t *l, uint16_t *t, uint64_t *i) { sc_path(p, "core//somaxconn"); }
static void e_ns_lead(void *p, size_t *l, uint16_t *t, uint64_t *i) { sc_path(p, "/core/somaxconn"); }
static void e_ns_tail(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->path[60] = 'x'; }
static void e_ns_unterm(void *p, size_t *l, uint16_t *t, uint64_t *i) { memset(SC(p)->path, 'a', VZCPT_NETSYSCTL_PATH); }
static void e_ns_ctrl(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->path[0] = 1; }
static void e_ns_conf(void *p, size_t *l, uint16_t *t, uint64_t *i) { sc_path(p, "ipv4/conf/all/x"); }
static void e_ns_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { sc_path(p, "core/a"); }
static void e_ns_dup(void *p, size_t *l, uint16_t *t, uint64_t *i) { sc_path(p, "core/somaxconn"); }
static void e_ns_nodev(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->dev = 4; }
static void e_ns_wrongdev(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->dev = 3; }
static void e_ns_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->len = 99; }
static void e_ns_nolen(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->len = 0; *l = sizeof(struct vzcpt_img_netsysctl); }
static void e_ns_byte(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(SC(p) + 1))[1] = 0x1b; }
static void e_ns_nul(void *p, size_t *l, uint16_t *t, uint64_t *i) { ((char *)(SC(p) + 1))[0] = 0; }
static void e_ns_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { SC(p)->reserved = 1; }
static void e_ns_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 1; }

#define NF(p) P(vzcpt_img_nft)
#define NFA(p) ((uint8_t *)(NF(p) + 1))
static void e_nft_msg(void *p, size_t *l, uint16_t *t, uint64_t *i) { NF(p)->msg = 15; }
static void e_nft_family(void *p, size_t *l, uint16_t *t, uint64_t *i) { NF(p)->family = 4; }
static void e_nft_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { NF(p)->reserved = 1; }
static void e_nft_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { NF(p)->len = 12; }
static void e_nft_alen(void *p, size_t *l, uint16_t *t, uint64_t *i) { NFA(p)[0] = 200; }
static void e_nft_pad(void *p, size_t *l, uint16_t *t, uint64_t *i) { NFA(p)[15] = 'x'; }
static void e_nft_unterm(void *p, size_t *l, uint16_t *t, uint64_t *i) { NFA(p)[7] = 'x'; }
static void e_nft_noname(void *p, size_t *l, uint16_t *t, uint64_t *i) { NFA(p)[2] = 6; }
static void e_nft_owner(void *p, size_t *l, uint16_t *t, uint64_t *i) { NFA(p)[15] = 2; }
static void e_nft_order(void *p, size_t *l, uint16_t *t, uint64_t *i) { NF(p)->msg = VZCPT_NFT_TABLE; }
static void e_nft_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 1; }
/* attribute @type of 4 bytes, big-endian @v, added after the others */
static void nft_add(void *p, size_t *l, uint16_t type, uint8_t v)
{
	uint8_t *a = NFA(p) + NF(p)->len;

	a[0] = 8; a[1] = 0; a[2] = (uint8_t)type; a[3] = 0;
	a[4] = a[5] = a[6] = 0; a[7] = v;
	NF(p)->len += 8;
	*l += 8;
}
static void e_nft_handle(void *p, size_t *l, uint16_t *t, uint64_t *i) { nft_add(p, l, 4, 1); }
static void e_nft_binding(void *p, size_t *l, uint16_t *t, uint64_t *i) { nft_add(p, l, 10, 4); }
static void e_nft_ruleid(void *p, size_t *l, uint16_t *t, uint64_t *i) { nft_add(p, l, 11, 1); }

#define XT(p) P(vzcpt_img_xtable)
static void e_xt_name(void *p, size_t *l, uint16_t *t, uint64_t *i) { strcpy(XT(p)->name, "bogus"); }
static void e_xt_tail(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->name[20] = 'x'; }
static void e_xt_family(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->family = 7; }
static void e_xt_arpnat(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->family = 3; strcpy(XT(p)->name, "nat"); }
static void e_xt_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->reserved[2] = 1; }
static void e_xt_nohooks(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->valid_hooks = 0; }
static void e_xt_hook5(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->valid_hooks |= 1U << 5; }
static void e_xt_none(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->num_entries = 0; }
static void e_xt_odd(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->size = 631; *l -= 1; }
static void e_xt_short(void *p, size_t *l, uint16_t *t, uint64_t *i) { *l -= 16; }
static void e_xt_far(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->hook_entry[1] = 5000; }
static void e_xt_stray(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->underflow[0] = 8; }
static void e_xt_twice(void *p, size_t *l, uint16_t *t, uint64_t *i) { XT(p)->family = 2; strcpy(XT(p)->name, "filter"); }

#define CT(p) P(vzcpt_img_conntrack)
#define CTA(p) ((uint8_t *)(CT(p) + 1))
static void e_ct_family(void *p, size_t *l, uint16_t *t, uint64_t *i) { CT(p)->family = 7; }
static void e_ct_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { CT(p)->reserved[0] = 1; }
static void e_ct_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { CT(p)->len = 16; }
static void e_ct_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { CTA(p)[18] = 12; }
static void e_ct_help(void *p, size_t *l, uint16_t *t, uint64_t *i) { CTA(p)[18] = 5; }
static void e_ct_twice(void *p, size_t *l, uint16_t *t, uint64_t *i) { CTA(p)[10] = 1; }
static void e_ct_notimeout(void *p, size_t *l, uint16_t *t, uint64_t *i) { CTA(p)[18] = 8; }
static void e_ct_cut(void *p, size_t *l, uint16_t *t, uint64_t *i) { CTA(p)[16] = 12; }

#define SF(p) P(vzcpt_img_sock_filter_hdr)
#define SFI(p) ((struct vzcpt_img_sock_filter *)(SF(p) + 1))
static void e_sf_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { SF(p)->flags = 2; }
static void e_sf_len(void *p, size_t *l, uint16_t *t, uint64_t *i) { SF(p)->len = 5; }
static void e_sf_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 172; }
static void e_sf_70(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 70; }
static void e_sf_pipe(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 20; }
static void e_sf_ret(void *p, size_t *l, uint16_t *t, uint64_t *i) { SFI(p)[3].code = 0x28; }
static void e_sf_jump(void *p, size_t *l, uint16_t *t, uint64_t *i) { SFI(p)[1].jf = 3; }
static void e_sf_anc(void *p, size_t *l, uint16_t *t, uint64_t *i) { SFI(p)[0].k = 0xfffff040; }
static void e_sf_code(void *p, size_t *l, uint16_t *t, uint64_t *i) { SFI(p)[0].code = 0xc0; }
static void e_sf_mem(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	SFI(p)[0].code = 0x60;	/* ld M[16] */
	SFI(p)[0].k = 16;
}

static void e_sf_none(void *p, size_t *l, uint16_t *t, uint64_t *i)
{
	SF(p)->flags = 0;
	SF(p)->len = 0;
	*l = sizeof(struct vzcpt_img_sock_filter_hdr);
}

#define NN(p) P(vzcpt_img_netneigh)
static void e_nn_family(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->family = 17; }
static void e_nn_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->dst[4] = 1; }
static void e_nn_flags(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->flags |= 0x40; }
static void e_nn_learnt(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->flags |= 0x10; }
static void e_nn_noll(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->lladdr_len = 0; memset(NN(p)->lladdr, 0, VZCPT_LLADDR_MAX); }
static void e_nn_longll(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->lladdr_len = 33; }
static void e_nn_llpast(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->lladdr[6] = 1; }
static void e_nn_proxyll(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->lladdr_len = 6; }
static void e_nn_nodev(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->dev = 0; }
static void e_nn_dev(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->dev = 4; }
static void e_nn_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { NN(p)->reserved[1] = 1; }
static void e_nn_id(void *p, size_t *l, uint16_t *t, uint64_t *i) { *i = 3; }

static void e_nc_scope(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->scope = 4; }
static void e_nc_dev(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->dev = 1; }
static void e_nc_nodev(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->dev = 4; }
static void e_nc_nr(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->nr = 65; }
static void e_nc_past(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->data[40] = 1; }
static void e_nc_setpast(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->set |= 1ULL << 40; }
static void e_nc_mcfw(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->data[1] = 1; }
static void e_nc_twice(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->scope = 1; }
static void e_nc_res(void *p, size_t *l, uint16_t *t, uint64_t *i) { P(vzcpt_img_netconf)->reserved = 1; }

static const struct hostile net_hostiles[] = {
	{ "IPv4 settings of scope 4", VZCPT_REC_NETCONF, 0, e_nc_scope, "scope 4" },
	{ "IPv4 settings of all with a device", VZCPT_REC_NETCONF, 0, e_nc_dev, "scope 1, device 1" },
	{ "IPv4 settings of device 4 of 3", VZCPT_REC_NETCONF, 2, e_nc_nodev, "device 4 of 3" },
	{ "65 IPv4 settings", VZCPT_REC_NETCONF, 0, e_nc_nr, "65 values" },
	{ "an IPv4 setting past the kernel's", VZCPT_REC_NETCONF, 1, e_nc_past, "past them" },
	{ "an IPv4 setting set past the kernel's", VZCPT_REC_NETCONF, 2, e_nc_setpast, "past them" },
	{ "mc_forwarding set", VZCPT_REC_NETCONF, 0, e_nc_mcfw, "mc_forwarding" },
	{ "IPv4 settings of all twice", VZCPT_REC_NETCONF, 1, e_nc_twice, "twice" },
	{ "IPv4 settings with reserved set", VZCPT_REC_NETCONF, 0, e_nc_res, "33 values" },
	{ "device with a slash in its name", VZCPT_REC_NETDEV, 0, e_nd_name, "no valid name" },
	{ "device name with bytes past its NUL", VZCPT_REC_NETDEV, 0, e_nd_name_tail, "no valid name" },
	{ "device with unknown flags", VZCPT_REC_NETDEV, 1, e_nd_flags, "unknown flags" },
	{ "device with the wrong id", VZCPT_REC_NETDEV, 1, e_nd_id, "has id 3" },
	{ "device of unknown kind", VZCPT_REC_NETDEV, 2, e_nd_kind, "unknown kind" },
	{ "veth not named eth0", VZCPT_REC_NETDEV, 1, e_nd_veth_name, "not of its kind" },
	{ "dummy with a multicast MAC", VZCPT_REC_NETDEV, 2, e_nd_mac, "no valid MAC" },
	{ "eth0 with a multicast MAC", VZCPT_REC_NETDEV, 1, e_nd_veth_mac, "no valid MAC" },
	{ "eth0 with a zero MAC", VZCPT_REC_NETDEV, 1, e_nd_veth_nomac, "no valid MAC" },
	{ "lo with a MAC", VZCPT_REC_NETDEV, 0, e_nd_lo_mac, "carries a MAC" },
	{ "device with reserved32 set", VZCPT_REC_NETDEV, 1, e_nd_res32, "reserved" },
	{ "eth0 with MTU 67", VZCPT_REC_NETDEV, 1, e_nd_mtu, "MTU 67" },
	{ "device with reserved set", VZCPT_REC_NETDEV, 2, e_nd_res, "reserved" },
	{ "dummy named lo", VZCPT_REC_NETDEV, 2, e_nd_twice, "another kind" },
	{ "first device missing", VZCPT_REC_NETDEV, 0, NULL, "has id 2", true },
	{ "IPv4 address /33", VZCPT_REC_NETADDR, 0, e_na_plen, "prefix length 33" },
	{ "IPv4 address with IPv6 bytes", VZCPT_REC_NETADDR, 0, e_na_past, "bytes past" },
	{ "address of family 17", VZCPT_REC_NETADDR, 0, e_na_family, "family 17" },
	{ "address on device 4 of 3", VZCPT_REC_NETADDR, 1, e_na_dev, "device 4 of 3" },
	{ "address on no device", VZCPT_REC_NETADDR, 0, e_na_nodev, "no device" },
	{ "address with IFA_F_PERMANENT", VZCPT_REC_NETADDR, 1, e_na_flags, "unknown flags" },
	{ "address with no valid lifetime", VZCPT_REC_NETADDR, 1, e_na_valid, "lifetimes" },
	{ "address preferred longer than valid", VZCPT_REC_NETADDR, 1, e_na_pref, "lifetimes" },
	{ "IPv4 label unterminated", VZCPT_REC_NETADDR, 0, e_na_label, "label" },
	{ "IPv6 address with a label", VZCPT_REC_NETADDR, 1, e_na_label6, "label" },
	{ "address with reserved set", VZCPT_REC_NETADDR, 0, e_na_res, "reserved" },
	{ "address with an id", VZCPT_REC_NETADDR, 0, e_na_id, "has id 1" },
	{ "route of the kernel's", VZCPT_REC_NETROUTE, 0, e_nr_kernel, "kernel's own" },
	{ "route with bits past its prefix", VZCPT_REC_NETROUTE, 0, e_nr_dst, "destination" },
	{ "route of type 10 (NAT)", VZCPT_REC_NETROUTE, 0, e_nr_type, "type 10" },
	{ "route with no table", VZCPT_REC_NETROUTE, 1, e_nr_table, "no table" },
	{ "route with a gateway it does not say", VZCPT_REC_NETROUTE, 0, e_nr_gw, "does not say" },
	{ "route with hop limit 256", VZCPT_REC_NETROUTE, 0, e_nr_hop, "metric" },
	{ "route with a congestion control", VZCPT_REC_NETROUTE, 1, e_nr_cc, "metric" },
	{ "route through device 7", VZCPT_REC_NETROUTE, 0, e_nr_oif, "device 7 of 3" },
	{ "IPv4 route with a source prefix", VZCPT_REC_NETROUTE, 0, e_nr_src4, "source prefix" },
	{ "IPv6 route with preference 2", VZCPT_REC_NETROUTE, 1, e_nr_pref, "preference 2" },
	{ "IPv4 route that expires", VZCPT_REC_NETROUTE, 0, e_nr_exp4, "other family" },
	{ "route with RTNH_F_DEAD", VZCPT_REC_NETROUTE, 0, e_nr_flags, "unknown flags" },
	{ "rule going back", VZCPT_REC_NETRULE, 0, e_nu_goto, "goto target 50" },
	{ "rule with a reserved action", VZCPT_REC_NETRULE, 0, e_nu_action, "action 4" },
	{ "rule with a reversed port range", VZCPT_REC_NETRULE, 0, e_nu_ports, "port range" },
	{ "rule with an unterminated device name", VZCPT_REC_NETRULE, 0, e_nu_iif, "device name" },
	{ "rule with bits past its prefix", VZCPT_REC_NETRULE, 0, e_nu_src, "prefix" },
	{ "rule suppressing /129", VZCPT_REC_NETRULE, 1, e_nu_supp, "suppressor" },
	{ "rule with reserved set", VZCPT_REC_NETRULE, 2, e_nu_res, "reserved" },
	{ "a rule among the tasks", VZCPT_REC_SEM, 0, e_net_late, "out of its place" },
	{ "a device after the rules", VZCPT_REC_NETRULE, 3, e_net_order, "out of its place" },
	{ "a sysctl path with ..", VZCPT_REC_NETSYSCTL, 0, e_ns_dotdot, "no valid path" },
	{ "an empty sysctl path", VZCPT_REC_NETSYSCTL, 1, e_ns_empty, "no valid path" },
	{ "a sysctl path with an empty component", VZCPT_REC_NETSYSCTL, 0, e_ns_slash2, "no valid path" },
	{ "a sysctl path from /", VZCPT_REC_NETSYSCTL, 0, e_ns_lead, "no valid path" },
	{ "a sysctl path with bytes past its NUL", VZCPT_REC_NETSYSCTL, 2, e_ns_tail, "no valid path" },
	{ "a sysctl path unterminated", VZCPT_REC_NETSYSCTL, 1, e_ns_unterm, "no valid path" },
	{ "a sysctl path with a control byte", VZCPT_REC_NETSYSCTL, 0, e_ns_ctrl, "no valid path" },
	{ "a sysctl of net.ipv4.conf", VZCPT_REC_NETSYSCTL, 2, e_ns_conf, "is an IPv4 setting" },
	{ "sysctls out of order", VZCPT_REC_NETSYSCTL, 1, e_ns_order, "out of order" },
	{ "a sysctl twice", VZCPT_REC_NETSYSCTL, 1, e_ns_dup, "out of order" },
	{ "a sysctl of device 4 of 3", VZCPT_REC_NETSYSCTL, 2, e_ns_nodev, "names device 4 of 3" },
	{ "a sysctl of eth0 said of dummy0", VZCPT_REC_NETSYSCTL, 2, e_ns_wrongdev, "names device 3 of 3" },
	{ "a sysctl of a device said of none", VZCPT_REC_NETSYSCTL, 0, e_ns_wrongdev, "names device 3 of 3" },
	{ "a sysctl value longer than its record", VZCPT_REC_NETSYSCTL, 1, e_ns_len, "value of 99 bytes" },
	{ "a sysctl with no value", VZCPT_REC_NETSYSCTL, 0, e_ns_nolen, "bytes" },
	{ "a sysctl value with an escape", VZCPT_REC_NETSYSCTL, 1, e_ns_byte, "byte 0x1b" },
	{ "a sysctl value with a NUL", VZCPT_REC_NETSYSCTL, 0, e_ns_nul, "byte 0 in" },
	{ "a sysctl with reserved set", VZCPT_REC_NETSYSCTL, 2, e_ns_res, "reserved" },
	{ "a sysctl with an id", VZCPT_REC_NETSYSCTL, 0, e_ns_id, "has id 1" },
	{ "a neighbour of family 17", VZCPT_REC_NETNEIGH, 0, e_nn_family, "family 17" },
	{ "an IPv4 neighbour with IPv6 bytes", VZCPT_REC_NETNEIGH, 0, e_nn_past, "past its address" },
	{ "a neighbour with NTF_SELF", VZCPT_REC_NETNEIGH, 1, e_nn_flags, "flags 0xc0" },
	{ "an externally learnt neighbour", VZCPT_REC_NETNEIGH, 0, e_nn_learnt, "flags 0x10" },
	{ "an externally learnt proxy entry", VZCPT_REC_NETNEIGH, 2, e_nn_learnt, "flags 0x18" },
	{ "a permanent neighbour with no address", VZCPT_REC_NETNEIGH, 0, e_nn_noll, "of 0 bytes" },
	{ "a neighbour address of 33 bytes", VZCPT_REC_NETNEIGH, 1, e_nn_longll, "of 33 bytes" },
	{ "bytes past a neighbour's address", VZCPT_REC_NETNEIGH, 0, e_nn_llpast, "past its link-layer" },
	{ "a proxy entry with an address", VZCPT_REC_NETNEIGH, 2, e_nn_proxyll, "proxy neighbour entry has a link-layer address of 6" },
	{ "a permanent neighbour on no device", VZCPT_REC_NETNEIGH, 1, e_nn_nodev, "on no device" },
	{ "a neighbour on device 4 of 3", VZCPT_REC_NETNEIGH, 2, e_nn_dev, "device 4 of 3" },
	{ "a neighbour with reserved set", VZCPT_REC_NETNEIGH, 0, e_nn_res, "reserved" },
	{ "a neighbour with an id", VZCPT_REC_NETNEIGH, 1, e_nn_id, "has id 3" },
	{ "an nftables message of type 15", VZCPT_REC_NFT, 0, e_nft_msg, "message of type 15" },
	{ "an nftables table of family 4", VZCPT_REC_NFT, 0, e_nft_family, "of family 4" },
	{ "an nftables object with reserved set", VZCPT_REC_NFT, 1, e_nft_res, "reserved" },
	{ "nftables attributes shorter than their record", VZCPT_REC_NFT, 2, e_nft_len,
	  "object of 12 bytes in a record of 24" },
	{ "an nftables attribute past its record", VZCPT_REC_NFT, 0, e_nft_alen,
	  "attribute of 200 bytes at 0 of 16" },
	{ "an nftables attribute's padding set", VZCPT_REC_NFT, 1, e_nft_pad, "padding is not zero" },
	{ "an nftables table name unterminated", VZCPT_REC_NFT, 0, e_nft_unterm, "not one string" },
	{ "an nftables object naming no table", VZCPT_REC_NFT, 0, e_nft_noname, "names no table" },
	{ "an nftables table owned by a socket", VZCPT_REC_NFT, 0, e_nft_owner, "owned by a socket" },
	{ "an nftables chain bound to a rule", VZCPT_REC_NFT, 1, e_nft_binding, "chain bound to a rule" },
	{ "an nftables table with its handle", VZCPT_REC_NFT, 0, e_nft_handle,
	  "message 0 has attribute 4" },
	{ "an nftables rule with a chain's transaction id", VZCPT_REC_NFT, 2, e_nft_ruleid,
	  "message 6 has attribute 11" },
	{ "an nftables table after a chain", VZCPT_REC_NFT, 2, e_nft_order, "after one of a later kind" },
	{ "an nftables object with an id", VZCPT_REC_NFT, 1, e_nft_id, "has id 1" },
	{ "an x_tables table of no name it has", VZCPT_REC_XTABLE, 0, e_xt_name, "family 2 and no name" },
	{ "an x_tables name with bytes past its NUL", VZCPT_REC_XTABLE, 1, e_xt_tail, "family 10 and no name" },
	{ "an x_tables table of family 7", VZCPT_REC_XTABLE, 0, e_xt_family, "family 7 and no name" },
	{ "an arptables nat table", VZCPT_REC_XTABLE, 0, e_xt_arpnat, "family 3 and no name" },
	{ "an x_tables table with reserved set", VZCPT_REC_XTABLE, 0, e_xt_res, "reserved" },
	{ "an x_tables table hooking nothing", VZCPT_REC_XTABLE, 0, e_xt_nohooks, "hooks 0" },
	{ "an x_tables table hooking hook 5", VZCPT_REC_XTABLE, 1, e_xt_hook5, "hooks 0x3f" },
	{ "an x_tables table of no entries", VZCPT_REC_XTABLE, 0, e_xt_none, "has 0 entries" },
	{ "x_tables entries of 631 bytes", VZCPT_REC_XTABLE, 0, e_xt_odd, "of 631 bytes" },
	{ "x_tables counters cut short", VZCPT_REC_XTABLE, 0, e_xt_short, "in a record of 768" },
	{ "an x_tables hook past the entries", VZCPT_REC_XTABLE, 0, e_xt_far, "hook 1 at 5000" },
	{ "an x_tables hook it has not, placed", VZCPT_REC_XTABLE, 0, e_xt_stray, "hook 0 at 0, its policy at 8" },
	{ "an x_tables table twice", VZCPT_REC_XTABLE, 1, e_xt_twice, "twice or out of order" },
	{ "a socket filter with an unknown flag", VZCPT_REC_SOCK_FILTER, 4, e_sf_flags, "flags 0x2" },
	{ "a socket filter longer than its record", VZCPT_REC_SOCK_FILTER, 4, e_sf_len,
	  "5 instructions in 40 bytes" },
	{ "a socket filter neither of a program nor a lock", VZCPT_REC_SOCK_FILTER, 4, e_sf_none,
	  "0 instructions has flags 0" },
	{ "a socket filter for a socket before", VZCPT_REC_SOCK_FILTER, 4, e_sf_id,
	  "socket 172, not right after its record" },
	{ "a unix socket's second filter", VZCPT_REC_SOCK_FILTER, 1, e_sf_70,
	  "a filter for socket 70, not right after its record, nor of a unix socket with no file or filter yet" },
	{ "a unix socket's filter after its file", VZCPT_REC_SOCK_FILTER, 2, e_sf_70,
	  "a filter for socket 70, not right after its record, nor of a unix socket with no file or filter yet" },
	{ "a filter for a pipe", VZCPT_REC_SOCK_FILTER, 3, e_sf_pipe,
	  "a filter for socket 20, not right after its record" },
	{ "a socket filter not ending in RET", VZCPT_REC_SOCK_FILTER, 4, e_sf_ret, "instruction 3" },
	{ "a socket filter jumping out of it", VZCPT_REC_SOCK_FILTER, 4, e_sf_jump, "instruction 1" },
	{ "a socket filter loading an unknown ancillary word", VZCPT_REC_SOCK_FILTER, 4, e_sf_anc,
	  "instruction 0" },
	{ "a socket filter with an unknown instruction", VZCPT_REC_SOCK_FILTER, 4, e_sf_code,
	  "code 0xc0" },
	{ "a socket filter reading scratch word 16", VZCPT_REC_SOCK_FILTER, 4, e_sf_mem,
	  "instruction 0" },
	{ "a tracked connection of family 7", VZCPT_REC_CONNTRACK, 0, e_ct_family, "of family 7" },
	{ "a tracked connection with reserved set", VZCPT_REC_CONNTRACK, 0, e_ct_res, "reserved" },
	{ "a tracked connection shorter than its record", VZCPT_REC_CONNTRACK, 0, e_ct_len,
	  "of 16 bytes in a record of 32" },
	{ "a tracked connection with its id", VZCPT_REC_CONNTRACK, 0, e_ct_id, "has attribute 12" },
	{ "a tracked connection with a helper", VZCPT_REC_CONNTRACK, 0, e_ct_help, "has attribute 5" },
	{ "a tracked connection with two original tuples", VZCPT_REC_CONNTRACK, 0, e_ct_twice,
	  "attribute 1 twice" },
	{ "a tracked connection without its time left", VZCPT_REC_CONNTRACK, 0, e_ct_notimeout,
	  "without its tuples or timeout" },
	{ "a tracked connection's attribute past its end", VZCPT_REC_CONNTRACK, 0, e_ct_cut,
	  "attribute of 12 bytes at 16 of 24" },
};

/* Each hostile image of @h: the sample with its one tweak, which the reader must refuse. */
static void run_hostiles(const struct hostile *h, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct hostile_state st = { .h = &h[i] };
		struct result res;
		struct imgb b;

		imgb_init(&b);
		imgb_sample(&b, hostile_tweak, &st);
		read_buf(b.buf, b.len, &res);
		ok(st.seen > st.h->nth && refused(&res, st.h->expect), "%s: %s", st.h->name,
		   res.accepted ? "accepted" : res.err);
		imgb_free(&b);
	}
}

static void test_hostile(void)
{
	run_hostiles(hostiles, sizeof(hostiles) / sizeof(hostiles[0]));
	run_hostiles(lock_hostiles, sizeof(lock_hostiles) / sizeof(lock_hostiles[0]));
	run_hostiles(evfd_hostiles, sizeof(evfd_hostiles) / sizeof(evfd_hostiles[0]));
	run_hostiles(pty_hostiles, sizeof(pty_hostiles) / sizeof(pty_hostiles[0]));
	run_hostiles(net_hostiles, sizeof(net_hostiles) / sizeof(net_hostiles[0]));
}

/* The sample with edit @h (reached: past its @nth record of its type) is accepted. */
static void test_accepted(const struct hostile *h, const char *what)
{
	struct hostile_state st = { .h = h };
	struct result res;
	struct imgb b;

	imgb_init(&b);
	imgb_sample(&b, hostile_tweak, &st);
	read_buf(b.buf, b.len, &res);
	ok(st.seen > h->nth && res.accepted, "%s: %s", what, res.accepted ? "accepted" : res.err);
	imgb_free(&b);
}

/* A memfd with its seals (its name may be anything, "/tmp/gone" too) is accepted. */
static void test_memfd_accepted(void)
{
	static const struct hostile h = { "memfd", VZCPT_REC_GHOST, 0, e_gh_memfd, NULL };

	test_accepted(&h, "a sealed memfd");
}

/* Shared anonymous memory carries its pages: the sample's mapping made one is accepted. */
static void test_shm_accepted(void)
{
	static const struct hostile h = { "shm", VZCPT_REC_VMA, 1, e_shm, NULL };

	test_accepted(&h, "shared anonymous memory with its pages");
}

/* A task in a session and a group whose leaders exited, as the dump marks it, is accepted. */
static void test_orphan_ids_accepted(void)
{
	static const struct hostile h = { "orphan ids", VZCPT_REC_TASK, 2, e_task_orphan_ids, NULL };

	test_accepted(&h, "a task in a session and group whose leaders exited");
}

/*
 * The sample's child (task 3) as a zombie, as the dump writes one: its TASK
 * record without a live task's state, none of its records after it (but
 * @keep, once), and @edit on top.
 */
struct zombie_case {
	const char *name;
	void (*edit)(struct vzcpt_img_task *t);
	uint16_t keep;
	const char *expect;	/* NULL: accepted */
};

struct zombie_state {
	const struct zombie_case *c;
	bool in_zombie, kept;
};

static bool zombie_tweak(unsigned int index, uint16_t *type, uint64_t *id, void *payload,
			 size_t *len, void *arg)
{
	struct zombie_state *st = arg;
	struct vzcpt_img_task *t = payload;
	char comm[16];

	(void)index;
	(void)len;
	/* Task 3 maps the sample's SysV segment; as a zombie it maps nothing. */
	if (*type == VZCPT_REC_SHM) {
		((struct vzcpt_img_shm *)payload)->nattch = 0;
		return true;
	}
	if (*type == VZCPT_REC_TASK && *id == 3) {
		memcpy(comm, t->comm, sizeof(comm));
		*t = (struct vzcpt_img_task){
			.pid = 3, .tgid = 3, .ppid = 1, .pgid = 3, .sid = 1,
			.flags = VZCPT_TASK_ZOMBIE, .exit_signal = 17,
			.uid = 1000, .euid = 1000, .suid = 1000, .fsuid = 1000,
			.gid = 100, .egid = 100, .sgid = 100, .fsgid = 100,
			.exit_code = 42 << 8,
		};
		memcpy(t->comm, comm, sizeof(comm));
		if (st->c->edit)
			st->c->edit(t);
		st->in_zombie = true;
		return true;
	}
	if (!st->in_zombie || *type == VZCPT_REC_END)
		return true;
	if (*type == st->c->keep && !st->kept) {
		st->kept = true;
		return true;
	}
	return false;
}

static void z_killed_core(struct vzcpt_img_task *t) { t->exit_code = 0x80 | 11; }
static void z_killed(struct vzcpt_img_task *t) { t->exit_code = 9; }
static void z_orphan_pgid(struct vzcpt_img_task *t) { t->pgid = 40; t->flags |= VZCPT_TASK_PGID_ORPHAN; }
static void z_stopped(struct vzcpt_img_task *t) { t->exit_code = 0x137f; }
static void z_both(struct vzcpt_img_task *t) { t->exit_code = 42 << 8 | 9; }
static void z_sig65(struct vzcpt_img_task *t) { t->exit_code = 65; }
static void z_high(struct vzcpt_img_task *t) { t->exit_code = 1 << 16; }
static void z_mm(struct vzcpt_img_task *t) { t->mm_id = 9; }
static void z_rlim(struct vzcpt_img_task *t) { t->rlim_max[7] = 4096; }
static void z_restart(struct vzcpt_img_task *t) { t->restart_kind = VZCPT_RESTART_POLL; }
static void z_thread(struct vzcpt_img_task *t)
{
	t->tgid = 1;
	t->flags |= VZCPT_TASK_THREAD;
	t->exit_signal = 0;
}

static void test_zombies(void)
{
	static const struct zombie_case cases[] = {
		{ "a zombie that exited 42", NULL, 0, NULL },
		{ "a zombie killed by SIGSEGV, core dumped", z_killed_core, 0, NULL },
		{ "a zombie killed by SIGKILL", z_killed, 0, NULL },
		{ "a zombie in a group whose leader exited", z_orphan_pgid, 0, NULL },
		{ "a zombie with a stop status", z_stopped, 0, "bad wait status" },
		{ "a zombie exited and killed at once", z_both, 0, "bad wait status" },
		{ "a zombie killed by signal 65", z_sig65, 0, "bad wait status" },
		{ "a zombie with status bits above 16", z_high, 0, "bad wait status" },
		{ "a zombie with an address space", z_mm, 0, "has an address space" },
		{ "a zombie with limits", z_rlim, 0, "live task's state" },
		{ "a zombie in a restarted call", z_restart, 0, "live task's state" },
		{ "a zombie thread", z_thread, 0, "thread 3 cannot be a zombie" },
		{ "a zombie with registers", NULL, VZCPT_REC_REGS, "follows zombie 3" },
		{ "a zombie with an address space record", NULL, VZCPT_REC_MM, "follows zombie 3" },
		{ "a zombie with signals", NULL, VZCPT_REC_SIGNALS, "follows zombie 3" },
	};
	unsigned int i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct zombie_state st = { .c = &cases[i] };
		struct result res;
		struct imgb b;

		imgb_init(&b);
		imgb_sample(&b, zombie_tweak, &st);
		read_buf(b.buf, b.len, &res);
		if (cases[i].expect)
			ok(st.in_zombie && (!cases[i].keep || st.kept) &&
			   refused(&res, cases[i].expect), "%s: %s", cases[i].name,
			   res.accepted ? "accepted" : res.err);
		else
			ok(st.in_zombie && res.accepted, "%s: %s", cases[i].name,
			   res.accepted ? "accepted" : res.err);
		imgb_free(&b);
	}
}

/* Record headers edited in place, checksum recomputed where it can be. */
static void test_headers(const struct imgb *sample)
{
	static const struct {
		const char *name;
		size_t field;	/* offset in struct vzcpt_rec */
		size_t size;
		uint64_t value;
		const char *expect;
	} cases[] = {
		{ "len above VZCPT_REC_MAX_LEN", 4, 4, VZCPT_REC_MAX_LEN + 1, "exceeds" },
		{ "len 0xffffffff", 4, 4, 0xffffffff, "exceeds" },
		{ "hdr_len 0", 2, 2, 0, "header length 0" },
		{ "hdr_len 20", 2, 2, 20, "header length 20" },
		{ "hdr_len 4096", 2, 2, 4096, "header length 4096" },
		{ "unknown type 99", 0, 2, 99, "unknown record type 99" },
		{ "type 0", 0, 2, 0, "unknown record type 0" },
		{ "reserved header field", 20, 4, 1, "reserved" },
	};
	unsigned int i, rec = 5;	/* the first mapping */

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t *copy = malloc(sample->len);
		struct imgb b = { .buf = copy, .len = sample->len, .nr = sample->nr };
		struct result res;

		memcpy(copy, sample->buf, sample->len);
		memcpy(b.off, sample->off, sizeof(b.off));
		memcpy(copy + sample->off[rec] + cases[i].field, &cases[i].value, cases[i].size);
		if (cases[i].field != 4)
			imgb_fix_csum(&b, rec);
		read_buf(copy, sample->len, &res);
		ok(refused(&res, cases[i].expect) && strstr(res.err, "record 6 "), "%s: %s",
		   cases[i].name, res.err);
		free(copy);
	}
}

static void test_trailing(const struct imgb *b)
{
	uint8_t *copy = malloc(b->len + 3);
	struct result res;

	memcpy(copy, b->buf, b->len);
	memcpy(copy + b->len, "xyz", 3);
	read_buf(copy, b->len + 3, &res);
	ok(refused(&res, "after the end record"), "bytes after the end record: %s", res.err);
	read_buf("Hello, world! This is not an image at all.", 42, &res);
	ok(refused(&res, "not a vzcpt image"), "a text file: %s", res.err);
	free(copy);
}

/* A longer record header (a future extension) is read past and checksummed. */
static void test_hdr_ext(void)
{
	struct imgb b, e;
	unsigned int i;
	struct result res;

	imgb_init(&b);
	imgb_init(&e);
	imgb_sample(&b, NULL, NULL);
	for (i = 0; i < b.nr; i++) {
		struct vzcpt_rec h;
		uint8_t ext[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
		struct img_xxh64 xh;
		size_t at = e.len;

		memcpy(&h, b.buf + b.off[i], sizeof(h));
		if (h.type == VZCPT_REC_END) {
			struct vzcpt_img_end end = { .nr_records = i, .bytes = e.len };

			imgb_rec(&e, VZCPT_REC_END, 0, &end, sizeof(end), NULL, 0);
			break;
		}
		imgb_rec(&e, h.type, h.id, b.buf + b.off[i] + sizeof(h), h.len, NULL, 0);
		/* Insert the extension and redo the checksum over header + extension + payload. */
		e.buf = realloc(e.buf, e.len + 8);
		e.cap = e.len + 8;
		memmove(e.buf + at + sizeof(h) + 8, e.buf + at + sizeof(h), h.len);
		memcpy(e.buf + at + sizeof(h), ext, 8);
		e.len += 8;
		h.hdr_len = sizeof(h) + 8;
		h.csum = 0;
		img_xxh64_reset(&xh, 0);
		img_xxh64_update(&xh, &h, sizeof(h));
		img_xxh64_update(&xh, ext, 8);
		img_xxh64_update(&xh, e.buf + at + sizeof(h) + 8, h.len);
		h.csum = (uint32_t)img_xxh64_digest(&xh);
		memcpy(e.buf + at, &h, sizeof(h));
	}
	read_buf(e.buf, e.len, &res);
	ok(res.accepted, "records with a longer header (an extension) read back: %s",
	   res.accepted ? "accepted" : res.err);
	imgb_free(&b);
	imgb_free(&e);
}

/*
 * Pre-copy passes (vzctl chkpnt --iterative) before the sample image: a
 * pass is a list of records; the sample's address spaces may name a
 * pre-copied mm and take some of their pages from it.
 */
struct pc_rec {
	uint16_t type;		/* VZCPT_REC_PRECOPY or VZCPT_REC_PAGES; 0 ends the list */
	uint64_t id;		/* the mm's seq */
	uint64_t a;		/* PRECOPY: the pass; PAGES: the start */
	uint64_t n;		/* PRECOPY: nr_pages; PAGES: nr */
};

struct pc_tweak {
	uint64_t mm1, mm9;	/* the seq the sample's address spaces 1 and 9 name */
	int ref6, ref10;	/* the first pages of mapping 6 (0x10000000+2), of 10 (0x20000000+1) */
	uint64_t ref6_start;	/* 0: as the sample has them */
	uint32_t ref_reserved;
	int precopy_inside;	/* a pre-copy record in place of the sample's hostname */
	unsigned int pages6;
};

static bool pc_tweak_fn(unsigned int index, uint16_t *type, uint64_t *id, void *payload,
			size_t *len, void *arg)
{
	struct pc_tweak *t = arg;

	(void)index;
	if (*type == VZCPT_REC_MM)
		((struct vzcpt_img_mm *)payload)->precopy = *id == 1 ? t->mm1 : t->mm9;
	if (*type == VZCPT_REC_UTS && t->precopy_inside) {
		struct vzcpt_img_precopy *pc = payload;

		memset(pc, 0, sizeof(*pc));
		memcpy(pc->magic, VZCPT_IMAGE_MAGIC, 8);
		pc->version = VZCPT_IMAGE_VERSION;
		pc->pass = 1;
		pc->nr_pages = 1;
		*type = VZCPT_REC_PRECOPY;
		*id = 1;
		*len = sizeof(*pc);
	}
	if (*type == VZCPT_REC_PAGES && ((*id == 6 && t->ref6 && !t->pages6++) ||
					 (*id == 10 && t->ref10))) {
		struct vzcpt_img_pages_ref *r = payload;	/* the same first 16 bytes */

		if (*id == 6 && t->ref6_start)
			r->start = t->ref6_start;
		r->reserved = t->ref_reserved;
		*type = VZCPT_REC_PAGES_REF;
		*len = sizeof(*r);
	}
	return true;
}

/* The passes @recs, then the sample tweaked by @t, read back. */
static void pc_read(const struct pc_rec *recs, struct pc_tweak *t,
		    void (*edit)(struct imgb *pre), struct result *res)
{
	static uint8_t data[8 * VZCPT_PAGE_SIZE];
	struct imgb pre, img;
	uint8_t *all;

	imgb_init(&pre);
	for (; recs->type; recs++) {
		if (recs->type == VZCPT_REC_PRECOPY) {
			struct vzcpt_img_precopy pc = { .pass = (uint32_t)recs->a,
							.nr_pages = recs->n };

			memcpy(pc.magic, VZCPT_IMAGE_MAGIC, 8);
			pc.version = VZCPT_IMAGE_VERSION;
			imgb_rec(&pre, VZCPT_REC_PRECOPY, recs->id, &pc, sizeof(pc), NULL, 0);
		} else {
			struct vzcpt_img_pages pg = { .start = recs->a, .nr = (uint32_t)recs->n };

			memset(data, (int)recs->a, sizeof(data));
			imgb_rec(&pre, VZCPT_REC_PAGES, recs->id, &pg, sizeof(pg), data,
				 recs->n * VZCPT_PAGE_SIZE);
		}
	}
	if (edit)
		edit(&pre);
	imgb_init(&img);
	imgb_sample(&img, pc_tweak_fn, t);
	all = malloc(pre.len + img.len);
	if (!all)
		abort();
	memcpy(all, pre.buf, pre.len);
	memcpy(all + pre.len, img.buf, img.len);
	read_buf(all, pre.len + img.len, res);
	free(all);
	imgb_free(&pre);
	imgb_free(&img);
}

#define PC(seq, pass, n) { VZCPT_REC_PRECOPY, seq, pass, n }
#define PG(seq, start, n) { VZCPT_REC_PAGES, seq, start, n }

/* Two mms, two passes; the second pass resends a page of mm 1 and sends one it had not. */
static const struct pc_rec pc_good[] = {
	PC(1, 1, 5), PG(1, 0x10000000, 2), PG(1, 0x10003000, 3),
	PC(2, 1, 1), PG(2, 0x20000000, 1),
	PC(1, 2, 2), PG(1, 0x10001000, 2),
	{ 0 },
};

static void pc_bad_version(struct imgb *pre)
{
	struct vzcpt_img_precopy *pc = (void *)(pre->buf + pre->off[0] + sizeof(struct vzcpt_rec));

	pc->version = 12;
	imgb_fix_csum(pre, 0);
}

static void pc_bad_reserved(struct imgb *pre)
{
	struct vzcpt_img_precopy *pc = (void *)(pre->buf + pre->off[3] + sizeof(struct vzcpt_rec));

	pc->reserved[1] = 1;
	imgb_fix_csum(pre, 3);
}

static void test_precopy(void)
{
	static const struct pc_rec first_pass_2[] = { PC(1, 2, 1), PG(1, 0x10000000, 1), { 0 } };
	static const struct pc_rec pass_skipped[] = {
		PC(1, 1, 1), PG(1, 0x10000000, 1), PC(1, 3, 1), PG(1, 0x10000000, 1), { 0 } };
	static const struct pc_rec seq_twice[] = {
		PC(1, 1, 1), PG(1, 0x10000000, 1), PC(2, 1, 1), PG(2, 0x20000000, 1),
		PC(1, 1, 1), PG(1, 0x10001000, 1), { 0 } };
	static const struct pc_rec seq_unknown[] = {
		PC(1, 1, 1), PG(1, 0x10000000, 1), PC(3, 1, 1), PG(3, 0x20000000, 1), { 0 } };
	static const struct pc_rec overlap[] = {
		PC(1, 1, 3), PG(1, 0x10000000, 2), PG(1, 0x10001000, 1), { 0 } };
	static const struct pc_rec short_pass[] = {
		PC(1, 1, 3), PG(1, 0x10000000, 2), PC(2, 1, 1), PG(2, 0x20000000, 1), { 0 } };
	static const struct pc_rec long_pass[] = { PC(1, 1, 1), PG(1, 0x10000000, 2), { 0 } };
	static const struct pc_rec other_mm[] = { PC(1, 1, 2), PG(2, 0x10000000, 2), { 0 } };
	static const struct pc_rec zero_seq[] = { PC(0, 1, 1), PG(0, 0x10000000, 1), { 0 } };
	static const struct pc_rec pages_first[] = { PG(1, 0x10000000, 1), { 0 } };
	static const struct {
		const char *name;
		const struct pc_rec *recs;
		struct pc_tweak t;
		void (*edit)(struct imgb *pre);
		const char *expect;
	} bad[] = {
		{ "a first pass numbered 2", first_pass_2, {}, NULL, "pre-copy pass 2 follows pass 0" },
		{ "a pass skipped", pass_skipped, {}, NULL, "pre-copy pass 3 follows pass 1" },
		{ "an mm twice in a pass", seq_twice, {}, NULL, "has mm 1 after mm 2" },
		{ "an unknown mm, not the next", seq_unknown, {}, NULL, "names mm 3, not a known one" },
		{ "mm seq 0", zero_seq, {}, NULL, "names mm 0" },
		{ "overlapping pages in a pass", overlap, {}, NULL, "overlap or precede" },
		{ "a pass with fewer pages than announced", short_pass, {}, NULL, "lacks 1 of its pages" },
		{ "a pass with more pages than announced", long_pass, {}, NULL, "more pages than it announced" },
		{ "pages of another mm in a pass", other_mm, {}, NULL, "pages of mm 2 among the pre-copy of mm 1" },
		{ "pages before any pass", pages_first, {}, NULL, "image header" },
		{ "a pass of another format version", pc_good, {}, pc_bad_version, "format version 12" },
		{ "a pass's reserved field", pc_good, {}, pc_bad_reserved, "reserved fields of a pre-copy record" },
		{ "an address space naming an mm no pass sent", pc_good, { .mm1 = 3 }, NULL,
		  "pre-copied mm 3, which no pass sent" },
		{ "two address spaces naming one mm", pc_good, { .mm1 = 1, .mm9 = 1 }, NULL,
		  "named by two address spaces" },
		{ "a reference to pages never sent", pc_good,
		  { .mm1 = 1, .ref6 = 1, .ref6_start = 0x10005000 }, NULL,
		  "page 0x10006000 of pre-copied mm 1 was never sent" },
		{ "a reference to another mm's pages", pc_good, { .mm1 = 2, .mm9 = 1, .ref6 = 1 }, NULL,
		  "page 0x10000000 of pre-copied mm 2 was never sent" },
		{ "a reference in an address space of no pre-copy", pc_good, { .ref6 = 1 }, NULL,
		  "cannot take pre-copied pages" },
		{ "a reference's reserved field", pc_good, { .mm1 = 1, .ref6 = 1, .ref_reserved = 1 },
		  NULL, "reserved field of a pre-copied pages record" },
		{ "a reference overlapping the pages before", pc_good,
		  { .mm1 = 1, .ref6 = 1, .ref6_start = 0x10004000 }, NULL,
		  "outside their mapping or out of order" },
		{ "a pass inside the image", pc_good, { .precopy_inside = 1 }, NULL,
		  "pre-copy pass comes after the image header" },
	};
	struct result res;
	unsigned int i;

	pc_read(pc_good, &(struct pc_tweak){ .mm1 = 1, .mm9 = 2, .ref6 = 1, .ref10 = 1 }, NULL,
		&res);
	ok(res.accepted, "passes, then an image taking pages from them: %s",
	   res.accepted ? "accepted" : res.err);
	pc_read(pc_good, &(struct pc_tweak){ .mm1 = 1 }, NULL, &res);
	ok(res.accepted, "passes, then an image carrying all its pages itself: %s",
	   res.accepted ? "accepted" : res.err);
	pc_read(pc_good, &(struct pc_tweak){ .mm1 = 1, .ref6 = 1, .ref6_start = 0x10001000 }, NULL,
		&res);
	ok(res.accepted, "a reference to a page only the second pass sent: %s",
	   res.accepted ? "accepted" : res.err);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct pc_tweak t = bad[i].t;

		pc_read(bad[i].recs, &t, bad[i].edit, &res);
		ok(refused(&res, bad[i].expect), "%s: %s", bad[i].name,
		   res.accepted ? "accepted" : res.err);
	}
}

int main(void)
{
	struct imgb b;

	imgb_init(&b);
	imgb_sample(&b, NULL, NULL);
	test_xxh64();
	test_csum_rule(&b);
	test_names();
	test_valid(&b);
	test_pipe(&b);
	test_sockopt();
	test_socket_file();
	test_truncated(&b);
	test_flipped(&b);
	test_headers(&b);
	test_shm_accepted();
	test_orphan_ids_accepted();
	test_memfd_accepted();
	test_zombies();
	test_hostile();
	test_trailing(&b);
	test_hdr_ext();
	test_precopy();
	imgb_free(&b);
	printf("1..%u\n", tests);
	if (failed)
		printf("# %u of %u failed\n", failed, tests);
	return failed ? 1 : 0;
}
