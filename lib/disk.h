/* libckboot internals for installing on a target: the pieces that
   ckb_plan_make() (plan.c) puts together and ckb_plan_execute() (write.c)
   carries out.

	target.c	open an image or a disk, its size and sector size,
			refuse mounted, swap or busy devices
	mbr.c		the MBR partition table and what else may sit at
			the start of a disk (file systems, other loaders)
	gpt.c		GPT headers and entries, the BIOS boot partition
	module.c	the module table as a disk holds it
	plan.c		where each piece goes, checked, as data
	journal.c	the old bytes of every write, rollback, --backup
	write.c		the writes in their safe order, verified

   Nothing here is exported from the library.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#ifndef CKBOOT_DISK_H
#define CKBOOT_DISK_H

#include <signal.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include "ckboot.h"

#define SECTOR CKBOOT_SECTOR_SIZE
/* Kernels and old bytes move in chunks of this size: big enough for
   full disk throughput, small enough that a 64 MiB kernel never sits
   in memory (issue 7 wants a peak RSS under 16 MiB).  */
#define DISK_CHUNK (1024 * 1024)
/* The start of a disk read to recognise what is there: btrfs's
   superblock at 64 KiB is the farthest signature probed.  */
#define DISK_HEAD_SIZE (68 * 1024)
#define MIB	       ((uint64_t)1 << 20)

