/* The loader's shared state and the interfaces between its two halves:

   - firmware side (BIOS now, UEFI later): entry.S, realmode.S, bios.h,
     console.c, a20.c, memmap_bios.c, disk.c, kernel.c, module.c,
     cmdline.c, video.c, tables_bios.c, main.c.  It fills struct boot_state with
     what only firmware knows.
   - firmware-independent core: memmap.c, elf.c, paging.c, place.c,
     bootinfo.c, cpu.c, crc32.c, fbmode.c, longmode.S.  No bios.h here:
     physical addresses are uint64_t and memory is reached through
     phys_ptr().

   The loader's C is 64-bit code running on entry.S's identity map of
   the first 4 GiB, so every physical address below 4 GiB is also a
   pointer.  */

#ifndef STAGE_BOOT_H
#define STAGE_BOOT_H

#include <stdint.h>
#include <stddef.h>
#include <ckboot/bootinfo.h>
#include <ckboot/layout.h>

#define PAGE_SIZE 4096ULL
#define ALIGN_DOWN(x, a) ((uint64_t)(x) & ~((uint64_t)(a) - 1))
#define ALIGN_UP(x, a) ALIGN_DOWN((x) + (a) - 1, (a))

/* The loader's own memory, identity-mapped for the kernel too.  */
#define LOW_MEMORY_END 0x100000ULL

/* Only frames below this are ever allocated: the loader must reach them.  */
#define LOADER_ADDRESSABLE 0x100000000ULL

static inline void *phys_ptr(uint64_t phys)
{
	return (void *)(uintptr_t)phys;
}

/* ---- console.c (PC hardware: VGA text and COM1) ---- */
void console_init(void);
void printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
__attribute__((noreturn)) void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
/* Supported: %s %c %d %u %x, each integer one also with l (long, 64
   bits: what uint64_t is) or ll; a zero-padded width (%08x, %016lx);
   %p %%.  */

/* ---- memmap.c: the physical memory map and the frame allocator ---- */
#define MEMMAP_MAX 2048

struct memmap {
	struct ckboot_memory_region r[MEMMAP_MAX];
	uint32_t count;
};

/* Record [START, END) with a CKBOOT_MEMORY_* type (raw firmware view).  */
void memmap_add(struct memmap *m, uint64_t start, uint64_t end,
		uint32_t type, uint32_t attributes);
/* Sort, resolve overlaps (the more restrictive type wins), merge equal
   neighbours, shrink usable regions to whole pages.  */
void memmap_normalize(struct memmap *m);
/* Take SIZE bytes (page multiple) of usable memory below LIMIT at an
   ALIGN boundary, at or above 1 MiB, retype them as TYPE, and return the
   physical address.  Deterministic: the lowest fit.  Panics if none.  */
uint64_t memmap_alloc(struct memmap *m, uint64_t size, uint64_t align,
		      uint64_t limit, uint32_t type);
/* The same, but returns MEMMAP_NONE instead of panicking.  */
#define MEMMAP_NONE (~0ULL)
uint64_t memmap_try_alloc(struct memmap *m, uint64_t size, uint64_t align,
			  uint64_t limit, uint32_t type);
/* Retype [START, END) (page aligned) as TYPE.  */
void memmap_mark(struct memmap *m, uint64_t start, uint64_t end,
		 uint32_t type);
/* One past the highest address of any region.  */
uint64_t memmap_top(const struct memmap *m);

/* ---- cpu.c ---- */
struct cpu_features {
	int nx;
	int gb_pages;
};
void cpu_check(struct cpu_features *f); /* panics without SSE2 */
void cpu_sse_on(void);			 /* after cpu_check() */

/* ---- elf.c ---- */
#define ELF_MAX_SEGMENTS 64

struct elf_segment {
	uint64_t vaddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
	uint32_t flags;		/* PF_X 1, PF_W 2, PF_R 4 */
};

struct elf_kernel {
	uint64_t entry;
	uint64_t vstart, vend;	/* page-aligned span of all PT_LOAD */
	struct elf_segment seg[ELF_MAX_SEGMENTS];
	uint32_t nseg;
	uint64_t tls_vaddr, tls_filesz, tls_memsz;
	/* ET_DYN: BIAS is added to every address above, which include
	   it; the RELA table's address, file offset and entries.  */
	int pie;
	uint64_t bias;
	uint64_t rela_vaddr, rela_offset, rela_count;
};

/* Check the ELF64 image at IMAGE (SIZE bytes, physical) and fill K, at
   the addresses the kernel will run at.  Panics with a clear message on
   anything wrong.  */
void elf_parse(uint64_t image, uint64_t size, struct elf_kernel *k);

/* ---- paging.c: 4-level page tables built in physical memory ---- */
#include "pagetable.h"

struct paging {
	uint64_t pml4;		/* physical */
	struct memmap *map;	/* frames for tables come from here */
	int nx;			/* PTE_NX allowed */
};

void paging_init(struct paging *pg, struct memmap *map, int nx);
/* Map [VIRT, VIRT+SIZE) to [PHYS, ...) with 4 KiB pages; FLAGS from PTE_*.
   Panics if a page is already mapped to another frame.  */
void paging_map(struct paging *pg, uint64_t virt, uint64_t phys,
		uint64_t size, uint64_t flags);
/* Same with 2 MiB, or 1 GiB pages when GB is set (addresses aligned).  */
void paging_map_large(struct paging *pg, uint64_t virt, uint64_t phys,
		      uint64_t size, uint64_t flags, int gb);
