/* place.c: paging_build(), the kernel's address space beyond its ELF
   segments.

   elf.c has mapped the kernel.  This file decides where everything else
   goes, checks that nothing collides, and maps it:

   - the loader's low memory, identity-mapped so the jump to the kernel
     can finish: [4 KiB, 1 MiB) (page 0 stays unmapped so NULL faults),
     writable and no-execute, except longmode.S's own page, read-only and
     executable; the VGA window 0xA0000-0xBFFFF is part of it;
   - a linear framebuffer the firmware side chose, identity-mapped
     too, writable and no-execute, at whatever address the card has
     it (fbmode.c passes over one on the kernel; a configured item
     there stops the boot);
   - the kernel stack, kernel-stack-size pages with an unmapped guard
     page directly below;
   - the physical-memory map (feature map-physical-memory): physical
     0 to max(4 GiB, top of the memory map), 1 GiB pages where the CPU
     has them and the offset allows, else 2 MiB, and 4 KiB around the
     local APIC; writable, no-execute;
   - the boot modules, in a level-4 slot of their own, one after the
     other from its start with an unmapped page after each, writable
     and no-execute;
   - the recursive level-4 entry (feature recursive-page-table);
   - the boot info: struct ckboot_info, the loader name and the memory
     map array (bootinfo.c fills them in).

   Addresses the configuration sets are used as given; a collision with
   the kernel, the low memory or another item stops the boot with the
   setting's name (ckboot-install refuses the same cases, but the loader
   must never build a broken address space).  Addresses it does not set
   are chosen among free 512 GiB level-4 slots, always the same way, so
   the same kernel and settings give the same layout on every boot:

   - the physical map takes the lowest run of free slots from 256 up,
     normally slot 256: 0xffff800000000000;
   - the stack and the boot info share the next free slot S:
	S + 0			guard page (unmapped)
	S + 4 KiB		stack, kernel-stack-size pages
	above the stack		one unmapped page
	then			the boot info
     (normally slot 257 with the physical map on, 256 without);
   - the modules, if any, take the lowest free slot from 256 up after
     those (normally 257 without the physical map);
   - the recursive entry takes the highest free slot from 510 down,
     normally 510: level-4 table at 0xffffff7fbfdfe000.
   A slot is free when nothing else (kernel segments, the low memory,
   the configured items) touches any of its 512 GiB.  */

#include "boot.h"
#include "x86.h"

#define SLOT_SHIFT     39
#define SLOT_SIZE      (1ULL << SLOT_SHIFT)
#define SLOTS	       512
#define HIGH_HALF_SLOT 256
#define FOUR_GIB       0x100000000ULL
/* Room for regions the memory map gains after the boot info is sized:
   each allocation adds at most two, and few come after.  */
#define BOOTINFO_MAP_SLACK 64

/* A stretch of virtual address space, LAST inclusive so that the top
   slot can be named.  */
struct area {
	uint64_t start, last;
	const char *what;
};

struct place {
	struct ckboot_config cfg;
	struct area used[ELF_MAX_SEGMENTS + 8];
	uint32_t nused;
	uint64_t stack_size; /* bytes */
	uint64_t info_size;  /* bytes */
	uint64_t phys_size;  /* bytes of physical memory to map */
	uint64_t modules;    /* where the modules go; 0: none */
	int gb;		     /* 1 GiB pages for the physical map */
};

static int canonical(uint64_t virt)
{
	uint64_t high = virt >> 47;

	return high == 0 || high == 0x1ffff;
}

static uint64_t slot_base(uint32_t slot)
{
	uint64_t base = (uint64_t)slot << SLOT_SHIFT;

	return slot >= HIGH_HALF_SLOT ? base | 0xffff000000000000ULL : base;
}

static void use(struct place *p, uint64_t start, uint64_t last,
		const char *what)
{
	if (p->nused == sizeof(p->used) / sizeof(p->used[0]))
		panic("paging_build: too many areas");
	p->used[p->nused].start = start;
	p->used[p->nused].last = last;
	p->used[p->nused].what = what;
	p->nused++;
}

static const struct area *collision(const struct place *p, uint64_t start,
				    uint64_t last)
{
	uint32_t i;

	for (i = 0; i < p->nused; i++)
		if (start <= p->used[i].last && p->used[i].start <= last)
			return &p->used[i];
	return 0;
}

