/* libckboot: validate a kernel, settle its boot settings and install it
   with the ckboot loader on an image file or a disk.  ckboot-install is a
   thin front end over this library; other tools can build ckboot images
   through it without shelling out.

   Every function that can fail returns 0 on success and -1 on failure
   with a one-line message in ERR ("FILE: what is wrong", no program name,
   no final period or newline).  Nothing is written to a target before
   ckb_plan_execute().

   Use it from one thread at a time: while it reads a kernel or writes
   a target it changes the signal mask and the SIGBUS and SIGXFSZ
   handlers of the process, and puts them back.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#ifndef CKBOOT_LIB_H
#define CKBOOT_LIB_H

#include <stdint.h>
#include <stddef.h>
#include <stdio.h>
#include <ckboot/layout.h>

#define CKB_ERRLEN 512
struct ckb_error {
	char msg[CKB_ERRLEN];
};

/* ---- kernel.c: the kernel ELF file ---- */
#define CKB_MAX_SEGMENTS 64

struct ckb_segment {
	uint64_t vaddr, offset, filesz, memsz;
	uint32_t flags; /* PF_X 1, PF_W 2, PF_R 4 */
};

/* A file as fstat() saw it.  Writing to the file moves its times, so
   a stamp that is still the same says the file was left alone, short
   of an edit within one tick of the file system's clock.  */
struct ckb_file_stamp {
	uint64_t dev, ino, size;
	int64_t mtime_sec, ctime_sec;
	long mtime_nsec, ctime_nsec;
};

struct ckb_kernel {
	char *path;
	int fd;			/* open for reading; streamed when installing */
	uint64_t size;		/* bytes */
	uint32_t crc32;		/* of the whole file, as the loader checks it */
	struct ckb_file_stamp stamp; /* when opened, before it was read:
					what crc32 is the CRC of */
	/* Addresses are those the kernel runs at: a position-independent
	   kernel's (PIE) are moved by BIAS, as <ckboot/layout.h> says.  */
	uint64_t entry;
	uint64_t vstart, vend;	/* page-aligned span of the PT_LOAD segments */
	struct ckb_segment seg[CKB_MAX_SEGMENTS];
	size_t nseg;
	int pie;		/* ET_DYN */
	int has_dynamic;	/* ... with a PT_DYNAMIC header */
	uint64_t bias;
	uint64_t rela_addr, rela_size; /* the table it lists, moved */
	uint64_t relocs;	/* R_X86_64_RELATIVE relocations */
	int has_note;		/* a CKBOOT_CONFIG note was found */
	struct ckboot_config note;
};

/* Open and check PATH as an x86-64 ELF64 kernel ckboot can load.
   ckb_plan_execute() refuses it if it is no longer the file checked.  */
int ckb_kernel_open(const char *path, struct ckb_kernel *k,
		    struct ckb_error *err);
void ckb_kernel_close(struct ckb_kernel *k);

/* ---- module.c: files the loader hands the kernel with it ---- */
struct ckb_module {
	char *path;
	int fd;			/* open for reading; streamed when installing */
	uint64_t size;		/* bytes, less than 4 GiB */
	uint32_t crc32;		/* of the whole file */
	struct ckb_file_stamp stamp; /* when opened, before it was read */
	char string[CKBOOT_MODULE_STRING_MAX]; /* for the kernel, NUL-padded */
	size_t string_size;	/* bytes before the NUL */
};

/* Open PATH as a module: any regular file smaller than 4 GiB, empty
   too; take its stamp and its CRC-32.  STRING, or PATH's last part when
   it is NULL, is what the kernel is given with it, at most
   CKBOOT_MODULE_STRING_MAX - 1 bytes.  ckb_plan_execute() refuses the
   file if it is no longer the one opened.  */
int ckb_module_open(const char *path, const char *string,
		    struct ckb_module *m, struct ckb_error *err);
void ckb_module_close(struct ckb_module *m);
/* Refuse N modules if that is more than the loader takes (EXTRA names
   the first one too many); a front end can ask before it opens them,
   and ckb_plan_make() asks again.  */
int ckb_module_count_check(size_t n, const char *extra,
			   struct ckb_error *err);

/* ---- config.c, manifest.c: the boot settings and where they came from ---- */
enum ckb_setting {
	CKB_KERNEL_STACK_ADDRESS,
	CKB_KERNEL_STACK_SIZE,
	CKB_PHYSICAL_MEMORY_OFFSET,
	CKB_BOOT_INFO_ADDRESS,
	CKB_RECURSIVE_INDEX,
	CKB_MAP_PHYSICAL_MEMORY,
	CKB_RECURSIVE_PAGE_TABLE,
	CKB_VGA_320X200,
	CKB_FRAMEBUFFER_WIDTH,
	CKB_FRAMEBUFFER_HEIGHT,
	CKB_FRAMEBUFFER_BPP,
	CKB_SETTING_COUNT
};

