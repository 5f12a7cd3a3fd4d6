/* Unit tests for stage/place.c (paging_build): where the stack, boot
   info, physical map and recursive entry go when chosen, that chosen
   places are the same every time, that configured places are used as
   given, and that every collision stops with the setting's name.  */

#include <string.h>

#include "boot.h"
#include "elf64.h"
#include "elfimg.h"
#include "unit.h"

#define MIB	0x100000ULL
#define GIB	0x40000000ULL
#define HIGH	0xffffffff80000000ULL
#define SLOT(n) (0xffff000000000000ULL | (uint64_t)(n) << 39)

static unsigned char file[0x5000];
static struct ckboot_loader_header hdr;

static struct boot_state *boot(uint64_t base, int gb)
{
	const struct seg_spec seg[] = {
	    {PT_LOAD, PF_R | PF_X, base, 0x1000, 0x2000, 0x2000},
	    {PT_LOAD, PF_R | PF_W, base + 0x2000, 0x3000, 0x1000, 0x6000},
	};
	struct boot_state *bs;

	elfimg_build(file, sizeof file, base, seg, 2);
	bs = elfimg_boot_state(file, sizeof file, 64, 1, gb);
	bs->hdr = &hdr;
	kernel_load(bs);
	return bs;
}

static void config(uint64_t features)
{
	memset(&hdr, 0, sizeof hdr);
	hdr.config.version = CKBOOT_CONFIG_VERSION;
	hdr.config.size = sizeof hdr.config;
	hdr.config.features = features;
}

static void check_stack(struct boot_state *bs, uint64_t bottom, uint64_t pages)
{
	uint64_t v, phys;

	CHECK_EQ(bs->stack_bottom, bottom);
	CHECK_EQ(bs->stack_top, bottom + pages * PAGE_SIZE);
	CHECK_EQ(paging_lookup(&bs->pg, bottom - PAGE_SIZE), ~0ULL);
	CHECK_EQ(paging_lookup(&bs->pg, bs->stack_top), ~0ULL);
	for (v = bottom; v < bs->stack_top; v += PAGE_SIZE) {
		phys = paging_lookup(&bs->pg, v);
		if (elfimg_type(&bs->map, phys) != CKBOOT_MEMORY_KERNEL_STACK ||
		    elfimg_byte(&bs->pg, v + 8) != 0 ||
		    !(elfimg_pte(&bs->pg, v) & PTE_W) ||
		    !(elfimg_pte(&bs->pg, v) & PTE_NX)) {
			unit_fail(__FILE__, __LINE__, "stack page 0x%llx bad",
				  (unsigned long long)v);
			break;
		}
	}
}

static void test_defaults(void)
{
	struct boot_state *bs;
	uint64_t e;

	unit_case("place: no settings: stack and boot info in slot 256");
	config(0);
	bs = boot(HIGH, 0);
	paging_build(bs);
	check_stack(bs, SLOT(256) + PAGE_SIZE, CKBOOT_DEFAULT_STACK_PAGES);
	CHECK_EQ(bs->bootinfo_virt, SLOT(256) + 2 * MIB + 2 * PAGE_SIZE);
	CHECK_EQ(paging_lookup(&bs->pg, bs->bootinfo_virt), bs->bootinfo_phys);
	CHECK_EQ(elfimg_type(&bs->map, bs->bootinfo_phys),
		 CKBOOT_MEMORY_BOOT_INFO);
	CHECK_EQ(bs->physmap_offset, 0);
	CHECK_EQ(bs->recursive_index, 0);

	unit_case("place: low memory identity-mapped, page 0 not");
	CHECK_EQ(paging_lookup(&bs->pg, 0), ~0ULL);
	CHECK_EQ(paging_lookup(&bs->pg, 0xfff), ~0ULL);
	CHECK_EQ(paging_lookup(&bs->pg, 0x1000), 0x1000);
	CHECK_EQ(paging_lookup(&bs->pg, 0xb8000), 0xb8000);
	CHECK_EQ(paging_lookup(&bs->pg, 0xfffff), 0xfffff);
	CHECK_EQ(paging_lookup(&bs->pg, 0x100000), ~0ULL);
	e = elfimg_pte(&bs->pg, 0xa0000);
	CHECK((e & PTE_W) && (e & PTE_NX));
	e = elfimg_pte(&bs->pg, 0x8000);
	CHECK((e & PTE_W) && (e & PTE_NX));
	/* host.c puts the longmode.S page at 0x9000.  */
	e = elfimg_pte(&bs->pg, 0x9000);
	CHECK(!(e & PTE_W) && !(e & PTE_NX));
}