/* A configured area: well-formed and free, or the boot stops.  */
static void claim(struct place *p, const char *setting, uint64_t addr,
		  uint64_t start, uint64_t size)
{
	uint64_t last = start + size - 1;
	const struct area *a;

	if (addr & (PAGE_SIZE - 1))
		panic("%s 0x%lx is not 4 KiB aligned", setting, addr);
	if (last < start || !canonical(start) || !canonical(last) ||
	    (start ^ last) >> 47)
		panic("%s 0x%lx: 0x%lx bytes there are not canonical "
		      "addresses",
		      setting, addr, size);
	a = collision(p, start, last);
	if (a)
		panic("%s 0x%lx collides with %s", setting, addr, a->what);
	use(p, start, last, setting);
}

static int slot_free(const struct place *p, uint32_t slot)
{
	return !collision(p, slot_base(slot), slot_base(slot) + SLOT_SIZE - 1);
}

/* The lowest run of COUNT free slots from 256 up.  */
static uint32_t free_slots_up(const struct place *p, uint32_t count,
			      const char *what)
{
	uint32_t slot, n;

	for (slot = HIGH_HALF_SLOT; slot + count <= SLOTS; slot++) {
		for (n = 0; n < count && slot_free(p, slot + n); n++)
			;
		if (n == count)
			return slot;
	}
	panic("no free place in the higher half for %s", what);
}

static void read_config(const struct boot_state *bs, struct place *p)
{
	static const struct ckboot_config none;

	p->cfg = bs->hdr ? bs->hdr->config : none;
	if (p->cfg.version && p->cfg.version != CKBOOT_CONFIG_VERSION)
		panic("boot settings of version %u, this loader reads version "
		      "%u: install with the matching ckboot-install",
		      p->cfg.version, CKBOOT_CONFIG_VERSION);
	if (!p->cfg.kernel_stack_size)
		p->cfg.kernel_stack_size = CKBOOT_DEFAULT_STACK_PAGES;
	/* Frames for it must come from the first 4 GiB.  */
	if (p->cfg.kernel_stack_size >= LOADER_ADDRESSABLE / PAGE_SIZE)
		panic("kernel-stack-size %lu pages is too large",
		      p->cfg.kernel_stack_size);
	if (p->cfg.recursive_index >= SLOTS)
		panic("recursive-index %lu is not a level-4 slot (1-511)",
		      p->cfg.recursive_index);
	if (!(p->cfg.features & CKBOOT_MAP_PHYSICAL_MEMORY))
		p->cfg.physical_memory_offset = 0;
	if (!(p->cfg.features & CKBOOT_RECURSIVE_PAGE_TABLE))
		p->cfg.recursive_index = 0;
}

static void plan_sizes(const struct boot_state *bs, struct place *p)
{
	uint32_t regions = bs->map.count + BOOTINFO_MAP_SLACK;
	uint64_t top = memmap_top(&bs->map), unit, off;

	p->stack_size = p->cfg.kernel_stack_size * PAGE_SIZE;
	if (regions > MEMMAP_MAX)
		regions = MEMMAP_MAX;
	p->info_size = bootinfo_size(bs, regions);

	off = p->cfg.physical_memory_offset;
	p->gb = bs->cpu.gb_pages && !(off & (LARGE_1G - 1));
	unit = p->gb ? LARGE_1G : LARGE_2M;
	if (off & (LARGE_2M - 1))
		panic("physical-memory-offset 0x%lx is not 2 MiB aligned",
		      off);
	p->phys_size = ALIGN_UP(top > FOUR_GIB ? top : FOUR_GIB, unit);
}

/* What exists before anything is chosen: low memory, the kernel, and
   the configured items in a fixed order.  */
