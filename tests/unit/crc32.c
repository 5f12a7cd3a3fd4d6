/* Unit tests for stage/crc32.c: the standard check value, chaining,
   agreement with a bit-at-a-time CRC-32 at every length and alignment
   the sliced loop distinguishes, before the tables are built (the
   short-message path) and after, and the sparse reduction's agreement
   with both.  */

#include <string.h>

#include "boot.h"
#include "unit.h"
#include "crc_bitwise.h"

/* crc32.h's three steps.  */
static uint32_t fold_crc(const unsigned char *buf, size_t len)
{
	struct crc32_fold f;
	size_t n = crc32_fold_words(len);

	crc32_fold_start(&f);
	/* In two pieces, as the loader's chunks come.  */
	crc32_fold_run(&f, buf, n / 3);
	crc32_fold_run(&f, buf + 8 * (n / 3), n - n / 3);
	return crc32_fold_finish(&f, buf + 8 * n, len - 8 * n);
}

int main(void)
{
	static unsigned char buf[4096 + 16];
	uint32_t x = 12345, c;
	size_t i, len, off;

	unit_case("crc32: check value of \"123456789\"");
	CHECK_EQ(crc32_update(0, "123456789", 9), 0xcbf43926U);
	CHECK_EQ(crc32_update(0, "", 0), 0);
	CHECK_EQ(crc32_update(0, "a", 1), 0xe8b7be43U);

	unit_case("crc32: chained calls equal one call");
	c = crc32_update(0, "1234", 4);
	CHECK_EQ(crc32_update(c, "56789", 5), 0xcbf43926U);
	c = crc32_update(0, "", 0);
	c = crc32_update(c, "123456789", 9);
	CHECK_EQ(c, 0xcbf43926U);

	unit_case("crc32: agrees with the bitwise definition");
	for (i = 0; i < sizeof buf; i++) {
		x = x * 1103515245U + 12345U;
		buf[i] = x >> 16;
	}
	for (off = 0; off < 8; off++)
		for (len = 0; len < 80; len++)
			CHECK_EQ(crc32_update(0, buf + off, len),
				 crc32_bitwise(0, buf + off, len));
	CHECK_EQ(crc32_update(0, buf + 3, 4096), crc32_bitwise(0, buf + 3, 4096));
	c = 0;
	for (i = 0; i < 4096; i += 1 + i % 13)
		c = crc32_update(
		    c, buf + i,
		    (i + 1 + i % 13 > 4096 ? 4096 - i : 1 + i % 13));
	CHECK_EQ(c, crc32_bitwise(0, buf, 4096));

	/* The lengths above ran a bit at a time until the 4096-byte call
	   built the tables; now through the tables.  */
	unit_case("crc32: short messages agree once the tables are built");
	for (off = 0; off < 8; off++)
		for (len = 0; len < 80; len++)
			CHECK_EQ(crc32_update(0, buf + off, len),
				 crc32_bitwise(0, buf + off, len));

	unit_case("crc32: the sparse reduction agrees at every tail length");
	CHECK_EQ(crc32_fold_words(63), 0);
	CHECK_EQ(crc32_fold_words(64), 3);
	for (off = 0; off < 8; off += 3)
		for (len = 64; len < 700; len++)
			CHECK_EQ(fold_crc(buf + off, len),
				 crc32_update(0, buf + off, len));
	CHECK_EQ(fold_crc(buf + 1, 4095), crc32_bitwise(0, buf + 1, 4095));
	return unit_status();
}