/* Fill ERR with a formatted message; returns -1 for "return disk_fail()".  */
int disk_fail(struct ckb_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* "1.5 MiB", "12 KiB" for messages.  */
const char *disk_human(uint64_t bytes, char *buf, size_t len);
int disk_all_zero(const void *buf, size_t len);
/* The boot code of mbr.bin in DIR (NULL: $CKBOOT_STAGE_DIR, then the
   installed one), CKBOOT_MBR_CODE_SIZE bytes, as an install copies it;
   *PATH, to free, names the file (plan.c).  */
int disk_stage_mbr(const char *dir, uint8_t *code, char **path,
		   struct ckb_error *err);
/* The plan's "command line:" line for LEN bytes of S at LBA
   (plan.c).  */
void disk_print_cmdline(FILE *out, uint64_t lba, uint64_t sectors,
			const char *s, size_t len);
/* LEN bytes of S on one line: a control character as \ooo, a
   backslash as \\ (plan.c).  */
void disk_print_escaped(FILE *out, const char *s, size_t len);

/* A half-open byte range [off, off + len).  */
struct disk_range {
	uint64_t off, len;
};

/* ---- target.c ---- */
struct disk_target {
	char *path;
	int fd;	    /* -1 when closed */
	int lock_fd; /* holds the flock() from the probe on; -1: none */
	int exists; /* 0: execute creates a new image file */
	int is_blk;
	int created; /* execute created the file: unlink on failure */
	dev_t rdev;  /* block devices */
	dev_t dev;   /* files: st_dev and st_ino */
	ino_t ino;
	uint64_t size;	     /* bytes, as probed */
	int partition_busy;  /* a partition of the disk is mounted or swap:
				no O_EXCL */
	char busy_note[640]; /* which one, for the plan */
};

int target_probe(struct disk_target *t, const char *path,
		 struct ckb_error *err);
/* An existing image or disk, read-only (--verify), under a shared lock
   so not while an install writes it, its cached blocks dropped where
   that is allowed.  target_free() ends it.  */
int target_open_read(struct disk_target *t, const char *path,
		     struct ckb_error *err);
/* Refuse when the device itself, or a partition holding one of the N
   ranges, is mounted, swap or held by another driver.  */
int target_check_busy(struct disk_target *t, const struct disk_range *r,
		      size_t n, struct ckb_error *err);
/* Open for writing (creating a new image of SIZE bytes).  */
int target_open_write(struct disk_target *t, uint64_t size,
		      struct ckb_error *err);
/* Whole reads and writes; reads past the end of a file give zeros.  */
int target_read(const struct disk_target *t, void *buf, size_t len,
		uint64_t off);
int target_write(const struct disk_target *t, const void *buf, size_t len,
		 uint64_t off);
/* fsync, and for a disk drop its buffer cache so reads hit the disk.  */
int target_flush(const struct disk_target *t);
/* Close the file; the lock stays.  */
void target_close(struct disk_target *t);
/* Drop the lock, then close the file: the writes are over.  */
void target_release(struct disk_target *t);
/* target_release(), and free the path.  T may never have been probed
   if its fd and lock_fd are -1.  */
void target_free(struct disk_target *t);

/* Which disk a target is, for --restore to tell a disk from its clone:
   the contents cannot, and a device name moves (/dev/sdb today may be
   /dev/sdc tomorrow).  By what the target is:

	DISK_ID_FILE	an image file, or a loop device over one: the
			file's st_dev and st_ino, and its file system's
			f_fsid (stable where st_dev is not, e.g. across
			a reboot that renumbers the disks)
	DISK_ID_SERIAL	a disk whose sysfs entry names it: "wwid ...",
			"serial ...", "uuid ..." (device mapper, RAID)
	DISK_ID_DEVNUM	any other block device: its device number, the
			best there is  */
enum disk_id_kind {
	DISK_ID_NONE,
	DISK_ID_FILE,
	DISK_ID_SERIAL,
	DISK_ID_DEVNUM
};

#define DISK_ID_SERIAL_LEN 128

struct disk_id {
	enum disk_id_kind kind;
	uint64_t dev, ino, fsid; /* DISK_ID_DEVNUM: dev only */
	char serial[DISK_ID_SERIAL_LEN];
};

/* The identity of T, open (for a new image: after its creation).  */
void target_identity(const struct disk_target *t, struct disk_id *id);
int disk_id_same(const struct disk_id *a, const struct disk_id *b);
/* "inode 12 on device 8:1", "wwid naa.5000...", for messages.  */
const char *disk_id_describe(const struct disk_id *id, char *buf, size_t len);

/* ---- mbr.c ---- */
#define MBR_TYPE_EMPTY	0x00
#define MBR_TYPE_GPT	0xee
#define MBR_TYPE_CKBOOT 0xda /* "non-FS data": the area of a new image */
#define MBR_ACTIVE	0x80

struct mbr_entry {
	uint8_t status, type;
	uint32_t lba, count;
};

struct mbr_table {
	struct mbr_entry e[4];
	int nused;
	int nactive;
	int protective; /* an 0xEE entry: GPT follows */
	uint32_t disk_signature;
	uint64_t first_lba; /* lowest partition start: the gap's end */
};

/* Parse sector 0 of a disk of NSECTORS.  Returns 0 for a valid table,
   -1 with WHY filled otherwise.  */
int mbr_parse(const uint8_t *sec, uint64_t nsectors, struct mbr_table *m,
	      char *why, size_t whylen);
void mbr_set_entry(uint8_t *sec, int i, const struct mbr_entry *e);
/* A file system or volume signature in the first LEN bytes of a disk
   (DISK_HEAD_SIZE when the disk is that large): its name, or NULL.  */
const char *mbr_probe_signature(const uint8_t *head, size_t len);
/* Another boot loader's code in sector 0, or its next stage in a sector
   of the gap: its name, or NULL.  */
const char *mbr_probe_boot_code(const uint8_t *sec0);
const char *mbr_probe_stage(const uint8_t *sec);

/* ---- gpt.c ---- */
typedef int (*disk_read_fn)(void *ctx, void *buf, size_t len, uint64_t off);

struct gpt_info {
	uint64_t alt_lba, first_usable, last_usable, entries_lba;
	uint32_t nentries, entry_size;
	int nbios;			/* BIOS boot partitions found */
	uint32_t bios_index;		/* 1-based, the first one */
	uint64_t bios_first, bios_last; /* its LBAs, inclusive */
};

/* LBA 1 starts with "EFI PART".  */
int gpt_present(const uint8_t *lba1);
/* Read and check both headers and entry arrays of a disk of NSECTORS.  */
int gpt_parse(disk_read_fn read, void *ctx, uint64_t nsectors,
	      struct gpt_info *g, char *why, size_t whylen);

/* ---- journal.c ---- */
struct journal_rec {
	uint64_t off, len;
	int zero;     /* the old bytes were all zero */
	uint64_t pos; /* where the old bytes are in the spool */
};

/* What a --backup file must match before it is written back: the
   disk's identity, the size of the target and a CRC-32 of its first
   two sectors as the install left them.  */
struct journal_id {
	uint64_t size_before, size_after;
	uint64_t rdev, dev, ino;
	uint32_t head_crc;   /* LBA 0-1 after the install */
	uint32_t stable_crc; /* LBA 0-1 before, the bytes written zeroed */
	int created;	     /* the install created the image file */
	struct disk_id disk;
	char name[256]; /* the target's absolute name, for messages */
};

struct journal {
	struct journal_rec *rec;
	size_t n, cap;
	int fd;		    /* the spool: the backup file or a temp file */
	const char *backup; /* its name, or NULL */
	uint64_t pos;	    /* spool write position */
	uint32_t crc;	    /* of the backup file so far */
	char spool[512];    /* the temp file's name, or "" */
	int keep;	    /* rollback failed: keep the temp file */
	int made_backup;    /* this install created the backup file */
};

int journal_begin(struct journal *j, const char *backup,
		  const struct journal_id *id, struct ckb_error *err);
/* Keep the LEN bytes at OFF of the target before they are written.  */
int journal_save(struct journal *j, const struct disk_target *t, uint64_t off,
		 uint64_t len, struct ckb_error *err);
/* All saved: finish the backup file and flush it to disk.  */
int journal_commit(struct journal *j, struct ckb_error *err);
/* The install is complete: mark the backup file so.  */
int journal_finish(struct journal *j, struct ckb_error *err);
/* The target is unchanged: remove the backup file made for it.  */
void journal_discard(struct journal *j);
/* The rollback failed: keep the undo data and return its file name.  */
const char *journal_keep(struct journal *j);
/* Zero in HEAD (LBA 0-1) the bytes that the ranges R cover.  */
void journal_mask_head(uint8_t *head, const struct disk_range *r, size_t n);
/* Put every saved byte back, last saved first.  */
int journal_rollback(struct journal *j, const struct disk_target *t,
		     struct ckb_error *err);
void journal_end(struct journal *j);

/* ---- write.c: signals while the target is written ---- */

/* Hold SIGINT, SIGTERM, SIGHUP and SIGPIPE until disk_signals_release(),
   keeping the old mask in OLD.  */
void disk_signals_hold(sigset_t *old);
/* SIGINT, SIGTERM or SIGHUP came since: its number, or 0.  */
int disk_stop_pending(void);
const char *disk_signal_name(int sig);
/* Let the held signals act.  One that ends the process would leave
   ERR unsaid: it is printed first, if set.  */
void disk_signals_release(const sigset_t *old, const struct ckb_error *err);

/* ---- module.c ---- */

/* The bytes of the largest module table, in whole sectors.  */
#define MODULE_TABLE_MAX                                                   \
	((sizeof(struct ckboot_module_table) +                             \
	  CKBOOT_MODULES_MAX * sizeof(struct ckboot_module_entry) +        \
	  SECTOR - 1) / SECTOR * SECTOR)

/* Sectors of a module table with COUNT entries.  */
uint64_t module_table_sectors(uint32_t count);
/* Entry I of TABLE, the table's bytes.  */
void module_entry(const uint8_t *table, uint32_t i,
		  struct ckboot_module_entry *e);
/* Check TABLE, the module_table_sectors(COUNT) sectors read at LBA, for
   a loader header that counts COUNT (1 to CKBOOT_MODULES_MAX) modules,
   all of which must lie before END: 0 and *AFTER the sector after the
   last module, or -1 with WHY ("damaged (CRC-32 ...)"), which follows
   "module table at LBA ..." in a message.  */
int module_table_check(const uint8_t *table, uint32_t count, uint64_t lba,
		       uint64_t end, uint64_t *after, char *why, size_t len);
/* The "module table:" line, and the "module N:" line of entry E (the
   Nth, from 1), naming PATH unless it is NULL: for --dry-run and
   --verify.  */
void disk_print_module_table(FILE *out, uint64_t lba, uint32_t count);
void disk_print_module(FILE *out, uint32_t n,
		       const struct ckboot_module_entry *e, const char *path);
/* E's string as the "module N:" line shows it, in BUF of LEN bytes.  */
const char *module_string(const struct ckboot_module_entry *e, char *buf,
			  size_t len);

/* ---- plan.c ---- */
enum plan_area {
	AREA_NEW,	    /* blank target: a new MBR, area at LBA 2048 */
	AREA_MBR_GAP,	    /* between the MBR and the first partition */
	AREA_GPT_BIOS_BOOT, /* a GPT BIOS boot partition */
	AREA_CKBOOT_PART    /* the partition of an image ckboot made */
};

#define PLAN_MAX_WARN 4
/* What --force may override in one plan: the start of the target, the
   boot code, the area.  */
#define PLAN_MAX_FORCED 3
#define PLAN_NOTE_LEN	256 /* bytes of one warning or --force note */

/* A file copied into the area, the kernel or a module: write.c streams
   each the same way.  */
struct plan_file {
	const char *what; /* "kernel", "module", for messages */
	const char *path;
	int fd;
	uint64_t size;
	uint32_t crc32; /* taken when it was opened */
	const struct ckb_file_stamp *stamp;
	uint64_t lba, sectors;
};

struct ckb_plan {
	struct disk_target t;
	const struct ckb_kernel *k;
	int verbose;
	char *backup;
	enum plan_area kind;
	const char *layout; /* "MBR", "GPT", "none" */
	int reinstall;	    /* ckboot found in the area */
	int empty_table;    /* sector 0 was an MBR without partitions */
	int nforced;	    /* what --force overrode, for the plan: */
	char forced[PLAN_MAX_FORCED][PLAN_NOTE_LEN];
	uint64_t size; /* target bytes after the install */
	uint64_t area_lba, area_sectors;
	int area_part; /* its partition number, or 0 (MBR gap) */
	uint64_t loader_lba, loader_sectors;
	uint64_t kernel_lba, kernel_sectors;
	uint64_t preread; /* kernel sectors the boot sector reads too */
	/* The module table, from the sector after the kernel, then the
	   modules: */
	uint64_t table_lba, table_sectors; /* 0 sectors: no modules */
	uint8_t *table;			   /* table_sectors * SECTOR */
	const struct ckb_module *modules;
	size_t nmodules;
	/* The kernel, then the modules, as write.c copies them: */
	struct plan_file file[1 + CKBOOT_MODULES_MAX];
	size_t nfiles;
	uint64_t clear_sectors; /* after the last module (or the kernel):
				   the rest of a bigger old ckboot, zeroed
				   on reinstall */
	uint8_t *loader;	/* loader_sectors * SECTOR, header patched */
	uint32_t loader_size;
	/* The command line, in the loader's last sectors: */
	const char *cmdline;
	uint32_t cmdline_size, cmdline_crc32;
	uint64_t cmdline_sectors;
	uint8_t old0[SECTOR]; /* sector 0 as probed */
	uint8_t new0[SECTOR]; /* sector 0 as it will be */
	int table_write;      /* bytes 440-511 written: new table/--activate */
	int activate;
	int grow; /* 1-4: ckboot's partition grows (reinstall
		     of a bigger kernel on its own image) */
	struct mbr_table mbr;
	char *stage_mbr, *stage_loader; /* file names, for the plan */
	char warn[PLAN_MAX_WARN][PLAN_NOTE_LEN];
	int nwarn;
};

/* The ranges execute writes: sector 0's bytes and the area's.  */
size_t plan_ranges(const struct ckb_plan *p, struct disk_range *r);
/* The sector after the install's last: that of the last module, or of
   the kernel; where clear_sectors start.  */
uint64_t plan_end(const struct ckb_plan *p);

#endif /* CKBOOT_DISK_H */
