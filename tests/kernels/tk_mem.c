/* tk_mem.c: the test kernels' view of memory: the loader's memory map
   and the page tables behind CR3.

   The memory map is checked against the protocol (sorted, aligned,
   disjoint, known types) and against QEMU's own record of the RAM size
   in CMOS, which the kernel can read without trusting the loader.  Page
   tables are reached through the physical-memory map or the recursive
   entry, whichever the boot info offers, so the frames behind the
   kernel, its stack, the boot info and the tables themselves can be
   looked up in the memory map.  Built with -mgeneral-regs-only, like
   tk.c.  */

#include "tk.h"

#define MiB	 (1024ULL * 1024)
#define GiB	 (1024 * MiB)
#define FOUR_GIB (4 * GiB)

const struct ckboot_memory_region *tk_regions(void)
{
	return (const struct ckboot_memory_region *)tk_info->memory_map;
}

const struct ckboot_memory_region *tk_region_of(uint64_t pa)
{
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t i;

	for (i = 0; i < tk_info->memory_map_count; i++)
		if (pa >= r[i].start && pa < r[i].end)
			return &r[i];
	return NULL;
}

const char *tk_type_name(uint32_t type)
{
	static const char *const names[] = {"?",
					    "usable",
					    "reserved",
					    "acpi-reclaimable",
					    "acpi-nvs",
					    "bad",
					    "bootloader",
					    "kernel",
					    "kernel-stack",
					    "page-table",
					    "boot-info",
					    "firmware-unknown",
					    "module"};

	return type < sizeof(names) / sizeof(names[0]) ? names[type] : "?";
}

int tk_type_is_ram(uint32_t type)
{
	switch (type) {
	case CKBOOT_MEMORY_USABLE:
	case CKBOOT_MEMORY_BOOTLOADER:
	case CKBOOT_MEMORY_KERNEL:
	case CKBOOT_MEMORY_KERNEL_STACK:
	case CKBOOT_MEMORY_PAGE_TABLE:
	case CKBOOT_MEMORY_BOOT_INFO:
	case CKBOOT_MEMORY_MODULE:
		return 1;
	}
	return 0;
}

void tk_memmap_print(void)
{
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t i;

	tk_printf("memory map: %llu regions at 0x%llx\n",
		  (unsigned long long)tk_info->memory_map_count,
		  (unsigned long long)tk_info->memory_map);
	for (i = 0; i < tk_info->memory_map_count; i++)
		tk_printf("  [0x%012llx, 0x%012llx) %s (%u)\n",
			  (unsigned long long)r[i].start,
			  (unsigned long long)r[i].end, tk_type_name(r[i].type),
			  r[i].type);
}

static void check_region(const struct ckboot_memory_region *r, uint64_t i)
{
	CHECK(r->start < r->end, "region %llu [0x%llx, 0x%llx) is empty",
	      (unsigned long long)i, (unsigned long long)r->start,
	      (unsigned long long)r->end);
	CHECK(r->start % TK_PAGE == 0 && r->end % TK_PAGE == 0,
	      "region %llu [0x%llx, 0x%llx) is not 4 KiB aligned",
	      (unsigned long long)i, (unsigned long long)r->start,
	      (unsigned long long)r->end);
	CHECK(r->type >= CKBOOT_MEMORY_USABLE &&
		  r->type <= CKBOOT_MEMORY_MODULE,
	      "region %llu has unknown type %u", (unsigned long long)i,
	      r->type);
	/* The legacy VGA window is device memory, whatever E820 says.  */
	CHECK(r->type != CKBOOT_MEMORY_USABLE || r->end <= 0xa0000 ||
		  r->start >= 0xc0000,
	      "region %llu [0x%llx, 0x%llx) is usable but overlaps the VGA "
	      "hole 0xa0000-0xbffff",
	      (unsigned long long)i, (unsigned long long)r->start,
	      (unsigned long long)r->end);
}

