/* ckboot on-disk layout: the one owner of every offset, magic number and
   field that the boot-time stages (stage/) and the host tools (lib/) must
   agree on.

   A ckboot disk holds, in one run of contiguous sectors (the "ckboot
   area": the gap after the MBR, a GPT BIOS boot partition, or the active
   partition of an image ckboot created):

	area LBA + 0			the loader image (stage/loader.bin),
					starting with struct ckboot_loader_header
	then, from a sector boundary	the kernel's command line, if any:
					cmdline_size bytes, zero-padded
	area LBA + loader sectors	the kernel's ELF file, unchanged
	from the next sector		the module table, if there are
					modules (ckboot-install --module)
	then, each from a sector	the modules' files, unchanged, in
					the order of the table

   and, in sector 0, the boot sector (stage/mbr.bin) whose first 440 bytes
   ckboot-install writes with struct ckboot_mbr_params patched in.  The
   disk signature, partition table and 0x55AA stay the user's.

   The boot sector and the loader's assembly include this file too
   (__ASSEMBLER__): the constants are plain numbers, which gas takes,
   and the structures are for C only.

   Copyright (C) 2026 the ckboot developers.  GPLv3+.  */

#ifndef CKBOOT_LAYOUT_H
#define CKBOOT_LAYOUT_H

#ifndef __ASSEMBLER__
#include <stdint.h>
#include <ckboot/bootinfo.h>
#endif

#define CKBOOT_SECTOR_SIZE 512

/* Sector 0.  */
#define CKBOOT_MBR_CODE_SIZE 440	/* bytes 0-439 are boot code */
#define CKBOOT_MBR_DISK_SIGNATURE 440	/* 440-445: signature + 2 bytes */
#define CKBOOT_MBR_PARTITION_TABLE 446	/* 446-509: four 16-byte entries */
#define CKBOOT_MBR_BOOT_SIGNATURE 510	/* 0x55 0xAA */

/* Bytes 3-0x59 are left free for a FAT BIOS parameter block, which some
   BIOSes rewrite when booting a USB stick as a "floppy" (GRUB's boot.S
   leaves the same room).  The parameters follow it.  */
#define CKBOOT_MBR_PARAMS_OFFSET 0x5a
#define CKBOOT_MBR_MAGIC 0x3142434b /* "CKB1" */

#ifndef __ASSEMBLER__
struct __attribute__((packed)) ckboot_mbr_params {
	uint32_t magic;		/* CKBOOT_MBR_MAGIC */
	uint16_t loader_sectors; /* loader and command line, then
				    kernel_preread more */
	uint16_t reserved;
	uint64_t loader_lba;	/* absolute LBA of the loader */
};
_Static_assert(sizeof(struct ckboot_mbr_params) == 16, "mbr params");
#endif

/* Physical memory used before the kernel runs.  Stage 1 reads the loader
   to CKBOOT_LOADER_ADDR; everything up to CKBOOT_LOADER_LIMIT is the
   loader's (code, data, bss), then the 192 KiB disk bounce buffer,
   room for three 127-sector reads in one trip to real mode.  */
#define CKBOOT_LOADER_ADDR 0x8000
#define CKBOOT_LOADER_LIMIT 0x48000
#define CKBOOT_LOADER_MAX_SIZE (CKBOOT_LOADER_LIMIT - CKBOOT_LOADER_ADDR)
#define CKBOOT_BOUNCE_ADDR 0x48000
#define CKBOOT_BOUNCE_SIZE 0x30000
/* The real- and protected-mode stack grows down from here.  Not 0x7c00:
   a stack in the page of the boot sector, code QEMU has translated,
   sends every push through TCG's self-modifying-code checks.  The page
   above it holds the loader's real-mode data (stage/loader.ld).  */
#define CKBOOT_STACK_TOP 0x6000

/* The loader image starts with a 16-byte jump, then this header, which
   ckboot-install fills in.  */
#define CKBOOT_LOADER_HEADER_OFFSET 16
#define CKBOOT_LOADER_HEADER_SIZE 128
#define CKBOOT_LOADER_MAGIC 0x444c544f4f424b43 /* "CKBOOTLD" */
/* 2: the boot settings gained the framebuffer request; 3: the header
   gained the command line; 4: the modules.  */
#define CKBOOT_LAYOUT_VERSION 4
/* The last 32-bit word of the loader image ("TAIL"), which entry.S
   checks to catch a loader that was not read whole.  */
#define CKBOOT_LOADER_TAIL_MAGIC 0x4c494154

