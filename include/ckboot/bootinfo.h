/* ckboot boot protocol, version 1.

   A kernel loaded by ckboot is entered at its ELF entry point in 64-bit
   long mode with RDI holding the virtual address of a struct ckboot_info.
   This header is everything a kernel needs to read that structure and to
   state its own requirements (CKBOOT_CONFIG below).  It is also compiled
   into the 32-bit loader and the host tools, so every structure uses
   fixed-width fields only, carries no pointers and has its layout pinned
   by static assertions.

   Copyright (C) 2026 the ckboot developers.
   This header is free software: you may use it in kernels of any licence.  */

#ifndef CKBOOT_BOOTINFO_H
#define CKBOOT_BOOTINFO_H

#include <stdint.h>

#define CKBOOT_INFO_MAGIC 0x4f464e49544f4f42ULL /* "BOOTINFO" */
#define CKBOOT_PROTOCOL_VERSION 1

/* A position-independent kernel (ET_DYN: linked with -static-pie, or
   Rust's x86_64-unknown-none target) is moved so that the lowest of its
   segments' addresses, rounded down to 1 GiB, lands at CKBOOT_PIE_BASE:
   a kernel linked at 0 runs at 0xffffffff80000000.  It must fit in the
   2 GiB from there, short of the last page.  Its R_X86_64_RELATIVE
   relocations are applied before it is entered, and the boot info
   gives the moved addresses.  */
#define CKBOOT_PIE_BASE 0xffffffff80000000ULL
#define CKBOOT_PIE_ALIGN 0x40000000ULL /* 1 GiB */

/* struct ckboot_info.flags: which optional fields are valid.  */
#define CKBOOT_INFO_PHYSICAL_MEMORY (1ULL << 0)
#define CKBOOT_INFO_RECURSIVE_PAGE_TABLE (1ULL << 1)
#define CKBOOT_INFO_FRAMEBUFFER (1ULL << 2)
#define CKBOOT_INFO_RSDP (1ULL << 3)
#define CKBOOT_INFO_TLS (1ULL << 4)
#define CKBOOT_INFO_SMBIOS (1ULL << 5)
#define CKBOOT_INFO_CMDLINE (1ULL << 6)
#define CKBOOT_INFO_MODULES (1ULL << 7)

/* struct ckboot_memory_region.type.  */
#define CKBOOT_MEMORY_USABLE 1
#define CKBOOT_MEMORY_RESERVED 2
#define CKBOOT_MEMORY_ACPI_RECLAIMABLE 3
#define CKBOOT_MEMORY_ACPI_NVS 4
#define CKBOOT_MEMORY_BAD 5
/* The loader's code, data and GDT: free once the kernel no longer needs
   the loader's GDT or the low identity mapping.  */
#define CKBOOT_MEMORY_BOOTLOADER 6
/* The kernel's ELF image and the frames its segments occupy.  */
#define CKBOOT_MEMORY_KERNEL 7
#define CKBOOT_MEMORY_KERNEL_STACK 8
#define CKBOOT_MEMORY_PAGE_TABLE 9
/* The boot info and the memory-map array that follows it.  */
#define CKBOOT_MEMORY_BOOT_INFO 10
/* A firmware type ckboot does not know; attributes holds the raw type.  */
#define CKBOOT_MEMORY_FIRMWARE_UNKNOWN 11
/* The frames holding the boot modules (struct ckboot_module).  */
#define CKBOOT_MEMORY_MODULE 12

/* Physical, END exclusive, both 4 KiB aligned; the array is sorted by
   START and no two regions overlap.  */
struct ckboot_memory_region {
	uint64_t start;
	uint64_t end;
	uint32_t type;
	uint32_t attributes;
};

/* struct ckboot_framebuffer.type.  */
#define CKBOOT_FRAMEBUFFER_NONE 0
#define CKBOOT_FRAMEBUFFER_EGA_TEXT 1 /* 16 bits a cell: character, attribute */
#define CKBOOT_FRAMEBUFFER_INDEXED 2  /* one palette index a pixel */
#define CKBOOT_FRAMEBUFFER_RGB 3