static void test_features(int gb)
{
	struct boot_state *bs;
	uint64_t *l4, e;

	config(CKBOOT_MAP_PHYSICAL_MEMORY | CKBOOT_RECURSIVE_PAGE_TABLE);
	bs = boot(HIGH, gb);
	paging_build(bs);
	CHECK_EQ(bs->physmap_offset, SLOT(256));
	CHECK_EQ(paging_lookup(&bs->pg, SLOT(256) + 0x400), 0x400);
	CHECK_EQ(paging_lookup(&bs->pg, SLOT(256) + bs->bootinfo_phys),
		 bs->bootinfo_phys);
	CHECK_EQ(paging_lookup(&bs->pg, SLOT(256) + 4 * GIB - 1), 4 * GIB - 1);
	CHECK_EQ(paging_lookup(&bs->pg, SLOT(256) + 4 * GIB), ~0ULL);
	e = elfimg_pte(&bs->pg, SLOT(256) + 3 * GIB);
	CHECK((e & PTE_PS) && (e & PTE_W) && (e & PTE_NX));
	/* The APIC's GiB is made of 2 MiB pages even with 1 GiB pages.  */
	CHECK_EQ(e & 0x000ffffffffff000ULL, 3 * GIB);
	CHECK_EQ(elfimg_pte(&bs->pg, SLOT(256) + 3 * GIB + 0x200000) &
		     0x000ffffffffff000ULL,
		 3 * GIB + 0x200000);
	/* 4 KiB pages over the 2 MiB of the local APIC only.  */
	e = elfimg_pte(&bs->pg, SLOT(256) + 0xfee00000);
	CHECK((e & PTE_P) && !(e & PTE_PS) && (e & PTE_NX));
	CHECK_EQ(paging_lookup(&bs->pg, SLOT(256) + 0xfee00030), 0xfee00030);
	CHECK_EQ(paging_lookup(&bs->pg, SLOT(256) + 0xfefff000), 0xfefff000);
	CHECK(elfimg_pte(&bs->pg, SLOT(256) + 0xfec00000) & PTE_PS);
	CHECK(elfimg_pte(&bs->pg, SLOT(256) + 0xff000000) & PTE_PS);
	/* 1 GiB pages where nothing prevents them.  */
	e = elfimg_pte(&bs->pg, SLOT(256) + 2 * GIB + 0x200000);
	CHECK(e & PTE_PS);
	CHECK_EQ(e & 0x000ffffffffff000ULL, gb ? 2 * GIB : 2 * GIB + 0x200000);
	check_stack(bs, SLOT(257) + PAGE_SIZE, CKBOOT_DEFAULT_STACK_PAGES);
	CHECK_EQ(bs->recursive_index, 510);
	l4 = (uint64_t *)(uintptr_t)bs->pg.pml4;
	CHECK_EQ(l4[510] & 0x000ffffffffff000ULL, bs->pg.pml4);
}

static void test_determinism(void)
{
	uint64_t first[6] = {0};
	struct boot_state *bs;
	int round;

	unit_case("place: the same kernel and settings, the same layout");
	for (round = 0; round < 2; round++) {
		config(CKBOOT_MAP_PHYSICAL_MEMORY |
		       CKBOOT_RECURSIVE_PAGE_TABLE);
		hdr.config.kernel_stack_size = 16;
		bs = boot(0x200000, 0);
		paging_build(bs);
		if (!round) {
			first[0] = bs->stack_bottom;
			first[1] = bs->bootinfo_virt;
			first[2] = bs->physmap_offset;
			first[3] = bs->recursive_index;
			first[4] = bs->bootinfo_phys;
			first[5] = paging_lookup(&bs->pg, bs->stack_bottom);
		} else {
			CHECK_EQ(bs->stack_bottom, first[0]);
			CHECK_EQ(bs->bootinfo_virt, first[1]);
			CHECK_EQ(bs->physmap_offset, first[2]);
			CHECK_EQ(bs->recursive_index, first[3]);
			CHECK_EQ(bs->bootinfo_phys, first[4]);
			CHECK_EQ(paging_lookup(&bs->pg, bs->stack_bottom),
				 first[5]);
		}
	}
	/* A low-linked kernel leaves slot 511 free, the choice stays 510.  */
	CHECK_EQ(first[3], 510);
	CHECK_EQ(first[0], SLOT(257) + PAGE_SIZE);
}

