/* settings.c: the test kernel for the seed's settings (issue 4): kernel
   stack address and size, boot-info address, physical-memory map,
   recursive page table, and where the loader puts what nobody placed.

   Built several times with a different CKBOOT_CONFIG note (or none),
   chosen by one of the TK_PRESET_* macros below.  Whatever the settings
   came from -- this note, a manifest, ckboot-install options -- the
   kernel checks that each one the boot info reports really works (the
   guard page faults, the physical map shows the BIOS data area and the
   kernel's own frames, the recursive slot leads to CR3's table), that
   nothing overlaps, and prints each effective value as a "fact:" line
   the test scripts compare with what they asked for.  A kernel whose
   note must win (nothing overrides it) also asserts the note itself.  */

#include "tk.h"

#define MiB (1024ULL * 1024)
#define GiB (1024 * MiB)

/* Addresses used by the presets and by tests/boot-*.sh: keep in step.  */
#define STACK_ADDR     0xffff900000000000ULL
#define BOOT_INFO_ADDR 0xffffa00000000000ULL
#define PHYS_OFFSET    0xffff800000000000ULL

/* A build of a preset under another name (settings-low) says so.  */
#ifdef TK_NAME
#define NAME(n) TK_NAME
#else
#define NAME(n) n
#endif

#if defined(TK_PRESET_STACK)
const char tk_name[] = NAME("settings-stack");
CKBOOT_CONFIG(.kernel_stack_address = STACK_ADDR, .kernel_stack_size = 64);
#define NOTE_WINS 1
#elif defined(TK_PRESET_BOOT_INFO)
const char tk_name[] = NAME("settings-boot-info");
CKBOOT_CONFIG(.boot_info_address = BOOT_INFO_ADDR);
#define NOTE_WINS 1
#elif defined(TK_PRESET_PHYSMAP)
const char tk_name[] = NAME("settings-physmap");
CKBOOT_CONFIG(.features = CKBOOT_MAP_PHYSICAL_MEMORY,
	      .physical_memory_offset = PHYS_OFFSET);
#define NOTE_WINS 1
#elif defined(TK_PRESET_PHYSMAP_DYNAMIC)
const char tk_name[] = NAME("settings-physmap-dynamic");
CKBOOT_CONFIG(.features = CKBOOT_MAP_PHYSICAL_MEMORY);
#define NOTE_WINS 1
#elif defined(TK_PRESET_RECURSIVE)
const char tk_name[] = NAME("settings-recursive");
CKBOOT_CONFIG(.features = CKBOOT_RECURSIVE_PAGE_TABLE);
#define NOTE_WINS 1
#elif defined(TK_PRESET_DYNAMIC)
const char tk_name[] = NAME("settings-dynamic");
CKBOOT_CONFIG(.features = CKBOOT_MAP_PHYSICAL_MEMORY |
			  CKBOOT_RECURSIVE_PAGE_TABLE | CKBOOT_VGA_320X200);
#define NOTE_WINS 1
#elif defined(TK_PRESET_ALL)
/* Every setting in the note: boot-config-note.sh.  */
const char tk_name[] = NAME("settings-all");
CKBOOT_CONFIG(.features = CKBOOT_MAP_PHYSICAL_MEMORY |
			  CKBOOT_RECURSIVE_PAGE_TABLE,
	      .kernel_stack_address = STACK_ADDR, .kernel_stack_size = 64,
	      .physical_memory_offset = PHYS_OFFSET,
	      .boot_info_address = BOOT_INFO_ADDR);
#define NOTE_WINS 1
#elif defined(TK_PRESET_PRECEDENCE)
/* The same note, to be overridden: boot-config-precedence-*.sh.  */
const char tk_name[] = NAME("settings-precedence");
CKBOOT_CONFIG(.features = CKBOOT_MAP_PHYSICAL_MEMORY,
	      .kernel_stack_address = STACK_ADDR, .kernel_stack_size = 64,
	      .physical_memory_offset = PHYS_OFFSET,
	      .boot_info_address = BOOT_INFO_ADDR);
#define NOTE_WINS 0
#else
/* No note: the settings come from a manifest or options.  */
const char tk_name[] = NAME("settings-plain");
#define NO_NOTE 1
#endif

/* ---- overlap ---- */
struct range {
	const char *what;
	uint64_t start, end; /* virtual, end exclusive */
};