void tk_memmap_check(void)
{
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t n = tk_info->memory_map_count, i, usable = 0;

	CHECK(tk_info->memory_map != 0 && n > 0, "memory map empty");
	CHECK(n < 100000, "memory map count %llu is absurd",
	      (unsigned long long)n);
	for (i = 0; i < n; i++) {
		check_region(&r[i], i);
		if (i > 0)
			CHECK(r[i - 1].end <= r[i].start,
			      "regions %llu and %llu unsorted or overlapping: "
			      "[0x%llx, 0x%llx) then [0x%llx, 0x%llx)",
			      (unsigned long long)(i - 1),
			      (unsigned long long)i,
			      (unsigned long long)r[i - 1].start,
			      (unsigned long long)r[i - 1].end,
			      (unsigned long long)r[i].start,
			      (unsigned long long)r[i].end);
		if (r[i].type == CKBOOT_MEMORY_USABLE)
			usable += r[i].end - r[i].start;
	}
	CHECK(usable > 0, "no usable memory in the map");
	tk_printf("memory map: sorted, aligned, disjoint, types known, VGA "
		  "hole not usable; %llu KiB usable\n",
		  (unsigned long long)(usable / 1024));
}

/* QEMU's pc machine writes the RAM size into CMOS for SeaBIOS: 0x34/0x35
   RAM between 16 MiB and the end of low memory in 64 KiB units (0x30/
   0x31 in KiB above 1 MiB for small machines), 0x5b-0x5d RAM above
   4 GiB in 64 KiB units.  */
static uint64_t cmos_low_ram(void)
{
	uint64_t above16 = tk_cmos_read(0x34) | tk_cmos_read(0x35) << 8;
	uint64_t above1 = tk_cmos_read(0x30) | tk_cmos_read(0x31) << 8;

	if (above16)
		return 16 * MiB + above16 * 64 * 1024;
	return 1 * MiB + above1 * 1024;
}

static uint64_t cmos_high_ram(void)
{
	return ((uint64_t)tk_cmos_read(0x5b) | tk_cmos_read(0x5c) << 8 |
		(uint64_t)tk_cmos_read(0x5d) << 16) *
	       64 * 1024;
}

/* RAM the map reports in [LO, HI): its total and where it ends.  */
static void ram_in(uint64_t lo, uint64_t hi, uint64_t *total, uint64_t *top)
{
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t i;

	*total = *top = 0;
	for (i = 0; i < tk_info->memory_map_count; i++) {
		uint64_t s = r[i].start < lo ? lo : r[i].start;
		uint64_t e = r[i].end > hi ? hi : r[i].end;

		if (!tk_type_is_ram(r[i].type) || s >= e)
			continue;
		*total += e - s;
		*top = e;
	}
}

/* Below 4 GiB the firmware keeps a little RAM for itself (SeaBIOS
   reserves its tables at the top of low memory), so the map may report
   somewhat less than CMOS; never more, and nothing may be lost above
   4 GiB.  */
#define FIRMWARE_SLACK (4 * MiB)

void tk_memmap_check_size(void)
{
	uint64_t low = cmos_low_ram(), high = cmos_high_ram();
	uint64_t low_total, low_top, high_total, high_top;

	ram_in(1 * MiB, FOUR_GIB, &low_total, &low_top);
	ram_in(FOUR_GIB, ~0ULL, &high_total, &high_top);
	tk_printf(
	    "memory size: CMOS says %llu KiB below 4 GiB, %llu KiB "
	    "above; the map has %llu KiB above 1 MiB ending at 0x%llx, "
	    "%llu KiB above 4 GiB ending at 0x%llx\n",
	    (unsigned long long)(low / 1024), (unsigned long long)(high / 1024),
	    (unsigned long long)(low_total / 1024), (unsigned long long)low_top,
	    (unsigned long long)(high_total / 1024),
	    (unsigned long long)high_top);
	tk_fact_u("ram-mib", (low + high) / MiB);
	CHECK(low_top <= low,
	      "RAM in the map ends at 0x%llx, above the "
	      "0x%llx QEMU has",
	      (unsigned long long)low_top, (unsigned long long)low);
	CHECK(low_total + 1 * MiB + FIRMWARE_SLACK >= low,
	      "the map has %llu KiB of RAM above 1 MiB, QEMU %llu KiB",
	      (unsigned long long)(low_total / 1024),
	      (unsigned long long)((low - 1 * MiB) / 1024));
	CHECK(high_total == high,
	      "the map has %llu KiB of RAM above 4 GiB, QEMU %llu KiB",
	      (unsigned long long)(high_total / 1024),
	      (unsigned long long)(high / 1024));
	CHECK(high == 0 || high_top == FOUR_GIB + high,
	      "RAM above 4 GiB ends at 0x%llx, expected 0x%llx",
	      (unsigned long long)high_top,
	      (unsigned long long)(FOUR_GIB + high));
}

