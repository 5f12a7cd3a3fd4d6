/* file.c: open a file that libckboot is to read whole or map, take
   its stamp and its CRC-32.

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
#include <pthread.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "window.h"

#define CRC_CHUNK (2 * 1024 * 1024) /* a multiple of the page size */
#define CRC_SPLIT_MIN (8 * 1024 * 1024) /* smaller: one thread */

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

int file_read_at(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pread(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = 0;
			return -1;
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

int file_read(const char *path, int fd, void *buf, size_t len, uint64_t off,
	      struct ckb_error *err)
{
	if (file_read_at(fd, buf, len, off) == 0)
		return 0;
	if (errno)
		snprintf(err->msg, sizeof err->msg, "%s: read error: %s", path,
			 strerror(errno));
	else
		snprintf(err->msg, sizeof err->msg,
			 "%s: file shrank while being read", path);
	return -1;
}

/* Taken before the first byte is read: a build that rewrites the
   file while it is checked or its CRC taken moves its times past this
   stamp, and write.c then refuses to install it.  */
void file_stamp(const struct stat *st, struct ckb_file_stamp *s)
{
	s->dev = st->st_dev;
	s->ino = st->st_ino;
	s->size = st->st_size;
	s->mtime_sec = st->st_mtim.tv_sec;
	s->mtime_nsec = st->st_mtim.tv_nsec;
	s->ctime_sec = st->st_ctim.tv_sec;
	s->ctime_nsec = st->st_ctim.tv_nsec;
}

/* ---- the CRC-32 of a whole file ---- */

/* The file is mapped a window at a time rather than read: the CRC then
   runs on the page cache itself, with no copy into a buffer, which is a
   third of an install's CPU time for a big kernel (issue 7).  Windows
   keep the resident size small.  Where mmap() does not work, read.  */
struct crc_pass {
	const char *path;
	int fd;
	struct ckb_error *err;
	struct window w;
	unsigned char *buf;
	uint64_t from, to; /* the part of the file this pass covers */
	uint32_t crc;
	int r;
};

static int crc_pass(void *arg)
{
	struct crc_pass *c = arg;
	uint64_t off;
	size_t n;

	for (off = c->from; off < c->to; off += n) {
		n = c->to - off < CRC_CHUNK ? c->to - off : CRC_CHUNK;
		if (window_map(&c->w, c->fd, off, n) == 0) {
			c->crc = ckb_crc32(c->crc, c->w.p, n);
			window_unmap(&c->w);
			continue;
		}
		if (!c->buf && !(c->buf = malloc(CRC_CHUNK))) {
			snprintf(c->err->msg, sizeof c->err->msg, "%s: %s",
				 c->path, strerror(ENOMEM));
			return -1;
		}
		if (file_read(c->path, c->fd, c->buf, n, off, c->err) < 0)
			return -1;
		c->crc = ckb_crc32(c->crc, c->buf, n);
	}
	return 0;
}

static void *crc_thread(void *arg)
{
	struct crc_pass *c = arg;

	c->r = window_catch(crc_pass, c);
	return NULL;
}

/* The two halves of a big file at once, the second in a thread of its
   own: the pass is bound by memory bandwidth, and one core does not get
   all of it (64 MiB: 10 ms on one core, 5.5 ms on two, here).  Both
   passes catch their own SIGBUS, so both have ended when this returns.  */
static int crc_halves(void *arg)
{
	struct crc_pass **h = arg;
	pthread_t t;
	int started = pthread_create(&t, NULL, crc_thread, h[1]) == 0;

	h[0]->r = window_catch(crc_pass, h[0]);
	if (started)
		pthread_join(t, NULL);
	else
		h[1]->r = window_catch(crc_pass, h[1]);
	return h[0]->r < 0 || h[1]->r < 0 ? -1 : 0;
}

int file_crc32(const char *path, int fd, uint64_t size, uint32_t *crc,
	       struct ckb_error *err)
{
	struct ckb_error err2 = {{0}};
	struct crc_pass a = {.path = path, .fd = fd, .err = err, .to = size};
	struct crc_pass b = {.path = path, .fd = fd, .err = &err2};
	struct crc_pass *h[2] = {&a, &b};
	int r;

	err->msg[0] = '\0';
	if (size >= CRC_SPLIT_MIN) {
		a.to = b.from = size / 2 / CRC_CHUNK * CRC_CHUNK;
		b.to = size;
		r = window_guard(crc_halves, h);
	} else {
		r = window_guard(crc_pass, &a);
	}
	window_unmap(&a.w);
	window_unmap(&b.w);
	free(a.buf);
	free(b.buf);
	if (r < 0 && !err->msg[0] && err2.msg[0])
		*err = err2;
	if (r < 0 && !err->msg[0])
		snprintf(err->msg, sizeof err->msg,
			 "%s: file shrank while being read", path);
	*crc = ckb_crc32_combine(a.crc, b.crc, b.to - b.from);
	return r;
}
