/* Unit tests for stage/bootinfo.c: the boot info a kernel receives,
   read back through the kernel's own page tables, and the promise that
   every frame the loader used is typed in the memory map it carries.  */

#include <string.h>

#include "boot.h"
#include "elf64.h"
#include "elfimg.h"
#include "unit.h"

#define HIGH 0xffffffff80000000ULL
#define ADDR 0x000ffffffffff000ULL
#define SLOT_BYTES (1ULL << 39)

static unsigned char file[0x5000];
static struct ckboot_loader_header hdr;

static struct boot_state *boot_line(uint64_t features, const char *line);

static struct boot_state *boot(uint64_t features)
{
	return boot_line(features, NULL);
}

/* As kernel.c leaves it, with LINE, if not null, as the command line
   (cmdline.c).  */
static struct boot_state *boot_read(uint64_t features, const char *line)
{
	const struct seg_spec seg[] = {
	    {PT_LOAD, PF_R | PF_X, HIGH, 0x1000, 0x2000, 0x2000},
	    {PT_LOAD, PF_R | PF_W, HIGH + 0x2000, 0x3000, 0x1000, 0x6000},
	    {PT_TLS, PF_R, HIGH + 0x2100, 0x3100, 0x10, 0x30},
	};
	struct boot_state *bs;

	memset(&hdr, 0, sizeof hdr);
	hdr.config.version = CKBOOT_CONFIG_VERSION;
	hdr.config.features = features;
	elfimg_build(file, sizeof file, HIGH, seg, 3);
	bs = elfimg_boot_state(file, sizeof file, 64, 1, 0);
	bs->hdr = &hdr;
	if (line) {
		bs->cmdline = (uintptr_t)line;
		bs->cmdline_size = strlen(line);
	}
	return bs;
}

static struct boot_state *boot_line(uint64_t features, const char *line)
{
	struct boot_state *bs = boot_read(features, line);

	kernel_load(bs);
	paging_build(bs);
	return bs;
}

/* Copy LEN bytes at kernel virtual address VIRT to BUF.  */
static int read_virt(struct paging *pg, uint64_t virt, void *buf, uint64_t len)
{
	unsigned char *p = buf;
	int c;

	while (len--) {
		c = elfimg_byte(pg, virt++);
		if (c < 0)
			return -1;
		*p++ = c;
	}
	return 0;
}

static int all_of_type(const struct memmap *m, uint64_t phys, uint64_t len,
		       uint32_t type)
{
	uint64_t a;

	for (a = phys; a < phys + len; a += PAGE_SIZE)
		if (elfimg_type(m, a) != type)
			return 0;
	return 1;
}

/* Every table reachable from the level-4 table (the recursive entry
   excepted) is a PAGE_TABLE frame.  */
static int tables_typed(const struct memmap *m, uint64_t table, int level,
			uint32_t skip)
{
	uint64_t *t = (uint64_t *)(uintptr_t)table;
	int i;

	if (elfimg_type(m, table) != CKBOOT_MEMORY_PAGE_TABLE)
		return 0;
	if (level == 1)
		return 1;
	for (i = 0; i < 512; i++) {
		if (!(t[i] & PTE_P) || (t[i] & PTE_PS) ||
		    (level == 4 && (uint32_t)i == skip))
			continue;
		if (!tables_typed(m, t[i] & ADDR, level - 1, skip))
			return 0;
	}
	return 1;
}

