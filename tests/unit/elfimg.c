/* elfimg.c: see elfimg.h.  */

#include <string.h>

#include "boot.h"
#include "elf64.h"
#include "elfimg.h"
#include "unit.h"

#define MIB 0x100000ULL

void elfimg_build(void *buf, uint64_t size, uint64_t entry,
		  const struct seg_spec *seg, int nseg)
{
	struct elf64_ehdr *eh = buf;
	struct elf64_phdr *ph = (struct elf64_phdr *)(eh + 1);
	unsigned char *p = buf;
	uint64_t i;
	int n;

	for (i = 0; i < size; i++)
		p[i] = (unsigned char)(i * 7 + (i >> 12) * 13 + 1);
	memset(eh, 0, sizeof(*eh));
	eh->e_ident[0] = ELFMAG0;
	eh->e_ident[1] = ELFMAG1;
	eh->e_ident[2] = ELFMAG2;
	eh->e_ident[3] = ELFMAG3;
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_ident[EI_VERSION] = EV_CURRENT;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	eh->e_entry = entry;
	eh->e_phoff = sizeof(*eh);
	eh->e_ehsize = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = nseg;
	for (n = 0; n < nseg; n++) {
		memset(&ph[n], 0, sizeof(ph[n]));
		ph[n].p_type = seg[n].type;
		ph[n].p_flags = seg[n].flags;
		ph[n].p_vaddr = seg[n].vaddr;
		ph[n].p_paddr = 0xdead0000; /* must be ignored */
		ph[n].p_offset = seg[n].offset;
		ph[n].p_filesz = seg[n].filesz;
		ph[n].p_memsz = seg[n].memsz;
		ph[n].p_align = PAGE_SIZE;
	}
}

static struct boot_state bs;

struct boot_state *elfimg_boot_state(const void *file, uint64_t size,
				     uint64_t arena_mib, int nx, int gb)
{
	static uint64_t arena;
	static uint64_t arena_size;

	if (arena_size < arena_mib * MIB) {
		arena = unit_arena(arena_mib * MIB);
		arena_size = arena_mib * MIB;
	}
	memset(&bs, 0, sizeof bs);
	/* Garbage, so that a frame the loader forgets to zero shows.  */
	memset((void *)(uintptr_t)arena, 0xaa, arena_mib * MIB);
	memmap_add(&bs.map, 0, 0x9fc00, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&bs.map, 0x9fc00, 0xa0000, CKBOOT_MEMORY_RESERVED, 0);
	memmap_add(&bs.map, 0xf0000, 0x100000, CKBOOT_MEMORY_RESERVED, 0);
	memmap_add(&bs.map, arena, arena + arena_mib * MIB,
		   CKBOOT_MEMORY_USABLE, 0);
	memmap_normalize(&bs.map);
	memmap_mark(&bs.map, 0x8000, 0x78000, CKBOOT_MEMORY_BOOTLOADER);
	bs.cpu.nx = nx;
	bs.cpu.gb_pages = gb;
	bs.boot_drive = 0x80;
	if (size) {
		bs.kernel_image =
		    memmap_alloc(&bs.map, size, PAGE_SIZE, LOADER_ADDRESSABLE,
				 CKBOOT_MEMORY_KERNEL);
		memcpy((void *)(uintptr_t)bs.kernel_image, file, size);
		bs.kernel_size = size;
	}
	return &bs;
}

uint64_t elfimg_pte(struct paging *pg, uint64_t virt)
{
	uint64_t t = pg->pml4, e;
	int level;

	for (level = 4; level >= 1; level--) {
		e = ((uint64_t *)(uintptr_t)
			 t)[(virt >> (12 + 9 * (level - 1))) & 511];
		if (!(e & PTE_P))
			return 0;
		if (level == 1 || (e & PTE_PS))
			return e;
		t = e & 0x000ffffffffff000ULL;
	}
	return 0;
}

int elfimg_byte(struct paging *pg, uint64_t virt)
{
	uint64_t phys = paging_lookup(pg, virt);

	if (phys == ~0ULL)
		return -1;
	return *(unsigned char *)(uintptr_t)phys;
}

uint32_t elfimg_type(const struct memmap *m, uint64_t phys)
{
	uint32_t i;

	for (i = 0; i < m->count; i++)
		if (m->r[i].start <= phys && phys < m->r[i].end)
			return m->r[i].type;
	return 0;
}