enum ckb_source {
	CKB_SOURCE_DEFAULT,	/* built-in default, or chosen by the loader */
	CKB_SOURCE_NOTE,	/* the kernel's CKBOOT_CONFIG note */
	CKB_SOURCE_MANIFEST,	/* --manifest Cargo.toml */
	CKB_SOURCE_OPTION	/* a command-line option */
};

struct ckb_settings {
	struct ckboot_config cfg;
	enum ckb_source source[CKB_SETTING_COUNT];
	const char *source_file[CKB_SETTING_COUNT]; /* kernel or manifest */
};

/* Names as in the seed's manifest: "kernel-stack-address", ...  */
const char *ckb_setting_name(enum ckb_setting s);
void ckb_settings_init(struct ckb_settings *s);
/* Apply the kernel's note (lowest precedence).  */
void ckb_settings_from_kernel(struct ckb_settings *s,
			      const struct ckb_kernel *k);
/* Apply [package.metadata.bootloader] and the bootloader dependency's
   features from a Cargo.toml.  */
int ckb_settings_from_manifest(struct ckb_settings *s, const char *path,
			       struct ckb_error *err);
/* Apply one command-line setting; VALUE is NULL for a feature flag.  */
int ckb_settings_set_option(struct ckb_settings *s, enum ckb_setting which,
			    const char *value, struct ckb_error *err);
/* Refuse bad combinations: alignment, canonical form, lower half,
   overlaps with the kernel and each other, sizes.  */
int ckb_settings_check(const struct ckb_settings *s,
		       const struct ckb_kernel *k, struct ckb_error *err);
/* "kernel-stack-size = 512 pages (default)" lines, for --dry-run.  */
void ckb_settings_print(FILE *out, const struct ckb_settings *s);

/* ---- target.c, mbr.c, gpt.c, plan.c, write.c, journal.c: installing ---- */
struct ckb_install_options {
	const char *target;	/* image file or block device */
	const char *stage_dir;	/* where mbr.bin and loader.bin are */
	uint64_t image_size;	/* bytes for a new image; 0 = just enough */
	int force;		/* overwrite foreign signatures/loaders */
	int activate;		/* 1-4: mark that MBR partition active; 0 no */
	const char *backup;	/* save overwritten bytes here, or NULL */
	const char *cmdline;	/* the kernel's command line, or NULL */
	/* Put after the kernel, in this order; open until the plan is
	   freed, like the kernel.  */
	const struct ckb_module *modules;
	size_t nmodules;	/* at most CKBOOT_MODULES_MAX */
	int verbose;
};

struct ckb_plan;		/* what goes where; see plan.c */

/* Probe the target, choose the ckboot area, check everything; writes
   nothing.  */
int ckb_plan_make(const struct ckb_install_options *o,
		  const struct ckb_kernel *k, const struct ckboot_config *cfg,
		  struct ckb_plan **plan, struct ckb_error *err);
/* The layout, LBAs, sizes and actions, for --dry-run and --verbose.  */
void ckb_plan_print(FILE *out, const struct ckb_plan *plan);
/* Write in the safe order, verify, roll back on failure.  Returns 0, or
   -1 with the target unchanged, or -2 when the rollback itself failed
   (ERR then names what is left).  SIGINT, SIGTERM, SIGHUP and SIGPIPE
   are held while it writes (see write.c).  */
int ckb_plan_execute(struct ckb_plan *plan, struct ckb_error *err);
void ckb_plan_free(struct ckb_plan *plan);

/* Undo an install from a --backup file, onto the disk it was taken from
   only (an image's inode, a loop device's file, a disk's serial number)
   and only if its size and first sectors are as the install left them.  */
int ckb_restore(const char *backup, const char *target,
		struct ckb_error *err);
/* The same onto another disk whose contents still match (a copied image,
   a disk without a serial number that moved); also takes a version 1
   backup, which records no identity.  */
int ckb_restore_forced(const char *backup, const char *target,
		       struct ckb_error *err);

/* Check the ckboot installed on TARGET, writing nothing: its boot
   sector (against mbr.bin in STAGE_DIR, which may be NULL as for an
   install), loader, command line, kernel and modules, against what the
   install recorded (verify.c).  What was found goes to OUT unless it
   is NULL.  Returns 0 when all is intact, -1 with ERR saying what is not.  */
int ckb_verify(const char *target, const char *stage_dir, FILE *out,
	       struct ckb_error *err);

/* ---- crc ---- */
uint32_t ckb_crc32(uint32_t crc, const void *buf, size_t len);
/* The CRC of A followed by B from CRC_A, CRC_B and B's length, as zlib's
   crc32_combine(): a big kernel is checked in two halves at once.  */
uint32_t ckb_crc32_combine(uint32_t crc_a, uint32_t crc_b, uint64_t len_b);

#endif /* CKBOOT_LIB_H */
