/* module.c: the modules, files that ckboot-install --module puts after
   the kernel for the loader to hand the kernel with it (an initrd, a
   font, a second program).

   Like the kernel, a module is copied byte for byte, and its CRC-32 is
   taken when it is opened, with the stamp of the file before the first
   byte was read (write.c refuses a module that changed since).  Unlike
   the kernel it is not looked into: any regular file will do, empty
   too, if it is smaller than 4 GiB.  The module table that lists the
   modules on the disk is built by plan.c; here it is checked as read
   back from a disk (plan.c for a reinstall, verify.c) and printed.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "file.h"

/* The loader reads modules below 4 GiB, and sizes them in 32 bits.  */
#define MODULE_MAX ((uint64_t)1 << 32)

static uint64_t sectors_of(uint64_t bytes)
{
	return (bytes + SECTOR - 1) / SECTOR;
}

/* STRING, or the last part of PATH: what the kernel is given.  */
static int set_string(struct ckb_module *m, const char *path,
		      const char *string, struct ckb_error *err)
{
	const char *s = string, *slash = strrchr(path, '/');
	size_t len;

	if (!s)
		s = slash ? slash + 1 : path;
	len = strlen(s);
	if (len >= CKBOOT_MODULE_STRING_MAX && string)
		return disk_fail(err,
				 "%s: --module-string of %zu bytes, more than "
				 "the %d the loader takes for a module",
				 path, len, CKBOOT_MODULE_STRING_MAX - 1);
	if (len >= CKBOOT_MODULE_STRING_MAX)
		return disk_fail(err,
				 "%s: a name of %zu bytes, more than the %d "
				 "the loader takes for a module's string; "
				 "give a shorter --module-string",
				 path, len, CKBOOT_MODULE_STRING_MAX - 1);
	memcpy(m->string, s, len);
	m->string_size = len;
	return 0;
}

static int open_module(const char *path, struct ckb_module *m,
		       struct ckb_error *err)
{
	struct stat st;

	m->path = strdup(path);
	if (!m->path)
		return disk_fail(err, "%s: %s", path, strerror(ENOMEM));
	m->fd = file_open_read(path, &st);
	if (m->fd < 0)
		return disk_fail(err, "%s: cannot open module: %s", path,
				 strerror(errno));
	if (S_ISDIR(st.st_mode))
		return disk_fail(err, "%s: is a directory, not a module", path);
	if (!S_ISREG(st.st_mode))
		return disk_fail(err, "%s: not a regular file", path);
	if ((uint64_t)st.st_size >= MODULE_MAX)
		return disk_fail(err,
				 "%s: %jd bytes; a module must be smaller "
				 "than 4 GiB: the loader reads modules below "
				 "4 GiB",
				 path, (intmax_t)st.st_size);
	m->size = st.st_size;
	file_stamp(&st, &m->stamp);
	return 0;
}

int ckb_module_count_check(size_t n, const char *extra,
			   struct ckb_error *err)
{
	if (n <= CKBOOT_MODULES_MAX)
		return 0;
	return disk_fail(err,
			 "%s: module %d of %zu, more than the %d the loader "
			 "takes",
			 extra, CKBOOT_MODULES_MAX + 1, n, CKBOOT_MODULES_MAX);
}

int ckb_module_open(const char *path, const char *string,
		    struct ckb_module *m, struct ckb_error *err)
{
	memset(m, 0, sizeof *m);
	m->fd = -1;
	if (set_string(m, path, string, err) < 0 ||
	    open_module(path, m, err) < 0 ||
	    file_crc32(m->path, m->fd, m->size, &m->crc32, err) < 0) {
		ckb_module_close(m);
		return -1;
	}
	return 0;
}

void ckb_module_close(struct ckb_module *m)
{
	if (m->fd >= 0)
		close(m->fd);
	free(m->path);
	m->fd = -1;
	m->path = NULL;
}

/* ---- the table on a disk ---- */

uint64_t module_table_sectors(uint32_t count)
{
	return sectors_of(sizeof(struct ckboot_module_table) +
			  (uint64_t)count * sizeof(struct ckboot_module_entry));
}

void module_entry(const uint8_t *table, uint32_t i,
		  struct ckboot_module_entry *e)
{
	memcpy(e,
	       table + sizeof(struct ckboot_module_table) + i * sizeof *e,
	       sizeof *e);
}

/* Entry I must hold a string the loader can pass on, and a module
   right after what comes before it (FROM), as ckboot-install puts it,
   and before END: a reinstall takes all the sectors up to the last
   module's end for ckboot's own.  */