/* ---- physical memory access ---- */
static uint8_t window[4096] __attribute__((aligned(4096)));
static volatile uint64_t *window_pte;
static uint64_t window_saved; /* its own entry, while it is borrowed */

static uint64_t recursive_entry_va(uint64_t va, int level)
{
	uint64_t r = tk_info->recursive_index, a = r << 39;

	/* Each level of recursion drops one level of translation.  */
	switch (level) {
	case 1:
		a |= (va >> 9) & 0x7ffffffff8ULL;
		break;
	case 2:
		a |= r << 30 | ((va >> 18) & 0x3ffffff8ULL);
		break;
	case 3:
		a |= r << 30 | r << 21 | ((va >> 27) & 0x1ffff8ULL);
		break;
	default:
		a |= r << 30 | r << 21 | r << 12 | ((va >> 36) & 0xff8ULL);
	}
	return tk_canonical(a);
}

int tk_phys_access(void)
{
	if (tk_info->flags & CKBOOT_INFO_PHYSICAL_MEMORY)
		return 1;
	if (tk_info->flags & CKBOOT_INFO_RECURSIVE_PAGE_TABLE)
		return 2;
	return 0;
}

/* The scratch page's own level-1 entry, found through the recursive
   slot; it must be a 4 KiB mapping for the trick to work.  */
static void window_init(void)
{
	uint64_t va = (uint64_t)window;
	int level;

	for (level = 4; level > 1; level--) {
		uint64_t e =
		    *(volatile uint64_t *)recursive_entry_va(va, level);

		CHECK((e & TK_PTE_P) && !(e & TK_PTE_PS),
		      "scratch page 0x%llx: level-%d entry 0x%llx is not a "
		      "table",
		      (unsigned long long)va, level, (unsigned long long)e);
	}
	window_pte = (volatile uint64_t *)recursive_entry_va(va, 1);
	CHECK(*window_pte & TK_PTE_P, "scratch page 0x%llx not mapped",
	      (unsigned long long)va);
}

void tk_phys_read(uint64_t pa, void *buf, size_t len)
{
	uint64_t old;

	switch (tk_phys_access()) {
	case 1:
		memcpy(buf, (void *)(tk_info->physical_memory_offset + pa),
		       len);
		return;
	case 2:
		if (!window_pte)
			window_init();
		old = window_saved = *window_pte;
		*window_pte = (pa & TK_PTE_ADDR) | TK_PTE_P;
		tk_invlpg((uint64_t)window);
		memcpy(buf, window + (pa & (TK_PAGE - 1)), len);
		*window_pte = old;
		tk_invlpg((uint64_t)window);
		return;
	}
	tk_fail("no physical-memory map and no recursive entry: the page "
		"tables cannot be read");
}

static uint64_t read_entry(uint64_t table, unsigned index)
{
	uint64_t e;

	tk_phys_read(table + index * 8ULL, &e, sizeof(e));
	return e;
}

