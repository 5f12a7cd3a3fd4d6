/* The BIOS side of the loader: the one door back to real mode and the
   numbers of the BIOS services the firmware half (console.c, a20.c,
   memmap_bios.c, disk.c, video.c, cmdline.c) calls through it.

   Only firmware-side files include this header; the firmware-independent
   core (memmap.c, elf.c, paging.c, ...) never does.  */

#ifndef STAGE_BIOS_H
#define STAGE_BIOS_H

/* The most calls bios_calls() makes in one trip to real mode (the size
   of realmode.S's register array).  */
#define BIOS_CALLS_MAX 4

#ifndef __ASSEMBLER__
#include <stdint.h>
#include "boot.h"
#include "x86.h"

/* Registers handed to and taken back from a BIOS interrupt.  The field
   order is realmode.S's (BIOS_REGS_* below): change both together.  */
struct bios_regs {
	uint32_t eax, ebx, ecx, edx, esi, edi, ebp, eflags;
	uint16_t ds, es;
};
_Static_assert(sizeof(struct bios_regs) == 36, "realmode.S layout");

/* realmode.S: drop to real mode; for each of REGS[0..N-1] in turn load
   the registers, run INT VECTOR and store what the BIOS left back in
   the same entry, stopping after the first call that sets CF; come
   back to long mode.  Returns the calls made.  N is 1 to
   BIOS_CALLS_MAX.  Each call runs with the EFLAGS of its entry, so
   with interrupts on from bios_regs_init(); they are off again in the
   loader.  Everything the BIOS reads or writes must lie below 1 MiB.  */
uint32_t bios_calls(uint8_t vector, struct bios_regs *regs, uint32_t n);

/* realmode.S too: one call, *IN in, what the BIOS left in *OUT (OUT
   may be IN).  */
void bios_int(uint8_t vector, const struct bios_regs *in,
	      struct bios_regs *out);

/* Zero everything but set CF, so that a call the BIOS ignores (no
   handler, unknown function) reads as a failure, and IF: BIOSes that
   wait for a disk, USB or timer interrupt inside a call hang or time out
   when called with interrupts off, unless they turn them on themselves.
   The BIOS starts the boot sector with them on, and GRUB and Linux
   call it that way too.  */
static inline void bios_regs_init(struct bios_regs *r)
{
	*r = (struct bios_regs){.eflags = EFLAGS_CF | EFLAGS_IF};
}

/* Real-mode segment:offset of a loader address below 1 MiB.  */
#define LOW_SEG(p)    ((uint16_t)((uintptr_t)(p) >> 4))
#define LOW_OFF(p)    ((uint16_t)((uintptr_t)(p)&0xf))
#define LOW_FARPTR(p) (((uint32_t)LOW_SEG(p) << 16) | LOW_OFF(p))
/* The linear address of a real-mode far pointer, segment:offset.  */
#define FARPTR_LINEAR(fp) (((uintptr_t)(fp) >> 16) * 16 + ((fp)&0xffff))

/* A pointer to a fixed low address.  GCC 12 takes constant addresses
   in the first page for null-pointer arithmetic (-Warray-bounds), so
   the value is passed through an empty asm it cannot see into.  */
static inline volatile void *low_ptr(uintptr_t addr)
{
	volatile void *p = (volatile void *)addr;

	__asm__("" : "+r"(p));
	return p;
}

/* BIOS data area.  */
#define BDA_EBDA_SEGMENT 0x40e	 /* uint16_t: segment of the EBDA */
#define BDA_MEMORY_KIB	 0x413	 /* uint16_t: conventional memory, KiB */
#define EBDA_LOWEST	 0x80000 /* an EBDA lower than this is bogus */
#define LOW_MEMORY_LOWEST 0x20000 /* so is a memory size below this */

/* INT 10h: video.  */
#define INT_VIDEO	   0x10
#define INT10_SET_MODE	   0x0000 /* AL = mode */
#define INT10_TELETYPE	   0x0e00
#define INT10_GET_MODE	   0x0f00
#define VIDEO_MODE_TEXT80  0x03
#define VIDEO_MODE_320X200 0x13

/* INT 10h, AH=4Fh: VESA BIOS Extensions (VBE 2.0 and 3.0).  */
#define INT10_VBE_INFO	    0x4f00 /* ES:DI: 512-byte controller info */
#define INT10_VBE_MODE_INFO 0x4f01 /* CX: mode; ES:DI: 256-byte info */
#define INT10_VBE_SET_MODE  0x4f02 /* BX: mode | VBE_MODE_LINEAR */
#define VBE_STATUS_OK	    0x004f /* AX out */
#define VBE_MODE_LINEAR	    0x4000
#define VBE_MODE_LIST_END   0xffff
#define VBE_SIGNATURE	    0x41534556 /* "VESA" */
#define VBE2_SIGNATURE	    0x32454256 /* "VBE2": ask for 2.0 fields */
#define VBE_VERSION_2	    0x0200
#define VBE_VERSION_3	    0x0300
/* Mode attributes: supported, colour, graphics, linear framebuffer.  */
#define VBE_ATTR_SUPPORTED  0x0001
#define VBE_ATTR_COLOUR	    0x0008
#define VBE_ATTR_GRAPHICS   0x0010
#define VBE_ATTR_LINEAR	    0x0080
#define VBE_MEMORY_DIRECT   6 /* direct-colour memory model */

