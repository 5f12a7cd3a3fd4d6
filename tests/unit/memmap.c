/* Unit tests for stage/memmap.c: normalizing firmware maps and
   allocating frames from them.  */

#include <string.h>

#include "boot.h"
#include "unit.h"

#define KIB 0x400ULL
#define MIB 0x100000ULL
#define GIB 0x40000000ULL

static struct memmap m;

static void reset(void)
{
	memset(&m, 0, sizeof m);
}

static void check_region(uint32_t i, uint64_t start, uint64_t end,
			 uint32_t type)
{
	if (i >= m.count) {
		unit_fail(__FILE__, __LINE__, "region %u missing (count %u)", i,
			  m.count);
		return;
	}
	if (m.r[i].start != start || m.r[i].end != end || m.r[i].type != type)
		unit_fail(__FILE__, __LINE__,
			  "region %u is [0x%llx, 0x%llx) type %u, expected "
			  "[0x%llx, 0x%llx) type %u",
			  i, (unsigned long long)m.r[i].start,
			  (unsigned long long)m.r[i].end, m.r[i].type,
			  (unsigned long long)start, (unsigned long long)end,
			  type);
}

/* A QEMU-like map: EBDA overlapping low usable memory, unaligned ends,
   the BIOS area, RAM above 1 MiB, out of order.  */
static void test_pc_map(void)
{
	unit_case("pc map: unaligned, overlapping, unsorted");
	reset();
	memmap_add(&m, 0x100000, 0x7fe0000, CKBOOT_MEMORY_USABLE, 1);
	memmap_add(&m, 0, 0x9fc00, CKBOOT_MEMORY_USABLE, 1);
	memmap_add(&m, 0x9fc00, 0xa0000, CKBOOT_MEMORY_RESERVED, 1);
	memmap_add(&m, 0xf0000, 0x100000, CKBOOT_MEMORY_RESERVED, 1);
	memmap_add(&m, 0x7fe0000, 0x8000000, CKBOOT_MEMORY_RESERVED, 1);
	memmap_add(&m, 0xfffc0000, 0x100000000, CKBOOT_MEMORY_RESERVED, 1);
	memmap_normalize(&m);
	CHECK_EQ(m.count, 6);
	check_region(0, 0, 0x9f000, CKBOOT_MEMORY_USABLE);
	check_region(1, 0x9f000, 0xa0000, CKBOOT_MEMORY_RESERVED);
	check_region(2, 0xf0000, 0x100000, CKBOOT_MEMORY_RESERVED);
	check_region(3, 0x100000, 0x7fe0000, CKBOOT_MEMORY_USABLE);
	/* The two reserved stretches are not adjacent: kept apart.  */
	check_region(4, 0x7fe0000, 0x8000000, CKBOOT_MEMORY_RESERVED);
	check_region(5, 0xfffc0000, 0x100000000, CKBOOT_MEMORY_RESERVED);
	CHECK_EQ(memmap_top(&m), 0x100000000);
}

static void test_priorities(void)
{
	unit_case("overlaps: the more restrictive type wins");
	reset();
	memmap_add(&m, 0, 16 * MIB, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 1 * MIB, 3 * MIB, CKBOOT_MEMORY_ACPI_RECLAIMABLE, 0);
	memmap_add(&m, 2 * MIB, 4 * MIB, CKBOOT_MEMORY_ACPI_NVS, 0);
	memmap_add(&m, 5 * MIB, 6 * MIB, CKBOOT_MEMORY_FIRMWARE_UNKNOWN, 12);
	memmap_add(&m, 5 * MIB + 0x800, 5 * MIB + 0x1800, CKBOOT_MEMORY_BAD, 0);
	memmap_add(&m, 7 * MIB, 8 * MIB, CKBOOT_MEMORY_KERNEL, 0);
	memmap_add(&m, 7 * MIB, 9 * MIB, CKBOOT_MEMORY_RESERVED, 0);
	memmap_normalize(&m);
	CHECK_EQ(m.count, 9);
	check_region(0, 0, 1 * MIB, CKBOOT_MEMORY_USABLE);
	check_region(1, 1 * MIB, 2 * MIB, CKBOOT_MEMORY_ACPI_RECLAIMABLE);
	check_region(2, 2 * MIB, 4 * MIB, CKBOOT_MEMORY_ACPI_NVS);
	check_region(3, 4 * MIB, 5 * MIB, CKBOOT_MEMORY_USABLE);
	/* Bad memory grows to the two pages it touches.  */
	check_region(4, 5 * MIB, 5 * MIB + 0x2000, CKBOOT_MEMORY_BAD);
	check_region(5, 5 * MIB + 0x2000, 6 * MIB,
		     CKBOOT_MEMORY_FIRMWARE_UNKNOWN);
	CHECK_EQ(m.r[5].attributes, 12); /* the raw firmware type */
	check_region(6, 6 * MIB, 7 * MIB, CKBOOT_MEMORY_USABLE);
	check_region(7, 7 * MIB, 9 * MIB, CKBOOT_MEMORY_RESERVED);
	check_region(8, 9 * MIB, 16 * MIB, CKBOOT_MEMORY_USABLE);
}

