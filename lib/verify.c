/* verify.c: check an installed ckboot without writing anything
   (ckboot-install --verify).

   What the BIOS and the loader check at boot, checked from the host:
   sector 0 ends in 0x55AA and holds the boot code of mbr.bin, whose
   parameters point at a loader of this layout, read whole (its last
   word); the boot sector reads what the loader header says it must,
   and the command line, the kernel, the module table and each module
   have the CRC-32s the install recorded.  The target is opened
   read-only by target.c, under a shared lock, and read a chunk at a
   time.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ckboot/layout.h>
#include "disk.h"

#define SECTOR CKBOOT_SECTOR_SIZE
#define KERNEL_MAX ((uint64_t)1 << 32) /* the loader reads below 4 GiB */

struct verify {
	const char *path;
	const char *stage_dir;
	struct disk_target t;
	FILE *out;
	struct ckboot_mbr_params mp;
	struct ckboot_loader_header h;
};

static uint64_t sectors_of(uint64_t bytes)
{
	return (bytes + SECTOR - 1) / SECTOR;
}

/* Whole reads, within the target: target_read() would make zeros of
   what lies past the end of an image.  */
static int read_at(struct verify *v, void *buf, size_t len, uint64_t off,
		   struct ckb_error *err)
{
	if (off > v->t.size || len > v->t.size - off)
		return disk_fail(err, "%s: ckboot's sectors run past its end "
				 "(LBA %" PRIu64 "): reinstall",
				 v->path, (off + len - 1) / SECTOR);
	if (target_read(&v->t, buf, len, off) < 0)
		return disk_fail(err, "%s: read error at LBA %" PRIu64 ": %s",
				 v->path, off / SECTOR, strerror(errno));
	return 0;
}

/* Bytes 0-439 as the install wrote them: mbr.bin's, its parameter
   block aside; and the signature the BIOS wants.  */
static int check_boot_code(struct verify *v, const uint8_t *sec,
			   struct ckb_error *err)
{
	uint8_t code[CKBOOT_MBR_CODE_SIZE];
	size_t params = CKBOOT_MBR_PARAMS_OFFSET;
	char *path;
	int r;

	if (sec[CKBOOT_MBR_BOOT_SIGNATURE] != 0x55 ||
	    sec[CKBOOT_MBR_BOOT_SIGNATURE + 1] != 0xaa)
		return disk_fail(err, "%s: sector 0 does not end in 0x55 0xaa: "
				 "no BIOS boots it", v->path);
	r = disk_stage_mbr(v->stage_dir, code, &path, err);
	if (r == 0 &&
	    (memcmp(code, sec, params) != 0 ||
	     memcmp(code + params + sizeof v->mp, sec + params + sizeof v->mp,
		    sizeof code - params - sizeof v->mp) != 0))
		r = disk_fail(err, "%s: the boot code in bytes 0-439 is not "
			      "%s's (damaged, or from another build of "
			      "ckboot): reinstall", v->path, path);
	free(path);
	return r;
}

/* Sector 0 names the loader, whose first sector holds the header.  */
static int find_loader(struct verify *v, struct ckb_error *err)
{
	uint8_t sec[SECTOR];

	if (v->t.size < SECTOR)
		return disk_fail(err, "%s: no ckboot here (smaller than a "
				 "sector)", v->path);
	if (read_at(v, sec, SECTOR, 0, err) < 0)
		return -1;
	memcpy(&v->mp, sec + CKBOOT_MBR_PARAMS_OFFSET, sizeof v->mp);
	if (v->mp.magic != CKBOOT_MBR_MAGIC)
		return disk_fail(err, "%s: no ckboot boot sector (no parameter "
				 "block at 0x5a)", v->path);
	if (check_boot_code(v, sec, err) < 0)
		return -1;
	if (v->mp.loader_lba == 0 || v->mp.loader_lba >= v->t.size / SECTOR ||
	    v->mp.loader_sectors == 0)
		return disk_fail(err, "%s: the boot sector reads %u sector%s "
				 "from LBA %" PRIu64 ", not on the disk: "
				 "reinstall", v->path,
				 (unsigned)v->mp.loader_sectors,
				 v->mp.loader_sectors == 1 ? "" : "s",
				 v->mp.loader_lba);
	if (read_at(v, sec, SECTOR, v->mp.loader_lba * SECTOR, err) < 0)
		return -1;
	memcpy(&v->h, sec + CKBOOT_LOADER_HEADER_OFFSET, sizeof v->h);
	if (v->h.magic != CKBOOT_LOADER_MAGIC)
		return disk_fail(err, "%s: no ckboot loader at LBA %" PRIu64
				 ", where the boot sector points: reinstall",
				 v->path, v->mp.loader_lba);
	if (v->h.version != CKBOOT_LAYOUT_VERSION)
		return disk_fail(err, "%s: loader layout version %" PRIu32
				 ", this ckboot-install reads version %d",
				 v->path, v->h.version, CKBOOT_LAYOUT_VERSION);
	if (v->h.header_size != sizeof v->h)
		return disk_fail(err, "%s: loader header of %" PRIu32 " bytes "
				 "at LBA %" PRIu64 ", not %zu: reinstall",
				 v->path, v->h.header_size, v->mp.loader_lba,
				 sizeof v->h);
	return 0;
}

