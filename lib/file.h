/* file.h: the files libckboot reads whole or maps (file.c): the
   kernel, the modules, a manifest, a --restore backup.  */

#ifndef CKBOOT_FILE_H
#define CKBOOT_FILE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>

#include "ckboot.h"

/* open(PATH, O_RDONLY | O_CLOEXEC) without waiting on a FIFO, and
   fstat() it into ST; the descriptor, or -1 with errno set.  The caller
   refuses what ST says is not a regular file.  */
int file_open_read(const char *path, struct stat *st);
/* LEN bytes of FD at OFF, whole: 0, or -1 with errno set (to 0 when
   the file ends first).  */
int file_read_at(int fd, void *buf, size_t len, uint64_t off);
/* The same, with "PATH: read error: ..." or "PATH: file shrank while
   being read" in ERR.  */
int file_read(const char *path, int fd, void *buf, size_t len, uint64_t off,
	      struct ckb_error *err);
/* The file as ST shows it, before its first byte is read.  */
void file_stamp(const struct stat *st, struct ckb_file_stamp *s);
/* The CRC-32 of the SIZE bytes of FD, PATH in messages.  */
int file_crc32(const char *path, int fd, uint64_t size, uint32_t *crc,
	       struct ckb_error *err);

#endif /* CKBOOT_FILE_H */
