/* ckb_plan_execute(): carry out a plan from plan.c in the order that
   keeps the disk bootable, or as it was, whatever fails:

	1. keep every byte about to be overwritten (journal.c)
	2. write the loader, the kernel, the module table and the modules
	   into the area, flush, read back, and check the CRC-32 of the
	   kernel and of each module read back against the one in the
	   loader header or the module table
	3. write the boot sector, flush, read back

   Until step 3 the old boot code still runs and points at nothing new;
   after it the new one points at a verified loader.  On any failure the
   saved bytes are put back (or the half-made image file removed) and
   the caller is told the target is unchanged.  A signal that would end
   the process meanwhile waits until the target is whole again, either
   way (see "signals" below).

   The kernel and the modules, each a struct plan_file, are streamed
   from their file descriptors in DISK_CHUNK pieces, never held whole.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "file.h"
#include "window.h"

/* A file this big gets a progress bar under --verbose on a terminal.  */
#define PROGRESS_MIN (4 * MIB)
/* The read-back compares and takes the CRC of an image a piece this
   size at a time: the piece is still in the cache for the CRC.  */
#define READBACK_PIECE (64 * 1024)

/* ---- signals ---- */

/* Ctrl-C, kill, a closed terminal and a reader that went away (-v 2>&1
   | head) would end the process between two writes, leaving half an
   install, a half-made image and the undo file.  While the target is
   written they are held instead: SIGINT, SIGTERM and SIGHUP make the
   install back out if the boot sector is not written yet (the check
   is between the chunks), and SIGPIPE, which asks for nothing but
   silence, lets it finish.  Then they act as they would have.  SIGQUIT
   and SIGKILL still end it at once, for a write that hangs.  */
static const int held_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define NHELD (sizeof held_signals / sizeof *held_signals)

