/* crc32.h: the one CRC-32 of ckboot (crc32.c), for the loader and for
   libckboot, which builds crc32.c too.  Freestanding.  */

#ifndef STAGE_CRC32_H
#define STAGE_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define CRC32_POLY 0xedb88320U /* x^32 + x^26 + ... + 1, reflected */

/* Chains like zlib's crc32(): 0 to start.  */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

#endif /* STAGE_CRC32_H */