static void test_merge_and_drop(void)
{
	unit_case("adjacent equal regions merge, empty ones vanish");
	reset();
	memmap_add(&m, 2 * MIB, 3 * MIB, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 1 * MIB, 2 * MIB, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 1 * MIB + 5, 2 * MIB - 7, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 3 * MIB + 1, 3 * MIB + 0xfff, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 5 * MIB, 5 * MIB, CKBOOT_MEMORY_RESERVED, 0);
	memmap_add(&m, 6 * MIB, 4 * MIB, CKBOOT_MEMORY_RESERVED, 0);
	memmap_normalize(&m);
	CHECK_EQ(m.count, 1);
	check_region(0, 1 * MIB, 3 * MIB, CKBOOT_MEMORY_USABLE);

	unit_case("usable memory shrinks to whole pages, reserved grows");
	reset();
	memmap_add(&m, 0x100100, 0x200f00, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 0x300100, 0x300200, CKBOOT_MEMORY_ACPI_RECLAIMABLE, 0);
	memmap_add(&m, 0xfed00100, 0xfed00200, CKBOOT_MEMORY_RESERVED, 0);
	/* The last page of the address space has no exclusive end.  */
	memmap_add(&m, 0xfffffffffffff800ULL, ~0ULL, CKBOOT_MEMORY_RESERVED, 0);
	memmap_normalize(&m);
	CHECK_EQ(m.count, 3);
	check_region(0, 0x101000, 0x200000, CKBOOT_MEMORY_USABLE);
	check_region(1, 0x300000, 0x301000, CKBOOT_MEMORY_ACPI_RECLAIMABLE);
	check_region(2, 0xfed00000, 0xfed01000, CKBOOT_MEMORY_RESERVED);
}

static void test_alloc(void)
{
	uint64_t a, b, c;

	unit_case("alloc: lowest fit at or above 1 MiB, retyped");
	reset();
	memmap_add(&m, 0, 0x9f000, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 1 * MIB, 2 * MIB, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 2 * MIB, 3 * MIB, CKBOOT_MEMORY_RESERVED, 0);
	memmap_add(&m, 3 * MIB, 64 * MIB, CKBOOT_MEMORY_USABLE, 0);
	memmap_normalize(&m);
	a = memmap_alloc(&m, 0x3000, PAGE_SIZE, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_PAGE_TABLE);
	CHECK_EQ(a, 1 * MIB);
	b = memmap_alloc(&m, 0x1000, PAGE_SIZE, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_PAGE_TABLE);
	CHECK_EQ(b, 1 * MIB + 0x3000);
	/* Consecutive allocations of one type stay one region.  */
	check_region(0, 0, 0x9f000, CKBOOT_MEMORY_USABLE);
	check_region(1, 1 * MIB, 1 * MIB + 0x4000, CKBOOT_MEMORY_PAGE_TABLE);
	check_region(2, 1 * MIB + 0x4000, 2 * MIB, CKBOOT_MEMORY_USABLE);

	unit_case("alloc: alignment and size skip regions that cannot fit");
	c = memmap_alloc(&m, 2 * MIB, 2 * MIB, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_KERNEL);
	CHECK_EQ(c, 4 * MIB);
	check_region(3, 2 * MIB, 3 * MIB, CKBOOT_MEMORY_RESERVED);
	check_region(4, 3 * MIB, 4 * MIB, CKBOOT_MEMORY_USABLE);
	check_region(5, 4 * MIB, 6 * MIB, CKBOOT_MEMORY_KERNEL);
	check_region(6, 6 * MIB, 64 * MIB, CKBOOT_MEMORY_USABLE);
	/* An unaligned size is rounded up to whole pages.  */
	a = memmap_alloc(&m, 10, PAGE_SIZE, LOADER_ADDRESSABLE,
			 CKBOOT_MEMORY_BOOT_INFO);
	CHECK_EQ(a, 1 * MIB + 0x4000);
	check_region(2, 1 * MIB + 0x4000, 1 * MIB + 0x5000,
		     CKBOOT_MEMORY_BOOT_INFO);

	unit_case("alloc: the limit is respected");
	CHECK_EQ(memmap_try_alloc(&m, 60 * MIB, PAGE_SIZE, 32 * MIB,
				  CKBOOT_MEMORY_KERNEL),
		 MEMMAP_NONE);
	a = memmap_try_alloc(&m, 20 * MIB, PAGE_SIZE, 32 * MIB,
			     CKBOOT_MEMORY_KERNEL);
	CHECK_EQ(a, 6 * MIB);

	unit_case("alloc: out of memory panics with the size");
	EXPECT_PANIC("out of memory: need 131072 KiB",
		     memmap_alloc(&m, 128 * MIB, PAGE_SIZE, LOADER_ADDRESSABLE,
				  CKBOOT_MEMORY_KERNEL));
	unit_case("alloc: out of memory after modules says what they took");
	CHECK(memmap_try_alloc(&m, 8 * MIB, PAGE_SIZE, LOADER_ADDRESSABLE,
			       CKBOOT_MEMORY_MODULE) != MEMMAP_NONE);
	EXPECT_PANIC("need 131072 KiB for the kernel between 1 MiB and 4096 "
		     "MiB, with 8192 KiB taken by the modules",
		     memmap_alloc(&m, 128 * MIB, PAGE_SIZE, LOADER_ADDRESSABLE,
				  CKBOOT_MEMORY_KERNEL));
	unit_case("alloc: memory below 1 MiB is never handed out");
	reset();
	memmap_add(&m, 0x1000, 0x9f000, CKBOOT_MEMORY_USABLE, 0);
	EXPECT_PANIC("out of memory: need 4 KiB",
		     memmap_alloc(&m, PAGE_SIZE, PAGE_SIZE, LOADER_ADDRESSABLE,
				  CKBOOT_MEMORY_PAGE_TABLE));
}