static int check_entry(const struct ckboot_module_entry *e, uint32_t i,
		       uint64_t from, uint64_t end, char *why, size_t len)
{
	uint64_t sectors = sectors_of(e->size);

	if (e->string_size >= CKBOOT_MODULE_STRING_MAX ||
	    e->string[e->string_size] != '\0')
		snprintf(why, len, "has module %" PRIu32 " with a string of "
			 "%" PRIu32 " bytes", i + 1, e->string_size);
	else if (e->size >= MODULE_MAX)
		snprintf(why, len, "has module %" PRIu32 " of %" PRIu64
			 " bytes", i + 1, e->size);
	else if (e->lba != from)
		snprintf(why, len, "has module %" PRIu32 " at LBA %" PRIu64
			 ", not right after what comes before it", i + 1,
			 e->lba);
	else if (e->lba > end || sectors > end - e->lba)
		snprintf(why, len, "has module %" PRIu32 " at LBA %" PRIu64
			 "-%" PRIu64 ", past LBA %" PRIu64, i + 1, e->lba,
			 e->lba + sectors - 1, end - 1);
	else
		return 0;
	return -1;
}

/* The table's own fields, its header's count COUNT.  */
static int check_header(const uint8_t *table, uint32_t count, char *why,
			size_t len)
{
	struct ckboot_module_table t;
	uint32_t crc;

	memcpy(&t, table, sizeof t);
	crc = ckb_crc32(0, table + sizeof t,
			(size_t)count * sizeof(struct ckboot_module_entry));
	if (t.magic != CKBOOT_MODULE_TABLE_MAGIC)
		snprintf(why, len, "is not one (magic 0x%08" PRIx32 ")",
			 t.magic);
	else if (t.count != count)
		snprintf(why, len, "lists %" PRIu32 " modules, the loader "
			 "header %" PRIu32, t.count, count);
	else if (t.entry_size != sizeof(struct ckboot_module_entry))
		snprintf(why, len, "has entries of %" PRIu32 " bytes, not %zu",
			 t.entry_size, sizeof(struct ckboot_module_entry));
	else if (crc != t.crc32)
		snprintf(why, len, "damaged (CRC-32 0x%08" PRIx32 ", the table "
			 "says 0x%08" PRIx32 ")", crc, t.crc32);
	else
		return 0;
	return -1;
}

int module_table_check(const uint8_t *table, uint32_t count, uint64_t lba,
		       uint64_t end, uint64_t *after, char *why, size_t len)
{
	struct ckboot_module_entry e;
	uint64_t from = lba + module_table_sectors(count);

	if (from > end) {
		snprintf(why, len, "runs past LBA %" PRIu64, end - 1);
		return -1;
	}
	if (check_header(table, count, why, len) < 0)
		return -1;
	for (uint32_t i = 0; i < count; i++) {
		module_entry(table, i, &e);
		if (check_entry(&e, i, from, end, why, len) < 0)
			return -1;
		from = e.lba + sectors_of(e.size);
	}
	*after = from;
	return 0;
}

/* ---- --dry-run and --verify ---- */

void disk_print_module_table(FILE *out, uint64_t lba, uint32_t count)
{
	uint64_t sectors = module_table_sectors(count);

	fprintf(out,
		"module table:   LBA %" PRIu64 "-%" PRIu64 " (%" PRIu64
		" sector%s), %" PRIu32 " entr%s\n",
		lba, lba + sectors - 1, sectors, sectors == 1 ? "" : "s", count,
		count == 1 ? "y" : "ies");
}

/* An empty module takes no sector: it has an LBA, not a range.  */
static void print_lbas(FILE *out, uint64_t lba, uint64_t sectors)
{
	if (sectors)
		fprintf(out, "LBA %" PRIu64 "-%" PRIu64, lba,
			lba + sectors - 1);
	else
		fprintf(out, "LBA %" PRIu64, lba);
	fprintf(out, " (%" PRIu64 " sector%s), ", sectors,
		sectors == 1 ? "" : "s");
}

void disk_print_module(FILE *out, uint32_t n,
		       const struct ckboot_module_entry *e, const char *path)
{
	char label[24];

	snprintf(label, sizeof label, "module %" PRIu32 ":", n);
	fprintf(out, "%-16s", label);
	print_lbas(out, e->lba, sectors_of(e->size));
	if (path)
		fprintf(out, "%s, ", path);
	fprintf(out, "%" PRIu64 " bytes, CRC-32 0x%08" PRIx32 "; string: ",
		e->size, e->crc32);
	disk_print_escaped(out, e->string, e->string_size);
	fputc('\n', out);
}

const char *module_string(const struct ckboot_module_entry *e, char *buf,
			  size_t len)
{
	FILE *f = fmemopen(buf, len, "w");

	buf[0] = '\0';
	if (f) {
		disk_print_escaped(f, e->string, strnlen(e->string,
							 sizeof e->string));
		fclose(f);
	}
	buf[len - 1] = '\0';
	return buf;
}