static void test_fields(void)
{
	static struct ckboot_memory_region map[MEMMAP_MAX];
	struct ckboot_info info;
	struct boot_state *bs;
	char name[16];
	uint32_t i;

	unit_case("boot info: header, stack, kernel, map through the kernel's"
		  " mapping");
	bs = boot(0);
	bs->rsdp = 0xf5a10;
	bs->smbios64 = 0xf5a30;
	bootinfo_fill(bs);
	CHECK_EQ(read_virt(&bs->pg, bs->bootinfo_virt, &info, sizeof info), 0);
	CHECK_EQ(info.magic, CKBOOT_INFO_MAGIC);
	CHECK_EQ(info.version, CKBOOT_PROTOCOL_VERSION);
	CHECK_EQ(info.size, sizeof info);
	CHECK_EQ(info.flags,
		 CKBOOT_INFO_RSDP | CKBOOT_INFO_TLS | CKBOOT_INFO_SMBIOS);
	CHECK_EQ(info.smbios_entry_32, 0);
	CHECK_EQ(info.smbios_entry_64, 0xf5a30);
	CHECK_EQ(info.kernel_stack_top, bs->stack_top);
	CHECK_EQ(info.kernel_stack_size, CKBOOT_DEFAULT_STACK_PAGES * 4096);
	CHECK_EQ(info.kernel_image_address, bs->kernel_image);
	CHECK_EQ(info.kernel_image_size, sizeof file);
	CHECK_EQ(info.kernel_virtual_start, HIGH);
	CHECK_EQ(info.kernel_virtual_end, HIGH + 0x8000);
	CHECK_EQ(info.tls_template, HIGH + 0x2100);
	CHECK_EQ(info.tls_file_size, 0x10);
	CHECK_EQ(info.tls_memory_size, 0x30);
	CHECK_EQ(info.rsdp_address, 0xf5a10);
	CHECK_EQ(info.boot_drive, 0x80);
	CHECK_EQ(info.physical_memory_offset, 0);
	CHECK_EQ(info.recursive_page_table_addr, 0);
	CHECK_EQ(info.framebuffer.type, CKBOOT_FRAMEBUFFER_NONE);
	CHECK_EQ(read_virt(&bs->pg, info.loader_name, name, 7), 0);
	CHECK(memcmp(name, "ckboot", 7) == 0 ||
	      memcmp(name, "ckboot ", 7) == 0);

	CHECK_EQ(info.memory_map_count, bs->map.count);
	CHECK_EQ(read_virt(&bs->pg, info.memory_map, map,
			   info.memory_map_count * sizeof map[0]),
		 0);
	CHECK(memcmp(map, bs->map.r, bs->map.count * sizeof map[0]) == 0);

	unit_case("boot info: the map is sorted, aligned and disjoint");
	for (i = 0; i < info.memory_map_count; i++) {
		CHECK_EQ((map[i].start | map[i].end) & 0xfff, 0);
		CHECK(map[i].start < map[i].end);
		if (i)
			CHECK(map[i - 1].end <= map[i].start);
	}

	unit_case("boot info: every frame the loader used is typed");
	for (i = 0; i < 8; i++)
		CHECK_EQ(elfimg_type(&bs->map,
				     paging_lookup(&bs->pg, HIGH + i * 4096)),
			 CKBOOT_MEMORY_KERNEL);
	CHECK(all_of_type(&bs->map, bs->kernel_image, sizeof file,
			  CKBOOT_MEMORY_KERNEL));
	CHECK(all_of_type(&bs->map, paging_lookup(&bs->pg, bs->stack_bottom),
			  bs->stack_top - bs->stack_bottom,
			  CKBOOT_MEMORY_KERNEL_STACK));
	CHECK(all_of_type(&bs->map, bs->bootinfo_phys, bootinfo_size(bs, 1),
			  CKBOOT_MEMORY_BOOT_INFO));
	CHECK(tables_typed(&bs->map, bs->pg.pml4, 4, 512));
}

static void test_features(void)
{
	struct ckboot_info info;
	struct boot_state *bs;

	unit_case("boot info: features and framebuffer set their flags");
	bs = boot(CKBOOT_MAP_PHYSICAL_MEMORY | CKBOOT_RECURSIVE_PAGE_TABLE);
	bs->fb.address = 0xa0000;
	bs->fb.width = 320;
	bs->fb.height = 200;
	bs->fb.pitch = 320;
	bs->fb.bpp = 8;
	bs->fb.type = CKBOOT_FRAMEBUFFER_INDEXED;
	bs->fb_rgb = (struct ckboot_framebuffer_rgb){8, 16, 8, 8, 8, 0};
	bootinfo_fill(bs);
	memcpy(&info, (void *)(uintptr_t)bs->bootinfo_phys, sizeof info);
	CHECK_EQ(info.flags, CKBOOT_INFO_PHYSICAL_MEMORY |
				 CKBOOT_INFO_RECURSIVE_PAGE_TABLE |
				 CKBOOT_INFO_FRAMEBUFFER | CKBOOT_INFO_TLS);
	CHECK_EQ(info.physical_memory_offset, 0xffff800000000000ULL);
	CHECK_EQ(info.recursive_index, 510);
	CHECK_EQ(info.recursive_page_table_addr, 0xffffff7fbfdfe000ULL);
	CHECK_EQ(paging_lookup(&bs->pg, info.recursive_page_table_addr),
		 bs->pg.pml4);
	CHECK_EQ(info.framebuffer.address, 0xa0000);
	CHECK_EQ(info.framebuffer.pitch, 320);
	CHECK_EQ(info.framebuffer.type, CKBOOT_FRAMEBUFFER_INDEXED);
	/* An indexed mode has no colour fields.  */
	CHECK_EQ(info.framebuffer_rgb.red_size, 0);
	CHECK_EQ(info.framebuffer_rgb.red_shift, 0);
	CHECK(tables_typed(&bs->map, bs->pg.pml4, 4, 510));
	/* The map seen through the physical-memory window is the same.  */
	CHECK_EQ(paging_lookup(&bs->pg,
			       info.physical_memory_offset + bs->bootinfo_phys),
		 bs->bootinfo_phys);
}