uint64_t tk_translate(uint64_t va, uint64_t *leaf, uint64_t *size)
{
	uint64_t table = TK_READ_CR(3) & TK_PTE_ADDR, e = 0, sz = 0;
	int level;

	for (level = 4; level >= 1; level--) {
		unsigned idx = (va >> (12 + 9 * (level - 1))) & 511;

		e = read_entry(table, idx);
		/* Reading the scratch page's own entry through the scratch
		   page shows the borrowed value, not its real one.  */
		if (level == 1 && window_pte &&
		    (va & ~(TK_PAGE - 1)) == (uint64_t)window)
			e = window_saved;
		if (!(e & TK_PTE_P))
			return ~0ULL;
		sz = 1ULL << (12 + 9 * (level - 1));
		if (level == 1 || ((e & TK_PTE_PS) && level <= 3))
			break;
		table = e & TK_PTE_ADDR;
	}
	if (leaf)
		*leaf = e;
	if (size)
		*size = sz;
	return (e & TK_PTE_ADDR & ~(sz - 1)) + (va & (sz - 1));
}

/* ---- frame types ---- */
static void check_frame(uint64_t va, uint32_t want, const char *what)
{
	uint64_t pa = tk_translate(va, NULL, NULL);
	const struct ckboot_memory_region *r;

	CHECK(pa != ~0ULL, "%s page 0x%llx is not mapped", what,
	      (unsigned long long)va);
	r = tk_region_of(pa);
	CHECK(r != NULL, "%s page 0x%llx: frame 0x%llx is in no region", what,
	      (unsigned long long)va, (unsigned long long)pa);
	CHECK(want ? r->type == want : r->type != CKBOOT_MEMORY_USABLE,
	      "%s page 0x%llx: frame 0x%llx is typed %s, expected %s", what,
	      (unsigned long long)va, (unsigned long long)pa,
	      tk_type_name(r->type), want ? tk_type_name(want) : "not usable");
}

static void check_range(uint64_t start, uint64_t end, uint32_t want,
			const char *what)
{
	uint64_t va;

	for (va = start & ~(TK_PAGE - 1); va < end; va += TK_PAGE)
		check_frame(va, want, what);
}

/* Every table reachable from CR3 is PAGE_TABLE memory.  The recursive
   slot leads back to the level-4 table and is not followed.  */
static unsigned check_tables(uint64_t table, int level, uint64_t pml4)
{
	static uint64_t buf[4][512];
	const struct ckboot_memory_region *r = tk_region_of(table);
	unsigned i, n = 1;

	CHECK(r && r->type == CKBOOT_MEMORY_PAGE_TABLE,
	      "level-%d page table at 0x%llx is typed %s, expected "
	      "page-table",
	      level, (unsigned long long)table,
	      r ? tk_type_name(r->type) : "nothing");
	if (level == 1)
		return n;
	for (i = 0; i < 512; i += 64)
		tk_phys_read(table + i * 8, &buf[level - 1][i], 64 * 8);
	for (i = 0; i < 512; i++) {
		uint64_t e = buf[level - 1][i];

		if (!(e & TK_PTE_P) || (level <= 3 && (e & TK_PTE_PS)))
			continue;
		if ((e & TK_PTE_ADDR) == pml4)
			continue;
		n += check_tables(e & TK_PTE_ADDR, level - 1, pml4);
	}
	return n;
}

/* Visit every leaf below TABLE (a table of LEVEL covering addresses from
   BASE); the recursive slot is not followed.  */
static void walk(uint64_t table, int level, uint64_t base, uint64_t pml4,
		 tk_leaf_fn *fn)
{
	static uint64_t buf[4][512];
	uint64_t span = 1ULL << (12 + 9 * (level - 1));
	unsigned i;

	for (i = 0; i < 512; i += 64)
		tk_phys_read(table + i * 8, &buf[level - 1][i], 64 * 8);
	for (i = 0; i < 512; i++) {
		uint64_t e = buf[level - 1][i];
		uint64_t va = tk_canonical(base + i * span);

		if (!(e & TK_PTE_P) || (e & TK_PTE_ADDR) == pml4)
			continue;
		if (level == 1 || (level <= 3 && (e & TK_PTE_PS)))
			fn(va, e & TK_PTE_ADDR & ~(span - 1), span, e);
		else
			walk(e & TK_PTE_ADDR, level - 1, base + i * span, pml4,
			     fn);
	}
}

