/* Unit tests for stage/paging.c on host memory: mappings of each size
   are found again by paging_lookup(), permissions land in the last
   level, conflicts panic, and the recursive entry reaches the level-4
   table.  */

#include <string.h>

#include "boot.h"
#include "elfimg.h"
#include "unit.h"

#define MIB 0x100000ULL
#define GIB 0x40000000ULL

int main(void)
{
	struct boot_state *bs = elfimg_boot_state(0, 0, 16, 1, 1);
	struct paging *pg = &bs->pg;
	uint64_t e, *l4;

	paging_init(pg, &bs->map, 1);
	CHECK_EQ(elfimg_type(&bs->map, pg->pml4), CKBOOT_MEMORY_PAGE_TABLE);
	CHECK_EQ(*(uint64_t *)(uintptr_t)pg->pml4, 0);

	unit_case("paging: 4 KiB pages");
	paging_map(pg, 0xffffffff80000000ULL, 0x5000000, 0x3000, PTE_W);
	CHECK_EQ(paging_lookup(pg, 0xffffffff80000000ULL), 0x5000000);
	CHECK_EQ(paging_lookup(pg, 0xffffffff80002abcULL), 0x5002abc);
	CHECK_EQ(paging_lookup(pg, 0xffffffff80003000ULL), ~0ULL);
	CHECK_EQ(paging_lookup(pg, 0xffffffff7ffff000ULL), ~0ULL);
	e = elfimg_pte(pg, 0xffffffff80001000ULL);
	CHECK((e & PTE_P) && (e & PTE_W) && !(e & PTE_NX) && !(e & PTE_PS));
	CHECK(!(e & 4)); /* never user-accessible */

	unit_case("paging: a page mapped twice to its frame merges rights");
	paging_map(pg, 0x400000, 0x6000000, 0x1000, PTE_NX);
	e = elfimg_pte(pg, 0x400000);
	CHECK(!(e & PTE_W) && (e & PTE_NX));
	paging_map(pg, 0x400000, 0x6000000, 0x1000, PTE_W | PTE_NX);
	e = elfimg_pte(pg, 0x400000);
	CHECK((e & PTE_W) && (e & PTE_NX));
	paging_map(pg, 0x400000, 0x6000000, 0x1000, 0);
	e = elfimg_pte(pg, 0x400000);
	CHECK((e & PTE_W) && !(e & PTE_NX));

	unit_case("paging: conflicts and bad requests panic");
	EXPECT_PANIC("already mapped to 0x6000000",
		     paging_map(pg, 0x400000, 0x7000000, 0x1000, 0));
	EXPECT_PANIC("not aligned",
		     paging_map(pg, 0x500800, 0x7000000, 0x1000, 0));
	EXPECT_PANIC("not canonical", paging_map(pg, 0x0000800000000000ULL,
						 0x7000000, 0x1000, 0));
	EXPECT_PANIC("not canonical", paging_map(pg, 0x00007fffffffe000ULL,
						 0x7000000, 0x3000, 0));

	unit_case("paging: 2 MiB and 1 GiB pages");
	paging_map_large(pg, 0xffff800000000000ULL, 0, 4 * GIB, PTE_W | PTE_NX,
			 0);
	CHECK_EQ(paging_lookup(pg, 0xffff800000000400ULL), 0x400);
	CHECK_EQ(paging_lookup(pg, 0xffff8000fedcba98ULL), 0xfedcba98);
	CHECK_EQ(paging_lookup(pg, 0xffff800100000000ULL), ~0ULL);
	e = elfimg_pte(pg, 0xffff800000200000ULL);
	CHECK((e & PTE_PS) && (e & PTE_NX) && (e & PTE_W));
	paging_map_large(pg, 0xffff880000000000ULL, 0, 8 * GIB, PTE_W | PTE_NX,
			 1);
	CHECK_EQ(paging_lookup(pg, 0xffff8801c0001234ULL), 0x1c0001234);
	EXPECT_PANIC(
	    "inside a large page",
	    paging_map(pg, 0xffff880000001000ULL, 0x7000000, 0x1000, 0));
	EXPECT_PANIC(
	    "already mapped",
	    paging_map_large(pg, 0xffff800000200000ULL, 0, 2 * MIB, 0, 0));
	EXPECT_PANIC("not aligned", paging_map_large(pg, 0xffff900000200000ULL,
						     0, 2 * MIB, 0, 1));

	unit_case("paging: the recursive entry");
	paging_recursive(pg, 510);
	l4 = (uint64_t *)(uintptr_t)pg->pml4;
	CHECK_EQ(l4[510] & 0x000ffffffffff000ULL, pg->pml4);
	CHECK((l4[510] & PTE_W) && (l4[510] & PTE_NX));
	CHECK_EQ(paging_lookup(pg, 0xffffff7fbfdfe000ULL), pg->pml4);
	EXPECT_PANIC("level-4 entry 511 is in use", paging_recursive(pg, 511));

	return unit_status();
}