void disk_signals_hold(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NHELD; i++)
		sigaddset(&set, held_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

/* A blocked signal is pending even when it is ignored (nohup's
   SIGHUP): only one that would act counts.  */
int disk_stop_pending(void)
{
	struct sigaction sa;
	sigset_t set;

	if (sigpending(&set) < 0)
		return 0;
	for (size_t i = 0; i < NHELD; i++)
		if (held_signals[i] != SIGPIPE &&
		    sigismember(&set, held_signals[i]) &&
		    sigaction(held_signals[i], NULL, &sa) == 0 &&
		    sa.sa_handler != SIG_IGN)
			return held_signals[i];
	return 0;
}

const char *disk_signal_name(int sig)
{
	switch (sig) {
	case SIGINT:
		return "SIGINT";
	case SIGTERM:
		return "SIGTERM";
	case SIGHUP:
		return "SIGHUP";
	default:
		return "SIGPIPE";
	}
}

/* Will SIG, pending, end the process once it is let through?  */
static int fatal(int sig, const sigset_t *pending, const sigset_t *old)
{
	struct sigaction sa;

	return sigismember(pending, sig) && !sigismember(old, sig) &&
	       sigaction(sig, NULL, &sa) == 0 && !(sa.sa_flags & SA_SIGINFO) &&
	       sa.sa_handler == SIG_DFL;
}

void disk_signals_release(const sigset_t *old, const struct ckb_error *err)
{
	sigset_t pending;

	if (err->msg[0] && sigpending(&pending) == 0)
		for (size_t i = 0; i < NHELD; i++)
			if (fatal(held_signals[i], &pending, old)) {
				fprintf(stderr, "%s: %s\n",
					program_invocation_short_name,
					err->msg);
				break;
			}
	sigprocmask(SIG_SETMASK, old, NULL);
}

/* A stop signal came: back out while the old boot sector still
   stands.  */
static int interrupted(const struct ckb_plan *p, struct ckb_error *err)
{
	int sig = disk_stop_pending();

	if (!sig)
		return 0;
	return disk_fail(err, "%s: interrupted by %s", p->t.path,
			 disk_signal_name(sig));
}

/* A bar is drawn and its line not ended: a message after a failure or
   a Ctrl-C must start a line of its own.  */
static int bar_open;

static void progress(const struct ckb_plan *p, const char *what, uint64_t done,
		     uint64_t total)
{
	int width = 40, fill;

	if (!p->verbose || total < PROGRESS_MIN || !isatty(STDERR_FILENO))
		return;
	fill = (int)(done * width / total);
	fprintf(stderr, "\r%-9s [%.*s%*s] %3d%%", what, fill,
		"########################################", width - fill, "",
		(int)(done * 100 / total));
	bar_open = done != total;
	if (done == total)
		fputc('\n', stderr);
}

static void say(const struct ckb_plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void say(const struct ckb_plan *p, const char *fmt, ...)
{
	va_list ap;

	if (!p->verbose)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* One pass of write_file() over F, the kernel or a module, and what it
   has mapped: a SIGBUS (the file truncated under us) leaves
   window_guard() from anywhere in it, and the windows must still be
   unmapped.  */
struct file_pass {
	struct ckb_plan *p;
	const struct plan_file *f;
	uint8_t *buf, *back;
	struct ckb_error *err;
	struct window src, image;
	struct readback *rb; /* an image file's read-back thread, or NULL */
	uint32_t crc;	     /* of the file's bytes read back so far */
};

/* The file's bytes [OFF, OFF + LEN): mapped, or read into BUF where
   the file cannot be mapped.  */
static const uint8_t *file_bytes(struct file_pass *c, size_t len,
				 uint64_t off)
{
	if (window_map(&c->src, c->f->fd, off, len) == 0)
		return c->src.p;
	return file_read_at(c->f->fd, c->buf, len, off) == 0 ? c->buf : NULL;
}

static int file_unreadable(const struct file_pass *c)
{
	return disk_fail(c->err, "%s: read error (or truncated since it was "
			 "checked)", c->f->path);
}

/* An image file is read back chunk by chunk, through a mapping of the
   target: there the page cache is the file, and reading it after
   fsync() would return the same bytes.  A disk is read back after the
   flush (verify_file), from the disk itself.  The first KLEN bytes
   found, the file's bytes and not padding, go into C->crc: see
   crc_check().  */
static int image_differs(struct file_pass *c, const uint8_t *src,
			 size_t len, size_t klen, uint64_t off)
{
	const uint8_t *got;
	int differs;

	if (window_map(&c->image, c->p->t.fd, off, len) == 0)
		got = c->image.p;
	else if (target_read(&c->p->t, c->back, len, off) == 0)
		got = c->back;
	else
		return 1;
	differs = 0;
	for (size_t i = 0, n; i < len && !differs; i += n) {
		n = len - i < READBACK_PIECE ? len - i : READBACK_PIECE;
		differs = memcmp(src + i, got + i, n) != 0;
		if (i < klen)
			c->crc = ckb_crc32(c->crc, got + i,
					   klen - i < n ? klen - i : n);
	}
	window_unmap(&c->image);
	return differs;
}

/* Does the image hold the file's bytes SRC[0, N) from its offset OFF,
   the last sector padded with zeros as written?  C->buf takes the
   padded tail.  */
static int chunk_differs(struct file_pass *c, const uint8_t *src, size_t n,
			 uint64_t off)
{
	uint64_t at = c->f->lba * SECTOR + off;
	size_t whole = n - n % SECTOR, pad = (SECTOR - n % SECTOR) % SECTOR;

	if (image_differs(c, src, whole, whole, at))
		return 1;
	if (!pad)
		return 0;
	memmove(c->buf + whole, src + whole, n - whole);
	memset(c->buf + n, 0, pad);
	return image_differs(c, c->buf + whole, n - whole + pad, n - whole,
			     at + whole);
}

static int readback_failed(const struct file_pass *c, uint64_t off)
{
	return disk_fail(c->err,
			 "%s: the %s read back from LBA %" PRIu64
			 " on differs from %s",
			 c->p->t.path, c->f->what, c->f->lba + off / SECTOR,
			 c->f->path);
}

/* ---- the read-back of an image file ---- */

/* A second thread compares each chunk of the file with the image one
   chunk behind the writes: the comparison costs a third of what the
   writes do, and the two need not wait for each other (64 MiB: 14 ms
   of an 83 ms install, issue 7).  The thread has windows and buffers
   of its own; WRITTEN and the verdict pass between the two under
   LOCK.  */
struct readback {
	struct file_pass c;
	pthread_mutex_t lock;
	pthread_cond_t moved;
	uint64_t written; /* the file's bytes on the target so far */
	int stopped;	  /* the writer writes no more */
	int failed;	  /* the checker found a difference or a fault */
	struct ckb_error err;
};

/* The writer has put the file's first WRITTEN bytes on the target;
   -1 if the checker has already failed.  */
static int readback_post(struct readback *rb, uint64_t written)
{
	int failed;

	pthread_mutex_lock(&rb->lock);
	rb->written = written;
	failed = rb->failed;
	pthread_cond_signal(&rb->moved);
	pthread_mutex_unlock(&rb->lock);
	return failed ? -1 : 0;
}

static void readback_stop(struct readback *rb)
{
	pthread_mutex_lock(&rb->lock);
	rb->stopped = 1;
	pthread_cond_signal(&rb->moved);
	pthread_mutex_unlock(&rb->lock);
}

/* Wait until the first END bytes are written; 0 if the writer stopped
   before that.  */
static int readback_wait(struct readback *rb, uint64_t end)
{
	int ready;

	pthread_mutex_lock(&rb->lock);
	while (rb->written < end && !rb->stopped)
		pthread_cond_wait(&rb->moved, &rb->lock);
	ready = rb->written >= end;
	pthread_mutex_unlock(&rb->lock);
	return ready;
}

static int readback_pass(void *arg)
{
	struct readback *rb = arg;
	struct file_pass *c = &rb->c;
	uint64_t off, size = c->f->size;
	const uint8_t *src;
	size_t n;
	int bad;

	for (off = 0; off < size; off += n) {
		n = size - off < DISK_CHUNK ? size - off : DISK_CHUNK;
		if (!readback_wait(rb, off + n))
			return 0; /* the writer's own failure is the one to tell */
		src = file_bytes(c, n, off);
		if (!src)
			return file_unreadable(c);
		bad = chunk_differs(c, src, n, off);
		window_unmap(&c->src);
		if (bad)
			return readback_failed(c, off);
	}
	return 0;
}

static void *readback_thread(void *arg)
{
	struct readback *rb = arg;
	int r = window_catch(readback_pass, rb);

	window_unmap(&rb->c.src);
	window_unmap(&rb->c.image);
	pthread_mutex_lock(&rb->lock);
	rb->failed = r < 0;
	pthread_mutex_unlock(&rb->lock);
	return NULL;
}

static int write_file_pass(void *arg)
{
	struct file_pass *c = arg;
	struct ckb_plan *p = c->p;
	uint64_t off, size = c->f->size, base = c->f->lba * SECTOR;
	uint8_t *buf = c->buf;
	const uint8_t *src;
	size_t n, whole, pad;
	int bad;

	for (off = 0; off < size; off += n) {
		if (interrupted(p, c->err) < 0)
			return -1;
		n = size - off < DISK_CHUNK ? size - off : DISK_CHUNK;
		src = file_bytes(c, n, off);
		if (!src)
			return file_unreadable(c);
		/* The last sector: its tail of the file, then zeros.  */
		whole = n - n % SECTOR;
		pad = (SECTOR - n % SECTOR) % SECTOR;
		if (pad) {
			memmove(buf + whole, src + whole, n - whole);
			memset(buf + n, 0, pad);
		}
		bad = target_write(&p->t, src, whole, base + off) < 0 ||
		      (pad && target_write(&p->t, buf + whole, n - whole + pad,
					   base + off + whole) < 0);
		/* Only a mapped window can be a bad address: the file
		   shrank under it, which guarded_pass() reports.  */
		if (bad && errno == EFAULT)
			return -1;
		if (bad)
			return disk_fail(
			    c->err, "%s: write error at LBA %" PRIu64 ": %s",
			    p->t.path, (base + off) / SECTOR, strerror(errno));
		window_unmap(&c->src);
		if (c->rb && readback_post(c->rb, off + n) < 0)
			return -1;
		progress(p, "writing", off + n, size);
	}
	return 0;
}

/* write_file_pass() with the read-back thread beside it, started
   inside window_guard() so that its SIGBUS is caught too.  Where no
   thread can be had, the same comparison follows the writes.  */
static int write_with_readback(void *arg)
{
	struct file_pass *c = arg;
	struct readback *rb = c->rb;
	pthread_t t;
	int started = pthread_create(&t, NULL, readback_thread, rb) == 0;
	int r = window_catch(write_file_pass, c);

	readback_stop(rb);
	if (started)
		pthread_join(t, NULL);
	else if (r == 0)
		readback_thread(rb);
	if (rb->failed) {
		/* A fault in the checker leaves no message: guarded_pass()
		   says the file was truncated.  */
		if (!c->err->msg[0])
			*c->err = rb->err;
		r = -1;
	}
	return r;
}

/* Run PASS, a pass over the file in file_pass C, and undo what a
   SIGBUS out of it left mapped.  */
static int guarded_pass(int (*pass)(void *), struct file_pass *c)
{
	int r;

	c->err->msg[0] = '\0';
	r = window_guard(pass, c);
	window_unmap(&c->src);
	window_unmap(&c->image);
	if (r < 0 && !c->err->msg[0])
		return disk_fail(c->err, "%s: truncated while being installed",
				 c->f->path);
	return r;
}

/* Copy F, the kernel or a module, into the area, the last sector
   padded with zeros.  The file goes from its mapping straight to the
   target, with no copy into a buffer of ours, and an image file is
   read back on a thread of its own: that is what keeps an install near
   dd's speed (issue 7).  The read-back compares the bytes with the file
   and takes their CRC-32 into *CRC (a disk's is taken by
   verify_file()).  */
static int write_file(struct ckb_plan *p, const struct plan_file *f,
		      uint8_t *buf, uint8_t *back, uint32_t *crc,
		      struct ckb_error *err)
{
	struct file_pass c = {
	    .p = p, .f = f, .buf = buf, .back = back, .err = err};
	struct readback rb = {.c = {.p = p, .f = f},
			      .lock = PTHREAD_MUTEX_INITIALIZER,
			      .moved = PTHREAD_COND_INITIALIZER};
	int r;

	if (p->t.is_blk)
		return guarded_pass(write_file_pass, &c);
	rb.c.err = &rb.err;
	rb.c.buf = malloc(DISK_CHUNK);
	rb.c.back = malloc(DISK_CHUNK);
	c.rb = &rb;
	if (rb.c.buf && rb.c.back)
		r = guarded_pass(write_with_readback, &c);
	else
		r = disk_fail(err, "out of memory");
	*crc = rb.c.crc;
	free(rb.c.buf);
	free(rb.c.back);
	return r;
}

/* Read the file back from the disk and compare it with the file, as
   mapped (or read into C->buf); take the CRC-32 of what the disk
   holds.  */
static int verify_file_pass(void *arg)
{
	struct file_pass *c = arg;
	struct ckb_plan *p = c->p;
	uint64_t off, size = c->f->size, base = c->f->lba * SECTOR;
	const uint8_t *file;
	size_t n;
	int bad;

	for (off = 0; off < size; off += n) {
		if (interrupted(p, c->err) < 0)
			return -1;
		n = size - off < DISK_CHUNK ? size - off : DISK_CHUNK;
		if (target_read(&p->t, c->back, n, base + off) < 0)
			return disk_fail(
			    c->err, "%s: read error at LBA %" PRIu64 ": %s",
			    p->t.path, (base + off) / SECTOR, strerror(errno));
		file = file_bytes(c, n, off);
		if (!file)
			return disk_fail(c->err, "%s: read error", c->f->path);
		bad = memcmp(c->back, file, n) != 0;
		window_unmap(&c->src);
		if (bad)
			return readback_failed(c, off);
		c->crc = ckb_crc32(c->crc, c->back, n);
		progress(p, "verifying", off + n, size);
	}
	return 0;
}

static int verify_file(struct ckb_plan *p, const struct plan_file *f,
		       uint8_t *buf, uint8_t *file, uint32_t *crc,
		       struct ckb_error *err)
{
	struct file_pass c = {
	    .p = p, .f = f, .buf = file, .back = buf, .err = err};
	int r = guarded_pass(verify_file_pass, &c);

	*crc = c.crc;
	return r;
}

static int stamp_same(const struct stat *st, const struct ckb_file_stamp *s)
{
	return (uint64_t)st->st_dev == s->dev &&
	       (uint64_t)st->st_ino == s->ino &&
	       (uint64_t)st->st_size == s->size &&
	       st->st_mtim.tv_sec == s->mtime_sec &&
	       st->st_mtim.tv_nsec == s->mtime_nsec &&
	       st->st_ctim.tv_sec == s->ctime_sec &&
	       st->st_ctim.tv_nsec == s->ctime_nsec;
}

/* The file must be the one ckb_kernel_open() or ckb_module_open()
   checked and took the CRC-32 of, which the loader will check: not
   written to since, even with its size kept.  WHY says when it
   changed.  */
static int file_unchanged(const struct plan_file *f, const char *why,
			  struct ckb_error *err)
{
	struct stat st;

	if (fstat(f->fd, &st) < 0)
		return disk_fail(err, "%s: %s", f->path, strerror(errno));
	if (!stamp_same(&st, f->stamp))
		return disk_fail(err, "%s: %s", f->path, why);
	return 0;
}

static int files_unchanged(const struct ckb_plan *p, const char *why,
			   struct ckb_error *err)
{
	for (size_t i = 0; i < p->nfiles; i++)
		if (file_unchanged(&p->file[i], why, err) < 0)
			return -1;
	return 0;
}

/* CRC, that of the file as read back from the target, must be the one
   taken when it was opened, which the loader header or the module
   table holds.  This is what proves the bytes written to be the bytes
   checked: the stamp misses an edit within one tick of the file
   system's clock, and comparing the target with the file misses an
   edit made before the bytes were copied from it.  */
static int crc_check(const struct plan_file *f, uint32_t crc,
		     struct ckb_error *err)
{
	if (crc != f->crc32)
		return disk_fail(err, "%s: changed since it was checked",
				 f->path);
	return 0;
}

/* The sectors after the install that a bigger old one used: zero them
   (BUF is DISK_CHUNK bytes).  */
static int clear_old(struct ckb_plan *p, uint8_t *buf, struct ckb_error *err)
{
	uint64_t lba = plan_end(p);
	uint64_t end = lba + p->clear_sectors, n;

	memset(buf, 0, DISK_CHUNK);
	for (; lba < end; lba += n) {
		if (interrupted(p, err) < 0)
			return -1;
		n = end - lba < DISK_CHUNK / SECTOR ? end - lba
						    : DISK_CHUNK / SECTOR;
		if (target_write(&p->t, buf, n * SECTOR, lba * SECTOR) < 0)
			return disk_fail(
			    err, "%s: write error at LBA %" PRIu64 ": %s",
			    p->t.path, lba, strerror(errno));
	}
	return 0;
}

static int verify_cleared(struct ckb_plan *p, uint8_t *buf,
			  struct ckb_error *err)
{
	uint64_t lba = plan_end(p);
	uint64_t end = lba + p->clear_sectors, n;

	for (; lba < end; lba += n) {
		n = end - lba < DISK_CHUNK / SECTOR ? end - lba
						    : DISK_CHUNK / SECTOR;
		if (target_read(&p->t, buf, n * SECTOR, lba * SECTOR) < 0 ||
		    !disk_all_zero(buf, n * SECTOR))
			return disk_fail(err,
					 "%s: LBA %" PRIu64 " on did not read "
					 "back as zeros",
					 p->t.path, lba);
	}
	return 0;
}

/* SECTORS sectors of BUF to LBA, and later their read-back: the loader
   and the module table, which are small.  */
static int write_sectors(struct ckb_plan *p, const uint8_t *buf,
			 uint64_t sectors, uint64_t lba, struct ckb_error *err)
{
	if (target_write(&p->t, buf, sectors * SECTOR, lba * SECTOR) < 0)
		return disk_fail(err, "%s: write error at LBA %" PRIu64 ": %s",
				 p->t.path, lba, strerror(errno));
	return 0;
}

static int read_back(struct ckb_plan *p, const uint8_t *want,
		     uint64_t sectors, uint64_t lba, const char *what,
		     uint8_t *buf, struct ckb_error *err)
{
	if (target_read(&p->t, buf, sectors * SECTOR, lba * SECTOR) < 0 ||
	    memcmp(buf, want, sectors * SECTOR) != 0)
		return disk_fail(err,
				 "%s: the %s read back differs from what "
				 "was written",
				 p->t.path, what);
	return 0;
}

/* Everything but the boot sector: the loader, each file, the module
   table, the zeros over an old install's tail.  CRC[I] takes the CRC-32
   of file I as an image file read back.  */
static int write_pieces(struct ckb_plan *p, uint8_t *buf, uint8_t *file,
			uint32_t *crc, struct ckb_error *err)
{
	if (write_sectors(p, p->loader, p->loader_sectors, p->loader_lba,
			  err) < 0)
		return -1;
	for (size_t i = 0; i < p->nfiles; i++)
		if (write_file(p, &p->file[i], buf, file, &crc[i], err) < 0)
			return -1;
	if (p->table_sectors &&
	    write_sectors(p, p->table, p->table_sectors, p->table_lba, err) < 0)
		return -1;
	return clear_old(p, buf, err);
}

/* After the flush: the pieces read back, and each file still the one
   whose CRC-32 the loader will check.  */
static int check_pieces(struct ckb_plan *p, uint8_t *buf, uint8_t *file,
			uint32_t *crc, struct ckb_error *err)
{
	if (read_back(p, p->loader, p->loader_sectors, p->loader_lba,
		      "loader", buf, err) < 0 ||
	    (p->table_sectors &&
	     read_back(p, p->table, p->table_sectors, p->table_lba,
		       "module table", buf, err) < 0))
		return -1;
	for (size_t i = 0; p->t.is_blk && i < p->nfiles; i++)
		if (verify_file(p, &p->file[i], buf, file, &crc[i], err) < 0)
			return -1;
	if (verify_cleared(p, buf, err) < 0 ||
	    files_unchanged(p, "changed while being installed", err) < 0)
		return -1;
	for (size_t i = 0; i < p->nfiles; i++)
		if (crc_check(&p->file[i], crc[i], err) < 0)
			return -1;
	return 0;
}

static int write_area(struct ckb_plan *p, struct ckb_error *err)
{
	size_t lsize = p->loader_sectors * SECTOR;
	size_t blen = DISK_CHUNK > lsize ? DISK_CHUNK : lsize;
	uint8_t *buf = malloc(blen), *file = malloc(DISK_CHUNK);
	uint32_t crc[1 + CKBOOT_MODULES_MAX] = {0};
	int ret = -1;

	if (!buf || !file) {
		disk_fail(err, "out of memory");
		goto out;
	}
	say(p, "%s: writing the loader and kernel%s at LBA %" PRIu64,
	    p->t.path, p->nmodules ? ", the module table and modules" : "",
	    p->loader_lba);
	if (files_unchanged(p, "changed since it was checked", err) < 0 ||
	    interrupted(p, err) < 0 || write_pieces(p, buf, file, crc, err) < 0)
		goto out;
	if (target_flush(&p->t) < 0) {
		disk_fail(err, "%s: flush failed: %s", p->t.path,
			  strerror(errno));
		goto out;
	}
	ret = check_pieces(p, buf, file, crc, err);
out:
	free(buf);
	free(file);
	return ret;
}

/* Sector 0 last: bytes 0-439, and the table only for a new layout or
   --activate.  */
static int write_boot(struct ckb_plan *p, struct ckb_error *err)
{
	struct disk_range r[3];
	size_t n = plan_ranges(p, r) - 1; /* the last range is the area */
	uint8_t sec[SECTOR];

	say(p, "%s: writing the boot sector", p->t.path);
	for (size_t i = 0; i < n; i++)
		if (target_write(&p->t, p->new0 + r[i].off, r[i].len,
				 r[i].off) < 0)
			return disk_fail(err,
					 "%s: write error in the boot "
					 "sector: %s",
					 p->t.path, strerror(errno));
	if (target_flush(&p->t) < 0)
		return disk_fail(err, "%s: flush failed: %s", p->t.path,
				 strerror(errno));
	if (target_read(&p->t, sec, SECTOR, 0) < 0 ||
	    memcmp(sec, p->new0, SECTOR) != 0)
		return disk_fail(err,
				 "%s: the boot sector read back differs "
				 "from what was written",
				 p->t.path);
	return 0;
}

/* What a backup must match (journal.c): sectors 0 and 1 as the
   install leaves them, and as they were with the bytes it writes
   zeroed.  */
static int backup_id(struct ckb_plan *p, struct journal_id *id,
		     struct ckb_error *err)
{
	uint8_t old[2 * SECTOR] = {0}, head[2 * SECTOR];
	struct disk_range r[3];
	size_t n = plan_ranges(p, r);
	char abs[PATH_MAX];

	if (p->t.exists && p->t.size >= 2 * SECTOR &&
	    target_read(&p->t, old, sizeof old, 0) < 0)
		return disk_fail(err, "%s: read error: %s", p->t.path,
				 strerror(errno));
	memcpy(head, p->new0, SECTOR);
	memcpy(head + SECTOR, p->loader_lba == 1 ? p->loader : old + SECTOR,
	       SECTOR);
	*id = (struct journal_id){
	    .size_before = p->t.exists ? p->t.size : 0,
	    .size_after = p->size,
	    .rdev = p->t.rdev,
	    .dev = p->t.dev,
	    .ino = p->t.ino,
	    .head_crc = ckb_crc32(0, head, sizeof head),
	    .created = !p->t.exists,
	};
	journal_mask_head(old, r, n);
	id->stable_crc = ckb_crc32(0, old, sizeof old);
	/* Now, not at the probe: a new image has its inode only now.  */
	target_identity(&p->t, &id->disk);
	if (!realpath(p->t.path, abs))
		snprintf(abs, sizeof abs, "%s", p->t.path);
	snprintf(id->name, sizeof id->name, "%s", abs);
	return 0;
}

/* The sector 0 the plan was made from must still be there.  */
static int unchanged(struct ckb_plan *p, struct ckb_error *err)
{
	uint8_t sec[SECTOR];

	if (!p->t.exists || p->t.size == 0)
		return 0;
	if (target_read(&p->t, sec, SECTOR, 0) < 0)
		return disk_fail(err, "%s: read error: %s", p->t.path,
				 strerror(errno));
	if (memcmp(sec, p->old0, SECTOR) != 0)
		return disk_fail(err, "%s: changed since the plan was made",
				 p->t.path);
	return 0;
}

static int save_old(struct ckb_plan *p, struct journal *j,
		    struct ckb_error *err)
{
	struct disk_range r[3];
	size_t n = plan_ranges(p, r);
	struct journal_id id;

	if (backup_id(p, &id, err) < 0 ||
	    journal_begin(j, p->backup, &id, err) < 0)
		return -1;
	for (size_t i = 0; p->t.exists && i < n; i++)
		if (journal_save(j, &p->t, r[i].off, r[i].len, err) < 0)
			return -1;
	return journal_commit(j, err);
}

/* The rollback failed: say so, and where the old bytes are kept.  */
static int undo_failed(struct journal *j, struct ckb_error *err,
		       const char *why, const char *what)
{
	const char *keep = journal_keep(j);

	disk_fail(
	    err, "%s; restoring the previous contents failed too (%s)%s%s", why,
	    what, keep ? "; the old bytes are in " : "", keep ? keep : "");
	return -2;
}

/* Undo after a failure described in ERR; returns -1, or -2 if the
   target could not be put back.  */
static int undo(struct ckb_plan *p, struct journal *j, struct ckb_error *err)
{
	char why[CKB_ERRLEN];
	struct ckb_error e2;

	snprintf(why, sizeof why, "%s", err->msg);
	if (p->t.created) {
		target_close(&p->t);
		if (unlink(p->t.path) == 0)
			return disk_fail(
			    err, "%s; removed the unfinished image", why);
		disk_fail(err, "%s; could not remove the unfinished image: %s",
			  why, strerror(errno));
		return -2;
	}
	if (!p->t.is_blk && p->size > p->t.size &&
	    ftruncate(p->t.fd, p->t.size) < 0)
		snprintf(e2.msg, sizeof e2.msg, "cannot shrink it back: %s",
			 strerror(errno));
	else if (journal_rollback(j, &p->t, &e2) == 0)
		return disk_fail(err,
				 "%s; the previous contents were restored, "
				 "the target is unchanged",
				 why);
	return undo_failed(j, err, why, e2.msg);
}

static int install(struct ckb_plan *p, struct journal *j, struct ckb_error *err)
{
	if (target_open_write(&p->t, p->size, err) < 0) {
		if (p->t.created)
			return undo(p, j, err);
		return -1;
	}
	/* A failure before write_area() has written nothing, but the
	   image may have been created or grown: undo() handles both.
	   Before write_boot() is the last chance to back out of a stop
	   signal: from the boot sector on, finishing is as safe.  */
	if (unchanged(p, err) < 0 || save_old(p, j, err) < 0 ||
	    write_area(p, err) < 0 || interrupted(p, err) < 0 ||
	    write_boot(p, err) < 0)
		return undo(p, j, err);
	target_release(&p->t);
	/* Installed; a backup that cannot be marked finished still
	   restores, checked as an unfinished one.  */
	journal_finish(j, err);
	err->msg[0] = '\0';
	return 0;
}

int ckb_plan_execute(struct ckb_plan *p, struct ckb_error *err)
{
	struct journal j = {.fd = -1};
	struct sigaction ign = {.sa_handler = SIG_IGN}, old;
	sigset_t mask;
	int ret, sig;

	err->msg[0] = '\0';
	disk_signals_hold(&mask);
	/* ckboot.h has no channel for warnings, so they go to stderr here
	   as well as into ckb_plan_print()'s listing.  */
	for (int i = 0; i < p->nwarn; i++)
		fprintf(stderr, "%s: warning: %s\n",
			program_invocation_short_name, p->warn[i]);
	/* And what --force lets the install overwrite, with or without
	   --verbose: it is the user's data, so say what goes.  */
	for (int i = 0; i < p->nforced; i++)
		fprintf(stderr, "%s: note: %s\n",
			program_invocation_short_name, p->forced[i]);
	/* Past a file size limit (ulimit -f) a write must fail with EFBIG,
	   not kill the process before it can roll back.  */
	sigaction(SIGXFSZ, &ign, &old);
	ret = install(p, &j, err);
	sigaction(SIGXFSZ, &old, NULL);
	if (ret == -1) /* the target is as it was: the backup is moot */
		journal_discard(&j);
	journal_end(&j);
	if (bar_open)
		fputc('\n', stderr);
	bar_open = 0;
	/* Too late to stop it: say that it is done before the signal
	   ends the process.  */
	sig = disk_stop_pending();
	if (ret == 0 && sig)
		disk_fail(err,
			  "%s: %s came after the boot sector was written; "
			  "the install is complete",
			  p->t.path, disk_signal_name(sig));
	disk_signals_release(&mask, err);
	if (ret == 0)
		err->msg[0] = '\0';
	return ret;
}