/* ADDRESS is physical and identity-mapped, so it can be used as it is:
   the legacy VGA window 0xA0000-0xBFFFF always, a linear framebuffer
   (RGB) for PITCH * HEIGHT bytes, writable and no-execute.  WIDTH and
   HEIGHT are in pixels, or in characters for EGA_TEXT; PITCH is in
   bytes; BPP is the mode's bits per pixel, where 15 means 16-bit cells
   holding 5:5:5.  */
struct ckboot_framebuffer {
	uint64_t address;
	uint32_t width;
	uint32_t height;
	uint32_t pitch;
	uint32_t bpp;
	uint32_t type;
	uint32_t reserved;
};

/* Where each colour sits in an RGB pixel: SIZE bits from bit SHIFT.  */
struct ckboot_framebuffer_rgb {
	uint8_t red_size, red_shift;
	uint8_t green_size, green_shift;
	uint8_t blue_size, blue_shift;
	uint8_t reserved[2];
};

/* A boot module: a file given to ckboot-install with --module (an
   initial RAM disk, a driver, data), read whole into memory.  Its pages
   are mapped, writable and no-execute, at ADDRESS in a level-4 slot of
   their own, one module after the other with an unmapped page between;
   the frames, from PHYSICAL on, are typed CKBOOT_MEMORY_MODULE.  The
   bytes of its last page past SIZE are zero.  STRING is the virtual
   address of a C string: the file's name, or what --module-string
   gave.  */
struct ckboot_module {
	uint64_t address;	/* virtual, 4 KiB aligned */
	uint64_t physical;	/* 4 KiB aligned */
	uint64_t size;		/* bytes */
	uint64_t string;
};

struct ckboot_info {
	uint64_t magic;			 /* CKBOOT_INFO_MAGIC */
	uint32_t version;		 /* CKBOOT_PROTOCOL_VERSION */
	uint32_t size;			 /* sizeof (struct ckboot_info) */
	uint64_t flags;			 /* CKBOOT_INFO_* */
	uint64_t memory_map;		 /* virtual address of the regions */
	uint64_t memory_map_count;
	uint64_t physical_memory_offset; /* CKBOOT_INFO_PHYSICAL_MEMORY */
	uint64_t recursive_page_table_addr; /* CKBOOT_INFO_RECURSIVE_PAGE_TABLE */
	uint64_t kernel_stack_top;	 /* virtual, one past the top */
	uint64_t kernel_stack_size;	 /* bytes */
	struct ckboot_framebuffer framebuffer; /* CKBOOT_INFO_FRAMEBUFFER */
	uint64_t rsdp_address;		 /* physical, 0 if none found */
	uint64_t kernel_image_address;	 /* physical address of the ELF file */
	uint64_t kernel_image_size;	 /* bytes */
	uint64_t kernel_virtual_start;	 /* lowest PT_LOAD address */
	uint64_t kernel_virtual_end;	 /* one past the highest */
	uint64_t tls_template;		 /* virtual, CKBOOT_INFO_TLS */
	uint64_t tls_file_size;
	uint64_t tls_memory_size;
	uint64_t loader_name;		 /* virtual address of a C string */
	uint32_t boot_drive;		 /* BIOS drive number */
	uint32_t recursive_index;	 /* level-4 slot of the recursive entry */
	/* CKBOOT_INFO_SMBIOS: the physical addresses of the SMBIOS entry
	   points, 32-bit ("_SM_") and 64-bit ("_SM3_", SMBIOS 3.0), either
	   0 if the firmware has none.  */
	uint64_t smbios_entry_32;
	uint64_t smbios_entry_64;
	/* framebuffer.type CKBOOT_FRAMEBUFFER_RGB: its pixel layout.  */
	struct ckboot_framebuffer_rgb framebuffer_rgb;
	/* CKBOOT_INFO_CMDLINE: virtual address of the command line given
	   to ckboot-install (--cmdline), a C string.  */
	uint64_t cmdline;
	/* CKBOOT_INFO_MODULES: virtual address of MODULE_COUNT struct
	   ckboot_module, in the order given to ckboot-install.  */
	uint64_t modules;
	uint64_t module_count;
};