static void plan_fixed(const struct boot_state *bs, struct place *p)
{
	const struct elf_segment *s;
	uint64_t a;
	uint32_t i, r;

	use(p, 0, LOW_MEMORY_END - 1, "the loader's low memory (below 1 MiB)");
	for (i = 0; i < bs->elf.nseg; i++) {
		s = &bs->elf.seg[i];
		use(p, ALIGN_DOWN(s->vaddr, PAGE_SIZE),
		    ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE) - 1, "the kernel");
	}
	if (bs->fb.type == CKBOOT_FRAMEBUFFER_RGB)
		claim(p, "the framebuffer", bs->fb.address, bs->fb.address,
		      fbmode_bytes(&bs->fb));
	a = p->cfg.kernel_stack_address;
	if (a) {
		if (a < PAGE_SIZE)
			panic("kernel-stack-address 0x%lx leaves no room for "
			      "the guard page",
			      a);
		claim(p, "kernel-stack-address", a, a - PAGE_SIZE,
		      p->stack_size + PAGE_SIZE);
	}
	a = p->cfg.boot_info_address;
	if (a)
		claim(p, "boot-info-address", a, a, p->info_size);
	a = p->cfg.physical_memory_offset;
	if (a)
		claim(p, "physical-memory-offset", a, a, p->phys_size);
	r = p->cfg.recursive_index;
	if (r && !slot_free(p, r))
		panic("recursive-index %u: level-4 slot 0x%lx collides with "
		      "%s",
		      r, slot_base(r),
		      collision(p, slot_base(r), slot_base(r) + SLOT_SIZE - 1)
			  ->what);
	if (r)
		use(p, slot_base(r), slot_base(r) + SLOT_SIZE - 1,
		    "recursive-index");
}

static void plan_chosen(const struct boot_state *bs, struct place *p)
{
	uint64_t base;
	uint32_t slot;

	if ((p->cfg.features & CKBOOT_MAP_PHYSICAL_MEMORY) &&
	    !p->cfg.physical_memory_offset) {
		slot = free_slots_up(
		    p, (p->phys_size + SLOT_SIZE - 1) >> SLOT_SHIFT,
		    "the physical-memory map");
		p->cfg.physical_memory_offset = slot_base(slot);
		use(p, slot_base(slot), slot_base(slot) + p->phys_size - 1,
		    "the physical-memory map");
	}
	if (!p->cfg.kernel_stack_address || !p->cfg.boot_info_address) {
		slot = free_slots_up(p, 1, "the kernel stack and boot info");
		base = slot_base(slot);
		use(p, base, base + SLOT_SIZE - 1, "the stack and boot info");
		if (!p->cfg.kernel_stack_address) {
			p->cfg.kernel_stack_address = base + PAGE_SIZE;
			base += p->stack_size + 2 * PAGE_SIZE;
		}
		if (!p->cfg.boot_info_address)
			p->cfg.boot_info_address = base;
	}
	p->modules = 0;
	if (bs->module_count) {
		slot = free_slots_up(p, 1, "the boot modules");
		p->modules = slot_base(slot);
		use(p, p->modules, p->modules + SLOT_SIZE - 1,
		    "the boot modules");
	}
	if ((p->cfg.features & CKBOOT_RECURSIVE_PAGE_TABLE) &&
	    !p->cfg.recursive_index) {
		for (slot = SLOTS - 2; slot > 0 && !slot_free(p, slot); slot--)
			;
		if (!slot)
			panic("no free level-4 slot for the recursive entry");
		p->cfg.recursive_index = slot;
	}
}

/* ---- building ---- */

static void map_low_memory(struct boot_state *bs)
{
	uint64_t code, code_end;

	longmode_code(&code, &code_end);
	code = ALIGN_DOWN(code, PAGE_SIZE);
	code_end = ALIGN_UP(code_end, PAGE_SIZE);
	if (code < PAGE_SIZE || code_end > LOW_MEMORY_END || code >= code_end)
		panic("longmode.S code at 0x%lx-0x%lx is not in low memory",
		      code, code_end);
	paging_map(&bs->pg, PAGE_SIZE, PAGE_SIZE, code - PAGE_SIZE,
		   PTE_W | PTE_NX);
	paging_map(&bs->pg, code, code, code_end - code, 0);
	paging_map(&bs->pg, code_end, code_end, LOW_MEMORY_END - code_end,
		   PTE_W | PTE_NX);
}

static void map_framebuffer(struct boot_state *bs)
{
	if (bs->fb.type == CKBOOT_FRAMEBUFFER_RGB)
		paging_map(&bs->pg, bs->fb.address, bs->fb.address,
			   fbmode_bytes(&bs->fb), PTE_W | PTE_NX);
}

