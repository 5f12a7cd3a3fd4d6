/* The CRC-32 that ckboot-install records in the loader header and that
   the loader recomputes over the kernel it has read (stage/crc32.c): the
   IEEE 802.3 / zlib one (reflected polynomial 0xEDB88320, initial value
   and final XOR ~0).

   gnulib's crc32_update() is exactly zlib's crc32(): it takes the value
   returned by the previous call (0 at the start), so ckb_crc32() is a thin
   wrapper that only fixes the buffer type.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include "ckboot.h"
#include "crc.h"

uint32_t ckb_crc32(uint32_t crc, const void *buf, size_t len)
{
	return crc32_update(crc, buf, len);
}
