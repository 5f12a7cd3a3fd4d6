/* elfimg.h: build small ELF64 kernel images in memory for the unit
   tests, and look at the address space kernel_load() builds.  */

#ifndef TESTS_ELFIMG_H
#define TESTS_ELFIMG_H

#include <stdint.h>

#include "boot.h"

struct seg_spec {
	uint32_t type;	/* PT_LOAD, PT_TLS, ... */
	uint32_t flags; /* PF_R | PF_W | PF_X */
	uint64_t vaddr, offset, filesz, memsz;
};

/* Write an ELF64 x86-64 ET_EXEC file of SIZE bytes at BUF: header,
   NSEG program headers right after it, every other byte a pattern
   that differs from page to page.  */
void elfimg_build(void *buf, uint64_t size, uint64_t entry,
		  const struct seg_spec *seg, int nseg);

/* A boot_state with a memory map of low memory [0, 0x9f000) and an
   arena of ARENA_MIB MiB, the kernel file of SIZE bytes copied from
   FILE into KERNEL frames, and the given CPU features.  */
struct boot_state *elfimg_boot_state(const void *file, uint64_t size,
				     uint64_t arena_mib, int nx, int gb);

/* The last-level entry for VIRT (PTE_PS set for large pages), 0 if
   unmapped.  */
uint64_t elfimg_pte(struct paging *pg, uint64_t virt);
/* Byte at VIRT through the page tables; -1 if unmapped.  */
int elfimg_byte(struct paging *pg, uint64_t virt);
/* The type of the memory-map region holding PHYS, 0 if none.  */
uint32_t elfimg_type(const struct memmap *m, uint64_t phys);

#endif /* TESTS_ELFIMG_H */