#define MAX_RANGES 8
static struct range ranges[MAX_RANGES];
static unsigned nranges;

static void range_add(const char *what, uint64_t start, uint64_t end)
{
	CHECK(start < end && tk_is_canonical(start) &&
		  tk_is_canonical(end - 1) &&
		  (start >> 63) == ((end - 1) >> 63),
	      "%s [0x%llx, 0x%llx) is empty, not canonical or crosses the "
	      "hole",
	      what, (unsigned long long)start, (unsigned long long)end);
	ranges[nranges++] = (struct range){what, start, end};
	tk_printf("  %-14s [0x%016llx, 0x%016llx)\n", what,
		  (unsigned long long)start, (unsigned long long)end);
}

static void check_no_overlap(void)
{
	unsigned i, j;

	for (i = 0; i < nranges; i++)
		for (j = i + 1; j < nranges; j++)
			CHECK(ranges[i].end <= ranges[j].start ||
				  ranges[j].end <= ranges[i].start,
			      "%s [0x%llx, 0x%llx) overlaps %s [0x%llx, "
			      "0x%llx)",
			      ranges[i].what,
			      (unsigned long long)ranges[i].start,
			      (unsigned long long)ranges[i].end, ranges[j].what,
			      (unsigned long long)ranges[j].start,
			      (unsigned long long)ranges[j].end);
	tk_printf("placement: %u ranges, canonical, none overlapping\n",
		  nranges);
}

/* ---- nothing else is mapped ----
   The manual lists what the kernel finds mapped: its segments, the
   stack, the boot info, the low memory identity-mapped from 4 KiB to
   1 MiB (writable, no-execute but for longmode.S's one page), the
   physical map, the modules and the recursive slot; "nothing else is
   mapped".  Every
   leaf of the page tables is held to that.  */
#define LOW_START 0x1000ULL
#define LOW_END	  0x100000ULL

static struct {
	uint64_t leaves, low_pages, low_exec_pages, physmap_leaves;
} seen;

static int in_physmap(uint64_t va)
{
	const struct ckboot_info *bi = tk_info;
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t top = r[bi->memory_map_count - 1].end;
	uint64_t len = top > 4 * GiB ? top : 4 * GiB;

	return (bi->flags & CKBOOT_INFO_PHYSICAL_MEMORY) &&
	       va >= bi->physical_memory_offset &&
	       va - bi->physical_memory_offset < len;
}

static void check_low_leaf(uint64_t va, uint64_t pa, uint64_t size, uint64_t e)
{
	CHECK(va >= LOW_START && va + size <= LOW_END && va == pa,
	      "mapping 0x%llx -> 0x%llx (%llu KiB) in low memory is not the "
	      "identity map of [0x1000, 1 MiB)",
	      (unsigned long long)va, (unsigned long long)pa,
	      (unsigned long long)(size >> 10));
	seen.low_pages += size / TK_PAGE;
	if (!(e & TK_PTE_NX)) {
		seen.low_exec_pages += size / TK_PAGE;
		CHECK(!(e & TK_PTE_W),
		      "low page 0x%llx is writable and executable",
		      (unsigned long long)va);
	}
}

static void check_leaf(uint64_t va, uint64_t pa, uint64_t size, uint64_t e)
{
	uint64_t off = tk_info->physical_memory_offset;
	unsigned i;

	seen.leaves++;
	if (va < LOW_END) {
		check_low_leaf(va, pa, size, e);
		return;
	}
	if (in_physmap(va)) {
		CHECK(pa == va - off,
		      "physical map page 0x%llx maps frame 0x%llx, not 0x%llx",
		      (unsigned long long)va, (unsigned long long)pa,
		      (unsigned long long)(va - off));
		CHECK((e & TK_PTE_NX) || !tk_cpu_has_nx(),
		      "physical map page 0x%llx is executable",
		      (unsigned long long)va);
		seen.physmap_leaves++;
		return;
	}
	for (i = 0; i < nranges; i++)
		if (va >= ranges[i].start && va + size <= ranges[i].end)
			return;
	tk_fail("stray mapping 0x%llx -> 0x%llx (%llu KiB, entry 0x%llx): "
		"not the kernel, stack, boot info, physical map or low memory",
		(unsigned long long)va, (unsigned long long)pa,
		(unsigned long long)(size >> 10), (unsigned long long)e);
}

