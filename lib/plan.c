/* ckb_plan_make(): decide, before anything is written, where each piece
   of ckboot goes on the target, and refuse everything unsafe.  The
   result is plain data: ckb_plan_print() shows it for --dry-run, and
   ckb_plan_execute() (write.c) carries it out.

   The "ckboot area" holds the loader and, from the next sector, the
   kernel file, then the module table and the modules' files, if there
   are modules.  It is, by what the target holds:

	nothing (new or blank)	LBA 2048 on, inside a new MBR partition
				of type 0xDA marked active
	an MBR partition table	the gap between sector 0 and the first
				partition
	a GPT			the BIOS boot partition
	an image ckboot made	its partition, found through the boot
				sector's parameters

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk.h"
#include "file.h"
#include "full-read.h"

#ifndef PKGLIBDIR
#define PKGLIBDIR "/usr/local/lib/ckboot"
#endif

/* Where a new layout puts the area: 1 MiB, as every partitioning tool
   aligns the first partition.  */
#define NEW_AREA_LBA 2048

/* Add a line to LIST, which has N of MAX lines; a full list drops it.  */
static void note_add(char (*list)[PLAN_NOTE_LEN], int *n, int max,
		     const char *fmt, va_list ap)
{
	if (*n < max)
		vsnprintf(list[(*n)++], PLAN_NOTE_LEN, fmt, ap);
}