/* INT 12h: conventional memory size in KiB.  */
#define INT_LOWMEM 0x12

/* INT 13h: disk.  */
#define INT_DISK	     0x13
#define INT13_RESET	     0x0000
#define INT13_READ	     0x0200 /* AL = sectors */
#define INT13_GET_PARAMS     0x0800
#define INT13_EXT_CHECK	     0x4100
#define INT13_EXT_READ	     0x4200
#define INT13_EXT_MAGIC	     0x55aa /* BX in; 0xaa55 out */
#define INT13_EXT_SUBSET_DAP 0x1    /* CX bit: fixed-disk access (42h) */
/* EDD 1.1: at most 127 blocks per extended read.  */
#define INT13_EXT_MAX_SECTORS 127

/* INT 15h: system services.  */
#define INT_SYSTEM	   0x15
#define INT15_A20_ENABLE   0x2401
#define INT15_E820	   0xe820
#define INT15_E801	   0xe801
#define INT15_EXT_MEMORY   0x8800
#define E820_SMAP	   0x534d4150 /* "SMAP" */
#define E820_TYPE_USABLE   1
#define E820_TYPE_RESERVED 2
#define E820_TYPE_ACPI	   3
#define E820_TYPE_NVS	   4
#define E820_TYPE_BAD	   5
#define E820_ATTR_ENABLED  0x1 /* ACPI 3.0 extended attributes */

/* Keyboard controller and the "fast A20" port.  */
#define KBC_DATA	      0x60
#define KBC_STATUS	      0x64
#define KBC_COMMAND	      0x64
#define KBC_STATUS_IBF	      0x02 /* input buffer full: not ready */
#define KBC_STATUS_OBF	      0x01
#define KBC_CMD_WRITE_OUTPUT  0xd1
#define KBC_OUTPUT_A20_ON     0xdf
#define PORT_SYSTEM_CONTROL_A 0x92
#define SCA_A20		      0x02
#define SCA_RESET	      0x01

/* entry.S keeps the drive number the BIOS booted from (DL).  */
extern uint8_t bios_boot_drive;

/* ---- the BIOS steps, in the order loader_main() calls them ---- */
void loader_main(void);
void a20_enable(void);			    /* a20.c */
void memmap_read(struct memmap *m);	    /* memmap_bios.c */
void video_text_mode(void);		    /* video.c */
void video_choose(struct boot_state *bs);   /* video.c */
void video_init(struct boot_state *bs);	    /* video.c */
void acpi_find_rsdp(struct boot_state *bs); /* tables_bios.c */
void smbios_find(struct boot_state *bs);    /* tables_bios.c */
void kernel_read(struct boot_state *bs);    /* kernel.c */
void modules_read(struct boot_state *bs);   /* module.c */
void cmdline_read(struct boot_state *bs);   /* cmdline.c */

/* kernel.c: read the SIZE bytes of a file from LBA on into DEST (whole
   pages of frames), the first PREREAD_SECTORS of them from the bounce
   buffer, where mbr.S's read left them; returns their CRC-32.  */
uint32_t image_read(struct boot_state *bs, uint64_t lba, uint64_t size,
		    uint64_t dest, uint32_t preread_sectors);

/* main.c, from entry.S's exception stubs; does not return.  */
void exception_report(uint64_t vector, uint64_t error, uint64_t rip);

/* console.c: after the screen left text mode, write to COM1 only.  */
void console_text_off(void);

/* disk.c: read up to COUNT sectors from LBA into the bounce buffer
   (CKBOOT_BOUNCE_ADDR on), as many as one trip to real mode takes;
   returns how many, at least one.  Panics when the disk cannot be
   read.  disk_init() first, through disk_open().  */
void disk_init(uint8_t drive);
uint32_t disk_read_some(uint64_t lba, uint32_t count);

/* disk_init() for the boot drive, once: a fallback to CHS that
   kernel.c's reads found holds for cmdline.c's too.  */
static inline void disk_open(struct boot_state *bs)
{
	if (!bs->disk_open) {
		disk_init(bs->boot_drive);
		bs->disk_open = 1;
	}
}

#endif /* __ASSEMBLER__ */
#endif /* STAGE_BIOS_H */