static void check_mappings(void)
{
	if (!tk_phys_access())
		return;
	tk_walk_mappings(check_leaf);
	CHECK(seen.low_pages == (LOW_END - LOW_START) / TK_PAGE,
	      "%llu pages of low memory mapped, expected all of [0x1000, "
	      "1 MiB)",
	      (unsigned long long)seen.low_pages);
	CHECK(seen.low_exec_pages == 1 || !tk_cpu_has_nx(),
	      "%llu executable pages in low memory, expected one",
	      (unsigned long long)seen.low_exec_pages);
	tk_printf("mappings: %llu leaves (%llu in the physical map), nothing "
		  "but the listed ranges and low memory; low memory is the "
		  "identity, with %llu executable page\n",
		  (unsigned long long)seen.leaves,
		  (unsigned long long)seen.physmap_leaves,
		  (unsigned long long)seen.low_exec_pages);
}

static uint64_t page_up(uint64_t x)
{
	return (x + TK_PAGE - 1) & ~(TK_PAGE - 1);
}

static void collect_ranges(const struct ckboot_info *bi)
{
	uint64_t b = (uint64_t)bi & ~(TK_PAGE - 1);
	uint64_t map_end =
	    bi->memory_map +
	    bi->memory_map_count * sizeof(struct ckboot_memory_region);
	uint64_t info_end = page_up((uint64_t)bi + bi->size);

	tk_printf("address space:\n");
	range_add("kernel", bi->kernel_virtual_start, bi->kernel_virtual_end);
	/* The guard page belongs to the stack: nothing may be mapped there. */
	range_add("stack+guard",
		  bi->kernel_stack_top - bi->kernel_stack_size - TK_PAGE,
		  bi->kernel_stack_top);
	if (bi->memory_map >= b && bi->memory_map <= info_end) {
		range_add("boot info+map", b,
			  page_up(map_end > info_end ? map_end : info_end));
	} else {
		range_add("boot info", b, info_end);
		range_add("memory map", bi->memory_map & ~(TK_PAGE - 1),
			  page_up(map_end));
	}
	/* tk_check_modules() has checked them one by one, in order.  */
	if (bi->flags & CKBOOT_INFO_MODULES) {
		const struct ckboot_module *m = (const void *)bi->modules;
		const struct ckboot_module *last = &m[bi->module_count - 1];

		range_add("modules", m[0].address,
			  last->address + page_up(last->size ? last->size : 1));
	}
}

/* ---- boot info address ---- */
static void check_boot_info(const struct ckboot_info *bi)
{
	tk_fact("boot-info", (uint64_t)bi);
	CHECK(tk_entry.rdi == (uint64_t)bi, "RDI changed");
	CHECK((uint64_t)bi % 8 == 0, "boot info 0x%llx misaligned",
	      (unsigned long long)(uint64_t)bi);
	tk_memmap_check();
	tk_memmap_check_size();
}

/* ---- the physical-memory map ---- */
static uint64_t memmap_top(void)
{
	const struct ckboot_memory_region *r = tk_regions();

	return r[tk_info->memory_map_count - 1].end;
}

static uint64_t highest_usable_end(void)
{
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t i, end = 0;

	for (i = 0; i < tk_info->memory_map_count; i++)
		if (r[i].type == CKBOOT_MEMORY_USABLE)
			end = r[i].end;
	return end;
}

static void probe_readable(uint64_t va, const char *what)
{
	uint64_t v;
	struct tk_fault f;

	CHECK(!tk_probe(TK_PROBE_READ, va, &v, &f),
	      "%s: reading 0x%llx faulted (vector %llu, error 0x%llx)", what,
	      (unsigned long long)va, (unsigned long long)f.vector,
	      (unsigned long long)f.error);
}

/* The same bytes through the kernel's address and through the map.  */
static void compare_through_map(const void *p, size_t len, const char *what)
{
	uint64_t va = (uint64_t)p, pa = tk_translate(va, NULL, NULL);
	const uint8_t *m =
	    (const uint8_t *)(tk_info->physical_memory_offset + pa);

	CHECK(pa != ~0ULL, "%s at 0x%llx not mapped", what,
	      (unsigned long long)va);
	CHECK(tk_memcmp(p, m, len) == 0,
	      "%s at 0x%llx (frame 0x%llx) reads "
	      "differently through the physical map",
	      what, (unsigned long long)va, (unsigned long long)pa);
}

