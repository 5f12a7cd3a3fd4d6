/* file.h: opening the files libckboot reads whole or maps (file.c):
   the kernel, a manifest, a --restore backup.  */

#ifndef CKBOOT_FILE_H
#define CKBOOT_FILE_H

#include <sys/stat.h>

/* open(PATH, O_RDONLY | O_CLOEXEC) without waiting on a FIFO, and
   fstat() it into ST; the descriptor, or -1 with errno set.  The caller
   refuses what ST says is not a regular file.  */
int file_open_read(const char *path, struct stat *st);

#endif /* CKBOOT_FILE_H */
