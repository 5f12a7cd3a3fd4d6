/* crc32.c: the one CRC-32 of ckboot.

   ckboot-install records the CRC-32 of the kernel file in the loader
   header; kernel.c computes it again over the file it has read and
   refuses a mismatch.  This is the IEEE 802.3 / zlib / PNG CRC:
   reflected polynomial 0xEDB88320, initial value ~0, final ~.

   Chaining follows zlib's crc32(): CRC is the value a previous call
   returned (0 to start), the inversions happen inside, so

	crc32_update(crc32_update(0, a, n), b, m) == crc32_update(0, ab, n+m)

   and crc32_update(0, "123456789", 9) == 0xCBF43926.

   crc32_update() goes eight bytes a step ("slicing-by-8", Intel's 2006
   paper): eight 1 KiB tables, built on the first message long enough
   to be worth them rather than stored, which keeps 8 KiB out of
   loader.bin; shorter ones go a bit at a time.  libckboot uses it for
   short pieces and where it has no carry-less multiply.  The loader
   checks the kernel with the sparse reduction below and asks
   crc32_update() only for its last 38-45 bytes.  Freestanding: no
   headers beyond the compiler's and crc32.h, so libckboot and the unit
   tests build it too.

   Long messages have a second way, without tables: crc32_fold_*()
   below, the reference for the loader's 64-bit loop (crc32_long.S).  */

#include "crc32.h"

static uint32_t crc_table[8][256];
static int crc_table_ready;

/* The register C advanced through eight bits, a bit at a time.  */
static uint32_t crc32_step8(uint32_t c)
{
	int k;

	for (k = 0; k < 8; k++)
		c = (c >> 1) ^ (CRC32_POLY & -(c & 1));
	return c;
}

static void crc32_init(void)
{
	uint32_t c;
	int n, k;

	for (n = 0; n < 256; n++)
		crc_table[0][n] = crc32_step8(n);
	/* Table K advances a byte through K further zero bytes.  */
	for (n = 0; n < 256; n++)
		for (k = 1; k < 8; k++) {
			c = crc_table[k - 1][n];
			crc_table[k][n] = crc_table[0][c & 0xff] ^ (c >> 8);
		}
	crc_table_ready = 1;
}

/* Little-endian 32-bit load from any alignment.  */
static uint32_t load32(const unsigned char *p)
{
	return p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Eight bytes at P into the running register CRC.  */
static inline uint32_t slice8(uint32_t crc, const unsigned char *p)
{
	uint32_t a = load32(p) ^ crc, b = load32(p + 4);

	return crc_table[7][a & 0xff] ^ crc_table[6][(a >> 8) & 0xff] ^
	       crc_table[5][(a >> 16) & 0xff] ^ crc_table[4][a >> 24] ^
	       crc_table[3][b & 0xff] ^ crc_table[2][(b >> 8) & 0xff] ^
	       crc_table[1][(b >> 16) & 0xff] ^ crc_table[0][b >> 24];
}

/* Below this many bytes, and while the tables are not built, a bit at a
   time: building them is about 20 K instructions, and all the loader
   asks of this function is crc32_fold_finish()'s 38-45 bytes.  */
#define CRC32_TABLE_MIN 256

static uint32_t crc32_by_bits(uint32_t crc, const unsigned char *p,
			      size_t len)
{
	crc = ~crc;
	while (len--)
		crc = crc32_step8(crc ^ *p++);
	return ~crc;
}

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!crc_table_ready) {
		if (len < CRC32_TABLE_MIN)
			return crc32_by_bits(crc, p, len);
		crc32_init();
	}
	crc = ~crc;
	/* Two steps a turn: under TCG the loop's own three instructions
	   are a tenth of the work (a 32 MiB boot: 139.8 M guest
	   instructions, 127.7 M unrolled).  */
	for (; len >= 16; len -= 16, p += 16)
		crc = slice8(slice8(crc, p), p + 8);
	for (; len >= 8; len -= 8, p += 8)
		crc = slice8(crc, p);
	while (len--)
		crc = crc_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