static void test_alloc_deterministic(void)
{
	uint64_t first[8], i;
	int round;

	unit_case("alloc: same map, same answers");
	for (round = 0; round < 2; round++) {
		reset();
		memmap_add(&m, 5 * MIB, 9 * MIB, CKBOOT_MEMORY_USABLE, 0);
		memmap_add(&m, 1 * MIB, 4 * MIB, CKBOOT_MEMORY_USABLE, 0);
		memmap_add(&m, 2 * MIB, 2 * MIB + 1, CKBOOT_MEMORY_RESERVED, 0);
		for (i = 0; i < 8; i++) {
			uint64_t a = memmap_alloc(&m, (i + 1) * 0x10000,
						  PAGE_SIZE, LOADER_ADDRESSABLE,
						  CKBOOT_MEMORY_KERNEL + i % 3);
			if (!round)
				first[i] = a;
			else
				CHECK_EQ(a, first[i]);
		}
	}
}

static void test_mark(void)
{
	unit_case("mark: splits, retypes and merges");
	reset();
	memmap_add(&m, 0, 0x9f000, CKBOOT_MEMORY_USABLE, 0);
	memmap_add(&m, 1 * MIB, 16 * MIB, CKBOOT_MEMORY_USABLE, 0);
	memmap_normalize(&m);
	memmap_mark(&m, 0x8000, 0x78000, CKBOOT_MEMORY_BOOTLOADER);
	CHECK_EQ(m.count, 4);
	check_region(0, 0, 0x8000, CKBOOT_MEMORY_USABLE);
	check_region(1, 0x8000, 0x78000, CKBOOT_MEMORY_BOOTLOADER);
	check_region(2, 0x78000, 0x9f000, CKBOOT_MEMORY_USABLE);
	/* Across a hole: the hole is covered too.  */
	memmap_mark(&m, 0x90000, 2 * MIB, CKBOOT_MEMORY_BOOTLOADER);
	CHECK_EQ(m.count, 5);
	check_region(2, 0x78000, 0x90000, CKBOOT_MEMORY_USABLE);
	check_region(3, 0x90000, 2 * MIB, CKBOOT_MEMORY_BOOTLOADER);
	check_region(4, 2 * MIB, 16 * MIB, CKBOOT_MEMORY_USABLE);
	/* Filling the gap merges both neighbours into one region.  */
	memmap_mark(&m, 0x78000, 0x90000, CKBOOT_MEMORY_BOOTLOADER);
	CHECK_EQ(m.count, 3);
	check_region(1, 0x8000, 2 * MIB, CKBOOT_MEMORY_BOOTLOADER);
	check_region(2, 2 * MIB, 16 * MIB, CKBOOT_MEMORY_USABLE);
	/* Unaligned bounds widen to the pages they touch.  */
	memmap_mark(&m, 2 * MIB + 0x10, 2 * MIB + 0x1010, CKBOOT_MEMORY_KERNEL);
	check_region(2, 2 * MIB, 2 * MIB + 0x2000, CKBOOT_MEMORY_KERNEL);
}

static void test_capacity(void)
{
	uint32_t i;

	unit_case("capacity: more than MEMMAP_MAX regions panics clearly");
	reset();
	for (i = 0; i < MEMMAP_MAX; i++)
		memmap_add(&m, i * 2 * PAGE_SIZE, i * 2 * PAGE_SIZE + PAGE_SIZE,
			   CKBOOT_MEMORY_USABLE, 0);
	memmap_normalize(&m);
	CHECK_EQ(m.count, MEMMAP_MAX);
	EXPECT_PANIC("memory map full",
		     memmap_add(&m, 1ULL << 40, (1ULL << 40) + PAGE_SIZE,
				CKBOOT_MEMORY_RESERVED, 0));
	EXPECT_PANIC("memory map full", memmap_mark(&m, 0x1800000, 0x1801000,
						    CKBOOT_MEMORY_KERNEL));
}

int main(void)
{
	test_pc_map();
	test_priorities();
	test_merge_and_drop();
	test_alloc();
	test_alloc_deterministic();
	test_mark();
	test_capacity();
	return unit_status();
}