/* Physical address behind VIRT, or ~0 if unmapped.  */
uint64_t paging_lookup(struct paging *pg, uint64_t virt);
/* Point level-4 entry INDEX at the level-4 table itself.  */
void paging_recursive(struct paging *pg, uint32_t index);
/* Fill or copy physical memory (below LOADER_ADDRESSABLE).  */
extern int phys_sse; /* set by cpu_sse_on() */
void phys_zero(uint64_t phys, uint64_t len);
void phys_copy(uint64_t dst, uint64_t src, uint64_t len);

/* ---- fbmode.c: choosing the framebuffer mode ---- */
struct fb_mode {
	uint32_t id; /* the firmware's number for it */
	struct ckboot_framebuffer fb;
	struct ckboot_framebuffer_rgb rgb;
};

struct boot_state;
struct fb_choice {
	const struct boot_state *bs; /* the kernel's place and the map */
	uint32_t width, height, bpp; /* asked for; bpp 0: any */
	uint32_t misplaced;	     /* modes that fit, passed over for
					where their framebuffer is */
	int found;
	struct fb_mode best;
};

/* After kernel_load(): BS's settings give the request.  */
void fbmode_start(struct fb_choice *c, const struct boot_state *bs);
/* Did the settings ask for a framebuffer at all?  */
int fbmode_wanted(const struct fb_choice *c);
/* Consider M, a mode the firmware can set; keeps the best so far.  */
void fbmode_offer(struct fb_choice *c, const struct fb_mode *m);
/* Whole pages of a linear framebuffer: what place.c identity-maps.  */
uint64_t fbmode_bytes(const struct ckboot_framebuffer *fb);

/* ---- the whole loader's state ---- */
/* A module read into memory (module.c); place.c maps it at VIRT.  */
struct boot_module {
	uint64_t phys;		/* 4 KiB aligned */
	uint64_t size;		/* bytes */
	uint64_t pages;		/* bytes of frames: SIZE rounded up, at
				   least a page */
	uint64_t virt;
	const char *string;	/* a C string in the loader's memory */
	uint32_t string_size;
};

struct boot_state {
	/* Firmware side fills these.  */
	uint32_t boot_drive;
	struct ckboot_loader_header *hdr;
	struct memmap map;
	uint64_t kernel_image;	/* physical address of the ELF file read */
	uint64_t kernel_size;
	struct ckboot_framebuffer fb;
	struct ckboot_framebuffer_rgb fb_rgb; /* fb.type RGB */
	uint32_t fb_mode;	/* the firmware's mode number for fb */
	uint64_t rsdp;
	uint64_t smbios32, smbios64; /* entry points, physical; 0: none */
	int disk_open;		/* bios.h's disk_open() has run */
	uint64_t cmdline;	/* physical address of a C string; 0: none */
	uint32_t cmdline_size;	/* its bytes, without the NUL */
	struct boot_module modules[CKBOOT_MODULES_MAX];
	uint32_t module_count;

	/* Core fills these.  */
	struct cpu_features cpu;
	struct elf_kernel elf;
	struct paging pg;
	uint64_t stack_bottom;	/* virtual, lowest stack page */
	uint64_t stack_top;	/* virtual, one past the top */
	uint64_t bootinfo_virt;
	uint64_t bootinfo_phys;
	uint64_t physmap_offset;
	uint32_t recursive_index;
	uint64_t gdt_phys;
};

/* ---- core steps, in the order main.c calls them ----
   The firmware side has filled map (normalized or not; the loader's own
   memory marked), kernel_image/kernel_size (page aligned, typed KERNEL),
   hdr, boot_drive, rsdp, smbios32/64, cmdline and the modules (all but
   their virt, typed MODULE); fb may be set any
   time before bootinfo_fill, but a linear framebuffer (RGB) before
   paging_build, which maps it.

	cpu_check(&bs->cpu);	needed first: kernel_load reads cpu.nx
	cpu_sse_on();		right after cpu_check, which makes sure of
				SSE2: code run on both sides of the switch
				is translated twice (realmode.S says why)
	kernel_load(bs);	creates the page tables (paging_init), maps
				the kernel's PT_LOAD segments
	paging_build(bs);	low identity map, framebuffer, stack,
				physical map, modules, recursive entry,
				boot info pages: the last memory
				allocations of the loader
	bootinfo_fill(bs);	copies the final memory map; allocates
				nothing, so it is exact
	longmode_enter(bs);	masks the PICs and jumps to the kernel with
				an empty IDT (limit 0): the kernel loads
				its own before anything can fault
				(longmode.S lists the entry state)  */
void kernel_load(struct boot_state *bs);	/* elf.c: parse + map */
void paging_build(struct boot_state *bs);	/* place.c + paging.c */
void bootinfo_fill(struct boot_state *bs);	/* bootinfo.c */
/* bootinfo.c: bytes (whole pages) of boot info with room for BS's
   command line and a memory map of REGIONS entries.  */
uint64_t bootinfo_size(const struct boot_state *bs, uint32_t regions);
__attribute__((noreturn)) void longmode_enter(struct boot_state *bs);
/* cpu.c: the pages of longmode.S's code, which must stay executable in
   the kernel's address space until the jump is done.  */
void longmode_code(uint64_t *start, uint64_t *end);
/* crc32_long.S: copy WORDS (at least 1) 8-byte words from SRC to DST
   and crc32_fold_run() them into F, reading each word once.  */
struct crc32_fold;
void crc32_fold_copy_long(struct crc32_fold *f, void *dst, const void *src,
			  uint32_t words);

/* ---- crc32.c ---- */
#include "crc32.h"

#endif /* STAGE_BOOT_H */