/* The loader read whole: its last word, and the boot sector's count.  */
static int check_loader(struct verify *v, struct ckb_error *err)
{
	const struct ckboot_loader_header *h = &v->h;
	uint64_t lba = v->mp.loader_lba, sectors = sectors_of(h->loader_size);
	uint64_t cmd = sectors_of(h->cmdline_size), want;
	uint32_t tail;

	if (h->loader_size < CKBOOT_LOADER_HEADER_OFFSET + sizeof *h ||
	    h->loader_size > CKBOOT_LOADER_MAX_SIZE)
		return disk_fail(err, "%s: loader of %" PRIu32 " bytes at LBA "
				 "%" PRIu64 ": not ckboot's, reinstall",
				 v->path, h->loader_size, lba);
	if (read_at(v, &tail, sizeof tail,
		    lba * SECTOR + h->loader_size - sizeof tail, err) < 0)
		return -1;
	if (tail != CKBOOT_LOADER_TAIL_MAGIC)
		return disk_fail(err, "%s: loader at LBA %" PRIu64 "-%" PRIu64
				 " damaged (its last word is 0x%08" PRIx32
				 "): reinstall",
				 v->path, lba, lba + sectors - 1, tail);
	want = sectors + cmd;
	if (h->kernel_preread <= CKBOOT_PREREAD_MAX)
		want += h->kernel_preread;
	if (want * SECTOR > CKBOOT_LOADER_MAX_SIZE)
		return disk_fail(err, "%s: the boot sector would read %" PRIu64
				 " sectors, more than the loader's %d KiB: "
				 "reinstall", v->path, want,
				 CKBOOT_LOADER_MAX_SIZE / 1024);
	if (h->kernel_lba != lba + sectors + cmd || v->mp.loader_sectors != want)
		return disk_fail(err, "%s: the boot sector reads %u sector%s "
				 "and the kernel is at LBA %" PRIu64 "; the "
				 "loader needs %" PRIu64 " and LBA %" PRIu64
				 ": reinstall",
				 v->path, (unsigned)v->mp.loader_sectors,
				 v->mp.loader_sectors == 1 ? "" : "s",
				 h->kernel_lba, want, lba + sectors + cmd);
	if (v->out)
		fprintf(v->out,
			"boot sector:    LBA 0, loads %u sector%s from LBA %"
			PRIu64 "\n"
			"loader:         LBA %" PRIu64 "-%" PRIu64 " (%" PRIu64
			" sector%s), %" PRIu32 " bytes, layout version %" PRIu32
			"\n",
			(unsigned)v->mp.loader_sectors,
			v->mp.loader_sectors == 1 ? "" : "s", lba, lba,
			lba + sectors - 1, sectors, sectors == 1 ? "" : "s",
			h->loader_size, h->version);
	return 0;
}

static int check_cmdline(struct verify *v, struct ckb_error *err)
{
	const struct ckboot_loader_header *h = &v->h;
	uint64_t sectors = sectors_of(h->cmdline_size);
	uint64_t lba = h->kernel_lba - sectors;
	char line[CKBOOT_CMDLINE_MAX];
	uint32_t crc;

	if (!h->cmdline_size)
		return 0;
	if (h->cmdline_size >= CKBOOT_CMDLINE_MAX)
		return disk_fail(err, "%s: command line of %" PRIu32 " bytes: "
				 "not ckboot-install's, reinstall",
				 v->path, h->cmdline_size);
	if (read_at(v, line, h->cmdline_size, lba * SECTOR, err) < 0)
		return -1;
	crc = ckb_crc32(0, line, h->cmdline_size);
	if (crc != h->cmdline_crc32)
		return disk_fail(err, "%s: command line at LBA %" PRIu64
				 "-%" PRIu64 " damaged (CRC-32 0x%08" PRIx32
				 ", installed 0x%08" PRIx32 "): reinstall",
				 v->path, lba, lba + sectors - 1, crc,
				 h->cmdline_crc32);
	if (v->out)
		disk_print_cmdline(v->out, lba, sectors, line,
				   h->cmdline_size);
	return 0;
}

/* The CRC-32 of SIZE bytes from LBA, read a chunk at a time.  */
static int crc_at(struct verify *v, uint64_t lba, uint64_t size,
		  uint32_t *crc, struct ckb_error *err)
{
	uint8_t *buf = malloc(DISK_CHUNK);
	uint64_t off, n;

	if (!buf)
		return disk_fail(err, "%s: out of memory", v->path);
	*crc = 0;
	for (off = 0; off < size; off += n) {
		n = size - off < DISK_CHUNK ? size - off : DISK_CHUNK;
		if (read_at(v, buf, n, lba * SECTOR + off, err) < 0) {
			free(buf);
			return -1;
		}
		*crc = ckb_crc32(*crc, buf, n);
	}
	free(buf);
	return 0;
}

