/* blob.h: the pseudo-random stream shared by gen-blob (host) and big.elf
   (test kernel): splitmix64, little-endian bytes.  */

#ifndef BLOB_H
#define BLOB_H

#include <stdint.h>

#define BLOB_SEED 0x636b626f6f74ULL /* "ckboot" */

static inline uint64_t blob_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

#endif /* BLOB_H */