static void test_kernel_in_slot_256(void)
{
	struct boot_state *bs;

	unit_case("place: chosen slots skip the kernel's");
	config(CKBOOT_MAP_PHYSICAL_MEMORY | CKBOOT_RECURSIVE_PAGE_TABLE);
	bs = boot(SLOT(256) + 2 * MIB, 0);
	paging_build(bs);
	CHECK_EQ(bs->physmap_offset, SLOT(257));
	check_stack(bs, SLOT(258) + PAGE_SIZE, CKBOOT_DEFAULT_STACK_PAGES);
	config(CKBOOT_RECURSIVE_PAGE_TABLE);
	bs = boot(SLOT(510) + 2 * MIB, 0);
	paging_build(bs);
	CHECK_EQ(bs->recursive_index, 509);
}

static void test_configured(void)
{
	struct boot_state *bs;

	unit_case("place: configured addresses are used as given");
	config(CKBOOT_MAP_PHYSICAL_MEMORY | CKBOOT_RECURSIVE_PAGE_TABLE);
	hdr.config.kernel_stack_address = 0xffffc00000000000ULL;
	hdr.config.kernel_stack_size = 16;
	hdr.config.boot_info_address = 0xffffd00000000000ULL;
	hdr.config.physical_memory_offset = 0xffff900000000000ULL;
	hdr.config.recursive_index = 300;
	bs = boot(HIGH, 1);
	paging_build(bs);
	check_stack(bs, 0xffffc00000000000ULL, 16);
	CHECK_EQ(bs->bootinfo_virt, 0xffffd00000000000ULL);
	CHECK_EQ(paging_lookup(&bs->pg, 0xffffd00000000000ULL),
		 bs->bootinfo_phys);
	CHECK_EQ(bs->physmap_offset, 0xffff900000000000ULL);
	CHECK_EQ(paging_lookup(&bs->pg, 0xffff900000000000ULL + 0x7c00),
		 0x7c00);
	CHECK_EQ(bs->recursive_index, 300);

	unit_case("place: a stack right above the kernel (guard in between)");
	config(0);
	hdr.config.kernel_stack_address = HIGH + 0x9000;
	bs = boot(HIGH, 0);
	paging_build(bs);
	check_stack(bs, HIGH + 0x9000, CKBOOT_DEFAULT_STACK_PAGES);
	/* Only the stack was set: the boot info still gets slot 256.  */
	CHECK_EQ(bs->bootinfo_virt, SLOT(256));

	unit_case("place: the offset is ignored without the feature");
	config(0);
	hdr.config.physical_memory_offset = HIGH;
	hdr.config.recursive_index = 511;
	bs = boot(HIGH, 0);
	paging_build(bs);
	CHECK_EQ(bs->physmap_offset, 0);
	CHECK_EQ(bs->recursive_index, 0);
}

static void expect_refused(const char *needle)
{
	struct boot_state *bs = boot(HIGH, 0);

	EXPECT_PANIC(needle, paging_build(bs));
}

static void test_collisions(void)
{
	unit_case("place: collisions are refused, naming the setting");
	config(0);
	hdr.config.kernel_stack_address = HIGH + 0x4000;
	expect_refused("kernel-stack-address 0xffffffff80004000 collides "
		       "with the kernel");
	/* The guard page would be the kernel's last page.  */
	hdr.config.kernel_stack_address = HIGH + 0x8000;
	expect_refused("kernel-stack-address 0xffffffff80008000 collides "
		       "with the kernel");
	hdr.config.kernel_stack_address = 0x80000;
	expect_refused("collides with the loader's low memory");
	hdr.config.kernel_stack_address = 0xffff800000000800ULL;
	expect_refused("kernel-stack-address 0xffff800000000800 is not 4 KiB "
		       "aligned");
	hdr.config.kernel_stack_address = 0x0000900000000000ULL;
	expect_refused("kernel-stack-address 0x900000000000: 0x");
	hdr.config.kernel_stack_address = 0x00007ffffff00000ULL;
	expect_refused("are not canonical addresses");

	config(0);
	hdr.config.kernel_stack_address = 0xffffc00000000000ULL;
	hdr.config.boot_info_address = 0xffffc00000100000ULL;
	expect_refused("boot-info-address 0xffffc00000100000 collides with "
		       "kernel-stack-address");
	hdr.config.boot_info_address = HIGH + 0x7000;
	expect_refused("boot-info-address 0xffffffff80007000 collides with "
		       "the kernel");

	config(CKBOOT_MAP_PHYSICAL_MEMORY);
	hdr.config.physical_memory_offset = 0xffff800000100000ULL;
	expect_refused("physical-memory-offset 0xffff800000100000 is not "
		       "2 MiB aligned");
	hdr.config.physical_memory_offset = 0xffffffff00000000ULL;
	expect_refused("physical-memory-offset 0xffffffff00000000 collides "
		       "with the kernel");
	hdr.config.physical_memory_offset = 0xffffffffc0000000ULL;
	expect_refused("physical-memory-offset 0xffffffffc0000000: 0x");
	hdr.config.physical_memory_offset = SLOT(256);
	hdr.config.boot_info_address = SLOT(256) + GIB;
	expect_refused("physical-memory-offset 0xffff800000000000 collides "
		       "with boot-info-address");

	config(CKBOOT_RECURSIVE_PAGE_TABLE);
	hdr.config.recursive_index = 511;
	expect_refused("recursive-index 511: level-4 slot 0xffffff8000000000 "
		       "collides with the kernel");
	hdr.config.recursive_index = 256;
	hdr.config.boot_info_address = SLOT(256) + 0x5000;
	expect_refused("recursive-index 256: level-4 slot 0xffff800000000000 "
		       "collides with boot-info-address");
	hdr.config.recursive_index = 512;
	expect_refused("recursive-index 512 is not a level-4 slot");

	unit_case("place: bad sizes and versions");
	config(0);
	hdr.config.kernel_stack_size = 1ULL << 20;
	expect_refused("kernel-stack-size 1048576 pages is too large");
	hdr.config.kernel_stack_size = 1ULL << 19; /* 2 GiB: no memory */
	expect_refused("out of memory: need 2097152 KiB for the kernel stack");
	config(0);
	hdr.config.version = 2;
	expect_refused("boot settings of version 2");
}