/* A kernel states its requirements once, in an ELF note that
   ckboot-install reads:

	#include <ckboot/bootinfo.h>
	CKBOOT_CONFIG(.kernel_stack_size = 128,
		      .features = CKBOOT_MAP_PHYSICAL_MEMORY);

   Zero means "not set": addresses are then chosen by the loader, the
   stack size defaults to CKBOOT_DEFAULT_STACK_PAGES.

   FRAMEBUFFER_WIDTH and _HEIGHT ask for a linear framebuffer: the
   loader sets the largest VBE mode no wider and no taller, of
   FRAMEBUFFER_BPP bits per pixel (15, 16, 24 or 32) or, with 0, the
   deepest it finds, and describes it in the boot info.  With no such
   mode it says so and leaves the screen in text.  */
#define CKBOOT_MAP_PHYSICAL_MEMORY (1ULL << 0)
#define CKBOOT_RECURSIVE_PAGE_TABLE (1ULL << 1)
#define CKBOOT_VGA_320X200 (1ULL << 2)
#define CKBOOT_FEATURES_ALL 0x7ULL

#define CKBOOT_DEFAULT_STACK_PAGES 512
#define CKBOOT_CONFIG_VERSION 1

struct ckboot_config {
	uint32_t version;		 /* CKBOOT_CONFIG_VERSION */
	uint32_t size;			 /* sizeof (struct ckboot_config) */
	uint64_t features;		 /* CKBOOT_MAP_PHYSICAL_MEMORY ... */
	uint64_t kernel_stack_address;	 /* lowest stack page */
	uint64_t kernel_stack_size;	 /* pages */
	uint64_t physical_memory_offset;
	uint64_t boot_info_address;
	uint64_t recursive_index;	 /* 1-511; 0 lets the loader choose */
	uint32_t framebuffer_width;	 /* pixels; 0: no framebuffer */
	uint32_t framebuffer_height;
	uint32_t framebuffer_bpp;	 /* 0: the deepest mode */
	uint32_t reserved;
};

/* Notes written against <ckboot/bootinfo.h> before the framebuffer
   fields end at recursive_index; ckboot-install reads them as well.  */
#define CKBOOT_CONFIG_SIZE_V1 56

#define CKBOOT_NOTE_NAME "CKBOOT"
#define CKBOOT_NOTE_CONFIG 1

/* An ELF note: header, name padded to 4 bytes, then the configuration.  */
struct __attribute__((packed, aligned(4))) ckboot_config_note {
	uint32_t namesz;
	uint32_t descsz;
	uint32_t type;
	char name[8];
	struct ckboot_config config;
};

#define CKBOOT_CONFIG(...)                                                   \
	__attribute__((section(".note.ckboot"), used, aligned(4)))           \
	static const struct ckboot_config_note ckboot_config_note_ = {      \
		.namesz = sizeof CKBOOT_NOTE_NAME,                           \
		.descsz = sizeof(struct ckboot_config),                      \
		.type = CKBOOT_NOTE_CONFIG,                                  \
		.name = CKBOOT_NOTE_NAME,                                    \
		.config = { .version = CKBOOT_CONFIG_VERSION,                \
			    .size = sizeof(struct ckboot_config),            \
			    __VA_ARGS__ } }

_Static_assert(sizeof(struct ckboot_memory_region) == 24, "region layout");
_Static_assert(sizeof(struct ckboot_framebuffer) == 32, "framebuffer layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, framebuffer) == 72,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, rsdp_address) == 104,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, boot_drive) == 176,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, smbios_entry_32) == 184,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, smbios_entry_64) == 192,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, framebuffer_rgb) == 200,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, cmdline) == 208,
	       "boot info layout");
_Static_assert(__builtin_offsetof(struct ckboot_info, modules) == 216,
	       "boot info layout");
_Static_assert(sizeof(struct ckboot_info) == 232, "boot info layout");
_Static_assert(sizeof(struct ckboot_module) == 32, "module layout");
_Static_assert(sizeof(struct ckboot_framebuffer_rgb) == 8, "rgb layout");
_Static_assert(__builtin_offsetof(struct ckboot_config, framebuffer_width) ==
		   CKBOOT_CONFIG_SIZE_V1,
	       "config layout");
_Static_assert(sizeof(struct ckboot_config) == 72, "config layout");
_Static_assert(sizeof(struct ckboot_config_note) == 92, "note layout");

#endif /* CKBOOT_BOOTINFO_H */
