/* file.c: open a file that libckboot is to read whole or map.

   Only a regular file can be read more than once or mapped, and only a
   regular file is a kernel, a manifest or a backup.  Anything else must
   be refused before it is read, and before it can block: open() of a
   FIFO waits for a writer that may never come, and a read from one
   waits for data.  So the file is opened with O_NONBLOCK, which makes
   that open() return at once, and looked at with fstat(); for a regular
   file, where O_NONBLOCK means nothing, the flag is cleared again so
   that reads behave as they always did.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"

int file_open_read(const char *path, struct stat *st)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), fl, e;

	if (fd < 0)
		return -1;
	if (fstat(fd, st) < 0)
		goto fail;
	if (!S_ISREG(st->st_mode))
		return fd;
	fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0)
		goto fail;
	return fd;
fail:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}
