/* pagetable.h: x86-64 page-table entry bits and page sizes (SDM vol.
   3A, "4-Level Paging"), for the kernel's tables (paging.c, place.c,
   elf.c, through boot.h) and for entry.S's identity map.  Plain
   numbers, which gas takes and C gives an unsigned 64-bit type where
   the value needs one (PTE_NX).  */

#ifndef STAGE_PAGETABLE_H
#define STAGE_PAGETABLE_H

#define PTE_P 0x1 /* present */
#define PTE_W 0x2 /* writable */
#define PTE_PS 0x80 /* a large page, at levels 2 and 3 */
#define PTE_NX 0x8000000000000000 /* no-execute */
#define PT_ENTRIES 512 /* in each table */
#define LARGE_2M 0x200000
#define LARGE_1G 0x40000000

#endif
