/* The undo journal: before write.c changes a byte of the target, the
   old bytes go here, so that a failed install can be undone
   (journal_rollback) and a finished one reversed later (ckb_restore,
   from a --backup file).  Limine's installer keeps the same "uninstall
   data".

   The old bytes are streamed into a spool file in DISK_CHUNK pieces, so
   a 64 MiB kernel area costs no memory; a chunk that was all zero is
   recorded without its bytes.  With --backup the spool is that file,
   otherwise an unlinked temporary file.  Its format, all integers
   little-endian:

	header	512 bytes: "CKBUNDO1", u32 version (2), u32 flags
		(1: the install created the image), u64 size before,
		u64 size after, u64 st_rdev, u64 st_dev, u64 st_ino
		(informational), u32 CRC-32 of LBA 0 and 1 as the
		install leaves them, u32 CRC-32 of LBA 0 and 1 before
		it, the bytes it writes zeroed, u32 state (0 unfinished,
		1 finished), u32 zero; then the disk's identity
		(struct disk_id, target.c): u32 kind, u32 zero, u64 dev,
		u64 ino, u64 fsid, 128 bytes of serial and 256 of the
		target's name, both NUL-padded; zeros to the end
	records	u32 "RECD", u32 flags (1: old bytes all zero), u64 offset,
		u64 length, then LENGTH old bytes unless zero
	trailer	u32 "TAIL", u32 record count, u32 CRC-32 of every byte
		of the file before this field

   ckb_restore() writes a backup back only onto the disk it was taken
   from (the same identity) if its size and first two sectors are what
   the install left: another disk, even a clone with the same contents,
   or this disk changed since, is refused.  ckb_restore_forced() skips
   the identity, for a disk that lost it (a copied image, a disk with no
   serial number that moved), but not the contents.  A backup whose
   install never finished (its rollback failed too, and the message
   named the file) is checked against the bytes of LBA 0-1 the install
   does not write.  The state word is written last, so the trailer's
   CRC takes it as 0.

   Version 1 (a 72-byte header, no identity) could restore onto any
   disk with the same contents; such a backup is refused unless forced,
   and then checked by its contents only.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "file.h"

#define JOURNAL_MAGIC	       "CKBUNDO1"
#define JOURNAL_VERSION	       2
#define JOURNAL_HEADER_SIZE    512
#define JOURNAL_V1_HEADER_SIZE 72
#define JOURNAL_STATE	       64 /* offset of the state word */
#define JOURNAL_ID	       72 /* offset of the disk's identity */
#define JOURNAL_ID_SERIAL      (JOURNAL_ID + 32)
#define JOURNAL_ID_NAME	       (JOURNAL_ID_SERIAL + DISK_ID_SERIAL_LEN)
#define JOURNAL_ID_NAME_LEN    256
#define JOURNAL_FINISHED       1
#define JOURNAL_REC_TAG	       0x44434552U /* "RECD" */
#define JOURNAL_TAIL_TAG       0x4c494154U /* "TAIL" */
#define JOURNAL_REC_SIZE       24
#define JOURNAL_CREATED	       1
#define JOURNAL_ZERO	       1

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = v >> (8 * i);
}

static void put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

static uint32_t get32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint64_t get64(const uint8_t *p)
{
	return get32(p) | (uint64_t)get32(p + 4) << 32;
}

