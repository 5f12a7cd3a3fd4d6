/* crc_bitwise.h: the CRC-32 of ckboot by its definition, a bit at a
   time, for the unit tests of the table and folding versions (unit/crc32
   for stage/crc32.c, unit/libckboot for ckb_crc32).  CRC chains as
   zlib's crc32() does: 0 to start.  */

#ifndef TESTS_CRC_BITWISE_H
#define TESTS_CRC_BITWISE_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t crc32_bitwise(uint32_t crc, const unsigned char *p,
				     size_t n)
{
	crc = ~crc;
	while (n--) {
		crc ^= *p++;
		for (int k = 0; k < 8; k++)
			crc = (crc & 1) ? 0xedb88320U ^ (crc >> 1) : crc >> 1;
	}
	return ~crc;
}

#endif /* TESTS_CRC_BITWISE_H */