static int check_kernel(struct verify *v, struct ckb_error *err)
{
	const struct ckboot_loader_header *h = &v->h;
	uint64_t lba = h->kernel_lba, sectors = sectors_of(h->kernel_size);
	uint32_t crc;

	if (!h->kernel_size)
		return disk_fail(err, "%s: no kernel in the loader header: "
				 "run ckboot-install", v->path);
	if (h->kernel_size >= KERNEL_MAX)
		return disk_fail(err, "%s: kernel of %" PRIu64 " bytes in the "
				 "loader header, too large to boot: reinstall",
				 v->path, h->kernel_size);
	if (lba * SECTOR + h->kernel_size > v->t.size)
		return disk_fail(err, "%s: kernel at LBA %" PRIu64 "-%" PRIu64
				 " runs past the end of the disk: reinstall",
				 v->path, lba, lba + sectors - 1);
	if (crc_at(v, lba, h->kernel_size, &crc, err) < 0)
		return -1;
	if (crc != h->kernel_crc32)
		return disk_fail(err, "%s: kernel at LBA %" PRIu64 "-%" PRIu64
				 " damaged (CRC-32 0x%08" PRIx32 ", installed "
				 "0x%08" PRIx32 "): reinstall",
				 v->path, lba, lba + sectors - 1, crc,
				 h->kernel_crc32);
	if (v->out)
		fprintf(v->out,
			"kernel:         LBA %" PRIu64 "-%" PRIu64 " (%" PRIu64
			" sectors), %" PRIu64 " bytes, CRC-32 0x%08" PRIx32
			"\n",
			lba, lba + sectors - 1, sectors, h->kernel_size, crc);
	return 0;
}

/* The module table after the kernel, as the loader header counts it:
   whole, and each module where it says.  */
static int check_table(struct verify *v, uint8_t *table,
		       struct ckb_error *err)
{
	const struct ckboot_loader_header *h = &v->h;
	uint32_t count = h->module_count;
	uint64_t lba = h->kernel_lba + sectors_of(h->kernel_size), after;
	uint64_t sectors = module_table_sectors(count);
	char why[200];

	if (count > CKBOOT_MODULES_MAX)
		return disk_fail(err, "%s: the loader header counts %" PRIu32
				 " modules, more than %d: reinstall",
				 v->path, count, CKBOOT_MODULES_MAX);
	if (read_at(v, table, sectors * SECTOR, lba * SECTOR, err) < 0)
		return -1;
	if (module_table_check(table, count, lba, v->t.size / SECTOR, &after,
			       why, sizeof why) < 0)
		return disk_fail(err, "%s: module table at LBA %" PRIu64
				 "-%" PRIu64 " %s: reinstall",
				 v->path, lba, lba + sectors - 1, why);
	if (v->out)
		disk_print_module_table(v->out, lba, count);
	return 0;
}

static int check_module(struct verify *v, uint32_t i,
			const struct ckboot_module_entry *e,
			struct ckb_error *err)
{
	char name[4 * CKBOOT_MODULE_STRING_MAX];
	uint32_t crc;

	if (crc_at(v, e->lba, e->size, &crc, err) < 0)
		return -1;
	if (crc != e->crc32)
		return disk_fail(err, "%s: module %" PRIu32 " (%s) damaged: "
				 "CRC-32 0x%08" PRIx32 ", the table says "
				 "0x%08" PRIx32 "; reinstall",
				 v->path, i + 1,
				 module_string(e, name, sizeof name), crc,
				 e->crc32);
	if (v->out)
		disk_print_module(v->out, i + 1, e, NULL);
	return 0;
}

static int check_modules(struct verify *v, struct ckb_error *err)
{
	uint8_t table[MODULE_TABLE_MAX];
	struct ckboot_module_entry e;

	if (!v->h.module_count)
		return 0;
	if (check_table(v, table, err) < 0)
		return -1;
	for (uint32_t i = 0; i < v->h.module_count; i++) {
		module_entry(table, i, &e);
		if (check_module(v, i, &e, err) < 0)
			return -1;
	}
	return 0;
}

int ckb_verify(const char *target, const char *stage_dir, FILE *out,
	       struct ckb_error *err)
{
	struct verify v = {.path = target, .stage_dir = stage_dir, .out = out};
	int r = 0;

	/* In the order the boot meets them; the first problem is told.  */
	if (target_open_read(&v.t, target, err) < 0 ||
	    find_loader(&v, err) < 0 || check_loader(&v, err) < 0 ||
	    check_cmdline(&v, err) < 0 || check_kernel(&v, err) < 0 ||
	    check_modules(&v, err) < 0)
		r = -1;
	target_free(&v.t);
	if (r == 0 && out)
		fprintf(out, "%s: ckboot is intact\n", target);
	return r;
}