static int full_pread(int fd, void *buf, size_t len, uint64_t off)
{
	char *p = buf;
	ssize_t n;

	while (len > 0) {
		n = pread(fd, p, len, off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n, len -= n, off += n;
	}
	return 0;
}

/* Append to the spool, keeping the running CRC.  */
static int spool(struct journal *j, const void *buf, size_t len,
		 struct ckb_error *err)
{
	const char *p = buf;
	ssize_t n;

	j->crc = ckb_crc32(j->crc, buf, len);
	while (len > 0) {
		n = pwrite(j->fd, p, len, j->pos);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return disk_fail(
			    err, "%s: cannot save the old bytes: %s",
			    j->backup ? j->backup : "temporary file",
			    n < 0 ? strerror(errno) : "disk full");
		p += n, len -= n, j->pos += n;
	}
	return 0;
}

static int open_spool(struct journal *j, const char *backup,
		      struct ckb_error *err)
{
	const char *dir = getenv("TMPDIR");
	char tmpl[512];

	if (backup) {
		/* Never over an older backup: it may be the only way back
		   to what the disk held before an earlier install.  */
		j->fd =
		    open(backup, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (j->fd < 0)
			return disk_fail(err, "%s: %s", backup,
					 strerror(errno));
		j->made_backup = 1;
		return 0;
	}
	snprintf(tmpl, sizeof tmpl, "%s/ckboot-undo-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	j->fd = mkostemp(tmpl, O_CLOEXEC);
	if (j->fd < 0)
		return disk_fail(err,
				 "%s: cannot keep the undo data: %s "
				 "(set TMPDIR or use --backup)",
				 tmpl, strerror(errno));
	/* Named, not unlinked: if the rollback fails, this file is all
	   that is left of the old bytes, and the message names it.  */
	snprintf(j->spool, sizeof j->spool, "%s", tmpl);
	return 0;
}

int journal_begin(struct journal *j, const char *backup,
		  const struct journal_id *id, struct ckb_error *err)
{
	uint8_t h[JOURNAL_HEADER_SIZE] = {0};

	memset(j, 0, sizeof *j);
	j->backup = backup;
	if (open_spool(j, backup, err) < 0)
		return -1;
	memcpy(h, JOURNAL_MAGIC, 8);
	put32(h + 8, JOURNAL_VERSION);
	put32(h + 12, id->created ? JOURNAL_CREATED : 0);
	put64(h + 16, id->size_before);
	put64(h + 24, id->size_after);
	put64(h + 32, id->rdev);
	put64(h + 40, id->dev);
	put64(h + 48, id->ino);
	put32(h + 56, id->head_crc);
	put32(h + 60, id->stable_crc);
	put32(h + JOURNAL_ID, id->disk.kind);
	put64(h + JOURNAL_ID + 8, id->disk.dev);
	put64(h + JOURNAL_ID + 16, id->disk.ino);
	put64(h + JOURNAL_ID + 24, id->disk.fsid);
	memcpy(h + JOURNAL_ID_SERIAL, id->disk.serial, DISK_ID_SERIAL_LEN - 1);
	memcpy(h + JOURNAL_ID_NAME, id->name,
	       strnlen(id->name, JOURNAL_ID_NAME_LEN - 1));
	return spool(j, h, sizeof h, err);
}

static int add_rec(struct journal *j, uint64_t off, uint64_t len, int zero,
		   struct ckb_error *err)
{
	struct journal_rec *r;

	if (j->n == j->cap) {
		j->cap = j->cap ? 2 * j->cap : 64;
		r = realloc(j->rec, j->cap * sizeof *r);
		if (!r)
			return disk_fail(err, "out of memory");
		j->rec = r;
	}
	r = &j->rec[j->n++];
	*r = (struct journal_rec){off, len, zero, 0};
	return 0;
}

/* Save one chunk of old bytes, already read into BUF.  */
static int save_chunk(struct journal *j, const uint8_t *buf, uint64_t off,
		      size_t len, struct ckb_error *err)
{
	uint8_t h[JOURNAL_REC_SIZE];
	int zero = disk_all_zero(buf, len);

	if (add_rec(j, off, len, zero, err) < 0)
		return -1;
	put32(h, JOURNAL_REC_TAG);
	put32(h + 4, zero ? JOURNAL_ZERO : 0);
	put64(h + 8, off);
	put64(h + 16, len);
	if (spool(j, h, sizeof h, err) < 0)
		return -1;
	j->rec[j->n - 1].pos = j->pos;
	return zero ? 0 : spool(j, buf, len, err);
}

int journal_save(struct journal *j, const struct disk_target *t, uint64_t off,
		 uint64_t len, struct ckb_error *err)
{
	uint8_t *buf = malloc(len < DISK_CHUNK ? len : DISK_CHUNK);
	size_t n;
	int ret = 0;

	if (!buf)
		return disk_fail(err, "out of memory");
	for (; len > 0 && ret == 0; off += n, len -= n) {
		n = len < DISK_CHUNK ? len : DISK_CHUNK;
		if (target_read(t, buf, n, off) < 0)
			ret = disk_fail(
			    err, "%s: read error at byte %" PRIu64 ": %s",
			    t->path, off, strerror(errno));
		else
			ret = save_chunk(j, buf, off, n, err);
	}
	free(buf);
	return ret;
}

int journal_commit(struct journal *j, struct ckb_error *err)
{
	uint8_t t[12];
	uint32_t crc;

	put32(t, JOURNAL_TAIL_TAG);
	put32(t + 4, j->n);
	if (spool(j, t, 8, err) < 0)
		return -1;
	crc = j->crc;
	put32(t + 8, crc);
	if (spool(j, t + 8, 4, err) < 0)
		return -1;
	if (j->backup && fsync(j->fd) < 0)
		return disk_fail(err, "%s: %s", j->backup, strerror(errno));
	return 0;
}

static int sector_differs(const uint8_t *a, const uint8_t *b, size_t i,
			  size_t len)
{
	return memcmp(a + i, b + i, len - i < SECTOR ? len - i : SECTOR) != 0;
}

/* Write back only the runs of sectors that differ.  A sector that
   differs holds data the install wrote, so its blocks are allocated;
   a sector the install never reached may be a hole in an image file,
   and writing its old zeros there would need space that a full file
   system (the ENOSPC that caused the rollback) does not have.  */
static int write_diff(const struct disk_target *t, const uint8_t *old,
		      const uint8_t *cur, size_t len, uint64_t off)
{
	size_t i = 0, start;

	while (i < len) {
		if (!sector_differs(old, cur, i, len)) {
			i += SECTOR;
			continue;
		}
		for (start = i; i < len && sector_differs(old, cur, i, len);)
			i += SECTOR;
		if (i > len)
			i = len;
		if (target_write(t, old + start, i - start, off + start) < 0)
			return -1;
	}
	return 0;
}

/* Put record R back.  */
static int undo_rec(const struct journal *j, const struct journal_rec *r,
		    const struct disk_target *t, uint8_t *old, uint8_t *cur)
{
	if (r->zero)
		memset(old, 0, r->len);
	else if (full_pread(j->fd, old, r->len, r->pos) < 0)
		return -1;
	if (target_read(t, cur, r->len, r->off) < 0)
		return -1;
	return write_diff(t, old, cur, r->len, r->off);
}

int journal_rollback(struct journal *j, const struct disk_target *t,
		     struct ckb_error *err)
{
	uint8_t *old = malloc(DISK_CHUNK), *cur = malloc(DISK_CHUNK);
	size_t failed = 0;
	int e = 0;

	if (!old || !cur) {
		free(old);
		free(cur);
		return disk_fail(err, "out of memory");
	}
	/* The boot sector was saved first: undo it first, so the disk
	   never boots into a half-restored loader.  */
	for (size_t i = 0; i < j->n; i++) {
		if (j->rec[i].len <= DISK_CHUNK &&
		    undo_rec(j, &j->rec[i], t, old, cur) == 0)
			continue;
		if (!failed++)
			e = errno;
	}
	free(old);
	free(cur);
	if (target_flush(t) < 0 && !failed++)
		e = errno;
	if (failed)
		return disk_fail(err,
				 "%s: %zu of %zu pieces could not be put "
				 "back: %s",
				 t->path, failed, j->n, strerror(e));
	return 0;
}

int journal_finish(struct journal *j, struct ckb_error *err)
{
	uint8_t state[4];

	if (!j->backup)
		return 0;
	put32(state, JOURNAL_FINISHED);
	if (pwrite(j->fd, state, 4, JOURNAL_STATE) != 4 || fsync(j->fd) < 0)
		return disk_fail(err, "%s: %s", j->backup, strerror(errno));
	return 0;
}

void journal_discard(struct journal *j)
{
	if (j->made_backup)
		unlink(j->backup);
	j->made_backup = 0;
}

const char *journal_keep(struct journal *j)
{
	if (j->backup)
		return j->backup;
	j->keep = 1;
	fsync(j->fd);
	return j->spool[0] ? j->spool : NULL;
}

void journal_mask_head(uint8_t *head, const struct disk_range *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint64_t a = r[i].off, b = r[i].off + r[i].len;

		if (a < 2 * SECTOR)
			memset(head + a, 0,
			       (b < 2 * SECTOR ? b : 2 * SECTOR) - a);
	}
}

void journal_end(struct journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	if (j->spool[0] && !j->keep)
		unlink(j->spool);
	j->spool[0] = '\0';
	free(j->rec);
	j->rec = NULL;
	j->n = j->cap = 0;
}

/* ---- ckb_restore ---- */

/* Check the backup's trailer CRC and list its records into J.  HDR
   gets the header, zero-filled past a version 1 one.  */
static int load_backup(struct journal *j, const char *name, uint8_t *hdr,
		       struct ckb_error *err)
{
	uint8_t h[JOURNAL_REC_SIZE], buf[4096];
	struct stat st;
	uint64_t pos = JOURNAL_V1_HEADER_SIZE, len, end;
	uint32_t crc;

	memset(hdr, 0, JOURNAL_HEADER_SIZE);
	if (fstat(j->fd, &st) < 0 || st.st_size < JOURNAL_V1_HEADER_SIZE + 12 ||
	    full_pread(j->fd, hdr, JOURNAL_V1_HEADER_SIZE, 0) < 0 ||
	    memcmp(hdr, JOURNAL_MAGIC, 8) != 0)
		return disk_fail(err, "%s: not a ckboot backup file", name);
	if (get32(hdr + 8) == JOURNAL_VERSION) {
		pos = JOURNAL_HEADER_SIZE;
		if (st.st_size < JOURNAL_HEADER_SIZE + 12 ||
		    full_pread(j->fd, hdr, JOURNAL_HEADER_SIZE, 0) < 0)
			return disk_fail(err, "%s: backup file truncated",
					 name);
	} else if (get32(hdr + 8) != 1) {
		return disk_fail(err,
				 "%s: backup format version %" PRIu32
				 " is not supported",
				 name, get32(hdr + 8));
	}
	crc = 0;
	for (uint64_t o = 0; o < (uint64_t)st.st_size - 4; o += len) {
		len = st.st_size - 4 - o < sizeof buf ? st.st_size - 4 - o
						      : sizeof buf;
		if (full_pread(j->fd, buf, len, o) < 0)
			return disk_fail(err, "%s: read error", name);
		if (o == 0) /* the state word, written after the CRC */
			memset(buf + JOURNAL_STATE, 0, 4);
		crc = ckb_crc32(crc, buf, len);
	}
	if (full_pread(j->fd, buf, 4, st.st_size - 4) < 0 || get32(buf) != crc)
		return disk_fail(err,
				 "%s: backup file damaged (checksum "
				 "mismatch)",
				 name);
	end = get64(hdr + 16) > get64(hdr + 24) ? get64(hdr + 16)
						: get64(hdr + 24);
	for (;;) {
		if (full_pread(j->fd, h, 8, pos) < 0)
			return disk_fail(err, "%s: backup file truncated",
					 name);
		if (get32(h) == JOURNAL_TAIL_TAG)
			return get32(h + 4) == j->n
				   ? 0
				   : disk_fail(err, "%s: backup file damaged",
					       name);
		if (get32(h) != JOURNAL_REC_TAG ||
		    full_pread(j->fd, h, sizeof h, pos) < 0)
			return disk_fail(err, "%s: backup file damaged", name);
		len = get64(h + 16);
		/* Every record lies inside the disk as it was, or grew.  */
		if (len == 0 || len > DISK_CHUNK || get64(h + 8) > end ||
		    end - get64(h + 8) < len ||
		    add_rec(j, get64(h + 8), len, get32(h + 4) & JOURNAL_ZERO,
			    err) < 0)
			return disk_fail(err, "%s: backup file damaged", name);
		pos += sizeof h;
		j->rec[j->n - 1].pos = pos;
		if (!j->rec[j->n - 1].zero)
			pos += len;
		if (pos > (uint64_t)st.st_size)
			return disk_fail(err, "%s: backup file truncated",
					 name);
	}
}

/* An unfinished install may have stopped anywhere: compare the bytes
   of LBA 0-1 it does not write, as they were before it.  */
static int same_stable(const struct journal *j, uint8_t *head,
		       const uint8_t *hdr)
{
	for (size_t i = 0; i < j->n; i++) {
		struct disk_range r = {j->rec[i].off, j->rec[i].len};

		journal_mask_head(head, &r, 1);
	}
	return ckb_crc32(0, head, 2 * SECTOR) == get32(hdr + 60);
}

static void get_id(const uint8_t *hdr, struct disk_id *id, char *name,
		   size_t len)
{
	memset(id, 0, sizeof *id);
	id->kind = get32(hdr + JOURNAL_ID);
	id->dev = get64(hdr + JOURNAL_ID + 8);
	id->ino = get64(hdr + JOURNAL_ID + 16);
	id->fsid = get64(hdr + JOURNAL_ID + 24);
	memcpy(id->serial, hdr + JOURNAL_ID_SERIAL, DISK_ID_SERIAL_LEN - 1);
	snprintf(name, len, "%.*s", JOURNAL_ID_NAME_LEN - 1,
		 (const char *)hdr + JOURNAL_ID_NAME);
}

/* The backup must have been taken from this disk: by its contents a
   clone would pass, and restoring onto the clone would destroy what
   was installed there since (another loader in its gap).  */
static int same_disk(const struct disk_target *t, const uint8_t *hdr,
		     const char *backup, struct ckb_error *err)
{
	struct disk_id was, now;
	char name[JOURNAL_ID_NAME_LEN], a[DISK_ID_SERIAL_LEN + 32],
	    b[DISK_ID_SERIAL_LEN + 32];

	if (get32(hdr + 8) == 1)
		return disk_fail(err,
				 "%s: backup format version 1 does not record "
				 "which disk it was taken from; --force "
				 "restores it onto a disk whose contents "
				 "match it",
				 backup);
	get_id(hdr, &was, name, sizeof name);
	target_identity(t, &now);
	if (disk_id_same(&was, &now))
		return 0;
	return disk_fail(err,
			 "%s: the backup %s was taken from another disk, %s "
			 "(%s), not this one (%s); --force restores it anyway",
			 t->path, backup, name[0] ? name : "unknown",
			 disk_id_describe(&was, a, sizeof a),
			 disk_id_describe(&now, b, sizeof b));
}

/* The target must be as the install left it (or, unfinished, the same
   disk), and unless FORCE the disk the backup was taken from.  */
static int check_identity(const struct disk_target *t, const struct journal *j,
			  const uint8_t *hdr, const char *backup, int force,
			  struct ckb_error *err)
{
	uint8_t head[2 * SECTOR];
	int ok;

	if (!t->exists)
		return disk_fail(err, "%s: %s", t->path, strerror(ENOENT));
	if (target_read(t, head, sizeof head, 0) < 0)
		return disk_fail(err, "%s: read error: %s", t->path,
				 strerror(errno));
	if (get32(hdr + JOURNAL_STATE) == JOURNAL_FINISHED)
		ok = t->size == get64(hdr + 24) &&
		     ckb_crc32(0, head, sizeof head) == get32(hdr + 56);
	else
		ok = (t->size == get64(hdr + 24) ||
		      t->size == get64(hdr + 16)) &&
		     same_stable(j, head, hdr);
	if (!ok)
		return disk_fail(err,
				 "%s: the backup %s was not taken from "
				 "this disk, or the disk has changed since; "
				 "not restoring",
				 t->path, backup);
	return force ? 0 : same_disk(t, hdr, backup, err);
}

/* The writes the backup undoes, for the mount checks.  */
static int restore_busy(struct disk_target *t, const struct journal *j,
			struct ckb_error *err)
{
	for (size_t i = 0; i < j->n; i++) {
		struct disk_range r = {j->rec[i].off, j->rec[i].len};

		if (target_check_busy(t, &r, 1, err) < 0)
			return -1;
	}
	return 0;
}

static int restore_apply(struct journal *j, struct disk_target *t,
			 const uint8_t *hdr, struct ckb_error *err)
{
	uint64_t before = get64(hdr + 16);

	if (target_open_write(t, 0, err) < 0)
		return -1;
	if (get32(hdr + 12) & JOURNAL_CREATED && !t->is_blk) {
		target_close(t);
		if (unlink(t->path) < 0)
			return disk_fail(err, "%s: %s", t->path,
					 strerror(errno));
		return 0;
	}
	if (!t->is_blk && before < t->size && ftruncate(t->fd, before) < 0)
		return disk_fail(err, "%s: %s", t->path, strerror(errno));
	return journal_rollback(j, t, err);
}

static int restore(const char *backup, const char *target, int force,
		   struct ckb_error *err)
{
	struct journal j = {.fd = -1};
	struct disk_target t;
	uint8_t hdr[JOURNAL_HEADER_SIZE];
	struct stat st;
	sigset_t mask;
	int ret = -1;

	err->msg[0] = '\0';
	t.fd = -1;
	t.lock_fd = -1;
	t.path = NULL;
	j.fd = file_open_read(backup, &st);
	if (j.fd < 0) {
		disk_fail(err, "%s: %s", backup, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		disk_fail(err, "%s: not a regular file", backup);
		goto out;
	}
	if (load_backup(&j, backup, hdr, err) < 0 ||
	    target_probe(&t, target, err) < 0 ||
	    check_identity(&t, &j, hdr, backup, force, err) < 0 ||
	    restore_busy(&t, &j, err) < 0)
		goto out;
	/* A restore stopped halfway would leave neither the install nor
	   what it replaced: finish it, then let the signal act.  */
	disk_signals_hold(&mask);
	ret = restore_apply(&j, &t, hdr, err);
	disk_signals_release(&mask, err);
out:
	journal_end(&j);
	target_free(&t);
	return ret;
}

int ckb_restore(const char *backup, const char *target, struct ckb_error *err)
{
	return restore(backup, target, 0, err);
}

int ckb_restore_forced(const char *backup, const char *target,
		       struct ckb_error *err)
{
	return restore(backup, target, 1, err);
}