static void plan_warn(struct ckb_plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void plan_warn(struct ckb_plan *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_add(p->warn, &p->nwarn, PLAN_MAX_WARN, fmt, ap);
	va_end(ap);
}

/* Note what --force overrides.  Each check overrides one thing at most,
   so there is always room.  */
static void plan_forced(struct ckb_plan *p, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void plan_forced(struct ckb_plan *p, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	note_add(p->forced, &p->nforced, PLAN_MAX_FORCED, fmt, ap);
	va_end(ap);
}

static char *path_join(const char *dir, const char *file)
{
	size_t len = strlen(dir) + strlen(file) + 2;
	char *s = malloc(len);

	if (s)
		snprintf(s, len, "%s/%s", dir, file);
	return s;
}

/* Open PATH for reading, a regular file only (file.c: a FIFO does not
   make it wait).  */
static int open_stage(const char *path, struct stat *st, struct ckb_error *err)
{
	int fd = file_open_read(path, st);

	if (fd < 0)
		return disk_fail(err, "%s: %s", path, strerror(errno));
	if (!S_ISREG(st->st_mode)) {
		close(fd);
		return disk_fail(err, "%s: not a regular file", path);
	}
	return fd;
}

/* Read all of PATH, MIN to MAX bytes, into BUF (zero-padded by the
   caller); returns its length or -1.  */
static ssize_t read_stage(const char *path, uint8_t *buf, size_t min,
			  size_t max, struct ckb_error *err)
{
	struct stat st;
	ssize_t n = -1;
	int fd = open_stage(path, &st, err);

	if (fd < 0)
		return -1;
	if (st.st_size < (off_t)min || st.st_size > (off_t)max) {
		disk_fail(err,
			  "%s: %jd bytes; a ckboot stage file here has "
			  "%zu to %zu",
			  path, (intmax_t)st.st_size, min, max);
		goto out;
	}
	n = full_read(fd, buf, st.st_size);
	if (n != st.st_size) {
		disk_fail(err, "%s: read error", path);
		n = -1;
	}
out:
	close(fd);
	return n;
}

/* The boot code of mbr.bin at PATH, the bytes an install copies.  */
static int read_mbr(const char *path, uint8_t *code, struct ckb_error *err)
{
	uint8_t buf[SECTOR] = {0};
	struct ckboot_mbr_params mp;

	if (read_stage(path, buf, CKBOOT_MBR_PARAMS_OFFSET + sizeof mp,
		       SECTOR, err) < 0)
		return -1;
	memcpy(&mp, buf + CKBOOT_MBR_PARAMS_OFFSET, sizeof mp);
	if (mp.magic != CKBOOT_MBR_MAGIC && mp.magic != 0)
		return disk_fail(err,
				 "%s: not a ckboot boot sector (no "
				 "parameter block at 0x%x)",
				 path, CKBOOT_MBR_PARAMS_OFFSET);
	memcpy(code, buf, CKBOOT_MBR_CODE_SIZE);
	return 0;
}

static int load_mbr(struct ckb_plan *p, struct ckb_error *err)
{
	return read_mbr(p->stage_mbr, p->new0, err);
}

static int load_loader(struct ckb_plan *p, struct ckb_error *err)
{
	const size_t min =
	    CKBOOT_LOADER_HEADER_OFFSET + sizeof(struct ckboot_loader_header);
	struct ckboot_loader_header h;
	ssize_t n;

	p->loader = calloc(1, CKBOOT_LOADER_MAX_SIZE);
	if (!p->loader)
		return disk_fail(err, "%s: out of memory", p->stage_loader);
	n = read_stage(p->stage_loader, p->loader, min, CKBOOT_LOADER_MAX_SIZE,
		       err);
	if (n < 0)
		return -1;
	memcpy(&h, p->loader + CKBOOT_LOADER_HEADER_OFFSET, sizeof h);
	if (h.magic != CKBOOT_LOADER_MAGIC)
		return disk_fail(err,
				 "%s: not a ckboot loader (no header "
				 "magic at offset %d)",
				 p->stage_loader, CKBOOT_LOADER_HEADER_OFFSET);
	if (h.version != CKBOOT_LAYOUT_VERSION || h.header_size != sizeof h)
		return disk_fail(err,
				 "%s: loader layout version %" PRIu32
				 ", this ckboot-install writes version %d",
				 p->stage_loader, h.version,
				 CKBOOT_LAYOUT_VERSION);
	p->loader_size = n;
	p->loader_sectors = (n + SECTOR - 1) / SECTOR;
	return 0;
}

/* The command line goes in the sectors after the loader image, which
   are written and verified with it; the boot sector reads them too,
   and entry.S skips them.  */
static int add_cmdline(struct ckb_plan *p, const char *cmdline,
		       struct ckb_error *err)
{
	size_t len = cmdline ? strlen(cmdline) : 0;
	uint64_t off = p->loader_sectors * SECTOR;

	if (len == 0)
		return 0;
	if (len >= CKBOOT_CMDLINE_MAX)
		return disk_fail(err,
				 "--cmdline: %zu bytes, more than the %d the "
				 "loader takes",
				 len, CKBOOT_CMDLINE_MAX - 1);
	p->cmdline_sectors = (len + SECTOR - 1) / SECTOR;
	if (off + p->cmdline_sectors * SECTOR > CKBOOT_LOADER_MAX_SIZE)
		return disk_fail(err, "%s: no room after the loader for the "
				 "command line", p->stage_loader);
	memcpy(p->loader + off, cmdline, len);
	p->cmdline = cmdline;
	p->cmdline_size = len;
	p->cmdline_crc32 = ckb_crc32(0, cmdline, len);
	p->loader_sectors += p->cmdline_sectors;
	return 0;
}

/* The kernel and the modules, the files the area gets, and the room
   for the module table; their LBAs come with the area's (place()).  */
static int add_files(struct ckb_plan *p, const struct ckb_install_options *o,
		     struct ckb_error *err)
{
	const struct ckb_kernel *k = p->k;

	if (o->nmodules > CKBOOT_MODULES_MAX &&
	    ckb_module_count_check(o->nmodules,
				   o->modules[CKBOOT_MODULES_MAX].path,
				   err) < 0)
		return -1;
	p->file[0] = (struct plan_file){.what = "kernel", .path = k->path,
					.fd = k->fd, .size = k->size,
					.crc32 = k->crc32, .stamp = &k->stamp};
	for (size_t i = 0; i < o->nmodules; i++) {
		const struct ckb_module *m = &o->modules[i];

		p->file[i + 1] = (struct plan_file){
		    .what = "module", .path = m->path, .fd = m->fd,
		    .size = m->size, .crc32 = m->crc32, .stamp = &m->stamp};
	}
	p->nfiles = 1 + o->nmodules;
	for (size_t i = 0; i < p->nfiles; i++)
		p->file[i].sectors = (p->file[i].size + SECTOR - 1) / SECTOR;
	p->kernel_sectors = p->file[0].sectors;
	p->modules = o->modules;
	p->nmodules = o->nmodules;
	if (!p->nmodules)
		return 0;
	p->table_sectors = module_table_sectors(p->nmodules);
	p->table = calloc(p->table_sectors, SECTOR);
	if (!p->table)
		return disk_fail(err, "%s: out of memory", o->target);
	return 0;
}

/* Sectors of the area the install uses.  */
static uint64_t need_sectors(const struct ckb_plan *p)
{
	uint64_t n = p->loader_sectors + p->table_sectors;

	for (size_t i = 0; i < p->nfiles; i++)
		n += p->file[i].sectors;
	return n;
}

/* DIR, else $CKBOOT_STAGE_DIR, else the installed stage files.  */
static const char *stage_dir(const char *dir)
{
	if (!dir)
		dir = getenv("CKBOOT_STAGE_DIR");
	return dir ? dir : PKGLIBDIR;
}

int disk_stage_mbr(const char *dir, uint8_t *code, char **path,
		   struct ckb_error *err)
{
	*path = path_join(stage_dir(dir), "mbr.bin");
	if (!*path)
		return disk_fail(err, "out of memory");
	return read_mbr(*path, code, err);
}

static int load_stages(struct ckb_plan *p, const char *dir,
		       struct ckb_error *err)
{
	dir = stage_dir(dir);
	p->stage_mbr = path_join(dir, "mbr.bin");
	p->stage_loader = path_join(dir, "loader.bin");
	if (!p->stage_mbr || !p->stage_loader)
		return disk_fail(err, "%s: out of memory", dir);
	if (load_mbr(p, err) < 0)
		return -1;
	return load_loader(p, err);
}

static int plan_read(void *ctx, void *buf, size_t len, uint64_t off)
{
	return target_read(ctx, buf, len, off);
}

/* ---- what is on the target ---- */

/* Is ckboot installed?  Its boot sector names the loader's LBA, where
   a loader header must be.  Returns that LBA, or 0.  */
static uint64_t find_ckboot(struct ckb_plan *p)
{
	struct ckboot_mbr_params mp;
	struct ckboot_loader_header h;
	uint8_t sec[SECTOR];

	memcpy(&mp, p->old0 + CKBOOT_MBR_PARAMS_OFFSET, sizeof mp);
	if (mp.magic != CKBOOT_MBR_MAGIC || mp.loader_lba == 0 ||
	    mp.loader_lba >= p->t.size / SECTOR ||
	    target_read(&p->t, sec, SECTOR, mp.loader_lba * SECTOR) < 0)
		return 0;
	memcpy(&h, sec + CKBOOT_LOADER_HEADER_OFFSET, sizeof h);
	return h.magic == CKBOOT_LOADER_MAGIC ? mp.loader_lba : 0;
}

static int layout_gpt(struct ckb_plan *p, uint64_t need, struct ckb_error *err)
{
	struct gpt_info g;
	char why[200];
	uint64_t mib = (need * SECTOR + MIB - 1) / MIB;

	if (gpt_parse(plan_read, &p->t, p->t.size / SECTOR, &g, why,
		      sizeof why) < 0)
		return disk_fail(err,
				 "%s: damaged GPT (%s); check it with "
				 "'sgdisk --verify %s' and repair it first",
				 p->t.path, why, p->t.path);
	/* One line, as every refusal; the manual has parted's way.  */
	if (g.nbios == 0)
		return disk_fail(err,
				 "%s: GPT disk without a BIOS boot partition; "
				 "create one of at least %" PRIu64 " MiB "
				 "(sgdisk --new=0:0:+%" PRIu64 "M "
				 "--typecode=0:ef02 %s)",
				 p->t.path, mib, mib, p->t.path);
	if (g.nbios > 1)
		plan_warn(p,
			  "%d BIOS boot partitions; using partition %" PRIu32,
			  g.nbios, g.bios_index);
	p->kind = AREA_GPT_BIOS_BOOT;
	p->area_part = g.bios_index;
	p->layout = "GPT";
	p->area_lba = g.bios_first;
	p->area_sectors = g.bios_last - g.bios_first + 1;
	return 0;
}

static void layout_new(struct ckb_plan *p)
{
	p->kind = AREA_NEW;
	p->area_part = 1;
	p->layout = p->t.exists && p->t.size ? "none (blank)" : "none (new)";
	p->area_lba = NEW_AREA_LBA;
}

static int layout_mbr(struct ckb_plan *p, uint64_t found)
{
	const struct mbr_table *m = &p->mbr;

	p->layout = "MBR";
	for (int i = 0; found && i < 4; i++) {
		if (m->e[i].type == MBR_TYPE_CKBOOT && m->e[i].lba == found) {
			p->kind = AREA_CKBOOT_PART;
			p->area_part = i + 1;
			p->area_lba = found;
			p->area_sectors = m->e[i].count;
			return 0;
		}
	}
	p->kind = AREA_MBR_GAP;
	p->area_lba = 1;
	p->area_sectors = m->first_lba - 1;
	return 0;
}

/* Recognise the target's layout and set the area's kind and place.  */
static int probe_layout(struct ckb_plan *p, const struct ckb_install_options *o,
			const uint8_t *head, size_t headlen, uint64_t need,
			struct ckb_error *err)
{
	const char *sig;
	char why[200];
	int valid;

	if (!p->t.exists || p->t.size == 0) {
		layout_new(p);
		return 0;
	}
	valid =
	    mbr_parse(head, p->t.size / SECTOR, &p->mbr, why, sizeof why) == 0;
	/* A GPT header behind an MBR with partitions but no 0xEE entry is
	   stale (libblkid ignores it too); check_area() will refuse to
	   overwrite it without --force.  */
	if (headlen >= 2 * SECTOR && gpt_present(head + SECTOR) &&
	    (!valid || p->mbr.protective || p->mbr.nused == 0))
		return layout_gpt(p, need, err);
	if (valid && p->mbr.protective)
		return disk_fail(err,
				 "%s: protective MBR but no GPT header; "
				 "repair the GPT first (sgdisk --verify %s)",
				 p->t.path, p->t.path);
	sig = mbr_probe_signature(head, headlen);
	if (sig && !o->force)
		return disk_fail(err,
				 "%s: %s found at its start; ckboot "
				 "would destroy it (--force overwrites it)",
				 p->t.path, sig);
	if (sig) {
		plan_forced(p, "--force: overwriting the %s at the start", sig);
		memset(&p->mbr, 0, sizeof p->mbr);
		layout_new(p);
		return 0;
	}
	if (valid && p->mbr.nused > 0)
		return layout_mbr(p, find_ckboot(p));
	if (valid || disk_all_zero(head, headlen)) {
		layout_new(p);
		if (valid) {
			p->layout = "MBR without partitions";
			p->empty_table = 1;
		}
		return 0;
	}
	if (!o->force)
		return disk_fail(err,
				 "%s: no partition table (%s) and its first "
				 "sectors are not empty; --force treats it as "
				 "blank",
				 p->t.path, why);
	plan_forced(p, "--force: treating the unrecognised start as blank");
	memset(&p->mbr, 0, sizeof p->mbr);
	layout_new(p);
	return 0;
}

/* ---- sizes ---- */

static uint64_t round_up(uint64_t v, uint64_t to)
{
	return (v + to - 1) / to * to;
}

/* Size a new or blank target's area: its partition covers the area
   rounded up to whole MiB, the rest of the disk stays free.  */
static int size_new(struct ckb_plan *p, const struct ckb_install_options *o,
		    uint64_t need, struct ckb_error *err)
{
	uint64_t min = (NEW_AREA_LBA + need) * SECTOR, disk;
	char a[32], b[32];

	if (p->t.exists && p->t.size > 0) {
		disk = p->t.size;
		if (disk < min)
			return disk_fail(err,
					 "%s: target too small: ckboot "
					 "needs %s, the disk has %s",
					 p->t.path,
					 disk_human(min, a, sizeof a),
					 disk_human(disk, b, sizeof b));
	} else {
		disk = o->image_size ? o->image_size : round_up(min, MIB);
		if (disk % SECTOR)
			return disk_fail(err,
					 "%s: image size %" PRIu64
					 " is not a multiple of 512",
					 p->t.path, disk);
		if (disk < min)
			return disk_fail(
			    err,
			    "%s: image size too small: "
			    "ckboot needs %s, --image-size gives %s",
			    p->t.path, disk_human(min, a, sizeof a),
			    disk_human(disk, b, sizeof b));
	}
	p->size = disk;
	p->area_sectors = round_up(need, MIB / SECTOR);
	if (NEW_AREA_LBA + p->area_sectors > disk / SECTOR)
		p->area_sectors = disk / SECTOR - NEW_AREA_LBA;
	if (p->area_sectors > UINT32_MAX)
		p->area_sectors = round_up(need, MIB / SECTOR);
	return 0;
}

static const char *area_name(enum plan_area kind)
{
	switch (kind) {
	case AREA_NEW:
		return "new partition";
	case AREA_MBR_GAP:
		return "the gap before the first partition";
	case AREA_GPT_BIOS_BOOT:
		return "the BIOS boot partition";
	default:
		return "ckboot's partition";
	}
}

/* An image ckboot made, reinstalled with a bigger kernel: grow the
   file and ckboot's partition when that partition ends the image.  */
static void grow_own(struct ckb_plan *p, uint64_t need)
{
	uint64_t count = round_up(need, MIB / SECTOR);

	if (p->kind != AREA_CKBOOT_PART || p->t.is_blk ||
	    p->area_lba + p->area_sectors != p->t.size / SECTOR ||
	    p->t.size % SECTOR || count > UINT32_MAX)
		return;
	for (int i = 0; i < 4; i++) {
		const struct mbr_entry *e = &p->mbr.e[i];

		if (e->type == MBR_TYPE_EMPTY)
			continue;
		if (e->lba == p->area_lba)
			p->grow = i + 1;
		else if (e->lba > p->area_lba)
			return; /* a partition follows: no room */
	}
	if (!p->grow)
		return;
	p->area_sectors = count;
	p->size = (p->area_lba + count) * SECTOR;
	p->table_write = 1;
}

/* The kernel from KERNEL_LBA, then the module table, then each module
   from the sector after the one before.  */
static void place_files(struct ckb_plan *p)
{
	uint64_t lba;

	p->file[0].lba = p->kernel_lba;
	p->table_lba = lba = p->kernel_lba + p->kernel_sectors;
	lba += p->table_sectors;
	for (size_t i = 1; i < p->nfiles; i++) {
		p->file[i].lba = lba;
		lba += p->file[i].sectors;
	}
}

uint64_t plan_end(const struct ckb_plan *p)
{
	const struct plan_file *last = &p->file[p->nfiles - 1];

	return last->lba + last->sectors;
}

static int place(struct ckb_plan *p, const struct ckb_install_options *o,
		 uint64_t need, struct ckb_error *err)
{
	char a[32], b[32];

	if (p->kind == AREA_NEW && size_new(p, o, need, err) < 0)
		return -1;
	if (p->kind != AREA_NEW)
		p->size = p->t.size;
	if (need > p->area_sectors)
		grow_own(p, need);
	if (need > p->area_sectors)
		return disk_fail(
		    err,
		    "%s: ckboot needs %s (loader%s%s), "
		    "%s has %s",
		    p->t.path, disk_human(need * SECTOR, a, sizeof a),
		    p->cmdline_size ? ", command line" : "",
		    p->nmodules ? ", kernel and modules" : " and kernel",
		    area_name(p->kind),
		    disk_human(p->area_sectors * SECTOR, b, sizeof b));
	p->loader_lba = p->area_lba;
	p->kernel_lba = p->area_lba + p->loader_sectors;
	place_files(p);
	return 0;
}

/* ---- what ckboot would overwrite ---- */

/* Find the first sector in [LBA, END) that is not zero: 0 and *FOUND
   set, 1 if all are zero, -1 on a read error.  */
static int first_data(const struct disk_target *t, uint64_t lba, uint64_t end,
		      uint8_t *buf, uint64_t *found)
{
	size_t n, i;

	for (; lba < end; lba += n / SECTOR) {
		n = (end - lba) * SECTOR < DISK_CHUNK ? (end - lba) * SECTOR
						      : DISK_CHUNK;
		if (target_read(t, buf, n, lba * SECTOR) < 0)
			return -1;
		if (disk_all_zero(buf, n))
			continue;
		for (i = 0; disk_all_zero(buf + i, SECTOR); i += SECTOR)
			;
		memmove(buf, buf + i, SECTOR);
		*found = lba + i / SECTOR;
		return 0;
	}
	return 1;
}

/* Where the modules of an installed ckboot end, after its kernel,
   which ends at LBA, for a loader header that counts COUNT: where its
   module table says, if that table is whole and lies in the area, or
   LBA.  */
static uint64_t old_modules_end(struct ckb_plan *p, uint64_t lba,
				uint32_t count)
{
	uint8_t table[MODULE_TABLE_MAX];
	uint64_t sectors = module_table_sectors(count), end = lba;
	char why[200];

	if (count == 0 || count > CKBOOT_MODULES_MAX ||
	    target_read(&p->t, table, sectors * SECTOR, lba * SECTOR) < 0 ||
	    module_table_check(table, count, lba,
			       p->area_lba + p->area_sectors, &end, why,
			       sizeof why) < 0)
		return lba;
	return end;
}

/* Where the sectors of an installed ckboot end: what its loader header
   and module table say, or the area's start when the header says
   nonsense.  */
static uint64_t ckboot_end(struct ckb_plan *p)
{
	struct ckboot_loader_header h;
	uint8_t sec[SECTOR];
	uint64_t end;

	if (target_read(&p->t, sec, SECTOR, p->area_lba * SECTOR) < 0)
		return p->area_lba;
	memcpy(&h, sec + CKBOOT_LOADER_HEADER_OFFSET, sizeof h);
	end = h.kernel_lba + (h.kernel_size + SECTOR - 1) / SECTOR;
	if (h.kernel_lba <= p->area_lba || h.kernel_size > p->t.size ||
	    end > p->area_lba + p->area_sectors)
		return p->area_lba;
	return old_modules_end(p, end, h.module_count);
}

/* The sectors ckboot will write must be empty, or ckboot's own: find
   the first that is not and say what it holds.  */
static int check_area(struct ckb_plan *p, const struct ckb_install_options *o,
		      struct ckb_error *err)
{
	uint64_t lba = 0, start = p->loader_lba;
	const char *what;
	uint8_t *buf;
	int r;

	/* Even when --force overrode something else: a target it takes
	   for blank may still hold data where the area goes, and the
	   plan lists every override.  */
	if (!p->t.exists || p->t.size == 0)
		return 0;
	/* A reinstall overwrites the old ckboot; what lies past it must
	   be empty like any other sector of the area.  */
	if (p->reinstall)
		start = ckboot_end(p);
	buf = malloc(DISK_CHUNK);
	if (!buf)
		return disk_fail(err, "%s: out of memory", p->t.path);
	r = first_data(&p->t, start, plan_end(p), buf, &lba);
	what = r == 0 ? mbr_probe_stage(buf) : NULL;
	free(buf);
	if (r < 0)
		return disk_fail(err, "%s: read error: %s", p->t.path,
				 strerror(errno));
	if (r > 0)
		return 0;
	if (o->force) {
		plan_forced(p, "--force: overwriting %s at LBA %" PRIu64,
			    what ? what : "unknown data", lba);
		return 0;
	}
	return disk_fail(err,
			 "%s: %s holds %s at LBA %" PRIu64 "%s; "
			 "--force overwrites it",
			 p->t.path, area_name(p->kind), what ? what : "data",
			 lba,
			 what ? "" : " (another boot loader's, or a tool's?)");
}

static int check_boot_code(struct ckb_plan *p,
			   const struct ckb_install_options *o,
			   struct ckb_error *err)
{
	const char *who;

	/* A new layout too: an MBR without partitions may hold GRUB's
	   code, as may a start that --force takes for blank.  */
	if (!p->t.exists || p->reinstall)
		return 0;
	who = mbr_probe_boot_code(p->old0);
	if (!who)
		return 0;
	if (!o->force)
		return disk_fail(err,
				 "%s: sector 0 holds %s's boot code; "
				 "--force replaces it",
				 p->t.path, who);
	plan_forced(p, "--force: replacing %s's boot code", who);
	return 0;
}

/* ---- the new bytes ---- */

/* A new disk signature derived from what is installed, so that the
   same kernel and size give the same image (reproducible builds).  */
static uint32_t new_signature(const struct ckb_plan *p)
{
	uint64_t v[3] = {p->k->size, p->k->crc32, p->size};
	uint32_t sig = ckb_crc32(0, v, sizeof v);

	return sig ? sig : 0x636b6230;
}

static int set_active(struct ckb_plan *p, int n, struct ckb_error *err)
{
	/* A hybrid MBR's entries mirror GPT partitions; they are left to
	   the tools that keep the two in step.  */
	if (p->kind == AREA_GPT_BIOS_BOOT && p->mbr.protective &&
	    p->mbr.nused > 1)
		return disk_fail(err,
				 "%s: --activate=%d: ckboot leaves the hybrid "
				 "MBR of a GPT disk as it is (sfdisk "
				 "--label-nested=dos --activate %s %d sets "
				 "the flag)",
				 p->t.path, n, p->t.path, n);
	/* The protective MBR's one entry must stay as sgdisk wrote it; a
	   BIOS that wants it active is served by parted's pmbr_boot.  */
	if (p->kind == AREA_GPT_BIOS_BOOT)
		return disk_fail(err,
				 "%s: --activate=%d: a GPT disk has no MBR "
				 "partitions to mark active (for a BIOS that "
				 "insists: parted %s disk_set pmbr_boot on)",
				 p->t.path, n, p->t.path);
	if (n < 1 || n > 4 || p->mbr.e[n - 1].type == MBR_TYPE_EMPTY)
		return disk_fail(err,
				 "%s: --activate=%d: no such MBR "
				 "partition",
				 p->t.path, n);
	/* Only the boot flags change; CHS and LBA fields stay the user's.  */
	for (int i = 0; i < 4; i++) {
		if (p->mbr.e[i].type == MBR_TYPE_EMPTY)
			continue;
		p->mbr.e[i].status = i == n - 1 ? MBR_ACTIVE : 0;
		p->new0[CKBOOT_MBR_PARTITION_TABLE + 16 * i] =
		    p->mbr.e[i].status;
	}
	p->activate = n;
	p->table_write = 1;
	return 0;
}

/* A kernel this small is read by the boot sector along with the loader
   (CKBOOT_PREREAD_MAX in <ckboot/layout.h>); the two must fit where
   the loader may be.  */
static uint64_t preread_sectors(const struct ckb_plan *p)
{
	if (p->kernel_sectors > CKBOOT_PREREAD_MAX ||
	    (p->loader_sectors + p->kernel_sectors) * SECTOR >
		CKBOOT_LOADER_MAX_SIZE)
		return 0;
	return p->kernel_sectors;
}

/* Sector 0: ckboot's code with its parameters; the user's signature and
   table, or for a new layout a table with one active partition.  */
static int build_sector0(struct ckb_plan *p,
			 const struct ckb_install_options *o,
			 struct ckb_error *err)
{
	struct ckboot_mbr_params mp = {
	    .magic = CKBOOT_MBR_MAGIC,
	    .loader_sectors = p->loader_sectors + p->preread,
	    .loader_lba = p->loader_lba,
	};
	struct mbr_entry e = {MBR_ACTIVE, MBR_TYPE_CKBOOT, NEW_AREA_LBA,
			      p->area_sectors};
	uint32_t sig = p->mbr.disk_signature;

	memcpy(p->new0 + CKBOOT_MBR_CODE_SIZE, p->old0 + CKBOOT_MBR_CODE_SIZE,
	       SECTOR - CKBOOT_MBR_CODE_SIZE);
	memcpy(p->new0 + CKBOOT_MBR_PARAMS_OFFSET, &mp, sizeof mp);
	if (p->kind == AREA_NEW) {
		if (!sig)
			sig = new_signature(p);
		memset(p->new0 + CKBOOT_MBR_CODE_SIZE, 0,
		       SECTOR - CKBOOT_MBR_CODE_SIZE);
		memcpy(p->new0 + CKBOOT_MBR_DISK_SIGNATURE, &sig, 4);
		/* The two bytes after the signature (0x5A5A: "copy
		   protected") are the user's as much as the signature.  */
		if (p->empty_table)
			memcpy(p->new0 + CKBOOT_MBR_DISK_SIGNATURE + 4,
			       p->old0 + CKBOOT_MBR_DISK_SIGNATURE + 4, 2);
		mbr_set_entry(p->new0, 0, &e);
		p->new0[510] = 0x55;
		p->new0[511] = 0xaa;
		p->table_write = 1;
		mbr_parse(p->new0, p->size / SECTOR, &p->mbr, (char[8]){0}, 8);
		if (o->activate > 1)
			return disk_fail(err,
					 "%s: --activate=%d: a new layout "
					 "has partition 1 only",
					 p->t.path, o->activate);
		return 0;
	}
	if (p->grow) {
		uint8_t *c = p->new0 + CKBOOT_MBR_PARTITION_TABLE +
			     16 * (p->grow - 1) + 12;
		uint32_t n = p->area_sectors;

		c[0] = n, c[1] = n >> 8, c[2] = n >> 16, c[3] = n >> 24;
		p->mbr.e[p->grow - 1].count = n;
	}
	if (o->activate)
		return set_active(p, o->activate, err);
	if (p->kind != AREA_GPT_BIOS_BOOT && p->mbr.nactive == 0)
		plan_warn(p,
			  "no MBR partition is marked active; some BIOSes "
			  "will not boot this disk (--activate=N marks one)");
	return 0;
}

static void patch_loader(struct ckb_plan *p, const struct ckboot_config *cfg)
{
	struct ckboot_loader_header h;

	memcpy(&h, p->loader + CKBOOT_LOADER_HEADER_OFFSET, sizeof h);
	h.kernel_lba = p->kernel_lba;
	h.kernel_size = p->k->size;
	h.kernel_crc32 = p->k->crc32;
	h.kernel_preread = p->preread;
	h.cmdline_size = p->cmdline_size;
	h.cmdline_crc32 = p->cmdline_crc32;
	h.module_count = p->nmodules;
	h.config = *cfg;
	memcpy(p->loader + CKBOOT_LOADER_HEADER_OFFSET, &h, sizeof h);
}

/* The module table: an entry for each module, where place_files() put
   it, and the CRC-32 of the entries.  */
static void build_module_table(struct ckb_plan *p)
{
	struct ckboot_module_table t = {
	    .magic = CKBOOT_MODULE_TABLE_MAGIC,
	    .count = p->nmodules,
	    .entry_size = sizeof(struct ckboot_module_entry),
	};
	struct ckboot_module_entry e;
	uint8_t *at;

	if (!p->nmodules)
		return;
	at = p->table + sizeof t;
	for (size_t i = 0; i < p->nmodules; i++, at += sizeof e) {
		const struct ckb_module *m = &p->modules[i];

		memset(&e, 0, sizeof e);
		e.lba = p->file[i + 1].lba;
		e.size = m->size;
		e.crc32 = m->crc32;
		e.string_size = m->string_size;
		memcpy(e.string, m->string, m->string_size);
		memcpy(at, &e, sizeof e);
	}
	t.crc32 = ckb_crc32(0, p->table + sizeof t, p->nmodules * sizeof e);
	memcpy(p->table, &t, sizeof t);
}

size_t plan_ranges(const struct ckb_plan *p, struct disk_range *r)
{
	size_t n = 0;

	r[n++] = (struct disk_range){0, p->table_write && p->kind == AREA_NEW
					    ? SECTOR
					    : CKBOOT_MBR_CODE_SIZE};
	if (p->table_write && p->kind != AREA_NEW)
		r[n++] =
		    (struct disk_range){CKBOOT_MBR_PARTITION_TABLE, 4 * 16};
	r[n++] = (struct disk_range){
	    p->loader_lba * SECTOR,
	    (plan_end(p) - p->loader_lba + p->clear_sectors) * SECTOR};
	return n;
}

/* ---- putting it together ---- */

static int probe(struct ckb_plan *p, const struct ckb_install_options *o,
		 uint64_t need, struct ckb_error *err)
{
	size_t headlen = DISK_HEAD_SIZE;
	uint8_t *head;
	int ret = 0;

	if (p->t.exists && p->t.size > 0 && p->t.size < 2 * SECTOR)
		return disk_fail(err,
				 "%s: target too small (%" PRIu64 " bytes)",
				 p->t.path, p->t.size);
	if (p->t.size < headlen)
		headlen = p->t.size / SECTOR * SECTOR;
	head = calloc(1, DISK_HEAD_SIZE);
	if (!head)
		return disk_fail(err, "%s: out of memory", p->t.path);
	if (p->t.exists && p->t.size > 0 &&
	    target_read(&p->t, head, headlen, 0) < 0)
		ret = disk_fail(err, "%s: read error: %s", p->t.path,
				strerror(errno));
	memcpy(p->old0, head, SECTOR);
	if (ret == 0)
		ret = probe_layout(p, o, head, headlen, need, err);
	free(head);
	return ret;
}

static int plan_checks(struct ckb_plan *p, const struct ckb_install_options *o,
		       struct ckb_error *err)
{
	uint64_t end = plan_end(p), old;
	struct disk_range r[3];
	size_t n;

	if (p->kind == AREA_MBR_GAP || p->kind == AREA_CKBOOT_PART ||
	    p->kind == AREA_GPT_BIOS_BOOT)
		p->reinstall = find_ckboot(p) == p->area_lba;
	/* A smaller kernel or fewer modules than last time: zero the old
	   install's tail, so that the area past ckboot stays as empty as
	   it was.  */
	old = p->reinstall ? ckboot_end(p) : 0;
	if (old > end)
		p->clear_sectors = old - end;
	if (check_boot_code(p, o, err) < 0 || check_area(p, o, err) < 0)
		return -1;
	n = plan_ranges(p, r);
	return target_check_busy(&p->t, r, n, err);
}

int ckb_plan_make(const struct ckb_install_options *o,
		  const struct ckb_kernel *k, const struct ckboot_config *cfg,
		  struct ckb_plan **plan, struct ckb_error *err)
{
	struct ckb_plan *p = calloc(1, sizeof *p);
	struct stat st;
	uint64_t need;

	*plan = NULL;
	err->msg[0] = '\0';
	if (!p)
		return disk_fail(err, "%s: out of memory", o->target);
	p->t.fd = -1;
	p->t.lock_fd = -1;
	p->k = k;
	p->verbose = o->verbose;
	if ((o->backup && !(p->backup = strdup(o->backup))) ||
	    add_files(p, o, err) < 0 ||
	    load_stages(p, o->stage_dir, err) < 0 ||
	    add_cmdline(p, o->cmdline, err) < 0 ||
	    target_probe(&p->t, o->target, err) < 0)
		goto fail;
	if (o->backup && lstat(o->backup, &st) == 0) {
		disk_fail(err,
			  "%s: exists; ckboot does not overwrite a backup, "
			  "choose another name",
			  o->backup);
		goto fail;
	}
	p->preread = preread_sectors(p);
	need = need_sectors(p);
	if (probe(p, o, need, err) < 0 || place(p, o, need, err) < 0 ||
	    plan_checks(p, o, err) < 0 || build_sector0(p, o, err) < 0)
		goto fail;
	patch_loader(p, cfg);
	build_module_table(p);
	*plan = p;
	return 0;
fail:
	ckb_plan_free(p);
	return -1;
}

void ckb_plan_free(struct ckb_plan *p)
{
	if (!p)
		return;
	target_free(&p->t);
	free(p->loader);
	free(p->table);
	free(p->backup);
	free(p->stage_mbr);
	free(p->stage_loader);
	free(p);
}

/* ---- --dry-run ---- */

/* A string as the kernel will get it, but on one line of the plan: a
   control character (a newline from $(cat file), say) shows as \ooo,
   and so a backslash as \\.  */
void disk_print_escaped(FILE *out, const char *s, size_t len)
{
	const unsigned char *c = (const unsigned char *)s;

	for (; len > 0; c++, len--)
		if (*c < 0x20 || *c == 0x7f)
			fprintf(out, "\\%03o", *c);
		else if (*c == '\\')
			fputs("\\\\", out);
		else
			fputc(*c, out);
}

void disk_print_cmdline(FILE *out, uint64_t lba, uint64_t sectors,
			const char *s, size_t len)
{
	fprintf(out,
		"command line:   LBA %" PRIu64 "-%" PRIu64 " (%" PRIu64
		" sector%s), %zu bytes: ",
		lba, lba + sectors - 1, sectors, sectors == 1 ? "" : "s", len);
	disk_print_escaped(out, s, len);
	fputc('\n', out);
}

static void print_modules(FILE *out, const struct ckb_plan *p)
{
	struct ckboot_module_entry e;

	if (!p->nmodules)
		return;
	disk_print_module_table(out, p->table_lba, p->nmodules);
	for (size_t i = 0; i < p->nmodules; i++) {
		module_entry(p->table, i, &e);
		disk_print_module(out, i + 1, &e, p->modules[i].path);
	}
}

static void print_table(FILE *out, const struct ckb_plan *p)
{
	for (int i = 0; i < 4; i++) {
		const struct mbr_entry *e = &p->mbr.e[i];

		if (e->type == MBR_TYPE_EMPTY)
			continue;
		fprintf(out,
			"  partition %d:  type 0x%02x, LBA %" PRIu32 "-%" PRIu64
			"%s\n",
			i + 1, e->type, e->lba, (uint64_t)e->lba + e->count - 1,
			e->status == MBR_ACTIVE ? ", active" : "");
	}
}

static void print_target(FILE *out, const struct ckb_plan *p)
{
	char a[32];

	fprintf(out, "target:         %s (%s, %s)\n", p->t.path,
		!p->t.exists  ? "new image file"
		: p->t.is_blk ? "block device"
			      : "image file",
		disk_human(p->size, a, sizeof a));
	fprintf(out, "partition table: %s", p->layout);
	if (p->kind == AREA_NEW)
		fprintf(out,
			"; a new MBR will be written, disk signature "
			"0x%08" PRIx32,
			p->mbr.disk_signature);
	else if (p->kind != AREA_GPT_BIOS_BOOT)
		fprintf(out, ", disk signature 0x%08" PRIx32,
			p->mbr.disk_signature);
	fputc('\n', out);
	if (p->kind != AREA_GPT_BIOS_BOOT)
		print_table(out, p);
}

void ckb_plan_print(FILE *out, const struct ckb_plan *p)
{
	uint64_t used = need_sectors(p);
	struct disk_range r[3];
	size_t n = plan_ranges(p, r);
	char a[32], b[32], part[32] = "";
	const char *reads = "";

	if (p->area_part)
		snprintf(part, sizeof part, " (partition %d)", p->area_part);
	print_target(out, p);
	fprintf(out,
		"ckboot area:    %s%s, LBA %" PRIu64 "-%" PRIu64 " (%s, "
		"%s used)%s\n",
		area_name(p->kind), part, p->area_lba,
		p->area_lba + p->area_sectors - 1,
		disk_human(p->area_sectors * SECTOR, a, sizeof a),
		disk_human(used * SECTOR, b, sizeof b),
		p->reinstall ? "; ckboot is there already: reinstall" : "");
	fprintf(out,
		"loader:         LBA %" PRIu64 "-%" PRIu64 " (%" PRIu64
		" sectors), %s, %" PRIu32 " bytes\n",
		p->loader_lba, p->kernel_lba - p->cmdline_sectors - 1,
		p->loader_sectors - p->cmdline_sectors, p->stage_loader,
		p->loader_size);
	if (p->cmdline_size)
		disk_print_cmdline(out, p->kernel_lba - p->cmdline_sectors,
				   p->cmdline_sectors, p->cmdline,
				   p->cmdline_size);
	fprintf(out,
		"kernel:         LBA %" PRIu64 "-%" PRIu64 " (%" PRIu64
		" sectors), %s, %" PRIu64 " bytes, CRC-32 0x%08" PRIx32 "\n",
		p->kernel_lba, p->kernel_lba + p->kernel_sectors - 1,
		p->kernel_sectors, p->k->path, p->k->size, p->k->crc32);
	if (p->k->pie)
		fprintf(out,
			"                position-independent: runs at 0x%" PRIx64
			"-0x%" PRIx64 ", %" PRIu64 " relocation%s applied at "
			"boot\n"
			"                moved by 0x%" PRIx64 " from where it "
			"was linked (GDB: symbol-file -o 0x%" PRIx64 " %s)\n",
			p->k->vstart, p->k->vend, p->k->relocs,
			p->k->relocs == 1 ? "" : "s", p->k->bias, p->k->bias,
			p->k->path);
	print_modules(out, p);
	if (p->clear_sectors)
		fprintf(out,
			"old install:    LBA %" PRIu64 "-%" PRIu64
			" (the rest of the previous, bigger one) zeroed\n",
			plan_end(p), plan_end(p) + p->clear_sectors - 1);
	if (p->preread)
		reads = p->cmdline_size
			    ? ": the loader, the command line and the kernel"
			    : ": the loader and the kernel";
	fprintf(out,
		"boot sector:    LBA 0 bytes 0-439 from %s (loads %" PRIu64
		" sectors from LBA %" PRIu64 "%s)\n",
		p->stage_mbr, p->loader_sectors + p->preread, p->loader_lba,
		reads);
	if (p->kind == AREA_NEW)
		fprintf(out,
			"partition table change: new table, partition 1 "
			"(type 0x%02x, active) = the ckboot area\n",
			MBR_TYPE_CKBOOT);
	if (p->grow)
		fprintf(out,
			"partition table change: ckboot's partition %d "
			"grows to %" PRIu64 " sectors, the image to %s\n",
			p->grow, p->area_sectors,
			disk_human(p->size, a, sizeof a));
	if (p->activate)
		fprintf(out,
			"partition table change: partition %d marked "
			"active\n",
			p->activate);
	if (p->kind != AREA_NEW && !p->grow && !p->activate)
		fprintf(out, "partition table change: none\n");
	fprintf(out, "writes:        ");
	for (size_t i = 0; i < n; i++)
		fprintf(out, " bytes %" PRIu64 "-%" PRIu64 "%s", r[i].off,
			r[i].off + r[i].len - 1, i + 1 < n ? "," : "\n");
	fprintf(out,
		"order:          area, flush, verify; then boot sector, "
		"flush, verify; undo data kept%s%s\n",
		p->backup ? " in " : " in a temporary file",
		p->backup ? p->backup : "");
	if (p->t.busy_note[0])
		fprintf(out, "note: %s\n", p->t.busy_note);
	for (int i = 0; i < p->nforced; i++)
		fprintf(out, "note: %s\n", p->forced[i]);
	for (int i = 0; i < p->nwarn; i++)
		fprintf(out, "warning: %s\n", p->warn[i]);
}