/* A linear framebuffer is identity-mapped, writable and no-execute,
   exactly its whole pages; where it lands on the kernel or a configured
   item, the boot stops naming both.  */
static void test_framebuffer(void)
{
	const uint64_t fb = 0xfd000000ULL, size = 768 * 4096ULL;
	struct boot_state *bs;
	uint64_t e;

	unit_case("place: the framebuffer is identity-mapped");
	config(0);
	bs = boot(HIGH, 0);
	bs->fb = (struct ckboot_framebuffer){fb, 1024, 768, 4096, 32,
					     CKBOOT_FRAMEBUFFER_RGB, 0};
	paging_build(bs);
	CHECK_EQ(paging_lookup(&bs->pg, fb), fb);
	CHECK_EQ(paging_lookup(&bs->pg, fb + size - 1), fb + size - 1);
	CHECK_EQ(paging_lookup(&bs->pg, fb + size), ~0ULL);
	CHECK_EQ(paging_lookup(&bs->pg, fb - 1), ~0ULL);
	e = elfimg_pte(&bs->pg, fb + size - PAGE_SIZE);
	CHECK((e & PTE_W) && (e & PTE_NX));

	unit_case("place: a partial last line still gets its page");
	config(0);
	bs = boot(HIGH, 0);
	bs->fb = (struct ckboot_framebuffer){fb, 800, 600, 2400, 24,
					     CKBOOT_FRAMEBUFFER_RGB, 0};
	paging_build(bs);
	CHECK_EQ(paging_lookup(&bs->pg, fb + 600 * 2400 - 1),
		 fb + 600 * 2400 - 1);

	unit_case("place: a framebuffer where the kernel is linked");
	config(0);
	bs = boot(0x1000000, 0);
	bs->fb = (struct ckboot_framebuffer){0x1000000 + 0x3000, 640, 480,
					     2560, 32, CKBOOT_FRAMEBUFFER_RGB,
					     0};
	EXPECT_PANIC("the framebuffer 0x1003000 collides with the kernel",
		     paging_build(bs));

	unit_case("place: a configured stack on the framebuffer");
	config(0);
	hdr.config.kernel_stack_address = fb + 0x10000;
	bs = boot(HIGH, 0);
	bs->fb = (struct ckboot_framebuffer){fb, 1024, 768, 4096, 32,
					     CKBOOT_FRAMEBUFFER_RGB, 0};
	EXPECT_PANIC("kernel-stack-address 0xfd010000 collides with the "
		     "framebuffer",
		     paging_build(bs));
}

int main(void)
{
	test_defaults();
	unit_case("place: physical map (2 MiB pages) and recursive entry");
	test_features(0);
	unit_case("place: physical map (1 GiB pages) and recursive entry");
	test_features(1);
	test_determinism();
	test_kernel_in_slot_256();
	test_configured();
	test_collisions();
	test_framebuffer();
	return unit_status();
}