static void map_stack(struct boot_state *bs, const struct place *p)
{
	uint64_t frames =
	    memmap_alloc(&bs->map, p->stack_size, PAGE_SIZE, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_KERNEL_STACK);

	phys_zero(frames, p->stack_size);
	bs->stack_bottom = p->cfg.kernel_stack_address;
	bs->stack_top = bs->stack_bottom + p->stack_size;
	paging_map(&bs->pg, bs->stack_bottom, frames, p->stack_size,
		   PTE_W | PTE_NX);
}

/* Physical [START, END) of the map, with pages of UNIT bytes (4 KiB,
   2 MiB or 1 GiB).  */
static void map_physical_run(struct boot_state *bs, uint64_t start,
			     uint64_t end, uint64_t unit)
{
	uint64_t virt = bs->physmap_offset + start;

	if (start >= end)
		return;
	if (unit == PAGE_SIZE)
		paging_map(&bs->pg, virt, start, end - start, PTE_W | PTE_NX);
	else
		paging_map_large(&bs->pg, virt, start, end - start,
				 PTE_W | PTE_NX, unit == LARGE_1G);
}

/* QEMU 7.2 under TCG reads the local APIC's registers as zero through
   a 2 MiB or 1 GiB page, and right through a 4 KiB one (found by the
   physical-map boot tests); real processors, too, want no large page
   across the memory-type change around it (Intel SDM 11.11.9).  So the
   2 MiB holding the APIC get 4 KiB pages, for one page table more, and
   with 1 GiB pages the GiB around them 2 MiB pages.  PHYS_SIZE is a
   multiple of the large page size and at least 4 GiB, so the APIC is
   always inside.  */
static void map_physical(struct boot_state *bs, const struct place *p)
{
	uint64_t apic = ALIGN_DOWN(LAPIC_DEFAULT_BASE, LARGE_2M);
	uint64_t big = p->gb ? LARGE_1G : LARGE_2M;
	/* [lo, hi): 2 MiB pages and the APIC's 4 KiB ones.  */
	uint64_t lo = ALIGN_DOWN(apic, big), hi = lo + big;

	bs->physmap_offset = 0;
	if (!(p->cfg.features & CKBOOT_MAP_PHYSICAL_MEMORY))
		return;
	bs->physmap_offset = p->cfg.physical_memory_offset;
	map_physical_run(bs, 0, lo, big);
	map_physical_run(bs, lo, apic, LARGE_2M);
	map_physical_run(bs, apic, apic + LARGE_2M, PAGE_SIZE);
	map_physical_run(bs, apic + LARGE_2M, hi, LARGE_2M);
	map_physical_run(bs, hi, p->phys_size, big);
}

/* The modules fill less than 4 GiB of their 512 GiB slot, even with
   the page after each left unmapped to catch a run past the end.  */
static void map_modules(struct boot_state *bs, const struct place *p)
{
	uint64_t virt = p->modules;
	uint32_t i;

	for (i = 0; i < bs->module_count; i++) {
		struct boot_module *m = &bs->modules[i];

		m->virt = virt;
		paging_map(&bs->pg, virt, m->phys, m->pages, PTE_W | PTE_NX);
		virt += m->pages + PAGE_SIZE;
	}
}

/* Last allocation of the loader but the tables to map it.  */
static void map_boot_info(struct boot_state *bs, const struct place *p)
{
	bs->bootinfo_phys =
	    memmap_alloc(&bs->map, p->info_size, PAGE_SIZE, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_BOOT_INFO);
	phys_zero(bs->bootinfo_phys, p->info_size);
	bs->bootinfo_virt = p->cfg.boot_info_address;
	paging_map(&bs->pg, bs->bootinfo_virt, bs->bootinfo_phys, p->info_size,
		   PTE_W | PTE_NX);
}

void paging_build(struct boot_state *bs)
{
	static struct place p;

	p.nused = 0;
	read_config(bs, &p);
	plan_sizes(bs, &p);
	plan_fixed(bs, &p);
	plan_chosen(bs, &p);

	map_low_memory(bs);
	map_framebuffer(bs);
	map_stack(bs, &p);
	map_physical(bs, &p);
	map_modules(bs, &p);
	map_boot_info(bs, &p);
	bs->recursive_index = p.cfg.recursive_index;
	if (bs->recursive_index)
		paging_recursive(&bs->pg, bs->recursive_index);
}