void tk_walk_mappings(tk_leaf_fn *fn)
{
	uint64_t pml4 = TK_READ_CR(3) & TK_PTE_ADDR;

	walk(pml4, 4, 0, pml4, fn);
}

extern char __kernel_start[], __kernel_end[];

void tk_check_frame_types(void)
{
	const struct ckboot_info *bi = tk_info;
	uint64_t top = bi->kernel_stack_top, pml4, map_end;
	unsigned tables;

	if (!tk_phys_access()) {
		tk_printf("frame types: no way to read the page tables, "
			  "not checked here\n");
		return;
	}
	check_range((uint64_t)__kernel_start, (uint64_t)__kernel_end,
		    CKBOOT_MEMORY_KERNEL, "kernel");
	check_range(top - bi->kernel_stack_size, top,
		    CKBOOT_MEMORY_KERNEL_STACK, "stack");
	check_range((uint64_t)bi, (uint64_t)bi + bi->size,
		    CKBOOT_MEMORY_BOOT_INFO, "boot info");
	map_end = bi->memory_map +
		  bi->memory_map_count * sizeof(struct ckboot_memory_region);
	check_range(bi->memory_map, map_end, CKBOOT_MEMORY_BOOT_INFO,
		    "memory map");
	if (bi->loader_name)
		check_range(bi->loader_name, bi->loader_name + 1, 0,
			    "loader name");
	pml4 = TK_READ_CR(3) & TK_PTE_ADDR;
	tables = check_tables(pml4, 4, pml4);
	tk_printf("frame types: kernel, stack, boot info, memory map and %u "
		  "page tables typed as such\n",
		  tables);
}

/* ---- boot modules ---- */

/* CRC-32 (IEEE 802.3), as ckboot-install and gzip compute it: the
   test compares what the kernel found with the file on the host.  */
