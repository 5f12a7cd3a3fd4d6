/* crc32.h: the one CRC-32 of ckboot (crc32.c), for the loader and for
   libckboot, which builds crc32.c too.  Freestanding.  */

#ifndef STAGE_CRC32_H
#define STAGE_CRC32_H

#include <stddef.h>
#include <stdint.h>

#define CRC32_POLY 0xedb88320U /* x^32 + x^26 + ... + 1, reflected */

/* Chains like zlib's crc32(): 0 to start.  */
uint32_t crc32_update(uint32_t crc, const void *buf, size_t len);

/* The same CRC of a whole message of LEN bytes (start value 0) in
   steps, for long messages in 64-bit code (crc32.c says how):

	n = crc32_fold_words(len);	0: use crc32_update()
	crc32_fold_start(&f);
	crc32_fold_run(&f, buf, n);	the first 8*n bytes, in any pieces
	crc = crc32_fold_finish(&f, buf + 8 * n, len - 8 * n);

   The loader runs its own crc32_fold_run() in long mode, copying as it
   goes (crc32_long.S); this one is the reference.  */
#define CRC32_FOLD_HISTORY 5
struct crc32_fold {
	uint64_t w[CRC32_FOLD_HISTORY]; /* last reduced words, newest first */
};
size_t crc32_fold_words(size_t len);
void crc32_fold_start(struct crc32_fold *f);
void crc32_fold_run(struct crc32_fold *f, const void *buf, size_t words);
uint32_t crc32_fold_finish(const struct crc32_fold *f, const void *rest,
			   size_t len);

#endif /* STAGE_CRC32_H */