static const char rodata_probe[] = "read me through the physical map";
static volatile uint64_t data_probe = 0x1122334455667788ULL;

static void check_physmap_contents(uint64_t off)
{
	volatile uint64_t *alias;
	uint64_t stack_word = 0xfeedfacecafebeefULL, pa;

	CHECK(*(volatile uint16_t *)(off + TK_BDA_COM1) == 0x3f8,
	      "phys 0x400 through the map reads 0x%x, expected COM1's 0x3f8",
	      *(volatile uint16_t *)(off + TK_BDA_COM1));
	compare_through_map(rodata_probe, sizeof(rodata_probe), ".rodata");
	compare_through_map((const void *)&data_probe, 8, ".data");
	compare_through_map(&stack_word, 8, "stack");
	compare_through_map(tk_info, sizeof(*tk_info), "boot info");
	compare_through_map((const void *)tk_info->memory_map,
			    sizeof(struct ckboot_memory_region), "memory map");
	/* A write through the map shows at the kernel's address.  */
	pa = tk_translate((uint64_t)&data_probe, NULL, NULL);
	alias = (volatile uint64_t *)(off + pa);
	*alias = 0x0badc0de0badc0deULL;
	CHECK(data_probe == 0x0badc0de0badc0deULL,
	      "a write through the physical map did not reach .data");
	tk_printf("physical map: BDA reads COM1 0x3f8; kernel, stack, boot "
		  "info frames alias their mapped addresses\n");
}

static void check_physmap_extent(uint64_t off)
{
	uint64_t top = memmap_top(), usable = highest_usable_end();
	volatile uint64_t *last = (volatile uint64_t *)(off + usable - 8);
	uint32_t lapic;

	tk_fact("physmap-top", top);
	tk_fact("usable-top", usable);
	*last = 0x5555aaaa5555aaaaULL;
	CHECK(*last == 0x5555aaaa5555aaaaULL,
	      "top of usable RAM 0x%llx not writable through the map",
	      (unsigned long long)(usable - 8));
	probe_readable(off + top - 8, "the highest address of the map");
	probe_readable(off + 4 * GiB - 8, "the last byte below 4 GiB");
	/* The APIC takes 32-bit accesses only: probe the mapping, then read
	   its version register (0x14 on QEMU, 0x1X on any integrated APIC).  */
	probe_readable(off + 0xfee00000ULL, "the local APIC (0xfee00000)");
	lapic = *(volatile uint32_t *)(off + 0xfee00030ULL);
	CHECK((lapic & 0xff) >= 0x10 && (lapic & 0xff) < 0x20,
	      "local APIC version register reads 0x%x through the map", lapic);
	tk_printf("physical map: RAM top 0x%llx written, map top 0x%llx and "
		  "the APIC read\n",
		  (unsigned long long)usable, (unsigned long long)top);
}

static void check_physmap_pages(uint64_t off)
{
	uint64_t leaf, size;

	CHECK(tk_translate(off, &leaf, &size) == 0,
	      "the physical map's first page does not map frame 0");
	CHECK(size >= 2 * MiB,
	      "the physical map uses %llu KiB pages, "
	      "expected 2 MiB or 1 GiB",
	      (unsigned long long)(size >> 10));
	CHECK(size == GiB || !tk_cpu_has_gb_pages(),
	      "the CPU has 1 GiB pages, the map uses %llu KiB ones",
	      (unsigned long long)(size >> 10));
	tk_printf("physical map: %llu KiB pages\n",
		  (unsigned long long)(size >> 10));
}

static void check_rsdp(uint64_t off)
{
	const char *p;

	if (!(tk_info->flags & CKBOOT_INFO_RSDP) || !tk_info->rsdp_address)
		return;
	p = (const char *)(off + tk_info->rsdp_address);
	CHECK(tk_memcmp(p, "RSD PTR ", 8) == 0, "no RSDP signature at 0x%llx",
	      (unsigned long long)tk_info->rsdp_address);
}

static void check_physmap(const struct ckboot_info *bi)
{
	uint64_t off = bi->physical_memory_offset, top = memmap_top();
	uint64_t len = top > 4 * GiB ? top : 4 * GiB;

	tk_fact("physmap-offset", off);
	CHECK(off % (2 * MiB) == 0,
	      "physical-memory offset 0x%llx is not "
	      "2 MiB aligned",
	      (unsigned long long)off);
	range_add("physical map", off, off + len);
	check_physmap_pages(off);
	check_physmap_contents(off);
	check_physmap_extent(off);
	check_rsdp(off);
}