/* ---- Long messages: reduction by a sparse multiple ----

   Q(x) = x^300 + x^155 + x^117 + x^89 + 1 is a multiple of the CRC
   polynomial, the five-term multiple of lowest degree (found by
   search).  A message has the same remainder modulo the polynomial as
   its remainder modulo Q, and reducing modulo Q is cheap: in the bit
   stream, least significant bit of each byte first as this CRC reads
   it, a bit at least 300 bits before the end is cleared by adding it
   145, 183, 211 and 300 bits further on.  Cleared word by word from the
   front, a message keeps only its last 38 to 45 bytes, changed; their
   CRC from a zero register is the message's.  The initial ~0 comes from
   a word before the message, CRC32_FOLD_START, whose CRC from a zero
   register is ~0: the message itself is left as it is.

   Each 64-bit word costs eight shifts and nine XORs, no table lookup.
   The loader runs it in crc32_long.S, which keeps the five words of
   history in registers and copies each word as it reduces it: under
   QEMU's TCG, reading a 1 MiB kernel that way takes 30 M TSC ticks
   against 35 M with slicing-by-8 after the copy.  */

#define FOLD_DEGREE 300

/* 0x00000000 then 0x9226f562, little-endian: CRC from zero = ~0.  */
#define CRC32_FOLD_START 0x9226f56200000000ULL

/* What the five previous reduced words add to the next one: each is
   added at 145 (2 words + 17 bits), 183 (2 + 55), 211 (3 + 19) and 300
   (4 + 44) bits on, so it lands in two words.  W2 is two words back.  */
static uint64_t fold_mix(uint64_t w2, uint64_t w3, uint64_t w4, uint64_t w5)
{
	return w2 << 17 ^ w3 >> 47 ^ w2 << 55 ^ w3 >> 9 ^ w3 << 19 ^
	       w4 >> 45 ^ w4 << 44 ^ w5 >> 20;
}

static void fold_push(struct crc32_fold *f, uint64_t w)
{
	int i;

	for (i = CRC32_FOLD_HISTORY - 1; i > 0; i--)
		f->w[i] = f->w[i - 1];
	f->w[0] = w;
}

size_t crc32_fold_words(size_t len)
{
	/* Below 64 bytes there is little to gain.  */
	return len < 64 ? 0 : (8 * (uint64_t)len - FOLD_DEGREE) / 64;
}

/* Little-endian 64-bit load from any alignment.  */
static uint64_t load64(const unsigned char *p)
{
	return load32(p) | (uint64_t)load32(p + 4) << 32;
}

void crc32_fold_start(struct crc32_fold *f)
{
	int i;

	/* CRC32_FOLD_START reduced from an empty history.  */
	for (i = 0; i < CRC32_FOLD_HISTORY; i++)
		f->w[i] = 0;
	f->w[0] = CRC32_FOLD_START;
}

void crc32_fold_run(struct crc32_fold *f, const void *buf, size_t words)
{
	const unsigned char *p = buf;
	size_t i;

	for (i = 0; i < words; i++, p += 8)
		fold_push(f, load64(p) ^ fold_mix(f->w[1], f->w[2], f->w[3],
						  f->w[4]));
}

uint32_t crc32_fold_finish(const struct crc32_fold *f, const void *rest,
			   size_t len)
{
	struct crc32_fold h = *f;
	unsigned char tail[8 * (CRC32_FOLD_HISTORY + 1)];
	const unsigned char *r = rest;
	uint64_t add;
	size_t i;
	int j;

	for (i = 0; i < sizeof tail; i++)
		tail[i] = i < len ? r[i] : 0;
	/* The reduced words reach five words past the last of them, never
	   past the end of the message.  */
	for (i = 0; i < CRC32_FOLD_HISTORY; i++) {
		add = fold_mix(h.w[1], h.w[2], h.w[3], h.w[4]);
		for (j = 0; j < 8; j++)
			tail[8 * i + j] ^= (unsigned char)(add >> 8 * j);
		fold_push(&h, 0);
	}
	/* From a zero register: crc32_update() starts from the complement
	   of what it is given.  */
	return crc32_update(0xffffffffU, tail, len);
}