static void test_rgb(void)
{
	struct ckboot_info info;
	struct boot_state *bs;

	unit_case("boot info: an RGB framebuffer and its colour fields");
	bs = boot(0);
	bs->fb = (struct ckboot_framebuffer){0xfd000000ULL, 800, 600, 1600, 16,
					     CKBOOT_FRAMEBUFFER_RGB, 0};
	bs->fb_rgb = (struct ckboot_framebuffer_rgb){5, 11, 6, 5, 5, 0};
	bootinfo_fill(bs);
	memcpy(&info, (void *)(uintptr_t)bs->bootinfo_phys, sizeof info);
	CHECK(info.flags & CKBOOT_INFO_FRAMEBUFFER);
	CHECK_EQ(info.framebuffer.address, 0xfd000000ULL);
	CHECK_EQ(info.framebuffer.bpp, 16);
	CHECK_EQ(info.framebuffer.type, CKBOOT_FRAMEBUFFER_RGB);
	CHECK_EQ(info.framebuffer_rgb.red_size, 5);
	CHECK_EQ(info.framebuffer_rgb.red_shift, 11);
	CHECK_EQ(info.framebuffer_rgb.green_size, 6);
	CHECK_EQ(info.framebuffer_rgb.green_shift, 5);
	CHECK_EQ(info.framebuffer_rgb.blue_size, 5);
	CHECK_EQ(info.framebuffer_rgb.blue_shift, 0);
}

static void test_cmdline(void)
{
	static char line[CKBOOT_CMDLINE_MAX];
	struct ckboot_info info;
	struct boot_state *bs;
	char seen[CKBOOT_CMDLINE_MAX];
	uint64_t map_end;

	unit_case("boot info: the command line, before the memory map");
	memset(line, 'a', sizeof line - 1);
	line[sizeof line - 1] = 0;
	line[5] = ' ';
	bs = boot_line(0, line);
	bootinfo_fill(bs);
	memcpy(&info, (void *)(uintptr_t)bs->bootinfo_phys, sizeof info);
	CHECK(info.flags & CKBOOT_INFO_CMDLINE);
	CHECK_EQ(info.cmdline, bs->bootinfo_virt + 352);
	CHECK(read_virt(&bs->pg, info.cmdline, seen, sizeof seen) == 0);
	CHECK(memcmp(seen, line, sizeof seen) == 0);
	CHECK_EQ(info.memory_map, info.cmdline + CKBOOT_CMDLINE_MAX);
	CHECK_EQ(info.memory_map % 8, 0);
	map_end = info.memory_map - bs->bootinfo_virt +
		  info.memory_map_count * sizeof(struct ckboot_memory_region);
	CHECK(map_end <= bootinfo_size(bs, bs->map.count));
	CHECK(all_of_type(&bs->map, bs->bootinfo_phys, map_end,
			  CKBOOT_MEMORY_BOOT_INFO));

	unit_case("boot info: no command line, no flag");
	bs = boot(0);
	bootinfo_fill(bs);
	memcpy(&info, (void *)(uintptr_t)bs->bootinfo_phys, sizeof info);
	CHECK(!(info.flags & CKBOOT_INFO_CMDLINE));
	CHECK_EQ(info.cmdline, 0);
	CHECK_EQ(info.memory_map, bs->bootinfo_virt + 352);
}

/* As module.c leaves them: SIZES[i] bytes of frames typed MODULE,
   filled with i + 1, their strings NAMES[i].  */
