// SPDX-License-Identifier: GPL-2.0
/* XXH64 (see xxh64.h), written from the algorithm's specification. */
#include <string.h>

#include "xxh64.h"

/* In hex, as the specification gives them, which is easier to check against it. */
#define P1 0x9E3779B185EBCA87ULL
#define P2 0xC2B2AE3D27D4EB4FULL
#define P3 0x165667B19E3779F9ULL
#define P4 0x85EBCA77C2B2AE63ULL
#define P5 0x27D4EB2F165667C5ULL

/*
 * The hash is defined on little-endian words. The loads go through memcpy
 * so that any alignment of the caller's buffer is fine; compilers make them
 * one instruction.
 */
static inline uint64_t load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap64(v);
#endif
	return v;
}

static inline uint32_t load32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	v = __builtin_bswap32(v);
#endif
	return v;
}

static inline uint64_t rotl(uint64_t x, unsigned int r)
{
	return (x << r) | (x >> (64 - r));
}

static inline uint64_t round64(uint64_t acc, uint64_t lane)
{
	acc += lane * P2;
	acc = rotl(acc, 31);
	return acc * P1;
}

static inline uint64_t merge(uint64_t h, uint64_t acc)
{
	h ^= round64(0, acc);
	return h * P1 + P4;
}

/* Whole 32-byte stripes of p into acc; returns the bytes consumed. */
static size_t stripes(uint64_t acc[4], const uint8_t *p, size_t len)
{
	/* Locals rather than acc[] so that the four lanes stay in registers. */
	uint64_t a = acc[0], b = acc[1], c = acc[2], d = acc[3];
	size_t done = 0;

	for (; len - done >= 32; done += 32) {
		a = round64(a, load64(p + done));
		b = round64(b, load64(p + done + 8));
		c = round64(c, load64(p + done + 16));
		d = round64(d, load64(p + done + 24));
	}
	acc[0] = a;
	acc[1] = b;
	acc[2] = c;
	acc[3] = d;
	return done;
}

void img_xxh64_reset(struct img_xxh64 *s, uint64_t seed)
{
	memset(s, 0, sizeof(*s));
	s->seed = seed;
	/* Unsigned wrap-around is the specification's arithmetic here. */
	s->acc[0] = seed + P1 + P2;
	s->acc[1] = seed + P2;
	s->acc[2] = seed;
	s->acc[3] = seed - P1;
}

void img_xxh64_update(struct img_xxh64 *s, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t n;

	if (!len)
		return;		/* buf may be NULL then: memcpy must not see it */
	s->total += len;
	if (s->buffered) {
		n = sizeof(s->buf) - s->buffered;
		if (n > len)
			n = len;
		memcpy(s->buf + s->buffered, p, n);
		s->buffered += n;
		p += n;
		len -= n;
		if (s->buffered < sizeof(s->buf))
			return;
		stripes(s->acc, s->buf, sizeof(s->buf));
		s->buffered = 0;
	}
	n = stripes(s->acc, p, len);
	p += n;
	len -= n;
	if (len) {
		memcpy(s->buf, p, len);
		s->buffered = len;
	}
}

uint64_t img_xxh64_digest(const struct img_xxh64 *s)
{
	const uint8_t *p = s->buf;
	size_t left = s->buffered;
	uint64_t h;

	/* Under one stripe in all, the accumulators were never used. */
	if (s->total >= 32) {
		h = rotl(s->acc[0], 1) + rotl(s->acc[1], 7) +
		    rotl(s->acc[2], 12) + rotl(s->acc[3], 18);
		h = merge(h, s->acc[0]);
		h = merge(h, s->acc[1]);
		h = merge(h, s->acc[2]);
		h = merge(h, s->acc[3]);
	} else {
		h = s->seed + P5;
	}
	h += s->total;

	for (; left >= 8; p += 8, left -= 8) {
		h ^= round64(0, load64(p));
		h = rotl(h, 27) * P1 + P4;
	}
	if (left >= 4) {
		h ^= (uint64_t)load32(p) * P1;
		h = rotl(h, 23) * P2 + P3;
		p += 4;
		left -= 4;
	}
	for (; left; p++, left--) {
		h ^= *p * P5;
		h = rotl(h, 11) * P1;
	}

	h ^= h >> 33;
	h *= P2;
	h ^= h >> 29;
	h *= P3;
	h ^= h >> 32;
	return h;
}

uint64_t img_xxh64(const void *buf, size_t len, uint64_t seed)
{
	struct img_xxh64 s;

	img_xxh64_reset(&s, seed);
	img_xxh64_update(&s, buf, len);
	return img_xxh64_digest(&s);
}
