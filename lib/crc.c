/* The CRC-32 that ckboot-install records in the loader header and that
   the loader recomputes over the kernel it has read: the IEEE 802.3 /
   zlib one (reflected polynomial 0xEDB88320, initial value and final
   XOR ~0).

   libckboot compiles stage/crc32.c, the loader's own slicing-by-8, so
   the installer and the loader share one definition.  On an x86 host
   with PCLMULQDQ, long buffers go through carry-less multiplication
   instead (Intel's "Fast CRC Computation for Generic Polynomials Using
   PCLMULQDQ", 2009): 64 bytes folded a step, several GB/s against
   slicing-by-8's one or two, which is what lets an install of a big
   kernel keep up with dd (issue 7).  tests/unit/crc32 checks both
   against the bit-at-a-time definition.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include "ckboot.h"

#include "../stage/crc32.h"

/* A(x) * B(x) mod P(x), in the reflected order the CRC uses: bit 31 is
   x^0.  */
static uint32_t gf2_mulmod(uint32_t a, uint32_t b)
{
	uint32_t bit = 1U << 31, product = 0;

	for (; bit && a; bit >>= 1) {
		if (a & bit) {
			product ^= b;
			a ^= bit;
		}
		b = (b & 1) ? (b >> 1) ^ CRC32_POLY : b >> 1;
	}
	return product;
}

/* Appending LEN_B bytes multiplies the register by x^(8 LEN_B); the
   pre- and post-inversions of the two CRCs cancel out, so what is left
   is CRC_A times that power, plus CRC_B.  */
uint32_t ckb_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b)
{
	uint32_t power = 1U << 31;     /* x^0 */
	uint32_t square = 1U << 23;    /* x^8: one byte */

	for (; len_b; len_b >>= 1) {
		if (len_b & 1)
			power = gf2_mulmod(power, square);
		square = gf2_mulmod(square, square);
	}
	return gf2_mulmod(power, crc_a) ^ crc_b;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

#define CLMUL_MIN 64

/* The folding constants for the reflected polynomial: x^(k) mod P(x)
   for the distances folded over (k1, k2: 512 bits; k3, k4: 128; k5:
   64), then P(x) itself and its Barrett quotient mu, as the paper gives
   them in the bit-reflected domain.  */
static const uint64_t k1k2[2] __attribute__((aligned(16))) = {0x0154442bd4,
							      0x01c6e41596};
static const uint64_t k3k4[2] __attribute__((aligned(16))) = {0x01751997d0,
							      0x00ccaa009e};
static const uint64_t k5k0[2] __attribute__((aligned(16))) = {0x0163cd6124,
							      0};
static const uint64_t poly[2] __attribute__((aligned(16))) = {0x01db710641,
							      0x01f7011641};

/* CRC is the running register (already inverted); LEN >= 64 and a
   multiple of 16.  */
__attribute__((target("pclmul,sse4.1"))) static uint32_t
crc32_clmul(uint32_t crc, const unsigned char *buf, size_t len)
{
	__m128i k, x1, x2, x3, x4, t1, t2, t3, t4, mask;

	x1 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
	x2 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
	x3 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
	x4 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
	x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
	k = _mm_load_si128((const __m128i *)k1k2);
	buf += 64, len -= 64;

	/* Four lanes of 128 bits, each folded 512 bits ahead.  */
	for (; len >= 64; buf += 64, len -= 64) {
		t1 = _mm_clmulepi64_si128(x1, k, 0x00);
		t2 = _mm_clmulepi64_si128(x2, k, 0x00);
		t3 = _mm_clmulepi64_si128(x3, k, 0x00);
		t4 = _mm_clmulepi64_si128(x4, k, 0x00);
		x1 = _mm_clmulepi64_si128(x1, k, 0x11);
		x2 = _mm_clmulepi64_si128(x2, k, 0x11);
		x3 = _mm_clmulepi64_si128(x3, k, 0x11);
		x4 = _mm_clmulepi64_si128(x4, k, 0x11);
		x1 = _mm_xor_si128(_mm_xor_si128(x1, t1),
				   _mm_loadu_si128((const __m128i *)(buf + 0x00)));
		x2 = _mm_xor_si128(_mm_xor_si128(x2, t2),
				   _mm_loadu_si128((const __m128i *)(buf + 0x10)));
		x3 = _mm_xor_si128(_mm_xor_si128(x3, t3),
				   _mm_loadu_si128((const __m128i *)(buf + 0x20)));
		x4 = _mm_xor_si128(_mm_xor_si128(x4, t4),
				   _mm_loadu_si128((const __m128i *)(buf + 0x30)));
	}

	/* The four lanes into one, then the 16-byte blocks left.  */
	k = _mm_load_si128((const __m128i *)k3k4);
	t1 = _mm_clmulepi64_si128(x1, k, 0x00);
	x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k, 0x11), x2),
			   t1);
	t1 = _mm_clmulepi64_si128(x1, k, 0x00);
	x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k, 0x11), x3),
			   t1);
	t1 = _mm_clmulepi64_si128(x1, k, 0x00);
	x1 = _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128(x1, k, 0x11), x4),
			   t1);
	for (; len >= 16; buf += 16, len -= 16) {
		t1 = _mm_clmulepi64_si128(x1, k, 0x00);
		x1 = _mm_xor_si128(
		    _mm_xor_si128(_mm_clmulepi64_si128(x1, k, 0x11),
				  _mm_loadu_si128((const __m128i *)buf)),
		    t1);
	}

	/* 128 bits to 64, then Barrett reduction to 32.  */
	mask = _mm_setr_epi32(~0, 0, ~0, 0);
	x2 = _mm_clmulepi64_si128(x1, k, 0x10);
	x1 = _mm_xor_si128(_mm_srli_si128(x1, 8), x2);
	k = _mm_loadl_epi64((const __m128i *)k5k0);
	x2 = _mm_srli_si128(x1, 4);
	x1 = _mm_clmulepi64_si128(_mm_and_si128(x1, mask), k, 0x00);
	x1 = _mm_xor_si128(x1, x2);
	k = _mm_load_si128((const __m128i *)poly);
	x2 = _mm_clmulepi64_si128(_mm_and_si128(x1, mask), k, 0x10);
	x2 = _mm_clmulepi64_si128(_mm_and_si128(x2, mask), k, 0x00);
	x1 = _mm_xor_si128(x1, x2);
	return (uint32_t)_mm_extract_epi32(x1, 1);
}

/* __builtin_cpu_supports() reads what libgcc found at start-up, so
   asking each time costs nothing.  */
static int have_clmul(void)
{
	return __builtin_cpu_supports("pclmul") &&
	       __builtin_cpu_supports("sse4.1");
}

uint32_t ckb_crc32(uint32_t crc, const void *buf, size_t len)
{
	size_t n = len & ~(size_t)15;

	if (len < CLMUL_MIN || !have_clmul())
		return crc32_update(crc, buf, len);
	crc = ~crc32_clmul(~crc, buf, n);
	return crc32_update(crc, (const unsigned char *)buf + n, len - n);
}
#else
uint32_t ckb_crc32(uint32_t crc, const void *buf, size_t len)
{
	return crc32_update(crc, buf, len);
}
#endif