static struct boot_state *boot_modules(const char *line,
				       const uint64_t *sizes,
				       const char *const *names, uint32_t n)
{
	struct boot_state *bs;
	struct boot_module *m;
	uint32_t i;

	bs = boot_read(0, line);
	for (i = 0; i < n; i++) {
		m = &bs->modules[i];
		m->size = sizes[i];
		m->pages = ALIGN_UP(sizes[i] ? sizes[i] : 1, PAGE_SIZE);
		m->phys = memmap_alloc(&bs->map, m->pages, PAGE_SIZE,
				       LOADER_ADDRESSABLE, CKBOOT_MEMORY_MODULE);
		memset((void *)(uintptr_t)m->phys, i + 1, m->size);
		memset((void *)(uintptr_t)(m->phys + m->size), 0,
		       m->pages - m->size);
		m->string = names[i];
		m->string_size = strlen(names[i]);
	}
	bs->module_count = n;
	kernel_load(bs);
	paging_build(bs);
	bootinfo_fill(bs);
	return bs;
}

static void test_modules(void)
{
	static const uint64_t sizes[] = {1, 0, 0x3001};
	static const char *const names[] = {"one", "", "initrd.img root=/"};
	struct ckboot_module mod[3];
	struct ckboot_info info;
	struct boot_state *bs;
	char seen[32];
	uint32_t i;
	int c;

	unit_case("boot info: modules, mapped in order, strings before the "
		  "map");
	bs = boot_modules("quiet", sizes, names, 3);
	CHECK_EQ(read_virt(&bs->pg, bs->bootinfo_virt, &info, sizeof info), 0);
	CHECK(info.flags & CKBOOT_INFO_MODULES);
	CHECK_EQ(info.module_count, 3);
	CHECK_EQ(info.modules, bs->bootinfo_virt + 352 + 8);
	CHECK_EQ(read_virt(&bs->pg, info.modules, mod, sizeof mod), 0);
	CHECK_EQ(mod[0].address % SLOT_BYTES, 0);
	CHECK(mod[0].address >= 0xffff800000000000ULL);
	CHECK_EQ(mod[1].address, mod[0].address + 2 * PAGE_SIZE);
	CHECK_EQ(mod[2].address, mod[1].address + 2 * PAGE_SIZE);
	CHECK(info.memory_map >= mod[2].string + strlen(names[2]) + 1);
	CHECK_EQ(info.memory_map % 8, 0);
	for (i = 0; i < 3; i++) {
		CHECK_EQ(mod[i].size, sizes[i]);
		CHECK(all_of_type(&bs->map, mod[i].physical,
				  ALIGN_UP(sizes[i] ? sizes[i] : 1, PAGE_SIZE),
				  CKBOOT_MEMORY_MODULE));
		CHECK_EQ(read_virt(&bs->pg, mod[i].string, seen,
				   strlen(names[i]) + 1),
			 0);
		CHECK(strcmp(seen, names[i]) == 0);
		CHECK(mod[i].string > info.modules &&
		      mod[i].string < info.memory_map);
		c = elfimg_byte(&bs->pg,
				mod[i].address + (sizes[i] ? sizes[i] - 1 : 0));
		CHECK_EQ(c, sizes[i] ? (int)i + 1 : 0);
		/* The rest of the last page is zero; the page after is
		   not mapped.  */
		CHECK_EQ(elfimg_byte(&bs->pg, mod[i].address + sizes[i]), 0);
		CHECK_EQ(elfimg_byte(&bs->pg,
				     mod[i].address +
					 ALIGN_UP(sizes[i] ? sizes[i] : 1,
						  PAGE_SIZE)),
			 -1);
	}
	CHECK_EQ(paging_lookup(&bs->pg, mod[2].address + 0x3000),
		 mod[2].physical + 0x3000);
	CHECK(all_of_type(&bs->map, bs->bootinfo_phys,
			  info.memory_map - bs->bootinfo_virt,
			  CKBOOT_MEMORY_BOOT_INFO));

	unit_case("boot info: no modules, no flag");
	bs = boot(0);
	bootinfo_fill(bs);
	memcpy(&info, (void *)(uintptr_t)bs->bootinfo_phys, sizeof info);
	CHECK(!(info.flags & CKBOOT_INFO_MODULES));
	CHECK_EQ(info.modules, 0);
	CHECK_EQ(info.module_count, 0);
}

static void test_map_growth(void)
{
	struct boot_state *bs;

	unit_case("boot info: a map that outgrew its room panics");
	bs = boot(0);
	bs->map.count = MEMMAP_MAX;
	EXPECT_PANIC("does not fit in the boot info", bootinfo_fill(bs));
}

int main(void)
{
	test_fields();
	test_features();
	test_rgb();
	test_cmdline();
	test_modules();
	test_map_growth();
	return unit_status();
}