static uint32_t crc32_of(const uint8_t *p, uint64_t n)
{
	static uint32_t table[256];
	uint32_t crc = 0xffffffffU, c, i, k;

	if (!table[1])
		for (i = 0; i < 256; i++) {
			for (c = i, k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320U ^ (c >> 1) : c >> 1;
			table[i] = c;
		}
	while (n--)
		crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static uint64_t module_pages(const struct ckboot_module *m)
{
	return ((m->size ? m->size : 1) + TK_PAGE - 1) & ~(TK_PAGE - 1);
}

/* Its frames are MODULE memory, in the order of its pages, from
   PHYSICAL on; the page after it is not mapped.  */
static void check_module_frames(const struct ckboot_module *m, unsigned n)
{
	uint64_t pages = module_pages(m), off, pa;
	const struct ckboot_memory_region *r;

	for (off = 0; tk_phys_access() && off < pages; off += TK_PAGE) {
		pa = tk_translate(m->address + off, NULL, NULL);
		CHECK(pa == m->physical + off,
		      "module %u page 0x%llx maps frame 0x%llx, expected "
		      "0x%llx",
		      n, (unsigned long long)(m->address + off),
		      (unsigned long long)pa,
		      (unsigned long long)(m->physical + off));
		r = tk_region_of(pa);
		CHECK(r && r->type == CKBOOT_MEMORY_MODULE,
		      "module %u frame 0x%llx is typed %s, expected module", n,
		      (unsigned long long)pa,
		      r ? tk_type_name(r->type) : "nothing");
	}
	CHECK(tk_probe(TK_PROBE_READ, m->address + pages, NULL, NULL),
	      "module %u: the page after it, 0x%llx, is mapped", n,
	      (unsigned long long)(m->address + pages));
}

/* Readable whole, the rest of its last page zero, writable, not
   executable.  */
static uint32_t check_module_access(const struct ckboot_module *m, unsigned n)
{
	const uint8_t *p = (const uint8_t *)m->address;
	uint64_t pages = module_pages(m), i, v, ret;
	struct tk_fault f;
	uint32_t crc;

	for (i = m->size; i < pages; i++)
		CHECK(p[i] == 0, "module %u: byte %llu past its end is 0x%x",
		      n, (unsigned long long)(i - m->size), p[i]);
	crc = crc32_of(p, m->size);
	/* A RET in its first word, so that an executable mapping returns
	   to be reported; then its own bytes back.  */
	v = *(const uint64_t *)p;
	ret = (v & ~0xffULL) | 0xc3;
	CHECK(!tk_probe(TK_PROBE_WRITE, m->address, &ret, &f),
	      "module %u at 0x%llx is not writable", n,
	      (unsigned long long)m->address);
	if (tk_cpu_has_nx())
		CHECK(tk_probe(TK_PROBE_EXEC, m->address, NULL, &f) &&
			  f.vector == TK_VEC_PF && (f.error & TK_PF_FETCH),
		      "module %u at 0x%llx is executable", n,
		      (unsigned long long)m->address);
	*(volatile uint64_t *)p = v;
	return crc;
}

static void check_module(const struct ckboot_info *bi,
			 const struct ckboot_module *m, unsigned n,
			 uint64_t strings)
{
	const char *s = (const char *)m->string;
	uint64_t len = 0;

	CHECK(m->address % TK_PAGE == 0 && m->physical % TK_PAGE == 0 &&
		  m->address >= 0xffff800000000000ULL,
	      "module %u at 0x%llx (physical 0x%llx): not page aligned or "
	      "not in the higher half",
	      n, (unsigned long long)m->address,
	      (unsigned long long)m->physical);
	CHECK(m->string >= strings && m->string < bi->memory_map,
	      "module %u string at 0x%llx, not after the modules and before "
	      "the memory map",
	      n, (unsigned long long)m->string);
	while (len < 104 && s[len])
		len++;
	CHECK(len < 104, "module %u string is not terminated", n);
	check_module_frames(m, n);
	tk_printf("fact: module-%u=%s size=%llu crc32=%08x\n", n, s,
		  (unsigned long long)m->size, check_module_access(m, n));
}

/* The modules ckboot-install was given (--module), in their order,
   each where the boot info says, its CRC-32 printed for
   tests/boot-modules.sh to compare with the file.  No two overlap, and
   the MODULE regions of the memory map hold them and nothing else.  */
void tk_check_modules(const struct ckboot_info *bi)
{
	const struct ckboot_module *m = (const void *)bi->modules;
	const struct ckboot_memory_region *r = tk_regions();
	uint64_t n = bi->module_count, i, typed = 0, frames = 0;

	if (!(bi->flags & CKBOOT_INFO_MODULES)) {
		CHECK(!bi->modules && !n,
		      "no CKBOOT_INFO_MODULES, but %llu modules at 0x%llx",
		      (unsigned long long)n, (unsigned long long)bi->modules);
		tk_printf("fact: modules=none\n");
		return;
	}
	CHECK(n > 0 && n <= 32, "%llu modules", (unsigned long long)n);
	CHECK(bi->modules >= (uint64_t)bi + bi->size &&
		  bi->modules + n * sizeof *m <= bi->memory_map,
	      "modules at 0x%llx, not between the boot info and its memory "
	      "map at 0x%llx",
	      (unsigned long long)bi->modules,
	      (unsigned long long)bi->memory_map);
	tk_fact_u("modules", n);
	tk_fact("modules-address", m[0].address);
	for (i = 0; i < n; i++) {
		if (i)
			CHECK(m[i].address >=
				  m[i - 1].address + module_pages(&m[i - 1]) +
				      TK_PAGE,
			      "module %llu at 0x%llx runs into module %llu",
			      (unsigned long long)i,
			      (unsigned long long)m[i - 1].address,
			      (unsigned long long)i + 1);
		check_module(bi, &m[i], i + 1, bi->modules + n * sizeof *m);
		frames += module_pages(&m[i]);
	}
	for (i = 0; i < bi->memory_map_count; i++)
		if (r[i].type == CKBOOT_MEMORY_MODULE)
			typed += r[i].end - r[i].start;
	CHECK(typed == frames,
	      "memory map: %llu KiB typed module, the modules have %llu KiB",
	      (unsigned long long)typed / 1024,
	      (unsigned long long)frames / 1024);
}