/* A kernel of at most CKBOOT_PREREAD_MAX sectors can be read by the
   boot sector with the loader, the two being contiguous on disk:
   loader_sectors then counts the kernel's sectors too, and
   kernel_preread says how many there are (0: none).  The loader takes
   them from memory instead of going back to the BIOS for them.  */
#define CKBOOT_PREREAD_MAX 64
#define CKBOOT_LOADER_PREREAD_OFFSET 112 /* kernel_preread in the header */
#define CKBOOT_LOADER_CMDLINE_OFFSET 116 /* cmdline_size in the header */
/* The longest command line, with its terminating NUL.  */
#define CKBOOT_CMDLINE_MAX 4096

#ifndef __ASSEMBLER__
struct ckboot_loader_header {
	uint64_t magic;		/* CKBOOT_LOADER_MAGIC, set at build time */
	uint32_t version;	/* CKBOOT_LAYOUT_VERSION */
	uint32_t header_size;	/* sizeof (struct ckboot_loader_header) */
	uint32_t loader_size;	/* bytes of loader.bin, set at build time */
	uint32_t kernel_crc32;	/* CRC-32 (IEEE 802.3) of the kernel file */
	uint64_t kernel_lba;	/* absolute LBA of the kernel */
	uint64_t kernel_size;	/* bytes */
	struct ckboot_config config; /* effective settings */
	uint32_t kernel_preread; /* kernel sectors the boot sector read */
	uint32_t cmdline_size;	/* bytes, no NUL; 0: no command line */
	uint32_t cmdline_crc32;	/* CRC-32 of those bytes */
	uint32_t module_count;	/* entries in the module table; 0: none */
};
_Static_assert(sizeof(struct ckboot_loader_header) ==
		   CKBOOT_LOADER_HEADER_SIZE,
	       "loader header");
_Static_assert(__builtin_offsetof(struct ckboot_loader_header,
				  kernel_preread) ==
		   CKBOOT_LOADER_PREREAD_OFFSET,
	       "kernel_preread");
_Static_assert(__builtin_offsetof(struct ckboot_loader_header,
				  cmdline_size) ==
		   CKBOOT_LOADER_CMDLINE_OFFSET,
	       "cmdline_size");
#endif

/* The module table starts at the sector after the kernel's last:
   struct ckboot_module_table, then module_count entries.  Each entry
   gives a module's place, size and CRC-32 and the string the kernel
   gets with it; the table's own CRC-32 covers the entries, so that a
   damaged entry cannot send the loader to the wrong sectors.  The
   modules follow the table, each from a sector boundary, the last
   sector zero-padded as the kernel's is.  */
#define CKBOOT_MODULES_MAX 32
#define CKBOOT_MODULE_STRING_MAX 104 /* bytes, with the NUL */
#define CKBOOT_MODULE_TABLE_MAGIC 0x444f4d43 /* "CMOD" */

#ifndef __ASSEMBLER__
struct ckboot_module_table {
	uint32_t magic;		/* CKBOOT_MODULE_TABLE_MAGIC */
	uint32_t count;		/* the loader header's module_count */
	uint32_t entry_size;	/* sizeof (struct ckboot_module_entry) */
	uint32_t crc32;		/* of the COUNT entries that follow */
};

struct ckboot_module_entry {
	uint64_t lba;		/* absolute LBA of the module's file */
	uint64_t size;		/* bytes */
	uint32_t crc32;		/* CRC-32 of the file */
	uint32_t string_size;	/* bytes of STRING before its NUL */
	char string[CKBOOT_MODULE_STRING_MAX]; /* NUL-padded */
};
_Static_assert(sizeof(struct ckboot_module_table) == 16, "module table");
_Static_assert(sizeof(struct ckboot_module_entry) == 128, "module entry");

/* What the loader adds to every link-time address of a position-
   independent kernel whose lowest PT_LOAD address is LOWEST
   (<ckboot/bootinfo.h> says where that puts it).  ckboot-install checks
   the kernel at the addresses it will run at, so both sides use this.
   A PT_LOAD segment must then lie within CKBOOT_PIE_SPAN of LOWEST,
   rounded down to CKBOOT_PIE_ALIGN: the top 2 GiB but for the last
   page, which no segment may use (its end would wrap to 0).  */
#define CKBOOT_PIE_SPAN (0ULL - CKBOOT_PIE_BASE - 4096)
static inline uint64_t ckboot_pie_bias(uint64_t lowest)
{
	return CKBOOT_PIE_BASE - (lowest & ~(CKBOOT_PIE_ALIGN - 1));
}
#endif

#endif /* CKBOOT_LAYOUT_H */