/* ---- the recursive entry ---- */
static uint64_t recursive_va(unsigned r, unsigned a, unsigned b, unsigned c)
{
	return tk_canonical((uint64_t)r << 39 | (uint64_t)a << 30 |
			    (uint64_t)b << 21 | (uint64_t)c << 12);
}

static uint8_t window[4096] __attribute__((aligned(4096)));

/* Point our own scratch page at physical page 0 by writing its level-1
   entry through the recursive slot; the BIOS data area must appear.  */
static void check_recursive_write(unsigned r)
{
	uint64_t va = (uint64_t)window;
	volatile uint64_t *pte = (volatile uint64_t *)tk_canonical(
	    (uint64_t)r << 39 | ((va >> 9) & 0x7ffffffff8ULL));
	uint64_t old = *pte;
	uint16_t com1;

	CHECK((old & TK_PTE_P) &&
		  (old & TK_PTE_ADDR) ==
		      (tk_translate(va, NULL, NULL) & TK_PTE_ADDR),
	      "level-1 entry of 0x%llx through the recursive slot is 0x%llx",
	      (unsigned long long)va, (unsigned long long)old);
	*pte = TK_PTE_P; /* frame 0, read-only */
	tk_invlpg(va);
	com1 = *(volatile uint16_t *)(window + TK_BDA_COM1);
	*pte = old;
	tk_invlpg(va);
	CHECK(com1 == 0x3f8,
	      "page 0 mapped through the recursive slot reads "
	      "0x%x at 0x400, expected 0x3f8",
	      com1);
}

static void check_recursive(const struct ckboot_info *bi)
{
	unsigned r = bi->recursive_index, i;
	uint64_t cr3 = TK_READ_CR(3) & TK_PTE_ADDR;
	const volatile uint64_t *l4;

	tk_fact_u("recursive-index", r);
	tk_fact("recursive-addr", bi->recursive_page_table_addr);
	CHECK(r > 0 && r < 512, "recursive index %u", r);
	CHECK(bi->recursive_page_table_addr == recursive_va(r, r, r, r),
	      "recursive_page_table_addr 0x%llx, index %u gives 0x%llx",
	      (unsigned long long)bi->recursive_page_table_addr, r,
	      (unsigned long long)recursive_va(r, r, r, r));
	l4 = (const volatile uint64_t *)bi->recursive_page_table_addr;
	CHECK((l4[r] & TK_PTE_ADDR) == cr3 && (l4[r] & TK_PTE_P) &&
		  (l4[r] & TK_PTE_W),
	      "level-4 slot %u reads 0x%llx through the recursive address; "
	      "CR3's table is 0x%llx",
	      r, (unsigned long long)l4[r], (unsigned long long)cr3);
	/* The table seen there is CR3's, entry by entry.  */
	for (i = 0; i < 512; i++) {
		uint64_t e;

		tk_phys_read(cr3 + i * 8, &e, 8);
		CHECK(l4[i] == e,
		      "level-4 entry %u: 0x%llx through the "
		      "recursive address, 0x%llx at CR3",
		      i, (unsigned long long)l4[i], (unsigned long long)e);
	}
	check_recursive_write(r);
	range_add("recursive slot", recursive_va(r, 0, 0, 0),
		  recursive_va(r, 0, 0, 0) + 512 * GiB);
	tk_printf("recursive: slot %u is CR3's table; a level-1 entry "
		  "written through it maps page 0\n",
		  r);
}

/* ---- framebuffer ---- */
static void check_framebuffer(const struct ckboot_info *bi)
{
	const struct ckboot_framebuffer *fb = &bi->framebuffer;

	if (!(bi->flags & CKBOOT_INFO_FRAMEBUFFER))
		return;
	tk_printf("fact: framebuffer=0x%llx %ux%u pitch %u bpp %u type %u\n",
		  (unsigned long long)fb->address, fb->width, fb->height,
		  fb->pitch, fb->bpp, fb->type);
}

/* ---- the kernel's own note ---- */
#if !defined(NO_NOTE) && NOTE_WINS
static void check_note(const struct ckboot_info *bi)
{
	/* A copy: the note is packed, its fields unaligned.  */
	const struct ckboot_config cfg = ckboot_config_note_.config;
	const struct ckboot_config *c = &cfg;
	uint64_t bottom = bi->kernel_stack_top - bi->kernel_stack_size;

	if (c->kernel_stack_address)
		CHECK(bottom == c->kernel_stack_address,
		      "stack bottom 0x%llx, "
		      "the note asks 0x%llx",
		      (unsigned long long)bottom,
		      (unsigned long long)c->kernel_stack_address);
	CHECK(bi->kernel_stack_size == (c->kernel_stack_size
					    ? c->kernel_stack_size
					    : CKBOOT_DEFAULT_STACK_PAGES) *
					   TK_PAGE,
	      "stack of %llu pages, the note asks %llu (0 = default 512)",
	      (unsigned long long)(bi->kernel_stack_size / TK_PAGE),
	      (unsigned long long)c->kernel_stack_size);
	if (c->boot_info_address)
		CHECK((uint64_t)bi == c->boot_info_address,
		      "boot info at "
		      "0x%llx, the note asks 0x%llx",
		      (unsigned long long)(uint64_t)bi,
		      (unsigned long long)c->boot_info_address);
	CHECK(!!(bi->flags & CKBOOT_INFO_PHYSICAL_MEMORY) ==
		  !!(c->features & CKBOOT_MAP_PHYSICAL_MEMORY),
	      "physical map flag %d, note feature %d",
	      !!(bi->flags & CKBOOT_INFO_PHYSICAL_MEMORY),
	      !!(c->features & CKBOOT_MAP_PHYSICAL_MEMORY));
	if (c->physical_memory_offset)
		CHECK(bi->physical_memory_offset == c->physical_memory_offset,
		      "physical map at 0x%llx, the note asks 0x%llx",
		      (unsigned long long)bi->physical_memory_offset,
		      (unsigned long long)c->physical_memory_offset);
	CHECK(!!(bi->flags & CKBOOT_INFO_RECURSIVE_PAGE_TABLE) ==
		  !!(c->features & CKBOOT_RECURSIVE_PAGE_TABLE),
	      "recursive flag %d, note feature %d",
	      !!(bi->flags & CKBOOT_INFO_RECURSIVE_PAGE_TABLE),
	      !!(c->features & CKBOOT_RECURSIVE_PAGE_TABLE));
	if (c->features & CKBOOT_VGA_320X200)
		CHECK(bi->framebuffer.type == CKBOOT_FRAMEBUFFER_INDEXED &&
			  bi->framebuffer.width == 320,
		      "the note asks for VGA 320x200, the framebuffer is "
		      "type %u width %u",
		      bi->framebuffer.type, bi->framebuffer.width);
	tk_printf("note: every setting of the kernel's note took effect\n");
}
#endif

/* "fact: features=physical-memory recursive-page-table vga-320x200", the
   ones in effect, in that order ("none" for none).  */
static void print_features(const struct ckboot_info *bi)
{
	const char *sep = "";

	tk_puts("fact: features=");
	if (bi->flags & CKBOOT_INFO_PHYSICAL_MEMORY)
		tk_puts("physical-memory"), sep = " ";
	if (bi->flags & CKBOOT_INFO_RECURSIVE_PAGE_TABLE)
		tk_printf("%srecursive-page-table", sep), sep = " ";
	if ((bi->flags & CKBOOT_INFO_FRAMEBUFFER) &&
	    bi->framebuffer.type == CKBOOT_FRAMEBUFFER_INDEXED)
		tk_printf("%svga-320x200", sep), sep = " ";
	tk_puts(*sep ? "\n" : "none\n");
}

void kernel_main(struct ckboot_info *bi)
{
	tk_check_stack();
	check_boot_info(bi);
	collect_ranges(bi);
	if (bi->flags & CKBOOT_INFO_PHYSICAL_MEMORY)
		check_physmap(bi);
	if (bi->flags & CKBOOT_INFO_RECURSIVE_PAGE_TABLE)
		check_recursive(bi);
	check_no_overlap();
	check_mappings();
	check_framebuffer(bi);
	tk_check_frame_types();
#if !defined(NO_NOTE) && NOTE_WINS
	check_note(bi);
#endif
	tk_fact("flags", bi->flags);
	print_features(bi);
}
